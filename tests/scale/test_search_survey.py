"""The search index a build writes from what its render workers read of each page is the index
that reading the built pages back from disk gives (generator/search/index.py survey_page)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from generator.search import index as search_index
from generator.search.index import index_site

from .compare import build, differences, filter_counts
from .test_shards import AS_OF, demo_copy


def small_shards_build(tmp_path, monkeypatch):
    """The demo built with small search shards, so that the facts decide many shards and their
    manifest entries; (site root, output folder)."""
    monkeypatch.setenv("GONGKAI_SEARCH_SINGLE_MAX", "20")
    monkeypatch.setenv("GONGKAI_SEARCH_SHARD_MAX", "15")
    root = demo_copy(tmp_path / "demo")
    built = tmp_path / "built"
    build(root, built, AS_OF, "--jobs", "2")  # the workers survey the pages they render
    return root, built


def index_read_back(built, tmp_path) -> list:
    """Index a copy of the built site from its pages on disk (no cache: every page read)."""
    read_back = tmp_path / "read-back"
    shutil.copytree(built, read_back)
    shutil.rmtree(read_back / "pagefind")
    shutil.rmtree(read_back / "lookup")
    shards = index_site(SimpleNamespace(lang="zh", root=None), read_back)
    assert differences(built, read_back) == []
    return shards


def assert_fingerprints_of_pages_on_disk(root, built) -> None:
    """The build gives the indexer the sha256 the render workers computed of each page (or the
    build cache's name of a placed one), so that the shards' fingerprints need not read 10⁵ pages
    again: they must be the fingerprints the pages on disk give, or the next build would index
    every shard again."""
    cache = search_index.search_cache(SimpleNamespace(root=root))
    for shard in search_index.load_plan(cache)["shards"]:
        on_disk = search_index.fingerprint(search_index.Shard(shard["name"], list(shard["pages"])),
                                           lambda rel: built / rel, "zh", shard["primary"])
        assert (cache / shard["name"] / "fingerprint").read_text() == on_disk, shard["name"]


def test_the_index_of_a_build_is_the_index_of_its_pages_read_back(tmp_path, monkeypatch):
    root, built = small_shards_build(tmp_path, monkeypatch)
    assert len(index_read_back(built, tmp_path)) > 3
    assert_fingerprints_of_pages_on_disk(root, built)


def test_pages_placed_from_the_build_cache_are_indexed_as_read_back(tmp_path, monkeypatch):
    # A rebuild after an agency's name changed: most pages are placed from the build cache (their
    # survey is read from the stored object), the agency's pages are rendered again. Its index
    # must be the one the pages on disk give, with the new name in the agency filter.
    root, built = small_shards_build(tmp_path, monkeypatch)
    agencies = root / "content" / "agencies.yml"
    text = agencies.read_text(encoding="utf-8")
    assert "name: 湛江市人民政府办公室\n" in text
    agencies.write_text(text.replace("name: 湛江市人民政府办公室\n", "name: 湛江市人民政府办公厅\n"), encoding="utf-8")
    pages, reused = build(root, built, AS_OF, "--jobs", "2")
    assert 0 < reused < pages  # some placed, some rendered again
    index_read_back(built, tmp_path)
    assert_fingerprints_of_pages_on_disk(root, built)
    assert ("agency", "湛江市人民政府办公厅") in filter_counts(built)
    assert ("agency", "湛江市人民政府办公室") not in filter_counts(built)


def test_a_file_that_cannot_be_written_while_pagefind_runs_fails_the_build(tmp_path, monkeypatch, capsys):
    # The exports are written beside the search index: a failure there still fails the build
    # and leaves the previous site as it was, with no temporary folder behind.
    from generator import cli
    from generator.render import pages

    root = demo_copy(tmp_path / "demo")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = pages.write_files

    def failing(files, out_dir):
        if any(f.path == "catalog.json" for f in files):
            raise OSError(28, "No space left on device")
        real(files, out_dir)

    monkeypatch.setattr(pages, "write_files", failing)
    (root / "content" / "agencies.yml").write_text(
        (root / "content" / "agencies.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cli.main(["build", "--root", str(root), "--as-of", AS_OF, "-o", str(out)]) != 0
    assert "构建失败，原有的输出目录保持不变：OSError: [Errno 28] No space left on device" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "site"]
