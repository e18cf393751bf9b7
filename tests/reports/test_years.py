"""Across years and against the catalog: carry-over (I8), stock (I12, I13), section 二 vs the
catalog's 规章 and 规范性文件, and `new_report_text` carrying last year's numbers forward."""

from __future__ import annotations

import datetime as dt

from generator.authoring.report import empty_tables, new_report_text
from generator.load.site import load_site

from .conftest import line_of, only, set_cell, spec_tables
from .test_structure import spec_2019_tables


def year_2023(carry_out_natural: int = 1) -> dict:
    """A valid 2023 report whose 结转下年度 自然人 is `carry_out_natural` (the spec's 2024 carries in 1)."""
    tables = spec_tables()
    extra = carry_out_natural - 1
    for path in ("三.本年新收.自然人", "三.本年新收.总计", "三.结转下年度.自然人", "三.结转下年度.总计"):
        set_cell(tables, path, tables_value(tables, path) + extra)
    set_cell(tables, "二.行政规范性文件.现行有效件数", 14)  # 14 + 2 − 1 = 15 in 2024 (I12)
    return tables


def tables_value(tables: dict, path: str):
    for key in path.split("."):
        tables = tables[key]
    return tables


def test_carry_over_matches_last_year(report_site):
    report_site.write(year=2023, tables=year_2023(), published="2024-01-20")
    report_site.write(year=2024)
    assert report_site.report_findings() == (0, [])


def test_carry_over_that_differs_from_last_year_I8(report_site):
    report_site.write(year=2023, tables=year_2023(carry_out_natural=2), published="2024-01-20")
    path = report_site.write(year=2024)
    code, findings = report_site.report_findings()
    assert code == 1
    by_field = {f["field"]: f for f in only(findings, "report.carryover")}
    assert set(by_field) == {"tables.三.上年结转.自然人", "tables.三.上年结转.总计"}
    finding = by_field["tables.三.上年结转.自然人"]
    assert finding["file"] == report_site.rel(path)
    assert finding["line"] == line_of(path, "上年结转")
    assert finding["message"] == ("表三 二、上年结转 自然人 = 1，但 2023 年报告（content/reports/demo-fgw/2023.md）"
                                  "四、结转下年度继续办理 自然人 = 2")


def test_carry_over_across_the_format_change(report_site):
    """2020 (format 2019) → 2021 (format 2021): the same seven columns carry over."""
    last = spec_2019_tables()
    set_cell(last, "三.结转下年度.自然人", 2)
    set_cell(last, "三.结转下年度.总计", 2)
    set_cell(last, "三.本年新收.自然人", 14)
    set_cell(last, "三.本年新收.总计", 17)
    report_site.write(year=2020, tables=last, published="2021-01-20")
    report_site.write(year=2021, published="2022-01-20")
    code, findings = report_site.report_findings()
    assert code == 1
    assert sorted(f["field"] for f in findings) == ["tables.三.上年结转.总计", "tables.三.上年结转.自然人"]
    assert {f["code"] for f in findings} == {"report.carryover"}


def test_stock_of_regulations_I12_is_a_warning(report_site):
    last = year_2023()
    set_cell(last, "二.行政规范性文件.现行有效件数", 12)
    report_site.write(year=2023, tables=last, published="2024-01-20")
    path = report_site.write(year=2024)
    code, findings = report_site.report_findings()
    assert code == 0
    [finding] = findings
    assert (finding["level"], finding["code"], finding["field"]) == (
        "warning", "report.stock", "tables.二.行政规范性文件.现行有效件数")
    assert finding["line"] == line_of(path, "行政规范性文件")
    assert finding["message"] == "表二 行政规范性文件 现行有效件数 = 15，但上年现行有效 12 + 本年制发 2 − 本年废止 1 = 13"


def test_item_counts_of_the_2019_format_I13(report_site):
    first, second = spec_2019_tables(), spec_2019_tables()
    set_cell(first, "二.行政许可.上一年项目数量", 40)
    set_cell(first, "二.行政许可.本年增/减", -2)
    set_cell(second, "二.行政许可.上一年项目数量", 40)  # should be 38
    set_cell(first, "三.结转下年度.自然人", 1)
    report_site.write(year=2019, tables=first, published="2020-01-20")
    report_site.write(year=2020, tables=second, published="2021-01-20")
    code, findings = report_site.report_findings()
    assert code == 0
    [finding] = findings
    assert (finding["code"], finding["field"]) == ("report.stock", "tables.二.行政许可.上一年项目数量")
    assert finding["message"] == "表二 行政许可 上一年项目数量 = 40，但2019 年报告的上一年项目数量 40 + 本年增/减 -2 = 38"


# --- section 二 against the catalog --------------------------------------------------------

ENTRY = """\
---
title: 示例市发展和改革委员会关于{title}的通知
index_no: 11440800007187664K/{year}-{serial:05d}
agency: demo-fgw
doc_no: 示发改规〔{year}〕{serial}号
written: {written}
published: {published}
topic: 综合政务\\政务公开
genre: 规范性文件
disclosure: 主动公开
summary: 示例规范性文件。
{extra}---
正文。
"""


def write_entry(site, serial: int, written: str, extra: str = "") -> None:
    year = written[:4]
    path = site.root / "content" / "catalog" / "demo-fgw" / year / f"doc{serial}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    published = (dt.date.fromisoformat(written) + dt.timedelta(days=2)).isoformat()
    path.write_text(ENTRY.format(title=f"规范{serial}", year=year, serial=serial, written=written,
                                 published=published, extra=extra), encoding="utf-8")


def test_section_two_agrees_with_the_catalog(report_site):
    tables = set_cell(spec_tables(), "二.行政规范性文件.本年制发件数", 2)
    set_cell(tables, "二.行政规范性文件.本年废止件数", 1)
    set_cell(tables, "二.行政规范性文件.现行有效件数", 2)
    report_site.write(tables=tables)
    write_entry(report_site, 1, "2022-03-01", "validity: 废止\nchanges:\n  - {date: 2024-05-06, note: 废止}\n")
    write_entry(report_site, 2, "2024-03-01")
    write_entry(report_site, 3, "2024-08-01")
    code, findings = report_site.report_findings()
    assert [f["code"] for f in findings] == []


def test_section_two_that_contradicts_the_catalog_shows_both_numbers(report_site):
    path = report_site.write()  # 本年制发 2, 本年废止 1, 现行有效 15
    write_entry(report_site, 1, "2024-03-01")
    code, findings = report_site.report_findings()
    assert code == 0  # warnings only
    by_field = {f["field"]: f for f in only(findings, "report.catalog")}
    assert set(by_field) == {"tables.二.行政规范性文件.本年制发件数", "tables.二.行政规范性文件.本年废止件数",
                             "tables.二.行政规范性文件.现行有效件数"}
    made = by_field["tables.二.行政规范性文件.本年制发件数"]
    assert made["level"] == "warning"
    assert made["line"] == line_of(path, "行政规范性文件")
    assert made["message"] == "表二 行政规范性文件 本年制发件数 = 2，但公开目录中示例市发展和改革委员会2024年成文的规范性文件为 1 件"
    assert by_field["tables.二.行政规范性文件.现行有效件数"]["message"].endswith(
        "截至2024年12月31日现行有效的规范性文件为 1 件")


def test_no_catalog_comparison_where_the_catalog_holds_nothing(report_site):
    report_site.write()
    write_entry(report_site, 1, "2025-03-01")  # only after the report year
    assert report_site.report_findings() == (0, [])


def test_a_repealed_entry_without_a_date_makes_repeal_and_stock_unknown(report_site):
    tables = set_cell(spec_tables(), "二.行政规范性文件.本年制发件数", 1)
    report_site.write(tables=tables)
    write_entry(report_site, 1, "2024-03-01")
    write_entry(report_site, 2, "2021-03-01", "validity: 废止\n")
    assert report_site.report_findings() == (0, [])


# --- new_report_text ----------------------------------------------------------------------

def test_new_report_carries_last_years_numbers(report_site):
    last = year_2023(carry_out_natural=3)
    report_site.write(year=2023, tables=last, published="2024-01-20")
    site, _ = load_site(report_site.root, dt.date(2026, 11, 23))
    text = new_report_text(site, "demo-fgw", 2024)
    target = report_site.root / "content" / "reports" / "demo-fgw" / "2024.md"
    target.write_text(text, encoding="utf-8")
    assert 'format: "2021"' in text and "## 一、总体情况" in text and "## 五、存在的主要问题及改进情况" in text
    site, _ = load_site(report_site.root, dt.date(2026, 11, 23))
    new = next(r for r in site.reports if r.year == 2024)
    assert new.tables["三"]["上年结转"] == {"自然人": 3, "商业企业": 0, "科研机构": 0, "社会公益组织": 0,
                                         "法律服务机构": 0, "其他": 0, "总计": 3}
    assert new.tables["二"]["行政规范性文件"]["现行有效件数"] == 14
    assert new.title == "示例市发展和改革委员会2024年政府信息公开工作年度报告"
    assert new.draft and not site.is_public(new)  # not published until the editor removes `draft: true`
    assert report_site.report_findings() == (0, [])  # every identity holds in the fresh file


def test_new_report_for_a_2020_report_uses_the_2019_format(report_site):
    site, _ = load_site(report_site.root, dt.date(2026, 11, 23))
    text = new_report_text(site, "demo-gov", 2020)
    target = report_site.root / "content" / "reports" / "demo-gov" / "2020.md"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    assert 'format: "2019"' in text and "published: 2021-03-15" in text
    assert "政府集中采购" in text and "逾期不补正" not in text
    assert report_site.report_findings() == (0, [])
    site, _ = load_site(report_site.root, dt.date(2026, 11, 23))
    [report] = site.reports
    assert report.tables == empty_tables("2019")
