"""Builds past one machine: `gongkai build --shard AGENCY…`, `gongkai build --portal` and
`gongkai assemble DIR…`.

A shard build checks fully only the files it owns: its agencies' catalog files (the folder is
the entry's agency, content/catalog/<agency>/…, finding CAT091) and every file outside the
catalog (interpretations, pages, consultations, annual reports, configuration). Another
agency's catalog file is read and validated for its record, which the plan needs (the title
and URL of a replaced or interpreted policy on the shard's pages, the build date), and its
索引号 and 文号 go to the cross-file checks; its body is not scanned, and its findings are its
own shard's (checks.ShardFileChecks, checks.check_site(shard=…)), except those on a file beside
it that a body of this shard links to (checks.reported_by_its_shard). This is sound because every
catalog file is some shard's, checked there as a single build checks it, and the workflow
fails when any shard fails: the distributed build still refuses a site with an error. The
cross-file checks (a duplicate 索引号 in two agencies, a reference to another agency's entry)
run in every shard over every record; over the shards, the findings are the single check's
(tests/scale/test_shard_checks.py). The shard then plans and renders only what belongs to
its agencies (plan/site.py Planner.plan_shard): their entry and interpretation pages, their
annual reports, their per-agency listings and feeds, and their attachments. What those pages
show of the rest of the site is the whole site's, so every page it renders is byte for byte the
page a single build renders, links and all. Beside
them it writes `gongkai-shard.json`, the records the portal needs (its public entries and
interpretations, as validated), and its search index (built over its own pages only).

`assemble` reads the shard manifests instead of the catalog's Markdown: the portal pages
(home, catalog listings and facets across agencies, in-force list, agency index,
interpretations list, free pages, annual-report archive and statistics, search, 404, the
site-wide feed, catalog.json/csv, sitemap, robots.txt, theme assets) are planned from the
shards' records plus what the checkout holds besides the catalog (configuration, agencies,
free pages, annual reports, attachment files), rendered, and the shards' pages copied in.
Given the output of `gongkai build --portal` among the folders (the portal's pages rendered
on a runner of its own beside the shards, from the checkout, as a single build renders them),
the assemble takes the portal's pages from it and renders nothing (join_outputs).
Search: the portal's own searchable pages get an index of their own, and every shard's
Pagefind bundle is placed under pagefind/s/; the site's search script merges them all with
Pagefind's mergeIndex, as it does for a large single build (generator/search/index.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..load.content import content_files
from ..load.document import read_document
from ..load.file_guard import SITE_MARKER
from ..load.site import Site, load_agencies, load_config
from ..load.validate import build as validate_record
from ..model.content import Consultation, Entry, Interpretation, Page, attach_source, held, json_values
from ..model.findings import Findings
from ..model.source import SourceFile
from ..plan.types import PlannedPage
from ..render.cache import site_inputs_digest
from ..render.placing import Folders, link_or_copy
from ..search import index as search_index
from ..search import lookup as search_lookup
from ..text.console import ConsoleError
from .build import build_site, new_site

SHARD_MANIFEST = "gongkai-shard.json"
USED_MANIFEST = "gongkai-shard.moved.json"  # the manifest's name once assemble --move has begun to take the shard
SHARD_LOOKUP_ROWS = "gongkai-shard-lookup.json"  # the lookup index's rows of the shard's pages
MANIFEST_FORMAT = 2  # 2: the content key


class ShardError(ConsoleError, ValueError):
    """Why a shard's output cannot be assembled (worded in generator/text/console.py)."""

PORTAL = ""  # the owner of pages that belong to no agency


# --- who owns a page -------------------------------------------------------------------------

def owner_of(planned, agencies: set[str], source_agency: dict[str, str]) -> str:
    """The agency whose shard renders this planned page or file, or PORTAL. Told from the URL,
    the template and the source files alone, never from the page's context: a shard then needs
    no context of a page it does not render (the renderer may compute them where they are used)."""
    if isinstance(planned, PlannedPage):
        agency = source_agency.get(planned.record_file() or "")
        if agency in agencies:
            return agency
        path = planned.url
    else:
        if len(planned.deps) == 1 and planned.deps[0] in source_agency:  # an attachment
            return source_agency[planned.deps[0]]
        path = planned.path
    parts = path.split("/")
    candidates = []
    if parts[:2] == ["catalog", "by-agency"] and len(parts) > 2:  # the agency's listing pages
        candidates.append(parts[2])
    elif parts[0] == "feeds" and len(parts) == 2:  # the agency's feed
        candidates.append(parts[1].removesuffix(".xml"))
    elif parts[0] == "reports" and len(parts) > 2:  # its report pages and downloads
        candidates.append(parts[1])
    return next((c for c in candidates if c in agencies), PORTAL)


def selector(site, shard: set[str] | None):
    """The predicate that build_site applies to the plan: a shard's pages, or (None) the portal's."""
    agencies = set(site.agencies)
    source_agency = {r.source.rel: r.agency for r in site.entries + site.interpretations if r.source}
    if shard is None:
        return lambda planned: owner_of(planned, agencies, source_agency) == PORTAL
    return lambda planned: owner_of(planned, agencies, source_agency) in shard


# --- the shard manifest ----------------------------------------------------------------------

def record_row(record, public: set[str]) -> dict:
    """A public record as validated, except that it names no record that is not published (its
    replacement, a policy it interprets): the manifest travels between the workflow's jobs as an
    artifact, and the portal links to published records only anyway (plan/exports.py, by_index)."""
    row = json_values(record)
    if row.get("superseded_by") is not None and row["superseded_by"] not in public:
        row["superseded_by"] = None
    if "interprets" in row:
        row["interprets"] = [n for n in row["interprets"] if n in public]
    return {"source": record.source.rel, "record": row}


def shard_manifest(site, shard: set[str]) -> dict:
    """What the portal needs from a shard: its public records, as validated (no Markdown body:
    the portal shows titles, dates, summaries and metadata only)."""
    public_entries = site.public_entries()
    public = {e.index_no for e in public_entries}
    entries = [e for e in public_entries if e.agency in shard]
    interpretations = [i for i in site.public_interpretations() if i.agency in shard]
    return {"format": MANIFEST_FORMAT, "agencies": sorted(shard), "as_of": site.as_of.isoformat(),
            "content": content_key(site.root, content_digests(site.root, {d.rel: d.digest for d in site.sources if d.digest})),
            "entries": [record_row(e, public) for e in sorted(entries, key=lambda e: e.source.rel)],
            "interpretations": [record_row(i, public) for i in sorted(interpretations, key=lambda i: i.source.rel)]}


def content_digests(root: Path, known: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The sha256 of every Markdown file in content/: `known` where the loader has them, else read here."""
    known = known or {}
    digests = {}
    for path in content_files(root / "content"):
        rel = path.relative_to(root).as_posix()
        digests[rel] = known.get(rel) or hashlib.sha256(path.read_bytes()).digest()
    return digests


def content_key(root: Path, digests: dict[str, bytes]) -> str:
    """What a shard is built from and the portal assembled from, in one hash: the generator, the
    theme, the configuration and agency list, and the bytes of every Markdown file in content/
    (content_digests). Shards of different commits, or a checkout that changed since, would make
    a site no single build makes."""
    digest = site_inputs_digest(root, load_config(root, Findings()).agencies_file)
    for rel, sha in digests.items():
        digest.update(rel.encode() + b"\0" + sha)
    return digest.hexdigest()


def write_shard_manifest(site, shard: set[str] | None, work: Path) -> None:
    """gongkai-shard.json: the shard's manifest, or (`shard` None) the portal's, which says so and
    holds no agency and no record (its pages are rendered already)."""
    manifest = shard_manifest(site, shard or set())
    if shard is None:
        manifest["portal"] = True
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=0)
    (work / SHARD_MANIFEST).write_text(text + "\n", encoding="utf-8")


def keep_lookup_rows(site, work: Path) -> None:
    """The rows of the lookup index the shard's indexer read from its pages (saved in the search
    cache as it indexed, generator/search/lookup.py), for the assemble."""
    kept = search_index.search_cache(site) / search_lookup.CACHE_FILE
    if not kept.is_file():
        raise ValueError(f"the search index left no lookup rows in {kept}")
    shutil.copyfile(kept, work / SHARD_LOOKUP_ROWS)  # read (and its format checked) by shard_lookup_rows


def build_shard(site, out_dir: Path, shard: set[str] | None, *, jobs=None, search=True):
    """`gongkai build --shard`: the agencies' part of the site, with its manifest. `shard` None:
    `gongkai build --portal`, the pages and files no agency owns (home, the listings across
    agencies, search, the exports and sitemaps, free pages, annual-report archive, theme
    assets), from the whole site's plan, as a single build makes them. On a runner of its own
    beside the shards, it takes the portal's load, plan and render off the assemble, which then
    only joins the outputs (join_outputs)."""
    searched = search and site.config.features.search

    def finish(work: Path) -> None:
        write_shard_manifest(site, shard, work)
        if searched:
            keep_lookup_rows(site, work)

    return build_site(site, out_dir, jobs=jobs, search=search, select=selector(site, shard), finish=finish,
                      shard=shard)


# --- assemble --------------------------------------------------------------------------------

def read_manifests(folders: list[Path]) -> list[tuple[Path, dict]]:
    """Each shard's manifest, in agency order (so the assembled site does not depend on the
    order the folders are named on the command line). A shard's output travels between the
    workflow's jobs as an artifact: everything read from it is checked before it is used."""
    found = []
    for folder in folders:
        path = Path(folder) / SHARD_MANIFEST
        if not path.is_file() and (Path(folder) / USED_MANIFEST).exists():
            raise ShardError("assemble.used", folder=folder, name=SHARD_MANIFEST, used=USED_MANIFEST)
        if not path.is_file():
            raise ShardError("assemble.no_manifest", folder=folder, name=SHARD_MANIFEST)
        found.append((Path(folder), _manifest(path)))
    found.sort(key=lambda pair: pair[1]["agencies"])
    seen: dict[str, Path] = {}
    for folder, manifest in found:
        for agency in manifest["agencies"]:
            if agency in seen:
                raise ShardError("assemble.overlap", agency=agency, one=seen[agency], two=folder)
            seen[agency] = folder
    if len({m["content"] for _, m in found}) > 1:
        raise ShardError("assemble.mixed")
    if len({m["as_of"] for _, m in found}) > 1:
        raise ShardError("assemble.dates", dates=", ".join(f"{f}: {m['as_of']}" for f, m in found))
    return found


_MANIFEST_FIELDS = (("agencies", list), ("as_of", str), ("content", str), ("entries", list), ("interpretations", list))


def _manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ShardError("assemble.unreadable", path=path, problem=exc) from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ShardError("assemble.format", path=path, format=MANIFEST_FORMAT)
    for key, kind in _MANIFEST_FIELDS:
        if not isinstance(manifest.get(key), kind):
            raise ShardError("assemble.field", path=path, field=key)
    if not all(isinstance(agency, str) for agency in manifest["agencies"]):
        raise ShardError("assemble.field", path=path, field="agencies")
    if not isinstance(manifest.get("portal", False), bool) or manifest.get("portal") and manifest["agencies"]:
        raise ShardError("assemble.field", path=path, field="portal")
    try:
        dt.date.fromisoformat(manifest["as_of"])
    except ValueError:
        raise ShardError("assemble.as_of_value", path=path, value=repr(manifest["as_of"])) from None
    return manifest


def check_coverage(agencies, shards: list[tuple[Path, dict]]) -> None:
    """The shards together hold every agency of agencies.yml (`agencies`), and no other: a shard
    missing from the command line would leave its agencies' pages out of the site without a word."""
    held = {agency for _, manifest in shards for agency in manifest["agencies"]}
    missing, unknown = sorted(set(agencies) - held), sorted(held - set(agencies))
    if missing:
        raise ShardError("assemble.missing", agencies=", ".join(missing))
    if unknown:
        raise ShardError("assemble.unknown", agencies=", ".join(unknown))


def restore(model, row: dict, root: Path):
    """A record from a shard manifest, with a body-less source (the portal never shows bodies), held
    as a loaded site holds it (an entry as an EntryRecord)."""
    try:
        source = row["source"]
        record = held(model.model_validate(row["record"]))
    except ValidationError as exc:
        where = ".".join(map(str, exc.errors()[0]["loc"])) or "record"
        raise ShardError("assemble.record_field", source=row.get("source"), field=where, problem=exc.errors()[0]["msg"]) from None
    except (KeyError, TypeError):
        raise ShardError("assemble.not_record", row=str(row)[:80]) from None
    if not isinstance(source, str) or not source.startswith("content/") or ".." in source.split("/"):
        raise ShardError("assemble.source", source=repr(source))
    attach_source(record, SourceFile(path=root / source, rel=source))
    return record


def portal_site(root: Path, manifests: list[dict], as_of, digests: dict[str, bytes]) -> Site:
    """The site as the portal sees it: configuration, agencies, free pages, consultations and annual
    reports from the checkout; entries and interpretations from the shards. `digests`: the bytes
    the shards were built from (content_digests): a page read here must still be those."""
    findings = Findings()
    config = load_config(root, findings)
    findings.lang = config.language
    site = Site(root=root, config=config, as_of=as_of)
    site.agencies = load_agencies(root, config, findings)
    for manifest in manifests:
        site.entries += [restore(Entry, row, root) for row in manifest["entries"]]
        site.interpretations += [restore(Interpretation, row, root) for row in manifest["interpretations"]]
    for folder, model, target in (("pages", Page, site.pages), ("consultations", Consultation, site.consultations)):
        for path in content_files(root / "content" / folder):  # portal pages: read from the checkout
            doc = read_document(path, root, findings)
            if doc is not None and doc.digest != digests.get(doc.rel):
                raise ShardError("assemble.checkout_differs", root=root)  # saved since the key was taken
            record = validate_record(model, doc, findings) if doc is not None else None
            if record is not None:
                target.append(record)
    from ..load.reports import load_reports

    site.reports = load_reports(site, findings)
    if any(report.file.digest != digests.get(report.file.rel) for report in site.reports):
        raise ShardError("assemble.checkout_differs", root=root)  # a report saved since the key was taken
    if findings.errors:  # the shards were checked; a checkout that fails now is not theirs
        raise ShardError("assemble.checkout")
    return site


def copy_shard_pages(folder: Path, work: Path, move: bool = False) -> None:
    """Everything a shard rendered, except its manifest, its lookup rows and its search indexes
    (merged below), put into the assembled site (place_files)."""
    place_files(folder, work, {search_index.BUNDLE_DIR, search_lookup.LOOKUP_DIR, SHARD_MANIFEST, USED_MANIFEST,
                               SHARD_LOOKUP_ROWS}, move)


def place_files(source: Path, target: Path, skip: set[str], move: bool = False) -> None:
    """Every file under `source` (but the top-level entries named in `skip`) at the same place
    under `target`. A file both hold must be the same bytes: a content file linked from pages of
    two owners.

    Linked (the default): one link a file and no stat before it, the folders made once each.
    Moved (`move`, `gongkai assemble --move`, for shard folders used once, as CI's artifacts): a
    folder that `target` lacks is renamed into it whole, once every file under it is known to be
    a regular file, and its folders are given the mode a new folder gets. A shard's pages are
    about 10⁵ files at 100,000 entries, each in a folder of its own, and on this kind of disk
    making a folder is what costs (benchmarks/README.md, "fourteenth round"); moved, its
    agencies' folders are a few renames. The shard's folder is left without the files it gave
    (assemble marks it used first). Where nothing can be renamed (another file system, a bind
    mount), the files are linked or copied."""
    if move:
        _move_into(str(source), str(target), "", skip, source)
        return
    into = Folders(str(target))
    for path, rel in shard_files(source, skip):
        target_path = into.file(rel)
        try:
            link_or_copy(path, target_path)
        except FileExistsError:
            _same_file(path, target_path, rel, source)


def _move_into(here: str, there: str, inside: str, skip: set[str], shard: Path) -> None:
    """place_files, moving: `here` is the folder `inside` of the shard, `there` its place, which exists."""
    with os.scandir(here) as listing:
        entries = list(listing)  # the folder changes as its entries move out
    for entry in entries:
        rel = inside + entry.name
        if not inside and entry.name in skip:
            continue
        target = os.path.join(there, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if os.path.isdir(target) and not os.path.islink(target):
                _move_into(entry.path, target, rel + "/", skip, shard)
            elif os.path.lexists(target):
                raise ShardError("assemble.clash", rel=rel, folder=shard)
            else:
                _move_folder(entry.path, target, rel, shard)
        elif entry.is_file(follow_symlinks=False):
            if os.path.lexists(target):
                _same_file(entry.path, target, rel, shard)
            else:
                _rename_or_link(entry.path, target)
        else:
            raise ShardError("assemble.not_regular", folder=shard, rel=rel)


def _move_folder(path: str, target: str, rel: str, shard: Path) -> None:
    """A folder the site lacks, renamed in whole once every file in it is regular (else ShardError
    before any of it moves), with the mode a folder made here would have: not the artifact's."""
    folders = [path]
    for _ in shard_files(shard, under=rel + "/", folders=folders):
        pass
    mode = 0o777 & ~_umask()
    for folder in folders:
        os.chmod(folder, mode)
    try:
        os.rename(path, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        os.mkdir(target)  # a bind mount of the same file system: link or copy instead
        place_files(Path(path), Path(target), set())


def _rename_or_link(path: str, target: str) -> None:
    try:
        os.rename(path, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        link_or_copy(path, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _same_file(source: str, target: str, rel: str, shard: Path) -> None:
    """A file two owners both put in the site must be the same bytes."""
    if (os.path.islink(target) or not os.path.isfile(target)
            or Path(target).read_bytes() != Path(source).read_bytes()):
        raise ShardError("assemble.clash", rel=rel, folder=shard)


def shard_files(folder: Path, skip: set[str] = frozenset(), under: str = "", folders: list | None = None):
    """(path, path inside the folder) of every file under a shard's folder (or under its folder
    `under`, "catalog/a/"), but the top-level entries named in `skip`. Only regular files and
    folders are taken: a symbolic link (or a pipe, a device) in a shard's output would publish
    whatever it points at, so it stops the assemble. The file types come from the folder
    listings (no stat a file). `folders`: a list the paths of the folders found are added to."""
    stack = [(os.path.join(str(folder), under), under)]
    while stack:
        here, inside = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                rel = inside + entry.name
                if not inside and entry.name in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
                    if folders is not None:
                        folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path, rel
                else:
                    raise ShardError("assemble.not_regular", folder=folder, rel=rel)


def shard_lookup_rows(folder: Path) -> dict:
    """The lookup rows a shard kept (keep_lookup_rows), by page."""
    path = folder / SHARD_LOOKUP_ROWS
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict) or saved.get("format") != search_lookup.FORMAT:
        raise ValueError(f"{folder}: no {SHARD_LOOKUP_ROWS} of this version (built by another gongkai?)")
    try:
        return {rel: search_lookup.Row(**row) for rel, row in saved["rows"].items()}
    except (AttributeError, KeyError, TypeError):
        raise ShardError("assemble.lookup_rows", path=path) from None


_BUNDLE_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")


def bundle_folder(folder: Path, bundle) -> Path:
    """The folder of one Pagefind bundle a shard lists in its gongkai-search.json, as the search
    indexer names it (search/index.py manifest_entry): the name alone, in pagefind/s/, or the
    whole pagefind/ folder. Anything else is refused: the listing comes from an artifact."""
    name = bundle.get("name") if isinstance(bundle, dict) else None
    path = bundle.get("path") if isinstance(bundle, dict) else None
    if not isinstance(name, str) or not _BUNDLE_NAME.match(name) or path not in ("", f"s/{name}/"):
        raise ShardError("assemble.bundle_listing", listing=f"{folder}/{search_index.BUNDLE_DIR}/{search_index.MANIFEST}",
                         bundle=str(bundle)[:80])
    source = folder / search_index.BUNDLE_DIR / path
    base = folder / search_index.BUNDLE_DIR
    steps = [base, base / "s", source] if path else [base]
    if any(step.is_symlink() for step in steps) or not source.is_dir():  # a link would reach out of the shard
        raise ShardError("assemble.bundle_folder", folder=folder, path=path or search_index.BUNDLE_DIR)
    return source


def search_listing(folder: Path) -> tuple[dict, list[tuple[dict, Path]]]:
    """A shard's (or the portal's) gongkai-search.json, and the Pagefind bundles it lists, each with
    its folder (bundle_folder): the whole pagefind/ folder, or bundles in pagefind/s/, each once."""
    own_path = folder / search_index.BUNDLE_DIR / search_index.MANIFEST
    listing = f"{folder}/{search_index.BUNDLE_DIR}/{search_index.MANIFEST}"
    if not own_path.is_file():
        raise ShardError("assemble.no_search", folder=folder)
    try:
        own = json.loads(own_path.read_text(encoding="utf-8"))
        bundles = own["shards"]
    except (OSError, ValueError, KeyError, TypeError):
        own = bundles = None
    if not isinstance(bundles, list):
        raise ShardError("assemble.bundle_listing", listing=listing, bundle="shards")
    found = [(bundle, bundle_folder(folder, bundle)) for bundle in bundles]
    paths = [bundle["path"] for bundle in bundles]
    if len(set(paths)) != len(paths) or ("" in paths and len(paths) > 1):
        raise ShardError("assemble.bundle_listing", listing=listing, bundle=", ".join(map(repr, paths))[:80])
    return own, found


def merge_search(listing: dict, portal_rows: dict, listed: list[list[tuple[dict, Path]]], rows_of_shards: list[dict],
                 work: Path, move: bool = False) -> None:
    """Put every shard's Pagefind bundles (`listed`, search_listing) under pagefind/s/ and list them
    after the portal's own (`listing`, its gongkai-search.json) in the site's gongkai-search.json.
    Only the first bundle listed keeps Pagefind's code (search.js imports it from there and
    merges the others). The lookup index is written again over the rows of every page: the
    portal's and each shard's (`rows_of_shards`, shard_lookup_rows)."""
    bundle_root = work / search_index.BUNDLE_DIR
    listing = dict(listing, shards=list(listing["shards"]))
    for number, bundles in enumerate(listed, start=1):
        for bundle, source in bundles:
            name = f"shard{number}-{bundle['name']}"
            target = bundle_root / "s" / name
            target.mkdir(parents=True)  # a new name: shard number and bundle
            place_files(source, target, {"s", search_index.MANIFEST}, move)  # pruning below only unlinks
            search_index.prune_bundle(target, merged_only=bool(listing["shards"]))
            # The bundle's own entry (dates, years) lets the page search the newest shards first.
            listing["shards"].append(dict(bundle, path=f"s/{name}/", name=name))
    listing["pages"] = sum(entry["pages"] for entry in listing["shards"])  # the whole site's, as a single build says
    listing_path = bundle_root / search_index.MANIFEST
    listing_path.unlink(missing_ok=True)  # never written through a link into the portal's output
    listing_path.write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # the lookup index covers the whole catalog: written again from the rows of every page
    rows = dict(portal_rows)
    for shard_rows in rows_of_shards:
        rows.update(shard_rows)
    search_lookup.index_rows(work, rows, None)


def mark_used(folders: list[Path]) -> None:
    """Before assemble --move takes anything from the shards: their manifests renamed, so that a
    folder it has taken files from, whether it then succeeded or failed, is refused next time
    (read_manifests) rather than assembled again into a site without those pages."""
    for folder in folders:
        os.rename(folder / SHARD_MANIFEST, folder / USED_MANIFEST)


@dataclass
class Assembled:
    out_dir: Path
    seconds: float
    portal_pages: int | None  # the portal's pages the assemble rendered; None: a portal build's, joined


def assemble(root: Path, folders: list[Path], out_dir: Path, as_of=None, jobs=None, move: bool = False) -> Assembled:
    """The shards' outputs in `folders` joined into one site in out_dir. The portal's pages are
    built here from the shards' records, or, when one of the folders is the output of
    `gongkai build --portal`, taken from it (join_outputs). `move`: the shards' files are moved
    into the site, not linked (place_files): faster, and the shard folders are used up."""
    started = time.perf_counter()
    output = Path(out_dir).resolve()
    for folder in map(Path, folders):
        inside = Path(folder).resolve()
        if output == inside or inside in output.parents or output in inside.parents:
            raise ShardError("assemble.output_inside", out=out_dir, folder=folder)
    shards = read_manifests(folders)
    digests = content_digests(root)
    if content_key(root, digests) != shards[0][1]["content"]:
        raise ShardError("assemble.checkout_differs", root=root)
    built_on = dt.date.fromisoformat(shards[0][1]["as_of"])
    if as_of is not None and as_of != built_on:
        # what is public (scheduled entries, the in-force list) was decided in the shards on their date
        raise ShardError("assemble.other_date", built=built_on, asked=as_of)
    portals = [folder for folder, manifest in shards if manifest.get("portal")]
    if len(portals) > 1:
        raise ShardError("assemble.two_portals", one=portals[0], two=portals[1])
    shards = [(folder, manifest) for folder, manifest in shards if not manifest.get("portal")]
    if portals:
        join_outputs(root, portals[0], shards, out_dir, move)
        return Assembled(out_dir, time.perf_counter() - started, None)
    site = portal_site(root, [m for _, m in shards], built_on, digests)
    check_coverage(site.agencies, shards)
    searched = site.config.features.search

    def finish(work: Path) -> None:
        portal_search = None
        if searched:  # the portal's search listing, as its build wrote it, and its lookup rows
            listing = json.loads((work / search_index.BUNDLE_DIR / search_index.MANIFEST).read_text(encoding="utf-8"))
            portal_rows = search_lookup.load_rows(search_index.search_cache(site))
            if portal_rows is None:
                raise ValueError("the portal's search index left no lookup rows")
            portal_search = listing, portal_rows
        put_together(shards, work, move, portal_search)

    result = build_site(site, out_dir, jobs=jobs, search=searched, select=selector(site, None), finish=finish)
    return Assembled(out_dir, time.perf_counter() - started, result.pages)


def join_outputs(root: Path, portal: Path, shards: list[tuple[Path, dict]], out_dir: Path, move: bool) -> None:
    """The site from a portal build's output and the shards': their files put together, the
    search listing and the lookup index written over all of them. Nothing is loaded, planned
    or rendered. Like a build, the new site is made beside out_dir and swapped in whole."""
    findings = Findings()
    config = load_config(root, findings)
    check_coverage(load_agencies(root, config, findings), shards)
    with new_site(Path(out_dir).resolve()) as work:
        # the portal's listing and rows checked, as the shards' are, before anything moves
        portal_search = (search_listing(portal)[0], shard_lookup_rows(portal)) if config.features.search else None
        put_together(shards, work, move, portal_search, portal)


def put_together(shards: list[tuple[Path, dict]], work: Path, move: bool, portal_search: tuple[dict, dict] | None,
                 portal: Path | None = None) -> None:
    """The shards' outputs (and the portal's, `portal`, when it was built apart) put into the new
    site in work. `portal_search`: the portal's search listing and lookup rows, None without
    search. All that is read from the outputs is checked before the first file moves (`move`),
    and they are then marked used."""
    searched = portal_search is not None
    listed = [search_listing(folder)[1] for folder, _ in shards] if searched else []
    rows = [shard_lookup_rows(folder) for folder, _ in shards] if searched else []
    if move:
        mark_used(([portal] if portal else []) + [folder for folder, _ in shards])
    if portal is not None:
        # Written anew below, never through a link into the portal's output: its lookup index,
        # its search listing (and its marker, which the new site has).
        place_files(portal, work, {SHARD_MANIFEST, USED_MANIFEST, SHARD_LOOKUP_ROWS, search_lookup.LOOKUP_DIR,
                                   search_index.BUNDLE_DIR, SITE_MARKER}, move)
        if searched:
            (work / search_index.BUNDLE_DIR).mkdir()
            place_files(portal / search_index.BUNDLE_DIR, work / search_index.BUNDLE_DIR, {search_index.MANIFEST}, move)
    for folder, _ in shards:
        copy_shard_pages(folder, work, move)
    if searched:
        merge_search(*portal_search, listed, rows, work, move)


# --- splitting the agencies into groups (for a CI matrix) --------------------------------------

def split_agencies(root: Path, groups: int) -> list[list[str]]:
    """The agencies of agencies.yml in `groups` groups of about the same number of catalog files
    (largest first, each to the lightest group; every group keeps agencies.yml's order)."""
    findings = Findings()
    config = load_config(root, findings)
    agencies = list(load_agencies(root, config, findings))
    size = {a: len(content_files(root / "content" / "catalog" / a)) for a in agencies}
    loads = [[0, []] for _ in range(max(1, min(groups, len(agencies))))]
    for agency in sorted(agencies, key=lambda a: (-size[a], agencies.index(a))):
        lightest = min(loads, key=lambda pair: pair[0])
        lightest[0] += size[agency] + 1
        lightest[1].append(agency)
    return [sorted(group, key=agencies.index) for _, group in loads if group]


def main(argv=None) -> int:
    """`python -m generator.output.shards --groups N`: the GitHub Actions matrix as one line of JSON."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m generator.output.shards")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="站点根目录（含 site_config.yml；默认当前目录）")
    parser.add_argument("--groups", type=int, default=2, help="分成几组（每组一台 runner；默认 2）")
    args = parser.parse_args(argv)
    groups = split_agencies(args.root.resolve(), args.groups)
    matrix = {"include": [{"name": f"shard{n}", "agencies": " ".join(g)} for n, g in enumerate(groups, start=1)]}
    print(json.dumps(matrix, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
