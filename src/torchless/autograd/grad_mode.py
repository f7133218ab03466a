"""Grad mode: whether ops record the graph. Context managers that also work as decorators (as torch's)."""

from __future__ import annotations

import functools
import inspect
import sys
import warnings

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]

# One mutable cell read on every op: a list is the cheapest global flag to read and write.
_state = [True, False]  # [grad enabled, inference mode]


def is_grad_enabled() -> bool:
    """True when ops record the autograd graph."""
    return _state[0]


def is_inference_mode_enabled() -> bool:
    """True inside an ``inference_mode()`` block."""
    return _state[1]


class _DecoratorContextManager:
    """A context manager that, called on a function (or generator function), runs each call inside itself."""

    def __call__(self, orig_func):
        if inspect.isclass(orig_func):
            warnings.warn("Decorating classes is deprecated and will be disabled in future versions. You should only "
                          "decorate functions or methods. To preserve the current behavior of class decoration, you "
                          "can directly decorate the `__init__` method and nothing else.", FutureWarning,
                          stacklevel=2)
            cls = orig_func
            func = lambda *args, **kwargs: cls(*args, **kwargs)  # noqa: E731
        else:
            func = orig_func
        factory = self.clone
        if inspect.isgeneratorfunction(func):
            return _wrap_generator(factory, func)

        @functools.wraps(func)
        def decorate_context(*args, **kwargs):
            with factory():
                return func(*args, **kwargs)

        return decorate_context

    def clone(self):
        return type(self)()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Also usable as a decorator without parentheses: ``@no_grad``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


def _wrap_generator(factory, func):
    """Each step of the generator runs inside a fresh context (the mode does not leak to the caller)."""

    @functools.wraps(func)
    def generator_context(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with factory():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with factory():
                        gen.close()
                    raise
                except BaseException:
                    with factory():
                        response = gen.throw(*sys.exc_info())
                else:
                    with factory():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value

    return generator_context


class no_grad(_NoParamDecoratorContextManager):  # noqa: N801 - torch's name
    """Ops inside record no graph (use it for parameter updates and evaluation)."""

    def __init__(self, orig_func=None) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = _state[0]
        _state[0] = False

    def __exit__(self, *exc) -> None:
        _state[0] = self.prev


class enable_grad(_NoParamDecoratorContextManager):  # noqa: N801 - torch's name
    """Re-enable graph recording inside a ``no_grad`` block."""

    def __init__(self, orig_func=None) -> None:
        self.prev = True

    def __enter__(self) -> None:
        self.prev = _state[0]
        _state[0] = True

    def __exit__(self, *exc) -> None:
        _state[0] = self.prev


class set_grad_enabled(_DecoratorContextManager):  # noqa: N801 - torch's name
    """Set grad mode to ``mode``: at once when called, or for a block as a context manager or decorator."""

    def __init__(self, mode: bool) -> None:
        self.prev = _state[0]
        self.mode = mode
        _state[0] = bool(mode)

    def __call__(self, orig_func):
        _state[0] = self.prev
        return super().__call__(orig_func)

    def __enter__(self) -> None:
        _state[0] = bool(self.mode)

    def __exit__(self, *exc) -> None:
        _state[0] = self.prev

    def __repr__(self) -> str:
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"

    __str__ = __repr__

    def clone(self) -> set_grad_enabled:
        return type(self)(self.mode)


class inference_mode(_DecoratorContextManager):  # noqa: N801 - torch's name
    """Like ``no_grad`` (torchless keeps no extra per-tensor bookkeeping to skip); ``inference_mode(False)``
    turns grad mode back on inside it, as torch's does."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode: bool = True) -> None:
        self.mode = mode

    def __enter__(self) -> None:
        self._prev = (_state[0], _state[1])
        _state[0] = not self.mode
        _state[1] = bool(self.mode)

    def __exit__(self, *exc) -> None:
        _state[0], _state[1] = self._prev

    def clone(self) -> inference_mode:
        return type(self)(self.mode)
