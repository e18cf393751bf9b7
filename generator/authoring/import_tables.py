"""Recovering tables from extracted text, and writing tables as Markdown.

Two shapes occur in legacy material (text extracted from old web pages and PDFs):

- tab-separated rows, sometimes with HTML paragraph tags left inside cells
  (seed 004): consecutive lines with tabs form a table, the first is the header;
- a table flattened by PDF extraction into one short line per visual line
  (seed 003): the column header (工作任务 具体要求 落实单位 完成时限) repeats at
  the top of every page. Cells are recovered from what the lines look like: a
  numbered requirement (`12.`) starts a row; a deadline starts with a year or
  长期工作; the units start with 各县/市…; the short lines before a requirement
  name the task. Lines ending in a space close a cell (how the extractor ends a
  text run). One row per numbered requirement, the task, units and deadline
  repeated on each row they span (the merged cells of the original).
"""

from __future__ import annotations

import re
import unicodedata

from ..model.identifiers import normalise_doc_nos_in_text
from .import_read import Block, Line, Table

# --- widths -----------------------------------------------------------------------------

def width(text: str) -> float:
    """Display width in CJK characters: wide characters count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})\s+(?=[0-9A-Za-z{_CJK[1:-1]}])|(?<=[0-9A-Za-z])\s+(?={_CJK})")


def tighten(text: str) -> str:
    """Drop the spaces a PDF extractor puts between Chinese characters and digits (`2021 年 9 月`).
    A wider gap between two Chinese words is kept as one space: it was set on purpose, as between
    the names of joint issuers (中共广东省委  广东省人民政府)."""
    def gap(match: re.Match) -> str:
        between_words = re.match(_CJK, match.string[match.start() - 1]) and re.match(_CJK, match.string[match.end()])
        return " " if len(match.group(0)) >= 2 and between_words else ""

    text = text.strip()
    return _CJK_SPACE.sub(gap, text)


# --- Markdown output ----------------------------------------------------------------------

def _md_cell(text: str) -> str:
    text = text.replace("|", "\\|")
    return "<br>".join(normalise_doc_nos_in_text(tighten(part)) for part in text.split("\n") if part.strip())


def markdown_table(rows: list[list[str]]) -> list[str]:
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    head, *body = rows
    lines = ["| " + " | ".join(_md_cell(c) for c in head) + " |",
             "|" + " --- |" * ncols]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body]
    return lines


# --- tab-separated rows (seed 004) --------------------------------------------------------

_P_TAG = re.compile(r"</?p\b[^>]*>", re.I)


def _tab_cell(text: str) -> str:
    """`<p>a</p> <p>b</p>` → 'a\\nb' (one paragraph per line inside the cell)."""
    parts = [p.strip() for p in _P_TAG.split(text)]
    return "\n".join(p for p in parts if p)


def _is_tab_row(text: str, continuing: bool) -> bool:
    """A tab between two cells starts a table; once in one, a row may begin with a tab (an empty,
    merged first cell) or end with one."""
    return "\t" in text.strip("\t ") or (continuing and "\t" in text)


def tab_tables(blocks: list[Block]) -> list[Block]:
    """Runs of two or more lines containing tabs become a Table."""
    out: list[Block] = []
    run: list[str] = []

    def close():
        if len(run) >= 2:
            out.append(Table([[_tab_cell(c) for c in line.split("\t")] for line in run]))
        else:
            out.extend(Line(text) for text in run)
        run.clear()

    for block in blocks:
        if isinstance(block, Line) and _is_tab_row(block.text, continuing=bool(run)):
            run.append(block.text.rstrip())
        elif isinstance(block, Line) and run and not block.text.strip():
            continue  # blank lines between rows
        else:
            close()
            out.append(block)
    close()
    return out


# --- flattened tables (seed 003) ----------------------------------------------------------

_HEADER_WORDS = {"工作任务", "具体要求", "落实单位", "完成时限", "责任单位", "牵头单位", "序号", "事项",
                 "工作内容", "时限", "工作要点", "具体措施", "主要内容", "备注", "时间", "内容"}
_HEADER_TOKEN = re.compile(rf"^{_CJK}{{2,6}}$")
_ITEM = re.compile(r"^\d{1,2}[.．、](?!\d*%)")
_DEADLINE = re.compile(r"^(\d{4}\s*年|长期工作)")
_UNITS = re.compile(r"^(各县|各区|各镇|各地|各级|市|区|县)")
PAGE_BREAK = "\x00page"  # stands for a repeated column header (a new page)
_FOOTER = re.compile(r"^(公开方式|抄送|附件|（此件)")


def _header_tokens(text: str) -> list[str] | None:
    tokens = text.split()
    if 3 <= len(tokens) <= 8 and all(_HEADER_TOKEN.match(t) for t in tokens):
        return tokens
    return None


def find_header(lines: list[str]) -> str | None:
    """The column-header line of a flattened table: repeated (a page header) or made of usual column names."""
    counts: dict[str, int] = {}
    for text in lines:
        if _header_tokens(text):
            counts[text] = counts.get(text, 0) + 1
    for text, n in counts.items():
        if n >= 2 or len(set(text.split()) & _HEADER_WORDS) >= 2:
            return text
    return None


def _kind(segment: list[Line]) -> str:
    first = segment[0].text
    widest = max(width(line.text) for line in segment)
    if _ITEM.match(first):
        return "item"
    if _DEADLINE.match(first) and width(first) <= 7:
        return "deadline"
    if _UNITS.match(first) and widest <= 8.5:
        return "units"
    if widest <= 6:
        return "task"
    return "more"  # the requirement text goes on (after a page break or a split)


def _segments(lines: list[Line]) -> list[list[Line]]:
    """Cut the lines into cells: at a line that ended with a space, and before a line that
    obviously starts a new cell (a numbered requirement, a deadline, the units)."""
    segments: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        starts_cell = _ITEM.match(line.text) or (_DEADLINE.match(line.text) and width(line.text) <= 7) \
            or line.text.startswith("各县（市、区）")
        if current and starts_cell:
            segments.append(current)
            current = []
        current.append(line)
        if line.cell_end:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def _join(segment: list[Line]) -> str:
    return "".join(line.text for line in segment)


def rebuild_rows(header: list[str], lines: list[Line]) -> list[list[str]]:
    """Rows of a four-column task table (task · requirement · units · deadline)."""
    rows: list[list[str]] = []
    group: list[list[str]] = []  # rows sharing the units and deadline still to come
    group_closed = False  # the group's deadline has been read
    task = ""
    segments = _segments(lines)
    kinds = ["page" if s[0].text == PAGE_BREAK else _kind(s) for s in segments]
    for i, (segment, kind) in enumerate(zip(segments, kinds)):
        previous = kinds[i - 1] if i else ""
        following = kinds[i + 1] if i + 1 < len(kinds) else ""
        text = _join(segment)
        if kind == "task":
            # A task name cut by a page break goes on at the top of the next page, before more text.
            continues = previous == "task" or (previous == "page" and following != "item" and task)
            if continues:
                old, task = task, task + text
                for row in rows:
                    if row[0] == old:
                        row[0] = task
            else:
                task = text
        elif kind == "item":
            if group_closed:
                group, group_closed = [], False
            row = [task, text, "", ""]
            rows.append(row)
            group.append(row)
        elif kind == "more" and rows:
            rows[-1][1] += text
        elif kind == "units":
            for row in group:
                row[2] = row[2] + text if row[2] and (group_closed or previous in ("units", "page")) else text
        elif kind == "deadline":
            for row in group:
                row[3] = row[3] + text if row[3] and previous == "deadline" else text
            group_closed = True
    ncols = len(header)
    return [r[:ncols] + [""] * (ncols - len(r)) for r in rows]


def flattened_tables(blocks: list[Block]) -> list[Block]:
    """Find the repeated column header; the lines from it to the document's footer become a Table."""
    texts = [b.text for b in blocks if isinstance(b, Line)]
    header_text = find_header(texts)
    if header_text is None:
        return blocks
    header = header_text.split()
    if len(header) != 4:
        return blocks  # only the task-table shape is rebuilt; other shapes stay text for a person
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Line) and b.text == header_text)
    end = next((i for i in range(start + 1, len(blocks))
                if isinstance(blocks[i], Line) and _FOOTER.match(blocks[i].text)), len(blocks))
    lines = []
    for block in blocks[start + 1:end]:
        if not isinstance(block, Line) or not block.text:
            continue
        lines.append(Line(PAGE_BREAK, True) if block.text == header_text else block)
    rows = rebuild_rows(header, lines)
    if not rows:
        return blocks
    return blocks[:start] + [Table([header] + rows)] + blocks[end:]
