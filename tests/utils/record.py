"""Record torch's collation, batching and shuffle orders: ``python -m tests.utils.record``."""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.utils.data

from . import cases as C

GOLDEN = Path(__file__).parent.parent / "golden" / "data"


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return [type(e).__name__, str(e)]
    return ["no error", ""]


def shuffled(seed: int) -> dict:
    """Batch orders from the global seed and from explicit generators, and random_split indices."""
    out = {}
    torch.manual_seed(seed)
    loader = torch.utils.data.DataLoader(C.tensor_dataset(torch, 10), batch_size=4, shuffle=True)
    out["global"] = [C.describe(b) for epoch in range(2) for b in loader]
    g = torch.Generator()
    g.manual_seed(seed + 100)
    loader = torch.utils.data.DataLoader(C.tensor_dataset(torch, 7), batch_size=3, shuffle=True, generator=g)
    out["generator"] = [C.describe(b) for epoch in range(2) for b in loader]
    torch.manual_seed(seed)
    out["sampler"] = list(torch.utils.data.RandomSampler(range(9)))
    out["sampler_replacement"] = list(torch.utils.data.RandomSampler(range(9), replacement=True, num_samples=40))
    out["sampler_num_samples"] = list(torch.utils.data.RandomSampler(range(5), num_samples=12))
    g = torch.Generator().manual_seed(seed)
    out["subset_sampler"] = list(torch.utils.data.SubsetRandomSampler([10, 20, 30, 40], generator=g))
    torch.manual_seed(seed)
    out["split_lengths"] = [s.indices for s in torch.utils.data.random_split(range(10), [3, 7])]
    out["split_fractions"] = [s.indices for s in torch.utils.data.random_split(
        range(11), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(seed))]
    torch.manual_seed(seed)
    _ = list(torch.utils.data.DataLoader(range(5), shuffle=True))
    out["after_epoch"] = torch.rand(3).tolist()  # what one epoch draws from the global generator
    return out


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    data = {
        "torch": torch.__version__,
        "collate": {cid: C.describe(torch.utils.data.default_collate(fn(torch))) for cid, fn in C.COLLATE_CASES},
        "collate_errors": {cid: error_of(lambda fn=fn: torch.utils.data.default_collate(fn(torch)))
                           for cid, fn in C.COLLATE_ERRORS},
        "convert": {cid: C.describe(torch.utils.data.default_convert(fn(torch))) for cid, fn in C.COLLATE_CASES},
        "loaders": {cid: {"batches": C.batches(torch, fn(torch)), "len": len(fn(torch))}
                    for cid, fn in C.LOADER_CASES},
        "shuffle": {str(seed): shuffled(seed) for seed in C.SEEDS},
        "errors": {
            "tensor_size": error_of(lambda: torch.utils.data.TensorDataset(torch.ones(3), torch.ones(4))),
            "shuffle_sampler": error_of(lambda: torch.utils.data.DataLoader(range(3), shuffle=True, sampler=[0])),
            "batch_sampler_excl": error_of(lambda: torch.utils.data.DataLoader(range(3), batch_size=2,
                                                                               batch_sampler=[[0]])),
            "drop_last_none": error_of(lambda: torch.utils.data.DataLoader(range(3), batch_size=None,
                                                                           drop_last=True)),
            "batch_size_zero": error_of(lambda: torch.utils.data.DataLoader(range(3), batch_size=0)),
            "num_workers_neg": error_of(lambda: torch.utils.data.DataLoader(range(3), num_workers=-1)),
            "split_sum": error_of(lambda: torch.utils.data.random_split(range(10), [3, 3])),
            "split_fraction": error_of(lambda: torch.utils.data.random_split(range(10), [1.5, -0.5])),
            "num_samples": error_of(lambda: torch.utils.data.RandomSampler(range(3), num_samples=0)),
            "setattr": error_of(lambda: setattr(torch.utils.data.DataLoader(range(3)), "batch_size", 2)),
            "dataset_getitem": error_of(lambda: torch.utils.data.Dataset()[0]),
            "concat_neg": error_of(lambda: torch.utils.data.ConcatDataset([range(2)])[-3]),
            "subset_override": error_of(lambda: C.subset_subclass(torch)(range(3), [0])),
        },
    }
    (GOLDEN / "data.json").write_text(json.dumps(data, indent=1) + "\n")
    print("recorded", {k: len(v) for k, v in data.items() if isinstance(v, dict)})


if __name__ == "__main__":
    main()
