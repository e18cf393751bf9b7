"""Atom feeds, the sitemap (an index past 50,000 URLs) and robots.txt: the outputs read by machines,
with absolute URLs.

Everything here is built from the plan's public lists only (see plan.py), and every date is
a content date, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

FEED_LENGTH = 50  # newest items per feed: readers poll, they do not archive
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (the sitemaps.org protocol); past it, an index


def absolute(planner, url: str) -> str:
    """Site-relative URL → absolute, with any Chinese in the path percent-encoded."""
    return planner.config.base_url + quote(url, safe="/#%")


def atom_time(day: dt.date) -> str:
    """A content date is a day in Beijing: its start is midnight at +08:00, not midnight UTC."""
    return f"{day.isoformat()}T00:00:00+08:00"


def newest_items(planner, agencies) -> tuple[list[dict], dict[str, list[dict]]]:
    """The items of the site's feed and of each of `agencies`' feeds: the newest FEED_LENGTH
    entries and interpretations of each, newest first (ties broken by URL, so the order is
    stable). Only those become items: a feed shows no more, and an item made for every entry was
    26 MB at 10⁵ entries, held until the feeds were written (docs/design.md#scale)."""
    dated = [(e.published, planner.entry_url[e.index_no], e, False) for e in planner.entries]
    dated += [(i.published, planner.interp_url[id(i)], i, True) for i in planner.interpretations]
    dated.sort(key=lambda d: (d[0], d[1]), reverse=True)
    per_agency: dict[str, list] = {agency: [] for agency in agencies}
    for d in dated:
        own = per_agency.get(d[2].agency)
        if own is not None and len(own) < FEED_LENGTH:
            own.append(d)
    return ([_item(planner, d) for d in dated[:FEED_LENGTH]],
            {agency: [_item(planner, d) for d in own] for agency, own in per_agency.items()})


def _item(planner, dated: tuple) -> dict:
    """A feed's item for an entry or an interpretation, (date, URL, record, whether an
    interpretation) as newest_items sorts them."""
    day, url, record, interpretation = dated
    if interpretation:
        return {"title": record.title, "url": url, "date": day, "updated": day, "summary": record.summary or "",
                "agency": record.agency, "category": planner.section_title("interpretations")}
    return {"title": record.title, "url": url, "date": day,
            "updated": max([day] + [c.date for c in record.changes if c.date <= planner.site.as_of]),
            "summary": record.summary or "", "agency": record.agency, "category": record.genre or ""}


def atom(planner, path: str, title: str, items: list[dict]) -> bytes:
    items = items[:FEED_LENGTH]
    updated = max((it["updated"] for it in items), default=planner.build_date)
    author = planner.config.owner or planner.config.title
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(planner.lang_attr)}>',
           f"<title>{escape(title)}</title>",
           f"<id>{escape(absolute(planner, path))}</id>",
           f'<link rel="self" type="application/atom+xml" href={quoteattr(absolute(planner, path))}/>',
           f'<link rel="alternate" type="text/html" href={quoteattr(planner.config.base_url)}/>',
           f"<updated>{atom_time(updated)}</updated>",
           f"<author><name>{escape(author)}</name></author>",
           "<generator>Gongkai</generator>"]
    for it in items:
        link = absolute(planner, it["url"])
        out += ["<entry>", f"<title>{escape(it['title'])}</title>", f"<id>{escape(link)}</id>",
                f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
                f"<published>{atom_time(it['date'])}</published>", f"<updated>{atom_time(it['updated'])}</updated>",
                f"<author><name>{escape(planner.agency_name(it['agency']))}</name></author>"]
        if it["category"]:
            out.append(f"<category term={quoteattr(it['category'])}/>")
        if it["summary"]:
            out.append(f'<summary type="text">{escape(it["summary"])}</summary>')
        out.append("</entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def sitemap_files(planner, urls: list[str], limit: int = SITEMAP_LIMIT) -> list[tuple[str, Callable[[], bytes]]]:
    """(path, maker) for each sitemap file. Up to `limit` URLs: sitemap.xml lists them. Past it:
    sitemap-1.xml, sitemap-2.xml, … hold `limit` URLs each and sitemap.xml is their index, so the
    address robots.txt gives stays the same."""
    urls = sorted(urls)
    if len(urls) <= limit:
        return [("sitemap.xml", lambda: _urlset(planner, urls))]
    parts = [urls[start:start + limit] for start in range(0, len(urls), limit)]
    paths = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    files = [(path, lambda part=part: _urlset(planner, part)) for path, part in zip(paths, parts)]
    return files + [("sitemap.xml", lambda: _sitemap_index(planner, paths))]


def _urlset(planner, urls: list[str]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    out += [f"<url><loc>{escape(absolute(planner, url))}</loc></url>" for url in urls]
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _sitemap_index(planner, paths: list[str]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    out += [f"<sitemap><loc>{escape(absolute(planner, path))}</loc></sitemap>" for path in paths]
    out.append("</sitemapindex>")
    return ("\n".join(out) + "\n").encode("utf-8")


def robots(planner) -> bytes:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {absolute(planner, 'sitemap.xml')}\n").encode()
