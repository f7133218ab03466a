"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp (values, output structure, errors)."""

from __future__ import annotations

import numpy as np

from .harness import make_tests, scenarios

TOPIC = "functional"
SCENARIOS, scenario = scenarios()


def _t(T, *shape, seed=0, dtype="float64"):
    return T.tensor(np.random.default_rng(seed).uniform(0.5, 1.5, shape).astype(dtype))


def _f(T):
    return T.autograd.functional


@scenario
def jacobian_tensor_tensor(T):
    return _f(T).jacobian(lambda x: x.exp() * x.sum(), _t(T, 3))


@scenario
def jacobian_matrix_shapes(T):
    w = _t(T, 3, 2, seed=1)
    return _f(T).jacobian(lambda x: x @ w, _t(T, 4, 3))


@scenario
def jacobian_scalar_output(T):
    return _f(T).jacobian(lambda x: (x ** 2).sum(), _t(T, 2, 2))


@scenario
def jacobian_tuple_inputs(T):
    return _f(T).jacobian(lambda a, b: a * b.sum(), (_t(T, 2), _t(T, 3, seed=1)))


@scenario
def jacobian_tuple_outputs(T):
    return _f(T).jacobian(lambda a: (a.sin(), a.sum()), _t(T, 2))


@scenario
def jacobian_tuple_both(T):
    return _f(T).jacobian(lambda a, b: (a * b, (a - b).sum()), (_t(T, 2), _t(T, 2, seed=1)))


@scenario
def jacobian_single_element_tuple_input(T):
    return _f(T).jacobian(lambda a: a * 2, (_t(T, 2),))


@scenario
def jacobian_unused_input_zeros(T):
    return _f(T).jacobian(lambda a, b: a * 2, (_t(T, 2), _t(T, 3, seed=1)))


@scenario
def jacobian_float32(T):
    return _f(T).jacobian(lambda a: a.tanh(), _t(T, 3, dtype="float32"))


@scenario
def jacobian_create_graph(T):
    x = _t(T, 2).requires_grad_()
    j = _f(T).jacobian(lambda a: a ** 3, x, create_graph=True)
    (g,) = T.autograd.grad(j.sum(), x)
    return j, g


@scenario
def jacobian_no_create_graph_is_detached(T):
    x = _t(T, 2).requires_grad_()
    j = _f(T).jacobian(lambda a: a ** 3, x)
    return j, x.grad


@scenario
def error_jacobian_strict_independent(T):
    _f(T).jacobian(lambda a, b: a * 2, (_t(T, 2), _t(T, 2, seed=1)), strict=True)


@scenario
def error_jacobian_strict_output_no_grad(T):
    _f(T).jacobian(lambda a: T.ones(2), _t(T, 2), strict=True)


@scenario
def jacobian_constant_output(T):
    return _f(T).jacobian(lambda a: T.ones(2, dtype=T.float64), _t(T, 3))


@scenario
def error_jacobian_non_tensor_input(T):
    _f(T).jacobian(lambda a: a, 3.0)


@scenario
def error_jacobian_non_tensor_in_tuple(T):
    _f(T).jacobian(lambda a, b: a, (_t(T, 2), 3.0))


@scenario
def error_jacobian_non_tensor_output(T):
    _f(T).jacobian(lambda a: 3.0, _t(T, 2))


@scenario
def error_jacobian_list_input(T):
    _f(T).jacobian(lambda a: a, [_t(T, 2)])


@scenario
def hessian_tensor(T):
    return _f(T).hessian(lambda x: (x ** 3).sum() + x[0] * x[1], _t(T, 3))


@scenario
def hessian_matrix_input(T):
    return _f(T).hessian(lambda x: (x.exp() * x).sum(), _t(T, 2, 2))


@scenario
def hessian_tuple_inputs(T):
    return _f(T).hessian(lambda a, b: (a * b ** 2).sum() + (a ** 3).sum(), (_t(T, 2), _t(T, 2, seed=1)))


@scenario
def hessian_linear_is_zero(T):
    return _f(T).hessian(lambda x: (x * 3).sum(), _t(T, 2))


@scenario
def hessian_create_graph(T):
    x = _t(T, 2).requires_grad_()
    h = _f(T).hessian(lambda a: (a ** 4).sum(), x, create_graph=True)
    return h, T.autograd.grad(h.sum(), x)


@scenario
def error_hessian_vector_output(T):
    _f(T).hessian(lambda x: x ** 2, _t(T, 2))


@scenario
def error_hessian_tuple_output(T):
    _f(T).hessian(lambda x: (x.sum(), x.sum()), _t(T, 2))


@scenario
def error_hessian_strict_linear(T):
    _f(T).hessian(lambda x: (x * 3).sum(), _t(T, 2), strict=True)


@scenario
def vjp_basic(T):
    return _f(T).vjp(lambda x: x ** 2, _t(T, 3), T.tensor([1.0, -1.0, 0.5], dtype=T.float64))


@scenario
def vjp_scalar_without_v(T):
    return _f(T).vjp(lambda x: (x ** 2).sum(), _t(T, 3))


@scenario
def vjp_tuple(T):
    return _f(T).vjp(lambda a, b: (a * b, a + b), (_t(T, 2), _t(T, 2, seed=1)),
                     (T.ones(2, dtype=T.float64), T.tensor([2.0, 3.0], dtype=T.float64)))


@scenario
def error_vjp_needs_v(T):
    _f(T).vjp(lambda x: x ** 2, _t(T, 3))


@scenario
def error_vjp_v_size(T):
    _f(T).vjp(lambda x: x ** 2, _t(T, 3), T.ones(2, dtype=T.float64))


@scenario
def error_vjp_v_tuple_length(T):
    _f(T).vjp(lambda a, b: (a, b), (_t(T, 2), _t(T, 2)), (T.ones(2, dtype=T.float64),))


@scenario
def jvp_basic(T):
    return _f(T).jvp(lambda x: x.sin() * x, _t(T, 3), T.tensor([1.0, 0.0, 2.0], dtype=T.float64))


@scenario
def jvp_tuple(T):
    return _f(T).jvp(lambda a, b: (a * b, a.sum()), (_t(T, 2), _t(T, 2, seed=1)),
                     (T.ones(2, dtype=T.float64), T.tensor([2.0, 3.0], dtype=T.float64)))


@scenario
def jvp_scalar_input_without_v(T):
    return _f(T).jvp(lambda x: x * 3, T.tensor(2.0, dtype=T.float64))


@scenario
def error_jvp_needs_v(T):
    _f(T).jvp(lambda x: x * 3, _t(T, 2))


@scenario
def hvp_basic(T):
    return _f(T).hvp(lambda x: (x ** 3).sum(), _t(T, 3), T.tensor([1.0, 0.0, 2.0], dtype=T.float64))


@scenario
def vhp_basic(T):
    return _f(T).vhp(lambda x: (x ** 3 * x.sum()).sum(), _t(T, 3), T.tensor([1.0, 0.0, 2.0], dtype=T.float64))


@scenario
def hvp_tuple(T):
    v = (T.ones(2, dtype=T.float64), T.tensor([2.0, 3.0], dtype=T.float64))
    return _f(T).hvp(lambda a, b: (a * b * b).sum(), (_t(T, 2), _t(T, 2, seed=1)), v)


@scenario
def error_hvp_vector_output(T):
    _f(T).hvp(lambda x: x ** 3, _t(T, 3), T.ones(3, dtype=T.float64))


@scenario
def jacobian_of_empty_output_is_torchs_error(T):
    return _f(T).jacobian(lambda x: (x * 2, x[:0]), _t(T, 2))


@scenario
def jacobian_of_empty_output_vectorized(T):
    return _f(T).jacobian(lambda x: (x[:0], x * 2), _t(T, 2), vectorize=True)


@scenario
def jacobian_all_outputs_empty_vectorized(T):
    return _f(T).jacobian(lambda x: x * 2, _t(T, 0), vectorize=True)


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
