"""The demo's data (all embedded in the package) and the closed-form least-squares reference solution."""

from __future__ import annotations

from importlib import resources

import numpy as np

import torchless as torch

# The first seed notebook's eight points, one instance per row (as in its "Linear Algebra II" predecessor).
SEED_X = np.array([0, 1, 2, 3, 4, 5, 6, 7.]).reshape(-1, 1)
SEED_Y = np.array([-.82, -.94, -.12, .26, .39, .64, 1.02, 1.]).reshape(-1, 1)

IRIS_FILE = "iris.csv"  # attribution and licence (CC BY 4.0): iris_LICENSE.txt beside it
IRIS_FEATURES = ("petal length (cm)", "petal width (cm)")
IRIS_CLASSES = ("Iris-versicolor", "Iris-virginica")  # labels 0 and 1


def seed_points() -> tuple[torch.Tensor, torch.Tensor]:
    """The first seed's ``x`` and ``y`` as float32 column tensors, as the seed builds ``x_pt`` and ``y_pt``."""
    return torch.from_numpy(SEED_X).float(), torch.from_numpy(SEED_Y).float()


def manual_problem(n: int = 100) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The second seed's training set, drawn as the seed draws it (so ``manual_seed`` fixes it): ``x`` is
    ``n x 2`` with uniform(-1, 1) in column 0 and ones in column 1, ``y = x @ (3, 2) + uniform(0, 1)`` noise.
    Returns ``x, y`` and the ground-truth weights."""
    x = torch.ones(n, 2)
    x[:, 0].uniform_(-1., 1)
    w = torch.from_numpy(np.array([3., 2]).astype(np.float32))
    y = x @ w + torch.rand(n)
    return x, y, w


def iris() -> tuple[torch.Tensor, torch.Tensor]:
    """Iris versicolor (label 0) and virginica (label 1) on petal length and width: ``(100, 2)`` float32 features
    and ``(100,)`` float32 labels. Source and licence: ``iris_LICENSE.txt`` in this package."""
    text = resources.files(__package__).joinpath(IRIS_FILE).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()[1:] if line.strip()]
    features = np.array([[float(a), float(b)] for a, b, _ in rows], dtype=np.float32)
    labels = np.array([IRIS_CLASSES.index(name.strip()) for _, _, name in rows], dtype=np.float32)
    return torch.from_numpy(features), torch.from_numpy(labels)


def least_squares(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Closed-form least squares by the Moore-Penrose pseudoinverse, in float64: ``w = pinv(x) @ y``."""
    x64, y64 = x.double(), y.double()
    return torch.linalg.pinv(x64) @ y64
