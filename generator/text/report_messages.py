"""Finding messages of the annual-report checks (what each code reports: docs/annual-report.md#findings).

Imported by generator/reports/__init__.py, so the codes exist whenever reports are
loaded or checked, and `gongkai docs` (which iterates i18n.MESSAGES) lists them.
Cell names inside messages ({where}, {row}, {column}) are the official Chinese labels
in both languages: they are what is printed on the form.
"""

from __future__ import annotations

from .messages import define

_KINDS = {
    "zh": {"int": "非负整数", "signed": "整数（可为负数）", "amount": "非负金额（单位：万元，可有小数）",
           "any": "数字或文字", "mapping": "“键: 值”的映射", "row": "行", "column": "列", "table": "表"},
    "en": {"int": "a non-negative integer", "signed": "an integer (may be negative)",
           "amount": "a non-negative amount in 万元 (decimals allowed)", "any": "a number or text",
           "mapping": "a mapping of key: value", "row": "row", "column": "column", "table": "table"},
}


def kind_text(kind: str, lang: str) -> str:
    return _KINDS.get(lang, _KINDS["zh"]).get(kind, kind)


# Deadline bases for report.published_late, by agency kind.
_DEADLINE_BASIS = {
    "zh": {"部门": "《条例》第四十九条规定的 {deadline}（县级以上人民政府部门）",
           "政府": "《条例》第四十九条规定的 {deadline}（县级以上地方人民政府）",
           "其他": "site_config.yml 中 report_deadlines.其他 规定的 {deadline}"},
    "en": {"部门": "{deadline}, the deadline of art. 49 of the Regulations for a government department",
           "政府": "{deadline}, the deadline of art. 49 of the Regulations for a people's government",
           "其他": "{deadline}, the deadline set in site_config.yml (report_deadlines.其他)"},
}


def deadline_basis(kind: str, deadline: str, lang: str) -> str:
    return _DEADLINE_BASIS.get(lang, _DEADLINE_BASIS["zh"])[kind].format(deadline=deadline)


# How report.stock explains the expected number (I12 for format 2021, I13 for format 2019).
_STOCK_BASIS = {
    "zh": {"I12": "上年现行有效 {prev} + 本年制发 {made} − 本年废止 {repealed}",
           "I13": "{prev_year} 年报告的上一年项目数量 {prev} + 本年增/减 {delta}",
           "revised": " − 目录中本年被修订版本替代 {revised}"},
    "en": {"I12": "last year's 现行有效 {prev} + 本年制发 {made} − 本年废止 {repealed}",
           "I13": "the {prev_year} report's 上一年项目数量 {prev} + 本年增/减 {delta}",
           "revised": " − replaced by a revised version this year (catalog) {revised}"},
}


def stock_basis(identity: str, lang: str, **values) -> str:
    return _STOCK_BASIS.get(lang, _STOCK_BASIS["zh"])[identity].format(**values)


# What report.catalog counted in the catalog, per column of 表二 第二十条第（一）项.
_CATALOG_BASIS = {
    "zh": {"made": "{year}年成文的", "published": "{year}年发布的", "repealed": "{year}年废止或失效的",
           "in_force": "截至{year}年12月31日现行有效的"},
    "en": {"made": "written in {year}", "published": "published in {year}", "repealed": "repealed or expired in {year}",
           "in_force": "in force on 31 December {year}"},
}


def catalog_basis(column: str, year: int, lang: str) -> str:
    return _CATALOG_BASIS.get(lang, _CATALOG_BASIS["zh"])[column].format(year=year)


define("report.cell.type",
       ("{where} 应为{expected}，实际为 {value}",
        "按原报告填写数字：件数写整数（如 0、12），金额写万元数（如 12.5）；原报告空白的单元格写 null"),
       ("{where} must be {expected}, found {value}",
        "copy the number from the report: counts as integers, amounts in 万元; null for a cell left blank"),
       level="error")
define("report.cell.missing",
       ("{where} 缺少 {item}", "补上这一项；没有数据时写 0（归档旧报告中原为空白的单元格写 null）"),
       ("{where} lacks {item}", "add it; write 0 when there is nothing to report (null for a cell left blank in an archived report)"),
       level="error")
define("report.cell.unknown",
       ("{where} 出现未知的{kind} “{key}”，应为：{expected}{suggestion}", "改正拼写或删除这一项：键名使用官方表格的简称（见 docs/annual-report.md）"),
       ("{where} has an unknown {kind} '{key}'; expected: {expected}{suggestion}", "fix the spelling or remove it: keys are the short official labels"),
       level="error")
define("report.cell.blank",
       ("{table} 有 {count} 个空白单元格（原报告未填数字），按 0 计算",
        "归档旧报告可保留空白（null）；新报告请填 0"),
       ("{table} has {count} blank cell(s) (left empty in the original), counted as 0",
        "archived reports may keep blanks (null); new reports should write 0"),
       level="warning")
define("report.row_total",
       ("表三 {row} 总计列 = {total}，但自然人至其他六列之和 = {sum}", "核对这一行各列数字，或删去 总计 让系统自动计算"),
       ("表三 {row}: 总计 = {total}, but the six columns 自然人 … 其他 add up to {sum}", "check the row, or leave 总计 out to have it computed"),
       level="error")
define("report.results_total",
       ("表三 （七）总计 {column}列 = {total}，但（一）至（六）各项之和 = {sum}（其中{parts}）",
        "每件申请只计入一种办理结果；核对各项数字，或删去（七）总计让系统自动计算"),
       ("表三 （七）总计, column {column} = {total}, but （一）–（六） add up to {sum} ({parts})",
        "each application counts under one result only; check the rows, or leave （七）总计 out"),
       level="error")
define("report.balance",
       ("表三 {column}列：一、本年新收 + 二、上年结转 = {left}，但 三、（七）总计 + 四、结转下年度继续办理 = {right}"
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "年底未办结的申请计入 四、结转下年度继续办理；核对这一列的四项数字"),
       ("表三 column {column}: 一 new + 二 carried over = {left}, but 三（七）总计 + 四 carried forward = {right} "
        "(the form's printed rule: items one plus two equal items three plus four)",
        "applications still open at year end go into 四、结转下年度继续办理; check the four numbers of this column"),
       level="error")
define("report.review_total",
       ("表四 行政复议 总计 = {total}，但结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {sum}", "核对四项结果，或删去 总计 让系统自动计算"),
       ("表四 行政复议: 总计 = {total}, but the four outcomes add up to {sum}", "check the outcomes, or leave 总计 out"),
       level="error")
define("report.litigation_total",
       ("表四 行政诉讼·{suit} 总计 = {total}，但结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {sum}", "核对四项结果，或删去 总计 让系统自动计算"),
       ("表四 行政诉讼·{suit}: 总计 = {total}, but the four outcomes add up to {sum}", "check the outcomes, or leave 总计 out"),
       level="error")
define("report.carryover",
       ("表三 二、上年结转 {column} = {value}，但 {prev_year} 年报告（{prev_file}）四、结转下年度继续办理 {column} = {prev}",
        "上年结转应等于上一年度报告的结转下年度继续办理：核对两份报告"),
       ("表三 二、上年结转, {column} = {value}, but the {prev_year} report ({prev_file}) carried forward {prev}",
        "this year's carry-over must equal last year's 四、结转下年度继续办理: check both reports"),
       level="error")
define("report.stock",
       ("表二 {row} {column} = {value}，但{basis} = {expected}",
        "仅为提示：修订、自然失效等会使两者不同；如属实可忽略"),
       ("表二 {row} {column} = {value}, but {basis} = {expected}",
        "a hint only: revisions or expiry can explain the difference"),
       level="warning")
define("report.catalog",
       ("表二 {row} {column} = {value}，但公开目录中{agency}{basis}{genre}为 {catalog} 件",
        "核对年报与公开目录：目录中{genre}的成文日期、有效性和修订记录（changes）决定这一数字"),
       ("表二 {row} {column} = {value}, but the catalog holds {catalog} {genre} of {agency} {basis}",
        "check the report against the catalog: written dates, validity and changes of the entries give this number"),
       level="warning")
define("report.layout.other_not_split",
       ("表三 （六）其他处理 在2021格式中应分为 1.逾期不补正、2.逾期未缴费、3.其他 三项，本文件只有一行",
        "归档旧报告可保留原样；新报告请分为 逾期不补正、逾期未缴费、其他 三行"),
       ("表三 （六）其他处理 should have three sub-rows in the 2021 format (逾期不补正, 逾期未缴费, 其他); this file has one row",
        "archived reports may stay as published; new reports should split the row"),
       level="warning")
define("report.format_year",
       ("{year} 年度报告应使用 {expected} 格式（{notice}），本文件 format 为 “{format}”",
        "核对 format：2019、2020年度用 \"2019\"，2021年度起用 \"2021\"；原报告确实用了另一格式时可忽略"),
       ("a report for {year} should use the {expected} format ({notice}); this file says format \"{format}\"",
        "\"2019\" for 2019 and 2020, \"2021\" from 2021 on; ignore if the original used the other template"),
       level="warning")
define("report.published_late",
       ("发布日期 {published} 晚于{basis}", "年报应按期发布；如日期有误请改正"),
       ("published {published}, after {basis}", "annual reports are due by the deadline; fix the date if it is wrong"),
       level="warning")
define("report.missing",
       ("{agency} 的 {year} 年度报告尚未发布，已过{basis}", "在 content/reports/{agency_id}/{year}.md 写好年报并发布（gongkai new report 可生成空表）；"
        "本站不发布该机构这一年度的年报时，改 agencies.yml 中的 annual_reports_from"),
       ("the {year} report of {agency} has not been published, past {basis}",
        "write content/reports/{agency_id}/{year}.md and publish it (gongkai new report starts one); "
        "if this site does not publish the agency's reports, set annual_reports_from in agencies.yml"),
       level="warning")
define("report.year_mismatch",
       ("year 为 {year}，但文件名为 {name}", "年报文件名应为 <年度>.md：改正 year 或重命名文件"),
       ("year is {year} but the file is named {name}", "name the file <year>.md: fix year or rename the file"),
       level="error")
define("report.file_name",
       ("年报文件应放在 content/reports/<机构>/<年度>.md，本文件为 {path}", "移动或重命名文件，例如 content/reports/zj-gov-office/2024.md"),
       ("annual reports live at content/reports/<agency>/<year>.md; this file is {path}", "move or rename it, e.g. content/reports/zj-gov-office/2024.md"),
       level="error")
define("report.agency_unknown",
       ("机构 {agency} 不在机构列表 agencies.yml 中{suggestion}", "agency 填 agencies.yml 中的机构 id"),
       ("agency {agency} is not in agencies.yml{suggestion}", "use an agency id from agencies.yml"),
       level="error")
define("report.agency_folder",
       ("文件放在机构 {folder} 的目录中，但 agency 是 {agency}", "把文件移到 content/reports/{agency}/ 下，或改正 agency"),
       ("the file is in the folder of {folder} but agency is {agency}", "move it to content/reports/{agency}/ or fix agency"),
       level="error")
define("report.duplicate",
       ("{agency} 的 {year} 年度报告有两份：另见 {other}", "每个机构每年只有一份年报：删除或改正其中一份"),
       ("two reports of {agency} for {year}: see also {other}", "keep one report per agency and year"),
       level="error")
