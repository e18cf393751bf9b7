"""The demo built in two shards and assembled is the demo built at once.

Every file outside pagefind/ must be the same bytes. The search index cannot be: a single
build of the demo has one Pagefind index, the assembled site has one per shard (plus the
portal's own) merged in the browser, so the index files split the same words differently.
What a search finds is decided by the pages indexed and their words, filters and sort keys,
all of which Pagefind keeps in its fragment files (one per page, with the page's segmented
text): those must be the same set, and every filter value must count the same pages. That
the browser merges shards into the same results as one index is tested in tests/browser.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .compare import REPO, build, bundles, differences, filter_counts, fragments, gongkai

AS_OF = "2026-11-23"


def demo_agencies() -> list[str]:
    text = (REPO / "content" / "agencies.yml").read_text(encoding="utf-8")
    return re.findall(r"^  - id: (\S+)$", text, re.M)


def demo_copy(target: Path) -> Path:
    target.mkdir()
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "site_config.yml", target / "site_config.yml")
    return target


def test_two_shards_assemble_into_the_single_build(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agencies = demo_agencies()
    half = len(agencies) // 2
    assert half >= 1
    build(root, tmp_path / "shard-b", AS_OF, "--shard", *agencies[half:])
    build(root, tmp_path / "shard-a", AS_OF, "--shard", *agencies[:half])
    assembled = tmp_path / "assembled"
    done = gongkai("assemble", tmp_path / "shard-b", tmp_path / "shard-a", "--root", root, "-o", assembled)
    assert done.returncode == 0, done.stderr

    single_root = demo_copy(tmp_path / "single-src")  # its own (empty) cache: a cold build
    build(single_root, tmp_path / "single", AS_OF)

    assert differences(tmp_path / "single", assembled, skip=("pagefind/",)) == []
    assert fragments(assembled) == fragments(tmp_path / "single")
    assert filter_counts(assembled) == filter_counts(tmp_path / "single")
    first = bundles(assembled)[0]
    assert (first / "pagefind.js").is_file()  # the search script imports Pagefind from the first bundle
    assert all(list(b.glob("*.pf_meta")) for b in bundles(assembled))


def test_a_shard_holds_only_its_agencies(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agency = demo_agencies()[0]
    out = tmp_path / "shard"
    build(root, out, AS_OF, "--shard", agency)
    manifest = json.loads((out / "gongkai-shard.json").read_text(encoding="utf-8"))
    assert manifest["agencies"] == [agency]
    assert manifest["entries"] and {row["record"]["agency"] for row in manifest["entries"]} == {agency}
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")}
    assert not (out / "index.html").exists() and not (out / "assets").exists()  # the portal's
    assert all(p.startswith(("catalog/", "interpretations/", "reports/")) for p in pages)
    other = [p for p in pages if p.startswith("catalog/") and agency not in p]
    assert other == []


def test_assemble_refuses_overlapping_shards(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agency = demo_agencies()[0]
    build(root, tmp_path / "one", AS_OF, "--shard", agency)
    build(root, tmp_path / "two", AS_OF, "--shard", agency, "--no-search")
    done = gongkai("assemble", tmp_path / "one", tmp_path / "two", "--root", root, "-o", tmp_path / "out")
    assert done.returncode == 1 and agency in done.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_shard_agency_is_a_usage_error(tmp_path):
    root = demo_copy(tmp_path / "demo")
    done = gongkai("build", "--root", root, "--as-of", AS_OF, "-o", tmp_path / "out", "--shard", "no-such-agency")
    assert done.returncode == 2 and "no-such-agency" in done.stderr


def test_shard_pages_are_linked_in_and_a_clash_is_refused(tmp_path):
    from generator.output.shards import copy_shard_pages, shard_lookup_rows

    shard = tmp_path / "shard"
    for rel, data in {"catalog/a/1/index.html": b"page", "content/f.pdf": b"same", "gongkai-shard.json": b"{}",
                      "gongkai-shard-lookup.json": b"{}", "pagefind/x.pf_meta": b"", "lookup/meta.json": b"{}"}.items():
        (shard / rel).parent.mkdir(parents=True, exist_ok=True)
        (shard / rel).write_bytes(data)
    work = tmp_path / "work"
    (work / "content").mkdir(parents=True)
    (work / "content" / "f.pdf").write_bytes(b"same")  # the portal links the same file
    copy_shard_pages(shard, work)
    placed = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    assert placed == {"catalog/a/1/index.html", "content/f.pdf"}
    assert (work / "catalog/a/1/index.html").samefile(shard / "catalog/a/1/index.html")  # linked, not copied

    other = tmp_path / "other"
    (other / "content").mkdir(parents=True)
    (other / "content" / "f.pdf").write_bytes(b"different")
    with pytest.raises(ValueError, match="content/f.pdf differs"):
        copy_shard_pages(shard, other)
    assert (other / "content" / "f.pdf").read_bytes() == b"different"
    with pytest.raises(ValueError, match="gongkai-shard-lookup.json"):
        shard_lookup_rows(shard)  # not the rows a shard's indexer kept
