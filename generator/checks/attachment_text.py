"""The text of published files, for the personal-data scan (checks/personal_data.py reads it,
docs/personal-data.md): a CSV or TXT file line by line, a Word .docx paragraph by paragraph
(python-docx; each table row is one paragraph, its cells separated by " | "), an Excel .xlsx
cell by cell (openpyxl, read-only, values as last saved).

Read are the attachments of entries that are or will be published (主动公开, not a draft; a
scheduled entry is published on its date by a build that does not check again) and the files
that the body of such an entry, or of any page, interpretation or report that is not a draft,
links to (the build copies those). A file is opened only when the file guard lets it be published
(load/file_guard.py: a regular file inside content/ by real path, within max_file_mb); anything
else is reported by checks/references.py or checks/published_files.py and left alone here.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..load.file_guard import FileGuard
from ..model import vocab

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
READ_SUFFIXES = TEXT_SUFFIXES + (".docx", ".xlsx")
def linked_text_files(links: list[tuple[str, int, str]]) -> list[str]:
    """Site-relative paths of the readable files among a body's links (what the build would copy;
    `links`: checks/published_files.py body_file_links, the file check's reading of them)."""
    return list(dict.fromkeys(target for target, _, _ in links if target.lower().endswith(READ_SUFFIXES)))


def published_files(site, linked: dict[str, list[str]]) -> list[tuple[str, Path, str, bool]]:
    """(site-relative path, real path, the content file that lists or links it, whether it links it) of each readable
    file that is or will be published: the attachments of public entries, the files that the
    bodies of records that are not withheld link to (`linked`: source → paths). Each file once."""
    from .references import content_path

    guard = FileGuard.of(site.root, site.config)  # what may be published is what may be read (load/file_guard.py)
    seen: set[str] = set()
    out = []

    def add(rel: str | None, source: str, link: bool = False) -> None:
        if rel is None or rel in seen or not rel.lower().endswith(READ_SUFFIXES):
            return
        if guard.problem(rel) is not None:
            return  # checks/references.py and checks/published_files.py report it
        real = os.path.realpath(site.root / rel)
        seen.add(rel)
        out.append((rel, Path(real), source, link))

    shown = {}
    for entry in site.entries:
        if entry.draft or entry.disclosure != vocab.PUBLIC:
            continue
        shown[entry.source.rel] = True
        for attachment in entry.attachments:
            add(content_path(entry.source.rel, attachment.file), entry.source.rel)
    for record in (*site.interpretations, *site.pages):
        if not record.draft and record.source is not None:
            shown[record.source.rel] = True
    for report in site.reports:
        if not report.draft:
            shown[report.rel] = True
    for source, paths in linked.items():
        if source in shown:
            for rel in paths:
                add(rel, source, True)
    return out


def read_text_file(path: Path) -> str:
    """A text attachment's text: UTF-8 (with or without BOM), else GB18030, which is what Excel in
    Chinese saves a CSV as; line ends as in content files."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def docx_text(path: Path) -> str:
    """A .docx as text, one line per paragraph in document order (so a line number is a paragraph
    number): body paragraphs and table rows, then the headers and footers."""
    return "\n".join(text.replace("\n", " | ") for text in _docx_paragraphs(path))


def _docx_paragraphs(path: Path):
    import docx

    document = docx.Document(str(path))
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                yield " | ".join(cell.text for cell in row.cells)
        else:
            yield block.text
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                yield from (paragraph.text for paragraph in part.paragraphs)


def xlsx_cells(path: Path):
    """(row number, "Sheet!B3", text) of each non-empty cell of a .xlsx."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                for column, value in enumerate(row, 1):
                    if value is not None and not isinstance(value, bool):
                        yield row_number, f"{sheet.title}!{get_column_letter(column)}{row_number}", str(value)
    finally:
        book.close()
