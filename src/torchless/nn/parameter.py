"""Parameter: a Tensor that a Module registers as one of its learnable weights."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _init, _tp_name

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and that a ``Module`` attribute registers as a parameter.

    ``Parameter(data)`` shares ``data``'s memory (and version counter), as torch does. Operations on a
    Parameter return plain tensors.
    """

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            data = Tensor._make(np.zeros(0, dtype=np.float32))
        if not isinstance(data, Tensor):  # torch calls data.detach() on what is no Tensor
            raise AttributeError(f"'{_tp_name(data)}' object has no attribute 'detach'")
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError("_make_subclass(): argument 'require_grad' (position 3) must be bool, not "
                            f"{_tp_name(requires_grad)}")
        self = object.__new__(cls)
        _init(self, data._data, False, None)
        self._vc = data._vc
        if requires_grad:
            if not self.dtype.is_floating_point:
                raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
            self._rg = True
        return self

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        pass

    def __repr__(self, *, tensor_contents=None) -> str:
        return "Parameter containing:\n" + Tensor.__repr__(self)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(Tensor._make(self._data.copy()), self._rg)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (self._data.copy(), self._rg))


def _rebuild_parameter(arr: np.ndarray, requires_grad: bool) -> Parameter:
    return Parameter(Tensor._make(arr), requires_grad)
