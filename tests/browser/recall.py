"""The recall table: title fragments of the demo entries and the page each must find.

Deterministic: for every public entry (in 索引号 order) and each length 2, 3 and 4, up to
PER_LENGTH fragments of consecutive Chinese characters from its title, at positions drawn
by a generator seeded with the 索引号 and the length; plus the exact 文号 of every entry
that has one. Shared by the browser test and benchmarks/ scripts.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

LENGTHS = (2, 3, 4)
PER_LENGTH = 3
TOP = 10
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # "2", "3", "4" (characters) or "doc_no"
    target: str  # site-relative URL of the page that must be found
    title: str


def fragments(title: str, length: int) -> list[str]:
    found = []
    for run in _HAN.findall(title):
        found.extend(run[i:i + length] for i in range(len(run) - length + 1))
    return found


def recall_queries(entries: list[tuple[str, str, str | None, str]], lengths=LENGTHS,
                   per_length: int = PER_LENGTH) -> list[Query]:
    """entries: (index_no, title, doc_no, url) of every public entry."""
    queries = []
    for index_no, title, doc_no, url in sorted(entries):
        for length in lengths:
            pool = fragments(title, length)
            chosen = random.Random(f"{index_no}:{length}").sample(pool, min(per_length, len(pool)))
            queries.extend(Query(text, str(length), url, title) for text in chosen)
        if doc_no:
            queries.append(Query(doc_no, "doc_no", url, title))
    return queries


def score(queries: list[Query], results: dict[str, list[str]], result_titles: dict[str, list[str]]) -> dict:
    """Recall per kind: found when the target is among the first TOP results (first for a 文号).

    A fragment that more than TOP titles contain cannot put each of them in the first TOP:
    it counts as found when the first TOP results all hold the fragment in their title (the
    target not among them then proves there are more than TOP such titles). `strict_recall`
    leaves that rule out."""
    table: dict[str, dict] = {}
    for q in queries:
        urls = results.get(q.text, [])
        strict = q.target in urls[:1 if q.kind == "doc_no" else TOP]
        crowded = (q.kind != "doc_no" and len(urls) >= TOP
                   and all(q.text in t for t in result_titles.get(q.text, [])[:TOP]))
        row = table.setdefault(q.kind, {"queries": 0, "found": 0, "found_strict": 0, "missed": []})
        row["queries"] += 1
        row["found"] += strict or crowded
        row["found_strict"] += strict
        if not (strict or crowded):
            row["missed"].append(q.text)
    for row in table.values():
        row["recall"] = round(row["found"] / row["queries"], 4)
        row["strict_recall"] = round(row["found_strict"] / row["queries"], 4)
    return table


# --- through the search page, as a reader uses it ------------------------------------------------

READ_RESULTS = """() => Array.from(document.querySelectorAll('#gk-results .gk-result')).map(li => [
    new URL(li.querySelector('a').href).pathname, li.querySelector('a').textContent, li.dataset.match || ''])"""


def type_query(pg, text: str, timeout: float = 15000) -> list[tuple[str, str, str]]:
    """Type `text` into the search page's box and press Enter; once the results are on screen
    (the lookups: the page marks data-results-shown), (path, title, match) of those shown."""
    before = int(pg.evaluate("Number(document.body.dataset.resultsShown || 0)"))
    pg.fill("#gk-q", text)
    pg.press("#gk-q", "Enter")
    pg.wait_for_function(f"Number(document.body.dataset.resultsShown || 0) > {before}", timeout=timeout)
    return [tuple(row) for row in pg.evaluate(READ_RESULTS)]


def page_table(pg, queries: list[Query]) -> tuple[dict, dict]:
    """Every query typed into the page: (query → result paths, query → result titles)."""
    paths, titles = {}, {}
    for text in sorted({q.text for q in queries}):
        rows = type_query(pg, text)
        paths[text] = [r[0] for r in rows]
        titles[text] = [r[1] for r in rows]
    return paths, titles
