"""The pull-request job summary: what a reviewer needs before approving.

    python -m generator.commands.ci_summary --base <base commit> [--artifact NAME] [--root DIR] [--as-of DATE]

prints Markdown (the workflow appends it to $GITHUB_STEP_SUMMARY): the catalog
entries, interpretations and reports this pull request adds, changes or removes
(from `git diff` against the base), whether each will be published and why not,
the numbers of errors and warnings of `gongkai check`, and how many items of the
whole site are withheld (依申请公开, 不予公开, drafts, scheduled).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

STATUS = {"A": "新增", "M": "修改", "D": "删除", "T": "修改"}
WATCHED = ("content/catalog/", "content/interpretations/", "content/reports/", "content/pages/")


@dataclass
class Change:
    status: str  # 新增 · 修改 · 删除 (a moved file is one removal and one addition: its address changes)
    path: str  # relative to the site root


def changed_files(root: Path, base: str) -> list[Change]:
    """Content files changed between the merge base of `base` and HEAD."""
    proc = subprocess.run(["git", "-C", str(root), "diff", "--name-status", "--no-renames", f"{base}...HEAD",
                           "--relative", "--", *WATCHED], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or "git diff failed")
    changes = []
    for line in proc.stdout.splitlines():
        status, *paths = line.split("\t")
        if paths and paths[-1].endswith(".md"):
            changes.append(Change(STATUS.get(status[0], status[0]), paths[-1]))
    return changes


def why_withheld(site, record) -> str:
    """'' when the record is published, else the reason in a few words."""
    if site.is_public(record):
        return ""
    if getattr(record, "draft", False):
        return "草稿"
    disclosure = getattr(record, "disclosure", "主动公开")
    if disclosure != "主动公开":
        return disclosure
    published = getattr(record, "published", None)
    if published is None:
        return "未填发布日期"
    if published > site.as_of:
        return f"定时发布（{published.isoformat()}）"
    return "所解读的文件未公开"


def describe(site, changes: list[Change]) -> list[str]:
    records = {r.source.rel: r for r in (*site.entries, *site.interpretations, *site.pages) if r.source}
    records.update({r.source.rel: r for r in site.reports if getattr(r, "source", None)})
    rows = ["| 变动 | 文件 | 标题 | 索引号 | 发布 |", "| --- | --- | --- | --- | --- |"]
    for change in changes:
        record = records.get(change.path)
        if change.status == "删除":
            rows.append(f"| {change.status} | `{change.path}` |  |  | 从网站撤下 |")
        elif record is None:
            rows.append(f"| {change.status} | `{change.path}` | （未通过检查，见上方注释） |  | 否 |")
        else:
            title = _cell(getattr(record, "title", "") or "")
            index_no = getattr(record, "index_no", "") or ""
            reason = why_withheld(site, record)
            rows.append(f"| {change.status} | `{change.path}` | {title} | {index_no} | {'否：' + reason if reason else '是'} |")
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(root: Path, base: str | None, as_of: dt.date | None, artifact: str | None = None) -> str:
    from ..checks import check_site
    from ..model.config import ConfigError
    from ..plan.outputs import generated_outputs

    try:
        site, findings = check_site(root, as_of=as_of, generated=generated_outputs)
    except ConfigError as exc:
        return "## Gongkai 检查\n\n站点配置无法读取：" + "；".join(f.message for f in exc.findings.sorted()) + "\n"
    errors, warnings = len(findings.errors), len(findings.warnings)
    lines = ["## Gongkai 检查与预览", ""]
    lines.append(f"- {'❌' if errors else '✅'} 错误 **{errors}** 个，警告 **{warnings}** 个"
                 "（逐条标注在“Files changed”中对应的行上）")
    lines.append(f"- 全站不发布的内容 **{site.withheld_count()}** 项（依申请公开、不予公开、草稿或定时发布）")
    lines.append(f"- 按 {site.as_of.isoformat()} 判断定时发布")
    # The workflow passes the name it uploaded under, or nothing when the upload did not happen.
    lines.append(f"- 预览站点：本次运行 Artifacts 中的 `{artifact}`" if artifact
                 else "- 本次运行没有预览站点（生成失败或没有运行到上传）")
    if base:
        try:
            changes = changed_files(root, base)
        except RuntimeError as exc:
            lines += ["", f"无法比较基准分支：{exc}"]
        else:
            added = sum(c.status == "新增" for c in changes)
            modified = sum(c.status == "修改" for c in changes)
            removed = sum(c.status == "删除" for c in changes)
            lines += ["", f"### 本次改动：新增 {added}、修改 {modified}、删除 {removed}", ""]
            lines += describe(site, changes) if changes else ["（没有改动内容文件）"]
    if findings.items:
        counts: dict[str, int] = {}
        for f in findings.items:
            counts[f.code] = counts.get(f.code, 0) + 1
        lines += ["", "### 发现的问题（按代码）", "", "| 代码 | 次数 |", "| --- | --- |"]
        lines += [f"| {code} | {n} |" for code, n in sorted(counts.items())]
        lines += ["", "每个代码的含义和改法见 docs/editors-guide.md 与 docs/findings.md。"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.commands.ci_summary", description="拉取请求的检查摘要（Markdown）")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="站点根目录（含 site_config.yml；默认当前目录）")
    parser.add_argument("--base", help="基准提交（拉取请求的目标分支），用于列出本次改动")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="按此日期判断定时发布（默认今天），YYYY-MM-DD")
    parser.add_argument("--artifact", help="本次运行上传的预览站点构件的名字（空：没有上传）")
    args = parser.parse_args(argv)
    sys.stdout.write(summary(args.root.resolve(), args.base, args.as_of, args.artifact))
    return 0


if __name__ == "__main__":
    sys.exit(main())
