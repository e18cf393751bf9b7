"""One content file after reading: its path, front matter, body position and key lines.

The loader (generator/load/) fills it; the model, the checks and the planner read it."""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

_shapes: dict[tuple[str, ...], dict[str, int]] = {}  # the key order of a front matter → key → position


class _NoMeta(dict):
    """An empty front matter that cannot be filled, pickled as a reference to NO_META (a process
    that unpickles it gets its own NO_META, not a copy)."""

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("NO_META is shared by every file: give the file a dict of its own")

    __setitem__ = __delitem__ = __ior__ = update = setdefault = pop = popitem = clear = _refuse

    def __reduce__(self):
        return "NO_META"


# The front matter of a file whose record holds its values (every catalog entry): one shared empty
# mapping rather than an empty dict a file, 64 bytes each that a build holds throughout.
NO_META = _NoMeta()


@dataclass(slots=True)  # one per content file, held through the build: no per-instance __dict__
class SourceFile:
    """One content file after reading: what the model and the checks work on."""

    # absolute, as text: a pathlib.Path held for each of 10⁵ files was about 250 bytes more
    # (its parts as strings), and nothing asks more of it than to be opened (docs/design.md#scale)
    path: str
    rel: str  # relative to the site root, forward slashes: what findings name
    meta: Mapping = field(default_factory=dict)
    body: str = ""  # empty in Site.sources: pages read it from the file when they render (read_body)
    body_line: int = 1  # line number of the body's first line
    key_lines: Mapping[str, int] = field(default_factory=dict)  # "attachments[0].file" -> line
    text: str = ""  # the whole decoded file, while a loader worker scans it; never kept in Site.sources
    # The sha256 of the bytes the loader read and checked: a page that reads the body again when it
    # renders must find these bytes (plan/types.py Body), and the build cache knows the body by it.
    digest: bytes | None = None

    def __post_init__(self) -> None:
        self.path = os.fspath(self.path)

    def line_of(self, key_path: str) -> int:
        """Line of a key path, falling back to its nearest parent, then the front matter's first line."""
        path = key_path
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return 1


class KeyLines(Mapping):
    """A front matter's key → line, held compactly: the keys in the order the file has them,
    shared by every file whose front matter has that order (nearly all of a catalog), and the
    lines as an array. A loaded site keeps one for every content file to name lines in its
    findings; as dicts they were about 1 KB a file, 100 MB at 10⁵ entries (docs/design.md#scale)."""

    __slots__ = ("_positions", "_lines")

    def __init__(self, lines: Mapping[str, int]):
        keys = tuple(lines)
        positions = _shapes.get(keys)
        if positions is None:
            positions = _shapes[keys] = {key: n for n, key in enumerate(keys)}
        self._positions = positions
        self._lines = array("I", lines.values())

    def __getitem__(self, key: str) -> int:
        return self._lines[self._positions[key]]

    def __contains__(self, key) -> bool:
        return key in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._lines)

    def __reduce__(self):
        return (KeyLines, (dict(self),))


# What a file's key lines become once the checks have named every line they report (load/site.py
# Site.forget_per_file_results): nothing after them asks a catalog entry's lines.
NO_KEY_LINES = KeyLines({})
