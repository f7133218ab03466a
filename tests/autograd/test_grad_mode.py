"""no_grad, enable_grad, set_grad_enabled, inference_mode: as context managers, decorators and calls."""

from __future__ import annotations

from .harness import make_tests, scenarios

TOPIC = "grad_mode"
SCENARIOS, scenario = scenarios()


def _x(T):
    return T.tensor([1.0, 2.0], requires_grad=True)


@scenario
def no_grad_block(T):
    x = _x(T)
    with T.no_grad():
        inside = T.is_grad_enabled()
        y = x * 2
    return inside, T.is_grad_enabled(), y.requires_grad, y.grad_fn


@scenario
def no_grad_restores_after_error(T):
    try:
        with T.no_grad():
            raise ValueError("boom")
    except ValueError:
        pass
    return T.is_grad_enabled()


@scenario
def enable_grad_inside_no_grad(T):
    x = _x(T)
    with T.no_grad():
        with T.enable_grad():
            y = x * 2
            inner = T.is_grad_enabled()
        z = x * 2
    return inner, y.requires_grad, z.requires_grad


@scenario
def nested_no_grad(T):
    states = []
    with T.no_grad():
        with T.no_grad():
            states.append(T.is_grad_enabled())
        states.append(T.is_grad_enabled())
    states.append(T.is_grad_enabled())
    return states


@scenario
def no_grad_decorator(T):
    x = _x(T)

    @T.no_grad()
    def f(a):
        return a * 2, T.is_grad_enabled()

    y, mode = f(x)
    return y.requires_grad, mode, T.is_grad_enabled(), f.__name__


@scenario
def no_grad_decorator_without_parentheses(T):
    x = _x(T)

    @T.no_grad
    def f(a):
        """Doc."""
        return a * 2

    return f(x).requires_grad, f.__name__, f.__doc__


@scenario
def enable_grad_decorator(T):
    x = _x(T)

    @T.enable_grad()
    def f(a):
        return a * 2

    @T.enable_grad
    def g(a):
        return a * 3

    with T.no_grad():
        y, z = f(x), g(x)
    return y.requires_grad, z.requires_grad


@scenario
def no_grad_generator(T):
    x = _x(T)

    @T.no_grad()
    def gen():
        for k in range(3):
            received = yield (x * k).requires_grad, T.is_grad_enabled()
            if received is not None:
                yield received

    g = gen()
    out = [next(g), T.is_grad_enabled(), next(g), g.send("hello"), next(g)]
    return out, T.is_grad_enabled()


@scenario
def generator_return_value(T):
    @T.no_grad()
    def gen():
        yield 1
        return "done"

    g = gen()
    next(g)
    try:
        next(g)
    except StopIteration as e:
        return e.value


@scenario
def set_grad_enabled_call(T):
    x = _x(T)
    T.set_grad_enabled(False)
    y = x * 2
    off = T.is_grad_enabled()
    T.set_grad_enabled(True)
    return off, y.requires_grad, T.is_grad_enabled()


@scenario
def set_grad_enabled_context(T):
    x = _x(T)
    with T.set_grad_enabled(False):
        y = x * 2
        inside = T.is_grad_enabled()
        with T.set_grad_enabled(True):
            z = x * 2
    return inside, y.requires_grad, z.requires_grad, T.is_grad_enabled()


@scenario
def set_grad_enabled_context_is_training(T):
    x = _x(T)
    results = []
    for training in (True, False):
        with T.set_grad_enabled(training):
            results.append((x * 2).requires_grad)
    return results


@scenario
def set_grad_enabled_decorator(T):
    x = _x(T)

    @T.set_grad_enabled(False)
    def f(a):
        return a * 2

    between = T.is_grad_enabled()
    return between, f(x).requires_grad, T.is_grad_enabled()


@scenario
def set_grad_enabled_repr(T):
    s = T.set_grad_enabled(False)
    r = repr(s)
    T.set_grad_enabled(True)
    return r


@scenario
def set_grad_enabled_inside_no_grad(T):
    with T.no_grad():
        T.set_grad_enabled(True)
        inside = T.is_grad_enabled()
    return inside, T.is_grad_enabled()


@scenario
def inference_mode_block(T):
    x = _x(T)
    with T.inference_mode():
        y = x * 2
        states = (T.is_grad_enabled(), T.is_inference_mode_enabled())
    return states, y.requires_grad, T.is_inference_mode_enabled()


@scenario
def inference_mode_false(T):
    x = _x(T)
    with T.no_grad():
        with T.inference_mode(False):
            y = x * 2
            states = (T.is_grad_enabled(), T.is_inference_mode_enabled())
    with T.inference_mode():
        with T.inference_mode(False):
            inner = (T.is_grad_enabled(), T.is_inference_mode_enabled())
    return states, inner, y.requires_grad


@scenario
def inference_mode_decorators(T):
    x = _x(T)

    @T.inference_mode()
    def f(a):
        return a * 2

    @T.inference_mode
    def g(a):
        return a * 2

    return f(x).requires_grad, g(x).requires_grad, T.is_inference_mode_enabled()


@scenario
def autograd_namespace_aliases(T):
    return (T.autograd.no_grad is T.no_grad, T.autograd.enable_grad is T.enable_grad,
            T.autograd.set_grad_enabled is T.set_grad_enabled, T.autograd.inference_mode is T.inference_mode)


@scenario
def method_decorated(T):
    class Model:
        def __init__(self):
            self.w = T.tensor([1.0, 2.0], requires_grad=True)

        @T.no_grad()
        def predict(self, a):
            return self.w * a

    return Model().predict(T.tensor([3.0, 4.0])).requires_grad


@scenario
def backward_inside_no_grad(T):
    x = _x(T)
    y = (x * x).sum()
    with T.no_grad():
        y.backward()
    return x.grad


@scenario
def grad_create_graph_inside_no_grad(T):
    x = _x(T)
    y = (x ** 3).sum()
    with T.no_grad():
        (g,) = T.autograd.grad(y, x, create_graph=True)
        mode = T.is_grad_enabled()
    return g, mode


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
