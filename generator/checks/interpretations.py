"""Policy interpretations (政策解读): what they point at, 同步公开, and policies that
need one (docs/disclosure.md#interpretations: CAT070–CAT072)."""

from __future__ import annotations

from collections import defaultdict

from ..load.validate import short
from ..model import identifiers, vocab, workdays
from ..model.findings import Findings
from . import entry_index


def check(site, findings: Findings) -> None:
    index = entry_index.of(site).by_number
    interpreted: dict[str, list] = defaultdict(list)  # normalised index number -> interpretations
    calendar = workdays.for_site(site)
    limit = site.config.timeliness.interpretation_working_days
    for item in site.interpretations:
        doc = item.source
        for i, number in enumerate(item.interprets):
            key = identifiers.normalise_index_no(number)
            field = f"interprets[{i}]"
            policy = index.get(key)
            if policy is None:
                findings.error("CAT072", doc.rel, doc.line_of(field), field, value=short(number),
                               problem=_text(findings.lang, "missing"))
                continue
            if number != policy.index_no:  # pages and listings link by the exact text
                findings.error("CAT064", doc.rel, doc.line_of(field), field, key=field, value=short(number),
                               exact=policy.index_no, target=policy.source.rel)
            if policy.disclosure != vocab.PUBLIC:
                findings.error("CAT072", doc.rel, doc.line_of(field), field, value=short(number),
                               problem=_text(findings.lang, "not_public", disclosure=policy.disclosure))
                continue
            if not item.draft:
                interpreted[key].append(item)
                check_lateness(calendar, limit, item, policy, findings)
    check_missing(site, index, interpreted, findings)


def _text(lang: str, what: str, **args) -> str:
    texts = {
        "zh": {"missing": "不对应任何条目", "not_public": "指向公开属性为 {disclosure} 的文件，解读只能针对主动公开的文件"},
        "en": {"missing": "matches no entry", "not_public": "points at an entry with disclosure {disclosure}; "
                                                            "only 主动公开 entries can be interpreted"},
    }
    return texts.get(lang, texts["zh"])[what].format(**args)


def check_lateness(calendar, limit: int, item, policy, findings: Findings) -> None:
    """同步公开: the interpretation should go out with the policy, or within `limit` working days."""
    if policy.published is None or policy.draft or item.published <= policy.published:
        return
    days = calendar.between(policy.published, item.published)
    doc = item.source
    line = doc.line_of("published")
    workdays.report_uncovered(calendar, policy.published, item.published, days, limit, findings, doc.rel, line,
                              "published")
    if days > limit:
        findings.warning("CAT071", doc.rel, line, "published", published=item.published.isoformat(),
                         policy=policy.index_no, policy_published=policy.published.isoformat(), days=days,
                         limit=limit)


def check_missing(site, index: dict, interpreted: dict, findings: Findings) -> None:
    """CAT070: a public, valid policy of a genre the site says needs interpretation, without one."""
    required = set(site.config.interpretation_required_genres)
    for key, entry in index.items():
        if entry.genre in required and entry.validity == "有效" and site.is_public(entry) and key not in interpreted:
            doc = entry.source
            findings.warning("CAT070", doc.rel, doc.line_of("genre"), "genre", genre=entry.genre,
                             title=short(entry.title, 30))
