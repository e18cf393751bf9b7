"""Disclosure rules and catalog vocabulary: 公开属性 and its reason, the fields a public
entry needs, 内容概述, 体裁 and 主题分类 against the site's configuration, and the
reviewer reminder for entries that publish personal data by law
(docs/disclosure.md#disclosure-attribute, #the-entry-page, #catalog-vocabulary, #personal-data)."""

from __future__ import annotations

import re

from ..load.validate import short, suggest
from ..model import vocab
from ..model.content import Entry, field_label
from ..model.disclosure_items import ITEMS, item_named
from ..model.findings import Findings

# A title may end with a bracketed note after its 文种: …的通知（2018年修订）
_TRAILING_NOTE = re.compile(r"\s*[（(【\[][^（）()【】\[\]]*[）)】\]]\s*$")


def check(site, findings: Findings) -> None:
    genres = list(site.config.genres)
    topics = site.config.topic_paths()
    for entry in site.entries:
        doc = entry.source
        check_reason(entry, doc, findings)
        check_published_present(entry, doc, findings)
        check_summary(entry, doc, findings)
        check_genre(entry, doc, genres, findings)
        check_topic(entry, doc, topics, site.config.topic_separator, findings)
        check_category(entry, doc, site.config.disclosure_items.categories, findings)
        if entry.personal_data is not None:
            findings.warning("PII006", doc.rel, doc.line_of("personal_data"), "personal_data",
                             basis=entry.personal_data.basis)


def check_category(entry: Entry, doc, mapped: dict[str, int], findings: Findings) -> None:
    """A `category` that names no item of 条例第二十条 (and is not mapped) leaves its entry out of the
    按条例第二十条 listing (generator/model/disclosure_items.py)."""
    if entry.category and item_named(entry.category, mapped) is None:
        findings.warning("CAT042", doc.rel, doc.line_of("category"), "category", value=entry.category,
                         example=ITEMS[6].title)


def check_reason(entry: Entry, doc, findings: Findings) -> None:
    if entry.disclosure == vocab.PUBLIC:
        return
    if not entry.reason:
        findings.error("CAT011", doc.rel, doc.line_of("disclosure"), "reason", value=entry.disclosure)
    elif not any(ground in entry.reason for ground in vocab.WITHHOLDING_GROUNDS):
        findings.warning("CAT012", doc.rel, doc.line_of("reason"), "reason", value=short(entry.reason))


def check_published_present(entry: Entry, doc, findings: Findings) -> None:
    """主动公开 and not a draft: the 发布日期 decides when it goes live, so it must be there."""
    if entry.disclosure == vocab.PUBLIC and not entry.draft and entry.published is None:
        label = field_label(Entry, "published")
        label += "，主动公开且不是草稿时必填，决定何时上线" if findings.lang == "zh" else \
            ", required for a 主动公开 entry that is not a draft: it decides when the entry goes live"
        findings.error("CAT001", doc.rel, doc.line_of("disclosure"), "published", key="published", label=label)


def check_summary(entry: Entry, doc, findings: Findings) -> None:
    if entry.draft or entry.disclosure != vocab.PUBLIC:
        return  # only what goes live is listed with its summary; a draft gets the warning when finished
    if not entry.summary or entry.summary.strip() == entry.title.strip():
        findings.warning("CAT002", doc.rel, doc.line_of("summary") if entry.summary else doc.line_of("title"),
                         "summary")


def check_genre(entry: Entry, doc, genres: list[str], findings: Findings) -> None:
    if entry.genre is None:
        return
    line = doc.line_of("genre")
    if entry.genre not in genres:
        findings.error("CAT040", doc.rel, line, "genre", value=short(entry.genre),
                       suggestion=suggest(entry.genre, genres, findings.lang), allowed="、".join(genres))
        return
    if entry.genre in vocab.DOCUMENT_TYPES and not title_ends_with_type(entry.title, entry.genre):
        findings.warning("CAT041", doc.rel, line, "genre", genre=entry.genre)


def title_ends_with_type(title: str, genre: str) -> bool:
    """公文 titles end with their 文种 (事由 + 文种); 命令 titles end with 令."""
    title = _TRAILING_NOTE.sub("", title.strip()).rstrip("。 ")
    endings = ("命令", "令") if genre == "命令" else (genre,)
    return title.endswith(endings)


def check_topic(entry: Entry, doc, topics: set[str], separator: str, findings: Findings) -> None:
    if entry.topic is None or entry.topic in topics:
        return
    # Editors copy topics from other sites with their separators (综合政务/政务公开, 综合政务-政务公开).
    respelled = re.sub(r"\s*[/／\\＼>＞\-－—|｜]\s*", lambda _: separator, entry.topic, count=1)
    hint = (f"，是否应为 {respelled}？" if findings.lang == "zh" else f" (did you mean {respelled}?)") \
        if respelled in topics else suggest(entry.topic, sorted(topics), findings.lang)
    findings.error("CAT050", doc.rel, doc.line_of("topic"), "topic", value=short(entry.topic), suggestion=hint)
