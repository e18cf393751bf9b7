"""Allocating 索引号 serial numbers: the next free serial for an agency and a year.

Rules (docs/identifiers.md#serial-allocation): an index number is `<agency code>/<year>-<serial>`,
unique across the site and never changed. `gongkai new` and `gongkai import` give a
new file max(serial in use for that code and year) + 1, where "in use" means:

- every Markdown file under content/ (drafts, files that fail validation, files
  whose YAML does not even parse: the `index_no:` line is read with a regex), and
- the same files in every branch this clone knows (local and remote-tracking refs,
  read with `git grep`), so that a number taken on a branch that was fetched is
  not handed out again.

Numbers written in other styles count too: full-width digits (NFKC), `-` instead
of `/`, serials of 4–8 digits (`…/2018-0000012` is serial 12), and the agency's
9-character 组织机构代码 standing for its 18-character 统一社会信用代码.

Two branches that start from the same main and both add an entry cannot see each
other. On a branch other than the default one the serial is therefore taken in a
"lane": the smallest free number above the maximum whose last digit is the
branch's lane (a hash of the branch name, 0–9). Two concurrent branches then
collide only when their names fall in the same lane (1 in 10), at the price of
at most nine unused numbers per branch; a collision that still happens is an
error (CAT004) in `gongkai check` on the pull request, which runs on the merge
with the current main. On the default branch (or outside git) numbers stay dense.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from ..model.identifiers import normalise_code, parse_index_no, same_agency_code

LANES = 10
DEFAULT_BRANCHES = {"main", "master", "trunk", ""}

# `index_no: …` anywhere in a file, quoted or not, with an optional trailing comment.
_INDEX_LINE = re.compile(r"""^\s*index_no\s*:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$""", re.MULTILINE)


def format_index(code: str, year: int, serial: int) -> str:
    return f"{normalise_code(code)}/{year}-{serial:05d}"


def index_numbers_in(text: str) -> list[str]:
    return [m.group(1).strip() for m in _INDEX_LINE.finditer(text)]


def numbers_in_tree(content: Path) -> list[str]:
    """Every index_no written in a Markdown file under content/, whatever state the file is in."""
    found: list[str] = []
    if not content.is_dir():
        return found
    for path in sorted(content.rglob("*.md")):
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        found.extend(index_numbers_in(text))
    return found


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode in (0, 1) else None


def numbers_in_branches(root: Path) -> list[str]:
    """index_no lines in content/ of every local and remote-tracking branch (empty outside git)."""
    refs = _git(root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    if not refs or not refs.split():
        return []
    out = _git(root, "grep", "-h", "-I", "-E", r"^\s*index_no\s*:", *refs.split(), "--", "content")
    if not out:
        return []
    return index_numbers_in(out)  # -h: the lines alone, without ref and path


def current_branch(root: Path) -> str:
    out = _git(root, "rev-parse", "--abbrev-ref", "HEAD")
    branch = (out or "").strip()
    return "" if branch == "HEAD" else branch


def lane_of(branch: str) -> int | None:
    """The last digit reserved for serials made on this branch; None on the default branch."""
    if branch in DEFAULT_BRANCHES:
        return None
    return int(hashlib.sha256(branch.encode("utf-8")).hexdigest(), 16) % LANES


def used_serials(numbers: list[str], code: str, year: int) -> set[int]:
    serials = set()
    for text in numbers:
        parsed = parse_index_no(text)
        if parsed and parsed.year == year and same_agency_code(parsed.prefix, code):
            serials.add(int(parsed.serial))
    return serials


def next_serial(used: set[int], lane: int | None = None) -> int:
    serial = max(used, default=0) + 1
    if lane is not None:
        while serial % LANES != lane:
            serial += 1
    return serial


def allocate(root: Path, code: str, year: int, taken: set[int] | None = None) -> str:
    """The next free index number for `code` and `year` in the site at `root`.
    `taken` holds serials handed out earlier in the same run (gongkai import of several files)."""
    numbers = numbers_in_tree(root / "content") + numbers_in_branches(root)
    used = used_serials(numbers, code, year) | (taken or set())
    serial = next_serial(used, lane_of(current_branch(root)))
    if taken is not None:
        taken.add(serial)
    return format_index(code, year, serial)
