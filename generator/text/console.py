"""What the commands print to the terminal, in Chinese and English (site_config.yml `language`).

Findings have their own messages (messages.py); these are the lines around them: the summary
after a check, what a build did, why it stopped. One table, so that a translator or a reviewer
sees every line a command can print in one place.
"""

from __future__ import annotations

CONSOLE: dict[str, dict[str, str]] = {
    "zh": {
        "summary": "{errors} 个错误，{warnings} 个警告",
        "summary.withheld": "；{withheld} 项不发布（依申请公开、不予公开、草稿或定时发布）",
        "build.not_built": "有错误，未生成站点；原有的输出目录保持不变。",
        "build.failed": "构建失败，原有的输出目录保持不变：{error}",
        "build.done": "已生成 {pages} 个页面（{reused} 个未变，取自缓存）→ {out}（{seconds:.1f} 秒）",
        "build.same": "内容与上次构建相同，站点无需重新生成 → {out}（{seconds:.1f} 秒）",
        "build.fast": "只有正文有改动：更新了 {pages} 个页面（{html:.1f} 秒）和 {shards} 个搜索分卷 → {out}（共 {seconds:.1f} 秒）",
        "shard.unknown_agency": "--shard 中的机构 id 不在 agencies.yml 中：{ids}",
        "shard.done": "分片已生成 {pages} 个页面（{reused} 个未变，取自缓存）→ {out}（{seconds:.1f} 秒）",
        "shard.failed": "分片构建失败，原有的输出目录保持不变：{error}",
        "assemble.done": "已合并 {shards} 个分片，另生成 {pages} 个门户页面 → {out}（{seconds:.1f} 秒）",
        "assemble.failed": "合并失败，原有的输出目录保持不变：{error}",
    },
    "en": {
        "summary": "{errors} error(s), {warnings} warning(s)",
        "summary.withheld": "; {withheld} item(s) withheld from publication (non-public, draft or scheduled)",
        "build.not_built": "Errors found: the site was not built; the previous output is unchanged.",
        "build.failed": "Build failed; the previous output is unchanged: {error}",
        "build.done": "Built {pages} pages ({reused} unchanged, from the cache) → {out} ({seconds:.1f} s)",
        "build.same": "Content unchanged since the last build: the site is as it was → {out} ({seconds:.1f} s)",
        "build.fast": "Only bodies changed: {pages} page(s) updated ({html:.1f} s) and {shards} search shard(s) → {out} "
                      "({seconds:.1f} s in all)",
        "shard.unknown_agency": "--shard names agencies that are not in agencies.yml: {ids}",
        "shard.done": "Shard built: {pages} pages ({reused} unchanged, from the cache) → {out} ({seconds:.1f} s)",
        "shard.failed": "Shard build failed; the previous output is unchanged: {error}",
        "assemble.done": "Assembled {shards} shards and {pages} portal pages → {out} ({seconds:.1f} s)",
        "assemble.failed": "Assembly failed; the previous output is unchanged: {error}",
    },
}


def console(lang: str, key: str, **args) -> str:
    """A console line in the site's language (anything but English is Chinese)."""
    return CONSOLE["en" if lang == "en" else "zh"][key].format(**args)
