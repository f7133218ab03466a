"""gradcheck / gradgradcheck: compare autograd's gradients with central finite differences (use float64).

For each differentiable output ``i`` and each input ``j`` that requires grad, the Jacobian block is computed
twice: numerically (perturb one input element by ``±eps`` at a time) and analytically (one backward pass per
output element). Blocks are laid out as torch's, ``(input numel, output numel)``, and compared with
``allclose(analytical, numerical, rtol, atol)``; a mismatch raises ``GradcheckError`` with torch's message.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Error raised by :func:`gradcheck` and :func:`gradgradcheck`."""


def _as_tuple(x) -> tuple:
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable(out) -> list[int]:
    """Positions of the outputs that require grad."""
    return [k for k, o in enumerate(_as_tuple(out)) if isinstance(o, Tensor) and o._rg]


def _check_inputs(inputs: tuple) -> list[Tensor]:
    wrt = []
    for idx, t in enumerate(inputs):
        if isinstance(t, Tensor) and t._rg:
            if t.dtype.name != "float64":
                warnings.warn(f"Input #{idx} requires gradient and is not a double precision floating point or "
                              "complex. This check will likely fail if all the inputs are not of double precision "
                              "floating point or complex. ", stacklevel=4)
            if t._data.size and not all(st != 0 or sz <= 1 for st, sz in zip(t._data.strides, t._data.shape)):
                raise RuntimeError(f"The {idx}th input has a dimension with stride 0. gradcheck only supports inputs "
                                   "that are non-overlapping to be able to compute the numerical gradients correctly. "
                                   "You should call .contiguous on the input before passing it to gradcheck.")
            wrt.append(t)
    if not wrt:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    return wrt


def _numerical(func, inputs: tuple, wrt: list, positions: list, eps: float) -> list[list[np.ndarray]]:
    """``jac[i][j]``: d output ``positions[i]`` / d ``wrt[j]`` by central differences, shape (in, out)."""
    def run() -> list[np.ndarray]:
        outs = _as_tuple(func(*inputs))
        return [np.array(outs[k]._data, dtype=np.float64).reshape(-1) for k in positions]

    sizes = [o.size for o in run()]
    jac = [[] for _ in positions]
    for t in wrt:
        arr = t._data  # perturbed in place (the function sees it); torch also bypasses the version counter
        cols = [[] for _ in positions]
        for idx in np.ndindex(arr.shape):
            orig = arr[idx].copy()
            arr[idx] = orig - eps
            minus = run()
            arr[idx] = orig + eps
            plus = run()
            arr[idx] = orig
            for i, (p, m) in enumerate(zip(plus, minus)):
                cols[i].append((p - m) / (2 * eps))
        for i, size in enumerate(sizes):
            jac[i].append(np.stack(cols[i]) if cols[i] else np.zeros((0, size)))
    return jac


def _analytical(output: Tensor, wrt: list, check_grad_dtypes: bool) -> list[np.ndarray]:
    """d output / d ``wrt[j]`` from autograd, one backward per output element; shape (in, out)."""
    from . import grad

    jac = [np.zeros((t._data.size, output._data.size)) for t in wrt]
    for k in range(output._data.size):
        g = np.zeros(output._data.shape, dtype=output.dtype.np)
        g.reshape(-1)[k] = 1
        grads = grad(output, wrt, Tensor._make(g), retain_graph=True, allow_unused=True)
        for j, (gi, t) in enumerate(zip(grads, wrt)):
            if gi is None:
                continue
            if gi._data.shape != t._data.shape:
                raise GradcheckError("Analytical gradient has incorrect size")
            if check_grad_dtypes and gi.dtype is not t.dtype:
                raise GradcheckError("Gradient has dtype mismatch")
            jac[j][:, k] = gi._data.reshape(-1)
    return jac


def _mismatch(analytical: np.ndarray, numerical: np.ndarray, i: int, j: int, a_dtype, n_dtype) -> str:
    """torch's message; the blocks print in the dtypes torch computes them in (input's, output's)."""
    from .. import tensor

    a, n = tensor(analytical, dtype=a_dtype), tensor(numerical, dtype=n_dtype)
    return f"Jacobian mismatch for output {i:d} with respect to input {j:d},\nnumerical:{n}\nanalytical:{a}\n"


def _check_mul_by_grad_output(outputs: list, wrt: list) -> None:
    """Zero grad_outputs must give zero gradients of the inputs' dtype and shape."""
    from .._creation import zeros_like
    from . import grad

    grads = grad(outputs, wrt, [zeros_like(o) for o in outputs], allow_unused=True)
    for gi, t in zip(grads, wrt):
        if gi is None:
            continue
        if (gi._data != 0).any():
            raise GradcheckError("backward not multiplied by grad_output")
        if gi.dtype is not t.dtype:
            raise GradcheckError("grad is incorrect type")
        if gi._data.shape != t._data.shape:
            raise GradcheckError("grad is incorrect size")


def _gradcheck(func, inputs, eps, atol, rtol, check_grad_dtypes) -> bool:
    inputs = _as_tuple(inputs)
    wrt = _check_inputs(inputs)
    out = _as_tuple(func(*inputs))
    positions = _differentiable(out)
    if not positions:  # nothing to backpropagate: the function must then be constant
        all_out = [k for k, o in enumerate(out) if isinstance(o, Tensor) and o.dtype.is_floating_point]
        for per_input in _numerical(func, inputs, wrt, all_out, eps):
            for jac in per_input:
                if (jac != 0).any():
                    raise GradcheckError("Numerical gradient for function expected to be zero")
        return True
    outputs = [out[k] for k in positions]
    numerical = _numerical(func, inputs, wrt, positions, eps)
    for i, o in enumerate(outputs):
        analytical = _analytical(o, wrt, check_grad_dtypes)
        for j, (a, n) in enumerate(zip(analytical, numerical[i])):
            if not np.allclose(a, n.reshape(a.shape), rtol=rtol, atol=atol):
                raise GradcheckError(_mismatch(a, n.reshape(a.shape), i, j, wrt[j].dtype, o.dtype))
    _check_mul_by_grad_output(outputs, wrt)
    return True


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False,
              check_batched_forward_grad: bool = False, check_forward_ad: bool = False, check_backward_ad: bool = True,
              fast_mode: bool = False, masked: bool | None = None) -> bool:
    """Check that autograd's gradients of ``func`` at ``inputs`` match finite differences.

    ``func`` returns a Tensor or a tuple (non-tensor items are skipped); inputs may mix tensors and other
    values. Returns True, or raises ``GradcheckError`` (returns False when ``raise_exception=False``).
    ``fast_mode``, batched and forward-AD checks are accepted and ignored (the full check always runs).
    """
    if not (check_forward_ad or check_backward_ad):
        raise AssertionError("Expected at least one of check_forward_ad or check_backward_ad to be True")
    if check_forward_ad:
        raise NotImplementedError("torchless: gradcheck(check_forward_ad=True) is not supported (no forward-mode AD)")
    try:
        return _gradcheck(func, inputs, eps, atol, rtol, check_grad_dtypes)
    except GradcheckError:
        if raise_exception:
            raise
        return False


def gradgradcheck(func, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True, nondet_tol: float = 0.0,
                  check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
                  check_batched_grad: bool = False, check_fwd_over_rev: bool = False,
                  check_rev_over_rev: bool = True, fast_mode: bool = False, masked: bool = False) -> bool:
    """Check second derivatives: gradcheck of ``(inputs, grad_outputs) -> d<func(inputs), grad_outputs>/d inputs``.

    Without ``grad_outputs``, random ones (uniform in [-1, 1), requiring grad) are used.
    """
    from . import grad

    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outs = _as_tuple(func(*inputs))
        rng = np.random.default_rng(0)
        grad_outputs = tuple(
            Tensor._make(rng.uniform(-1, 1, outs[k]._data.shape).astype(
                outs[k].dtype.np if outs[k].dtype.is_floating_point else np.float64)).requires_grad_()
            for k in _differentiable(outs))
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    diff_inputs = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t._rg]

    def first_grads(*args):
        ins, gos = args[:len(args) - n_out], args[len(args) - n_out:]
        outs = _as_tuple(func(*ins))
        outputs = [outs[k] for k in _differentiable(outs)]
        grads = grad(outputs, [ins[i] for i in diff_inputs], list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_grads, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, check_grad_dtypes=check_grad_dtypes)
