"""Indexing: ``x[idx]`` and ``x[idx] = v`` read the way torch reads them, with its node names and errors.

An index is parsed into a *plan* (as ``python_variable_indexing.cpp`` does): ints, slices, ``None`` and ``...``
are *basic* and make one NumPy view (its node is named after the last basic step: ``SelectBackward0``,
``SliceBackward0``, ``UnsqueezeBackward0``, or ``AliasBackward0`` when nothing changed); tensors, lists and bool
masks are *advanced* and are applied afterwards, to that view, as one ``IndexBackward0`` node that copies. So
``x[0, :, [1, 2]]`` selects first and then indexes, giving torch's shape rather than NumPy's. The gradient of a
plan adds ``g`` back into zeros at the same places; setting with a plan writes there (``CopySlices``).
"""

from __future__ import annotations

import math
import operator
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _tp_name, _wrap_dim
from ..autograd import grad_mode
from ._op import KEEP, check_inplace, commit_inplace, defop

__all__ = ["index_select", "index_put"]

_state = grad_mode._state
_ELL = (Ellipsis,)
_SELECT, _SLICE, _UNSQUEEZE, _ALIAS = "SelectBackward0", "SliceBackward0", "UnsqueezeBackward0", "AliasBackward0"
_BAD_TENSOR = "tensors used as indices must be long, int, byte or bool tensors"
_SEQ_WARNING = ("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
                "pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor "
                "index, x[torch.tensor(seq)], which will result either in an error or a different result")
_UINT8_WARNING = "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."


# The ops: a view for the basic part, a copy for the advanced part, and their scatter-add gradients ---------------


def _scatter_fwd(g, basic, adv, like):
    out = np.zeros(like, dtype=g.dtype)
    if adv is None:
        out[basic] = g
    else:
        np.add.at(out[basic], adv, g)
    return out


def _gather(g: Tensor, basic: tuple, adv, like: tuple, name: str = _SELECT) -> Tensor:
    """``g`` read through a plan (the derivative of a scatter, and of setting w.r.t. the value)."""
    if adv is None:
        return _VIEWS[name](g, basic=basic, like=like)
    return _index(g, basic=basic, adv=adv, like=like)


def _scatter(g: Tensor, basic: tuple, adv, like: tuple, name: str) -> Tensor:
    """Zeros of shape ``like`` with ``g`` added at the plan's places (the derivative of reading through it)."""
    if adv is None and basic == _ELL:
        return g
    return _SCATTERS.get(name, _scatter_index)(g, basic=basic, adv=adv, like=like, name=name)


def _view_bw(name):
    return lambda g, a, r, basic, like: _scatter(g, basic, None, like, name)


_VIEWS = {name: defop(name, lambda a, basic, like: a[basic], _view_bw(name), dtype=KEEP, view=True)
          for name in (_SELECT, _SLICE, _UNSQUEEZE, _ALIAS)}
_index = defop("IndexBackward0", lambda a, basic, adv, like: a[basic][adv],
               lambda g, a, r, basic, adv, like: _scatter(g, basic, adv, like, "IndexBackward0"), dtype=KEEP)


def _scatter_op(node: str):
    return defop(node, lambda g, basic, adv, like, name: _scatter_fwd(g, basic, adv, like),
                 lambda gg, g, r, basic, adv, like, name: _gather(gg, basic, adv, like, name), dtype=KEEP)


# torch's names for the gradient's own node (seen with create_graph=True)
_SCATTERS = {_SELECT: _scatter_op("SelectBackwardBackward0"), _SLICE: _scatter_op("SliceBackwardBackward0")}
_scatter_index = _scatter_op("IndexPutImplBackward0")


def _index_bw_fwd(g, index, like):
    out = np.zeros(like, dtype=g.dtype)
    np.add.at(out, index, g)
    return out


# index_select's gradient: zeros with ``g`` added at a NumPy index.
_index_bw = defop("IndexBackward0", _index_bw_fwd, lambda g, gg, r, index, like: g[index], dtype=KEEP)


# Reading an index ---------------------------------------------------------------------------------------------


def _seq_is_tuple(seq) -> bool:
    """NumPy's rule, which torch keeps: a short list holding a sequence, slice, tensor, None or ... is a tuple."""
    if len(seq) >= 32:
        return False
    for obj in seq:
        if obj is None or obj is Ellipsis or isinstance(obj, (Tensor, list, tuple, slice, np.ndarray, str)):
            warnings.warn(_SEQ_WARNING, UserWarning, stacklevel=4)
            return True
    return False


def _items(index) -> tuple:
    if type(index) is tuple:
        return index
    if type(index) is list and _seq_is_tuple(index):
        return tuple(index)
    return (index,)


def _array_index(obj) -> np.ndarray:
    """A tensor, list or array used as an index: an int64 array, or a bool mask."""
    if isinstance(obj, Tensor):
        arr = obj._data
        dt = obj.dtype
        if dt is D.uint8:
            warnings.warn(_UINT8_WARNING, UserWarning, stacklevel=4)
            return arr.astype(bool)
        if dt is not D.int64 and dt is not D.bool and dt is not D.int32:
            raise IndexError(_BAD_TENSOR)
        return arr
    if isinstance(obj, str):
        raise TypeError(f"new(): invalid data type '{type(obj).__name__}'")
    if isinstance(obj, (list, tuple, np.ndarray, range)):
        arr = np.asarray(obj)
        if arr.dtype.kind == "b":
            return arr
        if arr.dtype.kind not in "iuf" and arr.size:
            raise TypeError(f"new(): invalid data type '{arr.dtype.name}'")
        return arr.astype(np.int64)
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                     f"indices (got {_tp_name(obj)})")


def _slice_args(s: slice) -> tuple:
    try:
        start = None if s.start is None else operator.index(s.start)
        stop = None if s.stop is None else operator.index(s.stop)
        step = 1 if s.step is None else operator.index(s.step)
    except TypeError:
        raise TypeError("slice indices must be integers or None or have an __index__ method") from None
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step < 0:
        raise ValueError("step must be greater than zero")
    return start, stop, step


def _count_dims(items: tuple) -> int:
    """How many of the tensor's dims an index names (None, ... and bools name none; a mask names its ndim)."""
    n = 0
    for it in items:
        if isinstance(it, Tensor):
            n += it._data.ndim if it.dtype is D.bool or it.dtype is D.uint8 else 1
        elif it is not None and it is not Ellipsis and type(it) is not bool:
            n += 1
    return n


_FULL = slice(None)


def _plan(shape: tuple, items: tuple, optimize: bool = True):
    """Parse ``items`` against ``shape``: ``(basic, adv, name)``.

    ``basic`` is a NumPy basic index (ending in ``...``) for the view; ``adv`` maps dims of the view to index
    arrays or masks (empty when there are none); ``name`` is the node of the last basic step, None when the view
    is the tensor itself (a full slice inside a tuple is skipped, as torch skips it)."""
    ndim = len(shape)
    specified = _count_dims(items)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    basic = []
    adv = {}      # dim of the view -> index array or mask
    dim = 0       # the view's dim that the next item refers to
    src = 0       # the tensor's dim that the next item refers to
    have = 0      # tensor dims covered by `basic` so far (an ellipsis only moves the pointers)
    name = None
    for pos, it in enumerate(items):
        tp = type(it)
        if tp is not int and tp is not slice and it is not None:
            if isinstance(it, Tensor):
                tp = Tensor
                if it._data.ndim == 0 and it.dtype is not D.bool and it.dtype is not D.uint8 and \
                        it._data.dtype.kind in "iu":
                    it, tp = int(it._data), int
            elif isinstance(it, (int, np.integer)) and tp is not bool:
                it, tp = int(it), int
        if tp is int or tp is slice:
            if src >= ndim:
                raise IndexError(f"too many indices for tensor of dimension {ndim}")
            size = shape[src]
            if tp is int:
                if not -size <= it < size:
                    raise IndexError(f"index {it} is out of bounds for dimension {pos} with size {size}")
                name = _SELECT
            else:
                start, stop, step = _slice_args(it)
                if not (optimize and start in (None, 0) and (stop is None or stop >= size) and step == 1):
                    name = _SLICE
                it = slice(start, stop, step)
                dim += 1
            if have < src:
                basic.extend((_FULL,) * (src - have))
            basic.append(it)
            src += 1
            have = src
        elif it is Ellipsis:
            src += ndim - specified
            dim += ndim - specified
        elif it is None or tp is bool or (tp is Tensor and it._data.ndim == 0 and it.dtype in (D.bool, D.uint8)):
            # None: a new dim; True / False (or a 0-dim bool tensor): a new dim indexed by [0] or []
            if it is not None:
                adv[dim] = np.zeros(1 if it else 0, dtype=np.int64)
            k = builtins_min(src, ndim)
            if have < k:
                basic.extend((_FULL,) * (k - have))
                have = k
            basic.append(None)
            dim += 1
            name = _UNSQUEEZE
        else:
            arr = _array_index(it)
            n = arr.ndim if arr.dtype.kind == "b" else 1
            adv[dim] = arr
            src += n
            dim += n
    k = builtins_min(src, ndim)
    if have < k:
        basic.extend((_FULL,) * (k - have))
    basic.append(Ellipsis)
    return tuple(basic), adv, name


builtins_min = min


def _advanced(vshape: tuple, adv: dict) -> tuple:
    """Check an advanced index against the view's shape (torch's messages); return it as a NumPy index."""
    if len(adv) == 1:  # the common case: one index tensor or one mask
        ((d, a),) = adv.items()
        if a.dtype.kind == "b":
            _check_mask(vshape, d, a)
            return (_FULL,) * d + (a,)
        size = vshape[d]
        if a.size:
            if size == 0:
                raise IndexError("index is out of bounds for dimension with size 0")
            if a.max() >= size or a.min() < -size:
                if 0 in vshape[:d] or 0 in vshape[d + 1:]:  # nothing is read: torch checks nothing
                    return (_FULL,) * d + (np.zeros(a.shape, dtype=np.int64),)
                _raise_out_of_bounds([(d, a)], vshape)
        return (_FULL,) * d + (a,)
    entries = []
    for d, a in adv.items():
        if a.dtype.kind == "b":
            _check_mask(vshape, d, a)
            entries.extend(zip(range(d, d + a.ndim), np.nonzero(a)))
        else:
            entries.append((d, a))
    try:
        bshape = np.broadcast_shapes(*[a.shape for _, a in entries])
    except ValueError:
        shapes = ", ".join(str(list(a.shape)) for _, a in entries)
        raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes {shapes}") \
            from None
    dims = [d for d, _ in entries]
    empty = 0 in bshape or any(s == 0 for i, s in enumerate(vshape) if i not in dims)
    for d, a in entries:
        size = vshape[d]
        if size == 0 and a.size:
            raise IndexError("index is out of bounds for dimension with size 0")
        if not empty and a.size and (a.max() >= size or a.min() < -size):
            _raise_out_of_bounds(entries, vshape)
    index = [_FULL] * (dims[-1] + 1)
    for d, a in entries:
        index[d] = np.zeros(a.shape, dtype=np.int64) if empty else a
    return tuple(index)


def _check_mask(vshape: tuple, d: int, mask: np.ndarray) -> None:
    for j in range(mask.ndim):
        if d + j >= len(vshape) or mask.shape[j] != vshape[d + j]:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not match the shape of the "
                             f"indexed tensor {list(vshape)} at index {d + j}")


def _raise_out_of_bounds(entries, vshape):
    """Torch checks element by element, each element's indices in order: report the first bad one."""
    arrays = np.broadcast_arrays(*[a for _, a in entries])
    bad = np.stack([((a < -vshape[d]) | (a >= vshape[d])).reshape(-1) for (d, _), a in zip(entries, arrays)], 1)
    row, k = divmod(int(np.flatnonzero(bad)[0]), len(entries))
    d = entries[k][0]
    raise IndexError(f"index {int(arrays[k].reshape(-1)[row])} is out of bounds for dimension {k} with size "
                     f"{vshape[d]}")


def _index_shape(vshape: tuple, index: tuple) -> tuple:
    """The shape ``view[index]`` has, without reading anything (a zero-stride stand-in is indexed)."""
    return np.broadcast_to(np.empty((), dtype=np.int8), vshape)[index].shape


# x[index] -------------------------------------------------------------------------------------------------------


def getitem(self: Tensor, index) -> Tensor:
    """``x[index]`` with torch's semantics: basic indices give views, advanced indices copy."""
    shape = self._data.shape
    tp = type(index)
    if tp is int:
        if not shape:
            if index == 0:
                raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                                 "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size 0")
        if not -shape[0] <= index < shape[0]:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {shape[0]}")
        return _VIEWS[_SELECT](self, basic=(index, Ellipsis), like=shape)
    if tp is slice:
        if not shape:
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        return _VIEWS[_SLICE](self, basic=(slice(*_slice_args(index)), Ellipsis), like=shape)
    if index is None:
        return _VIEWS[_UNSQUEEZE](self, basic=(None, Ellipsis), like=shape)
    if index is Ellipsis:
        return _VIEWS[_ALIAS](self, basic=_ELL, like=shape)
    if tp is bool:
        return _index(self, basic=(None, Ellipsis), adv=(np.zeros(1 if index else 0, dtype=np.int64),),
                      like=shape)
    if tp is Tensor and index._data.ndim and index._data.ndim <= len(shape):  # x[mask], x[indices]
        adv = _advanced(shape, {0: _array_index(index)})
        return _index(self, basic=_ELL, adv=adv, like=shape)
    basic, adv, name = _plan(shape, _items(index))
    if not adv:
        return _VIEWS[name or _ALIAS](self, basic=basic if name else _ELL, like=shape)
    return _index(self, basic=basic, adv=_advanced(self._data[basic].shape, adv), like=shape)


# x[index] = value ---------------------------------------------------------------------------------------------


_CPP_SCALAR = {D.float16: "c10::Half", D.float32: "float", D.float64: "double", D.int8: "int8_t", D.int16: "int16_t",
               D.int32: "int", D.int64: "int64_t", D.uint8: "uint8_t"}


_FMAX = {d: float(np.finfo(d.np).max) for d in (D.float16, D.float32, D.float64)}
_IRANGE = {d: (-int(np.iinfo(d.np).max) if d is D.uint8 else int(np.iinfo(d.np).min), int(np.iinfo(d.np).max))
           for d in (D.uint8, D.int8, D.int16, D.int32, D.int64)}


def scalar_cast(dtype: D.dtype, value):
    """A Python number converted to ``dtype`` as torch converts fill values: truncated, or an overflow error
    (a uint8 takes negatives down to -255, wrapping them)."""
    if dtype is D.bool:
        return bool(value)
    fmax = _FMAX.get(dtype)
    if fmax is not None:
        v = float(value)
        if abs(v) > fmax and abs(v) != math.inf:
            raise RuntimeError(f"value cannot be converted to type {_CPP_SCALAR[dtype]} without overflow")
        return dtype.np.type(v)
    lo, hi = _IRANGE[dtype]
    if not lo <= value <= hi:  # False for NaN
        raise RuntimeError(f"value cannot be converted to type {_CPP_SCALAR[dtype]} without overflow")
    v = int(value)
    return dtype.np.type(v if v >= 0 or dtype is not D.uint8 else v + 256)


def _value_tensor(self: Tensor, value) -> Tensor:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
        return Tensor._make(np.asarray(scalar_cast(self.dtype, value)))
    raise TypeError(f"can't assign a {_tp_name(value)} to a {self.type()}")


def _strip_ones(shape: tuple) -> tuple:
    i = 0
    while i < len(shape) and shape[i] == 1:
        i += 1
    return shape[i:]


def _dense(a: np.ndarray) -> bool:
    """torch's ``is_non_overlapping_and_dense``: the elements fill one block of memory, in some order of dims."""
    expected = a.itemsize
    for stride, size in sorted((st, n) for n, st in zip(a.shape, a.strides) if n != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _check_overlap(dst: np.ndarray, src: np.ndarray, full_ok: bool) -> None:
    """torch's memory-overlap check of a write of ``src`` into ``dst`` (copy_ allows the same memory exactly)."""
    if dst.size == 0 or src.size == 0 or not _dense(dst) or not _dense(src):
        return  # torch cannot tell ("too hard") and lets it through
    d0, s0 = dst.__array_interface__["data"][0], src.__array_interface__["data"][0]
    d1, s1 = d0 + dst.nbytes, s0 + src.nbytes
    full = d0 == s0 and d1 == s1 and dst.strides == src.strides
    if (d0 < s1 and s0 < d1) and not (full and full_ok):
        raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to tensor refer "
                           "to a single memory location. Please clone() the tensor before performing the operation.")


def _check_copy(value: Tensor, target: tuple) -> tuple:
    """Torch's ``copy_to`` checks for ``view = value``; returns the shape ``value`` is read with."""
    vshape = value._data.shape
    if vshape == target or not vshape:
        return vshape
    vs = _strip_ones(vshape)
    if len(vs) > len(target):
        raise RuntimeError(f"expand({value.type()}{{{list(vs)}}}, size={list(target)}): the number of sizes provided "
                           f"({len(target)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({len(vs)})")
    lead = len(target) - len(vs)
    for i in range(len(vs) - 1, -1, -1):
        if vs[i] != 1 and vs[i] != target[i + lead]:
            raise RuntimeError(f"The expanded size of the tensor ({target[i + lead]}) must match the existing size "
                               f"({vs[i]}) at non-singleton dimension {i + lead}.  Target sizes: {list(target)}.  "
                               f"Tensor sizes: {list(vs)}")
    return vs


def _check_put(self: Tensor, value: Tensor, target: tuple) -> tuple:
    """Torch's ``index_put_`` checks; returns the shape ``value`` is read with."""
    vs = _strip_ones(value._data.shape)
    lead = len(target) - len(vs)
    if lead < 0 or any(v != 1 and v != t for v, t in zip(vs, target[lead:])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(vs)} cannot be broadcast to indexing result "
                           f"of shape {list(target)}")
    if value.dtype is not self.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {self.dtype._torch_name} "
                           f"for the destination and {value.dtype._torch_name} for the source.")
    return vs


def _put_fwd(a, v, basic, adv, vshape):
    out = a.copy()
    view = out[basic]
    v = v.reshape(vshape)
    if adv is None:
        view[...] = v
    else:
        view[adv] = v
    return out


def _put_value_grad(g: Tensor, basic, adv, vshape, full) -> Tensor:
    from .shape import sum_to

    gv = sum_to(_gather(g, basic, adv, g._data.shape, _SLICE), vshape)
    return gv.reshape(full) if gv._data.shape != full else gv


def _zero_fwd(g, basic, adv):
    out = g.copy()
    out[basic][adv if adv is not None else Ellipsis] = 0
    return out


_put_zero = defop("CopySlices", _zero_fwd, lambda gg, g, r, basic, adv: _put_zero(gg, basic=basic, adv=adv),
                  dtype=KEEP)


def _put_op(name: str):
    return defop(name, lambda a, v, basic, adv, vshape, full: _put_fwd(a, v, basic, adv, vshape),
                 lambda g, a, v, r, basic, adv, vshape, full: _put_zero(g, basic=basic, adv=adv),
                 lambda g, a, v, r, basic, adv, vshape, full: _put_value_grad(g, basic, adv, vshape, full),
                 dtype=KEEP)


_PUTS = {name: _put_op(name) for name in ("CopySlices", "IndexPutBackward0", "FillBackward3", "CopyBackwards")}
_PUTS["CopySlices"].op.node.name = lambda self: "torch::autograd::CopySlices"  # torch's C++-only node


def _put_acc_fwd(a, v, basic, adv, vshape, full):
    out = a.copy()
    view = out[basic]
    np.add.at(view, adv, np.broadcast_to(v.reshape(vshape), _index_shape(view.shape, adv)))
    return out


_put_acc = defop("IndexPutBackward0", _put_acc_fwd, lambda g, a, v, r, basic, adv, vshape, full: g,
                 lambda g, a, v, r, basic, adv, vshape, full: _put_value_grad(g, basic, adv, vshape, full), dtype=KEEP)


def setitem(self: Tensor, index, value) -> None:
    """``x[index] = value``: writes into x's memory; recorded as torch records it when autograd needs it."""
    value = _value_tensor(self, value)
    if index is False:
        return
    shape = self._data.shape
    if index is True:
        basic, adv, name = (None, Ellipsis), None, _UNSQUEEZE
    else:
        items = _items(index)
        if type(index) is int and not shape:
            getitem(self, index)  # torch's 0-dim messages
        basic, adv, name = _plan(shape, items)
    view = self._data[basic]
    if adv:
        adv = _advanced(view.shape, adv)
        vshape = _check_put(self, value, _index_shape(view.shape, adv) if value._data.ndim else ())
        _check_overlap(view, value._data, False)
    else:
        adv = None
        vshape = _check_copy(value, view.shape)
        if value._data.ndim:  # a 0-dim value is a fill
            _check_overlap(view, value._data, True)
    if _state[0] and (self._rg or value._rg):
        if self._rg and self.grad_fn is None:
            raise RuntimeError(f"a {'view of a ' if name else ''}leaf Variable that requires grad is being used in an "
                               f"in-place operation.")
        check_inplace(self)
        if name is not None:
            node = "CopySlices"
        elif adv is not None:
            node = "IndexPutBackward0"
        else:
            node = "FillBackward3" if value._data.ndim == 0 and shape else "CopyBackwards"
        commit_inplace(self, _PUTS[node](self, value, basic=basic, adv=adv, vshape=vshape, full=value._data.shape))
        return
    v = value._data.reshape(vshape)
    with np.errstate(invalid="ignore"):
        if adv is None:
            view[...] = v
        else:
            view[adv] = v
    self._vc[0] += 1


# index_put / index_select ---------------------------------------------------------------------------------------


def index_put(input: Tensor, indices, values: Tensor, accumulate: bool = False) -> Tensor:
    """``input`` with ``values`` written (or, with ``accumulate``, added) at ``input[indices]``."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put(): argument 'values' (position 2) must be Tensor, not {type(values).__name__}")
    for k, t in enumerate(indices):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument 0, but got {type(t).__name__}")
    if not indices:
        raise RuntimeError("sym_strides() called on an undefined Tensor")
    shape = input._data.shape
    n = _count_dims(tuple(indices))
    if n > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)} (got {n})")
    adv, d = {}, 0
    for t in indices:
        arr = _array_index(t)
        adv[d] = arr
        d += arr.ndim if arr.dtype.kind == "b" else 1
    idx = _advanced(shape, adv)
    vshape = _check_put(input, values, _index_shape(shape, idx))
    op = _put_acc if accumulate else _PUTS["IndexPutBackward0"]
    return op(input, values, basic=_ELL, adv=idx, vshape=vshape, full=values._data.shape)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The entries of ``input`` at ``index`` (a vector) along ``dim``."""
    if not isinstance(index, Tensor):
        raise TypeError(f"index_select(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype is not D.int64 and index.dtype is not D.int32:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    nd = input._data.ndim
    d = _wrap_dim(dim, nd)
    idx = index._data.reshape(-1)
    size = input._data.shape[d] if nd else 1
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        raise IndexError("index out of range in self")
    return _index_select(input, dim=d, like=input._data.shape, idx=idx)


# the index travels as a keyword: arrays given as op inputs would become tensors
_index_select = defop(
    "IndexSelectBackward0", lambda a, dim, like, idx: np.take(a, idx, axis=dim) if a.ndim else a.reshape(1)[idx[0]],
    lambda g, a, r, dim, like, idx: _index_bw(g, index=(slice(None),) * dim + (idx,), like=like) if like else g,
    dtype=KEEP)


def delitem(self: Tensor, index) -> None:
    raise TypeError("Tensor does not support deleting items")


METHODS = {"__getitem__": getitem, "__setitem__": setitem, "__delitem__": delitem, "index_select": index_select,
           "index_put": index_put}
INPLACE = {"index_put": index_put}
