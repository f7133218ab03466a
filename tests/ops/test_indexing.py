"""Indexing (``x[i]``, ``x[i] = v``, index_select) against torch: a table of cases, error messages, and
hypothesis tests with random index combinations compared with live torch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless

from .harness import Bool, Long, OpCase, make_tests
from .harness import _torch as torch

FAMILY = "indexing"
pytestmark = pytest.mark.filterwarnings("ignore:indexing with dtype torch.uint8:UserWarning")
M = [(3, 4)]
C3 = [(2, 3, 4)]


def _err(fn):
    """The exception a call raises, as ``'Type: message'`` (torch's C++ trailer removed)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any exception is the result being compared
        return f"{type(e).__name__}: {str(e).split(' (Triggered internally')[0]}"
    return "no error"


def _quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


def _set(idx, value=None):
    """``b = a * 1; b[idx] = v; return b`` (``v`` the second input, or a constant)."""
    def fn(T, a, *v):
        b = a * 1
        b[idx(T) if callable(idx) else idx] = v[0] if v else value
        return b
    return fn


# gradgradcheck of an empty output trips gradcheck's stride-0 check (NumPy gives empty arrays zero strides);
# enable once autograd/gradcheck.py skips empty inputs there.
EMPTY_GRADGRAD = False

CASES = [
    # basic indices: views, named after the last step
    OpCase("int", lambda T, a: a[1], M),
    OpCase("neg_int", lambda T, a: a[-1], M),
    OpCase("int_int", lambda T, a: a[1, 2], M),
    OpCase("int3", lambda T, a: a[1, 2, 3], C3),
    OpCase("slice", lambda T, a: a[1:], M),
    OpCase("slice_step", lambda T, a: a[:, ::2], M),
    OpCase("slice_neg", lambda T, a: a[:, -3:-1], M),
    OpCase("slice_out_of_range", lambda T, a: a[1:100], M),
    OpCase("slice_empty", lambda T, a: a[5:], M, gradgrad=EMPTY_GRADGRAD),
    OpCase("full_slice", lambda T, a: a[:], M),
    OpCase("full_slice_tuple", lambda T, a: a[:, :], M),
    OpCase("full_slice_stop_tuple", lambda T, a: a[0:3, 0:100], M),
    OpCase("none", lambda T, a: a[None], M),
    OpCase("none_last", lambda T, a: a[..., None], M),
    OpCase("ellipsis", lambda T, a: a[...], M),
    OpCase("empty_tuple", lambda T, a: a[()], M),
    OpCase("ellipsis_int", lambda T, a: a[..., 0], C3),
    OpCase("none_mid_int", lambda T, a: a[:, None, 0], C3),
    OpCase("two_ellipses", lambda T, a: a[..., 1, ...], C3),
    OpCase("chain", lambda T, a: a[1:][0][None], C3),
    OpCase("nonleaf", lambda T, a: (a * 2)[0, 1:], M),
    OpCase("zero_dim_tensor_index", lambda T, a: a[T.tensor(1)], M),
    OpCase("zero_dim_tensors", lambda T, a: a[T.tensor(1), T.tensor(2)], M),
    OpCase("scalar_from_vector", lambda T, a: a[2], [(4,)]),
    # advanced indices: one IndexBackward0 after the basic part
    OpCase("mask", lambda T, a, m: a[m], [(3, 4), Bool((3, 4))]),
    OpCase("mask_rows", lambda T, a, m: a[m], [(3, 4), Bool((3,))]),
    OpCase("mask_cols", lambda T, a, m: a[:, m], [(3, 4), Bool((4,))]),
    OpCase("mask_2d_of_3d", lambda T, a, m: a[m], [(2, 3, 4), Bool((2, 3))]),
    OpCase("mask_then_int", lambda T, a, m: a[m, 0], [(2, 3, 4), Bool((2, 3))]),
    OpCase("mask_from_values", lambda T, a: a[a > 0], M),
    OpCase("long_tensor", lambda T, a, i: a[i], [(3, 4), Long((5,), 3)]),
    OpCase("long_tensor_2d", lambda T, a, i: a[i], [(3, 4), Long((2, 2), 3)]),
    OpCase("int32_tensor", lambda T, a: a[T.tensor([2, 0], dtype=T.int32)], M),
    OpCase("list", lambda T, a: a[[0, 2, 0]], M),
    OpCase("list_negative", lambda T, a: a[[-1, 0]], M),
    OpCase("list_of_bools", lambda T, a: a[[True, False, True]], M),
    OpCase("list_of_floats", lambda T, a: a[[1.7, 0.2]], M),
    OpCase("empty_list", lambda T, a: a[[]], M, gradgrad=EMPTY_GRADGRAD),
    OpCase("nested_list", lambda T, a: _quiet(lambda: a[[[0, 1], [2, 2]]]), M, grad=False),
    OpCase("tuple_of_lists", lambda T, a: a[[0, 1], [1, 3]], M),
    OpCase("list_as_tuple", lambda T, a: _quiet(lambda: a[[[0, 1], [2, 2]]]), M),
    OpCase("list_of_tensors_as_tuple", lambda T, a: _quiet(lambda: a[[T.tensor(1), T.tensor(0)]]), M),
    OpCase("slice_then_list", lambda T, a: a[:, [0, 2]], M),
    OpCase("int_then_list", lambda T, a: a[0, :, [1, 2]], C3),
    OpCase("list_then_int", lambda T, a: a[[1, 0], :, 2], C3),
    OpCase("separated_lists", lambda T, a: a[[0, 1], :, [1, 2]], C3),
    OpCase("adjacent_lists", lambda T, a: a[:, [0, 2], [1, 3]], C3),
    OpCase("broadcast_indices", lambda T, a, i, j: a[i, j], [(3, 4), Long((2, 1), 3), Long((3,), 4)]),
    OpCase("none_between_lists", lambda T, a: a[None, [0, 1], None, [0, 2]], C3),
    OpCase("list_slice_list", lambda T, a: a[T.tensor([[0, 1]]), 1:, T.tensor([[0], [1]])], C3),
    OpCase("true", lambda T, a: a[True], M),
    OpCase("false", lambda T, a: a[False], M, gradgrad=EMPTY_GRADGRAD),
    OpCase("true_in_tuple", lambda T, a: a[:, True], M),
    OpCase("false_in_tuple", lambda T, a: a[False, 0], M, gradgrad=EMPTY_GRADGRAD),
    OpCase("bool_tensor_scalar", lambda T, a: a[T.tensor(True), 1], M),
    OpCase("uint8_mask", lambda T, a: _quiet(lambda: a[T.tensor([1, 0, 1], dtype=T.uint8)]), M),
    OpCase("repeated_index_grad", lambda T, a: a[[1, 1, 1, 0]], M),
    # x[idx] = v on a non-leaf: CopySlices, IndexPutBackward0, FillBackward3, CopyBackwards
    OpCase("set_int_scalar", _set(0, 5.0), M),
    OpCase("set_row", _set(1), [(3, 4), (4,)]),
    OpCase("set_col_broadcast", _set((slice(None), 0)), [(3, 4), (1,)]),
    OpCase("set_slice_step", _set((slice(1, None), slice(None, None, 2))), [(3, 4), (2, 2)]),
    OpCase("set_leading_ones", _set(0), [(3, 4), (1, 1, 4)]),
    OpCase("set_list", _set([0, 2]), [(3, 4), (4,)]),
    OpCase("set_list_value_2d", _set([2, 0]), [(3, 4), (2, 4)]),
    OpCase("set_mask_scalar", lambda T, a, m: _set(m, 0.0)(T, a), [(3, 4), Bool((3, 4))]),
    OpCase("set_mask_rows", lambda T, a, v: _set(lambda T: T.tensor([True, False, True]))(T, a, v), [(3, 4), (4,)]),
    OpCase("set_int_then_list", _set((0, [1, 3])), [(3, 4), (2,)]),
    OpCase("set_point", _set((1, 2)), [(3, 4), ()]),
    OpCase("set_ellipsis_scalar", _set(Ellipsis, 1.5), M),
    OpCase("set_ellipsis_tensor", _set(Ellipsis), [(3, 4), (4,)]),
    OpCase("set_full_slices", _set((slice(None), slice(None))), [(3, 4), (3, 4)]),
    OpCase("set_zero_dim_value", _set(Ellipsis), [(3, 4), ()]),
    OpCase("set_none", _set(None, 2.0), M),
    OpCase("set_true", _set(True), [(3, 4), (4,)]),
    OpCase("set_false", _set(False, 2.0), M),
    OpCase("set_into_constant", lambda T, v: _set_into_zeros(T, v), [(4,)]),
    OpCase("set_int_tensor_float_value", lambda T: _set_int(T), [], grad=False),
    OpCase("set_uint8_negative", lambda T: _set_value(T.zeros(2, dtype=T.uint8), 0, -1), [], grad=False),
    OpCase("set_bool_number", lambda T: _set_value(T.zeros(2, dtype=T.bool), [1], 5), [], grad=False),
    # index_put
    OpCase("index_put", lambda T, a, v: a.index_put((T.tensor([0, 2]),), v), [(3, 4), (4,)]),
    OpCase("index_put_two_indices", lambda T, a, v: T.index_put(a, (T.tensor([0, 2]), T.tensor([3, 1])), v),
           [(3, 4), (2,)]),
    OpCase("index_put_accumulate", lambda T, a, v: a.index_put((T.tensor([0, 0]), T.tensor([1, 1])), v, True),
           [(3, 4), (2,)]),
    OpCase("index_put_accumulate_broadcast", lambda T, a, v: a.index_put([T.tensor([2, 2, 0])], v, accumulate=True),
           [(3, 4), (4,)]),
    OpCase("index_put_mask", lambda T, a, v: a.index_put((T.tensor([True, False, True]),), v), [(3, 4), ()]),
    OpCase("index_put_inplace", lambda T, a, v: (a * 1).index_put_((T.tensor([1]),), v), [(3, 4), (1, 4)]),
    # index_select
    OpCase("index_select", lambda T, a, i: a.index_select(0, i), [(3, 4), Long((5,), 3)]),
    OpCase("index_select_dim1", lambda T, a, i: T.index_select(a, 1, i), [(3, 4), Long((2,), 4)]),
    OpCase("index_select_neg_dim", lambda T, a: a.index_select(-1, T.tensor([3, 0, 3])), M),
    OpCase("index_select_int32", lambda T, a: a.index_select(0, T.tensor([2], dtype=T.int32)), M),
    OpCase("index_select_0d_index", lambda T, a: a.index_select(0, T.tensor(1)), M),
    OpCase("index_select_0d_input", lambda T, a: a.index_select(0, T.tensor([0])), [()]),
]


def _set_into_zeros(T, v):
    b = T.zeros(3, 4, dtype=v.dtype)
    b[1] = v
    b[[0, 2], 1:3] = v[:2]
    return b


def _set_int(T):
    b = T.arange(4)
    b[0] = 2.7
    b[1:3] = T.tensor(9.9)
    b[T.tensor([3])] = T.tensor([7])
    return b


ERRORS = {
    "err_out_of_bounds": lambda T: T.zeros(2, 3)[2],
    "err_neg_out_of_bounds": lambda T: T.zeros(2, 3)[-3],
    "err_out_of_bounds_dim1": lambda T: T.zeros(2, 3)[0, 3],
    "err_out_of_bounds_item_position": lambda T: T.zeros(2, 3, 4)[..., 5],
    "err_out_of_bounds_after_none": lambda T: T.zeros(2, 3)[None, :, 4],
    "err_too_many": lambda T: T.zeros(2, 3)[0, 0, 0],
    "err_too_many_tuple_0d": lambda T: T.tensor(5.0)[0,],
    "err_0d_int": lambda T: T.tensor(5.0)[0],
    "err_0d_int_1": lambda T: T.tensor(5.0)[1],
    "err_0d_slice": lambda T: T.tensor(5.0)[:],
    "err_float_index": lambda T: T.zeros(2, 3)[1.0],
    "err_float_tensor_index": lambda T: T.zeros(2, 3)[T.tensor([1.0])],
    "err_float_0d_tensor_index": lambda T: T.zeros(2, 3)[T.tensor(1.0)],
    "err_int16_tensor_index": lambda T: T.zeros(2, 3)[T.tensor([1], dtype=T.int16)],
    "err_set_index": lambda T: T.zeros(2, 3)[{1}],
    "err_str_index": lambda T: _quiet(lambda: T.zeros(2, 3)["a"]),
    "err_negative_step": lambda T: T.zeros(2, 3)[::-1],
    "err_zero_step": lambda T: T.zeros(2, 3)[::0],
    "err_float_slice": lambda T: T.zeros(2, 3)[0.5:],
    "err_tensor_oob": lambda T: T.zeros(2, 3)[T.tensor([2])],
    "err_list_oob": lambda T: T.zeros(2, 3)[[0, 5]],
    "err_list_negative_oob": lambda T: T.zeros(2, 3)[[-3]],
    "err_list_oob_second_index": lambda T: T.zeros(2, 3)[[0, 1], [0, 5]],
    "err_list_oob_reports_position": lambda T: T.zeros(2, 3, 4)[:, :, [5]],
    "err_list_oob_first_element": lambda T: T.zeros(2, 3)[[0, 5], [7, 0]],
    "err_broadcast": lambda T: T.zeros(2, 3)[[0, 1], [0, 1, 2]],
    "err_mask_shape": lambda T: T.zeros(2, 3)[T.tensor([True, False, True])],
    "err_mask_shape_2d": lambda T: T.zeros(2, 3, 4)[T.ones(2, 2, dtype=T.bool)],
    "err_mask_list": lambda T: T.zeros(2, 3)[[True]],
    "err_zero_size_dim": lambda T: T.zeros(2, 0)[:, [0]],
    "err_set_leaf": lambda T: _setitem(T.zeros(3, requires_grad=True), [0], 1.0),
    "err_set_leaf_view": lambda T: _setitem(T.zeros(3, 2, requires_grad=True), 0, 1.0),
    "err_set_leaf_ellipsis": lambda T: _setitem(T.zeros(3, requires_grad=True), Ellipsis, 1.0),
    "err_set_shape": lambda T: _setitem(T.zeros(3, 4), 0, T.ones(2)),
    "err_set_too_many_dims": lambda T: _setitem(T.zeros(3, 4), 0, T.ones(2, 4)),
    "err_set_expand_2d": lambda T: _setitem(T.zeros(3, 4), (slice(None), slice(1, 3)), T.ones(2, 1)),
    "err_set_adv_shape": lambda T: _setitem(T.zeros(3, 4), [0, 1], T.ones(3)),
    "err_set_adv_dtype": lambda T: _setitem(T.zeros(3, 4), [0], T.tensor(3)),
    "err_set_adv_shape_before_dtype": lambda T: _setitem(T.zeros(3, 4), [0, 1], T.ones(2, dtype=T.long)),
    "err_set_list_value": lambda T: _setitem(T.zeros(3, 4), 0, [1, 2, 3, 4]),
    "err_set_str_value": lambda T: _setitem(T.zeros(3, 4), 0, "a"),
    "err_set_oob": lambda T: _setitem(T.zeros(3, 4), 5, 1.0),
    "err_set_list_oob": lambda T: _setitem(T.zeros(3, 4), [5], 1.0),
    "err_del": lambda T: T.zeros(3).__delitem__(0),
    "err_set_overflow_float": lambda T: _setitem(T.zeros(2), 0, 1e40),
    "err_set_nan_into_long": lambda T: _setitem(T.zeros(2, dtype=T.long), [0], float("nan")),
    "err_set_overflow_uint8": lambda T: _setitem(T.zeros(2, dtype=T.uint8), 0, 300),
    "err_index_put_indices_tensor": lambda T: T.zeros(3, 4).index_put(T.tensor([0]), T.ones(1)),
    "err_index_put_values_float": lambda T: T.zeros(3, 4).index_put((T.tensor([0]),), 5.0),
    "err_index_put_none": lambda T: T.zeros(3, 4).index_put((T.tensor([0]), None), T.ones(1)),
    "err_index_put_oob": lambda T: T.zeros(3, 4).index_put((T.tensor([5]),), T.tensor(5.0)),
    "err_index_put_dtype": lambda T: T.zeros(3, 4).index_put((T.tensor([0]),), T.tensor(5)),
    "err_index_put_shape": lambda T: T.zeros(3, 4).index_put((T.tensor([0]),), T.ones(3), accumulate=True),
    "err_index_put_float_index": lambda T: T.zeros(3, 4).index_put((T.tensor([0.0]),), T.ones(1)),
    "err_index_put_too_many": lambda T: T.zeros(3, 4).index_put((T.tensor([0]),) * 3, T.ones(1)),
    "err_index_put_leaf": lambda T: T.zeros(3, 4, requires_grad=True).index_put_((T.tensor([0]),), T.ones(1)),
    "err_index_select_float": lambda T: T.zeros(2, 3).index_select(0, T.tensor([1.0])),
    "err_index_select_2d": lambda T: T.zeros(2, 3).index_select(0, T.tensor([[0]])),
    "err_index_select_oob": lambda T: T.zeros(2, 3).index_select(0, T.tensor([2])),
    "err_index_select_negative": lambda T: T.zeros(2, 3).index_select(0, T.tensor([-1])),
    "err_index_select_list": lambda T: T.zeros(2, 3).index_select(0, [0]),
    "err_index_select_dim": lambda T: T.zeros(2, 3).index_select(2, T.tensor([0])),
    "err_set_partial_overlap": lambda T: _set_self(T.arange(12.0).reshape(3, 4), slice(1, None), lambda x: x[:2]),
    "err_set_adv_full_overlap": lambda T: _set_self(T.arange(12.0).reshape(3, 4), [0, 1, 2], lambda x: x),
    "err_set_adv_partial_overlap": lambda T: _set_self(T.arange(12.0).reshape(3, 4), [0, 1], lambda x: x[1:]),
    "set_overlap_allowed": lambda T: _set_self(T.arange(12.0).reshape(3, 4), (slice(None), slice(0, 2)),
                                               lambda x: x[:, 1:3]),
    "set_full_overlap_allowed": lambda T: _set_self(T.arange(12.0).reshape(3, 4), slice(None), lambda x: x),
}


def _setitem(t, idx, v):
    t[idx] = v


def _set_value(t, idx, v):
    t[idx] = v
    return t


def _set_self(t, idx, part):
    """``t[idx] = part(t)``: a value sharing memory with the target."""
    t[idx] = part(t)
    return t


CASES += [OpCase(k, lambda T, f=f: _err(lambda: f(T)), [], grad=False) for k, f in ERRORS.items()]

globals().update(make_tests(FAMILY, CASES))


# Views share memory and the version counter ---------------------------------------------------------------------


def test_basic_index_is_a_view_sharing_memory_and_version():
    x = torchless.zeros(3, 4)
    col = x[:, 0]
    col.fill_(1.0)
    assert x[:, 0].tolist() == [1.0, 1.0, 1.0] and x[:, 1].tolist() == [0.0, 0.0, 0.0]
    assert x._vc is col._vc and x._version == 1
    x[1] = 7.0
    assert col.tolist() == [1.0, 7.0, 1.0]
    assert x._version == 2


def test_advanced_index_copies():
    x = torchless.zeros(3, 4)
    y = x[[0, 1]]
    y.fill_(1.0)
    assert x.sum().item() == 0.0


def test_setitem_records_copyslices_and_gradients():
    a = torchless.ones(3, 4, requires_grad=True)
    v = torchless.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    b = a * 2
    b[1] = v
    assert type(b.grad_fn).__name__ == "CopySlices"
    b.sum().backward()
    assert a.grad.tolist() == [[2.0] * 4, [0.0] * 4, [2.0] * 4]
    assert v.grad.tolist() == [1.0] * 4


def test_setitem_on_leaf_requiring_grad_raises_but_not_under_no_grad():
    a = torchless.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in an in-place"):
        a[[0]] = 1.0
    with torchless.no_grad():
        a[0] = 1.0
    assert a.tolist() == [1.0, 0.0, 0.0] and a.grad_fn is None


def test_setitem_value_requiring_grad_makes_target_require_grad():
    b = torchless.zeros(2, 3)
    v = torchless.tensor(2.0, requires_grad=True)
    b[0, 1] = v
    assert b.requires_grad and type(b.grad_fn).__name__ == "CopySlices"
    b.sum().backward()
    assert v.grad.item() == 1.0


def test_getitem_double_backward():
    a = torchless.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = (a[[0, 0, 1]] ** 2).sum()
    (g,) = torchless.autograd.grad(y, a, create_graph=True)
    assert g.tolist() == [[4.0, 8.0], [6.0, 8.0]]
    (gg,) = torchless.autograd.grad(g.sum(), a)
    assert gg.tolist() == [[4.0, 4.0], [2.0, 2.0]]


def test_uint8_index_warns():
    with pytest.warns(UserWarning, match="indexing with dtype torch.uint8 is now deprecated"):
        torchless.zeros(3)[torchless.tensor([1, 0, 1], dtype=torchless.uint8)]


def test_sequence_as_tuple_warns():
    with pytest.warns(UserWarning, match="Using a non-tuple sequence for multidimensional indexing is deprecated"):
        torchless.zeros(3, 3)[[[0, 1], [1, 2]]]


# Hypothesis: random index combinations against live torch ------------------------------------------------------


@st.composite
def _index_case(draw):
    ndim = draw(st.integers(1, 4))
    shape = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    items, dims_left = [], list(shape)
    adv_shape = draw(st.sampled_from([(), (2,), (3,), (2, 1), (1, 3)]))
    used_ellipsis = False
    while dims_left and draw(st.integers(0, 4)):
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis", "list", "tensor", "mask", "full"]))
        size = dims_left[0]
        if kind == "int":
            items.append(draw(st.integers(-size, size - 1)))
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-size - 1, size + 1)))
            stop = draw(st.one_of(st.none(), st.integers(-size - 1, size + 1)))
            items.append(slice(start, stop, draw(st.one_of(st.none(), st.integers(1, 3)))))
        elif kind == "full":
            items.append(slice(None))
        elif kind == "none":
            items.append(None)
            continue
        elif kind == "ellipsis":
            if used_ellipsis:
                continue
            used_ellipsis = True
            items.append(Ellipsis)
            k = draw(st.integers(0, len(dims_left)))
            del dims_left[:k]
            continue
        elif kind in ("list", "tensor"):
            n = int(np.prod(adv_shape)) if adv_shape else 1
            vals = draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n))
            arr = np.array(vals, dtype=np.int64).reshape(adv_shape)
            items.append(("long", arr) if kind == "tensor" or arr.ndim != 1 else vals)
        else:  # mask over the next one or two dims
            k = draw(st.integers(1, min(2, len(dims_left))))
            mshape = tuple(dims_left[:k])
            bits = draw(st.lists(st.booleans(), min_size=int(np.prod(mshape)), max_size=int(np.prod(mshape))))
            items.append(("bool", np.array(bits).reshape(mshape)))
            del dims_left[:k]
            continue
        del dims_left[:1]
    return shape, items


def _build(T, items):
    out = []
    for it in items:
        if isinstance(it, tuple):
            out.append(T.tensor(it[1]))
        else:
            out.append(it)
    return tuple(out)


def _outcome(T, shape, items, setting: bool):
    data = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) / 7 - 1
    x = T.tensor(data, requires_grad=True)
    idx = _build(T, items)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if setting:
                y = x * 1
                target = y[idx]
                v = T.tensor(np.linspace(-1, 1, int(np.prod(target.shape))).reshape(tuple(target.shape)),
                             requires_grad=True)
                y[idx] = v
                out = y
            else:
                out = x[idx]
    except (IndexError, RuntimeError) as e:
        return ("error", type(e).__name__, str(e))
    w = T.tensor(np.cos(np.arange(int(np.prod(out.shape)))).reshape(tuple(out.shape)))
    wrt = [x, v] if setting else [x]
    grads = T.autograd.grad((out * w).sum(), wrt, allow_unused=True)
    name = type(out.grad_fn).__name__ if out.grad_fn is not None else None
    if name == "CopySlices" or setting:
        name = None  # duplicate-free writes only: torch's order of duplicate writes is unspecified
    return ("ok", tuple(out.shape), out.detach().numpy().copy(), name,
            [None if g is None else g.numpy().copy() for g in grads])


def _same(mine, ref):
    assert mine[0] == ref[0], f"torchless {mine} vs torch {ref}"
    if mine[0] == "error":
        assert mine[1:] == ref[1:]
        return
    assert mine[1] == ref[1] and mine[3] == ref[3]
    np.testing.assert_allclose(mine[2], ref[2])
    for g, r in zip(mine[4], ref[4]):
        assert (g is None) == (r is None)
        if g is not None:
            np.testing.assert_allclose(g, r, atol=1e-12)


needs_torch = pytest.mark.skipif(torch is None, reason="compares with live torch")


@needs_torch
@settings(max_examples=50, deadline=None)
@given(_index_case())
def test_getitem_random_indices_match_torch(case):
    shape, items = case
    _same(_outcome(torchless, shape, items, False), _outcome(torch, shape, items, False))


def _has_duplicate_writes(shape, items) -> bool:
    target = np.arange(int(np.prod(shape))).reshape(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            picked = torchless.tensor(target)[_build(torchless, items)].numpy()
        except (IndexError, RuntimeError):
            return False
    return len(np.unique(picked)) != picked.size


@needs_torch
@settings(max_examples=40, deadline=None)
@given(_index_case())
def test_setitem_random_indices_match_torch(case):
    shape, items = case
    if _has_duplicate_writes(shape, items):
        return
    _same(_outcome(torchless, shape, items, True), _outcome(torch, shape, items, True))
