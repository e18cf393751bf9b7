"""The pages of single documents: catalog entries (metadata table, attachments, validity
notice, structured data) and policy interpretations (with their media), and what each gives search.

A part of the site plan: `Planner` (generator/plan/site.py) inherits it and holds the state it
reads (the public records, their URLs and rows, `add` and the other helpers).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..model.content import Entry, Interpretation
from ..text import site as ui
from . import site_identity
from .types import Body, EntryContext, PlannedFile, PlannedPage, SharedTables
from .urls import CATALOG, INTERPRETATIONS, LEGISLATION_GENRES, content_path, make_pager, page_url


class DocumentPlanner:
    # --- entry pages --------------------------------------------------------------------------
    def plan_entries(self) -> None:
        tables = EntryPages(self)
        rest_of_context = tables.page_context  # one object for every entry page, not one a page
        for e in self.entries:
            # Every entry's files are planned, a shard's or not: a file two entries declare is copied
            # by the first one's shard (output/shards.py owner_of), as in a single build's plan.
            self.attachments_of[e.index_no] = self.attachments(e)  # plans the copies of its files: here, once
            if not self.owns(e):
                continue
            url = self.entry_url[e.index_no]
            row = self.rows[e.index_no]
            self.pages.append(PlannedPage(
                url=url, template="entry.html", title=e.title, section="catalog", deps=(e.source.rel,),
                context=EntryContext(e, row, self.attachments_of[e.index_no]),
                more=rest_of_context))

    def attachments(self, e: Entry) -> list[dict] | tuple:
        """The entry's publishable attachments; most entries have none, and share one empty tuple
        rather than hold an empty list each through the build."""
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
        return found or ()

    def copy_file(self, planned: PlannedFile) -> None:
        self.files.append(planned)
        self.content_copies.append(planned)

    def search_meta(self, kind: str, agency: str | None, title: str, date: dt.date | None, **extra) -> dict:
        """What the search partial (partials/search_meta.html) turns into Pagefind attributes."""
        section = extra.get("section") or {"entry": "catalog", "interpretation": "interpretations"}.get(kind, kind)
        return search_fields(kind, self.section_title(section),  # the 专栏 section, as the tabs name it
                             agency, self.agency_name(agency) if agency else "", self.config.topic_separator,
                             title, date, **extra)

    # --- interpretations ----------------------------------------------------------------------
    def plan_interpretations(self) -> None:
        crumbs = [self.crumb("interpretations", INTERPRETATIONS)]
        items = [{"title": i.title, "url": self.interp_url[id(i)], "published": i.published, "form": i.form,
                  "agency": self.agency_name(i.agency), "summary": i.summary, "sample": i.sample,
                  "policies": [self.rows[n] for n in i.interprets if n in self.by_index] if self.owns(i) else []}
                 for i in self.interpretations]
        if self.shard is None:  # the list is the portal's: a shard does not plan it (Planner.plan_shard)
            self.plan_interpretation_list(items)
        for i, item in zip(self.interpretations, items):
            media = self.media(i)  # its files are planned, a shard's or not (as in plan_entries)
            if not self.owns(i):
                continue
            self.add(item["url"], "interpretation.html", i.title, "interpretations", crumbs, deps=(i.source.rel,),
                     interp=i, agency_name=self.agency_name(i.agency), policies=item["policies"],
                     media=media, body=Body.of_file(i.source), nav_url=INTERPRETATIONS,
                     article=site_identity.article(i.title, i.published, self.agency_name(i.agency), i.keywords),
                     description=i.summary,
                     search=self.search_meta("interpretation", i.agency, i.title, i.published))

    def plan_interpretation_list(self, items: list[dict]) -> None:
        per_page = self.config.per_page
        chunks = [items[k:k + per_page] for k in range(0, len(items), per_page)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            url = page_url(INTERPRETATIONS, n)
            pager = make_pager(INTERPRETATIONS, n, len(chunks))
            title = self.section_title("interpretations")
            self.add(url, "interpretations.html", title if n == 1 else f"{title} · {self.t('page_of', page=n, pages=len(chunks))}",
                     "interpretations", [], items=chunk, total=len(items), pager=pager, heading=title,
                     nav_url=INTERPRETATIONS)

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


class EntryPages(SharedTables):
    """What an entry page's context needs from the rest of the site, made once by the plan and
    held by each render worker (SharedTables): the page itself carries its record and row, and
    `context` makes the rest there (PlannedPage.more): the metadata table, the validity notice,
    the interpretations, JSON-LD and the search fields."""

    def __init__(self, planner) -> None:
        super().__init__()
        self.lang = planner.lang
        self.as_of = planner.site.as_of
        self.base_url = planner.config.base_url
        self.topic_separator = planner.config.topic_separator
        self.home_title = planner.t("home")
        self.catalog_title = planner.section_title("catalog")
        self.agency_names = {e.agency: planner.agency_name(e.agency) for e in planner.entries}
        self.agency_urls = {agency: planner.facet_url("agency", agency) for agency in self.agency_names}
        # a withheld or unknown replacement is not linked
        self.replacements = {e.index_no: {"title": planner.by_index[e.superseded_by].title,
                                          "url": planner.entry_url[e.superseded_by]}
                             for e in planner.entries if e.superseded_by in planner.by_index}
        self.interpretations = {index_no: [{"title": i.title, "url": planner.interp_url[id(i)],
                                            "published": i.published, "form": i.form} for i in interps]
                                for index_no, interps in planner.interps_of.items()}

    def t(self, key: str, **args) -> str:
        return ui.translate(self.lang, key, **args)

    def page_context(self, page: PlannedPage) -> dict[str, Any]:
        """The rest of an entry page's context, made in the render worker (PlannedPage.more)."""
        return self.context(page.context["entry"], page.context["row"], page.url)

    def context(self, e: Entry, row: dict, url: str) -> dict[str, Any]:
        """The rest of the context of the page of `e`, whose listing row is `row`, at `url`."""
        agency_name = self.agency_names[e.agency]
        crumbs = [{"title": self.catalog_title, "url": CATALOG},
                  {"title": agency_name, "url": self.agency_urls[e.agency]}]
        notice = self.validity_notice(e)
        kind = notice["kind"] if notice else "有效"
        return {"meta": self.metadata(e, row["doc_no"]), "notice": notice,
                "interpretations": self.interpretations.get(e.index_no, []),
                "changes": sorted(e.changes, key=lambda c: c.date), "json_ld": self.json_ld(e, row["doc_no"], url),
                "article": site_identity.article(e.title, e.published, agency_name, e.keywords),
                "description": e.summary,
                "search": search_fields("entry", self.catalog_title, e.agency, agency_name, self.topic_separator,
                                        e.title, e.published, topic=e.topic, genre=e.genre, doc_no=row["doc_no"],
                                        index_no=e.index_no,
                                        # the 有效性 filter as policy libraries name it: 现行有效, 已修订, 已废止
                                        # or 已失效 (past its 有效期至 a document is no longer in force)
                                        validity=self.t(f"validity_{'失效' if kind == 'expired' else kind}")),
                "nav_url": CATALOG, "breadcrumbs": [{"title": self.home_title, "url": ""}] + crumbs}

    def metadata(self, e: Entry, doc_no: str | None) -> list[dict]:
        """The metadata table, in the order disclosure sites use (docs/disclosure.md#the-entry-page)."""
        none = self.t("none_value")
        rows = [("index_no", e.index_no), ("agency", self.agency_names[e.agency]),
                ("written", ui.format_date(e.written, self.lang)), ("doc_no", doc_no or none),
                ("published", ui.format_date(e.published, self.lang)),
                ("topic", (e.topic or none).replace(self.topic_separator, " › ")),
                ("genre", e.genre or none), ("disclosure", ui.gloss(e.disclosure, self.lang)),
                ("validity", ui.gloss(e.validity, self.lang))]
        if e.valid_until:
            rows.append(("valid_until", ui.format_date(e.valid_until, self.lang)))
        if e.reg_no:
            rows.append(("reg_no", e.reg_no))
        rows.append(("keywords", "、".join(e.keywords) if e.keywords else none))
        return [{"key": k, "label": self.t(k), "value": v} for k, v in rows]

    def validity_notice(self, e: Entry) -> dict | None:
        expired = e.validity == "有效" and e.valid_until is not None and e.valid_until < self.as_of
        if e.validity == "有效" and not expired:
            return None
        text = (self.t("notice_expired", date=ui.format_date(e.valid_until, self.lang)) if expired
                else self.t(f"notice_{e.validity}"))
        return {"kind": "expired" if expired else e.validity, "text": text,
                "replacement": self.replacements.get(e.index_no)}

    def json_ld(self, e: Entry, doc_no: str | None, url: str) -> Markup:
        agency = {"@type": "GovernmentOrganization", "name": self.agency_names[e.agency]}
        data: dict[str, Any] = {"@context": "https://schema.org", "url": self.base_url + url,
                                "name": e.title, "inLanguage": "zh-CN", "identifier": e.index_no,
                                "datePublished": e.published.isoformat(), "dateCreated": e.written.isoformat()}
        if e.genre in LEGISLATION_GENRES:
            data.update({"@type": "Legislation", "legislationPassedBy": agency, "legislationDate": e.written.isoformat(),
                         "legislationLegalForce": "InForce" if e.validity == "有效" else "NotInForce"})
            if doc_no:
                data["legislationIdentifier"] = doc_no
        else:
            data.update({"@type": "Article", "headline": e.title[:110], "author": agency, "publisher": agency})
        if e.keywords:
            data["keywords"] = ", ".join(e.keywords)
        if e.summary:
            data["description"] = e.summary
        return safe_json(data)


def search_fields(kind: str, type_label: str, agency: str | None, agency_name: str, topic_separator: str,
                  title: str, date: dt.date | None, **extra) -> dict:
    """What the search partial (partials/search_meta.html) turns into Pagefind attributes."""
    topic = extra.get("topic")
    return {"type": kind, "type_label": type_label, "agency": agency or "", "agency_name": agency_name,
            "topic": (topic or "").split(topic_separator)[0], "topic_full": topic or "",
            "year": str(date.year) if date else "", "genre": extra.get("genre") or "",
            "date": date.isoformat() if date else "", "title": title,
            "doc_no": extra.get("doc_no") or "", "index_no": extra.get("index_no") or "",
            "validity": extra.get("validity") or ""}


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()

def safe_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json">: no "</script>" or "<!--" can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
