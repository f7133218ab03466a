"""torchless.save / torchless.load in PyTorch's own checkpoint format, readable and written without torch.

A checkpoint is a zip archive (entries stored uncompressed, each aligned to 64 bytes)::

    <name>/data.pkl                  pickle (protocol 2) of the object; tensor storages are persistent ids
    <name>/.format_version           "1"
    <name>/.storage_alignment        "64"
    <name>/byteorder                 "little"
    <name>/data/<key>                the raw bytes of storage <key>
    <name>/version                   "3\\n"
    <name>/.data/serialization_id    40 digits

A tensor pickles as ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)``
whose storage is the persistent id ``('storage', torch.FloatStorage, key, 'cpu', numel)``; tensors viewing the
same memory share one storage, as in torch. Loading maps these torch names to torchless objects, so files
written by real torch load without torch installed. With ``weights_only=True`` (the default, as in torch) the
unpickler accepts only tensors, containers, numbers, strings, dtypes and the like: any other global is refused
with torch's ``pickle.UnpicklingError`` message, and no code from the file runs.
"""

from __future__ import annotations

import _compat_pickle
import codecs
import collections
import contextlib
import io
import os
import pickle
import re
import secrets
import struct
import sys
import tempfile
import zipfile
from typing import Any

import numpy as np

from . import _dtype as D
from ._device import device
from ._tensor import Size, Tensor

__all__ = ["save", "load", "add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals"]

_ALIGNMENT = 64
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to "
    "`True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in "
    "arbitrary code execution. Do it only if you got the file from a trusted source.")
DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only "
    "https://pytorch.org/docs/stable/generated/torch.load.html.")
_CORRUPT = (
    ". This is an internal miniz error. If you are seeing this error, there is a high likelihood that your "
    "checkpoint file is corrupted. This can happen if the checkpoint was not saved properly, was transferred "
    "incorrectly, or the file was modified after saving.")

# torch's legacy storage class for each dtype torchless has, and back
_STORAGE_NAMES = {
    D.float32: "FloatStorage", D.float64: "DoubleStorage", D.float16: "HalfStorage", D.int64: "LongStorage",
    D.int32: "IntStorage", D.int16: "ShortStorage", D.int8: "CharStorage", D.uint8: "ByteStorage",
    D.bool: "BoolStorage",
}
_DTYPE_OF_STORAGE = {name: dt for dt, name in _STORAGE_NAMES.items()}
_TORCH_ONLY_DTYPES = {  # dtypes torch can save that torchless has no counterpart for
    "bfloat16": "BFloat16Storage", "complex32": "ComplexHalfStorage", "complex64": "ComplexFloatStorage",
    "complex128": "ComplexDoubleStorage", "qint8": "QInt8Storage", "quint8": "QUInt8Storage",
    "qint32": "QInt32Storage", "quint4x2": "QUInt4x2Storage", "quint2x4": "QUInt2x4Storage",
    "uint16": None, "uint32": None, "uint64": None, "float8_e4m3fn": None, "float8_e5m2": None,
    "float8_e4m3fnuz": None, "float8_e5m2fnuz": None, "cfloat": None, "cdouble": None, "chalf": None,
    "bits8": None, "bits16": None, "bits1x8": None, "bits2x4": None, "bits4x2": None,
}


# ---------------------------------------------------------------------------------------------------------------
# saving
# ---------------------------------------------------------------------------------------------------------------
class _Global:
    """A name the pickle refers to by ``GLOBAL module name`` (torch's, which torchless need not import)."""

    __slots__ = ("module", "name")
    _cache: dict = {}

    def __new__(cls, module: str, name: str):
        key = (module, name)
        g = cls._cache.get(key)
        if g is None:
            g = object.__new__(cls)
            g.module, g.name = module, name
            cls._cache[key] = g
        return g

    def __call__(self, *args):  # pickle insists a reduce function is callable; this one is only ever written
        raise TypeError(f"{self.module}.{self.name} is a name in a torch pickle, not a torchless function")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_TORCH_DEVICE = _Global("torch", "device")
_TORCH_SIZE = _Global("torch", "Size")


class _StorageRef:
    """A storage being saved: the array whose memory it is (flat, in memory order) and its record key."""

    __slots__ = ("flat", "dtype", "key")

    def __init__(self, flat: np.ndarray, dtype: D.dtype, key: str):
        self.flat, self.dtype, self.key = flat, dtype, key


def _parameter_class():
    nn = sys.modules.get("torchless.nn")
    return getattr(nn, "Parameter", None) if nn is not None else None


def _memory_root(arr: np.ndarray) -> np.ndarray:
    """The array at the bottom of ``arr``'s chain of NumPy views."""
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def _address(arr: np.ndarray) -> int:
    return arr.__array_interface__["data"][0]


class _Pickler(pickle._Pickler):
    """The pure-Python pickler, taught torch's reductions for tensors, dtypes, devices and sizes.

    (The pure-Python class is used because only it can write a ``GLOBAL torch._utils ...`` name without
    importing that module.)
    """

    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file, protocol: int):
        super().__init__(file, protocol)
        self.storages: dict[int, tuple] = {}  # id(memory root) -> (root, _StorageRef)
        self.records: list[_StorageRef] = []

    def _write_global(self, module: str, name: str, obj) -> None:
        self.write(pickle.GLOBAL + module.encode("utf-8") + b"\n" + name.encode("utf-8") + b"\n")
        self.memoize(obj)

    def save_torch_global(self, obj: _Global) -> None:
        self._write_global(obj.module, obj.name, obj)

    def save_dtype(self, obj: D.dtype) -> None:
        self._write_global("torch", obj.name, obj)

    dispatch[_Global] = save_torch_global
    dispatch[D.dtype] = save_dtype

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:
            return ("storage", _Global("torch", _STORAGE_NAMES[obj.dtype]), obj.key, "cpu", obj.flat.size)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            param = _parameter_class()
            if param is not None and isinstance(obj, param):
                return (_REBUILD_PARAMETER, (Tensor._make(obj._data), obj.requires_grad, collections.OrderedDict()))
            ref, offset, stride = self._storage(obj)
            return (_REBUILD_TENSOR, (ref, offset, tuple(obj._data.shape), stride, obj.requires_grad,
                                      collections.OrderedDict()))
        if isinstance(obj, device):
            return (_TORCH_DEVICE, (str(obj),))
        if isinstance(obj, Size):
            return (_TORCH_SIZE, (tuple(obj),))
        return NotImplemented

    def _new_storage(self, flat: np.ndarray, dt: D.dtype) -> _StorageRef:
        ref = _StorageRef(flat, dt, str(len(self.records)))
        self.records.append(ref)
        return ref

    def _storage(self, t: Tensor) -> tuple[_StorageRef, int, tuple]:
        """The storage under ``t`` (shared with other tensors viewing the same memory), offset and strides."""
        arr, dt = t._data, t.dtype
        itemsize = arr.itemsize
        root = _memory_root(arr)
        ok = arr.size > 0 and (root.flags.c_contiguous or root.flags.f_contiguous) and root.nbytes % itemsize == 0
        if ok:
            offset, rem = divmod(_address(arr) - _address(root), itemsize)
            strides = [s // itemsize for s in arr.strides]
            ok = rem == 0 and all(s >= 0 and s % itemsize == 0 for s in arr.strides)
        if not ok:  # not a plain view of one block of memory: save a compact copy of its own
            strides, n = [], 1
            for size in reversed(arr.shape):  # torch's contiguous strides (size-0 dims count as 1)
                strides.append(n)
                n *= max(size, 1)
            flat = np.array(arr, order="C").reshape(-1)
            return self._new_storage(flat, dt), 0, tuple(reversed(strides))
        entry = self.storages.get(id(root))
        if entry is None:
            flat = root.reshape(-1, order="A").view(arr.dtype)
            entry = (root, self._new_storage(flat, dt))
            self.storages[id(root)] = entry
        elif entry[1].dtype is not dt:
            raise RuntimeError("Cannot save multiple tensors or storages that view the same data as different types")
        return entry[1], offset, tuple(strides)


def _archive_name(f) -> str:
    return os.path.splitext(os.path.basename(os.fsdecode(f)))[0] if _is_path(f) else "archive"


def _is_path(f) -> bool:
    return isinstance(f, (str, bytes, os.PathLike))


def _write_archive(out, name: str, records: list[tuple[str, Any]]) -> None:
    """A zip of stored entries whose data start at multiples of 64 bytes (padding in torch's 'FB' extra field)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for rec, data in records:
            info = zipfile.ZipInfo(f"{name}/{rec}", date_time=(1980, 1, 1, 0, 0, 0))
            nbytes = memoryview(data).nbytes
            zip64 = nbytes * 1.05 > zipfile.ZIP64_LIMIT
            base = out.tell() + 30 + len(info.filename.encode("utf-8")) + 4 + (20 if zip64 else 0)
            pad = -base % _ALIGNMENT
            info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
            zf.writestr(info, data)
            info.extra = b""  # the padding belongs in the local header only


def save(obj: object, f, pickle_module=None, pickle_protocol: int = 2, _use_new_zipfile_serialization: bool = True,
         _disable_byteorder_record: bool = False) -> None:
    """Save ``obj`` (tensors, state dicts, nested containers, numbers, ...) to a path or a writable file object.

    The file is PyTorch's format: ``torch.load`` reads it. A path is written atomically: to a temporary file in
    the same directory, then renamed over the target, so an interrupted save never leaves a broken file.
    """
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("torchless.save writes only the zip format: _use_new_zipfile_serialization=False "
                                  "(the legacy format) is not supported")
    if pickle_module is not None and pickle_module is not pickle:
        raise NotImplementedError("torchless.save does not support a custom pickle_module")
    if _is_path(f):
        parent = os.path.dirname(os.path.abspath(os.fsdecode(f)))
        if not os.path.isdir(parent):
            raise RuntimeError(f"Parent directory {os.path.dirname(os.fsdecode(f))} does not exist.")
    buf = io.BytesIO()
    pickler = _Pickler(buf, pickle_protocol)
    pickler.dump(obj)
    records: list[tuple[str, Any]] = [("data.pkl", buf.getvalue()), (".format_version", b"1"),
                                      (".storage_alignment", str(_ALIGNMENT).encode())]
    if not _disable_byteorder_record:
        records.append(("byteorder", sys.byteorder.encode()))
    records += [(f"data/{ref.key}", ref.flat.view(np.uint8)) for ref in pickler.records]
    records += [("version", b"3\n"), (".data/serialization_id", f"{secrets.randbits(128):040d}".encode())]
    out = io.BytesIO()
    _write_archive(out, _archive_name(f), records)
    if _is_path(f):
        _atomic_write(os.fsdecode(f), out.getbuffer())
    else:
        f.write(out.getbuffer())
        if hasattr(f, "flush"):
            f.flush()


def _atomic_write(path: str, data) -> None:
    """Write ``data`` to a temporary file next to ``path``, sync it, then rename it over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------------------------
class _LoadedStorage:
    """A storage read from a checkpoint: a flat NumPy array of its dtype."""

    __slots__ = ("array", "dtype")

    def __init__(self, array: np.ndarray, dtype: D.dtype):
        self.array, self.dtype = array, dtype


class _StorageType:
    """What a ``torch.FloatStorage`` (etc.) global stands for while loading: its dtype."""

    __slots__ = ("dtype", "name")

    def __init__(self, name: str, dtype: D.dtype | None):
        self.name, self.dtype = name, dtype


def _tensor_from_storage(storage, storage_offset, size, stride, dtype: D.dtype | None = None) -> Tensor:
    if not isinstance(storage, _LoadedStorage):
        raise pickle.UnpicklingError(f"expected a storage to rebuild a tensor from, but got {type(storage).__name__}")
    arr = storage.array
    if dtype is not None and dtype.np != arr.dtype:
        if arr.nbytes % dtype.itemsize:
            raise RuntimeError(f"storage of {arr.nbytes} bytes cannot hold elements of {dtype}")
        arr = arr.view(dtype.np)
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    offset = int(storage_offset)
    if len(size) != len(stride) or any(s < 0 for s in size) or any(s < 0 for s in stride) or offset < 0:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    itemsize = arr.itemsize
    need = 0 if 0 in size else offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
    if need > arr.size:
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {itemsize} requiring a storage size of {need * itemsize} are out of bounds for "
                           f"storage of size {arr.nbytes}")
    if 0 in size:  # no memory to view: an empty array carrying the given strides
        return Tensor._make(np.lib.stride_tricks.as_strided(np.empty(0, dtype=arr.dtype), shape=size,
                                                            strides=tuple(s * itemsize for s in stride)))
    return Tensor._make(np.ndarray(size, arr.dtype, buffer=arr, offset=offset * itemsize,
                                   strides=tuple(s * itemsize for s in stride)))


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None):
    t = _tensor_from_storage(storage, storage_offset, size, stride)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks, dtype,
                       metadata=None):
    if not isinstance(dtype, D.dtype):
        raise pickle.UnpicklingError(f"expected a dtype, but got {type(dtype).__name__}")
    t = _tensor_from_storage(storage, storage_offset, size, stride, dtype)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _tensor_from_storage(storage, storage_offset, size, stride)


def _make_parameter(data, requires_grad):
    if not isinstance(data, Tensor):
        raise pickle.UnpicklingError(f"expected a tensor for a Parameter, but got {type(data).__name__}")
    param = _parameter_class()
    if param is not None:
        return param(data, requires_grad)
    t = Tensor._make(data._data)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return _make_parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    param = _make_parameter(data, requires_grad)
    _set_state(param, state)
    return param


def _set_state(obj, state) -> None:
    if not state:
        return
    if isinstance(state, tuple) and len(state) == 2:
        dict_state, slots_state = state
        state = {**(dict_state or {}), **(slots_state or {})}
    for k, v in state.items():
        try:
            setattr(obj, k, v)
        except AttributeError:
            raise NotImplementedError(f"torchless.load cannot restore the Python attribute {k!r} of a tensor") \
                from None


def _rebuild_from_type_v2(func, new_type, args, state):
    ret = func(*args)
    if new_type is not Tensor and isinstance(ret, Tensor) and not isinstance(ret, new_type):
        param = _parameter_class()
        if param is not None and new_type is param:
            ret = param(ret, ret.requires_grad)
        else:
            raise NotImplementedError(f"torchless.load cannot rebuild a tensor of type {new_type}")
    _set_state(ret, state)
    return ret


def _encode(obj, encoding="utf-8", errors="strict"):
    """``_codecs.encode`` as protocol-2 pickles use it for bytes (latin1 only: no other codec is looked up)."""
    if not isinstance(obj, str) or encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError("_codecs.encode is only allowed for latin1-encoded bytes")
    return codecs.encode(obj, encoding, errors)


def _get_layout(name):
    if name != "torch.strided":
        raise NotImplementedError(f"torchless.load does not support tensors with layout {name}")
    return name


class _ParameterClass:
    """``torch.nn.parameter.Parameter`` in a pickle: torchless's Parameter class once torchless.nn provides it."""

    def __call__(self, data=None, requires_grad=True):
        return _make_parameter(data, requires_grad)


def _allowed_globals() -> dict[str, Any]:
    rc: dict[str, Any] = {
        "collections.OrderedDict": collections.OrderedDict,
        "collections.Counter": collections.Counter,
        "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
        "torch._utils._rebuild_tensor_v3": _rebuild_tensor_v3,
        "torch._utils._rebuild_tensor": _rebuild_tensor,
        "torch._utils._rebuild_parameter": _rebuild_parameter,
        "torch._utils._rebuild_parameter_with_state": _rebuild_parameter_with_state,
        "torch._tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
        "torch.serialization._get_layout": _get_layout,
        "torch.Size": Size,
        "torch.Tensor": Tensor,
        "torch.device": device,
        "_codecs.encode": _encode,
        "builtins.bytearray": bytearray,
        "builtins.set": set,
        "builtins.complex": complex,
    }
    param = _parameter_class()
    rc["torch.nn.parameter.Parameter"] = param if param is not None else _ParameterClass()
    for name, dt in D._BY_NAME.items():
        rc[f"torch.{name}"] = dt
    for name, dt in _DTYPE_OF_STORAGE.items():
        rc[f"torch.{name}"] = _StorageType(name, dt)
    rc["torch.UntypedStorage"] = rc["torch.storage.UntypedStorage"] = _StorageType("UntypedStorage", D.uint8)
    return rc


_user_safe_globals: dict[str, Any] = {}


def _qualified_name(obj) -> str:
    if isinstance(obj, tuple):
        return obj[1]
    return f"{obj.__module__}.{obj.__qualname__}"


def add_safe_globals(safe_globals: list) -> None:
    """Allow these classes/functions (or ``(obj, 'module.name')`` pairs) when loading with ``weights_only``."""
    for g in safe_globals:
        _user_safe_globals[_qualified_name(g)] = g[0] if isinstance(g, tuple) else g


def get_safe_globals() -> list:
    return list(_user_safe_globals.values())


def clear_safe_globals() -> None:
    _user_safe_globals.clear()


@contextlib.contextmanager
def safe_globals(globals_list: list):
    """Within the block, also allow these globals when loading with ``weights_only``."""
    saved = dict(_user_safe_globals)
    add_safe_globals(globals_list)
    try:
        yield
    finally:
        _user_safe_globals.clear()
        _user_safe_globals.update(saved)


class _Refused(pickle.UnpicklingError):
    """A global refused by the weights-only unpickler (its message is already in torch's form)."""


def _wo_message(message: str) -> str:
    """torch's wrapping of a weights-only unpickling error."""
    if re.search(r"GLOBAL (\S+) was not an allowed global by default.", message):
        return ("Weights only load failed. This file can still be loaded, to do so you have two options, "
                "\033[1mdo those steps only if you trust the source of the checkpoint\033[0m. "
                f"\n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` please check the "
                "recommended steps in the following error message.\n\tWeightsUnpickler error: " + message
                + DOCS_MESSAGE)
    updated = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
    if not re.search(r"whose module (\S+) is blocked", message):
        updated += ("Please file an issue with the following so that we can make `weights_only=True` compatible "
                    "with your use case: WeightsUnpickler error: ")
    return updated + "\n\n" + message + DOCS_MESSAGE


def _unsupported_dtype(name: str):
    raise NotImplementedError(f"torchless.load cannot load tensors of dtype torch.{name}: torchless has no such "
                              "dtype")


class _Unpickler(pickle.Unpickler):
    """Maps torch's globals to torchless objects; with ``weights_only`` refuses every other global."""

    def __init__(self, file, archive: _Archive, weights_only: bool, map_location, **kwargs):
        super().__init__(file, **kwargs)
        self.archive = archive
        self.weights_only = weights_only
        self.map_location = map_location
        self.allowed = _allowed_globals()
        self.loaded: dict[str, _LoadedStorage] = {}

    def find_class(self, module: str, name: str):
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
        full = f"{module}.{name}"
        if full in self.allowed:
            return self.allowed[full]
        if full in _user_safe_globals:
            return _user_safe_globals[full]
        if module == "torch" and (name in _TORCH_ONLY_DTYPES or name in _TORCH_ONLY_DTYPES.values()):
            _unsupported_dtype(next((k for k, v in _TORCH_ONLY_DTYPES.items() if name in (k, v)), name))
        if module == "torch" or module.startswith("torch."):
            if self.weights_only:
                self._refuse(module, full)
            raise NotImplementedError(f"torchless.load cannot rebuild {full}: it is a PyTorch object with no "
                                      "torchless counterpart")
        if self.weights_only:
            self._refuse(module, full)
        return super().find_class(module, name)

    @staticmethod
    def _refuse(module: str, full: str):
        if module in ("sys", "os", "posix", "nt"):
            raise _Refused(f"Trying to load unsupported GLOBAL {full} whose module {module} is blocked.")
        if full.startswith("builtins."):
            full = full[len("builtins."):]
        raise _Refused(
            f"Unsupported global: GLOBAL {full} was not an allowed global by default. Please use "
            f"`torch.serialization.add_safe_globals([{full}])` or the `torch.serialization.safe_globals([{full}])` "
            "context manager to allowlist this global if you trust this class/function.")

    def persistent_load(self, pid):
        if type(pid) is not tuple or len(pid) != 5 or _ascii(pid[0]) != "storage":
            raise pickle.UnpicklingError("Only persistent_load of storage is allowed, but got "
                                         f"{type(pid[0] if isinstance(pid, tuple) and pid else pid)}")
        _, storage_type, key, location, numel = pid
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"unknown storage type {storage_type!r}")
        key, location = _ascii(key), _ascii(location)
        if not isinstance(key, str) or not isinstance(numel, int) or numel < 0:
            raise pickle.UnpicklingError("malformed storage persistent id")
        storage = self.loaded.get(key)
        if storage is None:
            _check_location(location, self.map_location)
            storage = _LoadedStorage(self.archive.read_storage(f"data/{key}", storage_type.dtype, numel),
                                     storage_type.dtype)
            self.loaded[key] = storage
        return storage


def _ascii(x):
    return x.decode("ascii") if isinstance(x, bytes) else x


def _check_location(location: str, map_location) -> None:
    """Where the storage goes (always the CPU here): torch's error for a CUDA tensor loaded without a mapping."""
    if map_location is None:
        loc = location
    elif isinstance(map_location, dict):
        loc = map_location.get(location, location)
    elif isinstance(map_location, (str, bytes, device)):
        loc = _ascii(map_location) if isinstance(map_location, bytes) else str(map_location)
    elif callable(map_location):
        return  # a function that maps storages: torchless storages stay on the CPU whatever it returns
    else:
        raise TypeError(f"map_location should be a str, a torch.device, a dict or a callable, but got "
                        f"{type(map_location).__name__}")
    if isinstance(loc, device):
        loc = str(loc)
    if loc == "cpu":
        return
    backend = loc.split(":")[0]
    if backend in ("cuda", "mps", "xpu", "hpu"):
        raise RuntimeError(
            f"Attempting to deserialize object on a {backend.upper()} device but torch.{backend}.is_available() is "
            "False. If you are running on a CPU-only machine, please use torch.load with "
            "map_location=torch.device('cpu') to map your storages to the CPU.")
    raise RuntimeError(f"don't know how to restore data location of torch.storage.UntypedStorage (tagged with {loc})")


class _Archive:
    """A torch zip checkpoint being read: its records by name under the archive's top folder."""

    def __init__(self, fileobj):
        try:
            self.zf = zipfile.ZipFile(fileobj)
            names = self.zf.namelist()
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, struct.error) as e:
            raise RuntimeError("PytorchStreamReader failed reading zip archive: failed finding central directory"
                               + _CORRUPT) from e
        if not names:
            raise RuntimeError("PytorchStreamReader failed reading zip archive: not a torch checkpoint (empty "
                               "archive)" + _CORRUPT)
        self.prefix = names[0].split("/", 1)[0] + "/" if "/" in names[0] else ""
        self.infos = {n[len(self.prefix):]: i for n, i in zip(names, self.zf.infolist()) if n.startswith(self.prefix)}
        if self.prefix and ".data/version" not in self.infos and "version" not in self.infos:
            raise RuntimeError('Expected hasRecord("version") to be true, but got false.  (Could this error message '
                               "be improved?  If so, please report an enhancement request to PyTorch.)")

    def has(self, name: str) -> bool:
        return name in self.infos

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self.infos.get(name)
        if info is None:
            raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found" + _CORRUPT)
        return info

    def read(self, name: str) -> bytes:
        try:
            return self.zf.read(self._info(name))
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, struct.error) as e:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file read failed ({e})") from e

    def read_storage(self, name: str, dtype: D.dtype, numel: int) -> np.ndarray:
        """The record as a fresh writable array of ``numel`` elements of ``dtype`` (in native byte order)."""
        info = self._info(name)
        nbytes = numel * dtype.itemsize
        if info.file_size != nbytes:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: expected {nbytes} bytes for "
                               f"{numel} elements of {dtype} but the record holds {info.file_size}" + _CORRUPT)
        arr = np.empty(numel, dtype=dtype.np)
        try:
            with self.zf.open(info) as fh:
                view = memoryview(arr).cast("B")
                got = 0
                while got < nbytes:
                    n = fh.readinto(view[got:])
                    if not n:
                        break
                    got += n
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, struct.error) as e:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file read failed ({e})") from e
        if got != nbytes:
            raise RuntimeError(f"PytorchStreamReader failed reading file {name}: file read failed" + _CORRUPT)
        if self.byteorder != sys.byteorder and dtype.itemsize > 1:
            arr.byteswap(inplace=True)
        return arr

    @property
    def byteorder(self) -> str:
        if not hasattr(self, "_byteorder"):
            order = self.read("byteorder").decode() if self.has("byteorder") else "little"
            if order not in ("little", "big"):
                raise ValueError("Unknown endianness type: " + order)
            self._byteorder = order
        return self._byteorder


def _legacy_or_corrupt(head: bytes):
    """A file that is not a zip archive: torch's legacy format (unsupported) or not a checkpoint at all."""
    if not head:
        raise EOFError
    if len(head) > 262 and head[257:262] == b"ustar":
        raise NotImplementedError("torchless.load does not support PyTorch's legacy tar checkpoint format (files "
                                  "saved by PyTorch before 0.4); load it with PyTorch and save it again")

    class _NoGlobals(pickle.Unpickler):
        def find_class(self, module, name):
            raise pickle.UnpicklingError("not a legacy checkpoint")

    try:
        magic = _NoGlobals(io.BytesIO(head)).load()
    except Exception:
        magic = None
    if isinstance(magic, int) and magic == _LEGACY_MAGIC:
        raise NotImplementedError(
            "torchless.load does not support PyTorch's legacy (non-zip) serialization format, written by torch.save "
            "before PyTorch 1.6 or with _use_new_zipfile_serialization=False; load the file with PyTorch and save "
            "it again with torch.save")
    raise RuntimeError("Invalid magic number; corrupt file?")


def load(f, map_location=None, pickle_module=None, *, weights_only: bool | None = None, mmap: bool | None = None,
         **pickle_load_args) -> Any:
    """Load an object saved by ``torchless.save`` or ``torch.save`` (from a path or a readable file object).

    ``weights_only=True`` (the default) only rebuilds tensors, containers, numbers, strings, dtypes and the like
    and refuses any other global with a ``pickle.UnpicklingError``; ``weights_only=False`` unpickles anything
    (only for files you trust: it can run arbitrary code, as with torch). Tensors always load on the CPU;
    ``map_location`` may name the CPU (a CUDA tensor needs ``map_location='cpu'``, as on a CPU-only torch).
    """
    if weights_only is None:
        weights_only = True
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    if mmap:
        raise NotImplementedError("torchless.load does not support mmap=True")
    pickle_load_args.setdefault("encoding", "utf-8")
    if _is_path(f):
        with open(f, "rb") as fh:
            return _load(fh, map_location, weights_only, pickle_load_args)
    if not (hasattr(f, "seekable") and f.seekable()):
        f = io.BytesIO(f.read())
    return _load(f, map_location, weights_only, pickle_load_args)


def _load(fh, map_location, weights_only: bool, pickle_load_args: dict):
    start = fh.tell()
    if fh.read(4) != b"PK\x03\x04":
        fh.seek(start)
        return _legacy_or_corrupt(fh.read(1024))
    fh.seek(start)
    archive = _Archive(fh)
    if archive.has("constants.pkl"):
        raise NotImplementedError("torchless.load cannot load TorchScript archives (saved by torch.jit.save)")
    unpickler = _Unpickler(io.BytesIO(archive.read("data.pkl")), archive, weights_only, map_location,
                           **pickle_load_args)
    try:
        return unpickler.load()
    except _Refused as e:
        raise pickle.UnpicklingError(_wo_message(str(e))) from None
    except pickle.UnpicklingError as e:
        if weights_only:
            raise pickle.UnpicklingError(_wo_message(str(e))) from None
        raise
    except (KeyError, IndexError, ValueError, EOFError, TypeError, AttributeError, struct.error) as e:
        raise RuntimeError(f"PytorchStreamReader failed reading file data.pkl: the pickled data is corrupted "
                           f"({type(e).__name__}: {e})") from None
