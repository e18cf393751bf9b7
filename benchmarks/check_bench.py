"""How long `gongkai check` takes on a synthetic site.

    python benchmarks/check_bench.py [N] [--keep DIR] [--repeat R]

Writes N catalog entries (default 10,000; with their interpretations and annual reports)
with the project's deterministic corpus generator (benchmarks/corpus.py) into a temporary
folder, then runs the real command `gongkai check --format json` on it R times and prints the
wall time of each run, the best, and the entries checked per second. Nothing is asserted:
figures go into notes, not into tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402  (the shared synthetic corpus)


def time_check(root: Path) -> tuple[float, float, int, Counter]:
    """Wall time, CPU time (user + system, which a busy machine inflates less) and the findings."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(root), "--format", "json",
                           "--as-of", "2026-11-23"], capture_output=True, text=True, cwd=HERE.parent)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    codes = Counter(json.loads(line)["code"] for line in proc.stdout.splitlines() if line.startswith("{"))
    if proc.returncode not in (0, 1):
        sys.exit(f"gongkai check failed with exit code {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed, cpu, proc.returncode, codes


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000, help="number of catalog entries")
    ap.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (the best is reported)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gongkai-check-bench-") as tmp:
        out = args.keep or Path(tmp)
        t0 = time.perf_counter()
        generate(args.n, out)
        print(f"corpus: {args.n} entries written in {time.perf_counter() - t0:.1f} s ({out / 'gongkai'})")
        root = out / "gongkai"
        files = sum(1 for _ in (root / "content").rglob("*.md"))
        times, cpus = [], []
        for i in range(args.repeat):
            elapsed, cpu, code, codes = time_check(root)
            times.append(elapsed)
            cpus.append(cpu)
            print(f"run {i + 1}: {elapsed:.2f} s wall, {cpu:.2f} s CPU, exit {code}, "
                  f"findings {dict(codes.most_common(8)) or 'none'}")
        best = min(times)
        print(f"gongkai check, {args.n} entries ({files} content files): best {best:.2f} s wall "
              f"({args.n / best:,.0f} entries/s), {min(cpus):.2f} s CPU; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
