"""Graph nodes (a tensor's ``grad_fn``): what the backward engine walks.

Each op's node class is made from its table entry (see ``torchless.ops._op``) and carries torch's name
(``MulBackward0``). A node knows the nodes that produced its inputs (``next_functions``), the shapes and
dtypes of those inputs (so the engine can sum broadcast gradients back), and what its derivative needs.
"""

from __future__ import annotations

import weakref

__all__ = ["Node", "VariadicNode", "AccumulateGrad", "RemovableHandle"]

FREED_MSG = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward."
)


class RemovableHandle:
    """Returned by ``register_hook``: ``handle.remove()`` takes the hook off again."""

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks: list, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class Node:
    """A backward function. ``apply(grad)`` returns one gradient per input (None where none flows)."""

    __slots__ = ("_next", "_meta", "_saved", "_versions", "_result", "_kw", "_aux", "_pre_hooks",
                 "_hooks", "_released", "metadata", "__weakref__")

    # Set on each op's subclass: the derivative per input, which inputs and whether the result are saved.
    _derivs: tuple = ()
    _save: tuple = ()
    _save_result = False

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    @property
    def next_functions(self) -> tuple:
        return tuple((n, 0) for n in self._next)

    def register_hook(self, fn) -> RemovableHandle:
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return new grad_inputs."""
        if getattr(self, "_hooks", None) is None:
            self._hooks = []
        self._hooks.append(fn)
        return RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn) -> RemovableHandle:
        """``fn(grad_outputs)`` runs before this node; it may return new grad_outputs."""
        return self._add_pre_hook(lambda g: _first(fn((g,))))

    def _add_pre_hook(self, fn) -> RemovableHandle:
        if getattr(self, "_pre_hooks", None) is None:
            self._pre_hooks = []
        self._pre_hooks.append(fn)
        return RemovableHandle(self._pre_hooks, fn)

    # -- saved values -------------------------------------------------------------------------------
    def saved_args(self) -> tuple:
        """The saved inputs, after checking none was modified in place since the forward."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED_MSG)
        versions = self._versions
        if versions:
            for i, v in versions:
                t = saved[i]
                if t._version[0] != v:
                    raise RuntimeError(
                        "one of the variables needed for gradient computation has been modified by an inplace "
                        f"operation: [{t.type()} {list(t.shape)}], which is output 0 of {_producer(t)}, is at "
                        f"version {t._version[0]}; expected version {v} instead. Hint: enable anomaly detection "
                        "to find the operation that failed to compute its gradient, with "
                        "torch.autograd.set_detect_anomaly(True)."
                    )
        return saved

    def result(self):
        """The op's output, rebuilt from its saved array with this node as its grad_fn."""
        if self._saved is None:
            raise RuntimeError(FREED_MSG)
        from .._tensor import Tensor

        return Tensor._make(self._result, True, self)

    def apply(self, grad) -> tuple:
        args = self.saved_args()
        r = self.result() if self._save_result else None
        kw = self._kw if self._aux is None else {**self._kw, "aux": self._aux}
        return tuple(
            None if (d is None or n is None) else d(grad, *args, r, **kw)
            for d, n in zip(self._derivs, self._next)
        )

    def release(self) -> None:
        """Free what the backward needed (``retain_graph=False``)."""
        if self._save or self._save_result:
            self._saved = None
            self._result = None

    @property
    def _saved_tensors(self):
        return tuple(t for t in self.saved_args() if hasattr(t, "_version"))


class VariadicNode(Node):
    """A node with any number of inputs (cat, stack): one derivative ``d(g, i, *inputs, **kw)`` serves all."""

    __slots__ = ()

    def apply(self, grad) -> tuple:
        args = self.saved_args()
        d = self._derivs[0]
        kw = self._kw
        return tuple(None if n is None else d(grad, i, *args, **kw) for i, n in enumerate(self._next))


def _first(x):
    return None if x is None else x[0]


def _producer(t) -> str:
    fn = t.grad_fn
    return "AsStridedBackward0" if fn is None else type(fn).__name__


class AccumulateGrad(Node):
    """The sink for a leaf tensor: adds the gradient into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        self.variable = variable
        self._next = ()
        self._meta = ((variable.shape, variable.dtype),)
        self._saved = ()
        self._versions = ()
        self._pre_hooks = variable._hooks.pre if variable._hooks is not None else None
        self._hooks = None
        self._result = None
        self._kw = None
        self._aux = None
        self.metadata = None

    def accumulate(self, grad, create_graph: bool) -> None:
        var = self.variable
        old = var.grad
        if old is None:
            var.grad = grad if create_graph else grad._owned()
        elif create_graph:
            var.grad = old + grad
        else:
            old._data += grad._data
        if var._hooks is not None and var._hooks.post:
            for hook in list(var._hooks.post):
                hook(var)


def accumulator(t) -> AccumulateGrad:
    """The leaf's AccumulateGrad node, shared by every op that uses the leaf (held weakly, as torch does)."""
    ref = t._acc
    acc = ref() if ref is not None else None
    if acc is None:
        acc = AccumulateGrad(t)
        t._acc = weakref.ref(acc)
    return acc
