"""Run PyTorch notebooks and scripts with torchless standing in for ``torch``.

``install_as_torch()`` makes ``import torch`` (and ``import torch.nn`` ...) give torchless. ``cells_from_text``
reads the plain-text notebook format of the seed notebooks (code cells follow ``In [None]:``), and ``run_cells``
executes cells in one namespace as Jupyter does: magics skipped, the value of a cell's last bare expression
displayed with ``repr``, every exception caught and reported per cell.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import sys
from dataclasses import asdict, dataclass, field

__all__ = ["install_as_torch", "cells_from_text", "cells_from_ipynb", "run_cells", "CellResult"]

_SUBMODULES = ("nn", "nn.functional", "nn.init", "nn.utils", "optim", "optim.lr_scheduler", "utils", "utils.data",
               "autograd", "autograd.functional", "linalg", "cuda", "random", "backends")


def install_as_torch() -> None:
    """Make ``import torch`` and its common submodules resolve to torchless in this process."""
    import importlib

    import torchless

    sys.modules["torch"] = torchless
    for sub in _SUBMODULES:
        try:
            sys.modules[f"torch.{sub}"] = importlib.import_module(f"torchless.{sub}")
        except ImportError:
            pass


def _parses(src: str) -> bool:
    try:
        ast.parse(src)
    except SyntaxError:
        return False
    return True


def cells_from_text(text: str) -> list[str]:
    """Code cells of a notebook exported as text: each starts after ``In [...]:`` and is the longest run of
    blank-line-separated blocks that parses as Python (the prose that follows does not)."""
    parts = re.split(r"^In \[[^\]]*\]:[ \t]*$", text, flags=re.M)[1:]
    cells = []
    for part in parts:
        blocks = re.split(r"\n([ \t]*\n)+", part.strip("\n"))
        blocks = [b for b in blocks if b.strip()]
        code = ""
        for n in range(len(blocks), 0, -1):
            candidate = "\n\n".join(blocks[:n])
            if _parses(_strip_magics(candidate)):
                code = candidate
                break
        cells.append(code.rstrip())
    return cells


def cells_from_ipynb(text: str) -> list[str]:
    nb = json.loads(text)
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def _strip_magics(src: str) -> str:
    """Jupyter magics and shell escapes (``%matplotlib inline``, ``!pip ...``) are skipped."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in src.splitlines())


@dataclass
class CellResult:
    index: int
    first_line: str
    stdout: str = ""
    display: str | None = None
    error_type: str | None = None
    error: str | None = None
    html: int = 0  # length of a rich HTML display (animations), 0 when none
    figures: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _ends_with_semicolon(src: str, node: ast.stmt) -> bool:
    """Jupyter hides the value of a last expression followed by ``;``."""
    line = src.splitlines()[node.end_lineno - 1]
    return line[node.end_col_offset:].lstrip().startswith(";")


def _display(value) -> tuple[str | None, int]:
    if value is None:
        return None, 0
    html = getattr(value, "_repr_html_", None)
    if callable(html) and not isinstance(value, type):
        try:
            return None, len(html() or "")
        except Exception:  # noqa: BLE001 - a failing rich display falls back to repr, as Jupyter does
            pass
    return repr(value), 0


def run_cells(cells: list[str], namespace: dict | None = None, figure_dir=None) -> list[CellResult]:
    """Execute ``cells`` in order in one namespace; collect output, displayed values and errors per cell."""
    ns = {"__name__": "__main__"} if namespace is None else namespace
    results = []
    for i, cell in enumerate(cells):
        src = _strip_magics(cell)
        res = CellResult(i, next((ln for ln in cell.splitlines() if ln.strip()), ""))
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                tree = ast.parse(src)
                last = None
                if tree.body and isinstance(tree.body[-1], ast.Expr) and not _ends_with_semicolon(src, tree.body[-1]):
                    last = ast.Expression(tree.body.pop().value)
                exec(compile(tree, f"<cell {i}>", "exec"), ns)
                if last is not None:
                    res.display, res.html = _display(eval(compile(last, f"<cell {i}>", "eval"), ns))
        except Exception as e:  # noqa: BLE001 - report every cell's failure, as a notebook does
            res.error_type = type(e).__name__
            res.error = str(e).splitlines()[0] if str(e) else ""
            res.stdout = out.getvalue()
            res.figures = _save_figures(figure_dir, i)
            results.append(res)
            continue
        res.stdout = out.getvalue()
        res.figures = _save_figures(figure_dir, i)
        results.append(res)
    return results


def _save_figures(figure_dir, index: int) -> list:
    """Save and close the figures a cell left open (as the inline backend shows and forgets them)."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    import matplotlib.pyplot as plt

    names = []
    for k, num in enumerate(plt.get_fignums()):
        fig = plt.figure(num)
        if figure_dir is not None:
            from pathlib import Path

            path = Path(figure_dir) / f"cell{index:02d}_{k}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path)
            names.append(path.name)
        else:
            names.append(f"figure {k}")
    plt.close("all")
    return names
