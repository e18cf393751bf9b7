"""A sharded build on N runners (.github/workflows/shards.yml), simulated on one machine.

    python benchmarks/shard_sim.py SITE_ROOT --runners 4 [--out DIR] [--as-of D] [--no-verify]
                                   [--assemble move|link|both] [--no-portal]

The agencies are split as the workflow splits them (`python -m generator.output.shards
--groups N`). Then, one after another in one run, each timed with benchmarks/measure.py (wall,
CPU of the process tree, peak summed RSS and PSS):
  every shard: a cold `gongkai build --as-of D -o <fresh folder> --shard …`;
  `gongkai assemble --move` of their outputs into a fresh folder, as the workflow runs it
  (`--assemble link`: without --move, the files linked in; `both`: the shards alone, the
  assemble rendering the portal, then with the portal's output linked, then moved from
  hard-linked copies of the outputs, each timed, side by side);
  and, as the workflow's portal job does, the portal's part on a runner of its own beside the
  shards (`gongkai build --portal`), which the assemble joins instead of rendering it
  (`--no-portal`: the assemble renders the portal, as before the portal job);
  a single cold `gongkai build` of the same site into a fresh folder.
"Cold": each runner checks out the repository afresh, so no step may find a build cache. The
site is copied once into DIR/checkout (without its .gongkai-cache and site/) and, before every
step, the cache the previous step left there (<root>/.gongkai-cache: the parse cache, the page
cache, the search cache; generator/load/keys.py) is moved away; the inputs are then read once
so that every step finds them in the page cache.

A runner's time is its shard (or the portal); the workflow's is the longest runner plus the
assemble (the runners work at once, the assemble after the last). That sum is set against
the single build. With verification (the default) the assembled site is compared with the
single build as tests/scale/test_shards.py does: every file outside pagefind/ byte for byte;
Pagefind's bundles, which cannot be the same bytes (one index against one per shard, merged
in the browser), by what a search finds: the set of decoded page fragments (each page's URL,
segmented text, filters, sort keys) and the count of pages under every filter value.

Writes DIR/shard-sim.json and DIR/shard-sim.md, prints the table. benchmarks/run.py runs
this as its optional step `--shards N`. Nothing is asserted: the figures go into
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
from corpus import AS_OF  # noqa: E402  (the date the benchmark builds its corpus as of)
from generator.render.placing import link_tree  # noqa: E402

CACHE = ".gongkai-cache"  # generator/load/keys.py CACHE_DIR
STEP_TIMEOUT_S = 3600


def split(root: Path, runners: int, code: Path = REPO) -> list[list[str]]:
    """The workflow's matrix: the agencies of each runner."""
    done = subprocess.run([sys.executable, "-m", "generator.output.shards", "--groups", str(runners),
                           "--root", str(root)], cwd=code, capture_output=True, text=True, check=True)
    return [row["agencies"].split() for row in json.loads(done.stdout)["include"]]


class Simulation:
    def __init__(self, site_root: Path, runners: int, out: Path, as_of: str = AS_OF, code: Path = REPO,
                 wait_quiet: float = 0.0, assemble: str = "move", portal: bool = True):
        self.site_root, self.runners, self.out, self.as_of = Path(site_root), runners, Path(out), as_of
        self.assemble = assemble  # move (the workflow's), link, or both side by side
        self.portal = portal  # the portal's part built on a runner of its own (gongkai build --portal)
        self.code, self.wait_quiet = Path(code), wait_quiet
        self.checkout = self.out / "checkout"
        self.trash = self.out / "old-caches"

    def prepare(self) -> None:
        """A fresh checkout of the site: its sources without build cache or output."""
        self.out.mkdir(parents=True, exist_ok=True)
        if self.checkout.exists():
            shutil.rmtree(self.checkout)
        shutil.copytree(self.site_root, self.checkout, ignore=shutil.ignore_patterns(CACHE, "site"))

    def cold(self) -> None:
        """No build cache for the next step (renaming is instant; the trees go after all timing)."""
        measure.set_aside(self.checkout / CACHE, self.trash)

    def gongkai(self, *args: str) -> measure.Measurement:
        self.cold()
        state = measure.wait_quiet(self.wait_quiet) if self.wait_quiet else {"load_avg_1min": round(os.getloadavg()[0], 2)}
        measure.warm(self.checkout)  # after the wait: an idle minute can evict the page cache
        cmd = [sys.executable, "-m", "generator.cli", *args, "--as-of", self.as_of]
        m = measure.run(cmd, cwd=self.code, timeout_s=STEP_TIMEOUT_S)
        m.extra["machine_before"] = state
        return m

    def run(self, verify: bool = True) -> dict:
        self.prepare()
        groups = split(self.checkout, self.runners, self.code)
        steps: dict[str, dict] = {}
        shard_dirs = []
        for number, agencies in enumerate(groups, start=1):
            folder = self.out / f"shard{number}"
            m = self.gongkai("build", "--root", str(self.checkout), "-o", str(folder), "--shard", *agencies)
            steps[f"shard{number}"] = self.recorded(m, agencies=agencies, files=catalog_files(self.checkout, agencies))
            shard_dirs.append(folder)
        if self.portal:
            folder = self.out / "portal"
            m = self.gongkai("build", "--root", str(self.checkout), "-o", str(folder), "--portal")
            steps["portal"] = self.recorded(m)
            shard_dirs.append(folder)
        assembled = self.out / "assembled"
        if self.assemble == "both":  # the moved assemble takes copies: the linked one needs the shards whole
            copies = [folder.with_name(folder.name + "-moved") for folder in shard_dirs]
            for folder, copy in zip(shard_dirs, copies):
                link_tree(folder, copy)
            if self.portal:  # as before the portal runner: the assemble renders the portal itself
                m = self.gongkai("assemble", *map(str, shard_dirs[:-1]), "--root", str(self.checkout),
                                 "-o", str(self.out / "assembled-rendered"))
                steps["assemble_rendered"] = self.recorded(m)
            m = self.gongkai("assemble", *map(str, shard_dirs), "--root", str(self.checkout),
                             "-o", str(self.out / "assembled-linked"))
            steps["assemble_linked"] = self.recorded(m)
            shard_dirs = copies
        moving = ["--move"] if self.assemble in ("move", "both") else []
        m = self.gongkai("assemble", *moving, *map(str, shard_dirs), "--root", str(self.checkout), "-o", str(assembled))
        steps["assemble"] = self.recorded(m, moved=bool(moving))
        single = self.out / "single"
        m = self.gongkai("build", "--root", str(self.checkout), "-o", str(single))
        steps["single"] = self.recorded(m)
        result = {"site": str(self.site_root), "runners": self.runners, "as_of": self.as_of,
                  "code": git_commit(self.code), "steps": steps} | summary(steps)
        ok = all(s["returncode"] == 0 for s in steps.values())
        if verify and ok:
            result["verified"] = compare(single, assembled)
        shutil.rmtree(self.trash, ignore_errors=True)
        return result

    def recorded(self, m: measure.Measurement, **extra) -> dict:
        entry = {k: v for k, v in m.as_dict().items() if k not in ("stdout_tail", "extra")} | m.extra | extra
        entry["stderr_tail"] = m.stderr_tail[-600:]
        label = extra.get("agencies") and f"{len(extra['agencies'])} agencies" or ""
        print(f"  {m.seconds:8.2f} s (CPU {m.cpu_seconds:7.2f} s) {m.peak_mb:8.1f} MB (PSS {m.peak_pss_mb:7.1f} MB)"
              f"  exit {m.returncode} {label}", flush=True)
        return entry


def catalog_files(root: Path, agencies: list[str]) -> int:
    return sum(len(files) for agency in agencies for _, _, files in os.walk(root / "content" / "catalog" / agency))


def git_commit(code: Path) -> str:
    done = subprocess.run(["git", "-C", str(code), "log", "-1", "--format=%h"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def summary(steps: dict) -> dict:
    """The workflow's time: the longest runner (a shard, or the portal), then the assemble;
    against the single build."""
    shards = [s for name, s in steps.items() if name.startswith("shard") or name == "portal"]
    longest = max(shards, key=lambda s: s["seconds"])
    assemble, single = steps["assemble"], steps["single"]
    wall = longest["seconds"] + assemble["seconds"]
    cpu = longest["cpu_seconds"] + assemble["cpu_seconds"]
    # memory: the most any one runner needed
    return {"longest_shard_plus_assemble": {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                                            "peak_mb": max(s["peak_mb"] for s in shards + [assemble]),
                                            "peak_pss_mb": max(s["peak_pss_mb"] for s in shards + [assemble])},
            "ratio_to_single": round(wall / single["seconds"], 3) if single["seconds"] else None,
            "cpu_ratio_to_single": round(cpu / single["cpu_seconds"], 3) if single["cpu_seconds"] else None,
            "shards_cpu_total": round(sum(s["cpu_seconds"] for s in shards) + assemble["cpu_seconds"], 2)}


def compare(single: Path, assembled: Path) -> dict:
    """The assembled site against the single build, as tests/scale/test_shards.py compares them."""
    sys.path.insert(0, str(REPO))
    from tests.scale.compare import differences, filter_counts, fragments

    started = time.perf_counter()
    files = differences(single, assembled, skip=("pagefind/",))
    single_fragments, assembled_fragments = fragments(single), fragments(assembled)
    same_filters = filter_counts(single) == filter_counts(assembled)
    return {"files_outside_pagefind": sum(1 for p in single.rglob("*") if p.is_file() and p.relative_to(single).parts[0] != "pagefind"),
            "differences": files[:20], "difference_count": len(files),
            "search_fragments": len(single_fragments), "same_fragments": single_fragments == assembled_fragments,
            "same_filter_counts": same_filters,
            "equal": not files and single_fragments == assembled_fragments and same_filters,
            "seconds": round(time.perf_counter() - started, 1)}


def _mb(mb: float) -> str:
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def _cell(step: dict) -> str:
    return (f"{step['seconds']:.1f} s (CPU {step['cpu_seconds']:.1f} s), {_mb(step['peak_mb'])}"
            f" (PSS {_mb(step['peak_pss_mb'])})")


def markdown(result: dict) -> str:
    steps = result["steps"]
    lines = ["| step | catalog files | time, memory |", "|---|---|---|"]
    for name, step in steps.items():
        if name.startswith("shard"):
            lines.append(f"| `build --shard` {name} ({len(step['agencies'])} agencies) | {step['files']:,} | {_cell(step)} |")
    if "portal" in steps:
        lines.append(f"| `build --portal` (beside the shards) | | {_cell(steps['portal'])} |")
    if "assemble_rendered" in steps:
        lines.append(f"| `assemble` of the shards alone (it renders the portal; files linked in) | | "
                     f"{_cell(steps['assemble_rendered'])} |")
    if "assemble_linked" in steps:
        lines.append(f"| `assemble` (the outputs' files linked in) | | {_cell(steps['assemble_linked'])} |")
    moved = " --move" if steps["assemble"].get("moved") else ""
    lines.append(f"| `assemble{moved}` | | {_cell(steps['assemble'])} |")
    lines.append(f"| **longest runner + assemble** (memory: the largest runner) | | "
                 f"{_cell(result['longest_shard_plus_assemble'])} |")
    lines.append(f"| single `build` | | {_cell(steps['single'])} |")
    lines.append(f"| longest runner + assemble ÷ single | | **{result['ratio_to_single']:.2f}×** "
                 f"(CPU {result['cpu_ratio_to_single']:.2f}×) |")
    lines.append(f"| all runners + assemble, CPU | | {result['shards_cpu_total']:.1f} s |")
    failed = [name for name, s in steps.items() if s["returncode"] != 0]
    if failed:
        lines.append(f"\nFailed: {', '.join(failed)} (see shard-sim.json).")
    verified = result.get("verified")
    if verified:
        lines.append("")
        lines.append(f"Assembled = single: **{'yes' if verified['equal'] else 'NO'}** — "
                     f"{verified['files_outside_pagefind']:,} files outside pagefind/ compared byte for byte "
                     f"({verified['difference_count']} differ or are missing); "
                     f"{verified['search_fragments']:,} Pagefind fragments "
                     f"{'the same' if verified['same_fragments'] else 'NOT the same'}, filter counts "
                     f"{'the same' if verified['same_filter_counts'] else 'NOT the same'}.")
    loads = [s.get("machine_before", {}).get("load_avg_1min") for s in steps.values()]
    lines.append(f"\nCode {result['code']}, {result['runners']} runners, as of {result['as_of']}; load average "
                 f"before the steps {', '.join(str(x) for x in loads)}.")
    return "\n".join(lines) + "\n"


def simulate(site_root: Path, runners: int, out: Path, **options) -> dict:
    verify = options.pop("verify", True)
    result = Simulation(site_root, runners, out, **options).run(verify=verify)
    (out / "shard-sim.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "shard-sim.md").write_text(markdown(result), encoding="utf-8")
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site_root", type=Path, help="a site root (site_config.yml, content/)")
    ap.add_argument("--runners", type=int, default=4)
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a new one under /tmp)")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--code", type=Path, default=REPO,
                    help="the checkout whose generator runs (default this one): to compare two versions")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                    help="before each step, wait up to S seconds for the machine to be idle")
    ap.add_argument("--no-verify", dest="verify", action="store_false", help="do not compare assembled with single")
    ap.add_argument("--keep", action="store_true", help="keep the outputs (default: only the JSON and table stay)")
    ap.add_argument("--assemble", choices=("move", "link", "both"), default="move",
                    help="assemble --move as the workflow does (default), linking (code before --move), or both")
    ap.add_argument("--no-portal", dest="portal", action="store_false",
                    help="no portal runner: the assemble renders the portal (code before gongkai build --portal)")
    args = ap.parse_args(argv)
    out = args.out or Path(os.environ.get("TMPDIR", "/tmp")) / f"shard-sim-{time.strftime('%Y%m%dT%H%M%S')}"
    result = simulate(args.site_root.resolve(), args.runners, out.resolve(), as_of=args.as_of,
                      code=args.code.resolve(), wait_quiet=args.wait_quiet, verify=args.verify,
                      assemble=args.assemble, portal=args.portal)
    print(markdown(result))
    if not args.keep:
        for name in ["checkout", "assembled", "assembled-linked", "assembled-rendered", "single", "portal"] + [n for n in result["steps"] if n.startswith("shard")]:
            shutil.rmtree(out / name, ignore_errors=True)
            shutil.rmtree(out / f"{name}-moved", ignore_errors=True)
    print(f"results: {out / 'shard-sim.json'}, {out / 'shard-sim.md'}")
    return 0 if all(s["returncode"] == 0 for s in result["steps"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
