"""The pull-request job summary: added/changed entries with their publication status, counts."""

from __future__ import annotations

import subprocess
import sys

from sitekit import HZ, REPO, git, make_site, write_entry


def summary(root, *args) -> str:
    result = subprocess.run([sys.executable, "-m", "generator.commands.ci_summary", "--root", str(root), *args],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_summary_lists_the_changes_of_the_branch(tmp_path):
    root = make_site(tmp_path)
    old = write_entry(root, "hz-office/2026/old.md", f"{HZ}/2026-00001")
    old.write_text(old.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    write_entry(root, "hz-office/2026/gone.md", f"{HZ}/2026-00002", title="关于撤回的示例文件的通知（撤下后不再公开）")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "editor")
    write_entry(root, "hz-office/2026/new-draft.md", f"{HZ}/2026-00003", title="新草稿")
    scheduled = write_entry(root, "hz-office/2026/later.md", f"{HZ}/2026-00004", title="定时发布的通知")
    scheduled.write_text(scheduled.read_text(encoding="utf-8").replace("draft: true", "draft: false\nscheduled: true")
                         .replace("published: 2026-01-05", "published: 2026-12-01"), encoding="utf-8")
    old.write_text(old.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    (root / "content" / "catalog" / "hz-office" / "2026" / "gone.md").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "changes")

    text = summary(root, "--base", "main", "--as-of", "2026-06-01")
    assert "### 本次改动：新增 2、修改 1、删除 1" in text
    rows = {line.split(" | ")[1].strip("`"): line for line in text.splitlines() if line.startswith("| ") and "`" in line}
    assert "否：草稿" in rows["content/catalog/hz-office/2026/new-draft.md"]
    assert "否：定时发布（2026-12-01）" in rows["content/catalog/hz-office/2026/later.md"]
    assert rows["content/catalog/hz-office/2026/old.md"].startswith("| 修改 |")
    assert rows["content/catalog/hz-office/2026/old.md"].endswith("| 是 |")
    assert "从网站撤下" in rows["content/catalog/hz-office/2026/gone.md"]
    assert "全站不发布的内容 **2** 项" in text
    assert "错误 **0** 个" in text


def test_summary_counts_findings_by_code(tmp_path):
    root = make_site(tmp_path)
    write_entry(root, "hz-office/2026/dup-a.md", f"{HZ}/2026-00005")
    write_entry(root, "hz-office/2026/dup-b.md", f"{HZ}/2026-00005")
    text = summary(root)
    assert "❌" in text and "| CAT004 |" in text
    assert "本次改动" not in text  # no --base: no diff section
