"""The pages of the disclosure structure (issue 13) in Chromium at 1280 and 390 px: screenshots, no
sideways scrolling, axe clean; the 申请表 downloads as a Word file; the phone layout of the channels."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "article20": "catalog/article-20/",
    "article20-item": "catalog/article-20/7/",
    "agency": "agencies/zj-fgj/",
    "guide-index": "guide/",
    "guide-agency": "guide/zj-czj/",
    "apply": "pages/apply/",
    "apply-form": "apply/forms/citizen/",
    "consultations": "consultations/",
    "consultation": "consultations/zj-sthjj/caoliang-biaozhun-2024/",
    "reports-archive": "reports/",
}


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_new_pages_render_without_overflow_and_pass_axe(browser, server, output_dir, axe_source, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    report = {}
    try:
        for name, path in PAGES.items():
            response = pg.goto(server.url(path))
            assert response.status == 200, path
            pg.wait_for_load_state("networkidle")
            shot = output_dir / "screenshots" / f"{name}-{width}.png"
            pg.screenshot(path=str(shot), full_page=True)
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} scrolls sideways at {width}px"
            pg.add_script_tag(content=axe_source)
            report[name] = pg.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    finally:
        context.close()
    (output_dir / f"axe-disclosure-{width}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                             encoding="utf-8")
    bad = {name: [v for v in vs if v["impact"] in ("serious", "critical")] for name, vs in report.items()}
    assert not any(bad.values()), json.dumps(bad, ensure_ascii=False, indent=1)
    assert errors == []


def test_the_form_downloads_as_a_word_file(page, server):
    page.goto(server.url("pages/apply/"))
    link = page.get_by_role("link", name="下载 Word 文件 政府信息公开申请表（公民）")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "citizen.docx"
    from docx import Document

    document = Document(download.path())
    assert document.paragraphs[0].text == "政府信息公开申请表（公民）"


def test_on_a_phone_each_channel_reads_as_a_block(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        pg.goto(server.url("pages/apply/"))
        label = pg.locator(".gk-channel--post dt").bounding_box()
        first_line = pg.locator(".gk-channel--post dd").first.bounding_box()
        assert first_line["y"] >= label["y"] + label["height"] - 1  # the address sits under its label
        assert first_line["width"] > 300  # and has the screen's width, not a narrow column
    finally:
        context.close()


def test_the_empty_items_are_visible_not_hidden(page, server):
    page.goto(server.url("catalog/article-20/"))
    empty = page.locator("#gk-item-14").locator("xpath=..").locator(".gk-item__empty")
    assert empty.is_visible() and empty.inner_text() == "本项暂无信息。"
    page.click("a[href='#gk-item-9']")
    assert page.locator("#gk-item-9").is_visible()
