"""Findings: what the checker tells an editor, as data.

A content problem is never an exception. Every stage appends `Finding`s to a
`Findings` collection; the command line prints them all at the end in the
format asked for (text, json, github) and decides the exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..text import messages as i18n
from ..text.console import console

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR or WARNING
    code: str  # stable code, documented in docs/findings.md
    file: str  # path relative to the site root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # front-matter key path such as "published" or "attachments[1].file"; "" for the file
    message: str  # already translated: what is wrong
    hint: str = ""  # how to fix it

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def sort_key(self):
        return (self.file, self.line, self.code, self.field, self.message)


@dataclass
class Findings:
    """All findings of one run, collected before anything fails."""

    lang: str = "zh"
    items: list[Finding] = field(default_factory=list)

    def add(self, level: str, code: str, file: str | Path, line: int, field: str,
            *, hint_args: dict | None = None, **args) -> Finding:
        """Record a finding whose message comes from the catalogue in i18n."""
        message, hint = i18n.message(code, self.lang, args, hint_args)
        finding = Finding(level, code, _posix(file), int(line or 0), field, message, hint)
        self.items.append(finding)
        return finding

    def error(self, code: str, file, line: int, field: str, **args) -> Finding:
        return self.add(ERROR, code, file, line, field, **args)

    def warning(self, code: str, file, line: int, field: str, **args) -> Finding:
        return self.add(WARNING, code, file, line, field, **args)

    def extend(self, other: Iterable[Finding]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.level == WARNING]

    def sorted(self) -> list[Finding]:
        return sorted(set(self.items), key=Finding.sort_key)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def _posix(file: str | Path) -> str:
    return Path(file).as_posix() if file else ""


# --- output formats -----------------------------------------------------------------------

def format_text(findings: list[Finding], lang: str) -> str:
    lines = []
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        level = i18n.label(f.level, lang)
        field = f" [{f.field}]" if f.field else ""
        lines.append(f"{where}: {level} {f.code}{field}: {f.message}")
        if f.hint:
            lines.append(f"    {i18n.label('hint', lang)}: {f.hint}")
    return "\n".join(lines)


def format_json(findings: list[Finding]) -> str:
    return "\n".join(json.dumps(f.as_dict(), ensure_ascii=False) for f in findings)


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: the annotation lands on the changed line."""
    out = []
    for f in findings:
        text = f"{f.code} {f.field + ': ' if f.field else ''}{f.message}"
        if f.hint:
            text += f" — {f.hint}"
        props = f"file={_gh_escape_prop(f.file)}"
        if f.line:
            props += f",line={f.line}"
        props += f",title={_gh_escape_prop(f.code)}"
        out.append(f"::{f.level} {props}::{_gh_escape_data(text)}")
    return "\n".join(out)


def _gh_escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(s: str) -> str:
    return _gh_escape_data(s).replace(":", "%3A").replace(",", "%2C")


# --- what every command prints, and its exit code --------------------------------------------

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2  # clean · content errors · usage or configuration


def print_findings(findings: Findings, fmt: str, stream=None) -> None:
    """The findings, sorted, in the format asked for (text, json, github)."""
    items = findings.sorted()
    if fmt == "json":
        text = format_json(items)
    elif fmt == "github":
        text = format_github(items)
    else:
        text = format_text(items, findings.lang)
    if text:
        print(text, file=stream or sys.stdout)


def summary_line(findings: Findings, withheld: int | None) -> str:
    lang = findings.lang
    line = console(lang, "summary", errors=len(findings.errors), warnings=len(findings.warnings))
    return line + (console(lang, "summary.withheld", withheld=withheld) if withheld is not None else "")


def announce_findings(findings: Findings, withheld: int | None, args, stream=None) -> bool:
    """Print the findings as `gongkai check` does (the summary on stderr in text format);
    True when they stop the command (errors, or warnings with --strict)."""
    fmt = getattr(args, "format", "text")
    print_findings(findings, fmt, stream)
    if fmt == "text":
        print(summary_line(findings, withheld), file=sys.stderr)
    return findings.failed(getattr(args, "strict", False))


def config_failed(exc, args) -> int:
    """site_config.yml could not be used (a ConfigError): print why; a configuration problem, not content."""
    print_findings(exc.findings, getattr(args, "format", "text"))
    return EXIT_USAGE
