"""依申请公开: the office's channels (site_config.yml `apply_channels`) and the 政府信息公开申请表.

The form exists for 公民 and for 法人或者其他组织, each as a Word file (.docx, written with python-docx
at build time) and as a printable HTML page:

- apply/forms/citizen.docx, apply/forms/organisation.docx
- apply/forms/citizen/, apply/forms/organisation/

The fields are the usual ones of a 申请表 (《条例》第二十九条: 申请人的姓名或者名称、身份证明、联系方式;
a description of the information; the requested form and way of delivery). 用途 is asked but marked
optional: the regulation does not require an applicant to state a purpose. See docs/editors-guide.md.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

FORMS = "apply/forms/"


@dataclass(frozen=True)
class Field:
    label: str
    note: str = ""  # shown small under the blank: how to fill it, or 选填
    choices: tuple[str, ...] = ()  # tick boxes instead of a blank
    tall: bool = False  # a blank of several lines


@dataclass(frozen=True)
class Form:
    kind: str  # citizen | organisation: the file name
    title: str
    applicant: tuple[Field, ...]


APPLICANT_CITIZEN = (
    Field("姓名"), Field("证件名称", choices=("居民身份证", "护照", "其他")), Field("证件号码"),
    Field("联系电话"), Field("电子邮箱", "选填"), Field("通信地址"), Field("邮政编码"),
)
APPLICANT_ORGANISATION = (
    Field("名称"), Field("统一社会信用代码"), Field("法定代表人或者主要负责人"), Field("联系人姓名"),
    Field("联系人电话"), Field("联系人电子邮箱", "选填"), Field("通信地址"), Field("邮政编码"),
)
REQUEST = (
    Field("所需政府信息的名称、文号或者便于查询的其他特征性描述", "越具体越便于查找：如文件名称、文号、发布机关、大致时间", tall=True),
    Field("用途", "选填：不说明用途不影响申请的受理"),
    Field("提供政府信息的载体形式", choices=("纸质", "电子邮件", "光盘", "其他")),
    Field("获取政府信息的方式", choices=("邮寄", "电子邮件", "自行领取", "当场阅读、抄录")),
    Field("无法按照指定形式提供时，是否接受其他形式", choices=("是", "否")),
)
SIGNATURE = (Field("申请人签名（盖章）"), Field("申请日期", "年　　月　　日"))

CITIZEN = Form("citizen", "政府信息公开申请表（公民）", APPLICANT_CITIZEN)
ORGANISATION = Form("organisation", "政府信息公开申请表（法人或者其他组织）", APPLICANT_ORGANISATION)
ALL_FORMS = (CITIZEN, ORGANISATION)

SECTION_TITLES = ("申请人信息", "所需信息", "签名")
PRIVACY_NOTE = "申请人填写的身份信息和联系方式只用于办理本次申请，受理机关依法保密。"
BOX = "□"


def docx_path(form: Form) -> str:
    return f"{FORMS}{form.kind}.docx"


def html_url(form: Form) -> str:
    return f"{FORMS}{form.kind}/"


def sections(form: Form) -> list[tuple[str, tuple[Field, ...]]]:
    return list(zip(SECTION_TITLES, (form.applicant, REQUEST, SIGNATURE)))


def channel_list(channels) -> list[dict]:
    """The configured channels as (label, lines) for the page, the 指南 and the forms; in the order of
    the regulation's preference for written applications: online, letter, in person, fax, e-mail."""
    out = []
    if channels.online_url:
        out.append({"key": "online", "label": "网上申请", "url": channels.online_url, "lines": [channels.online_url]})
    if channels.post_address:
        lines = [channels.post_address + (f"（邮编 {channels.post_code}）" if channels.post_code else "")]
        if channels.post_recipient:
            lines.append(f"收件人：{channels.post_recipient}")
        lines.append("请在信封上注明“政府信息公开申请”")
        out.append({"key": "post", "label": "信函申请", "lines": lines})
    if channels.counter_address:
        lines = [channels.counter_address] + ([f"受理时间：{channels.counter_hours}"] if channels.counter_hours else [])
        out.append({"key": "counter", "label": "当面申请", "lines": lines})
    if channels.fax:
        out.append({"key": "fax", "label": "传真申请", "lines": [channels.fax]})
    if channels.email:
        out.append({"key": "email", "label": "电子邮件申请", "lines": [channels.email], "mailto": channels.email})
    return [{"url": None, "mailto": None} | channel for channel in out]


def form_links() -> list[dict]:
    return [{"title": form.title, "html": html_url(form), "docx": docx_path(form)} for form in ALL_FORMS]


# --- the Word file ------------------------------------------------------------------------------

def docx_bytes(form: Form, recipient: str | None, channels: list[dict]) -> bytes:
    """The form as a .docx: a title, the receiving office, one table (label | blank) per part, the channels.
    The bytes are the same for the same input (fixed zip timestamps): builds stay reproducible."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")  # Word picks the East Asian font for Chinese text
    properties = document.core_properties
    properties.title, properties.author, properties.comments = form.title, recipient or "", "Gongkai"
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(form.title)
    run.bold, run.font.size = True, Pt(16)
    if recipient:
        document.add_paragraph(f"受理机关：{recipient}")
    for title, fields in sections(form):
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        head = table.add_row().cells
        merged = head[0].merge(head[1])
        merged.text = title
        merged.paragraphs[0].runs[0].bold = True
        for field in fields:
            label, blank = table.add_row().cells
            label.width, blank.width = Cm(5.5), Cm(10.5)
            label.text = field.label
            blank.text = "　".join(f"{BOX}{c}" for c in field.choices) if field.choices else ""
            if field.tall:
                for _ in range(3):
                    blank.add_paragraph("")
            if field.note:
                note = blank.add_paragraph().add_run(field.note)
                note.font.size = Pt(9)
        document.add_paragraph("")
    document.add_paragraph(PRIVACY_NOTE)
    if channels:
        document.add_paragraph("提交方式：")
        for channel in channels:
            document.add_paragraph(f"{channel['label']}：" + "；".join(channel["lines"]))
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01 (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- the site plan ------------------------------------------------------------------------------

def plan_forms(planner, apply_url: str | None) -> list[dict]:
    """Add both forms (HTML page and .docx) to the plan; returns the links the pages show."""
    from .types import PlannedFile

    recipient = planner.config.apply_channels.post_recipient or planner.config.owner
    channels = channel_list(planner.config.apply_channels)
    crumbs = [planner.crumb("apply", apply_url)] if apply_url else []
    for form in ALL_FORMS:
        planner.files.append(PlannedFile(docx_path(form), lambda f=form: docx_bytes(f, recipient, channels)))
        planner.add(html_url(form), "apply_form.html", form.title, "apply", crumbs, form=form,
                    parts=sections(form), recipient=recipient, channels=channels, privacy=PRIVACY_NOTE,
                    docx=docx_path(form), box=BOX, nav_url=apply_url or html_url(form))
    return form_links()
