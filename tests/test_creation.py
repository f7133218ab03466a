"""Creation functions against torch 2.13: dtype inference, values (bit-exact), memory sharing, errors, warnings.

Every case runs under torchless and torch (live when installed, else ``tests/golden/tensor_creation.json``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.golden.record_tensor import _torch, assert_same, encode, make_tests, outcome, torchless_api, with_default

FAMILY = "creation"
CASES: list = []


def case(cid: str, fn) -> None:
    CASES.append((cid, fn))


def _shared(T, make, mutate_index=0, value=7):
    """Build a tensor from a fresh ndarray, then write into the array: the tensor shows it when memory is shared."""
    arr = np.arange(1.0, 5.0)
    t = make(T, arr)
    arr[mutate_index] = value
    return t


def _quiet_scalar(fn):
    """torch warns about Python scalars from tensors that require grad once per process: compared without it."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad=True to a scalar")
        return fn()


def _meta(t):
    """What torch defines for uninitialised memory: shape, dtype, requires_grad (not the values)."""
    return (t.shape, t.dtype, t.requires_grad)


# -- tensor(): dtype inference --------------------------------------------------------------------------------
for cid, data in [
    ("float_list", [1.0, 2.5]), ("int_list", [1, 2, 3]), ("bool_list", [True, False]), ("int_float", [1, 2.0]),
    ("bool_int", [True, 1]), ("bool_float", [True, 1.5]), ("nested", [[1.0, 2.0], [3.0, 4.0]]),
    ("nested3", [[[1, 2]], [[3, 4]]]), ("tuple", (1, 2)), ("list_of_tuples", [(1, 2), (3, 4)]),
    ("mixed_seq", [[1, 2], (3, 4)]), ("scalar_float", 3.5), ("scalar_int", 7), ("scalar_bool", True),
    ("scalar_neg", -0.0), ("empty", []), ("empty_nested", [[]]), ("empty_2x0", [[], []]), ("empty_tuple", ()),
    ("range", range(4)), ("range_empty", range(0)), ("ranges", [range(2), range(2)]), ("nan_inf", [float("nan"),
                                                                                                 float("inf")]),
    ("big_float", 1e40), ("tiny_float", 1e-50), ("int_max", 2**63 - 1), ("int_min", -(2**63)),
    ("big_int_float", [2**63 - 1, 0.5]), ("int_2_53", [2**53 + 1, 1]), ("float_third", [1 / 3, 2 / 3]),
]:
    case(f"tensor_{cid}", lambda T, d=data: T.tensor(d))

def _no_list_warning(fn):
    """torch warns about lists of arrays once per process, so the tables compare them without that warning."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Creating a tensor from a list of numpy.ndarrays")
        return fn()


for cid, make in [
    ("np_f64", lambda: np.array([1.5, 2.0])), ("np_f32", lambda: np.array([1.5], np.float32)),
    ("np_f16", lambda: np.array([1.5], np.float16)), ("np_i32", lambda: np.array([1, 2], np.int32)),
    ("np_i64", lambda: np.arange(3)), ("np_u8", lambda: np.array([255], np.uint8)),
    ("np_i8", lambda: np.array([-3], np.int8)), ("np_i16", lambda: np.array([-3], np.int16)),
    ("np_bool", lambda: np.array([True, False])), ("np_2d", lambda: np.arange(6.0).reshape(2, 3)),
    ("np_0d", lambda: np.array(2.5)), ("np_transposed", lambda: np.arange(6.0).reshape(2, 3).T),
    ("np_strided", lambda: np.arange(10)[::3]), ("np_empty", lambda: np.zeros((0, 2))),
    ("np_readonly", lambda: np.frombuffer(b"abcd", dtype=np.uint8)),
    ("npscalar_f64", lambda: np.float64(3.25)), ("npscalar_f32", lambda: np.float32(3.25)),
    ("npscalar_f16", lambda: np.float16(1.5)), ("npscalar_i32", lambda: np.int32(3)),
    ("npscalar_u8", lambda: np.uint8(200)), ("npscalar_bool", lambda: np.bool_(True)),
    ("list_np_f64", lambda: [np.float64(1.0), 2.0]), ("list_np_f32_int", lambda: [np.float32(1.0), 2]),
    ("list_np_i32_int", lambda: [np.int32(1), 2]), ("list_np_i8_u8", lambda: [np.int8(1), np.uint8(2)]),
    ("list_np_i8s", lambda: [np.int8(1), np.int8(2)]), ("list_np_bools", lambda: [np.bool_(True), np.bool_(False)]),
    ("list_np_bool_float", lambda: [np.bool_(True), 1.5]), ("list_np_f16_float", lambda: [np.float16(1), 2.0]),
    ("list_np_f16_i64", lambda: [np.float16(1), np.int64(3)]), ("list_np_f64_f32", lambda: [np.float64(1.5),
                                                                                          np.float32(1)]),
    ("list_of_arrays_i32", lambda: [np.array([1, 2], np.int32), np.array([3, 4], np.int32)]),
    ("list_array_and_list", lambda: [np.array([1, 2]), [3, 4]]), ("list_of_f64_array", lambda: [np.array([1.0])]),
]:
    case(f"tensor_{cid}", lambda T, m=make: _no_list_warning(lambda: T.tensor(m())))

for cid, make in [
    ("zero_dim_tensors", lambda T: [T.tensor(1.5), T.tensor(2.5)]),
    ("zero_dim_i32_and_int", lambda T: [T.tensor(1, dtype=T.int32), 2]),
    ("zero_dim_f64_and_float", lambda T: [T.tensor(1.5, dtype=T.float64), 1.0]),
    ("zero_dim_bool_and_int", lambda T: [T.tensor(True), 2]),
    ("nested_zero_dim", lambda T: [[T.tensor(1), T.tensor(2)], [T.tensor(3), T.tensor(4)]]),
    ("tuple_zero_dim", lambda T: (T.tensor(1.0), 2)),
    ("one_elem_tensor", lambda T: [T.tensor([1.0])]),
    ("deep_zero_dim", lambda T: [[T.tensor(1.0)]]),
    ("size", lambda T: T.Size([2, 3])),
]:
    case(f"tensor_{cid}", lambda T, m=make: T.tensor(m(T)))

case("tensor_zero_dim_requires_grad_item",
     lambda T: _quiet_scalar(lambda: T.tensor([T.tensor(1.0, requires_grad=True), 2.0])))
case("tensor_from_tensor_warns", lambda T: T.tensor(T.tensor([1.0, 2.0])))
case("tensor_from_grad_tensor", lambda T: T.tensor(T.tensor([1.0, 2.0], requires_grad=True)))
case("tensor_from_tensor_dtype", lambda T: T.tensor(T.tensor([1.5, -2.5]), dtype=T.int32))
case("tensor_copies_tensor", lambda T: (lambda s: (T.tensor(s), s.add_(1))[0])(T.tensor([1.0, 2.0])))
case("tensor_copies_ndarray", lambda T: _shared(T, lambda T, a: T.tensor(a)))
case("tensor_keeps_transposed_strides", lambda T: T.tensor(np.arange(6.0).reshape(2, 3).T).stride())
case("tensor_from_tensor_keeps_strides", lambda T: T.tensor(T.zeros(2, 3).t()).stride())

# -- tensor(): errors -------------------------------------------------------------------------------------------
for cid, make in [
    ("ragged", lambda: [[1, 2], [3]]), ("ragged_longer", lambda: [[1], [2, 3]]),
    ("ragged_deep", lambda: [[[1, 2], [3, 4]], [[1, 2], [3]]]), ("list_then_scalar", lambda: [[1, 2], 3]),
    ("scalar_then_list", lambda: [1, [2, 3]]), ("scalar_then_list_end", lambda: [1, 2, [3]]),
    ("list_then_int", lambda: [[1], 2]), ("ragged_arrays", lambda: [np.array([1, 2]), np.array([3])]),
    ("zero_dim_array_in_list", lambda: [np.array(1.5), 2]), ("str", lambda: "abc"), ("str_list", lambda: ["a"]),
    ("str_in_list", lambda: [1, "a"]), ("float_str", lambda: [1.5, "a"]), ("str_row", lambda: [[1, 2], "ab"]),
    ("np_str", lambda: np.str_("a")), ("np_str_list", lambda: [np.str_("a")]), ("bytes", lambda: b"ab"),
    ("bytes_list", lambda: [b"a"]), ("none", lambda: None), ("none_in_list", lambda: [1, None]),
    ("none_nested", lambda: [[1.5, 2], [3, None]]), ("object", lambda: object()), ("dict", lambda: {1: 2}),
    ("set", lambda: {1, 2}), ("int_overflow", lambda: 2**63), ("int_underflow", lambda: -(2**63) - 1),
    ("int_overflow_list", lambda: [2**64]), ("np_str_array", lambda: np.array(["a"])),
    ("np_object_array", lambda: np.array([1], dtype=object)), ("np_datetime", lambda: np.array([1], "M8[s]")),
    ("np_negative_strides", lambda: np.arange(6.0)[::-1]), ("np_big_endian", lambda: np.array([1, 2], ">i4")),
    ("np_u16_and_int", lambda: [np.uint16(1), 2]), ("np_bool_and_int", lambda: [np.bool_(True), 2]),
]:
    case(f"tensor_error_{cid}", lambda T, m=make: _no_list_warning(lambda: T.tensor(m())))

case("tensor_error_tensors_in_list", lambda T: T.tensor([T.tensor([1, 2]), T.tensor([3, 4])]))
case("tensor_error_tensor_then_list", lambda T: T.tensor([[1, 2], T.tensor(3)]))
case("tensor_error_int_requires_grad", lambda T: T.tensor(3, requires_grad=True))
case("tensor_error_dtype_str", lambda T: T.tensor([1, 2], dtype="float32"))
case("tensor_error_dtype_numpy", lambda T: T.tensor([1, 2], dtype=np.float32))
case("tensor_error_float32_into_int", lambda T: T.tensor([np.float32(1.5), 2], dtype=T.int64))

# -- tensor(dtype=...) conversions ----------------------------------------------------------------------------
for cid, data, dt in [
    ("floats_to_int64", [1.5, 2.7, -2.7], "int64"), ("floats_to_int32", [1.9, -1.9], "int32"),
    ("neg_to_uint8", [-1, -255], "uint8"), ("floats_to_bool", [0.5, 0.0, float("nan")], "bool"),
    ("ints_to_bool", [0, 2, -1], "bool"), ("ints_to_float64", [1, 2], "float64"),
    ("ints_to_float16", [1, 3], "float16"),
    ("floats_to_float16", [[1.5, 2.0]], "float16"), ("big_to_float16", [1e5, 70000.0], "float16"),
    ("big_ints_to_float32", [2**60 + 2**36 + 1, 16777217], "float32"), ("float_to_float64", 0.1, "float64"),
    ("mixed_to_int64", [2**62 + 1, 0.5], "int64"), ("int_mixed_bool", [1, 2.5], "bool"),
    ("int8_bounds", [-128, 127], "int8"), ("uint8_max", [255, 0], "uint8"),
    ("np_f64_to_f32", np.array([0.1, 1e-40]), "float32"), ("np_i64_to_f16", np.array([1, 2049]), "float16"),
    ("np_f64_to_f16", np.array([0.1, 1e5]), "float16"), ("np_f_to_int", np.array([-1.5, 2.5]), "int64"),
    ("np_to_bool", np.array([0.0, 2.0]), "bool"),
]:
    case(f"tensor_dtype_{cid}", lambda T, d=data, dt=dt: T.tensor(d, dtype=getattr(T, dt)))

for cid, data, dt in [
    ("uint8_overflow", [300], "uint8"), ("uint8_too_negative", [-256], "uint8"), ("uint8_neg_float", [-1.5, 2.7],
                                                                                 "uint8"),
    ("int8_over", [128], "int8"), ("int8_under", [-129], "int8"), ("int32_big", [2**40], "int32"),
    ("int8_big", [2**40], "int8"), ("int32_float_big", [1e10], "int32"), ("int64_nan", [float("nan")], "int64"),
    ("int32_inf", [float("inf")], "int32"),
]:
    case(f"tensor_dtype_error_{cid}", lambda T, d=data, dt=dt: T.tensor(d, dtype=getattr(T, dt)))

for cid, dt in [("float", float), ("int", int), ("bool", bool)]:
    case(f"tensor_python_dtype_{cid}", lambda T, dt=dt: T.tensor([1, 2], dtype=dt))

case("tensor_requires_grad", lambda T: T.tensor([1.0, 2.0], requires_grad=True))
case("tensor_requires_grad_from_zero_dims", lambda T: T.tensor([T.tensor(1.0), T.tensor(2.0)], requires_grad=True))
case("tensor_device_cpu", lambda T: T.tensor([1.0], device="cpu"))
case("tensor_device_object", lambda T: T.tensor([1.0], device=T.device("cpu")))
case("tensor_device_cpu0", lambda T: T.tensor([1.0], device="cpu:0").device)
case("tensor_device_cuda", lambda T: T.tensor([1.0], device="cuda"))
case("tensor_device_mps", lambda T: T.tensor([1.0], device="mps"))
case("tensor_device_int", lambda T: T.tensor([1.0], device=0))

for name in ("float64", "float16"):
    case(f"tensor_default_{name}", lambda T, n=name: with_default(T, n, lambda: (
        T.tensor(1.0), T.tensor([1, 2.5]), T.tensor([]), T.tensor([[1.5]]), T.tensor(3), T.tensor([np.float32(1)]))))

# -- as_tensor / asarray / from_numpy -----------------------------------------------------------------------------
case("as_tensor_shares_ndarray", lambda T: _shared(T, lambda T, a: T.as_tensor(a)))
case("as_tensor_copies_other_dtype", lambda T: _shared(T, lambda T, a: T.as_tensor(a, dtype=T.float32)))
case("as_tensor_same_dtype_shares", lambda T: _shared(T, lambda T, a: T.as_tensor(a, dtype=T.float64)))
case("as_tensor_same_object", lambda T: (lambda t: T.as_tensor(t) is t)(T.ones(2)))
case("as_tensor_same_object_dtype", lambda T: (lambda t: T.as_tensor(t, dtype=T.float32) is t)(T.ones(2)))
case("as_tensor_converts_tensor", lambda T: T.as_tensor(T.ones(2, requires_grad=True), dtype=T.float64))
case("as_tensor_keeps_grad", lambda T: T.as_tensor(T.ones(2, requires_grad=True)))
case("as_tensor_list", lambda T: T.as_tensor([1, 2]))
case("as_tensor_list_dtype", lambda T: T.as_tensor([1.0, 2], dtype=T.float64))
case("as_tensor_scalar", lambda T: T.as_tensor(3.5))
case("as_tensor_np_scalar", lambda T: T.as_tensor(np.float64(3.5)))
case("as_tensor_list_of_array", lambda T: _no_list_warning(lambda: T.as_tensor([np.arange(3)])))
case("as_tensor_error_str", lambda T: T.as_tensor("a"))
case("as_tensor_error_negative_strides", lambda T: T.as_tensor(np.arange(6.0)[::-1]))
case("asarray_list", lambda T: T.asarray([1, 2]))
case("asarray_floats", lambda T: T.asarray([1.0, 2]))
case("asarray_scalar", lambda T: T.asarray(3))
case("asarray_np_scalar_list", lambda T: T.asarray([np.float64(1)]))
case("asarray_ndarray_shares", lambda T: _shared(T, lambda T, a: T.asarray(a)))
case("asarray_copy_true", lambda T: _shared(T, lambda T, a: T.asarray(a, copy=True)))
case("asarray_dtype_copies", lambda T: _shared(T, lambda T, a: T.asarray(a, dtype=T.float32)))
case("asarray_tensor_same", lambda T: (lambda t: T.asarray(t) is t)(T.ones(2)))
case("asarray_tensor_dtype", lambda T: T.asarray(T.ones(2), dtype=T.int64))
case("asarray_list_dtype", lambda T: T.asarray([1, 2], dtype=T.float64))
case("asarray_requires_grad", lambda T: T.asarray([1.0, 2], requires_grad=True))
case("asarray_error_int_requires_grad", lambda T: T.asarray([1, 2], requires_grad=True))
case("asarray_error_alias_list", lambda T: T.asarray([1.0, 2], copy=False))
case("asarray_error_alias_dtype", lambda T: T.asarray(np.array([1, 2]), copy=False, dtype=T.float32))
case("asarray_error_alias_tensor_dtype", lambda T: T.asarray(T.ones(2, dtype=T.float64), copy=False,
                                                                dtype=T.float32))
case("from_numpy_shares", lambda T: _shared(T, lambda T, a: T.from_numpy(a)))
case("from_numpy_shares_back", lambda T: (lambda a: (T.from_numpy(a).add_(1), a)[1])(np.zeros(3)))
for cid, make in [
    ("i64", lambda: np.array([1, 2])), ("f64", lambda: np.array([1.0, 2])), ("f16", lambda: np.ones(2, np.float16)),
    ("bool", lambda: np.array([True])), ("u8", lambda: np.array([1], np.uint8)), ("0d", lambda: np.array(3)),
    ("2d", lambda: np.arange(6).reshape(2, 3)), ("transposed_strides", lambda: np.arange(6.0).reshape(2, 3).T),
    ("step_strides", lambda: np.arange(6.0)[::2]),
]:
    case(f"from_numpy_{cid}", lambda T, m=make: (lambda t: (t, t.stride()))(T.from_numpy(m())))
for cid, make in [
    ("list", lambda: [1, 2]), ("int", lambda: 3), ("np_scalar", lambda: np.float64(3)),
    ("str_array", lambda: np.array(["a"])), ("object_array", lambda: np.array([1], dtype=object)),
    ("datetime", lambda: np.array([1], "M8[s]")), ("negative_strides", lambda: np.arange(6.0)[::-1]),
    ("big_endian", lambda: np.array([1, 2], dtype=">i4")),
]:
    case(f"from_numpy_error_{cid}", lambda T, m=make: T.from_numpy(m()))
case("from_numpy_error_tensor", lambda T: T.from_numpy(T.ones(2)))

# -- zeros / ones / empty / full / eye / scalar_tensor / *_like ------------------------------------------------
for fname in ("zeros", "ones"):
    for cid, args in [("ints", (2, 3)), ("tuple", ((2, 3),)), ("list", ([2, 3],)), ("empty_tuple", ((),)),
                      ("empty_list", ([],)), ("np_int", (np.int64(2),)), ("zero", (0,))]:
        case(f"{fname}_{cid}", lambda T, f=fname, a=args: getattr(T, f)(*a))
    case(f"{fname}_size_object", lambda T, f=fname: getattr(T, f)(T.Size([2, 3])))
    case(f"{fname}_zero_dim_tensor", lambda T, f=fname: getattr(T, f)(T.tensor(2)))
    case(f"{fname}_size_kw", lambda T, f=fname: getattr(T, f)(size=(2, 3)))
    for dt in ("int32", "float64", "bool", "float16", "uint8", "int8"):
        case(f"{fname}_dtype_{dt}", lambda T, f=fname, d=dt: getattr(T, f)(2, dtype=getattr(T, d)))
    case(f"{fname}_python_dtype", lambda T, f=fname: getattr(T, f)(2, dtype=int))
    case(f"{fname}_requires_grad", lambda T, f=fname: getattr(T, f)(2, requires_grad=True))
    case(f"{fname}_default_f64", lambda T, f=fname: with_default(T, "float64", lambda: getattr(T, f)(2)))
    for cid, args in [("none", ()), ("negative", (-1,)), ("negative_second", (2, -3)), ("negative_tuple", ((2, -3),)),
                      ("float", (2.5,)), ("float_second", (2, 3.0)), ("str", ("a",)), ("none_arg", (None,)),
                      ("tensor", ("T1",)), ("two_tuples", ((2, 3), (4,))), ("bool", (True,)),
                      ("bool_in_tuple", ((True, 2),)), ("float_in_tuple", ((2, 2.5),)),
                      ("str_third", (2, 3, "a"))]:
        case(f"{fname}_error_{cid}", lambda T, f=fname, a=args: getattr(T, f)(
            *[T.tensor([2, 3]) if x == "T1" else x for x in a]))
    case(f"{fname}_error_size_twice", lambda T, f=fname: getattr(T, f)(2, size=(2, 3)))
    case(f"{fname}_error_unknown_kw", lambda T, f=fname: getattr(T, f)(2, foo=1))
    case(f"{fname}_error_size_int_kw", lambda T, f=fname: getattr(T, f)(size=2))
    case(f"{fname}_error_int_requires_grad", lambda T, f=fname: getattr(T, f)(2, dtype=T.int64, requires_grad=True))
    case(f"{fname}_error_dtype_str", lambda T, f=fname: getattr(T, f)(2, dtype="float"))
    case(f"{fname}_error_cuda", lambda T, f=fname: getattr(T, f)(2, device="cuda"))
    case(f"{fname}_error_cuda0", lambda T, f=fname: getattr(T, f)(2, device="cuda:0"))

case("empty_shape", lambda T: _meta(T.empty(2, 3)))
case("empty_tuple_dtype", lambda T: _meta(T.empty((2,), dtype=T.int64)))
case("empty_requires_grad", lambda T: _meta(T.empty(2, requires_grad=True)))
case("empty_error_negative", lambda T: T.empty(-1))
case("empty_error_unknown_kw", lambda T: T.empty(2, foo=1))
case("tensor_error_unknown_kw", lambda T: T.tensor(2, foo=1))
case("empty_error_negative_second", lambda T: T.empty(2, -1))
case("empty_like_meta", lambda T: _meta(T.empty_like(T.ones(2, 3, dtype=T.int32))))
case("empty_strided_meta", lambda T: (lambda t: (_meta(t), t.stride()))(T.empty_strided((2, 3), (1, 2))))

for cid, value, dt in [
    ("int", 3, None), ("float", 3.0, None), ("bool", True, None), ("np_float", np.float64(3), None),
    ("np_int", np.int32(3), None), ("tensor_float", "t:3.0", None), ("tensor_f64", "t64:3.0", None),
    ("tensor_int", "ti:3", None), ("int_as_float", 3, "float32"), ("float_to_int", 3.7, "int64"),
    ("neg_float_to_int", -3.7, "int32"), ("neg_to_uint8", -1, "uint8"), ("neg255_to_uint8", -255, "uint8"),
    ("to_bool_int", 2, "bool"), ("to_bool_half", 0.5, "bool"), ("to_bool_neg", -1, "bool"),
    ("big_to_f16", 1e10, "float16"), ("inf_to_f16", float("inf"), "float16"), ("big_f64", 1e300, "float64"),
    ("nan", float("nan"), None), ("third_f16", 1 / 3, "float16"), ("uint64_range_to_float", 2**63, "float32"),
]:
    def _full(T, v=value, d=dt):
        if isinstance(v, str):
            kind, num = v.split(":")
            v = T.tensor(float(num) if "." in num else int(num),
                         dtype={"t": T.float32, "t64": T.float64, "ti": T.int32}[kind])
        return T.full((2,), v, dtype=None if d is None else getattr(T, d))
    case(f"full_{cid}", _full)
for cid, value, dt in [
    ("uint8_over", 300, "uint8"), ("uint8_under", -256, "uint8"), ("float32_over", 1e40, "float32"),
    ("nan_to_int", float("nan"), "int64"), ("int32_big_float", 1e10, "int32"), ("int16_big", 1e10, "int16"),
    ("int8_big", 1e10, "int8"), ("int32_big_int", 2**40, "int32"), ("inf_to_int32", float("inf"), "int32"),
    ("int64_over", 2**63, None), ("too_big", 2**64, None), ("too_negative", -(2**63) - 1, None),
    ("str", "a", None), ("none", None, None),
]:
    case(f"full_error_{cid}", lambda T, v=value, d=dt: T.full((2,), v, dtype=None if d is None else getattr(T, d)))
case("full_list_size", lambda T: T.full([2, 3], 1.5))
case("full_requires_grad", lambda T: T.full((2,), 1.0, requires_grad=True))
case("full_default_f64", lambda T: with_default(T, "float64", lambda: (T.full((1,), 2.5), T.full((1,), 2))))
case("full_error_int_size", lambda T: T.full(2, 3.0))
case("full_error_tensor_value", lambda T: T.full((2,), T.tensor([3.0])))
case("full_error_negative", lambda T: T.full((-1,), 2.0))
case("full_error_int_requires_grad", lambda T: T.full((2,), 1, requires_grad=True))

for cid, fn in [
    ("square", lambda T: T.eye(3)), ("rect", lambda T: T.eye(2, 3)), ("tall", lambda T: T.eye(3, 2)),
    ("zero", lambda T: T.eye(0)), ("int", lambda T: T.eye(3, dtype=T.int64)),
    ("bool", lambda T: T.eye(2, dtype=T.bool)),
    ("requires_grad", lambda T: T.eye(2, requires_grad=True)), ("kwargs", lambda T: T.eye(n=2, m=3)),
    ("np_int", lambda T: T.eye(np.int64(2))), ("error_negative", lambda T: T.eye(-1)),
    ("error_negative_m", lambda T: T.eye(2, -1)), ("error_float", lambda T: T.eye(2.5)),
    ("error_float_m", lambda T: T.eye(2, 2.5)),
]:
    case(f"eye_{cid}", fn)

for cid, fn in [
    ("int", lambda T: T.scalar_tensor(3)), ("float", lambda T: T.scalar_tensor(3.5)),
    ("bool", lambda T: T.scalar_tensor(True)), ("int_dtype", lambda T: T.scalar_tensor(3, dtype=T.int64)),
    ("requires_grad", lambda T: T.scalar_tensor(3, requires_grad=True)),
    ("tensor", lambda T: T.scalar_tensor(T.tensor(2))), ("error_str", lambda T: T.scalar_tensor("a")),
    ("default_f64", lambda T: with_default(T, "float64", lambda: T.scalar_tensor(0.1))),
]:
    case(f"scalar_tensor_{cid}", fn)

for cid, fn in [
    ("zeros_like_int", lambda T: T.zeros_like(T.ones(2, dtype=T.int32))),
    ("ones_like_dtype", lambda T: T.ones_like(T.ones(2, dtype=T.int32), dtype=T.float64)),
    ("full_like_truncates", lambda T: T.full_like(T.ones(2, dtype=T.int32), 2.7)),
    ("full_like_int_value", lambda T: T.full_like(T.ones(2), 2)),
    ("full_like_bool", lambda T: T.full_like(T.ones(2, dtype=T.bool), 0)),
    ("full_like_no_grad", lambda T: T.full_like(T.ones(2, requires_grad=True), 2)),
    ("zeros_like_no_grad", lambda T: T.zeros_like(T.ones(2, requires_grad=True))),
    ("zeros_like_requires_grad", lambda T: T.zeros_like(T.ones(2), requires_grad=True)),
    ("ones_like_strides", lambda T: (lambda t: (t, t.stride()))(T.ones_like(T.ones(2, 3).t()))),
    ("zeros_like_strides_3d", lambda T: T.zeros_like(T.ones(2, 3, 4).permute(2, 0, 1)).stride()),
    ("zeros_like_0d", lambda T: T.zeros_like(T.tensor(3.0))),
    ("error_list", lambda T: T.zeros_like([1, 2])), ("error_ndarray", lambda T: T.zeros_like(np.ones(2))),
    ("error_int_requires_grad", lambda T: T.zeros_like(T.ones(2, dtype=T.int64), requires_grad=True)),
    ("error_full_like_overflow", lambda T: T.full_like(T.ones(2, dtype=T.uint8), 300)),
    ("error_ones_like_list", lambda T: T.ones_like([1.0])),
    ("error_full_like_list", lambda T: T.full_like([1.0], 2)),
]:
    case(f"like_{cid}", fn)

# -- arange -------------------------------------------------------------------------------------------------------
for cid, fn in [
    ("end", lambda T: T.arange(5)), ("end_float", lambda T: T.arange(5.0)), ("start_end", lambda T: T.arange(1, 5)),
    ("step", lambda T: T.arange(1, 5, 2)), ("quarter", lambda T: T.arange(0, 1, 0.25)),
    ("dtype_f64", lambda T: T.arange(5, dtype=T.float64)),
    ("float_to_int64", lambda T: T.arange(0.5, 5, dtype=T.int64)),
    ("half_step_int32", lambda T: T.arange(0, 2.5, 0.5, dtype=T.int32)), ("descending", lambda T: T.arange(5, 0, -1)),
    ("empty", lambda T: T.arange(0)), ("empty_float", lambda T: T.arange(0.5, 0.7, dtype=T.int64)),
    ("tensor_int", lambda T: T.arange(T.tensor(5))), ("tensor_float", lambda T: T.arange(T.tensor(5.0))),
    ("tensor_f64", lambda T: T.arange(T.tensor(5.0, dtype=T.float64))), ("np_int", lambda T: T.arange(np.int64(5))),
    ("np_float", lambda T: T.arange(np.float64(5))), ("np_f32", lambda T: T.arange(np.float32(2.5))),
    ("bool", lambda T: T.arange(True)), ("uint8", lambda T: T.arange(3, dtype=T.uint8)),
    ("uint8_step", lambda T: T.arange(0, 300, 100, dtype=T.uint8)),
    ("int8_wraps", lambda T: T.arange(0, 300, dtype=T.int8)),
    ("requires_grad", lambda T: T.arange(5.0, requires_grad=True)), ("end_kw", lambda T: T.arange(end=5)),
    ("start_end_kw", lambda T: T.arange(start=1, end=5)), ("float16", lambda T: T.arange(0, 3, dtype=T.float16)),
    ("huge_ints", lambda T: T.arange(10**18, 10**18 + 3)), ("big_step", lambda T: T.arange(0, 2**62, 2**60)),
    ("float_start", lambda T: T.arange(0.0, 3, 1)), ("negative", lambda T: T.arange(-5, -1)),
    ("int_args_f32", lambda T: T.arange(0, 10, 3, dtype=T.float32)),
    ("default_f64", lambda T: with_default(T, "float64", lambda: (T.arange(3.0), T.arange(3)))),
    ("int64_neg_step", lambda T: T.arange(10, -7, -3)), ("int64_neg_step_float", lambda T: T.arange(10.5, -7, -3,
                                                                                                  dtype=T.int64)),
    ("error_zero_step", lambda T: T.arange(0, 5, 0)), ("error_sign", lambda T: T.arange(0, 5, -1)),
    ("error_reversed", lambda T: T.arange(5, 0)), ("error_negative_end", lambda T: T.arange(-3)),
    ("error_inf", lambda T: T.arange(float("inf"))), ("error_nan", lambda T: T.arange(0, float("nan"))),
    ("error_too_big", lambda T: T.arange(0, 1e20, 1e-10)), ("error_bool_dtype", lambda T: T.arange(5, dtype=T.bool)),
    ("error_int_requires_grad", lambda T: T.arange(5, requires_grad=True)), ("error_str", lambda T: T.arange("a")),
    ("error_none", lambda T: T.arange(None)), ("error_none_end", lambda T: T.arange(1, None)),
    ("error_none_step", lambda T: T.arange(0, 5, None)), ("error_str_step", lambda T: T.arange(0, 5, "a")),
    ("error_int64_truncated_step", lambda T: T.arange(0, 5, 0.5, dtype=T.int64)),
    ("error_1d_tensor", lambda T: T.arange(T.tensor([5]))),
]:
    case(f"arange_{cid}", fn)

_ARANGE_STARTS = [0, 0.1, -1, 1.5, -3.3, 0.3, 1e-3, 100.7, -0.35]
_ARANGE_STEPS = [0.1, 0.01, 0.3, -0.1, 0.7, 1 / 3, 0.05, 2.5, -0.37, 0.2, 1e-3]
_ARANGE_LENGTHS = [1, 7, 16, 17, 31, 33, 100, 333]


def _arange_grid():
    k = 0
    for start in _ARANGE_STARTS:
        for step in _ARANGE_STEPS:
            for length in _ARANGE_LENGTHS:
                k += 1
                frac = (k * 0.6180339887) % 1 * 0.9  # where `end` falls inside the last step
                end = start + step * (length - 1) + step * (0.05 + frac)
                dt = ("float32", "float64", "float16")[k % 3]
                if dt == "float16" and (abs(start) > 50 or length > 100):
                    dt = "float32"
                yield f"arange_values_{k:03d}_{dt}", start, end, step, dt


for _cid, _s, _e, _st, _dt in _arange_grid():
    case(_cid, lambda T, s=_s, e=_e, st=_st, d=_dt: T.arange(s, e, st, dtype=getattr(T, d)))
for _cid, _args in [("0_1_01", (0, 1, 0.1)), ("1_2_03", (1, 2, 0.3)), ("0_m1_m01", (0, -1, -0.1)),
                    ("0_10_01", (0, 10, 0.1)), ("m5_5_001", (-5, 5, 0.01)), ("0_1_1e-4", (0, 1, 1e-4))]:
    for _dt in ("float32", "float64", "float16"):
        case(f"arange_common_{_cid}_{_dt}", lambda T, a=_args, d=_dt: T.arange(*a, dtype=getattr(T, d)))
    case(f"arange_common_{_cid}_default", lambda T, a=_args: T.arange(*a))


def _threads(T, n, fn):
    old = T.get_num_threads()
    T.set_num_threads(n)
    try:
        return fn()
    finally:
        T.set_num_threads(old)


# ranges longer than one grain (32768) are split between threads, which shapes torch's values
for _n_threads in (1, 2, 3):
    for _cid, _args, _dt in [("long_f32", (0, 7.0001, 1e-4), "float32"), ("long_f64", (-3, 3.5, 1 / 7000), "float64"),
                             ("long_f32_odd", (0.3, 1000.3, 0.0137), "float32")]:
        case(f"arange_{_cid}_threads{_n_threads}",
             lambda T, a=_args, d=_dt, n=_n_threads: _threads(T, n, lambda: T.arange(*a, dtype=getattr(T, d))))

# -- range (deprecated) -----------------------------------------------------------------------------------------
for cid, fn in [
    ("basic", lambda T: T.range(0, 3)), ("half_steps", lambda T: T.range(0, 3, 0.5)),
    ("int64", lambda T: T.range(0, 3, dtype=T.int64)), ("tenth", lambda T: T.range(0, 1, 0.1)),
    ("f64_tenth", lambda T: T.range(0, 1, 0.1, dtype=T.float64)), ("negative", lambda T: T.range(1, -1, -0.3)),
    ("error_missing_end", lambda T: T.range(3)), ("error_zero_step", lambda T: T.range(0, 3, 0)),
    ("error_sign", lambda T: T.range(0, 3, -1)),
]:
    case(f"range_{cid}", fn)

# -- linspace / logspace ----------------------------------------------------------------------------------------
for cid, fn in [
    ("basic", lambda T: T.linspace(0, 1, 5)), ("zero_steps", lambda T: T.linspace(0, 1, 0)),
    ("one_step", lambda T: T.linspace(0, 1, 1)), ("one_step_int", lambda T: T.linspace(2.7, 1, 1, dtype=T.int64)),
    ("int64", lambda T: T.linspace(0, 10, 5, dtype=T.int64)),
    ("int64_unit", lambda T: T.linspace(0, 1, 5, dtype=T.int64)),
    ("f64", lambda T: T.linspace(0, 1, 3, dtype=T.float64)), ("constant", lambda T: T.linspace(1, 1, 3)),
    ("int32", lambda T: T.linspace(0, 10, 4, dtype=T.int32)), ("int8", lambda T: T.linspace(-10, 10, 7, dtype=T.int8)),
    ("uint8", lambda T: T.linspace(0, 255, 5, dtype=T.uint8)),
    ("float_ends_int", lambda T: T.linspace(0.5, 10.7, 6, dtype=T.int64)),
    ("requires_grad", lambda T: T.linspace(0, 1, 5, requires_grad=True)),
    ("float16", lambda T: T.linspace(0, 1, 5, dtype=T.float16)),
    ("tensor_ends", lambda T: T.linspace(T.tensor(0), T.tensor(1), 5)),
    ("tensor_start", lambda T: T.linspace(T.tensor(0.0), 1, 5)),
    ("tensor_steps", lambda T: T.linspace(0, 1, T.tensor(5))),
    ("np_steps", lambda T: T.linspace(0, 1, np.int64(5))), ("inf_start", lambda T: T.linspace(float("inf"), 1, 3)),
    ("nan_end", lambda T: T.linspace(0, float("nan"), 3)), ("descending", lambda T: T.linspace(1, 0, 5)),
    ("default_f64", lambda T: with_default(T, "float64", lambda: T.linspace(0, 1, 7))),
    ("steps_kw", lambda T: T.linspace(start=-1, end=1, steps=4)),
    ("error_negative_steps", lambda T: T.linspace(0, 1, -1)), ("error_missing_steps", lambda T: T.linspace(0, 1)),
    ("error_float_steps", lambda T: T.linspace(0, 1, 5.0)), ("error_str", lambda T: T.linspace("a", 1, 3)),
    ("error_none_steps", lambda T: T.linspace(0, 1, None)), ("error_bool_dtype", lambda T: T.linspace(0, 1, 5,
                                                                                                    dtype=T.bool)),
    ("error_1d_start", lambda T: T.linspace(T.tensor([0.0]), 1, 5)),
    ("error_int8_overflow", lambda T: T.linspace(0, 300, 5, dtype=T.int8)),
    ("error_float_overflow", lambda T: T.linspace(0, 1e40, 5)),
]:
    case(f"linspace_{cid}", fn)

_LIN_ENDS = [(0, 1), (0.1, 10), (-1, 1), (1.5, -3.3), (-100.7, 23.9), (5, -7), (0, 255), (-3.25, 3.25), (1e-3, 1e3),
             (0.3, 0.7)]
_LIN_STEPS = [2, 3, 5, 10, 11, 50, 101, 1000]
_LIN_DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16"]
_k = 0
for _a, _b in _LIN_ENDS:
    for _n in _LIN_STEPS:
        _k += 1
        _dt = _LIN_DTYPES[_k % len(_LIN_DTYPES)]
        case(f"linspace_values_{_k:03d}_{_dt}", lambda T, a=_a, b=_b, n=_n, d=_dt: T.linspace(a, b, n,
                                                                                              dtype=getattr(T, d)))
        if _dt != "float32":
            case(f"linspace_values_{_k:03d}_float32", lambda T, a=_a, b=_b, n=_n: T.linspace(a, b, n))
case("linspace_values_f16_many", lambda T: T.linspace(-1, 7, 2051, dtype=T.float16))
case("linspace_values_int_many", lambda T: T.linspace(-3, 1000, 777, dtype=T.int64))

for cid, fn in [
    ("basic", lambda T: T.logspace(0, 2, 3)), ("base2", lambda T: T.logspace(0, 2, 3, base=2)),
    ("int64", lambda T: T.logspace(0, 2, 3, dtype=T.int64)), ("one_step", lambda T: T.logspace(0, 2, 1)),
    ("zero_steps", lambda T: T.logspace(0, 2, 0)), ("one_step_base2", lambda T: T.logspace(3, 2, 1, base=2)),
    ("f64", lambda T: T.logspace(0, 3, 4, base=10, dtype=T.float64)), ("negative", lambda T: T.logspace(-1, 1, 5)),
    ("requires_grad", lambda T: T.logspace(0, 2, 3, requires_grad=True)),
    ("float_ends_int32", lambda T: T.logspace(0.5, 2.5, 3, dtype=T.int32)),
    ("base_25_int", lambda T: T.logspace(0, 2, 3, base=2.5, dtype=T.int64)),
    ("float16", lambda T: T.logspace(-2, 2, 9, dtype=T.float16)),
    ("e_base", lambda T: T.logspace(-2.3, 3.4, 50, base=2.718281828459045)),
    ("e_base_f64", lambda T: T.logspace(-2.3, 3.4, 50, base=2.718281828459045, dtype=T.float64)),
    ("half_base", lambda T: T.logspace(3.5, -1.9, 17, base=0.5)),
    ("many", lambda T: T.logspace(-5, 5, 1001)),
    ("error_negative_steps", lambda T: T.logspace(0, 2, -1)), ("error_missing_steps", lambda T: T.logspace(0, 1)),
]:
    case(f"logspace_{cid}", fn)

# learners' mistakes: torch's argument parser checks only a size sequence's first element's type, and names the
# keyword form's whole sequence
for cid, fn in [
    ("varargs_first_float", lambda T: T.zeros(2.0, 3)), ("varargs_later_bool", lambda T: T.zeros(2, True)),
    ("seq_first_float", lambda T: T.zeros((2.0, 3))), ("seq_later_bool", lambda T: T.ones((2, True))),
    ("seq_later_str", lambda T: T.zeros((2, "a"))), ("kw_first_float", lambda T: T.zeros(size=(2.0,))),
    ("kw_first_bool", lambda T: T.empty(size=(True, 2))), ("kw_later_float", lambda T: T.ones(size=(2, 3.0))),
    ("full_seq_first_float", lambda T: T.full((2.0,), 1.0)), ("full_missing_value", lambda T: T.full((2, 2))),
    ("tensor_requires_grad_int", lambda T: T.tensor([1.0], requires_grad=1)),
    ("zeros_requires_grad_str", lambda T: T.zeros(2, requires_grad="a")),
    ("full_requires_grad_none", lambda T: T.full((2,), 1.0, requires_grad=None)),
    ("full_requires_grad_int", lambda T: T.full((2,), 1.0, requires_grad=1)),
    ("tensor_requires_grad_none", lambda T: T.tensor([1.0], requires_grad=None)),
]:
    case(f"size_error_{cid}", fn)


globals().update(make_tests(FAMILY, CASES))


# -- properties against live torch (random inputs) -------------------------------------------------------------
_DTYPES = ["float32", "float64", "float16"]


@settings(max_examples=40, deadline=None)
@given(start=st.floats(-1e3, 1e3, allow_nan=False), step=st.floats(1e-3, 50, allow_nan=False),
       n=st.integers(1, 300), neg=st.booleans(), dt=st.sampled_from(_DTYPES))
def test_arange_random_matches_torch(start, step, n, neg, dt):
    if _torch is None:
        pytest.skip("torch is not installed")
    step = -step if neg else step
    end = start + step * (n - 0.5)
    if dt == "float16" and max(abs(start), abs(end)) > 1000:
        dt = "float32"

    def fn(T):
        return T.arange(start, end, step, dtype=getattr(T, dt))
    assert_same(outcome(fn, torchless_api()), outcome(fn, _torch))


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-1e4, 1e4, allow_nan=False), b=st.floats(-1e4, 1e4, allow_nan=False), n=st.integers(2, 500),
       dt=st.sampled_from(_DTYPES + ["int64", "int32"]))
def test_linspace_random_matches_torch(a, b, n, dt):
    if _torch is None:
        pytest.skip("torch is not installed")

    def fn(T):
        return T.linspace(a, b, n, dtype=getattr(T, dt))
    assert_same(outcome(fn, torchless_api()), outcome(fn, _torch))


@settings(max_examples=30, deadline=None)
@given(data=st.recursive(st.one_of(st.floats(allow_nan=False, width=32), st.integers(-(2**62), 2**62),
                                   st.booleans()),
                         lambda children: st.lists(children, min_size=1, max_size=3), max_leaves=12))
def test_tensor_inference_random_matches_torch(data):
    if _torch is None:
        pytest.skip("torch is not installed")
    assert_same(outcome(lambda T: T.tensor(data), torchless_api()), outcome(lambda T: T.tensor(data), _torch))


# -- behaviour that the case table cannot express ---------------------------------------------------------------
def test_numpy_list_warning_is_emitted_once():
    from torchless import _creation

    T = torchless_api()
    _creation._numpy_list_warned[0] = False
    with pytest.warns(UserWarning, match="Creating a tensor from a list of numpy.ndarrays is extremely slow"):
        T.tensor([np.array([1, 2]), np.array([3, 4])])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        T.tensor([np.array([1, 2]), np.array([3, 4])])


@pytest.mark.parametrize("make", ["from_numpy", "as_tensor", "asarray"])
def test_readonly_array_warns_once(make):
    """torch warns the first time a tensor shares a read-only array (TORCH_WARN_ONCE), then never again."""
    import warnings

    from torchless import _creation

    T = torchless_api()
    _creation._not_writable_warned[0] = False
    with pytest.warns(UserWarning, match="The given NumPy array is not writable, and PyTorch does not support"):
        t = getattr(T, make)(np.frombuffer(b"abcd", dtype=np.uint8))
    assert t.tolist() == [97, 98, 99, 100]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(T, make)(np.frombuffer(b"abcd", dtype=np.uint8))
        T.tensor(np.frombuffer(b"abcd", dtype=np.uint8))  # a copy: no warning


def test_tensor_result_owns_its_memory():
    T = torchless_api()
    rows = [[1.0, 2.0], [3.0, 4.0]]
    t = T.tensor(rows)
    rows[0][0] = 9.0
    assert t.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_encode_distinguishes_bits():
    # the comparisons above are bit-exact: -0.0 and 0.0 differ, as do float32 neighbours
    assert encode(np.array([0.0])) != encode(np.array([-0.0]))
    assert encode(np.float32(1.0)) != encode(np.nextafter(np.float32(1.0), np.float32(2.0)))
