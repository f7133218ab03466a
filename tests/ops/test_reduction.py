"""Reductions, scans and sorting against torch: the CASES table (values, dtypes, grad_fn names, gradients,
gradcheck, gradgradcheck), plus torch's error messages, return-type printing and a hypothesis sweep."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless

from .harness import Arr, Bool, Long, OpCase, make_tests

FAMILY = "reduction"

NAN, INF = float("nan"), float("inf")
S = [(3, 4)]
S3 = [(2, 3, 4)]
D = "distinct"
NO_GC = {"gradcheck": False}  # non-differentiable point (ties, nan, inf): compare with torch only
TIES = Arr([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, -1.0, 2.0], [0.0, 4.0, 1.0, 4.0]], "float")
TIES1 = Arr([1.0, 3.0, 2.0, 3.0, 0.0, 2.0], "float")
NANS = Arr([[1.0, NAN, 2.0], [NAN, 3.0, 4.0], [5.0, 6.0, -1.0]], "float")
ZERO1 = Arr([2.0, 0.0, 3.0, -1.5], "float")
ZERO2 = Arr([2.0, 0.0, 3.0, 0.0, 1.5], "float")
ZEROS2D = Arr([[2.0, 0.0, 3.0, 1.5], [1.0, 2.0, -1.0, 0.5], [0.0, 0.0, 2.0, 1.0]], "float")
EMPTY = Arr(np.zeros((0, 3)), "float")
SCALAR = Arr(2.5, "float")
KTIES = Arr([[1.0, 1.0, 1.0, 2.0], [5.0, 5.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0]], "float")
LTIES = Arr([[float((i * 7) % 3) for i in range(23)], [float(i % 2) for i in range(23)]], "float")  # > 16 per row
INTS = Arr([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]], "int64")
BOOLS = Arr([[True, False, True], [True, True, True]], "bool")

CASES = [
    # sum / mean / nansum / nanmean
    OpCase("sum", lambda T, a: a.sum(), S),
    OpCase("sum_dim", lambda T, a: a.sum(1), S),
    OpCase("sum_neg_dim_keepdim", lambda T, a: a.sum(-1, keepdim=True), S3),
    OpCase("sum_tuple", lambda T, a: a.sum((0, 2)), S3),
    OpCase("sum_list_neg", lambda T, a: T.sum(a, [-1, 0], True), S3),
    OpCase("sum_none", lambda T, a: a.sum(None), S),
    OpCase("sum_none_keepdim", lambda T, a: a.sum(dim=None, keepdim=True), S),
    OpCase("sum_empty_tuple", lambda T, a: a.sum(()), S),
    OpCase("sum_dtype", lambda T, a: a.sum(1, dtype=T.float64), S),
    OpCase("sum_int", lambda T, a: a.sum(), [INTS]),
    OpCase("sum_int_dtype", lambda T, a: a.sum(0, dtype=T.float32), [INTS]),
    OpCase("sum_bool", lambda T, a: a.sum(0), [BOOLS]),
    OpCase("sum_uint8", lambda T, a: a.sum(), [Arr([200, 100], "uint8")]),
    OpCase("sum_0d", lambda T, a: a.sum(0), [SCALAR]),
    OpCase("sum_empty", lambda T, a: a.sum(0), [EMPTY]),
    OpCase("sum_empty_all", lambda T, a: a.sum(), [EMPTY]),
    OpCase("mean", lambda T, a: a.mean(), S),
    OpCase("mean_dim", lambda T, a: a.mean(0), S),
    OpCase("mean_tuple_keepdim", lambda T, a: T.mean(a, (0, -1), keepdim=True), S3),
    OpCase("mean_none_keepdim", lambda T, a: a.mean(None, True), S),
    OpCase("mean_int_dtype", lambda T, a: a.mean(dtype=T.float32), [INTS]),
    OpCase("mean_dtype", lambda T, a: a.mean(1, dtype=T.float64), S),
    OpCase("mean_empty", lambda T, a: a.mean(), [EMPTY]),
    OpCase("mean_0d", lambda T, a: a.mean(-1), [SCALAR]),
    OpCase("nansum", lambda T, a: a.nansum(), [NANS]),
    OpCase("nansum_dim_keepdim", lambda T, a: T.nansum(a, 1, keepdim=True), [NANS]),
    OpCase("nansum_int", lambda T, a: a.nansum(0), [INTS]),
    OpCase("nanmean", lambda T, a: a.nanmean(), [NANS]),
    OpCase("nanmean_dim", lambda T, a: T.nanmean(a, dim=0), [NANS]),
    OpCase("nanmean_all_nan", lambda T, a: a.nanmean(1), [Arr([[NAN, NAN], [1.0, 2.0]], "float")], extra=NO_GC),
    # prod
    OpCase("prod", lambda T, a: a.prod(), S, domain="nonzero"),
    OpCase("prod_dim", lambda T, a: a.prod(1), S, domain="nonzero"),
    OpCase("prod_neg_dim_keepdim", lambda T, a: T.prod(a, -1, keepdim=True), S3, domain="nonzero"),
    OpCase("prod_one_zero", lambda T, a: a.prod(), [ZERO1]),
    OpCase("prod_two_zeros", lambda T, a: a.prod(), [ZERO2]),
    OpCase("prod_dim_zeros", lambda T, a: a.prod(1), [ZEROS2D]),
    OpCase("prod_dim0_zeros", lambda T, a: a.prod(0, True), [ZEROS2D]),
    OpCase("prod_dtype", lambda T, a: a.prod(0, dtype=T.float64), S, domain="nonzero"),
    OpCase("prod_int", lambda T, a: a.prod(1), [INTS]),
    OpCase("prod_bool", lambda T, a: a.prod(), [BOOLS]),
    OpCase("prod_0d", lambda T, a: a.prod(0), [SCALAR]),
    OpCase("prod_empty", lambda T, a: a.prod(), [EMPTY]),
    # max / min
    OpCase("max", lambda T, a: a.max(), S, domain=D),
    OpCase("max_ties", lambda T, a: a.max(), [TIES], gradgrad=False),
    OpCase("max_nan", lambda T, a: a.max(), [NANS], extra=NO_GC),
    OpCase("max_dim", lambda T, a: a.max(1), S, domain=D),
    OpCase("max_dim_keepdim", lambda T, a: T.max(a, 0, keepdim=True), S, domain=D),
    OpCase("max_dim_neg", lambda T, a: a.max(dim=-2), S3, domain=D),
    OpCase("max_dim_ties", lambda T, a: a.max(1), [TIES], extra=NO_GC),
    OpCase("max_dim_nan", lambda T, a: a.max(0), [NANS], extra=NO_GC),
    OpCase("max_dim_0d", lambda T, a: a.max(0), [SCALAR]),
    OpCase("max_dim_empty", lambda T, a: a.max(1), [EMPTY]),
    OpCase("max_int", lambda T, a: a.max(), [INTS]),
    OpCase("max_int_dim", lambda T, a: a.max(0), [INTS]),
    OpCase("max_bool", lambda T, a: a.max(1), [BOOLS]),
    OpCase("max_binary", lambda T, a, b: T.max(a, b), [(3, 4), (4,)], domain=D),
    OpCase("min", lambda T, a: a.min(), S, domain=D),
    OpCase("min_ties", lambda T, a: T.min(-a), [TIES], gradgrad=False),
    OpCase("min_dim", lambda T, a: a.min(0), S, domain=D),
    OpCase("min_dim_ties", lambda T, a: T.min(a, 1, True), [TIES], extra=NO_GC),
    OpCase("min_binary", lambda T, a, b: a.min(b), [(3, 4), (3, 1)], domain=D),
    # amax / amin / aminmax
    OpCase("amax", lambda T, a: a.amax(), S, domain=D),
    OpCase("amax_dim", lambda T, a: a.amax(1), S, domain=D),
    OpCase("amax_tuple_keepdim", lambda T, a: T.amax(a, (0, 2), keepdim=True), S3, domain=D),
    OpCase("amax_neg", lambda T, a: a.amax(-1), S3, domain=D),
    OpCase("amax_ties", lambda T, a: a.amax(1), [TIES], extra=NO_GC),
    OpCase("amax_ties_all", lambda T, a: a.amax(), [TIES], extra=NO_GC),
    OpCase("amin", lambda T, a: a.amin(0), S, domain=D),
    OpCase("amin_ties", lambda T, a: T.amin(-a, dim=(0, 1)), [TIES], gradgrad=False),
    OpCase("amax_int", lambda T, a: a.amax(0), [INTS]),
    OpCase("amax_0d", lambda T, a: a.amax(0), [SCALAR]),
    OpCase("amax_empty_other_dim", lambda T, a: a.amax(1), [EMPTY]),
    OpCase("aminmax", lambda T, a: a.aminmax(), S, domain=D),
    OpCase("aminmax_dim_keepdim", lambda T, a: T.aminmax(a, dim=1, keepdim=True), S, domain=D),
    OpCase("aminmax_ties", lambda T, a: a.aminmax(dim=0), [TIES], extra=NO_GC),
    OpCase("aminmax_keepdim_all", lambda T, a: a.aminmax(keepdim=True), [INTS]),
    # argmax / argmin
    OpCase("argmax", lambda T, a: a.argmax(), S, domain=D, grad=False),
    OpCase("argmax_dim", lambda T, a: a.argmax(1), S, domain=D, grad=False),
    OpCase("argmax_keepdim", lambda T, a: T.argmax(a, 0, keepdim=True), S, domain=D, grad=False),
    OpCase("argmax_none_keepdim", lambda T, a: a.argmax(None, True), S, domain=D, grad=False),
    OpCase("argmax_ties", lambda T, a: a.argmax(1), [TIES], grad=False),
    OpCase("argmax_ties_all", lambda T, a: a.argmax(), [TIES], grad=False),
    OpCase("argmax_nan", lambda T, a: a.argmax(1), [NANS], grad=False),
    OpCase("argmin", lambda T, a: a.argmin(), [TIES], grad=False),
    OpCase("argmin_dim_neg", lambda T, a: T.argmin(a, -1), [TIES], grad=False),
    OpCase("argmin_int", lambda T, a: a.argmin(0), [INTS], grad=False),
    OpCase("argmax_0d", lambda T, a: a.argmax(0, True), [SCALAR], grad=False),
    OpCase("argmax_empty_other_dim", lambda T, a: a.argmax(1), [EMPTY], grad=False),
    # std / var / std_mean / var_mean
    OpCase("std", lambda T, a: a.std(), S),
    OpCase("std_dim", lambda T, a: a.std(1), S),
    OpCase("std_dim_unbiased_false", lambda T, a: a.std(1, False), S),
    OpCase("std_unbiased_only", lambda T, a: a.std(False), S),
    OpCase("std_correction", lambda T, a: T.std(a, dim=0, correction=0), S),
    OpCase("std_correction_float", lambda T, a: a.std(1, correction=1.5), S),
    OpCase("std_tuple_keepdim", lambda T, a: a.std((0, 2), keepdim=True), S3),
    OpCase("std_positional_keepdim", lambda T, a: a.std(-1, True, True), S3),
    OpCase("std_none_keepdim", lambda T, a: a.std(None, keepdim=True), S),
    OpCase("std_const", lambda T, a: a.std(), [Arr([1.5, 1.5, 1.5], "float")], gradgrad=False),
    OpCase("var", lambda T, a: a.var(), S),
    OpCase("var_dim_keepdim", lambda T, a: T.var(a, 1, keepdim=True), S),
    OpCase("var_unbiased_kw", lambda T, a: a.var(unbiased=False), S),
    OpCase("var_dim_unbiased_kw", lambda T, a: a.var(dim=0, unbiased=True), S),
    OpCase("var_correction2", lambda T, a: a.var(dim=(1,), correction=2), S3),
    OpCase("var_single", lambda T, a: a.var(), [Arr([3.0], "float")], extra=NO_GC),
    OpCase("var_dof_negative", lambda T, a: a.var(correction=3), [Arr([1.0, 2.0], "float")], extra=NO_GC),
    OpCase("std_mean", lambda T, a: T.std_mean(a), S),
    OpCase("std_mean_dim", lambda T, a: T.std_mean(a, 1, keepdim=True), S),
    OpCase("var_mean", lambda T, a: T.var_mean(a, dim=(0, 1), correction=0), S3),
    OpCase("var_mean_unbiased", lambda T, a: T.var_mean(a, 0, False, True), S),
    # norm
    OpCase("norm", lambda T, a: a.norm(), S),
    OpCase("norm_fro", lambda T, a: a.norm("fro"), S),
    OpCase("norm_fro_dim", lambda T, a: T.norm(a, "fro", dim=1), S),
    OpCase("norm_fro_two_dims", lambda T, a: a.norm("fro", (0, 2)), S3),
    OpCase("norm_p1", lambda T, a: a.norm(1), S, domain="nonzero"),
    OpCase("norm_p1_dim", lambda T, a: a.norm(1, 0), S, domain="nonzero"),
    OpCase("norm_inf", lambda T, a: a.norm(INF), S, domain=D),
    OpCase("norm_inf_dim", lambda T, a: a.norm(p=INF, dim=1, keepdim=True), S, domain=D),
    OpCase("norm_ninf", lambda T, a: a.norm(-INF, 1), S, domain=D),
    OpCase("norm_inf_ties", lambda T, a: a.norm(INF), [Arr([-2.0, 2.0, 1.0], "float")], extra=NO_GC),
    OpCase("norm_p3_dim", lambda T, a: a.norm(3, dim=1), S, domain="nonzero"),
    OpCase("norm_p1_5", lambda T, a: a.norm(1.5), S, domain="nonzero"),
    OpCase("norm_p0_5", lambda T, a: a.norm(0.5, dim=-1), S, domain="positive"),
    OpCase("norm_neg_p", lambda T, a: a.norm(-1), S, domain="positive"),
    OpCase("norm_p0", lambda T, a: a.norm(0), [Arr([[1.0, 0.0, -2.0], [0.0, 0.0, 3.0]], "float")],
           gradgrad=False),
    OpCase("norm_p_none", lambda T, a: T.norm(a, p=None, dim=0), S),
    OpCase("norm_keepdim", lambda T, a: T.norm(a, dim=1, keepdim=True), S),
    OpCase("norm_dims_list", lambda T, a: a.norm(2, [0, 1]), S3),
    OpCase("norm_dtype", lambda T, a: a.norm(dtype=T.float64), S),
    OpCase("norm_zero_row", lambda T, a: a.norm(dim=1), [Arr([[0.0, 0.0], [3.0, 4.0]], "float")], gradgrad=False),
    OpCase("norm_zero_p3", lambda T, a: a.norm(3), [Arr([0.0, 0.0], "float")], gradgrad=False),
    OpCase("norm_0d", lambda T, a: a.norm(), [Arr(-2.5, "float")]),
    OpCase("norm_empty", lambda T, a: a.norm(), [EMPTY]),
    # softmax / log_softmax / logsumexp
    OpCase("softmax", lambda T, a: a.softmax(1), S),
    OpCase("softmax_dim0", lambda T, a: T.softmax(a, 0), S),
    OpCase("softmax_neg", lambda T, a: a.softmax(dim=-2), S3),
    OpCase("softmax_dtype", lambda T, a: a.softmax(1, dtype=T.float64), S),
    OpCase("softmax_int_dtype", lambda T, a: T.softmax(a, 0, dtype=T.float32), [INTS]),
    OpCase("softmax_large", lambda T, a: a.softmax(0), [Arr([1000.0, 0.0, -1000.0, 999.0], "float")]),
    OpCase("softmax_neg_inf", lambda T, a: a.softmax(-1), [Arr([[-INF, 1.0, 2.0], [0.5, -INF, 0.0]], "float")]),
    OpCase("softmax_0d", lambda T, a: a.softmax(0), [SCALAR]),
    OpCase("softmax_empty", lambda T, a: a.softmax(1), [EMPTY]),
    OpCase("log_softmax", lambda T, a: a.log_softmax(1), S),
    OpCase("log_softmax_dim0", lambda T, a: T.log_softmax(a, 0), S3),
    OpCase("log_softmax_dtype", lambda T, a: a.log_softmax(-1, T.float64), S),
    OpCase("log_softmax_large", lambda T, a: a.log_softmax(0), [Arr([1000.0, 0.0, -1000.0, 999.0], "float")]),
    OpCase("log_softmax_neg_inf", lambda T, a: a.log_softmax(1), [Arr([[-INF, 1.0, 2.0]], "float")], extra=NO_GC),
    OpCase("log_softmax_0d", lambda T, a: a.log_softmax(-1), [SCALAR]),
    OpCase("logsumexp", lambda T, a: a.logsumexp(1), S),
    OpCase("logsumexp_tuple", lambda T, a: T.logsumexp(a, (0, 2)), S3),
    OpCase("logsumexp_keepdim", lambda T, a: a.logsumexp(-1, keepdim=True), S3),
    OpCase("logsumexp_list", lambda T, a: a.logsumexp([0]), S),
    OpCase("logsumexp_empty_tuple_keepdim", lambda T, a: a.logsumexp((), True), S),
    OpCase("logsumexp_int", lambda T, a: a.logsumexp(1), [INTS]),
    OpCase("logsumexp_large", lambda T, a: a.logsumexp(0), [Arr([1000.0, 999.0, -1000.0], "float")]),
    OpCase("logsumexp_neg_inf_row", lambda T, a: a.logsumexp(1), [Arr([[-INF, -INF], [1.0, 2.0]], "float")],
           extra=NO_GC),
    OpCase("logsumexp_inf", lambda T, a: a.logsumexp(1), [Arr([[INF, 1.0], [1.0, 2.0]], "float")], extra=NO_GC),
    OpCase("logsumexp_0d", lambda T, a: a.logsumexp(0), [SCALAR]),
    OpCase("logsumexp_empty", lambda T, a: a.logsumexp(0), [EMPTY]),
    # cumsum / cumprod / cummax / cummin
    OpCase("cumsum", lambda T, a: a.cumsum(1), S),
    OpCase("cumsum_dim0", lambda T, a: T.cumsum(a, 0), S3),
    OpCase("cumsum_neg", lambda T, a: a.cumsum(dim=-1), S3),
    OpCase("cumsum_dtype", lambda T, a: a.cumsum(0, dtype=T.float64), S),
    OpCase("cumsum_int", lambda T, a: a.cumsum(1), [INTS]),
    OpCase("cumsum_int32", lambda T, a: a.cumsum(0), [Arr([1, 2, 3], "int32")]),
    OpCase("cumsum_bool", lambda T, a: a.cumsum(1), [BOOLS]),
    OpCase("cumsum_float_to_int", lambda T, a: a.cumsum(0, dtype=T.int64), [Arr([1.5, 2.5, -0.5], "float")],
           grad=False),
    OpCase("cumsum_0d", lambda T, a: a.cumsum(0), [SCALAR]),
    OpCase("cumprod", lambda T, a: a.cumprod(1), S, domain="nonzero"),
    OpCase("cumprod_dim0", lambda T, a: T.cumprod(a, 0), S3, domain="nonzero"),
    OpCase("cumprod_one_zero", lambda T, a: a.cumprod(0), [ZERO1]),
    OpCase("cumprod_two_zeros", lambda T, a: a.cumprod(0), [ZERO2]),
    OpCase("cumprod_zeros_2d", lambda T, a: a.cumprod(1), [ZEROS2D]),
    OpCase("cumprod_zeros_dim0", lambda T, a: a.cumprod(0), [ZEROS2D]),
    OpCase("cumprod_dtype", lambda T, a: a.cumprod(1, dtype=T.float64), S, domain="nonzero"),
    OpCase("cumprod_int", lambda T, a: a.cumprod(1), [INTS]),
    OpCase("cumprod_0d", lambda T, a: a.cumprod(0), [SCALAR]),
    OpCase("cummax", lambda T, a: a.cummax(1), S, domain=D),
    OpCase("cummax_dim0", lambda T, a: T.cummax(a, 0), S3, domain=D),
    OpCase("cummax_ties", lambda T, a: a.cummax(0), [TIES1], extra=NO_GC),
    OpCase("cummax_nan", lambda T, a: a.cummax(1), [NANS], extra=NO_GC),
    OpCase("cummax_bool", lambda T, a: a.cummax(1), [BOOLS]),
    OpCase("cummin", lambda T, a: a.cummin(-1), S, domain=D),
    OpCase("cummin_ties", lambda T, a: T.cummin(a, 1), [TIES], extra=NO_GC),
    OpCase("cummin_int", lambda T, a: a.cummin(0), [INTS]),
    OpCase("cummax_0d", lambda T, a: a.cummax(0), [SCALAR]),
    OpCase("cummax_empty", lambda T, a: a.cummax(0), [EMPTY], grad=False),
    # median / mode
    OpCase("median", lambda T, a: a.median(), [(3, 5)], domain=D),
    OpCase("median_even", lambda T, a: a.median(), S, domain=D),
    OpCase("median_ties", lambda T, a: a.median(), [TIES1], extra=NO_GC),
    OpCase("median_nan", lambda T, a: a.median(), [NANS], extra=NO_GC),
    OpCase("median_dim", lambda T, a: a.median(1), S, domain=D),
    OpCase("median_dim_keepdim", lambda T, a: T.median(a, 0, keepdim=True), [(5, 3)], domain=D),
    OpCase("median_dim_neg", lambda T, a: a.median(-1), S3, domain=D),
    OpCase("median_int", lambda T, a: a.median(), [INTS]),
    OpCase("median_int_dim", lambda T, a: a.median(0), [Arr([[1, 7], [3, 2], [5, 4]], "int64")]),
    OpCase("median_0d", lambda T, a: a.median(0), [SCALAR]),
    OpCase("median_empty", lambda T, a: a.median(), [EMPTY], grad=False),
    OpCase("nanmedian", lambda T, a: a.nanmedian(), [NANS]),
    OpCase("nanmedian_ties", lambda T, a: a.nanmedian(), [Arr([[1.0, NAN, 3.0], [1.0, 0.5, NAN]], "float")],
           extra=NO_GC),
    OpCase("nanmedian_all_nan", lambda T, a: T.nanmedian(a), [Arr([NAN, NAN], "float")], extra=NO_GC),
    OpCase("nanmedian_dim", lambda T, a: a.nanmedian(1), [NANS]),
    OpCase("nanmedian_dim_keepdim", lambda T, a: T.nanmedian(a, 0, keepdim=True), [NANS]),
    OpCase("nanmedian_no_nan", lambda T, a: a.nanmedian(-1), S, domain=D),
    OpCase("nanmedian_int", lambda T, a: a.nanmedian(), [INTS]),
    OpCase("mode", lambda T, a: a.mode(), [Arr([[1.0, 2.0, 2.0, 3.0, 3.0, 0.0], [3.0, 2.0, 3.0, 2.0, 1.0, 1.0]],
                                               "float")], extra=NO_GC),
    OpCase("mode_dim0_keepdim", lambda T, a: T.mode(a, 0, True), [INTS]),
    OpCase("mode_distinct", lambda T, a: a.mode(1), S, domain=D),
    OpCase("mode_bool", lambda T, a: a.mode(), [BOOLS]),
    OpCase("mode_0d", lambda T, a: a.mode(), [SCALAR]),
    # sort / argsort / msort / topk / kthvalue
    OpCase("sort", lambda T, a: a.sort(), S, domain=D),
    OpCase("sort_dim0", lambda T, a: T.sort(a, 0), S3, domain=D),
    OpCase("sort_descending", lambda T, a: a.sort(1, descending=True), S, domain=D),
    OpCase("sort_stable", lambda T, a: a.sort(stable=True), S, domain=D),
    OpCase("sort_stable_ties", lambda T, a: a.sort(dim=1, stable=True), [TIES], extra=NO_GC),
    OpCase("sort_stable_ties_desc", lambda T, a: T.sort(a, stable=True, descending=True), [TIES], extra=NO_GC),
    OpCase("sort_nan", lambda T, a: a.sort(0), [NANS], extra=NO_GC),
    OpCase("sort_nan_desc", lambda T, a: a.sort(1, True), [NANS], extra=NO_GC),
    OpCase("sort_int", lambda T, a: a.sort(), [Arr([[3, 1, 4, 2], [9, 5, 6, 8]], "int64")]),
    OpCase("sort_bool_stable", lambda T, a: a.sort(stable=True), [BOOLS]),
    OpCase("sort_0d", lambda T, a: a.sort(), [SCALAR]),
    OpCase("sort_empty", lambda T, a: a.sort(0), [EMPTY]),
    OpCase("msort", lambda T, a: T.msort(a), S, domain=D),
    OpCase("msort_method", lambda T, a: a.msort(), [INTS]),
    OpCase("argsort", lambda T, a: a.argsort(), S, domain=D, grad=False),
    OpCase("argsort_desc_dim0", lambda T, a: T.argsort(a, 0, descending=True), S, domain=D, grad=False),
    OpCase("argsort_stable_ties", lambda T, a: a.argsort(stable=True), [TIES], grad=False),
    OpCase("argsort_stable_ties_desc", lambda T, a: a.argsort(stable=True, dim=0, descending=True), [TIES],
           grad=False),
    OpCase("topk", lambda T, a: a.topk(2), S, domain=D),
    OpCase("topk_dim0", lambda T, a: T.topk(a, 2, dim=0), S, domain=D),
    OpCase("topk_smallest", lambda T, a: a.topk(3, largest=False), S, domain=D),
    OpCase("topk_k1", lambda T, a: a.topk(1, -2), S3, domain=D),
    OpCase("topk_int", lambda T, a: a.topk(2), [Arr([[3, 1, 4, 2], [9, 5, 6, 8]], "int64")]),
    OpCase("topk_all", lambda T, a: a.topk(4), S, domain=D),
    OpCase("topk_0d", lambda T, a: a.topk(1), [SCALAR]),
    OpCase("kthvalue", lambda T, a: a.kthvalue(2), S, domain=D),
    OpCase("kthvalue_dim0_keepdim", lambda T, a: T.kthvalue(a, 3, 0, True), [(5, 3)], domain=D),
    OpCase("kthvalue_int", lambda T, a: a.kthvalue(1), [Arr([[3, 1, 4, 2], [9, 5, 6, 8]], "int64")]),
    OpCase("kthvalue_0d", lambda T, a: a.kthvalue(1), [SCALAR]),
    # equal values: the index torch's quickselect / std::sort / std::nth_element / std::partial_sort reports
    OpCase("kthvalue_ties", lambda T, a: a.kthvalue(2), [KTIES], extra=NO_GC),
    OpCase("kthvalue_ties_dim0", lambda T, a: T.kthvalue(a, 3, 0), [KTIES], extra=NO_GC),
    OpCase("kthvalue_ties_1d_nan", lambda T, a: a.kthvalue(4), [Arr([2.0, NAN, 2.0, 2.0, NAN, 1.0, NAN], "float")],
           extra=NO_GC),
    OpCase("topk_ties", lambda T, a: a.topk(2), [KTIES], extra=NO_GC),
    OpCase("topk_ties_long", lambda T, a: a.topk(5), [LTIES], extra=NO_GC),
    OpCase("topk_ties_long_smallest", lambda T, a: T.topk(a, 4, largest=False), [LTIES], extra=NO_GC),
    OpCase("topk_unsorted", lambda T, a: a.topk(3, sorted=False), [LTIES], extra=NO_GC),
    OpCase("topk_partial_sort_ties", lambda T, a: a.topk(1, largest=False), [Arr([float(i % 3) for i in range(70)],
                                                                                   "float")], extra=NO_GC),
    OpCase("sort_ties_long", lambda T, a: a.sort(), [LTIES], extra=NO_GC),
    OpCase("sort_ties_long_desc", lambda T, a: T.sort(a, dim=1, descending=True, stable=False), [LTIES], extra=NO_GC),
    OpCase("argsort_ties_long", lambda T, a: a.argsort(dim=1), [LTIES], grad=False),
    OpCase("mode_ties_long", lambda T, a: a.mode(), [LTIES], extra=NO_GC),
    OpCase("mode_ties_long_nan", lambda T, a: a.mode(),
           [Arr([[NAN, 1.0, 0.0, 0.0, NAN, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, NAN, 1.0, 0.0, 1.0]],
                "float")], extra=NO_GC),
    # all / any / count_nonzero
    OpCase("all", lambda T, a: a.all(), [BOOLS]),
    OpCase("all_dim", lambda T, a: a.all(1), [BOOLS]),
    OpCase("all_dim_keepdim", lambda T, a: T.all(a, 0, keepdim=True), [BOOLS]),
    OpCase("all_tuple", lambda T, a: a.all((0, 1)), [BOOLS]),
    OpCase("all_empty_tuple", lambda T, a: a.all(()), [INTS]),
    OpCase("all_float", lambda T, a: a.all(1), [ZEROS2D], grad=False),
    OpCase("all_uint8", lambda T, a: a.all(0), [Arr([[1, 0], [2, 3]], "uint8")]),
    OpCase("all_empty", lambda T, a: a.all(), [EMPTY], grad=False),
    OpCase("any", lambda T, a: a.any(), [BOOLS]),
    OpCase("any_dim", lambda T, a: T.any(a, -1), [ZEROS2D], grad=False),
    OpCase("any_tuple_keepdim", lambda T, a: a.any((0, 1), keepdim=True), [INTS]),
    OpCase("any_uint8", lambda T, a: a.any(), [Arr([0, 0, 7], "uint8")]),
    OpCase("any_empty", lambda T, a: a.any(), [EMPTY], grad=False),
    OpCase("any_nan", lambda T, a: a.any(1), [NANS], grad=False),
    OpCase("count_nonzero", lambda T, a: a.count_nonzero(), [ZEROS2D], grad=False),
    OpCase("count_nonzero_dim", lambda T, a: T.count_nonzero(a, 1), [ZEROS2D], grad=False),
    OpCase("count_nonzero_tuple", lambda T, a: a.count_nonzero((0, 1)), [ZEROS2D], grad=False),
    OpCase("count_nonzero_neg", lambda T, a: a.count_nonzero(dim=-2), [INTS]),
    OpCase("count_nonzero_bool", lambda T, a: a.count_nonzero(), [Bool((3, 4))]),
    OpCase("count_nonzero_long", lambda T, a: a.count_nonzero(0), [Long((3, 4), 2)]),
    # composite: reductions feeding each other (second derivatives of the chain)
    OpCase("softmax_then_max", lambda T, a: a.softmax(1).amax(1), S, domain=D),
    OpCase("std_of_logsumexp", lambda T, a: a.logsumexp(2).std(0), S3),
]

for _case in CASES:
    if not any(isinstance(i, tuple) or isinstance(i, Arr) and i.dtype in ("float", "float64") for i in _case.inputs):
        _case.grad = False  # no float input: nothing to differentiate
    if any(i is EMPTY for i in _case.inputs):
        _case.extra = NO_GC  # finite differences have nothing to check (gradients are still compared with torch)

_all_tests = make_tests(FAMILY, CASES)
_checked = make_tests(FAMILY, [c for c in CASES if c.extra.get("gradcheck", True)])
test_reduction_matches_torch = _all_tests["test_reduction_matches_torch"]
test_reduction_gradcheck = _checked["test_reduction_gradcheck"]
test_reduction_gradgradcheck = _checked["test_reduction_gradgradcheck"]


# Error messages -------------------------------------------------------------------------------------------

def _t(T, data, dtype=None):
    return T.tensor(data) if dtype is None else T.tensor(data, dtype=getattr(T, dtype))


# (id, fn, exception type, torch 2.13's message)
ERRORS = [
    ("mean_int", lambda T: _t(T, [[1, 2], [3, 4]]).mean(), RuntimeError,
     "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long"),
    ("mean_int_dim", lambda T: _t(T, [[1, 2], [3, 4]]).mean(0), RuntimeError,
     "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long"),
    ("mean_int_dtype", lambda T: T.zeros(3).mean(dtype=T.int64), RuntimeError,
     "mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. "
     "Got: Long"),
    ("sum_dim_range", lambda T: T.zeros(3, 4).sum(2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("sum_dup_dims", lambda T: T.zeros(3, 4).sum((1, -1)), RuntimeError,
     "dim 1 appears multiple times in the list of dims"),
    ("amax_dup_dims", lambda T: T.zeros(3, 4).amax((0, 1, 1)), RuntimeError,
     "dim 1 appears multiple times in the list of dims"),
    ("std_dim_range", lambda T: T.zeros(3, 4).std(2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("std_int", lambda T: _t(T, [1, 2, 3]).std(), RuntimeError,
     "std and var only support floating point and complex dtypes"),
    ("var_int", lambda T: _t(T, [1, 2, 3]).var(0), RuntimeError,
     "std and var only support floating point and complex dtypes"),
    ("std_mean_int", lambda T: T.std_mean(_t(T, [1, 2, 3])), RuntimeError,
     "std_mean only support floating point and complex dtypes"),
    ("var_mean_int", lambda T: T.var_mean(_t(T, [1, 2, 3])), RuntimeError,
     "var_mean only support floating point and complex dtypes"),
    ("argmax_empty", lambda T: T.zeros(0).argmax(), IndexError,
     "argmax(): Expected reduction dim to be specified for input.numel() == 0."),
    ("argmin_empty", lambda T: T.zeros(0).argmin(), IndexError,
     "argmin(): Expected reduction dim to be specified for input.numel() == 0."),
    ("argmax_empty_dim", lambda T: T.zeros(0, 3).argmax(-2), IndexError,
     "argmax(): Expected reduction dim 0 to have non-zero size."),
    ("argmax_bool", lambda T: _t(T, [True, False]).argmax(), RuntimeError, "argmax(): does not support bool input"),
    ("max_empty", lambda T: T.zeros(0).max(), RuntimeError,
     "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
     "'dim' argument."),
    ("min_empty", lambda T: T.zeros(0, 2).min(), RuntimeError,
     "min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
     "'dim' argument."),
    ("max_empty_dim", lambda T: T.zeros(0, 3).max(-2), IndexError,
     "max(): Expected reduction dim 0 to have non-zero size."),
    ("amax_empty", lambda T: T.zeros(0).amax(), RuntimeError,
     "amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
     "'dim' argument."),
    ("amax_empty_dim_as_given", lambda T: T.zeros(0, 3).amax(-2), IndexError,
     "amax(): Expected reduction dim -2 to have non-zero size."),
    ("amin_empty_tuple", lambda T: T.zeros(0, 3).amin((1, 0)), IndexError,
     "amin(): Expected reduction dim 0 to have non-zero size."),
    ("aminmax_empty", lambda T: T.zeros(0).aminmax(), RuntimeError,
     "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity."),
    ("median_empty_dim", lambda T: T.zeros(0, 3).median(0), IndexError,
     "median(): Expected reduction dim 0 to have non-zero size."),
    ("median_bool", lambda T: _t(T, [True]).median(), NotImplementedError, "\"median_cpu\" not implemented for 'Bool'"),
    ("mode_empty", lambda T: T.zeros(0).mode(), IndexError, "mode(): Expected reduction dim 0 to have non-zero size."),
    ("kthvalue_range", lambda T: T.zeros(3, 4).kthvalue(5), RuntimeError,
     "kthvalue(): selected number k out of range for dimension 1"),
    ("kthvalue_zero", lambda T: T.zeros(3, 4).kthvalue(0, dim=0), RuntimeError,
     "kthvalue(): selected number k out of range for dimension 0"),
    ("kthvalue_empty", lambda T: T.zeros(0).kthvalue(1), IndexError,
     "kthvalue(): Expected reduction dim 0 to have non-zero size."),
    ("topk_range", lambda T: T.zeros(3, 4).topk(5), RuntimeError, "selected index k out of range"),
    ("topk_negative", lambda T: T.zeros(3, 4).topk(-1), RuntimeError, "selected index k out of range"),
    ("topk_bool", lambda T: _t(T, [True, False]).topk(1), RuntimeError, "topk does not support bool dtypes on CPU"),
    ("sort_dim_range", lambda T: T.zeros(3, 4).sort(3), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 3)"),
    ("softmax_int", lambda T: _t(T, [[1, 2], [3, 4]]).softmax(0), NotImplementedError,
     "\"softmax_kernel_impl\" not implemented for 'Long'"),
    ("softmax_int_lastdim", lambda T: _t(T, [1, 2]).softmax(-1), NotImplementedError,
     "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    ("log_softmax_bool", lambda T: _t(T, [True]).log_softmax(0), NotImplementedError,
     "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Bool'"),
    ("softmax_no_dim", lambda T: T.softmax(T.zeros(2)), TypeError,
     'softmax() missing 1 required positional arguments: "dim"'),
    ("method_softmax_no_dim", lambda T: T.zeros(2).softmax(), TypeError,
     'softmax() missing 1 required positional arguments: "dim"'),
    ("logsumexp_no_dim", lambda T: T.zeros(2).logsumexp(), TypeError,
     'logsumexp() missing 1 required positional arguments: "dim"'),
    ("cumsum_no_dim", lambda T: T.zeros(2).cumsum(), TypeError,
     'cumsum() missing 1 required positional arguments: "dim"'),
    ("softmax_dim_range", lambda T: T.zeros(3, 4).softmax(2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("logsumexp_empty_tuple", lambda T: T.zeros(3, 4).logsumexp(()), RuntimeError,
     "output with shape [] doesn't match the broadcast shape [1, 1]"),
    ("nanmean_int", lambda T: _t(T, [1, 2]).nanmean(), RuntimeError,
     "nanmean(): expected input to have floating point or complex dtype but got Long"),
    ("norm_int", lambda T: _t(T, [1, 2]).norm(), RuntimeError,
     "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"),
    ("norm_int_dtype", lambda T: T.zeros(2).norm(dtype=T.int64), RuntimeError,
     "linalg.vector_norm: dtype should be floating point or complex, but got Long"),
    ("norm_narrowing_dtype", lambda T: T.zeros(2, dtype=T.float64).norm(dtype=T.float32), RuntimeError,
     "linalg.vector_norm: the dtype of the input (Double) should be convertible without narrowing to the specified "
     "dtype (Float)"),
    ("norm_inf_empty", lambda T: T.zeros(0).norm(INF), RuntimeError,
     "linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an "
     "identity"),
    ("norm_bad_order", lambda T: T.zeros(2, 2).norm("abc"), RuntimeError,
     "linalg.matrix_norm: Order abc not supported."),
    ("norm_fro_three_dims", lambda T: T.zeros(2, 2, 2).norm("fro", dim=(0, 1, 2)), RuntimeError,
     "linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2"),
    ("norm_nuc_one_dim", lambda T: T.zeros(2, 2).norm("nuc", dim=1), RuntimeError,
     "linalg.matrix_norm: dim must be a 2-tuple. Got 1"),
]


@pytest.mark.parametrize("fn, exc, message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_reduction_error_messages(fn, exc, message):
    with pytest.raises(exc) as info:
        fn(torchless)
    assert str(info.value) == message
    torch = pytest.importorskip("torch")
    with pytest.raises(exc) as ref:
        fn(torch)
    assert str(ref.value) == message


def test_nuclear_norm_is_not_implemented():
    with pytest.raises(NotImplementedError, match="nuclear norm"):
        torchless.zeros(2, 2).norm("nuc")


@pytest.mark.parametrize("name, fn", [
    ("var", lambda T: T.tensor([1.0]).var()),
    ("std", lambda T: T.tensor([1.0, 2.0]).std(correction=3)),
    ("std_mean", lambda T: T.std_mean(T.tensor([1.0]))),
    ("var_mean", lambda T: T.var_mean(T.tensor([[1.0]]), 1)),
])
def test_degrees_of_freedom_warning(name, fn):
    message = (f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor "
               "(input numel divided by output numel).")
    with pytest.warns(UserWarning) as record:
        fn(torchless)
    assert [str(w.message) for w in record] == [message]
    torch = pytest.importorskip("torch")
    with pytest.warns(UserWarning) as record:
        fn(torch)
    assert str(record[0].message).startswith(message)


def test_no_warning_with_enough_degrees_of_freedom():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torchless.tensor([1.0, 2.0]).var()
        torchless.tensor([[-float("inf"), -float("inf")]]).logsumexp(1)
        torchless.tensor([[-float("inf"), -float("inf")]]).softmax(1)
        torchless.zeros(0).mean()


# Return types ---------------------------------------------------------------------------------------------

# printed by torch 2.13 for the inputs below
MAX_REPR = ("torch.return_types.max(\nvalues=tensor([2., 4.], grad_fn=<MaxBackward0>),\n"
            "indices=tensor([1, 1]))")
AMINMAX_REPR = "torch.return_types.aminmax(\nmin=tensor(1),\nmax=tensor(4))"


def _max_example(T):
    return T.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True).max(1)


def test_return_type_repr():
    assert repr(_max_example(torchless)) == MAX_REPR
    assert str(_max_example(torchless)) == MAX_REPR
    assert repr(torchless.tensor([[1, 2], [3, 4]]).aminmax()) == AMINMAX_REPR
    torch = pytest.importorskip("torch")
    assert repr(_max_example(torch)) == MAX_REPR
    assert repr(torch.tensor([[1, 2], [3, 4]]).aminmax()) == AMINMAX_REPR
    x = np.array([[3.0, 1.0], [0.5, 2.0]], dtype=np.float32)
    for name in ("sort", "topk", "kthvalue", "median", "mode", "cummax", "cummin", "min"):
        args = {"topk": (1,), "kthvalue": (1,), "cummax": (0,), "cummin": (0,), "min": (0,), "median": (0,)}
        mine = getattr(torchless.tensor(x), name)(*args.get(name, ()))
        ref = getattr(torch.tensor(x), name)(*args.get(name, ()))
        assert repr(mine) == repr(ref), name


def test_return_type_behaves_like_torchs():
    r = _max_example(torchless)
    values, indices = r
    assert isinstance(r, tuple) and len(r) == 2 and r.n_fields == 2
    assert r.values is values and r.indices is indices and r[0] is values and r[-1] is indices
    assert type(r).__name__ == "max" and type(r[:1]) is tuple
    assert torchless.return_types.max is type(r)
    with pytest.raises(AttributeError):
        r.values = None
    rebuilt = torchless.return_types.sort((values, indices))
    assert rebuilt.indices is indices and rebuilt.values is values
    back = pickle.loads(pickle.dumps(torchless.tensor([3.0, 1.0]).sort()))
    assert type(back) is torchless.return_types.sort and back.indices.tolist() == [1, 0]
    assert torchless.tensor([[1.0, 5.0]]).aminmax(dim=1).max.tolist() == [5.0]


def test_std_mean_returns_plain_tuple():
    r = torchless.std_mean(torchless.ones(3, requires_grad=True))
    assert type(r) is tuple
    assert type(r[0].grad_fn).__name__ == type(r[1].grad_fn).__name__ == "StdMeanBackward0"


# In-place scans -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cumsum_", "cumprod_"])
def test_inplace_scans(name):
    data = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]
    x = torchless.tensor(data)
    out = getattr(x, name)(1)
    assert out is x and x._version == 1
    expected = np.cumsum(data, 1) if name == "cumsum_" else np.cumprod(data, 1)
    np.testing.assert_allclose(x.numpy(), expected, rtol=1e-6)
    leaf = torchless.tensor(data, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        getattr(leaf, name)(0)
    y = leaf * 2
    getattr(y, name)(0)
    assert type(y.grad_fn).__name__ == ("CumsumBackward0" if name == "cumsum_" else "CumprodBackward0")
    y.sum().backward()
    torch = pytest.importorskip("torch")
    tl = torch.tensor(data, requires_grad=True)
    ty = tl * 2
    getattr(ty, name)(0)
    ty.sum().backward()
    np.testing.assert_allclose(leaf.grad.numpy(), tl.grad.numpy(), rtol=1e-6)


# Second derivatives where the input has zeros (torch's create_graph formulas) --------------------------------

@pytest.mark.parametrize("op", ["prod", "prod_dim", "cumprod"])
def test_double_backward_with_zeros_matches_torch(op):
    torch = pytest.importorskip("torch")
    data = [[2.0, 0.0, 3.0, 0.5], [0.0, 1.5, 0.0, 2.0], [1.0, -2.0, 0.5, 3.0]]
    fns = {"prod": lambda x: x.prod(), "prod_dim": lambda x: x.prod(1), "cumprod": lambda x: x.cumprod(1)}

    def hessian_row(T):
        x = T.tensor(data, dtype=T.float64, requires_grad=True)
        y = fns[op](x)
        w = T.tensor(np.arange(1, y.numel() + 1, dtype=np.float64).reshape(tuple(y.shape)))
        (g,) = T.autograd.grad((y * w).sum(), x, create_graph=True)
        (h,) = T.autograd.grad((g * g).sum(), x)
        return g.detach().numpy(), h.numpy()

    for mine, ref in zip(hessian_row(torchless), hessian_row(torch)):
        np.testing.assert_allclose(mine, ref, rtol=1e-10, atol=1e-10)


# Hypothesis: random shapes and dims against live torch, with gradcheck ----------------------------------------

@st.composite
def _shape_and_dims(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=0, max_size=3)))
    nd = len(shape)
    if nd == 0:
        dims = draw(st.sampled_from([0, -1]))
    else:
        picked = draw(st.lists(st.integers(-nd, nd - 1), min_size=1, max_size=nd, unique_by=lambda d: d % nd))
        dims = picked[0] if len(picked) == 1 and draw(st.booleans()) else tuple(picked)
    return shape, dims, draw(st.booleans()), draw(st.integers(0, 2 ** 31 - 1))


_REDUCERS = {
    "sum": lambda T, x, dims, keep: x.sum(dims, keepdim=keep),
    "mean": lambda T, x, dims, keep: T.mean(x, dims, keep),
    "amax": lambda T, x, dims, keep: x.amax(dims, keep),
    "logsumexp": lambda T, x, dims, keep: T.logsumexp(x, dims, keepdim=keep),
    "softmax": lambda T, x, dims, keep: x.softmax(dims if isinstance(dims, int) else dims[0]),
}


@pytest.mark.parametrize("name", sorted(_REDUCERS))
@settings(max_examples=25, deadline=None)
@given(case=_shape_and_dims())
def test_random_shapes_match_torch(name, case):
    torch = pytest.importorskip("torch")
    shape, dims, keep, seed = case
    rng = np.random.default_rng(seed)
    # distinct values: amax has a unique maximum, so its gradient is well defined
    data = (rng.permutation(int(np.prod(shape))).reshape(shape) + rng.uniform(0.1, 0.3, shape)) / 3
    fn = _REDUCERS[name]
    mine_in = torchless.tensor(data, requires_grad=True)
    ref_in = torch.tensor(data, requires_grad=True)
    mine, ref = fn(torchless, mine_in, dims, keep), fn(torch, ref_in, dims, keep)
    assert tuple(mine.shape) == tuple(ref.shape)
    assert str(mine.dtype) == str(ref.dtype)
    assert type(mine.grad_fn).__name__ == type(ref.grad_fn).__name__
    np.testing.assert_allclose(mine.detach().numpy(), ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = rng.standard_normal(tuple(ref.shape))
    (gm,) = torchless.autograd.grad((mine * torchless.tensor(w)).sum(), mine_in)
    (gr,) = torch.autograd.grad((ref * torch.tensor(w)).sum(), ref_in)
    np.testing.assert_allclose(gm.numpy(), gr.numpy(), rtol=1e-10, atol=1e-12)
    assert torchless.autograd.gradcheck(lambda x: fn(torchless, x, dims, keep), (mine_in,))
