"""torchless: PyTorch's API, a define-by-run reverse-mode autograd engine, on NumPy.

``import torchless as torch`` and PyTorch teaching code runs unchanged. Each module below lists its public
names in ``__all__``; this file only gathers them, as ``torch/__init__.py`` does.
"""

from __future__ import annotations

from ._device import *
from ._dtype import *
from ._dtype import result_type as _result_type
from ._tensor import Size, Tensor
from . import ops as _ops  # binds the op methods onto Tensor
from ._creation import *
from ._creation import range  # noqa: A004 - torch's name
from ._legacy import *
from .ops.elementwise import *
from .ops.shape import *
from .ops.reduction import *
from .ops.linalg import *
from .ops.indexing import *
from .ops.misc import *

del one_hot  # noqa: F821 - torch has it only as nn.functional.one_hot
from . import autograd
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .autograd.grad_mode import is_inference_mode_enabled
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled, set_anomaly_enabled
from . import random as _random
from .random import *
from ._printing import get_printoptions, set_printoptions, printoptions
from . import nn, optim, utils, cuda, backends
from . import linalg

globals().update(linalg.TOP_LEVEL)
_ops.bind_family(_random)
_ops.bind_family(linalg)
for _name in [n for n, v in globals().items() if callable(v) and not n.startswith("_") and not isinstance(v, type)
              and getattr(v, "__module__", "").startswith("torchless.ops")]:
    _fn = globals()[_name] = _ops.torch_function(_name, globals()[_name])  # torch.sum(x, axis=0), input check
    if _fn.__name__.endswith(("Backward0", "Backward1", "Backward2")):  # an op entry's runner: named as torch's
        _fn.__name__, _fn.__qualname__, _fn.__module__ = _name, _name, "torchless"

__version__ = "0.1.0"

for _cls in (Tensor, Size, dtype, device):  # print as torch's do: <class 'torchless.Tensor'>
    _cls.__module__ = "torchless"


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    return input.dtype.is_floating_point


def numel(input: Tensor) -> int:
    return input.numel()


def result_type(tensor1, tensor2) -> dtype:
    """The dtype an op on these two operands returns (torch's promotion rules)."""
    return _result_type(tensor1, tensor2)


# Loaded on first use (they are not needed to train, and importing them costs time and memory): module, and the
# module a name comes from.
_LAZY = {"viz": ("viz", None), "serialization": ("serialization", None), "notebook": ("notebook", None),
         "save": ("serialization", "save"), "load": ("serialization", "load"),
         "install_as_torch": ("notebook", "install_as_torch")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = importlib.import_module(f".{module}", __name__)
        return value if attr is None else getattr(value, attr)
    if name.startswith("_"):
        raise AttributeError(f"module 'torchless' has no attribute '{name}'")
    from ._torch_names import TORCH
    from ._unsupported import missing_module_attr

    raise missing_module_attr("torchless", name, TORCH)


def _install_missing_attr_errors() -> None:
    from ._unsupported import missing_tensor_attr

    Tensor.__getattr__ = missing_tensor_attr


_install_missing_attr_errors()
