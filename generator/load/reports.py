"""content/reports/<agency>/<year>.md → AnnualReport, every structural problem a finding.

The keys above `tables` go through the pydantic model (generic schema findings, as for
every content type). The tables are read by walking `layout.py`, so that a finding
names the cell with the official numbering (docs/annual-report.md#findings: report.cell.type,
report.cell.missing, report.cell.unknown) instead of pydantic's generic wording.
A report with any structural error is left out of the site (like any invalid file);
arithmetic is checked later, in checks.py, on the reports that loaded.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..model.findings import Findings
from ..model.source import SourceFile
from ..reports import layout
from ..reports.model import AnnualReport, ReportHead
from ..text.report_messages import kind_text
from .content import content_files
from .document import read_body
from .validate import build, short, suggest

_BLANK = object()  # marks a null cell while reading


def load_reports(site, findings: Findings, docs: list[SourceFile] | None = None) -> list[AnnualReport]:
    """Build the annual reports from their documents: `docs` as site.load_site read them with the other
    content files, or else read here, the same way (added to site.sources, scanned for personal data)."""
    if docs is None:
        from .content import load_content  # noqa: PLC0415

        items = [(path, None) for path in content_files(site.content_dir / "reports")]
        docs = [doc for doc, _ in load_content(site, items, findings)]
    reports = []
    for doc in docs:
        report = read_report(doc, site, findings)
        if report is not None:
            reports.append(report)
    reports.sort(key=lambda r: (r.agency, r.year, r.rel))
    return reports


def read_report(doc: SourceFile, site, findings: Findings) -> AnnualReport | None:
    head = build(ReportHead, doc, findings)
    fmt = head.format if head else _format_guess(doc.meta)
    if fmt is None:
        return None
    reader = TableReader(doc, findings, fmt)
    tables = reader.read_tables(doc.meta.get("tables"))
    if head is None or tables is None or reader.failed:
        return None
    agency = site.agencies.get(head.agency)
    name = agency.name if agency else head.agency
    return AnnualReport(
        agency=head.agency, year=head.year, published=head.published, format=head.format,
        title=head.title or f"{name}{head.year}年政府信息公开工作年度报告", source=head.source,
        sample=head.sample, tables=tables[0], numbers=tables[1], body=read_body(doc.path, doc.body_line, doc.digest, doc.rel), file=doc,
        groups=reader.groups, computed=reader.computed, blanks=reader.blanks, other_single=reader.other_single,
        draft=head.draft)


def _format_guess(meta: dict) -> str | None:
    """The format to read the tables with when the head is invalid, so their findings still show."""
    value = str(meta.get("format", ""))
    if value in layout.FORMATS:
        return value
    year = meta.get("year")
    return layout.expected_format(year) if isinstance(year, int) and not isinstance(year, bool) else None


class TableReader:
    """Reads `tables` of one file. Produces the printed view (None = blank) and the numeric view."""

    def __init__(self, doc: SourceFile, findings: Findings, fmt: str):
        self.doc, self.findings, self.fmt = doc, findings, fmt
        self.failed = False
        self.computed: set[str] = set()
        self.blanks: dict[str, list[str]] = {"二": [], "三": [], "四": []}
        self.groups = layout.GROUPS[fmt]
        self.other_single = False

    # --- findings ---------------------------------------------------------------------
    def _error(self, code: str, path: str, **args) -> None:
        self.failed = True
        self.findings.error(code, self.doc.rel, self.doc.line_of(path), path, **args)

    def _mapping(self, value, path: str, where: str, keys, optional=(), kind="row", labels=None) -> dict | None:
        """Check that `value` is a mapping with exactly `keys` (minus `optional`); report what is not."""
        lang = self.findings.lang
        if not isinstance(value, dict):
            self._error("report.cell.type", path, where=where, expected=kind_text("mapping", lang), value=short(value))
            return None
        for key in value:
            if key not in keys:
                self._error("report.cell.unknown", f"{path}.{key}", where=where, kind=kind_text(kind, lang),
                            key=str(key), expected="、".join(keys), suggestion=suggest(key, keys, lang))
        for key in keys:
            if key not in value and key not in optional:
                self._error("report.cell.missing", path, where=where, item=(labels or {}).get(key, key))
        # Even with problems the mapping is returned, so that the keys that are there are read
        # too and every finding shows in one run; `self.failed` keeps the report out of the site.
        return value

    # --- cells ------------------------------------------------------------------------
    def _cell(self, value, kind: str, path: str, where: str):
        """A cell's value, _BLANK for null, or None after recording a type error."""
        if value is None:
            return _BLANK
        number = _as_number(value, kind)
        if number is None:
            self._error("report.cell.type", path, where=where, expected=kind_text(kind, self.findings.lang),
                        value=short(value))
        return number

    # --- tables -----------------------------------------------------------------------
    def read_tables(self, value) -> tuple[dict, dict] | None:
        labels = {k: f"{layout.TABLE_NAMES[k]}（{layout.TABLE_TITLES[k]}）" for k in layout.TABLE_NAMES}
        if value is None:
            self._error("report.cell.missing", "tables", where="tables", item="、".join(labels.values()))
            return None
        tables = self._mapping(value, "tables", "tables", tuple(layout.TABLE_NAMES), kind="table", labels=labels)
        if tables is None:
            return None
        printed, numbers = {}, {}
        for key, read in (("二", self._table2), ("三", self._table3), ("四", self._table4)):
            if key not in tables:
                continue
            result = read(tables[key], f"tables.{key}")
            if result is not None:
                printed[key], numbers[key] = result
        return (printed, numbers) if len(printed) == 3 else None

    def _table2(self, value, path: str):
        rows = layout.table2_rows(self.fmt)
        table = self._mapping(value, path, "表二", tuple(r for _, r in rows))
        if table is None:
            return None
        printed, numbers = {}, {}
        for block, row in rows:
            if row not in table:
                continue
            row_path, where = f"{path}.{row}", f"表二 {row}"
            cells = self._mapping(table[row], row_path, where, tuple(c.key for c in block.columns), kind="column")
            if cells is None:
                continue
            printed[row], numbers[row] = {}, {}
            for column in (c for c in block.columns if c.key in cells):
                cell_path = f"{row_path}.{column.key}"
                got = self._cell(cells[column.key], column.kind, cell_path, f"{where} {column.key}")
                if got is _BLANK:
                    self.blanks["二"].append(cell_path)
                    printed[row][column.key], numbers[row][column.key] = None, 0
                elif got is not None:
                    printed[row][column.key] = numbers[row][column.key] = got
        return printed, numbers

    def _row3(self, value, path: str, where: str, all_optional: bool = False):
        """One row of 表三 (7 columns); an omitted or null 总计 is computed from the six."""
        optional = layout.ROW_KEYS if all_optional else (layout.TOTAL,)
        cells = self._mapping(value, path, f"表三 {where}", layout.ROW_KEYS, optional=optional, kind="column")
        if cells is None:
            return None
        printed, numbers = {}, {}
        for key in layout.ROW_KEYS:
            if key not in cells:
                continue  # an optional cell left out: computed by the caller or below
            cell_path = f"{path}.{key}"
            got = self._cell(cells[key], layout.INT, cell_path, f"表三 {where} {key}")
            if got is _BLANK:
                printed[key], numbers[key] = None, 0
                if key == layout.TOTAL or all_optional:
                    self.computed.add(cell_path)  # a blank total: computed, no warning (docs/annual-report.md#totals-and-blanks)
                    del numbers[key]
                else:
                    self.blanks["三"].append(cell_path)
            elif got is not None:
                printed[key] = numbers[key] = got
        if not all_optional and layout.TOTAL not in numbers and all(k in numbers for k in layout.APPLICANTS):
            total = sum(numbers[k] for k in layout.APPLICANTS)
            numbers[layout.TOTAL] = total
            if layout.TOTAL not in printed:
                printed[layout.TOTAL] = total
            self.computed.add(f"{path}.{layout.TOTAL}")
        return printed, numbers

    def _table3(self, value, path: str):
        labels = {k: v[1] for k, v in layout.TOP_ROWS.items()} | {layout.RESULTS[0]: layout.RESULTS[1]}
        table = self._mapping(value, path, "表三", layout.TABLE3_KEYS, labels=labels)
        if table is None:
            return None
        printed, numbers = {}, {}
        for key in ("本年新收", "上年结转", "结转下年度"):
            if key not in table:
                continue
            row = self._row3(table[key], f"{path}.{key}", layout.TOP_ROWS[key][1])
            if row is not None:
                printed[key], numbers[key] = row
        results = self._results(table["办理结果"], f"{path}.办理结果") if "办理结果" in table else None
        if results is not None:
            printed["办理结果"], numbers["办理结果"] = results
        return (printed, numbers) if len(printed) == 4 else None

    def _results(self, value, path: str):
        self._detect_other_single(value, path)
        keys = tuple(g.key for g in self.groups) + (layout.TOTAL,)
        labels = {g.key: g.label for g in self.groups}
        table = self._mapping(value, path, "表三 " + layout.RESULTS[1], keys, optional=(layout.TOTAL,), labels=labels)
        if table is None:
            return None
        printed, numbers = {}, {}
        for group in self.groups:
            group_path = f"{path}.{group.key}"
            if group.key not in table:
                continue
            if not group.reasons:
                row = self._row3(table[group.key], group_path, group.short)
                if row is not None:
                    printed[group.key], numbers[group.key] = row
                continue
            reasons = self._mapping(table[group.key], group_path, f"表三 {group.short}",
                                    tuple(k for k, _ in group.reasons), labels=dict(group.reasons))
            if reasons is None:
                continue
            printed[group.key], numbers[group.key] = {}, {}
            for key, label in group.reasons:
                if key not in reasons:
                    continue
                row = self._row3(reasons[key], f"{group_path}.{key}", f"{group.short} {label}")
                if row is not None:
                    printed[group.key][key], numbers[group.key][key] = row
        if self.failed:
            return None
        given_total = table.get(layout.TOTAL)
        total = self._results_total({} if given_total is None else given_total, f"{path}.{layout.TOTAL}", numbers)
        if total is None:
            return None
        printed[layout.TOTAL], numbers[layout.TOTAL] = total
        return printed, numbers

    def _detect_other_single(self, value, path: str) -> None:
        """A 2021 report with （六）其他处理 as one row (the 2019 layout): accepted, warned in checks."""
        other = value.get("其他处理") if isinstance(value, dict) else None
        if self.fmt == "2021" and isinstance(other, dict) and other and set(other) <= set(layout.ROW_KEYS):
            self.groups = layout.GROUPS["2019"]
            self.other_single = True

    def _results_total(self, value, path: str, numbers: dict):
        """（七）总计: given cells are kept (and checked later); omitted or blank cells are computed."""
        row = self._row3(value, path, layout.RESULTS_TOTAL[1], all_optional=True) if value != {} else ({}, {})
        if row is None:
            return None
        printed, given = row
        sums = {column: sum(_category_sum(numbers, group, column) for group in self.groups) for column in layout.ROW_KEYS}
        out_printed, out_numbers = {}, {}
        for column in layout.ROW_KEYS:
            cell_path = f"{path}.{column}"
            if column in given:
                out_numbers[column] = given[column]
                out_printed[column] = printed[column]
            else:
                out_numbers[column] = sums[column]
                out_printed[column] = printed.get(column, sums[column])  # a blank stays blank
                self.computed.add(cell_path)
        return out_printed, out_numbers

    def _table4(self, value, path: str):
        table = self._mapping(value, path, "表四", (layout.REVIEW, layout.LITIGATION))
        if table is None:
            return None
        printed, numbers = {}, {}
        suits = {}
        if layout.LITIGATION in table:
            suits = self._mapping(table[layout.LITIGATION], f"{path}.{layout.LITIGATION}", "表四 行政诉讼",
                                  layout.SUITS) or {}
        printed[layout.LITIGATION], numbers[layout.LITIGATION] = {}, {}
        for keys in layout.TABLE4_GROUPS:
            node = table if len(keys) == 1 else suits
            if keys[-1] not in node:
                continue
            row = self._outcomes(node[keys[-1]], f"{path}." + ".".join(keys), "表四 " + "·".join(keys))
            if row is None:
                continue
            target_p = printed if len(keys) == 1 else printed[layout.LITIGATION]
            target_n = numbers if len(keys) == 1 else numbers[layout.LITIGATION]
            target_p[keys[-1]], target_n[keys[-1]] = row
        return (printed, numbers) if not self.failed else None

    def _outcomes(self, value, path: str, where: str):
        cells = self._mapping(value, path, where, layout.OUTCOME_KEYS, optional=(layout.TOTAL,), kind="column")
        if cells is None:
            return None
        printed, numbers = {}, {}
        for key in (k for k in layout.OUTCOME_KEYS if k in cells):
            cell_path = f"{path}.{key}"
            got = self._cell(cells[key], layout.INT, cell_path, f"{where} {key}")
            if got is _BLANK:
                printed[key], numbers[key] = None, 0
                if key == layout.TOTAL:
                    self.computed.add(cell_path)
                    del numbers[key]
                else:
                    self.blanks["四"].append(cell_path)
            elif got is not None:
                printed[key] = numbers[key] = got
        if layout.TOTAL not in numbers and all(k in numbers for k in layout.OUTCOMES):
            numbers[layout.TOTAL] = sum(numbers[k] for k in layout.OUTCOMES)
            printed.setdefault(layout.TOTAL, numbers[layout.TOTAL])
            self.computed.add(f"{path}.{layout.TOTAL}")
        return printed, numbers


def _category_sum(numbers: dict, group: layout.Group, column: str) -> int:
    node = numbers.get(group.key, {})
    if group.reasons:
        return sum(node.get(k, {}).get(column, 0) for k, _ in group.reasons)
    return node.get(column, 0)


def _as_number(value: Any, kind: str):
    """The value as the number the form expects, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if kind == layout.INT:
        return value if isinstance(value, int) and value >= 0 else None
    if kind == layout.SIGNED:
        return value if isinstance(value, int) else None
    if kind == layout.AMOUNT:
        try:
            amount = Decimal(str(value).strip()) if isinstance(value, (int, float, str)) else None
        except InvalidOperation:
            return None
        return amount if amount is not None and amount.is_finite() and amount >= 0 else None
    return value if isinstance(value, (int, float, str)) else None
