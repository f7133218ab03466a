"""Data-loading scenarios that run unchanged on torch and torchless (``T`` is either module).

``python -m tests.utils.record`` runs them on torch and writes tests/golden/data/data.json.
"""

from __future__ import annotations

import collections

import numpy as np

Point = collections.namedtuple("Point", "x y")


def describe(x):
    """A JSON-able description of a collated batch: tensors by dtype, shape and values; containers by type."""
    if hasattr(x, "dtype") and hasattr(x, "shape") and not isinstance(x, np.ndarray):
        return ["tensor", str(x.dtype), list(x.shape), x.tolist()]
    if isinstance(x, dict):
        return ["dict", type(x).__name__, {k: describe(v) for k, v in x.items()}]
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return ["namedtuple", type(x).__name__, [describe(v) for v in x]]
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [describe(v) for v in x]]
    if isinstance(x, bytes):
        return ["bytes", x.decode("latin1")]
    return [type(x).__name__, x]


# (id, batch maker(T)): samples as a Dataset returns them
COLLATE_CASES = [
    ("ints", lambda T: [1, 2, 3]),
    ("floats", lambda T: [1.5, 2.5]),
    ("bools", lambda T: [True, False]),
    ("np_float32", lambda T: [np.float32(1), np.float32(2.5)]),
    ("np_int32", lambda T: [np.int32(3), np.int32(4)]),
    ("np_float64", lambda T: [np.float64(1.0), np.float64(-2.0)]),
    ("np_bool", lambda T: [np.bool_(True), np.bool_(False)]),
    ("np_arrays_int", lambda T: [np.array([1, 2]), np.array([3, 4])]),
    ("np_arrays_f32", lambda T: [np.array([1.0, 2.0], dtype=np.float32), np.array([3, 4], dtype=np.float32)]),
    ("np_0d", lambda T: [np.array(5), np.array(6)]),
    ("strings", lambda T: ["a", "bc"]),
    ("bytes", lambda T: [b"ab", b"cd"]),
    ("tuples", lambda T: [(1, "x", 2.0), (3, "y", 4.0)]),
    ("lists", lambda T: [[1, 2], [3, 4]]),
    ("dicts", lambda T: [{"a": 1, "b": [1.0, 2.0]}, {"a": 2, "b": [3.0, 4.0]}]),
    ("ordered_dicts", lambda T: [collections.OrderedDict(z=1, a=2.0), collections.OrderedDict(z=3, a=4.0)]),
    ("namedtuples", lambda T: [Point(1, 2.0), Point(3, 4.0)]),
    ("tensors", lambda T: [T.ones(2, 3), T.zeros(2, 3)]),
    ("scalar_tensors", lambda T: [T.tensor(1.5), T.tensor(2.5)]),
    ("int_tensors", lambda T: [T.tensor([1, 2], dtype=T.int32), T.tensor([3, 4], dtype=T.int32)]),
    ("tensor_label_pairs", lambda T: [(T.tensor([1.0, 2.0]), 0), (T.tensor([3.0, 4.0]), 1)]),
    ("tensor_dicts", lambda T: [{"x": T.ones(2), "y": 1}, {"x": T.zeros(2), "y": 0}]),
    ("nested", lambda T: [{"a": (T.ones(1), [1, 2.0])}, {"a": (T.zeros(1), [3, 4.0])}]),
]

COLLATE_ERRORS = [
    ("objects", lambda T: [object(), object()]),
    ("ragged_lists", lambda T: [[1, 2], [3]]),
    ("ragged_tensors", lambda T: [T.ones(2), T.ones(3)]),
    ("string_arrays", lambda T: [np.array(["a"]), np.array(["b"])]),
]


class Squares:
    """A map-style dataset written the way users write them (no base class needed by DataLoader)."""

    def __init__(self, T, n):
        self.T, self.n = T, n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.T.tensor([float(i)]), i * i


def tensor_dataset(T, n=10):
    return T.utils.data.TensorDataset(T.arange(n * 2).reshape(n, 2).float(), T.arange(n))


def batches(T, loader) -> list:
    return [describe(b) for b in loader]


# (id, loader maker(T)) without randomness
LOADER_CASES = [
    ("tensor_ds_b3", lambda T: T.utils.data.DataLoader(tensor_dataset(T), batch_size=3)),
    ("tensor_ds_b3_drop", lambda T: T.utils.data.DataLoader(tensor_dataset(T), batch_size=3, drop_last=True)),
    ("no_batching", lambda T: T.utils.data.DataLoader(tensor_dataset(T, 3), batch_size=None)),
    ("default_batch_1", lambda T: T.utils.data.DataLoader(Squares(T, 3))),
    ("squares_b2", lambda T: T.utils.data.DataLoader(Squares(T, 5), batch_size=2)),
    ("batch_sampler", lambda T: T.utils.data.DataLoader(
        Squares(T, 6), batch_sampler=[[0, 5], [1, 2, 3], [4]])),
    ("sampler_list", lambda T: T.utils.data.DataLoader(Squares(T, 6), sampler=[5, 4, 0], batch_size=2)),
    ("collate_fn", lambda T: T.utils.data.DataLoader(Squares(T, 4), batch_size=2, collate_fn=lambda b: len(b))),
    ("subset", lambda T: T.utils.data.DataLoader(T.utils.data.Subset(tensor_dataset(T), [9, 0, 3]),
                                                 batch_size=2)),
    ("concat", lambda T: T.utils.data.DataLoader(tensor_dataset(T, 2) + tensor_dataset(T, 3), batch_size=4)),
]

SEEDS = [0, 1, 42]


def subset_subclass(T):
    class Doubled(T.utils.data.Subset):
        def __getitem__(self, i):
            return 2 * super().__getitem__(i)

    return Doubled
