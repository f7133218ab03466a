"""torch.linalg against torch 2.13: values, dtypes, shapes, grad_fn names, gradients (gradcheck and gradgradcheck in
float64), errors, and the seed's regression solved with the pseudoinverse.

Op tables run the same code under torchless and torch (live when installed, else the golden files
tests/golden/ops/linalg_*.json). Singular vectors, eigenvectors and Q's columns are determined only up to sign;
cases compare sign-invariant quantities (``U ** 2``, ``U * Vh.mT``, reconstructions) where a sign could differ.
Record the golden files with torch installed: ``PYTHONPATH=src python -m tests.test_linalg``.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless
import torchless.linalg
from tests.ops.harness import GOLDEN_DIR, Arr, Long, OpCase, make_tests, record

try:
    import torch as _torch
except ImportError:  # pragma: no cover - depends on the environment
    _torch = None

INF = math.inf


# Helpers: the same code under both libraries ---------------------------------------------------------------


def eye(T, a):
    return T.eye(a.shape[-1], dtype=a.dtype)


def wc(T, a):
    """A well-conditioned square matrix built from a random one (gradients flow through it)."""
    return a + 3 * eye(T, a)


def spd(T, a):
    """A symmetric positive-definite matrix built from a random one."""
    return a @ a.mT + eye(T, a)


def sym(T, a):
    return a + a.mT


def top(T, name):
    """``torch.<name>``; for torchless its entry in ``linalg.TOP_LEVEL`` until torchless/__init__ wires it."""
    if T is torchless and not hasattr(T, name):
        return T.linalg.TOP_LEVEL[name]
    return getattr(T, name)


def meth(x, name, *args, **kw):
    """``x.<name>(...)``; for torchless the ``linalg.METHODS`` entry until it is bound on Tensor."""
    if isinstance(x, torchless.Tensor) and not hasattr(x, name):
        return torchless.linalg.METHODS[name](x, *args, **kw)
    return getattr(x, name)(*args, **kw)


def err(f):
    """A case whose result is the exception raised ("Type: message"), or "no error"."""
    def fn(T, *args):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f(T, *args)
        except Exception as e:  # noqa: BLE001 - the type is part of what is compared
            return f"{type(e).__name__}: {e}"
        return "no error"
    return fn


def quiet(f):
    def fn(T, *args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return f(T, *args)
    return fn


F32 = {"atol": 1e-4, "rtol": 1e-4}  # NumPy computes float32 in float64; torch's LAPACK in float32
NO_GC = {"gradcheck": False}  # compare with torch (values and gradients) but no finite differences


# linalg_solve: inverses, solvers, determinants, pseudoinverse, least squares, products ----------------------

SOLVE_CASES = [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("inv", lambda T, a: T.linalg.inv(wc(T, a)), [(3, 3)], F32),
    ("inv_batched", lambda T, a: T.linalg.inv(wc(T, a)), [(2, 2, 3, 3)], F32),
    ("inv_1x1", lambda T, a: T.linalg.inv(wc(T, a)), [(1, 1)], F32),
    ("inv_ex", lambda T, a: T.linalg.inv_ex(wc(T, a)), [(2, 3, 3)], F32),
    ("inv_leaf", lambda T, a: T.linalg.inv(a), [Arr([[2.0, 1.0], [1.0, 3.0]])], {}),
    ("inverse_top", lambda T, a: top(T, "inverse")(wc(T, a)), [(3, 3)], F32),
    ("inverse_method", lambda T, a: meth(wc(T, a), "inverse"), [(3, 3)], F32),
    ("inv_empty", lambda T, a: T.linalg.inv(a), [(0, 0)], {"grad": False}),
    ("det", lambda T, a: T.linalg.det(a), [(3, 3)], F32),
    ("det_batched", lambda T, a: T.linalg.det(a), [(2, 3, 4, 4)], F32),
    ("det_1x1", lambda T, a: T.linalg.det(a), [(1, 1)], F32),
    ("det_top", lambda T, a: top(T, "det")(a), [(3, 3)], F32),
    ("det_method", lambda T, a: meth(a, "det"), [(2, 2)], F32),
    ("det_empty", lambda T, a: T.linalg.det(a), [(2, 0, 0)], {"grad": False}),
    ("det_singular", lambda T, a: T.linalg.det(a), [Arr([[2.0, 4.0, 6.0], [1.0, 2.0, 3.0], [1.0, 0.0, 1.0]])],
     {"extra": {"gradcheck": False}}),
    # Singular in exact arithmetic, but torch's LU (MKL) rounds with fused multiply-adds on CPUs that have them,
    # so its answer depends on the CPU: compared with the golden file, recorded on an x86-64 CPU with FMA.
    ("det_singular_fma", lambda T, a: T.linalg.det(a), [Arr([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])],
     {"extra": {"gradcheck": False, "golden_only": True}}),
    ("det_singular_float32", lambda T, a: T.linalg.det(a), [Arr([[0.1, 0.2], [0.3, 0.6]], "float32")],
     {"extra": {"gradcheck": False}}),
    ("slogdet", lambda T, a: T.linalg.slogdet(a)[1], [(3, 3)], F32),
    ("slogdet_pair", lambda T, a: tuple(T.linalg.slogdet(a))[::-1], [(2, 3, 3)], F32),
    ("slogdet_sign_first", lambda T, a: T.linalg.slogdet(a), [(3, 3)], {**F32, "extra": {"gradcheck": False}}),
    ("slogdet_top", lambda T, a: top(T, "slogdet")(a)[1], [(3, 3)], F32),
    ("slogdet_singular", lambda T, a: T.linalg.slogdet(a), [Arr([[1.0, 2.0], [3.0, 6.0]])], {"grad": False}),
    ("logdet", lambda T, a: top(T, "logdet")(spd(T, a)), [(3, 3)], F32),
    ("logdet_negative", lambda T, a: top(T, "logdet")(a), [Arr([[0.0, 1.0], [1.0, 0.0]])], {"grad": False}),
    ("logdet_method", lambda T, a: meth(spd(T, a), "logdet"), [(2, 3, 3)], F32),
    ("solve", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(3, 3), (3, 2)], F32),
    ("solve_vector", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(3, 3), (3,)], F32),
    ("solve_batched_vector", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(2, 3, 3), (2, 3)], F32),
    ("solve_broadcast_vector", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(2, 3, 3), (3,)], F32),
    ("solve_broadcast", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(2, 1, 3, 3), (4, 3, 1)], F32),
    ("solve_broadcast_a", lambda T, a, b: T.linalg.solve(wc(T, a), b), [(3, 3), (2, 3, 2)], F32),
    ("solve_left_false", lambda T, a, b: T.linalg.solve(wc(T, a), b, left=False), [(3, 3), (2, 3)], F32),
    ("solve_ex", lambda T, a, b: T.linalg.solve_ex(wc(T, a), b), [(2, 3, 3), (2, 3, 1)], F32),
    ("solve_triangular_upper", lambda T, a, b: T.linalg.solve_triangular(wc(T, a), b, upper=True),
     [(3, 3), (3, 2)], F32),
    ("solve_triangular_lower_right", lambda T, a, b: T.linalg.solve_triangular(wc(T, a), b, upper=False, left=False),
     [(2, 3, 3), (2, 3)], F32),
    ("solve_triangular_unit", lambda T, a, b: T.linalg.solve_triangular(a, b, upper=False, unitriangular=True),
     [(3, 3), (3, 2)], F32),
    ("pinv_tall", lambda T, a: T.linalg.pinv(a), [(4, 3)], F32),
    ("pinv_wide", lambda T, a: T.linalg.pinv(a), [(2, 5)], F32),
    ("pinv_square", lambda T, a: T.linalg.pinv(wc(T, a)), [(3, 3)], F32),
    ("pinv_batched", lambda T, a: T.linalg.pinv(a), [(2, 4, 3)], F32),
    ("pinv_hermitian", lambda T, a: T.linalg.pinv(spd(T, a), hermitian=True), [(3, 3)], F32),
    ("pinv_atol", lambda T, a: T.linalg.pinv(a, atol=0.5), [(4, 3)], {**F32, "seed": 3}),
    # a truncated singular value: torch's derivative is that of the untruncated pseudoinverse (no gradcheck)
    ("pinv_rtol", lambda T, a: T.linalg.pinv(a, rtol=0.3), [(4, 3)], {**F32, "seed": 3, "extra": NO_GC}),
    ("pinv_rcond", lambda T, a: T.linalg.pinv(a, 0.3), [(4, 3)], {**F32, "seed": 3, "extra": NO_GC}),
    ("pinv_atol_tensor", lambda T, a: T.linalg.pinv(a, atol=T.tensor([0.1, 10.0], dtype=T.float64)),
     [(2, 3, 3)], {**F32, "grad": False}),
    ("pinv_rank_deficient", lambda T, a: T.linalg.pinv(a), [Arr([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])],
     {"grad": False}),
    ("pinv_empty", lambda T, a: T.linalg.pinv(a), [(0, 3)], {"grad": False}),
    ("pinverse_top", lambda T, a: top(T, "pinverse")(a), [(4, 3)], F32),
    ("pinverse_method", lambda T, a: meth(a, "pinverse", rcond=0.2), [(3, 4)], {**F32, "seed": 4}),
    ("lstsq", lambda T, a, b: T.linalg.lstsq(a, b), [(5, 3), (5, 2)], F32),
    ("lstsq_vector", lambda T, a, b: T.linalg.lstsq(a, b), [(5, 3), (5,)], F32),
    ("lstsq_batched", lambda T, a, b: T.linalg.lstsq(a, b), [(2, 5, 3), (2, 5, 2)], F32),
    ("lstsq_batched_vector", lambda T, a, b: T.linalg.lstsq(a, b), [(2, 5, 3), (2, 5)], F32),
    ("lstsq_wide", lambda T, a, b: T.linalg.lstsq(a, b), [(2, 4), (2, 3)], F32),
    ("lstsq_square", lambda T, a, b: T.linalg.lstsq(wc(T, a), b), [(3, 3), (3, 2)], F32),
    ("lstsq_gelsd", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd"), [(5, 3), (5, 2)], F32),
    ("lstsq_gelsd_residuals", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd")[1], [(5, 3), (5, 2)], F32),
    ("lstsq_gelss_vector", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelss"), [(2, 5, 3), (2, 5)], F32),
    ("lstsq_gels", lambda T, a, b: T.linalg.lstsq(a, b, driver="gels"), [(5, 3), (5, 2)], F32),
    # rcond truncating the rank (columns in decreasing order of size: torch's answer does not depend on its
    # uninitialized pivots)
    ("lstsq_rcond", lambda T, a, b: T.linalg.lstsq(a, b, rcond=0.05),
     [Arr([[10.0, 0.5, 0.0], [0.2, 1.0, 0.0], [0.0, 0.1, 0.01], [0.5, 0.0, 0.0]], "float"), (4, 2)],
     {"dtype": "float64", "extra": NO_GC}),
    ("lstsq_rcond_no_truncation", lambda T, a, b: T.linalg.lstsq(a, b, rcond=1e-3), [(5, 3), (5, 2)], F32),
    ("lstsq_rank_deficient", lambda T, a, b: T.linalg.lstsq(a, b),
     [Arr([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), Arr([[1.0], [1.0], [2.0]])], {"grad": False}),
    ("lstsq_rank_deficient_gelsd", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd"),
     [Arr([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), Arr([[1.0], [1.0], [2.0]])], {"grad": False}),
    # empty systems (torch's rank for an empty batch is uninitialized memory: not compared)
    ("lstsq_empty_no_columns", lambda T, a, b: T.linalg.lstsq(a, b), [(3, 0), (3, 2)], {"grad": False}),
    ("lstsq_empty_no_columns_gels", lambda T, a, b: T.linalg.lstsq(a, b, driver="gels"), [(3, 0), (3, 2)],
     {"grad": False}),
    ("lstsq_empty_no_columns_gelsd", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd"), [(2, 3, 0), (2, 3)],
     {"grad": False}),
    ("lstsq_empty_no_rows", lambda T, a, b: T.linalg.lstsq(a, b), [(0, 3), (0, 2)], {"grad": False}),
    ("lstsq_empty_0x0", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelss"), [(0, 0), (0, 0)], {"grad": False}),
    ("lstsq_empty_batch", lambda T, a, b: T.linalg.lstsq(a, b)[0], [(0, 3, 2), (0, 3, 1)], {"grad": False}),
    ("lstsq_empty_rhs", lambda T, a, b: T.linalg.lstsq(a, b, driver="gels"), [(4, 2), (4, 0)], {"grad": False}),
    ("matrix_power_0", lambda T, a: T.linalg.matrix_power(a, 0), [(3, 3)], {}),
    ("matrix_power_1", lambda T, a: T.linalg.matrix_power(a, 1), [(3, 3)], {}),
    ("matrix_power_2", lambda T, a: T.linalg.matrix_power(a, 2), [(3, 3)], F32),
    ("matrix_power_3", lambda T, a: T.linalg.matrix_power(a, 3), [(2, 3, 3)], F32),
    ("matrix_power_6", lambda T, a: T.linalg.matrix_power(a, 6), [(2, 3, 3)], F32),
    ("matrix_power_5", lambda T, a: T.linalg.matrix_power(a, 5), [(3, 3)], F32),
    ("matrix_power_minus_1", lambda T, a: T.linalg.matrix_power(wc(T, a), -1), [(3, 3)], F32),
    ("matrix_power_minus_3", lambda T, a: T.linalg.matrix_power(wc(T, a), -3), [(3, 3)], F32),
    ("matrix_power_method", lambda T, a: meth(a, "matrix_power", 4), [(3, 3)], F32),
    ("matrix_power_int", lambda T, a: T.linalg.matrix_power(a, 3), [Long((3, 3), 4)], {}),
    ("matrix_power_int_0", lambda T, a: T.linalg.matrix_power(a, 0), [Long((2, 2), 4)], {}),
    ("multi_dot_2", lambda T, a, b: T.linalg.multi_dot([a, b]), [(2, 3), (3, 4)], F32),
    ("multi_dot_3_left", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), [(5, 2), (2, 6), (6, 3)], F32),
    ("multi_dot_3_right", lambda T, a, b, c: T.linalg.multi_dot((a, b, c)), [(5, 6), (6, 2), (2, 3)], F32),
    ("multi_dot_4", lambda T, a, b, c, d: T.linalg.multi_dot([a, b, c, d]), [(4, 2), (2, 5), (5, 3), (3, 2)],
     F32),
    ("multi_dot_vectors", lambda T, a, b, c, d: T.linalg.multi_dot([a, b, c, d]), [(3,), (3, 4), (4, 2), (2,)],
     F32),
    ("multi_dot_vector_matrix", lambda T, a, b: T.linalg.multi_dot([a, b]), [(3,), (3, 2)], F32),
    ("cross", lambda T, a, b: T.linalg.cross(a, b), [(4, 3), (4, 3)], F32),
    ("cross_broadcast", lambda T, a, b: T.linalg.cross(a, b), [(2, 4, 3), (1, 4, 3)], F32),
    ("cross_dim", lambda T, a, b: T.linalg.cross(a, b, dim=0), [(3, 2), (3, 2)], F32),
    ("cross_int", lambda T, a, b: T.linalg.cross(a, b), [Long((2, 3), 5), Long((2, 3), 5)], {}),
    ("vecdot", lambda T, a, b: T.linalg.vecdot(a, b), [(3, 4), (2, 1, 4)], F32),
    ("vecdot_dim", lambda T, a, b: T.linalg.vecdot(a, b, dim=0), [(3, 4), (3, 4)], F32),
    ("diagonal", lambda T, a: T.linalg.diagonal(a), [(2, 3, 4)], {}),
    ("diagonal_offset", lambda T, a: T.linalg.diagonal(a, offset=-1, dim1=0, dim2=2), [(3, 2, 4)], {}),
    ("matmul_alias", lambda T, a, b: T.linalg.matmul(a, b), [(2, 3), (3,)], F32),
]]


# linalg_decomp: svd, qr, eigh, cholesky --------------------------------------------------------------------------


def usv(T, a, full=False):
    """The SVD's sign-invariant parts, S first: (S, U**2, Vh**2, U * Vh^T for the square part)."""
    U, S, Vh = T.linalg.svd(a, full_matrices=full)
    k = S.shape[-1]
    return S, U ** 2, Vh ** 2, U[..., :k, :k] * Vh[..., :k, :k].mT


DECOMP_CASES = [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("svd_S", lambda T, a: usv(T, a), [(4, 3)], F32),
    ("svd_U", lambda T, a: usv(T, a)[1], [(4, 3)], F32),
    ("svd_Vh", lambda T, a: usv(T, a)[2], [(4, 3)], F32),
    ("svd_U_wide", lambda T, a: usv(T, a)[1], [(3, 5)], F32),
    ("svd_Vh_wide", lambda T, a: usv(T, a)[2], [(3, 5)], F32),
    ("svd_UV_square", lambda T, a: usv(T, a)[3], [(3, 3)], F32),
    ("svd_all_outputs", lambda T, a: (lambda U, S, Vh: (U ** 2 * S.unsqueeze(-2) + (Vh ** 3).abs().sum()))(
        *T.linalg.svd(a, full_matrices=False)), [(4, 3)], F32),
    ("svd_reconstruct", lambda T, a: (lambda U, S, Vh: (U * S.unsqueeze(-2)) @ Vh)(
        *T.linalg.svd(a, full_matrices=False)), [(2, 3, 5)], F32),
    ("svd_batched", lambda T, a: usv(T, a), [(2, 3, 3)], F32),
    ("svd_full_tall", lambda T, a: (lambda U, S, Vh: (U[..., :3] ** 2, S, Vh ** 2, U.shape[-1]))(
        *T.linalg.svd(a)), [(4, 3)], F32),
    ("svd_full_wide", lambda T, a: (lambda U, S, Vh: (Vh[..., :2, :] ** 2, S, U ** 2, Vh.shape[-2]))(
        *T.linalg.svd(a)), [(2, 4)], F32),
    ("svd_full_projector", lambda T, a: (lambda U: U[..., 3:] @ U[..., 3:].mT)(T.linalg.svd(a)[0]), [(5, 3)],
     {**F32, "grad": False}),
    ("svd_empty", lambda T, a: T.linalg.svd(a), [(0, 3)], {"grad": False}),
    ("svdvals", lambda T, a: T.linalg.svdvals(a), [(2, 4, 3)], F32),
    ("svdvals_no_grad", lambda T, a: T.linalg.svdvals(a), [(3, 5)], {**F32, "grad": False}),
    ("svdvals_repeated", lambda T, a: T.linalg.svdvals(a * 2), [Arr(np.eye(3))], {"extra": {"gradcheck": False}}),
    # an empty matrix: an empty gradient, not None
    ("svdvals_empty_grad", lambda T, a: T.linalg.svdvals(a), [(0, 3)], {"extra": NO_GC}),
    ("svd_empty_grad", lambda T, a: T.linalg.svd(a)[1], [(2, 3, 0)], {"extra": NO_GC}),
    ("svd_legacy", lambda T, a: (lambda r: (r.S, r.U ** 2, r.V ** 2, r.V.shape))(top(T, "svd")(a)), [(4, 3)], F32),
    ("svd_legacy_V", lambda T, a: top(T, "svd")(a).V ** 2, [(4, 3)], F32),
    ("svd_legacy_some_false", lambda T, a: (lambda r: (r.S, r.U.shape, r.V.shape))(top(T, "svd")(a, some=False)),
     [(4, 3)], F32),
    ("svd_legacy_no_uv", lambda T, a: tuple(top(T, "svd")(a, compute_uv=False)), [(4, 3)], F32),
    ("svd_method", lambda T, a: meth(a, "svd")[1], [(3, 4)], F32),
    ("qr_Q", lambda T, a: T.linalg.qr(a), [(4, 3)], F32),
    ("qr_R", lambda T, a: tuple(T.linalg.qr(a))[::-1], [(4, 3)], F32),
    ("qr_square", lambda T, a: T.linalg.qr(a), [(2, 3, 3)], F32),
    ("qr_wide_Q", lambda T, a: T.linalg.qr(a), [(3, 5)], F32),
    ("qr_wide_R", lambda T, a: tuple(T.linalg.qr(a))[::-1], [(3, 5)], F32),
    ("qr_complete_wide", lambda T, a: T.linalg.qr(a, mode="complete"), [(2, 4)], F32),
    ("qr_complete_tall", lambda T, a: T.linalg.qr(a, mode="complete"), [(4, 2)], {**F32, "grad": False}),
    ("qr_r", lambda T, a: tuple(T.linalg.qr(a, mode="r"))[::-1], [(4, 3)], {**F32, "grad": False}),
    ("qr_legacy", quiet(lambda T, a: top(T, "qr")(a)), [(4, 3)], F32),
    ("qr_legacy_complete", quiet(lambda T, a: tuple(top(T, "qr")(a, some=False))[::-1]), [(4, 3)],
     {**F32, "grad": False}),
    ("qr_method", quiet(lambda T, a: meth(a, "qr")), [(3, 3)], F32),
    ("eigh_values", lambda T, a: T.linalg.eigh(sym(T, a))[0], [(3, 3)], F32),
    ("eigh_vectors", lambda T, a: (lambda L, V: (V ** 2, L))(*T.linalg.eigh(sym(T, a))), [(3, 3)], F32),
    ("eigh_both", lambda T, a: (lambda L, V: V ** 2 * L.unsqueeze(-2))(*T.linalg.eigh(sym(T, a))), [(2, 4, 4)],
     F32),
    ("eigh_reconstruct", lambda T, a: (lambda L, V: (V * L.unsqueeze(-2)) @ V.mT)(*T.linalg.eigh(sym(T, a))),
     [(3, 3)], F32),
    ("eigh_upper", lambda T, a: (lambda L, V: (L, V ** 2))(*T.linalg.eigh(a, UPLO="U")), [(3, 3)],
     {**F32, "grad": False}),
    ("eigh_upper_sym", lambda T, a: T.linalg.eigh(sym(T, a), "U")[0], [(3, 3)], F32),
    ("eigvalsh", lambda T, a: T.linalg.eigvalsh(sym(T, a)), [(2, 3, 3)], F32),
    ("eigvalsh_lower", lambda T, a: T.linalg.eigvalsh(a, UPLO="l"), [(3, 3)], {**F32, "grad": False}),
    ("eigvalsh_repeated", lambda T, a: T.linalg.eigvalsh(a * 2), [Arr(np.eye(3))], {"extra": {"gradcheck": False}}),
    ("cholesky", lambda T, a: T.linalg.cholesky(spd(T, a)), [(3, 3)], F32),
    ("cholesky_upper", lambda T, a: T.linalg.cholesky(spd(T, a), upper=True), [(2, 3, 3)], F32),
    ("cholesky_ex", lambda T, a: T.linalg.cholesky_ex(spd(T, a)), [(3, 3)], F32),
    ("cholesky_ex_not_pd", lambda T, a: T.linalg.cholesky_ex(a),
     [Arr([[4.0, 2.0, 1.0], [2.0, 1.0, 3.0], [1.0, 3.0, 5.0]])], {"grad": False}),
    ("cholesky_ex_not_pd_upper", lambda T, a: T.linalg.cholesky_ex(a, upper=True),
     [Arr([[[1.0, 2.0], [2.0, 1.0]], [[2.0, 0.0], [0.0, 3.0]]])], {"grad": False}),
    ("cholesky_lower_triangle_only", lambda T, a: T.linalg.cholesky(spd(T, a).tril()), [(3, 3)],
     {**F32, "grad": False}),
    ("cholesky_legacy", quiet(lambda T, a: top(T, "cholesky")(spd(T, a))), [(3, 3)], F32),
    ("cholesky_legacy_upper", quiet(lambda T, a: top(T, "cholesky")(spd(T, a), True)), [(3, 3)], F32),
    ("cholesky_method", quiet(lambda T, a: meth(spd(T, a), "cholesky")), [(3, 3)], F32),
]]


# linalg_norm: norm, vector_norm, matrix_norm, matrix_rank --------------------------------------------------------

NORM_CASES = [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("norm_default", lambda T, a: T.linalg.norm(a), [(2, 3, 4)], F32),
    ("norm_vector_ord3", lambda T, a: T.linalg.norm(a, 3), [(5,)], F32),
    ("norm_vector_inf", lambda T, a: T.linalg.norm(a, INF), [(5,)], F32),
    ("norm_vector_dim", lambda T, a: T.linalg.norm(a, 1, dim=1, keepdim=True), [(2, 3, 4)], F32),
    ("norm_dim_pair_no_ord", lambda T, a: T.linalg.norm(a, dim=(0, 2)), [(2, 3, 4)], F32),
    ("norm_matrix_fro", lambda T, a: T.linalg.norm(a, "fro"), [(3, 4)], F32),
    ("norm_matrix_nuc", lambda T, a: T.linalg.norm(a, "nuc"), [(3, 4)], F32),
    ("norm_matrix_2", lambda T, a: T.linalg.norm(a, 2), [(3, 4)], F32),
    ("norm_matrix_inf", lambda T, a: T.linalg.norm(a, -INF), [(3, 4)], F32),
    ("norm_matrix_dims", lambda T, a: T.linalg.norm(a, 1, dim=(2, 0), keepdim=True), [(2, 3, 4)], F32),
    ("norm_dtype", lambda T, a: T.linalg.norm(a, dtype=T.float64), [(3, 4)], F32),
    ("vector_norm", lambda T, a: T.linalg.vector_norm(a, 0.5, dim=(0, 1)), [(2, 3, 4)], {**F32, "domain": "nonzero"}),
    # empty matrices: torch's positive orders give 0 where the max is over an empty dim, negative ones raise
    *[(f"matrix_norm_empty_{tag}_{shape[-2]}x{shape[-1]}{'_keepdim' * kd}",
       err(lambda T, a, o=o, kd=kd: T.linalg.matrix_norm(a, o, keepdim=kd)), [shape], {"grad": False})
      for tag, o in [("1", 1), ("inf", INF), ("2", 2), ("nuc", "nuc"), ("minus_1", -1), ("minus_2", -2),
                     ("minus_inf", -INF)]
      for shape in [(0, 0), (3, 0), (2, 0, 3)] for kd in (False, True)],
    ("matrix_norm_empty_values", lambda T, a: [T.linalg.matrix_norm(a, o, keepdim=kd) for o in (1, INF, 2, "nuc")
                                               for kd in (False, True)], [(2, 3, 0)], {"grad": False}),
    ("matrix_norm_empty_dtype", lambda T, a: T.linalg.matrix_norm(a, 2, dtype=T.float64), [(0, 3)],
     {"dtype": "float32", "grad": False}),
    ("vector_norm_ninf", lambda T, a: T.linalg.vector_norm(a, -INF), [(2, 3)], F32),
    ("matrix_norm_fro", lambda T, a: T.linalg.matrix_norm(a), [(2, 3, 4)], F32),
    ("matrix_norm_nuc", lambda T, a: T.linalg.matrix_norm(a, "nuc"), [(2, 3, 4)], F32),
    ("matrix_norm_nuc_keepdim", lambda T, a: T.linalg.matrix_norm(a, "nuc", dim=(0, 2), keepdim=True),
     [(2, 3, 4)], F32),
    ("matrix_norm_2", lambda T, a: T.linalg.matrix_norm(a, 2), [(2, 3, 4)], F32),
    ("matrix_norm_2_keepdim", lambda T, a: T.linalg.matrix_norm(a, 2, keepdim=True), [(2, 3, 4)], F32),
    ("matrix_norm_minus_2", lambda T, a: T.linalg.matrix_norm(a, -2, dim=(2, 1)), [(2, 3, 4)], F32),
    ("matrix_norm_1", lambda T, a: T.linalg.matrix_norm(a, 1), [(2, 3, 4)], F32),
    ("matrix_norm_minus_1_keepdim", lambda T, a: T.linalg.matrix_norm(a, -1, keepdim=True), [(2, 3, 4)], F32),
    ("matrix_norm_inf", lambda T, a: T.linalg.matrix_norm(a, INF), [(2, 3, 4)], F32),
    ("matrix_norm_minus_inf_dims", lambda T, a: T.linalg.matrix_norm(a, -INF, dim=(0, 2)), [(2, 3, 4)], F32),
    ("matrix_norm_inf_keepdim", lambda T, a: T.linalg.matrix_norm(a, INF, dim=(-1, 0), keepdim=True), [(2, 3, 4)],
     F32),
    ("matrix_norm_dtype", lambda T, a: T.linalg.matrix_norm(a, "nuc", dtype=T.float64), [(3, 3)], F32),
    ("matrix_norm_half", lambda T, a: T.linalg.matrix_norm(a.half(), 1).float(), [(3, 3)], {**F32, "grad": False}),
    ("matrix_rank", lambda T, a: T.linalg.matrix_rank(a), [(4, 3)], {"grad": False}),
    ("matrix_rank_deficient", lambda T, a: T.linalg.matrix_rank(a),
     [Arr([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])], {"grad": False}),
    ("matrix_rank_batched_tol", lambda T, a: T.linalg.matrix_rank(a, atol=0.5, rtol=0.1), [(3, 4, 4)],
     {"grad": False}),
    ("matrix_rank_tol", lambda T, a: T.linalg.matrix_rank(a, 1.0), [(3, 4, 4)], {"grad": False}),
    ("matrix_rank_tol_tensor", lambda T, a: T.linalg.matrix_rank(a, T.tensor([0.5, 2.0, 1.0])), [(3, 4, 4)],
     {"grad": False}),
    ("matrix_rank_hermitian", lambda T, a: T.linalg.matrix_rank(a @ a.mT, hermitian=True), [(2, 4, 2)],
     {"grad": False}),
    ("matrix_rank_empty", lambda T, a: T.linalg.matrix_rank(a), [(2, 0, 3)], {"grad": False}),
]]


# Errors: type and message, in torch's order of checks -------------------------------------------------------------

F2 = Arr(np.ones((2, 2)), "float32")
F3 = Arr(np.ones((2, 3)), "float32")
V3 = Arr(np.ones(3), "float32")
L2 = Arr(np.ones((2, 2), np.int64), "int64")
L1 = Arr(np.ones(3, np.int64), "int64")
H2 = Arr(np.ones((2, 2)), "float16")
SING = Arr([[1.0, 2.0], [2.0, 4.0]], "float32")
SING3 = Arr([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], "float32")
SING3_EXACT = Arr([[2.0, 4.0, 6.0], [1.0, 2.0, 3.0], [1.0, 0.0, 1.0]], "float32")  # exact zero pivot on any CPU
SING_B = Arr([[[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [2.0, 4.0]]], "float32")
NOT_PD = Arr([[1.0, 2.0], [2.0, 1.0]], "float32")
NAN_M = Arr([[1.0, math.nan], [2.0, 3.0]], "float32")

_ERROR_FNS = {
    "inv": lambda T, a: T.linalg.inv(a), "inv_ex": lambda T, a: T.linalg.inv_ex(a, check_errors=True),
    "det": lambda T, a: T.linalg.det(a), "slogdet": lambda T, a: T.linalg.slogdet(a),
    "logdet": lambda T, a: top(T, "logdet")(a), "svd": lambda T, a: T.linalg.svd(a),
    "svdvals": lambda T, a: T.linalg.svdvals(a), "svd_legacy": lambda T, a: top(T, "svd")(a),
    "qr": lambda T, a: T.linalg.qr(a), "eigh": lambda T, a: T.linalg.eigh(a),
    "eigvalsh": lambda T, a: T.linalg.eigvalsh(a), "cholesky": lambda T, a: T.linalg.cholesky(a),
    "cholesky_ex": lambda T, a: T.linalg.cholesky_ex(a, check_errors=True),
    "cholesky_legacy": lambda T, a: top(T, "cholesky")(a), "pinv": lambda T, a: T.linalg.pinv(a),
    "pinverse": lambda T, a: top(T, "pinverse")(a), "matrix_rank": lambda T, a: T.linalg.matrix_rank(a),
    "matrix_norm_nuc": lambda T, a: T.linalg.matrix_norm(a, "nuc"),
    "matrix_norm_1": lambda T, a: T.linalg.matrix_norm(a, 1), "norm_2": lambda T, a: T.linalg.norm(a, 2),
    "matrix_power": lambda T, a: T.linalg.matrix_power(a, 2),
    "matrix_power_inv": lambda T, a: T.linalg.matrix_power(a, -1),
    "solve": lambda T, a: T.linalg.solve(a, a), "lstsq": lambda T, a: T.linalg.lstsq(a, a),
}
_ERROR_INPUTS = {"long": L2, "long_1d": L1, "half": H2, "vector": V3, "nonsquare": F3}

ERROR_CASES = [OpCase(f"error_{f}_{i}", err(fn), [x], grad=False)
               for f, fn in _ERROR_FNS.items() for i, x in _ERROR_INPUTS.items()]
ERROR_CASES += [OpCase(name, err(fn), inputs, grad=False) for name, fn, inputs in [
    ("error_inv_singular", lambda T, a: T.linalg.inv(a), [SING]),
    ("error_inv_singular_3x3", lambda T, a: T.linalg.inv(a), [SING3_EXACT]),
    ("error_inv_singular_3x3_double", lambda T, a: T.linalg.inv(a.double()), [SING3]),
    ("error_inv_zero", lambda T, a: T.linalg.inv(a * 0), [F2]),
    ("error_inv_singular_batch", lambda T, a: T.linalg.inv(a), [SING_B]),
    ("error_inv_singular_batch_4d", lambda T, a: T.linalg.inv(a.reshape(1, 2, 2, 2)), [SING_B]),
    ("error_inverse_singular", lambda T, a: top(T, "inverse")(a), [SING]),
    ("error_inv_ex_singular", lambda T, a: T.linalg.inv_ex(a, check_errors=True), [SING_B]),
    ("error_solve_singular", lambda T, a: T.linalg.solve(a, T.ones(2)), [SING]),
    ("error_solve_singular_batch", lambda T, a: T.linalg.solve(a, T.ones(2, 2, 1)), [SING_B]),
    ("error_solve_ex_singular", lambda T, a: T.linalg.solve_ex(a, T.ones(2), check_errors=True), [SING]),
    ("error_cholesky_not_pd", lambda T, a: T.linalg.cholesky(a), [NOT_PD]),
    ("error_cholesky_not_pd_upper", lambda T, a: T.linalg.cholesky(a, upper=True), [NOT_PD]),
    ("error_cholesky_not_pd_batch", lambda T, a: T.linalg.cholesky(a), [SING_B]),
    ("error_cholesky_nan", lambda T, a: T.linalg.cholesky(a), [NAN_M]),
    ("error_cholesky_negative", lambda T, a: T.linalg.cholesky(-a), [F2]),
    ("error_cholesky_legacy_not_pd", lambda T, a: top(T, "cholesky")(a), [NOT_PD]),
    ("error_cholesky_ex_not_pd", lambda T, a: T.linalg.cholesky_ex(a, check_errors=True), [NOT_PD]),
    ("error_svd_nan", lambda T, a: T.linalg.svd(a), [NAN_M]),
    ("error_svd_nan_batch", lambda T, a: T.linalg.svd(T.stack([T.eye(2), a])), [NAN_M]),
    ("error_svd_driver", lambda T, a: T.linalg.svd(a, driver="gesvd"), [F2]),
    ("error_pinv_nan", lambda T, a: T.linalg.pinv(a), [NAN_M]),
    ("error_pinv_rcond_and_atol", lambda T, a: T.linalg.pinv(a, 0.1, atol=0.1), [F2]),
    ("error_solve_dtype", lambda T, a: T.linalg.solve(a, a.double()), [F2]),
    ("error_solve_int_b", lambda T, a: T.linalg.solve(a, a.long()), [F2]),
    ("error_solve_shapes", lambda T, a: T.linalg.solve(a, T.ones(3, 2)), [F2]),
    ("error_solve_vector_shape", lambda T, a: T.linalg.solve(a, T.ones(3)), [F2]),
    ("error_solve_left_false", lambda T, a: T.linalg.solve(a, T.ones(2, 3), left=False), [F2]),
    ("error_solve_left_false_vector", lambda T, a: T.linalg.solve(a, T.ones(2), left=False), [F2]),
    ("error_solve_b_0d", lambda T, a: T.linalg.solve(a, T.tensor(1.0)), [F2]),
    ("error_solve_broadcast", lambda T, a: T.linalg.solve(a.expand(2, 2, 2), T.ones(4, 2, 1)), [F2]),
    ("error_solve_triangular_shape", lambda T, a: T.linalg.solve_triangular(a, T.ones(3, 1), upper=True), [F2]),
    ("error_solve_triangular_vector", lambda T, a: T.linalg.solve_triangular(a, T.ones(2), upper=True), [F2]),
    ("error_solve_triangular_int", lambda T, a: T.linalg.solve_triangular(a.long(), a.long(), upper=True), [F2]),
    ("error_lstsq_dtype", lambda T, a: T.linalg.lstsq(a, a.double()), [F3]),
    ("error_lstsq_rows", lambda T, a: T.linalg.lstsq(a, T.ones(3, 2)), [F3]),
    ("error_lstsq_vector_rows", lambda T, a: T.linalg.lstsq(a.expand(2, 2, 3), T.ones(2, 3)), [F3]),
    ("error_lstsq_driver", lambda T, a: T.linalg.lstsq(a, a, driver="foo"), [F3]),
    ("error_lstsq_dims", lambda T, a: T.linalg.lstsq(a, T.ones(2, 2, 2)), [F3]),
    ("error_lstsq_b_0d", lambda T, a: T.linalg.lstsq(a, T.tensor(1.0)), [F3]),
    ("error_lstsq_broadcast", lambda T, a: T.linalg.lstsq(a.expand(2, 2, 3), T.ones(3, 2, 2)), [F3]),
    ("error_eigh_uplo", lambda T, a: T.linalg.eigh(a, UPLO="X"), [F2]),
    ("error_eigvalsh_uplo", lambda T, a: T.linalg.eigvalsh(a, "Q"), [F2]),
    ("error_qr_mode", lambda T, a: T.linalg.qr(a, mode="full"), [F2]),
    ("error_qr_backward_mode_r", lambda T, a: T.linalg.qr(a.requires_grad_(), mode="r")[1].sum().backward(), [F2]),
    ("error_qr_backward_complete_tall", lambda T, a: T.linalg.qr(a.mT.requires_grad_(), mode="complete")[0]
     .sum().backward(), [F3]),
    ("error_multi_dot_one", lambda T, a: T.linalg.multi_dot([a]), [F2]),
    ("error_multi_dot_dtype", lambda T, a: T.linalg.multi_dot([a, a.double()]), [F2]),
    ("error_multi_dot_shapes", lambda T, a: T.linalg.multi_dot([a, a]), [F3]),
    ("error_multi_dot_first_3d", lambda T, a: T.linalg.multi_dot([a.expand(1, 2, 3), a.mT]), [F3]),
    ("error_multi_dot_last_0d", lambda T, a: T.linalg.multi_dot([a, T.tensor(1.0)]), [F3]),
    ("error_multi_dot_middle_1d", lambda T, a: T.linalg.multi_dot([a, T.ones(3), a]), [F3]),
    ("error_matrix_power_float_n", lambda T, a: T.linalg.matrix_power(a, 2.0), [F2]),
    ("error_matrix_power_bool", lambda T, a: T.linalg.matrix_power(a.bool(), 2), [F2]),
    ("error_cross_length", lambda T, a: T.linalg.cross(a, a), [F2]),
    ("error_cross_ndim", lambda T, a: T.linalg.cross(a, T.ones(3)), [F3]),
    ("error_cross_dtype", lambda T, a: T.linalg.cross(a, a.double()), [F3]),
    ("error_cross_broadcast", lambda T, a: T.linalg.cross(a, T.ones(4, 3)), [F3]),
    ("error_cross_dim", lambda T, a: T.linalg.cross(a, a, dim=2), [F3]),
    ("error_vecdot_dtype", lambda T, a: T.linalg.vecdot(a, a.double()), [F3]),
    ("error_vecdot_int", lambda T, a: T.linalg.vecdot(a.long(), a.long()), [F3]),
    ("error_vecdot_shapes", lambda T, a: T.linalg.vecdot(a, T.ones(2)), [F3]),
    ("error_norm_3d_ord", lambda T, a: T.linalg.norm(a.expand(2, 2, 3), 2), [F3]),
    ("error_norm_0d_ord", lambda T, a: T.linalg.norm(a.sum(), 2), [F3]),
    ("error_norm_dims", lambda T, a: T.linalg.norm(a.expand(2, 2, 3), dim=(0, 1, 2)), [F3]),
    ("error_norm_str_dims", lambda T, a: T.linalg.norm(a.expand(2, 2, 3), "fro", dim=(0, 1, 2)), [F3]),
    ("error_norm_str_3d", lambda T, a: T.linalg.norm(a.expand(2, 2, 3), "fro"), [F3]),
    ("error_norm_str_1d", lambda T, a: T.linalg.norm(a[0], "nuc"), [F3]),
    ("error_norm_int", lambda T, a: T.linalg.norm(a.long()), [F3]),
    ("error_matrix_norm_ord", lambda T, a: T.linalg.matrix_norm(a, 3), [F3]),
    ("error_matrix_norm_ord_0", lambda T, a: T.linalg.matrix_norm(a, 0), [F3]),
    ("error_matrix_norm_ord_str", lambda T, a: T.linalg.matrix_norm(a, "foo"), [F3]),
    ("error_matrix_norm_same_dims", lambda T, a: T.linalg.matrix_norm(a, dim=(0, -2)), [F3]),
    ("error_matrix_norm_one_dim", lambda T, a: T.linalg.matrix_norm(a, dim=(0,)), [F3]),
    ("error_matrix_norm_dim_range", lambda T, a: T.linalg.matrix_norm(a, dim=(0, 5)), [F3]),
    ("error_matrix_norm_dtype_int", lambda T, a: T.linalg.matrix_norm(a, dtype=T.long), [F3]),
    ("error_matrix_norm_dtype_narrow", lambda T, a: T.linalg.matrix_norm(a.double(), dtype=T.float32), [F3]),
    ("error_matrix_rank_long_atol", lambda T, a: T.linalg.matrix_rank(a.long(), atol=0.1), [F3]),
    ("error_matrix_rank_long_rtol", lambda T, a: T.linalg.matrix_rank(a.long(), rtol=0.1), [F3]),
    ("error_list_inv", lambda T, a: T.linalg.inv(a.tolist()), [F2]),
    ("error_list_inv_ex", lambda T, a: T.linalg.inv_ex(a.tolist()), [F2]),
    ("error_list_det", lambda T, a: T.linalg.det(a.tolist()), [F2]),
    ("error_list_slogdet", lambda T, a: T.linalg.slogdet(a.tolist()), [F2]),
    ("error_list_svd", lambda T, a: T.linalg.svd(a.tolist()), [F2]),
    ("error_list_svdvals", lambda T, a: T.linalg.svdvals(a.tolist()), [F2]),
    ("error_list_qr", lambda T, a: T.linalg.qr(a.tolist()), [F2]),
    ("error_list_eigh", lambda T, a: T.linalg.eigh(a.tolist()), [F2]),
    ("error_list_eigvalsh", lambda T, a: T.linalg.eigvalsh(a.tolist()), [F2]),
    ("error_list_cholesky", lambda T, a: T.linalg.cholesky(a.tolist()), [F2]),
    ("error_list_cholesky_ex", lambda T, a: T.linalg.cholesky_ex(a.tolist()), [F2]),
    ("error_list_solve_a", lambda T, a: T.linalg.solve(a.tolist(), a), [F2]),
    ("error_list_solve_b", lambda T, a: T.linalg.solve(a, a.tolist()), [F2]),
    ("error_list_solve_ex", lambda T, a: T.linalg.solve_ex(a.tolist(), a), [F2]),
    ("error_list_solve_triangular", lambda T, a: T.linalg.solve_triangular(a.tolist(), a, upper=True), [F2]),
    ("error_list_lstsq_a", lambda T, a: T.linalg.lstsq(a.tolist(), a), [F2]),
    ("error_list_lstsq_b", lambda T, a: T.linalg.lstsq(a, a.tolist()), [F2]),
    ("error_list_matrix_power", lambda T, a: T.linalg.matrix_power(a.tolist(), 2), [F2]),
    ("error_list_cross", lambda T, a: T.linalg.cross(a.tolist(), a), [F2]),
    ("error_list_vecdot", lambda T, a: T.linalg.vecdot(a.tolist(), a), [F2]),
    ("error_list_pinv", lambda T, a: T.linalg.pinv(a.tolist()), [F2]),
    ("error_list_matrix_rank", lambda T, a: T.linalg.matrix_rank(a.tolist()), [F2]),
    ("error_str_matrix_rank_tol", lambda T, a: T.linalg.matrix_rank(a, "a"), [F2]),
    ("error_list_norm", lambda T, a: T.linalg.norm(a.tolist()), [F2]),
    ("error_list_matrix_norm", lambda T, a: T.linalg.matrix_norm(a.tolist()), [F2]),
    ("error_list_multi_dot", lambda T, a: T.linalg.multi_dot([a.tolist(), a]), [F2]),
    ("error_list_diagonal", lambda T, a: T.linalg.diagonal(a.tolist()), [F2]),
    ("error_list_pinverse", lambda T, a: top(T, "pinverse")(a.tolist()), [F2]),
    ("error_list_top_det", lambda T, a: top(T, "det")(a.tolist()), [F2]),
    ("error_list_top_svd", lambda T, a: top(T, "svd")(a.tolist()), [F2]),
    ("error_list_logdet", lambda T, a: top(T, "logdet")(a.tolist()), [F2]),
    ("error_list_inverse", lambda T, a: top(T, "inverse")(a.tolist()), [F2]),
    ("error_list_top_matrix_power", lambda T, a: top(T, "matrix_power")(a.tolist(), 2), [F2]),
    ("error_list_top_slogdet", lambda T, a: top(T, "slogdet")(a.tolist()), [F2]),
    ("error_list_top_qr", lambda T, a: top(T, "qr")(a.tolist()), [F2]),
    ("error_list_top_cholesky", lambda T, a: top(T, "cholesky")(a.tolist()), [F2]),
    ("error_det_nan_ok", lambda T, a: T.linalg.det(a), [NAN_M]),
    ("error_eigh_nan_ok", lambda T, a: T.linalg.eigh(a), [NAN_M]),
]]


# Singular inputs where torch returns instead of raising, derivatives at singular points, reprs ------------------


def _inplace_errors(T) -> list:
    """Backward after an output that the backward needs was changed in place: torch's error, for svd (several
    outputs, one node each here) and inv (its saved result)."""
    msgs = []
    A = T.tensor([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]], requires_grad=True)
    U, S, Vh = T.linalg.svd(A, full_matrices=False)
    losses = [S.sum()]
    with T.no_grad():
        U.mul_(2)
    B = T.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    Binv = T.linalg.inv(B)
    losses.append((Binv * Binv).sum())
    with T.no_grad():
        Binv.add_(1)
    for loss in losses:
        with pytest.raises(RuntimeError) as info:
            loss.backward()
        msgs.append(str(info.value))
    return msgs


def _det_second(T, a):
    """At a singular matrix: det's gradient under create_graph (torch: the adjugate, from the SVD) and the
    gradient of a weighted sum of it."""
    a = a.requires_grad_()
    (g,) = T.autograd.grad(T.linalg.det(a), a, create_graph=True)
    (h,) = T.autograd.grad((g * T.arange(9.0, dtype=a.dtype).reshape(3, 3)).sum(), a)
    return g.detach(), h


def _svd_joint(T, a):
    """One node per output: the gradients of U, S and Vh together add up to torch's joint formula."""
    a = a.requires_grad_()
    U, S, Vh = T.linalg.svd(a, full_matrices=False)
    w = T.arange(9.0, dtype=a.dtype).reshape(3, 3) - 4
    loss = ((U[:3] * Vh.mT) * w).sum() + (S ** 2).sum() + (Vh ** 2 * S.unsqueeze(-1)).sum()
    return loss.detach(), T.autograd.grad(loss, a)[0]


def _reprs(T):
    A = T.tensor([[2.0, 1.0], [1.0, 3.0]])
    return (repr(T.linalg.slogdet(A)), repr(T.linalg.lstsq(T.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]),
                                                           T.tensor([1.0, 2.0, 2.0]))),
            repr(T.linalg.cholesky_ex(T.tensor([[4.0, 2.0], [2.0, 5.0]]))),
            repr(T.linalg.inv_ex(T.tensor([[1.0, 2.0], [2.0, 4.0]]))), repr(T.linalg.eigh(A)))


EX_CASES = [OpCase(name, fn, inputs, grad=False) for name, fn, inputs in [
    ("inv_ex_singular", lambda T, a: T.linalg.inv_ex(a), [SING_B]),
    ("solve_ex_singular", lambda T, a: T.linalg.solve_ex(a, T.ones(2)), [SING]),
    ("slogdet_singular_3x3", lambda T, a: T.linalg.slogdet(a), [SING3]),
    ("det_singular_3x3", lambda T, a: T.linalg.det(a), [SING3]),
    ("det_singular_3x3_double", lambda T, a: T.linalg.det(a.double()), [SING3]),
    ("inv_near_singular_double", lambda T, a: (lambda r: (r.info, r.inverse.abs().max() > 1e15))(
        T.linalg.inv_ex(a.double())), [SING3]),
    ("cholesky_ex_nan", lambda T, a: T.linalg.cholesky_ex(a), [NAN_M]),
    ("svd_inf", lambda T, a: T.linalg.svdvals(a * math.inf), [F2]),
    ("solve_triangular_zero_diagonal", lambda T, a: T.linalg.solve_triangular(a, T.ones(2, 1), upper=True),
     [Arr([[0.0, 1.0], [0.0, 1.0]], "float32")]),
    ("eigh_nan", lambda T, a: T.linalg.eigvalsh(a), [NAN_M]),
    ("det_grad_singular", lambda T, a: T.autograd.grad(T.linalg.det(a.requires_grad_()), a)[0], [SING3]),
    ("det_second_derivative_singular", lambda T, a: _det_second(T, a),
     [Arr([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])]),
    ("svd_joint_loss", lambda T, a: _svd_joint(T, a), [(4, 3)]),
    ("reprs", lambda T, a: _reprs(T), [F2]),
    ("inplace_errors", lambda T, a: tuple(_inplace_errors(T)), [F2]),
    ("svdvals_grad_repeated", lambda T, a: T.autograd.grad(T.linalg.matrix_norm(a.requires_grad_(), "nuc"), a)[0],
     [Arr(np.eye(3))]),
]]
# torch's LU meets a zero pivot here or not depending on the CPU's fused multiply-adds (see det_singular_fma)
EX_CASES.append(OpCase("inv_ex_singular_3x3_fma", lambda T, a: T.linalg.inv_ex(a).info, [SING3], grad=False,
                       extra={"golden_only": True}))


globals().update(make_tests("linalg_solve", SOLVE_CASES))
globals().update(make_tests("linalg_decomp", DECOMP_CASES))
globals().update(make_tests("linalg_norm", NORM_CASES))
globals().update(make_tests("linalg_errors", ERROR_CASES + EX_CASES))

FAMILIES = {"linalg_solve": SOLVE_CASES, "linalg_decomp": DECOMP_CASES, "linalg_norm": NORM_CASES,
            "linalg_errors": ERROR_CASES + EX_CASES}


# Explicit tests ---------------------------------------------------------------------------------------------------


def test_linalg_error_class():
    A = torchless.tensor([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(torchless.linalg.LinAlgError) as info:
        torchless.linalg.inv(A)
    assert isinstance(info.value, RuntimeError)
    assert type(info.value).__name__ == "_LinAlgError"
    assert str(info.value) == ("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed "
                               "because the input matrix is singular.")
    with pytest.raises(RuntimeError, match=re.escape("(the leading minor of order 2 is not positive-definite)")):
        torchless.linalg.cholesky(torchless.tensor([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(torchless.linalg.LinAlgError, match="The solver failed because the input matrix is singular"):
        torchless.linalg.solve(A, torchless.ones(2))


def test_singular_never_silently_nan():
    """Exactly singular input raises rather than returning inf/nan."""
    for M in ([[0.0, 0.0], [0.0, 0.0]], [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 1.0, 1.0]], [[2.0, 4.0], [1.0, 2.0]]):
        A = torchless.tensor(M)
        for f in (torchless.linalg.inv, lambda a: torchless.linalg.solve(a, torchless.ones(a.shape[0]))):
            with pytest.raises(torchless.linalg.LinAlgError):
                f(A)


def test_return_types():
    A = torchless.tensor([[2.0, 1.0], [1.0, 3.0]])
    assert type(torchless.linalg.svd(A)).__name__ == "linalg_svd"
    assert type(torchless.linalg.eigh(A)).__name__ == "linalg_eigh"
    assert type(torchless.linalg.qr(A)).__name__ == "linalg_qr"
    assert type(torchless.linalg.slogdet(A)).__name__ == "linalg_slogdet"
    assert type(torchless.linalg.lstsq(A, A)).__name__ == "linalg_lstsq"
    assert type(torchless.linalg.inv_ex(A)).__name__ == "linalg_inv_ex"
    assert type(torchless.linalg.cholesky_ex(A)).__name__ == "linalg_cholesky_ex"
    assert type(torchless.linalg.solve_ex(A, A)).__name__ == "linalg_solve_ex"
    assert type(top(torchless, "svd")(A)).__name__ == "svd"
    assert type(top(torchless, "slogdet")(A)).__name__ == "slogdet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert type(top(torchless, "qr")(A)).__name__ == "qr"
    r = torchless.linalg.eigh(A)
    assert r.eigenvalues is r[0] and r.eigenvectors is r[1]


def test_legacy_warnings_once():
    torchless.linalg._warned.clear()
    A = torchless.tensor([[2.0, 1.0], [1.0, 3.0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        top(torchless, "cholesky")(A)
        top(torchless, "cholesky")(A)
        top(torchless, "qr")(A)
    msgs = [str(w.message) for w in caught]
    assert len(msgs) == 2
    assert msgs[0].startswith("torch.cholesky is deprecated in favor of torch.linalg.cholesky")
    assert msgs[1].startswith("torch.qr is deprecated in favor of torch.linalg.qr")


def test_unsupported_names():
    with pytest.raises(NotImplementedError, match="torch.linalg.eig"):
        _ = torchless.linalg.eig
    with pytest.raises(AttributeError, match="has no attribute 'foo'"):
        _ = torchless.linalg.foo
    assert not hasattr(torchless.linalg, "foo")
    with pytest.raises(NotImplementedError, match="complex"):
        torchless.linalg.inv(torchless.eye(2, dtype=torchless.complex64))
    with pytest.raises(NotImplementedError, match="out="):
        torchless.linalg.inv(torchless.eye(2), out=torchless.eye(2))


def test_inplace_change_of_output_raises_in_backward():
    mine = _inplace_errors(torchless)
    assert "[torch.FloatTensor [3, 2]], which is output 0 of LinalgSvd, is at version 1; expected version 0" in mine[0]
    assert "[torch.FloatTensor [2, 2]], which is output 0 of LinalgInvEx, is at version 1" in mine[1]
    if _torch is not None:
        assert mine == _inplace_errors(_torch)


def test_gradgradcheck_mixed_outputs():
    a = torchless.tensor(np.random.default_rng(7).standard_normal((3, 3)), requires_grad=True)

    def f(x):
        L, V = torchless.linalg.eigh(x + x.mT)
        Q, R = torchless.linalg.qr(x)
        return (V ** 2 * L).sum() + (Q * R.diagonal().unsqueeze(-2)).sum()

    assert torchless.autograd.gradcheck(f, (a,))
    assert torchless.autograd.gradgradcheck(f, (a,))


def test_methods_and_top_level_tables():
    for name in ("inverse", "det", "logdet", "slogdet", "pinverse", "svd", "cholesky", "qr", "matrix_power"):
        assert name in torchless.linalg.METHODS
    for name in ("pinverse", "inverse", "det", "logdet", "slogdet", "svd"):
        assert name in torchless.linalg.TOP_LEVEL
    assert torchless.linalg.TOP_LEVEL["svd"] is not torchless.linalg.svd  # torch.svd returns V, not Vh


def test_float32_stays_float32():
    A = torchless.tensor([[2.0, 1.0], [1.0, 3.0]])
    for r in (torchless.linalg.inv(A), torchless.linalg.det(A), torchless.linalg.pinv(A), torchless.linalg.svdvals(A),
              torchless.linalg.cholesky(A), torchless.linalg.eigvalsh(A), torchless.linalg.solve(A, A)):
        assert r.dtype is torchless.float32


# The first seed's regression, solved in closed form with the pseudoinverse ---------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_GOLDEN = GOLDEN_DIR / "linalg_seed_regression.json"


def _seed_y() -> list | None:
    files = sorted(SEEDS.glob("000*.txt")) if SEEDS.is_dir() else []
    if not files:
        return None
    m = re.search(r"y = np\.array\(\[([^\]]*)\]\)", files[0].read_text())
    return [float(v) for v in m.group(1).split(",")] if m else None


def _seed_solution(T, y: list):
    x = T.tensor([0, 1, 2, 3, 4, 5, 6, 7.0]).reshape(-1, 1)
    X = T.cat([x, T.ones_like(x)], 1)
    w = T.linalg.pinv(X) @ T.tensor(y).reshape(-1, 1)
    return w, X


def _record_seed() -> None:
    import torch

    y = _seed_y()
    w, X = _seed_solution(torch, y)
    SEED_GOLDEN.write_text(json.dumps({"y": y, "w": w.reshape(-1).tolist(), "repr": repr(w),
                                       "pinv": torch.linalg.pinv(X).reshape(-1).tolist()}, indent=0) + "\n")


def test_seed_regression_by_pinv():
    golden = json.loads(SEED_GOLDEN.read_text())
    y = _seed_y()
    if y is not None:  # the data the golden file was recorded from is the seed's
        assert y == golden["y"]
    w, X = _seed_solution(torchless, golden["y"])
    np.testing.assert_allclose(w.reshape(-1).numpy(), golden["w"], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(torchless.linalg.pinv(X).reshape(-1).numpy(), golden["pinv"], rtol=1e-5, atol=1e-7)
    assert repr(w) == golden["repr"]
    if _torch is not None:
        wt, _ = _seed_solution(_torch, golden["y"])
        np.testing.assert_allclose(w.numpy(), wt.numpy(), rtol=1e-6, atol=1e-7)
    # the least-squares solution agrees (normal equations: X^T (X w - y) = 0)
    yt = torchless.tensor(golden["y"]).reshape(-1, 1)
    assert torchless.linalg.norm(X.mT @ (X @ w - yt)).item() < 1e-5
    sol = torchless.linalg.lstsq(X, yt).solution
    np.testing.assert_allclose(sol.numpy(), w.numpy(), rtol=1e-5, atol=1e-6)


# Properties on random well-conditioned inputs ---------------------------------------------------------------------

_matrices = st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, 2**31 - 1)))


def _random(n: int, seed: int, m: int | None = None) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((m or n, n))


@settings(max_examples=30, deadline=None)
@given(_matrices)
def test_property_inverse_and_solve(ns):
    n, seed = ns
    a = _random(n, seed) + 3 * np.eye(n)
    A = torchless.tensor(a)
    np.testing.assert_allclose((torchless.linalg.inv(A) @ A).numpy(), np.eye(n), atol=1e-10)
    b = np.random.default_rng(seed + 1).standard_normal((n, 2))
    np.testing.assert_allclose((A @ torchless.linalg.solve(A, torchless.tensor(b))).numpy(), b, atol=1e-10)
    np.testing.assert_allclose(torchless.linalg.det(A).item(), np.prod(np.linalg.eigvals(a)).real, rtol=1e-8)
    sign, logabs = torchless.linalg.slogdet(A)
    np.testing.assert_allclose(sign.item() * math.exp(logabs.item()), torchless.linalg.det(A).item(), rtol=1e-8)


@settings(max_examples=30, deadline=None)
@given(_matrices, st.integers(1, 5))
def test_property_decompositions(ns, m):
    n, seed = ns
    a = _random(n, seed, m)
    A = torchless.tensor(a)
    U, S, Vh = torchless.linalg.svd(A, full_matrices=False)
    np.testing.assert_allclose(((U * S.unsqueeze(-2)) @ Vh).numpy(), a, atol=1e-10)
    assert (np.diff(S.numpy()) <= 1e-12).all()
    Q, R = torchless.linalg.qr(A)
    np.testing.assert_allclose((Q @ R).numpy(), a, atol=1e-10)
    np.testing.assert_allclose((Q.mT @ Q).numpy(), np.eye(Q.shape[-1]), atol=1e-10)
    P = torchless.linalg.pinv(A)
    np.testing.assert_allclose((A @ P @ A).numpy(), a, atol=1e-8)
    np.testing.assert_allclose((P @ A @ P).numpy(), P.numpy(), atol=1e-8)
    s = a @ a.T + np.eye(m)
    L = torchless.linalg.cholesky(torchless.tensor(s))
    np.testing.assert_allclose((L @ L.mT).numpy(), s, atol=1e-10)
    w, V = torchless.linalg.eigh(torchless.tensor(s))
    np.testing.assert_allclose(((V * w.unsqueeze(-2)) @ V.mT).numpy(), s, atol=1e-9)
    assert torchless.linalg.matrix_rank(A).item() == min(m, n)


if __name__ == "__main__":  # record torch 2.13's results: PYTHONPATH=src python -m tests.test_linalg
    for family, cases in FAMILIES.items():
        record(family, cases)
        print(f"recorded {len(cases)} cases for {family}")
    _record_seed()
    print("recorded the seed regression")
