"""The fifteen items of 《政府信息公开条例》第二十条, and which item an entry belongs to.

法定主动公开内容 is laid out by these items (docs/editors-guide.md, 法定主动公开内容): every item is
shown, an empty one says so. An entry belongs to the item its `category` names (the item's title
below, its number, or a category the office maps in site_config.yml `disclosure_items.categories`),
else to the item its genre or topic is mapped to (`disclosure_items.genres`, `.topics`).
The titles are our own short names for the regulation's items; the list itself is the law's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    number: int
    numeral: str  # 一 … 十五, as the regulation numbers its items
    title: str  # our short title, zh
    title_en: str
    scope: str  # what the item covers, in a short phrase of our own (zh)


ITEMS: tuple[Item, ...] = (
    Item(1, "一", "规章和规范性文件", "Rules and normative documents", "本机关制定的规章、行政规范性文件"),
    Item(2, "二", "机构信息", "Agency information", "职能、机构设置、办公地址、办公时间、联系方式、负责人"),
    Item(3, "三", "规划信息", "Plans", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    Item(4, "四", "统计信息", "Statistics", "国民经济和社会发展统计信息"),
    Item(5, "五", "许可和服务事项", "Licences and services", "行政许可和其他对外管理服务事项的依据、条件、程序和办理结果"),
    Item(6, "六", "行政处罚和行政强制", "Penalties and enforcement", "行政处罚、行政强制的依据、条件、程序和有一定社会影响的处罚决定"),
    Item(7, "七", "财政预算决算", "Budgets and final accounts", "财政预算、决算信息"),
    Item(8, "八", "收费项目", "Fees", "行政事业性收费项目及其依据、标准"),
    Item(9, "九", "政府集中采购", "Government procurement", "政府集中采购项目的目录、标准和实施情况"),
    Item(10, "十", "重大建设项目", "Major construction projects", "重大建设项目的批准和实施情况"),
    Item(11, "十一", "民生保障", "Social welfare", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施和实施情况"),
    Item(12, "十二", "突发公共事件", "Public emergencies", "突发公共事件的应急预案、预警信息和应对情况"),
    Item(13, "十三", "监督检查", "Inspections", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    Item(14, "十四", "公务员招考", "Civil service recruitment", "公务员招考的职位、名额、报考条件和录用结果"),
    Item(15, "十五", "其他法定公开信息", "Other information required by law", "法律、法规、规章和国家有关规定要求主动公开的其他信息"),
)
BY_NUMBER = {item.number: item for item in ITEMS}
AGENCY_ITEM = 2  # 机构信息: shown from agencies.yml as well as from entries

_NUMBERED = re.compile(r"^(?:第)?[（(]?([一二三四五六七八九十]+|\d{1,2})[）)]?(?:项)?$")
_NUMERALS = {item.numeral: item.number for item in ITEMS}


def item_named(category: str, mapped: dict[str, int]) -> int | None:
    """The item a `category` value names: its title, （七）/第七项/7, or the office's own category mapping."""
    value = category.strip()
    if value in mapped:
        return mapped[value]
    for item in ITEMS:
        if value == item.title:
            return item.number
    match = _NUMBERED.match(value)
    if match:
        token = match.group(1)
        number = int(token) if token.isdigit() else _NUMERALS.get(token)
        if number in BY_NUMBER:
            return number
    return None


def item_of(entry, config) -> int | None:
    """The item of 第二十条 an entry is listed under, or None (it is then only in the other listings)."""
    mapping = config.disclosure_items
    if entry.category:
        named = item_named(entry.category, mapping.categories)
        if named is not None:
            return named
    if entry.genre and entry.genre in mapping.genres:
        return mapping.genres[entry.genre]
    if entry.topic:
        if entry.topic in mapping.topics:
            return mapping.topics[entry.topic]
        top = entry.topic.split(config.topic_separator)[0]
        if top in mapping.topics:
            return mapping.topics[top]
    return None
