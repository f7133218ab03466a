"""In-place NumPy kernels with the rounding of torch's CPU kernels, shared by the optimizers.

torch's vectorised CPU kernels compute ``add(x, alpha=a)``, ``lerp`` and ``addcmul`` with a fused multiply-add
(one rounding), and take Python scalars in the tensor's "opmath" type (float32 for float32 and float16 tensors).
For float32/float16 arrays these helpers reproduce that exactly: the product of two float32 numbers is exact in
float64, so ``float64(a) * b + c`` rounded once to float32 is the fused result (barring a double-rounding tie,
about one case in 2**29). float64 arrays use plain NumPy arithmetic (equal to torch's to the last bit or two).
"""

from __future__ import annotations

import numpy as np

_F64 = np.dtype(np.float64)
_F16 = np.dtype(np.float16)


def scalar(x: float, dt: np.dtype):
    """A Python number as torch's kernels take it for arrays of dtype ``dt`` (in the float32 "opmath" type for
    float32 and float16 arrays)."""
    return float(x) if dt == _F64 else np.float32(x)


def add_alpha(x: float, dt: np.dtype):
    """The ``alpha`` of ``add(other, alpha=x)``: torch rounds it to the array's own dtype first (matters for
    float16), then computes in the opmath type."""
    if dt == _F16:
        return np.float32(np.float16(x))
    return scalar(x, dt)


_CHUNK = 1 << 14  # elements per float64 scratch block: the block stays in cache between the three passes


def fma(a: np.ndarray, b, c: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``a * b + c`` rounded once, into ``out`` (a new array when None). ``b``: array or ``scalar()``."""
    if (a.dtype == np.float32 and out is not None and a.size > 4 * _CHUNK and a.shape == c.shape == out.shape
            and a.flags.c_contiguous and c.flags.c_contiguous and out.flags.c_contiguous
            and (not isinstance(b, np.ndarray) or b.shape == a.shape and b.flags.c_contiguous)):
        return _fma_blocks(a, b, c, out)
    if a.dtype == _F64:
        t = np.multiply(a, b)
        return np.add(t, c, out=out if out is not None else t)
    t = np.multiply(a, b, dtype=_F64)
    np.add(t, c, out=t)
    if a.dtype == _F16:  # torch computes half in float32 (its opmath type), then rounds to half
        t = t.astype(np.float32)
    if out is None:
        return t.astype(a.dtype)
    np.copyto(out, t, casting="same_kind")
    return out


def _fma_blocks(a: np.ndarray, b, c: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``fma`` for a large float32 update, block by block (the same arithmetic, without a whole float64 copy)."""
    fa, fc = a.reshape(-1), c.reshape(-1)
    fb = b.reshape(-1) if isinstance(b, np.ndarray) else None
    fo = out.reshape(-1)  # a view: out is contiguous
    scratch = np.empty(_CHUNK, _F64)
    for i in range(0, fa.size, _CHUNK):
        j = min(i + _CHUNK, fa.size)
        t = scratch[: j - i]
        np.multiply(fa[i:j], b if fb is None else fb[i:j], out=t, dtype=_F64)
        np.add(t, fc[i:j], out=t)
        np.copyto(fo[i:j], t, casting="same_kind")
    return out


def lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """``start.lerp_(end, weight)``: torch's two-sided formula, picked by ``|weight| < 0.5``."""
    w = scalar(weight, start.dtype)
    diff = np.subtract(end, start, dtype=np.float32 if start.dtype == _F16 else None)
    if abs(w) < 0.5:
        fma(diff, w, start, out=start)
    else:
        fma(diff, w - w.dtype.type(1) if isinstance(w, np.generic) else w - 1.0, end, out=start)


def addcmul_(self: np.ndarray, t1: np.ndarray, t2: np.ndarray, value: float) -> None:
    """``self.addcmul_(t1, t2, value=value)``: ``fma(value * t1, t2, self)``."""
    fma(np.multiply(t1, scalar(value, self.dtype)), t2, self, out=self)


def addcdiv(self: np.ndarray, t1: np.ndarray, t2: np.ndarray, value: float, out: np.ndarray) -> None:
    """``self.addcdiv(t1, t2, value=value)`` into ``out``: ``self + (value * t1) / t2``."""
    t = np.multiply(t1, scalar(value, self.dtype))
    np.divide(t, t2, out=t)
    np.add(self, t, out=out)
