"""Learning-rate schedulers against torch: 50-epoch lr sequences (exact), state dicts and warnings."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest

import torchless
import torchless.optim as optim
from torchless.optim import lr_scheduler
from torchless.serialization import load, save

from . import cases as C

GOLDEN = json.loads((Path(__file__).parent.parent / "golden" / "optim" / "optim.json").read_text())["schedulers"]


@pytest.mark.parametrize("case_id,name,options", C.SCHEDULER_CASES, ids=[c[0] for c in C.SCHEDULER_CASES])
def test_sequence_matches_golden_exactly(case_id, name, options):
    seq, sched = C.run_scheduler(torchless, name, options)
    assert seq == GOLDEN[case_id]["lrs"]
    assert sorted(sched.state_dict()) == GOLDEN[case_id]["state_keys"]


def test_onecycle_cycles_adam_beta1():
    seq, _ = C.run_scheduler(torchless, "OneCycleLR", {"max_lr": 0.1, "total_steps": 40}, epochs=40,
                             optimizer="Adam")
    assert seq == GOLDEN["onecycle_adam"]["lrs"]


@pytest.mark.parametrize("case_id,name,options", C.SCHEDULER_CASES[::3], ids=[c[0] for c in C.SCHEDULER_CASES[::3]])
def test_sequence_matches_live_torch(case_id, name, options):
    torch = pytest.importorskip("torch")
    assert C.run_scheduler(torchless, name, options)[0] == C.run_scheduler(torch, name, options)[0]


def _opt(lr=0.1):
    return optim.SGD([torchless.zeros(2, requires_grad=True)], lr=lr, momentum=0.9)


def test_warns_when_scheduler_steps_before_optimizer():
    opt = _opt()
    sched = lr_scheduler.StepLR(opt, 2)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`"):
        sched.step()


def test_no_warning_in_the_right_order():
    opt = _opt()
    sched = lr_scheduler.ExponentialLR(opt, 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()
    assert sched.get_last_lr() == [0.05]


def test_warns_when_optimizer_step_replaced():
    opt = _opt()
    sched = lr_scheduler.StepLR(opt, 2)
    opt.step = lambda closure=None: None
    with pytest.warns(UserWarning, match="Seems like `optimizer.step\\(\\)` has been overridden"):
        sched.step()


def test_get_lr_outside_step_warns():
    sched = lr_scheduler.StepLR(_opt(), 2)
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()


def test_epoch_argument_uses_closed_form_and_warns():
    opt = _opt()
    sched = lr_scheduler.StepLR(opt, 2, gamma=0.5)
    opt.step()
    with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not necessary"):
        sched.step(5)
    assert sched.last_epoch == 5 and sched.get_last_lr() == [0.1 * 0.5 ** 2]


def test_initial_lr_and_last_epoch():
    opt = _opt(0.3)
    sched = lr_scheduler.StepLR(opt, 2)
    assert opt.param_groups[0]["initial_lr"] == 0.3
    assert sched.last_epoch == 0 and sched.base_lrs == [0.3] and sched._step_count == 1


@pytest.mark.parametrize("case_id,name,options", [c for c in C.SCHEDULER_CASES if c[1] != "LambdaLR"],
                         ids=[c[0] for c in C.SCHEDULER_CASES if c[1] != "LambdaLR"])
def test_state_dict_round_trip_through_a_file(case_id, name, options):
    """Stop after 20 epochs, save the scheduler and optimizer, resume in fresh objects: the rest of the sequence
    equals the uninterrupted one."""
    full, _ = C.run_scheduler(torchless, name, options, epochs=30)
    opt, sched = C.make_scheduled(torchless, name, options)
    step = (lambda e: sched.step(C._metric(e))) if name == "ReduceLROnPlateau" else (lambda e: sched.step())
    for e in range(20):
        opt.step()
        step(e)
    buf = io.BytesIO()
    save({"opt": opt.state_dict(), "sched": sched.state_dict()}, buf)
    opt2, sched2 = C.make_scheduled(torchless, name, options)
    ckpt = load(io.BytesIO(buf.getvalue()))
    opt2.load_state_dict(ckpt["opt"])
    sched2.load_state_dict(ckpt["sched"])
    rest = []
    for e in range(20, 30):
        opt2.step()
        (sched2.step(C._metric(e)) if name == "ReduceLROnPlateau" else sched2.step())
        rest.append(list(sched2.get_last_lr()) + [g.get("momentum", g.get("betas", (None,))[0])
                                                  for g in opt2.param_groups])
    assert rest == full[21:]


def test_lambda_state_dict_skips_functions():
    sched = lr_scheduler.LambdaLR(_opt(), lambda e: 0.5 ** e)
    assert sched.state_dict()["lr_lambdas"] == [None]
    assert "optimizer" not in sched.state_dict()


def test_torch_scheduler_state_dict_loads():
    torch = pytest.importorskip("torch")
    p = torch.zeros(2, requires_grad=True)
    topt = torch.optim.SGD([p], lr=0.1)
    tsched = torch.optim.lr_scheduler.MultiStepLR(topt, [2, 4], gamma=0.5)
    for _ in range(3):
        topt.step()
        tsched.step()
    buf = io.BytesIO()
    torch.save(tsched.state_dict(), buf)
    opt = _opt()
    sched = lr_scheduler.MultiStepLR(opt, [2, 4], gamma=0.5)
    sched.load_state_dict(load(io.BytesIO(buf.getvalue())))
    assert sched.last_epoch == 3 and sched.get_last_lr() == tsched.get_last_lr()
