"""The catalog's listings: all entries, the facets (topic, agency, year, genre) with
their readable URLs, the 现行有效 list, the key areas, and redirects from the old facet URLs.

A part of the site plan: `Planner` (generator/plan/site.py) inherits it and holds the state it
reads (the public records, their URLs and rows, `add` and the other helpers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model.content import Entry
from .slugs import readable_slugs
from .types import Listing, ListingPage, PlannedPage
from .urls import CATALOG, FACETS, IN_FORCE, IN_FORCE_GENRES, page_url, pager_context, slug


class CatalogPlanner:
    # --- catalog listings ---------------------------------------------------------------------
    def listing(self, base: str, entries: list[Entry], title: str, crumbs: list, intro: str = "",
                feed: str | None = None, nav_url: str | None = None) -> None:
        """A paginated listing of entries (list and table views), pages base, base/page-2/, …
        Each page's context is a ListingPage: its rows are taken from `entries` when it renders
        (the list is the planner's and does not change after planning)."""
        for e in entries:
            self.rows[e.index_no]  # made now, while the planner is alive (_Rows refers to it weakly)
        description = intro or self.t("listing_description", title=title, n=len(entries))
        shared = {"total": len(entries), "heading": title, "intro": intro, "feed": feed, "description": description,
                  "nav_url": nav_url or base, "breadcrumbs": [{"title": self.t("home"), "url": ""}] + crumbs}
        listing = Listing(entries, self.rows, self.config.per_page, base, shared)
        for n in range(1, listing.pages + 1):
            page_title = title if n == 1 else f"{title} · {self.t('page_of', page=n, pages=listing.pages)}"
            self.pages.append(PlannedPage(page_url(base, n), "listing.html", ListingPage(listing, n), page_title,
                                          "catalog", more=pager_context))

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
        if self._facet_slugs is None:
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
        """Each facet's index page and a listing per value; in a shard build only its agencies'
        listings, the facet pages a shard owns (Planner.plan_shard)."""
        titles = {"topic": "by_topic", "agency": "by_agency", "year": "by_year", "genre": "by_genre"}
        for facet, groups in self.facets.items():
            if self.shard is not None and facet != "agency":
                continue
            index_url = FACETS[facet]
            title = self.t(titles[facet])
            crumbs = [self.crumb("catalog", CATALOG), {"title": title, "url": index_url}]
            items = []
            for value in self.ordered_values(facet, groups):
                entries = groups[value]
                depth = 1 if facet == "topic" and self.config.topic_separator in value else 0
                items.append({"value": value, "label": self.facet_label(facet, value), "count": len(entries),
                              "url": self.facet_url(facet, value), "depth": depth})
                if not self.owns_agency(value):
                    continue
                feed = f"feeds/{value}.xml" if facet == "agency" and self.config.features.feeds else None
                self.listing(self.facet_url(facet, value), entries, self.facet_label(facet, value), crumbs,
                             feed=feed, nav_url=index_url)
            self.facet_summary[facet] = items
            if self.shard is None:
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

    def key_areas(self) -> list[dict]:
        areas = []
        sep = self.config.topic_separator
        area_slugs = readable_slugs(a.title for a in self.config.key_areas)
        for area in self.config.key_areas:
            def matches(e: Entry, area=area) -> bool:
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
