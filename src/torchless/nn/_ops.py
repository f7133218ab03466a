"""Fused, numerically stable primitives behind ``torchless.nn.functional``, one ``defop`` entry each.

Each entry carries torch's node name (``MseLossBackward0``, ``NllLossBackward0``, ...) so ``grad_fn`` prints as in
torch. Forwards are NumPy code written to stay finite where torch does (log-sigmoid through ``exp(-|x|)``, BCE's
logs clamped at -100); derivatives use torchless ops, so double backward works.

``reduction`` is ``'none'``, ``'mean'`` or ``'sum'``; ``n`` is the element count a mean divides by.
"""

from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor
from ..ops._op import FLOAT, KEEP, defop, inplace
from ..ops._torch_sum import SUM_DTYPES, _ceil_log2, _seq, torch_sum
from ..ops.elementwise import _logit_fwd, fused, opmath, where

_make = Tensor._make
_SQRT1_2 = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_BETA = math.sqrt(2.0 / math.pi)
_GELU_KAPPA = 0.044715


def _reduce(loss: np.ndarray, reduction: str) -> np.ndarray:
    if reduction in ("mean", "sum") and loss.dtype in SUM_DTYPES:  # torch: loss.sum() / loss.mean() = sum / n
        s = torch_sum(loss)
        return s if reduction == "sum" else s / loss.size if loss.size else s * np.nan
    if reduction == "mean":
        return np.mean(loss) if loss.size else np.array(np.nan, dtype=loss.dtype)
    if reduction == "sum":
        return np.sum(loss)
    return loss


def _scale(g: Tensor, reduction: str, n: int) -> Tensor:
    """The incoming gradient as seen by each element: a mean divides it by the element count."""
    return g / n if reduction == "mean" else g


def _no_grad_for(name: str):
    def deriv(*_, **__):
        raise RuntimeError(f"the derivative for '{name}' is not implemented.")
    return deriv


def _quiet(f):
    def fwd(*a, **k):
        with np.errstate(all="ignore"):
            return f(*a, **k)
    return fwd


# ATen's C++ ``tensor / int`` (div.Scalar): what cross_entropy's probability-target mean divides with
div_scalar = defop("DivBackward1", lambda a, other: a / other, lambda g, a, r, other: g / other, dtype=KEEP)


# Regression losses ---------------------------------------------------------------------------------------

mse_loss = defop(
    "MseLossBackward0", lambda a, b, reduction, n: _reduce(np.square(a - b), reduction),
    lambda g, a, b, r, reduction, n: _scale(g, reduction, n) * 2 * (a - b),
    lambda g, a, b, r, reduction, n: _scale(g, reduction, n) * -2 * (a - b),
    save=(0, 1), dtype=FLOAT, arrays=True)


@opmath
def _smooth_l1_fwd(a, b, reduction, n, beta):
    z = np.abs(a - b)
    return _reduce(np.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta), reduction)


def _smooth_l1_grad(g, a, b, beta):
    d = a - b
    return g * where(d.abs() < beta, d / beta, d.sign())


smooth_l1_loss = defop(
    "SmoothL1LossBackward0", _smooth_l1_fwd,
    lambda g, a, b, r, reduction, n, beta: _smooth_l1_grad(_scale(g, reduction, n), a, b, beta),
    lambda g, a, b, r, reduction, n, beta: -_smooth_l1_grad(_scale(g, reduction, n), a, b, beta),
    save=(0, 1), dtype=FLOAT)


@opmath
def _huber_fwd(a, b, reduction, n, delta):
    z = np.abs(a - b)
    return _reduce(np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta)), reduction)


def _huber_grad(g, a, b, delta):
    d = a - b
    return g * where(d.abs() <= delta, d, d.sign() * delta)


huber_loss = defop(
    "HuberLossBackward0", _huber_fwd,
    lambda g, a, b, r, reduction, n, delta: _huber_grad(_scale(g, reduction, n), a, b, delta),
    lambda g, a, b, r, reduction, n, delta: -_huber_grad(_scale(g, reduction, n), a, b, delta),
    save=(0, 1), dtype=FLOAT)


# Binary cross entropy --------------------------------------------------------------------------------------


@opmath
def _bce_fwd(x, y, w, reduction):
    if x.size and not (x.min() >= 0 and x.max() <= 1):  # nan fails too, as in torch
        raise RuntimeError("all elements of input should be between 0 and 1")
    if y.size and not (y.min() >= 0 and y.max() <= 1):
        raise RuntimeError("all elements of target should be between 0 and 1")
    with np.errstate(divide="ignore"):
        # torch clamps each log at -100, so probabilities of exactly 0 or 1 give a finite loss
        loss = (y - 1) * np.maximum(np.log1p(-x), -100) - y * np.maximum(np.log(x), -100)
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction)


# torch's binary_cross_entropy_backward; x, y, w: tensors, or arrays in a backward that records no graph
def _bce_dx(g, x, y, w, r, reduction):
    if isinstance(x, Tensor):
        d = g * (x - y) / ((1 - x) * x).clamp_min(1e-12)
    else:
        d = g * (x - y) / np.maximum((1 - x) * x, 1e-12)
    if w is not None:
        d = d * w
    return d / _numel(x) if reduction == "mean" else d


def _numel(x) -> int:
    return x.numel() if isinstance(x, Tensor) else x.size


def _bce_dy(g, x, y, w, r, reduction):
    d = -(x.logit() if isinstance(x, Tensor) else _logit_fwd(x, None)) * g
    if w is not None:
        d = d * w
    return d / _numel(y) if reduction == "mean" else d


binary_cross_entropy = defop("BinaryCrossEntropyBackward0", _bce_fwd, _bce_dx, _bce_dy, _no_grad_for("weight"),
                             save=(0, 1, 2), dtype=KEEP, arrays=True)


def _log_sigmoid_np(x):
    with np.errstate(over="ignore"):
        return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


def _bce_logits_fwd(x, y, w, pw, reduction):
    log_sig = _log_sigmoid_np(x)
    if pw is not None:
        log_sig = log_sig * ((pw - 1) * y + 1)
    loss = (1 - y) * x - log_sig
    if w is not None:
        loss = loss * w
    # torch computes ``(1 - target).mul_(input)``: the loss has the target's dtype
    return _reduce(loss.astype(y.dtype, copy=False), reduction)


def _bce_logits_dx(g, x, y, w, pw, r, reduction):
    if pw is not None:
        t = pw * y
        d = ((t + 1 - y) * x.sigmoid() - t) * g
    else:
        d = (x.sigmoid() - y) * g
    if w is not None:
        d = d * w
    return d / x.numel() if reduction == "mean" else d


def _bce_logits_dy(g, x, y, w, pw, r, reduction):
    if pw is not None:
        d = (logsigmoid(-x) - logsigmoid(x) * pw) * g
    else:
        d = -x * g
    if w is not None:
        d = d * w
    return d / x.numel() if reduction == "mean" else d


binary_cross_entropy_with_logits = defop(
    "BinaryCrossEntropyWithLogitsBackward0", _bce_logits_fwd, _bce_logits_dx, _bce_logits_dy,
    _no_grad_for("weight"), _no_grad_for("pos_weight"), save=(0, 1, 2, 3), dtype=KEEP)


# Negative log likelihood -----------------------------------------------------------------------------------


def _nll_fwd(x, t, w, reduction, ignore_index):
    """Loss and, as aux, d(loss)/dx before the incoming gradient (the same shape as x)."""
    cdim = 0 if x.ndim == 1 else 1
    n_classes = x.shape[cdim]
    if (x.ndim == 2 and w is None and reduction == "mean" and t.size and not 0 <= ignore_index < n_classes
            and t.min() >= 0 and t.max() < n_classes):
        # the common case (a batch of class scores, every target a class): the same arithmetic, fewer passes
        rows = np.arange(t.size)
        n = x.dtype.type(t.size)
        loss = _nll_sum(-x[rows, t]) / n
        wt = np.zeros(x.shape, dtype=x.dtype)
        wt[rows, t] = 1
        return np.asarray(loss, dtype=x.dtype), (wt, n, None)
    valid = t != ignore_index
    bad = valid & ((t < 0) | (t >= n_classes))
    if bad.any():
        raise IndexError(f"Target {int(t[bad].reshape(-1)[0])} is out of bounds.")
    tt = np.where(valid, t, 0).reshape(-1)
    rows = np.arange(tt.size)
    xm = np.moveaxis(x, cdim, -1) if x.ndim > 2 else x  # classes last: one row per target
    picked = xm.reshape(-1, n_classes)[rows, tt]
    wt = np.ones(tt.size, x.dtype) if w is None else w[tt].astype(x.dtype, copy=False)
    wt = np.where(valid.reshape(-1), wt, 0).astype(x.dtype, copy=False)
    loss = np.where(valid.reshape(-1), -picked * wt, 0).astype(x.dtype, copy=False).reshape(t.shape)  # ignored: 0
    scale = wt
    if reduction != "none":
        if x.ndim <= 2:  # torch's nll_loss_out_frame: ignored rows are skipped, the rest summed in its order
            kept = np.flatnonzero(valid.reshape(-1))
            loss = _nll_sum(loss.reshape(-1)[kept], kept, tt.size)
            total = x.dtype.type(kept.size) if w is None else _nll_sum(wt[kept], kept, tt.size)
        else:
            total = wt.sum()
            loss = loss.sum()
        if reduction == "mean":
            with np.errstate(all="ignore"):
                loss = loss / total
                scale = np.where(valid.reshape(-1), wt / total, 0).astype(x.dtype, copy=False)
    dx = np.zeros((tt.size, n_classes), dtype=x.dtype)
    if x.ndim <= 2:  # each row's weight at its target, and the total: the derivative is computed as in torch
        dx[rows, tt] = wt
        hit = None
        if not valid.all():  # torch writes no gradient to an ignored row (not even 0 * inf)
            hit = np.zeros(dx.shape, dtype=bool)
            hit[rows, tt] = valid.reshape(-1)
            hit = hit.reshape(x.shape)
        return np.asarray(loss, dtype=x.dtype), (dx.reshape(x.shape), total if reduction == "mean" else None, hit)
    dx[rows, tt] = -scale
    return np.asarray(loss, dtype=x.dtype), np.moveaxis(dx.reshape(xm.shape), -1, cdim)


def _nll_sum(v: np.ndarray, rows: np.ndarray | None = None, batch: int | None = None):
    """``sum(v)`` in the order of torch's CPU nll_loss (``nll_loss_out_frame``): ``v[i]`` belongs to row
    ``rows[i]`` (all rows ``0..len(v)-1`` when None). Eight partial sums: each value is added to level 0, and after
    row ``b`` every level ``j`` with ``b`` a multiple of ``step ** (j + 1)`` (``step = 2 ** max(4, ceil(log2
    batch) // 8)``) is added into level ``j + 1`` and reset; at the end the levels are added from 0 up."""
    zero = v.dtype.type(0)
    if rows is None or rows.size == batch:
        # every row: level j flushes after each full group of `step` items; row 0 goes straight to the top
        p = max(4, _ceil_log2(v.size) // 8)
        top, items, levels = v[:1], v[1:], []
        for _ in range(7):
            n = items.size >> p << p
            levels.append(_seq(items[n:], 0))
            items = np.add.accumulate(items[:n].reshape(-1, 1 << p), axis=1)[:, -1]
        levels.append(_seq(np.concatenate([top, items]), 0))
        return _seq(np.array(levels, v.dtype), 0) + zero
    p = max(4, _ceil_log2(batch) // 8)
    items, tags, levels = v, rows, []
    for j in range(7):  # some rows ignored: the flushes follow the rows that remain
        ends = np.flatnonzero(tags % (1 << p * (j + 1)) == 0)
        starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.intp)
        levels.append(_seq(items[ends[-1] + 1:] if ends.size else items, 0))
        items = np.array([_seq(items[a:b + 1], 0) for a, b in zip(starts, ends)], v.dtype)
        tags = tags[ends]
    levels.append(_seq(items, 0))
    return _seq(np.array(levels, v.dtype), 0) + zero



def _nll_dx(g, x, t, w, r, reduction, ignore_index, aux):
    if isinstance(aux, tuple):  # 1-D/2-D input: torch's nll_loss_backward_out_frame, weight * -(g / total)
        weights, total, hit = aux
        if reduction == "none":
            d = (g.unsqueeze(1) if g.ndim else g) * _make(-weights)
        else:
            d = _make(weights) * (-(g / total) if total is not None else -g)
        return d if hit is None else where(_make(hit), d, 0.0)
    if reduction == "none" and g.ndim:
        g = g.unsqueeze(1)
    return g * _make(aux)


_nll = defop("NllLossBackward0", _nll_fwd, _nll_dx, None, _no_grad_for("weight"), dtype=KEEP, aux=True)
_nll2d = defop("NllLoss2DBackward0", _nll_fwd, _nll_dx, None, _no_grad_for("weight"), dtype=KEEP, aux=True)


def nll_loss(x: Tensor, t: Tensor, w: Tensor | None, reduction: str, ignore_index: int) -> Tensor:
    """NLL over class dim 1 (0 for 1-D input): NllLossBackward0."""
    return _nll(x, t, w, reduction=reduction, ignore_index=ignore_index)[0]


def nll_loss2d(x: Tensor, t: Tensor, w: Tensor | None, reduction: str, ignore_index: int) -> Tensor:
    """The same for (N, C, H, W) input: NllLoss2DBackward0."""
    return _nll2d(x, t, w, reduction=reduction, ignore_index=ignore_index)[0]


# Activations ----------------------------------------------------------------------------------------------


def _erf_np(a: np.ndarray) -> np.ndarray:
    return np.vectorize(math.erf, otypes=[a.dtype])(a) if a.size else a.copy()


@opmath
def _gelu_fwd(x, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(_GELU_BETA * (x + _GELU_KAPPA * x * x * x)))
    return x * 0.5 * (1 + _erf_np(x * _SQRT1_2))


def _gelu_grad(g, x, r, approximate):
    if approximate == "tanh":
        x_sq = x * x
        t = (_GELU_BETA * (x + _GELU_KAPPA * x_sq * x)).tanh()
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _GELU_BETA * (1 + 3 * _GELU_KAPPA * x_sq))
    cdf = 0.5 * (1 + (x * _SQRT1_2).erf())
    pdf = (-0.5 * x * x).exp() * _INV_SQRT_2PI
    return g * (cdf + x * pdf)


gelu = defop("GeluBackward0", _gelu_fwd, fused(_gelu_grad), save=(0,), dtype=KEEP)


@opmath
@_quiet
def _elu_fwd(x, alpha, scale, input_scale):
    return np.where(x > 0, x * scale, np.expm1(x * input_scale) * (alpha * scale)).astype(x.dtype, copy=False)


def _elu_grad(g, x, r, alpha, scale, input_scale):
    return g * where(x > 0, scale, (x * input_scale).exp() * (alpha * scale * input_scale))


def _elu_grad_result(g, x, r, alpha, scale, input_scale):
    return g * where(r > 0, scale, (r + alpha * scale) * input_scale)


elu = defop("EluBackward0", _elu_fwd, fused(_elu_grad), save=(0,), dtype=KEEP)
elu_ = inplace(defop("EluBackward1", _elu_fwd, fused(_elu_grad_result), result=True, dtype=KEEP))
celu = defop("CeluBackward0", _elu_fwd, fused(_elu_grad), save=(0,), dtype=KEEP)
celu_ = inplace(defop("CeluBackward1", _elu_fwd, fused(_elu_grad_result), result=True, dtype=KEEP))


@opmath
def _leaky_fwd(x, slope):
    return np.where(x > 0, x, x * slope).astype(x.dtype, copy=False)


leaky_relu = defop("LeakyReluBackward0", _leaky_fwd, lambda g, x, r, slope: g * where(x > 0, 1.0, slope),
                   save=(0,), dtype=KEEP)
leaky_relu_ = inplace(defop("LeakyReluBackward1", _leaky_fwd,
                            lambda g, x, r, slope: g * where(r > 0, 1.0, slope), result=True, dtype=KEEP))

hardtanh = defop("HardtanhBackward0", lambda x, lo, hi: np.clip(x, lo, hi).astype(x.dtype, copy=False),
                 lambda g, x, r, lo, hi: g * ((x > lo) & (x < hi)), save=(0,), dtype=KEEP)
hardtanh_ = inplace(hardtanh)

threshold = defop("ThresholdBackward0", lambda x, th, value: np.where(x > th, x, value).astype(x.dtype, copy=False),
                  lambda g, x, r, th, value: g * (x > th), save=(0,), dtype=KEEP)
threshold_ = inplace(defop("ThresholdBackward1",
                           lambda x, th, value: np.where(x > th, x, value).astype(x.dtype, copy=False),
                           lambda g, x, r, th, value: g * (r > th), result=True, dtype=KEEP))


@_quiet
def _sigmoid_np(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def _silu_grad(g, x, r):
    s = x.sigmoid()
    return g * s * (1 + x * (1 - s))


silu = defop("SiluBackward0", opmath(lambda x: x * _sigmoid_np(x)), fused(_silu_grad), save=(0,), dtype=KEEP)


@_quiet
def _softplus_np(x, beta, threshold):
    xb = x * beta
    return np.where(xb > threshold, x, np.log1p(np.exp(xb)) / beta).astype(x.dtype, copy=False)


def _softplus_grad(g, x, r, beta, threshold):
    z = (x * beta).sigmoid()
    return g * where(x * beta > threshold, 1.0, z)


softplus = defop("SoftplusBackward0", opmath(_softplus_np), fused(_softplus_grad), save=(0,), dtype=KEEP)


def _mish_grad(g, x, r):
    s = x.sigmoid()
    t = softplus(x, beta=1.0, threshold=20.0).tanh()
    return g * (t + x * s * (1 - t * t))


mish = defop("MishBackward0", opmath(lambda x: x * np.tanh(_softplus_np(x, 1.0, 20.0))), fused(_mish_grad), save=(0,),
             dtype=KEEP)

logsigmoid = defop("LogSigmoidBackward0", opmath(_log_sigmoid_np),
                   fused(lambda g, x, r: g * (-x).sigmoid()), save=(0,), dtype=KEEP)

hardsigmoid = defop("HardsigmoidBackward0", opmath(lambda x: (np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)),
                    lambda g, x, r: g * ((x > -3) & (x < 3)) / 6, save=(0,), dtype=KEEP)


def _hardswish_grad(g, x, r):
    return g * where(x <= -3, 0.0, where(x < 3, x / 3 + 0.5, 1.0))  # torch: 0 at -3, 1 at 3


hardswish = defop("HardswishBackward0", opmath(lambda x: (x * np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)),
                  fused(_hardswish_grad), save=(0,), dtype=KEEP)


# Embedding ------------------------------------------------------------------------------------------------


def _embedding_grad_fwd(g, idx, num_weights, padding_idx, scale_grad_by_freq):
    dim = g.shape[-1]
    flat = idx.reshape(-1)
    rows = g.reshape(-1, dim)
    if scale_grad_by_freq:
        counts = np.bincount(flat, minlength=num_weights)
        rows = rows / counts[flat][:, None].astype(g.dtype)
    out = np.zeros((num_weights, dim), dtype=g.dtype)
    np.add.at(out, flat, rows)
    if padding_idx >= 0:
        out[padding_idx] = 0
    return out


def _embedding_grad_grad(gg, g, idx, r, num_weights, padding_idx, scale_grad_by_freq):
    out = embedding(gg, idx, num_weights=num_weights, padding_idx=-1, scale_grad_by_freq=False)
    mask = np.ones(idx.shape + (1,), dtype=gg.dtype.np)
    if padding_idx >= 0:
        mask[idx._data == padding_idx] = 0
    if scale_grad_by_freq:
        counts = np.bincount(idx._data.reshape(-1), minlength=num_weights)
        mask = mask / counts[idx._data][..., None]
    return out * _make(mask.astype(gg.dtype.np, copy=False))


_embedding_backward = defop("EmbeddingBackward0", _embedding_grad_fwd, _embedding_grad_grad, None, save=(1,),
                            dtype=KEEP)


def _embedding_dw(g, w, idx, r, num_weights, padding_idx, scale_grad_by_freq):
    return _embedding_backward(g, idx, num_weights=num_weights, padding_idx=padding_idx,
                               scale_grad_by_freq=scale_grad_by_freq)


embedding = defop("EmbeddingBackward0", lambda w, idx, num_weights, padding_idx, scale_grad_by_freq: w[idx],
                  _embedding_dw, None, save=(1,), dtype=KEEP)


# Normalisation --------------------------------------------------------------------------------------------


def _moments(x: np.ndarray, dims: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Mean and biased variance over ``dims`` (kept), accumulated in float64 as torch's CPU kernels do."""
    mean = np.mean(x, axis=dims, keepdims=True, dtype=np.float64)
    var = np.mean(np.square(x - mean), axis=dims, keepdims=True)
    return mean, var


@opmath
def _bn_fwd(x, w, b, rm, rv, training, eps, dims, shape):
    if training:
        mean, var = _moments(x, dims)
    else:
        mean, var = rm.reshape(shape).astype(np.float64), rv.reshape(shape).astype(np.float64)
    invstd = 1.0 / np.sqrt(var + eps)
    y = ((x - mean.astype(x.dtype)) * invstd.astype(x.dtype))
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y.astype(x.dtype, copy=False), (mean, var)


def _batch_stats(x: Tensor, dims: tuple, eps: float) -> tuple[Tensor, Tensor]:
    mean = x.mean(dims, keepdim=True)
    xc = x - mean
    return xc, ((xc * xc).mean(dims, keepdim=True) + eps).rsqrt()


def _bn_dx(g, x, w, b, rm, rv, r, training, eps, dims, shape, aux):
    gw = g if w is None else g * w.reshape(shape)
    if not training:
        return gw * (rv.reshape(shape) + eps).rsqrt()
    xc, invstd = _batch_stats(x, dims, eps)
    xhat = xc * invstd
    return invstd * (gw - gw.mean(dims, keepdim=True) - xhat * (gw * xhat).mean(dims, keepdim=True))


def _bn_dw(g, x, w, b, rm, rv, r, training, eps, dims, shape, aux):
    if training:
        xc, invstd = _batch_stats(x, dims, eps)
    else:
        xc, invstd = x - rm.reshape(shape), (rv.reshape(shape) + eps).rsqrt()
    return (g * xc * invstd).sum(dims)


batch_norm = defop("NativeBatchNormBackward0", _bn_fwd, _bn_dx, _bn_dw,
                   lambda g, x, w, b, rm, rv, r, training, eps, dims, shape, aux: g.sum(dims),
                   None, None, save=(0, 1, 3, 4), dtype=KEEP, aux=True)


@opmath
def _ln_fwd(x, w, b, eps, dims):
    mean, var = _moments(x, dims)
    y = (x - mean.astype(x.dtype)) * (1.0 / np.sqrt(var + eps)).astype(x.dtype)
    if w is not None:
        y = y * w
    if b is not None:
        y = y + b
    return y.astype(x.dtype, copy=False)


def _ln_dx(g, x, w, b, r, eps, dims):
    gw = g if w is None else g * w
    xc, invstd = _batch_stats(x, dims, eps)
    xhat = xc * invstd
    return invstd * (gw - gw.mean(dims, keepdim=True) - xhat * (gw * xhat).mean(dims, keepdim=True))


def _ln_dw(g, x, w, b, r, eps, dims):
    xc, invstd = _batch_stats(x, dims, eps)
    return g * xc * invstd


layer_norm = defop("NativeLayerNormBackward0", _ln_fwd, _ln_dx, _ln_dw, lambda g, x, w, b, r, eps, dims: g,
                   save=(0, 1), dtype=KEEP)


# Padding and norms ----------------------------------------------------------------------------------------


def _pad_fwd(x, pad, value):
    """``pad`` lists (before, after) pairs from the last dim backwards; negative amounts crop."""
    nd = x.ndim
    crop = [slice(None)] * nd
    widths = [(0, 0)] * nd
    for i in range(len(pad) // 2):
        d = nd - 1 - i
        lo, hi = pad[2 * i], pad[2 * i + 1]
        crop[d] = slice(max(-lo, 0), x.shape[d] - max(-hi, 0))
        widths[d] = (max(lo, 0), max(hi, 0))
    return np.pad(x[tuple(crop)], widths, mode="constant", constant_values=value)


constant_pad_nd = defop("ConstantPadNdBackward0", _pad_fwd,
                        lambda g, x, r, pad, value: constant_pad_nd(g, pad=tuple(-p for p in pad), value=0),
                        dtype=KEEP)


@opmath
@_quiet
def _norm_fwd(x, p, dims, keepdim):
    a = np.abs(x)
    if p == 2:
        return np.sqrt(np.sum(a * a, axis=dims, keepdims=keepdim))
    if p == math.inf:
        return np.max(a, axis=dims, keepdims=keepdim)
    if p == 1:
        return np.sum(a, axis=dims, keepdims=keepdim)
    return np.power(np.sum(np.power(a, p), axis=dims, keepdims=keepdim), 1.0 / p)


def _norm_grad(g, x, r, p, dims, keepdim):
    if not keepdim:
        for d in dims:
            g, r = g.unsqueeze(d), r.unsqueeze(d)
    if p == 2:
        return x * where(r == 0, 0.0, g / r)
    if p == 1:
        return x.sign() * g
    if p == math.inf:
        hit = x.abs() == r
        return x.sign() * g * hit / hit.sum(dims, keepdim=True)
    return x * x.abs() ** (p - 2) * where(r == 0, 0.0, g / r ** (p - 1))


norm = defop("NormBackward1", _norm_fwd, _norm_grad, save=(0,), result=True, dtype=KEEP)
