"""Property tests of the engine on random graphs: against finite differences, torch, and its own laws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless

try:
    import torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None

SETTINGS = settings(max_examples=30, deadline=None)

UNARY = {"sin": lambda t: t.sin(), "exp": lambda t: (t * 0.3).exp(), "tanh": lambda t: t.tanh(),
         "square": lambda t: t * t, "sum_keep": lambda t: t.sum(-1, keepdim=True), "neg": lambda t: -t}
BINARY = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "sub": lambda a, b: a - b,
          "div": lambda a, b: a / (b * b + 1)}

# A random DAG: each step applies an op to earlier values (by index), so values are reused and broadcast.
steps = st.lists(
    st.one_of(st.tuples(st.sampled_from(sorted(UNARY)), st.integers(0, 50)),
              st.tuples(st.sampled_from(sorted(BINARY)), st.integers(0, 50), st.integers(0, 50))),
    min_size=1, max_size=8)
shapes = st.sampled_from([((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 2)), ((4, 1), (4, 3))])


def _build(T, leaves, program):
    values = list(leaves)
    for step in program:
        if len(step) == 2:
            values.append(UNARY[step[0]](values[step[1] % len(values)]))
        else:
            values.append(BINARY[step[0]](values[step[1] % len(values)], values[step[2] % len(values)]))
    return values


def _leaves(T, shape_pair, seed, dtype):
    rng = np.random.default_rng(seed)
    return [T.tensor(rng.uniform(-1, 1, s).astype(dtype), requires_grad=True) for s in shape_pair]


@SETTINGS
@given(program=steps, shape_pair=shapes, seed=st.integers(0, 2**16))
def test_random_graph_matches_finite_differences(program, shape_pair, seed):
    leaves = _leaves(torchless, shape_pair, seed, "float64")

    def f(a, b):
        values = _build(torchless, [a, b], program)
        return values[-1].sum() + values[len(values) // 2].sum()

    assert torchless.autograd.gradcheck(f, tuple(leaves), atol=1e-6, rtol=1e-4)


@pytest.mark.skipif(torch is None, reason="torch is not installed")
@SETTINGS
@given(program=steps, shape_pair=shapes, seed=st.integers(0, 2**16))
def test_random_graph_matches_torch(program, shape_pair, seed):
    results = []
    for T in (torchless, torch):
        a, b = _leaves(T, shape_pair, seed, "float32")
        values = _build(T, [a, b], program)
        middle = values[len(values) // 2]
        if middle.requires_grad and middle.grad_fn is not None:
            middle.retain_grad()
        # two roots, the second often on the first one's graph (the engine must order them)
        T.autograd.backward([values[-1].sum() * 2, middle], [None, T.ones_like(middle)])
        results.append([t.grad for t in (a, b, middle)])
    for ours, theirs in zip(*results):
        if theirs is None:
            assert ours is None
        else:
            np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-4, atol=1e-5)


@SETTINGS
@given(program=steps, shape_pair=shapes, seed=st.integers(0, 2**16), times=st.integers(2, 4))
def test_backward_accumulates_and_grad_agrees(program, shape_pair, seed, times):
    a, b = _leaves(torchless, shape_pair, seed, "float64")
    out = _build(torchless, [a, b], program)[-1].sum()
    expected = torchless.autograd.grad(out, [a, b], retain_graph=True, allow_unused=True)
    for _ in range(times):
        out.backward(retain_graph=True)
    for leaf, g in zip((a, b), expected):
        if g is None:
            assert leaf.grad is None
        else:
            assert leaf.grad.shape == leaf.shape
            np.testing.assert_allclose(leaf.grad.numpy(), times * g.numpy(), rtol=1e-12, atol=1e-12)


@SETTINGS
@given(program=steps, shape_pair=shapes, seed=st.integers(0, 2**16))
def test_retain_grad_equals_grad_of_intermediate(program, shape_pair, seed):
    a, b = _leaves(torchless, shape_pair, seed, "float64")
    values = _build(torchless, [a, b], program)
    middle = values[2]
    out = (values[-1] * 3).sum() + middle.sum()
    (expected,) = torchless.autograd.grad(out, middle, retain_graph=True)
    middle.retain_grad()  # after grad(): grad() runs retain_grad hooks too, as torch's does
    out.backward()
    np.testing.assert_allclose(middle.grad.numpy(), expected.numpy(), rtol=1e-12)


@SETTINGS
@given(program=steps, shape_pair=shapes, seed=st.integers(0, 2**16))
def test_second_derivatives_match_finite_differences(program, shape_pair, seed):
    leaves = _leaves(torchless, shape_pair, seed, "float64")

    def f(a, b):
        return _build(torchless, [a, b], program)[-1]

    assert torchless.autograd.gradgradcheck(f, tuple(leaves), atol=1e-5, rtol=1e-3)
