"""torchless.save / torchless.load: PyTorch's checkpoint format in both directions, safety and robustness.

Files written by real torch are kept in tests/golden/serialization/ (``python
tests/golden/serialization/record.py``) with what torch loads from them, so loading torch's files is tested
without torch; the other direction (torch loading torchless's files) runs when torch is installed.
"""

from __future__ import annotations

import collections
import io
import json
import os
import pickle
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless
from torchless.serialization import add_safe_globals, clear_safe_globals, load, safe_globals, save

GOLDEN = Path(__file__).parent / "golden" / "serialization"
EXPECTED = json.loads((GOLDEN / "expected.json").read_text())


def describe(x):
    """The same description as tests/golden/serialization/record.py gives torch's objects."""
    param = getattr(torchless.nn, "Parameter", None)
    if param is not None and isinstance(x, param):
        return ["parameter", describe(torchless.Tensor._make(x._data)), x.requires_grad]
    if isinstance(x, torchless.Tensor):
        return ["tensor", str(x.dtype), list(x.shape), list(x.stride()), _offset(x), x.requires_grad, x.tolist()]
    if isinstance(x, dict):
        return [type(x).__name__, [[k, describe(v)] for k, v in x.items()]]
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [describe(v) for v in x]]
    if isinstance(x, torchless.dtype):
        return ["dtype", str(x)]
    if isinstance(x, torchless.device):
        return ["device", str(x)]
    if isinstance(x, bytes):
        return ["bytes", x.decode("latin1")]
    if isinstance(x, complex):
        return ["complex", x.real, x.imag]
    if isinstance(x, set):
        return ["set", sorted(x)]
    return [type(x).__name__, x]


def _offset(t) -> int:
    """Elements between the start of the memory block ``t`` views and ``t``'s first element."""
    root = t._data
    while isinstance(root.base, np.ndarray):
        root = root.base
    if t._data.size == 0:
        return 0
    return (t._data.__array_interface__["data"][0] - root.__array_interface__["data"][0]) // t._data.itemsize


def _round_trip(obj, **load_kw):
    buf = io.BytesIO()
    save(obj, buf)
    return load(io.BytesIO(buf.getvalue()), **load_kw)


def _torch():
    return pytest.importorskip("torch")


# -- files written by torch -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["state_dict", "mixed", "checkpoint"])
def test_load_torch_golden_files(name):
    loaded = load(GOLDEN / f"{name}.pt")
    assert describe(loaded) == EXPECTED[name]


def test_torch_state_dict_keeps_metadata_and_type():
    sd = load(GOLDEN / "state_dict.pt")
    assert type(sd) is collections.OrderedDict
    assert sd._metadata[""] == {"version": 1}
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_torch_views_share_memory_after_load():
    mixed = load(GOLDEN / "mixed.pt")
    mixed["base"][1, 2] = -1.0
    assert mixed["row"][2].item() == -1.0 and mixed["col"][1].item() == -1.0 and mixed["t"][2, 1].item() == -1.0


def test_loaded_parameter_is_a_parameter():
    param = getattr(torchless.nn, "Parameter", None)
    mixed = load(GOLDEN / "mixed.pt")
    if param is not None:
        assert isinstance(mixed["param"], param)
    assert mixed["param"].requires_grad and not mixed["frozen"].requires_grad


def test_load_torch_checkpoint_into_optimizer():
    ckpt = load(GOLDEN / "checkpoint.pt")
    params = [torchless.zeros(tuple(v.shape), requires_grad=True) for v in ckpt["model"].values()]
    opt = torchless.optim.Adam(params, lr=0.01)
    opt.load_state_dict(ckpt["optimizer"])
    assert opt.state[params[0]]["step"].item() == 3.0
    assert opt.param_groups[0]["lr"] == 0.01 and ckpt["scheduler"]["milestones"] == collections.Counter([2, 5])


def test_live_torch_files_load(tmp_path):
    torch = _torch()
    base = torch.arange(6.0).reshape(2, 3)
    obj = {"a": base, "b": base[:, 1:], "p": torch.nn.Parameter(torch.ones(2)), "h": torch.ones(2).half(),
           "l": [torch.tensor(3), (torch.tensor([True]),)]}
    torch.save(obj, tmp_path / "x.pt")
    ours = load(tmp_path / "x.pt")
    for k in ("a", "b", "p", "h"):
        np.testing.assert_array_equal(ours[k].detach().numpy(), obj[k].detach().numpy())
        assert str(ours[k].dtype) == str(obj[k].dtype)
    assert ours["l"][0].item() == 3 and ours["l"][1][0].tolist() == [True]


# -- files written by torchless -------------------------------------------------------------------------------
def _sample():
    base = torchless.arange(12.0).reshape(3, 4)
    return collections.OrderedDict(
        base=base, row=base[1], col=base[:, 2], t=base.t(), expanded=torchless.ones(3).expand(2, 3),
        long=torchless.tensor([1, -2, 3]), int32=torchless.tensor([7], dtype=torchless.int32),
        bool=torchless.tensor([True, False]), half=torchless.tensor([0.5, 65504.0], dtype=torchless.float16),
        double=torchless.tensor([1 / 3], dtype=torchless.float64), scalar=torchless.tensor(2.5),
        empty=torchless.zeros(0, 3), grad=torchless.tensor([1.0], requires_grad=True),
        nested=[1, 2.5, None, "text", (True, False), {"k": torchless.tensor([9])}], dtype=torchless.float64,
        device=torchless.device("cpu"), size=torchless.Size([2, 3]), bytes=b"\x00\xffab", set={1, 2},
        complex=1 + 2j, big_int=2 ** 70,
    )


def test_round_trip_values_dtypes_views():
    obj = _sample()
    back = _round_trip(obj)
    # (an empty tensor's strides are compared with torch's in the next test: NumPy reports 0 for them)
    assert [kv for kv in describe(back)[1] if kv[0] != "empty"] == [kv for kv in describe(obj)[1] if kv[0] != "empty"]
    assert back["empty"].shape == (0, 3) and back["empty"].dtype == torchless.float32
    back["base"][0, 2] = 100.0
    assert back["col"][0].item() == 100.0 and back["t"][2, 0].item() == 100.0


def test_round_trip_matches_torch_descriptions():
    """What torchless loads from its own file equals what torch loaded from the same objects made by torch."""
    ours = describe(_round_trip(_sample()))
    theirs = dict(EXPECTED["mixed"][1])
    for key, value in ours[1]:
        assert value == theirs[key], key


def test_same_tensor_twice_loads_as_one_object():
    t = torchless.ones(2)
    a, b = _round_trip([t, t])
    assert a is b


def test_parameters_round_trip():
    param = getattr(torchless.nn, "Parameter", None)
    if param is None:
        pytest.skip("torchless.nn.Parameter is not available yet")
    p = param(torchless.tensor([1.0, 2.0]))
    back = _round_trip({"p": p, "frozen": param(torchless.ones(1), requires_grad=False)})
    assert type(back["p"]) is param and back["p"].requires_grad and not back["frozen"].requires_grad
    assert back["p"].tolist() == [1.0, 2.0]


def test_torch_loads_torchless_files(tmp_path):
    torch = _torch()
    save(_sample(), tmp_path / "ours.pt")
    theirs = torch.load(tmp_path / "ours.pt", weights_only=True)
    expected = dict(EXPECTED["mixed"][1])
    import importlib.util

    spec = importlib.util.spec_from_file_location("record_ser", GOLDEN / "record.py")
    rec = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rec)
    for key, value in theirs.items():
        assert rec.describe(value) == expected[key], key
    assert theirs["base"].untyped_storage().data_ptr() == theirs["col"].untyped_storage().data_ptr()


def test_torch_loads_torchless_parameters_and_state_dicts(tmp_path):
    torch = _torch()
    param = getattr(torchless.nn, "Parameter", None)
    if param is None:
        pytest.skip("torchless.nn.Parameter is not available yet")
    sd = collections.OrderedDict(weight=param(torchless.tensor([[1.0, 2.0]])), bias=param(torchless.zeros(1)))
    save(sd, tmp_path / "sd.pt")
    theirs = torch.load(tmp_path / "sd.pt", weights_only=True)
    assert isinstance(theirs["weight"], torch.nn.Parameter) and theirs["weight"].tolist() == [[1.0, 2.0]]
    lin = torch.nn.Linear(2, 1)
    lin.load_state_dict(theirs)
    assert lin.weight.tolist() == [[1.0, 2.0]]


def test_pickle_is_byte_identical_to_torch():
    torch = _torch()

    def pkl(save_fn, T):
        w = T.arange(6.0).reshape(2, 3)
        obj = collections.OrderedDict(w=w, v=w[:, 1:], i=T.zeros(2, dtype=T.int64), s=T.tensor(1.5), n=[1, "x"])
        buf = io.BytesIO()
        save_fn(obj, buf)
        return zipfile.ZipFile(io.BytesIO(buf.getvalue())).read("archive/data.pkl")

    assert pkl(save, torchless) == pkl(torch.save, torch)


@settings(max_examples=30, deadline=None)
@given(shape=st.lists(st.integers(0, 4), min_size=0, max_size=3),
       dtype=st.sampled_from(["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]),
       transpose=st.booleans(), step=st.integers(1, 2))
def test_round_trip_property(shape, dtype, transpose, step):
    arr = (np.arange(int(np.prod(shape)) if shape else 1) % 7).astype(dtype).reshape(shape)
    t = torchless.tensor(arr)
    if transpose and t.dim() >= 2:
        t = t.transpose(0, 1)
    if step > 1 and t.dim() >= 1:
        t = t[::step]
    back = _round_trip({"t": t})["t"]
    assert back.dtype == t.dtype and tuple(back.shape) == tuple(t.shape)
    np.testing.assert_array_equal(back.numpy(), t.numpy())


# -- the file format ------------------------------------------------------------------------------------------
def test_archive_layout_and_alignment(tmp_path):
    path = tmp_path / "my.model.pt"
    save({"a": torchless.ones(3), "b": torchless.zeros(5, dtype=torchless.int64)}, path)
    raw = path.read_bytes()
    zf = zipfile.ZipFile(path)
    names = zf.namelist()
    assert names == ["my.model/data.pkl", "my.model/.format_version", "my.model/.storage_alignment",
                     "my.model/byteorder", "my.model/data/0", "my.model/data/1", "my.model/version",
                     "my.model/.data/serialization_id"]
    assert zf.read("my.model/version") == b"3\n" and zf.read("my.model/byteorder") == b"little"
    assert len(zf.read("my.model/.data/serialization_id")) == 40
    for info in zf.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
        name_len, extra_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little"), \
            int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
        assert (info.header_offset + 30 + name_len + extra_len) % 64 == 0
    assert np.frombuffer(zf.read("my.model/data/1"), dtype="<i8").tolist() == [0] * 5


def test_file_objects_and_non_seekable_readers():
    buf = io.BytesIO(b"prefix")
    buf.seek(0, io.SEEK_END)
    save(torchless.tensor([1.0, 2.0]), buf)

    class Reader:
        def __init__(self, data):
            self._data = data

        def read(self, n=-1):
            data, self._data = self._data, b""
            return data

    assert load(Reader(buf.getvalue()[6:])).tolist() == [1.0, 2.0]
    assert zipfile.ZipFile(io.BytesIO(buf.getvalue()[6:])).namelist()[0] == "archive/data.pkl"


# -- safety ---------------------------------------------------------------------------------------------------
def _zip_with_pickle(pkl: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("archive/data.pkl", pkl)
        zf.writestr("archive/version", "3\n")
    return out.getvalue()


class _Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


class _Point:
    def __init__(self, x):
        self.x = x


def test_malicious_pickle_is_refused_without_running(tmp_path):
    marker = tmp_path / "pwned"
    data = _zip_with_pickle(pickle.dumps({"x": _Evil(marker)}, protocol=2))
    with pytest.raises(pickle.UnpicklingError) as info:
        load(io.BytesIO(data))
    assert not marker.exists()
    msg = str(info.value)
    assert msg.startswith("Weights only load failed.")
    assert f"Trying to load unsupported GLOBAL {os.system.__module__}.system whose module " in msg


def test_unknown_global_message_matches_torch():
    data = _zip_with_pickle(pickle.dumps({"x": _Point(1)}, protocol=2))
    with pytest.raises(pickle.UnpicklingError) as info:
        load(io.BytesIO(data))
    msg = str(info.value)
    assert "WeightsUnpickler error: Unsupported global: GLOBAL test_serialization._Point was not an allowed global " \
           "by default." in msg or "Unsupported global: GLOBAL tests.test_serialization._Point" in msg
    try:
        torch = __import__("torch")
    except ImportError:
        return
    with pytest.raises(pickle.UnpicklingError) as theirs:
        torch.load(io.BytesIO(data), weights_only=True)
    assert msg == str(theirs.value)


def test_builtins_eval_refused():
    pkl = b"\x80\x02cbuiltins\neval\nX\x04\x00\x00\x001+1q\x00\x85R."
    with pytest.raises(pickle.UnpicklingError, match="Unsupported global: GLOBAL eval was not an allowed global"):
        load(io.BytesIO(_zip_with_pickle(pkl)))


def test_weights_only_false_and_safe_globals():
    data = _zip_with_pickle(pickle.dumps({"x": _Point(3)}, protocol=2))
    assert load(io.BytesIO(data), weights_only=False)["x"].x == 3
    with safe_globals([_Point]):
        assert load(io.BytesIO(data))["x"].x == 3
    with pytest.raises(pickle.UnpicklingError):
        load(io.BytesIO(data))
    add_safe_globals([_Point])
    try:
        assert load(io.BytesIO(data))["x"].x == 3
    finally:
        clear_safe_globals()


def test_out_of_bounds_view_refused():
    """A crafted file whose tensor would read past its storage is refused, not read out of bounds."""
    buf = io.BytesIO()
    save(torchless.ones(4), buf)
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    pkl = zf.read("archive/data.pkl").replace(b"K\x04\x85", b"K\x40\x85")  # size (4,) -> (64,)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for name in zf.namelist():
            w.writestr(name, pkl if name.endswith("data.pkl") else zf.read(name))
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 16"):
        load(io.BytesIO(out.getvalue()))


# -- broken files ---------------------------------------------------------------------------------------------
def test_truncated_file():
    buf = io.BytesIO()
    save({"w": torchless.ones(100)}, buf)
    data = buf.getvalue()
    for cut in (len(data) // 2, len(data) - 10):
        with pytest.raises(RuntimeError, match="^PytorchStreamReader failed reading zip archive: failed finding "
                                               "central directory"):
            load(io.BytesIO(data[:cut]))


def test_truncated_message_matches_torch():
    torch = _torch()
    buf = io.BytesIO()
    save({"w": torchless.ones(100)}, buf)
    data = buf.getvalue()[:-10]
    with pytest.raises(RuntimeError) as ours:
        load(io.BytesIO(data))
    with pytest.raises(RuntimeError) as theirs:
        torch.load(io.BytesIO(data), weights_only=True)
    assert str(ours.value) == str(theirs.value)


def test_corrupted_storage_bytes():
    buf = io.BytesIO()
    save({"w": torchless.ones(100)}, buf)
    data = bytearray(buf.getvalue())
    start = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("archive/data/0").header_offset + 200
    data[start:start + 8] = b"\x13" * 8
    with pytest.raises(RuntimeError, match="PytorchStreamReader failed reading file data/0"):
        load(io.BytesIO(bytes(data)))


def test_missing_record():
    buf = io.BytesIO()
    save({"w": torchless.ones(2)}, buf)
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for name in zf.namelist():
            if not name.endswith("data/0"):
                w.writestr(name, zf.read(name))
    with pytest.raises(RuntimeError, match="PytorchStreamReader failed locating file data/0: file not found"):
        load(io.BytesIO(out.getvalue()))


def test_not_a_checkpoint():
    with pytest.raises(EOFError):
        load(io.BytesIO(b""))
    with pytest.raises(RuntimeError, match="Invalid magic number; corrupt file\\?"):
        load(io.BytesIO(b"hello world, not a checkpoint"))


def test_legacy_format_not_implemented():
    with pytest.raises(NotImplementedError, match="legacy"):
        load(GOLDEN / "legacy.pt")


def test_cuda_storage_needs_map_location():
    buf = io.BytesIO()
    save({"w": torchless.ones(2)}, buf)
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for name in zf.namelist():
            data = zf.read(name)
            if name.endswith("data.pkl"):
                data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
            w.writestr(name, data)
    cuda_file = out.getvalue()
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device but "
                                           "torch.cuda.is_available\\(\\) is False"):
        load(io.BytesIO(cuda_file))
    for loc in ("cpu", torchless.device("cpu"), {"cuda:0": "cpu"}, lambda storage, loc: storage):
        assert load(io.BytesIO(cuda_file), map_location=loc)["w"].tolist() == [1.0, 1.0]


# -- atomic saving --------------------------------------------------------------------------------------------
def test_save_to_path_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "model.pt"
    save({"w": torchless.ones(3)}, path)
    save({"w": torchless.zeros(3)}, str(path))
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]
    assert load(path)["w"].tolist() == [0.0, 0.0, 0.0]


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.pt"
    save({"w": torchless.ones(3)}, path)
    before = path.read_bytes()

    class Unpicklable:
        def __reduce__(self):
            raise RuntimeError("boom while pickling")

    with pytest.raises(RuntimeError, match="boom while pickling"):
        save({"w": torchless.zeros(3), "x": Unpicklable()}, path)

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        save({"w": torchless.zeros(1000)}, path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["model.pt"]


def test_save_keeps_permissions(tmp_path):
    path = tmp_path / "model.pt"
    path.write_bytes(b"")
    os.chmod(path, 0o640)
    save(torchless.ones(1), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_missing_parent_directory(tmp_path):
    with pytest.raises(RuntimeError, match="Parent directory .* does not exist."):
        save(torchless.ones(1), tmp_path / "nope" / "x.pt")
