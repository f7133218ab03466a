"""Custom autograd operations: subclass ``Function`` with static ``forward`` and ``backward``.

``MyFunc.apply(*args)`` runs ``forward(ctx, *args)`` with grad mode off and, when an input requires grad, makes a
graph node of class ``MyFuncBackward``. That node *is* the ``ctx`` (as in torch): what ``forward`` stores on it
(``ctx.save_for_backward``, attributes) is there for ``backward(ctx, *grad_outputs)``, which returns one
gradient per forward argument (None for arguments that are not tensors or need none).
"""

from __future__ import annotations

import functools
import inspect
import warnings
import weakref

import numpy as np

from .._tensor import Tensor
from . import anomaly_mode, grad_mode
from .graph import FREED_MSG, Node, _check_grads, accumulator, version_error

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "FunctionMeta", "once_differentiable"]

_state = grad_mode._state
_signature = functools.lru_cache(maxsize=512)(inspect.signature)
_TRIGGER = Tensor._make(np.zeros((), np.float32))  # what an output node sends its function node (see _Output)


class FunctionCtx:
    """What ``forward`` may call on ``ctx``."""

    def save_for_backward(self, *tensors) -> None:
        """Keep tensors (or None) for ``backward``, where ``ctx.saved_tensors`` returns them, version-checked."""
        self.to_save = tensors

    def mark_dirty(self, *args) -> None:
        """Declare inputs that ``forward`` modified in place (and returns)."""
        self.dirty_tensors = args

    def mark_non_differentiable(self, *args) -> None:
        """Declare outputs that get no gradient (they will not require grad)."""
        self.non_differentiable = args

    def set_materialize_grads(self, value: bool) -> None:
        """With False, ``backward`` gets None (not zeros) for outputs that received no gradient."""
        self.materialize_grads = value

    def save_for_forward(self, *tensors) -> None:
        self.saved_for_forward = tensors

    def mark_shared_storage(self, *pairs) -> None:
        warnings.warn("`mark_shared_storage` is deprecated. Tensors with shared storages are automatically tracked. "
                      "Note that calls to `set_()` are not tracked", FutureWarning, stacklevel=2)


class BackwardCFunction(Node, FunctionCtx):
    """The graph node of a custom Function (also its ``ctx``). ``_saved`` holds the saved tensors as
    ``(tensor, version)``, or ``(array, version counter, version, output index)`` for outputs of the function
    (kept without their grad_fn, so the node and its outputs make no reference cycle)."""

    _forward_cls = None
    materialize_grads = True
    _outputs = None  # per output: (shape, dtype) for tensors, None for other values
    _pending = None  # multi-output functions: the gradient of each output, filled by its _Output node
    _out_index = 0  # single-output functions: which output is the tensor
    _args = ()  # per forward argument: its position among the tensor arguments (the edges), or None

    @property
    def saved_tensors(self) -> tuple:
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED_MSG)
        out = []
        for entry in saved:
            if entry is None:
                out.append(None)
            elif len(entry) == 2:
                t, v = entry
                if t._vc[0] != v:
                    raise version_error(t, v)
                out.append(t)
            else:
                arr, counter, v, k = entry
                t = Tensor._make(arr, True, self._output_node(k))
                t._vc = counter
                if counter[0] != v:
                    raise version_error(t, v, producer=self, output_nr=k)
                out.append(t)
        return tuple(out)

    saved_variables = saved_tensors

    def _output_node(self, k: int):
        """The grad_fn of output ``k`` (held weakly here: output nodes point back at this node)."""
        ref = self._output_nodes[k] if self._pending is not None else None
        node = ref() if ref is not None else None
        return node if node is not None else self

    def apply(self, grad) -> list:
        return self._apply_outputs(self._grad_outputs(grad))

    def _grad_outputs(self, grad) -> tuple:
        """The gradient of each output, None where none arrived (what the node's hooks see)."""
        if self._pending is None:
            grads = [None] * len(self._outputs)
            grads[self._out_index] = grad
        else:
            grads, self._pending = self._pending, [None] * len(self._pending)
        return tuple(grads)

    def _apply_outputs(self, grad_outputs: tuple) -> list:
        if self.materialize_grads:  # backward sees zeros where no gradient arrived (set_materialize_grads(False))
            grad_outputs = tuple(Tensor._make(np.zeros(meta[0], meta[1].np)) if g is None and meta is not None else g
                                 for g, meta in zip(grad_outputs, self._outputs))
        cls = self._forward_cls
        backward = cls.backward if cls.vjp is Function.vjp else cls.vjp
        result = backward(self, *grad_outputs)
        if not isinstance(result, tuple):
            result = (result,)
        n = len(self._args)
        if len(result) > n and all(r is None for r in result[n:]):
            result = result[:n]
        if len(result) != n:
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients (expected {n}, "
                               f"got {len(result)})")
        grads = []
        for i, (g, edge) in enumerate(zip(result, self._args)):
            if edge is not None:
                grads.append(g)
            elif g is not None:
                raise RuntimeError(f"function {self.name()} returned a gradient different than None at position "
                                   f"{i + 1}, but the corresponding forward input was not a Variable")
        _check_grads(self, grads)
        return grads

    def release(self) -> None:
        if self._saved:
            self._saved = None

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class _Output(Node):
    """The ``grad_fn`` of output ``k`` of a multi-output Function: it hands its gradient to the function node.

    (torchless edges carry no output number, so each output gets this small node; ``next_functions`` still
    shows ``(function_node, k)`` as torch does.) It passes a dummy gradient on so the function node runs."""

    __slots__ = ("_fn", "_nr")

    def apply(self, grad) -> list:
        pending = self._fn._pending
        old = pending[self._nr]
        pending[self._nr] = grad if old is None else old + grad
        return [_TRIGGER]

    def release(self) -> None:
        pass

    def name(self) -> str:
        return self._fn.name()

    def _edge(self) -> tuple:
        return (self._fn, self._nr)

    @property
    def next_functions(self) -> tuple:
        return self._fn.next_functions

    def register_hook(self, fn):
        return self._fn.register_hook(fn)

    def register_prehook(self, fn):
        return self._fn.register_prehook(fn)

    def __getattr__(self, name):  # ctx attributes (saved_tensors, needs_input_grad, ...) live on the function node
        if name.startswith("__") or name in _Output.__slots__:
            raise AttributeError(name)
        return getattr(self._fn, name)

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class FunctionMeta(type):
    """Gives each Function subclass its node class, named as torch names it (``MyFuncBackward``)."""

    def __init__(cls, name, bases, attrs):
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls,
                                                                           "__module__": cls.__module__})
        cls._output_cls = type(name + "Backward", (_Output,), {"__slots__": (), "__module__": cls.__module__})
        super().__init__(name, bases, attrs)


class Function(FunctionCtx, metaclass=FunctionMeta):
    """Base class of custom autograd operations: define static ``forward(ctx, *args)`` (or ``forward(*args)``
    with ``setup_context(ctx, inputs, output)``) and ``backward(ctx, *grad_outputs)``; call ``apply``."""

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd functions are all static, "
                      "so you should invoke them on the class itself. Instantiating an autograd function will raise "
                      "an error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method. (Example: "
                           "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs: tuple, output) -> None:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run the function on ``args``, recording one graph node when an input tensor requires grad."""
        setup = cls.setup_context is not Function.setup_context
        if setup:
            bound = _signature(cls.forward).bind(*args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args, bound.kwargs
        if cls.backward is not Function.backward and cls.vjp is not Function.vjp:
            raise RuntimeError("Implementing both 'backward' and 'vjp' for a custom Function is not allowed. You "
                               "should only implement one of them.")
        ctx = cls._backward_cls()
        executable = _state[0] and any(isinstance(a, Tensor) and a._rg for a in args)
        ctx.needs_input_grad = tuple(executable and isinstance(a, Tensor) and a._rg for a in args)
        prev = _state[0]
        _state[0] = False
        try:
            if setup:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        finally:
            _state[0] = prev
        return _wrap_outputs(ctx, args, output, executable)


def _wrap_outputs(ctx: BackwardCFunction, args: tuple, output, executable: bool):
    """Connect the outputs to the node (or leave them off the graph), then save what ``forward`` asked to."""
    is_tuple = isinstance(output, tuple)
    outputs = list(output) if is_tuple else [output]
    dirty = getattr(ctx, "dirty_tensors", ())
    non_diff = {id(t) for t in getattr(ctx, "non_differentiable", ())}
    for t in dirty:
        if not any(o is t for o in outputs):
            raise RuntimeError("Some elements marked as dirty during the forward method were not returned as output. "
                               "The inputs that are modified inplace must all be outputs of the Function.")
        if executable and t._rg and t.grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
        t._vc[0] += 1

    if executable:
        tensors = [a for a in args if isinstance(a, Tensor)]
        positions = iter(range(len(tensors)))
        ctx._args = tuple(next(positions) if isinstance(a, Tensor) else None for a in args)
        ctx._next = tuple((t.grad_fn if t.grad_fn is not None else accumulator(t)) if t._rg else None
                          for t in tensors)
        ctx._meta = tuple((t._data.shape, t.dtype) for t in tensors)
        ctx._pre_hooks = ctx._hooks = None
        ctx.metadata = None
        if anomaly_mode._state[0]:
            anomaly_mode.record(ctx)
        n_tensors = sum(isinstance(o, Tensor) for o in outputs)
        if n_tensors > 1:
            ctx._pending = [None] * len(outputs)
            ctx._output_nodes = [None] * len(outputs)
        else:
            ctx._out_index = next((k for k, o in enumerate(outputs) if isinstance(o, Tensor)), 0)
        ctx._outputs = [(o._data.shape, o.dtype) if isinstance(o, Tensor) else None for o in outputs]
        for k, o in enumerate(outputs):
            if not isinstance(o, Tensor):
                continue
            is_dirty, differentiable = any(o is d for d in dirty), id(o) not in non_diff
            if not is_dirty and any(o is a for a in args):
                o = outputs[k] = _alias(o)  # an input returned as is: a new tensor on the same memory
            if not differentiable or not o.dtype.is_floating_point:
                if not is_dirty:
                    o._rg = False
                continue
            node = ctx
            if ctx._pending is not None:
                cls = ctx._forward_cls._output_cls
                node = cls.__new__(cls)
                node._fn, node._nr = ctx, k
                node._next = (ctx,)
                node._meta = (((), _TRIGGER.dtype),)
                node._saved, node._versions, node._kw, node._aux, node._result = (), (), None, None, None
                node._pre_hooks = node._hooks = node.metadata = None
                ctx._output_nodes[k] = weakref.ref(node)
            o.grad_fn = node
            o._rg = True
    _save(ctx, outputs)
    return tuple(outputs) if is_tuple else outputs[0]


def _alias(t: Tensor) -> Tensor:
    a = Tensor._make(t._data)
    a._vc = t._vc
    a._base = t if t._base is None else t._base
    return a


def _save(ctx: BackwardCFunction, outputs: list) -> None:
    to_save = getattr(ctx, "to_save", None)
    if not to_save:
        ctx._saved = ()
        return
    entries = []
    for i, t in enumerate(to_save):
        if t is None:
            entries.append(None)
        elif not isinstance(t, Tensor):
            raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                            f"{type(t).__name__}")
        else:
            k = next((k for k, o in enumerate(outputs) if o is t), None)
            if k is not None and t.grad_fn is not None and ctx._outputs is not None:
                entries.append((t._data, t._vc, t._vc[0], k))
            else:
                entries.append((t, t._vc[0]))
    ctx._saved = tuple(entries)
    del ctx.to_save


class _DelayedError(Function):
    """The node ``once_differentiable`` puts after a backward: differentiating it again raises."""

    @staticmethod
    def forward(ctx, *tensors):
        return tuple(_alias(t) if t is not None else None for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")


_DelayedError._backward_cls.__name__ = _DelayedError._output_cls.__name__ = "Error"  # torch's C++ node


def once_differentiable(fn):
    """Decorate a ``backward`` that is not differentiable itself: it runs without recording, and a second
    differentiation through it raises instead of silently returning nothing."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        if not _state[0] or not any(isinstance(a, Tensor) and a._rg for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        fake = [o.detach().requires_grad_() if isinstance(o, Tensor) and o.dtype.is_floating_point else o
                for o in outs]
        wrapped = _DelayedError.apply(*fake)
        wrapped = wrapped if isinstance(wrapped, tuple) else (wrapped,)
        return wrapped[0] if single else wrapped

    return wrapper
