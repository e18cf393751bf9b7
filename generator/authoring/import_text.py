"""Turning the blocks of a legacy document into metadata and a clean Markdown body.

Steps: drop extraction debris (stray URLs, page numbers, rules, repeated blank
lines), split the head (版头, 文号, title) from the body, read the metadata the
document states (文号, title, 成文日期, 印发日期, 公开方式, signature), re-join
lines that a page or column break cut mid-sentence, fix 文号 brackets cited in
the text, and write headings, paragraphs and tables as Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model.identifiers import normalise_doc_no, normalise_doc_nos_in_text
from .import_read import Block, Line, Table
from .import_tables import markdown_table, tighten, width

_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
_PAGE_NUMBER = re.compile(r"^(—\s*\d{1,3}\s*—|-\s*\d{1,3}\s*-|第\s*\d{1,3}\s*页(\s*共\s*\d+\s*页)?|\d{1,3})$")
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})$")
_HEADING_MARK = re.compile(r"^#{1,6}\s*")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_DOC_NO_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[(（【﹝„“\"]\s*\d{4}\s*[〕\])）】﹞‟”\"]\s*\d{1,5}\s*号$")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_MARKER = re.compile(r"^([一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|附件|附：|[一二三四五六七八九十]是)")
_ENDS_SENTENCE = re.compile(r"[。！？：:；;」』”]$")
_GENRE_BY_ENDING = ("通知", "意见", "决定", "通告", "公告", "通报", "报告", "请示", "批复", "函", "纪要", "决议", "命令", "公报", "议案")
_DISCLOSURE = re.compile(r"^\**\s*(公开方式|公开属性)\s*\**\s*[:：]\s*\**\s*(主动公开|依申请公开|不予公开)")
_COPY_TO = re.compile(r"^(抄送|抄报)\s*[:：]")
_PRINTED = re.compile(r"印发$")


@dataclass
class Recognised:
    """What the document itself says about itself."""

    title: str = ""
    doc_no: str | None = None
    written: dt.date | None = None
    printed: dt.date | None = None  # 印发日期
    disclosure: str | None = None
    signatures: list[str] = field(default_factory=list)  # lines just above a date: the issuing body
    header: list[str] = field(default_factory=list)  # 版头 lines (…文件)
    genre: str | None = None
    # From a catalog metadata block copied with the document (a web page's 索引号/发文机关/… table):
    index_no: str | None = None  # the legacy 索引号: kept when it is free, since it must never change
    issuer: str | None = None  # 发文机关 / 发布机构 as written
    published: dt.date | None = None  # 发布日期 on the old site
    label_title: str | None = None


_ISO_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def to_date(text: str) -> dt.date | None:
    """2018年6月28日, 2018 年 6 月 28 日, or 2018-06-28 / 2018.6.28 in a metadata block."""
    match = _DATE.search(text) or _ISO_DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# --- a catalog metadata block (索引号 · 发文机关 · 成文日期 …) -------------------------------------

_LABELS = {"索引号": "index_no", "标题": "title", "名称": "title", "信息名称": "title", "发文字号": "doc_no",
           "文号": "doc_no", "文件编号": "doc_no", "成文日期": "written", "发布日期": "published",
           "发文日期": "published", "发文机关": "issuer", "发布机构": "issuer", "发文机构": "issuer"}
_LABEL_LINE = re.compile(rf"^\s*({'|'.join(sorted(_LABELS, key=len, reverse=True))})\s*[:：]\s*(.*)$")


def _apply_label(found: Recognised, label: str, value: str) -> None:
    value = value.strip()
    if not value:
        return
    key = _LABELS[label]
    if key == "index_no":
        found.index_no = value
    elif key == "title":
        found.label_title = tighten(value)
    elif key == "doc_no":
        found.doc_no = normalise_doc_no(value).value
    elif key == "written":
        found.written = to_date(value) or found.written
    elif key == "published":
        found.published = to_date(value) or found.published
    elif key == "issuer":
        found.issuer = tighten(value)


def _label_pairs(cells: list[str]) -> list[tuple[str, str]]:
    """Label and value cells side by side (标签 | 值 | 标签 | 值 …), or `标签：值` in one cell."""
    pairs = []
    for i, cell in enumerate(cells):
        text = cell.strip().rstrip("：:").strip()
        if text in _LABELS and i + 1 < len(cells):
            pairs.append((text, cells[i + 1]))
        elif m := _LABEL_LINE.match(cell):
            pairs.append((m.group(1), m.group(2)))
    return pairs


def read_metadata_block(blocks: list[Block], found: Recognised) -> list[Block]:
    """Take a metadata table or `标签：值` lines from the top of the document into `found`
    and leave them out of the body (they are front matter now)."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            pairs = _label_pairs([c for row in block.rows for c in row])
            if len(pairs) >= 3:
                for label, value in pairs:
                    _apply_label(found, label, value)
                continue
        elif i < 25 and (m := _LABEL_LINE.match(block.text)) and _LABELS[m.group(1)] != "title":
            _apply_label(found, m.group(1), m.group(2))
            continue
        out.append(block)
    return out


def is_debris(text: str) -> bool:
    return bool(_URL.match(text) or _PAGE_NUMBER.match(text) or _RULE.match(text))


def clean(blocks: list[Block]) -> list[Block]:
    """Blank lines, stray URLs, page numbers and rules out; Markdown heading marks kept for later."""
    return [b for b in blocks if isinstance(b, Table) or (b.text.strip() and not is_debris(b.text.strip()))]


def _plain(text: str) -> str:
    return _HEADING_MARK.sub("", text).replace("**", "").strip()


# --- head: 版头, 文号, title --------------------------------------------------------------------

def split_head(blocks: list[Block], found: Recognised) -> list[Block]:
    """Read the head (up to the 主送 line or the first sentence) into `found`; return the body."""
    head: list[str] = []
    body_start = len(blocks)
    for i, block in enumerate(blocks[:15]):
        if isinstance(block, Table):
            body_start = i
            break
        text = _plain(block.text)
        if _DOC_NO_LINE.match(text) and not found.doc_no:
            found.doc_no = normalise_doc_no(text).value
            continue
        if text.endswith(("：", ":")) or width(text) > 60 or _DATE_LINE.match(text) or _MARKER.match(text):
            body_start = i
            break
        head.append(text)
    else:
        body_start = min(len(blocks), 15)
    # 版头: everything up to a line ending in 文件 ("党 政 办 公 室 文 件").
    for i, text in enumerate(head):
        if re.sub(r"\s+", "", text).endswith("文件"):
            found.header, head = head[: i + 1], head[i + 1:]
            break
    found.title = tighten("".join(head))
    ending = next((t for t in _GENRE_BY_ENDING if found.title.endswith(t)), None)
    found.genre = ending
    return blocks[body_start:]


# --- tail: signature, dates, 公开方式, 抄送 / 印发 -------------------------------------------------

def read_dates(body: list[Block], found: Recognised) -> None:
    lines = [_plain(b.text) for b in body if isinstance(b, Line)]
    for i, text in enumerate(lines):
        if _PRINTED.search(text.replace(" ", "")) and (date := to_date(text)):
            found.printed = date
        elif _DATE_LINE.match(text) and found.written is None:
            found.written = to_date(text)
            if i:
                found.signatures.append(tighten(lines[i - 1]))
        if m := _DISCLOSURE.match(text):
            found.disclosure = m.group(2)


# --- body ---------------------------------------------------------------------------------------

def _typical_width(lines: list[str]) -> float:
    widths = sorted(width(t) for t in lines if t)
    return widths[int(len(widths) * 0.9)] if widths else 0


def _is_heading(text: str, typical: float) -> bool:
    return bool(_SECTION.match(text)) and width(text) < 0.9 * typical and not _ENDS_SENTENCE.search(text)


def _is_footer(text: str) -> bool:
    return bool(_COPY_TO.match(text) or _PRINTED.search(text.replace(" ", "")))


def _joins(current: str, following: str, typical: float) -> bool:
    """Was `following` cut from `current` by a line or page break?

    Hard-wrapped text (a PDF: lines of about `typical` characters) joins a line that
    fills the width; a sentence that ends exactly at the margin joins too unless the
    next line starts a numbered item. Soft-wrapped text (one line per paragraph) joins
    only a line that stops mid-sentence."""
    if _DATE_LINE.match(current) or _DATE_LINE.match(following) or _MARKER.match(following):
        return False
    if _is_footer(current) or _is_footer(following) or _is_heading(current, typical):
        return False
    hard_wrapped = typical < 45
    if _ENDS_SENTENCE.search(current):
        return hard_wrapped and current.endswith("。") and width(current) >= 0.95 * typical
    return width(current) >= (0.6 * typical if hard_wrapped else 20)


@dataclass
class Para:
    text: str
    heading: int = 0  # Markdown level, 0 for a paragraph
    break_after: bool = False  # a signature: hard line break before the date


def paragraphs(body: list[Block]) -> list[Para | Table]:
    lines = [b.text for b in body if isinstance(b, Line)]
    typical = _typical_width([_plain(t) for t in lines if not _HEADING_MARK.match(t)])
    out: list[Para | Table] = []
    previous_raw = ""
    for block in body:
        if isinstance(block, Table):
            out.append(block)
            previous_raw = ""
            continue
        raw = block.text
        text = _plain(raw)
        marked = bool(_HEADING_MARK.match(raw))
        last = out[-1] if out else None
        if (isinstance(last, Para) and not last.heading and not marked and previous_raw
                and _joins(last.text.rsplit("\n", 1)[-1], text, typical)):
            last.text += text
        else:
            out.append(Para(text, heading=_heading_level(raw, text, typical)))
        previous_raw = raw
    return out


def _heading_level(raw: str, text: str, typical: float) -> int:
    if _HEADING_MARK.match(raw):
        return 3 if _SECTION.match(text) else 2
    if _is_heading(text, typical):
        return 3
    return 0


def _table_title(paras: list[Para | Table]) -> None:
    """A short line right before a table is its title (方案、清单…): make it a heading."""
    for i, item in enumerate(paras[1:], 1):
        before = paras[i - 1]
        if isinstance(item, Table) and isinstance(before, Para) and not before.heading \
                and width(before.text) <= 40 and not _ENDS_SENTENCE.search(before.text):
            before.heading = 2


def _attachment_title(paras: list[Para | Table]) -> None:
    """A short line right after the signature's date starts an attached document (印发的要点): a heading."""
    for i, item in enumerate(paras[1:], 1):
        before = paras[i - 1]
        if isinstance(item, Para) and isinstance(before, Para) and _DATE_LINE.match(before.text) \
                and not item.heading and width(item.text) <= 30 and not _ENDS_SENTENCE.search(item.text) \
                and not _is_footer(item.text) and not _MARKER.match(item.text):
            item.heading = 2


def _levels(paras: list[Para | Table]) -> None:
    """Sections (一、) are level 2 unless the body has level-2 titles (an attached plan): then level 3."""
    has_titles = any(isinstance(p, Para) and p.heading == 2 for p in paras)
    for p in paras:
        if isinstance(p, Para) and p.heading == 3 and not has_titles:
            p.heading = 2


def render_body(body: list[Block]) -> str:
    paras = paragraphs(body)
    _table_title(paras)
    _attachment_title(paras)
    _levels(paras)
    out: list[str] = []
    footer: list[str] = []
    for _i, item in enumerate(paras):
        if isinstance(item, Table):
            out += markdown_table(item.rows) + [""]
            continue
        if _is_footer(item.text):  # 版记 (抄送, 印发): after a rule, as on paper
            parts = re.split(r"\s{2,}", item.text.strip())
            footer.append("　　".join(normalise_doc_nos_in_text(tighten(p)) for p in parts))
            continue
        text = normalise_doc_nos_in_text(tighten(item.text))
        if _DISCLOSURE.match(text):
            continue  # kept in front matter (disclosure)
        if item.heading:
            out += ["#" * item.heading + " " + text, ""]
        elif _DATE_LINE.match(item.text) and out and out[-1] == "" and len(out) >= 2 and not out[-2].startswith(("#", "|")):
            out[-2] += "  "  # signature then date: a hard line break, as in the printed layout
            out[-1:] = [text, ""]
        else:
            out += [text, ""]
    if footer:
        out += ["---", ""] + [line for f in footer for line in (f, "")]
    return "\n".join(out).strip() + "\n"
