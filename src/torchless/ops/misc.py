"""Indexed reads and writes (gather, scatter, index_*, masked_*, take), triangles and diagonals, flips and rolls,
repetition, einsum, and the integer-valued helpers (nonzero, unique, bincount, histc, one_hot).

Index tensors travel to the ops as keyword arguments (op inputs are the differentiable tensors). Every derivative
is written with these same ops, so double backward works: gather's gradient is a scatter-add, whose gradient is a
gather again.
"""

from __future__ import annotations

import builtins
import itertools
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _tp_name, _wrap_dim, invalid_arguments, need_tensor
from ._op import KEEP, defop
from .elementwise import _not_for

__all__ = [
    "gather", "scatter", "scatter_add", "index_add", "index_copy", "index_fill", "masked_fill", "masked_select",
    "masked_scatter", "take", "take_along_dim", "nonzero", "argwhere", "unique", "unique_consecutive", "bincount",
    "histc", "one_hot", "tril", "triu", "diag", "diagonal", "diag_embed", "trace", "flip", "fliplr", "flipud",
    "roll", "rot90", "meshgrid", "repeat_interleave", "tile", "einsum", "cartesian_prod", "combinations", "diff",
    "cross", "searchsorted", "bucketize", "kron",
]

_make = Tensor._make
_range = builtins.range
_INDEX_DTYPES = (D.int64, D.int32)
_CPP_NAMES = {D.uint8: "unsigned char", D.int8: "signed char", D.int16: "short int", D.int32: "int",
              D.int64: "long int", D.float16: "c10::Half", D.float32: "float", D.float64: "double"}


# Helpers ------------------------------------------------------------------------------------------------------


def _shape(t: Tensor) -> tuple:
    return t._data.shape


def _broadcast(a: tuple, b: tuple) -> tuple:
    """``infer_size`` with torch's message (it names the rightmost mismatching dim)."""
    n = max(len(a), len(b))
    out = []
    for i in _range(n - 1, -1, -1):
        off = n - 1 - i
        sa = a[len(a) - 1 - off] if len(a) - 1 - off >= 0 else 1
        sb = b[len(b) - 1 - off] if len(b) - 1 - off >= 0 else 1
        if sa != sb and sa != 1 and sb != 1:
            raise RuntimeError(f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton "
                               f"dimension {i}")
        out.append(sb if sa == 1 else sa)
    return tuple(reversed(out))


def _no_out(out, name: str) -> None:
    if out is not None:
        raise NotImplementedError(f"torchless: {name}(..., out=...) is not supported; use the returned tensor")


def _tensor_arg(x, fn: str, name: str, pos: int) -> Tensor:
    need_tensor(fn, name, pos, x)
    return x


def _first_bad(idx: np.ndarray, lo: int, hi: int):
    """The first (C order) entry of ``idx`` outside ``[lo, hi)``, or None."""
    if not idx.size:
        return None
    bad = (idx < lo) | (idx >= hi)
    if not bad.any():
        return None
    return int(idx.reshape(-1)[np.flatnonzero(bad)[0]])


def _coords(index: np.ndarray, dim: int) -> tuple:
    """NumPy index selecting ``out[i][j]...`` with ``index`` in place of the coordinate along ``dim``."""
    nd = index.ndim
    out = []
    for k, s in enumerate(index.shape):
        if k == dim:
            out.append(index)
        else:
            shape = [1] * nd
            shape[k] = s
            out.append(np.arange(s).reshape(shape))
    return tuple(out)


def _as1d(a: np.ndarray) -> np.ndarray:
    return a.reshape(1) if a.ndim == 0 else a


def _scalar_value(self: Tensor, value):
    """A Python number as torch casts it into ``self``'s dtype (2.5 into an int tensor is 2; overflow raises)."""
    from .indexing import scalar_cast

    if isinstance(value, Tensor):
        value = value.item()
    v = scalar_cast(self.dtype, value)
    return v if type(v) is bool else v.item()


# gather / scatter ---------------------------------------------------------------------------------------------


def _gather_fwd(a, dim, index, like):
    return _as1d(a)[_coords(_as1d(index), dim)].reshape(index.shape)


def _scatter_fwd(a, src, dim, index, reduce=None):
    """``a`` with ``src`` (an array, or a number) written or combined at ``_coords(index, dim)``."""
    out = _as1d(a).copy()
    idx = _as1d(index)
    coords = _coords(idx, dim)
    if isinstance(src, np.ndarray):
        src = _as1d(src)[tuple(slice(0, n) for n in idx.shape)]
    else:
        src = np.broadcast_to(np.asarray(src, dtype=out.dtype), idx.shape)
    if reduce is None:
        out[coords] = src
    elif reduce == "add":
        np.add.at(out, coords, src)
    else:
        np.multiply.at(out, coords, src)
    return out.reshape(a.shape)


def _src_grad(g: Tensor, dim: int, index: np.ndarray, src_shape: tuple, node: str) -> Tensor:
    r = _gather(g, dim=dim, index=index, like=_shape(g))
    if _shape(r) != src_shape:
        raise RuntimeError(f"Function {node} returned an invalid gradient at index 1 - got {list(_shape(r))} but "
                           f"expected shape compatible with {list(src_shape)}")
    return r


def _not_implemented(name: str, message: str = "derivative for aten::{} is not implemented", error=RuntimeError):
    def deriv(*_, **__):
        raise error(message.format(name))
    return deriv


_gather = defop("GatherBackward0", _gather_fwd,
                lambda g, a, r, dim, index, like: _scatter_add(_make(np.zeros(like, g._data.dtype)), g, dim=dim,
                                                               index=index, sshape=_shape(g)), dtype=KEEP)
_scatter_src = defop(
    "ScatterBackward0", lambda a, s, dim, index, sshape: _scatter_fwd(a, s, dim, index),
    lambda g, a, s, r, dim, index, sshape: _scatter_val(g, dim=dim, index=index, value=0),
    lambda g, a, s, r, dim, index, sshape: _src_grad(g, dim, index, sshape, "ScatterBackward0"), dtype=KEEP)
_scatter_val = defop("ScatterBackward1", lambda a, dim, index, value: _scatter_fwd(a, value, dim, index),
                     lambda g, a, r, dim, index, value: _scatter_val(g, dim=dim, index=index, value=0), dtype=KEEP)
_scatter_add = defop(
    "ScatterAddBackward0", lambda a, s, dim, index, sshape: _scatter_fwd(a, s, dim, index, "add"),
    lambda g, a, s, r, dim, index, sshape: g,
    lambda g, a, s, r, dim, index, sshape: _src_grad(g, dim, index, sshape, "ScatterAddBackward0"), dtype=KEEP)
_scatter_reduce_src = defop("NotImplemented", lambda a, s, dim, index, reduce: _scatter_fwd(a, s, dim, index, reduce),
                            _not_implemented("scatter"), _not_implemented("scatter"), dtype=KEEP)
_scatter_reduce_val = defop("NotImplemented",
                            lambda a, dim, index, reduce, value: _scatter_fwd(a, value, dim, index, reduce),
                            _not_implemented("scatter"), dtype=KEEP)

for _op in (_scatter_reduce_src, _scatter_reduce_val):
    _op.op.node.name = lambda self: "torch::autograd::NotImplemented"  # torch's C++-only node


def _check_index_tensor(input: Tensor, dim: int, index: Tensor, fn: str) -> int:
    if index.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{fn}(): Expected dtype int32/int64 for index")
    return _wrap_dim(dim, input._data.ndim)


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False, out=None) -> Tensor:
    """``out[i][j] = input[index[i][j]][j]`` (for ``dim=0``); ``index`` may be smaller than ``input`` elsewhere."""
    _no_out(out, "gather")
    _tensor_arg(index, "gather", "index", 3)
    d = _check_index_tensor(input, dim, index, "gather")
    shp, ishp = input._data.shape, index._data.shape
    if builtins.max(len(ishp), 1) != builtins.max(len(shp), 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for k, (si, s) in enumerate(zip(_as1d(index._data).shape, _as1d(input._data).shape)):
        if k != d and si > s:
            raise RuntimeError(f"Size does not match at dimension {k} expected index {list(ishp)} to be no larger "
                               f"than self {list(shp)} apart from dimension {d}")
    size = _as1d(input._data).shape[d]
    bad = _first_bad(index._data, 0, size)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    return _gather(input, dim=d, index=index._data.astype(np.int64, copy=False), like=shp)


def _check_scatter(input: Tensor, d: int, index: Tensor, src: Tensor | None) -> None:
    """torch's ``scatter_shape_check`` (an empty index skips it), then the bounds."""
    if not index._data.size:
        return
    shp, ishp = _as1d(input._data).shape, _as1d(index._data).shape
    if len(ishp) != len(shp):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    wrong = any(k != d and i > s for k, (i, s) in enumerate(zip(ishp, shp)))
    if src is not None:
        sdata = src._data
        if not wrong:
            for k, i in enumerate(ishp):
                if sdata.ndim and k >= sdata.ndim:  # torch reads src.size(k)
                    _wrap_dim(k, sdata.ndim)
                if i > (sdata.shape[k] if sdata.ndim else 1):
                    wrong = True
                    break
        if builtins.max(sdata.ndim, 1) != len(ishp):
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        if wrong:
            raise RuntimeError(f"Expected index {list(index._data.shape)} to be no larger than self "
                               f"{list(input._data.shape)} apart from dimension {d} and to be no larger size than src "
                               f"{list(sdata.shape)}")
    elif wrong:
        raise RuntimeError(f"Expected index {list(index._data.shape)} to be no larger than self "
                           f"{list(input._data.shape)} apart from dimension {d}")
    bad = _first_bad(index._data, 0, shp[d])
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {shp[d]}")


def scatter(input: Tensor, dim: int, index: Tensor, src=None, *, value=None, reduce: str | None = None,
            out=None) -> Tensor:
    """``input`` with ``out[index[i][j]][j] = src[i][j]`` (for ``dim=0``); ``src`` may be a number."""
    _no_out(out, "scatter")
    if src is None:
        src = value
    if src is None:
        raise TypeError("scatter() received an invalid combination of arguments - got (int, Tensor), but expected "
                        "one of:\n * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, "
                        "str reduce)\n * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number "
                        "value, *, str reduce)\n")
    _tensor_arg(index, "scatter", "index", 3)
    d = _check_index_tensor(input, dim, index, "scatter")
    is_t = isinstance(src, Tensor)
    if is_t and src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    _check_scatter(input, d, index, src if is_t else None)
    idx = index._data.astype(np.int64, copy=False)
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        if is_t:
            warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in "
                          "a future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                          UserWarning, stacklevel=2)
            return _scatter_reduce_src(input, src, dim=d, index=idx, reduce=reduce)
        return _scatter_reduce_val(input, dim=d, index=idx, reduce=reduce, value=_scalar_value(input, src))
    if is_t:
        return _scatter_src(input, src, dim=d, index=idx, sshape=_shape(src))
    return _scatter_val(input, dim=d, index=idx, value=_scalar_value(input, src))


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """``input`` with ``src[i][j]`` added at ``[index[i][j]][j]`` (for ``dim=0``); repeated indices accumulate."""
    _tensor_arg(index, "scatter_add", "index", 3)
    _tensor_arg(src, "scatter_add", "src", 4)
    d = _check_index_tensor(input, dim, index, "scatter")
    if src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    _check_scatter(input, d, index, src)
    return _scatter_add(input, src, dim=d, index=index._data.astype(np.int64, copy=False), sshape=_shape(src))


# index_add / index_copy / index_fill ---------------------------------------------------------------------------


def _along(dim: int, index) -> tuple:
    return (slice(None),) * dim + (index,)


def _index_add_fwd(a, s, dim, index, alpha, sshape):
    out = _as1d(a).copy()
    src = _as1d(s)
    np.add.at(out, _along(dim, index), src if alpha == 1 else src * alpha)
    return out.reshape(a.shape)


def _index_copy_fwd(a, s, dim, index):
    out = _as1d(a).copy()
    out[_along(dim, index)] = _as1d(s)
    return out.reshape(a.shape)


def _index_fill_fwd(a, dim, index, value):
    out = _as1d(a).copy()
    out[_along(dim, index)] = value
    return out.reshape(a.shape)


def _select_rows(g: Tensor, dim: int, index: np.ndarray, like: tuple) -> Tensor:
    """``g.index_select(dim, index)`` shaped like the source (a 0-dim source gets a 0-dim gradient)."""
    from .indexing import index_select

    r = index_select(g if g._data.ndim else g.reshape(1), dim, _make(index))
    return r.reshape(like) if _shape(r) != like else r


_index_add = defop(
    "IndexAddBackward0", _index_add_fwd, lambda g, a, s, r, dim, index, alpha, sshape: g,
    lambda g, a, s, r, dim, index, alpha, sshape: _select_rows(g, dim, index, sshape) * alpha if alpha != 1 else
    _select_rows(g, dim, index, sshape), dtype=KEEP)
_index_copy = defop(
    "IndexCopyBackward0", lambda a, s, dim, index, sshape: _index_copy_fwd(a, s, dim, index),
    lambda g, a, s, r, dim, index, sshape: _index_fill(g, dim=dim, index=index, value=0),
    lambda g, a, s, r, dim, index, sshape: _select_rows(g, dim, index, sshape), dtype=KEEP)
_index_fill = defop("IndexFillBackward0", _index_fill_fwd,
                    lambda g, a, r, dim, index, value: _index_fill(g, dim=dim, index=index, value=0), dtype=KEEP)
_index_fill_t = defop(
    "IndexFillBackward1", lambda a, v, dim, index: _index_fill_fwd(a, dim, index, v.astype(a.dtype)),
    lambda g, a, v, r, dim, index: _index_fill(g, dim=dim, index=index, value=0),
    lambda g, a, v, r, dim, index: (g - _index_fill(g, dim=dim, index=index, value=0)).sum(), dtype=KEEP)


def _source_shape_check(input: Tensor, source: Tensor, d: int) -> None:
    shp, sshp = _as1d(input._data).shape, _as1d(source._data).shape
    if len(shp) != len(sshp) or any(k != d and a != b for k, (a, b) in enumerate(zip(shp, sshp))):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {list(input._data.shape)} source.shape = {list(source._data.shape)}")


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha=1, out=None) -> Tensor:
    """``input`` with ``alpha * source`` added at ``index`` along ``dim`` (repeated indices accumulate)."""
    _no_out(out, "index_add")
    _tensor_arg(index, "index_add", "index", 3)
    _tensor_arg(source, "index_add", "source", 4)
    d = _wrap_dim(dim, input._data.ndim)
    if index.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: {index.dtype._torch_name}")
    if index._data.ndim > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: {index._data.ndim} with type: "
                         f"{index.dtype._torch_name} and size: {list(index._data.shape)}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"index_add_(): self ({input.dtype._torch_name}) and source ({source.dtype._torch_name}) "
                           f"must have the same scalar type")
    n = index._data.size
    ssize = _as1d(source._data).shape[d] if source._data.ndim or d == 0 else 1
    if source._data.ndim and n != ssize or (not source._data.ndim and n != 1):
        raise RuntimeError(f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): ({ssize}), "
                           f"for dim: {d}")
    _source_shape_check(input, source, d)
    size = _as1d(input._data).shape[d]
    bad = _first_bad(index._data, 0, size)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    return _index_add(input, source, dim=d, index=index._data.reshape(-1).astype(np.int64, copy=False), alpha=alpha,
                      sshape=_shape(source))


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor, *, out=None) -> Tensor:
    """``input`` with the slices at ``index`` along ``dim`` replaced by ``source``'s."""
    _no_out(out, "index_copy")
    _tensor_arg(index, "index_copy", "index", 3)
    _tensor_arg(source, "index_copy", "source", 4)
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index._data.ndim})")
    if source._data.ndim and input._data.ndim and source._data.ndim != input._data.ndim:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({source._data.ndim}), destination dimensionality "
                         f"({input._data.ndim})")
    n = index._data.size
    sdim = _as1d(source._data).shape[d] if source._data.ndim else 1
    if n != sdim:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({sdim})")
    if index.dtype is not D.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {index.dtype._torch_name}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{input.dtype._torch_name} and (source) {source.dtype._torch_name}")
    shp, sshp = _as1d(input._data).shape, _as1d(source._data).shape
    for k, (a, b) in enumerate(zip(shp, sshp)):
        if k != d and a != b:
            raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                               f"slice shape: {' '.join(str(s) for i, s in enumerate(shp) if i != d)} at dimension "
                               f"{d} and source slice shape: {' '.join(str(s) for i, s in enumerate(sshp) if i != d)} "
                               f"at dimension 0.")
    bad = _first_bad(index._data, 0, shp[d])
    if bad is not None:
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {d} with size {shp[d]}")
    return _index_copy(input, source, dim=d, index=index._data.reshape(-1), sshape=_shape(source))


def index_fill(input: Tensor, dim: int, index: Tensor, value) -> Tensor:
    """``input`` with the slices at ``index`` along ``dim`` set to ``value`` (a number or a 0-dim tensor)."""
    _tensor_arg(index, "index_fill", "index", 3)
    d = _wrap_dim(dim, input._data.ndim)
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value._data.ndim} dimension(s).")
    if index.dtype is not D.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if index._data.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    size = _as1d(input._data).shape[d]
    idx = index._data.reshape(-1)
    bad = _first_bad(idx, -size, size)
    if bad is not None:
        raise IndexError(f"index {bad} is out of bounds for dimension {d} with size {size}")
    if isinstance(value, Tensor):
        return _index_fill_t(input, value, dim=d, index=idx)
    return _index_fill(input, dim=d, index=idx, value=_scalar_value(input, value))


# masked_fill / masked_select / masked_scatter -----------------------------------------------------------------


def _masked_fill_fwd(a, mask, value):
    return np.where(mask, np.asarray(value, dtype=a.dtype), a)


_masked_fill_s = defop("MaskedFillBackward0", _masked_fill_fwd,
                       lambda g, a, r, mask, value: _masked_fill_s(g, mask=mask, value=0), dtype=KEEP)
_masked_fill_t = defop(
    "MaskedFillBackward1", lambda a, v, mask: _masked_fill_fwd(a, mask, v),
    lambda g, a, v, r, mask: _masked_fill_s(g, mask=mask, value=0),
    lambda g, a, v, r, mask: (g - _masked_fill_s(g, mask=mask, value=0)).sum(), dtype=KEEP)


def _check_mask(mask, fn: str) -> np.ndarray:
    if not isinstance(mask, Tensor):
        raise TypeError(f"{fn}(): argument 'mask' (position 1) must be Tensor, not {type(mask).__name__}")
    return mask._data


def masked_fill(input: Tensor, mask: Tensor, value) -> Tensor:
    """``input`` with ``value`` where ``mask`` is True (``mask`` broadcasts)."""
    m = _check_mask(mask, "masked_fill")
    if mask.dtype is not D.bool:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_CPP_NAMES.get(mask.dtype, mask.dtype.name)}")
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value._data.ndim} dimension(s).")
    _broadcast(m.shape, input._data.shape)
    if isinstance(value, Tensor):
        return _masked_fill_t(input, value, mask=m)
    return _masked_fill_s(input, mask=m, value=_scalar_value(input, value))


def _masked_select_fwd(a, mask, shape):
    return np.broadcast_to(a, shape)[np.broadcast_to(mask, shape)]


def _masked_select_bw(g: Tensor, mask: np.ndarray, shape: tuple) -> Tensor:
    return _masked_scatter(_make(np.zeros(shape, g._data.dtype)), g, mask=np.broadcast_to(mask, shape),
                           sshape=_shape(g))


_masked_select = defop("MaskedSelectBackward0", _masked_select_fwd,
                       lambda g, a, r, mask, shape: _masked_select_bw(g, mask, shape), dtype=KEEP)


def masked_select(input: Tensor, mask: Tensor, *, out=None) -> Tensor:
    """The entries of ``input`` where ``mask`` is True, as a 1-D tensor (``mask`` and ``input`` broadcast)."""
    _no_out(out, "masked_select")
    m = _check_mask(mask, "masked_select")
    if mask.dtype is not D.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = _broadcast(m.shape, input._data.shape)
    return _masked_select(input, mask=m, shape=shape)


def _masked_scatter_fwd(a, s, mask, sshape):
    out = np.array(np.broadcast_to(a, np.broadcast_shapes(a.shape, mask.shape)))
    m = np.broadcast_to(mask, out.shape)
    out[m] = s.reshape(-1)[:int(m.sum())]
    return out


def _source_grad(g: Tensor, mask: np.ndarray, sshape: tuple) -> Tensor:
    from .shape import cat

    sel = _masked_select(g, mask=mask, shape=_shape(g))
    n = 1
    for s in sshape:
        n *= s
    if _shape(sel)[0] < n:
        sel = cat([sel, _make(np.zeros(n - _shape(sel)[0], g._data.dtype))])
    return sel.reshape(sshape)


_masked_scatter = defop(
    "MaskedScatterBackward0", _masked_scatter_fwd,
    lambda g, a, s, r, mask, sshape: _masked_fill_s(g, mask=mask, value=0),
    lambda g, a, s, r, mask, sshape: _source_grad(g, np.broadcast_to(mask, _shape(g)), sshape), dtype=KEEP)


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """``input`` with the entries where ``mask`` is True replaced, in order, by the first entries of ``source``."""
    m = _check_mask(mask, "masked_scatter")
    _tensor_arg(source, "masked_scatter", "source", 2)
    if mask.dtype is not D.bool:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype._torch_name}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{input.dtype._torch_name} and {source.dtype._torch_name}")
    shape = _broadcast(input._data.shape, m.shape)
    if int(np.broadcast_to(m, shape).sum()) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return _masked_scatter(input, source, mask=m, sshape=_shape(source))


# take / take_along_dim ----------------------------------------------------------------------------------------


def _put_acc_fwd(g, index, like):
    out = np.zeros(int(np.prod(like)), dtype=g.dtype)
    np.add.at(out, index.reshape(-1), g.reshape(-1))
    return out.reshape(like)


_put_acc = defop("PutBackward0", _put_acc_fwd, lambda gg, g, r, index, like: _take(gg, index=index, like=like),
                 dtype=KEEP)
_take = defop("TakeBackward0", lambda a, index, like: a.reshape(-1)[index],
              lambda g, a, r, index, like: _put_acc(g, index=index, like=like), dtype=KEEP)


def take(input: Tensor, index: Tensor) -> Tensor:
    """The entries of the flattened ``input`` at ``index`` (negative indices count from the end)."""
    _tensor_arg(index, "take", "index", 2)
    if index.dtype is not D.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {index.dtype._torch_name}")
    n = input._data.size
    bad = _first_bad(index._data, -n, n)
    if bad is not None:
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {n} elements.")
    return _take(input, index=index._data, like=input._data.shape)


def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None, *, out=None) -> Tensor:
    """``gather`` after broadcasting ``input`` and ``indices`` in the other dims (flattened when ``dim`` is None)."""
    _no_out(out, "take_along_dim")
    _tensor_arg(indices, "take_along_dim", "indices", 2)
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if input._data.ndim != indices._data.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, but "
                           f"got {input._data.ndim} dimensions for input, and {indices._data.ndim} dimensions for "
                           f"indices")
    if indices.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{indices.dtype._torch_name}")
    d = _wrap_dim(dim, input._data.ndim)
    shp, ishp = list(input._data.shape), list(indices._data.shape)
    isz = list(shp)
    isz[d] = ishp[d]
    ibshape = _broadcast(tuple(isz), tuple(ishp))
    ssz = list(ishp)
    ssz[d] = shp[d]
    sbshape = _broadcast(tuple(ssz), tuple(shp))
    if ibshape != tuple(ishp):
        indices = indices.expand(ibshape)
    if sbshape != tuple(shp):
        input = input.expand(sbshape)
    return gather(input, d, indices)


# nonzero / argwhere / unique / bincount / histc / one_hot (integer results, no gradient) -----------------------


def nonzero(input: Tensor, *, out=None, as_tuple: bool = False):
    """Indices of the non-zero entries: an ``(n, ndim)`` int64 tensor, or one 1-D tensor per dim."""
    _no_out(out, "nonzero")
    arr = input._data
    if as_tuple:
        return tuple(_make(i.astype(np.int64)) for i in np.nonzero(_as1d(arr)))
    return _make(np.argwhere(arr).astype(np.int64))


def argwhere(input: Tensor) -> Tensor:
    return nonzero(input)


def _unique_flat(arr: np.ndarray):
    flat = arr.reshape(-1)
    order = np.argsort(flat, kind="stable")
    s = flat[order]
    if s.size:
        new = np.empty(s.size, dtype=bool)
        new[0] = True
        if s.dtype.kind == "f":
            new[1:] = (s[1:] != s[:-1]) | np.isnan(s[1:])  # torch keeps every NaN
        else:
            new[1:] = s[1:] != s[:-1]
    else:
        new = np.zeros(0, dtype=bool)
    values = s[new]
    group = np.cumsum(new) - 1
    inverse = np.empty(flat.size, dtype=np.int64)
    inverse[order] = group
    counts = np.diff(np.append(np.flatnonzero(new), s.size)).astype(np.int64)
    return values, inverse.reshape(arr.shape), counts


def _unique_dim(arr: np.ndarray, d: int, consecutive: bool):
    moved = np.moveaxis(arr, d, 0)
    n = moved.shape[0]
    rows = moved.reshape(n, -1)
    if consecutive or n == 0:
        order = np.arange(n)
    else:
        order = np.lexsort(rows.T[::-1]) if rows.shape[1] else np.arange(n)
    srt = rows[order]
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = np.any(srt[1:] != srt[:-1], axis=1)
    values = np.moveaxis(moved[order][new], 0, d)
    group = np.cumsum(new) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = group
    counts = np.diff(np.append(np.flatnonzero(new), n)).astype(np.int64)
    return values, inverse, counts


def _unique_fwd(a, fn):
    values, inverse, counts = fn(a)
    return np.ascontiguousarray(values), (inverse, counts)


_UNIQUE_MSG = "the derivative for '{}' is not implemented."
_UNIQUE_OPS = {name: defop(node, _unique_fwd, _not_implemented(name, _UNIQUE_MSG, NotImplementedError),
                           aux=True, dtype=KEEP)
               for node, name in (("Unique2Backward0", "_unique2"), ("UniqueDimBackward0", "unique_dim"),
                                  ("UniqueConsecutiveBackward0", "unique_consecutive"))}


def _unique_result(input: Tensor, name: str, fn, return_inverse: bool, return_counts: bool):
    """Run ``fn(array) -> (values, inverse, counts)`` as torch's (non-differentiable) unique node."""
    values, (inverse, counts) = _UNIQUE_OPS[name](input, fn=fn)
    out = [values]
    if return_inverse:
        out.append(_make(inverse))
    if return_counts:
        out.append(_make(counts))
    return out[0] if len(out) == 1 else tuple(out)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
           dim: int | None = None):
    """The distinct values (always sorted, as torch's CPU kernel returns them), optionally with each entry's
    position in them (``return_inverse``) and how often each occurs (``return_counts``)."""
    if dim is None:
        return _unique_result(input, "_unique2", _unique_flat, return_inverse, return_counts)
    d = _wrap_dim(dim, input._data.ndim)
    return _unique_result(input, "unique_dim", lambda a: _unique_dim(a, d, consecutive=False), return_inverse,
                          return_counts)


def unique_consecutive(input: Tensor, return_inverse: bool = False, return_counts: bool = False,
                       dim: int | None = None):
    """Collapse each run of equal consecutive values (or slices along ``dim``) to one."""
    if dim is None:
        return _unique_result(input, "unique_consecutive", _runs, return_inverse, return_counts)
    d = _wrap_dim(dim, input._data.ndim)
    return _unique_result(input, "unique_consecutive", lambda a: _unique_dim(a, d, consecutive=True),
                          return_inverse, return_counts)


def _runs(arr: np.ndarray):
    flat = arr.reshape(-1)
    new = np.ones(flat.size, dtype=bool)
    if flat.size > 1:
        new[1:] = flat[1:] != flat[:-1]
    inverse = (np.cumsum(new) - 1).astype(np.int64).reshape(arr.shape)
    return flat[new], inverse, np.diff(np.append(np.flatnonzero(new), flat.size)).astype(np.int64)


_bincount_w = defop("NotImplemented", lambda w, arr, minlength, dt: np.bincount(arr, weights=w.astype(np.float64),
                                                                                minlength=minlength).astype(dt),
                     _not_implemented("bincount"), dtype=KEEP)
_bincount_w.op.node.name = lambda self: "torch::autograd::NotImplemented"


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each non-negative integer occurs in the 1-D ``input`` (summing ``weights`` instead if given)."""
    arr = input._data
    if input.dtype.is_floating_point or input.dtype is D.bool:
        raise NotImplementedError(f'"bincount_cpu" not implemented for \'{input.dtype._torch_name}\'')
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if arr.ndim != 1 or (arr.size and arr.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None:
        w = weights._data
        if w.ndim != 1 or w.shape[0] != arr.shape[0]:
            raise RuntimeError("weights should be 1-d and have the same length as input")
        dt = np.float32 if weights.dtype is D.float32 else np.float64
        return _bincount_w(weights, arr=arr, minlength=minlength, dt=dt)
    return _make(np.bincount(arr, minlength=minlength).astype(np.int64))


def histc(input: Tensor, bins: int = 100, min=0, max=0, *, out=None) -> Tensor:  # noqa: A002
    """A histogram of ``bins`` equal-width bins over ``[min, max]`` (the data's range when both are 0)."""
    _no_out(out, "histc")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"histogram_cpu" not implemented for \'{input.dtype._torch_name}\'')
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    a = input._data.reshape(-1)
    dt = a.dtype.type
    lo, hi = dt(min), dt(max)
    if lo == hi and a.size:
        lo, hi = a.min(), a.max()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (np.isfinite(lo) and np.isfinite(hi)):
        fmt = lambda v: "-nan" if np.isnan(v) else f"{float(v):g}"  # noqa: E731
        raise RuntimeError(f"torch.histc: range of [{fmt(lo)}, {fmt(hi)}] is not finite")
    keep = a[(a >= lo) & (a <= hi)]
    with np.errstate(all="ignore"):
        pos = ((keep - lo) * dt(bins) / (hi - lo)).astype(np.int64)
    pos = np.minimum(pos, bins - 1)
    return _make(np.bincount(pos, minlength=bins).astype(a.dtype))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """``torch.nn.functional.one_hot``: int64 rows with a 1 at each class index."""
    if tensor.dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    arr = tensor._data
    if num_classes == -1:
        if not arr.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(arr.max()) + 1
    if arr.size:
        if arr.min() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if arr.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    elif num_classes < 0:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return _make((arr[..., None] == np.arange(num_classes)).astype(np.int64))


# tril / triu / diagonals / trace --------------------------------------------------------------------------------


_tril = defop("TrilBackward0", lambda a, diagonal: np.tril(a, diagonal),
              lambda g, a, r, diagonal: _tril(g, diagonal=diagonal), dtype=KEEP)
_triu = defop("TriuBackward0", lambda a, diagonal: np.triu(a, diagonal),
              lambda g, a, r, diagonal: _triu(g, diagonal=diagonal), dtype=KEEP)


def tril(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
    """The lower triangle of the last two dims (entries on and below the ``diagonal``-th diagonal); the rest 0."""
    _no_out(out, "tril")
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return _tril(input, diagonal=int(diagonal))


def triu(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
    """The upper triangle of the last two dims (entries on and above the ``diagonal``-th diagonal); the rest 0."""
    _no_out(out, "triu")
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return _triu(input, diagonal=int(diagonal))


def _diag_view(a: np.ndarray, offset: int, d1: int, d2: int) -> np.ndarray:
    """A writable view of a diagonal, moved to the last dim (``np.diagonal`` gives a read-only one)."""
    b = a.transpose([k for k in _range(a.ndim) if k != d1 and k != d2] + [d1, d2])
    b = b[..., :, offset:] if offset >= 0 else b[..., -offset:, :]
    n = builtins.min(b.shape[-2], b.shape[-1])
    return np.lib.stride_tricks.as_strided(b, b.shape[:-2] + (n,), b.strides[:-2] + (b.strides[-2] + b.strides[-1],),
                                           writeable=b.flags.writeable)


def _embed(g: np.ndarray, offset: int, d1: int, d2: int, like: tuple) -> np.ndarray:
    out = np.zeros(like, dtype=g.dtype)
    view = _diag_view(out, offset, d1, d2)
    if view.size:
        view[...] = g
    return out


_diagonal = defop("DiagonalBackward0", lambda a, offset, d1, d2, like: _diag_view(a, offset, d1, d2),
                  lambda g, a, r, offset, d1, d2, like: _diagonal_bw(g, offset=offset, d1=d1, d2=d2, like=like),
                  dtype=KEEP, view=True)
_diagonal_copy = defop("DiagonalBackward0_copy", lambda a, offset, d1, d2, like: _diag_view(a, offset, d1, d2).copy(),
                       lambda g, a, r, offset, d1, d2, like: _diagonal_bw(g, offset=offset, d1=d1, d2=d2, like=like),
                       dtype=KEEP)
_diagonal_bw = defop("DiagonalBackwardBackward0", lambda g, offset, d1, d2, like: _embed(g, offset, d1, d2, like),
                     lambda gg, g, r, offset, d1, d2, like: _diagonal(gg, offset=offset, d1=d1, d2=d2, like=like),
                     dtype=KEEP)


def _embed_shape(shp: tuple, offset: int, d1: int, d2: int) -> tuple:
    n = shp[-1] + abs(offset)
    out = list(shp[:-1])
    for d in sorted((d1, d2)):
        out.insert(d, n)
    return tuple(out)


_diag_embed = defop("DiagEmbedBackward0",
                    lambda a, offset, d1, d2: _embed(a, offset, d1, d2, _embed_shape(a.shape, offset, d1, d2)),
                    lambda g, a, r, offset, d1, d2: _diagonal(g, offset=offset, d1=d1, d2=d2, like=_shape(g)),
                    dtype=KEEP)


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """A view of the ``offset``-th diagonal of the (``dim1``, ``dim2``) planes, as the last dim."""
    nd = input._data.ndim
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _diagonal(input, offset=int(offset), d1=d1, d2=d2, like=input._data.shape)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Tensors whose (``dim1``, ``dim2``) planes have the last dim of ``input`` on their ``offset``-th diagonal."""
    nd = input._data.ndim + 1
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _diag_embed(input, offset=int(offset), d1=d1, d2=d2)


def diag(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
    """A 1-D tensor as a square matrix with it on a diagonal, or a matrix's diagonal as a 1-D tensor (a copy)."""
    _no_out(out, "diag")
    nd = input._data.ndim
    if nd == 1:
        return _diag_embed(input, offset=int(diagonal), d1=0, d2=1)
    if nd == 2:
        return _diagonal_copy(input, offset=int(diagonal), d1=0, d2=1, like=input._data.shape)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")


def _eye(shape: tuple, dtype) -> Tensor:
    return _make(np.eye(shape[0], shape[1], dtype=dtype))


_trace = defop("TraceBackward0", lambda a, like: np.trace(a, dtype=a.dtype if a.dtype.kind == "f" else np.int64),
               lambda g, a, r, like: g * _eye(like, g._data.dtype), dtype=KEEP)


def trace(input: Tensor) -> Tensor:
    """The sum of a matrix's main diagonal (integers sum to int64)."""
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    if input.dtype is D.bool:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return _trace(input, like=input._data.shape)


# flip / roll / rot90 --------------------------------------------------------------------------------------------


_flip = defop("FlipBackward0", lambda a, dims: np.flip(a, dims).copy() if dims else a.copy(),
              lambda g, a, r, dims: _flip(g, dims=dims), dtype=KEEP)
_roll = defop("RollBackward0", lambda a, shifts, dims: _roll_fwd(a, shifts, dims),
              lambda g, a, r, shifts, dims: _roll(g, shifts=tuple(-s for s in shifts), dims=dims), dtype=KEEP)
_rot90 = defop("Rot90Backward0", lambda a, k, dims: np.rot90(a, k, dims).copy(),
               lambda g, a, r, k, dims: _rot90(g, k=-k, dims=dims), dtype=KEEP)


def _roll_fwd(a, shifts, dims):
    if dims is None:
        return np.roll(a.reshape(-1), shifts[0]).reshape(a.shape)
    return np.roll(a, shifts, dims)


def _int_list(x) -> tuple:
    return (int(x),) if isinstance(x, (int, np.integer)) else tuple(int(v) for v in x)


def flip(input: Tensor, dims) -> Tensor:
    """The entries in reverse order along ``dims`` (a copy, as in torch)."""
    nd = input._data.ndim
    ds = tuple(_wrap_dim(d, nd) for d in _int_list(dims))
    seen = set()
    for d in ds:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return _flip(input, dims=ds)


def fliplr(input: Tensor) -> Tensor:
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return _flip(input, dims=(1,))


def flipud(input: Tensor) -> Tensor:
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return _flip(input, dims=(0,))


def roll(input: Tensor, shifts, dims=None) -> Tensor:
    """Entries shifted cyclically by ``shifts`` along ``dims`` (the flattened tensor when ``dims`` is None)."""
    shifts = _int_list(shifts)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return _roll(input, shifts=shifts, dims=None)
    dims = _int_list(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    nd = input._data.ndim
    return _roll(input, shifts=shifts, dims=tuple(_wrap_dim(d, nd) for d in dims))


def rot90(input: Tensor, k: int = 1, dims=(0, 1)) -> Tensor:
    """Rotate by 90 degrees ``k`` times in the plane of ``dims`` (from the first dim towards the second)."""
    dims = _int_list(dims)
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    ds = (_wrap_dim(dims[0], nd), _wrap_dim(dims[1], nd))
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == nd:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    return _rot90(input, k=int(k) % 4, dims=ds)


# repeat / repeat_interleave / tile / meshgrid / cartesian_prod / combinations -----------------------------------


def _repeat_bw(g: Tensor, reps: tuple, shape: tuple) -> Tensor:
    inter = []
    for r, s in zip(reps, shape):
        inter += [r, s]
    return g.reshape(inter).sum(tuple(_range(0, 2 * len(reps), 2)))


_repeat = defop("RepeatBackward0", lambda a, reps, shape: np.tile(a.reshape(shape), reps),
                lambda g, a, r, reps, shape: _repeat_bw(g, reps, shape), dtype=KEEP)


def repeat(input: Tensor, *sizes) -> Tensor:
    """``input`` tiled ``sizes[i]`` times along each dim (leading new dims allowed)."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    reps = tuple(int(s) for s in sizes)
    nd = input._data.ndim
    if len(reps) < nd:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    shape = (1,) * (len(reps) - nd) + input._data.shape
    out = tuple(r * s for r, s in zip(reps, shape))
    if any(s < 0 for s in out):
        raise RuntimeError(f"Trying to create tensor with negative dimension {builtins.min(out)}: {list(out)}")
    return _repeat(input, reps=reps, shape=shape)


def tile(input: Tensor, *dims) -> Tensor:
    """``repeat`` with ``dims`` padded by leading 1s to the tensor's number of dims."""
    dims = _int_list(dims[0] if len(dims) == 1 else dims)
    nd = input._data.ndim
    if len(dims) < nd:
        dims = (1,) * (nd - len(dims)) + dims
    return repeat(input, dims)


def _repeat_il_bw(g: Tensor, dim: int, repeats: int) -> Tensor:
    shp = _shape(g)
    return g.reshape(shp[:dim] + (shp[dim] // repeats if repeats else 0, repeats) + shp[dim + 1:]).sum(dim + 1)


# torch repeats via unsqueeze, expand, clone and view: the result's node is the view's
_repeat_il = defop("ViewBackward0", lambda a, dim, repeats: np.repeat(a, repeats, axis=dim),
                   lambda g, a, r, dim, repeats: _repeat_il_bw(g, dim, repeats), dtype=KEEP)


def _repeat_index(repeats: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(repeats.size, dtype=np.int64), repeats)


def repeat_interleave(input: Tensor, repeats=None, dim: int | None = None, *, output_size: int | None = None):
    """Each entry (or slice along ``dim``) repeated ``repeats`` times in place; ``repeats`` may be per entry.

    ``repeat_interleave(repeats)`` alone gives the indices ``[0]*r0 + [1]*r1 + ...``."""
    from .indexing import index_select

    if repeats is None:
        r = input._data
        if r.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if r.size and r.min() < 0:
            raise RuntimeError("repeats can not be negative")
        return _make(_repeat_index(r))
    src = input
    if dim is None:
        src = input.reshape(-1)
        d = 0
    else:
        d = _wrap_dim(dim, input._data.ndim)
        if input._data.ndim == 0:
            src = input.reshape(1)
    if isinstance(repeats, Tensor):
        r = repeats._data
        if repeats.dtype.is_floating_point or repeats.dtype is D.bool:
            raise NotImplementedError(f'"repeat_interleave_cpu" not implemented for \'{repeats.dtype._torch_name}\'')
        if r.ndim > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        n = src._data.shape[d]
        if r.size == 1:
            r = np.full(n, int(r.reshape(-1)[0]), dtype=np.int64)
        elif r.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{r.size} and input.size({d}) = {n}")
        if r.size and r.min() < 0:
            raise RuntimeError("repeats can not be negative")
        return index_select(src, d, _make(_repeat_index(r)))
    repeats = int(repeats)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    return _repeat_il(src, dim=d, repeats=repeats)


def _tensor_list(tensors) -> list:
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids from 1-D tensors: with ``indexing='ij'`` the i-th output varies along dim i; ``'xy'``
    swaps the first two dims (as NumPy's default does)."""
    ts = _tensor_list(tensors)
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not ts:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in ts:
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    if any(t.dtype is not ts[0].dtype for t in ts):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    order = list(_range(len(ts)))
    if indexing == "xy" and len(ts) >= 2:
        order[0], order[1] = 1, 0
    sizes = [ts[i]._data.size for i in order]
    out = []
    for i, t in enumerate(ts):
        pos = order.index(i)
        view = [1] * len(ts)
        view[pos] = -1
        out.append(t.reshape(view).expand(sizes))
    return tuple(out)


def cartesian_prod(*tensors) -> Tensor:
    """Every combination of one entry from each 1-D tensor, as rows (``itertools.product`` order)."""
    from .shape import stack

    ts = _tensor_list(tensors)
    for t in ts:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")
    if len(ts) == 1:
        return ts[0]
    grids = meshgrid(*ts, indexing="ij")
    return stack([g.reshape(-1) for g in grids], dim=1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """All length-``r`` combinations of the entries of a 1-D tensor, as rows (``itertools.combinations`` order)."""
    from .shape import stack

    if input._data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._data.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return _make(np.zeros(0, dtype=input._data.dtype))
    n = input._data.shape[0]
    fn = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    combos = np.array(list(fn(_range(n), r)), dtype=np.int64).reshape(-1, r)
    return stack([input[_make(combos[:, k])] for k in _range(r)], dim=1)


# einsum ---------------------------------------------------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _parse_term(term: str, start: int, k: int) -> list:
    """Labels of one operand's subscripts; ``...`` stays as one item."""
    out, i = [], 0
    while i < len(term):
        c = term[i]
        if c == ".":
            if term[i:i + 3] != "..." or "..." in out:
                raise RuntimeError(f"einsum(): found '.' for operand {k} that is not part of any ellipsis")
            out.append("...")
            i += 3
            continue
        if c not in _LETTERS:
            raise RuntimeError(f"einsum(): invalid subscript given at index {start + i} in the equation string, "
                               f"subscripts must be in [a-zA-Z]")
        out.append(c)
        i += 1
    return out


def _einsum_plan(equation: str, shapes: list):
    """Check an equation against the operands' shapes; return per-operand and output letter strings in which
    every dim has its own explicit letter (ellipsis dims and broadcast size-1 dims included)."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    parsed, pos = [], 0
    for k, term in enumerate(terms):
        parsed.append(_parse_term(term, pos, k))
        pos += len(term) + 1
    ell = 0
    sizes: dict = {}
    for k, (labels, shp) in enumerate(zip(parsed, shapes)):
        n = len([c for c in labels if c != "..."])
        if "..." not in labels and n != len(shp):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) does not match the number "
                               f"of dimensions ({len(shp)}) for operand {k} and no ellipsis was given")
        if "..." in labels and n > len(shp):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) is more than the number of "
                               f"dimensions ({len(shp)}) for operand {k}")
        if "..." in labels:
            ell = builtins.max(ell, len(shp) - n)
    ell_sizes = [1] * ell
    for k, (labels, shp) in enumerate(zip(parsed, shapes)):
        dims = _dims_of(labels, shp)
        seen: dict = {}
        for pos, (lab, s) in enumerate(dims):
            if isinstance(lab, int):
                j = ell - 1 - lab
                if s != 1 and ell_sizes[j] != 1 and s != ell_sizes[j]:
                    raise RuntimeError(f"einsum(): dimension {pos} covered by ellipsis in operand {k}has size {s} "
                                       f"which does not broadcast with previously seen ellipsis with size "
                                       f"{ell_sizes[j]} for the respective dimension")
                ell_sizes[j] = builtins.max(ell_sizes[j], s)
                continue
            if lab in seen and seen[lab] != s:
                raise RuntimeError(f"einsum(): subscript {lab} is repeated for operand {k} but the sizes don't match, "
                                   f"{s} != {seen[lab]}")
            seen[lab] = s
            prev = sizes.get(lab, 1)
            if s != 1 and prev != 1 and s != prev:
                raise RuntimeError(f"einsum(): subscript {lab} has size {s} for operand {k} which does not broadcast "
                                   f"with previously seen size {prev}")
            sizes[lab] = builtins.max(prev, s)
    if arrow:
        out = _parse_term(rhs, len(lhs) + 2, -1) if rhs else []
        for c in out:
            if c != "..." and c not in sizes:
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any input "
                                   f"operand")
            if c != "..." and out.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
    else:
        counts: dict = {}
        for labels in parsed:
            for c in labels:
                if c != "...":
                    counts[c] = counts.get(c, 0) + 1
        out = (["..."] if ell else []) + sorted(c for c, n in counts.items() if n == 1)
    return _explicit(parsed, shapes, out, ell, ell_sizes, sizes)


def _dims_of(labels: list, shp: tuple) -> list:
    """``(label, size)`` per dim; ellipsis dims get an int: their position counted from the ellipsis' end."""
    out, i = [], 0
    for c in labels:
        if c == "...":
            n = len(shp) - (len(labels) - 1)
            for j in _range(n):
                out.append((n - 1 - j, shp[i + j]))
            i += n
        else:
            out.append((c, shp[i]))
            i += 1
    return out


def _explicit(parsed, shapes, out, ell, ell_sizes, sizes):
    free = iter(c for c in _LETTERS if not any(c in p for p in parsed) and c not in out)

    def fresh():
        try:
            return next(free)
        except StopIteration:
            raise NotImplementedError("torchless: einsum with more than 52 distinct dims is not supported") from None

    ell_letters = [fresh() for _ in _range(ell)]
    terms = []
    for labels, shp in zip(parsed, shapes):
        term = []
        for lab, s in _dims_of(labels, shp):
            if isinstance(lab, int):
                j = ell - 1 - lab
                term.append(fresh() if s == 1 and ell_sizes[j] != 1 else ell_letters[j])
            else:
                term.append(fresh() if s == 1 and sizes[lab] != 1 and labels.count(lab) == 1 else lab)
        terms.append("".join(term))
    output = "".join("".join(ell_letters) if c == "..." else c for c in out)
    contracts = any(c not in out for p in parsed for c in p)  # an ellipsis missing from the output sums too
    return terms, output, contracts


def _einsum_fwd(*arrays, terms, output):
    eq = ",".join(terms) + "->" + output
    big = len(arrays) > 2 or builtins.max((a.size for a in arrays), default=0) >= 4096
    return np.einsum(eq, *arrays, optimize=big)


def _einsum_grad(g: Tensor, k: int, *ops, terms, output) -> Tensor:
    """The gradient for operand ``k``: an einsum of ``g`` with the other operands, with identity tensors for
    labels repeated in operand ``k`` (its diagonals) and size-1 dims for labels only it has."""
    mine = terms[k]
    others = [t for j, t in enumerate(terms) if j != k]
    elsewhere = set(output).union(*others) if others else set(output)
    shape = _shape(ops[k]) if ops[k] is not None else None
    free = iter(c for c in _LETTERS if c not in "".join(terms) + output)
    result, inputs, extra, singles = [], [g] + [o for j, o in enumerate(ops) if j != k], [], []
    eq_in = [output] + others
    seen: dict = {}
    for pos, c in enumerate(mine):
        if c in seen:
            letter = next(free)
            seen[c].append(letter)
            result.append(letter)
        elif mine.count(c) == 1 and c not in elsewhere:
            singles.append(pos)
            seen[c] = [c]
        else:
            seen[c] = [c]
            result.append(c)
    for c, letters in seen.items():
        if len(letters) > 1:
            n = shape[mine.index(c)]
            delta = np.zeros((n,) * len(letters), dtype=g._data.dtype)
            delta[(np.arange(n),) * len(letters)] = 1
            extra.append(_make(delta))
            eq_in.append("".join(letters))
    r = einsum(",".join(eq_in) + "->" + "".join(result), *inputs, *extra)
    if singles:
        full = [s if i not in singles else 1 for i, s in enumerate(shape)]
        r = r.reshape(full)
    return r


_EINSUM_OPS: dict = {}


def _einsum_op(name: str, n: int):
    op = _EINSUM_OPS.get((name, n))
    if op is None:
        op = defop(name, _einsum_fwd, _einsum_grad, variadic=True, dtype=KEEP, save=tuple(_range(n)))
        _EINSUM_OPS[(name, n)] = op
    return op


def einsum(*args) -> Tensor:
    """Sums of products over labelled dims (``'ij,jk->ik'`` is a matrix product); also the operands-as-a-list
    and the sublist (``einsum(a, [0, 1], b, [1, 2])``) forms."""
    if args and isinstance(args[0], Tensor):
        args = _from_sublists(args)
    if not args or not isinstance(args[0], str):
        raise TypeError("einsum(): argument 'equation' (position 1) must be str")
    equation, ops = args[0], _tensor_list(args[1:])
    shapes = [t._data.shape for t in ops]
    terms, output, contracts = _einsum_plan(equation, shapes)
    for t in ops[1:]:
        if t.dtype is not ops[0].dtype:
            raise RuntimeError(f"expected scalar type {ops[0].dtype._torch_name} but found {t.dtype._torch_name}")
    if ops and ops[0].dtype is D.bool and contracts:
        ops = [t.to(D.int64) for t in ops]
    if len(ops) == 1:
        name = "SumBackward1" if contracts else "PermuteBackward0"
    else:
        name = "ViewBackward0" if contracts else "MulBackward0"
    return _einsum_op(name, len(ops))(*ops, terms=tuple(terms), output=output)


def _from_sublists(args) -> tuple:
    out = args[-1] if len(args) % 2 else None
    args = args[:-1] if len(args) % 2 else args
    ops, subs = list(args[0::2]), list(args[1::2])

    def term(sub):
        s = ""
        for v in sub:
            s += "..." if v is Ellipsis else _LETTERS[v]
        return s

    eq = ",".join(term(s) for s in subs)
    if out is not None:
        eq += "->" + term(out)
    return (eq, *ops)


# diff / cross / kron / searchsorted / bucketize ----------------------------------------------------------------


def _diff_check(input: Tensor, other, dim: int) -> None:
    if other is None:
        return
    nd = input._data.ndim
    d = _wrap_dim(dim, nd)
    if other._data.ndim != nd:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i in _range(nd):
        a, b = input._data.shape[i], other._data.shape[i]
        if i != d and a != b:
            raise RuntimeError(f"diff expects the shape of tensor to prepend or append to match that of input except "
                               f"along the differencing dimension; input.size({i}) = {a}, but got "
                               f"tensor.size({i}) = {b}")


def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Tensor | None = None, append: Tensor | None = None,
         *, out=None) -> Tensor:
    """The ``n``-th forward difference along ``dim`` (``xor`` for bools), after joining ``prepend``/``append``."""
    from .elementwise import logical_xor
    from .shape import cat, narrow

    _tensor_arg(input, "diff", "input", 1)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"diff(): argument 'n' (position 2) must be int, not {_tp_name(n)}")
    for name, t in (("prepend", prepend), ("append", append)):
        if t is not None:
            need_tensor("diff", name, None, t)
    _no_out(out, "diff")
    if input._data.ndim < 1:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    _diff_check(input, prepend, dim)
    _diff_check(input, append, dim)
    if n == 0:  # torch: zeros_like(input).copy_(input), prepend and append ignored
        return _make(np.zeros_like(input._data)).copy_(input)
    if prepend is not None or append is not None:
        input = cat([t for t in (prepend, input, append) if t is not None], dim)
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    out_len = size - 1
    result = input
    for _ in _range(builtins.min(n, size)):
        hi, lo = narrow(result, d, 1, out_len), narrow(result, d, 0, out_len)
        result = logical_xor(hi, lo) if input.dtype is D.bool else hi - lo
        out_len -= 1
    return result


_cross_warned = [False]


def cross(input: Tensor, other: Tensor, dim: int | None = None, *, out=None) -> Tensor:
    """``linalg.cross`` along ``dim``; without ``dim``, along the first dim of size 3 (deprecated, warns once)."""
    from .. import linalg

    _tensor_arg(input, "cross", "input", 1)
    _tensor_arg(other, "cross", "other", 2)
    _no_out(out, "cross")
    if dim is None:
        if not _cross_warned[0]:  # torch warns once per process; stacklevel 3: past numpy_aliases's wrapper
            _cross_warned[0] = True
            warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                          "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to "
                          "agree with that of linalg.cross in a future release.", UserWarning, stacklevel=3)
        sizes = input._data.shape
        if 3 not in sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes.index(3)
    return linalg.cross(input, other, dim=dim)


def kron(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    """The Kronecker product: blocks ``input[i, j] * other`` (shapes padded with leading 1s to equal rank)."""
    from .shape import _unsafe_view

    _tensor_arg(input, "kron", "input", 1)
    _tensor_arg(other, "kron", "other", 2)
    _no_out(out, "kron")
    sa, sb = input._data.shape, other._data.shape
    nd = builtins.max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    a_shape = tuple(x for s in sa for x in (s, 1))
    b_shape = tuple(x for s in sb for x in (1, s))
    a = _unsafe_view(input, shape=a_shape, like=input._data.shape)
    b = _unsafe_view(other, shape=b_shape, like=other._data.shape)
    prod = a * b
    return _unsafe_view(prod, shape=tuple(x * y for x, y in zip(sa, sb)), like=prod._data.shape)


_SEARCHSORTED_SIGNATURES = [
    "(Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, str side = None, "
    "Tensor sorter = None, Tensor out = None)",
    "(Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, str side = None, "
    "Tensor sorter = None, Tensor out = None)"]
_BUCKETIZE_SIGNATURES = [
    "(Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, Tensor out = None)",
    "(Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False)"]
_NUMBER = (bool, int, float)


def _search(bounds: np.ndarray, values: np.ndarray, side: str) -> np.ndarray:
    """``np.searchsorted`` along the last dim, row by row when ``bounds`` has batch dims."""
    if bounds.ndim == 1:
        return np.searchsorted(bounds, values, side=side)
    rows = int(np.prod(bounds.shape[:-1]))
    b = bounds.reshape(rows, bounds.shape[-1])
    v = values.reshape(rows, values.shape[-1])
    out = np.empty(v.shape, dtype=np.int64)
    for i in _range(b.shape[0]):
        out[i] = np.searchsorted(b[i], v[i], side=side)
    return out.reshape(values.shape)


def searchsorted(sorted_sequence: Tensor, values, *, out_int32: bool = False, right: bool = False,
                 side: str | None = None, sorter: Tensor | None = None, out=None) -> Tensor:
    """Indices where ``values`` would be inserted into the last dim of ``sorted_sequence`` to keep it sorted."""
    from .._creation import tensor

    if not isinstance(sorted_sequence, Tensor) or not isinstance(values, (Tensor, *_NUMBER)):
        raise invalid_arguments("searchsorted", (sorted_sequence, values), {}, _SEARCHSORTED_SIGNATURES)
    _no_out(out, "searchsorted")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side != "right":
            raise RuntimeError(f"torch.searchsorted(): side and right can't be set to opposites, got side of {side} "
                               f"while right was True")
    bounds = sorted_sequence._data
    if sorter is not None:
        if sorter._data.shape != bounds.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(bounds.shape)}and got sorter tensor {list(sorter._data.shape)}")
        if sorter.dtype is not D.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{sorter.dtype._torch_name}")
        if sorter._data.size and _first_bad(sorter._data, 0, bounds.shape[-1]) is not None:
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
    if not isinstance(values, Tensor):
        values = tensor(values)
    v = values._data
    if v.ndim == 0 and bounds.ndim != 1:
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({bounds.ndim}) and input value's dim(0) numel(1)")
    if bounds.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if bounds.ndim != 1 and bounds.shape[:-1] != v.shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           f"dimensions of boundaries tensor and input value tensor must match, but we got boundaries "
                           f"tensor {list(bounds.shape)} and input value tensor {list(v.shape)}")
    dt = D.result_type(sorted_sequence, values)
    if dt is D.bool:
        raise _not_for("searchsorted_out_cpu", bounds)
    if sorter is not None:
        bounds = np.take_along_axis(bounds, sorter._data, -1)
    side = side or ("right" if right else "left")
    idx = _search(bounds.astype(dt.np, copy=False), v.astype(dt.np, copy=False), side)
    return _make(np.asarray(idx, dtype=np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries: Tensor, *, out_int32: bool = False, right: bool = False, out=None) -> Tensor:
    """The bucket of each entry of ``input`` among the sorted 1-D ``boundaries`` (``searchsorted`` swapped)."""
    if not isinstance(boundaries, Tensor) or not isinstance(input, (Tensor, *_NUMBER)):
        raise invalid_arguments("bucketize", (input, boundaries), {}, _BUCKETIZE_SIGNATURES)
    _no_out(out, "bucketize")
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


# Tensor methods ---------------------------------------------------------------------------------------------------


def _unique_method(self, sorted=True, return_inverse=False, return_counts=False, dim=None):  # noqa: A002
    return unique(self, sorted=sorted, return_inverse=return_inverse, return_counts=return_counts, dim=dim)


METHODS = {
    "gather": gather, "scatter": scatter, "scatter_add": scatter_add, "index_add": index_add,
    "index_copy": index_copy, "index_fill": index_fill, "masked_fill": masked_fill, "masked_select": masked_select,
    "masked_scatter": masked_scatter, "take": take, "take_along_dim": take_along_dim, "nonzero": nonzero,
    "argwhere": argwhere, "unique": _unique_method, "unique_consecutive": unique_consecutive, "bincount": bincount,
    "histc": histc, "tril": tril, "triu": triu, "diag": diag, "diagonal": diagonal, "diag_embed": diag_embed,
    "trace": trace, "flip": flip, "fliplr": fliplr, "flipud": flipud, "roll": roll, "rot90": rot90,
    "repeat": repeat, "repeat_interleave": repeat_interleave, "tile": tile, "diff": diff, "cross": cross, "kron": kron,
}
INPLACE = {"scatter": scatter, "scatter_add": scatter_add, "index_add": index_add, "index_copy": index_copy,
           "index_fill": index_fill, "masked_fill": masked_fill, "masked_scatter": masked_scatter, "tril": tril,
           "triu": triu}
