"""Putting files and folders in place: hard links, atomic replacement, and deleting old trees.

A built site shares its bytes with the build cache (rendered pages, search bundles, the
snapshot of the last output) through hard links, so nothing is ever written through a
published file: files and folders are replaced, never edited in place. Everything here
replaces by rename, so a reader sees the old file (or folder) or the new one.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link source at target (no bytes copied), or copy where the two are on different file
    systems or links are refused. A target that exists already is an error (FileExistsError):
    writing over it could write through a link.

    A copy is made under a temporary name and given the target's name only when complete: the
    build cache finds a page by the hash in its name (render/cache.py), so a copy cut short by a
    kill or a full disk must never carry that name."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        _copy_whole(str(source), str(target))


def _copy_whole(source: str, target: str) -> None:
    head, name = os.path.split(target)
    partial = os.path.join(head, f".{name}.{os.getpid()}.part")
    try:
        shutil.copy2(source, partial)
        try:
            os.link(partial, target)  # not a rename: a target that exists already stays an error
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT, some network shares)
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), target) from None
            os.rename(partial, target)
    finally:
        try:
            os.unlink(partial)
        except FileNotFoundError:
            pass


# Folders a Folders remembers as made. A page taken from the build cache is linked into a folder
# of its own (catalog/…/slug/index.html), met once: remembering every one held up to 10⁵ paths in
# each render process of a build that takes most pages from the cache (about 170 bytes a page),
# for no call saved (docs/design.md#scale). Folders met again and again (the cache's 256 object
# folders) stay within so few.
FOLDERS_KEPT = 1024


class Folders:
    """Paths under a folder as plain strings, each folder created once: placing 10,000 files is
    then one link() per file (pathlib and a mkdir() per file cost more than the links)."""

    def __init__(self, root: str):
        self.root = root
        self.made: set[str] = set()

    def file(self, rel: str) -> str:
        path = f"{self.root}/{rel}"
        folder = os.path.dirname(path)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            if len(self.made) >= FOLDERS_KEPT:
                self.made.clear()  # made again, should it come back: exist_ok
            self.made.add(folder)
        return path


def link_tree(source: Path, target: Path) -> None:
    """Recreate a folder tree of hard links. Leaner than shutil.copytree: no metadata is copied
    for each of the ~10⁵ folders of a large site."""
    source_s, target_s = str(source), str(target)
    for dirpath, _, filenames in os.walk(source_s):
        here = target_s + dirpath[len(source_s):]
        os.makedirs(here, exist_ok=True)
        for name in filenames:
            link_or_copy(os.path.join(dirpath, name), os.path.join(here, name))


def sync_tree(source: Path, target: Path, part: Callable[[str], bool] | None = None) -> None:
    """Make `target` a hard-linked copy of `source`, touching only what differs: a file that is
    the same file (inode) in both stays, and so does every folder both have. Deleting and
    recreating ~10⁵ folders costs minutes on a slow file system (about 1 ms a folder here).
    `part(name)`: only the entries of the top folder it accepts are made alike, in either
    folder; the others in `target` are left as they are (a build keeps its snapshot in two
    parts, generator/output/incremental.py `Recorder`)."""
    if not target.is_dir() and part is None:
        link_tree(source, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    # An inode number names a file on its own file system only: across two, every file is replaced.
    _sync(str(source), str(target), part, os.stat(source).st_dev == os.stat(target).st_dev)


def _sync(source: str, target: str, part: Callable[[str], bool] | None = None, one_device: bool = True) -> None:
    existing = {entry.name: entry for entry in os.scandir(target) if part is None or part(entry.name)}
    for entry in os.scandir(source):
        if part is not None and not part(entry.name):
            continue
        there = existing.pop(entry.name, None)
        here = os.path.join(target, entry.name)
        there_is_dir = there is not None and there.is_dir(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            if there is not None and not there_is_dir:
                os.unlink(here)
            if there_is_dir:
                _sync(entry.path, here, None, one_device)
            else:  # nothing there to compare with: no listing of each new, empty folder
                link_tree(Path(entry.path), Path(here))
        elif there is None or there_is_dir or not one_device or there.inode() != entry.inode():
            if there_is_dir:
                shutil.rmtree(here)
            replace_file(Path(entry.path), Path(here))
    for gone in existing.values():  # files the source no longer has
        if gone.is_dir(follow_symlinks=False):
            shutil.rmtree(gone.path)
        else:
            os.unlink(gone.path)


def replace_file(source: Path, target: Path) -> None:
    """Put a hard link (or a copy) of source at target, atomically."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    link_or_copy(source, temporary)
    os.replace(temporary, target)


def replace_folder(source: Path, target: Path, keep: tuple[str, ...] = ()) -> None:
    """Put a hard-linked copy of the folder source at target: the new folder is complete before
    it takes the old one's name. `keep`: names in the old folder that the new one keeps. The old
    folder is deleted before this returns: it lies inside a site (its lookup index, a search
    shard), and a deploy that starts as soon as the build exits would otherwise upload it beside
    the new one, and the next build, which starts from a snapshot of the output, link it in."""
    fresh = target.with_name(f".{target.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    link_tree(source, fresh)
    for name in keep:
        old_item, new_item = target / name, fresh / name
        if new_item.exists() or not old_item.exists():
            continue
        if old_item.is_dir():
            link_tree(old_item, new_item)
        else:
            replace_file(old_item, new_item)
    swap_into_place(fresh, target, wait=True)


def swap_into_place(new: Path, out_dir: Path, wait: bool = False) -> None:
    """Replace out_dir by new with two renames: a reader sees the old folder or the new one. The
    old folder is then deleted: in a process of its own (discard_tree), or before this returns
    when `wait` (replace_folder)."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"  # one per swap: see discard_tree
    out_dir.rename(old)
    try:
        new.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    if wait:
        shutil.rmtree(old, ignore_errors=True)
    else:
        discard_tree(old)


def discard_tree(folder: Path) -> None:
    """Delete a folder no longer used, in a process of its own. What replaced it is already in
    place; deleting the ~10⁵ folders of a large old site takes minutes on some file systems,
    which the command need not wait for."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
