"""The search page as a reader uses it: typing into its box, reading what it shows (issue 11).

On the demo, served by nginx, in chromium: a 文号 in the forms people type finds its document
first (and the pages citing it below), title fragments of 2 to 6 characters are all found, a
one-character and a traditional-character query work, filters and a date range narrow the
results and live in the URL, browsing with no query pages through the newest documents, the
no-result state links to the catalog and to 依申请公开, the desktop shows the filters beside
the first result above the fold, the phone shows one search box and the results before the
filters. Screenshots go to test-output/screenshots/search-*.png.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from generator.model.identifiers import doc_no_key

from .recall import page_table, recall_queries, score, type_query
from .test_search import entry_rows
from .test_site import SEED_DOC_NO, catalog, entry_by_doc_no, site_path

pytestmark = pytest.mark.browser

DOC_NO_FORMS = ("湛府办〔2018〕22号", "湛府办[2018]22号", "湛府办2018年22号", "湛府办〔2018〕第22号",
                "湛府办（２０１８）２２号", "湛府办 [2018] 22 号", "湛府办(2018)022号")


def open_page(browser, server, params: str = "", width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.goto(server.url("search/" + (("?" + params) if params else "")))
    pg.wait_for_function("Number(document.body.dataset.searchDone || 0) > 0", timeout=20000)
    return context, pg


@pytest.fixture
def search(browser, server):
    context, pg = open_page(browser, server)
    yield pg
    assert not pg.errors, pg.errors
    context.close()


def path_of(server, entry: dict) -> str:
    from urllib.parse import urlsplit

    return urlsplit(server.url(site_path(entry["url"]))).path


def test_doc_number_in_every_typed_form_finds_its_document_first(search, server, demo_site):
    target = path_of(server, entry_by_doc_no(demo_site, SEED_DOC_NO))
    for form in DOC_NO_FORMS:
        rows = type_query(search, form)
        assert rows and rows[0][0] == target and rows[0][2] == "exact", (form, rows[:3])
        citing = [r for r in rows if r[2] == "cited"]
        assert citing, f"{form}: the pages quoting the 文号 are found too"
        assert rows.index(citing[0]) > 0
    entry = entry_by_doc_no(demo_site, SEED_DOC_NO)
    rows = type_query(search, entry["index_no"].lower().replace("-", "－"))
    assert rows[0][0] == target and rows[0][2] == "exact", "an 索引号, typed loosely"


def test_the_query_key_is_the_one_the_index_holds(search):
    for form in DOC_NO_FORMS + ("湛江市人民政府令第3号", "11440800007182505N/2015-00031"):
        assert search.evaluate("q => window.gongkaiSearch.words(q).key", form) == doc_no_key(form), form


def test_title_fragments_of_two_to_six_characters_are_all_found(search, server, demo_site):
    queries = [q for q in recall_queries(entry_rows(demo_site, server), lengths=(2, 3, 4, 5, 6), per_length=1)
               if q.kind != "doc_no"]
    paths, titles = page_table(search, queries)
    table = score(queries, paths, titles)
    for length in "23456":
        assert table[length]["recall"] == 1.0, (length, table[length]["missed"])


def test_one_character_and_traditional_queries(search, server, demo_site):
    titles = [e["title"] for e in catalog(demo_site)["entries"]]
    held = {c for t in titles for c in t if "\u4e00" <= c <= "\u9fff"}
    rare = min(sorted(held), key=lambda c: sum(c in t for t in titles))  # in one or two titles
    rows = type_query(search, rare)
    holding = {path_of(server, e) for e in catalog(demo_site)["entries"] if rare in e["title"]}
    assert holding <= {path for path, _, match in rows if match == "title"}, (rare, rows)
    import opencc

    entry = entry_by_doc_no(demo_site, SEED_DOC_NO)
    traditional = opencc.OpenCC("s2t").convert(entry["title"])
    assert traditional != entry["title"]
    rows = type_query(search, traditional[-12:])
    assert path_of(server, entry) in [r[0] for r in rows[:10]], (traditional[-12:], rows[:5])


def shown_dates(pg) -> list[str]:
    return pg.eval_on_selector_all("#gk-results .gk-result-meta time", "ts => ts.map(t => t.dateTime)")


def wait_done(pg, before: int) -> None:
    pg.wait_for_function(f"Number(document.body.dataset.searchDone || 0) > {before}", timeout=20000)


def done_count(pg) -> int:
    return int(pg.evaluate("Number(document.body.dataset.searchDone || 0)"))


def test_filters_and_a_date_range_narrow_the_results_and_live_in_the_url(browser, server, demo_site):
    context, pg = open_page(browser, server, "q=" + quote("通知"))
    try:
        # the agency and year of the first result: a filter that keeps it
        first_agency = pg.inner_text("#gk-results .gk-result-meta span >> nth=0")
        year = pg.get_attribute("#gk-results .gk-result-meta time >> nth=0", "datetime")[:4]
        before = done_count(pg)
        pg.check(f"#gk-facets input[name=agency][value='{first_agency}']")
        wait_done(pg, before)
        agencies = pg.eval_on_selector_all("#gk-results .gk-result-meta", "ps => ps.map(p => p.textContent)")
        assert agencies and all(first_agency in a for a in agencies)
        before = done_count(pg)
        pg.fill("#gk-from", f"{year}-01-01")
        pg.dispatch_event("#gk-from", "change")
        wait_done(pg, before)
        before = done_count(pg)
        pg.fill("#gk-to", f"{year}-12-31")
        pg.dispatch_event("#gk-to", "change")
        wait_done(pg, before)
        dates = shown_dates(pg)
        assert dates and all(d.startswith(year) for d in dates), dates
        before = done_count(pg)
        pg.select_option("#gk-sort", "desc")
        wait_done(pg, before)
        assert shown_dates(pg) == sorted(shown_dates(pg), reverse=True)
        url = pg.url
        for part in ("agency=" + quote(first_agency), f"from={year}-01-01", f"to={year}-12-31", "sort=desc", "q=" + quote("通知")):
            assert part in url, (part, url)
        shown = pg.evaluate("() => Array.from(document.querySelectorAll('#gk-results a')).map(a => a.href)")
        again, pg2 = open_page(browser, server, url.split("?", 1)[1])
        try:  # the link alone gives the same page
            assert pg2.is_checked(f"#gk-facets input[name=agency][value='{first_agency}']")
            assert pg2.input_value("#gk-from") == f"{year}-01-01" and pg2.input_value("#gk-q") == "通知"
            assert pg2.evaluate("() => Array.from(document.querySelectorAll('#gk-results a')).map(a => a.href)") == shown
        finally:
            again.close()
    finally:
        context.close()
    context, pg = open_page(browser, server, "validity=" + quote("已废止"))
    try:
        titles = pg.eval_on_selector_all("#gk-results .gk-result a", "as => as.map(a => a.textContent)")
        repealed = {e["title"] for e in catalog(demo_site)["entries"] if e.get("validity") == "废止"}
        assert titles and set(titles) <= repealed, titles
    finally:
        context.close()


def test_browsing_without_a_query_pages_through_the_newest_documents(search, demo_site):
    status = search.inner_text("#gk-status")
    public = json.loads((demo_site / "lookup" / "meta.json").read_text())["docs"]
    assert f"共 {public} 份文件" in status, status
    first = shown_dates(search)
    assert len(search.locator("#gk-results .gk-result").all()) == 10
    search.click("#gk-more")
    search.wait_for_function("document.querySelectorAll('#gk-results .gk-result').length === 20")
    dates = shown_dates(search)
    assert dates[:len(first)] == first and dates == sorted(dates, reverse=True)
    newest = max(e["published"] for e in catalog(demo_site)["entries"])
    assert dates[0] >= newest[:10]
    year = dates[-1][:4]
    before = done_count(search)
    search.check(f"#gk-facets input[name=year][value='{year}']")
    wait_done(search, before)
    rows = search.eval_on_selector_all("#gk-results .gk-result", """els => els.map(e => [
        e.querySelector('a').textContent, (e.querySelector('time') || {}).dateTime || ''])""")
    # the year of a document is its date's, but an annual report's is the year it reports on
    assert rows and all(date.startswith(year) or f"{year}年" in title for title, date in rows), rows
    assert f"year={year}" in search.url


def test_no_result_links_to_the_catalog_and_to_requests(search):
    assert type_query(search, "xqzvbnmk") == []
    search.wait_for_function("Number(document.body.dataset.searchDone || 0) > 1")
    assert search.is_visible("#gk-none")
    links = search.eval_on_selector_all("#gk-none a", "as => as.map(a => new URL(a.href).pathname)")
    assert any(p.endswith("/catalog/") for p in links) and any("apply" in p for p in links), links


def test_excerpts_come_from_the_body_not_the_metadata_table(search):
    type_query(search, "政务公开")
    search.wait_for_function("Number(document.body.dataset.searchDone || 0) > 1")
    excerpts = search.eval_on_selector_all("#gk-results .gk-excerpt", "ps => ps.map(p => p.textContent)")
    assert excerpts and not any(label in e for e in excerpts for label in ("索引号", "发布机构", "成文日期")), excerpts


def test_desktop_filters_beside_the_first_result_above_the_fold(browser, server, axe_source):
    context, pg = open_page(browser, server, "q=" + quote("政务公开"), 1280, 800)
    try:
        first = pg.locator("#gk-results .gk-result").first.bounding_box()
        side = pg.locator("#gk-filters").bounding_box()
        assert first["y"] + first["height"] <= 800, first
        assert side["x"] + side["width"] <= first["x"] and pg.is_visible("#gk-facets .gk-facet")
        assert not pg.is_visible("#gk-filter-toggle")
        assert_axe_clean(pg, axe_source)
    finally:
        context.close()


def test_phone_has_one_search_box_results_first_and_filters_behind_a_button(browser, server, axe_source):
    context, pg = open_page(browser, server, "q=" + quote("政务公开"), 390, 844)
    try:
        boxes = [b for b in pg.locator("input[type=search]").all() if b.is_visible()]
        assert len(boxes) == 1, "only the page's own search box"
        first = pg.locator("#gk-results .gk-result").first.bounding_box()
        assert first["y"] < 844 and not pg.is_visible("#gk-facets")
        assert pg.get_attribute("#gk-filter-toggle", "aria-expanded") == "false"
        pg.click("#gk-filter-toggle")
        assert pg.is_visible("#gk-facets .gk-facet") and pg.get_attribute("#gk-filter-toggle", "aria-expanded") == "true"
        assert_axe_clean(pg, axe_source)
    finally:
        context.close()


def assert_axe_clean(pg, axe_source) -> None:
    pg.add_script_tag(content=axe_source)
    violations = pg.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations


SCREENSHOTS = {"docno": "q=" + quote("湛府办2018年22号"), "title": "q=" + quote("公开工作"),
               "browse": "agency=" + quote("湛江市人民政府办公室") + "&validity=" + quote("现行有效"),
               "none": "q=" + quote("xqzvbnmk")}


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_search_page_screenshots(browser, server, output_dir, width, height):
    for name, params in SCREENSHOTS.items():
        context, pg = open_page(browser, server, params, width, height)
        try:
            if name == "browse" and width < 600:
                pg.click("#gk-filter-toggle")
            pg.screenshot(path=str(output_dir / "screenshots" / f"search-{name}-{width}.png"))
            assert pg.locator("#gk-results .gk-result").count() > 0 or name == "none"
        finally:
            context.close()
