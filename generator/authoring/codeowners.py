"""`gongkai codeowners`: .github/CODEOWNERS from the reviewers in agencies.yml.

Review is the approval step (docs/design.md#review): with branch protection's "Require review
from Code Owners", a pull request that touches a department's folders needs an
approval from that department's reviewers. The file says, last rule winning:

    *                                         the disclosure office (default)
    /content/catalog/<agency>/                the agency's reviewers
    /content/reports/<agency>/                the agency's reviewers
    /content/interpretations/<agency>/        the agency's reviewers

The disclosure office is the reviewers of the agency of kind 政府 (the top one,
without a parent, when there are several); it owns everything else: site_config.yml,
agencies.yml (so a department cannot change its own reviewers alone), pages, the
generator, CODEOWNERS itself, and interpretations kept directly in
content/interpretations/ (the layout `gongkai new interpretation` writes is one
folder per agency, so that each department reviews its own interpretations).

`--check` exits 1 when the committed file differs from what agencies.yml implies.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

FOLDERS = ("catalog", "reports", "interpretations")
_HANDLE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A warning for the command to print: its key in generator/text/console.py and the arguments.
Problem = tuple[str, dict]


def repository_root(root: Path) -> Path:
    """CODEOWNERS lives at the top of the Git repository, which may hold the site in a subfolder."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return root
    top = out.stdout.strip()
    return Path(top).resolve() if out.returncode == 0 and top else root


def site_prefix(root: Path, repo: Path) -> str:
    rel = root.resolve().relative_to(repo).as_posix()
    return "" if rel == "." else "/" + rel


def owner_handles(reviewers: list[str], agency_id: str, problems: list[Problem]) -> list[str]:
    """@user, @org/team or an e-mail address; a bare name gets its '@'."""
    handles = []
    for reviewer in reviewers:
        reviewer = reviewer.strip()
        if _EMAIL.match(reviewer):
            handles.append(reviewer)
        elif _HANDLE.match(reviewer):
            handles.append(reviewer if reviewer.startswith("@") else "@" + reviewer)
        else:
            problems.append(("codeowners.bad_reviewer", {"agency": agency_id, "reviewer": repr(reviewer)}))
    return handles


def disclosure_office(agencies: dict, problems: list[Problem]) -> list[str]:
    governments = [a for a in agencies.values() if a.kind == "政府" and a.reviewers]
    top = [a for a in governments if not a.parent or a.parent not in agencies] or governments
    handles: list[str] = []
    for agency in top:
        for handle in owner_handles(agency.reviewers, agency.id, problems):
            if handle not in handles:
                handles.append(handle)
    if not handles:
        problems.append(("codeowners.no_default", {}))
    return handles


def render(agencies: dict, prefix: str, agencies_file: str) -> tuple[str, list[Problem]]:
    problems: list[Problem] = []
    default = disclosure_office(agencies, problems)
    rows: list[tuple[str, str]] = []
    lines = [
        "# 由 gongkai codeowners 根据 " + agencies_file + " 的 reviewers 生成，请勿手工修改。",
        "# 更换审核人：修改 " + agencies_file + "，运行 gongkai codeowners，把两个文件一起提交。",
        "# 规则自上而下，后面的规则优先。配合分支保护的“Require review from Code Owners”才有约束力。",
        "",
        "# 默认：政务公开办（类别为“政府”的机构的审核人）负责站点配置、机构列表、页面和其余一切",
    ]
    if default:
        rows.append(("*", " ".join(default)))
    for agency in agencies.values():
        handles = owner_handles(agency.reviewers, agency.id, problems)
        rows.append(("", f"# {agency.name}（{agency.id}）" + ("" if handles else "：未填写审核人，由默认审核人负责")))
        if handles:
            rows += [(f"{prefix}/content/{folder}/{agency.id}/", " ".join(handles)) for folder in FOLDERS]
    width = max((len(path) for path, _ in rows if path), default=1) + 2
    for path, owners in rows:
        if not path:
            lines += ["", owners]
        else:
            lines.append(path.ljust(width) + owners)
    return "\n".join(lines) + "\n", problems
