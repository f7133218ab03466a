"""torch's CPU summation order for float32/float64 (``sum``, ``mean``, the loss reductions), in vectorised NumPy.

NumPy sums pairwise; torch 2.13 (aten/src/ATen/native/cpu/SumKernel.cpp, ``cascade_sum``) adds in another order,
so results differ in the last bit. This module replays torch's order exactly:

* TensorIterator: dims sorted with the reduced ones first (ascending input stride), the kept ones by output
  stride; adjacent dims coalesced. Dims 0 and 1 form the 2-D loop; every loop call *adds* its results into
  the (zero-filled) output, so further reduced dims and reduced dim 1 accumulate one after another.
* ``multi_row_sum`` (``_cascade``): running sums of blocks of ``2**max(4, ceil(log2 n) // 4)`` elements,
  block sums gathered in groups of the same size on two more levels, the top level unbounded; at the end
  ``tail + level1 + level2 + level3``.
* ``row_sum`` (``_row_sum``): the row seen as (n // 4, 4); four cascades, the <= 3 leftover elements added to
  the first, then ``p0 + p1 + p2 + p3``.
* the 2-D loop (``_kernel``): a contiguous reduced dim of at least one vector is summed with ``row_sum`` over
  vectors, then ``scalar tail + lane 0 + ... + lane V-1``; a contiguous kept dim takes columns in groups of 4
  vectors (one cascade each column) and the rest with ``row_sum``; otherwise scalar row sums or groups of 4.
* threads: with ``numel >= 32768`` and more than one thread, a full reduction splits the flat index range into
  ``min(threads, ceil(numel / 32768))`` chunks, each summed into its own slot, the slots then summed with
  ``row_sum``; a dim reduction splits the outermost kept dim between threads (column ranges rounded to 128
  bytes when that dim is contiguous), which changes the column grouping of outer reductions. The thread count
  is ``torchless.get_num_threads()`` (torch's default: OMP_NUM_THREADS, else the physical cores).

Vector width: torch picks the AVX512 kernels when the CPU has AVX512VL/BW/DQ and FMA3 (``cpu_capability``,
``ATEN_CPU_CAPABILITY`` overrides it), but SumKernel.cpp registers ``sum_stub`` with ``REGISTER_DISPATCH``, which
leaves the AVX512 slot empty, so sums run the AVX2 kernel there (checked: every capability gives the same bits).
AVX2 and DEFAULT both use 32-byte ``Vectorized``: 8 floats, 4 doubles on any x86 CPU. The 64-byte (AVX512) order
stays available through ``capability="avx512"``.
Every sum is a fixed sequence of NumPy adds whose order is known: whole-slice adds, ``np.add.accumulate``, or
``np.add.reduce``/``np.einsum`` over an axis of rows of several contiguous elements (both add row after row;
NumPy sums pairwise only along the innermost axis, where neither is used, so a single column is accumulated).
``np.einsum`` adds ``row + acc`` rather than ``acc + row``, which matters only to the payload of a nan meeting
another nan, so a nan result is recomputed without it. A dense full sum (a loss, the common case) skips the loop
machinery: a short row runs a cached plan of a few NumPy calls per size (``_row_plan``), a long one sums its
16-row blocks with ``np.einsum`` (``_long_row``). Any other sum runs a plan cached per layout (``_dim_plan``):
the loop's sums of each kind summed all at once, down the rows of one matrix (for a bias gradient, the array
itself); a nan result there is recomputed by the reference (``_reference_sum``: ``_kernel`` call by call), as
even NumPy's own adds pick a nan's payload differently from call to call.
"""

from __future__ import annotations

import math
import os
import threading
from functools import partial

import numpy as np

from .elementwise import _quietly

try:  # NumPy's floating-point error state, set directly (as _quietly does) on the fast path
    from .elementwise import _ERRSTATE, _IGNORE
except ImportError:  # pragma: no cover - other NumPy versions
    _ERRSTATE = _IGNORE = None

GRAIN_SIZE = 32768  # at::internal::GRAIN_SIZE
SUM_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))  # the dtypes torch_sum handles
_REGISTER_BYTES = {"avx512": 64, "avx2": 32, "default": 32}


def cpu_capability() -> str:
    """The kernel set torch would dispatch to here: ``"avx512"``, ``"avx2"`` or ``"default"``."""
    env = os.environ.get("ATEN_CPU_CAPABILITY", "").lower()
    if env in _REGISTER_BYTES:
        return env
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as feats
    except ImportError:  # pragma: no cover - NumPy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as feats
    if all(feats.get(f) for f in ("AVX512VL", "AVX512BW", "AVX512DQ", "FMA3")):
        return "avx512"
    if feats.get("AVX2") and feats.get("FMA3"):
        return "avx2"
    return "default"


def sum_capability() -> str:
    """The kernel set torch's sum runs here: AVX512 has no sum kernel and falls back to AVX2."""
    cap = cpu_capability()
    return "avx2" if cap == "avx512" else cap


_SUM_CAPABILITY = sum_capability()
_VEC = {4: _REGISTER_BYTES[_SUM_CAPABILITY] // 4, 8: _REGISTER_BYTES[_SUM_CAPABILITY] // 8}  # by itemsize


def vec_size(dtype: np.dtype, capability: str | None = None) -> int:
    """Elements in torch's ``Vectorized<dtype>`` for ``capability`` (default: the one sum runs here)."""
    return _REGISTER_BYTES[capability or _SUM_CAPABILITY] // np.dtype(dtype).itemsize


def _ceil_log2(x: int) -> int:
    return 1 if x <= 2 else (x - 1).bit_length()


def _at(ax: int, index) -> tuple:
    return (slice(None),) * ax + (index,)


def _split(x: np.ndarray, ax: int, n: int, k: int) -> np.ndarray:
    """The first ``n * k`` entries along ``ax`` as two axes (n, k): a view."""
    return x[_at(ax, slice(0, n * k))].reshape(x.shape[:ax] + (n, k) + x.shape[ax + 1:])


def _seq(x: np.ndarray, ax: int) -> np.ndarray:
    """``x[0] + x[1] + ...`` along ``ax``, strictly left to right (torch starts from 0, which only changes the
    sign of an all-zero sum; ``torch_sum`` adds +0.0 at the end as torch's zero-filled output does)."""
    n = x.shape[ax]
    if n <= 1:
        return x[_at(ax, 0)] if n else np.zeros(x.shape[:ax] + x.shape[ax + 1:], x.dtype)
    if n > 64 or x.size <= 8192:  # one running sum (strictly sequential, like the loop below)
        return np.add.accumulate(x, axis=ax)[_at(ax, n - 1)]
    # slice by slice (NumPy's reduce may add pairwise or reorder, depending on the layout)
    acc = x[_at(ax, 0)] + x[_at(ax, 1)]
    for i in range(2, n):
        acc += x[_at(ax, i)]
    return acc


def _cascade(x: np.ndarray, ax: int) -> np.ndarray:
    """SumKernel's ``multi_row_sum`` along ``ax`` (every other axis is an independent column)."""
    m = x.shape[ax]
    step = 1 << max(4, _ceil_log2(m) // 4)
    nb = m // step
    if not nb:
        return _seq(x, ax)
    acc = _seq(x[_at(ax, slice(nb * step, m))], ax)  # acc[0]: the elements after the last full block
    level = _seq(_split(x, ax, nb, step), ax + 1)  # block sums
    for _ in range(2):  # acc[1], acc[2]: the partial groups left at levels 1 and 2
        n = level.shape[ax] // step
        acc = acc + _seq(level[_at(ax, slice(n * step, None))], ax)
        level = _seq(_split(level, ax, n, step), ax + 1)
    return acc + _seq(level, ax)  # acc[3]: every full level-2 group


def _row_sum(x: np.ndarray, ax: int) -> np.ndarray:
    """SumKernel's ``row_sum`` along ``ax``: four interleaved cascades, the leftover, then p0 + p1 + p2 + p3."""
    m = x.shape[ax]
    q = m // 4
    if not q:
        return _seq(x, ax)
    parts = _cascade(_split(x, ax, q, 4), ax)
    acc = parts[_at(ax, 0)]
    for i in range(4 * q, m):
        acc = acc + x[_at(ax, i)]
    for k in range(1, 4):
        acc = acc + parts[_at(ax, k)]
    return acc


def _inner_vec(x: np.ndarray, v: int) -> np.ndarray:
    """``vectorized_inner_sum`` of each row (last axis, contiguous): vector row_sum, then tail and lanes."""
    m = x.shape[-1]
    if x.size == m:  # a single row (a full reduction or a thread's chunk of one): the flat-row code
        return np.full(x.shape[:-1], _flat_sum(x.reshape(-1), v))
    nv = m // v
    lanes = _row_sum(_split(x, x.ndim - 1, nv, v), x.ndim - 1)
    return np.add.accumulate(np.concatenate([x[..., nv * v:], lanes], axis=-1), axis=-1)[..., -1]


def _outer(x: np.ndarray, group: int) -> np.ndarray:
    """Outer sums down axis -2: columns in full groups get one cascade each, the rest ``row_sum``."""
    c = x.shape[-1] // group * group
    ax = x.ndim - 2
    if c == x.shape[-1]:
        return _cascade(x, ax)
    if not c:
        return _row_sum(x, ax)
    return np.concatenate([_cascade(x[..., :c], ax), _row_sum(x[..., c:], ax)], axis=-1)


def _kernel(x: np.ndarray, st0: int, st1: int, v: int) -> np.ndarray:
    """One call of cascade_sum's 2-D loop on ``x`` (..., size1, size0) with element strides ``st0``/``st1``
    (dim 0 reduced): the sum of each of the size1 rows, shape (..., size1)."""
    size1, size0 = x.shape[-2:]
    if st0 == 1 and size0 >= v:
        return _inner_vec(x, v)
    if st1 == 1 and size1 >= v:
        return _outer(x.swapaxes(-1, -2), 4 * v)
    if st0 < st1:
        return _row_sum(x, x.ndim - 1)
    return _outer(x.swapaxes(-1, -2), 4)


def _iterator(shape: tuple, strides: list, red: set) -> tuple:
    """TensorIterator's reorder_dimensions + coalesce_dimensions for a reduction: [size, in_stride, out_stride]
    per dim, dim 0 the fastest, and the order of the array's dims (fastest first) they coalesce."""
    nd = len(shape)
    out_st, acc = [0] * nd, 1
    for d in reversed(range(nd)):  # the output is allocated contiguous; reduced dims get stride 0
        if d not in red:
            out_st[d] = acc
            acc *= shape[d]

    def should_swap(d0: int, d1: int) -> int:
        for k, st in enumerate((out_st, strides)):
            s0, s1 = st[d0], st[d1]
            if k == 0 and (s0 == 0) != (s1 == 0):
                return 1 if s1 == 0 else -1
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    perm = list(reversed(range(nd)))
    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    dims = [[shape[p], strides[p], out_st[p]] for p in perm]
    merged = dims[:1]
    for d in dims[1:]:
        p = merged[-1]
        if p[0] == 1 or d[0] == 1 or (p[0] * p[1] == d[1] and p[0] * p[2] == d[2]):
            if p[0] == 1:
                p[1], p[2] = d[1], d[2]
            p[0] *= d[0]
        else:
            merged.append(d)
    return merged, perm


def _ranges(n: int, threads: int, grain: int) -> list:
    """at::parallel_for's split of [0, n) (OpenMP backend)."""
    if n <= grain or n <= 1 or threads <= 1:
        return [(0, n)]
    nt = min(threads, -(-n // grain)) if grain > 0 else threads
    size = -(-n // nt)
    return [(b, min(n, b + size)) for b in range(0, n, size)]


def _full_reduce_chunk(x3: np.ndarray, st0: int, st1: int, v: int, b: int, e: int) -> np.ndarray:
    """serial_for_each over the flat range [b, e) of ``x3`` (H, size1, size0): the sum one thread adds up."""
    h_n, size1, size0 = x3.shape
    plane = size1 * size0
    parts = []
    while b < e:
        h, rem = divmod(b, plane)
        j, i = divmod(rem, size0)
        if i or e - b < size0:  # a partial row
            n = min(size0 - i, e - b)
            parts.append(_kernel(x3[h, j:j + 1, i:i + n], st0, st1, v))
            b += n
        elif j or e - b < plane:  # a partial plane
            n = min(size1 - j, (e - b) // size0)
            parts.append(_kernel(x3[h, j:j + n], st0, st1, v))
            b += n * size0
        else:
            n = (e - b) // plane
            parts.append(_kernel(x3[h:h + n], st0, st1, v).reshape(-1))
            b += n * plane
    return _seq(np.concatenate(parts), 0)


# One contiguous row (full reductions): cached plans for short rows, blocked sums for long ones ----------------

_PLAN_ROWS = 256  # plans cover rows of fewer than 256 * 4 vectors: one cascade level of 16-row blocks
_PLAN_CACHE = 256  # plans kept per thread; beyond that, new sizes are summed without one
_ELEMENT_SCATTER = 512  # below this many elements a plan scatters x element by element, above it row by row


class _Plans(threading.local):  # a plan owns its workspace: one set per thread
    def __init__(self) -> None:
        self.by_key: dict = {}  # (n, dtype, v): the plan
        self.seen: set = set()  # sizes summed once: a plan is built the second time


_plans = _Plans()


def _flat_sum(x: np.ndarray, v: int):
    """``_kernel`` on one contiguous row ``x`` (1-D, not empty), as a NumPy scalar."""
    run = _plans.by_key.get((x.shape[0], x.dtype, v))
    return (run or _new_plan(x.shape[0], x.dtype, v))(x)


def _new_plan(n: int, dtype: np.dtype, v: int):
    """The function summing a contiguous row of ``n`` elements when no plan is cached: a plan (``_row_plan``,
    kept) the second time a short row's size comes, else ``_long_row``. Building a plan costs tens of
    microseconds, so sizes seen once, and any beyond the cache's room, do without."""
    key = (n, dtype, v)
    if n < _PLAN_ROWS * 4 * v:
        if key in _plans.seen and len(_plans.by_key) < _PLAN_CACHE:
            run = _plans.by_key[key] = _row_plan(n, dtype, v)
            return run
        if len(_plans.seen) >= 4 * _PLAN_CACHE:
            _plans.seen.clear()
        _plans.seen.add(key)
    return partial(_long_row, v=v)


def _row_plan(n: int, dtype: np.dtype, v: int):
    """A function giving ``_kernel``'s sum of a contiguous row of ``n < 1024 v`` elements in a few fixed NumPy
    calls. The row is scattered into a zero-filled workspace laid out so that every level of the order is one
    call whose result lands (``out=``) where the next level reads it:

    * the sums of the q rows of 4 vectors (``_cascade`` with fewer than 16 blocks: the 16-row block sums and
      the leftover rows' running sum): one ``np.add.reduce`` over the blocks laid side by side (the leftover
      block zero-padded), then the block sums' running sum and ``leftover + blocks``;
    * M: those four partials at rows 0, k+1, 2k+2, 3k+3, the k leftover vectors at rows 1..k: its running sum
      is ``p0 + leftover vectors + p1 + p2 + p3`` (``_row_sum``);
    * T = [+0, scalar tail, lanes]: its running sum is the result, from +0 like torch's zero-filled output.

    A row shorter than a vector takes the same order with 1-element vectors (``_row_sum`` over scalars), M
    then being T's tail. Zero padding only adds +0, which changes nothing but the sign of a zero sum; the
    leading +0 settles that."""
    vec = v if n >= v else 1
    w, nv = 4 * vec, n // vec
    q, k = divmod(nv, 4)  # rows of 4 vectors, leftover vectors
    j = n - nv * vec  # scalar tail
    nb, lr = divmod(q, 16)  # full 16-row blocks (q < 256: a single level), leftover rows
    rows, nblk = (16, nb + (lr > 0)) if nb else (q, 1)
    mrows = 3 * k + 4 if q else nv
    own_m = vec > 1 and mrows > 1  # M needs its own reduce into the lanes
    sizes = [rows * nblk * w if q >= 2 else 0,  # W: the rows, block-major: W[r, b] is row 16 b + r
             nblk * w if q >= 2 and nblk > 1 else 0,  # A: block sums (and the leftover rows' sum)
             w if nb >= 2 and lr else 0,  # B: the block sums' running sum
             mrows * vec if own_m else 0,  # M
             1 + (j + vec if vec > 1 else mrows)]  # T
    offsets = np.cumsum([0] + sizes).tolist()
    ws = np.zeros(offsets[-1], dtype)
    W, A, B = (ws[offsets[i]:offsets[i + 1]] for i in range(3))
    off_t = offsets[4]
    T = ws[off_t:]
    off_m = offsets[3] if own_m else off_t + 1 + j  # M in its own place, or where T sums it
    M = ws[off_m:off_m + mrows * vec].reshape(mrows, vec)
    # where x goes in ws: its leftover vectors and its tail (``rest``), its rows of 4 vectors (``head``: W's rows,
    # block-major, or for a single row M's rows 0, k+1, 2k+2, 3k+3)
    rest = np.concatenate([off_m + (vec if q else 0) + np.arange((nv - 4 * q) * vec), off_t + 1 + np.arange(j)])
    if q >= 2:
        r = np.arange(q)
        row_dst = np.where(r < 16 * nb, r % 16 * nblk + r // 16, (r - 16 * nb) * nblk + nb)  # W's row of row r
        head = (row_dst[:, None] * w + np.arange(w)).reshape(-1)
    else:
        head = off_m + (np.arange(4 * q)[:, None] * (k + 1) * vec + np.arange(vec)).reshape(-1)
    steps = []  # (function, args): the levels after the scatter
    parts = M[::k + 1]  # (4, vec): the rows p0, p1, p2, p3 of M
    if q >= 2:
        W = W.reshape(rows, nblk, w)
        if nblk == 1:
            steps.append((np.add.reduce, (W.reshape(rows, 4, vec), 0, None, parts)))
        else:
            A = A.reshape(nblk, w)
            steps.append((np.add.reduce, (W, 0, None, A)))
            if not lr:
                steps.append((np.add.reduce, (A.reshape(nb, 4, vec), 0, None, parts)))
            else:
                if nb >= 2:
                    steps.append((np.add.reduce, (A[:nb], 0, None, B)))
                blocks = (B if nb >= 2 else A[0]).reshape(4, vec)
                steps.append((np.add, (A[nb].reshape(4, vec), blocks, parts)))
    if own_m:
        steps.append((np.add.reduce, (M, 0, None, T[1 + j:])))
    accumulate = np.add.accumulate
    if n < _ELEMENT_SCATTER or q < 2:
        dst = np.concatenate([head, rest])

        def run(x):
            ws[dst] = x
            for f, args in steps:
                f(*args)
            return accumulate(T)[-1]
        return run
    unit = np.dtype((np.void, w * dtype.itemsize))  # a row of 4 vectors as one item
    ws_rows, qw = ws[:offsets[1]].view(unit), q * w

    def run_rows(x):
        ws_rows[row_dst] = x[:qw].view(unit)
        ws[rest] = x[qw:]
        for f, args in steps:
            f(*args)
        return accumulate(T)[-1]
    return run_rows


def _rows_seq(y: np.ndarray):
    """``y[..., 0, :] + y[..., 1, :] + ...`` down the rows (axis -2) of an array whose rows are contiguous (None
    when there are none): reducing an axis other than the innermost adds row after row (a single column, which
    NumPy would reduce pairwise, is accumulated)."""
    m = y.shape[-2]
    if m < 2:
        return y[..., 0, :] if m else None
    return np.add.reduce(y, -2) if y.shape[-1] > 1 else np.add.accumulate(y, -2)[..., -1, :]


def _plus(acc, y):
    return y if acc is None else acc if y is None else acc + y


def _block_sums(y: np.ndarray, step: int, exact: bool) -> np.ndarray:
    """The running sums of the consecutive ``step``-row blocks down axis -2 of an array of contiguous rows.

    Both ways add row after row, a row at a time: ``np.add.reduce`` over the middle axis pays NumPy's iterator
    for every row, ``np.einsum`` runs plain nested loops (as fast as a pairwise ``np.sum``) but adds ``row + acc``
    rather than ``acc + row``: the same bits except which payload a nan carries when two meet, so a nan result
    is recomputed ``exact``."""
    y3 = y.reshape(y.shape[:-2] + (-1, step, y.shape[-1]))
    return np.add.reduce(y3, -2) if exact or y3.shape[-3] < 4 else np.einsum("...ijk->...ik", y3)


def _cascade_rows(y: np.ndarray, exact: bool) -> np.ndarray:
    """``_cascade`` down the m >= 1 rows (axis -2) of an array of contiguous rows (sums of empty groups, which
    only add zeros, are skipped)."""
    m = y.shape[-2]
    step = 1 << max(4, _ceil_log2(m) // 4)
    nb = m // step
    if not nb:
        return _rows_seq(y)
    acc = _rows_seq(y[..., nb * step:, :])
    level = _block_sums(y[..., :nb * step, :], step, exact)
    for _ in range(2):
        n = level.shape[-2] // step
        acc = _plus(acc, _rows_seq(level[..., n * step:, :]))
        level = _block_sums(level[..., :n * step, :], step, exact) if n else level[..., :0, :]
    return _plus(acc, _rows_seq(level))


def _long_row(x: np.ndarray, v: int, exact: bool = False):
    """``_flat_sum`` without a plan (a long row, or a size met once): ``_cascade`` over the rows of 4 vectors,
    then as ``_row_sum`` and ``_inner_vec`` finish (a row shorter than a vector: ``_row_sum`` over its scalars, as
    1-element vectors). A nan result is recomputed ``exact`` (see ``_block_sums``)."""
    n = x.shape[0]
    vec = v if n >= v else 1
    w, nv = 4 * vec, n // vec
    q = nv // 4
    vectors = x[:nv * vec].reshape(nv, vec)
    if q:  # p0, the leftover vectors, p1, p2, p3
        parts = _cascade_rows(x[:q * w].reshape(q, w), exact).reshape(4, vec)
        vectors = np.concatenate([parts[:1], vectors[4 * q:], parts[1:]])
    chain = [np.zeros(1, x.dtype), x[nv * vec:]]  # torch's zero-filled output, the scalar tail
    if vec == 1:  # the scalars' running sum goes on
        chain.append(vectors.reshape(-1))
    else:  # then the lanes
        chain.append(vectors[0] if len(vectors) == 1 else np.add.reduce(vectors, 0))
    res = np.add.accumulate(np.concatenate(chain))[-1]
    return _long_row(x, v, True) if res != res and not exact else res


# Dim reductions: a cached plan per layout ---------------------------------------------------------------------
#
# Each of the 2-D loop's sums is one of three kinds, each a cascade down rows of independent columns followed by
# short running sums: a column of an outer reduction in a full group (``_cascade``), any other scalar row or
# column (``_row_sum``: four interleaved cascades), or a contiguous row of at least one vector (``_inner_vec``).
# A plan sums all the sums of a kind together: it lays them out as the columns of one array whose rows are
# contiguous (for a dense sum over the leading dims, such as a bias gradient, the array itself; for contiguous
# rows, views of them), so that each level of the order is one NumPy call over every sum at once, adding the
# same numbers in the same order as ``_kernel`` does sum by sum: every result that is not a nan has the same
# bits. Which payload a nan carries when two nans meet is NumPy's choice, which varies from call to call (SIMD
# body or scalar tail, einsum or add), so a nan result is recomputed the reference way (``_reference_sum``).

_DIM_PLANS: dict = {}  # (shape, strides, dtype, dims, keepdim, threads, v): the plan
_DIM_PLAN_CACHE = 1024  # plans kept (all of them dropped when full)


def _rows_sum(y: np.ndarray):
    """``_rows_seq`` in a plan: with outer dims, as ``np.einsum`` (a reduce over a middle axis pays NumPy's
    iterator for every row; einsum's ``row + acc`` only changes nan payloads, see _block_sums)."""
    if y.ndim > 2 and y.shape[-1] > 1 and y.shape[-2] > 1:
        return np.einsum("...ij->...j", y)
    return _rows_seq(y)


def _cascade_fn(shape: tuple):
    """``_cascade_rows`` for arrays of ``shape`` (..., m, w), its levels worked out once: below 256 rows a single
    level, the leftover rows' running sum plus the running sum of the block sums."""
    m, w = shape[-2:]
    step = 1 << max(4, _ceil_log2(m) // 4)
    nb = m // step
    if not nb:
        return _rows_sum
    if nb >= step:
        return partial(_cascade_rows, exact=False)
    top = nb * step
    if nb == 1:  # one block: its running sum
        def blocks(y):
            return _rows_sum(y if top == m else y[..., :top, :])
    else:
        by_block = shape[:-2] + (nb, step, w)
        einsum = nb >= 4 or len(shape) > 2  # see _block_sums
        block_sums = partial(np.einsum, "...ijk->...ik") if einsum else partial(np.add.reduce, axis=-2)

        def blocks(y):
            return _rows_sum(block_sums((y if top == m else y[..., :top, :]).reshape(by_block)))
    if top == m:
        return blocks
    return lambda y: _rows_sum(y[..., top:, :]) + blocks(y)


def _matrix_fn(make, a: np.ndarray):
    """The function giving the matrix ``make(a)`` (a view of the array where NumPy can) with contiguous rows: the
    view itself where its rows are contiguous and apart (a reshape of the array where it is a's own memory in
    order, as for a dense sum over the leading dims), else a C-contiguous copy."""
    y = make(a)
    if y.strides[1] != y.itemsize or y.strides[0] < y.shape[1] * y.itemsize:
        return lambda a: np.ascontiguousarray(make(a))
    if a.flags.c_contiguous and y.flags.c_contiguous and y.ctypes.data == a.ctypes.data:
        shape, size = y.shape, y.size  # a's first elements
        return (lambda a: a.reshape(shape)) if size == a.size else (lambda a: a.reshape(-1)[:size].reshape(shape))
    return make


def _cascade_cols_fn(view, a: np.ndarray):
    """The function giving ``_cascade`` along the last axis of the loop view (P, C, n) for each of the P * C
    columns: the cascade down the rows of one (n, P * C) matrix (the array itself for a bias gradient)."""
    n = view(a).shape[2]
    mat = _matrix_fn(lambda a: view(a).transpose(2, 0, 1).reshape(n, -1), a)
    cascade = _cascade_fn(mat(a).shape)
    return lambda a: cascade(mat(a))


def _row_sum_cols_fn(view, a: np.ndarray):
    """The function giving ``_row_sum`` along the last axis of the loop view (P, C, n): element 4 i + k of every
    sum is row i, column (k, p, c) of one matrix, whose cascade leaves p0..p3 as four rows; p0, the leftover
    elements, p1, p2, p3 then run as the rows of a second matrix."""
    p, c, n = view(a).shape
    q, k = divmod(n, 4)
    if not q:
        mat = _matrix_fn(lambda a: view(a).transpose(2, 0, 1).reshape(n, -1), a)
        return lambda a: _rows_sum(mat(a))
    mat = _matrix_fn(lambda a: view(a)[..., :4 * q].reshape(p, c, q, 4).transpose(2, 3, 0, 1).reshape(q, -1), a)
    cascade = _cascade_fn(mat(a).shape)
    if not k:
        return lambda a: _rows_sum(cascade(mat(a)).reshape(4, -1))

    def run(a):
        rows = cascade(mat(a)).reshape(4, -1)
        return _rows_sum(_concat_rows([rows[:1], view(a)[..., 4 * q:].transpose(2, 0, 1).reshape(k, -1), rows[1:]]))
    return run


def _inner_rows_fn(view, a: np.ndarray, v: int):
    """The function giving ``_inner_vec`` of each contiguous row of the loop view (P, C, n), n >= v. With fewer
    than 4 vectors, the rows' elements as the rows of one (n, P * C) matrix, tail first: the vectors are added
    into the first, then the tail and lanes run down the rows. Else on views of the rows: the cascade of each
    row's rows of 4 vectors (a row as (q, 4 v)), p0, the leftover vectors, p1, p2, p3 as rows, then the tail and
    lanes of each row as the rows of one matrix."""
    x = view(a)
    p, c, n = x.shape
    nv = n // v
    q, k = divmod(nv, 4)
    head = nv * v
    j = n - head
    if not q:
        order = np.r_[head:n, 0:head]

        def few(a):
            y = view(a).transpose(2, 0, 1).take(order, axis=0).reshape(n, -1)
            for i in range(1, nv):
                y[j:j + v] += y[j + i * v:j + i * v + v]
            return _rows_sum(y[:j + v])
        return few
    cascade = _cascade_fn((p, c, q, 4 * v))
    # rows repeating with stride 0 (a broadcast array) are copied: NumPy then orders the axes as laid out here
    apart = all(st >= n * x.itemsize for st, size in zip(x.strides[:2], x.shape[:2]) if size > 1)

    def run(a):
        x = view(a) if apart else np.ascontiguousarray(view(a))
        rows = cascade(x[..., :4 * q * v].reshape(p, c, q, 4 * v)).reshape(p, c, 4, v)
        if k:
            rows = _concat_rows([rows[..., :1, :], x[..., 4 * q * v:head].reshape(p, c, k, v), rows[..., 1:, :]])
        lanes = _rows_sum(rows).reshape(-1, v).T
        return _rows_sum(_concat_rows([x[..., head:].reshape(-1, j).T, lanes]) if j else np.ascontiguousarray(lanes))
    return run


def _concat_rows(parts: list) -> np.ndarray:
    """``np.concatenate`` along axis -2 into a C-contiguous array (on its own it follows its inputs' layout)."""
    shape = parts[0].shape[:-2] + (sum(p.shape[-2] for p in parts), parts[0].shape[-1])
    return np.concatenate(parts, axis=-2, out=np.empty(shape, parts[0].dtype))


def _columns(idx: np.ndarray):
    """Column indices as an index: None for none, a slice for a run, else the array."""
    if not idx.size:
        return None
    return slice(int(idx[0]), int(idx[-1]) + 1) if idx[-1] - idx[0] + 1 == idx.size else idx


def _split_dim(it: list, threads: int) -> int:
    """at::native's find_split_dim: the outermost kept dim with at least ``threads`` entries (else the largest)."""
    split = len(it) - 1
    for d in range(len(it) - 1, -1, -1):
        if it[d][2] == 0 and it[d][0] > 1:
            break
        if it[d][0] >= threads:
            return d
        if it[d][0] > it[split][0]:
            split = d
    return split


def _column_ranges(it: list, numel: int, itemsize: int, threads: int) -> list:
    """The column ranges the 2-D loop sees: all of dim 1, or with threads splitting it, each thread's range
    (rounded to 128 bytes when dim 1 is contiguous). A full reduction (the outermost dim reduced) is not split."""
    cols, st1 = it[1][0], it[1][1]
    if numel < GRAIN_SIZE or threads <= 1 or it[-1][2] == 0 or _split_dim(it, threads) != 1:
        return [(0, cols)]
    mult = 128 // itemsize if st1 == 1 else 1
    out = []
    for b, e in _ranges(cols, threads, 1):
        b, e = b - b % mult, (e if e == cols else e - e % mult)
        if b != e:
            out.append((b, e))
    return out


def _layout(a: np.ndarray, dims, keepdim: bool) -> tuple:
    """(array, it, perm, out_shape): the array as torch holds it (negative strides copied), TensorIterator's
    dims (``_iterator``, at least two; None when no dim of more than one element is reduced: the sum is 0 + a)
    and the result's shape."""
    nd = a.ndim
    red = set(range(nd) if dims is None else dims)
    out_shape = tuple(1 if d in red else n for d, n in enumerate(a.shape) if keepdim or d not in red)
    if not red or a.size <= 1 or all(a.shape[d] == 1 for d in red):
        return a, None, None, out_shape
    if any(s < 0 or s % a.itemsize for s in a.strides):  # torch tensors have no negative strides
        a = np.ascontiguousarray(a)
    it, perm = _iterator(a.shape, [s // a.itemsize for s in a.strides], red)
    if len(it) == 1:
        it.append([1, 0, 0])
    return a, it, perm, out_shape


def _reference_sum(a: np.ndarray, dims, keepdim: bool, threads: int, v: int) -> np.ndarray:
    """``torch_sum`` (``threads`` resolved) the reference way: the 2-D loop call by call (``_kernel``) on a strided
    view of the array as TensorIterator lays it out, two_pass_reduction's slots for a parallel full reduction,
    then the reduced dims beyond dim 0 in loop order."""
    a, it, _, out_shape = _layout(a, dims, keepdim)
    zero = a.dtype.type(0)
    if it is None:  # not a true reduction: 0 + x
        return (a.reshape(out_shape) if a.size else np.zeros(out_shape, a.dtype)) + zero
    if it[0][1] == 1 and it[1][0] == 1:  # dense data summed in memory order: a flat view, no as_strided
        x = a.ravel(order="K").reshape(1, -1)
    else:
        x = np.lib.stride_tricks.as_strided(a, [d[0] for d in reversed(it)],
                                            [d[1] * a.itemsize for d in reversed(it)], writeable=False)
    st0, st1 = it[0][1], it[1][1]
    numel = a.size
    chunks = _ranges(numel, threads, GRAIN_SIZE) if math.prod(out_shape) == 1 and threads > 1 else [(0, numel)]
    if len(chunks) > 1:  # two_pass_reduction: a slot per thread, then the slots are summed
        x3 = x.reshape(-1, it[1][0], it[0][0])
        slots = np.zeros(threads, a.dtype)
        for t, (b, e) in enumerate(chunks):
            slots[t] = _full_reduce_chunk(x3, st0, st1, v, b, e)
        return _kernel(slots.reshape(1, threads), 1, 0, v).reshape(out_shape) + zero
    res = np.concatenate([_kernel(x[..., b:e, :], st0, st1, v)
                          for b, e in _column_ranges(it, numel, a.itemsize, threads)], axis=-1)
    if it[1][2] == 0:  # dim 1 and the further reduced dims accumulate into the output in loop order
        kept = [d[0] for d in reversed(it) if d[2] != 0]
        res = _seq(res.reshape(kept + [-1]), len(kept))
    return res.reshape(out_shape) + zero


def _dim_plan(a: np.ndarray, dims, keepdim: bool, threads: int, v: int):
    """The function giving ``torch_sum(a, dims, keepdim)`` (``threads`` resolved) for any array of a's shape,
    strides and dtype: TensorIterator's layout is worked out once; each call then views the array as the loop's
    (outer, size1, size0), sums the sums of each kind together and accumulates the reduced outer dims in loop
    order (a full sum of dense memory runs the full-sum code). A nan result is recomputed by ``_reference_sum``."""
    held, it, perm, out_shape = _layout(a, dims, keepdim)
    if it is None:
        return partial(_reference_sum, dims=dims, keepdim=keepdim, threads=threads, v=v)
    fix, a = held is not a, held  # (a copy of an array with negative strides)
    (size0, st0, _), (size1, st1, out1) = it[:2]
    numel, out_numel, zero = a.size, math.prod(out_shape), a.dtype.type(0)
    axes = tuple(reversed(perm))
    axes = None if axes == tuple(range(a.ndim)) else axes
    inner = st0 == 1 and size0 >= v  # contiguous rows of at least a vector (else columns or scalar rows)
    shape = (-1, size1, size0)  # the loop's view: its outer dims flattened

    def view(a):
        return (a if axes is None else a.transpose(axes)).reshape(shape)
    fast = None
    if out_numel == 1 and (a.flags.c_contiguous or a.flags.f_contiguous):  # a full sum of dense memory
        def fast(a):
            flat = a.reshape(-1) if a.flags.c_contiguous else a.T.reshape(-1)
            res = _dense_sum(flat, v, threads) if numel >= GRAIN_SIZE else _flat_sum(flat, v)
            return None if res != res else np.full(out_shape, res) if out_shape else res
    elif out_numel > 1 or numel < GRAIN_SIZE or threads <= 1:  # (else two_pass_reduction: the reference)
        cascade = np.zeros(size1, bool)  # the columns summed in full groups (an outer reduction)
        for b, e in _column_ranges(it, numel, a.itemsize, threads):
            group = 4 * v if st1 == 1 and e - b >= v else 0 if st0 < st1 else 4
            if group and not inner:
                cascade[b:b + (e - b) // group * group] = True
        cc, cr = _columns(np.flatnonzero(cascade)), _columns(np.flatnonzero(~cascade))
        if inner:
            body = _inner_rows_fn(view, a, v)
        elif cr is None:
            body = _cascade_cols_fn(view, a)
        elif cc is None:
            body = _row_sum_cols_fn(view, a)
        else:
            by_cascade = _cascade_cols_fn(lambda a: view(a)[:, cc], a)
            by_row_sum = _row_sum_cols_fn(lambda a: view(a)[:, cr], a)
            outer = view(a).shape[0]

            def body(a):
                res = np.empty((outer, size1), a.dtype)
                res[:, cc] = by_cascade(a).reshape(outer, -1)
                res[:, cr] = by_row_sum(a).reshape(outer, -1)
                return res
        reduced = None if out1 else [d[0] for d in reversed(it) if d[2] != 0]  # dim 1 and more dims accumulate

        def fast(a):
            res = body(a)
            if reduced is not None:
                res = _seq(res.reshape(reduced + [-1]), len(reduced))
            res = res.reshape(out_shape) + zero
            least = np.minimum.reduce(res, axis=None)  # nan if any is
            return res if least == least else None

    def plan(a):
        res = None if fast is None else fast(np.ascontiguousarray(a) if fix else a)
        return _reference_sum(a, dims, keepdim, threads, v) if res is None else res
    return plan


def torch_sum(a: np.ndarray, dims: tuple | None = None, keepdim: bool = False, *, threads: int | None = None,
              capability: str | None = None) -> np.ndarray:
    """``torch.sum(a, dims, keepdim)`` for a float32/float64 array with torch's CPU rounding (dims: sorted
    non-negative ints, None for all). ``threads``/``capability`` default to what torch would use here."""
    n = a.size
    v = _VEC[a.dtype.itemsize] if capability is None else vec_size(a.dtype, capability)
    every = dims is None or len(dims) == a.ndim
    if n > 1 and (every or len(dims) == 1 and a.shape[dims[0]] == n) and (a.flags.c_contiguous
                                                                          or a.flags.f_contiguous):
        # a dense full sum (a loss, a small tensor, a bias of one column): the common case, in memory order
        # without the loop machinery
        flat = a if a.ndim == 1 else a.reshape(-1) if a.flags.c_contiguous else a.T.reshape(-1)
        if n < GRAIN_SIZE:  # one thread: a cached plan
            run = _plans.by_key.get((n, a.dtype, v)) or _new_plan(n, a.dtype, v)
        else:
            run = partial(_dense_sum, v=v, threads=threads)
        res = _ignoring_fp_errors(run, flat)
        if every:
            return np.full((1,) * a.ndim, res) if keepdim else res
        if res == res:  # one dim holding every element (else the loop's nan payload, from the plan below)
            return np.full((1,) * (a.ndim - (not keepdim)), res)
    # any other sum: its layout's plan
    threads = _thread_count(threads) if n >= GRAIN_SIZE else 1  # fewer elements never split between threads
    key = (a.shape, a.strides, a.dtype, dims if dims is None or type(dims) is tuple else tuple(dims), keepdim,
           threads, v)
    run = _DIM_PLANS.get(key)
    if run is None:
        if len(_DIM_PLANS) >= _DIM_PLAN_CACHE:
            _DIM_PLANS.clear()
        run = _DIM_PLANS[key] = _dim_plan(a, key[3], keepdim, threads, v)
    return _ignoring_fp_errors(run, a)


def _ignoring_fp_errors(run, x: np.ndarray):
    """``run(x)`` with NumPy's floating-point errors ignored: inf - inf is nan without a warning, as in torch."""
    if _ERRSTATE is None:  # pragma: no cover - other NumPy versions
        return _quietly(run, (x,), {})
    token = _ERRSTATE.set(_IGNORE)  # _quietly, inlined
    try:
        return run(x)
    finally:
        _ERRSTATE.reset(token)


def _thread_count(threads: int | None) -> int:
    """``threads``, or torch's default here (``torchless.get_num_threads()``)."""
    if threads is None:
        global _get_num_threads
        if _get_num_threads is None:  # imported on first use: no cycle
            from .._creation import get_num_threads as _get_num_threads
        return _get_num_threads()
    return threads


_get_num_threads = None


def _dense_sum(x: np.ndarray, v: int, threads: int | None):
    """The full sum of a contiguous 1-D array of at least GRAIN_SIZE elements: with more than one thread,
    two_pass_reduction's chunks, each a row, then the slots as a row (what the loop does with a dense array)."""
    threads = _thread_count(threads)
    chunks = _ranges(x.shape[0], threads, GRAIN_SIZE)
    if len(chunks) == 1:
        return _flat_sum(x, v)
    slots = np.zeros(threads, x.dtype)
    for t, (b, e) in enumerate(chunks):
        slots[t] = _flat_sum(x[b:e], v)
    return _flat_sum(slots, v)
