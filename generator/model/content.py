"""The content model: one typed declaration per content type.

These pydantic models are the single source of truth: the loader validates
front matter against them, `gongkai schema` turns them into JSON Schema for
editors' VS Code, and docs/fields.md is generated from their descriptions.
Each field carries its official Chinese label (`label`) for messages and docs.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from . import vocab

Disclosure = Literal["主动公开", "依申请公开", "不予公开"]
Validity = Literal["有效", "失效", "废止", "已修订"]
InterpretationForm = Literal["文字", "图解", "视频", "问答", "音频", "访谈"]
AgencyKind = Literal["部门", "政府", "其他"]

assert Disclosure.__args__ == vocab.DISCLOSURE and Validity.__args__ == vocab.VALIDITY


def F(label: str, description: str, default=..., **kw):
    """A field with its official Chinese label, used by messages, docs and the schema."""
    extra = kw.pop("json_schema_extra", {}) | {"label": label}
    return Field(default, description=f"{label}：{description}", json_schema_extra=extra, **kw)


class StrictModel(BaseModel):
    # Unknown keys are findings (a typo must not pass silently); values are not coerced between types
    # except for the lenient conversions below, so `draft: "yes"` is caught.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


def number_as_text(value):
    """`postcode: 524000` written without quotes is a number in YAML: the code is still its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _split_words(value):
    """`keywords: 政务公开 解读` written as one string is accepted as a list."""
    if isinstance(value, str):
        return [w for w in re.split(r"[\s,，、;；]+", value) if w]
    return value


class Attachment(StrictModel):
    title: str = F("附件名称", "附件的标题，如：附件1 任务分工表")
    file: str = F("附件文件", "相对于本文件的路径，文件须在 content/ 内，如 files/附件1.pdf")
    alt: Optional[str] = F("替代文本", "图片或扫描件附件的文字说明（无障碍）", None)


class Change(StrictModel):
    date: dt.date = F("修订日期", "YYYY-MM-DD")
    note: str = F("修订说明", "改了什么，为什么")


class PersonalData(StrictModel):
    basis: str = F("法律依据", "依法须公开个人信息的依据，如 行政处罚法第四十八条（惩戒性公示）")
    note: Optional[str] = F("说明", "公开了哪些个人信息", None)


class _Sourced(StrictModel):
    """Where a record came from: set by the loader, never part of the front matter."""

    _source = PrivateAttr(default=None)

    @property
    def source(self):
        # Read from pydantic's dict of private attributes, not through `self._source`: that goes
        # through BaseModel.__getattr__ (about 8 µs a call), and planning and checking ask for
        # every record's source several times (benchmarks/README.md, issue 15).
        private = self.__pydantic_private__
        return private.get("_source") if private else None


class Entry(_Sourced):
    """政府信息：公开目录中的一条信息（一个文件）。"""

    title: str = F("标题", "文件的完整标题（名称）", min_length=1)
    index_no: str = F("索引号", "机构代码/年份-序号，全站唯一且不变，如 11440800007212345X/2018-00022", min_length=1)
    agency: str = F("发布机构", "agencies.yml 中的机构 id", min_length=1)
    doc_no: Optional[str] = F("文号", "发文字号，如 湛府办〔2018〕22号；无文号的文件不填", None)
    written: dt.date = F("成文日期", "签发或会议通过的日期，YYYY-MM-DD")
    published: Optional[dt.date] = F("发布日期", "公开日期；主动公开必填；未来日期须加 scheduled: true", None)
    scheduled: bool = F("定时发布", "true 表示发布日期在未来，到期后由每日构建自动上线", False)
    topic: Optional[str] = F("主题分类", "一级 或 一级\\二级，如 综合政务\\政务公开", None)
    genre: Optional[str] = F("体裁", "公文种类或信息体裁，如 通知、意见、规章、规范性文件", None)
    category: Optional[str] = F("信息类别", "《条例》第二十条的项目名称或项号（如 财政预算决算、第七项），"
                                "或站点在 disclosure_items.categories 中对应到项号的类别", None)
    disclosure: Disclosure = F("公开属性", "主动公开、依申请公开 或 不予公开")
    reason: Optional[str] = F("不公开理由", "依申请公开、不予公开时必填，写明法律依据", None)
    draft: bool = F("草稿", "true 时无论其他字段如何都不发布", False)
    validity: Validity = F("有效性", "有效、失效、废止 或 已修订", "有效")
    superseded_by: Optional[str] = F("替代文件", "已修订、废止时替代它的文件的索引号", None)
    valid_until: Optional[dt.date] = F("有效期至", "规范性文件的有效期截止日期", None)
    keywords: list[str] = F("主题词", "关键词列表", [])
    summary: Optional[str] = F("内容概述", "一两句话概述文件内容（《条例》第十二条）", None)
    attachments: list[Attachment] = F("附件", "附件列表，每项含 title 和 file", [])
    changes: list[Change] = F("修订记录", "修订记录列表，每项含 date 和 note", [])
    reg_no: Optional[str] = F("登记号", "规范性文件登记号，如 HFGS—2017—9", None)
    personal_data: Optional[PersonalData] = F("依法公示的个人信息", "惩戒性公示等依法须公开个人信息时填写法律依据", None)
    sample: bool = F("示例", "true 表示演示用的虚构内容，页面会注明", False)

    _keywords = field_validator("keywords", mode="before")(_split_words)
    _category = field_validator("category", mode="before")(number_as_text)  # `category: 7` is item 7

    @property
    def year(self) -> int:
        return (self.published or self.written).year


_ENTRY_FIELDS = tuple(Entry.model_fields)
_entry_values = operator.attrgetter(*_ENTRY_FIELDS)


class EntryRecord:
    """A catalog entry as the loaded site holds it: every field of the validated Entry, in slots.

    Pydantic validates each file in the loader worker that read it (load/validate.py); the record
    is then sent to the building process in this form (`held`), so that no process holds 10⁵
    pydantic models: one is about 2.5 KB (its dictionary of fields, its set of the names given,
    its private attributes), this about a third of that (docs/design.md#scale). It reads as the
    Entry it was made of — the same names and values, lists as tuples since nothing edits a
    loaded record — for the checks, the plan, the templates and the build cache's fingerprints
    (render/cache.py encodes it as the Entry)."""

    __slots__ = (*Entry.model_fields, "source")

    @classmethod
    def of(cls, entry: Entry) -> EntryRecord:
        record = cls.__new__(cls)
        values = entry.__dict__
        for name in Entry.model_fields:
            value = values[name]
            setattr(record, name, tuple(value) if isinstance(value, list) else value)  # most lists: ()
        record.source = entry.source
        return record

    @property
    def year(self) -> int:
        return (self.published or self.written).year

    def fields(self) -> dict:
        """Field name → value, in the Entry's order (an Entry's __dict__, lists as tuples). The
        build cache asks this of every entry page (render/cache.py): read in one call."""
        return dict(zip(_ENTRY_FIELDS, _entry_values(self)))

    def __eq__(self, other) -> bool:  # as pydantic compares records: values and source (then unhashable, as they are)
        return type(other) is EntryRecord and self.fields() == other.fields() and self.source == other.source

    def __repr__(self) -> str:
        return f"EntryRecord(index_no={self.index_no!r}, title={self.title!r})"


def held(record):
    """What the site holds of a validated record: an Entry as an EntryRecord, the rest as they are
    (interpretations, pages and consultations are few)."""
    return EntryRecord.of(record) if type(record) is Entry else record


def json_values(record) -> dict:
    """A record's fields as JSON values, as pydantic's model_dump(mode="json") gives them."""
    if type(record) is EntryRecord:
        values = {name: list(value) if isinstance(value, tuple) else value for name, value in record.fields().items()}
        return Entry.model_construct(**values).model_dump(mode="json")
    return record.model_dump(mode="json")


def attach_source(record, doc) -> None:
    """Give a loaded record its SourceFile; None detaches it (a loader worker sends the record
    without it, the parent attaches the SourceFile it builds: load/parallel.py)."""
    if type(record) is EntryRecord:
        record.source = doc
    else:
        record.__pydantic_private__["_source"] = doc  # not through BaseModel.__setattr__: see _Sourced.source


class Media(StrictModel):
    title: str = F("名称", "媒体的名称")
    file: Optional[str] = F("文件", "content/ 内的图片、音频或视频文件", None)
    url: Optional[str] = F("链接", "外部发布地址", None)
    alt: Optional[str] = F("替代文本", "图解的文字说明", None)


class Interpretation(_Sourced):
    """政策解读：对一个或多个政策文件的解读。"""

    title: str = F("标题", "解读的标题", min_length=1)
    agency: str = F("发布机构", "agencies.yml 中的机构 id", min_length=1)
    published: dt.date = F("发布日期", "YYYY-MM-DD")
    interprets: list[str] = F("所解读文件", "被解读文件的索引号列表", min_length=1)
    form: InterpretationForm = F("解读形式", "文字、图解、视频、问答、音频 或 访谈", "文字")
    summary: Optional[str] = F("内容概述", "一两句话", None)
    media: list[Media] = F("媒体", "图解、音视频等材料", [])
    keywords: list[str] = F("主题词", "关键词列表", [])
    scheduled: bool = F("定时发布", "发布日期在未来时为 true", False)
    draft: bool = F("草稿", "true 时不发布", False)
    sample: bool = F("示例", "true 表示演示用的虚构内容", False)

    _keywords = field_validator("keywords", mode="before")(_split_words)


class Consultation(_Sourced):
    """意见征集：向社会公开征求意见的决策草案（决策预公开）。"""

    title: str = F("标题", "如 关于《湛江市××管理办法（征求意见稿）》公开征求意见的公告", min_length=1)
    agency: str = F("发布机构", "agencies.yml 中的机构 id", min_length=1)
    opens: dt.date = F("征集开始日期", "YYYY-MM-DD；这一天起在网站上公开", )
    closes: dt.date = F("征集截止日期", "YYYY-MM-DD；不早于开始日期，一般不少于30日")
    feedback: list[str] = F("反馈方式", "提交意见的渠道，每项一行，如 电子邮件：xx@example.gov.cn", min_length=1)
    summary: Optional[str] = F("内容概述", "草案要解决什么问题、主要内容", None)
    attachments: list[Attachment] = F("附件", "草案全文、起草说明等附件，每项含 title 和 file", [])
    result: Optional[str] = F("采纳情况", "征集结束后填写：收到多少条意见、采纳情况和不予采纳的理由", None)
    result_date: Optional[dt.date] = F("采纳情况公布日期", "填写 result 的日期", None)
    final_policy: Optional[str] = F("正式文件", "据此出台的正式文件的索引号（须为本站主动公开的条目）", None)
    keywords: list[str] = F("主题词", "关键词列表", [])
    draft: bool = F("草稿", "true 时不发布", False)
    sample: bool = F("示例", "true 表示演示用的虚构内容", False)

    _keywords = field_validator("keywords", mode="before")(_split_words)


class Page(_Sourced):
    """自由页面：信息公开指南、制度、依申请公开、无障碍声明、帮助等。"""

    title: str = F("标题", "页面标题", min_length=1)
    section: Optional[str] = F("栏目", "所属栏目 id，如 guide、rules、apply、help", None)
    order: int = F("排序", "同一栏目内的顺序，小的在前", 100)
    summary: Optional[str] = F("内容概述", "一两句话", None)
    draft: bool = F("草稿", "true 时不发布", False)
    sample: bool = F("示例", "true 表示演示用的虚构内容", False)


class Leader(StrictModel):
    name: str = F("姓名", "负责人姓名（《条例》第二十条第（二）项：负责人姓名依法主动公开）", min_length=1)
    post: str = F("职务", "如 局长、副局长", min_length=1)
    duties: Optional[str] = F("分工", "分管的工作", None)


class Agency(StrictModel):
    """机构：content/agencies.yml 中的一项。"""

    id: str = F("机构标识", "英文小写和连字符，用作目录名和网址，如 zj-gov-office", pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = F("机构全称", "发布机构的完整规范名称", min_length=1)
    short_name: Optional[str] = F("简称", "列表中显示的简称", None)
    kind: AgencyKind = F("机构类别", "部门（年报1月31日前）、政府（3月31日前）或 其他", "部门")
    code: Optional[str] = F("机构代码", "统一社会信用代码（18位）或组织机构代码（9位），用于索引号", None)
    parent: Optional[str] = F("上级机构", "上级机构的 id", None)
    doc_prefixes: list[str] = F("发文代字", "本机构文号的代字，如 湛府办", [])
    reviewers: list[str] = F("审核人", "GitHub 用户名或团队，如 @zj-gov/reviewers", [])
    phones: list[str] = F("公开电话", "本机构对外公开的电话号码（不会被当作个人信息）", [])
    emails: list[str] = F("公开邮箱", "本机构对外公开的邮箱", [])
    address: Optional[str] = F("办公地址", "", None)
    postcode: Optional[str] = F("邮政编码", "办公地址的邮编（6位）", None, pattern=r"^\d{6}$")
    office_hours: Optional[str] = F("办公时间", "如 工作日 8:30—12:00、14:30—17:30", None)
    fax: Optional[str] = F("传真", "对外公开的传真号码", None)
    functions: Optional[str] = F("机构职能", "主要职责，可多段（YAML 的 | 块）", None)
    departments: list[str] = F("内设机构", "内设机构名称列表", [])
    leaders: list[Leader] = F("负责人", "负责人列表，每项含 name、post，可加 duties", [])
    annual_reports_from: Optional[int] = F(
        "年报起始年度", "本站从哪一年度起发布本机构的年报：此后每个已过期限的年度缺少年报时 gongkai check 警告、年报栏目标为未发布；不填则不检查", None,
        ge=2008, le=2100)
    sample: bool = F("示例", "虚构的演示机构", False)

    _postcode = field_validator("postcode", mode="before")(number_as_text)


CONTENT_TYPES = {"entry": Entry, "interpretation": Interpretation, "consultation": Consultation, "page": Page,
                 "agency": Agency}


def field_label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    extra = (info.json_schema_extra or {}) if info else {}
    return extra.get("label", name) if isinstance(extra, dict) else name
