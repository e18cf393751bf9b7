"""Site-wide checks: each module looks at the loaded `Site` and adds findings.

Every check is a function `check(site, findings)`; they run in this order and
all of them run, so an editor sees every problem in one run.

What needs only one file runs earlier, in the loader's worker that read the file
(`FileChecks`, called by generator/load/parallel.py): the personal-data scan needs the
text, which the parent never keeps, and the identifier checks the raw front matter. The
results wait in the Site (site.scans, site.identities) until their module's `check` adds
them and compares across files.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..model.findings import Findings
from .identity import catalog_folder


def load_checked(root, as_of=None, lang: str | None = None, cache: bool = False, shard: set | None = None):
    """Load the site with the per-file checks run as each file is read (the loader knows nothing
    of the checks: they are handed to it). Returns (site, findings); `run_checks` does the rest.
    `shard`: the agencies of a shard build, whose files alone get the per-file checks (ShardFileChecks)."""
    from ..load.site import load_site

    file_checks = FileChecks.of if shard is None else functools.partial(ShardFileChecks.of, shard)
    return load_site(root, as_of=as_of, lang=lang, cache=cache, file_checks=file_checks)


def check_site(root, as_of=None, lang: str | None = None, cache: bool = False, generated=None,
               shard: set | None = None, fork: bool = True):
    """Load and check the whole site: what `gongkai check` and `gongkai build` start with.
    `generated(site)`: every output path the build generates (plan/outputs.py), which no content
    file may take; the planner comes after the checks, so the commands hand it down.
    `shard`: the agencies of `gongkai build --shard`: the findings are those of the files the
    shard owns (docs/design.md, "Sharded builds"); every other file's are its own shard's.
    `fork`: on a large site, run some cross-file checks in a forked process (run_checks)."""
    site, findings = load_checked(root, as_of, lang, cache, shard)
    site.generated_outputs = generated
    run_checks(site, findings, fork)
    if shard is not None:
        others = set(site.agencies) - set(shard)
        findings.items = [f for f in findings.items if not reported_by_its_shard(f.file, others)]
    return site, findings


def reported_by_its_shard(rel: str, others) -> bool:
    """Whether a finding on this file is another shard's to report: one of its agencies' catalog
    Markdown files. Any other file such a folder holds (an attachment, a file a body links to)
    is reported by every shard that finds a problem in it: a body in one agency's folder may
    link a file in another's, and only the shard that renders that body sees the link."""
    return rel.endswith(".md") and in_catalog_of(rel, others)


def in_catalog_of(rel: str, agencies) -> bool:
    """Whether a site-relative path lies in the catalog folder of one of `agencies`. A file directly
    under content/catalog/ or in a folder that is no agency's is nobody's: every shard checks it."""
    return catalog_folder(rel) in agencies


def run_checks(site, findings: Findings, fork: bool = True) -> Findings:
    """The cross-file checks. `fork` False: all in this process, even on a large site (a build:
    the forked process was its largest moment of memory, for about 1 s of 300 at 10⁵ entries)."""
    from ..load.site import cyclic_gc_paused  # the checks build indexes over every record: see there
    from . import entry_index

    try:
        with cyclic_gc_paused():
            return _run_checks(site, findings, fork)
    finally:
        entry_index.drop(site)


# At this many records or more, the cross-file checks run on two cores: FORKED_CHECKS in a forked
# process, the others here (about 2.4 s of CPU after the loader at 100,000 entries; forking a pool
# costs more than it saves on a small site).
PARALLEL_CHECKS_FROM = 20_000
# A little less than half the checks' time: the forked process also pays for the fork and for
# touching the inherited records (benchmarks/README.md, "Cold `gongkai check`"). The date and
# interpretation checks share one working-day calendar, which says CAT024 once per year to
# whichever counts in it first: they run in the same process (here).
FORKED_CHECKS = ("identity", "disclosure", "consultations", "reports")


def _run_checks(site, findings: Findings, fork: bool) -> Findings:
    modules = _check_modules()
    forked = [m for m in modules if m.__name__.rsplit(".", 1)[1] in FORKED_CHECKS]
    if (not fork or len(site.entries) < PARALLEL_CHECKS_FROM or not forked
            or "fork" not in multiprocessing.get_all_start_methods()):
        for module in modules:
            module.check(site, findings)
        return findings
    _forked_site.update(site=site, lang=findings.lang)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            elsewhere = pool.submit(_check_in_child, [m.__name__ for m in forked])
            found = {m.__name__: _findings_of(m, site, findings.lang) for m in modules if m not in forked}
            found.update(elsewhere.result())  # an exception in a check is raised here, as it would be
    finally:
        _forked_site.clear()
    for module in modules:  # in the order of a run on one core: the same list of findings
        findings.extend(found[module.__name__])
    return findings


def _check_modules() -> list:
    from . import (
        apply,
        consultations,
        dates,
        disclosure,
        identity,
        interpretations,
        personal_data,
        published_files,
        references,
    )
    from . import reports as report_checks

    return [identity, dates, disclosure, references, published_files, interpretations, consultations,
            personal_data, apply, report_checks]


_forked_site: dict = {}  # set before forking: the child inherits the loaded site, nothing is pickled but findings


def _findings_of(module, site, lang: str) -> list:
    found = Findings(lang=lang)
    module.check(site, found)
    return found.items


def _check_in_child(names: list[str]) -> dict[str, list]:
    import importlib

    site, lang = _forked_site["site"], _forked_site["lang"]
    return {name: _findings_of(importlib.import_module(name), site, lang) for name in names}


@dataclass
class FileChecks:
    """The per-file checks, sent to the loader's workers: picklable, and nothing in it depends on the
    run's date (their results are kept in the parse cache)."""

    scanner: object  # personal_data.Scanner
    agencies: dict
    lang: str
    max_bytes: int = 0  # the largest content file the loader reads (site_config.yml max_file_mb)
    cache_key = ""  # what the parse cache's key adds for these checks: nothing, they are the full ones

    @classmethod
    def of(cls, config, agencies: dict, lang: str) -> FileChecks:
        from ..load.file_guard import max_file_bytes
        from .personal_data import Scanner

        return cls(Scanner.of(config, agencies, lang), agencies, lang, max_file_bytes(config))

    def check(self, doc, record, loaded: bool):
        """(personal-data FileScan or None, identity FileIdentity or None, published_files.BodySurvey
        or None), or None when all are. `doc` holds the file's text; `loaded` False: the file did not
        load and `doc` is its text only."""
        from .identity import identify
        from .published_files import body_file_links, survey_body

        links = body_file_links(doc.body, doc.rel, doc.body_line) if loaded else None  # read once for both
        scan = self.scanner.scan(doc, record, links)
        ident = identify(doc, self.agencies, self.lang) if loaded else None
        survey = survey_body(doc, self.lang, links) if loaded else None
        return (scan, ident, survey) if scan is not None or ident is not None or survey is not None else None


@dataclass
class ShardFileChecks:
    """The per-file checks of a shard build (`gongkai build --shard`). A file the shard owns (its
    agencies' catalog files, and every file outside the catalog) gets all of them; another
    agency's catalog file only what the cross-file checks compare across files, its 索引号 and
    文号 (identity.identify): its body is not scanned for personal data nor surveyed for links,
    which its own shard does (docs/design.md, "Sharded builds")."""

    full: FileChecks
    others: frozenset  # the agencies of the other shards

    @classmethod
    def of(cls, shard: set, config, agencies: dict, lang: str) -> ShardFileChecks:
        return cls(FileChecks.of(config, agencies, lang), frozenset(set(agencies) - set(shard)))

    @property
    def max_bytes(self) -> int:
        return self.full.max_bytes

    @property
    def cache_key(self) -> str:
        """Told apart in the parse cache: its rows of other agencies' files lack their scans."""
        return "shard-others:" + ",".join(sorted(self.others))

    def check(self, doc, record, loaded: bool):
        if not in_catalog_of(doc.rel, self.others):
            return self.full.check(doc, record, loaded)
        from .identity import identify

        ident = identify(doc, self.full.agencies, self.full.lang) if loaded else None
        return (None, ident, None) if ident is not None else None
