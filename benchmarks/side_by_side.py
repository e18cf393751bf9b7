"""One gongkai command from two checkouts of the generator, alternating, on one site.

    python benchmarks/side_by_side.py SITE --old TREE [--new TREE] [--rounds N] [--out DIR] -- BUILD-ARGS…

    e.g. git worktree add /tmp/old main~3
         python benchmarks/side_by_side.py benchmarks/out/search-corpus/100000/gongkai --old /tmp/old -- --no-search

Runs `python -m generator.cli build --root SITE -o <fresh folder> --as-of D BUILD-ARGS…` with the
generator of each tree, the two one after the other in every round and the order swapped from
round to round (old, new; new, old; …), so that a machine getting busier or quieter does not
favour one side. Before every run the site's build cache is moved away (a cold build) and its
inputs are read once (benchmarks/measure.py `warm`); every run writes into a fresh folder. The
folders and caches are deleted after the last run, not between runs: deleting 10⁵ files is
slow kernel work that would land in the next measurement. Prints, per run, the wall time, the
CPU time of the process tree, and the peak summed RSS and PSS (benchmarks/measure.py), then
each side's figures together. This machine's CPU time for the same work varies by a third
between runs: quote figures from one side-by-side run, and ratios of them. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402  (benchmarks/measure.py)
from corpus import AS_OF  # noqa: E402  (the corpus's date: its entries are public then)

CACHE = ".gongkai-cache"


def run_once(site: Path, tree: Path, out: Path, args: list[str], as_of: str) -> measure.Measurement:
    cmd = [sys.executable, "-m", "generator.cli", "build", "--root", str(site), "-o", str(out), "--as-of", as_of, *args]
    env = {**os.environ, "PYTHONPATH": str(tree)}  # this tree's generator, not an installed one
    return measure.run(cmd, cwd=tree, env=env)


def side_by_side(site: Path, trees: dict[str, Path], rounds: int, work: Path, args: list[str],
                 as_of: str = AS_OF) -> dict[str, list[measure.Measurement]]:
    results: dict[str, list[measure.Measurement]] = {name: [] for name in trees}
    names = list(trees)
    moved = site.parent / f".{site.name}.moved-caches"  # beside the site: renaming stays on its file system
    work.mkdir(parents=True, exist_ok=True)
    try:
        for number in range(rounds):
            for name in names if number % 2 == 0 else names[::-1]:
                measure.set_aside(site / CACHE, moved)
                measure.warm(site)
                m = run_once(site, trees[name], work / f"{name}-{number}", args, as_of)
                results[name].append(m)
                print(f"{name} round {number + 1}: {m.seconds:.1f} s (CPU {m.cpu_seconds:.1f} s), "
                      f"{m.peak_mb:.0f} MB (PSS {m.peak_pss_mb:.0f} MB), exit {m.returncode}", flush=True)
                if m.returncode:
                    print(m.stderr_tail[-800:], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(moved, ignore_errors=True)
    return results


def summary(results: dict[str, list[measure.Measurement]]) -> str:
    lines = []
    for name, runs in results.items():
        lines.append(f"{name}: " + "; ".join(f"{m.seconds:.1f} s (CPU {m.cpu_seconds:.1f} s) {m.peak_mb:.0f} MB"
                                              for m in runs))
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    build_args = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a site root (site_config.yml, content/)")
    ap.add_argument("--old", type=Path, required=True, help="a checkout of the generator to compare with")
    ap.add_argument("--new", type=Path, default=HERE.parent, help="the other checkout (default: this one)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a new one under /tmp)")
    args = ap.parse_args(own)
    work = args.out or Path(tempfile.mkdtemp(prefix="gongkai-side-by-side-"))
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    started = time.strftime("%Y-%m-%d %H:%M")
    results = side_by_side(args.site.resolve(), trees, args.rounds, work, build_args, args.as_of)
    print(f"\n{started}, build {' '.join(build_args)} on {args.site}:\n{summary(results)}")
    return 0 if all(m.returncode == 0 for runs in results.values() for m in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
