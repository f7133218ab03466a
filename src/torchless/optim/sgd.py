"""SGD with momentum, dampening, Nesterov momentum, weight decay and maximize (torch's single-tensor update)."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._functional import add_alpha, fma, scalar
from .optimizer import Optimizer, _check_options, _hyper

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum: ``p -= lr * g`` with torch's momentum buffer."""

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False, foreach=None,
                 differentiable: bool = False, fused=None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov, "maximize": maximize, "foreach": foreach,
                    "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        _check_options("SGD", differentiable, fused)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)

    def step(self, closure=None):
        """Perform a single optimization step. ``closure`` re-evaluates the model and returns the loss."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            wd, momentum = group["weight_decay"], group["momentum"]
            dampening, nesterov, maximize = group["dampening"], group["nesterov"], group["maximize"]
            lr = _hyper(group["lr"])
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                P = p._data
                dt = P.dtype
                g = np.negative(grad._data) if maximize else grad._data
                if wd != 0:
                    g = fma(P, add_alpha(wd, dt), g)
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = Tensor._make(np.array(g, order="C"))
                    else:
                        B = buf._data
                        np.multiply(B, scalar(momentum, dt), out=B)
                        fma(g, add_alpha(1 - dampening, dt), B, out=B)
                        buf._vc[0] += 1
                    state["momentum_buffer"] = buf
                    g = fma(buf._data, add_alpha(momentum, dt), g) if nesterov else buf._data
                fma(g, add_alpha(-lr, dt), P, out=P)
                p._vc[0] += 1
        return loss
