"""Layers, losses, training loops, init and gradient clipping against torch, with weights copied in from fixed
arrays so that nothing depends on random streams (golden: tests/golden/nn/layers.json)."""

from __future__ import annotations

import math

import numpy as np

from tests.nn.scenarios import error, make_scenario_tests, rand, set_params, warned


def _grads(module) -> list:
    return [[n, p.grad] for n, p in module.named_parameters()]


def linear(T):
    lin = T.nn.Linear(4, 3)
    set_params(T, lin, {"weight": rand((3, 4), 1), "bias": rand((3,), 2)})
    out = {}
    for shape in [(4,), (5, 4), (2, 5, 4), (2, 1, 3, 4)]:
        x = T.tensor(rand(shape, 3), requires_grad=True)
        y = lin(x)
        (y * T.tensor(rand(tuple(y.shape), 4))).sum().backward()
        out[str(shape)] = [y, x.grad, lin.weight.grad, lin.bias.grad]
        lin.zero_grad()
    nobias = T.nn.Linear(4, 3, bias=False)
    set_params(T, nobias, {"weight": rand((3, 4), 5)})
    out["nobias"] = [nobias(T.tensor(rand(s, 6))) for s in [(4,), (5, 4), (2, 5, 4)]]
    out["transposed_input"] = lin(T.tensor(rand((4, 5), 7)).t())
    out["errors"] = [error(lambda: lin(T.ones(5, 3))), error(lambda: lin(T.ones(3))),
                     error(lambda: lin(T.tensor([1, 2, 3, 4]))), error(lambda: lin(T.ones(2, 4, dtype=T.float64))),
                     error(lambda: nobias(T.ones(2, 4, dtype=T.float64))),
                     error(lambda: lin(np.ones((2, 4), dtype=np.float32))), error(lambda: lin([[1.0, 2.0]])),
                     error(lambda: T.nn.functional.relu(np.ones(2))),
                     error(lambda: T.nn.CrossEntropyLoss()(T.ones(2, 2), [0, 1]))]
    return out


def bilinear_identity_flatten(T):
    bil = T.nn.Bilinear(2, 3, 4)
    set_params(T, bil, {"weight": rand((4, 2, 3), 1), "bias": rand((4,), 2)})
    a = T.tensor(rand((5, 2), 3), requires_grad=True)
    b = T.tensor(rand((5, 3), 4), requires_grad=True)
    y = bil(a, b)
    y.sum().backward()
    x = T.tensor(rand((2, 3, 4), 5), requires_grad=True)
    flat = T.nn.Flatten()(x)
    unflat = T.nn.Unflatten(1, (2, 6))(flat)
    ident = T.nn.Identity()
    return {"bilinear": [y, a.grad, b.grad, bil.weight.grad, bil.bias.grad], "flatten": flat,
            "flatten_all": T.nn.Flatten(0, -1)(x), "unflatten": unflat, "identity_same": ident(x) is x,
            "flatten_1d": T.nn.Flatten(0)(T.ones(3)),
            "distances": [T.nn.CosineSimilarity(dim=0)(a, a * 2 + 1),
                          T.nn.PairwiseDistance(p=1.0)(a, a[[4, 3, 2, 1, 0]]),
                          repr(T.nn.CosineSimilarity()), repr(T.nn.PairwiseDistance())],
            "inplace_fns": [T.nn.functional.selu_(T.tensor([-1.0, 2.0])),
                            T.nn.functional.celu_(T.tensor([-1.0, 2.0]), 0.5)]}


def batchnorm(T):
    nn = T.nn
    bn = nn.BatchNorm1d(3)
    set_params(T, bn, {"weight": [1.5, 0.5, -1.0], "bias": [0.1, 0.2, 0.3]})
    x1 = T.tensor(rand((6, 3), 1), requires_grad=True)
    y1 = bn(x1)
    (y1 * T.tensor(rand((6, 3), 2))).sum().backward()
    after1 = [bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone()]
    y2 = bn(T.tensor(rand((4, 3, 5), 3) * 2 + 1))
    after2 = [bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone()]
    bn.eval()
    x3 = T.tensor(rand((2, 3), 4), requires_grad=True)
    y3 = bn(x3)
    y3.sum().backward()
    cma = nn.BatchNorm1d(2, momentum=None)
    for seed in range(3):
        cma(T.tensor(rand((4, 2), 10 + seed)))
    plain = nn.BatchNorm1d(2, affine=False, track_running_stats=False)
    plain.eval()
    bn2 = nn.BatchNorm2d(2)
    y4 = bn2(T.tensor(rand((2, 2, 3, 3), 5)))
    return {"train": [y1, x1.grad, bn.weight.grad, bn.bias.grad], "after1": after1, "train3d": y2,
            "after2": after2, "eval": [y3, x3.grad], "cma": [cma.running_mean, cma.running_var],
            "no_stats": [plain(T.tensor(rand((4, 2), 6))), list(plain.state_dict())],
            "bn2d": [y4, bn2.running_mean, bn2.running_var],
            "errors": [error(lambda: nn.BatchNorm1d(3)(T.ones(1, 3))), error(lambda: nn.BatchNorm1d(3)(T.ones(4))),
                       error(lambda: nn.BatchNorm1d(3)(T.ones(4, 5))), error(lambda: bn2(T.ones(2, 2)))]}


def layernorm(T):
    ln = T.nn.LayerNorm(4)
    set_params(T, ln, {"weight": rand((4,), 1), "bias": rand((4,), 2)})
    x = T.tensor(rand((2, 3, 4), 3), requires_grad=True)
    y = ln(x)
    (y * T.tensor(rand((2, 3, 4), 4))).sum().backward()
    return {"out": [y, x.grad, ln.weight.grad, ln.bias.grad],
            "error": error(lambda: ln(T.ones(4, 5))),
            "double": T.nn.LayerNorm(3).double()(T.tensor(rand((2, 3), 5)).double())}


def embedding(T):
    nn = T.nn
    emb = nn.Embedding(5, 3, padding_idx=1)
    padding_row = emb.weight[1].detach().clone()
    set_params(T, emb, {"weight": rand((5, 3), 1)})
    idx = T.tensor([[0, 1, 4], [1, 1, 2]])
    y = emb(idx)
    (y * T.tensor(rand((2, 3, 3), 2))).sum().backward()
    freq = nn.Embedding(4, 2, scale_grad_by_freq=True)
    set_params(T, freq, {"weight": rand((4, 2), 3)})
    freq(T.tensor([0, 2, 0, 0, 3])).sum().backward()
    pre = nn.Embedding.from_pretrained(T.tensor(rand((4, 2), 4)))
    pre_train = nn.Embedding.from_pretrained(T.tensor(rand((4, 2), 4)), freeze=False)
    renorm = nn.Embedding(4, 3, max_norm=1.0)
    set_params(T, renorm, {"weight": rand((4, 3), 5) * 3})
    r = renorm(T.tensor([0, 2]))
    return {"padding_row_init": padding_row, "out": y, "grad": emb.weight.grad, "freq_grad": freq.weight.grad,
            "pretrained": [pre(T.tensor([3, 0])), pre.weight.requires_grad, pre_train.weight.requires_grad],
            "renorm": [r, renorm.weight.detach()],
            "errors": [error(lambda: emb(T.tensor([5]))), error(lambda: emb(T.tensor([-1]))),
                       error(lambda: emb(T.tensor([1.0])))],
            "grad_fn": type(y.grad_fn).__name__}


def dropout(T):
    nn = T.nn
    x = T.tensor(rand((3, 4), 1), requires_grad=True)
    drop = nn.Dropout(0.5)
    drop.eval()
    same_eval = drop(x) is x
    drop.train()
    zero = nn.Dropout(0.0)(x) is x
    all_dropped = nn.Dropout(1.0)(x)
    return {"same_eval": same_eval, "p0_same": zero, "p1": all_dropped, "training": drop.training,
            "error": error(lambda: T.nn.functional.dropout(x, -0.1))}


def activation_modules(T):
    nn = T.nn
    x = T.tensor([[-3.0, -1.0, -0.25, 0.0], [0.25, 1.0, 3.0, 25.0]])
    mods = [nn.ReLU(), nn.LeakyReLU(0.1), nn.ELU(0.7), nn.CELU(1.5), nn.SELU(), nn.GELU(), nn.GELU("tanh"),
            nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.LogSoftmax(dim=0), nn.Softmin(1), nn.Softplus(),
            nn.Softplus(0.5, 2), nn.ReLU6(), nn.Hardtanh(-0.5, 0.5), nn.SiLU(), nn.Mish(), nn.Threshold(0.5, -1.0),
            nn.LogSigmoid(), nn.Softsign(), nn.Tanhshrink(), nn.Hardswish(), nn.Hardsigmoid()]
    outs = [m(x) for m in mods]
    inplace = []
    for m in [nn.ReLU(True), nn.LeakyReLU(0.1, True), nn.ELU(inplace=True), nn.ReLU6(True), nn.SELU(True)]:
        y = x.clone()
        inplace.append([m(y) is y, y])
    implicit = warned(lambda: nn.Softmax()(x))
    return {"outs": outs, "inplace": inplace, "implicit_dim": implicit,
            "implicit_value": nn.Softmax()(T.tensor([[1.0, 2.0], [3.0, 5.0]])),
            "implicit_3d": nn.LogSoftmax()(T.tensor(rand((2, 2, 2), 1))),
            "int_errors": [error(lambda: T.nn.functional.gelu(T.tensor([1, 2]))),
                           error(lambda: T.nn.functional.softmax(T.tensor([1, 2]), 0)),
                           error(lambda: T.nn.functional.gelu(x, approximate="foo"))]}


def loss_extremes(T):
    F = T.nn.functional
    out = {}
    p = T.tensor([0.0, 1.0, 0.5, 1e-30, 1.0 - 1e-7, 0.0, 1.0], requires_grad=True)
    y = T.tensor([0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    loss = F.binary_cross_entropy(p, y, reduction="none")
    loss.sum().backward()
    out["bce"] = [loss, p.grad, F.binary_cross_entropy(p, y)]
    z = T.tensor([1e4, -1e4, 100.0, -100.0, 0.0, 30.0, -30.0], requires_grad=True)
    t = T.tensor([1.0, 1.0, 0.0, 1.0, 0.5, 0.0, 0.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, t, reduction="none")
    loss.sum().backward()
    out["bce_logits"] = [loss, z.grad, t.grad]
    z2 = T.tensor([1e4, -1e4, 50.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z2, T.tensor([0.0, 1.0, 1.0]), pos_weight=T.tensor([2.0, 3.0, 0.5]),
                                              reduction="sum")
    loss.backward()
    out["bce_logits_pw"] = [loss, z2.grad]
    logits = T.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [0.0, 0.0, 0.0]], requires_grad=True)
    loss = F.cross_entropy(logits, T.tensor([1, 0, 2]))
    loss.backward()
    out["ce"] = [loss, logits.grad]
    out["ce_smooth"] = F.cross_entropy(logits, T.tensor([1, 0, 2]), label_smoothing=0.1)
    out["mse_huge"] = F.mse_loss(T.tensor([1e20, -1e20]), T.tensor([0.0, 0.0]))
    out["errors"] = [
        error(lambda: F.binary_cross_entropy(T.tensor([0.5, 1.5]), T.tensor([1.0, 0.0]))),
        error(lambda: F.binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([1.0, 2.0]))),
        error(lambda: F.binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([1.0, 0.0, 1.0]))),
        error(lambda: F.binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([1, 0]))),
        error(lambda: F.binary_cross_entropy_with_logits(T.tensor([0.5, 0.5]), T.tensor([1, 0]))),
        error(lambda: F.binary_cross_entropy_with_logits(T.tensor([0.5, 0.5]), T.tensor([1.0, 0, 1]))),
        error(lambda: F.mse_loss(T.tensor([0.5, 0.5]), T.tensor([1.0, 0, 3]))),
        error(lambda: F.mse_loss(T.tensor([1, 2]), T.tensor([1, 0]))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, 1]))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0.0, 1, 1, 2]))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, 5, 1]))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, -1, 1]))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.ones(4, 3).long())),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.ones(4, 3), ignore_index=1)),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, 2, 1]), weight=T.ones(4))),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, 2, 1]), label_smoothing=1.5)),
        error(lambda: F.cross_entropy(T.ones(4, 3), T.tensor([0, 1, 2, 1]), reduction="avg")),
        error(lambda: F.nll_loss(T.ones(4, 3), T.tensor([0, 1, 2, 1], dtype=T.int32))),
        error(lambda: F.nll_loss(T.ones(2, 3, 4), T.tensor([[0, 1, 2, 1, 1]] * 2))),
        error(lambda: F.nll_loss(T.ones(2, 3, 4, 5), T.zeros(2, 5, 5, dtype=T.int64))),
        error(lambda: F.nll_loss(T.tensor(3.0), T.tensor(1))),
        error(lambda: F.nll_loss(T.ones(3), T.tensor([1, 2]))),
        F.nll_loss(T.tensor([0.5, -1.0, 2.0]), T.tensor([1])),
        error(lambda: F.nll_loss(T.ones(2, 3, dtype=T.float64), T.tensor([0, 1]), weight=T.ones(3))),
    ]
    out["mse_warning"] = warned(lambda: F.mse_loss(T.tensor([[0.5], [0.2]]), T.tensor([1.0, 0.0])))
    out["legacy"] = warned(lambda: F.mse_loss(T.tensor([0.5]), T.tensor([1.0]), size_average=False))
    out["legacy_value"] = F.l1_loss(T.tensor([0.5, 2.0]), T.tensor([1.0, 0.0]), reduce=False)
    return out


def nll_check_order(T):
    """With several faults in one call, nll_loss/cross_entropy report the one ATen checks first."""
    F = T.nn.functional
    long3 = T.tensor([0, 1, 1])
    return [
        error(lambda: F.nll_loss(T.randn(3, 2), T.rand(3, 3))),
        error(lambda: F.cross_entropy(T.randn(3, 2), T.rand(3, 3))),
        error(lambda: F.cross_entropy(T.randn(3, 2), T.rand(3, 3), label_smoothing=0.1)),
        error(lambda: F.nll_loss(T.randn(3, 2), T.tensor(1))),
        error(lambda: F.nll_loss(T.randn(3), T.tensor([0, 1]), weight=T.ones(2))),
        error(lambda: F.nll_loss(T.randn(3, 2), T.tensor([[0]] * 3), weight=T.ones(3))),
        error(lambda: F.nll_loss(T.randn(3, 2), T.rand(3), weight=T.ones(3))),
        error(lambda: F.nll_loss(T.randn(3, 2), long3, weight=T.ones(2, dtype=T.float64))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4), T.rand(3, 5))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4), T.zeros(3, 5, dtype=T.long), weight=T.ones(3))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4), T.zeros(3, 4, dtype=T.long), weight=T.ones(3))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4, 4, 2), T.rand(3, 4, 4, 3))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4, 4), T.rand(3, 4, 5))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4, 4), T.zeros(3, 4, 5, dtype=T.long), weight=T.ones(3))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4, 4), T.zeros(3, 4, dtype=T.long))),
        error(lambda: F.nll_loss(T.randn(3, 2, 4, 4), T.zeros(3, 4, 5, dtype=T.long),
                                 weight=T.ones(2, dtype=T.float64))),
        F.nll_loss(T.tensor(rand((2, 2, 1, 3), 5)), T.tensor([[[0, 1, 1]], [[1, 0, 1]]]),
                   weight=T.tensor([[0.5, 2.0]])),
    ]


def loss_modules(T):
    nn = T.nn
    x = T.tensor(rand((4, 3), 1), requires_grad=True)
    y = T.tensor(rand((4, 3), 2))
    p = T.tensor(rand((4, 3), 3, 0.05, 0.95))
    yb = T.tensor(rand((4, 3), 4, 0.0, 1.0))
    cls = T.tensor([2, 0, 1, 2])
    w = T.tensor([0.2, 1.0, 3.0])
    losses = [nn.MSELoss()(x, y), nn.L1Loss(reduction="sum")(x, y), nn.SmoothL1Loss(beta=0.3)(x, y),
              nn.HuberLoss(delta=0.4)(x, y), nn.BCELoss(weight=w)(p, yb), nn.BCEWithLogitsLoss(weight=w)(x, yb),
              nn.NLLLoss(weight=w, ignore_index=0)(x.log_softmax(1), cls),
              nn.CrossEntropyLoss(weight=w, label_smoothing=0.15)(x, cls),
              nn.CrossEntropyLoss(reduction="none")(x, cls), nn.CrossEntropyLoss()(x, y.softmax(1))]
    total = sum(loss.sum() for loss in losses)
    total.backward()
    return {"losses": losses, "grad": x.grad}


def _mlp(T):
    nn = T.nn
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
    set_params(T, model, {"0.weight": rand((8, 2), 1) * 0.7, "0.bias": rand((8,), 2) * 0.1,
                          "2.weight": rand((3, 8), 3) * 0.4, "2.bias": rand((3,), 4) * 0.1})
    return model


def mlp_training(T):
    """A 2-layer classifier trained 20 steps with manual SGD: torch's loss at every step."""
    model = _mlp(T)
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((30, 2)).astype(np.float32)
    labels = (xs[:, 0] > 0).astype(np.int64) + (xs[:, 1] > 0.5).astype(np.int64)
    x, y = T.tensor(xs), T.tensor(labels)
    loss_fn = T.nn.CrossEntropyLoss()
    losses = []
    for _ in range(20):
        loss = loss_fn(model(x), y)
        loss.backward()
        with T.no_grad():
            for p in model.parameters():
                p -= 0.5 * p.grad
                p.grad = None
        losses.append(loss.item())
    with T.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    return {"losses": losses, "accuracy": acc, "final": [p for p in model.parameters()]}


def logistic_training(T):
    """Logistic regression (Linear + Sigmoid, BCELoss) trained 30 steps by optim.SGD with momentum on mini-batches
    from a DataLoader (no shuffle): torch's loss at every step and the same final parameters."""
    nn = T.nn
    model = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())
    set_params(T, model, {"0.weight": rand((1, 3), 7) * 0.3, "0.bias": rand((1,), 8) * 0.1})
    rng = np.random.default_rng(3)
    xs = rng.standard_normal((40, 3)).astype(np.float32)
    ys = (xs @ np.array([1.5, -2.0, 0.5], dtype=np.float32) > 0).astype(np.float32).reshape(-1, 1)
    loader = T.utils.data.DataLoader(T.utils.data.TensorDataset(T.tensor(xs), T.tensor(ys)), batch_size=8)
    opt = T.optim.SGD(model.parameters(), lr=0.3, momentum=0.9)
    loss_fn = nn.BCELoss()
    losses = []
    for _ in range(6):
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    return {"losses": losses, "final": list(model.parameters())}


def mlp_adam_training(T):
    """The 2-layer classifier trained 25 steps by optim.Adam with weight decay: torch's losses step for step."""
    model = _mlp(T)
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((30, 2)).astype(np.float32)
    labels = (xs[:, 0] > 0).astype(np.int64) + (xs[:, 1] > 0.5).astype(np.int64)
    x, y = T.tensor(xs), T.tensor(labels)
    opt = T.optim.Adam(model.parameters(), lr=0.05, weight_decay=1e-3)
    losses = []
    for _ in range(25):
        opt.zero_grad()
        loss = T.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "final": list(model.parameters())}


def clip_grad(T):
    utils = T.nn.utils
    model = _mlp(T)
    model(T.tensor(rand((5, 2), 5))).pow(2).sum().backward()
    norm = utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    clipped = [p.grad.clone() for p in model.parameters()]
    inf_norm = utils.clip_grad_norm_(model.parameters(), 0.1, norm_type="inf")
    utils.clip_grad_value_(model.parameters(), 0.01)
    p = T.nn.Parameter(T.tensor([3.0, 4.0]))
    p.grad = T.tensor([3.0, 4.0])
    small = [utils.clip_grad_norm_(p, 10.0), p.grad.clone()]
    p.grad = T.tensor([3.0, float("inf")])
    vec = utils.parameters_to_vector(model.parameters())
    target = T.nn.Linear(2, 8)
    utils.vector_to_parameters(T.arange(24.0), target.parameters())
    return {"norm": norm, "clipped": clipped, "inf_norm": inf_norm, "value": [q.grad for q in model.parameters()],
            "small": small,
            "nonfinite": error(lambda: utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)),
            "nonfinite_value": utils.clip_grad_norm_(p, 1.0), "empty": utils.clip_grad_norm_([], 1.0),
            "vec": vec, "vec_back": [target.weight, target.bias],
            "vec_error": error(lambda: utils.vector_to_parameters([1], target.parameters()))}


def init_deterministic(T):
    init = T.nn.init
    w = T.empty(3, 5)
    conv = T.empty(4, 3, 2, 2)
    return {
        "gains": [init.calculate_gain(n) for n in ("linear", "conv2d", "sigmoid", "tanh", "relu", "selu")] +
                 [init.calculate_gain("leaky_relu"), init.calculate_gain("leaky_relu", 0.2),
                  init.calculate_gain("leaky_relu", math.sqrt(5))],
        "fans": [list(init._calculate_fan_in_and_fan_out(t)) for t in (w, conv, T.empty(2, 7))],
        "constant": init.constant_(T.empty(2, 2), 0.3), "ones": init.ones_(T.empty(3)),
        "zeros": init.zeros_(T.ones(3)), "eye": init.eye_(T.empty(3, 2)), "dirac": init.dirac_(T.empty(2, 2, 3)),
        "keeps_grad": init.zeros_(T.ones(2, requires_grad=True)),
        "errors": [error(lambda: init.calculate_gain("foo")), error(lambda: init.calculate_gain("leaky_relu", True)),
                   error(lambda: init.kaiming_uniform_(T.empty(3))),
                   error(lambda: init.kaiming_uniform_(T.empty(3, 2), mode="fan_avg")),
                   error(lambda: init.eye_(T.empty(3, 2, 3))), error(lambda: init.orthogonal_(T.empty(3)))],
        "zero_element": warned(lambda: init.kaiming_uniform_(T.empty(0, 3))),
    }


def init_bounds(T):
    """Random fills stay within torch's bounds (values depend on the stream, so only the bounds are compared)."""
    init = T.nn.init
    checks = {}
    w = T.empty(50, 40)
    init.kaiming_uniform_(w, a=math.sqrt(5))
    checks["kaiming_uniform"] = bool(w.abs().max() <= 1 / math.sqrt(40))
    init.xavier_uniform_(w, gain=2.0)
    checks["xavier_uniform"] = bool(w.abs().max() <= 2.0 * math.sqrt(6.0 / 90))
    init.uniform_(w, -0.1, 0.3)
    checks["uniform"] = [bool(w.min() >= -0.1), bool(w.max() <= 0.3)]
    init.trunc_normal_(w, std=2.0, a=-1.0, b=1.5)
    checks["trunc_normal"] = [bool(w.min() >= -1.0), bool(w.max() <= 1.5)]
    init.trunc_normal_(w, mean=0.0, std=1.0, a=2.0, b=3.0)
    checks["trunc_normal_tail"] = [bool(w.min() >= 2.0), bool(w.max() <= 3.0)]
    q = init.orthogonal_(T.empty(6, 4), gain=2.0)
    checks["orthogonal"] = bool(((q.t() @ q) - 4 * T.eye(4)).abs().max() < 1e-4)
    lin = T.nn.Linear(10, 4)
    checks["linear_bounds"] = [bool(lin.weight.abs().max() <= 1 / math.sqrt(10)),
                               bool(lin.bias.abs().max() <= 1 / math.sqrt(10))]
    checks["linear_not_constant"] = bool(lin.weight.std() > 0)
    emb = T.nn.Embedding(200, 5, padding_idx=3)
    checks["embedding"] = [bool(abs(emb.weight.mean().item()) < 0.2), bool(abs(emb.weight.std().item() - 1) < 0.2),
                           emb.weight[3].abs().sum().item()]
    return checks


SCENARIOS = {f.__name__: f for f in (linear, bilinear_identity_flatten, batchnorm, layernorm, embedding, dropout,
                                     activation_modules, loss_extremes, nll_check_order, loss_modules, mlp_training,
                                     logistic_training, mlp_adam_training, clip_grad,
                                     init_deterministic, init_bounds)}

GROUP = "layers"
globals().update(make_scenario_tests(GROUP, SCENARIOS))
