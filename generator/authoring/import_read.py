"""Reading legacy documents for `gongkai import`: plain text, HTML and Word .docx → blocks.

A document becomes a list of blocks: `Line` (one line of running text as extracted,
still with page-break debris) or `Table` (rows of cell texts). Tables found in the
markup (HTML <table>, Word tables) are kept as tables here; tables flattened into
text lines are recovered later by generator/authoring/import_tables.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Line:
    text: str
    cell_end: bool = False  # the extracted line ended with a space: PDF text runs end a block that way


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


Block = Line | Table


class ReadError(Exception):
    """The file cannot be read as a document (message in Chinese)."""


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
        raise ReadError(f"{path} 既不是 UTF-8 也不是 GBK 编码的文本")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")


def text_blocks(text: str) -> list[Block]:
    # Tabs are kept: a leading tab is an empty first cell of a tab-separated row.
    return [Line(line.strip(" "), cell_end=line.endswith(" ")) for line in text.split("\n")]


# --- HTML -------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
               "header", "footer", "blockquote", "pre", "hr", "ul", "ol", "title"}
_SKIP_TAGS = {"script", "style", "head", "nav", "noscript"}


class _HtmlToBlocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[Table] = []  # nested tables: innermost last
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.heading: str | None = None

    def _flush(self):
        text = re.sub(r"[ \t]+", " ", "".join(self.text)).strip()
        self.text = []
        if not text:
            return
        if self.heading:
            text = "#" * int(self.heading[1]) + " " + text
        self.blocks.append(Line(text))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.tables.append(Table())
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.tables:
            self.cell = []
        elif self.cell is not None and tag in ("p", "br", "div", "li"):
            self.cell.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = tag

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_cell_text("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.tables:
            if any(self.row):
                self.tables[-1].rows.append(self.row)
            self.row = None
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            if table.rows:
                self.blocks.append(table)
        elif tag in _BLOCK_TAGS and self.cell is None:
            self._flush()
            self.heading = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.text.append(data)

    def close(self):
        super().close()
        self._flush()


def _cell_text(text: str) -> str:
    parts = [re.sub(r"\s+", " ", p).strip() for p in text.split("\n")]
    return "\n".join(p for p in parts if p)


def html_blocks(html: str) -> list[Block]:
    parser = _HtmlToBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


# --- Word .docx (python-docx) -------------------------------------------------------------------

def _read_docx(path: Path) -> list[Block]:
    try:
        import docx  # python-docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise ReadError("读取 .docx 需要 python-docx：pip install python-docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a damaged or non-Word file: python-docx raises several types
        raise ReadError(f"{path} 不是有效的 Word .docx 文件（{type(exc).__name__}）")
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
            rows = []
            for row in table.rows:
                cells = [_cell_text(cell.text) for cell in row.cells]
                rows.append(_dedupe_merged(cells))
            blocks.append(Table([r for r in rows if any(r)]))
    return blocks


def _dedupe_merged(cells: list[str]) -> list[str]:
    """python-docx repeats a horizontally merged cell once per grid column; keep it once."""
    out: list[str] = []
    for cell in cells:
        if out and cell and cell == out[-1]:
            out.append("")
        else:
            out.append(cell)
    return out
