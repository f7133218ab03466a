"""The op families. Importing this package binds every op as a Tensor method and operator.

Each family module declares ``METHODS`` (method name -> function taking the tensor first) and ``INPLACE``
(names whose ``name_`` in-place form is made from the same function by ``_op.inplace``).
"""

from __future__ import annotations

import functools
import inspect

from .._tensor import Tensor, _tp_name
from . import elementwise, indexing, linalg, misc, reduction, shape
from ._op import inplace

FAMILIES = [elementwise, shape, reduction, linalg, indexing, misc]

# torch's argument parser takes NumPy's names for two parameters of its built-in functions and methods
_NUMPY_NAMES = {"axis": "dim", "keepdims": "keepdim"}


def numpy_aliases(fn, tensor_first: str | None = None):
    """``fn`` also taking ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=`` (``x.sum(axis=0)`` works in
    torch), when it has those parameters; with ``tensor_first`` (the function's name), torch's TypeError when the
    input is no Tensor. One wrapper does both; ``fn`` itself is returned when neither applies."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    renames = {k: v for k, v in _NUMPY_NAMES.items() if v in params and k not in params}
    if not renames and tensor_first is None:
        return fn

    @functools.wraps(fn)
    def wrapper(*args, **kw):
        if tensor_first is not None:
            x = args[0] if args else kw.get("input")
            if not isinstance(x, Tensor) and (args or "input" in kw):
                where = " (position 1)" if args else ""
                raise TypeError(f"{tensor_first}(): argument 'input'{where} must be Tensor, not {_tp_name(x)}")
        if kw and renames:
            for numpy_name, name in renames.items():
                if numpy_name in kw and name not in kw:
                    kw[name] = kw.pop(numpy_name)
        return fn(*args, **kw)

    return wrapper


# torch functions whose every overload takes a Tensor first: torch.exp([1, 2]) is a TypeError there
TENSOR_FIRST = frozenset("""
    abs absolute acos acosh adjoint allclose amax amin aminmax arccos arccosh arcsin arcsinh arctan arctan2
    arctanh argmax argmin argsort argwhere asin asinh atan atan2 atanh bincount bitwise_not broadcast_to ceil
    chunk clone combinations cos cosh count_nonzero cummax cummin cumprod cumsum deg2rad diag diag_embed
    diagonal digamma dot equal erf erfc erfinv exp exp2 expm1 fix flatten flip fliplr flipud floor fmax fmin
    frac gather gcd ger heaviside histc hypot index_add index_copy index_put index_select inner isclose isfinite
    isinf isnan isneginf isposinf kthvalue lcm lgamma log log10 log1p log2 log_softmax logaddexp logaddexp2
    logical_and logical_not logical_or logical_xor logit logsumexp masked_scatter masked_select matmul max
    maximum mean median min minimum mode msort mv nan_to_num nanmean nanmedian nansum neg negative nonzero outer
    permute positive prod rad2deg reciprocal relu reshape roll rot90 round rsqrt scatter_add select sgn sigmoid
    sign signbit sin sinc sinh softmax sort split_with_sizes sqrt square squeeze sum swapaxes swapdims t take
    take_along_dim tan tanh tile topk trace transpose tril triu trunc unbind unflatten unique_consecutive
    unsqueeze
""".split())


def torch_function(name: str, fn):
    """``fn`` as the top-level ``torch.<name>``: with NumPy's keyword names and, for the names in ``TENSOR_FIRST``,
    torch's TypeError when the input is no Tensor. torch reports a wrong input of an overloaded function called with
    more arguments as an invalid combination of arguments; this names the input always."""
    return numpy_aliases(fn, name if name in TENSOR_FIRST else None)


def bind_family(family) -> None:
    """Make a family's functions Tensor methods, and their in-place ``name_`` forms."""
    for name, fn in getattr(family, "METHODS", {}).items():
        setattr(Tensor, name, numpy_aliases(fn))
    for name, fn in getattr(family, "INPLACE", {}).items():
        setattr(Tensor, name if name.startswith("__") else name + "_", inplace(fn))


for _family in FAMILIES:
    bind_family(_family)
