"""Graph nodes (a tensor's ``grad_fn``): what the backward engine walks.

Each op's node class is made from its table entry (see ``torchless.ops._op``) and carries torch's name
(``MulBackward0``). A node knows the nodes that produced its inputs (``_next``, shown as ``next_functions``), the
shapes and dtypes of those inputs (``_meta``, so the engine can sum broadcast gradients back), and what its
derivative needs (``_saved`` inputs with their versions, the ``_result``, the op's keywords ``_kw``).
A leaf that requires grad gets one ``AccumulateGrad`` node, which adds gradients into ``leaf.grad``.
"""

from __future__ import annotations

import itertools
import sys
import weakref

import numpy as np

from .._tensor import Tensor
from . import anomaly_mode

__all__ = ["Node", "VariadicNode", "AccumulateGrad", "CopySlices", "RemovableHandle", "accumulator"]

FREED_MSG = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward."
)
_HINT = ("Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
         "torch.autograd.set_detect_anomaly(True, check_nan=False).")
_ANOMALY_HINT = ("Hint: the backtrace further above shows the operation that failed to compute its gradient. The "
                 "variable in question was changed in there or anywhere later. Good luck!")
_QUALIFIED = {"AccumulateGrad", "CopyBackwards", "CopySlices", "Error"}  # torch's C++ nodes: name() has a namespace
_ids = itertools.count()


class RemovableHandle:
    """Returned by ``register_hook``: ``handle.remove()`` takes the hook off again."""

    __slots__ = ("_hooks", "_hook", "id")

    def __init__(self, hooks: list, hook):
        self._hooks, self._hook, self.id = hooks, hook, next(_ids)

    def remove(self) -> None:
        hooks = self._hooks
        for i, h in enumerate(hooks):
            if h is self._hook:
                del hooks[i]
                return

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


class _NodeHooks:
    """A node's own hooks: ``pre(grad_outputs)`` before it runs, ``post(grad_inputs, grad_outputs)`` after."""

    __slots__ = ("pre", "post")

    def __init__(self):
        self.pre, self.post = [], []


class Node:
    """A backward function. ``apply(grad)`` returns one gradient per input (None where none flows).

    ``_pre_hooks`` holds the hooks of the tensor this node produced (``Tensor.register_hook``, then
    ``retain_grad``); ``_hooks`` the node's own (``register_prehook`` / ``register_hook``), or None.
    """

    __slots__ = ("_next", "_meta", "_saved", "_versions", "_result", "_kw", "_aux", "_pre_hooks",
                 "_hooks", "_result_version", "_vver", "metadata", "__weakref__")

    # Set on each op's subclass: the derivative per input, which inputs and whether the result are saved, and
    # whether the derivatives also run on NumPy arrays (see ``apply_arrays``).
    _derivs: tuple = ()
    _save: tuple = ()
    _save_result = False
    _arrays = False
    _save_if = None
    _elementwise = False  # its derivatives broadcast a scalar gradient to the inputs' shapes (see the engine)
    _edges = None  # the inputs next_functions shows (None: all)

    def name(self) -> str:
        name = type(self).__name__
        return "torch::autograd::" + name if name in _QUALIFIED else name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    @property
    def next_functions(self) -> tuple:
        edges = self._edges
        return tuple(_edge(n) for i, n in enumerate(self._next) if edges is None or i in edges)

    # -- hooks --------------------------------------------------------------------------------------------
    def register_hook(self, fn) -> RemovableHandle:
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return new grad_inputs."""
        post = self._own_hooks().post
        post.append(fn)
        return RemovableHandle(post, fn)

    def register_prehook(self, fn) -> RemovableHandle:
        """``fn(grad_outputs)`` runs before this node (after its tensor's hooks); it may return new grad_outputs."""
        pre = self._own_hooks().pre
        pre.append(fn)
        return RemovableHandle(pre, fn)

    def _own_hooks(self) -> _NodeHooks:
        if self._hooks is None:
            self._hooks = _NodeHooks()
        return self._hooks

    def _add_pre_hook(self, fn) -> RemovableHandle:
        """A tensor hook ``fn(grad)`` on the tensor this node produced."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(fn)
        return RemovableHandle(self._pre_hooks, fn)

    # -- running ------------------------------------------------------------------------------------------
    def saved_args(self) -> tuple:
        """The op's arguments as saved (None where not saved), after checking none was modified in place."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED_MSG)
        if self._versions:
            for i, v in self._versions:
                if saved[i]._vc[0] != v:
                    raise version_error(saved[i], v)
        return saved

    def result(self) -> Tensor:
        """The op's output, rebuilt from its saved array with this node as its grad_fn.

        When the op recorded the output's version counter (``_result_version = (counter, version)``), an
        in-place change of the output since the forward raises torch's error instead of giving a wrong gradient.
        """
        if self._saved is None:
            raise RuntimeError(FREED_MSG)
        t = Tensor._make(self._result, True, self)
        rv = getattr(self, "_result_version", None)
        if rv is not None:
            t._vc = rv[0]
            if rv[0][0] != rv[1]:
                raise version_error(t, rv[1], producer=self)
        return t

    def apply(self, grad) -> list:
        args = self._saved
        if args is None or self._versions:
            args = self.saved_args()  # raises torch's error for a freed graph or a modified saved tensor
        r = self.result() if self._save_result else None
        kw = self._kw if self._aux is None else {**self._kw, "aux": self._aux}
        return [None if d is None or n is None else d(grad, *args, r, **kw) for d, n in zip(self._derivs, self._next)]

    def apply_arrays(self, grad) -> list:
        """``apply`` for a backward that records no graph: a NumPy array in, arrays out.

        When the op's entry says its derivatives also run on arrays (``defop(..., arrays=True)``) and the saved
        tensors are float32/float64, they run on the saved arrays directly: no tensor is made and no op
        dispatched. Any other node runs ``apply`` on tensors wrapped around the arrays."""
        if self._arrays and self._hooks is None and grad.dtype in _ARRAY_DTYPES:
            args = self._saved
            if args is None or self._versions:
                args = self.saved_args()  # raises torch's error for a freed graph or a modified saved tensor
            arrays = []
            for a in args:
                if isinstance(a, Tensor):
                    a = a._data
                    if a.dtype not in _ARRAY_DTYPES:  # other dtypes: tensor ops apply torch's promotion
                        break
                arrays.append(a)
            else:
                r = None
                if self._save_result:
                    r = self._result
                    rv = getattr(self, "_result_version", None)
                    if rv is not None and rv[0][0] != rv[1]:
                        self.result()  # raises torch's error for an output modified in place
                kw = self._kw if self._aux is None else {**self._kw, "aux": self._aux}
                grads = []
                for d, n in zip(self._derivs, self._next):
                    grads.append(None if d is None or n is None else d(grad, *arrays, r, **kw))
                return grads
        t = Tensor._make(np.asarray(grad))
        grads = self.apply(t) if self._hooks is None else self._apply_hooked(t)
        return [None if g is None else g._data for g in grads]

    def _apply_hooked(self, grad) -> list:
        """``apply`` with the node's own pre- and post-hooks around it (torch's checks on what hooks return)."""
        hooks = self._hooks
        grad_outputs = self._grad_outputs(grad)
        for hook in tuple(hooks.pre):
            new = hook(grad_outputs)
            if new is not None:
                grad_outputs = _hook_tuple(hook, new, grad_outputs)
        grads = self._apply_outputs(grad_outputs)
        for hook in tuple(hooks.post):
            new = hook(tuple(grads), grad_outputs)
            if new is not None:
                grads = list(_hook_tuple(hook, new, grads))
        return grads

    def _grad_outputs(self, grad) -> tuple:
        return (grad,)

    def _apply_outputs(self, grad_outputs: tuple) -> list:
        return self.apply(grad_outputs[0])

    def release(self) -> None:
        """Free what the backward needed (``retain_graph=False``)."""
        if self._save or self._save_result or self._aux is not None:
            self._saved = None
            self._result = None
            self._aux = None
            self._result_version = None


class VariadicNode(Node):
    """A node with any number of inputs (cat, stack): one derivative ``d(g, i, *inputs, **kw)`` serves all."""

    __slots__ = ()

    def apply(self, grad) -> list:
        args = self.saved_args()
        d = self._derivs[0]
        kw = self._kw
        return [None if n is None else d(grad, i, *args, **kw) for i, n in enumerate(self._next)]


class AccumulateGrad(Node):
    """The sink for a leaf tensor: adds the gradient into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable: Tensor):
        self.variable = variable
        self._next = ()
        self._meta = ((variable._data.shape, variable.dtype),)
        self._saved = ()
        self._versions = ()
        self._pre_hooks = variable._hooks.pre if variable._hooks is not None else None
        self._hooks = None
        self._result = None
        self._kw = None
        self._aux = None
        self.metadata = None

    def accumulate(self, grad: Tensor) -> None:
        """Under ``create_graph``: the first gradient is copied (torch's ``CopyBackwards`` when it has a graph),
        later ones are added out of place, so the sum keeps its graph."""
        var = self.variable
        old = var._grad
        if old is None:
            if grad._rg:
                new = Tensor._make(grad._data.copy())
                var._grad = new.copy_(grad)
            else:
                var._grad = grad._owned()
        else:
            var._grad = old + grad
        self._post_hooks()

    def accumulate_array(self, grad: np.ndarray, owned: bool) -> None:
        """With no graph: the first gradient becomes ``.grad`` (taken over when nothing else holds the array,
        else copied); later ones are added in place."""
        var = self.variable
        old = var._grad
        if old is None:
            if not (owned and type(grad) is np.ndarray and grad.flags.c_contiguous and grad.flags.writeable
                    and (grad.base is None or _sole_view(grad))):
                grad = np.array(grad, order="C")
            var._grad = Tensor._make(grad)
        elif old._data.flags.writeable and old._data.shape == grad.shape:
            old._data += grad
            old._vc[0] += 1
        else:
            var._grad = old + Tensor._make(np.asarray(grad))
        self._post_hooks()

    def _post_hooks(self) -> None:
        var = self.variable
        if var._hooks is not None and var._hooks.post:
            for hook in tuple(var._hooks.post):
                hook(var)


class CopySlices(Node):
    """The history of a base tensor after an in-place op on one of its views (torch's ``rebase_history``).

    ``_fn`` is the in-place op's node; ``_kw`` holds ``idx`` (the view's elements as flat indices into the base)
    and ``like`` (the base's shape). ``next_functions``: the base's old history, then ``_fn``'s other inputs.
    The backward is ``ops._op.copy_slices_grads``."""

    __slots__ = ("_fn",)

    def apply(self, grad) -> list:
        from ..ops._op import copy_slices_grads

        return copy_slices_grads(self, grad)

    def release(self) -> None:
        self._fn.release()


def accumulator(t: Tensor) -> AccumulateGrad:
    """The leaf's AccumulateGrad node, shared by every op that uses the leaf (held weakly, as torch does)."""
    ref = t._acc
    acc = ref() if ref is not None else None
    if acc is None:
        acc = AccumulateGrad(t)
        t._acc = weakref.ref(acc)
    return acc


# -- helpers --------------------------------------------------------------------------------------------------
# The incoming gradient of the node now running, when the engine donates it: a large array nothing else holds,
# going to a node with one input to send to. A derivative may then write its result into it (``negated``),
# which saves a large allocation, as ``x - y`` on a big batch otherwise makes one just to negate the gradient.
donated = [None]
DONATE_MIN = 1 << 16  # elements: below this, a fresh array costs less than the check


def negated(g):
    """``-g``, in ``g``'s own memory when the engine donated it."""
    if g is donated[0]:
        return np.negative(g, out=g)
    return -g


def _sole_view(view: np.ndarray) -> bool:
    """Whether ``view`` is the only reference to the array whose memory it shows (a gradient computed as
    ``(g.mT @ x).mT`` for a transposed weight): then a leaf may take it over instead of copying it. The base's
    references are this view's and getrefcount's own argument."""
    return type(view.base) is np.ndarray and view.base.base is None and sys.getrefcount(view.base) == 2


_ARRAY_DTYPES = frozenset((np.dtype(np.float32), np.dtype(np.float64)))  # what apply_arrays computes in


def _edge(node) -> tuple:
    """``(node, output_nr)`` as torch shows it in ``next_functions``."""
    edge = getattr(node, "_edge", None)
    return edge() if edge is not None else (node, 0)


def short_name(node) -> str:
    """The node name torch 2.13 prints in the in-place error: ``MulBackward0 -> Mul``, ``TBackward1 -> T1``."""
    return shorten(node.name())


def shorten(name: str) -> str:
    """``short_name`` of a node name."""
    head, sep, tail = name.rpartition("Backward")
    if not sep or not (tail == "" or tail.isdigit()):
        return name
    return head + ("" if tail == "0" else tail)


def version_error(t: Tensor, expected: int, producer=None, output_nr: int = 0) -> RuntimeError:
    """torch's error for a saved tensor modified in place since the forward."""
    fn = producer if producer is not None else t.grad_fn
    where = f", which is output {output_nr} of {short_name(fn)}," if fn is not None else ""
    hint = _ANOMALY_HINT if anomaly_mode._state[0] else _HINT
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[{t.type()} {list(t._data.shape)}]{where} is at version {t._vc[0]}; expected version {expected} "
        f"instead. {hint}")


def hook_name(hook) -> str:
    return getattr(hook, "__name__", "<unknown>")


def check_hook_grad(hook, new, old: Tensor) -> Tensor:
    """What a tensor hook returned must be a tensor of the gradient's dtype and shape."""
    if not isinstance(new, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    if new.dtype is not old.dtype:
        raise RuntimeError(f"hook '{hook_name(hook)}' has changed the type of value (was {old.type()} got "
                           f"{new.type()})")
    if new._data.shape != old._data.shape:
        raise RuntimeError(f"hook '{hook_name(hook)}' has changed the size of value")
    return new


def _hook_tuple(hook, new, old) -> tuple:
    if not isinstance(new, (tuple, list)):
        raise TypeError(f"expected tuple, but hook returned '{type(new).__name__}'")
    if len(new) != len(old):
        raise RuntimeError(f"hook '{hook_name(hook)}' has returned an incorrect number of values (got {len(new)}, "
                           f"but expected {len(old)})")
    for n, o in zip(new, old):
        if n is not None and o is not None:
            check_hook_grad(hook, n, o)
    return tuple(new)


def _expandable(shape: tuple, to: tuple) -> bool:
    """Whether ``shape`` broadcasts to ``to`` (torch's ``is_expandable_to``)."""
    if len(shape) > len(to):
        return False
    return all(s == t or s == 1 for s, t in zip(reversed(shape), reversed(to)))


def _check_grads(node, grads) -> None:
    """torch's ``validate_outputs``: each gradient must broadcast back to its input's shape."""
    for i, (g, meta) in enumerate(zip(grads, node._meta)):
        if g is None or meta is None:
            continue
        if not isinstance(g, Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
        shape = meta[0]
        if g._data.shape != shape and not _expandable(shape, g._data.shape):
            raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index {i} - got "
                               f"{list(g._data.shape)} but expected shape compatible with {list(shape)}")
