"""References between files: agencies, folders, superseded_by, attachments and media,
and the codes in agencies.yml (docs/identifiers.md#agency-codes, docs/disclosure.md#validity, docs/design.md#content-layout).

Attachment paths come from editors and may be hostile (`../../etc/passwd`): they
are resolved lexically and refused before anything touches the disk, and a file
inside content/ is only ever stat()-ed here, never opened.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from ..load.document import read_yaml_file
from ..load.validate import short, suggest
from ..model import identifiers
from ..model.findings import Findings
from . import entry_index, published_files
from .identity import catalog_folder

_OUTSIDE_MARKERS = re.compile(r"^(?:/|~|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]*:)")


def check(site, findings: Findings) -> None:
    index = entry_index.of(site).by_number
    for entry in site.entries:
        doc = entry.source
        check_agency(site, entry, doc, findings)
        check_folder(entry, doc, findings)
        check_superseded(entry, doc, index, findings)
        for i, attachment in enumerate(entry.attachments):
            check_file(site, doc, attachment.file, f"attachments[{i}].file", findings)
    for item in site.interpretations:
        check_agency(site, item, item.source, findings)
        for i, media in enumerate(item.media):
            if media.file:
                check_file(site, item.source, media.file, f"media[{i}].file", findings)
    check_agency_codes(site, findings)


def check_agency(site, record, doc, findings: Findings) -> None:
    if record.agency in site.agencies:
        return
    # An editor may type the agency's name instead of its id: suggest the id either way.
    by_name = {a.name: a.id for a in site.agencies.values()} | {a.short_name: a.id for a in site.agencies.values()
                                                                 if a.short_name}
    if record.agency in by_name:
        hint = f"，是否应为 {by_name[record.agency]}？" if findings.lang == "zh" else f" (did you mean {by_name[record.agency]}?)"
    else:
        hint = suggest(record.agency, sorted(site.agencies), findings.lang)
    findings.error("CAT090", doc.rel, doc.line_of("agency"), "agency", value=short(record.agency), suggestion=hint)


def check_folder(entry, doc, findings: Findings) -> None:
    """content/catalog/<agency>/<year>/<name>.md: the folder decides the reviewers (CODEOWNERS),
    so a file in another agency's folder would be approved by the wrong department."""
    folder = catalog_folder(doc.rel)
    if folder != entry.agency:
        findings.error("CAT091", doc.rel, doc.line_of("agency"), "agency", value=entry.agency,
                       folder=folder or "catalog")


def check_superseded(entry, doc, index: dict, findings: Findings) -> None:
    if entry.superseded_by:
        target = index.get(identifiers.normalise_index_no(entry.superseded_by))
        line = doc.line_of("superseded_by")
        if target is None:
            findings.error("CAT061", doc.rel, line, "superseded_by", value=short(entry.superseded_by))
        elif target.index_no != entry.superseded_by:  # the page links to the new version by the exact text
            findings.error("CAT064", doc.rel, line, "superseded_by", key="superseded_by",
                           value=short(entry.superseded_by), exact=target.index_no, target=target.source.rel)
    elif entry.validity == "已修订":
        findings.warning("CAT063", doc.rel, doc.line_of("validity"), "superseded_by", value=entry.validity)


def content_path(doc_rel: str, file: str) -> str | None:
    """The site-relative path of `file` (relative to the document) when it stays inside content/,
    decided on the text alone; None for absolute paths, URLs, drive letters and any ../ escape."""
    file = file.replace("\\", "/").strip()
    if not file or "\x00" in file or _OUTSIDE_MARKERS.match(file):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_rel), file))
    return joined if joined.startswith("content/") else None


def check_file(site, doc, file: str, field: str, findings: Findings) -> None:
    line = doc.line_of(field)
    rel = content_path(doc.rel, file)
    if rel is None:
        findings.error("CAT081", doc.rel, line, field, value=short(file))
        return
    # Lexically inside; a symbolic link could still lead out. realpath only reads links, it opens nothing.
    target = os.path.realpath(site.root / rel)
    content = os.path.realpath(site.content_dir)
    if os.path.commonpath([target, content]) != content:
        findings.error("CAT081", doc.rel, line, field, value=short(file))
    elif not os.path.lexists(site.root / rel):
        findings.error("CAT080", doc.rel, line, field, value=short(file))
    else:  # there: is it a file that may be published (generator/checks/published_files.py)?
        published_files.report(findings, published_files.guard_for(site), doc.rel, line, field, rel, short(file))


def check_agency_codes(site, findings: Findings) -> None:
    """AGY003: each agency's code should pass its check character (it is the 索引号 prefix)."""
    bad = {a.id: identifiers.code_problem(a.code) for a in site.agencies.values() if a.code}
    bad = {k: v for k, v in bad.items() if v}
    if not bad:
        return
    path = site.root / site.config.agencies_file
    lines = agency_code_lines(path, site.root)
    rel = Path(site.config.agencies_file).as_posix()
    for agency_id, problem in bad.items():
        line, field = lines.get(agency_id, (0, "code"))
        code = site.agencies[agency_id].code
        if findings.lang != "zh":
            problem = "check character or length does not match"
        findings.warning("AGY003", rel, line, field, value=code, problem=problem)


def agency_code_lines(path: Path, root: Path) -> dict[str, tuple[int, str]]:
    """Agency id → (line, key path) of its `code` in agencies.yml; read again only when a code is bad."""
    scratch = Findings()
    loaded = read_yaml_file(path, root, scratch)
    if loaded is None:
        return {}
    data, key_lines = loaded
    items = data.get("agencies") if isinstance(data, dict) else data
    prefix = "agencies" if isinstance(data, dict) else ""
    out = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and "id" in item:
            key = f"{prefix}[{i}].code"
            out[str(item["id"])] = (key_lines.get(key, 0), key)
    return out
