"""Search quality and weight, measured in the browser through window.gongkaiSearch.

- recall: title fragments of 2, 3 and 4 Chinese characters find their entry among the first
  ten, at least 95% of the time per length; an exact 文号 finds its document first, always.
  The same table is run through plain Pagefind (the same index, the query as typed) for
  comparison; both go to test-output/recall.json.
- weight: bytes a first search transfers and the entry page's HTML+CSS+JS, compressed as
  nginx sends them (test-output/weights.json).
- shards: the demo indexed in several shards gives the same answers, filters and date order;
  the search page searches the newest shards first, says what it searched, and searches
  earlier ones on request; a year filter or a 文号 query goes to the shards of that year.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import AS_OF, REPO, _serve, require_browser_tools, wait_for_search
from .recall import recall_queries, score
from .test_site import SEED_DOC_NO, catalog, entry_by_doc_no, site_path

pytestmark = pytest.mark.browser

RUN_QUERIES = """async ([queries, plain]) => {
  const out = {};
  let pf = null;
  if (plain) {
    const manifest = await (await fetch(new URL('../pagefind/gongkai-search.json', location.href))).json();
    pf = await import(new URL('../pagefind/' + manifest.shards[0].path + 'pagefind.js', location.href).href);
  }
  for (const q of queries) {
    let rows;
    if (plain) {
      const found = await pf.search(q);
      rows = await Promise.all(found.results.slice(0, 10).map(async r => { const d = await r.data(); return [d.url, d.meta.title]; }));
    } else {
      rows = (await window.gongkaiSearch(q, {limit: 10})).map(r => [r.url, r.title]);
    }
    out[q] = rows.map(([u, t]) => [new URL(u, location.href).pathname, t]);
  }
  return out;
}"""


def entry_rows(site, server):
    from urllib.parse import urlsplit

    return [(e["index_no"], e["title"], e.get("doc_no"), urlsplit(server.url(site_path(e["url"]))).path)
            for e in catalog(site)["entries"]]


def run_table(pg, queries, plain: bool) -> dict:
    texts = sorted({q.text for q in queries})
    return pg.evaluate(RUN_QUERIES, [texts, plain])


def test_recall_of_title_fragments_and_doc_numbers(page, server, demo_site, output_dir, capsys):
    rows = entry_rows(demo_site, server)
    queries = recall_queries(rows)
    page.goto(server.url("search/"))
    page.wait_for_function("window.gongkaiSearch")
    report = {}
    for name, plain in (("plain_pagefind", True), ("gongkai", False)):
        found = run_table(page, queries, plain)
        report[name] = score(queries, {q: [u for u, _ in r] for q, r in found.items()},
                             {q: [t for _, t in r] for q, r in found.items()})
    report["queries"] = [{"text": q.text, "kind": q.kind, "target": q.target} for q in queries]
    (output_dir / "recall.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    with capsys.disabled():
        for name in ("plain_pagefind", "gongkai"):
            line = ", ".join(f"{k}: {v['recall']:.1%} (strict {v['strict_recall']:.1%}) of {v['queries']}"
                             for k, v in sorted(report[name].items()))
            print(f"\nrecall {name}: {line}")
    ours = report["gongkai"]
    for length in ("2", "3", "4"):
        assert ours[length]["recall"] >= 0.95, (length, ours[length]["missed"])
    assert ours["doc_no"]["recall"] == 1.0, ours["doc_no"]["missed"]


def test_recall_on_the_sharded_layout(browser, batched_server, batched_site, capsys):
    """The same table through the sharded index (all shards: window.gongkaiSearch searches them all)."""
    queries = recall_queries(entry_rows(batched_site, batched_server))
    context, pg = search_page_for(browser, batched_server)
    try:
        found = run_table(pg, queries, False)
    finally:
        context.close()
    ours = score(queries, {q: [u for u, _ in r] for q, r in found.items()}, {q: [t for _, t in r] for q, r in found.items()})
    with capsys.disabled():
        print("\nrecall gongkai, sharded: " + ", ".join(f"{k}: {v['recall']:.1%}" for k, v in sorted(ours.items())))
    for length in ("2", "3", "4"):
        assert ours[length]["recall"] >= 0.95, (length, ours[length]["missed"])
    assert ours["doc_no"]["recall"] == 1.0, ours["doc_no"]["missed"]


def transferred(server, offset: int) -> dict:
    """Requests for the site (not the host's /favicon.ico) since `offset` in nginx's log."""
    rows = [r for r in server.log_since(offset) if r[0].startswith("/xxgk/")]
    return {"requests": len(rows), "bytes": sum(r[2] for r in rows),
            "files": sorted({r[0].split("?")[0].removeprefix("/xxgk/") for r in rows})}


RESOURCES_BETWEEN = """([start, mark]) => {
  const marks = mark ? performance.getEntriesByName(mark) : [];
  const end = marks.length ? marks[marks.length - 1].startTime : Infinity;  // the last search's
  const rows = performance.getEntriesByType('resource')
    .filter(r => r.startTime >= start && r.responseEnd <= end && /\\/(pagefind|lookup)\\//.test(r.name))
    .map(r => [new URL(r.name).pathname.replace(/^\\/xxgk\\//, ''), r.encodedBodySize]);
  return {requests: rows.length, bytes: rows.reduce((n, r) => n + r[1], 0), files: rows.map(r => r[0]).sort()};
}"""


def test_page_and_first_search_weight(browser, server, demo_site, output_dir):
    """Compressed bytes as nginx sends them (gzip on), each page in a fresh browser context:
    the entry page (HTML+CSS+JS), the search page (browsing the newest documents), and a first
    query typed there: until its results are on screen, and everything until the page has
    settled (the full text when it runs, the filter counts). 政务公开 is in many titles (the
    lookups fill the page; the full text waits), a 文号 is its document's, 扬尘 is in one title
    (the full text waits for the reader too), 各县 in no title, only in bodies (the full text runs)."""
    weights = {}
    entry_path = site_path(entry_by_doc_no(demo_site, SEED_DOC_NO)["url"])
    context = browser.new_context()
    pg = context.new_page()
    offset = server.log_size()
    pg.goto(server.url(entry_path))
    pg.wait_for_load_state("networkidle")
    weights["entry_page"] = transferred(server, offset)
    context.close()
    for name, query in (("title_words", "政务公开"), ("doc_no", SEED_DOC_NO), ("rare_word", "扬尘"),
                        ("body_words", "各县")):
        context = browser.new_context()
        pg = context.new_page()
        offset = server.log_size()
        pg.goto(server.url("search/"))
        wait_for_search(pg)
        pg.wait_for_load_state("networkidle")
        weights["search_page"] = transferred(server, offset)
        offset = server.log_size()
        start = pg.evaluate("performance.now()")
        done = wait_for_search(pg, 0)
        pg.fill("#gk-q", query)
        pg.press("#gk-q", "Enter")
        wait_for_search(pg, done)
        pg.wait_for_load_state("networkidle")
        weights[f"first_search_{name}"] = pg.evaluate(RESOURCES_BETWEEN, [start, "gk-results-shown"])
        weights[f"first_search_{name}_settled"] = transferred(server, offset)
        context.close()
    weights["index_shards"] = json.loads((demo_site / "pagefind" / "gongkai-search.json").read_text())["shards"]
    (output_dir / "weights.json").write_text(json.dumps(weights, ensure_ascii=False, indent=1), encoding="utf-8")
    assert weights["entry_page"]["bytes"] <= 60_000, weights["entry_page"]
    for name in ("title_words", "doc_no", "rare_word", "body_words"):
        assert any(f.startswith("lookup/") for f in weights[f"first_search_{name}"]["files"]), "lookups answer first"
        assert weights[f"first_search_{name}_settled"]["bytes"] <= 150_000, weights[f"first_search_{name}_settled"]
    for name in ("title_words", "doc_no", "rare_word"):
        assert not any("pagefind/" in f for f in weights[f"first_search_{name}_settled"]["files"]), \
            f"{name}: the lookups answered; the full text waits for the reader"
    assert any(f.endswith(".pf_fragment") for f in weights["first_search_body_words_settled"]["files"])


SHARD_QUERIES = ("政务公开", "于调整", "工作要点", "湛府办〔2018〕22号", "解读")


def search_page_for(browser, srv):
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(srv.url("search/"))
    pg.wait_for_function("window.gongkaiSearch")
    return context, pg


def answers(pg, query: str, opts: dict) -> list[dict]:
    return pg.evaluate("""async ([q, o]) => (await window.gongkaiSearch(q, o)).map(r => ({
        path: new URL(r.url, location.href).pathname, date: r.meta.date || '',
        agency: r.meta.agency || '', match: r.match}))""", [query, opts])


def title_matches(rows: list[dict]) -> set[str]:
    return {r["path"] for r in rows if r["match"] in ("exact", "title")}


SHARDING = {"GONGKAI_SEARCH_SINGLE_MAX": "8", "GONGKAI_SEARCH_SHARD_MAX": "8", "GONGKAI_SEARCH_BATCH_PAGES": "16"}


@pytest.fixture(scope="module")
def batched_site(tmp_path_factory) -> Path:
    """The demo with its index in shards of at most 8 pages, searched 16 pages at a time, built
    from a copy of the content (its own build cache: the thresholds are not part of its key)."""
    require_browser_tools()
    root = tmp_path_factory.mktemp("demo-batched")
    shutil.copy(REPO / "site_config.yml", root)
    shutil.copytree(REPO / "content", root / "content")
    out = root / "site"
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--root", str(root), "--as-of", AS_OF,
                           "-o", str(out)], cwd=REPO, capture_output=True, text=True, env={**os.environ, **SHARDING})
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def batched_server(batched_site, tmp_path_factory):
    yield from _serve(batched_site, tmp_path_factory.mktemp("nginx-batched"))


def test_sharded_index_answers_like_the_single_index(browser, server, batched_server, batched_site):
    """Shards merged with mergeIndex: the same title and 文号 matches, the same date order and
    filters. The full-text tail may only grow: Pagefind answers a query word that no word of an
    index extends with the longest indexed word it starts with, and a small shard lacks words."""
    shards = json.loads((batched_site / "pagefind" / "gongkai-search.json").read_text())["shards"]
    assert len(shards) >= 2, "the demo was indexed in several shards"
    (one_context, one), (many_context, many) = search_page_for(browser, server), search_page_for(browser, batched_server)
    try:
        for query in SHARD_QUERIES:
            single, sharded = answers(one, query, {}), answers(many, query, {})
            assert title_matches(sharded) == title_matches(single), query
            assert {r["path"] for r in sharded} >= {r["path"] for r in single}, query
            if query.startswith("湛府办"):
                assert sharded[0]["path"] == single[0]["path"] and sharded[0]["match"] == "exact"
            newest = answers(many, query, {"sort": "desc"})
            assert [r["date"] for r in newest] == sorted((r["date"] for r in newest), reverse=True), query
            assert title_matches(newest) == title_matches(answers(one, query, {"sort": "desc"})), query
            oldest = answers(many, query, {"sort": "asc"})
            assert [r["date"] for r in oldest] == sorted(r["date"] for r in oldest), query
        agency = answers(one, "通知", {})[0]["agency"]
        single = answers(one, "通知", {"filters": {"agency": agency}})
        sharded = answers(many, "通知", {"filters": {"agency": agency}})
        assert title_matches(sharded) == title_matches(single)
        assert {r["agency"] for r in sharded} == {agency}
    finally:
        one_context.close()
        many_context.close()


def shards_fetched(srv, offset: int) -> set[str]:
    return {m.group(1) for uri, _, _ in srv.log_since(offset) if (m := re.search(r"/pagefind/s/([^/]+)/", uri))}


def result_rows(pg) -> list[tuple[str, str, str]]:
    """(path, date, match) of the results on the page, in order (match: exact, cited, title,
    text, browse)."""
    return pg.evaluate("""() => Array.from(document.querySelectorAll('#gk-results .gk-result')).map(li => [
        new URL(li.querySelector('a').href).pathname,
        (li.querySelector('.gk-result-meta time') || {dateTime: ''}).dateTime, li.dataset.match])""")


def result_rows_all(pg) -> list[tuple[str, str, str]]:
    """Every result of the current search: 更多结果 clicked until the list ends."""
    while pg.is_visible("#gk-more"):
        count = len(result_rows(pg))
        pg.click("#gk-more")
        pg.wait_for_function(f"document.querySelectorAll('#gk-results .gk-result').length > {count}")
    return result_rows(pg)


def open_search(browser, srv, params: str):
    context = browser.new_context()
    pg = context.new_page()
    offset = srv.log_size()
    pg.goto(srv.url("search/?" + params))
    wait_for_search(pg)
    return context, pg, offset


def test_search_page_searches_the_newest_shards_first_and_earlier_ones_on_request(browser, batched_server, batched_site):
    shards = {s["name"]: s for s in json.loads((batched_site / "pagefind" / "gongkai-search.json").read_text())["shards"]}
    dated = {name for name, s in shards.items() if s["from"]}
    context, pg, offset = open_search(browser, batched_server, "q=" + quote("通知") + "&sort=desc")
    try:
        first = shards_fetched(batched_server, offset) & dated
        assert first and len(first) < len(dated), first
        assert min(shards[n]["to"] for n in first) >= max(shards[n]["to"] for n in dated - first), "the newest first"
        scope = pg.inner_text("#gk-scope")
        total = json.loads((batched_site / "pagefind" / "gongkai-search.json").read_text())["pages"]
        assert "目前已检索" in scope and f"共 {total} 份" in scope, scope  # every searchable page of the demo
        assert pg.inner_text("#gk-wider") == "检索更早的文件"
        rows = result_rows(pg)
        oldest_searched = min(shards[n]["from"] for n in first)
        assert rows and all(date >= oldest_searched for _, date, match in rows if date and match == "text"), \
            "full-text results of those shards only"
        assert any(match == "title" and date < oldest_searched for _, date, match in result_rows_all(pg)), \
            "titles of every year: the lookup index covers the whole catalog"
        steps = 0
        while pg.is_visible("#gk-wider"):  # the reader asks for earlier files until all are searched
            done = wait_for_search(pg, 0)
            pg.click("#gk-wider")
            wait_for_search(pg, done)
            steps += 1
        assert steps >= 2 and pg.inner_text("#gk-scope") == ""
        while pg.is_visible("#gk-more"):
            count = len(result_rows(pg))
            pg.click("#gk-more")
            pg.wait_for_function(f"document.querySelectorAll('#gk-results .gk-result').length > {count}")
        rows = result_rows(pg)
        whole = answers(pg, "通知", {"sort": "desc"})
        assert [r[0] for r in rows] == [r["path"] for r in whole], "batch after batch = one search of everything"
        dates = [d for _, d, _ in rows if d]
        assert dates == sorted(dates, reverse=True)
    finally:
        context.close()


def test_a_year_filter_or_a_doc_number_searches_that_years_shards(browser, batched_server, batched_site):
    shards = {s["name"]: s for s in json.loads((batched_site / "pagefind" / "gongkai-search.json").read_text())["shards"]}
    context, pg, offset = open_search(browser, batched_server, "q=" + quote("通知") + "&year=2018")
    try:
        assert pg.inner_text("#gk-wider") == "同时检索全文", "titles with 通知 answer first"
        done = wait_for_search(pg, 0)
        pg.click("#gk-wider")
        wait_for_search(pg, done)
        fetched = shards_fetched(batched_server, offset) - {next(iter(shards))}  # the first carries the code
        assert fetched and all("2018" in shards[n]["years"] for n in fetched), fetched
        assert pg.inner_text("#gk-scope") == "", "every shard with 2018 in it was searched"
    finally:
        context.close()
    context, pg, offset = open_search(browser, batched_server, "q=" + quote(SEED_DOC_NO))
    try:
        target = site_path(entry_by_doc_no(batched_site, SEED_DOC_NO)["url"])
        assert result_rows(pg)[0][0].endswith("/" + target.strip("/") + "/") and result_rows(pg)[0][2] == "exact"
        assert not shards_fetched(batched_server, offset), "its document is found: the full text waits"
        assert pg.inner_text("#gk-wider") == "同时检索全文"
        done = wait_for_search(pg, 0)
        pg.click("#gk-wider")
        wait_for_search(pg, done)
        fetched = shards_fetched(batched_server, offset) - {next(iter(shards))}
        year = re.search(r"〔(\d{4})〕", SEED_DOC_NO).group(1)
        assert fetched and all(year in shards[n]["docyears"] for n in fetched), fetched
        assert len(fetched) < len(shards) - 1
        assert result_rows(pg)[0][0].endswith("/" + target.strip("/") + "/")
        assert pg.inner_text("#gk-wider") == "检索其余文件"
    finally:
        context.close()
