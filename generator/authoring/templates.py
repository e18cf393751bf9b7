"""Front-matter templates for new files: every field of the model, each with a Chinese comment.

The comments come from the model's own field declarations (label and description in
generator/model/content.py), so the template cannot drift from what `gongkai check` accepts.
Fields an editor rarely needs are written as commented-out lines: still visible with
their explanation, but they do not clutter a normal entry.
"""

from __future__ import annotations

import datetime as dt

import yaml
from pydantic import BaseModel

from ..model.content import Consultation, Entry, Interpretation

# Fields written commented out (the model's default applies until the editor removes the '#').
RARE_ENTRY_FIELDS = ("category", "superseded_by", "valid_until", "reg_no", "personal_data", "sample")
RARE_INTERPRETATION_FIELDS = ("sample",)
RARE_CONSULTATION_FIELDS = ("result", "result_date", "final_policy", "sample")

# Extra advice beyond the model description, where an editor needs the "how".
ADVICE = {
    "index_no": "已由 gongkai new 分配，不要改动；全站唯一，发布后永不变更",
    "draft": "写完、核对无误后改为 false；草稿不会出现在网站上",
    "published": "今天或以前的日期：合并后即发布；未来日期：同时写 scheduled: true，到期自动上线",
    "attachments": "有附件时删去 []，从下一行起写：\n#   - title: 附件1 任务分工表\n#     file: files/附件1.pdf",
    "changes": "修改已发布的文件时删去 []，从下一行起写：\n#   - date: 2024-01-01\n#     note: 改了什么、为什么",
    "media": "有图解或音视频时删去 []，从下一行起写：\n#   - title: 一图读懂\n#     file: files/图解.png\n#     alt: 图解的文字说明",
    "validity": "文件废止时改为 废止；被新文件取代时改为 已修订 并填写 superseded_by",
}


def _scalar(value) -> str:
    """A YAML value on one line: dates as YYYY-MM-DD, strings quoted only when YAML needs it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int)):
        return str(value)
    if isinstance(value, list):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return yaml.safe_dump(str(value), allow_unicode=True, width=10_000).strip().removesuffix("\n...").strip()


def _comment(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    text = info.description or name
    if name in ADVICE:
        text += "。" + ADVICE[name]
    return text


def front_matter(model: type[BaseModel], values: dict, rare: tuple[str, ...]) -> str:
    """`---` block listing every model field in declaration order, `key: value  # 说明`."""
    lines = ["---"]
    for name, info in model.model_fields.items():
        if name in values:
            value = values[name]
        elif info.is_required():
            value = None
        else:
            value = info.get_default(call_default_factory=True)
        text = f"{name}: {_scalar(value)}".rstrip()
        comment = _comment(model, name)
        line = f"{text}  # {comment}"
        if name in rare and name not in values:
            line = "# " + line
        lines.append(line)
    lines.append("---")
    return "\n".join(lines) + "\n"


ENTRY_BODY = """
<!-- 正文从这里开始，用 Markdown 书写：
     一级标题不用写（页面已显示标题），小标题用 ## ；
     表格用 | 列1 | 列2 | 的形式；发文机关署名和成文日期写在正文末尾。
     写完后运行 gongkai check 检查。 -->
"""

INTERPRETATION_BODY = """
<!-- 解读正文从这里开始：政策背景、主要内容、关键词解释、与群众和企业切身利益相关的变化。
     解读与政策文件应同步公开（同一天或几个工作日内）。 -->
"""


CONSULTATION_BODY = """
<!-- 征求意见稿正文从这里开始（也可以把草案全文作为附件，写在 attachments 中）。
     征集结束后，在 result 中写明收到的意见和采纳情况，出台的正式文件写在 final_policy（索引号）。 -->
"""


def consultation_text(values: dict) -> str:
    return front_matter(Consultation, values, RARE_CONSULTATION_FIELDS) + CONSULTATION_BODY


def entry_text(values: dict) -> str:
    return front_matter(Entry, values, RARE_ENTRY_FIELDS) + ENTRY_BODY


def interpretation_text(values: dict) -> str:
    return front_matter(Interpretation, values, RARE_INTERPRETATION_FIELDS) + INTERPRETATION_BODY


def front_matter_with_note(values: dict, note: str) -> str:
    """An entry's front matter with a comment block on top (where an imported file came from)."""
    lines = front_matter(Entry, values, RARE_ENTRY_FIELDS).split("\n")
    comments = ["# " + line for line in note.splitlines()]
    return "\n".join(lines[:1] + comments + lines[1:])
