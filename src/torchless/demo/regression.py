"""Part 1: the first seed's regression, trained with ``nn.Linear``, the seed's MSE cost and ``optim.SGD``, then
checked against the closed-form least-squares line from the pseudoinverse."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torchless as torch

from . import data, progress

EPOCHS = 500
LR = 0.04  # below 2 / (largest Hessian eigenvalue, 36.4) = 0.055: the fastest rate at which full-batch GD is stable


class LinearRegression(torch.nn.Module):
    """The seed's model: one weight (the slope m) and one bias (the intercept b)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, my_x: torch.Tensor) -> torch.Tensor:
        return self.linear(my_x)


def mse_cost(my_yhat: torch.Tensor, my_y: torch.Tensor) -> torch.Tensor:
    """The seed's cost: ``C = sum((yhat - y)^2) / n``."""
    sigma = torch.sum((my_yhat - my_y) ** 2)
    return sigma / len(my_y)


@dataclass
class RegressionResult:
    slope: float
    intercept: float
    exact_slope: float
    exact_intercept: float
    exact_cost: float  # the cost of the closed-form line: the lowest any line can reach
    costs: list[float] = field(default_factory=list)

    @property
    def distance(self) -> float:
        """Euclidean distance between the learned ``(m, b)`` and the closed-form one."""
        return math.hypot(self.slope - self.exact_slope, self.intercept - self.exact_intercept)


def run(epochs: int = EPOCHS, lr: float = LR, seed: int = 0, log: Callable[[str], None] = print) -> RegressionResult:
    torch.manual_seed(seed)
    x_pt, y_pt = data.seed_points()
    model = LinearRegression()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    m, b = model.linear.weight, model.linear.bias
    log(f"Part 1 - regression: the first seed's {len(x_pt)} points, nn.Linear(1, 1), mse_cost, "
        f"optim.SGD(lr={lr}), {epochs} epochs")
    log(f"  start: slope m = {m.item():.6f}, intercept b = {b.item():.6f}")
    costs = []
    report = progress.checkpoints(epochs)
    for epoch in range(epochs):
        optimizer.zero_grad()
        cost = mse_cost(model(x_pt), y_pt)
        cost.backward()
        optimizer.step()
        costs.append(cost.item())
        if epoch in report:
            log(progress.line(epoch, epochs, cost=costs[-1]))
    exact = data.least_squares(torch.cat([x_pt, torch.ones_like(x_pt)], dim=1), y_pt).flatten().tolist()
    exact_cost = mse_cost(x_pt * exact[0] + exact[1], y_pt).item()
    if progress.diverged(costs):
        log(progress.DIVERGED)
    res = RegressionResult(m.item(), b.item(), exact[0], exact[1], exact_cost, costs)
    log("  result            slope m   intercept b")
    log(f"  SGD (learned)   {res.slope:9.6f}     {res.intercept:9.6f}")
    log(f"  pinv (exact)    {res.exact_slope:9.6f}     {res.exact_intercept:9.6f}")
    log(f"  distance        {res.distance:.2e}   (cost {res.costs[-1]:.6f}, least possible {exact_cost:.6f})")
    return res
