"""torchless._printing.format_tensor against torch's recorded (and, when available, live) tensor repr."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from torchless import _dtype
from torchless._printing import format_tensor, get_printoptions, printoptions, set_printoptions

_GOLDEN_DIR = Path(__file__).parent / "golden"
_spec = importlib.util.spec_from_file_location("record_printing", _GOLDEN_DIR / "record_printing.py")
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)

GOLDEN = json.loads((_GOLDEN_DIR / "printing.json").read_text())["cases"]
DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


@pytest.fixture(autouse=True)
def _restore_options():
    """Every test starts and ends with default print options and float32 as the default dtype."""
    set_printoptions(profile="default")
    _dtype.set_default_dtype(_dtype.float32)
    yield
    set_printoptions(profile="default")
    _dtype.set_default_dtype(_dtype.float32)


def ours(recipe: dict, arr: np.ndarray) -> str:
    """format_tensor under the recipe's options, as torchless's Tensor.__repr__ would call it."""
    if recipe.get("default_dtype"):
        _dtype.set_default_dtype(_dtype.to_dtype(recipe["default_dtype"]))
    set_printoptions(**recipe.get("options", {}))
    grad = recipe.get("grad")
    prefix = record.PREFIXES.get(grad, "tensor(")
    return format_tensor(arr, _dtype.from_numpy_dtype(arr.dtype), record.GRAD_SUFFIXES[grad], prefix=prefix)


def test_golden_matches_case_list():
    """printing.json was recorded from the current case list (re-run record_printing.py after editing it)."""
    recorded = [{k: v for k, v in c.items() if k != "expected"} for c in GOLDEN]
    assert recorded == json.loads(json.dumps(record.CASES))


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden(case):
    assert ours(case, record.build_array(case)) == case["expected"]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_live_torch(case):
    pytest.importorskip("torch")
    arr = record.build_array(case)
    expected = record.torch_repr(case, arr)
    assert ours(case, arr) == expected


# ---------------------------------------------------------------------------------------------------------------
# printoptions API


def test_default_options():
    assert get_printoptions() == DEFAULTS


def test_profiles():
    set_printoptions(profile="full")
    assert get_printoptions() == {**DEFAULTS, "threshold": math.inf}
    set_printoptions(profile="short")
    assert get_printoptions() == {**DEFAULTS, "precision": 2, "edgeitems": 2}
    set_printoptions(profile="default")
    assert get_printoptions() == DEFAULTS


def test_explicit_options_override_profile_and_sci_mode_resets():
    set_printoptions(profile="short", precision=7, linewidth=100, sci_mode=True)
    assert get_printoptions() == {**DEFAULTS, "precision": 7, "edgeitems": 2, "linewidth": 100, "sci_mode": True}
    set_printoptions(threshold=5)  # sci_mode is always assigned, so it falls back to None
    assert get_printoptions() == {**DEFAULTS, "precision": 7, "edgeitems": 2, "linewidth": 100, "threshold": 5}


def test_unknown_profile_is_ignored():
    set_printoptions(precision=3)
    set_printoptions(profile="nonsense")
    assert get_printoptions() == {**DEFAULTS, "precision": 3}


def test_printoptions_context_manager_restores():
    arr = np.array([1.23456], dtype=np.float32)
    with printoptions(precision=2):
        assert format_tensor(arr, _dtype.float32) == "tensor([1.23])"
    assert format_tensor(arr, _dtype.float32) == "tensor([1.2346])"
    assert get_printoptions() == DEFAULTS


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"profile": "full"},
        {"profile": "short"},
        {"profile": "short", "precision": 6, "sci_mode": False},
        {"threshold": 5, "edgeitems": 0, "linewidth": 40},
        {"profile": "bogus", "precision": 1},
    ],
)
def test_options_match_live_torch(kwargs):
    torch = pytest.importorskip("torch")
    try:
        torch.set_printoptions(**kwargs)
        set_printoptions(**kwargs)
        assert get_printoptions() == torch._tensor_str.get_printoptions()
    finally:
        torch.set_printoptions(profile="default")


# ---------------------------------------------------------------------------------------------------------------
# interface details


def test_suffixes_may_be_any_sequence():
    arr = np.array([1.0, 2.0])
    assert format_tensor(arr, _dtype.float64, ("grad_fn=<MulBackward0>",)) == (
        "tensor([1., 2.], dtype=torch.float64, grad_fn=<MulBackward0>)"
    )


def test_prefix_sets_indent():
    arr = np.arange(6, dtype=np.int64).reshape(2, 3) * 1000
    assert format_tensor(arr, _dtype.int64, prefix="Parameter(") == (
        "Parameter([[   0, 1000, 2000],\n           [3000, 4000, 5000]])"
    )


def test_prefix_matches_live_torch_subclass():
    """torch prints a Tensor subclass with its class name as the prefix; wrapping and suffixes follow its length."""
    torch = pytest.importorskip("torch")

    class LongSubclassName(torch.Tensor):
        pass

    arr = np.random.RandomState(0).randn(3, 11) * 100
    t = torch.from_numpy(arr).as_subclass(LongSubclassName)
    assert format_tensor(arr, _dtype.float64, prefix="LongSubclassName(") == repr(t)
