"""The search index a build writes from what its render workers read of each page is the index
that reading the built pages back from disk gives (generator/search/index.py survey_page)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from generator.search.index import index_site

from .compare import build, differences
from .test_shards import AS_OF, demo_copy


def test_the_index_of_a_build_is_the_index_of_its_pages_read_back(tmp_path, monkeypatch):
    # small shards, so that the facts decide many shards and their manifest entries
    monkeypatch.setenv("GONGKAI_SEARCH_SINGLE_MAX", "20")
    monkeypatch.setenv("GONGKAI_SEARCH_SHARD_MAX", "15")
    root = demo_copy(tmp_path / "demo")
    built = tmp_path / "built"
    build(root, built, AS_OF, "--jobs", "2")  # the workers survey the pages they render
    read_back = tmp_path / "read-back"
    shutil.copytree(built, read_back)
    shutil.rmtree(read_back / "pagefind")
    shutil.rmtree(read_back / "lookup")
    shards = index_site(SimpleNamespace(lang="zh", root=None), read_back)  # no cache: every page read
    assert len(shards) > 3
    assert differences(built, read_back) == []
