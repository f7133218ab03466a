"""Part 3: the second seed's optional task - logistic regression (a sigmoid output, binary cross-entropy loss)
trained by mini-batch SGD with a ``DataLoader`` - on two species of the Iris data (``iris_LICENSE.txt``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import torchless as torch
from torchless.utils.data import DataLoader, TensorDataset

from . import data

EPOCHS = 20
LR = 0.5
BATCH_SIZE = 10


class LogisticRegression(torch.nn.Module):
    """``p(virginica | x) = sigmoid(x @ w + b)``."""

    def __init__(self, features: int = 2) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(features, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.linear(x)).squeeze(1)


@dataclass
class LogisticResult:
    features: np.ndarray  # (n, 2), in centimetres
    labels: np.ndarray  # (n,), 0. or 1.
    weight: tuple[float, float]  # on the original (unstandardised) features: boundary weight @ x + bias = 0
    bias: float
    losses: list[float] = field(default_factory=list)  # mean loss over each epoch's batches
    accuracies: list[float] = field(default_factory=list)  # on the whole set after each epoch

    @property
    def accuracy(self) -> float:
        return self.accuracies[-1]


def run(epochs: int = EPOCHS, lr: float = LR, seed: int = 0, log: Callable[[str], None] = print,
        batch_size: int = BATCH_SIZE) -> LogisticResult:
    torch.manual_seed(seed)
    features, labels = data.iris()
    mean, std = features.mean(0), features.std(0)
    inputs = (features - mean) / std  # standardised: SGD converges much faster on features of similar scale
    loader = DataLoader(TensorDataset(inputs, labels), batch_size=batch_size, shuffle=True)
    model = LogisticRegression()
    loss_fn = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    names = [name.replace("-", " ") for name in data.IRIS_CLASSES]
    log(f"Part 3 - logistic: {names[0]} (0) vs {names[1]} (1) on "
        f"{' and '.join(data.IRIS_FEATURES)}, {len(labels)} flowers; sigmoid + BCELoss, mini-batch SGD "
        f"(DataLoader batch_size={batch_size}, shuffle=True), lr={lr}, {epochs} epochs")
    losses, accuracies = [], []
    width = len(str(epochs))
    for epoch in range(epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(yb)
        losses.append(total / len(labels))
        with torch.no_grad():
            accuracies.append(((model(inputs) > 0.5).float() == labels).float().mean().item())
        log(f"  epoch {epoch + 1:>{width}}/{epochs}  loss {losses[-1]:.4f}  accuracy {accuracies[-1]:.3f}")
    with torch.no_grad():  # undo the standardisation: w . (x - mean) / std + b = (w / std) . x + (b - w . mean / std)
        w = model.linear.weight[0] / std
        b = model.linear.bias[0] - (w * mean).sum()
    res = LogisticResult(features.numpy(), labels.numpy(), tuple(w.tolist()), b.item(), losses, accuracies)
    correct = round(res.accuracy * len(labels))
    log(f"  accuracy {res.accuracy:.3f} ({correct} of {len(labels)} flowers); decision boundary: "
        f"{res.weight[0]:.3f} * length {_signed(res.weight[1])} * width {_signed(res.bias)} = 0")
    return res


def _signed(value: float) -> str:
    """``+ 1.500`` or ``- 1.500``, to continue a sum."""
    return f"{'-' if value < 0 else '+'} {abs(value):.3f}"
