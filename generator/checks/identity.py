"""Identity of catalog entries: 索引号 (format, codes, year, uniqueness) and 文号
(normalised form, year, duplicates within an agency). Rules: docs/identifiers.md#index-numbers, #document-numbers.

These checks read the raw front matter of every catalog file, not only the files
that passed validation: a file with a typo elsewhere still holds its 索引号, and
a duplicate must be reported in the same run as the typo. The per-file half (`identify`)
runs in the loader's worker that read the file (checks.FileChecks), so the parent keeps no
front matter; `check` compares what the workers found across files.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import identifiers
from ..model.findings import Findings
from ..model.source import SourceFile

CATALOG_PREFIX = "content/catalog/"


def catalog_folder(rel: str) -> str:
    """The agency folder of a catalog file (content/catalog/<agency>/…/<name>.md), "" for a file
    directly in content/catalog/ or outside it. The folder decides who reviews the file
    (CAT091) and which shard checks it."""
    parts = rel.split("/") if rel.startswith(CATALOG_PREFIX) else ()
    return parts[2] if len(parts) >= 4 else ""


@dataclass(slots=True)  # one per catalog file, held by the site through the build
class FileIdentity:
    """One catalog file's identifiers as the duplicate checks compare them, and its own findings."""

    rel: str
    index: tuple[str, int] | None = None  # (normalised 索引号, line)
    doc_no: tuple[str, str, int] | None = None  # (agency, 文号 as compared, line)
    findings: list = field(default_factory=list)  # Finding


def identify(doc: SourceFile, agencies: dict, lang: str) -> FileIdentity | None:
    """The per-file checks of a loaded catalog file (None for other files)."""
    if not doc.rel.startswith(CATALOG_PREFIX):
        return None
    findings = Findings(lang=lang)
    result = FileIdentity(doc.rel)
    for key in INVISIBLE_CHECKED:
        check_invisible(doc, key, findings)
    index_key = check_index_no(agencies, doc, findings)
    if index_key:
        result.index = (index_key, doc.line_of("index_no"))
    doc_no = check_doc_no(agencies, doc, findings)
    agency = meta_text(doc, "agency")
    if doc_no and agency:
        result.doc_no = (agency, doc_no, doc.line_of("doc_no"))
    result.findings = findings.items
    return result


def meta_text(doc: SourceFile, key: str) -> str | None:
    """A scalar front-matter value as text (numbers too: an index number may be all digits), without
    invisible characters: those are reported on their own (CAT007), and a 索引号 or 文号 that differs
    from another only by one is the same identifier to a reader, so compared as such."""
    value = doc.meta.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = without_invisible(value).strip() if isinstance(value, str) else str(value)
    return text or None


# --- invisible characters ----------------------------------------------------------------------

INVISIBLE_CHECKED = ("title", "index_no", "doc_no")
_LABELS_ZH = {"title": "标题", "index_no": "索引号", "doc_no": "文号"}
# Characters with no glyph that look like nothing yet make two identifiers differ: format and control
# characters (zero-width space, joiners, BOM, direction marks), line separators and the Hangul fillers.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp"}
_INVISIBLE_EXTRA = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"}
_NAMES_ZH = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\ufeff": "零宽不换行空格（BOM）",
             "\u00ad": "软连字符", "\u2060": "词连接符", "\u200e": "从左到右标记", "\u200f": "从右到左标记",
             "\u202e": "从右到左覆盖符", "\u0000": "空字符（NUL）"}


def _is_invisible(ch: str) -> bool:
    return ch in _INVISIBLE_EXTRA or (unicodedata.category(ch) in _INVISIBLE_CATEGORIES and ch not in "\t\n")


def without_invisible(text: str) -> str:
    # str.isprintable is False for every format, control and separator character: one C loop decides
    return text if text.isprintable() else "".join(ch for ch in text if not _is_invisible(ch))


def check_invisible(doc: SourceFile, key: str, findings: Findings) -> None:
    """CAT007 for each invisible character in a title, 索引号 or 文号, named with its position."""
    value = doc.meta.get(key)
    if not isinstance(value, str) or value.isprintable():
        return
    for position, ch in enumerate(value, 1):
        if _is_invisible(ch):
            name = _NAMES_ZH.get(ch) if findings.lang == "zh" else None
            name = name or unicodedata.name(ch, "").title() or "control character"
            code_point = f"U+{ord(ch):04X}"
            findings.error("CAT007", doc.rel, doc.line_of(key), key, char=f"{code_point} {name}", position=position,
                           label=_LABELS_ZH[key] if findings.lang == "zh" else key,
                           value="“" + value[:80].replace(ch, f"[{code_point}]") + "”")


def meta_date(doc: SourceFile, key: str) -> dt.date | None:
    value = doc.meta.get(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def check(site, findings: Findings) -> None:
    seen_index: dict[str, list[tuple[str, int]]] = defaultdict(list)
    seen_doc_no: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for result in site.identities:
        findings.extend(result.findings)
        if result.index:
            seen_index[result.index[0]].append((result.rel, result.index[1]))
        if result.doc_no:
            seen_doc_no[result.doc_no[:2]].append((result.rel, result.doc_no[2]))
    report_duplicates(seen_index, findings)
    report_duplicate_doc_nos(seen_doc_no, findings)


# --- 索引号 -----------------------------------------------------------------------------------

def check_index_no(agencies: dict, doc: SourceFile, findings: Findings) -> str | None:
    """Check one file's 索引号; return its normalised form for the uniqueness check."""
    raw = meta_text(doc, "index_no")
    if raw is None:
        return None  # missing or of the wrong type: the model already reported it
    line = doc.line_of("index_no")
    parsed = identifiers.parse_index_no(raw)
    if parsed is None:
        findings.error("CAT003", doc.rel, line, "index_no", value=raw)
        return identifiers.normalise_index_no(raw)
    problem = prefix_problem(agencies, doc, parsed, findings.lang)
    if problem:
        findings.warning("CAT005", doc.rel, line, "index_no", prefix=parsed.prefix, problem=problem)
    years = {d.year for d in (meta_date(doc, "written"), meta_date(doc, "published")) if d}
    if years and parsed.year not in years:
        findings.warning("CAT006", doc.rel, line, "index_no", year=parsed.year,
                         years="、".join(str(y) for y in sorted(years)))
    return parsed.text


def prefix_problem(agencies: dict, doc: SourceFile, parsed: identifiers.IndexNo, lang: str) -> str | None:
    agency = agencies.get(meta_text(doc, "agency") or "")
    if agency is not None and agency.code:
        if identifiers.same_agency_code(parsed.prefix, agency.code):
            return None
        return (f"与发布机构 {agency.id} 在 agencies.yml 中的代码 {agency.code} 不一致" if lang == "zh"
                else f"differs from the code {agency.code} of {agency.id} in agencies.yml")
    if parsed.prefix_valid:
        return None
    kind = parsed.prefix_kind
    if lang == "zh":
        return {"uscc": "不是有效的统一社会信用代码（校验位不符）",
                "org": "不是有效的组织机构代码（校验位不符）"}.get(kind, "既不是组织机构代码也不是统一社会信用代码")
    return {"uscc": "is not a valid unified social credit code (check character)",
            "org": "is not a valid organisation code (check character)"}.get(
        kind, "is neither an organisation code nor a unified social credit code")


def report_duplicates(seen: dict[str, list[tuple[str, int]]], findings: Findings) -> None:
    """Every file that shares an index number gets a finding naming the others ((file, line) each)."""
    for value, places in seen.items():
        if len(places) < 2:
            continue
        for i, (rel, line) in enumerate(places):
            others = "、".join(f"{o_rel}:{o_line}" for j, (o_rel, o_line) in enumerate(places) if j != i)
            findings.error("CAT004", rel, line, "index_no", value=value, other=others)


# --- 文号 ------------------------------------------------------------------------------------

def check_doc_no(agencies: dict, doc: SourceFile, findings: Findings) -> str | None:
    """Check one file's 文号; return the normalised form for the duplicate check."""
    raw = meta_text(doc, "doc_no")
    if raw is None:
        return None
    line = doc.line_of("doc_no")
    result = identifiers.normalise_doc_no(raw)
    zh = findings.lang == "zh"
    if result.problem in ("malformed", "short_year"):
        problem = {"short_year": ("：年份应写全四位，如〔2018〕" if zh else ": write the year in full, e.g. 〔2018〕"),
                   "malformed": ""}[result.problem]
        findings.error("CAT031", doc.rel, line, "doc_no", value=result.value, problem=problem)
        return result.value
    if result.changed:
        findings.warning("CAT030", doc.rel, line, "doc_no", original=raw, value=result.value)
    if result.problem == "di_or_zero":
        findings.warning("CAT032", doc.rel, line, "doc_no", value=result.value, suggestion=result.suggestion)
    written = meta_date(doc, "written")
    if result.year and written and result.year != written.year:
        findings.warning("CAT033", doc.rel, line, "doc_no", doc_year=result.year, year=written.year)
    check_doc_prefix(agencies, doc, result, findings, line)
    return result.suggestion or result.value


def check_doc_prefix(agencies: dict, doc: SourceFile, result: identifiers.DocNo, findings: Findings,
                     line: int) -> None:
    """CAT034: the 代字 should be one the agency declared (only when agencies.yml lists them)."""
    agency = agencies.get(meta_text(doc, "agency") or "")
    if agency is None or not agency.doc_prefixes or result.form != "ordinary":
        return
    prefix = result.value.split("〔", 1)[0]
    if not any(prefix.startswith(p) for p in agency.doc_prefixes):
        findings.warning("CAT034", doc.rel, line, "doc_no", prefix=prefix, agency=agency.id,
                         allowed="、".join(agency.doc_prefixes))


def report_duplicate_doc_nos(seen: dict[tuple[str, str], list[tuple[str, int]]], findings: Findings) -> None:
    for (agency, value), places in seen.items():
        if len(places) < 2:
            continue
        for i, (rel, line) in enumerate(places):
            others = "、".join(o_rel for j, (o_rel, _) in enumerate(places) if j != i)
            findings.warning("CAT035", rel, line, "doc_no", value=value, agency=agency, other=others)
