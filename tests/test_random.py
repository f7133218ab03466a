"""torchless's random numbers against torch 2.13's CPU generator, bit for bit.

Every case of ``tests/golden/record_random.py`` (seeds, sizes around torch's path switches, dtypes, overloads,
interleaved sequences, non-contiguous views, generators, state round trips, errors) is compared with the golden
file recorded from torch, and with live torch when it is installed: the results' bytes and the RNG state bytes
afterwards must be equal. Further tests cover the pieces torch cannot be asked about directly (the exact FMA,
the AVX2 emulation's reference, randperm's 64-bit algorithm) and the generator API.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import pickle
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import torchless
from torchless._random import avx2, kernels
from torchless._random.fma import fma32, fma64, fma64_scalar
from torchless._random.generator import CPUGenerator

_GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("record_random", _GOLDEN_DIR / "record_random.py")
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)
GOLDEN = json.loads((_GOLDEN_DIR / "random.json").read_text())

try:
    import torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None

CASE_IDS = [cid for cid, _, _ in record.CASES]


def _run(lib, seed, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return record.run(lib, seed, fn)


def test_golden_file_matches_case_list():
    """random.json was recorded from the current case list (re-run record_random.py after editing it)."""
    assert sorted(GOLDEN["cases"]) == sorted(CASE_IDS)
    assert GOLDEN["torch"].startswith("2.13")


@pytest.mark.parametrize("cid, seed, fn", record.CASES, ids=CASE_IDS)
def test_matches_torch(cid, seed, fn):
    mine = _run(torchless, seed, fn)
    assert mine == GOLDEN["cases"][cid]
    if torch is not None:
        assert mine == _run(torch, seed, fn)


# -- the generator ----------------------------------------------------------------------------------------------
def test_state_tensor_layout_and_interchange():
    torchless.manual_seed(42)
    state = torchless.get_rng_state()
    assert state.dtype is torchless.uint8 and tuple(state.shape) == (5056,)
    raw = state.numpy()
    assert int.from_bytes(raw[:8].tobytes(), "little") == 42  # the_initial_seed
    assert int.from_bytes(raw[8:12].tobytes(), "little") == 1  # left
    assert int.from_bytes(raw[24:32].tobytes(), "little") == 42  # state[0] = seed & 0xffffffff
    if torch is None:
        pytest.skip("torch is not installed")
    torch.manual_seed(3)
    torch.randn(5)  # leaves a cached normal in the state
    torchless.set_rng_state(torch.get_rng_state())  # a state saved by torch restores in torchless ...
    assert np.array_equal(torchless.randn(9).numpy(), torch.randn(9).numpy())
    torchless.rand(7)
    torch.set_rng_state(torch.from_numpy(torchless.get_rng_state().numpy().copy()))  # ... and the other way
    assert np.array_equal(torchless.randn(3).numpy(), torch.randn(3).numpy())
    assert np.array_equal(torchless.get_rng_state().numpy(), torch.get_rng_state().numpy())


def test_unseeded_generator_differs_between_processes():
    code = "import torchless; print(torchless.initial_seed(), torchless.rand(2).tolist())"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
            for _ in range(2)}
    assert len(outs) == 2


def test_generator_api():
    g = torchless.Generator()
    assert g.initial_seed() == 67280421310721  # torch's default seed for a new Generator
    assert g.manual_seed(5) is g and g.initial_seed() == 5
    assert g.device == torchless.device("cpu")
    assert g.manual_seed(-1).initial_seed() == 2**64 - 1
    s = g.seed()
    assert g.initial_seed() == s and 0 <= s < 2**64
    state = g.get_state()
    a = torchless.rand(5, generator=g)
    assert g.set_state(state) is g
    assert torchless.equal(torchless.rand(5, generator=g), a)
    h = copy.deepcopy(g)
    assert torchless.equal(torchless.randn(20, generator=h), torchless.randn(20, generator=g))
    h = pickle.loads(pickle.dumps(g))
    assert torchless.equal(torchless.randperm(20, generator=h), torchless.randperm(20, generator=g))
    assert torchless.manual_seed(7) is torchless.default_generator
    assert torchless.initial_seed() == 7 and torchless.random.initial_seed() == 7
    with pytest.raises(TypeError, match="argument 'generator' must be torch.Generator"):
        torchless.rand(2, generator=3)


def test_generator_draws_leave_the_default_stream_alone():
    torchless.manual_seed(0)
    before = torchless.get_rng_state().numpy().copy()
    torchless.randn(50, generator=torchless.Generator().manual_seed(1))
    assert np.array_equal(torchless.get_rng_state().numpy(), before)


def test_fork_rng_restores_the_state():
    torchless.manual_seed(9)
    with torchless.random.fork_rng():
        torchless.randn(33)
    b = torchless.rand(4)
    torchless.manual_seed(9)
    assert torchless.equal(b, torchless.rand(4))


def test_seed_argument_forms():
    torchless.manual_seed(True)  # torch.manual_seed does int(seed)
    assert torchless.initial_seed() == 1
    torchless.manual_seed("3")
    assert torchless.initial_seed() == 3
    with pytest.raises(RuntimeError, match="manual_seed expected a long, but got float"):
        torchless.Generator().manual_seed(1.5)
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        torchless.manual_seed(-(2**63) - 1)


# -- autograd ---------------------------------------------------------------------------------------------------
def test_in_place_draws_and_autograd():
    leaf = torchless.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        leaf.uniform_()
    with torchless.no_grad():
        leaf.normal_()  # nn.init's pattern
    y = leaf * 1
    version = y._version
    assert y.uniform_() is y and y._version == version + 1
    assert type(y.grad_fn).__name__ == "UniformBackward0"
    y.sum().backward()
    assert leaf.grad.tolist() == [0.0, 0.0, 0.0]
    m = torchless.ones(3, requires_grad=True)
    r = torchless.normal(m, 1.0)
    assert type(r.grad_fn).__name__ == "NormalBackward1"
    r.sum().backward()
    assert m.grad.tolist() == [0.0, 0.0, 0.0]
    assert torchless.rand(2, requires_grad=True).requires_grad


def test_expanded_tensor_is_refused():
    x = torchless.zeros(1).expand(3)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        x.uniform_()


# -- pieces torch cannot be asked about directly ----------------------------------------------------------------
def _fraction_round(value: Fraction, dtype) -> float:
    x = dtype.type(float(value))
    cands = [x, np.nextafter(x, dtype.type(np.inf)), np.nextafter(x, dtype.type(-np.inf))]
    bits = np.uint32 if dtype == np.float32 else np.uint64

    def key(c):
        return abs(Fraction(float(c)) - value), int(np.asarray(c).view(bits)) & 1

    return min(cands, key=key)


_f32 = st.floats(-1e6, 1e6, allow_nan=False, width=32)
_f64 = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(_f32, _f32, _f32, st.booleans())
def test_fma32_is_correctly_rounded(a, b, c, cancel):
    a, b, c = np.float32(a), np.float32(b), np.float32(c)
    assume(a == 0 or abs(a) >= 2.0 ** -40)  # fma32's precondition (its callers pass uniforms and normals)
    if cancel:  # near-cancellation: where a double rounding would show
        c = np.float32(-float(a) * float(b))
    want = _fraction_round(Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c)), np.dtype(np.float32))
    got = fma32(np.array([a]), b, c)[0]
    if want == 0:  # an exact zero: -0 only when both a * b and c are -0
        assert np.signbit(got) == (np.signbit(a * b) and np.signbit(c)) and got == 0
    else:
        assert got.view(np.uint32) == np.float32(want).view(np.uint32)


@settings(max_examples=50, deadline=None)
@given(_f64, _f64, _f64, st.booleans())
def test_fma64_is_correctly_rounded(a, b, c, cancel):
    assume(a * b == 0 or abs(a * b) >= 2.0 ** -960)  # no subnormal products: the kernels' inputs are moderate
    if cancel:
        c = -a * b
    want = _fraction_round(Fraction(a) * Fraction(b) + Fraction(c), np.dtype(np.float64))
    assert fma64(np.array([a]), b, c)[0] == want
    assert fma64_scalar(a, b, c) == want


def test_fma64_breaks_a_product_tie_by_a_tiny_addend():
    # a * b lies exactly halfway between two doubles; the tiny c decides (s + 2e rounding back to s once hid it)
    a, b, c = -2.5, -419430.66073151794, 1.065756154464522e-80
    want = _fraction_round(Fraction(a) * Fraction(b) + Fraction(c), np.dtype(np.float64))
    assert fma64(np.array([a]), b, c)[0] == want == fma64_scalar(a, b, c)


def test_fma32_midpoint_is_not_double_rounded():
    # 1 + 2**-24 (a float32 rounding midpoint) plus a tiny positive product: must round up, not to even
    got = fma32(np.array([np.float32(2.0 ** -40)], np.float32), 2.0 ** -40, np.float32(1.0))
    assert got[0] == np.float32(1.0)
    got = fma32(np.array([np.float32(1 + 2.0 ** -23)]), np.float32(1 + 2.0 ** -23), np.float32(-(2.0 ** -46)))
    exact = Fraction(1 + 2**-23) ** 2 - Fraction(2**-46)
    assert got[0] == _fraction_round(exact, np.dtype(np.float32))


def test_avx2_emulation_matches_the_exact_reference():
    """The fast float32 normal path equals the exactly rounded reference (all 2**24 inputs: ``--verify``)."""
    rng = np.random.default_rng(0)
    special = [0, 1, 2, 3, 2**22, 2**23 - 1, 2**23, 2**23 + 1, 2**24 - 2, 2**24 - 1,
               12582909, 12582912, 12582913, 4915597, 4916103]  # last ones: where each FMA contraction matters
    k = np.concatenate([np.array(special, np.uint32), rng.integers(0, 2**24, 1 << 16, dtype=np.uint32)])
    assert np.array_equal(avx2.radius_of(k).view(np.uint32), record.radius_reference(k).view(np.uint32))
    (s, c), (s2, c2) = avx2.sincos_of(k), record.sincos_reference(k)
    assert np.array_equal(s.view(np.uint32), s2.view(np.uint32))
    assert np.array_equal(c.view(np.uint32), c2.view(np.uint32))


@pytest.mark.skipif(not os.environ.get("TORCHLESS_SLOW"), reason="all 2**24 inputs, ~10 s: set TORCHLESS_SLOW=1")
def test_avx2_emulation_exhaustive():
    record.verify_avx2()


def _fisher_yates_loop(draws, n):
    a = list(range(n))
    for i in range(n - 1):
        z = int(draws[i]) % (n - i)
        a[i], a[i + z] = a[i + z], a[i]
    return a


def _inside_out_loop(draws, n):
    r = [0] * n
    for i in range(n):
        z = int(draws[i]) % (i + 1)
        r[i] = i
        r[i] = r[z]
        r[z] = i
    return r


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 300), st.integers(0, 2**64 - 1))
def test_randperm_algorithms_match_their_loops(n, seed):
    draws = CPUGenerator(seed).u32(max(n - 1, 0))
    want = _fisher_yates_loop(draws, n) if n > 1 else list(range(n))
    assert kernels.randperm(CPUGenerator(seed), n).tolist() == want
    draws = CPUGenerator(seed).u64(n)
    z = (draws % np.arange(1, n + 1, dtype=np.uint64)).astype(np.int64)
    assert kernels._inside_out(z, n).tolist() == _inside_out_loop(draws, n)


def test_randperm_switches_to_64_bit_draws(monkeypatch):
    monkeypatch.setattr(kernels, "RANDPERM_SMALL_LIMIT", 10)
    torchless.manual_seed(4)
    got = torchless.randperm(50).tolist()
    torchless.manual_seed(4)
    assert got == _inside_out_loop(torchless.default_generator._impl.u64(50), 50)


@pytest.mark.skipif(not os.environ.get("TORCHLESS_SLOW"), reason="about a minute and 8 GiB: set TORCHLESS_SLOW=1")
def test_randperm_large_n_matches_torch():
    torchless.manual_seed(record.SLOW_RANDPERM["seed"])
    assert record.digest(torchless.randperm(record.SLOW_RANDPERM["n"])) == GOLDEN["slow_randperm"]


def test_multinomial_ties_are_refused_not_guessed():
    torchless.manual_seed(0)
    with pytest.raises(NotImplementedError, match="tied keys"):
        torchless.multinomial(torchless.tensor([0.5, 0, 0, 0.5]), 3)


@pytest.mark.skipif(torch is None, reason="torch is not installed")
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(0, 300), st.sampled_from(["float32", "float64", "float16"]),
       st.floats(-3, 3), st.floats(0.01, 3))
def test_random_sizes_and_seeds_match_live_torch(seed, n, dt, mean, std):
    def fn(T):
        x = T.empty(n, dtype=getattr(T, dt))
        return [T.rand(n, dtype=getattr(T, dt)), x.normal_(mean, std), T.randn(n % 40), T.randint(-7, n + 3, (n,)),
                T.empty(n, dtype=getattr(T, dt)).uniform_(mean, mean + std), T.randperm(n)]
    assert _run(torchless, seed, fn) == _run(torch, seed, fn)
