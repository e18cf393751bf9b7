"""Where one shard of a sharded build spends its time, phase by phase.

    python benchmarks/shard_phases.py SITE_ROOT [--runners 4] [--shard 1] [--assemble] [--as-of D]

Copies SITE_ROOT to a fresh folder (a runner's checkout: no build cache), splits the agencies as
.github/workflows/shards.yml does, warms the page cache, and runs `gongkai build --shard …` of the
chosen group in this process with a stopwatch around each phase: load (read and validate every
content file, the per-file checks), checks (the cross-file checks, less the plan they ask for),
plan (the whole site's page plan), select (which planned pages and files are the shard's),
render (the shard's pages, in the render workers), files (theme assets and attachments), index
(Pagefind and the lookup index over the shard's pages), manifest (gongkai-shard.json), swap.
With --assemble, then `gongkai assemble` of that one shard (the portal alone: what grows with
the whole site whatever the number of runners), phase by phase the same way.
With --check-share R, what a shard that loaded only its own files would pay: a cold `gongkai
check` of the whole site against one of a copy holding only the group's agencies' catalog
entries, interpretations and annual reports (the findings differ: what the other agencies'
files would have answered is missing), alternately, R times each.

Wall and CPU (this process and its finished children) per phase; nothing is asserted, the
figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import measure  # noqa: E402
from shard_sim import AS_OF, CACHE, split  # noqa: E402

PHASES: dict[str, list[float]] = {}  # phase → [wall, cpu]
_running: list[str] = []  # the phases open now: a nested phase's time is taken out of its parent's


def _cpu() -> float:
    now = os.times()
    return now.user + now.system + now.children_user + now.children_system


def timed(phase: str, function):
    """function, with its time added to phase (and taken out of the phase that called it)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), _cpu()
        _running.append(phase)
        try:
            return function(*args, **kwargs)
        finally:
            _running.pop()
            spent = [time.perf_counter() - wall, _cpu() - cpu]
            for name, sign in [(phase, 1)] + ([(_running[-1], -1)] if _running else []):
                total = PHASES.setdefault(name, [0.0, 0.0])
                total[0] += sign * spent[0]
                total[1] += sign * spent[1]
    return wrapper


def instrument() -> None:
    """Wrap the functions each phase runs (where the caller looks them up at call time)."""
    import generator.checks as checks
    import generator.output.build as output_build
    import generator.output.shards as shards
    import generator.plan.site as plan_site
    import generator.render.pages as pages
    import generator.render.placing as placing

    checks.load_checked = timed("load", checks.load_checked)
    checks.run_checks = timed("checks", checks.run_checks)
    plan_site.Planner.plan = timed("plan", plan_site.Planner.plan)
    output_build.render_with_cache = timed("render", output_build.render_with_cache)
    pages.write_files = timed("files", pages.write_files)
    pages.copy_content_files = timed("files", pages.copy_content_files)
    output_build.run_search_indexer = timed("index", output_build.run_search_indexer)
    output_build.swap_into_place = timed("swap", placing.swap_into_place)
    shards.write_shard_manifest = timed("manifest", shards.write_shard_manifest)
    shards.copy_shard_pages = timed("copy shards", shards.copy_shard_pages)
    shards.merge_search = timed("merge search", shards.merge_search)
    shards.portal_site = timed("load", shards.portal_site)
    original = shards.selector

    def selector(site, shard):
        return timed("select", original(site, shard))
    shards.selector = selector


def run_phases(argv: list[str]) -> dict:
    from generator.cli import main as cli

    PHASES.clear()
    wall, cpu = time.perf_counter(), _cpu()
    code = cli(argv)
    total = [time.perf_counter() - wall, _cpu() - cpu]
    PHASES["other"] = [total[0] - sum(w for w, _ in PHASES.values()), total[1] - sum(c for _, c in PHASES.values())]
    return {"exit": code, "total": [round(x, 2) for x in total],
            "phases": {k: [round(w, 2), round(c, 2)] for k, (w, c) in PHASES.items()}}


def table(title: str, result: dict) -> str:
    lines = [f"| {title} | wall s | CPU s | share of wall |", "|---|---|---|---|"]
    total = result["total"][0]
    for phase, (wall, cpu) in result["phases"].items():
        lines.append(f"| {phase} | {wall:.2f} | {cpu:.2f} | {100 * wall / total:.0f} % |")
    lines.append(f"| **total** | **{total:.2f}** | **{result['total'][1]:.2f}** | |")
    return "\n".join(lines) + "\n"


def own_files_copy(checkout: Path, target: Path, agencies: list[str]) -> int:
    """target: checkout with only these agencies' entries, interpretations and reports. Returns
    how many content files it holds."""
    content = target / "content"

    def others(folder, names):
        here = Path(folder)
        if here in (content / "catalog", content / "reports"):
            return [n for n in names if n not in agencies]
        if here == content / "interpretations":  # named <agency>-<year>-<number>.md
            return [n for n in names if not any(n.startswith(a + "-") for a in agencies)]
        return [CACHE, "site"] if here == target else []

    shutil.copytree(checkout, target, ignore=lambda folder, names: others(
        target / Path(folder).relative_to(checkout), names))
    return sum(len(files) for _, _, files in os.walk(content))


def check_share(checkout: Path, target: Path, agencies: list[str], as_of: str, rounds: int) -> dict:
    files = own_files_copy(checkout, target, agencies)
    whole = sum(len(f) for _, _, f in os.walk(checkout / "content"))
    runs: dict[str, list] = {"whole site": [], "the group's files only": []}
    for _ in range(rounds):
        for label, root in (("whole site", checkout), ("the group's files only", target)):
            shutil.rmtree(root / CACHE, ignore_errors=True)
            measure.warm(root)
            m = measure.run([sys.executable, "-m", "generator.cli", "check", "--root", str(root), "--as-of", as_of],
                            cwd=REPO)
            runs[label].append([m.seconds, m.cpu_seconds, m.peak_mb])
    lines = ["| cold `gongkai check` | content files | wall s | CPU s | peak MB |", "|---|---|---|---|---|"]
    for label, rows in runs.items():
        best = min(rows, key=lambda r: r[1])
        lines.append(f"| {label} | {whole if label == 'whole site' else files:,} | {best[0]:.2f} | {best[1]:.2f} | {best[2]:.0f} |")
    print("\n".join(lines) + f"\n\n(best CPU of {rounds}; all runs in the JSON)\n", flush=True)
    return {"files": {"whole site": whole, "the group's files only": files}, "runs": runs}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site_root", type=Path)
    ap.add_argument("--runners", type=int, default=4)
    ap.add_argument("--shard", type=int, default=1, help="which group (1 = the first of the matrix)")
    ap.add_argument("--assemble", action="store_true", help="then assemble that shard alone, phase by phase")
    ap.add_argument("--check-share", type=int, default=0, metavar="R",
                    help="time a cold check of the whole site against one of the group's files only, R times each")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one, removed)")
    args = ap.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="shard-phases-"))
    checkout = work / "checkout"
    shutil.copytree(args.site_root, checkout, ignore=shutil.ignore_patterns(CACHE, "site"))
    groups = split(checkout, args.runners)
    agencies = groups[args.shard - 1]
    instrument()
    measure.warm(checkout)
    results = {"site": str(args.site_root), "runners": args.runners, "shard": args.shard, "agencies": agencies}
    results["build --shard"] = run_phases(["build", "--root", str(checkout), "--as-of", args.as_of,
                                           "-o", str(work / "shard"), "--shard", *agencies])
    print(table(f"`build --shard` group {args.shard} of {args.runners} ({len(agencies)} agencies)",
                results["build --shard"]), flush=True)
    if args.assemble:
        shutil.rmtree(checkout / CACHE, ignore_errors=True)  # the assemble runner's own, cold
        measure.warm(checkout)
        results["assemble"] = run_phases(["assemble", str(work / "shard"), "--root", str(checkout),
                                          "--as-of", args.as_of, "-o", str(work / "assembled")])
        print(table("`assemble` of that shard alone (the portal)", results["assemble"]), flush=True)
    if args.check_share:
        results["check share"] = check_share(checkout, work / "own-files", agencies, args.as_of, args.check_share)
    print(json.dumps(results, ensure_ascii=False))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
