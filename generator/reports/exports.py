"""Downloads: each report as JSON and CSV, all reports as one CSV.

The CSV is long (one line per cell: table, row, column, value) so that reports of both
formats fit one file and a spreadsheet can pivot it. It is UTF-8 with a BOM, because
Excel on Chinese Windows reads a BOM-less UTF-8 CSV as GBK and shows mojibake.
Values are those of the page: a blank cell of the original stays empty, a total the
editor left out carries its computed value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from . import layout
from .model import AnnualReport

CSV_HEADER = ("机构标识", "机构名称", "年度", "格式", "表", "行", "列", "数值", "字段")


def cells(report: AnnualReport) -> Iterator[tuple[str, str, str, object, str]]:
    """(table, row label, column header, value, key path) for every cell, in the order of the form."""
    two = report.tables["二"]
    for block, row in layout.table2_rows(report.format):
        for column in block.columns:
            yield "表二", f"{block.title} {row}", column.header, two[row][column.key], f"tables.二.{row}.{column.key}"
    for keys, name in layout.table3_rows(report.groups):
        label = f"{layout.RESULTS[1]} {name}" if keys[0] == "办理结果" else name
        row = _walk(report.tables["三"], keys)
        for column in layout.ROW_KEYS:
            yield "表三", label, column, row[column], "tables.三." + ".".join(keys) + "." + column
    for keys in layout.TABLE4_GROUPS:
        row = _walk(report.tables["四"], keys)
        for column in layout.OUTCOME_KEYS:
            yield "表四", "·".join(keys), column, row[column], "tables.四." + ".".join(keys) + "." + column


def _walk(node: dict, keys) -> dict:
    for key in keys:
        node = node[key]
    return node


def _text(value) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def csv_pieces(reports: list[AnnualReport], agency_names: dict[str, str]) -> Iterator[bytes]:
    """The CSV of these reports, a report at a time: the file of all a province's reports is tens
    of MB of text, which the build's memory would otherwise hold several times over at once
    (benchmarks/README.md, "sixteenth round")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(CSV_HEADER)
    for report in reports:
        name = agency_names.get(report.agency, report.agency)
        for table, row, column, value, path in cells(report):
            writer.writerow((report.agency, name, report.year, report.format, table, row, column, _text(value), path))
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")


def csv_bytes(reports: list[AnnualReport], agency_names: dict[str, str]) -> bytes:
    return b"".join(csv_pieces(reports, agency_names))


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def report_dict(report: AnnualReport, agency_name: str, page_url: str) -> dict:
    return {
        "agency": report.agency, "agency_name": agency_name, "year": report.year,
        "published": report.published.isoformat(), "format": report.format,
        "format_notice": layout.NOTICES[report.format], "title": report.title, "source": report.source,
        "sample": report.sample, "url": page_url, "tables": _json_value(report.tables),
        "computed": sorted(report.computed),
    }


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def json_text(value, depth: int = 0) -> str:
    """json.dumps(value, indent=1) as it reads `depth` levels into an indent=1 document: JSON
    text holds no line break but between its tokens, so each is followed by the deeper indent."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def json_list_pieces(items: Iterable, depth: int = 0, head: str = "", end: str = "") -> Iterator[bytes]:
    """`head[ … ]end` at `depth` of an indent=1 document, an item at a time: the text json.dumps
    gives the whole list there, never held whole (see csv_pieces). All reports' JSON is one at
    depth 0; catalog.json (plan/exports.py) holds two at depth 1 under their keys."""
    indent, inner = " " * depth, "\n" + " " * (depth + 1)
    first = True
    for item in items:
        yield ((indent + head + "[" + inner if first else "," + inner) + json_text(item, depth + 1)).encode("utf-8")
        first = False
    yield ((indent + head + "[]" if first else "\n" + indent + "]") + end).encode("utf-8")
