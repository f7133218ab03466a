"""torch.device, torch.cuda and torch.backends as a CPU-only torch 2.13 build has them, and the device
boilerplate of teaching code.

Every case runs under torchless and torch (live when installed, else ``tests/golden/tensor_device.json``).
"""

from __future__ import annotations

import copy
import pickle

import pytest

from tests.golden.record_tensor import make_tests, torchless_api

FAMILY = "device"
CASES: list = []


def case(cid: str, fn) -> None:
    CASES.append((cid, fn))


def _desc(d):
    return (repr(d), str(d), d.type, d.index)


for cid, fn in [
    ("cpu", lambda T: _desc(T.device("cpu"))), ("cpu_index", lambda T: _desc(T.device("cpu", 0))),
    ("cpu_string_index", lambda T: _desc(T.device("cpu:0"))), ("cuda", lambda T: _desc(T.device("cuda"))),
    ("cuda1", lambda T: _desc(T.device("cuda:1"))), ("cuda_index", lambda T: _desc(T.device("cuda", 1))),
    ("mps", lambda T: _desc(T.device("mps"))), ("meta", lambda T: _desc(T.device("meta"))),
    ("xla", lambda T: _desc(T.device("xla"))), ("kw_type", lambda T: _desc(T.device(type="cpu"))),
    ("kw_device", lambda T: _desc(T.device(device="cpu"))), ("kw_index", lambda T: _desc(T.device("cuda", index=0))),
    ("from_device", lambda T: _desc(T.device(T.device("cuda:2")))), ("big_index", lambda T: _desc(T.device("cuda:10"))),
    ("error_int", lambda T: T.device(0)), ("error_unknown", lambda T: T.device("foo")),
    ("error_upper", lambda T: T.device("CPU")), ("error_space", lambda T: T.device(" cpu")),
    ("error_bad_index", lambda T: T.device("cuda:x")), ("error_negative_string", lambda T: T.device("cuda:-1")),
    ("error_negative_index", lambda T: T.device("cuda", -1)), ("error_two_colons", lambda T: T.device("cpu:0:1")),
    ("error_leading_zero", lambda T: T.device("cuda:01")), ("error_empty_index", lambda T: T.device("cuda:")),
    ("error_index_twice", lambda T: T.device("cuda:1", 0)), ("error_cpu_index", lambda T: T.device("cpu", 1)),
    ("error_cpu_string_index", lambda T: T.device("cpu:1")), ("error_none", lambda T: T.device(None)),
    ("error_float", lambda T: T.device(1.5)), ("error_empty", lambda T: T.device("")),
    ("eq", lambda T: (T.device("cpu") == T.device("cpu"), T.device("cpu") == T.device("cpu:0"),
                      T.device("cuda:0") == T.device("cuda", 0), T.device("cpu") != T.device("cuda"))),
    ("eq_str", lambda T: (T.device("cpu") == "cpu", "cpu" == T.device("cpu"), T.device("cpu") != "cuda")),
    ("eq_other", lambda T: T.device("cpu") == 5), ("hash", lambda T: {T.device("cpu"): 1}[T.device("cpu")]),
    ("pickle", lambda T: _desc(pickle.loads(pickle.dumps(T.device("cuda:1"))))),
    ("deepcopy", lambda T: _desc(copy.deepcopy(T.device("cpu")))),
    ("type_name", lambda T: type(T.device("cpu")).__name__),
    ("tensor_device", lambda T: (_desc(T.zeros(2).device), T.zeros(2).device == T.device("cpu"))),
    ("tensor_device_type", lambda T: T.ones(1).device.type), ("default_device", lambda T: T.get_default_device()),
    ("zeros_cpu_device", lambda T: T.zeros(2, device=T.device("cpu")).device),
    ("zeros_cpu0", lambda T: T.zeros(2, device="cpu:0").device),
    ("zeros_cuda_error", lambda T: T.zeros(2, device="cuda")), ("ones_cuda_device_error", lambda T: T.ones(
        2, device=T.device("cuda", 0))),
    ("arange_cuda_error", lambda T: T.arange(3, device="cuda")), ("eye_cuda_error", lambda T: T.eye(2, device="cuda")),
    ("zeros_like_cuda_error", lambda T: T.zeros_like(T.ones(2), device="cuda")),
    ("tensor_mps_error", lambda T: T.tensor([1.0], device="mps")), ("to_mps_error", lambda T: T.ones(1).to("mps")),
    ("to_device_object_error", lambda T: T.ones(1).to(T.device("cuda"))),
    ("to_cuda_dtype_error", lambda T: T.ones(1).to("cuda", T.float64)),
]:
    case(f"device_{cid}", fn)

for cid, fn in [
    ("is_available", lambda T: T.cuda.is_available()), ("device_count", lambda T: T.cuda.device_count()),
    ("is_initialized", lambda T: T.cuda.is_initialized()), ("manual_seed", lambda T: T.cuda.manual_seed(0)),
    ("manual_seed_all", lambda T: T.cuda.manual_seed_all(123)),
    ("manual_seed_error", lambda T: T.cuda.manual_seed("a")),
    ("seed", lambda T: T.cuda.seed()), ("empty_cache", lambda T: T.cuda.empty_cache()),
    ("memory_allocated", lambda T: (T.cuda.memory_allocated(), T.cuda.max_memory_allocated(),
                                    T.cuda.memory_reserved(), T.cuda.max_memory_reserved())),
    ("is_bf16_supported", lambda T: T.cuda.is_bf16_supported()), ("get_arch_list", lambda T: T.cuda.get_arch_list()),
    ("current_device_error", lambda T: T.cuda.current_device()), ("get_device_name_error", lambda T:
                                                                    T.cuda.get_device_name(0)),
    ("synchronize_error", lambda T: T.cuda.synchronize()), ("init_error", lambda T: T.cuda.init()),
    ("initial_seed_error", lambda T: T.cuda.initial_seed()), ("capability_error", lambda T:
                                                              T.cuda.get_device_capability()),
    ("properties_error", lambda T: T.cuda.get_device_properties(0)), ("rng_state_error", lambda T:
                                                                      T.cuda.get_rng_state()),
    ("device_ctx_error", lambda T: T.cuda.device(0).__enter__()), ("device_cpu_error", lambda T: T.cuda.device("cpu")),
    ("FloatTensor_error", lambda T: T.cuda.FloatTensor([1])), ("LongTensor_error", lambda T: T.cuda.LongTensor(2)),
    ("FloatTensor_isinstance", lambda T: isinstance(T.zeros(1), T.cuda.FloatTensor)),
    ("FloatTensor_repr", lambda T: repr(T.cuda.FloatTensor)),
    ("FloatTensor_attrs", lambda T: (T.cuda.FloatTensor.dtype, T.cuda.HalfTensor.dtype, T.cuda.FloatTensor.is_cuda)),
    ("type_cuda_class_error", lambda T: T.zeros(1).type(T.cuda.FloatTensor)),
]:
    case(f"cuda_{cid}", fn)

for cid, fn in [
    ("mps_is_available", lambda T: T.backends.mps.is_available()),
    ("mps_is_built", lambda T: T.backends.mps.is_built()),
    ("cudnn_is_available", lambda T: T.backends.cudnn.is_available()),
    ("cudnn_flags", lambda T: (T.backends.cudnn.enabled, T.backends.cudnn.deterministic, T.backends.cudnn.benchmark,
                               T.backends.cudnn.allow_tf32)),
    ("cudnn_version", lambda T: T.backends.cudnn.version()), ("cuda_is_built", lambda T: T.backends.cuda.is_built()),
    ("cuda_matmul_tf32", lambda T: T.backends.cuda.matmul.allow_tf32),
    ("mkldnn", lambda T: T.backends.mkldnn.is_available()), ("openmp", lambda T: T.backends.openmp.is_available()),
]:
    case(f"backends_{cid}", fn)


def _boilerplate(T):
    """The device lines of a typical training script."""
    device = "cuda" if T.cuda.is_available() else "cpu"
    dev = T.device(device)
    if T.backends.mps.is_available():
        dev = T.device("mps")
    x = T.arange(4.0).to(device)
    y = T.ones(4, device=dev).to(dev, T.float64)
    T.manual_seed(0)
    T.cuda.manual_seed_all(0)
    return device, dev, x, y, (x + 1).cpu(), x.device == dev


case("boilerplate", _boilerplate)

globals().update(make_tests(FAMILY, CASES))


def test_backend_flags_are_settable():
    T = torchless_api()
    cudnn = T.backends.cudnn
    old = (cudnn.deterministic, cudnn.benchmark)
    try:
        cudnn.deterministic = True
        cudnn.benchmark = False
        assert T.backends.cudnn.deterministic is True and T.backends.cudnn.benchmark is False
    finally:
        cudnn.deterministic, cudnn.benchmark = old


def test_backends_import_as_modules():
    import importlib

    mod = importlib.import_module("torchless.backends.cudnn")
    assert mod is torchless_api().backends.cudnn
    assert importlib.import_module("torchless.backends.mps").is_available() is False


def test_meta_device_tensors_not_supported():
    T = torchless_api()
    with pytest.raises(NotImplementedError, match="'meta' device"):
        T.zeros(2, device="meta")


def test_cpu_device_context_manager():
    T = torchless_api()
    with T.device("cpu") as d:
        assert T.zeros(1).device == d
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        with T.device("cuda"):
            pass
