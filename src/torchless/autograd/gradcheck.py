"""gradcheck / gradgradcheck: compare autograd's gradients with central finite differences (use float64).

For each differentiable output ``i`` and each input ``j`` that requires grad, the Jacobian block is computed
twice: numerically (perturb one input element by ``±eps`` at a time) and analytically (one backward pass per
output element, run twice to check that backward is deterministic within ``nondet_tol``). Blocks are laid out as
torch's, ``(input numel, output numel)``, and compared with ``allclose(analytical, numerical, rtol, atol)``; a
mismatch raises ``GradcheckError`` with torch's message. ``fast_mode`` compares ``v^T J u`` for random unit
vectors ``u``, ``v`` (drawn as torch does, from a fresh ``Generator``) instead of whole Jacobians.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]

FAILED_NONDET_MSG = """\n
NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `nondet_tol=<tol>` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_nondet_tol=<tol>`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_nondet_tol=<tol>`
"""

FAST_FAIL_SLOW_OK_MSG = """
Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `fast_mode=False` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_fast_mode=False`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_fast_mode=False`
""".strip()


class GradcheckError(RuntimeError):
    """Error raised by :func:`gradcheck` and :func:`gradgradcheck`."""


def _as_tuple(x) -> tuple:
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable(out) -> list[int]:
    """Positions of the outputs that require grad (every output must be a tensor, as in torch)."""
    positions = []
    for k, o in enumerate(_as_tuple(out)):
        if not isinstance(o, Tensor):
            raise AttributeError(f"'{type(o).__name__}' object has no attribute 'requires_grad'")
        if o._rg:
            positions.append(k)
    return positions


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


def _outputs(func, inputs: tuple, positions: list) -> list[np.ndarray]:
    """The flattened values of ``func``'s outputs at ``positions`` (in their own dtypes)."""
    outs = _as_tuple(func(*inputs))
    return [outs[k]._data.reshape(-1).copy() for k in positions]


def _perturbed(func, inputs: tuple, arr: np.ndarray, idx, delta, eps: float, positions: list) -> list[np.ndarray]:
    """``(f(x + delta) - f(x - delta)) / (2 eps)`` per output, ``arr[idx]`` perturbed in place (the function sees
    it; torch also bypasses the version counter) and computed in the outputs' dtypes, as torch does."""
    orig = arr[idx].copy()
    arr[idx] = orig - delta
    minus = _outputs(func, inputs, positions)
    arr[idx] = orig + delta
    plus = _outputs(func, inputs, positions)
    arr[idx] = orig
    return [(p - m) / (2 * eps) for p, m in zip(plus, minus)]


def _numerical(func, inputs: tuple, wrt: list, positions: list, eps: float) -> list[list[np.ndarray]]:
    """``jac[i][j]``: d output ``positions[i]`` / d ``wrt[j]`` by central differences, shape (in, out)."""
    sizes = [o.size for o in _outputs(func, inputs, positions)]
    jac = [[] for _ in positions]
    for t in wrt:
        cols = [[] for _ in positions]
        for idx in np.ndindex(t._data.shape):
            for i, d in enumerate(_perturbed(func, inputs, t._data, idx, eps, eps, positions)):
                cols[i].append(d)
        for i, size in enumerate(sizes):
            jac[i].append(np.stack(cols[i]) if cols[i] else np.zeros((0, size)))
    return jac


def _vjps(output: Tensor, wrt: list, grad_output: np.ndarray, check_grad_dtypes: bool) -> list[np.ndarray | None]:
    from . import grad

    grads = grad(output, wrt, Tensor._make(grad_output), retain_graph=True, allow_unused=True)
    for gi, t in zip(grads, wrt):
        if gi is not None and gi._data.shape != t._data.shape:
            raise GradcheckError("Analytical gradient has incorrect size")
        if gi is not None and check_grad_dtypes and gi.dtype is not t.dtype:
            raise GradcheckError("Gradient has dtype mismatch")
    return [None if gi is None else gi._data.reshape(-1) for gi in grads]


def _analytical(output: Tensor, wrt: list, nondet_tol: float, check_grad_dtypes: bool,
                v: np.ndarray | None = None) -> list[np.ndarray]:
    """d output / d ``wrt[j]`` from autograd, shape (in, out): one backward per output element (or one with
    ``v``, giving ``v^T J`` as an (in, 1) block). Computed twice: a difference over ``nondet_tol`` is an error."""
    def once() -> list[np.ndarray]:
        n_out = 1 if v is not None else output._data.size
        jac = [np.zeros((t._data.size, n_out), dtype=t.dtype.np) for t in wrt]
        for k in range(n_out):
            if v is None:
                g = np.zeros(output._data.shape, dtype=output.dtype.np)
                g.reshape(-1)[k] = 1
            else:
                g = v.reshape(output._data.shape)
            for j, gi in enumerate(_vjps(output, wrt, g, check_grad_dtypes)):
                if gi is not None:
                    jac[j][:, k] = gi
        return jac

    first, second = once(), once()
    for a, b in zip(first, second):
        if a.size and np.abs(a - b).max() > nondet_tol:
            raise GradcheckError("Backward is not reentrant, i.e., running backward with same input and grad_output "
                                 "multiple times gives different values, although analytical gradient matches "
                                 f"numerical gradient.The tolerance for nondeterminism was {nondet_tol}."
                                 + FAILED_NONDET_MSG)
    return first


def _mismatch(analytical: Tensor, numerical: Tensor, i: int, j: int) -> str:
    return (f"Jacobian mismatch for output {i:d} with respect to input {j:d},\nnumerical:{numerical}\n"
            f"analytical:{analytical}\n")


def _block(arr: np.ndarray, dtype) -> Tensor:
    from .. import tensor

    return tensor(arr, dtype=dtype)


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


def _slow(func, inputs, wrt, out, positions, eps, atol, rtol, nondet_tol, check_grad_dtypes) -> None:
    numerical = _numerical(func, inputs, wrt, positions, eps)
    for i, k in enumerate(positions):
        analytical = _analytical(out[k], wrt, nondet_tol, check_grad_dtypes)
        for j, (a, n) in enumerate(zip(analytical, numerical[i])):
            a_t, n_t = _block(a, wrt[j].dtype), _block(n.reshape(a.shape), out[k].dtype)
            if not np.allclose(a.astype(np.float64), n.reshape(a.shape), rtol=rtol, atol=atol):
                raise GradcheckError(_mismatch(a_t, n_t, i, j))


def _unit_vector(numel: int, dtype, generator) -> np.ndarray:
    from .. import rand

    vec = rand(numel, generator=generator).to(dtype)
    return (vec / vec.norm())._data


def _fast(func, inputs, wrt, out, positions, eps, atol, rtol, nondet_tol, check_grad_dtypes) -> None:
    """torch's fast mode: compare the scalars ``v^T J u`` (numerical: a directional difference along ``u``)."""
    from .. import Generator

    gen = Generator()
    all_u = [_unit_vector(t._data.size, t.dtype, gen) for t in wrt]
    all_v = [_unit_vector(out[k]._data.size, out[k].dtype, gen) for k in positions]
    floats = [k for k, o in enumerate(out) if o.dtype.is_floating_point]
    if not positions:
        for t, u in zip(wrt, all_u):
            for jvp in _perturbed(func, inputs, t._data, ..., u.reshape(t._data.shape) * eps, eps, range(len(out))):
                if jvp.size and np.abs(jvp).max() > nondet_tol:
                    raise GradcheckError("Numerical gradient for function expected to be zero")
        return
    numerical = [[(v * ju).sum() for v, ju in zip(all_v, [d for k, d in enumerate(
        _perturbed(func, inputs, t._data, ..., u.reshape(t._data.shape) * eps, eps, range(len(out)))) if k in floats])]
        for t, u in zip(wrt, all_u)]
    analytical = [[vj.reshape(-1).dot(u) for vj, u in zip(_analytical(out[k], wrt, nondet_tol, check_grad_dtypes, v),
                                                            all_u)] for k, v in zip(positions, all_v)]
    for j, per_output in enumerate(numerical):
        for i, n in enumerate(per_output):
            a = analytical[i][j]
            if not np.allclose(a, n, rtol=rtol, atol=atol * float(all_u[j].sum()) * float(all_v[i].sum())):
                raise GradcheckError(_mismatch(_block(a, wrt[j].dtype), _block(n, out[positions[i]].dtype), i, j)
                                     + _slow_mode_report(func, inputs, wrt, out[positions[i]], i, j, eps, atol, rtol))


def _slow_mode_report(func, inputs, wrt, output, i, j, eps, atol, rtol) -> str:
    """The slow-mode Jacobians that torch appends to a fast-mode failure (its numerical one, like torch's, is of
    ``func``'s ``i``-th output, the ``i``-th differentiable one only when no output before it is constant)."""
    n = _numerical(func, inputs, [wrt[j]], [i], eps)[0][0]
    a = _analytical(output, wrt, float("inf"), False)[j]
    n = n.reshape(a.shape)
    diff = float(np.abs(n - a).max()) if n.size else 0.0
    msg = ("\nThe above quantities relating the numerical and analytical jacobians are computed \n"
           "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n"
           "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n"
           f"Numerical:\n {_block(n, output.dtype)}\nAnalytical:\n{_block(a, wrt[j].dtype)}\n\n"
           f"The max per-element difference (slow mode) is: {diff}.\n")
    if np.allclose(a, n, rtol=rtol, atol=atol):
        msg += FAST_FAIL_SLOW_OK_MSG
    return msg


def _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_grad_dtypes, fast_mode) -> bool:
    inputs = _as_tuple(inputs)
    wrt = _check_inputs(inputs)
    out = _as_tuple(func(*inputs))
    positions = _differentiable(out)
    if fast_mode:
        _fast(func, inputs, wrt, out, positions, eps, atol, rtol, nondet_tol, check_grad_dtypes)
    elif not positions:  # nothing to backpropagate: the function must then be constant
        floats = [k for k, o in enumerate(out) if o.dtype.is_floating_point]
        for per_input in _numerical(func, inputs, wrt, floats, eps):
            for jac in per_input:
                if (jac != 0).any():
                    raise GradcheckError("Numerical gradient for function expected to be zero")
    else:
        _slow(func, inputs, wrt, out, positions, eps, atol, rtol, nondet_tol, check_grad_dtypes)
    if positions:
        _check_mul_by_grad_output([out[k] for k in positions], wrt)
    return True


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False,
              check_batched_forward_grad: bool = False, check_forward_ad: bool = False, check_backward_ad: bool = True,
              fast_mode: bool = False, masked: bool | None = None) -> bool:
    """Check that autograd's gradients of ``func`` at ``inputs`` match finite differences.

    ``func`` returns a Tensor or a tuple of Tensors; inputs may mix tensors and other values. Returns True, or
    raises ``GradcheckError`` (returns False when ``raise_exception=False``). Batched and undefined-grad checks
    are accepted and skipped.
    """
    if not (check_forward_ad or check_backward_ad):
        raise AssertionError("Expected at least one of check_forward_ad or check_backward_ad to be True")
    if check_forward_ad:
        raise NotImplementedError("torchless: gradcheck(check_forward_ad=True) is not supported (no forward-mode AD)")
    try:
        return _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_grad_dtypes, fast_mode)
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

    Without ``grad_outputs``, random ones requiring grad are drawn from the global generator, uniform in
    [-1, 1), as torch's ``make_tensor`` does.
    """
    from .._creation import empty
    from . import grad

    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outs = _as_tuple(func(*inputs))
        grad_outputs = tuple(empty(outs[k].shape, dtype=outs[k].dtype).uniform_(-1, 1).requires_grad_()
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
                     raise_exception=raise_exception, nondet_tol=nondet_tol, check_grad_dtypes=check_grad_dtypes,
                     fast_mode=fast_mode)
