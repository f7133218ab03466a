"""Elementwise ops: forward and derivatives side by side, one entry per op (torch's node names).

Derivatives receive ``(g, *inputs, r)`` (``r``: the result, when the entry saves it) and are written with
torchless ops, so they are themselves differentiable. Forwards raise torch's errors (dtype support, integer
division by zero, shapes that do not broadcast) rather than NumPy's.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype as D
from .._random.fma import fma64_arrays as _fma64_arrays
from .._tensor import Tensor
from .._tensor import need_tensor as _need_tensor
from ..autograd.graph import negated
from ._op import BOOL_OUT, FLOAT, KEEP, defop, fast_ufunc

_BY_NP = D._BY_NP
_make = Tensor._make

# torch's errors --------------------------------------------------------------------------------------------

# the C++ names some torch messages use for a dtype
_CPP = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short int", "int32": "int",
        "int64": "long int", "float16": "c10::Half", "float32": "float", "float64": "double"}
_CPP_INT = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int32_t", "int64": "int64_t"}


def cpp_name(dt: D.dtype) -> str:
    """The C++ type name torch prints in some messages (``float``, ``long int``)."""
    return _CPP[dt.name]


def _tname(x) -> str:
    """torch's scalar-type name ('Float', 'Long') of an array's dtype."""
    return _BY_NP[x.dtype]._torch_name


def _not_for(name: str, x) -> NotImplementedError:
    return NotImplementedError(f'"{name}" not implemented for \'{_tname(x)}\'')


def broadcast_error(*shapes) -> RuntimeError | None:
    """torch's error for shapes that do not broadcast together (None when they do).

    Shapes combine left to right as in torch's TensorIterator; within a pair the clash nearest the end is named.
    """
    shape: tuple = ()
    for s in shapes:
        n = max(len(shape), len(s))
        a = (1,) * (n - len(shape)) + tuple(shape)
        b = (1,) * (n - len(s)) + tuple(s)
        for i in range(n - 1, -1, -1):
            if a[i] != b[i] and a[i] != 1 and b[i] != 1:
                return RuntimeError(f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) at "
                                    f"non-singleton dimension {i}")
        shape = tuple(y if x == 1 else x for x, y in zip(a, b))
    return None


def _wrapped_ints(args):
    """Python ints wrapped into the integer arrays' dtype, as torch casts them (NumPy 2 raises OverflowError)."""
    dt = next((a.dtype for a in args if isinstance(a, np.ndarray) and a.dtype.kind in "iu"), None)
    if dt is None:
        return None
    return [np.array(a & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64).astype(dt) if type(a) is int else a for a in args]


try:  # NumPy's floating-point error state, set directly: a third of the cost of ``np.errstate``
    from numpy._core._ufunc_config import _extobj_contextvar as _ERRSTATE
    from numpy._core.umath import _make_extobj

    _IGNORE = _make_extobj(all="ignore")
except ImportError:  # pragma: no cover - other NumPy versions
    _ERRSTATE = None


def _quietly(f, args, kw):
    """``f(*args, **kw)`` without NumPy's floating-point warnings (torch returns inf and nan silently)."""
    if _ERRSTATE is None:  # pragma: no cover
        with np.errstate(all="ignore"):
            return f(*args, **kw)
    token = _ERRSTATE.set(_IGNORE)
    try:
        return f(*args, **kw)
    finally:
        _ERRSTATE.reset(token)


_HALF = np.dtype(np.float16)


def _upcast(args) -> list:
    """float16 arrays as float32; anything else (Python numbers included) as it is."""
    return [a.astype(np.float32) if a.__class__ is np.ndarray and a.dtype is _HALF else a for a in args]


def _round_half(out):
    """A float32 result (or ``(result, aux)``) rounded once to float16."""
    if isinstance(out, tuple):
        return (_round_half(out[0]), *out[1:])
    if out.dtype.kind != "f":
        return out
    if out.dtype.itemsize == 8:  # a float64 computation: as torch's float32 result, then float16
        out = _quietly(out.astype, (np.float32,), {})
    return _quietly(out.astype, (np.float16,), {})  # beyond float16's range: inf, silently as in torch


def opmath(f):
    """Forward ``f`` with float16 computed as torch's CPU kernels compute it: in float32 (the "opmath" type; a
    Python number operand is cast to float32, not to float16), the result rounded once to float16. For other
    dtypes this costs one dtype identity check."""

    def fwd(*args, **kw):
        a = args[0]
        if (a.dtype if a.__class__ is np.ndarray else _dt(*args)) is _HALF:
            return _round_half(f(*_upcast(args), **kw))
        return f(*args, **kw)

    return fwd


def _to_float32(x):
    return x.float() if x.dtype is D.float16 else x


def fused(deriv):
    """A derivative that torch computes in one kernel (``tanh_backward``, ``softmax_backward_data``, ...): with a
    float16 gradient it runs in float32 and its result is rounded once to float16. ``deriv`` gets tensors, or
    NumPy arrays in a backward that records no graph (``arrays=True`` entries)."""

    def run(g, *args, **kw):
        dt = g.dtype
        if dt is not D.float16 and dt is not _HALF:
            return deriv(g, *args, **kw)
        if dt is _HALF:
            out = deriv(*_upcast((g, *args)), **kw)
            return None if out is None else out.astype(np.float16)
        out = deriv(*[_to_float32(a) if isinstance(a, Tensor) else a for a in (g, *args)], **kw)
        return None if out is None else out.half()

    return run


def _fwd(f, quiet: bool = True, half: bool = True):
    """A NumPy forward with torch's behaviour: inf/nan without warnings (``quiet``; add, sub, mul and comparisons
    skip it for speed), torch's broadcasting error, and Python ints that wrap around in small integer dtypes.
    ``half``: float16 is computed in float32 and rounded once, as ``opmath`` (comparisons and bitwise ops, which
    torch runs in float16 itself, pass False)."""

    def fwd(*args, **kw):
        if half:
            a = args[0]
            if (a.dtype if a.__class__ is np.ndarray else _dt(*args)) is _HALF:
                return _round_half(fwd(*_upcast(args), **kw))
        try:
            if quiet:
                return _quietly(f, args, kw)
            return f(*args, **kw)
        except ValueError:
            err = broadcast_error(*[a.shape for a in args if isinstance(a, np.ndarray)])
            if err is None:
                raise
            raise err from None
        except OverflowError:
            wrapped = _wrapped_ints(args)
            if wrapped is None:
                raise
            return fwd(*wrapped, **kw)

    return fwd


def _dt(*args) -> np.dtype:
    """The dtype an op computes in: that of its first array (``call`` casts every tensor to it)."""
    for a in args:
        if isinstance(a, np.ndarray):
            return a.dtype
    return np.asarray(args[0]).dtype


def _int_divisor_check(a, b) -> None:
    if _dt(a, b).kind in "iu" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")


def _float_only(name: str, f):
    def fwd(*args, **kw):
        dt = _dt(*args)
        if dt.kind != "f":
            raise _not_for(name, np.empty(0, dt))
        return f(*args, **kw)
    return fwd


def _value_overflow(dt: np.dtype) -> RuntimeError:
    return RuntimeError(f"value cannot be converted to type {_CPP_INT.get(dt.name, dt.name)} without overflow")


# Gradient helpers ----------------------------------------------------------------------------------------


def _zeros(g, *_, **__):
    """The derivative of a piecewise-constant op (floor, sign, ...): zero everywhere."""
    return _make(np.zeros_like(g._data)) if isinstance(g, Tensor) else np.zeros_like(g)


def _not_implemented(name: str):
    def deriv(*_, **__):
        raise RuntimeError(f"derivative for aten::{name} is not implemented")
    return deriv


def _mask(cond, g):
    """``g`` where ``cond`` holds, else 0 (never nan, unlike ``g * cond``); tensors or NumPy arrays."""
    if isinstance(g, Tensor) or isinstance(cond, Tensor):
        return where(cond, g, 0.0)
    return np.where(cond, g, np.asarray(g).dtype.type(0))


def _unmask(cond, g):
    """0 where ``cond`` holds, else ``g`` (torch's ``threshold_backward``); tensors or NumPy arrays."""
    if isinstance(g, Tensor) or isinstance(cond, Tensor):
        return where(cond, 0.0, g)
    return np.where(cond, np.asarray(g).dtype.type(0), g)


# Arithmetic ----------------------------------------------------------------------------------------------

# add and sub take a number operand in float16, as torch does (a float16 result is then rounded once either way)
_add = defop("AddBackward0", _fwd(np.add, quiet=False, half=False), lambda g, a, b, r: g, lambda g, a, b, r: g,
             arrays="elementwise")
_sub = defop("SubBackward0", _fwd(np.subtract, quiet=False, half=False), lambda g, a, b, r: g,
             lambda g, a, b, r: negated(g), arrays="elementwise")
_rsub_s = defop("RsubBackward1", _fwd(lambda a, b: b - a, quiet=False, half=False), lambda g, a, b, r: negated(g),
                arrays="elementwise", edges=(0,))
_rsub_t = defop("RsubBackward0", _fwd(lambda a, b: b - a, quiet=False, half=False), lambda g, a, b, r: negated(g),
                lambda g, a, b, r: g, arrays="elementwise")
mul = defop("MulBackward0", _fwd(np.multiply, quiet=False),
            lambda g, a, b, r: g * b, lambda g, a, b, r: g * a, save=(0, 1), arrays="elementwise", save_if={0: 1, 1: 0})
_div = defop("DivBackward0", _fwd(np.true_divide),
             lambda g, a, b, r: g / b, lambda g, a, b, r: -g * (a / b / b), save=(0, 1), dtype=FLOAT,
             arrays="elementwise", save_if={0: 1})


def _floor_div_fwd(a, b, name="div_floor_cpu"):
    kind = _dt(a, b).kind
    if kind == "b":
        raise _not_for(name, np.empty(0, bool))
    if kind != "f":
        _int_divisor_check(a, b)
    return np.floor_divide(a, b)


def _trunc_div_fwd(a, b):
    dt = _dt(a, b)
    if dt.kind == "b":
        raise _not_for("div_trunc_cpu", np.empty(0, bool))
    if dt.kind == "f":
        return np.trunc(np.true_divide(a, b))
    _int_divisor_check(a, b)
    q = np.floor_divide(a, b)  # exact in integers, then rounded toward zero
    return q + ((np.remainder(a, b) != 0) & ((np.asarray(a) < 0) != (np.asarray(b) < 0)))


def _remainder_fwd(a, b):
    dt = _dt(a, b)
    if dt.kind == "b":
        raise _not_for("remainder_cpu", np.empty(0, bool))
    if dt.kind != "f":
        _int_divisor_check(a, b)
        return np.remainder(a, b)
    m = np.fmod(a, b)  # torch's formula: the sign of the divisor, and +0 for exact multiples
    fix = (m != 0) & ((np.asarray(b) < 0) != (m < 0))
    return np.where(fix, m + b, m).astype(m.dtype, copy=False)


def _fmod_fwd(a, b):
    dt = _dt(a, b)
    if dt.kind == "b":
        raise _not_for("fmod_cpu", np.empty(0, bool))
    if dt.kind != "f":
        _int_divisor_check(a, b)
    return np.fmod(a, b)


_floor_div_opmath = opmath(_floor_div_fwd)  # torch: floor division of float16 in float32, truncation in float16
_div_mode = defop("DivBackward2", _fwd(lambda a, b, mode: _floor_div_opmath(a, b) if mode == "floor"
                                       else _trunc_div_fwd(a, b), half=False), _zeros, _zeros)
floor_divide_ = defop("NotImplemented", _fwd(_floor_div_fwd), _not_implemented("floor_divide"),
                      _not_implemented("floor_divide"), edges=(0,))
_remainder_ts = defop("RemainderBackward0", _fwd(_remainder_fwd, half=False), lambda g, a, b, r: g, edges=(0,))
_remainder_tt = defop("RemainderBackward1", _fwd(_remainder_fwd, half=False), lambda g, a, b, r: g,
                      lambda g, a, b, r: -g * divide(a, b, rounding_mode="floor"), save=(0, 1))
_remainder_st = defop("NotImplemented", _fwd(_remainder_fwd, half=False), _not_implemented("remainder"),
                      _not_implemented("remainder"))
_fmod_ts = defop("FmodBackward0", _fwd(_fmod_fwd, half=False), lambda g, a, b, r: g, edges=(0,))
_fmod_tt = defop("FmodBackward1", _fwd(_fmod_fwd, half=False), lambda g, a, b, r: g,
                 lambda g, a, b, r: -g * divide(a, b, rounding_mode="trunc"), save=(0, 1))


def _neg_fwd(a):
    if a.dtype.kind == "b":
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    return np.negative(a)


neg = defop("NegBackward0", _neg_fwd, lambda g, a, r: negated(g), arrays="elementwise")


def _is_bool(x) -> bool:
    return type(x) is bool or isinstance(x, Tensor) and x.dtype is D.bool


def _check_alpha(input, other, alpha) -> None:
    dt = D.result_type(input, other)
    if isinstance(alpha, bool):
        if dt is not D.bool:
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif isinstance(alpha, float) and not dt.is_floating_point:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")


def _alpha_fwd(a, b, alpha):
    """``a + alpha * b`` as torch's add kernel computes it: one fused multiply-add, rounded once (float16: alpha
    and b in float16, the arithmetic in float32; float32: exact in float64; float64: emulated FMA)."""
    a = np.asarray(a)
    dt = a.dtype
    if dt == np.float16:
        f = np.float32
        return (a.astype(f) + f(np.float16(alpha)) * np.asarray(b, dtype=np.float16).astype(f)).astype(np.float16)
    if dt == np.float32:
        f = np.float64
        return (a.astype(f) + f(np.float32(alpha)) * np.asarray(b, dtype=f)).astype(np.float32)
    if dt == np.float64:
        return _fma64_arrays(np.asarray(b, dtype=np.float64), np.float64(alpha), a)
    return a + alpha * b


_add_alpha = defop("AddBackward0", _fwd(_alpha_fwd, half=False), lambda g, a, b, r, alpha: g,
                   lambda g, a, b, r, alpha: g * alpha)
_sub_alpha = defop("SubBackward0", _fwd(lambda a, b, alpha: _alpha_fwd(a, b, -alpha), half=False),
                   lambda g, a, b, r, alpha: g, lambda g, a, b, r, alpha: -g * alpha)


def _fused_alpha(input, other, alpha) -> bool:
    """True when torch computes ``input + alpha * other`` as one fused op: a floating result, a number alpha."""
    return not isinstance(alpha, bool) and D.result_type(input, other).is_floating_point


def add(input, other, *, alpha=1):
    """``input + alpha * other``."""
    if type(alpha) is not int or alpha != 1:
        _check_alpha(input, other, alpha)
        if _fused_alpha(input, other, alpha):
            return _add_alpha(input, other, alpha=alpha)
        if not (_is_bool(input) and _is_bool(other) and alpha):
            other = other * alpha
    return _add(input, other)


def _check_sub(input, other) -> None:
    ib, ob = _is_bool(input), _is_bool(other)
    if ib and ob:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if ib or ob:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")


def sub(input, other, *, alpha=1):
    """``input - alpha * other``."""
    if _is_bool(input) or _is_bool(other):
        _check_sub(input, other)
    if type(alpha) is not int or alpha != 1:
        _check_alpha(input, other, alpha)
        if _fused_alpha(input, other, alpha):
            return _sub_alpha(input, other, alpha=alpha)
        other = other * alpha
    return _sub(input, other)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (``1 - x`` runs ``rsub(x, 1)``)."""
    if _is_bool(input) or _is_bool(other):
        _check_sub(other, input)
    if type(alpha) is not int or alpha != 1:
        _check_alpha(input, other, alpha)
        input = input * alpha
    return _rsub_t(input, other) if isinstance(other, Tensor) else _rsub_s(input, other)


def true_divide(input, other):
    """``input / other`` in floating point (integers divide to the default float dtype)."""
    return _div(input, other)


def divide(input, other, *, rounding_mode=None):
    """``input / other``; ``rounding_mode`` 'trunc' or 'floor' rounds the quotient (integers stay integers)."""
    if rounding_mode is None:
        return _div(input, other)
    if rounding_mode not in ("floor", "trunc"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                         f"'{rounding_mode}'")
    return _div_mode(input, other, mode=rounding_mode)


div = divide


def floor_divide(input, other):
    """``input // other``: the quotient rounded down (not differentiable in torch)."""
    return floor_divide_(input, other)


def remainder(input, other):
    """Python's ``%``: the result has the sign of ``other``."""
    if not isinstance(input, Tensor):
        return _remainder_st(input, other)
    return _remainder_tt(input, other) if isinstance(other, Tensor) else _remainder_ts(input, other)


def fmod(input, other):
    """C's ``fmod``: the remainder of truncated division (the sign of ``input``)."""
    if not isinstance(input, Tensor):
        got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in (input, other))
        raise TypeError(f"fmod() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                        " * (Tensor input, Number other, *, Tensor out = None)\n")
    return _fmod_tt(input, other) if isinstance(other, Tensor) else _fmod_ts(input, other)


def positive(input):
    """``+input``: the input itself."""
    if input.dtype is D.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# Powers --------------------------------------------------------------------------------------------------

_NEG_INT_POW = "Integers to negative integer powers are not allowed."


def _int_pow(a, b):
    """Integer powers as torch computes them: negative exponents give 1, -1 or 0 (1 // a ** -b)."""
    neg = np.asarray(b) < 0
    if not neg.any():
        return np.power(a, b)
    out = np.power(a, np.where(neg, 0, b).astype(b.dtype, copy=False))
    a = np.asarray(a)
    small = np.where(a == 1, 1, np.where(a == -1, np.where(b % 2 == 0, 1, -1), 0)).astype(out.dtype)
    return np.where(neg, small, out)


def _pow_fwd(a, b):
    kind = _dt(a, b).kind
    if kind == "f":
        if isinstance(b, (int, float)) and a.dtype != np.float16:  # torch's fast paths (they fix the sign of 0)
            if b == 2:
                return np.square(a)
            if b == 0.5:
                return np.sqrt(a)
            if b == -0.5:
                return 1 / np.sqrt(a)
            if b == -1:
                return np.reciprocal(a)
        return np.power(a, b)
    if kind == "b":
        if isinstance(b, np.ndarray) or isinstance(a, np.ndarray) and not isinstance(b, bool):
            raise _not_for("pow", np.empty(0, bool))
        return np.logical_or(a, not b)  # bool ** True is the tensor, bool ** False is all True
    if isinstance(a, np.ndarray) and not isinstance(b, np.ndarray) and b < 0:
        raise RuntimeError(_NEG_INT_POW)
    return _int_pow(a, b)


def _pow_base_grad(g, a, b, r):
    # torch masks exponent 0 to a zero gradient (so 0 ** 0 has gradient 0, not nan)
    if isinstance(b, (Tensor, np.ndarray)):
        return _mask(b != 0, g * (b * _power(a, b - 1)))
    if b == 2:  # torch's grad * (2 * a ** 1), without the power (2 * a is exact)
        if type(g) is not Tensor and not np.ndim(g):  # a scalar gradient: the product made in place
            t = a * b  # (not a * (2 * g): 2 * a may overflow to inf where a * (2 * g) does not)
            return np.multiply(t, g, out=t) if type(t) is np.ndarray else t * g
        return g * (a * b)
    return _zeros(g) if b == 0 else g * (b * _power(a, b - 1))


def _power(a, e):
    """``a ** e`` as the pow op computes it, for tensors or (in a backward with no graph) NumPy arrays."""
    return _pow_fwd(a, e) if isinstance(a, (np.ndarray, np.generic)) else a ** e


def _pow_exp_grad(g, a, b, r):
    # d/db a ** b = a ** b * log(a), taken as 0 where a == 0 and b >= 0 (torch's convention)
    if isinstance(a, Tensor):
        return _mask(~((a == 0) & (b >= 0)), g * (r * a.log()))
    if a > 0:
        return g * (r * math.log(a))
    if a == 0:
        return _mask(b < 0, g * r * -math.inf)
    return g * r * math.nan


pow_ts = defop("PowBackward0", _fwd(_pow_fwd, half=False), _pow_base_grad, save=(0, 1), arrays="elementwise",
               edges=(0,))
pow_tt = defop("PowBackward1", _fwd(_pow_fwd, half=False), _pow_base_grad, _pow_exp_grad, save=(0, 1), result=True)
pow_st = defop("PowBackward2", _fwd(_pow_fwd, half=False), None, _pow_exp_grad, save=(0, 1), result=True, edges=(1,))


def pow(input, exponent):  # noqa: A001 - torch's name
    """``input ** exponent``; either may be a Python number."""
    if isinstance(input, Tensor):
        if isinstance(exponent, Tensor):
            return pow_tt(input, exponent)
        return pow_ts(input, exponent)
    return pow_st(input, exponent)


def float_power(input, exponent):
    """``input ** exponent`` computed in float64, as torch does."""
    if isinstance(input, Tensor) and input.dtype is not D.float64:
        input = to_dtype(input, dtype=D.float64)
    if isinstance(exponent, Tensor) and exponent.dtype is not D.float64:
        exponent = to_dtype(exponent, dtype=D.float64)
    if not isinstance(input, Tensor):
        input = float(input)
    elif not isinstance(exponent, Tensor):
        exponent = float(exponent)
    return pow(input, exponent)


def _float_power_(self, exponent):
    if self.dtype is not D.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype._torch_name} but the operation's "
                           f"result requires dtype Double")
    return float_power(self, exponent)


def square(input):
    """``input ** 2`` (torch computes it as ``pow``, so bools square to int64)."""
    return pow_ts(input, 2)


# Unary math ----------------------------------------------------------------------------------------------
_LN2, _LN10 = math.log(2.0), math.log(10.0)
_q = _fwd  # quiet NumPy forward (ufuncs that never warn, such as tanh, are used as they are)


def _abs_fwd(a):
    if a.dtype.kind == "b":
        raise _not_for("abs_cpu", a)
    return np.abs(a)


def _rounding(name: str, f):
    """floor/ceil/trunc: integers are returned as they are, bools are not supported."""
    def fwd(a):
        if a.dtype.kind == "b":
            raise _not_for(name, a)
        return a.copy() if a.dtype.kind in "iu" else f(a)
    return fwd


def _frac_fwd(a):
    if a.dtype.kind != "f":
        raise _not_for("frac_cpu", a)
    return a - np.trunc(a)


def _sign_fwd(a):
    if a.dtype.kind == "b":
        return a.copy()
    if a.dtype.kind == "f":  # (0 < a) - (a < 0): sign(nan) is 0 and sign(-0.) is +0, as in torch
        return np.subtract(a > 0, a < 0, dtype=a.dtype)
    return np.sign(a)


def _relu_fwd(a):
    if a.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return np.maximum(a.dtype.type(0), a)  # zero first: ties return a, so -0.0 stays -0.0 (and nan stays nan)


abs = defop("AbsBackward0", _abs_fwd, lambda g, a, r: g * a.sign(), save=(0,))  # noqa: A001
exp = defop("ExpBackward0", _q(np.exp), lambda g, a, r: g * r, result=True, dtype=FLOAT, arrays="elementwise")
exp2 = defop("Exp2Backward0", _q(np.exp2), lambda g, a, r: g * r * _LN2, result=True, dtype=FLOAT, arrays="elementwise")
expm1 = defop("Expm1Backward0", _q(np.expm1), lambda g, a, r: g * (r + 1), result=True, dtype=FLOAT,
              arrays="elementwise")
log = defop("LogBackward0", _q(np.log), lambda g, a, r: g / a, save=(0,), dtype=FLOAT, arrays="elementwise")
log2 = defop("Log2Backward0", _q(np.log2), lambda g, a, r: g / (a * _LN2), save=(0,), dtype=FLOAT, arrays="elementwise")
log10 = defop("Log10Backward0", _q(np.log10), lambda g, a, r: g / (a * _LN10), save=(0,), dtype=FLOAT,
              arrays="elementwise")
log1p = defop("Log1PBackward0", _q(np.log1p), lambda g, a, r: g / (a + 1), save=(0,), dtype=FLOAT, arrays="elementwise")
sqrt = defop("SqrtBackward0", _q(np.sqrt), lambda g, a, r: g / (2 * r), result=True, dtype=FLOAT, arrays="elementwise")
rsqrt = defop("RsqrtBackward0", _q(lambda a: 1 / np.sqrt(a)), lambda g, a, r: -0.5 * g * _power(r, 3),
              result=True, dtype=FLOAT, arrays="elementwise")
reciprocal = defop("ReciprocalBackward0", _q(np.reciprocal), lambda g, a, r: -g * (r * r), result=True,
                   dtype=FLOAT, arrays="elementwise")
sin = defop("SinBackward0", _q(np.sin), lambda g, a, r: g * a.cos(), save=(0,), dtype=FLOAT)
cos = defop("CosBackward0", _q(np.cos), lambda g, a, r: -g * a.sin(), save=(0,), dtype=FLOAT)
tan = defop("TanBackward0", _q(np.tan), lambda g, a, r: g * (1 + r * r), result=True, dtype=FLOAT)
asin = defop("AsinBackward0", _q(np.arcsin), lambda g, a, r: g * (1 - a * a).rsqrt(), save=(0,), dtype=FLOAT)
acos = defop("AcosBackward0", _q(np.arccos), lambda g, a, r: -g * (1 - a * a).rsqrt(), save=(0,), dtype=FLOAT)
atan = defop("AtanBackward0", np.arctan, lambda g, a, r: g / (1 + a * a), save=(0,), dtype=FLOAT)
sinh = defop("SinhBackward0", _q(np.sinh), lambda g, a, r: g * a.cosh(), save=(0,), dtype=FLOAT)
cosh = defop("CoshBackward0", _q(np.cosh), lambda g, a, r: g * a.sinh(), save=(0,), dtype=FLOAT)
tanh = defop("TanhBackward0", np.tanh, fused(lambda g, a, r: g * (1 - r * r)), result=True, dtype=FLOAT,
             arrays="elementwise")
asinh = defop("AsinhBackward0", np.arcsinh, lambda g, a, r: g * (a * a + 1).rsqrt(), save=(0,), dtype=FLOAT)
acosh = defop("AcoshBackward0", _q(np.arccosh), lambda g, a, r: g * (a * a - 1).rsqrt(), save=(0,), dtype=FLOAT)
atanh = defop("AtanhBackward0", _q(np.arctanh), lambda g, a, r: g / (1 - a * a), save=(0,), dtype=FLOAT)
deg2rad = defop("Deg2RadBackward0", opmath(lambda a: a * a.dtype.type(math.pi / 180)),
                lambda g, a, r: g * (math.pi / 180), dtype=FLOAT)
rad2deg = defop("Rad2DegBackward0", opmath(lambda a: a * a.dtype.type(180 / math.pi)),
                lambda g, a, r: g * (180 / math.pi), dtype=FLOAT)


def _sigmoid_fwd(a):
    # torch's CPU kernel: 1 / (1 + exp(-a)), so a float32 logit below about -88.7 gives exactly 0 (exp overflows)
    one = a.dtype.type(1)
    return one / (one + np.exp(-a))


sigmoid = defop("SigmoidBackward0", _q(_sigmoid_fwd), lambda g, a, r: g * (1 - r) * r, result=True,
                dtype=FLOAT,
                arrays="elementwise")


def _logit_fwd(a, eps):
    if eps is not None:
        a = np.clip(a, eps, 1 - eps)
    return np.log(a / (1 - a))


def _logit_grad(g, a, r, eps):
    if eps is None:  # torch: nan outside [0, 1]
        return where((a < 0) | (a > 1), math.nan, g / (a * (1 - a)))
    return _mask(~((a < eps) | (a > 1 - eps)), g / (a * (1 - a)))


_logit = defop("LogitBackward0", _q(_logit_fwd, half=False), _logit_grad, save=(0,), dtype=FLOAT)


def logit(input, eps=None):
    """``log(p / (1 - p))``; with ``eps`` the input is first clamped to ``[eps, 1 - eps]``."""
    return _logit(input, eps=eps)


relu = defop("ReluBackward0", _relu_fwd, lambda g, a, r: _unmask(r <= 0, g), result=True, arrays="elementwise")
sign = defop("SignBackward0", _sign_fwd, _zeros)
sgn = defop("SgnBackward0", _sign_fwd, _zeros)
floor = defop("FloorBackward0", _rounding("floor_vml_cpu", np.floor), _zeros)
ceil = defop("CeilBackward0", _rounding("ceil_vml_cpu", np.ceil), _zeros)
trunc = defop("TruncBackward0", _rounding("trunc_vml_cpu", np.trunc), _zeros)
frac = defop("FracBackward0", _frac_fwd, lambda g, a, r: g)
_round = defop("RoundBackward0", _rounding("round_vml_cpu", np.rint), _zeros)


def _round_dec_fwd(a, decimals):
    if a.dtype.kind != "f":
        raise _not_for("round_cpu", a)
    ten = a.dtype.type(10.0 ** builtins_abs(decimals))  # in the tensor's dtype, as torch computes
    return np.rint(a * ten) / ten if decimals > 0 else np.rint(a / ten) * ten


_round_dec = defop("RoundBackward1", _q(_round_dec_fwd), _zeros)


def round(input, *, decimals: int = 0):  # noqa: A001
    """Round half to even, as torch does; ``decimals`` rounds to that many decimal places."""
    return _round(input) if decimals == 0 else _round_dec(input, decimals=decimals)


def _nan_to_num_fwd(a, nan, posinf, neginf):
    if a.dtype.kind != "f":
        return a.copy()
    return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)


_nan_to_num = defop("NanToNumBackward0", _nan_to_num_fwd, lambda g, a, r, **kw: _mask(a.isfinite(), g),
                    save=(0,))


def nan_to_num(input, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    """Replace nan, +inf and -inf (by default with 0 and the dtype's largest and lowest finite values)."""
    return _nan_to_num(input, nan=nan, posinf=posinf, neginf=neginf)


# Special functions (vectorised, float64 accurate) ------------------------------------------------------------

# W. J. Cody's rational approximations for erf and erfc (netlib specfun CALERF, public domain).
_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
          1.85777706184603153e-1)
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03)
_ERF_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
          8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
          2.15311535474403846e-8)
_ERF_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
          3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03)
_ERF_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
          6.58749161529837803e-4, 1.63153871373020978e-2)
_ERF_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
          2.33520497626869185e-3)
_RSQRTPI = 0.56418958354775628695


def _erf_parts(x):
    """(erf(x) for |x| <= 0.46875, erfc(|x|) elsewhere, the small-|x| mask), in float64."""
    x = np.asarray(x, dtype=np.float64)
    y = np.abs(x)
    small = y <= 0.46875
    z = y * y
    num, den = _ERF_A[4] * z, z
    for i in range(3):
        num, den = (num + _ERF_A[i]) * z, (den + _ERF_B[i]) * z
    erf_small = x * (num + _ERF_A[3]) / (den + _ERF_B[3])
    num, den = _ERF_C[8] * y, y
    for i in range(7):
        num, den = (num + _ERF_C[i]) * y, (den + _ERF_D[i]) * y
    mid = (num + _ERF_C[7]) / (den + _ERF_D[7])
    w = 1 / np.where(small, 1.0, z)
    num, den = _ERF_P[5] * w, w
    for i in range(4):
        num, den = (num + _ERF_P[i]) * w, (den + _ERF_Q[i]) * w
    far = (_RSQRTPI - w * (num + _ERF_P[4]) / (den + _ERF_Q[4])) / np.where(small, 1.0, y)
    r = np.where(y <= 4.0, mid, far)
    t = np.trunc(y * 16) / 16  # exp(-y*y) in two parts, for accuracy
    erfc_abs = np.exp(-t * t) * np.exp(-(y - t) * (y + t)) * r
    erfc_abs = np.where(y >= 27.3, 0.0, erfc_abs)
    return erf_small, erfc_abs, small


def _erf_np(x):
    with np.errstate(all="ignore"):
        erf_small, erfc_abs, small = _erf_parts(x)
        return np.where(small, erf_small, np.copysign(1 - erfc_abs, x))


def _erfc_np(x):
    with np.errstate(all="ignore"):
        erf_small, erfc_abs, small = _erf_parts(x)
        return np.where(small, 1 - erf_small, np.where(np.asarray(x) < 0, 2 - erfc_abs, erfc_abs))


def _erfinv_np(y):
    """Inverse of erf: Winitzki's approximation, refined by Newton steps on erf (or erfc in the tails)."""
    with np.errstate(all="ignore"):
        y = np.asarray(y, dtype=np.float64)
        ay = np.abs(y)
        a = 0.147
        ln = np.log1p(-ay * ay)
        t = 2 / (math.pi * a) + ln / 2
        x = np.sqrt(np.sqrt(t * t - ln / a) - t)
        tail = ay > 0.5
        for _ in range(4):
            erf_small, erfc_abs, small = _erf_parts(x)
            resid = np.where(tail, (1 - ay) - erfc_abs, np.where(small, erf_small, 1 - erfc_abs) - ay)
            x = x - resid / (2 * _RSQRTPI * np.exp(-x * x))
        x = np.where(ay == 1, np.inf, np.where(ay > 1, np.nan, x))
        return np.copysign(x, y)


_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7)


def _lgamma_np(x):
    """log|Gamma(x)|: Lanczos (g = 7) for x >= 0.5, the reflection formula below."""
    with np.errstate(all="ignore"):
        x = np.asarray(x, dtype=np.float64)
        refl = x < 0.5
        z = np.where(refl, 1 - x, x) - 1
        s = np.full_like(z, _LANCZOS[0])
        for i in range(1, 9):
            s = s + _LANCZOS[i] / (z + i)
        t = z + 7.5
        lg = 0.5 * math.log(2 * math.pi) + (z + 0.5) * np.log(t) - t + np.log(s)
        lg = np.where(np.isposinf(z), np.inf, np.where((z == 0) | (z == 1), 0.0, lg))  # exact at 1 and 2
        out = np.where(refl, np.log(math.pi / np.abs(np.sin(math.pi * x))) - lg, lg)
        nonpos_int = (x <= 0) & (x == np.floor(x))
        return np.where(nonpos_int | np.isinf(x), np.inf, out)


# Bernoulli numbers B_2k for the asymptotic series of the polygamma functions
_BERN = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)


def _polygamma_np(n: int, x):
    """psi^(n)(x): shift x up past 20 with the recurrence, then the asymptotic series; reflection for n = 0."""
    with np.errstate(all="ignore"):
        x = np.asarray(x, dtype=np.float64)
        if n == 0:
            refl = x < 0.5
            xr = np.where(refl, 1 - x, x)
        else:
            xr = x
        acc = np.zeros_like(xr)
        sgn = -1.0 if n % 2 == 0 else 1.0  # (-1) ** (n + 1)
        fact = math.factorial(n)
        shift = np.where(np.isfinite(xr), np.clip(np.ceil(20 - xr), 0, None), 0)
        steps = int(shift.max()) if shift.size else 0
        for k in range(steps):
            active = k < shift
            xk = xr + k
            term = 1 / xk if n == 0 else sgn * fact / xk ** (n + 1)
            acc = acc + np.where(active, term, 0)
        z = xr + shift
        if n == 0:
            w = 1 / (z * z)
            series = sum(b / (2 * (k + 1)) * w ** (k + 1) for k, b in enumerate(_BERN))
            out = np.log(z) - 0.5 / z - series - acc
            out = np.where(refl, out - math.pi / np.tan(math.pi * x), out)
            out = np.where(x == 0, np.copysign(np.inf, -x), np.where((x < 0) & (x == np.floor(x)), np.nan, out))
            return np.where(np.isposinf(x), np.inf, np.where(np.isneginf(x), np.nan, out))
        series = math.factorial(n - 1) / z ** n + fact / (2 * z ** (n + 1))
        for k, b in enumerate(_BERN):
            j = 2 * (k + 1)
            series = series + b * math.factorial(j + n - 1) / math.factorial(j) / z ** (j + n)
        out = sgn * series + acc
        out = np.where(x == 0, sgn * np.inf, out)
        return np.where(np.isposinf(x), np.nan, out) if n >= 2 else out


def _special(f):
    """A float64 special function on an array of any float dtype (``call`` casts the result back)."""
    def fwd(a, *args):
        return f(*args, a) if args else f(a)
    return opmath(fwd)


erf = defop("ErfBackward0", _special(_erf_np), lambda g, a, r: (-(a * a)).exp() * (2 * _RSQRTPI) * g, save=(0,),
            dtype=FLOAT)
erfc = defop("ErfcBackward0", _special(_erfc_np), lambda g, a, r: (-(a * a)).exp() * (-2 * _RSQRTPI) * g,
             save=(0,), dtype=FLOAT)
erfinv = defop("ErfinvBackward0", _special(_erfinv_np),
               lambda g, a, r: (r * r).exp() * (0.5 * math.sqrt(math.pi)) * g, result=True, dtype=FLOAT)
lgamma = defop("LgammaBackward0", _special(_lgamma_np), lambda g, a, r: g * digamma(a), save=(0,), dtype=FLOAT)
_polygamma = defop("PolygammaBackward0", opmath(lambda a, n: _polygamma_np(n, a)),
                   lambda g, a, r, n: g * _polygamma(a, n=n + 1), save=(0,), dtype=FLOAT)
digamma = defop("DigammaBackward0", opmath(lambda a: _polygamma_np(0, a)),
                lambda g, a, r: g * _polygamma(a, n=1), save=(0,), dtype=FLOAT)


def polygamma(n: int, input):
    """The n-th derivative of the digamma function."""
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return _polygamma(input, n=int(n))


def _sinc_fwd(a):
    dt = np.float32 if a.dtype == np.float16 else a.dtype.type  # computed in the dtype, as torch does
    x = a.astype(dt, copy=False) * dt(math.pi)
    with np.errstate(all="ignore"):
        return np.where(x == 0, dt(1), np.sin(x) / x)


def _sinc_grad(g, a, r):
    x = a * math.pi
    sq = a * a * math.pi  # torch's sinc_backward, op by op
    return _mask(sq != 0, g * (x * x.cos() - x.sin()) / sq)


sinc = defop("SincBackward0", _sinc_fwd, _sinc_grad, save=(0,), dtype=FLOAT)

# Binary math ---------------------------------------------------------------------------------------------


def _atan2_grads(g, a, b, r):
    d = a * a + b * b
    recip = where(d == 0, 0.0, d.reciprocal())
    return g * b * recip, g * -a * recip


_atan2 = defop("Atan2Backward0", _fwd(np.arctan2), lambda g, a, b, r: _atan2_grads(g, a, b, r)[0],
               lambda g, a, b, r: _atan2_grads(g, a, b, r)[1], save=(0, 1), dtype=FLOAT)
_hypot = defop("HypotBackward0", _fwd(_float_only("hypot_cpu", np.hypot)), lambda g, a, b, r: g * a / r,
               lambda g, a, b, r: g * b / r, save=(0, 1), result=True)


def _xlogy_fwd(a, b):
    if not isinstance(b, np.ndarray):  # log of the number in the tensor's dtype, as torch computes it
        b = a.dtype.type(b)
    out = np.where(np.asarray(a) == 0, 0.0, a * np.log(b))
    return np.where(np.isnan(b), np.nan, out)


def _xlogy_a(g, a, b, r):
    return where((a == 0) & (b <= 0), 0.0, xlogy(g, b))


_xlogy_tt = defop("XlogyBackward0", _fwd(_xlogy_fwd, half=False), _xlogy_a, lambda g, a, b, r: g * a / b, save=(0, 1),
                  dtype=FLOAT)
_xlogy_st = defop("XlogyBackward1", _fwd(_xlogy_fwd, half=False), None, lambda g, a, b, r: g * a / b, save=(0, 1),
                  dtype=FLOAT)
_xlogy_ts = defop("XlogyBackward2", _fwd(_xlogy_fwd, half=False), _xlogy_a, save=(0, 1), dtype=FLOAT)


_logaddexp = defop("LogaddexpBackward0", _fwd(_float_only("logaddexp_cpu", np.logaddexp)),
                   lambda g, a, b, r: g / (1 + (b - a).exp()), lambda g, a, b, r: g / (1 + (a - b).exp()),
                   save=(0, 1))
_logaddexp2 = defop("Logaddexp2Backward0", _fwd(_float_only("logaddexp2_cpu", np.logaddexp2)),
                    lambda g, a, b, r: g / (1 + (b - a).exp2()), lambda g, a, b, r: g / (1 + (a - b).exp2()),
                    save=(0, 1))


def _copysign_self(g, a, b, r):
    return _mask(a != 0, g * (r / a))


_copysign_tt = defop("CopysignBackward0", _fwd(np.copysign), _copysign_self, _zeros, save=(0,), result=True,
                     dtype=FLOAT)
_copysign_ts = defop("CopysignBackward1", _fwd(np.copysign), _copysign_self, save=(0,), result=True, dtype=FLOAT)


def _heaviside_fwd(a, v):
    if a.dtype != v.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return np.where(a == 0, v, a > 0).astype(a.dtype, copy=False)


_heaviside = defop("NotImplemented", _fwd(_heaviside_fwd), _not_implemented("heaviside"),
                   _not_implemented("heaviside"), dtype=KEEP)


def atan2(input, other):
    """The angle of the point ``(other, input)``: ``atan(input / other)`` in the right quadrant."""
    _need_tensor("atan2", "other", 2, other)
    return _atan2(input, other)


arctan2 = atan2


def hypot(input, other):
    """``sqrt(input ** 2 + other ** 2)`` without overflow."""
    _need_tensor("hypot", "other", 2, other)
    return _hypot(input, other)


def xlogy(input, other):
    """``input * log(other)``, and 0 where ``input`` is 0 (unless ``other`` is nan)."""
    if not isinstance(input, Tensor):
        return _xlogy_st(input, other)
    return _xlogy_tt(input, other) if isinstance(other, Tensor) else _xlogy_ts(input, other)


def logaddexp(input, other):
    """``log(exp(input) + exp(other))`` without overflow."""
    _need_tensor("logaddexp", "other", 2, other)
    return _logaddexp(input, other)


def logaddexp2(input, other):
    """``log2(2 ** input + 2 ** other)`` without overflow."""
    _need_tensor("logaddexp2", "other", 2, other)
    return _logaddexp2(input, other)


def copysign(input, other):
    """The magnitude of ``input`` with the sign of ``other`` (always floating point)."""
    return _copysign_tt(input, other) if isinstance(other, Tensor) else _copysign_ts(input, other)


def heaviside(input, values):
    """The step function: 0 for negative input, 1 for positive, ``values`` where the input is 0."""
    _need_tensor("heaviside", "values", 2, values)
    return _heaviside(input, values)


# Clamping, maximum, where --------------------------------------------------------------------------------


def _clamp_fwd(a, lo, hi):
    try:
        if lo is not None:
            a = np.maximum(a, lo)
        if hi is not None:
            a = np.minimum(a, hi)
    except OverflowError:
        raise _value_overflow(a.dtype) from None
    return a


def _in_range(a, lo, hi):
    if lo is None:
        return a <= hi
    return a >= lo if hi is None else (a >= lo) & (a <= hi)


def _clamp_grad_min(g, a, lo, hi, r):
    return _mask(a < lo, g) if hi is None else _mask((a < lo) & (lo < hi), g)


def _clamp_grad_max(g, a, lo, hi, r):
    return _mask(a > hi, g) if lo is None else _mask((a > hi) | (hi < lo), g)


_clamp_s = defop("ClampBackward1", _fwd(_clamp_fwd), lambda g, a, lo, hi, r: _mask(_in_range(a, lo, hi), g),
                 save=(0, 1, 2), edges=(0,))
_clamp_t = defop("ClampBackward0", _fwd(_clamp_fwd), lambda g, a, lo, hi, r: _mask(_in_range(a, lo, hi), g),
                 _clamp_grad_min, _clamp_grad_max, save=(0, 1, 2))
_clamp_min_s = defop("ClampMinBackward0", _fwd(lambda a, lo: _clamp_fwd(a, lo, None)),
                     lambda g, a, lo, r: _mask(a >= lo, g), save=(0, 1), edges=(0,))
_clamp_min_t = defop("ClampMinBackward1", _fwd(lambda a, lo: _clamp_fwd(a, lo, None)),
                     lambda g, a, lo, r: _mask(a >= lo, g), lambda g, a, lo, r: _mask(a < lo, g), save=(0, 1))
_clamp_max_s = defop("ClampMaxBackward0", _fwd(lambda a, hi: _clamp_fwd(a, None, hi)),
                     lambda g, a, hi, r: _mask(a <= hi, g), save=(0, 1), edges=(0,))
_clamp_max_t = defop("ClampMaxBackward1", _fwd(lambda a, hi: _clamp_fwd(a, None, hi)),
                     lambda g, a, hi, r: _mask(a <= hi, g), lambda g, a, hi, r: _mask(a > hi, g), save=(0, 1))


def _clamp_mixed(lo, hi) -> bool:
    """True when one bound is a tensor and the other a number: torch matches no overload, unless the tensor is
    0-dim (then it is taken as a number)."""
    lt, ht = isinstance(lo, Tensor), isinstance(hi, Tensor)
    return lt != ht and lo is not None and hi is not None and (lo if lt else hi).dim() != 0


def _clamp_types(name, input, lo, hi) -> tuple:
    """``(lo, hi, tensors)``, tensors true when the bounds are tensors; 0-dim tensors mixed with a number become
    numbers."""
    lt, ht = isinstance(lo, Tensor), isinstance(hi, Tensor)
    if lt != ht and lo is not None and hi is not None and not _clamp_mixed(lo, hi):
        return (lo.item() if lt else lo), (hi.item() if ht else hi), False
    if _clamp_mixed(lo, hi):
        got = ", ".join(type(v).__name__ if not isinstance(v, Tensor) else "Tensor" for v in (input, lo, hi))
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but expected one "
                        f"of:\n * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n"
                        f" * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)\n")
    return lo, hi, lt or ht


def clamp(input, min=None, max=None):  # noqa: A002
    """Limit values to ``[min, max]``; either bound may be a number, a tensor or None (not both None)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    min, max, tensors = _clamp_types("clamp", input, min, max)  # noqa: A001
    return (_clamp_t if tensors else _clamp_s)(input, min, max)


clip = clamp


def clamp_min(input, min):  # noqa: A002
    """``max(input, min)`` with clamp's gradient (ties go to ``input``)."""
    return _clamp_min_t(input, min) if isinstance(min, Tensor) else _clamp_min_s(input, min)


def clamp_max(input, max):  # noqa: A002
    """``min(input, max)`` with clamp's gradient (ties go to ``input``)."""
    return _clamp_max_t(input, max) if isinstance(max, Tensor) else _clamp_max_s(input, max)


def _max_grad(g, a, b, r):  # ties share the gradient; nan passes it to both inputs
    return where(a < b, 0.0, where(a == b, g / 2, g))


def _min_grad(g, a, b, r):
    return where(a > b, 0.0, where(a == b, g / 2, g))


_maximum = defop("MaximumBackward0", _fwd(np.maximum, quiet=False), _max_grad, lambda g, a, b, r: _max_grad(g, b, a, r),
                 save=(0, 1))
_minimum = defop("MinimumBackward0", _fwd(np.minimum, quiet=False), _min_grad, lambda g, a, b, r: _min_grad(g, b, a, r),
                 save=(0, 1))
_fmax = defop("FmaxBackward0", _fwd(np.fmax, quiet=False), lambda g, a, b, r: _mask((a >= b) | b.isnan(), g),
              lambda g, a, b, r: _mask(~((a >= b) | b.isnan()), g), save=(0, 1))
_fmin = defop("FminBackward0", _fwd(np.fmin, quiet=False), lambda g, a, b, r: _mask((a <= b) | b.isnan(), g),
              lambda g, a, b, r: _mask(~((a <= b) | b.isnan()), g), save=(0, 1))


def maximum(input, other):
    """The elementwise maximum (nan if either is nan); ties share the gradient."""
    _need_tensor("maximum", "other", 2, other)
    return _maximum(input, other)


def minimum(input, other):
    """The elementwise minimum (nan if either is nan); ties share the gradient."""
    _need_tensor("minimum", "other", 2, other)
    return _minimum(input, other)


def fmax(input, other):
    """The elementwise maximum, ignoring nan when the other value is a number."""
    _need_tensor("fmax", "other", 2, other)
    return _fmax(input, other)


def fmin(input, other):
    """The elementwise minimum, ignoring nan when the other value is a number."""
    _need_tensor("fmin", "other", 2, other)
    return _fmin(input, other)


def _where_fwd(c, a, b):
    return np.where(c, a, b)


_where = defop("WhereBackward0", _fwd(_where_fwd, quiet=False), None,
               lambda g, c, a, b, r: where(c, g, 0.0), lambda g, c, a, b, r: where(c, 0.0, g), save=(0,),
               dtype=KEEP, edges=(1, 2))  # ``where`` casts the values itself (the condition stays bool)


_NOARG = object()


def where(condition, input=_NOARG, other=_NOARG):
    """``input`` where ``condition`` holds, else ``other``; with one argument, ``nonzero(as_tuple=True)``."""
    if input is _NOARG and other is _NOARG:
        try:
            from .misc import nonzero
        except ImportError:  # pragma: no cover - the family that owns nonzero
            return condition.nonzero(as_tuple=True)
        return nonzero(condition, as_tuple=True)
    if isinstance(input, np.generic):
        input = input.item()
    if isinstance(other, np.generic):
        other = other.item()
    args = tuple(a for a in (condition, input, other) if a is not _NOARG)
    if len(args) != 3 or not isinstance(condition, Tensor) or not isinstance(input, (Tensor, int, float)) or \
            not isinstance(other, (Tensor, int, float)):
        raise TypeError(_where_types_error(args))
    if condition.dtype is not D.bool:
        if condition.dtype is not D.uint8:
            raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                               f"{condition.dtype._torch_name}")
        import warnings

        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in a "
                      "future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=2)
        condition = _make(condition._data.astype(bool))
    dt = D.result_type(input, other)
    # the condition is not promoted: only the values are cast
    return _where(condition, _as(input, dt), _as(other, dt))


def _where_types_error(args) -> str:
    """torch's argument-parser message for ``where`` called with arguments of the wrong types."""
    names = ["Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in args]
    head = f"where() received an invalid combination of arguments - got ({', '.join(names)}), but expected one of:\n"
    overloads = [("Tensor condition",), ("Tensor condition", "Tensor input", "Tensor other, *, Tensor out = None"),
                 ("Tensor condition", "Number self", "Tensor other"),
                 ("Tensor condition", "Tensor input", "Number other"),
                 ("Tensor condition", "Number self", "Number other")]
    lines = []
    cond_ok = isinstance(args[0], Tensor)
    for k, ov in enumerate(overloads):
        lines.append(f" * ({', '.join(ov)})\n")
        if k < 2 or len(args) != 3:
            continue
        marks = []
        for slot, a, name in zip(ov, args, names):
            ok = isinstance(a, Tensor) if slot.startswith("Tensor") else \
                cond_ok and isinstance(a, (int, float)) and not isinstance(a, Tensor)
            marks.append(name if ok else f"!{name}!")
        lines.append(f"      didn't match because some of the arguments have invalid types: ({', '.join(marks)})\n")
    return head + "".join(lines)


def _as(x, dt):
    if isinstance(x, Tensor):
        return x if x.dtype is dt else to_dtype(x, dtype=dt)
    try:
        return _make(np.asarray(x, dtype=dt.np))
    except OverflowError:
        raise _value_overflow(dt.np) from None


def _lerp_fwd(a, b, w):
    if a.dtype.kind != "f":
        raise _not_for("lerp_kernel_scalar" if not isinstance(w, np.ndarray) else "lerp_kernel_tensor", a)
    # torch's two-sided formula: exact at both ends
    return np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w)).astype(a.dtype, copy=False)


_lerp_s = defop("LerpBackward0", _fwd(_lerp_fwd), lambda g, a, b, w, r: g * (1 - w), lambda g, a, b, w, r: g * w,
                save=(2,), dtype=KEEP, edges=(0, 1))
_lerp_t = defop("LerpBackward1", _fwd(_lerp_fwd), lambda g, a, b, w, r: g * (1 - w),
                lambda g, a, b, w, r: g * w, lambda g, a, b, w, r: g * (b - a), save=(0, 1, 2), dtype=KEEP)


def lerp(input, end, weight):
    """``input + weight * (end - input)``; ``input`` and ``end`` must have the same dtype."""
    if not isinstance(end, Tensor):
        got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in (input, end, weight))
        raise TypeError(f"lerp() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        f" * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
                        f" * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
    if input.dtype.is_floating_point and end.dtype is not input.dtype:
        raise RuntimeError(f"expected dtype {cpp_name(input.dtype)} for `end` but got dtype {cpp_name(end.dtype)}")
    if isinstance(weight, Tensor):
        if weight._data.ndim and weight.dtype is not input.dtype and input.dtype.is_floating_point:
            raise RuntimeError(f"expected dtype {cpp_name(input.dtype)} for `weight` but got dtype "
                               f"{cpp_name(weight.dtype)}")
        if weight.dtype is not input.dtype and input.dtype.is_floating_point:
            weight = to_dtype(weight, dtype=input.dtype)
        return _lerp_t(input, end, weight)
    return _lerp_s(input, end, weight)


_addcmul = defop("AddcmulBackward0", _fwd(lambda a, b, c, value: a + value * (b * c)),
                 lambda g, a, b, c, r, value: g, lambda g, a, b, c, r, value: g * (c * value),
                 lambda g, a, b, c, r, value: g * (b * value), save=(1, 2))
_addcdiv = defop("AddcdivBackward0", _fwd(lambda a, b, c, value: a + value * (b / c)),
                 lambda g, a, b, c, r, value: g, lambda g, a, b, c, r, value: g * (value / c),
                 lambda g, a, b, c, r, value: -g * (value * b / (c * c)), save=(1, 2))


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``."""
    if not D.result_type(input, tensor1, tensor2).is_floating_point:
        value = int(value)
    return _addcmul(input, tensor1, tensor2, value=value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``."""
    if not tensor1.dtype.is_floating_point and not tensor2.dtype.is_floating_point:
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a "
            "true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + "
            "value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * "
            "tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes.")
    return _addcdiv(input, tensor1, tensor2, value=value)


# Comparisons and logic (never differentiable) ------------------------------------------------------------

eq = defop("EqBackward", _fwd(np.equal, quiet=False, half=False), dtype=BOOL_OUT)
ne = defop("NeBackward", _fwd(np.not_equal, quiet=False, half=False), dtype=BOOL_OUT)
lt = defop("LtBackward", _fwd(np.less, quiet=False, half=False), dtype=BOOL_OUT)
le = defop("LeBackward", _fwd(np.less_equal, quiet=False, half=False), dtype=BOOL_OUT)
gt = defop("GtBackward", _fwd(np.greater, quiet=False, half=False), dtype=BOOL_OUT)
ge = defop("GeBackward", _fwd(np.greater_equal, quiet=False, half=False), dtype=BOOL_OUT)
logical_and = defop("LogicalAnd", _fwd(np.logical_and, quiet=False, half=False), dtype=BOOL_OUT)
logical_or = defop("LogicalOr", _fwd(np.logical_or, quiet=False, half=False), dtype=BOOL_OUT)
logical_xor = defop("LogicalXor", _fwd(np.logical_xor, quiet=False, half=False), dtype=BOOL_OUT)
logical_not = defop("LogicalNot", np.logical_not, dtype=KEEP)
isnan = defop("IsNan", np.isnan, dtype=KEEP)
isinf = defop("IsInf", np.isinf, dtype=KEEP)
isfinite = defop("IsFinite", np.isfinite, dtype=KEEP)
isposinf = defop("IsPosInf", np.isposinf, dtype=KEEP)
isneginf = defop("IsNegInf", np.isneginf, dtype=KEEP)
signbit = defop("SignBit", np.signbit, dtype=KEEP)


def _bitwise(np_fn, name):
    def fwd(a, b):
        dt = _dt(a, b)
        if dt.kind == "f":
            raise _not_for(f"{name}_cpu", np.empty(0, dt))
        return np_fn(a, b)
    return fwd


def _shift(left: bool):
    def fwd(a, b):
        dt = _dt(a, b)
        if dt.kind not in "iu":
            raise _not_for("lshift_cpu" if left else "rshift_cpu", np.empty(0, dt))
        bits = dt.itemsize * 8
        b = np.asarray(b)
        big = (b < 0) | (b >= bits)  # torch: shifting by the width or more gives 0 (or the sign, for >>)
        safe = np.where(big, 0, b).astype(dt, copy=False)
        if left:
            return np.where(big, 0, np.left_shift(a, safe)).astype(dt, copy=False)
        return np.where(big, np.right_shift(a, np.asarray(bits - 1, dtype=dt)), np.right_shift(a, safe)).astype(
            dt, copy=False)
    return fwd


bitwise_and = defop("BitwiseAnd", _fwd(_bitwise(np.bitwise_and, "bitwise_and"), quiet=False, half=False))
bitwise_or = defop("BitwiseOr", _fwd(_bitwise(np.bitwise_or, "bitwise_or"), quiet=False, half=False))
bitwise_xor = defop("BitwiseXor", _fwd(_bitwise(np.bitwise_xor, "bitwise_xor"), quiet=False, half=False))
bitwise_left_shift = defop("BitwiseLeftShift", _fwd(_shift(True), quiet=False, half=False))
bitwise_right_shift = defop("BitwiseRightShift", _fwd(_shift(False), quiet=False, half=False))


def _gcd_fwd(f, name):
    def fwd(a, b):
        dt = _dt(a, b)
        if dt.kind not in "iu":
            raise _not_for(name, np.empty(0, dt))
        return f(a, b)
    return fwd


_gcd = defop("Gcd", _fwd(_gcd_fwd(np.gcd, "gcd_cpu"), quiet=False, half=False))
_lcm = defop("Lcm", _fwd(_gcd_fwd(np.lcm, "lcm_cpu"), quiet=False, half=False))


def gcd(input, other):
    """The greatest common divisor, elementwise (integers only)."""
    _need_tensor("gcd", "other", 2, other)
    return _gcd(input, other)


def lcm(input, other):
    """The least common multiple, elementwise (integers only)."""
    _need_tensor("lcm", "other", 2, other)
    return _lcm(input, other)


def _not_fwd(a):
    if a.dtype.kind == "f":
        raise _not_for("bitwise_not_cpu", a)
    return np.invert(a)


bitwise_not = defop("BitwiseNot", _not_fwd, dtype=KEEP)


def _invert(self):
    if self.dtype.is_floating_point:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(self)


_isclose = defop("IsClose", lambda a, b, rtol, atol, equal_nan: np.isclose(a, b, rtol=rtol, atol=atol,
                                                                             equal_nan=equal_nan), dtype=KEEP)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """``|input - other| <= atol + rtol * |other|``, elementwise; both must have the same dtype."""
    _need_tensor("isclose", "other", 2, other)
    if input.dtype is not other.dtype:
        raise RuntimeError(f"{input.dtype._torch_name} did not match {other.dtype._torch_name}")
    try:
        return _isclose(input, other, rtol=rtol, atol=atol, equal_nan=equal_nan)
    except ValueError:
        raise broadcast_error(input._data.shape, other._data.shape) from None


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """True when every element of ``input`` is close to ``other`` (see ``isclose``)."""
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other) -> bool:
    """True when both have the same shape and the same values."""
    _need_tensor("equal", "other", 1, other)
    return input._data.shape == other._data.shape and bool((input._data == other._data).all())


# Dtype conversion and copies -----------------------------------------------------------------------------

_to = defop("ToCopyBackward0", lambda a, dtype: a.astype(dtype.np), lambda g, a, r, dtype: g, dtype=KEEP)


def to_dtype(input, *, dtype):
    """A copy of ``input`` in ``dtype``; the gradient flows back in the input's dtype."""
    return _to(input, dtype=dtype)


clone = defop("CloneBackward0", lambda a, memory_format=None: a.copy(), lambda g, a, r, memory_format=None: g,
              dtype=KEEP)


def _fill_fwd(a, value):
    try:
        return np.full_like(a, value)
    except OverflowError:
        raise _value_overflow(a.dtype) from None


_fill_s = defop("FillBackward0", _fill_fwd, _zeros, dtype=KEEP)
_fill_t = defop("FillBackward1", _fill_fwd, _zeros, lambda g, a, v, r: g.sum(), dtype=KEEP)
_fill_s_ = defop("FillBackward2", _fill_fwd, _zeros, dtype=KEEP)  # the in-place forms have their own nodes
_fill_t_ = defop("FillBackward3", _fill_fwd, _zeros, lambda g, a, v, r: g.sum(), dtype=KEEP)
_zero = defop("ZeroBackward0", np.zeros_like, _zeros, dtype=KEEP)
_copy = defop("CopyBackwards", lambda a, src: np.broadcast_to(src, a.shape).astype(a.dtype, copy=True), _zeros,
              lambda g, a, src, r: g, dtype=KEEP)


def fill(input, value, _inplace: bool = False):
    """A tensor like ``input`` with every element ``value`` (a number or a 0-dim tensor, which gets gradient)."""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        return (_fill_t_ if _inplace else _fill_t)(input, value)
    return (_fill_s_ if _inplace else _fill_s)(input, value)


def _fill_inplace(self, value):
    return fill(self, value, _inplace=True)


def copy(input, src, non_blocking: bool = False):
    """``src``'s values, broadcast to ``input``'s shape (the ``copy_`` method)."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    err = broadcast_error(input._data.shape, src._data.shape)
    if err is not None:
        raise err
    if np.broadcast_shapes(input._data.shape, src._data.shape) != input._data.shape:
        raise RuntimeError(f"output with shape {list(input._data.shape)} doesn't match the broadcast shape "
                           f"{list(np.broadcast_shapes(input._data.shape, src._data.shape))}")
    return _copy(input, src)


# Tensor methods and operators ----------------------------------------------------------------------------


def _r(fn):
    """Reflected operator: ``other OP self``."""
    def reflected(self, other):
        return fn(other, self)
    return reflected


_OPERAND = (Tensor, int, float, bool, np.ndarray, np.generic)


def _operator(fn):
    """A binary operator method: other operand types (lists, strings, None) give Python's TypeError, as in torch."""
    def operator(self, other):
        if not isinstance(other, _OPERAND):
            return NotImplemented
        return fn(self, other)
    operator.__name__ = getattr(fn, "__name__", "operator")
    return operator


def _rtruediv(self, other):
    """``other / self``: torch computes ``self.reciprocal() * other`` (so the node is MulBackward0)."""
    return mul(reciprocal(self), other)


_matmul = None  # linalg.matmul, bound on first use (linalg imports this module)


def _load_matmul():
    global _matmul
    from .linalg import matmul

    _matmul = matmul
    return matmul


def _mm(a, b):
    if not isinstance(b, Tensor):
        return NotImplemented
    return (_matmul or _load_matmul())(a, b)


def _rmm(a, b):
    if not isinstance(b, Tensor):
        return NotImplemented
    return (_matmul or _load_matmul())(b, a)


def _clamp_method(self, min=None, max=None):  # noqa: A002
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if _clamp_mixed(min, max):
        got = ", ".join("Tensor" if isinstance(v, Tensor) else type(v).__name__ for v in (min, max))
        marks = ", ".join(f"!{g}!" for g in got.split(", "))
        raise TypeError(f"clamp() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        f" * (Tensor min = None, Tensor max = None)\n"
                        f"      didn't match because some of the arguments have invalid types: ({marks})\n"
                        f" * (Number min = None, Number max = None)\n"
                        f"      didn't match because some of the arguments have invalid types: ({marks})\n")
    return clamp(self, min, max)


def _cpp_cast_check(fn):
    """clamp's in-place forms name the target dtype by its C++ type in torch's cast error."""
    def op(self, *args, **kw):
        res = fn(self, *args, **kw)
        if res.dtype is not self.dtype and not D.can_cast(res.dtype, self.dtype):
            raise RuntimeError(f"result type {res.dtype._torch_name} can't be cast to the desired output type "
                               f"{cpp_name(self.dtype)}")
        return res
    return op


def _method(fn, fname: str, arg: str = "other"):
    """The method form of a function whose second argument must be a tensor (torch counts it as position 1)."""
    def method(self, other, *args, **kw):
        _need_tensor(fname, arg, 1, other)
        return fn(self, other, *args, **kw)
    method.__name__ = fname
    return method


METHODS = {
    "add": add, "sub": sub, "subtract": sub, "mul": mul, "multiply": mul, "div": divide, "divide": divide,
    "true_divide": true_divide, "floor_divide": floor_divide, "remainder": remainder, "fmod": fmod, "pow": pow,
    "float_power": float_power, "neg": neg, "negative": neg, "positive": positive, "abs": abs, "absolute": abs,
    "exp": exp, "exp2": exp2, "expm1": expm1, "log": log, "log2": log2, "log10": log10, "log1p": log1p,
    "sqrt": sqrt, "rsqrt": rsqrt, "reciprocal": reciprocal, "sin": sin, "cos": cos, "tan": tan, "asin": asin,
    "acos": acos, "atan": atan, "arcsin": asin, "arccos": acos, "arctan": atan, "sinh": sinh, "cosh": cosh,
    "tanh": tanh, "asinh": asinh, "acosh": acosh, "atanh": atanh, "arcsinh": asinh, "arccosh": acosh,
    "arctanh": atanh, "atan2": _method(atan2, "atan2"), "arctan2": _method(atan2, "arctan2"),
    "hypot": _method(hypot, "hypot"), "xlogy": xlogy, "logaddexp": _method(logaddexp, "logaddexp"),
    "logaddexp2": _method(logaddexp2, "logaddexp2"), "copysign": copysign,
    "heaviside": _method(heaviside, "heaviside", "values"), "deg2rad": deg2rad, "rad2deg": rad2deg,
    "sigmoid": sigmoid, "logit": logit, "relu": relu, "sign": sign, "sgn": sgn, "floor": floor, "ceil": ceil,
    "trunc": trunc, "fix": trunc, "frac": frac, "round": round, "square": square, "erf": erf, "erfc": erfc,
    "erfinv": erfinv, "lgamma": lgamma, "digamma": digamma, "polygamma": lambda self, n: polygamma(n, self),
    "sinc": sinc, "nan_to_num": nan_to_num, "clamp": _clamp_method, "clip": _clamp_method, "clamp_min": clamp_min,
    "clamp_max": clamp_max, "maximum": _method(maximum, "maximum"), "minimum": _method(minimum, "minimum"),
    "fmax": _method(fmax, "fmax"), "fmin": _method(fmin, "fmin"),
    "where": lambda self, condition, other: where(condition, self, other),
    "lerp": lerp, "addcmul": addcmul, "addcdiv": addcdiv,
    "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge, "not_equal": ne, "less": lt, "less_equal": le,
    "greater": gt, "greater_equal": ge, "logical_and": logical_and, "logical_or": logical_or,
    "logical_xor": logical_xor, "logical_not": logical_not, "isnan": isnan, "isinf": isinf, "isfinite": isfinite,
    "isposinf": isposinf, "isneginf": isneginf, "signbit": signbit, "bitwise_and": bitwise_and,
    "bitwise_or": bitwise_or, "bitwise_xor": bitwise_xor, "bitwise_not": bitwise_not,
    "bitwise_left_shift": bitwise_left_shift, "bitwise_right_shift": bitwise_right_shift,
    "gcd": _method(gcd, "gcd"), "lcm": _method(lcm, "lcm"), "isclose": _method(isclose, "isclose"),
    "allclose": allclose, "equal": equal, "clone": clone,
    "__add__": _operator(add), "__radd__": _operator(add), "__sub__": _operator(sub),
    "__rsub__": _operator(rsub), "__mul__": _operator(mul), "__rmul__": _operator(mul),
    "__truediv__": _operator(true_divide), "__rtruediv__": _operator(_rtruediv),
    "__floordiv__": _operator(floor_divide), "__rfloordiv__": _operator(_r(floor_divide)),
    "__mod__": _operator(remainder), "__rmod__": _operator(_r(remainder)), "__pow__": _operator(pow),
    "__rpow__": _operator(_r(pow)), "__neg__": neg, "__pos__": positive, "__abs__": abs, "__matmul__": _mm,
    "__rmatmul__": _rmm, "__eq__": _operator(eq), "__ne__": _operator(ne), "__lt__": _operator(lt),
    "__le__": _operator(le),
    "__gt__": _operator(gt), "__ge__": _operator(ge), "__and__": _operator(bitwise_and),
    "__rand__": _operator(_r(bitwise_and)), "__or__": _operator(bitwise_or), "__ror__": _operator(_r(bitwise_or)),
    "__xor__": _operator(bitwise_xor), "__rxor__": _operator(_r(bitwise_xor)),
    "__lshift__": _operator(bitwise_left_shift), "__rlshift__": _operator(_r(bitwise_left_shift)),
    "__rshift__": _operator(bitwise_right_shift), "__rrshift__": _operator(_r(bitwise_right_shift)),
    "__invert__": _invert,
}

# In-place forms (``x.add_(y)``, ``x += y``): the same functions, written back into x.
# Where no graph is needed, add_/sub_/mul_/zero_ on float tensors write straight into x (``_op.fast_ufunc``).
add._fast_inplace = fast_ufunc(np.add)
sub._fast_inplace = fast_ufunc(np.subtract)
mul._fast_inplace = fast_ufunc(np.multiply)
_zero._fast_inplace = fast_ufunc(lambda a: a.fill(0), 0)
INPLACE = {name: METHODS[name] for name in (
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder",
    "fmod", "pow", "neg", "negative", "abs", "absolute", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh", "atan2", "arctan2",
    "hypot", "xlogy", "copysign", "heaviside", "deg2rad", "rad2deg", "sigmoid", "logit", "relu", "sign", "sgn",
    "floor", "ceil", "trunc", "fix", "frac", "round", "square", "erf", "erfc", "erfinv", "lgamma", "digamma",
    "polygamma", "sinc", "nan_to_num", "lerp", "addcmul", "addcdiv",
    "eq", "ne", "lt", "le", "gt", "ge", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_not", "bitwise_left_shift", "bitwise_right_shift", "gcd", "lcm")}
INPLACE.update({"fill": _fill_inplace, "zero": _zero, "copy": copy, "clamp": _cpp_cast_check(_clamp_method),
                "clip": _cpp_cast_check(_clamp_method), "clamp_min": _cpp_cast_check(clamp_min),
                "clamp_max": _cpp_cast_check(clamp_max), "float_power": _float_power_})
INPLACE.update({"__iadd__": add, "__isub__": sub, "__imul__": mul, "__itruediv__": true_divide,
                "__ifloordiv__": floor_divide, "__imod__": remainder, "__ipow__": pow, "__iand__": bitwise_and,
                "__ior__": bitwise_or, "__ixor__": bitwise_xor, "__ilshift__": bitwise_left_shift,
                "__irshift__": bitwise_right_shift})

__all__ = [
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "float_power", "square", "neg", "negative", "positive", "abs", "absolute", "exp",
    "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tan", "asin",
    "acos", "atan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "arcsinh",
    "arccosh", "arctanh", "atan2", "arctan2", "hypot", "xlogy", "logaddexp", "logaddexp2", "copysign",
    "heaviside", "deg2rad", "rad2deg", "sigmoid", "logit", "relu", "sign", "sgn", "floor", "ceil", "trunc", "fix",
    "frac", "round", "erf", "erfc", "erfinv", "lgamma", "digamma", "polygamma", "sinc", "nan_to_num", "clamp",
    "clip", "clamp_min", "clamp_max", "maximum", "minimum", "fmax", "fmin", "where", "lerp", "addcmul", "addcdiv",
    "eq", "ne", "lt", "le", "gt", "ge", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "isposinf",
    "isneginf", "signbit", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift", "gcd", "lcm", "isclose", "allclose", "equal", "clone", "fill",
]
subtract, multiply, negative, absolute, fix = sub, mul, neg, abs, trunc
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh
not_equal, less, less_equal, greater, greater_equal = ne, lt, le, gt, ge

import builtins as _builtins  # noqa: E402

builtins_abs = _builtins.abs
