"""The backward engine: the chain rule, applied node by node in topological order.

1. Walk the graph from the outputs' ``grad_fn`` and list its nodes in topological order (iterative depth-first
   search, so a 100,000-op chain needs no recursion).
2. Visit them in that order. Each node's incoming gradient is complete by then: every node that feeds it
   came earlier. Run the tensor hooks, then the node's derivative rule, which returns one gradient per input.
3. Sum each input's gradient back to the input's shape and dtype (this undoes broadcasting, once, for every op)
   and add it into the buffer of the node that produced that input.
4. ``AccumulateGrad`` nodes (the leaves) add their gradient into ``leaf.grad``.
5. Without ``retain_graph``, each node frees its saved tensors once it has run.
"""

from __future__ import annotations

from . import grad_mode
from .graph import AccumulateGrad, accumulator

__all__ = ["run_backward"]


def topological_order(roots) -> list:
    """Nodes reachable from ``roots``, each before every node it sends gradients to."""
    order, seen = [], set()
    for root in roots:
        if root in seen:
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
            else:  # every child is done: the node is finished
                stack.pop()
                order.append(node)
    order.reverse()
    return order


def run_backward(outputs, grad_outputs, retain_graph: bool, create_graph: bool, inputs=None,
                 accumulate: bool = True):
    """Backpropagate ``grad_outputs`` from ``outputs``.

    With ``accumulate`` the leaves' ``.grad`` receive their gradients (``Tensor.backward``); without it the
    gradients flowing into ``inputs`` are returned instead (``autograd.grad``).
    """
    buffers = {}
    for t, g in zip(outputs, grad_outputs):
        node = t.grad_fn if t.grad_fn is not None else accumulator(t)
        buffers[node] = buffers[node] + g if node in buffers else g
    order = topological_order(list(buffers))

    wanted = None  # nodes whose incoming gradient is captured or accumulated (None: every leaf)
    if inputs is not None:
        wanted = {(t.grad_fn if t.grad_fn is not None else accumulator(t)): i for i, t in enumerate(inputs)}
        order = _prune(order, wanted)
    captured = [None] * (len(inputs) if inputs is not None else 0)

    from ..ops.shape import sum_to  # the one place broadcasting is undone

    prev_mode = grad_mode._state[0]
    grad_mode._state[0] = create_graph
    try:
        for node in order:
            grad = buffers.pop(node, None)
            if grad is None:
                continue
            if node._pre_hooks:
                for hook in list(node._pre_hooks):
                    new = hook(grad)
                    if new is not None:
                        grad = new
            if wanted is not None and node in wanted:
                captured[wanted[node]] = grad
            if type(node) is AccumulateGrad:
                if accumulate and (wanted is None or node in wanted):
                    node.accumulate(grad, create_graph)
                continue
            grads = node.apply(grad)
            if node._hooks:
                for hook in list(node._hooks):
                    new = hook(grads, (grad,))
                    if new is not None:
                        grads = tuple(new)
            if not retain_graph:
                node.release()
            for child, g, meta in zip(node._next, grads, node._meta):
                if child is None or g is None:
                    continue
                shape, dtype = meta
                if g._data.shape != shape:
                    g = sum_to(g, shape)
                if g.dtype is not dtype:
                    g = g.to(dtype)
                old = buffers.get(child)
                buffers[child] = g if old is None else old + g
    finally:
        grad_mode._state[0] = prev_mode
    return captured


def _prune(order: list, wanted: dict) -> list:
    """Keep only the nodes from which a wanted node can be reached (``order`` is topological)."""
    useful = set(wanted)
    for node in reversed(order):
        if node not in useful and any(c in useful for c in node._next if c is not None):
            useful.add(node)
    return [n for n in order if n in useful]
