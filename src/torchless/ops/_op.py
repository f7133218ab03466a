"""How an op runs: one table entry (``defop``) and one ``call`` path shared by every op.

An entry names torch's node class (``"MulBackward0"``), the forward (NumPy code on the inputs' arrays), and one
derivative per input, written with torchless ops so that ``create_graph=True`` works with no extra code::

    mul = defop("MulBackward0", lambda a, b: a * b,
                lambda g, a, b, r: g * b,      # d/da
                lambda g, a, b, r: g * a,      # d/db
                save=(0, 1))

A derivative gets the incoming gradient ``g``, the op's arguments (saved inputs; ``None`` for inputs the entry
does not save), the result ``r`` (``None`` unless ``result=True``), and the op's keyword arguments. It may
return a gradient of any shape that broadcasts to the input: the engine sums it back (see ``engine.py``).

``call`` does the rest for every op: the result dtype (``result_type``), the no-graph fast path, the node
with its saved tensors and their versions. ``inplace`` gives every op its ``op_`` form.
"""

from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.graph import CopySlices, Node, VariadicNode, accumulator, shorten

__all__ = ["Op", "defop", "inplace", "fast_ufunc", "call", "commit_inplace", "check_inplace", "adopt_inplace",
           "mark_multi_output", "PROMOTE", "FLOAT", "KEEP", "BOOL_OUT"]

_state = grad_mode._state
_make = Tensor._make

# torch's kernels give inf and nan silently; NumPy warns. Its floating-point RuntimeWarnings raised inside
# torchless's own code are ignored (the ops that skip np.errstate for speed: add, sub, mul); a user's own NumPy
# calls keep theirs.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"torchless(\.|$)")

# Dtype rules: how an op chooses the dtype its inputs are computed in.
PROMOTE = "promote"  # result_type of the inputs (add, mul, maximum, ...)
FLOAT = "float"      # as PROMOTE, but integers and bools compute in the default float dtype (div, exp, ...)
KEEP = "keep"        # no casting: the op keeps its input's dtype (shape ops, indexing)
BOOL_OUT = "bool"    # compute in result_type, return bool (comparisons)


class Op:
    """A table entry: the forward, the node class carrying the derivatives, and the dtype rule."""

    __slots__ = ("forward", "node", "dtype", "view", "aux", "differentiable", "__name__")

    def __init__(self, node_name, forward, derivs, save, result, dtype, view, aux, variadic, arrays=False,
                 save_if=None, edges=None):
        elementwise = arrays == "elementwise"
        self.forward = forward
        base = VariadicNode if variadic else Node
        self.node = type(node_name, (base,), {"__slots__": (), "_derivs": derivs, "_save": save,
                                              "_save_result": result, "_arrays": bool(arrays), "_save_if": save_if,
                                              "_elementwise": elementwise, "_edges": edges})
        self.dtype = dtype
        self.view = view
        self.aux = aux
        self.differentiable = any(d is not None for d in derivs)
        self.__name__ = node_name


def defop(node_name: str, forward, *derivs, save: tuple = (), result: bool = False, dtype: str = PROMOTE,
          view: bool = False, aux: bool = False, variadic: bool = False, arrays: bool = False,
          save_if: dict | None = None, edges: tuple | None = None):
    """Declare an op and return the function that runs it (``.op`` holds the entry; ``inplace(f)`` is ``f_``).

    ``view``: the result shares memory with input 0. ``aux``: the forward returns ``(out, aux)``, where ``aux``
    (e.g. argmax indices) is kept on the node (``node._aux``) for the derivatives. ``variadic``: any number of
    tensor inputs (cat, stack) and one derivative ``d(g, i, *inputs, **kw)`` for input ``i``. ``arrays``: the
    derivatives work on NumPy arrays as well as on tensors (arithmetic operators, ``.T``, ``@``, ``.reshape``),
    so a backward that records no graph runs them on the arrays directly (``Node.apply_arrays``);
    ``arrays="elementwise"``: besides, they broadcast a scalar incoming gradient (``g * b``). ``save_if``:
    ``{i: j}``, input ``i`` (in ``save``) is needed only by input ``j``'s derivative, so it is saved only when
    input ``j`` requires grad (``x * 2`` does not keep ``x``: changing ``x`` in place later is no error, as in
    torch). ``edges``: the inputs ``next_functions`` shows (torch's, where a Python-number argument of the op
    is no input of its node, e.g. ``x ** 2``); all by default."""
    op = Op(node_name, forward, derivs, save, result, dtype, view, aux, variadic, arrays, save_if, edges)

    def run(*args, **kw):
        return call(op, args, kw)

    run.op = op
    run.__name__ = run.__qualname__ = node_name
    return run


def inplace(fn):
    """The in-place form ``x.op_(*args)`` of any op function: same computation, written into ``x``.

    ``fn._fast_inplace`` (see ``fast_ufunc``), when set, is tried first: it does the op straight into ``x``'s
    memory where no graph is needed and that gives exactly the general path's result."""
    fast = getattr(fn, "_fast_inplace", None)

    def run_(self, *args, **kw):
        check_inplace(self)
        if fast is not None and not kw and fast(self, args):
            self._vc[0] += 1
            return self
        return commit_inplace(self, fn(self, *args, **kw))

    run_.__name__ = getattr(fn, "__name__", "op") + "_"
    return run_


_F32, _F64 = D.float32, D.float64


def fast_ufunc(ufunc, nargs: int = 1):
    """A shortcut for ``x.op_(y)`` (``nargs=1``) or ``x.op_()`` (``nargs=0``, ``ufunc(x) -> None`` writes x):
    when no graph is needed, x is writeable float32/float64 and ``y`` is a Python float or a tensor of x's
    dtype and shape, run ``ufunc`` into x's memory and return True; otherwise False (take the general path)."""

    def fast(self, args) -> bool:
        if len(args) != nargs:
            return False
        dt = self.dtype
        if dt is not _F32 and dt is not _F64:
            return False
        data = self._data
        if not data.flags.writeable:
            return False
        if nargs == 0:
            if _state[0] and self._rg:
                return False
            ufunc(data)
            return True
        other = args[0]
        if isinstance(other, Tensor):
            if other.dtype is not dt or other._data.shape != data.shape or (_state[0] and (self._rg or other._rg)):
                return False
            ufunc(data, other._data, out=data)
            return True
        if type(other) is not float or (_state[0] and self._rg):
            return False
        ufunc(data, other, out=data)
        return True

    return fast


_SCALAR_CATEGORY = {bool: D._BOOL, int: D._INT, float: D._FLOAT}


def _prepare(args) -> tuple:
    """Tensors stay, NumPy scalars become Python scalars, arrays become tensors (as torch takes them)."""
    out = []
    for a in args:
        if isinstance(a, np.generic):
            a = a.item()
        elif isinstance(a, np.ndarray):
            a = Tensor._make(a, False, None)
        out.append(a)
    return tuple(out)


def call(op: Op, args: tuple, kw: dict):
    """Run ``op`` on ``args``: forward on arrays, and a graph node when grad mode is on and an input needs it.

    The common case costs one pass over the arguments: tensors of one dtype, plus Python numbers that do not
    raise the category (``x * 2.0`` on floats). Anything else goes through ``result_type``.
    """
    arrays = []
    dt = None
    uniform = True
    needs_grad = False
    scalar_cat = 0  # the highest category of the Python numbers among the arguments
    for a in args:
        if isinstance(a, Tensor):
            if dt is None:
                dt = a.dtype
            elif a.dtype is not dt:
                uniform = False
            arrays.append(a._data)
            if a._rg:
                needs_grad = True
        else:
            cat = _SCALAR_CATEGORY.get(type(a))
            if cat is None:
                if a is not None and isinstance(a, (np.generic, np.ndarray)):
                    return call(op, _prepare(args), kw)
            else:
                if cat == D._INT and not -0x8000000000000000 <= a <= 0xFFFFFFFFFFFFFFFF:
                    raise OverflowError("int too big to convert" if a > 0 else "can't convert negative int to unsigned")
                if cat > scalar_cat:
                    scalar_cat = cat
            arrays.append(a)
    rule = op.dtype
    if rule is not KEEP:
        if not uniform or dt is None or scalar_cat > dt.category:
            dt = D.result_type(*[a for a in args if a is not None])
            for i, a in enumerate(args):
                if isinstance(a, Tensor) and a.dtype is not dt:
                    arrays[i] = arrays[i].astype(dt.np)
        if rule is FLOAT and dt.category != D._FLOAT:
            dt = D.get_default_dtype()
            arrays = [a.astype(dt.np) if isinstance(a, np.ndarray) else a for a in arrays]
    out = op.forward(*arrays, **kw)
    aux = None
    if op.aux:
        out, aux = out
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if rule is not BOOL_OUT and rule is not KEEP and out.dtype != dt.np and out.dtype.kind == dt.np.kind:
        out = out.astype(dt.np)
    if needs_grad and _state[0] and op.differentiable and out.dtype.kind == "f":
        node = _record(op, args, kw, out, aux)
        res = _make(out, True, node)
    else:
        node = None
        res = _make(out, False, None)
    if op.view:
        base = args[0]
        res._vc = base._vc
        root = base._base
        res._base = base if root is None else root
        if not _state[0]:
            res._vmeta = _NO_GRAD_VIEW
        elif root is not None:  # a view of a view keeps how the first was made (torch's propagate_creation_meta)
            meta = getattr(base, "_vmeta", None)
            if meta is not None:
                res._vmeta = (meta[0], 0, op.__name__)
        if node is not None:
            node._vver = res._vc[0]  # the version this view's history is valid for (see fresh_grad_fn)
    if node is not None and op.node._save_result:
        # the saved output is res's memory: an in-place change of res must fail the backward, as in torch
        node._result_version = (res._vc, res._vc[0])
    return (res, aux) if op.aux else res


def _record(op: Op, args, kw, out, aux) -> Node:
    cls = op.node
    node = cls.__new__(cls)
    nxt, meta = [], []
    for a in args:
        if isinstance(a, Tensor) and a._rg:
            fn = a.grad_fn
            if fn is None:
                fn = accumulator(a)
            elif a._base is not None:
                fn = fresh_grad_fn(a)
            nxt.append(fn)
            meta.append((a._data.shape, a.dtype))
        else:
            nxt.append(None)
            meta.append(None)
    save = cls._save
    if save:
        n = len(args)
        saved = [None] * n
        versions = []
        save_if = cls._save_if
        for i in save:
            if i >= n or save_if is not None and i in save_if and nxt[save_if[i]] is None:
                continue  # not passed, or needed only by the derivative of an input that does not require grad
            a = saved[i] = args[i]
            if isinstance(a, Tensor):
                versions.append((i, a._vc[0]))
        node._saved = tuple(saved)
        node._versions = tuple(versions)
    else:
        node._saved = _NONES[len(args)] if len(args) < 8 else (None,) * len(args)
        node._versions = ()
    node._next = tuple(nxt)
    node._meta = tuple(meta)
    node._result = out if cls._save_result else None
    node._kw = kw
    node._aux = aux
    node._pre_hooks = node._hooks = None
    node.metadata = None
    return node


_NONES = [(None,) * n for n in range(8)]


def commit_inplace(self: Tensor, res: Tensor) -> Tensor:
    """Write an op's result into ``self``'s memory (so views see it), bump its version, and make the op's node
    its new ``grad_fn`` (``adopt_inplace``)."""
    if res.dtype is not self.dtype and not D.can_cast(res.dtype, self.dtype):
        raise RuntimeError(
            f"result type {res.dtype._torch_name} can't be cast to the desired output type {self.dtype._torch_name}")
    if res._data.shape != self._data.shape:
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                           f"{list(res._data.shape)}")
    node = res.grad_fn
    if node is not None and node._saved and node._saved[0] is self:
        # The derivative needs the old value of self: keep a copy before overwriting it (other saved
        # aliases of self stay version-checked, so ``t.mul_(t)`` fails at backward as in torch).
        old = _make(self._data.copy(), self._rg, self.grad_fn)
        node._saved = (old, *node._saved[1:])
        node._versions = tuple((i, 0 if i == 0 else v) for i, v in node._versions)
    if node is not None and self._base is not None:
        meta = getattr(self, "_vmeta", None)
        if meta is not None:  # e.g. a view made in no_grad mode, modified with a value that requires grad
            raise RuntimeError(_view_error(self, meta))
    try:
        self._data[...] = res._data
    except ValueError:
        if 0 in self._data.strides and self._data.size > 1:  # an expanded tensor
            raise RuntimeError(_OVERLAP_MSG) from None
        raise
    self._vc[0] += 1
    if node is not None:
        if node._save_result:
            # the saved output is now self's memory: a later in-place change of self fails the backward, as in torch
            node._result_version = (self._vc, self._vc[0])
        adopt_inplace(self, node)
    return self


_OVERLAP_MSG = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                "location. Please clone() the tensor before performing the operation.")


def adopt_inplace(self: Tensor, node: Node) -> None:
    """Make ``node`` (an in-place op's, already written into ``self``) the history of ``self``.

    On a view, as torch's ``rebase_history``: the base gets a ``CopySlices`` node (its old history for the
    rest of it, ``node`` for the view's part) and the view becomes the base's part again (``AsStridedBackward0``).
    """
    base = self._base
    if base is None:
        self.grad_fn = node
        self._rg = True
        return
    kw = {"idx": _region(base._data, self._data), "like": base._data.shape}
    cs = CopySlices.__new__(CopySlices)
    old = (base.grad_fn or accumulator(base)) if base._rg else None
    cs._next = (old, *node._next[1:])
    cs._meta = ((base._data.shape, base.dtype) if base._rg else None, *node._meta[1:])
    cs._saved = cs._versions = ()
    cs._result = cs._aux = cs._pre_hooks = cs._hooks = cs.metadata = None
    cs._kw = kw
    cs._fn = node
    base.grad_fn = cs
    base._rg = True
    _as_base_part(self, kw)
    self._rg = True


def _as_base_part(view: Tensor, kw: dict):
    """Make ``view``'s history its base's part (``AsStridedBackward0``), valid for the current version."""
    fn = view.grad_fn = _record(_as_strided.op, (view._base,), kw, None, None)
    fn._vver = view._vc[0]
    return fn


def fresh_grad_fn(view: Tensor):
    """A view's ``grad_fn``, rebuilt as the base's part (``AsStridedBackward0``) when the memory they share was
    changed in place since it was made (through the base or another view): torch's lazy ``grad_fn`` refresh.
    Without it the view's gradient would flow into the base's history from before the change."""
    fn = view.grad_fn
    ver = getattr(fn, "_vver", None)
    base = view._base
    if ver is None or ver == view._vc[0] or not base._rg:
        return fn
    return _as_base_part(view, {"idx": _region(base._data, view._data), "like": base._data.shape})


def _region(base: np.ndarray, view: np.ndarray) -> np.ndarray:
    """Where ``view``'s elements are in ``base`` (which shares its memory): their flat indices into ``base``
    (C order), in ``view``'s shape. Like torch's ``as_strided`` replay, this serves every kind of view."""
    isz = base.itemsize
    lo, hi = _byte_bounds(base)
    vlo, vhi = _byte_bounds(view)
    if view.itemsize != isz or (view.size and (vlo < lo or vhi > hi)) or any(s % isz for s in view.strides):
        raise NotImplementedError("torchless: in-place operations on this view of a tensor that requires grad are "
                                  "not supported")
    mem = np.full(max(hi - lo, 0) // isz, -1, dtype=np.intp)

    def laid_out(arr):  # ``mem`` seen with arr's offset and strides
        off = (arr.__array_interface__["data"][0] - lo) // isz
        return np.lib.stride_tricks.as_strided(mem[off:], arr.shape, tuple(s // isz * mem.itemsize for s in
                                                                           arr.strides))

    if base.size:
        laid_out(base)[...] = np.arange(base.size).reshape(base.shape)
    return laid_out(view).copy() if view.size else np.zeros(view.shape, dtype=np.intp)


def _byte_bounds(a: np.ndarray) -> tuple:
    from numpy.lib.array_utils import byte_bounds

    return byte_bounds(a)


# The view's part of its base (the view's grad_fn after an in-place change, as torch's as_strided replay), the
# adjoint putting a gradient back into zeros of the base's shape, and the base's gradient with the view's part
# replaced (``CopySlices``'s own derivative, seen under create_graph).
def _take_fwd(a, idx, like):
    return a.reshape(-1)[idx]


def _put_fwd(g, idx, like):
    out = np.zeros(int(np.prod(like)), dtype=g.dtype)
    out[idx] = g
    return out.reshape(like)


def _replace_fwd(g, r, idx):
    out = np.array(g, copy=True).reshape(-1)
    out[idx] = r
    return out.reshape(g.shape)


_as_strided = defop("AsStridedBackward0", _take_fwd, lambda g, a, r, idx, like: _as_strided_bw(g, idx=idx, like=like),
                    dtype=KEEP)
_as_strided_bw = defop("AsStridedScatterBackward0", _put_fwd,
                       lambda gg, g, r, idx, like: _as_strided(gg, idx=idx, like=like), dtype=KEEP)
_replace = defop("CopySlices", _replace_fwd,
                 lambda gg, g, r, res, idx: _replace(gg, 0.0, idx=idx),
                 lambda gg, g, r, res, idx: _as_strided(gg, idx=idx, like=gg._data.shape), dtype=KEEP)


def copy_slices_grads(node: CopySlices, grad: Tensor) -> list:
    """``CopySlices``'s backward (torch's ``CopySlices::apply``): the in-place op's node gets the view's part of
    ``grad``; the base's old history gets ``grad`` with that part replaced by the node's gradient for the view."""
    kw = node._kw
    idx = kw["idx"]
    fn = node._fn
    part = _as_strided(grad, **kw)
    res = fn.apply(part) if fn._hooks is None else fn._apply_hooked(part)
    out = [None, *res[1:]]
    if node._next[0] is not None:
        r = res[0]
        if r is None:
            r = 0.0
        else:
            if r._data.shape != idx.shape:
                from .shape import sum_to

                r = sum_to(r, idx.shape)
            if r.dtype is not grad.dtype:
                r = r.to(grad.dtype)
        out[0] = _replace(grad, r, idx=idx)
    return out


_NO_GRAD_VIEW = ("no_grad", 0, None)
_NO_GRAD_TAIL = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code "
                 "by moving both the view and the inplace either both inside the no_grad block (if you don't want the "
                 "inplace to be tracked) or both outside (if you want the inplace to be tracked).")
_MULTI_TAIL = (" This view is the output of a function that returns multiple views. Such functions do not allow the "
               "output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")


def mark_multi_output(views) -> tuple:
    """Mark the views one call returned (split, chunk, unbind): torch forbids modifying them in place when autograd
    records (a view made in no_grad mode is already marked so)."""
    if _state[0]:
        for i, v in enumerate(views):
            if v._base is not None:
                v._vmeta = ("multi", i, None)
    return views


def _view_error(view: Tensor, meta: tuple) -> str:
    """torch's ``handle_view_on_rebase`` message for a view that autograd cannot rebase."""
    kind, nr, name = meta
    fn = view.grad_fn
    if name is None and fn is not None:
        name = fn.name()
    tail = _MULTI_TAIL if kind == "multi" else _NO_GRAD_TAIL
    if name is None:
        return f"A view was created in no_grad mode and is being modified inplace with grad mode enabled.{tail}"
    if kind == "multi":
        return f"Output {nr} of {shorten(name)} is a view and is being modified inplace.{tail}"
    return (f"Output {nr} of {shorten(name)} is a view of a view which was created in no_grad mode and is being "
            f"modified inplace with grad mode enabled.{tail}")


def check_inplace(self: Tensor) -> None:
    """The errors torch raises before an in-place op that autograd could not undo."""
    if not _state[0]:
        return
    if self._rg and self.grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    base = self._base
    if base is not None and base._rg:
        meta = getattr(self, "_vmeta", None)
        if meta is not None:
            raise RuntimeError(_view_error(self, meta))
        if base.grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
