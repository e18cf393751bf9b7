"""The plain data that the site plan hands to the renderer.

Every output file of a build is one of these, known before anything is written
(so duplicate URLs and broken links can be found first). Modules that add pages
(catalog, interpretations, reports, feeds) return lists of them.
"""

from __future__ import annotations

import itertools
import operator
import os
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..load.document import read_body

RECORD_TEMPLATES = ("entry.html", "interpretation.html")  # a page of one record (PlannedPage.record_file)


class ListingRow(Mapping):
    """What a listing shows of one public entry (plan/site.py Planner.row), read as `row.title`
    in a template or `row["title"]` in Python, as the dict it replaces. One lives for each entry
    through a build: in slots it is about 240 bytes less than a dict of its ten values
    (docs/design.md#scale)."""

    FIELDS = ("title", "url", "index_no", "doc_no", "agency", "published", "summary", "genre", "validity", "sample")
    __slots__ = FIELDS

    def __init__(self, **values: Any):
        for name in self.FIELDS:
            setattr(self, name, values.pop(name))
        if values:
            raise TypeError(f"not a field of a listing row: {', '.join(values)}")

    def __getitem__(self, name: str) -> Any:
        if name not in self.FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.FIELDS)

    def __len__(self) -> int:
        return len(self.FIELDS)

    def __repr__(self) -> str:
        return f"ListingRow({dict(self)!r})"

    def as_dict(self) -> dict[str, Any]:
        """The dict it replaces, in one call: the build cache's fingerprints encode every row of
        every listing (render/cache.py), and dict(row) asks for each value by name."""
        return dict(zip(self.FIELDS, _row_values(self)))


_row_values = operator.attrgetter(*ListingRow.FIELDS)


class EntryContext(Mapping):
    """What an entry page is planned with (plan/documents.py plan_entries): its record, its listing
    row and its attachments, read as the dict {"entry", "row", "body", "attachments"} it replaces.
    Its Body is made from the record's file when asked for. 10⁵ entry pages live through the
    render: in slots this is about 190 bytes a page less than the dict and its Body
    (docs/design.md#scale)."""

    KEYS = ("entry", "row", "body", "attachments")
    __slots__ = ("entry", "row", "attachments")

    def __init__(self, entry: Any, row: ListingRow, attachments: list[dict] | tuple):
        self.entry, self.row, self.attachments = entry, row, attachments

    def __getitem__(self, key: str) -> Any:
        if key == "body":
            return Body.of_file(self.entry.source)
        if key in self.__slots__:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)

    def __reduce__(self):
        return EntryContext, (self.entry, self.row, self.attachments)


class Listing:
    """One paginated listing (plan/catalog.py CatalogPlanner.listing): the entries it lists, newest
    first, and what each of its pages shows alike (the total, heading, breadcrumbs …). Its pages
    are ListingPage contexts that refer to it."""

    __slots__ = ("entries", "rows", "per_page", "base", "pages", "shared")

    def __init__(self, entries: list, rows: Mapping[str, ListingRow], per_page: int, base: str, shared: dict[str, Any]):
        self.entries, self.rows, self.per_page, self.base, self.shared = entries, rows, per_page, base, shared
        self.pages = max(1, -(-len(entries) // per_page))


class ListingPage(Mapping):
    """The context of one page of a listing, read as the dict it replaces: its rows, the pager's
    (base, page, pages) and the listing's shared values. A catalog of 10⁵ entries has some 30,000
    listing pages held until they render; as dicts, each with its own list of rows and its own
    breadcrumbs, they were about 900 bytes a page more (docs/design.md#scale). Pickled, it is that
    dict: a render worker receives the page as before."""

    KEYS = ("rows", "total", "pager_of", "heading", "intro", "feed", "description", "nav_url", "breadcrumbs")
    __slots__ = ("listing", "number")

    def __init__(self, listing: Listing, number: int):
        self.listing, self.number = listing, number

    def __getitem__(self, key: str) -> Any:
        listing = self.listing
        if key == "rows":
            start = (self.number - 1) * listing.per_page
            return [listing.rows[e.index_no] for e in listing.entries[start:start + listing.per_page]]
        if key == "pager_of":
            return (listing.base, self.number, listing.pages)
        return listing.shared[key]

    def __contains__(self, key) -> bool:
        return key in self.KEYS  # without making the rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)

    def __reduce__(self):
        return dict, (dict(self),)


@dataclass(slots=True)  # 10⁵ of them in a plan: no __dict__ each
class PlannedPage:
    """An HTML page rendered from a Jinja template."""

    url: str  # site-relative, directory style without leading slash: "catalog/2018/" → catalog/2018/index.html; "" = home
    template: str  # path under themes/default/templates, e.g. "entry.html"
    context: Mapping[str, Any] = field(default_factory=dict)  # a dict, an entry page's EntryContext or a ListingPage
    title: str = ""  # for <title>, breadcrumbs and the sitemap
    section: str = ""  # navigation section id (guide, rules, catalog, interpretations, reports, search, apply, help)
    deps: tuple[str, ...] = ()  # source files (relative) whose change makes this page stale
    # The rest of the context, made where the page is rendered (a render worker) rather than
    # held for every page until then: an entry page's metadata table, notice, structured data
    # and search fields, several KB a page (docs/design.md#scale). `context` keeps what the
    # planning process itself reads (the record, the body, the attachments it copies).
    # Called with the page itself, so that one function serves every page of a kind: a function
    # bound to each page's own record was about 270 bytes a page, held until the page rendered.
    more: Callable[[PlannedPage], dict[str, Any]] | None = None

    def record_file(self) -> str | None:
        """The content file of the one record this page shows (an entry's or an interpretation's
        page, planned with deps=(that file,)), else None. Told without the context."""
        if self.template in RECORD_TEMPLATES and len(self.deps) == 1:
            return self.deps[0]
        return None

    def materialized(self) -> PlannedPage:
        """This page with its whole context (itself when it has it already); never changes self."""
        if self.more is None:
            return self
        return replace(self, context={**self.context, **self.more(self)}, more=None)


@dataclass
class PlannedFile:
    """A non-HTML output: feed, JSON, CSV, SVG, copied asset."""

    path: str  # site-relative file path, e.g. "feeds/all.xml"
    # called once at write time: keeps memory flat. Bytes, or an iterator of pieces of bytes
    # for a file too large to hold at once (catalog.json at 10⁵ entries: plan/exports.py)
    produce: Callable[[], bytes | Iterator[bytes]]
    deps: tuple[str, ...] = ()


@dataclass(slots=True)  # one an entry page
class Body:
    """A Markdown body to be rendered in the worker, next to the page that shows it.

    A content file's body is not held in memory between loading and rendering (at 10⁵ entries
    the bodies alone are hundreds of megabytes in every process): `text` is None and the render
    worker reads the body from `source`, from line `line` on. Inline text is for bodies that are
    not a file's whole body (an annual report's narrative, cut around its tables)."""

    text: str | None
    source: str  # the Markdown file, relative to the site root
    line: int = 0  # the body's first line in `source`, when `text` is None
    # The sha256 of the file as it was loaded and checked (SourceFile.digest), when `text` is None:
    # the file read again to render must still be those bytes. Saved again between the check and
    # the render, it would otherwise be published unchecked (personal data, links).
    digest: bytes | None = None

    @classmethod
    def of_file(cls, doc) -> Body:
        return cls(None, doc.rel, doc.body_line, doc.digest)

    def markdown(self, root: Path) -> str:
        if self.text is not None:
            return self.text
        return read_body(root / self.source, self.line, self.digest, self.source)


# --- tables every render worker holds once ---------------------------------------------------

_shared_here: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # key → object, this process
_installed: list = []  # the copies a render worker was given (held: nothing else refers to them)
_keys = itertools.count()


class SharedTables:
    """Tables that the `more` of many planned pages reads (every entry page's: the site's
    interpretations, replacements, agency names). The render workers are separate processes
    that receive their pages pickled (generator/render/pages.py); pickled with each page, these
    tables would travel once a page. Pickled, a SharedTables is only its key: each worker is
    given the tables once, when it starts (`worker_copies`, `install`), and finds them by key."""

    def __init__(self) -> None:
        self.shared_key = f"{os.getpid()}:{next(_keys)}"
        _shared_here[self.shared_key] = self

    def __reduce__(self):
        return (_shared_tables, (self.shared_key,))


def _shared_tables(key: str) -> SharedTables:
    try:
        return _shared_here[key]
    except KeyError:
        raise RuntimeError(f"planned page refers to tables this process was not given ({key})") from None


def worker_copies() -> list[tuple[type, dict]]:
    """Every SharedTables alive in this process, as (class, attributes): what `install` takes."""
    return [(type(tables), vars(tables)) for tables in list(_shared_here.values())]


def install(copies: list[tuple[type, dict]]) -> None:
    """In a render worker: make the planning process's tables findable by their keys."""
    for cls, attributes in copies:
        tables = cls.__new__(cls)
        vars(tables).update(attributes)
        _installed.append(tables)
        _shared_here[tables.shared_key] = tables
