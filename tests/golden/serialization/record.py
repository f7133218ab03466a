"""Write small checkpoints with real torch and what torch loads from them:
``python tests/golden/serialization/record.py`` (tests/test_serialization.py reads them without torch)."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import torch

HERE = Path(__file__).parent


def describe(x):
    """A JSON description of a loaded object: tensors by dtype, shape, stride, offset and values."""
    if isinstance(x, torch.nn.Parameter):
        return ["parameter", describe(x.data), x.requires_grad]
    if isinstance(x, torch.Tensor):
        return ["tensor", str(x.dtype), list(x.shape), list(x.stride()), x.storage_offset(), x.requires_grad,
                x.tolist()]
    if isinstance(x, dict):
        return [type(x).__name__, [[k, describe(v)] for k, v in x.items()]]
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [describe(v) for v in x]]
    if isinstance(x, torch.dtype):
        return ["dtype", str(x)]
    if isinstance(x, torch.device):
        return ["device", str(x)]
    if isinstance(x, bytes):
        return ["bytes", x.decode("latin1")]
    if isinstance(x, complex):
        return ["complex", x.real, x.imag]
    if isinstance(x, set):
        return ["set", sorted(x)]
    return [type(x).__name__, x]


def objects() -> dict:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    mixed = {
        "base": base, "row": base[1], "col": base[:, 2], "t": base.t(), "expanded": torch.ones(3).expand(2, 3),
        "param": torch.nn.Parameter(torch.tensor([0.5, -1.5])), "frozen": torch.nn.Parameter(torch.ones(1),
                                                                                            requires_grad=False),
        "long": torch.tensor([1, -2, 3]), "int32": torch.tensor([7], dtype=torch.int32),
        "int16": torch.tensor([3], dtype=torch.int16), "int8": torch.tensor([-4], dtype=torch.int8),
        "uint8": torch.tensor([200], dtype=torch.uint8), "bool": torch.tensor([True, False]),
        "half": torch.tensor([0.5, 65504.0], dtype=torch.float16), "double": torch.tensor([1 / 3], dtype=torch.float64),
        "scalar": torch.tensor(2.5), "empty": torch.empty(0, 3), "grad": torch.tensor([1.0], requires_grad=True),
        "nested": [1, 2.5, None, "text", (True, False), {"k": torch.tensor([9])}],
        "dtype": torch.float64, "device": torch.device("cpu"), "size": torch.Size([2, 3]), "bytes": b"\x00\xffab",
        "set": {1, 2}, "complex": 1 + 2j, "big_int": 2 ** 70, "neg": -70000,
    }
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(3):
        opt.zero_grad()
        model(torch.ones(4, 3)).sum().backward()
        opt.step()
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, [2, 5])
    return {"state_dict": model.state_dict(), "mixed": collections.OrderedDict(mixed),
            "checkpoint": {"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                           "epoch": 3}}


def main() -> None:
    expected = {"torch": torch.__version__}
    for name, obj in objects().items():
        torch.save(obj, HERE / f"{name}.pt")
        loaded = torch.load(HERE / f"{name}.pt", weights_only=True)
        expected[name] = describe(loaded)
    torch.save({"w": torch.ones(2)}, HERE / "legacy.pt", _use_new_zipfile_serialization=False)
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print("wrote", sorted(p.name for p in HERE.glob("*.pt")))


if __name__ == "__main__":
    main()
