"""Atom feeds, sitemap.xml and robots.txt: the outputs read by machines, with absolute URLs.

Everything here is built from the plan's public lists only (see plan.py), and every date is
a content date, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

FEED_LENGTH = 50  # newest items per feed: readers poll, they do not archive


def absolute(planner, url: str) -> str:
    """Site-relative URL → absolute, with any Chinese in the path percent-encoded."""
    return planner.config.base_url + quote(url, safe="/#%")


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_items(planner) -> list[dict]:
    """Entries and interpretations, newest first (ties broken by URL, so the order is stable)."""
    items = [{"title": e.title, "url": planner.entry_url[e.index_no], "date": e.published,
              "updated": max([e.published] + [c.date for c in e.changes if c.date <= planner.site.as_of]),
              "summary": e.summary or "", "agency": e.agency, "category": e.genre or ""}
             for e in planner.entries]
    items += [{"title": i.title, "url": planner.interp_url[id(i)], "date": i.published, "updated": i.published,
               "summary": i.summary or "", "agency": i.agency,
               "category": planner.section_title("interpretations")}
              for i in planner.interpretations]
    items.sort(key=lambda it: (it["date"], it["url"]), reverse=True)
    return items


def atom(planner, path: str, title: str, items: list[dict]) -> bytes:
    items = items[:FEED_LENGTH]
    updated = max((it["updated"] for it in items), default=planner.build_date)
    author = planner.config.owner or planner.config.title
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(planner.t("lang_attr"))}>',
           f"<title>{escape(title)}</title>",
           f"<id>{escape(absolute(planner, path))}</id>",
           f'<link rel="self" type="application/atom+xml" href={quoteattr(absolute(planner, path))}/>',
           f'<link rel="alternate" type="text/html" href={quoteattr(planner.config.base_url)}/>',
           f"<updated>{_stamp(updated)}</updated>",
           f"<author><name>{escape(author)}</name></author>",
           "<generator>Gongkai</generator>"]
    for it in items:
        link = absolute(planner, it["url"])
        out += ["<entry>", f"<title>{escape(it['title'])}</title>", f"<id>{escape(link)}</id>",
                f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
                f"<published>{_stamp(it['date'])}</published>", f"<updated>{_stamp(it['updated'])}</updated>",
                f"<author><name>{escape(planner.agency_name(it['agency']))}</name></author>"]
        if it["category"]:
            out.append(f"<category term={quoteattr(it['category'])}/>")
        if it["summary"]:
            out.append(f'<summary type="text">{escape(it["summary"])}</summary>')
        out.append("</entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def sitemap(planner, urls: list[str]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(urls):
        out.append(f"<url><loc>{escape(absolute(planner, url))}</loc></url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def robots(planner) -> bytes:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {absolute(planner, 'sitemap.xml')}\n").encode("utf-8")
