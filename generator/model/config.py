"""site_config.yml: the one file a disclosure office edits, declared as a typed model."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from pydantic import Field, PrivateAttr, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import vocab
from .findings import Findings
from .content import F, StrictModel


class ConfigError(Exception):
    """site_config.yml is missing or invalid: the command exits 2 after printing the findings."""

    def __init__(self, findings: Findings):
        super().__init__("site configuration failed")
        self.findings = findings


class Section(StrictModel):
    id: Literal["guide", "rules", "catalog", "interpretations", "reports", "search", "apply", "help"] = F(
        "栏目标识", "guide 指南、rules 制度、catalog 法定主动公开内容、interpretations 政策解读、reports 年报、search 搜索、apply 依申请公开、help 帮助")
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
