"""Record torch's optimizer trajectories, schedules, states and messages: ``python -m tests.optim.record``."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from . import cases as C

GOLDEN = Path(__file__).parent.parent / "golden" / "optim"


def _floats(arrays) -> list:
    return [a.astype("float64").ravel().tolist() for a in arrays]


def record_optimizers() -> dict:
    out = {}
    for case_id, name, options in C.OPTIMIZER_CASES:
        dtypes = ["float32"] + (["float64"] if case_id in C.FLOAT64_CASES else [])
        for dtype in dtypes:
            params, opt = C.run_optimizer(torch, name, options, dtype)
            state = C.state_arrays(opt)
            out[f"{case_id}-{dtype}"] = {
                "params": _floats(params),
                "state": {k: v.astype("float64").ravel().tolist() for k, v in state.items()},
                "state_keys": {str(i): list(s) for i, s in opt.state_dict()["state"].items()},
                "param_groups": C.group_summary(opt),
                "repr": repr(opt),
            }
        params, opt = C.run_optimizer(torch, name, options, "float32", groups=True)
        out[f"{case_id}-groups"] = {"params": _floats(params), "param_groups": C.group_summary(opt),
                                    "repr": repr(opt)}
    return out


def record_schedulers() -> dict:
    out = {}
    for case_id, name, options in C.SCHEDULER_CASES:
        seq, sched = C.run_scheduler(torch, name, options)
        out[case_id] = {"lrs": seq, "state_keys": sorted(sched.state_dict())}
    seq, _ = C.run_scheduler(torch, "OneCycleLR", {"max_lr": 0.1, "total_steps": 40}, epochs=40, optimizer="Adam")
    out["onecycle_adam"] = {"lrs": seq}
    return out


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    errors = {case_id: C.error_of(torch, fn) for case_id, fn in C.ERROR_CASES}
    data = {"torch": torch.__version__, "optimizers": record_optimizers(), "schedulers": record_schedulers(),
            "errors": errors}
    (GOLDEN / "optim.json").write_text(json.dumps(data, indent=1) + "\n")
    print(f"recorded {len(data['optimizers'])} optimizer runs, {len(data['schedulers'])} schedules, "
          f"{len(errors)} errors")


if __name__ == "__main__":
    main()
