"""dtype objects with torch's names, torch's promotion table, finfo/iinfo, and `result_type`: the promotion rule."""

from __future__ import annotations

import builtins as _b

import numpy as np

_pybool, _pyint, _pyfloat, _pycomplex = _b.bool, _b.int, _b.float, _b.complex

__all__ = [
    "dtype", "finfo", "iinfo", "get_default_dtype", "set_default_dtype", "promote_types", "can_cast",
    "float16", "half", "bfloat16", "float32", "float", "float64", "double",
    "complex32", "chalf", "complex64", "cfloat", "complex128", "cdouble",
    "uint8", "uint16", "uint32", "uint64", "int8", "int16", "short", "int32", "int", "int64", "long", "bool",
    "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2",
    "qint8", "quint8", "qint32", "quint4x2", "quint2x4",
    "bits1x8", "bits2x4", "bits4x2", "bits8", "bits16", "bit",
    "int1", "int2", "int3", "int4", "int5", "int6", "int7",
    "uint1", "uint2", "uint3", "uint4", "uint5", "uint6", "uint7",
]

# Categories order the kinds of number: a higher one always wins a promotion.
_BOOL, _INT, _FLOAT, _COMPLEX = 0, 1, 2, 3
_OTHER = -1  # quantized, bit and sub-byte types: no arithmetic, no promotion


class dtype:
    """A tensor element type, named and printed as torch names it (``torch.float32``).

    ``np`` is the NumPy dtype that holds the data (None for types NumPy cannot store, such as bfloat16);
    ``_torch_name`` is torch's ScalarType name used in its messages (``"Float"``, ``"Long"``).
    """

    __slots__ = ("name", "np", "category", "itemsize", "is_floating_point", "_signed", "is_complex",
                 "_torch_name", "_cpp_name", "abbr", "_real", "_complex", "_storable")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.dtype' instances")

    def __repr__(self) -> str:
        return "torch." + self.name

    @property
    def is_signed(self) -> _pybool:
        if isinstance(self._signed, str):
            raise RuntimeError(self._signed)
        return self._signed

    def __reduce__(self):
        return (_by_name, (self.name,))

    def to_real(self) -> dtype:
        """The real counterpart of a complex dtype (itself for real dtypes)."""
        return self._real if self._real is not None else self

    def to_complex(self) -> dtype:
        """The complex dtype with this dtype's precision."""
        if self._complex is None:
            raise RuntimeError(f"Unknown Complex ScalarType for {self._torch_name}")
        return self._complex


def _make(name, np_dtype, category, torch_name, cpp_name, abbr, itemsize, signed, storable=True) -> dtype:
    d = object.__new__(dtype)
    d.name = name
    d.np = None if np_dtype is None else np.dtype(np_dtype)
    d.category = category
    d._torch_name = torch_name
    d._cpp_name = cpp_name  # the C++ type name torch prints in TensorOptions and .grad messages
    d.abbr = abbr
    d.itemsize = itemsize
    d.is_floating_point = category == _FLOAT
    d.is_complex = category == _COMPLEX
    d._signed = signed  # or the RuntimeError text torch gives for types without a sign
    d._real = d._complex = None
    d._storable = storable and np_dtype is not None  # torchless can hold tensors of this dtype
    return d


float16 = half = _make("float16", np.float16, _FLOAT, "Half", "c10::Half", "f16", 2, True)
bfloat16 = _make("bfloat16", None, _FLOAT, "BFloat16", "c10::BFloat16", "bf16", 2, True)
float32 = float = _make("float32", np.float32, _FLOAT, "Float", "float", "f32", 4, True)
float64 = double = _make("float64", np.float64, _FLOAT, "Double", "double", "f64", 8, True)
complex32 = chalf = _make("complex32", None, _COMPLEX, "ComplexHalf", "c10::complex<c10::Half>", "c32", 4, True)
complex64 = cfloat = _make("complex64", np.complex64, _COMPLEX, "ComplexFloat", "c10::complex<float>", "c64", 8,
                           True, storable=False)
complex128 = cdouble = _make("complex128", np.complex128, _COMPLEX, "ComplexDouble", "c10::complex<double>",
                             "c128", 16, True, storable=False)
uint8 = _make("uint8", np.uint8, _INT, "Byte", "unsigned char", "u8", 1, False)
uint16 = _make("uint16", np.uint16, _INT, "UInt16", "short unsigned int", "u16", 2, False)
uint32 = _make("uint32", np.uint32, _INT, "UInt32", "unsigned int", "u32", 4, False)
uint64 = _make("uint64", np.uint64, _INT, "UInt64", "long unsigned int", "u64", 8, False)
int8 = _make("int8", np.int8, _INT, "Char", "signed char", "i8", 1, True)
int16 = short = _make("int16", np.int16, _INT, "Short", "short int", "i16", 2, True)
int32 = int = _make("int32", np.int32, _INT, "Int", "int", "i32", 4, True)  # noqa: A001 - torch's name
int64 = long = _make("int64", np.int64, _INT, "Long", "long int", "i64", 8, True)
bool = _make("bool", np.bool_, _BOOL, "Bool", "bool", "b8", 1, False)  # noqa: A001 - torch's name

float16._complex, float32._complex, float64._complex = complex32, complex64, complex128
complex32._real, complex64._real, complex128._real = float16, float32, float64
bfloat16._complex = complex64
for _c in (complex32, complex64, complex128):
    _c._complex = _c

float8_e4m3fn = _make("float8_e4m3fn", None, _FLOAT, "Float8_e4m3fn", "c10::Float8_e4m3fn", "f8e4m3fn", 1, True)
float8_e4m3fnuz = _make("float8_e4m3fnuz", None, _FLOAT, "Float8_e4m3fnuz", "c10::Float8_e4m3fnuz", "f8e4m3fnuz",
                        1, True)
float8_e5m2 = _make("float8_e5m2", None, _FLOAT, "Float8_e5m2", "c10::Float8_e5m2", "f8e5m2", 1, True)
float8_e5m2fnuz = _make("float8_e5m2fnuz", None, _FLOAT, "Float8_e5m2fnuz", "c10::Float8_e5m2fnuz", "f8e5m2fnuz",
                        1, True)
float8_e8m0fnu = _make("float8_e8m0fnu", None, _FLOAT, "Float8_e8m0fnu", "c10::Float8_e8m0fnu", "f8e8m0fnu", 1,
                       False)
float4_e2m1fn_x2 = _make("float4_e2m1fn_x2", None, _FLOAT, "Float4_e2m1fn_x2", "c10::Float4_e2m1fn_x2",
                         "f4e2m1fnx2", 1, True)
_QUANT = "isSignedType not supported for quantized types"
_BITS = "Bits types are undefined"
qint8 = _make("qint8", None, _OTHER, "QInt8", "c10::qint8", "qint8", 1, _QUANT)
quint8 = _make("quint8", None, _OTHER, "QUInt8", "c10::quint8", "quint8", 1, _QUANT)
qint32 = _make("qint32", None, _OTHER, "QInt32", "c10::qint32", "qint32", 4, _QUANT)
quint4x2 = _make("quint4x2", None, _OTHER, "QUInt4x2", "c10::quint4x2", "quint4x2", 1, _QUANT)
quint2x4 = _make("quint2x4", None, _OTHER, "QUInt2x4", "c10::quint2x4", "quint2x4", 1, _QUANT)
bits1x8 = _make("bits1x8", None, _OTHER, "Bits1x8", "c10::bits1x8", "b1x8", 1, _BITS)
bits2x4 = _make("bits2x4", None, _OTHER, "Bits2x4", "c10::bits2x4", "b2x4", 1, _BITS)
bits4x2 = _make("bits4x2", None, _OTHER, "Bits4x2", "c10::bits4x2", "b4x2", 1, _BITS)
bits8 = _make("bits8", None, _OTHER, "Bits8", "c10::bits8", "b8x1", 1, _BITS)
bits16 = _make("bits16", None, _OTHER, "Bits16", "c10::bits16", "b16x1", 2, _BITS)
int1 = _make("int1", None, _OTHER, "Int1", "c10::dummy_int1_7_t<1>", "int1", 1, True)
int2 = _make("int2", None, _OTHER, "Int2", "c10::dummy_int1_7_t<2>", "int2", 1, True)
int3 = _make("int3", None, _OTHER, "Int3", "c10::dummy_int1_7_t<3>", "int3", 1, True)
int4 = _make("int4", None, _OTHER, "Int4", "c10::dummy_int1_7_t<4>", "int4", 1, True)
int5 = _make("int5", None, _OTHER, "Int5", "c10::dummy_int1_7_t<5>", "int5", 1, True)
int6 = _make("int6", None, _OTHER, "Int6", "c10::dummy_int1_7_t<6>", "int6", 1, True)
int7 = _make("int7", None, _OTHER, "Int7", "c10::dummy_int1_7_t<7>", "int7", 1, True)
uint1 = _make("uint1", None, _OTHER, "UInt1", "c10::dummy_uint1_7_t<1>", "uint1", 1, False)
uint2 = _make("uint2", None, _OTHER, "UInt2", "c10::dummy_uint1_7_t<2>", "uint2", 1, False)
uint3 = _make("uint3", None, _OTHER, "UInt3", "c10::dummy_uint1_7_t<3>", "uint3", 1, False)
uint4 = _make("uint4", None, _OTHER, "UInt4", "c10::dummy_uint1_7_t<4>", "uint4", 1, False)
uint5 = _make("uint5", None, _OTHER, "UInt5", "c10::dummy_uint1_7_t<5>", "uint5", 1, False)
uint6 = _make("uint6", None, _OTHER, "UInt6", "c10::dummy_uint1_7_t<6>", "uint6", 1, False)
uint7 = _make("uint7", None, _OTHER, "UInt7", "c10::dummy_uint1_7_t<7>", "uint7", 1, False)
bit = uint1

_ALL = tuple(v for k, v in list(globals().items()) if isinstance(v, dtype) and k == v.name)
_STORABLE = tuple(d for d in _ALL if d._storable)
_BY_NP = {d.np: d for d in _STORABLE}  # NumPy dtype -> torchless dtype, for every dtype a Tensor can hold
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, float=float32, double=float64, short=int16, int=int32, long=int64, chalf=complex32,
                cfloat=complex64, cdouble=complex128)

_default = [float32]


def _by_name(name: str) -> dtype:
    return _BY_NAME[name]


def get_default_dtype() -> dtype:
    """The floating-point dtype of new tensors made from Python floats (float32 unless changed)."""
    return _default[0]


def set_default_dtype(d) -> None:
    """Set the default floating-point dtype (float32, float64 or float16), with torch's errors for others."""
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the default type")
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    if not d._storable:
        raise NotImplementedError(f"torchless does not support {d!r} tensors, so it cannot be the default dtype")
    _default[0] = d


def from_numpy_dtype(np_dtype) -> dtype:
    """The torchless dtype of a NumPy dtype; torch's TypeError for kinds torch cannot hold."""
    npd = np.dtype(np_dtype)
    d = _BY_NP.get(npd)
    if d is None:
        if npd.kind == "c" and npd.itemsize in (8, 16):
            raise NotImplementedError(f"torchless does not support complex tensors (numpy.{npd.name})")
        if npd.isnative or npd.newbyteorder("=") not in _BY_NP:
            raise TypeError(
                f"can't convert np.ndarray of type numpy.{npd.type.__name__}. The only supported types are: "
                "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
                "uint16, uint8, and bool.")
        return _BY_NP[npd.newbyteorder("=")]
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
    if d is _pycomplex:
        return complex128
    return from_numpy_dtype(d)


def _promote_error(a: dtype, b: dtype) -> RuntimeError:
    if a.category == _OTHER or b.category == _OTHER:
        return RuntimeError(f"Promotion for {a._torch_name} and {b._torch_name} is not supported by torchless")
    if a.name.startswith("float8") or b.name.startswith("float8") or a.name.startswith("float4") \
            or b.name.startswith("float4"):
        return RuntimeError(f"Promotion for Float8 Types is not supported, attempted to promote {a._torch_name} and "
                            f"{b._torch_name}")
    return RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                        f"{a._torch_name} and {b._torch_name}")


_BARRIER = frozenset(("uint16", "uint32", "uint64"))
# torch's float ranks (bfloat16 and float16 promote to float32); complex dtypes take the rank of their real part
_FLOAT_RANK = {"float16": 0, "bfloat16": 0, "float32": 1, "float64": 2}
_FLOAT_OF_RANK = (None, float32, float64)
_COMPLEX_OF_RANK = (complex32, complex64, complex128)


def promote_types(type1: dtype, type2: dtype) -> dtype:
    """torch.promote_types: the smallest dtype both convert to without leaving their category."""
    a, b = type1, type2
    if a is b:
        return a
    if a.category == _OTHER or b.category == _OTHER or a.itemsize == 1 and a.is_floating_point \
            or b.itemsize == 1 and b.is_floating_point:
        raise _promote_error(a, b)
    if a.name in _BARRIER or b.name in _BARRIER:  # the wide unsigned types only promote to floats
        if a.category == _FLOAT or b.category == _FLOAT:
            return a if a.category == _FLOAT else b
        raise _promote_error(a, b)
    if _COMPLEX not in (a.category, b.category) and a.category != b.category:
        return a if a.category > b.category else b
    if a.category == _COMPLEX or b.category == _COMPLEX:
        return _COMPLEX_OF_RANK[_complex_rank(a, b)]
    if a.category == _INT or a.category == _BOOL:
        return _BY_NP[np.promote_types(a.np, b.np)]
    if a.category == _FLOAT and b.category == _FLOAT:
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return float32
        return a if _FLOAT_RANK[a.name] > _FLOAT_RANK[b.name] else b
    raise _promote_error(a, b)


def _complex_rank(a: dtype, b: dtype) -> _pyint:
    """The precision of the complex result: the widest float part; float16 with bfloat16 gives float32's."""
    if {a.to_real().name, b.to_real().name} == {"float16", "bfloat16"}:
        return 1
    return max(_rank(a), _rank(b))


def _rank(d: dtype) -> _pyint:
    if d.category == _COMPLEX:
        return _FLOAT_RANK[d._real.name]
    if d.category == _FLOAT:
        return _FLOAT_RANK[d.name]
    return 0


def _scalar_dtype(x) -> dtype:
    if isinstance(x, _pybool):
        return bool
    if isinstance(x, _pyint):
        return int64
    if isinstance(x, _pycomplex):
        return _default[0]._complex
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
    """torch.can_cast: no complex to real, no float to int, nothing but bool to bool."""
    return from_.category <= to.category


# ----------------------------------------------------------------------------------------------------------------
# finfo / iinfo

_BF16_INFO = (16, 0.0078125, 3.3895313892515355e38, 1.1754943508222875e-38, 0.01)


def _g6(x) -> str:
    return f"{x:g}"


class finfo:
    """Machine limits of a floating point dtype: ``torch.finfo(torch.float32).eps``."""

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type: dtype | None = None):  # noqa: A002 - torch's name
        if type is None:
            type = get_default_dtype()
        elif type is _pyfloat:
            type = float64
        elif not isinstance(type, dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{_b.type(type).__name__}")
        if type.category == _COMPLEX:
            type = type.to_real()
        if not type.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        if type is bfloat16:
            self.bits, self.eps, self.max, self.tiny, self.resolution = _BF16_INFO
        elif type.np is None:
            raise NotImplementedError(f"torchless: torch.finfo({type!r}) is not supported")
        else:
            info = np.finfo(type.np)
            self.bits = info.bits
            self.eps = _pyfloat(info.eps)
            self.max = _pyfloat(info.max)
            self.tiny = _pyfloat(info.smallest_normal)
            self.resolution = 10.0 ** -info.precision
        self.min = -self.max
        self.smallest_normal = self.tiny
        self.dtype = type.name

    def __eq__(self, other) -> _pybool:
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __hash__(self) -> _pyint:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (f"finfo(resolution={_g6(self.resolution)}, min={_g6(self.min)}, max={_g6(self.max)}, "
                f"eps={_g6(self.eps)}, smallest_normal={_g6(self.smallest_normal)}, tiny={_g6(self.tiny)}, "
                f"dtype={self.dtype})")

    __str__ = __repr__


class iinfo:
    """Limits of an integer dtype: ``torch.iinfo(torch.int32).max``."""

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, type: dtype):  # noqa: A002 - torch's name
        if not isinstance(type, dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{_b.type(type).__name__}")
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.category != _INT:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(type.np)
        self.bits = info.bits
        self.max = _pyint(info.max)
        self.min = _pyint(info.min)
        self.dtype = type.name

    def __eq__(self, other) -> _pybool:
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __hash__(self) -> _pyint:
        return hash(("iinfo", self.dtype))

    def __repr__(self) -> str:
        return f"iinfo(min={_g6(_pyfloat(self.min))}, max={_g6(_pyfloat(self.max))}, dtype={self.dtype})"

    __str__ = __repr__
