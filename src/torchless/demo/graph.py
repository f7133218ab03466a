"""``torchless demo --graph``: the first seed's graph (its cost after one forward pass), with parameter names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torchless as torch

from . import data
from .regression import LinearRegression, mse_cost


def save(out: Path, seed: int = 0, log: Callable[[str], None] = print) -> Path:
    """Save the graph of the seed's cost as ``graph.svg`` (or its DOT source without Graphviz)."""
    from .. import viz

    torch.manual_seed(seed)
    x_pt, y_pt = data.seed_points()
    model = LinearRegression()
    cost = mse_cost(model(x_pt), y_pt)
    out.mkdir(parents=True, exist_ok=True)
    path = viz.save_graph(cost, out / "graph.svg", params=dict(model.named_parameters()), name="cost")
    log(f"  wrote {path} (the graph behind the first seed's cost: gradients flow from the top down)")
    return path
