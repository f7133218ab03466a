"""torchless.viz: the diagram's nodes and edges, its renderings and text fallback, and trace_backward.

Graph structures and the gradients each node receives and sends are compared with torch 2.13, live (skipped
without torch) and through ``tests/golden/viz.json``. Record that file with ``python -m tests.test_viz`` (needs
torch).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless
from torchless import viz

GOLDEN = Path(__file__).resolve().parent / "golden" / "viz.json"
X = [0, 1, 2, 3, 4, 5, 6, 7.0]
Y = [-0.82, -0.94, -0.12, 0.26, 0.39, 0.64, 1.02, 1.0]
NOTE_PIP = 'pip install "torchless[viz]"'


# -- graphs, written once for torch and torchless -------------------------------------------------------------
def seed(T):
    """The first seed's cost after one forward (weights fixed instead of random)."""

    class LinearRegression(T.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = T.nn.Linear(1, 1)

        def forward(self, my_x):
            return self.linear(my_x)

    model = LinearRegression()
    with T.no_grad():
        model.linear.weight.fill_(0.5)
        model.linear.bias.fill_(-0.3)
    x = T.from_numpy(np.array(X).reshape(-1, 1)).float()
    x.requires_grad_()
    y = T.from_numpy(np.array(Y).reshape(-1, 1)).float()
    cost = T.sum((model(x) - y) ** 2) / len(y)
    return cost, dict(model.named_parameters()), {"model": model, "x": x}


def shared(T):
    """A leaf used by several ops and twice by one (``a * a``), a named intermediate used twice."""
    a = T.tensor([1.0, 2.0], requires_grad=True)
    b = T.tensor(3.0, requires_grad=True)
    h = a * b
    return (h + h.exp() + a * a).sum(), {"a": a, "b": b}, {}


def broadcast(T):
    """Gradients summed back over broadcast dimensions; an input that does not require grad."""
    w = T.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    c = T.tensor([0.5, -1.0], requires_grad=True)
    k = T.tensor([2.0, 4.0])
    return ((w * c + k) ** 2).mean(), {"w": w, "c": c}, {}


def custom(T):
    """A multi-output custom Function: its node appears once, reached by two edges (outputs 0 and 1)."""

    class Split(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            return ga * 2 + gb * 3

    x = T.tensor([1.0, -2.0], requires_grad=True)
    u, v = Split.apply(x)
    return (u * v).sum(), {"x": x}, {}


def inplace_views(T):
    """In-place ops on views: CopySlices over the base, AsStridedBackward0 for a view made before the change."""
    a = T.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    c = T.tensor([5.0, 6.0], requires_grad=True)
    b = a * 1
    v = b[1:3]
    b[::2] = c
    return (v * v).sum() + b.exp().sum(), {"a": a, "c": c}, {}


def hooked(T):
    """A tensor hook that doubles the gradient, a detached branch and a custom Function with a non-tensor argument."""

    class Scale(T.autograd.Function):
        @staticmethod
        def forward(ctx, k, x):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, g):
            return None, g * ctx.k

    a = T.tensor([1.0, 2.0], requires_grad=True)
    h = a * 3
    h.register_hook(lambda g: g * 2)
    return (Scale.apply(2.5, h) * h.detach() + h).sum(), {"a": a}, {}


GRAPHS = {"seed": seed, "shared": shared, "broadcast": broadcast, "custom": custom, "inplace_views": inplace_views,
          "hooked": hooked}


# -- structure: the same walk over torch's and torchless's next_functions --------------------------------------
def _leaf_key(t, names: dict) -> str:
    for name, p in names.items():
        if p is t:
            return name
    return str(tuple(t.shape))


def structure(fn, names: dict):
    """``[name, children...]`` through ``next_functions`` (inputs that need no grad left out);
    ``["AccumulateGrad", leaf name or shape]`` for leaves."""
    if hasattr(fn, "variable"):
        return ["AccumulateGrad", _leaf_key(fn.variable, names)]
    return [type(fn).__name__, *(structure(child, names) for child, _ in fn.next_functions if child is not None)]


def diagram_structure(d: viz.Diagram):
    """The same description read from a diagram's nodes and edges, from its output node down."""

    def walk(node):
        kids = d.children(node.id)
        if node.kind == "accumulate":
            (leaf,) = kids
            first = leaf.label.split("\n")[0]
            return ["AccumulateGrad", first.rsplit(" ", 1)[0] if first.startswith("(") else first]
        return [node.label.split("\n")[0], *(walk(k) for k in kids)]

    (out,) = [n for n in d.nodes if n.kind == "output"]
    (top,) = d.children(out.id)
    return walk(top)


# -- torch's per-node gradients (what its hooks see) -----------------------------------------------------------
def _values(t):
    if t is None:
        return None
    arr = t._data if hasattr(t, "_data") else t.detach().numpy()
    return np.asarray(arr, dtype=np.float64).reshape(-1).tolist()


def _node_key(fn, names: dict) -> str:
    if hasattr(fn, "variable"):
        return "AccumulateGrad:" + _leaf_key(fn.variable, names)
    return type(fn).__name__


def torch_steps(T, graph) -> dict:
    """Run torch's backward with hooks: per node, the gradient(s) it received and those it sent per input."""
    out, names, _ = graph(T)
    steps, handles, seen, todo = {}, [], set(), [out.grad_fn]
    while todo:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        key = _node_key(fn, names)
        if hasattr(fn, "variable"):
            handles.append(fn.variable.register_hook(
                lambda g, key=key: steps.__setitem__(key, {"received": [_values(g)], "sent": []})))
            continue

        def hook(gi, go, key=key, fn=fn):
            sent = [_values(g) for g, (c, _) in zip(gi, fn.next_functions) if c is not None]
            steps[key] = {"received": [_values(g) for g in go], "sent": sent}

        handles.append(fn.register_hook(hook))
        todo.extend(c for c, _ in fn.next_functions if c is not None)
    out.backward()
    for h in handles:
        h.remove()
    return steps


def record() -> dict:
    import torch

    graphs = {k: g(torch) for k, g in GRAPHS.items()}
    return {"torch": torch.__version__,
            "structure": {k: structure(out.grad_fn, names) for k, (out, names, _) in graphs.items()},
            "steps": {k: torch_steps(torch, g) for k, g in GRAPHS.items()}}


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text())


def _torch():
    return pytest.importorskip("torch")


needs_graphviz = pytest.mark.skipif(not viz.graphviz_available() or viz._graphviz_module() is None,
                                    reason="Graphviz (the dot program and the graphviz package) not installed")


# -- draw: structure -------------------------------------------------------------------------------------------
def test_seed_chain_is_torchs():
    """DivBackward0 <- SumBackward0 <- PowBackward0 <- SubBackward0 <- AddmmBackward0 <- AccumulateGrad, and
    TBackward0 between the weight and AddmmBackward0 (as in torch)."""
    cost, names, _ = seed(torchless)
    s = diagram_structure(viz.draw(cost, names))
    assert [s[0], s[1][0], s[1][1][0], s[1][1][1][0], s[1][1][1][1][0]] == [
        "DivBackward0", "SumBackward0", "PowBackward0", "SubBackward0", "AddmmBackward0"]
    assert s[1][1][1][1][1:] == [["AccumulateGrad", "linear.bias"], ["AccumulateGrad", "(8, 1)"],
                                 ["TBackward0", ["AccumulateGrad", "linear.weight"]]]


@pytest.mark.parametrize("name", GRAPHS)
def test_structure_matches_golden(name, golden):
    out, names, _ = GRAPHS[name](torchless)
    assert diagram_structure(viz.draw(out, names)) == golden["structure"][name]
    assert structure(out.grad_fn, names) == golden["structure"][name]


@pytest.mark.parametrize("name", GRAPHS)
def test_structure_matches_torch(name):
    torch = _torch()
    out, names, _ = GRAPHS[name](torch)
    expected = structure(out.grad_fn, names)
    tl_out, tl_names, _ = GRAPHS[name](torchless)
    assert diagram_structure(viz.draw(tl_out, tl_names)) == expected


def test_seed_nodes_labels_and_edges():
    cost, names, extra = seed(torchless)
    d = viz.draw(cost, names, name="cost")
    kinds = [n.kind for n in d.nodes]
    assert kinds.count("output") == 1 and kinds.count("accumulate") == 3 and kinds.count("leaf") == 3
    assert kinds.count("op") == 6
    labels = {n.label.split("\n")[0]: n for n in d.nodes}
    assert labels["cost"].kind == "output" and "() float32" in labels["cost"].label
    assert labels["linear.weight"].kind == "leaf" and "(1, 1) float32" in labels["linear.weight"].label
    assert labels["linear.bias"].kind == "leaf" and "(1,) float32" in labels["linear.bias"].label
    assert labels["(8, 1) float32"].kind == "leaf"  # x: unnamed, labelled with its shape
    # edges point the way gradients flow: from the output to the leaves
    assert d.edges[0] == (labels["cost"].id, labels["DivBackward0"].id)
    for leaf in ("linear.weight", "linear.bias"):
        (into,) = [s for s, t in d.edges if t == labels[leaf].id]
        assert d.node(into).label == "AccumulateGrad"
    assert all(t != d.nodes[0].id for _, t in d.edges)  # nothing flows into the output
    assert len(d.edge_labels) == len(d.edges)
    assert d.edge_labels[d.edges.index((labels["SumBackward0"].id, labels["PowBackward0"].id))] == "(8, 1)"


def test_shared_nodes_appear_once():
    a = torchless.tensor([1.0, 2.0], requires_grad=True)
    h = a.exp()
    out = (h * h + a * a).sum()
    d = viz.draw(out, {"a": a, "h": h})
    (exp,) = [n for n in d.nodes if n.label.startswith("ExpBackward0")]
    assert exp.label == "ExpBackward0\nh (2,) float32"  # a named intermediate labels the node that made it
    assert [n.label.split("\n")[0] for n in d.nodes].count("a") == 1
    assert len([n for n in d.nodes if n.kind == "accumulate"]) == 1
    (mul_hh,) = [n for n in d.nodes if n.kind == "op" and [c.id for c in d.children(n.id)] == [exp.id, exp.id]]
    assert mul_hh.label == "MulBackward0"  # h * h: two edges to the same node


def test_custom_function_edges_name_output_numbers():
    out, names, _ = custom(torchless)
    d = viz.draw(out, names)
    (split,) = [n for n in d.nodes if n.label == "SplitBackward"]
    labels = [lab for (s, t), lab in zip(d.edges, d.edge_labels) if t == split.id]
    assert labels == ["(2,)", "(2,) (output 1)"]


def test_values_and_grads_shown():
    cost, names, _ = seed(torchless)
    cost.backward()
    d = viz.draw(cost, names, show_values=True, show_grads=True)
    (w,) = [n for n in d.nodes if n.label.startswith("linear.weight")]
    assert f"value: [{names['linear.weight'].item():.4g}]" in w.label
    assert f"grad: [{names['linear.weight'].grad.item():.4g}]" in w.label
    out = d.nodes[0]
    assert f"value: {cost.item():.4g}" in out.label and "grad: None" in out.label
    (x,) = [n for n in d.nodes if n.label.startswith("(8, 1)")]
    assert "value: [0, 1, 2, 3, …]" in x.label  # a few values only


def test_params_as_module_pairs_and_several_outputs():
    cost, _, extra = seed(torchless)
    model = extra["model"]
    by_module = viz.draw(cost, model)
    by_pairs = viz.draw(cost, list(model.named_parameters()))
    assert by_module.nodes == by_pairs.nodes
    two = viz.draw([cost, cost * 2])
    assert [n.label.split("\n")[0] for n in two.nodes if n.kind == "output"] == ["output 0", "output 1"]
    assert [n.label for n in two.nodes].count("DivBackward0") == 1  # shared by both outputs
    with pytest.raises(TypeError, match="params must map names to tensors"):
        viz.draw(cost, {"w": 1.0})
    with pytest.raises(TypeError, match="expects a tensor"):
        viz.draw([cost, 3])


def test_tensors_without_grad_fn():
    leaf = torchless.tensor([1.0], requires_grad=True)
    plain = torchless.tensor([1.0, 2.0])
    d1, d2 = viz.draw(leaf), viz.draw(plain)
    assert d1.edges == [] and d1.nodes[0].label.endswith("leaf: no grad_fn")
    assert d2.nodes[0].label.endswith("no grad_fn: does not require grad")


def test_dot_source_and_text_tree():
    a = torchless.tensor([1.0], requires_grad=True)
    out = (a * 2).sum()
    d = viz.draw(out, {'say "hi"\\': a})
    src = d.source
    assert src.startswith("digraph autograd {") and src.rstrip().endswith("}")
    assert src.count(" -> ") == len(d.edges)
    assert 'label="say \\"hi\\"\\\\\\n(1,) float32"' in src  # quotes, backslashes and newlines escaped
    assert "from the output towards the leaves" in src  # the legend says which way the arrows point
    text = d.text()
    assert text.splitlines()[1:] == ["output  () float32", "└── SumBackward0", "    └── MulBackward0",
                                     '        └── AccumulateGrad → say "hi"\\  (1,) float32']


def test_text_tree_marks_repeated_subgraphs():
    a = torchless.tensor([1.0, 2.0], requires_grad=True)
    h = a.exp()
    text = viz.draw((h + h.sin()).sum()).text()
    assert "ExpBackward0  (shown above)" in text
    assert text.count("AccumulateGrad") == 1


def test_deep_graph_needs_no_recursion():
    x = torchless.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(2000):
        y = y * 1.0
    d = viz.draw(y)
    assert len(d.nodes) == 2003 and len(d.text().splitlines()) == 2003


# -- draw: rendering -------------------------------------------------------------------------------------------
@needs_graphviz
def test_renders_svg_png_pdf(tmp_path):
    cost, names, _ = seed(torchless)
    d = viz.draw(cost, names)
    svg = d.save(tmp_path / "g.svg").read_text()
    assert "<svg" in svg and "linear.weight" in svg and "AddmmBackward0" in svg
    assert d.save(tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert d.save(tmp_path / "g.pdf").read_bytes()[:5] == b"%PDF-"
    assert d.save(tmp_path / "noext").name == "noext.svg"
    assert "<svg" in d._repr_svg_()
    bundle = d._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"] and "DivBackward0" in bundle["text/plain"]
    assert NOTE_PIP not in str(d)
    with pytest.raises(ValueError, match="unknown format"):
        d.save(tmp_path / "g.docx")


@needs_graphviz
def test_save_graph_with_graphviz(tmp_path):
    cost, names, _ = seed(torchless)
    path = viz.save_graph(cost, tmp_path / "cost.png", params=names)
    assert path == tmp_path / "cost.png" and path.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program not installed")
def test_renders_with_dot_alone(monkeypatch):
    monkeypatch.setitem(sys.modules, "graphviz", None)  # the Python package is missing: dot is run directly
    d = viz.draw(seed(torchless)[0])
    assert "<svg" in d.svg()
    assert NOTE_PIP not in str(d)


def _no_graphviz(monkeypatch):
    monkeypatch.setattr(viz.shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setitem(sys.modules, "graphviz", None)


def test_text_fallback_without_graphviz(monkeypatch, tmp_path, capsys):
    _no_graphviz(monkeypatch)
    cost, names, _ = seed(torchless)
    d = viz.draw(cost, names)
    assert not viz.graphviz_available()
    shown = str(d)
    assert shown == repr(d)
    assert "DivBackward0" in shown and "AccumulateGrad → linear.weight" in shown
    assert NOTE_PIP in shown and "apt-get install graphviz" in shown
    assert d._repr_svg_() is None and d._repr_mimebundle_() == {"text/plain": shown}
    with pytest.raises(RuntimeError, match="apt-get install graphviz"):
        d.save(tmp_path / "g.png")
    assert d.save(tmp_path / "g.dot").read_text() == d.source  # text formats need no Graphviz
    assert d.save(tmp_path / "g.txt").read_text() == d.text() + "\n"
    assert d.nodes and d.edges  # the data is there all the same
    path = viz.save_graph(cost, tmp_path / "cost.svg", params=names)
    assert path == tmp_path / "cost.dot" and path.read_text() == d.source
    printed = capsys.readouterr().out
    assert "AddmmBackward0" in printed and NOTE_PIP in printed and "cost.dot" in printed


def test_note_names_only_what_is_missing(monkeypatch):
    monkeypatch.setattr(viz.shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(viz, "_graphviz_module", lambda: object())
    note = str(viz.draw(seed(torchless)[0])).splitlines()[-1]
    assert "apt-get install graphviz" in note and NOTE_PIP not in note


# -- trace_backward --------------------------------------------------------------------------------------------
def _close(got, want):
    if want is None:
        return got is None
    return got is not None and np.allclose(_values(got), want, rtol=1e-5, atol=1e-7)


def test_trace_seed_grads_equal_backward(capsys):
    cost, names, extra = seed(torchless)
    trace = viz.trace_backward(cost, names)
    plain, plain_names, plain_extra = seed(torchless)
    plain.backward()
    leaves = {s.leaf: s.received[0] for s in trace if s.node == "AccumulateGrad"}
    assert set(leaves) == {"linear.weight", "linear.bias", "leaf (8, 1)"}
    for name in ("linear.weight", "linear.bias"):
        assert np.array_equal(leaves[name].numpy(), names[name].grad.numpy())
        assert np.array_equal(names[name].grad.numpy(), plain_names[name].grad.numpy())
    assert np.array_equal(leaves["leaf (8, 1)"].numpy(), extra["x"].grad.numpy())
    assert np.array_equal(extra["x"].grad.numpy(), plain_extra["x"].grad.numpy())
    table = capsys.readouterr().out
    assert table == trace.table() + "\n"
    for node in ("DivBackward0", "SumBackward0", "PowBackward0", "SubBackward0", "AddmmBackward0", "TBackward0",
                 "AccumulateGrad", "linear.weight.grad +=", "linear.bias.grad +="):
        assert node in table
    assert str(trace) == trace.table() and repr(trace).startswith("<BackwardTrace of 9 steps")


def _trace_by_key(trace):
    out = {}
    for s in trace:
        key = "AccumulateGrad:" + s.leaf.removeprefix("leaf ") if s.leaf else s.node
        out[key] = s
    return out


def _check_steps(trace, want: dict):
    got = _trace_by_key(trace)
    assert set(got) == set(want)
    for key, step in got.items():
        assert len(step.received) == len(want[key]["received"])
        assert all(_close(g, w) for g, w in zip(step.received, want[key]["received"])), key
        assert len(step.sent) == len(want[key]["sent"]), key
        assert all(_close(s.grad, w) for s, w in zip(step.sent, want[key]["sent"])), key


@pytest.mark.parametrize("name", ["seed", "broadcast", "custom", "inplace_views", "hooked"])
def test_trace_matches_golden(name, golden):
    out, names, _ = GRAPHS[name](torchless)
    _check_steps(viz.trace_backward(out, names, print_table=False), golden["steps"][name])


@pytest.mark.parametrize("name", ["seed", "broadcast", "custom", "inplace_views", "hooked"])
def test_trace_matches_torch(name):
    torch = _torch()
    want = torch_steps(torch, GRAPHS[name])
    out, names, _ = GRAPHS[name](torchless)
    _check_steps(viz.trace_backward(out, names, print_table=False), want)


def test_trace_sent_and_step_links():
    out, names, _ = broadcast(torchless)
    trace = viz.trace_backward(out, names, print_table=False)
    assert [s.step for s in trace] == list(range(1, len(trace) + 1))
    by_key = _trace_by_key(trace)
    mul = by_key["MulBackward0"]
    assert [s.to for s in mul.sent] == ["AccumulateGrad: w", "AccumulateGrad: c"]
    # gradients sent are fitted to the inputs' shapes (broadcasting undone), as the inputs receive them
    assert [tuple(s.grad.shape) for s in mul.sent] == [(3, 1), (2,)]
    for s in mul.sent:
        assert trace[s.step - 1].node == "AccumulateGrad" and s.step > mul.step
    add = by_key["AddBackward0"]
    assert len(add.sent) == 1  # k does not require grad: nothing is sent to it
    assert trace[0].grad_fn is out.grad_fn


def test_trace_accumulates_onto_existing_grad():
    a = torchless.tensor([1.0, 2.0], requires_grad=True)
    (a * 3).sum().backward()
    trace = viz.trace_backward((a * a).sum(), print_table=False)
    assert trace[-1].leaf == "leaf (2,)" and trace[-1].received[0].tolist() == [2.0, 4.0]  # what was added
    assert a.grad.tolist() == [5.0, 7.0]
    assert trace[-1].grad_fn is not None


def test_trace_hooks_are_removed():
    a = torchless.tensor([1.0, 2.0], requires_grad=True)
    out = (a.exp() * 2).sum()
    trace = viz.trace_backward(out, print_table=False, retain_graph=True)
    n = len(trace)
    out.backward()
    assert len(trace) == n == 4
    assert a.grad.tolist() == pytest.approx((4 * np.exp([1.0, 2.0])).tolist())


def test_trace_leaf_loss_and_errors():
    w = torchless.tensor(2.0, requires_grad=True)
    trace = viz.trace_backward(w, {"w": w}, print_table=False)
    assert [(s.node, s.leaf) for s in trace] == [("AccumulateGrad", "w")] and w.grad.item() == 1.0
    plain = torchless.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        viz.trace_backward(plain.sum())
    v = torchless.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        viz.trace_backward(v * 2)
    trace = viz.trace_backward(v * 2, gradient=torchless.tensor([1.0, -1.0]), print_table=False)
    assert v.grad.tolist() == [2.0, -2.0] and trace[0].received[0].tolist() == [1.0, -1.0]


def test_trace_under_anomaly_mode():
    """trace_backward's hooks and anomaly mode together: the NaN error still names the node; hooks are removed."""
    x = torchless.tensor([0.0, 4.0], requires_grad=True)
    with pytest.warns(UserWarning), torchless.autograd.set_detect_anomaly(True):
        out = (x.sqrt() * 0).sum()
        with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan values in its 0th output."):
            viz.trace_backward(out, print_table=False, retain_graph=True)
    out.backward()  # no hook left behind to record or fail
    assert np.isnan(x.grad.numpy()[0])


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 4), m=st.integers(1, 4), seed_=st.integers(0, 2**16))
def test_trace_grads_equal_plain_backward(n, m, seed_):
    rng = np.random.default_rng(seed_)
    a_np, b_np = rng.standard_normal((n, 1)), rng.standard_normal(m)

    def run(trace: bool):
        a = torchless.tensor(a_np, requires_grad=True)
        b = torchless.tensor(b_np, requires_grad=True)
        out = ((a * b).tanh() + a / (b * b + 1)).sum()
        steps = viz.trace_backward(out, {"a": a, "b": b}, print_table=False) if trace else out.backward()
        return a, b, steps

    a, b, steps = run(True)
    pa, pb, _ = run(False)
    assert np.array_equal(a.grad.numpy(), pa.grad.numpy()) and np.array_equal(b.grad.numpy(), pb.grad.numpy())
    leaves = {s.leaf: s.received[0].numpy() for s in steps if s.leaf}
    assert np.array_equal(leaves["a"], a.grad.numpy()) and np.array_equal(leaves["b"], b.grad.numpy())
    for s in steps:
        for sent in s.sent:  # each gradient sent has the shape of the input that receives it
            target = steps[sent.step - 1]
            assert tuple(sent.grad.shape) == tuple(target.received[0].shape)


if __name__ == "__main__":  # python -m tests.test_viz: record torch's results
    GOLDEN.write_text(json.dumps(record()) + "\n")
    print(f"wrote {GOLDEN}")
