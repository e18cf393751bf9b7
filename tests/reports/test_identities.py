"""Each identity (docs/annual-report.md#identities) broken in one report: the finding's code, field path, line and wording."""

from __future__ import annotations

from .conftest import DELETE, line_of, only, set_cell, spec_tables

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_the_spec_example_holds_every_identity(report_site):
    report_site.write()
    code, findings = report_site.report_findings()
    assert (code, findings) == (0, [])


def test_row_total_I1(report_site):
    tables = set_cell(spec_tables(), "三.办理结果.不予公开.国家秘密.自然人", 6)
    set_cell(tables, "三.办理结果.不予公开.国家秘密.总计", 7)
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    [finding] = only(findings, "report.row_total")
    assert finding["field"] == "tables.三.办理结果.不予公开.国家秘密.总计"
    assert finding["line"] == line_of(path, "办理结果", "不予公开", "国家秘密")
    assert finding["file"] == "content/reports/demo-fgw/2024.md"
    assert finding["message"] == "表三 （三）不予公开 1.属于国家秘密 总计列 = 7，但自然人至其他六列之和 = 6"


def test_results_total_I3_names_each_category(report_site):
    tables = set_cell(spec_tables(), "三.办理结果.总计.自然人", 12)
    set_cell(tables, "三.办理结果.总计.总计", 15)
    set_cell(tables, "三.结转下年度.自然人", 2)  # keeps I4 true: only I3 is broken
    set_cell(tables, "三.结转下年度.总计", 2)
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    assert {f["code"] for f in findings} == {"report.results_total"}
    by_field = {f["field"]: f for f in findings}
    assert set(by_field) == {"tables.三.办理结果.总计.自然人", "tables.三.办理结果.总计.总计"}
    finding = by_field["tables.三.办理结果.总计.自然人"]
    assert finding["line"] == line_of(path, "办理结果", "总计")
    assert finding["message"] == ("表三 （七）总计 自然人列 = 12，但（一）至（六）各项之和 = 13（其中（一）予以公开 5、"
                                  "（二）部分公开 1、（三）不予公开 2、（四）无法提供 3、（五）不予处理 1、（六）其他处理 1）")


def test_balance_I4(report_site):
    tables = set_cell(spec_tables(), "三.结转下年度.自然人", 2)
    set_cell(tables, "三.结转下年度.总计", 2)
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    by_field = {f["field"]: f for f in findings}
    assert set(by_field) == {"tables.三.结转下年度.自然人", "tables.三.结转下年度.总计"}
    assert {f["code"] for f in findings} == {"report.balance"}
    assert by_field["tables.三.结转下年度.自然人"]["line"] == line_of(path, "结转下年度")
    assert by_field["tables.三.结转下年度.自然人"]["message"] == ("表三 自然人列：一、本年新收 + 二、上年结转 = 14，但 三、（七）总计 + "
                                      "四、结转下年度继续办理 = 15" + NOTE)


def test_review_total_I5(report_site):
    path = report_site.write(tables=set_cell(spec_tables(), "四.行政复议.总计", 3))
    code, findings = report_site.report_findings()
    assert code == 1
    [finding] = findings
    assert (finding["code"], finding["field"]) == ("report.review_total", "tables.四.行政复议.总计")
    assert finding["line"] == line_of(path, "四", "行政复议")
    assert finding["message"] == "表四 行政复议 总计 = 3，但结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 2"


def test_litigation_totals_I6_I7(report_site):
    tables = set_cell(spec_tables(), "四.行政诉讼.未经复议直接起诉.总计", 0)
    set_cell(tables, "四.行政诉讼.复议后起诉.结果纠正", 2)
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    assert [(f["code"], f["field"], f["line"]) for f in findings] == [
        ("report.litigation_total", "tables.四.行政诉讼.未经复议直接起诉.总计", line_of(path, "行政诉讼", "未经复议直接起诉")),
        ("report.litigation_total", "tables.四.行政诉讼.复议后起诉.总计", line_of(path, "行政诉讼", "复议后起诉")),
    ]
    assert findings[0]["message"] == "表四 行政诉讼·未经复议直接起诉 总计 = 0，但结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 1"
    assert findings[1]["message"] == "表四 行政诉讼·复议后起诉 总计 = 1，但结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 3"


def test_omitted_totals_are_computed_and_hold(report_site):
    tables = spec_tables()
    for row in ("本年新收", "上年结转", "结转下年度", "办理结果.予以公开", "办理结果.不予公开.四类过程性信息"):
        set_cell(tables, f"三.{row}.总计", DELETE)
    del tables["三"]["办理结果"]["总计"]
    for suit in ("行政复议", "行政诉讼.复议后起诉"):
        set_cell(tables, f"四.{suit}.总计", DELETE)
    report_site.write(tables=tables)
    assert report_site.report_findings() == (0, [])


def test_omitted_totals_still_catch_a_wrong_detail(report_site):
    """With （七）总计 computed, a detail that breaks the balance (I4) is still an error."""
    tables = spec_tables()
    del tables["三"]["办理结果"]["总计"]
    set_cell(tables, "三.办理结果.予以公开.自然人", 6)
    set_cell(tables, "三.办理结果.予以公开.总计", DELETE)
    report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    assert sorted((f["code"], f["field"]) for f in findings) == [("report.balance", "tables.三.结转下年度.总计"),
                                                                ("report.balance", "tables.三.结转下年度.自然人")]


def test_given_total_that_is_wrong_is_an_error_even_when_others_are_omitted(report_site):
    tables = set_cell(spec_tables(), "三.本年新收.总计", 17)
    set_cell(tables, "三.上年结转.总计", DELETE)
    report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    assert ("report.row_total", "tables.三.本年新收.总计") in [(f["code"], f["field"]) for f in findings]


def test_english_site_gets_english_messages(report_site):
    (report_site.root / "site_config.yml").write_text(
        "title: t\nbase_url: https://example.gov.cn/\nlanguage: en\n", encoding="utf-8")
    report_site.write(tables=set_cell(spec_tables(), "四.行政复议.总计", 3))
    _, [finding] = report_site.report_findings()
    assert finding["message"] == "表四 行政复议: 总计 = 3, but the four outcomes add up to 2"
