"""dtypes against torch 2.13: names and aliases, attributes, promote_types / result_type / can_cast tables,
finfo / iinfo, the default dtype.

Every case runs under torchless and torch (live when installed, else ``tests/golden/tensor_dtype.json``).
"""

from __future__ import annotations

import copy
import pickle

import pytest

from tests.golden.record_tensor import make_tests, torchless_api, with_default

FAMILY = "dtype"
CASES: list = []


def case(cid: str, fn) -> None:
    CASES.append((cid, fn))


NAMES = ["float16", "half", "bfloat16", "float32", "float", "float64", "double", "complex32", "chalf", "complex64",
         "cfloat", "complex128", "cdouble", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "short", "int32",
         "int", "int64", "long", "bool", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz",
         "float8_e8m0fnu", "float4_e2m1fn_x2", "qint8", "quint8", "qint32", "quint4x2", "quint2x4", "bits8",
         "bits16", "bits1x8", "bits2x4", "bits4x2", "bit", "int1", "int2", "int3", "int4", "int5", "int6", "int7",
         "uint1", "uint2", "uint3", "uint4", "uint5", "uint6", "uint7"]
# the dtypes whose promotions and casts torch defines
MAIN = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
        "complex32", "complex64", "complex128", "uint16", "uint32", "uint64"]
REAL = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]  # torchless tensors


def _attrs(d):
    out = {"repr": repr(d), "str": str(d), "float": d.is_floating_point, "complex": d.is_complex,
           "itemsize": d.itemsize, "to_real": repr(d.to_real())}
    for name in ("is_signed", "to_complex", "abbr"):
        try:
            v = getattr(d, name)
            out[name] = repr(v() if callable(v) else v)
        except Exception as e:  # noqa: BLE001 - torch raises for some dtypes; the error is compared
            out[name] = f"{type(e).__name__}: {e}"
    return out


for name in NAMES:
    case(f"attrs_{name}", lambda T, n=name: _attrs(getattr(T, n)))

for a, b in [("float", "float32"), ("double", "float64"), ("half", "float16"), ("long", "int64"), ("int", "int32"),
             ("short", "int16"), ("cfloat", "complex64"), ("cdouble", "complex128"), ("chalf", "complex32"),
             ("bit", "uint1")]:
    case(f"alias_{a}", lambda T, a=a, b=b: (getattr(T, a) is getattr(T, b), getattr(T, a) == getattr(T, b)))

for a in MAIN:
    case(f"promote_{a}", lambda T, a=a: [_try(lambda b=b: T.promote_types(getattr(T, a), getattr(T, b))) for b in MAIN])
    case(f"can_cast_{a}", lambda T, a=a: [T.can_cast(getattr(T, a), getattr(T, b)) for b in MAIN])


def _try(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the error is part of the table
        return f"{type(e).__name__}: {e}"


def _t(T, dt, ndim):
    d = getattr(T, dt)
    return T.ones(2, dtype=d) if ndim else T.tensor(1, dtype=d)


for a in REAL:
    case(f"result_type_dims_{a}", lambda T, a=a: [repr(T.result_type(_t(T, a, 1), _t(T, b, 1))) for b in REAL])
    case(f"result_type_zero_dim_{a}", lambda T, a=a: [repr(T.result_type(_t(T, a, 1), _t(T, b, 0))) for b in REAL])
    case(f"result_type_scalars_{a}", lambda T, a=a: [repr(T.result_type(_t(T, a, d), s)) for d in (0, 1)
                                                     for s in (True, 2, 2.5)])
for cid, fn in [
    ("scalar_first", lambda T: T.result_type(2.5, T.ones(2, dtype=T.int32))),
    ("int_scalar_first", lambda T: T.result_type(2, T.ones(2, dtype=T.uint8))),
    ("two_scalars_error", lambda T: T.result_type(2, 3.5)),
    ("default_f64", lambda T: with_default(T, "float64", lambda: T.result_type(T.tensor([1]), 2.5))),
]:
    case(f"result_type_{cid}", fn)

for cid, fn in [
    ("eq_hash", lambda T: (T.float32 == T.float, hash(T.float32) == hash(T.float), T.float32 != T.float64)),
    ("not_str", lambda T: T.float32 == "float32"), ("type_name", lambda T: type(T.float32).__name__),
    ("isinstance", lambda T: isinstance(T.int64, T.dtype)), ("new_error", lambda T: T.dtype("float32")),
    ("pickle", lambda T: pickle.loads(pickle.dumps(T.float16)) is T.float16),
    ("deepcopy", lambda T: copy.deepcopy(T.int8) is T.int8), ("in_dict", lambda T: {T.float: 1}[T.float32]),
    ("tensor_dtype", lambda T: [T.tensor([1], dtype=getattr(T, n)).dtype for n in REAL]),
    ("is_floating_point_fn", lambda T: (T.is_floating_point(T.tensor(1.0)), T.is_floating_point(T.tensor(1)))),
    ("is_tensor", lambda T: (T.is_tensor(T.tensor(1)), T.is_tensor([1]))),
]:
    case(f"dtype_{cid}", fn)

# -- finfo / iinfo ------------------------------------------------------------------------------------------------
for name in ("float32", "float64", "float16", "bfloat16", "complex64", "complex128"):
    case(f"finfo_{name}", lambda T, n=name: (lambda f: (repr(f), str(f), f.bits, f.eps, f.max, f.min, f.tiny,
                                                        f.smallest_normal, f.resolution, f.dtype))(
        T.finfo(getattr(T, n))))
for name in ("uint8", "int8", "int16", "int32", "int64", "uint16", "uint32"):
    case(f"iinfo_{name}", lambda T, n=name: (lambda f: (repr(f), str(f), f.bits, f.max, f.min, f.dtype))(
        T.iinfo(getattr(T, n))))
for cid, fn in [
    ("finfo_default", lambda T: repr(T.finfo())), ("finfo_python_float", lambda T: repr(T.finfo(float))),
    ("finfo_default_f64", lambda T: with_default(T, "float64", lambda: T.finfo().eps)),
    ("finfo_eq", lambda T: (T.finfo(T.float32) == T.finfo(T.float), T.finfo(T.float32) == T.finfo(T.float64))),
    ("finfo_eps_value", lambda T: T.finfo(T.float32).eps == 2.0 ** -23),
    ("finfo_error_int", lambda T: T.finfo(T.int32)), ("finfo_error_bool", lambda T: T.finfo(T.bool)),
    ("finfo_error_str", lambda T: T.finfo("float32")), ("iinfo_error_float", lambda T: T.iinfo(T.float32)),
    ("iinfo_error_bool", lambda T: T.iinfo(T.bool)), ("iinfo_eq", lambda T: T.iinfo(T.int32) == T.iinfo(T.int)),
    ("finfo_type_name", lambda T: type(T.finfo(T.float32)).__name__),
]:
    case(cid, fn)

# -- the default dtype ----------------------------------------------------------------------------------------------
for cid, fn in [
    ("get", lambda T: T.get_default_dtype()),
    ("float64", lambda T: with_default(T, "float64", lambda: (T.get_default_dtype(), T.tensor(1.0), T.tensor([1, 2.5]),
                                                              T.arange(3.0), T.linspace(0, 1, 3), T.zeros(1), T.ones(1),
                                                              T.tensor(2), T.full((1,), 1.5), T.eye(1), T.arange(3)))),
    ("float16", lambda T: with_default(T, "float16", lambda: (T.get_default_dtype(), T.tensor(0.1), T.arange(0.5, 2),
                                                              T.linspace(0, 1, 4)))),
    ("float64_printing", lambda T: with_default(T, "float64", lambda: (repr(T.tensor([1.5])),
                                                                       repr(T.tensor([1.5], dtype=T.float32)),
                                                                       repr(T.zeros(0))))),
    ("float64_promotion", lambda T: with_default(T, "float64", lambda: (T.tensor([1, 2]) * 1.5).dtype)),
    ("restored", lambda T: with_default(T, "float64", lambda: None) or T.tensor(1.0).dtype),
    ("error_int", lambda T: T.set_default_dtype(T.int32)),
    ("error_complex", lambda T: T.set_default_dtype(T.complex64)),
    ("error_str", lambda T: T.set_default_dtype("float32")),
    ("error_python_float", lambda T: T.set_default_dtype(float)),
    ("error_bool", lambda T: T.set_default_dtype(T.bool)),
]:
    case(f"default_{cid}", fn)


def _try_restore(T, fn):
    try:
        return fn()
    finally:
        T.set_default_dtype(T.float32)


globals().update(make_tests(FAMILY, CASES))


def test_aliases_are_the_same_objects():
    T = torchless_api()
    assert T.float is T.float32 and T.double is T.float64 and T.long is T.int64 and T.half is T.float16


@pytest.mark.parametrize("name", REAL)
def test_tensor_dtype_holds_numpy_dtype(name):
    T = torchless_api()
    d = getattr(T, name)
    assert T.ones(1, dtype=d).numpy().dtype == d.np and d.itemsize == d.np.itemsize


@pytest.mark.parametrize("name", ["bfloat16", "complex64", "complex32", "float8_e4m3fn"])
def test_unsupported_dtype_tensors_raise_not_implemented(name):
    T = torchless_api()
    if getattr(T, name).is_floating_point:
        with pytest.raises(NotImplementedError, match=name):
            T.set_default_dtype(getattr(T, name))
        assert T.get_default_dtype() is T.float32
    with pytest.raises(NotImplementedError, match=name):
        T.zeros(2, dtype=getattr(T, name))
    with pytest.raises(NotImplementedError, match=name):
        T.ones(2).to(getattr(T, name))
