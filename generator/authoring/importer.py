"""`gongkai import FILE…`: legacy documents (text, HTML, Word .docx) → draft catalog entries.

For each file: read it into blocks (import_read), recover flattened and
tab-separated tables (import_tables), recognise what the document states about
itself and clean the body (import_text), find the issuing agency in agencies.yml,
give it the next free 索引号, and write content/catalog/<agency>/<year>/<serial>.md
with `draft: true`, so nothing imported is published before a person has reviewed
it. Then the written file is scanned with the same personal-data check that
`gongkai check` runs, and every hit is listed.

Exit codes: 0 all files imported, 1 some file could not be imported (the others
still are), 2 usage or configuration problem.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..load.document import read_document
from ..model import vocab
from ..model.findings import Findings, format_text
from ..model.identifiers import parse_index_no, same_agency_code
from ..text.console import console
from . import serials, templates
from .import_read import read_blocks
from .import_tables import flattened_tables, tab_tables
from .import_text import Recognised, clean, read_dates, read_metadata_block, render_body, split_head
from .new import UsageError, free_name, write_new


def recognise(path: Path) -> tuple[Recognised, str]:
    """What the document says about itself, and its body as Markdown."""
    blocks = clean(flattened_tables(tab_tables(read_blocks(path))))
    found = Recognised()
    blocks = read_metadata_block(blocks, found)
    body = split_head(blocks, found)
    read_dates(body, found)
    if found.label_title and not found.title:
        found.title = found.label_title
    return found, render_body(body)


def find_agency(found: Recognised, agencies: dict):
    """The issuing body: by the 文号's 代字, else by a name in the title, signature or 版头."""
    if found.doc_no and "〔" in found.doc_no:
        prefix = found.doc_no.split("〔", 1)[0]
        for agency in agencies.values():
            if prefix in agency.doc_prefixes:
                return agency
    places = [found.issuer or "", found.title, *found.signatures,
              "".join(found.header).replace(" ", "").removesuffix("文件")]
    by_length = sorted(agencies.values(), key=lambda a: -len(a.name))
    for text in filter(None, places):
        for agency in by_length:
            if text.startswith(agency.name) or text == agency.short_name:
                return agency
    for text in filter(None, places):
        for agency in by_length:
            if agency.name in text:
                return agency
    return None


def _year(found: Recognised) -> int:
    for date in (found.written, found.printed, found.published):
        if date:
            return date.year
    if found.doc_no and (m := re.search(r"〔(\d{4})〕", found.doc_no)):
        return int(m.group(1))
    if m := re.search(r"(19|20)\d{2}", found.title):
        return int(m.group(0))
    return dt.date.today().year


def import_file(path: Path, site, agency_id: str | None, taken: dict) -> Path:
    found, body = recognise(path)
    if not found.title:
        raise UsageError("import.no_title", site.lang)
    agency = site.agencies[agency_id] if agency_id else find_agency(found, site.agencies)
    if agency is None:
        raise UsageError("import.no_agency", site.lang, title=found.title)
    if not agency.code:
        raise UsageError("import.no_code", site.lang, agency=agency.id)
    year = _year(found)
    index_no = _legacy_index_no(site.root, found, agency, taken) \
        or serials.allocate(site.root, agency.code, year, taken.setdefault((agency.id, year), set()))
    values = {
        "title": found.title,
        "index_no": index_no,
        "agency": agency.id,
        "doc_no": found.doc_no,
        "written": found.written,
        "published": found.published or found.printed or found.written,
        "genre": found.genre,
        "disclosure": found.disclosure or vocab.PUBLIC,
        "draft": True,
    }
    text = templates.front_matter_with_note(values, _note(path, found, site.lang)) + "\n" + body
    folder = site.root / "content" / "catalog" / agency.id / str(year)
    return write_new(free_name(folder, index_no.rsplit("-", 1)[1]), text, site.lang)


def _legacy_index_no(root: Path, found: Recognised, agency, taken: dict) -> str | None:
    """The document's own 索引号 (from its old catalog page), kept when it belongs to this agency
    and is not in use: an index number never changes (docs/identifiers.md#serial-allocation). Otherwise None: a new one is given."""
    parsed = parse_index_no(found.index_no) if found.index_no else None
    if parsed is None or not same_agency_code(parsed.prefix, agency.code):
        return None
    in_use = serials.used_serials(serials.numbers_in_tree(root / "content") + serials.numbers_in_branches(root),
                                  agency.code, parsed.year)
    mine = taken.setdefault((agency.id, parsed.year), set())
    if int(parsed.serial) in in_use | mine:
        return None
    mine.add(int(parsed.serial))
    return parsed.text


def _note(path: Path, found: Recognised, lang: str) -> str:
    """What the reviewer of the draft must check, in the site's language (comments atop its front matter)."""
    notes = [console(lang, "import.note", file=path.name)]
    if found.written is None:
        notes.append(console(lang, "import.note.no_written"))
    if found.published is None and found.printed:
        notes.append(console(lang, "import.note.printed", date=found.printed.isoformat()))
    if found.index_no:
        notes.append(console(lang, "import.note.index_no", index_no=found.index_no))
    return "\n".join(notes)


def report_personal_data(path: Path, site) -> None:
    """Scan the new file with the personal-data check of `gongkai check` and list what it finds."""
    from ..checks.personal_data import Allowed, scan_file

    scratch = Findings(lang=site.lang)
    doc = read_document(path, site.root, scratch)
    if doc is None:
        return
    findings = Findings(lang=site.lang)
    scan_file(doc, Allowed.of(site), site.as_of, False, findings)
    if len(findings):
        print(console(site.lang, "import.personal_data", count=len(findings)))
        print("\n".join("  " + line for line in format_text(findings.sorted(), site.lang).splitlines()))
