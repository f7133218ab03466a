"""torchless.nn.functional (``import torchless.nn.functional as F``): layers, activations and losses as functions.

Arguments, defaults, warnings and error messages follow ``torch.nn.functional``; the numerically delicate parts
are fused primitives in ``_ops`` carrying torch's ``grad_fn`` names.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _dtype as D
from .._creation import empty_like, zeros
from .._tensor import Tensor, _wrap_dim
from .._tensor import need_tensor as _tensor_arg
from ..ops import elementwise as _ew
from ..ops import reduction as _red
from ..ops.linalg import addmm, matmul
from ..ops.misc import one_hot
from . import _conv, _ops

__all__ = [
    "linear", "bilinear", "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "selu_",
    "celu", "celu_", "gelu", "silu", "mish", "softplus", "sigmoid", "tanh", "hardtanh", "hardtanh_", "threshold",
    "threshold_",
    "logsigmoid", "hardsigmoid", "hardswish", "softsign", "tanhshrink", "softmax", "log_softmax", "softmin",
    "dropout", "embedding", "batch_norm", "layer_norm", "pad", "normalize", "cosine_similarity",
    "pairwise_distance", "one_hot", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy", "conv1d", "conv2d",
    "max_pool2d", "max_pool2d_with_indices", "avg_pool2d", "adaptive_avg_pool2d", "dropout2d",
]

# Helpers ---------------------------------------------------------------------------------------------------


def _float_only(input: Tensor, kernel: str) -> None:
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype._torch_name}\'')


def _check_mixed_dtype(input: Tensor, *params: Tensor | None) -> None:
    """torch's CPU normalization check: the defined parameters share ``input``'s dtype, or are float32 for a
    float16/bfloat16 input."""
    dts = {p.dtype for p in params if p is not None}
    if not dts or dts == {input.dtype}:
        return
    if dts != {D.float32}:
        raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    if input.dtype not in (D.float16, D.bfloat16):
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _legacy_reduction(size_average, reduce, emit_warning: bool = True) -> str:
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "mean" if size_average and reduce else "sum" if reduce else "none"
    if emit_warning:
        warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{ret}' instead.",
                      UserWarning, stacklevel=3)
    return ret


def _reduction(reduction: str, size_average=None, reduce=None) -> str:
    """Validate ``reduction`` (the legacy ``size_average``/``reduce`` arguments override it, with a warning)."""
    if size_average is not None or reduce is not None:
        return _legacy_reduction(size_average, reduce)
    if reduction in ("none", "mean", "sum"):
        return reduction
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
                      UserWarning, stacklevel=3)
        return "mean"
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _broadcast_numel(input: Tensor, target: Tensor) -> int:
    """The element count of ``input`` and ``target`` broadcast together; warns as torch when shapes differ."""
    a, b = input._data.shape, target._data.shape
    if a == b:
        return input._data.size
    warnings.warn(f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). "
                  "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                  "same size.", UserWarning, stacklevel=3)
    try:
        shape = np.broadcast_shapes(a, b)
    except ValueError:
        for i in range(1, max(len(a), len(b)) + 1):
            sa = a[-i] if i <= len(a) else 1
            sb = b[-i] if i <= len(b) else 1
            if sa != sb and sa != 1 and sb != 1:
                raise RuntimeError(f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                                   f"non-singleton dimension {max(len(a), len(b)) - i}") from None
        raise
    return math.prod(shape)


def _weighted(loss: Tensor, weight: Tensor, input: Tensor, reduction: str) -> Tensor:
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.sum() / weight.sum()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")


# Linear ----------------------------------------------------------------------------------------------------


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: one ``addmm`` for 2-D input (AddmmBackward0), as torch dispatches it."""
    _tensor_arg("linear", "input", 1, input)
    if input._data.ndim == 0 or weight._data.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {input._data.ndim}D and "
                           f"{weight._data.ndim}D")
    if bias is not None and (input._data.ndim == 2 or input._data.flags.c_contiguous):
        if input.dtype is not weight.dtype:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {input.dtype._torch_name} and "
                               f"{weight.dtype._torch_name}")
        if input._data.ndim == 2:
            return addmm(bias, input, weight.t())
        shape = input._data.shape
        flat = input.reshape(math.prod(shape[:-1]), shape[-1] if shape else 1)
        out = addmm(bias, flat, weight.t())
        return out.view(shape[:-1] + (out._data.shape[1],))
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_c_name(input.dtype)} != "
                           f"{_c_name(weight.dtype)}")
    out = matmul(input, weight.t())
    return out if bias is None else out + bias


def _c_name(dt: D.dtype) -> str:
    """The C type name torch's matmul messages use ('float', 'double', 'long int')."""
    return {"Float": "float", "Double": "double", "Half": "c10::Half", "Long": "long int", "Int": "int",
            "Short": "short int", "Char": "signed char", "Byte": "unsigned char", "Bool": "bool"}[dt._torch_name]


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``y[..., k] = input1 @ weight[k] @ input2 + bias[k]``."""
    out_f, in1, in2 = weight._data.shape
    lead = input1._data.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    tmp = matmul(x1, weight.permute(1, 0, 2).reshape(in1, out_f * in2)).reshape(-1, out_f, in2)
    out = (tmp * x2.unsqueeze(1)).sum(-1).reshape(lead + (out_f,))
    return out if bias is None else out + bias


# Activations -----------------------------------------------------------------------------------------------


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    _tensor_arg("relu", "input", 1, input)
    return input.relu_() if inplace else _ew.relu(input)


def relu_(input: Tensor) -> Tensor:
    return input.relu_()


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    return hardtanh(input, 0.0, 6.0, inplace)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return (_ops.hardtanh_ if inplace else _ops.hardtanh)(input, lo=min_val, hi=max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    return hardtanh(input, min_val, max_val, inplace=True)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    return (_ops.threshold_ if inplace else _ops.threshold)(input, th=threshold, value=value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    return _ops.threshold_(input, th=threshold, value=value)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    _float_only(input, "leaky_relu_cpu")
    return (_ops.leaky_relu_ if inplace else _ops.leaky_relu)(input, slope=negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    return leaky_relu(input, negative_slope, inplace=True)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    _float_only(input, "elu_cpu")
    return (_ops.elu_ if inplace else _ops.elu)(input, alpha=alpha, scale=1.0, input_scale=1.0)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return elu(input, alpha, inplace=True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    _float_only(input, "elu_cpu")
    return (_ops.elu_ if inplace else _ops.elu)(input, alpha=_SELU_ALPHA, scale=_SELU_SCALE, input_scale=1.0)


def selu_(input: Tensor) -> Tensor:
    return selu(input, inplace=True)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    _float_only(input, "elu_cpu")
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return (_ops.celu_ if inplace else _ops.celu)(input, alpha=alpha, scale=1.0, input_scale=1.0 / alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return celu(input, alpha, inplace=True)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """GELU: ``x * Phi(x)``, or its tanh approximation with ``approximate='tanh'``."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _float_only(input, "GeluKernelImpl")
    return _ops.gelu(input, approximate=approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    _float_only(input, "silu_cpu")
    out = _ops.silu(input)
    return input.copy_(out) if inplace else out


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    _float_only(input, "mish_cpu")
    out = _ops.mish(input)
    return input.copy_(out) if inplace else out


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """``log(1 + exp(beta * x)) / beta``, linear where ``beta * x > threshold``."""
    _float_only(input, "softplus_cpu")
    return _ops.softplus(input, beta=beta, threshold=threshold)


def logsigmoid(input: Tensor) -> Tensor:
    _float_only(input, "log_sigmoid_cpu")
    return _ops.logsigmoid(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    _float_only(input, "hardsigmoid_cpu")
    out = _ops.hardsigmoid(input)
    return input.copy_(out) if inplace else out


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    _float_only(input, "hardswish_cpu")
    out = _ops.hardswish(input)
    return input.copy_(out) if inplace else out


def softsign(input: Tensor) -> Tensor:
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    return input - input.tanh()


def sigmoid(input: Tensor) -> Tensor:
    return _ew.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    return _ew.tanh(input)


# Softmax ---------------------------------------------------------------------------------------------------


def _get_softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as "
                  "an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``exp(x) / exp(x).sum(dim)``, computed shifted by the max so it never overflows."""
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    return _red.softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``x - logsumexp(x, dim)``: finite for logits of any size."""
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _red.log_softmax(input, dim, dtype=dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    if dim is None:
        dim = _get_softmax_dim("softmin", input.dim(), _stacklevel)
    return _red.softmax(-input, dim, dtype=dtype)


# Dropout, embedding, normalisation, padding -----------------------------------------------------------------


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)`` (training only).

    Like torch on the CPU: a mask ``empty_like(input).bernoulli_(1 - p)`` divided by ``1 - p``, then multiplied
    in, so with the same seed the same elements drop.
    """
    return _dropout(input, p, training, inplace, None)


def _dropout(input: Tensor, p: float, training: bool, inplace: bool, noise_shape: tuple | None) -> Tensor:
    """torch's ``_dropout_impl``: one mask element per input element, or per ``noise_shape`` (feature dropout)."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input._data.size == 0:
        return input
    if p == 1:
        noise = zeros((), dtype=input.dtype)
    else:
        noise = empty_like(input) if noise_shape is None else zeros(noise_shape, dtype=input.dtype)
        noise.bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels (dim 1) with probability ``p``, scaling the rest by ``1 / (1 - p)`` (training only)."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    nd = input._data.ndim
    if nd not in (3, 4):
        warnings.warn(f"dropout2d: Received a {nd}-D input to dropout2d, which is deprecated and will result in an "
                      "error in a future release. To retain the behavior and silence this warning, please use dropout "
                      "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
                      stacklevel=2)
    if nd == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
                      "will change in a future release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
                      "dropout1d instead.", stacklevel=2)
    shape = input._data.shape
    return _dropout(input, p, training, inplace, shape[:2] + (1,) * (nd - 2) if nd >= 2 else None)


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None, max_norm: float | None = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Rows of ``weight`` picked by the integer ``input``; ``padding_idx``'s row gets no gradient."""
    if padding_idx is not None:
        if padding_idx > 0:
            if padding_idx >= weight.size(0):
                raise AssertionError("Padding_idx must be within num_embeddings")
        elif padding_idx < 0:
            if padding_idx < -weight.size(0):
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = weight.size(0) + padding_idx
    else:
        padding_idx = -1
    if input.dtype is not D.int64 and input.dtype is not D.int32:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for embedding)")
    if sparse:
        raise NotImplementedError("torchless: sparse gradients (embedding with sparse=True) are not supported")
    idx = input._data
    if idx.size and (idx.min() < 0 or idx.max() >= weight._data.shape[0]):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _embedding_renorm_(weight, idx, max_norm, norm_type)
    return _ops.embedding(weight, input, num_weights=weight._data.shape[0], padding_idx=padding_idx,
                          scale_grad_by_freq=scale_grad_by_freq)


def _embedding_renorm_(weight: Tensor, idx: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Rescale (in place, without grad) the looked-up rows whose norm exceeds ``max_norm``."""
    rows = np.unique(idx)
    w = weight._data
    norms = np.linalg.norm(w[rows].astype(np.float64), ord=norm_type, axis=1)
    big = norms > max_norm
    if big.any():
        w[rows[big]] *= (max_norm / (norms[big] + 1e-7))[:, None].astype(w.dtype)
        weight._vc[0] += 1


def _verify_batch_size(size) -> None:
    prod = size[0]
    for s in size[2:]:
        prod *= s
    if prod == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None, weight: Tensor | None = None,
               bias: Tensor | None = None, training: bool = False, momentum: float = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dim 1) by the batch statistics (training) or the running ones (eval).

    In training the running statistics are updated in place: ``(1 - momentum) * running + momentum * batch``,
    with the unbiased batch variance; the output uses the biased one.
    """
    if training:
        _verify_batch_size(input.size())
    _float_only(input, "batch_norm")
    _check_mixed_dtype(input, weight, bias, running_mean, running_var)
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    nd = input._data.ndim
    c = input._data.shape[1] if nd > 1 else 1
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t._data.size != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t._data.size}")
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean must be defined in evaluation mode")
    dims = (0,) + tuple(range(2, nd))
    shape = (1, c) + (1,) * (nd - 2)
    out, (mean, var) = _ops.batch_norm(input, weight, bias, None if training else running_mean,
                                       None if training else running_var, training=training, eps=eps, dims=dims,
                                       shape=shape)
    if training and running_mean is not None:
        n = input._data.size // c
        rm, rv = running_mean._data, running_var._data
        rm[...] = momentum * mean.reshape(c) + (1 - momentum) * rm
        rv[...] = momentum * var.reshape(c) * (n / max(n - 1, 1)) + (1 - momentum) * rv
        running_mean._vc[0] += 1
        running_var._vc[0] += 1
    return out


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dims (biased variance), then scale and shift."""
    ns = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    shape = input._data.shape
    if len(ns) == 0 or len(shape) < len(ns) or tuple(shape[len(shape) - len(ns):]) != ns:
        raise RuntimeError(f"Given normalized_shape={list(ns)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in ns)}], but got input of size{list(shape)}")
    _check_mixed_dtype(input, weight, bias)
    _float_only(input, "LayerNormKernelImpl")
    dims = tuple(range(len(shape) - len(ns), len(shape)))
    return _ops.layer_norm(input, weight, bias, eps=eps, dims=dims)


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """Pad the last dims: ``pad = (left, right, top, bottom, ...)``; negative amounts crop. Constant mode only."""
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if mode != "constant":
        raise NotImplementedError(f"torchless: F.pad supports mode='constant' only, not mode='{mode}'")
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input._data.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input._data.ndim}")
    return _ops.constant_pad_nd(input, pad=pad, value=0.0 if value is None else value)


def _norm(input: Tensor, p: float, dim, keepdim: bool) -> Tensor:
    dims = (_wrap_dim(dim, input._data.ndim),) if isinstance(dim, int) else \
        tuple(_wrap_dim(d, input._data.ndim) for d in dim)
    return _ops.norm(input, p=float(p), dims=dims, keepdim=keepdim)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out=None) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``."""
    denom = _norm(input, p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim``; each norm is clamped below at ``eps``."""
    err = _ew.broadcast_error(x1._data.shape, x2._data.shape)
    if err is not None:
        raise err
    dt = D.result_type(x1, x2)
    if not dt.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is {dt._torch_name}")
    x1, x2 = x1.to(dt), x2.to(dt)
    shape = np.broadcast_shapes(x1._data.shape, x2._data.shape)
    if x1._data.shape != shape:
        x1 = x1.expand(shape)
    if x2._data.shape != shape:
        x2 = x2.expand(shape)
    n1 = _norm(x1, 2, dim, keepdim=True)
    n2 = _norm(x2, 2, dim, keepdim=True)
    # torch clamps the norms in place under no_grad: the gradient flows as if unclamped
    n1._data = np.maximum(n1._data, eps).astype(n1._data.dtype, copy=False)
    n2._data = np.maximum(n2._data, eps).astype(n2._data.dtype, copy=False)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """``||x1 - x2 + eps||_p`` along the last dim."""
    nd = max(x1._data.ndim, x2._data.ndim)
    return _norm(x1 - x2 + eps, p, max(nd - 1, 0), keepdim)


# Losses ----------------------------------------------------------------------------------------------------


def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
            weight: Tensor | None = None) -> Tensor:
    """Mean (or sum) absolute error: ``|input - target|``."""
    _broadcast_numel(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    loss = (input - target).abs()
    if weight is not None:
        return _weighted(loss, weight, input, reduction)
    reduction = _reduction(reduction)
    return loss.mean() if reduction == "mean" else loss.sum() if reduction == "sum" else loss


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
             weight: Tensor | None = None) -> Tensor:
    """Mean (or sum) squared error: ``(input - target) ** 2``."""
    n = _broadcast_numel(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if weight is not None:
        return _weighted((input - target) ** 2, weight, input, reduction)
    _float_only(input if input.dtype.is_floating_point else target, "mse_cpu")
    return _ops.mse_loss(input, target, reduction=_reduction(reduction), n=n)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    """Squared error below ``beta`` (divided by ``beta``), absolute error above it."""
    n = _broadcast_numel(input, target)
    reduction = _reduction(reduction, size_average, reduce)
    if beta == 0.0:
        return l1_loss(input, target, reduction=reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return _ops.smooth_l1_loss(input, target, reduction=reduction, n=n, beta=beta)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """Half squared error below ``delta``, ``delta``-scaled absolute error above it."""
    n = _broadcast_numel(input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        return _ops.huber_loss(input, target, reduction=_reduction(reduction), n=n, delta=delta)
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    loss = _ops.huber_loss(input, target, reduction="none", n=n, delta=delta) * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
                         reduce=None, reduction: str = "mean") -> Tensor:
    """``-(y log x + (1 - y) log(1 - x))`` for probabilities ``x``; each log is clamped at -100 as in torch."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                         f"({input.size()}) is deprecated. Please ensure they have the same size.")
    if target.dtype is not input.dtype:
        raise RuntimeError(f"Found dtype {target.dtype._torch_name} but expected {input.dtype._torch_name}")
    if weight is not None:
        weight = weight.expand(np.broadcast_shapes(target._data.shape, weight._data.shape))
    return _ops.binary_cross_entropy(input, target, weight, reduction=reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     size_average=None, reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Sigmoid then binary cross entropy in one stable step (finite for logits of any size)."""
    reduction = _reduction(reduction, size_average, reduce)
    if target.size() != input.size():
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    if not target.dtype.is_floating_point:
        raise RuntimeError(f"result type {input.dtype._torch_name} can't be cast to the desired output type "
                           f"{target.dtype._torch_name}")
    return _ops.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction=reduction)


def _check_nll_target_dtype(target: Tensor) -> None:
    if target.dtype is not D.int64 and target.dtype is not D.uint8:
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype._torch_name}")


def _check_nll_weight_dtype(input: Tensor, weight: Tensor | None) -> None:
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._torch_name} but found {weight.dtype._torch_name}")


def _nll_2d(input: Tensor, target: Tensor, weight: Tensor | None, kw: dict) -> Tensor:
    """NllLoss2d on (N, C, H, W) input, with ATen's checks in ATen's order."""
    ishape, tshape = input._data.shape, target._data.shape
    _check_nll_target_dtype(target)
    if weight is not None and weight._data.size != ishape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if target._data.ndim != 3:
        raise RuntimeError("only batches of spatial targets supported (3D tensors) but got targets of dimension: "
                           f"{target._data.ndim}")
    if tshape != (ishape[0],) + ishape[2:]:
        raise RuntimeError(f"size mismatch (got input: {list(ishape)} , target: {list(tshape)}")
    _check_nll_weight_dtype(input, weight)
    if weight is not None and weight._data.ndim != 1:
        weight = weight.reshape(-1)
    return _ops.nll_loss2d(input, target, weight, **kw)


def _nll_nd(input: Tensor, target: Tensor, weight: Tensor | None, reduction: str, ignore_index: int) -> Tensor:
    """torch's nll_loss_nd: NllLoss for 1-D/2-D input, NllLoss2d (through views) for more dims; the argument
    checks run in ATen's order, so a call with several faults reports the same one."""
    nd = input._data.ndim
    if nd < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {nd})")
    ishape, tshape = input._data.shape, target._data.shape
    if nd != 1 and ishape[0] != (tshape[0] if tshape else 0):
        raise ValueError(f"Expected input batch_size ({ishape[0]}) to match target batch_size "
                         f"({tshape[0] if tshape else 0}).")
    kw = dict(reduction=reduction, ignore_index=ignore_index)
    if nd <= 2:
        if target._data.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        _check_nll_target_dtype(target)
        if nd == 1 and target._data.ndim == 1:
            if target._data.size != 1:
                raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target._data.size}")
            target = target.reshape(())
        n_classes = ishape[-1]
        if weight is not None and (weight._data.ndim != 1 or weight._data.size != n_classes):
            raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes "
                               f"but got weight tensor of shape: {list(weight._data.shape)}")
        _check_nll_weight_dtype(input, weight)
        return _ops.nll_loss(input, target, weight, **kw)
    if nd == 4:
        return _nll_2d(input, target, weight, kw)
    out_size = (ishape[0],) + ishape[2:]
    if tshape[1:] != ishape[2:]:
        raise RuntimeError(f"Expected target size {list(out_size)}, got {list(tshape)}")
    x = input.contiguous().view(ishape[0], ishape[1], 1, -1)
    t = target.contiguous().view(ishape[0], 1, -1)
    out = _nll_2d(x, t, weight, kw)
    return out.view(out_size) if reduction == "none" else out


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log likelihood of class indices ``target`` under log-probabilities ``input`` (class dim 1)."""
    _tensor_arg("nll_loss_nd", "input", 1, input)
    _tensor_arg("nll_loss_nd", "target", 2, target)
    return _nll_nd(input, target, weight, _reduction(reduction, size_average, reduce), ignore_index)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """``log_softmax`` over the class dim (1, or 0 for unbatched input) then NLL; ``target`` holds class indices
    or, with the input's shape, class probabilities."""
    _tensor_arg("cross_entropy_loss", "input", 1, input)
    _tensor_arg("cross_entropy_loss", "target", 2, target)
    reduction = _reduction(reduction, size_average, reduce)
    class_dim = 0 if input._data.ndim == 1 else 1
    if input._data.shape == target._data.shape:
        if not target.dtype.is_floating_point:
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got "
                               f"{target.dtype._torch_name}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probs(input, target, weight, reduction, label_smoothing, class_dim)
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
        return _cross_entropy_smoothed(input, target, weight, reduction, ignore_index, label_smoothing, class_dim)
    return _nll_nd(log_softmax(input, class_dim), target, weight, reduction, ignore_index)


def _class_weight(weight: Tensor, nd: int, class_dim: int) -> Tensor:
    shape = [1] * nd
    shape[class_dim] = weight._data.shape[0]
    return weight.view(shape)


def _cross_entropy_probs(input, target, weight, reduction, label_smoothing, class_dim):
    n_classes = input._data.shape[class_dim]
    if weight is not None and (weight._data.ndim != 1 or weight._data.size != n_classes):
        raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {n_classes} classes or no "
                           f"classes but got weight tensor of shape: {list(weight._data.shape)}")
    logp = log_softmax(input, class_dim)
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target
    if weight is not None:
        prod = prod * (_class_weight(weight, input._data.ndim, 1) if input._data.ndim > 1 else weight)
    if reduction == "mean":
        if input._data.size == 0:
            return -(prod.sum() * math.nan)
        return _ops.div_scalar(-prod.sum(), other=input._data.size // n_classes)
    if reduction == "sum":
        return -prod.sum()
    return -prod.sum(class_dim)


def _cross_entropy_smoothed(input, target, weight, reduction, ignore_index, label_smoothing, class_dim):
    logp = log_softmax(input, class_dim)
    nll = _nll_nd(logp, target, weight, reduction, ignore_index)
    n_classes = logp._data.shape[class_dim]
    if weight is not None:
        smooth = -(logp * _class_weight(weight, logp._data.ndim, class_dim)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    ignore = target == ignore_index
    smooth = _ew.where(ignore, 0.0, smooth)
    if reduction == "mean":
        if weight is not None:
            keep = target._data[~ignore._data]
            ret = smooth.sum() / weight[Tensor._make(keep.reshape(-1))].sum()
        else:
            ret = smooth.sum() / (~ignore).sum()
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return (1 - label_smoothing) * nll + ret * (label_smoothing / n_classes)



# Convolution and pooling ------------------------------------------------------------------------------------


def _ntuple(value, n: int, name: str) -> tuple:
    if isinstance(value, (tuple, list)):
        if len(value) == n:
            return tuple(int(v) for v in value)
        if len(value) != 1:
            vals = ", ".join(str(v) for v in value)
            raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                               f"convolution dimensions, but got {name}=[{vals}]")
        value = value[0]
    return (int(value),) * n


def _convnd(input: Tensor, weight: Tensor, bias, stride, padding, dilation, groups: int, nd: int) -> Tensor:
    name = f"conv{nd}d"
    _tensor_arg(name, "input", 1, input)
    _tensor_arg(name, "weight", 2, weight)
    shape = input._data.shape
    if len(shape) not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but got input of "
                           f"size: {list(shape)}")
    batched = len(shape) == nd + 2
    if not batched:
        input = input.unsqueeze(0)
        shape = (1,) + shape
    stride, dilation = _ntuple(stride, nd, "stride"), _ntuple(dilation, nd, "dilation")
    wshape = weight._data.shape
    ksize = wshape[2:]
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0),) * nd
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = [d * (k - 1) for d, k in zip(dilation, ksize)]
            if any(t % 2 for t in totals):
                warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a "
                              "zero-padded copy of the input be created", UserWarning, stacklevel=3)
            pads = tuple((t // 2, t - t // 2) for t in totals)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        pads = tuple((p, p) for p in _ntuple(padding, nd, "padding"))
    if any(p < 0 for pair in pads for p in pair):
        raise RuntimeError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if len(wshape) != nd + 2:
        raise RuntimeError(f"Expected {nd + 2}-dimensional input for {nd + 2}-dimensional weight {list(wshape)}, but "
                           f"got {len(shape)}-dimensional input of size {list(shape)} instead")
    if wshape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size {list(wshape)} instead")
    if shape[1] != wshape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(wshape)}, expected input{list(shape)} to "
                           f"have {wshape[1] * groups} channels, but got {shape[1]} channels instead")
    padded = [s + lo + hi for s, (lo, hi) in zip(shape[2:], pads)]
    effective = [d * (k - 1) + 1 for d, k in zip(dilation, ksize)]
    if any(p < k for p, k in zip(padded, effective)):
        raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, effective))}). Kernel size can't be greater than actual input size")
    if bias is not None and (bias._data.ndim != 1 or bias._data.shape[0] != wshape[0]):
        raise RuntimeError(f"Given weight of size {list(wshape)}, expected bias to be 1-dimensional with {wshape[0]} "
                           f"elements, but got bias of size {list(bias._data.shape)} instead")
    for other in (weight, bias):
        if other is not None and other.dtype is not input.dtype:
            raise RuntimeError(f"expected scalar type {input.dtype._torch_name} but found {other.dtype._torch_name}")
    if nd == 1:
        stride, dilation, pads = (1,) + stride, (1,) + dilation, ((0, 0),) + pads
    out = _conv.convolution(input, weight, bias, stride=stride, padding=pads, dilation=dilation, groups=groups)
    return out if batched else out.squeeze(0)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """1-D cross-correlation of (N, C, L) or (C, L) input with (out, C / groups, k) weights."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """2-D cross-correlation of (N, C, H, W) or (C, H, W) input with (out, C / groups, kh, kw) weights."""
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2)


def _pool_pair(value, fn: str, name: str, default=None) -> tuple:
    if value is None or (isinstance(value, (tuple, list)) and len(value) == 0 and default is not None):
        return default
    if isinstance(value, (tuple, list)):
        if len(value) not in (1, 2):
            what = {"kernel_size": "either be a single int, or", "stride": "either be omitted, a single int, or",
                    "padding": "either be a single int, or", "dilation": "be either a single int, or"}[name]
            raise RuntimeError(f"{fn}: {name} must {what} a tuple of two ints")
        return (int(value[0]), int(value[-1]))
    return (int(value), int(value))


def _pool_geometry(input: Tensor, fn: str, kernel_size, stride, padding, dilation, ceil_mode: bool) -> tuple:
    """(kernel, stride, padding, dilation, output size) as pairs, with torch's checks."""
    kernel = _pool_pair(kernel_size, fn, "kernel_size")
    stride = _pool_pair(stride, fn, "stride", kernel)
    padding = _pool_pair(padding, fn, "padding")
    dilation = _pool_pair(dilation, fn, "dilation")
    shape = input._data.shape
    if len(shape) not in (3, 4) or any(s == 0 for s in shape[-3:]):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    out = []
    for i in range(2):
        k, s, p, d, size = kernel[i], stride[i], padding[i], dilation[i], shape[-2 + i]
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
        n = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
        if ceil_mode and (n - 1) * s >= size + p:
            n -= 1
        out.append(n)
    if kernel[0] <= 0 or kernel[1] <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}")
    if stride[0] <= 0 or stride[1] <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {stride[0]} dW: {stride[1]}")
    if dilation[0] <= 0 or dilation[1] <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dilation[0]} dilationW: "
                           f"{dilation[1]}")
    if out[0] < 1 or out[1] < 1:
        c, h, w = shape[-3:]
        raise RuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{out[0]}x{out[1]}). "
                           "Output size is too small")
    return kernel, stride, padding, dilation, tuple(out)


def max_pool2d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """2-D max pooling and the flat (H * W) index of each maximum in its input plane."""
    _tensor_arg("max_pool2d_with_indices", "input", 1, input)
    kernel, stride, padding, dilation, out_hw = _pool_geometry(input, "max_pool2d", kernel_size, stride, padding,
                                                               dilation, ceil_mode)
    return _conv.max_pool2d(input, kernel, stride, padding, dilation, out_hw)


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """2-D max pooling over (N, C, H, W) or (C, H, W) input (with the indices when ``return_indices``)."""
    out, idx = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (out, idx) if return_indices else out


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """2-D average pooling over (N, C, H, W) or (C, H, W) input."""
    _tensor_arg("avg_pool2d", "input", 1, input)
    kernel, stride, padding, _, out_hw = _pool_geometry(input, "avg_pool2d", kernel_size, stride, padding, 1,
                                                        ceil_mode)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    return _conv.avg_pool2d(input, kernel, stride, padding, out_hw, bool(count_include_pad), divisor_override)


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Average pooling to a fixed (H, W) output size (``None`` keeps that input size)."""
    shape = input._data.shape
    if isinstance(output_size, (tuple, list)):
        if len(shape) < 3:
            raise ValueError("Input dimension should be at least 3")
        if len(output_size) != 2:
            raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
        out_hw = tuple(shape[-2 + i] if v is None else int(v) for i, v in enumerate(output_size))
    else:
        out_hw = (int(output_size),) * 2
    if len(shape) not in (3, 4) or any(s == 0 for s in shape[-2:]):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {list(shape)}")
    if out_hw == (1, 1):  # torch's CPU shortcut: a mean over H and W
        return input.mean((-1, -2), keepdim=True)
    return _conv.adaptive_avg_pool2d(input, out_hw=out_hw)


def __getattr__(name: str):
    """torch.nn.functional names torchless lacks raise a NotImplementedError naming them."""
    from .._torch_names import FUNCTIONAL
    from .._unsupported import missing_module_attr

    raise missing_module_attr("torchless.nn.functional", name, FUNCTIONAL)
