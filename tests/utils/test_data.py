"""torchless.utils.data against torch: collation (values, dtypes, containers), batching, shuffle order, errors.

Compared with tests/golden/data/data.json (``python -m tests.utils.record``) and with live torch when installed.
Shuffle orders need torchless's torch-identical random generator (skipped while it is missing).
"""

from __future__ import annotations

import collections
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import torchless
import torchless.utils.data as data
from torchless.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    default_convert,
    random_split,
)

from . import cases as C

GOLDEN = json.loads((Path(__file__).parent.parent / "golden" / "data" / "data.json").read_text())


def _error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return [type(e).__name__, str(e)]
    return ["no error", ""]


def _needs_random():
    for name in ("randperm", "Generator", "manual_seed"):
        if not hasattr(torchless, name):
            pytest.skip(f"torchless.{name} is not available yet")
    if not hasattr(torchless.Tensor, "random_"):
        pytest.skip("Tensor.random_ is not available yet")


# -- collation ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case_id", [c[0] for c in C.COLLATE_CASES])
def test_default_collate_matches_golden(case_id):
    batch = dict(C.COLLATE_CASES)[case_id](torchless)
    assert C.describe(default_collate(batch)) == GOLDEN["collate"][case_id]


@pytest.mark.parametrize("case_id", [c[0] for c in C.COLLATE_CASES])
def test_default_convert_matches_golden(case_id):
    batch = dict(C.COLLATE_CASES)[case_id](torchless)
    assert C.describe(default_convert(batch)) == GOLDEN["convert"][case_id]


@pytest.mark.parametrize("case_id", [c[0] for c in C.COLLATE_ERRORS])
def test_collate_errors(case_id):
    batch = dict(C.COLLATE_ERRORS)[case_id](torchless)
    assert _error_of(lambda: default_collate(batch)) == GOLDEN["collate_errors"][case_id]


def test_collate_live_torch():
    torch = pytest.importorskip("torch")
    from torch.utils.data import default_collate as torch_collate

    for cid, fn in C.COLLATE_CASES:
        assert C.describe(default_collate(fn(torchless))) == C.describe(torch_collate(fn(torch))), cid


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.floats(-1e3, 1e3, allow_nan=False), st.booleans()),
                min_size=1, max_size=6))
def test_collate_tuples_of_numbers_property(batch):
    """Tuples are transposed into a list: ints -> int64, floats -> float64, bools -> bool, values kept."""
    ints, floats, bools = default_collate(batch)
    assert ints.dtype == torchless.int64 and floats.dtype == torchless.float64 and bools.dtype == torchless.bool
    assert ints.tolist() == [b[0] for b in batch]
    assert floats.tolist() == [b[1] for b in batch]
    assert bools.tolist() == [b[2] for b in batch]


def test_collate_keeps_mapping_type_and_stacks_new_dim():
    out = default_collate([collections.OrderedDict(b=torchless.ones(2), a=1)] * 3)
    assert type(out) is collections.OrderedDict and list(out) == ["b", "a"]
    assert tuple(out["b"].shape) == (3, 2)


# -- loaders --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case_id", [c[0] for c in C.LOADER_CASES])
def test_loader_batches_match_golden(case_id):
    loader = dict(C.LOADER_CASES)[case_id](torchless)
    assert C.batches(torchless, loader) == GOLDEN["loaders"][case_id]["batches"]
    assert len(loader) == GOLDEN["loaders"][case_id]["len"]


def test_loader_live_torch():
    torch = pytest.importorskip("torch")
    for cid, fn in C.LOADER_CASES:
        assert C.batches(torchless, fn(torchless)) == C.batches(torch, fn(torch)), cid


def test_iterable_dataset():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert [b.tolist() for b in DataLoader(Stream(), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [b.tolist() for b in DataLoader(Stream(), batch_size=3, drop_last=True)] == [[0, 1, 2], [3, 4, 5]]
    assert [b for b in DataLoader(Stream(), batch_size=None)][:2] == [0, 1]
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        DataLoader(Stream(), shuffle=True)


def test_num_workers_not_implemented():
    with pytest.raises(NotImplementedError, match="num_workers"):
        DataLoader(range(3), num_workers=2)


@pytest.mark.parametrize("case_id", sorted(GOLDEN["errors"]))
def test_error_messages(case_id):
    T = torchless
    fns = {
        "tensor_size": lambda: data.TensorDataset(T.ones(3), T.ones(4)),
        "shuffle_sampler": lambda: DataLoader(range(3), shuffle=True, sampler=[0]),
        "batch_sampler_excl": lambda: DataLoader(range(3), batch_size=2, batch_sampler=[[0]]),
        "drop_last_none": lambda: DataLoader(range(3), batch_size=None, drop_last=True),
        "batch_size_zero": lambda: DataLoader(range(3), batch_size=0),
        "num_workers_neg": lambda: DataLoader(range(3), num_workers=-1),
        "split_sum": lambda: random_split(range(10), [3, 3]),
        "split_fraction": lambda: random_split(range(10), [1.5, -0.5]),
        "num_samples": lambda: RandomSampler(range(3), num_samples=0),
        "setattr": lambda: setattr(DataLoader(range(3)), "batch_size", 2),
        "dataset_getitem": lambda: Dataset()[0],
        "concat_neg": lambda: ConcatDataset([range(2)])[-3],
        "subset_override": lambda: C.subset_subclass(torchless)(range(3), [0]),
    }
    assert _error_of(fns[case_id]) == GOLDEN["errors"][case_id]


def test_samplers_and_datasets():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    assert list(BatchSampler(range(7), 3, False)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert len(BatchSampler(range(7), 3, True)) == 2
    ds = TensorDataset(torchless.arange(4), torchless.arange(4) * 10)
    assert len(ds) == 4 and [t.item() for t in ds[2]] == [2, 20]
    sub = Subset(ds, [3, 1])
    assert len(sub) == 2 and sub[0][1].item() == 30
    cat = ds + ds
    assert isinstance(cat, ConcatDataset) and len(cat) == 8 and cat[-1][0].item() == 3


def test_pin_memory_warns_and_still_loads():
    with pytest.warns(UserWarning, match="'pin_memory' argument is set as true but no accelerator is found"):
        batches = list(DataLoader(range(4), batch_size=2, pin_memory=True))
    assert [b.tolist() for b in batches] == [[0, 1], [2, 3]]


# -- shuffling (needs torchless's random generator) -----------------------------------------------------------
def _shuffled(seed: int) -> dict:
    T = torchless
    out = {}
    T.manual_seed(seed)
    loader = DataLoader(C.tensor_dataset(T, 10), batch_size=4, shuffle=True)
    out["global"] = [C.describe(b) for epoch in range(2) for b in loader]
    g = T.Generator()
    g.manual_seed(seed + 100)
    loader = DataLoader(C.tensor_dataset(T, 7), batch_size=3, shuffle=True, generator=g)
    out["generator"] = [C.describe(b) for epoch in range(2) for b in loader]
    T.manual_seed(seed)
    out["sampler"] = list(RandomSampler(range(9)))
    out["sampler_replacement"] = list(RandomSampler(range(9), replacement=True, num_samples=40))
    out["sampler_num_samples"] = list(RandomSampler(range(5), num_samples=12))
    g = T.Generator().manual_seed(seed)
    out["subset_sampler"] = list(data.SubsetRandomSampler([10, 20, 30, 40], generator=g))
    T.manual_seed(seed)
    out["split_lengths"] = [s.indices for s in random_split(range(10), [3, 7])]
    out["split_fractions"] = [s.indices for s in random_split(range(11), [0.5, 0.3, 0.2],
                                                              generator=T.Generator().manual_seed(seed))]
    T.manual_seed(seed)
    _ = list(DataLoader(range(5), shuffle=True))
    out["after_epoch"] = T.rand(3).tolist()
    return out


@pytest.mark.parametrize("seed", C.SEEDS)
def test_shuffle_order_matches_torch(seed):
    _needs_random()
    ours = _shuffled(seed)
    gold = GOLDEN["shuffle"][str(seed)]
    for key in gold:
        assert ours[key] == gold[key], key


def test_random_split_fractions_sizes():
    _needs_random()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parts = random_split(range(10), [0.5, 0.5, 0.0])
    assert [len(p) for p in parts] == [5, 5, 0]
    assert sorted(parts[0].indices + parts[1].indices) == list(range(10))


def test_shuffle_is_a_permutation_each_epoch():
    _needs_random()
    loader = DataLoader(np.arange(20), batch_size=6, shuffle=True)
    for _ in range(2):
        seen = np.concatenate([b.numpy() for b in loader])
        assert sorted(seen.tolist()) == list(range(20))
