"""`gongkai import` of HTML and Word tables that hand-made parsing lost: cells whose end tags are
left out, nested tables, and equal neighbouring cells in Word (no seed documents needed)."""

from __future__ import annotations

import pytest

from sitekit import demo_site, run


def import_one(root, source):
    result = run("import", "--root", root, source)
    assert result.returncode == 0, result.stderr
    return root / result.stdout.splitlines()[0]


def body(path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def test_html_table_cells_without_end_tags_survive(tmp_path):
    """`</td>` and `</tr>` may be left out (HTML5 closes them); old CMS pages often do."""
    root = demo_site(tmp_path)
    page = tmp_path / "old.html"
    page.write_text("""<html><body><h1>湛江市人民政府办公室关于示例事项的通知</h1>
<p>湛府办〔2019〕8号</p><p>各县（市、区）人民政府：</p>
<table><tr><th>项目<th>数量
<tr><td>收到申请<td>12
<tr><td>予以公开<td>0
</table>
<p>湛江市人民政府办公室</p><p>2019年3月4日</p></body></html>""", encoding="utf-8")
    text = body(import_one(root, page))
    assert "| 项目 | 数量 |\n| --- | --- |\n| 收到申请 | 12 |\n| 予以公开 | 0 |" in text


def test_html_nested_table_keeps_the_outer_row(tmp_path):
    root = demo_site(tmp_path)
    page = tmp_path / "old.html"
    page.write_text("""<html><body><h1>湛江市人民政府办公室关于示例事项的通知</h1>
<p>湛府办〔2019〕9号</p><p>各县（市、区）人民政府：</p>
<table><tr><th>任务</th><th>分工</th></tr>
<tr><td>公开预算</td><td><table><tr><td>财政局</td><td>牵头</td></tr></table></td></tr>
<tr><td>公开决算</td><td>各部门</td></tr></table>
<p>湛江市人民政府办公室</p><p>2019年3月4日</p></body></html>""", encoding="utf-8")
    text = body(import_one(root, page))
    assert "| 公开预算 |" in text and "| 公开决算 | 各部门 |" in text
    assert "财政局" in text and "牵头" in text  # the inner table's text is kept inside the outer cell


def test_docx_equal_neighbouring_cells_are_kept(tmp_path):
    """Annual-report tables are full of zeros: `0 | 0` is two cells, a merged cell is one."""
    docx = pytest.importorskip("docx")
    root = demo_site(tmp_path)
    document = docx.Document()
    for text in ("湛开办〔2020〕6号", "关于做好示例工作的通知", "区直各单位："):
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ("项目", "新收", "办结", "申请", "0", "0")):
        cell.text = text
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    table.cell(2, 0).text = "备注"
    merged.text = "无"
    document.add_paragraph("湛江经济技术开发区党政办公室")
    document.add_paragraph("2020年4月1日")
    source = tmp_path / "zeros.docx"
    document.save(source)
    text = body(import_one(root, source))
    assert "| 申请 | 0 | 0 |" in text
    assert "| 备注 | 无 |  |" in text


def test_an_english_site_gets_english_notes_and_lines(tmp_path):
    """The notes written atop the draft and the command's lines follow site_config.yml `language`;
    a Chinese site keeps its Chinese notes."""
    root = demo_site(tmp_path)
    page = tmp_path / "old.txt"
    page.write_text("湛江市人民政府办公室关于示例事项的通知\n各单位：\n正文。\n湛江市人民政府办公室\n", encoding="utf-8")
    chinese = import_one(root, page).read_text(encoding="utf-8")
    assert "# 由 gongkai import 从 old.txt 导入" in chinese and "# 原文未写成文日期：请补填 written" in chinese
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: zh", "language: en"), encoding="utf-8")
    english = import_one(root, page).read_text(encoding="utf-8")
    assert "# Imported by gongkai import from old.txt" in english
    assert "# The original gives no date of writing: fill in written" in english and "导入" not in english
    unknown = run("import", "--root", root, "--agency", "nowhere", page)
    assert unknown.returncode == 2 and unknown.stderr.startswith("Error: agency nowhere is not in agencies.yml")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    failed = run("import", "--root", root, broken)
    assert failed.returncode == 1 and "broken.docx is not a valid Word .docx file" in failed.stderr
