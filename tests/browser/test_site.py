"""The built demo site in real Chromium behind nginx at /xxgk/: pages, search, accessibility."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .conftest import MOUNT, REPO, wait_for_search

pytestmark = pytest.mark.browser

SEED_DOC_NO = "湛府办〔2018〕22号"


def catalog(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def site_path(absolute_url: str) -> str:
    """https://example.gov.cn/xxgk/catalog/x/ → catalog/x/ (relative to the mount)."""
    path = urlsplit(absolute_url).path
    return path[path.index(MOUNT) + len(MOUNT):] if MOUNT in path else path.lstrip("/")


def entry_by_doc_no(site: Path, doc_no: str) -> dict:
    return next(e for e in catalog(site)["entries"] if e.get("doc_no") == doc_no)


def seed_entries_mentioning(word: str) -> list[dict]:
    """The real (not sample) public entries whose source mentions `word`."""
    from generator.load.site import load_site

    loaded, _ = load_site(REPO, dt.date(2026, 11, 23))
    return [e for e in loaded.public_entries() if not e.sample and word in (e.title + e.source.text)]


def search_page(pg, server, query: str) -> None:
    pg.goto(server.url("search/?q=" + quote(query)))
    wait_for_search(pg)


def result_urls(pg) -> list[str]:
    return pg.eval_on_selector_all("#gk-results a", "as => as.map(a => a.href)")


def test_home_renders_without_console_errors(page, server):
    response = page.goto(server.url(""))
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1, .gk-site-title").first.is_visible()
    assert page.errors == []
    assert page.outside == [], "requests left the site"


def test_search_for_a_word_finds_the_seed_entries(page, server, demo_site):
    expected = {server.url(site_path(e["url"])) for e in catalog(demo_site)["entries"]
                if e["index_no"] in {s.index_no for s in seed_entries_mentioning("政务公开")}}
    assert expected, "the demo has seed entries about 政务公开"
    search_page(page, server, "政务公开")
    status = page.inner_text("#gk-status")
    assert re.search(r"\d+", status), status
    found = set(page.evaluate("async () => (await window.gongkaiSearch('政务公开')).map(r => new URL(r.url, location.href).href)"))
    assert expected <= found
    assert len(result_urls(page)) == min(10, len(found))  # the page shows the first ten
    assert page.errors == [] and page.outside == []


def test_header_search_box_leads_to_results_from_any_page(page, server, demo_site):
    page.goto(server.url(site_path(entry_by_doc_no(demo_site, SEED_DOC_NO)["url"])))
    page.wait_for_load_state("networkidle")  # leaving while the favicon loads would fail that request
    page.fill("#gk-header-q", "工作要点")
    page.press("#gk-header-q", "Enter")
    wait_for_search(page)
    assert page.url.startswith(server.url("search/?q="))
    assert page.input_value("#gk-q") == "工作要点"
    assert len(result_urls(page)) > 0 and all(u.startswith(server.base) for u in result_urls(page))
    assert page.errors == [] and page.outside == []


def test_exact_doc_no_finds_its_document_first(page, server, demo_site):
    target = server.url(site_path(entry_by_doc_no(demo_site, SEED_DOC_NO)["url"]))
    search_page(page, server, SEED_DOC_NO)
    assert result_urls(page)[0] == target
    for variant in ("湛府办[2018]22号", "湛府办（2018）22号", "湛府办〔2018〕22号 "):
        first = page.evaluate("async q => new URL((await window.gongkaiSearch(q))[0].url, location.href).href", variant)
        assert first == target, variant


def test_filter_by_agency_narrows_the_results(page, server):
    search_page(page, server, "通知")
    all_results = page.evaluate("async () => (await window.gongkaiSearch('通知')).length")
    boxes = page.locator("#gk-facets input[name=agency]")
    assert boxes.count() >= 2, "the demo spans several agencies"
    counts = page.eval_on_selector_all("#gk-facets input[name=agency] + *, #gk-facets label",
                                       "ls => ls.map(l => l.textContent)")
    assert counts
    agency = boxes.nth(1).get_attribute("value")
    done = int(page.evaluate("document.body.dataset.searchDone"))
    page.click(f"#gk-facets input[name=agency][value='{agency}']")  # the facets are redrawn after the search
    wait_for_search(page, done)
    assert page.is_checked(f"#gk-facets input[name=agency][value='{agency}']")
    narrowed = page.evaluate("async a => (await window.gongkaiSearch('通知', {filters: {agency: a}})).map(r => r.meta.agency)", agency)
    assert 0 < len(narrowed) < all_results
    assert set(narrowed) == {agency}
    assert f"agency={quote(agency)}" in page.url  # the filter is in the link
    assert len(result_urls(page)) == min(10, len(narrowed))


def test_sort_by_date_in_the_page(page, server):
    search_page(page, server, "通知")
    done = int(page.evaluate("document.body.dataset.searchDone"))
    page.select_option("#gk-sort", "desc")
    wait_for_search(page, done)
    assert "sort=desc" in page.url
    dates = page.eval_on_selector_all(".gk-result-meta time", "ts => ts.map(t => t.dateTime)")
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)


def test_entry_page_shows_metadata_and_links_to_its_interpretation_and_back(page, server, demo_site):
    entry = entry_by_doc_no(demo_site, SEED_DOC_NO)
    interpretation = next(i for i in catalog(demo_site)["interpretations"] if entry["index_no"] in i["interprets"])
    page.goto(server.url(site_path(entry["url"])))
    table = page.locator("table").first
    text = page.inner_text("main")
    for label in ("索引号", "发布机构", "成文日期", "文号", "发布日期", "主题分类", "有效性"):
        assert label in text, label
    assert entry["index_no"] in table.inner_text() or entry["index_no"] in text
    link = page.locator(f"a[href$='{site_path(interpretation['url']).rstrip('/').split('/')[-1]}/']").first
    link.click()
    page.wait_for_load_state()
    assert page.url == server.url(site_path(interpretation["url"]))
    back = page.locator(f"a[href$='{site_path(entry['url']).rstrip('/').split('/')[-1]}/']").first
    back.click()
    page.wait_for_load_state()
    assert page.url == server.url(site_path(entry["url"]))
    assert page.errors == []


def representative_pages(site: Path) -> dict[str, str]:
    """home, a list, an entry, an interpretation, a report (when the demo has one), search."""
    data = catalog(site)
    entry = entry_by_doc_no(site, SEED_DOC_NO)
    pages = {"home": "", "list": "catalog/", "entry": site_path(entry["url"]),
             "interpretation": site_path(data["interpretations"][0]["url"]),
             "search": "search/?q=" + quote("政务公开")}
    reports = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "reports").rglob("index.html")
                     if p.parent != site / "reports") if (site / "reports").is_dir() else []
    if reports:
        pages["report"] = reports[-1]
    return pages


def open_and_settle(pg, server, path: str) -> None:
    pg.goto(server.url(path))
    if path.startswith("search/"):
        wait_for_search(pg)
    pg.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_screenshots(browser, server, demo_site, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    try:
        for name, path in representative_pages(demo_site).items():
            open_and_settle(pg, server, path)
            shot = output_dir / "screenshots" / f"{name}-{width}.png"
            pg.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 1000
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} scrolls sideways at {width}px"
    finally:
        context.close()


def test_accessibility_axe(page, server, demo_site, axe_source, output_dir):
    """axe-core on each kind of page: no serious or critical violation."""
    report = {}
    for name, path in representative_pages(demo_site).items():
        open_and_settle(page, server, path)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        report[name] = violations
    (output_dir / "axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    bad = {name: [v for v in vs if v["impact"] in ("serious", "critical")] for name, vs in report.items()}
    assert not any(bad.values()), json.dumps(bad, ensure_ascii=False, indent=1)
