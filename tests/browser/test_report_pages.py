"""A demo report page in real Chromium (served by nginx under /xxgk/): the totals shown are
those of the YAML front matter, a phone reads the tables down the page (no scroll box), and
print uses A4.

It lives beside the other browser tests (not in tests/reports/) so that it shares their
session fixtures: a second Playwright instance in the same process is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import REPO

REPORT = REPO / "content" / "reports" / "zj-fgj" / "2024.md"
URL = "reports/zj-fgj/2024/"

pytestmark = pytest.mark.browser


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))


def yaml_totals(tables: dict) -> dict[str, int]:
    """Every 总计 cell of tables 三 and 四 in the file, by the page's data-cell key."""
    found = {}

    def walk(node, path):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{path}.{key}")
            elif key == "总计":
                found[f"{path}.{key}"[1:]] = value
    walk({"三": tables["三"], "四": tables["四"]}, "")
    return found


def rendered_cells(pg) -> dict[str, str]:
    return pg.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('td[data-cell]')].map(td => [td.dataset.cell, td.textContent.trim()]))""")


def test_rendered_totals_match_the_yaml(page, server):
    page.goto(server.url(URL))
    tables = front_matter(REPORT)["tables"]
    cells = rendered_cells(page)
    totals = yaml_totals(tables)
    assert len(totals) == 25 + 3  # 总计 column of every row of 表三, and 表四's three 总计
    for key, value in totals.items():
        assert cells[key] == str(value), key
    # the (七)总计 row and the balance, read off the page
    results = {c: int(cells[f"三.办理结果.总计.{c}"]) for c in ("自然人", "总计")}
    for column, total in results.items():
        opened = int(cells[f"三.本年新收.{column}"]) + int(cells[f"三.上年结转.{column}"])
        assert opened == total + int(cells[f"三.结转下年度.{column}"])
    assert page.errors == [] and page.outside == []


def test_phone_reads_the_tables_down_the_page_without_a_scroll_box(browser, server, output_dir):
    """Issue 13: at 390 px 表三 is stacked row by row, each number under its column's name, and
    表四 is turned (three rows of five); no table region scrolls on its own and the page does not
    scroll sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    try:
        pg.goto(server.url(URL))
        layout = pg.evaluate("""() => {
            const regions = [...document.querySelectorAll('.gk-report-scroll, .gk-report-turned')]
                .filter(r => r.offsetParent !== null);
            const row = document.querySelector('#gk-table-3 td[data-cell="三.本年新收.自然人"]');
            const total = document.querySelector('#gk-table-3 td[data-cell="三.本年新收.总计"]');
            const turned = document.querySelector('.gk-table-4-turned');
            return {pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
                    boxes: regions.filter(r => r.scrollWidth > r.clientWidth + 1 || r.scrollHeight > r.clientHeight + 1)
                                  .map(r => r.className),
                    label: getComputedStyle(row, '::after').content, labelTotal: getComputedStyle(total, '::after').content,
                    rowRight: row.getBoundingClientRect().right,
                    original4: document.querySelector('#gk-table-4').offsetParent === null,
                    turnedRows: turned.offsetParent ? turned.querySelectorAll('tbody tr').length : 0,
                    turnedWidth: turned.getBoundingClientRect().width};
        }""")
        assert layout["pageWidth"] <= layout["viewport"]
        assert layout["boxes"] == []
        assert layout["label"] == '"自然人"' and layout["labelTotal"] == '"总计"'
        assert layout["rowRight"] <= layout["viewport"]
        assert layout["original4"] and layout["turnedRows"] == 3 and layout["turnedWidth"] <= layout["viewport"]
        pg.locator("#gk-section-三").scroll_into_view_if_needed()
        pg.screenshot(path=str(output_dir / "screenshots" / "report-phone-table3.png"), full_page=False)
        pg.locator("#gk-section-四").scroll_into_view_if_needed()
        pg.screenshot(path=str(output_dir / "screenshots" / "report-phone-table4.png"), full_page=False)
    finally:
        context.close()


def test_print_is_a4_without_site_chrome(browser, server):
    context = browser.new_context()
    pg = context.new_page()
    try:
        pg.goto(server.url(URL))
        pg.emulate_media(media="print")
        hidden = pg.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar', '.md-footer']
            .map(s => document.querySelector(s)).filter(Boolean).every(e => getComputedStyle(e).display === 'none')""")
        assert hidden
        pdf = pg.pdf(prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        # A4 portrait in points: 595 × 842
        assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
    finally:
        context.close()
