"""`gongkai check` with the proposed parallel loader (generator/parallel_load.py), for the benchmark.

    python benchmarks/proposed_check.py ROOT AS_OF

Does what `gongkai check --format json` does, except that content files are loaded by
`parallel_load.load_documents` instead of the sequential loop in `site.load_site`: the change
the benchmark README proposes, measured before it is made.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator import site as site_module
from generator.checks import run_checks
from generator.cli import print_findings
from generator.findings import Findings
from generator.model import Entry, Interpretation, Page
from generator.parallel_load import load_documents
from generator.reports import load_reports


def load_site_parallel(root: Path, as_of: dt.date):
    root = root.resolve()
    findings = Findings(lang="zh")
    config = site_module.load_config(root, findings)
    findings.lang = config.language
    site = site_module.Site(root=root, config=config, as_of=as_of)
    site.agencies = site_module.load_agencies(root, config, findings)
    content = root / "content"
    items = [(path, model) for kind, model in (("catalog", Entry), ("interpretations", Interpretation), ("pages", Page))
             for path in site_module.content_files(content / kind)]
    targets = {Entry: site.entries, Interpretation: site.interpretations, Page: site.pages}
    for doc, record in load_documents(items, root, findings):
        site.sources.append(doc)
        if record is not None:
            targets[type(record)].append(record)
    site.reports = load_reports(site, findings)
    return site, findings


def main() -> int:
    site, findings = load_site_parallel(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))
    run_checks(site, findings)
    print_findings(findings, "json")
    return 1 if findings.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
