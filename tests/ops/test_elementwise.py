"""Elementwise ops against torch: values, dtypes, grad_fn names, gradients, errors and in-place forms.

Every case runs the same code under torchless and torch (live when installed, else the golden file
tests/golden/ops/elementwise.json). Differentiable cases also get gradcheck and gradgradcheck in float64.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from .harness import Arr, Bool, Const, Long, OpCase, make_tests

FAMILY = "elementwise"

B = [(2, 3), (3,)]        # broadcasting pair
BR = [(3,), (2, 3)]       # the other way round
S = [(2, 3)]
P = [(2, 3), (2, 3)]

INF, NAN = math.inf, math.nan
# special values: signed zeros, infinities, nan, halves (rounding), values outside common domains
SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, -7.0, 100.0, 1e-3, INF, -INF, NAN, 0.9, 2.0]
# pairs (a[k], b[k]) for binary ops: zero divisors, infinities, nan, signed zeros, ties
SA = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 3.0, -7.0, 7.0, INF, -INF, NAN, 0.0, 5.0, -5.0, 2.0, 2.0, INF, 0.0]
SB = [0.0, 0.0, 2.0, 2.0, -2.0, 0.0, 2.0, -2.0, -3.0, 2.0, -2.0, 2.0, INF, 1.0, -1.0, 0.5, 3.0, NAN, -0.0, INF, NAN]
IA = [0, 1, -1, 5, -5, 7, -7, 3, 100, -128, 2]
IB = [3, 2, 2, -3, 3, 2, -2, 5, 7, -1, -2]
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


# Helpers that turn what torch does (errors, warnings, gradients at special points) into comparable values ----


def err(f):
    """A case whose result is the exception torch raises ("Type: message"), or "no error"."""
    def fn(T, *args):
        try:
            f(T, *args)
        except Exception as e:  # noqa: BLE001 - the type is part of what is compared
            return f"{type(e).__name__}: {e}"
        return "no error"
    return fn


def warns(f):
    """A case whose result is f's result followed by the warnings it raised (without torch's C++ location)."""
    def fn(T, *args):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = f(T, *args)
        msgs = tuple(f"{w.category.__name__}: {str(w.message).split(' (Triggered internally')[0]}" for w in caught)
        return (out, *msgs)
    return fn


def grads(f):
    """A case whose result is f's value and the gradients of ``sum(f * w)`` for its float inputs (a fixed ``w``),
    for points where gradcheck does not apply (ties, kinks, infinities)."""
    def fn(T, *args):
        args = [a.detach().requires_grad_() if hasattr(a, "dtype") and a.dtype.is_floating_point else a
                for a in args]
        leaves = [a for a in args if hasattr(a, "requires_grad") and a.requires_grad]
        out = f(T, *args)
        w = T.arange(out.numel(), dtype=out.dtype).reshape(out.shape) * 0.5 + 1
        gs = T.autograd.grad((out * w).sum(), leaves, allow_unused=True)
        return (out.detach(), *[g if g is not None else "no gradient" for g in gs])
    return fn


def version(t) -> int:
    """``t._version``: an int, as in torch."""
    assert type(t._version) is int
    return t._version


def signed(out):
    """The value and its sign bits (where not nan), so -0.0 and 0.0 are told apart."""
    return out, out.signbit() & ~out.isnan()


def special(dtype="float"):
    return Arr(SPECIAL, dtype)


# Unary ops: every differentiable one on random values in its domain ------------------------------------

UNARY = [
    # name, method, domain
    ("abs", "abs", "nonzero"), ("neg", "neg", "real"), ("exp", "exp", "real"), ("exp2", "exp2", "real"),
    ("expm1", "expm1", "real"), ("log", "log", "positive"), ("log2", "log2", "positive"),
    ("log10", "log10", "positive"), ("log1p", "log1p", "positive"), ("sqrt", "sqrt", "positive"),
    ("rsqrt", "rsqrt", "positive"), ("reciprocal", "reciprocal", "nonzero"), ("sin", "sin", "real"),
    ("cos", "cos", "real"), ("tan", "tan", "unit"), ("asin", "asin", "unit"), ("acos", "acos", "unit"),
    ("atan", "atan", "real"), ("sinh", "sinh", "real"), ("cosh", "cosh", "real"), ("tanh", "tanh", "real"),
    ("asinh", "asinh", "real"), ("atanh", "atanh", "unit"), ("arcsinh", "arcsinh", "real"),
    ("sigmoid", "sigmoid", "real"), ("logit", "logit", "prob"), ("relu", "relu", "nonzero"),
    ("sign", "sign", "nonzero"), ("floor", "floor", "real"), ("ceil", "ceil", "real"),
    ("trunc", "trunc", "real"), ("fix", "fix", "real"), ("frac", "frac", "real"), ("round", "round", "real"),
    ("square", "square", "real"), ("erf", "erf", "real"), ("erfc", "erfc", "real"), ("erfinv", "erfinv", "unit"),
    ("lgamma", "lgamma", "positive"), ("digamma", "digamma", "positive"), ("sinc", "sinc", "real"),
    ("deg2rad", "deg2rad", "real"), ("rad2deg", "rad2deg", "real"), ("nan_to_num", "nan_to_num", "real"),
    ("positive", "positive", "real"), ("clone", "clone", "real"), ("negative", "negative", "real"),
    ("absolute", "absolute", "nonzero"), ("arctan", "arctan", "real"),
]

CASES = [OpCase(f"unary_{name}", (lambda m: lambda T, a: getattr(a, m)())(method), S, domain=dom)
         for name, method, dom in UNARY]
CASES += [
    OpCase("unary_acosh", lambda T, a: (a + 1).acosh(), S, domain="positive"),
    # torch's sgn gradient is a ZeroTensor, which cannot be read as an array: check the value, then the gradient
    OpCase("unary_sgn", lambda T, a: a.sgn(), S, domain="nonzero", grad=False),
    OpCase("unary_sgn_grad", lambda T, a: a.sgn() + a * 0, S, domain="nonzero"),
    OpCase("unary_logit_eps", lambda T, a: a.logit(eps=0.2), S, domain="prob"),
    OpCase("unary_round_decimals", lambda T, a: a.round(decimals=1), S),
    OpCase("unary_round_decimals_neg", lambda T, a: (a * 100).round(decimals=-1), S),
    OpCase("unary_polygamma1", lambda T, a: T.polygamma(1, a), S, domain="positive"),
    OpCase("unary_polygamma2", lambda T, a: a.polygamma(2), S, domain="positive"),
    OpCase("unary_polygamma0", lambda T, a: T.polygamma(0, a), S, domain="positive"),
    OpCase("unary_nan_to_num_args", lambda T, a: T.nan_to_num(a.log(), nan=1.5, posinf=2.0, neginf=-3.0), S),
    OpCase("unary_float_power", lambda T, a: a.float_power(2), S),
    OpCase("unary_to_double", lambda T, a: a.to(T.float64) * 1, S),
    OpCase("unary_half", grads(lambda T, a: (a.half() * 2).float()), S, atol=1e-2, rtol=1e-3, grad=False),
    OpCase("unary_functional", lambda T, a: T.tanh(T.exp(T.sin(a))), S),
    OpCase("unary_pos_operator", lambda T, a: +a, S),
    OpCase("unary_neg_operator", lambda T, a: -a, S),
    OpCase("unary_abs_operator", lambda T, a: abs(a), S, domain="nonzero"),
    OpCase("unary_0dim", lambda T, a: a.exp(), [()]),
    OpCase("unary_empty", lambda T, a: a.sqrt(), [(0, 3)], grad=False),
]

# Binary ops: tensors of the same shape, broadcast shapes, and Python numbers on either side ---------------

CASES += [
    OpCase("add", lambda T, a, b: a + b, B),
    OpCase("add_reversed_bcast", lambda T, a, b: a + b, BR),
    OpCase("add_same", lambda T, a, b: T.add(a, b), P),
    OpCase("add_scalar", lambda T, a: a + 2.5, S),
    OpCase("radd", lambda T, a: 2.5 + a, S),
    OpCase("add_alpha", lambda T, a, b: T.add(a, b, alpha=2), B),
    OpCase("add_alpha_scalar", lambda T, a: a.add(3, alpha=0.5), S),
    OpCase("add_scalar_first", lambda T, a: T.add(2, a), S),
    OpCase("sub", lambda T, a, b: a - b, B),
    OpCase("sub_alpha", lambda T, a, b: a.sub(b, alpha=1.5), B),
    OpCase("subtract", lambda T, a, b: T.subtract(a, b), P),
    OpCase("rsub", lambda T, a: 1 - a, S),
    OpCase("rsub_fn_tensor", lambda T, a, b: T.rsub(a, b), B),
    OpCase("rsub_fn_scalar_alpha", lambda T, a: T.rsub(a, 2, alpha=3), S),
    OpCase("sub_scalar_first", lambda T, a: T.sub(2, a), S),
    OpCase("mul", lambda T, a, b: a * b, B),
    OpCase("mul_scalar", lambda T, a: a * 2, S),
    OpCase("rmul", lambda T, a: 2 * a, S),
    OpCase("multiply", lambda T, a, b: T.multiply(a, b), BR),
    OpCase("mul_0dim", lambda T, a, b: a * b, [(2, 3), ()]),
    OpCase("div", lambda T, a, b: a / b, B, domain="nonzero"),
    OpCase("div_scalar", lambda T, a: a / 2, S),
    OpCase("rdiv", lambda T, a: 2 / a, S, domain="nonzero"),
    OpCase("div_fn_scalar_first", lambda T, a: T.div(2, a), S, domain="nonzero"),
    OpCase("true_divide", lambda T, a, b: T.true_divide(a, b), BR, domain="nonzero"),
    OpCase("divide_floor", lambda T, a, b: T.divide(a, b, rounding_mode="floor"), B, domain="nonzero"),
    OpCase("divide_trunc", lambda T, a, b: a.div(b, rounding_mode="trunc"), B, domain="nonzero"),
    OpCase("divide_floor_scalar", lambda T, a: a.div(0.3, rounding_mode="floor"), S),
    OpCase("floor_divide", lambda T, a, b: a // b, B, domain="nonzero", grad=False),
    OpCase("floor_divide_scalar", lambda T, a: a // 0.3, S, grad=False),
    OpCase("rfloordiv", lambda T, a: 2 // a, S, domain="nonzero", grad=False),
    OpCase("remainder", lambda T, a, b: a % b, B, domain="nonzero"),
    OpCase("remainder_scalar", lambda T, a: a % 0.7, S),
    OpCase("rmod", lambda T, a: 2 % a, S, domain="nonzero", grad=False),
    OpCase("remainder_fn_scalar_first", lambda T, a: T.remainder(2.5, a), S, domain="nonzero", grad=False),
    OpCase("fmod", lambda T, a, b: T.fmod(a, b), B, domain="nonzero"),
    OpCase("fmod_scalar", lambda T, a: a.fmod(0.7), S),
    OpCase("pow_scalar", lambda T, a: a ** 2, S),
    OpCase("pow_scalar_3", lambda T, a: a ** 3, S),
    OpCase("pow_scalar_half", lambda T, a: a ** 0.5, S, domain="positive"),
    OpCase("pow_scalar_neg_half", lambda T, a: a ** -0.5, S, domain="positive"),
    OpCase("pow_scalar_neg", lambda T, a: a.pow(-1), S, domain="nonzero"),
    OpCase("pow_scalar_frac", lambda T, a: T.pow(a, 1.7), S, domain="positive"),
    OpCase("pow_tensor", lambda T, a, b: a ** b, B, domain="positive"),
    OpCase("pow_tensor_bcast_exp", lambda T, a, b: a ** b, BR, domain="positive"),
    OpCase("rpow", lambda T, a: 2 ** a, S),
    OpCase("pow_fn_scalar_base", lambda T, a: T.pow(1.5, a), S),
    OpCase("float_power_tensor", lambda T, a, b: T.float_power(a, b), B, domain="positive"),
    OpCase("float_power_scalar_base", lambda T, a: T.float_power(2, a), S),
    OpCase("atan2", lambda T, a, b: T.atan2(a, b), B),
    OpCase("arctan2", lambda T, a, b: a.arctan2(b), P),
    OpCase("hypot", lambda T, a, b: T.hypot(a, b), B),
    OpCase("xlogy", lambda T, a, b: T.xlogy(a, b), B, domain="positive"),
    OpCase("xlogy_scalar_self", lambda T, a: T.xlogy(2, a), S, domain="positive"),
    OpCase("xlogy_scalar_other", lambda T, a: a.xlogy(3), S),
    OpCase("logaddexp", lambda T, a, b: T.logaddexp(a, b), B),
    OpCase("logaddexp2", lambda T, a, b: a.logaddexp2(b), B),
    OpCase("copysign", lambda T, a, b: T.copysign(a, b), B, domain="nonzero"),
    OpCase("copysign_scalar", lambda T, a: a.copysign(-1.0), S, domain="nonzero"),
    OpCase("maximum", lambda T, a, b: T.maximum(a, b), B, domain="distinct"),
    OpCase("minimum", lambda T, a, b: a.minimum(b), B, domain="distinct"),
    OpCase("fmax", lambda T, a, b: T.fmax(a, b), B, domain="distinct"),
    OpCase("fmin", lambda T, a, b: T.fmin(a, b), B, domain="distinct"),
    OpCase("where", lambda T, a, b: T.where(a > 0, a, b), B),
    OpCase("where_method", lambda T, a, b: a.where(b > 0, b), BR),
    OpCase("where_scalar_other", lambda T, a: T.where(a > 0, a, 0.0), S),
    OpCase("where_scalar_input", lambda T, a: T.where(a > 0, 1.5, a), S),
    OpCase("where_0dim", lambda T, a, b: T.where(a > 0, a, b), [(2, 3), ()]),
    OpCase("where_one_arg", lambda T, a: T.where(a > 0), S, grad=False),
    OpCase("lerp_scalar", lambda T, a, b: T.lerp(a, b, 0.3), B),
    OpCase("lerp_scalar_big_weight", lambda T, a, b: a.lerp(b, 0.8), B),
    OpCase("lerp_tensor", lambda T, a, b, w: T.lerp(a, b, w), [(2, 3), (3,), (2, 1)]),
    OpCase("addcmul", lambda T, a, b, c: T.addcmul(a, b, c, value=0.5), [(2, 3), (3,), (2, 1)]),
    OpCase("addcdiv", lambda T, a, b, c: T.addcdiv(a, b, c, value=2), [(2, 3), (3,), (2, 1)], domain="nonzero"),
    OpCase("clamp_scalars", lambda T, a: a.clamp(-0.5, 0.5), S, domain="nonzero"),
    OpCase("clamp_min_only", lambda T, a: T.clamp(a, min=0.1), S, domain="nonzero"),
    OpCase("clamp_max_only", lambda T, a: a.clamp(max=0.1), S, domain="nonzero"),
    OpCase("clip", lambda T, a: T.clip(a, -0.5, 0.5), S, domain="nonzero"),
    OpCase("clamp_min_fn", lambda T, a: a.clamp_min(0.1), S, domain="nonzero"),
    OpCase("clamp_max_fn", lambda T, a: T.clamp_max(a, 0.1), S, domain="nonzero"),
    OpCase("clamp_tensors", lambda T, a, lo, hi: a.clamp(lo, hi), [(2, 3), (3,), (2, 1)], domain="distinct"),
    OpCase("clamp_tensor_min", lambda T, a, lo: T.clamp(a, min=lo), B, domain="distinct"),
    OpCase("clamp_tensor_max", lambda T, a, hi: T.clamp(a, max=hi), B, domain="distinct"),
    OpCase("clamp_number_0d_tensor", lambda T, a: a.clamp(-0.5, T.tensor(0.5)), S, domain="nonzero"),
    OpCase("clamp_0d_tensor_number", lambda T, a: T.clamp(a, T.tensor(-1), 0.5), S, domain="nonzero"),
    OpCase("clamp_min_tensor", lambda T, a, lo: a.clamp_min(lo), B, domain="distinct"),
    OpCase("clamp_max_tensor", lambda T, a, hi: T.clamp_max(a, hi), B, domain="distinct"),
    OpCase("chain", lambda T, a, b: ((a * b).exp() + a / (b * b + 1)).tanh() * 3 - b, B),
    OpCase("mixed_float64", lambda T, a, b: a + b.double(), B),
    OpCase("mixed_int", lambda T, a, i: a * i, [(2, 3), Long((3,), 5)]),
    OpCase("mixed_bool", lambda T, a, m: a * m, [(2, 3), Bool((3,))]),
    OpCase("mixed_0dim_float64", lambda T, a: a * T.tensor(2.5, dtype=T.float64), S),
]

# Integer, bool and float16 values (no gradients) -------------------------------------------------------

I2 = [Arr(IA, "int64"), Arr(IB, "int64")]
CASES += [OpCase(f"int_{name}", fn, I2, grad=False) for name, fn in [
    ("add", lambda T, a, b: a + b), ("sub", lambda T, a, b: a - b), ("mul", lambda T, a, b: a * b),
    ("truediv", lambda T, a, b: a / b), ("floordiv", lambda T, a, b: a // b), ("mod", lambda T, a, b: a % b),
    ("fmod", lambda T, a, b: a.fmod(b)), ("div_trunc", lambda T, a, b: a.div(b, rounding_mode="trunc")),
    ("div_floor", lambda T, a, b: a.div(b, rounding_mode="floor")), ("pow", lambda T, a, b: a ** b),
    ("pow_scalar", lambda T, a, b: a ** 3), ("rpow", lambda T, a, b: 2 ** b), ("pow_float", lambda T, a, b: a ** 0.5),
    ("and", lambda T, a, b: a & b), ("or", lambda T, a, b: a | b), ("xor", lambda T, a, b: a ^ b),
    ("invert", lambda T, a, b: ~a), ("lshift", lambda T, a, b: a << b.abs()), ("rshift", lambda T, a, b: a >> b.abs()),
    ("shift_big", lambda T, a, b: (a << 70, a >> 64, a << T.tensor(-1))),
    ("gcd", lambda T, a, b: T.gcd(a, b)), ("lcm", lambda T, a, b: T.lcm(a, b)),
    ("eq", lambda T, a, b: a == b), ("lt", lambda T, a, b: a < b), ("ge", lambda T, a, b: a >= b),
    ("ne_scalar", lambda T, a, b: a != 2), ("lt_float", lambda T, a, b: a < 2.5),
    ("maximum", lambda T, a, b: T.maximum(a, b)), ("minimum", lambda T, a, b: T.minimum(a, b)),
    ("clamp", lambda T, a, b: a.clamp(-3, 4)), ("clamp_float", lambda T, a, b: a.clamp(-2.5, 4)),
    ("clamp_tensors", lambda T, a, b: a.clamp(b, b + 2)),
    ("abs", lambda T, a, b: a.abs()), ("neg", lambda T, a, b: -a), ("sign", lambda T, a, b: a.sign()),
    ("square", lambda T, a, b: a.square()), ("floor", lambda T, a, b: a.floor()), ("round", lambda T, a, b: a.round()),
    ("exp", lambda T, a, b: (a % 5).exp()), ("sqrt", lambda T, a, b: a.sqrt()),
    ("sigmoid", lambda T, a, b: a.sigmoid()),
    ("relu", lambda T, a, b: a.relu()), ("where", lambda T, a, b: T.where(a > b, a, 2)),
    ("where_float", lambda T, a, b: T.where(a > b, a, 0.5)), ("atan2", lambda T, a, b: T.atan2(a, b)),
    ("xlogy", lambda T, a, b: T.xlogy(a, b.abs())), ("copysign", lambda T, a, b: T.copysign(a, b)),
    ("heaviside", lambda T, a, b: T.heaviside(a, b)), ("float_power", lambda T, a, b: T.float_power(a, b)),
    ("isnan", lambda T, a, b: (a.isnan(), a.isinf(), a.isfinite(), a.signbit())),
    ("logical", lambda T, a, b: (T.logical_and(a, b), T.logical_or(a, b), T.logical_xor(a, b), a.logical_not())),
    ("addcmul", lambda T, a, b: T.addcmul(a, a, b, value=2)), ("lerp_to_float", lambda T, a, b: a.float().lerp(
        b.float(), 0.25)),
    ("nan_to_num", lambda T, a, b: a.nan_to_num()), ("isclose", lambda T, a, b: T.isclose(a, b)),
    ("equal", lambda T, a, b: (T.equal(a, b), T.equal(a, a))),
]]
CASES += [
    OpCase("int8_overflow_wraps", lambda T, a: (a * 100, a + 300, a - 1000, a * a), [Arr([1, 100, -128, 3], "int8")],
           grad=False),
    OpCase("uint8_wraps", lambda T, a: (a - 2, a + 300, a * 255, -1 + a), [Arr([1, 200, 0, 255], "uint8")],
           grad=False),
    OpCase("int8_div_edge", lambda T, a: (a // -1, a % -1, a.div(-1, rounding_mode="trunc")),
           [Arr([-128, 5, -5], "int8")], grad=False),
    OpCase("int32_pow_negative_tensor", lambda T, a, b: a ** b, [Arr([0, 1, -1, 2, -2, 3, 0, 5], "int32"),
                                                                  Arr([-1, -1, -1, -1, -1, -2, 0, -3], "int32")],
           grad=False),
    OpCase("uint8_pow_int", lambda T, a: (a ** 2, a ** 9, 2 ** a), [Arr([1, 2, 3, 0], "uint8")], grad=False),
    OpCase("bool_ops", lambda T, a, b: (a + b, a * b, a & b, a | b, a ^ b, ~a, a == b, a < b, T.maximum(a, b),
                                        a.sign(), a.square(), a ** 2, a ** True, a ** False, a + 1, a * 2.5, a / b),
           [Arr([True, False, True, False], "bool"), Arr([True, True, False, False], "bool")], grad=False),
    OpCase("bool_add_alpha", lambda T, a, b: (T.add(a, b, alpha=2), T.add(a, b, alpha=True)),
           [Arr([True, False], "bool"), Arr([False, False], "bool")], grad=False),
    OpCase("float16_ops", lambda T, a, b: (a + b, a * 2.5, a / b, a.exp(), a.sqrt(), a ** 2, a.sigmoid(), a.erf(),
                                           a + 1e6, a * 1e-10, a.sin(), a.lgamma(), T.nan_to_num(a / 0)),
           [Arr([0.5, 1.5, 2.0, 3.25], "float16"), Arr([2.0, -0.5, 1.0, 4.0], "float16")], grad=False, atol=2e-3,
           rtol=2e-3),
    # torch's CPU sigmoid is 1 / (1 + exp(-x)): a float32 logit below about -88.7 gives exactly 0 (exp overflows)
    OpCase("sigmoid_saturates", lambda T, a: (a.sigmoid(), a.double().sigmoid()),
           [Arr([-1000.0, -104.0, -100.0, -90.0, 0.0, 20.0, 100.0, 1000.0], "float32")], grad=False, atol=0, rtol=0),
    # the engine undoes broadcasting with torch's sum order: a bias-like gradient summed over 200 rows, bit for bit
    OpCase("broadcast_grad_sum_order", lambda T, a, b: T.autograd.grad((a * b.requires_grad_() + b).sum(), b)[0],
           [(200, 8), (8,)], atol=0, rtol=0, grad=False),
    # a loss's scalar gradient through x ** 2: (2 * x) * g, so 2 * x overflowing gives inf as in torch
    OpCase("pow2_grad_overflow", lambda T, a: T.autograd.grad((a.requires_grad_() ** 2).mean(), a)[0],
           [Arr([1.5, -2.0, 3e38, 0.0], "float32")], grad=False, atol=0, rtol=0),
    OpCase("float16_scalar_keeps_dtype", lambda T, a: (a * 2.5, a + 2, a * T.tensor(2.5, dtype=T.float64),
                                                       a * T.ones(2, dtype=T.float64)),
           [Arr([0.5, 1.5], "float16")], grad=False),
    OpCase("int_scalar_ops", lambda T, a: (a + 1, a * 2.5, a / 2, a // 2, a % 3, a ** 2, 2 - a, 7 // a, 7 % a,
                                           a > 2, 2.5 < a, a == 3.0), [Arr([1, 2, 3, 4], "int32")], grad=False),
    OpCase("bitwise_scalar", lambda T, a: (a & 6, 6 & a, a | True, a ^ 1, 1 << a, a >> 1),
           [Arr([1, 2, 3, 4], "int16")], grad=False),
]

# Special values: signed zeros, infinities and nan in every op -----------------------------------------------

UNARY_SPECIAL = ["abs", "neg", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "reciprocal",
                 "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
                 "sigmoid", "logit", "relu", "sign", "sgn", "floor", "ceil", "trunc", "frac", "round", "square",
                 "erf", "erfc", "erfinv", "lgamma", "digamma", "sinc", "deg2rad", "nan_to_num", "isnan", "isinf",
                 "isfinite", "isposinf", "isneginf", "signbit"]
CASES += [OpCase(f"special_{name}", (lambda m: lambda T, a: signed(getattr(a, m)()) if m not in (
    "isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit") else getattr(a, m)())(name), [special()],
    grad=False, atol=1e-4, rtol=1e-5) for name in UNARY_SPECIAL]
CASES += [
    OpCase("special_round_decimals", lambda T, a: signed(a.round(decimals=1)), [Arr([0.25, 0.35, 1.25, 2.35, -0.05,
                                                                                    125.0, 135.0], "float")],
           grad=False),
    OpCase("special_round_neg_decimals", lambda T, a: signed(a.round(decimals=-1)), [Arr([125.0, 135.0, 145.0, -15.0,
                                                                                         4.0], "float")],
           grad=False),
    OpCase("special_round_half_even", lambda T, a: signed(a.round()), [Arr([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5],
                                                                          "float")], grad=False),
    OpCase("special_polygamma", lambda T, a: (T.polygamma(1, a), T.polygamma(2, a)),
           [Arr([0.0, 0.25, 1.0, 2.5, 10.0, INF, NAN], "float")], grad=False, rtol=1e-5),
    OpCase("special_lgamma_poles", lambda T, a: (a.lgamma(), a.digamma()), [Arr([0.0, -0.0, -1.0, -2.5, 1e-8, 1.0,
                                                                                2.0, 171.5], "float64")],
           grad=False, rtol=1e-10),
    OpCase("special_nan_to_num_args", lambda T, a: T.nan_to_num(a, nan=1.0, posinf=2.0, neginf=-3.0), [special()],
           grad=False),
    OpCase("special_nan_to_num_float16", lambda T, a: a.nan_to_num(), [special("float16")], grad=False),
    OpCase("special_logit_eps", lambda T, a: a.logit(eps=0.25), [special()], grad=False),
    OpCase("special_erf_tails", lambda T, a: (a.erf(), a.erfc()), [Arr([-30.0, -6.0, -4.5, -0.47, 0.46, 3.9, 5.9,
                                                                        26.0, 27.5], "float64")], grad=False,
           rtol=1e-12, atol=0),
    OpCase("special_erfinv_tails", lambda T, a: a.erfinv(), [Arr([-1.0, 1.0, 1 - 1e-12, -0.999999, 1.5, 0.5,
                                                                   -0.25], "float64")], grad=False, rtol=1e-12),
]
BINARY_SPECIAL = [
    ("div", lambda T, a, b: signed(a / b)), ("floordiv", lambda T, a, b: signed(a // b)),
    ("div_trunc", lambda T, a, b: signed(a.div(b, rounding_mode="trunc"))),
    ("div_floor", lambda T, a, b: signed(a.div(b, rounding_mode="floor"))),
    ("remainder", lambda T, a, b: signed(a % b)), ("fmod", lambda T, a, b: signed(T.fmod(a, b))),
    ("pow", lambda T, a, b: signed(a ** b)), ("atan2", lambda T, a, b: signed(T.atan2(a, b))),
    ("hypot", lambda T, a, b: T.hypot(a, b)), ("xlogy", lambda T, a, b: signed(T.xlogy(a, b))),
    ("logaddexp", lambda T, a, b: T.logaddexp(a, b)), ("logaddexp2", lambda T, a, b: T.logaddexp2(a, b)),
    ("copysign", lambda T, a, b: signed(T.copysign(a, b))), ("maximum", lambda T, a, b: signed(T.maximum(a, b))),
    ("minimum", lambda T, a, b: T.minimum(a, b)), ("fmax", lambda T, a, b: T.fmax(a, b)),
    ("fmin", lambda T, a, b: T.fmin(a, b)), ("heaviside", lambda T, a, b: T.heaviside(a, b)),
    ("clamp_tensors", lambda T, a, b: T.clamp(a, b, b + 1)), ("clamp_min_nan", lambda T, a, b: a.clamp(min=b)),
    ("compare", lambda T, a, b: (a == b, a != b, a < b, a <= b, a > b, a >= b)),
    ("isclose", lambda T, a, b: (T.isclose(a, b), T.isclose(a, b, equal_nan=True))),
    ("where", lambda T, a, b: T.where(a > b, a, b)), ("lerp", lambda T, a, b: T.lerp(a, b, 0.3)),
    ("mul_add", lambda T, a, b: (a * b, a + b, a - b)),
]
CASES += [OpCase(f"special_{name}", fn, [Arr(SA, "float"), Arr(SB, "float")], grad=False, atol=1e-5)
          for name, fn in BINARY_SPECIAL]
CASES += [
    OpCase("special_scalar_ops", lambda T, a: (signed(a % 2.0), signed(2.0 % a), signed(a ** 0), signed(0 ** a),
                                               signed(a ** -1), signed(a ** 0.5), signed(a ** -0.5), signed(a // 0.0),
                                               signed(a.clamp(-1, 1)), signed(a.clamp(2, 1)), signed(a.fmod(-3)),
                                               a.clamp(min=NAN), signed((-2.0) ** a), signed(a ** 2)),
           [special()], grad=False),
    OpCase("special_float16_pow", lambda T, a: (a ** 2, a ** 0.5, a ** -1), [special("float16")], grad=False),
]

# Gradients at ties, kinks, zeros and infinities (torch's conventions) --------------------------------------

TIE_X = Arr([1.0, 3.0, 2.0, 0.0, -1.0, NAN], "float")
TIE_Y = Arr([1.0, 2.0, 3.0, 0.0, -1.0, 2.0], "float")
TIE_Z = Arr([1.0, 2.0, NAN, 0.0, NAN, -1.0], "float")
AT0 = Arr([1.0, 0.0, 2.0, -0.0, -1.0, 0.5], "float")
EXP = Arr([0.0, 0.0, -1.0, 2.0, 0.5, -0.5], "float")
CASES += [OpCase(f"grad_at_{name}", grads(fn), inputs, grad=False) for name, fn, inputs in [
    ("ties_maximum", lambda T, a, b: T.maximum(a, b), [TIE_X, TIE_Y]),
    ("ties_minimum", lambda T, a, b: T.minimum(a, b), [TIE_X, TIE_Y]),
    ("nan_maximum", lambda T, a, b: T.maximum(a, b), [TIE_X, TIE_Z]),
    ("nan_fmax", lambda T, a, b: T.fmax(a, b), [TIE_X, TIE_Z]),
    ("nan_fmin", lambda T, a, b: T.fmin(a, b), [TIE_X, TIE_Z]),
    ("ties_fmax", lambda T, a, b: T.fmax(a, b), [TIE_X, TIE_Y]),
    ("zero_relu", lambda T, a: a.relu(), [Arr([1.0, 0.0, -2.0, -0.0, NAN, INF], "float")]),
    ("zero_abs", lambda T, a: a.abs(), [AT0]),
    ("zero_sqrt", lambda T, a: a.sqrt(), [AT0]),
    ("zero_sign", lambda T, a: a.sign(), [AT0]),
    ("zero_pow0", lambda T, a: a ** 0, [AT0]),
    ("zero_pow_half", lambda T, a: a ** 0.5, [AT0]),
    ("zero_pow_neg_half", lambda T, a: a ** -0.5, [AT0]),
    ("zero_pow_1_5", lambda T, a: a ** 1.5, [AT0]),
    ("zero_pow_tensor", lambda T, a, b: a ** b, [AT0, EXP]),
    ("zero_rpow", lambda T, a: 0.0 ** a, [EXP]),
    ("zero_rpow_negative_base", lambda T, a: (-2.0) ** a, [EXP]),
    ("zero_atan2", lambda T, a, b: T.atan2(a, b), [AT0, EXP]),
    ("zero_xlogy", lambda T, a, b: T.xlogy(a, b), [AT0, EXP]),
    ("zero_xlogy_scalar", lambda T, a: T.xlogy(a, 0.0), [AT0]),
    ("zero_hypot", lambda T, a, b: T.hypot(a, b), [AT0, EXP]),
    ("zero_copysign", lambda T, a, b: T.copysign(a, b), [AT0, EXP]),
    ("zero_div", lambda T, a, b: a / b, [AT0, EXP]),
    ("zero_remainder", lambda T, a, b: a % b, [AT0, EXP]),
    ("zero_fmod", lambda T, a, b: T.fmod(a, b), [AT0, EXP]),
    ("inf_logaddexp", lambda T, a, b: T.logaddexp(a, b), [Arr([INF, -INF, 1.0, 0.0], "float"),
                                                          Arr([INF, -INF, 1000.0, -0.0], "float")]),
    ("inf_where", lambda T, a, b: T.where(a > 0, a, a / b), [AT0, EXP]),
    ("inf_nan_to_num", lambda T, a: T.nan_to_num(a), [Arr([1.0, NAN, INF, -INF, 0.0], "float")]),
    ("bounds_clamp", lambda T, a: a.clamp(0.5, 2), [Arr([0.5, 3.0, 2.0, 0.0, -1.0, 1.0], "float")]),
    ("bounds_clamp_inverted", lambda T, a: a.clamp(2, 0.5), [Arr([0.5, 3.0, 2.0, 0.0, -1.0, 1.0], "float")]),
    ("bounds_clamp_min", lambda T, a: a.clamp_min(0.5), [Arr([0.5, 3.0, 0.0], "float")]),
    ("bounds_clamp_max", lambda T, a: a.clamp(max=0.5), [Arr([0.5, 3.0, 0.0], "float")]),
    ("bounds_clamp_tensors", lambda T, a, lo, hi: T.clamp(a, lo, hi),
     [Arr([0.5, 3.0, 2.0, 0.0, 0.0], "float"), Arr([0.5, 1.0, 5.0, 0.0, 1.0], "float"),
      Arr([0.5, -2.0, 1.0, 0.0, 1.0], "float")]),
    ("bounds_clamp_tensor_min", lambda T, a, lo: T.clamp(a, lo), [Arr([0.5, 3.0, 2.0], "float"),
                                                                  Arr([0.5, 1.0, 5.0], "float")]),
    ("bounds_clamp_min_tensor", lambda T, a, lo: a.clamp_min(lo), [Arr([0.5, 3.0, 2.0], "float"),
                                                                   Arr([0.5, 1.0, 5.0], "float")]),
    ("bounds_clamp_max_tensor", lambda T, a, hi: a.clamp_max(hi), [Arr([0.5, 3.0, 2.0], "float"),
                                                                   Arr([0.5, 1.0, 5.0], "float")]),
    ("outside_logit", lambda T, a: a.logit(), [Arr([0.25, 0.5, 2.5, -0.5], "float")]),
    ("outside_logit_eps", lambda T, a: a.logit(0.1), [Arr([1.0, 0.5, 0.01, 0.95, 0.0, 0.1], "float")]),
    ("kink_round", lambda T, a: a.round(), [Arr([0.5, 1.5, -2.5], "float")]),
    ("kink_floor_divide_mode", lambda T, a: a.div(2, rounding_mode="floor"), [Arr([0.5, 1.5, -2.5], "float")]),
    ("kink_frac", lambda T, a: a.frac(), [Arr([0.5, 1.0, -2.5], "float")]),
    ("lerp_tensor_weight", lambda T, a, b, w: T.lerp(a, b, w), [Arr([1.0, 2.0], "float"), Arr([3.0, -1.0], "float"),
                                                                Arr([0.25, 0.75], "float")]),
    ("fill_tensor_value", lambda T, a, v: T.fill(a, v), [Arr([1.0, 2.0], "float"), Arr(3.0, "float")]),
]]

# Dtype promotion: every dtype pair, as tensors, 0-dim tensors and Python numbers ------------------------------

SCALARS = {"bool": True, "int": 3, "float": 2.5}
KINDS = [("tensor", "tensor"), ("tensor", "0dim"), ("0dim", "tensor"), ("0dim", "0dim"), ("tensor", "scalar"),
         ("scalar", "tensor"), ("0dim", "scalar"), ("scalar", "0dim")]


def _operand(T, kind: str, name: str, values: list):
    if kind == "scalar":
        return SCALARS[name]
    t = T.tensor(values if kind == "tensor" else values[0]).to(getattr(T, name))
    return t


def _promotion(op):
    def fn(T, ka, kb):
        out = []
        for na in (SCALARS if ka == "scalar" else DTYPES):
            for nb in (SCALARS if kb == "scalar" else DTYPES):
                a, b = _operand(T, ka, na, [1.0, 0.0, 5.0]), _operand(T, kb, nb, [2.0, 1.0, 3.0])
                out.append(op(T, a, b))
        return tuple(out)
    return fn


PROMOTION_OPS = {"add": lambda T, a, b: a + b, "mul": lambda T, a, b: a * b, "div": lambda T, a, b: a / b,
                 "lt": lambda T, a, b: a < b, "eq": lambda T, a, b: a == b,
                 "result_type": lambda T, a, b: str(T.result_type(a, b)),
                 "where": lambda T, a, b: T.where(T.tensor([True, False, True]), a, b)}
CASES += [OpCase(f"promote_{op}_{ka}_{kb}", _promotion(f), [Const(ka), Const(kb)], grad=False)
          for op, f in PROMOTION_OPS.items() for ka, kb in KINDS]

# Errors: torch's exception type and exact message -------------------------------------------------------------

_f = lambda T: T.ones(2, 3)  # noqa: E731
_l = lambda T: T.ones(2, 3, dtype=T.long)  # noqa: E731
_b = lambda T: T.ones(2, 3, dtype=T.bool)  # noqa: E731
CASES += [OpCase(f"error_{name}", err(fn), [], grad=False) for name, fn in [
    ("sub_two_bools", lambda T: _b(T) - _b(T)), ("sub_bool_int", lambda T: _b(T) - 1),
    ("sub_int_bool", lambda T: _l(T) - _b(T)), ("rsub_bool", lambda T: 1 - _b(T)),
    ("sub_bool_scalar_bool", lambda T: True - _b(T)), ("neg_bool", lambda T: -_b(T)),
    ("pos_bool", lambda T: +_b(T)), ("abs_bool", lambda T: _b(T).abs()), ("relu_bool", lambda T: _b(T).relu()),
    ("floor_bool", lambda T: _b(T).floor()), ("round_bool", lambda T: _b(T).round()),
    ("round_decimals_int", lambda T: _l(T).round(decimals=1)), ("frac_int", lambda T: _l(T).frac()),
    ("bitwise_float", lambda T: _f(T) & 1), ("bitwise_not_float", lambda T: T.bitwise_not(_f(T))),
    ("invert_float", lambda T: ~_f(T)), ("shift_float", lambda T: _f(T) << 1),
    ("gcd_float", lambda T: T.gcd(_f(T), _f(T))),
    ("gcd_scalar", lambda T: T.gcd(_l(T), 2)),
    ("floordiv_int_zero", lambda T: _l(T) // 0), ("mod_int_zero", lambda T: _l(T) % T.zeros(3, dtype=T.long)),
    ("fmod_int_zero", lambda T: _l(T).fmod(0)), ("div_trunc_int_zero", lambda T: _l(T).div(0, rounding_mode="trunc")),
    ("floordiv_bools", lambda T: _b(T) // _b(T)), ("remainder_bools", lambda T: _b(T) % True),
    ("pow_int_negative_scalar", lambda T: _l(T) ** -2), ("pow_bools", lambda T: _b(T) ** _b(T)),
    ("alpha_float_int", lambda T: T.add(_l(T), _l(T), alpha=0.5)), ("alpha_bool_float", lambda T: _f(T).add(1,
                                                                                                          alpha=True)),
    ("sub_alpha_float_int", lambda T: _l(T).sub(1, alpha=1.5)),
    ("maximum_scalar", lambda T: T.maximum(_f(T), 1)), ("minimum_scalar", lambda T: _f(T).minimum(0.5)),
    ("fmax_scalar", lambda T: T.fmax(_f(T), 1.0)), ("atan2_scalar", lambda T: T.atan2(_f(T), 2)),
    ("hypot_int", lambda T: T.hypot(_l(T), _l(T))), ("hypot_scalar", lambda T: T.hypot(_f(T), 2.0)),
    ("logaddexp_int", lambda T: T.logaddexp(_l(T), _l(T))), ("logaddexp2_int", lambda T: T.logaddexp2(_l(T), _l(T))),
    ("heaviside_dtypes", lambda T: T.heaviside(_f(T), _l(T))), ("heaviside_scalar", lambda T: T.heaviside(_f(T), 0.5)),
    ("isclose_dtypes", lambda T: T.isclose(_l(T), _f(T))), ("isclose_scalar", lambda T: T.isclose(_f(T), 2.0)),
    ("allclose_dtypes", lambda T: T.allclose(_f(T), _f(T).double())),
    ("lerp_int", lambda T: T.lerp(_l(T), _l(T), 0.5)), ("lerp_end_dtype", lambda T: T.lerp(_f(T), _l(T), 0.5)),
    ("lerp_end_double", lambda T: _f(T).lerp(_f(T).double(), 0.5)), ("lerp_scalar_end", lambda T: T.lerp(_f(T), 3.0,
                                                                                                          0.5)),
    ("addcdiv_int", lambda T: T.addcdiv(_f(T), _l(T), _l(T))),
    ("clamp_none", lambda T: T.clamp(_f(T))), ("clamp_method_none", lambda T: _f(T).clamp()),
    ("clamp_tensor_number", lambda T: T.clamp(_f(T), _f(T), 1)), ("clamp_number_tensor", lambda T: T.clamp(_f(T), 0,
                                                                                                           _f(T))),
    ("clamp_method_tensor_number", lambda T: _f(T).clamp(_f(T), 1)),
    ("clamp_overflow", lambda T: T.ones(2, dtype=T.int16).clamp(-100000, 10)),
    ("clamp_max_overflow", lambda T: T.ones(2, dtype=T.uint8).clamp_max(300)),
    ("method_maximum_scalar", lambda T: _f(T).maximum(2)), ("method_atan2_scalar", lambda T: _f(T).atan2(2)),
    ("method_heaviside_scalar", lambda T: _f(T).heaviside(2)), ("method_isclose_scalar", lambda T: _f(T).isclose(2)),
    ("where_int_condition", lambda T: T.where(_l(T), _f(T), _f(T))),
    ("where_bool_condition", lambda T: T.where(True, _f(T), _f(T))),
    ("where_number_condition", lambda T: T.where(1, _f(T), 2.0)), ("where_two_args", lambda T: T.where(_b(T), _f(T))),
    ("where_none", lambda T: T.where(_b(T), _f(T), None)), ("where_string", lambda T: T.where(_b(T), "a", _f(T))),
    ("where_overflow", lambda T: T.where(T.tensor([True]), T.tensor([1], dtype=T.uint8), 300)),
    ("rounding_mode", lambda T: _f(T).div(2, rounding_mode="round")),
    ("fmod_scalar_first", lambda T: T.fmod(2, _f(T))),
    ("float_power_inplace", lambda T: _f(T).float_power_(2)),
    ("polygamma_negative_n", lambda T: T.polygamma(-1, _f(T))),
    ("matmul_operator_scalar", lambda T: _f(T) @ 2), ("rmatmul_operator_scalar", lambda T: 2 @ _f(T)),
    ("fill_overflow", lambda T: T.ones(2, dtype=T.int16).fill_(100000)),
    ("fill_vector", lambda T: _f(T).fill_(T.ones(2))),
    ("copy_shape", lambda T: T.ones(3).copy_(T.ones(2, 3))), ("copy_mismatch", lambda T: T.ones(3).copy_(T.ones(4))),
    ("copy_not_tensor", lambda T: T.ones(2).copy_([1, 2])),
    ("floor_divide_backward", lambda T: (T.ones(2, requires_grad=True) // 2).sum().backward()),
    ("remainder_scalar_backward", lambda T: (2 % T.ones(2, requires_grad=True)).sum().backward()),
    ("heaviside_backward", lambda T: T.heaviside(T.ones(2, requires_grad=True), T.ones(2)).sum().backward()),
]]

# torch's broadcasting error, for every kind of op (the clash nearest the last dim is reported)
MISMATCH = [("add", lambda T, a, b: a + b), ("mul", lambda T, a, b: T.mul(a, b)), ("div", lambda T, a, b: a / b),
            ("pow", lambda T, a, b: a ** b), ("maximum", lambda T, a, b: T.maximum(a, b)),
            ("atan2", lambda T, a, b: T.atan2(a, b)), ("eq", lambda T, a, b: a == b), ("lt", lambda T, a, b: a < b),
            ("logical_and", lambda T, a, b: T.logical_and(a, b)), ("where", lambda T, a, b: T.where(a > 0, a, b)),
            ("where_condition", lambda T, a, b: T.where(b > 0, a, a)), ("clamp", lambda T, a, b: T.clamp(a, b)),
            ("lerp", lambda T, a, b: T.lerp(a, b, 0.5)), ("addcmul", lambda T, a, b: T.addcmul(a, b, a)),
            ("addcdiv", lambda T, a, b: T.addcdiv(a, a, b)), ("add_", lambda T, a, b: a.add_(b)),
            ("iadd", lambda T, a, b: a.__iadd__(b)), ("isclose", lambda T, a, b: T.isclose(a, b)),
            ("remainder", lambda T, a, b: a % b), ("hypot", lambda T, a, b: T.hypot(a, b))]
SHAPES = [((2, 3), (4, 3)), ((1, 3), (1, 4)), ((2, 3, 5), (4, 3, 6)), ((5,), (2, 3))]
CASES += [OpCase(f"error_broadcast_{name}_{k}", err(fn), [Arr(np.full(sa, 0.5), "float"),
                                                          Arr(np.full(sb, 0.5), "float")], grad=False)
          for name, fn in MISMATCH for k, (sa, sb) in enumerate(SHAPES) if k == 0 or name == "add"]

# In-place forms ---------------------------------------------------------------------------------------------


def _after(f):
    """Run an in-place op; return the tensor, whether the op returned it, and its version."""
    def fn(T, a, *args):
        a = a.clone()
        v0 = version(a)
        out = f(T, a, *args)
        return (a, T.tensor(out is a), T.tensor(version(a) - v0))
    return fn


def _no_grad_add(T, leaf):
    with T.no_grad():
        leaf.add_(1)
    return leaf, T.tensor(leaf.requires_grad), T.tensor(leaf.grad_fn is None)


CASES += [OpCase(f"inplace_{name}", _after(fn), inputs, grad=False) for name, fn, inputs in [
    ("add_", lambda T, a, b: a.add_(b), B), ("add_alpha_", lambda T, a, b: a.add_(b, alpha=2), B),
    ("iadd", lambda T, a, b: a.__iadd__(b), B), ("isub", lambda T, a, b: a.__isub__(b), B),
    ("imul", lambda T, a, b: a.__imul__(b), B), ("itruediv", lambda T, a, b: a.__itruediv__(b), B),
    ("ipow", lambda T, a: a.__ipow__(2), S), ("ifloordiv", lambda T, a: a.__ifloordiv__(0.3), S),
    ("imod", lambda T, a: a.__imod__(0.3), S), ("mul_self", lambda T, a: a.mul_(a), S),
    ("sub_", lambda T, a, b: a.sub_(b), B), ("div_", lambda T, a: a.div_(3), S),
    ("div_floor_", lambda T, a: a.div_(0.3, rounding_mode="floor"), S), ("pow_", lambda T, a: a.pow_(2), S),
    ("exp_", lambda T, a: a.exp_(), S), ("sqrt_", lambda T, a: a.abs_().sqrt_(), S), ("neg_", lambda T, a: a.neg_(), S),
    ("clamp_", lambda T, a: a.clamp_(-0.5, 0.5), S), ("clamp_min_", lambda T, a: a.clamp_min_(0), S),
    ("clamp_tensors_", lambda T, a, b: a.clamp_(min=b), B), ("clip_", lambda T, a: a.clip_(max=0), S),
    ("relu_", lambda T, a: a.relu_(), S), ("sigmoid_", lambda T, a: a.sigmoid_(), S),
    ("round_", lambda T, a: a.round_(decimals=1), S), ("sign_", lambda T, a: a.sign_(), S),
    ("lerp_", lambda T, a, b: a.lerp_(b, 0.25), B), ("addcmul_", lambda T, a, b: a.addcmul_(b, b, value=2), B),
    ("nan_to_num_", lambda T, a: a.log_().nan_to_num_(), S), ("lt_", lambda T, a, b: a.lt_(b), B),
    ("logical_not_", lambda T, a: a.logical_not_(), S), ("fill_", lambda T, a: a.fill_(2.5), S),
    ("fill_tensor_", lambda T, a: a.fill_(T.tensor(1.5)), S), ("zero_", lambda T, a: a.zero_(), S),
    ("copy_", lambda T, a, b: a.copy_(b), B), ("copy_int_", lambda T, a: a.copy_(T.tensor([1, 2, 3])), S),
    ("float_power_", lambda T, a: a.double().float_power_(2), S),
    ("int_add_", lambda T, a: a.add_(2), [Long((2, 3), 5)]), ("int_floordiv_", lambda T, a: a.floor_divide_(2),
                                                              [Long((2, 3), 5)]),
    ("int_iand", lambda T, a: a.__iand__(6), [Long((2, 3), 9)]), ("int_ilshift", lambda T, a: a.__ilshift__(2),
                                                                  [Long((2, 3), 9)]),
    ("int_add_int32_", lambda T, a: a.add_(T.ones(3, dtype=T.int32)), [Long((2, 3), 5)]),
    ("int32_add_long_", lambda T, a: a.int().add_(T.ones(3, dtype=T.long)), [Long((2, 3), 5)]),
    ("half_add_double_", lambda T, a: a.half().add_(T.ones(3, dtype=T.float64)), S),
    ("uint8_sub_", lambda T, a: a.to(T.uint8).sub_(2), [Long((2, 3), 5)]),
    ("bool_ior", lambda T, a: a.__ior__(T.tensor([True, False, False])), [Bool((2, 3))]),
    ("eq_int_", lambda T, a: a.eq_(2), [Long((2, 3), 4)]),
]]
CASES += [OpCase(f"error_inplace_{name}", err(fn), [], grad=False) for name, fn in [
    ("add_float_into_long", lambda T: _l(T).add_(1.5)), ("iadd_float_into_long", lambda T: _l(T).__iadd__(1.5)),
    ("itruediv_long", lambda T: _l(T).__itruediv__(2)), ("exp_long", lambda T: _l(T).exp_()),
    ("sqrt_long", lambda T: _l(T).sqrt_()), ("add_long_into_bool", lambda T: _b(T).add_(1)),
    ("add_float_tensor_into_long", lambda T: _l(T).add_(_f(T))), ("clamp_long", lambda T: _l(T).clamp_(0.5, 2)),
    ("clamp_min_long", lambda T: _l(T).clamp_min_(0.5)), ("clamp_max_long", lambda T: _l(T).clamp_max_(0.5)),
    ("pow_long", lambda T: _l(T).pow_(2.5)), ("shape", lambda T: T.ones(3).mul_(T.ones(2, 3))),
    ("leaf", lambda T: T.ones(2, requires_grad=True).add_(1)),
    ("leaf_operator", lambda T: T.ones(2, requires_grad=True).__imul__(2)),
]]
CASES += [
    OpCase("inplace_grad_mul", lambda T, a, b: (lambda t: (t.mul_(b), t)[1])(a * 1), B),
    OpCase("inplace_grad_chain", lambda T, a, b: (lambda t: (t.add_(b).mul_(2).sigmoid_(), t)[1])(a * 1), B),
    OpCase("inplace_grad_iadd", lambda T, a, b: (lambda t: t.__iadd__(b))(a * 1), B),
    OpCase("inplace_grad_add_self", lambda T, a: (lambda t: t.add_(t))(a * 1), S),
    OpCase("inplace_grad_pow", lambda T, a: (lambda t: t.pow_(3))(a * 1), S),
    OpCase("inplace_grad_clamp", lambda T, a: (lambda t: t.clamp_(-0.5, 0.5))(a * 1), S, domain="nonzero"),
    OpCase("inplace_grad_fill", lambda T, a, v: (lambda t: t.fill_(v))(a * 1), [(2, 3), ()]),
    OpCase("inplace_grad_copy", lambda T, a, b: (lambda t: t.copy_(b))(a * 1), B),
    OpCase("inplace_grad_zero", lambda T, a: (lambda t: t.zero_() + a)(a * 1), S),
    OpCase("inplace_no_grad_leaf", lambda T, a: _no_grad_add(T, a.detach().requires_grad_()), S, grad=False),
    OpCase("warning_where_uint8", warns(lambda T, a, b: T.where(a.to(T.uint8), a, b)),
           [Arr([1.0, 0.0, 2.0], "float"), Arr([5.0, 6.0, 7.0], "float")], grad=False),
]

globals().update(make_tests(FAMILY, CASES))


def test_mul_self_inplace_backward_raises_like_torch():
    import torchless as T

    t = T.ones(2, requires_grad=True) * 1
    t.mul_(t)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        t.sum().backward()
