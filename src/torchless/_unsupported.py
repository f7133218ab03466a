"""Clear errors for PyTorch features torchless does not have yet.

A name PyTorch 2.13 has but torchless lacks raises ``NotImplementedError`` naming it; any other missing name
raises the ``AttributeError`` torch would. The error class is both, so ``hasattr`` (which libraries such as
matplotlib use to probe objects) still answers False instead of crashing.
"""

from __future__ import annotations

from ._torch_names import TENSOR

__all__ = ["NotImplementedInTorchless", "missing_module_attr", "missing_tensor_attr"]


class NotImplementedInTorchless(NotImplementedError, AttributeError):
    """A PyTorch feature that torchless does not implement (yet)."""


def _missing(qualname: str) -> NotImplementedInTorchless:
    return NotImplementedInTorchless(
        f"torchless does not implement {qualname} yet. torchless covers the everyday PyTorch API for learning "
        "(tensors, autograd, nn, optim, data); please open an issue if you need it.")


def missing_module_attr(module: str, name: str, known: frozenset):
    """For a module's ``__getattr__``: the error for ``module.name``."""
    if name in known:
        return _missing(f"{module.replace('torchless', 'torch', 1)}.{name}")
    return AttributeError(f"module '{module}' has no attribute '{name}'")


def missing_tensor_attr(self, name: str):
    """``Tensor.__getattr__``: runs only when normal lookup failed, so it costs nothing on the hot path."""
    if name in TENSOR:
        raise _missing(f"torch.Tensor.{name}")
    raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
