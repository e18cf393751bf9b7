"""One broken file per tree: `gongkai check --format json` names the code, file, line and field.

Each case starts from a valid site (sitetree.make_site) and adds or replaces one file.
"""

from __future__ import annotations

import pytest

from .sitetree import ENTRY_PATH, FGJ_CODE, GOV_CODE, check, entry, interpretation, line_of, make_site

OTHER = "content/catalog/zj-gov-office/2018/other.md"
FGJ = "content/catalog/zj-fgj/2018/fgj.md"
INTERP = "content/interpretations/jiedu.md"
SECOND_INDEX = f"{GOV_CODE}/2018-00002"


def other(**overrides) -> str:
    """A second valid entry of the same agency (own index number and 文号) with overrides."""
    return entry(**{"index_no": SECOND_INDEX, "doc_no": "湛府办〔2018〕2号", **overrides})


# (case id, files, (level, code, file, key whose line is expected or a line number, field))
CASES = [
    ("published missing", {ENTRY_PATH: entry(published=None)},
     ("error", "CAT001", ENTRY_PATH, "disclosure", "published")),
    ("summary missing", {ENTRY_PATH: entry(summary=None)},
     ("warning", "CAT002", ENTRY_PATH, "title", "summary")),
    ("summary repeats title", {ENTRY_PATH: entry(summary="湛江市人民政府办公室关于做好政务公开工作的通知")},
     ("warning", "CAT002", ENTRY_PATH, "summary", "summary")),
    ("index number malformed", {ENTRY_PATH: entry(index_no="2018-00222")},
     ("error", "CAT003", ENTRY_PATH, "index_no", "index_no")),
    ("index number with a 文号 typed in", {ENTRY_PATH: entry(index_no="湛府办〔2018〕22号")},
     ("error", "CAT003", ENTRY_PATH, "index_no", "index_no")),
    ("index prefix is another agency's code", {ENTRY_PATH: entry(index_no=f"{FGJ_CODE}/2018-00001")},
     ("warning", "CAT005", ENTRY_PATH, "index_no", "index_no")),
    ("index year matches neither date", {ENTRY_PATH: entry(index_no=f"{GOV_CODE}/2016-00001")},
     ("warning", "CAT006", ENTRY_PATH, "index_no", "index_no")),
    ("disclosure near miss", {ENTRY_PATH: entry(disclosure="主动")},
     ("error", "CAT010", ENTRY_PATH, "disclosure", "disclosure")),
    ("impossible date", {ENTRY_PATH: entry(written="2018-02-30")},
     ("error", "CAT020", ENTRY_PATH, "written", "written")),
    ("validity near miss", {ENTRY_PATH: entry(validity="现行有效")},
     ("error", "CAT060", ENTRY_PATH, "validity", "validity")),
    ("依申请公开 without reason", {ENTRY_PATH: entry(disclosure="依申请公开")},
     ("error", "CAT011", ENTRY_PATH, "disclosure", "reason")),
    ("reason names no ground", {ENTRY_PATH: entry(disclosure="不予公开", reason="领导不同意")},
     ("warning", "CAT012", ENTRY_PATH, "reason", "reason")),
    ("published 25 working days after written", {ENTRY_PATH: entry(written="2018-06-01", published="2018-07-09")},
     ("warning", "CAT021", ENTRY_PATH, "published", "published")),
    ("published before written", {ENTRY_PATH: entry(written="2018-06-04", published="2018-06-01")},
     ("error", "CAT022", ENTRY_PATH, "published", "published")),
    ("published in the future, not scheduled",
     {ENTRY_PATH: entry(index_no=f"{GOV_CODE}/2026-00001", doc_no="湛府办〔2026〕1号", written="2026-11-20",
                        published="2026-11-30")},
     ("error", "CAT023", ENTRY_PATH, "published", "published")),
    ("文号 with „‟", {ENTRY_PATH: entry(doc_no="湛府办„2018‟1号")},
     ("warning", "CAT030", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 with a two-digit year", {ENTRY_PATH: entry(doc_no="湛府办〔18〕1号")},
     ("error", "CAT031", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 that is no 文号", {ENTRY_PATH: entry(doc_no="第一号文件")},
     ("error", "CAT031", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 with 第", {ENTRY_PATH: entry(doc_no="湛府办〔2018〕第1号")},
     ("warning", "CAT032", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 zero-padded", {ENTRY_PATH: entry(doc_no="湛府办〔2018〕01号")},
     ("warning", "CAT032", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 year differs from written", {ENTRY_PATH: entry(doc_no="湛府办〔2017〕1号")},
     ("warning", "CAT033", ENTRY_PATH, "doc_no", "doc_no")),
    ("文号 代字 not the agency's", {ENTRY_PATH: entry(doc_no="粤府办〔2018〕1号")},
     ("warning", "CAT034", ENTRY_PATH, "doc_no", "doc_no")),
    ("genre not configured", {ENTRY_PATH: entry(genre="通只")},
     ("error", "CAT040", ENTRY_PATH, "genre", "genre")),
    ("genre differs from the title's 文种", {ENTRY_PATH: entry(genre="意见")},
     ("warning", "CAT041", ENTRY_PATH, "genre", "genre")),
    ("topic not in the taxonomy", {ENTRY_PATH: entry(topic="综合政务\\政务公示")},
     ("error", "CAT050", ENTRY_PATH, "topic", "topic")),
    ("superseded_by resolves to nothing", {ENTRY_PATH: entry(validity="已修订", superseded_by=f"{GOV_CODE}/2019-00009")},
     ("error", "CAT061", ENTRY_PATH, "superseded_by", "superseded_by")),
    ("valid_until passed", {ENTRY_PATH: entry(valid_until="2023-06-01")},
     ("warning", "CAT062", ENTRY_PATH, "valid_until", "valid_until")),
    ("已修订 without superseded_by", {ENTRY_PATH: entry(validity="已修订")},
     ("warning", "CAT063", ENTRY_PATH, "validity", "superseded_by")),
    ("规范性文件 without interpretation", {ENTRY_PATH: entry(genre="规范性文件")},
     ("warning", "CAT070", ENTRY_PATH, "genre", "genre")),
    ("interpretation a week late", {INTERP: interpretation(published="2018-06-12")},
     ("warning", "CAT071", INTERP, "published", "published")),
    ("interpretation of nothing", {INTERP: interpretation(interprets=[f"{GOV_CODE}/2018-00077"])},
     ("error", "CAT072", INTERP, 5, "interprets[0]")),
    ("interpretation of a 不予公开 entry",
     {OTHER: other(disclosure="不予公开", reason="条例第十四条（国家秘密）"),
      INTERP: interpretation(interprets=[SECOND_INDEX])},
     ("error", "CAT072", INTERP, 5, "interprets[0]")),
    ("attachment missing", {ENTRY_PATH: entry(attachments=[{"title": "附件1", "file": "files/附件1.pdf"}])},
     ("error", "CAT080", ENTRY_PATH, "attachments", "attachments[0].file")),
    ("attachment outside content/",
     {ENTRY_PATH: entry(attachments=[{"title": "附件1", "file": "../../../../../etc/passwd"}])},
     ("error", "CAT081", ENTRY_PATH, "attachments", "attachments[0].file")),
    ("attachment with an absolute path", {ENTRY_PATH: entry(attachments=[{"title": "附件1", "file": "/etc/passwd"}])},
     ("error", "CAT081", ENTRY_PATH, "attachments", "attachments[0].file")),
    ("unknown agency", {OTHER: other(agency="zj-fgw")},
     ("error", "CAT090", OTHER, "agency", "agency")),
    ("file in another agency's folder", {FGJ: entry()},
     ("error", "CAT091", FGJ, "agency", "agency")),
    ("PII006 reminder", {ENTRY_PATH: entry(personal_data={"basis": "行政处罚法第四十八条"})},
     ("warning", "PII006", ENTRY_PATH, "personal_data", "personal_data")),
]


@pytest.mark.parametrize("files, expected", [pytest.param(f, e, id=i) for i, f, e in CASES])
def test_one_broken_file(tmp_path, files, expected):
    level, code, file, where, field = expected
    root = make_site(tmp_path, files)
    run = check(root)
    found = [f for f in run.findings() if f["code"] == code]
    assert len(found) == 1, run.out
    line = where if isinstance(where, int) else line_of((root / file).read_text(encoding="utf-8"), where)
    assert {k: found[0][k] for k in ("level", "file", "line", "field")} == \
        {"level": level, "file": file, "line": line, "field": field}
    assert found[0]["message"] and found[0]["hint"]
    assert run.code == (1 if level == "error" else 0), run.out
    if level == "warning":
        assert check(root, "--strict").code == 1


def test_valid_site_is_clean(tmp_path):
    run = check(make_site(tmp_path))
    assert (run.code, run.out) == (0, "")


def test_duplicate_index_number_names_both_files(tmp_path):
    root = make_site(tmp_path, {OTHER: entry(doc_no="湛府办〔2018〕2号", index_no=f" {GOV_CODE}／2018－00001")})
    found = [f for f in check(root).findings() if f["code"] == "CAT004"]
    assert sorted(f["file"] for f in found) == [ENTRY_PATH, OTHER]
    assert OTHER in next(f for f in found if f["file"] == ENTRY_PATH)["message"]
    assert ENTRY_PATH in next(f for f in found if f["file"] == OTHER)["message"]


def test_duplicate_index_number_in_a_file_that_failed_validation(tmp_path):
    """A file with a typo elsewhere still holds its index number: both problems in one run."""
    root = make_site(tmp_path, {OTHER: entry(doc_no="湛府办〔2018〕2号", publshed="2018-06-04")})
    assert {"SCH001", "CAT004"} <= set(f["code"] for f in check(root).findings())


def test_duplicate_doc_no_within_an_agency_only(tmp_path):
    root = make_site(tmp_path, {OTHER: other(doc_no="湛府办〔2018〕1号"),
                                FGJ: entry(agency="zj-fgj", index_no=f"{FGJ_CODE}/2018-00001")})
    found = [f for f in check(root).findings() if f["code"] == "CAT035"]
    assert sorted(f["file"] for f in found) == [ENTRY_PATH, OTHER]


def test_doc_no_normalisation_message_gives_canonical_form(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(doc_no="湛府办[2018] 1 号")})
    found = [f for f in check(root).findings() if f["code"] == "CAT030"]
    assert "湛府办〔2018〕1号" in found[0]["hint"]


@pytest.mark.parametrize("doc_no", ["湛府办（2018）1号", "湛府办【2018】1号", "湛府办﹝2018﹞1号", "湛府办(2018)1号"])
def test_doc_no_bracket_forms_are_normalised(tmp_path, doc_no):
    root = make_site(tmp_path, {ENTRY_PATH: entry(doc_no=doc_no)})
    assert [f["code"] for f in check(root).findings()] == ["CAT030"]


def test_working_days_follow_the_official_schedule(tmp_path):
    """Written Friday 2024-09-13. Holidays 09-16/17 (中秋) and 10-01…10-07 (国庆); make-up working
    days Saturday 09-14, Sunday 09-29 and Saturday 10-12. Published 10-17 is the 20th working day
    (a Monday–Friday count says 24); 10-18 is the 21st."""
    def published_on(day):
        return make_site(tmp_path, {ENTRY_PATH: entry(index_no=f"{GOV_CODE}/2024-00001", doc_no="湛府办〔2024〕1号",
                                                      written="2024-09-13", published=day)})
    assert check(published_on("2024-10-17")).findings() == []
    found = check(published_on("2024-10-18")).findings()
    assert [f["code"] for f in found] == ["CAT021"]
    assert "21 个工作日" in found[0]["message"]


def test_timeliness_limit_is_configurable(tmp_path):
    config = "title: t\nbase_url: https://example.gov.cn/\ntimeliness:\n  working_days: 1\n"
    root = make_site(tmp_path, {ENTRY_PATH: entry(written="2018-06-01", published="2018-06-05")}, config=config)
    assert "CAT021" in [f["code"] for f in check(root).findings()]


def test_year_without_holiday_schedule_is_reported_once(tmp_path):
    """chinesecalendar has no 2099 schedule: the count falls back to Mon–Fri, said once per year,
    and only where the schedule could change the verdict (18–19 working days against 20, not 5)."""
    files = {}
    for n, published in ((1, "2099-03-06"), (2, "2099-03-26"), (3, "2099-03-27")):
        files[f"content/catalog/zj-gov-office/2099/e{n}.md"] = entry(
            index_no=f"{GOV_CODE}/2099-0000{n}", doc_no=f"湛府办〔2099〕{n}号", written="2099-03-02",
            published=published, scheduled=True)
    run = check(make_site(tmp_path, files, default_entry=False))
    assert [(f["code"], f["file"]) for f in run.findings()] == [("CAT024", "content/catalog/zj-gov-office/2099/e2.md")]
    assert "2099" in run.findings()[0]["message"]


def test_scheduled_entry_is_withheld_not_an_error(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(index_no=f"{GOV_CODE}/2026-00001", doc_no="湛府办〔2026〕1号",
                                                  written="2026-11-20", published="2026-11-30", scheduled=True)})
    run = check(root, fmt="text")
    assert run.code == 0
    assert "1 项不发布" in run.err


def test_withheld_count_in_summary(tmp_path):
    root = make_site(tmp_path, {
        OTHER: other(disclosure="不予公开", reason="条例第十四条（国家秘密）"),
        "content/catalog/zj-gov-office/2018/draft.md": entry(index_no=f"{GOV_CODE}/2018-00003",
                                                             doc_no="湛府办〔2018〕3号", draft=True)})
    run = check(root, fmt="text")
    assert run.code == 0, run.out
    assert "2 项不发布" in run.err


def test_index_number_written_differently_cannot_be_linked(tmp_path):
    """The checker finds the entry despite the spelling, and says to copy it exactly: pages link by the text."""
    root = make_site(tmp_path, {INTERP: interpretation(interprets=[f"{GOV_CODE.lower()}／2018-00001"]),
                                OTHER: other(validity="已修订", superseded_by=f"{GOV_CODE} /2018-00001")})
    found = sorted((f["code"], f["file"], f["field"]) for f in check(root).findings())
    assert found == [("CAT064", OTHER, "superseded_by"), ("CAT064", INTERP, "interprets[0]")]
    assert f"{GOV_CODE}/2018-00001" in check(root).findings()[0]["hint"]


def test_interpretation_of_a_scheduled_policy_is_counted_as_withheld(tmp_path):
    root = make_site(tmp_path, {
        OTHER: other(index_no=f"{GOV_CODE}/2026-00001", doc_no="湛府办〔2026〕1号", written="2026-11-20",
                     published="2026-11-30", scheduled=True),
        INTERP: interpretation(interprets=[f"{GOV_CODE}/2026-00001"], published="2026-11-20")})
    run = check(root, fmt="text")
    assert run.code == 0, run.out
    assert "2 项不发布" in run.err


def test_interpretation_satisfies_required_genre(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(genre="规范性文件"), INTERP: interpretation()})
    assert check(root).findings() == []


def test_attachment_inside_content_is_fine(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(attachments=[{"title": "附件1", "file": "files/附件1.pdf"}]),
                                "content/catalog/zj-gov-office/2018/files/附件1.pdf": b"%PDF-1.4\n"})
    assert check(root).findings() == []


def test_attachment_symlink_leading_out_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    root = make_site(tmp_path / "site", {ENTRY_PATH: entry(attachments=[{"title": "附件", "file": "link.txt"}])})
    (root / "content/catalog/zj-gov-office/2018/link.txt").symlink_to(outside)
    assert [f["code"] for f in check(root).findings()] == ["CAT081"]


def test_agency_name_instead_of_id_gets_the_id_suggested(tmp_path):
    root = make_site(tmp_path, {OTHER: other(agency="湛江市人民政府办公室")})
    found = [f for f in check(root).findings() if f["code"] == "CAT090"]
    assert "zj-gov-office" in found[0]["message"]


def test_genre_near_miss_is_suggested(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(genre="规范性文")})
    found = [f for f in check(root).findings() if f["code"] == "CAT040"]
    assert "规范性文件" in found[0]["message"]


def test_topic_with_another_separator_is_suggested(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(topic="综合政务/政务公开")})
    found = [f for f in check(root).findings() if f["code"] == "CAT050"]
    assert "综合政务\\政务公开" in found[0]["message"]


def test_bad_agency_code_in_agencies_yml(tmp_path):
    agencies = "agencies:\n  - id: zj-gov-office\n    name: 湛江市人民政府办公室\n    code: \"11440800007187656A\"\n"
    run = check(make_site(tmp_path, {ENTRY_PATH: entry(index_no="11440800007187656A/2018-00001")}, agencies=agencies))
    found = [f for f in run.findings() if f["code"] == "AGY003"]
    assert (found[0]["file"], found[0]["line"], found[0]["level"]) == ("content/agencies.yml", 4, "warning")


def test_an_agency_id_that_would_take_the_site_feeds_name_is_refused(tmp_path):
    """feeds/<agency id>.xml is each agency's feed, beside the site's feeds/all.xml."""
    agencies = ("agencies:\n  - id: zj-gov-office\n    name: 湛江市人民政府办公室\n"
                "  - id: all\n    name: 全体机构\n")
    run = check(make_site(tmp_path, agencies=agencies))
    found = [f for f in run.findings() if f["code"] == "AGY004"]
    assert run.code == 1
    assert (found[0]["file"], found[0]["line"], found[0]["field"]) == ("content/agencies.yml", 4, "agencies[1].id")
    assert "feeds/all.xml" in found[0]["message"]


@pytest.mark.parametrize("agency_id", ["statistics", "by-year", "in-force", "page-2"])
def test_an_agency_id_that_would_take_a_listings_name_is_refused(tmp_path, agency_id):
    agencies = f"agencies:\n  - id: zj-gov-office\n    name: 湛江市人民政府办公室\n  - id: {agency_id}\n    name: 某机构\n"
    found = [f for f in check(make_site(tmp_path, agencies=agencies)).findings() if f["code"] == "AGY004"]
    assert [(f["line"], f["field"]) for f in found] == [(4, "agencies[1].id")]


def test_the_reserved_agency_ids_are_the_folders_the_site_makes():
    """load/site.py cannot import the planner (it comes before it): its list is held alike here."""
    from generator.load.site import RESERVED_AGENCY_IDS
    from generator.plan.reports import STATS
    from generator.plan.urls import FACETS, IN_FORCE

    made = {url.rstrip("/").rsplit("/", 1)[1] for url in [*FACETS.values(), IN_FORCE, STATS]} | {"all"}
    assert made == RESERVED_AGENCY_IDS


@pytest.mark.parametrize("written, published", [("0218-06-01", "2018-06-04"), ("9999-01-01", "9999-12-31")])
def test_extreme_years_are_findings_not_crashes(tmp_path, written, published):
    root = make_site(tmp_path, {ENTRY_PATH: entry(written=written, published=published, scheduled=True)})
    run = check(root)
    assert run.code in (0, 1) and "CAT021" in [f["code"] for f in run.findings()]
