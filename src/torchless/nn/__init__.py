"""torchless.nn: modules, layers, losses, functional and init, with PyTorch's names and defaults."""

from . import functional, init, utils
from .modules import *
from .modules import Module
from .parameter import Parameter


def __getattr__(name: str):
    """torch.nn names torchless lacks raise a NotImplementedError naming them (hasattr stays False)."""
    from .._torch_names import NN
    from .._unsupported import missing_module_attr

    raise missing_module_attr("torchless.nn", name, NN)
