"""torch.cuda as in a CPU-only torch build: nothing is available, so device boilerplate picks the CPU.

``device = 'cuda' if torch.cuda.is_available() else 'cpu'`` runs unchanged. Queries answer as CPU-only torch does
(``device_count() == 0``), seeding is a no-op, and anything that needs a GPU raises torch's
``AssertionError: Torch not compiled with CUDA enabled``.
"""

from __future__ import annotations

from . import _dtype as D
from ._device import NO_CUDA
from ._device import device as _device

__all__ = [
    "is_available", "device_count", "is_initialized", "init", "manual_seed", "manual_seed_all", "seed", "seed_all",
    "initial_seed", "current_device", "set_device", "get_device_name", "get_device_capability",
    "get_device_properties", "synchronize", "empty_cache", "memory_allocated", "max_memory_allocated",
    "memory_reserved", "max_memory_reserved", "reset_peak_memory_stats", "is_bf16_supported", "get_arch_list",
    "get_rng_state", "set_rng_state", "get_rng_state_all", "set_rng_state_all", "device", "mem_get_info",
    "FloatTensor", "DoubleTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor", "ShortTensor",
    "CharTensor", "ByteTensor", "BoolTensor",
]


def _no_cuda(*args, **kwargs):
    raise AssertionError(NO_CUDA)


def is_available() -> bool:
    """False: torchless computes on the CPU."""
    return False


def device_count() -> int:
    return 0


def is_initialized() -> bool:
    return False


def is_bf16_supported(including_emulation: bool = True) -> bool:
    return False


def get_arch_list() -> list:
    return []


def manual_seed(seed) -> None:
    """Like CPU-only torch: validates the seed and does nothing else."""
    int(seed)


def manual_seed_all(seed) -> None:
    int(seed)


def seed() -> None:
    return None


def seed_all() -> None:
    return None


def set_rng_state(new_state, device="cuda") -> None:
    return None


def set_rng_state_all(new_states) -> None:
    return None


def empty_cache() -> None:
    return None


def memory_allocated(device=None) -> int:
    return 0


def max_memory_allocated(device=None) -> int:
    return 0


def memory_reserved(device=None) -> int:
    return 0


def max_memory_reserved(device=None) -> int:
    return 0


def reset_peak_memory_stats(device=None) -> None:
    return None


init = initial_seed = current_device = set_device = get_device_name = get_device_capability = _no_cuda
get_device_properties = synchronize = get_rng_state = get_rng_state_all = mem_get_info = _no_cuda


class device:
    """Context manager ``torch.cuda.device(0)``: can be built, fails when entered (no CUDA)."""

    def __init__(self, device):
        if isinstance(device, (str, _device)):
            d = _device(device)
            if d.type != "cuda":
                raise ValueError(f"Expected a cuda device, but got: {d}")
        self.idx = device

    def __enter__(self):
        raise RuntimeError("PyTorch was compiled without CUDA support")

    def __exit__(self, *exc) -> bool:
        return False


class _CudaTensorType(type):
    """``torch.cuda.FloatTensor`` and friends: no tensor is ever one of them, and making one fails."""

    def __instancecheck__(cls, obj) -> bool:
        return False

    def __call__(cls, *args, **kwargs):
        raise TypeError(f"type torch.cuda.{cls.__name__} not available. Torch not compiled with CUDA enabled.")


def _cuda_type(name: str, dt: D.dtype) -> type:
    return _CudaTensorType(name, (), {"dtype": dt, "is_cuda": True, "is_sparse": False, "__module__": "torch.cuda"})


FloatTensor = _cuda_type("FloatTensor", D.float32)
DoubleTensor = _cuda_type("DoubleTensor", D.float64)
HalfTensor = _cuda_type("HalfTensor", D.float16)
BFloat16Tensor = _cuda_type("BFloat16Tensor", D.bfloat16)
LongTensor = _cuda_type("LongTensor", D.int64)
IntTensor = _cuda_type("IntTensor", D.int32)
ShortTensor = _cuda_type("ShortTensor", D.int16)
CharTensor = _cuda_type("CharTensor", D.int8)
ByteTensor = _cuda_type("ByteTensor", D.uint8)
BoolTensor = _cuda_type("BoolTensor", D.bool)
