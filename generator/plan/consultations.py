"""意见征集 (决策预公开): drafts put to the public, content/consultations/<agency>/<name>.md.

- consultations/                  正在征集 (open on the run's date) and 已结束, newest first
- consultations/<agency>/<name>/  one consultation: dates, 反馈方式, the draft (body and attachments),
                                  later the 采纳情况 and a link to the final policy (by 索引号)

A consultation is public from its 征集开始日期 (`opens`). The checks: dates in the
wrong order, a final policy that is not a public entry, and a 采纳情况 still missing
`consultations.result_days` days (site_config.yml, default 30) after the end: generator/checks/consultations.py
(docs/editors-guide.md).
"""

from __future__ import annotations

import datetime as dt

from .types import Body

BASE = "consultations/"

LABELS = {
    "zh": {"intro": "本机关在作出涉及群众切身利益的重要决策前，向社会公开征求意见。征集期内可通过所列方式提交意见；"
                    "征集结束后公布意见采纳情况。",
           "open": "正在征集", "closed": "已结束", "none_open": "目前没有正在征集意见的草案。",
           "none_closed": "暂无已结束的意见征集。", "period": "征集时间", "feedback": "反馈方式",
           "status": "状态", "days_left": "距截止还有 {n} 天", "closes_today": "今天截止",
           "result": "意见采纳情况", "result_pending": "采纳情况待公布", "result_published": "已公布采纳情况",
           "result_date": "公布日期", "final_policy": "正式出台的文件", "draft_text": "征求意见稿",
           "attachments": "附件", "agency": "发布机构", "period_range": "{start} 至 {end}"},
    "en": {"intro": "Before important decisions that affect the public, the agencies publish the draft and ask for comments. "
                    "Comments can be sent by the channels listed while the consultation is open; the result is published afterwards.",
           "open": "Open", "closed": "Closed", "none_open": "No consultation is open at present.",
           "none_closed": "No consultation has closed yet.", "period": "Consultation period", "feedback": "How to comment",
           "status": "Status", "days_left": "{n} days left", "closes_today": "closes today",
           "result": "Outcome", "result_pending": "outcome to be published", "result_published": "outcome published",
           "result_date": "Published", "final_policy": "Final policy", "draft_text": "Draft",
           "attachments": "Attachments", "agency": "Agency", "period_range": "{start} to {end}"},
}


def labels(lang: str) -> dict:
    return LABELS.get(lang, LABELS["zh"])


def is_open(consultation, as_of: dt.date) -> bool:
    return consultation.opens <= as_of <= consultation.closes


def plan_consultations(planner, page_url) -> str | None:
    """Add the consultation pages; returns the listing's URL, or None when nothing is public.
    `page_url(rel)`: a consultation file's page URL (the Planner's mirror of content/ paths)."""
    from ..text import site as ui

    site, lang = planner.site, planner.lang
    public = sorted((c for c in site.consultations if site.is_public(c)), key=lambda c: (c.opens, c.title), reverse=True)
    if not public:
        return None
    text = labels(lang)
    title = planner.section_title("consultations")
    crumbs = [planner.crumb("consultations", BASE)]
    items = []
    for c in public:
        url = page_url(c.source.rel)
        open_now = is_open(c, site.as_of)
        days = (c.closes - site.as_of).days
        status = ((text["days_left"].format(n=days) if days else text["closes_today"]) if open_now
                  else text["result_published"] if c.result else text["result_pending"])
        policy = planner.by_index.get(c.final_policy or "")  # a withheld policy is not linked
        item = {"title": c.title, "url": url, "agency": planner.agency_name(c.agency), "opens": c.opens,
                "closes": c.closes, "open": open_now, "status": status, "summary": c.summary, "sample": c.sample,
                "has_result": bool(c.result),
                "policy": {"title": policy.title, "url": planner.entry_url[policy.index_no]} if policy else None}
        items.append(item)
        planner.add(url, "consultation.html", c.title, "consultations", crumbs, deps=(c.source.rel,),
                    consultation=c, item=item, labels=text, body=Body.of_file(c.source),
                    attachments=planner.attachments(c), result=paragraphs(c.result), nav_url=BASE,
                    period=text["period_range"].format(start=ui.format_date(c.opens, lang),
                                                       end=ui.format_date(c.closes, lang)),
                    search=planner.search_meta("consultation", c.agency, c.title, c.opens, section="consultations"))
    planner.add(BASE, "consultations.html", title, "consultations", [], labels=text,
                open_items=[i for i in items if i["open"]], closed_items=[i for i in items if not i["open"]],
                nav_url=BASE)
    return BASE


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]
