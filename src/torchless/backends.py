"""torch.backends as a CPU-only torch build reports it: no MPS, no CUDA, no cuDNN; flags stay settable.

``torch.backends.mps.is_available()`` is False and ``torch.backends.cudnn.deterministic = True`` is accepted,
so device and reproducibility boilerplate runs. Each backend is also importable as a module
(``import torchless.backends.cudnn``).
"""

from __future__ import annotations

import sys
import types

__all__ = ["mps", "cuda", "cudnn", "mkldnn", "mkl", "openmp", "cpu"]


def _module(name: str, doc: str, **attrs) -> types.ModuleType:
    mod = types.ModuleType(f"{__name__}.{name}", doc)
    mod.__dict__.update(attrs)
    sys.modules[mod.__name__] = mod
    return mod


def _false() -> bool:
    return False


def _true() -> bool:
    return True


def _mps_needs_backend(*args, **kwargs):
    raise RuntimeError("Cannot execute isOnMacOSorNewer() without MPS backend.")


mps = _module("mps", "Apple's Metal backend: never available in torchless.", is_available=_false, is_built=_false,
              is_macos13_or_newer=_mps_needs_backend, is_macos_or_newer=_mps_needs_backend)

cuda = _module(
    "cuda", "CUDA backend switches (no effect on the CPU).", is_built=_false,
    matmul=types.SimpleNamespace(allow_tf32=False, allow_fp16_reduced_precision_reduction=True,
                                 allow_bf16_reduced_precision_reduction=True),
    flash_sdp_enabled=_true, mem_efficient_sdp_enabled=_true, math_sdp_enabled=_true,
    enable_flash_sdp=lambda enabled: None, enable_mem_efficient_sdp=lambda enabled: None,
    enable_math_sdp=lambda enabled: None)

cudnn = _module("cudnn", "cuDNN switches: settable, no effect on the CPU.", is_available=_false,
                version=lambda: None, enabled=True, deterministic=False, benchmark=False, allow_tf32=True)

mkldnn = _module("mkldnn", "oneDNN backend flags.", is_available=_true, enabled=True)
mkl = _module("mkl", "MKL backend flags.", is_available=_true)
openmp = _module("openmp", "OpenMP backend flags.", is_available=_true)
cpu = _module("cpu", "CPU backend queries.", get_cpu_capability=lambda: "DEFAULT")
