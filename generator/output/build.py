"""`gongkai build`: check, plan, render, index, and swap the new site into place.

The previous output is never touched until the new site is complete: content errors stop
the build before anything is written, and the new site is rendered into a temporary folder
beside the output, then renamed into place (old folder renamed away, new one in, old one
deleted). Any failure — a template error, a crash in the indexer — removes the temporary
folder and leaves the previous site byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..load.file_guard import SITE_MARKER
from ..model.pickled_rows import PickledRows
from ..render.placing import swap_into_place

if TYPE_CHECKING:
    from ..render.pages import RenderSetup

# The modules that plan and render (Jinja, Markdown, the models) are imported where they are
# used: a rebuild that finds nothing to do (generator/output/incremental.py) should not pay for them.


@dataclass
class BuildResult:
    out_dir: Path
    pages: int
    files: int
    seconds: float
    indexed: bool
    reused: int = 0  # pages taken unchanged from the build cache
    setup: RenderSetup | None = None  # what every page shared (kept for generator/output/incremental.py)
    # content file → (URL, linked, where its planned page is kept) of pages showing its body (Kept.bodies)
    body_pages: PickledRows = field(default_factory=PickledRows)
    page_key: str = ""  # the key of the build cache the pages were kept under


def default_output(root: Path) -> Path:
    return root / "site"


def check_output_location(out_dir: Path, root: Path) -> str | None:
    """The output folder is replaced wholesale: refuse one that holds anything else."""
    link = link_inside(Path(os.path.abspath(out_dir)), Path(os.path.abspath(root)))
    if link is not None:
        return (f"输出目录 {out_dir} 经过站点目录里的符号链接 {link}（指向 {os.readlink(link)}）；"
                f"这样的链接会随提交进入仓库，把构建写到别处。请删除该链接，或用 -o 指定站点目录外的目录")
    out_dir, root = out_dir.resolve(), root.resolve()
    if out_dir == root or out_dir in root.parents:
        return f"输出目录 {out_dir} 包含站点根目录，构建会删除它；请用 -o 指定一个单独的目录（如 site/）"
    for protected in ("content", "themes", "generator", ".git"):
        if out_dir == root / protected or (root / protected) in out_dir.parents:
            return f"输出目录 {out_dir} 在 {protected}/ 里面；请用 -o 指定一个单独的目录（如 site/）"
    if (out_dir / "site_config.yml").exists():
        return f"输出目录 {out_dir} 里有 site_config.yml，看起来是一个站点源目录，不能覆盖"
    if out_dir.exists() and not is_ours(out_dir):
        return (f"输出目录 {out_dir} 已存在，里面有不是 Gongkai 生成的内容（没有 {SITE_MARKER} 标记文件）；"
                f"构建会替换整个目录，所以没有写入任何文件。请用 -o 指定一个空目录或新目录（如 site/）")
    return None


def link_inside(out_dir: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from the site root to out_dir (both absolute, not
    resolved), when out_dir lies inside the root: a link there is the repository's, so an
    editor's commit could send `gongkai build` (site/ by default) anywhere. Links outside the
    root are the operator's own and are followed."""
    if root not in out_dir.parents:
        return None
    path = root
    for part in out_dir.relative_to(root).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


# A site built before output folders were marked: these three files are always there.
_UNMARKED_OUTPUT = ("catalog.json", "404.html", "sitemap.xml")


def is_ours(out_dir: Path) -> bool:
    """May a build replace this existing folder? Only an empty one or one a build made."""
    if not out_dir.is_dir() or out_dir.is_symlink():
        return False
    if (out_dir / SITE_MARKER).is_file() or not any(out_dir.iterdir()):
        return True
    return all((out_dir / name).is_file() for name in _UNMARKED_OUTPUT)


def write_marker(folder: Path) -> None:
    """The mark that lets the next build replace this folder (check_output_location)."""
    (folder / SITE_MARKER).write_text("Built by Gongkai (gongkai build). The next build replaces this whole folder.\n",
                                      encoding="utf-8")


def clean_leftovers(out_dir: Path) -> None:
    """Remove the temporary folders (.site.building-PID, .site.stage-PID, and the render's
    results beside the first, .site.building-PID.render-…) of builds that were killed before
    they could: those of a process still running are its own."""
    pattern = re.compile(re.escape(f".{out_dir.name}.") + r"(?:building|stage)-(\d+)(?:\.render-\w+)?\Z")
    try:
        siblings = list(out_dir.parent.iterdir())
    except OSError:
        return
    for folder in siblings:
        match = pattern.match(folder.name)
        if match and not _running(int(match.group(1))) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier run of this same process id: not in use now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextmanager
def new_site(out_dir: Path):
    """A new folder for a site, beside out_dir (.NAME.building-PID) and marked as a build's; it
    replaces out_dir whole when the block ends (swap_into_place). On any failure it is removed
    and out_dir stays as it was."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out_dir)
    work = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    try:
        write_marker(work)
        yield work
        swap_into_place(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def output_folder(args, root: Path) -> Path | None:
    """The folder `-o` names (default site/), or None after saying why it may not be replaced."""
    out_dir = Path(args.output).absolute() if args.output else default_output(root)
    problem = check_output_location(out_dir, root)
    if problem:
        print(problem, file=sys.stderr)
        return None
    return out_dir.resolve()


def build_site(site, out_dir: Path, *, jobs: int | None = None, search: bool = True,
               cache: bool = True, select=None, finish=None, keep=None, shard: set[str] | None = None) -> BuildResult:
    """Render the whole site into out_dir, atomically. Raises on failure; out_dir is then untouched.

    `cache`: reuse unchanged pages from <root>/.gongkai-cache (generator/render/cache.py); the output
    is the same bytes either way. `select(planned) -> bool`: build only the planned pages and
    files it accepts (a shard build, generator/output/shards.py; the portal's part when assembling);
    every link and listing is the one the full site has. `shard`: a shard build's agencies, whose
    part alone is planned (plan/site.py Planner.plan_shard) before `select` picks from it. `finish(folder)` adds to the new
    site before it is swapped in (a shard's manifest; the shards' pages when assembling).
    `keep(folder)` is given the new site once every file but the search index is written,
    while Pagefind runs (the incremental build's snapshot, generator/output/incremental.py)."""
    from ..load.file_guard import FileGuard, max_file_bytes
    from ..load.site import cyclic_gc_paused
    from ..plan import theme
    from ..plan.site import plan_site
    from ..render.page_urls import PageUrls
    from ..render.pages import RenderSetup, copy_content_files, write_files

    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    with new_site(out_dir) as work:
        # The check planned the site to know its generated URLs (plan/outputs.py): plan it once.
        assets, asset_files, plan = site.planned or (*theme.plan_assets(site.root), None)
        if shard is not None and plan is not None:
            plan.release()  # the check's plan is the whole site's (plan/outputs.py): a shard plans its part
            plan = None
        plan = plan or plan_site(site, assets, shard)
        site.planned = None  # a plan is built on once; another build of this Site plans afresh
        base_url = site.config.base_url if site.config.base_url.endswith("/") else site.config.base_url + "/"
        setup = RenderSetup(root=site.root, lang=site.config.language, base_url=base_url,
                            globals=plan.globals, page_for_source=PageUrls(plan.page_for_source),
                            max_file_bytes=max_file_bytes(site.config), withheld_files=site.withheld_files())
        plan.page_for_source.clear()  # PageUrls holds it compactly: the dict (11 MB at 10⁵ entries) is done with
        pages, files = plan.pages, asset_files + plan.files
        if select is not None:
            pages, files = [p for p in pages if select(p)], [f for f in files if select(f)]
            plan.pages.clear()  # those left out are done with (render_with_cache lets the rest go)
        survey = search and site.config.features.search and search_survey()
        # The render's results are 10⁵ objects that live on, without cycles: the cyclic collector
        # would scan the whole heap again and again for nothing (6.6 s of the parent's time at
        # 10⁵ entries, 1.9 s of it with the other core idle). As load/site.py, while loading.
        counts = len(pages), len(files)
        with cyclic_gc_paused():
            kept, store = render_with_cache(site, pages, setup, work, jobs, cache, survey or None)
            planned_paths = {f.path for f in plan.files}
            copy_content_files({rel for rel in kept.linked if rel.removeprefix("content/") not in planned_paths},
                               site.root, work, FileGuard(site.root, setup.max_file_bytes, withheld=setup.withheld_files))
        # The plan (pages, listings, the planner behind every planned file) is done with once its
        # files are written: the index reuses its memory rather than growing beside it
        # (docs/design.md#scale).
        plan.release()
        del plan, pages
        write_files([f for f in files if f.path.endswith(".html")], work)  # the index reads every HTML file
        write_later = partial(write_and_forget, [f for f in files if not f.path.endswith(".html")], work, keep)
        del files
        if survey:
            # The exports, sitemaps and feeds (6 s of one core at 10⁵ entries) are written, and the
            # snapshot's pages linked (8 s), while Pagefind runs, in time a core would otherwise be idle.
            indexed = run_search_indexer(site, work, kept.surveys, kept.digests, write_later)
        else:
            write_later()
            indexed = False
        if finish is not None:
            finish(work)
    return BuildResult(out_dir, *counts, time.perf_counter() - started, bool(indexed),
                       store.reused if store else 0, setup, kept.bodies, store.key if store else "")


@dataclass
class Kept:
    """What the build keeps of the render's results, taken a page at a time as they are read
    (render/pages.py render_pages_recorded), never all of them at once (docs/design.md#scale)."""

    bodies_kept: bool  # with a build cache: which pages show each content file's body
    surveys_kept: bool  # with a search index: what the render workers read of each page
    linked: set[str] = field(default_factory=set)  # content files the pages' bodies link to
    # content file → [(URL, linked files, where its planned page is kept)], a row for each page
    # that shows its body, as the build cache now holds them (generator/output/incremental.py
    # redoes such a page alone). Held pickled (model/pickled_rows.py): as a dict of lists of
    # tuples it was about 48 MB at 10⁵ entries, at the build's largest moment, and only the
    # build state reads it, as rows of a table whose lists it joins.
    bodies: PickledRows = field(default_factory=PickledRows)
    surveys: dict = field(default_factory=dict)  # output file → the survey of the page
    digests: dict[str, str] = field(default_factory=dict)  # output file → the sha256 of its bytes

    def taking(self, results):
        """The results, each taken (`take`) as it passes."""
        for item in results:
            self.take(item)
            yield item

    def take(self, item) -> None:
        """One page's result (render/cache.py Placed, or render/pages.py Rendered without a cache)."""
        from ..render.pages import output_file

        self.linked.update(item.linked)
        if self.bodies_kept:
            # A page the cache could not fingerprint has no planned page kept (plan None): an edit
            # of a body it shows then builds the whole site, rather than leave the page as it was.
            for rel in item.bodies:
                self.bodies.add(rel, [(item.url, tuple(item.linked), item.plan)])
        if self.surveys_kept:
            name = output_file(item.url)
            self.surveys[name], self.digests[name] = item.noted, item.sha


def render_with_cache(site, pages: list, setup: RenderSetup, work: Path, jobs: int | None, cache: bool, observe=None):
    """Render the pages into work, taking unchanged ones from the build cache. Returns what the
    build keeps of the results (Kept) and the cache (None without one).

    The list of pages is emptied once they are rendered, before their results are read: what
    the build keeps of the results (about 120 MB at 10⁵ entries) then takes the memory the
    planned pages held rather than growing the process beside them (docs/design.md#scale)."""
    from ..load.keys import CACHE_DIR
    from ..render.cache import PageCache, build_key
    from ..render.pages import render_pages_recorded

    kept = Kept(bodies_kept=cache, surveys_kept=observe is not None)
    store = PageCache.open(site.root / CACHE_DIR, build_key(site, setup)) if cache else None
    placing = {"handle": store.place_or_render} if store else {}
    try:
        results = render_pages_recorded(pages, setup, work, jobs, observe=observe, **placing)
    finally:
        if store is not None:
            store.close_pack()  # also after a failure: `gongkai serve` lives on; the workers' closed as they exited
    pages.clear()
    if store is None:
        for item in results:
            kept.take(item)
        return kept, None
    store.learn(kept.taking(results))  # the manifest of this build's pages: the others are forgotten, with their files
    return kept, store


def search_survey():
    """What the render workers read of each page for the search index (search/index.py
    survey_page), or None when the search helper is not installed."""
    try:
        from ..search.index import survey_page
    except ImportError:
        return None
    return survey_page


def write_and_forget(files: list, work: Path, keep=None) -> None:
    """Write the planned files, then let them go (see build_site: the plan's memory), and give
    the site to `keep` (build_site)."""
    from ..render.pages import write_files

    write_files(files, work)
    files.clear()
    if keep is not None:
        keep(work)


def run_search_indexer(site, work: Path, surveyed_pages: dict, digests: dict, meanwhile) -> bool:
    """The search helper's indexer (generator/search/index.py; search_survey found it installed)."""
    from ..search.index import index_site

    index_site(site, work, surveyed=surveyed_pages, digests=digests, meanwhile=meanwhile)
    return True


