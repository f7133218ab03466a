"""dtype objects with torch's names, and `result_type`: the one type-promotion rule."""

from __future__ import annotations

import builtins as _b

import numpy as np

_pybool, _pyint, _pyfloat = _b.bool, _b.int, _b.float

__all__ = [
    "dtype", "float16", "half", "float32", "float", "float64", "double", "int8", "int16", "short",
    "int32", "int", "int64", "long", "uint8", "bool", "get_default_dtype", "set_default_dtype",
    "result_type", "promote_types", "can_cast", "to_dtype", "from_numpy_dtype",
]

# Categories order the kinds of number: a higher one always wins a promotion.
_BOOL, _INT, _FLOAT = 0, 1, 2


class dtype:
    """A tensor element type, named and printed as torch names it (``torchless.float32``)."""

    __slots__ = ("name", "np", "category", "itemsize", "is_floating_point", "is_signed", "is_complex",
                 "_torch_name")

    def __init__(self, name: str, np_dtype, category: int, torch_name: str):
        self.name = name
        self._torch_name = torch_name  # the scalar-type name torch's messages use ("Float", "Long")
        self.np = np.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_floating_point = category == _FLOAT
        self.is_signed = self.np.kind != "u" and self.np.kind != "b"
        self.is_complex = False

    def __repr__(self) -> str:
        return "torch." + self.name

    def __reduce__(self):
        return (to_dtype, (self.name,))

    def to_real(self) -> dtype:
        return self

    to_complex = to_real


float16 = half = dtype("float16", np.float16, _FLOAT, "Half")
float32 = float = dtype("float32", np.float32, _FLOAT, "Float")
float64 = double = dtype("float64", np.float64, _FLOAT, "Double")
int8 = dtype("int8", np.int8, _INT, "Char")
int16 = short = dtype("int16", np.int16, _INT, "Short")
int32 = int = dtype("int32", np.int32, _INT, "Int")
int64 = long = dtype("int64", np.int64, _INT, "Long")
uint8 = dtype("uint8", np.uint8, _INT, "Byte")
bool = dtype("bool", np.bool_, _BOOL, "Bool")  # noqa: A001 - torch's name

_ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, bool)
_BY_NP = {d.np: d for d in _ALL}
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, float=float32, double=float64, short=int16, int=int32, long=int64)

_default = [float32]


def get_default_dtype() -> dtype:
    """The floating-point dtype of new tensors made from Python floats (float32 unless changed)."""
    return _default[0]


def set_default_dtype(d: dtype) -> None:
    """Set the default floating-point dtype; as in torch only float32 and float64 (and float16) are allowed."""
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default[0] = d


def from_numpy_dtype(np_dtype) -> dtype:
    """The torchless dtype of a NumPy dtype; TypeError for kinds torch cannot hold."""
    d = _BY_NP.get(np.dtype(np_dtype))
    if d is None:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only supported types are: "
            "float64, float32, float16, int64, int32, int16, int8, uint8, and bool."
        )
    return d


def to_dtype(d) -> dtype:
    """Accept a torchless dtype, a NumPy dtype, a Python type or a name, and return the torchless dtype."""
    if isinstance(d, dtype):
        return d
    if isinstance(d, str):
        name = d[6:] if d.startswith("torch.") else d
        if name in _BY_NAME:
            return _BY_NAME[name]
        raise TypeError(f"invalid dtype {d!r}")
    if d is _pyfloat:
        return float64
    if d is _pyint:
        return int64
    if d is _pybool:
        return bool
    return from_numpy_dtype(d)


def promote_types(a: dtype, b: dtype) -> dtype:
    """torch.promote_types: the higher category wins; within one, the smallest type holding both."""
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    return _BY_NP[np.promote_types(a.np, b.np)]


def _scalar_dtype(x) -> dtype:
    if isinstance(x, _pybool):
        return bool
    if isinstance(x, _pyint):
        return int64
    return get_default_dtype()


def result_type(*operands) -> dtype:
    """The dtype torch gives an op on these operands (tensors, 0-dim tensors, Python numbers).

    Three priority groups: tensors with dims, 0-dim tensors, Python scalars. The highest category present
    decides; its dtype comes from the highest-priority group that has that category, so ``x_float16 * 2.5``
    stays float16 and ``x_int * 2.5`` becomes the default float dtype.
    """
    dims = zero = scal = None
    for x in operands:
        d = getattr(x, "dtype", None)
        if isinstance(d, dtype):
            if x.ndim:
                dims = d if dims is None else promote_types(dims, d)
            else:
                zero = d if zero is None else promote_types(zero, d)
        else:
            d = _scalar_dtype(x)
            scal = d if scal is None else promote_types(scal, d)
    best = None
    for group in (dims, zero, scal):
        if group is not None and (best is None or group.category > best.category):
            best = group
    return best


def can_cast(from_: dtype, to: dtype) -> _pybool:
    """torch.can_cast: no float to int, no int/float to bool, any cast up the categories."""
    return from_.category <= to.category
