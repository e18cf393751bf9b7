"""The official tables 二, 三 and 四 as HTML, merged cells and all (docs/annual-report.md#table-2, #table-3, #table-4).

The grid follows the printed form: 表二 is 4 columns in blocks (a full-width title row,
a header row starting with 信息内容, data rows); 表三 has a 3×3 top-left note block over
three label columns, and 三、本年度办理结果 spanning its 22 rows (20 in the 2019 layout);
表四 has a 3-row header over 15 cells. Header cells are <th> with `scope`, so a screen
reader announces row and column for every number. A blank cell of the original (null)
stays blank. Each table sits in a scrolling region for narrow windows; on a phone 表三 and
表四 are laid out anew (each number with its column's name, data-label), so no table is
read through a box of its own (表三 stacked row by row, 表四 turned).
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from . import layout
from .model import AnnualReport


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _td(value, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items() if v not in (None, 1))
    blank = ' class="gk-blank"' if value is None else ""
    return f"<td{extra}{blank}>{escape(_cell(value))}</td>"


def _th(text: str, scope: str, colspan: int = 1, rowspan: int = 1, cls: str = "") -> str:
    attrs = f' scope="{scope}"'
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    attrs += f' class="{cls}"' if cls else ""
    return f"<th{attrs}>{escape(text)}</th>"


def _wrap(table_id: str, caption: str, cls: str, head: list[str], body: list[str], cols: str = "") -> Markup:
    """A table in a focusable scrolling region labelled by its caption (keyboard users can scroll it)."""
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    html = (f'<div class="gk-report-scroll" role="region" aria-labelledby="{table_id}-caption" tabindex="0">'
            f'<table class="gk-report-table {cls}" id="{table_id}">'
            f'<caption id="{table_id}-caption">{escape(caption)}</caption>'
            f"{cols}{thead}<tbody>{''.join(body)}</tbody></table></div>")
    return Markup(html)


# --- 表二 -------------------------------------------------------------------------------

def table2(report: AnnualReport) -> Markup:
    cells = report.tables["二"]
    body = []
    width = layout.TABLE2_WIDTH
    for block in layout.TABLE2[report.format]:
        body.append(f'<tr class="gk-block">{_th(block.title, "colgroup", colspan=width + 1)}</tr>')
        spans = _spans(len(block.columns), width)
        header = _th("信息内容", "col") + "".join(_th(c.header, "col", colspan=s) for c, s in zip(block.columns, spans))
        body.append(f'<tr class="gk-head">{header}</tr>')
        for row in block.rows:
            values = "".join(_td(cells[row][c.key], colspan=s, data_cell=f"二.{row}.{c.key}")
                             for c, s in zip(block.columns, spans))
            body.append(f"<tr>{_th(row, 'row')}{values}</tr>")
    return _wrap("gk-table-2", "表二 " + layout.TABLE_TITLES["二"][2:], "gk-table-2", [], body)


def _spans(count: int, width: int) -> list[int]:
    """Column spans that fill the grid: a single value spans all three, the last of two spans two."""
    spans = [1] * count
    spans[-1] += width - count
    return spans


# --- 表三 -------------------------------------------------------------------------------

def _values3(row: dict, path: str) -> str:
    # data-label: on a phone each row is stacked into labelled numbers (reports.css), no wide grid
    return "".join(_td(row[k], data_cell=f"{path}.{k}", data_label=k) for k in layout.ROW_KEYS)


def table3(report: AnnualReport) -> Markup:
    three = report.tables["三"]
    head = [
        '<tr><td class="gk-note gk-c1" colspan="3" rowspan="3">' + str(escape(layout.NOTE_3)) + "</td>"
        + _th("申请人情况", "colgroup", colspan=7) + "</tr>",
        "<tr>" + _th("自然人", "col", rowspan=2) + _th("法人或其他组织", "colgroup", colspan=5)
        + _th(layout.TOTAL, "col", rowspan=2) + "</tr>",
        "<tr>" + "".join(_th(k, "col") for k in layout.LEGAL_PERSONS) + "</tr>",
    ]
    body = []
    for key in ("本年新收", "上年结转"):
        body.append(f"<tr>{_th(layout.TOP_ROWS[key][1], 'row', colspan=3, cls='gk-c1')}"
                    f"{_values3(three[key], '三.' + key)}</tr>")
    results = three["办理结果"]
    span = sum(len(g.reasons) or 1 for g in report.groups) + 1  # + （七）总计
    first = _th(layout.RESULTS[1], "rowgroup", rowspan=span, cls="gk-results gk-c1")
    for group in report.groups:
        if not group.reasons:
            label = _th(group.label, "row", colspan=2, cls="gk-c2")
            body.append(f"<tr>{first}{label}{_values3(results[group.key], '三.办理结果.' + group.key)}</tr>")
            first = ""
            continue
        parent = _th(group.label, "rowgroup", rowspan=len(group.reasons), cls="gk-parent gk-c2")
        for key, text in group.reasons:
            path = f"三.办理结果.{group.key}.{key}"
            body.append(f"<tr>{first}{parent}{_th(text, 'row', cls='gk-c3')}{_values3(results[group.key][key], path)}</tr>")
            first = parent = ""
    body.append(f'<tr class="gk-total">{_th(layout.RESULTS_TOTAL[1], "row", colspan=2, cls="gk-c2")}'
                f"{_values3(results[layout.TOTAL], '三.办理结果.总计')}</tr>")
    body.append(f"<tr>{_th(layout.TOP_ROWS['结转下年度'][1], 'row', colspan=3, cls='gk-c1')}"
                f"{_values3(three['结转下年度'], '三.结转下年度')}</tr>")
    # Column classes let a phone keep the three label columns in view while the numbers scroll.
    cols = ('<colgroup><col class="gk-col1"><col class="gk-col2"><col class="gk-col3"></colgroup>'
            f'<colgroup>{"<col>" * len(layout.ROW_KEYS)}</colgroup>')
    return _wrap("gk-table-3", "表三 " + layout.TABLE_TITLES["三"][2:], "gk-table-3", head, body, cols)


# --- 表四 -------------------------------------------------------------------------------

def table4(report: AnnualReport) -> Markup:
    four = report.tables["四"]
    head = [
        "<tr>" + _th(layout.REVIEW, "colgroup", colspan=5) + _th(layout.LITIGATION, "colgroup", colspan=10) + "</tr>",
        "<tr>" + "".join(_th(k, "col", rowspan=2) for k in layout.OUTCOME_KEYS)
        + "".join(_th(s, "colgroup", colspan=5) for s in layout.SUITS) + "</tr>",
        "<tr>" + "".join(_th(k, "col") for _ in layout.SUITS for k in layout.OUTCOME_KEYS) + "</tr>",
    ]
    cells = [(four[layout.REVIEW], f"四.{layout.REVIEW}")]
    cells += [(four[layout.LITIGATION][s], f"四.{layout.LITIGATION}.{s}") for s in layout.SUITS]
    row = "".join(_td(group[k], data_cell=f"{path}.{k}") for group, path in cells for k in layout.OUTCOME_KEYS)
    caption = "表四 " + layout.TABLE_TITLES["四"][2:]
    return _wrap("gk-table-4", caption, "gk-table-4", head, [f"<tr>{row}</tr>"]) + table4_turned(report, caption)


def table4_turned(report: AnnualReport, caption: str) -> Markup:
    """表四 for a phone: its 15 cells in one row do not fit 390 px, turned they do: a row for 行政复议
    and for each kind of 行政诉讼, a column for each outcome. Shown instead of the form's layout on
    narrow screens only (reports.css); left out of the search index, which has the original."""
    four = report.tables["四"]
    groups = [(layout.REVIEW, four[layout.REVIEW])]
    groups += [(f"{layout.LITIGATION}（{s}）", four[layout.LITIGATION][s]) for s in layout.SUITS]
    head = "<tr><td></td>" + "".join(_th(k, "col") for k in layout.OUTCOME_KEYS) + "</tr>"
    body = "".join(f"<tr>{_th(name, 'row')}{''.join(_td(values[k]) for k in layout.OUTCOME_KEYS)}</tr>"
                   for name, values in groups)
    return Markup(f'<div class="gk-report-turned" data-pagefind-ignore>'
                  f'<table class="gk-report-table gk-table-4-turned"><caption>{escape(caption)}</caption>'
                  f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")


def all_tables(report: AnnualReport) -> list[dict]:
    """The three tables with their section headings, in the order of the form."""
    return [{"key": key, "heading": layout.TABLE_TITLES[key], "html": render(report)}
            for key, render in (("二", table2), ("三", table3), ("四", table4))]
