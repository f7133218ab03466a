"""Gradient clipping: rescale or clamp the ``.grad`` of parameters in place, as torch.nn.utils does."""

from __future__ import annotations

import types
import warnings
from collections.abc import Iterable

import numpy as np

from ..._creation import tensor
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm"]


def _vector_norm(arr: np.ndarray, norm_type: float) -> np.ndarray:
    a = np.abs(arr.astype(np.float64, copy=False))
    if norm_type == np.inf:
        r = a.max() if a.size else 0.0
    elif norm_type == -np.inf:
        r = a.min() if a.size else np.inf
    elif norm_type == 0:
        r = float(np.count_nonzero(a))
    elif norm_type == 2:
        r = np.sqrt(np.sum(a * a))
    elif norm_type == 1:
        r = np.sum(a)
    else:
        r = np.sum(a ** norm_type) ** (1.0 / norm_type)
    return np.asarray(r, dtype=arr.dtype)


def get_total_norm(tensors: Tensor | Iterable[Tensor], norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: bool | None = None) -> Tensor:
    """The ``norm_type`` norm of all ``tensors`` together, as if concatenated into one vector."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return tensor(0.0)
    norms = np.stack([_vector_norm(t._data, norm_type) for t in tensors])
    total = Tensor._make(_vector_norm(norms, norm_type))
    if error_if_nonfinite and not np.isfinite(total._data):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
                           "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                           "anyway, set `error_if_nonfinite=False`")
    return total


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """Scale all gradients by ``min(1, max_norm / (total_norm + 1e-6))``; returns the total norm (before clipping).

    ``foreach`` is accepted for compatibility; it changes nothing here.
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", UserWarning,
                          stacklevel=2)
    grads = [p._grad for p in parameters if p._grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    if grads:
        with no_grad(), np.errstate(invalid="ignore"):
            coef = (float(max_norm) / (total_norm + 1e-6)).clamp(max=1.0)
            for g in grads:
                g.mul_(coef)
    return total_norm


def clip_grad_norm(parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: bool | None = None) -> Tensor:
    """Deprecated alias of ``clip_grad_norm_``."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float, foreach: bool | None = None) -> None:
    """Clamp every gradient element into ``[-clip_value, clip_value]`` in place."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    with no_grad():
        for p in parameters:
            if p._grad is not None:
                p._grad.clamp_(min=-clip_value, max=clip_value)
