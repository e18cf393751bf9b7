"""Small content trees for the editors'-workflow tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SEEDS = REPO.parent / "shared" / "seeds"

# A department and a government, with real-format codes whose check characters are valid.
AGENCIES = """\
agencies:
  - id: hz-office
    name: 惠州市人民政府办公室
    short_name: 市府办
    kind: 部门
    code: 11441300007187648G
    doc_prefixes: [惠府办]
    reviewers: ["@hz/office-reviewers", "@hz-lead"]
  - id: hz-gov
    name: 惠州市人民政府
    kind: 政府
    code: "000014349"
    doc_prefixes: [惠府]
    reviewers: ["@hz/disclosure-office"]
  - id: no-code
    name: 示例无代码机构
    kind: 其他
"""

HZ = "11441300007187648G"


def make_site(root: Path, agencies: str = AGENCIES) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text("title: 测试站点\nbase_url: https://example.gov.cn/\n", encoding="utf-8")
    (root / "content" / "agencies.yml").write_text(agencies, encoding="utf-8")
    return root


def demo_site(root: Path, with_catalog: bool = False) -> Path:
    """The demo's configuration and agencies (the seeds' real issuing bodies), optionally its catalog."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    (root / "content").mkdir(exist_ok=True)
    shutil.copy(REPO / "content" / "agencies.yml", root / "content" / "agencies.yml")
    if with_catalog:
        shutil.copytree(REPO / "content" / "catalog", root / "content" / "catalog")
    return root


def write_entry(root: Path, rel: str, index_no: str, *, valid: bool = True, title: str = "旧条目") -> Path:
    """An entry file; `valid=False` writes one whose YAML does not parse (the number must count anyway)."""
    path = root / "content" / "catalog" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    agency = rel.split("/")[0]
    if valid:
        text = (f"---\ntitle: {title}\nindex_no: {index_no}\nagency: {agency}\nwritten: 2026-01-05\n"
                f"published: 2026-01-05\ndisclosure: 主动公开\ndraft: true\n---\n正文\n")
    else:
        text = f"---\ntitle: [没有闭合的括号\nindex_no: \"{index_no}\"\n---\n正文\n"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`gongkai ARGS` as an editor types it (module form, so the test uses this checkout)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, input=stdin or "", timeout=300,  # never a terminal
                          env=dict(os.environ, PYTHONPATH=str(REPO)))


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return proc.stdout


def front(path: Path) -> dict:
    """The front matter of a written file, parsed as the site loader does (dates stay text)."""
    import yaml

    text = path.read_text(encoding="utf-8")
    _, block, _ = text.split("---\n", 2)
    return yaml.safe_load(block) or {}
