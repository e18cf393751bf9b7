"""The search index: Pagefind (extended binary, for Chinese word segmentation) over the built site.

Only what the templates mark with `data-pagefind-body` is indexed (entries, interpretations,
reports, free pages), which also keeps the indexer's memory down. Filters, sort keys, the
extra n-gram words and the 文号 token come from the partial `search_meta.html`
(see `generator.search_tokens` for what those words are and why).

Pagefind has no incremental mode and its memory grows with what one run sees, so a large
site is indexed in shards (DESIGN.md, "Scale"):

- up to SINGLE_INDEX_MAX_PAGES searchable pages: one index at `pagefind/`. Sharding costs
  the reader bytes (every shard brings its own entry file, metadata file and index chunk
  for each query term: measured in tests/browser, reported in test-output/weights.json), so
  a small site does not pay for it;
- above: agencies are packed, in id order, into shards of at most SHARD_MAX_PAGES pages
  (an agency larger than that is split by year), each indexed by its own Pagefind run,
  in parallel, into `pagefind/s/<shard>/`; the browser merges them with Pagefind's
  `mergeIndex`. Filters and sort keys are the same in every shard.

`pagefind/gongkai-search.json` lists the bundles for the site's search script. Each shard's
bundle is cached under `.gongkai-cache/search/` keyed by a fingerprint of its pages, so a
one-entry edit re-runs Pagefind for that entry's shard only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BUNDLE_DIR = "pagefind"
MANIFEST = "gongkai-search.json"
CACHE_DIR = Path(".gongkai-cache") / "search"
SINGLE_INDEX_MAX_PAGES = 10_000
SHARD_MAX_PAGES = 10_000
# Words per index chunk (Pagefind's default is 20,000, about 24 KB a chunk). A query loads
# one chunk per query word and our query runs three searches (exact, grams, plain), so a
# first search downloads several chunks: at 5,000 each is about 6 KB, which takes a small
# site's first search from ~175 KB to ~120 KB; at 10,000 pages the metadata file grows by
# about 7 KB for it (measured; see the module docstring of tests/browser/test_search.py).
# The variable is marked unstable by Pagefind; pagefind is pinned to 1.5.x in pyproject.toml,
# and without it the index is only larger per chunk, never wrong.
INDEX_CHUNK_SIZE = "5000"
# Bumped when what we feed Pagefind changes in a way the page files do not show.
INDEX_FORMAT = "2"

# Files of the Pagefind bundle that the site never loads (its prebuilt UIs: we ship our own
# small search script on the JS API). Removed so the published site carries no dead weight.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
# A shard that is not the first one is only ever merged: its copy of the code is not needed.
MERGED_ONLY_UNUSED = ("pagefind.js", "pagefind-worker.js")

_BODY = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=>/]")
_SHARD_KEY = re.compile(rb'\sdata-gongkai-shard="([^"]*)"')


class SearchIndexError(RuntimeError):
    """Pagefind failed: an environment or generator problem, never a content finding."""


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

def searchable_pages(out_dir: Path) -> dict[str, str]:
    """Every HTML file with a `data-pagefind-body` region → its shard key (the agency id
    written by search_meta.html as data-gongkai-shard, "" for site pages), sorted by path."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(out_dir):
        rel_dir = Path(dirpath).relative_to(out_dir)
        if rel_dir.parts[:1] == (BUNDLE_DIR,):
            dirnames[:] = []
            continue
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".html"):
                continue
            data = (Path(dirpath) / name).read_bytes()
            if not _BODY.search(data):
                continue
            key = _SHARD_KEY.search(data)
            found[(rel_dir / name).as_posix()] = key.group(1).decode() if key else ""
    return dict(sorted(found.items()))


def plan_shards(pages: dict[str, str], single_max: int = SINGLE_INDEX_MAX_PAGES,
                shard_max: int = SHARD_MAX_PAGES) -> list[Shard]:
    """One index for a small site; above `single_max`, agencies packed in id order into shards
    of at most `shard_max` pages. Packing in a fixed order keeps an agency in the same shard
    from build to build, so an edit invalidates one shard's cache."""
    if len(pages) <= single_max:
        return [Shard("", list(pages))]
    by_key: dict[str, list[str]] = {}
    for path, key in pages.items():
        by_key.setdefault(key, []).append(path)
    pieces: list[tuple[str, list[str]]] = []
    for key in sorted(by_key):
        paths = by_key[key]
        if len(paths) <= shard_max:
            pieces.append((key or "site", paths))
        else:  # one agency bigger than a shard: split its pages by year folder, then by count
            pieces.extend(_split_large(key, paths, shard_max))
    shards: list[Shard] = []
    for label, paths in pieces:
        if shards and len(shards[-1].pages) + len(paths) <= shard_max:
            shards[-1].pages.extend(paths)
        else:
            shards.append(Shard(_shard_name(len(shards), label), list(paths)))
    return shards


def _split_large(key: str, paths: list[str], shard_max: int) -> list[tuple[str, list[str]]]:
    by_year: dict[str, list[str]] = {}
    for path in paths:
        year = next((p for p in path.split("/") if re.fullmatch(r"(19|20)\d\d", p)), "other")
        by_year.setdefault(year, []).append(path)
    pieces = []
    for year in sorted(by_year):
        group = by_year[year]
        for start in range(0, len(group), shard_max):
            pieces.append((f"{key}-{year}", group[start:start + shard_max]))
    return pieces


def _shard_name(number: int, label: str) -> str:
    safe = re.sub(r"[^a-z0-9-]+", "-", label.lower()).strip("-") or "site"
    return f"{number:03d}-{safe}"


# --- running Pagefind ---------------------------------------------------------------------------

def fingerprint(shard: Shard, out_dir: Path, language: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT}\0{pagefind_version()}\0{language}\0{shard.name}\0".encode())
    for rel in shard.pages:
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.sha256((out_dir / rel).read_bytes()).digest())
    return digest.hexdigest()


def run_pagefind(shard: Shard, out_dir: Path, target: Path, language: str) -> None:
    """Index the shard's pages with the real CLI. The pages are hard-linked (copied where
    links are not possible) into a staging folder, so Pagefind sees exactly this shard and
    computes each result URL from the page's place in the site."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-stage-", dir=out_dir.parent) as stage_name:
        stage = Path(stage_name)
        for rel in shard.pages:
            dest = stage / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(out_dir / rel, dest)
            except OSError:
                shutil.copyfile(out_dir / rel, dest)
        command = [str(pagefind_binary()), "--site", str(stage), "--output-path", str(target),
                   "--force-language", language, "--silent"]
        env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=INDEX_CHUNK_SIZE)
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SearchIndexError(f"pagefind failed on shard {shard.name or 'all'} "
                                   f"(exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    prune_bundle(target, merged_only=False)


def prune_bundle(bundle: Path, merged_only: bool) -> None:
    names = UNUSED_BUNDLE_FILES + (MERGED_ONLY_UNUSED if merged_only else ())
    for name in names:
        (bundle / name).unlink(missing_ok=True)
    if merged_only:
        for wasm in bundle.glob("wasm.*.pagefind"):
            wasm.unlink()


def build_shard(shard: Shard, out_dir: Path, cache_root: Path | None, language: str) -> bool:
    """Put the shard's bundle into the output, from the cache when its pages have not changed.
    Returns True when Pagefind had to run."""
    target = out_dir / shard.bundle
    if cache_root is None:
        run_pagefind(shard, out_dir, target, language)
        return True
    cached = cache_root / (shard.name or "all")
    stamp = fingerprint(shard, out_dir, language)
    stamp_file = cached / "fingerprint"
    if not (stamp_file.is_file() and stamp_file.read_text() == stamp and (cached / "bundle").is_dir()):
        shutil.rmtree(cached, ignore_errors=True)
        cached.mkdir(parents=True)
        run_pagefind(shard, out_dir, cached / "bundle", language)
        stamp_file.write_text(stamp)
        ran = True
    else:
        ran = False
    # Hard links, not copies: a bundle is thousands of files (one fragment per page), and
    # nothing writes into them once they are in the output (pruning only unlinks).
    shutil.copytree(cached / "bundle", target, dirs_exist_ok=True, copy_function=_link_or_copy)
    return ran


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)


def write_manifest(shards: list[Shard], out_dir: Path, language: str) -> None:
    """What the search script reads first: the bundles to load (relative to pagefind/) and
    the index language. Sorted, no timestamps: two builds of the same content are identical."""
    manifest = {
        "version": 1,
        "language": language,
        "shards": [{"path": "" if not s.name else f"s/{s.name}/", "name": s.name or "all", "pages": len(s.pages)}
                   for s in shards],
    }
    (out_dir / BUNDLE_DIR / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")


def index_site(site, out_dir: Path, *, jobs: int | None = None,
               single_max: int | None = None, shard_max: int | None = None) -> list[Shard]:
    """Index the rendered site in `out_dir` (the build's temporary folder) into out_dir/pagefind/.

    `site` gives the language (--force-language: one index language for the whole site, so
    filters and ranking behave the same on every page) and the root of the build cache.
    The thresholds can be lowered with GONGKAI_SEARCH_SINGLE_MAX / GONGKAI_SEARCH_SHARD_MAX
    (tests and benchmarks shard a small site that way). Returns the shards, with their pages.
    """
    out_dir = Path(out_dir)
    single_max = single_max or int(os.environ.get("GONGKAI_SEARCH_SINGLE_MAX", SINGLE_INDEX_MAX_PAGES))
    shard_max = shard_max or int(os.environ.get("GONGKAI_SEARCH_SHARD_MAX", SHARD_MAX_PAGES))
    language = "en" if getattr(site, "lang", "zh") == "en" else "zh"
    bundle_root = out_dir / BUNDLE_DIR
    shutil.rmtree(bundle_root, ignore_errors=True)
    shards = plan_shards(searchable_pages(out_dir), single_max, shard_max)
    if not shards[0].pages:
        bundle_root.mkdir(parents=True, exist_ok=True)
        write_manifest([], out_dir, language)
        return []
    root = getattr(site, "root", None)
    cache_root = Path(root) / CACHE_DIR if root is not None else None
    workers = max(1, min(jobs or os.cpu_count() or 1, len(shards)))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # each worker waits on its own Pagefind process
        list(pool.map(lambda s: build_shard(s, out_dir, cache_root, language), shards))
    for shard in shards[1:]:
        prune_bundle(out_dir / shard.bundle, merged_only=True)
    # With shards, pagefind/ holds no index of its own: the search script imports the first
    # shard's pagefind.js (the code stays beside the index it was built with) and merges the rest.
    write_manifest(shards, out_dir, language)
    return shards


def assemble_search(out_dir: Path, parts: list[Path]) -> list[dict]:
    """Join the search bundles of separately built shard sites (`gongkai build --shard …`) into
    out_dir/pagefind/: each part's bundles move to pagefind/s/<part>-<shard>/ and one manifest
    lists them all; the browser merges them as it merges the shards of one build. The first
    bundle keeps Pagefind's code (every part runs the same pinned Pagefind version)."""
    out_dir = Path(out_dir)
    target_root = out_dir / BUNDLE_DIR
    shutil.rmtree(target_root, ignore_errors=True)
    entries: list[dict] = []
    language = "zh"
    for part in parts:
        manifest_file = Path(part) / BUNDLE_DIR / MANIFEST
        if not manifest_file.is_file():
            continue
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        language = manifest.get("language", language)
        for shard in manifest["shards"]:
            name = _shard_name(len(entries), f"{Path(part).name}-{shard['name']}")
            shutil.copytree(Path(part) / BUNDLE_DIR / shard["path"], target_root / "s" / name,
                            ignore=shutil.ignore_patterns("s", MANIFEST))
            entries.append({"path": f"s/{name}/", "name": name, "pages": shard["pages"]})
    for entry in entries[1:]:
        prune_bundle(target_root / entry["path"], merged_only=True)
    target_root.mkdir(parents=True, exist_ok=True)
    (target_root / MANIFEST).write_text(json.dumps({"version": 1, "language": language, "shards": entries},
                                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return entries
