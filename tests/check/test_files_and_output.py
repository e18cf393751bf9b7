"""File-level problems, output formats, exit codes and the English interface of `gongkai check`."""

from __future__ import annotations

from .sitetree import ENTRY_PATH, check, entry, make_site


def test_gbk_file_is_named_with_how_to_convert(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry().encode("gbk")})
    run = check(root)
    assert run.code == 1
    [finding] = run.findings()
    assert (finding["code"], finding["file"], finding["level"]) == ("FILE001", ENTRY_PATH, "error")
    assert "GBK" in finding["message"] and "UTF-8" in finding["hint"]


def test_front_matter_never_closed(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry().replace("\n---\n", "\n\n", 1)})
    [finding] = check(root).findings()
    assert (finding["code"], finding["line"]) == ("FILE002", 1)


def test_yaml_error_names_its_line(tmp_path):
    """An unquoted colon inside a value on line 9: the finding points at line 9, not at the file."""
    root = make_site(tmp_path, {ENTRY_PATH: entry().replace("genre: 通知", "genre: 通知: 意见")})
    run = check(root)
    [finding] = run.findings()
    assert (finding["code"], finding["line"], run.code) == ("FILE003", 9, 1)


def test_bom_and_crlf_are_accepted_silently(tmp_path):
    text = "\ufeff" + entry().replace("\n", "\r\n")
    root = make_site(tmp_path, {ENTRY_PATH: text.encode("utf-8")})
    run = check(root)
    assert (run.code, run.out) == (0, "")


def test_line_numbers_survive_crlf(tmp_path):
    text = entry(genre="通只").replace("\n", "\r\n")
    root = make_site(tmp_path, {ENTRY_PATH: text.encode("utf-8")})
    [finding] = check(root).findings()
    assert (finding["code"], finding["line"]) == ("CAT040", 9)


def test_github_format_annotates_the_line(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(genre="通只")})
    run = check(root, fmt="github")
    assert run.code == 1
    assert run.out.startswith(f"::error file={ENTRY_PATH},line=9,title=CAT040::CAT040 genre: ")


def test_text_format_with_summary(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(summary=None)})
    run = check(root, fmt="text")
    assert run.code == 0
    assert f"{ENTRY_PATH}:2: 警告 CAT002 [summary]: " in run.out
    assert "修改建议:" in run.out
    assert "0 个错误，1 个警告" in run.err


def test_strict_turns_warnings_into_failure(tmp_path):
    root = make_site(tmp_path, {ENTRY_PATH: entry(summary=None)})
    assert check(root).code == 0
    assert check(root, "--strict").code == 1


def test_missing_site_config_exits_2(tmp_path):
    run = check(make_site(tmp_path, config=None))
    assert run.code == 2
    assert [f["code"] for f in run.findings()] == ["CFG001"]


def test_invalid_site_config_exits_2(tmp_path):
    run = check(make_site(tmp_path, config="title: t\nbase_url: https://e.gov.cn/\nlanguge: en\n"))
    assert run.code == 2
    [finding] = run.findings()
    assert (finding["code"], finding["file"], finding["line"]) == ("SCH001", "site_config.yml", 3)
    assert "language" in finding["message"]


def test_site_config_yaml_error_exits_2(tmp_path):
    run = check(make_site(tmp_path, config="title: [t\n"))
    assert run.code == 2 and [f["code"] for f in run.findings()] == ["FILE003"]


def test_english_messages_when_site_language_is_en(tmp_path):
    config = "title: t\nbase_url: https://example.gov.cn/\nlanguage: en\n"
    root = make_site(tmp_path, {ENTRY_PATH: entry(genre="规范性文", summary=None)}, config=config)
    found = {f["code"]: f for f in check(root).findings()}
    assert found["CAT040"]["message"].startswith("genre “规范性文” is not configured (did you mean 规范性文件?)")
    assert found["CAT002"]["hint"].startswith("add summary")
    run = check(root, fmt="text")
    assert "1 error(s), 1 warning(s)" in run.err


def test_english_messages_of_site_checks(tmp_path):
    config = "title: t\nbase_url: https://example.gov.cn/\nlanguage: en\n"
    files = {"content/interpretations/j.md": "---\ntitle: 解读\nagency: zj-gov-office\npublished: 2018-06-04\n"
                                             "interprets: [11440800007187656Q/2018-00099]\n---\n",
             ENTRY_PATH: entry(body="电话 13912345678\n")}
    found = {f["code"]: f for f in check(make_site(tmp_path, files, config=config)).findings()}
    assert found["CAT072"]["message"] == "interprets “11440800007187656Q/2018-00099” matches no entry"
    assert found["PII002"]["message"] == "a mobile number 139****5678 was found"


def test_unknown_key_gets_did_you_mean(tmp_path):
    text = entry().replace("published:", "publshed:")
    root = make_site(tmp_path, {ENTRY_PATH: text})
    found = {f["code"]: f for f in check(root).findings()}
    assert found["SCH001"]["line"] == 7 and "published" in found["SCH001"]["message"]


def test_every_problem_in_one_run(tmp_path):
    """Findings from several files and several checks are all reported together."""
    root = make_site(tmp_path, {
        ENTRY_PATH: entry(genre="通只", doc_no="湛府办„2018‟1号"),
        "content/catalog/zj-gov-office/2018/b.md": entry(index_no="bad", doc_no="湛府办〔2018〕2号",
                                                         body="电话 13912345678\n"),
        "content/catalog/zj-gov-office/2018/c.md": b"\xd5\xfe\xb8\xae",  # GBK 政府
    })
    codes = sorted(f["code"] for f in check(root).findings())
    assert codes == ["CAT003", "CAT030", "CAT040", "FILE001", "PII002"]


def test_subprocess_entry_point(tmp_path, run_gongkai):
    """The installed command path (python -m generator.cli) gives the same result and no traceback."""
    root = make_site(tmp_path, {ENTRY_PATH: entry(genre="通只")})
    run = run_gongkai("check", "--root", root, "--as-of", "2026-11-23", "--format", "json")
    assert run.code == 1 and "Traceback" not in run.err
    assert [f["code"] for f in run.findings()] == ["CAT040"]


def test_agencies_file_outside_the_site_is_refused(tmp_path):
    config = "title: t\nbase_url: https://example.gov.cn/\nagencies_file: /etc/hostname\n"
    run = check(make_site(tmp_path, config=config))
    assert "CFG003" in [f["code"] for f in run.findings()] and run.code == 1
