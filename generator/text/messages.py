"""Every text the generator shows an editor, in Chinese and English.

Findings: one entry per stable code, `(message, hint)` per language, with
`str.format` placeholders. The findings reference page (docs/findings.md) is
generated from this table, so the code, the CI log and the guide agree.
"""

from __future__ import annotations

LEVEL_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "hint": "修改建议"},
    "en": {"error": "error", "warning": "warning", "hint": "fix"},
}

# code -> {lang: (message, hint)}
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {}
# code -> "error" | "warning": the level the checks give it, for the findings reference (docs/findings.md).
# A code defined without a level is listed as depending on the case.
LEVELS: dict[str, str] = {}


def define(code: str, zh: tuple[str, str], en: tuple[str, str], level: str | None = None) -> None:
    MESSAGES[code] = {"zh": zh, "en": en}
    if level:
        LEVELS[code] = level


def label(key: str, lang: str) -> str:
    return LEVEL_LABELS.get(lang, LEVEL_LABELS["zh"]).get(key, key)


class _Keep(dict):
    """Leaves unknown placeholders visible instead of raising: a typo in a message must not crash a check."""

    def __missing__(self, key):
        return "{" + key + "}"


def message(code: str, lang: str, args: dict | None, hint_args: dict | None = None) -> tuple[str, str]:
    texts = MESSAGES.get(code)
    if texts is None:
        raise KeyError(f"finding code {code} has no message (generator bug)")
    msg, hint = texts.get(lang) or texts["zh"]
    values = _Keep(args or {})
    values.update(hint_args or {})
    return msg.format_map(values), hint.format_map(values)


# --- files -------------------------------------------------------------------------------
define("FILE001",
       ("文件不是 UTF-8 编码（看起来是 {encoding}），无法读取", "请另存为 UTF-8：在记事本“另存为”中选择 UTF-8，或运行 iconv -f GBK -t UTF-8 原文件 > 新文件"),
       ("the file is not UTF-8 (it looks like {encoding})", "save it as UTF-8, e.g. iconv -f GBK -t UTF-8 old > new"))
define("FILE002",
       ("文件开头的 front matter 没有结束：第 1 行的 --- 之后找不到结束的 ---", "在元数据的最后一行之后加一行 ---，再写正文"),
       ("the front matter opened on line 1 is never closed with ---", "add a line --- after the last metadata line, then the body"))
define("FILE003",
       ("YAML 语法错误：{problem}", "检查这一行的冒号、缩进和引号；冒号后要有一个空格，含冒号的值请加引号"),
       ("YAML syntax error: {problem}", "check the colon, indentation and quotes on this line"))
define("FILE004",
       ("文件缺少 front matter：第一行应为 ---", "以 --- 开头，写好 title、agency 等字段，再以 --- 结束"),
       ("the file has no front matter: the first line must be ---", "start with ---, the fields, then ---"))
define("FILE005",
       ("front matter 应是“键: 值”的列表，实际是 {found}", "每行写成 key: 值 的形式"),
       ("the front matter must be a mapping of key: value, found {found}", "write one key: value per line"))
define("FILE006",
       ("无法读取文件：{problem}", "检查文件权限和路径"),
       ("cannot read the file: {problem}", "check the file's permissions"))

# --- schema (driven by the typed model) --------------------------------------------------
define("SCH001",
       ("未知字段 {key}{suggestion}", "删除该字段或改正拼写；可用字段：{known}"),
       ("unknown field {key}{suggestion}", "remove it or fix the spelling; known fields: {known}"))
define("SCH002",
       ("字段 {key} 的值无效：{problem}（实际为 {value}）", "{expected}"),
       ("invalid value for {key}: {problem} (found {value})", "{expected}"))
# SCH002's {problem}: pydantic's error type → what is wrong, (zh, en); another type keeps pydantic's own text.
SCHEMA_PROBLEMS: dict[str, tuple[str, str]] = {
    "string_type": ("应为文字", "should be text"),
    "bool_type": ("应为 true 或 false", "should be true or false"),
    "bool_parsing": ("应为 true 或 false", "should be true or false"),
    "int_type": ("应为整数", "should be a whole number"),
    "int_parsing": ("应为整数", "should be a whole number"),
    "list_type": ("应为列表（每行以 - 开头）", "should be a list (one item a line, each starting with -)"),
    "dict_type": ("应为“键: 值”的映射", "should be a mapping of key: value"),
    "model_type": ("应为“键: 值”的映射", "should be a mapping of key: value"),
    "too_short": ("不能为空", "cannot be empty"),
    "string_too_short": ("不能为空", "cannot be empty"),
    "string_pattern_mismatch": ("格式不符", "is not in the expected format"),
    "greater_than_equal": ("太小", "is too small"),
    "less_than_equal": ("太大", "is too large"),
    "language_tag": ("应为 zh、en 或以它们开头的语言标签", "should be zh, en or a language tag starting with them, such as zh-CN, zh-Hans or en-US"),
    "item_number": ("项号应为 1 到 15（《条例》第二十条的十五项）", "item numbers are 1 to 15 (the fifteen items of article 20)"),
}
define("SCH003",
       ("{key} 的值 {value} 不在允许范围内{suggestion}", "可选值：{allowed}"),
       ("{key}: {value} is not an allowed value{suggestion}", "allowed: {allowed}"))
define("SCH004",
       ("字段 {key} 写了两次，只有最后一个生效", "删除重复的一行"),
       ("field {key} is given twice; only the last one counts", "delete the duplicate line"))

# --- configuration and agencies -----------------------------------------------------------
define("CFG001",
       ("找不到站点配置文件 site_config.yml", "在站点根目录创建 site_config.yml，或用 --root 指向含有它的目录"),
       ("site_config.yml not found", "create it in the site root, or point --root at the folder holding it"))
define("CFG002",
       ("机构列表文件 {path} 不存在", "在 site_config.yml 的 agencies_file 中写对路径"),
       ("the agency list {path} does not exist", "fix agencies_file in site_config.yml"))
define("CFG003",
       ("机构列表文件 {path} 不在站点目录内", "agencies_file 写相对于站点根目录的路径，如 content/agencies.yml"),
       ("the agency list {path} is outside the site folder", "give agencies_file relative to the site root, e.g. content/agencies.yml"))
define("AGY001",
       ("机构标识 {id} 重复（另见第 {other_line} 行）", "每个机构的 id 必须唯一"),
       ("agency id {id} is used twice (also line {other_line})", "give each agency its own id"))
define("AGY002",
       ("上级机构 {parent} 不在机构列表中", "parent 应为 agencies.yml 中某个机构的 id"),
       ("parent agency {parent} is not in the agency list", "parent must be the id of an agency in agencies.yml"))
define("AGY004",
       ("机构标识 {id} 是保留名称：该机构的目录、年报或订阅地址（catalog/{id}/、reports/{id}/、feeds/{id}.xml）会与网站自己生成的页面同名",
        "换一个 id（同时改 content/catalog/ 下该机构的目录名）"),
       ("agency id {id} is reserved: the agency's addresses (catalog/{id}/, reports/{id}/, feeds/{id}.xml) would take the name of pages the site makes itself",
        "choose another id (and rename the agency's folder under content/catalog/)"))
# The core's codes above are all errors (the loader and the model report them).
LEVELS.update({code: "error" for code in MESSAGES})
define("CFG010",
       ("site_config.yml 没有配置依申请公开的申请渠道，依申请公开页面和申请表无法告诉申请人向哪里提交",
        "在 site_config.yml 中加 apply_channels，至少填写 online_url、post_address、counter_address、fax、email 中的一项"),
       ("site_config.yml configures no channel for applications: the 依申请公开 page and forms cannot say where to apply",
        "add apply_channels to site_config.yml with at least one of online_url, post_address, counter_address, fax, email"),
       "warning")

define("AGY003",
       ("机构代码 {value} 校验失败：{problem}", "核对统一社会信用代码（18 位）或组织机构代码（9 位）：它也是本机构索引号的前段码"),
       ("agency code {value} fails its check: {problem}",
        "check the 18-character USCC or the 9-character organisation code: it is the prefix of the agency's index numbers"),
       "warning")

# --- catalog entries (rules: docs/identifiers.md, docs/disclosure.md) ---------------------
define("CAT001",
       ("缺少必填字段 {key}（{label}）", "在 front matter 中加上一行 {key}: …"),
       ("required field {key} ({label}) is missing", "add {key}: … to the front matter"),
       "error")
define("CAT002",
       ("缺少内容概述 summary，或与标题相同", "《条例》第十二条要求目录含内容概述：加 summary: 用一两句话写明文件主要内容（不要重复标题）"),
       ("summary (内容概述) is missing or repeats the title", "add summary: one or two sentences on what the document says (art. 12)"),
       "warning")
define("CAT003",
       ("索引号 {value} 格式不正确", "索引号形如 机构代码/年份-序号，例如 11440800007212345X/2018-00022（年份四位）；用 gongkai new 自动生成"),
       ("index number {value} is malformed", "use <agency code>/<4-digit year>-<serial>, e.g. 000014349/2018-00222; gongkai new assigns one"),
       "error")
define("CAT004",
       ("索引号 {value} 重复：{other} 也使用了它", "索引号在全站唯一且不可更改：为新文件换一个序号（gongkai new 会分配下一个空号）"),
       ("index number {value} is also used by {other}", "index numbers are unique and never change: give the newer file the next free serial (gongkai new)"),
       "error")
define("CAT005",
       ("索引号前段 {prefix} {problem}", "前段码应为发布机构的统一社会信用代码或组织机构代码（见 agencies.yml 的 code）"),
       ("index number prefix {prefix} {problem}", "the prefix should be the agency's code from agencies.yml"),
       "warning")
define("CAT006",
       ("索引号年份 {year} 与成文日期、发布日期的年份（{years}）都不一致", "索引号年份通常取成文或发布年份：核对索引号和日期"),
       ("index number year {year} matches neither the written nor the published year ({years})", "use the year of writing or publication"),
       "warning")
define("CAT007",
       ("{label}中有看不见的字符 {char}（第 {position} 个字符）：{value}", "删除这个字符：它在页面上看不出来，却让两个看似相同的标题、索引号或文号不同，也让搜索找不到；常见于从网页或 Word 复制粘贴的文字"),
       ("an invisible character {char} (character {position}) in {label}: {value}",
        "delete it: it cannot be seen, yet it makes two identical-looking titles, index numbers or document numbers differ and breaks search; it usually comes with copied text"),
       "error")
define("CAT010",
       ("公开属性 {value} 无效{suggestion}", "可选值：主动公开、依申请公开、不予公开"),
       ("disclosure {value} is not valid{suggestion}", "one of 主动公开, 依申请公开, 不予公开"),
       "error")
define("CAT011",
       ("公开属性为 {value} 时必须填写不公开理由 reason", "加一行 reason: 写明法律依据，例如 条例第十五条（商业秘密）"),
       ("disclosure {value} needs a reason", "add reason: the legal basis, e.g. 条例第十五条（商业秘密）"),
       "error")
define("CAT012",
       ("不公开理由 {value} 未写明《条例》第十四至十六条中的依据", "例如：条例第十四条（国家秘密）、第十五条（个人隐私）、第十六条（过程性信息）"),
       ("reason {value} names no ground of articles 14–16", "e.g. 条例第十五条（个人隐私）"),
       "warning")
define("CAT020",
       ("{label} {value} 不是有效日期", "日期写成 YYYY-MM-DD，例如 2018-06-28"),
       ("{label} {value} is not a valid date", "write dates as YYYY-MM-DD"),
       "error")
define("CAT021",
       ("发布日期 {published} 比成文日期 {written} 晚 {days} 个工作日，超过 {limit} 个工作日的时限（《条例》第二十六条）",
        "主动公开信息应自形成之日起 {limit} 个工作日内公开；核对两个日期，如确属延迟，请在 changes 中说明原因"),
       ("published {published} is {days} working days after written {written}, beyond the {limit}-day limit (art. 26)",
        "publish within {limit} working days of writing; check both dates"),
       "warning")
define("CAT022",
       ("发布日期 {published} 早于成文日期 {written}", "发布日期不能早于成文日期：核对两个日期"),
       ("published {published} is before written {written}", "check both dates"),
       "error")
define("CAT023",
       ("发布日期 {published} 在未来（今天是 {today}），但没有 scheduled: true", "如需到期自动发布请加一行 scheduled: true；否则改正日期"),
       ("published {published} is in the future (today is {today}) without scheduled: true", "add scheduled: true to publish on that date, or fix the date"),
       "error")
define("CAT024",
       ("{year} 年的法定节假日安排不在日历库中，该年按周一至周五计算工作日", "升级 chinesecalendar 库（pip install -U chinesecalendar）以获得该年的调休安排"),
       ("the official holiday schedule for {year} is not known; counting Monday–Friday for that year", "upgrade the chinesecalendar package"),
       "warning")
define("CAT030",
       ("文号 {original} 的写法不规范，规范写法为 {value}（网站将显示规范写法）", "文号年份用六角括号〔〕、不留空格：请改为 {value}"),
       ("document number {original} is written irregularly; the canonical form is {value}", "write the year in 〔〕 without spaces: {value}"),
       "warning")
define("CAT031",
       ("文号 {value} 格式不正确{problem}", "文号形如 湛府办〔2018〕22号（发文机关代字〔四位年份〕序号号），令的形式如 粤府令第93号"),
       ("document number {value} is malformed{problem}", "use the form 湛府办〔2018〕22号, or 粤府令第93号 for orders"),
       "error")
define("CAT032",
       ("文号 {value} 的序号加了“第”“字”或补了零", "GB/T 9704：序号不加“第”、不编虚位，应为 {suggestion}"),
       ("document number {value}: no 第/字 and no leading zeros", "GB/T 9704: write {suggestion}"),
       "warning")
define("CAT033",
       ("文号年份 {doc_year} 与成文日期年份 {year} 不一致", "核对文号和成文日期 written"),
       ("document number year {doc_year} differs from the written year {year}", "check the document number and written"),
       "warning")
define("CAT034",
       ("文号代字 {prefix} 不在机构 {agency} 登记的代字中", "核对文号；如是新代字，请在 agencies.yml 的 doc_prefixes 中添加（现有：{allowed}）"),
       ("document number prefix {prefix} is not among the prefixes of {agency}", "check the number, or add the prefix to doc_prefixes in agencies.yml (now: {allowed})"),
       "warning")
define("CAT035",
       ("文号 {value} 在机构 {agency} 内重复：{other} 也使用了它", "同一机构的文号不会重复：核对文号，或删除重复的条目"),
       ("document number {value} is used twice by {agency}: also {other}", "check the number or remove the duplicate entry"),
       "warning")
define("CAT040",
       ("体裁 {value} 不在站点配置的体裁列表中{suggestion}", "可选值：{allowed}；如确需新体裁，请在 site_config.yml 的 genres 中添加"),
       ("genre {value} is not configured{suggestion}", "allowed: {allowed}; add new genres to genres in site_config.yml"),
       "error")
define("CAT041",
       ("体裁为 {genre}，但标题不以“{genre}”结尾", "公文标题由发文机关、事由和文种组成：核对 genre 或标题"),
       ("genre is {genre} but the title does not end with it", "a title ends with its document type: check genre or title"),
       "warning")
define("CAT042",
       ("信息类别 {value} 不对应《条例》第二十条的任何一项，本条目不会列入“按条例第二十条”", "category 写项目名称（如 {example}）或项号（如 第七项）；"
        "自定的类别可在 site_config.yml 的 disclosure_items.categories 中对应到项号"),
       ("category {value} matches no item of article 20; the entry is not listed under it", "write an item's title (e.g. {example}) "
        "or number (第七项), or map the category in disclosure_items.categories in site_config.yml"),
       "warning")
define("CAT050",
       ("主题分类 {value} 不在站点的主题分类中{suggestion}", "写成 一级 或 一级\\二级，例如 综合政务\\政务公开；分类表在 site_config.yml 的 topics 中"),
       ("topic {value} is not in the taxonomy{suggestion}", "use 一级 or 一级\\二级, e.g. 综合政务\\政务公开; the taxonomy is topics in site_config.yml"),
       "error")
define("CAT060",
       ("有效性 {value} 无效{suggestion}", "可选值：有效、失效、废止、已修订"),
       ("validity {value} is not valid{suggestion}", "one of 有效, 失效, 废止, 已修订"),
       "error")
define("CAT061",
       ("superseded_by 指向的索引号 {value} 不存在", "填写替代文件的索引号（即新文件的 index_no）"),
       ("superseded_by {value} matches no entry", "give the index number of the replacing entry"),
       "error")
define("CAT062",
       ("有效期至 {valid_until} 已过，但有效性仍为“有效”", "到期文件不再列入现行有效：把 validity 改为 失效，或更新 valid_until"),
       ("valid_until {valid_until} has passed but validity is still 有效", "set validity to 失效 or update valid_until"),
       "warning")
define("CAT063",
       ("有效性为 {value}，但没有写 superseded_by（替代文件的索引号）", "已修订的文件应链接到新版本：加 superseded_by: 新文件索引号"),
       ("validity {value} without superseded_by", "link the new version with superseded_by: <its index number>"),
       "warning")
define("CAT064",
       ("{key} 中的索引号 {value} 与 {target} 的索引号 {exact} 写法不同，网站无法建立链接", "照抄该条目 index_no 的写法：{exact}"),
       ("{key} {value} is written differently from the index number {exact} of {target}; the site cannot link them",
        "copy the entry's index_no exactly: {exact}"),
       "error")
define("CAT070",
       ("{genre} {title} 没有配套的政策解读", "政策文件与解读材料应同步公开：在 content/interpretations/ 下新建解读（gongkai new interpretation），interprets 填本文件索引号"),
       ("{genre} '{title}' has no interpretation", "add one under content/interpretations/ with interprets: [this index number]"),
       "warning")
define("CAT071",
       ("解读发布于 {published}，比所解读文件（{policy}，{policy_published}）晚 {days} 个工作日，超过 {limit} 个工作日（同步公开）",
        "政策解读应与政策文件同步公开：核对发布日期"),
       ("interpretation published {days} working days after its policy {policy} ({policy_published}); limit {limit}",
        "publish interpretations together with the policy"),
       "warning")
define("CAT072",
       ("interprets 中的索引号 {value} {problem}", "填写被解读文件的索引号，且该文件须为主动公开"),
       ("interprets {value} {problem}", "give the index number of a 主动公开 entry"),
       "error")
define("CON001",
       ("征集截止日期 {closes} 早于征集开始日期 {opens}", "核对 opens 和 closes；征求意见的期限一般不少于30日"),
       ("the consultation closes ({closes}) before it opens ({opens})", "check opens and closes"),
       "error")
define("CON002",
       ("final_policy 中的索引号 {value} 不是本站主动公开的条目", "填写据此出台的正式文件的索引号（照抄该条目的 index_no）；文件尚未发布时先不填"),
       ("final_policy {value} is not a published entry of this site", "give the index number of the final policy, or leave it out until it is published"),
       "error")
define("CON003",
       ("意见征集已于 {closes} 结束 {days} 天，超过 {limit} 天仍未公布意见采纳情况", "在 result 中写明收到的意见数量、采纳情况和不予采纳的理由，"
        "并填写 result_date；期限在 site_config.yml 的 consultations.result_days 中设置"),
       ("the consultation closed on {closes}, {days} days ago, and its outcome is still missing after {limit} days",
        "write the comments received and what was adopted in result, and set result_date; the limit is consultations.result_days in site_config.yml"),
       "warning")
define("CAT080",
       ("附件 {value} 不存在", "把附件放在 content/ 下，file 写相对于本文件的路径（如 files/附件1.pdf），注意大小写和扩展名"),
       ("attachment {value} does not exist", "put the file under content/ and give its path relative to this file"),
       "error")
define("CAT081",
       ("附件路径 {value} 指向 content/ 之外（绝对路径、网址或 ../ 越界），已拒绝", "附件必须放在 content/ 目录内，file 写相对路径"),
       ("attachment path {value} points outside content/ (absolute, URL or ../) and was refused", "keep attachments inside content/ with a relative path"),
       "error")
# Files that would leave the repository as files: attachments, media, files linked from bodies,
# and content files themselves (generator/load/file_guard.py, generator/checks/published_files.py, docs/security.md).
define("PUB001",
       ("文件 {value} 不是普通文件（{kind}），不会读取或发布", "换成真实的文件：不要用命名管道、设备文件、目录、失效或循环的符号链接"),
       ("{value} is not a regular file ({kind}): it is neither read nor published", "use a real file: no FIFO, device, folder, broken or looping symbolic link"),
       "error")
define("PUB002",
       ("文件 {value} 是指向 content/ 之外的符号链接，已拒绝", "把文件本身放进 content/，不要用符号链接指向仓库外或 content/ 之外的文件"),
       ("{value} is a symbolic link out of content/ and was refused", "put the file itself inside content/; no symbolic links out of it"),
       "error")
define("PUB003",
       ("文件 {value} 是 Markdown 内容文件，不能作为文件发布", "要链接其他条目，写它的 .md 路径（会生成页面链接）；不要用附件或符号链接指向内容文件"),
       ("{value} is a Markdown content file and cannot be published as a file", "link another entry by its .md path (it becomes a page link); never attach or symlink a content file"),
       "error")
define("PUB004",
       ("文件 {value} 有 {size} MB，超过大小上限 {limit} MB", "压缩或拆分文件；确需发布更大的文件，在 site_config.yml 中调高 max_file_mb"),
       ("{value} is {size} MB, over the {limit} MB limit", "compress or split it, or raise max_file_mb in site_config.yml"),
       "error")
define("PUB005",
       ("文件 {value} 的类型（{kind}）会在浏览器中运行脚本，不予发布", "网页、脚本和 XML 文件不能作为文件发布：请转为 PDF，或压缩为 .zip 后作为附件"),
       ("{value} is of a type ({kind}) a browser runs script in: not published", "publish web pages, scripts and XML as PDF, or zipped"),
       "error")
define("PUB006",
       ("文件名 {value} 含有在网址中不安全的字符（{chars}）", "文件名只用中文、字母、数字、连字符和下划线；不要用 ? # % 或换行等控制字符"),
       ("the file name {value} has characters that are unsafe in a URL ({chars})", "use letters, digits, hyphens and underscores; no ? # % or control characters such as a newline"),
       "error")
define("PUB007",
       ("文件名 {value} 过长：路径中有一段超过 {limit} 字节", "缩短文件名（一个汉字占 3 字节）"),
       ("the file name {value} is too long: a part of its path exceeds {limit} bytes", "shorten the name"),
       "error")
define("PUB008",
       ("SVG 图片 {value} 含有能运行脚本或引用外部资源的内容（{what}），不予发布",
        "SVG 只能含图形、文字、渐变和滤镜：删除 script、onload 等事件属性、foreignObject、动画和外部链接，或改存为 PNG"),
       ("the SVG {value} holds content that can run script or load other resources ({what}): not published",
        "keep shapes, text, gradients and filters only, or save it as PNG"),
       "error")
define("PUB009",
       ("文件 {value} 会占用站点生成的地址 {url}（覆盖生成的页面或文件）", "把文件放到 files/ 等子目录下，或改名"),
       ("{value} would take the generated URL {url} (replacing a generated page or file)", "move it into a subfolder such as files/, or rename it"),
       "error")
define("PUB010",
       ("文件 {value} 是不公开的 {source} 的附件或媒体，不能经公开页面发布", "该记录公开后文件随它发布；现在就要公开，请另存一份并在公开的条目中列为附件"),
       ("{value} is an attachment or media file of {source}, which is withheld: not published through a public page",
        "it is published with that record once the record is public; to publish it now, add a copy as an attachment of a public entry"),
       "error")
define("MD001",
       ("正文的 Markdown 超出处理上限：{problem}", "检查是否误粘贴了大量括号或缩进；正常文档远不会达到这个上限"),
       ("the body's Markdown is past what the renderer takes: {problem}", "look for pasted runs of brackets or indentation; no real document comes near the limit"),
       "error")
define("CAT090",
       ("发布机构 {value} 不在机构列表 agencies.yml 中{suggestion}", "agency 填 agencies.yml 中的机构 id（英文标识，不是中文名称）"),
       ("agency {value} is not in agencies.yml{suggestion}", "use an agency id from agencies.yml"),
       "error")
define("CAT091",
       ("文件放在 content/catalog/{folder}/ 中，但 agency 是 {value}", "目录决定由哪个机构审核：把文件移到 content/catalog/{value}/年份/ 下，或改正 agency"),
       ("the file is under content/catalog/{folder}/ but agency is {value}", "the folder decides who reviews it: move it to content/catalog/{value}/<year>/ or fix agency"),
       "error")

# --- personal data (docs/disclosure.md#personal-data) ---------------------------------------
define("PII001",
       ("发现身份证号码 {masked}{note}", "公开前须去标识化：删除或打码（如 440524********0014）"),
       ("an ID-card number {masked} was found{note}", "remove or mask it (440524********0014) before publishing"),
       "error")
define("PII002",
       ("发现手机号码 {masked}{note}", "个人手机号不得公开：删除，或改为单位公开的办公电话；单位对外公开的号码可登记在 site_config.yml 的 privacy.allowed_phones 或 agencies.yml 的 phones 中"),
       ("a mobile number {masked} was found{note}", "remove it or use the office's published number (privacy.allowed_phones, or phones in agencies.yml)"),
       "error")
define("PII003",
       ("发现个人电子邮箱 {masked}{note}", "改用单位公开的邮箱；单位邮箱或其域名可登记在 site_config.yml 的 privacy.allowed_emails、privacy.allowed_email_domains 或 agencies.yml 的 emails 中"),
       ("a personal e-mail address {masked} was found{note}", "use the office's mailbox; declare it in privacy.allowed_emails / allowed_email_domains or emails in agencies.yml"),
       "error")
define("PII004",
       ("发现银行卡号/账号 {masked}{note}", "银行账号须删除后再公开（行政处罚结果公开也须删除）"),
       ("a bank card or account number {masked} was found{note}", "remove bank account numbers before publishing"),
       "error")
define("PII005",
       ("发现疑似 15 位旧身份证号码 {masked}{note}", "删除或打码后再公开"),
       ("a probable 15-digit legacy ID number {masked} was found{note}", "remove or mask it"),
       "warning")
define("PII007",
       ("文件无法读取，未能检查其中的个人信息{note}：{problem}", "用 Word/Excel 打开并另存一次；文件损坏或加密时请换成可读取的文件"),
       ("the file cannot be read, so it was not checked for personal data{note}: {problem}",
        "open and save it again in Word/Excel; replace a damaged or encrypted file"),
       "warning")
define("PII006",
       ("本条目声明含依法公示的个人信息（{basis}）：请审核人确认只保留被公示对象的名称", "审核要点：住址、健康状况、证件号、联系方式和其他人的姓名须删除；未成年人信息一律不公开"),
       ("this entry declares personal data published by law ({basis}): reviewer, check that only the party's name remains",
        "remove addresses, health data, ID numbers, contact details and other persons' names; never publish minors' data"),
       "warning")
