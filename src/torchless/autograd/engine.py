"""The backward engine: the chain rule, applied node by node in topological order.

1. List the graph's nodes from the outputs' ``grad_fn`` in topological order: every node before the nodes it
   sends gradients to (an iterative depth-first search, so a 100,000-op chain needs no recursion).
2. Visit them in that order. A node's incoming gradient is complete by then: every node feeding it came
   earlier. Run the hooks of the tensor it produced, then its derivative, which returns one gradient per input.
3. Fit each input's gradient to the input's shape and dtype (this undoes broadcasting, once, for every op)
   and add it into the buffer of the node that produced that input.
4. ``AccumulateGrad`` nodes (the leaves) add their gradient into ``leaf.grad``.
5. Without ``retain_graph``, each node frees its saved tensors once it has run.

Unless ``create_graph`` asks for a graph of the backward itself, the gradients travel as plain NumPy arrays
(``Node.apply_arrays``): no tensors are made and no op is dispatched for the derivatives that can run on arrays,
which is most of the cost of a small model's step. ``shared`` remembers the arrays that something else may also
hold (a gradient passed through unchanged, or sent to two inputs), so that a leaf copies them instead of taking
them over (a view is taken over only when nothing else references its memory: ``graph._sole_view``). A loss's
scalar gradient is kept as one number through elementwise nodes (``deferred``) and broadcast only where a node
needs it whole.

``autograd.grad`` passes ``inputs``: only the nodes that lead to them run, and the gradients reaching them are
returned instead of accumulated.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import anomaly_mode, grad_mode
from .graph import DONATE_MIN, AccumulateGrad, accumulator, check_hook_grad, donated

__all__ = ["run_backward", "topological_order"]

_make = Tensor._make
_anomaly = anomaly_mode._state
_sum_to = None  # ops.shape.sum_to, the one place broadcasting is undone (imported on first use: no cycle)
_quiet = None   # (NumPy's error-state variable, its "ignore all" value), as ops.elementwise sets it
_fresh = None   # ops._op.fresh_grad_fn: a view's history after its memory changed in place


def _load_sum_to():
    """Bind the ops the engine uses (imported on first use: they import the engine's package)."""
    global _sum_to, _quiet, _fresh
    from ..ops._op import fresh_grad_fn
    from ..ops.elementwise import _ERRSTATE, _IGNORE
    from ..ops.shape import sum_to

    _sum_to, _fresh = sum_to, fresh_grad_fn
    _quiet = (_ERRSTATE, _IGNORE) if _ERRSTATE is not None else None
    return sum_to


def topological_order(roots) -> list:
    """Nodes reachable from ``roots``, each before every node it sends gradients to."""
    order, seen = [], set()
    for root in roots:
        if root in seen:  # already listed below an earlier root
            continue
        seen.add(root)
        stack = [(root, iter(root._next))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child is not None and child not in seen:
                    seen.add(child)
                    stack.append((child, iter(child._next)))
                    break
            else:  # every child is listed: the node is finished
                stack.pop()
                order.append(node)
    order.reverse()
    return order


def run_backward(outputs, grad_outputs, retain_graph: bool, create_graph: bool, inputs=None,
                 accumulate: bool = True) -> list:
    """Backpropagate ``grad_outputs`` from ``outputs`` (tensors that require grad).

    With ``accumulate`` the leaves' ``.grad`` receive their gradients (``Tensor.backward``), only those of
    ``inputs`` when given. Without it, the gradients reaching ``inputs`` are returned (``autograd.grad``).
    """
    arrays = not create_graph
    sum_to = _sum_to or _load_sum_to()
    buffers, shared = {}, set()
    for t, g in zip(outputs, grad_outputs):
        node = _node_of(t)
        if arrays:
            g = g._data
            shared.add(id(g))
        buffers[node] = buffers[node] + g if node in buffers else g
    order = topological_order(list(buffers))

    targets = needed = captured = None
    if inputs is not None:
        targets = {}  # node -> positions in ``inputs`` of the tensors it produced
        for i, t in enumerate(inputs):
            targets.setdefault(_node_of(t), []).append(i)
        needed = _leading_to(order, targets)
        order = [n for n in order if n in needed or n in targets]
        captured = [None] * len(inputs)

    pop, get = buffers.pop, buffers.get
    deferred = {}  # node -> its output's shape, while its gradient is still a scalar (a loss's: see below)
    prev_mode = grad_mode._state[0]
    grad_mode._state[0] = create_graph
    # torch's kernels never warn about inf or nan; NumPy's would
    quiet = np.errstate(all="ignore") if _quiet is None else None
    token = quiet.__enter__() if quiet is not None else _quiet[0].set(_quiet[1])
    try:
        for node in order:
            grad = pop(node, None)
            if grad is None:
                continue
            scalar_of = None  # the node's output shape while its gradient is still a scalar
            if deferred:
                scalar_of = deferred.pop(node, None)
                if scalar_of is not None and (grad.ndim or not (node._elementwise and node._hooks is None and
                                              not node._pre_hooks and targets is None and not _anomaly[0])):
                    grad = sum_to(grad, scalar_of)
                    scalar_of = None
            if node._pre_hooks:  # the hooks of the tensor this node produced, then retain_grad
                grad = _run_tensor_hooks(node, grad, arrays)
            if targets is not None and node in targets:
                for i in targets[node]:
                    captured[i] = _make(np.array(grad)) if arrays else grad
                if not accumulate and node not in needed:
                    continue
            if type(node) is AccumulateGrad:
                if accumulate:
                    if arrays:
                        node.accumulate_array(grad, id(grad) not in shared)
                    else:
                        node.accumulate(grad)
                continue

            if _anomaly[0]:
                grads = _run_anomaly(node, grad, arrays)
            elif arrays:
                if grad.size >= DONATE_MIN and _donatable(node, grad, shared):
                    donated[0] = grad
                    try:
                        grads = node.apply_arrays(grad)
                    finally:
                        donated[0] = None
                else:
                    grads = node.apply_arrays(grad)
            else:
                grads = node.apply(grad) if node._hooks is None else node._apply_hooked(grad)
            if not retain_graph:
                node.release()

            handed = set()  # ids of the arrays this node sent on
            for child, g, meta in zip(node._next, grads, node._meta):
                if g is None or child is None:
                    continue
                if scalar_of is not None and g.shape != scalar_of and (g.ndim or meta[0] != scalar_of):
                    g = np.broadcast_to(g, scalar_of)  # as if the gradient had been whole, then summed as usual
                if (g.shape if arrays else g._data.shape) != meta[0]:
                    if arrays and not g.ndim:
                        # A scalar gradient (below a sum or mean) stays one number through elementwise nodes, whose
                        # derivatives broadcast it: no array of the input's size is made just to hold copies of it.
                        deferred[child] = meta[0]
                    else:
                        g = sum_to(g, meta[0])
                if arrays:
                    if g.dtype != meta[1].np:
                        g = g.astype(meta[1].np)
                    elif g is grad or id(g) in handed:  # passed through, or sent to two inputs: a leaf copies it
                        shared.add(id(g))
                    else:
                        handed.add(id(g))
                elif g.dtype is not meta[1]:
                    g = g.to(meta[1])
                old = get(child)
                buffers[child] = g if old is None else old + g
    finally:
        if quiet is not None:
            quiet.__exit__(None, None, None)
        else:
            _quiet[0].reset(token)
        grad_mode._state[0] = prev_mode
    return captured


def _donatable(node, grad, shared: set) -> bool:
    """Whether ``node`` may overwrite its incoming gradient (``graph.donated``): an array of its own memory that
    no other node, leaf or hook holds, for a node that sends one gradient on (so none can return ``grad``
    itself next to one written into it)."""
    nxt = node._next
    return (type(grad) is np.ndarray and grad.base is None and grad.flags.writeable and id(grad) not in shared
            and not node._pre_hooks and len(nxt) - nxt.count(None) == 1)


def _node_of(t: Tensor):
    """The node that produced ``t`` (a leaf's AccumulateGrad; a view's history as it is now)."""
    fn = t.grad_fn
    if fn is None:
        return accumulator(t)
    return _fresh(t) if t._base is not None else fn


def _run_tensor_hooks(node, grad, arrays: bool):
    """The hooks registered on the tensor ``node`` produced (they see and may replace a tensor)."""
    t = _make(np.asarray(grad)) if arrays else grad
    try:
        for hook in tuple(node._pre_hooks):
            new = hook(t)
            if new is not None:
                t = check_hook_grad(hook, new, t)
    except Exception:
        if _anomaly[0]:  # as torch: the error names the node whose output's hook failed
            anomaly_mode.warn_trace(node)
        raise
    return t._data if arrays else t


def _leading_to(order: list, targets: dict) -> set:
    """The nodes from which a target can be reached (``order`` is topological, so children come later)."""
    needed = set()
    for node in reversed(order):
        for child in node._next:
            if child is not None and (child in targets or child in needed):
                needed.add(node)
                break
    return needed


def _run_anomaly(node, grad, arrays: bool) -> list:
    """Run a node as anomaly mode asks: nodes made meanwhile note it as parent; errors and NaNs name it."""
    parent = _anomaly[2]
    _anomaly[2] = node
    try:
        if arrays:
            grads = node.apply_arrays(grad)
        else:
            grads = node.apply(grad) if node._hooks is None else node._apply_hooked(grad)
        if _anomaly[1]:
            anomaly_mode.check_nan(node, grads)
    except Exception:
        anomaly_mode.warn_trace(node)
        raise
    finally:
        _anomaly[2] = parent
    return grads
