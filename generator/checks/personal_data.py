"""Personal data in published text (去标识化, docs/disclosure.md#personal-data): ID-card numbers, mobile
numbers, personal e-mail addresses, bank card numbers and legacy 15-digit IDs.

Every content file is scanned as text — front matter and body, files that failed
validation too — so each hit carries the file's own line number and, in the front
matter, the key it sits under. Messages show the number masked: CI logs are public,
and a finding must not republish what it found.

An entry that publishes personal data by law (惩戒性公示, `personal_data:` with its
basis) is still checked for these identifiers: the penalty-publication rules
(docs/disclosure.md#personal-data) require removing ID numbers, bank accounts and contact details even
there — the legal exception covers the party's name, not these numbers.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import identifiers
from ..model.findings import Findings
from ..model.source import SourceFile

# Digits: ASCII and full-width (１３６…), which documents typed with a Chinese input method contain.
# The shapes are matched here; dates and check characters are verified in code (identifiers).
D = "[0-9\uff10-\uff19]"
_B = r"(?<![0-9A-Za-z\uff10-\uff19])"  # not glued to a longer code
_E = r"(?![0-9A-Za-z\uff10-\uff19])"
ID18 = re.compile(_B + rf"[1-9\uff11-\uff19]{D}{{16}}[0-9Xx\uff10-\uff19\uff38\uff58]" + _E)
ID15 = re.compile(_B + rf"[1-9\uff11-\uff19]{D}{{14}}" + _E)
MOBILE = re.compile(_B + rf"(?:\+?86[- ]?)?([1\uff11][3-9\uff13-\uff19]{D}(?:[- ]?{D}{{4}}){{2}})" + _E)
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])")
BANK = re.compile(_B + rf"({D}{{16,19}}|{D}{{4}}(?:[- ]{D}{{4}}){{3}}(?:[- ]?{D}{{1,3}})?)" + _E)

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
    def of_config(cls, config, agencies: dict) -> "Allowed":
        """Without the catalog's 索引号 prefixes: what a loader worker knows before the catalog is read."""
        privacy = config.privacy
        phones = {_digits(p)[-11:] for p in privacy.allowed_phones}
        emails = {e.lower() for e in privacy.allowed_emails}
        for agency in agencies.values():
            phones.update(_digits(p)[-11:] for p in agency.phones)
            emails.update(e.lower() for e in agency.emails)
        codes = {identifiers.normalise_code(a.code).replace("-", "") for a in agencies.values() if a.code}
        domains = tuple(d.lower().lstrip("@.") for d in privacy.allowed_email_domains)
        return cls(phones, emails, domains, codes)

    @classmethod
    def of(cls, site) -> "Allowed":
        allowed = cls.of_config(site.config, site.agencies)
        for entry in site.entries:
            parsed = identifiers.parse_index_no(entry.index_no)
            if parsed:
                allowed.codes.add(parsed.prefix.replace("-", ""))
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
    A line whose verdict needs the whole site is kept as text in `deferred` and decided by `check`."""

    rel: str
    declared: bool  # the entry declares personal data published by law: messages say so
    findings: list = field(default_factory=list)  # Finding
    deferred: list = field(default_factory=list)  # (line number, front-matter key, line, line above)


@dataclass
class Scanner:
    """The per-file half of this check, sent to the loader's workers (generator/load/parallel.py)."""

    allowed: Allowed  # Allowed.of_config: the catalog's 索引号 prefixes are not known yet
    lang: str

    @classmethod
    def of(cls, config, agencies: dict, lang: str) -> "Scanner":
        return cls(Allowed.of_config(config, agencies), lang)

    def scan(self, doc: SourceFile, record) -> FileScan | None:
        """Scan a file read into `doc` (or, for one that did not load, its text as body: record None);
        None when nothing was found."""
        if not doc.text:
            return None
        declared = getattr(record, "personal_data", None) is not None
        result = FileScan(doc.rel, declared)
        findings = Findings(lang=self.lang)
        note = _note(self.lang) if declared else ""
        lines = _Lines(doc)
        for number, line, previous in lines.candidates():
            if _needs_site(line, self.allowed):
                result.deferred.append((number, lines.field(number), line, previous))
                continue
            for code, level, masked in scan_line(line, previous, None, self.allowed):
                findings.add(level, code, doc.rel, number, lines.field(number), masked=masked, note=note)
        result.findings = findings.items
        return result if result.findings or result.deferred else None


def scan_file(doc: SourceFile, allowed: Allowed, as_of, declared: bool, findings: Findings,
              from_line: int = 1) -> None:
    """Scan one file's text with the whole site's verdicts (`Allowed.of(site)`, the site's date):
    what `gongkai import` reports for a new file, and a rebuild for an edited body (from its
    first line, `from_line`; the front matter's findings are the last build's)."""
    if not doc.text:
        return
    note = _note(findings.lang) if declared else ""
    lines = _Lines(doc)
    for number, line, previous in lines.candidates():
        if number < from_line:
            continue
        for code, level, masked in scan_line(line, previous, as_of, allowed):
            findings.add(level, code, doc.rel, number, lines.field(number), masked=masked, note=note)


def _needs_site(line: str, allowed: Allowed) -> bool:
    """An ID-number-shaped value whose verdict a worker cannot give: a birth date after the site's
    date is no ID number, and a 索引号 prefix anywhere in the catalog is a public code. Real ID
    numbers are rare in content, so such lines are few."""
    for m in ID18.finditer(line):
        value = unicodedata.normalize("NFKC", m.group(0)).upper()
        if value not in allowed.codes and identifiers.is_id_number(value, None):
            return True
    return False


def check(site, findings: Findings) -> None:
    """Every content file was scanned by the loader (site.scans, unreadable files too); the lines
    that needed the whole site are decided here."""
    allowed = Allowed.of(site)
    for result in site.scans:
        findings.extend(result.findings)
        note = _note(findings.lang) if result.declared else ""
        for number, key, line, previous in result.deferred:
            for code, level, masked in scan_line(line, previous, site.as_of, allowed):
                findings.add(level, code, result.rel, number, key, masked=masked, note=note)


# Every identifier above contains 11 consecutive digits, two 4-digit groups, or an @: lines without
# one of these cannot hold a hit, and in Chinese prose that rules out almost every line at C speed.
# Written as one branch behind a leading character class, which the regex engine skips to quickly
# (an alternation of three branches tried at every position was eight times slower).
CANDIDATE = re.compile(rf"[0-9\uff10-\uff19@](?:{D}{{10}}|{D}{{3}}[- ]{D}{{4}}|(?<=@))")


class _Lines:
    """The candidate lines of a file, with their numbers and front-matter keys."""

    def __init__(self, doc: SourceFile):
        self.doc = doc
        self.key_starts: list[int] | None = None  # sorted on the first front-matter hit only
        self.key_names: list[str] = []

    def candidates(self):
        """(line number, line text, previous line text) of each line with a candidate."""
        text, line, pos, last_start = self.doc.text, 1, 0, -1
        for m in CANDIDATE.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            if start == last_start:
                continue
            line += text.count("\n", pos, start)
            pos = last_start = start
            end = text.find("\n", start)
            prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start else 0
            yield line, text[start:end if end >= 0 else len(text)], text[prev_start:start]

    def field(self, line: int) -> str:
        if line >= self.doc.body_line:
            return ""
        if self.key_starts is None:
            keys = sorted(self.doc.key_lines.items(), key=lambda kv: (kv[1], len(kv[0])))
            self.key_starts = [number for _, number in keys]
            self.key_names = [name for name, _ in keys]
        i = bisect_right(self.key_starts, line) - 1
        return self.key_names[i] if i >= 0 else ""


def scan_line(line: str, previous: str, as_of, allowed: Allowed):
    """(code, level, masked value) of each identifier on one line; `previous` is the line above,
    where the keyword of a bank account or ID number may stand. `as_of` None: no birth date is in the future."""
    ids: list[tuple[int, int]] = []
    for m in ID18.finditer(line):
        value = unicodedata.normalize("NFKC", m.group(0)).upper()
        # A USCC of all digits has the same shape, but positions 7–14 are not a birth date there, so
        # is_id_number (real past date + check character) already tells them apart (docs/disclosure.md#personal-data).
        if value in allowed.codes or not identifiers.is_id_number(value, as_of):
            continue
        ids.append(m.span())
        yield "PII001", "error", value[:6] + "********" + value[-4:]
    for m in MOBILE.finditer(line):
        number = _digits(m.group(1))
        if number not in allowed.phones:
            yield "PII002", "error", number[:3] + "****" + number[-4:]
    for m in EMAIL.finditer(line):
        if not allowed.email_ok(m.group(0), m.group(2)):
            yield "PII003", "error", m.group(1)[:1] + "***@" + m.group(2)
    context = previous + line
    for m in BANK.finditer(line):
        digits = _digits(m.group(1))
        if 16 <= len(digits) <= 19 and identifiers.luhn_ok(digits) and not _inside(m.span(), ids) \
                and any(w in context for w in BANK_WORDS):
            yield "PII004", "error", digits[:4] + "****" + digits[-4:]
    for m in ID15.finditer(line):
        value = _digits(m.group(0))
        if identifiers.yyyymmdd("19" + value[6:12]) and any(w in context for w in ID_WORDS):
            yield "PII005", "warning", value[:6] + "*****" + value[-4:]


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _note(lang: str) -> str:
    if lang == "zh":
        return "。本条目虽声明了依法公示的个人信息（personal_data），但依法公示只涵盖被公示对象的名称，证件号、银行账号和联系方式仍须删除"
    return ". Although this entry declares personal data published by law (personal_data), that covers the " \
           "party's name only: ID numbers, bank accounts and contact details must still be removed"
