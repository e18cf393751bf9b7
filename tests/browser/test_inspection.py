"""Issue 13 in a real browser, at 1280 and 390 px: the footer an inspector reads, the 网站地图,
订阅 and 使用帮助 pages, 打印 and the print stylesheet, 长者模式 remembered across pages and on
before the first paint, 索引号 and 文号 never broken, the catalog's table view as cards on a
phone. axe stays clean on each new page and in 长者模式. Screenshots in test-output/screenshots/."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

ENTRY = "catalog/zj-gov-office/2019/zhanfuban-2019-12/"  # has a 文号 and a long 索引号
SHOTS = "screenshots"


def axe_violations(pg, axe_source) -> list[dict]:
    pg.add_script_tag(content=axe_source)
    found = pg.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def phone(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)


@pytest.mark.parametrize("path,name", [("sitemap/", "sitemap"), ("help/", "help"), ("feeds/", "feeds")])
def test_human_pages_read_well_and_pass_axe(page, server, axe_source, output_dir, path, name):
    page.goto(server.url(path))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() in ("网站地图", "使用帮助", "订阅本站信息")
    page.screenshot(path=str(output_dir / SHOTS / f"{name}-1280.png"), full_page=True)
    assert axe_violations(page, axe_source) == [], name
    assert page.errors == [] and page.outside == []


def test_footer_identity_and_badge(page, server, output_dir):
    page.goto(server.url(ENTRY))
    footer = page.locator("footer.gk-footer")
    footer.scroll_into_view_if_needed()
    text = footer.inner_text()
    for expected in ("网站标识码", "4408000099", "粤ICP备", "粤公网安备", "主办单位", "承办单位", "联系我们",
                     "网站地图", "使用帮助", "订阅", "我为政府网站找错"):
        assert expected in text, expected
    seal = page.locator(".gk-conac__seal").evaluate(
        "e => ({bg: getComputedStyle(e).backgroundColor, w: e.getBoundingClientRect().width, text: e.textContent})")
    assert seal["bg"] == "rgb(200, 22, 29)" and seal["w"] >= 40 and seal["text"] == "党政机关"
    assert page.locator("a.gk-conac").get_attribute("href").startswith("https://bszs.conac.cn/")
    footer.screenshot(path=str(output_dir / SHOTS / "footer-1280.png"))
    # the 网站地图 link opens the human page, not the XML
    page.locator("footer a", has_text="网站地图").click()
    page.wait_for_load_state()
    assert page.url.endswith("/sitemap/") and page.locator("h1").inner_text() == "网站地图"


def test_print_control_and_print_stylesheet(page, server, demo_site, output_dir):
    page.goto(server.url(ENTRY))
    button = page.locator("[data-gk-print]")
    assert button.is_visible() and button.inner_text().strip() == "打印"
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.screenshot(path=str(output_dir / SHOTS / "entry-1280.png"))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.gk-sidebar', '.md-footer', '.gk-tools', '.gk-path']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert set(hidden) == {"none"}
    assert page.locator("h1").is_visible() and page.locator("table.gk-meta").is_visible()
    interpretation = next(p.parent for p in sorted((demo_site / "interpretations").rglob("index.html"))
                          if "page-" not in p.parent.name and p.parent.parent != demo_site)
    page.emulate_media(media="screen")
    for path in (interpretation.relative_to(demo_site).as_posix() + "/", "reports/zj-fgj/2024/"):
        page.goto(server.url(path))
        assert page.locator("[data-gk-print]").is_visible(), path


def test_large_mode_is_bigger_remembered_and_on_before_first_paint(browser, server, axe_source, output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(server.url(ENTRY))
        measure = """() => ({text: parseFloat(getComputedStyle(document.querySelector('.gk-body p')).fontSize),
                            tab: document.querySelector('.md-tabs__link').getBoundingClientRect().height,
                            large: document.documentElement.classList.contains('gk-large')})"""
        before = pg.evaluate(measure)
        toggle = pg.locator("[data-gk-large]")
        assert toggle.get_attribute("aria-pressed") == "false" and not before["large"]
        toggle.click()
        after = pg.evaluate(measure)
        assert toggle.get_attribute("aria-pressed") == "true" and after["large"]
        assert after["text"] >= 1.15 * before["text"], (before, after)
        # larger targets: the side navigation's links are at least 44 px high
        heights = pg.evaluate("[...document.querySelectorAll('.gk-nav .md-nav__link')].filter(a => a.offsetParent)"
                              ".map(a => a.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44
        # higher contrast: secondary text is as dark as body text
        assert pg.evaluate("getComputedStyle(document.querySelector('.gk-muted, .gk-count, .gk-path .md-path__link')).color") \
            in ("rgb(26, 26, 26)",)
        pg.screenshot(path=str(output_dir / SHOTS / "large-mode-1280.png"))
        assert axe_violations(pg, axe_source) == []
        # another page: on at the first script that runs in <body>, i.e. before anything is painted
        pg.add_init_script("""document.addEventListener('readystatechange', () => {
            if (!window.__first) window.__first = document.documentElement.classList.contains('gk-large'); });""")
        pg.goto(server.url("catalog/"), wait_until="domcontentloaded")
        assert pg.evaluate("window.__first") is True
        head = pg.evaluate("""() => { const kids = [...document.head.children];
            return [kids.findIndex(e => e.tagName === 'SCRIPT' && !e.src), kids.findIndex(e => e.rel === 'stylesheet')]; }""")
        assert 0 <= head[0] < head[1], "the mode is set before any stylesheet is read"
        pg.locator("[data-gk-large]").click()
        pg.goto(server.url(""))
        assert not pg.evaluate("document.documentElement.classList.contains('gk-large')")
    finally:
        context.close()


def test_large_mode_on_a_phone(browser, server, axe_source, output_dir):
    context = phone(browser)
    pg = context.new_page()
    try:
        pg.add_init_script("localStorage.setItem('gongkai-large', '1')")
        pg.goto(server.url(ENTRY))
        assert pg.evaluate("document.documentElement.classList.contains('gk-large')")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        pg.screenshot(path=str(output_dir / SHOTS / "large-mode-390.png"))
        assert axe_violations(pg, axe_source) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_index_and_document_numbers_are_never_broken(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(server.url(ENTRY))
        lines = pg.evaluate("""() => ['.gk-meta__index_no td', '.gk-meta__doc_no td'].map(s => {
            const cell = document.querySelector(s);
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return {text: cell.textContent, lines: tops.size, right: cell.getBoundingClientRect().right};
        })""")
        for item in lines:
            assert item["lines"] == 1, item
            assert item["right"] <= width, item
        assert "〔" in lines[1]["text"]
        pg.goto(server.url("catalog/"))
        broken = pg.evaluate("""() => [...document.querySelectorAll('.gk-entry__meta .gk-id')].filter(e => {
            const r = document.createRange(); r.selectNodeContents(e);
            return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).map(e => e.textContent)""")
        assert broken == []
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        pg.goto(server.url("search/?q=" + quote("湛府办〔2018〕22号")))  # search results name the 文号 too
        pg.wait_for_function("Number(document.body.dataset.searchDone || 0) > 0", timeout=20000)
        shown = pg.evaluate("""() => [...document.querySelectorAll('.gk-result-meta .gk-id')].map(e => {
            const r = document.createRange(); r.selectNodeContents(e);
            return {text: e.textContent, lines: new Set([...r.getClientRects()].map(x => Math.round(x.top))).size}; })""")
        assert shown and all(item["lines"] == 1 for item in shown), shown
    finally:
        context.close()


def test_phone_catalog_table_view_is_cards(browser, server, axe_source, output_dir):
    context = phone(browser)
    pg = context.new_page()
    try:
        pg.goto(server.url("catalog/"))
        pg.locator("label[for=gk-view-table]").click()
        cards = pg.evaluate("""() => [...document.querySelectorAll('.gk-entry-table tbody tr')].slice(0, 5).map(tr => {
            const title = tr.querySelector('.gk-entry-table__title').getBoundingClientRect();
            const cells = [...tr.querySelectorAll('td[data-label]')].filter(td => td.textContent.trim());
            return {display: getComputedStyle(tr).display, right: tr.getBoundingClientRect().right,
                    titleFirst: cells.every(td => td.getBoundingClientRect().top >= title.bottom - 1),
                    labels: cells.map(td => getComputedStyle(td, '::before').content)};
        })""")
        assert cards and all(c["display"] == "flex" and c["right"] <= 390 and c["titleFirst"] for c in cards), cards
        assert '"索引号："' in cards[0]["labels"] and '"发布日期："' in cards[0]["labels"]
        region = pg.evaluate("""() => { const r = document.querySelector('.gk-views__table .md-typeset__scrollwrap');
            return r.scrollWidth - r.clientWidth; }""")
        assert region <= 1, "no sideways scrolling inside the table view"
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        pg.screenshot(path=str(output_dir / SHOTS / "catalog-table-390.png"))
        assert axe_violations(pg, axe_source) == []
        pg.goto(server.url("sitemap/"))
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        pg.screenshot(path=str(output_dir / SHOTS / "sitemap-390.png"), full_page=True)
    finally:
        context.close()


def test_statistics_chart_says_it_shows_averages(page, server, output_dir):
    page.goto(server.url("reports/statistics/"))
    captions = page.locator("figure.gk-chart-figure figcaption").all_inner_texts()
    assert captions and all("每个机构平均" in c for c in captions), captions
    note = page.locator(".gk-chart-note").first
    assert note.is_visible() and "机构数不同" in note.inner_text()
    page.locator("figure.gk-chart-figure").first.screenshot(path=str(output_dir / SHOTS / "statistics-chart-1280.png"))
