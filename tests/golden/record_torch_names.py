"""Regenerate src/torchless/_torch_names.py from the installed torch (run with torch 2.13)."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[2] / "src" / "torchless" / "_torch_names.py"


def _block(name: str, items: list[str]) -> str:
    lines, line = [], ""
    for it in items:
        if len(line) + len(it) + 1 > 110:
            lines.append(line.rstrip())
            line = ""
        line += it + " "
    lines.append(line.rstrip())
    return f'{name} = frozenset("""\n' + "\n".join(lines) + '\n""".split())'


def main() -> None:
    groups = {
        "TORCH": sorted(n for n in dir(torch) if not n.startswith("_")),
        "TENSOR": sorted(n for n in dir(torch.Tensor) if not n.startswith("_") or n == "__getitem__"),
        "NN": sorted(n for n in dir(torch.nn) if not n.startswith("_")),
        "FUNCTIONAL": sorted(n for n in dir(F) if not n.startswith("_")),
    }
    header = OUT.read_text().split("TORCH = frozenset")[0]
    OUT.write_text(header + "\n\n".join(_block(k, v) for k, v in groups.items()) + "\n")


if __name__ == "__main__":
    main()
