"""Indexing: ``x[idx]`` and ``x[idx] = v``, with torch's node names and gradient scatter-add.

Basic indices are applied one dim at a time as torch does (``SelectBackward0`` for an int, ``SliceBackward0``
for a slice, ``UnsqueezeBackward0`` for None), so results are views that share memory. Advanced indices
(tensors, lists, bool masks) follow NumPy's rules, which torch shares, in one ``IndexBackward0`` node whose
derivative adds the gradient back into the indexed places.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _wrap_dim
from ._op import KEEP, check_inplace, commit_inplace, defop

__all__ = ["index_select"]


def _as_index(i):
    """Tensors and lists in an index become NumPy arrays; other items pass through."""
    if isinstance(i, Tensor):
        if i.dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return i._data
    if isinstance(i, (list, np.ndarray)):
        arr = np.asarray([x.item() if isinstance(x, Tensor) else x for x in i] if isinstance(i, list) else i)
        if arr.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return arr
    if isinstance(i, (bool, np.bool_)):
        return np.asarray(i)
    if isinstance(i, np.integer):
        return int(i)
    return i


def _normalize(index) -> tuple:
    if not isinstance(index, tuple):
        index = (index,)
    return tuple(_as_index(i) for i in index)


def _is_basic(index: tuple) -> bool:
    return all(i is None or i is Ellipsis or isinstance(i, (int, slice)) for i in index)


def _backward_index(g, a, r, index, like):
    return _index_bw(g, index=index, like=like)


def _index_bw_fwd(g, index, like):
    out = np.zeros(like, dtype=g.dtype)
    np.add.at(out, index, g)
    return out


_select = defop("SelectBackward0", lambda a, index, like: a[index], _backward_index, dtype=KEEP, view=True)
_slice = defop("SliceBackward0", lambda a, index, like: a[index], _backward_index, dtype=KEEP, view=True)
_alias = defop("AliasBackward0", lambda a, index, like: a[index], _backward_index, dtype=KEEP, view=True)
_index = defop("IndexBackward0", lambda a, index, like: a[index], _backward_index, dtype=KEEP)
_index_bw = defop("IndexBackward0", _index_bw_fwd, lambda g, gg, r, index, like: g[index], dtype=KEEP)


def _expand_ellipsis(index: tuple, ndim: int) -> tuple:
    n_real = sum(1 for i in index if i is not None and i is not Ellipsis and not
                 (isinstance(i, np.ndarray) and i.dtype == np.bool_)) + \
        sum(i.ndim for i in index if isinstance(i, np.ndarray) and i.dtype == np.bool_)
    if sum(1 for i in index if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if n_real > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    if Ellipsis in [i for i in index if not isinstance(i, np.ndarray)]:
        pos = next(k for k, i in enumerate(index) if i is Ellipsis)
        index = index[:pos] + (slice(None),) * (ndim - n_real) + index[pos + 1:]
    return index


def getitem(self: Tensor, index) -> Tensor:
    """``x[index]`` with torch's semantics: basic indices give views, advanced indices copy."""
    index = _normalize(index)
    ndim = self._data.ndim
    index = _expand_ellipsis(index, ndim)
    if not _is_basic(index):
        _check_bounds_adv(self, index)
        return _index(self, index=index, like=self._data.shape)
    out = self
    dim = 0  # the dim of `out` that the next index item applies to
    if not index:
        return _alias(out, index=(), like=out._data.shape)
    for item in index:
        shape = out._data.shape
        if item is None:
            out = out.unsqueeze(dim)
            dim += 1
        elif isinstance(item, int):
            size = shape[dim]
            if not -size <= item < size:
                raise IndexError(f"index {item} is out of bounds for dimension {dim} with size {size}")
            full = (slice(None),) * dim + (item,)
            out = _select(out, index=full, like=shape)
        else:
            if item.step is not None and item.step <= 0:
                raise ValueError("step must be greater than zero")
            if item != slice(None) and item.indices(shape[dim]) != (0, shape[dim], 1):
                out = _slice(out, index=(slice(None),) * dim + (item,), like=shape)
            dim += 1
    if out is self:
        return _alias(self, index=(), like=self._data.shape) if self._rg else Tensor._view_of(self)
    return out


def _check_bounds_adv(self: Tensor, index: tuple) -> None:
    dim = 0
    for i in index:
        if isinstance(i, np.ndarray) and i.dtype.kind in "iu" and i.size:
            size = self._data.shape[dim]
            lo, hi = i.min(), i.max()
            if hi >= size or lo < -size:
                bad = hi if hi >= size else lo
                raise IndexError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
        if isinstance(i, np.ndarray) and i.dtype == np.bool_:
            if i.shape != self._data.shape[dim:dim + i.ndim] and i.ndim:
                raise IndexError(f"The shape of the mask {list(i.shape)} at index {dim} does not match the shape of "
                                 f"the indexed tensor {list(self._data.shape)} at index {dim}")
            dim += max(i.ndim, 0)
        elif i is not None:
            dim += 1


def _put_fwd(a, v, index):
    out = a.copy()
    out[index] = v
    return out


def _zero_at(g, index):
    return _masked_zero(g, index=index)


_masked_zero = defop("CopySlices", lambda g, index: _put_fwd(g, 0, index), lambda gg, g, r, index: _zero_at(gg, index),
                     dtype=KEEP)
_index_put = defop("CopySlices", _put_fwd, lambda g, a, v, r, index: _zero_at(g, index),
                   lambda g, a, v, r, index: g[index], dtype=KEEP)


def setitem(self: Tensor, index, value) -> None:
    """``x[index] = value``: writes into x's memory; recorded as ``CopySlices`` when autograd needs it."""
    index = _expand_ellipsis(_normalize(index), self._data.ndim)
    if not _is_basic(index):
        _check_bounds_adv(self, index)
    needs_graph = self._rg or (isinstance(value, Tensor) and value._rg)
    from ..autograd.grad_mode import _state

    if needs_graph and _state[0]:
        check_inplace(self)
        if not isinstance(value, Tensor):
            value = Tensor._make(np.asarray(value, dtype=self.dtype.np))
        elif value.dtype is not self.dtype:
            value = value.to(self.dtype)
        commit_inplace(self, _index_put(self, value, index=index))
        return
    if self._rg and _state[0]:
        check_inplace(self)
    v = value._data if isinstance(value, Tensor) else value
    try:
        self._data[index] = v
    except ValueError as e:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(v))} cannot be broadcast to "
                           f"indexing result: {e}") from None
    self._version[0] += 1


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    d = _wrap_dim(dim, input._data.ndim)
    return _index_select(input, index._data.reshape(-1), dim=d, like=input._data.shape)


_index_select = defop(
    "IndexSelectBackward0", lambda a, idx, dim, like: np.take(a, idx, axis=dim),
    lambda g, a, idx, r, dim, like: _index_bw(g, index=(slice(None),) * dim + (idx._data,), like=like),
    save=(1,), dtype=KEEP)


def _view_of(t: Tensor) -> Tensor:
    v = Tensor._make(t._data.view())
    v._version = t._version
    v._base = t if t._base is None else t._base
    return v


Tensor._view_of = staticmethod(_view_of)

METHODS = {"__getitem__": getitem, "__setitem__": setitem, "index_select": index_select}
INPLACE = {}
