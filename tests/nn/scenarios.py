"""Scenario tests: a function ``scenario(T)`` runs the same module-level code with ``T = torchless`` and
``T = torch`` and returns JSON-like data (tensors, strings, numbers, errors); the two results must agree.

Tensors become ``{shape, dtype, values, grad_fn}``; floats compare with a tolerance, everything else exactly.
Torch's results are also recorded under ``tests/golden/nn/<group>.json`` so the comparison runs without torch:
``python -m tests.nn.record``.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.ops.harness import _encode

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "nn"

try:
    import torch as _torch
except ImportError:  # pragma: no cover - depends on the environment
    _torch = None

RTOL, ATOL = 1e-5, 1e-6


def describe(x):
    """A library-independent description of a scenario's result."""
    if hasattr(x, "grad_fn") and hasattr(x, "dtype") and hasattr(x, "detach"):
        arr = x.detach().numpy()
        return {"tensor": {"shape": list(arr.shape), "dtype": str(x.dtype), "values": _encode(arr),
                           "grad_fn": type(x.grad_fn).__name__ if x.grad_fn is not None else None}}
    if isinstance(x, dict):
        return {str(k): describe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [describe(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else {"float": repr(x)}
    if isinstance(x, (np.integer, np.bool_)):
        return x.item()
    if x is None or isinstance(x, (bool, int, str)):
        return x
    return {"repr": repr(x)}


def error(fn: Callable) -> str:
    """``'ExceptionType: message'`` of what ``fn()`` raises (or ``'no error'``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return f"{type(e).__name__}: {e}"
    return "no error"


def warned(fn: Callable) -> list[str]:
    """The messages of the warnings ``fn()`` emits."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        fn()
    return [f"{x.category.__name__}: {x.message}" for x in w]


def set_params(T, module, arrays: dict) -> None:
    """Copy fixed NumPy values into a module's parameters/buffers (so results never depend on init draws)."""
    with T.no_grad():
        for name, value in arrays.items():
            target = module.get_parameter(name) if "." in name or name in module._parameters else \
                module.get_buffer(name)
            target.copy_(T.tensor(np.asarray(value, dtype=np.float32)))


def rand(shape, seed: int = 0, low: float | None = None, high: float | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if low is not None:
        return rng.uniform(low, high, shape).astype(np.float32)
    return rng.standard_normal(shape).astype(np.float32)


def _compare(mine, ref, where: str) -> None:
    if isinstance(ref, dict) and "tensor" in ref:
        assert isinstance(mine, dict) and "tensor" in mine, f"{where}: expected a tensor, got {mine!r}"
        m, r = mine["tensor"], ref["tensor"]
        for key in ("shape", "dtype", "grad_fn"):
            assert m[key] == r[key], f"{where}: {key} {m[key]} != torch {r[key]}"
        mv = np.array([float(v) if isinstance(v, str) else v for v in m["values"]], dtype=np.float64)
        rv = np.array([float(v) if isinstance(v, str) else v for v in r["values"]], dtype=np.float64)
        np.testing.assert_allclose(mv, rv, rtol=RTOL, atol=ATOL, err_msg=where)
    elif isinstance(ref, dict):
        assert isinstance(mine, dict), f"{where}: expected a dict, got {mine!r}"
        assert sorted(mine) == sorted(ref), f"{where}: keys {sorted(mine)} != torch {sorted(ref)}"
        for k in ref:
            _compare(mine[k], ref[k], f"{where}.{k}")
    elif isinstance(ref, list):
        assert isinstance(mine, list) and len(mine) == len(ref), f"{where}: {mine!r} != torch {ref!r}"
        for i, (a, b) in enumerate(zip(mine, ref)):
            _compare(a, b, f"{where}[{i}]")
    elif isinstance(ref, float) and not isinstance(mine, bool):
        assert isinstance(mine, (int, float)), f"{where}: {mine!r} != torch {ref!r}"
        np.testing.assert_allclose(mine, ref, rtol=RTOL, atol=ATOL, err_msg=where)
    else:
        assert mine == ref, f"{where}: {mine!r} != torch {ref!r}"


def run(T, fn: Callable):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scenarios check the warnings they mean to with ``warned``
        return json.loads(json.dumps(describe(fn(T))))


def golden_path(group: str) -> Path:
    return GOLDEN_DIR / f"{group}.json"


def record(group: str, scenarios: dict) -> None:
    import torch

    data = {name: run(torch, fn) for name, fn in scenarios.items()}
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    golden_path(group).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")


def make_scenario_tests(group: str, scenarios: dict, skip_reason: str | None = None) -> dict:
    """One test per scenario: torchless's result equals torch's (live when installed, and the golden record)."""
    path = golden_path(group)
    golden = json.loads(path.read_text()) if path.exists() else {}

    @pytest.mark.parametrize("name", list(scenarios))
    def test_scenario(name):
        if skip_reason:
            pytest.skip(skip_reason)
        import torchless

        mine = run(torchless, scenarios[name])
        if name in golden:
            _compare(mine, golden[name], name)
        if _torch is not None:
            _compare(mine, run(_torch, scenarios[name]), name)
        elif name not in golden:
            pytest.fail(f"no golden record for {name}: run `python -m tests.nn.record` with torch installed")

    return {f"test_{group}": test_scenario}
