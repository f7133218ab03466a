"""Tensor creation: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace, eye, *_like.

Values are bit-identical to torch 2.13's CPU kernels: ``arange`` and ``linspace`` reproduce the kernels'
fused multiply-adds (and ``arange``'s vectorised blocks), ``logspace`` its double-precision exponents, and
Python data is converted element by element with torch's dtype inference and overflow checks.
"""

from __future__ import annotations

import math
import operator
import os
import warnings

import numpy as np

from . import _dtype as D
from ._device import check_device
from ._tensor import Size, Tensor, _tp_name, invalid_arguments

__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "full", "empty", "empty_strided",
           "arange", "range", "linspace", "logspace", "eye", "zeros_like", "ones_like", "full_like", "empty_like",
           "scalar_tensor", "get_num_threads", "set_num_threads"]

_make = Tensor._make
builtins_range = range
_MISSING = object()  # an argument that was not passed (None may be passed, and is an error)
_INT_FAST = 2**52  # integer aranges in this range need no emulation: NumPy computes them exactly
_PY_SCALARS = frozenset((float, int, bool))
_GRAIN_SIZE = 32768  # at::internal::GRAIN_SIZE: ranges longer than this are split between threads
_FACTORY_KW = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
               "bool pin_memory = False, bool requires_grad = False")


# ----------------------------------------------------------------------------------------------------------------
# argument checking


def _dtype_arg(dtype, fname: str):
    """A ``dtype=`` argument as torch's parser takes it: a torch dtype or the Python types float/int/bool/complex."""
    if dtype is None or isinstance(dtype, D.dtype):
        return dtype
    if dtype is float:
        return D.float64
    if dtype is int:
        return D.int64
    if dtype is bool:
        return D.bool
    if dtype is complex:
        return D.complex128
    raise TypeError(f"{fname}(): argument 'dtype' must be torch.dtype, not {_tp_name(dtype)}")


def _np_dtype(dt: D.dtype) -> np.dtype:
    if not dt._storable:
        raise NotImplementedError(f"torchless does not support {dt!r} tensors")
    return dt.np


def _finish(arr: np.ndarray, requires_grad: bool, device=None, fname: str = "") -> Tensor:
    """``arr`` as a tensor on ``device``; ``fname`` names the factory whose ``requires_grad`` must be a bool (None
    too, but for ``tensor``, where torch's parser has no default for it)."""
    if fname and not isinstance(requires_grad, (bool, np.bool_)) and (requires_grad is not None or fname == "tensor"):
        raise TypeError(f"{fname}(): argument 'requires_grad' must be bool, not {_tp_name(requires_grad)}")
    if device is None and not requires_grad:
        return _make(arr)
    if device is not None:
        check_device(device)
    t = _make(arr)
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._rg = True
    return t


def _invalid_combination(fname: str, args: tuple, signatures: list[str]) -> TypeError:
    return invalid_arguments(fname, args, {}, [f"({s})" for s in signatures])


def _is_int(x) -> bool:
    return (isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))) or \
        (isinstance(x, Tensor) and x.dtype.category == D._INT and x._data.ndim == 0)


def _size(size: tuple, fname: str) -> tuple:
    """``(2, 3)``, ``((2, 3),)`` or ``([2, 3],)`` as a shape tuple, with torch's parser errors."""
    if len(size) == 1 and type(size[0]) in (tuple, list, Size):
        size = size[0]
        for s in size:
            if type(s) is not int or s < 0:
                size = (size,)
                break
        else:
            return tuple(size)
    else:
        for s in size:
            if type(s) is not int or s < 0:
                break
        else:
            if size:
                return size
    if not size:
        raise TypeError(f'{fname}() missing 1 required positional arguments: "size"')
    if len(size) == 1 and not _is_int(size[0]):
        return _size_seq(size[0], fname, 1)
    if not _is_int(size[0]):
        raise TypeError(f"{fname}() takes 1 positional argument but {len(size)} were given")
    return _size_seq(size, fname, 1)


def _size_seq(seq, fname: str, pos: int | None) -> tuple:
    """One ``tuple of ints`` argument, given at position ``pos`` (None: by keyword), as a shape. As in torch's
    parser only the first element's type decides whether it is a tuple of ints, so a later bool counts as an int."""
    where = "" if pos is None else f" (position {pos})"
    if not isinstance(seq, (tuple, list)):
        raise TypeError(f"{fname}(): argument 'size'{where} must be tuple of ints, not {_tp_name(seq)}")
    if seq and not _is_int(seq[0]):
        if pos is None:
            raise TypeError(f"{fname}(): argument 'size' must be tuple of ints, not {_tp_name(seq)}")
        raise TypeError(f"{fname}(): argument 'size'{where} must be tuple of ints, but found element of type "
                        f"{_tp_name(seq[0])} at pos 0")
    for i, s in enumerate(seq):
        if not (_is_int(s) or isinstance(s, (bool, np.bool_))):
            raise TypeError(f"{fname}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {_tp_name(s)}\"")
    shape = tuple(operator.index(s) for s in seq)
    for s in shape:
        if s < 0:
            if fname == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    return shape


def _size_args(size: tuple, kwargs: dict, fname: str) -> tuple:
    """The shape of zeros/ones/empty: positional sizes or ``size=``; any other keyword is an error."""
    size_kw = kwargs.pop("size", None)
    if kwargs:
        raise TypeError(f"{fname}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if size_kw is not None:
        if size:
            raise TypeError(f"{fname}() got multiple values for argument 'size'")
        return _size_seq(size_kw, fname, None)
    return _size(size, fname)


def _no_out(out, fname: str) -> None:
    if out is not None:
        raise NotImplementedError(f"torchless: the out= argument of {fname}() is not supported")


# ----------------------------------------------------------------------------------------------------------------
# scalars: torch's Scalar and its checked conversions (c10::checked_convert)

# the C++ type names torch's Scalar conversions report
_SCALAR_CPP = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
               "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t", "float16": "c10::Half",
               "float32": "float", "float64": "double", "bool": "bool"}


def _number(x, fname: str, argname: str, pos: int):
    """A Number argument as a Python scalar (bool, int or float), with torch's TypeError otherwise."""
    if type(x) is int or type(x) is float or isinstance(x, (bool, int, float)):
        return x
    if isinstance(x, np.generic) and x.dtype.kind in "biuf":
        return x.item()
    if isinstance(x, Tensor) and x._data.ndim == 0 and x.dtype._storable:
        if x.dtype.is_complex:
            raise NotImplementedError("torchless does not support complex numbers")
        return x._data.item()
    if isinstance(x, (complex, np.complexfloating)):
        raise NotImplementedError("torchless does not support complex numbers")
    where = f" (position {pos})" if pos else ""
    raise TypeError(f"{fname}(): argument '{argname}'{where} must be Number, not {_tp_name(x)}")


def _scalar_kind_dtype(v) -> D.dtype:
    """The dtype torch infers from a Number: bool, int64, or the default float dtype."""
    if isinstance(v, bool):
        return D.bool
    if isinstance(v, int):
        return D.int64
    return D.get_default_dtype()


def _scalar_value(v):
    """torch's Scalar: Python ints outside int64 become uint64 or fail as torch's parser fails."""
    if isinstance(v, int) and not isinstance(v, bool):
        if v >= 2**64:
            raise OverflowError("int too big to convert")
        if v < -(2**63):
            raise OverflowError("can't convert negative int to unsigned")
    return v


def _checked(v, dt: D.dtype, numel: int = 2):
    """``Scalar.to<T>()``: the value converted to ``dt`` with torch's overflow errors (a Python number).

    As in torch, filling a single float16 element skips the range check (``fill_``'s one-element path)."""
    cat = dt.category
    if cat == D._BOOL:
        return bool(v)
    if isinstance(v, bool):
        v = int(v)
    if cat == D._FLOAT:
        f = float(v)
        limit = 3.4028234663852886e38 if dt is D.float32 else 65504.0 if dt is D.float16 and numel != 1 else None
        if limit is not None and math.isfinite(f) and abs(f) > limit:
            raise RuntimeError(f"value cannot be converted to type {_SCALAR_CPP[dt.name]} without overflow")
        return f
    info = np.iinfo(dt.np)
    if isinstance(v, float):
        if not (info.min <= v <= info.max):
            raise RuntimeError(f"value cannot be converted to type {_SCALAR_CPP[dt.name]} without overflow")
        return int(v)
    if v > info.max or (v < info.min and (info.min < 0 or -v > info.max or v < -(2**63))) or v >= 2**63 and \
            dt is D.int64:
        raise RuntimeError(f"value cannot be converted to type {_SCALAR_CPP[dt.name]} without overflow")
    return v % (1 << info.bits) if v < 0 and info.min == 0 else v


def _fill_array(shape: tuple, value, dt: D.dtype, like: np.ndarray | None = None) -> np.ndarray:
    npd = _np_dtype(dt)
    v = _checked(value, dt, like.size if like is not None else math.prod(shape))
    with np.errstate(over="ignore"):
        if dt is D.float16:
            v = np.float32(v)
        if like is not None:
            return np.full_like(like, v, dtype=npd)
        return np.full(shape, v, dtype=npd)


# ----------------------------------------------------------------------------------------------------------------
# Python data -> array (torch's internal_new_from_data)

_numpy_list_warned = [False]


def _is_sequence(obj) -> bool:
    """PySequence_Check as torch sees it: lists, tuples, strings, arrays; not tensors, dicts or numpy scalars."""
    if isinstance(obj, (list, tuple, str, bytes, np.ndarray, builtins_range)):
        return True
    if isinstance(obj, (Tensor, np.generic, dict, set, frozenset)) or obj is None:
        return False
    return hasattr(type(obj), "__getitem__") and hasattr(type(obj), "__len__")


def _compute_sizes(data) -> list:
    sizes = []
    seq = data
    while _is_sequence(seq):
        n = len(seq)
        sizes.append(n)
        if len(sizes) > 64:
            raise ValueError(f"too many dimensions '{_tp_name(seq)}'")
        if n == 0:
            break
        try:
            seq = seq[0]
        except Exception:
            raise ValueError(f"could not determine the shape of object type '{_tp_name(seq)}'") from None
    return sizes


def _infer(obj) -> D.dtype:
    """torch's infer_scalar_type."""
    if isinstance(obj, np.ndarray):
        return D.from_numpy_dtype(obj.dtype)
    if isinstance(obj, np.generic):
        if isinstance(obj, (np.str_, np.bytes_)):
            raise TypeError(f"new(): invalid data type '{_tp_name(obj)}'")
        return D.from_numpy_dtype(obj.dtype)
    if isinstance(obj, float):
        return D.get_default_dtype()
    if isinstance(obj, bool):
        return D.bool
    if isinstance(obj, int):
        return D.int64
    if isinstance(obj, complex):
        raise NotImplementedError("torchless does not support complex tensors")
    if isinstance(obj, Tensor):
        return obj.dtype
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{_tp_name(obj)}'")
    if _is_sequence(obj):
        if len(obj) == 0:
            return D.get_default_dtype()
        dt = None
        for item in obj:
            if item is obj:
                raise TypeError("new(): self-referential lists are incompatible")
            d = _infer(item)
            dt = d if dt is None else D.promote_types(dt, d)
        return dt
    raise RuntimeError(f"Could not infer dtype of {_tp_name(obj)}")


def _as_double(obj) -> float:
    """PyFloat_AsDouble: __float__, else __index__, else torch's TypeError."""
    tp = type(obj)
    if hasattr(tp, "__float__"):
        return float(obj)
    if hasattr(tp, "__index__"):
        return float(operator.index(obj))
    raise TypeError(f"must be real number, not {_tp_name(obj)}")


def _unpack(obj, dt: D.dtype):
    """torch's store_scalar: one Python element converted to ``dt`` (a Python number), with torch's errors."""
    cat = dt.category
    if cat == D._FLOAT:
        return obj if type(obj) is float else _as_double(obj)
    if cat == D._BOOL:
        if isinstance(obj, (float, np.bool_)):
            return bool(obj)
        return bool(operator.index(obj))
    if isinstance(obj, float):
        v = float(obj)
        info = np.iinfo(dt.np)
        if not (info.min <= v <= info.max):
            raise RuntimeError(f"value cannot be converted to type {dt.name} without overflow")
        return int(v)
    v = operator.index(obj)
    if not -(2**63) <= v < 2**63:
        raise ValueError("Overflow when unpacking long long")
    info = np.iinfo(dt.np)
    if v > info.max or (v < info.min and (info.min < 0 or -v > info.max)):
        raise RuntimeError(f"value cannot be converted to type {dt.name} without overflow")
    return v % (1 << info.bits) if v < 0 and info.min == 0 else v


def _store(obj, sizes: list, dim: int, dt: D.dtype, out: list) -> None:
    if dim == len(sizes):
        out.append(_unpack(obj, dt))
        return
    if type(obj) is list or type(obj) is tuple:
        seq = obj
    else:
        try:
            it = iter(obj)
        except TypeError:
            raise TypeError("not a sequence") from None
        seq = list(it)
    n = sizes[dim]
    if len(seq) != n:
        raise ValueError(f"expected sequence of length {n} at dim {dim} (got {len(seq)})")
    for item in seq:
        if isinstance(item, np.ndarray) and not _numpy_list_warned[0]:
            _numpy_list_warned[0] = True
            warnings.warn("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider "
                          "converting the list to a single numpy.ndarray with numpy.array() before converting to "
                          "a tensor.", UserWarning, stacklevel=4)
        _store(item, sizes, dim + 1, dt, out)


def _values_to_array(values, dt: D.dtype) -> np.ndarray:
    """Python numbers already converted by ``_unpack``/``_checked`` -> an array of ``dt`` (floats via double)."""
    npd = _np_dtype(dt)
    if dt.category == D._FLOAT:
        arr = np.array(values, dtype=np.float64)
        if npd != np.float64:
            with np.errstate(over="ignore"):
                arr = arr.astype(np.float32) if npd == np.float32 else arr.astype(np.float32).astype(npd)
        return arr
    return np.array(values, dtype=npd)


def _leaf_types(data, types: set) -> None:
    """The types of the non-list leaves of nested lists/tuples (C-speed per innermost list)."""
    ts = set(map(type, data))
    if list in ts or tuple in ts:
        for x in data:
            if type(x) is list or type(x) is tuple:
                _leaf_types(x, types)
        ts.discard(list)
        ts.discard(tuple)
    types |= ts


def _py_array(data, dt: D.dtype | None) -> np.ndarray | None:
    """Fast path for Python numbers in nested lists: NumPy builds the array, then torch's conversion rules.

    Returns None when the data needs the exact element-by-element path (errors, mixed element kinds)."""
    if type(data) is list or type(data) is tuple:
        leaves: set = set()
        _leaf_types(data, leaves)
        if not leaves <= _PY_SCALARS:
            return None
    else:
        leaves = {type(data)}
    try:
        arr = np.array(data)
    except (ValueError, OverflowError):
        return None
    kind = arr.dtype.kind
    if kind not in "bif":
        return None  # ints beyond int64 (uint64 or object): the exact path raises torch's error
    inferred = D.get_default_dtype() if (float in leaves or not leaves) else D.int64 if int in leaves else D.bool
    target = inferred if dt is None else dt
    cat = target.category
    npd = _np_dtype(target)
    if cat == D._FLOAT:
        if kind != "f":
            arr = arr.astype(np.float64)
        if npd != np.float64:
            with np.errstate(over="ignore"):
                arr = arr.astype(np.float32) if npd == np.float32 else arr.astype(np.float32).astype(npd)
        return arr
    if cat == D._BOOL:
        return arr.astype(np.bool_)
    info = np.iinfo(npd)
    if kind == "f":
        if int in leaves:
            return None  # ints mixed with floats keep their exact value in torch
        if arr.size and not np.all((arr >= info.min) & (arr <= info.max)):
            raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")
        return np.trunc(arr).astype(npd)
    if arr.size and kind == "i" and npd != np.int64:
        lo, hi = int(arr.min()), int(arr.max())
        if hi > info.max or (lo < info.min and (info.min < 0 or -lo > info.max)):
            raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")
    return arr.astype(npd)


def _check_numpy(arr: np.ndarray) -> D.dtype:
    dt = D.from_numpy_dtype(arr.dtype)
    if not arr.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. Conversion "
                         "between byte orders is currently not supported.")
    if any(s < 0 for s in arr.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a copy "
                         "of your array  with array.copy().) ")
    return dt


def _convert(arr: np.ndarray, dt: D.dtype) -> np.ndarray:
    """A tensor-to-tensor dtype conversion (a copy, keeping the memory layout)."""
    npd = _np_dtype(dt)
    if npd == arr.dtype:
        return np.array(arr, copy=True, order="K")
    with np.errstate(invalid="ignore", over="ignore"):
        if npd == np.float16 and arr.dtype != np.float32:
            arr = arr.astype(np.float32, order="K")
        return arr.astype(npd, order="K")


def _new_from_data(data, dt: D.dtype | None) -> np.ndarray:
    """A new array holding ``data`` (not a tensor or an ndarray) as torch converts it."""
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{_tp_name(data)}'")
    arr = _py_array(data, dt) if type(data) in (list, tuple, float, int, bool) else None
    if arr is not None:
        return arr
    sizes = _compute_sizes(data)
    target = _infer(data) if dt is None else dt
    _np_dtype(target)
    values: list = []
    _store(data, sizes, 0, target, values)
    return _values_to_array(values, target).reshape(sizes)


# ----------------------------------------------------------------------------------------------------------------
# tensor, as_tensor, asarray, from_numpy


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (a number, nested lists, a NumPy array or a tensor).

    Python floats give the default dtype, ints int64, bools bool; NumPy arrays and scalars keep their dtype.
    """
    dt = _dtype_arg(dtype, "tensor")
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2)
        arr = _convert(data._data, data.dtype if dt is None else dt)
    elif isinstance(data, np.ndarray):
        src = _check_numpy(data)
        arr = _convert(data, src if dt is None else dt)
    else:
        arr = _new_from_data(data, dt)
    return _finish(arr, requires_grad, device, "tensor")


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """``data`` as a tensor, sharing memory with a tensor or an ndarray of the requested dtype."""
    dt = _dtype_arg(dtype, "as_tensor")
    if device is not None:
        check_device(device)
    if isinstance(data, Tensor):
        return data if dt is None or dt is data.dtype else data.to(dt)
    if isinstance(data, np.ndarray):
        src = _check_numpy(data)
        _warn_not_writable(data)
        if dt is None or dt is src:
            return _make(data)
        return _make(_convert(data, dt))
    return _make(_new_from_data(data, dt))


def asarray(obj, *, dtype=None, device=None, copy: bool | None = None, requires_grad: bool = False) -> Tensor:
    """``obj`` as a tensor: shares memory when it can and ``copy`` is not True; ``copy=False`` demands sharing."""
    dt = _dtype_arg(dtype, "asarray")
    if device is not None:
        check_device(device)
    if isinstance(obj, (Tensor, np.ndarray)):
        src = obj.dtype if isinstance(obj, Tensor) else _check_numpy(obj)
        data = obj._data if isinstance(obj, Tensor) else obj
        if copy is False and dt is not None and dt is not src:
            raise ValueError(f"can't alias tensor with dtype '{src._torch_name}' into dtype '{dt._torch_name}'.")
        if copy:
            t = _make(_convert(data, src if dt is None else dt))
        elif dt is None or dt is src:
            if isinstance(obj, np.ndarray):
                _warn_not_writable(obj)
            t = obj if isinstance(obj, Tensor) else _make(obj)
        else:
            t = obj.to(dt) if isinstance(obj, Tensor) else _make(_convert(obj, dt))
    else:
        if copy is False:
            raise ValueError("can't alias arbitrary sequence into a tensor.")
        t = _make(_new_from_data(obj, dt))
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t.requires_grad_(True)
    return t


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing the array's memory and dtype (float64 stays float64)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {_tp_name(ndarray)})")
    _check_numpy(ndarray)
    _warn_not_writable(ndarray)
    return _make(ndarray)


_not_writable_warned = [False]


def _warn_not_writable(arr: np.ndarray) -> None:
    """torch warns (once per program) when a tensor would share a read-only array's memory."""
    if not arr.flags.writeable and not _not_writable_warned[0]:
        _not_writable_warned[0] = True
        warnings.warn(
            "The given NumPy array is not writable, and PyTorch does not support non-writable tensors. This means "
            "writing to this tensor will result in undefined behavior. You may want to copy the array to protect "
            "its data or make it writable before converting it to a tensor. This type of warning will be "
            "suppressed for the rest of this program.", UserWarning, stacklevel=3)


# ----------------------------------------------------------------------------------------------------------------
# filled tensors


def _factory_dtype(dtype, fname: str) -> np.dtype:
    if dtype is None:
        return D._default[0].np
    dt = _dtype_arg(dtype, fname)
    return _np_dtype(D.get_default_dtype() if dt is None else dt)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
          pin_memory: bool = False, **kwargs) -> Tensor:
    """A tensor of zeros with shape ``size`` (the default float dtype unless ``dtype`` is given)."""
    shape = _size_args(size, kwargs, "zeros")
    _no_out(out, "zeros")
    return _finish(np.zeros(shape, dtype=_factory_dtype(dtype, "zeros")), requires_grad, device, "zeros")


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
         pin_memory: bool = False, **kwargs) -> Tensor:
    """A tensor of ones with shape ``size``."""
    shape = _size_args(size, kwargs, "ones")
    _no_out(out, "ones")
    return _finish(np.ones(shape, dtype=_factory_dtype(dtype, "ones")), requires_grad, device, "ones")


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
          pin_memory: bool = False, memory_format=None, **kwargs) -> Tensor:
    """Like torch.empty; torchless fills with zeros so that results never depend on stale memory."""
    shape = _size_args(size, kwargs, "empty")
    _no_out(out, "empty")
    return _finish(np.zeros(shape, dtype=_factory_dtype(dtype, "empty")), requires_grad, device, "empty")


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
                  pin_memory: bool = False) -> Tensor:
    """A zero-filled tensor with the given shape and strides (in elements)."""
    shape = _size((tuple(size),), "empty_strided")
    npd = _factory_dtype(dtype, "empty_strided")
    stride = tuple(int(s) for s in stride)
    if len(stride) != len(shape):
        raise RuntimeError("mismatch in length of strides and shape")
    extent = 0 if 0 in shape else 1 + sum((n - 1) * s for n, s in zip(shape, stride))
    buf = np.zeros(extent, dtype=npd)
    arr = np.lib.stride_tricks.as_strided(buf, shape, tuple(s * buf.itemsize for s in stride), writeable=True)
    return _finish(arr, requires_grad, device)


def full(size, fill_value=_MISSING, *, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
         pin_memory: bool = False) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value`` (int64 for ints, bool for bools, else the default float)."""
    if fill_value is _MISSING:
        raise TypeError('full() missing 1 required positional arguments: "fill_value"')
    shape = _size_seq(size, "full", 1)
    v = _scalar_value(_number(fill_value, "full", "fill_value", 2))
    _no_out(out, "full")
    dt = _dtype_arg(dtype, "full")
    dt = _scalar_kind_dtype(v) if dt is None else dt
    return _finish(_fill_array(shape, v, dt), requires_grad, device, "full")


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
                  pin_memory: bool = False) -> Tensor:
    """A 0-dim tensor holding ``s`` (the default float dtype unless ``dtype`` is given, even for ints)."""
    v = _scalar_value(_number(s, "scalar_tensor", "s", 1))
    dt = _dtype_arg(dtype, "scalar_tensor")
    return _finish(_fill_array((), v, D.get_default_dtype() if dt is None else dt), requires_grad, device)


def eye(n: int, m: int | None = None, *, out=None, dtype=None, layout=None, device=None,
        requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """The ``n`` x ``m`` identity matrix (square when ``m`` is omitted)."""
    if m is None and not _is_int(n):
        raise TypeError(f"eye(): argument 'n' (position 1) must be int, not {_tp_name(n)}")
    if m is not None and not (_is_int(n) and _is_int(m)):
        raise _invalid_combination("eye", (n, m), [f"int n, *, Tensor out = None, {_FACTORY_KW}",
                                                   f"int n, int m, *, Tensor out = None, {_FACTORY_KW}"])
    n = operator.index(n)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    m = n if m is None else operator.index(m)
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    _no_out(out, "eye")
    return _finish(np.eye(n, m, dtype=_factory_dtype(dtype, "eye")), requires_grad, device)


def _like(input, dtype, fname: str) -> np.dtype:
    if not isinstance(input, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {_tp_name(input)}")
    dt = _dtype_arg(dtype, fname)
    return input.dtype.np if dt is None else _np_dtype(dt)


def zeros_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
               memory_format=None, pin_memory: bool = False) -> Tensor:
    """Zeros with the shape (and memory layout) of ``input``."""
    return _finish(np.zeros_like(input._data if isinstance(input, Tensor) else None,
                                 dtype=_like(input, dtype, "zeros_like")), requires_grad, device)


def ones_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
              memory_format=None, pin_memory: bool = False) -> Tensor:
    """Ones with the shape (and memory layout) of ``input``."""
    npd = _like(input, dtype, "ones_like")
    return _finish(np.ones_like(input._data, dtype=npd), requires_grad, device)


def empty_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
               memory_format=None, pin_memory: bool = False) -> Tensor:
    """Like torch.empty_like, filled with zeros."""
    npd = _like(input, dtype, "empty_like")
    return _finish(np.zeros_like(input._data, dtype=npd), requires_grad, device)


def full_like(input: Tensor, fill_value, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
              memory_format=None, pin_memory: bool = False) -> Tensor:
    """``fill_value`` in the shape of ``input``, converted to ``input``'s dtype unless ``dtype`` is given."""
    _like(input, dtype, "full_like")
    v = _scalar_value(_number(fill_value, "full_like", "fill_value", 2))
    dt = _dtype_arg(dtype, "full_like")
    return _finish(_fill_array(None, v, input.dtype if dt is None else dt, like=input._data), requires_grad, device)


# ----------------------------------------------------------------------------------------------------------------
# exact fused multiply-add, as torch's vectorised CPU kernels compute ``start + step * i``

_SPLIT = 134217729.0  # 2**27 + 1 (Veltkamp splitting of a double)


def _add_odd(x, y):
    """x + y rounded to odd: when inexact, the neighbour of the exact sum whose last bit is odd."""
    s = x + y
    bb = s - x
    err = (x - (s - bb)) + (y - bb)  # x + y == s + err exactly (Knuth's TwoSum)
    fix = (err != 0) & ((s.view(np.int64) & 1) == 0)
    if fix.any():
        s = np.where(fix, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)
    return s


def _fma64(a, k: np.ndarray, c) -> np.ndarray:
    """``a * k + c`` rounded once to float64, as the fused multiply-add of torch's kernels computes it.

    ``a`` is a finite scalar, ``k`` an integer-valued float64 array (``|k| < 2**26``), ``c`` a finite scalar or
    array, all of moderate size. Boldo & Melquiond's emulation: ``RN(s + RO(se + pe))`` where ``a * k = p + pe``
    and ``p + c = s + se`` exactly."""
    a = float(a)
    p = a * k
    t = _SPLIT * a
    ah = t - (t - a)
    pe = (ah * k - p) + (a - ah) * k  # Dekker's product error (k fits in 26 bits: no need to split it)
    s = p + c
    bb = s - c
    se = (c - (s - bb)) + (p - bb)
    r = s + _add_odd(se, pe)
    if not r.all():  # an exact zero: its sign is that of the plain expression, as with a hardware fma
        r = np.where(r == 0, s, r)
    return r


def _fma32(a, k: np.ndarray, c) -> np.ndarray:
    """``a * k + c`` rounded once to float32 for float32 ``a``, ``c`` and integer-valued ``k`` (``|k| <= 2**24``):
    the product is exact in double, and a sum rounded to odd in double then rounds correctly to float32."""
    return _add_odd(float(a) * k, np.asarray(c, np.float64) if not np.isscalar(c) else float(c)).astype(np.float32)


# ----------------------------------------------------------------------------------------------------------------
# arange, range, linspace, logspace

_threads = [0]


def _pow(base: float, x: float) -> float:
    """C's ``pow`` (inf on overflow, nan where it is undefined, as torch's kernel gives)."""
    try:
        return math.pow(base, x)
    except (OverflowError, ValueError):
        with np.errstate(all="ignore"):
            return float(np.power(np.float64(base), x))


def _physical_cores() -> int:
    """Physical cores, as torch's default intra-op thread count (cpuinfo) counts them."""
    cores = set()
    base = "/sys/devices/system/cpu"
    try:
        for name in os.listdir(base):
            if name.startswith("cpu") and name[3:].isdigit():
                topo = os.path.join(base, name, "topology")
                with open(os.path.join(topo, "core_id")) as f1, open(os.path.join(topo, "physical_package_id")) as f2:
                    cores.add((f1.read().strip(), f2.read().strip()))
    except OSError:
        cores = set()
    return len(cores) or os.cpu_count() or 1


def get_num_threads() -> int:
    """The intra-op thread count torch would use here (OMP_NUM_THREADS, else the physical cores).

    torchless runs single-threaded; the count only shapes ``arange``'s values on long ranges, which torch's
    kernel splits between threads."""
    if not _threads[0]:
        env = os.environ.get("OMP_NUM_THREADS", "") or os.environ.get("MKL_NUM_THREADS", "")
        _threads[0] = int(env) if env.isdigit() and int(env) > 0 else _physical_cores()
    return _threads[0]


def set_num_threads(int: int) -> None:  # noqa: A002 - torch's name
    """Set the thread count torch would use (see get_num_threads)."""
    if int <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _threads[0] = int


def _exact_grid(start, step, n: int, bits: int) -> bool:
    """Whether every ``start + step * i`` (i < n) is exact in ``bits``-bit floats, so rounding never happens
    and any evaluation order gives torch's values (``arange(5.)``, ``arange(0, 2, 0.25)``)."""
    a, da = float(start).as_integer_ratio()
    b, db = float(step).as_integer_ratio()
    d = max(da, db)
    a, b = a * (d // da), b * (d // db)
    return abs(a) + abs(b) * max(n - 1, 0) < (1 << bits) and d < (1 << 120)


# SIMD width of Vectorized<T> in torch's AVX2 CPU kernels (elements per vector)
_VEC_WIDTH = {np.dtype(np.float16): 16, np.dtype(np.float32): 8, np.dtype(np.float64): 4}


def _arange_float(start: float, step: float, n: int, npd: np.dtype) -> np.ndarray:
    """torch's arange kernel for floating types: ``start + step * i`` fused in the accumulate type.

    Per thread chunk, whole pairs of vectors compute a rounded base ``start + step * i0`` and then
    ``base + k * step`` for each lane k; the tail is scalar."""
    if npd != np.float16 and _exact_grid(start, step, n, 24 if npd == np.float32 else 53):
        return (float(start) + float(step) * np.arange(n, dtype=np.float64)).astype(npd, copy=False)
    out = np.empty(n, npd)
    fma, acc = (_fma32, np.float32) if npd == np.float16 else (_fma64, np.float64)
    s, st = acc(start), acc(step)

    w = _VEC_WIDTH[npd]
    threads = get_num_threads()
    if n < _GRAIN_SIZE or threads == 1:
        chunks = [(0, n)]
    else:
        size = -(-n // min(threads, -(-n // _GRAIN_SIZE)))
        chunks = [(b, min(n, b + size)) for b in builtins_range(0, n, size)]
    lanes = np.arange(w, dtype=np.float64)
    for b0, b1 in chunks:
        nvec = (b1 - b0) // (2 * w) * (2 * w)
        tail = np.arange(b0 + nvec, b1, dtype=np.float64)
        if acc is np.float32 and b1 > 2**24:
            tail = tail.astype(np.float32).astype(np.float64)  # the index converted to the accumulate type
        out[b0 + nvec:b1] = fma(st, tail, s)
        if nvec:
            firsts = np.arange(b0, b0 + nvec, w, dtype=np.float64)
            base = fma(st, firsts, s).astype(npd).astype(np.float64)
            vals = fma(st, lanes[None, :], base[:, None])
            vals[:, 0] = base  # lane 0 is ``base`` itself (no ``+ 0 * step``: a -0.0 base stays -0.0)
            out[b0:b0 + nvec] = vals.astype(npd).reshape(-1)
    return out


def arange(start=0, end=_MISSING, step=_MISSING, *, out=None, dtype=None, layout=None, device=None,
           requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """Values from ``start`` up to (not including) ``end`` by ``step``: int64 for ints, else the default float."""
    if type(start) is int and dtype is None and out is None and not requires_grad and device is None:
        if end is _MISSING and 0 <= start < _INT_FAST:
            return _make(np.arange(start, dtype=np.int64))
        if type(end) is int and (step is _MISSING or type(step) is int and step > 0) \
                and -_INT_FAST < start <= end < _INT_FAST:
            return _make(np.arange(start, end, 1 if step is _MISSING else step, dtype=np.int64))
    given = tuple(a for a in (start, end, step) if a is not _MISSING)
    if end is _MISSING:
        start, end = 0, start
    if step is _MISSING:
        step = 1
    try:
        nums = [_number(a, "arange", "end", 1) for a in (start, end, step)]
    except TypeError:
        if len(given) == 1:
            raise
        raise _invalid_combination("arange", given, [
            f"Number end, *, Tensor out = None, {_FACTORY_KW}", f"Number start, Number end, *, {_FACTORY_KW}",
            f"Number start, Number end, Number step = 1, *, Tensor out = None, {_FACTORY_KW}"]) from None
    start, end, step = (_scalar_value(v) for v in nums)
    _no_out(out, "arange")
    dt = _dtype_arg(dtype, "arange")
    if dt is None:
        dt = D.int64 if all(isinstance(v, int) for v in (start, end, step)) else D.get_default_dtype()
    if dt is D.bool:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    npd = _np_dtype(dt)
    fs, fe, fstep = float(start), float(end), float(step)
    if fstep == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(fs) and math.isfinite(fe)):
        raise RuntimeError(f"unsupported range: {_fmt_g(fs)} -> {_fmt_g(fe)}")
    if not ((fstep > 0 and fe >= fs) or (fstep < 0 and fe <= fs)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dt.category == D._INT:
        istart, iend, istep = int(start), int(end), int(step)  # Scalar.to<int64_t>() truncates
        if dt is D.int64:
            if istep == 0:
                raise ValueError("step must be nonzero")
            sgn = (istep > 0) - (istep < 0)
            num = iend - istart + istep - sgn
            n = abs(num) // abs(istep) * (1 if (num >= 0) == (istep > 0) else -1)
        else:
            n = math.ceil((fe - fs) / fstep)
        if n < 0 or n > 2**63 - 1:
            raise RuntimeError("invalid size, possible overflow?")
        with np.errstate(over="ignore"):
            arr = istart + istep * np.arange(n, dtype=np.int64)
        return _finish(arr.astype(npd, copy=False), requires_grad, device)
    size_d = math.ceil((fe - fs) / fstep)
    if not 0 <= size_d <= 2**63 - 1:
        raise RuntimeError("invalid size, possible overflow?")
    return _finish(_arange_float(start, step, int(size_d), npd), requires_grad, device)


def _fmt_g(x: float) -> str:
    return f"{x:g}"


def range(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,  # noqa: A001
          requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """Deprecated torch.range: like arange but including ``end`` (default float dtype)."""
    if end is None:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=2)
    start, end, step = (_scalar_value(_number(v, "range", n, i + 1))
                        for i, (v, n) in enumerate(((start, "start"), (end, "end"), (step, "step"))))
    _no_out(out, "range")
    dt = _dtype_arg(dtype, "range")
    dt = D.get_default_dtype() if dt is None else dt
    npd = _np_dtype(dt)
    if dt.category == D._INT:
        xs, xe, xst = int(start), int(end), int(step)
    else:
        acc = np.float32 if dt is D.float16 else np.float64
        xs, xe, xst = acc(start), acc(end), acc(step)
    if xst == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(float(xs)) and math.isfinite(float(xe))):
        raise RuntimeError(f"unsupported range: {_fmt_g(float(xs))} -> {_fmt_g(float(xe))}")
    if not ((xst > 0 and xe >= xs) or (xst < 0 and xe <= xs)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = int((xe - xs) / xst + 1)
    if dt.category == D._INT:
        arr = (xs + xst * np.arange(n, dtype=np.int64)).astype(npd)
    else:  # ``xstart + i * xstep`` in the accumulate type (this kernel is not fused)
        arr = (xs + np.arange(n).astype(type(xs)) * xst).astype(npd)
    return _finish(arr, requires_grad, device)


def _space_args(fname: str, start, end, steps):
    """Validate linspace/logspace arguments: Number or 0-dim Tensor ends, an int ``steps``."""
    sigs_base = ", float base = 10.0" if fname == "logspace" else ""
    sigs = [f"{a} start, {b} end, int steps{sigs_base}, *, Tensor out = None, {_FACTORY_KW}"
            for a, b in (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number"))]
    given = (start, end) if steps is _MISSING else (start, end, steps)
    ok = _is_int(steps)
    vals = []
    for which, v in (("start", start), ("end", end)):
        if isinstance(v, Tensor) and v._data.ndim != 0:
            raise RuntimeError(f"{fname} only supports 0-dimensional start and end tensors, but got {which} with "
                               f"{v._data.ndim} dimension(s).")
        try:
            vals.append(_scalar_value(_number(v, fname, which, 0)))
        except TypeError:
            ok = False
    if not ok:
        raise _invalid_combination(fname, given, sigs)
    steps = operator.index(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return vals[0], vals[1], steps


def linspace(start, end, steps=_MISSING, *, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
             pin_memory: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` (both included), as torch's kernel computes them:
    the first half forward from ``start``, the second half back from ``end``."""
    start, end, steps = _space_args("linspace", start, end, steps)
    _no_out(out, "linspace")
    dt = _dtype_arg(dtype, "linspace")
    dt = D.get_default_dtype() if dt is None else dt
    if dt is D.bool:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    npd = _np_dtype(dt)
    if steps == 0:
        return _finish(np.zeros(0, npd), requires_grad, device)
    if steps == 1:
        return _finish(_fill_array((1,), start, dt), requires_grad, device)
    s, e = _checked(start, dt), _checked(end, dt)
    half = steps // 2
    # k counts up from start for the first half and down (negative) from end for the second; the last is -0.0
    # so that ``end - step * 0`` keeps the sign of a zero end, as the kernel's fused ``end - step * k`` does
    k = np.arange(steps, dtype=np.float64)
    k[half:] -= steps - 1
    k[-1] = -0.0
    if dt is D.float16:  # c10::Half arithmetic: every operation rounds to half
        h = np.float16
        with np.errstate(all="ignore"):
            sh, eh = h(np.float32(s)), h(np.float32(e))
            st = h(np.float32(eh - sh) / np.float32(h(steps - 1)))
            prod = (st * np.abs(k).astype(h)).astype(h)
            arr = np.concatenate([sh + prod[:half], eh - prod[half:]]).astype(h)
        return _finish(arr, requires_grad, device)
    if dt is D.float32:
        fma = _fma32
        if abs(float(s)) + abs(float(e)) < 3e38:
            sv, ev = np.float32(s), np.float32(e)
            st = float((ev - sv) / np.float32(steps - 1))
        else:
            with np.errstate(all="ignore"):
                sv, ev = np.float32(s), np.float32(e)
                st = float((ev - sv) / np.float32(steps - 1))
        sv, ev = float(sv), float(ev)
        if steps > 2**24:
            k = k.astype(np.float32).astype(np.float64)  # the index converted to float, as in C++
    else:  # float64; integers use a double step, then truncate
        fma = _fma64
        if dt is D.float64:
            sv, ev = s, e
        else:
            sv, ev = float(int(np.array(s).astype(npd))), float(int(np.array(e).astype(npd)))
        st = (ev - sv) / (steps - 1) if abs(sv) + abs(ev) < 1e300 else float(np.float64(ev) - sv) / (steps - 1)
    c = np.empty(steps)
    c[:half] = sv
    c[half:] = ev
    if math.isfinite(st) and math.isfinite(sv) and math.isfinite(ev) and abs(st) * steps + abs(sv) + abs(ev) < 1e300:
        arr = fma(st, k, c)
    else:
        with np.errstate(all="ignore"):
            arr = st * k + c
    if arr.dtype != npd:
        with np.errstate(all="ignore"):
            arr = arr.astype(npd)
    return _finish(arr, requires_grad, device)


def logspace(start, end, steps=_MISSING, base: float = 10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """``base`` raised to ``steps`` evenly spaced exponents from ``start`` to ``end``."""
    start, end, steps = _space_args("logspace", start, end, steps)
    base = float(_number(base, "logspace", "base", 4))
    _no_out(out, "logspace")
    dt = _dtype_arg(dtype, "logspace")
    dt = D.get_default_dtype() if dt is None else dt
    if dt is D.bool:
        raise NotImplementedError("\"logspace_cpu\" not implemented for 'Bool'")
    npd = _np_dtype(dt)
    with np.errstate(all="ignore"):
        if steps == 0:
            return _finish(np.zeros(0, npd), requires_grad, device)
        if steps == 1:
            return _finish(_fill_array((1,), float(np.power(base, float(start))), dt), requires_grad, device)
        s, e = _checked(start, dt), _checked(end, dt)
        if dt.category == D._FLOAT:  # scalar_end - scalar_start in the dtype's own arithmetic
            cast = (lambda v: np.float16(np.float32(v))) if dt is D.float16 else npd.type
            sv, ev = cast(s), cast(e)
            diff = float(ev - sv)
            sv, ev = float(sv), float(ev)
        else:  # C++ integer promotion: the difference does not wrap
            sv, ev = int(np.array(s).astype(npd)), int(np.array(e).astype(npd))
            diff = float(ev - sv)
        st = diff / (steps - 1)
        i = np.arange(steps)
        half = steps // 2
        expo = np.concatenate([sv + st * i[:half], ev - st * (steps - 1 - i[half:])])
        # C's pow, correctly rounded in practice; NumPy's SIMD power can be an ulp off on some CPUs
        vals = np.array([_pow(base, x) for x in expo.tolist()], np.float64)
        if dt is D.float16:
            vals = vals.astype(np.float32)
        arr = vals.astype(npd)
    return _finish(arr, requires_grad, device)

