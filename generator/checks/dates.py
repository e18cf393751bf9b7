"""Dates: order of 成文日期 and 发布日期, future dates, expired validity, and the
20-working-day rule of 《条例》第二十六条 (docs/disclosure.md#timeliness, #validity, #scheduled-publication)."""

from __future__ import annotations

from ..model import vocab, workdays
from ..model.findings import Findings


def check(site, findings: Findings) -> None:
    calendar = workdays.for_site(site)
    limit = site.config.timeliness.working_days
    for entry in site.entries:
        doc = entry.source
        check_order(entry, doc, findings)
        check_future(site, entry, doc, findings)
        check_expired(site, entry, doc, findings)
        if entry.disclosure == vocab.PUBLIC and not entry.draft:
            check_timeliness(calendar, limit, entry, doc, findings)
    for item in site.interpretations:
        check_future(site, item, item.source, findings)


def check_order(entry, doc, findings: Findings) -> None:
    if entry.published and entry.published < entry.written:
        findings.error("CAT022", doc.rel, doc.line_of("published"), "published",
                       published=entry.published.isoformat(), written=entry.written.isoformat())


def check_future(site, record, doc, findings: Findings) -> None:
    """A future 发布日期 publishes the record on that day only when it says `scheduled: true`;
    otherwise it is most likely a typo (2081 for 2018). Drafts never publish, so they are left alone."""
    published = record.published
    if record.draft or record.scheduled or published is None or published <= site.as_of:
        return
    findings.error("CAT023", doc.rel, doc.line_of("published"), "published",
                   published=published.isoformat(), today=site.as_of.isoformat())


def check_expired(site, entry, doc, findings: Findings) -> None:
    if entry.valid_until and entry.validity == "有效" and entry.valid_until < site.as_of:
        findings.warning("CAT062", doc.rel, doc.line_of("valid_until"), "valid_until",
                         valid_until=entry.valid_until.isoformat())


def check_timeliness(calendar: workdays.WorkdayCalendar, limit: int, entry, doc, findings: Findings) -> None:
    if entry.published is None or entry.published <= entry.written:
        return
    days = calendar.between(entry.written, entry.published)
    line = doc.line_of("published")
    workdays.report_uncovered(calendar, entry.written, entry.published, days, limit, findings, doc.rel, line,
                              "published")
    if days > limit:
        findings.warning("CAT021", doc.rel, line, "published", days=days, limit=limit,
                         written=entry.written.isoformat(), published=entry.published.isoformat())
