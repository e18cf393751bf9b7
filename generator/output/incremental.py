"""Rebuilds that need not load the whole site: nothing changed, or only bodies changed.

A full build (generator/output/build.py) loads, checks and plans every file, which at 10⁵ entries
takes minutes however little changed. Yet most rebuilds are one of two kinds:

- **nothing changed** (a CI run on a commit that touched no content, a second `gongkai
  build`): the site is the last one. If the output folder is the one the last build made,
  nothing is done; otherwise (a fresh CI runner with the cache restored) it is linked
  from the snapshot of the last output kept in `.gongkai-cache/site/`.
- **only bodies changed** (an editor corrects a paragraph): every listing, feed, count
  and link is decided by front matter alone (plan.py reads no body), so only the pages
  that show those bodies change, and the search shards that index them. The pages are
  rendered again from their planned form, kept by the build cache
  (`PageCache.keep_plans`), and the personal-data scan — the one check that reads bodies —
  runs on the new bodies; every other finding is the last build's.

Anything else — a file added, removed or renamed, front matter edited, an attachment or
report changed, another generator, theme, configuration, `--as-of` day or
SOURCE_DATE_EPOCH — is a full build, which then records the state this module reads
(`Recorder`). The result is the same site a full build would make (tests/scale compare them
file by file).

The HTML is put in place first (each file renamed over the old one: a reader gets the old
page or the new one), then the search shards that hold those pages are indexed again and
swapped in. Nothing is written before the checks pass and every page has rendered, so a
content or template error leaves the site as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from .. import STARTED
from ..load import inputs
from ..load.document import body_of
from ..load.file_guard import SITE_MARKER
from ..load.keys import CACHE_DIR
from ..model.findings import EXIT_ERRORS, EXIT_OK, Finding, Findings, announce_findings
from ..model.pickled_rows import PickledRows
from ..model.source import SourceFile
from ..plan.types import Body
from ..render.cache import PageCache, page_fingerprint, site_inputs_digest
from ..render.pages import PageRenderer, RenderSetup, output_file
from ..render.placing import link_tree, replace_file, replace_folder, swap_into_place, sync_tree
from ..text.console import console

STATE_FILE = "state.pickle"
SNAPSHOT_DIR = "site"  # the last output, hard-linked
# Libraries whose version changes findings or the search index (output libraries are in generator_key).
CHECK_LIBRARIES = ("chinesecalendar", "pagefind_bin_extended", "pyyaml")
# Only these findings depend on a file's body (checks/personal_data.py scans the whole text).
BODY_FINDING_PREFIX = "PII"
BODY_FOLDERS = ("content/catalog/", "content/interpretations/", "content/pages/")
# Settings from the environment that change the output: the build date, and how search is sharded.
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "GONGKAI_SEARCH_SINGLE_MAX", "GONGKAI_SEARCH_SHARD_MAX", "GONGKAI_SEARCH_BATCH_PAGES")


@dataclass
class State:
    """What the last successful full or fast build knew, for the next one."""

    key: str
    # inputs.Input as plain tuples (size, mtime_ns, sha, front); a cold build saves its scan's
    # rows as it holds them (model/pickled_rows.py), read back as this table
    inputs: dict[str, tuple] | PickledRows
    findings: list[Finding]
    lang: str
    withheld: int
    # content file → (URL, linked files, where its planned page is kept: render/cache.py PlanAt)
    # of each page showing its body; a full build saves it as it holds it, a row a page
    # (output/build.py Kept), read back as this table
    body_pages: dict[str, list[tuple]] | PickledRows
    setup: RenderSetup
    page_key: str  # the build cache's key (PageCache)
    allowed: object  # checks.personal_data.Allowed of the last full build
    declared: set[str]  # files whose entry declares personal data published by law
    search: bool  # the output has a search index
    output: tuple[str, int, int] | None = None  # out_dir, st_dev, st_ino: the folder it built


# --- the key: everything besides content files that decides the site and the findings ----------

def run_key(root: Path, args, search: bool | None = None) -> str | None:
    """`search`: whether the build indexes (default: as args and the configuration say)."""
    from ..load.site import load_config
    from ..model.config import ConfigError

    try:
        config = load_config(root, Findings())
    except ConfigError:
        return None
    digest = site_inputs_digest(root, config.agencies_file)
    for name in CHECK_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    as_of = args.as_of or dt.date.today()
    if search is None:
        search = not getattr(args, "no_search", False) and config.features.search
    digest.update(f"{as_of}\0{search}".encode())
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def state_path(root: Path) -> Path:
    return root / CACHE_DIR / STATE_FILE


def load_state(root: Path) -> State | None:
    try:
        with open(state_path(root), "rb") as saved:
            state = pickle.load(saved)
            if not isinstance(state, State):
                return None  # of another generator: its key will differ
            state.inputs, state.body_pages = _load_in_parts(saved), _load_in_parts(saved, lists=True)
    except Exception:  # none yet, damaged, or from another version: a full build
        return None
    return state


def save_state(root: Path, state: State) -> None:
    """Pickled straight into its file, its two large tables (a row for every content file and
    for every page that shows a body) in parts: one pickle of them kept a memo of every object
    in them, about 60 MB at 10⁵ entries at the end of the build, its largest moment of memory
    (docs/design.md#scale)."""
    path = state_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{STATE_FILE}.{os.getpid()}")
        try:
            with open(temporary, "wb") as out:
                pickle.dump(replace(state, inputs={}, body_pages={}), out, protocol=pickle.HIGHEST_PROTOCOL)
                _dump_in_parts(state.inputs, out)
                _dump_in_parts(state.body_pages, out)
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only cache costs the next build time, never its result


def _dump_in_parts(table: dict | PickledRows, out) -> None:
    """The table's rows in parts, each a pickle with a memo of its own (model/pickled_rows.py: the
    parts a full build already holds them in, or made here from a fast build's dict), then None.
    An inputs.Input is saved as the plain tuple it is read back as."""
    if not isinstance(table, PickledRows):
        rows = PickledRows()
        for key, value in table.items():
            rows.add(key, tuple(value) if isinstance(value, inputs.Input) else value)
        table = rows
    for part in table.finished().parts:
        out.write(part)
    pickle.dump(None, out)


def _load_in_parts(saved, lists: bool = False) -> dict:
    """A table _dump_in_parts wrote. `lists`: its values are lists, and the rows of one key,
    which may be apart (a full build saves a row a page showing a body), are joined."""
    table: dict = {}
    while (part := pickle.load(saved)) is not None:
        if not lists:
            table.update(part)
            continue
        for key, values in part:  # lists of its own, just read
            if key in table:
                table[key].extend(values)
            else:
                table[key] = values
    return table


def forget_state(root: Path) -> None:
    state_path(root).unlink(missing_ok=True)


def folder_identity(folder: Path) -> tuple[str, int, int, int] | None:
    """The output folder as the last build left it: its path, and the folder and its marker file
    as files (device, inodes). The marker counts because a file system reuses a deleted folder's
    inode for the next one: `rm -rf site && mkdir site` would otherwise pass for the same site."""
    try:
        st = os.stat(folder)
        marker = os.stat(folder / SITE_MARKER)
    except OSError:
        return None
    return str(folder), st.st_dev, st.st_ino, marker.st_ino


# --- after a full build ------------------------------------------------------------------------

class Recorder:
    """What a full build keeps for the next one: the scan of content/ (its files hashed), a
    hard-linked snapshot of the output, and the state. Most of it is done while the build's
    search index runs (`early`, given the new site with every file but the index), in time a
    core would otherwise be idle: at 10⁵ entries, hashing 10⁵ files (2 s of one core) and
    linking 130,000 folders and 144,000 pages into the snapshot (8 s). `record`, after the
    swap, links the index and saves the state. A build without search calls `early` just
    before its swap."""

    def __init__(self, root: Path, before: Before):
        self.root, self.before = root, before
        self.snapshot = root / CACHE_DIR / SNAPSHOT_DIR
        self.pages_linked: bool | None = None  # None until `early` has run

    def early(self, folder: Path) -> None:
        from ..search.index import BUNDLE_DIR

        if self.before.key is None:
            return  # nothing will be recorded
        self.before.scan.hash_pending()
        forget_state(self.root)  # the snapshot is about to change
        try:
            sync_tree(folder, self.snapshot, part=lambda name: name != BUNDLE_DIR)
            self.pages_linked = True
        except OSError:
            self.pages_linked = False

    def record(self, site, findings: Findings, result) -> None:
        """Called after the build has swapped its site into place."""
        from ..checks.personal_data import Allowed
        from ..search.index import BUNDLE_DIR

        before, root = self.before, self.root
        if before.key is None or result.setup is None or not result.page_key:
            return
        if self.pages_linked is None:  # a build that did not call `early`
            self.early(result.out_dir)
        if not self.pages_linked:
            return
        try:
            sync_tree(result.out_dir, self.snapshot, part=lambda name: name == BUNDLE_DIR)
        except OSError:
            return
        state = State(key=before.key, inputs=before.scan.saved(), findings=list(findings.items), lang=findings.lang,
                      withheld=site.withheld_count(), body_pages=result.body_pages, setup=result.setup,
                      page_key=result.page_key, allowed=Allowed.of(site),
                      declared={e.source.rel for e in site.entries if e.personal_data is not None},
                      search=result.indexed, output=folder_identity(result.out_dir))
        save_state(root, state)


# --- the fast path -----------------------------------------------------------------------------

@dataclass
class BodyEdit:
    rel: str
    text: str  # the new file, decoded, its line ends made \n
    body_line: int
    digest: bytes  # the sha256 of the bytes read: the page is rendered and fingerprinted from these, not read again


@dataclass
class Plan:
    """What a fast rebuild will do, decided before anything is written."""

    state: State
    scan: inputs.Scan
    edits: list[BodyEdit] = field(default_factory=list)


@dataclass
class Before:
    """Taken before a build loads anything: the scan of content/ and the key of this run. A full
    build records them (a file or the generator edited while it runs then counts as changed)."""

    scan: inputs.Scan
    key: str | None


def try_fast_build(args, out_dir: Path, started: float | None = None) -> tuple[int | None, Before]:
    """(exit code, Before): the code when this rebuild was done here, None when it needs a full build."""
    root = Path(args.root).resolve()
    key = run_key(root, args)
    state = load_state(root)
    if state is None:
        return None, Before(inputs.scan_content(root, defer=True), key)
    before = Before(inputs.scan_content(root, state.inputs), key)
    if key is None or key != state.key:
        return None, before
    plan = decide(root, state, before.scan)
    if plan is None:
        return None, before
    return FastBuild(root, args, out_dir, plan, started or STARTED).run(), before


def try_fast_check(args) -> int | None:
    """`gongkai check` after a build, when nothing or only bodies changed: the build's findings,
    with the personal-data scan of the edited bodies (all a body can change). None: check the
    whole site. Nothing is written."""
    root = Path(args.root).resolve()
    state = load_state(root)
    if state is None or run_key(root, args, search=state.search) != state.key:
        return None
    plan = decide(root, state, inputs.scan_content(root, state.inputs))
    if plan is None:
        return None
    findings = findings_after(plan, args.as_of or dt.date.today())
    return EXIT_ERRORS if announce_findings(findings, state.withheld, args) else EXIT_OK


def decide(root: Path, state: State, scan: inputs.Scan) -> Plan | None:
    """A Plan when only bodies changed (or nothing), None when the site must be built whole."""
    if scan.added or scan.removed:
        return None
    plan = Plan(state, scan)
    for rel in scan.changed:
        if rel.rsplit("/", 1)[-1].startswith("."):
            continue  # the loader reads no dot file (load/content.py) and the file guard publishes none
        old, new = state.inputs.get(rel), scan.files[rel]
        if not rel.startswith(BODY_FOLDERS) or old is None or old[3] is None or old[3] != new[3]:  # front
            return None
        data = (root / rel).read_bytes()
        digest = hashlib.sha256(data)
        if digest.hexdigest() != new.sha:
            return None  # saved again since the scan said "a body only": what it is now is unknown
        if len(data) > state.setup.max_file_bytes:
            return None  # the full build refuses it (PUB004)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None  # the full build reports the encoding
        end = inputs.front_end(data)
        edit = BodyEdit(rel, text.replace("\r\n", "\n").replace("\r", "\n"), data[:end].count(b"\n") + 1,
                        digest.digest())
        if not body_stays_in_bounds(root, state, edit):
            return None
        plan.edits.append(edit)
    return plan


def body_stays_in_bounds(root: Path, state: State, edit: BodyEdit) -> bool:
    """The edited body links no file its pages did not link last time, and its Markdown is within
    budget: else the full check decides (generator/checks/published_files.py), which looks at every
    file a body links to and at the reserved URLs."""
    from ..checks.published_files import survey_body

    lines = edit.text.split("\n")
    doc = SourceFile(path=root / edit.rel, rel=edit.rel, body="\n".join(lines[edit.body_line - 1:]),
                     body_line=edit.body_line)
    survey = survey_body(doc, state.lang)
    if survey is None:
        return True
    if survey.problem is not None:
        return False
    linked = {rel for _, files, _ in state.body_pages.get(edit.rel, []) for rel in files}
    return all(target in linked for target, _, _ in survey.links if os.path.lexists(root / target))


class FastBuild:
    def __init__(self, root: Path, args, out_dir: Path, plan: Plan, started: float):
        self.root, self.args, self.out_dir, self.plan = root, args, out_dir, plan
        self.state = plan.state
        self.started = started
        self.lang = self.state.lang
        self.state_forgotten = False  # set before the output is changed: the state is then saved again

    def run(self) -> int | None:
        same_folder = self.state.output is not None and folder_identity(self.out_dir) == self.state.output
        if not same_folder and not (self.root / CACHE_DIR / SNAPSHOT_DIR / SITE_MARKER).is_file():
            return None  # another folder, and no snapshot of the last site to start it from
        findings = findings_after(self.plan, self.args.as_of or dt.date.today())
        if findings.failed(getattr(self.args, "strict", False)):
            announce_findings(findings, self.state.withheld, self.args)
            print(console(self.lang, "build.not_built"), file=sys.stderr)
            return EXIT_ERRORS
        stage = self.out_dir.parent / f".{self.out_dir.name}.stage-{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        try:
            rendered = self.render(stage)
            pages = sorted(output_file(page.url) for page, _, _ in rendered or [])
            shards = self.search_shards(pages) if rendered is not None else None
            if shards is None:
                return None  # a page cannot be redone alone: the caller builds the whole site (and says so)
            announce_findings(findings, self.state.withheld, self.args)
            if pages or not same_folder:
                # Killed from here on, the build must not leave a state that says the old pages are
                # in place: an edit reverted next would then be "nothing changed" with the new text
                # published. Without a state the next build is a full one.
                forget_state(self.root)
                self.state_forgotten = True
            self.put_in_place(stage, pages, same_folder)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        html_seconds = time.perf_counter() - self.started
        if shards:
            self.reindex(shards, pages)
        self.finish(findings, rendered)
        seconds = time.perf_counter() - self.started
        if self.plan.edits:
            print(console(self.lang, "build.fast", pages=len(pages), html=html_seconds, shards=len(shards),
                          seconds=seconds, out=self.out_dir), file=sys.stderr)
        else:
            print(console(self.lang, "build.same", seconds=seconds, out=self.out_dir), file=sys.stderr)
        return EXIT_OK

    # --- pages ----------------------------------------------------------------------------------
    def render(self, stage: Path) -> list[tuple] | None:
        """Render the pages that show an edited body into `stage`; (planned page, what rendering
        left, new fingerprint) of each. None when one cannot be redone alone (its planned form
        is gone, or its body now links to other files than before, which the full build copies)."""
        if not self.plan.edits:
            return []
        plans = PageCache(self.root / CACHE_DIR / "pages", self.state.page_key)  # its manifest is not read
        renderer = PageRenderer(replace(self.state.setup, root=self.root), stage)
        scanned = {edit.rel: edit for edit in self.plan.edits}
        done = []
        for edit in self.plan.edits:
            for _url, linked, plan in self.state.body_pages.get(edit.rel, []):
                page = plans.planned(plan)
                if page is None:
                    return None
                page = with_bodies(page, scanned, inline=False)  # kept, and fingerprinted: the new bytes
                item = renderer.render_recorded(with_bodies(page, scanned, inline=True))
                new_fp = page_fingerprint(page, self.root)
                if tuple(sorted(item.linked)) != tuple(sorted(linked)) or new_fp is None:
                    return None
                done.append((page, item, new_fp))
        return done

    def put_in_place(self, stage: Path, files: list[str], same_folder: bool) -> None:
        snapshot = self.root / CACHE_DIR / SNAPSHOT_DIR
        if same_folder:
            for rel in files:  # the folder the last build made: replace just these files
                os.replace(stage / rel, self.out_dir / rel)
        else:  # another or a fresh folder: the last site, then these files, swapped in whole
            work = self.out_dir.parent / f".{self.out_dir.name}.building-{os.getpid()}"
            shutil.rmtree(work, ignore_errors=True)
            try:
                link_tree(snapshot, work)
                for rel in files:
                    os.replace(stage / rel, work / rel)
                swap_into_place(work, self.out_dir)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
        for rel in files:  # the snapshot follows the output
            replace_file(self.out_dir / rel, snapshot / rel)

    # --- search ---------------------------------------------------------------------------------
    def search_shards(self, pages: list[str]) -> set[str] | None:
        """The search shards that hold these pages; None when the saved search plan cannot say."""
        from ..search import index as search_index

        if not self.state.search or not pages:
            return set()
        try:
            return search_index.shards_of(self.root / search_index.CACHE_DIR, pages)
        except search_index.NotPlanned:
            return None

    def reindex(self, names: set[str], pages: list[str]) -> None:
        """Index those shards again (the new pages are in place) and swap their bundles in, and the
        lookup index with these pages read again. Should the saved plan no longer fit, the whole
        output is indexed again (shards whose pages did not change come from the search cache)."""
        from ..search import index as search_index
        from ..search.lookup import LOOKUP_DIR

        site = _SiteForSearch(self.root, self.lang)
        snapshot = self.root / CACHE_DIR / SNAPSHOT_DIR
        try:
            bundles = search_index.reindex(site, self.out_dir, names, {})
            bundles[LOOKUP_DIR] = search_index.relookup(site, self.out_dir, pages)
        except search_index.NotPlanned:
            search_index.index_site(site, self.out_dir)
            sync_tree(self.out_dir, snapshot)
            return
        # A single index is pagefind/ itself, which also holds the search manifest (and no shards).
        carried = (search_index.MANIFEST, "s")
        for rel, folder in bundles.items():
            keep = carried if rel == search_index.BUNDLE_DIR else ()
            replace_folder(folder, self.out_dir / rel, keep)
            replace_folder(self.out_dir / rel, snapshot / rel)

    def finish(self, findings: Findings, rendered: list[tuple]) -> None:
        """The build cache and the state learn the new pages (after they are in place)."""
        body_pages = self.state.body_pages
        if rendered:
            cache = PageCache.open(self.root / CACHE_DIR, self.state.page_key)
            fingerprints = {page.url: fp for page, _, fp in rendered}
            try:
                plans = cache.keep_plans([page for page, _, _ in rendered], fingerprints)
                cache.remember([item for _, item, _ in rendered], fingerprints, self.out_dir, plans)
            finally:
                cache.close_pack()
            cache.save(set(cache.pages), collect=False)
            body_pages = dict(body_pages)
            for edit in self.plan.edits:  # a page whose planned page could not be kept has none
                body_pages[edit.rel] = [(url, linked, plans.get(url)) for url, linked, _ in body_pages.get(edit.rel, [])]
        # Forgotten whenever the output changed (pages replaced, another folder filled), the state is
        # then saved, whatever the folders' identities say: a folder made anew can look the same as
        # the last one (its inode reused, its marker the snapshot's).
        if not (self.state_forgotten or self.plan.scan.touched):
            return  # nothing to remember that the state does not hold
        state = replace(self.state, inputs=self.plan.scan.files, findings=list(findings.items),
                        output=folder_identity(self.out_dir), body_pages=body_pages)
        save_state(self.root, state)


def with_bodies(page, scanned: dict[str, BodyEdit], inline: bool):
    """The page with each edited body as the bytes that were scanned: known by their digest (the
    page kept and fingerprinted), or (`inline`) as their text, for the render, so that a file
    saved once more meanwhile is never read and published unscanned."""
    def edited(body: Body) -> Body:
        edit = scanned[body.source]
        return Body(body_of(edit.text, body.line) if inline else None, body.source, body.line, edit.digest)

    page = page.materialized()
    context = {key: edited(value) if isinstance(value, Body) and value.text is None and value.source in scanned
               else value for key, value in page.context.items()}
    return replace(page, context=context)


def findings_after(plan: Plan, as_of: dt.date) -> Findings:
    """The last build's findings, with the body findings of edited files found afresh."""
    state = plan.state
    edited = {edit.rel: edit for edit in plan.edits}
    kept = [f for f in state.findings
            if not (f.file in edited and f.code.startswith(BODY_FINDING_PREFIX) and f.line >= edited[f.file].body_line)]
    findings = Findings(lang=state.lang, items=kept)
    for edit in plan.edits:
        scan_body(edit, state.allowed, as_of, edit.rel in state.declared, findings)
    return findings


def scan_body(edit: BodyEdit, allowed, as_of: dt.date, declared: bool, findings: Findings) -> None:
    """The personal-data scan (checks/personal_data.py) of an edited file's body lines."""
    from ..checks.personal_data import scan_file

    doc = SourceFile(path=Path(edit.rel), rel=edit.rel, text=edit.text, body_line=edit.body_line)
    scan_file(doc, allowed, as_of, declared, findings, from_line=edit.body_line)


@dataclass
class _SiteForSearch:
    root: Path
    lang: str


