"""意见征集 (content/consultations/): dates in order, the final policy a public entry, and the
采纳情况 published within site_config.yml `consultations.result_days` of the end (docs/editors-guide.md)."""

from __future__ import annotations

import datetime as dt

from ..load.validate import suggest
from ..model.findings import Findings
from ..model.identifiers import normalise_index_no
from . import entry_index


def check(site, findings: Findings) -> None:
    entries = {e.index_no: e for e in site.entries}
    known = entry_index.of(site).normalised  # every key of `entries`, normalised
    normalised = {known[n]: n for n in entries}
    limit = site.config.consultations.result_days
    for c in site.consultations:
        doc = c.source
        if c.agency not in site.agencies:
            findings.error("CAT090", doc.rel, doc.line_of("agency"), "agency", value=c.agency,
                           suggestion=suggest(c.agency, sorted(site.agencies), findings.lang))
        if c.closes < c.opens:
            findings.error("CON001", doc.rel, doc.line_of("closes"), "closes", opens=c.opens.isoformat(),
                           closes=c.closes.isoformat())
        if c.final_policy:
            exact = normalised.get(normalise_index_no(c.final_policy))
            entry = entries.get(exact or "")
            if entry is None or not site.is_public(entry):
                findings.error("CON002", doc.rel, doc.line_of("final_policy"), "final_policy", value=c.final_policy)
        if c.draft or c.result:
            continue
        due = c.closes + dt.timedelta(days=limit)
        if site.as_of > due:
            findings.warning("CON003", doc.rel, doc.line_of("closes"), "result", closes=c.closes.isoformat(),
                             days=(site.as_of - c.closes).days, limit=limit)
