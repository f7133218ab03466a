"""Elementwise ops: forward and derivatives side by side, one entry per op (torch's node names).

Derivatives receive ``(g, *inputs, r)`` (``r``: the result, when the entry saves it) and are written with
torchless ops, so they are themselves differentiable.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._op import BOOL_OUT, FLOAT, KEEP, defop

# Gradient helpers ----------------------------------------------------------------------------------------


def _zeros(g, *_, **__):
    """The derivative of a piecewise-constant op (floor, sign, ...): zero everywhere."""
    return g * 0


def _not_implemented(name: str):
    def deriv(*_, **__):
        raise RuntimeError(f"the derivative for '{name}' is not implemented.")
    return deriv


def _with_errstate(f):
    """NumPy forward that returns inf/nan quietly, as torch does (log(0) = -inf, 0/0 = nan)."""
    def fwd(*a, **k):
        with np.errstate(all="ignore"):
            return f(*a, **k)
    return fwd


# Arithmetic ----------------------------------------------------------------------------------------------

_add = defop("AddBackward0", lambda a, b: a + b, lambda g, a, b, r: g, lambda g, a, b, r: g)
_sub = defop("SubBackward0", lambda a, b: a - b, lambda g, a, b, r: g, lambda g, a, b, r: -g)
rsub = defop("RsubBackward1", lambda a, b: b - a, lambda g, a, b, r: -g, lambda g, a, b, r: g)
mul = defop("MulBackward0", lambda a, b: a * b,
            lambda g, a, b, r: g * b, lambda g, a, b, r: g * a, save=(0, 1))
_div = defop("DivBackward0", _with_errstate(np.true_divide),
            lambda g, a, b, r: g / b, lambda g, a, b, r: -g * a / (b * b), save=(0, 1), dtype=FLOAT)
div_floor = defop("DivBackward2", _with_errstate(np.floor_divide), _zeros, _zeros)
div_trunc = defop("DivBackward1", _with_errstate(lambda a, b: np.trunc(np.true_divide(a, b)).astype(
    np.result_type(a, b))), _zeros, _zeros)
floor_divide = defop("NotImplemented", _with_errstate(np.floor_divide),
                     _not_implemented("floor_divide"), _not_implemented("floor_divide"))
_remainder = defop("RemainderBackward0", _with_errstate(np.remainder), lambda g, a, b, r: g)
remainder_tt = defop("RemainderBackward1", _with_errstate(np.remainder), lambda g, a, b, r: g,
                     lambda g, a, b, r: -g * (a / b).floor(), save=(0, 1))
fmod = defop("FmodBackward0", _with_errstate(np.fmod), lambda g, a, b, r: g)
neg = defop("NegBackward0", np.negative, lambda g, a, r: -g)


def _pow_base_grad(g, a, b, r):
    # torch masks exponent 0 to a zero gradient (so 0 ** 0 has gradient 0, not nan)
    if isinstance(b, Tensor):
        return where(b == 0, 0.0, g * b * a ** (b - 1))
    return g * 0 if b == 0 else g * b * a ** (b - 1)


def _pow_exp_grad(g, a, b, r):
    # d/db a**b = a**b * log(a), with 0 where a == 0 and b >= 0 (torch's convention)
    if isinstance(a, Tensor):
        return where((a == 0) & (b >= 0), 0.0, g * r * a.log())
    return g * r * math.log(a) if a > 0 else where(b >= 0, 0.0, g * r * math.log(a) if a else g * r * -math.inf)


def _pow_forward(a, b):
    if isinstance(b, np.ndarray) and b.dtype.kind in "iu" or isinstance(b, int) and not isinstance(b, bool):
        if isinstance(a, np.ndarray) and a.dtype.kind in "iub" and np.any(np.asarray(b) < 0):
            raise RuntimeError("Integers to negative integer powers are not allowed.")
    with np.errstate(all="ignore"):
        return np.power(a, b)


pow_ts = defop("PowBackward0", _pow_forward, _pow_base_grad, save=(0, 1))
pow_tt = defop("PowBackward1", _pow_forward, _pow_base_grad, _pow_exp_grad, save=(0, 1), result=True)
pow_st = defop("PowBackward2", _pow_forward, None, _pow_exp_grad, save=(0, 1), result=True)


def pow(input, exponent):  # noqa: A001 - torch's name
    """``input ** exponent``; either may be a Python number."""
    if isinstance(input, Tensor):
        if isinstance(exponent, Tensor):
            return pow_tt(input, exponent)
        return pow_ts(input, exponent)
    return pow_st(input, exponent)


def sub(input, other, *, alpha=1):
    """``input - alpha * other``."""
    if isinstance(input, Tensor) and input.dtype is D.bool and isinstance(other, Tensor) and other.dtype is D.bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if not isinstance(input, Tensor):
        return rsub(other, input) if alpha == 1 else rsub(other * alpha, input)
    return _sub(input, other if alpha == 1 else other * alpha)


def true_divide(input, other):
    return _div(input, other) if isinstance(input, Tensor) else mul(reciprocal(other), input)


def divide(input, other, *, rounding_mode=None):
    """``input / other``; ``rounding_mode`` 'trunc' or 'floor' rounds the quotient."""
    if rounding_mode is None:
        return true_divide(input, other)
    if rounding_mode == "floor":
        return div_floor(input, other)
    if rounding_mode == "trunc":
        return div_trunc(input, other)
    raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")


def add(input, other, *, alpha=1):
    """``input + alpha * other``."""
    if alpha != 1:
        other = other * alpha
    return _add(input, other) if isinstance(input, Tensor) else _add(other, input)


def remainder(input, other):
    """Python's ``%``: the result has the sign of ``other``."""
    return remainder_tt(input, other) if isinstance(other, Tensor) and isinstance(input, Tensor) \
        else _remainder(input, other)


div = divide


# Unary math ----------------------------------------------------------------------------------------------
_LN2, _LN10 = math.log(2.0), math.log(10.0)
_err = _with_errstate

abs = defop("AbsBackward0", np.abs, lambda g, a, r: g * a.sign(), save=(0,))  # noqa: A001
exp = defop("ExpBackward0", np.exp, lambda g, a, r: g * r, result=True, dtype=FLOAT)
exp2 = defop("Exp2Backward0", np.exp2, lambda g, a, r: g * r * _LN2, result=True, dtype=FLOAT)
expm1 = defop("Expm1Backward0", np.expm1, lambda g, a, r: g * (r + 1), result=True, dtype=FLOAT)
log = defop("LogBackward0", _err(np.log), lambda g, a, r: g / a, save=(0,), dtype=FLOAT)
log2 = defop("Log2Backward0", _err(np.log2), lambda g, a, r: g / (a * _LN2), save=(0,), dtype=FLOAT)
log10 = defop("Log10Backward0", _err(np.log10), lambda g, a, r: g / (a * _LN10), save=(0,), dtype=FLOAT)
log1p = defop("Log1PBackward0", _err(np.log1p), lambda g, a, r: g / (a + 1), save=(0,), dtype=FLOAT)
sqrt = defop("SqrtBackward0", _err(np.sqrt), lambda g, a, r: g / (2 * r), result=True, dtype=FLOAT)
rsqrt = defop("RsqrtBackward0", _err(lambda a: 1 / np.sqrt(a)), lambda g, a, r: -0.5 * g * r ** 3,
              result=True, dtype=FLOAT)
reciprocal = defop("ReciprocalBackward0", _err(np.reciprocal), lambda g, a, r: -g * r * r, result=True,
                   dtype=FLOAT)
sin = defop("SinBackward0", np.sin, lambda g, a, r: g * a.cos(), save=(0,), dtype=FLOAT)
cos = defop("CosBackward0", np.cos, lambda g, a, r: -g * a.sin(), save=(0,), dtype=FLOAT)
tan = defop("TanBackward0", np.tan, lambda g, a, r: g * (1 + r * r), result=True, dtype=FLOAT)
asin = defop("AsinBackward0", _err(np.arcsin), lambda g, a, r: g * (1 - a * a).rsqrt(), save=(0,), dtype=FLOAT)
acos = defop("AcosBackward0", _err(np.arccos), lambda g, a, r: -g * (1 - a * a).rsqrt(), save=(0,), dtype=FLOAT)
atan = defop("AtanBackward0", np.arctan, lambda g, a, r: g / (1 + a * a), save=(0,), dtype=FLOAT)
sinh = defop("SinhBackward0", np.sinh, lambda g, a, r: g * a.cosh(), save=(0,), dtype=FLOAT)
cosh = defop("CoshBackward0", np.cosh, lambda g, a, r: g * a.sinh(), save=(0,), dtype=FLOAT)
tanh = defop("TanhBackward0", np.tanh, lambda g, a, r: g * (1 - r * r), result=True, dtype=FLOAT)
atan2 = defop("Atan2Backward0", np.arctan2, lambda g, a, b, r: g * b / (a * a + b * b),
              lambda g, a, b, r: -g * a / (a * a + b * b), save=(0, 1), dtype=FLOAT)


def _sigmoid_fwd(a):
    # exp(-|a|) never overflows: stable for logits of any size
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e)).astype(a.dtype, copy=False)


sigmoid = defop("SigmoidBackward0", _sigmoid_fwd, lambda g, a, r: g * r * (1 - r), result=True, dtype=FLOAT)
logit_ = defop("LogitBackward0", _err(lambda a: np.log(a / (1 - a))), lambda g, a, r: g / (a * (1 - a)),
               save=(0,), dtype=FLOAT)
relu = defop("ReluBackward0", lambda a: np.maximum(a, 0), lambda g, a, r: g * (r > 0), result=True)
sign = defop("SignBackward0", np.sign, _zeros)
floor = defop("FloorBackward0", np.floor, _zeros)
ceil = defop("CeilBackward0", np.ceil, _zeros)
trunc = defop("TruncBackward0", np.trunc, _zeros)
frac = defop("FracBackward0", lambda a: a - np.trunc(a), lambda g, a, r: g)
_round = defop("RoundBackward0", np.round, _zeros)
_round_dec = defop("RoundBackward1", lambda a, decimals: np.round(a, decimals), _zeros)
square = defop("PowBackward0", np.square, lambda g, a, r: g * 2 * a, save=(0,))


def _erf(a):
    from math import erf as _e

    return np.vectorize(_e, otypes=[a.dtype])(a) if a.size else a.copy()


erf = defop("ErfBackward0", _erf, lambda g, a, r: g * (2 / math.sqrt(math.pi)) * (-(a * a)).exp(), save=(0,),
            dtype=FLOAT)


def round(input, *, decimals: int = 0):  # noqa: A001
    """Round half to even, as torch does; ``decimals`` rounds to that many decimal places."""
    return _round(input) if decimals == 0 else _round_dec(input, decimals=decimals)


def logit(input, eps=None):
    return logit_(input if eps is None else clamp(input, eps, 1 - eps))


# Clamping, maximum, where --------------------------------------------------------------------------------


def _in_range(a, lo, hi):
    mask = None
    if lo is not None:
        mask = a >= lo
    if hi is not None:
        mask = (a <= hi) if mask is None else mask & (a <= hi)
    return mask


def _clamp_fwd(a, lo=None, hi=None):
    if lo is not None:
        a = np.maximum(a, lo)
    if hi is not None:
        a = np.minimum(a, hi)
    return a


_clamp_s = defop("ClampBackward1", _clamp_fwd, lambda g, a, r, lo=None, hi=None: g * _in_range(a, lo, hi),
                 save=(0,))
_clamp_t = defop("ClampBackward0", _clamp_fwd,
                 lambda g, a, lo, hi, r: g * _in_range(a, lo, hi),
                 lambda g, a, lo, hi, r: g * (a < lo),
                 lambda g, a, lo, hi, r: g * (a > hi) if lo is None else g * ((a > hi) & (lo <= hi)),
                 save=(0, 1, 2))
clamp_min = defop("ClampMinBackward0", lambda a, lo: np.maximum(a, lo), lambda g, a, r, lo: g * (a >= lo),
                  save=(0,))


def clamp(input, min=None, max=None):  # noqa: A002
    """Limit values to ``[min, max]``; either bound may be a number, a tensor or None."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return _clamp_t(input, min, max)
    return _clamp_s(input, lo=min, hi=max)


maximum = defop("MaximumBackward0", np.maximum,
                lambda g, a, b, r: where(a == b, g / 2, g * (a > b)),
                lambda g, a, b, r: where(a == b, g / 2, g * (a < b)), save=(0, 1))
minimum = defop("MinimumBackward0", np.minimum,
                lambda g, a, b, r: where(a == b, g / 2, g * (a < b)),
                lambda g, a, b, r: where(a == b, g / 2, g * (a > b)), save=(0, 1))
_where = defop("WhereBackward0", lambda c, a, b: np.where(c, a, b), None,
               lambda g, c, a, b, r: g * c, lambda g, c, a, b, r: g * c.logical_not(), save=(0,))


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other``; with one argument, ``nonzero(as_tuple=True)``."""
    if input is None and other is None:
        from .indexing import nonzero

        return nonzero(condition, as_tuple=True)
    if not isinstance(condition, Tensor) or condition.dtype is not D.bool:
        if isinstance(condition, Tensor):
            raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                               f"{condition.dtype._torch_name}")
        condition = Tensor._make(np.asarray(condition, dtype=bool))
    dt = D.result_type(input, other)
    # the condition is not promoted: cast only the values
    return _where(condition, _as(input, dt), _as(other, dt))


def _as(x, dt):
    if isinstance(x, Tensor):
        return x if x.dtype is dt else to_dtype(x, dtype=dt)
    return Tensor._make(np.asarray(x, dtype=dt.np))


lerp_ = defop("LerpBackward0", lambda a, b, w: a + w * (b - a),
              lambda g, a, b, r, w: g * (1 - w), lambda g, a, b, r, w: g * w)
lerp_t = defop("LerpBackward1", lambda a, b, w: a + w * (b - a),
               lambda g, a, b, w, r: g * (1 - w), lambda g, a, b, w, r: g * w,
               lambda g, a, b, w, r: g * (b - a), save=(0, 1, 2))


def lerp(input, end, weight):
    return lerp_t(input, end, weight) if isinstance(weight, Tensor) else lerp_(input, end, w=weight)


addcmul_ = defop("AddcmulBackward0", lambda a, b, c, value: a + value * b * c,
                 lambda g, a, b, c, r, value: g, lambda g, a, b, c, r, value: g * c * value,
                 lambda g, a, b, c, r, value: g * b * value, save=(1, 2))
addcdiv_ = defop("AddcdivBackward0", lambda a, b, c, value: a + value * b / c,
                 lambda g, a, b, c, r, value: g, lambda g, a, b, c, r, value: g * value / c,
                 lambda g, a, b, c, r, value: -g * value * b / (c * c), save=(1, 2))


def addcmul(input, tensor1, tensor2, *, value=1):
    return addcmul_(input, tensor1, tensor2, value=value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    return addcdiv_(input, tensor1, tensor2, value=value)


# Comparisons and logic (never differentiable) ------------------------------------------------------------

eq = defop("EqBackward", np.equal, dtype=BOOL_OUT)
ne = defop("NeBackward", np.not_equal, dtype=BOOL_OUT)
lt = defop("LtBackward", np.less, dtype=BOOL_OUT)
le = defop("LeBackward", np.less_equal, dtype=BOOL_OUT)
gt = defop("GtBackward", np.greater, dtype=BOOL_OUT)
ge = defop("GeBackward", np.greater_equal, dtype=BOOL_OUT)
logical_and = defop("LogicalAnd", np.logical_and, dtype=BOOL_OUT)
logical_or = defop("LogicalOr", np.logical_or, dtype=BOOL_OUT)
logical_xor = defop("LogicalXor", np.logical_xor, dtype=BOOL_OUT)
logical_not = defop("LogicalNot", np.logical_not, dtype=KEEP)
isnan = defop("IsNan", np.isnan, dtype=KEEP)
isinf = defop("IsInf", np.isinf, dtype=KEEP)
isfinite = defop("IsFinite", np.isfinite, dtype=KEEP)
isposinf = defop("IsPosInf", np.isposinf, dtype=KEEP)
isneginf = defop("IsNegInf", np.isneginf, dtype=KEEP)
signbit = defop("SignBit", np.signbit, dtype=KEEP)


def _bitwise(np_fn, name):
    def fwd(a, b):
        for x in (a, b):
            if isinstance(x, np.ndarray) and x.dtype.kind == "f" or isinstance(x, float):
                raise RuntimeError(f'"{name}_cpu" not implemented for \'Float\'')
        return np_fn(a, b)
    return fwd


bitwise_and = defop("BitwiseAnd", _bitwise(np.bitwise_and, "bitwise_and"))
bitwise_or = defop("BitwiseOr", _bitwise(np.bitwise_or, "bitwise_or"))
bitwise_xor = defop("BitwiseXor", _bitwise(np.bitwise_xor, "bitwise_xor"))


def _invert(a):
    if a.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return np.invert(a)


bitwise_not = defop("BitwiseNot", _invert, dtype=KEEP)


def _close(a, b, rtol, atol, equal_nan):
    return np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


_isclose = defop("IsClose", _close, dtype=BOOL_OUT)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _isclose(input, other, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other) -> bool:
    """True when both have the same shape and the same values."""
    return input._data.shape == other._data.shape and bool((input._data == other._data).all())


# Dtype conversion and copies -----------------------------------------------------------------------------

_to = defop("ToCopyBackward0", lambda a, dtype: a.astype(dtype.np), lambda g, a, r, dtype: g, dtype=KEEP)


def to_dtype(input, *, dtype):
    """A copy of ``input`` in ``dtype``; the gradient flows back in the input's dtype."""
    return _to(input, dtype=dtype)


clone = defop("CloneBackward0", lambda a, memory_format=None: a.copy(), lambda g, a, r, memory_format=None: g,
              dtype=KEEP)

_fill = defop("FillBackward0", lambda a, value: np.full_like(a, value), _zeros, dtype=KEEP)
_zero = defop("ZeroBackward0", np.zeros_like, _zeros, dtype=KEEP)
_copy = defop("CopyBackwards", lambda a, src: np.broadcast_to(src, a.shape).astype(a.dtype, copy=True), _zeros,
              lambda g, a, src, r: g, dtype=KEEP)


def fill(input, value):
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        value = value.item()
    return _fill(input, value=value)


def copy(input, src, non_blocking: bool = False):
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    try:
        np.broadcast_shapes(src._data.shape, input._data.shape)
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({input._data.shape[-1] if input._data.ndim else 1}) must match "
                           f"the size of tensor b ({src._data.shape[-1] if src._data.ndim else 1}) at "
                           f"non-singleton dimension {max(input._data.ndim - 1, 0)}") from None
    return _copy(input, src)


# Tensor methods and operators ----------------------------------------------------------------------------


def _r(fn):
    """Reflected operator: ``other OP self``."""
    def reflected(self, other):
        return fn(other, self)
    return reflected


def _cmp(fn):
    def compare(self, other):
        if other is None or not isinstance(other, (Tensor, int, float, bool, np.ndarray, np.generic)):
            return NotImplemented
        return fn(self, other)
    return compare


def _floordiv(a, b):
    return floor_divide(a, b)


def _mm(a, b):
    from .linalg import matmul

    return matmul(a, b)


def _int_only(name, fn):
    def op(self, other):
        return fn(self, other)
    op.__name__ = name
    return op


METHODS = {
    "add": add, "sub": sub, "subtract": sub, "mul": mul, "multiply": mul, "div": divide, "divide": divide,
    "true_divide": true_divide, "floor_divide": floor_divide, "remainder": remainder, "fmod": fmod, "pow": pow,
    "neg": neg, "negative": neg, "abs": abs, "absolute": abs, "exp": exp, "exp2": exp2, "expm1": expm1,
    "log": log, "log2": log2, "log10": log10, "log1p": log1p, "sqrt": sqrt, "rsqrt": rsqrt,
    "reciprocal": reciprocal, "sin": sin, "cos": cos, "tan": tan, "asin": asin, "acos": acos, "atan": atan,
    "arcsin": asin, "arccos": acos, "arctan": atan, "sinh": sinh, "cosh": cosh, "tanh": tanh, "atan2": atan2,
    "arctan2": atan2, "sigmoid": sigmoid, "logit": logit, "relu": relu, "sign": sign, "sgn": sign, "floor": floor,
    "ceil": ceil, "trunc": trunc, "fix": trunc, "frac": frac, "round": round, "square": square, "erf": erf,
    "clamp": clamp, "clip": clamp, "clamp_min": clamp_min, "maximum": maximum, "minimum": minimum,
    "fmax": maximum, "fmin": minimum, "where": lambda self, condition, other: where(condition, self, other),
    "lerp": lerp, "addcmul": addcmul, "addcdiv": addcdiv,
    "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge, "not_equal": ne, "less": lt, "less_equal": le,
    "greater": gt, "greater_equal": ge, "logical_and": logical_and, "logical_or": logical_or,
    "logical_xor": logical_xor, "logical_not": logical_not, "isnan": isnan, "isinf": isinf, "isfinite": isfinite,
    "isposinf": isposinf, "isneginf": isneginf, "signbit": signbit, "bitwise_and": bitwise_and,
    "bitwise_or": bitwise_or, "bitwise_xor": bitwise_xor, "bitwise_not": bitwise_not, "isclose": isclose,
    "allclose": allclose, "equal": equal, "clone": clone,
    "__add__": add, "__radd__": _r(add), "__sub__": sub, "__rsub__": _r(sub), "__mul__": mul,
    "__rmul__": _r(mul), "__truediv__": true_divide, "__rtruediv__": _r(true_divide), "__floordiv__": _floordiv,
    "__rfloordiv__": _r(_floordiv), "__mod__": remainder, "__rmod__": _r(remainder), "__pow__": pow,
    "__rpow__": _r(pow),
    "__neg__": neg, "__pos__": lambda self: self, "__abs__": abs, "__matmul__": _mm, "__rmatmul__": _r(_mm),
    "__eq__": _cmp(eq), "__ne__": _cmp(ne), "__lt__": _cmp(lt), "__le__": _cmp(le), "__gt__": _cmp(gt),
    "__ge__": _cmp(ge), "__and__": bitwise_and, "__rand__": _r(bitwise_and), "__or__": bitwise_or,
    "__ror__": _r(bitwise_or), "__xor__": bitwise_xor, "__rxor__": _r(bitwise_xor), "__invert__": bitwise_not,
}

# In-place forms (``x.add_(y)``, ``x += y``): the same functions, written back into x.
INPLACE = {name: METHODS[name] for name in (
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder",
    "fmod", "pow", "neg", "negative", "abs", "absolute", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "atan2", "sigmoid", "logit", "relu", "sign", "sgn", "floor", "ceil", "trunc", "fix",
    "frac", "round", "square", "erf", "clamp", "clip", "clamp_min", "lerp", "addcmul", "addcdiv", "eq", "ne",
    "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
    "bitwise_or", "bitwise_xor", "bitwise_not")}
INPLACE.update({"fill": fill, "zero": _zero, "copy": copy})
INPLACE.update({"__iadd__": add, "__isub__": sub, "__imul__": mul, "__itruediv__": true_divide,
                "__ifloordiv__": _floordiv, "__imod__": remainder, "__ipow__": pow, "__iand__": bitwise_and,
                "__ior__": bitwise_or, "__ixor__": bitwise_xor})

__all__ = [
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder", "fmod",
    "pow", "neg", "negative", "abs", "absolute", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "rsqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "atan2", "arctan2", "sigmoid", "logit", "relu", "sign", "sgn", "floor", "ceil", "trunc", "fix",
    "frac", "round", "square", "erf", "clamp", "clip", "clamp_min", "maximum", "minimum", "fmax", "fmin", "where",
    "lerp", "addcmul", "addcdiv", "eq", "ne", "lt", "le", "gt", "ge", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf", "isfinite",
    "isposinf", "isneginf", "signbit", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "isclose",
    "allclose", "equal", "clone",
]
subtract, multiply, negative, absolute, sgn, fix, clip = sub, mul, neg, abs, sign, trunc, clamp
arcsin, arccos, arctan, arctan2, fmax, fmin = asin, acos, atan, atan2, maximum, minimum
not_equal, less, less_equal, greater, greater_equal = ne, lt, le, gt, ge
