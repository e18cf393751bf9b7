"""The site's other pages: free pages, 使用帮助, the agency index, home, search, 404, the
navigation, and the human pages for the machine files (订阅, 网站地图).

A part of the site plan: `Planner` (generator/plan/site.py) inherits it and holds the state it
reads (the public records, their URLs and rows, `add` and the other helpers).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from . import apply_forms, disclosure_pages, feeds
from .types import Body, PlannedPage
from .urls import (
    AGENCIES,
    CATALOG,
    DEFAULT_SECTIONS,
    FACETS,
    FEEDS_PAGE,
    FREE_PAGE_SECTIONS,
    HELP_PAGE,
    IN_FORCE,
    INTERPRETATIONS,
    REPORTS,
    SEARCH,
    SITEMAP_PAGE,
)


class PagePlanner:
    def free_page_url(self, stem: str) -> str | None:
        """The URL of content/pages/<stem>.md when it is published (the footer links a few by name)."""
        return next((self.page_url[id(p)] for p in self.free_pages if PurePosixPath(p.source.rel).stem == stem), None)

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
