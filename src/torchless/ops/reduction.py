"""Reductions and scans: sum, mean, prod, max/min, std/var, norm, softmax, logsumexp, cumsum, sort, topk, ...

Each op is one ``defop`` entry (torch's node name, a NumPy forward, a derivative written with torchless ops, so
double backward works) plus a public wrapper that reads ``dim``/``keepdim``/``dtype`` as torch does and raises
torch's errors.

Derivatives return ``g`` with the reduced dims put back as size 1 (``_unsqueeze_dims``); the engine expands it to
the input's shape. Ops that pick elements (``max(dim)``, ``sort``, ``topk``, ``cummax``...) keep the picked indices
on their node (``aux``) and send the gradient back with one private scatter op whose derivative is a gather.
"""

from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from .. import _dtype as D
from .. import return_types as _rt
from .._tensor import Tensor, _wrap_dim
from ..autograd import grad_mode
from ._op import FLOAT, KEEP, defop
from ._torch_sum import SUM_DTYPES, torch_sum
from .elementwise import fused, maximum, minimum, opmath, where
from .shape import cat, stack

_make = Tensor._make
_INF = math.inf


class _Unset:
    """Default of an argument whose absence differs from ``None`` (``x.sum()`` vs ``x.sum(None)``)."""

    __slots__ = ("_repr",)

    def __init__(self, text: str):
        self._repr = text

    def __repr__(self) -> str:
        return self._repr


_NO_DIM = _Unset("None")
_REQUIRED = _Unset("<required>")


def _missing(name: str, arg: str = "dim"):
    return TypeError(f'{name}() missing 1 required positional arguments: "{arg}"')


# Helpers -------------------------------------------------------------------------------------------------


def _reduce_dims(dim, ndim: int) -> tuple:
    """``dim`` (an int or a sequence; None and ``()`` mean every dim) as sorted non-negative dims.

    A 0-dim tensor accepts dim 0 / -1 and has no dims to reduce: the result is ``()``."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        d = _wrap_dim(int(dim), ndim)
        return (d,) if ndim else ()
    if len(dim) == 0:
        return tuple(range(ndim))
    seen = []
    for d in dim:
        d = _wrap_dim(int(d), ndim)
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.append(d)
    return tuple(sorted(seen)) if ndim else ()


def _count(shape: tuple, dims) -> int:
    """Number of elements each reduction over ``dims`` (None: all) combines."""
    n = 1
    for d in (range(len(shape)) if dims is None else dims):
        n *= shape[d]
    return n


def _unsqueeze_dims(g: Tensor, dims, keepdim: bool) -> Tensor:
    """Put reduced dims back as size 1 so ``g`` broadcasts against the input."""
    if keepdim or not dims:
        return g
    shape = list(g.shape)  # g: a tensor, or an array in a backward that records no graph
    for d in dims:  # dims are sorted and non-negative
        shape.insert(d, 1)
    return g.reshape(shape)


def _has_zero(t: Tensor) -> bool:
    return not t._data.all()


def _along(idx: np.ndarray, dim: int) -> tuple:
    """The NumPy index that addresses ``idx``'s positions along ``dim`` (``take_along_axis`` as a tuple)."""
    nd = idx.ndim
    return tuple(idx if d == dim else np.arange(n).reshape((-1,) + (1,) * (nd - d - 1))
                 for d, n in enumerate(idx.shape))


def _scatter_fwd(g, idx, dim, like, unique):
    out = np.zeros(like, dtype=g.dtype)
    if unique:
        np.put_along_axis(out, idx, g, axis=dim)
    else:
        np.add.at(out, _along(idx, dim), np.broadcast_to(g, idx.shape))
    return out


# The gradient of an element-picking op: ``g`` added at ``idx`` along ``dim`` into zeros of shape ``like``; its
# derivative is the gather of the same positions (and the gather's derivative is this scatter again).
_scatter = defop("ScatterAddBackward0", _scatter_fwd,
                 lambda gg, g, r, idx, dim, like, unique: _gather(gg, idx=idx, dim=dim, like=like), dtype=KEEP)
_gather = defop("GatherBackward0", lambda a, idx, dim, like: np.take_along_axis(a, idx, axis=dim),
                lambda g, a, r, idx, dim, like: _scatter(g, idx=idx, dim=dim, like=like, unique=False), dtype=KEEP)
_flip = defop("FlipBackward0", lambda a, dim: np.flip(a, dim).copy(), lambda g, a, r, dim: _flip(g, dim=dim),
              dtype=KEEP)


def _select_back(g: Tensor, like: tuple, dim: int, idx: np.ndarray, keepdim: bool, unique: bool = True) -> Tensor:
    """Gradient of ``values = take_along_axis(input, idx, dim)`` (``idx`` in keepdim form)."""
    if not like:
        return g
    if not keepdim:
        g = g.unsqueeze(dim)
    return _scatter(g, idx=idx, dim=dim, like=like, unique=unique)


def _evenly(g: Tensor, a: Tensor, r: Tensor, **_) -> Tensor:
    """Gradient of a full reduction that picks a value (max, min, median): split evenly over its ties."""
    rv = r._data
    mask = a.isnan() if rv.dtype.kind == "f" and np.isnan(rv) else a == r
    n = int(np.count_nonzero(mask._data))
    return mask * (g / n) if n else mask * g


def _split_ties(g: Tensor, a: Tensor, r: Tensor, dims, keepdim: bool) -> Tensor:
    """Gradient of amax/amin over ``dims``: split evenly among the entries equal to the result."""
    mask = a == _unsqueeze_dims(r, dims, keepdim)
    return mask * (_unsqueeze_dims(g, dims, keepdim) / mask.sum(dims, keepdim=True))


def _acc_dtype(input: Tensor, dtype) -> D.dtype:
    """Accumulation dtype of sum/prod/cumsum: the given one, else floats stay and ints/bools become int64."""
    if dtype is not None:
        return D.to_dtype(dtype)
    return input.dtype if input.dtype.is_floating_point else D.int64


def _accumulate(f, a: np.ndarray, dtype: D.dtype, **kw) -> np.ndarray:
    """``f(a, dtype=...)`` (``np.prod``, ``np.cumsum``) in ``dtype``; float16 accumulates in float32 and is rounded
    once, as torch's CPU kernels do."""
    if dtype is D.float16:
        with np.errstate(over="ignore"):
            return f(a, dtype=np.float32, **kw).astype(np.float16)
    return f(a, dtype=dtype.np, **kw)


# sum, mean, nansum, nanmean, prod --------------------------------------------------------------------------


def _sum_fwd(a, dims, keepdim, dtype):
    if dtype.np in SUM_DTYPES:  # torch's summation order (NumPy's pairwise one differs in the last bit)
        return torch_sum(a.astype(dtype.np, copy=False), dims, keepdim)
    return a.sum(axis=dims, keepdims=keepdim, dtype=dtype.np)


_sum_all = defop("SumBackward0", _sum_fwd, lambda g, a, r, dims, keepdim, dtype: g, dtype=KEEP, arrays=True)
_sum_dim = defop("SumBackward1", _sum_fwd,
                 lambda g, a, r, dims, keepdim, dtype: _unsqueeze_dims(g, dims, keepdim), dtype=KEEP, arrays=True)


def sum(input: Tensor, dim=_NO_DIM, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim`` (an int or a tuple); integers and bools sum to int64 as in torch."""
    dt = input.dtype if dtype is None and input.dtype.is_floating_point else _acc_dtype(input, dtype)
    if dim is _NO_DIM and not keepdim:
        return _sum_all(input, dims=None, keepdim=False, dtype=dt)
    dims = _reduce_dims(None if dim is _NO_DIM else dim, input._data.ndim)
    return _sum_dim(input, dims=dims, keepdim=keepdim, dtype=dt)


@opmath
def _mean_fwd(a, dims, keepdim, n):
    s = torch_sum(a, dims, keepdim) if a.dtype in SUM_DTYPES else a.sum(axis=dims, keepdims=keepdim)
    return s / n if n else s * np.nan  # the mean of nothing is nan, without NumPy's warning


_mean_all = defop("MeanBackward0", _mean_fwd, lambda g, a, r, dims, keepdim, n: g / n, dtype=KEEP, arrays=True)
_mean_dim = defop("MeanBackward1", _mean_fwd,
                  lambda g, a, r, dims, keepdim, n: _unsqueeze_dims(g, dims, keepdim) / n, dtype=KEEP, arrays=True)


def mean(input: Tensor, dim=_NO_DIM, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Arithmetic mean; like torch, integer input needs an explicit floating ``dtype``."""
    if dtype is not None:
        dt = D.to_dtype(dtype)
        if not dt.is_floating_point:
            raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating point "
                               f"or complex dtype. Got: {dt._torch_name}")
        if dt is not input.dtype:
            input = input.to(dt)
    elif not input.dtype.is_floating_point:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {input.dtype._torch_name}")
    if dim is _NO_DIM and not keepdim:
        return _mean_all(input, dims=None, keepdim=False, n=input._data.size)
    dims = _reduce_dims(None if dim is _NO_DIM else dim, input._data.ndim)
    return _mean_dim(input, dims=dims, keepdim=keepdim, n=_count(input._data.shape, dims))


_nansum = defop("NansumBackward0", lambda a, dims, keepdim, dtype: np.nansum(a, axis=dims, keepdims=keepdim,
                                                                           dtype=dtype.np),
                lambda g, a, r, dims, keepdim, dtype: _unsqueeze_dims(g, dims, keepdim) * a.isnan().logical_not(),
                save=(0,), dtype=KEEP)


def nansum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Sum treating NaN as zero."""
    dims = _reduce_dims(dim, input._data.ndim)
    return _nansum(input, dims=dims, keepdim=keepdim, dtype=_acc_dtype(input, dtype))


def nanmean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Mean of the non-NaN elements (``nansum / count``, as torch computes it)."""
    if not input.dtype.is_floating_point:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got "
                           f"{input.dtype._torch_name}")
    count = sum(input.isnan().logical_not(), dim, keepdim)
    return nansum(input, dim, keepdim, dtype=dtype) / count


def _prod_fwd(a, dims, keepdim, dtype):
    return np.prod(a, axis=dims, keepdims=keepdim, dtype=dtype.np)  # torch multiplies float16 in float16


def _prod_others(a: Tensor, d: int) -> Tensor:
    """For each element, the product of the others along ``d`` (exact with zeros, differentiable)."""
    n = a._data.shape[d]
    shape = list(a._data.shape)
    shape[d] = 1
    ones = _make(np.ones(shape, dtype=a._data.dtype))
    left = cumprod(cat([ones, a.narrow(d, 0, n - 1)], d), d)
    right = _flip(cumprod(cat([ones, _flip(a.narrow(d, 1, n - 1), dim=d)], d), d), dim=d)
    return left * right


def _prod_grad(g, a, r, dims, keepdim, dtype):
    if a._data.ndim == 0 or a._data.size == 0:
        return g
    if a.dtype is not r.dtype:
        a = a.to(r.dtype)
    if dims is None:
        if not _has_zero(a):
            return g * r / a
        return g * _prod_others(a.reshape(-1), 0).reshape(a._data.shape)
    if not _has_zero(a):
        return _unsqueeze_dims(g, dims, keepdim) * _unsqueeze_dims(r, dims, keepdim) / a
    return _unsqueeze_dims(g, dims, keepdim) * _prod_others(a, dims[0])


_prod_all = defop("ProdBackward0", _prod_fwd, _prod_grad, save=(0,), result=True, dtype=KEEP)
_prod_dim = defop("ProdBackward1", _prod_fwd, _prod_grad, save=(0,), result=True, dtype=KEEP)


def prod(input: Tensor, dim=_NO_DIM, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Product of all elements, or along one ``dim``; integers and bools multiply in int64."""
    dt = _acc_dtype(input, dtype)
    if dim is _NO_DIM:
        return _prod_all(input, dims=None, keepdim=False, dtype=dt)
    if not isinstance(dim, (int, np.integer)):
        raise TypeError(f"prod(): argument 'dim' must be int, not {type(dim).__name__}")
    return _prod_dim(input, dims=_reduce_dims(dim, input._data.ndim), keepdim=keepdim, dtype=dt)


# max, min, amax, amin, aminmax, argmax, argmin --------------------------------------------------------------


def _empty_all(name: str) -> RuntimeError:
    return RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                        "reduction dim with the 'dim' argument.")


def _pick_fwd(arg):
    """Forward of max/min along a dim: values and (keepdim) indices, first occurrence on ties, NaN wins."""
    def fwd(a, dim, keepdim, like):
        if a.ndim == 0:
            return a.copy(), np.zeros((), np.int64)
        idx = arg(a, axis=dim, keepdims=True)
        vals = np.take_along_axis(a, idx, axis=dim)
        return (vals if keepdim else vals.squeeze(dim)), idx
    return fwd


def _pick_grad(g, a, r, dim, keepdim, like, aux):
    return _select_back(g, like, dim, aux, keepdim)


_max_all = defop("MaxBackward1", np.ndarray.max, _evenly, save=(0,), result=True, dtype=KEEP)
_min_all = defop("MinBackward1", np.ndarray.min, _evenly, save=(0,), result=True, dtype=KEEP)
_max_dim = defop("MaxBackward0", _pick_fwd(np.ndarray.argmax), _pick_grad, aux=True, dtype=KEEP)
_min_dim = defop("MinBackward0", _pick_fwd(np.ndarray.argmin), _pick_grad, aux=True, dtype=KEEP)


def _extreme(name, input, dim, keepdim, op_all, op_dim, rt, binary):
    if dim is None:
        if keepdim:
            raise TypeError(f"{name}() received an invalid combination of arguments: keepdim needs a dim")
        if input._data.size == 0:
            raise _empty_all(name)
        return op_all(input)
    if isinstance(dim, Tensor):
        return binary(input, dim)
    if not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    shape = input._data.shape
    d = _wrap_dim(int(dim), len(shape))
    if shape and shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    values, idx = op_dim(input, dim=d, keepdim=keepdim, like=shape)
    if not keepdim and shape:
        idx = idx.squeeze(d)
    return rt((values, _make(idx)))


def max(input: Tensor, dim=None, keepdim: bool = False):  # noqa: A001
    """Largest element; with ``dim``, ``(values, indices)`` along it; with a tensor, ``maximum``."""
    return _extreme("max", input, dim, keepdim, _max_all, _max_dim, _rt.max, maximum)


def min(input: Tensor, dim=None, keepdim: bool = False):  # noqa: A001
    """Smallest element; with ``dim``, ``(values, indices)`` along it; with a tensor, ``minimum``."""
    return _extreme("min", input, dim, keepdim, _min_all, _min_dim, _rt.min, minimum)


def _amax_fwd(np_fn):
    def fwd(a, dims, keepdim):
        return np_fn(a, axis=dims, keepdims=keepdim)
    return fwd


_amax = defop("AmaxBackward0", _amax_fwd(np.ndarray.max), _split_ties, save=(0,), result=True, dtype=KEEP)
_amin = defop("AminBackward0", _amax_fwd(np.ndarray.min), _split_ties, save=(0,), result=True, dtype=KEEP)


def _amax_call(name, op, input, dim, keepdim):
    shape = input._data.shape
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    if len(dim) == 0:
        if input._data.size == 0:
            raise _empty_all(name)
    else:
        for d in dim:  # torch names the dim as it was given
            if shape and shape[_wrap_dim(int(d), len(shape))] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return op(input, dims=_reduce_dims(dim, len(shape)), keepdim=keepdim)


def amax(input: Tensor, dim=(), keepdim: bool = False) -> Tensor:
    """Maximum over ``dim`` (all dims by default); the gradient is split evenly among ties."""
    return _amax_call("amax", _amax, input, dim, keepdim)


def amin(input: Tensor, dim=(), keepdim: bool = False) -> Tensor:
    """Minimum over ``dim`` (all dims by default); the gradient is split evenly among ties."""
    return _amax_call("amin", _amin, input, dim, keepdim)


_aminmax_min = defop("AminmaxBackward0", _amax_fwd(np.ndarray.min), _split_ties, save=(0,), result=True, dtype=KEEP)
_aminmax_max = defop("AminmaxBackward0", _amax_fwd(np.ndarray.max), _split_ties, save=(0,), result=True, dtype=KEEP)


def aminmax(input: Tensor, *, dim=None, keepdim: bool = False):
    """``(min, max)`` over all elements or along ``dim``."""
    shape = input._data.shape
    if dim is None:
        empty = input._data.size == 0
        dims = tuple(range(len(shape)))
    else:
        d = _wrap_dim(int(dim), len(shape))
        empty = bool(shape) and shape[d] == 0
        dims = (d,) if shape else ()
    if empty:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    return _rt.aminmax((_aminmax_min(input, dims=dims, keepdim=keepdim),
                        _aminmax_max(input, dims=dims, keepdim=keepdim)))


def _arg_extreme(name, np_fn, input, dim, keepdim):
    a = input._data
    if a.dtype == np.bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if a.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        out = np_fn(a, keepdims=keepdim) if a.ndim else np.zeros((), np.int64)
    else:
        d = _wrap_dim(int(dim), a.ndim)
        if a.ndim == 0:
            out = np.zeros((), np.int64)
        else:
            if a.shape[d] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
            out = np_fn(a, axis=d, keepdims=keepdim)
    return _make(np.asarray(out, dtype=np.int64))


def argmax(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (of the flattened input, or along ``dim``); the first one on ties."""
    return _arg_extreme("argmax", np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (of the flattened input, or along ``dim``); the first one on ties."""
    return _arg_extreme("argmin", np.argmin, input, dim, keepdim)


# std, var, std_mean, var_mean -----------------------------------------------------------------------------


@opmath
def _var_np(a, dims, keepdim, c, n):
    with np.errstate(all="ignore"):
        dev = a - a.sum(axis=dims, keepdims=True) / n
        return (dev * dev).sum(axis=dims, keepdims=keepdim) / builtins.max(n - c, 0)


def _var_grad(g, a, r, dims, keepdim, c, n):
    dof = n - c
    if dims is None:
        if dof <= 0:  # 2 / dof is infinite: nan where the input equals its mean (inf * 0), else inf
            return g * where(a == a.mean(), math.nan, _INF)
        return (2.0 / dof) * g * (a - a.mean())
    scale = 2.0 / dof if dof else _INF
    return scale * _unsqueeze_dims(g, dims, keepdim) * (a - a.mean(dims, keepdim=True))


def _std_grad(g, a, r, dims, keepdim, c, n):
    if dims is not None and not keepdim:
        g, r = _unsqueeze_dims(g, dims, False), _unsqueeze_dims(r, dims, False)
    return _var_grad(where(r == 0, 0.0, g / (2 * r)), a, None, dims, True, c, n)


@opmath
def _std_np(a, dims, keepdim, c, n):
    return np.sqrt(_var_np(a, dims, keepdim, c, n))


@opmath
def _mean_np(a, dims, keepdim, n):
    with np.errstate(all="ignore"):
        return np.sum(a, axis=dims, keepdims=keepdim) / n


def _mean_part_grad(g, a, r, dims, keepdim, n):
    return _unsqueeze_dims(g, dims, keepdim) / n


_var = defop("VarBackward0", _var_np, _var_grad, save=(0,), dtype=KEEP)
_std = defop("StdBackward0", _std_np, _std_grad, save=(0,), result=True, dtype=KEEP)
_var_of_var_mean = defop("VarMeanBackward0", _var_np, _var_grad, save=(0,), dtype=KEEP)
_mean_of_var_mean = defop("VarMeanBackward0", _mean_np, _mean_part_grad, dtype=KEEP)
_std_of_std_mean = defop("StdMeanBackward0", _std_np, _std_grad, save=(0,), result=True, dtype=KEEP)
_mean_of_std_mean = defop("StdMeanBackward0", _mean_np, _mean_part_grad, dtype=KEEP)


def _var_args(name: str, input: Tensor, dim, unbiased, correction, what: str):
    """torch's overloads: ``(dim, unbiased, keepdim)``, ``(unbiased)`` and ``(dim, *, correction, keepdim)``."""
    if isinstance(dim, bool):
        unbiased, dim = dim, None
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments: 'unbiased' and 'correction' "
                        "cannot be given together")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"{what} only support floating point and complex dtypes")
    c = correction if correction is not None else (0 if unbiased is False else 1)
    shape = input._data.shape
    dims = None if dim is None else _reduce_dims(dim, len(shape))
    n = _count(shape, dims)
    if n - c <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return dims, c, n


def var(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:
    """Variance over ``dim`` (all by default) with Bessel's ``correction`` (1 unless ``unbiased=False``)."""
    dims, c, n = _var_args("var", input, dim, unbiased, correction, "std and var")
    return _var(input, dims=dims, keepdim=keepdim, c=c, n=n)


def std(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:
    """Standard deviation over ``dim`` (all by default); arguments as for ``var``."""
    dims, c, n = _var_args("std", input, dim, unbiased, correction, "std and var")
    return _std(input, dims=dims, keepdim=keepdim, c=c, n=n)


def var_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    """``(var, mean)`` in one call; arguments as for ``var``."""
    dims, c, n = _var_args("var_mean", input, dim, unbiased, correction, "var_mean")
    return (_var_of_var_mean(input, dims=dims, keepdim=keepdim, c=c, n=n),
            _mean_of_var_mean(input, dims=dims, keepdim=keepdim, n=n))


def std_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
    """``(std, mean)`` in one call; arguments as for ``var``."""
    dims, c, n = _var_args("std_mean", input, dim, unbiased, correction, "std_mean")
    return (_std_of_std_mean(input, dims=dims, keepdim=keepdim, c=c, n=n),
            _mean_of_std_mean(input, dims=dims, keepdim=keepdim, n=n))


# norm ------------------------------------------------------------------------------------------------------


@opmath
def _vnorm_fwd(a, p, dims, keepdim):
    with np.errstate(all="ignore"):
        if p == 2:
            return np.sqrt(np.sum(a * a, axis=dims, keepdims=keepdim))
        x = np.abs(a)
        if p == 1:
            return np.sum(x, axis=dims, keepdims=keepdim)
        if p == _INF:
            return np.max(x, axis=dims, keepdims=keepdim)
        if p == -_INF:
            return np.min(x, axis=dims, keepdims=keepdim)
        if p == 0:
            return np.sum(x != 0, axis=dims, keepdims=keepdim, dtype=a.dtype)
        return np.sum(x ** p, axis=dims, keepdims=keepdim) ** (1.0 / p)


def _vnorm_grad(g, a, r, p, dims, keepdim):
    """torch's ``norm_backward``: the subgradient 0 where the norm (or, for p < 1, the element) is 0."""
    if p == 0:
        return None
    if dims is not None and not keepdim:
        g, r = _unsqueeze_dims(g, dims, False), _unsqueeze_dims(r, dims, False)
    if p == 1:
        return a.sign() * g
    if p == 2:
        return g * where(r == 0, 0.0, a / r)
    if math.isinf(p):
        aa = a.abs()
        mask = (aa == r) | aa.isnan()
        return a.sign() * ((g / mask.sum(dims, keepdim=True)) * mask)
    if p < 1:
        return a.sign() * where(a == 0, 0.0, a.abs() ** (p - 1)) * g * r ** (1 - p)
    scaled = a.sign() * a.abs() ** (p - 1) if p < 2 else a * a.abs() ** (p - 2)
    return scaled * where(r == 0, 0.0, g / r ** (p - 1))


_vnorm = defop("LinalgVectorNormBackward0", _vnorm_fwd, _vnorm_grad, save=(0,), result=True, dtype=KEEP)


def vector_norm(input: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """``torch.linalg.vector_norm``: ``sum(|x|**ord) ** (1/ord)`` over ``dim`` (all by default); ord may be
    0 (count of non-zeros), inf (max |x|) or -inf (min |x|)."""
    if not input.dtype.is_floating_point:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{input.dtype._torch_name}")
    if dtype is not None:
        dt = D.to_dtype(dtype)
        if not dt.is_floating_point:
            raise RuntimeError(f"linalg.vector_norm: dtype should be floating point or complex, but got "
                               f"{dt._torch_name}")
        if D.promote_types(input.dtype, dt) is not dt:
            raise RuntimeError(f"linalg.vector_norm: the dtype of the input ({input.dtype._torch_name}) should be "
                               f"convertible without narrowing to the specified dtype ({dt._torch_name})")
        if dt is not input.dtype:
            input = input.to(dt)
    p = float(ord)
    shape = input._data.shape
    dims = None if dim is None else _reduce_dims(dim, len(shape))
    if math.isinf(p) and input._data.size == 0:
        if dims is None or len(dims) == len(shape):
            raise RuntimeError("linalg.vector_norm cannot compute the inf norm on an empty tensor because the "
                               "operation does not have an identity")
        for d in dims:
            if shape[d] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the inf norm on the dimension {d}because "
                                   "this dimension is empty and the operation does not have an identity")
    return _vnorm(input, p=p, dims=dims, keepdim=keepdim)


def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, out=None, dtype=None) -> Tensor:
    """``torch.norm``: the vector p-norm (2 by default; 'fro' is the 2-norm of all elements) over ``dim``."""
    if out is not None:
        raise NotImplementedError("torchless: norm(out=...) is not supported")
    if isinstance(p, str):
        if p == "fro" and (dim is None or isinstance(dim, (int, np.integer)) or len(dim) <= 2):
            return vector_norm(input, 2, dim, keepdim, dtype=dtype)
        dims = list(range(input._data.ndim)) if dim is None else \
            [dim] if isinstance(dim, (int, np.integer)) else list(dim)
        if len(dims) != 2:
            raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
        if p != "nuc":
            raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
        raise NotImplementedError("torchless: the nuclear norm (norm(p='nuc')) is not supported yet")
    return vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype)


def _norm_method(self: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    return norm(self, p, dim, keepdim, dtype=dtype)


# softmax, log_softmax, logsumexp ---------------------------------------------------------------------------


@opmath
def _softmax_fwd(a, dim):
    if a.ndim == 0:
        return _softmax_fwd(a.reshape(1), 0).reshape(())
    if a.size == 0:
        return a.copy()
    with np.errstate(invalid="ignore"):  # only rows holding inf/nan can warn; they give nan as in torch
        e = a - a.max(axis=dim, keepdims=True)
        np.exp(e, out=e)
        e /= e.sum(axis=dim, keepdims=True)
    return e


@opmath
def _log_softmax_fwd(a, dim):
    if a.ndim == 0:
        return _log_softmax_fwd(a.reshape(1), 0).reshape(())
    if a.size == 0:
        return a.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        s = a - a.max(axis=dim, keepdims=True)
        s -= np.log(np.exp(s).sum(axis=dim, keepdims=True))
    return s


_softmax = defop("SoftmaxBackward0", _softmax_fwd,
                 fused(lambda g, a, r, dim: r * (g - (g * r).sum(dim, keepdim=True))), result=True, dtype=KEEP)
def _log_softmax_grad(g, a, r, dim):
    if isinstance(g, Tensor):
        return g - r.exp() * g.sum(dim, keepdim=True)
    with np.errstate(over="ignore"):
        return g - np.exp(r) * g.sum(dim, keepdims=True)


_log_softmax = defop("LogSoftmaxBackward0", _log_softmax_fwd, fused(_log_softmax_grad), result=True, dtype=KEEP,
                     arrays=True)


def _softmax_call(name, op, input, dim, dtype):
    if dim is _REQUIRED:
        raise _missing(name)
    if dim is None:
        raise TypeError(f"{name}(): argument 'dim' must be int, not NoneType")
    nd = input._data.ndim
    d = _wrap_dim(int(dim), nd)
    if dtype is not None:
        dt = D.to_dtype(dtype)
        if dt is not input.dtype:
            input = input.to(dt)
    elif not input.dtype.is_floating_point:
        kernel = "lastdim_kernel_impl" if d == nd - 1 or nd == 0 else "kernel_impl"
        raise NotImplementedError(f'"{name}_{kernel}" not implemented for \'{input.dtype._torch_name}\'')
    return op(input, dim=d if nd else None)


def softmax(input: Tensor, dim=_REQUIRED, dtype=None) -> Tensor:
    """``exp(x) / exp(x).sum(dim)``, computed stably; ``dtype`` casts the input first."""
    return _softmax_call("softmax", _softmax, input, dim, dtype)


def log_softmax(input: Tensor, dim=_REQUIRED, dtype=None) -> Tensor:
    """``log(softmax(x, dim))``, computed stably as ``x - logsumexp(x, dim)``."""
    return _softmax_call("log_softmax", _log_softmax, input, dim, dtype)


def _lse_fwd(a, dims, keepdim):
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        if a.size == 0:
            return np.log(np.exp(a).sum(axis=dims, keepdims=keepdim))
        m = a.max(axis=dims, keepdims=True)
        m = np.where(np.isinf(m), 0, m)  # rows of -inf (or +inf) stay -inf (or +inf), not nan
        e = np.exp(a - m)  # torch: float16 ops, the sum accumulated in float32
        out = np.log(e.sum(axis=dims, keepdims=keepdim) if e.dtype != np.float16 else
                     e.sum(axis=dims, keepdims=keepdim, dtype=np.float32).astype(np.float16))
        return out + (m if keepdim else m.reshape(out.shape))


_logsumexp = defop("LogsumexpBackward0", _lse_fwd,
                   lambda g, a, r, dims, keepdim: _unsqueeze_dims(g, dims, keepdim) *
                   (a - _unsqueeze_dims(r, dims, keepdim)).exp(), save=(0,), result=True, dtype=FLOAT)


def logsumexp(input: Tensor, dim=_REQUIRED, keepdim: bool = False) -> Tensor:
    """``log(exp(x).sum(dim))`` without overflow; integer input gives the default float dtype."""
    if dim is _REQUIRED:
        raise _missing("logsumexp")
    nd = input._data.ndim
    if isinstance(dim, (tuple, list)) and len(dim) == 0 and not keepdim and nd:
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape {[1] * nd}")  # as torch does
    return _logsumexp(input, dims=_reduce_dims(dim, nd), keepdim=keepdim)


# cumsum, cumprod, cummax, cummin ---------------------------------------------------------------------------


def _cumsum_fwd(a, dim, dtype):
    if a.dtype != dtype.np:
        a = a.astype(dtype.np)
    return a.copy() if a.ndim == 0 else _accumulate(np.cumsum, a, dtype, axis=dim)


def _rev_cumsum(g: Tensor, dim: int) -> Tensor:
    """``out[i] = g[i:].sum()`` along ``dim``: the gradient of cumsum."""
    if g._data.ndim == 0:
        return g
    return _flip(cumsum(_flip(g, dim=dim), dim), dim=dim)


_cumsum = defop("CumsumBackward0", _cumsum_fwd, lambda g, a, r, dim, dtype: _rev_cumsum(g, dim), dtype=KEEP)


def _cumprod_fwd(a, dim, dtype):
    if a.dtype != dtype.np:
        a = a.astype(dtype.np)
    return a.copy() if a.ndim == 0 else _accumulate(np.cumprod, a, dtype, axis=dim)


def _cumprod_grad_np(g: np.ndarray, x: np.ndarray, dim: int) -> np.ndarray:
    """Gradient of cumprod when ``x`` has zeros, in O(n): per slice, entries before the first zero ``z`` get
    the usual formula over the terms before ``z``; entry ``z`` gets ``prod(x[:z]) * sum_j g[j] prod(x[z+1:j+1])``;
    entries after it get 0."""
    x = np.moveaxis(x, dim, -1)
    g = np.moveaxis(np.broadcast_to(g, np.moveaxis(x, -1, dim).shape), dim, -1)
    n = x.shape[-1]
    ar = np.arange(n)
    zero = x == 0
    z = np.where(zero.any(-1), zero.argmax(-1), n)[..., None]
    before = ar < z
    xs = np.where(before, x, 1)
    w = np.where(before, g * np.cumprod(xs, -1), 0)
    with np.errstate(all="ignore"):
        out = np.where(before, np.flip(np.cumsum(np.flip(w, -1), -1), -1) / xs, 0)
    after = np.cumprod(np.where(ar > z, x, 1), -1)
    at_zero = np.prod(xs, -1, keepdims=True) * np.sum(np.where(ar >= z, g * after, 0), -1, keepdims=True)
    out = np.where(ar == z, at_zero, out)
    return np.moveaxis(out, -1, dim).astype(x.dtype, copy=False)


def _cumprod_grad_graph(g: Tensor, a: Tensor, dim: int) -> Tensor:
    """Gradient of cumprod with zeros, differentiable (torch's O(n^2) formula, used under create_graph)."""
    n = a._data.shape[dim]
    shape = list(a._data.shape)
    shape[dim] = 1
    ones = _make(np.ones(shape, dtype=a._data.dtype))
    parts = []
    for k in range(n):
        if k == 0:
            omitted = cat([ones, cumprod(a.narrow(dim, 1, n - 1), dim)], dim)
        else:
            before = prod(a.narrow(dim, 0, k), dim, keepdim=True)
            if k == n - 1:
                omitted = before
            else:
                omitted = cat([before, before * cumprod(a.narrow(dim, k + 1, n - k - 1), dim)], dim)
        parts.append((g.narrow(dim, k, n - k) * omitted).sum(dim))
    return stack(parts, dim)


def _cumprod_grad(g, a, r, dim, dtype):
    if a._data.size <= 1 or a._data.shape[dim] == 1:
        return g
    if a.dtype is not r.dtype:
        a = a.to(r.dtype)
    if not _has_zero(a):
        return _rev_cumsum(g * r, dim) / a
    if not grad_mode._state[0]:
        return _make(_cumprod_grad_np(g._data, a._data, dim))
    return _cumprod_grad_graph(g.expand(a._data.shape), a, dim)


_cumprod = defop("CumprodBackward0", _cumprod_fwd, _cumprod_grad, save=(0,), result=True, dtype=KEEP)


def cumsum(input: Tensor, dim=_REQUIRED, *, dtype=None) -> Tensor:
    """Running sum along ``dim``; integers and bools accumulate in int64."""
    if dim is _REQUIRED:
        raise _missing("cumsum")
    return _cumsum(input, dim=_wrap_dim(int(dim), input._data.ndim), dtype=_acc_dtype(input, dtype))


def cumprod(input: Tensor, dim=_REQUIRED, *, dtype=None) -> Tensor:
    """Running product along ``dim``; the gradient is exact where the input has zeros."""
    if dim is _REQUIRED:
        raise _missing("cumprod")
    return _cumprod(input, dim=_wrap_dim(int(dim), input._data.ndim), dtype=_acc_dtype(input, dtype))


def _cum_extreme_fwd(acc):
    def fwd(a, dim, like):
        if a.ndim == 0:
            return a.copy(), np.zeros((), np.int64)
        values = acc(a, axis=dim)
        hit = a == values  # where the running extreme was (re)attained: the last index wins ties
        if a.dtype.kind == "f":
            hit |= np.isnan(a)
        shape = [1] * a.ndim
        shape[dim] = a.shape[dim]
        idx = np.maximum.accumulate(np.where(hit, np.arange(a.shape[dim]).reshape(shape), 0), axis=dim)
        return values, idx
    return fwd


def _cum_extreme_grad(g, a, r, dim, like, aux):
    return _select_back(g, like, dim, aux, True, unique=False)


_cummax = defop("CummaxBackward0", _cum_extreme_fwd(np.maximum.accumulate), _cum_extreme_grad, aux=True,
                dtype=KEEP)
_cummin = defop("CumminBackward0", _cum_extreme_fwd(np.minimum.accumulate), _cum_extreme_grad, aux=True,
                dtype=KEEP)


def cummax(input: Tensor, dim: int):
    """Running maximum along ``dim`` and where it was attained (``(values, indices)``)."""
    values, idx = _cummax(input, dim=_wrap_dim(int(dim), input._data.ndim), like=input._data.shape)
    return _rt.cummax((values, _make(idx)))


def cummin(input: Tensor, dim: int):
    """Running minimum along ``dim`` and where it was attained (``(values, indices)``)."""
    values, idx = _cummin(input, dim=_wrap_dim(int(dim), input._data.ndim), like=input._data.shape)
    return _rt.cummin((values, _make(idx)))


# sort, argsort, msort, topk, kthvalue, median, mode --------------------------------------------------------


def _sort_idx(a: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """Stable sort order along ``dim``; NaN counts as the largest value, as in torch."""
    if not descending:
        return np.argsort(a, axis=dim, kind="stable")
    # sort the reversed array ascending, then reverse back: descending, ties still in their original order
    idx = np.flip(np.argsort(np.flip(a, dim), axis=dim, kind="stable"), dim)
    return (a.shape[dim] - 1) - idx


# torch's CPU sort (unless stable=True), topk and mode order equal values as libstdc++'s std::sort,
# std::nth_element and std::partial_sort leave them; these emulate those algorithms on [(key, index), ...]
# for the rows where equal values occur, so that the reported indices (and gradients) match torch's.


def _std_less(descending: bool):
    if descending:
        return lambda x, y: (x != x and y == y) or x > y  # NaN first
    return lambda x, y: (x == x and y != y) or x < y  # NaN last


def _std_partition_pivot(q: list, first: int, last: int, lt) -> int:
    """``std::__unguarded_partition_pivot``: median of three moved to ``first``, then Hoare partition."""
    a, b, c = first + 1, first + (last - first) // 2, last - 1
    ka, kb, kc = q[a][0], q[b][0], q[c][0]
    if lt(ka, kb):
        m = b if lt(kb, kc) else (c if lt(ka, kc) else a)
    else:
        m = a if lt(ka, kc) else (c if lt(kb, kc) else b)
    q[first], q[m] = q[m], q[first]
    piv, lo, hi = q[first][0], first + 1, last
    while True:
        while lt(q[lo][0], piv):
            lo += 1
        hi -= 1
        while lt(piv, q[hi][0]):
            hi -= 1
        if lo >= hi:
            return lo
        q[lo], q[hi] = q[hi], q[lo]
        lo += 1


def _std_adjust_heap(q: list, first: int, hole: int, n: int, value, lt) -> None:
    top, child = hole, hole
    while child < (n - 1) // 2:
        child = 2 * (child + 1)
        if lt(q[first + child][0], q[first + child - 1][0]):
            child -= 1
        q[first + hole] = q[first + child]
        hole = child
    if n % 2 == 0 and child == (n - 2) // 2:
        child = 2 * (child + 1)
        q[first + hole] = q[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and lt(q[first + parent][0], value[0]):
        q[first + hole] = q[first + parent]
        hole, parent = parent, (parent - 1) // 2
    q[first + hole] = value


def _std_heap_select(q: list, first: int, middle: int, last: int, lt) -> None:
    """``std::__heap_select``: a heap of the ``middle - first`` best elements at ``first``."""
    n = middle - first
    for parent in range((n - 2) // 2, -1, -1) if n >= 2 else ():
        _std_adjust_heap(q, first, parent, n, q[first + parent], lt)
    for i in range(middle, last):
        if lt(q[i][0], q[first][0]):
            value, q[i] = q[i], q[first]
            _std_adjust_heap(q, first, 0, n, value, lt)


def _std_sort_heap(q: list, first: int, last: int, lt) -> None:
    while last - first > 1:
        last -= 1
        value, q[last] = q[last], q[first]
        _std_adjust_heap(q, first, 0, last - first, value, lt)


def _std_insertion_sort(q: list, first: int, last: int, lt, guarded: int = 1 << 62) -> None:
    """``std::__insertion_sort``; from ``guarded`` on, ``std::__unguarded_insertion_sort``."""
    for i in range(first + 1, last):
        v = q[i]
        if i < guarded and lt(v[0], q[first][0]):
            q[first + 1:i + 1] = q[first:i]
            q[first] = v
            continue
        j = i
        while j > first and lt(v[0], q[j - 1][0]):
            q[j] = q[j - 1]
            j -= 1
        q[j] = v


def _std_sort(q: list, first: int, last: int, lt) -> None:
    """``std::sort``: introsort down to runs of 16, then one insertion sort."""
    def loop(first, last, depth):
        while last - first > 16:
            if depth == 0:
                _std_heap_select(q, first, last, last, lt)
                _std_sort_heap(q, first, last, lt)
                return
            depth -= 1
            cut = _std_partition_pivot(q, first, last, lt)
            loop(cut, last, depth)
            last = cut

    if last - first > 1:
        loop(first, last, 2 * ((last - first).bit_length() - 1))
        _std_insertion_sort(q, first, last, lt, first + 16)


def _std_nth_element(q: list, nth: int, lt) -> None:
    """``std::nth_element`` (introselect) over the whole list."""
    first, last, depth = 0, len(q), 2 * (len(q).bit_length() - 1)
    while last - first > 3:
        if depth == 0:
            _std_heap_select(q, first, nth + 1, last, lt)
            q[first], q[nth] = q[nth], q[first]
            return
        depth -= 1
        cut = _std_partition_pivot(q, first, last, lt)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _std_insertion_sort(q, first, last, lt)


def _tied_rows(a: np.ndarray, dim: int):
    """Index tuples (over the other dims of ``a`` moved last) of the rows along ``dim`` holding equal values."""
    s = np.sort(np.moveaxis(a, dim, -1), axis=-1)
    same = s[..., 1:] == s[..., :-1]
    if a.dtype.kind == "f":
        same |= np.isnan(s[..., 1:]) & np.isnan(s[..., :-1])
    return map(tuple, np.argwhere(same.any(axis=-1)))


def _torch_order(a: np.ndarray, dim: int, descending: bool, k=None, sorted=True,  # noqa: A002
                 nan_unordered=False) -> np.ndarray:
    """The indices torch's CPU sort (``k`` None) or topk(``k``, ``sorted``) puts first along ``dim``;
    ``nan_unordered``: compare with a plain ``<`` (mode's sort), under which NaN is neither less nor greater."""
    n = a.shape[dim]
    idx = _sort_idx(a, dim, descending)
    if k is not None:
        idx = np.take(idx, np.arange(k), axis=dim)
    nan_rows = nan_unordered and a.dtype.kind == "f" and np.isnan(a).any()
    if ((n <= 16 and k is None) or k == 0) and not nan_rows:
        return idx  # std::sort's insertion sort is stable
    if k is None and not nan_unordered and not descending and a.ndim == 1 and a.dtype.kind in "iu" and n >= 32768:
        return idx  # torch sorts long 1-d integer tensors ascending with a (stable) radix sort
    rows, out = np.moveaxis(a, dim, -1), np.moveaxis(idx, dim, -1)
    lt = (lambda x, y: x < y) if nan_unordered else _std_less(descending)
    unsorted = k is not None and not sorted and k * 64 > n  # every row keeps nth_element's order
    for pos in np.ndindex(out.shape[:-1]) if unsorted or nan_rows else _tied_rows(a, dim):
        q = list(zip(rows[pos].tolist(), range(n)))
        if k is None:
            _std_sort(q, 0, n, lt)
        elif k * 64 <= n:
            _std_heap_select(q, 0, k, n, lt)  # std::partial_sort
            _std_sort_heap(q, 0, k, lt)
        else:
            _std_nth_element(q, k - 1, lt)
            if sorted:
                _std_sort(q, 0, k - 1, lt)
        out[pos] = [i for _, i in q[: out.shape[-1]]]
    return idx


def _sort_fwd(a, dim, descending, like, stable=True):
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    idx = _sort_idx(a, dim, descending) if stable else _torch_order(a, dim, descending)
    return np.take_along_axis(a, idx, axis=dim), idx


def _sorted_grad(g, a, r, dim, like, aux, **_):
    return _select_back(g, like, dim, aux, True)


_sort = defop("SortBackward0", _sort_fwd, _sorted_grad, aux=True, dtype=KEEP)
_sort_stable = defop("SortBackward1", _sort_fwd, _sorted_grad, aux=True, dtype=KEEP)


def sort(input: Tensor, dim: int = -1, descending: bool = False, *, stable=None):
    """``(values, indices)`` sorted along ``dim``; equal values keep their order only with ``stable=True``."""
    op = _sort if stable is None else _sort_stable
    values, idx = op(input, dim=_wrap_dim(int(dim), input._data.ndim), descending=bool(descending),
                     like=input._data.shape, stable=bool(stable))
    return _rt.sort((values, _make(idx)))


def argsort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """The indices that sort ``input`` along ``dim``; equal values are ordered as torch orders them."""
    a = input._data
    d = _wrap_dim(int(dim), a.ndim)
    if a.ndim == 0:
        return _make(np.zeros((), np.int64))
    return _make(_sort_idx(a, d, bool(descending)) if stable else _torch_order(a, d, bool(descending)))


def msort(input: Tensor) -> Tensor:
    """``sort(input, dim=0).values``."""
    return sort(input, 0)[0]


def _topk_fwd(a, k, dim, largest, like, sorted=True):  # noqa: A002
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    idx = _torch_order(a, dim, largest, k, sorted)
    return np.take_along_axis(a, idx, axis=dim), idx


_topk = defop("TopkBackward0", _topk_fwd, _sorted_grad, aux=True, dtype=KEEP)


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):  # noqa: A002
    """The ``k`` largest (or smallest) elements along ``dim`` and their indices, in sorted order."""
    a = input._data
    if a.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    d = _wrap_dim(int(dim), a.ndim)
    if not 0 <= k <= (a.shape[d] if a.ndim else 1):
        raise RuntimeError("selected index k out of range")
    values, idx = _topk(input, k=int(k), dim=d, largest=bool(largest), like=a.shape, sorted=bool(sorted))
    return _rt.topk((values, _make(idx)))


def _quickselect(vals: list, k: int) -> int:
    """The original position of the element torch's CPU quickselect (``quick_select_template`` in
    aten/src/ATen/native/SortingUtils.h) leaves at ``k``: which of several equal values kthvalue reports."""
    idx = list(range(len(vals)))

    def gt(x, y):  # NaN is the largest value
        return (x != x and y == y) or x > y

    def swap(i, j):
        vals[i], vals[j] = vals[j], vals[i]
        idx[i], idx[j] = idx[j], idx[i]

    lo, hi = 0, len(vals) - 1
    while hi > lo:
        if hi == lo + 1:
            if gt(vals[lo], vals[hi]):
                swap(lo, hi)
            break
        swap((lo + hi) >> 1, lo + 1)  # median of three as pivot
        if gt(vals[lo + 1], vals[hi]):
            swap(lo + 1, hi)
        if gt(vals[lo], vals[hi]):
            swap(lo, hi)
        if gt(vals[lo + 1], vals[lo]):
            swap(lo + 1, lo)
        i, j, piv = lo + 1, hi, vals[lo]
        while True:
            i += 1
            while gt(piv, vals[i]):
                i += 1
            j -= 1
            while gt(vals[j], piv):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return idx[k]


def _kth_fwd(a, k, dim, keepdim, like):
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    idx = np.take(np.argsort(a, axis=dim, kind="stable"), [k - 1], axis=dim)
    # where the k-th value occurs more than once, torch's quickselect decides which index is reported
    kth = np.take_along_axis(a, idx, axis=dim)
    same = (a == kth) | (np.isnan(a) & np.isnan(kth)) if a.dtype.kind == "f" else a == kth
    rows = np.moveaxis(a, dim, -1)
    out = np.moveaxis(idx, dim, -1)
    for pos in map(tuple, np.argwhere(np.moveaxis(same.sum(axis=dim, keepdims=True), dim, -1)[..., 0] > 1)):
        out[pos] = _quickselect(rows[pos].tolist(), k - 1)
    values = np.take_along_axis(a, idx, axis=dim)
    return (values if keepdim else values.squeeze(dim)), idx


def _kth_grad(g, a, r, dim, keepdim, like, aux, **_):
    return _select_back(g, like, dim, aux, keepdim)


_kthvalue = defop("KthvalueBackward0", _kth_fwd, _kth_grad, aux=True, dtype=KEEP)


def _picked(rt, values, idx, keepdim, d, ndim):
    if not keepdim and ndim:
        idx = idx.squeeze(d)
    return rt((values, _make(idx)))


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False):
    """The ``k``-th smallest element along ``dim`` (1-based) and its index."""
    a = input._data
    if a.dtype == np.bool_:
        raise NotImplementedError('"kthvalue_cpu" not implemented for \'Bool\'')
    d = _wrap_dim(int(dim), a.ndim)
    n = a.shape[d] if a.ndim else 1
    if n == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    values, idx = _kthvalue(input, k=int(k), dim=d, keepdim=keepdim, like=a.shape)
    return _picked(_rt.kthvalue, values, idx, keepdim, d, a.ndim)


def _median_all_fwd(a):
    flat = a.reshape(-1)
    if flat.size == 0 or (a.dtype.kind == "f" and np.isnan(flat).any()):
        return np.array(np.nan, dtype=a.dtype)
    k = (flat.size - 1) // 2
    return np.partition(flat, k)[k]


def _median_dim_fwd(a, dim, keepdim, like):
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    k = (a.shape[dim] - 1) // 2
    idx = np.take(np.argsort(a, axis=dim, kind="stable"), [k], axis=dim)
    if a.dtype.kind == "f":
        nan = np.isnan(a)
        idx = np.where(nan.any(axis=dim, keepdims=True), np.argmax(nan, axis=dim, keepdims=True), idx)
    values = np.take_along_axis(a, idx, axis=dim)
    return (values if keepdim else values.squeeze(dim)), idx


_median_all = defop("MedianBackward0", _median_all_fwd, _evenly, save=(0,), result=True, dtype=KEEP)
_median_dim = defop("MedianBackward1", _median_dim_fwd, _kth_grad, aux=True, dtype=KEEP)


def median(input: Tensor, dim=None, keepdim: bool = False):
    """The lower median of all elements (NaN if any is NaN); with ``dim``, ``(values, indices)`` along it."""
    a = input._data
    if dim is None:
        if a.dtype == np.bool_:
            raise NotImplementedError('"median_cpu" not implemented for \'Bool\'')
        return _median_all(input)
    if a.dtype == np.bool_:
        raise NotImplementedError('"median_out" not implemented for \'Bool\'')
    d = _wrap_dim(int(dim), a.ndim)
    if a.ndim and a.shape[d] == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    values, idx = _median_dim(input, dim=d, keepdim=keepdim, like=a.shape)
    return _picked(_rt.median, values, idx, keepdim, d, a.ndim)


def _nanmedian_all_fwd(a):
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        flat = flat[~np.isnan(flat)]
    if flat.size == 0:
        return np.array(np.nan, dtype=a.dtype)
    k = (flat.size - 1) // 2
    return np.partition(flat, k)[k]


def _nanmedian_dim_fwd(a, dim, keepdim, like):
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    order = np.argsort(a, axis=dim, kind="stable")  # NaNs sort last
    count = (~np.isnan(a)).sum(axis=dim, keepdims=True) if a.dtype.kind == "f" else a.shape[dim]
    idx = np.take_along_axis(order, np.maximum(count - 1, 0) // 2, axis=dim)
    values = np.take_along_axis(a, idx, axis=dim)
    return (values if keepdim else values.squeeze(dim)), idx


_nanmedian_all = defop("NanmedianBackward0", _nanmedian_all_fwd, _evenly, save=(0,), result=True, dtype=KEEP)
_nanmedian_dim = defop("NanmedianBackward1", _nanmedian_dim_fwd, _kth_grad, aux=True, dtype=KEEP)


def nanmedian(input: Tensor, dim=None, keepdim: bool = False):
    """``median`` ignoring NaNs (NaN only where every element is NaN)."""
    a = input._data
    if a.dtype == np.bool_:
        raise NotImplementedError(f'"median_{"cpu" if dim is None else "out"}" not implemented for \'Bool\'')
    if dim is None:
        return _nanmedian_all(input)
    d = _wrap_dim(int(dim), a.ndim)
    if a.ndim and a.shape[d] == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    values, idx = _nanmedian_dim(input, dim=d, keepdim=keepdim, like=a.shape)
    return _picked(_rt.nanmedian, values, idx, keepdim, d, a.ndim)


def _mode_fwd(a, dim, keepdim, like):
    if a.ndim == 0:
        return a.copy(), np.zeros((), np.int64)
    x = np.moveaxis(a, dim, -1)
    order = _torch_order(x, x.ndim - 1, False, nan_unordered=True)
    s = np.take_along_axis(x, order, axis=-1)
    ar = np.arange(x.shape[-1])
    new = np.ones(s.shape, dtype=bool)
    new[..., 1:] = s[..., 1:] != s[..., :-1]
    run = ar - np.maximum.accumulate(np.where(new, ar, 0), axis=-1) + 1  # length of the run so far
    # the first position reaching the longest run ends the smallest most frequent value's run; in a stable
    # sort it holds that value's last index, which is the index torch returns
    j = np.argmax(run == run.max(axis=-1, keepdims=True), axis=-1)[..., None]
    values = np.moveaxis(np.take_along_axis(s, j, axis=-1), -1, dim)
    idx = np.moveaxis(np.take_along_axis(order, j, axis=-1), -1, dim)
    return (values if keepdim else values.squeeze(dim)), idx


_mode = defop("ModeBackward0", _mode_fwd, _kth_grad, aux=True, dtype=KEEP)


def mode(input: Tensor, dim: int = -1, keepdim: bool = False):
    """The most frequent value along ``dim`` (the smallest on ties) and its last index."""
    a = input._data
    d = _wrap_dim(int(dim), a.ndim)
    if a.ndim and a.shape[d] == 0:
        raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
    values, idx = _mode(input, dim=d, keepdim=keepdim, like=a.shape)
    return _picked(_rt.mode, values, idx, keepdim, d, a.ndim)


# all, any, count_nonzero -------------------------------------------------------------------------------------


def _logical_reduce(np_fn, input: Tensor, dim, keepdim: bool) -> Tensor:
    a = input._data
    if isinstance(dim, (tuple, list)) and len(dim) == 0:
        out = a.astype(bool)  # torch reduces over no dims here
    else:
        out = np_fn(a, axis=None if dim is None else _reduce_dims(dim, a.ndim), keepdims=keepdim)
    out = np.asarray(out)
    return _make(out.astype(np.uint8) if a.dtype == np.uint8 else out)


def all(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where every element (over ``dim``) is non-zero; uint8 input gives uint8, as in torch."""
    return _logical_reduce(np.all, input, dim, keepdim)


def any(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where some element (over ``dim``) is non-zero; uint8 input gives uint8, as in torch."""
    return _logical_reduce(np.any, input, dim, keepdim)


def count_nonzero(input: Tensor, dim=None) -> Tensor:
    """Number of non-zero elements, in total or over ``dim`` (an int or a tuple)."""
    a = input._data
    dims = _reduce_dims(dim, a.ndim)
    if len(dims) == a.ndim:
        return _make(np.asarray(np.count_nonzero(a), dtype=np.int64))
    return _make(np.asarray(np.count_nonzero(a, axis=dims), dtype=np.int64))


__all__ = [
    "sum", "mean", "nansum", "nanmean", "prod", "max", "min", "amax", "amin", "aminmax", "argmax", "argmin",
    "std", "var", "std_mean", "var_mean", "norm", "softmax", "log_softmax", "logsumexp", "cumsum", "cumprod",
    "cummax", "cummin", "sort", "argsort", "msort", "topk", "kthvalue", "median", "nanmedian", "mode", "all", "any",
    "count_nonzero",
]

METHODS = {name: globals()[name] for name in __all__ if name not in ("std_mean", "var_mean")}
METHODS["norm"] = _norm_method
INPLACE = {"cumsum": cumsum, "cumprod": cumprod}
