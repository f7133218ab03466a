"""Autograd scenarios: the same code runs under torchless and torch; results must agree.

A scenario is a function ``fn(T)`` (``T`` is the ``torchless`` or ``torch`` module) returning any nesting of
tensors, numbers, strings, None, tuples, lists and dicts; an exception it raises is part of its result (type and
exact message). Each test module defines ``TOPIC`` and ``SCENARIOS`` (name -> fn) and calls ``make_tests``,
which generates:

- ``test_matches_golden[name]``: torchless's result equals the one recorded from torch 2.13 in
  ``tests/golden/autograd/<topic>.json`` (runs without torch);
- ``test_matches_torch[name]``: torchless's result equals live torch's (skipped without torch).

Record golden files with ``python -m tests.autograd.record`` in an environment that has torch 2.13.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "autograd"

try:  # torch is optional: the golden files stand in for it
    import torch as _torch
except ImportError:  # pragma: no cover - depends on the environment
    _torch = None


def scenarios() -> tuple[dict, callable]:
    """A fresh registry and its decorator: ``@scenario`` registers a function under its name."""
    registry: dict = {}

    def scenario(fn):
        registry[fn.__name__] = fn
        return fn

    return registry, scenario


def _float(x: float):
    return x if math.isfinite(x) else repr(x)  # JSON has no nan / inf


def encode(x):
    """A JSON-able description of a scenario's result (the same for equal torch and torchless results)."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return {"int": x}
    if isinstance(x, float):
        return {"float": _float(x)}
    if hasattr(x, "_data") or (_torch is not None and isinstance(x, _torch.Tensor)):
        arr = np.asarray(x.detach().cpu().numpy() if not hasattr(x, "_data") else x._data)
        values = arr.astype(np.float64) if arr.dtype.kind in "fc" else arr
        fn = x.grad_fn
        return {"tensor": np.vectorize(_float, otypes=[object])(values).tolist() if arr.dtype.kind == "f"
                else values.tolist(),
                "dtype": str(x.dtype), "shape": list(x.shape), "requires_grad": bool(x.requires_grad),
                "grad_fn": None if fn is None else type(fn).__name__}
    if isinstance(x, tuple):
        return {"tuple": [encode(e) for e in x]}
    if isinstance(x, list):
        return [encode(e) for e in x]
    if isinstance(x, dict):
        return {"dict": {str(k): encode(v) for k, v in x.items()}}
    if type(x).__name__ == "dtype":
        return {"dtype": str(x)}
    if isinstance(x, BaseException):
        return {"error": type(x).__name__, "message": str(x)}
    return {"repr": type(x).__name__}


def run(fn, T):
    """The encoded result of ``fn(T)``, or of the exception it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return encode(fn(T))
        except Exception as e:  # noqa: BLE001 - the error is the result
            return encode(e)


def assert_same(got, want, path: str = "result", rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """``got`` equals ``want`` (floats within tolerance, everything else exactly)."""
    if isinstance(want, dict) and "tensor" in want:
        assert isinstance(got, dict) and "tensor" in got, f"{path}: expected a tensor, got {got}"
        for key in ("dtype", "shape", "requires_grad", "grad_fn"):
            assert got[key] == want[key], f"{path}.{key}: {got[key]!r} != {want[key]!r}"
        a, b = np.array(got["tensor"], dtype=object), np.array(want["tensor"], dtype=object)
        if want["dtype"].startswith("torch.float"):
            a, b = (np.array(v.tolist() if v.ndim else v.item(), dtype=np.float64) for v in (a, b))
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        else:
            assert got["tensor"] == want["tensor"], f"{path}: {got['tensor']} != {want['tensor']}"
    elif isinstance(want, dict) and "float" in want:
        assert isinstance(got, dict) and "float" in got, f"{path}: expected a float, got {got}"
        a, b = float(got["float"]), float(want["float"])
        assert a == b or math.isclose(a, b, rel_tol=rtol, abs_tol=atol), f"{path}: {a} != {b}"
    elif isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), f"{path}: {got} != {want}"
        for k in want:
            assert_same(got[k], want[k], f"{path}.{k}", rtol, atol)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{path}[{i}]", rtol, atol)
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def golden_path(topic: str) -> Path:
    return GOLDEN_DIR / f"{topic}.json"


def record(topic: str, cases: dict) -> None:
    """Run every scenario under torch and write the golden file."""
    assert _torch is not None, "recording needs torch"
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    results = {name: run(fn, _torch) for name, fn in cases.items()}
    golden_path(topic).write_text(json.dumps({"torch": _torch.__version__, "results": results}, indent=1) + "\n")


def make_tests(topic: str, cases: dict):
    """The two parametrized tests of a scenario module (assign them to module-level names)."""
    names = list(cases)

    @pytest.mark.parametrize("name", names)
    def test_matches_golden(name):
        import torchless

        golden = json.loads(golden_path(topic).read_text())["results"]
        assert name in golden, f"no golden result for {name}: run python -m tests.autograd.record"
        assert_same(run(cases[name], torchless), golden[name])

    @pytest.mark.parametrize("name", names)
    def test_matches_torch(name):
        if _torch is None:
            pytest.skip("torch is not installed")
        import torchless

        assert_same(run(cases[name], torchless), run(cases[name], _torch))

    return test_matches_golden, test_matches_torch
