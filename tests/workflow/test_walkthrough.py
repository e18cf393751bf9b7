"""A new editor's walk from an empty clone to a built preview, with the commands of
docs/editors-guide.md and the pull-request workflow (check, summary, build)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitekit import REPO, front, git, run

AS_OF = "2026-11-23"
TITLE = "湛江市财政局关于做好示例资金公开工作的通知"


@pytest.mark.slow
def test_from_clone_to_preview(tmp_path):
    clone = tmp_path / "xxgk"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    git(clone, "switch", "-qc", "zj-czj/shili-tongzhi")

    made = run("new", "entry", "--root", clone, "--agency", "zj-czj", "--title", TITLE, "--date", "2026-11-20")
    assert made.returncode == 0, made.stderr
    path = clone / made.stdout.strip()
    index_no = front(path)["index_no"]
    text = path.read_text(encoding="utf-8")
    text = (text.replace("draft: true", "draft: false")
                .replace("topic:  #", "topic: 财政、金融、审计\\财政  #")
                .replace("genre:  #", "genre: 通知  #")
                .replace("summary:  #", "summary: 要求各单位按时公开示例资金的分配和使用情况。  #"))
    path.write_text(text + "\n各单位：\n\n请于12月31日前公开示例资金的分配和使用情况。\n\n湛江市财政局  \n2026年11月20日\n",
                    encoding="utf-8")

    check = run("check", "--root", clone, "--as-of", AS_OF, "--format", "github")
    assert check.returncode == 0, check.stdout + check.stderr
    assert path.name not in check.stdout  # nothing to annotate on the new file

    git(clone, "add", str(path.relative_to(clone)))
    git(clone, "commit", "-qm", f"新增：{TITLE}")
    summary = subprocess.run([sys.executable, "-m", "generator.commands.ci_summary", "--root", str(clone), "--base",
                              "origin/HEAD", "--as-of", AS_OF], capture_output=True, text=True, cwd=REPO)
    assert summary.returncode == 0, summary.stderr
    row = next(line for line in summary.stdout.splitlines() if TITLE in line)
    assert row.startswith("| 新增 |") and index_no in row and row.endswith("| 是 |")

    assert run("codeowners", "--root", clone, "--check").returncode == 0
    preview = tmp_path / "preview"
    build = run("build", "--root", clone, "-o", preview, "--no-search", "--as-of", AS_OF)
    assert build.returncode == 0, build.stderr
    pages = [p for p in preview.rglob("index.html") if TITLE in p.read_text(encoding="utf-8")
             and index_no in p.read_text(encoding="utf-8")]
    assert pages, "the new entry has no page in the preview"
