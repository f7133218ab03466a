"""gradcheck / gradgradcheck: verdicts and torch's error messages."""

from __future__ import annotations

import warnings

import numpy as np

from .harness import make_tests, scenarios

TOPIC = "gradcheck"
SCENARIOS, scenario = scenarios()


def _d(T, *shape, seed=0, rg=True):
    arr = np.random.default_rng(seed).uniform(0.5, 1.5, shape)
    return T.tensor(arr, dtype=T.float64, requires_grad=rg)


def _wrong(T):
    """A custom function whose backward is off by a factor."""
    cache = _wrong.__dict__.setdefault("cache", {})
    if T.__name__ not in cache:
        class WrongSquare(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return 3 * x * g

        class NotMultiplied(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return T.ones_like(g)

        class WrongSecond(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 3

            @staticmethod
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return g * 3 * x.detach() ** 2  # right value, but its graph is cut: second derivative is wrong

        class Noisy(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2 + T.rand_like(g) * 1e-3  # right within atol, but not the same twice

        cache[T.__name__] = {"WrongSquare": WrongSquare, "NotMultiplied": NotMultiplied, "WrongSecond": WrongSecond,
                             "Noisy": Noisy}
    return cache[T.__name__]


@scenario
def passes_elementwise(T):
    return T.autograd.gradcheck(lambda a: (a.sin() * a.exp()).sum(1), (_d(T, 2, 3),))


@scenario
def passes_single_tensor_input(T):
    return T.autograd.gradcheck(lambda a: a.tanh(), _d(T, 4))


@scenario
def passes_multiple_inputs_and_outputs(T):
    def f(a, b):
        return a @ b, (a * 2).sum()

    return T.autograd.gradcheck(f, (_d(T, 2, 3), _d(T, 3, 2, seed=1)))


@scenario
def passes_non_tensor_arguments(T):
    return T.autograd.gradcheck(lambda a, k, b: a.pow(k) + b, (_d(T, 3), 3, _d(T, 3, seed=1, rg=False)))


@scenario
def passes_list_inputs(T):
    return T.autograd.gradcheck(lambda a, b: a * b, [_d(T, 3), _d(T, 3, seed=1)])


@scenario
def passes_output_without_grad(T):
    return T.autograd.gradcheck(lambda a: (a * 2, a.argmax()), (_d(T, 3),))


@scenario
def passes_custom_function(T):
    return T.autograd.gradcheck(lambda a: a.exp() * 2, (_d(T, 3),), eps=1e-6, atol=1e-4)


@scenario
def error_mismatch_message(T):
    T.autograd.gradcheck(_wrong(T)["WrongSquare"].apply, (_d(T, 2),))


@scenario
def error_mismatch_second_input(T):
    sq = _wrong(T)["WrongSquare"].apply
    T.autograd.gradcheck(lambda a, b: a.sum() * 2 + sq(b), (_d(T, 2), _d(T, 3, seed=1)))


@scenario
def error_mismatch_second_output(T):
    sq = _wrong(T)["WrongSquare"].apply
    T.autograd.gradcheck(lambda a: (a * 2, sq(a)), (_d(T, 2),))


@scenario
def error_mismatch_error_type(T):
    try:
        T.autograd.gradcheck(_wrong(T)["WrongSquare"].apply, (_d(T, 2),))
    except RuntimeError as e:
        return [c.__name__ for c in type(e).__mro__]


@scenario
def raise_exception_false(T):
    return T.autograd.gradcheck(_wrong(T)["WrongSquare"].apply, (_d(T, 2),), raise_exception=False)


@scenario
def error_not_multiplied_by_grad_output(T):
    T.autograd.gradcheck(_wrong(T)["NotMultiplied"].apply, (_d(T, 1),))


@scenario
def error_no_input_requires_grad(T):
    T.autograd.gradcheck(lambda a: a * 2, (_d(T, 2, rg=False),))


@scenario
def error_stride_zero_input(T):
    a = T.tensor([1.0], dtype=T.float64).expand(3).requires_grad_()
    T.autograd.gradcheck(lambda t: t * 2, (a,))


@scenario
def float32_warning(T):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ok = T.autograd.gradcheck(lambda a: a * 2, (T.tensor([1.0, 2.0], requires_grad=True),), raise_exception=False)
    return ok, [str(m.message) for m in w]


@scenario
def tolerance_matters(T):
    f = _wrong(T)["WrongSquare"].apply
    x = T.tensor([1e-4], dtype=T.float64, requires_grad=True)
    return (T.autograd.gradcheck(f, (x,), raise_exception=False),
            T.autograd.gradcheck(f, (x,), atol=1e-3, raise_exception=False))


@scenario
def constant_function_passes(T):
    return T.autograd.gradcheck(lambda a: (a > 1).double(), (_d(T, 2),))


@scenario
def gradgradcheck_passes(T):
    return T.autograd.gradgradcheck(lambda a, b: (a * b).sin() * a, (_d(T, 3), _d(T, 3, seed=1)))


@scenario
def gradgradcheck_passes_matmul(T):
    return T.autograd.gradgradcheck(lambda a, b: (a @ b).exp(), (_d(T, 2, 3), _d(T, 3, 2, seed=1)))


@scenario
def gradgradcheck_with_grad_outputs(T):
    go = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
    return T.autograd.gradgradcheck(lambda a: a ** 3, (_d(T, 3),), (go,))


@scenario
def gradgradcheck_fails(T):
    return T.autograd.gradgradcheck(_wrong(T)["WrongSecond"].apply, (_d(T, 2),), raise_exception=False)


@scenario
def gradcheck_of_good_custom_backward(T):
    return T.autograd.gradcheck(_wrong(T)["WrongSecond"].apply, (_d(T, 2),))


@scenario
def error_not_reentrant(T):
    T.manual_seed(0)
    return T.autograd.gradcheck(_wrong(T)["Noisy"].apply, (_d(T, 3),), atol=1e-2)


@scenario
def nondet_tol_allows_noise_then_mul_by_grad_output(T):
    T.manual_seed(0)
    return T.autograd.gradcheck(_wrong(T)["Noisy"].apply, (_d(T, 3),), atol=1e-2, nondet_tol=1e-2)


@scenario
def error_non_tensor_output(T):
    return T.autograd.gradcheck(lambda a: (a * 2, 3.0), (_d(T, 3),))


@scenario
def fast_mode_mismatch_message(T):
    return T.autograd.gradcheck(_wrong(T)["WrongSquare"].apply, (_d(T, 3),), fast_mode=True)


@scenario
def fast_mode_message_after_constant_output(T):
    """torch's slow-mode report then shows the Jacobian of func's output 0 (the constant one), as here."""
    return T.autograd.gradcheck(lambda a: (a.detach() * 2, _wrong(T)["WrongSquare"].apply(a)), (_d(T, 3),),
                                fast_mode=True)


@scenario
def fast_mode_passes_and_fails_quietly(T):
    ok = T.autograd.gradcheck(lambda a, b: (a * b).sin(), (_d(T, 3, 2), _d(T, 2, seed=1)), fast_mode=True)
    bad = T.autograd.gradcheck(_wrong(T)["WrongSquare"].apply, (_d(T, 3),), fast_mode=True, raise_exception=False)
    return ok, bad


@scenario
def fast_mode_fails_where_slow_mode_passes(T):
    return T.autograd.gradcheck(lambda a: (a * 30).sin(), (_d(T, 20),), eps=1e-3, atol=1e-3, rtol=0, fast_mode=True)


@scenario
def fast_mode_not_reentrant_and_constant(T):
    T.manual_seed(0)
    const = T.autograd.gradcheck(lambda a: (a * 2).detach(), (_d(T, 3),), fast_mode=True, raise_exception=False)
    return const, T.autograd.gradcheck(_wrong(T)["Noisy"].apply, (_d(T, 3),), atol=1e-2, fast_mode=True)


@scenario
def gradgradcheck_random_grad_outputs_from_global_rng(T):
    """The random grad_outputs come from the global generator: the same failure numbers, and the same state after."""
    T.manual_seed(3)
    msg = None
    try:
        T.autograd.gradgradcheck(_wrong(T)["WrongSecond"].apply, (_d(T, 3),))
    except RuntimeError as e:
        msg = str(e)
    return msg, T.rand(2), T.autograd.gradgradcheck(lambda a: a.exp(), (_d(T, 3),)), T.rand(2)


@scenario
def gradgradcheck_fast_mode(T):
    T.manual_seed(0)
    return (T.autograd.gradgradcheck(lambda a, b: (a * b).sin() * a, (_d(T, 3), _d(T, 3, seed=1)), fast_mode=True),
            T.autograd.gradgradcheck(_wrong(T)["WrongSecond"].apply, (_d(T, 3),), fast_mode=True,
                                     raise_exception=False))


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
