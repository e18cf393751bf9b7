"""What the catalog says about an agency's 规章 and 规范性文件 in a year (for 表二 第二十条第（一）项).

The catalog knows when a document was written (成文日期 = 制发) and published; it knows
when a document left force only through its `valid_until` date or a dated `changes`
record that says 废止/失效/修订. When a repealed document has no such date, the year
it left cannot be known and the counts that depend on it are reported as unknown
(None), so the check never warns on a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import vocab

ENDED = ("废止", "失效", "已修订")
REPEALED = ("废止", "失效")
GENRES = ("规章", "规范性文件")  # counted as 本年废止; a revision is counted by its new version's 制发
_END_WORDS = ("废止", "失效", "修订", "废除", "停止执行")


@dataclass(frozen=True)
class RegulationCounts:
    made: int  # 本年制发 / 本年新制作: written in the year
    published: int  # 本年新公开: published in the year
    repealed: int | None  # 本年废止: left force in the year as 废止 or 失效
    in_force: int | None  # 现行有效: in force on 31 December of the year
    revised: int | None = None  # left force in the year because a revised version replaced it (已修订)


def _end_date(entry, replaced_on: dict) -> dt.date | None | bool:
    """The first day the entry is no longer in force; None if it still is; False if it is not
    but the day is unknown. `valid_until` is the last day in force; a revised entry ends when
    the entry named by `superseded_by` is published."""
    expiry = entry.valid_until + dt.timedelta(days=1) if entry.valid_until else None
    if entry.validity not in ENDED:
        return expiry
    dated = [c.date for c in entry.changes if any(w in c.note for w in _END_WORDS)]
    if dated:
        return max(dated)
    if entry.superseded_by and replaced_on.get(entry.superseded_by):
        return replaced_on[entry.superseded_by]
    return expiry or False


class RegulationIndex:
    """The catalog's 规章 and 规范性文件 by agency and genre, built once per check run."""

    def __init__(self, site):
        self.groups: dict[tuple[str, str], list] = {}
        replaced_on = {e.index_no: e.published or e.written for e in site.entries}
        self.ends: dict[int, object] = {}
        for entry in site.entries:
            if entry.genre in GENRES and not entry.draft and entry.disclosure == vocab.PUBLIC:
                self.groups.setdefault((entry.agency, entry.genre), []).append(entry)
                self.ends[id(entry)] = _end_date(entry, replaced_on)

    def counts(self, agency: str, genre: str, year: int) -> RegulationCounts | None:
        """Counts for `year`, or None when the catalog holds none of these entries by the end of that year."""
        year_end = dt.date(year, 12, 31)
        known = [e for e in self.groups.get((agency, genre), ()) if e.written <= year_end]
        if not known:
            return None
        made = sum(1 for e in known if e.written.year == year)
        published = sum(1 for e in known if e.published and e.published.year == year)
        ends = [self.ends[id(e)] for e in known]
        if any(end is False for end in ends):
            return RegulationCounts(made, published, None, None)
        repealed = sum(1 for e, end in zip(known, ends) if e.validity in REPEALED and end and end.year == year)
        in_force = sum(1 for end in ends if not end or end > year_end)
        revised = sum(1 for e, end in zip(known, ends) if e.validity == "已修订" and end and end.year == year)
        return RegulationCounts(made, published, repealed, in_force, revised)
