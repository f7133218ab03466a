"""Autograd details that need no torch comparison: module wiring, warnings once per process, handles."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import torchless as torch
from torchless import autograd
from torchless.autograd import anomaly_mode, graph

# Produced by torch 2.13 (engine.cpp), the first time backward(create_graph=True) runs in a process.
CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient "
    "which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you "
    "have to use this function, make sure to reset the .grad fields of your parameters to None after use to break "
    "the cycle and avoid the leak.")


def test_create_graph_warning_once_per_process(monkeypatch):
    monkeypatch.setattr(autograd, "_warned", [False])
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        (x * x).sum().backward(create_graph=True)
        (x * x).sum().backward(create_graph=True)
    assert [str(m.message) for m in w] == [CREATE_GRAPH_WARNING]
    assert w[0].category is UserWarning


def test_anomaly_mode_hooks_op_recording_only_while_enabled():
    from torchless.ops import _op

    original = _op._record
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with autograd.detect_anomaly():
            assert _op._record is not original
            y = torch.tensor([1.0], requires_grad=True) * 2
    assert _op._record is original
    z = torch.tensor([1.0], requires_grad=True) * 2
    assert "traceback_" in y.grad_fn.metadata
    assert not z.grad_fn.metadata


def test_anomaly_traceback_leaves_out_torchless_frames():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with autograd.detect_anomaly():
            y = torch.tensor([1.0], requires_grad=True).exp()
    stack = y.grad_fn.metadata["traceback_"]
    assert stack and all("/torchless/" not in frame.split("\n")[0] for frame in stack)
    assert "y = torch.tensor([1.0], requires_grad=True).exp()" in stack[-1]


def test_anomaly_parent_of_nodes_made_by_backward():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with autograd.detect_anomaly():
            y = x ** 3
            (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
            with pytest.raises(RuntimeError, match="returned nan values"):
                (g.sqrt() * 0).sum().backward()
    messages = [str(m.message) for m in w if m.category is UserWarning]
    assert any(m.startswith("Error detected in SqrtBackward0") for m in messages)
    assert g.grad_fn.metadata["parent_"] is y.grad_fn  # g's node was made while PowBackward0 ran


def test_saved_result_version_contract():
    """ops record ``node._result_version = (counter, version)`` for saved outputs; the node then checks it."""
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    if getattr(node, "_result_version", None) is None:
        node._result_version = (y._version, y._version)  # what ops._op.call records (see the report)
    y.add_(1)
    with pytest.raises(RuntimeError) as e:
        y.sum().backward()
    assert str(e.value).startswith(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        "[torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead.")


def test_saved_result_modified_in_place_is_detected():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    with pytest.raises(RuntimeError, match="which is output 0 of Exp, is at version 1"):
        y.sum().backward()


def test_removable_handle():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    h1 = y.register_hook(lambda g: g * 10)
    h2 = y.register_hook(lambda g: g * 10)
    assert h2.id > h1.id
    with h1:
        pass  # leaving the block removes the hook
    (y * 1).sum().backward()
    assert x.grad.tolist() == [20.0, 20.0]


def test_short_names():
    class N:
        def __init__(self, n):
            self.n = n

        def name(self):
            return self.n

    cases = {"MulBackward0": "Mul", "TBackward1": "T1", "SumBackward1": "Sum1", "MyFnBackward": "MyFn",
             "MyBackward0FnBackward": "MyBackward0Fn", "torch::autograd::CopySlices": "torch::autograd::CopySlices"}
    assert {k: graph.short_name(N(k)) for k in cases} == cases


def test_forward_ad_is_not_implemented():
    with pytest.raises(NotImplementedError, match="forward-mode AD"):
        autograd.forward_ad.make_dual(torch.ones(1), torch.ones(1))


def test_anomaly_flags_exposed():
    assert anomaly_mode.is_anomaly_enabled() is False
    assert anomaly_mode.is_anomaly_check_nan_enabled() is True


def test_engine_runs_in_create_graph_mode_and_restores():
    seen = []
    x = torch.tensor([1.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: seen.append(torch.is_grad_enabled()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y.sum().backward(retain_graph=True)
        torch.autograd.grad(y.sum(), x, create_graph=True)
    assert seen == [False, True]
    assert torch.is_grad_enabled()


def test_grad_mode_restored_after_error_in_backward():
    x = torch.tensor([1.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        torch.autograd.grad(y.sum(), x, create_graph=True)
    assert torch.is_grad_enabled()
    total = y.sum()
    with torch.no_grad():
        with pytest.raises(ZeroDivisionError):
            total.backward()
        assert not torch.is_grad_enabled()


def test_multi_output_function_node_hooks():
    class Split(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2, a * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return g1 * 2 + g2 * 3

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a, b = Split.apply(x)
    seen = []
    a.grad_fn.register_prehook(lambda go: seen.append(("pre", [g.tolist() for g in go])))
    a.grad_fn.register_hook(lambda gi, go: seen.append(("post", [g.tolist() for g in gi])))
    (a + b).sum().backward()
    assert seen == [("pre", [[1.0, 1.0], [1.0, 1.0]]), ("post", [[5.0, 5.0]])]
    assert a.grad_fn.next_functions == b.grad_fn.next_functions
    assert a.grad_fn.needs_input_grad == (True,)


def test_gradcheck_module_exports():
    from torchless.autograd.gradcheck import GradcheckError

    assert issubclass(GradcheckError, RuntimeError)
    assert autograd.gradcheck(lambda a: a * a, torch.tensor([1.0], dtype=torch.float64, requires_grad=True))


def test_accumulate_into_user_assigned_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    g = torch.tensor([10.0, 10.0])
    x.grad = g
    (x * 3).sum().backward()
    assert x.grad is g
    np.testing.assert_array_equal(g.numpy(), [13.0, 13.0])
