"""Personal data in published text (去标识化, docs/disclosure.md#personal-data): ID-card numbers, mobile
numbers, personal e-mail addresses, bank card numbers and legacy 15-digit IDs.

What is scanned is what a reader would see (docs/personal-data.md): a body line as the
browser shows it (tags stripped, entities decoded, invisible characters removed, NFKC),
the front matter's parsed values (YAML escapes and `!!binary` decoded), and the text files
the site publishes — attachments and files a body links to (checks/attachment_text.py,
read by `check`). Numbers are read as people type them:
in groups with spaces, hyphens or dots between, with letters glued on (`TEL138…`). Files that
failed validation are scanned too, their whole text as body. Each hit carries the file's own
line number and, in the front matter, the key path it sits under (`keywords[0]`). Messages show
the number masked: CI logs are public, and a finding must not republish what it found.

Cost: a file's raw text is searched once by one compiled regex (`CANDIDATE`, or `PLAIN_CANDIDATE`
for text without markup or entities) for places where 11 digits stand close together or an @;
only those lines are normalised and read closely.

An entry that publishes personal data by law (惩戒性公示, `personal_data:` with its
basis) is still checked for these identifiers: the penalty-publication rules
(docs/disclosure.md#personal-data) require removing ID numbers, bank accounts and contact details even
there — the legal exception covers the party's name, not these numbers.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import identifiers
from ..model.findings import Findings
from ..model.source import SourceFile
from . import attachment_text, entry_index

# --- what a reader sees ---------------------------------------------------------------------
# Characters that take no room on the page: removed, so that 138<U+200B>0013… reads as one number.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
# Inline elements join the text around them (<b>138</b>0013…); any other tag separates, as a cell or
# a line break does on the page. Comments are not shown (nor published: nh3 drops them).
INLINE_TAGS = frozenset(["a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
                         "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
                         "sup", "time", "tt", "u", "var", "wbr"])
TAG = re.compile(r"<!--.*?(?:-->|$)|</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<[/!?][^<>]*>")


def _tag(m: re.Match) -> str:
    name = m.group(1)
    return "" if name is None and m.group(0).startswith("<!--") or name and name.lower() in INLINE_TAGS else " | "


def visible(line: str) -> str:
    """One line as a reader sees it: markup stripped, entities decoded, invisible characters
    removed, NFKC (full-width digits and letters, NBSP and U+3000 become ASCII)."""
    if "<" in line:
        line = TAG.sub(_tag, line)
    if "&" in line:
        line = html.unescape(line).replace("\n", " ")
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", line))


# --- finding the lines worth reading ----------------------------------------------------------
# In the raw text: a digit (ASCII, full-width or a numeric entity) followed by ten more, with only
# separators, invisible characters, Markdown emphasis, tags or named entities between them; or an @.
# One branch behind a leading character class, which the regex engine skips to quickly (an
# alternation of branches tried at every position is several times slower).
_RAW_DIGIT = r"(?:[0-9\uff10-\uff19]|&#[xX]?[0-9A-Fa-f]{1,6};)"
_GLUE_CHARS = (r"[ \t\-.*_~`\\\u00a0\u00ad\u00b7\u034f\u180e\u2000-\u2015\u2022\u2024\u2027\u202f\u205f-\u2064"
               r"\u2212\u3000\u30fb\ufe63\ufeff\uff0a\uff0d\uff0e\uff3f\uff65]")
_RAW_GLUE = rf"(?:{_GLUE_CHARS}|<[^<>\n]{{0,200}}>|&[A-Za-z][A-Za-z0-9]{{1,9}};)"
_TEN_MORE = rf"(?:{_RAW_GLUE}*+{_RAW_DIGIT}){{10}}"
CANDIDATE = re.compile(rf"[0-9\uff10-\uff19&@\uff20](?:(?<=[0-9\uff10-\uff19]){_TEN_MORE}|(?<=[@\uff20])"
                       rf"|(?<=&)(?:#0*64;|#[xX]0*40;|commat;|#[xX]?[0-9A-Fa-f]{{1,6}};{_TEN_MORE}))")
# The same for text without markup or entities (nearly every file: two substring tests tell), a
# quarter faster: the tag and entity branches are not tried at every digit.
PLAIN_CANDIDATE = re.compile(rf"[0-9\uff10-\uff19@\uff20](?:(?:{_GLUE_CHARS}*+[0-9\uff10-\uff19]){{10}}"
                             r"|(?<=[@\uff20]))")


def candidate_search(text: str):
    """The search method of the candidate regex that fits `text`."""
    return CANDIDATE.search if "<" in text or "&" in text else PLAIN_CANDIDATE.search

# --- reading numbers in visible text ------------------------------------------------------------
# What people put between the groups of a number: spaces (NBSP and U+3000 are spaces after NFKC),
# hyphens and dashes, dots, and Markdown emphasis or escapes (**138**0013…).
SEP = "[ \t\\-.*_~`\\\\\u2010-\u2015\u2212\u00b7\u2022\u2027\u30fb]"
RUN = re.compile(rf"(?<![0-9])[0-9]+(?:{SEP}{{1,3}}[0-9]+)*(?:[Xx](?![0-9A-Za-z]))?")
SPLIT = re.compile(f"{SEP}+")
MOBILE = re.compile(r"1[3-9][0-9]{9}\Z")
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])")
LONGEST = 21  # 0086 and a mobile number; nothing longer is read as one number

BANK_WORDS = ("账号", "帐号", "账户", "帐户", "卡号", "开户行", "开户银行", "银行")
ID_WORDS = ("身份证", "证件号", "公民身份号码")
# Reserved for examples (RFC 2606) and file names such as logo@2x.png: never anyone's mailbox.
_NOT_MAILBOX_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".png", ".jpg", ".jpeg", ".gif", ".svg",
                         ".webp", ".pdf")
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass
class Allowed:
    """What an office has declared public (site_config.yml privacy, agencies.yml contacts) and
    codes that look like numbers but are public identifiers (agency codes, 索引号 prefixes)."""

    phones: set[str]
    emails: set[str]
    domains: tuple[str, ...]
    codes: set[str]

    @classmethod
    def of_config(cls, config, agencies: dict) -> Allowed:
        """Without the catalog's 索引号 prefixes: what a loader worker knows before the catalog is read."""
        privacy = config.privacy
        phones = {_digits(p)[-11:] for p in privacy.allowed_phones}
        emails = {e.lower() for e in privacy.allowed_emails}
        for agency in agencies.values():
            phones.update(_digits(p)[-11:] for p in agency.phones)
            emails.update(e.lower() for e in agency.emails)
        contact = getattr(config, "contact", None)  # the site's own contact (site_config.yml), shown in every footer
        if contact is not None and contact.phone:
            phones.add(_digits(contact.phone)[-11:])
        if contact is not None and contact.email:
            emails.add(contact.email.lower())
        codes = {identifiers.normalise_code(a.code).replace("-", "") for a in agencies.values() if a.code}
        domains = tuple(d.lower().lstrip("@.") for d in privacy.allowed_email_domains)
        return cls(phones, emails, domains, codes)

    @classmethod
    def of(cls, site) -> Allowed:
        allowed = cls.of_config(site.config, site.agencies)
        index = entry_index.made(site)  # during the checks; an import or a rebuild normalises here
        normalised = set(index.normalised.values()) if index is not None \
            else {identifiers.normalise_index_no(e.index_no) for e in site.entries}
        for number in normalised:
            prefix = identifiers.index_prefix(number)
            if prefix:
                allowed.codes.add(prefix.replace("-", ""))
        return allowed

    def email_ok(self, address: str, domain: str) -> bool:
        domain = domain.lower()
        if address.lower() in self.emails or domain in _EXAMPLE_DOMAINS or domain.endswith(_NOT_MAILBOX_SUFFIXES):
            return True
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


def _digits(text: str) -> str:
    """ASCII digits only: full-width digits become ASCII, everything else is dropped."""
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(text)))


@dataclass
class FileScan:
    """What the loader's worker found in one file while it had the text (the parent keeps no text).
    A line whose verdict needs the whole site is kept as visible text in `deferred` and decided by `check`."""

    rel: str
    declared: bool  # the entry declares personal data published by law: messages say so
    findings: list = field(default_factory=list)  # Finding
    deferred: list = field(default_factory=list)  # (line number, front-matter key, visible line, line above)
    linked: list = field(default_factory=list)  # text files the body links to (attachment_text.linked_text_files)


@dataclass
class Scanner:
    """The per-file half of this check, sent to the loader's workers (generator/load/parallel.py)."""

    allowed: Allowed  # Allowed.of_config: the catalog's 索引号 prefixes are not known yet
    lang: str

    @classmethod
    def of(cls, config, agencies: dict, lang: str) -> Scanner:
        return cls(Allowed.of_config(config, agencies), lang)

    def scan(self, doc: SourceFile, record, links: list | None = None) -> FileScan | None:
        """Scan a file read into `doc` (or, for one that did not load, its text as body: record None);
        None when nothing was found. `links`: the body's links when the caller has read them
        (checks/published_files.py body_file_links)."""
        if not doc.text:
            return None
        declared = getattr(record, "personal_data", None) is not None
        result = FileScan(doc.rel, declared)
        findings = Findings(lang=self.lang)
        note = _note(self.lang) if declared else ""
        for number, key, line, previous in candidates(doc, codes=self.allowed.codes):
            found = list(numbers(line, previous))
            if _needs_site(found, self.allowed):
                result.deferred.append((number, key, line, previous))
                continue
            for code, level, masked in verdicts(found, line, None, self.allowed):
                findings.add(level, code, doc.rel, number, key, masked=masked, note=note)
        result.findings = findings.items
        if doc.body:
            if links is None:
                from .published_files import body_file_links

                links = body_file_links(doc.body, doc.rel)
            result.linked = attachment_text.linked_text_files(links)
        return result if result.findings or result.deferred or result.linked else None


def scan_file(doc: SourceFile, allowed: Allowed, as_of, declared: bool, findings: Findings,
              from_line: int = 1) -> None:
    """Scan one file's text with the whole site's verdicts (`Allowed.of(site)`, the site's date):
    what `gongkai import` reports for a new file, and a rebuild for an edited body (from its
    first line, `from_line`; the front matter's findings are the last build's)."""
    if not doc.text:
        return
    note = _note(findings.lang) if declared else ""
    for number, key, line, previous in candidates(doc, body_only=from_line > 1, codes=allowed.codes):
        for code, level, masked in scan_visible(line, previous, as_of, allowed):
            findings.add(level, code, doc.rel, number, key, masked=masked, note=note)


def _needs_site(found: list, allowed: Allowed) -> bool:
    """An ID number whose verdict a worker cannot give: a birth date after the site's date is no
    ID number, and a 索引号 prefix anywhere in the catalog is a public code. Real ID numbers are
    rare in content, so such lines are few."""
    return any(kind == "id" and value not in allowed.codes for kind, value in found)


def check(site, findings: Findings) -> None:
    """Every content file was scanned by the loader (site.scans, unreadable files too); the lines
    that needed the whole site are decided here, and the text attachments of entries that are or
    will be published are read."""
    allowed = Allowed.of(site)
    for result in site.scans:
        findings.extend(result.findings)
        note = _note(findings.lang) if result.declared else ""
        for number, key, line, previous in result.deferred:
            for code, level, masked in scan_visible(line, previous, site.as_of, allowed):
                findings.add(level, code, result.rel, number, key, masked=masked, note=note)
    scan_published_files(site, allowed, findings, {result.rel: result.linked for result in site.scans if result.linked})
    scan_settings(site, allowed, findings)


def scan_settings(site, allowed: Allowed, findings: Findings) -> None:
    """site_config.yml and agencies.yml: their values reach every page (the title, the footer, the
    agencies' names and duties), so they are read like a front matter. The offices' own phones and
    e-mail addresses declared there are what `Allowed` lets through."""
    import posixpath

    from ..load.document import read_yaml_file
    from ..load.site import CONFIG_FILE

    for rel in dict.fromkeys([CONFIG_FILE, posixpath.normpath(site.config.agencies_file.replace("\\", "/"))]):
        path = site.root / rel
        if posixpath.isabs(rel) or rel == ".." or rel.startswith("../") or not path.is_file():
            continue  # outside the site or missing: the loader refused it (CFG002, CFG003)
        loaded = read_yaml_file(path, site.root, Findings(lang=findings.lang))  # its YAML problems are the loader's
        if loaded is None or not isinstance(loaded[0], dict):
            continue
        doc = SourceFile(path=path, rel=path.relative_to(site.root).as_posix(), meta=loaded[0], key_lines=loaded[1])
        for number, key, line, previous in _value_lines(doc, allowed.codes):
            for code, level, masked in scan_visible(line, previous, site.as_of, allowed):
                findings.add(level, code, doc.rel, number, key, masked=masked)


def scan_published_files(site, allowed: Allowed, findings: Findings, linked: dict[str, list[str]]) -> None:
    """PII001–005 in the published text files (checks/attachment_text.py), each finding on the file's
    own path and line (a .docx: its paragraph; a .xlsx: its row, the cell as field); PII007 when a
    file cannot be read. `linked`: content file → the text files its body links to."""
    for rel, path, source, link in attachment_text.published_files(site, linked):
        note = _file_note(findings.lang, source, link)
        try:
            if rel.lower().endswith(".xlsx"):
                for row, cell, text in attachment_text.xlsx_cells(path):
                    for _, shown, _above in text_lines(text):
                        for code, level, masked in scan_visible(shown, "", site.as_of, allowed):
                            findings.add(level, code, rel, row, cell, masked=masked, note=note)
                continue
            text = attachment_text.docx_text(path) if rel.lower().endswith(".docx") \
                else attachment_text.read_text_file(path)
            for number, shown, above in text_lines(text):
                for code, level, masked in scan_visible(shown, above, site.as_of, allowed):
                    findings.add(level, code, rel, number, "", masked=masked, note=note)
        except Exception as exc:  # a damaged .docx/.xlsx is the library's to judge; the editor hears of it
            findings.warning("PII007", rel, 0, "", problem=f"{type(exc).__name__}: {exc}"[:200], note=note)


def _file_note(lang: str, source: str, link: bool) -> str:
    if lang == "zh":
        return f"（{source} {'正文链接的文件' if link else '的附件'}）"
    return f" ({'a file linked from' if link else 'an attachment of'} {source})"


# --- the lines of a file worth reading closely ---------------------------------------------------

def candidates(doc: SourceFile, body_only: bool = False, codes: set | frozenset = frozenset()):
    """(line number, key path, visible line, visible line above) of every candidate line: the
    front matter's parsed values first (`doc.meta`; a file that did not load has none, and its
    whole text is its body), then the body's lines. `codes`: public codes (Allowed.codes), so that
    a 索引号 made of one and a serial is passed over without a closer look."""
    if not body_only and doc.meta:
        yield from _value_lines(doc, codes)
    text, body = doc.text, doc.body
    # The loader keeps the body as the text's tail while the text is in hand; otherwise count lines.
    start = len(text) - len(body) if body and doc.body_line > 1 and text.endswith(body) else \
        _line_start(text, doc.body_line)
    for number, line, previous in text_lines(text, start, doc.body_line):
        yield number, "", line, previous


def text_lines(text: str, start: int = 0, first_line: int = 1):
    """(line number, visible line, visible line above) of each line of `text` from offset `start` (the
    start of line `first_line`) on which CANDIDATE matches: one regex search per candidate line."""
    number, pos = first_line, start
    search = candidate_search(text)
    while True:
        m = search(text, pos)
        if m is None:
            return
        line_start = text.rfind("\n", pos, m.start()) + 1 or pos
        number += text.count("\n", pos, line_start)
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        above = text[text.rfind("\n", start, line_start - 1) + 1 or start:line_start - 1] if line_start > start else ""
        yield number, visible(text[line_start:end]), visible(above) if above else ""
        if end >= len(text):
            return
        pos, number = end + 1, number + 1


def _line_start(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            return len(text)
    return pos


_MAX_DEPTH = 16  # as deep as load.py records key lines; no content type nests further


def front_matter_values(meta: dict) -> list[tuple]:
    """(key path, text) of every scalar the front matter holds, as parsed: strings, numbers (a
    mobile number written without quotes is an int) and `!!binary` bytes. Shared values (YAML
    aliases) are visited once, so an alias bomb costs no more than its text. The path of an item
    of a top-level list of strings is left as (key, index) until it is needed (`_path`)."""
    out: list[tuple] = []
    seen: set[int] = set()
    for key, value in meta.items():
        kind = type(value)
        if kind is str:  # nearly every value, and keyword lists: no call
            out.append((key, value))
        elif kind is list and all(type(item) is str for item in value):
            out.extend(((key, i), item) for i, item in enumerate(value))
        else:
            _walk(value, key, 1, out, seen)
    return out


def _path(path) -> str:
    return path if isinstance(path, str) else f"{path[0]}[{path[1]}]"


def _walk(value, path: str, depth: int, out: list, seen: set) -> None:
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, (bytes, bytearray)):
        out.append((path, bytes(value).decode("utf-8", "replace")))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out.append((path, str(value)))
    elif isinstance(value, (dict, list)) and depth <= _MAX_DEPTH and id(value) not in seen:
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                _walk(item, f"{path}.{key}", depth + 1, out, seen)
        else:
            for i, item in enumerate(value):
                _walk(item, f"{path}[{i}]", depth + 1, out, seen)


def _value_lines(doc: SourceFile, codes):
    """The candidate lines of the front matter's values: one search over all of them joined (a
    match never crosses the line break between two values), then the values it hit. Every catalog
    entry's 索引号 starts with its agency's code, a candidate; when that code is a public one and
    the rest holds no candidate, the value is passed over."""
    values = front_matter_values(doc.meta)
    joined = "\n".join([text for _, text in values])
    search = candidate_search(joined)
    m = search(joined)
    if m is None:
        return
    starts, offset = [], 0
    for _, text in values:
        starts.append(offset)
        offset += len(text) + 1
    while m is not None:
        k = bisect_right(starts, m.start()) - 1
        path, text = values[k]
        m = search(joined, starts[k] + len(text) + 1)
        if path == "index_no":
            prefix, _, rest = text.partition("/")
            if prefix.upper() in codes and not search(rest):
                continue
        path = _path(path)
        line = doc.line_of(path)
        for _, shown, above in text_lines(text):
            yield line, path, shown, above


# --- reading one visible line -----------------------------------------------------------------------

def numbers(line: str, above: str):
    """(kind, value) of each number a reader would read on a visible line: "id" (18 characters with a
    past birth date and check character; the site's date and public codes are decided by the caller),
    "mobile", "bank" (Luhn, with a bank word on the line or the line `above`) or "id15" (an ID word there).
    Groups separated by SEP are joined when they form one number: every group has at least three
    digits, except a leading 86 (country code) and the short last group of a bank account."""
    for m in RUN.finditer(line):
        run = m.group(0)
        if len(run) < 11:
            continue
        start, end = m.span()
        if start and end < len(line) and line[start - 1].isascii() and line[start - 1].isalpha() \
                and line[end].isascii() and line[end].isalpha():
            continue  # inside a word of letters and digits (a hash, a file name): no one reads a number there
        groups = SPLIT.split(run)
        context = above + line
        i = 0
        while i < len(groups):
            best, best_j, digits = None, i, ""
            for j in range(i, len(groups)):
                group = groups[j]
                if j > i:
                    if len(groups[j - 1]) < 3 and not (j - 1 == i and groups[i] == "86"):
                        break  # a short group ends a number (after a leading country code 86)
                    if len(group) < 3 and not 16 <= len(digits) + len(group) <= 19:
                        break  # … or is the last group of a bank account
                digits += group
                if len(digits) > LONGEST:
                    break
                found = _kind(digits, context)
                if found:
                    best, best_j = found, j
            if best:
                yield best
                i = best_j + 1
            else:
                i += 1


def _kind(digits: str, context: str):
    n = len(digits)
    if digits[-1] in "Xx":
        if n == 18 and digits[0] != "0" and identifiers.is_id_number(digits.upper(), None):
            return "id", digits.upper()
        digits, n = digits[:-1], n - 1  # a letter glued on after the number (13912345678x)
    if n == 18 and digits[0] != "0" and identifiers.is_id_number(digits, None):
        return "id", digits
    if n in (11, 13, 15):
        mobile = digits[-11:]
        if MOBILE.match(mobile) and digits[:-11] in ("", "86", "0086"):
            return "mobile", mobile
    if 16 <= n <= 19 and any(w in context for w in BANK_WORDS) and identifiers.luhn_ok(digits):
        return "bank", digits
    if n == 15 and digits[0] != "0" and identifiers.yyyymmdd("19" + digits[6:12]) \
            and any(w in context for w in ID_WORDS):
        return "id15", digits
    return None


def scan_visible(line: str, previous: str, as_of, allowed: Allowed):
    """(code, level, masked value) of each identifier on one visible line (`visible`); `previous` is
    the line above, where the keyword of a bank account or ID number may stand. `as_of` None: no
    birth date is in the future."""
    return verdicts(numbers(line, previous), line, as_of, allowed)


def verdicts(found, line: str, as_of, allowed: Allowed):
    """scan_visible for the numbers already read from `line`."""
    for kind, value in found:
        if kind == "id":
            # A USCC of all digits has the same shape, but positions 7–14 are not a birth date there, so
            # is_id_number (real past date + check character) already tells them apart (docs/disclosure.md#personal-data).
            if value not in allowed.codes and identifiers.is_id_number(value, as_of):
                yield "PII001", "error", value[:6] + "********" + value[-4:]
        elif kind == "mobile":
            if value not in allowed.phones:
                yield "PII002", "error", value[:3] + "****" + value[-4:]
        elif kind == "bank":
            yield "PII004", "error", value[:4] + "****" + value[-4:]
        else:
            yield "PII005", "warning", value[:6] + "*****" + value[-4:]
    if "@" in line:
        for m in EMAIL.finditer(line):
            if not allowed.email_ok(m.group(0), m.group(2)):
                yield "PII003", "error", m.group(1)[:1] + "***@" + m.group(2)


def _note(lang: str) -> str:
    if lang == "zh":
        return "。本条目虽声明了依法公示的个人信息（personal_data），但依法公示只涵盖被公示对象的名称，证件号、银行账号和联系方式仍须删除"
    return ". Although this entry declares personal data published by law (personal_data), that covers the " \
           "party's name only: ID numbers, bank accounts and contact details must still be removed"
