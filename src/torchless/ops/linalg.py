"""Matrix products: matmul for 1-D, 2-D and batched operands, mm, bmm, mv, dot, outer, addmm.

``matmul`` dispatches to the primitive torch uses for each case, so ``grad_fn`` names match torch's.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import defop
from .shape import sum_to

__all__ = ["matmul", "mm", "bmm", "mv", "dot", "outer", "ger", "addmm"]

mm_ = defop("MmBackward0", np.matmul, lambda g, a, b, r: g @ b.mT, lambda g, a, b, r: a.mT @ g, save=(0, 1))
bmm_ = defop("BmmBackward0", np.matmul, lambda g, a, b, r: g @ b.mT, lambda g, a, b, r: a.mT @ g, save=(0, 1))
mv_ = defop("MvBackward0", np.matmul, lambda g, a, b, r: g.unsqueeze(-1) * b, lambda g, a, b, r: a.mT @ g,
            save=(0, 1))
dot_ = defop("DotBackward0", np.dot, lambda g, a, b, r: g * b, lambda g, a, b, r: g * a, save=(0, 1))
# vector @ matrix: torch computes it as (1, n) @ (n, m) and squeezes, so the node is SqueezeBackward4
vm_ = defop("SqueezeBackward4", np.matmul, lambda g, a, b, r: b @ g, lambda g, a, b, r: a.unsqueeze(-1) * g,
            save=(0, 1))
# batched matmul broadcasts the batch dims; the engine sums them back (UnsafeViewBackward0 in torch)
bmatmul_ = defop("UnsafeViewBackward0", np.matmul, lambda g, a, b, r: _bgrad_a(g, a, b),
                 lambda g, a, b, r: _bgrad_b(g, a, b), save=(0, 1))
addmm_ = defop("AddmmBackward0", lambda c, a, b, beta, alpha: _addmm_fwd(c, a, b, beta, alpha),
               lambda g, c, a, b, r, beta, alpha: g * beta if beta != 1 else g,
               lambda g, c, a, b, r, beta, alpha: (g @ b.mT) * alpha if alpha != 1 else g @ b.mT,
               lambda g, c, a, b, r, beta, alpha: (a.mT @ g) * alpha if alpha != 1 else a.mT @ g, save=(1, 2))


def _addmm_fwd(c, a, b, beta, alpha):
    out = a @ b
    if alpha != 1:
        out *= alpha
    out += c if beta == 1 else beta * c
    return out


def _bgrad_a(g, a, b):
    if a.ndim == 1:
        return sum_to((g.unsqueeze(-2) @ b.mT).squeeze(-2), a.shape)
    if b.ndim == 1:
        return g.unsqueeze(-1) * b
    return g @ b.mT


def _bgrad_b(g, a, b):
    if b.ndim == 1:
        return sum_to((a.mT @ g.unsqueeze(-1)).squeeze(-1), b.shape)
    if a.ndim == 1:
        return a.unsqueeze(-1) * g.unsqueeze(-2)
    return a.mT @ g


def _check_mm(a: Tensor, b: Tensor, k_a: int, k_b: int, what: str) -> None:
    if k_a != k_b:
        sa, sb = a._data.shape, b._data.shape
        if what == "mm":
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")
        if what == "mv":
            raise RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})")
        if what == "dot":
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have the "
                               f"same number of elements, but got {sa[0]} and {sb[0]} elements respectively")
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{sb[0]}, {k_a}] but "
                           f"got: [{sb[0]}, {k_b}].")


def _check_dtypes(a: Tensor, b: Tensor) -> None:
    if a.dtype is not b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {a.dtype} != {b.dtype}")


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """The matrix product of two tensors, with torch's rules for 1-D and batched operands."""
    if not isinstance(other, Tensor) or not isinstance(input, Tensor):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    _check_dtypes(input, other)
    if da == 1 and db == 1:
        return dot(input, other)
    if da == 2 and db == 1:
        return mv(input, other)
    if da == 1 and db == 2:
        _check_mm(input, other, input._data.shape[0], other._data.shape[0], "mm1")
        return vm_(input, other)
    if da == 2 and db == 2:
        return mm(input, other)
    ka = input._data.shape[-1]
    kb = other._data.shape[-2] if db > 1 else other._data.shape[0]
    if ka != kb:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input._data.shape[0] if da > 2 else 1}, {ka}] but got: "
                           f"[{other._data.shape[0] if db > 2 else 1}, {kb}].")
    return bmatmul_(input, other)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    if input._data.ndim != 2 or mat2._data.ndim != 2:
        raise RuntimeError(f"{'self' if input._data.ndim != 2 else 'mat2'} must be a matrix")
    _check_dtypes(input, mat2)
    _check_mm(input, mat2, input._data.shape[1], mat2._data.shape[0], "mm")
    return mm_(input, mat2)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    _check_dtypes(input, mat2)
    if input._data.shape[0] != mat2._data.shape[0] or input._data.shape[2] != mat2._data.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input._data.shape[0]}, {input._data.shape[2]}] but got: "
                           f"[{mat2._data.shape[0]}, {mat2._data.shape[1]}].")
    return bmm_(input, mat2)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input._data.ndim}, {vec._data.ndim}")
    _check_dtypes(input, vec)
    _check_mm(input, vec, input._data.shape[1], vec._data.shape[0], "mv")
    return mv_(input, vec)


def dot(input: Tensor, other: Tensor) -> Tensor:
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input._data.ndim}D and {other._data.ndim}D tensors")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {input.dtype._torch_name} and "
                           f"{other.dtype._torch_name}")
    _check_mm(input, other, input._data.shape[0], other._data.shape[0], "dot")
    return dot_(input, other)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    return input.unsqueeze(-1) * vec2


ger = outer


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` in one node (what ``nn.Linear`` uses for 2-D input)."""
    _check_mm(mat1, mat2, mat1._data.shape[1], mat2._data.shape[0], "mm")
    return addmm_(input, mat1, mat2, beta=beta, alpha=alpha)

METHODS = {"matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "outer": outer, "ger": outer,
           "addmm": addmm, "inner": lambda a, b: (a * b).sum(-1) if a.ndim and b.ndim else a * b}
INPLACE = {}
