"""The Tensor object against torch 2.13: metadata, conversions, dtype/device moves, autograd attributes, copying,
pickling, printing, legacy constructors.

Every case runs under torchless and torch (live when installed, else ``tests/golden/tensor_tensor.json``).
"""

from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pytest

from tests.golden.record_tensor import make_tests, torchless_api, with_default

FAMILY = "tensor"
CASES: list = []


def case(cid: str, fn) -> None:
    CASES.append((cid, fn))


def x(T):
    return T.tensor([1.0, 2.0])


def xr(T):
    return T.tensor([1.0, 2.0], requires_grad=True)


def y(T):
    return xr(T) * 2


def _quiet_T(fn):
    """torch warns about ``x.T`` on non-2-D tensors once per process: compared without that warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The use of `x.T` on tensors")
        return fn()


def _quiet_scalar(fn):
    """torch warns about Python scalars from tensors that require grad once per process: compared without it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad=True to a scalar")
        return fn()


def ver(t) -> int:
    """``t._version``: an int, as in torch."""
    assert type(t._version) is int
    return t._version


def run(*steps):
    """Run statements in order and return the value of the last one (for cases that mutate)."""
    out = None
    for step in steps:
        out = step()
    return out


# -- metadata -----------------------------------------------------------------------------------------------------
for cid, fn in [
    ("shape", lambda T: T.zeros(2, 3).shape), ("size", lambda T: T.zeros(2, 3).size()),
    ("size_dim", lambda T: T.zeros(2, 3).size(1)), ("size_neg_dim", lambda T: T.zeros(2, 3).size(-1)),
    ("size_error", lambda T: T.zeros(2, 3).size(2)), ("size_error_neg", lambda T: T.zeros(2, 3).size(-3)),
    ("size_0d_error", lambda T: T.tensor(3.0).size(0)), ("size_0d_error_neg", lambda T: T.tensor(3.0).size(-1)),
    ("size_0d", lambda T: T.tensor(3.0).size()), ("shape_0d", lambda T: T.tensor(3.0).shape),
    ("dim", lambda T: T.zeros(2, 3).dim()), ("ndim", lambda T: T.zeros(2, 3, 4).ndim),
    ("ndimension", lambda T: T.zeros(2).ndimension()), ("numel", lambda T: T.zeros(2, 3).numel()),
    ("nelement", lambda T: T.zeros(2, 3).nelement()), ("numel_empty", lambda T: T.zeros(0, 3).numel()),
    ("dtype", lambda T: x(T).dtype), ("device", lambda T: x(T).device), ("is_cuda", lambda T: x(T).is_cuda),
    ("is_cpu", lambda T: x(T).is_cpu), ("get_device", lambda T: x(T).get_device()),
    ("is_floating_point", lambda T: (x(T).is_floating_point(), T.tensor([1]).is_floating_point())),
    ("is_complex", lambda T: x(T).is_complex()), ("is_signed", lambda T: (x(T).is_signed(),
                                                                          T.tensor([1], dtype=T.uint8).is_signed())),
    ("element_size", lambda T: (x(T).element_size(), T.tensor([1]).element_size(), T.tensor([True]).element_size(),
                                T.tensor([1.0], dtype=T.float16).element_size())),
    ("itemsize_nbytes", lambda T: (x(T).itemsize, T.zeros(2, 3).nbytes)),
    ("stride", lambda T: T.zeros(2, 3).stride()), ("stride_dim", lambda T: T.zeros(2, 3).stride(1)),
    ("stride_neg", lambda T: T.zeros(2, 3).stride(-2)), ("stride_error", lambda T: T.zeros(2, 3).stride(2)),
    ("stride_0d", lambda T: T.tensor(3.0).stride()), ("stride_0d_error", lambda T: T.tensor(3.0).stride(0)),
    ("stride_t", lambda T: T.zeros(2, 3).t().stride()), ("stride_3d", lambda T: T.zeros(2, 3, 4).stride()),
    ("stride_empty", lambda T: (T.zeros(0, 9).stride(), T.zeros(1, 0, 5).stride(), T.zeros(1, 0, 5).stride(1))),
    ("contiguous_t", lambda T: T.zeros(2, 3).t().is_contiguous()),
    ("contiguous", lambda T: T.zeros(2, 3).is_contiguous()),
    ("contiguous_copy", lambda T: (lambda c: (c.is_contiguous(), c.stride(), c))(
        T.arange(6.0).view(2, 3).t().contiguous())),
    ("contiguous_same", lambda T: (lambda t: t.contiguous() is t)(T.zeros(2, 3))),
    ("contiguous_grad", lambda T: y(T).view(2, 1).t().contiguous()),
    ("T_2d", lambda T: T.arange(6).view(2, 3).T), ("T_1d", lambda T: _quiet_T(lambda: T.arange(3).T)),
    ("T_3d", lambda T: _quiet_T(lambda: T.arange(24).view(2, 3, 4).T.shape)),
    ("mT", lambda T: T.arange(24).view(2, 3, 4).mT),
    ("mT_error", lambda T: T.zeros(3).mT), ("T_grad", lambda T: y(T).view(1, 2).T),
    ("is_leaf", lambda T: (x(T).is_leaf, xr(T).is_leaf, y(T).is_leaf, y(T).detach().is_leaf)),
    ("requires_grad", lambda T: (x(T).requires_grad, xr(T).requires_grad, y(T).requires_grad)),
    ("grad_fn", lambda T: (x(T).grad_fn, xr(T).grad_fn, type(y(T).grad_fn).__name__)),
    ("output_nr", lambda T: xr(T).output_nr), ("storage_offset", lambda T: (T.arange(6)[2:].storage_offset(),
                                                                           T.arange(6).view(2, 3)[1].storage_offset())),
    ("len", lambda T: len(T.zeros(3, 2))), ("len_0d", lambda T: len(T.tensor(3.0))),
]:
    case(f"meta_{cid}", fn)

# -- Python conversions --------------------------------------------------------------------------------------------
for cid, fn in [
    ("item_float", lambda T: T.tensor(3.5).item()), ("item_int", lambda T: T.tensor([[5]]).item()),
    ("item_bool", lambda T: T.tensor(True).item()), ("item_int8", lambda T: T.tensor(3, dtype=T.int8).item()),
    ("item_f16", lambda T: T.tensor(3.25, dtype=T.float16).item()), ("item_f32", lambda T: T.tensor(0.1).item()),
    ("item_grad", lambda T: xr(T)[0].item()), ("item_error", lambda T: x(T).item()),
    ("item_error_empty", lambda T: T.zeros(0).item()),
    ("tolist", lambda T: T.tensor([[1.5, 2.0], [3.0, 4.0]]).tolist()), ("tolist_0d", lambda T: T.tensor(3.0).tolist()),
    ("tolist_int", lambda T: T.tensor([1, 2], dtype=T.int32).tolist()), ("tolist_grad", lambda T: xr(T).tolist()),
    ("tolist_empty", lambda T: T.tensor([], dtype=T.int32).tolist()),
    ("tolist_bool", lambda T: T.tensor([True]).tolist()),
    ("tolist_f32", lambda T: T.tensor([0.1, 1 / 3]).tolist()),
    ("float", lambda T: float(T.tensor(3.5))), ("float_1elem", lambda T: float(T.tensor([[2.5]]))),
    ("float_error", lambda T: float(x(T))), ("float_grad", lambda T: _quiet_scalar(lambda: float(xr(T)[0]))),
    ("float_int_tensor", lambda T: float(T.tensor(3))),
    ("int", lambda T: int(T.tensor(2.7))), ("int_neg", lambda T: int(T.tensor(-2.7))),
    ("int_1elem", lambda T: int(T.tensor([2.7]))),
    ("int_grad_warns", lambda T: int(xr(T)[1])), ("int_error", lambda T: int(x(T))),
    ("index", lambda T: [10, 20, 30][T.tensor(1)]), ("index_1elem", lambda T: [10, 20, 30][T.tensor([2])]),
    ("index_bool", lambda T: T.tensor(True).__index__()), ("index_float_error", lambda T: [10, 20][T.tensor(1.0)]),
    ("index_many_error", lambda T: T.tensor([1, 2]).__index__()), ("range_index", lambda T: list(range(T.tensor(3)))),
    ("bool_true", lambda T: bool(T.tensor([1.0]))), ("bool_false", lambda T: bool(T.tensor(0))),
    ("bool_nan", lambda T: bool(T.tensor(float("nan")))), ("bool_error_many", lambda T: bool(x(T))),
    ("bool_error_empty", lambda T: bool(T.tensor([]))), ("if_tensor", lambda T: "yes" if T.tensor(2) > 1 else "no"),
    ("complex", lambda T: complex(T.tensor(1.5))), ("complex_grad", lambda T: _quiet_scalar(lambda: complex(xr(T)[0]))),
    ("bool_grad", lambda T: bool(xr(T)[0])),
    ("format_2f", lambda T: f"{T.tensor(3.14159):.2f}"), ("format_int", lambda T: format(T.tensor(3), "05d")),
    ("format_grad", lambda T: format(T.tensor(3.5, requires_grad=True), ".1f")),
    ("format_empty_spec", lambda T: format(x(T), "")), ("format_fstring", lambda T: f"{T.tensor(3.5)}"),
    ("format_error", lambda T: format(x(T), ".2f")), ("format_e", lambda T: f"{T.tensor(12345.678):.3e}"),
    ("format_bool", lambda T: f"{T.tensor(True)}"),
    ("hash_is_id", lambda T: (lambda t: hash(t) == id(t))(x(T))), ("hashable_in_set", lambda T: len({x(T), x(T)})),
    ("iter", lambda T: list(T.tensor([[1, 2], [3, 4]]))), ("iter_0d", lambda T: list(T.tensor(3.0))),
    ("iter_grad", lambda T: list(y(T))), ("unpack", lambda T: (lambda a, b: (a, b))(*T.tensor([5, 6]))),
    ("contains", lambda T: (1.0 in x(T), 3 in x(T), T.tensor(2.0) in x(T))),
    ("contains_error", lambda T: "a" in x(T)),
]:
    case(f"py_{cid}", fn)

# -- NumPy ----------------------------------------------------------------------------------------------------------
for cid, fn in [
    ("numpy", lambda T: x(T).numpy()), ("numpy_dtype", lambda T: T.tensor([1.0], dtype=T.float16).numpy()),
    ("numpy_shares", lambda T: (lambda t: run(lambda: t.numpy().__setitem__(0, 9.0), lambda: t))(x(T))),
    ("numpy_grad_error", lambda T: xr(T).numpy()), ("numpy_nonleaf_error", lambda T: y(T).numpy()),
    ("numpy_force", lambda T: xr(T).numpy(force=True)), ("numpy_detach", lambda T: xr(T).detach().numpy()),
    ("numpy_0d", lambda T: T.tensor(2.5).numpy()), ("numpy_t_strides", lambda T: T.zeros(2, 3).t().numpy().strides),
    ("asarray", lambda T: np.asarray(x(T))), ("asarray_grad_error", lambda T: np.asarray(xr(T))),
    ("asarray_dtype", lambda T: np.asarray(x(T), dtype=np.float64)), ("array_copy", lambda T: np.array(x(T))),
    ("asarray_shares", lambda T: (lambda t: run(lambda: np.asarray(t).__setitem__(1, 7.0), lambda: t))(x(T))),
    ("asarray_0d", lambda T: np.asarray(T.tensor(3.5))), ("np_float32", lambda T: np.float32(T.tensor(3.5))),
    ("np_sum", lambda T: np.sum(np.asarray(T.arange(4)))), ("np_ufunc_float", lambda T: np.sin(x(T))),
    ("np_ufunc_int", lambda T: np.sin(T.tensor([1, 2]))), ("np_ufunc_bool", lambda T: np.greater(x(T), 1)),
    ("np_ufunc_add", lambda T: np.add(x(T), 1)), ("np_ufunc_0d", lambda T: np.exp(T.tensor(0.5))),
]:
    case(f"np_{cid}", fn)

# -- dtype and device conversions ---------------------------------------------------------------------------------
for cid, fn in [
    ("float", lambda T: T.tensor([1, 2]).float()), ("double", lambda T: x(T).double()),
    ("half", lambda T: T.tensor([0.1, 70000.0]).half()), ("long", lambda T: T.tensor([1.7, -1.7]).long()),
    ("int", lambda T: T.tensor([1.7, -1.7]).int()), ("short", lambda T: T.tensor([1.7]).short()),
    ("char", lambda T: T.tensor([1.7]).char()), ("byte", lambda T: T.tensor([1.7]).byte()),
    ("bool", lambda T: T.tensor([0.0, 0.5]).bool()), ("float_same", lambda T: (lambda t: t.float() is t)(x(T))),
    ("double_grad", lambda T: xr(T).double()), ("float_grad_same", lambda T: (lambda t: t.float() is t)(xr(T))),
    ("to_dtype", lambda T: x(T).to(T.float64)), ("to_dtype_kw", lambda T: x(T).to(dtype=T.int32)),
    ("to_same_is_self", lambda T: (lambda t: t.to(T.float32) is t)(x(T))),
    ("to_copy", lambda T: (lambda t: t.to(T.float32, copy=True) is t)(x(T))),
    ("to_copy_grad", lambda T: xr(T).to(T.float32, copy=True)), ("to_grad", lambda T: xr(T).to(T.float64)),
    ("to_cpu_is_self", lambda T: (lambda t: t.to("cpu") is t)(x(T))),
    ("to_device_is_self", lambda T: (lambda t: t.to(T.device("cpu")) is t)(x(T))),
    ("to_cpu0", lambda T: (lambda t: t.to("cpu:0") is t)(x(T))),
    ("to_cpu0_copies", lambda T: (lambda t: (lambda c: run(lambda: c.__setitem__(0, 5.0), lambda: (t, c)))(
        t.to("cpu:0")))(x(T))),
    ("to_device_index_copies", lambda T: (lambda t: t.to(T.device("cpu", 0)) is t)(x(T))),
    ("to_device_dtype", lambda T: x(T).to("cpu", T.float64)), ("to_device_kw", lambda T: x(T).to(device="cpu",
                                                                                                  dtype=T.int32)),
    ("to_other", lambda T: x(T).to(T.tensor([1]))), ("to_python_float", lambda T: x(T).to(float)),
    ("to_python_int", lambda T: x(T).to(int)), ("to_python_bool", lambda T: x(T).to(bool)),
    ("to_none", lambda T: (lambda t: t.to(None) is t)(x(T))),
    ("to_non_blocking", lambda T: x(T).to(T.float64, non_blocking=True)),
    ("to_cuda_error", lambda T: x(T).to("cuda")), ("to_cuda0_error", lambda T: x(T).to("cuda:0")),
    ("to_mps_error", lambda T: x(T).to("mps")), ("to_int_error", lambda T: x(T).to(5)),
    ("to_bad_string", lambda T: x(T).to("float32")), ("to_two_dtypes", lambda T: x(T).to(T.int32, T.float64)),
    ("to_two_devices", lambda T: x(T).to("cpu", "cpu")), ("to_numpy_type", lambda T: x(T).to(np.float32)),
    ("cuda_error", lambda T: x(T).cuda()), ("cuda0_error", lambda T: x(T).cuda(0)),
    ("cpu_is_self", lambda T: (lambda t: t.cpu() is t)(x(T))), ("type_as", lambda T: x(T).type_as(T.tensor([1]))),
    ("type", lambda T: (x(T).type(), T.tensor([1]).type(), T.tensor([1], dtype=T.uint8).type(),
                        T.tensor([True]).type(), T.tensor([1.0], dtype=T.float16).type(),
                        T.tensor([1], dtype=T.int8).type(), T.tensor([1], dtype=T.int16).type(),
                        T.tensor([1], dtype=T.int32).type(), T.tensor([1.0], dtype=T.float64).type())),
    ("type_dtype", lambda T: x(T).type(T.float64)), ("type_str", lambda T: x(T).type("torch.IntTensor")),
    ("type_same_str", lambda T: (lambda t: t.type("torch.FloatTensor") is t)(x(T))),
    ("type_same_dtype", lambda T: (lambda t: t.type(T.float32) is t)(x(T))),
    ("type_legacy_class", lambda T: x(T).type(T.DoubleTensor)), ("type_legacy_long", lambda T: x(T).type(T.LongTensor)),
    ("type_legacy_same", lambda T: (lambda t: t.type(T.FloatTensor) is t)(x(T))),
    ("type_error_name", lambda T: x(T).type("float")), ("type_error_dtype_name", lambda T: x(T).type("torch.float64")),
    ("type_error_cuda", lambda T: x(T).type("torch.cuda.FloatTensor")),
    ("type_grad", lambda T: xr(T).type(T.float64)),
]:
    case(f"conv_{cid}", fn)

# -- autograd attributes ------------------------------------------------------------------------------------------
for cid, fn in [
    ("set_requires_grad", lambda T: (lambda t: run(lambda: setattr(t, "requires_grad", True), lambda: t))(T.ones(2))),
    ("set_requires_grad_int_error", lambda T: setattr(T.ones(2, dtype=T.long), "requires_grad", True)),
    ("requires_grad_int_error", lambda T: T.ones(2, dtype=T.long).requires_grad_()),
    ("requires_grad_false_int", lambda T: T.ones(2, dtype=T.long).requires_grad_(False)),
    ("requires_grad_returns_self", lambda T: (lambda t: t.requires_grad_() is t)(T.ones(2))),
    ("set_requires_grad_nonleaf_error", lambda T: setattr(y(T), "requires_grad", False)),
    ("requires_grad_nonleaf_false_error", lambda T: y(T).requires_grad_(False)),
    ("requires_grad_nonleaf_true", lambda T: (lambda t: (t.requires_grad_(True) is t, t.is_leaf))(y(T))),
    ("set_requires_grad_nonleaf_true", lambda T: (lambda t: run(lambda: setattr(t, "requires_grad", True),
                                                                 lambda: t))(y(T))),
    ("unset_requires_grad_leaf", lambda T: (lambda t: run(lambda: setattr(t, "requires_grad", False), lambda: t))(
        xr(T))),
    ("grad_none", lambda T: xr(T).grad), ("grad_nonleaf_warns", lambda T: y(T).grad),
    ("grad_nonleaf_retained", lambda T: (lambda t: run(t.retain_grad, lambda: t.grad))(y(T))),
    ("grad_nonleaf_after_backward", lambda T: (lambda t: run(lambda: t.sum().backward(), lambda: t.grad))(y(T))),
    ("grad_leaf_after_backward", lambda T: (lambda a: run(lambda: (a * 3).sum().backward(), lambda: a.grad))(xr(T))),
    ("grad_no_grad_tensor", lambda T: x(T).grad),
    ("set_grad", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.zeros(2)), lambda: t.grad))(xr(T))),
    ("set_grad_no_requires", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2)), lambda: t.grad))(x(T))),
    ("set_grad_int", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2, dtype=T.long)),
                                              lambda: t.grad))(T.ones(2, dtype=T.long))),
    ("set_grad_none", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2)), lambda: setattr(t, "grad", None),
                                               lambda: t.grad))(xr(T))),
    ("del_grad", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2)), lambda: delattr(t, "grad"),
                                          lambda: t.grad))(xr(T))),
    ("set_grad_nonleaf", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2)), lambda: t.grad))(y(T))),
    ("set_grad_shape_error", lambda T: setattr(xr(T), "grad", T.ones(3))),
    ("set_grad_shape_error_2d", lambda T: setattr(xr(T), "grad", T.ones(1, 2))),
    ("set_grad_dtype_error", lambda T: setattr(xr(T), "grad", T.ones(2, dtype=T.float64))),
    ("set_grad_long_error", lambda T: setattr(xr(T), "grad", T.ones(2, dtype=T.long))),
    ("set_grad_half_error", lambda T: setattr(xr(T), "grad", T.ones(2, dtype=T.half))),
    ("set_grad_f64_on_f32", lambda T: setattr(T.ones(2, dtype=T.float64, requires_grad=True), "grad", T.ones(2))),
    ("set_grad_int32_error", lambda T: setattr(T.ones(2, dtype=T.long), "grad", T.ones(2, dtype=T.int32))),
    ("set_grad_both_errors", lambda T: setattr(xr(T), "grad", T.ones(3, dtype=T.float64))),
    ("set_grad_list_error", lambda T: setattr(xr(T), "grad", [1, 2])),
    ("set_grad_int_value_error", lambda T: setattr(xr(T), "grad", 3)),
    ("set_grad_ndarray_error", lambda T: setattr(xr(T), "grad", np.ones(2, np.float32))),
    ("set_grad_self_error", lambda T: (lambda t: setattr(t, "grad", t))(xr(T))),
    ("data", lambda T: xr(T).data), ("data_nonleaf", lambda T: (lambda d: (d, d.is_leaf, d.grad_fn))(y(T).data)),
    ("data_shares", lambda T: (lambda t: run(lambda: t.data.__setitem__(0, 5.0), lambda: t))(xr(T))),
    ("data_version", lambda T: (lambda t: (lambda d: run(lambda: d.add_(1), lambda: (ver(t), ver(d))))(t.data))(xr(T))),
    ("detach_version", lambda T: (lambda t: (lambda d: run(lambda: d.add_(1), lambda: (ver(t), ver(d))))(t.detach())
                                  )(xr(T))),
    ("set_data", lambda T: (lambda t: run(lambda: setattr(t, "data", T.zeros(3)), lambda: (t, t.requires_grad)))(
        xr(T))),
    ("set_data_f64", lambda T: (lambda t: run(lambda: setattr(t, "data", T.zeros(3, dtype=T.float64)),
                                              lambda: t))(xr(T))),
    ("set_data_shares", lambda T: (lambda t, s: run(lambda: setattr(t, "data", s), lambda: s.add_(1),
                                                    lambda: t))(xr(T), T.zeros(2))),
    ("set_data_long_error", lambda T: setattr(xr(T), "data", T.zeros(3, dtype=T.long))),
    ("set_data_long_no_grad", lambda T: (lambda t: run(lambda: setattr(t, "data", T.zeros(3, dtype=T.long)),
                                                       lambda: t))(x(T))),
    ("set_data_list_error", lambda T: setattr(xr(T), "data", [1, 2])),
    ("set_data_ndarray_error", lambda T: setattr(xr(T), "data", np.zeros(2))),
    ("detach", lambda T: (lambda d: (d, d.requires_grad, d.is_leaf))(y(T).detach())),
    ("detach_", lambda T: (lambda t: (t.detach_() is t, t, t.is_leaf, t.grad_fn))(y(T))),
    ("clone_leaf", lambda T: xr(T).clone()), ("clone_nonleaf", lambda T: y(T).clone()),
    ("clone_no_grad", lambda T: (lambda t: (t.clone(), t.clone() is t))(x(T))),
    ("clone_independent", lambda T: (lambda t: (lambda c: run(lambda: c.add_(1), lambda: t))(t.clone()))(x(T))),
    ("retain_grad_error", lambda T: x(T).retain_grad()), ("retains_grad", lambda T: (lambda t: run(
        t.retain_grad, lambda: (t.retains_grad, xr(T).retains_grad)))(y(T))),
]:
    case(f"grad_{cid}", fn)

# -- new_* factories and fill_diagonal_ -----------------------------------------------------------------------
for cid, fn in [
    ("new_tensor_dtype", lambda T: T.ones(2, dtype=T.int32).new_tensor([1.5, 2])),
    ("new_tensor_explicit", lambda T: T.ones(2, dtype=T.int32).new_tensor([1.5, 2], dtype=T.float64)),
    ("new_tensor_no_grad", lambda T: xr(T).new_tensor([1.5, 2])),
    ("new_tensor_requires_grad", lambda T: x(T).new_tensor([1.5, 2], requires_grad=True)),
    ("new_tensor_from_tensor", lambda T: xr(T).new_tensor(xr(T))),
    ("new_tensor_ndarray", lambda T: T.ones(1, dtype=T.float64).new_tensor(np.array([1, 2], np.int32))),
    ("new_tensor_error_overflow", lambda T: T.ones(1, dtype=T.uint8).new_tensor([300])),
    ("new_zeros", lambda T: T.ones(2, dtype=T.float64).new_zeros(2, 3)),
    ("new_zeros_tuple", lambda T: T.ones(2, dtype=T.float64).new_zeros((2, 3))),
    ("new_zeros_dtype", lambda T: T.ones(2, dtype=T.float64).new_zeros([2, 3], dtype=T.int32)),
    ("new_zeros_grad", lambda T: T.ones(2, dtype=T.float64).new_zeros(2, requires_grad=True)),
    ("new_zeros_error_negative", lambda T: x(T).new_zeros(-1)),
    ("new_ones", lambda T: T.ones(2, dtype=T.int8).new_ones(2)), ("new_ones_error_missing", lambda T: x(T).new_ones()),
    ("new_empty", lambda T: (lambda t: (t.shape, t.dtype))(T.ones(2, dtype=T.float64).new_empty(2, 3))),
    ("new_full", lambda T: T.ones(2, dtype=T.float64).new_full((2,), 3)),
    ("new_full_truncates", lambda T: T.ones(2, dtype=T.int64).new_full((2,), 3.5)),
    ("new_full_error_int_size", lambda T: x(T).new_full(2, 1.0)),
    ("new_full_error_overflow", lambda T: T.ones(2, dtype=T.uint8).new_full((2,), 300)),
    ("new_full_bool", lambda T: T.ones(2, dtype=T.bool).new_full((3,), 0)),
    ("fill_diagonal_square", lambda T: T.zeros(3, 3).fill_diagonal_(5)),
    ("fill_diagonal_wide", lambda T: T.zeros(3, 4).fill_diagonal_(5)),
    ("fill_diagonal_tall", lambda T: T.zeros(7, 3).fill_diagonal_(5)),
    ("fill_diagonal_tall_wrap", lambda T: T.zeros(7, 3).fill_diagonal_(5, wrap=True)),
    ("fill_diagonal_tall_wrap_4", lambda T: T.zeros(4, 3).fill_diagonal_(2, wrap=True)),
    ("fill_diagonal_cube", lambda T: T.zeros(2, 2, 2).fill_diagonal_(5)),
    ("fill_diagonal_int_value", lambda T: T.zeros(2, 2, dtype=T.int64).fill_diagonal_(2.7)),
    ("fill_diagonal_returns_self", lambda T: (lambda t: t.fill_diagonal_(1) is t)(T.zeros(2, 2))),
    ("fill_diagonal_error_shape", lambda T: T.zeros(2, 3, 2).fill_diagonal_(5)),
    ("fill_diagonal_error_1d", lambda T: T.zeros(3).fill_diagonal_(5)),
    ("fill_diagonal_error_leaf", lambda T: T.zeros(3, 3, requires_grad=True).fill_diagonal_(5)),
]:
    case(f"new_{cid}", fn)

# -- copying, pickling --------------------------------------------------------------------------------------------
for cid, fn in [
    ("deepcopy", lambda T: copy.deepcopy(xr(T))),
    ("deepcopy_independent", lambda T: (lambda t: (lambda c: run(lambda: c.data.add_(1), lambda: (t, c)))(
        copy.deepcopy(t)))(x(T))),
    ("deepcopy_grad", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2) * 3),
                                               lambda: copy.deepcopy(t).grad))(xr(T))),
    ("deepcopy_nonleaf_error", lambda T: copy.deepcopy(y(T))),
    ("deepcopy_keeps_views", lambda T: (lambda a: (lambda c: run(lambda: c[1].__setitem__(0, 7.0), lambda: c[0]))(
        copy.deepcopy([a, a[0:1]])))(T.ones(2))),
    ("deepcopy_view_alone", lambda T: (lambda v: (v, v.stride(), v.storage_offset()))(
        copy.deepcopy(T.arange(6.0)[2:4]))),
    ("deepcopy_int", lambda T: copy.deepcopy(T.tensor([1, 2], dtype=T.int16))),
    ("copy_shares", lambda T: (lambda t: (lambda c: run(lambda: c.__setitem__(0, 9.0), lambda: (t, c is t)))(
        copy.copy(t)))(x(T))),
    ("pickle", lambda T: pickle.loads(pickle.dumps(xr(T)))),
    ("pickle_nonleaf", lambda T: pickle.loads(pickle.dumps(y(T)))),
    ("pickle_drops_grad", lambda T: (lambda t: run(lambda: setattr(t, "grad", T.ones(2)),
                                                   lambda: pickle.loads(pickle.dumps(t)).grad))(xr(T))),
    ("pickle_keeps_views", lambda T: (lambda a: (lambda c: run(lambda: c[1].__setitem__(0, 7.0), lambda: c[0]))(
        pickle.loads(pickle.dumps([a, a[1:]]))))(T.zeros(3))),
    ("pickle_view", lambda T: (lambda v: (v, v.stride()))(
        pickle.loads(pickle.dumps(T.arange(12.0).view(3, 4).t()[1])))),
    ("pickle_dtypes", lambda T: pickle.loads(pickle.dumps([T.tensor([1], dtype=T.uint8), T.tensor([True]),
                                                           T.tensor(2.5, dtype=T.float16)]))),
    ("pickle_dtype", lambda T: pickle.loads(pickle.dumps(T.float64)) is T.float64),
]:
    case(f"copy_{cid}", fn)

# -- printing -------------------------------------------------------------------------------------------------------
for cid, fn in [
    ("leaf", lambda T: repr(xr(T))), ("grad_fn", lambda T: repr(y(T))), ("plain", lambda T: repr(x(T))),
    ("str", lambda T: str(y(T))), ("int", lambda T: repr(T.tensor([1, 2]))),
    ("int32", lambda T: repr(T.tensor([1, 2], dtype=T.int32))),
    ("f64", lambda T: repr(T.tensor([1.5], dtype=T.float64))),
    ("f64_grad", lambda T: repr(T.tensor([1.5], dtype=T.float64, requires_grad=True))),
    ("f16_grad_fn", lambda T: repr(T.tensor([1.5], dtype=T.float16, requires_grad=True) * 2)),
    ("0d", lambda T: repr(T.tensor(3.5))), ("0d_grad", lambda T: repr(T.tensor(3.5, requires_grad=True))),
    ("0d_grad_fn", lambda T: repr(T.tensor(3.5, requires_grad=True).sum())), ("bool", lambda T: repr(T.tensor([True]))),
    ("empty", lambda T: repr(T.zeros(0, 3))), ("empty_int", lambda T: repr(T.zeros(0, dtype=T.int64))),
    ("detached", lambda T: repr(y(T).detach())), ("no_grad_result", lambda T: repr(x(T) * 2)),
    ("clone", lambda T: repr(xr(T).clone())), ("to_dtype", lambda T: repr(xr(T).double())),
    ("default_f64", lambda T: with_default(T, "float64", lambda: (repr(T.tensor([1.5])), repr(T.tensor([1.5],
                                                                                                       dtype=T.float32))))),
    ("long_wrap_suffix", lambda T: repr(T.arange(7.0, dtype=T.float64).requires_grad_() * 1000.123)),
    ("list_of_tensors", lambda T: repr([T.tensor(1.0), T.tensor([2])])),
]:
    case(f"repr_{cid}", fn)

# -- torch.Tensor(...) and the legacy type constructors -----------------------------------------------------------
for cid, fn in [
    ("Tensor_list", lambda T: T.Tensor([1, 0])), ("Tensor_sizes", lambda T: T.Tensor(2, 3).shape),
    ("Tensor_size_object", lambda T: T.Tensor(T.Size([2, 3])).shape),
    ("Tensor_tuple_is_data", lambda T: T.Tensor((2, 3))),
    ("Tensor_empty", lambda T: T.Tensor()), ("Tensor_ndarray", lambda T: T.Tensor(np.array([1, 2]))),
    ("Tensor_ndarray_f32_shares", lambda T: (lambda a: (lambda t: run(lambda: a.__setitem__(0, 9.0), lambda: t))(
        T.Tensor(a)))(np.zeros(2, np.float32))),
    ("Tensor_nested", lambda T: T.Tensor([[1, 2], [3, 4]])), ("Tensor_range", lambda T: T.Tensor(range(3))),
    ("Tensor_np_scalars", lambda T: T.Tensor([np.float64(1), 2])), ("Tensor_zero_dim_items", lambda T: T.Tensor(
        [T.tensor(1.5), 2])),
    ("Tensor_int_tensor_alias", lambda T: T.Tensor(T.tensor([1, 2]))),
    ("Tensor_alias_shares", lambda T: (lambda s: (lambda t: run(lambda: s.add_(1), lambda: (t, t is s)))(
        T.Tensor(s)))(T.tensor([1.0, 2.0]))),
    ("Tensor_zero_dim_tensor", lambda T: T.Tensor(T.tensor(3))), ("Tensor_np_int_size", lambda T: T.Tensor(
        np.int64(2)).shape),
    ("Tensor_device_cpu", lambda T: T.Tensor([1.0], device="cpu")), ("Tensor_isinstance", lambda T: isinstance(
        T.Tensor([1]), T.Tensor)),
    ("Tensor_default_f64", lambda T: with_default(T, "float64", lambda: (T.Tensor([1]), T.Tensor(2).dtype))),
    ("Tensor_error_float", lambda T: T.Tensor(3.5)), ("Tensor_error_bool", lambda T: T.Tensor(True)),
    ("Tensor_error_ragged", lambda T: T.Tensor([[1, 2], [3]])), ("Tensor_error_str", lambda T: T.Tensor("a")),
    ("Tensor_error_size_str", lambda T: T.Tensor(2, "a")), ("Tensor_error_size_float", lambda T: T.Tensor(2, 3.5)),
    ("Tensor_error_negative", lambda T: T.Tensor(-1)), ("Tensor_error_cuda", lambda T: T.Tensor([1], device="cuda")),
    ("Tensor_error_tensor_device", lambda T: T.Tensor(T.tensor([1.0, 2.0]), device="cpu")),
    ("FloatTensor", lambda T: T.FloatTensor([1, 2])), ("FloatTensor_sizes", lambda T: T.FloatTensor(2, 3).shape),
    ("FloatTensor_tuple", lambda T: T.FloatTensor((2, 3))), ("FloatTensor_ndarray", lambda T: T.FloatTensor(
        np.array([1, 2]))),
    ("LongTensor", lambda T: T.LongTensor([1.5, 2])), ("IntTensor", lambda T: T.IntTensor([1.5, 2])),
    ("BoolTensor", lambda T: T.BoolTensor([1, 0])), ("BoolTensor_sizes", lambda T: T.BoolTensor(2).shape),
    ("ByteTensor", lambda T: T.ByteTensor([1, 0])), ("ByteTensor_wrap", lambda T: T.ByteTensor([-1])),
    ("ByteTensor_overflow", lambda T: T.ByteTensor([300])), ("HalfTensor", lambda T: T.HalfTensor([1, 0.1])),
    ("DoubleTensor", lambda T: T.DoubleTensor([1, 0.1])), ("ShortTensor", lambda T: T.ShortTensor([3])),
    ("CharTensor", lambda T: T.CharTensor([3])), ("LongTensor_empty", lambda T: T.LongTensor()),
    ("LongTensor_dtype", lambda T: T.LongTensor(2).dtype),
    ("LongTensor_alias", lambda T: T.LongTensor(T.tensor([1, 2]))),
    ("FloatTensor_error_other_dtype", lambda T: T.FloatTensor(T.tensor([1.0], dtype=T.float64))),
    ("FloatTensor_error_long", lambda T: T.FloatTensor(T.tensor([1, 2]))),
    ("FloatTensor_requires_grad_", lambda T: T.FloatTensor([1, 2]).requires_grad_()),
    ("isinstance_float", lambda T: (isinstance(T.zeros(2), T.FloatTensor), isinstance(T.zeros(2, dtype=T.float64),
                                                                                     T.FloatTensor))),
    ("isinstance_double", lambda T: isinstance(T.zeros(2, dtype=T.float64), T.DoubleTensor)),
    ("isinstance_long", lambda T: (isinstance(T.arange(2), T.LongTensor), isinstance(T.arange(2), T.IntTensor))),
    ("isinstance_bool_byte", lambda T: (isinstance(T.tensor([True]), T.BoolTensor),
                                        isinstance(T.tensor([1], dtype=T.uint8), T.ByteTensor))),
    ("isinstance_not_tensor", lambda T: isinstance(np.zeros(2, np.float32), T.FloatTensor)),
    ("legacy_is_tensor", lambda T: isinstance(T.FloatTensor([1]), T.Tensor)),
    ("legacy_type_of_instance", lambda T: type(T.FloatTensor([1])).__name__),
    ("legacy_repr", lambda T: (repr(T.FloatTensor), repr(T.LongTensor))),
    ("legacy_attrs", lambda T: (T.FloatTensor.dtype, T.LongTensor.dtype, T.FloatTensor.is_cuda,
                                T.BoolTensor.dtype, T.HalfTensor.dtype, T.ByteTensor.dtype)),
    ("legacy_not_subclass", lambda T: issubclass(T.FloatTensor, T.Tensor)),
    ("legacy_error_dtype_kw", lambda T: T.FloatTensor(2, dtype=T.float64)),
    ("legacy_error_requires_grad_kw", lambda T: T.Tensor(2, 3, requires_grad=True)),
    ("legacy_error_data_dtype_kw", lambda T: T.Tensor([1, 2], dtype=T.float64)),
]:
    case(f"legacy_{cid}", fn)

# -- Size ------------------------------------------------------------------------------------------------------------
for cid, fn in [
    ("repr", lambda T: repr(T.Size([2, 3]))), ("str", lambda T: str(T.zeros(2, 3).shape)),
    ("empty", lambda T: repr(T.Size())), ("numel", lambda T: T.Size([2, 3]).numel()),
    ("slice", lambda T: T.Size([2, 3, 4])[1:]), ("index", lambda T: T.Size([2, 3])[-1]),
    ("add", lambda T: T.Size([2, 3]) + (4,)), ("radd", lambda T: (4,) + T.Size([2, 3])),
    ("mul", lambda T: T.Size([2, 3]) * 2), ("eq_tuple", lambda T: T.Size([2, 3]) == (2, 3)),
    ("is_tuple", lambda T: isinstance(T.Size([2]), tuple)), ("from_np_ints", lambda T: T.Size([np.int64(2), 3])),
    ("unpack", lambda T: (lambda a, b: a * b)(*T.zeros(2, 3).shape)), ("pickle", lambda T: pickle.loads(
        pickle.dumps(T.Size([2, 3])))),
    ("error_float", lambda T: T.Size((2.5,))), ("error_str", lambda T: T.Size([2, "a"])),
]:
    case(f"size_{cid}", fn)


# learners' mistakes: an argument that is no Tensor (a list, an ndarray, a float) where torch's parser wants one
for cid, fn in [
    ("requires_grad_str", lambda T: T.ones(1).requires_grad_("a")),
    ("view_as_list", lambda T: T.ones(2).view_as([1, 2])), ("reshape_as_list", lambda T: T.ones(2).reshape_as([1, 2])),
    ("expand_as_list", lambda T: T.ones(2).expand_as([1, 2])), ("type_as_list", lambda T: T.ones(2).type_as([1])),
    ("equal_list", lambda T: T.ones(2).equal([1, 2])), ("exp_ndarray", lambda T: T.exp(np.ones(2))),
    ("sum_list", lambda T: T.sum([1.0, 2.0])), ("sigmoid_kw_list", lambda T: T.sigmoid(input=[1.0])),
    ("softmax_list", lambda T: T.softmax([1.0, 2.0], 0)), ("tanh_float", lambda T: T.tanh(2.0)),
    ("matmul_ndarray", lambda T: T.matmul(np.ones(2), T.ones(2))), ("clone_none", lambda T: T.clone(None)),
    ("parameter_list", lambda T: T.nn.Parameter([1.0, 2.0])),
    ("parameter_requires_grad_str", lambda T: T.nn.Parameter(T.ones(1), requires_grad="a")),
]:
    case(f"not_tensor_{cid}", fn)


globals().update(make_tests(FAMILY, CASES))


# -- behaviour outside the case table --------------------------------------------------------------------------
def test_matplotlib_plots_tensors():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    T = torchless_api()
    fig, ax = plt.subplots()
    (line,) = ax.plot(T.arange(4.0), T.tensor([1.0, 4.0, 9.0, 16.0]))
    assert line.get_ydata().tolist() == [1.0, 4.0, 9.0, 16.0]
    ax.scatter(T.tensor([1.0, 2.0]), T.tensor([3.0, 4.0]))
    ax.imshow(T.zeros(3, 3))
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        ax.plot(T.ones(3, requires_grad=True))
    plt.close(fig)


def test_make_stays_fast_path():
    """``Tensor._make`` wraps the array it is given (no copy) and infers the dtype."""
    T = torchless_api()
    arr = np.zeros(3, np.int16)
    t = T.Tensor._make(arr)
    assert t._data is arr and t.dtype is T.int16 and not t.requires_grad and t.grad_fn is None


def test_make_subclass_shares_memory():
    T = torchless_api()

    class Sub(T.Tensor):
        __slots__ = ()

    base = T.zeros(2)
    s = T.Tensor._make_subclass(Sub, base, True)
    assert type(s) is Sub and s.requires_grad and s._data is base._data and s._vc is base._vc


def test_subclass_legacy_constructor():
    T = torchless_api()

    class Sub(T.Tensor):
        __slots__ = ()

    s = Sub([1.0, 2.0])
    assert type(s) is Sub and s.tolist() == [1.0, 2.0] and s.dtype is T.float32


@pytest.mark.parametrize("convert", [float, complex])
def test_scalar_from_grad_tensor_warns_once(convert):
    from torchless import _tensor

    T = torchless_api()
    _tensor._scalar_grad_warned[0] = False
    with pytest.warns(UserWarning, match="Converting a tensor with requires_grad=True to a scalar may lead to") as rec:
        assert convert(T.tensor(3.0, requires_grad=True)) == 3.0
    assert rec[0].filename == __file__
    assert str(rec[0].message).endswith("\nConsider using tensor.detach() first.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        convert(T.tensor(3.0, requires_grad=True) * 2)
        int(T.tensor(3.0, requires_grad=True))  # int() never warns in torch


def test_warning_points_at_caller():
    T = torchless_api()
    t = T.ones(2, requires_grad=True) * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _ = t.grad
    assert caught and caught[0].filename == __file__
