"""torch's AVX2 ``normal_`` fill for contiguous float32 tensors of 16 or more elements, bit for bit.

``normal_fill_AVX2`` (``aten/src/ATen/native/cpu/DistributionTemplates.h``) first fills the tensor with
uniforms ``u = (random() & 0xFFFFFF) * 2**-24``, then turns each block of 16 into normals by Box-Muller:
``u1 = 1 - u[j]`` and ``u2 = u[j + 8]`` give ``radius = sqrt(-2 * log(u1))`` and ``theta = 2 * pi * u2``, and
``u[j] = radius * cos(theta) * std + mean``, ``u[j + 8] = radius * sin(theta) * std + mean``. ``log`` and
``sincos`` are Cephes' float32 polynomials from ``avx_mathfun.h``; GCC contracts their ``a * b + c`` steps into
FMA instructions (determined empirically: every contraction GCC's rules allow happens, in statement order).
A size that is not a multiple of 16 redraws 16 uniforms for the last 16 elements and recomputes them. float16
tensors go through the same float computation, block by block (so their leftover uniforms are never drawn).

The radius depends only on the 24-bit integer behind ``u1``, the sine and cosine only on the one behind ``u2``.
The emulation below - float32 arithmetic, each FMA computed in float64 and rounded once to float32 - was checked
against an exactly rounded emulation on all 2**24 inputs of each (``tests/golden/record_random.py --verify``).
It works on cache-sized chunks with preallocated buffers and 0-d constants (NumPy's per-call cost and cache
misses dominate otherwise); large fills share the chunks among a few threads (NumPy releases the GIL).
"""

from __future__ import annotations

import os
import threading

import numpy as np

from .fma import fma32_block, fma32_constants, fma32_shortcut

__all__ = ["normal_fill_f32", "radius_of", "sincos_of"]

_f = np.float32


def _c32(v) -> np.ndarray:
    """A float32 constant as a 0-d array: NumPy converts a scalar operand on every call, an array it doesn't."""
    return np.array(v, np.float32)


def _c64(v) -> np.ndarray:
    return np.array(v, np.float64)


_LOG_P = [_c64(float(_f(v))) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                       1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                       3.3333331174E-1)]
_LOG_Q1, _LOG_Q2 = _c32(-2.12194440e-4), _c32(0.693359375)
_SQRTHF = _c32(0.707106781186547524)
_DP1, _DP2, _DP3 = _c32(-0.78515625), _c32(-2.4187564849853515625e-4), _c64(float(_f(-3.77489497744594108e-8)))
_SIN_P = [_c64(float(_f(v))) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_COS_P = [_c64(float(_f(v))) for v in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
_FOPI = _c32(1.27323954473516)  # 4 / pi
_THETA_SCALE = _c32(2.0 * np.pi * 2.0 ** -24)  # fl32(2 pi) * 2**-24, exact: theta = fl32(this * k)
_ONE, _HALF, _MINUS_TWO, _EXP_BIAS = _c32(1), _c32(0.5), _c32(-2), _c32(126 + 24)
_HALF64 = _c64(0.5)
_I = {v: np.array(v, np.int32) for v in (0x1000000, 23, 0x007FFFFF, 0x3F000000, 1, ~1, 2, 4, 29)}
_CHUNK = 1 << 16  # radii (and angles) per chunk: few enough NumPy calls that two threads overlap (GIL-free)
_mul, _add, _sub, _copy = np.multiply, np.add, np.subtract, np.copyto
_and, _xor, _shr, _shl = np.bitwise_and, np.bitwise_xor, np.right_shift, np.left_shift


class _Workspace:
    """Preallocated buffers for one chunk length."""

    __slots__ = ("f", "d", "i", "wide", "_views")

    def __init__(self, n: int):
        self.f = [np.empty(n, np.float32) for _ in range(9)]
        self.d = [np.empty(n, np.float64) for _ in range(4)]
        self.i = [np.empty(n, np.int32) for _ in range(3)]
        self.wide = np.empty(2 * n, np.float64)  # scratch for whole blocks of 16
        self._views: dict = {}

    def views(self, shape: tuple) -> tuple:
        """(float32, float64, int32) buffers viewed with ``shape`` (cached: chunks repeat their shape)."""
        v = self._views.get(shape)
        if v is None:
            n = int(np.prod(shape))
            v = self._views[shape] = tuple([b[:n].reshape(shape) for b in bufs] for bufs in (self.f, self.d, self.i))
        return v


_local = threading.local()


def _workspace(n: int) -> _Workspace:
    """This thread's buffers for chunks of up to ``n`` elements."""
    ws = getattr(_local, "ws", None)
    if ws is None or ws.f[0].size < n:
        ws = _local.ws = _Workspace(max(n, _CHUNK))
    return ws


def _horner(x64: np.ndarray, coefs: list, y: np.ndarray, buf32: np.ndarray) -> np.ndarray:
    """``y = c0; y = fma(y, x, c_k)`` for the further coefficients, each step rounded to float32. Returns the
    float32 result (in ``buf32``); ``y`` is float64 scratch."""
    _mul(x64, coefs[0], y)
    _add(y, coefs[1], y)
    for c in coefs[2:]:
        buf32[...] = y  # round to float32 ...
        _copy(y, buf32)  # ... and back: exact
        _mul(y, x64, y)  # exact: 24 + 24 bits
        _add(y, c, y)
    buf32[...] = y
    return buf32


def _radius(k: np.ndarray, ws: _Workspace, out: np.ndarray) -> np.ndarray:
    """``sqrt(-2 * log256_ps(1 - k * 2**-24))`` into ``out`` (float32) for 24-bit integers ``k``."""
    f32, f64, i32 = ws.views(k.shape)
    mi, e, _ = i32
    m, x, ef, z, xr = f32[:5]
    x64, y64, t64, _ = f64
    _sub(_I[0x1000000], k.view(np.int32), mi)  # (1 - u) * 2**24, an integer
    m[...] = mi
    bits = m.view(np.int32)
    _shr(bits, _I[23], e)  # log256_ps splits off the exponent ...
    xb = x.view(np.int32)
    _and(bits, _I[0x007FFFFF], xb)
    np.bitwise_or(xb, _I[0x3F000000], xb)  # ... keeping the mantissa in [0.5, 1)
    np.less(x, _SQRTHF, z, casting="unsafe")  # 1.0 where x < sqrt(1/2), else 0.0
    ef[...] = e
    _sub(ef, _EXP_BIAS, ef)
    _sub(ef, z, ef)
    _sub(x, _ONE, xr)
    _mul(z, x, z)
    _add(xr, z, xr)  # x < sqrt(1/2): (x - 1) + x, else (x - 1) + 0 (both exact)
    _mul(xr, xr, z)
    _copy(x64, xr)
    y = _horner(x64, _LOG_P, y64, m)
    _mul(y, xr, y)
    _copy(y64, y)
    _copy(t64, z)
    _mul(y64, t64, y64)
    _mul(ef, _LOG_Q1, x)
    _copy(t64, x)
    _add(y64, t64, y64)  # fma(y, z, e * q1)
    y[...] = y64
    _mul(z, _HALF, x)
    _sub(y, x, y)
    _add(xr, y, out)
    _mul(ef, _LOG_Q2, x)  # exact product: fma == mul + add
    _add(out, x, out)
    _mul(out, _MINUS_TWO, out)
    return np.sqrt(out, out)


def _sincos(k: np.ndarray, ws: _Workspace, sin_out: np.ndarray, cos_out: np.ndarray) -> None:
    """``sincos256_ps(2 * pi * k * 2**-24)`` into ``sin_out``, ``cos_out`` (float32) for 24-bit integers ``k``."""
    f32, f64, i32 = ws.views(k.shape)
    j, ti, d = i32
    x, yj, z, t32, cbuf, sbuf = f32[:6]
    x64, z64, y64, t64 = f64
    x[...] = k.view(np.int32)
    _mul(x, _THETA_SCALE, x)  # theta >= 0: no sign to strip
    _mul(x, _FOPI, t32)
    j[...] = t32  # truncation, as cvttps2dq
    _add(j, _I[1], j)
    _and(j, _I[~1], j)
    yj[...] = j
    _mul(yj, _DP1, t32)  # exact products (y has 4 bits): the FMAs are mul + add
    _add(x, t32, x)
    _mul(yj, _DP2, t32)
    _add(x, t32, x)
    _copy(t64, yj)
    _mul(t64, _DP3, t64)
    _copy(x64, x)
    _add(t64, x64, t64)
    x[...] = t64  # x = fma(y, DP3, x)
    _mul(x, x, z)
    _copy(z64, z)
    _copy(x64, x)
    c = _horner(z64, _COS_P, y64, cbuf)
    _mul(c, z, c)
    _copy(y64, c)
    _mul(y64, z64, y64)
    _mul(z64, _HALF64, t64)
    _sub(y64, t64, y64)  # fma(c, z, -(z * 0.5))
    c[...] = y64
    _add(c, _ONE, c)
    s = _horner(z64, _SIN_P, y64, sbuf)
    _mul(s, z, s)
    _copy(y64, s)
    _mul(y64, x64, y64)
    _add(y64, x64, y64)  # fma(s, x, x)
    s[...] = y64
    # select without branches: mask = -1 where the first polynomial pair gives the sine (j & 2 == 0), else 0
    _and(j, _I[2], ti)
    _shr(ti, _I[1], ti)
    _sub(ti, _I[1], ti)
    sb, cb = s.view(np.int32), c.view(np.int32)
    sv, cv = sin_out.view(np.int32), cos_out.view(np.int32)
    _xor(sb, cb, d)
    _and(d, ti, d)
    _xor(cb, d, sv)  # s where the mask is set, else c
    _xor(sb, d, cv)  # c where the mask is set, else s
    _and(j, _I[4], ti)
    _shl(ti, _I[29], ti)
    _xor(sv, ti, sv)  # the sine's sign: octants 4..7
    _sub(j, _I[2], ti)
    np.invert(ti, ti)
    _and(ti, _I[4], ti)
    _shl(ti, _I[29], ti)
    _xor(cv, ti, cv)  # the cosine's sign: octants 2..5


def radius_of(k: np.ndarray) -> np.ndarray:
    """The float32 radius for each 24-bit integer in ``k``."""
    out = np.empty(k.shape, np.float32)
    _radius(k, _Workspace(k.size), out)
    return out


def sincos_of(k: np.ndarray) -> tuple:
    """The float32 (sine, cosine) for each 24-bit integer in ``k``."""
    s, c = np.empty(k.shape, np.float32), np.empty(k.shape, np.float32)
    _sincos(k, _Workspace(k.size), s, c)
    return s, c


def _blocks(k: np.ndarray, out: np.ndarray, mean: np.float32, std: np.float32) -> None:
    """Blocks of 16 uniforms (24-bit integers, shape (b, 16)) to normals in ``out`` (same shape)."""
    b = k.shape[0]
    ws = _workspace(8 * b)
    radius, sin, cos = ws.views((b, 8))[0][6:9]
    _radius(k[:, :8], ws, radius)
    _sincos(k[:, 8:], ws, sin, cos)
    _mul(radius, cos, out[:, :8])
    _mul(radius, sin, out[:, 8:])
    if not fma32_shortcut(out, std, mean, out):  # the final _mm256_fmadd_ps(n, std, mean), all 16 at once
        b64, c64, tiny = fma32_constants(std, mean)
        fma32_block(out, b64, c64, tiny, ws.wide[: out.size].reshape(out.shape), out)


def _run(kb: np.ndarray, ob: np.ndarray, mean: np.float32, std: np.float32) -> None:
    step = _CHUNK // 8
    for i in range(0, kb.shape[0], step):
        _blocks(kb[i:i + step], ob[i:i + step], mean, std)


_THREADED_MIN = 1 << 19  # elements from which the work is shared with threads (NumPy releases the GIL)
_PIECE = 1 << 18  # uniforms per piece handed to a thread
_pool: dict = {}


def _executor():
    """This process's thread pool (None on one core); a forked child makes its own (threads do not survive)."""
    pid = os.getpid()
    if pid not in _pool:
        _pool.clear()
        workers = min(4, os.cpu_count() or 1)
        import concurrent.futures  # only for large draws

        _pool[pid] = concurrent.futures.ThreadPoolExecutor(workers, "torchless-randn") if workers > 1 else None
    return _pool[pid]


def normal_fill_f32(draw, n: int, drawn: int, mean: float, std: float) -> np.ndarray:
    """``normal_fill_AVX2`` for ``n`` >= 16 elements. ``draw(m)`` returns the next ``m`` uniforms as 24-bit
    integers; torch draws ``drawn`` of them (``n`` for float32, the whole blocks for float16), then, when ``n``
    is not a multiple of 16, 16 more for the last 16 elements. Large fills draw piece by piece while threads
    transform the pieces already drawn (the draws stay in torch's order; the result does not depend on it)."""
    mean, std = np.float32(mean), np.float32(std)
    out = np.empty(n, np.float32)
    full = n - n % 16
    pool = _executor() if full >= _THREADED_MIN else None
    if pool is None:
        k = draw(drawn)
        _run(k[:full].reshape(-1, 16), out[:full].reshape(-1, 16), mean, std)
    else:
        jobs = []
        for a in range(0, full, _PIECE):
            b = min(a + _PIECE, full)
            jobs.append(pool.submit(_run, draw(b - a).reshape(-1, 16), out[a:b].reshape(-1, 16), mean, std))
        if drawn > full:
            draw(drawn - full)  # drawn by torch, then overwritten by the redrawn last 16
        for job in jobs:
            job.result()
    if full != n:
        _blocks(draw(16).reshape(1, 16), out[n - 16:].reshape(1, 16), mean, std)
    return out
