"""`gongkai docs`: regenerate docs/findings.md and docs/fields.md from the code.

The findings reference lists every code in i18n.MESSAGES (level, Chinese message,
hint, English message); the fields reference lists every field of every content
model with its official label and description. Both are generated so that a CI
log, a PR annotation and the editors' guide always speak of the same codes and
fields; a test fails when the committed files are stale.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing

from pydantic import BaseModel

from ..text import messages as i18n

FINDINGS_FILE = "docs/findings.md"
FIELDS_FILE = "docs/fields.md"

# Prefix of a code → section title. Codes are listed in this order, then alphabetically.
GROUPS = [
    ("FILE", "文件（编码、front matter、YAML）"),
    ("SCH", "字段（按内容模型检查）"),
    ("CFG", "站点配置"),
    ("AGY", "机构列表 agencies.yml"),
    ("CAT", "公开目录条目与政策解读"),
    ("PII", "个人信息（去标识化）"),
    ("report", "政府信息公开工作年度报告"),
]
LEVEL_TEXT = {"error": "错误", "warning": "警告"}


def load_all_codes() -> None:
    """Import every generator module, so that codes defined outside i18n.py (i18n.define in their
    own modules) are registered. A module that cannot be imported here defines nothing we can list."""
    import generator

    for info in sorted(pkgutil.walk_packages(generator.__path__, "generator."), key=lambda m: m.name):
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 — an optional module (e.g. a missing extra) must not stop the docs
            continue


# --- findings.md ----------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _group_of(code: str) -> int:
    return next((i for i, (prefix, _) in enumerate(GROUPS) if code.startswith(prefix)), len(GROUPS))


def findings_markdown() -> str:
    load_all_codes()
    codes = sorted(i18n.MESSAGES, key=lambda c: (_group_of(c), c))
    out = ["# 检查项一览（Findings reference）", "",
           "<!-- 由 `gongkai docs` 从 generator/text/messages.py 生成，请勿手工修改。 -->", "",
           "`gongkai check` 的每条结果都带一个固定代码。CI 日志、拉取请求中的标注和编辑指南都用这些代码。"
           "“错误”使检查失败（退出码 1）；“警告”只提示，加 `--strict` 时也算失败。"
           "消息中的 `{…}` 在实际运行时替换为具体的值。", ""]
    current = None
    for code in codes:
        group = _group_of(code)
        if group != current:
            current = group
            title = GROUPS[group][1] if group < len(GROUPS) else "其他"
            out += ["", f"## {title}", "", "| 代码 | 级别 | 说明 | 修改建议 | English |", "|---|---|---|---|---|"]
        zh_msg, zh_hint = i18n.MESSAGES[code]["zh"]
        en_msg, en_hint = i18n.MESSAGES[code].get("en", ("", ""))
        level = LEVEL_TEXT.get(i18n.LEVELS.get(code, ""), "视情况")
        out.append(f"| <a id=\"{code}\"></a>`{code}` | {level} | {_cell(zh_msg)} | {_cell(zh_hint)} | "
                   f"{_cell(en_msg)}{' — ' + _cell(en_hint) if en_hint else ''} |")
    return "\n".join(out) + "\n"


# --- fields.md ------------------------------------------------------------------------------

def content_types() -> list[tuple[str, str, type[BaseModel]]]:
    from ..model.config import SiteConfig
    from ..model.content import Agency, Consultation, Entry, Interpretation, Page
    from .schema import content_models

    types_ = [("目录条目", "content/catalog/<机构>/<年份>/<名称>.md", Entry),
              ("政策解读", "content/interpretations/<名称>.md", Interpretation),
              ("意见征集", "content/consultations/<机构>/<名称>.md", Consultation),
              ("页面", "content/pages/<名称>.md", Page),
              ("机构", "content/agencies.yml 中 agencies 列表的每一项", Agency),
              ("站点配置", "site_config.yml", SiteConfig)]
    report = content_models().get("report")
    if report is not None:
        types_.append(("年度报告", "content/reports/<机构>/<年度>.md", report))
    return types_


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += [m for m in _models_in(arg) if m not in found]
    return found


def _type_text(annotation) -> str:
    """A short type for readers: 文字, 日期, 列表（附件）…"""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return " 或 ".join(_type_text(a) for a in args)
    if origin is typing.Literal:
        return "、".join(str(a) for a in typing.get_args(annotation))
    if origin is list:
        return f"列表（{_type_text(args[0])}）" if args else "列表"
    if origin is dict:
        return "映射"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {"str": "文字", "int": "整数", "bool": "true/false", "date": "日期 YYYY-MM-DD", "Decimal": "数字",
             "float": "数字"}
    return names.get(getattr(annotation, "__name__", ""), str(annotation).replace("typing.", ""))


def _label(info) -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return extra.get("label", "")


def _description(info) -> str:
    text = info.description or ""
    label = _label(info)
    return text[len(label) + 1:] if label and text.startswith(label + "：") else text


def _required_text(info) -> str:
    if info.is_required():
        return "必填"
    default = info.get_default(call_default_factory=False)
    if default in (None, [], {}) or info.default_factory is not None:
        return "可选"
    return f"默认 `{str(default).lower() if isinstance(default, bool) else default}`"


def model_table(model: type[BaseModel]) -> list[str]:
    doc = (model.__doc__ or "").strip().splitlines()
    out = [f"### {model.__name__}", "", *([doc[0], ""] if doc else []),
           "| 字段 | 名称 | 类型 | 必填 | 说明 |", "|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        out.append(f"| `{key}` | {_cell(_label(info))} | {_cell(_type_text(info.annotation))} | "
                   f"{_required_text(info)} | {_cell(_description(info))} |")
    return out + [""]


def _nested(model: type[BaseModel], seen: set) -> list[type[BaseModel]]:
    """The models reachable from `model`'s fields, depth first, each once."""
    found = []
    for info in model.model_fields.values():
        for sub in _models_in(info.annotation):
            if sub not in seen:
                seen.add(sub)
                found += [sub] + _nested(sub, seen)
    return found


def fields_markdown() -> str:
    out = ["# 字段一览（Fields reference）", "",
           "<!-- 由 `gongkai docs` 从 generator/model/content.py 等内容模型生成，请勿手工修改。 -->", "",
           "每种内容的 front matter 字段（键名为英文，取值用官方中文术语）。"
           "`gongkai check` 按这里的定义检查，`gongkai schema` 生成的 JSON Schema 也来自同一定义。", ""]
    seen: set = set()
    for title, where, model in content_types():
        seen.add(model)
        out += [f"## {title}", "", f"文件：`{where}`", ""] + model_table(model)
        for sub in _nested(model, seen):
            out += model_table(sub)
    return "\n".join(out).rstrip("\n") + "\n"


# --- the command ----------------------------------------------------------------------------

def generated_docs() -> dict[str, str]:
    return {FINDINGS_FILE: findings_markdown(), FIELDS_FILE: fields_markdown()}


