"""Adagrad with learning-rate decay, an initial accumulator value, weight decay and maximize."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._functional import add_alpha, addcdiv, addcmul_, fma, scalar
from .optimizer import Optimizer, _check_options, _hyper, _setstate_step, _step_tensor

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad: per-element learning rates scaled by the square root of the sum of squared gradients."""

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, fused=None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check_options("Adagrad", differentiable, fused)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p)

    def _init_state(self, p: Tensor) -> dict:
        state = self.state[p]
        state["step"] = _step_tensor()
        state["sum"] = Tensor._make(np.full_like(p._data, self.defaults["initial_accumulator_value"]))
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", None)
        _setstate_step(self)

    def step(self, closure=None):
        """Perform a single optimization step. ``closure`` re-evaluates the model and returns the loss."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, lr_decay, wd, eps = _hyper(group["lr"]), group["lr_decay"], group["weight_decay"], group["eps"]
            maximize = group["maximize"]
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state = self._init_state(p)
                P = p._data
                dt = P.dtype
                step_t = state["step"]
                step_t._data += 1
                step = step_t._data.item()
                g = np.negative(grad._data) if maximize else grad._data
                if wd != 0:
                    g = fma(P, add_alpha(wd, dt), g)
                clr = lr / (1 + (step - 1) * lr_decay)
                S = state["sum"]._data
                addcmul_(S, g, g, 1)
                std = np.sqrt(S)
                np.add(std, scalar(eps, dt), out=std)
                addcdiv(P, g, std, -clr, out=P)
                for t in (step_t, state["sum"], p):
                    t._vc[0] += 1
        return loss
