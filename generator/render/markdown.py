"""Markdown bodies → safe HTML, with the extensions MkDocs-Material styles.

One `Markdown` instance per process and set of extensions, `reset()` between documents
(building the extension chain costs more than converting a short document); a body is
converted with only the extensions, inline patterns and block processors whose syntax it holds
(syntax_used).

Raw HTML is allowed in bodies because official documents carry tables with merged
cells, but every body goes through nh3 (the Rust `ammonia` sanitiser) afterwards:
no script or style, no event handlers, no javascript: links; table markup with
colspan/rowspan/scope is kept.

Links and images written relative to the Markdown file (`files/附件1.pdf`,
`../2017/other.md`) are rewritten for the page's own URL: files are copied into the
site by the renderer, links to other content files go to their pages, and links to
anything that is not published (a withheld entry, a missing file) lose their href
so that nothing points at a page that does not exist.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import urlsplit

import markdown
import nh3

from ..load.file_guard import content_link

EXTENSIONS = [
    "tables", "admonition", "attr_list", "def_list", "footnotes", "abbr", "md_in_html", "sane_lists",
    "toc", "pymdownx.details", "pymdownx.superfences",
]


def _slugify(value: str, separator: str) -> str:
    # Keep Chinese characters in heading ids: the default slugify drops everything non-ASCII.
    from pymdownx.slugs import slugify

    return slugify(case="lower")(value, separator)


EXTENSION_CONFIGS = {
    "toc": {"slugify": _slugify, "permalink": False, "toc_depth": "2-3"},
    "footnotes": {"BACKLINK_TITLE": "返回正文"},
}
FOOTNOTE_BACKLINK = {"zh": "返回正文", "en": "Back to the text"}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SOFT_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\n(?=[{_CJK}])")
_CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S)  # a capturing group: re.split keeps the code
_TABLE_OPEN = re.compile(r"<table\b")


@dataclass
class LinkContext:
    """How to rewrite relative links of one document.

    source: the Markdown file, relative to the site root ("content/catalog/a/2018/x.md").
    page_url: the page it becomes ("catalog/a/2018/x/").
    page_for_source: a published content file (relative to the site root) → its page URL, or None.
    """

    source: str
    page_url: str
    page_for_source: Callable[[str], str | None]
    file_exists: Callable[[str], bool]
    copied: set[str] = field(default_factory=set)  # content files (site-root-relative) the page links


@dataclass
class RenderedBody:
    html: str
    toc: list  # [{"id", "name", "level", "children"}] from the toc extension
    files: list[str]  # content files to copy into the site, relative to the site root


def relative_url(target: str, page_url: str) -> str:
    """A site-relative URL (directory style, "" = home) as seen from the page at page_url.

    Both are normalised site paths (no "." or ".." segments), so the answer is "../" for each
    folder of the page below the common prefix, then the rest of the target. (posixpath.relpath
    gives the same answer but asks the operating system for the working directory every call,
    and a listing page has hundreds of links.)"""
    base = page_url.rsplit("/", 1)[0] + "/" if "/" in page_url else ""
    if target == base:
        return "./"
    base_parts = base.split("/")[:-1]
    target_parts = target.split("/")
    common = 0
    for a, b in zip(base_parts, target_parts[:-1]):
        if a != b:
            break
        common += 1
    rel = "../" * (len(base_parts) - common) + "/".join(target_parts[common:])
    return rel or "./"


def folder_prefixes(targets: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Every run of first folders of the targets (site-relative URLs): ("catalog",) and
    ("catalog", "by-topic") for "catalog/by-topic/". What relative_url compares a page's folders with."""
    prefixes = set()
    for target in targets:
        folders = tuple(target.split("/")[:-1])
        prefixes.update(folders[:n] for n in range(1, len(folders) + 1))
    return frozenset(prefixes)


def relative_scope(page_url: str, prefixes: frozenset[tuple[str, ...]]) -> tuple:
    """What relative_url(target, page_url) depends on for every target whose folder_prefixes are
    among `prefixes`: how deep the page is, and its first folders as far as some target begins
    with them. Past those, the page's folders are no target's, so their names change no link:
    every page of a listing (catalog/page-2/, page-3/, …) and every entry page below one agency's
    folder that no target enters has the same links to them (generator/render/shared_parts.py
    fills a shared part once per scope)."""
    folders = page_url.split("/")[:-1]
    shared = 0
    while shared < len(folders) and tuple(folders[:shared + 1]) in prefixes:
        shared += 1
    return (len(folders), *folders[:shared])


def output_path_of_content(content_rel: str) -> str:
    """Where a content file (attachment, image) is copied: its path under content/, mirrored."""
    return content_rel.removeprefix("content/")


_URL_ATTRIBUTE = re.compile(r'\s(href|src)="([^"]*)"')


def rewrite_links(html: str, ctx: LinkContext) -> str:
    """Rewrite href/src of sanitised HTML (nh3 writes every attribute in double quotes, and
    text can no longer contain a bare `href="`), for links from Markdown and raw HTML alike."""

    def replace(match: re.Match) -> str:
        new = _rewrite(html_unescape(match.group(2)), ctx)
        return "" if new is None else f' {match.group(1)}="{html_escape(new)}"'

    return _URL_ATTRIBUTE.sub(replace, html)


def _rewrite(url: str, ctx: LinkContext) -> str | None:
    target = content_link(url, ctx.source)
    if target is None:
        return url
    if not target.startswith("content/"):
        return None  # outside the content folder: never published
    fragment = urlsplit(url).fragment
    fragment = f"#{fragment}" if fragment else ""
    if target.endswith(".md"):
        page = ctx.page_for_source(target)
        return None if page is None else relative_url(page, ctx.page_url) + fragment
    if not ctx.file_exists(target):
        return None
    ctx.copied.add(target)
    return relative_url(output_path_of_content(target), ctx.page_url) + fragment


# An extension or inline pattern whose syntax a body does not contain leaves its HTML as it
# is, but still costs time on every block and every run of text (together about half of a
# plain Chinese body's conversion). A body is converted with only the extensions and core
# parts (PART_GROUPS) whose marks it holds: each test below is a superset of the syntax it acts
# on (Python-Markdown expands tabs before the inline patterns run). toc (heading ids, the
# page's contents) and sane_lists (every list) are always on. tests/site/
# test_markdown_extensions.py checks that the chosen ones give the same HTML as all of them.
_DEF_LIST_LINE = re.compile(r"^[ ]{0,3}:", re.MULTILINE)
EXTENSION_USED: dict[str, Callable[[str], bool]] = {
    "tables": lambda text: "|" in text,
    "admonition": lambda text: "!!!" in text,
    "attr_list": lambda text: "{" in text,
    "def_list": lambda text: _DEF_LIST_LINE.search(text) is not None,
    "footnotes": lambda text: "[^" in text,
    "abbr": lambda text: "*[" in text,
    "md_in_html": lambda text: "<" in text,
    "pymdownx.details": lambda text: "???" in text,
    "pymdownx.superfences": lambda text: "```" in text or "~~~" in text,
}


def _without(inline: tuple[str, ...] = (), blocks: tuple[str, ...] = ()) -> Callable[[markdown.Markdown], None]:
    """Take core inline patterns and block processors out of a converter."""

    def trim(md: markdown.Markdown) -> None:
        for name in inline:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        for name in blocks:
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)

    return trim


def _without_toc_marker(md: markdown.Markdown) -> None:
    """toc looks for its marker ("[TOC]") in the text of every element and serialises the table
    of contents as HTML for it (md.toc): a body without the marker needs neither. The heading
    ids and md.toc_tokens, which the pages use, are made before and stay as they are."""
    toc = md.treeprocessors["toc"]
    toc.marker = ""
    toc.build_toc_div = lambda toc_list: etree.Element("div")


# A horizontal rule is three or more *, - or _ (each run may be followed by up to two spaces); a
# tab becomes spaces and STX/ETX are removed before blocks are parsed, hence the looser test
# (a "-" anywhere keeps the rules and underlined headings: see PART_GROUPS).
_RULE_MARKS = re.compile(r"([_*])[ \t\x02\x03]*\1[ \t\x02\x03]*\1")

# Parts of Python-Markdown in groups a body without their marks does not need: core inline
# patterns (links, code, escapes, raw HTML and entities are rare in Chinese text and go
# together), block processors and the toc marker. Grouped so that a site needs few converters
# per extension set. Each test is a superset of the marks its parts act on.
PART_GROUPS: dict[str, tuple[Callable[[str], bool], Callable[[markdown.Markdown], None]]] = {
    "markup": (lambda text: any(c in text for c in "[`\\<&"),
               _without(inline=("backtick", "escape", "reference", "link", "image_link", "image_reference",
                                "short_reference", "short_image_ref", "autolink", "automail", "html", "entity"),
                        blocks=("reference",))),  # a link reference definition starts with [
    "emphasis": (lambda text: "*" in text or "_" in text, _without(inline=("em_strong", "em_strong2", "not_strong"))),
    "line break": (lambda text: "  \n" in text or "\t" in text or " \r" in text, _without(inline=("linebreak",))),
    "quote": (lambda text: ">" in text, _without(blocks=("quote",))),
    "rule and underlined heading": (lambda text: "=" in text or "-" in text or _RULE_MARKS.search(text) is not None,
                                    _without(blocks=("setextheader", "hr"))),
    "toc marker": (lambda text: "[TOC]" in text, _without_toc_marker),
}
Syntax = tuple[tuple[str, ...], tuple[str, ...]]  # (extensions used, part groups not used)
ALL_SYNTAX: Syntax = (tuple(EXTENSIONS), ())


def syntax_used(text: str) -> Syntax:
    """The extensions (in EXTENSIONS order) whose syntax may occur in text, and the part groups
    whose marks cannot."""
    extensions = tuple(name for name in EXTENSIONS if name not in EXTENSION_USED or EXTENSION_USED[name](text))
    return extensions, tuple(group for group, (used, _) in PART_GROUPS.items() if not used(text))


class BodyRenderer:
    """The per-process Markdown converters: one per syntax that bodies use (syntax_used), each
    built on first use and reset between documents."""

    def __init__(self, lang: str = "zh"):
        self.configs = dict(EXTENSION_CONFIGS, footnotes={"BACKLINK_TITLE": FOOTNOTE_BACKLINK.get(lang, FOOTNOTE_BACKLINK["zh"])})
        self.converters: dict[Syntax, markdown.Markdown] = {}

    def converter(self, syntax: Syntax) -> markdown.Markdown:
        md = self.converters.get(syntax)
        if md is None:
            extensions, unused_groups = syntax
            configs = {name: config for name, config in self.configs.items() if name in extensions}
            md = markdown.Markdown(extensions=list(extensions), extension_configs=configs, output_format="html")
            for group in unused_groups:
                PART_GROUPS[group][1](md)
            self.converters[syntax] = md
        return md

    def render(self, text: str, links: LinkContext | None = None, syntax: Syntax | None = None) -> RenderedBody:
        """Convert text with the syntax it uses (or the syntax given: tests pass ALL_SYNTAX)."""
        md = self.converter(syntax_used(text) if syntax is None else syntax)
        md.reset()
        html = finish_html(md.convert(text))
        if links is not None:
            html = rewrite_links(html, links)
        toc = list(getattr(md, "toc_tokens", []))
        return RenderedBody(html=html, toc=toc, files=sorted(links.copied) if links else [])


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, clean_content_tags={"script", "style"}, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def finish_html(html: str) -> str:
    html = sanitise(html)
    # A soft line break between two Chinese characters would show as a space: join the lines,
    # outside code only (in <pre> the line break is the content).
    if "<pre" in html or "<code" in html:
        parts = _CODE.split(html)
        html = "".join(part if i % 2 else _SOFT_BREAK_BETWEEN_CJK.sub("", part) for i, part in enumerate(parts))
    else:  # most bodies: no code, one pass
        html = _SOFT_BREAK_BETWEEN_CJK.sub("", html)
    if "<table" not in html:
        return html
    # Wide tables scroll inside Material's wrapper instead of widening the page on a phone;
    # the wrapper is focusable so that keyboard users can scroll it.
    html = _TABLE_OPEN.sub('<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table"><table', html)
    return html.replace("</table>", "</table></div></div>")


_renderers: dict[str, BodyRenderer] = {}


def renderer(lang: str = "zh") -> BodyRenderer:
    if lang not in _renderers:
        _renderers[lang] = BodyRenderer(lang)
    return _renderers[lang]


def render_markdown(text: str, links: LinkContext | None = None, lang: str = "zh") -> RenderedBody:
    return renderer(lang).render(text, links)
