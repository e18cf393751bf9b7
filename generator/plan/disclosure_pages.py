"""The disclosure structure's pages, added to the site plan by generator/plan.py:

- catalog/article-20/          法定主动公开内容 by the fifteen items of 条例第二十条 (empty items said to be empty)
- catalog/article-20/<n>/      the entries of item n (paginated like every listing)
- agencies/<id>/               机构信息 of an agency (第二十条第（二）项), from content/agencies.yml
- guide/                       the 政府信息公开指南 of every agency
- guide/<id>/                  one agency's 指南: generated from its data and the office's channels, or the
                               Markdown file content/pages/guide/<id>.md when there is one (docs/editors-guide.md)

Everything listed comes from the Planner's public entries only.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from ..model.disclosure_items import AGENCY_ITEM, ITEMS, item_of
from .types import Body

ARTICLE20 = "catalog/article-20/"
AGENCY_PAGES = "agencies/"
GUIDES = "guide/"
GUIDE_OVERRIDES = "content/pages/guide/"  # content/pages/guide/<agency id>.md replaces the generated 指南
PREVIEW = 5  # entries shown per item on the overview

LABELS = {
    "zh": {
        "article20": "按条例第二十条",
        "article20_intro": "《中华人民共和国政府信息公开条例》第二十条列出了行政机关应当主动公开的十五项政府信息。"
                           "以下按这十五项列出本站发布的信息；暂无信息的项目也一并列出。",
        "item_heading": "（{numeral}）{title}",
        "empty": "本项暂无信息。",
        "all_of_item": "本项全部 {n} 条信息",
        "agencies_of_item": "各机构的职能、机构设置、办公地址、办公时间、联系方式和负责人：",
        "agency_info": "机构信息", "functions": "机构职能", "departments": "内设机构", "leaders": "负责人",
        "leader_name": "姓名", "leader_post": "职务", "leader_duties": "分工",
        "contact": "办公地址和联系方式", "address": "办公地址", "postcode": "邮政编码", "office_hours": "办公时间",
        "phones": "联系电话", "fax": "传真", "emails": "电子邮箱", "code": "统一社会信用代码",
        "not_given": "未提供", "its_entries": "本机构发布的信息（{n} 条）", "its_reports": "本机构的政府信息公开年报",
        "its_guide": "本机构的政府信息公开指南", "its_feed": "订阅本机构的信息",
        "guide_index": "政府信息公开指南",
        "guide_index_intro": "每个机关编制并公布本机关的政府信息公开指南（《条例》第十二条），说明政府信息的分类和编排、"
                             "获取方式，以及政府信息公开工作机构的联系方式。",
        "guide_of": "{agency}政府信息公开指南",
        "sample_agency": "本机构的职能、负责人和联系方式为演示用的示意数据，不是真实信息。",
        "guide_intro": "为方便公民、法人和其他组织获取{agency}的政府信息，根据《中华人民共和国政府信息公开条例》第十二条编制本指南。",
        "guide_s1": "一、政府信息的分类和编排",
        "guide_s1_text": "本机关主动公开的政府信息发布在本站“法定主动公开内容”栏目，按《条例》第二十条所列十五项、主题分类、"
                         "发布机构、年份和体裁编排。每条信息标注索引号、文号、成文日期、发布日期和有效性，并附内容概述。",
        "guide_by_item": "按条例第二十条浏览", "guide_entries": "本机关发布的全部信息",
        "guide_s2": "二、获取政府信息的方式",
        "guide_s2_public": "（一）主动公开",
        "guide_s2_public_text": "可在本站浏览、检索本机关的信息，也可订阅更新。现行有效的规章和规范性文件集中列示。",
        "guide_s2_apply": "（二）依申请公开",
        "guide_s2_apply_text": "公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息。申请应当采用书面形式，"
                               "包括信件、数据电文；采用书面形式确有困难的，可以口头提出（《条例》第二十九条）。",
        "guide_channels": "申请渠道：", "guide_apply_page": "办理程序、期限和费用见“依申请公开”栏目",
        "guide_s3": "三、政府信息公开工作机构",
        "guide_s4": "四、监督和救济",
        "guide_s4_text": "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者"
                         "政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。",
        "guide_agency_page": "本机关的职能、机构设置和负责人",
    },
    "en": {
        "article20": "By article 20",
        "article20_intro": "Article 20 of the Regulations on the Disclosure of Government Information lists fifteen kinds of "
                           "information that agencies publish on their own initiative. This page lists the site's information "
                           "by these items, including the items that hold nothing yet.",
        "item_heading": "({numeral}) {title}",
        "empty": "Nothing has been published under this item yet.",
        "all_of_item": "All {n} entries of this item",
        "agencies_of_item": "Functions, organisation, address, hours, contacts and heads of each agency:",
        "agency_info": "Agency information", "functions": "Functions", "departments": "Internal departments",
        "leaders": "Heads", "leader_name": "Name", "leader_post": "Post", "leader_duties": "Responsibilities",
        "contact": "Address and contacts", "address": "Address", "postcode": "Postcode", "office_hours": "Office hours",
        "phones": "Telephone", "fax": "Fax", "emails": "E-mail", "code": "Unified social credit code",
        "not_given": "not given", "its_entries": "Information published by this agency ({n})",
        "its_reports": "Annual reports of this agency", "its_guide": "Disclosure guide of this agency",
        "its_feed": "Feed of this agency",
        "guide_index": "Disclosure guides",
        "guide_index_intro": "Every agency publishes its own disclosure guide (art. 12): how its information is organised, "
                             "how to obtain it, and how to reach its disclosure office.",
        "guide_of": "Disclosure guide of {agency}",
        "sample_agency": "The functions, heads and contacts of this agency are invented for the demonstration.",
        "guide_intro": "This guide helps citizens and organisations obtain the government information of {agency} (art. 12).",
        "guide_s1": "1. How the information is organised",
        "guide_s1_text": "The agency's information is published in the catalog, by the fifteen items of article 20, by topic, "
                         "agency, year and genre. Every entry carries its index number, document number, dates and validity.",
        "guide_by_item": "Browse by article 20", "guide_entries": "All information of this agency",
        "guide_s2": "2. How to obtain information",
        "guide_s2_public": "2.1 Published information",
        "guide_s2_public_text": "Browse, search or subscribe on this site; rules and normative documents in force are listed together.",
        "guide_s2_apply": "2.2 On application",
        "guide_s2_apply_text": "Anyone may apply in writing (letter or electronic) for information that is not published (art. 29).",
        "guide_channels": "Channels:", "guide_apply_page": "Procedure, time limits and fees: see the application page",
        "guide_s3": "3. Disclosure office",
        "guide_s4": "4. Complaints and remedies",
        "guide_s4_text": "Anyone who considers that the agency infringed their rights in disclosure work may complain to the "
                         "superior agency or the competent disclosure office, or apply for administrative review or sue (art. 51).",
        "guide_agency_page": "Functions, organisation and heads of this agency",
    },
}


def labels(lang: str) -> dict:
    return LABELS.get(lang, LABELS["zh"])


def agency_url(agency_id: str) -> str:
    return f"{AGENCY_PAGES}{agency_id}/"


def guide_url(agency_id: str) -> str:
    return f"{GUIDES}{agency_id}/"


def item_url(number: int) -> str:
    return f"{ARTICLE20}{number}/"


def guide_override_agency(page, agencies: dict) -> str | None:
    """The agency whose 指南 this free page replaces (content/pages/guide/<agency id>.md), or None."""
    path = PurePosixPath(page.source.rel)
    if path.parent.as_posix() + "/" == GUIDE_OVERRIDES and path.stem in agencies:
        return path.stem
    return None


def item_title(item, lang: str) -> str:
    return item.title if lang == "zh" else item.title_en


def plan_article20(planner) -> None:
    """The overview of the fifteen items and one listing per item."""
    text = labels(planner.lang)
    grouped: dict[int, list] = defaultdict(list)
    for entry in planner.entries:  # newest first
        number = item_of(entry, planner.config)
        if number is not None:
            grouped[number].append(entry)
    base_crumbs = [planner.crumb("catalog", "catalog/")]
    overview_crumbs = base_crumbs + [{"title": text["article20"], "url": ARTICLE20}]
    items = []
    for item in ITEMS:
        entries = grouped.get(item.number, [])
        heading = text["item_heading"].format(numeral=item.numeral, title=item_title(item, planner.lang))
        planner.listing(item_url(item.number), entries, heading, overview_crumbs, intro=item.scope,
                        nav_url=ARTICLE20)
        items.append({"number": item.number, "heading": heading, "scope": item.scope, "count": len(entries),
                      "url": item_url(item.number), "rows": [planner.rows[e.index_no] for e in entries[:PREVIEW]],
                      "agencies": agency_links(planner) if item.number == AGENCY_ITEM else []})
    planner.add(ARTICLE20, "article20.html", text["article20"], "catalog", base_crumbs, items=items, labels=text,
                nav_url=ARTICLE20)


def agency_links(planner) -> list[dict]:
    return [{"name": a.name, "url": agency_url(a.id)} for a in planner.site.agencies.values()]


def contact_rows(agency, text: dict) -> list[dict]:
    """The 办公地址和联系方式 of an agency, in the order a 指南 gives them; fields not given are left out."""
    rows = [("address", agency.address), ("postcode", agency.postcode), ("office_hours", agency.office_hours),
            ("phones", "、".join(agency.phones)), ("fax", agency.fax), ("emails", "、".join(agency.emails))]
    return [{"key": key, "label": text[key], "value": value} for key, value in rows if value]


def plan_agency_pages(planner, report_agencies: set[str], feeds_page: str) -> None:
    """One 机构信息 page per agency (listed under 第二十条第（二）项 and on the agency list); `feeds_page`:
    the 订阅 page, whose entry for the agency its feed link opens."""
    text = labels(planner.lang)
    counts = {a: len(v) for a, v in planner.facets["agency"].items()}
    crumbs = [planner.crumb("catalog", "catalog/"), {"title": planner.t("agency_index"), "url": AGENCY_PAGES}]
    for agency in planner.site.agencies.values():
        count = counts.get(agency.id, 0)
        links = [{"title": text["its_guide"], "url": guide_url(agency.id)}]
        if count:
            links.insert(0, {"title": text["its_entries"].format(n=count), "url": planner.facet_url("agency", agency.id)})
        if agency.id in report_agencies:
            links.append({"title": text["its_reports"], "url": f"reports/{agency.id}/"})
        if count and planner.config.features.feeds:
            links.append({"title": text["its_feed"], "url": f"{feeds_page}#feed-{agency.id}"})
        parent = planner.site.agencies.get(agency.parent or "")
        planner.add(agency_url(agency.id), "agency.html", agency.name, "catalog", crumbs, agency=agency,
                    labels=text, contacts=contact_rows(agency, text), links=links, nav_url=AGENCY_PAGES,
                    parent={"name": parent.name, "url": agency_url(parent.id)} if parent else None,
                    functions=paragraphs(agency.functions))


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def plan_guides(planner, overrides: dict[str, object], channels: list[dict], forms: list[dict],
                guide_pages: list[dict], apply_url: str | None) -> None:
    """guide/ (every agency's 指南) and guide/<id>/: the override page's body, or the generated text."""
    text = labels(planner.lang)
    title = planner.section_title("guide")
    section_crumb = [{"title": title, "url": GUIDES}]
    items = []
    counts = {a: len(v) for a, v in planner.facets["agency"].items()}
    for agency in planner.site.agencies.values():
        page_title = text["guide_of"].format(agency=agency.name)
        override = overrides.get(agency.id)
        url = guide_url(agency.id)
        if override is not None:
            planner.add(url, "page.html", override.title, "guide", section_crumb, deps=(override.source.rel,),
                        page=override, body=Body.of_file(override.source), nav_url=GUIDES,
                        search=planner.search_meta("page", None, override.title, None, section="guide"))
            page_title = override.title
        else:
            planner.add(url, "guide.html", page_title, "guide", section_crumb, agency=agency, labels=text,
                        contacts=contact_rows(agency, text), channels=channels, forms=forms,
                        agency_page=agency_url(agency.id), apply_url=apply_url, nav_url=GUIDES,
                        entries_url=planner.facet_url("agency", agency.id) if counts.get(agency.id) else None,
                        search=planner.search_meta("page", None, page_title, None, section="guide"))
        items.append({"title": page_title, "url": url, "agency": agency.name})
    planner.add(GUIDES, "guide_index.html", title, "guide", [], items=items, labels=text, pages=guide_pages,
                nav_url=GUIDES)
