"""torch.device: torchless computes on the CPU; other devices are named as in torch and refused on use."""

from __future__ import annotations

__all__ = ["device", "get_default_device", "set_default_device"]

_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia", "xla",
          "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_TYPE_SET = frozenset(_TYPES)
NO_ACCELERATOR = "Cannot access accelerator device when none is available."
NO_CUDA = "Torch not compiled with CUDA enabled"


def _parse(text: str) -> tuple[str, int | None]:
    """Split ``'cuda:1'`` into ``('cuda', 1)`` with c10's grammar ``[a-zA-Z_]+(:(0|[1-9][0-9]*))?``."""
    if not text:
        raise RuntimeError("Device string must not be empty")
    name, sep, idx = text.partition(":")
    ok = bool(name) and all(c.isascii() and (c.isalpha() or c == "_") for c in name)
    if sep:
        ok = ok and idx.isascii() and idx.isdigit() and (idx == "0" or idx[0] != "0")
    if not ok:
        raise RuntimeError(f"Invalid device string: '{text}'")
    if name not in _TYPE_SET:
        raise RuntimeError(f"Expected one of {', '.join(_TYPES)} device type at start of device string: {text}")
    return name, (int(idx) if sep else None)


class device:
    """A device such as ``device('cpu')`` or ``device('cuda', 0)``; only ``'cpu'`` can hold tensors here."""

    __slots__ = ("_type", "_index")

    def __new__(cls, type=None, index=None, *, device=None):  # noqa: A002 - torch's names
        if device is not None:
            type = device
        if isinstance(type, cls) and index is None:
            return type
        if isinstance(type, int) and not isinstance(type, bool):
            raise RuntimeError(NO_ACCELERATOR)
        if not isinstance(type, str):
            from ._tensor import invalid_arguments

            args = (type,) if index is None else (type, index)
            raise invalid_arguments("device", args, {}, ["(torch.device device)", "(str type, int index = -1)"])
        name, parsed = _parse(type)
        if index is not None:
            if parsed is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: "
                                   f"{type}")
            if index < 0:
                raise RuntimeError("Device index must not be negative")
            parsed = int(index)
        self = object.__new__(cls)
        self._type = name
        self._index = parsed
        return self

    @property
    def type(self) -> str:
        return self._type

    @property
    def index(self) -> int | None:
        return self._index

    def __repr__(self) -> str:
        if self._index is None:
            return f"device(type='{self._type}')"
        return f"device(type='{self._type}', index={self._index})"

    def __str__(self) -> str:
        return self._type if self._index is None else f"{self._type}:{self._index}"

    def __eq__(self, other) -> bool:
        return isinstance(other, device) and self._type == other._type and self._index == other._index

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((self._type, self._index))

    def __reduce__(self):
        return (device, (self._type, self._index))

    def __enter__(self):
        self._check_available()
        return self

    def __exit__(self, *exc) -> None:
        return None

    def _check_available(self) -> None:
        """Raise torch's error (or torchless's NotImplementedError) when tensors cannot live on this device."""
        t = self._type
        if t == "cpu":
            return
        if t == "cuda":
            raise AssertionError(NO_CUDA)
        if t == "mps":
            raise RuntimeError("PyTorch is not linked with support for mps devices")
        raise NotImplementedError(f"torchless runs on the CPU only: tensors on the '{t}' device are not supported")


cpu = device("cpu")


def check_device(dev) -> None:
    """Validate a ``device=`` argument (a device, a string or an int) for a tensor that will live on the CPU."""
    if dev is None or dev is cpu or dev == "cpu":
        return
    if isinstance(dev, device):
        dev._check_available()
    else:
        device(dev)._check_available()


def get_default_device() -> device:
    """The device new tensors are created on: always the CPU in torchless."""
    return cpu


def set_default_device(dev) -> None:
    """Accepts the CPU (or None); other devices raise torch's error for them."""
    check_device(dev)
