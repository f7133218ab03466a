"""Convolution and pooling against torch 2.13: values, shapes, grad_fns, gradients, errors, reprs, seeded init and a
tiny CNN training loop (golden: tests/golden/nn/conv.json; record with ``python -m tests.nn.test_conv``), plus
gradcheck and gradgradcheck in float64."""

from __future__ import annotations

import math

import numpy as np
import pytest

import torchless
from tests.nn.scenarios import error, make_scenario_tests, rand, record, set_params, warned

CONV2D_CASES = [((2, 3, 8, 8), (4, 3, 3, 3), {}),
                ((2, 4, 7, 9), (6, 2, 3, 2), {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 2), "groups": 2}),
                ((3, 8, 8), (4, 3, 3, 3), {"padding": "same"}),
                ((2, 3, 8, 8), (4, 3, 2, 4), {"padding": "same"}),
                ((2, 3, 6, 6), (4, 3, 3, 3), {"padding": "valid", "stride": 3}),
                ((1, 2, 5, 5), (2, 2, 3, 3), {"stride": 2, "padding": 2, "dilation": 2})]
CONV1D_CASES = [((2, 4, 11), (6, 2, 3), {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
                ((3, 10), (5, 3, 4), {"padding": "same"}),
                ((2, 3, 9), (4, 3, 3), {"padding": [1]})]


def _grad_out(T, y, seed):
    return T.tensor(rand(tuple(y.shape), seed))


def _run(T, fn, arrays, seed=100, dtype=None):
    """``fn`` on tensors made from ``arrays``, then the output, its grad_fn and the inputs' gradients."""
    ts = [T.tensor(a, requires_grad=True, dtype=dtype) for a in arrays]
    y = fn(*ts)
    (y * _grad_out(T, y, seed)).sum().backward()
    return [y, *[t.grad for t in ts]]


def _conv_cases(T, conv, cases, dtype) -> dict:
    out = {}
    for i, (xs, ws, kw) in enumerate(cases):
        arrays = [rand(xs, 3 * i), rand(ws, 3 * i + 1), rand(ws[:1], 3 * i + 2)]
        out[str(i)] = _run(T, lambda x, w, b, kw=kw: conv(x, w, b, **kw), arrays, dtype=dtype)
        out[f"{i}_nobias"] = _run(T, lambda x, w, kw=kw: conv(x, w, **kw), arrays[:2], dtype=dtype)
    return out


# Float64 here: float32 results differ from torch's by rounding (another summation order), see test_conv_float32
def conv2d(T):
    return _conv_cases(T, T.nn.functional.conv2d, CONV2D_CASES, T.float64)


def conv1d(T):
    return _conv_cases(T, T.nn.functional.conv1d, CONV1D_CASES, T.float64)


def conv_double_backward(T):
    F = T.nn.functional
    x = T.tensor(rand((2, 4, 6, 5), 1), requires_grad=True, dtype=T.float64)
    w = T.tensor(rand((6, 2, 3, 2), 2), requires_grad=True, dtype=T.float64)
    y = F.conv2d(x, w, stride=(2, 1), padding=1, groups=2)
    gx, gw = T.autograd.grad((y * _grad_out(T, y, 3)).sum(), (x, w), create_graph=True)
    ((gx * gx).sum() + (gw ** 3).sum()).backward()
    return [gx, gw, x.grad, w.grad]


def conv_errors(T):
    F = T.nn.functional
    x, w = T.ones(2, 3, 8, 8), T.ones(4, 3, 3, 3)
    return [error(lambda: F.conv2d(x[0, 0], w)), error(lambda: F.conv2d(x, T.ones(4, 2, 3, 3))),
            error(lambda: F.conv2d(x, T.ones(4, 3, 9, 9))), error(lambda: F.conv2d(x, w, padding="same", stride=2)),
            error(lambda: F.conv2d(x, w, padding="foo")), error(lambda: F.conv2d(x, w, padding=-1)),
            error(lambda: F.conv2d(x, w, stride=0)), error(lambda: F.conv2d(x, w, groups=2)),
            error(lambda: F.conv2d(x, w, bias=T.ones(3))), error(lambda: F.conv2d(x, w, padding=(1, 2, 3))),
            error(lambda: F.conv2d(x.double(), w)), error(lambda: F.conv1d(x, w[..., 0])),
            error(lambda: F.conv2d(x[0], T.ones(4, 2, 3, 3))),
            error(lambda: T.nn.Conv2d(3, 4, 3, groups=2)), error(lambda: T.nn.Conv2d(4, 3, 3, groups=2)),
            error(lambda: T.nn.Conv2d(4, 4, 3, groups=0)),
            error(lambda: T.nn.Conv2d(4, 4, 3, padding="same", stride=2)),
            error(lambda: T.nn.Conv2d(4, 4, 3, padding_mode="zeros", bias=False)(T.ones(1, 3, 5, 5)))]


POOL_CASES = [((2, 3, 9, 7), {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
              ((3, 8, 8), {"kernel_size": 2}),
              ((2, 2, 9, 9), {"kernel_size": (3, 2), "stride": (2, 1), "padding": (1, 1), "ceil_mode": True}),
              ((1, 2, 6, 6), {"kernel_size": 2, "stride": 1})]


def max_pool(T):
    F = T.nn.functional
    out = {}
    cases = POOL_CASES + [((2, 2, 9, 9), {"kernel_size": 3, "stride": 2, "dilation": 2, "padding": 1})]
    for i, (xs, kw) in enumerate(cases):
        out[str(i)] = _run(T, lambda x, kw=kw: F.max_pool2d(x, **kw), [rand(xs, i)])
        out[f"{i}_indices"] = F.max_pool2d(T.tensor(rand(xs, i)), return_indices=True, **kw)[1]
    ties = T.tensor([[[[1.0, 1.0, 0.0], [1.0, 0.0, 2.0], [2.0, 2.0, 2.0]]]], requires_grad=True)
    y = F.max_pool2d(ties, 2, 1)
    y.sum().backward()
    out["ties"] = [y, ties.grad, F.max_pool2d(ties.detach(), 2, 1, return_indices=True)[1]]
    out["int"] = F.max_pool2d(T.arange(16).reshape(1, 4, 4), 2)
    x = T.tensor(rand((2, 2, 5, 4), 7), requires_grad=True)
    gx = T.autograd.grad(F.max_pool2d(x, 2, 1).pow(2).sum(), x, create_graph=True)[0]
    (gx * gx).sum().backward()
    out["double_backward"] = [gx, x.grad]
    return out


def avg_pool(T):
    F = T.nn.functional
    out = {}
    cases = POOL_CASES + [((2, 3, 9, 7), {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
                                          "count_include_pad": False}),
                          ((2, 2, 6, 5), {"kernel_size": 2, "divisor_override": 3}),
                          ((2, 2, 10, 9), {"kernel_size": (3, 2), "stride": (2, 3), "padding": (1, 1)})]
    for i, (xs, kw) in enumerate(cases):
        out[str(i)] = _run(T, lambda x, kw=kw: F.avg_pool2d(x, **kw), [rand(xs, i)])
    x = T.tensor(rand((2, 2, 5, 4), 7), requires_grad=True)
    gx = T.autograd.grad(F.avg_pool2d(x, 2, 1, 1).pow(2).sum(), x, create_graph=True)[0]
    (gx * gx).sum().backward()
    out["double_backward"] = [gx, x.grad]
    return out


def adaptive_avg_pool(T):
    F = T.nn.functional
    out = {}
    for i, (xs, size) in enumerate([((2, 3, 9, 7), (4, 3)), ((3, 10, 10), 3), ((2, 3, 5, 5), (1, 1)),
                                    ((2, 3, 5, 6), (None, 4)), ((1, 2, 3, 4), (5, 6))]):
        out[str(i)] = _run(T, lambda x, size=size: F.adaptive_avg_pool2d(x, size), [rand(xs, i)])
    x = T.tensor(rand((2, 2, 5, 4), 7), requires_grad=True)
    gx = T.autograd.grad(F.adaptive_avg_pool2d(x, (2, 3)).pow(2).sum(), x, create_graph=True)[0]
    (gx * gx).sum().backward()
    out["double_backward"] = [gx, x.grad]
    return out


def pool_errors(T):
    F = T.nn.functional
    x = T.ones(2, 3, 8, 8)
    return [error(lambda: F.max_pool2d(x, 3, padding=2)), error(lambda: F.max_pool2d(x, 3, stride=0)),
            error(lambda: F.max_pool2d(x[0, 0], 3)), error(lambda: F.max_pool2d(x, 3, dilation=0)),
            error(lambda: F.max_pool2d(x, 10)), error(lambda: F.max_pool2d(x, (1, 2, 3))),
            error(lambda: F.avg_pool2d(x, 3, padding=2)), error(lambda: F.avg_pool2d(x, 10)),
            error(lambda: F.avg_pool2d(x, 2, divisor_override=0)), error(lambda: F.avg_pool2d(x, 2, stride=(1, 2, 3))),
            error(lambda: F.adaptive_avg_pool2d(x[0, 0], (3, 5))), error(lambda: F.adaptive_avg_pool2d(x, (3,)))]


def dropout2d(T):
    F = T.nn.functional
    T.manual_seed(0)
    x = T.ones(4, 6, 3, 3, requires_grad=True)
    y = F.dropout2d(x, 0.5)
    y.sum().backward()
    d = T.nn.Dropout2d(0.25)
    return [y, x.grad, F.dropout2d(x, 0.5, training=False) is x, error(lambda: F.dropout2d(x, 1.5)),
            warned(lambda: F.dropout2d(T.ones(2, 3, 4), 0.5)), warned(lambda: F.dropout2d(T.ones(2, 3), 0.5)),
            repr(d), d(T.ones(2, 8, 2, 2)), d.eval()(T.ones(1, 2, 2, 2))]


def modules(T):
    nn = T.nn
    layers = [nn.Conv2d(1, 32, 3), nn.Conv2d(2, 4, (3, 5), stride=2, padding=1, dilation=2, groups=2, bias=False),
              nn.Conv2d(2, 4, 3, padding="same"), nn.Conv2d(2, 4, 3, padding="valid"), nn.Conv1d(2, 4, 3),
              nn.Conv1d(4, 6, 5, stride=2, padding=2, groups=2), nn.Conv2d(2, 4, 3, padding_mode="reflect"),
              nn.MaxPool2d(2), nn.MaxPool2d((2, 3), stride=1, padding=1, dilation=2, return_indices=True,
                                            ceil_mode=True),
              nn.AvgPool2d(2), nn.AvgPool2d(3, 1, 1, True, False, 2), nn.AdaptiveAvgPool2d((5, 7)),
              nn.AdaptiveAvgPool2d(5)]
    conv = nn.Conv2d(2, 4, 3, stride=2, padding=1)
    set_params(T, conv, {"weight": rand((4, 2, 3, 3), 1), "bias": rand((4,), 2)})
    x = T.tensor(rand((2, 2, 7, 7), 3), requires_grad=True)
    y = nn.MaxPool2d(2, return_indices=True)(conv(x))
    (y[0] * _grad_out(T, y[0], 4)).sum().backward()
    c1 = nn.Conv1d(4, 6, 3, padding="same", groups=2)
    set_params(T, c1, {"weight": rand((6, 2, 3), 5), "bias": rand((6,), 6)})
    return {"reprs": [repr(m) for m in layers], "shapes": [list(m.weight.shape) for m in layers[:7]],
            "attrs": [layers[1].kernel_size, layers[1].stride, layers[2].padding, layers[4].dilation,
                      layers[7].stride, layers[9].stride],
            "forward": [*y, x.grad, conv.weight.grad, conv.bias.grad, c1(T.tensor(rand((2, 4, 9), 7))),
                        nn.AvgPool2d(2, 1)(T.tensor(rand((1, 3, 4), 8))),
                        nn.AdaptiveAvgPool2d((2, None))(T.tensor(rand((1, 3, 4, 4), 9)))],
            "sequential": repr(nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()))}


def seeded_init(T):
    """With the same seed the layers draw torch's numbers (compared exactly: see test_seeded_init_is_bit_identical)."""
    T.manual_seed(0)
    return [[p for p in m.parameters()] for m in (T.nn.Conv2d(3, 8, 3), T.nn.Conv1d(4, 6, 5, groups=2),
                                                  T.nn.Conv2d(1, 32, (3, 5), bias=False), T.nn.Linear(4, 2))]


def cnn_training(T):
    """Conv2d -> ReLU -> MaxPool2d -> Flatten -> Linear with CrossEntropyLoss and SGD, 5 steps, seeded init."""
    nn = T.nn
    T.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 10))
    opt = T.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = T.tensor(rand((8, 1, 8, 8), 1))
    y = T.tensor(np.random.default_rng(2).integers(0, 10, 8))
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "weight": model[0].weight, "out": model(x)}


SCENARIOS = {f.__name__: f for f in (conv2d, conv1d, conv_double_backward, conv_errors, max_pool, avg_pool,
                                     adaptive_avg_pool, pool_errors, dropout2d, modules, seeded_init, cnn_training)}

GROUP = "conv"
globals().update(make_scenario_tests(GROUP, SCENARIOS))


def test_seeded_init_is_bit_identical():
    torch = pytest.importorskip("torch")
    mine, ref = seeded_init(torchless), seeded_init(torch)
    for a, b in zip(mine, ref):
        for p, q in zip(a, b):
            assert np.array_equal(p.detach().numpy(), q.detach().numpy())


def test_cnn_losses_match_to_1e_5():
    torch = pytest.importorskip("torch")
    mine, ref = cnn_training(torchless)["losses"], cnn_training(torch)["losses"]
    assert max(abs(a - b) for a, b in zip(mine, ref)) < 1e-5
    assert mine[-1] < mine[0]


@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_conv_float32():
    """float32 convolutions agree with torch's to float32 rounding (relative to the largest magnitude)."""
    torch = pytest.importorskip("torch")
    for name, conv, cases in [("conv2d", "conv2d", CONV2D_CASES), ("conv1d", "conv1d", CONV1D_CASES)]:
        mine = _conv_cases(torchless, getattr(torchless.nn.functional, conv), cases, None)
        ref = _conv_cases(torch, getattr(torch.nn.functional, conv), cases, None)
        for key in ref:
            for a, b in zip(mine[key], ref[key]):
                a, b = a.detach().numpy(), b.detach().numpy()
                assert a.dtype == b.dtype == np.float32 and a.shape == b.shape
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-6 * max(1.0, np.abs(b).max()), err_msg=f"{name} {key}")


def _f64(shape, seed):
    return torchless.tensor(rand(shape, seed).astype(np.float64), requires_grad=True)


GRADCHECKS = {
    "conv2d": (lambda x, w, b: torchless.nn.functional.conv2d(x, w, b, stride=(2, 1), padding=1, dilation=(1, 2),
                                                               groups=2), [(2, 4, 5, 6), (4, 2, 2, 2), (4,)]),
    "conv2d_same": (lambda x, w: torchless.nn.functional.conv2d(x, w, padding="same"), [(3, 4, 4), (2, 3, 2, 3)]),
    "conv1d": (lambda x, w, b: torchless.nn.functional.conv1d(x, w, b, stride=2, padding=1), [(2, 2, 7), (3, 2, 3),
                                                                                            (3,)]),
    "max_pool2d": (lambda x: torchless.nn.functional.max_pool2d(x, 3, 2, 1, ceil_mode=True), [(2, 2, 6, 5)]),
    "avg_pool2d": (lambda x: torchless.nn.functional.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
                   [(2, 2, 6, 5)]),
    "adaptive_avg_pool2d": (lambda x: torchless.nn.functional.adaptive_avg_pool2d(x, (3, 2)), [(2, 2, 5, 5)]),
}


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("name", list(GRADCHECKS))
def test_gradcheck_and_gradgradcheck(name):
    fn, shapes = GRADCHECKS[name]
    inputs = [_f64(s, i) for i, s in enumerate(shapes)]
    assert torchless.autograd.gradcheck(fn, inputs)
    assert torchless.autograd.gradgradcheck(fn, inputs)


def test_padding_modes_other_than_zeros_are_not_implemented():
    conv = torchless.nn.Conv2d(1, 1, 3, padding=1, padding_mode="circular")
    with pytest.raises(NotImplementedError, match="padding_mode='circular'"):
        conv(torchless.ones(1, 1, 4, 4))


def test_conv_module_string_checks():
    """torch formats a set into these messages (its order follows the process's string hashing)."""
    with pytest.raises(ValueError, match=r"Invalid padding string 'foo', should be one of \{'(same|valid)', '"):
        torchless.nn.Conv2d(4, 4, 3, padding="foo")
    with pytest.raises(ValueError, match=r"padding_mode must be one of \{.*'zeros'.*\}, but got padding_mode='bad'"):
        torchless.nn.Conv2d(4, 4, 3, padding_mode="bad")
    with pytest.warns(UserWarning, match="Using padding='same' with even kernel lengths and odd dilation"):
        torchless.nn.functional.conv2d(torchless.ones(1, 1, 4, 4), torchless.ones(1, 1, 2, 2), padding="same")


def test_conv_is_float32_close_to_float64():
    """The im2col matmul keeps float32 accuracy: a float32 conv is within rounding of the float64 one."""
    F = torchless.nn.functional
    x, w = rand((2, 8, 12, 12), 1), rand((16, 8, 3, 3), 2)
    y32 = F.conv2d(torchless.tensor(x), torchless.tensor(w), padding=1).numpy()
    y64 = F.conv2d(torchless.tensor(x.astype(np.float64)), torchless.tensor(w.astype(np.float64)), padding=1).numpy()
    assert np.abs(y32 - y64).max() < 1e-4 * math.sqrt(8 * 9)


if __name__ == "__main__":
    record(GROUP, SCENARIOS)
