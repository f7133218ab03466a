"""Property tests: losses agree with float64 NumPy references for any shape and any logit size, and a model's
state_dict round-trips into a fresh model."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless as T
import torchless.nn.functional as F

FAST = settings(max_examples=30, deadline=None)


def _log_softmax64(x: np.ndarray, axis: int) -> np.ndarray:
    x = x.astype(np.float64)
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


@st.composite
def classification(draw):
    n = draw(st.integers(1, 6))
    c = draw(st.integers(2, 5))
    scale = draw(st.sampled_from([1.0, 30.0, 1e4]))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    logits = (rng.standard_normal((n, c)) * scale).astype(np.float32)
    target = rng.integers(0, c, n)
    return logits, target


@FAST
@given(classification(), st.sampled_from(["mean", "sum", "none"]), st.sampled_from([0.0, 0.1, 0.5]))
def test_cross_entropy_matches_reference(data, reduction, smoothing):
    logits, target = data
    x = T.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(x, T.tensor(target), reduction=reduction, label_smoothing=smoothing)
    logp = _log_softmax64(logits, 1)
    c = logits.shape[1]
    q = np.full(logp.shape, smoothing / c)
    q[np.arange(len(target)), target] += 1 - smoothing
    per_row = -(q * logp).sum(1)
    ref = per_row.mean() if reduction == "mean" else per_row.sum() if reduction == "sum" else per_row
    np.testing.assert_allclose(loss.detach().numpy(), ref, rtol=1e-5, atol=1e-4)
    assert np.all(np.isfinite(loss.detach().numpy()))
    loss.sum().backward()
    grad_ref = (np.exp(logp) - q) / (len(target) if reduction == "mean" else 1)
    np.testing.assert_allclose(x.grad.numpy(), grad_ref, rtol=1e-4, atol=1e-5)


@FAST
@given(st.integers(0, 2**16), st.sampled_from([1.0, 50.0, 1e4]), st.booleans())
def test_bce_with_logits_is_stable(seed, scale, pos_weight):
    rng = np.random.default_rng(seed)
    z = (rng.standard_normal(7) * scale).astype(np.float32)
    y = rng.uniform(0, 1, 7).astype(np.float32)
    pw = rng.uniform(0.5, 3, 7).astype(np.float32)
    x = T.tensor(z, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(x, T.tensor(y), reduction="sum",
                                              pos_weight=T.tensor(pw) if pos_weight else None)
    z64, y64 = z.astype(np.float64), y.astype(np.float64)
    w = pw.astype(np.float64) if pos_weight else 1.0
    # -[w y log s(z) + (1 - y) log(1 - s(z))] with log s(z) = -log(1 + e^-z)
    ref = (w * y64 * np.logaddexp(0, -z64) + (1 - y64) * np.logaddexp(0, z64)).sum()
    np.testing.assert_allclose(loss.item(), ref, rtol=1e-5)
    loss.backward()
    s = np.exp(-np.logaddexp(0, -z64))  # sigmoid without overflow
    np.testing.assert_allclose(x.grad.numpy(), (w * y64 + 1 - y64) * s - w * y64, rtol=1e-4, atol=1e-6)


@FAST
@given(st.lists(st.integers(1, 6), min_size=2, max_size=4), st.booleans(), st.integers(0, 1000))
def test_state_dict_roundtrip(sizes, batchnorm, seed):
    def make():
        layers = []
        for a, b in zip(sizes, sizes[1:]):
            layers += [T.nn.Linear(a, b), T.nn.Tanh()]
            if batchnorm:
                layers.append(T.nn.BatchNorm1d(b))
        return T.nn.Sequential(*layers)

    T.manual_seed(seed)
    src, dst = make(), make()
    x = T.tensor(np.random.default_rng(seed).standard_normal((3, sizes[0])).astype(np.float32))
    src(x)  # moves BatchNorm's running statistics
    src.eval()
    assert repr(dst.load_state_dict(src.state_dict())) == "<All keys matched successfully>"
    dst.eval()
    assert list(src.state_dict()) == list(dst.state_dict())
    np.testing.assert_array_equal(src(x).detach().numpy(), dst(x).detach().numpy())
