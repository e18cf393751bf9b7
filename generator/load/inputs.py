"""What a build read: every file under content/, with its size, time, hash and front matter.

A rebuild compares the content folder with the scan of the last build (generator/output/incremental.py)
to tell "nothing changed" and "only bodies changed" from everything else without loading the
site. A file whose size and modification time are those of the last scan is taken as
unchanged (as make and git do); any other file is read and hashed, so a checkout that only
touched the times (a CI runner restoring the cache into a fresh clone) still counts as
unchanged. Content files are small: hashing 100,000 of them is about a second.

`front` is the hash of a Markdown file's front matter up to and including its closing line:
two versions of a file with the same `front` differ only in their body, and their body
starts on the same line. Computed on the bytes with the loader's rule (first line `---`,
closed by the first later line that is `---` or `...` after trailing spaces), so a
file the rule does not fit simply has no `front` and any change to it is a full rebuild.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from ..model.pickled_rows import PickledRows

CONTENT = "content"
PENDING = "pending"  # listed by a deferred scan, not hashed yet
CHANGED = "changed-after-the-scan"  # a hash no file has: the next build counts the file as changed


class Input(NamedTuple):
    """One file as scanned. A plain tuple underneath: the scan of 10⁵ files is pickled with the
    build's state, and tuples load several times faster than objects."""

    size: int
    mtime_ns: int
    sha: str
    front: str | None  # hash of the front matter (Markdown files), None when there is none


@dataclass
class Scan:
    files: dict[str, Input]  # site-relative path → what it was when scanned (a deferred scan: see `listed`)
    changed: list[str] = field(default_factory=list)  # in both scans, with other bytes
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: int = 0  # files read again because their time or size differed
    content_real: str = ""  # the real path of content/: a link out of it is not read
    root: str = ""
    # A deferred scan's rows instead of `files`: (rel, Input as a plain tuple), held pickled. A
    # cold build holds the listing of every content file from before it loads until its end,
    # and the loader's workers are forked while it is held: 10⁵ rows as a dict of tuples were
    # 47 MB in the build and again in each loader's RSS; pickled, about 7 MB, and 20 MB once
    # hashed (docs/design.md#scale).
    listed: PickledRows = field(default_factory=PickledRows)

    @property
    def unchanged(self) -> bool:
        return not (self.changed or self.added or self.removed or self.listed)  # a deferred scan's files are all new

    def hash_pending(self) -> None:
        """Read and hash the files a deferred scan only listed (scan_content). A file that is no
        longer the regular file of the size and time listed changed after the scan, perhaps
        after the build read it: it keeps a hash no file has, so the next build counts it as
        changed."""
        hashed = PickledRows()
        for rel, found in self.listed:
            hashed.add(rel, self._hashed(rel, Input(*found)))
        self.listed = hashed.finished()

    def _hashed(self, rel: str, listed: Input) -> tuple:
        if listed.sha != PENDING:
            return tuple(listed)  # not a regular file to read (scan_content said what it is)
        return tuple(_hashed_if_unchanged(os.path.join(self.root, rel), listed, rel.endswith(".md")))

    def table(self) -> dict[str, Input]:
        """Every file's row, whether held in `files` or `listed`."""
        rows = dict(self.files)
        rows.update((rel, Input(*found)) for rel, found in self.listed)
        return rows

    def saved(self) -> dict[str, Input] | PickledRows:
        """What the build state keeps of this scan: its table, or a deferred scan's rows as they are held."""
        return self.listed.finished() if self.listed else self.files


def front_end(data: bytes) -> int | None:
    """Offset just past the front matter's closing line, or None without front matter."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    first_end = data.find(b"\n", start)
    if first_end < 0 or data[start:first_end].rstrip(b"\r") != b"---":
        return None
    pos = first_end + 1
    while pos < len(data):
        end = data.find(b"\n", pos)
        line_end = len(data) if end < 0 else end
        if data[pos:line_end].rstrip() in (b"---", b"..."):
            return line_end + 1 if end >= 0 else line_end
        if end < 0:
            return None
        pos = end + 1
    return None


def describe(data: bytes, size: int, mtime_ns: int, markdown: bool) -> Input:
    front = None
    if markdown:
        end = front_end(data)
        front = hashlib.sha256(data[:end]).hexdigest() if end is not None else None
    return Input(size, mtime_ns, hashlib.sha256(data).hexdigest(), front)


def _hashed_if_unchanged(path: str, listed: Input, markdown: bool) -> Input:
    try:  # not blocking: should a FIFO have taken the file's place, it is not waited on
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return listed._replace(sha=CHANGED)
    with open(fd, "rb") as handle:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode) or (stat.st_size, stat.st_mtime_ns) != (listed.size, listed.mtime_ns):
            return listed._replace(sha=CHANGED)
        return describe(handle.read(), listed.size, listed.mtime_ns, markdown)


def _stat_unread(entry: os.DirEntry, content_real: str) -> tuple[os.stat_result | None, Input | None]:
    """(stat, None) for a regular file inside content/ that may be read; else (None, an Input that
    says what it is without its bytes)."""
    try:
        stat = entry.stat()  # follows a symbolic link
    except OSError as exc:  # a broken link or a loop
        return None, Input(0, 0, f"unreadable:{exc.errno}", None)
    if entry.is_symlink():
        real = os.path.realpath(entry.path)
        if os.path.commonpath([real, content_real]) != content_real:
            return None, Input(stat.st_size, stat.st_mtime_ns, f"outside:{real}", None)
    if not S_ISREG(stat.st_mode):
        return None, Input(0, 0, f"special:{stat.st_mode:o}", None)
    return stat, None


def scan_content(root: Path, previous: dict[str, Input] | None = None, defer: bool = False) -> Scan:
    """Every file under root/content (dot folders skipped, as the loader skips them), compared
    with a previous scan when one is given. `defer`, for a first scan (no previous one): list
    each file's size and time now and hash it later (Scan.hash_pending). A cold build does so
    while its search index runs, instead of reading every file once more before it loads them
    (2 s of one core at 10⁵ files). A deferred scan's rows are in `Scan.listed`, not `files`,
    and it names no file `added` (every file is)."""
    scan = Scan({}, root=str(root))
    defer = defer and not previous
    scan.content_real = os.path.realpath(os.path.join(str(root), CONTENT))
    _scan_folder(os.path.join(str(root), CONTENT), CONTENT + "/", previous or {}, scan, defer)
    scan.listed.finished()
    scan.removed = sorted(set(previous or {}) - set(scan.files))
    scan.added.sort()
    scan.changed.sort()
    return scan


def _scan_folder(folder: str, prefix: str, previous: dict, scan: Scan, defer: bool = False) -> None:
    """os.scandir rather than os.walk: the entry's type comes with the directory listing, so a
    file costs one stat() and no path objects (10⁵ files are scanned on every rebuild)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # gone, or not readable: the loader reports what it cannot read
        return
    for entry in entries:
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):  # a linked folder is not walked, as the loader walks none
            if not entry.name.startswith("."):
                _scan_folder(entry.path, rel + "/", previous, scan, defer)
            continue
        old = previous.get(rel)
        stat, unread = _stat_unread(entry, scan.content_real)
        if unread is not None:
            # Never opened: a FIFO would hang the scan, /dev/zero never end (generator/load/file_guard.py
            # refuses them with a finding). Any change of what it is makes the next build a full one.
            now = unread
        elif old is not None and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:  # size, time
            scan.files[rel] = old
            continue
        elif defer:
            now = Input(stat.st_size, stat.st_mtime_ns, PENDING, None)
        else:
            with open(entry.path, "rb") as handle:
                data = handle.read()
            now = describe(data, stat.st_size, stat.st_mtime_ns, entry.name.endswith(".md"))
        if defer:
            scan.listed.add(rel, tuple(now))
            continue
        scan.files[rel] = now
        if old is None:
            scan.added.append(rel)
        else:
            scan.touched += 1
            if old[2] != now.sha:  # sha
                scan.changed.append(rel)
