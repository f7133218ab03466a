"""Tensor creation: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace, eye, *_like."""

from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from . import _dtype as D
from ._device import device as _device
from ._tensor import Tensor

__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "full", "empty", "arange", "range",
           "linspace", "logspace", "eye", "zeros_like", "ones_like", "full_like", "empty_like", "scalar_tensor",
           "empty_strided"]


def _finish(arr: np.ndarray, requires_grad: bool, device=None) -> Tensor:
    if device is not None:
        _device(device)._check_available()
    t = Tensor._make(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _infer_array(data) -> np.ndarray:
    """NumPy array of Python data with torch's dtype inference (floats: default dtype; ints: int64)."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, np.ndarray):
        return data
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in _flat(data)):
        data = _untensor(data)
    if isinstance(data, str) or (isinstance(data, (list, tuple)) and any(isinstance(x, str) for x in _flat(data))):
        raise TypeError("new(): invalid data type 'str'")
    try:
        arr = np.array(data)
    except ValueError as e:
        raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    kind = arr.dtype.kind
    if kind == "f":
        return arr.astype(D.get_default_dtype().np, copy=False) if arr.dtype == np.float64 and \
            not _has_np_float64(data) else arr
    if kind in "iu" and not isinstance(data, np.generic):
        return arr.astype(np.int64, copy=False) if not _has_np_scalars(data) else arr
    if kind == "b":
        return arr
    if kind == "O" or kind == "U":
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if kind == "c":
        raise NotImplementedError("torchless does not support complex tensors")
    return arr


def _flat(data):
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        else:
            yield x


def _untensor(data):
    if isinstance(data, Tensor):
        if data._data.size != 1 and data._data.ndim == 0:
            return data._data
        return data._data if data._data.ndim else data._data.item()
    if isinstance(data, (list, tuple)):
        return [_untensor(x) for x in data]
    return data


def _has_np_float64(data) -> bool:
    return isinstance(data, np.float64) or (isinstance(data, (list, tuple)) and
                                            any(isinstance(x, np.float64) for x in _flat(data)))


def _has_np_scalars(data) -> bool:
    return isinstance(data, (list, tuple)) and any(isinstance(x, np.generic) for x in _flat(data))


def tensor(data, dtype=None, device=None, requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (a number, nested lists, a NumPy array or a tensor)."""
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2)
    arr = _infer_array(data)
    arr = np.array(arr, dtype=None if dtype is None else D.to_dtype(dtype).np, copy=True)
    return _finish(arr, requires_grad, device)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """A tensor sharing ``data``'s memory when it is already a tensor or an array of the right dtype."""
    if isinstance(data, Tensor):
        return data if dtype is None or D.to_dtype(dtype) is data.dtype else data.to(D.to_dtype(dtype))
    if isinstance(data, np.ndarray):
        if dtype is None or D.to_dtype(dtype).np == data.dtype:
            return from_numpy(data)
        return _finish(data.astype(D.to_dtype(dtype).np), False, device)
    return tensor(data, dtype=dtype, device=device)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad: bool = False) -> Tensor:
    t = tensor(obj, dtype=dtype) if copy else as_tensor(obj, dtype=dtype)
    return t.requires_grad_(requires_grad) if requires_grad else t


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing the array's memory and dtype (float64 stays float64)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    return Tensor._make(ndarray)


def _size(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    for s in size:
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"zeros(): argument 'size' (position 1) must be tuple of ints, but found element of "
                            f"type {type(s).__name__} at pos 0")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
    return tuple(int(s) for s in size)


def _dt(dtype) -> np.dtype:
    return (D.get_default_dtype() if dtype is None else D.to_dtype(dtype)).np


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False) -> Tensor:
    return _finish(np.zeros(_size(size), dtype=_dt(dtype)), requires_grad, device)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False) -> Tensor:
    return _finish(np.ones(_size(size), dtype=_dt(dtype)), requires_grad, device)


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False,
          memory_format=None) -> Tensor:
    """Like torch.empty; torchless fills with zeros so that results never depend on stale memory."""
    return _finish(np.zeros(_size(size), dtype=_dt(dtype)), requires_grad, device)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return empty(tuple(size), dtype=dtype, requires_grad=requires_grad)


def _scalar_dtype(value, dtype) -> np.dtype:
    if dtype is not None:
        return D.to_dtype(dtype).np
    if isinstance(value, Tensor):
        return value.dtype.np
    if isinstance(value, (bool, np.bool_)):
        return np.bool_
    if isinstance(value, (int, np.integer)):
        return np.int64
    return D.get_default_dtype().np


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value`` (int64 for ints, bool for bools, else the default float)."""
    if isinstance(size, (int, np.integer)):
        size = (size,)
    return _finish(np.full(_size(tuple(size)), fill_value, dtype=_scalar_dtype(fill_value, dtype)), requires_grad,
                   device)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _finish(np.array(s, dtype=_dt(dtype)), requires_grad, device)


def _like(input: Tensor, dtype) -> np.dtype:
    return input.dtype.np if dtype is None else D.to_dtype(dtype).np


def zeros_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
               memory_format=None) -> Tensor:
    return _finish(np.zeros(input._data.shape, dtype=_like(input, dtype)), requires_grad, device)


def ones_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
              memory_format=None) -> Tensor:
    return _finish(np.ones(input._data.shape, dtype=_like(input, dtype)), requires_grad, device)


def empty_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
               memory_format=None) -> Tensor:
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad, device=device)


def full_like(input: Tensor, fill_value, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
              memory_format=None) -> Tensor:
    return _finish(np.full(input._data.shape, fill_value, dtype=_like(input, dtype)), requires_grad, device)


def _is_int(x) -> bool:
    return isinstance(x, (int, np.integer)) or (isinstance(x, Tensor) and not x.dtype.is_floating_point)


def _num(x):
    return x.item() if isinstance(x, Tensor) else x


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad: bool = False) -> Tensor:
    """Values from ``start`` up to (not including) ``end`` by ``step``: int64 for ints, else the default float."""
    if end is None:
        start, end = 0, start
    start, end, step = _num(start), _num(end), _num(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) / step < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    if dtype is None:
        dt = np.int64 if all(_is_int(v) for v in (start, end, step)) else D.get_default_dtype().np
    else:
        dt = D.to_dtype(dtype).np
    n = math.ceil((end - start) / step)
    # torch computes start + i * step in double for floating types, then casts
    if np.dtype(dt).kind == "f":
        arr = (start + np.arange(n, dtype=np.float64) * step).astype(dt)
    else:
        arr = np.arange(start, end, step).astype(dt)[:n] if n else np.zeros(0, dt)
    return _finish(arr, requires_grad, device)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:  # noqa: A001
    """Deprecated torch.range: like arange but including ``end`` (default float dtype)."""
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=2)
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    dt = _dt(dtype)
    return _finish((start + np.arange(n, dtype=np.float64) * step).astype(dt), requires_grad, device)


def linspace(start, end, steps: int, *, out=None, dtype=None, layout=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end``, computed symmetrically from both ends as torch does."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = _num(start), _num(end)
    dt = _dt(dtype)
    if steps == 0:
        return _finish(np.zeros(0, dt), requires_grad, device)
    if steps == 1:
        return _finish(np.array([start], dtype=dt), requires_grad, device)
    if np.dtype(dt).kind == "f":
        ct = np.dtype(dt) if np.dtype(dt) != np.float16 else np.dtype(np.float32)
        s, e = ct.type(start), ct.type(end)
        step = (e - s) / ct.type(steps - 1)
        i = np.arange(steps, dtype=ct)
        half = steps // 2
        arr = np.where(i < half, s + step * i, e - step * (steps - 1 - i)).astype(dt)
    else:
        step = (end - start) / (steps - 1)
        i = np.arange(steps, dtype=np.float64)
        half = steps // 2
        arr = np.where(i < half, start + step * i, end - step * (steps - 1 - i)).astype(dt)
    return _finish(arr, requires_grad, device)


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    lin = linspace(start, end, steps, dtype=D.float64)._data
    return _finish(np.power(base, lin).astype(_dt(dtype)), requires_grad, device)


def eye(n: int, m: int | None = None, *, out=None, dtype=None, layout=None, device=None,
        requires_grad: bool = False) -> Tensor:
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    return _finish(np.eye(n, n if m is None else m, dtype=_dt(dtype)), requires_grad, device)


_ = builtins  # the builtins module stays reachable though `range` is redefined above
