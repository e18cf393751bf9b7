"""The catalog's 索引号 as several cross-file checks look them up, made once per run.

References (superseded_by), interpretations (interprets), consultations (final_policy) and the
personal-data scan (public 索引号 prefixes) each normalised every entry's 索引号 for themselves:
about 400,000 normalisations at 100,000 entries. `run_checks` makes this once and drops it
afterwards (the build does not need it)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import identifiers

_KEY = "_entry_index"  # in the Site's __dict__, as workdays.for_site keeps its calendar


@dataclass
class EntryIndex:
    normalised: dict[str, str]  # an entry's 索引号 as written → normalise_index_no of it
    by_number: dict[str, object]  # normalised 索引号 → the last entry that has it (site.entries order)


def of(site) -> EntryIndex:
    index = site.__dict__.get(_KEY)
    if index is None:
        normalise = identifiers.normalise_index_no
        normalised = {number: normalise(number) for number in {e.index_no: None for e in site.entries}}
        index = site.__dict__[_KEY] = EntryIndex(normalised, {normalised[e.index_no]: e for e in site.entries})
    return index


def made(site) -> EntryIndex | None:
    """The index when the checks have made it, else None (it is not made for one caller)."""
    return site.__dict__.get(_KEY)


def drop(site) -> None:
    site.__dict__.pop(_KEY, None)
