"""The check of published files (docs/security.md): attachments and media are checked with
their front matter (checks/references.py), the files that bodies link to and the Markdown
budget here, all through the loader's `FileGuard` (generator/load/file_guard.py). Whether a
file would land on a generated URL needs the plan: the commands hand the planner's list down
(plan/outputs.py → checks.check_site → Site.generated_outputs).
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass

from ..load.file_guard import FileGuard, Reserved, content_link, name_problem
from ..load.markdown_budget import body_problem


def guard_for(site) -> FileGuard:
    """The site's guard, with the generated URLs when the command handed them down (planned
    once per run, when a file first needs them)."""
    guard = getattr(site, "_file_guard", None)
    if guard is None:
        generated = getattr(site, "generated_outputs", None)
        guard = FileGuard.of(site.root, site.config, _LazyReserved(site, generated) if generated else None,
                             site.withheld_files())
        site._file_guard = guard
    return guard


class _LazyReserved:
    def __init__(self, site, generated):
        # Weakly: the site holds its guard (site._file_guard), and a guard that held the site would
        # make a cycle keeping every record alive until the cyclic collector's next full pass — at
        # the exit of `gongkai check`, 1.7 s at 100,000 entries, instead of being freed as it returns.
        self.site = weakref.ref(site)
        self.generated = generated  # site → every output path the build generates (plan/outputs.py)
        self.reserved: Reserved | None = None

    def clash(self, output: str) -> str | None:
        if self.reserved is None:
            self.reserved = Reserved.of_paths(self.generated(self.site()))
        return self.reserved.clash(output)


# --- the check --------------------------------------------------------------------------------

def report(findings, guard: FileGuard, source: str, line: int, field_path: str, rel: str, shown: str) -> bool:
    """Add the finding for a file that may not be published; True when there was one."""
    found = guard.problem(rel)
    if found is None or found.code == "missing":
        return False
    if found.code == "PUB010" and field_path != "body":
        return False  # declaring a file is what makes it a record's own: only a body link reaches into another's
    findings.error(found.code, source, line, field_path, value=shown, **found.args)
    return True


def check(site, findings) -> None:
    """Bodies: the files they link to, their Markdown shape; and the names of content files."""
    guard = guard_for(site)
    for doc in site.sources:
        problem = name_problem(doc.rel)
        if problem is not None:
            findings.error(problem.code, doc.rel, 1, "", value=doc.rel.rsplit("/", 1)[-1], **problem.args)
    root = str(site.root)
    for survey in site.bodies:
        if survey.problem is not None:
            line, detail = survey.problem
            findings.error("MD001", survey.rel, line, "body", problem=detail)
        for target, line, shown in survey.links:
            if os.path.lexists(os.path.join(root, target)):
                report(findings, guard, survey.rel, line, "body", target, shown)


# --- bodies, surveyed where the loader holds their text -----------------------------------------

_MARKDOWN_LINK = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s)]+))")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.M)
_HTML_URL = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


@dataclass
class BodySurvey:
    """What the check needs of one body, found by the loader's worker (load/parallel.py) while it
    holds the text, and kept in the parse cache: no file is looked at here, so the result
    depends on the text alone."""

    rel: str
    links: list[tuple[str, int, str]]  # (site-relative target inside content/, line, as written)
    problem: tuple[int, str] | None  # (line, what) when the Markdown is past its budget (render/markdown_budget.py)


def body_file_links(body: str, rel: str, body_line: int = 1) -> list[tuple[str, int, str]]:
    """(site-relative target inside content/, line, as written) of each relative link of a body
    to a non-Markdown file: Markdown links (`<…>` ones too), link definitions and HTML href/src,
    %-escapes and entities decoded as the renderer decodes them (over-found rather than missed:
    a link inside a code block is looked at too). The one reading of a body's links that the
    file check, the personal-data scan of linked files and the fast rebuild all use."""
    from html import unescape

    links = []
    for pattern, needed in ((_MARKDOWN_LINK, "]("), (_REFERENCE, "]:"), (_HTML_URL, "=")):
        if needed not in body:
            continue  # what the pattern cannot match without: one scan in C instead of a regex search
        for match in pattern.finditer(body):
            written = next(g for g in match.groups() if g is not None)
            target = content_link(unescape(written.strip()), rel)
            if target is None or not target.startswith("content/") or target.lower().endswith(".md"):
                continue
            links.append((target, body_line + body.count("\n", 0, match.start()), written[:80]))
    return links


def survey_body(doc, lang: str, links: list | None = None) -> BodySurvey | None:
    """The relative links of a body that point at non-Markdown files inside content/
    (body_file_links, unless the caller has read them), and its budget problem."""
    body = doc.body
    if links is None:
        links = body_file_links(body, doc.rel, doc.body_line)
    problem = body_problem(body, lang)
    if problem is not None:
        problem = (doc.body_line + problem[0], problem[1])
    if not links and problem is None:
        return None
    return BodySurvey(doc.rel, sorted(set(links), key=lambda item: (item[1], item[0])), problem)
