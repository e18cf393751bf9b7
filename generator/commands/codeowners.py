"""`gongkai codeowners [--check]`: .github/CODEOWNERS from the reviewers in agencies.yml
(generator/authoring/codeowners.py). Exit 1 with --check when the file is stale."""

from __future__ import annotations

import sys

from ..authoring.codeowners import render, repository_root, site_prefix
from ..load.site import load_agencies, load_config
from ..model.config import ConfigError
from ..model.findings import EXIT_ERRORS as EXIT_STALE
from ..model.findings import EXIT_OK, EXIT_USAGE, Findings
from ..text.console import console, joined


def codeowners_command(args) -> int:
    findings = Findings()
    try:
        config = load_config(args.root, findings)
    except ConfigError:
        print(console("zh", "codeowners.config_failed", problem=_messages(findings)), file=sys.stderr)
        return EXIT_USAGE
    lang = findings.lang = config.language
    agencies = load_agencies(args.root, config, findings)
    if not agencies:
        print(console(lang, "codeowners.no_agencies", problem=_messages(findings)), file=sys.stderr)
        return EXIT_USAGE
    repo = repository_root(args.root)
    text, problems = render(agencies, site_prefix(args.root, repo), config.agencies_file)
    for key, problem_args in problems:
        print(console(lang, "codeowners.warning", problem=console(lang, key, **problem_args)), file=sys.stderr)
    target = repo / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == text:
            return EXIT_OK
        print(console(lang, "codeowners.stale", file=target.relative_to(repo)), file=sys.stderr)
        return EXIT_STALE
    target.parent.mkdir(parents=True, exist_ok=True)
    if current != text:
        target.write_text(text, encoding="utf-8")
    print(target.relative_to(repo).as_posix())
    return EXIT_OK


def _messages(findings: Findings) -> str:
    return joined(findings.lang, (f.message for f in findings.sorted()), "clauses")
