"""Adam and AdamW (decoupled weight decay), with amsgrad and maximize (torch's single-tensor update)."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._functional import add_alpha, addcdiv, addcmul_, fma, lerp_, scalar
from .optimizer import Optimizer, _check_options, _hyper, _setstate_step, _step_tensor

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    """Adam: bias-corrected running averages of the gradient and its square. ``decoupled_weight_decay=True``
    is AdamW."""

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach=None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False, fused=None,
                 decoupled_weight_decay: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
                or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
            raise ValueError("betas must be either both floats or both Tensors")
        for i, b in enumerate(betas):
            if isinstance(b, Tensor) and b.numel() != 1:
                raise ValueError(f"Tensor betas[{i}] must be 1-element")
        betas = tuple(b.reshape(()) if isinstance(b, Tensor) and b.dim() else b for b in betas)
        _check_options(type(self).__name__, differentiable, fused, capturable)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("fused", None)
        _setstate_step(self)

    def step(self, closure=None):
        """Perform a single optimization step. ``closure`` re-evaluates the model and returns the loss."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            beta1, beta2 = (_hyper(b) for b in group["betas"])
            lr, wd, eps = _hyper(group["lr"]), group["weight_decay"], group["eps"]
            amsgrad, maximize, decoupled = group["amsgrad"], group["maximize"], group["decoupled_weight_decay"]
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                state = self.state[p]
                P = p._data
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["exp_avg"] = Tensor._make(np.zeros_like(P))
                    state["exp_avg_sq"] = Tensor._make(np.zeros_like(P))
                    if amsgrad:
                        state["max_exp_avg_sq"] = Tensor._make(np.zeros_like(P))
                dt = P.dtype
                step_t = state["step"]
                step_t._data += 1
                step = step_t._data.item()
                g = np.negative(grad._data) if maximize else grad._data
                if wd != 0:
                    if decoupled:
                        np.multiply(P, scalar(1 - lr * wd, dt), out=P)
                    else:
                        g = fma(P, add_alpha(wd, dt), g)
                exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
                lerp_(exp_avg, g, 1 - beta1)
                np.multiply(exp_avg_sq, scalar(beta2, dt), out=exp_avg_sq)
                addcmul_(exp_avg_sq, g, g, 1 - beta2)
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                step_size = lr / bias_correction1
                bias_correction2_sqrt = bias_correction2 ** 0.5
                if amsgrad:
                    m = state["max_exp_avg_sq"]
                    np.maximum(m._data, exp_avg_sq, out=m._data)
                    m._vc[0] += 1
                    denom = np.sqrt(m._data)
                else:
                    denom = np.sqrt(exp_avg_sq)
                np.divide(denom, scalar(bias_correction2_sqrt, dt), out=denom)
                np.add(denom, scalar(eps, dt), out=denom)
                addcdiv(P, exp_avg, denom, -step_size, out=P)
                for t in (step_t, state["exp_avg"], state["exp_avg_sq"], p):
                    t._vc[0] += 1
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay: ``p *= 1 - lr * weight_decay`` before the Adam update."""

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False, foreach=None,
                 capturable: bool = False, differentiable: bool = False, fused=None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
