"""detect_anomaly / set_detect_anomaly: NaN checks, the forward traceback warning, and the flag's state."""

from __future__ import annotations

import warnings

from .harness import make_tests, scenarios

TOPIC = "anomaly"
SCENARIOS, scenario = scenarios()


def _state(T):
    if hasattr(T, "is_anomaly_enabled"):
        return T.is_anomaly_enabled(), T.is_anomaly_check_nan_enabled()
    mode = T.autograd.anomaly_mode
    return mode.is_anomaly_enabled(), mode.is_anomaly_check_nan_enabled()


def _summary(message: str) -> tuple:
    """The warning's first line and the source lines of this file's frames in its traceback."""
    lines = message.split("\n")
    own = [lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if __file__ in line and "line" in line]
    return lines[0], own


def _run(fn):
    """Run ``fn`` recording warnings: (its result or error, the summaries of its UserWarnings)."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            result = fn()
        except Exception as e:  # noqa: BLE001 - the error is the result
            result = (type(e).__name__, str(e))
    return result, [_summary(str(m.message)) for m in w if m.category is UserWarning]


@scenario
def nan_in_sqrt_backward(T):
    def f():
        x = T.tensor([-1.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            y = x.sqrt()
            y.sum().backward()

    return _run(f), _state(T)


@scenario
def error_in_tensor_hook(T):
    def f():
        x = T.tensor([1.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            y = x.exp()
            y.register_hook(lambda g: g / T.zeros(3))  # raises: shapes do not broadcast
            y.sum().backward()

    return _run(f)


@scenario
def nan_check_disabled(T):
    def f():
        x = T.tensor([-1.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly(check_nan=False):
            x.sqrt().sum().backward()
        return x.grad

    return _run(f)


@scenario
def nan_from_zero_times_inf(T):
    def f():
        x = T.tensor([0.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            y = x.sqrt()
            z = y * 0
            z.sum().backward()

    return _run(f)


@scenario
def nan_later_node(T):
    def f():
        x = T.tensor([0.0, 4.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            a = x * 2
            b = a.log()
            c = b * 0
            c.sum().backward()

    return _run(f)


@scenario
def no_anomaly_no_error(T):
    def f():
        x = T.tensor([-1.0, 2.0], requires_grad=True)
        x.sqrt().sum().backward()
        return x.grad

    return _run(f)


@scenario
def inplace_error_hint(T):
    def f():
        x = T.tensor([1.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            y = x.exp()
            z = y.sin()
            y.add_(1)
            z.sum().backward()

    return _run(f)


@scenario
def graph_made_outside_anomaly(T):
    def f():
        x = T.tensor([1.0, 2.0], requires_grad=True)
        y = x.sqrt()
        with T.autograd.detect_anomaly():
            (y * 0 * float("inf")).sum().backward()

    return _run(f)


@scenario
def custom_function_raises(T):
    class Bad(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            raise ValueError("boom")

    def f():
        x = T.tensor([1.0, 2.0], requires_grad=True)
        with T.autograd.detect_anomaly():
            out = Bad.apply(x)
            out.sum().backward()

    return _run(f)


@scenario
def metadata_records_traceback(T):
    x = T.tensor([1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with T.autograd.detect_anomaly():
            y = x * 2
    return sorted(y.grad_fn.metadata)


@scenario
def set_detect_anomaly_function_and_context(T):
    states = [_state(T)]
    T.autograd.set_detect_anomaly(True)
    states.append(_state(T))
    T.autograd.set_detect_anomaly(False)
    states.append(_state(T))
    with T.autograd.set_detect_anomaly(True, check_nan=False):
        states.append(_state(T))
    states.append(_state(T))
    s = T.autograd.set_detect_anomaly(True)
    with s:
        states.append(_state(T))
    states.append(_state(T))
    return states


@scenario
def detect_anomaly_restores(T):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with T.autograd.detect_anomaly():
            with T.autograd.detect_anomaly(check_nan=False):
                inner = _state(T)
            middle = _state(T)
    return inner, middle, _state(T)


@scenario
def detect_anomaly_warns_on_creation(T):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        T.autograd.detect_anomaly()
    return [str(m.message) for m in w], _state(T)


@scenario
def error_detect_anomaly_is_not_a_decorator(T):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")

        @T.autograd.detect_anomaly()
        def f():
            return 1


@scenario
def training_unaffected(T):
    w = T.tensor([0.5, -0.5], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with T.autograd.detect_anomaly():
            for _ in range(3):
                loss = ((w * T.tensor([1.0, 2.0])).sum() - 1) ** 2
                loss.backward()
                with T.no_grad():
                    w -= 0.1 * w.grad
                w.grad = None
    return w


SCENARIO_NAMES = list(SCENARIOS)
test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
