"""The distributions of ATen's CPU kernels, vectorised: each returns the values torch writes, in the order torch
writes them (``n`` values; the caller places them in memory order).

References (``aten/src/ATen/``): ``core/DistributionsHelper.h`` and ``core/TransformationHelper.h`` (the
per-element transforms), ``native/cpu/DistributionTemplates.h`` (which draws each kernel makes),
``native/TensorFactories.cpp`` (randperm), ``native/Distributions.cpp`` and ``native/cpu/MultinomialKernel.cpp``.

Facts they encode (each checked against torch 2.13):

- float32 and float16 uniforms use 24 bits of one 32-bit draw (float16 computes in float, then rounds);
  float64 uses 53 bits of a 64-bit draw; ``from + u * (to - from)`` is one fused multiply-add (GCC contracts
  it); a result that rounds to ``to`` becomes ``from``;
- the element-wise distributions (the scalar ``normal_`` path, exponential, cauchy, log-normal, geometric,
  ``bernoulli_(p)``) compute in double from 64-bit draws, then cast; a double cast to float16 goes through float;
- the scalar normal is Box-Muller on two doubles ``u1`` (angle) and ``u2`` (radius, ``log1p(-u2)``); it returns
  ``r cos`` and keeps ``r sin`` in the generator for the next scalar normal (or log-normal) of any tensor.
"""

from __future__ import annotations

import math

import numpy as np

from . import libm
from .avx2 import normal_fill_f32
from .fma import fma32, fma64, fma64_scalar

__all__ = ["uniform", "normal", "random_from_to", "random_full_range", "random_default", "bernoulli_scalar",
           "bernoulli_tensor", "exponential", "cauchy", "log_normal", "geometric", "randperm",
           "multinomial_with_replacement", "from_double", "RANDPERM_SMALL_LIMIT"]

_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_MASK24 = np.uint32(0xFFFFFF)
_MASK53 = np.uint64((1 << 53) - 1)
_TWO_PI = 2.0 * math.pi
RANDPERM_SMALL_LIMIT = (2 ** 32 - 1) // 20  # randperm_cpu keeps the old 32-bit Fisher-Yates below this n


def from_double(v: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(double)``; c10::Half is built from a float, so float16 rounds twice."""
    if dtype == _F16:
        return v.astype(np.float32).astype(np.float16)
    return v.astype(dtype)


def _from_int64(v: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(int64_t)`` (float16 again through float)."""
    if dtype == np.bool_:
        return v != 0
    if dtype == _F16:
        return v.astype(np.float32).astype(np.float16)
    return v.astype(dtype)


def _unit_double(gen, n: int) -> np.ndarray:
    """``uniform_real_distribution<double>(0, 1)``: 53 bits of a 64-bit draw, in [0, 1)."""
    k = gen.u64(n)
    k &= _MASK53
    v = k.astype(np.float64)
    v *= 2.0 ** -53
    return v


def _unit_float(gen, n: int) -> np.ndarray:
    """``uniform_real_distribution<float>(0, 1)``: 24 bits of a 32-bit draw, in [0, 1)."""
    k = gen.u32(n)
    k &= _MASK24
    v = k.astype(np.float32)
    v *= np.float32(2.0 ** -24)
    return v


# -- uniform -------------------------------------------------------------------------------------------------
def uniform(gen, n: int, dtype: np.dtype, low: float, high: float) -> np.ndarray:
    """``uniform_(low, high)``: ``fma(u, high - low, low)`` in float (float16 too) or double; a result that
    rounds up to ``high`` is replaced by ``low`` (torch keeps the range half-open)."""
    if dtype == _F64:
        u = _unit_double(gen, n)
        if low == 0 and high == 1:
            return u
        v = fma64(u, high - low, low)
        v[v >= high] = low
        return v
    if n <= 16 and low == 0 and high == 1 and dtype == _F32:  # the common tiny case, without array arithmetic
        return np.array([(r & 0xFFFFFF) * 5.9604644775390625e-08 for r in gen.raw_list(n)], np.float32)
    u = _unit_float(gen, n)
    lo, hi = np.float32(low), np.float32(high)
    if dtype == _F32:
        if lo == 0 and hi == 1:
            return u
        v = fma32(u, hi - lo, lo)
    elif dtype == _F16:
        v = fma32(u, hi - lo, lo).astype(np.float16)
        lo, hi = lo.astype(np.float16), hi.astype(np.float16)
    else:
        raise TypeError(dtype)
    v[v >= hi] = lo
    return v


# -- normal --------------------------------------------------------------------------------------------------
def _scalar_normals(gen, n: int) -> np.ndarray:
    """``n`` standard normals of ``normal_distribution<double>``, using and refilling the generator's cache.

    Each pair of doubles ``(u1, u2)`` gives ``r cos(t)`` now and ``r sin(t)`` next (cached), with
    ``r = sqrt(-2 log1p(-u2))``, ``t = 2 pi u1``. The products are rounded before ``* std + mean``.
    """
    if n <= 16:
        return np.array(_scalar_normals_small(gen, n))
    out = np.empty(n, np.float64)
    i = 0
    if n and gen.next_double is not None:
        out[0] = gen.next_double
        gen.next_double = None
        i = 1
    m = n - i
    if m:
        pairs = (m + 1) // 2
        u = _unit_double(gen, 2 * pairs)
        r = np.sqrt(-2.0 * libm.log1p(-u[1::2]))
        t = _TWO_PI * u[0::2]
        out[i::2] = r[: (m + 1) // 2] * libm.cos(t[: (m + 1) // 2])
        sin = r * libm.sin(t)
        out[i + 1::2] = sin[: m // 2]
        if m % 2:
            gen.next_double = float(sin[-1])
    return out


def _scalar_normals_small(gen, n: int) -> list:
    """``_scalar_normals`` for a handful of values, with Python floats and ``math`` (glibc, as torch)."""
    out = []
    if n and gen.next_double is not None:
        out.append(gen.next_double)
        gen.next_double = None
    m = n - len(out)
    if m:
        raw = gen.raw_list(4 * ((m + 1) // 2))
        for j in range(0, len(raw), 4):
            u1 = (((raw[j] << 32) | raw[j + 1]) & 0x1FFFFFFFFFFFFF) * 1.1102230246251565e-16
            u2 = (((raw[j + 2] << 32) | raw[j + 3]) & 0x1FFFFFFFFFFFFF) * 1.1102230246251565e-16
            r = math.sqrt(-2.0 * math.log1p(-u2))
            t = _TWO_PI * u1
            out.append(r * math.cos(t))
            sin = r * math.sin(t)
            if len(out) < n:
                out.append(sin)
            else:
                gen.next_double = sin
    return out


def _fill16_f64(u: np.ndarray, mean: float, std: float) -> np.ndarray:
    """``normal_fill_16<double>`` on blocks of 16 uniforms (shape (b, 16))."""
    radius = np.sqrt(-2.0 * libm.log(1.0 - u[:, :8]))
    theta = _TWO_PI * u[:, 8:]
    out = np.empty_like(u)
    out[:, :8] = fma64(radius * libm.cos(theta), std, mean)
    out[:, 8:] = fma64(radius * libm.sin(theta), std, mean)
    return out


def normal(gen, n: int, dtype: np.dtype, mean: float, std: float, vectorised: bool) -> np.ndarray:
    """``normal_(mean, std)``. ``vectorised``: the tensor is contiguous with at least 16 elements, so torch
    fills uniforms and transforms blocks of 16 (``normal_fill``); otherwise one double normal per element."""
    if not vectorised:
        if n <= 16:
            z = _scalar_normals_small(gen, n)
            return from_double(np.array([fma64_scalar(v, std, mean) for v in z]), dtype)
        return from_double(fma64(_scalar_normals(gen, n), std, mean), dtype)
    full = n - n % 16
    if dtype == _F32 or dtype == _F16:
        def draw(m: int) -> np.ndarray:
            k = gen.u32(m)
            k &= _MASK24
            return k

        # float32 draws all n uniforms first; float16 (converted through float blocks) only the whole blocks
        out = normal_fill_f32(draw, n, n if dtype == _F32 else full, mean, std)
        return out if dtype == _F32 else out.astype(np.float16)
    if dtype == _F64:
        u = _unit_double(gen, n)
        out = u.copy()
        out[:full] = _fill16_f64(u[:full].reshape(-1, 16), mean, std).reshape(-1)
        if full != n:
            out[n - 16:] = _fill16_f64(_unit_double(gen, 16).reshape(1, 16), mean, std).reshape(-1)
        return out
    raise TypeError(dtype)


def log_normal(gen, n: int, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
    """``log_normal_(mean, std)``: ``exp`` of the scalar double normal (shares its cache)."""
    return from_double(libm.exp(fma64(_scalar_normals(gen, n), std, mean)), dtype)


# -- integers ------------------------------------------------------------------------------------------------
def random_from_to(gen, n: int, dtype: np.dtype, span: int, base: int) -> np.ndarray:
    """``random_(from, to)``: ``(draw % span) + from``; a 64-bit draw when ``span >= 2**28``, else 32-bit."""
    if span < 1 << 28:  # from + (r % span) < to: no wrap-around
        v = gen.u32(n)
        v %= np.uint32(span)
        out = v.astype(np.int64)
        if base:
            out += base
        return out if dtype == np.int64 else _from_int64(out, dtype)
    v = gen.u64(n)
    v %= np.uint64(span)
    v += np.uint64(base & 0xFFFFFFFFFFFFFFFF)  # uint64 arithmetic, wrapping as in C++
    return _from_int64(v.view(np.int64), dtype)


def random_full_range(gen, n: int, dtype: np.dtype) -> np.ndarray:
    """``random_(-2**63, None)``: a whole 64-bit draw as int64."""
    return _from_int64(gen.u64(n).view(np.int64), dtype)


def random_default(gen, n: int, dtype: np.dtype) -> np.ndarray:
    """``random_()``: ``[0, 2**mantissa]`` for floating types, ``[0, max]`` for integers, a bit for bool."""
    if dtype == np.bool_:
        return (gen.u32(n) & np.uint32(1)).astype(np.bool_)
    if dtype == _F64 or dtype == np.int64:
        v = gen.u64(n)
        mod = (1 << 53) + 1 if dtype == _F64 else 1 << 63
    else:
        v = gen.u32(n).astype(np.uint64)
        if dtype == _F32:
            mod = (1 << 24) + 1
        elif dtype == _F16:
            mod = (1 << 11) + 1
        else:
            mod = int(np.iinfo(dtype).max) + 1
    v %= np.uint64(mod)
    return _from_int64(v.view(np.int64), dtype)


# -- element-wise double distributions -----------------------------------------------------------------------
def bernoulli_scalar(gen, n: int, dtype: np.dtype, p: float) -> np.ndarray:
    """``bernoulli_(p)``: ``u < p`` for a double uniform per element."""
    return _from_bool(_unit_double(gen, n) < p, dtype)


def bernoulli_tensor(gen, p: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``bernoulli_(p_tensor)``: a double uniform per element for float64 ``p``, else a float one (32-bit)."""
    if p.dtype == _F64:
        u = _unit_double(gen, p.size)
    else:
        u = _unit_float(gen, p.size)
        p = p.astype(np.float32)
    return _from_bool(u < p, dtype)


def _from_bool(b: np.ndarray, dtype: np.dtype) -> np.ndarray:
    return b if dtype == np.bool_ else b.astype(dtype)


def exponential(gen, n: int, dtype: np.dtype, lambd: float) -> np.ndarray:
    """``exponential_(lambd)``: ``-1 / lambd * log1p(-u)``."""
    return from_double((-1.0 / lambd) * libm.log1p(-_unit_double(gen, n)), dtype)


def cauchy(gen, n: int, dtype: np.dtype, median: float, sigma: float) -> np.ndarray:
    """``cauchy_(median, sigma)``: ``median + sigma * tan(pi * (u - 0.5))`` (one FMA)."""
    t = libm.tan(math.pi * (_unit_double(gen, n) - 0.5))
    return from_double(fma64(t, sigma, median), dtype)


def geometric(gen, n: int, dtype: np.dtype, p: float) -> np.ndarray:
    """``geometric_(p)``: ``ceil(log(u) / log1p(-p))``."""
    with np.errstate(all="ignore"):
        v = np.ceil(libm.log(_unit_double(gen, n)) / math.log1p(-p))
    if dtype.kind in "iub":
        v = np.where(np.isfinite(v), v, -(2.0 ** 63))  # x86's conversion of inf (u == 0) to an integer
        return v.astype(np.int64).astype(dtype)
    return from_double(v, dtype)


# -- randperm ------------------------------------------------------------------------------------------------
def _resolve(parent: np.ndarray) -> np.ndarray:
    """Follow ``parent`` pointers (each pointing to a smaller index, or to itself at a root) to the roots."""
    active = np.flatnonzero(parent != np.arange(parent.size, dtype=parent.dtype))
    while active.size:
        nxt = parent[parent[active]]
        parent[active] = nxt
        active = active[parent[nxt] != nxt]
    return parent


def _previous_same(t: np.ndarray) -> np.ndarray:
    """For each ``i``, the last ``k < i`` with ``t[k] == t[i]``, or -1 (``t`` in ``[0, len(t))``)."""
    n = t.size
    bits = max(n - 1, 1).bit_length()
    if 2 * bits <= 63:  # one SIMD sort of unique keys (t, i) instead of a stable argsort
        key = t.astype(np.int64) << bits
        key |= np.arange(n, dtype=np.int64)
        key.sort()
        st = key >> bits
        order = (key & ((1 << bits) - 1)).astype(t.dtype)
    else:
        order = np.argsort(t, kind="stable").astype(t.dtype)
        st = t[order]
    same = st[1:] == st[:-1]
    prev = np.full(n, -1, t.dtype)
    prev[order[1:][same]] = order[:-1][same]
    return prev


def _fisher_yates(z: np.ndarray, n: int) -> np.ndarray:
    """The permutation of ``for i < n - 1: swap(a[i], a[i + z[i]])`` on ``a = arange(n)``, vectorised.

    With ``t_i = i + z_i``: position ``i`` ends with the value at ``t_i`` before step ``i``. That is the value
    ``w_k`` carried there by the last earlier step ``k`` with ``t_k = t_i``, else ``t_i`` itself; and ``w_k``
    (position ``k`` before step ``k``) is the ``w`` of the last earlier step targeting ``k``, else ``k``.
    """
    it = np.int32 if n < 1 << 31 else np.int64
    idx = np.arange(n, dtype=it)
    t = idx.copy()
    t[: n - 1] += z.astype(it)
    moved = np.flatnonzero(t != idx).astype(it)
    parent = idx.copy()
    parent[t[moved]] = moved  # last write wins: the latest step that moved a value to that position
    w = _resolve(parent)
    prev = _previous_same(t)
    has = prev >= 0
    out = t.astype(np.int64)
    out[has] = w[prev[has]]
    return out


def _inside_out(z: np.ndarray, n: int) -> np.ndarray:
    """The permutation of ``for i < n: r[i] = r[z[i]]; r[z[i]] = i`` (``z[i] <= i``), vectorised.

    Position ``p`` ends with the last ``i`` having ``z_i = p``; if none, with ``A_p``, its value right after
    step ``p``: ``p`` if ``z_p = p``, else the value at ``z_p`` before step ``p`` - the last earlier ``k`` with
    ``z_k = z_p`` if any, else ``A_{z_p}``.
    """
    it = np.int32 if n < 1 << 31 else np.int64
    z = z.astype(it, copy=False)
    idx = np.arange(n, dtype=it)
    prev = _previous_same(z)
    fixed = z == idx
    parent = np.where(~fixed & (prev < 0), z, idx)
    roots = _resolve(parent)
    base = np.where(fixed, idx, prev)  # the value of A at a root
    r = base[roots].astype(np.int64)
    r[z] = idx  # last write wins: the latest i with z_i = p
    return r


def randperm(gen, n: int) -> np.ndarray:
    """``randperm_cpu``: Fisher-Yates with ``random() % (n - i)`` below ``RANDPERM_SMALL_LIMIT``, else the
    inside-out variant with ``random64() % (i + 1)``. Returns int64 values."""
    if n < RANDPERM_SMALL_LIMIT:
        if n <= 1:
            return np.arange(n, dtype=np.int64)
        z = gen.u32(n - 1)
        z %= np.arange(n, 1, -1, dtype=np.uint32)
        return _fisher_yates(z, n)
    z = np.empty(n, np.int32 if n < 1 << 31 else np.int64)
    step = 1 << 24
    for a in range(0, n, step):  # in pieces: the 64-bit draws of a huge n would not fit in memory at once
        b = min(n, a + step)
        r = gen.u64(b - a)
        r %= np.arange(a + 1, b + 1, dtype=np.uint64)
        z[a:b] = r
    return _inside_out(z, n)


# -- multinomial ---------------------------------------------------------------------------------------------
def multinomial_with_replacement(gen, probs: np.ndarray, n_sample: int) -> np.ndarray:
    """``multinomial_with_replacement_apply``: per row, the normalised running sum in the input's type (float
    for float16), then a binary search of one double uniform per sample. ``probs``: (rows, categories)."""
    acc = np.float32 if probs.dtype == _F16 else probs.dtype
    rows, cats = probs.shape
    out = np.empty((rows, n_sample), np.int64)
    for i in range(rows):
        row = probs[i].astype(acc)
        if (row < 0).any():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
        if not np.isfinite(row).all():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or "
                               "NaN)")
        cum = np.cumsum(row, dtype=acc)
        total = cum[-1]
        if not total > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        cum /= total
        cum[-1] = 1
        u = _unit_double(gen, n_sample)
        out[i] = np.searchsorted(cum.astype(np.float64), u, side="left")
    return out
