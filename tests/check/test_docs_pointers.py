"""Code comments point into the repository, never outside it, and every pointer resolves.

A clone holds only this repository, so a comment that sends the reader to a design note or
a spec kept elsewhere explains nothing. Pointers are written `docs/<page>.md#<anchor>`,
optionally followed on the same line by more anchors of the same page (`, #other`,
`and #other`); this test checks that each page exists and has a heading with that anchor.
Links in the docs pages and the README are checked the same way.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
SCANNED = {  # folder → suffixes of the files whose text is read
    "generator": (".py",),
    "tests": (".py",),
    "themes": (".html", ".js", ".css"),
    "benchmarks": (".py", ".md"),
    "scripts": (".py", ".sh"),
}

# Pointers to files that a clone does not have. `shared/seeds` is excepted: the seed documents
# are test input that the import tests read from beside the repository when it is there
# (tests/workflow/sitekit.py, SEEDS) and skip without; they are data, not documentation.
OUTSIDE = re.compile("|".join((
    r"DESIGN\.md", r"STYLE\.md", r"\.\./shared", r"\bshared/(?!seeds\b)", r"\bspec/", r"\bspec\.md",
    r"\bspec\s*§", "\u00a7", r"/work/", r"(?<![\w/-])catalog\.md",
)))
POINTER = re.compile(r"\bdocs/([\w.-]+\.md)((?:#[\w-]+)?)((?:(?:,\s*|\s+and\s+)#[\w-]+)*)")
MD_LINK = re.compile(r"\]\(([^)\s]*)\)")


# What the benchmark scripts write (.gitignore): 10⁵-file corpora and sites, not the repository's text.
NOT_SCANNED = {"benchmarks/out", "benchmarks/corpus"}


def scanned_files() -> list[Path]:
    files = []
    for folder, suffixes in SCANNED.items():
        for dirpath, dirnames, filenames in os.walk(REPO / folder):
            rel = Path(dirpath).relative_to(REPO).as_posix()
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"
                           and f"{rel}/{d}" not in NOT_SCANNED]
            for name in filenames:
                path = Path(dirpath) / name
                if not name.startswith(".") and path.suffix in suffixes and path.resolve() != Path(__file__).resolve():
                    files.append(path)
    return sorted(files)


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces → '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    found, seen = set(), {}
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#{1,6} ", line):
            continue
        base = slug(line.lstrip("#"))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    found.update(re.findall(r'<a id="([^"]+)"></a>', page.read_text(encoding="utf-8")))
    return frozenset(found)


def pointers(text: str) -> list[tuple[str, list[str]]]:
    """(page, [anchors]) of each docs pointer in `text`; an empty list points at the page itself."""
    out = []
    for m in POINTER.finditer(text):
        names = [m.group(2)[1:]] if m.group(2) else []
        names += re.findall(r"#([\w-]+)", m.group(3))
        out.append((m.group(1), names))
    return out


def test_nothing_points_outside_the_repository():
    offenders = []
    for path in scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "point at a page under docs/ instead:\n" + "\n".join(offenders)


def test_every_docs_pointer_in_the_code_resolves():
    broken, count = [], 0
    for path in scanned_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for page, names in pointers(text):
            count += 1
            target = DOCS / page
            if not target.is_file():
                broken.append(f"{path.relative_to(REPO)}: docs/{page} does not exist")
                continue
            missing = [n for n in names if n not in anchors(target)]
            if missing:
                broken.append(f"{path.relative_to(REPO)}: docs/{page} has no heading for #{', #'.join(missing)}")
    assert not broken, "\n".join(broken)
    assert count >= 40, f"only {count} pointers found: is the pattern still right?"


def test_links_in_the_docs_and_the_readme_resolve():
    broken = []
    for page in [*sorted(DOCS.glob("*.md")), REPO / "README.md"]:
        for target in MD_LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # an address outside the repository is a link, not a pointer to a file here
            file, _, anchor = target.partition("#")
            resolved = (page.parent / file) if file else page
            if not resolved.is_file():
                broken.append(f"{page.name}: {target} (no such file)")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


REPO_PATH = re.compile(r"(?<![\w/.-])((?:generator|tests|themes|benchmarks|scripts)/[\w/.-]*\w)")


def test_paths_the_docs_name_exist():
    """A page that names a module names one that exists (modules move; the page must follow)."""
    missing = []
    for page in [*sorted(DOCS.glob("*.md")), REPO / "README.md"]:
        for path in sorted(set(REPO_PATH.findall(page.read_text(encoding="utf-8")))):
            if not (REPO / path).exists():
                missing.append(f"{page.name}: {path}")
    assert not missing, "\n".join(missing)


def test_the_checks_catch_what_they_should():
    """The patterns themselves: a pointer outside is caught, a pointer inside is read with its anchors."""
    design, shared = "DESIGN" + ".md", ".." + "/shared"  # spelled apart, so this file holds no such pointer
    for line in (f'# see {design} "Theme"', f"Rules: {shared}/spec/catalog.md §2.5", "(spec §7.1)",
                 "spec/annual-report.md", "sources in catalog.md"):
        assert OUTSIDE.search(line), line
    for line in ("docs/annual-report.md#identities", "SEEDS = 'shared/seeds'", "# a comment"):
        assert not OUTSIDE.search(line), line
    assert pointers("(docs/annual-report.md#table-2, #table-3 and #table-4)") == [
        ("annual-report.md", ["table-2", "table-3", "table-4"])]
    assert pointers("see docs/findings.md.") == [("findings.md", [])]
    assert REPO_PATH.findall("see `generator/model/vocab.py`, docs/x.md") == ["generator/model/vocab.py"]
    assert slug("Table 2") == "table-2" and slug("What the checks report: `report.*`") == "what-the-checks-report-report"
