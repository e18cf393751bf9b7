"""Personal data wherever the site publishes it (docs/personal-data.md), at the level an editor
meets it: `gongkai check` and `gongkai build` on a copy of the demo. Front-matter values are read
as parsed (YAML escapes, !!binary, the n-th keyword), and the text attachments of published
entries (CSV, DOCX, XLSX) are read; a withheld entry's attachment is not published, so not read."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
ENTRY = "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"  # public, lists a CSV attachment
CSV = "content/catalog/zj-czj/2024/files/zj-2024-shiji-yiban-yusuan-zhichu.csv"
WITHHELD = "content/catalog/zj-gov-office/2024/houqin-waibao-jiyao-2024.md"  # 依申请公开
MOBILE = "13912345678"
ID = "110105198001010016"


def gongkai(*args) -> tuple[int, list[dict], str]:
    run = subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args), "--as-of", AS_OF, "--format", "json"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    findings = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    return run.returncode, findings, run.stderr


def pii(findings: list[dict]) -> list[tuple]:
    return sorted((f["file"], f["line"], f["field"], f["code"]) for f in findings if f["code"].startswith("PII"))


def set_front_matter(root: Path, rel: str, key: str, raw_value: str) -> int:
    """Replace one front-matter line `key: …` with `key: raw_value`; its line number."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[number] = f"{key}: {raw_value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def add_attachment(root: Path, rel: str, file: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    item = f"\n  - title: 附件 {file}\n    file: {file}"
    if "\nattachments:\n" in text:
        text = text.replace("\nattachments:", "\nattachments:" + item, 1)
    else:
        text = text.replace("\n---\n", "\nattachments:" + item + "\n---\n", 1)
    path.write_text(text, encoding="utf-8")


def test_the_demo_has_no_personal_data(demo):
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 0 and pii(findings) == []


@pytest.mark.parametrize("raw, field", [
    (f'"联系人 \\u0031\\u0033\\u0039{MOBILE[3:]}"', "summary"),  # a YAML escape in double quotes
    (f"!!binary {base64.b64encode(f'联系人 {MOBILE}'.encode()).decode()}", "summary"),
    (f"联系人 {MOBILE[:3]} {MOBILE[3:7]} {MOBILE[7:]}", "summary"),
    (f"[{MOBILE}, 预算]", "keywords[0]"),
    (f"[预算, 一般公共预算, {MOBILE}]", "keywords[2]"),
])
def test_front_matter_values_as_parsed(demo, raw, field):
    key = field.split("[")[0]
    line = set_front_matter(demo, ENTRY, key, raw)
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 1
    assert pii(findings) == [(ENTRY, line, field, "PII002")]


@pytest.mark.parametrize("rel, old, new, field", [
    ("site_config.yml", "\ndescription: ", f"\ndescription: 值班手机 {MOBILE[:3]} {MOBILE[3:]}，", "description"),
    ("site_config.yml", "\ntitle: ", f"\ntitle: \"\\u0031{MOBILE[1:]}\" # ", "title"),
    ("content/agencies.yml", "{name: 李示例, post: 副主任, ", f"{{name: 李示例, post: 副主任（手机{MOBILE}）, ", "agencies[0].leaders[1].post"),
])
def test_settings_that_every_page_shows(demo, tmp_path, rel, old, new, field):
    """site_config.yml and agencies.yml are published on every page (title, footer, agencies'
    pages): read as parsed, like a front matter; the offices' own numbers stay allowed."""
    path = demo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8")[: path.read_text(encoding="utf-8").index(MOBILE[3:])].count("\n") + 1
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 1
    assert [(f, n, c) for f, n, _, c in pii(findings)] == [(rel, line, "PII002")]
    assert [f["field"] for f in findings if f["code"] == "PII002"] == [field]
    code, _, _ = gongkai("build", "--root", demo, "-o", tmp_path / "out", "--no-search")
    assert code == 1 and not (tmp_path / "out").exists()


def test_nul_free_id_number_in_the_title(demo):
    line = set_front_matter(demo, ENTRY, "title", f'"关于\\u200b{ID}的通知"')
    _, findings, _ = gongkai("check", "--root", demo)
    assert (ENTRY, line, "title", "PII001") in pii(findings)


def test_csv_attachment(demo):
    with (demo / CSV).open("a", encoding="utf-8") as handle:
        handle.write(f"999,联系人 张三 {MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]},0,0,0\n")
    lines = (demo / CSV).read_text(encoding="utf-8").count("\n")
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 1 and pii(findings) == [(CSV, lines, "", "PII002")]
    [finding] = [f for f in findings if f["code"] == "PII002"]
    assert ENTRY in finding["message"] and MOBILE not in finding["message"]


def test_gbk_csv_attachment(demo):
    """Excel in Chinese saves a CSV as GBK: read as such."""
    (demo / CSV).write_bytes(f"姓名,电话\n张三,{MOBILE}\n".encode("gbk"))
    _, findings, _ = gongkai("check", "--root", demo)
    assert pii(findings) == [(CSV, 2, "", "PII002")]


def test_docx_attachment(demo):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("湛江市2024年预算公开说明")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "张三", ID
    document.add_paragraph("联系邮箱：zhangsan@qq.com")
    target = demo / "content/catalog/zj-czj/2024/files/shuoming.docx"
    document.save(str(target))
    add_attachment(demo, ENTRY, "files/shuoming.docx")
    rel = "content/catalog/zj-czj/2024/files/shuoming.docx"
    code, findings, _ = gongkai("check", "--root", demo)
    # Lines of a .docx are its paragraphs, each table row one: the ID is in paragraph 4, the address in 5.
    assert code == 1 and pii(findings) == [(rel, 4, "", "PII001"), (rel, 5, "", "PII003")]


def test_xlsx_attachment(demo):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "电话"])
    sheet.append(["单位", "0759-3100201"])
    sheet.append(["张三", int(MOBILE)])  # a number cell, as Excel stores a typed phone number
    target = demo / "content/catalog/zj-czj/2024/files/mingdan.xlsx"
    book.save(str(target))
    add_attachment(demo, ENTRY, "files/mingdan.xlsx")
    rel = "content/catalog/zj-czj/2024/files/mingdan.xlsx"
    _, findings, _ = gongkai("check", "--root", demo)
    assert pii(findings) == [(rel, 3, "名单!B3", "PII002")]


def test_damaged_docx_is_reported_not_skipped(demo):
    target = demo / "content/catalog/zj-czj/2024/files/broken.docx"
    target.write_bytes(b"PK\x03\x04 not really a zip")
    add_attachment(demo, ENTRY, "files/broken.docx")
    code, findings, _ = gongkai("check", "--root", demo)
    rel = "content/catalog/zj-czj/2024/files/broken.docx"
    assert code == 0 and [(f["file"], f["code"], f["level"]) for f in findings if f["code"] == "PII007"] == \
        [(rel, "PII007", "warning")]


def test_a_withheld_entrys_attachment_is_not_published_so_not_read(demo):
    folder = demo / "content/catalog/zj-gov-office/2024/files"
    folder.mkdir(exist_ok=True)
    (folder / "qiandao.csv").write_text(f"姓名,电话\n张三,{MOBILE}\n", encoding="utf-8")
    add_attachment(demo, WITHHELD, "files/qiandao.csv")
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 0 and pii(findings) == []


def test_build_refuses_and_leaves_the_previous_site(demo, tmp_path):
    out = tmp_path / "out"
    code, _, _ = gongkai("build", "--root", demo, "-o", out, "--no-search")
    assert code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    body = demo / ENTRY
    body.write_text(body.read_text(encoding="utf-8") + "\n联系人：张三，<b>139</b>1234&nbsp;5678\n", encoding="utf-8")
    code, findings, _ = gongkai("build", "--root", demo, "-o", out, "--no-search")
    assert code == 1 and [f["code"] for f in findings if f["code"].startswith("PII")] == ["PII002"]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("link", ["[名单](files/mingdan.csv)", '<a href="files/mingdan.csv">名单</a>',
                                  "[名单][1]\n\n[1]: files/mingdan.csv", "[名单](files/%6Dingdan.csv)"])
def test_a_text_file_linked_from_a_body(demo, link):
    """The build copies what a body links to: it is published, so it is read."""
    (demo / "content/catalog/zj-czj/2024/files/mingdan.csv").write_text(f"姓名,电话\n张三,{MOBILE}\n", encoding="utf-8")
    body = demo / ENTRY
    body.write_text(body.read_text(encoding="utf-8") + f"\n附件名单见{link}\n", encoding="utf-8")
    code, findings, _ = gongkai("check", "--root", demo)
    rel = "content/catalog/zj-czj/2024/files/mingdan.csv"
    assert code == 1 and pii(findings) == [(rel, 2, "", "PII002")]
    assert "正文链接的文件" in next(f["message"] for f in findings if f["code"] == "PII002")


@pytest.mark.parametrize("name, link", [("ming dan.csv", "[名单](<files/ming dan.csv>)"),
                                        ("mingdan.txt", "[名单](files/mingdan%2Etxt)"),
                                        ("mingdan.csv", '<a href="files/mingdan&#46;csv">名单</a>')])
def test_a_linked_file_is_read_however_its_link_is_written(demo, name, link):
    """Angle brackets around a name with a space, a %-escaped or entity-escaped dot: the renderer
    resolves each of these to the file and the build copies it, so the scan must read it too."""
    (demo / "content/catalog/zj-czj/2024/files" / name).write_text(f"姓名,电话\n张三,{MOBILE}\n", encoding="utf-8")
    body = demo / ENTRY
    body.write_text(body.read_text(encoding="utf-8") + f"\n附件名单见{link}\n", encoding="utf-8")
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 1 and pii(findings) == [(f"content/catalog/zj-czj/2024/files/{name}", 2, "", "PII002")]


def test_a_file_linked_from_a_withheld_entry_is_not_read(demo):
    folder = demo / "content/catalog/zj-gov-office/2024/files"
    folder.mkdir(exist_ok=True)
    (folder / "qiandao.csv").write_text(f"姓名,电话\n张三,{MOBILE}\n", encoding="utf-8")
    body = demo / WITHHELD
    body.write_text(body.read_text(encoding="utf-8") + "\n签到表见[签到表](files/qiandao.csv)。\n", encoding="utf-8")
    code, findings, _ = gongkai("check", "--root", demo)
    assert code == 0 and pii(findings) == []
