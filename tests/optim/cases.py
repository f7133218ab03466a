"""Optimizer and scheduler scenarios that run unchanged on torch and on torchless (``T`` is either module).

``python -m tests.optim.record`` runs them on torch and writes tests/golden/optim/*.json.
"""

from __future__ import annotations

import warnings

import numpy as np

STEPS = 100
SHAPES = [(5, 3), (37,), (1,)]  # 37 elements: vectorised body and scalar tail of torch's kernels

# (id, optimizer, options); ids are the golden keys
OPTIMIZER_CASES = [
    ("sgd", "SGD", {"lr": 0.01}),
    ("sgd_default_lr", "SGD", {}),
    ("sgd_momentum", "SGD", {"lr": 0.01, "momentum": 0.9}),
    ("sgd_dampening", "SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3}),
    ("sgd_nesterov_wd", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
    ("sgd_maximize", "SGD", {"lr": 0.01, "momentum": 0.5, "maximize": True}),
    ("sgd_wd", "SGD", {"lr": 0.05, "weight_decay": 0.01}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_betas_eps", "Adam", {"lr": 0.02, "betas": (0.8, 0.9), "eps": 1e-6}),
    ("adam_wd", "Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True}),
    ("adam_maximize", "Adam", {"lr": 0.01, "maximize": True}),
    ("adam_decoupled", "Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adamw", "AdamW", {"lr": 0.01}),
    ("adamw_amsgrad_wd", "AdamW", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}),
    ("adamw_maximize", "AdamW", {"lr": 0.01, "maximize": True, "betas": (0.5, 0.6)}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop_alpha_eps", "RMSprop", {"lr": 0.01, "alpha": 0.3, "eps": 1e-4}),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
    ("rmsprop_all", "RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1,
                                "maximize": True}),
    ("adagrad", "Adagrad", {"lr": 0.1}),
    ("adagrad_lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("adagrad_init_acc", "Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("adagrad_wd_max", "Adagrad", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}),
]
FLOAT64_CASES = ["sgd_nesterov_wd", "adam_amsgrad", "adamw", "rmsprop_all", "adagrad_lr_decay"]


def _data(dtype: str):
    """Initial values and per-step noise: NumPy's legacy RandomState stream, fixed across NumPy versions."""
    rs = np.random.RandomState(0)
    init = [rs.standard_normal(s).astype(dtype) for s in SHAPES]
    noise = [rs.standard_normal((STEPS,) + s).astype(dtype) for s in SHAPES]
    return init, noise


def make_params(T, dtype: str = "float32"):
    init, noise = _data(dtype)
    return [T.tensor(a.copy(), requires_grad=True) for a in init], noise


def set_grads(T, params, noise, k: int, skip_last_on_odd: bool = False) -> None:
    """Gradient of step ``k``: ``p / 2 + noise`` computed in NumPy from the current values (identical inputs
    for both libraries as long as their parameters agree)."""
    for i, (p, n) in enumerate(zip(params, noise)):
        if skip_last_on_odd and i == len(params) - 1 and k % 2:
            p.grad = None
            continue
        a = p.detach().numpy()
        p.grad = T.tensor((a * a.dtype.type(0.5) + n[k]).astype(a.dtype))


def run_optimizer(T, name: str, options: dict, dtype: str = "float32", groups: bool = False):
    """``STEPS`` steps; returns the final parameters and the optimizer (for its state)."""
    params, noise = make_params(T, dtype)
    opt_cls = getattr(T.optim, name)
    if groups:  # two parameter groups, the second with its own lr; the last parameter often has no grad
        opt = opt_cls([{"params": params[:1]}, {"params": params[1:], "lr": 0.003}], **options)
    else:
        opt = opt_cls(params, **options)
    for k in range(STEPS):
        set_grads(T, params, noise, k, skip_last_on_odd=groups)
        opt.step()
    return [p.detach().numpy().copy() for p in params], opt


def state_arrays(opt) -> dict:
    """The optimizer state as ``{'index.key': array}`` (tensors only, from ``state_dict()``)."""
    out = {}
    for idx, st in opt.state_dict()["state"].items():
        for k, v in st.items():
            if hasattr(v, "numpy"):
                out[f"{idx}.{k}"] = v.detach().numpy().copy()
    return out


# -- schedulers ----------------------------------------------------------------------------------------------
EPOCHS = 50


def _metric(e: int) -> float:
    return 1.0 / (1 + (e % 7)) + (0.3 if e > 20 else 0.0)


def _lambda(e):
    return 1.0 / (1 + e)


def _mult(e):
    return 0.95


SCHEDULER_CASES = [
    ("step", "StepLR", {"step_size": 7, "gamma": 0.5}),
    ("step_default_gamma", "StepLR", {"step_size": 3}),
    ("multistep", "MultiStepLR", {"milestones": [3, 10, 10, 30], "gamma": 0.3}),
    ("exponential", "ExponentialLR", {"gamma": 0.93}),
    ("cosine", "CosineAnnealingLR", {"T_max": 12, "eta_min": 0.001}),
    ("cosine_long", "CosineAnnealingLR", {"T_max": 50}),
    ("lambda", "LambdaLR", {"lr_lambda": _lambda}),
    ("lambda_list", "LambdaLR", {"lr_lambda": [_lambda, _mult]}),
    ("multiplicative", "MultiplicativeLR", {"lr_lambda": _mult}),
    ("plateau", "ReduceLROnPlateau", {"patience": 2, "factor": 0.5, "cooldown": 1, "min_lr": 0.003}),
    ("plateau_max_abs", "ReduceLROnPlateau", {"mode": "max", "threshold_mode": "abs", "threshold": 0.01,
                                              "patience": 3}),
    ("plateau_defaults", "ReduceLROnPlateau", {"patience": 1}),
    ("linear", "LinearLR", {"start_factor": 0.2, "total_iters": 8}),
    ("constant", "ConstantLR", {"factor": 0.5, "total_iters": 4}),
    ("polynomial", "PolynomialLR", {"total_iters": 20, "power": 2.0}),
    ("onecycle", "OneCycleLR", {"max_lr": 1.0, "total_steps": 60}),
    ("onecycle_three_linear", "OneCycleLR", {"max_lr": [1.0, 2.0], "total_steps": 55, "three_phase": True,
                                             "anneal_strategy": "linear"}),
    ("cyclic", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5, "mode": "triangular2"}),
    ("warm_restarts", "CosineAnnealingWarmRestarts", {"T_0": 5, "T_mult": 2, "eta_min": 0.01}),
    ("sequential", "SequentialLR", {"schedulers": [("ConstantLR", {"factor": 0.5, "total_iters": 2}),
                                                   ("ExponentialLR", {"gamma": 0.9})], "milestones": [3]}),
    ("sequential_three", "SequentialLR", {"schedulers": [("LinearLR", {"start_factor": 0.1, "total_iters": 5}),
                                                         ("StepLR", {"step_size": 4}),
                                                         ("CosineAnnealingLR", {"T_max": 10})],
                                          "milestones": [5, 20]}),
    ("chained", "ChainedScheduler", {"schedulers": [("ExponentialLR", {"gamma": 0.9}),
                                                    ("StepLR", {"step_size": 4, "gamma": 0.5})]}),
]


def make_scheduled(T, name: str, options: dict, optimizer: str = "SGD"):
    p = T.zeros(2, requires_grad=True)
    q = T.zeros(2, requires_grad=True)
    opt_cls = getattr(T.optim, optimizer)
    extra = {"momentum": 0.9} if optimizer == "SGD" else {}
    opt = opt_cls([{"params": [p]}, {"params": [q], "lr": 0.5}], lr=0.1, **extra)
    lrs = T.optim.lr_scheduler
    if name in ("SequentialLR", "ChainedScheduler"):  # options name the inner schedulers
        inner = [getattr(lrs, n)(opt, **o) for n, o in options["schedulers"]]
        rest = {k: v for k, v in options.items() if k != "schedulers"}
        return opt, (lrs.SequentialLR(opt, inner, **rest) if name == "SequentialLR" else lrs.ChainedScheduler(inner))
    return opt, getattr(lrs, name)(opt, **options)


def run_scheduler(T, name: str, options: dict, epochs: int = EPOCHS, optimizer: str = "SGD"):
    """lrs (and momenta/beta1) of both groups after construction and after each of ``epochs`` steps."""
    opt, sched = make_scheduled(T, name, options, optimizer)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seq = [list(sched.get_last_lr())]
        for e in range(epochs):
            opt.step()
            if name == "ReduceLROnPlateau":
                sched.step(_metric(e))
            else:
                sched.step()
            seq.append(list(sched.get_last_lr()) + [g.get("momentum", g.get("betas", (None,))[0])
                                                    for g in opt.param_groups])
    return seq, sched


# -- errors: (id, fn(T)) raising the same exception type and message in torch and torchless -------------------
def _p(T):
    return T.zeros(2, requires_grad=True)


def _load_groups_mismatch(T):
    p, q = _p(T), _p(T)
    a = T.optim.SGD([p], lr=0.1)
    b = T.optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1)
    a.load_state_dict(b.state_dict())


def _load_size_mismatch(T):
    p, q = _p(T), _p(T)
    T.optim.SGD([p], lr=0.1).load_state_dict(T.optim.SGD([p, q], lr=0.1).state_dict())


def _load_foreign_state(T, name):
    """An SGD checkpoint (momentum buffers, no ``step``) loaded into another optimizer."""
    p = _p(T)
    sgd = T.optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad = T.ones_like(p)
    sgd.step()
    getattr(T.optim, name)([p]).load_state_dict(sgd.state_dict())


def _resume_without_initial_lr(T):
    T.optim.lr_scheduler.StepLR(T.optim.SGD([_p(T)], lr=0.1), 3, last_epoch=4)


ERROR_CASES = [
    ("empty_params", lambda T: T.optim.SGD([], lr=0.1)),
    ("tensor_params", lambda T: T.optim.SGD(_p(T), lr=0.1)),
    ("nesterov", lambda T: T.optim.SGD([_p(T)], lr=0.1, nesterov=True)),
    ("nesterov_dampening", lambda T: T.optim.SGD([_p(T)], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)),
    ("sgd_lr", lambda T: T.optim.SGD([_p(T)], lr=-1)),
    ("sgd_momentum", lambda T: T.optim.SGD([_p(T)], momentum=-0.5)),
    ("sgd_wd", lambda T: T.optim.SGD([_p(T)], weight_decay=-1)),
    ("duplicate_group", lambda T: (lambda p: T.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1))(_p(T))),
    ("not_tensor", lambda T: T.optim.SGD([1], lr=0.1)),
    ("non_leaf", lambda T: T.optim.SGD([_p(T) * 2], lr=0.1)),
    ("set_params", lambda T: T.optim.SGD([{"params": {_p(T)}}], lr=0.1)),
    ("group_not_dict", lambda T: T.optim.SGD([_p(T)]).add_param_group([_p(T)])),
    ("adam_beta0", lambda T: T.optim.Adam([_p(T)], betas=(1.0, 0.9))),
    ("adam_beta1", lambda T: T.optim.Adam([_p(T)], betas=(0.9, -0.1))),
    ("adam_betas_types", lambda T: T.optim.Adam([_p(T)], betas=(0.9, 0))),
    ("adam_eps", lambda T: T.optim.Adam([_p(T)], eps=-1.0)),
    ("adam_lr", lambda T: T.optim.AdamW([_p(T)], lr=-0.5)),
    ("adam_wd", lambda T: T.optim.Adam([_p(T)], weight_decay=-0.5)),
    ("rmsprop_alpha", lambda T: T.optim.RMSprop([_p(T)], alpha=-1)),
    ("rmsprop_momentum", lambda T: T.optim.RMSprop([_p(T)], momentum=-1)),
    ("rmsprop_eps", lambda T: T.optim.RMSprop([_p(T)], eps=-1)),
    ("adagrad_lr_decay", lambda T: T.optim.Adagrad([_p(T)], lr_decay=-1)),
    ("adagrad_init", lambda T: T.optim.Adagrad([_p(T)], initial_accumulator_value=-1)),
    ("adagrad_eps", lambda T: T.optim.Adagrad([_p(T)], eps=-1)),
    ("load_groups", _load_groups_mismatch),
    ("load_sizes", _load_size_mismatch),
    ("load_sgd_into_adam", lambda T: _load_foreign_state(T, "Adam")),
    ("load_sgd_into_rmsprop", lambda T: _load_foreign_state(T, "RMSprop")),
    ("load_sgd_into_adagrad", lambda T: _load_foreign_state(T, "Adagrad")),
    ("sched_not_optimizer", lambda T: T.optim.lr_scheduler.StepLR([_p(T)], 3)),
    ("sched_resume", _resume_without_initial_lr),
    ("plateau_factor", lambda T: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD([_p(T)]), factor=1.0)),
    ("plateau_mode", lambda T: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD([_p(T)]), mode="up")),
    ("plateau_threshold_mode", lambda T: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD([_p(T)]),
                                                                                threshold_mode="x")),
    ("lambda_count", lambda T: T.optim.lr_scheduler.LambdaLR(T.optim.SGD([_p(T)]), [_lambda, _lambda])),
    ("onecycle_steps", lambda T: T.optim.lr_scheduler.OneCycleLR(T.optim.SGD([_p(T)]), max_lr=0.1)),
    ("linear_start", lambda T: T.optim.lr_scheduler.LinearLR(T.optim.SGD([_p(T)]), start_factor=0)),
]


def error_of(T, fn) -> list:
    try:
        fn(T)
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return [type(e).__name__, str(e)]
    return ["no error", ""]


def group_summary(opt) -> list:
    """``state_dict()['param_groups']`` as JSON (tuples as lists)."""
    return [{k: list(v) if isinstance(v, tuple) else v for k, v in g.items()}
            for g in opt.state_dict()["param_groups"]]
