"""The seed notebooks, verbatim, cell for cell as they run under PyTorch 2.13 (golden files, and live torch).

Each notebook runs in its own process (``tests/seed_runner.py``) with torchless installed as ``torch``. Printed
text must match with numbers compared to float32 rounding; exceptions must have torch's type and words.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden" / "seeds"
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")

seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def run(seed: Path, lib: str) -> list[dict]:
    env_path = str(ROOT / "src")
    proc = subprocess.run([sys.executable, "-m", "tests.seed_runner", str(seed), lib], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env={**__import__("os").environ, "PYTHONPATH": env_path})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def same_text(mine: str | None, ref: str | None, rtol: float = 2e-5) -> bool:
    """Equal text, with numbers equal to float32 rounding."""
    if mine is None or ref is None:
        return mine is ref
    if NUMBER.sub("#", mine) != NUMBER.sub("#", ref):
        return False
    for a, b in zip(NUMBER.findall(mine), NUMBER.findall(ref)):
        x, y = float(a), float(b)
        if abs(x - y) > rtol * max(abs(x), abs(y)) + 1e-6:
            return False
    return True


def compare(mine: list[dict], ref: list[dict]) -> list[str]:
    problems = []
    assert len(mine) == len(ref), "different number of cells"
    for m, r in zip(mine, ref):
        where = f"cell {r['index']} ({r['first_line'][:40]!r})"
        if (m["error_type"], m["error"]) != (r["error_type"], r["error"]):
            problems.append(f"{where}: error {m['error_type']}: {m['error']} != torch {r['error_type']}: {r['error']}")
        if not same_text(m["stdout"], r["stdout"]):
            problems.append(f"{where}: printed\n{m['stdout']}\n!= torch\n{r['stdout']}")
        if not same_text(m["display"], r["display"]):
            problems.append(f"{where}: displayed\n{m['display']}\n!= torch\n{r['display']}")
        if bool(m["html"]) != bool(r["html"]):
            problems.append(f"{where}: rich display {m['html']} chars != torch {r['html']}")
        if len(m["figures"]) != len(r["figures"]):
            problems.append(f"{where}: {len(m['figures'])} figures != torch {len(r['figures'])}")
    return problems


@pytest.mark.skipif(not seed_files, reason="../shared/seeds is not present")
@pytest.mark.parametrize("seed", seed_files, ids=[p.stem for p in seed_files])
def test_seed_matches_torch(seed: Path):
    mine = run(seed, "torchless")
    golden = GOLDEN / f"{seed.stem}.json"
    assert golden.exists(), f"record {golden} with tests/seed_runner.py under torch"
    problems = compare(mine, json.loads(golden.read_text())["cells"])
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not seed_files, reason="../shared/seeds is not present")
@pytest.mark.parametrize("seed", seed_files, ids=[p.stem for p in seed_files])
def test_seed_golden_is_current(seed: Path):
    """The golden file still describes live torch's run (only when torch is installed)."""
    pytest.importorskip("torch")
    problems = compare(run(seed, "torch"), json.loads((GOLDEN / f"{seed.stem}.json").read_text())["cells"])
    assert not problems, "\n".join(problems)
