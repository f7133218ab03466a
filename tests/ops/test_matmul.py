"""The matmul family against torch: every 1-D/2-D/batched combination of ``matmul`` (with the grad_fn torch
records for each: DotBackward0, MvBackward0, SqueezeBackward4, MmBackward0, UnsafeViewBackward0, and the
CloneBackward0/TransposeBackward0 of a folded 2-D @ batched product), mm, bmm, mv, dot, outer, inner, addmm,
and torch's shape and dtype error messages. Golden file: tests/golden/ops/matmul.json."""

from __future__ import annotations

from .harness import Arr, Long, OpCase, make_tests

FAMILY = "matmul"


def err(f):
    """A case whose result is the exception torch raises ("Type: message"), or "no error"."""
    def fn(T, *args):
        try:
            f(T, *args)
        except Exception as e:  # noqa: BLE001 - the type is part of what is compared
            return f"{type(e).__name__}: {e}"
        return "no error"
    return fn


def mm(T, a, b):
    return a @ b


# matmul: operand shapes for every pair of ranks 1..4 (batch dims broadcast) ----------------------------------

SHAPES = {
    (1, 1): [(3,), (3,)], (2, 1): [(2, 3), (3,)], (1, 2): [(3,), (3, 2)], (2, 2): [(2, 3), (3, 4)],
    (3, 1): [(2, 2, 3), (3,)], (1, 3): [(3,), (2, 3, 2)], (3, 2): [(2, 2, 3), (3, 2)], (2, 3): [(2, 3), (2, 3, 2)],
    (3, 3): [(2, 2, 3), (2, 3, 2)], (4, 1): [(2, 1, 2, 3), (3,)], (1, 4): [(3,), (1, 2, 3, 2)],
    (4, 2): [(2, 1, 2, 3), (3, 2)], (2, 4): [(2, 3), (2, 1, 3, 2)], (4, 3): [(2, 1, 2, 3), (2, 3, 2)],
    (3, 4): [(2, 2, 3), (3, 1, 3, 2)], (4, 4): [(2, 1, 2, 3), (1, 2, 3, 2)],
}
CASES = []
for (ra, rb), shapes in SHAPES.items():
    CASES.append(OpCase(f"matmul_{ra}d_{rb}d", mm, shapes))
    if ra != rb:  # which operand requires grad decides whether torch folds the batch into one mm
        CASES.append(OpCase(f"matmul_{ra}d_{rb}d_grad_a", mm, shapes, grad_inputs=(0,)))
        CASES.append(OpCase(f"matmul_{ra}d_{rb}d_grad_b", mm, shapes, grad_inputs=(1,)))
    CASES.append(OpCase(f"matmul_{ra}d_{rb}d_no_grad", mm, shapes, grad=False))

CASES += [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    # 2-D @ batched: a copy (CloneBackward0) unless the transposed result is already contiguous
    ("matmul_2d_3d_row", mm, [(1, 3), (2, 3, 4)], {"grad_inputs": (0,)}),
    ("matmul_2d_3d_column", mm, [(2, 3), (2, 3, 1)], {"grad_inputs": (0,)}),
    # 3-D @ 3-D with a batch of 1 that requires grad: torch squeezes it and folds
    ("matmul_3d_3d_squeeze_a", mm, [(1, 4, 3), (2, 3, 5)], {"grad_inputs": (0,)}),
    ("matmul_3d_3d_squeeze_b", mm, [(2, 4, 3), (1, 3, 5)], {"grad_inputs": (1,)}),
    ("matmul_3d_3d_batch_one", mm, [(2, 4, 3), (1, 3, 5)], {"grad_inputs": (0,)}),
    ("matmul_5d_broadcast", mm, [(2, 1, 1, 2, 3), (3, 1, 3, 2)], {}),
    ("matmul_noncontig", lambda T, a, b: a.transpose(0, 1) @ b.mT, [(3, 2, 3), (2, 4, 3)], {}),
    ("matmul_noncontig_folded", lambda T, a, b: a.transpose(0, 1) @ b, [(3, 2, 3), (3, 4)], {"grad": False}),
    ("matmul_expanded", lambda T, a, b: a.expand(3, 2, 3) @ b, [(2, 3), (3, 3, 2)], {}),
    ("matmul_fn", lambda T, a, b: T.matmul(a, b), [(2, 3), (3,)], {}),
    ("matmul_method", lambda T, a, b: a.matmul(b), [(2, 2, 3), (3, 2)], {}),
    ("matmul_empty", mm, [(2, 0, 3), (3, 4)], {"grad": False}),
    ("matmul_empty_inner", mm, [(2, 0), (0, 3)], {"grad": False}),
    ("matmul_float64", lambda T, a, b: a.double() @ b.double(), [(2, 3), (3, 2)], {}),
    ("matmul_float16", lambda T, a, b: a.half() @ b.half(), [(2, 3), (3, 2)], {"grad": False, "atol": 1e-2,
                                                                            "rtol": 1e-2}),
    ("matmul_int", mm, [Long((2, 3), 5), Long((3, 2), 5)], {"grad": False}),
    ("matmul_int_batched", mm, [Long((2, 2, 3), 5), Long((3,), 5)], {"grad": False}),
    ("matmul_int_dot", mm, [Long((3,), 5), Long((3,), 5)], {"grad": False}),
    ("matmul_uint8", lambda T, a, b: a.to(T.uint8) @ b.to(T.uint8), [Long((2, 3), 9), Long((3, 2), 9)],
     {"grad": False}),
    ("matmul_chain", lambda T, a, b, c: ((a @ b).relu() @ c).tanh(), [(2, 3), (3, 4), (4,)], {}),
]]

# The named products -------------------------------------------------------------------------------------

CASES += [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("mm", lambda T, a, b: T.mm(a, b), [(2, 3), (3, 4)], {}),
    ("mm_method", lambda T, a, b: a.mm(b.t()), [(2, 3), (4, 3)], {}),
    ("bmm", lambda T, a, b: T.bmm(a, b), [(2, 2, 3), (2, 3, 4)], {}),
    ("bmm_method", lambda T, a, b: a.bmm(b.mT), [(2, 2, 3), (2, 4, 3)], {}),
    ("mv", lambda T, a, b: T.mv(a, b), [(2, 3), (3,)], {}),
    ("mv_method", lambda T, a, b: a.mv(b), [(2, 3), (3,)], {}),
    ("dot", lambda T, a, b: T.dot(a, b), [(3,), (3,)], {}),
    ("dot_method", lambda T, a, b: a.dot(b), [(3,), (3,)], {}),
    ("outer", lambda T, a, b: T.outer(a, b), [(3,), (2,)], {}),
    ("outer_method", lambda T, a, b: a.outer(b), [(3,), (2,)], {}),
    ("ger", lambda T, a, b: T.ger(a, b), [(3,), (2,)], {}),
    ("outer_promotes", lambda T, a, i: T.outer(a, i), [(3,), Long((2,), 5)], {}),
    ("inner_1d", lambda T, a, b: T.inner(a, b), [(3,), (3,)], {}),
    ("inner_2d", lambda T, a, b: T.inner(a, b), [(2, 3), (4, 3)], {}),
    ("inner_3d_1d", lambda T, a, b: a.inner(b), [(2, 2, 3), (3,)], {}),
    ("inner_0dim", lambda T, a, b: T.inner(a, b), [(), (2, 3)], {}),
    ("addmm", lambda T, c, a, b: T.addmm(c, a, b), [(4,), (2, 3), (3, 4)], {}),
    ("addmm_matrix", lambda T, c, a, b: T.addmm(c, a, b), [(2, 4), (2, 3), (3, 4)], {}),
    ("addmm_0dim", lambda T, c, a, b: T.addmm(c, a, b), [(), (2, 3), (3, 4)], {}),
    ("addmm_scaled", lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=2), [(4,), (2, 3), (3, 4)], {}),
    # one input feature: torch's BLAS adds each product into the bias with one rounding (one row or one column:
    # two roundings); bit for bit
    ("linear_one_feature", lambda T, x, w, b: T.nn.functional.linear(x * 10, w, b), [(50, 1), (20, 1), (20,)],
     {"atol": 0, "rtol": 0}),
    ("linear_one_feature_one_out", lambda T, x, w, b: T.nn.functional.linear(x * 10, w, b), [(50, 1), (1, 1), (1,)],
     {"atol": 0, "rtol": 0}),
    ("linear_one_feature_one_row", lambda T, x, w, b: T.nn.functional.linear(x * 10, w, b), [(1, 1), (20, 1), (20,)],
     {"atol": 0, "rtol": 0}),
    ("addmm_beta0", lambda T, c, a, b: T.addmm(c, a, b, beta=0), [(4,), (2, 3), (3, 4)], {}),
    ("addmm_beta0_nan", lambda T, c, a, b: T.addmm(c / 0 * 0, a, b, beta=0), [(4,), (2, 3), (3, 4)],
     {"grad_inputs": (1, 2)}),
    ("addmm_method", lambda T, c, a, b: c.addmm(a, b), [(2, 4), (2, 3), (3, 4)], {}),
    ("addmm_int", lambda T, c, a, b: T.addmm(c, a, b, alpha=2), [Long((4,), 5), Long((2, 3), 5), Long((3, 4), 5)],
     {"grad": False}),
    ("addmm_int_float_alpha", lambda T, c, a, b: T.addmm(c, a, b, alpha=0.5, beta=1.5),
     [Long((4,), 5), Long((2, 3), 5), Long((3, 4), 5)], {"grad": False}),
]]

# Errors: shapes, dtypes, ranks and argument types, for every path of matmul --------------------------------

F = lambda T, *s: T.ones(*s)  # noqa: E731
L = lambda T, *s: T.ones(*s, dtype=T.long)  # noqa: E731
Bo = lambda T, *s: T.ones(*s, dtype=T.bool)  # noqa: E731
RG = lambda T, *s: T.ones(*s, requires_grad=True)  # noqa: E731
CASES += [OpCase(f"error_{name}", err(fn), [], grad=False) for name, fn in [
    ("matmul_0dim", lambda T: T.matmul(T.tensor(2.0), F(T, 2))), ("matmul_0dim_right", lambda T: F(T, 2) @ T.tensor(
        2.0)),
    ("matmul_scalar", lambda T: T.matmul(F(T, 2), 3)), ("matmul_operator_scalar", lambda T: F(T, 2) @ 3),
    ("matmul_list", lambda T: [1.0, 2.0] @ F(T, 2)),
    ("dot_sizes", lambda T: F(T, 3) @ F(T, 4)), ("mv_sizes", lambda T: F(T, 3, 2) @ F(T, 3)),
    ("vm_sizes", lambda T: F(T, 3) @ F(T, 2, 3)), ("mm_sizes", lambda T: F(T, 2, 3) @ F(T, 2, 3)),
    ("folded_mm_sizes", lambda T: F(T, 4, 2, 3) @ F(T, 2, 3)), ("folded_mv_sizes", lambda T: F(T, 4, 2, 3) @ F(T, 2)),
    ("folded_mv_sizes_4d", lambda T: F(T, 5, 4, 2, 3) @ F(T, 5)),
    ("folded_transposed_sizes", lambda T: RG(T, 2, 3) @ F(T, 4, 2, 5)),
    ("folded_transposed_vector", lambda T: RG(T, 2) @ F(T, 5, 4, 3, 3)),
    ("folded_squeezed", lambda T: RG(T, 1, 2, 3) @ F(T, 4, 2, 5)),
    ("bmm_sizes", lambda T: F(T, 4, 2, 3) @ F(T, 4, 2, 5)),
    ("bmm_sizes_4d", lambda T: F(T, 5, 4, 2, 3) @ F(T, 4, 2, 5)),
    ("bmm_sizes_vector_left", lambda T: F(T, 3) @ F(T, 4, 2, 3)),
    ("bmm_sizes_matrix_left", lambda T: F(T, 2, 2) @ F(T, 5, 4, 3, 3)),
    ("batch_broadcast", lambda T: F(T, 4, 2, 3) @ F(T, 3, 3, 2)),
    ("batch_broadcast_4d", lambda T: F(T, 5, 4, 2, 3) @ F(T, 5, 3, 5)),
    ("dtype_dot", lambda T: F(T, 3) @ L(T, 3)), ("dtype_mv", lambda T: F(T, 2, 3) @ L(T, 3)),
    ("dtype_mv_reversed", lambda T: L(T, 2, 3) @ F(T, 3)),
    ("dtype_vm", lambda T: F(T, 3) @ T.ones(3, 2, dtype=T.float64)), ("dtype_mm", lambda T: F(T, 2, 3) @ L(T, 3, 2)),
    ("dtype_mm_half", lambda T: F(T, 2, 3) @ T.ones(3, 2, dtype=T.float16)),
    ("dtype_mm_int32", lambda T: T.ones(2, 3, dtype=T.int32) @ F(T, 3, 2)),
    ("dtype_mm_uint8", lambda T: F(T, 2, 3) @ T.ones(3, 2, dtype=T.uint8)),
    ("dtype_mm_int8_int16", lambda T: T.ones(2, 3, dtype=T.int8) @ T.ones(3, 2, dtype=T.int16)),
    ("dtype_folded", lambda T: F(T, 2, 2, 3) @ L(T, 3, 2)), ("dtype_folded_mv", lambda T: L(T, 2, 2, 3) @ F(T, 3)),
    ("dtype_bmm", lambda T: F(T, 2, 2, 3) @ L(T, 2, 3, 2)),
    ("dtype_bmm_bool", lambda T: F(T, 2, 2, 3) @ Bo(T, 2, 3, 2)),
    ("dtype_bmm_vector_left", lambda T: F(T, 3) @ T.ones(2, 3, 2, dtype=T.float64)),
    ("shape_before_dtype", lambda T: F(T, 2, 3) @ L(T, 2, 3)),
    ("bool_dot", lambda T: Bo(T, 3) @ Bo(T, 3)), ("bool_mv", lambda T: Bo(T, 2, 3) @ Bo(T, 3)),
    ("bool_vm", lambda T: Bo(T, 3) @ Bo(T, 3, 2)), ("bool_mm", lambda T: Bo(T, 2, 3) @ Bo(T, 3, 2)),
    ("bool_folded", lambda T: Bo(T, 2, 2, 3) @ Bo(T, 3, 2)), ("bool_bmm", lambda T: Bo(T, 2, 2, 3) @ Bo(T, 2, 3, 2)),
    ("mm_rank_self", lambda T: T.mm(F(T, 3), F(T, 3, 2))), ("mm_rank_mat2", lambda T: T.mm(F(T, 2, 3), F(T, 3))),
    ("mm_sizes_fn", lambda T: T.mm(F(T, 2, 3), F(T, 2, 3))), ("mm_dtype", lambda T: T.mm(F(T, 2, 3), L(T, 3, 2))),
    ("mm_dtype_reversed", lambda T: T.mm(L(T, 2, 3), T.ones(3, 2, dtype=T.float64))),
    ("mm_scalar", lambda T: T.mm(F(T, 2, 3), 2)), ("mm_scalar_first", lambda T: T.mm(2, F(T, 2, 3))),
    ("bmm_rank1", lambda T: T.bmm(F(T, 2, 3), F(T, 3, 2))), ("bmm_rank2", lambda T: T.bmm(F(T, 2, 2, 3), F(T, 3, 2))),
    ("bmm_batch", lambda T: T.bmm(F(T, 2, 2, 3), F(T, 3, 3, 2))),
    ("bmm_inner", lambda T: T.bmm(F(T, 2, 2, 3), F(T, 2, 2, 3))),
    ("bmm_dtype", lambda T: T.bmm(F(T, 2, 2, 3), L(T, 2, 3, 2))),
    ("bmm_bool", lambda T: T.bmm(Bo(T, 1, 2, 3), Bo(T, 1, 3, 2))),
    ("mv_rank", lambda T: T.mv(F(T, 2, 3), F(T, 2, 3))), ("mv_rank_1d", lambda T: T.mv(F(T, 3), F(T, 3))),
    ("mv_sizes_fn", lambda T: T.mv(F(T, 2, 3), F(T, 2))), ("mv_dtype", lambda T: T.mv(F(T, 2, 3), L(T, 3))),
    ("mv_dtype_reversed", lambda T: T.mv(L(T, 2, 3), F(T, 3))), ("mv_bool", lambda T: T.mv(Bo(T, 2, 3), Bo(T, 3))),
    ("dot_rank", lambda T: T.dot(F(T, 2, 3), F(T, 3))), ("dot_sizes_fn", lambda T: T.dot(F(T, 3), F(T, 2))),
    ("dot_dtype_first", lambda T: T.dot(F(T, 3), L(T, 2))), ("dot_bool", lambda T: T.dot(Bo(T, 3), Bo(T, 3))),
    ("dot_double", lambda T: F(T, 3).dot(T.ones(3, dtype=T.float64))),
    ("outer_rank_self", lambda T: T.outer(F(T, 2, 3), F(T, 2))), ("outer_rank_vec2", lambda T: T.outer(F(T, 2),
                                                                                                     T.tensor(2.0))),
    ("inner_sizes", lambda T: T.inner(F(T, 2, 3), F(T, 2))), ("inner_dtype", lambda T: T.inner(F(T, 2, 3), L(T, 3))),
    ("inner_bool", lambda T: T.inner(Bo(T, 2, 3), Bo(T, 3))),
    ("addmm_self_dtype", lambda T: T.addmm(F(T, 3), F(T, 2, 3), L(T, 3, 3))),
    ("addmm_mat1_dtype", lambda T: T.addmm(F(T, 3), L(T, 2, 3), F(T, 3, 3))),
    ("addmm_dtype_before_shape", lambda T: T.addmm(F(T, 3), F(T, 2, 3), L(T, 2, 3))),
    ("addmm_dtype_before_rank", lambda T: T.addmm(L(T, 3), F(T, 3), F(T, 3, 3))),
    ("addmm_rank_mat1", lambda T: T.addmm(F(T, 3), F(T, 3), F(T, 3, 3))),
    ("addmm_rank_mat2", lambda T: T.addmm(F(T, 3), F(T, 2, 3), F(T, 3))),
    ("addmm_sizes", lambda T: T.addmm(F(T, 3), F(T, 2, 3), F(T, 2, 3))),
    ("addmm_input_shape", lambda T: T.addmm(F(T, 4), F(T, 2, 3), F(T, 3, 3))),
    ("addmm_input_rank", lambda T: T.addmm(F(T, 2, 3, 1), F(T, 2, 3), F(T, 3, 3))),
    ("addmm_bool", lambda T: T.addmm(Bo(T, 3), Bo(T, 2, 3), Bo(T, 3, 3))),
]]

CASES.append(OpCase("matmul_values_arr", mm, [Arr([[1.0, 2.0], [3.0, 4.0]], "float"), Arr([5.0, 6.0], "float")]))

globals().update(make_tests(FAMILY, CASES))
