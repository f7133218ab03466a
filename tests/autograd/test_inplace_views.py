"""In-place ops on views of tensors that require grad: torch's ``CopySlices`` / ``rebase_history``.

The base gets a ``CopySlices`` node, the view an ``AsStridedBackward0``; the gradients, the printed values, the
node names, the version errors and the errors torch raises for views it cannot rebase must match torch 2.13.
"""

from __future__ import annotations

import torchless
from torchless.autograd import gradcheck, gradgradcheck

from .harness import make_tests, scenarios

TOPIC = "inplace_views"
SCENARIOS, scenario = scenarios()


def _names(fn) -> list:
    return [None if n is None else type(n).__name__ for n, _ in fn.next_functions]


def _x(T):
    return T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)


def _rebased(T, modify):
    """``modify(y)`` on ``y = x.clone()``; then ``y``, the modified view, the nodes and ``x.grad`` of a
    weighted sum (every element's gradient is visible)."""
    x = _x(T)
    y = x.clone()
    v = modify(y)
    out = {"y": y, "y_next": _names(y.grad_fn), "y_version": y._version}
    if v is not None:
        out.update(v=v, v_next=_names(v.grad_fn), v_is_view=v._base is y, v_version=v._version)
    (y * T.arange(6.0).reshape(2, 3)).sum().backward()
    out["x_grad"] = x.grad
    return out


def _case(name, modify):
    def fn(T):
        return _rebased(T, lambda y: modify(T, y))

    fn.__name__ = name
    scenario(fn)


def _mul_select(T, y):
    y[0] *= 3


def _add_column(T, y):
    y[:, 0] += 1


def _imul_view(T, y):
    v = y[0]
    v *= 2
    return v


_CASES = {
    "mul_assign_row": _mul_select,
    "add_assign_column": _add_column,
    "imul_on_view": _imul_view,
    "slice_mul_": lambda T, y: y[1:].mul_(2),
    "view_add_": lambda T, y: y.view(-1).add_(1),
    "t_relu_": lambda T, y: y.t().relu_(),
    "select_zero_": lambda T, y: y[0].zero_(),
    "view_of_view_mul_": lambda T, y: y[0][1:].mul_(2),
    "setitem_on_view": lambda T, y: y[:, 1].__setitem__(0, 7.0),
    "setitem_on_view_of_view": lambda T, y: y[0].__setitem__(slice(1, None), T.tensor([8.0, 9.0])),
    "transpose_mul_": lambda T, y: y.transpose(0, 1).mul_(2),
    "unsqueeze_add_": lambda T, y: y.unsqueeze(0).add_(1),
    "reshape_add_": lambda T, y: y.reshape(3, 2).add_(1),
    "diagonal_add_": lambda T, y: y.diagonal().add_(1),
    "select_method_add_": lambda T, y: y.select(1, 2).add_(1),
    "narrow_add_": lambda T, y: y.narrow(1, 0, 2).add_(1),
    "ellipsis_add_": lambda T, y: y[...].add_(1),
    "none_add_": lambda T, y: y[None].add_(1),
    "permute_add_": lambda T, y: y.permute(1, 0).add_(1),
    "step_slice_exp_": lambda T, y: y[:, ::2].exp_(),
    "movedim_mul_": lambda T, y: y.movedim(0, 1).mul_(2),
    "flatten_mul_": lambda T, y: y.flatten().mul_(2),
    "unflatten_mul_": lambda T, y: y.unflatten(1, (3, 1)).mul_(2),
    "tensor_split_mul_": lambda T, y: y.tensor_split(2, 1)[1].mul_(2),
    "element_mul_": lambda T, y: y[1, 2].mul_(10),
    "copy_into_row": lambda T, y: y[0].copy_(T.tensor([9.0, 9.0, 9.0])),
    "sigmoid_": lambda T, y: y[1].sigmoid_(),
    "twice_on_view": lambda T, y: y[0].mul_(2).add_(1),
    "mul_by_other_row": lambda T, y: y[0].mul_(y[1].detach()),
    "advanced_index_is_a_copy": lambda T, y: y[:, [0, 2]].mul_(2),
}
for _name, _modify in _CASES.items():
    _case(_name, _modify)


@scenario
def brief_example(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    y[0] *= 3
    text = str(y)
    y.sum().backward()
    return text, y.grad_fn.name(), x.grad


@scenario
def value_requires_grad(T):
    x = _x(T)
    w = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    y[0][1:] = w[:2] * 2
    y[1].mul_(w)
    (y * y).sum().backward()
    return y, _names(y.grad_fn), x.grad, w.grad


@scenario
def base_without_grad(T):
    w = T.tensor([2.0, 3.0], requires_grad=True)
    z = T.zeros(2, 2)
    v = z[0]
    v.add_(w)
    r = (z, z.requires_grad, z.is_leaf, _names(z.grad_fn), type(v.grad_fn).__name__, _names(v.grad_fn))
    z.sum().backward()
    return r, w.grad


@scenario
def double_backward(T):
    x = _x(T)
    y = x * x
    y[1].mul_(x[0])
    g, = T.autograd.grad(y.sum(), x, create_graph=True)
    g2, = T.autograd.grad(g.sum(), x)
    return _names(y.grad_fn), g, g2


@scenario
def double_backward_views_of_views(T):
    x = _x(T)
    y = x * x
    w = y[:, 1:][0]
    w.mul_(x[1, 1:])
    w.add_(x[0, :2])
    g, = T.autograd.grad((y * y).sum(), x, create_graph=True)
    g2, = T.autograd.grad((g * g).sum(), x)
    return g, g2


@scenario
def create_graph_through_view(T):
    x = _x(T)
    y = x * 1
    v = y[0]
    v.mul_(2)
    go = T.ones(3, requires_grad=True)
    g, = T.autograd.grad(v, x, grad_outputs=go, create_graph=True)
    return g, g.grad_fn.name(), _names(g.grad_fn)


@scenario
def retain_graph_twice(T):
    x = _x(T)
    y = x.clone()
    y[0].mul_(2)
    loss = (y * y).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    first = x.grad.clone()
    try:
        loss.backward()
    except RuntimeError as e:
        return first, str(e)
    return first


@scenario
def other_view_reads_base(T):
    x = _x(T)
    y = x.clone()
    a = y[1]
    y[0].mul_(2)
    (a.sum() + y.sum()).backward()
    return x.grad


@scenario
def base_modified_after_view(T):
    x = _x(T)
    y = x.clone()
    y[0].mul_(2)
    y.mul_(3)
    names = type(y.grad_fn).__name__, _names(y.grad_fn)
    y.sum().backward()
    return names, x.grad


@scenario
def hook_on_base(T):
    x = _x(T)
    y = x.clone()
    y[0].mul_(2)
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    return x.grad


@scenario
def float64_value(T):
    x = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
    w = T.tensor([3.0], dtype=T.float64, requires_grad=True)
    y = x * 1
    y[0:1].mul_(w)
    y.sum().backward()
    return y, x.grad, w.grad


@scenario
def transposed_memory_base(T):
    x = _x(T)
    y = x.t() * 1  # laid out in memory as x is
    y[0].mul_(5)
    y.sum().backward()
    return y, x.grad


@scenario
def printed(T):
    x = _x(T)
    y = x.clone()
    v = y[0]
    v.mul_(2)
    return str(v), str(y), v.grad_fn.name(), y.grad_fn.name(), v.is_leaf, v.requires_grad, v._version


@scenario
def int_view_no_grad(T):
    y = T.tensor([1, 2, 3])
    y[1:].mul_(2)
    return y


# -- saved tensors modified this way -------------------------------------------------------------------------------
@scenario
def saved_base_modified(T):
    x = _x(T)
    y = x.clone()
    s = y.sin()
    y[0].mul_(2)
    s.sum().backward()


@scenario
def saved_view_modified(T):
    x = _x(T)
    y = x.clone()
    v = y[0]
    s = v * v
    v.mul_(2)
    s.sum().backward()


@scenario
def saved_result_modified_on_view(T):
    x = _x(T)
    y = x.clone()
    v = y[0]
    v.exp_()
    v.mul_(2)
    y.sum().backward()


@scenario
def saved_result_modified(T):
    x = _x(T)
    y = x.clone()
    y.exp_()
    y.mul_(2)
    y.sum().backward()


@scenario
def saved_result_on_view(T):
    x = _x(T)
    y = x.clone()
    y[0].exp_()
    y.sum().backward()
    return x.grad


# -- views torch does not rebase -----------------------------------------------------------------------------------
@scenario
def leaf_view(T):
    _x(T)[0].mul_(2)


@scenario
def leaf_view_setitem(T):
    _x(T)[0][1] = 5.0


@scenario
def split_output(T):
    _x(T).clone().split(1)[1].add_(1)


@scenario
def split_leaf_output(T):
    _x(T).split(1)[0].add_(1)


@scenario
def chunk_output(T):
    _x(T).clone().chunk(3, 1)[2].mul_(2)


@scenario
def split_with_sizes_output(T):
    _x(T).clone().split([1, 1])[1].mul_(2)


@scenario
def unbind_output(T):
    _x(T).clone().unbind(1)[2].mul_(2)


@scenario
def view_of_split_output(T):
    _x(T).clone().split(1)[1][0].mul_(2)


@scenario
def split_of_plain_tensor_value_requires_grad(T):
    T.zeros(2, 2).split(1)[0].add_(T.ones(2, requires_grad=True))


@scenario
def no_grad_view(T):
    y = _x(T).clone()
    with T.no_grad():
        v = y[0]
    v.mul_(2)


@scenario
def no_grad_view_of_view(T):
    y = _x(T).clone()
    with T.no_grad():
        v = y[0]
    v[1:].mul_(2)


@scenario
def no_grad_split_output(T):
    y = _x(T).clone()
    with T.no_grad():
        p = y.split(1)[0]
    p.mul_(2)


@scenario
def no_grad_view_modified_in_no_grad(T):
    y = _x(T).clone()
    with T.no_grad():
        v = y[0]
        v.mul_(2)
    return y


@scenario
def no_grad_view_of_plain_tensor(T):
    z = T.zeros(3)
    with T.no_grad():
        v = z[1:]
    v.add_(1)
    try:
        v.add_(T.ones(2, requires_grad=True))
    except RuntimeError as e:
        return z, str(e)


@scenario
def expanded_view(T):
    _x(T).clone()[0].expand(2, 3).add_(1)


# A view taken before its memory changed through the base or another view: its history is rebuilt (torch's lazy
# grad_fn refresh), so its gradient reaches the base's current history.
@scenario
def stale_view_after_inplace_on_other_view(T):
    x = _x(T)
    y = x * 1
    a = y[0]
    y[0].mul_(2)
    (a * T.tensor([1.0, 10.0, 100.0])).sum().backward()
    return x.grad, _names((a * 1).grad_fn)


@scenario
def stale_view_after_inplace_on_base(T):
    x = _x(T)
    y = x * 1
    a = y[:, 1]
    y.mul_(3)
    a.sum().backward()
    return x.grad


@scenario
def stale_view_as_backward_root_and_grad_input(T):
    x = _x(T)
    y = x * 1
    a = y[1]
    y[1:].add_(y[:1] * 2)
    return T.autograd.grad(a.sum(), x)[0]


test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)


# -- torchless only --------------------------------------------------------------------------------------------------
def _inplace_fn(a, b):
    y = a * a
    y[0].mul_(b[0])
    y[:, 1:].sin_()
    y.t()[1:].mul_(b[1:, :1])
    y[2][1:] = b[2, 1:] * 3
    y.view(-1)[::2].exp_()
    return y


def test_gradcheck_and_gradgradcheck():
    torchless.manual_seed(0)
    a = torchless.rand(3, 3, dtype=torchless.float64, requires_grad=True)
    b = torchless.rand(3, 3, dtype=torchless.float64, requires_grad=True)
    assert gradcheck(_inplace_fn, (a, b))
    assert gradgradcheck(_inplace_fn, (a, b))


def test_ordinary_views_carry_no_view_meta():
    x = torchless.ones(2, 3, requires_grad=True)
    v = (x * 1)[0]
    assert getattr(v, "_vmeta", None) is None
    assert not hasattr(x * 1, "_vmeta")


def test_copy_slices_repr_and_release():
    x = torchless.ones(2, 3, requires_grad=True)
    y = x.clone()
    y[0].exp_()
    fn = y.grad_fn
    assert repr(fn).startswith("<CopySlices object at 0x")
    assert fn.name() == "torch::autograd::CopySlices"
    y.sum().backward()
    assert fn._fn._saved is None  # the in-place op's saved output was freed with the graph
