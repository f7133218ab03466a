"""Golden outcomes for the Tensor / creation / dtype / device tests, and the helpers those tests share.

Record (under real torch):  cd /work/main && PYTHONPATH=src /work/venv/bin/python -m tests.golden.record_tensor

A case is ``(id, fn)`` where ``fn(T)`` runs identically with ``T`` = torch or torchless. Its *outcome* is the
JSON encoding of what it returns (tensors bit-exactly: dtype, shape, bytes, requires_grad, grad_fn name), or of
the exception it raises (type and message), plus the warnings it emits. Each test module
``tests/test_<family>.py`` lists ``CASES``; this script writes ``tests/golden/tensor_<family>.json``.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import math
import re
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest

GOLDEN_DIR = Path(__file__).resolve().parent
FAMILIES = ("creation", "tensor", "dtype", "device")

try:  # torch is optional: the golden files stand in for it
    import torch as _torch
except ImportError:  # pragma: no cover - depends on the environment
    _torch = None

_TRIGGERED = re.compile(r" \(Triggered internally at [^\n]*?\)(?=$|\n)")


def normalize(msg: str) -> str:
    """torch's C++ warnings end with the source location that raised them; that part is not compared."""
    return _TRIGGERED.sub("", msg)


def torchless_api():
    """``torchless`` plus the names of the modules this suite covers, until ``torchless/__init__.py`` re-exports
    them (``from ._legacy import *``, ``from . import cuda, backends`` ...)."""
    import torchless
    from torchless import _creation, _device, _dtype, _legacy, backends, cuda

    class API(types.ModuleType):
        def __getattr__(self, name):
            try:
                return getattr(torchless, name)
            except AttributeError:
                pass
            for mod in (_legacy, _dtype, _device, _creation):
                if name in mod.__all__:
                    return getattr(mod, name)
            extra = {"cuda": cuda, "backends": backends}
            if name in extra:
                return extra[name]
            raise AttributeError(f"module 'torchless' has no attribute '{name}'")

    return API("torchless")


# ----------------------------------------------------------------------------------------------------------------
# encoding outcomes


def _is_tensor(v) -> bool:
    return type(v).__name__ in ("Tensor", "Parameter") and hasattr(v, "grad_fn")


def _array_record(arr: np.ndarray) -> dict:
    arr = np.ascontiguousarray(arr)
    raw = arr.tobytes()
    rec = {"shape": list(arr.shape)}
    if arr.size > 64:
        rec["sha256"] = hashlib.sha256(raw).hexdigest()
    else:
        rec["hex"] = raw.hex()
    return rec


def encode(v):
    """A JSON value that equals another's exactly when the two results are the same (bit for bit)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": "nan" if math.isnan(v) else v.hex()}
    if _is_tensor(v):
        arr = v.detach().numpy()
        fn = v.grad_fn
        rec = {"dtype": repr(v.dtype), "requires_grad": v.requires_grad,
               "grad_fn": None if fn is None else type(fn).__name__, **_array_record(arr)}
        return {"tensor": rec}
    if isinstance(v, np.ndarray):
        return {"ndarray": {"dtype": str(v.dtype), **_array_record(v)}}
    if isinstance(v, np.generic):
        return {"np": str(v.dtype), "value": encode(v.item())}
    tname = type(v).__name__
    if tname == "Size":
        return {"size": [int(s) for s in v]}
    if tname in ("dtype", "device", "finfo", "iinfo"):
        return {tname: repr(v)}
    if isinstance(v, list):
        return {"list": [encode(x) for x in v]}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": {str(k): encode(x) for k, x in v.items()}}
    if isinstance(v, type):
        return {"type": repr(v)}
    return {"repr": repr(v)}


def outcome(fn, T) -> dict:
    """Run ``fn(T)``: its encoded result or exception, and the warnings it emitted."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rec = {"result": encode(fn(T))}
        except Exception as e:  # noqa: BLE001 - the exception is the outcome
            rec = {"error": type(e).__name__, "message": normalize(str(e))}
    warned = [{"category": w.category.__name__, "message": normalize(str(w.message))} for w in caught
              if not issubclass(w.category, (DeprecationWarning, ResourceWarning))]
    if warned:
        rec["warnings"] = warned
    return rec


def assert_same(mine: dict, expected: dict) -> None:
    """Fail with a readable diff of the two outcomes (torchless's first, torch's second)."""
    if mine != expected:
        a = json.dumps(mine, indent=1, sort_keys=True).splitlines()
        b = json.dumps(expected, indent=1, sort_keys=True).splitlines()
        diff = "\n".join(difflib.unified_diff(a, b, "torchless", "torch", lineterm="", n=2))
        raise AssertionError(f"outcome differs from torch's:\n{diff}")


def golden_path(family: str) -> Path:
    return GOLDEN_DIR / f"tensor_{family}.json"


def load_golden(family: str) -> dict:
    path = golden_path(family)
    if not path.exists():
        return {}
    return json.loads(path.read_text())["cases"]


def make_tests(family: str, cases: list) -> dict:
    """The golden and live-torch tests for a family's cases, to be assigned into the test module's globals."""
    ids = [c[0] for c in cases]
    assert len(set(ids)) == len(ids), f"duplicate case ids in {family}: {[i for i in ids if ids.count(i) > 1]}"
    golden = load_golden(family)

    @pytest.mark.parametrize("case", cases, ids=ids)
    def test_matches_golden(case):
        cid, fn = case
        if cid not in golden:
            pytest.fail(f"no golden record for {cid}: run `python -m tests.golden.record_tensor` with torch")
        assert_same(outcome(fn, torchless_api()), golden[cid])

    @pytest.mark.parametrize("case", cases, ids=ids)
    def test_matches_live_torch(case):
        if _torch is None:
            pytest.skip("torch is not installed")
        _, fn = case
        assert_same(outcome(fn, torchless_api()), outcome(fn, _torch))

    def test_golden_has_every_case():
        assert sorted(golden) == sorted(ids), "re-run `python -m tests.golden.record_tensor` after editing cases"

    return {f"test_{family}_matches_golden": test_matches_golden,
            f"test_{family}_matches_live_torch": test_matches_live_torch,
            f"test_{family}_golden_has_every_case": test_golden_has_every_case}


def with_default(T, name: str, fn):
    """Run ``fn()`` with ``T``'s default dtype set to ``T.<name>``, restoring float32 after."""
    T.set_default_dtype(getattr(T, name))
    try:
        return fn()
    finally:
        T.set_default_dtype(T.float32)


def main(argv: list[str]) -> None:
    if _torch is None:
        raise SystemExit("recording needs torch")
    for family in argv or FAMILIES:
        module = importlib.import_module(f"tests.test_{family}")
        records = {cid: outcome(fn, _torch) for cid, fn in module.CASES}
        payload = {"torch_version": _torch.__version__, "cases": records}
        golden_path(family).write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n")
        print(f"recorded {len(records)} cases for {family}")


if __name__ == "__main__":
    main(sys.argv[1:])
