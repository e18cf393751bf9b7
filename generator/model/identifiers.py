"""Official identifiers: 索引号, 文号, 组织机构代码, 统一社会信用代码, 公民身份号码.

Pure functions with no knowledge of the site, so the checker, the renderer
(`canonical_doc_no`) and `gongkai import` share one implementation.
The rules: docs/identifiers.md#index-numbers and #agency-codes (索引号 and the
code check characters), docs/identifiers.md#document-numbers (文号 normalisation), docs/disclosure.md#personal-data (ID numbers).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --- 组织机构代码 (GB 11714) and 统一社会信用代码 (GB 32100-2015), docs/identifiers.md#agency-codes

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_RE = re.compile(r"^([0-9A-Z]{8})-?([0-9X])$")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_RE = re.compile(rf"^[{_USCC_CHARS}]{{18}}$")


def _char_value(ch: str) -> int:
    """Digits are their value, letters A=10 … Z=35 (GB 11714)."""
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code_check_char(body: str) -> str:
    """Check character of an 8-character organisation-code body."""
    total = sum(_char_value(c) * w for c, w in zip(body, _ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def is_org_code(code: str) -> bool:
    """`000014349` or `00001434-9` with a matching check character."""
    m = _ORG_RE.match(code)
    return bool(m) and org_code_check_char(m.group(1)) == m.group(2)


def looks_like_org_code(code: str) -> bool:
    return bool(_ORG_RE.match(code))


def uscc_check_char(body: str) -> str:
    """Check character of the first 17 characters of a USCC."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_uscc(code: str) -> bool:
    return bool(_USCC_RE.match(code)) and uscc_check_char(code[:17]) == code[17]


def code_problem(code: str) -> str | None:
    """None when `code` is a valid USCC or organisation code, else a short Chinese reason."""
    code = normalise_code(code)
    if len(code) == 18:
        if not _USCC_RE.match(code):
            return "统一社会信用代码含有不允许的字符（不用 I、O、Z、S、V）"
        return None if is_uscc(code) else "统一社会信用代码校验位不符"
    if looks_like_org_code(code):
        return None if is_org_code(code) else "组织机构代码校验位不符"
    return "长度既不是 18 位（统一社会信用代码）也不是 9 位（组织机构代码）"


def normalise_code(code: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(code))).upper()


@lru_cache(maxsize=4096)
def same_agency_code(prefix: str, agency_code: str) -> bool:
    """True when an index-number prefix is the agency's USCC or its embedded organisation code
    (USCC positions 9–17), hyphen or not. Remembered: an agency's entries repeat the same pair
    (the loader asks once per catalog file; NFKC and a regex twice took a third of the 索引号 check)."""
    prefix = normalise_code(prefix).replace("-", "")
    code = normalise_code(agency_code).replace("-", "")
    return prefix == code or (len(code) == 18 and prefix == code[8:17])


# --- 索引号, docs/identifiers.md#index-numbers ---------------------------------------------------

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63]")
INDEX_RE = re.compile(
    r"^(?P<prefix>[0-9A-Z][0-9A-Z-]{5,19}[0-9A-Z])(?P<sep>[/-])(?P<year>(?:19|20)\d{2})-(?P<serial>\d{1,8})$")


@dataclass(frozen=True)
class IndexNo:
    text: str  # normalised form
    prefix: str
    year: int
    serial: str

    @property
    def prefix_kind(self) -> str:
        """'org' (组织机构代码), 'uscc' (统一社会信用代码) or 'other'."""
        if len(self.prefix) == 18:
            return "uscc"
        if looks_like_org_code(self.prefix):
            return "org"
        return "other"

    @property
    def prefix_valid(self) -> bool:
        kind = self.prefix_kind
        return is_uscc(self.prefix) if kind == "uscc" else is_org_code(self.prefix) if kind == "org" else False


def normalise_index_no(text) -> str:
    """NFKC (full-width ／－０ → ASCII), no whitespace, upper case, dashes → '-'."""
    if type(text) is str and text.isascii():
        # Nearly every 索引号: NFKC leaves ASCII as it is, no dash to unify is ASCII, and str.split
        # splits where \s matches (both use str.isspace).
        return "".join(text.split()).upper()
    text = unicodedata.normalize("NFKC", str(text))
    return _DASHES.sub("-", re.sub(r"\s+", "", text)).upper()


def index_prefix(normalised: str) -> str | None:
    """The agency-code prefix of a 索引号 already normalised (normalise_index_no), or None when it does
    not match the pattern: parse_index_no's `prefix`, for many numbers at once (no IndexNo made)."""
    m = INDEX_RE.match(normalised)
    return m.group("prefix") if m else None


def parse_index_no(text) -> IndexNo | None:
    """The parts of a leniently valid 索引号, or None when it does not match the pattern."""
    norm = normalise_index_no(text)
    m = INDEX_RE.match(norm)
    if not m:
        return None
    return IndexNo(norm, m.group("prefix"), int(m.group("year")), m.group("serial"))


# --- 文号, docs/identifiers.md#document-numbers --------------------------------------------------

_OPEN = "[(【〔﹝〖„“\""
_CLOSE = "])】〕﹞〗‟”\""
_BRACKETED_YEAR = re.compile(rf"[{re.escape(_OPEN)}](\d{{4}}|\d{{2}})[{re.escape(_CLOSE)}]")
_ORDINARY = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*?〔(\d{4})〕([1-9]\d*)号$")
_ORDER = re.compile(r"^[\u4e00-\u9fff]+令第([1-9]\d*)号$")
_SHORT_YEAR = re.compile(r"〔(\d{2})〕")
# 〔2018〕第2号, 〔1992〕字第36号, 〔2026〕01号: GB/T 9704 allows neither 字/第 nor padding.
_DI_OR_ZERO = re.compile(r"^(?P<head>[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*?〔\d{4}〕)(?:字?第)?0*(?P<num>[1-9]\d*)号$")


@dataclass(frozen=True)
class DocNo:
    original: str  # as the editor wrote it
    value: str  # brackets and whitespace normalised: what the site stores and shows
    form: str | None  # 'ordinary', 'order', or None when malformed
    year: int | None
    problem: str | None  # None, 'short_year', 'di_or_zero' (warning) or 'malformed'
    suggestion: str | None = None  # the GB/T 9704 form for 'di_or_zero'

    @property
    def changed(self) -> bool:
        return self.value != self.original


def normalise_doc_no(text) -> DocNo:
    """Normalise a 文号: „2016‟ [2016] (2016) 【2016】 ﹝2016﹞ → 〔2016〕, whitespace removed."""
    original = str(text)
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", original))
    value = _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", value)
    if m := _ORDINARY.match(value):
        return DocNo(original, value, "ordinary", int(m.group(1)), None)
    if _ORDER.match(value):
        return DocNo(original, value, "order", None, None)
    if m := _DI_OR_ZERO.match(value):
        year = int(re.search(r"〔(\d{4})〕", value).group(1))
        return DocNo(original, value, "ordinary", year, "di_or_zero", f"{m.group('head')}{m.group('num')}号")
    if _SHORT_YEAR.search(value):
        return DocNo(original, value, None, None, "short_year")
    return DocNo(original, value, None, None, "malformed")


# The forms a reader types for one 文号: 湛府办〔2023〕22号, 湛府办[2023]22号, 湛府办（2023）第22号,
# 湛府办2023年22号, full-width digits, spaces. What is left once they are folded is the search key
# (the site's search page folds a query the same way: themes/default/assets/search.js, docKey).
_KEY_NOISE = re.compile(rf"[\s{re.escape(_OPEN + _CLOSE)}〔〕［］（）《》<>'-]")
_KEY_YEAR = re.compile(r"((?:19|20)\d\d)年?(?:字?第)?0*(\d+号)")
_KEY_ORDER = re.compile(r"第0*(\d+号)$")


@lru_cache(maxsize=1 << 16)  # the lookup index keys every page's 文号 and those its body cites
def doc_no_key(text) -> str:
    """One key for every typed form of a 文号 or 索引号: NFKC, lower case, no brackets, spaces or
    dashes, no 年/字第/leading zeros between the year and the number."""
    value = unicodedata.normalize("NFKC", str(text or "")).lower()
    value = _KEY_NOISE.sub("", _DASHES.sub("-", value))
    value = _KEY_YEAR.sub(lambda m: m.group(1) + m.group(2), value)
    return _KEY_ORDER.sub(lambda m: m.group(1), value)


def canonical_doc_no(entry) -> str | None:
    """The 文号 to show on the site for an Entry (or None when it has none)."""
    doc_no = getattr(entry, "doc_no", None)
    return normalise_doc_no(doc_no).value if doc_no else None


def normalise_doc_nos_in_text(text: str) -> str:
    """Fix the year brackets of 文号 cited in running text (for `gongkai import`):
    湛开办„2016‟83号 → 湛开办〔2016〕83号, also across a stray space or line break before 号."""
    pattern = re.compile(rf"([\u4e00-\u9fff]{{1,12}})\s*[{re.escape(_OPEN)}]\s*(\d{{4}})\s*[{re.escape(_CLOSE)}]\s*(\d{{1,5}})\s*号")
    return pattern.sub(lambda m: f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", text)


# --- 公民身份号码 (GB 11643-1999), docs/disclosure.md#personal-data -------------------------------

_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"


def id_check_char(body: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS)) % 11]


def yyyymmdd(text: str) -> dt.date | None:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def is_id_number(text: str, today: dt.date | None = None) -> bool:
    """An 18-character 公民身份号码 with a real, past birth date and a matching check character."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    born = yyyymmdd(text[6:14])
    if born is None or born.year < 1800 or (today and born > today):
        return False
    return id_check_char(text[:17]) == text[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
