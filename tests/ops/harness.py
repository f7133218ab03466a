"""Op tests generated from tables: every case runs the same code under torchless and torch.

A case is a function ``fn(T, *tensors)`` where ``T`` is the library module (``torchless`` or ``torch``), plus
input specs. From each case the harness generates:

- ``test_<family>_matches_torch[id]``: value, dtype, shape, ``grad_fn`` name and input gradients equal torch's
  (live torch when installed, else the golden file recorded from torch 2.13);
- ``test_<family>_gradcheck[id]`` and ``..._gradgradcheck[id]``: float64 finite-difference checks.

Record golden files with ``python -m tests.ops.record`` under an environment that has torch 2.13.

Input specs: a shape tuple gives a random float tensor (``domain`` picks its values); ``Long(shape, high)`` an
int64 tensor in ``[0, high)``; ``Bool(shape)`` a random mask; ``Const(value)`` passes ``value`` through as is
(numbers, dims, lists); ``Arr(array)`` a fixed tensor.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "ops"

try:  # torch is optional: the golden files stand in for it
    import torch as _torch
except ImportError:  # pragma: no cover - depends on the environment
    _torch = None


@dataclass(frozen=True)
class Long:
    shape: tuple
    high: int


@dataclass(frozen=True)
class Bool:
    shape: tuple


@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class Arr:
    value: Any
    dtype: str = "float64"


DOMAINS = {
    "real": lambda r, s: r.standard_normal(s),
    "positive": lambda r, s: r.uniform(0.5, 2.0, s),
    "unit": lambda r, s: r.uniform(-0.9, 0.9, s),          # inside (-1, 1): asin, atanh
    "prob": lambda r, s: r.uniform(0.05, 0.95, s),         # inside (0, 1): logit, BCE
    "nonzero": lambda r, s: r.choice([-1, 1], s) * r.uniform(0.5, 2.0, s),
    "distinct": lambda r, s: (r.permutation(int(np.prod(s))).reshape(s) + r.uniform(0.1, 0.3, s)) / 2,  # no ties
}


@dataclass
class OpCase:
    """One op on one set of inputs. ``id`` must be unique within a family."""

    id: str
    fn: Callable
    inputs: list
    domain: str = "real"
    grad: bool = True          # compare gradients and run gradcheck
    gradgrad: bool = True      # run gradgradcheck
    dtype: str = "float32"     # dtype of float inputs for the torch comparison
    atol: float = 1e-5
    rtol: float = 1.3e-6
    seed: int | None = None
    grad_inputs: tuple | None = None  # indices of float inputs that require grad (default: all)
    extra: dict = field(default_factory=dict)  # {"gradcheck": False}: compare with torch only (ties, nan, inf)


def _arrays(case: OpCase, dtype: str) -> list:
    rng = np.random.default_rng(case.seed if case.seed is not None else zlib.crc32(case.id.encode()))
    out = []
    for spec in case.inputs:
        if isinstance(spec, tuple):
            out.append(DOMAINS[case.domain](rng, spec).astype(dtype))
        elif isinstance(spec, Long):
            out.append(rng.integers(0, spec.high, spec.shape).astype(np.int64))
        elif isinstance(spec, Bool):
            out.append(rng.random(spec.shape) < 0.5)
        elif isinstance(spec, Arr):
            out.append(np.asarray(spec.value, dtype=spec.dtype if spec.dtype != "float" else dtype))
        else:
            out.append(spec)
    return out


def _to_lib(T, arrays: list, case: OpCase) -> tuple[list, list]:
    """Tensors of library ``T``; float tensors require grad (unless excluded)."""
    args, wrt = [], []
    float_idx = 0
    for a in arrays:
        if isinstance(a, Const):
            args.append(a.value)
            continue
        if isinstance(a, np.ndarray):
            t = T.tensor(a)
            if a.dtype.kind == "f":
                if case.grad and (case.grad_inputs is None or float_idx in case.grad_inputs):
                    t.requires_grad_(True)
                    wrt.append(t)
                float_idx += 1
            args.append(t)
        else:
            args.append(a)
    return args, wrt


def _first_tensor(out):
    if isinstance(out, (tuple, list)):
        return out[0]
    return out


def _describe(T, out) -> dict:
    """What a result looks like, library-independently (lists of floats, names)."""
    if isinstance(out, (tuple, list)):
        return {"tuple": [_describe(T, o) for o in out]}
    if not hasattr(out, "dtype"):
        return {"python": out if not isinstance(out, float) or np.isfinite(out) else repr(out)}
    arr = out.detach().numpy() if hasattr(out, "detach") else np.asarray(out)
    return {
        "shape": list(arr.shape),
        "dtype": str(out.dtype),
        "values": _encode(arr),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None,
    }


def _encode(arr: np.ndarray):
    a = np.asarray(arr)
    if a.dtype.kind == "f":
        return [x if np.isfinite(x) else repr(float(x)) for x in a.astype(np.float64).reshape(-1).tolist()]
    return a.reshape(-1).tolist()


def _decode(values) -> np.ndarray:
    return np.array([float(v) if isinstance(v, str) else v for v in values])


def run_case(T, case: OpCase) -> dict:
    """Run a case under library ``T``; the upstream gradient is fixed, so gradients are comparable."""
    arrays = _arrays(case, case.dtype)
    args, wrt = _to_lib(T, arrays, case)
    out = case.fn(T, *args)
    result = {"out": _describe(T, out)}
    first = _first_tensor(out)
    if case.grad and wrt and getattr(first, "requires_grad", False):
        rng = np.random.default_rng(1)
        w = T.tensor(rng.standard_normal(tuple(first.shape)).astype(case.dtype))
        grads = T.autograd.grad((first * w).sum(), wrt, allow_unused=True)
        result["grads"] = [None if g is None else _encode(g.numpy(force=True)) for g in grads]
    return result


def _compare(mine, ref, case: OpCase, where: str) -> None:
    if "tuple" in ref:
        assert "tuple" in mine, f"{where}: expected a tuple result"
        assert len(mine["tuple"]) == len(ref["tuple"]), f"{where}: tuple length"
        for i, (m, r) in enumerate(zip(mine["tuple"], ref["tuple"])):
            _compare(m, r, case, f"{where}[{i}]")
        return
    if "python" in ref:
        assert mine.get("python") == ref["python"], f"{where}: {mine} != {ref}"
        return
    assert mine["shape"] == ref["shape"], f"{where}: shape {mine['shape']} != torch {ref['shape']}"
    assert mine["dtype"] == ref["dtype"], f"{where}: dtype {mine['dtype']} != torch {ref['dtype']}"
    assert mine["grad_fn"] == ref["grad_fn"], f"{where}: grad_fn {mine['grad_fn']} != torch {ref['grad_fn']}"
    np.testing.assert_allclose(_decode(mine["values"]), _decode(ref["values"]), rtol=case.rtol, atol=case.atol,
                               err_msg=where)


def compare_results(mine: dict, ref: dict, case: OpCase) -> None:
    _compare(mine["out"], ref["out"], case, f"{case.id} output")
    if "grads" in ref:
        assert "grads" in mine, f"{case.id}: torch computes gradients, torchless did not"
        for i, (m, r) in enumerate(zip(mine["grads"], ref["grads"])):
            assert (m is None) == (r is None), f"{case.id}: gradient {i} presence differs from torch"
            if r is not None:
                np.testing.assert_allclose(_decode(m), _decode(r), rtol=max(case.rtol, 1e-5),
                                           atol=max(case.atol, 1e-5), err_msg=f"{case.id} grad {i}")


def golden_path(family: str) -> Path:
    return GOLDEN_DIR / f"{family}.json"


def load_golden(family: str) -> dict:
    path = golden_path(family)
    return json.loads(path.read_text()) if path.exists() else {}


def record(family: str, cases: list) -> None:
    """Write torch's results for ``cases`` (run with torch installed)."""
    import torch

    data = {c.id: run_case(torch, c) for c in cases}
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    golden_path(family).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")


def _gradcheck_inputs(T, case: OpCase):
    arrays = _arrays(case, "float64")
    args, wrt = _to_lib(T, arrays, case)
    return args, wrt


def make_tests(family: str, cases: list) -> dict:
    """The three generated tests for a family's cases, to be assigned into the test module's globals."""
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids), f"duplicate case ids in {family}"
    golden = load_golden(family)

    @pytest.mark.parametrize("case", cases, ids=ids)
    def test_matches_torch(case):
        import torchless

        mine = run_case(torchless, case)
        if case.id in golden:
            compare_results(mine, golden[case.id], case)
        if _torch is not None and not case.extra.get("golden_only"):
            compare_results(mine, run_case(_torch, case), case)
        elif case.id not in golden:
            pytest.fail(f"no golden record for {case.id}: run `python -m tests.ops.record` with torch installed")

    grad_cases = [c for c in cases if c.grad and c.extra.get("gradcheck", True)]

    @pytest.mark.parametrize("case", grad_cases, ids=[c.id for c in grad_cases])
    def test_gradcheck(case):
        import torchless

        args, wrt = _gradcheck_inputs(torchless, case)
        if not wrt:
            pytest.skip("no differentiable input")
        assert torchless.autograd.gradcheck(lambda *a: _first_tensor(case.fn(torchless, *a)), args)

    gg_cases = [c for c in grad_cases if c.gradgrad]

    @pytest.mark.parametrize("case", gg_cases, ids=[c.id for c in gg_cases])
    def test_gradgradcheck(case):
        import torchless

        args, wrt = _gradcheck_inputs(torchless, case)
        if not wrt:
            pytest.skip("no differentiable input")
        assert torchless.autograd.gradgradcheck(lambda *a: _first_tensor(case.fn(torchless, *a)), args)

    return {f"test_{family}_matches_torch": test_matches_torch,
            f"test_{family}_gradcheck": test_gradcheck,
            f"test_{family}_gradgradcheck": test_gradgradcheck}
