"""Grad mode: whether ops record the graph. Context managers that also work as decorators."""

from __future__ import annotations

import functools
import inspect

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]

# One mutable cell read on every op: a list is the cheapest global flag to read and write.
_state = [True, False]  # [grad enabled, inference mode]


def is_grad_enabled() -> bool:
    """True when ops record the autograd graph."""
    return _state[0]


def is_inference_mode_enabled() -> bool:
    return _state[1]


class _GradMode:
    """Base: set a mode on enter, restore it on exit; decorating a function wraps each call."""

    _mode = True

    def __enter__(self):
        self._prev = _state[0]
        _state[0] = self._mode

    def __exit__(self, *exc):
        _state[0] = self._prev
        return False

    def clone(self):
        return type(self)()

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def gen_wrapper(*args, **kwargs):
                gen = func(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    with self.clone():
                        response = gen.send(request)
            return gen_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """Context manager and decorator: ops inside record no graph (use it for parameter updates)."""

    _mode = False

    def __init__(self, orig_func=None):
        if orig_func is not None and callable(orig_func):
            raise TypeError("no_grad() takes no arguments; use @no_grad() or @no_grad")

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class enable_grad(_GradMode):
    """Context manager and decorator: re-enable graph recording inside a ``no_grad`` block."""

    _mode = True

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class set_grad_enabled(_GradMode):
    """Set grad mode to ``mode``: immediately as a function call, or for a block as a context manager."""

    def __init__(self, mode: bool):
        self._prev = _state[0]
        self._mode = bool(mode)
        _state[0] = self._mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _state[0] = self._prev
        return False

    def clone(self):
        return type(self)(self._mode)

    def __call__(self, func):
        _state[0] = self._prev
        return super().__call__(func)


class inference_mode(_GradMode):
    """Like ``no_grad`` (torchless keeps no extra bookkeeping to skip, so it is the same speed-up)."""

    def __init__(self, mode: bool = True):
        self._mode_on = bool(mode)
        self._mode = not mode

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):
            return cls()(mode)
        return super().__new__(cls)

    def __enter__(self):
        self._prev = _state[0]
        self._prev_inf = _state[1]
        if self._mode_on:
            _state[0] = False
        _state[1] = self._mode_on

    def __exit__(self, *exc):
        _state[0] = self._prev
        _state[1] = self._prev_inf
        return False

    def clone(self):
        return type(self)(self._mode_on)
