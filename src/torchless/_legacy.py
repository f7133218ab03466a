"""Legacy tensor types: ``torch.FloatTensor([1, 2])``, ``torch.LongTensor(2, 3)``, ``isinstance(x, torch.FloatTensor)``.

As in torch these are not Tensor subclasses: calling one makes a plain Tensor of its dtype, and ``isinstance``
checks the dtype. ``torch.Tensor(...)`` shares the constructor (``legacy_new``) with the default dtype.
"""

from __future__ import annotations

import numpy as np

from . import _creation as C
from . import _dtype as D
from ._device import device as _device
from ._tensor import Size, Tensor, _tp_name, invalid_arguments

__all__ = ["FloatTensor", "DoubleTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor",
           "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"]

_SIGNATURES = ["(*, torch.device device = None)", "(torch.Storage storage)", "(Tensor other)",
               "(tuple of ints size, *, torch.device device = None)", "(object data, *, torch.device device = None)"]


def _options(dt: D.dtype) -> str:
    return (f"TensorOptions(dtype={dt._cpp_name}, device=cpu, layout=Strided, requires_grad=false (default), "
            "pinned_memory=false (default), memory_format=(nullopt))")


def _is_size_item(x) -> bool:
    return C._is_int(x)


def legacy_new(dt: D.dtype | None, args: tuple, kwargs: dict) -> Tensor:
    """torch's legacy constructor: no args (empty), a tensor (alias), sizes, or data converted to the dtype.

    ``dt`` None is ``torch.Tensor``: the default dtype, and tensors of any dtype are accepted."""
    base = dt is None
    target = D.get_default_dtype() if base else dt
    device = kwargs.get("device")
    if set(kwargs) - {"device"}:
        raise invalid_arguments("new", args, kwargs, _SIGNATURES)
    if device is not None:
        d = _device(device)
        if d.type != "cpu":
            raise RuntimeError(f"legacy constructor expects device type: cpu but device type: {d.type} was passed")
    if not args:
        return Tensor._make(np.zeros(0, dtype=C._np_dtype(target)))
    first = args[0]
    if len(args) == 1 and isinstance(first, Tensor):
        if device is not None:
            raise RuntimeError("Legacy tensor constructor of the form torch.Tensor(tensor, device=device) is not "
                               "supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.")
        if not base and first.dtype is not target:
            raise TypeError(f"expected {_options(target)} (got {_options(first.dtype)})")
        t = Tensor._make(first._data)
        t._vc = first._vc
        return t
    if _is_size_item(first) or isinstance(first, Size):
        sizes = args[0] if isinstance(first, Size) else args
        if isinstance(first, Size) and len(args) > 1:
            raise TypeError(f"new(): argument 'size' failed to unpack the object at pos 2 with error \"type must be "
                            f"tuple of ints,but got {_tp_name(args[1])}\"")
        for i, s in enumerate(sizes):
            if not _is_size_item(s):
                raise TypeError(f"new(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                                f"\"type must be tuple of ints,but got {_tp_name(s)}\"")
        shape = tuple(int(s) for s in sizes)
        for s in shape:
            if s < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
        return Tensor._make(np.zeros(shape, dtype=C._np_dtype(target)))
    if len(args) > 1:
        raise invalid_arguments("new", args, kwargs, _SIGNATURES)
    if not C._is_sequence(first):
        raise TypeError(f"new(): data must be a sequence (got {_tp_name(first)})")
    if isinstance(first, np.ndarray):
        src = C._check_numpy(first)
        return Tensor._make(first if src is target else C._convert(first, target))
    return Tensor._make(C._new_from_data(first, target))


class _LegacyTensorType(type):
    """The metaclass of ``torch.FloatTensor`` & co: calling makes a Tensor, ``isinstance`` checks the dtype."""

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype

    def __call__(cls, *args, **kwargs) -> Tensor:
        return legacy_new(cls.dtype, args, kwargs)

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"


def _legacy_type(name: str, dt: D.dtype) -> type:
    return _LegacyTensorType(name, (), {"dtype": dt, "is_cuda": False, "is_sparse": False, "__module__": "torch",
                                        "__doc__": f"Legacy constructor for {dt!r} tensors."})


FloatTensor = _legacy_type("FloatTensor", D.float32)
DoubleTensor = _legacy_type("DoubleTensor", D.float64)
HalfTensor = _legacy_type("HalfTensor", D.float16)
BFloat16Tensor = _legacy_type("BFloat16Tensor", D.bfloat16)
LongTensor = _legacy_type("LongTensor", D.int64)
IntTensor = _legacy_type("IntTensor", D.int32)
ShortTensor = _legacy_type("ShortTensor", D.int16)
CharTensor = _legacy_type("CharTensor", D.int8)
ByteTensor = _legacy_type("ByteTensor", D.uint8)
BoolTensor = _legacy_type("BoolTensor", D.bool)
