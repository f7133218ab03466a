"""gradcheck / gradgradcheck: compare autograd's gradients with central finite differences (use float64)."""

from __future__ import annotations

import numpy as np

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when analytical and numerical gradients differ (torch's class name)."""


def _tensors(x) -> tuple:
    from .._tensor import Tensor

    if isinstance(x, Tensor):
        return (x,)
    return tuple(t for t in x if isinstance(t, Tensor))


def _flat_outputs(out) -> list:
    from .._tensor import Tensor

    outs = [out] if isinstance(out, Tensor) else [o for o in out if isinstance(o, Tensor)]
    return [o for o in outs if o.dtype.is_floating_point]


def _numerical(fn, inputs, wrt, outputs_shape_sizes, eps) -> list:
    """Jacobian blocks d out_k / d in_i by central differences: one list per input of (out_numel, in_numel)."""
    jac = []
    for t in wrt:
        flat = t._data.reshape(-1)  # a view: perturb in place
        cols = []
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            plus = [o._data.astype(np.float64).reshape(-1).copy() for o in _flat_outputs(fn(*inputs))]
            flat[j] = orig - eps
            minus = [o._data.astype(np.float64).reshape(-1).copy() for o in _flat_outputs(fn(*inputs))]
            flat[j] = orig
            cols.append(np.concatenate([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
                        if plus else np.zeros(0))
        jac.append(np.stack(cols, axis=1) if cols else np.zeros((sum(outputs_shape_sizes), 0)))
    return jac


def _analytical(outputs, wrt) -> list:
    """Jacobian blocks from autograd: one backward per output element."""
    from .._creation import zeros_like
    from . import grad as autograd_grad

    total = sum(o._data.size for o in outputs)
    jac = [np.zeros((total, t._data.size)) for t in wrt]
    row = 0
    for o in outputs:
        for k in range(o._data.size):
            if not o._rg:
                row += 1
                continue
            g = zeros_like(o)
            g._data.reshape(-1)[k] = 1
            grads = autograd_grad([o], list(wrt), [g], retain_graph=True, allow_unused=True)
            for i, gi in enumerate(grads):
                if gi is not None:
                    jac[i][row] = gi._data.reshape(-1)
            row += 1
    return jac


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False, fast_mode: bool = False,
              masked=None, **_ignored) -> bool:
    """Check that autograd's gradients of ``func`` at ``inputs`` match finite differences.

    Inputs that require grad should be float64, as in torch; returns True or raises ``GradcheckError``.
    """
    inputs = (inputs,) if not isinstance(inputs, (tuple, list)) else tuple(inputs)
    wrt = [t for t in _tensors(inputs) if t._rg]
    for k, t in enumerate(wrt):
        if t.dtype.name != "float64":
            import warnings

            warnings.warn(f"Input #{k} requires gradient and is not a double precision floating "
                          "point. This check will likely fail if all the inputs are not of double precision "
                          "floating point. ", UserWarning, stacklevel=2)
    outputs = _flat_outputs(func(*inputs))
    if not outputs:
        raise ValueError("gradcheck expects at least one output tensor")
    if not any(o._rg for o in outputs):
        raise RuntimeError("gradcheck expects at least one output to require grad (none of the outputs does)")
    ana = _analytical(outputs, wrt)
    num = _numerical(func, inputs, wrt, [o._data.size for o in outputs], eps)
    for i, (a, n) in enumerate(zip(ana, num)):
        if not np.allclose(a, n, rtol=rtol, atol=atol):
            if not raise_exception:
                return False
            raise GradcheckError(f"Jacobian mismatch for output 0 with respect to input {i},\n"
                                 f"numerical:{n}\nanalytical:{a}\n")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True, **_ignored) -> bool:
    """Check second derivatives: gradcheck of the function ``(inputs, grad_outputs) -> d<out, g>/d inputs``."""
    from .._creation import tensor
    from . import grad as autograd_grad

    inputs = (inputs,) if not isinstance(inputs, (tuple, list)) else tuple(inputs)
    outputs = _flat_outputs(func(*inputs))
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [tensor(rng.standard_normal(o._data.shape), dtype=o.dtype, requires_grad=True)
                        for o in outputs]
    grad_outputs = list(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else [grad_outputs]
    n_in = len(inputs)
    wrt_idx = [i for i, t in enumerate(inputs) if hasattr(t, "_rg") and t._rg]

    def first_grads(*args):
        ins, gos = args[:n_in], args[n_in:]
        outs = _flat_outputs(func(*ins))
        return autograd_grad(outs, [ins[i] for i in wrt_idx], list(gos), create_graph=True, allow_unused=True,
                             materialize_grads=True)

    return gradcheck(first_grads, tuple(inputs) + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
