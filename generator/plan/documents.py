"""The pages of single documents: catalog entries (metadata table, attachments, validity
notice, structured data) and policy interpretations (with their media), and what each gives search.

A part of the site plan: `Planner` (generator/plan/site.py) inherits it and holds the state it
reads (the public records, their URLs and rows, `add` and the other helpers).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..model.content import Entry, Interpretation
from ..text import site as ui
from . import site_identity
from .types import Body, PlannedFile, PlannedPage
from .urls import CATALOG, INTERPRETATIONS, LEGISLATION_GENRES, content_path, make_pager, page_url


class DocumentPlanner:
    # --- entry pages --------------------------------------------------------------------------
    def plan_entries(self) -> None:
        for e in self.entries:
            url = self.entry_url[e.index_no]
            self.attachments_of[e.index_no] = self.attachments(e)  # plans the copies of its files: here, once
            self.pages.append(PlannedPage(
                url=url, template="entry.html", title=e.title, section="catalog", deps=(e.source.rel,),
                context={"entry": e, "row": self.rows[e.index_no], "body": Body.of_file(e.source),
                         "attachments": self.attachments_of[e.index_no]},
                more=functools.partial(self.entry_context, e, url)))

    def entry_context(self, e: Entry, url: str) -> dict[str, Any]:
        """The rest of an entry page's context, made in the render worker (PlannedPage.more)."""
        crumbs = [self.crumb("catalog", CATALOG),
                  {"title": self.agency_name(e.agency), "url": self.facet_url("agency", e.agency)}]
        return {"meta": self.entry_metadata(e), "notice": self.validity_notice(e),
                "interpretations": [{"title": i.title, "url": self.interp_url[id(i)], "published": i.published,
                                     "form": i.form} for i in self.interps_of.get(e.index_no, [])],
                "changes": sorted(e.changes, key=lambda c: c.date), "json_ld": self.json_ld(e, url),
                "article": site_identity.article(e.title, e.published, self.agency_name(e.agency), e.keywords),
                "description": e.summary,
                "search": self.search_meta("entry", e.agency, e.title, e.published, topic=e.topic,
                                           genre=e.genre, doc_no=self.doc_no(e), index_no=e.index_no,
                                           validity=self.validity_label(e)),
                "nav_url": CATALOG, "breadcrumbs": [{"title": self.t("home"), "url": ""}] + crumbs}

    def entry_metadata(self, e: Entry) -> list[dict]:
        """The metadata table, in the order disclosure sites use (docs/disclosure.md#the-entry-page)."""
        none = self.t("none_value")
        rows = [("index_no", e.index_no), ("agency", self.agency_name(e.agency)),
                ("written", ui.format_date(e.written, self.lang)), ("doc_no", self.doc_no(e) or none),
                ("published", ui.format_date(e.published, self.lang)),
                ("topic", (e.topic or none).replace(self.config.topic_separator, " › ")),
                ("genre", e.genre or none), ("disclosure", ui.gloss(e.disclosure, self.lang)),
                ("validity", ui.gloss(e.validity, self.lang))]
        if e.valid_until:
            rows.append(("valid_until", ui.format_date(e.valid_until, self.lang)))
        if e.reg_no:
            rows.append(("reg_no", e.reg_no))
        rows.append(("keywords", "、".join(e.keywords) if e.keywords else none))
        return [{"key": k, "label": self.t(k), "value": v} for k, v in rows]

    def attachments(self, e: Entry) -> list[dict]:
        found = []
        for a in e.attachments:
            rel = content_path(e.source.rel, a.file)
            if rel is None or not self.guard.publishable(rel):
                continue  # the checker reports the file; a page never links to nothing (or to what may not leave)
            path = self.site.root / rel
            target = rel.removeprefix("content/")
            if rel not in self.copied:
                self.copied.add(rel)
                self.copy_file(PlannedFile(target, _reader(path), deps=(e.source.rel,)))
            found.append({"title": a.title, "url": target, "format": path.suffix.lstrip(".").upper(),
                          "size": path.stat().st_size, "alt": a.alt})
        return found

    def copy_file(self, planned: PlannedFile) -> None:
        self.files.append(planned)
        self.content_copies.append(planned)

    def validity_notice(self, e: Entry) -> dict | None:
        expired = e.validity == "有效" and e.valid_until is not None and e.valid_until < self.site.as_of
        if e.validity == "有效" and not expired:
            return None
        text = (self.t("notice_expired", date=ui.format_date(e.valid_until, self.lang)) if expired
                else self.t(f"notice_{e.validity}"))
        replacement = self.by_index.get(e.superseded_by or "")  # a withheld replacement is not linked
        link = {"title": replacement.title, "url": self.entry_url[replacement.index_no]} if replacement else None
        return {"kind": "expired" if expired else e.validity, "text": text, "replacement": link}

    def json_ld(self, e: Entry, url: str) -> Markup:
        agency = {"@type": "GovernmentOrganization", "name": self.agency_name(e.agency)}
        data: dict[str, Any] = {"@context": "https://schema.org", "url": self.config.base_url + url,
                                "name": e.title, "inLanguage": "zh-CN", "identifier": e.index_no,
                                "datePublished": e.published.isoformat(), "dateCreated": e.written.isoformat()}
        if e.genre in LEGISLATION_GENRES:
            data.update({"@type": "Legislation", "legislationPassedBy": agency, "legislationDate": e.written.isoformat(),
                         "legislationLegalForce": "InForce" if e.validity == "有效" else "NotInForce"})
            if self.doc_no(e):
                data["legislationIdentifier"] = self.doc_no(e)
        else:
            data.update({"@type": "Article", "headline": e.title[:110], "author": agency, "publisher": agency})
        if e.keywords:
            data["keywords"] = ", ".join(e.keywords)
        if e.summary:
            data["description"] = e.summary
        return safe_json(data)

    def search_meta(self, kind: str, agency: str | None, title: str, date: dt.date | None, **extra) -> dict:
        """What the search partial (partials/search_meta.html) turns into Pagefind attributes."""
        topic = extra.get("topic")
        section = extra.get("section") or {"entry": "catalog", "interpretation": "interpretations"}.get(kind, kind)
        meta = {"type": kind, "type_label": self.section_title(section),  # the 专栏 section, as the tabs name it
                "agency": agency or "", "agency_name": self.agency_name(agency) if agency else "",
                "topic": (topic or "").split(self.config.topic_separator)[0], "topic_full": topic or "",
                "year": str(date.year) if date else "", "genre": extra.get("genre") or "",
                "date": date.isoformat() if date else "", "title": title,
                "doc_no": extra.get("doc_no") or "", "index_no": extra.get("index_no") or "",
                "validity": extra.get("validity") or ""}
        return meta

    def validity_label(self, e: Entry) -> str:
        """The 有效性 filter value of the search page, as policy libraries name it: 现行有效, 已修订,
        已废止 or 已失效 (a document past its 有效期至 is no longer in force, whatever the field says)."""
        notice = self.validity_notice(e)
        kind = notice["kind"] if notice else "有效"
        return self.t(f"validity_{'失效' if kind == 'expired' else kind}")

    # --- interpretations ----------------------------------------------------------------------
    def plan_interpretations(self) -> None:
        crumbs = [self.crumb("interpretations", INTERPRETATIONS)]
        per_page = self.config.per_page
        items = [{"title": i.title, "url": self.interp_url[id(i)], "published": i.published, "form": i.form,
                  "agency": self.agency_name(i.agency), "summary": i.summary, "sample": i.sample,
                  "policies": [self.rows[n] for n in i.interprets if n in self.by_index]}
                 for i in self.interpretations]
        chunks = [items[k:k + per_page] for k in range(0, len(items), per_page)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            url = page_url(INTERPRETATIONS, n)
            pager = make_pager(INTERPRETATIONS, n, len(chunks))
            title = self.section_title("interpretations")
            self.add(url, "interpretations.html", title if n == 1 else f"{title} · {self.t('page_of', page=n, pages=len(chunks))}",
                     "interpretations", [], items=chunk, total=len(items), pager=pager, heading=title,
                     nav_url=INTERPRETATIONS)
        for i, item in zip(self.interpretations, items):
            self.add(item["url"], "interpretation.html", i.title, "interpretations", crumbs, deps=(i.source.rel,),
                     interp=i, agency_name=self.agency_name(i.agency), policies=item["policies"],
                     media=self.media(i), body=Body.of_file(i.source), nav_url=INTERPRETATIONS,
                     article=site_identity.article(i.title, i.published, self.agency_name(i.agency), i.keywords),
                     description=i.summary,
                     search=self.search_meta("interpretation", i.agency, i.title, i.published))

    def media(self, i: Interpretation) -> list[dict]:
        found = []
        for m in i.media:
            url = None
            if m.file:
                rel = content_path(i.source.rel, m.file)
                if rel and self.guard.publishable(rel):
                    url = rel.removeprefix("content/")
                    if rel not in self.copied:
                        self.copied.add(rel)
                        self.copy_file(PlannedFile(url, _reader(self.site.root / rel), deps=(i.source.rel,)))
            external = m.url if m.url and m.url.startswith(("https://", "http://")) else None
            if url or external:
                found.append({"title": m.title, "url": url, "external": external, "alt": m.alt})
        return found


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()

def safe_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json">: no "</script>" or "<!--" can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
