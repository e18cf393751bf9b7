"""results.json → the Markdown table of benchmarks/README.md (with ratios against Hugo)."""

from __future__ import annotations

import re
from pathlib import Path

STEPS = [
    ("check", "`gongkai check`"),
    ("render (build --no-search)", "Gongkai cold build, HTML only (`--no-search`)"),
    ("search index alone", "Gongkai search indexer alone (Pagefind shards)"),
    ("cold build (total)", "Gongkai cold build, HTML + search"),
    ("rebuild, nothing changed", "Gongkai rebuild, nothing changed (same output folder)"),
    ("rebuild, nothing changed, fresh checkout and folder",
     "Gongkai rebuild, nothing changed, cache restored into a fresh checkout and output folder (CI)"),
    ("rebuild, one body edited", "Gongkai rebuild after a one-entry body edit (HTML + search)"),
    ("rebuild, one agency changed", "Gongkai rebuild after one entry changes agency"),
    ("hugo cold build", "Hugo cold build"),
    ("pagefind over hugo", "Pagefind (extended) over Hugo's output"),
]
WEIGHTS = [
    ("hugo+pagefind first search", "First search, Hugo + Pagefind (KB, compressed)"),
    ("gongkai first search", "First search, Gongkai search page (KB, compressed; search part)"),
    ("hugo entry page", "Entry page HTML+CSS+JS, Hugo theme (KB, compressed)"),
    ("gongkai entry page", "Entry page HTML+CSS+JS, Gongkai (KB, compressed)"),
]
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def _cell(step: dict | None) -> str:
    if not step:
        return "—"
    if "seconds" not in step:
        return step.get("note", "n/a")
    cpu = f" (CPU {step['cpu_seconds']:.1f} s)" if step.get("cpu_seconds") else ""
    pss = f" (PSS {_mb(step['peak_pss_mb'])})" if step.get("peak_pss_mb") else ""
    text = f"{step['seconds']:.1f} s{cpu}, {_mb(step['peak_mb'])}{pss}"
    if not step.get("finished", True):
        return f"did not finish ({step.get('why', '')})"
    if step.get("html_seconds") is not None:
        text += f"; HTML in place after {step['html_seconds']:.1f} s"
    if step.get("kind") == "full":
        text += " (a full build)"
    if step.get("note"):
        text += f" ({step['note']})"
    return text


def _mb(mb: float) -> str:
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def _ratio(a: dict | None, b: dict | None, key: str = "seconds") -> float | None:
    if not a or not b or not a.get(key) or not b.get(key) or not b.get("finished", True):
        return None
    return a[key] / b[key]


def _sum(a: dict | None, b: dict | None) -> dict | None:
    if not a or not b or "seconds" not in a or "seconds" not in b or not b.get("finished", True):
        return None
    return {"seconds": a["seconds"] + b["seconds"], "peak_mb": max(a["peak_mb"], b["peak_mb"]),
            "cpu_seconds": a.get("cpu_seconds", 0) + b.get("cpu_seconds", 0)}


def _weight(result: dict | None) -> str:
    if not result:
        return "—"
    if "total_kb" not in result:
        return result.get("note", "n/a")
    if result.get("search_kb") and result["search_kb"] != result["total_kb"]:
        return f"{result['total_kb']:.0f} ({result['search_kb']:.0f})"
    return f"{result['total_kb']:.0f}"


def ratios(size: dict) -> list[tuple[str, str]]:
    hugo, pagefind = size.get("hugo cold build"), size.get("pagefind over hugo")
    render, total = size.get("render (build --no-search)"), size.get("cold build (total)")
    rows = []

    def fmt(r, cpu=None):
        if r is None:
            return "n/a"
        return f"{r:.2f}×" + (f" (CPU {cpu:.2f}×)" if cpu is not None else "")

    rows.append(("HTML render time ÷ Hugo cold build (target ≤ 1.5×)",
                 fmt(_ratio(render, hugo), _ratio(render, hugo, "cpu_seconds"))))
    rows.append(("HTML render peak memory ÷ Hugo's (target ≤ 0.25×)", fmt(_ratio(render, hugo, "peak_mb"))))
    unchanged = size.get("rebuild, nothing changed, fresh checkout and folder") or size.get("rebuild, nothing changed")
    rows.append(("rebuild, nothing changed (cache restored, fresh folder) ÷ Hugo cold build (target ≤ 0.25×)",
                 fmt(_ratio(unchanged, hugo), _ratio(unchanged, hugo, "cpu_seconds"))))
    both = _sum(hugo, pagefind)
    rows.append(("whole build ÷ (Hugo + Pagefind)", fmt(_ratio(total, both), _ratio(total, both, "cpu_seconds"))
                 if both else
                 "Hugo + Pagefind did not finish" if pagefind and not pagefind.get("finished", True) else "n/a"))
    return rows


def markdown(results: dict) -> str:
    sizes = list(results["sizes"])
    head = "| step | " + " | ".join(f"{int(s):,} entries" for s in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    lines = [head, rule]
    for key, label in STEPS:
        lines.append(f"| {label} | " + " | ".join(_cell(results["sizes"][s].get(key)) for s in sizes) + " |")
    extra = sorted({k for s in sizes for k in results["sizes"][s] if "first search (" in k})
    weights = WEIGHTS[:2] + [(k, f"First search {k.split('first search ', 1)[1]}, "
                                 f"{'Hugo + Pagefind' if k.startswith('hugo') else 'Gongkai (search part)'} (KB)")
                             for k in extra] + WEIGHTS[2:]
    for key, label in weights:
        lines.append(f"| {label} | " + " | ".join(_weight(results["sizes"][s].get(key)) for s in sizes) + " |")
    ratio_rows = {s: dict(ratios(results["sizes"][s])) for s in sizes}
    for label in (ratio_rows[sizes[0]] if sizes else {}):
        lines.append(f"| {label} | " + " | ".join(ratio_rows[s][label] for s in sizes) + " |")
    peak = [results["sizes"][s].get("render (build --no-search)", {}).get("peak_mb") for s in sizes]
    if len(sizes) >= 2 and all(peak[-2:]):
        lines.append(f"| HTML render peak at {int(sizes[-1]):,} ÷ at {int(sizes[-2]):,} (target ≤ 1.5×) | "
                     + " | ".join("" for _ in sizes[:-1]) + f" | {peak[-1] / peak[-2]:.2f}× |")
    for s in sizes:
        if results["sizes"][s].get("sharded build", {}).get("steps"):
            import shard_sim  # beside this file (benchmarks/)

            result = results["sizes"][s]["sharded build"]
            lines += ["", f"Sharded build on {result['runners']} runners at {int(s):,} entries "
                      "(`shard_sim.py`: the shards one after another, each cold):", "", shard_sim.markdown(result).rstrip()]
    m, v = results["machine"], results["versions"]
    appended = results.get("appended") or []
    if isinstance(appended, dict):  # the first form of this record
        appended = [{"at": "later", "sizes": appended["now"], "steps": ["all"], "gongkai": v.get("gongkai", "")}]
    for added in appended:
        lines += ["", f"Added by a later invocation (`--append`, {added['at']}, {added['gongkai']}): "
                  f"{', '.join(added['sizes'])} entries, steps {', '.join(added['steps'])}."]
    corpus = next(iter(results["sizes"].values()), {}).get("corpus", {})
    lines += ["", f"Run of {results['started']} on {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB; "
              f"{v['gongkai']}, {v['hugo']}, {v['pagefind']}, Python {v['python']}. "
              f"Corpus: {corpus.get('agencies', '?')} agencies, seed {corpus.get('seed', '?')}, mean body "
              f"{corpus.get('mean_body_chars', '?')} characters. Times are wall clock; memory is the peak of the "
              "summed RSS of the process tree (PSS: proportional set sizes, shared pages counted once); CPU is user + system time of the tree. Load average before each step "
              "is in results.json (`machine_before`): figures taken on a busy machine are slower than on a quiet one."]
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    block = f"{BEGIN}\n{table}{END}"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # re-render the table from benchmarks/out/results.json
    import json
    import sys

    here = Path(__file__).resolve().parent
    results = json.loads((here / "out/results.json").read_text(encoding="utf-8"))
    table = markdown(results)
    print(table)
    if "--readme" in sys.argv:
        update_readme(here / "README.md", table)
