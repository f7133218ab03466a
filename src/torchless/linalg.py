"""torch.linalg: solvers, inverses, determinants, decompositions and norms, each with torch's derivative.

Every function checks its arguments as torch does (same messages, same order), computes with NumPy's LAPACK and
records one graph node named as torch names it (``LinalgInvExBackward0``, ``LinalgSvdBackward0``...). The
derivatives are torch's formulas (FunctionsManual.cpp) written with torchless ops, so double backward works.

Several differentiable outputs (svd's U, S, Vh; eigh; qr; slogdet; lstsq). torchless edges carry no output
number, so each output gets its own node (all of torch's class), and each node computes the input's gradient
from its own output's cotangent alone. The formulas are linear in the cotangents, so the engine's sum over the
nodes is torch's joint formula; an output that gets no gradient costs nothing, which gives torch's shortcuts for
"undefined" cotangents for free (``svdvals``: ``U diag(gS) Vh``, finite even for repeated singular values). The
decomposition itself runs once: the nodes share its arrays (``_Outs``). Under ``create_graph`` a derivative
rebuilds the outputs as differentiable functions of the saved input by calling the same per-output op on it
with the saved arrays: new nodes, no new decomposition.

Signs. U, V, Q and eigenvectors are what LAPACK returns, as in torch and NumPy; NumPy computes float32 in
float64, so in rare cases a column's sign can differ from torch's. Compare sign-invariant quantities.

Singular input raises torch's ``LinAlgError`` (``torch._C._LinAlgError``) with torch's message. torch decides
singularity by an exact zero pivot of its LU (or Cholesky) in the input's precision; NumPy factors in float64,
so when NumPy's answer is near-singular the decision is re-made by the same factorization done here in the
input's precision (``_lu``, ``_cholesky_lower``).

``TOP_LEVEL`` maps torch's top-level names (``torch.det``, ``torch.svd``: U, S, V...) to their functions, which
differ from the ``torch.linalg`` ones of the same name; ``METHODS`` are the Tensor methods (``x.inverse()``).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from . import _dtype as D
from . import return_types as _rt
from ._random.fma import fma64_arrays
from ._tensor import Tensor, _tp_name, _wrap_dim, invalid_arguments
from ._unsupported import missing_module_attr
from .autograd import grad_mode
from .autograd.graph import version_error
from .ops._op import KEEP, defop
from .ops.elementwise import _not_for, broadcast_error, cpp_name, where
from .ops.linalg import matmul, mm
from .ops.misc import diagonal as _diagonal
from .ops.reduction import vector_norm
from .ops.shape import cat

__all__ = [
    "LinAlgError", "cholesky", "cholesky_ex", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "inv_ex",
    "lstsq", "matmul", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet",
    "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "vecdot", "vector_norm",
]

_state = grad_mode._state
_make = Tensor._make
_INF = math.inf


class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a matrix is singular, not positive-definite, or an algorithm did not converge."""


LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"  # torch's class: torch._C._LinAlgError
LinAlgError.__module__ = "torch._C"


# Argument checks, in torch's words ----------------------------------------------------------------------------


def _arg(fname: str, name: str, pos: int, value) -> None:
    """torch's TypeError for a non-tensor argument."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be Tensor, not {_tp_name(value)}")


def _no_out(out, name: str) -> None:
    if out is not None:
        raise NotImplementedError(f"torchless: {name}(out=...) is not supported")


def _matrix(A: Tensor, name: str, arg: str = "A") -> None:
    if A._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")


def _square(A: Tensor, name: str, arg: str = "A") -> None:
    _matrix(A, name, arg)
    m, n = A._data.shape[-2:]
    if m != n:
        raise RuntimeError(f"{name}: {arg} must be batches of square matrices, but they are {m} by {n} matrices")


def _floating(A: Tensor, name: str, low_precision: bool = False) -> None:
    dt = A.dtype
    if not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {dt._torch_name}")
    if not low_precision and dt.itemsize < 4:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {dt._torch_name}")


def _kernel(A: Tensor, kernel: str) -> None:
    """The dtypes torch's CPU kernels lack: complex (not yet in torchless), half precision, integers."""
    dt = A.dtype
    if dt.is_complex:
        raise NotImplementedError(f"torchless: torch.linalg on complex tensors ({kernel}) is not supported yet")
    if dt.np is None or dt.itemsize < 4 or not dt.is_floating_point:
        raise _not_for(kernel, np.empty(0, dt.np if dt.np is not None else np.float16))


def _eps(dt: D.dtype) -> float:
    if dt is D.float64:
        return float(np.finfo(np.float64).eps)
    if dt is D.float32:
        return float(np.finfo(np.float32).eps)
    raise RuntimeError("This function doesn't handle types other than float and double")


def _raise_info(info: np.ndarray, name: str, is_matrix: bool, what: str) -> None:
    """torch's ``_linalg_check_errors``: the message for the first batch element whose ``info`` is not 0."""
    flat = np.asarray(info).reshape(-1)
    bad = np.flatnonzero(flat)
    if bad.size == 0:
        return
    k = int(bad[0])
    where_ = "" if is_matrix else f": (Batch element {k})"
    code = int(flat[k])
    if what == "inv":
        msg = (f"The diagonal element {code} is zero, the inversion could not be completed because the input matrix "
               "is singular.")
    elif what == "solve":
        msg = "The solver failed because the input matrix is singular."
    else:
        msg = ("The factorization could not be completed because the input is not positive-definite (the leading "
               f"minor of order {code} is not positive-definite).")
    raise LinAlgError(f"{name}{where_}: {msg}")


# NumPy kernels --------------------------------------------------------------------------------------------------


def _flat(a: np.ndarray) -> np.ndarray:
    """A stack of matrices as one (B, m, n) array."""
    return a.reshape((math.prod(a.shape[:-2]),) + a.shape[-2:])


def _lu(a: np.ndarray):
    """LU with partial pivoting (LAPACK getf2) of each (n, n) matrix of ``a`` (B, n, n), in a's precision: the
    packed factors, the row permutation (row ``j`` of ``P A`` is row ``perm[j]`` of A), the number of swaps, and
    ``info`` (the first zero pivot, counted from 1; 0 if none)."""
    lu = a.copy()
    nb, n = lu.shape[0], lu.shape[-1]
    perm = np.tile(np.arange(n), (nb, 1))
    swaps = np.zeros(nb, np.int64)
    info = np.zeros(nb, np.int32)
    rows = np.arange(nb)
    with np.errstate(all="ignore"):
        for j in range(n):
            p = j + np.argmax(np.abs(lu[:, j:, j]), axis=1)
            moved = p != j
            if moved.any():
                r, pr = rows[moved], p[moved]
                tmp = lu[r, j].copy()
                lu[r, j] = lu[r, pr]
                lu[r, pr] = tmp
                tmp = perm[r, j].copy()
                perm[r, j] = perm[r, pr]
                perm[r, pr] = tmp
                swaps += moved
            piv = lu[:, j, j]
            zero = piv == 0
            info[(info == 0) & zero] = j + 1
            if j + 1 < n:
                col = lu[:, j + 1:, j]
                # as torch's MKL: scale by the pivot's reciprocal, but divide when one entry is left below it
                scaled = col / piv[:, None] if j + 2 == n else col * (1 / piv)[:, None]
                col = np.where(zero[:, None], col, scaled)
                lu[:, j + 1:, j] = col
                lu[:, j + 1:, j + 1:] = _fms(lu[:, j + 1:, j + 1:], col[:, :, None], lu[:, j:j + 1, j + 1:])
    return lu, perm, swaps, info


def _fms(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``c - a * b`` rounded once, as the fused multiply-adds of torch's BLAS/LAPACK kernels compute it (float32:
    the product is exact in float64, the difference rounds twice only in rare ties; float64: emulated FMA)."""
    if c.dtype == np.float32:
        return (c.astype(np.float64) - a.astype(np.float64) * b).astype(np.float32)
    return fma64_arrays(-a, b, c)


def _lu_solve(lu: np.ndarray, perm: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``A X = b`` from ``_lu``'s factors (B, n, n), b (B, n, k); a zero pivot gives inf/nan, as LAPACK."""
    x = np.take_along_axis(b, perm[:, :, None], axis=1)
    n = lu.shape[-1]
    with np.errstate(all="ignore"):
        for i in range(1, n):
            x[:, i] -= (lu[:, i:i + 1, :i] @ x[:, :i])[:, 0]
        for i in range(n - 1, -1, -1):
            if i + 1 < n:
                x[:, i] -= (lu[:, i:i + 1, i + 1:] @ x[:, i + 1:])[:, 0]
            x[:, i] /= lu[:, i, i][:, None]
    return x


def _lu_det(a3: np.ndarray):
    """The LU of A^T (torch's determinant factors A^T), in the input's precision: factors, swaps, diagonal."""
    lu, _, swaps, _ = _lu(np.swapaxes(a3, -1, -2))
    d = np.diagonal(lu, axis1=-2, axis2=-1)
    return lu, swaps, d


def _near_singular(a: np.ndarray, x: np.ndarray, b_scale) -> bool:
    """Whether NumPy's float64 solution ``x`` of ``a x = b`` is so large (``max|a| max|x| / max|b|``, a lower bound
    of the condition number, above ``1 / (1000 eps)``) that an LU in a's own precision may meet an exact zero pivot
    (then ``_lu`` decides, as torch's LAPACK would)."""
    if not np.isfinite(x).all():
        return True
    eps = np.finfo(a.dtype).eps
    with np.errstate(all="ignore"):
        big = np.abs(x).max(axis=(-2, -1)) * np.abs(a).max(axis=(-2, -1))
        return bool((big * (1000 * eps) > b_scale).any())


def _inverse(a: np.ndarray):
    """``(inverse, info)``: NumPy's inverse, with torch's singularity decision (the LU of A)."""
    batch = a.shape[:-2]
    info = np.zeros(batch, np.int32)
    if a.size == 0:
        return np.empty(a.shape, a.dtype), info
    inv = None
    try:
        with np.errstate(all="ignore"):
            inv = np.linalg.inv(a)
        if not _near_singular(a, inv, 1.0):
            return inv, info
    except np.linalg.LinAlgError:
        pass
    a3 = _flat(a)
    lu, perm, _, info = _lu(a3)
    if inv is None or info.any():
        eye = np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a3.shape).copy()
        by_lu = _lu_solve(lu, perm, eye)
        inv = by_lu if inv is None else np.where(info[:, None, None] != 0, by_lu, _flat(inv))
    return inv.reshape(a.shape), info.reshape(batch)


def _solve_np(a: np.ndarray, b: np.ndarray, use_t: bool):
    """``(X, info)`` for ``A X = B`` (batches broadcast), with torch's singularity decision: the LU of A, or of
    A^T with ``use_t`` (``X A = B`` arrives transposed; torch factors the original A)."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    info = np.zeros(batch, np.int32)
    out_shape = batch + b.shape[-2:]
    if a.shape[-1] == 0 or b.size == 0:
        return np.zeros(out_shape, a.dtype), info
    x = None
    try:
        with np.errstate(all="ignore"):
            x = np.linalg.solve(a, b)
        scale = np.abs(b).max(axis=(-2, -1))
        if not _near_singular(a, x, np.where(scale == 0, 1.0, scale)):
            return x, info
    except np.linalg.LinAlgError:
        pass
    a3 = _flat(np.broadcast_to(a, batch + a.shape[-2:]))
    info = _lu(np.swapaxes(a3, -1, -2) if use_t else a3)[3]
    if x is None or info.any():
        lu, perm, _, _ = _lu(a3)
        by_lu = _lu_solve(lu, perm, _flat(np.broadcast_to(b, out_shape)).copy())
        x = by_lu if x is None else np.where(info[:, None, None] != 0, by_lu, _flat(x))
    return x.reshape(out_shape), info.reshape(batch)


# Up to this size, a determinant tiny next to Hadamard's bound is recomputed by ``_lu`` in the input's precision
# (torch's exact zero for a singular matrix); beyond it the ratio is tiny for random matrices too: NumPy's stays.
_DET_RECHECK = 16


def _tiny_det(a: np.ndarray, logabs: np.ndarray) -> np.ndarray:
    """Where ``log|det|`` is within ``1000 n eps`` of Hadamard's bound (the product of the column norms)."""
    n = a.shape[-1]
    if n > _DET_RECHECK:
        return np.zeros(logabs.shape, bool)
    bound = np.sum(np.log(np.linalg.norm(a.astype(np.float64), axis=-2)), axis=-1)
    return logabs <= bound + math.log(1000 * n * np.finfo(a.dtype).eps)


def _det_np(a: np.ndarray) -> np.ndarray:
    """NumPy's determinant, or torch's (``_lu`` in a's precision) where NumPy's is next to zero."""
    if a.shape[-1] == 0:
        return np.ones(a.shape[:-2], a.dtype)
    with np.errstate(all="ignore"):
        d = np.linalg.det(a)
        tiny = _tiny_det(a, np.log(np.abs(d.astype(np.float64))))
    if tiny.any():
        a3 = _flat(a)
        _, swaps, diag = _lu_det(a3)
        own = (np.prod(diag, axis=-1) * np.where(swaps % 2, -1, 1)).astype(a.dtype)
        d = np.where(tiny, own.reshape(d.shape), d)
    return np.asarray(d, a.dtype)


def _slogdet_np(a: np.ndarray):
    if a.shape[-1] == 0:
        return np.ones(a.shape[:-2], a.dtype), np.zeros(a.shape[:-2], a.dtype)
    with np.errstate(all="ignore"):
        sign, logabs = np.linalg.slogdet(a)
        tiny = _tiny_det(a, logabs)
        if tiny.any():
            _, swaps, diag = _lu_det(_flat(a))
            s = (np.prod(np.sign(diag), axis=-1) * np.where(swaps % 2, -1, 1)).reshape(sign.shape)
            la = np.sum(np.log(np.abs(diag)), axis=-1).reshape(logabs.shape)
            sign, logabs = np.where(tiny, s, sign), np.where(tiny, la, logabs)
    return np.asarray(sign, a.dtype), np.asarray(logabs, a.dtype)


def _cholesky_lower(a3: np.ndarray):
    """LAPACK potf2 (left-looking) on the lower triangles of (B, n, n), in a's precision: ``(L, info)``; a failed
    column keeps the non-positive pivot on the diagonal and the original entries below, as LAPACK leaves them."""
    L = np.tril(a3).copy()
    nb, n = a3.shape[0], a3.shape[-1]
    info = np.zeros(nb, np.int32)
    with np.errstate(all="ignore"):
        for j in range(n):
            live = info == 0
            ajj = a3[:, j, j] - np.sum(L[:, j, :j] ** 2, axis=-1)
            fail = live & ~(ajj > 0)
            info[fail] = j + 1
            L[fail, j, j] = ajj[fail]
            ok = live & ~fail
            ljj = np.sqrt(np.where(ok, ajj, 1))
            L[ok, j, j] = ljj[ok]
            if j + 1 < n and ok.any():
                col = (a3[ok, j + 1:, j] - (L[ok, j + 1:, :j] @ L[ok, j, :j, None])[..., 0]) / ljj[ok, None]
                L[ok, j + 1:, j] = col
    return L, info


def _cholesky_np(a: np.ndarray, upper: bool):
    """``(factor, info)``: NumPy's Cholesky factor; where it fails or nearly fails, potf2 in a's precision
    decides (and gives LAPACK's partial factor)."""
    batch = a.shape[:-2]
    info = np.zeros(batch, np.int32)
    if a.size == 0:
        return a.copy(), info
    low = np.swapaxes(a, -1, -2) if upper else a  # the upper triangle of A is the lower one of A^T
    L = None
    try:
        L = np.linalg.cholesky(low)
        d = np.diagonal(L, axis1=-2, axis2=-1).astype(np.float64) ** 2
        ad = np.abs(np.diagonal(low, axis1=-2, axis2=-1)).max(axis=-1, keepdims=True)
        if (d > ad * (1000 * np.finfo(a.dtype).eps)).all():
            return (np.swapaxes(L, -1, -2) if upper else L), info
    except np.linalg.LinAlgError:
        pass
    own, info = _cholesky_lower(_flat(low))
    if L is not None and not info.any():
        own = L
    own = own.reshape(a.shape)
    return (np.swapaxes(own, -1, -2).copy() if upper else own), info.reshape(batch)


def _finite_check(a: np.ndarray, name: str) -> None:
    bad = np.isnan(_flat(a)).any(axis=(-2, -1))
    if bad.any():
        where_ = "" if a.ndim == 2 else f": (Batch element {int(np.flatnonzero(bad)[0])})"
        raise LinAlgError(f"{name}{where_}: The algorithm failed to converge because the input matrix contained "
                          "non-finite values.")


def _svd_np(a: np.ndarray, full: bool, compute_uv: bool):
    """``(U, S, Vh)`` (U, Vh None without ``compute_uv``), torch's shapes for empty matrices."""
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    if a.size == 0:
        s = np.zeros(batch + (k,), a.dtype)
        if not compute_uv:
            return None, s, None
        u = np.broadcast_to(np.eye(m, m if full else k, dtype=a.dtype), batch + (m, m if full else k)).copy()
        vh = np.broadcast_to(np.eye(n if full else k, n, dtype=a.dtype), batch + (n if full else k, n)).copy()
        return u, s, vh
    _finite_check(a, "linalg.svd")
    try:
        with np.errstate(all="ignore"):
            if compute_uv:
                u, s, vh = np.linalg.svd(a, full_matrices=full)
                return u, s, vh
            return None, np.linalg.svd(a, compute_uv=False), None
    except np.linalg.LinAlgError:  # inf: torch's LAPACK returns nan without an error
        if not np.isfinite(a).all():
            nan = np.full(batch + (k,), np.nan, a.dtype)
            if not compute_uv:
                return None, nan, None
            return (np.full(batch + (m, m if full else k), np.nan, a.dtype), nan,
                    np.full(batch + (n if full else k, n), np.nan, a.dtype))
        raise LinAlgError("linalg.svd: The algorithm failed to converge because the input matrix is ill-conditioned "
                          "or has too many repeated singular values.") from None


def _eigh_np(a: np.ndarray, uplo: str, compute_v: bool):
    if a.size == 0:
        return np.zeros(a.shape[:-1], a.dtype), (a.copy() if compute_v else None)
    try:
        if compute_v:
            w, v = np.linalg.eigh(a, UPLO=uplo)
            return w, v
        return np.linalg.eigvalsh(a, UPLO=uplo), None
    except np.linalg.LinAlgError:
        raise LinAlgError("linalg.eigh: The algorithm failed to converge because the input matrix is ill-conditioned "
                          "or has too many repeated eigenvalues.") from None


def _qr_np(a: np.ndarray, mode: str):
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    if a.size == 0:
        rows = m if mode == "complete" else k
        q = np.broadcast_to(np.eye(m, rows, dtype=a.dtype), batch + (m, rows)).copy()
        r = np.zeros(batch + (rows, n), a.dtype)
        return (np.zeros((0,), a.dtype) if mode == "r" else q), r
    with np.errstate(all="ignore"):
        if mode == "r":
            return np.zeros((0,), a.dtype), np.linalg.qr(a, mode="r")
        q, r = np.linalg.qr(a, mode=mode)
    return q, r


def _pinv_np(a: np.ndarray, atol, rtol, hermitian: bool) -> np.ndarray:
    """torch's pseudoinverse: singular (or |eigen-) values above ``max(atol, rtol * largest)`` are inverted."""
    m, n = a.shape[-2:]
    if a.size == 0:
        return np.zeros(a.shape[:-2] + (n, m), a.dtype)
    a64 = a.astype(np.float64)
    if not hermitian:
        u, s, vh = _svd_np(a64, False, True)
        tol = np.maximum(np.asarray(atol)[..., None], np.asarray(rtol)[..., None] * s[..., :1])
        with np.errstate(all="ignore"):
            s_inv = np.where(s > tol, 1 / s, 0.0)
        out = (np.swapaxes(vh, -1, -2) * s_inv[..., None, :]) @ np.swapaxes(u, -1, -2)
    else:
        w, v = _eigh_np(a64, "L", True)
        w_abs = np.abs(w)
        tol = np.maximum(np.asarray(atol)[..., None], np.asarray(rtol)[..., None] * w_abs.max(-1, keepdims=True))
        with np.errstate(all="ignore"):
            w_inv = np.where(w_abs > tol, 1 / w, 0.0)
        out = (v * w_inv[..., None, :]) @ np.swapaxes(v, -1, -2)
    return out.astype(a.dtype)


def _triangular_np(a: np.ndarray, b: np.ndarray, upper: bool, left: bool, unit: bool) -> np.ndarray:
    """Solve with the upper (or lower) triangle of ``a``; a zero diagonal gives inf/nan, as LAPACK's trsm."""
    t = np.triu(a) if upper else np.tril(a)
    if unit:
        t = t.copy()
        idx = np.arange(t.shape[-1])
        t[..., idx, idx] = 1
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return np.swapaxes(_triangular_np(np.swapaxes(t, -1, -2), np.swapaxes(b, -1, -2), not upper, True, False),
                           -1, -2)
    batch = np.broadcast_shapes(t.shape[:-2], b.shape[:-2])
    if t.shape[-1] == 0 or b.size == 0:
        return np.zeros(batch + b.shape[-2:], np.result_type(a, b))
    try:
        with np.errstate(all="ignore"):
            x = np.linalg.solve(t, b)
        if np.isfinite(x).all():
            return x
    except np.linalg.LinAlgError:
        pass
    t3 = _flat(np.broadcast_to(t, batch + t.shape[-2:]))
    x = _flat(np.broadcast_to(b, batch + b.shape[-2:])).astype(np.result_type(a, b))
    n = t3.shape[-1]
    order = range(n - 1, -1, -1) if upper else range(n)
    with np.errstate(all="ignore"):
        for i in order:
            rest = slice(i + 1, n) if upper else slice(0, i)
            x[:, i] = (x[:, i] - (t3[:, i:i + 1, rest] @ x[:, rest])[:, 0]) / t3[:, i, i][:, None]
    return x.reshape(batch + b.shape[-2:])


def _qrcp(a: np.ndarray, pivot: bool = True):
    """Householder QR with column pivoting (LAPACK geqp3) of one matrix: ``(R, perm, apply_qt)``."""
    r = a.astype(np.float64).copy()
    m, n = r.shape
    perm = np.arange(n)
    reflectors = []
    for j in range(min(m, n)):
        p = j + int(np.argmax(np.linalg.norm(r[j:, j:], axis=0))) if pivot else j
        if p != j:
            r[:, [j, p]] = r[:, [p, j]]
            perm[[j, p]] = perm[[p, j]]
        x = r[j:, j]
        sigma = float(np.linalg.norm(x))
        if sigma == 0.0:
            continue
        alpha = x[0]
        beta = -math.copysign(sigma, alpha)
        v = x.copy()
        v[0] = alpha - beta
        v /= v[0]
        tau = (beta - alpha) / beta
        r[j:, j:] -= tau * np.outer(v, v @ r[j:, j:])
        reflectors.append((j, v, tau))

    def apply_qt(b):
        b = b.astype(np.float64).copy()
        for j, v, tau in reflectors:
            b[j:] -= tau * np.outer(v, v @ b[j:])
        return b

    return np.triu(r), perm, apply_qt


def _laic1(largest: bool, x: np.ndarray, sest: float, w: np.ndarray, gamma: float):
    """LAPACK laic1: update the estimate ``sest`` of the largest (or smallest) singular value of a triangular
    matrix with approximate singular vector ``x`` when the column ``(w, gamma)`` is appended: ``(sestpr, s, c)``."""
    eps = np.finfo(np.float64).eps / 2
    alpha = float(x @ w)
    absalp, absgam, absest = abs(alpha), abs(gamma), abs(sest)
    if largest:
        if sest == 0:
            s1 = max(absgam, absalp)
            if s1 == 0:
                return 0.0, 0.0, 1.0
            s, c = alpha / s1, gamma / s1
            tmp = math.sqrt(s * s + c * c)
            return s1 * tmp, s / tmp, c / tmp
        if absgam <= eps * absest:
            tmp = max(absest, absalp)
            return tmp * math.hypot(absest / tmp, absalp / tmp), 1.0, 0.0
        if absalp <= eps * absest:
            return (absest, 1.0, 0.0) if absgam <= absest else (absgam, 0.0, 1.0)
        if absest <= eps * absalp or absest <= eps * absgam:
            if absgam <= absalp:
                tmp = absgam / absalp
                s = math.sqrt(1 + tmp * tmp)
                return absalp * s, math.copysign(1.0, alpha) / s, (gamma / absalp) / s
            tmp = absalp / absgam
            c = math.sqrt(1 + tmp * tmp)
            return absgam * c, (alpha / absgam) / c, math.copysign(1.0, gamma) / c
        z1, z2 = alpha / absest, gamma / absest
        b = (1 - z1 * z1 - z2 * z2) / 2
        c = z1 * z1
        t = c / (b + math.sqrt(b * b + c)) if b > 0 else math.sqrt(b * b + c) - b
        sine, cosine = -z1 / t, -z2 / (1 + t)
        tmp = math.hypot(sine, cosine)
        return math.sqrt(t + 1) * absest, sine / tmp, cosine / tmp
    if sest == 0:
        sine, cosine = (1.0, 0.0) if max(absgam, absalp) == 0 else (-gamma, alpha)
        s1 = max(abs(sine), abs(cosine))
        s, c = sine / s1, cosine / s1
        tmp = math.sqrt(s * s + c * c)
        return 0.0, s / tmp, c / tmp
    if absgam <= eps * absest:
        return absgam, 0.0, 1.0
    if absalp <= eps * absest:
        return (absgam, 0.0, 1.0) if absgam <= absest else (absest, 1.0, 0.0)
    if absest <= eps * absalp or absest <= eps * absgam:
        if absgam <= absalp:
            tmp = absgam / absalp
            c = math.sqrt(1 + tmp * tmp)
            return absest * (tmp / c), -(gamma / absalp) / c, math.copysign(1.0, alpha) / c
        tmp = absalp / absgam
        s = math.sqrt(1 + tmp * tmp)
        return absest / s, -math.copysign(1.0, gamma) / s, (alpha / absgam) / s
    z1, z2 = alpha / absest, gamma / absest
    norma = max(1 + z1 * z1 + abs(z1 * z2), abs(z1 * z2) + z2 * z2)
    if 1 + 2 * (z1 - z2) * (z1 + z2) >= 0:  # the root is near zero
        b = (z1 * z1 + z2 * z2 + 1) / 2
        c = z2 * z2
        t = c / (b + math.sqrt(abs(b * b - c)))
        sine, cosine = z1 / (1 - t), -z2 / t
        sestpr = math.sqrt(t + 4 * eps * eps * norma) * absest
    else:  # the root is near one: shift by it
        b = (z2 * z2 + z1 * z1 - 1) / 2
        c = z1 * z1
        t = -c / (b + math.sqrt(b * b + c)) if b >= 0 else b - math.sqrt(b * b + c)
        sine, cosine = -z1 / t, -z2 / (1 + t)
        sestpr = math.sqrt(1 + t + 4 * eps * eps * norma) * absest
    tmp = math.hypot(sine, cosine)
    return sestpr, sine / tmp, cosine / tmp


def _gelsy_factor(a: np.ndarray, rcond: float):
    """LAPACK gelsy's factorization of one matrix, as torch calls it (its columns all fixed in place, so no
    pivoting): QR, and the numerical rank by incremental condition estimation: the largest ``r`` for which the
    estimates of ``R[:r, :r]``'s extreme singular values have ``smax * rcond <= smin``."""
    m, n = a.shape
    if m == 0 or n == 0:
        return None, None, None, 0
    R, perm, apply_qt = _qrcp(a, pivot=False)
    if R[0, 0] == 0:
        return R, perm, apply_qt, 0
    rank = 1
    smax = smin = abs(R[0, 0])
    xmin, xmax = np.ones(1), np.ones(1)
    for i in range(1, min(m, n)):
        sminpr, s1, c1 = _laic1(False, xmin, smin, R[:i, i], R[i, i])
        smaxpr, s2, c2 = _laic1(True, xmax, smax, R[:i, i], R[i, i])
        if smaxpr * rcond > sminpr:
            break
        xmin, xmax = np.append(s1 * xmin, c1), np.append(s2 * xmax, c2)
        smin, smax, rank = sminpr, smaxpr, rank + 1
    return R, perm, apply_qt, rank


def _gelsy_solve(factor, b: np.ndarray, n: int) -> np.ndarray:
    """The minimum-norm solution of the rank-``r`` truncation of the pivoted QR (gelsy's answer)."""
    R, perm, apply_qt, rank = factor
    x = np.zeros((n, b.shape[-1]))
    if rank == 0:
        return x
    c = apply_qt(b)[:rank]
    y = np.linalg.solve(R[:rank, :n], c) if rank == n else np.linalg.lstsq(R[:rank], c, rcond=None)[0]
    x[perm] = y
    return x


# Several differentiable outputs: one node per output over shared arrays (see the module docstring) -------------


class _Outs:
    """A decomposition's outputs, shared by its per-output nodes: the arrays, and the version counters of the
    tensors handed to the user (an in-place change of one makes backward raise torch's error)."""

    __slots__ = ("op", "arrays", "versions")

    def __init__(self, op, arrays: tuple):
        self.op, self.arrays, self.versions = op, arrays, ()

    def check(self) -> None:
        for k, v in enumerate(self.versions):
            if v[0] != 0:
                t = _make(self.arrays[k])
                t._vc = v
                node = self.op.op.node
                raise version_error(t, 0, producer=node.__new__(node), output_nr=k)


def _pick(*arrays, outs: _Outs, k: int, **_):
    return outs.arrays[k]


def _outputs(op, inputs: tuple, arrays: tuple, **kw) -> list:
    """The user's output tensors: through ``op`` (one node each) when an input requires grad."""
    outs = _Outs(op, arrays)
    if _state[0] and any(t._rg for t in inputs):
        res = [op(*inputs, outs=outs, k=k, **kw) for k in range(len(arrays))]
    else:
        res = [_make(a) for a in arrays]
    outs.versions = tuple(t._vc for t in res)
    return res


def _rebuild(outs: _Outs, inputs: tuple, **kw) -> list:
    """Inside a derivative: the outputs, differentiable functions of ``inputs`` when building a graph."""
    outs.check()
    if _state[0] and any(t is not None and t._rg for t in inputs):
        return [outs.op(*inputs, outs=outs, k=k, **kw) for k in range(len(outs.arrays))]
    return [_make(a) for a in outs.arrays]


def _eye(n: int, like: Tensor) -> Tensor:
    return _make(np.eye(n, dtype=like._data.dtype))


# inv, solve, solve_triangular -------------------------------------------------------------------------------------


def _inv_fwd(a, check):
    inv, info = _inverse(a)
    if check is not None:
        _raise_info(info, check, a.ndim == 2, "inv")
    return inv, info


_inv_op = defop("LinalgInvExBackward0", _inv_fwd, lambda g, a, r, check, aux: -(r.mT @ (g @ r.mT)),
                result=True, dtype=KEEP, aux=True)


def _inv_unchecked(A: Tensor) -> Tensor:
    return _inv_op(A, check=None)[0]


def _inv_args(A: Tensor, name: str = "linalg.inv") -> None:
    _square(A, name)
    _floating(A, name)
    _kernel(A, "linalg_inv_ex_cpu")


def inv(A: Tensor, *, out=None) -> Tensor:
    """The inverse of a square matrix (or of each in a batch); a singular one raises ``LinAlgError``."""
    _arg("linalg_inv", "A", 1, A)
    _no_out(out, "linalg.inv")
    _inv_args(A)
    return _inv_op(A, check="linalg.inv")[0]


def inv_ex(A: Tensor, *, check_errors: bool = False, out=None):
    """``(inverse, info)``: ``info`` is LAPACK's code per matrix (0: invertible), no error unless
    ``check_errors``."""
    _arg("linalg_inv_ex", "A", 1, A)
    _no_out(out, "linalg.inv_ex")
    _inv_args(A)
    res, info = _inv_op(A, check="linalg.inv_ex" if check_errors else None)
    return _rt.linalg_inv_ex((res, _make(info)))


def _solve_fwd(a, b, left, vector, check):
    b2 = b[..., None] if vector else b
    if left:
        x, info = _solve_np(a, b2, False)
    else:
        x, info = _solve_np(np.swapaxes(a, -1, -2), np.swapaxes(b2, -1, -2), True)
        x = np.swapaxes(x, -1, -2)
    if check is not None:
        _raise_info(info, check, a.ndim == 2, "solve")
    return (x[..., 0] if vector else x), info


def _solve_gB(g, a, left, vector):
    g2 = g.unsqueeze(-1) if vector else g
    return _solve_op(a.mT, g2, left=left, vector=False, check=None)[0]


def _solve_dA(g, a, b, r, left, vector, check, aux):
    gB = _solve_gB(g, a, left, vector)
    x = r.unsqueeze(-1) if vector else r
    return -(gB @ x.mT) if left else -(x.mT @ gB)


def _solve_dB(g, a, b, r, left, vector, check, aux):
    gB = _solve_gB(g, a, left, vector)
    return gB.squeeze(-1) if vector else gB


_solve_op = defop("LinalgSolveExBackward0", _solve_fwd, _solve_dA, _solve_dB, save=(0,), result=True, dtype=KEEP,
                  aux=True)


def _solve_args(A: Tensor, B: Tensor, left: bool, name: str = "linalg.solve") -> bool:
    """torch's checks; returns whether B is a (batch of) vector(s)."""
    _floating(A, name, low_precision=True)
    if A.dtype is not B.dtype:
        raise RuntimeError(f"{name}: Expected A and B to have the same dtype, but found A of type "
                           f"{A.dtype._torch_name} and B of type {B.dtype._torch_name} instead")
    sa, sb = A._data.shape, B._data.shape
    vector = len(sb) == 1 or (len(sa) - 1 == len(sb) and sb == sa[:-1])
    b2 = sb + (1,) if vector else sb
    _square(A, name)
    if len(b2) < 2:
        raise RuntimeError(f"{name}: The input tensor B must have at least 2 dimensions.")
    if (sa[-2] != b2[-2]) if left else (sa[-1] != b2[-1]):
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {'AX = B' if left else 'XA = B'} "
                           f"({sa[-2]}x{sa[-1]} and {b2[-2]}x{b2[-1]})")
    err = broadcast_error(b2[:-2], sa[:-2])
    if err is not None:
        raise err
    if not left and vector:
        raise RuntimeError(f"{name}: Vector broadcasting of the left hand side is not supported for left=False. In "
                           "this case linalg.solve is equivalent to B / A.squeeze(-1)")
    _kernel(A, "lu_cpu")
    return vector


def solve(A: Tensor, B: Tensor, *, left: bool = True, out=None) -> Tensor:
    """The solution X of ``A X = B`` (``X A = B`` with ``left=False``); B may be a vector or a batch of them."""
    _arg("linalg_solve", "A", 1, A)
    _arg("linalg_solve", "B", 2, B)
    _no_out(out, "linalg.solve")
    vector = _solve_args(A, B, left)
    return _solve_op(A, B, left=left, vector=vector, check="torch.linalg.solve")[0]


def solve_ex(A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False, out=None):
    """``(result, info)`` as ``solve``, reporting singular matrices in ``info`` instead of raising."""
    _arg("linalg_solve_ex", "A", 1, A)
    _arg("linalg_solve_ex", "B", 2, B)
    _no_out(out, "linalg.solve_ex")
    vector = _solve_args(A, B, left)
    res, info = _solve_op(A, B, left=left, vector=vector, check="torch.linalg.solve_ex" if check_errors else None)
    return _rt.linalg_solve_ex((res, _make(info)))


def _tri_dB(g, a, b, r, upper, left, unitriangular):
    return solve_triangular(a.mT, g, upper=not upper, left=left, unitriangular=unitriangular)


def _tri_dA(g, a, b, r, upper, left, unitriangular):
    gB = _tri_dB(g, a, b, r, upper, left, unitriangular)
    gA = -(gB @ r.mT) if left else -(r.mT @ gB)
    return gA.triu(int(unitriangular)) if upper else gA.tril(-int(unitriangular))


_tri_op = defop("LinalgSolveTriangularBackward0", lambda a, b, upper, left, unitriangular:
                _triangular_np(a, b, upper, left, unitriangular), _tri_dA, _tri_dB, save=(0,), result=True,
                dtype=KEEP)


def solve_triangular(A: Tensor, B: Tensor, *, upper: bool, left: bool = True, unitriangular: bool = False,
                     out=None) -> Tensor:
    """The solution of ``A X = B`` (``X A = B``) reading only A's upper (or lower) triangle."""
    _arg("linalg_solve_triangular", "input", 1, A)
    _arg("linalg_solve_triangular", "B", 2, B)
    _no_out(out, "linalg.solve_triangular")
    name = "linalg.solve_triangular"
    _matrix(B, name, "B")
    _square(A, name)
    sa, sb = A._data.shape, B._data.shape
    if (sa[-2] != sb[-2]) if left else (sa[-1] != sb[-1]):
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {'AX = B' if left else 'XA = B'} "
                           f"({sa[-2]}x{sa[-1]} and {sb[-2]}x{sb[-1]})")
    err = broadcast_error(sb[:-2], sa[:-2])
    if err is not None:
        raise err
    _kernel(A, "triangular_solve_cpu")
    if A.dtype is not B.dtype:
        B = B.to(A.dtype)
    return _tri_op(A, B, upper=bool(upper), left=bool(left), unitriangular=bool(unitriangular))


# det, slogdet, logdet ------------------------------------------------------------------------------------------


def _prod_others(s: Tensor) -> Tensor:
    """For each i, the product of the other entries of the last dim (exact with zeros): prod_safe_zeros_backward."""
    ones = _make(np.ones(s._data.shape[:-1] + (1,), s._data.dtype))
    k = s._data.shape[-1]
    before = cat([ones, s[..., :k - 1]], -1).cumprod(-1)
    after = cat([ones, s[..., 1:].flip(-1)], -1).cumprod(-1).flip(-1)
    return before * after


def _det_grad(g, a, r):
    """torch's linalg_det_backward. First order: ``g det A^-T`` by the LU of A^T, an exact zero pivot replaced
    by eps (so an exactly singular A gets a zero gradient, a nearly singular one torch's finite one). Under
    create_graph: the same where |det| >= 100 eps, else the adjugate from the SVD (differentiable at singular
    matrices)."""
    if a._data.size == 0:
        return None
    if not _state[0]:  # torch: solve A^T X = g det I with the forward's LU of A^T, zero pivots set to eps
        a3 = _flat(a._data)
        lu, perm, _, _ = _lu(np.swapaxes(a3, -1, -2))
        diag = np.einsum("bii->bi", lu)
        diag[diag == 0] = np.finfo(lu.dtype).eps
        d = np.broadcast_to(np.asarray(g._data * r._data, lu.dtype), a._data.shape[:-2]).reshape(-1)
        rhs = np.zeros(a3.shape, lu.dtype)
        np.einsum("bii->bi", rhs)[...] = d[:, None]
        return _make(_lu_solve(lu, perm, rhs).reshape(a._data.shape))
    eps = np.finfo(a._data.dtype).eps
    singular = np.abs(r._data) < 100 * eps
    d = (g * r).unsqueeze(-1).unsqueeze(-1)
    eye = _eye(a._data.shape[-1], a)
    if not singular.any():
        return d * _inv_unchecked(a).mT
    u, s, vh = svd(a)
    alpha = (det(u) * det(vh)) * g
    adj = (u * (alpha.unsqueeze(-1) * _prod_others(s)).unsqueeze(-2)) @ vh
    if singular.all():
        return adj
    mask = _make(singular[..., None, None])
    return where(mask, adj, d * _inv_unchecked(where(mask, eye, a)).mT)


_det_op = defop("LinalgDetBackward0", _det_np, _det_grad, save=(0,), result=True, dtype=KEEP)


def det(A: Tensor, *, out=None) -> Tensor:
    """The determinant of a square matrix (or of each in a batch)."""
    _arg("linalg_det", "A", 1, A)
    _no_out(out, "linalg.det")
    _square(A, "linalg.det")
    _floating(A, "linalg.det", low_precision=True)
    _kernel(A, "lu_cpu")
    return _det_op(A)


def _slogdet_grad(g, a, r, outs, k):
    """Only log|det A| has a gradient for real A: ``g A^-T``."""
    if k == 0 or a._data.size == 0:
        return None
    outs.check()
    if not _state[0]:
        with np.errstate(all="ignore"):
            inv_ = _inverse(a._data)[0]
            return _make(np.asarray(g._data[..., None, None] * np.swapaxes(inv_, -1, -2), a._data.dtype))
    return g.unsqueeze(-1).unsqueeze(-1) * _inv_unchecked(a).mT


_slogdet_op = defop("LinalgSlogdetBackward0", _pick, _slogdet_grad, save=(0,), dtype=KEEP)


def _slogdet(A: Tensor, name: str) -> list:
    _square(A, name)
    _floating(A, name)
    _kernel(A, "linalg_slogdet_cpu")
    return _outputs(_slogdet_op, (A,), _slogdet_np(A._data))


def slogdet(A: Tensor, *, out=None):
    """``(sign, logabsdet)``: the determinant's sign and the log of its absolute value (stable for large n)."""
    _arg("linalg_slogdet", "A", 1, A)
    _no_out(out, "linalg.slogdet")
    return _rt.linalg_slogdet(_slogdet(A, "linalg.slogdet"))


# svd, svdvals -------------------------------------------------------------------------------------------------------


def _svd_grad(g, a, r, outs, k, full):
    """torch's svd_backward for the cotangent of output ``k`` (0: U, 1: S, 2: Vh) alone."""
    U, S, Vh = _rebuild(outs, (a,), full=full)
    m, n = a._data.shape[-2:]
    kk = S._data.shape[-1]
    if kk == 0:  # an empty matrix: torch's gradient is an empty tensor, not None
        return _make(np.zeros_like(a._data))
    if full and m != n:
        U, Vh = U[..., :kk], Vh[..., :kk, :]
        if k == 0:
            g = g[..., :kk]
        elif k == 2:
            g = g[..., :kk, :]
    if k == 1:
        return U @ (g.unsqueeze(-1) * Vh) if m >= n else (U * g.unsqueeze(-2)) @ Vh
    S2 = S * S
    E = S2.unsqueeze(-2) - S2.unsqueeze(-1) + _eye(kk, S)
    if k == 0:
        UhgU = U.mT @ g
        core = ((UhgU - UhgU.mT) / E) * S.unsqueeze(-2)
        if m > n:
            gUSinv = g / S.unsqueeze(-2)
            return (U @ core + gUSinv - U @ (U.mT @ gUSinv)) @ Vh
    else:
        VhgV = Vh @ g.mT
        core = S.unsqueeze(-1) * ((VhgV - VhgV.mT) / E)
        if m < n:
            SinvgVh = g / S.unsqueeze(-1)
            return U @ (core @ Vh + SinvgVh - (SinvgVh @ Vh.mT) @ Vh)
    return U @ (core @ Vh) if m >= n else (U @ core) @ Vh


_svd_op = defop("LinalgSvdBackward0", _pick, _svd_grad, save=(0,), dtype=KEEP)


def _svd_args(A: Tensor) -> None:
    _matrix(A, "linalg.svd")
    _floating(A, "linalg.svd", low_precision=True)
    _kernel(A, "linalg_svd_cpu")


def svd(A: Tensor, full_matrices: bool = True, *, driver=None, out=None):
    """``(U, S, Vh)`` with ``A = U diag(S) Vh``, S descending; ``full_matrices=False`` gives the reduced form."""
    _arg("linalg_svd", "A", 1, A)
    _no_out(out, "linalg.svd")
    _svd_args(A)
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")
    full = bool(full_matrices)
    return _rt.linalg_svd(_outputs(_svd_op, (A,), _svd_np(A._data, full, True), full=full))


def svdvals(A: Tensor, *, driver=None, out=None) -> Tensor:
    """The singular values of A, in descending order."""
    _arg("linalg_svdvals", "A", 1, A)
    _no_out(out, "linalg.svdvals")
    _svd_args(A)
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")
    if not (_state[0] and A._rg):
        return _make(_svd_np(A._data, False, False)[1])
    return _outputs(_svd_op, (A,), _svd_np(A._data, False, True), full=False)[1]


# eigh, eigvalsh -----------------------------------------------------------------------------------------------------


def _eigh_grad(g, a, r, outs, k, uplo):
    """torch's linalg_eig_backward (Hermitian case) for the eigenvalues' (k=0) or eigenvectors' (k=1) cotangent."""
    L, V = _rebuild(outs, (a,), uplo=uplo)
    if k == 0:
        return (V * g.unsqueeze(-2)) @ V.mT
    VhgV = V.mT @ g
    E = L.unsqueeze(-2) - L.unsqueeze(-1) + _eye(L._data.shape[-1], L)
    return V @ (((VhgV - VhgV.mT) * 0.5 / E) @ V.mT)


_eigh_op = defop("LinalgEighBackward0", _pick, _eigh_grad, save=(0,), dtype=KEEP)


def _eigh_args(A: Tensor, UPLO: str) -> str:
    _square(A, "linalg.eigh")
    _kernel(A, "linalg_eigh_cpu")
    uplo = str(UPLO).upper()
    if uplo not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return uplo


def eigh(A: Tensor, UPLO: str = "L", *, out=None):
    """``(eigenvalues, eigenvectors)`` of a symmetric matrix (read from its ``UPLO`` triangle), ascending."""
    _arg("linalg_eigh", "input", 1, A)
    _no_out(out, "linalg.eigh")
    uplo = _eigh_args(A, UPLO)
    return _rt.linalg_eigh(_outputs(_eigh_op, (A,), _eigh_np(A._data, uplo, True), uplo=uplo))


def eigvalsh(A: Tensor, UPLO: str = "L", *, out=None) -> Tensor:
    """The eigenvalues of a symmetric matrix, ascending."""
    _arg("linalg_eigvalsh", "input", 1, A)
    _no_out(out, "linalg.eigvalsh")
    uplo = _eigh_args(A, UPLO)
    if not (_state[0] and A._rg):
        return _make(_eigh_np(A._data, uplo, False)[0])
    return _outputs(_eigh_op, (A,), _eigh_np(A._data, uplo, True), uplo=uplo)[0]


# qr -----------------------------------------------------------------------------------------------------------------


def _qr_grad(g, a, r, outs, k, mode):
    """torch's linalg_qr_backward for the cotangent of Q (k=0) or R (k=1) alone."""
    if mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use "
                           "linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.")
    m, n = a._data.shape[-2:]
    if mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
    Q, R = _rebuild(outs, (a,), mode=mode)
    gA = -(Q.mT @ g) if k == 0 else g @ R.mT
    if m >= n:
        T = gA.triu()
        gA = Q @ (T + T.triu(1).mT)
        if k == 0:
            gA = gA + g
        return solve_triangular(R.mT, gA, upper=False, left=False)
    X = -gA
    gA = Q @ (X - X.mT).tril()
    gA = solve_triangular(R[..., :m].mT, gA, upper=False, left=False)
    gA = cat([gA, _make(np.zeros(gA._data.shape[:-1] + (n - m,), gA._data.dtype))], -1)
    return gA + Q @ g if k == 1 else gA


_qr_op = defop("LinalgQrBackward0", _pick, _qr_grad, save=(0,), dtype=KEEP)


def qr(A: Tensor, mode: str = "reduced", *, out=None):
    """``(Q, R)`` with ``A = Q R``, Q orthonormal columns and R upper triangular (mode 'reduced', 'complete',
    or 'r': R only, Q empty)."""
    _arg("linalg_qr", "A", 1, A)
    _no_out(out, "linalg.qr")
    _matrix(A, "linalg.qr")
    _floating(A, "linalg.qr", low_precision=True)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or "
                           "'complete'")
    _kernel(A, "geqrf_cpu")
    return _rt.linalg_qr(_outputs(_qr_op, (A,), _qr_np(A._data, mode), mode=mode))


# cholesky -------------------------------------------------------------------------------------------------------


def _chol_fwd(a, upper, check):
    L, info = _cholesky_np(a, upper)
    if check is not None:
        _raise_info(info, check, a.ndim == 2, "cholesky")
    return L, info


def _chol_grad(g, a, r, upper, check, aux):
    """torch's cholesky_backward: ``L^-H Phi(L^H gL) L^-1`` (symmetric), Phi taking the lower triangle with
    half the diagonal."""
    L, gL = (r.mT, g.mT) if upper else (r, g)
    gA = (L.mT @ gL).tril()
    gA = 0.5 * (gA + gA.tril(-1).mT)
    gA = solve_triangular(L.mT, gA, upper=True, left=True)
    return solve_triangular(L, gA, upper=False, left=False)


_chol_op = defop("LinalgCholeskyExBackward0", _chol_fwd, _chol_grad, result=True, dtype=KEEP, aux=True)
_chol_legacy_op = defop("CholeskyBackward0", _chol_fwd, _chol_grad, result=True, dtype=KEEP, aux=True)


def _chol_args(A: Tensor) -> None:
    _square(A, "linalg.cholesky")
    _floating(A, "linalg.cholesky", low_precision=True)
    _kernel(A, "cholesky_cpu")


def cholesky(A: Tensor, *, upper: bool = False, out=None) -> Tensor:
    """The lower (or ``upper``) triangular L with ``A = L L^T`` for a symmetric positive-definite A."""
    _arg("linalg_cholesky", "input", 1, A)
    _no_out(out, "linalg.cholesky")
    _chol_args(A)
    return _chol_op(A, upper=bool(upper), check="linalg.cholesky")[0]


def cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False, out=None):
    """``(L, info)``: ``info`` is the order of the first leading minor that is not positive-definite (0: none)."""
    _arg("linalg_cholesky_ex", "input", 1, A)
    _no_out(out, "linalg.cholesky_ex")
    _chol_args(A)
    L, info = _chol_op(A, upper=bool(upper), check="linalg.cholesky_ex" if check_errors else None)
    return _rt.linalg_cholesky_ex((L, _make(info)))


# pinv, lstsq, matrix_rank ----------------------------------------------------------------------------------------


def _pinv_backward(g: Tensor, p: Tensor, a: Tensor) -> Tensor:
    """torch's pinv_backward: the gradient through ``p = pinv(a)``."""
    m, n = a._data.shape[-2:]
    ph, gh = p.mT, g.mT
    if m <= n:
        K = gh @ p
        KpinvAh = K @ ph
        return -(p @ K).mT + KpinvAh - (a @ p) @ KpinvAh + (ph @ p) @ (gh - K @ a)
    K = p @ gh
    pinvAhK = ph @ K
    return -(K @ p).mT + ((gh - a @ K) @ p) @ ph + pinvAhK - (pinvAhK @ p) @ a


_pinv_op = defop("LinalgPinvBackward0", lambda a, atol, rtol, hermitian: _pinv_np(a, atol, rtol, hermitian),
                 lambda g, a, r, atol, rtol, hermitian: _pinv_backward(g, r, a), save=(0,), result=True, dtype=KEEP)


def _tolerance(value) -> np.ndarray | float:
    if isinstance(value, Tensor):
        if value.dtype.is_complex:
            raise RuntimeError("torch.linalg.pinv: atol tensor of complex type is not supported.")
        return value._data.astype(np.float64)
    return float(value)


def _atol_rtol(A: Tensor, atol, rtol):
    """torch's get_atol_rtol: rtol defaults to ``eps * max(m, n)``, or 0 when a positive atol is given."""
    a = 0.0 if atol is None else _tolerance(atol)
    if rtol is not None:
        return a, _tolerance(rtol)
    default = _eps(A.dtype) * max(A._data.shape[-2:])
    if atol is None:
        return a, default
    return a, np.where(np.asarray(a) > 0, 0.0, default)


_PINV_SIGNATURES = [
    "(Tensor input, *, Tensor atol = None, Tensor rtol = None, bool hermitian = False, Tensor out = None)",
    "(Tensor input, *, float atol = None, float rtol = None, bool hermitian = False, Tensor out = None)",
    "(Tensor input, Tensor rcond, bool hermitian = False, *, Tensor out = None)",
    "(Tensor input, float rcond, bool hermitian = False, *, Tensor out = None)"]


def pinv(A: Tensor, rcond=None, hermitian: bool = False, *, atol=None, rtol=None, out=None) -> Tensor:
    """The Moore-Penrose pseudoinverse: singular values at most ``max(atol, rtol * largest)`` count as zero.
    ``rcond`` (positional, NumPy's name) is the relative tolerance."""
    _no_out(out, "linalg.pinv")
    if not isinstance(A, Tensor) or (rcond is not None and not isinstance(rcond, (Tensor, int, float))):
        raise invalid_arguments("linalg_pinv", (A,) if rcond is None else (A, rcond), {}, _PINV_SIGNATURES)
    if rcond is not None:
        if atol is not None or rtol is not None:
            kw = {k: v for k, v in (("atol", atol), ("rtol", rtol)) if v is not None}
            raise invalid_arguments("linalg_pinv", (A, rcond), kw, _PINV_SIGNATURES)
        atol, rtol = 0.0, rcond
    dt = A.dtype
    if dt not in (D.float32, D.float64) or A._data.ndim < 2:
        if dt.is_complex and A._data.ndim >= 2:
            _kernel(A, "linalg_pinv")
        raise RuntimeError(f"linalg.pinv({dt._torch_name}{{{list(A._data.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    a, r = _atol_rtol(A, atol, rtol)
    return _pinv_op(A, atol=a, rtol=r, hermitian=bool(hermitian))


def _lstsq_grad(g, a, b, outs, k, vector, wrt):
    """torch's linalg_lstsq_backward for the solution's (k=0) or the residuals' (k=1) cotangent, for input
    ``wrt`` (0: A, 1: B)."""
    if k == 1 and outs.arrays[1].size == 0:
        return None
    X, _ = _rebuild(outs, (a, b), vector=vector)
    B = b.unsqueeze(-1) if vector else b
    if k == 0:
        gX = g.unsqueeze(-1) if vector else g
        pinvA = pinv(a)
        if wrt == 0:
            return _pinv_backward(gX @ B.mT, pinvA, a)
        gB = pinvA.mT @ gX
        return gB.squeeze(-1) if vector else gB
    X2 = X.unsqueeze(-1) if vector else X
    res = a @ X2 - B
    gL = g.unsqueeze(-2)
    if wrt == 0:
        return 2 * (gL * res) @ X2.mT
    gB = -2 * gL * res
    return gB.squeeze(-1) if vector else gB


_lstsq_op = defop("LinalgLstsqBackward0", _pick,
                  lambda g, a, b, r, outs, k, vector: _lstsq_grad(g, a, b, outs, k, vector, 0),
                  lambda g, a, b, r, outs, k, vector: _lstsq_grad(g, a, b, outs, k, vector, 1),
                  save=(0, 1), dtype=KEEP)

_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _lstsq_np(a: np.ndarray, b: np.ndarray, batch: tuple, rcond, driver: str):
    """``(solution, residuals, rank, singular_values)`` for the matrix right-hand side ``b``, with torch's fields:
    the solution and residuals over the broadcast ``batch``, the rank and singular values over A's own batch."""
    m, n = a.shape[-2:]
    k = b.shape[-1]
    a3 = _flat(a)
    na = a3.shape[0]
    which = np.broadcast_to(np.arange(na).reshape(a.shape[:-2]), batch).reshape(-1)  # the A of each system
    b3 = _flat(np.broadcast_to(b, batch + (m, k))).astype(np.float64)
    rc = np.finfo(a.dtype).eps * max(m, n) if rcond is None else float(rcond)
    ranks = np.zeros(na, np.int64)
    sv = np.zeros((na, min(m, n)))
    if driver == "gelsy":
        factors = [_gelsy_factor(a3[i], rc) for i in range(na)]
        ranks = np.array([f[3] for f in factors], np.int64)
        x = np.stack([_gelsy_solve(factors[i], b3[j], n) for j, i in enumerate(which)]) if which.size else \
            np.zeros((0, n, k))
    elif m and n:
        u, sv, vh = _svd_np(a3.astype(np.float64), False, True)
        keep = sv > (0.0 if driver == "gels" else rc) * sv[:, :1]
        ranks = keep.sum(-1)
        with np.errstate(all="ignore"):
            s_inv = np.where(keep, 1 / sv, 0.0)
        x = (np.swapaxes(vh, -1, -2)[which] * s_inv[which][:, None, :]) @ (np.swapaxes(u, -1, -2)[which] @ b3)
    else:
        x = np.zeros((which.size, n, k))
    x = x.astype(a.dtype).reshape(batch + (n, k))
    residuals = np.zeros((0,), a.dtype)
    if m > n and driver != "gelsy" and (driver == "gels" or (ranks == n).all()):
        r = np.zeros_like(b) if n == 0 and driver == "gels" else a @ x - b  # gels zeroes B when A has no columns
        residuals = np.sum(r * r, axis=-2).astype(a.dtype)
    rank = np.zeros((0,), np.int64) if driver == "gels" else ranks.reshape(a.shape[:-2])
    svals = sv.astype(a.dtype).reshape(a.shape[:-2] + (min(m, n),)) if driver in ("gelsd", "gelss") else \
        np.zeros((0,), a.dtype)
    return x, residuals, rank, svals


def lstsq(A: Tensor, B: Tensor, rcond: float | None = None, *, driver: str | None = None):
    """The least-squares solution of ``A X = B`` (minimum norm where A is rank deficient), as
    ``(solution, residuals, rank, singular_values)``; which fields are filled depends on ``driver`` (CPU
    default 'gelsy': rank only; 'gelsd'/'gelss' add the singular values and, for full-rank tall A, the squared
    residuals; 'gels' the residuals).

    'gelsy' truncates to the rank its QR reveals. torch hands LAPACK an uninitialized pivot array, so where an
    ``rcond`` truncates a full-rank matrix, torch's answer can change from call to call; torchless gives its
    usual one (no pivoting)."""
    _arg("linalg_lstsq", "input", 1, A)
    _arg("linalg_lstsq", "b", 2, B)
    name = "torch.linalg.lstsq"
    if A._data.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if B._data.ndim < 1:
        raise RuntimeError(f"{name}: other must have at least 1 dimension.")
    if A.dtype not in (D.float32, D.float64):
        if A.dtype.is_complex:
            _kernel(A, "linalg_lstsq")
        raise RuntimeError("This function doesn't handle types other than float and double")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"{name}: Expected input and other to have the same dtype, but got input's dtype "
                           f"{A.dtype._torch_name} and other's dtype {B.dtype._torch_name}")
    sa, sb = A._data.shape, B._data.shape
    diff = len(sa) - len(sb)
    if not 0 <= diff <= 1:
        raise RuntimeError(f"{name}: input.dim() must be greater or equal to other.dim() and (input.dim() - "
                           "other.dim()) <= 1")
    vector = len(sb) == 1 or (diff == 1 and sb == sa[:-1])
    b2 = sb + (1,) if vector else sb
    if sa[-2] != b2[-2]:
        raise RuntimeError(f"{name}: input.size(-2) should match other.size({-1 if vector else -2})")
    # torch broadcasts A's batch with B's leading dims (B's last dim counts as a batch dim when B has one dim
    # fewer than A, even for a matrix B)
    err = broadcast_error(sa[:-2], sb[:len(sa) - 2])
    if err is not None:
        raise err
    batch = np.broadcast_shapes(sa[:-2], sb[:len(sa) - 2])
    drv = "gelsy" if driver is None else driver
    if drv not in _DRIVERS:
        raise RuntimeError(f"{name}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    b2 = B._data[..., None] if vector else B._data
    x, residuals, rank, svals = _lstsq_np(A._data, b2, batch, rcond, drv)
    if vector:
        x = x[..., 0]
    sol, res = _outputs(_lstsq_op, (A, B), (x, residuals), vector=vector)
    return _rt.linalg_lstsq((sol, res, _make(rank), _make(svals)))


_RANK_SIGNATURES = [s.replace("rcond", "tol") for s in _PINV_SIGNATURES]


def matrix_rank(A: Tensor, tol=None, hermitian: bool = False, *, atol=None, rtol=None, out=None) -> Tensor:
    """The number of singular values above ``max(atol, rtol * largest)`` (``tol``: an absolute tolerance)."""
    _no_out(out, "linalg.matrix_rank")
    if not isinstance(A, Tensor) or (tol is not None and not isinstance(tol, (Tensor, int, float))):
        raise invalid_arguments("linalg_matrix_rank", (A,) if tol is None else (A, tol), {}, _RANK_SIGNATURES)
    name = "torch.linalg.matrix_rank"
    if tol is not None:
        atol, rtol = tol, 0.0
    _matrix(A, name, "input")
    a_, r_ = _atol_rtol(A, atol, rtol)
    if A._data.size == 0:
        return _make(np.zeros(A._data.shape[:-2], np.int64))
    if hermitian:
        uplo = _eigh_args(A, "L")
        s = np.abs(_eigh_np(A._data, uplo, False)[0])
        smax = s.max(-1, keepdims=True)
    else:
        _svd_args(A)
        s = _svd_np(A._data, False, False)[1]
        smax = s[..., :1]
    tol_ = np.maximum(np.asarray(a_)[..., None], np.asarray(r_)[..., None] * smax)
    return _make(np.sum(s > tol_, axis=-1).astype(np.int64))


# norms ------------------------------------------------------------------------------------------------------------


def _norm_dtype(dtype, A: Tensor, name: str) -> None:
    if dtype is None:
        return
    dt = D.to_dtype(dtype)
    if not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError(f"{name}: dtype should be floating point or complex, but got {dt._torch_name}")
    if dt.is_complex != A.dtype.is_complex:
        kind = "complex" if A.dtype.is_complex else "real"
        raise RuntimeError(f"{name}: dtype should be {kind} for {kind} inputs, but got {dt._torch_name}")
    if D.promote_types(A.dtype, dt) is not dt:
        raise RuntimeError(f"{name}: the dtype of the input ({A.dtype._torch_name}) should be convertible without "
                           f"narrowing to the specified dtype ({dt._torch_name})")


def _dims_list(dim) -> list:
    if isinstance(dim, (int, np.integer)):
        return [int(dim)]
    return [int(d) for d in dim]


def matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None, out=None) -> Tensor:
    """A matrix norm over the two dims ``dim``: 'fro', 'nuc', inf, -inf, 1, -1, 2 or -2."""
    _arg("linalg_matrix_norm", "input", 1, A)
    _no_out(out, "linalg.matrix_norm")
    name = "linalg.matrix_norm"
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"{name}: Order {ord} not supported.")
        spectral = ord == "nuc"
    else:
        o = float(ord)
        if abs(o) not in (1.0, 2.0, _INF):
            raise RuntimeError(f"{name}: Order {ord} not supported.")
        spectral = abs(o) == 2.0
    _matrix(A, name)
    _floating(A, name, low_precision=not spectral)
    dims = _dims_list(dim)
    if len(dims) != 2:
        raise RuntimeError(f"{name}: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
    nd = A._data.ndim
    d0, d1 = _wrap_dim(dims[0], nd), _wrap_dim(dims[1], nd)
    if d0 == d1:
        raise RuntimeError(f"{name}: dims must be different. Got ({d0}, {d1})")
    _norm_dtype(dtype, A, name)
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim, dtype=dtype)
    if not spectral:  # 1, -1, inf, -inf: max/min over one dim of the 1-norms over the other
        if abs(o) == _INF:
            d0, d1 = d1, d0
        if not keepdim and d0 < d1:
            d1 -= 1
        return _max_min(vector_norm(A, 1.0, (d0,), keepdim, dtype=dtype), d1, keepdim, o > 0)
    A_ = A if dtype is None else A.to(D.to_dtype(dtype))
    perm = [i for i in range(nd) if i not in (d0, d1)] + [d0, d1]
    s = svdvals(A_.permute(*perm))
    if ord == "nuc":
        res = s.sum(-1, keepdim)
    else:
        res = _max_min(s, -1, keepdim, o > 0)
    if keepdim:
        inverse = [0] * nd
        for i, p in enumerate(perm):
            inverse[p] = i
        res = res.unsqueeze(-1).permute(*inverse)
    return res


def _max_min(s: Tensor, dim: int, keepdim: bool, largest: bool) -> Tensor:
    """``amax`` (``largest``) or ``amin`` over ``dim``; a max over an empty dim is 0 in torch (outside autograd)."""
    if not largest:
        return s.amin(dim, keepdim)
    if s._data.shape[dim] == 0:
        return _make(np.zeros(s._data.sum(dim, keepdims=keepdim).shape, s._data.dtype))
    return s.amax(dim, keepdim)


def norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, out=None, dtype=None) -> Tensor:
    """A vector norm (``ord`` a number, or None: the 2-norm of all entries) or, for 2-D input or a 2-tuple
    ``dim``, a matrix norm (``ord`` 'fro', 'nuc', inf, -inf, 1, -1, 2, -2)."""
    _arg("linalg_norm", "input", 1, A)
    _no_out(out, "linalg.norm")
    nd = A._data.ndim
    if dim is not None:
        dims = _dims_list(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {dims}")
    elif ord is not None and nd not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {nd}D.")
    if isinstance(ord, str):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype)
    if ord is not None and ((dim is not None and len(dims) == 2) or (dim is None and nd == 2)):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, 2.0 if ord is None else ord, dim, keepdim, dtype=dtype)


# products, powers, cross, vecdot, diagonal ------------------------------------------------------------------------


def _chain_order(shapes: list) -> list:
    """Cormen's matrix-chain order: ``split[i][j]`` is where to split the product of matrices i..j."""
    p = [shapes[0][0]] + [s[1] for s in shapes]
    n = len(shapes)
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or q < cost[i][j]:
                    cost[i][j], split[i][j] = q, k
    return split


def _chain(ts: list, split: list, i: int, j: int) -> Tensor:
    if i == j:
        return ts[i]
    k = split[i][j]
    return mm(_chain(ts, split, i, k), _chain(ts, split, k + 1, j))


def multi_dot(tensors, *, out=None) -> Tensor:
    """The product of a chain of matrices, in the cheapest order; the first and last may be vectors."""
    _no_out(out, "linalg.multi_dot")
    ts = list(tensors)
    for i, t in enumerate(ts):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_tp_name(t)}")
    n = len(ts)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    out_shape = []
    first, last = ts[0], ts[-1]
    if first._data.ndim == 1:
        ts[0] = first.unsqueeze(0)
    elif first._data.ndim == 2:
        out_shape.append(first._data.shape[0])
    else:
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first._data.ndim}D")
    if last._data.ndim == 1:
        ts[-1] = last.unsqueeze(-1)
    elif last._data.ndim == 2:
        out_shape.append(last._data.shape[1])
    else:
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last._data.ndim}D")
    for i in range(1, n - 1):
        if ts[i]._data.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {ts[i]._data.ndim}D")
    for i in range(1, n):
        if ts[i].dtype is not ts[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{cpp_name(ts[0].dtype)} and tensor {i} {cpp_name(ts[i].dtype)}")
        if ts[i - 1]._data.shape[-1] != ts[i]._data.shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes {list(tensors[i - 1].shape)} and "
                               f"{list(tensors[i].shape)} cannot be multiplied")
    if n == 2:
        res = mm(ts[0], ts[1])
    elif n == 3:
        a, b = ts[0]._data.shape
        c, d = ts[2]._data.shape
        res = mm(ts[0], mm(ts[1], ts[2])) if a * c * (b + d) > b * d * (a + c) else mm(mm(ts[0], ts[1]), ts[2])
    else:
        res = _chain(ts, _chain_order([t._data.shape for t in ts]), 0, n - 1)
    return res.view(out_shape)


def matrix_power(A: Tensor, n: int, *, out=None) -> Tensor:
    """``A`` multiplied by itself ``n`` times (the identity for 0; powers of the inverse for n < 0)."""
    _arg("linalg_matrix_power", "input", 1, A)
    _no_out(out, "linalg.matrix_power")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    n = int(n)
    _square(A, "linalg.matrix_power")
    if n == 0:
        return A.clone().copy_(_make(np.broadcast_to(np.eye(A._data.shape[-1], dtype=A._data.dtype),
                                                     A._data.shape)))
    if n == 1:
        return A.clone()
    if n == -1:
        return inv(A)
    a = inv(A) if n < 0 else A
    n = abs(n)
    if n == 2:
        return matmul(a, a)
    if n == 3:
        return matmul(matmul(a, a), a)
    z = result = None
    while n > 0:
        bit, n = n % 2, n // 2
        z = a if z is None else matmul(z, z)
        if bit:
            result = z if result is None else matmul(result, z)
    return result


def _cross_fwd(a, b, dim):
    return np.cross(a, b, axis=dim)


_cross_op = defop("LinalgCrossBackward0", _cross_fwd,
                  lambda g, a, b, r, dim: _cross_op(b, g, dim=dim),
                  lambda g, a, b, r, dim: _cross_op(g, a, dim=dim), save=(0, 1), dtype=KEEP)


def cross(input: Tensor, other: Tensor, *, dim: int = -1, out=None) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (batch dims broadcast)."""
    _arg("linalg_cross", "input", 1, input)
    _arg("linalg_cross", "other", 2, other)
    _no_out(out, "linalg.cross")
    if input._data.ndim != other._data.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap_dim(dim, input._data.ndim)
    n1, n2 = input._data.shape[d], other._data.shape[d]
    if n1 != 3 or n2 != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {n1} and {n2}")
    err = broadcast_error(input._data.shape, other._data.shape)
    if err is not None:
        raise err
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._torch_name} but found {other.dtype._torch_name}")
    if input.dtype is D.bool:
        raise _not_for("cross", input._data)
    return _cross_op(input, other, dim=d)


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1, out=None) -> Tensor:
    """The dot product of vectors along ``dim`` (batch dims broadcast)."""
    _arg("linalg_vecdot", "x", 1, x)
    _arg("linalg_vecdot", "y", 2, y)
    _no_out(out, "linalg.vecdot")
    _floating(x, "linalg.vecdot", low_precision=True)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{x.dtype._torch_name} and y of type {y.dtype._torch_name} instead")
    return (x * y).sum(dim)


def diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """The diagonal of each matrix in A (``torch.diagonal`` with dims defaulting to the last two)."""
    _arg("linalg_diagonal", "A", 1, A)
    return _diagonal(A, offset, dim1, dim2)


# torch's top-level (legacy) forms and the Tensor methods -----------------------------------------------------------

_warned: set = set()
_WHERE = " (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:{}.)"


def _warn_once(key: str, text: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(text, UserWarning, stacklevel=3)


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: ``linalg.pinv`` with ``rcond`` as the relative tolerance."""
    _arg("pinverse", "input", 1, input)
    return pinv(input, rcond)


def inverse(input: Tensor, *, out=None) -> Tensor:
    """``torch.inverse``: ``linalg.inv``."""
    _arg("inverse", "input", 1, input)
    return inv(input, out=out)


def _det_top(input: Tensor) -> Tensor:
    """``torch.det``: ``linalg.det``."""
    _arg("det", "input", 1, input)
    return det(input)


def _matrix_power_top(input: Tensor, n: int) -> Tensor:
    """``torch.matrix_power``: ``linalg.matrix_power``."""
    _arg("matrix_power", "input", 1, input)
    return matrix_power(input, n)


def logdet(input: Tensor) -> Tensor:
    """``log(det(A))``: nan for a negative determinant, -inf for a singular matrix."""
    _arg("logdet", "input", 1, input)
    sign, logabs = _slogdet(input, "logdet")
    return where(sign == -1.0, math.nan, logabs)


def _slogdet_top(input: Tensor, *, out=None):
    """``torch.slogdet``: ``(sign, logabsdet)`` as ``torch.return_types.slogdet``."""
    _arg("slogdet", "input", 1, input)
    _no_out(out, "slogdet")
    return _rt.slogdet(_slogdet(input, "linalg.slogdet"))


def _svd_top(input: Tensor, some: bool = True, compute_uv: bool = True, *, out=None):
    """``torch.svd``: ``(U, S, V)`` (V, not Vh); ``some=False`` gives the full U and V; without ``compute_uv``,
    U and V are zeros."""
    _arg("svd", "input", 1, input)
    _no_out(out, "svd")
    if input._data.ndim < 2:
        raise RuntimeError(f"linalg.svd: input should have at least 2 dimensions, but has {input._data.ndim} "
                           "dimensions instead")
    if compute_uv:
        U, S, Vh = svd(input, full_matrices=not some)
        return _rt.svd((U, S, Vh.mT))
    S = svdvals(input)
    shape = input._data.shape
    m, n = shape[-2:]
    U = _make(np.zeros(shape[:-1] + (m,), input._data.dtype))
    V = _make(np.zeros(shape[:-2] + (n, n), input._data.dtype))
    return _rt.svd((U, S, V))


def _cholesky_top(input: Tensor, upper: bool = False, *, out=None) -> Tensor:
    """``torch.cholesky`` (deprecated in torch): node ``CholeskyBackward0``, errors named 'cholesky'."""
    _arg("cholesky", "input", 1, input)
    _no_out(out, "cholesky")
    _warn_once("cholesky", "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
               "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)"
               "\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
               "This transform will produce equivalent results for all valid (symmetric positive definite) inputs."
               + _WHERE.format(1765))
    if input._data.size == 0:
        return _make(np.empty_like(input._data))
    _square(input, "cholesky")
    _kernel(input, "cholesky_cpu")
    return _chol_legacy_op(input, upper=bool(upper), check="cholesky")[0]


def _qr_top(input: Tensor, some: bool = True, *, out=None):
    """``torch.qr`` (deprecated in torch): ``linalg.qr`` in mode 'reduced' (``some``) or 'complete'."""
    _arg("qr", "input", 1, input)
    _no_out(out, "qr")
    _warn_once("qr", "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
               "release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = "
               "torch.qr(A, some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else "
               "'complete')" + _WHERE.format(2505))
    Q, R = qr(input, "reduced" if some else "complete")
    return _rt.qr((Q, R))


# torch.X names that are not torch.linalg.X (``from .linalg import *`` would take the linalg ones).
TOP_LEVEL = {
    "pinverse": pinverse, "inverse": inverse, "det": _det_top, "logdet": logdet, "slogdet": _slogdet_top,
    "svd": _svd_top, "cholesky": _cholesky_top, "qr": _qr_top, "matrix_power": _matrix_power_top,
}

METHODS = {
    "inverse": inverse, "det": _det_top, "logdet": logdet, "slogdet": _slogdet_top, "pinverse": pinverse,
    "svd": _svd_top, "cholesky": _cholesky_top, "qr": _qr_top, "matrix_power": _matrix_power_top,
}
INPLACE: dict = {}

# torch.linalg's names (torch 2.13) that torchless does not implement yet raise NotImplementedError.
_TORCH_LINALG = frozenset(
    "cond eig eigvals householder_product ldl_factor ldl_factor_ex ldl_solve lu lu_factor lu_factor_ex lu_solve "
    "matrix_exp tensorinv tensorsolve vander common_notes".split())


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(f"module 'torchless.linalg' has no attribute '{name}'")
    raise missing_module_attr("torchless.linalg", name, _TORCH_LINALG)
