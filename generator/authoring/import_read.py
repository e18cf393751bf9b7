"""Reading legacy documents for `gongkai import`: plain text, HTML and Word .docx → blocks.

A document becomes a list of blocks: `Line` (one line of running text as extracted,
still with page-break debris) or `Table` (rows of cell texts). Tables found in the
markup (HTML <table>, Word tables) are kept as tables here; tables flattened into
text lines are recovered later by generator/authoring/import_tables.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text.console import ConsoleError


@dataclass
class Line:
    text: str
    cell_end: bool = False  # the extracted line ended with a space: PDF text runs end a block that way


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


Block = Line | Table


class ReadError(ConsoleError):
    """The file cannot be read as a document (`gongkai import` words it in the site's language)."""


def read_blocks(path: Path) -> list[Block]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    text = _decode(path)
    if suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
        return html_blocks(text)
    return text_blocks(text)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # legacy offices often saved GBK text
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError("import.not_text", path=path)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")


def text_blocks(text: str) -> list[Block]:
    # Tabs are kept: a leading tab is an empty first cell of a tab-separated row.
    return [Line(line.strip(" "), cell_end=line.endswith(" ")) for line in text.split("\n")]


# --- HTML -------------------------------------------------------------------------------------
# Parsed by lxml's HTML parser, which closes what HTML lets an author leave open (`</td>`, `</tr>`,
# `</p>`) and keeps a table nested in a cell inside that cell, as a browser does.

_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
               "header", "footer", "blockquote", "pre", "hr", "ul", "ol", "title", "dl", "dt", "dd",
               "main", "aside", "address", "figure", "figcaption", "caption"}
_SKIP_TAGS = {"script", "style", "head", "nav", "noscript", "template"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_blocks(html: str) -> list[Block]:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments
        return []
    walker = _HtmlToBlocks()
    walker.element(root)
    walker.flush()
    return walker.blocks


class _HtmlToBlocks:
    """Running text between block elements becomes one Line; a <table> becomes a Table."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.text: list[str] = []

    def flush(self, heading: str | None = None) -> None:
        text = re.sub(r"[ \t]+", " ", "".join(self.text)).strip()
        self.text = []
        if text:
            self.blocks.append(Line("#" * int(heading[1]) + " " + text if heading else text))

    def element(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions: no tag
        if tag in _SKIP_TAGS or not tag:
            return
        if tag == "table":
            self.flush()
            rows = _table_rows(el)
            if rows:
                self.blocks.append(Table(rows))
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.text.append(el.text or "")
        for child in el:
            self.element(child)
            self.text.append(child.tail or "")
        if block:
            self.flush(tag if tag in _HEADINGS else None)


def _table_rows(table) -> list[list[str]]:
    """The rows of this table, not of a table nested in one of its cells."""
    rows = []
    for row in table.iter("tr"):
        if next(row.iterancestors("table")) is not table:
            continue
        cells = [_cell_text(_cell_content(cell)) for cell in row if cell.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return rows


def _cell_content(el) -> str:
    """A cell's text, a line per paragraph; a nested table gives a line per row."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            parts += ["\n" + " ".join(cell for cell in row if cell) for row in _table_rows(child)] + ["\n"]
        elif tag and tag not in _SKIP_TAGS:
            newline = "\n" if tag in _BLOCK_TAGS else ""
            parts += [newline, _cell_content(child), newline]
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(text: str) -> str:
    parts = [re.sub(r"\s+", " ", p).strip() for p in text.split("\n")]
    return "\n".join(p for p in parts if p)


# --- Word .docx (python-docx) -------------------------------------------------------------------

def _read_docx(path: Path) -> list[Block]:
    try:
        import docx  # python-docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise ReadError("import.needs_docx") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a damaged or non-Word file: python-docx raises several types
        raise ReadError("import.bad_docx", path=path, error=type(exc).__name__) from exc
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.replace("\u3000", " ").strip()
            style = (paragraph.style.name or "") if paragraph.style is not None else ""
            level = re.match(r"Heading (\d)", style)
            blocks.append(Line(("#" * int(level.group(1)) + " " + text) if level and text else text))
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = [_row_texts(row.cells) for row in table.rows]
            blocks.append(Table([r for r in rows if any(r)]))
    return blocks


def _row_texts(cells) -> list[str]:
    """python-docx gives a horizontally merged cell once per grid column, as the same cell element:
    keep its text once. Two cells that merely hold the same text (`0 | 0`) stay two cells."""
    out: list[str] = []
    for i, cell in enumerate(cells):
        merged = i > 0 and cell._tc is cells[i - 1]._tc
        out.append("" if merged else _cell_text(cell.text))
    return out
