"""The site plan: every output URL of a build, decided before anything is written.

Input: a loaded `Site`. Output: `Plan` — PlannedPage (template + context) and PlannedFile
(feeds, data, copied attachments) for each URL, the navigation, and the map from content
files to their pages. Only `site.public_entries()` and `site.public_interpretations()`
(and pages that are not drafts) enter the plan, so nothing withheld can reach any output:
every listing, count, feed, export and link below is built from those lists alone.

URLs are site-relative and directory style ("catalog/by-year/2018/"); "" is the home page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from markupsafe import Markup

from . import apply_forms, consultations, disclosure_pages, exports, feeds, site_identity, theme
from ..text import site as ui
from ..model.content import Entry, Interpretation, Page
from .types import PlannedFile, PlannedPage
from .types import Body
from .slugs import readable_slugs
from ..load.file_guard import FileGuard

IN_FORCE_GENRES = ("规章", "规范性文件")
LEGISLATION_GENRES = ("规章", "规范性文件")
FREE_PAGE_SECTIONS = ("guide", "rules", "apply", "help")
DEFAULT_SECTIONS = ("guide", "rules", "catalog", "interpretations", "consultations", "reports", "apply", "search")

# Listing and facet URLs live beside the entry pages (catalog/<agency>/<year>/<name>/); an
# agency id can never start with "by-" or "page-" in practice, and plan_site refuses duplicates.
CATALOG = "catalog/"
FACETS = {"topic": "catalog/by-topic/", "agency": "catalog/by-agency/",
          "year": "catalog/by-year/", "genre": "catalog/by-genre/"}
IN_FORCE = "catalog/in-force/"
INTERPRETATIONS = "interpretations/"
AGENCIES = "agencies/"
SEARCH = "search/"
REPORTS = "reports/"
SITEMAP_PAGE = "sitemap/"  # the 网站地图 people read; sitemap.xml stays for machines
FEEDS_PAGE = "feeds/"  # the 订阅 page beside the Atom files it explains
HELP_PAGE = "help/"  # 使用帮助 for the public (the editors' guide stays in docs/)


@dataclass
class Plan:
    pages: list[PlannedPage]
    files: list[PlannedFile]
    globals: dict[str, Any]  # the templates' `site`
    page_for_source: dict[str, str]  # published content file (relative to root) → page URL
    build_date: dt.date


def slug(name: str) -> str:
    """The hashed path segment facet URLs had before they were readable (plan_redirects)."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def source_url(source_rel: str, folder: str) -> str:
    """content/catalog/a/2018/x.md → catalog/a/2018/x/ (the page mirrors the file)."""
    path = PurePosixPath(source_rel)
    inside = path.relative_to("content/" + folder).with_suffix("")
    return f"{folder}/{inside.as_posix()}/"


def build_date(site) -> dt.date:
    """The date a build shows as "updated": SOURCE_DATE_EPOCH, else the newest content date.
    Never the clock, so that two builds of the same content are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    dates = [e.published for e in site.public_entries()] + [i.published for i in site.public_interpretations()]
    dates += [c.date for e in site.public_entries() for c in e.changes if c.date <= site.as_of]
    return max((d for d in dates if d), default=site.as_of)


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    # index_no breaks ties, so the order never depends on the order files were read in
    return sorted(entries, key=lambda e: (e.published, e.written, e.index_no), reverse=True)


class Planner:
    def __init__(self, site, assets: theme.Assets):
        self.site = site
        self.config = site.config
        self.lang = site.config.language
        self.lang_attr = site.config.language_tag or ui.strings(self.lang)["lang_attr"]  # the office's tag first
        self.assets = assets
        self.pages: list[PlannedPage] = []
        self.files: list[PlannedFile] = []
        self.entries = newest_first(site.public_entries())
        self.interpretations = sorted(site.public_interpretations(), key=lambda i: (i.published, i.title), reverse=True)
        public_pages = [p for p in site.pages if site.is_public(p)]
        # content/pages/guide/<agency id>.md replaces that agency's generated 指南 (generator/disclosure_pages.py)
        self.guide_overrides = {agency: p for p in public_pages
                                if (agency := disclosure_pages.guide_override_agency(p, site.agencies))}
        overriding = {id(p) for p in self.guide_overrides.values()}
        self.free_pages = sorted((p for p in public_pages if id(p) not in overriding),
                                 key=lambda p: (p.section or "", p.order, p.title))
        self.by_index = {e.index_no: e for e in self.entries}
        self.entry_url = {e.index_no: source_url(e.source.rel, "catalog") for e in self.entries}
        self.interp_url = {id(i): source_url(i.source.rel, "interpretations") for i in self.interpretations}
        self.page_url = {id(p): f"pages/{PurePosixPath(p.source.rel).stem}/" for p in self.free_pages}
        self.interps_of: dict[str, list[Interpretation]] = defaultdict(list)
        for interp in self.interpretations:
            for index_no in interp.interprets:
                if index_no in self.by_index:
                    self.interps_of[index_no].append(interp)
        self.build_date = build_date(site)
        self._doc_no = _doc_no_normaliser()
        self.rows = {e.index_no: self.row(e) for e in self.entries}
        self.copied: set[str] = set()
        self.key_area_links: list[dict] = []  # set by key_areas(); old hashed URLs redirect to these
        self.content_copies: list[PlannedFile] = []  # the files above, as planned (not generated URLs)
        self.guard = FileGuard.of(site.root, site.config)
        self.attachments_of: dict[str, list[dict]] = {}

    # --- small helpers ------------------------------------------------------------------------
    def t(self, key: str, **args) -> str:
        return ui.translate(self.lang, key, **args)

    def agency_name(self, agency_id: str) -> str:
        agency = self.site.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def doc_no(self, entry: Entry) -> str | None:
        return self._doc_no(entry)

    def row(self, e: Entry) -> dict:
        """What a listing shows of an entry (a plain dict: cheap to pass to every listing)."""
        return {"title": e.title, "url": self.entry_url[e.index_no], "index_no": e.index_no,
                "doc_no": self.doc_no(e), "agency": self.agency_name(e.agency), "published": e.published,
                "summary": e.summary, "genre": e.genre, "validity": e.validity, "sample": e.sample}

    def add(self, url: str, template: str, title: str, section: str, crumbs: list, deps=(), **context):
        context.setdefault("breadcrumbs", [{"title": self.t("home"), "url": ""}] + crumbs)
        context.setdefault("nav_url", url)
        self.pages.append(PlannedPage(url=url, template=template, context=context, title=title,
                                      section=section, deps=tuple(deps)))

    def section_title(self, section_id: str) -> str:
        return self.config.section_title(section_id, self.t(section_id))

    def crumb(self, section_id: str, url: str) -> dict:
        return {"title": self.section_title(section_id), "url": url}

    # --- the whole site -----------------------------------------------------------------------
    def plan(self) -> Plan:
        self.plan_catalog()
        self.plan_facets()
        self.plan_in_force()
        self.plan_entries()
        self.plan_interpretations()
        self.plan_free_pages()
        self.plan_help_page()
        self.plan_agencies()
        report_pages = self.plan_reports()
        self.plan_disclosure(report_pages)
        self.consultations_url = consultations.plan_consultations(self, lambda rel: source_url(rel, "consultations"))
        self.plan_home()
        self.plan_search()
        self.plan_404()
        nav = self.navigation(report_pages)
        self.plan_feeds_page()
        self.plan_sitemap_page(nav, report_pages)
        self.plan_redirects()
        self.plan_machine_readable()
        self.check_unique()
        page_for_source = {e.source.rel: self.entry_url[e.index_no] for e in self.entries}
        page_for_source.update({i.source.rel: self.interp_url[id(i)] for i in self.interpretations})
        page_for_source.update({p.source.rel: self.page_url[id(p)] for p in self.free_pages})
        page_for_source.update({p.context["consultation"].source.rel: p.url for p in self.pages
                                if p.template == "consultation.html"})
        page_for_source.update({p.source.rel: disclosure_pages.guide_url(a) for a, p in self.guide_overrides.items()})
        return Plan(self.pages, self.files, self.site_globals(nav), page_for_source, self.build_date)

    def free_page_url(self, stem: str) -> str | None:
        """The URL of content/pages/<stem>.md when it is published (the footer links a few by name)."""
        return next((self.page_url[id(p)] for p in self.free_pages if PurePosixPath(p.source.rel).stem == stem), None)

    def site_globals(self, nav: list[dict]) -> dict:
        accessibility = self.free_page_url("accessibility")
        return {
            "title": self.config.title, "description": self.config.description, "owner": self.config.owner,
            "icp": self.config.icp, "lang": self.lang, "lang_attr": self.lang_attr,
            "base_url": self.config.base_url, "nav": nav, "assets": self.assets,
            "build_date": self.build_date, "accessibility_url": accessibility,
            "feeds": self.config.features.feeds, "search_url": SEARCH,
            "sitemap_url": SITEMAP_PAGE, "feeds_url": FEEDS_PAGE, "help_url": HELP_PAGE,
            "identity": site_identity.footer_identity(self.config),
        }

    # --- catalog listings ---------------------------------------------------------------------
    def listing(self, base: str, entries: list[Entry], title: str, crumbs: list, intro: str = "",
                feed: str | None = None, nav_url: str | None = None) -> None:
        """A paginated listing of entries (list and table views), pages base, base/page-2/, …"""
        per_page = self.config.per_page
        chunks = [entries[i:i + per_page] for i in range(0, len(entries), per_page)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            url = page_url(base, n)
            pager = make_pager(base, n, len(chunks))
            page_title = title if n == 1 else f"{title} · {self.t('page_of', page=n, pages=len(chunks))}"
            self.add(url, "listing.html", page_title, "catalog", crumbs, rows=[self.rows[e.index_no] for e in chunk],
                     total=len(entries), pager=pager, heading=title, intro=intro, feed=feed,
                     description=intro or self.t("listing_description", title=title, n=len(entries)),
                     nav_url=nav_url or base)

    def plan_catalog(self) -> None:
        self.listing(CATALOG, self.entries, self.t("all_entries"), [self.crumb("catalog", CATALOG)],
                     feed="feeds/all.xml" if self.config.features.feeds else None)

    def facet_values(self) -> dict[str, dict[str, list[Entry]]]:
        """facet → value → entries (newest first). Topics count under both levels."""
        groups: dict[str, dict[str, list[Entry]]] = {f: defaultdict(list) for f in FACETS}
        sep = self.config.topic_separator
        for e in self.entries:
            if e.topic:
                top = e.topic.split(sep)[0]
                groups["topic"][top].append(e)
                if e.topic != top:
                    groups["topic"][e.topic].append(e)
            groups["agency"][e.agency].append(e)
            groups["year"][str(e.year)].append(e)
            if e.genre:
                groups["genre"][e.genre].append(e)
        return groups

    def facet_url(self, facet: str, value: str) -> str:
        if facet in ("agency", "year"):
            return f"{FACETS[facet]}{value}/"
        if facet == "genre":
            return f"{FACETS[facet]}{self.facet_slugs()['genre'][value]}/"
        top, _, sub = value.partition(self.config.topic_separator)
        key = self.facet_slugs()["topic"][top] + (f"/{self.facet_slugs()['topic/' + top][sub]}" if sub else "")
        return f"{FACETS[facet]}{key}/"

    def facet_slugs(self) -> dict[str, dict[str, str]]:
        """Readable URL segments (generator/slugs.py) of every 体裁 and 主题分类, configured or used:
        each level unique among its siblings (a 二级 topic's URL sits under its 一级 topic's)."""
        if not hasattr(self, "_facet_slugs"):
            sep = self.config.topic_separator
            genres = set(self.config.genres) | {e.genre for e in self.entries if e.genre}
            topics: dict[str, set[str]] = defaultdict(set)
            for top, children in self.config.topics.items():
                topics[top].update(children)
            for e in self.entries:
                if e.topic:
                    top, _, sub = e.topic.partition(sep)
                    topics[top].update([sub] if sub else [])
            found = {"genre": readable_slugs(genres), "topic": readable_slugs(topics)}
            found.update({f"topic/{top}": readable_slugs(subs) for top, subs in topics.items()})
            self._facet_slugs = found
        return self._facet_slugs

    def facet_label(self, facet: str, value: str) -> str:
        if facet == "agency":
            return self.agency_name(value)
        if facet == "year":
            return self.t("year_n", year=value)
        if facet == "topic":
            return value.replace(self.config.topic_separator, " › ")
        return value

    def ordered_values(self, facet: str, values: Iterable[str]) -> list[str]:
        values = list(values)
        if facet == "year":
            return sorted(values, reverse=True)
        if facet == "agency":
            order = list(self.site.agencies)
            return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))
        if facet == "topic":
            order = list(self.config.topics)
            sep = self.config.topic_separator

            def key(v):
                top, _, sub = v.partition(sep)
                children = self.config.topics.get(top, [])
                return (order.index(top) if top in order else len(order), top,
                        (children.index(sub) if sub in children else len(children)) if sub else -1, sub)
            return sorted(values, key=key)
        order = list(self.config.genres)
        return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))

    def plan_facets(self) -> None:
        self.facets = self.facet_values()
        titles = {"topic": "by_topic", "agency": "by_agency", "year": "by_year", "genre": "by_genre"}
        self.facet_summary: dict[str, list[dict]] = {}
        for facet, groups in self.facets.items():
            index_url = FACETS[facet]
            title = self.t(titles[facet])
            crumbs = [self.crumb("catalog", CATALOG), {"title": title, "url": index_url}]
            items = []
            for value in self.ordered_values(facet, groups):
                entries = groups[value]
                depth = 1 if facet == "topic" and self.config.topic_separator in value else 0
                items.append({"value": value, "label": self.facet_label(facet, value), "count": len(entries),
                              "url": self.facet_url(facet, value), "depth": depth})
                feed = f"feeds/{value}.xml" if facet == "agency" and self.config.features.feeds else None
                self.listing(self.facet_url(facet, value), entries, self.facet_label(facet, value), crumbs,
                             feed=feed, nav_url=index_url)
            self.facet_summary[facet] = items
            self.add(index_url, "facets.html", title, "catalog", crumbs[:1], facet=facet, items=items,
                     heading=title, nav_url=index_url)

    def in_force(self) -> list[Entry]:
        return [e for e in self.entries if e.genre in IN_FORCE_GENRES and e.validity == "有效"
                and (e.valid_until is None or e.valid_until >= self.site.as_of)]

    def plan_in_force(self) -> None:
        groups = defaultdict(list)
        for e in self.in_force():
            groups[e.agency].append(self.rows[e.index_no])
        agencies = [{"id": a, "name": self.agency_name(a), "rows": groups[a]}
                    for a in self.ordered_values("agency", groups)]
        self.add(IN_FORCE, "in_force.html", self.t("in_force"), "catalog", [self.crumb("catalog", CATALOG)],
                 groups=agencies, as_of=self.site.as_of)

    # --- entry pages --------------------------------------------------------------------------
    def plan_entries(self) -> None:
        for e in self.entries:
            url = self.entry_url[e.index_no]
            crumbs = [self.crumb("catalog", CATALOG),
                      {"title": self.agency_name(e.agency), "url": self.facet_url("agency", e.agency)}]
            self.attachments_of[e.index_no] = self.attachments(e)
            self.add(url, "entry.html", e.title, "catalog", crumbs, deps=(e.source.rel,),
                     entry=e, row=self.rows[e.index_no], body=Body.of_file(e.source),
                     meta=self.entry_metadata(e), attachments=self.attachments_of[e.index_no], notice=self.validity_notice(e),
                     interpretations=[{"title": i.title, "url": self.interp_url[id(i)], "published": i.published,
                                       "form": i.form} for i in self.interps_of.get(e.index_no, [])],
                     changes=sorted(e.changes, key=lambda c: c.date), json_ld=self.json_ld(e, url),
                     article=site_identity.article(e.title, e.published, self.agency_name(e.agency), e.keywords),
                     description=e.summary,
                     search=self.search_meta("entry", e.agency, e.title, e.published, topic=e.topic,
                                             genre=e.genre, doc_no=self.doc_no(e), index_no=e.index_no,
                                             validity=self.validity_label(e)),
                     nav_url=CATALOG)

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

    # --- free pages, agencies, home, search, 404 ----------------------------------------------
    def plan_free_pages(self) -> None:
        for p in self.free_pages:
            section = p.section or "help"
            crumbs = [self.crumb(section, self.section_landing(section))] if self.section_landing(section) else []
            url = self.page_url[id(p)]
            if crumbs and crumbs[-1]["url"] == url:
                crumbs = []
            apply = {"channels": apply_forms.channel_list(self.config.apply_channels),
                     "forms": apply_forms.form_links()} if url == self.section_landing("apply") else None
            self.add(url, "page.html", p.title, section, crumbs, deps=(p.source.rel,), page=p,
                     body=Body.of_file(p.source), nav_url=url, description=p.summary, apply=apply,
                     search=self.search_meta("page", None, p.title, None, section=section))

    def plan_help_page(self) -> None:
        crumbs = [] if self.section_landing("help") == HELP_PAGE else [self.crumb("help", self.section_landing("help"))]
        self.add(HELP_PAGE, "help.html", self.t("public_help"), "help", crumbs, apply_url=self.section_landing("apply"),
                 catalog_urls={"all": CATALOG, "in_force": IN_FORCE, **FACETS},
                 description=self.t("help_description"),
                 search=self.search_meta("page", None, self.t("public_help"), None, section="help"))

    def section_landing(self, section: str) -> str | None:
        if section == "help":
            return HELP_PAGE  # 使用帮助 leads the 帮助 section (plan_help_page)
        if section in FREE_PAGE_SECTIONS:
            first = next((p for p in self.free_pages if (p.section or "help") == section), None)
            return self.page_url[id(first)] if first else None
        return None

    def plan_agencies(self) -> None:
        counts = {a: len(v) for a, v in self.facets["agency"].items()}
        items = [{"id": a.id, "name": a.name, "count": counts.get(a.id, 0),
                  "url": self.facet_url("agency", a.id) if counts.get(a.id) else None,
                  "feed": f"feeds/{a.id}.xml" if counts.get(a.id) and self.config.features.feeds else None,
                  "address": a.address, "phones": a.phones, "info_url": disclosure_pages.agency_url(a.id)}
                 for a in self.site.agencies.values()]
        self.add(AGENCIES, "agencies.html", self.t("agency_index"), "catalog", [self.crumb("catalog", CATALOG)],
                 items=items)

    def plan_disclosure(self, report_pages: list[PlannedPage]) -> None:
        """第二十条 items, 机构信息, each agency's 指南 and the 申请表 (generator/disclosure_pages.py, apply_forms.py)."""
        disclosure_pages.plan_article20(self)
        report_agencies = {p.url.split("/")[1] for p in report_pages if p.url.count("/") == 2 and p.url != REPORTS}
        disclosure_pages.plan_agency_pages(self, report_agencies, FEEDS_PAGE)
        apply_url = self.section_landing("apply")
        forms = apply_forms.plan_forms(self, apply_url)
        guide_pages = [{"title": p.title, "url": self.page_url[id(p)]} for p in self.free_pages
                       if (p.section or "help") == "guide"]
        disclosure_pages.plan_guides(self, self.guide_overrides, apply_forms.channel_list(self.config.apply_channels),
                                     forms, guide_pages, apply_url)

    def key_areas(self) -> list[dict]:
        areas = []
        sep = self.config.topic_separator
        area_slugs = readable_slugs(a.title for a in self.config.key_areas)
        for area in self.config.key_areas:
            def matches(e: Entry) -> bool:
                if area.topic and e.topic and (e.topic == area.topic or e.topic.startswith(area.topic + sep)):
                    return True
                text = e.title + " " + " ".join(e.keywords)
                return any(k in text for k in area.keywords)
            entries = [e for e in self.entries if matches(e)]
            url = f"{CATALOG}areas/{area_slugs[area.title]}/"  # stable when the office reorders its key areas
            self.listing(url, entries, area.title, [self.crumb("catalog", CATALOG)], intro=area.description or "")
            areas.append({"title": area.title, "description": area.description, "count": len(entries), "url": url})
        self.key_area_links = areas
        return areas

    def plan_home(self) -> None:
        latest = [self.rows[e.index_no] for e in self.entries[: self.config.latest_count]]
        interps = [{"title": i.title, "url": self.interp_url[id(i)], "published": i.published}
                   for i in self.interpretations[:5]]
        self.add("", "home.html", self.config.title, "home", [], breadcrumbs=[], latest=latest,
                 key_areas=self.key_areas(), interpretations=interps, total=len(self.entries),
                 facets=self.facet_summary, in_force_count=len(self.in_force()))

    def plan_search(self) -> None:
        facets = {f: [{"value": i["value"], "label": i["label"], "count": i["count"]}
                      for i in items if i["depth"] == 0] for f, items in self.facet_summary.items()}
        self.add(SEARCH, "search.html", self.section_title("search"), "search", [], facets=facets,
                 pagefind_url="pagefind/")

    def plan_404(self) -> None:
        self.add("404.html", "404.html", self.t("not_found"), "", [], absolute_links=True)

    def plan_reports(self) -> list[PlannedPage]:
        """Annual-report pages come from generator/plan/reports.py when it exists."""
        if not self.config.features.reports:
            return []
        try:
            from .reports import plan_reports
        except ImportError:
            return []
        planned = plan_reports(self.site)
        pages = [p for p in planned if isinstance(p, PlannedPage)]
        for p in pages:
            p.context.setdefault("nav_url", REPORTS if any(q.url == REPORTS for q in pages) else p.url)
            p.context.setdefault("breadcrumbs", [{"title": self.t("home"), "url": ""}]
                                 + ([self.crumb("reports", REPORTS)] if p.url != REPORTS else []))
            p.section = p.section or "reports"
            report = p.context.get("report") if p.template == "reports/report.html" else None
            if report:  # the 发展指引's article metadata, as on entries (docs/site-identity.md)
                p.context.setdefault("article", site_identity.article(report["title"], report["published"], report["agency"]))
        self.pages.extend(pages)
        self.files.extend(p for p in planned if isinstance(p, PlannedFile))
        return pages

    # --- navigation -----------------------------------------------------------------------
    def navigation(self, report_pages: list[PlannedPage]) -> list[dict]:
        """The 专栏 sections in config order: each with its landing URL and its sub-pages."""
        configured = [s.id for s in self.config.sections] or list(DEFAULT_SECTIONS)
        catalog_children = [(self.t("all_entries"), CATALOG),
                            (disclosure_pages.labels(self.lang)["article20"], disclosure_pages.ARTICLE20)] + [
            (self.t(k), FACETS[f]) for f, k in (("topic", "by_topic"), ("agency", "by_agency"),
                                                 ("year", "by_year"), ("genre", "by_genre"))] + [
            (self.t("in_force_short"), IN_FORCE), (self.t("agency_index"), AGENCIES)]
        nav = []
        for section in configured:
            children: list[tuple[str, str]] = []
            if section == "catalog":
                landing, children = CATALOG, catalog_children
            elif section == "interpretations":
                landing = INTERPRETATIONS
            elif section == "search":
                landing = SEARCH
            elif section == "consultations":
                landing = self.consultations_url
            elif section == "guide" and self.site.agencies:
                landing = disclosure_pages.GUIDES  # every agency's 指南, then the section's own pages
            elif section == "reports":
                urls = [p.url for p in report_pages]
                landing = REPORTS if REPORTS in urls else (urls[0] if urls else None)
            else:
                children = [(p.title, self.page_url[id(p)]) for p in self.free_pages if (p.section or "help") == section]
                if section == "help":
                    children.insert(0, (self.t("public_help"), HELP_PAGE))
                landing = children[0][1] if children else None
            if landing is None:
                continue  # a section with nothing to show gets no tab (never a broken link)
            nav.append({"id": section, "title": self.section_title(section), "url": landing,
                        "children": [{"title": t, "url": u} for t, u in children] if len(children) > 1 else []})
        return nav

    # --- human pages for the machine files: 订阅, 网站地图; redirects of published URLs ---------
    def feed_list(self) -> list[dict]:
        """Every Atom feed: the whole site first, then each agency that has entries."""
        if not self.config.features.feeds:
            return []
        found = [{"id": "all", "title": self.t("all_entries"), "listing": CATALOG,
                  "count": min(len(self.entries) + len(self.interpretations), feeds.FEED_LENGTH)}]
        for agency_id in self.ordered_values("agency", self.facets["agency"]):
            found.append({"id": agency_id, "title": self.agency_name(agency_id),
                          "listing": self.facet_url("agency", agency_id),
                          "count": min(len(self.facets["agency"][agency_id]), feeds.FEED_LENGTH)})
        for item in found:
            item["file"] = f"feeds/{item['id']}.xml"
            item["address"] = feeds.absolute(self, item["file"])
        return found

    def plan_feeds_page(self) -> None:
        if self.config.features.feeds:
            self.add(FEEDS_PAGE, "feeds.html", self.t("feeds_title"), "", [], feeds=self.feed_list(),
                     description=self.t("feeds_intro"))

    def plan_sitemap_page(self, nav: list[dict], report_pages: list[PlannedPage]) -> None:
        """网站地图: every section (with its sub-pages), every agency, every year, on one page."""
        reports_of: dict[str, list[dict]] = defaultdict(list)
        for p in report_pages:
            report = p.context.get("report") if p.template == "reports/report.html" else None
            if report:
                reports_of[report["agency_url"]].append({"year": report["year"], "url": p.url})
        report_urls = {p.url for p in report_pages}
        agencies = []
        for agency in self.site.agencies.values():
            count = len(self.facets["agency"].get(agency.id, []))
            own_reports = f"{REPORTS}{agency.id}/"
            years = sorted(reports_of.get(own_reports, []), key=lambda r: r["year"], reverse=True)
            if not count and not years:
                continue
            agencies.append({"name": agency.name, "count": count,
                             "url": self.facet_url("agency", agency.id) if count else None,
                             "reports_url": own_reports if own_reports in report_urls else None,
                             "reports": years})
        years = [{"label": i["label"], "url": i["url"], "count": i["count"]} for i in self.facet_summary["year"]]
        topics = [i for i in self.facet_summary["topic"] if i["depth"] == 0]
        nav_urls = {u for s in nav for u in [s["url"]] + [c["url"] for c in s["children"]]}
        other = [{"title": p.title, "url": self.page_url[id(p)]} for p in self.free_pages
                 if self.page_url[id(p)] not in nav_urls]
        if self.config.features.feeds:
            other.append({"title": self.t("feeds_title"), "url": FEEDS_PAGE})
        self.add(SITEMAP_PAGE, "sitemap.html", self.t("sitemap_title"), "", [], sections=nav, agencies=agencies,
                 years=years, topics=topics, other=other, description=self.t("sitemap_intro"))

    def plan_redirects(self) -> None:
        """Facet and key-area URLs were hashes (catalog/by-genre/7a66c0d0/) before they were
        readable words; those addresses were published, so each old one gets a page that sends
        the reader on (docs/site-identity.md). Redirect pages are in no listing, sitemap or index."""
        taken = {p.url for p in self.pages}
        moved = []
        for facet in ("topic", "genre"):
            for item in self.facet_summary[facet]:
                moved.append((f"{FACETS[facet]}{slug(item['value'])}/", item["url"], item["label"]))
        for area in self.key_area_links:
            moved.append((f"{CATALOG}areas/{slug(area['title'])}/", area["url"], area["title"]))
        for old, new, title in moved:
            if old != new and old not in taken:
                self.add(old, "redirect.html", title, "", [], breadcrumbs=[], target=new)

    # --- feeds, data, sitemap ---------------------------------------------------------------
    def plan_machine_readable(self) -> None:
        cfg = self.config
        if cfg.features.feeds:
            items = feeds.feed_items(self)
            self.files.append(PlannedFile("feeds/all.xml", lambda: feeds.atom(self, "feeds/all.xml", cfg.title, items)))
            for agency_id in self.facets["agency"]:
                own = [it for it in items if it["agency"] == agency_id]
                title = f"{self.agency_name(agency_id)} - {cfg.title}"
                path = f"feeds/{agency_id}.xml"
                self.files.append(PlannedFile(path, lambda p=path, t=title, o=own: feeds.atom(self, p, t, o)))
        self.files.append(PlannedFile("catalog.json", lambda: exports.catalog_json(self)))
        self.files.append(PlannedFile("catalog.csv", lambda: exports.catalog_csv(self)))
        urls = [p.url for p in self.pages if p.url != "404.html" and p.template != "redirect.html"]
        self.files += [PlannedFile(path, make) for path, make in feeds.sitemap_files(self, urls)]
        self.files.append(PlannedFile("robots.txt", lambda: feeds.robots(self)))

    def check_unique(self) -> None:
        seen: dict[str, str] = {}
        for path in [p.url for p in self.pages] + [f.path for f in self.files]:
            if path in seen:
                raise ValueError(f"two outputs want the same URL: {path} (generator or content naming conflict)")
            seen[path] = path


def page_url(base: str, n: int) -> str:
    return base if n == 1 else f"{base}page-{n}/"


def make_pager(base: str, n: int, pages: int) -> dict:
    """Links of page n of a listing: first two, last two and two either side of the current page,
    with a gap (None) where pages are skipped. A listing with thousands of pages does not give every
    page a link to every other page (that would make the plan and the site grow with the square)."""
    shown = sorted({k for k in (1, 2, pages - 1, pages, *range(n - 2, n + 3)) if 1 <= k <= pages})
    links: list[dict | None] = []
    for k in shown:
        if links and links[-1] is not None and k > links[-1]["n"] + 1:
            links.append(None)
        links.append({"n": k, "url": page_url(base, k)})
    return {"page": n, "pages": pages, "links": links,
            "prev": page_url(base, n - 1) if n > 1 else None,
            "next": page_url(base, n + 1) if n < pages else None}


def content_path(source_rel: str, link: str) -> str | None:
    """A path written in a content file, relative to it → relative to the site root (inside content/)."""
    import posixpath

    rel = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), link))
    return rel if rel.startswith("content/") else None


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()


def safe_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json">: no "</script>" or "<!--" can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _doc_no_normaliser() -> Callable[[Entry], str | None]:
    """文号 in canonical 〔〕 form, from the checker's normaliser (generator/model/identifiers.py)."""
    try:
        from ..model.identifiers import canonical_doc_no
    except ImportError:
        return lambda e: e.doc_no
    return lambda e: canonical_doc_no(e) or e.doc_no


def plan_site(site, assets: theme.Assets) -> Plan:
    return Planner(site, assets).plan()
