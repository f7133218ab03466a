"""torch's CPU generator: mt19937 seeded as ATen seeds it, with torch's state layout and normal caches.

ATen's ``mt19937`` (``aten/src/ATen/core/MT19937RNGEngine.h``) is the reference Mersenne Twister: the seed's
low 32 bits go through ``init_genrand``; the full 64-bit seed is only remembered (``initial_seed``). Its 32-bit
outputs are the standard MT19937 stream, which NumPy's ``MT19937`` bit generator produces once its state (624
words and a position) is set, so the draws here are vectorised: ``Generator.integers`` over the full ``uint32``
or ``uint64`` range returns the raw stream (a 64-bit draw is ``first << 32 | second``, as ``random64()``).

``torch.get_rng_state()`` is a 5056-byte copy of ``CPUGeneratorImplState`` (``CPUGeneratorImpl.cpp``): the legacy
THGenerator layout (seed, ``left``, ``seeded``, ``next``, the 624 words as uint64, the double Box-Muller cache)
then the float cache. ``STATE_DTYPE`` spells it out; states convert both ways, bit for bit.
"""

from __future__ import annotations

import functools
import os

import numpy as np

__all__ = ["CPUGenerator", "STATE_DTYPE", "STATE_SIZE", "DEFAULT_RNG_SEED", "seed_key", "nondeterministic_seed"]

N = 624
DEFAULT_RNG_SEED = 67280421310721  # c10's default_rng_seed_val: the seed of a new torch.Generator()

STATE_DTYPE = np.dtype([
    ("the_initial_seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"), ("state", "<u8", (N,)),
    ("normal_x", "<f8"), ("normal_y", "<f8"), ("normal_rho", "<f8"), ("normal_is_valid", "<i4"), ("_pad0", "V4"),
    ("next_float_normal_sample", "<f4"), ("is_next_float_normal_sample_valid", "u1"), ("_pad1", "V3"),
])
STATE_SIZE = STATE_DTYPE.itemsize  # 5056
_U32 = np.uint32
_U64 = np.uint64
_FULL32 = 1 << 32
_FULL64 = 1 << 64
_SMALL = 2048  # below this many draws, the bit generator's own random_raw is cheaper than Generator.integers


def seed_key(seed: int) -> np.ndarray:
    """mt19937's ``init_genrand`` on the seed's low 32 bits: the 624 state words."""
    return _seed_key(seed & 0xFFFFFFFF).copy()


@functools.lru_cache(maxsize=64)
def _seed_key(x: int) -> np.ndarray:
    words = [x]
    for j in range(1, N):
        x = (1812433253 * (x ^ (x >> 30)) + j) & 0xFFFFFFFF
        words.append(x)
    return np.array(words, _U32)


def temper(y: np.ndarray) -> np.ndarray:
    """mt19937's output transform of state words."""
    y = y.astype(_U32)
    y ^= y >> _U32(11)
    y ^= (y << _U32(7)) & _U32(0x9D2C5680)
    y ^= (y << _U32(15)) & _U32(0xEFC60000)
    y ^= y >> _U32(18)
    return y


def nondeterministic_seed() -> int:
    """A 64-bit seed from the OS, as ``c10::detail::getNonDeterministicRandom`` gives a new process."""
    return int.from_bytes(os.urandom(8), "little")


class CPUGenerator:
    """The engine state of one ``torchless.Generator``: a NumPy MT19937 plus torch's bookkeeping.

    ``_fresh_next`` is torch's ``next`` field while no number has been drawn since seeding (NumPy's position
    is 624 then, as after 624 draws, but torch reports ``next=0``). ``_prefix`` holds words torch would still
    read from a restored state whose ``left``/``next`` are not the usual pair (``left == 625 - next``).
    """

    __slots__ = ("_mt", "_np_gen", "_pending", "_seed", "_fresh_next", "_prefix", "_prefix_next", "next_double",
                 "next_float")

    def __init__(self, seed: int = DEFAULT_RNG_SEED):
        self._mt = self._np_gen = None  # made on the first draw: importing numpy.random costs 7 MB
        self.manual_seed(seed)

    @property
    def _bits(self):
        """The NumPy MT19937 holding the engine's words (created, with the pending state, on first use)."""
        if self._mt is None:
            self._mt = np.random.MT19937(0)
            self._np_gen = np.random.Generator(self._mt)
            key, pos = self._pending
            self._mt.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        return self._mt

    @property
    def _gen(self):
        return self._np_gen if self._mt is not None else (self._bits, self._np_gen)[1]

    # -- seeding ---------------------------------------------------------------------------------------
    def manual_seed(self, seed: int) -> None:
        """Seed with a 64-bit unsigned value; the normal caches are cleared as torch clears them."""
        self._seed = seed
        self._set_words(seed_key(seed), N)
        self._fresh_next = 0
        self._prefix = None
        self.next_double = None
        self.next_float = None

    def _set_words(self, key: np.ndarray, pos: int) -> None:
        if self._mt is None:
            self._pending = (key, pos)
        else:
            self._mt.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}

    @property
    def initial_seed(self) -> int:
        return self._seed

    # -- raw draws -------------------------------------------------------------------------------------
    def u32(self, n: int) -> np.ndarray:
        """``n`` draws of ``random()``: the next 32-bit outputs (uint32)."""
        if n == 0:
            return np.empty(0, _U32)
        if self._prefix is not None:
            return self._u32_prefixed(n)
        self._fresh_next = None
        if n <= _SMALL:
            return self._bits.random_raw(n).astype(_U32)
        return self._gen.integers(0, _FULL32, size=n, dtype=_U32)

    def u64(self, n: int) -> np.ndarray:
        """``n`` draws of ``random64()``: two 32-bit outputs each, the first one high."""
        if n == 0:
            return np.empty(0, _U64)
        if self._prefix is not None:
            w = self._u32_prefixed(2 * n).astype(_U64)
            return (w[0::2] << _U64(32)) | w[1::2]
        self._fresh_next = None
        if n <= _SMALL:
            w = self._bits.random_raw(2 * n)
            return (w[0::2] << _U64(32)) | w[1::2]
        return self._gen.integers(0, _FULL64, size=n, dtype=_U64)

    def raw_list(self, n: int) -> list:
        """``n`` 32-bit draws as Python ints (the cheapest form for a handful)."""
        if n == 0:
            return []
        if self._prefix is not None:
            return self._u32_prefixed(n).tolist()
        self._fresh_next = None
        return self._bits.random_raw(n).tolist()

    def _u32_prefixed(self, n: int) -> np.ndarray:
        pre = self._prefix
        take = min(n, len(pre))
        head = pre[:take]
        self._prefix = pre[take:] if take < len(pre) else None
        self._prefix_next += take
        if take == n:
            if self._prefix is None:
                self._fresh_next = self._prefix_next  # torch: left == 1, next just past the words read
            return head
        self._fresh_next = None
        return np.concatenate([head, self._gen.integers(0, _FULL32, size=n - take, dtype=_U32)])

    # -- torch's state tensor --------------------------------------------------------------------------
    def get_state(self) -> np.ndarray:
        """The 5056 bytes of ``CPUGeneratorImplState``, as ``torch.Generator.get_state()`` returns them."""
        st = np.zeros((), STATE_DTYPE)
        np_state = self._bits.state["state"]
        key, pos = np_state["key"], int(np_state["pos"])
        if self._prefix is not None:
            nxt, left = self._prefix_next, len(self._prefix) + 1
        elif pos == N:
            nxt, left = (N if self._fresh_next is None else self._fresh_next), 1
        else:
            nxt, left = pos, N + 1 - pos
        st["the_initial_seed"] = self._seed
        st["left"] = left
        st["seeded"] = 1
        st["next"] = nxt
        st["state"] = key.astype(_U64)
        if self.next_double is not None:
            st["normal_is_valid"] = 1
            st["normal_y"] = self.next_double
        if self.next_float is not None:
            st["is_next_float_normal_sample_valid"] = 1
            st["next_float_normal_sample"] = self.next_float
        return np.frombuffer(st.tobytes(), np.uint8).copy()

    def set_state(self, data: np.ndarray) -> None:
        """Restore from torch's state bytes (checked as ``CPUGeneratorImpl::set_state`` checks them)."""
        if data.size != STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {STATE_SIZE} but found the input RNG "
                               f"state size to be {data.size}")
        st = np.frombuffer(np.ascontiguousarray(data).tobytes(), STATE_DTYPE)[0]
        left, nxt, seeded = int(st["left"]), int(st["next"]) & 0xFFFFFFFF, int(st["seeded"]) != 0
        if not (seeded and 0 < left <= N and nxt <= N):
            raise RuntimeError("Invalid mt19937 state")
        key = st["state"].astype(_U32)  # torch copies the uint64 words into uint32 ones
        if left > 1 and nxt + left - 1 > N:
            raise NotImplementedError(
                f"torchless: this mt19937 state (left={left}, next={nxt}) makes torch read past its state array")
        self._seed = int(st["the_initial_seed"])
        self._prefix = None
        self._fresh_next = None
        if left == 1:
            self._set_words(key, N)
            self._fresh_next = nxt
        elif nxt + left - 1 == N:
            self._set_words(key, nxt)
        else:  # torch reads key[next : next + left - 1], then twists the whole array
            self._set_words(key, N)
            self._prefix = temper(key[nxt:nxt + left - 1])
            self._prefix_next = nxt
        self.next_double = float(st["normal_y"]) if int(st["normal_is_valid"]) else None
        self.next_float = float(st["next_float_normal_sample"]) if int(st["is_next_float_normal_sample_valid"]) \
            else None

    def clone_state_from(self, other: CPUGenerator) -> None:
        self.set_state(other.get_state())
