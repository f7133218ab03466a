"""The ``torchless`` command.

``torchless demo`` trains the seed notebooks' models on data shipped with the package and draws them;
``torchless run FILE`` runs your own PyTorch script or notebook with torchless standing in for ``torch``.
From Python - a notebook's first cell, say - the same stand-in is ``torchless.install_as_torch()`` (defined in
``torchless.notebook``): after it, ``import torch`` and ``import torch.nn`` give torchless.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

from .notebook import (
    CellResult,
    cells_from_ipynb,
    cells_from_text,
    display,
    install_as_torch,
    pretty,
    run_cells,
    show,
    shown_figures,
    stopped,
)

__all__ = ["main"]

DEMO_HELP = """\
Train the seed notebooks' models on data embedded in torchless, printing progress, and draw the results.

parts (all three by default, in this order):
  regression  the first seed's 8 points: an nn.Module wrapping nn.Linear(1, 1), the seed's mse_cost and
              optim.SGD (default 500 epochs, lr 0.04); prints the learned slope and intercept beside the
              closed-form least-squares solution from the pseudoinverse, and their distance.
  manual      the second seed's 100 random points, fitted by its hand-written gradient-descent update
              w.sub_(lr * w.grad) under torch.no_grad() (default 100 epochs, lr 0.1).
  logistic    the second seed's optional task: logistic regression (sigmoid, binary cross-entropy) by
              mini-batch SGD with a DataLoader(shuffle=True), on two species of Fisher's Iris data
              (UCI Machine Learning Repository, CC BY 4.0) (default 20 epochs, lr 0.5); prints loss and
              accuracy per epoch.

pictures, written to --out (default ./torchless-demo/):
  regression.png  the data, the learned line and the closed-form line   (regression)
  cost.png        the cost, epoch by epoch                                (regression)
  animation.gif   the line converging, as in the seed's "Animate it!"    (manual)
  logistic.png    the decision boundary over the flowers                  (logistic)
They need matplotlib and Pillow: pip install "torchless[demo]". Without them the demo still trains and prints.
"""

RUN_HELP = """\
Run existing PyTorch code with torchless standing in for torch ("import torch", "import torch.nn as nn", ...).

  FILE.py              runs as one cell, as a script (__name__ == "__main__"), its output shown as it comes.
  FILE.ipynb/FILE.txt  a Jupyter notebook, or one exported as text (code cells after "In [ ]:"), runs cell by
                       cell in one namespace as Jupyter would: magics (%...) and shell escapes (!...) are
                       skipped, a cell's last bare expression is shown with repr, "np" and "plt" are imported
                       beforehand (as the seed notebooks assume), and the working directory is the notebook's.

matplotlib draws on the Agg backend; the figures a cell leaves open are saved to --out (default
./torchless-run/<file name>/) as cellNN_K.png. The run ends with a report per cell: ran, or the exception
and the cell's first line. Exit status: 0 when every cell ran, 1 otherwise.

From Python, e.g. in a notebook's first cell, the same stand-in is:
    import torchless; torchless.install_as_torch()   # (from torchless.notebook import install_as_torch)
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``torchless`` console script and ``python -m torchless``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="torchless", description="torchless: PyTorch's API and autograd on NumPy. Start with: torchless demo",
        epilog="torchless COMMAND --help explains a command.")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    demo = sub.add_parser("demo", help="train the seed notebooks' models and draw them", description=DEMO_HELP,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    demo.add_argument("part", nargs="?", choices=("regression", "manual", "logistic"),
                      help="run only this part (default: all three)")
    demo.add_argument("--epochs", type=_positive(int), metavar="N", help="epochs for every part run (default: "
                      "each part's own, above)")
    demo.add_argument("--lr", type=_positive(float), metavar="LR", help="learning rate for every part run "
                      "(default: each part's own)")
    demo.add_argument("--seed", type=int, default=0, metavar="S",
                      help="torch.manual_seed before each part: the same seed prints the same numbers (default 0)")
    demo.add_argument("--out", default="torchless-demo", metavar="DIR",
                      help="folder for the pictures (default: ./torchless-demo)")
    demo.add_argument("--no-plots", action="store_true", help="train and print only; write no files")
    demo.add_argument("--graph", action="store_true",
                      help="also save graph.svg: the autograd graph of the first seed's cost, drawn by torchless.viz "
                           "(needs Graphviz; without it the DOT source and a text tree)")
    demo.set_defaults(handler=_demo)

    run = sub.add_parser("run", help="run a PyTorch script or notebook with torchless as torch",
                         description=RUN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("file", metavar="FILE", help="a .py script, a .ipynb notebook or a notebook exported as .txt")
    run.add_argument("--out", metavar="DIR", help="folder for the figures (default: ./torchless-run/<file name>)")
    run.add_argument("--seed", type=int, metavar="S", help="call torch.manual_seed(S) before the first cell")
    run.add_argument("-q", "--quiet", action="store_true", help="print only the final report")
    run.set_defaults(handler=_run)
    return parser


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its "invalid int value" message
    return parse


# ---- torchless demo


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    log = functools.partial(print, flush=True)
    start = time.perf_counter()
    parts = [args.part] if args.part else list(demo.PARTS)
    results = demo.run(parts, epochs=args.epochs, lr=args.lr, seed=args.seed, out=args.out,
                       plots=not args.no_plots, log=log)
    if args.graph:
        from .demo import graph

        log("")
        log("The graph behind the first seed's cost (torchless.viz.draw):")
        results["files"].append(graph.save(Path(args.out), seed=args.seed, log=log))
    log("")
    if results["files"]:
        log(f"Pictures: {', '.join(f.name for f in results['files'])} in {Path(args.out).resolve()}")
    log(f"Done in {time.perf_counter() - start:.1f} s.")
    return 0


# ---- torchless run


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    readers = {".py": lambda text: [text], ".ipynb": cells_from_ipynb, ".txt": cells_from_text}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        print(f"torchless run: {path}: expected a .py, .ipynb or .txt file", file=sys.stderr)
        return 2
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark, as Windows editors write, is dropped
        cells = reader(text)
    except (OSError, ValueError, KeyError) as e:  # unreadable, not UTF-8, or not notebook JSON
        print(f"torchless run: cannot read {path}: {e}", file=sys.stderr)
        return 2
    if not cells and path.suffix.lower() == ".txt":
        print(f"torchless run: {path}: no code cells (a text notebook starts each with 'In [ ]:')", file=sys.stderr)
        return 2
    out = Path(args.out if args.out else Path("torchless-run") / path.stem).resolve()
    script = path.suffix.lower() == ".py"
    say = (lambda *a, **k: None) if args.quiet else functools.partial(print, flush=True)
    with _stand_in(path.resolve(), chdir=not script, ipython=any("IPython" in c for c in cells)) as namespace:
        if args.seed is not None:
            import torchless

            torchless.manual_seed(args.seed)
        if script:
            namespace["__file__"] = str(path.resolve())
            with contextlib.redirect_stdout(io.StringIO()) if args.quiet else contextlib.nullcontext():
                results = [_run_script(text, path, namespace, out)]
        else:
            namespace.update(_notebook_imports())
            results = _run_notebook(cells, namespace, out, say)
    return _report(path, results, out, len(cells))


@contextlib.contextmanager
def _stand_in(path: Path, chdir: bool, ipython: bool = False) -> Iterator[dict]:
    """torchless as ``torch``, matplotlib on Agg, the file's folder on ``sys.path`` (and the working directory
    for notebooks, as in Jupyter), IPython's ``display`` (when the code uses IPython and it is installed) saving
    figures as Jupyter shows them; everything is put back afterwards, so ``run`` can be called in-process."""
    saved_modules = {k: v for k, v in sys.modules.items() if k == "torch" or k.startswith("torch.")}
    saved_argv, saved_path, saved_cwd = sys.argv[:], sys.path[:], os.getcwd()
    with contextlib.ExitStack() as stack:
        stack.enter_context(warnings.catch_warnings())
        warnings.filterwarnings("ignore", message=".*non-interactive, and thus cannot be shown")
        try:
            import matplotlib
        except ImportError:
            pass
        else:
            matplotlib.use("Agg")
            stack.enter_context(matplotlib.rc_context())
            import matplotlib.pyplot as plt

            stack.enter_context(_patched(plt, "show", show))
        if ipython:
            with contextlib.suppress(ImportError):
                import IPython.display

                stack.enter_context(_patched(IPython.display, "display", display))
        install_as_torch()
        sys.argv = [str(path)]
        sys.path.insert(0, str(path.parent))
        if chdir:
            os.chdir(path.parent)
        try:
            yield {"__name__": "__main__"}
        finally:
            os.chdir(saved_cwd)
            sys.argv, sys.path[:] = saved_argv, saved_path
            for k in [k for k in sys.modules if k == "torch" or k.startswith("torch.")]:
                del sys.modules[k]
            sys.modules.update(saved_modules)
            _close_figures()


@contextlib.contextmanager
def _patched(owner, name: str, value) -> Iterator[None]:
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


def _notebook_imports() -> dict:
    """``np`` and ``plt``, which the seed notebooks use without importing (as if an earlier cell had), and
    Jupyter's ``display``."""
    import numpy as np

    names = {"np": np, "display": display}
    with contextlib.suppress(ImportError):
        import matplotlib.pyplot as plt

        names["plt"] = plt
    return names


def _run_notebook(cells: list[str], namespace: dict, out: Path, say) -> list[CellResult]:
    """Run the cells one at a time (so their output shows as they finish), numbering figures by cell."""
    results = []
    with tempfile.TemporaryDirectory() as staging:
        for i, cell in enumerate(cells):
            say(f"In [{i + 1}]: {_first_line(cell)}")
            res = run_cells([cell], namespace, figure_dir=staging, first=i + 1, layout=pretty)[0]
            res.index = i
            res.figures = [_move(Path(staging) / name, out / f"cell{i + 1:02d}_{k + 1}.png")
                           for k, name in enumerate(res.figures)]
            _show(res, say)
            results.append(res)
            if res.error_type == "KeyboardInterrupt":
                break
    return results


def _run_script(text: str, path: Path, namespace: dict, out: Path) -> CellResult:
    """Run a script as one cell, its output going straight to the terminal; a traceback on failure."""
    res = CellResult(0, _first_line(text))
    try:
        exec(compile(text, str(path), "exec"), namespace)
    except (SystemExit, KeyboardInterrupt) as e:
        stopped(res, e)
    except Exception as e:  # noqa: BLE001 - reported, with the script's part of the traceback
        res.error_type, res.error = type(e).__name__, str(e).splitlines()[0] if str(e) else ""
        traceback.print_exception(type(e), e, e.__traceback__.tb_next, file=sys.stderr)
    res.figures = _save_figures(out)
    for name in res.figures:
        print(f"[figure saved: {name}]", flush=True)
    return res


def _first_line(code: str) -> str:
    return next((line.strip() for line in code.splitlines() if line.strip()), "(empty)")


def _move(src: Path, dst: Path) -> str:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(src, dst)
    return str(dst)


def _save_figures(out: Path) -> list[str]:
    """Save (as ``figure_K.png``) the figures a script showed with ``plt.show()`` or left open, and close them."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    names = []
    for k, fig in enumerate(shown_figures()):
        out.mkdir(parents=True, exist_ok=True)
        fig.savefig(out / f"figure_{k + 1}.png")
        names.append(str(out / f"figure_{k + 1}.png"))
    return names


def _close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        shown_figures()  # closes them, and forgets those shown


def _show(res: CellResult, say) -> None:
    """A cell's output, as a notebook shows it."""
    if res.stdout:
        say(res.stdout, end="" if res.stdout.endswith("\n") else "\n")
    if res.error_type:
        say(f"{res.error_type}: {res.error}" if res.error else res.error_type)
    elif res.display is not None:  # Jupyter starts a value of several lines on a line of its own
        say(f"Out[{res.index + 1}]:" + ("\n" if "\n" in res.display else " ") + res.display)
    elif res.html:
        say(f"Out[{res.index + 1}]: <rich HTML display, {res.html} characters, not shown here>")
    for name in res.figures:
        say(f"[figure saved: {name}]")


def _report(path: Path, results: list[CellResult], out: Path, cells: int = 1) -> int:
    failed = [r for r in results if r.error_type]
    kind = "script" if path.suffix.lower() == ".py" else "notebook"
    skipped = cells - len(results)  # after a KeyboardInterrupt, as Jupyter's "Run All" stops
    print(f"\ntorchless run {path.name} ({kind}): {cells} cell{'s' * (cells != 1)}, "
          f"{len(results) - len(failed)} ran, {len(failed)} failed" + (f", {skipped} not run" if skipped else ""))
    width = len(str(cells))
    for r in results:
        status = "FAILED" if r.error_type else "ran"
        print(f"  cell {r.index + 1:>{width}}  {status:<6}  {r.first_line.strip()[:80]}")
        if r.error_type:
            print(" " * (width + 17) + (f"{r.error_type}: {r.error}" if r.error else r.error_type))
    for k in range(len(results), cells):
        print(f"  cell {k + 1:>{width}}  {'not run':<6}")
    figures = sum(len(r.figures) for r in results)
    if figures:
        print(f"{figures} figure{'s' * (figures != 1)} saved in {out}")
    return 1 if failed else 0
