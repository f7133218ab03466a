"""Tensor: a NumPy array with autograd metadata (requires_grad, grad, grad_fn, version counter).

The ops themselves live in ``torchless.ops``; ``torchless.ops._methods`` binds them as methods and operators.
"""

from __future__ import annotations

import warnings
import weakref

import numpy as np

from . import _dtype as D
from ._device import cpu, device

__all__ = ["Tensor", "Size"]

_BY_NP = D._BY_NP
_new = object.__new__


class Size(tuple):
    """torch.Size: a tuple of ints that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


def _dtype_of(arr: np.ndarray) -> D.dtype:
    d = _BY_NP.get(arr.dtype)
    return d if d is not None else D.from_numpy_dtype(arr.dtype)


class Tensor:
    """A multi-dimensional array that can record the operations applied to it for automatic differentiation."""

    __slots__ = ("_data", "_rg", "_grad", "grad_fn", "_version", "_base", "_acc", "_hooks", "_retains", "dtype",
                 "__weakref__")
    __array_priority__ = 1000  # NumPy defers `ndarray * tensor` to Tensor.__rmul__, as with torch
    is_sparse = False
    is_quantized = False
    is_meta = False
    is_cuda = False
    is_mps = False
    layout = "torch.strided"

    # -- construction ------------------------------------------------------------------------------
    def __init__(self, *args, dtype=None, device=None):
        """Legacy constructor: ``Tensor([1, 2])`` (float32 data), ``Tensor(2, 3)`` (uninitialised shape)."""
        dt = D.get_default_dtype() if dtype is None else D.to_dtype(dtype)
        if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
            src = args[0]
            arr = np.array(src._data if isinstance(src, Tensor) else src, dtype=dt.np)
        else:
            for a in args:
                if not isinstance(a, (int, np.integer)):
                    raise TypeError(f"new(): argument 'size' must be tuple of ints, but found element of type "
                                    f"{type(a).__name__} at pos {args.index(a)}")
            arr = np.zeros(tuple(int(a) for a in args), dtype=dt.np)
        _init(self, arr, False, None)

    @staticmethod
    def _make(arr: np.ndarray, requires_grad: bool = False, grad_fn=None) -> Tensor:
        """The fast internal constructor: wrap ``arr`` (no copy)."""
        t = _new(Tensor)
        t._data = arr
        t._rg = requires_grad
        t.grad_fn = grad_fn
        t._grad = None
        t._version = [0]
        t._base = None
        t._acc = None
        t._hooks = None
        t._retains = False
        d = _BY_NP.get(arr.dtype)
        t.dtype = d if d is not None else D.from_numpy_dtype(arr.dtype)
        return t

    def _owned(self) -> Tensor:
        """A detached tensor whose array nobody else holds or views (safe to update in place)."""
        arr = self._data
        if arr.base is not None or not arr.flags.writeable or not arr.flags.c_contiguous:
            arr = np.array(arr, order="C")
        else:
            arr = arr.copy()
        return Tensor._make(arr)

    # -- metadata ----------------------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return self._data.nbytes

    def stride(self, dim: int | None = None):
        st = tuple(s // self._data.itemsize for s in self._data.strides)
        return st if dim is None else st[_wrap_dim(dim, self._data.ndim)]

    def is_contiguous(self, memory_format=None) -> bool:
        return bool(self._data.flags.c_contiguous)

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_complex(self) -> bool:
        return False

    def is_signed(self) -> bool:
        return self.dtype.is_signed

    @property
    def device(self) -> device:
        return cpu

    def get_device(self) -> int:
        return -1

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None or not self._rg

    @property
    def requires_grad(self) -> bool:
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set whether autograd records operations on this (leaf) tensor. Returns self."""
        requires_grad = bool(requires_grad)
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
                )
            return self
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._rg = requires_grad
        return self

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains:
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf "
                "Tensor by mistake, make sure you access the leaf Tensor instead. See "
                "github.com/pytorch/pytorch/pull/30531 for more informations.",
                UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value.dtype is not self.dtype:
                raise RuntimeError("assigned grad has data of a different type")
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def data(self) -> Tensor:
        """The same memory as a tensor that autograd does not track (no shared version counter)."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data
        self.dtype = value.dtype

    @property
    def _version_value(self) -> int:
        return self._version[0]

    @property
    def retains_grad(self) -> bool:
        return self._retains

    @property
    def output_nr(self) -> int:
        return 0

    @property
    def name(self):
        return None

    # -- conversions -------------------------------------------------------------------------------
    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The tensor's memory as a NumPy array (shared, not copied)."""
        if self._rg and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        arr = self._data
        if dtype is not None and arr.dtype != dtype:
            return arr.astype(dtype)
        return arr.copy() if copy else arr

    def __array_wrap__(self, arr, context=None, return_scalar=False):
        if return_scalar or arr.ndim == 0 and not isinstance(arr, np.ndarray):
            return arr
        if arr.dtype == np.float64 and self.dtype is not D.float64 and self.dtype.is_floating_point:
            arr = arr.astype(self.dtype.np)
        try:
            return Tensor._make(np.asarray(arr))
        except TypeError:
            return arr

    def item(self):
        """The single value as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(-1)[0].item()

    def tolist(self):
        return self._data.tolist()

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(-1)[0])

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(-1)[0])

    def _scalar(self, kind: str):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(-1)[0]

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec) if not spec else format(str(self), spec)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self, *, tensor_contents=None) -> str:
        from ._printing import format_tensor

        suffixes = []
        fn = self.grad_fn
        if fn is not None and self._rg:
            suffixes.append(f"grad_fn=<{type(fn).__name__}>")
        elif self._rg:
            suffixes.append("requires_grad=True")
        return format_tensor(self._data, self.dtype, suffixes)

    __str__ = __repr__

    def type(self, dtype=None, non_blocking: bool = False, **kwargs):
        """Without an argument, the legacy type name (``'torch.FloatTensor'``); with one, a converted tensor."""
        if dtype is None:
            return _LEGACY_NAMES[self.dtype]
        if isinstance(dtype, str):
            for d, name in _LEGACY_NAMES.items():
                if name == dtype:
                    return self.to(d)
            raise ValueError(f"invalid type: '{dtype}'")
        if isinstance(dtype, type) and hasattr(dtype, "_legacy_dtype"):
            return self.to(dtype._legacy_dtype)
        return self.to(D.to_dtype(dtype))

    def __reduce_ex__(self, protocol):
        return (_rebuild, (self._data.copy(), self._rg))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None and self._rg:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the "
                "moment.  If you were attempting to deepcopy a module, this may be because of a "
                "torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        new = type(self).__new__(type(self))
        _init(new, self._data.copy(), self._rg, None)
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = new
        return new

    # -- autograd ----------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph: bool = False, inputs=None) -> None:
        """Compute the gradient of this tensor with respect to the graph's leaves, adding it into their ``.grad``."""
        from .autograd import backward

        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> Tensor:
        """The same memory, cut from the graph (shares the version counter, as torch does)."""
        t = Tensor._make(self._data)
        t._version = self._version
        return t

    def detach_(self) -> Tensor:
        if self._base is not None and self._base._rg:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                               "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                               "called on these gradients. To fix this error, please refer to the "
                               "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._rg = False
        return self

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` during backward."""
        if not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains:
            return
        ref = weakref.ref(self)

        def retain(grad):
            t = ref()
            if t is not None:
                t._grad = grad._owned() if t._grad is None else t._grad + grad
            return None

        retain._retains_grad = True
        self.grad_fn._add_pre_hook(retain)
        self._retains = True

    def register_hook(self, hook):
        """``hook(grad)`` runs when this tensor's gradient is computed; it may return a replacement."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .autograd.graph import RemovableHandle

        if self.grad_fn is not None:
            fn = self.grad_fn
            if fn._pre_hooks is None:
                fn._pre_hooks = []
            hooks = fn._pre_hooks
        else:
            hooks = _leaf_hooks(self).pre
        # tensor hooks run before the retain_grad hook, as in torch
        pos = next((i for i, h in enumerate(hooks) if getattr(h, "_retains_grad", False)), len(hooks))
        hooks.insert(pos, hook)
        return RemovableHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """``hook(tensor)`` runs after a leaf's ``.grad`` has been accumulated."""
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        from .autograd.graph import RemovableHandle

        post = _leaf_hooks(self).post
        post.append(hook)
        return RemovableHandle(post, hook)

    # -- dtype / device ----------------------------------------------------------------------------
    def to(self, *args, **kwargs) -> Tensor:
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``: a converted tensor, or self."""
        dt = kwargs.get("dtype")
        copy = kwargs.get("copy", False)
        dev = kwargs.get("device")
        for a in args:
            if isinstance(a, Tensor):
                dt = a.dtype
            elif isinstance(a, D.dtype) or (isinstance(a, type) and a in (float, int, bool)):
                dt = D.to_dtype(a)
            elif a is not None:
                dev = a
        if dev is not None:
            device(dev)._check_available()
        if dt is None or dt is self.dtype:
            return self.clone() if copy else self
        from .ops.elementwise import to_dtype

        return to_dtype(self, dtype=dt)

    def cpu(self, *args, **kwargs) -> Tensor:
        return self

    def cuda(self, *args, **kwargs) -> Tensor:
        device("cuda")._check_available()
        return self

    def float(self) -> Tensor:
        return self.to(D.float32)

    def double(self) -> Tensor:
        return self.to(D.float64)

    def half(self) -> Tensor:
        return self.to(D.float16)

    def long(self) -> Tensor:
        return self.to(D.int64)

    def int(self) -> Tensor:
        return self.to(D.int32)

    def short(self) -> Tensor:
        return self.to(D.int16)

    def char(self) -> Tensor:
        return self.to(D.int8)

    def byte(self) -> Tensor:
        return self.to(D.uint8)

    def bool(self) -> Tensor:
        return self.to(D.bool)

    def type_as(self, other: Tensor) -> Tensor:
        return self.to(other.dtype)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False) -> Tensor:
        from ._creation import tensor

        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


class _LeafHooks:
    """A leaf's hooks live on the tensor (its AccumulateGrad node is only held weakly)."""

    __slots__ = ("pre", "post")

    def __init__(self):
        self.pre, self.post = [], []


def _leaf_hooks(t: Tensor) -> _LeafHooks:
    if t._hooks is None:
        t._hooks = _LeafHooks()
        acc = t._acc() if t._acc is not None else None
        if acc is not None:
            acc._pre_hooks = t._hooks.pre
    return t._hooks


def _init(t: Tensor, arr: np.ndarray, rg: bool, fn) -> None:
    t._data = arr
    t._rg = rg
    t.grad_fn = fn
    t._grad = None
    t._version = [0]
    t._base = None
    t._acc = None
    t._hooks = None
    t._retains = False
    t.dtype = _dtype_of(arr)


def _rebuild(arr, requires_grad):
    t = Tensor._make(arr)
    t._rg = requires_grad
    return t


def _wrap_dim(dim: int, ndim: int) -> int:
    """A dim in ``[-ndim, ndim)`` as a non-negative index, with torch's IndexError otherwise."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim + n if dim < 0 else dim


_LEGACY_NAMES = {
    D.float32: "torch.FloatTensor", D.float64: "torch.DoubleTensor", D.float16: "torch.HalfTensor",
    D.int64: "torch.LongTensor", D.int32: "torch.IntTensor", D.int16: "torch.ShortTensor",
    D.int8: "torch.CharTensor", D.uint8: "torch.ByteTensor", D.bool: "torch.BoolTensor",
}
