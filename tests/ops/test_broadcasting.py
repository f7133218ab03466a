"""Broadcasting property tests: random broadcast-compatible shape pairs for binary ops.

Values, dtypes, shapes, grad_fn names and gradients are compared with live torch (skipped without it); the
gradients are also checked against finite differences (always), so the engine's sum-back of broadcast
gradients is exercised for every op.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import torchless

# op name -> (function of (T, a, b), value domain)
BINARY = {
    "add": (lambda T, a, b: a + b, "real"),
    "sub": (lambda T, a, b: a - b, "real"),
    "mul": (lambda T, a, b: a * b, "real"),
    "div": (lambda T, a, b: a / b, "nonzero"),
    "pow": (lambda T, a, b: a ** b, "positive"),
    "atan2": (lambda T, a, b: T.atan2(a, b), "nonzero"),
    "hypot": (lambda T, a, b: T.hypot(a, b), "nonzero"),
    "maximum": (lambda T, a, b: T.maximum(a, b), "distinct"),
    "minimum": (lambda T, a, b: T.minimum(a, b), "distinct"),
    "fmax": (lambda T, a, b: T.fmax(a, b), "distinct"),
    "logaddexp": (lambda T, a, b: T.logaddexp(a, b), "real"),
    "xlogy": (lambda T, a, b: T.xlogy(a, b), "positive"),
    "remainder": (lambda T, a, b: T.remainder(a, b), "distinct"),
    "copysign": (lambda T, a, b: T.copysign(a, b), "nonzero"),
    "where": (lambda T, a, b: T.where(a > b, a, b), "distinct"),
    "lerp": (lambda T, a, b: T.lerp(a, b, 0.3), "real"),
    "clamp_min": (lambda T, a, b: T.clamp(a, min=b), "distinct"),
    "addcmul": (lambda T, a, b: T.addcmul(a, a, b, value=0.5), "real"),
    "matmul": (lambda T, a, b: a @ b.mT if a.ndim > 1 and b.ndim > 1 else a * b, "real"),
}
COMPARE = {"eq": lambda T, a, b: a == b, "lt": lambda T, a, b: a < b, "ge": lambda T, a, b: a >= b,
           "logical_xor": lambda T, a, b: T.logical_xor(a, b > 0)}


@st.composite
def broadcast_pair(draw, max_dims: int = 4, max_size: int = 3):
    """Two shapes that broadcast: a common shape, then each side drops leading dims and sets dims to 1."""
    nd = draw(st.integers(0, max_dims))
    shape = draw(st.lists(st.integers(1, max_size), min_size=nd, max_size=nd))
    shapes = []
    for _ in range(2):
        keep = draw(st.integers(0, nd))
        s = [d if not draw(st.booleans()) else 1 for d in shape[nd - keep:]]
        shapes.append(tuple(s))
    return tuple(shapes)


def _values(rng, shape, domain):
    if domain == "positive":
        return rng.uniform(0.5, 2.0, shape)
    if domain == "nonzero":
        return rng.choice([-1, 1], shape) * rng.uniform(0.5, 2.0, shape)
    if domain == "distinct":  # away from ties between the operands
        return rng.choice([-1, 1], shape) * rng.uniform(0.5, 2.0, shape) + rng.integers(-3, 4, shape) * 3.0
    return rng.standard_normal(shape)


def _inputs(T, shapes, domain, seed, dtype):
    rng = np.random.default_rng(seed)
    return [T.tensor(_values(rng, s, domain).astype(dtype), requires_grad=True) for s in shapes]


def _run(T, fn, tensors):
    out = fn(T, *tensors)
    w = T.tensor(np.linspace(0.5, 1.5, out.numel()).reshape(tuple(out.shape)).astype(out.detach().numpy().dtype))
    grads = T.autograd.grad((out * w).sum(), tensors, allow_unused=True)
    return out, grads


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(BINARY))
@SETTINGS
@given(shapes=broadcast_pair(), seed=st.integers(0, 2 ** 16))
def test_broadcast_matches_torch(name, shapes, seed):
    torch = pytest.importorskip("torch")
    fn, domain = BINARY[name]
    if name == "matmul" and (len(shapes[0]) < 2 or len(shapes[1]) < 2 or shapes[0][-1] != shapes[1][-1]):
        shapes = (shapes[0] + (2,), shapes[1] + (2,))
    mine, mine_g = _run(torchless, fn, _inputs(torchless, shapes, domain, seed, "float32"))
    ref, ref_g = _run(torch, fn, _inputs(torch, shapes, domain, seed, "float32"))
    assert tuple(mine.shape) == tuple(ref.shape)
    assert str(mine.dtype) == str(ref.dtype)
    assert type(mine.grad_fn).__name__ == type(ref.grad_fn).__name__
    np.testing.assert_allclose(mine.detach().numpy(), ref.detach().numpy(), rtol=1e-5, atol=1e-5)
    for g, r in zip(mine_g, ref_g):
        assert (g is None) == (r is None)
        if g is not None:
            assert tuple(g.shape) == tuple(r.shape)
            np.testing.assert_allclose(g.numpy(), r.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(COMPARE))
@SETTINGS
@given(shapes=broadcast_pair(), seed=st.integers(0, 2 ** 16))
def test_broadcast_comparisons_match_torch(name, shapes, seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(-2, 3, s).astype(np.float32) for s in shapes]
    mine = COMPARE[name](torchless, *[torchless.tensor(a) for a in arrays])
    ref = COMPARE[name](torch, *[torch.tensor(a) for a in arrays])
    assert str(mine.dtype) == str(ref.dtype) == "torch.bool"
    np.testing.assert_array_equal(mine.numpy(), ref.numpy())


@pytest.mark.parametrize("name", sorted(BINARY))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shapes=broadcast_pair(max_dims=3, max_size=2), seed=st.integers(0, 2 ** 16))
def test_broadcast_gradcheck(name, shapes, seed):
    """Finite differences agree with the gradients the engine sums back over broadcast dims (no torch needed)."""
    fn, domain = BINARY[name]
    if name == "matmul" and (len(shapes[0]) < 2 or len(shapes[1]) < 2 or shapes[0][-1] != shapes[1][-1]):
        shapes = (shapes[0] + (2,), shapes[1] + (2,))
    tensors = _inputs(torchless, shapes, domain, seed, "float64")
    assert torchless.autograd.gradcheck(lambda a, b: fn(torchless, a, b), tensors)


@settings(max_examples=25, deadline=None)
@given(shapes=broadcast_pair(), seed=st.integers(0, 2 ** 16))
def test_broadcast_shape_is_numpys(shapes, seed):
    """The result shape of a broadcast op is the broadcast of the operands' shapes (and sums back exactly)."""
    a, b = _inputs(torchless, shapes, "real", seed, "float64")
    out = a * b
    assert tuple(out.shape) == np.broadcast_shapes(*shapes)
    assert tuple(torchless.broadcast_shapes(*shapes)) == np.broadcast_shapes(*shapes)
    ga, gb = torchless.autograd.grad(out.sum(), [a, b])
    assert tuple(ga.shape) == shapes[0] and tuple(gb.shape) == shapes[1]
    expected = _sum_to(np.broadcast_to(b.detach().numpy(), out.shape), shapes[0])
    np.testing.assert_allclose(ga.numpy(), expected.reshape(shapes[0]))


def _sum_to(arr: np.ndarray, shape: tuple) -> np.ndarray:
    lead = arr.ndim - len(shape)
    arr = arr.sum(axis=tuple(range(lead))) if lead else arr
    axes = tuple(i for i, s in enumerate(shape) if s == 1 and arr.shape[i] != 1)
    return arr.sum(axis=axes, keepdims=True) if axes else arr


@settings(max_examples=25, deadline=None)
@given(shapes=broadcast_pair(), seed=st.integers(0, 2 ** 16))
def test_mismatched_shapes_raise_torchs_error(shapes, seed):
    """Make one dim clash and check torch's message (live torch when installed)."""
    a_shape, b_shape = list(shapes[0]), list(shapes[1])
    if not a_shape or not b_shape:
        return
    a_shape[-1], b_shape[-1] = 2, 3
    a = torchless.ones(tuple(a_shape))
    b = torchless.ones(tuple(b_shape))
    with pytest.raises(RuntimeError) as mine:
        a + b
    assert "must match the size of tensor b" in str(mine.value)
    try:
        import torch
    except ImportError:
        return
    with pytest.raises(RuntimeError) as ref:
        torch.ones(tuple(a_shape)) + torch.ones(tuple(b_shape))
    assert str(mine.value) == str(ref.value)
