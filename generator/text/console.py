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
        "build.changed": "{file} 在检查之后、生成页面之前被修改了，新内容未经检查，不能发布；请重新构建",
        "build.done": "已生成 {pages} 个页面（{reused} 个未变，取自缓存）→ {out}（{seconds:.1f} 秒）",
        "build.same": "内容与上次构建相同，站点无需重新生成 → {out}（{seconds:.1f} 秒）",
        "build.fast": "只有正文有改动：更新了 {pages} 个页面（{html:.1f} 秒）和 {shards} 个搜索分卷 → {out}（共 {seconds:.1f} 秒）",
        "shard.unknown_agency": "--shard 中的机构 id 不在 agencies.yml 中：{ids}",
        "shard.done": "分片已生成 {pages} 个页面（{reused} 个未变，取自缓存）→ {out}（{seconds:.1f} 秒）",
        "portal.done": "门户部分已生成 {pages} 个页面（{reused} 个未变，取自缓存）→ {out}（{seconds:.1f} 秒）",
        "shard.failed": "分片构建失败，原有的输出目录保持不变：{error}",
        "assemble.done": "已合并 {shards} 个分片，另生成 {pages} 个门户页面 → {out}（{seconds:.1f} 秒）",
        "assemble.failed": "合并失败，原有的输出目录保持不变：{error}",
        "assemble.no_manifest": "{folder} 里没有 {name}：不是 gongkai build --shard 的输出",
        "assemble.overlap": "机构 {agency} 同时在两个分片里：{one} 和 {two}",
        "assemble.mixed": "各分片不是由同样的内容生成的（不同的提交、生成器或主题）：请用同一次检出重新生成全部分片",
        "assemble.checkout_differs": "{root} 的内容与生成分片时不同（content/ 的 Markdown、配置、主题或生成器）：请在生成分片的同一次检出上合并",
        "assemble.dates": "各分片构建时的 --as-of 日期不同（{dates}）",
        "assemble.other_date": "分片按 {built} 生成，合并却指定 --as-of {asked}：哪些信息已发布由分片的日期决定，"
                               "请去掉 --as-of，或用这个日期重新生成分片",
        "assemble.unreadable": "{path} 无法读取：{problem}",
        "assemble.format": "{path} 不是本版本 gongkai 写的分片清单（格式 {format}）：分片与合并须用同一版本",
        "assemble.field": "{path} 缺少字段 {field}，或其值类型不对",
        "assemble.as_of_value": "{path} 的 as_of 不是日期：{value}",
        "assemble.missing": "缺少这些机构的分片：{agencies}（每个机构都须由一个分片生成）",
        "assemble.unknown": "分片里有 agencies.yml 中没有的机构：{agencies}",
        "assemble.record_field": "分片清单中 {source} 的字段 {field} 无效：{problem}",
        "assemble.not_record": "分片清单中有一行不是记录：{row}",
        "assemble.source": "分片清单中的文件 {source} 不在 content/ 里",
        "assemble.checkout": "合并用的检出目录不能正常读取（与分片构建时的内容不同？）：请先运行 gongkai check",
        "assemble.not_regular": "分片 {folder} 里的 {rel} 不是普通文件（符号链接或特殊文件），不能发布",
        "assemble.lookup_rows": "{path} 中的检索行不是本版本的格式",
        "assemble.bundle_listing": "{listing} 中的分卷 {bundle} 不是 gongkai 写的（名称或路径不对）",
        "assemble.bundle_folder": "{folder}：检索分卷 {path} 不是目录",
        "assemble.used": "{folder} 已被一次 gongkai assemble --move 用过（文件已移出，{name} 改名为 {used}）：请重新下载或重新生成这个分片",
        "assemble.moved_failed": "用 --move 合并失败后，各分片目录已不完整，已标记为用过：重新合并前请重新下载或重新生成全部分片",
        "assemble.clash": "{rel} 在分片 {folder} 与门户（或另一个分片）中内容不同，不能合并",
        "assemble.two_portals": "给了两个门户的输出（gongkai build --portal）：{one} 和 {two}，只能有一个",
        "assemble.no_search": "{folder} 没有检索索引（用 --no-search 生成的？）：各分片和门户部分须按站点配置都带检索索引",
        "assemble.output_inside": "输出目录 {out} 与输入目录 {folder} 相互包含：请用 -o 指定它们之外的目录",
        "assemble.joined": "已合并门户和 {shards} 个分片 → {out}（{seconds:.1f} 秒）",
        "search.two_bodies": "页面 {page} 有不止一个 data-pagefind-body 区域，检索只会读其中第一个。请修改模板："
                             "一个页面只在一个元素上标 data-pagefind-body（默认主题标在 <article> 上），"
                             "data-pagefind-filter、data-pagefind-meta 和 data-pagefind-sort 都放在它里面（docs/themes.md）",
        "list.items": "、",
        "list.clauses": "；",
        "new.failed": "错误：{error}",
        "new.findings": "{problem}",
        "new.no_config": "{root} 中没有可用的 site_config.yml",
        "new.no_agencies": "机构列表为空或无法读取：{problem}",
        "new.unknown_agency": "机构 {agency} 不在 agencies.yml 中{suggestion}\n可用的机构：\n{agencies}",
        "new.agency_missing": "缺少 --agency（发布机构 id）。可用的机构：\n{agencies}",
        "new.choose_agency": "请选择发布机构：\n{agencies}",
        "new.ask_agency": "输入编号或机构 id：",
        "new.empty_answer": "（空）",
        "new.title_missing": "缺少 --title（标题）",
        "new.ask_title": "标题：",
        "new.title_empty": "标题不能为空",
        "new.exists": "文件 {path} 已存在，未覆盖",
        "new.no_code": "机构 {agency} 在 agencies.yml 中没有 code（统一社会信用代码或组织机构代码），"
                       "无法生成索引号：请先在 agencies.yml 中补上 code",
        "new.unknown_number": "提示：索引号 {number} 在 content/ 中还没有对应的条目",
        "new.no_report_template": "年报模板尚不可用（{error}）",
        "import.config_failed": "错误：站点配置无法读取：{problem}",
        "import.unknown_agency": "错误：机构 {agency} 不在 agencies.yml 中；可用的机构：{agencies}",
        "import.failed": "{path}: 未导入：{error}",
        "import.no_title": "没有识别出标题",
        "import.no_agency": "没有识别出发文机关（标题：{title}）；请用 --agency 指定机构 id",
        "import.no_code": "机构 {agency} 在 agencies.yml 中没有 code，无法生成索引号",
        "import.not_text": "{path} 既不是 UTF-8 也不是 GBK 编码的文本",
        "import.needs_docx": "读取 .docx 需要 python-docx：pip install python-docx",
        "import.bad_docx": "{path} 不是有效的 Word .docx 文件（{error}）",
        "import.personal_data": "  发现个人信息 {count} 处（公开前须删除或去标识化）：",
        # The notes written into the draft's front matter as comments, for the editor who reviews it.
        "import.note": "由 gongkai import 从 {file} 导入：发布前请核对标题、文号、日期，补写 summary、topic",
        "import.note.no_written": "原文未写成文日期：请补填 written",
        "import.note.printed": "published 取自印发日期 {date}：如网上发布日期不同请改正",
        "import.note.index_no": "原索引号 {index_no}：如下面的 index_no 与它不同，是因为它已被占用或不属于本机构",
        "codeowners.config_failed": "错误：{problem}",
        "codeowners.no_agencies": "错误：机构列表为空或无法读取：{problem}",
        "codeowners.warning": "警告：{problem}",
        "codeowners.bad_reviewer": "机构 {agency} 的审核人 {reviewer} 不是 GitHub 用户名、团队（@组织/团队）或邮箱，已跳过",
        "codeowners.no_default": "没有类别为“政府”且填写了 reviewers 的机构：其余文件没有默认审核人",
        "codeowners.stale": "{file} 与 agencies.yml 的审核人不一致：请运行 gongkai codeowners 并提交结果",
        "schema.cannot_write": "无法写入 {path}: {error}",
        "serve.failed": "构建失败：{error}",
        "serve.keeps_last": "预览保持上一次成功的版本。",
        "serve.nothing_yet": "还没有可以预览的站点：请先修正上面的错误，保存后会自动重新生成。",
        "serve.address": "预览地址：{url}  （Ctrl+C 退出）",
    },
    "en": {
        "summary": "{errors} error(s), {warnings} warning(s)",
        "summary.withheld": "; {withheld} item(s) withheld from publication (non-public, draft or scheduled)",
        "build.not_built": "Errors found: the site was not built; the previous output is unchanged.",
        "build.failed": "Build failed; the previous output is unchanged: {error}",
        "build.changed": "{file} changed after it was checked and before its page was rendered: the new text is unchecked and not published; build again",
        "build.done": "Built {pages} pages ({reused} unchanged, from the cache) → {out} ({seconds:.1f} s)",
        "build.same": "Content unchanged since the last build: the site is as it was → {out} ({seconds:.1f} s)",
        "build.fast": "Only bodies changed: {pages} page(s) updated ({html:.1f} s) and {shards} search shard(s) → {out} "
                      "({seconds:.1f} s in all)",
        "shard.unknown_agency": "--shard names agencies that are not in agencies.yml: {ids}",
        "shard.done": "Shard built: {pages} pages ({reused} unchanged, from the cache) → {out} ({seconds:.1f} s)",
        "portal.done": "Portal built: {pages} pages ({reused} unchanged, from the cache) → {out} ({seconds:.1f} s)",
        "shard.failed": "Shard build failed; the previous output is unchanged: {error}",
        "assemble.done": "Assembled {shards} shards and {pages} portal pages → {out} ({seconds:.1f} s)",
        "assemble.failed": "Assembly failed; the previous output is unchanged: {error}",
        "assemble.no_manifest": "{folder} holds no {name}: not the output of gongkai build --shard",
        "assemble.overlap": "agency {agency} is in two shards: {one} and {two}",
        "assemble.mixed": "the shards were not built from the same content (another commit, generator or theme): build them all again from one checkout",
        "assemble.checkout_differs": "the content of {root} is not what the shards were built from (content/ Markdown, configuration, theme or generator): assemble in the checkout the shards were built from",
        "assemble.dates": "the shards were built with different --as-of dates ({dates})",
        "assemble.other_date": "the shards were built for {built} but --as-of {asked} was given: the shards' date decides "
                               "what is published; drop --as-of, or build the shards again for that date",
        "assemble.unreadable": "{path} cannot be read: {problem}",
        "assemble.format": "{path} is not a shard manifest of this gongkai (format {format}): shards and assemble need the same version",
        "assemble.field": "{path} lacks the field {field}, or its value has the wrong type",
        "assemble.as_of_value": "the as_of of {path} is not a date: {value}",
        "assemble.missing": "no shard holds these agencies: {agencies} (every agency must be built by one shard)",
        "assemble.unknown": "a shard holds agencies that agencies.yml does not list: {agencies}",
        "assemble.record_field": "in a shard manifest, the field {field} of {source} is invalid: {problem}",
        "assemble.not_record": "a row of a shard manifest is not a record: {row}",
        "assemble.source": "a shard manifest names a file outside content/: {source}",
        "assemble.checkout": "the checkout being assembled does not load cleanly (not the shards' content?): run gongkai check",
        "assemble.not_regular": "{rel} in the shard {folder} is not a regular file (a symbolic link or a special file): not published",
        "assemble.lookup_rows": "the search rows in {path} are not of this version",
        "assemble.bundle_listing": "the bundle {bundle} listed in {listing} was not written by gongkai (wrong name or path)",
        "assemble.bundle_folder": "{folder}: the search bundle {path} is not a folder",
        "assemble.used": "{folder} was used by an earlier gongkai assemble --move (its files were moved out, {name} renamed {used}): download or build this shard again",
        "assemble.moved_failed": "after a failed assemble --move the shard folders are incomplete and marked as used: download or build all shards again before assembling",
        "assemble.clash": "{rel} differs between the shard {folder} and the portal (or another shard): not assembled",
        "assemble.two_portals": "two portal outputs (gongkai build --portal) were given: {one} and {two}; only one may be",
        "assemble.no_search": "{folder} has no search index (built with --no-search?): the shards and the portal must all have one, as the site's configuration asks",
        "assemble.output_inside": "the output folder {out} and the input folder {folder} lie one inside the other: give -o a folder outside them",
        "assemble.joined": "Assembled the portal and {shards} shards → {out} ({seconds:.1f} s)",
        "search.two_bodies": "The page {page} has more than one data-pagefind-body region; search reads the first "
                             "only. Change the template: mark one element of a page data-pagefind-body (the default "
                             "theme marks its <article>) and put every data-pagefind-filter, data-pagefind-meta and "
                             "data-pagefind-sort inside it (docs/themes.md)",
        "list.items": ", ",
        "list.clauses": "; ",
        "new.failed": "Error: {error}",
        "new.findings": "{problem}",
        "new.no_config": "{root} has no usable site_config.yml",
        "new.no_agencies": "The agency list is empty or cannot be read: {problem}",
        "new.unknown_agency": "Agency {agency} is not in agencies.yml{suggestion}\nThe agencies:\n{agencies}",
        "new.agency_missing": "--agency (the publishing agency's id) is missing. The agencies:\n{agencies}",
        "new.choose_agency": "Choose the publishing agency:\n{agencies}",
        "new.ask_agency": "Number or agency id: ",
        "new.empty_answer": "(nothing)",
        "new.title_missing": "--title is missing",
        "new.ask_title": "Title: ",
        "new.title_empty": "The title cannot be empty",
        "new.exists": "{path} exists already: not overwritten",
        "new.no_code": "Agency {agency} has no code in agencies.yml (its unified social credit code or organisation "
                       "code), so no index number can be given: add its code to agencies.yml first",
        "new.unknown_number": "Note: no entry in content/ has the index number {number} yet",
        "new.no_report_template": "The annual-report template is not available ({error})",
        "import.config_failed": "Error: the site configuration cannot be read: {problem}",
        "import.unknown_agency": "Error: agency {agency} is not in agencies.yml; the agencies: {agencies}",
        "import.failed": "{path}: not imported: {error}",
        "import.no_title": "No title found",
        "import.no_agency": "No issuing agency found (title: {title}); name the agency id with --agency",
        "import.no_code": "Agency {agency} has no code in agencies.yml, so no index number can be given",
        "import.not_text": "{path} is text in neither UTF-8 nor GBK",
        "import.needs_docx": "Reading .docx needs python-docx: pip install python-docx",
        "import.bad_docx": "{path} is not a valid Word .docx file ({error})",
        "import.personal_data": "  {count} piece(s) of personal data found (remove or de-identify them before publishing):",
        "import.note": "Imported by gongkai import from {file}: check the title, document number and dates, "
                       "and write the summary and topic before publishing",
        "import.note.no_written": "The original gives no date of writing: fill in written",
        "import.note.printed": "published is the printing date {date}: correct it if the online publication date differs",
        "import.note.index_no": "Original index number {index_no}: if index_no below differs, it was taken or does "
                                "not belong to this agency",
        "codeowners.config_failed": "Error: {problem}",
        "codeowners.no_agencies": "Error: the agency list is empty or cannot be read: {problem}",
        "codeowners.warning": "Warning: {problem}",
        "codeowners.bad_reviewer": "Reviewer {reviewer} of agency {agency} is not a GitHub user, team (@org/team) "
                                   "or e-mail address: skipped",
        "codeowners.no_default": "No agency of kind 政府 has reviewers: the other files have no default reviewer",
        "codeowners.stale": "{file} does not match the reviewers in agencies.yml: run gongkai codeowners and "
                            "commit the result",
        "schema.cannot_write": "Cannot write {path}: {error}",
        "serve.failed": "Build failed: {error}",
        "serve.keeps_last": "The preview keeps the last good build.",
        "serve.nothing_yet": "No site to preview yet: fix the errors above; the site is rebuilt when you save.",
        "serve.address": "Preview: {url}  (Ctrl+C to stop)",
    },
}


def console(lang: str, key: str, **args) -> str:
    """A console line in the site's language (anything but English is Chinese)."""
    return CONSOLE["en" if lang == "en" else "zh"][key].format(**args)


def joined(lang: str, items, kind: str = "items") -> str:
    """Items in a line: 甲、乙 / a, b (kind "items"), or whole messages: 甲；乙 / a; b (kind "clauses")."""
    return console(lang, f"list.{kind}").join(str(item) for item in items)


class ConsoleError(Exception):
    """A command's failure as a console line: the key and its arguments, worded when printed. str() gives
    it in `lang` (Chinese unless the raiser knew the site's language); text(lang) in the language of
    whoever prints it (the readers of `gongkai import` are not told the site's language; the command is)."""

    def __init__(self, key: str, lang: str = "zh", **args):
        super().__init__(key)
        self.key, self.lang, self.values = key, lang, args  # not .args: Exception keeps its own

    def text(self, lang: str | None = None) -> str:
        return console(lang or self.lang, self.key, **self.values)

    def __str__(self) -> str:
        return self.text()
