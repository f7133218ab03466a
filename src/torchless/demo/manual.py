"""Part 2: the second seed's 100-point problem, fitted by its hand-written gradient-descent update under
``no_grad`` (no optimizer, no module: ``w.sub_(lr * w.grad)`` and ``w.grad.zero_()``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import torchless as torch

from . import data, progress

EPOCHS = 100
LR = 0.1


def mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The seed's loss: the mean squared error."""
    return ((y_hat - y) ** 2).mean()


@dataclass
class ManualResult:
    x: np.ndarray  # (n, 2): x-values and the column of ones
    y: np.ndarray
    weights: list[tuple[float, float]] = field(default_factory=list)  # w before each epoch, and the final w
    losses: list[float] = field(default_factory=list)
    exact: tuple[float, float] = (0.0, 0.0)
    truth: tuple[float, float] = (3.0, 2.0)

    @property
    def w(self) -> tuple[float, float]:
        return self.weights[-1]


def run(epochs: int = EPOCHS, lr: float = LR, seed: int = 0, log: Callable[[str], None] = print) -> ManualResult:
    torch.manual_seed(seed)
    x, y, truth = data.manual_problem()
    w = torch.as_tensor(np.array([-1., 1]).astype(np.float32))  # the seed's first guess
    w.requires_grad = True
    log(f"Part 2 - manual: the second seed's {len(y)} points y = x @ {tuple(truth.tolist())} + noise, "
        f"w.sub_(lr * w.grad) under no_grad, lr={lr}, {epochs} epochs")
    weights, losses = [], []
    report = progress.checkpoints(epochs)
    for epoch in range(epochs):
        weights.append(tuple(w.tolist()))
        y_hat = x @ w
        loss = mse(y, y_hat)
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)  # in-place subtraction, not recorded in the graph
            w.grad.zero_()
        losses.append(loss.item())
        if epoch in report:
            log(progress.line(epoch, epochs, loss=losses[-1]))
    weights.append(tuple(w.tolist()))
    exact = tuple(data.least_squares(x, y).tolist())
    if progress.diverged(losses):
        log(progress.DIVERGED)
    res = ManualResult(x.numpy(), y.numpy(), weights, losses, exact, tuple(truth.tolist()))
    log("  result                  w[0]      w[1]")
    log(f"  gradient descent   {res.w[0]:9.6f} {res.w[1]:9.6f}")
    log(f"  pinv (exact)       {exact[0]:9.6f} {exact[1]:9.6f}")
    log(f"  ground truth       {res.truth[0]:9.6f} {res.truth[1]:9.6f}   (noise adds 0.5 to w[1] on average)")
    return res
