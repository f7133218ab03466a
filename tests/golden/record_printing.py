"""Record torch's tensor ``repr`` for the printing test cases into ``printing.json``.

Run under real torch:  /work/venv/bin/python tests/golden/record_printing.py

Each case is a recipe (how to build the NumPy array, its dtype, print options, autograd wrapping) plus torch's
exact ``repr``.  ``build_array`` and ``torch_repr`` are shared with tests/test_printing.py, which loads this file
by path; torch is imported lazily so the test runs without it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN = Path(__file__).with_name("printing.json")

_SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0.0": -0.0}


def _value(v: Any) -> Any:
    return _SPECIAL.get(v, v) if isinstance(v, str) else v


def build_array(recipe: dict) -> np.ndarray:
    """Rebuild a case's NumPy array, deterministically, from its recipe."""
    shape = tuple(recipe["shape"])
    n = math.prod(shape)
    gen = recipe["gen"]
    rs = np.random.RandomState(recipe.get("seed", 0))
    if gen == "values":
        arr = np.array([_value(v) for v in recipe["values"]], dtype=np.float64 if recipe["dtype"] != "bool" else None)
    elif gen == "randn":
        arr = rs.randn(n) * recipe.get("scale", 1.0) + recipe.get("offset", 0.0)
    elif gen == "randint":
        arr = rs.randint(recipe["low"], recipe["high"], size=n, dtype=np.int64)
    elif gen == "randbool":
        arr = rs.rand(n) < 0.5
    elif gen == "logrand":  # random sign * 10**uniform(lo, hi)
        arr = np.where(rs.rand(n) < 0.5, -1.0, 1.0) * 10.0 ** rs.uniform(recipe["lo"], recipe["hi"], size=n)
    elif gen == "arange":
        arr = recipe.get("start", 0) + recipe.get("step", 1) * np.arange(n)
    else:
        raise ValueError(f"unknown generator {gen!r}")
    if recipe.get("round") is not None:
        arr = np.round(arr, recipe["round"])
    arr = arr.reshape(-1).copy()
    for index, v in recipe.get("inject", []):
        arr[index] = _value(v)
    with np.errstate(over="ignore", invalid="ignore"):
        return arr.astype(recipe["dtype"]).reshape(shape)


# autograd wrapping -> the suffixes torchless's Tensor would pass to format_tensor
GRAD_SUFFIXES = {
    None: [],
    "leaf": ["requires_grad=True"],
    "mul": ["grad_fn=<MulBackward0>"],
    "clone": ["grad_fn=<CloneBackward0>"],
    "parameter": ["requires_grad=True"],
}
PREFIXES = {"parameter": "Parameter containing:\ntensor("}


def torch_repr(recipe: dict, arr: np.ndarray) -> str:
    """torch's repr of ``arr`` under the recipe's options, autograd wrapping and default dtype."""
    import torch

    old_default = torch.get_default_dtype()
    try:
        if recipe.get("default_dtype"):
            torch.set_default_dtype(getattr(torch, recipe["default_dtype"]))
        torch.set_printoptions(**recipe.get("options", {}))
        t = torch.from_numpy(arr.copy())
        grad = recipe.get("grad")
        if grad == "leaf":
            t.requires_grad_()
        elif grad == "mul":
            t = t.requires_grad_() * 1
        elif grad == "clone":
            t = t.requires_grad_().clone()
        elif grad == "parameter":
            t = torch.nn.Parameter(t)
        return repr(t)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(old_default)


# ----------------------------------------------------------------------------------------------------------------
# the cases

CASES: list[dict] = []


def case(name: str, gen: str, shape: tuple, dtype: str = "float32", **kw: Any) -> None:
    CASES.append({"name": name, "gen": gen, "shape": list(shape), "dtype": dtype, **kw})


def values(name: str, vals: list, shape: tuple | None = None, dtype: str = "float32", **kw: Any) -> None:
    case(name, "values", shape if shape is not None else (len(vals),), dtype, values=vals, **kw)


def _define_cases() -> None:
    # 0-dim
    for name, v, dt in [
        ("f32", 3.5, "float32"),
        ("f32_third", 1 / 3, "float32"),
        ("f32_tenth", 0.1, "float32"),
        ("zero", 0.0, "float32"),
        ("negzero", "-0.0", "float32"),
        ("nan", "nan", "float32"),
        ("inf", "inf", "float32"),
        ("neginf", "-inf", "float32"),
        ("small", 1e-5, "float32"),
        ("big", 123456789.0, "float32"),
        ("whole", 2.0, "float32"),
        ("neg_whole", -7.0, "float32"),
        ("f64", 2.0, "float64"),
        ("f64_pi", math.pi, "float64"),
        ("f16", 1.5, "float16"),
        ("f16_tenth", 0.1, "float16"),
        ("i64", 7, "int64"),
        ("i32", -3, "int32"),
        ("i8", -128, "int8"),
        ("u8", 200, "uint8"),
        ("bool_true", True, "bool"),
        ("bool_false", False, "bool"),
    ]:
        values(f"scalar_{name}", [v], (), dt)

    # 1-D value rules: int mode, sci switch, specials
    for name, vals in [
        ("ints", [1.0, 2.0, 3.0]),
        ("mixed", [1.5, 2.25, -3.125]),
        ("neg_int", [-1.0, 2.0]),
        ("zeros", [0.0, 0.0]),
        ("nans", ["nan", "nan"]),
        ("zero_nan", [0.0, "nan"]),
        ("int_specials", [1.0, "nan", "inf", "-inf"]),
        ("frac_specials", [1.5, "nan", "-inf"]),
        ("negzero_one", ["-0.0", 1.0]),
        ("negzero_zero", ["-0.0", 0.0]),
        ("negzero", ["-0.0"]),
        ("negzero_frac", ["-0.0", 1.5]),
        ("negzero_sci", ["-0.0", 1e-6, 2.0]),
        ("sci_small", [1e-5, 1.0]),
        ("sci_big", [1e9]),
        ("ratio_1000", [1.0, 1000.0]),
        ("ratio_1001", [1.0, 1001.0]),
        ("exactly_1e8", [1e8]),
        ("above_1e8", [1.0001e8]),
        ("exactly_1e-4", [1e-4, 2e-4]),
        ("below_1e-4", [9.9e-5]),
        ("round_up", [0.99999]),
        ("round_width", [9.99996, 1.0]),
        ("round_width_neg", [-9.99996, 1.0]),
        ("int_sci", [1.0, 1e5]),
        ("int_sci_neg", [-1.0, 1e5, 0.0]),
        ("sci_specials", [1e-7, "nan", "inf", "-inf", 0.0]),
        ("inf_only", ["inf", "-inf"]),
        ("big_ints", [123456.0, 7.0]),
        ("hundreds", [100.0, 250.5, -999.9]),
        ("tiny_frac", [0.00012345, 0.5]),
    ]:
        values(f"vec_{name}", vals)
    values("vec_f64_extremes", [1e-300, 1e300], dtype="float64")
    values("vec_f64_subnormal", [1e-320, 1.0], dtype="float64")
    values("vec_f64_range", [1e308, -1e-308, 3.0], dtype="float64")
    values("vec_f64_prec", [1.0 / 3, 2.0 / 3], dtype="float64")
    values("vec_f16_limits", [65504.0, -65504.0, 6e-8, 1.0], dtype="float16")
    values("vec_f16_overflow", [1e5, 1.0, -1e6], dtype="float16")
    values("vec_f16_ints", [1.0, 2.0, 2048.0], dtype="float16")
    values("vec_bool", [True, False], dtype="bool")
    values("vec_bool_true", [True, True], dtype="bool")
    values("vec_u8", [0, 255, 7], dtype="uint8")
    values("vec_i64_neg", [-1, 10, -100], dtype="int64")

    # random 1-D, incl. lines long enough to wrap
    for n in (1, 5, 8, 9, 10, 11, 20, 37, 100):
        case(f"randn_{n}", "randn", (n,), seed=n)
    case("randn_50_e5", "randn", (50,), seed=1, scale=1e5)
    case("randn_50_e-6", "randn", (50,), seed=2, scale=1e-6)
    case("randn_37_e2", "randn", (37,), seed=3, scale=100.0)
    case("randn_30_f64", "randn", (30,), "float64", seed=4)
    case("randn_30_f16", "randn", (30,), "float16", seed=5)
    case("randn_40_f16_big", "randn", (40,), "float16", seed=6, scale=3e4)
    case("logrand_40", "logrand", (40,), seed=7, lo=-8, hi=8)
    case("logrand_40_f64", "logrand", (40,), "float64", seed=8, lo=-200, hi=200)
    case("logrand_20_f16", "logrand", (20,), "float16", seed=9, lo=-6, hi=4)
    case("rounded_ints_f32", "randn", (25,), seed=10, scale=1000.0, round=0)
    case("rounded_ints_f64_nan", "randn", (25,), "float64", seed=11, scale=50.0, round=0, inject=[[3, "nan"]])
    case("randn_specials", "randn", (24,), seed=12, inject=[[0, "nan"], [5, "inf"], [9, "-inf"], [11, "-0.0"]])
    case("arange_f32_30", "arange", (30,), start=0.0, step=1.0)
    case("arange_f32_frac", "arange", (30,), start=-3.0, step=0.25)

    # integer dtypes
    case("randint_i64_30", "randint", (30,), "int64", seed=13, low=-1000, high=1000)
    case("randint_i64_huge", "randint", (25,), "int64", seed=14, low=-(10**15), high=10**15)
    case("randint_i8", "randint", (40,), "int8", seed=15, low=-128, high=128)
    case("randint_i16", "randint", (40,), "int16", seed=16, low=-32768, high=32768)
    case("randint_i32", "randint", (40,), "int32", seed=17, low=-(2**31), high=2**31)
    case("randint_u8", "randint", (40,), "uint8", seed=18, low=0, high=256)
    case("randint_u8_small", "randint", (12,), "uint8", seed=19, low=0, high=10)
    case("randbool_30", "randbool", (30,), "bool", seed=20)
    case("randint_i64_2d", "randint", (4, 5), "int64", seed=21, low=-50, high=50)
    case("randint_i32_3d", "randint", (2, 3, 4), "int32", seed=22, low=0, high=1000)
    case("randbool_2d", "randbool", (3, 4), "bool", seed=23)

    # 2-D .. 5-D
    case("randn_1x1", "randn", (1, 1), seed=24)
    case("randn_3x4", "randn", (3, 4), seed=25)
    case("randn_4x30", "randn", (4, 30), seed=26)
    case("randn_10x10_f64", "randn", (10, 10), "float64", seed=27)
    case("randn_5x1", "randn", (5, 1), seed=28)
    case("randn_2x3x4", "randn", (2, 3, 4), seed=29)
    case("randn_2x2x20", "randn", (2, 2, 20), seed=30, scale=10.0)
    case("randn_2x2x2x3", "randn", (2, 2, 2, 3), seed=31)
    case("randn_1x2x1x2x2", "randn", (1, 2, 1, 2, 2), seed=32)
    case("randn_3x1x3_sci", "randn", (3, 1, 3), seed=33, scale=1e-5)
    case("ints_2x3_f32", "arange", (2, 3), start=1.0, step=1.0)
    case("ints_2x2x2_f16", "arange", (2, 2, 2), "float16", start=-4.0, step=1.0)

    # summarised (numel > threshold)
    case("sum_arange_1001", "arange", (1001,), "int64")
    case("sum_randn_2000", "randn", (2000,), seed=34)
    case("sum_randn_40x40", "randn", (40, 40), seed=35)
    case("sum_randn_10x20x30", "randn", (10, 20, 30), seed=36)
    case("sum_randn_3x400", "randn", (3, 400), seed=37)
    case("sum_randn_6x200", "randn", (6, 200), seed=38)
    case("sum_randn_7x200", "randn", (7, 200), seed=39)
    case("sum_bool_1001", "randbool", (1001,), "bool", seed=40)
    case("sum_edge_nan", "randn", (2000,), seed=41, inject=[[0, "nan"], [1999, "-inf"]])
    # the formatter only sees the shown items: a huge middle value must not switch to sci mode
    case("sum_hidden_big", "arange", (1100,), start=0.5, step=1.0, inject=[[550, 1e12]])
    case("sum_hidden_frac", "arange", (1100,), start=0.0, step=1.0, inject=[[550, 0.5]])
    case("sum_i64_hidden", "arange", (1100,), "int64", inject=[[550, -(10**12)]])
    case("sum_f64_2x3x200", "randn", (2, 3, 200), "float64", seed=42)
    case("sum_u8_50x50", "randint", (50, 50), "uint8", seed=43, low=0, high=256)
    case("sum_i16_4x8x40", "randint", (4, 8, 40), "int16", seed=44, low=-500, high=500)

    # empty
    for shape, dt in [
        ((0,), "float32"),
        ((0,), "int64"),
        ((0,), "float64"),
        ((0,), "bool"),
        ((0,), "float16"),
        ((0, 3), "float32"),
        ((2, 0, 3), "int32"),
        ((0, 0), "float32"),
        ((3, 0), "uint8"),
    ]:
        case(f"empty_{'x'.join(map(str, shape))}_{dt}", "randn", shape, dt)
    case("empty_grad", "randn", (0,), grad="leaf")
    case("empty_f64_grad", "randn", (0,), "float64", grad="leaf")
    case("empty_2d_grad", "randn", (0, 4), grad="mul")

    # autograd suffixes and their wrapping
    values("grad_leaf", [1.0, 2.0], grad="leaf")
    values("grad_mul_f64", [1.0, 2.0], dtype="float64", grad="mul")
    values("grad_scalar", [2.5], (), grad="mul")
    values("grad_scalar_f64", [2.5], (), dtype="float64", grad="leaf")
    case("grad_f16", "randn", (3,), "float16", seed=45, grad="clone")
    case("grad_2d", "randn", (3, 4), seed=46, grad="mul")
    case("grad_2d_f64", "randn", (3, 4), "float64", seed=47, grad="clone")
    case("grad_long", "randn", (30,), seed=48, grad="mul")
    case("grad_sum", "randn", (1500,), "float64", seed=49, grad="mul")
    for n in range(5, 12):  # last line lengths around the 80-column limit
        case(f"grad_wrap_{n}", "randn", (n,), "float64", seed=50 + n, scale=1000.0, grad="mul")
        case(f"grad_wrap_leaf_{n}", "randn", (n,), seed=70 + n, scale=1000.0, grad="leaf")
        case(f"dtype_wrap_{n}", "randn", (n,), "float64", seed=90 + n, scale=1000.0)
    case("grad_wrap_2d", "randn", (2, 9), "float64", seed=110, scale=1000.0, grad="mul")
    case("parameter", "randn", (2, 3), seed=111, grad="parameter")
    case("parameter_f64", "randn", (4,), "float64", seed=112, grad="parameter")

    # print options
    case("opt_precision2", "randn", (6,), seed=113, options={"precision": 2})
    case("opt_precision0", "randn", (6,), seed=114, scale=10.0, options={"precision": 0})
    case("opt_precision0_sci", "logrand", (6,), seed=115, lo=-6, hi=6, options={"precision": 0})
    case("opt_precision8_f64", "randn", (12,), "float64", seed=116, options={"precision": 8})
    values("opt_precision2_ints", [1.0, 2.0, 300.0], options={"precision": 2})
    case("opt_sci_true", "randn", (6,), seed=117, options={"sci_mode": True})
    values("opt_sci_true_ints", [1.0, 2.0, -3.0], options={"sci_mode": True})
    values("opt_sci_true_specials", [0.0, "nan", "inf", 5.0], options={"sci_mode": True})
    values("opt_sci_true_zeros", [0.0, "nan"], options={"sci_mode": True})
    case("opt_sci_false_small", "randn", (6,), seed=118, scale=1e-6, options={"sci_mode": False})
    case("opt_sci_false_big", "randn", (6,), seed=119, scale=1e10, options={"sci_mode": False})
    values("opt_sci_false_ints", [1.0, 1e12], options={"sci_mode": False})
    case("opt_linewidth40", "randn", (20,), seed=120, options={"linewidth": 40})
    case("opt_linewidth40_2d", "randn", (3, 10), seed=121, options={"linewidth": 40})
    case("opt_linewidth40_grad", "randn", (5,), "float64", seed=122, grad="mul", options={"linewidth": 40})
    case("opt_linewidth10", "randn", (5,), seed=123, options={"linewidth": 10})
    case("opt_linewidth200", "randn", (40,), seed=124, options={"linewidth": 200})
    case("opt_full", "randn", (1500,), seed=125, options={"profile": "full"})
    case("opt_full_2d", "randint", (30, 40), "int64", seed=126, low=0, high=100, options={"profile": "full"})
    case("opt_short", "randn", (30,), seed=127, options={"profile": "short"})
    case("opt_short_sum", "randn", (1500,), seed=128, options={"profile": "short"})
    case("opt_short_sum_3d", "randn", (10, 10, 11), seed=129, options={"profile": "short"})
    case("opt_threshold5", "arange", (10,), "int64", options={"threshold": 5})
    case("opt_threshold5_2d", "randn", (7, 7), seed=130, options={"threshold": 5})
    case("opt_edge1", "randn", (4, 5, 6), seed=131, options={"threshold": 10, "edgeitems": 1})
    case("opt_edge0", "randn", (10,), seed=132, options={"threshold": 5, "edgeitems": 0})
    case("opt_edge0_3d", "randn", (3, 4, 5), seed=133, options={"threshold": 5, "edgeitems": 0})
    case("opt_edge0_nosum", "randn", (2, 2), seed=134, options={"edgeitems": 0})
    case("opt_edge0_scalar", "randn", (), seed=135, options={"threshold": 0, "edgeitems": 0})
    case("opt_edge0_grad", "randn", (4,), "float64", seed=136, grad="mul", options={"edgeitems": 0, "threshold": 1})
    case("opt_edge0_empty", "randn", (0, 2), options={"edgeitems": 0})
    case("opt_profile_then_precision", "randn", (8,), seed=137, options={"profile": "short", "precision": 6})

    # a non-float32 default dtype
    case("default_f64_f32", "randn", (3,), "float32", seed=138, default_dtype="float64")
    case("default_f64_f64", "randn", (3,), "float64", seed=139, default_dtype="float64")
    case("default_f64_empty_f32", "randn", (0,), "float32", default_dtype="float64")
    case("default_f64_empty_f64", "randn", (0,), "float64", default_dtype="float64")
    case("default_f64_i64", "randint", (3,), "int64", seed=140, low=0, high=9, default_dtype="float64")
    case("default_f16_f16", "randn", (3,), "float16", seed=141, default_dtype="float16")
    case("default_f16_f32", "randn", (3,), "float32", seed=142, default_dtype="float16")


_define_cases()


def main() -> None:
    records = []
    for recipe in CASES:
        records.append({**recipe, "expected": torch_repr(recipe, build_array(recipe))})
    names = [r["name"] for r in records]
    assert len(names) == len(set(names)), "duplicate case names"
    import torch

    payload = {"torch_version": torch.__version__, "cases": records}
    GOLDEN.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {len(records)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
