"""Operators with operands torch does not take (lists, strings, None, dicts) and Python ints beyond 64 bits: the
TypeError or OverflowError torch raises, never a silent result."""

from __future__ import annotations

from .harness import Arr, OpCase, make_tests
from .test_misc import _err

FAMILY = "operands"

ERRORS = {
    "add_list": lambda T: T.tensor([1, 2]) + [1, 2],
    "radd_list": lambda T: [1, 2] + T.tensor([1, 2]),
    "mul_tuple": lambda T: T.tensor([1, 2]) * (2,),
    "add_str": lambda T: T.tensor([1, 2]) + "a",
    "sub_none": lambda T: T.tensor([1.0]) - None,
    "rsub_none": lambda T: None - T.tensor([1.0]),
    "truediv_dict": lambda T: T.tensor([1.0]) / {1: 2},
    "pow_list": lambda T: T.tensor([1.0]) ** [1],
    "matmul_list": lambda T: T.tensor([1.0]) @ [1.0],
    "and_list": lambda T: T.tensor([True]) & [True],
    "lt_none": lambda T: T.tensor([1.0]) < None,
    "eq_list": lambda T: T.tensor([1, 2]) == [1, 2],
    "add_int_too_big": lambda T: T.ones(2) + 2 ** 64,
    "mul_int_too_negative": lambda T: T.tensor([1]) * (-(2 ** 63) - 1),
    "mul_huge_int_float_tensor": lambda T: T.ones(2) * 10 ** 400,
    "add_uint64_range_float": lambda T: T.ones(2) + 2 ** 63,
}
CASES = [OpCase(k, lambda T, f=f: _err(lambda: f(T)), [], grad=False) for k, f in ERRORS.items()]
# the gradient at the kinks -3 and 3 (torch: 0 and 1); gradcheck does not apply there
CASES.append(OpCase("hardswish_kinks", lambda T, x: T.nn.functional.hardswish(x), [Arr([-3.0, 3.0, -2.5, 2.5, 0.0])],
                    extra={"gradcheck": False}))

globals().update(make_tests(FAMILY, CASES))
