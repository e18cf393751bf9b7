"""An incremental build (with the build cache of the previous builds) gives the same files,
byte for byte, as a cold build of the same content: after nothing changed and a body edit
(both done without loading the site, generator/output/incremental.py), an entry moved to another
agency, a deletion and an entry turned into a draft (full builds with the build cache).

The corpus is the benchmark's synthetic catalog (benchmarks/corpus.py), small: 60 entries
over 3 agencies, with its annual reports. Each step builds the evolving tree incrementally
and a copy of it (without .gongkai-cache) cold, and compares the two outputs, search index
included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .compare import CACHE, REPO, build, build_kind, copy_source, differences

AS_OF = "2026-11-01"  # the corpus's own date: every scheduled entry is due


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("corpus")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus.py"), "60", str(base),
                           "--agencies", "3", "--jobs", "1"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return base / "gongkai"


def entries(root: Path) -> list[Path]:
    return sorted((root / "content" / "catalog").rglob("*.md"))


def public_entry(root: Path, agency: str | None = None) -> Path:
    """A 主动公开 entry that is not a draft (of the agency, when given)."""
    for path in entries(root):
        text = path.read_text(encoding="utf-8")
        if "disclosure: 主动公开" in text and "draft: true" not in text and (agency is None or path.parts[-3] == agency):
            return path
    raise AssertionError("the corpus has no public entry")


def agency_codes(root: Path) -> dict[str, str]:
    text = (root / "content" / "agencies.yml").read_text(encoding="utf-8")
    return dict(re.findall(r'- id: (\S+)\n(?:    .*\n)*?    code: "([^"]+)"', text))


def check_step(root: Path, tmp: Path, name: str) -> tuple[str, tuple[int, int]]:
    """Build the tree incrementally and a fresh copy cold; the outputs must be identical.
    Returns what the incremental build did (compare.build_kind)."""
    warm, cold = tmp / f"{name}-warm", tmp / f"{name}-cold"
    done = build_kind(root, warm, AS_OF)
    assert not_in_snapshot(warm, root) == []
    source = copy_source(root, tmp / f"{name}-source")
    assert build(source, cold, AS_OF)[1] == 0  # a fresh checkout has no cache
    assert differences(warm, cold) == []
    return done


def not_in_snapshot(out: Path, root: Path) -> list[str]:
    """Files of the output that the snapshot the next build starts from does not hold as the
    same file, and files the snapshot holds that the output has not. A full build takes it in
    two parts, the search index last (generator/output/incremental.py Recorder)."""
    snapshot = root / CACHE / "site"
    here = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    there = {p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()}
    return sorted((here ^ there) | {rel for rel in here & there if not os.path.samefile(out / rel, snapshot / rel)})


def test_incremental_builds_equal_cold_builds(corpus, tmp_path):
    root = copy_source(corpus, tmp_path / "root")
    build(root, tmp_path / "first", AS_OF)  # fills the cache
    assert (root / CACHE / "pages" / "manifest.pickle").is_file()

    assert check_step(root, tmp_path, "unchanged") == ("same", (0, 0))  # linked from the last site

    edited = public_entry(root)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.rstrip("\n") + "\n\n本段为增量构建测试所加。\n", encoding="utf-8")
    # Its page and the search shard that holds it, without loading the site (generator/output/incremental.py)
    assert check_step(root, tmp_path, "body-edit") == ("bodies", (1, 1))

    codes = agency_codes(root)
    moved = public_entry(root, "gov-office")
    text = moved.read_text(encoding="utf-8")
    year = moved.parts[-2]
    text = re.sub(r"^agency: .*$", "agency: jyj", text, count=1, flags=re.M)
    text = re.sub(r"^index_no: .*$", f"index_no: {codes['jyj']}/{year}-09999", text, count=1, flags=re.M)
    text = re.sub(r"^doc_no: .*\n", "", text, count=1, flags=re.M)  # its 文号 was the old agency's
    target = root / "content" / "catalog" / "jyj" / year / f"{year}-09999.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    moved.unlink()
    check_step(root, tmp_path, "agency-move")

    deleted = public_entry(root, "fgj")
    deleted.unlink()
    check_step(root, tmp_path, "delete")

    drafted = public_entry(root, "fgj")
    title = re.search(r"^title: (.*)$", drafted.read_text(encoding="utf-8"), re.M).group(1)
    drafted.write_text(drafted.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1),
                       encoding="utf-8")
    check_step(root, tmp_path, "draft")
    # The full builds above replaced the snapshot's pages and shards: the next is linked from it.
    assert check_step(root, tmp_path, "unchanged-again") == ("same", (0, 0))
    leaked = [p for p in (tmp_path / "draft-warm").rglob("*") if p.is_file() and _mentions(p, title)]
    assert leaked == []


def _mentions(path: Path, text: str) -> bool:
    """Whether a built file names the text (Pagefind's files are gzip-compressed)."""
    import gzip

    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif data.startswith(b"pagefind_dcd"):
        data = gzip.decompress(data[len(b"pagefind_dcd"):]) if data[12:14] == b"\x1f\x8b" else data
    return text.encode("utf-8") in data


def test_findings_are_the_same_from_the_parse_cache(corpus, tmp_path):
    """A file taken from .gongkai-cache/parsed reports what parsing it afresh reports."""
    from .compare import gongkai

    root = copy_source(corpus, tmp_path / "root")
    broken = public_entry(root)
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nwritten: ", "\nwritten: 2019-02-30\nx_written: ", 1),
                      encoding="utf-8")
    runs = [gongkai("build", "--root", root, "--as-of", AS_OF, "-o", tmp_path / "out", "--format", "json")
            for _ in range(2)]
    assert (root / CACHE / "parsed").is_dir()
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout and broken.name in runs[0].stdout
