"""torchless.autograd: reverse-mode automatic differentiation (``backward``, ``grad``, ``Function``)."""

from __future__ import annotations

from . import grad_mode, graph
from .engine import run_backward
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck

__all__ = ["backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "graph", "grad_mode", "gradcheck", "gradgradcheck"]


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _make_grads(outputs: tuple, grads: tuple, is_grads_batched: bool = False) -> list:
    from .._creation import ones_like
    from .._tensor import Tensor

    out = []
    for i, (t, g) in enumerate(zip(outputs, grads + (None,) * (len(outputs) - len(grads)))):
        if g is None:
            if t._rg and t._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not t.dtype.is_floating_point:
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                                   f"{t.dtype}")
            g = ones_like(t)
        elif isinstance(g, Tensor):
            if g._data.shape != t._data.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] "
                                   f"has a shape of {t.shape}.")
        else:
            g = Tensor._make(__import__("numpy").full(t._data.shape, g, dtype=t.dtype.np))
        out.append(g)
    return out


def _check_requires_grad(outputs: tuple) -> None:
    for i, t in enumerate(outputs):
        if not t._rg:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph: bool = False, grad_variables=None,
             inputs=None) -> None:
    """Add the gradients of ``tensors`` with respect to the graph's leaves into the leaves' ``.grad``."""
    outputs = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    _check_requires_grad(outputs)
    grads = _make_grads(outputs, grads)
    run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph: bool = False, only_inputs: bool = True,
         allow_unused=None, is_grads_batched: bool = False, materialize_grads: bool = False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (not accumulated into ``.grad``)."""
    from .._creation import zeros_like

    outputs = _as_tuple(outputs)
    inputs_t = _as_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    if retain_graph is None:
        retain_graph = create_graph
    _check_requires_grad(outputs)
    for t in inputs_t:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grads = _make_grads(outputs, _as_tuple(grad_outputs))
    result = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs_t, accumulate=False)
    for i, g in enumerate(result):
        if g is None:
            if materialize_grads:
                result[i] = zeros_like(inputs_t[i])
            elif not allow_unused:
                raise RuntimeError("One of the differentiated Tensors appears to not have been used in the graph. "
                                   "Set allow_unused=True if this is the desired behavior.")
        elif g._data.shape != inputs_t[i]._data.shape:
            result[i] = g.sum_to_size(inputs_t[i].shape)
    if not create_graph:
        result = [g if g is None else g.detach() for g in result]
    return tuple(result)
