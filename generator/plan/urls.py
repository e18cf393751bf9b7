"""Where things live on the site: the URLs of the sections, and the helpers that make URLs.

URLs are site-relative and directory style ("catalog/by-year/2018/"); "" is the home page.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import PurePosixPath

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
def slug(name: str) -> str:
    """The hashed path segment facet URLs had before they were readable (plan_redirects)."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def source_url(source_rel: str, folder: str) -> str:
    """content/catalog/a/2018/x.md → catalog/a/2018/x/ (the page mirrors the file).
    String operations with pathlib's rules (its suffix: a dot past the name's first character,
    not its last): called for every record, where PurePosixPath cost a fifth of planning."""
    prefix = f"content/{folder}/"
    if not source_rel.startswith(prefix) or "//" in source_rel or "/./" in source_rel:
        path = PurePosixPath(source_rel)  # not a plain path under the folder: pathlib says what it is
        return f"{folder}/{path.relative_to('content/' + folder).with_suffix('').as_posix()}/"
    folders, _, name = source_rel[len(prefix):].rpartition("/")
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        name = name[:dot]
    return f"{folder}/{folders + '/' if folders else ''}{name}/"


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


def pager_context(page) -> dict:
    """A listing page's pager, made where the page is rendered (PlannedPage.more): the links are
    about 1.7 KB a page, and a catalog of 10⁵ entries has some 30,000 listing pages held until
    they render (docs/design.md#scale). Here, beside make_pager, because a render worker imports
    the module of the function it is sent: this one imports nothing heavy (plan/catalog.py
    would bring pypinyin's dictionaries, about 50 MB, into every worker)."""
    return {"pager": make_pager(*page.context["pager_of"])}


def content_path(source_rel: str, link: str) -> str | None:
    """A path written in a content file, relative to it → relative to the site root (inside content/)."""
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), link))
    return rel if rel.startswith("content/") else None


