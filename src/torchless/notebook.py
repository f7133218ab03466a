"""Run PyTorch notebooks and scripts with torchless standing in for ``torch``.

``install_as_torch()`` makes ``import torch`` (and ``import torch.nn`` ...) give torchless. ``cells_from_text``
reads the plain-text notebook format of the seed notebooks (code cells follow ``In [None]:``), and ``run_cells``
executes cells in one namespace as Jupyter does: magics skipped (``%time stmt`` runs ``stmt``, ``%%writefile``
writes its file), the value of a cell's last bare expression displayed with ``repr`` (or laid out as IPython does),
``display(...)`` available, every exception caught and reported per cell.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["install_as_torch", "cells_from_text", "cells_from_ipynb", "run_cells", "CellResult", "display", "pretty"]

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
    """The code cells of a Jupyter notebook (nbformat 4, or 3's worksheets); ValueError if it is not one."""
    nb = json.loads(text)
    if not isinstance(nb, dict):
        raise ValueError("not a Jupyter notebook (expected a JSON object with 'cells')")
    cells = nb["cells"] if "cells" in nb else [c for w in nb.get("worksheets", []) for c in w.get("cells", [])]
    code = []
    for k, c in enumerate(cells):
        if not isinstance(c, dict) or c.get("cell_type") != "code":
            continue
        src = c.get("source", c.get("input"))  # nbformat 3 calls it "input"
        if src is None:
            raise ValueError(f"code cell {len(code) + 1} (cell {k + 1}) has no 'source'")
        code.append("".join(src) if isinstance(src, list) else str(src))
    return code


_PY_CELL_MAGICS = ("time", "timeit", "capture", "prun")  # cell magics whose body is Python, run once
_LINE_RUNS = re.compile(r"^(\s*)%(?:time|timeit|prun)\s+(?:-\S+\s+(?:\d+\s+)?)*(.*)$")  # %time STMT runs STMT
_SHELL_ASSIGN = re.compile(r"^\s*[\w.,\s\[\]()]+?=\s*[!%]")  # files = !ls, x = %env PATH
_HELP = re.compile(r"^\s*\??[\w.]+\?{1,2}\s*$")  # torch.tensor? (IPython's help)


def _cell_magic(src: str) -> tuple[str, str, str] | None:
    """``(name, arguments, body)`` of a cell that starts with a ``%%`` magic, else None."""
    head, _, body = src.lstrip("\n").partition("\n")
    if not head.startswith("%%"):
        return None
    name, _, args = head[2:].partition(" ")
    return name, args.strip(), body


def _strip_magics(src: str) -> str:
    """Jupyter magics and shell escapes (``%matplotlib inline``, ``!pip ...``) are skipped (a ``pass`` keeps the
    block they sit in valid); ``%time STMT`` runs ``STMT``; a cell magic other than ``%%time`` and its like skips
    the whole cell (``%%bash``, ``%%html``; ``%%writefile`` is done by ``run_cells``)."""
    magic = _cell_magic(src)
    if magic is not None:
        if magic[0] not in _PY_CELL_MAGICS:
            return ""
        src = magic[2]
    lines = []
    for line in src.splitlines():
        m = _LINE_RUNS.match(line)
        stripped = line.lstrip()
        if m and m.group(2).strip():
            line = m.group(1) + m.group(2)
        elif _SHELL_ASSIGN.match(line) and not _parses(stripped):
            line = (line[:len(line) - len(stripped)] + "raise RuntimeError(" + repr(
                f"torchless run does not run shell commands or magics, so this line has no value: {stripped}") + ")")
        elif stripped.startswith(("%", "!")) or _HELP.match(line):
            line = line[:len(line) - len(stripped)] + "pass"
        lines.append(line)
    return "\n".join(lines)


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


_DEFAULT_REPR = re.compile(r"^<([\w.]+) object at (0x[0-9a-fA-F]+)>$")


def pretty(value, indent: int = 0, width: int = 79) -> str:
    """``value`` laid out as IPython displays it: a tuple, list or dict that does not fit on one line gets an
    element per line, lines inside an element indented under its bracket; ``<X object at 0x..>`` as ``<X at 0x..>``."""
    kind = type(value)
    if kind in (tuple, list, dict) and value:
        sub = indent + 1
        if kind is dict:
            items = [f"{pretty(k, sub, width)}: {pretty(v, sub, width)}" for k, v in value.items()]
        else:
            items = [pretty(v, sub, width) for v in value]
        opening, closing = {tuple: ("(", ",)" if len(value) == 1 else ")"), list: ("[", "]"), dict: ("{", "}")}[kind]
        line = opening + ", ".join(items) + closing
        if "\n" not in line and indent + len(line) <= width:
            return line
        return opening + (",\n" + " " * sub).join(items) + closing
    text = _DEFAULT_REPR.sub(r"<\1 at \2>", repr(value))
    return text.replace("\n", "\n" + " " * indent)


def _display(value, layout=repr) -> tuple[str | None, int]:
    if value is None:
        return None, 0
    html = getattr(value, "_repr_html_", None)
    if callable(html) and not isinstance(value, type):
        try:
            text = html()
        except Exception:  # noqa: BLE001 - a failing rich display falls back to repr, as Jupyter does
            text = None
        if text:  # None (a matplotlib animation by default): shown with repr, as Jupyter does
            return None, len(text)
    return layout(value), 0


_displayed: list = []  # the figures display() showed during the running cell


def display(*objs, **_) -> None:
    """IPython's ``display``: a matplotlib figure is saved with the cell's figures, anything else printed as the
    cell's last expression would be shown."""
    for obj in objs:
        if type(obj).__name__ == "Figure" and hasattr(obj, "savefig"):
            _displayed.append(obj)
            continue
        text, html = _display(obj, pretty)
        if text is not None:
            print(text)
        elif html:
            print(f"<rich HTML display, {html} characters, not shown here>")


def run_cells(cells: list[str], namespace: dict | None = None, figure_dir=None, *, first: int = 0,
              layout=repr) -> list[CellResult]:
    """Execute ``cells`` in order in one namespace; collect output, displayed values and errors per cell.
    ``first`` numbers the cells (``<cell N>`` in tracebacks and warnings); ``layout`` turns a cell's value into
    its display (``repr``, or ``pretty`` for IPython's layout)."""
    ns = {"__name__": "__main__"} if namespace is None else namespace
    results = []
    for i, cell in enumerate(cells, first):
        res = CellResult(i, next((ln for ln in cell.splitlines() if ln.strip()), ""))
        out = io.StringIO()
        _displayed.clear()
        try:
            with contextlib.redirect_stdout(out):
                if not _write_file(cell):
                    src = _strip_magics(cell)
                    name = f"<cell {i}>"
                    tree = ast.parse(src, name)
                    last = None
                    if tree.body and isinstance(tree.body[-1], ast.Expr) and not _ends_with_semicolon(src,
                                                                                                      tree.body[-1]):
                        last = ast.Expression(tree.body.pop().value)
                    exec(compile(tree, name, "exec"), ns)
                    if last is not None:
                        res.display, res.html = _display(eval(compile(last, name, "eval"), ns), layout)
        except (Exception, SystemExit, KeyboardInterrupt) as e:  # noqa: BLE001 - reported per cell, as Jupyter does
            stopped(res, e)
        res.stdout = out.getvalue()
        res.figures = _save_figures(figure_dir, i)
        results.append(res)
        if res.error_type == "KeyboardInterrupt":  # Jupyter's "Run All" stops
            break
    return results


def stopped(res: CellResult, e: BaseException) -> CellResult:
    """Record ``e`` in ``res``; ``sys.exit()`` with status 0 or None counts as having run."""
    if not (isinstance(e, SystemExit) and e.code in (None, 0)):
        res.error_type = type(e).__name__
        res.error = (str(e).splitlines() or [""])[0]
    return res


def _write_file(cell: str) -> bool:
    """``%%writefile [-a] FILE``: write (or append) the cell's body, as IPython does; False for other cells."""
    magic = _cell_magic(cell)
    if magic is None or magic[0] != "writefile":
        return False
    args = magic[1].split()
    append = "-a" in args or "--append" in args
    path = Path(next(a for a in args if not a.startswith("-")).strip("'\""))
    print(f"{'Appending to' if append else 'Overwriting' if path.exists() else 'Writing'} {path}")
    with open(path, "a" if append else "w", encoding="utf-8") as f:
        f.write(magic[2] + "\n")
    return True


def _save_figures(figure_dir, index: int) -> list:
    """Save and close the figures a cell left open (as the inline backend shows and forgets them)."""
    if "matplotlib.pyplot" not in sys.modules:
        _displayed.clear()
        return []
    names = []
    for k, fig in enumerate(shown_figures()):
        if figure_dir is not None:
            path = Path(figure_dir) / f"cell{index:02d}_{k}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path)
            names.append(path.name)
        else:
            names.append(f"figure {k}")
    return names


def shown_figures() -> list:
    """The figures shown since the last call (by ``display`` or ``plt.show()``), then those still open, which
    are closed: what Jupyter's inline backend draws below a cell."""
    import matplotlib.pyplot as plt

    figures = _displayed + [plt.figure(num) for num in plt.get_fignums() if plt.figure(num) not in _displayed]
    _displayed.clear()
    plt.close("all")
    return figures


def show(*_, **__) -> None:
    """``plt.show()`` as the inline backend does it: the open figures are shown (kept for saving) and closed, so
    the next plot starts a new figure."""
    import matplotlib.pyplot as plt

    _displayed.extend(plt.figure(num) for num in plt.get_fignums())
    plt.close("all")
