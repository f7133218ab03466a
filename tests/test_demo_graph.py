"""``torchless demo --graph`` saves the first seed's graph, named after the model's parameters."""

from __future__ import annotations

from torchless import cli, viz


def test_demo_graph_writes_the_seed_graph(tmp_path, capsys):
    assert cli.main(["demo", "regression", "--graph", "--no-plots", "--epochs", "2", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].stem == "graph"
    text = written[0].read_text()
    if viz.graphviz_available():
        assert written[0].suffix == ".svg" and text.lstrip().startswith(("<?xml", "<svg"))
    else:
        assert written[0].suffix == ".dot"
    for name in ("DivBackward0", "SumBackward0", "PowBackward0", "SubBackward0", "AddmmBackward0", "AccumulateGrad",
                 "linear.weight", "linear.bias"):
        assert name in text, name
    assert "graph" in out


def test_demo_graph_without_graphviz_saves_dot(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(viz, "graphviz_available", lambda: False)
    assert cli.main(["demo", "regression", "--graph", "--no-plots", "--epochs", "2", "--out", str(tmp_path)]) == 0
    assert [p.suffix for p in tmp_path.iterdir()] == [".dot"]
    assert "AddmmBackward0" in capsys.readouterr().out  # the text tree is printed instead
