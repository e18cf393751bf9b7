"""A large table held as pickled parts rather than as objects.

A cold build keeps two tables with a row for each of 10⁵ files or pages until its very end,
only to save them into the build state for the next build (generator/output/incremental.py):
the scan of content/ (load/inputs.py) and which pages show each body (output/build.py `Kept`).
As dicts of tuples and strings they cost 300–500 bytes a row at the build's largest moment;
pickled a part at a time they cost the bytes of the pickle, about 70–200 (docs/design.md#scale).
The state saves the parts as they are: each is what pickling that part of the table would
write, so the state file is the same whichever way the table was held.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator

PART = 5000  # rows a part: a part's pickle and its memo are small, the number of parts too


class PickledRows:
    """(key, value) rows in the order added, PART to a pickled list."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self._open: list[tuple] = []  # rows added since the last part was pickled

    def add(self, key, value) -> None:
        self._open.append((key, value))
        if len(self._open) >= PART:
            self._close_part()

    def _close_part(self) -> None:
        if self._open:
            self.parts.append(pickle.dumps(self._open, protocol=pickle.HIGHEST_PROTOCOL))
            self._open = []

    def finished(self) -> PickledRows:
        """Every row in `parts` (the last part may be short): call before reading `parts`."""
        self._close_part()
        return self

    def __iter__(self) -> Iterator[tuple]:
        self._close_part()
        for part in self.parts:
            yield from pickle.loads(part)

    def __bool__(self) -> bool:
        return bool(self.parts or self._open)
