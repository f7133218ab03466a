"""See the autograd graph: draw it, and follow ``backward()`` through it step by step.

- :func:`draw` turns the graph behind a tensor into a diagram: one node per ``grad_fn`` (torch's class names:
  ``MulBackward0``, ``AccumulateGrad`` ...), the leaf tensors with their names, shapes and dtypes (optionally their
  values and gradients), and the output tensor itself. Arrows point the way gradients flow in ``backward()``: from
  the output towards the leaves. The diagram renders itself in Jupyter and saves as SVG/PNG/PDF with Graphviz (the
  ``graphviz`` Python package, ``pip install "torchless[viz]"``, and Graphviz's ``dot`` program); without Graphviz
  it prints as a text tree. Its nodes, edges and DOT source are plain data either way.
- :func:`trace_backward` runs ``backward()`` (the normal engine, watched with hooks) and records each step: which
  node ran, the gradient it received, what it sent to each input, what was accumulated into which leaf's ``.grad``.
- :func:`save_graph` draws and saves in one call, falling back to DOT source and a printed tree without Graphviz.

Example::

    import torchless as torch
    from torchless import viz

    cost = torch.sum((model(x) - y) ** 2) / len(y)
    viz.draw(cost, params=dict(model.named_parameters()))  # a picture in Jupyter, a tree in a terminal
    viz.trace_backward(cost, params=dict(model.named_parameters()))  # prints the chain rule, step by step
"""

from __future__ import annotations

import shutil
import subprocess
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ._tensor import Tensor
from .autograd.graph import AccumulateGrad

__all__ = ["draw", "trace_backward", "save_graph", "graphviz_available", "Diagram", "DiagramNode",
           "BackwardStep", "Sent", "BackwardTrace"]

LEGEND = ("Arrows show the way gradients flow in backward(): from the output towards the leaves.\n"
          "green: the output   grey: grad_fn nodes (one per operation)   blue: leaf tensors\n"
          "Edge labels: the shape of the gradient passed along.")
_TOOLTIPS = {
    "output": "The output tensor: backward() starts here (with gradient 1 for a scalar).",
    "op": "A grad_fn: in backward() it receives the gradient of its operation's output and sends one gradient "
          "to each input (the chain rule).",
    "accumulate": "AccumulateGrad: adds the gradient it receives into its leaf tensor's .grad.",
    "leaf": "A leaf tensor with requires_grad=True: backward() stores its gradient in .grad.",
}
_FILL = {"output": "darkolivegreen1", "op": "lightgrey", "accumulate": "white", "leaf": "lightblue"}
_FORMATS = {"svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "json", "dot", "gv", "txt"}
_N_VALUES = 4  # values shown per tensor


# -- Graphviz ---------------------------------------------------------------------------------------------------
def _graphviz_module():
    try:
        import graphviz
    except ImportError:
        return None
    return graphviz


def graphviz_available() -> bool:
    """True when pictures can be made: Graphviz's ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def _missing_note() -> str:
    """How to get the picture, naming what is missing."""
    steps = []
    if _graphviz_module() is None:
        steps.append('pip install "torchless[viz]"')
    if shutil.which("dot") is None:
        steps.append("install Graphviz's `dot` program (apt-get install graphviz, brew install graphviz or "
                     "conda install graphviz)")
    return "To see this graph as a picture: " + " and ".join(steps or ["install Graphviz"]) + "."


def _render(source: str, fmt: str) -> bytes:
    """Run ``dot`` on ``source``: through the ``graphviz`` package when installed, else directly."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("Graphviz's `dot` program was not found. " + _missing_note())
    gv = _graphviz_module()
    if gv is not None:
        return gv.Source(source).pipe(format=fmt)
    return subprocess.run([dot, f"-T{fmt}"], input=source.encode(), capture_output=True, check=True).stdout


# -- formatting -------------------------------------------------------------------------------------------------
def _shape(shape) -> str:
    return str(tuple(shape))


def _dtype(t: Tensor) -> str:
    return str(t.dtype).removeprefix("torch.")


def _number(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{v:.4g}"


def _values(t: Tensor | None, n: int = _N_VALUES) -> str:
    """A few of a tensor's values: ``0.125``, ``[0.125, 0.25, 0.5, …]``."""
    if t is None:
        return "None"
    arr = t._data
    if arr.ndim == 0:
        return _number(arr.item())
    flat = arr.reshape(-1)
    head = ", ".join(_number(v) for v in flat[:n].tolist())
    return f"[{head}, …]" if flat.size > n else f"[{head}]"


def _describe(t: Tensor | None, n: int = _N_VALUES) -> str:
    """Shape and a few values: ``(8, 1) [0.125, 0.125, 0.125, …]``."""
    return "None" if t is None else f"{_shape(t._data.shape)} {_values(t, n)}"


def _canonical(node):
    """The node that ``next_functions`` shows for ``node`` (a multi-output Function's node for its outputs)."""
    edge = getattr(node, "_edge", None)
    return edge()[0] if edge is not None else node


def _inputs(fn) -> list:
    """``(node, output_nr)`` per input of ``fn`` (``(None, 0)`` where no gradient is needed), as
    ``next_functions`` shows them, aligned with the gradients ``fn`` returns and its inputs' shapes (``_meta``)."""
    nxt = getattr(fn, "_next", None)
    if nxt is None:
        return list(fn.next_functions)
    out = []
    for n in nxt:
        edge = getattr(n, "_edge", None)
        out.append((None, 0) if n is None else edge() if edge is not None else (n, 0))
    return out


def _names(params) -> dict[int, tuple[str, Tensor]]:
    """``id(tensor) -> (name, tensor)`` from a dict, (name, tensor) pairs or a Module; the first name wins."""
    if params is None:
        return {}
    if hasattr(params, "named_parameters"):
        params = params.named_parameters()
    items = params.items() if hasattr(params, "items") else params
    names: dict[int, tuple[str, Tensor]] = {}
    for name, t in items:
        if not isinstance(t, Tensor):
            raise TypeError(f"params must map names to tensors, but {name!r} is a {type(t).__name__}")
        names.setdefault(id(t), (str(name), t))
    return names


def _leaf_label(t: Tensor, names: dict) -> str:
    named = names.get(id(t))
    return named[0] if named is not None else f"leaf {_shape(t._data.shape)}"


# -- draw -------------------------------------------------------------------------------------------------------
class DiagramNode(NamedTuple):
    """One box of the diagram. ``kind``: "output", "op" (a grad_fn), "accumulate" (AccumulateGrad) or "leaf"."""

    id: str
    label: str
    kind: str


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class Diagram:
    """The autograd graph behind one or more tensors, as data and as a picture.

    ``nodes``: :class:`DiagramNode` list; ``edges``: ``(src, dst)`` node-id pairs, pointing the way gradients flow
    (from the output towards the leaves; an input used twice gives two edges); ``edge_labels``: per edge, the shape
    of the gradient passed along; ``source``: the Graphviz DOT text. ``str()`` is a text tree (with a note on how to
    get the picture when Graphviz is missing); ``save(path)`` writes SVG/PNG/PDF (``.dot``/``.txt``: text).
    """

    def __init__(self, nodes: list[DiagramNode], edges: list[tuple[str, str]], edge_labels: list[str],
                 rankdir: str = "TB", legend: bool = True):
        self.nodes = nodes
        self.edges = edges
        self.edge_labels = edge_labels
        self.rankdir = rankdir
        self.legend = legend

    # -- as data ------------------------------------------------------------------------------------------------
    def node(self, node_id: str) -> DiagramNode:
        """The node with this id."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def children(self, node_id: str) -> list[DiagramNode]:
        """The nodes that ``node_id`` sends gradients to, in ``next_functions`` order."""
        by_id = {n.id: n for n in self.nodes}
        return [by_id[d] for s, d in self.edges if s == node_id]

    @property
    def source(self) -> str:
        """The graph in Graphviz's DOT language (render it with ``dot -Tsvg``)."""
        lines = ["digraph autograd {",
                 f"  graph [rankdir={self.rankdir}, tooltip={_quote(LEGEND.splitlines()[0])}];",
                 '  node [shape=box, style="filled,rounded", fontname="Helvetica", fontsize=11, height=0.3];',
                 '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#555555"];']
        for n in self.nodes:
            lines.append(f"  {n.id} [label={_quote(n.label)}, fillcolor={_FILL[n.kind]}, "
                         f"tooltip={_quote(_TOOLTIPS[n.kind])}];")
        labels = {n.id: n.label.split("\n")[0] for n in self.nodes}
        for (s, d), label in zip(self.edges, self.edge_labels):
            tip = (f"AccumulateGrad adds its gradient into {labels[d]}.grad" if label == ".grad"
                   else f"a gradient of shape {label} flows from {labels[s]} to {labels[d]}")
            lines.append(f"  {s} -> {d} [label={_quote(' ' + label)}, tooltip={_quote(tip)}];")
        if self.legend:
            lines.append(f"  legend [shape=note, style=filled, fillcolor=lightyellow, fontsize=9, "
                         f"label={_quote(LEGEND)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The graph as a tree: each node's children are the nodes it sends gradients to."""
        children: dict[str, list[str]] = {}
        for s, d in self.edges:
            children.setdefault(s, []).append(d)
        by_id = {n.id: n for n in self.nodes}

        def line(nid: str) -> tuple[str, list[str]]:
            n = by_id[nid]
            kids = children.get(nid, [])
            if n.kind == "accumulate" and len(kids) == 1:  # AccumulateGrad -> its leaf, on one line
                return f"AccumulateGrad → {by_id[kids[0]].label.replace(chr(10), '  ')}", []
            return n.label.replace("\n", "  "), kids

        out = ["Autograd graph (gradients flow down the tree, from the output to the leaves):"]
        seen: set[str] = set()
        for root in (n.id for n in self.nodes if n.kind == "output"):
            stack = [(root, "", "")]
            while stack:
                nid, prefix, branch = stack.pop()
                text, kids = line(nid)
                if nid in seen and kids:
                    out.append(f"{prefix}{branch}{text}  (shown above)")
                    continue
                seen.add(nid)
                out.append(f"{prefix}{branch}{text}")
                inner = prefix + ("" if not branch else "    " if branch.startswith("└") else "│   ")
                for i in range(len(kids) - 1, -1, -1):
                    stack.append((kids[i], inner, "└── " if i == len(kids) - 1 else "├── "))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text() if graphviz_available() else self.text() + "\n" + _missing_note()

    __repr__ = __str__

    # -- as a picture -------------------------------------------------------------------------------------------
    def pipe(self, format: str = "svg") -> bytes:
        """The picture's bytes in a Graphviz output format (svg, png, pdf ...)."""
        return _render(self.source, format)

    def svg(self) -> str:
        """The picture as SVG text."""
        return self.pipe("svg").decode("utf-8")

    def save(self, path, format: str | None = None) -> Path:
        """Write the diagram; the format comes from the suffix (.svg, .png, .pdf; .dot/.gv: DOT text, .txt: the
        text tree). Pictures need Graphviz. Returns the path written."""
        path = Path(path)
        fmt = (format or path.suffix.removeprefix(".") or "svg").lower()
        if not path.suffix:
            path = path.with_suffix("." + fmt)
        if fmt not in _FORMATS:
            raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(sorted(_FORMATS))}")
        if fmt in ("dot", "gv"):
            path.write_text(self.source, encoding="utf-8")
        elif fmt == "txt":
            path.write_text(self.text() + "\n", encoding="utf-8")
        else:
            path.write_bytes(self.pipe(fmt))
        return path

    def _repr_svg_(self) -> str | None:
        if not graphviz_available():
            return None
        try:
            return self.svg()
        except Exception:  # noqa: BLE001 - a failed render falls back to the text, as Jupyter does
            return None

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {"text/plain": str(self)}
        svg = self._repr_svg_()
        if svg is not None:
            bundle["image/svg+xml"] = svg
        return bundle


def draw(tensor, params=None, show_values: bool = False, show_grads: bool = False, name: str | None = None,
         rankdir: str = "TB", legend: bool = True) -> Diagram:
    """The autograd graph behind ``tensor`` (or a list of tensors) as a :class:`Diagram`.

    One node per ``grad_fn`` (walking ``next_functions``), one per leaf tensor (named from ``params``: a dict such
    as ``dict(model.named_parameters())``, (name, tensor) pairs or a Module; unnamed leaves show their shape; a named
    non-leaf tensor labels the node that made it), and the output itself (``name`` or "output"). ``show_values`` /
    ``show_grads`` add a few values of the leaves and output and of their ``.grad``. Edges point the way gradients
    flow. ``rankdir="LR"`` lays the picture out left to right.
    """
    roots = [tensor] if isinstance(tensor, Tensor) else list(tensor)
    for t in roots:
        if not isinstance(t, Tensor):
            raise TypeError(f"draw() expects a tensor or tensors, got {type(t).__name__}")
    names = _names(params)
    made_by = {id(_canonical(t.grad_fn)): (n, t) for n, t in names.values() if t.grad_fn is not None}
    nodes: list[DiagramNode] = []
    edges: list[tuple[str, str]] = []
    edge_labels: list[str] = []
    ids: dict[int, str] = {}
    keep: list[Any] = []  # what ``ids`` refers to, alive until the walk ends

    def tensor_label(t: Tensor, title: str) -> str:
        lines = [title, f"{_shape(t._data.shape)} {_dtype(t)}"]
        if title == _shape(t._data.shape):
            lines = [f"{title} {_dtype(t)}"]
        if show_values:
            lines.append(f"value: {_values(t)}")
        if show_grads:
            lines.append(f"grad: {_values(t._grad)}")
        return "\n".join(lines)

    def add(obj, label: str, kind: str) -> str:
        nid = f"n{len(nodes)}"
        ids[id(obj)] = nid
        keep.append(obj)
        nodes.append(DiagramNode(nid, label, kind))
        return nid

    def add_fn(fn) -> str:
        nid = ids.get(id(fn))
        if nid is None:
            if isinstance(fn, AccumulateGrad):
                nid = add(fn, "AccumulateGrad", "accumulate")
            else:
                label = type(fn).__name__
                if id(fn) in made_by:
                    n, t = made_by[id(fn)]
                    label += f"\n{n} {_shape(t._data.shape)} {_dtype(t)}"
                nid = add(fn, label, "op")
            queue.append(fn)
        return nid

    queue: deque = deque()
    for i, t in enumerate(roots):
        if id(t) in ids:
            continue
        named = names.get(id(t))
        title = named[0] if named else name if name and len(roots) == 1 else "output" if len(roots) == 1 \
            else f"output {i}"
        label = tensor_label(t, title)
        if t.grad_fn is None:
            label += "\nleaf: no grad_fn" if t.requires_grad else "\nno grad_fn: does not require grad"
        out = add(t, label, "output")
        if t.grad_fn is not None:
            edges.append((out, add_fn(_canonical(t.grad_fn))))
            edge_labels.append(_shape(t._data.shape))
    while queue:
        fn = queue.popleft()
        src = ids[id(fn)]
        if isinstance(fn, AccumulateGrad):
            var = fn.variable
            leaf = ids.get(id(var))
            if leaf is None:
                named = names.get(id(var))
                leaf = add(var, tensor_label(var, named[0] if named else _shape(var._data.shape)), "leaf")
            edges.append((src, leaf))
            edge_labels.append(".grad")
            continue
        meta = getattr(fn, "_meta", None) or ()
        for i, (child, nr) in enumerate(_inputs(fn)):
            if child is None:
                continue
            edges.append((src, add_fn(child)))
            m = meta[i] if i < len(meta) else None
            label = _shape(m[0]) if m is not None else ""
            edge_labels.append(f"{label} (output {nr})".lstrip() if nr else label)
    return Diagram(nodes, edges, edge_labels, rankdir, legend)


def save_graph(tensor, path, params=None, **draw_kwargs) -> Path:
    """Draw ``tensor``'s graph and save it (format from the suffix). Without Graphviz, print the text tree and
    the install note, and save the DOT source next to ``path`` (``.dot``) instead. Returns the path written."""
    diagram = draw(tensor, params, **draw_kwargs)
    path = Path(path)
    if path.suffix.lower() in (".dot", ".gv", ".txt") or graphviz_available():
        return diagram.save(path)
    dot_path = diagram.save(path.with_suffix(".dot"))
    print(diagram)
    print(f"Saved the graph's DOT source to {dot_path} instead of {path}.")
    return dot_path


# -- trace_backward ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sent:
    """A gradient a node sent to one of its inputs: to which node (a grad_fn's name, or ``AccumulateGrad: leaf``),
    the step where that node ran (None if it did not), and the gradient, fitted to the input's shape."""

    to: str
    step: int | None
    grad: Tensor | None


@dataclass(frozen=True)
class BackwardStep:
    """One node run by backward: ``received`` the gradient(s) of its operation's output(s), ``sent`` one gradient
    per input that requires grad; for ``AccumulateGrad``, ``leaf`` names the tensor whose ``.grad`` got
    ``received[0]`` added."""

    step: int
    node: str
    received: tuple
    sent: tuple
    leaf: str | None = None
    grad_fn: Any = None


class BackwardTrace(list):
    """The :class:`BackwardStep` list from :func:`trace_backward`; ``print()`` it for the table."""

    def table(self) -> str:
        """The steps as a table: node, gradient received, and each gradient sent with where it went."""
        header = ("step", "node", "received (shape, values)", "sent to", "gradient sent (shape, values)")
        rows = []
        for s in self:
            got = "; ".join(_describe(g, 3) for g in s.received)
            if s.leaf is not None:
                into = f"{s.leaf}.grad +=" if not s.leaf.startswith("leaf (") else f"{s.leaf}: .grad +="
                rows.append((str(s.step), s.node, got, into, _describe(s.received[0], 3)))
                continue
            if not s.sent:
                rows.append((str(s.step), s.node, got, "-", "-"))
            for j, out in enumerate(s.sent):
                where = out.to if out.step is None else f"{out.to} (step {out.step})"
                rows.append((str(s.step), s.node, got, where, _describe(out.grad, 3)) if j == 0
                            else ("", "", "", where, _describe(out.grad, 3)))
        widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
        fmt = lambda r: "  ".join(c.rjust(w) if k == 0 else c.ljust(w) for k, (c, w) in enumerate(zip(r, widths)))
        intro = ("backward(), step by step: each node receives the gradient of the loss with respect to its "
                 "operation's output,\nand sends the gradient with respect to each input (the chain rule). "
                 "AccumulateGrad adds its gradient into a leaf's .grad.")
        return "\n".join([intro, "", fmt(header).rstrip(), *(fmt(r).rstrip() for r in rows)])

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        return f"<BackwardTrace of {len(self)} steps: print it for the table>"


def _fit(node, i: int, g):
    """The gradient as input ``i`` receives it: summed over broadcast dims and cast, as the engine does."""
    if g is None:
        return None
    meta = getattr(node, "_meta", None)
    m = meta[i] if meta and i < len(meta) else None
    if m is not None:
        from .ops.shape import sum_to

        if g._data.shape != m[0]:
            g = sum_to(g, m[0])
        if g.dtype is not m[1]:
            g = g.to(m[1])
    return g.detach().clone()


def trace_backward(loss: Tensor, params=None, print_table: bool = True, gradient=None,
                   retain_graph: bool | None = None) -> BackwardTrace:
    """Run ``loss.backward(gradient, retain_graph)`` and record every step (see :class:`BackwardStep`).

    The normal engine runs, watched by hooks that are removed afterwards, so ``.grad`` ends up exactly as a plain
    ``backward()`` leaves it. ``params`` names the leaves (as in :func:`draw`). Prints the table unless
    ``print_table=False``; returns the steps as a :class:`BackwardTrace` (a list).
    """
    names = _names(params)
    events: list[tuple] = []  # (node, received, raw sent)
    handles = []

    def on_node(node):
        def hook(grad_inputs, grad_outputs):
            sent = tuple(_fit(node, i, g) for i, g in enumerate(grad_inputs))
            events.append((node, tuple(None if g is None else g.detach().clone() for g in grad_outputs), sent))

        return hook

    def on_leaf(node, var):
        def hook(grad):
            events.append((node, (grad.detach().clone(),), var))

        return hook

    leaf_of: dict[int, Tensor] = {}
    try:
        if loss.grad_fn is None and loss.requires_grad:  # backward of a leaf: it accumulates into itself
            handles.append(loss.register_hook(on_leaf(loss, loss)))
            leaf_of[id(loss)] = loss
        seen: set[int] = set()
        queue = deque([_canonical(loss.grad_fn)] if loss.grad_fn is not None else [])
        while queue:
            fn = queue.popleft()
            if id(fn) in seen:
                continue
            seen.add(id(fn))
            if isinstance(fn, AccumulateGrad):
                handles.append(fn.variable.register_hook(on_leaf(fn, fn.variable)))
                continue
            handles.append(fn.register_hook(on_node(fn)))
            queue.extend(child for child, _ in _inputs(fn) if child is not None)
        loss.backward(gradient, retain_graph=retain_graph)
    finally:
        for h in handles:
            h.remove()

    step_of = {id(node): k + 1 for k, (node, _, _) in enumerate(events)}

    def target(fn) -> str:
        if isinstance(fn, AccumulateGrad):
            return f"AccumulateGrad: {_leaf_label(fn.variable, names)}"
        return type(fn).__name__

    trace = BackwardTrace()
    for k, (node, received, sent) in enumerate(events):
        if isinstance(sent, Tensor):  # a leaf's accumulation: ``sent`` is the leaf
            acc = node if isinstance(node, AccumulateGrad) else None
            trace.append(BackwardStep(k + 1, "AccumulateGrad", received, (), _leaf_label(sent, names), acc))
            continue
        outs = tuple(Sent(target(child), step_of.get(id(child)), g)
                     for (child, _), g in zip(_inputs(node), sent) if child is not None)
        trace.append(BackwardStep(k + 1, type(node).__name__, received, outs, None, node))
    if print_table:
        print(trace.table())
    return trace
