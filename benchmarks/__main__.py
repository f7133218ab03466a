"""Run the benchmarks: ``python -m benchmarks [--repeats N] [--only W1,W2,R]``.

Each workload runs in torchless, in real torch (when installed; at its better of 1 and 2 threads) and as the
NumPy floor, interleaved in one run, several repeats. Prints median time per step and the ratios, and writes
``benchmarks/results.json`` and the table in ``benchmarks/RESULTS.md`` (between its generated-table markers).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .workloads import WORKLOADS

HERE = Path(__file__).resolve().parent


def _time_step(step, target_s: float) -> float:
    """Seconds per call of ``step``, timing enough calls to last about ``target_s``."""
    step()
    n, t0 = 1, time.perf_counter()
    step()
    once = max(time.perf_counter() - t0, 1e-7)
    n = max(1, int(target_s / once))
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t0) / n


def _libs() -> list[str]:
    libs = ["torchless", "floor"]
    try:
        import torch  # noqa: F401

        libs.insert(1, "torch")
    except ImportError:
        pass
    return libs


def run_workloads(repeats: int, target_s: float, only: list[str] | None) -> dict:
    results = {}
    libs = _libs()
    for name, (make, kw) in WORKLOADS.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        steps = {}
        for lib in libs:
            if lib == "torch":
                import torch

                steps[lib] = []
                for threads in (1, 2):
                    torch.set_num_threads(threads)
                    steps[lib].append((threads, make(lib, **kw)))
            else:
                steps[lib] = [(None, make(lib, **kw))]
        times = {lib: [] for lib in libs}
        torch_by_threads = {1: [], 2: []}
        for _ in range(repeats):  # interleaved: each repeat times every library once
            for lib in libs:
                for threads, step in steps[lib]:
                    if threads is not None:
                        import torch

                        torch.set_num_threads(threads)
                        torch_by_threads[threads].append(_time_step(step, target_s))
                    else:
                        times[lib].append(_time_step(step, target_s))
        if "torch" in libs:
            best = min((1, 2), key=lambda k: statistics.median(torch_by_threads[k]))
            times["torch"] = torch_by_threads[best]
        med = {lib: statistics.median(v) for lib, v in times.items()}
        results[name] = {"median_s": med}
        line = f"{name:38s} " + "  ".join(f"{lib} {med[lib] * 1e6:10.1f} us" for lib in libs)
        if "torch" in med:
            line += f"  torchless/torch {med['torchless'] / med['torch']:.2f}"
        line += f"  torchless/floor {med['torchless'] / med['floor']:.2f}"
        print(line, flush=True)
        results[name]["ratios"] = {"torchless/floor": med["torchless"] / med["floor"]}
        if "torch" in med:
            results[name]["ratios"]["torchless/torch"] = med["torchless"] / med["torch"]
    return results


def import_costs(repeats: int) -> dict:
    """Wall time and peak memory (max RSS) of importing each library in a fresh interpreter."""
    # Peak memory: the process's VmHWM (Linux's ru_maxrss would carry over this big benchmark process's peak
    # across fork and exec). Bytecode is written and reused, as an installed package has it.
    peak = ("def peak():\n    for line in open('/proc/self/status'):\n        if line.startswith('VmHWM:'):\n"
            "            return int(line.split()[1])\n")
    code = peak + "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t, peak())"
    base = peak + "print(0.0, peak())"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = {}
    mods = ["numpy", "torchless"] + (["torch"] if "torch" in _libs() else [])
    for m in mods:  # once first, so that every timed import finds its bytecode
        subprocess.run([sys.executable, "-c", f"import {m}"], env=env, capture_output=True, check=True)
    for m in ["python"] + mods:
        walls, rss = [], []
        for _ in range(repeats):
            src = base if m == "python" else code.format(m=m)
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, "-c", src], env=env, capture_output=True, text=True, check=True)
            walls.append(time.perf_counter() - t0)
            rss.append(int(res.stdout.split()[1]) / 1024)
        out[m] = {"wall_s": statistics.median(walls), "peak_mb": statistics.median(rss)}
    for m in mods:
        print(f"import {m:10s} {out[m]['wall_s'] * 1e3:8.1f} ms  peak {out[m]['peak_mb']:7.1f} MB")
    return out


# Targets (issue 6; R: issue 4): workload prefix -> (max torchless/torch, max torchless/floor); None where none is set.
TARGETS = {"W1": (0.25, 3.0), "W2": (0.25, 3.0), "W3": (0.3, 2.0), "W4": (None, 1.1),
           "W5 seed 2 step, n = 1e+07": (None, 1.3), "R": (3.0, None)}  # R: issue 4's random draws
START, END = "<!-- results:start (written by python -m benchmarks) -->", "<!-- results:end -->"


def _target(name: str):
    return next((t for prefix, t in TARGETS.items() if name.startswith(prefix)), (None, None))


def _verdict(value, limit) -> str:
    if limit is None or value is None:
        return ""
    return f" ({'met' if value <= limit else 'not met'}: <= {limit})"


def table(results: dict) -> str:
    """The Markdown table of one run: medians, ratios, and each target met or not."""
    lines = ["| workload | torchless | torch | floor | torchless/torch | torchless/floor |",
             "|---|---:|---:|---:|---|---|"]
    for name, r in results["workloads"].items():
        med, ratios = r["median_s"], r["ratios"]
        vs_torch, vs_floor = ratios.get("torchless/torch"), ratios["torchless/floor"]
        t_torch, t_floor = _target(name)
        torch_us = f"{med['torch'] * 1e6:.1f} us" if "torch" in med else "-"
        lines.append(f"| {name} | {med['torchless'] * 1e6:.1f} us | {torch_us} | {med['floor'] * 1e6:.1f} us | "
                     f"{'-' if vs_torch is None else f'{vs_torch:.2f}'}{_verdict(vs_torch, t_torch)} | "
                     f"{vs_floor:.2f}{_verdict(vs_floor, t_floor)} |")
    w5 = {n: r for n, r in results["workloads"].items() if n.startswith("W5")}
    if len(w5) > 1:
        per_row = [f"{n.split('= ')[1]}: {r['median_s']['torchless'] / float(n.split('= ')[1]) * 1e9:.2f} ns/row"
                   for n, r in w5.items()]
        lines.append("")
        lines.append("W5 torchless time per row (linear in n when flat): " + ", ".join(per_row))
    imp = results.get("import")
    if imp:
        base = imp["numpy"]
        extra_s = imp["torchless"]["wall_s"] - base["wall_s"]
        extra_mb = imp["torchless"]["peak_mb"] - base["peak_mb"]
        lines += ["", "| import | wall | peak memory |", "|---|---:|---:|"]
        lines += [f"| {m} | {v['wall_s'] * 1e3:.0f} ms | {v['peak_mb']:.1f} MB |" for m, v in imp.items()
                  if m != "python"]
        lines.append(f"\ntorchless above numpy: {extra_s * 1e3:.0f} ms{_verdict(extra_s, 0.1)}, "
                     f"{extra_mb:.1f} MB{_verdict(extra_mb, 10.0)}")
    return "\n".join(lines)


def write_markdown(results: dict) -> None:
    """Put the run's table into RESULTS.md between its markers (appended the first time)."""
    path = HERE / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    block = f"{START}\n{table(results)}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Latest run\n\n" + block + "\n"
    path.write_text(text)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--target", type=float, default=0.2, help="seconds of stepping per timing")
    ap.add_argument("--only", default="", help="comma-separated workload prefixes, e.g. W1,W2")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    only = [o.strip() for o in args.only.split(",") if o.strip()] or None
    results = {"workloads": run_workloads(args.repeats, args.target, only)}
    if not only:
        results["import"] = import_costs(args.repeats)
    if not args.no_write:
        (HERE / "results.json").write_text(json.dumps(results, indent=1) + "\n")
        write_markdown(results)
    print(table(results))


if __name__ == "__main__":
    main()
