"""torchless.notebook: Jupyter's handling of magics, ``display``, ``plt.show()`` and IPython's layout of a cell's
value (compared with IPython's own pretty printer on torch's values, from tests/golden/notebook/pretty.json;
record with IPython and torch installed: ``PYTHONPATH=src python -m tests.test_notebook``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import torchless  # noqa: E402
from torchless.notebook import cells_from_ipynb, pretty, run_cells, show  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "notebook" / "pretty.json"

# Expressions evaluated under torch (recorded) and under torchless; ``T`` is the library.
PRETTY = {
    "tuple_of_matrices": "(T.tensor([[1, 2], [3, 4]]), T.tensor([5, 6]))",
    "parameters": "(T.nn.Parameter(T.ones(1, 1)), T.nn.Parameter(T.zeros(1)))",
    "long_list": "[i * 0.125 for i in range(30)]",
    "short_list": "[1, 2, 3]",
    "dict_of_tensors": "{'w': T.ones(2, 2), 'b': T.zeros(2)}",
    "nested": "[[1, 2], (3, 4), {'a': [T.ones(2, 2)]}]",
    "one_tuple": "(T.ones(2, 2),)",
    "empties": "((), [], {})",
    "shapes": "(T.Size([400, 2]), T.Size([400]), T.float32, T.int64)",
    "nested_long": "[[i * 1.5 for i in range(20)], [1]]",
    "long_dict": "{f'key{i}': i * 1000 for i in range(12)}",
    "tensor": "T.arange(12).reshape(3, 4)",
    "string": "'x,y'",
}


def _pretty_cases(T) -> dict:
    return {name: eval(expr, {"T": T}) for name, expr in PRETTY.items()}


@pytest.mark.parametrize("name", sorted(PRETTY))
def test_pretty_matches_ipython(name):
    expected = json.loads(GOLDEN.read_text())[name]
    assert pretty(_pretty_cases(torchless)[name]) == expected


def test_pretty_default_repr():
    x = torchless.ones(1, requires_grad=True) * 2
    assert pretty(x.grad_fn).startswith("<MulBackward0 at 0x")  # IPython drops "object"


def run(*cells: str, **kw):
    return run_cells(list(cells), {"__name__": "__main__"}, **kw)


def test_time_magic_runs_its_statement():
    res = run("%time total = sum(range(10))\ntotal", "%timeit -n 1 -r 1 y = 2\ny", "%%time\nz = 3\nz")
    assert [r.display for r in res] == ["45", "2", "3"]


def test_magic_alone_in_a_block():
    res = run("try:\n    import no_such_module_here\nexcept ImportError:\n    !pip install no_such_module_here\n"
              "x = 1\nx", "if True:\n    %matplotlib inline\n", "len?")
    assert [r.error_type for r in res] == [None, None, None]
    assert res[0].display == "1"


def test_shell_assignment_fails_clearly():
    (res,) = run("a = 1\nfiles = !ls\nb = 2")
    assert res.error_type == "RuntimeError"
    assert "does not run shell commands" in res.error and "files = !ls" in res.error


def test_cell_magics(tmp_path):
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ns = {"__name__": "__main__"}
        res = run_cells(["%%writefile helper_nb.py\ndef double(v):\n    return 2 * v",
                         "%%writefile -a helper_nb.py\nTHREE = 3",
                         "%%bash\necho this is not python",
                         "%%html\n<b>bold</b>"], ns)
        assert [r.error_type for r in res] == [None] * 4
        assert res[0].stdout == "Writing helper_nb.py\n" and res[1].stdout == "Appending to helper_nb.py\n"
        assert (tmp_path / "helper_nb.py").read_text() == "def double(v):\n    return 2 * v\nTHREE = 3\n"
        assert "double" not in ns
    finally:
        os.chdir(cwd)


def test_display_and_show(tmp_path):
    ns = {"__name__": "__main__", "plt": plt}
    from torchless.notebook import display

    ns["display"] = display
    res = run_cells(["display(torchless.ones(2), 'text')\n5",
                     "fig = plt.figure()\nplt.plot([1, 2])\ndisplay(fig)\nplt.close(fig)",
                     "plt.plot([1])\nshow()\nplt.plot([2])\nshow()"],
                    {**ns, "torchless": torchless, "show": show}, figure_dir=tmp_path)
    assert res[0].stdout == "tensor([1., 1.])\n'text'\n" and res[0].display == "5"
    assert res[1].figures == ["cell01_0.png"]  # shown by display, then closed: still saved
    assert res[2].figures == ["cell02_0.png", "cell02_1.png"]  # each show() starts a new figure


def test_repr_html_returning_none_shows_repr():
    class Anim:
        def _repr_html_(self):
            return None

        def __repr__(self):
            return "Anim()"

    (res,) = run_cells(["anim"], {"anim": Anim()})
    assert res.display == "Anim()" and res.html == 0


def test_cell_names_and_exits():
    with pytest.warns(UserWarning) as caught:
        res = run_cells(["import warnings\nwarnings.warn('w')", "print('before')\nimport sys\nsys.exit(3)",
                         "print('ok')\nraise SystemExit", "raise KeyboardInterrupt", "print('never')"], {}, first=7)
    assert caught[0].filename == "<cell 7>"
    assert [r.index for r in res] == [7, 8, 9, 10]  # stops after the interrupt, as Jupyter's "Run All"
    assert res[1].stdout == "before\n" and res[1].error_type == "SystemExit" and res[1].error == "3"
    assert res[2].error_type is None and res[2].stdout == "ok\n"
    assert res[3].error_type == "KeyboardInterrupt"
    (syntax,) = run_cells(["x = ("], {}, first=4)
    assert "<cell 4>" in syntax.error


def test_cells_from_ipynb():
    v3 = {"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "markdown", "source": "# t"},
                                                   {"cell_type": "code", "input": ["a = 1\n", "a"]}]}]}
    assert cells_from_ipynb(json.dumps(v3)) == ["a = 1\na"]
    with pytest.raises(ValueError, match="not a Jupyter notebook"):
        cells_from_ipynb("[1, 2]")
    with pytest.raises(ValueError, match="code cell 1 .cell 2. has no 'source'"):
        cells_from_ipynb(json.dumps({"cells": [{"cell_type": "markdown", "source": ""}, {"cell_type": "code"}]}))


def _record() -> None:
    import torch
    from IPython.lib.pretty import pretty as ipython_pretty

    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps({k: ipython_pretty(v) for k, v in _pretty_cases(torch).items()}, indent=1) + "\n")


if __name__ == "__main__":  # record IPython's layout of torch's values
    _record()
    print(f"recorded {GOLDEN}")
