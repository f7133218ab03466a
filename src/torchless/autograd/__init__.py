"""torchless.autograd: reverse-mode automatic differentiation (``backward``, ``grad``, ``Function``)."""

from __future__ import annotations

import warnings

from .._tensor import Tensor
from . import anomaly_mode, forward_ad, functional, grad_mode, graph
from .anomaly_mode import detect_anomaly, set_detect_anomaly
from .engine import run_backward
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck

__all__ = ["Variable", "Function", "backward", "grad", "grad_mode", "detect_anomaly", "enable_grad", "gradcheck",
           "gradgradcheck", "inference_mode", "no_grad", "set_detect_anomaly", "set_grad_enabled", "functional",
           "forward_ad", "graph", "FunctionCtx", "once_differentiable", "is_grad_enabled",
           "anomaly_mode"]


_warned = [False]


class _VariableMeta(type):
    def __instancecheck__(cls, other) -> bool:
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """Deprecated (tensors do it all now): ``Variable(t, requires_grad)`` is a new leaf on ``t``'s data."""

    def __new__(cls, data=None, requires_grad: bool = False, volatile: bool = False):
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          stacklevel=2)
        if data is None:
            import numpy as np

            return Tensor._make(np.zeros(0, np.float32))
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        return data.detach().requires_grad_(requires_grad)


def _tensors_tuple(x, name: str) -> tuple:
    if isinstance(x, Tensor):
        return (x,)
    if type(x) is dict:
        return tuple(x.values())
    if isinstance(x, dict):
        raise TypeError(f"`inputs` argument to `{name}()` must be a dict, not {type(x).__name__}. Other Mapping "
                        "types are not supported.")
    return tuple(x)


def _make_grads(outputs: tuple, grads: tuple, batched: bool = False) -> list:
    """torch's ``_make_grads``: check the given gradients, make ``ones`` for scalar outputs without one."""
    new = []
    for out, g in zip(outputs, grads):
        if isinstance(g, Tensor):
            if (g.shape[1:] if batched else g.shape) != out.shape:
                # torch's indices come from ``.index`` (tensor ``==``) and, batched, it shows grad[0].shape[1:]
                gi, oi = grads.index(g), outputs.index(out)
                if batched:
                    raise RuntimeError(
                        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the "
                        "batch dimension. The sizes of the remaining dimensions are expected to match the shape of "
                        f"corresponding output, but a mismatch was detected: grad_output[{gi}] has a shape of "
                        f"{g.shape[2:]} and output[{oi}] has a shape of {out.shape}. If you only want some tensors in "
                        "`grad_output` to be considered batched, consider using vmap.")
                raise RuntimeError(f"Mismatch in shape: grad_output[{gi}] has a shape of {g.shape} and "
                                   f"output[{oi}] has a shape of {out.shape}.")
            new.append(g)
        elif g is None:
            if out._rg:
                if out._data.size != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if not out.dtype.is_floating_point:
                    raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                                       f"{out.dtype}")
                import numpy as np

                new.append(Tensor._make(np.ones(out._data.shape, out.dtype.np)))
            else:
                new.append(None)
        else:
            raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
    return new


def _run(outputs: tuple, grads: list, retain_graph: bool, create_graph: bool, inputs, accumulate: bool):
    """The checks torch's C++ engine makes before running, then the run."""
    if len(outputs) != len(grads):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for i, (t, g) in enumerate(zip(outputs, grads)):
        if not t._rg:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        if g.dtype is not t.dtype:
            grads[i] = g.to(t.dtype)
    if inputs is not None:
        for t in inputs:
            if not isinstance(t, Tensor):
                raise TypeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")
            if accumulate:
                t.retain_grad()
            if not t._rg:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
    return run_backward(outputs, grads, retain_graph, create_graph, inputs, accumulate)


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
             grad_variables=None, inputs=None) -> None:
    """Add the gradients of ``tensors`` with respect to the graph's leaves (or ``inputs``) into their ``.grad``."""
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both passed to "
                               "`backward()`. Please only use `grad_tensors`.")
        grad_tensors = grad_variables
    if inputs is not None:
        inputs = _tensors_tuple(inputs, "backward")
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    tensors = (tensors,) if isinstance(tensors, Tensor) else tuple(tensors)
    grads = (None,) * len(tensors) if grad_tensors is None else _tensors_tuple(grad_tensors, "backward")
    grads = _make_grads(tensors, grads)
    if retain_graph is None:
        retain_graph = create_graph
    if create_graph and not _warned[0]:  # torch warns once per process
        _warned[0] = True
        warnings.warn("Using backward() with create_graph=True will create a reference cycle between the parameter "
                      "and its gradient which can cause a memory leak. We recommend using autograd.grad when creating "
                      "the graph to avoid this. If you have to use this function, make sure to reset the .grad fields "
                      "of your parameters to None after use to break the cycle and avoid the leak.", stacklevel=3)
    _run(tensors, grads, retain_graph, create_graph, inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (not accumulated into ``.grad``)."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = (outputs,) if isinstance(outputs, Tensor) else tuple(outputs)
    inputs_t = _tensors_tuple(inputs, "grad")
    if not inputs_t:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.", FutureWarning,
                      stacklevel=2)
    grads = (None,) * len(outputs) if grad_outputs is None else _tensors_tuple(grad_outputs, "grad")
    grads = _make_grads(outputs, grads, is_grads_batched)
    if retain_graph is None:
        retain_graph = create_graph
    if is_grads_batched:
        result = _batched(outputs, grads, retain_graph, create_graph, inputs_t)
    else:
        result = _run(outputs, grads, retain_graph, create_graph, inputs_t, accumulate=False)
    for i, g in enumerate(result):
        if g is None:
            if materialize_grads:
                from .._creation import zeros_like

                result[i] = zeros_like(inputs_t[i], requires_grad=create_graph)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
    if type(inputs) is dict:
        return dict(zip(inputs.keys(), result))
    return tuple(result)


def _batched(outputs: tuple, grads: list, retain_graph: bool, create_graph: bool, inputs: tuple) -> list:
    """``is_grads_batched``: one backward per entry of the grad_outputs' first dimension, results stacked."""
    from ..ops.shape import stack

    sizes = {g.shape[0] for g in grads if g is not None}
    n = sizes.pop() if sizes else 1
    runs = [_run(outputs, [None if g is None else g[b] for g in grads], retain_graph or b < n - 1, create_graph,
                 inputs, accumulate=False) for b in range(n)]
    return [None if per_input[0] is None else stack(list(per_input), 0) for per_input in zip(*runs)]
