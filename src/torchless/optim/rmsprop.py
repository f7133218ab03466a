"""RMSprop with momentum, centering, weight decay and maximize (torch's single-tensor update)."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._functional import add_alpha, addcdiv, addcmul_, fma, lerp_, scalar
from .optimizer import Optimizer, _check_options, _hyper, _setstate_step, _step_tensor

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop: divide the gradient by a running root mean square of recent gradients."""

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False, foreach=None,
                 maximize: bool = False, differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        _check_options("RMSprop", differentiable, None, capturable)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps, "centered": centered,
                    "weight_decay": weight_decay, "capturable": capturable, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("momentum", 0)
            group.setdefault("centered", False)
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
        _setstate_step(self)

    def step(self, closure=None):
        """Perform a single optimization step. ``closure`` re-evaluates the model and returns the loss."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, alpha, eps = _hyper(group["lr"]), group["alpha"], group["eps"]
            wd, momentum, centered, maximize = (group["weight_decay"], group["momentum"], group["centered"],
                                                group["maximize"])
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                if grad.is_sparse:
                    raise RuntimeError("RMSprop does not support sparse gradients")
                state = self.state[p]
                P = p._data
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["square_avg"] = Tensor._make(np.zeros_like(P))
                    if momentum > 0:
                        state["momentum_buffer"] = Tensor._make(np.zeros_like(P))
                    if centered:
                        state["grad_avg"] = Tensor._make(np.zeros_like(P))
                dt = P.dtype
                g = np.negative(grad._data) if maximize else grad._data
                state["step"]._data += 1
                if wd != 0:
                    g = fma(P, add_alpha(wd, dt), g)
                square_avg = state["square_avg"]._data
                np.multiply(square_avg, scalar(alpha, dt), out=square_avg)
                addcmul_(square_avg, g, g, 1 - alpha)
                if centered:
                    grad_avg = state["grad_avg"]._data
                    lerp_(grad_avg, g, 1 - alpha)
                    avg = square_avg.copy()
                    addcmul_(avg, grad_avg, grad_avg, -1)
                    np.sqrt(avg, out=avg)
                else:
                    avg = np.sqrt(square_avg)
                np.add(avg, scalar(eps, dt), out=avg)
                if momentum > 0:
                    buf = state["momentum_buffer"]._data
                    np.multiply(buf, scalar(momentum, dt), out=buf)
                    addcdiv(buf, g, avg, 1, out=buf)
                    fma(buf, add_alpha(-lr, dt), P, out=P)
                else:
                    addcdiv(P, g, avg, -lr, out=P)
                for t in state.values():
                    t._vc[0] += 1
                p._vc[0] += 1
        return loss
