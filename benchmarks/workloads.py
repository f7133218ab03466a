"""The workloads: each builds a ``step()`` closure for one library ("torchless", "torch" or "floor").

The floor is the same arithmetic written by hand in NumPy with hand-derived gradients: what a training step
costs with no autograd at all.
"""

from __future__ import annotations

import importlib

import numpy as np


def _lib(name: str):
    return importlib.import_module("torchless" if name == "torchless" else "torch")


def _seed_points():
    x = np.array([0, 1, 2, 3, 4, 5, 6, 7.0], dtype=np.float32).reshape(-1, 1)
    y = np.array([-0.82, -0.94, -0.12, 0.26, 0.39, 0.64, 1.02, 1.0], dtype=np.float32).reshape(-1, 1)
    return x, y


def w1(lib: str):
    """The first seed's loop: nn.Linear(1, 1), the seed's MSE cost, optim.SGD, 8 points."""
    x, y = _seed_points()
    if lib == "floor":
        w = np.array([[0.3]], dtype=np.float32)
        b = np.array([0.1], dtype=np.float32)

        def step():
            yhat = x @ w.T + b
            d = yhat - y
            gy = 2 * d / len(y)
            gw = gy.T @ x
            gb = gy.sum(0)
            w[...] -= 0.01 * gw
            b[...] -= 0.01 * gb
        return step
    T = _lib(lib)

    class LinearRegression(T.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = T.nn.Linear(1, 1)

        def forward(self, my_x):
            return self.linear(my_x)

    model = LinearRegression()
    opt = T.optim.SGD(model.parameters(), lr=0.01)
    xt, yt = T.from_numpy(x), T.from_numpy(y)

    def step():
        opt.zero_grad()
        yhat = model(xt)
        cost = T.sum((yhat - yt) ** 2) / len(yt)
        cost.backward()
        opt.step()
    return step


def _w2_data(n: int):
    rng = np.random.default_rng(0)
    x = np.ones((n, 2), dtype=np.float32)
    x[:, 0] = rng.uniform(-1, 1, n)
    y = (x @ np.array([3.0, 2.0], dtype=np.float32) + rng.random(n, dtype=np.float32)).astype(np.float32)
    return x, y


def w2(lib: str, n: int = 100):
    """The second seed's loop: x @ w, MSE, backward, update under no_grad, grad.zero_()."""
    x, y = _w2_data(n)
    if lib == "floor":
        w = np.array([-1.0, 1.0], dtype=np.float32)

        def step():
            d = x @ w - y
            g = x.T @ (2 * d / n)
            w[...] -= 0.1 * g
        return step
    T = _lib(lib)
    xt, yt = T.from_numpy(x), T.from_numpy(y)
    w = T.tensor([-1.0, 1.0], requires_grad=True)

    def step():
        loss = ((yt - xt @ w) ** 2).mean()
        loss.backward()
        with T.no_grad():
            w.sub_(0.1 * w.grad)
            w.grad.zero_()
    return step


def w3(lib: str):
    """Logistic regression, 569 x 30 float32, sigmoid + BCELoss, full batch, SGD."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((569, 30)).astype(np.float32)
    y = (rng.random((569, 1)) < 0.4).astype(np.float32)
    if lib == "floor":
        w = np.zeros((1, 30), dtype=np.float32)
        b = np.zeros(1, dtype=np.float32)

        def step():
            p = 1 / (1 + np.exp(-(x @ w.T + b)))
            g = (p - y) / len(y)
            w[...] -= 0.1 * (g.T @ x)
            b[...] -= 0.1 * g.sum(0)
        return step
    T = _lib(lib)
    model = T.nn.Sequential(T.nn.Linear(30, 1), T.nn.Sigmoid())
    loss_fn = T.nn.BCELoss()
    opt = T.optim.SGD(model.parameters(), lr=0.1)
    xt, yt = T.from_numpy(x), T.from_numpy(y)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
    return step


def w4(lib: str):
    """MLP 784-256-128-10, ReLU, CrossEntropyLoss, batches of 128, SGD: BLAS-bound."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((128, 784)).astype(np.float32)
    labels = rng.integers(0, 10, 128)
    sizes = [(784, 256), (256, 128), (128, 10)]
    if lib == "floor":
        ws = [rng.standard_normal((o, i)).astype(np.float32) * 0.05 for i, o in sizes]
        bs = [np.zeros(o, dtype=np.float32) for _, o in sizes]
        onehot = np.eye(10, dtype=np.float32)[labels]

        def step():
            acts = [x]
            for k, (w, b) in enumerate(zip(ws, bs)):
                z = acts[-1] @ w.T + b
                acts.append(np.maximum(z, 0) if k < 2 else z)
            z = acts[-1]
            e = np.exp(z - z.max(1, keepdims=True))
            g = (e / e.sum(1, keepdims=True) - onehot) / len(x)
            for k in range(2, -1, -1):
                gw = g.T @ acts[k]
                gb = g.sum(0)
                if k:
                    g = (g @ ws[k]) * (acts[k] > 0)
                ws[k] -= 0.01 * gw
                bs[k] -= 0.01 * gb
        return step
    T = _lib(lib)
    model = T.nn.Sequential(T.nn.Linear(784, 256), T.nn.ReLU(), T.nn.Linear(256, 128), T.nn.ReLU(),
                            T.nn.Linear(128, 10))
    loss_fn = T.nn.CrossEntropyLoss()
    opt = T.optim.SGD(model.parameters(), lr=0.01)
    xt, yt = T.from_numpy(x), T.from_numpy(labels)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
    return step


def draws(lib: str, kind: str = "rand", n: int = 10_000_000):
    """Issue 4's speed check: ``n`` float32 uniforms or normals from the default generator (the floor: NumPy's own
    generator, which does not give torch's numbers)."""
    if lib == "floor":
        gen = np.random.default_rng(0)
        draw = gen.random if kind == "rand" else gen.standard_normal
        return lambda: draw(n, dtype=np.float32)
    T = _lib(lib)
    T.manual_seed(0)
    fn = getattr(T, kind)
    return lambda: fn(n)


WORKLOADS = {
    "W1 seed 1 (Linear, 8 points)": (w1, {}),
    "W2 seed 2 (x @ w, 100 points)": (w2, {}),
    "W3 logistic regression 569x30": (w3, {}),
    "W4 MLP 784-256-128-10, batch 128": (w4, {}),
    **{f"W5 seed 2 step, n = {n:.0e}": (w2, {"n": n}) for n in (1000, 100_000, 1_000_000, 10_000_000)},
    "R1 rand(1e7) float32": (draws, {"kind": "rand"}),
    "R2 randn(1e7) float32": (draws, {"kind": "randn"}),
}
