"""The op families. Importing this package binds every op as a Tensor method and operator.

Each family module declares ``METHODS`` (method name -> function taking the tensor first) and ``INPLACE``
(names whose ``name_`` in-place form is made from the same function by ``_op.inplace``).
"""

from __future__ import annotations

from .._tensor import Tensor
from . import elementwise, indexing, linalg, misc, reduction, shape
from ._op import inplace

FAMILIES = [elementwise, shape, reduction, linalg, indexing, misc]


def bind_family(family) -> None:
    """Make a family's functions Tensor methods, and their in-place ``name_`` forms."""
    for name, fn in getattr(family, "METHODS", {}).items():
        setattr(Tensor, name, fn)
    for name, fn in getattr(family, "INPLACE", {}).items():
        setattr(Tensor, name if name.startswith("__") else name + "_", inplace(fn))


for _family in FAMILIES:
    bind_family(_family)
