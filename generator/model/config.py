"""site_config.yml: the one file a disclosure office edits, declared as a typed model."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from pydantic import Field, PrivateAttr, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import vocab
from .content import F, StrictModel, number_as_text
from .findings import Findings


class ConfigError(Exception):
    """site_config.yml is missing or invalid: the command exits 2 after printing the findings."""

    def __init__(self, findings: Findings):
        super().__init__("site configuration failed")
        self.findings = findings


class Section(StrictModel):
    id: Literal["guide", "rules", "catalog", "interpretations", "reports", "search", "apply", "help", "consultations"] = F(
        "栏目标识", "guide 指南、rules 制度、catalog 法定主动公开内容、interpretations 政策解读、reports 年报、search 搜索、apply 依申请公开、help 帮助、consultations 意见征集")
    title: str = F("栏目名称", "导航中显示的名称")


class KeyArea(StrictModel):
    title: str = F("名称", "重点领域名称，如 财政预决算")
    topic: Optional[str] = F("主题分类", "对应的主题分类（一级或一级\\二级）", None)
    keywords: list[str] = F("关键词", "标题或主题词含这些词的条目归入该领域", [])
    description: Optional[str] = F("说明", "一句话说明", None)


class Privacy(StrictModel):
    allowed_phones: list[str] = F("公开电话", "单位对外公开的手机或电话号码", [])
    allowed_emails: list[str] = F("公开邮箱", "单位对外公开的邮箱地址", [])
    allowed_email_domains: list[str] = F("公开邮箱域名", "这些域名（含子域名）的邮箱视为单位邮箱", ["gov.cn"])


class Timeliness(StrictModel):
    working_days: int = F("公开时限", "成文后多少个工作日内公开（《条例》第二十六条：20）", 20, ge=0)
    interpretation_working_days: int = F("解读时限", "解读最迟在政策发布后几个工作日内公开（0 = 同日）", 3, ge=0)


class Features(StrictModel):
    search: bool = F("站内搜索", "生成 Pagefind 搜索索引", True)
    feeds: bool = F("订阅", "生成 Atom 订阅", True)
    reports: bool = F("年报", "生成年报栏目", True)


class Contact(StrictModel):
    phone: Optional[str] = F("联系电话", "网站联系电话，如 0759-3100200", None)
    email: Optional[str] = F("电子邮箱", "网站联系邮箱", None)
    address: Optional[str] = F("通信地址", "网站主办单位的通信地址", None)
    postcode: Optional[str] = F("邮政编码", "6 位数字", None, pattern=r"^\d{6}$")


class DisclosureItems(StrictModel):
    """Which of the fifteen items of 条例第二十条 an entry belongs to, when its `category` does not say
    (docs/editors-guide.md, 法定主动公开内容). Numbers 1–15 are the items （一）–（十五）."""

    categories: dict[str, int] = F("信息类别对应", "category 的值: 项号，用于不直接写项目名称的类别，如 规划计划: 3",
                                   default_factory=dict)
    genres: dict[str, int] = F("体裁对应", "体裁: 项号，如 规范性文件: 1、统计数据: 4",
                               default_factory=lambda: dict(DEFAULT_ITEM_GENRES))
    topics: dict[str, int] = F("主题分类对应", "主题分类（一级 或 一级\\二级）: 项号，如 财政、金融、审计\\财政: 7",
                               default_factory=lambda: dict(DEFAULT_ITEM_TOPICS))

    @field_validator("categories", "genres", "topics")
    @classmethod
    def _item_numbers(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 1 <= n <= 15 for n in value.values()):
            raise PydanticCustomError("item_number", "item numbers are 1 to 15 (the fifteen items of article 20)")
        return value


# The default mapping of the vocabulary's genres and topics (generator/vocab.py) to 第二十条's items.
DEFAULT_ITEM_GENRES = {"令": 1, "规章": 1, "规范性文件": 1, "规划计划": 3, "统计数据": 4}
DEFAULT_ITEM_TOPICS = {
    "国民经济管理、国有资产监管\\统计": 4, "国民经济管理、国有资产监管\\宏观经济": 3, "城乡建设、环境保护\\城市规划": 3,
    "财政、金融、审计\\财政": 7, "国民经济管理、国有资产监管\\物价": 8,
    "国民经济管理、国有资产监管\\重大建设项目": 10,
    "民政、扶贫、救灾": 11, "科技、教育\\教育": 11, "卫生、体育\\卫生": 11,
    "劳动、人事、监察\\社会保障": 11, "劳动、人事、监察\\劳动就业": 11,
    "综合政务\\应急管理": 12, "民政、扶贫、救灾\\减灾救灾": 12,
    "城乡建设、环境保护\\环境监测、保护与治理": 13, "市场监管、安全生产监管": 13,
    "劳动、人事、监察\\人事工作": 14,
}


class ApplyChannels(StrictModel):
    """How the office receives 依申请公开 applications (《条例》第二十九条: in writing, by letter or data message).
    The 依申请公开 page, each agency's 指南 and the 申请表 show them; `gongkai check` warns when none is set."""

    online_url: Optional[str] = F("网上申请地址", "在线申请系统的网址，https:// 开头", None, pattern=r"^https?://\S+$")
    post_address: Optional[str] = F("信函申请地址", "邮寄申请表的地址", None)
    post_code: Optional[str] = F("邮政编码", "信函申请地址的邮编（6位）", None, pattern=r"^\d{6}$")
    post_recipient: Optional[str] = F("收件人", "信函的收件单位或部门，如 市政府办公室政务公开科", None)
    counter_address: Optional[str] = F("当面申请地点", "受理窗口的地址", None)
    counter_hours: Optional[str] = F("受理时间", "当面申请的时间，如 工作日 8:30—12:00、14:30—17:30", None)
    fax: Optional[str] = F("传真", "接收申请的传真号码", None)
    email: Optional[str] = F("电子邮件", "接收申请的电子邮箱", None, pattern=r"^[^@\s]+@[^@\s]+$")

    _post_code = field_validator("post_code", mode="before")(number_as_text)

    def configured(self) -> bool:
        return any(getattr(self, name) for name in type(self).model_fields)


class Consultations(StrictModel):
    result_days: int = F("采纳情况公布期限", "征集截止后多少天内应公布意见采纳情况；超过仍未填写 result 时 gongkai check 警告",
                         30, ge=1, le=365)


class ReportDeadlines(StrictModel):
    其他: Optional[str] = F("其他机构年报期限", "MM-DD，如 02-28；不填则不检查", None)


# A BCP 47 language tag as far as a site needs one: language, then optional script, region and
# variants (`zh`, `zh-CN`, `zh-Hans`, `zh-Hans-CN`, `en-US`). `_` is read as `-` (zh_CN, as locales write it).
_LANGUAGE_TAG = re.compile(r"(?P<language>[a-z]{2,3})(?:[-_](?P<script>[a-z]{4}))?(?:[-_](?P<region>[a-z]{2}|\d{3}))?"
                           r"(?P<variants>(?:[-_](?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)", re.I)
_INTERFACE_LANGUAGES = ("zh", "en")


def language_tag(value: str) -> tuple[str, str] | None:
    """`zh-hans-cn` → ("zh", "zh-Hans-CN"): the interface language and the tag in its usual case.
    None when the value is not a tag or names neither Chinese nor English."""
    match = _LANGUAGE_TAG.fullmatch(value.strip())
    if not match or match["language"].lower() not in _INTERFACE_LANGUAGES:
        return None
    parts = [match["language"].lower(), (match["script"] or "").title(), (match["region"] or "").upper()]
    parts += match["variants"].replace("_", "-").lower().split("-")
    return match["language"].lower(), "-".join(p for p in parts if p)


class SiteConfig(StrictModel):
    title: str = F("站点名称", "如 湛江市人民政府信息公开")
    # Only http(s): the address goes into every canonical link, feed and sitemap, where a javascript:
    # or data: address would run in the reader's browser.
    base_url: str = F("站点地址", "发布后的完整地址，以 http:// 或 https:// 开头，可含子路径，如 https://www.example.gov.cn/xxgk/",
                      pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#\\\"'<>]+(/[^\s?#\\\"'<>]*)?$")
    # The schema offers the tags too (editors must not flag zh-CN); the check reads them with language_tag().
    language: Annotated[Literal["zh", "en"], WithJsonSchema({"type": "string",
                                                             "pattern": "^([zZ][hH]|[eE][nN])([-_][A-Za-z0-9]+)*$"})] = F(
        "界面语言", "zh 中文（默认）或 en 英文；也可写语言标签，如 zh-CN、zh-Hans、en-US（页面的 lang 属性用它）", "zh")
    description: Optional[str] = F("站点说明", "一句话介绍", None)
    owner: Optional[str] = F("主办单位", "页脚显示的主办单位", None)
    icp: Optional[str] = F("备案号", "页脚显示的 ICP 备案号，如 粤ICP备05000001号", None)
    # The identity a 政府网站 shows in its footer and page metadata (docs/site-identity.md).
    operator: Optional[str] = F("承办单位", "负责网站日常运行的单位；不填则不显示", None)
    site_code: Optional[str] = F("网站标识码", "全国政府网站基本数据库分配的 10 位标识码，如 4408000001", None,
                                 pattern=r"^[0-9A-Za-z]{10}$")
    icp_url: str = F("备案号链接", "ICP 备案号链向的查询地址", "https://beian.miit.gov.cn/", pattern=r"^https?://\S+$")
    police_record: Optional[str] = F("公安备案号", "如 粤公网安备 44080202000001号", None)
    police_record_url: Optional[str] = F("公安备案链接", "不填则按公安备案号中的数字生成全国互联网安全管理服务平台的查询地址",
                                         None, pattern=r"^https?://\S+$")
    conac_url: Optional[str] = F("党政机关网站标识链接", "开办单位信息的核验地址（党政机关网站标识链向的地址）；填写后页脚显示标识",
                                 None, pattern=r"^https?://\S+$")
    error_report_url: Optional[str] = F("找错链接", "“我为政府网站找错”的地址；不填而有网站标识码时，使用国务院办公厅的找错平台",
                                        None, pattern=r"^https?://\S+$")
    contact: Contact = Field(default_factory=Contact, description="联系我们：页脚显示的网站联系方式")
    agencies_file: str = F("机构列表", "机构列表文件的路径", "content/agencies.yml")
    topics: dict[str, list[str]] = F("主题分类", "一级分类: [二级分类…]；默认为国务院文件主题分类",
                                     default_factory=lambda: dict(vocab.DEFAULT_TOPICS))
    topic_separator: str = F("主题分隔符", "一级和二级之间的分隔符", "\\")
    genres: list[str] = F("体裁", "允许的体裁（公文种类等）", default_factory=lambda: list(vocab.DEFAULT_GENRES))
    interpretation_required_genres: list[str] = F("需要解读的体裁", "这些体裁的文件须有政策解读",
                                                  default_factory=lambda: ["规章", "规范性文件"])
    sections: list[Section] = F("栏目", "导航栏目的顺序和名称", default_factory=list)
    key_areas: list[KeyArea] = F("重点领域", "首页展示的重点领域", default_factory=list)
    per_page: int = F("每页条数", "列表每页显示多少条", 20, ge=5, le=200)
    latest_count: int = F("首页最新条数", "首页显示多少条最新信息", 10, ge=1, le=50)
    max_file_mb: int = F("文件大小上限", "附件、正文链接的文件和内容文件的大小上限（MB），超过的文件不发布并报错", 50, ge=1, le=10240)
    privacy: Privacy = Field(default_factory=Privacy, description="个人信息检查的白名单")
    timeliness: Timeliness = Field(default_factory=Timeliness, description="时限")
    features: Features = Field(default_factory=Features, description="功能开关")
    report_deadlines: ReportDeadlines = Field(default_factory=ReportDeadlines, description="年报期限")
    disclosure_items: DisclosureItems = Field(default_factory=DisclosureItems,
                                              description="条例第二十条各项：体裁、主题分类、信息类别对应的项号")
    apply_channels: ApplyChannels = Field(default_factory=ApplyChannels, description="依申请公开的申请渠道")
    consultations: Consultations = Field(default_factory=Consultations, description="意见征集")

    _language_tag: Optional[str] = PrivateAttr(default=None)

    @field_validator("language", mode="before")
    @classmethod
    def _interface_language(cls, value):
        if not isinstance(value, str):
            return value  # the type error is reported as for any field
        parsed = language_tag(value)
        if parsed is None:
            raise PydanticCustomError("language_tag", "should be zh, en or a language tag starting with them, "
                                      "such as zh-CN, zh-Hans or en-US")
        return parsed[0]

    @model_validator(mode="wrap")
    @classmethod
    def _keep_language_tag(cls, data, handler):
        written = data.get("language") if isinstance(data, dict) else None
        config = handler(data)
        parsed = language_tag(written) if isinstance(written, str) else None
        if parsed and parsed[1] not in _INTERFACE_LANGUAGES:
            config._language_tag = parsed[1]
        return config

    @property
    def language_tag(self) -> Optional[str]:
        """The office's own tag (`zh-Hans-CN`), for the pages' lang attribute; None when it wrote
        plain zh or en, whose usual tags the interface strings give (text/site.py `lang_attr`)."""
        return self._language_tag

    def topic_paths(self) -> set[str]:
        paths = set()
        for top, children in self.topics.items():
            paths.add(top)
            paths.update(f"{top}{self.topic_separator}{c}" for c in children)
        return paths

    def section_title(self, section_id: str, default: str) -> str:
        return next((s.title for s in self.sections if s.id == section_id), default)
