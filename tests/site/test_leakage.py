"""Nothing withheld reaches the output: no page, listing, count, feed, JSON, CSV, sitemap entry or
search fragment for 依申请公开/不予公开 entries, drafts, scheduled entries or draft interpretations."""

from __future__ import annotations

import json

from sitebuild import WITHHELD_MARKERS, output_text


def test_no_output_file_mentions_a_withheld_record(basic_site):
    leaks = []
    for path in sorted(p for p in basic_site.rglob("*") if p.is_file()):
        text = output_text(path).upper() if path.suffix != ".wasm" else ""
        leaks += [(path.relative_to(basic_site).as_posix(), m) for m in WITHHELD_MARKERS if m.upper() in text]
    assert leaks == []


def test_search_fragments_were_checked_when_indexed(basic_site):
    fragments = list((basic_site / "pagefind").rglob("*.pf_fragment")) if (basic_site / "pagefind").is_dir() else []
    if fragments:  # the indexer is installed: fragments of public pages are there and were grepped above
        assert any("政务公开" in output_text(f) for f in fragments)


def test_withheld_attachment_is_not_copied(basic_site):
    assert not list(basic_site.rglob("withheld-attachment.pdf"))
    assert (basic_site / "catalog/office/2018/files/renwu.pdf").is_file()


def test_counts_and_exports_include_public_entries_only(basic_site):
    data = json.loads((basic_site / "catalog.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == 11  # 4 of office, 7 of fgj: the public ones
    assert [i["title"] for i in data["interpretations"]] == [
        "《测试市政务公开规定（2024年修订）》解读", "《测试市2018年政务公开工作要点》解读"]
    csv_rows = (basic_site / "catalog.csv").read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(csv_rows) == 12
    home = (basic_site / "index.html").read_text(encoding="utf-8")
    assert "共 11 条" in home


def test_links_to_withheld_records_are_dropped(basic_site):
    page = (basic_site / "catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    assert "<a>一份不公开的文件</a>" in page  # the text stays, the link to a page that does not exist goes
    repealed = (basic_site / "catalog/office/2019/feizhi/index.html").read_text(encoding="utf-8")
    assert "本文件已废止" in repealed
    assert "请阅读" not in repealed  # its replacement is withheld: no link to it
