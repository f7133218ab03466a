"""Record torch 2.13's results for every op table: ``python -m tests.ops.record [family ...]``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .harness import record


def main(argv: list[str]) -> None:
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(f"tests.ops.{path.stem}")
        family = getattr(module, "FAMILY", None)
        if family is None or (argv and family not in argv):
            continue
        record(family, module.CASES)
        print(f"recorded {len(module.CASES)} cases for {family}")


if __name__ == "__main__":
    main(sys.argv[1:])
