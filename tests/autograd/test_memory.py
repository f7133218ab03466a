"""Deep graphs and memory: no recursion limit, saved tensors freed after backward, no growth over training."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import torchless as torch


def test_deep_chain_backward_has_no_recursion_limit():
    x = torch.tensor([1.5], dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0]
    del y  # freeing the 100,000-node graph must not overflow the C stack either


def test_deep_chain_grad_and_retain_graph():
    x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y + x * 0.5
    (g1,) = torch.autograd.grad(y, x, retain_graph=True)
    (g2,) = torch.autograd.grad(y, x)
    assert g1.item() == g2.item() == 1 + 20_000 * 0.5


def _two_layer(seed: int = 0):
    rng = np.random.default_rng(seed)
    w1 = torch.tensor(rng.standard_normal((4, 8)).astype(np.float32) * 0.3, requires_grad=True)
    w2 = torch.tensor(rng.standard_normal((8, 1)).astype(np.float32) * 0.3, requires_grad=True)
    x = torch.tensor(rng.standard_normal((16, 4)).astype(np.float32))
    y = torch.tensor(rng.standard_normal((16, 1)).astype(np.float32))
    return w1, w2, x, y


def test_saved_tensors_freed_after_backward():
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    e = x.exp()  # ExpBackward0 saves its result; SinBackward0 saves e
    loss = e.sin().sum()
    sin_node = loss.grad_fn.next_functions[0][0]
    saved = weakref.ref(sin_node.saved_args()[0])
    del e
    assert saved() is not None
    loss.backward()
    assert saved() is None
    assert sin_node._saved is None
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()


def test_retain_graph_keeps_saved_tensors():
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    e = x.exp()
    loss = e.sin().sum()
    saved = weakref.ref(loss.grad_fn.next_functions[0][0].saved_args()[0])
    del e
    loss.backward(retain_graph=True)
    assert saved() is not None
    loss.backward()
    assert saved() is None


def test_graph_has_no_reference_cycles():
    w1, w2, x, y = _two_layer()
    gc.collect()
    gc.disable()
    try:
        loss = (((x @ w1).relu() @ w2 - y) ** 2).mean()
        node = weakref.ref(loss.grad_fn)
        loss.backward()
        del loss
        assert node() is None  # freed by reference counting alone
    finally:
        gc.enable()


def test_custom_function_graph_has_no_reference_cycles():
    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            r = a.exp()
            ctx.save_for_backward(r)  # saving an output must not make output -> node -> output cycle
            return r

        @staticmethod
        def backward(ctx, g):
            (r,) = ctx.saved_tensors
            return g * r

    x = torch.tensor([0.5, 1.0], requires_grad=True)
    gc.collect()
    gc.disable()
    try:
        out = Exp.apply(x)
        node = weakref.ref(out.grad_fn)
        out.sum().backward()
        del out
        assert node() is None
    finally:
        gc.enable()
    assert np.allclose(x.grad.numpy(), np.exp([0.5, 1.0]))


def test_multi_output_function_graph_has_no_reference_cycles():
    class Split(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            lo, hi = a * 0.5, a * 2
            ctx.save_for_backward(hi)
            return lo, hi

        @staticmethod
        def backward(ctx, g_lo, g_hi):
            (hi,) = ctx.saved_tensors
            return g_lo * 0.5 + g_hi * hi

    x = torch.tensor([0.5, 1.0], requires_grad=True)
    gc.collect()
    gc.disable()
    try:
        lo, hi = Split.apply(x)
        nodes = [weakref.ref(lo.grad_fn), weakref.ref(hi.grad_fn), weakref.ref(lo.grad_fn._fn)]
        (lo + hi).sum().backward()
        del lo, hi
        assert [n() for n in nodes] == [None, None, None]
    finally:
        gc.enable()
    assert x.grad.tolist() == [0.5 + 1.0, 0.5 + 2.0]


def test_training_loop_memory_is_flat():
    """10,000 SGD steps: no objects pile up, and the memory traced over the last 1,500 steps does not grow."""
    w1, w2, x, y = _two_layer()

    def step():
        loss = (((x @ w1).relu() @ w2 - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w1.sub_(0.01 * w1.grad)
            w2.sub_(0.01 * w2.grad)
        w1.grad = None
        w2.grad = None
        return loss

    for _ in range(1_000):  # warm caches (dtype tables, node classes)
        step()
    gc.collect()
    objects = len(gc.get_objects())
    for _ in range(7_000):
        step()
    gc.collect()
    assert len(gc.get_objects()) - objects < 100
    tracemalloc.start()
    try:
        for _ in range(500):
            step()
        gc.collect()
        base, _ = tracemalloc.get_traced_memory()
        for _ in range(1_500):
            last = step()
        del last
        gc.collect()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert current - base < 16 * 1024, f"memory grew by {current - base} bytes over 1,500 steps"
