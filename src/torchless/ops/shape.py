"""Shape ops: views and copies that move elements without computing on them.

View ops return NumPy views, so the result shares memory (and the version counter) with its input, as in torch.
Each public function picks the node torch records for the same call (``ViewBackward0`` for a view of contiguous
memory, ``ReshapeAliasBackward0`` for other views, ``UnsafeViewBackward0`` when ``reshape`` has to copy, ...).
"""

from __future__ import annotations

import builtins as _builtins
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Size, Tensor, _wrap_dim, need_tensor
from ._op import KEEP, defop, mark_multi_output
from ._torch_sum import SUM_DTYPES, torch_sum

_range = _builtins.range
_make = Tensor._make

# Helpers -------------------------------------------------------------------------------------------------


def _shape_arg(shape, name: str = "view") -> tuple:
    """Accept ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])``, ``f(torch.Size(...))`` and 0-dim integer tensors."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    out = []
    for s in shape:
        if isinstance(s, Tensor) and not s.dtype.is_floating_point and s._data.ndim == 0:
            s = s.item()
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            if name == "view":
                got = ", ".join(type(v).__name__ for v in shape)
                raise TypeError(f"view() received an invalid combination of arguments - got ({got}), but expected "
                                f"one of:\n * (torch.dtype dtype)\n * (tuple of ints size)\n")
            raise TypeError(f"{name}() takes 1 positional argument but {len(shape)} were given")
        out.append(int(s))
    return tuple(out)


def _dims(dim, ndim: int) -> tuple:
    """Normalise ``dim`` (None, an int, or a sequence) to sorted non-negative dims; None means all."""
    if dim is None:
        return tuple(_range(ndim))
    if isinstance(dim, (int, np.integer)):
        return (_wrap_dim(int(dim), ndim),)
    dims = tuple(sorted(_wrap_dim(int(d), ndim) for d in dim))
    for a, b in zip(dims, dims[1:]):
        if a == b:
            raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
    return dims


def _infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one -1 in ``shape``, with torch's errors for shapes that do not fit ``numel`` elements."""
    infer = None
    known = 1
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
        else:
            known *= s
    if infer is not None:
        if known == 0:
            if numel == 0:
                raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                                   f"unspecified dimension size -1 can be any value and is ambiguous")
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        if numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return shape[:infer] + (numel // known,) + shape[infer + 1:]
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _viewable(arr: np.ndarray, shape: tuple) -> bool:
    """Whether ``arr`` can be seen with ``shape`` without copying (torch's computeStride rule)."""
    if arr.flags.c_contiguous or arr.size <= 1:
        return True
    try:
        arr.reshape(shape, copy=False)
    except ValueError:
        return False
    except TypeError:  # pragma: no cover - NumPy < 2.1 has no copy argument: setting the shape never copies
        try:
            arr.view().shape = shape
        except AttributeError:
            return False
    return True


def _legacy_name(t: Tensor) -> str:
    return f"torch.{t.dtype._torch_name}Tensor"


# Entries -------------------------------------------------------------------------------------------------

_view = defop("ViewBackward0", lambda a, shape, like: a.reshape(shape), lambda g, a, r, shape, like: g.reshape(like),
              dtype=KEEP, view=True, arrays=True)
_reshape_alias = defop("ReshapeAliasBackward0", lambda a, shape, like: a.reshape(shape),
                       lambda g, a, r, shape, like: g.reshape(like), dtype=KEEP, view=True, arrays=True)
_unsafe_view = defop("UnsafeViewBackward0", lambda a, shape, like: a.reshape(shape),
                     lambda g, a, r, shape, like: g.reshape(like), dtype=KEEP)
expand_ = defop("ExpandBackward0", lambda a, shape: np.broadcast_to(a, shape), lambda g, a, r, shape: g,
                dtype=KEEP, view=True, arrays=True)
_permute = defop("PermuteBackward0", lambda a, dims: a.transpose(dims),
                 lambda g, a, r, dims: _permute(g, dims=tuple(np.argsort(dims).tolist())), dtype=KEEP, view=True)
_transpose = defop("TransposeBackward0", lambda a, d0, d1: a.swapaxes(d0, d1),
                   lambda g, a, r, d0, d1: _transpose(g, d0=d0, d1=d1), dtype=KEEP, view=True)
_t = defop("TBackward0", lambda a: a.T, lambda g, a, r: _t(g) if isinstance(g, Tensor) else g.T, dtype=KEEP,
           view=True, arrays=True)
_unsqueeze = defop("UnsqueezeBackward0", lambda a, dim: np.expand_dims(a, dim),
                   lambda g, a, r, dim: g.reshape(g.shape[:dim] + g.shape[dim + 1:]), dtype=KEEP,
                   view=True, arrays=True)
_squeeze = defop("SqueezeBackward0", lambda a, dims, like: a.reshape(tuple(s for s in like if s != 1)),
                 lambda g, a, r, dims, like: g.reshape(like), dtype=KEEP, view=True)
_squeeze_dim = defop("SqueezeBackward1", lambda a, dims, like: np.squeeze(a, dims),
                     lambda g, a, r, dims, like: g.reshape(like), dtype=KEEP, view=True)
_squeeze_dims = defop("SqueezeBackward2", lambda a, dims, like: np.squeeze(a, dims),
                      lambda g, a, r, dims, like: g.reshape(like), dtype=KEEP, view=True)


def _embed_fwd(g, index, like):
    out = np.zeros(like, dtype=g.dtype)
    out[index] = g
    return out


# A part of a tensor (slicing with basic indices), and its adjoint: the part put back into zeros.
_embed = defop("SliceBackward0", _embed_fwd, lambda gg, g, r, index, like: _slice(gg, index=index, like=like),
               dtype=KEEP)
_slice = defop("SliceBackward0", lambda a, index, like: a[index],
               lambda g, a, r, index, like: _embed(g, index=index, like=like), dtype=KEEP, view=True)
_select = defop("SelectBackward0", lambda a, index, like: a[index],
                lambda g, a, r, index, like: _embed(g, index=index, like=like), dtype=KEEP, view=True)


def _sum_to_fwd(a, shape):
    """torch's ``at::sum_to``: a keepdim sum over the broadcast dims (in torch's summation order), then a view."""
    lead = a.ndim - len(shape)
    axes = tuple(_range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and a.shape[i + lead] != 1)
    if not axes:
        out = a
    elif a.dtype in SUM_DTYPES:
        out = torch_sum(a, axes, True)
    else:
        out = a.sum(axis=axes, keepdims=True)
    return out.reshape(shape) if lead else out


_sum_to = defop("SumBackward1", _sum_to_fwd, lambda g, a, r, shape: g, dtype=KEEP)


def sum_to(g: Tensor, shape: tuple) -> Tensor:
    """Fit a gradient to an input's shape: sum over broadcast dims, expand over dims of size 1 in ``g``.

    The engine calls this for every gradient whose shape differs from its input's, so derivative rules never
    handle broadcasting themselves. ``g`` may also be a NumPy array (the engine's gradients when it records no
    graph): then the same sums run on the array.
    """
    if not isinstance(g, Tensor):
        return _sum_to_array(np.asarray(g), tuple(shape))
    gshape = g._data.shape
    if len(gshape) >= len(shape):
        lead = len(gshape) - len(shape)
        if any(gs != 1 and s == 1 for gs, s in zip(gshape[lead:], shape)) or lead:
            g = _sum_to(g, shape=tuple(s if gs != 1 else 1 for gs, s in zip(gshape[lead:], shape)))
    if g._data.shape != tuple(shape):
        g = expand_(g, shape=tuple(shape))
    return g


def _sum_to_array(g: np.ndarray, shape: tuple) -> np.ndarray:
    """``sum_to`` on an array: the same sums (``_sum_to_fwd``), then a read-only broadcast view."""
    if not g.ndim:  # a scalar's gradient (a loss's): a read-only view with zero strides, made without np.broadcast_to
        view = np.ndarray(shape, g.dtype, np.ascontiguousarray(g), strides=(0,) * len(shape))
        view.flags.writeable = False
        return view
    lead = g.ndim - len(shape)
    if lead >= 0:
        keep = tuple(s if gs != 1 else 1 for gs, s in zip(g.shape[lead:], shape))
        if lead or keep != g.shape:
            g = _sum_to_fwd(g, keep)
    return g if g.shape == shape else np.broadcast_to(g, shape)


def sum_to_size(input: Tensor, *size) -> Tensor:
    """Sum ``input`` down to ``size`` (which must be expandable to the input's shape)."""
    size = _shape_arg(size, "sum_to_size")
    if not _expandable(size, input._data.shape):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(input.shape)}}}.")
    shp = input._data.shape
    if shp == size:
        return input
    lead = len(shp) - len(size)
    if not lead:
        return _sum_to(input, shape=size)
    return view(_sum_to(input, shape=(1,) * lead + size), size)  # torch: a keepdim sum, then a view


def _expandable(small: tuple, big: tuple) -> bool:
    if len(small) > len(big):
        return False
    return all(s == b or s == 1 for s, b in zip(small[::-1], big[::-1]))


# Reshaping -----------------------------------------------------------------------------------------------


def view(input: Tensor, *shape) -> Tensor:
    """The same memory seen with another shape (one dimension may be -1); never copies."""
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        return _view_dtype(input, shape[0])
    shape = _infer_shape(_shape_arg(shape), input._data.size)
    if not _viewable(input._data, shape):
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension "
                           "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view(input, shape=shape, like=input._data.shape)


def _view_dtype(input: Tensor, dtype: D.dtype) -> Tensor:
    if dtype is input.dtype:
        return _view(input, shape=input._data.shape, like=input._data.shape)
    if dtype.itemsize != input.dtype.itemsize:
        raise NotImplementedError("torchless: Tensor.view(dtype) is only supported between dtypes of the same size; "
                                  "use .to(dtype) for a converted copy")
    out = _make(input._data.view(dtype.np))
    out._vc = input._vc
    out._base = input if input._base is None else input._base
    return out


def reshape(input: Tensor, *shape) -> Tensor:
    """``input`` with another shape: a view when the memory allows it, otherwise a copy."""
    shape = _infer_shape(_shape_arg(shape, "reshape"), input._data.size)
    arr = input._data
    like = arr.shape
    if arr.flags.c_contiguous or arr.size <= 1:
        return _view(input, shape=shape, like=like)
    if _viewable(arr, shape):
        return _reshape_alias(input, shape=shape, like=like)
    return _unsafe_view(input, shape=shape, like=like)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims ``start_dim..end_dim`` into one (the input itself when there is nothing to merge)."""
    nd = input._data.ndim
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if nd == 0:
        return reshape(input, 1)
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
    """Split dim ``dim`` into ``sizes`` (one of which may be -1)."""
    d = _wrap_dim(dim, input._data.ndim)
    sizes = tuple(int(s) for s in sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    shp = input._data.shape
    if sizes.count(-1) > 1:
        raise RuntimeError("unflatten got an unexpected error:\nonly one dimension can be inferred")
    known = 1
    for s in sizes:
        if s != -1:
            known *= s
    if (-1 in sizes and (known == 0 or shp[d] % known)) or (-1 not in sizes and known != shp[d]):
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
                           f"({shp[d]}) in the input tensor")
    if -1 in sizes:
        sizes = tuple(shp[d] // known if s == -1 else s for s in sizes)
    return view(input, shp[:d] + sizes + shp[d + 1:])


def view_as(input: Tensor, other: Tensor) -> Tensor:
    """``input.view(other.shape)``."""
    need_tensor("view_as", "other", 1, other)
    return view(input, other._data.shape)


def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    """``input.reshape(other.shape)``."""
    need_tensor("reshape_as", "other", 1, other)
    return reshape(input, other._data.shape)


def contiguous(input: Tensor, memory_format=None) -> Tensor:
    """``input`` itself when its memory is already row-major, else a row-major copy."""
    if input._data.flags.c_contiguous:
        return input
    return _contig(input)


_contig = defop("CloneBackward0", lambda a: np.ascontiguousarray(a), lambda g, a, r: g, dtype=KEEP)


def expand(input: Tensor, *sizes) -> Tensor:
    """A broadcast view: dims of size 1 repeat without copying; -1 keeps a dim."""
    sizes = _shape_arg(sizes, "expand")
    shp = input._data.shape
    if len(sizes) < len(shp):
        raise RuntimeError(f"expand({_legacy_name(input)}{{{list(shp)}}}, size={list(sizes)}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({len(shp)})")
    lead = len(sizes) - len(shp)
    target = []
    for i, s in enumerate(sizes):
        cur = shp[i - lead] if i >= lead else None
        if cur is None:
            if s < 0:
                if s == -1:
                    raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                                       f"non-existing dimension {i}")
                raise RuntimeError("numel: integer multiplication overflow")
        elif s == -1:
            s = cur
        elif cur != 1 and cur != s:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shp)}")
        target.append(s)
    return expand_(input, shape=tuple(target))


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    """``input.expand(other.shape)``."""
    need_tensor("expand_as", "other", 1, other)
    return expand(input, other._data.shape)


def broadcast_to(input: Tensor, size) -> Tensor:
    """``input.expand(size)``."""
    return expand(input, tuple(size))


def broadcast_shapes(*shapes) -> Size:
    """The shape that tensors of these shapes broadcast to."""
    shapes = [(s,) if isinstance(s, (int, np.integer)) else tuple(s) for s in shapes]
    result = [1] * max((len(s) for s in shapes), default=0)
    for k, shape in enumerate(shapes):
        for i in _range(-1, -1 - len(shape), -1):
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {shape[i]} at {i}! Mismatching "
                                   f"argument at index {k} had {shape}; but expected shape should be broadcastable to "
                                   f"{result}")
            result[i] = shape[i]
    return Size(result)


def broadcast_tensors(*tensors) -> tuple:
    """Views of the tensors expanded to their common broadcast shape."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    from .elementwise import broadcast_error

    err = broadcast_error(*[t._data.shape for t in tensors])
    if err is not None:
        raise err
    shape = np.broadcast_shapes(*[t._data.shape for t in tensors])
    return tuple(t if t._data.shape == shape else expand_(t, shape=shape) for t in tensors)


# Reordering dims -----------------------------------------------------------------------------------------


def permute(input: Tensor, *dims) -> Tensor:
    """The dims in a new order (a view)."""
    dims = _shape_arg(dims, "permute")
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
    """Swap two dims (a view)."""
    nd = input._data.ndim
    return _transpose(input, d0=_wrap_dim(dim0, nd), d1=_wrap_dim(dim1, nd))


swapaxes = swapdims = transpose


def t(input: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dims."""
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return _t(input)


def _mT(input: Tensor, name: str = "mT") -> Tensor:  # noqa: N802 - torch's name
    if input._data.ndim < 2:
        raise RuntimeError(f"tensor.{name} is only supported on matrices or batches of matrices. Got "
                           f"{input._data.ndim}-D tensor.")
    return _transpose(input, d0=input._data.ndim - 2, d1=input._data.ndim - 1)


def _T(input: Tensor) -> Tensor:  # noqa: N802 - torch's name
    nd = input._data.ndim
    if nd == 0:
        warnings.warn("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.",
                      UserWarning, stacklevel=2)
    elif nd != 2:
        warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and "
                      "it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices "
                      "or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
                      UserWarning, stacklevel=2)
    return _permute(input, dims=tuple(_range(nd - 1, -1, -1)))


def _H(input: Tensor) -> Tensor:  # noqa: N802 - torch's name
    nd = input._data.ndim
    if nd != 2:
        extra = " For batches of matrices, consider using tensor.mH" if nd > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {nd}-D tensor.{extra}")
    return _transpose(input, d0=0, d1=1)


def adjoint(input: Tensor) -> Tensor:
    """The conjugate transpose of the last two dims (the transpose, for real tensors)."""
    return _mT(input, "mH")


def movedim(input: Tensor, source, destination) -> Tensor:
    """Move dims ``source`` to positions ``destination``; the other dims keep their order."""
    nd = input._data.ndim
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the same "
                           f"number of dims as destination ({dst} dims)")
    src = [_wrap_dim(s, nd) for s in src]
    dst = [_wrap_dim(d, nd) for d in dst]
    if len(set(src)) != len(src):
        raise RuntimeError(f"movedim: repeated dim in `source` "
                           f"({list(source) if not isinstance(source, int) else src})")
    if len(set(dst)) != len(dst):
        raise RuntimeError(f"movedim: repeated dim in `destination` "
                           f"({list(destination) if not isinstance(destination, int) else dst})")
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in _range(nd) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return _permute(input, dims=tuple(order))


moveaxis = movedim


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """A view with a new dim of size 1 at ``dim``."""
    return _unsqueeze(input, dim=_wrap_dim(dim, input._data.ndim + 1))


def squeeze(input: Tensor, dim=None) -> Tensor:
    """Remove dims of size 1 (all of them, or those named by ``dim``: an int or a tuple)."""
    shp = input._data.shape
    nd = len(shp)
    if dim is None:
        return _squeeze(input, dims=None, like=shp)
    if isinstance(dim, (tuple, list)):
        dims = tuple(d for d in _dims(dim, nd) if nd and shp[d] == 1)
        return _squeeze_dims(input, dims=dims, like=shp)
    d = _wrap_dim(dim, nd)
    return _squeeze_dim(input, dims=(d,) if nd and shp[d] == 1 else (), like=shp)


# Joining and splitting -----------------------------------------------------------------------------------


def _part(g: Tensor, dim: int, start: int, stop: int) -> Tensor:
    return _slice(g, index=(slice(None),) * dim + (slice(start, stop),), like=g._data.shape)


def _cat_fwd(*arrs, dim, sizes):
    return np.concatenate([a for a, s in zip(arrs, sizes) if s is not None], axis=dim)


def _cat_deriv(g, i, *args, dim, sizes):
    if sizes[i] is None:  # a skipped 1-D empty tensor
        return _make(np.zeros((0,), dtype=g._data.dtype))
    start = sum(s for s in sizes[:i] if s is not None)
    return _part(g, dim, start, start + sizes[i])


_cat = defop("CatBackward0", _cat_fwd, _cat_deriv, variadic=True)
_stack = defop("StackBackward0", lambda *arrs, dim: np.stack(arrs, axis=dim),
               lambda g, i, *args, dim: select(g, dim, i), variadic=True)


def _tensors_arg(tensors, name: str, empty: str) -> list:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        if name == "cat":
            raise ValueError(empty)
        raise RuntimeError(empty)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


def cat(tensors, dim: int = 0, *, axis: int | None = None, out=None) -> Tensor:
    """Join tensors along an existing dim (1-D empty tensors are skipped, as torch allows)."""
    tensors = _tensors_arg(tensors, "cat", "torch.cat(): expected a non-empty list of Tensors")
    if axis is not None:
        dim = axis
    for i, t in enumerate(tensors):
        if t._data.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    kept = [(i, t) for i, t in enumerate(tensors) if not (t._data.ndim == 1 and t._data.size == 0)]
    if not kept:
        kept = [(0, tensors[0])]
    ref = kept[0][1]._data.shape
    d = _wrap_dim(dim, len(ref))
    for i, t in kept:
        shp = t._data.shape
        if len(shp) != len(ref):
            raise RuntimeError(f"Tensors must have same number of dimensions: got {len(ref)} and {len(shp)}")
        for k, (a, b) in enumerate(zip(shp, ref)):
            if k != d and a != b:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size {b} but got "
                                   f"size {a} for tensor number {i} in the list.")
    keep = {i for i, _ in kept}
    sizes = tuple(t._data.shape[d] if i in keep else None for i, t in enumerate(tensors))
    return _cat(*tensors, dim=d, sizes=sizes)


concat = concatenate = cat


def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join tensors of equal shape along a new dim."""
    tensors = _tensors_arg(tensors, "stack", "stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    d = _wrap_dim(dim, len(shape) + 1)
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    return _stack(*tensors, dim=d)


def atleast_1d(*tensors):
    """Views with at least one dim (0-dim tensors become shape ``(1,)``)."""
    out = [t if t._data.ndim >= 1 else reshape(t, 1) for t in _flat_tensors(tensors)]
    return out[0] if len(out) == 1 else tuple(out)


def atleast_2d(*tensors):
    """Views with at least two dims: 0-dim become ``(1, 1)``, 1-D become ``(1, n)``."""
    out = [t if t._data.ndim >= 2 else (unsqueeze(t, 0) if t._data.ndim == 1 else reshape(t, 1, 1))
           for t in _flat_tensors(tensors)]
    return out[0] if len(out) == 1 else tuple(out)


def atleast_3d(*tensors):
    """Views with at least three dims: ``(1, 1, 1)``, ``(1, n, 1)``, ``(m, n, 1)``."""
    out = []
    for t in _flat_tensors(tensors):
        nd = t._data.ndim
        if nd == 0:
            t = reshape(t, 1, 1, 1)
        elif nd == 1:
            t = unsqueeze(unsqueeze(t, 0), -1)
        elif nd == 2:
            t = unsqueeze(t, -1)
        out.append(t)
    return out[0] if len(out) == 1 else tuple(out)


def _flat_tensors(tensors) -> list:
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


def hstack(tensors) -> Tensor:
    """Join horizontally: along dim 0 for 1-D tensors, dim 1 otherwise."""
    tensors = _tensors_arg(tensors, "hstack", "hstack expects a non-empty TensorList")
    tensors = [atleast_1d(t) for t in tensors]
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    """Join vertically (1-D tensors become rows)."""
    tensors = _tensors_arg(tensors, "vstack", "vstack expects a non-empty TensorList")
    return cat([atleast_2d(t) for t in tensors], 0)


row_stack = vstack


def dstack(tensors) -> Tensor:
    """Join along the third dim (after making every tensor at least 3-D)."""
    tensors = _tensors_arg(tensors, "dstack", "dstack expects a non-empty TensorList")
    return cat([atleast_3d(t) for t in tensors], 2)


def column_stack(tensors) -> Tensor:
    """Join as columns: 0-D and 1-D tensors become columns, others join along dim 1."""
    tensors = _tensors_arg(tensors, "column_stack", "column_stack expects a non-empty TensorList")
    return cat([reshape(t, -1, 1) if t._data.ndim < 2 else t for t in tensors], 1)


def narrow(input: Tensor, dim: int, start, length: int) -> Tensor:
    """The view of ``length`` elements from ``start`` along ``dim``."""
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if isinstance(start, Tensor):
        if start._data.ndim or start.dtype.is_floating_point:
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start.item())
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _part(input, d, start, start + length)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """The slice at ``index`` along ``dim``, without that dim (a view)."""
    if isinstance(index, bool) or not isinstance(index, (int, np.integer, Tensor)):
        raise TypeError(f"select(): argument 'index' (position 2) must be int, not {type(index).__name__}")
    nd = input._data.ndim
    if nd == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, nd)
    index = int(index)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input._data.shape)} at "
                         f"dimension {d}")
    return _select(input, index=(slice(None),) * d + (index,), like=input._data.shape)


def _part_back(g, index, like):
    """The gradient of a piece: ``g`` put back into zeros of the input's shape."""
    return _embed(g, index=index, like=like)


_split_part = defop("SplitBackward0", lambda a, index, like: a[index],
                    lambda g, a, r, index, like: _part_back(g, index, like), dtype=KEEP, view=True)
_split_sizes_part = defop("SplitWithSizesBackward0", lambda a, index, like: a[index],
                          lambda g, a, r, index, like: _part_back(g, index, like), dtype=KEEP, view=True)
_unbind_part = defop("UnbindBackward0", lambda a, index, like: a[index],
                     lambda g, a, r, index, like: _part_back(g, index, like), dtype=KEEP, view=True)


def _pieces(tensor: Tensor, entry, d: int, sizes) -> tuple:
    like = tensor._data.shape
    out, start = [], 0
    for s in sizes:
        out.append(entry(tensor, index=(slice(None),) * d + (slice(start, start + s),), like=like))
        start += s
    return mark_multi_output(tuple(out))


def split(tensor: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or pieces of the listed sizes."""
    d = _wrap_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        step = int(split_size_or_sections)
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
        if step == 0 and size:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        sizes = [min(step, size - s) for s in _range(0, size, step)] if step else [0]
        return _pieces(tensor, _split_part, d, sizes or [0])
    return split_with_sizes(tensor, split_size_or_sections, d)


def split_with_sizes(tensor: Tensor, split_sizes, dim: int = 0) -> tuple:
    """Pieces of the listed sizes along ``dim`` (they must add up to the dim's size)."""
    d = _wrap_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    sizes = [int(s) for s in split_sizes]
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if sum(sizes) != size:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at "
                           f"dimension {d}), but got split_sizes={sizes}")
    return _pieces(tensor, _split_sizes_part, d, sizes)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` pieces of equal size (ceil), the last possibly smaller."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    size = input._data.shape[_wrap_dim(dim, input._data.ndim)]
    return split(input, max(-(-size // chunks), 1) if size else 1, dim)


def tensor_split(input: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    """``sections`` nearly equal pieces, or the pieces between the given indices (views via slicing)."""
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if isinstance(indices_or_sections, Tensor):
        t = indices_or_sections
        if t.dtype is not D.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{t.dtype._torch_name}")
        if t._data.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {t._data.ndim} dims")
        indices_or_sections = t.item() if t._data.ndim == 0 else t._data.tolist()
    if isinstance(indices_or_sections, (int, np.integer)):
        n = int(indices_or_sections)
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        q, r = divmod(size, n)
        bounds = [0]
        for k in _range(n):
            bounds.append(bounds[-1] + q + (1 if k < r else 0))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [size]
    like = input._data.shape
    out = []
    for a, b in zip(bounds, bounds[1:]):
        a = min(max(a + size if a < 0 else a, 0), size)
        b = min(max(b + size if b < 0 else b, 0), size)
        out.append(_slice(input, index=(slice(None),) * d + (slice(a, max(a, b)),), like=like))
    return tuple(out)


def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The slices along ``dim``, each without that dim."""
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = _wrap_dim(dim, input._data.ndim)
    like = input._data.shape
    return mark_multi_output(tuple(_unbind_part(input, index=(slice(None),) * d + (i,), like=like)
                                   for i in _range(like[d])))


__all__ = ["cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack", "column_stack",
           "atleast_1d", "atleast_2d", "atleast_3d", "narrow", "select", "split", "split_with_sizes", "chunk",
           "tensor_split", "unbind", "reshape", "flatten", "unflatten", "broadcast_to", "broadcast_shapes",
           "broadcast_tensors", "permute", "transpose", "swapaxes", "swapdims", "t", "adjoint", "unsqueeze",
           "squeeze", "movedim", "moveaxis", "Size"]

METHODS = {
    "view": view, "reshape": reshape, "flatten": flatten, "unflatten": unflatten, "expand": expand,
    "expand_as": expand_as, "broadcast_to": broadcast_to, "permute": permute, "transpose": transpose,
    "swapaxes": transpose, "swapdims": transpose, "t": t, "unsqueeze": unsqueeze, "squeeze": squeeze,
    "contiguous": contiguous, "view_as": view_as, "reshape_as": reshape_as, "movedim": movedim,
    "moveaxis": movedim, "sum_to_size": sum_to_size, "narrow": narrow, "select": select, "split": split,
    "split_with_sizes": split_with_sizes, "chunk": chunk, "tensor_split": tensor_split, "unbind": unbind,
    "adjoint": adjoint, "T": property(_T), "mT": property(_mT), "H": property(_H),
    "mH": property(lambda self: _mT(self, "mH")),
}
INPLACE = {}
