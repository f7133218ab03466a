"""Correctly rounded fused multiply-add ``a * b + c`` for NumPy arrays (``a``) and scalars (``b``, ``c``).

torch's CPU kernels are compiled by GCC, which contracts ``x * y + z`` into one FMA instruction (a single
rounding). NumPy has no FMA, so it is emulated exactly:

- float32: the product of two float32 is exact in float64; the float64 sum is then rounded to float32. That
  double rounding is wrong only when the float64 sum lands exactly on a float32 rounding midpoint and was itself
  inexact: those rare lanes are redone with the exact error of the sum (round-to-odd);
- float64: Boldo & Melquiond's algorithm (exact product and sum by error-free transformations, the low part
  rounded to odd, then one final rounding).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["fma32", "fma32_block", "fma32_constants", "fma32_shortcut", "fma64", "fma64_arrays", "fma64_scalar",
           "round_to_odd", "two_sum"]

_F32_MID = np.uint64(0x10000000)  # the low 29 bits of a float64 lying halfway between two float32
_F32_LOW = np.uint64(0x1FFFFFFF)
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant for float64


def two_sum(a, b):
    """``s = fl(a + b)`` and the exact error ``e`` (``a + b == s + e``)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def round_to_odd(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """The float64 nearest to ``s + e`` (``e`` the exact error of ``s``) rounded to odd: when inexact, the
    neighbour of the exact value whose last significand bit is 1."""
    fix = (e != 0) & ((s.view(np.uint64) & np.uint64(1)) == 0)
    if fix.any():
        s = s.copy()
        s[fix] = np.nextafter(s[fix], np.where(e[fix] > 0, np.inf, -np.inf))  # towards the exact sum (s + 2 e
        # may round back to s)
    return s


def _split(a):
    t = _SPLIT * a
    hi = t - (t - a)
    return hi, a - hi


def two_prod(a, b):
    """``p = fl(a * b)`` and the exact error ``e`` (Dekker's product; no overflow for |a|, |b| < 2**995)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def fma32(a: np.ndarray, b: float, c: float, out: np.ndarray | None = None) -> np.ndarray:
    """``fl32(a * b + c)`` with one rounding, for a float32 array ``a`` and float32 scalars ``b``, ``c``
    (into ``out`` if given, which may be ``a``). Works through cache-sized chunks of flat arrays."""
    b, c = np.float32(b), np.float32(c)
    if out is None:
        out = np.empty(a.shape, np.float32)
    if fma32_shortcut(a, b, c, out):
        return out
    b64, c64, tiny = fma32_constants(b, c)
    if a.ndim != 1 or out.ndim != 1 or a.size <= _CHUNK:
        fma32_block(a, b64, c64, tiny, np.empty(a.shape, np.float64), out)
        return out
    t64 = np.empty(_CHUNK, np.float64)
    for i in range(0, a.size, _CHUNK):
        j = min(i + _CHUNK, a.size)
        fma32_block(a[i:j], b64, c64, tiny, t64[: j - i], out[i:j])
    return out


_CHUNK = 1 << 15
_EXP = np.uint64(0x7FF0000000000000)
_EXP_TINY = np.uint64((1023 - 126) << 52)


def fma32_shortcut(a: np.ndarray, b: np.float32, c: np.float32, out: np.ndarray) -> bool:
    """The FMA as one float32 operation when one is exact: ``b == 1`` (``a + c``) or ``c == 0`` (``a * b``, then
    ``+ c`` for the FMA's sign of zero; ``|b| >= 2**-60`` so that no nonzero product underflows)."""
    if b == 1:
        np.add(a, c, out)
        return True
    if c == 0 and abs(b) >= 2.0 ** -60:
        np.multiply(a, b, out)
        np.add(out, c, out)
        return True
    return False


def fma32_constants(b: np.float32, c: np.float32) -> tuple:
    """``b`` and ``c`` as 0-d float64 arrays, and whether results may be float32-subnormal. They cannot when
    ``|b| >= 2**-60``, ``c`` is 0 or ``|c| >= 2**-60`` and ``a``'s nonzero values have ``|a| >= 2**-40`` (true of
    the uniforms and normals fed here): the exact sum is then 0 or at least ``2**-108`` in magnitude."""
    tiny = not (abs(b) >= 2.0 ** -60 and (c == 0 or abs(c) >= 2.0 ** -60))
    return np.array(b, np.float64), np.array(c, np.float64), tiny


def fma32_block(a: np.ndarray, b64: np.ndarray, c64: np.ndarray, tiny: bool, s: np.ndarray,
                out: np.ndarray) -> None:
    """``fma32`` on one block; ``s`` is float64 scratch of ``a``'s shape."""
    np.copyto(s, a)
    np.multiply(s, b64, s)  # exact: 24 + 24 bits
    np.add(s, c64, s)
    bits = s.view(np.uint64)
    tricky = np.bitwise_and(bits, _F32_LOW) == _F32_MID  # the sum sits on a float32 rounding midpoint
    if tiny:
        tricky |= np.bitwise_and(bits, _EXP) < _EXP_TINY  # float32 subnormals round at a higher bit
    if tricky.any():
        idx = np.nonzero(tricky)
        ss, e = two_sum(a[idx].astype(np.float64) * b64, c64)
        s[idx] = round_to_odd(ss, e)
    out[...] = s


def fma64(a: np.ndarray, b: float, c: float) -> np.ndarray:
    """``fl64(a * b + c)`` with one rounding, for a float64 array ``a`` and float scalars ``b``, ``c``."""
    b, c = float(b), float(c)
    if c == 0:
        return a * b + c  # one rounding already (the product); adding the zero fixes the sign of zero
    uh, ul = two_prod(a, b)
    th, tl = two_sum(c, uh)
    s, e = two_sum(tl, ul)
    return th + round_to_odd(np.asarray(s, np.float64), e)


def fma64_arrays(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``fl64(a * b + c)`` with one rounding, elementwise over float64 arrays that broadcast together."""
    uh, ul = two_prod(a, b)
    th, tl = two_sum(c, uh)
    s, e = two_sum(tl, ul)
    r = th + round_to_odd(np.asarray(s, np.float64), np.asarray(e, np.float64))
    return np.where(r == 0, a * b + c, r)  # an exact zero takes the sign of the plain expression


def fma64_scalar(a: float, b: float, c: float) -> float:
    """``fl64(a * b + c)`` with one rounding, for Python floats (the same algorithm, without arrays)."""
    if c == 0:
        return a * b + c
    p = a * b
    t = _SPLIT * a
    ah = t - (t - a)
    al = a - ah
    t = _SPLIT * b
    bh = t - (t - b)
    bl = b - bh
    ul = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    th = c + p
    bb = th - c
    tl = (c - (th - bb)) + (p - bb)
    s = tl + ul
    bb = s - tl
    e = (tl - (s - bb)) + (ul - bb)
    if e != 0:  # s is inexact (so not 0): round it to odd, towards the exact sum
        m, _ = math.frexp(s)
        if int(m * 9007199254740992.0) % 2 == 0:
            s = math.nextafter(s, math.copysign(math.inf, e))
    return th + s
