"""Extra search words that close the gaps of Pagefind's Chinese segmentation.

Pagefind (extended) segments Chinese text into words when indexing, and the browser
segments the query with the ICU dictionary (Intl.Segmenter) before matching each query word
as a *prefix* of indexed words. A query that starts inside an indexed word (于调整 from
关于/调整) or is segmented differently by the two segmenters finds nothing: about a quarter
of title fragments (issue 4). Two kinds of extra words fix that; both go into Pagefind
metadata fields (`data-pagefind-meta`), which Pagefind indexes by whitespace only (no
segmentation, no excerpt pollution: metadata never appears in excerpts) and searches like
body words:

- title n-grams, field "g": for every position of the title, the next GRAM_LENGTH
  characters, each character written as three base-36 digits of its code point behind the
  prefix "qg". ASCII letters and digits are words to both segmenters, so a gram reaches the
  index and comes back from the query unsplit. Because Pagefind matches query words as
  prefixes, a 2- or 3-character fragment matches the 4-gram that starts where it starts:
  "any few consecutive characters" become one exact lookup. Longer fragments become
  several overlapping 4-grams, all required.
- exact tokens, field "k": the normalised 文号 (湛府办〔2018〕22号, 湛府办[2018]22号 and
  湛府办„2018‟22号 are one token) and the 索引号, with the prefix "qw".

themes/default/assets/search.js computes the same words from the query (keep the two in
step: tests/browser/test_search.py checks them against each other) and merges the results
of the plain and the enriched searches, so whole-word ranking is Pagefind's own.
"""

from __future__ import annotations

import re
import unicodedata

GRAM_LENGTH = 4
GRAM_PREFIX = "qg"
# Ends a gram shorter than GRAM_LENGTH (the end of a run). Pagefind answers a query word that
# no indexed word extends with the longest indexed word that is a prefix of it: without the
# end mark, the query 通知书 would fall back to the tail gram 通知 and find every title ending
# in 通知. No code of a common character starts with "zz" (only U+B61C–U+B63F do).
GRAM_END = "zz"
EXACT_PREFIX = "qw"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_MAX_CODE = 36 ** 3  # three base-36 digits: every code point up to U+B63F (all common CJK)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Brackets that editors and OCR use around the year of a 文号 (docs/identifiers.md#document-numbers).
_DOC_NO_NOISE = re.compile(r"[\s〔〕\[\]［］()（）【】„‟“”\"'《》<>第]")


def _code(char: str) -> str | None:
    point = ord(char)
    if point >= _MAX_CODE:
        return None
    digits = ""
    for _ in range(3):
        digits = _DIGITS[point % 36] + digits
        point //= 36
    return digits


def word_runs(text: str) -> list[str]:
    """The runs of letters, digits and ideographs in NFKC-normalised, lower-cased text
    (punctuation and spaces separate runs, as they separate words)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    runs, current = [], []
    for char in normal:
        if char.isalnum() and _code(char) is not None:
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def encode(chars: str) -> str:
    return "".join(_code(c) or "" for c in chars)


def title_grams(title: str) -> str:
    """Space-separated gram words for a title; "" when the title has no Chinese character
    (an English title is served well by Pagefind's own words)."""
    if not _CJK.search(title or ""):
        return ""
    seen: dict[str, None] = {}
    for run in word_runs(title):
        for start in range(len(run)):
            gram = run[start:start + GRAM_LENGTH]
            seen[GRAM_PREFIX + encode(gram) + ("" if len(gram) == GRAM_LENGTH else GRAM_END)] = None
    return " ".join(seen)


def normalise_doc_no(doc_no: str) -> str:
    """湛府办〔2018〕22号, 湛府办[2018]22号, 湛府办（2018）第22号 → 湛府办201822号."""
    text = unicodedata.normalize("NFKC", doc_no or "").lower()
    return _DOC_NO_NOISE.sub("", text)


def exact_token(value: str) -> str:
    """One word for a 文号 or 索引号; "" for an empty value."""
    runs = "".join(word_runs(normalise_doc_no(value)))
    return EXACT_PREFIX + encode(runs) if runs else ""


def exact_tokens(*values: str | None) -> str:
    return " ".join(t for t in (exact_token(v) for v in values if v) if t)


def register(env) -> None:
    """Make the filters available to the templates (search_meta.html uses them)."""
    env.filters["search_grams"] = title_grams
    env.filters["search_exact"] = lambda values: exact_tokens(*values)
