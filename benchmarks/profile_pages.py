"""Where a page's render time goes: the render worker's path, page by page, under cProfile.

    python benchmarks/profile_pages.py SITE [--pages N] [--as-of YYYY-MM-DD]

Loads and plans SITE (a corpus from benchmarks/corpus.py, say), then renders its pages in this
process, as one render worker does (generator/render/pages.py PageRenderer): once without the
profiler for the CPU time per page, once under cProfile for the shares. Prints a Markdown
table: each part's share of the profiled time, applied to the unprofiled CPU time per page
(cProfile slows pure-Python code more than C code, so the shares are approximate).
`--pages N` takes every k-th page so that about N are rendered, all templates in proportion.
Then what a worker's start spends on the theme's templates: every template compiled, and
every template taken from Jinja's bytecode cache (generator/render/bytecode.py), in fresh
environments, alternating, the median of five.
Nothing is asserted; the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# (label, file suffix, function): a part is the cumulative time of its functions. Parts nest
# where said; "rest" is what the page renderer spends outside all of them.
PARTS = [
    ("read the body from its file", "generator/load/document.py", "read_body"),
    ("Markdown → HTML (Python-Markdown)", "markdown/core.py", "convert"),
    ("sanitise (nh3) and rewrite links", "generator/render/markdown.py", "finish_html"),
    ("", "generator/render/markdown.py", "rewrite_links"),
    ("Jinja: the page template", "jinja2/environment.py", "render"),
    ("… of which shared parts ({% shared %}: fill in links)", "generator/render/shared_parts.py", "_render"),
    ("… of which the search metadata partial", "partials/search_meta.html", "root"),
    ("write the file (mkdir, write)", "generator/render/pages.py", "write_bytes"),
]
TOTAL = ("generator/render/pages.py", "render_recorded")


def plan_pages(root: Path, as_of: dt.date):
    from generator.load.file_guard import max_file_bytes
    from generator.load.site import load_site
    from generator.plan import theme
    from generator.plan.site import plan_site
    from generator.render.pages import RenderSetup

    site, _ = load_site(root, as_of=as_of)
    assets, _ = theme.plan_assets(site.root)
    plan = plan_site(site, assets)
    base_url = site.config.base_url if site.config.base_url.endswith("/") else site.config.base_url + "/"
    setup = RenderSetup(root=site.root, lang=site.config.language, base_url=base_url, globals=plan.globals,
                        page_for_source=plan.page_for_source, max_file_bytes=max_file_bytes(site.config))
    return plan.pages, setup


def template_start(setup, rounds: int = 5) -> tuple[float, float, int]:
    """CPU ms to load every theme template into a new environment: compiled, and from a
    bytecode cache filled beforehand (in a temporary folder, not the site's)."""
    from statistics import median

    from generator.render.bytecode import TemplateCodeCache
    from generator.render.pages import make_environment

    def load_all(cache) -> float:
        env = make_environment(setup)
        env.bytecode_cache = cache
        start = time.process_time()
        for name in env.list_templates():
            env.get_template(name)
        return (time.process_time() - start) * 1000

    with tempfile.TemporaryDirectory() as folder:
        filled = TemplateCodeCache(Path(folder), "key")
        load_all(filled)  # fills it (and warms Jinja's lexer cache for both)
        compiled, cached = [], []
        for _ in range(rounds):
            compiled.append(load_all(None))
            cached.append(load_all(filled))
    return median(compiled), median(cached), len(make_environment(setup).list_templates())


def cumulative(stats: pstats.Stats, suffix: str, function: str) -> float:
    return sum(ct for (file, _, name), (_, _, _, ct, _) in stats.stats.items()
               if name == function and file.endswith(suffix))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--pages", type=int, default=3000, help="about this many pages (every k-th)")
    ap.add_argument("--as-of", default="2026-11-23")
    args = ap.parse_args(argv)
    from generator.render.pages import PageRenderer

    pages, setup = plan_pages(args.site.resolve(), dt.date.fromisoformat(args.as_of))
    step = max(1, len(pages) // args.pages)
    sample = pages[::step]
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        renderer = PageRenderer(setup, Path(first))
        start = time.process_time()
        for page in sample:
            renderer.render_recorded(page)
        cpu = time.process_time() - start
        renderer = PageRenderer(setup, Path(second))  # a new worker: its shared parts are recorded again
        profile = cProfile.Profile()
        profile.enable()
        for page in sample:
            renderer.render_recorded(page)
        profile.disable()
    stats = pstats.Stats(profile)
    total = cumulative(stats, *TOTAL)
    per_page = cpu / len(sample) * 1000
    kinds = Counter(page.template for page in sample)
    print(f"{len(sample)} of {len(pages)} pages ({', '.join(f'{n} {t}' for t, n in kinds.most_common(3))}, …): "
          f"{per_page:.2f} ms of CPU a page without the profiler\n")
    print("| part of a page's render | share | ms a page |\n|---|---:|---:|")
    accounted = 0.0
    label = ""
    for i, (name, suffix, function) in enumerate(PARTS):
        label = name or label
        seconds = cumulative(stats, suffix, function)
        if not name:
            continue  # added to the part above
        following = PARTS[i + 1] if i + 1 < len(PARTS) else None
        if following and not following[0]:
            seconds += cumulative(stats, following[1], following[2])
        if not name.startswith("…"):
            accounted += seconds
        print(f"| {name} | {seconds / total:.0%} | {seconds / total * per_page:.2f} |")
    rest = total - accounted
    print(f"| rest (context, hashing, bookkeeping) | {rest / total:.0%} | {rest / total * per_page:.2f} |")
    print(f"| **a page** | 100% | **{per_page:.2f}** |")
    compiled, cached, count = template_start(setup)
    print(f"\nA worker's start, its {count} templates: {compiled:.0f} ms of CPU compiled, "
          f"{cached:.0f} ms from the bytecode cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
