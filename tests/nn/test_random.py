"""Seeded initialisation and dropout draw torch's numbers: same seed, same weights and masks
(golden: tests/golden/nn/random.json). Needs torchless.random (skipped until it is there)."""

from __future__ import annotations

import torchless
from tests.nn.scenarios import make_scenario_tests, rand

_READY = all(hasattr(torchless.Tensor, m) for m in ("uniform_", "normal_", "bernoulli_")) and \
    all(hasattr(torchless, f) for f in ("manual_seed", "Generator", "randperm"))


def seeded_layers(T):
    T.manual_seed(0)
    lin = T.nn.Linear(3, 2)
    mlp = T.nn.Sequential(T.nn.Linear(4, 5), T.nn.ReLU(), T.nn.Linear(5, 1))
    bil = T.nn.Bilinear(2, 3, 2)
    emb = T.nn.Embedding(4, 3, padding_idx=2)
    lin_nobias = T.nn.Linear(3, 3, bias=False)
    return {"linear": [lin.weight, lin.bias], "mlp": list(mlp.parameters()), "bilinear": list(bil.parameters()),
            "embedding": emb.weight, "nobias": lin_nobias.weight, "repr": repr(lin.weight)}


def seeded_notebook(T):
    class LinearRegression(T.nn.Module):
        def __init__(self):
            super(LinearRegression, self).__init__()  # noqa: UP008 - the notebook's spelling
            self.linear = T.nn.Linear(1, 1)

        def forward(self, x):
            return self.linear(x)

    T.manual_seed(42)
    model = LinearRegression()
    x = T.tensor([[1.0], [2.0], [3.0]])
    return {"params": [str(p) for p in model.parameters()], "out": model(x)}


def seeded_init(T):
    init = T.nn.init
    T.manual_seed(3)
    out = {}
    for name, fn in [("uniform", lambda w: init.uniform_(w, -2, 3)), ("normal", lambda w: init.normal_(w, 1, 0.5)),
                     ("xavier_uniform", lambda w: init.xavier_uniform_(w, gain=init.calculate_gain("relu"))),
                     ("xavier_normal", init.xavier_normal_),
                     ("kaiming_uniform", lambda w: init.kaiming_uniform_(w, nonlinearity="relu")),
                     ("kaiming_normal", lambda w: init.kaiming_normal_(w, mode="fan_out")),
                     ("trunc_normal", lambda w: init.trunc_normal_(w, std=0.5)),
                     ("trunc_normal_tail", lambda w: init.trunc_normal_(w, a=1.5, b=3.0)),
                     ("orthogonal", init.orthogonal_), ("orthogonal_wide", lambda w: init.orthogonal_(w.t())),
                     ("sparse", lambda w: init.sparse_(w, 0.4))]:
        w = T.empty(6, 4)
        fn(w)
        out[name] = w
    g = T.Generator().manual_seed(7)
    out["generator"] = init.uniform_(T.empty(5), generator=g)
    out["after_generator"] = T.rand(2)
    return out


def seeded_dropout(T):
    F = T.nn.functional
    T.manual_seed(0)
    x = T.tensor(rand((4, 5), 1), requires_grad=True)
    y = F.dropout(x, 0.3)
    y.sum().backward()
    drop = T.nn.Dropout(0.5)
    z = drop(T.ones(3, 4))
    w = T.ones(2, 6) * 1
    F.dropout(w, 0.25, inplace=True)
    model = T.nn.Sequential(T.nn.Linear(3, 3), T.nn.Dropout(0.2), T.nn.Linear(3, 1))
    out = model(T.tensor(rand((4, 3), 2)))
    model.eval()
    return {"dropout": [y, x.grad], "module": z, "inplace": w, "model": out,
            "eval": model(T.tensor(rand((4, 3), 2))), "double": F.dropout(T.ones(3, 3, dtype=T.float64), 0.6)}


SCENARIOS = {f.__name__: f for f in (seeded_layers, seeded_notebook, seeded_init, seeded_dropout)}
GROUP = "random"
globals().update(make_scenario_tests(GROUP, SCENARIOS, None if _READY else "torchless.random is not available yet"))

