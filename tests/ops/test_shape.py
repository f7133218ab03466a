"""Shape ops against torch: views and copies, grad_fn names, gradients, shared memory and version counters,
warnings and errors (cases from the table below; golden file tests/golden/ops/shape.json)."""

from __future__ import annotations

import warnings

import pytest

from .harness import Arr, Bool, Long, OpCase, make_tests

FAMILY = "shape"

S = [(2, 3)]
S3 = [(2, 3, 4)]


def err(f):
    """A case whose result is the exception torch raises ("Type: message"), or "no error"."""
    def fn(T, *args):
        try:
            f(T, *args)
        except Exception as e:  # noqa: BLE001 - the type is part of what is compared
            return f"{type(e).__name__}: {e}"
        return "no error"
    return fn


def warns(f):
    """A case whose result is f's result followed by the warnings it raised (without torch's C++ location)."""
    def fn(T, *args):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = f(T, *args)
        msgs = tuple(f"{w.category.__name__}: {str(w.message).split(' (Triggered internally')[0]}" for w in caught)
        return (out, *msgs)
    return fn


def version(t) -> int:
    """``t._version``: an int, as in torch."""
    assert type(t._version) is int
    return t._version


def shares(f):
    """Make a view with ``f``, then change the base in place: return the view (does it see the change?), whether
    it is the input itself, and the versions of base and view (shared counters move together)."""
    def fn(T, a):
        base = a.detach().clone()
        v = f(T, base)
        first = v[0] if isinstance(v, tuple) else v
        base.mul_(2)
        return (first, T.tensor(first is base), T.tensor([version(base), version(first)]))
    return fn


def writes_back(f):
    """Make a view with ``f``, change the view in place: return the base (did it change?) and both versions."""
    def fn(T, a):
        base = a.detach().clone()
        v = f(T, base)
        v.add_(100)
        return (base, T.tensor([version(base), version(v)]))
    return fn


# Views and reshapes ------------------------------------------------------------------------------------------

CASES = [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("view", lambda T, a: a.view(3, 2), S, {}),
    ("view_infer", lambda T, a: a.view(-1), S, {}),
    ("view_infer_middle", lambda T, a: a.view(2, -1, 2), S3, {}),
    ("view_tuple", lambda T, a: a.view((6, 1)), S, {}),
    ("view_size", lambda T, a: a.view(T.Size([3, 2])), S, {}),
    ("view_0dim_tensor_size", lambda T, a: a.view(T.tensor(3), 2), S, {}),
    ("view_same", lambda T, a: a.view(2, 3), S, {}),
    ("view_0dim", lambda T, a: a.view(1, 1), [()], {}),
    ("view_to_0dim", lambda T, a: a.view(()), [(1,)], {}),
    ("view_noncontig_viewable", lambda T, a: a.t().view(3, 1, 2), S, {}),
    ("view_noncontig_flat_dim", lambda T, a: a[:, :, :2].view(6, 2), S3, {}),
    ("view_as", lambda T, a, b: a.view_as(b), [(2, 3), (3, 2)], {"grad_inputs": (0,)}),
    ("view_dtype", lambda T, a: a.view(T.int32), S, {"grad": False}),
    ("reshape", lambda T, a: a.reshape(3, 2), S, {}),
    ("reshape_fn", lambda T, a: T.reshape(a, (-1,)), S, {}),
    ("reshape_same", lambda T, a: a.reshape(2, 3), S, {}),
    ("reshape_alias", lambda T, a: a.t().reshape(3, 1, 2), S, {}),
    ("reshape_alias_same", lambda T, a: a.t().reshape(3, 2), S, {}),
    ("reshape_copy", lambda T, a: a.t().reshape(6), S, {}),
    ("reshape_copy_2d", lambda T, a: a.permute(2, 0, 1).reshape(4, 6), S3, {}),
    ("reshape_as", lambda T, a, b: a.reshape_as(b), [(2, 3), (6,)], {"grad_inputs": (0,)}),
    ("reshape_0dim", lambda T, a: a.reshape(-1), [()], {}),
    ("reshape_empty", lambda T, a: a.reshape(3, 0), [(0, 3)], {"grad": False}),
    ("flatten", lambda T, a: a.flatten(), S3, {}),
    ("flatten_fn", lambda T, a: T.flatten(a, 1), S3, {}),
    ("flatten_range", lambda T, a: a.flatten(0, 1), S3, {}),
    ("flatten_negative", lambda T, a: a.flatten(-2, -1), S3, {}),
    ("flatten_noncontig", lambda T, a: a.transpose(0, 2).flatten(), S3, {}),
    ("flatten_same_dim", lambda T, a: a.flatten(1, 1), S3, {}),
    ("flatten_1d", lambda T, a: (a * 1).flatten(), [(4,)], {}),
    ("flatten_0dim", lambda T, a: a.flatten(), [()], {}),
    ("unflatten", lambda T, a: a.unflatten(1, (3, 1)), S, {}),
    ("unflatten_infer", lambda T, a: T.unflatten(a, -1, (2, -1)), S3, {}),
    ("unflatten_noncontig", lambda T, a: a.t().unflatten(1, (2, 1)), S, {}),
    ("contiguous", lambda T, a: a.t().contiguous(), S, {}),
    ("contiguous_already", lambda T, a: (a * 1).contiguous(), S, {}),
    ("expand", lambda T, a: a.expand(4, 3), [(1, 3)], {}),
    ("expand_new_dims", lambda T, a: a.expand(2, 2, 3), [(3,)], {}),
    ("expand_keep", lambda T, a: a.expand(2, -1, -1), [(1, 3, 1)], {}),
    ("expand_tuple", lambda T, a: a.expand((2, 3)), [(1, 3)], {}),
    ("expand_same", lambda T, a: a.expand(2, 3), S, {}),
    ("expand_0dim", lambda T, a: a.expand(2, 2), [()], {}),
    ("expand_zero", lambda T, a: a.expand(2, 0), [(2, 1)], {"grad": False}),
    ("expand_as", lambda T, a, b: a.expand_as(b), [(3, 1), (3, 4)], {"grad_inputs": (0,)}),
    ("broadcast_to", lambda T, a: T.broadcast_to(a, (2, 2, 3)), [(3,)], {}),
    ("broadcast_tensors", lambda T, a, b: T.broadcast_tensors(a, b)[1], [(2, 3), (3,)], {}),
    ("broadcast_tensors_same", lambda T, a, b: T.broadcast_tensors(a, b)[0], [(2, 3), (3,)], {}),
    ("broadcast_shapes", lambda T: tuple(T.broadcast_shapes((2, 1), (3,), 1)), [], {"grad": False}),
    ("sum_to_size", lambda T, a: a.sum_to_size(1, 3), S, {}),
    ("sum_to_size_drop", lambda T, a: a.sum_to_size(3), S, {}),
    ("sum_to_size_same", lambda T, a: a.sum_to_size(2, 3), S, {}),
]]

# Reordering dims -------------------------------------------------------------------------------------------

CASES += [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("permute", lambda T, a: a.permute(2, 0, 1), S3, {}),
    ("permute_tuple", lambda T, a: T.permute(a, (1, 0, 2)), S3, {}),
    ("permute_negative", lambda T, a: a.permute(-1, 0, -2), S3, {}),
    ("permute_identity", lambda T, a: a.permute(0, 1), S, {}),
    ("permute_0dim", lambda T, a: a.permute(()), [()], {}),
    ("transpose", lambda T, a: a.transpose(0, 2), S3, {}),
    ("transpose_fn", lambda T, a: T.transpose(a, -1, 0), S3, {}),
    ("transpose_same", lambda T, a: a.transpose(1, 1), S, {}),
    ("swapaxes", lambda T, a: T.swapaxes(a, 0, 1), S, {}),
    ("swapdims", lambda T, a: a.swapdims(1, 2), S3, {}),
    ("t", lambda T, a: a.t(), S, {}),
    ("t_fn", lambda T, a: T.t(a), S, {}),
    ("t_1d", lambda T, a: a.t(), [(3,)], {}),
    ("t_0dim", lambda T, a: a.t(), [()], {}),
    ("T_2d", warns(lambda T, a: a.T), S, {}),
    ("T_1d", lambda T, a: a.T, [(3,)], {}),  # torch warns once per process for other dims: see below
    ("T_3d", lambda T, a: a.T, S3, {}),
    ("T_0dim", lambda T, a: a.T, [()], {}),
    ("mT", lambda T, a: a.mT, S3, {}),
    ("mT_2d", lambda T, a: a.mT, S, {}),
    ("mH", lambda T, a: a.mH, S3, {}),
    ("H", lambda T, a: a.H, S, {}),
    ("adjoint", lambda T, a: T.adjoint(a), S3, {}),
    ("movedim", lambda T, a: a.movedim(0, -1), S3, {}),
    ("movedim_many", lambda T, a: T.movedim(a, (0, 1), (2, 0)), S3, {}),
    ("movedim_noop", lambda T, a: a.movedim(1, 1), S, {}),
    ("moveaxis", lambda T, a: T.moveaxis(a, -1, 0), S3, {}),
    ("unsqueeze", lambda T, a: a.unsqueeze(1), S, {}),
    ("unsqueeze_end", lambda T, a: T.unsqueeze(a, -1), S, {}),
    ("unsqueeze_0dim", lambda T, a: a.unsqueeze(0), [()], {}),
    ("squeeze_all", lambda T, a: a.squeeze(), [(2, 1, 3, 1)], {}),
    ("squeeze_dim", lambda T, a: a.squeeze(1), [(2, 1, 3, 1)], {}),
    ("squeeze_dim_not_one", lambda T, a: a.squeeze(0), [(2, 1, 3, 1)], {}),
    ("squeeze_dims", lambda T, a: a.squeeze((1, -1)), [(2, 1, 3, 1)], {}),
    ("squeeze_dims_list", lambda T, a: T.squeeze(a, [0, 1]), [(2, 1, 3, 1)], {}),
    ("squeeze_noop", lambda T, a: a.squeeze(), S, {}),
    ("squeeze_0dim", lambda T, a: a.squeeze(), [()], {}),
    ("squeeze_0dim_dim", lambda T, a: a.squeeze(0), [()], {}),
    ("squeeze_0dim_dims", lambda T, a: a.squeeze((0,)), [()], {}),
    ("squeeze_to_0dim", lambda T, a: a.squeeze(), [(1, 1)], {}),
]]

# Joining and splitting ---------------------------------------------------------------------------------------

CASES += [OpCase(name, fn, inputs, **kw) for name, fn, inputs, kw in [
    ("cat", lambda T, a, b: T.cat([a, b]), [(2, 3), (1, 3)], {}),
    ("cat_dim1", lambda T, a, b: T.cat((a, b), 1), [(2, 3), (2, 1)], {}),
    ("cat_negative_dim", lambda T, a, b: T.cat([a, b], dim=-1), [(2, 3), (2, 2)], {}),
    ("cat_three", lambda T, a, b, c: T.cat([a, b, c]), [(1, 2), (2, 2), (1, 2)], {}),
    ("cat_axis", lambda T, a, b: T.cat([a, b], axis=1), [(2, 3), (2, 1)], {}),
    ("concat", lambda T, a, b: T.concat([a, b]), [(2, 3), (1, 3)], {}),
    ("concatenate_axis", lambda T, a, b: T.concatenate([a, b], axis=1), [(2, 3), (2, 1)], {}),
    ("cat_one", lambda T, a: T.cat([a]), S, {}),
    ("cat_skips_1d_empty", lambda T, a, e: T.cat([a, e, a]), [(2, 3), Arr([], "float")], {"grad_inputs": (0,)}),
    ("cat_empty_first", lambda T, e, a: T.cat([e, a]), [Arr([], "float"), (2, 3)], {"grad_inputs": (1,)}),
    ("cat_all_empty", lambda T, e: T.cat([e, e]), [Arr([], "float")], {"grad": False}),
    ("cat_zero_size", lambda T, a, b: T.cat([a, b], 1), [(2, 0), (2, 3)], {"grad": False}),
    ("cat_promotes", lambda T, a, i: T.cat([a, i.reshape(1, 3)]), [(2, 3), Long((3,), 5)], {}),
    ("cat_promotes_float64", lambda T, a, b: T.cat([a, b.double()]), [(2, 3), (1, 3)], {}),
    ("cat_int_bool", lambda T, i, m: T.cat([i, m]), [Long((2,), 5), Bool((3,))], {"grad": False}),
    ("cat_half_int", lambda T, i: T.cat([T.ones(2, dtype=T.float16), i]), [Long((2,), 5)], {"grad": False}),
    ("stack", lambda T, a, b: T.stack([a, b]), [(2, 3), (2, 3)], {}),
    ("stack_dim1", lambda T, a, b: T.stack((a, b), 1), [(2, 3), (2, 3)], {}),
    ("stack_last", lambda T, a, b: T.stack([a, b], dim=-1), [(2, 3), (2, 3)], {}),
    ("stack_0dim", lambda T, a, b: T.stack([a, b]), [(), ()], {}),
    ("stack_promotes", lambda T, a, i: T.stack([a, i]), [(3,), Long((3,), 5)], {}),
    ("hstack", lambda T, a, b: T.hstack([a, b]), [(2, 3), (2, 1)], {}),
    ("hstack_1d", lambda T, a, b: T.hstack([a, b]), [(3,), (2,)], {}),
    ("hstack_0dim", lambda T, a, b: T.hstack([a, b]), [(), (2,)], {}),
    ("vstack", lambda T, a, b: T.vstack([a, b]), [(2, 3), (3,)], {}),
    ("vstack_0dim", lambda T, a, b: T.vstack([a, b]), [(), ()], {}),
    ("row_stack", lambda T, a, b: T.row_stack([a, b]), [(3,), (3,)], {}),
    ("dstack", lambda T, a, b: T.dstack([a, b]), [(2, 3), (2, 3)], {}),
    ("dstack_mixed", lambda T, a, b: T.dstack([a, b]), [(2, 3, 2), (2, 3)], {}),
    ("dstack_1d", lambda T, a, b: T.dstack([a, b]), [(3,), (3,)], {}),
    ("column_stack", lambda T, a, b: T.column_stack([a, b]), [(3,), (3, 2)], {}),
    ("column_stack_0dim", lambda T, a, b: T.column_stack([a, b]), [(), (1, 2)], {}),
    ("atleast_1d", lambda T, a: T.atleast_1d(a), [()], {}),
    ("atleast_2d", lambda T, a: T.atleast_2d(a), [(3,)], {}),
    ("atleast_3d", lambda T, a: T.atleast_3d(a), S, {}),
    ("atleast_3d_1d", lambda T, a: T.atleast_3d(a), [(3,)], {}),
    ("atleast_many", lambda T, a, b: T.atleast_2d(a, b), [(), (3,)], {}),
    ("atleast_list", lambda T, a, b: T.atleast_1d([a, b]), [(), (3,)], {}),
    ("split", lambda T, a: a.split(2), [(5, 2)], {}),
    ("split_last_piece", lambda T, a: T.split(a, 2)[2], [(5, 2)], {}),
    ("split_dim", lambda T, a: a.split(1, dim=1), S, {}),
    ("split_sizes", lambda T, a: a.split([1, 2], 1), S, {}),
    ("split_sizes_second", lambda T, a: a.split((1, 2), 1)[1], S, {}),
    ("split_with_sizes", lambda T, a: a.split_with_sizes([2, 1]), [(3, 2)], {}),
    ("split_bigger", lambda T, a: a.split(4), S, {}),
    ("split_zero_size", lambda T, a: a.split(0), [(0, 3)], {"grad": False}),
    ("split_empty_dim", lambda T, a: a.split(2), [(0, 3)], {"grad": False}),
    ("chunk", lambda T, a: a.chunk(2, 1), S, {}),
    ("chunk_uneven", lambda T, a: T.chunk(a, 3)[2], [(5, 2)], {}),
    ("chunk_fewer", lambda T, a: a.chunk(4), [(6, 1)], {}),
    ("chunk_more_than_size", lambda T, a: a.chunk(5, 1), S, {}),
    ("tensor_split_sections", lambda T, a: a.tensor_split(3, 1), [(2, 5)], {}),
    ("tensor_split_uneven", lambda T, a: T.tensor_split(a, 2)[1], [(5, 2)], {}),
    ("tensor_split_indices", lambda T, a: a.tensor_split([1, 3], 1), [(2, 5)], {}),
    ("tensor_split_unsorted", lambda T, a: T.tensor_split(a, (3, 1, 4)), [(5,)], {}),
    ("tensor_split_beyond", lambda T, a: a.tensor_split([1, 9]), [(5,)], {}),
    ("tensor_split_negative", lambda T, a: a.tensor_split((-1,)), [(5,)], {}),
    ("tensor_split_tensor", lambda T, a: a.tensor_split(T.tensor([1, 2])), [(5,)], {}),
    ("tensor_split_0dim_tensor", lambda T, a: a.tensor_split(T.tensor(2)), [(5,)], {}),
    ("unbind", lambda T, a: a.unbind(), S, {}),
    ("unbind_dim", lambda T, a: T.unbind(a, -1)[1], S, {}),
    ("iterate", lambda T, a: tuple(a), S, {}),
    ("narrow", lambda T, a: a.narrow(1, 1, 2), S, {}),
    ("narrow_fn", lambda T, a: T.narrow(a, 0, 1, 1), S, {}),
    ("narrow_negative_start", lambda T, a: a.narrow(-1, -2, 2), S, {}),
    ("narrow_tensor_start", lambda T, a: a.narrow(1, T.tensor(1), 2), S, {}),
    ("narrow_empty", lambda T, a: a.narrow(0, 2, 0), S, {"grad": False}),
    ("select", lambda T, a: a.select(1, 0), S, {}),
    ("select_fn_negative", lambda T, a: T.select(a, -1, -1), S3, {}),
    ("int_ops", lambda T, i: (i.view(3, 2), i.t(), i.flatten(), i.unsqueeze(0), T.cat([i, i]), T.stack([i, i]),
                              i.split(1), i.unbind(1), i.expand(2, 2, 3), i.movedim(0, 1)), [Long((2, 3), 9)],
     {"grad": False}),
    ("bool_ops", lambda T, m: (m.view(-1), m.t(), T.cat([m, m], 1), T.hstack([m, m]), m.chunk(2)),
     [Bool((2, 3))], {"grad": False}),
    ("chain", lambda T, a: a.permute(2, 0, 1).reshape(4, 6).t().unsqueeze(0).expand(2, 6, 4).flatten(0, 1),
     S3, {}),
    ("chain_split_cat", lambda T, a: T.cat(a.split([1, 2], 1)[::-1], 1).t(), S, {}),
]]

# Views share memory and the version counter with their base -------------------------------------------------

VIEWS = [("view", lambda T, a: a.view(3, 2)), ("reshape_view", lambda T, a: a.reshape(6)),
         ("reshape_alias", lambda T, a: a.t().reshape(3, 1, 2)), ("reshape_copy", lambda T, a: a.t().reshape(6)),
         ("t", lambda T, a: a.t()), ("T", lambda T, a: a.T), ("mT", lambda T, a: a.mT),
         ("permute", lambda T, a: a.permute(1, 0)), ("transpose", lambda T, a: a.transpose(0, 1)),
         ("unsqueeze", lambda T, a: a.unsqueeze(0)), ("squeeze", lambda T, a: a.unsqueeze(0).squeeze(0)),
         ("flatten", lambda T, a: a.flatten()), ("flatten_same", lambda T, a: a.flatten(1, 1)),
         ("unflatten", lambda T, a: a.unflatten(1, (3, 1))), ("expand", lambda T, a: a.expand(2, 2, 3)),
         ("narrow", lambda T, a: a.narrow(1, 1, 2)), ("select", lambda T, a: a.select(1, 2)),
         ("split", lambda T, a: a.split(1, 1)), ("split_sizes", lambda T, a: a.split([2, 1], 1)),
         ("chunk", lambda T, a: a.chunk(2, 1)), ("tensor_split", lambda T, a: a.tensor_split(2, 1)),
         ("unbind", lambda T, a: a.unbind(1)), ("movedim", lambda T, a: a.movedim(0, 1)),
         ("contiguous", lambda T, a: a.contiguous()), ("contiguous_copy", lambda T, a: a.t().contiguous()),
         ("broadcast_tensors", lambda T, a: T.broadcast_tensors(a, a[0])), ("cat", lambda T, a: T.cat([a, a])),
         ("stack", lambda T, a: T.stack([a])), ("atleast_3d", lambda T, a: T.atleast_3d(a))]
CASES += [OpCase(f"shares_{name}", shares(fn), S, grad=False) for name, fn in VIEWS]
CASES += [OpCase(f"writes_back_{name}", writes_back(fn), S, grad=False) for name, fn in [
    ("view", lambda T, a: a.view(6)), ("t", lambda T, a: a.t()), ("select", lambda T, a: a.select(0, 1)),
    ("narrow", lambda T, a: a.narrow(1, 0, 2)), ("unbind", lambda T, a: a.unbind(0)[1]),
    ("split", lambda T, a: a.split(1)[0]), ("reshape_copy", lambda T, a: a.t().reshape(6)),
    ("permute", lambda T, a: a.permute(1, 0)), ("unsqueeze", lambda T, a: a.unsqueeze(-1)),
]]
CASES += [
    OpCase("contiguity", lambda T, a: T.tensor([a.is_contiguous(), a.t().is_contiguous(), a.t().contiguous()
                                                .is_contiguous(), a.unsqueeze(1).is_contiguous(),
                                                a[:, 1:].is_contiguous(), a.expand(2, 2, 3).is_contiguous()]),
           S, grad=False),
    OpCase("strides", lambda T, a: (T.tensor(a.stride()), T.tensor(a.t().stride()), T.tensor(a.narrow(1, 1, 2)
                                                                                             .stride()),
                                    T.tensor(a.expand(4, 2, 3).stride()), T.tensor(a.select(1, 1).stride()),
                                    T.tensor(a.permute(1, 0).stride())), S, grad=False),
    OpCase("view_of_view_base", lambda T, a: T.tensor([a.view(6).view(2, 3)._base is a, a.t().t()._base is a]),
           S, grad=False),
]

# Errors --------------------------------------------------------------------------------------------------

_x = lambda T: T.ones(2, 3)  # noqa: E731
CASES += [OpCase(f"error_{name}", err(fn), [], grad=False) for name, fn in [
    ("view_noncontig", lambda T: _x(T).t().view(6)), ("view_noncontig_3d", lambda T: T.ones(4, 1, 3)[:, :, :2].view(8)),
    ("view_size", lambda T: _x(T).view(4, 2)), ("view_two_infer", lambda T: _x(T).view(-1, -1)),
    ("view_negative", lambda T: _x(T).view(-2, 3)), ("view_zero_infer", lambda T: _x(T).view(0, -1)),
    ("view_empty_infer", lambda T: T.ones(0, 3).view(0, -1)), ("view_float_size", lambda T: _x(T).view(2.0, 3)),
    ("reshape_size", lambda T: _x(T).reshape(5)), ("reshape_empty_infer", lambda T: T.ones(0, 3).reshape(-1, 0)),
    ("reshape_float_size", lambda T: _x(T).reshape(2.0, 3)),
    ("flatten_order", lambda T: _x(T).flatten(1, 0)), ("flatten_dim", lambda T: _x(T).flatten(2)),
    ("unflatten_sizes", lambda T: _x(T).unflatten(1, (2, 2))), ("unflatten_empty", lambda T: _x(T).unflatten(1, ())),
    ("unflatten_infer", lambda T: _x(T).unflatten(1, (-1, 2))), ("unflatten_dim", lambda T: _x(T).unflatten(2, (3,))),
    ("expand_fewer", lambda T: _x(T).expand(3)), ("expand_fewer_long", lambda T: _x(T).long().expand(3)),
    ("expand_mismatch", lambda T: _x(T).expand(4, 3)), ("expand_keep_leading", lambda T: _x(T).expand(-1, 2, 3)),
    ("expand_negative", lambda T: _x(T).expand(2, -2)), ("expand_float", lambda T: _x(T).expand(2.0, 3)),
    ("permute_count", lambda T: _x(T).permute(0)), ("permute_dup", lambda T: _x(T).permute(0, 0)),
    ("permute_range", lambda T: _x(T).permute(0, 5)), ("transpose_range", lambda T: _x(T).transpose(0, 2)),
    ("t_3d", lambda T: T.ones(2, 3, 4).t()), ("mT_1d", lambda T: T.ones(3).mT), ("mH_1d", lambda T: T.ones(3).mH),
    ("H_1d", lambda T: T.ones(3).H), ("H_3d", lambda T: T.ones(2, 3, 4).H),
    ("unsqueeze_range", lambda T: _x(T).unsqueeze(3)), ("unsqueeze_range_neg", lambda T: _x(T).unsqueeze(-4)),
    ("squeeze_range", lambda T: _x(T).squeeze(2)), ("squeeze_dup", lambda T: _x(T).squeeze((0, 0))),
    ("squeeze_0dim_range", lambda T: T.tensor(2.0).squeeze(1)), ("squeeze_0dim_dup", lambda T: T.tensor(
        2.0).squeeze((0, -1))),
    ("movedim_repeat_src", lambda T: T.ones(1, 2, 3).movedim((0, 0), (2, 1))),
    ("movedim_repeat_dst", lambda T: _x(T).movedim((0, 1), (1, 1))),
    ("movedim_count", lambda T: _x(T).movedim((0,), (1, 0))), ("movedim_range", lambda T: _x(T).movedim(0, 2)),
    ("cat_empty", lambda T: T.cat([])), ("cat_tensor", lambda T: T.cat(_x(T))),
    ("cat_ndim", lambda T: T.cat([_x(T), T.ones(2)])), ("cat_sizes", lambda T: T.cat([_x(T), T.ones(3, 2)])),
    ("cat_sizes_dim1", lambda T: T.cat([_x(T), T.ones(3, 2)], 1)), ("cat_dim", lambda T: T.cat([_x(T), _x(T)], 2)),
    ("cat_not_tensor", lambda T: T.cat([_x(T), 1])), ("cat_0dim", lambda T: T.cat([T.tensor(1.0), T.tensor(1.0)])),
    ("cat_0dim_after_empty", lambda T: T.cat([T.ones(0), T.tensor(1.0)])),
    ("cat_zero_size_mismatch", lambda T: T.cat([T.ones(2, 0), _x(T)])),
    ("stack_empty", lambda T: T.stack([])), ("stack_sizes", lambda T: T.stack([_x(T), T.ones(3, 2)])),
    ("stack_dim", lambda T: T.stack([_x(T), _x(T)], 3)), ("stack_tensor", lambda T: T.stack(_x(T))),
    ("stack_not_tensor", lambda T: T.stack([_x(T), 1])), ("hstack_empty", lambda T: T.hstack([])),
    ("vstack_empty", lambda T: T.vstack([])), ("dstack_tensor", lambda T: T.dstack(T.ones(2))),
    ("hstack_ndim", lambda T: T.hstack([_x(T), T.ones(3)])),
    ("column_stack_sizes", lambda T: T.column_stack([_x(T), T.ones(3)])),
    ("vstack_sizes", lambda T: T.vstack([_x(T), T.ones(2)])),
    ("split_negative", lambda T: _x(T).split(-1)), ("split_zero", lambda T: _x(T).split(0)),
    ("split_sum", lambda T: _x(T).split([1, 2])), ("split_negative_size", lambda T: _x(T).split([1, -1, 2], 1)),
    ("split_dim", lambda T: _x(T).split(1, 2)), ("chunk_zero", lambda T: _x(T).chunk(0)),
    ("chunk_negative", lambda T: _x(T).chunk(-1)), ("tensor_split_zero", lambda T: _x(T).tensor_split(0, 1)),
    ("tensor_split_float", lambda T: _x(T).tensor_split(T.tensor([1.5]))),
    ("tensor_split_2d", lambda T: _x(T).tensor_split(T.tensor([[1]]))),
    ("unbind_0dim", lambda T: T.tensor(2.0).unbind()), ("unbind_dim", lambda T: _x(T).unbind(2)),
    ("narrow_length", lambda T: _x(T).narrow(0, 1, 2)), ("narrow_start", lambda T: _x(T).narrow(0, -3, 1)),
    ("narrow_start_high", lambda T: _x(T).narrow(0, 3, 0)), ("narrow_negative_length", lambda T: _x(T).narrow(0, 0,
                                                                                                            -1)),
    ("narrow_0dim", lambda T: T.tensor(1.0).narrow(0, 0, 1)), ("narrow_tensor_start", lambda T: _x(T).narrow(
        1, T.tensor([1]), 2)),
    ("select_index", lambda T: _x(T).select(1, 3)), ("select_negative", lambda T: _x(T).select(0, -3)),
    ("select_0dim", lambda T: T.tensor(2.0).select(0, 0)), ("select_bool", lambda T: _x(T).select(1, True)),
    ("select_dim", lambda T: _x(T).select(2, 0)),
    ("sum_to_size", lambda T: _x(T).sum_to_size(2, 2)),
    ("broadcast_shapes", lambda T: T.broadcast_shapes((2, 3), (4, 3))),
    ("broadcast_tensors", lambda T: T.broadcast_tensors(_x(T), T.ones(4, 3))),
]]

globals().update(make_tests(FAMILY, CASES))


@pytest.mark.parametrize("shape, message", [
    ((3,), "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will "
           "throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
           "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor."),
    ((2, 3, 4), "The use of `x.T` on tensors of dimension other than 2"),
    ((), "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases."),
])
def test_T_deprecation_warning(shape, message):
    """torch warns (once per process, so it is not compared live) when ``.T`` is used on tensors that are not 2-D;
    the messages are torch 2.13's."""
    import torchless

    with pytest.warns(UserWarning) as caught:
        out = torchless.ones(shape).T
    assert str(caught[0].message).startswith(message)
    assert out.shape == tuple(reversed(shape))
