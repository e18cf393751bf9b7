"""The shape of a report file: cells, rows, blanks, both formats, file name, agency, deadline."""

from __future__ import annotations

from generator.authoring.report import empty_tables

from .conftest import DELETE, line_of, only, set_cell, spec_tables


def spec_2019_tables() -> dict:
    """The spec example in the 2019 layout: （六）其他处理 as one row, 表二 in its 2019 columns."""
    tables = spec_tables()
    results = tables["三"]["办理结果"]
    other = results["其他处理"]
    results["其他处理"] = {c: sum(other[k][c] for k in other) for c in other["其他"]}
    tables["二"] = empty_tables("2019")["二"]
    return tables


# --- cells ------------------------------------------------------------------------------

def test_a_fraction_in_a_count_is_a_type_error(report_site):
    path = report_site.write(tables=set_cell(spec_tables(), "三.办理结果.不予公开.行政查询事项.自然人", "1.5"))
    code, findings = report_site.report_findings()
    assert code == 1
    [finding] = findings
    assert finding["code"] == "report.cell.type"
    assert finding["field"] == "tables.三.办理结果.不予公开.行政查询事项.自然人"
    assert finding["line"] == line_of(path, "不予公开", "行政查询事项")
    assert finding["message"] == "表三 （三）不予公开 8.属于行政查询事项 自然人 应为非负整数，实际为 “1.5”"


def test_negative_counts_and_booleans_are_type_errors(report_site):
    tables = set_cell(spec_tables(), "四.行政复议.结果纠正", -1)
    set_cell(tables, "二.行政许可.本年处理决定数量", True)
    report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    assert sorted(f["field"] for f in only(findings, "report.cell.type")) == [
        "tables.二.行政许可.本年处理决定数量", "tables.四.行政复议.结果纠正"]


def test_amounts_may_have_decimals_but_not_be_negative(report_site):
    report_site.write(tables=set_cell(spec_tables(), "二.行政事业性收费.本年收费金额", "12.50"))
    assert report_site.report_findings() == (0, [])
    report_site.write(tables=set_cell(spec_tables(), "二.行政事业性收费.本年收费金额", -3.2))
    code, findings = report_site.report_findings()
    assert code == 1
    assert findings[0]["message"] == "表二 行政事业性收费 本年收费金额 应为非负金额（单位：万元，可有小数），实际为 -3.2"


def test_a_missing_row_is_named_with_its_official_label(report_site):
    tables = spec_tables()
    del tables["三"]["办理结果"]["不予公开"]["行政执法案卷"]
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    [finding] = findings
    assert finding["code"] == "report.cell.missing"
    assert finding["field"] == "tables.三.办理结果.不予公开"
    assert finding["line"] == line_of(path, "办理结果", "不予公开")
    assert finding["message"] == "表三 （三）不予公开 缺少 7.属于行政执法案卷"


def test_a_missing_column_and_a_missing_table(report_site):
    tables = set_cell(spec_tables(), "三.本年新收.科研机构", DELETE)
    del tables["四"]
    report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    messages = sorted(f["message"] for f in only(findings, "report.cell.missing"))
    assert messages == ["tables 缺少 表四（四、政府信息公开行政复议、行政诉讼情况）",
                        "表三 一、本年新收政府信息公开申请数量 缺少 科研机构"]


def test_an_unknown_row_suggests_the_right_key(report_site):
    tables = spec_tables()
    handled = tables["三"]["办理结果"]["不予处理"]
    handled["信访"] = handled.pop("信访举报投诉")
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1
    unknown = only(findings, "report.cell.unknown")
    assert [f["field"] for f in unknown] == ["tables.三.办理结果.不予处理.信访"]
    assert unknown[0]["line"] == line_of(path, "不予处理", "信访")
    assert unknown[0]["message"] == ("表三 （五）不予处理 出现未知的行 “信访”，应为：信访举报投诉、重复申请、公开出版物、"
                                     "大量反复申请、确认或重新出具，是否应为 信访举报投诉？")
    assert [f["message"] for f in only(findings, "report.cell.missing")] == ["表三 （五）不予处理 缺少 1.信访举报投诉类申请"]


def test_unknown_top_level_key_is_a_schema_finding(report_site):
    report_site.write(publshed="2025-01-20")
    code, findings = report_site.check()
    assert code == 1
    assert [(f["code"], f["field"]) for f in findings] == [("SCH001", "publshed")]


# --- blank cells ------------------------------------------------------------------------

def test_blank_cells_count_as_zero_with_one_warning_per_table(report_site):
    tables = spec_tables()
    for path in ("三.办理结果.不予公开.国家秘密.自然人", "三.办理结果.不予公开.国家秘密.商业企业",
                 "四.行政诉讼.复议后起诉.其他结果"):
        set_cell(tables, path, None)
    set_cell(tables, "三.上年结转.总计", None)  # a total left blank: computed, no warning
    file = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 0
    assert [(f["level"], f["code"], f["field"], f["message"]) for f in findings] == [
        ("warning", "report.cell.blank", "tables.三.办理结果.不予公开.国家秘密.自然人",
         "表三 有 2 个空白单元格（原报告未填数字），按 0 计算"),
        ("warning", "report.cell.blank", "tables.四.行政诉讼.复议后起诉.其他结果",
         "表四 有 1 个空白单元格（原报告未填数字），按 0 计算"),
    ]
    assert findings[0]["line"] == line_of(file, "不予公开", "国家秘密")


def test_a_blank_cell_still_enters_the_identities(report_site):
    """null counts as 0: a blank where the original had a number breaks the total."""
    report_site.write(tables=set_cell(spec_tables(), "三.办理结果.予以公开.自然人", None))
    code, findings = report_site.report_findings()
    assert code == 1
    assert {"report.cell.blank", "report.row_total", "report.results_total"} == {f["code"] for f in findings}


# --- formats ----------------------------------------------------------------------------

def test_a_2019_report_in_the_2019_format(report_site):
    report_site.write(year=2019, tables=spec_2019_tables(), published="2020-01-20")
    assert report_site.report_findings() == (0, [])


def test_2019_format_rejects_the_2021_rows_of_table_two(report_site):
    tables = spec_2019_tables()
    tables["二"] = spec_tables()["二"]
    report_site.write(year=2020, tables=tables, published="2021-01-20")
    code, findings = report_site.report_findings()
    assert code == 1
    assert "tables.二.行政规范性文件" in [f["field"] for f in only(findings, "report.cell.unknown")]
    assert "表二 缺少 规范性文件" in [f["message"] for f in only(findings, "report.cell.missing")]


def test_the_2019_single_row_other_in_a_2021_report_is_a_warning(report_site):
    tables = spec_tables()
    tables["三"]["办理结果"]["其他处理"] = spec_2019_tables()["三"]["办理结果"]["其他处理"]
    path = report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 0
    [finding] = findings
    assert (finding["level"], finding["code"]) == ("warning", "report.layout.other_not_split")
    assert finding["line"] == line_of(path, "办理结果", "其他处理")
    assert finding["message"] == ("表三 （六）其他处理 在2021格式中应分为 1.逾期不补正、2.逾期未缴费、3.其他 三项，"
                                  "本文件只有一行")


def test_the_single_row_other_still_enters_the_totals(report_site):
    tables = spec_tables()
    tables["三"]["办理结果"]["其他处理"] = {"自然人": 2, "商业企业": 0, "科研机构": 0, "社会公益组织": 0,
                                          "法律服务机构": 1, "其他": 0}
    report_site.write(tables=tables)
    code, findings = report_site.report_findings()
    assert code == 1  # 自然人 2 instead of 1: （七）总计 13 no longer adds up
    assert ("report.results_total", "tables.三.办理结果.总计.自然人") in [(f["code"], f["field"]) for f in findings]


def test_format_that_does_not_fit_the_year_is_a_warning(report_site):
    path = report_site.write(year=2023, fmt="2019", tables=spec_2019_tables(), published="2024-01-20")
    report_site.write(year=2020, fmt="2021", published="2021-01-20", agency="demo-gov")
    code, findings = report_site.report_findings()
    assert code == 0
    assert sorted(f["message"] for f in only(findings, "report.format_year")) == [
        "2020 年度报告应使用 2019 格式（国办公开办函〔2019〕60号），本文件 format 为 “2021”",
        "2023 年度报告应使用 2021 格式（国办公开办函〔2021〕30号），本文件 format 为 “2019”",
    ]
    mine = next(f for f in findings if f["file"] == report_site.rel(path))
    assert (mine["field"], mine["line"]) == ("format", line_of(path, "format"))


def test_unquoted_format_is_accepted(report_site):
    path = report_site.write()
    path.write_text(path.read_text(encoding="utf-8").replace('format: "2021"', "format: 2021"), encoding="utf-8")
    assert report_site.report_findings() == (0, [])


# --- file, agency, deadline -------------------------------------------------------------

def test_year_must_match_the_file_name(report_site):
    path = report_site.write(year=2024, name="2023.md")
    code, findings = report_site.report_findings()
    assert code == 1
    [finding] = findings
    assert (finding["code"], finding["field"], finding["line"]) == ("report.year_mismatch", "year", line_of(path, "year"))
    assert finding["message"] == "year 为 2024，但文件名为 2023.md"


def test_a_file_not_named_by_year(report_site):
    report_site.write(name="2024年报.md")
    code, findings = report_site.report_findings()
    assert code == 1
    assert [f["code"] for f in findings] == ["report.file_name"]


def test_unknown_agency_and_wrong_folder(report_site):
    path = report_site.write(agency="demo-fgw")
    path.write_text(path.read_text(encoding="utf-8").replace("agency: \"demo-fgw\"", "agency: demo-fgww"),
                    encoding="utf-8")
    code, findings = report_site.report_findings()
    assert code == 1
    by_code = {f["code"]: f for f in findings}
    assert by_code["report.agency_unknown"]["message"] == "机构 demo-fgww 不在机构列表 agencies.yml 中，是否应为 demo-fgw？"
    assert by_code["report.agency_folder"]["message"] == "文件放在机构 demo-fgw 的目录中，但 agency 是 demo-fgww"
    assert by_code["report.agency_unknown"]["line"] == line_of(path, "agency")


def test_department_deadline_is_31_january(report_site):
    path = report_site.write(published="2025-02-03")
    code, findings = report_site.report_findings()
    assert code == 0
    [finding] = findings
    assert (finding["level"], finding["code"], finding["line"]) == ("warning", "report.published_late",
                                                                   line_of(path, "published"))
    assert finding["message"] == "发布日期 2025-02-03 晚于《条例》第四十九条规定的 2025-01-31（县级以上人民政府部门）"
    report_site.write(published="2025-01-31")
    assert report_site.report_findings() == (0, [])


def test_government_deadline_is_31_march(report_site):
    report_site.write(agency="demo-gov", published="2025-03-31")
    assert report_site.report_findings() == (0, [])
    report_site.write(agency="demo-gov", published="2025-04-01")
    _, [finding] = report_site.report_findings()
    assert finding["message"] == "发布日期 2025-04-01 晚于《条例》第四十九条规定的 2025-03-31（县级以上地方人民政府）"


def test_other_bodies_follow_the_configured_deadline(report_site):
    report_site.write(agency="demo-town", published="2025-06-30")
    assert report_site.report_findings() == (0, [])  # no deadline configured: not checked
    config = report_site.root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "report_deadlines:\n  其他: \"02-28\"\n", encoding="utf-8")
    report_site.write(agency="demo-town", published="2025-03-01")
    _, [finding] = report_site.report_findings()
    assert finding["message"] == "发布日期 2025-03-01 晚于site_config.yml 中 report_deadlines.其他 规定的 2025-02-28"
