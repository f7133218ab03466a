"""torch's CPU float summation order (src/torchless/ops/_torch_sum.py).

* the vectorised NumPy kernels against a line-by-line Python transcription of SumKernel.cpp, for the AVX2 and the
  AVX512 vector widths;
* seeded inputs (sizes, dims, keepdim, transposed/sliced/strided views, one and two threads) against live torch
  when installed, else against tests/golden/ops/torch_sum.json (sha256 of the result bits), recorded with
  ``PYTHONPATH=src python -m tests.ops.test_torch_sum``;
* ``sum``/``mean``/``mse_loss``/``l1_loss`` through torchless against live torch, bit for bit;
* the dense full-sum plans against the transcription, the dim-reduction plans against the reference loop
  (``_reference_sum``), nan payloads included, and bias-gradient shapes against live torch.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import torchless
from torchless.ops import _torch_sum as TS

try:
    import torch
except ImportError:  # pragma: no cover - the golden file stands in for torch
    torch = None

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "ops" / "torch_sum.json"
needs_torch = pytest.mark.skipif(torch is None, reason="needs torch")


# A plain transcription of SumKernel.cpp (scalar Python loops; a lane vector is a NumPy array) -------------------


def _ref_multi_row_sum(load, nrows: int, size: int, zero):
    power = max(4, TS._ceil_log2(size) // 4)
    step, mask = 1 << power, (1 << power) - 1
    acc = [[zero] * nrows for _ in range(4)]
    i = 0
    while i + step <= size:
        for _ in range(step):
            for k in range(nrows):
                acc[0][k] = acc[0][k] + load(i, k)
            i += 1
        for j in range(1, 4):
            for k in range(nrows):
                acc[j][k] = acc[j][k] + acc[j - 1][k]
                acc[j - 1][k] = zero
            if i & (mask << (j * power)):
                break
    for r in range(i, size):
        for k in range(nrows):
            acc[0][k] = acc[0][k] + load(r, k)
    for j in range(1, 4):
        for k in range(nrows):
            acc[0][k] = acc[0][k] + acc[j][k]
    return acc[0]


def _ref_row_sum(load, size: int, zero):
    q = size // 4
    p = _ref_multi_row_sum(lambda i, k: load(4 * i + k), 4, q, zero)
    for i in range(4 * q, size):
        p[0] = p[0] + load(i)
    return p[0] + p[1] + p[2] + p[3]


def _ref_kernel(x: np.ndarray, st0: int, st1: int, v: int) -> np.ndarray:
    """cascade_sum's 2-D loop on x (size1, size0): one sum per row."""
    size1, size0 = x.shape
    z, zv = x.dtype.type(0), np.zeros(v, x.dtype)
    out = np.zeros(size1, x.dtype)
    if st0 == 1 and size0 >= v:
        nv = size0 // v
        for j in range(size1):
            lanes = _ref_row_sum(lambda i, j=j: x[j, i * v:(i + 1) * v], nv, zv)
            acc = z
            for k in range(nv * v, size0):
                acc = acc + x[j, k]
            for k in range(v):
                acc = acc + lanes[k]
            out[j] = acc
        return out
    if not (st1 == 1 and size1 >= v) and st0 < st1:  # scalar inner
        for j in range(size1):
            out[j] = _ref_row_sum(lambda i, j=j: x[j, i], size0, z)
        return out
    group = 4 * v if st1 == 1 and size1 >= v else 4
    width = v if group > 4 else 1
    j = 0
    while j + group <= size1:
        s = _ref_multi_row_sum(lambda i, k, j=j: x[j + k * width:j + (k + 1) * width, i], 4, size0, zv[:width])
        out[j:j + group] = np.concatenate(s)
        j += group
    for c in range(j, size1):
        out[c] = _ref_row_sum(lambda i, c=c: x[c, i], size0, z)
    return out


KERNEL_SHAPES = [(1, 1), (1, 7), (1, 8), (1, 37), (3, 16), (2, 100), (1, 300), (5, 64), (2, 1030), (1, 5000),
                 (40, 3), (33, 20), (70, 9), (17, 40), (100, 300), (6, 5), (9, 2000)]
KERNEL_BRANCHES = {"inner": (1, 10 ** 6), "outer": (10 ** 6, 1), "scalar_inner": (2, 10 ** 6),
                   "scalar_outer": (10 ** 6, 2)}


@pytest.mark.parametrize("capability", ["avx2", "avx512"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("branch", list(KERNEL_BRANCHES))
def test_kernel_matches_transcription(branch, dtype, capability):
    rng = np.random.default_rng(7)
    v = TS.vec_size(np.dtype(dtype), capability)
    st0, st1 = KERNEL_BRANCHES[branch]
    for size1, size0 in KERNEL_SHAPES:
        x = (rng.standard_normal((size1, size0)) * 10 ** rng.uniform(-3, 3, (size1, size0))).astype(dtype)
        mine = TS._kernel(x, st0, st1, v)
        assert mine.tobytes() == _ref_kernel(x, st0, st1, v).tobytes(), (branch, size1, size0)


@pytest.mark.parametrize("capability", ["avx2", "avx512"])
def test_long_row_uses_every_cascade_level(capability):
    x = np.random.default_rng(3).standard_normal(140_001).astype(np.float64)[None]
    v = TS.vec_size(x.dtype, capability)
    assert TS._kernel(x, 1, 0, v).tobytes() == _ref_kernel(x, 1, 0, v).tobytes()


def test_widths_and_capability():
    assert TS.vec_size(np.float32, "avx2") == 8 and TS.vec_size(np.float64, "avx2") == 4
    assert TS.vec_size(np.float32, "avx512") == 16 and TS.vec_size(np.float64, "default") == 4
    assert TS.sum_capability() in ("avx2", "default")  # torch's sum has no AVX512 kernel
    x = np.random.default_rng(0).standard_normal(1000).astype(np.float32)
    assert TS.torch_sum(x, capability="avx2") != TS.torch_sum(x, capability="avx512")  # the orders differ


@needs_torch
def test_cpu_capability_matches_torch():
    assert TS.cpu_capability() == torch.backends.cpu.get_cpu_capability().lower()


# Seeded cases: live torch, or the golden bits ----------------------------------------------------------------


def _cases() -> list:
    """(id, array, dims, keepdim): random sizes and shapes, every kind of view, one and two threads' worth."""
    rng = np.random.default_rng(2024)
    out = []
    for n in [1, 2, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 255, 257, 1000, 4095, 4097, 32767, 32768,
              32769, 65536, 65537, 99_991, 1_000_000] + rng.integers(1, 100_000, 12).tolist():
        for dt in (np.float32, np.float64):
            out.append((f"1d-{n}-{dt.__name__}", (rng.standard_normal(n) * 10).astype(dt), None, False))
    views = {"contig": lambda a: a, "transposed": lambda a: a.T, "sliced": lambda a: a[1:, : max(1, a.shape[1] - 3)],
             "strided": lambda a: a[::2, ::3]}
    for i in range(48):
        dt = (np.float32, np.float64)[i % 2]
        shape = tuple(int(s) for s in rng.integers(1, [400, 300, 12][: 2 + i % 2] if i % 3 else [3000, 700]))
        a = (rng.standard_normal(shape) * 10).astype(dt)
        name = list(views)[i % 4]
        x = views[name](a)
        for dims in (None, (0,), (x.ndim - 1,), tuple(range(x.ndim))[-2:]):
            keep = bool(rng.integers(0, 2)) and dims is not None
            out.append((f"{name}-{x.shape}-{dims}-{keep}-{dt.__name__}", x, dims, keep))
    return out


CASES = _cases()


def _bits(r: np.ndarray) -> str:
    return f"{r.dtype}{list(r.shape)}:" + hashlib.sha256(np.ascontiguousarray(r).tobytes()).hexdigest()[:20]


def _golden() -> dict:
    return json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}


@pytest.mark.parametrize("threads", [1, 2])
def test_cases_match_golden(threads):
    golden = _golden()
    if not golden:
        pytest.skip("no golden file")
    for cid, x, dims, keep in CASES:
        mine = TS.torch_sum(x, dims, keep, threads=threads, capability="avx2")
        assert _bits(mine) == golden[f"{cid}-t{threads}"], cid


@needs_torch
@pytest.mark.parametrize("threads", [1, 2])
def test_cases_match_live_torch(threads):
    if TS.sum_capability() != "avx2":
        pytest.skip("torch sums with another vector width here")
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        for cid, x, dims, keep in CASES:
            t = torch.from_numpy(x)
            ref = (t.sum() if dims is None else t.sum(dims, keep)).numpy()
            assert _bits(TS.torch_sum(x, dims, keep, threads=threads)) == _bits(ref), cid
    finally:
        torch.set_num_threads(before)


# Through torchless ---------------------------------------------------------------------------------------------


@needs_torch
def test_ops_and_losses_match_torch_bits():
    rng = np.random.default_rng(11)
    for n in [6, 17, 100, 1234, 40_000] + rng.integers(1, 20_000, 6).tolist():
        for dt in (np.float32, np.float64):
            a, b = (rng.standard_normal((2, n)) * 3).astype(dt)
            m = a[: n // 4 * 4].reshape(-1, 4) if n >= 4 else a[None]
            mine = [torchless.tensor(a), torchless.tensor(b), torchless.tensor(m)]
            ref = [torch.tensor(a), torch.tensor(b), torch.tensor(m)]
            for f in (lambda T, x, y, z: x.sum(), lambda T, x, y, z: x.mean(), lambda T, x, y, z: z.mean(0),
                      lambda T, x, y, z: z.t().sum(1, keepdim=True), lambda T, x, y, z: z.mean((0, 1)),
                      lambda T, x, y, z: x.sum(dtype=T.float64) if x.dtype == T.float32 else x.sum(dtype=T.float32),
                      lambda T, x, y, z: T.nn.functional.mse_loss(x, y),
                      lambda T, x, y, z: T.nn.functional.l1_loss(x, y, reduction="sum")):
                r, t = f(torchless, *mine), f(torch, *ref)
                assert r.numpy().tobytes() == t.numpy().tobytes() and str(r.dtype) == str(t.dtype), n
    x = torchless.tensor([8.3, 4.1, 5.5, 0.3, 7.5, 5.4])
    assert (x.sum().item(), x.mean().item()) == (31.100000381469727, 5.183333396911621)


# The dense fast path: cached plans for short rows, einsum blocks for long ones ----------------------------------


FLAT_SIZES = list(range(1, 260)) + [300, 511, 512, 513, 700, 1000, 2047, 4095, 4096, 8191, 8192, 8193, 16383, 20000]


@pytest.mark.parametrize("capability", ["avx2", "avx512"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dense_rows_match_transcription(dtype, capability):
    rng = np.random.default_rng(17)
    v = TS.vec_size(np.dtype(dtype), capability)
    for n in FLAT_SIZES:
        x = (rng.standard_normal(n) * 10 ** rng.uniform(-3, 3, n)).astype(dtype)
        ref = _ref_kernel(x[None], 1, 0, v)[0].tobytes()
        assert TS._long_row(x, v).tobytes() == ref, n  # a size met once, or a long row
        if n < 1024 * v:
            assert TS._row_plan(n, x.dtype, v)(x).tobytes() == ref, n  # a size met again
        assert TS.torch_sum(x, capability=capability).tobytes() == ref, n
        if n % 4 == 0:  # the same memory as a 2-D array, C or Fortran order
            for m in (x.reshape(4, -1), x.reshape(-1, 4).T):
                assert TS.torch_sum(m, capability=capability).tobytes() == ref, n


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nan_payloads_in_long_rows(dtype):
    """A long row's blocks are summed with einsum, which adds row + acc: where two nans meet that picks the other
    payload, so a nan result is recomputed; it matches the general (multi-row) kernel bit for bit."""
    rng = np.random.default_rng(23)
    ui = np.uint32 if dtype == np.float32 else np.uint64
    payloads = (np.array([0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFFC0BEEF], np.uint32).view(np.float32)
                if dtype == np.float32 else
                np.array([0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000012345678], np.uint64).view(np.float64))
    v = TS.vec_size(np.dtype(dtype), "avx2")
    for n in (9000, 20000, 70001):
        x = rng.standard_normal(n).astype(dtype)
        start = int(rng.integers(0, n - 1000))
        x[start:start + 1000] = rng.choice(payloads, 1000)  # nans meeting inside 16-row blocks
        x[rng.integers(0, n, 2)] = np.inf
        x[rng.integers(0, n, 2)] = -np.inf
        with np.errstate(invalid="ignore"):
            ref = TS._kernel(np.stack([x, x]), 1, n, v)[0]
        assert TS.torch_sum(x, threads=1, capability="avx2").view(ui) == ref.view(ui), n


def test_plans_are_per_thread():
    import threading

    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(n).astype(np.float32) for n in (100, 700, 3000) for _ in range(4)]
    expected = [TS.torch_sum(a).tobytes() for a in arrays]
    failures = []

    def work():
        for _ in range(200):
            for a, e in zip(arrays, expected):
                if TS.torch_sum(a).tobytes() != e:
                    failures.append(a.size)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_signed_zero_and_specials():
    z = np.full(100, -0.0, np.float32)
    assert np.signbit(TS.torch_sum(z)) == np.False_  # torch's output starts at +0.0
    x = np.array([1.0, np.inf, -np.inf, 2.0] * 10, np.float64)
    assert np.isnan(TS.torch_sum(x))
    assert TS.torch_sum(np.zeros((0, 3), np.float32), (1,)).shape == (0,)
    assert TS.torch_sum(np.float32(2.5).reshape(()), ()).item() == 2.5


# Dim reductions: a plan per layout, checked against the reference loop (_reference_sum) ------------------------


def _dim_inputs(rng, dtype) -> list:
    """(name, array): 2-D and 3-D arrays in every layout the plans tell apart (contiguous either way, transposed,
    sliced, strided, negative and zero strides), with numel on both sides of GRAIN_SIZE."""
    out = []
    shapes = [(1, 7), (7, 1), (3, 5), (8, 1), (4, 9), (5, 16), (16, 5), (64, 10), (33, 40), (128, 10), (17, 100),
              (128, 256), (569, 1), (300, 129), (257, 130), (4097, 9), (40, 1000), (2, 17000)]
    for shape in shapes:
        a = (rng.standard_normal(shape) * 10 ** rng.uniform(-3, 3, shape)).astype(dtype)
        out += [(f"c{shape}", a), (f"f{shape}", np.asfortranarray(a)), (f"T{shape}", a.T)]
        if min(shape) > 1:
            out += [(f"sliced{shape}", a[1:, :-1]), (f"strided{shape}", a[::2, ::3]), (f"neg{shape}", a[::-1])]
        out.append((f"bcast{shape}", np.broadcast_to(a[:1], shape)))
    for shape in [(2, 3, 4), (4, 5, 17), (3, 16, 40), (8, 2, 12), (16, 8, 36)]:
        a = rng.standard_normal(shape).astype(dtype)
        out += [(f"c{shape}", a), (f"t201{shape}", a.transpose(2, 0, 1)), (f"t102{shape}", a.transpose(1, 0, 2)),
                (f"sliced{shape}", a[:, 1:, ::2]), (f"bcast{shape}", np.broadcast_to(a[:, :1], shape))]
    return out


def _all_dims(ndim: int) -> list:
    return [d for r in range(1, ndim + 1) for d in itertools.combinations(range(ndim), r)] + [None]


@pytest.mark.parametrize("capability", ["avx2", "avx512"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dim_plans_match_reference(dtype, capability):
    """Every sum, planned and then from the cached plan, bit for bit the loop's (``_reference_sum``)."""
    rng = np.random.default_rng(31)
    v = TS.vec_size(np.dtype(dtype), capability)
    for name, x in _dim_inputs(rng, dtype):
        for i, dims in enumerate(_all_dims(x.ndim)):
            keep = bool(i % 2)
            for threads in ((1, 2, 3) if x.size >= TS.GRAIN_SIZE else (1,)):
                ref = TS._reference_sum(x, dims, keep, threads, v)
                for _ in range(2):
                    got = TS.torch_sum(x, dims, keep, threads=threads, capability=capability)
                    assert got.tobytes() == ref.tobytes() and got.shape == ref.shape, (name, dims, keep, threads)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dim_plans_specials_and_nan_payloads(dtype):
    """inf, -inf and -0.0 go through the plans; a nan result (whose payload NumPy picks call by call) is the
    reference's, payload included."""
    rng = np.random.default_rng(37)
    ui = np.uint32 if dtype == np.float32 else np.uint64
    payloads = (np.array([0x7FC00000, 0xFFC00000, 0x7FC12345, 0xFFC0BEEF, 0x7F800001], np.uint32).view(np.float32)
                if dtype == np.float32 else
                np.array([0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000012345678], np.uint64).view(np.float64))
    v = TS.vec_size(np.dtype(dtype), "avx2")
    for shape in [(128, 256), (64, 10), (569, 1), (300, 129), (33, 40), (16, 8, 36)]:
        a = rng.standard_normal(shape).astype(dtype)
        m = rng.random(shape)
        a[m < 0.05] = -0.0
        a[m > 0.97] = np.inf
        b = a.copy()
        b[m > 0.97] = -np.inf
        b[m < 0.02] = rng.choice(payloads, int((m < 0.02).sum()))
        zeros = np.where(m < 0.5, -0.0, 0.0).astype(dtype)
        for x in (a, b, zeros, a.T, b.T):
            for dims in _all_dims(x.ndim):
                with np.errstate(invalid="ignore"):
                    ref = TS._reference_sum(x, dims, True, 2, v)
                assert TS.torch_sum(x, dims, True, threads=2, capability="avx2").view(ui).tobytes() == \
                    ref.view(ui).tobytes(), (shape, dims)


@needs_torch
def test_bias_gradients_match_torch():
    """The sums that undo broadcasting (a Linear layer's bias gradient and the like) against live torch, with the
    thread counts that split the columns."""
    if TS.sum_capability() != "avx2":
        pytest.skip("torch sums with another vector width here")
    rng = np.random.default_rng(41)
    before = torch.get_num_threads()
    try:
        for shape, dims in [((128, 256), (0,)), ((128, 128), (0,)), ((128, 10), (0,)), ((8, 1), (0,)),
                            ((569, 1), (0,)), ((64, 10), (0,)), ((64, 10), (1,)), ((4096, 10), (0,)),
                            ((300, 129), (0,)), ((4096, 64), (0,)), ((32, 16, 64), (0, 1)),
                            ((16, 8, 12, 12), (0, 2, 3)), ((200, 200), (1,))]:
            for dt in (np.float32, np.float64):
                x = (rng.standard_normal(shape) * 3).astype(dt)
                for threads in (1, 2, 3):
                    torch.set_num_threads(threads)
                    for keep in (False, True):
                        ref = torch.from_numpy(x).sum(dims, keep).numpy()
                        got = TS.torch_sum(x, dims, keep, threads=threads)
                        assert got.tobytes() == ref.tobytes() and got.shape == ref.shape, (shape, dims, threads)
    finally:
        torch.set_num_threads(before)


def test_dim_plans_are_cached_and_results_fresh(monkeypatch):
    rng = np.random.default_rng(43)
    x = rng.standard_normal((64, 10)).astype(np.float32)
    first = TS.torch_sum(x, (0,), threads=1, capability="avx2")
    key = (x.shape, x.strides, x.dtype, (0,), False, 1, 8)
    plan = TS._DIM_PLANS[key]
    again = TS.torch_sum(x, (0,), threads=1, capability="avx2")
    assert TS._DIM_PLANS[key] is plan and again.tobytes() == first.tobytes()
    for out in (first, TS.torch_sum(x, (1,), True), TS.torch_sum(x[:, :1], (0,)), TS.torch_sum(x.T[:1], (1,))):
        assert out.flags.writeable and not np.shares_memory(out, x)  # a new array, as torch's output
    monkeypatch.setattr(TS, "_DIM_PLAN_CACHE", 2)
    monkeypatch.setattr(TS, "_DIM_PLANS", {})
    for n in range(3, 9):  # beyond the cache's room: dropped, planned again, same bits
        y = rng.standard_normal((n, 40)).astype(np.float32)
        assert TS.torch_sum(y, (0,), threads=1).tobytes() == TS._reference_sum(y, (0,), False, 1, TS._VEC[4]).tobytes()
        assert len(TS._DIM_PLANS) <= 2


def _record() -> None:
    data = {}
    for threads in (1, 2):
        for cid, x, dims, keep in CASES:
            t = torch.from_numpy(x)
            torch.set_num_threads(threads)
            data[f"{cid}-t{threads}"] = _bits((t.sum() if dims is None else t.sum(dims, keep)).numpy())
    GOLDEN.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(data)} results to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    _record()
