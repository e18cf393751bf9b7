"""The plain data that the site plan hands to the renderer.

Every output file of a build is one of these, known before anything is written
(so duplicate URLs and broken links can be found first). Modules that add pages
(catalog, interpretations, reports, feeds) return lists of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class PlannedPage:
    """An HTML page rendered from a Jinja template."""

    url: str  # site-relative, directory style without leading slash: "catalog/2018/" → catalog/2018/index.html; "" = home
    template: str  # path under themes/default/templates, e.g. "entry.html"
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""  # for <title>, breadcrumbs and the sitemap
    section: str = ""  # navigation section id (guide, rules, catalog, interpretations, reports, search, apply, help)
    deps: tuple[str, ...] = ()  # source files (relative) whose change makes this page stale


@dataclass
class PlannedFile:
    """A non-HTML output: feed, JSON, CSV, SVG, copied asset."""

    path: str  # site-relative file path, e.g. "feeds/all.xml"
    produce: Callable[[], bytes]  # called once at write time: keeps memory flat
    deps: tuple[str, ...] = ()
