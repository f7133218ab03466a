"""A text progress line for training loops: ``epoch  100/500 [####......] cost 0.0123`` (no dependencies)."""

from __future__ import annotations

import math


def checkpoints(total: int, lines: int = 10) -> set[int]:
    """The 0-based epochs after which to report: the first, the last and about ``lines`` evenly spaced between."""
    if total <= 0:
        return set()
    step = max(1, total // lines)
    return {0, total - 1} | set(range(step - 1, total, step))


def bar(done: int, total: int, width: int = 24) -> str:
    """``[#######.................]``: the share ``done / total`` as ``#`` on a ``width``-wide bar."""
    filled = round(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


def line(epoch: int, total: int, **values: float) -> str:
    """One report line for 0-based ``epoch`` of ``total``, e.g. ``line(9, 100, cost=0.5)``."""
    width = len(str(total))
    shown = "  ".join(f"{name} {value:.6f}" for name, value in values.items())
    return f"  epoch {epoch + 1:>{width}}/{total} {bar(epoch + 1, total)} {shown}"


def diverged(values: list[float]) -> bool:
    """True when a loss ended higher than it started, or overflowed: the learning rate was too large."""
    return bool(values) and not (math.isfinite(values[-1]) and values[-1] <= values[0])


DIVERGED = "  the cost grew instead of falling: the learning rate is too large here; try a smaller --lr"
