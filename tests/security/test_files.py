"""Files that would leave the repository as files (generator/load/file_guard.py, docs/security.md):
each hostile case is a finding naming file, line and field in `gongkai check`, and stops
`gongkai build` before anything is written."""

from __future__ import annotations

import os

import pytest

from .demo import (
    ENTRY,
    FILES,
    REPO,
    WITHHELD,
    add_attachment,
    append_body,
    build,
    check,
    one,
    refused_by_build,
)


def test_body_link_through_a_symlink_out_of_the_tree(demo, tmp_path):
    (demo / FILES / "p.txt").symlink_to("/etc/passwd")
    line = append_body(demo, "[附件](files/p.txt)")
    finding = one(check(demo), "PUB002")
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    refused_by_build(demo, tmp_path / "site", "PUB002")


def test_body_link_through_a_symlink_onto_a_withheld_source(demo, tmp_path):
    (demo / FILES / "w.txt").symlink_to(os.path.relpath(demo / WITHHELD, demo / FILES))
    line = append_body(demo, "见 [材料](files/w.txt)。")
    finding = one(check(demo), "PUB003")
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    refused_by_build(demo, tmp_path / "site", "PUB003")


def test_attachment_that_is_a_withheld_source(demo, tmp_path):
    add_attachment(demo, os.path.relpath(demo / WITHHELD, (demo / ENTRY).parent))
    finding = one(check(demo), "PUB003")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    refused_by_build(demo, tmp_path / "site", "PUB003")


def test_fifo_as_content_file_does_not_hang(demo, tmp_path):
    fifo = "content/catalog/zj-czj/2024/pipe.md"
    os.mkfifo(demo / fifo)
    finding = one(check(demo, timeout=60), "PUB001")
    assert (finding["file"], finding["line"]) == (fifo, 1)
    assert "FIFO" in finding["message"]
    refused_by_build(demo, tmp_path / "site", "PUB001")


def test_fifo_as_attachment_does_not_hang(demo, tmp_path):
    os.mkfifo(demo / FILES / "pipe.pdf")
    add_attachment(demo, "files/pipe.pdf")
    finding = one(check(demo, timeout=60), "PUB001")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    refused_by_build(demo, tmp_path / "site", "PUB001")


def test_body_image_linked_to_dev_zero(demo, tmp_path):
    (demo / FILES / "zero.png").symlink_to("/dev/zero")
    append_body(demo, "![图](files/zero.png)")
    one(check(demo, timeout=60), "PUB002")
    refused_by_build(demo, tmp_path / "site", "PUB002")


def test_symlink_loops_are_findings_not_tracebacks(demo, tmp_path):
    folder = demo / "content/catalog/zj-czj/2024"
    (folder / "loop-a.md").symlink_to("loop-b.md")
    (folder / "loop-b.md").symlink_to("loop-a.md")
    (demo / FILES / "loop.pdf").symlink_to("loop.pdf")
    append_body(demo, "[循环](files/loop.pdf)")
    run = check(demo)
    looped = [f for f in run.findings() if f["code"] == "PUB001"]
    assert {f["file"] for f in looped} == {"content/catalog/zj-czj/2024/loop-a.md",
                                           "content/catalog/zj-czj/2024/loop-b.md", ENTRY}
    assert "Traceback" not in run.err
    refused_by_build(demo, tmp_path / "site", "PUB001")


def test_file_over_the_configured_size(demo, tmp_path):
    config = demo / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nmax_file_mb: 1\n", encoding="utf-8")
    (demo / FILES / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1048576))
    add_attachment(demo, "files/big.pdf")
    finding = one(check(demo), "PUB004")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    assert "max_file_mb" in finding["hint"]
    refused_by_build(demo, tmp_path / "site", "PUB004")
    assert "max_file_mb" in (REPO / "docs" / "fields.md").read_text(encoding="utf-8")


def test_attachment_on_a_generated_file_names_its_source(demo, tmp_path):
    """catalog.json is generated: an attachment copied there is refused by check and build, and
    the previous site stays as it was."""
    out = tmp_path / "site"
    assert build(demo, out).code == 0
    before = (out / "catalog.json").read_bytes()
    (demo / "content" / "catalog.json").write_text('{"forged": true}', encoding="utf-8")
    add_attachment(demo, "../../../catalog.json")
    finding = one(check(demo), "PUB009")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    assert "catalog.json" in finding["message"]
    run = build(demo, out)
    assert run.code == 1 and "PUB009" in run.codes()
    assert (out / "catalog.json").read_bytes() == before


def test_linked_file_on_a_generated_page_folder(demo, tmp_path):
    """A file named like a generated folder (catalog/by-year/) would break the build or the page."""
    (demo / "content" / "catalog" / "by-year").write_text("x", encoding="utf-8")
    append_body(demo, "[年份](../../by-year)")
    finding = one(check(demo), "PUB009")
    assert finding["field"] == "body" and "catalog/by-year" in finding["message"]
    refused_by_build(demo, tmp_path / "site", "PUB009")


@pytest.mark.parametrize("written", ["../../../lookup/t.txt", "../../../pagefind/x.txt"])
def test_linked_file_in_a_search_folder(demo, tmp_path, written):
    """lookup/ and pagefind/ are filled after the content files are copied: a file there would
    be published into the search index's folder (--no-search) or silently wiped."""
    folder = written.split("/")[3]
    (demo / "content" / folder).mkdir()
    (demo / "content" / folder / written.rsplit("/", 1)[1]).write_text("forged", encoding="utf-8")
    append_body(demo, f"[索引]({written})")
    finding = one(check(demo), "PUB009")
    assert finding["field"] == "body" and f"{folder}/" in finding["message"]
    refused_by_build(demo, tmp_path / "site", "PUB009")


def test_reserved_folders_follow_the_search_index():
    from generator.load.file_guard import RESERVED_PREFIXES
    from generator.search.index import BUNDLE_DIR
    from generator.search.lookup import LOOKUP_DIR

    assert {f"{BUNDLE_DIR}/", f"{LOOKUP_DIR}/"} <= set(RESERVED_PREFIXES)


@pytest.mark.parametrize("name", ["Catalog.json", "Catalog.CSV", "CATALOG/BY-YEAR", "Lookup/t.txt"])
def test_generated_url_taken_in_other_case(demo, tmp_path, name):
    """A host whose file system ignores case (Windows, macOS) would let Catalog.json replace
    catalog.json when the site is copied there: the clash is found whatever the case."""
    target = demo / "content" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("forged", encoding="utf-8")
    append_body(demo, f"[文件](../../../{name})")
    finding = one(check(demo), "PUB009")
    assert finding["field"] == "body"
    refused_by_build(demo, tmp_path / "site", "PUB009")


def withhold_an_attachment(demo) -> str:
    """The draft gets an attachment of its own (not published while the draft is withheld)."""
    files = demo / WITHHELD.rsplit("/", 1)[0] / "files"
    files.mkdir()
    (files / "neibu.pdf").write_bytes(b"%PDF-1.4 draft-only")
    path = demo / WITHHELD
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\nsample: true\n", "\nattachments:\n  - title: 内部稿\n    file: files/neibu.pdf\nsample: true\n", 1), encoding="utf-8")
    return "../../zj-jyj/2026/files/neibu.pdf"


@pytest.mark.parametrize("how", ["path", "symlink", "hardlink"])
def test_withheld_records_attachment_linked_from_a_public_body(demo, tmp_path, how):
    """A public body that links to a draft's attachment (by its path, a symbolic link or a hard
    link to it) would publish what the draft withholds."""
    written = withhold_an_attachment(demo)
    if how != "path":
        target = demo / FILES / "../../../zj-jyj/2026/files/neibu.pdf"
        (os.symlink if how == "symlink" else os.link)(os.path.relpath(target, demo / FILES) if how == "symlink" else target,
                                                        demo / FILES / "yuedu.pdf")
        written = "files/yuedu.pdf"
    line = append_body(demo, f"[阅读]({written})")
    run = check(demo)
    finding = one(run, "PUB010")
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    assert WITHHELD in finding["message"]
    assert all(f["file"] != WITHHELD for f in run.findings() if f["code"].startswith(("PUB", "CAT08")))
    refused_by_build(demo, tmp_path / "site", "PUB010")


def test_withheld_records_attachment_is_published_with_it(demo, tmp_path):
    """Once the record is public its attachment leaves with it, and a link to it is fine."""
    withhold_an_attachment(demo)
    path = demo / WITHHELD
    path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n", 1), encoding="utf-8")
    append_body(demo, "[阅读](../../zj-jyj/2026/files/neibu.pdf)")
    assert "PUB010" not in check(demo).codes()
    run = build(demo, tmp_path / "site")
    assert run.code == 0, run.out + run.err
    assert (tmp_path / "site/catalog/zj-jyj/2026/files/neibu.pdf").read_bytes() == b"%PDF-1.4 draft-only"


@pytest.mark.parametrize("name", ["page.html", "page.xhtml", "app.js", "data.xml"])
def test_attachments_that_run_script_are_refused(demo, tmp_path, name):
    (demo / FILES / name).write_text("<script>alert(document.domain)</script>", encoding="utf-8")
    add_attachment(demo, f"files/{name}")
    finding = one(check(demo), "PUB005")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    refused_by_build(demo, tmp_path / "site", "PUB005")


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize("inside", [
    "<script>alert(1)</script>",
    '<rect width="10" height="10" onload="alert(1)"/>',
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    '<a href="javascript:alert(1)"><text>x</text></a>',
    '<use xlink:href="https://evil.example/x.svg#a"/>',
    '<set attributeName="href" to="javascript:alert(1)"/>',
])
def test_svg_that_can_run_script_is_refused(demo, tmp_path, inside):
    (demo / FILES / "chart.svg").write_text(SVG_OPEN + inside + "</svg>", encoding="utf-8")
    line = append_body(demo, "![图表](files/chart.svg)")
    finding = one(check(demo), "PUB008")
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    refused_by_build(demo, tmp_path / "site", "PUB008")


@pytest.mark.parametrize("inside", [
    "<style>@\\69mport 'https://evil.example/x.css';</style>",
    "<style>rect { fill: u\\72l(https://evil.example/p.png) }</style>",
    '<rect width="10" height="10" style="fill: \\75 rl(https://evil.example/p.png)"/>',
    "<style>@\\000049MPORT 'https://evil.example/x.css';</style>",
])
def test_svg_that_loads_through_css_escapes_is_refused(demo, tmp_path, inside):
    """CSS escapes spell @import and url( so that a plain text search does not see them; the
    browser decodes them and loads the resource."""
    (demo / FILES / "chart.svg").write_text(SVG_OPEN + inside + "</svg>", encoding="utf-8")
    line = append_body(demo, "![图表](files/chart.svg)")
    finding = one(check(demo), "PUB008")
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    refused_by_build(demo, tmp_path / "site", "PUB008")


def test_svg_with_an_entity_bomb_is_refused(demo, tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    (demo / FILES / "chart.svg").write_text(bomb + SVG_OPEN + "<text>&b;</text></svg>", encoding="utf-8")
    append_body(demo, "![图表](files/chart.svg)")
    one(check(demo), "PUB008")


def test_a_plain_svg_is_published_unchanged(demo, tmp_path):
    """The demo's own SVG diagram (shapes and text) passes and is copied byte for byte."""
    svg = "content/interpretations/files/yangchen-fangzhi-tujie.svg"
    out = tmp_path / "site"
    run = build(demo, out)
    assert run.code == 0, run.out + run.err
    assert (out / svg.removeprefix("content/")).read_bytes() == (demo / svg).read_bytes()


@pytest.mark.parametrize("name", ["a?b.pdf", "a#b.pdf", "a%b.pdf", "a\nb.pdf", "a\x07b.pdf"])
def test_unsafe_attachment_names(demo, tmp_path, name):
    (demo / FILES / name).write_bytes(b"%PDF-1.4\n")
    add_attachment(demo, f"files/{name}")
    finding = one(check(demo), "PUB006")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    refused_by_build(demo, tmp_path / "site", "PUB006")


def test_unsafe_content_file_name(demo, tmp_path):
    rel = "content/pages/about#x.md"
    (demo / "content/pages/about.md").rename(demo / rel)
    finding = one(check(demo), "PUB006")
    assert finding["file"] == rel
    refused_by_build(demo, tmp_path / "site", "PUB006")


def test_long_file_name(demo, tmp_path):
    name = "附" * 82 + ".pdf"  # 250 bytes: the file system takes it, the build's temporary names do not
    (demo / FILES / name).write_bytes(b"%PDF-1.4\n")
    add_attachment(demo, f"files/{name}")
    finding = one(check(demo), "PUB007")
    assert (finding["file"], finding["field"]) == (ENTRY, "attachments[2].file")
    refused_by_build(demo, tmp_path / "site", "PUB007")
