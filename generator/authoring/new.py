"""`gongkai new entry|interpretation|report`: start a file from a template.

Works from flags alone (CI, scripts); in a terminal it asks for the agency and the
title when they are missing. It never overwrites a file, and gives a new entry the
next free 索引号 (generator/authoring/serials.py explains how collisions are avoided).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from . import serials, templates
from ..model import vocab
from ..model.findings import Findings
from ..model.config import ConfigError
from ..load.site import load_agencies, load_config
from ..load.validate import suggest


class UsageError(Exception):
    """A problem with the command line or the agency list: printed in Chinese, exit 2."""


def _create(args) -> Path:
    agencies = _agencies(args.root)
    agency = _choose_agency(args.agency, agencies)
    date = args.date or dt.date.today()
    year = args.year or date.year
    if args.kind == "report":
        return _new_report(args, agency, args.year or date.year - 1)
    title = _ask_title(args.title)
    if args.kind == "interpretation":
        return _new_interpretation(args, agency, title, date)
    return _new_entry(args, agency, title, date, year)


# --- agencies -----------------------------------------------------------------------------

def _agencies(root: Path) -> dict:
    findings = Findings()
    try:
        config = load_config(root, findings)
    except ConfigError:
        raise UsageError(_findings_text(findings) or f"{root} 中没有可用的 site_config.yml")
    agencies = load_agencies(root, config, findings)
    if not agencies:
        raise UsageError("机构列表为空或无法读取：" + (_findings_text(findings) or config.agencies_file))
    return agencies


def _findings_text(findings: Findings) -> str:
    return "；".join(f"{f.file}:{f.line} {f.message}" for f in findings.sorted())


def _agency_list(agencies: dict) -> str:
    return "\n".join(f"  {i}. {a.id}  {a.name}" for i, a in enumerate(agencies.values(), 1))


def _choose_agency(given: str | None, agencies: dict):
    if given:
        if given in agencies:
            return agencies[given]
        by_name = [a for a in agencies.values() if given in (a.name, a.short_name)]
        if len(by_name) == 1:
            return by_name[0]
        raise UsageError(f"机构 {given} 不在 agencies.yml 中{suggest(given, list(agencies))}\n"
                         f"可用的机构：\n{_agency_list(agencies)}")
    if not sys.stdin.isatty():
        raise UsageError(f"缺少 --agency（发布机构 id）。可用的机构：\n{_agency_list(agencies)}")
    print(f"请选择发布机构：\n{_agency_list(agencies)}", file=sys.stderr)
    answer = _ask("输入编号或机构 id：")
    if answer.isdigit() and 1 <= int(answer) <= len(agencies):
        return list(agencies.values())[int(answer) - 1]
    return _choose_agency(answer or "（空）", agencies)


def _ask_title(given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    if not sys.stdin.isatty():
        raise UsageError("缺少 --title（标题）")
    title = _ask("标题：")
    if not title:
        raise UsageError("标题不能为空")
    return title


def _ask(prompt: str) -> str:
    """Ask on stderr, so that stdout carries only the path (scripts read it)."""
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


# --- writing ------------------------------------------------------------------------------

def write_new(path: Path, text: str) -> Path:
    """Create the file; never overwrite (open mode 'x' also closes the race with a second run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"文件 {path} 已存在，未覆盖")
    return path


def free_name(folder: Path, stem: str) -> Path:
    """stem.md, or stem-2.md, stem-3.md … when a file of that name exists already."""
    candidate, n = folder / f"{stem}.md", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.md", n + 1
    return candidate


def _new_entry(args, agency, title: str, date: dt.date, year: int) -> Path:
    if not agency.code:
        raise UsageError(f"机构 {agency.id} 在 agencies.yml 中没有 code（统一社会信用代码或组织机构代码），"
                         "无法生成索引号：请先在 agencies.yml 中补上 code")
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
    return write_new(free_name(folder, serial), templates.entry_text(values))


def _new_interpretation(args, agency, title: str, date: dt.date) -> Path:
    """Interpretations go in content/interpretations/<agency>/ so that CODEOWNERS can give
    each department's interpretations to its own reviewers (see generator/authoring/codeowners.py)."""
    interprets = list(args.interprets or [])
    known = set(serials.numbers_in_tree(args.root / "content"))
    for number in interprets:
        if number not in known:
            print(f"提示：索引号 {number} 在 content/ 中还没有对应的条目", file=sys.stderr)
    values = {
        "title": title,
        "agency": agency.id,
        "published": date,
        "interprets": interprets,
        "draft": True,
    }
    folder = args.root / "content" / "interpretations" / agency.id
    return write_new(free_name(folder, date.isoformat()), templates.interpretation_text(values))


def _new_report(args, agency, year: int) -> Path:
    try:
        from .report import new_report_text
        from ..load.site import load_site
    except ImportError as exc:
        raise UsageError(f"年报模板尚不可用（{exc}）")
    try:
        site, _ = load_site(args.root)
    except ConfigError as exc:
        raise UsageError(_findings_text(exc.findings))
    path = args.root / "content" / "reports" / agency.id / f"{year}.md"
    return write_new(path, new_report_text(site, agency.id, year))
