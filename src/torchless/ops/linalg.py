"""Matrix products: matmul for 1-D, 2-D and batched operands, mm, bmm, mv, dot, outer, inner, addmm.

``matmul`` follows torch's dispatch (dot, mv, mm, folding a batch into one mm, or a broadcast bmm), so results,
``grad_fn`` names and error messages match torch's. Each case is one node whose derivatives are matmuls, so
double backward works.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from .._tensor import need_tensor as _tensor_arg
from ._op import KEEP, defop
from .elementwise import _not_for, broadcast_error, cpp_name
from .shape import reshape, unsqueeze

__all__ = ["matmul", "mm", "bmm", "mv", "dot", "outer", "ger", "inner", "addmm"]


# Derivatives of a product of operands of any rank (the engine sums broadcast batch dims back).

# Tensors, or NumPy arrays in a backward that records no graph (``.mT``, ``@`` and ``*`` serve both).

def _unsqueeze(x, dim: int):
    if isinstance(x, Tensor):
        return unsqueeze(x, dim)
    return x[..., None] if dim == -1 else x[..., None, :]  # dim is -1 or -2


def _grad_a(g, a, b):
    """The gradient for ``a`` of ``a @ b``; ``a`` itself is not needed (not saved when only it requires grad):
    it is a vector exactly when the product has fewer dims than ``b``."""
    if g.ndim < b.ndim:
        if b.ndim == 1:
            return g * b
        if b.ndim == 2:  # torch's vector @ matrix backward: an mv
            return b @ g
        return (_unsqueeze(g, -2) @ b.mT).squeeze(-2)
    if b.ndim == 1:
        return _unsqueeze(g, -1) * b
    return g @ b.mT


def _grad_b(g, a, b):
    """The gradient for ``b``; ``b`` is a vector exactly when the product has fewer dims than ``a``."""
    if g.ndim < a.ndim:
        if a.ndim == 1:
            return g * a
        if a.ndim == 2:  # torch's mv backward: self.t().mv(grad)
            return a.mT @ g
        return (a.mT @ _unsqueeze(g, -1)).squeeze(-1)
    if a.ndim == 1:
        return _unsqueeze(a, -1) * _unsqueeze(g, -2)
    return a.mT @ g


def _product(name: str):
    return defop(name, np.matmul, lambda g, a, b, r: _grad_a(g, a, b), lambda g, a, b, r: _grad_b(g, a, b),
                 save=(0, 1), dtype=KEEP, arrays=True, save_if={0: 1, 1: 0})


dot_ = defop("DotBackward0", np.dot, lambda g, a, b, r: g * b, lambda g, a, b, r: g * a, save=(0, 1), dtype=KEEP,
             arrays=True, save_if={0: 1, 1: 0})
mv_ = _product("MvBackward0")
mm_ = _product("MmBackward0")
bmm_ = _product("BmmBackward0")
# vector @ matrix: torch computes (1, n) @ (n, m) and squeezes in place, so the node is SqueezeBackward4
_vm = _product("SqueezeBackward4")
# the batched cases: the node of the view (or copy) torch makes last
_unsafe_view = _product("UnsafeViewBackward0")
_clone = _product("CloneBackward0")
_transposed = _product("TransposeBackward0")


# torch's checks, in torch's order -----------------------------------------------------------------------


def _mm_checks(sa: tuple, sb: tuple, da: D.dtype, db: D.dtype) -> None:
    """mm on (n, k) @ (k, m) shapes: the shape error first, then dtype and Bool."""
    if sa[1] != sb[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")
    if da is not db:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {cpp_name(da)} != {cpp_name(db)}")
    if da is D.bool:
        raise _not_for("addmm_impl_cpu_", np.empty(0, bool))


def _mv_checks(sa: tuple, n: int, da: D.dtype, dv: D.dtype) -> None:
    """mv on an (m, k) matrix and a vector of ``n`` elements."""
    if sa[1] != n:
        raise RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({n})")
    if da is not dv:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {dv._torch_name}, "
                           f"{da._torch_name}, and {dv._torch_name}")
    if da is D.bool:
        raise _not_for("addmv_impl_cpu", np.empty(0, bool))


def _bmm_checks(bs: int, k1: int, bs2: int, k2: int, da: D.dtype, db: D.dtype) -> None:
    if bs != bs2 or k1 != k2:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{bs}, {k1}] but got: "
                           f"[{bs2}, {k2}].")
    if da is not db:
        raise RuntimeError(f"expected scalar type {da._torch_name} but found {db._torch_name}")
    if da is D.bool:
        raise _not_for("bmm", np.empty(0, bool))


def _prod(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


# Public functions ----------------------------------------------------------------------------------------


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """The matrix product of two tensors, with torch's rules for 1-D and batched (broadcast) operands."""
    _tensor_arg("matmul", "input", 1, input)
    _tensor_arg("matmul", "other", 2, other)
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da <= 2 and db <= 2:
        if da == 1 and db == 1:
            return dot(input, other)
        if db == 1:
            return mv(input, other)
        if da == 1:
            sb = other._data.shape
            _mm_checks((1, input._data.shape[0]), sb, input.dtype, other.dtype)
            return _vm(input, other)
        return mm(input, other)
    if _should_fold(input, other):
        return _folded(input, other)
    return _batched(input, other)


def _should_fold(t1: Tensor, t2: Tensor) -> bool:
    """torch's test for folding the batch of the larger operand into one mm/mv (no bmm, no copy)."""
    larger = t1._data.ndim >= t2._data.ndim
    big = t1 if larger else t2
    small_nd = t2._data.ndim if larger else t1._data.ndim
    if not (big._data.ndim >= 3 and small_nd <= 2):
        return False
    if (t2 if larger else t1)._rg:
        return True
    if t1._data.ndim == 2:
        return False
    if big._data.size == 0:
        return True
    shape = list(big._data.shape)
    strides = [s // big._data.itemsize for s in big._data.strides]
    if not larger:  # torch looks at tensor2.mT
        shape[-1], shape[-2] = shape[-2], shape[-1]
        strides[-1], strides[-2] = strides[-2], strides[-1]
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))


def _folded(t1: Tensor, t2: Tensor) -> Tensor:
    transpose = t2._data.ndim > t1._data.ndim
    if transpose:  # computed as (t2.mT @ t1.mT).mT
        s = t2._data.shape
        big, big_dt, small, small_dt = s[:-2] + (s[-1], s[-2]), t2.dtype, t1._data.shape[::-1], t1.dtype
    else:
        big, big_dt, small, small_dt = t1._data.shape, t1.dtype, t2._data.shape, t2.dtype
    rows = _prod(big[:-1])
    if len(small) == 2:
        _mm_checks((rows, big[-1]), small, big_dt, small_dt)
        if not transpose:
            return _unsafe_view(t1, t2)
        n, p = small[1], big[-2]
        contiguous = n == 1 or p == 1 or rows * n == 0  # the transposed (..., n, p) result needs no copy
        return (_transposed if contiguous else _clone)(t1, t2)
    _mv_checks((rows, big[-1]), small[0], big_dt, small_dt)
    return _unsafe_view(t1, t2)


def _batched(t1: Tensor, t2: Tensor) -> Tensor:
    s1, s2 = t1._data.shape, t2._data.shape
    d1, d2 = len(s1), len(s2)
    if d1 == 3 and d2 == 3 and s1[0] != s2[0]:
        if s1[0] == 1 and t1._rg:
            return matmul(t1.squeeze(0), t2)
        if s2[0] == 1 and t2._rg:
            return matmul(t1, t2.squeeze(0))
    b1, b2 = s1[:max(d1 - 2, 0)], s2[:max(d2 - 2, 0)]
    err = broadcast_error(b1, b2)
    if err is not None:
        raise err
    bs = _prod(np.broadcast_shapes(b1, b2))
    m1 = s1[-1]
    m2 = s2[-2] if d2 > 1 else s2[0]
    _bmm_checks(bs, m1, bs, m2, t1.dtype, t2.dtype)
    return _unsafe_view(t1, t2)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """The product of two matrices."""
    _tensor_arg("mm", "input", 1, input)
    _tensor_arg("mm", "mat2", 2, mat2)
    if input._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    _mm_checks(input._data.shape, mat2._data.shape, input.dtype, mat2.dtype)
    return mm_(input, mat2)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors with the same batch size (no broadcasting)."""
    _tensor_arg("bmm", "input", 1, input)
    _tensor_arg("bmm", "mat2", 2, mat2)
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    sa, sb = input._data.shape, mat2._data.shape
    _bmm_checks(sa[0], sa[2], sb[0], sb[1], input.dtype, mat2.dtype)
    return bmm_(input, mat2)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix times vector."""
    _tensor_arg("mv", "input", 1, input)
    _tensor_arg("mv", "vec", 2, vec)
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input._data.ndim}, {vec._data.ndim}")
    _mv_checks(input._data.shape, vec._data.shape[0], input.dtype, vec.dtype)
    return mv_(input, vec)


def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """The dot product of two 1-D tensors of the same dtype."""
    _tensor_arg("dot", "input", 1, input)
    _tensor_arg("dot", "tensor", 2, tensor)
    if input._data.ndim != 1 or tensor._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input._data.ndim}D and {tensor._data.ndim}D tensors")
    if input.dtype is not tensor.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {input.dtype._torch_name} and "
                           f"{tensor.dtype._torch_name}")
    n, m = input._data.shape[0], tensor._data.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same number of "
                           f"elements, but got {n} and {m} elements respectively")
    if input.dtype is D.bool:
        raise _not_for("dot", np.empty(0, bool))
    return dot_(input, tensor)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """``input[i] * vec2[j]`` for two 1-D tensors (dtypes promote)."""
    _tensor_arg("outer", "input", 1, input)
    _tensor_arg("outer", "vec2", 2, vec2)
    for name, t in (("self", input), ("vec2", vec2)):
        if t._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t._data.ndim}-D")
    return reshape(input, -1, 1) * vec2


ger = outer


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum over the last dims of both: ``input @ other.mT`` for matrices (a number times a tensor for 0-dim)."""
    _tensor_arg("inner", "input", 1, input)
    _tensor_arg("inner", "other", 2, other)
    if input._data.ndim == 0 or other._data.ndim == 0:
        return input * other
    sa, sb = input._data.shape, other._data.shape
    if sa[-1] != sb[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes {list(sa)} "
                           f"and {list(sb)}")
    if input.dtype is not other.dtype:
        raise RuntimeError("both inputs should have same dtype")
    out = mm(reshape(input, -1, sa[-1]), reshape(other, -1, sb[-1]).t())
    return out.view(sa[:-1] + sb[:-1])  # torch's tensordot ends with a view: ViewBackward0


_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


def _addmm_fwd(c, a, b, beta, alpha, t2=False):
    if (a.shape[1] == 1 and a.shape[0] > 1 and b.shape[1] > 1 and a.dtype == _F32 and alpha == 1 and beta == 1
            and c.dtype == _F32):
        # One product per element (a Linear with one input feature): torch's BLAS adds it into the bias with a
        # fused multiply-add, one rounding (with one row or one column it rounds the product first, as below).
        # The product of two float32 numbers is exact in float64, so the sum there, rounded once, is the same.
        return np.add(a.astype(_F64) @ b.astype(_F64), c, dtype=_F64).astype(_F32)
    out = a @ b
    if alpha != 1:
        out = out * alpha
    if beta == 0:  # input is ignored, even where it is nan (as in torch)
        return out
    return out + (c if beta == 1 else beta * c)


def _mat2_grad(g, a, t2: bool):
    """``a.mT @ g``, computed in mat2's layout as torch's mm_mat2_backward does: for a transposed mat2 (``t2``: a
    Linear's ``weight.t()``) as ``(g.mT @ a).mT``, so the weight's gradient comes out contiguous."""
    return (g.mT @ a).mT if t2 and not isinstance(g, Tensor) else a.mT @ g


def _scaled(g, s):
    return g if s == 1 else g * s


addmm_ = defop("AddmmBackward0", _addmm_fwd,
               lambda g, c, a, b, r, beta, alpha, t2: _scaled(g, beta),
               lambda g, c, a, b, r, beta, alpha, t2: _scaled(g @ b.mT, alpha),
               lambda g, c, a, b, r, beta, alpha, t2: _scaled(_mat2_grad(g, a, t2), alpha), save=(1, 2),
               dtype=KEEP, arrays=True, save_if={1: 2, 2: 1})


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` in one node (what ``nn.Linear`` uses for 2-D input)."""
    if input.dtype is not mat2.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {input.dtype._torch_name} and "
                           f"{mat2.dtype._torch_name}")
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {mat1.dtype._torch_name} and "
                           f"{mat2.dtype._torch_name}")
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t._data.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t._data.ndim}-D tensor")
    sa, sb = mat1._data.shape, mat2._data.shape
    if sa[1] != sb[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")
    out_shape = (sa[0], sb[1])
    ish = input._data.shape
    if len(ish) > 2 or ish and ish[-1] not in (1, out_shape[1]) or len(ish) == 2 and ish[0] not in (1, out_shape[0]):
        input.expand(*out_shape)  # raises torch's error: input does not broadcast to the result
    if mat1.dtype is D.bool:
        raise _not_for("addmm_impl_cpu_", np.empty(0, bool))
    if not mat1.dtype.is_floating_point:
        beta, alpha = int(beta), int(alpha)
    m2 = mat2._data
    return addmm_(input, mat1, mat2, beta=beta, alpha=alpha, t2=m2.flags.f_contiguous and not m2.flags.c_contiguous)


METHODS = {"matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "outer": outer, "ger": outer,
           "inner": inner, "addmm": addmm}
INPLACE = {}
