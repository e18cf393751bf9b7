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
import os
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..load.file_guard import FileGuard
from ..load.site import cyclic_gc_paused
from ..model.content import Entry, Interpretation
from ..text import site as ui
from . import consultations, disclosure_pages, exports, feeds, site_identity, theme
from .catalog import CatalogPlanner
from .documents import DocumentPlanner
from .pages import PagePlanner
from .types import ListingRow, PlannedFile, PlannedPage
from .urls import FEEDS_PAGE, HELP_PAGE, REPORTS, SEARCH, SITEMAP_PAGE, source_url


@dataclass
class Plan:
    pages: list[PlannedPage]
    files: list[PlannedFile]
    globals: dict[str, Any]  # the templates' `site`
    page_for_source: dict[str, str]  # published content file (relative to root) → page URL
    build_date: dt.date

    def release(self) -> None:
        """Let the pages and files go, and the planner behind them, when they are done with. The
        lists are emptied, not only dropped: the planned files' closures refer back to the
        planner, a cycle that only the cyclic collector would free."""
        self.pages.clear()
        self.files.clear()


def build_date(site) -> dt.date:
    """The date a build shows as "updated": SOURCE_DATE_EPOCH, else the newest content date.
    Never the clock, so that two builds of the same content are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    dates = [e.published for e in site.public_entries()] + [i.published for i in site.public_interpretations()]
    dates += [c.date for e in site.public_entries() for c in e.changes if c.date <= site.as_of]
    return max((d for d in dates if d), default=site.as_of)


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    # index_no breaks ties, so the order never depends on the order files were read in
    return sorted(entries, key=lambda e: (e.published, e.written, e.index_no), reverse=True)


class Planner(CatalogPlanner, DocumentPlanner, PagePlanner):
    """The whole plan: the shared state and helpers here, each kind of page in its own part
    (catalog.py, documents.py, pages.py; annual reports in reports.py)."""

    def __init__(self, site, assets: theme.Assets, shard: frozenset[str] | None = None):
        self.site = site
        # A shard build's agencies (generator/output/shards.py): only the pages and files they own
        # are planned (plan_shard); None plans the whole site.
        self.shard = shard
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
        self.rows = _Rows(self)  # 索引号 → listing row, made when first asked for (a shard asks for few)
        self.copied: set[str] = set()
        self.key_area_links: list[dict] = []  # set by key_areas(); old hashed URLs redirect to these
        self.content_copies: list[PlannedFile] = []  # the files above, as planned (not generated URLs)
        self.guard = FileGuard.of(site.root, site.config, withheld=site.withheld_files())
        self.attachments_of: dict[str, list[dict]] = {}
        self._facet_slugs: dict[str, dict[str, str]] | None = None  # readable URL segments (facet_slugs)
        self.facets = self.facet_values()  # facet → value → entries, newest first
        self.facet_summary: dict[str, list[dict]] = {}  # facet → the items of its index page (plan_facets)

    # --- small helpers ------------------------------------------------------------------------
    def t(self, key: str, **args) -> str:
        return ui.translate(self.lang, key, **args)

    def agency_name(self, agency_id: str) -> str:
        agency = self.site.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def doc_no(self, entry: Entry) -> str | None:
        return self._doc_no(entry)

    def row(self, e: Entry) -> ListingRow:
        """What a listing shows of an entry (one object, shared by every listing that shows it)."""
        return ListingRow(title=e.title, url=self.entry_url[e.index_no], index_no=e.index_no,
                          doc_no=self.doc_no(e), agency=self.agency_name(e.agency), published=e.published,
                          summary=e.summary, genre=e.genre, validity=e.validity, sample=e.sample)

    def add(self, url: str, template: str, title: str, section: str, crumbs: list, deps=(), more=None, **context):
        context.setdefault("breadcrumbs", [{"title": self.t("home"), "url": ""}] + crumbs)
        context.setdefault("nav_url", url)
        self.pages.append(PlannedPage(url=url, template=template, context=context, title=title,
                                      section=section, deps=tuple(deps), more=more))

    def section_title(self, section_id: str) -> str:
        return self.config.section_title(section_id, self.t(section_id))

    def crumb(self, section_id: str, url: str) -> dict:
        return {"title": self.section_title(section_id), "url": url}

    # --- the whole site -----------------------------------------------------------------------
    def plan(self) -> Plan:
        if self.shard is not None:
            return self.plan_shard()
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
        self.plan_consultations()
        self.plan_home()
        self.plan_search()
        self.plan_404()
        nav = self.navigation(report_pages)
        self.plan_feeds_page()
        self.plan_sitemap_page(nav, report_pages)
        self.plan_redirects()
        self.plan_machine_readable()
        self.check_unique()
        return self.finished(nav)

    def plan_shard(self) -> Plan:
        """What a shard build renders (generator/output/shards.py, owner_of): its agencies' entry
        and interpretation pages with their files, their listings and feeds, their annual reports.
        The portal's pages (home, the listings across agencies, search, the exports, the
        sitemaps) are `gongkai assemble`'s, so they are not planned here: at 10⁵ entries they
        were most of a shard's plan. What a shard's page shows of the rest of the site (the build
        date, other records' titles and URLs, the navigation) is taken from the whole site as in
        plan(), so each page is the one a single build makes; the build still selects the
        owned pages and files from this plan (build_site `select`)."""
        self.plan_facets()
        self.plan_entries()
        self.plan_interpretations()
        report_pages = self.plan_reports()
        self.plan_consultations()
        nav = self.navigation(report_pages)
        self.plan_feeds()
        self.check_unique()
        return self.finished(nav)

    def owns(self, record) -> bool:
        """Whether this plan shows the record's own page: always, but in a shard build only the
        shard's agencies' records."""
        return self.owns_agency(record.agency)

    def owns_agency(self, agency_id: str) -> bool:
        """Whether this plan holds the agency's own pages and feed (a shard build: its agencies')."""
        return self.shard is None or agency_id in self.shard

    def plan_consultations(self) -> None:
        self.consultations_url = consultations.plan_consultations(self, lambda rel: source_url(rel, "consultations"))

    def finished(self, nav: list[dict]) -> Plan:
        page_for_source = {e.source.rel: self.entry_url[e.index_no] for e in self.entries}
        page_for_source.update({i.source.rel: self.interp_url[id(i)] for i in self.interpretations})
        page_for_source.update({p.source.rel: self.page_url[id(p)] for p in self.free_pages})
        page_for_source.update({p.context["consultation"].source.rel: p.url for p in self.pages
                                if p.template == "consultation.html"})
        page_for_source.update({p.source.rel: disclosure_pages.guide_url(a) for a, p in self.guide_overrides.items()})
        return Plan(self.pages, self.files, self.site_globals(nav), page_for_source, self.build_date)


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


    # --- feeds, data, sitemap ---------------------------------------------------------------
    def plan_feeds(self) -> None:
        """The site's feed and each agency's (in a shard build: only its agencies' feeds)."""
        cfg = self.config
        if not cfg.features.feeds:
            return
        site_items, agency_items = feeds.newest_items(self, filter(self.owns_agency, self.facets["agency"]))
        if self.shard is None:
            self.files.append(PlannedFile("feeds/all.xml", lambda: feeds.atom(self, "feeds/all.xml", cfg.title, site_items)))
        for agency_id, own in agency_items.items():
            title = f"{self.agency_name(agency_id)} - {cfg.title}"
            path = f"feeds/{agency_id}.xml"
            self.files.append(PlannedFile(path, lambda p=path, t=title, o=own: feeds.atom(self, p, t, o)))

    def plan_machine_readable(self) -> None:
        self.plan_feeds()
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


class _Rows(dict):
    """索引号 → what a listing shows of that public entry (Planner.row), each made on first use.
    It refers to its planner weakly: a planner that held it and was held by it would outlive its
    plan until a full collection (output/build.py frees the plan as soon as its files are written)."""

    def __init__(self, planner: Planner):
        super().__init__()
        self.planner = weakref.ref(planner)

    def __missing__(self, index_no: str) -> dict:
        planner = self.planner()
        row = self[index_no] = planner.row(planner.by_index[index_no])
        return row


def _doc_no_normaliser() -> Callable[[Entry], str | None]:
    """文号 in canonical 〔〕 form, from the checker's normaliser (generator/model/identifiers.py)."""
    try:
        from ..model.identifiers import canonical_doc_no
    except ImportError:
        return lambda e: e.doc_no

    def doc_no(e: Entry) -> str | None:
        canonical = canonical_doc_no(e) or e.doc_no
        return e.doc_no if canonical == e.doc_no else canonical  # the record's own string when it is canonical: one copy, not two
    return doc_no


def plan_site(site, assets: theme.Assets, shard: set[str] | None = None) -> Plan:
    """The whole site's plan, or (`shard`: a shard build's agencies) the part that shard renders."""
    with cyclic_gc_paused():  # a plan is 10⁵ objects that live on, as loading makes (load/site.py)
        return Planner(site, assets, None if shard is None else frozenset(shard)).plan()
