"""The search index: Pagefind (extended binary, for Chinese word segmentation) over the built site.

Only what the templates mark with `data-pagefind-body` is indexed (entries, interpretations,
reports, free pages), which also keeps the indexer's memory down. Filters, sort keys and the
metadata come from the partial `search_meta.html`. Lookups of a 文号, an 索引号 or a few
characters of a title are answered by the lookup index (`generator.search.lookup`, written
here too, over all pages at once), not by these shards (docs/search.md).

Why shards, and which. What a first search downloads is Pagefind's code (about 80 KB) plus,
for every index it searches, the index's metadata file (about 10 bytes a page) and one index
chunk per query word (about 12 bytes a page for a word that most pages hold). So the bytes of
a first search grow with the pages of the indexes it searches, and re-indexing after an edit
takes Pagefind about 4 ms a page of the edited page's index. Both call for small indexes,
searched a few at a time:

- up to SINGLE_INDEX_MAX_PAGES searchable pages: one index at `pagefind/` (a small site
  pays nothing for sharding);
- above: pages without a date (guides, free pages) form the shard `site`; dated pages are
  cut by publication date: by year, then into runs of consecutive months of about equal size,
  at most SHARD_MAX_PAGES pages each (a month larger than that is cut by count). Each shard is an index of
  its own (one Pagefind process indexes a runner's shards in turn: pagefind_service.py), written
  into `pagefind/s/<shard>/` and cached under `.gongkai-cache/search/` keyed by a fingerprint
  of its pages, so an edit re-runs Pagefind for one shard only.

Shards cover disjoint date ranges, so the search page can search the newest ones first and
stay exact: `pagefind/gongkai-search.json` lists every shard with its pages, date range, the
values of the year filter it holds and the years of the 文号 in it (and its agencies when it
holds only some). The search page (themes/default/assets/search.js) searches the shards in
batches of about BATCH_PAGES pages, newest first: a first query downloads the code, the
`site` shard and the newest batch, whatever the size of the site; the reader sees which
period was searched and asks for earlier files ("检索更早的文件"). Newest-first order is
exact across batches because their date ranges do not overlap; a year filter searches only
that year's shards; a 文号 query (〔2018〕) searches the shards holding 文号 of that year
first. The price: a relevance search ranks within the period searched so far, and the
filter counts cover that period only (the page says so). The alternative of cutting a
year by agency would make an agency filter cheaper, but every such shard spans the whole
year, so neither date order nor "the newest files first" could be shown before the whole
year was loaded.

For the incremental build: `shards_of(cache_root, page_rels)` reads the plan of the last full
index saved in the cache, and `reindex(site, out_dir, shard_names, staged)` runs Pagefind
again for some shards, taking changed pages from `staged`.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..render.placing import link_or_copy
from ..text.console import console
from . import lookup as search_lookup
from . import pagefind_service

BUNDLE_DIR = "pagefind"
MANIFEST = "gongkai-search.json"
CACHE_DIR = Path(".gongkai-cache") / "search"
PLAN_FILE = "plan.json"
MANIFEST_VERSION = 2
# One index up to this many pages; above, shards of at most SHARD_MAX_PAGES (Pagefind re-indexes
# one in 2-4 s), searched by the page in batches of BATCH_PAGES pages, then twice as many at each
# further step. Measured at 10,000 entries (benchmarks/README.md): a first search costs about
# 115 KB (Pagefind's code and WASM, the search script and page, ten result fragments) plus
# about 58 bytes a page searched (metadata, index chunks of a common word, filter files), so
# about 500 pages keep it within 150 KB at any size of site.
SINGLE_INDEX_MAX_PAGES = 600
SHARD_MAX_PAGES = 500
BATCH_PAGES = 500
SITE_SHARD = "site"
# Size of an index chunk (Pagefind's unit of download: a query loads the chunk holding each
# of its words, in every index it searches). Pagefind's default makes chunks of about 24 KB; at 2000 a chunk of rare words is
# about 3 KB and one of a common word mostly that word's own postings, while the metadata
# file grows by about 1.4 KB a 500-page shard for the longer chunk list (measured on the
# benchmark corpus: 5000 → 2000 saves about 6 KB a shard searched for 政务公开).
# The variable is marked unstable by Pagefind; pagefind is pinned to 1.5.x in pyproject.toml,
# and without it the index is only larger per chunk, never wrong.
INDEX_CHUNK_SIZE = "2000"
# Bumped when what we feed Pagefind, or how the cache is laid out, changes in a way the page
# files do not show.
INDEX_FORMAT = "4"
# What Pagefind treats as a page's whole document: its one data-pagefind-body region, which holds
# every filter, meta and sort of the page (partials/search_meta.html; page_facts refuses a page
# with two regions, of which Pagefind would read the first only).
ROOT_SELECTOR = "[data-pagefind-body]"

# Files of the Pagefind bundle that the site never loads (its prebuilt UIs: we ship our own
# small search script on the JS API). Removed so the published site carries no dead weight.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
# A shard that is not the first one is only ever merged: its copy of the code is not needed.
MERGED_ONLY_UNUSED = ("pagefind.js", "pagefind-worker.js")

_DATE = re.compile(rb'\sdata-pagefind-sort="date:(\d{4}-\d\d-\d\d)"')
_YEAR = re.compile(rb'\sdata-pagefind-filter="year:([^"]*)"')
_AGENCY = re.compile(rb'\sdata-pagefind-filter="agency:([^"]*)"')
_DOC_NO = re.compile(rb'\sdata-pagefind-meta="doc_no:([^"]*)"')
_DOC_YEAR = re.compile(r"[〔\[［(（【„]\s*((?:19|20)\d\d)\s*[〕\]］)）】‟]")
UNDATED = "0000-00-00"


class SearchIndexError(RuntimeError):
    """Pagefind failed: an environment or generator problem, never a content finding."""


class NotPlanned(KeyError):
    """The pages do not fit the saved shard plan (a new page, a date moved to another shard,
    no full index yet): run index_site over the whole output instead."""


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What decides a page's shard and its shard's manifest entry, read from search_meta.html."""
    agency: str = ""  # the agency filter value (its name), "" for site pages
    date: str = UNDATED  # the date sort key
    year: str = ""  # the year filter value (an annual report's year is not its date's)
    doc_year: str = ""  # the year inside the 文号 (〔2018〕)


@dataclass
class Shard:
    name: str  # folder name under pagefind/s/ ("" for the single index)
    pages: list[str] = field(default_factory=list)  # site-relative HTML files

    @property
    def bundle(self) -> str:
        return BUNDLE_DIR if not self.name else f"{BUNDLE_DIR}/s/{self.name}"


def pagefind_binary() -> Path:
    """The extended binary from the pagefind_bin_extended wheel (never whatever is on PATH:
    the plain binary has no Chinese segmentation and would index 政务公开 as one long word)."""
    import pagefind_bin_extended

    return Path(pagefind_bin_extended.get_executable())


def pagefind_version() -> str:
    from importlib.metadata import version

    return version("pagefind_bin_extended")


# --- which pages, in which shard ---------------------------------------------------------------

_BODY_ATTR = b"data-pagefind-body"
_SPACE_BYTES = b" \t\n\r\f\v"


def body_regions(data: bytes, most: int = 2) -> int:
    """How many tags carry `data-pagefind-body` (after whitespace, before whitespace, `=`, `>`
    or `/`), counted up to `most`, without a regex that scans every tag from the top of the page
    (a fifth of a millisecond a page, in every render worker): each occurrence of the name is
    tested where it stands."""
    count = 0
    at = data.find(_BODY_ATTR)
    while at != -1 and count < most:
        after = data[at + len(_BODY_ATTR):at + len(_BODY_ATTR) + 1]
        if (at > 0 and data[at - 1:at] in _SPACE_BYTES and after and after in _SPACE_BYTES + b"=>/"
                and data.rfind(b"<", 0, at) > data.rfind(b">", 0, at)):
            count += 1
        at = data.find(_BODY_ATTR, at + 1)
    return count


class _BodyRegionCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.regions = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.regions += any(name == "data-pagefind-body" for name, _ in attrs)


def _parsed_body_regions(data: bytes) -> int:
    """The tags carrying `data-pagefind-body`, as an HTML parser reads the page: body_regions'
    quick count also takes the name where it stands as text in an attribute's value, a comment
    or a script. Run only when that count finds two, which no page of the default theme has."""
    counter = _BodyRegionCounter()
    counter.feed(data.decode("utf-8", "replace"))
    counter.close()
    return counter.regions


def first_match(pattern: re.Pattern, data: bytes) -> re.Match | None:
    """pattern.search(data) for these patterns (whitespace, then an attribute's literal text):
    each place the text stands is tried, instead of the regex trying every whitespace of the
    page (a 15 KB page, four patterns, in every render worker)."""
    literal = pattern.pattern[2:pattern.pattern.index(b"(")]  # after the leading \s
    at = data.find(literal, 1)
    while at != -1:
        found = pattern.match(data, at - 1)
        if found:
            return found
        at = data.find(literal, at + 1)
    return None


def page_facts(data: bytes, rel: str = "") -> PageFacts | None:
    """The facts of one HTML file (`rel`, named in the error), None when it has no
    `data-pagefind-body` region. Pagefind reads one region only (run_pagefind): a page with two
    is a template's mistake, which would leave part of the page unsearched without a word."""
    regions = body_regions(data)
    if not regions:
        return None
    if regions > 1 and _parsed_body_regions(data) > 1:  # not the name in a title, a comment or a script
        english = data[:300].find(b'<html lang="en') != -1  # the site's language, as the page states it
        raise SearchIndexError(console("en" if english else "zh", "search.two_bodies", page=rel))

    def first(pattern: re.Pattern) -> str:
        found = first_match(pattern, data)
        return html.unescape(found.group(1).decode()) if found else ""

    doc_year = _DOC_YEAR.search(first(_DOC_NO))
    # Interned as the lookup rows' dates and facets are (search/lookup.py row_of_page): few values.
    return PageFacts(agency=sys.intern(first(_AGENCY)), date=sys.intern(first(_DATE) or UNDATED),
                     year=sys.intern(first(_YEAR)), doc_year=sys.intern(doc_year.group(1) if doc_year else ""))


def survey_page(rel: str, data: bytes) -> tuple[PageFacts, search_lookup.Row | None] | None:
    """What the index needs of one rendered page (its facts, its lookup row), None when it is not
    searchable. The render workers call it on the bytes they write (generator/output/build.py),
    so the indexer need not read 10⁵ pages again, one after another, before Pagefind starts."""
    facts = page_facts(data, rel)
    if facts is None:
        return None
    return facts, search_lookup.row_of_page(rel, data)


def searchable_pages(out_dir: Path, rows: dict | None = None,
                     surveyed: dict | None = None) -> dict[str, PageFacts]:
    """Every HTML file with a `data-pagefind-body` region → its facts, sorted by path. Given
    `rows`, the lookup index's row of each is put there too (the file is read once). Given
    `surveyed` (page → survey_page's answer, for pages the build rendered), those pages are not
    read again; any other HTML file in the folder still is."""
    found: dict[str, PageFacts] = {}
    surveyed = surveyed or {}
    top = str(out_dir)
    for dirpath, dirnames, filenames in os.walk(top):
        # Paths as text: a Path for each of 10⁵ folders cost a second at 10⁵ entries.
        rel_dir = dirpath[len(top) + 1:].replace(os.sep, "/")
        if rel_dir.split("/", 1)[0] == BUNDLE_DIR:
            dirnames[:] = []
            continue
        dirnames.sort()
        prefix = rel_dir + "/" if rel_dir else ""
        for name in sorted(filenames):
            if not name.endswith(".html"):
                continue
            rel = prefix + name
            if rel in surveyed:
                survey = surveyed[rel]
            else:
                survey = survey_page(rel, Path(dirpath, name).read_bytes())
            if survey is not None:
                found[rel], row = survey
                if rows is not None and row is not None:
                    rows[rel] = row
    return dict(sorted(found.items()))


def plan_shards(pages: dict[str, PageFacts], single_max: int = SINGLE_INDEX_MAX_PAGES,
                shard_max: int = SHARD_MAX_PAGES) -> list[Shard]:
    """One index for a small site; above `single_max`, the undated pages in `site` and the
    dated ones cut by year, then into runs of months of at most `shard_max` pages.
    Listed newest first, the `site` shard (if any) before them: the first shard listed
    carries Pagefind's code and is searched by every query, so it should be small."""
    if len(pages) <= single_max:
        return [Shard("", list(pages))]
    undated = [rel for rel, f in pages.items() if f.date == UNDATED]
    months: dict[str, list[str]] = {}
    for rel, facts in sorted(pages.items(), key=lambda item: (item[1].date, item[0])):
        if facts.date != UNDATED:
            months.setdefault(facts.date[:7], []).append(rel)
    dated: list[Shard] = []
    for year in sorted({month[:4] for month in months}):
        dated.extend(_pack_year(year, {m: p for m, p in months.items() if m.startswith(year)}, shard_max))
    return ([Shard(SITE_SHARD, undated)] if undated else []) + dated[::-1]


def _pack_year(year: str, months: dict[str, list[str]], shard_max: int) -> list[Shard]:
    """A year's months, in order, in as few shards as its page count needs, of about equal size
    (so the newest shard is not a small remainder that costs a first search a shard of its
    own); a month larger than a shard is cut by count. Adding pages to the year moves a
    boundary at most by a month: the shards on either side are indexed again."""
    shards: list[Shard] = []
    for month, paths in months.items():
        if len(paths) > shard_max:  # a month bigger than a shard: cut by count, in date order
            for number, start in enumerate(range(0, len(paths), shard_max), start=1):
                shards.append(Shard(f"{month}-{number}", paths[start:start + shard_max]))
    whole = {m: p for m, p in months.items() if len(p) <= shard_max}
    shards.extend(Shard(group[0], [p for m in group for p in whole[m]]) for group in _balanced(whole, shard_max))
    return sorted(shards, key=lambda s: s.name)


def _balanced(months: dict[str, list[str]], shard_max: int) -> list[list[str]]:
    """Runs of consecutive months: the fewest of about equal size with none above shard_max."""
    ordered = sorted(months)
    total = sum(len(months[m]) for m in ordered)
    for count in range(max(1, -(-total // shard_max)), len(ordered) + 1):
        share, seen, groups = total / count, 0, {}
        for month in ordered:  # a month goes to the share its middle falls in
            groups.setdefault(int((seen + len(months[month]) / 2) // share), []).append(month)
            seen += len(months[month])
        packed = [groups[k] for k in sorted(groups)]
        if all(sum(len(months[m]) for m in group) <= shard_max for group in packed):
            return packed
    return _greedy(ordered, months, shard_max)


def _greedy(ordered: list[str], months: dict[str, list[str]], shard_max: int) -> list[list[str]]:
    packed: list[list[str]] = []
    size = 0
    for month in ordered:
        if packed and size + len(months[month]) <= shard_max:
            packed[-1].append(month)
            size += len(months[month])
        else:
            packed.append([month])
            size = len(months[month])
    return packed


def manifest_entry(shard: Shard, facts: dict[str, PageFacts], all_agencies: set[str]) -> dict:
    """What search.js needs to know of a shard without loading it. Derived from the pages'
    facts only, so the entry stays the same when only page contents change."""
    own = [facts[rel] for rel in shard.pages]
    dates = sorted(f.date for f in own if f.date != UNDATED)
    entry = {"path": f"s/{shard.name}/" if shard.name else "", "name": shard.name or "all",
             "pages": len(shard.pages), "from": dates[0] if dates else "", "to": dates[-1] if dates else "",
             "years": sorted({f.year for f in own if f.year}),
             "docyears": sorted({f.doc_year for f in own if f.doc_year})}
    agencies = held_agencies(own)
    if len(agencies) < len(all_agencies):  # listed only when it narrows an agency filter
        entry["agencies"] = agencies
    return entry


def held_agencies(facts) -> list[str]:
    return sorted({f.agency for f in facts if f.agency})


# --- running Pagefind ---------------------------------------------------------------------------

SourceOf = Callable[[str], Path]  # site-relative page → the file that holds its HTML now


def fingerprint(shard: Shard, source_of: SourceOf, language: str, primary: bool,
                known: list[str | None] | None = None) -> str:
    """What the shard's bundle is made from. `known`: the sha256 (hex) of each page's bytes where
    the build already has it (the render workers hash every page they write), so that those
    pages are not read and hashed again; the fingerprint is the same either way."""
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT}\0{INDEX_CHUNK_SIZE}\0{pagefind_version()}\0{language}\0{shard.name}\0{primary}\0".encode())
    for rel, sha in zip(shard.pages, known or itertools.repeat(None)):
        digest.update(rel.encode() + b"\0")
        digest.update(bytes.fromhex(sha) if sha else hashlib.sha256(source_of(rel).read_bytes()).digest())
    return digest.hexdigest()


def run_pagefind(shard: Shard, source_of: SourceOf, target: Path, language: str, primary: bool = True) -> None:
    """Index the shard's pages with the real Pagefind, this process's service of it
    (pagefind_service.py: one start-up for all the shards a process indexes). The pages are
    hard-linked (copied where links are not possible) into a staging folder, so Pagefind sees
    exactly this shard and computes each result URL from the page's place in the site."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-stage-", dir=target.parent) as stage_name:
        stage = Path(stage_name)
        for rel in shard.pages:
            dest = stage / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(str(source_of(rel)), str(dest))
        named = shard.name or "all"
        try:
            indexer = pagefind_service.service(pagefind_binary(), pagefind_env())
            indexer.index_folder(stage, target, pagefind_config(language))
        except pagefind_service.PagefindError as exc:
            raise SearchIndexError(f"pagefind failed on shard {named}: {exc}") from None
    if not indexed_pages(target):  # as `pagefind --site` refuses a site it found no words in
        raise SearchIndexError(f"pagefind indexed no page of shard {named} "
                               f"({len(shard.pages)} pages, none with words in its data-pagefind-body)")
    prune_bundle(target, merged_only=not primary)


def pagefind_config(language: str) -> dict:
    """The options every shard is indexed with. Pagefind reads the body region alone
    (ROOT_SELECTOR), not the header, navigation and footer around it that it would parse only
    to leave out: 12 % less of its CPU at 10⁴ entries, the index the same bytes
    (benchmarks/README.md)."""
    return {"root_selector": ROOT_SELECTOR, "force_language": language}


def pagefind_env() -> dict[str, str]:
    """Pagefind's environment: its index chunk size is read from a variable alone."""
    return dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=INDEX_CHUNK_SIZE)


def indexed_pages(bundle: Path) -> int:
    """How many pages Pagefind indexed into the bundle (its pagefind-entry.json)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())


def prune_bundle(bundle: Path, merged_only: bool) -> None:
    names = UNUSED_BUNDLE_FILES + (MERGED_ONLY_UNUSED if merged_only else ())
    for name in names:
        (bundle / name).unlink(missing_ok=True)
    if merged_only:
        for wasm in bundle.glob("wasm.*.pagefind"):
            wasm.unlink()


def cached_bundle(shard: Shard, source_of: SourceOf, cache_root: Path, language: str, primary: bool,
                  known: list[str | None] | None = None) -> Path:
    """The shard's bundle in the cache, indexed again only when its pages have changed."""
    cached = cache_root / (shard.name or "all")
    stamp = fingerprint(shard, source_of, language, primary, known)
    stamp_file = cached / "fingerprint"
    if stamp_file.is_file() and stamp_file.read_text() == stamp and (cached / "bundle").is_dir():
        return cached / "bundle"
    cached.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="bundle-", dir=cached))
    try:
        run_pagefind(shard, source_of, fresh / "bundle", language, primary)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    stamp_file.unlink(missing_ok=True)
    shutil.rmtree(cached / "bundle", ignore_errors=True)
    (fresh / "bundle").rename(cached / "bundle")
    fresh.rmdir()
    stamp_file.write_text(stamp)
    return cached / "bundle"


def build_shard(shard: Shard, out_dir: Path, cache_root: Path | None, language: str, primary: bool,
                known: list[str | None] | None = None) -> None:
    """Put the shard's bundle into the output, from the cache when its pages have not changed
    (`known`: see fingerprint)."""
    target = out_dir / shard.bundle
    source_of = _in_folder(out_dir)
    if cache_root is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        run_pagefind(shard, source_of, target, language, primary)
        return
    bundle = cached_bundle(shard, source_of, cache_root, language, primary, known)
    # Hard links, not copies: a bundle is thousands of files (one fragment per page), and
    # nothing writes into them once they are in the output.
    shutil.copytree(bundle, target, dirs_exist_ok=True, copy_function=link_or_copy)


def _in_folder(folder: Path) -> SourceOf:
    return lambda rel: folder / rel


def write_manifest(entries: list[dict], out_dir: Path, language: str) -> None:
    """What the search script reads first. Sorted, no timestamps: two builds of the same
    content are identical."""
    manifest = {"version": MANIFEST_VERSION, "language": language,
                "pages": sum(e["pages"] for e in entries), "batch_pages": batch_pages(), "shards": entries}
    (out_dir / BUNDLE_DIR).mkdir(parents=True, exist_ok=True)
    (out_dir / BUNDLE_DIR / MANIFEST).unlink(missing_ok=True)  # never write through a hard link
    (out_dir / BUNDLE_DIR / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")


def batch_pages() -> int:
    return int(os.environ.get("GONGKAI_SEARCH_BATCH_PAGES", BATCH_PAGES))


def index_site(site, out_dir: Path, *, jobs: int | None = None,
               single_max: int | None = None, shard_max: int | None = None,
               surveyed: dict | None = None, digests: dict | None = None,
               meanwhile: Callable[[], object] = lambda: None) -> list[Shard]:
    """Index the rendered site in `out_dir` (the build's temporary folder) into out_dir/pagefind/.

    `site` gives the language (--force-language: one index language for the whole site, so
    filters and ranking behave the same on every page) and the root of the build cache.
    The thresholds can be lowered with GONGKAI_SEARCH_SINGLE_MAX / GONGKAI_SEARCH_SHARD_MAX
    (and the page's batch with GONGKAI_SEARCH_BATCH_PAGES): tests and benchmarks shard a
    small site that way. `surveyed`: what the render workers read of the pages they wrote
    (survey_page), so that only other HTML files are read here; `digests`: the sha256 (hex) of
    the pages they wrote, so that the shards' fingerprints need not read them again. Returns the
    shards, with their pages. `meanwhile()` is called while Pagefind runs (the build writes its
    other files then); it must not write HTML pages into out_dir.
    """
    out_dir = Path(out_dir)
    single_max = single_max or int(os.environ.get("GONGKAI_SEARCH_SINGLE_MAX", SINGLE_INDEX_MAX_PAGES))
    shard_max = shard_max or int(os.environ.get("GONGKAI_SEARCH_SHARD_MAX", SHARD_MAX_PAGES))
    language = site_language(site)
    shutil.rmtree(out_dir / BUNDLE_DIR, ignore_errors=True)
    rows: dict = {}
    facts = searchable_pages(out_dir, rows, surveyed)
    cache_root = search_cache(site)
    if not facts:
        search_lookup.index_rows(out_dir, rows, cache_root)
        write_manifest([], out_dir, language)
        meanwhile()
        return []
    shards = plan_shards(facts, single_max, shard_max)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(shards)))
    with ThreadPoolExecutor(max_workers=1) as beside, shard_runner(workers) as runner:
        # titles, 文号 and 索引号 of every searchable page, for lookups over the whole catalog:
        # written while Pagefind runs (its processes wait on the disk at times)
        lookup = beside.submit(search_lookup.index_rows, out_dir, rows, cache_root)
        also = beside.submit(meanwhile)
        known = [[digests.get(rel) for rel in s.pages] for s in shards] if digests else itertools.repeat(None)
        try:
            list(runner.map(build_shard, shards, itertools.repeat(out_dir), itertools.repeat(cache_root),
                            itertools.repeat(language), [s is shards[0] for s in shards], known))
        finally:
            runner.shutdown(cancel_futures=True)  # after a failure: a shard already started runs to its end
            pagefind_service.stop_service()  # then the service of this process, if it ran one
        lookup.result()
        also.result()
    # With shards, pagefind/ holds no index of its own: the search script imports the first
    # shard's pagefind.js (the code stays beside the index it was built with) and merges the rest.
    all_agencies = set(held_agencies(facts.values()))
    entries = [manifest_entry(s, facts, all_agencies) for s in shards]
    write_manifest(entries, out_dir, language)
    if cache_root is not None:
        save_plan(cache_root, shards, entries, facts, language)
    return shards


def shard_runner(workers: int) -> Executor:
    """Where the shards' Pagefind is started from: with several at a time, small worker
    processes started fresh, not this one, each with a Pagefind of its own. Starting a program
    copies the starting process's page table for a moment (fork, or vfork's shared memory), and
    this process holds the whole build (about 1.7 GB at 10⁵ entries): when Pagefind was started
    once per shard, 200 starts, two at a time, made the build's summed memory count it twice
    (docs/design.md#scale)."""
    if workers <= 1:
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def site_language(site) -> str:
    return "en" if getattr(site, "lang", "zh") == "en" else "zh"


def search_cache(site) -> Path | None:
    """<site root>/.gongkai-cache/search, or None for a site without a root (no cache)."""
    root = getattr(site, "root", None)
    return Path(root) / CACHE_DIR if root is not None else None


# --- the saved plan, for the incremental build ----------------------------------------------

def save_plan(cache_root: Path, shards: list[Shard], entries: list[dict], facts: dict[str, PageFacts],
              language: str) -> None:
    """The plan of this full index: every shard with its pages (and each page's date), its
    manifest entry and whether it carries the code. Cache folders of shards that are gone
    are removed, so the cache does not grow with every re-plan."""
    plan = {"format": INDEX_FORMAT, "language": language, "agencies": held_agencies(facts.values()),
            "shards": [{"name": s.name, "bundle": s.bundle, "primary": i == 0, "entry": e,
                        "held": held_agencies(facts[rel] for rel in s.pages),
                        "pages": {rel: facts[rel].date for rel in s.pages}}
                       for i, (s, e) in enumerate(zip(shards, entries))]}
    cache_root.mkdir(parents=True, exist_ok=True)
    temporary = cache_root / f".{PLAN_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache_root / PLAN_FILE)
    keep = {s.name or "all" for s in shards}
    for folder in cache_root.iterdir():
        if folder.is_dir() and folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def load_plan(cache_root: Path) -> dict:
    path = Path(cache_root) / PLAN_FILE
    if not path.is_file():
        path = Path(cache_root) / "search" / PLAN_FILE  # given the cache's root instead
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotPlanned("no saved search plan: run a full index") from None
    if plan.get("format") != INDEX_FORMAT:
        raise NotPlanned("the saved search plan is from another index format")
    return plan


def shards_of(cache_root: Path, page_rels) -> set[str]:
    """The shards (names as in the plan, "" for a single index) holding these site-relative
    pages in the last full index. Raises NotPlanned for a page the plan does not hold."""
    plan = load_plan(cache_root)
    owner = {rel: s["name"] for s in plan["shards"] for rel in s["pages"]}
    missing = sorted(set(page_rels) - owner.keys())
    if missing:
        raise NotPlanned(f"not in the saved search plan: {', '.join(missing[:5])}")
    return {owner[rel] for rel in page_rels}


def relookup(site, out_dir: Path, pages) -> Path:
    """The lookup index with these pages (edited bodies, in place in out_dir) read again, written
    into a folder of the search cache; returns that folder, ready to replace out_dir/lookup/.
    Raises NotPlanned when the cache cannot say (then run index_site)."""
    cache_root = search_cache(site)
    if cache_root is None:
        raise NotPlanned("the site has no cache folder")
    target = cache_root / "lookup-new"
    if not search_lookup.update_pages(out_dir, pages, cache_root, target):
        raise NotPlanned("the saved lookup rows do not hold these pages")
    return target


def reindex(site, out_dir: Path, shard_names, staged: dict[str, Path]) -> dict[str, Path]:
    """Run Pagefind again for the named shards of the saved plan, each page taken from `staged`
    (site-relative path → its new HTML file) when there, else from `out_dir`. Returns bundle
    path in the site (e.g. "pagefind/s/2025-07") → the cache folder holding its new bundle,
    ready to replace the output's (the manifest stays as it is). Raises NotPlanned when a
    page no longer fits its shard (a date moved to another month, a page that lost its search
    region, a manifest entry that would change): then run index_site over the whole output."""
    cache_root = search_cache(site)
    if cache_root is None:
        raise NotPlanned("the site has no cache folder")
    plan = load_plan(cache_root)
    by_name = {s["name"]: s for s in plan["shards"]}
    out_dir = Path(out_dir)
    source_of = lambda rel: Path(staged[rel]) if rel in staged else out_dir / rel  # noqa: E731
    done: dict[str, Path] = {}
    try:
        for name in sorted(shard_names):
            saved = by_name.get(name)
            if saved is None:
                raise NotPlanned(f"no shard {name!r} in the saved search plan")
            shard = Shard(name, list(saved["pages"]))
            _check_still_planned(shard, saved, source_of, set(plan["agencies"]))
            bundle = cached_bundle(shard, source_of, cache_root, plan["language"], saved["primary"])
            done[saved["bundle"]] = bundle if shard.name else _with_manifest(bundle, out_dir)
    finally:
        pagefind_service.stop_service()
    return done


def _with_manifest(bundle: Path, out_dir: Path) -> Path:
    """A single index is the whole pagefind/ folder, which also holds the manifest (unchanged):
    a copy of the bundle (hard links) with it, so the folder can replace pagefind/ as it is."""
    ready = bundle.parent / "with-manifest"
    shutil.rmtree(ready, ignore_errors=True)
    shutil.copytree(bundle, ready, copy_function=link_or_copy)
    shutil.copyfile(out_dir / BUNDLE_DIR / MANIFEST, ready / MANIFEST)
    return ready


def _check_still_planned(shard: Shard, saved: dict, source_of: SourceOf, all_agencies: set[str]) -> None:
    facts: dict[str, PageFacts] = {}
    for rel, old_date in saved["pages"].items():
        try:
            found = page_facts(source_of(rel).read_bytes(), rel)
        except FileNotFoundError:
            found = None
        if found is None:
            raise NotPlanned(f"{rel}: no longer a searchable page")
        cut_by_count = shard.name.count("-") > 1  # 2025-07-2: a month cut by count
        if shard.name and (found.date[:7] != old_date[:7] or (cut_by_count and found.date != old_date)):
            raise NotPlanned(f"{rel}: its date moved it out of shard {shard.name!r}")
        facts[rel] = found
    if (manifest_entry(shard, facts, all_agencies) != saved["entry"]
            or held_agencies(facts.values()) != saved["held"]):
        raise NotPlanned(f"the manifest entry of shard {shard.name!r} would change")
