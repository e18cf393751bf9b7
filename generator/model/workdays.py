"""Working days under the official holiday schedule (法定节假日 and 调休 make-up days).

《条例》第二十六条 counts 20 working days, and the yearly schedule of 国务院办公厅
moves working days onto weekends (调休), so a Monday–Friday count is wrong around
every holiday. The `chinesecalendar` package carries the published schedules; for a
year it does not know yet we fall back to Monday–Friday and remember the year, so
the checker can say so once (CAT024).

Counting is done with per-year cumulative tables, so a site of 10⁵ entries costs
a few thousand calendar look-ups, not one per day per entry.
"""

from __future__ import annotations

import datetime as dt
from calendar import isleap
from itertools import accumulate

import chinese_calendar
from chinese_calendar import constants as _schedule

_YEARS: dict[int, tuple[list[int], bool]] = {}  # the schedule is static: computed once per process


def year_flags(year: int) -> tuple[list[int], bool]:
    """1/0 per day of `year` (working day or not) and whether the official schedule covers the year.

    chinese_calendar.is_workday re-validates its whole table on every call (tens of µs); we ask it once
    per year whether the year is covered, then read the same holiday and make-up-day tables it uses."""
    cached = _YEARS.get(year)
    if cached is None:
        first = dt.date(year, 1, 1)
        days = [first + dt.timedelta(d) for d in range(366 if isleap(year) else 365)]
        try:
            chinese_calendar.is_workday(first)
            covered = True
        except NotImplementedError:  # the package has no schedule for this year
            covered = False
        if covered:
            flags = [1 if d in _schedule.workdays or (d.weekday() < 5 and d not in _schedule.holidays) else 0
                     for d in days]
        else:
            flags = [1 if d.weekday() < 5 else 0 for d in days]
        cached = _YEARS[year] = (flags, covered)
    return cached


class WorkdayCalendar:
    """Working-day counts for one run, remembering which years had no official schedule."""

    def __init__(self) -> None:
        self._cumulative: dict[int, list[int]] = {}  # year -> workdays on or before day-of-year i (0-based)
        self.uncovered: set[int] = set()  # years counted Monday–Friday
        self.reported: set[int] = set()  # years already reported with CAT024
        # (day, base year) -> _through: 10⁵ entries are written and published on a few thousand days
        self._through_of: dict[tuple[dt.date, int], int] = {}

    def is_workday(self, day: dt.date) -> bool:
        table, i = self._days_of(day.year), day.timetuple().tm_yday - 1
        return table[i] - (table[i - 1] if i else 0) == 1

    def _days_of(self, year: int) -> list[int]:
        table = self._cumulative.get(year)
        if table is None:
            table = self._cumulative[year] = list(accumulate(self._flags(year)))
        return table

    def _flags(self, year: int) -> list[int]:
        flags, covered = year_flags(year)
        if not covered:
            self.uncovered.add(year)
        return flags

    def _through(self, day: dt.date, base_year: int) -> int:
        """Workdays from 1 January of base_year up to and including `day`."""
        count = self._through_of.get((day, base_year))
        if count is None:  # the first time: the years' tables are made (and uncovered ones noted) here
            total = sum(self._days_of(y)[-1] for y in range(base_year, day.year))
            count = self._through_of[day, base_year] = total + self._days_of(day.year)[day.timetuple().tm_yday - 1]
        return count

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start):
        a document written on a Friday and published the next Monday took 1 working day."""
        if end <= start:
            return 0
        return self._through(end, start.year) - self._through(start, start.year)

    def years_used(self, start: dt.date, end: dt.date) -> set[int]:
        lo, hi = sorted((start, end))
        return {y for y in range(lo.year, hi.year + 1)}

    def newly_uncovered(self, start: dt.date, end: dt.date) -> list[int]:
        """Years in the span that were counted Monday–Friday and not yet reported; marks them reported."""
        years = sorted(y for y in self.years_used(start, end) if y in self.uncovered and y not in self.reported)
        self.reported.update(years)
        return years


def for_site(site) -> WorkdayCalendar:
    """One calendar per loaded site, shared by the date, interpretation and report checks,
    so that CAT024 is reported once per year whichever check met the year first."""
    calendar = site.__dict__.get("_workday_calendar")
    if calendar is None:
        calendar = site.__dict__["_workday_calendar"] = WorkdayCalendar()
    return calendar


# How far an unknown year's schedule can move a Monday–Friday count: weekday holidays take off at
# most about 15 days a year (春节, 国庆 …) and 调休 make-up weekends add at most about 6.
MAX_HOLIDAYS, MAX_MAKEUP = 15, 6


def report_uncovered(calendar: WorkdayCalendar, start: dt.date, end: dt.date, days: int, limit: int,
                     findings, file: str, line: int, field: str) -> None:
    """CAT024 once per year counted Monday–Friday, and only where the missing schedule could change
    the verdict: a 5-day span can never pass a 20-day limit, a three-year delay can never meet it."""
    if not (limit - MAX_MAKEUP < days <= limit + MAX_HOLIDAYS):
        return
    for year in calendar.newly_uncovered(start, end):
        findings.warning("CAT024", file, line, field, year=year)
