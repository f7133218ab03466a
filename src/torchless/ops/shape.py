"""Shape ops: views and copies that move elements without computing on them.

View ops return NumPy views, so the result shares memory (and the version counter) with its input, as in torch.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Size, Tensor, _wrap_dim
from ._op import KEEP, defop

# Helpers -------------------------------------------------------------------------------------------------


def _shape_arg(shape) -> tuple:
    """Accept ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` and ``f(torch.Size(...))``."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(s) for s in shape)


def _dims(dim, ndim: int) -> tuple:
    """Normalise ``dim`` (None, an int, or a sequence) to sorted non-negative dims; None means all."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        return (_wrap_dim(int(dim), ndim),)
    dims = tuple(sorted(_wrap_dim(int(d), ndim) for d in dim))
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return dims


def _infer_shape(shape: tuple, numel: int, src: tuple) -> tuple:
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


# Entries -------------------------------------------------------------------------------------------------

_view = defop("ViewBackward0", lambda a, shape, like: a.reshape(shape), lambda g, a, r, shape, like: g.reshape(like),
              dtype=KEEP, view=True)
_unsafe_view = defop("UnsafeViewBackward0", lambda a, shape, like: a.reshape(shape),
                     lambda g, a, r, shape, like: g.reshape(like), dtype=KEEP)
expand_ = defop("ExpandBackward0", lambda a, shape: np.broadcast_to(a, shape), lambda g, a, r, shape: g,
                dtype=KEEP, view=True)
_permute = defop("PermuteBackward0", lambda a, dims: a.transpose(dims),
                 lambda g, a, r, dims: g.permute(tuple(np.argsort(dims))), dtype=KEEP, view=True)
_transpose = defop("TransposeBackward0", lambda a, d0, d1: a.swapaxes(d0, d1),
                   lambda g, a, r, d0, d1: g.transpose(d0, d1), dtype=KEEP, view=True)
_t = defop("TBackward0", lambda a: a.T, lambda g, a, r: g.t(), dtype=KEEP, view=True)
_unsqueeze = defop("UnsqueezeBackward0", lambda a, dim: np.expand_dims(a, dim), lambda g, a, r, dim: g.squeeze(dim),
                   dtype=KEEP, view=True)
_squeeze = defop("SqueezeBackward0", lambda a, like: a.reshape(tuple(s for s in like if s != 1)),
                 lambda g, a, r, like: g.reshape(like), dtype=KEEP, view=True)
_squeeze_dims = defop("SqueezeBackward1", lambda a, dims, like: np.squeeze(a, dims),
                      lambda g, a, r, dims, like: g.reshape(like), dtype=KEEP, view=True)
_squeeze_dims2 = defop("SqueezeBackward2", lambda a, dims, like: np.squeeze(a, dims),
                       lambda g, a, r, dims, like: g.reshape(like), dtype=KEEP, view=True)


def _sum_to_fwd(a, shape):
    lead = a.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and a.shape[i + lead] != 1)
    out = a.sum(axis=axes, keepdims=True) if axes else a
    return out.reshape(shape) if lead else out


_sum_to = defop("SumBackward1", _sum_to_fwd, lambda g, a, r, shape: g, dtype=KEEP)


def sum_to(g: Tensor, shape: tuple) -> Tensor:
    """Fit a gradient to an input's shape: sum over broadcast dims, expand over dims of size 1 in ``g``.

    The engine calls this for every gradient whose shape differs from its input's, so derivative rules never
    handle broadcasting themselves.
    """
    gshape = g._data.shape
    if len(gshape) >= len(shape):
        lead = len(gshape) - len(shape)
        if any(gs != 1 and s == 1 for gs, s in zip(gshape[lead:], shape)) or lead:
            g = _sum_to(g, shape=tuple(s if gs != 1 else 1 for gs, s in zip(gshape[lead:], shape)))
    if g._data.shape != tuple(shape):
        g = expand_(g, shape=tuple(shape))
    return g


def sum_to_size(input: Tensor, *size) -> Tensor:
    size = _shape_arg(size)
    if not _expandable(size, input._data.shape):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(input.shape)}}}.")
    return _sum_to(input, shape=size) if input._data.shape != size else input


def _expandable(small: tuple, big: tuple) -> bool:
    if len(small) > len(big):
        return False
    return all(s == b or s == 1 for s, b in zip(small[::-1], big[::-1]))


# Public functions ----------------------------------------------------------------------------------------


def view(input: Tensor, *shape) -> Tensor:
    """The same memory seen with another shape (one dimension may be -1)."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer, tuple, list)):
        raise NotImplementedError("torchless: Tensor.view(dtype) is not supported; use .to(dtype) for a copy")
    shape = _infer_shape(_shape_arg(shape), input._data.size, input._data.shape)
    if not input._data.flags.c_contiguous and input._data.size > 1 and \
            not np.shares_memory(input._data.reshape(shape), input._data):
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension "
                           "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view(input, shape=shape, like=input._data.shape)


def reshape(input: Tensor, *shape) -> Tensor:
    """``view`` when the memory allows it, otherwise a copy with the new shape."""
    shape = _infer_shape(_shape_arg(shape), input._data.size, input._data.shape)
    if shape == input._data.shape and input.grad_fn is None and not input._rg:
        return _view(input, shape=shape, like=shape)
    arr = input._data
    if arr.flags.c_contiguous or arr.size <= 1:
        return _view(input, shape=shape, like=arr.shape)
    return _unsafe_view(input, shape=shape, like=arr.shape)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    nd = input._data.ndim
    if nd == 0:
        return reshape(input, 1)
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shp = input._data.shape
    n = 1
    for d in shp[s:e + 1]:
        n *= d
    return reshape(input, shp[:s] + (n,) + shp[e + 1:])


def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    d = _wrap_dim(dim, input._data.ndim)
    shp = input._data.shape
    sizes = _infer_shape(tuple(sizes), shp[d], (shp[d],))
    return view(input, shp[:d] + sizes + shp[d + 1:])


def expand(input: Tensor, *sizes) -> Tensor:
    """A broadcast view: dims of size 1 repeat without copying; -1 keeps a dim."""
    sizes = _shape_arg(sizes)
    shp = input._data.shape
    if len(sizes) < len(shp):
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(shp)}}}, size={list(sizes)}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({len(shp)})")
    lead = len(sizes) - len(shp)
    target = []
    for i, s in enumerate(sizes):
        cur = shp[i - lead] if i >= lead else None
        if s == -1:
            if cur is None:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                                   f"dimension {i}")
            s = cur
        elif cur is not None and cur != 1 and cur != s:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shp)}")
        target.append(s)
    target = tuple(target)
    return expand_(input, shape=target)


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    return expand(input, other._data.shape)


def broadcast_to(input: Tensor, size) -> Tensor:
    return expand(input, tuple(size))


def permute(input: Tensor, *dims) -> Tensor:
    dims = _shape_arg(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to "
                           f"len(dims) = {len(dims)}")
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _permute(input, dims=dims)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    nd = input._data.ndim
    return _transpose(input, d0=_wrap_dim(dim0, nd), d1=_wrap_dim(dim1, nd))


swapaxes = swapdims = transpose


def t(input: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dims."""
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return _t(input)


def mT(input: Tensor) -> Tensor:  # noqa: N802 - torch's name
    if input._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return transpose(input, -2, -1)


def T(input: Tensor) -> Tensor:  # noqa: N802 - torch's name
    nd = input._data.ndim
    if nd == 2:
        return _t(input)
    return input if nd < 2 else permute(input, tuple(range(nd - 1, -1, -1)))


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    return _unsqueeze(input, dim=_wrap_dim(dim, input._data.ndim + 1))


def squeeze(input: Tensor, dim=None) -> Tensor:
    """Remove dims of size 1 (all of them, or those named by ``dim``)."""
    shp = input._data.shape
    if dim is None:
        return _squeeze(input, like=shp)
    if isinstance(dim, (tuple, list)):
        dims = tuple(d for d in _dims(dim, input._data.ndim) if shp[d] == 1)
        return _squeeze_dims2(input, dims=dims, like=shp)
    d = _wrap_dim(dim, input._data.ndim)
    return _squeeze_dims(input, dims=(d,) if shp and shp[d] == 1 else (), like=shp)


def contiguous(input: Tensor, memory_format=None) -> Tensor:
    if input._data.flags.c_contiguous:
        return input
    return _contig(input)


_contig = defop("CloneBackward0", lambda a: np.ascontiguousarray(a), lambda g, a, r: g, dtype=KEEP)


def view_as(input: Tensor, other: Tensor) -> Tensor:
    return view(input, other._data.shape)


def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    return reshape(input, other._data.shape)


def movedim(input: Tensor, source, destination) -> Tensor:
    nd = input._data.ndim
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    src = [_wrap_dim(s, nd) for s in src]
    dst = [_wrap_dim(d, nd) for d in dst]
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(nd) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return permute(input, order)


moveaxis = movedim

# Joining and splitting -----------------------------------------------------------------------------------


def _part(g: Tensor, dim: int, start: int, stop: int) -> Tensor:
    return g[(slice(None),) * dim + (slice(start, stop),)]


def _cat_deriv(g, i, *args, dim, sizes):
    start = sum(sizes[:i])
    return _part(g, dim, start, start + sizes[i])


_cat = defop("CatBackward0", lambda *arrs, dim, sizes: np.concatenate(arrs, axis=dim), _cat_deriv, variadic=True)
_stack = defop("StackBackward0", lambda *arrs, dim: np.stack(arrs, axis=dim),
               lambda g, i, *args, dim: g.select(dim, i), variadic=True)


def _tensors_arg(tensors, name: str) -> list:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError(f"{name}(): expected a non-empty list of Tensors")
    return tensors


def cat(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join tensors along an existing dim (1-D empty tensors are skipped, as torch allows)."""
    tensors = [t for t in _tensors_arg(tensors, "cat") if not (t._data.ndim == 1 and t._data.size == 0)] or \
        list(tensors)[:1]
    ref = max(tensors, key=lambda t: t._data.ndim)
    if ref._data.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _wrap_dim(dim, ref._data.ndim)
    for i, t in enumerate(tensors):
        if t._data.ndim != ref._data.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref._data.ndim} and "
                               f"{t._data.ndim}")
        for k, (a, b) in enumerate(zip(t._data.shape, ref._data.shape)):
            if k != d and a != b:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size {b} but got "
                                   f"size {a} for tensor number {i} in the list.")
    return _cat(*tensors, dim=d, sizes=tuple(t._data.shape[d] for t in tensors))


concat = concatenate = cat


def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join tensors along a new dim."""
    tensors = _tensors_arg(tensors, "stack")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    return _stack(*tensors, dim=_wrap_dim(dim, len(shape) + 1))


def hstack(tensors) -> Tensor:
    tensors = [t if t._data.ndim else t.reshape(1) for t in _tensors_arg(tensors, "hstack")]
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    return cat([t if t._data.ndim >= 2 else t.reshape(1, -1) for t in _tensors_arg(tensors, "vstack")], 0)


row_stack = vstack


def dstack(tensors) -> Tensor:
    ts = []
    for t in _tensors_arg(tensors, "dstack"):
        if t._data.ndim == 0:
            t = t.reshape(1, 1, 1)
        elif t._data.ndim == 1:
            t = t.reshape(1, -1, 1)
        elif t._data.ndim == 2:
            t = t.unsqueeze(-1)
        ts.append(t)
    return cat(ts, 2)


def column_stack(tensors) -> Tensor:
    return cat([t.reshape(-1, 1) if t._data.ndim < 2 else t for t in _tensors_arg(tensors, "column_stack")], 1)


def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if start < 0:
        start += size
    if not 0 <= start <= size or start + length > size or length < 0:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _part(input, d, start, start + length)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    d = _wrap_dim(dim, input._data.ndim)
    return input[(slice(None),) * d + (index,)]


_split_part = defop("SplitBackward0", lambda a, index, like: a[index],
                    lambda g, a, r, index, like: _part_back(g, index, like), dtype=KEEP, view=True)
_unbind_part = defop("UnbindBackward0", lambda a, index, like: a[index],
                     lambda g, a, r, index, like: _part_back(g, index, like), dtype=KEEP, view=True)


def _part_back(g, index, like):
    from .indexing import _index_bw

    return _index_bw(g, index=index, like=like)


def split(tensor: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or pieces of the listed sizes."""
    d = _wrap_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        step = int(split_size_or_sections)
        if step <= 0 and size:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        sizes = [min(step, size - s) for s in builtins_range(0, size, step)] if step else [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size "
                               f"at dimension {d}), but got split_sizes={sizes}")
    out, start = [], 0
    like = tensor._data.shape
    for s in sizes:
        out.append(_split_part(tensor, index=(slice(None),) * d + (slice(start, start + s),), like=like))
        start += s
    return tuple(out)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` pieces of equal size (ceil), the last possibly smaller."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    size = input._data.shape[_wrap_dim(dim, input._data.ndim)]
    return split(input, max(-(-size // chunks), 1) if size else 1, dim)


def tensor_split(input: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if isinstance(indices_or_sections, (int, np.integer)):
        n = int(indices_or_sections)
        q, r = divmod(size, n)
        sizes = [q + 1] * r + [q] * (n - r)
    else:
        bounds = [0] + [min(int(i), size) for i in indices_or_sections] + [size]
        sizes = [max(b - a, 0) for a, b in zip(bounds, bounds[1:])]
    return split(input, sizes, d)


def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The slices along ``dim``, each without that dim."""
    d = _wrap_dim(dim, input._data.ndim)
    like = input._data.shape
    return tuple(_unbind_part(input, index=(slice(None),) * d + (i,), like=like) for i in builtins_range(like[d]))


import builtins as _builtins  # noqa: E402

builtins_range = _builtins.range

__all__ = ["cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack", "column_stack",
           "narrow", "select", "split", "chunk", "tensor_split", "unbind",
           "view", "reshape", "flatten", "unflatten", "expand", "expand_as", "broadcast_to", "permute",
           "transpose", "swapaxes", "swapdims", "t", "unsqueeze", "squeeze", "contiguous", "view_as",
           "reshape_as", "movedim", "moveaxis", "sum_to", "sum_to_size", "Size"]

METHODS = {
    "view": view, "reshape": reshape, "flatten": flatten, "unflatten": unflatten, "expand": expand,
    "expand_as": expand_as, "broadcast_to": broadcast_to, "permute": permute, "transpose": transpose,
    "swapaxes": transpose, "swapdims": transpose, "t": t, "unsqueeze": unsqueeze, "squeeze": squeeze,
    "contiguous": contiguous, "view_as": view_as, "reshape_as": reshape_as, "movedim": movedim,
    "moveaxis": movedim, "sum_to_size": sum_to_size, "narrow": narrow, "select": select, "split": split,
    "chunk": chunk, "tensor_split": tensor_split, "unbind": unbind,
    "T": property(T), "mT": property(mT), "H": property(T), "mH": property(mT),
}
INPLACE = {}
