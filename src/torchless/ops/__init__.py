"""The op families. Importing this package binds every op as a Tensor method and operator.

Each family module declares ``METHODS`` (method name -> function taking the tensor first) and ``INPLACE``
(names whose ``name_`` in-place form is made from the same function by ``_op.inplace``).
"""

from __future__ import annotations

import functools
import inspect

from .._tensor import Tensor
from . import elementwise, indexing, linalg, misc, reduction, shape
from ._op import inplace

FAMILIES = [elementwise, shape, reduction, linalg, indexing, misc]

# torch's argument parser takes NumPy's names for two parameters of its built-in functions and methods
_NUMPY_NAMES = {"axis": "dim", "keepdims": "keepdim"}


def numpy_aliases(fn):
    """``fn`` also taking ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=`` (``x.sum(axis=0)`` works in
    torch), when it has those parameters; others are returned as they are."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn
    renames = {k: v for k, v in _NUMPY_NAMES.items() if v in params and k not in params}
    if not renames:
        return fn

    @functools.wraps(fn)
    def with_aliases(*args, **kw):
        if kw:
            for numpy_name, name in renames.items():
                if numpy_name in kw and name not in kw:
                    kw[name] = kw.pop(numpy_name)
        return fn(*args, **kw)

    return with_aliases


def bind_family(family) -> None:
    """Make a family's functions Tensor methods, and their in-place ``name_`` forms."""
    for name, fn in getattr(family, "METHODS", {}).items():
        setattr(Tensor, name, numpy_aliases(fn))
    for name, fn in getattr(family, "INPLACE", {}).items():
        setattr(Tensor, name if name.startswith("__") else name + "_", inplace(fn))


for _family in FAMILIES:
    bind_family(_family)
