"""Helpers for the scale tests: run the CLI, copy a content tree, compare two outputs file by file."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = ".gongkai-cache"


def gongkai(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def build(root: Path, out: Path, as_of: str, *extra) -> tuple[int, int]:
    """A full build; return (pages, pages reused from the build cache) as the command reports them."""
    kind, counts = build_kind(root, out, as_of, *extra)
    assert kind == "full", f"expected a full build, got {kind}"
    return counts


def build_kind(root: Path, out: Path, as_of: str, *extra) -> tuple[str, tuple[int, int]]:
    """Build; return what the command said it did: ("full", (pages, reused)), ("same", (0, 0))
    when nothing changed, ("bodies", (pages updated, search shards updated)) when only bodies did."""
    import re

    done = gongkai("build", "--root", root, "--as-of", as_of, "-o", out, *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    if "内容与上次构建相同" in done.stderr:
        return "same", (0, 0)
    fast = re.search(r"只有正文有改动：更新了 (\d+) 个页面（[^）]*）和 (\d+) 个搜索分卷", done.stderr)
    if fast:
        return "bodies", (int(fast.group(1)), int(fast.group(2)))
    counts = re.search(r"生成 (\d+) 个页面（(\d+) 个未变", done.stderr)
    assert counts, done.stderr
    return "full", (int(counts.group(1)), int(counts.group(2)))


def copy_source(root: Path, target: Path) -> Path:
    """The content tree without its build cache: what a fresh checkout builds from."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns(CACHE, "site"))
    return target


def files_of(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(skip):
            found[rel] = path.read_bytes()
    return found


def differences(a: Path, b: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Names only in one of the folders, and files that differ (empty when identical): byte for
    byte, except Pagefind's bundle under pagefind/, compared by meaning (see search_bundle)."""
    left, right = files_of(a, skip + ("pagefind/",)), files_of(b, skip + ("pagefind/",))
    if "pagefind/" not in skip:
        left.update({f"pagefind/{k}": v for k, v in search_bundle(a / "pagefind").items()})
        right.update({f"pagefind/{k}": v for k, v in search_bundle(b / "pagefind").items()})
    problems = [f"only in {a.name}: {n}" for n in sorted(left.keys() - right.keys())]
    problems += [f"only in {b.name}: {n}" for n in sorted(right.keys() - left.keys())]
    problems += [f"differs: {n}" for n in sorted(left.keys() & right.keys()) if left[n] != right[n]]
    return problems


# --- a sharded site's search against a single build's (tests/scale/test_shards.py,
# benchmarks/shard_sim.py): the bundles split the words differently, so what is compared is
# what a search finds, the pages' fragments and the pages under every filter value.

def bundles(site: Path) -> list[Path]:
    listing = json.loads((site / "pagefind" / "gongkai-search.json").read_text(encoding="utf-8"))
    return [site / "pagefind" / s["path"] for s in listing["shards"]]


def fragments(site: Path) -> list[str]:
    found = []
    for bundle in bundles(site):
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
            found.append(json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False))
    return sorted(found)


def filter_counts(site: Path) -> Counter:
    counts: Counter = Counter()
    for bundle in bundles(site):
        for path in (bundle / "filter").glob("*.pf_filter"):
            name, values = _decoded(path.read_bytes())
            for value, pages in values:
                counts[(name, value)] += len(pages)
    return counts


# --- Pagefind's index, compared by meaning ------------------------------------------------------
# Pagefind 1.5 writes its filter files from a hash map: two runs over the same pages give the
# same values in another order, hence other bytes and other (content-hashed) file names, and
# the metadata file that names them differs too. Every other file it writes (index chunks,
# fragments) is the same bytes. So the search bundle is compared decoded: filter files by the
# filter they hold, values sorted; the metadata with the filter files' names left out.

def _cbor(data: bytes, at: int = 0):
    """A minimal CBOR reader (what Pagefind writes: ints, byte/text strings, arrays, maps)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    if major in (0, 1):
        return (value if major == 0 else -1 - value), at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(value):
            key, at = _cbor(data, at)
            item, at = _cbor(data, at)
            pairs.append((key, item))
        return dict(pairs), at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    raise ValueError(f"CBOR type {major}/{info} not expected in a Pagefind file")


def _decoded(data: bytes):
    data = gzip.decompress(data)
    assert data.startswith(b"pagefind_dcd"), "not a Pagefind file"
    return _cbor(data, len(b"pagefind_dcd"))[0]


def _sorted_deep(value):
    if isinstance(value, (list, tuple)):
        return sorted((_sorted_deep(v) for v in value), key=repr)
    if isinstance(value, dict):
        return sorted(((k, _sorted_deep(v)) for k, v in value.items()), key=repr)
    return value


def search_bundle(folder: Path) -> dict:
    """Every file under pagefind/, with filter files and the metadata made order-free."""
    found: dict = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".pf_filter":
            decoded = _decoded(path.read_bytes())
            found[f"{path.parent.relative_to(folder).as_posix()}/filter:{decoded[0]}"] = _sorted_deep(decoded)
        elif path.suffix == ".pf_meta":
            decoded = _decoded(path.read_bytes())
            found[f"{path.parent.relative_to(folder).as_posix()}/meta"] = _without_filter_names(decoded)
        elif path.name == "pagefind-entry.json":
            entry = json.loads(path.read_bytes())
            for language in entry.get("languages", {}).values():
                language.pop("hash", None)
            found[rel] = entry
        else:
            found[rel] = path.read_bytes()
    return found


def _without_filter_names(meta):
    """pf_meta is [version, pages, index chunks, filters, sorts]; a filter row is [name, hash]."""
    meta = list(meta)
    if len(meta) > 3 and isinstance(meta[3], list):
        meta[3] = sorted(row[0] for row in meta[3])
    return meta
