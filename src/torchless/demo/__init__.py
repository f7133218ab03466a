"""``torchless demo``: the two seed notebooks' experiments, end to end, on data embedded in the package.

1. ``regression``: the first seed's eight points, ``nn.Linear(1, 1)``, its ``mse_cost`` and ``optim.SGD``, checked
   against the closed-form least-squares line from the pseudoinverse;
2. ``manual``: the second seed's 100 points, fitted by its hand-written update under ``no_grad``;
3. ``logistic``: the second seed's optional task, logistic regression by mini-batch SGD, on two Iris species.

Pictures (matplotlib and Pillow, ``pip install "torchless[demo]"``) go to the output folder: ``regression.png``
and ``cost.png`` (part 1), ``animation.gif`` (part 2), ``logistic.png`` (part 3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from . import data, logistic, manual, regression

__all__ = ["PARTS", "run"]

PARTS = {"regression": regression, "manual": manual, "logistic": logistic}
DEFAULT_OUT = "torchless-demo"


def run(parts: Sequence[str] = tuple(PARTS), *, epochs: int | None = None, lr: float | None = None, seed: int = 0,
        out: str | Path = DEFAULT_OUT, plots: bool = True, log: Callable[[str], None] = print) -> dict:
    """Run the named parts in order (each reseeded with ``seed``, so one part alone prints what it prints in the
    full run); ``epochs`` and ``lr`` replace every part's defaults. Returns ``{part: result, "files": [paths]}``."""
    from . import plots as pictures

    draw = plots and not _explain_missing(pictures, log)
    out = Path(out)
    results: dict = {"files": []}
    for i, name in enumerate(parts):
        module = PARTS[name]
        if i:
            log("")
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run says so itself, as torch is silent
            res = module.run(module.EPOCHS if epochs is None else epochs, module.LR if lr is None else lr, seed,
                             log=log)
        results[name] = res
        if draw:
            out.mkdir(parents=True, exist_ok=True)
            files = _draw(pictures, name, res, out)
            results["files"] += files
            if files:
                log("  wrote " + ", ".join(str(f) for f in files))
    return results


def _explain_missing(pictures, log: Callable[[str], None]) -> bool:
    """Say what is missing for the pictures; True when nothing can be drawn at all."""
    absent = pictures.missing()
    if "matplotlib" in absent:
        log(f"(No pictures: matplotlib is not installed. To get them: {pictures.INSTALL_HINT})")
        log("")
        return True
    if "PIL" in absent:
        log(f"(No animation.gif: Pillow is not installed. To get it: {pictures.INSTALL_HINT})")
        log("")
    return False


def _draw(pictures, name: str, res, out: Path) -> list[Path]:
    if name == "regression":
        return [pictures.regression(res, data.SEED_X, data.SEED_Y, out / "regression.png"),
                pictures.cost(res, out / "cost.png")]
    if name == "manual":
        return [] if pictures.missing("PIL") else [pictures.animation(res, out / "animation.gif")]
    return [pictures.logistic(res, out / "logistic.png", data.IRIS_CLASSES, data.IRIS_FEATURES)]
