"""Run a seed notebook's code cells under real torch or torchless and print the per-cell results as JSON.

``python -m tests.seed_runner SEED_FILE torch|torchless`` - a separate process per run, so that
``import torch`` inside the notebook resolves to the library under test. Both runs get the imports the
notebooks assume (``numpy as np``, ``matplotlib.pyplot as plt`` on Agg) and ``manual_seed(0)`` first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(seed_file: str, lib: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from torchless.notebook import cells_from_text, install_as_torch, run_cells

    if lib == "torchless":
        install_as_torch()
    import torch

    torch.manual_seed(0)
    cells = cells_from_text(Path(seed_file).read_text())
    results = run_cells(cells, {"__name__": "__main__", "np": np, "plt": plt})
    json.dump([r.to_dict() for r in results], sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
