"""Starting a new annual report: `gongkai new report --agency X --year Y` calls `new_report_text`.

The new file is a draft (`draft: true`): it is checked but not published until the editor
removes that line.

The file is complete (every key of the form present, every cell 0), in the format the
year calls for, with 上年结转 carried from last year's 结转下年度 when last year's report
is in the repository (identity I8), and 表二's stock columns carried the same way.
The YAML is written one table row per line, as the form prints it, so an editor copies
numbers row by row. `dump_front_matter` is also what tests use to write fixture reports.
"""

from __future__ import annotations

import json
from decimal import Decimal

from ..reports import layout


def empty_tables(fmt: str) -> dict:
    """Every cell of the form, 0 (totals included: they are 0 too)."""
    def row(keys):
        return {k: 0 for k in keys}

    two = {r: row(c.key for c in block.columns) for block, r in layout.table2_rows(fmt)}
    results = {}
    for group in layout.GROUPS[fmt]:
        results[group.key] = {k: row(layout.ROW_KEYS) for k, _ in group.reasons} if group.reasons else row(layout.ROW_KEYS)
    results[layout.TOTAL] = row(layout.ROW_KEYS)
    three = {"本年新收": row(layout.ROW_KEYS), "上年结转": row(layout.ROW_KEYS), "办理结果": results,
             "结转下年度": row(layout.ROW_KEYS)}
    four = {layout.REVIEW: row(layout.OUTCOME_KEYS),
            layout.LITIGATION: {s: row(layout.OUTCOME_KEYS) for s in layout.SUITS}}
    return {"二": two, "三": three, "四": four}


def carry_forward(tables: dict, previous) -> None:
    """Fill what follows from last year's report: 上年结转 (I8) and the stock columns of 表二 (I12, I13)."""
    if previous is None:
        return
    carried = previous.numbers["三"]["结转下年度"]
    tables["三"]["上年结转"] = dict(carried)
    new_received = tables["三"]["本年新收"]
    # With nothing new and nothing handled yet, the open applications stay open: keeps I4 true.
    tables["三"]["结转下年度"] = {k: new_received[k] + carried[k] for k in layout.ROW_KEYS}
    fmt = "2021" if "行政规范性文件" in tables["二"] else "2019"
    last = previous.numbers["二"]
    if fmt == "2021" and previous.format == "2021":
        for row in ("规章", "行政规范性文件"):
            tables["二"][row]["现行有效件数"] = last[row]["现行有效件数"]
    elif fmt == "2019" and previous.format == "2019":
        for block in layout.TABLE2["2019"]:
            if any(c.key == "本年增/减" for c in block.columns):
                for row in block.rows:
                    tables["二"][row]["上一年项目数量"] = last[row]["上一年项目数量"] + last[row]["本年增/减"]


def new_report_text(site, agency_id: str, year: int) -> str:
    """A complete report file for `agency_id` and `year`, ready to fill in."""
    fmt = layout.expected_format(year)
    tables = empty_tables(fmt)
    previous = next((r for r in site.reports if r.agency == agency_id and r.year == year - 1), None)
    carry_forward(tables, previous)
    agency = site.agencies.get(agency_id)
    name = agency.name if agency else agency_id
    # A draft until the editor has filled it in: the placeholder date may already have passed.
    meta = {"agency": agency_id, "year": year, "published": f"{year + 1}-01-15", "format": fmt,
            "title": f"{name}{year}年政府信息公开工作年度报告", "draft": True}
    if agency is not None and agency.kind == "政府":
        meta["published"] = f"{year + 1}-03-15"
    return dump_front_matter(meta, tables) + skeleton_body(name, year)


def skeleton_body(name: str, year: int) -> str:
    return (f"本报告由{name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。"
            f"报告所列数据统计期限自{year}年1月1日至{year}年12月31日。\n\n"
            f"## {layout.NARRATIVE['一']}\n\n（填写：主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。）\n\n"
            f"## {layout.NARRATIVE['五']}\n\n（填写：存在的主要问题及改进情况。）\n\n"
            f"## {layout.NARRATIVE['六']}\n\n（填写：其他需要报告的事项；收取信息处理费的情况在此报告。）\n")


# --- YAML writing: one row per line, keys in the order of the form ------------------------------

def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text if str(float(text)) == text or "." not in text else f'"{text}"'
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(row: dict) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in row.items()) + "}"


def _rows(mapping: dict, indent: int) -> list[str]:
    """Key: {row} lines; nested mappings of rows get their own indented block."""
    width = max((len(k) for k in mapping), default=0)
    lines = []
    for key, value in mapping.items():
        pad = " " * indent
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            lines.append(f"{pad}{key}:")
            lines.extend(_rows(value, indent + 2))
        else:
            # CJK characters are two columns wide in an editor: two spaces per missing character align the rows
            lines.append(f"{pad}{key}:{'  ' * (width - len(key))} {_flow(value)}")
    return lines


def dump_front_matter(meta: dict, tables: dict) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if key == "format":
            lines.append(f'format: "{value}"')
        elif value is not None:
            lines.append(f"{key}: {value if key in ('published', 'year') else _scalar(value)}")
    lines.append("tables:")
    for table in (t for t in ("二", "三", "四") if t in tables):
        lines.append(f"  {table}:")
        lines.extend(_rows(tables[table], 4))
    lines.append("---")
    return "\n".join(lines) + "\n"
