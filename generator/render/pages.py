"""The renderer: PlannedPage → HTML file, PlannedFile → file, in parallel, streamed to disk.

Jinja runs with StrictUndefined (a missing variable stops the build instead of leaving an
empty hole on a public page) and autoescaping. Every internal link is written relative to
the page that holds it, so the site works under any sub-path (/xxgk/) and from file://;
absolute URLs (from config.base_url) appear only where the reader is elsewhere: canonical
links, feeds, the sitemap and JSON-LD.

Pages are rendered by a pool of worker processes, started fresh (render_pages_recorded says
why) and sent their pages in chunks; each worker writes its pages to disk and, to a file of its
own, only what the build keeps of them (hash, links, search survey), read once the workers
are done. Nothing holds all rendered pages in memory.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import multiprocessing
import os
import pickle
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..load.file_guard import DEFAULT_MAX_FILE_MB, FileGuard
from ..plan import theme
from ..plan.types import Body, PlannedFile, PlannedPage, install, worker_copies
from ..text import site as ui
from .bytecode import template_cache
from .markdown import LinkContext, output_path_of_content, relative_scope, relative_url, render_markdown
from .shared_parts import SharedParts

CHUNK = 64  # pages per task: large enough to amortise scheduling, small enough to balance
SERIAL_BELOW = 300  # forking a pool costs more than rendering a small site


@dataclass
class RenderSetup:
    """What every page shares: made once, sent once to each render worker."""

    root: Path  # the site root (content files are read from here)
    lang: str
    base_url: str  # absolute, ends with "/"
    globals: dict[str, Any]  # the `site` object of the templates
    page_for_source: Mapping[str, str]  # published content file → its page URL (render/page_urls.py PageUrls in a build)
    theme_name: str = "default"
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1048576  # site_config.yml max_file_mb (load/file_guard.py)
    withheld_files: dict[str, str] | None = None  # never linked nor copied (load/site.py Site.withheld_files)


def output_file(url: str) -> str:
    """A page URL ("", "catalog/", "404.html") → the file that holds it."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def make_environment(setup: RenderSetup) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.templates_dirs(setup.root, setup.theme_name)]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True, default=True),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat() per page
        extensions=[SharedParts],  # {% shared %}: navigation and footer rendered once (generator/render/shared_parts.py)
    )
    env.bytecode_cache = template_cache(env, setup.root)  # compiled once, kept between runs (generator/render/bytecode.py)
    lang = setup.lang
    assets = setup.globals["assets"]

    def link(ctx, target: str) -> str:
        if ctx.get("absolute_links"):  # 404.html is served at any depth: links from the base path
            return base_path(setup.base_url) + target
        return relative_url(target, ctx["page_url"])

    def link_scope(ctx, prefixes: frozenset) -> tuple:
        """What link(ctx, target) depends on for targets with these runs of first folders."""
        if ctx.get("absolute_links"):
            return ("/",)
        return relative_scope(ctx["page_url"], prefixes)

    hole = env.shared_parts.hole

    @jinja2.pass_context
    def url(ctx, target: str) -> str:
        """Link to a site page or file (site-relative, "" = home) from the current page."""
        return hole(target) or link(ctx, target)

    @jinja2.pass_context
    def asset(ctx, name: str) -> str:
        return url(ctx, assets.files[name])

    def t(key: str, **args) -> str:
        return ui.translate(lang, key, **args)

    env.link, env.link_scope = link, link_scope
    env.globals.update(
        site=setup.globals, url=url, asset=asset, t=t, nav_urls=nav_urls(setup.globals["nav"]),
        abs_url=lambda target: setup.base_url + target,
        icon=lambda name: Markup(theme.icon(name)),
    )
    env.filters.update(
        date=lambda d: ui.format_date(d, lang),
        isodate=lambda d: d.isoformat() if d else "",
        gloss=lambda v: ui.gloss(v, lang),
        filesize=lambda n: human_size(n, lang),
    )
    return env


def nav_urls(nav: list[dict]) -> frozenset[str]:
    """Every URL the navigation links to: a page compares its own URL with these only."""
    return frozenset([""] + [s["url"] for s in nav] + [c["url"] for s in nav for c in s.get("children") or ()])


def base_path(base_url: str) -> str:
    """"https://example.gov.cn/xxgk/" → "/xxgk/"."""
    from urllib.parse import urlsplit

    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def human_size(n: int | None, lang: str) -> str:
    if n is None:
        return ""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B" if lang == "en" else f"{n} 字节"


# The lookups of a page whose bodies resolved no link (most pages): one object, never changed, so
# that a chunk of results pickled by a worker carries it once and the build holds it once per
# chunk, not 300 bytes a page (docs/design.md#scale).
NO_LOOKUPS: dict = {"p": {}, "f": {}}


@dataclass(slots=True)
class Rendered:
    """What rendering one page leaves behind, besides its file: what the build cache keeps."""

    url: str
    sha: str  # sha256 of the HTML written
    linked: list[str]  # content files its bodies link to
    lookups: dict  # links resolved on the way: {"p": {file: page URL or None}, "f": {file: exists}}
    noted: Any = None  # what the renderer's `observe` said of the page's bytes


# --- one page ------------------------------------------------------------------------------

class PageRenderer:
    def __init__(self, setup: RenderSetup, out_dir: Path, observe=None):
        self.setup = setup
        self.out_dir = out_dir
        # observe(file, bytes): a later stage's reading of each page as it is written, in the
        # worker that has the bytes (the search index's facts: generator/output/build.py)
        self.observe = observe
        self.env = make_environment(setup)
        self.guard = FileGuard(setup.root, setup.max_file_bytes, withheld=setup.withheld_files)

    def render(self, page: PlannedPage) -> list[str]:
        """Write one page; return the content files its bodies link to (to be copied)."""
        return self.render_recorded(page).linked

    def render_recorded(self, page: PlannedPage) -> Rendered:
        """Write one page; return its hash and every link lookup its bodies made, so the build
        cache can tell later whether the page is still what this content would give."""
        pages_seen: dict[str, str | None] = {}
        files_seen: dict[str, bool] = {}

        def page_for_source(rel: str) -> str | None:
            pages_seen[rel] = self.setup.page_for_source.get(rel)
            return pages_seen[rel]

        def file_exists(rel: str) -> bool:
            # Only a file that may be published is linked and copied (generator/load/file_guard.py).
            files_seen[rel] = self.guard.publishable(rel)
            return files_seen[rel]

        context = dict(page.materialized().context)
        context.setdefault("page_url", page.url)
        context.setdefault("page_title", page.title)
        context.setdefault("page_section", page.section)
        linked: list[str] = []
        for key, value in list(context.items()):
            if isinstance(value, Body):
                links = LinkContext(source=value.source, page_url=page.url,
                                    page_for_source=page_for_source, file_exists=file_exists)
                rendered = render_markdown(value.markdown(self.setup.root), links, self.setup.lang)
                context[key] = Markup(rendered.html)
                context[f"{key}_toc"] = rendered.toc
                linked.extend(rendered.files)
        data = self.env.get_template(page.template).render(context).encode("utf-8")
        write_bytes(self.out_dir / output_file(page.url), data)
        noted = self.observe(output_file(page.url), data) if self.observe else None
        lookups = {"p": pages_seen, "f": files_seen} if pages_seen or files_seen else NO_LOOKUPS
        return Rendered(page.url, hashlib.sha256(data).hexdigest(), linked, lookups, noted)


_WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file, making its folder. Most pages are the only file in a folder of their own,
    so the folder is made first (one mkdir, made or already there) and the file written with
    os.open and os.write: pathlib's mkdir and open() add Python work and system calls (an
    fstat and an ioctl a file) on every page (benchmarks/README.md, "Where a page's time goes")."""
    name = os.fspath(path)
    folder = os.path.dirname(name)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:  # its parent is new too
        os.makedirs(folder or ".", exist_ok=True)
    handle = os.open(name, _WRITE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


# --- many pages, in parallel ---------------------------------------------------------------

_worker: dict[str, Any] = {}  # in a render worker: its PageRenderer, what it does with each page, its results file


def _start_worker(setup: RenderSetup, out_dir: Path, handle, observe, tables: list, results_dir: str) -> None:
    install(tables)
    _worker.update(renderer=PageRenderer(setup, out_dir, observe), handle=handle, results=_results_file(results_dir))


def _results_file(results_dir: str):
    """This process's file of results in the folder: appended to, so that a file of a worker whose
    process id a later one reuses is kept whole."""
    return open(os.path.join(results_dir, f"{os.getpid()}.pickle"), "ab")  # noqa: SIM115 (open while it renders)


def _render_chunk(numbered: tuple[int, list[PlannedPage]]) -> None:
    """In a render worker: render a chunk of pages (_render_chunk_into)."""
    _render_chunk_into(_worker["renderer"], _worker["handle"], _worker["results"], numbered)


def _render_chunk_into(renderer: PageRenderer, handle, results, numbered: tuple[int, list[PlannedPage]]) -> None:
    """Render a chunk of pages and append what they left behind to the process's results file
    (render_pages_recorded says why they are not returned)."""
    number, pages = numbered
    pickle.dump((number, [handle(renderer, page) for page in pages]), results, protocol=pickle.HIGHEST_PROTOCOL)
    results.flush()  # whole before the chunk counts as done


def _render(worker: PageRenderer, page: PlannedPage) -> Rendered:
    return worker.render_recorded(page)


def render_pages_recorded(pages: list[PlannedPage], setup: RenderSetup, out_dir: Path,
                          jobs: int | None = None, handle=_render, observe=None) -> Iterable:
    """Render every page into out_dir; return what each left behind (for the build cache), in
    the order of `pages`: a list, or from a pool of workers an iterator to be read once.

    `handle(renderer, page)` is what a worker does with each page and returns (default: render
    it). The build cache passes its own, which first tries to place the page unchanged
    (generator/render/cache.py): that work is then spread over the workers too. `observe`: see
    PageRenderer.

    This process renders too, beside `jobs` − 1 workers: it would otherwise wait, idle, while
    a worker of its own (about 55 MB, and half a second of CPU to start) did its share. The
    workers are new processes, not forks of this one: a fork would start as big as the planning
    process (every record and the plan: about 1 GB at 10⁵ entries) and the summed memory of the
    build would count that once per worker. Each worker is given what every page shares once
    (`setup`, `handle`, `observe`, the plan's SharedTables) and then its pages, 64 at a time,
    pickled as they are sent: it holds its own chunks and nothing else. What the pages leave
    behind (about 700 bytes a page: 90 MB at 10⁵ entries) each process writes to a file of its
    own, read a chunk at a time once the workers have exited: returned as they came, the
    results grew this process while the workers were alive, at the build's peak of memory, and
    the caller keeps only part of them (docs/design.md#scale)."""
    if jobs is None:  # automatic: a pool only where it pays; an explicit --jobs N is obeyed
        jobs = 1 if len(pages) < SERIAL_BELOW else (os.cpu_count() or 1)
    if jobs <= 1:
        worker = PageRenderer(setup, out_dir, observe)
        with young_objects_collected():
            return [handle(worker, page) for page in pages]
    chunks = -(-len(pages) // CHUNK)
    results_dir = results_folder(out_dir)
    try:
        _render_beside_workers(pages, chunks, jobs - 1, (setup, out_dir, handle, observe, worker_copies(), results_dir))
    except BaseException:
        shutil.rmtree(results_dir, ignore_errors=True)
        raise
    results = _results_in_order(results_dir, chunks)
    weakref.finalize(results, shutil.rmtree, results_dir, True)  # also when it is not read to the end
    return results


QUEUED = 3  # chunks sent ahead to each worker: enough that it never waits while this process renders one


def _render_beside_workers(pages: list[PlannedPage], chunks: int, workers: int, start: tuple) -> None:
    """Render the pages in `chunks` chunks, in order, shared between this process and `workers`
    new ones (render_pages_recorded): before each chunk of its own, this process tops each worker
    up to QUEUED chunks. Every process takes its chunks in increasing order, so each results file
    is in order (_results_in_order). A worker's exception is raised here."""
    setup, out_dir, handle, observe, _, results_dir = start
    numbered = ((n, pages[n * CHUNK:(n + 1) * CHUNK]) for n in range(chunks))
    renderer = PageRenderer(setup, out_dir, observe)
    sent: set = set()
    with (ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                              initializer=_start_worker, initargs=start) as pool,
          _results_file(results_dir) as results, young_objects_collected()):
        try:
            for chunk in numbered:
                for done in [future for future in sent if future.done()]:
                    sent.discard(done)
                    done.result()
                while len(sent) < workers * QUEUED:
                    sent.add(pool.submit(_render_chunk, chunk))
                    chunk = next(numbered, None)
                    if chunk is None:
                        break
                if chunk is not None:
                    _render_chunk_into(renderer, handle, results, chunk)
            for future in sent:
                future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # the chunks queued for nothing are not rendered
            raise


@contextmanager
def young_objects_collected():
    """The cyclic collector on for what is made from now on, and only that. The build pauses it
    while it loads and plans (load/site.py cyclic_gc_paused): 10⁵ records and planned pages
    without cycles, which each full collection would scan again. Rendering here in the build's
    process makes cycles (Jinja's contexts) that, uncollected, would grow it a page at a time:
    the objects that exist are frozen, out of the collector's sight, while it runs."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
        gc.unfreeze()


def results_folder(out_dir: Path) -> str:
    """A new folder for the workers' results, beside the folder the pages go to (not in the
    system's temporary folder, which may be memory: a tmpfs) and named after it, so that
    output/build.py clean_leftovers removes it after a build that was killed."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix=f"{out_dir.name}.render-", dir=out_dir.parent)


def _results_in_order(results_dir: str, chunks: int) -> Iterator:
    """Every worker's results (_render_chunk), in the order of the chunks, read a chunk at a time;
    the folder is deleted once they are read. A worker takes the chunks in the order they were
    sent, so each file is in order and merging the files puts every chunk in its place; a chunk
    missing or out of place fails the build rather than leave pages out of the cache or the index."""
    files = [open(os.path.join(results_dir, name), "rb") for name in sorted(os.listdir(results_dir))]  # noqa: SIM115
    try:
        expected = 0
        for number, chunk in heapq.merge(*map(_chunks_of, files), key=lambda numbered: numbered[0]):
            if number != expected:
                raise RuntimeError(f"render results: chunk {number} where chunk {expected} was expected ({results_dir})")
            expected += 1
            yield from chunk
        if expected != chunks:
            raise RuntimeError(f"render results: {expected} chunks of {chunks} ({results_dir})")
    finally:
        for file in files:
            file.close()
        shutil.rmtree(results_dir, ignore_errors=True)


def _chunks_of(results) -> Iterator[tuple[int, list]]:
    while True:
        try:
            yield pickle.load(results)
        except EOFError:
            return


def write_files(files: list[PlannedFile], out_dir: Path) -> None:
    for planned in files:
        data = planned.produce()
        if isinstance(data, bytes):
            write_bytes(out_dir / planned.path, data)
        else:
            write_pieces(out_dir / planned.path, data)


def write_pieces(path: Path, pieces) -> None:
    """Write a file given as pieces of bytes (a large export made a record at a time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for piece in pieces:
            out.write(piece)


def copy_content_files(content_files: set[str], root: Path, out_dir: Path, guard: FileGuard) -> None:
    """Copy the files that published bodies link to (images, documents) into the site. Asked
    again here: a page taken from the build cache brings the list of files it linked then."""
    for rel in sorted(content_files):
        if not guard.publishable(rel):
            continue
        target = out_dir / output_path_of_content(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, target)
