"""Record torch 2.13's results for every autograd scenario module: ``python -m tests.autograd.record [topic ...]``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .harness import record


def main(argv: list[str]) -> None:
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(f"tests.autograd.{path.stem}")
        topic = getattr(module, "TOPIC", None)
        if topic is None or (argv and topic not in argv):
            continue
        record(topic, module.SCENARIOS)
        print(f"recorded {len(module.SCENARIOS)} scenarios for {topic}")


if __name__ == "__main__":
    main(sys.argv[1:])
