"""Elementwise ops against torch, with gradcheck and gradgradcheck (cases from the table below)."""

from __future__ import annotations

from .harness import Const, OpCase, make_tests

FAMILY = "elementwise"

B = [(3, 4), (4,)]        # broadcasting pair
S = [(2, 3)]

CASES = [
    OpCase("add", lambda T, a, b: a + b, B),
    OpCase("add_scalar", lambda T, a: a + 2.5, S),
    OpCase("radd", lambda T, a: 2.5 + a, S),
    OpCase("add_alpha", lambda T, a, b: T.add(a, b, alpha=2), B),
    OpCase("sub", lambda T, a, b: a - b, B),
    OpCase("rsub", lambda T, a: 1 - a, S),
    OpCase("mul", lambda T, a, b: a * b, B),
    OpCase("div", lambda T, a, b: a / b, B, domain="nonzero"),
    OpCase("rdiv", lambda T, a: 2 / a, S, domain="nonzero"),
    OpCase("pow_scalar", lambda T, a: a ** 2, S),
    OpCase("pow_tensor", lambda T, a, b: a ** b, B, domain="positive"),
    OpCase("rpow", lambda T, a: 2 ** a, S),
    OpCase("neg", lambda T, a: -a, S),
    OpCase("exp", lambda T, a: a.exp(), S),
    OpCase("log", lambda T, a: a.log(), S, domain="positive"),
    OpCase("sqrt", lambda T, a: a.sqrt(), S, domain="positive"),
    OpCase("sigmoid", lambda T, a: a.sigmoid(), S),
    OpCase("tanh", lambda T, a: a.tanh(), S),
    OpCase("relu", lambda T, a: a.relu(), S, domain="nonzero"),
    OpCase("clamp", lambda T, a: a.clamp(-0.5, 0.5), S, domain="nonzero"),
    OpCase("maximum", lambda T, a, b: T.maximum(a, b), B),
    OpCase("where", lambda T, a, b: T.where(a > 0, a, b), B),
    OpCase("int_div", lambda T: T.tensor([1, 2, 3]) / T.tensor([2, 2, 2]), [], grad=False),
    OpCase("mm", lambda T, a, b: a @ b, [(3, 4), (4, 2)]),
    OpCase("mv", lambda T, a, b: a @ b, [(3, 4), (4,)]),
    OpCase("dot", lambda T, a, b: a @ b, [(4,), (4,)]),
    OpCase("vm", lambda T, a, b: a @ b, [(4,), (4, 2)]),
    OpCase("bmm_bcast", lambda T, a, b: a @ b, [(2, 3, 4), (4, 5)]),
    OpCase("sum_dim", lambda T, a, d: a.sum(d), [(2, 3), Const(1)]),
    OpCase("mean", lambda T, a: a.mean(), S),
]

globals().update(make_tests(FAMILY, CASES))
