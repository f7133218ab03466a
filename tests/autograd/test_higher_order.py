"""create_graph=True: gradients of gradients (Hessians, gradient penalties, double backward through ops)."""

from __future__ import annotations

import warnings

import numpy as np

from .harness import make_tests, scenarios

TOPIC = "higher_order"
SCENARIOS, scenario = scenarios()


def _rand(T, *shape, seed=0, dtype="float32"):
    arr = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    return T.tensor(arr, requires_grad=True)


def _second(T, f, *inputs):
    """First gradients (with graph), then the gradient of their sum: d/dx sum(df/dx)."""
    out = f(*inputs)
    firsts = T.autograd.grad(out, inputs, create_graph=True)
    seconds = T.autograd.grad(sum(g.sum() for g in firsts), inputs, allow_unused=True)
    return firsts, seconds


@scenario
def cubic_derivatives(T):
    x = T.tensor(2.0, requires_grad=True)
    y = x ** 3
    (d1,) = T.autograd.grad(y, x, create_graph=True)
    (d2,) = T.autograd.grad(d1, x, create_graph=True)
    (d3,) = T.autograd.grad(d2, x)
    return d1, d2, d3


@scenario
def hessian_by_rows(T):
    x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (x[0] * x[1] ** 2 + x[1] * x[2].exp()).sum()
    (g,) = T.autograd.grad(y, x, create_graph=True)
    rows = [T.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(3)]
    return g, T.stack(rows)


@scenario
def hessian_quadratic_form(T):
    a = T.tensor([[2.0, 1.0], [1.0, 3.0]])
    x = T.tensor([0.5, -1.0], requires_grad=True)
    f = x @ a @ x
    (g,) = T.autograd.grad(f, x, create_graph=True)
    h = T.stack([T.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(2)])
    return g, h


@scenario
def gradient_penalty(T):
    w = _rand(T, 3, 2)
    x = _rand(T, 4, 3, seed=1)
    out = (x @ w).tanh().sum()
    (gx,) = T.autograd.grad(out, x, create_graph=True)
    penalty = ((gx.pow(2).sum(1) + 1e-12).sqrt() - 1).pow(2).mean()
    penalty.backward()
    return penalty, w.grad, x.grad


@scenario
def double_backward_elementwise(T):
    x = _rand(T, 5, dtype="float64")
    return _second(T, lambda a: (a.sin() * a.exp() + a.tanh() / (1 + a * a) + a.sigmoid()).sum(), x)


@scenario
def double_backward_pow_log_sqrt(T):
    x = T.tensor([0.5, 1.5, 2.0], dtype=T.float64, requires_grad=True)
    return _second(T, lambda a: (a.pow(2.5) + a.log() * a.sqrt() + a.reciprocal()).sum(), x)


@scenario
def double_backward_div_broadcast(T):
    a, b = _rand(T, 3, 1, dtype="float64"), T.tensor([1.5, 2.0, -2.5, 3.0], dtype=T.float64, requires_grad=True)
    return _second(T, lambda p, q: (p / q + p * q * q).sum(), a, b)


@scenario
def double_backward_matmul(T):
    a, b = _rand(T, 3, 4, dtype="float64"), _rand(T, 4, 2, seed=1, dtype="float64")
    return _second(T, lambda p, q: ((p @ q) ** 2).sum(), a, b)


@scenario
def double_backward_sum_mean(T):
    x = _rand(T, 3, 4, dtype="float64")
    return _second(T, lambda a: (a.sum(1) ** 2).mean() + (a.mean(0) ** 3).sum(), x)


@scenario
def double_backward_indexing(T):
    x = _rand(T, 4, 3, dtype="float64")
    return _second(T, lambda a: (a[1:3] ** 2).sum() + (a[[0, 3, 0]] ** 3).sum() + a[2, 1] ** 4, x)


@scenario
def double_backward_relu_linear_parts(T):
    x = T.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    firsts, seconds = _second(T, lambda a: (a.relu() * a).sum(), x)
    return firsts, seconds


@scenario
def double_backward_linear_has_no_graph(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    (g,) = T.autograd.grad((x * 3).sum(), x, create_graph=True)
    return g, g.requires_grad


@scenario
def error_double_backward_linear(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    (g,) = T.autograd.grad((x * 3).sum(), x, create_graph=True)
    T.autograd.grad(g.sum(), x, allow_unused=True)


@scenario
def backward_create_graph_then_grad_of_grad(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x ** 3).sum().backward(create_graph=True)
    first = x.grad
    (hess_diag,) = T.autograd.grad(first.sum(), x)
    return first, first.requires_grad, hess_diag


@scenario
def backward_create_graph_accumulates_out_of_place(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x * x).sum().backward(create_graph=True)
        first = x.grad
        (x * x).sum().backward(create_graph=True)
    return first is x.grad, first, x.grad


@scenario
def newton_step(T):
    x = T.tensor(3.0, requires_grad=True)
    for _ in range(4):
        y = x ** 3 - 2 * x - 5
        (dy,) = T.autograd.grad(y, x)
        with T.no_grad():
            x -= y / dy
    return x


@scenario
def grad_of_grad_wrt_grad_outputs(T):
    x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x ** 2
    (vjp,) = T.autograd.grad(y, x, v, create_graph=True)
    return vjp, T.autograd.grad(vjp.sum(), [x, v])


@scenario
def third_order_mixed(T):
    x = T.tensor(0.7, dtype=T.float64, requires_grad=True)
    y = T.tensor(-0.3, dtype=T.float64, requires_grad=True)
    f = (x * y).exp() + x.sin() * y ** 2
    (fx,) = T.autograd.grad(f, x, create_graph=True)
    (fxy,) = T.autograd.grad(fx, y, create_graph=True)
    (fxyx,) = T.autograd.grad(fxy, x)
    return fx, fxy, fxyx


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
