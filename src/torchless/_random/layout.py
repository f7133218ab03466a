"""Where torch writes a random tensor's values: memory order (TensorIterator), and ``empty_like``'s layout."""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor

__all__ = ["check_writable", "memory_order", "write", "is_dense", "empty_like", "expand", "perm_of"]


def check_writable(arr: np.ndarray) -> None:
    """torch refuses to write random values into a tensor whose elements share memory (an expanded one)."""
    if not arr.flags.writeable or (0 in arr.strides and any(s == 0 and n > 1 for s, n in zip(arr.strides, arr.shape))):
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                           "single memory location. Please clone() the tensor before performing the operation.")


def memory_order(arr: np.ndarray) -> np.ndarray:
    """A view of ``arr`` whose C order is its memory order: the order torch's TensorIterator fills it in."""
    if arr.flags.c_contiguous or arr.ndim < 2:
        return arr
    perm = sorted(range(arr.ndim), key=lambda d: (arr.shape[d] > 1, abs(arr.strides[d])), reverse=True)
    return arr.transpose(perm)


def write(arr: np.ndarray, values: np.ndarray) -> None:
    """Store ``values`` (flat, in fill order) into ``arr`` in memory order."""
    view = memory_order(arr)
    if view.ndim == 0:
        view[...] = values[0]
    else:
        view[...] = values.reshape(view.shape)


def is_dense(arr: np.ndarray) -> bool:
    """Non-overlapping and dense: the elements fill a contiguous block in some dimension order."""
    dims = sorted((abs(s), n) for s, n in zip(arr.strides, arr.shape) if n != 1)
    expected = arr.itemsize
    for stride, n in dims:
        if stride != expected:
            return False
        expected *= n
    return True


def empty_like(arr: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``empty_like(input)`` with torch's preserve format: the input's strides (in elements, those of its size-1
    dimensions included) when dense, else contiguous."""
    if not arr.size or not is_dense(arr):
        return np.empty(arr.shape, dtype)
    dtype = np.dtype(dtype)
    strides = [s // arr.itemsize * dtype.itemsize for s in arr.strides]
    return np.lib.stride_tricks.as_strided(np.empty(arr.size, dtype), arr.shape, strides)


def expand(p: Tensor, shape: tuple) -> np.ndarray:
    """``p.expand(shape)`` with torch's errors (``expand_inplace``)."""
    if p.ndim > len(shape):
        raise RuntimeError(f"expand(torch.{_LEGACY[p.dtype]}{{{list(p.shape)}}}, size={list(shape)}): the number of "
                           f"sizes provided ({len(shape)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({p.ndim})")
    for i in range(1, p.ndim + 1):
        if p.shape[-i] != shape[-i] and p.shape[-i] != 1:
            raise RuntimeError(f"The expanded size of the tensor ({shape[-i]}) must match the existing size "
                               f"({p.shape[-i]}) at non-singleton dimension {len(shape) - i}.  Target sizes: "
                               f"{list(shape)}.  Tensor sizes: {list(p.shape)}")
    return np.broadcast_to(p._data, shape)


_LEGACY = {D.float16: "HalfTensor", D.float32: "FloatTensor", D.float64: "DoubleTensor", D.int8: "CharTensor",
           D.int16: "ShortTensor", D.int32: "IntTensor", D.int64: "LongTensor", D.uint8: "ByteTensor",
           D.bool: "BoolTensor"}


def perm_of(arr: np.ndarray, view: np.ndarray) -> list:
    if view is arr:
        return list(range(arr.ndim))
    return sorted(range(arr.ndim), key=lambda d: (arr.shape[d] > 1, abs(arr.strides[d])), reverse=True)
