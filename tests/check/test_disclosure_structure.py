"""Findings of the disclosure structure (issue 13): 第二十条 categories, 依申请公开 channels, consultations,
the annual-report calendar, and the new agency fields."""

from __future__ import annotations

from .sitetree import AGENCIES, ENTRY_PATH, SITE_CONFIG, check, codes, entry, front_matter, line_of, make_site, only

CHANNELS = """\
apply_channels:
  post_address: 湛江市赤坎区示例路1号
  post_code: 524000
  email: zwgk@example.gov.cn
"""
APPLY_PAGE = front_matter({"title": "依申请公开", "section": "apply"}, "如何申请。\n")


def consultation(**overrides) -> str:
    fields = {"title": "关于《示例办法（征求意见稿）》公开征求意见的公告", "agency": "zj-fgj", "opens": "2026-09-01",
              "closes": "2026-09-30", "feedback": ["电子邮件：zwgk@example.gov.cn"]}
    return front_matter({**fields, **overrides}, "征求意见稿正文。\n")


CONSULTATION_PATH = "content/consultations/zj-fgj/banfa.md"


# --- 第二十条: category --------------------------------------------------------------------

def test_a_category_naming_no_item_of_article_20_is_a_warning_on_its_line(tmp_path):
    text = entry(category="内部资料")
    run = check(make_site(tmp_path, {ENTRY_PATH: text}))
    finding = only(run, "CAT042")
    assert finding["level"] == "warning" and finding["line"] == line_of(text, "category")
    assert "内部资料" in finding["message"] and "第二十条" in finding["message"]
    assert run.code == 0


def test_a_category_may_name_the_item_by_title_number_or_the_office_mapping(tmp_path):
    config = SITE_CONFIG + "disclosure_items:\n  categories:\n    预决算公开: 7\n"
    for value in ("财政预算决算", "第七项", "（七）", "7", "预决算公开"):
        run = check(make_site(tmp_path / value, {ENTRY_PATH: entry(category=value)}, config=config))
        assert codes(run) == [], (value, run.out)


def test_an_item_number_outside_1_to_15_is_refused_in_site_config(tmp_path):
    config = SITE_CONFIG + "disclosure_items:\n  genres:\n    统计数据: 16\n"
    run = check(make_site(tmp_path, config=config))
    assert run.code == 2
    assert any("1 到 15" in f["message"] or "1 到 15" in f.get("hint", "") for f in run.findings()), run.out


# --- 依申请公开 channels ------------------------------------------------------------------

def test_an_apply_page_without_any_channel_is_a_warning(tmp_path):
    run = check(make_site(tmp_path, {"content/pages/apply.md": APPLY_PAGE}))
    finding = only(run, "CFG010")
    assert finding["level"] == "warning" and finding["file"] == "site_config.yml"
    assert "apply_channels" in finding["hint"]


def test_configured_channels_satisfy_the_check_and_a_number_postcode_is_read_as_text(tmp_path):
    run = check(make_site(tmp_path, {"content/pages/apply.md": APPLY_PAGE}, config=SITE_CONFIG + CHANNELS))
    assert codes(run) == [], run.out


def test_a_site_without_an_apply_section_is_not_asked_for_channels(tmp_path):
    assert "CFG010" not in codes(check(make_site(tmp_path)))


def test_a_malformed_channel_is_a_finding_naming_the_key(tmp_path):
    config = SITE_CONFIG + "apply_channels:\n  post_code: 52400\n  online_url: www.example.gov.cn\n"
    run = check(make_site(tmp_path, config=config))
    assert run.code == 2
    fields = {f["field"] for f in run.findings()}
    assert {"apply_channels.post_code", "apply_channels.online_url"} <= fields, run.out


# --- agencies.yml: the new fields ---------------------------------------------------------

def test_agency_information_fields_are_typed(tmp_path):
    agencies = AGENCIES + """\
    postcode: 52400
    leaders:
      - {name: 王示例}
"""
    run = check(make_site(tmp_path, agencies=agencies))
    assert run.code == 1
    found = {(f["file"], f["field"]) for f in run.findings()}
    assert ("content/agencies.yml", "agencies[1].postcode") in found, run.out
    assert ("content/agencies.yml", "agencies[1].leaders[0].post") in found, run.out


# --- consultations ----------------------------------------------------------------------------

def test_a_consultation_that_closes_before_it_opens_is_an_error(tmp_path):
    text = consultation(closes="2026-08-01")
    run = check(make_site(tmp_path, {CONSULTATION_PATH: text}))
    finding = only(run, "CON001")
    assert finding["level"] == "error" and finding["line"] == line_of(text, "closes") and run.code == 1


def test_a_final_policy_must_be_a_public_entry(tmp_path):
    text = consultation(result="采纳3条。", final_policy="11440800007187664K/2026-00009")
    run = check(make_site(tmp_path, {CONSULTATION_PATH: text}))
    finding = only(run, "CON002")
    assert finding["line"] == line_of(text, "final_policy")
    public = consultation(result="采纳3条。", final_policy="11440800007187656Q/2018-00001")
    assert codes(check(make_site(tmp_path / "ok", {CONSULTATION_PATH: public}))) == []


def test_a_missing_outcome_is_a_warning_after_the_configured_days(tmp_path):
    # closed 2026-09-30; on 2026-11-23 that is 54 days: past the default 30
    run = check(make_site(tmp_path, {CONSULTATION_PATH: consultation()}))
    finding = only(run, "CON003")
    assert finding["level"] == "warning" and "54" in finding["message"] and "30" in finding["message"]
    assert run.code == 0
    # within the limit: no finding; the limit is site_config.yml consultations.result_days
    assert codes(check(make_site(tmp_path / "early", {CONSULTATION_PATH: consultation()}), as_of="2026-10-30")) == []
    config = SITE_CONFIG + "consultations:\n  result_days: 60\n"
    assert codes(check(make_site(tmp_path / "longer", {CONSULTATION_PATH: consultation()}, config=config))) == []
    # with the outcome written: no finding
    done = consultation(result="共收到意见5条，采纳2条。", result_date="2026-10-20")
    assert codes(check(make_site(tmp_path / "done", {CONSULTATION_PATH: done}))) == []


def test_a_consultation_needs_its_dates_and_feedback_channels(tmp_path):
    text = consultation(closes=None, feedback=[])
    run = check(make_site(tmp_path, {CONSULTATION_PATH: text}))
    assert run.code == 1
    assert {"closes", "feedback"} <= {f["field"] for f in run.findings()}, run.out


# --- the annual-report calendar -------------------------------------------------------------

CALENDAR_AGENCIES = AGENCIES.replace("  - id: zj-fgj\n", "  - id: zj-fgj\n    annual_reports_from: 2025\n") + """\
  - id: zj-gov
    name: 湛江市人民政府
    kind: 政府
    annual_reports_from: 2025
"""


def test_a_report_past_its_deadline_is_a_warning_naming_the_file_it_should_be(tmp_path):
    root = make_site(tmp_path, agencies=CALENDAR_AGENCIES)
    run = check(root)  # 2026-11-23: both deadlines of the 2025 reports have passed
    missing = sorted((f["file"], f["level"]) for f in run.findings() if f["code"] == "report.missing")
    assert missing == [("content/reports/zj-fgj/2025.md", "warning"), ("content/reports/zj-gov/2025.md", "warning")]
    assert run.code == 0
    message = next(f["message"] for f in run.findings() if f["file"] == "content/reports/zj-gov/2025.md")
    assert "2026-03-31" in message and "湛江市人民政府" in message


def test_the_deadline_depends_on_the_kind_of_agency(tmp_path):
    root = make_site(tmp_path, agencies=CALENDAR_AGENCIES)

    def missing(as_of):
        return sorted(f["file"] for f in check(root, as_of=as_of).findings() if f["code"] == "report.missing")

    assert missing("2026-01-31") == []  # the deadline day itself is still on time
    assert missing("2026-02-01") == ["content/reports/zj-fgj/2025.md"]  # 部门: 1月31日
    assert missing("2026-03-31") == ["content/reports/zj-fgj/2025.md"]
    assert missing("2026-04-01") == ["content/reports/zj-fgj/2025.md", "content/reports/zj-gov/2025.md"]  # 政府: 3月31日


def test_an_agency_without_annual_reports_from_is_not_held_to_the_calendar(tmp_path):
    assert "report.missing" not in codes(check(make_site(tmp_path)))
