"""Reductions: sum, mean and friends, with ``dim``/``keepdim`` as torch takes them.

A derivative returns ``g`` with the reduced dims put back as size 1 (``_unsqueeze_dims``); the engine expands
it to the input's shape.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._op import KEEP, defop
from .shape import _dims

__all__ = ["sum", "mean"]


def _unsqueeze_dims(g: Tensor, dims: tuple, keepdim: bool) -> Tensor:
    """Put reduced dims back as size 1 so ``g`` broadcasts against the input."""
    if keepdim or not dims:
        return g
    shape = list(g._data.shape)
    for d in dims:  # dims are sorted and non-negative
        shape.insert(d, 1)
    return g.reshape(shape)


def _sum_fwd(a, dims, keepdim, dtype):
    return np.sum(a, axis=dims, keepdims=keepdim, dtype=dtype.np)


_sum_all = defop("SumBackward0", _sum_fwd, lambda g, a, r, dims, keepdim, dtype: g, dtype=KEEP)
_sum_dim = defop("SumBackward1", _sum_fwd,
                 lambda g, a, r, dims, keepdim, dtype: _unsqueeze_dims(g, dims, keepdim), dtype=KEEP)


def _acc_dtype(input: Tensor, dtype) -> D.dtype:
    if dtype is not None:
        return D.to_dtype(dtype)
    return input.dtype if input.dtype.is_floating_point else D.int64


def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim``; integers and bools sum to int64 as in torch."""
    dt = _acc_dtype(input, dtype)
    if dim is None:
        return _sum_all(input, dims=None, keepdim=False, dtype=dt)
    dims = _dims(dim, input._data.ndim) if not (isinstance(dim, (tuple, list)) and len(dim) == 0) \
        else tuple(range(input._data.ndim))
    return _sum_dim(input, dims=dims, keepdim=keepdim, dtype=dt)


def _mean_fwd(a, dims, keepdim, n):
    return np.mean(a, axis=dims, keepdims=keepdim)


_mean_all = defop("MeanBackward0", _mean_fwd, lambda g, a, r, dims, keepdim, n: g / n, dtype=KEEP)
_mean_dim = defop("MeanBackward1", _mean_fwd,
                  lambda g, a, r, dims, keepdim, n: _unsqueeze_dims(g, dims, keepdim) / n, dtype=KEEP)


def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Arithmetic mean; like torch, integer input needs an explicit floating ``dtype``."""
    if dtype is not None:
        input = input.to(D.to_dtype(dtype))
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
            f"Got: {input.dtype._torch_name}")
    shape = input._data.shape
    if dim is None:
        return _mean_all(input, dims=None, keepdim=False, n=max(input._data.size, 1) if input._data.size else 0)
    dims = _dims(dim, input._data.ndim) if not (isinstance(dim, (tuple, list)) and len(dim) == 0) \
        else tuple(range(input._data.ndim))
    n = 1
    for d in dims:
        n *= shape[d]
    return _mean_dim(input, dims=dims, keepdim=keepdim, n=n)

METHODS = {"sum": sum, "mean": mean}
INPLACE = {}
