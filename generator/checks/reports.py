"""Annual-report checks (docs/annual-report.md#identities, #findings).

Runs on the reports that loaded (structural problems were found by the loader).
Every finding names the file, the line of the YAML key and the key path, e.g.
tables.三.办理结果.不予公开.国家秘密.总计. Totals that Gongkai computed (omitted or
blank in the file) are not compared with themselves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from ..load.validate import suggest
from ..model.findings import Findings
from ..reports import layout, regulations
from ..reports.calendar import deadline_for, missing_reports
from ..reports.model import AnnualReport
from ..text.report_messages import catalog_basis, deadline_basis, stock_basis

T = layout.TOTAL


def check(site, findings: Findings) -> None:
    reports: list[AnnualReport] = site.reports
    by_key = {}
    for report in reports:
        key = (report.agency, report.year)
        if key in by_key:
            findings.error("report.duplicate", report.rel, report.line("year"), "year", agency=report.agency,
                           year=report.year, other=by_key[key].rel)
            continue
        by_key[key] = report
    catalog = regulations.RegulationIndex(site)
    for report in reports:
        check_place(site, report, findings)
        check_dates(site, report, findings)
        check_blanks(report, findings)
        check_table3(report, findings)
        check_table4(report, findings)
        previous = by_key.get((report.agency, report.year - 1))
        if previous is not None and previous is not report:
            check_carryover(report, previous, findings)
            check_stock(report, previous, findings, catalog)
        check_catalog(site, catalog, report, findings)
    check_missing(site, findings)


# --- where the file is, which agency, which format, when ------------------------------------

def check_place(site, report: AnnualReport, findings: Findings) -> None:
    parts = PurePosixPath(report.rel).parts  # content/reports/<agency>/<year>.md
    inner = parts[2:] if parts[:2] == ("content", "reports") else parts
    if len(inner) != 2 or not PurePosixPath(inner[1]).stem.isdigit():
        findings.error("report.file_name", report.rel, 0, "", path=report.rel)
    else:
        folder, name = inner
        if int(PurePosixPath(name).stem) != report.year:
            findings.error("report.year_mismatch", report.rel, report.line("year"), "year", year=report.year, name=name)
        if folder != report.agency:
            findings.error("report.agency_folder", report.rel, report.line("agency"), "agency",
                           folder=folder, agency=report.agency)
    if report.agency not in site.agencies:
        findings.error("report.agency_unknown", report.rel, report.line("agency"), "agency", agency=report.agency,
                       suggestion=suggest(report.agency, sorted(site.agencies), findings.lang))
    expected = layout.expected_format(report.year)
    if report.format != expected:
        findings.warning("report.format_year", report.rel, report.line("format"), "format", year=report.year,
                         expected=expected, notice=layout.NOTICES[expected], format=report.format)


def deadline(site, report: AnnualReport) -> tuple[dt.date, str] | None:
    """The publication deadline for this report and the agency kind it follows (docs/annual-report.md#deadlines)."""
    return deadline_for(site, report.agency, report.year)


def check_dates(site, report: AnnualReport, findings: Findings) -> None:
    due = deadline(site, report)
    if due and report.published > due[0] and not report.draft:  # a draft's date is a placeholder
        findings.warning("report.published_late", report.rel, report.line("published"), "published",
                         published=report.published.isoformat(),
                         basis=deadline_basis(due[1], due[0].isoformat(), findings.lang))


def check_blanks(report: AnnualReport, findings: Findings) -> None:
    for table, paths in report.blanks.items():
        if paths:
            findings.warning("report.cell.blank", report.rel, report.line(paths[0]), paths[0],
                             table=layout.TABLE_NAMES[table], count=len(paths))
    if report.other_single:
        path = "tables.三.办理结果.其他处理"
        findings.warning("report.layout.other_not_split", report.rel, report.line(path), path)


# --- identities inside one report ------------------------------------------------------------

def _given(report: AnnualReport, path: str) -> bool:
    return path not in report.computed


def check_table3(report: AnnualReport, findings: Findings) -> None:
    three = report.numbers["三"]
    for keys, name in layout.table3_rows(report.groups):  # I1
        path = "tables.三." + ".".join(keys) + "." + T
        if not _given(report, path):
            continue
        row = report.value("三", *keys)
        total = sum(row[c] for c in layout.APPLICANTS)
        if row[T] != total:
            findings.error("report.row_total", report.rel, report.line(path), path, row=name, total=row[T], sum=total)
    results_total = three["办理结果"][T]
    for column in layout.ROW_KEYS:
        path = f"tables.三.办理结果.{T}.{column}"
        parts = report.category_totals(column)
        total = sum(parts.values())
        if _given(report, path) and results_total[column] != total:  # I3
            text = "、".join(f"{g.short} {parts[g.key]}" for g in report.groups)
            findings.error("report.results_total", report.rel, report.line(path), path, column=column,
                           total=results_total[column], sum=total, parts=text)
        left = three["本年新收"][column] + three["上年结转"][column]  # I4
        right = results_total[column] + three["结转下年度"][column]
        if left != right:
            path = f"tables.三.结转下年度.{column}"
            findings.error("report.balance", report.rel, report.line(path), path, column=column, left=left, right=right)


def check_table4(report: AnnualReport, findings: Findings) -> None:
    for keys in layout.TABLE4_GROUPS:  # I5, I6, I7
        path = "tables.四." + ".".join(keys) + "." + T
        if not _given(report, path):
            continue
        cells = report.value("四", *keys)
        total = sum(cells[k] for k in layout.OUTCOMES)
        if cells[T] == total:
            continue
        if keys == (layout.REVIEW,):
            findings.error("report.review_total", report.rel, report.line(path), path, total=cells[T], sum=total)
        else:
            findings.error("report.litigation_total", report.rel, report.line(path), path, suit=keys[-1],
                           total=cells[T], sum=total)


# --- across years ------------------------------------------------------------------------------

def check_carryover(report: AnnualReport, previous: AnnualReport, findings: Findings) -> None:
    """I8: this year's 上年结转 = last year's 结转下年度, per column (across a format change too)."""
    carried = previous.numbers["三"]["结转下年度"]
    received = report.numbers["三"]["上年结转"]
    for column in layout.ROW_KEYS:
        if received[column] != carried[column]:
            path = f"tables.三.上年结转.{column}"
            findings.error("report.carryover", report.rel, report.line(path), path, column=column,
                           value=received[column], prev_year=previous.year, prev_file=previous.rel, prev=carried[column])


def check_stock(report: AnnualReport, previous: AnnualReport, findings: Findings,
                catalog: regulations.RegulationIndex) -> None:
    """I12 (format 2021) and I13 (format 2019): heuristics across years, warnings only.
    A revision breaks I12 (the old version leaves force without being 废止); where the catalog
    shows such revisions in the year, they are taken into account instead of warned about."""
    if report.format != previous.format:
        return
    this, last = report.numbers["二"], previous.numbers["二"]
    if report.format == "2021":
        for row in ("规章", "行政规范性文件"):
            cells = this[row]
            counts = catalog.counts(report.agency, layout.REGULATION_ROWS["2021"][row], report.year)
            revised = (counts.revised or 0) if counts else 0
            expected = last[row]["现行有效件数"] + cells["本年制发件数"] - cells["本年废止件数"] - revised
            if cells["现行有效件数"] != expected:
                basis = stock_basis("I12", findings.lang, prev=last[row]["现行有效件数"],
                                    made=cells["本年制发件数"], repealed=cells["本年废止件数"])
                if revised:
                    basis += stock_basis("revised", findings.lang, revised=revised)
                _stock_warning(report, findings, row, "现行有效件数", cells["现行有效件数"], expected, basis)
        return
    for block in layout.TABLE2["2019"]:
        if "本年增/减" not in {c.key for c in block.columns}:
            continue
        for row in block.rows:
            expected = last[row]["上一年项目数量"] + last[row]["本年增/减"]
            if this[row]["上一年项目数量"] != expected:
                _stock_warning(report, findings, row, "上一年项目数量", this[row]["上一年项目数量"], expected,
                               stock_basis("I13", findings.lang, prev_year=previous.year,
                                           prev=last[row]["上一年项目数量"], delta=last[row]["本年增/减"]))


def _stock_warning(report, findings, row, column, value, expected, basis) -> None:
    path = f"tables.二.{row}.{column}"
    findings.warning("report.stock", report.rel, report.line(path), path, row=row, column=column, value=value,
                     basis=basis, expected=expected)


# --- against the catalog -------------------------------------------------------------------

_CATALOG_COLUMNS = {
    "2021": (("本年制发件数", "made"), ("本年废止件数", "repealed"), ("现行有效件数", "in_force")),
    "2019": (("本年新制作数量", "made"), ("本年新公开数量", "published")),
}


def check_catalog(site, catalog: regulations.RegulationIndex, report: AnnualReport, findings: Findings) -> None:
    """表二 第二十条第（一）项 against the agency's 规章 and 规范性文件 in the catalog (warnings)."""
    agency = site.agencies.get(report.agency)
    name = (agency.short_name or agency.name) if agency else report.agency
    for row, genre in layout.REGULATION_ROWS[report.format].items():
        counts = catalog.counts(report.agency, genre, report.year)
        if counts is None:
            continue  # the catalog does not hold this agency's documents of that kind for that time
        for column, attr in _CATALOG_COLUMNS[report.format]:
            expected = getattr(counts, attr)
            value = report.numbers["二"][row][column]
            if expected is None or value == expected:
                continue
            path = f"tables.二.{row}.{column}"
            findings.warning("report.catalog", report.rel, report.line(path), path, row=row, column=column,
                             value=value, agency=name, genre=genre, catalog=expected,
                             basis=catalog_basis(attr, report.year, findings.lang))


# --- the calendar (generator/reports/calendar.py) ------------------------------------------------

def check_missing(site, findings: Findings) -> None:
    """report.missing: a report past its deadline that is not published, named by the file it should be."""
    for gap in missing_reports(site):
        agency = site.agencies[gap.agency]
        findings.warning("report.missing", f"content/reports/{gap.agency}/{gap.year}.md", 0, "",
                         agency=agency.name, agency_id=gap.agency, year=gap.year,
                         basis=deadline_basis(gap.kind, gap.deadline.isoformat(), findings.lang))
