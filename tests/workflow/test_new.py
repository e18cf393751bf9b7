"""`gongkai new`: the right folder, every field, the next free 索引号 — never a collision."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys

import pytest

from generator.authoring import serials
from generator.model.content import Consultation, Entry, Interpretation
from sitekit import HZ, REPO, front, git, make_site, run, write_entry

YEAR = dt.date.today().year


def new_entry(root, *extra):
    result = run("new", "entry", "--root", root, "--agency", "hz-office", "--title", "关于测试的通知", *extra)
    assert result.returncode == 0, result.stderr
    path = root / result.stdout.strip()
    assert path.is_file()
    return path


def serial_of(path) -> int:
    return int(front(path)["index_no"].rsplit("-", 1)[1])


def test_new_entry_goes_in_the_agency_year_folder_with_every_field(tmp_path):
    root = make_site(tmp_path)
    path = new_entry(root)
    assert path.parent == root / "content" / "catalog" / "hz-office" / str(YEAR)
    meta = front(path)
    assert meta["index_no"] == f"{HZ}/{YEAR}-00001"
    assert meta["agency"] == "hz-office" and meta["title"] == "关于测试的通知"
    assert meta["draft"] is True and meta["disclosure"] == "主动公开"
    text = path.read_text(encoding="utf-8")
    for name in Entry.model_fields:  # every field is there, used or commented out, with its Chinese label
        line = next(row for row in text.splitlines() if row.lstrip("# ").startswith(f"{name}:"))
        assert "  # " in line and any("\u4e00" <= c <= "\u9fff" for c in line.split("  # ", 1)[1])


def test_serials_never_collide_with_other_numbering_styles(tmp_path):
    root = make_site(tmp_path)
    write_entry(root, f"hz-office/{YEAR}/a.md", f"{HZ}/{YEAR}-00007")
    write_entry(root, f"hz-office/{YEAR}/b.md", f"{HZ}/{YEAR}-0000012")  # a 7-digit serial: 12
    fullwidth = f"{HZ}／{YEAR}－０００１１".translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFG"})
    write_entry(root, f"hz-office/{YEAR}/c.md", fullwidth)
    write_entry(root, f"hz-office/{YEAR}/d.md", f"{HZ[8:17]}-{YEAR}-00010")  # org code, '-' separator
    assert serial_of(new_entry(root)) == 13


def test_files_that_fail_validation_still_reserve_their_number(tmp_path):
    root = make_site(tmp_path)
    write_entry(root, f"hz-office/{YEAR}/broken.md", f"{HZ}/{YEAR}-00041", valid=False)
    assert serial_of(new_entry(root)) == 42


def test_two_runs_in_a_row_give_two_files_and_two_numbers(tmp_path):
    root = make_site(tmp_path)
    first, second = new_entry(root), new_entry(root)
    assert first != second
    assert (serial_of(first), serial_of(second)) == (1, 2)


def test_each_year_and_agency_counts_on_its_own(tmp_path):
    root = make_site(tmp_path)
    write_entry(root, "hz-office/2017/a.md", f"{HZ}/2017-00030")
    write_entry(root, "hz-office/2018/a.md", "000014349/2018-00050")  # another agency's code
    assert serial_of(new_entry(root, "--date", "2017-03-01")) == 31
    entry_2018 = new_entry(root, "--date", "2018-03-01")
    assert front(entry_2018)["index_no"] == f"{HZ}/2018-00001"
    assert entry_2018.parent.name == "2018"
    assert str(front(entry_2018)["written"]) == "2018-03-01"


def test_an_existing_file_is_never_overwritten(tmp_path):
    root = make_site(tmp_path)
    squatter = root / "content" / "catalog" / "hz-office" / str(YEAR) / "00001.md"
    squatter.parent.mkdir(parents=True)
    squatter.write_text("已有的文件，没有索引号\n", encoding="utf-8")
    path = new_entry(root)
    assert squatter.read_text(encoding="utf-8") == "已有的文件，没有索引号\n"
    assert path.name == "00001-2.md"


def test_unknown_agency_exits_2_with_a_chinese_message(tmp_path):
    root = make_site(tmp_path)
    result = run("new", "entry", "--root", root, "--agency", "hz-ofice", "--title", "x")
    assert result.returncode == 2
    assert "不在 agencies.yml 中" in result.stderr and "hz-office" in result.stderr
    assert not (root / "content" / "catalog").exists()


def test_missing_agency_without_a_terminal_lists_the_agencies(tmp_path):
    root = make_site(tmp_path)
    result = run("new", "entry", "--root", root, "--title", "x")
    assert result.returncode == 2
    assert "缺少 --agency" in result.stderr and "惠州市人民政府办公室" in result.stderr


def test_agency_without_code_cannot_number_entries(tmp_path):
    result = run("new", "entry", "--root", make_site(tmp_path), "--agency", "no-code", "--title", "x")
    assert result.returncode == 2 and "没有 code" in result.stderr


def test_in_a_terminal_it_asks_for_agency_and_title(tmp_path):
    root = make_site(tmp_path)
    main, replica = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "new", "entry", "--root", str(root)],
                            stdin=replica, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))
    os.close(replica)
    os.write(main, "1\n终端里输入的标题\n".encode())
    out, err = proc.communicate(timeout=60)
    os.close(main)
    assert proc.returncode == 0, err.decode()
    assert "请选择发布机构" in err.decode() and "惠州市人民政府办公室" in err.decode()
    meta = front(root / out.decode().strip().splitlines()[-1])
    assert meta["agency"] == "hz-office" and meta["title"] == "终端里输入的标题"


def test_new_files_check_clean(tmp_path):
    """A new entry and interpretation pass `gongkai check`; once draft is false only the
    reminder to write a summary remains."""
    root = make_site(tmp_path)
    entry = new_entry(root, "--date", "2026-01-06")
    interp = run("new", "interpretation", "--root", root, "--agency", "hz-office", "--title", "一图读懂",
                 "--interprets", front(entry)["index_no"], "--date", "2026-01-06")
    assert interp.returncode == 0, interp.stderr
    interp_path = root / interp.stdout.strip()
    assert interp_path.parent == root / "content" / "interpretations" / "hz-office"
    assert front(interp_path)["interprets"] == [front(entry)["index_no"]]
    text = interp_path.read_text(encoding="utf-8")
    assert all(f"{name}:" in text for name in Interpretation.model_fields)

    check = run("check", "--root", root, "--format", "json", "--as-of", "2026-01-08")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == ""
    for path in (entry, interp_path):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    check = run("check", "--root", root, "--format", "json", "--as-of", "2026-01-08")
    assert check.returncode == 0, check.stdout
    codes = {line.split('"code": "')[1].split('"')[0] for line in check.stdout.splitlines() if line}
    assert codes <= {"CAT002"}  # summary still to write


def test_new_consultation_starts_a_draft_that_checks_clean(tmp_path):
    """`gongkai new consultation`: content/consultations/<agency>/, every field, open for 30 days, the
    agency's published channels as 反馈方式; with draft false it checks clean until the outcome is due."""
    root = make_site(tmp_path)
    made = run("new", "consultation", "--root", root, "--agency", "hz-office", "--title",
               "关于《测试办法（征求意见稿）》公开征求意见的公告", "--date", "2026-01-06")
    assert made.returncode == 0, made.stderr
    path = root / made.stdout.strip()
    assert path.parent == root / "content" / "consultations" / "hz-office"
    meta = front(path)
    assert meta["opens"] == dt.date(2026, 1, 6) and meta["closes"] == dt.date(2026, 2, 5) and meta["draft"] is True
    assert meta["feedback"] and all("：" in line for line in meta["feedback"])
    text = path.read_text(encoding="utf-8")
    assert all(f"{name}:" in text for name in Consultation.model_fields)
    path.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    check = run("check", "--root", root, "--format", "json", "--as-of", "2026-01-08")
    assert check.returncode == 0 and check.stdout.strip() == "", check.stdout
    late = run("check", "--root", root, "--format", "json", "--as-of", "2026-03-20")
    assert '"code": "CON003"' in late.stdout


def test_new_report_uses_the_report_template(tmp_path):
    root = make_site(tmp_path)
    result = run("new", "report", "--root", root, "--agency", "hz-gov", "--year", "2025")
    assert result.returncode == 0, result.stderr
    path = root / "content" / "reports" / "hz-gov" / "2025.md"
    assert result.stdout.strip() == "content/reports/hz-gov/2025.md"
    assert front(path)["agency"] == "hz-gov" and front(path)["year"] == 2025
    again = run("new", "report", "--root", root, "--agency", "hz-gov", "--year", "2025")
    assert again.returncode == 2 and "已存在" in again.stderr


# --- concurrent branches --------------------------------------------------------------------

def test_numbers_taken_on_other_branches_are_not_reused(tmp_path):
    root = make_site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "site")
    git(root, "checkout", "-qb", "other-editor")
    write_entry(root, f"hz-office/{YEAR}/x.md", f"{HZ}/{YEAR}-00020")
    git(root, "add", ".")
    git(root, "commit", "-qm", "entry on another branch")
    git(root, "checkout", "-q", "main")
    assert not (root / "content" / "catalog").exists()
    assert serial_of(new_entry(root)) == 21


def test_a_feature_branch_numbers_in_its_own_lane(tmp_path):
    root = make_site(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "site")
    git(root, "checkout", "-qb", "editor/new-notice")
    lane = serials.lane_of("editor/new-notice")
    first, second = serial_of(new_entry(root)), serial_of(new_entry(root))
    assert first % serials.LANES == lane and second % serials.LANES == lane
    assert first < second <= first + serials.LANES


@pytest.mark.parametrize("used,lane,expected", [
    (set(), None, 1), ({7, 12}, None, 13), ({7, 12}, 3, 13), ({7, 12}, 4, 14), ({19}, 0, 20), ({20}, 0, 30)])
def test_next_serial(used, lane, expected):
    assert serials.next_serial(used, lane) == expected


def test_two_branches_rarely_share_a_lane():
    lanes = [serials.lane_of(f"editor-{i}/entry") for i in range(200)]
    assert len(set(lanes)) == serials.LANES  # every lane is used: names spread over all ten
    assert serials.lane_of("main") is None and serials.lane_of("master") is None


def test_an_english_site_is_told_in_english(tmp_path):
    """The lines of `gongkai new` come in the site's language (generator/text/console.py)."""
    root = make_site(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    result = run("new", "entry", "--root", root, "--agency", "nowhere", "--title", "x")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: Agency nowhere is not in agencies.yml\nThe agencies:\n")
    assert "  1. hz-office  惠州市人民政府办公室" in result.stderr  # the agencies' names are data: as written
    again = run("new", "entry", "--root", root, "--agency", "no-code", "--title", "x")
    assert again.returncode == 2 and "Agency no-code has no code in agencies.yml" in again.stderr
