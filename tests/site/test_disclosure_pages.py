"""The disclosure structure on the built demo (issue 13): 第二十条 items, 机构信息 and 指南 per agency,
依申请公开 channels and the 申请表 (.docx read back with python-docx), 意见征集, the report calendar."""

from __future__ import annotations

import io
import re

import pytest

from sitebuild import AS_OF, REPO, gongkai

AGENCY_IDS = ["zj-gov-office", "zj-kfq-office", "fs-zd", "zj-gov", "zj-fgj", "zj-czj", "zj-sthjj", "zj-jyj"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-disclosure") / "site"
    run = gongkai("build", "--root", REPO, "--as-of", AS_OF, "-o", out, "--no-search")
    assert run.code == 0, run.out + run.err
    return out


def read(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def section(html: str, element_id: str) -> str:
    """The <section> whose heading has this id."""
    match = re.search(rf'<section[^>]*aria-labelledby="{element_id}".*?</section>', html, re.S)
    assert match, element_id
    return match.group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 第二十条 --------------------------------------------------------------------------------

def test_article_20_shows_all_fifteen_items_and_says_when_one_is_empty(demo):
    html = read(demo, "catalog/article-20")
    headings = re.findall(r'<h2 id="gk-item-(\d+)">', html)
    assert headings == [str(n) for n in range(1, 16)]
    empty = section(html, "gk-item-14")  # no 公务员招考 in the demo
    assert "（十四）公务员招考" in empty and "本项暂无信息" in empty
    budgets = text_of(section(html, "gk-item-7"))
    assert "（七）财政预算决算" in budgets and "佛山中德工业服务区管理委员会2020年部门预算" in budgets
    # the category wins over the genre mapping (统计数据 → 第四项)
    assert "部门预算" not in text_of(section(html, "gk-item-4"))
    procurement = text_of(section(html, "gk-item-9"))
    assert "政府集中采购目录" in procurement and "本项暂无信息" not in procurement
    rules = text_of(section(html, "gk-item-1"))
    assert "规章和规范性文件" in rules and "本项全部" in rules


def test_item_2_links_every_agency_page_and_each_item_has_its_listing(demo):
    html = section(read(demo, "catalog/article-20"), "gk-item-2")
    for agency_id in AGENCY_IDS:
        assert f'href="../../agencies/{agency_id}/"' in html
    for number in range(1, 16):
        page = read(demo, f"catalog/article-20/{number}")
        assert "<h1>（" in page
    assert "本项暂无信息" not in read(demo, "catalog/article-20/14")  # the listing says it its own way
    assert "暂无" in read(demo, "catalog/article-20/14")


def test_article_20_is_in_the_catalog_navigation(demo):
    assert 'href="article-20/"' in read(demo, "catalog")


# --- 机构信息 and 指南 -------------------------------------------------------------------------

def test_every_agency_has_an_information_page_from_agencies_yml(demo):
    for agency_id in AGENCY_IDS:
        assert (demo / "agencies" / agency_id / "index.html").is_file(), agency_id
    page = text_of(read(demo, "agencies/zj-fgj"))
    for label, value in (("机构职能", "中长期规划"), ("内设机构", "价格管理科"), ("负责人", "孙示例"),
                         ("办公地址", "湛江市赤坎区示例路3号"), ("邮政编码", "524000"), ("办公时间", "8:30"),
                         ("联系电话", "0759-3100312"), ("传真", "0759-3100313")):
        assert label in page and value in page, label
    assert "示意数据" in page  # a sample agency says so
    links = read(demo, "agencies/zj-fgj")
    assert 'href="../../reports/zj-fgj/"' in links and 'href="../../guide/zj-fgj/"' in links
    assert 'href="zj-fgj/"' in read(demo, "agencies")  # the agency list links the page


def test_each_agency_has_its_own_guide_generated_from_its_data_and_the_channels(demo):
    index = read(demo, "guide")
    for agency_id in AGENCY_IDS:
        assert f'href="{agency_id}/"' in index
    guide = text_of(read(demo, "guide/zj-czj"))
    assert "湛江市财政局政府信息公开指南" in guide
    assert "湛江市赤坎区示例路5号" in guide and "0759-3100415" in guide  # its own office
    assert "湛江市政务服务中心一楼依申请公开窗口" in guide  # the office's channels
    assert "第五十一条" in guide  # 监督和救济
    assert 'href="../../apply/forms/citizen.docx"' in read(demo, "guide/zj-czj")


def test_a_markdown_file_replaces_an_agencys_generated_guide(demo):
    override = text_of(read(demo, "guide/zj-gov-office"))
    assert "湛江市人民政府办公室政府信息公开指南" in override
    assert "政府信息的分类和编排体系" in override  # the text of content/pages/guide/zj-gov-office.md
    assert not (demo / "pages" / "zj-gov-office").exists()  # not published twice


# --- 依申请公开 -----------------------------------------------------------------------------

def test_the_apply_page_lists_the_configured_channels_and_the_forms(demo):
    html = read(demo, "pages/apply")
    channels = text_of(section(html, "gk-apply-channels"))
    for expected in ("网上申请", "https://example.gov.cn/xxgk/ysqgk/", "信函申请", "524000", "湛江市人民政府办公室政务公开科",
                     "当面申请", "受理时间", "传真申请", "0759-3100209", "电子邮件申请", "zwgk@zhanjiang.example.gov.cn"):
        assert expected in channels, expected
    assert 'href="https://example.gov.cn/xxgk/ysqgk/"' in html
    assert 'href="../../apply/forms/citizen.docx"' in html and 'href="../../apply/forms/organisation/"' in html


@pytest.mark.parametrize("kind,applicant", [("citizen", ["姓名", "证件号码"]),
                                            ("organisation", ["名称", "统一社会信用代码", "法定代表人或者主要负责人"])])
def test_the_application_form_is_a_real_docx(demo, kind, applicant):
    from docx import Document

    document = Document(io.BytesIO((demo / "apply" / "forms" / f"{kind}.docx").read_bytes()))
    title = document.paragraphs[0].text
    assert title.startswith("政府信息公开申请表") and ("公民" in title) == (kind == "citizen")
    labels = [row.cells[0].text for table in document.tables for row in table.rows]
    for label in applicant + ["所需政府信息的名称、文号或者便于查询的其他特征性描述", "用途",
                              "获取政府信息的方式", "申请人签名（盖章）", "申请日期"]:
        assert label in labels, label
    purpose = next(row.cells[1].text for t in document.tables for row in t.rows if row.cells[0].text == "用途")
    assert "选填" in purpose  # the regulation asks no purpose
    text = "\n".join(p.text for p in document.paragraphs)
    assert "受理机关：湛江市人民政府办公室政务公开科" in text and "电子邮件申请：zwgk@zhanjiang.example.gov.cn" in text


def test_the_printable_form_has_the_same_fields(demo):
    html = text_of(read(demo, "apply/forms/organisation"))
    for label in ("政府信息公开申请表（法人或者其他组织）", "统一社会信用代码", "联系人电话", "用途", "选填",
                  "□邮寄", "申请人签名（盖章）", "受理机关"):
        assert label in html, label


def test_the_docx_is_the_same_in_two_builds(demo, tmp_path):
    again = tmp_path / "again"
    run = gongkai("build", "--root", REPO, "--as-of", AS_OF, "-o", again, "--no-search")
    assert run.code == 0, run.err
    for kind in ("citizen", "organisation"):
        assert (again / "apply/forms" / f"{kind}.docx").read_bytes() == (demo / "apply/forms" / f"{kind}.docx").read_bytes()


# --- 意见征集 --------------------------------------------------------------------------------

def test_consultations_are_listed_as_open_and_closed(demo):
    html = read(demo, "consultations")
    open_now = text_of(section(html, "gk-open"))
    closed = text_of(section(html, "gk-closed"))
    assert "中小学课后服务管理办法" in open_now and "距截止还有 16 天" in open_now
    assert "政府采购内部控制管理办法" in closed and "采纳情况待公布" in closed
    assert "裁量标准" in closed and "已公布采纳情况" in closed
    assert "意见征集" in read(demo, "")  # a section of the navigation


def test_a_closed_consultation_shows_its_outcome_and_links_the_final_policy(demo):
    html = read(demo, "consultations/zj-sthjj/caoliang-biaozhun-2024")
    result = text_of(section(html, "gk-result"))
    assert "共收到意见建议23条" in result and "2024年10月17日" in result
    assert 'href="../../../catalog/zj-sthjj/2024/xingzheng-chufa-caoliang-2024/"' in html
    open_page = read(demo, "consultations/zj-jyj/kehou-fuwu-2026")
    assert 'id="gk-result"' not in open_page and "电子邮件：zwgk@zhanjiang.example.gov.cn" in open_page


# --- the annual-report calendar --------------------------------------------------------------

def test_the_archive_marks_the_missing_report_and_calls_the_due_year_latest(demo):
    html = read(demo, "reports")
    latest = text_of(section(html, "gk-latest"))
    assert "最新年报：2025年度" in latest
    assert "湛江市财政局2025年政府信息公开工作年度报告" in latest
    assert "湛江市生态环境局2025年政府信息公开工作年度报告 未发布 应于 2026年1月31日 前发布" in latest
    assert not (demo / "reports" / "zj-sthjj" / "2025").exists()
