"""The build cache: render a page only when what it shows has changed.

A build plans every page (cheap: plain data), then asks this cache which pages it already
holds. A page is reused when all of these are the same as when it was last rendered:

- the build key: the generator's own code and the libraries that shape its output, the
  theme (templates and assets, the site's own overrides included), site_config.yml and the
  templates' `site` globals (navigation, asset names, build date);
- the page's fingerprint: a hash of its URL, template, title, section and whole context.
  The context is all a template can see besides the globals, so it *is* the page's input:
  an entry page's context holds its record and body, a listing's holds the rows it lists
  and its pager, the home page's holds the latest entries and facet counts. An edit thus
  re-renders exactly the pages that show the edited data, without a hand-kept list of
  dependencies that could fall out of step with the templates;
- the links its Markdown bodies resolved (another content file → its page URL, or whether
  a linked file exists), recorded while rendering: a body that links to an entry must be
  redone when that entry moves or is withheld, though its own text did not change.

Rendered pages are kept in `.gongkai-cache/pages/objects/`, named by the hash of their
bytes, and hard-linked into the build's fresh folder (copied where the file system cannot
link); `manifest.pickle` maps each URL to its fingerprint, output hash, recorded links and,
for a page that shows a body, where its planned page is kept (pickle rather than JSON: at 10⁵
pages it is read and written in a fraction of the time, which a one-page rebuild feels).
The planned pages are appended to packs in `packs/`, one a process and build (a `PlanAt`
names the pack and the bytes): written as a file each, a planned page cost about 0.1 ms of
system calls, 10 s of CPU for a 10⁵-entry build (benchmarks/README.md, "thirteenth round").
The cache only ever saves work: a missing or damaged cache is a cold build, never an error.
The folder can be kept between CI runs (actions/cache); nothing in it depends on the
machine or the absolute paths of the checkout.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import pickle
import re
import secrets
import shutil
import tempfile
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..load.file_guard import FileGuard
from ..load.keys import generator_key
from ..model.content import EntryRecord
from ..plan import theme
from ..plan.types import Body, ListingRow, PlannedPage
from .pages import PageRenderer, Rendered, RenderSetup, output_file
from .placing import Folders, link_or_copy

PAGES_DIR = "pages"
PACKS_DIR = "packs"  # packs of pickled planned pages (PlanPack)
# Where builds before the packs kept a planned page a file each: removed by a full build. The
# packs have a folder of their own so that such a build, restored from a newer cache (a pull
# request's CI restores main's), never meets a pack where it expects a folder.
OLD_PLANS_DIR = "plans"
PACK_SUFFIX = ".pack"
MANIFEST = "manifest.pickle"
# Bumped when the manifest's layout changes (an old manifest is then ignored, not misread).
# 4: a header, then the pages in chunks, each chunk a pickle of its own (ManifestWriter).
# 5: a page's fingerprint and hash as their 32 bytes (CachedPage).
MANIFEST_FORMAT = 5
# Pages a pickle of the manifest holds. A pickler remembers every object it has written, to
# refer back to it: one pickle of all 10⁵ pages held about 70 MB of that memo at once, the
# build's peak (benchmarks/README.md, "sixteenth round"); a chunk's memo is a few hundred KB.
MANIFEST_CHUNK = 2000

# Where a planned page is kept: (pack file name in packs/, offset, length), a plain tuple since
# the manifest and the build state hold one for each of 10⁵ pages.
PlanAt = tuple[str, int, int]


# --- keys and fingerprints -----------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def theme_key(site_root: Path) -> str:
    """Templates and assets, the site's own overrides first (their order decides which wins)."""
    digest = hashlib.sha256()
    for folder in theme.theme_dirs(site_root):
        digest.update(b"dir\0")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_inputs_digest(root: Path, agencies_file: str):
    """A sha256 begun with what a site's every page depends on besides its content: the generator,
    the theme, site_config.yml and the agency list (the rebuild's key and the shards' content key
    go on from it)."""
    digest = hashlib.sha256(f"{generator_key()}\0{theme_key(root)}\0".encode())
    for rel in dict.fromkeys(("site_config.yml", agencies_file)):
        path = root / rel
        digest.update(rel.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest


def build_key(site, setup: RenderSetup) -> str:
    config_file = site.root / "site_config.yml"
    parts = [f"format={MANIFEST_FORMAT}", generator_key(), theme_key(site.root),
             _sha(config_file.read_bytes()) if config_file.is_file() else "",
             setup.lang, setup.base_url, setup.theme_name, fingerprint(setup.globals) or ""]
    return _sha("\0".join(parts).encode())


def _encoder(root: Path | None):
    def encode(value: Any) -> Any:
        """JSON for what the standard encoder does not know. Anything else is refused (TypeError),
        which makes the page uncacheable: it is then rendered every time, never shown stale."""
        if isinstance(value, Body):
            return _body_key(value, root)
        return _encode(value)
    return encode


def _body_key(body: Body, root: Path | None) -> dict:
    """A body read from its file at render time is known by the hash of that file's bytes: those
    the loader checked (Body.digest; the render refuses other bytes), else the file's now."""
    if body.text is not None:
        return {"__body__": body.text, "source": body.source}
    if body.digest is not None:
        sha = body.digest.hex()
    elif root is None:
        raise TypeError("a body in a file needs the site root to be fingerprinted")
    else:
        sha = hashlib.sha256((root / body.source).read_bytes()).hexdigest()
    return {"__file__": sha, "source": body.source, "line": body.line}


def _encode(value: Any) -> Any:
    # The most frequent first: the dates and listing rows of every listing, the record of every entry page.
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{type(value).__name__}:{value.isoformat()}"
    # As the dict it replaces; its exact type asked first: isinstance() of a Mapping (an ABC) is slow.
    if type(value) is ListingRow or isinstance(value, ListingRow):
        return value.as_dict()
    if type(value) is EntryRecord:  # as the Entry it was made of (its tuples are JSON lists, as lists are)
        return {"__model__": "Entry", **value.fields()}
    if isinstance(value, BaseModel):  # the record's fields; the loader's private source is not shown
        return {"__model__": type(value).__name__, **value.__dict__}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__dataclass__": type(value).__name__,
                **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"not fingerprinted: {type(value).__name__}")


def fingerprint(value: Any, root: Path | None = None) -> str | None:
    """A hash of a value as templates see it, or None when it holds something we cannot hash.
    `root`: the site root, to hash the files that bodies are read from."""
    try:
        text = json.dumps(value, default=_encoder(root), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, OSError):
        return None
    return _sha(text.encode("utf-8"))


def page_fingerprint(page: PlannedPage, root: Path | None = None) -> str | None:
    page = page.materialized()
    return fingerprint([page.url, page.template, page.title, page.section, page.context], root)


# --- the cache -----------------------------------------------------------------------------

@dataclass(slots=True)  # 10⁵ of them: no __dict__ each
class CachedPage:
    # The two sha256 digests as bytes, not hex: the build holds a CachedPage for each of its
    # pages from the render's end to its own, and the two hex strings were 96 bytes a page more
    # (12 MB at 10⁵ entries, at the build's largest moment; docs/design.md#scale).
    fingerprint: bytes
    sha: bytes  # hash of the HTML file; its hex is its name in objects/
    linked: tuple[str, ...]  # content files its bodies link to (copied into the site by the build)
    lookups: dict  # {"p": {content file: page URL or None}, "f": {content file: exists}}
    plan: PlanAt | None = None  # where its planned page is kept, when it shows a file's body


def _write_header(out, key: str, count: int) -> None:
    pickle.dump({"format": MANIFEST_FORMAT, "key": key, "pages": count}, out, protocol=pickle.HIGHEST_PROTOCOL)


def _row(url: str, page: CachedPage) -> tuple:
    return url, page.fingerprint, page.sha, page.linked, page.lookups, page.plan


class ManifestWriter:
    """A build's manifest, written as the render's results are read (PageCache.learn) rather than
    held: what it keeps of a page (about 420 bytes with its URL and where its plan is) was the
    largest part of what the build's process added after the render, the build's largest moment
    (docs/design.md#scale). The pages go a chunk at a time into a temporary file without a name
    (gone with the process, however it ends); once all are in, the manifest is that file under
    its header (the number of pages is known only then). Besides, it keeps what deleting the
    files no page refers to needs: the first 8 bytes of each page's hash, in an array, and the
    names of the packs its plans are in."""

    def __init__(self, folder: Path, key: str):
        self.folder, self.key = folder, key
        folder.mkdir(parents=True, exist_ok=True)
        self.chunks = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by finish or discard)
        self.rows: list[tuple] = []
        self.count = 0
        self.objects = array.array("Q")  # hash prefixes of the pages written (LiveObjects)
        self.packs: set[str] = set()

    def add(self, url: str, page: CachedPage) -> None:
        self.rows.append(_row(url, page))
        self.objects.append(int.from_bytes(page.sha[:8], "big"))
        if page.plan:
            self.packs.add(page.plan[0])
        if len(self.rows) >= MANIFEST_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            pickle.dump(self.rows, self.chunks, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(self.rows)
            self.rows = []

    def finish(self) -> None:
        """The manifest in place: the header, then the chunks as written."""
        try:
            self._flush()
            self.chunks.seek(0)
            temporary = self.folder / f".{MANIFEST}.{os.getpid()}"
            with open(temporary, "wb") as out:
                _write_header(out, self.key, self.count)
                shutil.copyfileobj(self.chunks, out)
            temporary.replace(self.folder / MANIFEST)
        finally:
            self.discard()

    def discard(self) -> None:
        self.chunks.close()


class LiveObjects:
    """The names of objects/ that a manifest's pages refer to, told by the first 8 bytes of their
    hash (a sorted array: 8 bytes a page). A file whose name shares them with a page's is kept:
    deleting only files no page names is what matters, and another page of the same first 8
    bytes is one chance in 2⁶⁴ a pair."""

    def __init__(self, prefixes: array.array):
        self.prefixes = array.array("Q", sorted(prefixes))

    def __contains__(self, name: str) -> bool:
        if not _HEX_NAME.fullmatch(name):
            return False
        prefix = int(name[:16], 16)
        at = bisect.bisect_left(self.prefixes, prefix)
        return at < len(self.prefixes) and self.prefixes[at] == prefix


_HEX_NAME = re.compile("[0-9a-f]{64}")  # an object's name: its sha256 in hex


def _read_manifest(manifest, key: str) -> dict[str, CachedPage]:
    """The pages a manifest written by ManifestWriter holds; none when it is another format's or
    another key's. A manifest cut short or with more in it than its header says raises."""
    header = pickle.load(manifest)
    if header.get("format") != MANIFEST_FORMAT or header.get("key") != key:
        return {}
    pages = {}
    while len(pages) < header["pages"]:
        for url, *row in pickle.load(manifest):
            pages[url] = CachedPage(*row)
    if len(pages) != header["pages"] or manifest.read(1):
        raise ValueError("the manifest holds other pages than its header says")
    return pages


@dataclass(slots=True)
class Placed:
    """What a render worker did with one page (PageCache.place_or_render)."""

    url: str
    fingerprint: str | None  # None: the page cannot be cached (page_fingerprint)
    sha: str  # of the HTML in place
    linked: tuple[str, ...]  # content files its bodies link to
    lookups: dict  # links its bodies resolved (Rendered.lookups)
    bodies: list[str]  # content files whose body it shows
    reused: bool  # taken unchanged from the cache
    noted: Any = None  # the renderer's observation of its bytes (PageRenderer.observe)
    plan: PlanAt | None = None  # where its planned page is kept (PageCache.keep_plan)


@dataclass
class PageCache:
    folder: Path  # .gongkai-cache/pages
    key: str
    pages: dict[str, CachedPage] = field(default_factory=dict)
    reused: int = 0
    rendered: int = 0
    _guards: dict = field(default_factory=dict, repr=False)  # id(RenderSetup) → load.file_guard.FileGuard
    _folders: dict = field(default_factory=dict, repr=False)  # output folder or objects/ → Folders (per process)
    _pack: PlanPack | None = field(default=None, repr=False)  # this process's pack (keep_plan)

    @classmethod
    def open(cls, cache_root: Path, key: str) -> PageCache:
        folder = Path(cache_root) / PAGES_DIR
        cache = cls(folder, key)
        try:
            with open(folder / MANIFEST, "rb") as manifest:
                cache.pages = _read_manifest(manifest, key)
        except Exception:
            pass  # no cache yet, or a damaged one: a cold build
        return cache

    def still_valid(self, cached: CachedPage, setup: RenderSetup) -> bool:
        """The links a body resolved last time resolve the same way now."""
        for rel, url in cached.lookups.get("p", {}).items():
            if setup.page_for_source.get(rel) != url:
                return False
        files = cached.lookups.get("f", {})
        if not files:
            return True
        guard = self._guards.get(id(setup))
        if guard is None:  # the renderer's own test (generator/load/file_guard.py), once per build
            guard = self._guards[id(setup)] = FileGuard(setup.root, setup.max_file_bytes,
                                                         withheld=setup.withheld_files)
        return all(guard.publishable(rel) == exists for rel, exists in files.items())

    def place_or_render(self, renderer: PageRenderer, page: PlannedPage) -> Placed:
        """Put the page into the renderer's folder from the cache when it holds it unchanged, else
        render it there and keep it (the object, and the planned page when it shows a body).
        Runs in the render workers (render_pages_recorded's `handle`); `learn` takes the results."""
        setup, work = renderer.setup, renderer.out_dir
        page = page.materialized()
        fp = page_fingerprint(page, setup.root)
        bodies = file_bodies(page)
        cached = self.pages.get(page.url)
        sha = cached.sha.hex() if cached else ""
        stored = f"{self.folder}/objects/{sha[:2]}/{sha}"
        if (fp is not None and cached is not None and cached.fingerprint.hex() == fp
                and self.still_valid(cached, setup)
                and _link_or_copy(stored, self._folders_in(work).file(output_file(page.url)))):
            noted = renderer.observe(output_file(page.url), Path(stored).read_bytes()) if renderer.observe else None
            return Placed(page.url, fp, sha, cached.linked, cached.lookups, bodies, True, noted, cached.plan)
        item = renderer.render_recorded(page)
        plan = None
        if fp is not None:
            self.store_object(item, work)
            if bodies:
                plan = self.keep_plan(page)
        # A tuple: most pages link no file, and every one of them then shares the empty tuple, where an
        # empty list each was 56 bytes a page in the manifest the build holds (docs/design.md#scale)
        return Placed(page.url, fp, item.sha, tuple(sorted(item.linked)), item.lookups, bodies, False, item.noted, plan)

    def _folders_in(self, work: Path) -> Folders:
        folders = self._folders.get(str(work))
        if folders is None:
            folders = self._folders[str(work)] = Folders(str(work))
        return folders

    def learn(self, placed: Iterable[Placed]) -> None:
        """What the workers placed and rendered (place_or_render) for every page of this build:
        written as this build's manifest as it passes (ManifestWriter), never held; the pages of
        the last build's manifest are let go. The files no page of it refers to are deleted."""
        self._write_manifest(self._learnt(placed))

    def _learnt(self, placed: Iterable[Placed]) -> Iterator[tuple[str, CachedPage]]:
        for item in placed:
            if item.reused:
                self.reused += 1
                yield item.url, self.pages[item.url]
                continue
            self.rendered += 1
            if item.fingerprint is not None:
                yield item.url, CachedPage(bytes.fromhex(item.fingerprint), bytes.fromhex(item.sha),
                                           item.linked, item.lookups, item.plan)
        self.pages = {}  # the last build's, let go before the manifest is put in place

    def _write_manifest(self, rows: Iterable[tuple[str, CachedPage]], collect: bool = True) -> None:
        """The manifest of these pages, in place (ManifestWriter); then (`collect`) the objects and
        packs no page of it refers to are deleted."""
        writer = ManifestWriter(self.folder, self.key)
        try:
            for url, page in rows:
                writer.add(url, page)
            writer.finish()
        except BaseException:
            writer.discard()
            raise
        if collect:
            self.collect_garbage("objects", LiveObjects(writer.objects))
            self.collect_packs(writer.packs)

    def remember(self, rendered: list[Rendered], fingerprints: dict, work: Path, plans: dict[str, PlanAt]) -> None:
        """Keep freshly rendered pages for the next build (`plans`: keep_plans)."""
        for item in rendered:
            self.rendered += 1
            fp = fingerprints.get(item.url)
            if fp is None:
                self.pages.pop(item.url, None)
                continue
            self.store_object(item, work)
            self.pages[item.url] = CachedPage(bytes.fromhex(fp), bytes.fromhex(item.sha), tuple(sorted(item.linked)),
                                              item.lookups, plans.get(item.url))

    def store_object(self, item: Rendered, work: Path) -> None:
        """The page's bytes, kept by their hash (linked from the output, never copied twice). One
        link a page: an object there already is the same bytes (FileExistsError), and each of
        the 256 folders is made once a process (a stat and a mkdir a page cost more than the link)."""
        objects = self._folders_in(self.folder / "objects")
        _link_or_copy(f"{work}/{output_file(item.url)}", objects.file(f"{item.sha[:2]}/{item.sha}"))

    # --- planned pages kept for rebuilds that do not plan (generator/output/incremental.py) -----------
    def keep_plans(self, pages: list[PlannedPage], fingerprints: dict) -> dict[str, PlanAt]:
        """Keep the planned page of every page that shows a file's body: when only that body
        changes, its page is rendered again from this without planning the site. URL → where."""
        kept = {}
        for page in pages:
            if fingerprints.get(page.url) is not None and file_bodies(page):
                at = self.keep_plan(page)
                if at is not None:
                    kept[page.url] = at
        return kept

    def keep_plan(self, page: PlannedPage) -> PlanAt | None:
        """Append the planned page to this process's pack; None when it cannot be kept (such a
        page is then planned again, by a full build, when its body changes)."""
        try:
            data = pickle.dumps(page.materialized(), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in its context cannot be kept
            return None
        if self._pack is None or self._pack.pid != os.getpid():  # a copy sent to a worker opens its own
            self._pack = PlanPack.open(self.folder / PACKS_DIR)
        return self._pack.add(data)

    def close_pack(self) -> None:
        if self._pack is not None:
            self._pack.close()
            self._pack = None

    def planned(self, at: PlanAt | None) -> PlannedPage | None:
        """The planned page kept there (keep_plan), or None."""
        try:
            name, offset, length = at
            if os.path.basename(name) != name or not name.endswith(PACK_SUFFIX):
                return None
            with open(self.folder / PACKS_DIR / name, "rb") as pack:
                pack.seek(offset)
                data = pack.read(length)
            return pickle.loads(data) if len(data) == length else None
        except Exception:  # none kept, pruned or damaged: the caller builds the whole site instead
            return None

    def save(self, urls: set[str], collect: bool = True) -> None:
        """Write the manifest for the pages held (those not in `urls` are forgotten) and delete the
        objects no page refers to any more (`collect`: a rebuild of a few pages, generator/output/incremental.py,
        leaves that to the next full build rather than list 10⁵ files). A full build's is
        written by `learn`."""
        for url in [url for url in self.pages if url not in urls]:
            del self.pages[url]  # in place: a second dict of 10⁵ pages would only add to the peak
        self._write_manifest(((url, self.pages[url]) for url in sorted(self.pages)), collect)

    def collect_garbage(self, kind: str, kept: Container[str]) -> None:
        folder = self.folder / kind
        if not folder.is_dir():
            return
        for bucket in folder.iterdir():
            for path in bucket.iterdir():
                if path.name not in kept:
                    path.unlink(missing_ok=True)

    def collect_packs(self, kept: set[str]) -> None:
        """Delete the packs no page refers to any more, and the planned pages kept a file each
        by builds before the packs (OLD_PLANS_DIR)."""
        shutil.rmtree(self.folder / OLD_PLANS_DIR, ignore_errors=True)
        folder = self.folder / PACKS_DIR
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)


class PlanPack:
    """A file of planned pages appended by one process during one build, one write a page.
    Its name is new to each (process id and a random part), so processes never share one, and
    a place in it is handed out only once its bytes are written: whatever refers to a pack
    reads whole pages, or finds the pack gone (a full build). A full build deletes the packs
    its manifest does not refer to."""

    def __init__(self, name: str, handle: int | None):
        self.name, self.handle = name, handle
        self.pid = os.getpid()
        self.size = 0

    @classmethod
    def open(cls, folder: Path) -> PlanPack:
        name = f"{os.getpid()}-{secrets.token_hex(4)}{PACK_SUFFIX}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
            handle = os.open(folder / name, flags, 0o644)
        except OSError:  # a folder that cannot be written: no planned page is kept, a body edit is a full build
            handle = None
        return cls(name, handle)

    def add(self, data: bytes) -> PlanAt | None:
        if self.handle is None:
            return None
        at = (self.name, self.size, len(data))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.handle, view):]
        except OSError:  # a full disk: the pack is given up, what it holds so far stays readable
            self.close()
            return None
        self.size += len(data)
        return at

    def close(self) -> None:
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None


def file_bodies(page: PlannedPage) -> list[str]:
    """The content files whose body the page shows (read from the file at render time)."""
    return [v.source for v in page.context.values() if isinstance(v, Body) and v.text is None]


def _link_or_copy(source, target) -> bool:
    """Hard-link (no bytes copied; the build writes every file once, so a linked file is never
    written through), or copy where the cache and the output are on different file systems.
    False when the source is missing (a cache pruned by hand): the page is then rendered.
    A published file shares its bytes with the cache: a deploy step must replace files in the
    output, never edit them in place (or run `rm -rf .gongkai-cache` after doing so).
    The target's folder exists."""
    try:
        link_or_copy(source, target)
        return True
    except FileExistsError:  # an object another build stored first: same name, same bytes
        return True
    except OSError:
        return False


def clear(cache_root: Path) -> None:
    shutil.rmtree(Path(cache_root) / PAGES_DIR, ignore_errors=True)
