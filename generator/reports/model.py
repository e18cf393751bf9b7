"""The annual report as a content type: its front matter (pydantic, for loading and JSON Schema)
and the loaded record (`AnnualReport`) that checks, pages and downloads work on.

The table models are generated from `layout.py`, so the schema an editor's VS Code
sees and the loader's expectations come from the same declaration. Keys inside
`tables` are Chinese (the short official labels, docs/annual-report.md#front-matter) and some are not Python
identifiers (本年增/减), so every table field is declared by alias.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from ..model.content import F, StrictModel
from ..model.source import SourceFile
from . import layout

ReportFormat = Literal["2021", "2019"]


class ReportHead(StrictModel):
    """政府信息公开工作年度报告：front matter above the tables (docs/annual-report.md#front-matter)."""

    agency: str = F("机构", "agencies.yml 中的机构 id", min_length=1)
    year: int = F("报告年度", "统计期限为该年1月1日至12月31日；须与文件名 <年份>.md 一致", ge=2000, le=2100)
    published: dt.date = F("发布日期", "年报的发布日期，YYYY-MM-DD")
    format: ReportFormat = F("格式", "\"2021\"（国办公开办函〔2021〕30号，2021年度起）或 \"2019\"（国办公开办函〔2019〕60号，2019、2020年度）；请加引号")
    title: Optional[str] = F("标题", "默认为 <机构名称><年度>年政府信息公开工作年度报告", None)
    source: Optional[str] = F("原文地址", "已发布报告的原始网址（归档旧报告时填写）", None)
    sample: bool = F("示例", "true 表示演示用的样例数据，页面会注明", False)
    draft: bool = F("草稿", "true 时不发布；gongkai new report 新建的年报是草稿，填好数字、核对无误后删除这一行", False)
    tables: dict[str, Any] = F("表格", "二、三、四 三张表，结构见 docs/annual-report.md")

    @field_validator("format", mode="before")
    @classmethod
    def _format_as_text(cls, value):
        # `format: 2021` without quotes is an integer in YAML; the intent is unambiguous.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# --- table models for JSON Schema, generated from the layout ---------------------------------

_TABLE_CONFIG = ConfigDict(extra="forbid", populate_by_name=True)
_KIND_TYPES = {
    layout.INT: (Optional[int], {"ge": 0}),
    layout.SIGNED: (Optional[int], {}),
    layout.AMOUNT: (Optional[Union[Decimal, str]], {}),
    layout.ANY: (Optional[Union[int, float, str]], {}),
}


def _model(name: str, fields: dict[str, tuple[Any, bool, dict]], doc: str = "") -> type[BaseModel]:
    """A pydantic model whose field names are aliases: {key: (type, required, extra Field args)}."""
    spec = {}
    for i, (key, (annotation, required, extra)) in enumerate(fields.items()):
        spec[f"f{i}"] = (annotation, Field(... if required else None, alias=key, **extra))
    model = create_model(name, __config__=_TABLE_CONFIG, **spec)
    model.__doc__ = doc
    return model


def _row_model(name: str, total_required: bool = False) -> type[BaseModel]:
    fields = {key: (Optional[int], True, {"ge": 0}) for key in layout.APPLICANTS}
    fields[layout.TOTAL] = (Optional[int], total_required, {"ge": 0, "description": "可省略，省略时自动计算"})
    return _model(name, fields, "表三的一行：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计")


Row3 = _row_model("Row3")
ResultsTotalRow = _model("ResultsTotalRow", {k: (Optional[int], False, {"ge": 0}) for k in layout.ROW_KEYS},
                         "（七）总计：可整行省略，省略的单元格自动计算")


def _table2_model(fmt: str) -> type[BaseModel]:
    rows = {}
    for block, row in layout.table2_rows(fmt):
        cells = {c.key: (_KIND_TYPES[c.kind][0], True, dict(_KIND_TYPES[c.kind][1])) for c in block.columns}
        rows[row] = (_model(f"T2_{fmt}_{len(rows)}", cells, f"{block.title} {row}"), True, {})
    return _model(f"Table2_{fmt}", rows, "二、主动公开政府信息情况")


def _group_model(fmt: str, group: layout.Group) -> Any:
    if not group.reasons:
        return Row3
    reasons = _model(f"G_{fmt}_{group.key}", {k: (Row3, True, {"description": label}) for k, label in group.reasons},
                     group.label)
    # The 2019 single-row 其他处理 is accepted in a 2021 report (archived reports, with a warning).
    return Union[reasons, Row3] if group.key == "其他处理" else reasons


def _table3_model(fmt: str) -> type[BaseModel]:
    results = {g.key: (_group_model(fmt, g), True, {"description": g.label}) for g in layout.GROUPS[fmt]}
    results[layout.TOTAL] = (Optional[ResultsTotalRow], False, {"description": "（七）总计"})
    fields = {
        "本年新收": (Row3, True, {"description": layout.TOP_ROWS["本年新收"][1]}),
        "上年结转": (Row3, True, {"description": layout.TOP_ROWS["上年结转"][1]}),
        "办理结果": (_model(f"Results_{fmt}", results, layout.RESULTS[1]), True, {}),
        "结转下年度": (Row3, True, {"description": layout.TOP_ROWS["结转下年度"][1]}),
    }
    return _model(f"Table3_{fmt}", fields, layout.TABLE_TITLES["三"])


Outcome = _model("Outcome", {**{k: (Optional[int], True, {"ge": 0}) for k in layout.OUTCOMES},
                             layout.TOTAL: (Optional[int], False, {"ge": 0})}, "结果维持、结果纠正、其他结果、尚未审结、总计（可省略）")
Table4 = _model("Table4", {
    layout.REVIEW: (Outcome, True, {}),
    layout.LITIGATION: (_model("Litigation", {s: (Outcome, True, {}) for s in layout.SUITS}), True, {}),
}, layout.TABLE_TITLES["四"])


def _tables_model(fmt: str) -> type[BaseModel]:
    return _model(f"Tables{fmt}", {"二": (_table2_model(fmt), True, {}), "三": (_table3_model(fmt), True, {}),
                                    "四": (Table4, True, {})}, f"格式 {fmt}（{layout.NOTICES[fmt]}）的表二、表三、表四")


Tables2021 = _tables_model("2021")
Tables2019 = _tables_model("2019")


class AnnualReportFrontMatter(ReportHead):
    """政府信息公开工作年度报告：content/reports/<机构>/<年度>.md 的 front matter（见 docs/annual-report.md）。

    The JSON Schema of this model is what editors get; `tables` follows the format named
    by `format` ("2021" or "2019")."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    tables: Union[Tables2021, Tables2019] = F("表格", "二、三、四 三张表，按 format 选择 2021 或 2019 格式")


# --- the loaded record ---------------------------------------------------------------------

@dataclass
class AnnualReport:
    """A report as loaded: what checks, pages, charts and downloads use."""

    agency: str
    year: int
    published: dt.date
    format: str  # "2021" or "2019"
    title: str
    source: Optional[str]  # URL of the published original
    sample: bool
    tables: dict  # as printed: None = a blank cell; omitted totals filled in with their computed value
    numbers: dict  # the same shape with every cell a number: blanks count 0, blank totals computed
    body: str  # the narrative (Markdown)
    file: SourceFile  # for lines of keys and the file name
    groups: tuple  # the 办理结果 categories as given (a 2021 report may carry the 2019 single-row 其他处理)
    computed: set = field(default_factory=set)  # field paths whose value Gongkai computed
    blanks: dict = field(default_factory=dict)  # table key (二/三/四) → field paths of blank detail cells
    other_single: bool = False  # a 2021 report with the 2019 single-row （六）其他处理
    draft: bool = False  # a report being written (gongkai new report starts one): never published

    @property
    def rel(self) -> str:
        return self.file.rel

    def line(self, path: str) -> int:
        return self.file.line_of(path)

    def value(self, *keys: str):
        """The number of a cell by its key path inside `tables`, e.g. value("三", "本年新收", "总计")."""
        node: Any = self.numbers
        for key in keys:
            node = node[key]
        return node

    def category_totals(self, column: str = layout.TOTAL) -> dict[str, int]:
        """（一）–（六） for one column, parents summed over their sub-reasons (identity I2)."""
        results = self.numbers["三"]["办理结果"]
        out = {}
        for group in self.groups:
            node = results[group.key]
            out[group.key] = sum(node[k][column] for k, _ in group.reasons) if group.reasons else node[column]
        return out
