"""The indexer and the search words, without a browser (the real Pagefind binary, small trees)."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path
from types import SimpleNamespace

from generator import search_index, search_tokens
from generator.search_index import Shard, index_site, plan_shards


def page(out: Path, rel: str, agency: str, title: str, doc_no: str = "") -> None:
    grams = search_tokens.title_grams(title)
    exact = search_tokens.exact_tokens(doc_no)
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<nav>导航不进索引</nav><article data-pagefind-body>
<div hidden aria-hidden="true" data-pagefind-ignore data-gongkai-shard="{agency}">
<span data-pagefind-meta="title:{title}"></span><span data-pagefind-filter="agency:{agency}"></span>
<span data-pagefind-sort="date:2020-01-01"></span><span data-pagefind-meta="g:{grams}"></span>
{'<span data-pagefind-meta="k:' + exact + '"></span>' if exact else ''}</div>
<h1>{title}</h1><p>为进一步做好政务公开工作，现将有关事项通知如下。</p></article></body></html>""", encoding="utf-8")


def small_site(out: Path) -> None:
    page(out, "catalog/a/1/index.html", "a", "关于调整政务公开工作领导小组成员的通知", "湛府办〔2018〕22号")
    page(out, "catalog/a/2/index.html", "a", "湛江市2019年政务公开工作要点")
    page(out, "catalog/b/1/index.html", "b", "关于废止部分规范性文件的决定")
    (out / "index.html").write_text("<html><body>首页，没有 data-pagefind-body</body></html>", encoding="utf-8")


def test_small_site_gets_one_index_without_the_unused_ui_files(tmp_path):
    out = tmp_path / "site"
    small_site(out)
    shards = index_site(SimpleNamespace(lang="zh", root=None), out)
    assert [s.name for s in shards] == [""] and len(shards[0].pages) == 3  # the home page has no body
    manifest = json.loads((out / "pagefind" / "gongkai-search.json").read_text())
    assert manifest["shards"] == [{"path": "", "name": "all", "pages": 3}] and manifest["language"] == "zh"
    assert (out / "pagefind" / "pagefind.js").is_file() and list((out / "pagefind").glob("*.pf_meta"))
    assert not (out / "pagefind" / "pagefind-ui.js").exists()
    assert not list(tmp_path.glob(".pagefind-stage-*")), "the staging folder is removed"


def test_shards_are_packed_by_agency_and_large_agencies_split_by_year():
    pages = {f"catalog/a/{2000 + i % 3}/{i}/index.html": "a" for i in range(7)}
    pages |= {f"catalog/b/2020/{i}/index.html": "b" for i in range(2)}
    pages |= {"pages/guide/index.html": ""}
    assert len(plan_shards(pages, single_max=10, shard_max=4)) == 1
    shards = plan_shards(pages, single_max=5, shard_max=4)
    assert all(len(s.pages) <= 4 for s in shards)
    assert sorted(p for s in shards for p in s.pages) == sorted(pages)
    names = [s.name for s in shards]
    assert names == sorted(names) and names[0].startswith("000-")
    shard_of = {p: s.name for s in shards for p in s.pages}
    for year in ("2000", "2001", "2002"):  # agency a is larger than a shard: split by year, never within one
        assert len({shard_of[p] for p in pages if p.startswith(f"catalog/a/{year}/")}) == 1
    assert len({shard_of[p] for p in pages if p.startswith("catalog/b/")}) == 1


def test_an_edit_reindexes_only_its_shard_and_equals_a_cold_build(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    site = SimpleNamespace(lang="zh", root=root)
    monkeypatch.setenv("GONGKAI_SEARCH_SINGLE_MAX", "1")
    monkeypatch.setenv("GONGKAI_SEARCH_SHARD_MAX", "2")
    ran: list[str] = []
    real = search_index.run_pagefind
    monkeypatch.setattr(search_index, "run_pagefind",
                        lambda shard, *a: (ran.append(shard.name), real(shard, *a))[1])

    first = tmp_path / "first"
    small_site(first)
    shards = index_site(site, first)
    assert len(shards) == 2 and sorted(ran) == sorted(s.name for s in shards)
    assert (first / "pagefind" / "s" / shards[0].name / "pagefind.js").is_file()
    assert not (first / "pagefind" / "s" / shards[1].name / "pagefind.js").exists()  # merged only

    ran.clear()
    second = tmp_path / "second"
    small_site(second)
    page(second, "catalog/b/1/index.html", "b", "关于废止部分规范性文件的决定（修订）")
    index_site(site, second)
    assert ran == [next(s.name for s in shards if "catalog/b/1/index.html" in s.pages)]

    cold = tmp_path / "cold"
    small_site(cold)
    page(cold, "catalog/b/1/index.html", "b", "关于废止部分规范性文件的决定（修订）")
    index_site(SimpleNamespace(lang="zh", root=None), cold)
    comparison = filecmp.dircmp(second / "pagefind", cold / "pagefind")
    assert _same_tree(comparison), "the cached build equals a cold one"


def test_assembled_parts_list_every_bundle(tmp_path):
    parts = []
    for name, agency, title in (("part-a", "a", "湛江市2019年政务公开工作要点"), ("part-b", "b", "关于废止部分规范性文件的决定")):
        part = tmp_path / name
        page(part, f"catalog/{agency}/1/index.html", agency, title)
        index_site(SimpleNamespace(lang="zh", root=None), part)
        parts.append(part)
    whole = tmp_path / "whole"
    entries = search_index.assemble_search(whole, parts)
    manifest = json.loads((whole / "pagefind" / "gongkai-search.json").read_text())
    assert manifest["shards"] == entries and [e["pages"] for e in entries] == [1, 1]
    assert (whole / "pagefind" / entries[0]["path"] / "pagefind.js").is_file()
    assert not (whole / "pagefind" / entries[1]["path"] / "pagefind.js").exists()
    assert all(list((whole / "pagefind" / e["path"]).glob("*.pf_meta")) for e in entries)


def _same_tree(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_same_tree(sub) for sub in cmp.subdirs.values())


def test_search_words():
    grams = search_tokens.title_grams("关于调整政务公开工作的通知").split()
    assert search_tokens.GRAM_PREFIX + search_tokens.encode("于调整政") in grams
    assert grams[-1] == search_tokens.GRAM_PREFIX + search_tokens.encode("知") + search_tokens.GRAM_END
    assert search_tokens.title_grams("Annual report 2020") == ""
    one = search_tokens.exact_token("湛府办〔2018〕22号")
    for variant in ("湛府办[2018]22号", "湛府办［2018］22号", "湛府办（2018）第22号", "湛府办„2018‟22号", " 湛府办〔2018〕22号 "):
        assert search_tokens.exact_token(variant) == one, variant
    assert search_tokens.exact_token("湛府办〔2018〕23号") != one
    assert search_tokens.exact_token("") == ""
