"""The annual-report calendar: which reports are due on the run's date (`--as-of`), which are missing.

An agency publishes its report for a year by a statutory deadline (《条例》第四十九条: 部门 1月31日,
人民政府 3月31日 of the next year; other bodies as site_config.yml report_deadlines.其他 says). From the
year an agency declares in agencies.yml (`annual_reports_from`), every year whose deadline has passed is
expected; a missing one is the warning report.missing
(generator/checks/reports.py) and shows on the archive as 未发布 with its
deadline. Agencies without `annual_reports_from` are not held to the calendar (their reports are
shown as they are). See docs/editors-guide.md (年报).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def deadline_for(site, agency_id: str, year: int) -> tuple[dt.date, str] | None:
    """The deadline of an agency's report for `year` and the agency kind it follows: 部门 1月31日,
    政府 3月31日 of the next year, other bodies site_config.yml report_deadlines.其他 (MM-DD) or none."""
    agency = site.agencies.get(agency_id)
    if agency is None:
        return None
    following = year + 1
    if agency.kind == "部门":
        return dt.date(following, 1, 31), agency.kind
    if agency.kind == "政府":
        return dt.date(following, 3, 31), agency.kind
    configured = site.config.report_deadlines.其他
    try:
        month, day = (int(p) for p in str(configured).split("-"))
        return dt.date(following, month, day), agency.kind
    except (TypeError, ValueError):
        return None  # no deadline configured for other bodies (or not a MM-DD date)


@dataclass(frozen=True)
class MissingReport:
    agency: str
    year: int
    deadline: dt.date
    kind: str  # the agency kind whose deadline applies


def first_years(site) -> dict[str, int]:
    """agency id → the first year whose report the site is expected to hold: the agencies that declare
    `annual_reports_from`. An archive of old reports (an agency merged away, reports kept for the record)
    is not expected to grow, so an agency is not held to the calendar until the office says so."""
    return {agency_id: agency.annual_reports_from for agency_id, agency in site.agencies.items()
            if agency.annual_reports_from is not None}


def missing_reports(site) -> list[MissingReport]:
    """The reports past their deadline on site.as_of that are not published (draft, future or absent)."""
    published = {(r.agency, r.year) for r in site.reports if site.is_public(r)}
    missing = []
    for agency_id, start in first_years(site).items():
        year = start
        while True:
            due = deadline_for(site, agency_id, year)
            if due is None or due[0] >= site.as_of:
                break  # not due yet (or no deadline for this kind of body): later years are not due either
            if (agency_id, year) not in published:
                missing.append(MissingReport(agency_id, year, due[0], due[1]))
            year += 1
    return missing


def latest_year(site, published_years: list[int]) -> int | None:
    """The year the archive calls 最新: the latest year whose reports are due for some agency, or a
    later year already published early."""
    due_years = []
    for agency_id in first_years(site):
        year = site.as_of.year - 1
        while year > 1900:
            due = deadline_for(site, agency_id, year)
            if due is None:
                break
            if due[0] < site.as_of:
                due_years.append(year)
                break
            year -= 1
    candidates = due_years + published_years
    return max(candidates) if candidates else None
