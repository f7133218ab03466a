"""torchless: PyTorch's API, a define-by-run reverse-mode autograd engine, on NumPy.

``import torchless as torch`` and PyTorch teaching code runs unchanged.
"""

from __future__ import annotations

from . import _dtype
from ._device import device
from ._dtype import (
    bool, double, dtype, float, float16, float32, float64, get_default_dtype, half, int, int8, int16, int32,
    int64, long, promote_types, result_type as _result_type, set_default_dtype, short, uint8, can_cast,
)
from ._tensor import Size, Tensor
from . import ops as _ops  # binds the methods onto Tensor
from ._creation import (
    arange, as_tensor, asarray, empty, empty_like, empty_strided, eye, from_numpy, full, full_like, linspace,
    logspace, ones, ones_like, scalar_tensor, tensor, zeros, zeros_like,
)
from ._creation import range  # noqa: A004
from .ops.elementwise import (
    abs, acos, add_alpha as add, addcdiv, addcmul, allclose, asin, atan, atan2, bitwise_and, bitwise_not,
    bitwise_or, bitwise_xor, ceil, clamp, clamp_min, clone, cos, cosh, divide as div, divide, eq, equal, erf, exp,
    exp2, expm1, floor, floor_divide, fmod, frac, ge, gt, isclose, isfinite, isinf, isnan, isneginf, isposinf,
    le, lerp, log, log1p, log2, log10, logical_and, logical_not, logical_or, logical_xor, logit, lt, maximum,
    minimum, mul, ne, neg, pow, reciprocal, relu, rem as remainder, round, rsqrt, sigmoid, sign, signbit, sin,
    sinh, sqrt, square, sub, tan, tanh, true_divide, trunc, where,
)
from .ops.elementwise import clamp as clip, mul as multiply, neg as negative, sub as subtract, trunc as fix
from .ops.elementwise import abs as absolute, maximum as fmax, minimum as fmin, sign as sgn
from .ops.elementwise import acos as arccos, asin as arcsin, atan as arctan, atan2 as arctan2
from .ops.elementwise import ne as not_equal, lt as less, le as less_equal, gt as greater, ge as greater_equal
from .ops.shape import (
    broadcast_to, cat, chunk, column_stack, concat, concatenate, dstack, flatten, hstack, movedim, moveaxis,
    narrow, permute, reshape, row_stack, select, split, squeeze, stack, swapaxes, swapdims, t, tensor_split,
    transpose, unbind, unflatten, unsqueeze, vstack,
)
from .ops.reduction import mean, sum
from .ops.linalg import addmm, bmm, dot, matmul, mm, mv, outer, ger
from .ops.indexing import index_select
from . import autograd
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .autograd.grad_mode import is_inference_mode_enabled

__version__ = "0.1.0"

cfloat = cdouble = complex64 = complex128 = None  # complex dtypes are not supported


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    return input.dtype.is_floating_point


def numel(input: Tensor) -> int:
    return input.numel()


def result_type(tensor1, tensor2) -> dtype:
    return _result_type(tensor1, tensor2)
