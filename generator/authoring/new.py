"""`gongkai new entry|interpretation|consultation|report`: start a file from a template.

Works from flags alone (CI, scripts); in a terminal it asks for the agency and the
title when they are missing. It never overwrites a file, and gives a new entry the
next free 索引号 (generator/authoring/serials.py explains how collisions are avoided).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..load.site import load_agencies, load_config
from ..load.validate import suggest
from ..model import vocab
from ..model.config import ConfigError
from ..model.findings import Findings
from ..text.console import ConsoleError, console, joined
from . import serials, templates


class UsageError(ConsoleError):
    """A problem with the command line or the agency list: printed in the site's language
    (Chinese until site_config.yml is read), exit 2."""


def _create(args) -> Path:
    lang, agencies = _agencies(args.root)
    agency = _choose_agency(args.agency, agencies, lang)
    date = args.date or dt.date.today()
    year = args.year or date.year
    if args.kind == "report":
        return _new_report(args, agency, args.year or date.year - 1, lang)
    title = _ask_title(args.title, lang)
    if args.kind == "interpretation":
        return _new_interpretation(args, agency, title, date, lang)
    if args.kind == "consultation":
        return _new_consultation(args, agency, title, date, lang)
    return _new_entry(args, agency, title, date, year, lang)


# --- agencies -----------------------------------------------------------------------------

def _agencies(root: Path) -> tuple[str, dict]:
    """The site's language and its agencies."""
    findings = Findings()
    try:
        config = load_config(root, findings)
    except ConfigError:
        if len(findings):
            raise UsageError("new.findings", problem=_findings_text(findings)) from None
        raise UsageError("new.no_config", root=root) from None
    findings.lang = config.language
    agencies = load_agencies(root, config, findings)
    if not agencies:
        raise UsageError("new.no_agencies", config.language,
                         problem=_findings_text(findings) or config.agencies_file)
    return config.language, agencies


def _findings_text(findings: Findings) -> str:
    return joined(findings.lang, (f"{f.file}:{f.line} {f.message}" for f in findings.sorted()), "clauses")


def _agency_list(agencies: dict) -> str:
    return "\n".join(f"  {i}. {a.id}  {a.name}" for i, a in enumerate(agencies.values(), 1))


def _choose_agency(given: str | None, agencies: dict, lang: str):
    if given:
        if given in agencies:
            return agencies[given]
        by_name = [a for a in agencies.values() if given in (a.name, a.short_name)]
        if len(by_name) == 1:
            return by_name[0]
        raise UsageError("new.unknown_agency", lang, agency=given, suggestion=suggest(given, list(agencies), lang),
                         agencies=_agency_list(agencies))
    if not sys.stdin.isatty():
        raise UsageError("new.agency_missing", lang, agencies=_agency_list(agencies))
    print(console(lang, "new.choose_agency", agencies=_agency_list(agencies)), file=sys.stderr)
    answer = _ask(console(lang, "new.ask_agency"))
    if answer.isdigit() and 1 <= int(answer) <= len(agencies):
        return list(agencies.values())[int(answer) - 1]
    return _choose_agency(answer or console(lang, "new.empty_answer"), agencies, lang)


def _ask_title(given: str | None, lang: str) -> str:
    if given and given.strip():
        return given.strip()
    if not sys.stdin.isatty():
        raise UsageError("new.title_missing", lang)
    title = _ask(console(lang, "new.ask_title"))
    if not title:
        raise UsageError("new.title_empty", lang)
    return title


def _ask(prompt: str) -> str:
    """Ask on stderr, so that stdout carries only the path (scripts read it)."""
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


# --- writing ------------------------------------------------------------------------------

def write_new(path: Path, text: str, lang: str) -> Path:
    """Create the file; never overwrite (open mode 'x' also closes the race with a second run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError("new.exists", lang, path=path) from None
    return path


def free_name(folder: Path, stem: str) -> Path:
    """stem.md, or stem-2.md, stem-3.md … when a file of that name exists already."""
    candidate, n = folder / f"{stem}.md", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.md", n + 1
    return candidate


def _new_entry(args, agency, title: str, date: dt.date, year: int, lang: str) -> Path:
    if not agency.code:
        raise UsageError("new.no_code", lang, agency=agency.id)
    index_no = serials.allocate(args.root, agency.code, year)
    dated = args.date is not None or year == date.year
    values = {
        "title": title,
        "index_no": index_no,
        "agency": agency.id,
        "written": date if dated else None,
        "published": date if dated else None,
        "disclosure": vocab.PUBLIC,
        "draft": True,
    }
    folder = args.root / "content" / "catalog" / agency.id / str(year)
    serial = index_no.rsplit("-", 1)[1]
    return write_new(free_name(folder, serial), templates.entry_text(values), lang)


def _new_interpretation(args, agency, title: str, date: dt.date, lang: str) -> Path:
    """Interpretations go in content/interpretations/<agency>/ so that CODEOWNERS can give
    each department's interpretations to its own reviewers (see generator/authoring/codeowners.py)."""
    interprets = list(args.interprets or [])
    known = set(serials.numbers_in_tree(args.root / "content"))
    for number in interprets:
        if number not in known:
            print(console(lang, "new.unknown_number", number=number), file=sys.stderr)
    values = {
        "title": title,
        "agency": agency.id,
        "published": date,
        "interprets": interprets,
        "draft": True,
    }
    folder = args.root / "content" / "interpretations" / agency.id
    return write_new(free_name(folder, date.isoformat()), templates.interpretation_text(values), lang)


def _new_consultation(args, agency, title: str, date: dt.date, lang: str) -> Path:
    """Consultations go in content/consultations/<agency>/, one folder per agency like interpretations;
    the draft is open for 30 days from --date unless the editor changes `closes`."""
    values = {"title": title, "agency": agency.id, "opens": date, "closes": date + dt.timedelta(days=30),
              "feedback": _feedback_channels(args.root, agency), "draft": True}
    folder = args.root / "content" / "consultations" / agency.id
    return write_new(free_name(folder, date.isoformat()), templates.consultation_text(values), lang)


def _feedback_channels(root: Path, agency) -> list[str]:
    """The written channels a consultation starts with: the office's (site_config.yml apply_channels),
    else the agency's own published mailbox or address; the editor adjusts them."""
    channels = load_config(root, Findings()).apply_channels
    found = []
    if channels.email:
        found.append(f"电子邮件：{channels.email}")
    if channels.post_address:
        found.append(f"信函：{channels.post_address}" + (f"（邮编 {channels.post_code}）" if channels.post_code else ""))
    if channels.fax:
        found.append(f"传真：{channels.fax}")
    if not found:
        found += [f"电子邮件：{email}" for email in agency.emails]
        found += [f"信函：{agency.address}"] if agency.address else []
    return found or [f"信函：{agency.name}"]


def _new_report(args, agency, year: int, lang: str) -> Path:
    try:
        from ..load.site import load_site
        from .report import new_report_text
    except ImportError as exc:
        raise UsageError("new.no_report_template", lang, error=exc) from exc
    try:
        site, _ = load_site(args.root)
    except ConfigError as exc:
        raise UsageError("new.findings", lang, problem=_findings_text(exc.findings)) from exc
    path = args.root / "content" / "reports" / agency.id / f"{year}.md"
    return write_new(path, new_report_text(site, agency.id, year), lang)
