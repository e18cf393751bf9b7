"""How long `gongkai check` takes on a synthetic site.

    python benchmarks/check_bench.py [N] [--keep DIR | --root SITE] [--repeat R] [--parse-cache] [--against TREE]

Writes N catalog entries (default 10,000; with their interpretations and annual reports)
with the project's deterministic corpus generator (benchmarks/corpus.py) into a temporary
folder (or takes an existing site with --root), then runs the real command
`gongkai check --format json` on it R times and prints the wall time, CPU time and peak memory
of each run, the best, and the entries checked per second. `gongkai check` keeps its parse
cache in <site>/.gongkai-cache/parsed (generator/load/parse_cache.py): each cold run starts with
that folder removed. --parse-cache also times runs with it warm (one-file edits, a rebuild). --against TREE alternates
each run with one of another checkout's generator (e.g. `git archive main | tar -x -C TREE`), the
two side by side on the same machine state, and says whether their findings are the same.
Nothing is asserted: figures go into notes, not into tests.
"""


from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402  (the shared synthetic corpus)

AS_OF = "2026-11-23"


def time_check(root: Path, cached: bool = False, tree: Path = HERE.parent) -> tuple[float, float, float, int, Counter, str]:
    """Wall time, CPU time (user + system, of the command and its workers: a busy machine inflates
    it less), the largest peak memory of one of its processes (MB), the findings by code and as
    printed. Not `cached`: the parse cache is removed first (a cold check). `tree`: the checkout
    whose generator runs."""
    if not cached:
        shutil.rmtree(root / ".gongkai-cache" / "parsed", ignore_errors=True)
    cpu_before = _children_cpu()
    start = time.perf_counter()
    command = [sys.executable, "-m", "generator.cli", "check", "--root", str(root), "--format", "json", "--as-of", AS_OF]
    env = {**os.environ, "PYTHONPATH": str(tree)}  # this tree first, not an installed generator
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tree, env=env)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    codes = Counter(json.loads(line)["code"] for line in proc.stdout.splitlines() if line.startswith("{"))
    if proc.returncode not in (0, 1):
        sys.exit(f"gongkai check failed with exit code {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return elapsed, cpu, peak_mb, proc.returncode, codes, proc.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000, help="number of catalog entries")
    ap.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    ap.add_argument("--root", type=Path, default=None, help="check this site instead of writing a corpus")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (the best is reported)")
    ap.add_argument("--parse-cache", action="store_true", help="also time checks with .gongkai-cache/parsed warm")
    ap.add_argument("--against", type=Path, default=None, help="alternate each run with this checkout's generator")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gongkai-check-bench-") as tmp:
        if args.root:
            root = args.root.resolve()
        else:
            out = args.keep or Path(tmp)
            t0 = time.perf_counter()
            generate(args.n, out)
            print(f"corpus: {args.n} entries written in {time.perf_counter() - t0:.1f} s ({out / 'gongkai'})")
            root = out / "gongkai"
        files = [p for p in (root / "content").rglob("*.md")]
        for path in files:
            path.read_bytes()  # into the page cache: the runs time the checker, not the disk
        variants = [("cold", False)] + ([("parse cache warm", True)] if args.parse_cache else [])
        trees = [("this", HERE.parent)] + ([("against", args.against.resolve())] if args.against else [])
        for label, cached in variants:
            times: dict = {name: [] for name, _ in trees}
            cpus: dict = {name: [] for name, _ in trees}
            printed: dict = {}
            for i in range(args.repeat):
                for name, tree in trees:  # alternately: both see the same machine
                    elapsed, cpu, peak, code, codes, out = time_check(root, cached, tree)
                    times[name].append(elapsed)
                    cpus[name].append(cpu)
                    printed.setdefault(name, out)
                    print(f"{label} run {i + 1} ({name}): {elapsed:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MB "
                          f"(largest so far), exit {code}, findings {dict(codes.most_common(8)) or 'none'}; "
                          f"load average {os.getloadavg()[0]:.1f}", flush=True)
            for name, _ in trees:
                best = min(times[name])
                print(f"gongkai check ({label}, {name}), {len(files)} content files: best {best:.2f} s wall "
                      f"({len(files) / best:,.0f} files/s), {min(cpus[name]):.2f} s CPU")
            if args.against:
                same = printed["this"] == printed["against"]
                print(f"findings of the two trees: {'the same, line for line' if same else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
