"""`gongkai import` on the five seed documents: what comes out is close to the hand-made demo
entries (title, 文号, 成文日期, agency), is a draft, keeps tables as tables, has no page-break
debris, and the personal data of seed 000 is reported."""

from __future__ import annotations

import os
import re

import pytest

from generator.load.document import read_document
from generator.model.findings import Findings
from sitekit import REPO, SEEDS, demo_site, front, run

if not SEEDS.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"the seed documents are missing: {SEEDS}")
    pytest.skip("shared/seeds is not beside the repository", allow_module_level=True)

# seed → the hand-made demo entry it corresponds to (content/catalog/…)
DEMO = {
    "000": "zj-kfq-office/2016/zhankaiban-2016-83.md",
    "001": "zj-gov-office/2018/zhanfuban-2018-22.md",
    "002": "zj-gov-office/2015/zj-2015-xxgk-yaodian.md",
    "003": "zj-gov-office/2021/zhanfuban-2021-15.md",
    "004": "fs-zd/2018/fszd-2018-zwgk-cuoshi.md",
}


def seed(number: str):
    return next(SEEDS.glob(f"{number}_*.txt"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Import all five seeds in one run into a copy of the demo's configuration."""
    root = demo_site(tmp_path_factory.mktemp("import"))
    result = run("import", "--root", root, *[seed(n) for n in sorted(DEMO)])
    assert result.returncode == 0, result.stderr
    paths = [root / line for line in result.stdout.splitlines() if line.startswith("content/")]
    assert len(paths) == 5
    return root, result, dict(zip(sorted(DEMO), paths))


def import_one(root, *args):
    """Run `gongkai import`; it must succeed. The file it wrote."""
    result = run("import", "--root", root, *args)
    assert result.returncode == 0, result.stderr
    return root / result.stdout.splitlines()[0]


def body(path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def demo(number: str) -> dict:
    return front(REPO / "content" / "catalog" / DEMO[number])


@pytest.mark.parametrize("number", sorted(DEMO))
def test_metadata_matches_the_hand_made_entry(imported, number):
    _, _, paths = imported
    got, want = front(paths[number]), demo(number)
    assert got["title"] == want["title"]
    assert got["agency"] == want["agency"]
    assert got.get("doc_no") == want.get("doc_no")
    assert got["draft"] is True
    assert list(paths[number].parts[-3:-1]) == DEMO[number].split("/")[:2]  # catalog/<agency>/<year>/
    if number != "004":  # 004 states no date at all: the importer leaves written empty for a person
        assert str(got["written"]) == str(want["written"])
    else:
        assert got["written"] is None
        assert "原文未写成文日期" in paths[number].read_text(encoding="utf-8")


def test_printed_date_becomes_the_publication_date(imported):
    _, _, paths = imported
    assert str(front(paths["000"])["published"]) == "2016-05-27"  # 2016年 5月 27日印发
    assert str(front(paths["001"])["published"]) == "2018-06-29"
    assert str(front(paths["002"])["published"]) == "2015-07-14"  # no 印发 line: the written date


def test_index_numbers_use_the_agency_code_and_year(imported):
    root, _, paths = imported
    agencies = {"zj-kfq-office": "11440800007231063Y", "zj-gov-office": "11440800007182505N"}
    assert front(paths["000"])["index_no"] == f"{agencies['zj-kfq-office']}/2016-00001"
    assert front(paths["003"])["index_no"] == f"{agencies['zj-gov-office']}/2021-00001"


def test_document_numbers_in_the_body_are_normalised(imported):
    _, _, paths = imported
    for path in paths.values():
        assert "„" not in body(path) and "‟" not in body(path)
    assert "（国办发〔2016〕19号）" in body(paths["000"])  # was „2016‟ + line break + " 19 号"
    assert "国办公开办函〔2019〕60号" in body(paths["003"])


def test_page_break_debris_is_gone(imported):
    _, _, paths = imported
    text = body(paths["000"])
    assert "baike.baidu.com" not in text
    assert "单位主要领导为第一责任人，分管领导为直接负责" in text  # joined across the stray URL
    assert "会公布。建立健全会议开放制度" in body(paths["001"])  # 向社 | 会公布 across a page break
    assert "国务院令第492号" in text  # PDF spacing between characters and digits removed
    assert not re.search(r"^\d{1,3}$", text, re.M)


def test_headings_and_signature(imported):
    _, _, paths = imported
    text = body(paths["000"])
    assert "## 一、加强信息公开工作的组织领导和队伍建设" in text
    assert "湛江经济技术开发区党政办公室  \n2016年5月26日" in text
    assert "## 湛江市2018年政务公开工作要点" in body(paths["001"])


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split(" | ")] for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| ---")]


def test_flattened_task_table_of_seed_003_is_a_table(imported):
    _, _, paths = imported
    text = body(paths["003"])
    assert "| 工作任务 | 具体要求 | 落实单位 | 完成时限 |\n| --- | --- | --- | --- |" in text
    rows = table_rows(text)[1:]
    assert [int(r[1].split(".")[0]) for r in rows] == list(range(1, 51))  # one row per requirement
    assert all(len(r) == 4 and all(r) for r in rows)  # no empty cell: merged cells repeated
    by_number = {int(r[1].split(".")[0]): r for r in rows}
    assert by_number[1][0] == "做好各类规划主动公开"
    assert by_number[42][1].startswith("42.各级行政机关要严格落实国办公开办函〔2019〕60号文件要求")
    assert by_number[6][3] == "长期工作"
    assert by_number[3][2] == by_number[5][2]  # one units cell spanning items 3–5
    assert text.count("| 工作任务 |") == 1  # the header repeated on every page is gone
    demo_rows = table_rows(body(REPO / "content" / "catalog" / DEMO["003"]))[1:]
    assert [r[0] for r in rows] == [r[0] for r in demo_rows]


def test_tab_separated_table_of_seed_004_is_a_table(imported):
    _, _, paths = imported
    text = body(paths["004"])
    assert "| 工作要点 | 具体要求 | 具体措施 |" in text
    assert "<p>" not in text and "</p>" not in text
    rows = table_rows(text)[1:]
    assert len(rows) >= 25 and all(len(r) == 3 for r in rows)
    assert rows[0][0] == "一、围绕建设法治政府全面推进政务公开"
    assert rows[1][0] == ""  # the merged 工作要点 cell stays one cell
    assert any("<br>" in r[1] for r in rows)  # two paragraphs in one cell


def reports_by_file(out: str) -> dict[str, str]:
    """stdout: a path line per imported file, then its personal-data report indented below it."""
    sections: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("content/"):
            current = line
            sections[current] = ""
        else:
            sections[current] += line + "\n"
    return sections


def test_personal_data_of_seed_000_is_reported(imported):
    root, result, paths = imported
    sections = reports_by_file(result.stdout)
    report = sections[str(paths["000"].relative_to(root))]
    assert "PII002" in report and "136****2745" in report
    assert "PII003" in report and "l***@qq.com" in report
    assert "13659752745" not in result.stdout and "leeleewc" not in result.stdout  # logs are not a leak
    for other in ("001", "002", "003", "004"):
        assert "PII" not in sections[str(paths[other].relative_to(root))]


def test_imported_drafts_load_and_are_withheld(imported):
    root, _, paths = imported
    result = run("check", "--root", root, "--format", "json")
    codes = {(f["file"], f["code"]) for f in map(__import__("json").loads, result.stdout.splitlines())}
    rel = {n: str(p.relative_to(root)) for n, p in paths.items()}
    assert (rel["000"], "PII002") in codes and (rel["000"], "PII003") in codes
    assert {c for f, c in codes if f == rel["001"]} <= {"CAT002"}
    for number in ("000", "001", "002", "003"):
        assert read_document(paths[number], root, Findings()) is not None


def test_importing_again_never_overwrites(tmp_path):
    root = demo_site(tmp_path)
    first = run("import", "--root", root, seed("001"))
    second = run("import", "--root", root, seed("001"))
    assert first.returncode == second.returncode == 0
    a, b = (root / r.stdout.splitlines()[0] for r in (first, second))
    assert a != b and front(a)["index_no"] != front(b)["index_no"]


def test_import_next_to_the_demo_catalog_takes_the_next_serial(tmp_path):
    root = demo_site(tmp_path, with_catalog=True)
    result = run("import", "--root", root, seed("001"))
    meta = front(root / result.stdout.splitlines()[0])
    assert meta["index_no"] == "11440800007182505N/2018-00023"  # the demo uses …/2018-00022


def test_html_with_a_table(tmp_path):
    root = demo_site(tmp_path)
    page = tmp_path / "old.html"
    page.write_text("""<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>
<h1>湛江市人民政府办公室关于印发示例工作方案的通知</h1>
<p>湛府办„2019‟7号</p>
<p>各县（市、区）人民政府，市府直属各单位：</p>
<p>现将方案印发给你们，请认真贯彻执行。</p>
<table><tr><th>序号</th><th>任务</th></tr><tr><td>1</td><td><p>公开预算</p><p>公开决算</p></td></tr></table>
<p>湛江市人民政府办公室</p><p>2019年3月4日</p>
</body></html>""", encoding="utf-8")
    path = import_one(root, page)
    meta = front(path)
    assert meta["title"] == "湛江市人民政府办公室关于印发示例工作方案的通知"
    assert meta["doc_no"] == "湛府办〔2019〕7号" and meta["agency"] == "zj-gov-office"
    assert str(meta["written"]) == "2019-03-04"
    assert "| 序号 | 任务 |\n| --- | --- |\n| 1 | 公开预算<br>公开决算 |" in body(path)


def test_docx_with_a_table(tmp_path):
    docx = pytest.importorskip("docx")
    root = demo_site(tmp_path)
    document = docx.Document()
    for text in ("湛开办〔2020〕5号", "关于做好示例工作的通知", "区直各单位："):
        document.add_paragraph(text)
    document.add_paragraph("一、总体要求", style="Heading 1")
    document.add_paragraph("请按下表落实。")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ("任务", "时限", "公开目录", "长期")):
        cell.text = text
    document.add_paragraph("湛江经济技术开发区党政办公室")
    document.add_paragraph("2020年4月1日")
    source = tmp_path / "old.docx"
    document.save(source)
    path = import_one(root, source)
    meta = front(path)
    assert (meta["title"], meta["doc_no"], meta["agency"]) == ("关于做好示例工作的通知", "湛开办〔2020〕5号", "zj-kfq-office")
    assert "| 任务 | 时限 |\n| --- | --- |\n| 公开目录 | 长期 |" in body(path)
    assert "## 一、总体要求" in body(path)


def test_unrecognised_issuer_needs_agency(tmp_path):
    root = demo_site(tmp_path)
    source = tmp_path / "unknown.txt"
    source.write_text("某某局关于示例事项的通知\n各单位：\n正文。\n某某局\n2020年1月2日\n", encoding="utf-8")
    result = run("import", "--root", root, source)
    assert result.returncode == 1 and "--agency" in result.stderr
    result = run("import", "--root", root, "--agency", "zj-czj", source)
    assert result.returncode == 0 and front(root / result.stdout.splitlines()[0])["agency"] == "zj-czj"
    result = run("import", "--root", root, "--agency", "nowhere", source)
    assert result.returncode == 2 and "不在 agencies.yml 中" in result.stderr


GOV_PAGE = """<html><body><div class="nav"><a href="/">首页</a></div>
<table class="meta">
<tr><td>索引号：</td><td>11440800007182505N/2019-00031</td><td>主题分类：</td><td>综合政务\\政务公开</td></tr>
<tr><td>发文机关：</td><td>湛江市人民政府办公室</td><td>成文日期：</td><td>2019年03月04日</td></tr>
<tr><td>标题：</td><td>湛江市人民政府办公室关于做好示例工作的通知</td></tr>
<tr><td>发文字号：</td><td>湛府办[2019]7号</td><td>发布日期：</td><td>2019-03-06</td></tr>
</table>
<h1>湛江市人民政府办公室关于做好示例工作的通知</h1>
<p>各县（市、区）人民政府，市府直属各单位：</p>
<p>现就做好示例工作通知如下。</p>
</body></html>"""


def test_a_catalog_page_keeps_its_index_number(tmp_path):
    """A page copied from an old catalog carries its metadata block: the 索引号 is kept (it must
    never change), the 发布日期 is the old site's, and the block is not repeated in the body."""
    root = demo_site(tmp_path)
    page = tmp_path / "old-catalog-page.html"
    page.write_text(GOV_PAGE, encoding="utf-8")
    path = import_one(root, page)
    meta = front(path)
    assert meta["index_no"] == "11440800007182505N/2019-00031"
    assert meta["doc_no"] == "湛府办〔2019〕7号" and meta["agency"] == "zj-gov-office"
    assert (str(meta["written"]), str(meta["published"])) == ("2019-03-04", "2019-03-06")
    assert "索引号" not in body(path) and "现就做好示例工作通知如下。" in body(path)

    again = run("import", "--root", root, page)  # the number is taken now: a new one is given
    assert front(root / again.stdout.splitlines()[0])["index_no"] == "11440800007182505N/2019-00032"
