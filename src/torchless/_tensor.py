"""Tensor: a NumPy array with autograd metadata (requires_grad, grad, grad_fn, version counter).

The ops themselves live in ``torchless.ops``, which binds them as methods and operators. This module holds
what every tensor has: metadata, conversions to Python and NumPy, dtype/device moves, printing, copying and
pickling, and the autograd attributes with torch's checks and messages.
"""

from __future__ import annotations

import warnings
import weakref

import numpy as np

from . import _dtype as D
from ._device import NO_ACCELERATOR, NO_CUDA, check_device, cpu, device

__all__ = ["Tensor", "Size"]

_BY_NP = D._BY_NP
_new = object.__new__
_tuple_new = tuple.__new__
_HEAPTYPE = 1 << 9


def _tp_name(obj) -> str:
    """The type name torch's messages use (CPython's ``tp_name``): ``'list'``, ``'numpy.float64'``, ``'Tensor'``."""
    if obj is None:
        return "NoneType"
    if isinstance(obj, Tensor):
        return "Tensor"
    if isinstance(obj, D.dtype):
        return "torch.dtype"
    if isinstance(obj, device):
        return "torch.device"
    tp = type(obj)
    if tp.__flags__ & _HEAPTYPE or tp.__module__ == "builtins":
        return tp.__name__
    return f"{tp.__module__}.{tp.__name__}"


def _split_args(option: str) -> list[tuple[str, str]]:
    """torch's invalid_arguments.cpp reading of a printed signature: (type, name) per ``", "``-separated piece."""
    out = []
    inner = option[1:-1]
    for arg in inner.split(", ") if inner else []:
        arg = arg[1:] if arg.startswith("#") else arg
        cut = arg.rfind(" ")
        out.append((arg[:cut] if cut >= 0 else "", arg[cut + 1:]))
    return out


def _type_matches(type_name: str, obj) -> bool:
    name = _tp_name(obj)
    if type_name == "float":
        return name in ("float", "int", "long")
    if type_name == "int":
        return name in ("int", "long")
    return name == type_name


def _formatted_args(option: list, args: tuple, kwargs: dict) -> str:
    import os

    tty = os.isatty(1) and os.isatty(2)
    red, reset_red, green, reset_green = ("\33[31;1m", "\33[0m", "\33[32;1m", "\33[0m") if tty else ("!", "!", "", "")
    parts = []
    for i in range(len(args) + len(kwargs)):
        is_kw = i >= len(args)
        arg = kwargs[option[i][1]] if is_kw else args[i]
        ok = i < len(option) and _type_matches(option[i][0], arg)
        text = (option[i][1] + "=" if is_kw else "")
        if isinstance(arg, (tuple, list)):
            items = ", ".join(_tp_name(a) for a in arg)
            text += f"{_tp_name(arg)} of " + (f"({items}{',' if len(arg) == 1 else ''})" if isinstance(arg, tuple)
                                               else f"[{items}]")
        else:
            text += _tp_name(arg)
        parts.append((green if ok else red) + text + (reset_green if ok else reset_red))
    return "(" + ", ".join(parts) + ")"


def need_tensor(fname: str, arg: str, pos: int | None, value) -> None:
    """torch's TypeError for argument ``arg`` (at position ``pos``; None: given by keyword) that is no Tensor."""
    if not isinstance(value, Tensor):
        where = "" if pos is None else f" (position {pos})"
        raise TypeError(f"{fname}(): argument '{arg}'{where} must be Tensor, not {_tp_name(value)}")


def invalid_arguments(fname: str, args: tuple, kwargs: dict, options: list[str]) -> TypeError:
    """torch's "received an invalid combination of arguments" TypeError (format_invalid_args), for ``options``
    given as torch prints its signatures, e.g. ``"(Number end, *, Tensor out = None)"``."""
    desc = "(" + ", ".join([_tp_name(a) for a in args] + [f"{k}={_tp_name(v)}" for k, v in kwargs.items()])
    desc += ", )" if kwargs and not args else ")"  # torch's _argDesc trims the trailing ", " only after positionals
    msg = f"{fname}() received an invalid combination of arguments - "
    parsed = [_split_args(o) for o in options]

    def unmatched(option):
        start = max(len(option) - len(kwargs), 0)
        names = [n for _, n in option[start:]]
        return [k for k in kwargs if k not in names]

    if len(options) == 1:
        bad = unmatched(parsed[0]) if kwargs else []
        if bad:
            return TypeError(msg + "got unrecognized keyword arguments: " + ", ".join(bad))
        got = _formatted_args(parsed[0], args, kwargs) if len(args) + len(kwargs) == len(parsed[0]) else desc
        return TypeError(msg + f"got {got}, but expected {options[0]}")
    msg += f"got {desc}, but expected one of:\n"
    for text, option in zip(options, parsed):
        msg += f" * {text}\n"
        if len(args) + len(kwargs) == len(option):
            bad = unmatched(option) if kwargs else []
            if bad:
                msg += "      didn't match because some of the keywords were incorrect: " + ", ".join(bad) + "\n"
            else:
                msg += ("      didn't match because some of the arguments have invalid types: "
                        f"{_formatted_args(option, args, kwargs)}\n")
    return TypeError(msg)


class Size(tuple):
    """torch.Size: a tuple of ints that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __new__(cls, sizes=()):
        items = []
        for i, s in enumerate(sizes):
            if isinstance(s, bool) or not hasattr(type(s), "__index__"):
                raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is '{_tp_name(s)}')")
            items.append(s.__index__())
        return _tuple_new(cls, items)

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return _tuple_new(Size, r) if isinstance(i, slice) else r

    def __add__(self, other):
        return _tuple_new(Size, tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return _tuple_new(Size, tuple(other) + tuple(self))

    def __mul__(self, n):
        return _tuple_new(Size, tuple.__mul__(self, n))

    __rmul__ = __mul__

    def __reduce__(self):
        return (Size, (tuple(self),))


def _dtype_of(arr: np.ndarray) -> D.dtype:
    d = _BY_NP.get(arr.dtype)
    return d if d is not None else D.from_numpy_dtype(arr.dtype)


_SCALAR_GRAD_WARNING = ("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                        "Consider using tensor.detach() first.")
_scalar_grad_warned = [False]
_NUMPY_GRAD_ERROR = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.")
_NON_LEAF_RG_ERROR = (
    "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a "
    "subgraph that doesn't require differentiation use var_no_grad = var.detach().")
_CUDA_TYPE_ERROR = (
    "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two shared libraries: a "
    "CPU library and a CUDA library; this error has occurred because you are trying to use some CUDA "
    "functionality, but the CUDA library has not been loaded by the dynamic linker for some reason.  The CUDA "
    "library MUST be loaded, EVEN IF you don't directly use any symbols from the CUDA library! One common culprit "
    "is a lack of -Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic library "
    "dependencies if you don't depend on any of their symbols.  You can check if this has occurred by using ldd "
    "on your binary to see if there is a dependency on *_cuda.so library.")
_TO_SIGNATURES = [
    "(torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)",
    "(torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)",
    "(Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)"]


_engine = [None, None]  # autograd.backward and engine.run_backward, imported on first use (no cycle)

class Tensor:
    """A multi-dimensional array that can record the operations applied to it for automatic differentiation."""

    # ``_vmeta`` is set only on views that torch forbids modifying in place under autograd (made in no_grad mode,
    # or by split/unbind): see ``ops._op.check_inplace``. Read it with getattr(t, "_vmeta", None).
    __slots__ = ("_data", "_rg", "_grad", "grad_fn", "_vc", "_base", "_acc", "_hooks", "_retains", "dtype",
                 "_vmeta", "__weakref__")
    __array_priority__ = 1000  # NumPy defers `ndarray * tensor` to Tensor.__rmul__, as with torch
    is_sparse = False
    is_quantized = False
    is_meta = False
    is_cuda = False
    is_mps = False
    is_cpu = True
    is_nested = False
    is_mkldnn = False
    layout = "torch.strided"

    # -- construction ------------------------------------------------------------------------------
    def __new__(cls, *args, **kwargs):
        """Legacy constructor: ``Tensor([1, 2])`` (default-dtype data), ``Tensor(2, 3)`` (a shape; zero-filled)."""
        from ._legacy import legacy_new

        t = legacy_new(None, args, kwargs)
        if cls is Tensor:
            return t
        sub = _new(cls)
        _init(sub, t._data, False, None)
        return sub

    @staticmethod
    def _make(arr: np.ndarray, requires_grad: bool = False, grad_fn=None) -> Tensor:
        """The fast internal constructor: wrap ``arr`` (no copy)."""
        t = _new(Tensor)
        t._data = arr
        t._rg = requires_grad
        t.grad_fn = grad_fn
        t._grad = None
        t._vc = [0]
        t._base = None
        t._acc = None
        t._hooks = None
        t._retains = False
        d = _BY_NP.get(arr.dtype)
        t.dtype = d if d is not None else D.from_numpy_dtype(arr.dtype)
        return t

    @staticmethod
    def _make_subclass(cls, data: Tensor, require_grad: bool = False) -> Tensor:
        """An instance of ``cls`` (a Tensor subclass) sharing ``data``'s memory and version counter."""
        if not isinstance(data, Tensor):
            raise TypeError(f"_make_subclass(): argument 'data' (position 2) must be Tensor, not {_tp_name(data)}")
        t = _new(cls)
        _init(t, data._data, False, None)
        t._vc = data._vc
        if require_grad:
            t.requires_grad_(True)
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
        return _tuple_new(Size, self._data.shape)

    def size(self, dim: int | None = None):
        """The shape as a ``torch.Size``, or the length of dimension ``dim``."""
        if dim is None:
            return _tuple_new(Size, self._data.shape)
        return self._data.shape[_size_dim(dim, self._data.ndim)]

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
        """Steps in elements between neighbours along each dimension."""
        arr = self._data
        if arr.size == 0:  # NumPy reports 0 for an empty array; torch the contiguous strides of its shape
            st, acc = [], 1
            for n in reversed(arr.shape):
                st.append(acc)
                acc *= max(n, 1)
            st = tuple(reversed(st))
        else:
            st = tuple(s // arr.itemsize for s in arr.strides)
        return st if dim is None else st[_size_dim(dim, self._data.ndim)]

    def storage_offset(self) -> int:
        """The offset, in elements, of this view's first element in its memory block."""
        arr = self._data
        root = _root(arr)
        if arr.size == 0 or root is arr:
            return 0
        return (_address(arr) - _address(root)) // arr.itemsize

    def data_ptr(self) -> int:
        return _address(self._data)

    def is_contiguous(self, memory_format=None) -> bool:
        return bool(self._data.flags.c_contiguous)

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_complex(self) -> bool:
        return self.dtype.is_complex

    def is_signed(self) -> bool:
        return self.dtype.is_signed

    def is_shared(self) -> bool:
        return False

    def is_pinned(self, device=None) -> bool:
        return False

    def share_memory_(self) -> Tensor:
        return self

    def pin_memory(self, device=None) -> Tensor:
        return self

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
        value = bool(value)
        if self.grad_fn is not None and self._rg:
            raise RuntimeError(_NON_LEAF_RG_ERROR if not value else
                               "you can only change requires_grad flags of leaf variables.")
        if value and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._rg = value

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set whether autograd records operations on this (leaf) tensor. Returns self."""
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError("requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                            f"{_tp_name(requires_grad)}")
        requires_grad = bool(requires_grad)
        if self.grad_fn is not None and self._rg:
            if not requires_grad:
                raise RuntimeError(_NON_LEAF_RG_ERROR)
            return self
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._rg = requires_grad
        return self

    @property
    def grad(self):
        """The gradient accumulated by ``backward()`` (None until then); warns on non-leaf tensors, as torch."""
        g = self._grad
        if g is None and self.grad_fn is not None and self._rg and not self._retains:
            warnings.warn(_NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{_tp_name(value)}")
            if value is self:
                raise RuntimeError("can't assign Variable as its own grad")
            if value.dtype is not self.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype._cpp_name}' to a tensor with "
                    f"grad_dtype '{self.dtype._torch_name}'. The gradient must match the tensor's grad_dtype "
                    "(defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific "
                    "dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a "
                    "tensor and its gradient may break downstream systems that assume they match.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to a tensor of size "
                    f"'{list(self._data.shape)}'. Please ensure that the gradient and the tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def data(self) -> Tensor:
        """The same memory as a tensor that autograd does not track (its own version counter)."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {_tp_name(value)}")
        if self._rg and not value.dtype.is_floating_point:
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
        self._data = value._data
        self.dtype = value.dtype

    @property
    def _version(self) -> int:
        """How many times this tensor's memory was changed in place (shared by views: ``_vc`` is the counter)."""
        return self._vc[0]

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
            raise RuntimeError(_NUMPY_GRAD_ERROR)
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self._rg:
            raise RuntimeError(_NUMPY_GRAD_ERROR)
        arr = self._data
        if dtype is not None and arr.dtype != dtype:
            return arr.astype(dtype)
        return arr.copy() if copy else arr

    def __array_wrap__(self, arr, context=None, return_scalar=False):
        """NumPy ufuncs on tensors give tensors, as in torch (bool results become uint8)."""
        arr = np.asarray(arr)
        if arr.dtype == np.bool_:
            arr = arr.astype(np.uint8)
        return Tensor._make(arr)

    def item(self):
        """The single value as a Python number."""
        arr = self._data
        if arr.size != 1:
            raise RuntimeError(f"a Tensor with {arr.size} elements cannot be converted to Scalar")
        return arr.item()

    def tolist(self):
        """The values as (nested) Python lists of Python numbers."""
        return self._data.tolist()

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __reversed__(self):
        return self if self._data.ndim == 0 else self.flip(0)

    def __contains__(self, element) -> bool:
        if isinstance(element, Tensor):
            return bool(np.any(element._data == self._data))
        if isinstance(element, (bool, int, float, complex, np.number, np.bool_)):
            return bool(np.any(self._data == element))
        raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a {type(element)}.")

    def __bool__(self) -> bool:
        arr = self._data
        if arr.size != 1:
            if arr.size == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(arr.item())

    def _scalar(self):
        arr = self._data
        if arr.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if self._rg and not _scalar_grad_warned[0]:  # TORCH_WARN_ONCE: once per program
            _scalar_grad_warned[0] = True
            warnings.warn(_SCALAR_GRAD_WARNING, UserWarning, stacklevel=3)
        return arr.item()

    def __float__(self) -> float:
        return float(self._scalar())

    def __int__(self) -> int:
        arr = self._data
        if arr.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(arr.item())

    def __complex__(self) -> complex:
        return complex(self._scalar())

    def __index__(self) -> int:
        arr = self._data
        if self.dtype.category > D._INT or arr.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(arr.item())

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0 and type(self) is Tensor:
            return self._data.item().__format__(spec)
        return object.__format__(self, spec)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self, *, tensor_contents=None) -> str:
        from ._printing import format_tensor

        fn = self.grad_fn
        if fn is not None and self._rg:
            suffixes = [f"grad_fn=<{type(fn).__name__}>"]
        elif self._rg:
            suffixes = ["requires_grad=True"]
        else:
            suffixes = []
        return format_tensor(self._data, self.dtype, suffixes)

    __str__ = __repr__

    def type(self, dtype=None, non_blocking: bool = False, **kwargs):
        """Without an argument, the legacy type name (``'torch.FloatTensor'``); with one, a converted tensor."""
        if dtype is None:
            return f"torch.{self.dtype._torch_name}Tensor"
        if isinstance(dtype, str):
            if dtype.startswith("torch.cuda.") and dtype.endswith("Tensor"):
                raise RuntimeError(_CUDA_TYPE_ERROR)
            target = _LEGACY_BY_NAME.get(dtype)
            if target is None:
                raise ValueError(f"invalid type: '{dtype}'")
        elif getattr(dtype, "is_cuda", False) and isinstance(dtype, type):
            raise RuntimeError(_CUDA_TYPE_ERROR)
        else:
            target = getattr(dtype, "dtype", None) if isinstance(dtype, type) else dtype
            if not isinstance(target, D.dtype):
                raise TypeError(f"type(): argument 'dtype' must be torch.dtype, not {_tp_name(dtype)}")
        return self if target is self.dtype else self.to(target)

    def __reduce_ex__(self, protocol):
        root, offset = _root_and_offset(self._data)
        return (_rebuild, (_Storage(root), offset, self._data.shape, self._data.strides, self._data.dtype, self._rg))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None and self._rg:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the "
                "moment.  If you were attempting to deepcopy a module, this may be because of a "
                "torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        root, offset = _root_and_offset(self._data)
        key = id(root)
        new_root = memo.get(key)
        if new_root is None:
            new_root = np.array(root, copy=True, order="K")
            memo[key] = new_root
            memo.setdefault(id(memo), []).append(root)  # keep root alive while memo is in use, as deepcopy does
        arr = _view(new_root, offset, self._data.shape, self._data.strides, self._data.dtype)
        new = _new(type(self))
        _init(new, arr, False, None)
        new._rg = self._rg
        memo[id(self)] = new
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        return new

    # -- autograd ----------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph: bool = False, inputs=None) -> None:
        """Compute the gradient of this tensor with respect to the graph's leaves, adding it into their ``.grad``."""
        if _engine[0] is None:
            from .autograd import backward
            from .autograd.engine import run_backward

            _engine[:] = backward, run_backward
        if (gradient is None and inputs is None and not create_graph and self._rg and self._data.size == 1
                and self._data.dtype.kind == "f"):  # a scalar loss: the checks below all pass, go straight on
            one = np.array(1, self._data.dtype)
            _engine[1]((self,), (Tensor._make(one.reshape(self._data.shape) if self._data.ndim else one),),
                       bool(retain_graph), False)
            return
        _engine[0](self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> Tensor:
        """The same memory, cut from the graph (shares the version counter, as torch does)."""
        t = Tensor._make(self._data)
        t._vc = self._vc
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
        dt, copy = _parse_to(args, kwargs)
        if dt is None or dt is self.dtype:
            if not copy:
                return self
            dt = self.dtype
        elif not dt._storable:
            raise NotImplementedError(f"torchless does not support {dt!r} tensors")
        from .ops.elementwise import to_dtype

        with np.errstate(over="ignore", invalid="ignore"):  # torch converts silently (inf, wrapped ints)
            return to_dtype(self, dtype=dt)

    def cpu(self, memory_format=None) -> Tensor:
        return self

    def cuda(self, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
        if isinstance(device, int) and not isinstance(device, bool):
            raise RuntimeError(NO_ACCELERATOR)
        raise AssertionError(NO_CUDA)

    def float(self, memory_format=None) -> Tensor:
        return self.to(D.float32)

    def double(self, memory_format=None) -> Tensor:
        return self.to(D.float64)

    def half(self, memory_format=None) -> Tensor:
        return self.to(D.float16)

    def bfloat16(self, memory_format=None) -> Tensor:
        return self.to(D.bfloat16)

    def long(self, memory_format=None) -> Tensor:
        return self.to(D.int64)

    def int(self, memory_format=None) -> Tensor:
        return self.to(D.int32)

    def short(self, memory_format=None) -> Tensor:
        return self.to(D.int16)

    def char(self, memory_format=None) -> Tensor:
        return self.to(D.int8)

    def byte(self, memory_format=None) -> Tensor:
        return self.to(D.uint8)

    def bool(self, memory_format=None) -> Tensor:
        return self.to(D.bool)

    def type_as(self, other: Tensor) -> Tensor:
        need_tensor("type_as", "other", 1, other)
        return self.to(other.dtype)

    # -- new_* factories ---------------------------------------------------------------------------
    def new_tensor(self, data, dtype=None, device=None, requires_grad: bool = False, layout=None,
                   pin_memory: bool = False) -> Tensor:
        """A new tensor holding a copy of ``data``, in this tensor's dtype unless ``dtype`` is given."""
        from . import _creation as C

        dt = C._dtype_arg(dtype, "new_tensor") or self.dtype
        if isinstance(data, Tensor):
            warnings.warn(
                "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                "sourceTensor.detach().clone().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).",
                UserWarning, stacklevel=2)
            arr = C._convert(data._data, dt)
        elif isinstance(data, np.ndarray):
            C._check_numpy(data)
            arr = C._convert(data, dt)
        else:
            arr = C._new_from_data(data, dt)
        return C._finish(arr, requires_grad, device)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad: bool = False, layout=None,
                  pin_memory: bool = False) -> Tensor:
        return self._new_filled(size, 0, dtype, device, requires_grad, "new_zeros")

    def new_ones(self, *size, dtype=None, device=None, requires_grad: bool = False, layout=None,
                 pin_memory: bool = False) -> Tensor:
        return self._new_filled(size, 1, dtype, device, requires_grad, "new_ones")

    def new_empty(self, *size, dtype=None, device=None, requires_grad: bool = False, layout=None,
                  pin_memory: bool = False) -> Tensor:
        return self._new_filled(size, 0, dtype, device, requires_grad, "new_empty")

    def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad: bool = False, layout=None,
                 pin_memory: bool = False) -> Tensor:
        from . import _creation as C

        if not isinstance(size, (tuple, list)):
            raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, not {_tp_name(size)}")
        value = C._scalar_value(C._number(fill_value, "new_full", "fill_value", 2))
        return self._new_filled((size,), value, dtype, device, requires_grad, "new_full")

    def _new_filled(self, size, value, dtype, device, requires_grad, fname) -> Tensor:
        from . import _creation as C

        shape = C._size(size, fname)
        dt = C._dtype_arg(dtype, fname) or self.dtype
        return C._finish(C._fill_array(shape, value, dt), requires_grad, device)

    def fill_diagonal_(self, fill_value, wrap: bool = False) -> Tensor:
        """Write ``fill_value`` on the main diagonal (all dims equal; a tall matrix may ``wrap``)."""
        from . import _creation as C
        from .autograd.grad_mode import is_grad_enabled

        arr = self._data
        if arr.ndim < 2:
            raise RuntimeError("dimensions must larger than 1")
        if arr.ndim > 2 and len(set(arr.shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        if self._rg and is_grad_enabled():
            if self.grad_fn is None:
                raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                                   "operation.")
            raise NotImplementedError("torchless: fill_diagonal_ on a tensor that requires grad is not supported yet")
        v = C._checked(C._scalar_value(C._number(fill_value, "fill_diagonal_", "fill_value", 1)), self.dtype)
        n = min(arr.shape)
        if wrap and arr.ndim == 2 and arr.shape[0] > arr.shape[1] + 1:
            rows = np.arange(0, arr.shape[0] * arr.shape[1], arr.shape[1] + 1)
            arr[rows // arr.shape[1], rows % arr.shape[1]] = v
        else:
            idx = np.arange(n)
            arr[(idx,) * arr.ndim] = v
        self._vc[0] += 1
        return self


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
    t._vc = [0]
    t._base = None
    t._acc = None
    t._hooks = None
    t._retains = False
    t.dtype = _dtype_of(arr)


# -- memory sharing for copy, deepcopy and pickle -----------------------------------------------------


def _address(arr: np.ndarray) -> int:
    return arr.__array_interface__["data"][0]


def _root(arr: np.ndarray) -> np.ndarray:
    """The array that owns ``arr``'s memory (the end of its chain of NumPy bases)."""
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def _root_and_offset(arr: np.ndarray) -> tuple[np.ndarray, int]:
    """The owning array (so views of one block stay one block when copied or pickled) and the byte offset."""
    root = _root(arr)
    if root is arr or arr.size == 0 or not (root.flags.c_contiguous or root.flags.f_contiguous):
        return arr, 0
    return root, _address(arr) - _address(root)


def _view(root: np.ndarray, offset: int, shape, strides, dtype) -> np.ndarray:
    """The array ``shape``/``strides``/``dtype`` at byte ``offset`` into the contiguous block ``root``."""
    if offset == 0 and root.shape == tuple(shape) and root.strides == tuple(strides) and root.dtype == dtype:
        return root
    raw = root.reshape(-1, order="A").view(np.uint8)
    return np.ndarray(shape, dtype=dtype, buffer=raw, offset=offset, strides=strides)


class _Storage:
    """A tensor's memory block inside ``__reduce_ex__``: ``copy.copy`` rebuilds a view of the same memory, while
    pickling writes the bytes out for each tensor (so, as in torch, unpickled tensors do not share memory)."""

    __slots__ = ("root",)

    def __init__(self, root: np.ndarray):
        self.root = root

    def __reduce__(self):
        root = self.root
        order = "C" if root.flags.c_contiguous else "F"
        return (_storage_from_bytes, (root.tobytes(order=order), root.dtype.str, root.shape, order))


def _storage_from_bytes(raw: bytes, dtype: str, shape: tuple, order: str) -> _Storage:
    arr = np.frombuffer(raw, dtype=np.dtype(dtype)).copy().reshape(shape, order=order)
    return _Storage(arr)


def _rebuild(storage, offset, shape, strides, dtype, requires_grad):
    root = storage.root if isinstance(storage, _Storage) else storage
    t = Tensor._make(_view(root, offset, shape, strides, dtype))
    t._rg = requires_grad
    return t


def _size_dim(dim: int, ndim: int) -> int:
    """``size(dim)``/``stride(dim)``: 0-dim tensors have no dims to name, as in torch."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _wrap_dim(dim, ndim)


def _wrap_dim(dim: int, ndim: int) -> int:
    """A dim in ``[-ndim, ndim)`` as a non-negative index, with torch's IndexError otherwise."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim + n if dim < 0 else dim


def _is_device(a) -> bool:
    return isinstance(a, (str, device)) or (isinstance(a, int) and not isinstance(a, bool))


def _as_dtype(a):
    if isinstance(a, D.dtype):
        return a
    if a is float:
        return D.float64
    if a is int:
        return D.int64
    if a is bool:
        return D.bool
    if a is complex:
        return D.complex128
    return None


def _parse_to(args: tuple, kwargs: dict):
    """``Tensor.to``'s three signatures as torch's parser reads them: (dtype or None, copy)."""
    kw = dict(kwargs)
    dt = kw.pop("dtype", None)
    dev = kw.pop("device", None)
    non_blocking = kw.pop("non_blocking", False)
    copy = kw.pop("copy", False)
    kw.pop("memory_format", None)
    bad = bool(kw)
    rest = list(args)
    if rest and isinstance(rest[0], Tensor):
        dt = rest.pop(0).dtype
    elif rest and _as_dtype(rest[0]) is not None:
        dt = _as_dtype(rest.pop(0))
    elif rest and (rest[0] is None or _is_device(rest[0])):
        dev = rest.pop(0)
        if rest and (rest[0] is None or _as_dtype(rest[0]) is not None):
            d = rest.pop(0)
            dt = None if d is None else _as_dtype(d)
    for name in ("non_blocking", "copy"):
        if rest and isinstance(rest[0], bool):
            if name == "copy":
                copy = rest.pop(0)
            else:
                non_blocking = rest.pop(0)
    if bad or rest or (dt is not None and _as_dtype(dt) is None):
        raise invalid_arguments("to", args, kwargs, _TO_SIGNATURES)
    if dev is not None:
        check_device(dev)
        # an explicit index ('cpu:0') is not the tensor's own device object: torch copies
        copy = copy or (isinstance(dev, str) and ":" in dev) or (isinstance(dev, device) and dev.index is not None)
    _ = non_blocking
    return (None if dt is None else _as_dtype(dt)), bool(copy)


_LEGACY_BY_NAME = {f"torch.{d._torch_name}Tensor": d for d in (
    D.float32, D.float64, D.float16, D.bfloat16, D.uint8, D.int8, D.int16, D.int32, D.int64, D.bool, D.complex64,
    D.complex128)}
