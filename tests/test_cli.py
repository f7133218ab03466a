"""The ``torchless`` command: help texts, and ``torchless run`` on the seed notebooks (the same cells pass and fail
as under real torch 2.13, from its recorded run), on small scripts and notebooks, with its exit statuses."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from torchless import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden" / "seeds"
seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
REPORT = re.compile(r"^  cell\s+(\d+)  (ran|FAILED)\s", re.M)


def call(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(list(args))
    return status, out.getvalue()


def report(text: str) -> dict[int, str]:
    return {int(n): status for n, status in REPORT.findall(text.split("\ntorchless run ")[-1])}


# ---- help


@pytest.mark.parametrize("args, words", [
    ([], ["demo", "run"]),
    (["demo"], ["regression", "manual", "logistic", "--epochs", "--lr", "--seed", "--out", "--no-plots",
                "torchless-demo", "animation.gif", 'pip install "torchless[demo]"', "Iris", "CC BY 4.0"]),
    (["run"], ["FILE", ".ipynb", "--out", "torchless-run", "Agg", "install_as_torch()", "Exit status"]),
])
def test_help(args, words, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main([*args, "--help"])
    assert e.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: torchless")
    for word in words:
        assert word in text


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "demo" in capsys.readouterr().out


# ---- torchless run on the seeds, in a fresh process (python -m torchless), against torch's recorded run


@pytest.mark.skipif(not seed_files, reason="../shared/seeds is not present")
@pytest.mark.parametrize("seed", seed_files, ids=[p.stem for p in seed_files])
def test_run_seed_passes_and_fails_as_torch(seed: Path, tmp_path):
    torch_cells = json.loads((GOLDEN / f"{seed.stem}.json").read_text())["cells"]
    proc = subprocess.run([sys.executable, "-m", "torchless", "run", str(seed), "--seed", "0", "--quiet",
                           "--out", str(tmp_path / "figures")], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert proc.returncode == (1 if any(c["error_type"] for c in torch_cells) else 0), proc.stderr
    mine = report(proc.stdout)
    assert mine == {c["index"] + 1: "FAILED" if c["error_type"] else "ran" for c in torch_cells}, proc.stdout
    for c in torch_cells:
        if c["error_type"]:
            assert f"{c['error_type']}: {c['error']}" in proc.stdout
    figures = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert figures == sorted(f"cell{c['index'] + 1:02d}_{k + 1}.png" for c in torch_cells
                             for k in range(len(c["figures"])))


# ---- torchless run on small files, in-process


def test_run_script(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(
        "import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\n"
        "assert torch.__name__ == 'torchless' and nn.Linear is torch.nn.Linear\n"
        "if __name__ == '__main__':\n"
        "    w = torch.ones(3, requires_grad=True)\n"
        "    (w * w).sum().backward()\n"
        "    print('grad', w.grad.tolist())\n"
        "    plt.plot([1, 2, 3])\n")
    before = sys.modules.get("torch")
    status, text = call("run", str(script), "--out", str(tmp_path / "out"))
    assert status == 0
    assert "grad [2.0, 2.0, 2.0]" in text
    assert report(text) == {1: "ran"}
    assert (tmp_path / "out" / "figure_1.png").read_bytes().startswith(b"\x89PNG")
    assert sys.modules.get("torch") is before  # the stand-in is undone


def test_run_script_failure(tmp_path, capsys):
    script = tmp_path / "broken.py"
    script.write_text("import torch\nx = torch.ones(2)\nx.no_such_method_at_all()\n")
    assert cli.main(["run", str(script), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert report(captured.out) == {1: "FAILED"}
    assert "AttributeError" in captured.out
    assert "no_such_method_at_all" in captured.err and str(script) in captured.err  # the script's traceback
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("code, status", [("import sys\nsys.exit(0)\n", 0), ("import sys\nsys.exit(3)\n", 1)])
def test_run_script_sys_exit(tmp_path, code, status):
    script = tmp_path / "exits.py"
    script.write_text("print('before exit')\n" + code)
    result, text = call("run", str(script), "--quiet", "--out", str(tmp_path / "out"))
    assert result == status
    assert text.lstrip().startswith("torchless run exits.py")  # --quiet: the report only
    assert report(text) == {1: "ran" if status == 0 else "FAILED"}


def test_run_notebook(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "numbers.txt").write_text("1 2 3")
    cells = ["%matplotlib inline\n!pip install nothing\nimport torch",
             "values = [float(v) for v in open('numbers.txt').read().split()]  # relative to the notebook\n"
             "x = torch.tensor(values, requires_grad=True)\n(x * x).sum()",
             "y = undefined_name + 1",
             "print('still running')\nplt.plot([1, 2]);",
             "x.grad"]
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# A title"], "metadata": {}}]
                + [{"cell_type": "code", "source": c.splitlines(keepends=True), "metadata": {}, "outputs": [],
                    "execution_count": None} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / "tiny.ipynb"
    path.write_text(json.dumps(notebook))
    cwd = os.getcwd()
    status, text = call("run", str(path), "--out", str(tmp_path / "figs"))
    assert os.getcwd() == cwd
    assert status == 1
    assert report(text) == {1: "ran", 2: "ran", 3: "FAILED", 4: "ran", 5: "ran"}
    assert "NameError: name 'undefined_name' is not defined" in text
    assert "still running" in text
    assert re.search(r"Out\[2\]: tensor\(14\.", text)
    assert "Out[5]: None" not in text  # x.grad is None: nothing to show, as in Jupyter
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["cell04_1.png"]


def test_run_quiet_prints_only_the_report(tmp_path):
    path = tmp_path / "nb.txt"
    path.write_text("Some prose\n\nIn [1]:\nprint('hello')\n\nMore prose.\n\nIn [2]:\n1 + 1\n")
    status, text = call("run", str(path), "--quiet", "--out", str(tmp_path / "out"))
    assert status == 0
    assert "\nhello\n" not in text and "Out[" not in text and "In [" not in text
    assert report(text) == {1: "ran", 2: "ran"}


def test_run_usage_errors(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "missing.py")]) == 2
    (tmp_path / "data.csv").write_text("1,2\n")
    assert cli.main(["run", str(tmp_path / "data.csv")]) == 2
    (tmp_path / "bad.ipynb").write_text("not json")
    assert cli.main(["run", str(tmp_path / "bad.ipynb")]) == 2
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    assert cli.main(["run", str(tmp_path / "list.ipynb")]) == 2
    (tmp_path / "notes.txt").write_text("just prose, no cells")
    assert cli.main(["run", str(tmp_path / "notes.txt")]) == 2
    err = capsys.readouterr().err
    assert "no code cells" in err
    assert "missing.py" in err and "expected a .py, .ipynb or .txt file" in err and "bad.ipynb" in err
    assert "cannot read" in err and "list.ipynb: not a Jupyter notebook" in err


def test_run_script_shows(tmp_path):
    """plt.show() shows and closes the figures, as the inline backend (and a window) does; a BOM is skipped."""
    script = tmp_path / "two.py"
    script.write_text("\ufeffimport matplotlib.pyplot as plt\nfor k in range(2):\n    plt.plot([k, 1])\n"
                      "    plt.show()\nprint(len(plt.get_fignums()))\n", encoding="utf-8")
    status, text = call("run", str(script), "--out", str(tmp_path / "out"))
    assert status == 0 and text.startswith("0\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["figure_1.png", "figure_2.png"]


def test_run_notebook_jupyter_behaviour(tmp_path):
    """display(), IPython's layout of a value (on a line of its own when it has several), magics, and the cells
    a KeyboardInterrupt leaves unrun."""
    cells = ["import torch\n%time t = torch.zeros(2, 2)\ndisplay(t.sum())", "t, [1]", "raise KeyboardInterrupt",
             "print('never')"]
    notebook = {"cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": [], "execution_count": 1}
                          for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "jup.ipynb"
    path.write_text(json.dumps(notebook))
    status, text = call("run", str(path), "--out", str(tmp_path / "figs"))
    assert status == 1
    assert "\ntensor(0.)\n" in text
    assert "Out[2]:\n(tensor([[0., 0.],\n         [0., 0.]]),\n [1])\n" in text
    assert "4 cells, 2 ran, 1 failed, 1 not run" in text and re.search(r"cell 4  not run", text)
