"""``random_``'s argument handling (``random_from_to_impl`` in ``aten/src/ATen/native/DistributionTemplates.h``):
the range checks with torch's messages, float dtypes' ``update_from``/``update_to``, and the kernel to run."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from .. import _dtype as D
from . import kernels as K

__all__ = ["META_NAMES", "CTYPE_NAMES", "DIGITS", "FLOAT_RANGE", "INT64_MIN", "INT64_MAX", "check_bounds",
           "random_values", "int_arg", "not_implemented_for"]

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
# caffe2 TypeMeta names, which torch's range messages print
META_NAMES = {D.float16: "c10::Half", D.float32: "float", D.float64: "double", D.int8: "signed char",
              D.int16: "short int", D.int32: "int", D.int64: "long int", D.uint8: "unsigned char", D.bool: "bool"}
CTYPE_NAMES = {D.int8: "int8_t", D.uint8: "uint8_t", D.int16: "int16_t", D.int32: "int", D.int64: "int64_t"}
DIGITS = {D.float16: 11, D.float32: 24, D.float64: 53}
FLOAT_RANGE = {d: (float(np.finfo(d.np).min), float(np.finfo(d.np).max)) for d in DIGITS}


def not_implemented_for(kernel: str, dt) -> NotImplementedError:
    """torch's error for a dtype its kernel dispatch does not cover."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{dt._torch_name}\'')


def check_bounds(value: int, name: str, dt) -> None:
    """``check_from_to_in_range``: errors outside the dtype, warnings beyond a float's exact integers."""
    if dt.is_floating_point:
        lo, hi = FLOAT_RANGE[dt]
        if not lo <= value <= hi:
            raise RuntimeError(f"{name} is out of bounds for {META_NAMES[dt]}")
        digits = DIGITS[dt]
        if value < -(1 << digits) or value > 1 << digits:
            warnings.warn(f"{name} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                          f"{META_NAMES[dt]} can support discrete uniform distribution only within this range. "
                          "This warning will become an error in version 1.7 release, please fix the code in advance",
                          UserWarning, stacklevel=4)
        return
    if dt is D.bool:
        lo, hi = 0, 1
    else:
        info = np.iinfo(dt.np)
        lo, hi = int(info.min), int(info.max)
    if not lo <= value <= hi:
        raise RuntimeError(f"{name} is out of bounds for {META_NAMES[dt]}")


def _as_float_int(v: int, dt) -> int:
    """``static_cast<int64_t>(static_cast<scalar_t>(v))`` for an int64 ``v`` (wrapping as C++ does)."""
    v = ((v - INT64_MIN) & 0xFFFFFFFFFFFFFFFF) + INT64_MIN
    x = np.array([v], np.int64).astype(np.float32 if dt is D.float16 else dt.np)
    if dt is D.float16:
        with np.errstate(over="ignore"):
            x = x.astype(np.float16)
    r = int(x[0]) if np.isfinite(x[0]) else INT64_MIN
    return r if INT64_MIN <= r <= INT64_MAX else INT64_MIN  # x86 converts inf and out-of-range values to INT64_MIN


def _update_from(v: int, dt) -> int:
    plus1 = _as_float_int(v + 1, dt)
    if plus1 < v:
        n = abs(v + 1).bit_length() - 1
        v = plus1 + (1 << (n - DIGITS[dt] + 1))
    return v


def _update_to(v: int, dt) -> int:
    minus1 = _as_float_int(v - 1, dt)
    if minus1 >= v:
        n = abs(v - 1).bit_length() - 1
        v = minus1 - (1 << (n - DIGITS[dt] + 1))
    return v


def random_values(gen, dt, low: int | None, high: int | None, default: bool):
    """``random_``'s argument handling (``random_from_to_impl``): the checks, then a function of ``n``."""
    npd = dt.np
    if default:
        return lambda n: K.random_default(gen, n, npd)
    if high is not None:
        if not low < high:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
        if dt.is_floating_point:
            low, high = _update_from(low, dt), _update_to(high, dt)
            if not low < high:
                raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                                   f"but got from={low} >= to={high}")
        check_bounds(low, "from", dt)
        check_bounds(high - 1, "to - 1", dt)
        span, base = (high - low) & 0xFFFFFFFFFFFFFFFF, low
        return lambda n: K.random_from_to(gen, n, npd, span, base)
    if low != INT64_MIN:
        if dt.is_floating_point:
            to_inc = min(1 << DIGITS[dt], INT64_MAX)
            low = _update_from(low, dt)
            if not low < to_inc:
                raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                                   f"casted to dtype, but got from={low} > to_inc={to_inc}")
        else:
            to_inc = 1 if dt is D.bool else int(np.iinfo(npd).max)
        check_bounds(low, "from", dt)
        check_bounds(to_inc, "to - 1", dt)
        span, base = (to_inc - low + 1) & 0xFFFFFFFFFFFFFFFF, low
        return lambda n: K.random_from_to(gen, n, npd, span, base)
    return lambda n: K.random_full_range(gen, n, npd) if _full_range_dtype(dt) else None


def _full_range_dtype(dt) -> bool:
    """The full-range kernel's dtype dispatch (reached only for a non-empty tensor)."""
    if dt is D.float16 or dt is D.bool:
        raise not_implemented_for("random_full_64_bits_range_kernel_cpu", dt)
    if dt not in (D.int64, D.float32, D.float64):
        raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16")
    return True


def int_arg(v, name: str) -> int:
    if hasattr(v, "item") and not isinstance(v, numbers.Number):  # a 0-dim tensor
        v = v.item()
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        if isinstance(v, float) and v == int(v):
            return int(v)
        raise TypeError(f"random_(): argument '{name}' must be int, not {type(v).__name__}")
    v = int(v)
    if not INT64_MIN <= v <= INT64_MAX:
        raise ValueError("Overflow when unpacking long long")
    return v
