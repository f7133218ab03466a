"""gather/scatter, index_*, masked_*, take, triangles and diagonals, flips, repetition, einsum and the integer
helpers (nonzero, unique, bincount, histc, one_hot) against torch, with gradcheck and gradgradcheck."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import torchless

from .harness import Bool, Long, OpCase, make_tests

FAMILY = "misc"
M = [(3, 4)]
pytestmark = pytest.mark.filterwarnings("ignore:The reduce argument of torch.scatter:UserWarning",
                                        "ignore:torch.meshgrid. in an upcoming release:UserWarning",
                                        "ignore:Using torch.cross without specifying the dim arg:UserWarning")


def _err(fn):
    """The exception a call raises, as ``'Type: message'`` (torch's C++ trailer removed)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - any exception is the result being compared
        return f"{type(e).__name__}: {str(e).split(' (Triggered internally')[0]}"
    return "no error"


def _one_hot(T):
    fn = getattr(getattr(getattr(T, "nn", None), "functional", None), "one_hot", None)
    return fn if fn is not None else T.one_hot


IDX = [[0, 1, 2, 0], [2, 0, 1, 1]]          # scatter-safe: no column repeats a row
PERM = [[2, 0, 1, 1], [1, 2, 0, 0], [0, 1, 2, 2]]

# gradgradcheck of an empty output trips gradcheck's stride-0 check (NumPy gives empty arrays zero strides);
# enable once autograd/gradcheck.py skips empty inputs there.
EMPTY_GRADGRAD = False

CASES = [
    # gather / scatter
    OpCase("gather_dim0", lambda T, a, i: T.gather(a, 0, i), [(3, 4), Long((2, 4), 3)]),
    OpCase("gather_dim1", lambda T, a, i: a.gather(1, i), [(3, 4), Long((3, 6), 4)]),
    OpCase("gather_smaller_index", lambda T, a, i: a.gather(0, i), [(3, 4), Long((2, 2), 3)]),
    OpCase("gather_neg_dim", lambda T, a, i: a.gather(-1, i), [(2, 3, 4), Long((2, 3, 2), 4)]),
    OpCase("gather_int32", lambda T, a: a.gather(0, T.tensor(IDX, dtype=T.int32)), M),
    OpCase("gather_0d", lambda T, a: T.gather(a, 0, T.tensor(0)), [()]),
    OpCase("scatter_src", lambda T, a, s: a.scatter(0, T.tensor(IDX), s), [(3, 4), (2, 4)]),
    OpCase("scatter_src_dim1", lambda T, a, s: T.scatter(a, 1, T.tensor([[3], [0], [1]]), s), [(3, 4), (3, 1)]),
    OpCase("scatter_value", lambda T, a: a.scatter(0, T.tensor(IDX), 2.5), M),
    OpCase("scatter_value_kw", lambda T, a: a.scatter(1, T.tensor(PERM), value=-1.0), M),
    OpCase("scatter_int_value_cast", lambda T: T.arange(6).reshape(2, 3).scatter(1, T.tensor([[0], [2]]), 2.7), [],
           grad=False),
    OpCase("scatter_reduce_add", lambda T, a, s: a.detach().scatter(0, T.tensor(PERM), s.detach(), reduce="add"),
           [(3, 4), (3, 4)], grad=False),
    OpCase("scatter_reduce_multiply_value", lambda T, a: a.detach().scatter(0, T.tensor(PERM), 3.0,
                                                                            reduce="multiply"), M, grad=False),
    OpCase("scatter_reduce_node", lambda T, a, s: type(a.scatter(0, T.tensor(PERM), s, reduce="add").grad_fn).__name__,
           [(3, 4), (3, 4)], grad=False),
    OpCase("scatter_add", lambda T, a, i, s: a.scatter_add(0, i, s), [(3, 4), Long((5, 4), 3), (5, 4)]),
    OpCase("scatter_add_fn", lambda T, a, i, s: T.scatter_add(a, 1, i, s), [(3, 4), Long((2, 3), 4), (2, 3)]),
    OpCase("scatter_add_larger_src", lambda T, a, i, s: T.scatter_add(a, 1, i, s), [(3, 4), Long((2, 3), 4), (3, 5)],
           grad_inputs=(0,)),
    OpCase("scatter_inplace", lambda T, a, s: (a * 1).scatter_(0, T.tensor(IDX), s), [(3, 4), (2, 4)]),
    OpCase("scatter_value_inplace", lambda T, a: (a * 1).scatter_(1, T.tensor(PERM), 0.5), M),
    OpCase("scatter_add_inplace", lambda T, a, i, s: (a * 1).scatter_add_(0, i, s), [(3, 4), Long((5, 4), 3), (5, 4)]),
    # index_add / index_copy / index_fill
    OpCase("index_add", lambda T, a, s: a.index_add(0, T.tensor([0, 2, 0]), s), [(3, 4), (3, 4)]),
    OpCase("index_add_alpha", lambda T, a, s: T.index_add(a, 1, T.tensor([3, 1]), s, alpha=-2), [(3, 4), (3, 2)]),
    OpCase("index_add_int32", lambda T, a, s: a.index_add(0, T.tensor([1], dtype=T.int32), s), [(3, 4), (1, 4)]),
    OpCase("index_add_0d_index", lambda T, a, s: a.index_add(0, T.tensor(1), s), [(3, 4), (1, 4)]),
    OpCase("index_add_vector", lambda T, a, s: a.index_add(0, T.tensor([1]), s), [(4,), (1,)]),
    OpCase("index_add_inplace", lambda T, a, s: (a * 1).index_add_(1, T.tensor([0, 0]), s), [(3, 4), (3, 2)]),
    OpCase("index_copy", lambda T, a, s: a.index_copy(0, T.tensor([2, 0]), s), [(3, 4), (2, 4)]),
    OpCase("index_copy_dim1", lambda T, a, s: T.index_copy(a, 1, T.tensor([3, 0, 1]), s), [(3, 4), (3, 3)]),
    OpCase("index_copy_0d_index", lambda T, a, s: a.index_copy(0, T.tensor(1), s), [(3, 4), (1, 4)]),
    OpCase("index_copy_inplace", lambda T, a, s: (a * 1).index_copy_(0, T.tensor([1]), s), [(3, 4), (1, 4)]),
    OpCase("index_fill", lambda T, a: a.index_fill(0, T.tensor([0, 2]), 2.0), M),
    OpCase("index_fill_negative", lambda T, a: a.index_fill(1, T.tensor([-1, 0, 0]), -3), M),
    OpCase("index_fill_tensor_value", lambda T, a, v: a.index_fill(1, T.tensor([0, 0, 2]), v), [(3, 4), ()]),
    OpCase("index_fill_0d", lambda T, a: a.index_fill(0, T.tensor(1), 2.0), M),
    OpCase("index_fill_empty", lambda T, a: a.index_fill(0, T.tensor([], dtype=T.long), 2.0), M),
    OpCase("index_fill_inplace", lambda T, a: (a * 1).index_fill_(1, T.tensor([1]), 0.0), M),
    # masked_fill / masked_select / masked_scatter
    OpCase("masked_fill", lambda T, a, m: a.masked_fill(m, 0.0), [(3, 4), Bool((3, 4))]),
    OpCase("masked_fill_broadcast_mask", lambda T, a, m: T.masked_fill(a, m, -1.5), [(3, 4), Bool((4,))]),
    OpCase("masked_fill_broadcast_input", lambda T, a, m: a.masked_fill(m, 2.0), [(3, 1), Bool((3, 4))]),
    OpCase("masked_fill_tensor_value", lambda T, a, m, v: a.masked_fill(m, v), [(3, 4), Bool((3, 4)), ()]),
    OpCase("masked_fill_long_value", lambda T, a, m: a.masked_fill(m, T.tensor(3)), [(3, 4), Bool((3, 4))]),
    OpCase("masked_fill_int_tensor", lambda T, m: T.arange(12).reshape(3, 4).masked_fill(m, 2.5), [Bool((3, 4))],
           grad=False),
    OpCase("masked_fill_uint8_negative", lambda T: T.zeros(3, dtype=T.uint8).masked_fill(T.tensor([True, False, True]),
                                                                                          -255), [], grad=False),
    OpCase("masked_fill_inplace", lambda T, a, m: (a * 1).masked_fill_(m, 1.0), [(3, 4), Bool((3, 4))]),
    OpCase("masked_fill_from_values", lambda T, a: a.masked_fill(a < 0, 0.0), M),
    OpCase("masked_select", lambda T, a, m: a.masked_select(m), [(3, 4), Bool((3, 4))]),
    OpCase("masked_select_broadcast", lambda T, a, m: T.masked_select(a, m), [(1, 4), Bool((3, 4))]),
    OpCase("masked_select_broadcast_mask", lambda T, a, m: a.masked_select(m), [(3, 4), Bool((4,))]),
    OpCase("masked_scatter", lambda T, a, m, s: a.masked_scatter(m, s), [(3, 4), Bool((3, 4)), (12,)]),
    OpCase("masked_scatter_2d_source", lambda T, a, m, s: a.masked_scatter(m, s), [(3, 4), Bool((3, 4)), (4, 5)]),
    OpCase("masked_scatter_broadcast", lambda T, a, m, s: a.masked_scatter(m, s), [(1, 4), Bool((3, 4)), (12,)]),
    OpCase("masked_scatter_inplace", lambda T, a, m, s: (a * 1).masked_scatter_(m, s), [(3, 4), Bool((3, 4)), (12,)]),
    # take / take_along_dim
    OpCase("take", lambda T, a, i: a.take(i), [(3, 4), Long((2, 3), 12)]),
    OpCase("take_negative", lambda T, a: T.take(a, T.tensor([-1, 0, -12, 0])), M),
    OpCase("take_along_dim", lambda T, a: T.take_along_dim(a, T.tensor(PERM), 1), M),
    OpCase("take_along_dim_broadcast", lambda T, a: T.take_along_dim(a, T.tensor([[0, 3]]), dim=-1), M),
    OpCase("take_along_dim_flat", lambda T, a: T.take_along_dim(a, T.tensor([5, 0, 5])), M),
    OpCase("take_along_dim_method", lambda T, a: a.take_along_dim(T.tensor([[2], [0], [1]]), 1), M),
    # integer results
    OpCase("nonzero", lambda T: T.nonzero(T.tensor([[0, 1, 0], [2, 0, 3]])), [], grad=False),
    OpCase("nonzero_tuple", lambda T: T.tensor([[0, 1, 0], [2, 0, 3]]).nonzero(as_tuple=True), [], grad=False),
    OpCase("nonzero_0d", lambda T: (T.nonzero(T.tensor(3)), T.nonzero(T.tensor(0.0))), [], grad=False),
    OpCase("nonzero_0d_tuple", lambda T: T.nonzero(T.tensor(3), as_tuple=True), [], grad=False),
    OpCase("nonzero_float_nan", lambda T: T.nonzero(T.tensor([0.0, 1.0, float("nan")])), [], grad=False),
    OpCase("argwhere", lambda T, m: T.argwhere(m), [Bool((3, 4))], grad=False),
    OpCase("unique", lambda T: T.unique(T.tensor([3, 1, 3, 2, 1])), [], grad=False),
    OpCase("unique_unsorted_flag", lambda T: T.unique(T.tensor([3, 1, 3, 2]), sorted=False), [], grad=False),
    OpCase("unique_inverse_counts", lambda T: T.unique(T.tensor([[3.0, 1], [3, 2]]), return_inverse=True,
                                                       return_counts=True), [], grad=False),
    OpCase("unique_dim0", lambda T: T.unique(T.tensor([[2, 1], [1, 9], [2, 0], [1, 9]]), dim=0, return_inverse=True,
                                             return_counts=True), [], grad=False),
    OpCase("unique_dim1", lambda T: T.tensor([[3, 1, 3], [3, 1, 3], [0, 5, 0]]).unique(dim=1), [], grad=False),
    OpCase("unique_bool", lambda T: T.unique(T.tensor([True, False, True])), [], grad=False),
    OpCase("unique_nan", lambda T: T.unique(T.tensor([float("nan"), 1.0, float("nan")])), [], grad=False),
    OpCase("unique_0d", lambda T: T.unique(T.tensor(3), return_counts=True), [], grad=False),
    OpCase("unique_empty", lambda T: T.unique(T.tensor([], dtype=T.long), return_inverse=True, return_counts=True),
           [], grad=False),
    OpCase("unique_grad_fn", lambda T, a: T.unique(a.requires_grad_()), [(5,)], grad=False),
    OpCase("unique_dim_grad_fn", lambda T, a: T.unique(a.requires_grad_(), dim=0), [(2, 2)], grad=False),
    OpCase("unique_consecutive", lambda T: T.unique_consecutive(T.tensor([1, 1, 2, 2, 3, 1, 1]),
                                                                 return_inverse=True, return_counts=True),
           [], grad=False),
    OpCase("unique_consecutive_dim", lambda T: T.tensor([[1, 1], [1, 1], [2, 3]]).unique_consecutive(
        dim=0, return_inverse=True, return_counts=True), [], grad=False),
    OpCase("unique_consecutive_grad_fn", lambda T, a: T.unique_consecutive(a.requires_grad_()), [(4,)], grad=False),
    OpCase("bincount", lambda T, i: T.bincount(i), [Long((20,), 6)], grad=False),
    OpCase("bincount_minlength", lambda T: T.bincount(T.tensor([1, 1, 3]), minlength=6), [], grad=False),
    OpCase("bincount_weights_f32", lambda T: T.tensor([1, 1, 3]).bincount(T.tensor([0.5, 2.0, 3.0])), [],
           grad=False),
    OpCase("bincount_weights_int", lambda T: T.bincount(T.tensor([1, 1, 3]), weights=T.tensor([1, 2, 3])), [],
           grad=False),
    OpCase("bincount_weights_f64", lambda T: T.bincount(T.tensor([0, 2]), T.tensor([1.0, 2.0], dtype=T.float64)),
           [], grad=False),
    OpCase("bincount_empty", lambda T: T.bincount(T.tensor([], dtype=T.long)), [], grad=False),
    OpCase("bincount_weights_grad_fn", lambda T, w: T.bincount(T.tensor([0, 2, 2]), w.requires_grad_()), [(3,)],
           grad=False),
    OpCase("histc", lambda T, a: T.histc(a, bins=7), [(50,)], grad=False),
    OpCase("histc_range", lambda T, a: a.histc(bins=10, min=-0.5, max=0.5), [(50,)], grad=False),
    OpCase("histc_edges", lambda T: T.histc(T.tensor([0.0, 1.0, 2.0, 3.0, -1.0, 4.0]), bins=3, min=0, max=3), [],
           grad=False),
    OpCase("histc_constant", lambda T: T.histc(T.tensor([2.0, 2.0, 2.0]), bins=4), [], grad=False),
    OpCase("histc_double", lambda T: T.histc(T.tensor([1.0, 3.0], dtype=T.float64), bins=2), [], grad=False),
    OpCase("histc_empty", lambda T: T.histc(T.tensor([]), bins=2), [], grad=False),
    OpCase("one_hot", lambda T, i: _one_hot(T)(i), [Long((2, 3), 5)], grad=False),
    OpCase("one_hot_num_classes", lambda T: _one_hot(T)(T.tensor([0, 2]), 4), [], grad=False),
    OpCase("one_hot_0d", lambda T: _one_hot(T)(T.tensor(2)), [], grad=False),
    OpCase("one_hot_empty", lambda T: _one_hot(T)(T.tensor([], dtype=T.long), 3), [], grad=False),
    # triangles, diagonals, trace
    OpCase("tril", lambda T, a: a.tril(), M),
    OpCase("tril_neg", lambda T, a: T.tril(a, -1), M),
    OpCase("tril_big", lambda T, a: a.tril(10), M),
    OpCase("triu", lambda T, a: a.triu(1), M),
    OpCase("triu_batched", lambda T, a: T.triu(a, diagonal=-1), [(2, 3, 4)]),
    OpCase("triu_bool", lambda T: T.ones(3, 3, dtype=T.bool).triu(1), [], grad=False),
    OpCase("tril_inplace", lambda T, a: (a * 1).tril_(), M),
    OpCase("triu_inplace", lambda T, a: (a * 1).triu_(2), M),
    OpCase("diag_vector", lambda T, v: T.diag(v), [(4,)]),
    OpCase("diag_vector_offset", lambda T, v: v.diag(1), [(4,)]),
    OpCase("diag_vector_neg_offset", lambda T, v: v.diag(-2), [(3,)]),
    OpCase("diag_matrix", lambda T, a: a.diag(), M),
    OpCase("diag_matrix_offset", lambda T, a: T.diag(a, -1), M),
    OpCase("diag_matrix_far", lambda T, a: a.diag(5), M),
    OpCase("diagonal", lambda T, a: a.diagonal(), M),
    OpCase("diagonal_offset", lambda T, a: T.diagonal(a, 1), M),
    OpCase("diagonal_swapped", lambda T, a: a.diagonal(0, 1, 0), M),
    OpCase("diagonal_3d", lambda T, a: a.diagonal(offset=-1, dim1=-1, dim2=0), [(3, 3, 4)]),
    OpCase("diagonal_far", lambda T, a: a.diagonal(7), M),
    OpCase("diag_embed", lambda T, v: v.diag_embed(), [(4,)]),
    OpCase("diag_embed_batched", lambda T, a: T.diag_embed(a, 1), M),
    OpCase("diag_embed_dims", lambda T, a: a.diag_embed(-1, 0, 2), M),
    OpCase("diag_embed_dims_reversed", lambda T, a: a.diag_embed(2, 2, 0), M),
    OpCase("trace", lambda T, a: a.trace(), M),
    OpCase("trace_square", lambda T, a: T.trace(a), [(3, 3)]),
    OpCase("trace_int", lambda T: (T.arange(6).reshape(2, 3).trace(), T.ones(2, 2, dtype=T.uint8).trace()), [],
           grad=False),
    # flip / roll / rot90
    OpCase("flip", lambda T, a: a.flip(0), M),
    OpCase("flip_dims", lambda T, a: T.flip(a, [0, 2]), [(2, 3, 4)]),
    OpCase("flip_none", lambda T, a: a.flip([]), M),
    OpCase("fliplr", lambda T, a: a.fliplr(), M),
    OpCase("flipud", lambda T, a: T.flipud(a), [(4,)]),
    OpCase("roll", lambda T, a: a.roll(1), M),
    OpCase("roll_negative", lambda T, a: T.roll(a, -5), M),
    OpCase("roll_dims", lambda T, a: a.roll((1, 2), (0, 1)), M),
    OpCase("roll_last", lambda T, a: a.roll(shifts=1, dims=-1), M),
    OpCase("roll_0d", lambda T, a: a.roll(3), [()]),
    OpCase("rot90", lambda T, a: a.rot90(), M),
    OpCase("rot90_reverse", lambda T, a: T.rot90(a, 1, [1, 0]), M),
    OpCase("rot90_k", lambda T, a: a.rot90(-1), M),
    OpCase("rot90_two", lambda T, a: a.rot90(2), M),
    OpCase("rot90_five", lambda T, a: a.rot90(5), M),
    OpCase("rot90_zero", lambda T, a: a.rot90(0), M),
    OpCase("rot90_3d", lambda T, a: a.rot90(1, [2, 0]), [(2, 3, 4)]),
    # repeat / tile / repeat_interleave / meshgrid / cartesian_prod / combinations
    OpCase("repeat", lambda T, a: a.repeat(2, 1), M),
    OpCase("repeat_new_dims", lambda T, a: a.repeat(2, 1, 3), M),
    OpCase("repeat_tuple", lambda T, a: a.repeat((1, 2)), M),
    OpCase("repeat_zero", lambda T, v: v.repeat(0, 2), [(4,)], gradgrad=EMPTY_GRADGRAD),
    OpCase("repeat_0d", lambda T, a: a.repeat(2, 3), [()]),
    OpCase("tile", lambda T, a: a.tile(2), M),
    OpCase("tile_fn", lambda T, a: T.tile(a, (2, 1, 2)), M),
    OpCase("tile_varargs", lambda T, a: a.tile(2, 2), M),
    OpCase("tile_empty", lambda T, a: a.tile(()), M),
    OpCase("repeat_interleave", lambda T, a: a.repeat_interleave(2), M),
    OpCase("repeat_interleave_dim", lambda T, a: a.repeat_interleave(3, dim=1), M),
    OpCase("repeat_interleave_tensor", lambda T, a: a.repeat_interleave(T.tensor([1, 2, 0]), dim=0), M),
    OpCase("repeat_interleave_0d_repeats", lambda T, a: T.repeat_interleave(a, T.tensor(2), dim=1), M),
    OpCase("repeat_interleave_output_size", lambda T, a: T.repeat_interleave(a, 2, 0, output_size=6), M),
    OpCase("repeat_interleave_0d", lambda T, a: a.repeat_interleave(2), [()]),
    OpCase("repeat_interleave_indices", lambda T: T.repeat_interleave(T.tensor([1, 2, 0, 3])), [], grad=False),
    OpCase("meshgrid_ij", lambda T, a, b: T.meshgrid(a, b, indexing="ij"), [(4,), (2,)]),
    OpCase("meshgrid_xy", lambda T, a, b, c: T.meshgrid([a, b, c], indexing="xy"), [(4,), (2,), (3,)]),
    OpCase("meshgrid_0d", lambda T, a, b: T.meshgrid(a, b, indexing="ij"), [(3,), ()]),
    OpCase("meshgrid_default", lambda T, a, b: T.meshgrid(a, b), [(3,), (2,)]),
    OpCase("meshgrid_xy_second", lambda T, a, b: T.meshgrid(a, b, indexing="xy")[1], [(4,), (3,)]),
    OpCase("cartesian_prod", lambda T, a, b: T.cartesian_prod(a, b), [(2,), (3,)]),
    OpCase("cartesian_prod_three", lambda T, a, b, c: T.cartesian_prod(a, b, c), [(2,), (3,), (2,)]),
    OpCase("cartesian_prod_one", lambda T, a: T.cartesian_prod(a), [(3,)]),
    OpCase("combinations", lambda T, a: T.combinations(a), [(4,)]),
    OpCase("combinations_three", lambda T, a: T.combinations(a, 3), [(5,)]),
    OpCase("combinations_replacement", lambda T, a: T.combinations(a, with_replacement=True), [(3,)]),
    OpCase("combinations_zero", lambda T, a: T.combinations(a, 0), [(3,)], grad=False),
    OpCase("combinations_too_many", lambda T, a: T.combinations(a, 5), [(3,)], gradgrad=EMPTY_GRADGRAD),
    # einsum: one node, named as torch's contraction path names its last step
    OpCase("einsum_mv", lambda T, a, v: T.einsum("ij,j->i", a, v), [(3, 4), (4,)]),
    OpCase("einsum_bmm", lambda T, a, b: T.einsum("bij,bjk->bik", a, b), [(2, 3, 4), (2, 4, 5)]),
    OpCase("einsum_mm_t", lambda T, a, b: T.einsum("ij,kj->ik", a, b), [(3, 4), (2, 4)]),
    OpCase("einsum_dot", lambda T, a, b: T.einsum("i,i->", a, b), [(4,), (4,)]),
    OpCase("einsum_outer", lambda T, a, b: T.einsum("i,j->ij", a, b), [(3,), (4,)]),
    OpCase("einsum_transpose", lambda T, a: T.einsum("ij->ji", a), M),
    OpCase("einsum_sum", lambda T, a: T.einsum("ij->", a), M),
    OpCase("einsum_implicit", lambda T, a: T.einsum("ji", a), M),
    OpCase("einsum_implicit_contraction", lambda T, a, b: T.einsum("bij,bjk", a, b), [(2, 3, 4), (2, 4, 5)]),
    OpCase("einsum_implicit_uppercase", lambda T, a, b: T.einsum("Ba,aB->", a, b), [(2, 3), (3, 2)]),
    OpCase("einsum_hadamard", lambda T, a, b: T.einsum("ij,ij->ij", a, b), [(3, 4), (3, 4)]),
    OpCase("einsum_broadcast_label", lambda T, a, b: T.einsum("ij,ij->ij", a, b), [(3, 4), (1, 4)]),
    OpCase("einsum_diagonal", lambda T, a: T.einsum("ii->i", a), [(3, 3)]),
    OpCase("einsum_trace", lambda T, a: T.einsum("ii", a), [(3, 3)]),
    OpCase("einsum_repeated_with_other", lambda T, a, b: T.einsum("iij,i->j", a, b), [(3, 3, 2), (3,)]),
    OpCase("einsum_three", lambda T, a, b, c: T.einsum("i,j,k->ijk", a, b, c), [(2,), (3,), (2,)]),
    OpCase("einsum_chain", lambda T, a, b, c: T.einsum("ij,jk,kl->il", a, b, c), [(2, 3), (3, 4), (4, 2)]),
    OpCase("einsum_bilinear", lambda T, a, b, c: T.einsum("bn,anm,bm->ba", a, b, c), [(2, 3), (4, 3, 5), (2, 5)]),
    OpCase("einsum_ellipsis", lambda T, a, b: T.einsum("...ij,...jk->...ik", a, b), [(2, 3, 4), (2, 4, 5)]),
    OpCase("einsum_ellipsis_broadcast", lambda T, a, b: T.einsum("i...,i...->i...", a, b), [(3, 1), (3, 5)]),
    OpCase("einsum_ellipsis_sum", lambda T, a: T.einsum("...->", a), M),
    OpCase("einsum_ellipsis_middle", lambda T, a, b: T.einsum("i...j,j...->i...", a, b), [(3, 4), (4, 5)]),
    OpCase("einsum_scalar_operand", lambda T, a, s: T.einsum("ij,->ij", a, s), [(3, 4), ()]),
    OpCase("einsum_spaces", lambda T, a: T.einsum("i j -> j", a), M),
    OpCase("einsum_list", lambda T, a, b: T.einsum("ij,jk->ik", [a, b]), [(2, 3), (3, 4)]),
    OpCase("einsum_sublist", lambda T, a, b: T.einsum(a, [0, 1], b, [2, 1], [0, 2]), [(2, 3), (4, 3)]),
    OpCase("einsum_sublist_implicit", lambda T, a, b: T.einsum(a, [0, 1], b, [1]), [(2, 3), (3,)]),
    OpCase("einsum_identity", lambda T, a: T.einsum("i->i", a), [(4,)]),
    OpCase("einsum_int", lambda T: T.einsum("i,i", T.tensor([1, 2]), T.tensor([3, 4])), [], grad=False),
    # diff / cross / kron / searchsorted / bucketize
    OpCase("diff", lambda T, a: T.diff(a), M),
    OpCase("diff_n2_dim0", lambda T, a: a.diff(n=2, dim=0), [(4, 3)]),
    OpCase("diff_prepend_append", lambda T, a, p, q: T.diff(a, prepend=p, append=q), [(3, 4), (3, 2), (3, 1)]),
    OpCase("diff_prepend_dim0", lambda T, a, p: a.diff(1, 0, p), [(3, 4), (1, 4)]),
    OpCase("diff_n0", lambda T, a: T.diff(a, n=0), M),
    OpCase("diff_n_too_large", lambda T, a: T.diff(a, n=6), M, gradgrad=EMPTY_GRADGRAD),
    OpCase("diff_1d", lambda T, v: T.diff(v, 3), [(6,)]),
    OpCase("diff_bool", lambda T: T.diff(T.tensor([True, False, True, True]), n=2), [], grad=False),
    OpCase("diff_uint8", lambda T: T.diff(T.tensor([1, 5, 2], dtype=T.uint8)), [], grad=False),
    OpCase("diff_long_prepend", lambda T, a: T.diff(a, prepend=T.zeros(3, 1, dtype=T.long)), M),
    OpCase("cross_dim", lambda T, a, b: T.cross(a, b, dim=1), [(4, 3), (4, 3)]),
    OpCase("cross_default_dim", lambda T, a, b: T.cross(a, b), [(3, 4, 3), (3, 4, 3)]),
    OpCase("cross_method_broadcast", lambda T, a, b: a.cross(b, dim=0), [(3, 1), (3, 5)]),
    OpCase("cross_int", lambda T: T.cross(T.tensor([1, 2, 3]), T.tensor([4, 5, 7]), dim=0), [], grad=False),
    OpCase("linalg_cross", lambda T, a, b: T.linalg.cross(a, b), [(2, 3), (1, 3)]),
    OpCase("linalg_cross_dim", lambda T, a, b: T.linalg.cross(a, b, dim=0), [(3, 2), (3, 2)]),
    OpCase("kron", lambda T, a, b: T.kron(a, b), [(2, 3), (3, 2)]),
    OpCase("kron_method_rank", lambda T, a, b: a.kron(b), [(2,), (3, 2)]),
    OpCase("kron_3d", lambda T, a, b: T.kron(a, b), [(2, 1, 3), (2, 2)]),
    OpCase("kron_0d", lambda T, a, b: T.kron(a, b), [(), (3,)]),
    OpCase("kron_int_float", lambda T: T.kron(T.tensor([1, 2]), T.tensor([1.5, 2.0])), [], grad=False),
    OpCase("kron_bool", lambda T: T.kron(T.tensor([True, False]), T.tensor([True, True])), [], grad=False),
    OpCase("searchsorted", lambda T, s, v: T.searchsorted(s.sort().values, v), [(6,), (3, 4)], grad=False),
    OpCase("searchsorted_right", lambda T: T.searchsorted(T.tensor([1.0, 3, 5, 7, 9]), T.tensor([[3.0, 6, 9]]),
                                                          right=True), [], grad=False),
    OpCase("searchsorted_side_int32", lambda T: T.searchsorted(T.tensor([1.0, 3, 5, 7, 9]), T.tensor([3.0, 6, 9]),
                                                               side="right", out_int32=True), [], grad=False),
    OpCase("searchsorted_batched", lambda T, s, v: T.searchsorted(s.sort().values, v), [(2, 3, 5), (2, 3, 4)],
           grad=False),
    OpCase("searchsorted_scalar", lambda T: T.searchsorted(T.tensor([1.0, 3, 5]), 3, right=True), [], grad=False),
    OpCase("searchsorted_scalar_float", lambda T: T.searchsorted(T.tensor([1, 3, 5]), 2.5), [], grad=False),
    OpCase("searchsorted_sorter", lambda T: T.searchsorted(T.tensor([3.0, 1, 2]), T.tensor([2.5, 0.5]),
                                                           sorter=T.tensor([1, 2, 0])), [], grad=False),
    OpCase("searchsorted_mixed_dtype", lambda T: T.searchsorted(T.tensor([1, 3, 5]), T.tensor([2.5, 3.0])), [],
           grad=False),
    OpCase("searchsorted_empty_boundaries", lambda T: T.searchsorted(T.zeros(2, 0), T.zeros(2, 2)), [], grad=False),
    OpCase("bucketize", lambda T, v, b: T.bucketize(v, b.sort().values), [(3, 4), (5,)], grad=False),
    OpCase("bucketize_right_int32", lambda T: T.bucketize(T.tensor([[3.0, 6, 9]]), T.tensor([1.0, 3, 5, 7, 9]),
                                                          right=True, out_int32=True), [], grad=False),
    OpCase("bucketize_scalar", lambda T: T.bucketize(4, T.tensor([1.0, 3, 5])), [], grad=False),
]

ERRORS = {
    "err_gather_float_index": lambda T: T.zeros(3, 4).gather(0, T.zeros(2, 4)),
    "err_gather_short_index": lambda T: T.zeros(3, 4).gather(0, T.zeros(2, 4, dtype=T.int16)),
    "err_gather_ndim": lambda T: T.zeros(3, 4).gather(0, T.tensor([0, 1])),
    "err_gather_oob": lambda T: T.zeros(3, 4).gather(1, T.tensor([[5]])),
    "err_gather_negative": lambda T: T.zeros(3, 4).gather(1, T.tensor([[-1]])),
    "err_gather_size": lambda T: T.zeros(3, 4).gather(0, T.zeros(4, 5, dtype=T.long)),
    "err_gather_dim": lambda T: T.zeros(3, 4).gather(2, T.zeros(1, 1, dtype=T.long)),
    "err_scatter_float_index": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4), T.ones(2, 4)),
    "err_scatter_dtype": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long), T.ones(2, 4).double()),
    "err_scatter_src_small": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long), T.ones(1, 4)),
    "err_scatter_index_big": lambda T: T.zeros(3, 4).scatter(0, T.zeros(4, 5, dtype=T.long), T.ones(2, 4)),
    "err_scatter_oob": lambda T: T.zeros(3, 4).scatter(0, T.tensor([[3]]), T.ones(2, 4)),
    "err_scatter_index_ndim": lambda T: T.zeros(3, 4).scatter(0, T.tensor([0, 1]), T.ones(2, 4)),
    "err_scatter_src_ndim": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long), T.ones(4)),
    "err_scatter_src_0d": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long), T.tensor(1.0)),
    "err_scatter_reduce_name": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long), T.ones(2, 4),
                                                               reduce="sum"),
    "err_scatter_missing_src": lambda T: T.zeros(3, 4).scatter(0, T.zeros(2, 4, dtype=T.long)),
    "err_scatter_reduce_backward": lambda T: T.zeros(3, 4, requires_grad=True).scatter(
        0, T.zeros(2, 4, dtype=T.long), 1.0, reduce="add").sum().backward(),
    "err_scatter_src_grad_shape": lambda T: T.zeros(3, 4).scatter(
        0, T.zeros(2, 4, dtype=T.long), T.ones(3, 4, requires_grad=True)).sum().backward(),
    "err_scatter_add_dtype": lambda T: T.zeros(3, 4).scatter_add(0, T.zeros(2, 4, dtype=T.long), T.ones(2, 4).int()),
    "err_index_add_float_index": lambda T: T.zeros(3, 4).index_add(0, T.tensor([0.0]), T.ones(1, 4)),
    "err_index_add_count": lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 2]), T.ones(3, 4)),
    "err_index_add_shape": lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 2]), T.ones(2, 3)),
    "err_index_add_oob": lambda T: T.zeros(3, 4).index_add(0, T.tensor([5, 0]), T.ones(2, 4)),
    "err_index_add_negative": lambda T: T.zeros(3, 4).index_add(0, T.tensor([-1, 0]), T.ones(2, 4)),
    "err_index_add_dtype": lambda T: T.zeros(3, 4).index_add(0, T.tensor([0, 2]), T.ones(2, 4).double()),
    "err_index_add_2d_index": lambda T: T.zeros(3, 4).index_add(0, T.tensor([[0, 1]]), T.ones(2, 4)),
    "err_index_add_0d_count": lambda T: T.zeros(3, 4).index_add(0, T.tensor(1), T.ones(4)),
    "err_index_copy_count": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 2]), T.ones(3, 4)),
    "err_index_copy_oob": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([5, 0]), T.ones(2, 4)),
    "err_index_copy_negative": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([-1, 0]), T.ones(2, 4)),
    "err_index_copy_dtype": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 2]), T.ones(2, 4).double()),
    "err_index_copy_int32": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 2]).int(), T.ones(2, 4)),
    "err_index_copy_slices": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([0, 2]), T.ones(2, 3)),
    "err_index_copy_2d_index": lambda T: T.zeros(3, 4).index_copy(0, T.tensor([[0, 1]]), T.ones(2, 4)),
    "err_index_copy_ndim": lambda T: T.zeros(3, 4).index_copy(0, T.tensor(1), T.ones(4)),
    "err_index_fill_value_dim": lambda T: T.zeros(3, 4).index_fill(0, T.tensor([0]), T.tensor([1.0, 2.0])),
    "err_index_fill_oob": lambda T: T.zeros(3, 4).index_fill(0, T.tensor([5]), 1.0),
    "err_index_fill_int32": lambda T: T.zeros(3, 4).index_fill(0, T.tensor([0]).int(), 1.0),
    "err_index_fill_2d": lambda T: T.zeros(3, 4).index_fill(1, T.tensor([[0]]), 1.0),
    "err_masked_fill_overflow_half": lambda T: T.zeros(3).half().masked_fill(T.ones(3, dtype=T.bool), 1e5),
    "err_masked_fill_nan_into_long": lambda T: T.zeros(3, dtype=T.long).masked_fill(T.ones(3, dtype=T.bool),
                                                                                     float("nan")),
    "err_scatter_value_overflow": lambda T: T.zeros(2).scatter(0, T.tensor([0]), 1e40),
    "err_index_fill_overflow": lambda T: T.zeros(2, dtype=T.int32).index_fill(0, T.tensor([0]), 1e10),
    "err_masked_fill_long_mask": lambda T: T.zeros(3, 4).masked_fill(T.ones(3, 4, dtype=T.long), 0.0),
    "err_masked_fill_uint8_mask": lambda T: T.zeros(3, 4).masked_fill(T.ones(3, 4, dtype=T.uint8), 0.0),
    "err_masked_fill_float_mask": lambda T: T.zeros(3, 4).masked_fill(T.ones(3, 4), 0.0),
    "err_masked_fill_value_dim": lambda T: T.zeros(3, 4).masked_fill(T.ones(3, 4, dtype=T.bool), T.tensor([1.0])),
    "err_masked_fill_broadcast": lambda T: T.zeros(3, 4).masked_fill(T.ones(2, 4, dtype=T.bool), 1.0),
    "err_masked_fill_inplace_shape": lambda T: T.zeros(3, 1).masked_fill_(T.ones(3, 4, dtype=T.bool), 1.0),
    "err_masked_fill_leaf": lambda T: T.zeros(3, requires_grad=True).masked_fill_(T.ones(3, dtype=T.bool), 1.0),
    "err_masked_select_mask": lambda T: T.zeros(3, 4).masked_select(T.ones(3, 4, dtype=T.long)),
    "err_masked_select_broadcast": lambda T: T.zeros(3, 4).masked_select(T.ones(2, 4, dtype=T.bool)),
    "err_masked_scatter_few": lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.bool), T.ones(5)),
    "err_masked_scatter_dtype": lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.bool), T.ones(12).long()),
    "err_masked_scatter_mask": lambda T: T.zeros(3, 4).masked_scatter(T.ones(3, 4, dtype=T.int32), T.ones(12)),
    "err_take_oob": lambda T: T.zeros(3, 4).take(T.tensor([12])),
    "err_take_negative_oob": lambda T: T.zeros(3, 4).take(T.tensor([-13])),
    "err_take_int32": lambda T: T.zeros(3, 4).take(T.tensor([1], dtype=T.int32)),
    "err_take_along_dim_ndim": lambda T: T.take_along_dim(T.zeros(3, 4), T.tensor([0, 1]), 1),
    "err_take_along_dim_broadcast": lambda T: T.take_along_dim(T.zeros(3, 4), T.tensor([[0, 1]]), 0),
    "err_take_along_dim_dtype": lambda T: T.take_along_dim(T.zeros(3, 4), T.tensor([[0.0]]), 0),
    "err_take_along_dim_flat_dtype": lambda T: T.take_along_dim(T.zeros(3, 4), T.tensor([0.0])),
    "err_one_hot_too_small": lambda T: _one_hot(T)(T.tensor([0, 2]), 2),
    "err_one_hot_negative": lambda T: _one_hot(T)(T.tensor([0, -1])),
    "err_one_hot_dtype": lambda T: _one_hot(T)(T.tensor([0, 2]).int()),
    "err_one_hot_empty": lambda T: _one_hot(T)(T.tensor([], dtype=T.long)),
    "err_unique_dim": lambda T: T.unique(T.tensor([[3, 1]]), dim=2),
    "err_unique_backward": lambda T: T.unique(T.ones(3, requires_grad=True)).sum().backward(),
    "err_bincount_negative": lambda T: T.bincount(T.tensor([1, -1])),
    "err_bincount_2d": lambda T: T.bincount(T.tensor([[1, 1]])),
    "err_bincount_float": lambda T: T.bincount(T.tensor([1.0])),
    "err_bincount_bool": lambda T: T.bincount(T.tensor([True])),
    "err_bincount_weights": lambda T: T.bincount(T.tensor([1, 1, 3]), weights=T.tensor([1.0, 2.0])),
    "err_bincount_minlength": lambda T: T.bincount(T.tensor([1]), minlength=-1),
    "err_histc_int": lambda T: T.histc(T.tensor([1, 2]), bins=4, min=0, max=3),
    "err_histc_bins": lambda T: T.histc(T.tensor([1.0]), bins=0),
    "err_histc_range": lambda T: T.histc(T.tensor([1.0]), bins=4, min=3, max=0),
    "err_histc_nan": lambda T: T.histc(T.tensor([1.0, float("nan")]), bins=2),
    "err_histc_inf": lambda T: T.histc(T.tensor([1.0, float("inf")]), bins=2),
    "err_tril_1d": lambda T: T.zeros(3).tril(),
    "err_triu_1d": lambda T: T.zeros(3).triu(),
    "err_tril_leaf_inplace": lambda T: T.zeros(3, 3, requires_grad=True).tril_(),
    "err_diag_3d": lambda T: T.zeros(2, 2, 2).diag(),
    "err_diag_0d": lambda T: T.tensor(1.0).diag(),
    "err_diagonal_same_dims": lambda T: T.zeros(3, 4).diagonal(0, 0, 0),
    "err_diagonal_1d": lambda T: T.zeros(3).diagonal(),
    "err_diag_embed_same_dims": lambda T: T.zeros(3, 4).diag_embed(0, 0, 0),
    "err_diag_embed_0d": lambda T: T.tensor(3.0).diag_embed(),
    "err_trace_3d": lambda T: T.zeros(2, 3, 4).trace(),
    "err_trace_bool": lambda T: T.ones(2, 3, dtype=T.bool).trace(),
    "err_flip_repeated": lambda T: T.zeros(3, 4).flip((0, 0)),
    "err_flip_dim": lambda T: T.zeros(3, 4).flip(2),
    "err_fliplr_1d": lambda T: T.zeros(3).fliplr(),
    "err_flipud_0d": lambda T: T.tensor(1.0).flipud(),
    "err_roll_align": lambda T: T.zeros(3, 4).roll(1, (0, 1)),
    "err_roll_align_2": lambda T: T.zeros(3, 4).roll((1, 2), 0),
    "err_roll_empty": lambda T: T.zeros(3, 4).roll([], []),
    "err_roll_dim": lambda T: T.zeros(3, 4).roll(1, 2),
    "err_rot90_one_dim": lambda T: T.zeros(3, 4).rot90(1, [0]),
    "err_rot90_same": lambda T: T.zeros(3, 4).rot90(1, [0, 0]),
    "err_rot90_same_wrapped": lambda T: T.zeros(3, 4).rot90(1, [0, -2]),
    "err_rot90_1d": lambda T: T.zeros(3).rot90(),
    "err_rot90_dim": lambda T: T.zeros(3, 4).rot90(1, [0, 2]),
    "err_repeat_few": lambda T: T.zeros(3, 4).repeat(2),
    "err_repeat_negative": lambda T: T.zeros(3, 4).repeat(-1, 1),
    "err_tile_negative": lambda T: T.zeros(3, 4).tile(-1),
    "err_repeat_interleave_negative": lambda T: T.zeros(3).repeat_interleave(-1),
    "err_repeat_interleave_negative_tensor": lambda T: T.zeros(3).repeat_interleave(T.tensor([1, -1, 0]), dim=0),
    "err_repeat_interleave_size": lambda T: T.zeros(3, 4).repeat_interleave(T.tensor([1, 2]), dim=0),
    "err_repeat_interleave_flat_size": lambda T: T.zeros(3, 4).repeat_interleave(T.tensor([1, 2, 0])),
    "err_repeat_interleave_float": lambda T: T.zeros(3).repeat_interleave(T.tensor([1.0, 2, 0]), dim=0),
    "err_repeat_interleave_2d_repeats": lambda T: T.repeat_interleave(T.tensor([[1, 2]])),
    "err_meshgrid_dtype": lambda T: T.meshgrid(T.zeros(3), T.zeros(3, dtype=T.long), indexing="ij"),
    "err_meshgrid_empty": lambda T: T.meshgrid(indexing="ij"),
    "err_meshgrid_indexing": lambda T: T.meshgrid(T.zeros(3), indexing="foo"),
    "err_cartesian_prod_2d": lambda T: T.cartesian_prod(T.zeros(3, 4)),
    "err_cartesian_prod_empty": lambda T: T.cartesian_prod(),
    "err_combinations_2d": lambda T: T.combinations(T.zeros(3, 4)),
    "err_combinations_negative": lambda T: T.combinations(T.zeros(3), -1),
    "err_einsum_size": lambda T: T.einsum("ij,jk", T.zeros(3, 4), T.zeros(3, 4)),
    "err_einsum_more_operands": lambda T: T.einsum("ij,jk", T.zeros(3, 4), T.zeros(4, 3), T.zeros(3)),
    "err_einsum_fewer_operands": lambda T: T.einsum("ij,jk,kl", T.zeros(3, 4), T.zeros(4, 3)),
    "err_einsum_subscripts": lambda T: T.einsum("ijk", T.zeros(3, 4)),
    "err_einsum_subscripts_ellipsis": lambda T: T.einsum("i...jk", T.zeros(2, 3)),
    "err_einsum_dtype": lambda T: T.einsum("ij,jk->ik", T.zeros(3, 4), T.zeros(4, 3, dtype=T.float64)),
    "err_einsum_output_label": lambda T: T.einsum("ij->k", T.zeros(3, 4)),
    "err_einsum_output_repeated": lambda T: T.einsum("ij->ii", T.zeros(3, 4)),
    "err_einsum_dot": lambda T: T.einsum("i.j", T.zeros(3, 4)),
    "err_einsum_char": lambda T: T.einsum("ij-ji", T.zeros(3, 4)),
    "err_einsum_repeated_sizes": lambda T: T.einsum("ii->i", T.zeros(3, 4)),
    "err_einsum_ellipsis_broadcast": lambda T: T.einsum("i...,i...->i...", T.zeros(3, 2), T.zeros(3, 5)),
    "err_diff_0d": lambda T: T.diff(T.tensor(1.0)),
    "err_diff_negative_n": lambda T: T.diff(T.zeros(3, 4), n=-1),
    "err_diff_prepend_shape": lambda T: T.diff(T.zeros(3, 4), prepend=T.zeros(2, 1)),
    "err_diff_prepend_ndim": lambda T: T.diff(T.zeros(3, 4), append=T.zeros(3)),
    "err_diff_dim": lambda T: T.diff(T.zeros(3, 4), dim=3),
    "err_diff_prepend_float": lambda T: T.diff(T.zeros(3, 4), prepend=1.0),
    "err_diff_list": lambda T: T.diff([1, 2]),
    "err_diff_float_n": lambda T: T.diff(T.zeros(3), 1.5),
    "err_cross_no_size_3": lambda T: T.cross(T.zeros(4, 5), T.zeros(4, 5)),
    "err_cross_ndim": lambda T: T.cross(T.zeros(4, 3), T.zeros(3)),
    "err_cross_dtype": lambda T: T.cross(T.zeros(4, 3), T.zeros(4, 3).double()),
    "err_cross_length": lambda T: T.cross(T.zeros(4, 3), T.zeros(4, 3), dim=0),
    "err_cross_broadcast": lambda T: T.cross(T.zeros(2, 3), T.zeros(4, 3)),
    "err_cross_bool": lambda T: T.cross(T.ones(3, dtype=T.bool), T.ones(3, dtype=T.bool)),
    "err_linalg_cross_bool": lambda T: T.linalg.cross(T.ones(3, dtype=T.bool), T.ones(3, dtype=T.bool)),
    "err_cross_dim": lambda T: T.cross(T.ones(3), T.ones(3), dim=2),
    "err_cross_float": lambda T: T.cross(1.0, T.ones(3)),
    "err_cross_list": lambda T: T.cross(T.ones(3), [1.0]),
    "err_kron_float_other": lambda T: T.kron(T.zeros(2), 2.0),
    "err_kron_float_input": lambda T: T.kron(2.0, T.zeros(2)),
    "err_searchsorted_0d": lambda T: T.searchsorted(T.tensor(1.0), T.tensor([1.0])),
    "err_searchsorted_batch": lambda T: T.searchsorted(T.zeros(2, 3), T.zeros(3, 3)),
    "err_searchsorted_ndim": lambda T: T.searchsorted(T.zeros(2, 3), T.zeros(2)),
    "err_searchsorted_scalar": lambda T: T.searchsorted(T.zeros(2, 3), 1.0),
    "err_searchsorted_side_right": lambda T: T.searchsorted(T.zeros(3), T.zeros(1), side="left", right=True),
    "err_searchsorted_side": lambda T: T.searchsorted(T.zeros(3), T.zeros(1), side="middle"),
    "err_searchsorted_sorter_size": lambda T: T.searchsorted(T.zeros(3), T.zeros(1), sorter=T.tensor([0, 1])),
    "err_searchsorted_sorter_oob": lambda T: T.searchsorted(T.zeros(3), T.zeros(1), sorter=T.tensor([0, 1, 3])),
    "err_searchsorted_sorter_dtype": lambda T: T.searchsorted(T.zeros(3), T.zeros(1), sorter=T.zeros(3)),
    "err_searchsorted_bool": lambda T: T.searchsorted(T.tensor([False, True]), T.tensor([True])),
    "err_searchsorted_list": lambda T: T.searchsorted(T.zeros(3), [1.0]),
    "err_searchsorted_list_boundaries": lambda T: T.searchsorted([1.0, 2.0], T.zeros(1)),
    "err_bucketize_2d": lambda T: T.bucketize(T.zeros(1), T.zeros(2, 3)),
    "err_bucketize_0d": lambda T: T.bucketize(T.zeros(1), T.tensor(1.0)),
    "err_bucketize_list": lambda T: T.bucketize(T.zeros(1), [1.0, 2.0]),
}

CASES += [OpCase(k, lambda T, f=f: _err(lambda: f(T)), [], grad=False) for k, f in ERRORS.items()]

globals().update(make_tests(FAMILY, CASES))


# Behaviour beyond single results --------------------------------------------------------------------------------


def test_diagonal_is_a_writable_view():
    x = torchless.zeros(3, 4)
    d = x.diagonal(1)
    d.fill_(1.0)
    assert x.tolist() == [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    assert d._vc is x._vc and x._version == 1


def test_flip_and_diag_copy_do_not_alias():
    x = torchless.zeros(2, 2)
    x.flip(0).fill_(1.0)
    x.diag().fill_(1.0)
    assert x.sum().item() == 0.0


def test_inplace_forms_write_into_self_and_views():
    x = torchless.zeros(3, 4)
    row = x[1]
    x.masked_fill_(torchless.ones(3, 4, dtype=torchless.bool), 2.0)
    x.index_fill_(1, torchless.tensor([0]), -1.0)
    x.scatter_(0, torchless.tensor([[2, 2, 2, 2]]), 5.0)
    x.tril_()
    assert row.tolist() == [-1.0, 2.0, 0.0, 0.0]
    assert x.tolist() == [[-1, 0, 0, 0], [-1, 2, 0, 0], [5, 5, 5, 0]]


def test_meshgrid_rejects_2d_tensors():
    with pytest.raises(RuntimeError, match="^torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got"):
        torchless.meshgrid(torchless.zeros(3), torchless.zeros(2, 2), indexing="ij")


def test_meshgrid_warns_without_indexing():
    with pytest.warns(UserWarning, match="torch.meshgrid: in an upcoming release, it will be required to pass"):
        torchless.meshgrid(torchless.zeros(2), torchless.zeros(3))


def test_scatter_reduce_with_tensor_src_warns():
    with pytest.warns(UserWarning, match="The reduce argument of torch.scatter with Tensor src is deprecated"):
        torchless.zeros(3).scatter(0, torchless.tensor([0]), torchless.ones(1), reduce="add")


def test_einsum_double_backward_matches_matmul():
    a = torchless.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = torchless.tensor([[0.5, -1.0], [2.0, 1.0]], requires_grad=True)
    y = (torchless.einsum("ij,jk->ik", a, b) ** 2).sum()
    ga, gb = torchless.autograd.grad(y, (a, b), create_graph=True)
    ref_a, ref_b = torchless.autograd.grad(((a @ b) ** 2).sum(), (a, b), create_graph=True)
    np.testing.assert_allclose(ga.detach().numpy(), ref_a.detach().numpy())
    (gga,) = torchless.autograd.grad(ga.sum(), a)
    (ref_gga,) = torchless.autograd.grad(ref_a.sum(), a)
    np.testing.assert_allclose(gga.numpy(), ref_gga.numpy())


def test_one_hot_is_exported_for_nn():
    import torchless.ops.misc as _m

    assert "one_hot" in _m.__all__ and not hasattr(torchless, "one_hot")  # torch has only F.one_hot
    out = torchless.nn.functional.one_hot(torchless.tensor([1, 0]), 3)
    assert out.tolist() == [[0, 1, 0], [1, 0, 0]] and out.dtype is torchless.int64
