"""The C math library functions torch's CPU kernels call, vectorised.

torch calls glibc (``log1p``, ``sin``, ...). NumPy's float64 loops call the same library on most machines, but
may use their own SIMD code (e.g. on AVX-512). On first use each function is checked against Python's
``math`` module (glibc) on a fixed sample; if NumPy disagrees, the element-wise ``math`` version is used.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["log", "log1p", "sin", "cos", "tan", "exp"]

_checked: dict = {}


def _sample() -> np.ndarray:
    """4096 uniforms on which NumPy's function is compared with C's (numpy.random imported only now)."""
    return np.random.default_rng(20240531).random(4096)


def _pick(name: str, np_fn, math_fn, arg_of):
    def fn(x: np.ndarray) -> np.ndarray:
        impl = _checked.get(name)
        if impl is None:
            arg = arg_of(_sample())
            with np.errstate(all="ignore"):
                ok = np.array_equal(np_fn(arg), np.array([math_fn(v) for v in arg.tolist()]))
            impl = _checked[name] = np_fn if ok else np.frompyfunc(_safe(math_fn), 1, 1)
        with np.errstate(all="ignore"):
            out = impl(x)
        return out if out.dtype == np.float64 else out.astype(np.float64)
    fn.__name__ = name
    return fn


def _safe(f):
    def g(v):
        try:
            return f(v)
        except (ValueError, OverflowError):
            return float(np.float64(getattr(np, f.__name__)(np.float64(v))))
    return g


log = _pick("log", np.log, math.log, lambda u: 1.0 - u)
log1p = _pick("log1p", np.log1p, math.log1p, lambda u: -u)
sin = _pick("sin", np.sin, math.sin, lambda u: 2 * math.pi * u)
cos = _pick("cos", np.cos, math.cos, lambda u: 2 * math.pi * u)
tan = _pick("tan", np.tan, math.tan, lambda u: math.pi * (u - 0.5))
exp = _pick("exp", np.exp, math.exp, lambda u: 20 * u - 10)
