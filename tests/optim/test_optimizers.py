"""Optimizers against torch: 100-step trajectories, states, state dicts, reprs, hooks and error messages.

Every comparison runs against the recorded golden file (tests/golden/optim/optim.json, from
``python -m tests.optim.record``) and, when torch is installed, against live torch too.
"""

from __future__ import annotations

import copy
import io
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import torchless
import torchless.optim as optim
from torchless.serialization import load, save

from . import cases as C

GOLDEN = json.loads((Path(__file__).parent.parent / "golden" / "optim" / "optim.json").read_text())
OPT_GOLDEN = GOLDEN["optimizers"]

# torch's CPU sqrt (MKL) is not correctly rounded (1 ulp off in ~17% of float32 inputs), so Adam, RMSprop and
# Adagrad agree to float32 rounding rather than bit for bit; SGD uses no sqrt and agrees exactly in float32.
TOL = {"float32": {"rtol": 1e-5, "atol": 2e-6}, "float64": {"rtol": 1e-12, "atol": 1e-13}}

RUNS = [(cid, name, opts, dt) for cid, name, opts in C.OPTIMIZER_CASES
        for dt in ["float32"] + (["float64"] if cid in C.FLOAT64_CASES else [])]


def _torch():
    return pytest.importorskip("torch")


def _compare(ours, expected, dtype, exact=False):
    for a, b in zip(ours, expected):
        b = np.asarray(b, dtype=np.float64)
        if exact:
            np.testing.assert_array_equal(a.astype(np.float64).ravel(), b)
        else:
            np.testing.assert_allclose(a.astype(np.float64).ravel(), b, **TOL[dtype])


@pytest.mark.parametrize("case_id,name,options,dtype", RUNS, ids=[f"{r[0]}-{r[3]}" for r in RUNS])
def test_trajectory_matches_golden(case_id, name, options, dtype):
    params, opt = C.run_optimizer(torchless, name, options, dtype)
    gold = OPT_GOLDEN[f"{case_id}-{dtype}"]
    for p in params:
        assert p.dtype == np.dtype(dtype)
    _compare(params, gold["params"], dtype, exact=(name == "SGD" and dtype == "float32"))
    state = C.state_arrays(opt)
    assert sorted(state) == sorted(gold["state"])
    _compare([state[k] for k in sorted(state)], [gold["state"][k] for k in sorted(state)], dtype,
             exact=(name == "SGD" and dtype == "float32"))
    assert {str(i): list(s) for i, s in opt.state_dict()["state"].items()} == gold["state_keys"]
    assert C.group_summary(opt) == gold["param_groups"]
    assert repr(opt) == gold["repr"]


@pytest.mark.parametrize("case_id,name,options", C.OPTIMIZER_CASES, ids=[c[0] for c in C.OPTIMIZER_CASES])
def test_param_groups_and_missing_grads_match_golden(case_id, name, options):
    params, opt = C.run_optimizer(torchless, name, options, groups=True)
    gold = OPT_GOLDEN[f"{case_id}-groups"]
    _compare(params, gold["params"], "float32", exact=(name == "SGD"))
    assert C.group_summary(opt) == gold["param_groups"]
    assert repr(opt) == gold["repr"]


@pytest.mark.parametrize("case_id,name,options,dtype", RUNS[::3], ids=[f"{r[0]}-{r[3]}" for r in RUNS[::3]])
def test_trajectory_matches_live_torch(case_id, name, options, dtype):
    torch = _torch()
    ours, _ = C.run_optimizer(torchless, name, options, dtype)
    theirs, _ = C.run_optimizer(torch, name, options, dtype)
    _compare(ours, [t.astype(np.float64).ravel() for t in theirs], dtype)


@pytest.mark.parametrize("case_id", [c[0] for c in C.ERROR_CASES])
def test_error_messages(case_id):
    fn = dict(C.ERROR_CASES)[case_id]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert C.error_of(torchless, fn) == GOLDEN["errors"][case_id]


def test_error_messages_live():
    torch = _torch()
    for case_id, fn in C.ERROR_CASES:
        assert C.error_of(torchless, fn) == C.error_of(torch, fn), case_id


# -- behaviour ------------------------------------------------------------------------------------------------
def _param(values=(1.0, -2.0, 3.0)):
    return torchless.tensor(list(values), requires_grad=True)


def test_default_lrs_and_group_keys():
    p = _param()
    assert optim.SGD([p]).param_groups[0]["lr"] == 1e-3
    assert list(optim.SGD([p]).param_groups[0]) == ["params", "lr", "momentum", "dampening", "weight_decay",
                                                    "nesterov", "maximize", "foreach", "differentiable", "fused"]
    assert optim.Adam([p]).defaults["betas"] == (0.9, 0.999)
    assert optim.AdamW([p]).defaults["weight_decay"] == 1e-2
    assert optim.RMSprop([p]).defaults["lr"] == 1e-2
    assert optim.Adagrad([p]).defaults["eps"] == 1e-10


def test_step_updates_in_place_and_bumps_version():
    p = _param()
    data = p._data
    v = p._version
    p.grad = torchless.tensor([1.0, 1.0, 1.0])
    optim.SGD([p], lr=0.5).step()
    assert p._data is data
    assert p._version == v + 1
    np.testing.assert_array_equal(p.detach().numpy(), np.array([0.5, -2.5, 2.5], dtype=np.float32))
    assert p.grad_fn is None and p.requires_grad


def test_params_without_grad_are_skipped():
    p, q = _param(), _param()
    p.grad = torchless.ones(3)
    opt = optim.Adam([p, q], lr=0.1)
    opt.step()
    np.testing.assert_array_equal(q.detach().numpy(), np.array([1.0, -2.0, 3.0], dtype=np.float32))
    assert q not in opt.state and p in opt.state


def test_zero_grad_set_to_none_and_zeros():
    p = _param()
    p.grad = torchless.ones(3)
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad()
    assert p.grad is None
    p.grad = torchless.ones(3)
    g = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is g
    np.testing.assert_array_equal(p.grad.numpy(), np.zeros(3, dtype=np.float32))


def test_closure_runs_with_grad_enabled_and_returns_loss():
    p = _param()
    opt = optim.SGD([p], lr=0.1)
    seen = []

    def closure():
        seen.append(torchless.is_grad_enabled())
        opt.zero_grad()
        p.grad = torchless.tensor([2.0, 2.0, 2.0])
        return 7.5

    with torchless.no_grad():
        assert opt.step(closure) == 7.5
    assert seen == [True]
    np.testing.assert_allclose(p.detach().numpy(), [0.8, -2.2, 2.8], rtol=1e-6)


def test_training_loop_with_autograd():
    """A real loop: loss.backward() fills .grad, the optimizer moves the parameter towards the minimum."""
    w = torchless.tensor([0.0, 0.0], requires_grad=True)
    target = torchless.tensor([1.0, -3.0])
    opt = optim.Adam([w], lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        loss = ((w - target) ** 2).sum()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(w.detach().numpy(), [1.0, -3.0], atol=1e-3)


def test_named_parameters_and_add_param_group():
    p, q = _param(), _param()
    opt = optim.SGD([("a", p)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["a"]
    with pytest.raises(ValueError, match="all optimizer param groups should be with/without names"):
        opt.add_param_group({"params": [q]})
    opt.add_param_group({"params": [("b", q)], "lr": 0.5})
    assert opt.param_groups[1]["lr"] == 0.5 and opt.param_groups[1]["momentum"] == 0


def test_duplicate_parameters_warn():
    p = _param()
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([p, p], lr=0.1)


def test_unsupported_options_raise_not_implemented():
    p = _param()
    for make in (lambda: optim.SGD([p], fused=True), lambda: optim.Adam([p], differentiable=True),
                 lambda: optim.Adam([p], capturable=True), lambda: optim.RMSprop([p], capturable=True)):
        with pytest.raises(NotImplementedError, match="does not support"):
            make()


def test_step_hooks():
    p = _param()
    p.grad = torchless.ones(3)
    opt = optim.SGD([p], lr=0.1)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, a, k: calls.append(("pre", o is opt)))
    opt.register_step_post_hook(lambda o, a, k: calls.append(("post", o is opt)))
    opt.step()
    h1.remove()
    opt.step()
    assert calls == [("pre", True), ("post", True), ("post", True)]


def test_state_dict_hooks():
    p = _param()
    opt = optim.SGD([p], lr=0.1)
    opt.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1})
    assert opt.state_dict()["extra"] == 1
    seen = []
    opt.register_load_state_dict_post_hook(lambda o: seen.append(True))
    opt.load_state_dict(optim.SGD([_param()], lr=0.2).state_dict())
    assert seen == [True] and opt.param_groups[0]["lr"] == 0.2


def _trained(name, options, steps=10):
    params, noise = C.make_params(torchless)
    opt = getattr(optim, name)(params, **options)
    for k in range(steps):
        C.set_grads(torchless, params, noise, k)
        opt.step()
    return params, noise, opt


@pytest.mark.parametrize("case_id,name,options", C.OPTIMIZER_CASES[::2], ids=[c[0] for c in C.OPTIMIZER_CASES[::2]])
def test_state_dict_round_trip_continues_identically(case_id, name, options):
    """Train 10 steps, save the state dict to a file, load it into a fresh optimizer on copies of the params:
    the next 10 steps are bit-identical to continuing the original."""
    params, noise, opt = _trained(name, options)
    buf = io.BytesIO()
    save(opt.state_dict(), buf)
    copies = [torchless.tensor(p.detach().numpy().copy(), requires_grad=True) for p in params]
    opt2 = getattr(optim, name)(copies, **options)
    opt2.load_state_dict(load(io.BytesIO(buf.getvalue())))
    for k in range(10, 20):
        C.set_grads(torchless, params, noise, k)
        C.set_grads(torchless, copies, noise, k)
        opt.step()
        opt2.step()
    for a, b in zip(params, copies):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_state_dict_refers_to_state_tensors():
    params, _, opt = _trained("Adam", {"lr": 0.01}, steps=2)
    sd = opt.state_dict()
    assert sd["state"][0]["exp_avg"] is opt.state[params[0]]["exp_avg"]
    assert sd["state"][0]["step"].dtype == torchless.float32 and sd["state"][0]["step"].item() == 2.0
    assert sd["param_groups"][0]["params"] == [0, 1, 2]


def test_deepcopy_optimizer_state_dict():
    _, _, opt = _trained("SGD", {"lr": 0.01, "momentum": 0.9}, steps=2)
    sd = copy.deepcopy(opt.state_dict())
    assert np.array_equal(sd["state"][1]["momentum_buffer"].numpy(),
                          opt.state_dict()["state"][1]["momentum_buffer"].numpy())


@pytest.mark.parametrize("case_id,name,options", C.OPTIMIZER_CASES[1::2],
                         ids=[c[0] for c in C.OPTIMIZER_CASES[1::2]])
def test_load_torch_optimizer_state_dict(case_id, name, options, tmp_path):
    """torch trains 10 steps and saves its optimizer; torchless loads the file and continues like torch."""
    torch = _torch()
    tparams, noise = C.make_params(torch)
    topt = getattr(torch.optim, name)(tparams, **options)
    for k in range(10):
        C.set_grads(torch, tparams, noise, k)
        topt.step()
    torch.save(topt.state_dict(), tmp_path / "opt.pt")
    ours = [torchless.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tparams]
    opt = getattr(optim, name)(ours, **options)
    opt.load_state_dict(load(tmp_path / "opt.pt"))
    for k in range(10, 30):
        C.set_grads(torch, tparams, noise, k)
        C.set_grads(torchless, ours, noise, k)
        topt.step()
        opt.step()
    _compare([p.detach().numpy() for p in ours], [p.detach().numpy().astype(np.float64).ravel() for p in tparams],
             "float32", exact=(name == "SGD"))
    # and the other way round: torch loads torchless's state dict
    save(opt.state_dict(), tmp_path / "ours.pt")
    topt.load_state_dict(torch.load(tmp_path / "ours.pt", weights_only=True))
    assert topt.state_dict()["param_groups"] == opt.state_dict()["param_groups"]


def test_load_live_torch_state_dict_object():
    """A state dict object from torch's optimizer (torch tensors) loads directly."""
    torch = _torch()
    tparams, noise = C.make_params(torch)
    topt = torch.optim.Adam(tparams, lr=0.01)
    C.set_grads(torch, tparams, noise, 0)
    topt.step()
    ours = [torchless.tensor(p.detach().numpy().copy(), requires_grad=True) for p in tparams]
    opt = optim.Adam(ours, lr=0.01)
    opt.load_state_dict(topt.state_dict())
    st = opt.state[ours[0]]
    assert isinstance(st["exp_avg"], torchless.Tensor) and st["step"].item() == 1.0


def test_float64_default_dtype_step_counter():
    torchless.set_default_dtype(torchless.float64)
    try:
        p = torchless.tensor([1.0, 2.0], requires_grad=True)
        p.grad = torchless.ones(2, dtype=torchless.float64)
        opt = optim.Adam([p])
        opt.step()
        assert opt.state[p]["step"].dtype == torchless.float64
    finally:
        torchless.set_default_dtype(torchless.float32)
