"""float16 inputs against torch, to the bit: torch's CPU kernels compute float16 in float32 (its "opmath" type) and
round once, its scalar operands follow each kernel's own rule, and its reductions accumulate in float32."""

from __future__ import annotations

import numpy as np

import torchless

from .harness import Arr, OpCase, make_tests

FAMILY = "float16"

V = [(40,)]          # elementwise
R = [(4, 300)]       # reductions: long rows, where float16 accumulation drifts
L = [(1000,)]
EXACT = {"dtype": "float16", "atol": 0.0, "rtol": 0.0, "gradgrad": False}


def _case(id_, fn, inputs, domain="real", **kw) -> OpCase:
    return OpCase(id_, fn, inputs, domain=domain, **{**EXACT, **kw})


def _F(T):
    return T.nn.functional


CASES = [
    # scalars: mul/div take the number in float32, add/sub/pow/remainder in float16
    _case("mul_scalar", lambda T, a: a * 3.3, V),
    _case("div_scalar", lambda T, a: a / 3.3, V),
    _case("rdiv_scalar", lambda T, a: 3.3 / a, V, domain="nonzero"),
    _case("add_sub_scalar", lambda T, a: (a + 0.1) - 0.7, V),
    _case("rsub_scalar", lambda T, a: 1.1 - a, V),
    _case("pow_scalar", lambda T, a: a ** 1.7, V, domain="positive"),
    _case("pow_int", lambda T, a: a ** 3, V),
    _case("rpow", lambda T, a: 2.5 ** a, V),
    _case("remainder_fmod_scalar", lambda T, a: a % 0.3 + T.fmod(a, 0.3), V, grad=False),
    _case("floor_divide_scalar", lambda T, a: a // 0.3, V, grad=False),
    _case("xlogy_scalar", lambda T, a: T.xlogy(a, 2.3), V),
    _case("deg2rad_rad2deg", lambda T, a: a.deg2rad() + a.rad2deg(), V),
    _case("lerp_scalar", lambda T, a, b: T.lerp(a, b, 0.3), V * 2),
    _case("addcmul", lambda T, a, b, c: T.addcmul(a, b, c, value=0.3), V * 3),
    # derivatives op by op, in torch's order
    _case("div_grad", lambda T, a, b: a / b, V * 2, domain="nonzero"),
    _case("reciprocal", lambda T, a: a.reciprocal(), V, domain="nonzero"),
    _case("exp2_log2_log10", lambda T, a: a.exp2() + a.log2() + a.log10(), V, domain="positive"),
    _case("pow_tensor", lambda T, a, b: a ** b, V * 2, domain="positive"),
    _case("copysign", lambda T, a, b: T.copysign(a, b) + T.copysign(a, -1.0), V * 2, domain="nonzero"),
    _case("erfc_erfinv", lambda T, a: a.erfc() + a.erfinv(), V, domain="unit"),
    # compound forwards and fused backward kernels
    _case("sigmoid", lambda T, a: a.sigmoid(), V),
    _case("tanh", lambda T, a: a.tanh(), V),
    _case("logit", lambda T, a: a.logit(), V, domain="prob"),
    _case("elu_selu_softplus", lambda T, a: _F(T).elu(a) + _F(T).selu(a) + _F(T).softplus(a, beta=2.3, threshold=3.0),
          V),
    _case("hardswish_softsign_tanhshrink", lambda T, a: _F(T).hardswish(a) + _F(T).softsign(a) +
          _F(T).tanhshrink(a), V),
    _case("leaky_relu_hardsigmoid", lambda T, a: _F(T).leaky_relu(a, 0.03) + _F(T).hardsigmoid(a), V),
    # reductions accumulate in float32
    _case("cumsum_long", lambda T, a: a.cumsum(0), L),
    _case("cumsum_rows", lambda T, a: a.cumsum(-1), R),
    _case("cumprod_rows", lambda T, a: a.cumprod(-1), R, domain="positive", grad=False),
    _case("mean", lambda T, a: a.mean(), R),
    _case("mean_dim", lambda T, a: a.mean(-1), R),
    _case("var_std", lambda T, a: a.var(-1) + a.std(-1), R),
    _case("var_all", lambda T, a: a.var(), L),
    _case("std_mean", lambda T, a: T.std_mean(a), L),
    _case("norm", lambda T, a: a.norm(dim=-1), R),
    _case("norm_p3", lambda T, a: a.norm(p=3), R),
    _case("logsumexp", lambda T, a: a.logsumexp(-1) + a.logsumexp(0).sum(), R),
    _case("softmax_small", lambda T, a: a.softmax(0), [Arr([1.0, 2.0, 3.0], "float16")], grad=False),
    _case("softmax_rows", lambda T, a: a.softmax(-1), R, atol=1e-4),
    _case("softmin", lambda T, a: _F(T).softmin(a, -1), R, atol=1e-4),
]

globals().update(make_tests(FAMILY, CASES))


def test_reported_reproducers():
    """The reported differences: cumsum drifted in float16, a scalar was rounded to float16, softmax rounded
    at each step."""
    T = torchless
    x = T.full((1000,), 0.1, dtype=T.float16)
    assert x.cumsum(0)[-1].item() == 100.0 and x.sum().item() == 100.0
    y = T.tensor([1.5427, -0.2934, -2.1788], dtype=T.float16) * 3.3
    assert y.tolist() == [5.09375, -0.96826171875, -7.19140625]
    s = T.tensor([1.0, 2.0, 3.0], dtype=T.float16).softmax(0)
    np.testing.assert_array_equal(s.numpy(), np.array([0.0900, 0.2448, 0.6650], dtype=np.float16))


def test_comparisons_take_the_scalar_in_float16():
    x = torchless.tensor([0.1, 0.30004], dtype=torchless.float16)
    assert (x == 0.1).tolist() == [True, False] and (x > 0.3).tolist() == [False, False]


def test_fused_derivative_under_create_graph():
    """A fused float16 derivative records its float32 computation, so double backward works."""
    T = torchless
    x = T.tensor([0.5, -1.0, 2.0], dtype=T.float16, requires_grad=True)
    (g,) = T.autograd.grad(x.tanh().sum(), x, create_graph=True)
    assert g.dtype is T.float16 and g.requires_grad
    (gg,) = T.autograd.grad(g.sum(), x)
    expected = -2 * np.tanh(x.detach().numpy().astype(np.float64)) * (1 - np.tanh(x.detach().numpy()) ** 2)
    np.testing.assert_allclose(gg.numpy().astype(np.float64), expected, atol=5e-3)
