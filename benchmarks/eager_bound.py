"""How fast can any eager (define-by-run) autograd in Python on NumPy run W2? ``python -m benchmarks.eager_bound``.

A deliberately minimal engine: four ops (``@``, ``-``, ``** 2``, ``mean``), a node per op holding its parents, a
topological order, gradients summed per node, and nothing else: no dtype promotion, no broadcasting undone, no
version counters, hooks, grad mode, views, error checks or torch's rounding. It is not usable as a library; it
measures the cost that recording a graph in Python and walking it back costs at the very least, to compare with
issue 6's targets (W2 at most 3x the NumPy floor, at most 0.25x torch). Run interleaved with torchless, torch
(when installed) and the floor; medians of several repeats.
"""

from __future__ import annotations

import statistics

import numpy as np

from .__main__ import _time_step
from .workloads import _w2_data, w2


class _Node:
    __slots__ = ("backward", "parents", "grad")

    def __init__(self, backward, parents):
        self.backward, self.parents, self.grad = backward, parents, None


class _T:
    __slots__ = ("data", "node", "grad")

    def __init__(self, data, node=None):
        self.data, self.node, self.grad = data, node, None

    def _op(self, data, backward, *parents):
        return _T(data, _Node(backward, parents) if any(p.node is not None for p in parents) else None)

    def __matmul__(self, other):
        return self._op(self.data @ other.data, lambda g: (None, self.data.T @ g), self, other)

    def __sub__(self, other):
        return self._op(self.data - other.data, lambda g: (g, -g), self, other)

    def __pow__(self, e):
        return self._op(self.data ** e, lambda g: (g * (e * self.data),), self)

    def mean(self):
        n = self.data.size
        return self._op(np.add.reduce(self.data, axis=None) / n,
                        lambda g: (np.full(self.data.shape, g / n, self.data.dtype),), self)

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative depth-first post-order over tensors
            t, done = stack.pop()
            if done:
                order.append(t)
            elif id(t) not in seen and t.node is not None and t.node.parents:  # not a leaf
                seen.add(id(t))
                stack.append((t, True))
                stack.extend((p, False) for p in t.node.parents)
        self.node.grad = np.ones((), self.data.dtype)
        for t in reversed(order):
            node = t.node
            for p, g in zip(node.parents, node.backward(node.grad)):
                if g is None or p.node is None:
                    continue
                if p.node.parents:  # an intermediate result
                    p.node.grad = g if p.node.grad is None else p.node.grad + g
                else:  # a leaf
                    p.grad = g if p.grad is None else p.grad + g
            node.grad = None


def _leaf(data):
    t = _T(data)
    t.node = _Node(None, ())  # marks "requires grad"
    return t


def w2_bound(n: int = 100):
    x, y = _w2_data(n)
    xt, yt = _T(x), _T(y)
    w = _leaf(np.array([-1.0, 1.0], dtype=np.float32))

    def step():
        loss = ((yt - xt @ w) ** 2).mean()
        loss.backward()
        w.data -= 0.1 * w.grad
        w.grad = None
    return step


def main(repeats: int = 7, target_s: float = 0.2) -> None:
    import importlib.util

    libs = {"bound": w2_bound(), "torchless": w2("torchless"), "floor": w2("floor")}
    if importlib.util.find_spec("torch") is not None:
        libs["torch"] = w2("torch")
    times = {k: [] for k in libs}
    for _ in range(repeats):
        for k, step in libs.items():
            times[k].append(_time_step(step, target_s))
    med = {k: statistics.median(v) * 1e6 for k, v in times.items()}
    for k, v in med.items():
        print(f"W2 {k:10s} {v:8.1f} us   x floor {v / med['floor']:5.2f}"
              + (f"   x torch {v / med['torch']:4.2f}" if "torch" in med else ""))


if __name__ == "__main__":
    main()
