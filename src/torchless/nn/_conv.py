"""Convolution and pooling primitives behind ``torchless.nn.functional``, one ``defop`` entry each.

Every kernel works on 4-D (N, C, H, W) arrays; 1-D convolutions and unbatched pools are viewed so. A convolution
is im2col (``sliding_window_view``) and one batched matmul over the groups; its adjoints scatter windows back with
one strided add per kernel offset (``_col2im``). The backward ops are ops themselves, each the other's adjoint,
so double backward works. Keyword arguments: ``stride`` and ``dilation`` as (h, w), ``padding`` as
((top, bottom), (left, right)).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._tensor import Tensor
from ..ops._op import KEEP, defop

_make = Tensor._make


def _as4d(a: np.ndarray) -> np.ndarray:
    """(N, C, L) -> (N, C, 1, L) for 1-D convolutions, (C, H, W) -> (1, C, H, W) for unbatched pools."""
    return a[:, :, None, :] if a.ndim == 3 else a


def out_size(size: int, k: int, lo: int, hi: int, stride: int, dilation: int) -> int:
    return (size + lo + hi - dilation * (k - 1) - 1) // stride + 1


def _windows(x: np.ndarray, kernel, stride, padding, dilation, out_hw, fill=0) -> np.ndarray:
    """The (N, C, Ho, Wo, kh, kw) view of the padded ``x`` that output (ho, wo) reads."""
    (t, b), (lft, rgt) = padding
    if t or b or lft or rgt:
        x = np.pad(x, ((0, 0), (0, 0), (t, b), (lft, rgt)), constant_values=fill)
    (kh, kw), (sh, sw), (dh, dw), (ho, wo) = kernel, stride, dilation, out_hw
    v = sliding_window_view(x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))
    return v[:, :, :(ho - 1) * sh + 1:sh, :(wo - 1) * sw + 1:sw, ::dh, ::dw]


def _col2im(cols: np.ndarray, shape, stride, padding, dilation) -> np.ndarray:
    """The adjoint of ``_windows``: add (N, C, kh, kw, Ho, Wo) window values back into an (N, C, H, W) array."""
    n, c, kh, kw, ho, wo = cols.shape
    (t, b), (lft, rgt) = padding
    (sh, sw), (dh, dw) = stride, dilation
    h = max(shape[2] + t + b, (ho - 1) * sh + (kh - 1) * dh + 1)
    w = max(shape[3] + lft + rgt, (wo - 1) * sw + (kw - 1) * dw + 1)
    out = np.zeros((n, c, h, w), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh:i * dh + (ho - 1) * sh + 1:sh, j * dw:j * dw + (wo - 1) * sw + 1:sw] += cols[:, :, i, j]
    return np.ascontiguousarray(out[:, :, t:t + shape[2], lft:lft + shape[3]])


# Convolution ------------------------------------------------------------------------------------------------


def _cols(x4: np.ndarray, kernel, out_hw, groups: int, stride, padding, dilation) -> np.ndarray:
    """im2col: (G, N*Ho*Wo, Cg*kh*kw)."""
    n, c = x4.shape[:2]
    ho, wo = out_hw
    win = _windows(x4, kernel, stride, padding, dilation, out_hw)
    win = win.reshape(n, groups, c // groups, ho, wo, *kernel).transpose(1, 0, 3, 4, 2, 5, 6)
    return win.reshape(groups, n * ho * wo, -1)


def _gmat(g4: np.ndarray, groups: int) -> np.ndarray:
    """The output gradient as (G, N*Ho*Wo, Og)."""
    n, o, ho, wo = g4.shape
    return g4.reshape(n, groups, o // groups, ho, wo).transpose(1, 0, 3, 4, 2).reshape(groups, n * ho * wo, -1)


def _conv_fwd(x, w, b, stride, padding, dilation, groups):
    x4, w4 = _as4d(x), _as4d(w)
    n = x4.shape[0]
    o = w4.shape[0]
    kernel = w4.shape[2:]
    out_hw = tuple(out_size(x4.shape[2 + i], kernel[i], *padding[i], stride[i], dilation[i]) for i in range(2))
    cols = _cols(x4, kernel, out_hw, groups, stride, padding, dilation)
    out = cols @ w4.reshape(groups, o // groups, -1).transpose(0, 2, 1)  # (G, N*Ho*Wo, Og)
    out = out.reshape(groups, n, *out_hw, o // groups).transpose(1, 0, 4, 2, 3).reshape(n, o, *out_hw)
    if b is not None:
        out = out + b.reshape(1, o, 1, 1)
    return np.ascontiguousarray(out.reshape((n, o) + out_hw[2 - (x.ndim - 2):]))


def _conv_input_fwd(g, w, x_shape, stride, padding, dilation, groups):
    g4, w4 = _as4d(g), _as4d(w)
    n, _, ho, wo = g4.shape
    o, cg, kh, kw = w4.shape
    dcols = _gmat(g4, groups) @ w4.reshape(groups, o // groups, -1)  # (G, N*Ho*Wo, Cg*kh*kw)
    dcols = dcols.reshape(groups, n, ho, wo, cg, kh, kw).transpose(1, 0, 4, 5, 6, 2, 3)
    shape4 = (n, cg * groups) + ((1,) if len(x_shape) == 3 else ()) + tuple(x_shape[2:])
    return _col2im(dcols.reshape(n, groups * cg, kh, kw, ho, wo), shape4, stride, padding, dilation).reshape(x_shape)


def _conv_weight_fwd(g, x, w_shape, stride, padding, dilation, groups):
    g4, x4 = _as4d(g), _as4d(x)
    kernel = (1, w_shape[2]) if len(w_shape) == 3 else tuple(w_shape[2:])
    cols = _cols(x4, kernel, g4.shape[2:], groups, stride, padding, dilation)
    return (_gmat(g4, groups).transpose(0, 2, 1) @ cols).reshape(w_shape)


def _conv_dx(g, x, w, b, r, **kw):
    return _conv_input(g, w, x_shape=tuple(x.shape), **kw)


def _conv_dw(g, x, w, b, r, **kw):
    return _conv_weight(g, x, w_shape=tuple(w.shape), **kw)


def _conv_db(g, x, w, b, r, **kw):
    return g.sum((0, 2, 3) if g.ndim == 4 else (0, 2))


convolution = defop("ConvolutionBackward0", _conv_fwd, _conv_dx, _conv_dw, _conv_db, save=(0, 1), dtype=KEEP)
# dx = A_w^T g and dw = B_x^T g, where conv(x, w) = A_w x = B_x w: each one's derivatives are the others
_conv_input = defop("ConvolutionBackwardBackward0", _conv_input_fwd,
                    lambda gg, g, w, r, x_shape, **kw: convolution(gg, w, None, **kw),
                    lambda gg, g, w, r, x_shape, **kw: _conv_weight(g, gg, w_shape=tuple(w.shape), **kw),
                    save=(0, 1), dtype=KEEP)
_conv_weight = defop("ConvolutionBackwardBackward0", _conv_weight_fwd,
                     lambda gw, g, x, r, w_shape, **kw: convolution(x, gw, None, **kw),
                     lambda gw, g, x, r, w_shape, **kw: _conv_input(g, gw, x_shape=tuple(x.shape), **kw),
                     save=(0, 1), dtype=KEEP)


# Max pooling ------------------------------------------------------------------------------------------------


def _pool_padding(x4: np.ndarray, kernel, stride, padding, dilation, out_hw) -> tuple:
    """((p, p + extra), ...): ``ceil_mode``'s last windows may read past the padded input."""
    return tuple((padding[i], max(padding[i], (out_hw[i] - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1
                                  - x4.shape[2 + i] - padding[i])) for i in range(2))


def _max_pool_fwd(x, kernel, stride, padding, dilation, out_hw):
    x4 = x[None] if x.ndim == 3 else x
    n, c, h, w = x4.shape
    fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    pads = _pool_padding(x4, kernel, stride, padding, dilation, out_hw)
    win = _windows(x4, kernel, stride, pads, dilation, out_hw, fill=fill).reshape(n, c, *out_hw, -1)
    pos = win.argmax(-1)[..., None]
    out = np.take_along_axis(win, pos, -1)[..., 0]
    pos = pos[..., 0]
    rows = np.arange(out_hw[0])[:, None] * stride[0] - padding[0] + pos // kernel[1] * dilation[0]
    cols = np.arange(out_hw[1]) * stride[1] - padding[1] + pos % kernel[1] * dilation[1]
    idx = (rows * w + cols).astype(np.int64)
    return out.reshape(out.shape[x4.ndim - x.ndim:]), idx.reshape(out.shape[x4.ndim - x.ndim:])


def _scatter_fwd(g, idx, x_shape):
    hw = x_shape[-1] * x_shape[-2]
    planes = idx.size // max(idx.shape[-1] * idx.shape[-2], 1)
    flat = (np.arange(planes).reshape(-1, 1) * hw + idx.reshape(planes, -1)).reshape(-1)
    out = np.bincount(flat, weights=g.reshape(-1), minlength=planes * hw)
    return out.astype(g.dtype, copy=False).reshape(x_shape)


def _gather_fwd(a, idx, x_shape):
    planes = idx.size // max(idx.shape[-1] * idx.shape[-2], 1)
    return np.take_along_axis(a.reshape(planes, -1), idx.reshape(planes, -1), 1).reshape(idx.shape)


_max_pool = defop("MaxPool2DWithIndicesBackward0", _max_pool_fwd,
                  lambda g, x, r, aux, **kw: _max_pool_scatter(g, idx=aux, x_shape=tuple(x.shape)),
                  save=(0,), dtype=KEEP, aux=True)
_max_pool_scatter = defop("MaxPool2DWithIndicesBackwardBackward0", _scatter_fwd,
                          lambda gg, g, r, idx, x_shape: _max_pool_gather(gg, idx=idx, x_shape=x_shape), dtype=KEEP)
_max_pool_gather = defop("MaxPool2DWithIndicesBackward0", _gather_fwd,
                         lambda g, a, r, idx, x_shape: _max_pool_scatter(g, idx=idx, x_shape=x_shape), dtype=KEEP)


def max_pool2d(x: Tensor, kernel, stride, padding, dilation, out_hw) -> tuple[Tensor, Tensor]:
    """The pooled values and their flat (H*W) indices in each input plane."""
    out, idx = _max_pool(x, kernel=kernel, stride=stride, padding=padding, dilation=dilation, out_hw=out_hw)
    return out, _make(idx)


# Average pooling ------------------------------------------------------------------------------------------


def _avg_divisor(x4: np.ndarray, kernel, stride, padding, out_hw, count_include_pad, divisor_override, dtype):
    """torch's avg_pool2d divisor for each output position: (Ho, Wo)."""
    if divisor_override is not None:
        return np.asarray(divisor_override, dtype=dtype)
    sizes = []
    for i in range(2):
        start = np.arange(out_hw[i]) * stride[i] - padding[i]
        end = np.minimum(start + kernel[i], x4.shape[2 + i] + padding[i])
        if count_include_pad:
            sizes.append(end - start)
        else:
            sizes.append(np.minimum(end, x4.shape[2 + i]) - np.maximum(start, 0))
    return (sizes[0][:, None] * sizes[1][None, :]).astype(dtype)


def _avg_pool_fwd(x, kernel, stride, padding, out_hw, count_include_pad, divisor_override):
    x4 = x[None] if x.ndim == 3 else x
    pads = _pool_padding(x4, kernel, stride, padding, (1, 1), out_hw)
    win = _windows(x4, kernel, stride, pads, (1, 1), out_hw)
    div = _avg_divisor(x4, kernel, stride, padding, out_hw, count_include_pad, divisor_override, x.dtype)
    out = (win.sum((-2, -1), dtype=x.dtype) / div).astype(x.dtype, copy=False)
    return out.reshape(out.shape[x4.ndim - x.ndim:])


def _avg_pool_bw_fwd(g, x_shape, kernel, stride, padding, out_hw, count_include_pad, divisor_override):
    g4 = g[None] if g.ndim == 3 else g
    shape4 = (1,) * (4 - len(x_shape)) + tuple(x_shape)
    div = _avg_divisor(np.empty(shape4, dtype=g.dtype), kernel, stride, padding, out_hw, count_include_pad,
                       divisor_override, g.dtype)
    cols = np.broadcast_to((g4 / div)[:, :, None, None], g4.shape[:2] + tuple(kernel) + g4.shape[2:])
    return _col2im(cols, shape4, stride, ((padding[0],) * 2, (padding[1],) * 2), (1, 1)).reshape(x_shape)


_avg_pool = defop("AvgPool2DBackward0", _avg_pool_fwd,
                  lambda g, x, r, **kw: _avg_pool_bw(g, x_shape=tuple(x.shape), **kw), save=(0,), dtype=KEEP)
_avg_pool_bw = defop("AvgPool2DBackwardBackward0", _avg_pool_bw_fwd,
                     lambda gg, g, r, x_shape, **kw: _avg_pool(gg, **kw), dtype=KEEP)


def avg_pool2d(x: Tensor, kernel, stride, padding, out_hw, count_include_pad, divisor_override) -> Tensor:
    return _avg_pool(x, kernel=kernel, stride=stride, padding=padding, out_hw=out_hw,
                     count_include_pad=count_include_pad, divisor_override=divisor_override)


# Adaptive average pooling ---------------------------------------------------------------------------------


def _bins(n_in: int, n_out: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """The 0/1 (n_out, n_in) matrix of which inputs each output averages, and each output's count."""
    i = np.arange(n_out)
    start = i * n_in // n_out
    end = -(-(i + 1) * n_in // n_out)
    j = np.arange(n_in)
    return ((j >= start[:, None]) & (j < end[:, None])).astype(dtype), (end - start).astype(dtype)


def _adaptive_fwd(x, out_hw):
    mh, ch = _bins(x.shape[-2], out_hw[0], x.dtype)
    mw, cw = _bins(x.shape[-1], out_hw[1], x.dtype)
    return ((mh @ x @ mw.T) / (ch[:, None] * cw[None, :])).astype(x.dtype, copy=False)


def _adaptive_bw_fwd(g, in_hw):
    mh, ch = _bins(in_hw[0], g.shape[-2], g.dtype)
    mw, cw = _bins(in_hw[1], g.shape[-1], g.dtype)
    return (mh.T @ (g / (ch[:, None] * cw[None, :])) @ mw).astype(g.dtype, copy=False)


adaptive_avg_pool2d = defop("AdaptiveAvgPool2DBackward0", _adaptive_fwd,
                            lambda g, x, r, out_hw: _adaptive_bw(g, in_hw=tuple(x.shape[-2:])), save=(0,), dtype=KEEP)
_adaptive_bw = defop("AdaptiveAvgPool2DBackwardBackward0", _adaptive_bw_fwd,
                     lambda gg, g, r, in_hw: adaptive_avg_pool2d(gg, out_hw=tuple(g.shape[-2:])), save=(0,),
                     dtype=KEEP)
