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
Every sum is a fixed sequence of NumPy adds on views: a short loop of whole-slice adds (the block size, at most
64 steps) or ``np.add.accumulate``; never ``np.add.reduce``/``np.sum``, whose order depends on the layout.
"""

from __future__ import annotations

import os

import numpy as np

from .elementwise import _quietly

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


def _iterator(shape: tuple, strides: list, red: set) -> list:
    """TensorIterator's reorder_dimensions + coalesce_dimensions for a reduction: [size, in_stride, out_stride]
    per dim, dim 0 the fastest."""
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
    return merged


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


def _small_flat_sum(x: np.ndarray, v: int):
    """``_kernel`` on one contiguous row of fewer than ``64 v`` elements, in five NumPy calls: the cascades are then
    plain running sums (``np.add.accumulate``), so the vector row_sum and the final ``tail + lanes`` each take one."""
    n = x.shape[0]
    if n < v:  # row_sum over scalars: x0, the leftover x4.., then x1 + x2 + x3
        return np.add.accumulate(np.concatenate([x[:1], x[4:], x[1:4]]) if n >= 4 else x)[-1]
    nv = n // v
    vecs = x[:nv * v].reshape(nv, v)
    q = nv // 4
    if q:  # four interleaved running sums (reducing the outer axis adds row after row, as accumulate does)
        parts = np.add.reduce(vecs[:4 * q].reshape(q, 4, v), axis=0)
        vecs = np.concatenate([parts[:1], vecs[4 * q:], parts[1:]])  # p0, the leftover vectors, p1, p2, p3
    lanes = np.add.reduce(vecs, axis=0)
    return np.add.accumulate(np.concatenate([x[nv * v:], lanes]))[-1]


def torch_sum(a: np.ndarray, dims: tuple | None = None, keepdim: bool = False, *, threads: int | None = None,
              capability: str | None = None) -> np.ndarray:
    """``torch.sum(a, dims, keepdim)`` for a float32/float64 array with torch's CPU rounding (dims: sorted
    non-negative ints, None for all). ``threads``/``capability`` default to what torch would use here."""
    v = vec_size(a.dtype, capability) if capability else _VEC[a.dtype.itemsize]
    if 1 < a.size < GRAIN_SIZE and a.flags.c_contiguous and (dims is None or len(dims) == a.ndim):
        # a dense sum that one thread does (a loss, a small tensor): the common case, without the loop machinery
        flat = a.reshape(-1)
        if a.size < 64 * v:
            res = _quietly(_small_flat_sum, (flat, v), {})  # inf - inf is nan without a warning, as in torch
        else:
            res = _quietly(_inner_vec, (flat.reshape(1, -1), v), {})[0]
        res = res + a.dtype.type(0)  # torch's zero-filled output: -0.0 sums to +0.0
        return np.full((1,) * a.ndim, res) if keepdim else res
    return _torch_sum(a, dims, keepdim, threads, capability)


@np.errstate(over="ignore", invalid="ignore")  # inf - inf is nan without a warning, as in torch
def _torch_sum(a: np.ndarray, dims, keepdim: bool, threads, capability) -> np.ndarray:
    if threads is None:
        from .._creation import get_num_threads
        threads = get_num_threads()
    nd = a.ndim
    red = set(range(nd) if dims is None else dims)
    out_shape = tuple(1 if d in red else n for d, n in enumerate(a.shape) if keepdim or d not in red)
    zero = a.dtype.type(0)
    if not red or a.size <= 1 or all(a.shape[d] == 1 for d in red):  # not a true reduction: 0 + x
        return (a.reshape(out_shape) if a.size else np.zeros(out_shape, a.dtype)) + zero
    v = vec_size(a.dtype, capability)
    if any(s < 0 or s % a.itemsize for s in a.strides):
        a = np.ascontiguousarray(a)  # torch tensors have no negative strides
    it = _iterator(a.shape, [s // a.itemsize for s in a.strides], red)
    if len(it) == 1:
        it.append([1, 0, 0])
    if it[0][1] == 1 and it[1][0] == 1:  # dense data summed in memory order: a flat view, no as_strided
        x = a.ravel(order="K").reshape(1, -1)
    else:
        x = np.lib.stride_tricks.as_strided(a, [d[0] for d in reversed(it)],
                                            [d[1] * a.itemsize for d in reversed(it)], writeable=False)
    st0, st1 = it[0][1], it[1][1]
    numel = a.size
    parallel = numel >= GRAIN_SIZE and threads > 1
    out_numel = int(np.prod(out_shape, dtype=np.int64))
    if out_numel == 1:
        chunks = _ranges(numel, threads, GRAIN_SIZE) if parallel else [(0, numel)]
        if len(chunks) > 1:  # two_pass_reduction: a slot per thread, then the slots are summed
            x3 = x.reshape(-1, it[1][0], it[0][0])
            slots = np.zeros(threads, a.dtype)
            for t, (b, e) in enumerate(chunks):
                slots[t] = _full_reduce_chunk(x3, st0, st1, v, b, e)
            res = _kernel(slots.reshape(1, threads), 1, 0, v)
            return res.reshape(out_shape) + zero
    split = None
    if parallel and out_numel > 1:
        split = len(it) - 1  # find_split_dim: the outermost kept dim with at least `threads` entries
        for d in range(len(it) - 1, -1, -1):
            if it[d][2] == 0 and it[d][0] > 1:
                break
            if it[d][0] >= threads:
                split = d
                break
            if it[d][0] > it[split][0]:
                split = d
    if split == 1:  # threads take column ranges: the 2-D loop sees each range on its own
        cols, res = it[1][0], []
        mult = 128 // a.itemsize if st1 == 1 else 1
        for b, e in _ranges(cols, threads, 1):
            b, e = b - b % mult, (e if e == cols else e - e % mult)
            if b != e:
                res.append(_kernel(x[..., b:e, :], st0, st1, v))
        res = np.concatenate(res, axis=-1)
    else:
        res = _kernel(x, st0, st1, v)
    if it[1][2] == 0:  # dim 1 and the further reduced dims accumulate into the output in loop order
        kept = [d[0] for d in reversed(it) if d[2] != 0]
        res = _seq(res.reshape(kept + [-1]), len(kept))
    return res.reshape(out_shape) + zero
