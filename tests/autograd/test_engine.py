"""backward / autograd.grad: results, accumulation, inputs=, retain_graph, and every error torch raises."""

from __future__ import annotations

import numpy as np

from .harness import make_tests, scenarios

TOPIC = "engine"
SCENARIOS, scenario = scenarios()


def _x(T, values=(1.0, 2.0, 3.0), **kw):
    return T.tensor(list(values), requires_grad=True, **kw)


def _rand(T, *shape, seed=0, rg=True):
    arr = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    return T.tensor(arr, requires_grad=rg)


# -- Tensor.backward -------------------------------------------------------------------------------------------
@scenario
def backward_scalar(T):
    x = _x(T)
    y = (x * x + 3 * x).sum()
    r = y.backward()
    return r, x.grad, x.grad.requires_grad, x.grad.grad_fn


@scenario
def backward_with_gradient(T):
    x = _x(T)
    (x * x).backward(T.tensor([1.0, 0.5, -2.0]))
    return x.grad


@scenario
def backward_gradient_dtype_cast(T):
    x = _x(T)
    (x * 2).backward(T.tensor([1, 2, 3]))
    return x.grad


@scenario
def backward_gradient_float64_for_float32(T):
    x = _x(T)
    (x * 2).backward(T.tensor([1.0, 2.0, 3.0], dtype=T.float64))
    return x.grad


@scenario
def backward_broadcast_mlp(T):
    w, b, inp = _rand(T, 4, 3), _rand(T, 3, seed=1), _rand(T, 5, 4, seed=2, rg=False)
    out = (inp @ w + b).relu().pow(2).mean()
    out.backward()
    return out, w.grad, b.grad


@scenario
def backward_reused_tensor(T):
    x = _x(T)
    y = x * 2
    z = y * y + y.exp() + y
    z.sum().backward()
    return x.grad


@scenario
def backward_accumulates(T):
    x = _x(T)
    (x * x).sum().backward()
    first = x.grad
    (x * 3).sum().backward()
    return first is x.grad, x.grad


@scenario
def backward_accumulation_after_zero(T):
    x = _x(T)
    (x * x).sum().backward()
    x.grad.zero_()
    (x ** 3).sum().backward()
    return x.grad


@scenario
def backward_grad_none_between(T):
    x = _x(T)
    (x * x).sum().backward()
    x.grad = None
    (x * 5).sum().backward()
    return x.grad


@scenario
def backward_leaf_itself(T):
    x = _x(T)
    x.backward(T.tensor([1.0, 2.0, 3.0]))
    return x.grad


@scenario
def backward_two_roots(T):
    x = _x(T)
    y = x * 2
    T.autograd.backward([y.sum(), (x * x).sum()])
    return x.grad


@scenario
def backward_two_roots_with_grads(T):
    x = _x(T)
    T.autograd.backward([x * 2, x * x], [T.ones(3), T.tensor([1.0, -1.0, 2.0])])
    return x.grad


@scenario
def backward_same_root_twice(T):
    x = _x(T)
    y = (x * x).sum()
    T.autograd.backward([y, y])
    return x.grad


@scenario
def backward_returns_none(T):
    return (_x(T) * 2).sum().backward()


@scenario
def backward_retain_graph_twice(T):
    x = _x(T)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    return x.grad


@scenario
def error_backward_twice(T):
    x = _x(T)
    y = (x * x).sum()
    y.backward()
    y.backward()


@scenario
def error_backward_twice_exp(T):
    x = _x(T)
    y = x.exp().sum()
    y.backward()
    y.backward()


@scenario
def backward_twice_without_saved_tensors(T):
    x = _x(T)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    return x.grad


@scenario
def error_backward_twice_partial(T):
    x = _x(T)
    y = x * x
    a, b = y.sum(), (y + 1).sum()
    a.backward()
    b.backward()


@scenario
def error_nonscalar(T):
    (_x(T) * 2).backward()


@scenario
def error_nonscalar_grad(T):
    x = _x(T)
    T.autograd.grad(x * 2, x)


@scenario
def error_no_grad_fn(T):
    T.tensor([1.0, 2.0]).sum().backward()


@scenario
def error_no_grad_fn_second_element(T):
    x = _x(T)
    T.autograd.backward([x.sum(), T.tensor(1.0)])


@scenario
def error_integer_output(T):
    x = _x(T)
    (x > 1).sum().backward()


@scenario
def error_under_no_grad(T):
    x = _x(T)
    with T.no_grad():
        y = (x * 2).sum()
    y.backward()


@scenario
def error_shape_mismatch(T):
    (_x(T) * 2).backward(T.ones(2))


@scenario
def error_shape_mismatch_second(T):
    x = _x(T)
    T.autograd.backward([x.sum(), x * 2], [T.tensor(1.0), T.ones(2, 2)])


@scenario
def error_grad_shape_mismatch(T):
    x = _x(T)
    T.autograd.grad(x * 2, x, T.ones(4))


@scenario
def error_gradient_is_float(T):
    (_x(T) * 2).sum().backward(2.0)


@scenario
def error_gradient_list_of_float(T):
    x = _x(T)
    T.autograd.backward([x.sum()], [2.0])


@scenario
def error_gradient_count(T):
    x = _x(T)
    T.autograd.grad([(x * 2).sum(), x.sum()], x, grad_outputs=[T.tensor(1.0)])


@scenario
def extra_gradients_ignored(T):
    x = _x(T)
    return T.autograd.grad((x * 2).sum(), x, grad_outputs=[T.tensor(1.0), T.tensor(5.0)])


@scenario
def error_backward_of_integer_cast(T):
    x = T.tensor(3.0, requires_grad=True)
    x.long().backward()


@scenario
def grad_variables_deprecated(T):
    x = _x(T)
    T.autograd.backward((x * 2).sum(), grad_variables=T.tensor(3.0))
    return x.grad


@scenario
def error_both_grad_tensors_and_variables(T):
    x = _x(T)
    T.autograd.backward((x * 2).sum(), T.tensor(1.0), grad_variables=T.tensor(3.0))


# -- inputs= ---------------------------------------------------------------------------------------------------
@scenario
def backward_inputs_subset(T):
    a, b = _x(T), _x(T, (4.0, 5.0, 6.0))
    (a * b).sum().backward(inputs=[a])
    return a.grad, b.grad


@scenario
def backward_inputs_single_tensor(T):
    a, b = _x(T), _x(T, (4.0, 5.0, 6.0))
    (a * b).sum().backward(inputs=b)
    return a.grad, b.grad


@scenario
def backward_inputs_nonleaf(T):
    a = _x(T)
    y = a * 2
    (y * y).sum().backward(inputs=[y])
    return a.grad, y.grad, y.retains_grad


@scenario
def backward_inputs_nonleaf_and_leaf(T):
    a = _x(T)
    y = a * 2
    (y * y).sum().backward(inputs=[y, a])
    return a.grad, y.grad


@scenario
def error_backward_inputs_empty(T):
    (_x(T) * 2).sum().backward(inputs=[])


@scenario
def error_backward_inputs_no_grad(T):
    (_x(T) * 2).sum().backward(inputs=[T.tensor([1.0])])


@scenario
def backward_inputs_unused_leaf(T):
    a, b = _x(T), _x(T)
    (a * 2).sum().backward(inputs=[b])
    return a.grad, b.grad


# -- autograd.grad ---------------------------------------------------------------------------------------------
@scenario
def grad_basic(T):
    x = _x(T)
    g = T.autograd.grad((x ** 3).sum(), x)
    return g, x.grad


@scenario
def grad_several_inputs(T):
    a, b = _x(T), _x(T, (0.5, -1.0, 2.0))
    return T.autograd.grad((a * b + a.sin()).sum(), [a, b])


@scenario
def grad_input_tuple(T):
    a, b = _x(T), _x(T, (0.5, -1.0, 2.0))
    return T.autograd.grad((a / b).sum(), (b, a))


@scenario
def grad_same_input_twice(T):
    a = _x(T)
    return T.autograd.grad((a * a).sum(), [a, a])


@scenario
def grad_several_outputs(T):
    a = _x(T)
    y = a * 2
    return T.autograd.grad([y.sum(), (y * y).sum()], [y, a])


@scenario
def grad_outputs_on_one_path(T):
    # one output lies on the other's graph: its node must still run after the other has fed it
    x = _x(T)
    y = x * 2
    z = (y * y).sum()
    return T.autograd.grad([z, y], x, [None, T.ones(3)]), T.autograd.grad([y.sum() * 3, z], x)


@scenario
def backward_roots_on_one_path(T):
    x = _x(T)
    y = x.exp()
    z = y.sin().sum()
    T.autograd.backward([z, y], [None, T.tensor([1.0, 2.0, 3.0])])
    return x.grad


@scenario
def grad_several_outputs_with_grads(T):
    a = _x(T)
    y = a * 2
    return T.autograd.grad([y.sum(), (y * y).sum()], [y, a], [None, T.tensor(2.0)])


@scenario
def grad_of_nonleaf(T):
    a = _x(T)
    y = a.exp()
    z = (y * a).sum()
    return T.autograd.grad(z, y)


@scenario
def grad_output_is_input(T):
    a = _x(T)
    return T.autograd.grad(a, a, T.tensor([1.0, 2.0, 3.0]))


@scenario
def grad_sum_of_self(T):
    a = _x(T)
    return T.autograd.grad(a.sum(), a)


@scenario
def grad_dict_inputs(T):
    a, b = _x(T), _x(T, (3.0, 1.0, 2.0))
    return T.autograd.grad((a * b).sum(), {"a": a, "b": b})


@scenario
def grad_grad_outputs_dtype(T):
    a = _x(T)
    (g,) = T.autograd.grad(a * 2, a, T.ones(3, dtype=T.float64))
    return g, g.dtype


@scenario
def grad_does_not_touch_dot_grad(T):
    a = _x(T)
    T.autograd.grad((a * a).sum(), a)
    return a.grad


@scenario
def error_grad_frees_graph(T):
    a = _x(T)
    y = (a * a).sum()
    T.autograd.grad(y, a)
    T.autograd.grad(y, a)


@scenario
def grad_retain_graph(T):
    a = _x(T)
    y = (a * a).sum()
    g1 = T.autograd.grad(y, a, retain_graph=True)
    g2 = T.autograd.grad(y, a)
    return g1, g2


@scenario
def grad_partial_graph_keeps_rest(T):
    # grad() runs only the part of the graph that leads to its inputs: the rest stays usable
    a, b = _x(T), _x(T, (2.0, 2.0, 2.0))
    y = a.exp() * b.sin()
    g = T.autograd.grad(y.sum(), a, retain_graph=False)
    return g


@scenario
def error_grad_unused(T):
    a, b = _x(T), _x(T)
    T.autograd.grad((a * 2).sum(), [a, b])


@scenario
def error_grad_unused_first(T):
    a, b = _x(T), _x(T)
    T.autograd.grad((b * 2).sum(), [a, b])


@scenario
def grad_allow_unused(T):
    a, b = _x(T), _x(T)
    return T.autograd.grad((a * 2).sum(), [a, b], allow_unused=True)


@scenario
def grad_materialize(T):
    a, b = _x(T), _x(T)
    return T.autograd.grad((a * 2).sum(), [a, b], materialize_grads=True)


@scenario
def grad_materialize_create_graph(T):
    a, b = _x(T), _x(T)
    return T.autograd.grad((a * a).sum(), [a, b], materialize_grads=True, create_graph=True)


@scenario
def error_grad_materialize_not_allow_unused(T):
    a = _x(T)
    T.autograd.grad((a * 2).sum(), a, allow_unused=False, materialize_grads=True)


@scenario
def error_grad_input_no_grad(T):
    a = _x(T)
    T.autograd.grad((a * 2).sum(), T.tensor([1.0]))


@scenario
def error_grad_inputs_empty(T):
    a = _x(T)
    T.autograd.grad((a * 2).sum(), [])


@scenario
def error_grad_integer_input(T):
    a = T.tensor([1, 2])
    T.autograd.grad((a * 2).sum(), a)


@scenario
def grad_only_inputs_ignored(T):
    a = _x(T)
    return T.autograd.grad((a * 2).sum(), a, only_inputs=False)


@scenario
def grad_create_graph_requires_grad(T):
    a = _x(T)
    (g1,) = T.autograd.grad((a * 2).sum(), a, create_graph=True)
    (g2,) = T.autograd.grad((a * a).sum(), a, create_graph=True)
    return g1, g2


@scenario
def grad_leaf_hook_runs(T):
    a = _x(T)
    a.register_hook(lambda g: g * 10)
    return T.autograd.grad((a * 2).sum(), a)


@scenario
def grad_retain_grad_needed_node(T):
    a = _x(T)
    y = a * 2
    y.retain_grad()
    g = T.autograd.grad(y.sum(), a)
    return g, y.grad


@scenario
def grad_retain_grad_unneeded_node(T):
    a, b = _x(T), _x(T)
    y = a * 2
    z = y * b
    y.retain_grad()
    g = T.autograd.grad(z.sum(), b)
    return g, y.grad


@scenario
def grad_broadcast_inputs(T):
    a, b = _rand(T, 3, 1), _rand(T, 4, seed=3)
    return T.autograd.grad((a * b).sum(), [a, b])


@scenario
def grad_mixed_dtypes(T):
    a = _x(T)
    b = T.tensor([1.0, 2.0, 3.0], dtype=T.float64, requires_grad=True)
    out = (a * b).sum()
    ga, gb = T.autograd.grad(out, [a, b])
    return out.dtype, ga, gb


@scenario
def grad_batched_jacobian(T):
    x = _x(T)
    y = x ** 2 * x.sum()
    return T.autograd.grad(y, x, T.eye(3), is_grads_batched=True)


@scenario
def grad_batched_two_inputs(T):
    a, b = _x(T), _x(T, (0.5, 1.0, 2.0))
    out = (a * b).sum(0, keepdim=True)
    return T.autograd.grad(out, [a, b], T.tensor([[1.0], [2.0]]), is_grads_batched=True, retain_graph=True)


@scenario
def error_grad_batched_shape(T):
    x = _x(T)
    T.autograd.grad(x * 2, x, T.ones(2, 4), is_grads_batched=True)


# A large gradient that nothing else holds is negated in its own memory (graph.donated): retained gradients,
# hooks and the gradients sent on must all keep their own values.
@scenario
def donated_gradient_large(T):
    x, y = _rand(T, 70000), _rand(T, 70000, seed=1)
    a = x * 2
    a.retain_grad()
    b = -(a * 1.5)
    b.retain_grad()
    c = (1 - b) - y
    seen = []
    c.register_hook(lambda g: seen.append(g * 1))
    (c * c).sum().backward()
    return x.grad[::4096], y.grad[::4096], a.grad[::4096], b.grad[::4096], seen[0][::4096]


@scenario
def donated_gradient_both_inputs(T):
    x, y = _rand(T, 70000), _rand(T, 70000, seed=1)
    d = x * 3 - y * 2  # both inputs of sub need the gradient: none is negated in place
    (d * d).sum().backward()
    return x.grad[::4096], y.grad[::4096]


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
