"""Personal data (docs/disclosure.md#personal-data): what is caught, where, and what is left alone."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from generator import cli
from generator.checks import load_checked, run_checks
from generator.load import parallel as parallel_load
from generator.model.findings import print_findings

from .sitetree import AS_OF, ENTRY_PATH, GOV_CODE, check, entry, front_matter, make_site

SEED_000 = next((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("000_*.txt"), None)

ID_NUMBER = "110105198001010016"  # valid date and check character
CARD = "6222020200112233446"  # 19 digits, Luhn-valid


def body_findings(tmp_path, body: str, **overrides) -> list[dict]:
    root = make_site(tmp_path, {ENTRY_PATH: entry(body=body, **overrides)})
    return check(root).findings()


@pytest.mark.parametrize("body, code, level", [
    (f"申请人身份证号码：{ID_NUMBER}。\n", "PII001", "error"),
    ("联系电话：13659752745。\n", "PII002", "error"),
    ("联系电话：136-5975-2745。\n", "PII002", "error"),
    ("电话 +86 13659752745\n", "PII002", "error"),
    ("电话：１３６５９７５２７４５\n", "PII002", "error"),  # full-width digits from a Chinese input method
    ("身份证：１１０１０５１９８００１０１００１６\n", "PII001", "error"),
    ("邮箱：leeleewc@qq.com\n", "PII003", "error"),
    (f"收款账号：{CARD}\n", "PII004", "error"),
    ("开户银行：工商银行，卡号 6217 0012 3456 7893\n", "PII004", "error"),
    ("身份证号 440524800101001\n", "PII005", "warning"),
])
def test_body_hits(tmp_path, body, code, level):
    found = body_findings(tmp_path, body)
    assert [(f["code"], f["level"], f["line"], f["field"]) for f in found] == [(code, level, 14, "")]


def test_message_masks_the_number(tmp_path):
    [finding] = body_findings(tmp_path, f"身份证 {ID_NUMBER}\n")
    assert ID_NUMBER not in finding["message"] and "110105********0016" in finding["message"]


@pytest.mark.parametrize("body", [
    "身份证号码 440524********0014（已去标识化）\n",
    f"统一社会信用代码 {GOV_CODE}\n",
    "索引号 11440800007187656Q/2018-00022\n",
    "咨询电话：0759-3100201，12345 政务服务热线\n",
    "机构电话 13800138000（agencies.yml 登记的公开号码）\n",
    "邮箱 zwgk@zhanjiang.gov.cn，office@zhanjiang.example.cn，示例 someone@example.com\n",
    "图标 logo@2x.png\n",
    f"金额 {CARD} 元（普通数字）\n",
    "文号 湛府办〔2018〕22号，2018年6月28日印发，共计 13659752745678 字节\n",
    "身份证号 11010519800101001X\n",  # wrong check character: not an ID number
])
def test_public_or_harmless_text_passes(tmp_path, body):
    assert body_findings(tmp_path, body) == []


def test_front_matter_hit_names_the_key(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(summary="联系人电话 13659752745")})
    [finding] = check(root).findings()
    assert (finding["code"], finding["line"], finding["field"]) == ("PII002", 11, "summary")


def test_title_hit(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(title=f"关于{ID_NUMBER}的通知")})
    assert [(f["code"], f["line"], f["field"]) for f in check(root).findings()] == [("PII001", 2, "title")]


def test_nested_front_matter_value(tmp_path):
    root = make_site(tmp_path, {"content/pages/guide.md": front_matter(
        {"title": "指南", "summary": "公开指南"}, body="正文\n"),
        ENTRY_PATH: entry(changes=[{"date": "2018-06-05", "note": "更正联系人 13659752745"}])})
    [finding] = check(root).findings()
    assert (finding["field"], finding["line"]) == ("changes[0].note", 12)


def test_file_that_failed_validation_is_still_scanned(tmp_path):
    text = entry(body="电话 13659752745\n").replace("published:", "publshed:")
    root = make_site(tmp_path, {ENTRY_PATH: text})
    assert {"SCH001", "PII002"} <= {f["code"] for f in check(root).findings()}


def test_file_with_yaml_error_is_still_scanned(tmp_path):
    text = entry(body="电话 13659752745\n").replace("genre: 通知", "genre: [通知")
    root = make_site(tmp_path, {ENTRY_PATH: text})
    found = {f["code"]: f for f in check(root).findings()}
    assert set(found) == {"FILE003", "PII002"} and found["PII002"]["line"] == 14


def test_allowed_phones_and_domains_from_site_config(tmp_path):
    config = ("title: t\nbase_url: https://example.gov.cn/\nprivacy:\n  allowed_phones: ['136 5975 2745']\n"
              "  allowed_email_domains: [qq.com]\n")
    root = make_site(tmp_path, {ENTRY_PATH: entry(body="电话13659752745，邮箱a@qq.com\n")}, config=config)
    assert check(root).findings() == []


def test_declared_personal_data_still_gets_errors_for_identifiers(tmp_path):
    """惩戒性公示 may name the penalised party, but never publishes ID or bank numbers (docs/disclosure.md#personal-data)."""
    found = body_findings(tmp_path, f"当事人：张三，身份证 {ID_NUMBER}\n",
                          personal_data={"basis": "行政处罚法第四十八条"})
    codes = {f["code"]: f for f in found}
    assert set(codes) == {"PII001", "PII006"}
    assert codes["PII001"]["level"] == "error" and "personal_data" in codes["PII001"]["message"]


def test_interpretations_and_pages_are_scanned(tmp_path):
    root = make_site(tmp_path, {
        "content/pages/apply.md": front_matter({"title": "依申请公开"}, "联系人邮箱 someone@163.com\n"),
        "content/interpretations/j.md": front_matter(
            {"title": "解读", "agency": "zj-gov-office", "published": "2018-06-04",
             "interprets": [f"{GOV_CODE}/2018-00001"]}, "解读人电话 13912345678\n")})
    found = sorted((f["file"], f["code"]) for f in check(root).findings())
    assert found == [("content/interpretations/j.md", "PII002"), ("content/pages/apply.md", "PII003")]


@pytest.mark.skipif(SEED_000 is None, reason="shared/seeds not beside the repository")
def test_seed_000_leak_is_caught(tmp_path):
    """Seed 000 ends with a contact's mobile number and @qq.com address: both must be found."""
    text = SEED_000.read_text(encoding="utf-8")
    found = body_findings(tmp_path, text)
    assert {"PII002", "PII003"} <= {f["code"] for f in found}
    assert all(f["level"] == "error" for f in found if f["code"] in ("PII002", "PII003"))


def test_annual_report_files_are_scanned(tmp_path):
    """Reports have their own loader; whatever it makes of this file, the leak is found."""
    report = front_matter({"agency": "zj-gov-office", "year": 2023, "published": "2024-01-20", "format": "2021"},
                          "一、总体情况\n\n联系人：张三，13912345678\n")
    root = make_site(tmp_path, {"content/reports/zj-gov-office/2023.md": report})
    found = [(f["file"], f["line"]) for f in check(root).findings() if f["code"] == "PII002"]
    assert found == [("content/reports/zj-gov-office/2023.md", 10)]


# --- lines the loader's workers leave to the whole site (checks/personal_data.py: deferred) ---------

BORN_2027 = "11010520270101001" + "6"  # valid check character; a birth date after the run's date


def test_a_birth_date_after_the_run_date_is_no_id_number(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(body=f"编号 {BORN_2027}\n")})
    assert check(root).findings() == []
    assert [(f["code"], f["line"]) for f in check(root, as_of="2027-06-01").findings()] == [("PII001", 14)]


def test_a_catalog_index_prefix_is_a_public_code_in_every_file(tmp_path):
    """The prefix of any entry's 索引号 is public, even when it has an ID number's shape; a worker that
    reads one folder cannot know the others, so the parent decides."""
    other = "content/catalog/zj-gov-office/2019/other.md"
    root = make_site(tmp_path, {
        ENTRY_PATH: entry(body=f"依据编号 {ID_NUMBER} 办理\n"),
        other: entry(index_no=f"{ID_NUMBER}/2019-00001", written="2019-01-02", published="2019-01-03")})
    assert [f["code"] for f in check(root).findings() if f["code"].startswith("PII")] == []


def _leaky_site(root: Path) -> Path:
    files = {}
    for i in range(12):
        folder = f"content/catalog/zj-gov-office/{2010 + i % 4}"
        files[f"{folder}/e{i:02d}.md"] = entry(
            title=f"关于第{i}项工作的通知", index_no=f"{GOV_CODE}/2018-{i % 10 + 10:05d}",  # two pairs share one
            doc_no=f"湛府办〔2018〕{i % 11 + 1}号",
            body=f"电话 1391234{i:04d}\n身份证 {ID_NUMBER}\n编号 {BORN_2027}\n")
    files["content/catalog/zj-gov-office/2011/broken.md"] = "---\ntitle: [x\n---\n邮箱 someone@163.com\n"
    files["content/pages/apply.md"] = front_matter({"title": "依申请公开"}, "联系人邮箱 someone@163.com\n")
    return make_site(root, files)


def test_workers_cache_and_serial_loader_find_the_same(tmp_path, monkeypatch):
    """Findings do not depend on how files are loaded: one process, a pool of workers (each of which
    sees a few folders only: duplicate 索引号 and 文号 span them), or the parse cache of a build (whose
    scans were made for another date)."""
    root = _leaky_site(tmp_path / "site")
    serial = [check(root, as_of=d).out for d in (AS_OF, "2027-06-01")]
    assert all(code in serial[0] for code in ("PII001", "PII002", "PII003", "CAT004", "CAT035"))
    assert serial[1].count("PII001") > serial[0].count("PII001")  # the 2027 births count from then on
    monkeypatch.setattr(parallel_load, "SERIAL_BELOW", 0)
    monkeypatch.setattr(parallel_load, "CHUNK", 3)
    assert [check(root, as_of=d).out for d in (AS_OF, "2027-06-01")] == serial
    for as_of, expected in ((AS_OF, serial[0]), ("2027-06-01", serial[1]), (AS_OF, serial[0])):
        cli.main(["build", "--root", str(root), "--as-of", as_of, "--no-search", "-o", str(tmp_path / "out"),
                  "--format", "json"])  # fills .gongkai-cache/parsed
        site, findings = load_checked(root, as_of=dt.date.fromisoformat(as_of), cache=True)
        run_checks(site, findings)
        out = io.StringIO()
        print_findings(findings, "json", out)
        assert out.getvalue() == expected
    assert any((root / ".gongkai-cache/parsed").glob("*.pickle"))
