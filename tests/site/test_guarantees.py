"""Output guarantees: sanitised bodies, reproducible bytes, atomic replacement, loud template errors,
English interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import build, gongkai, output_text


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_raw_html_is_sanitised(basic_site):
    html = (basic_site / "catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    body = html.split('<div class="gk-body">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body.lower()
    assert not re.search(r"\son[a-z]+=", body, re.I)  # no event handler attribute
    assert "javascript:" not in body.lower()
    assert '<th scope="col" rowspan="2">合并</th><td colspan="2">值</td>' in body  # table markup kept


def test_no_output_contains_script_from_content(basic_site):
    for path in basic_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv"):
            assert "xss-script-marker" not in output_text(path)
            assert "xss-onerror-marker" not in output_text(path)
            assert "xss-js-marker" not in output_text(path)


def test_two_builds_give_identical_bytes(basic_root, tmp_path):
    assert build(basic_root, tmp_path / "one", "--no-search", "--jobs", "2").code == 0  # a pool of workers
    assert build(basic_root, tmp_path / "two", "--no-search", "--jobs", "1").code == 0  # one process
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def test_content_error_leaves_the_previous_site_untouched(basic_root, tmp_path):
    out = tmp_path / "site"
    assert build(basic_root, out, "--no-search").code == 0
    before = snapshot(out)
    entry = basic_root / "content/catalog/office/2018/yaodian.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("written: 2018-06-28", "written: 2018-02-30"),
                     encoding="utf-8")
    run = build(basic_root, out, "--no-search")
    assert run.code == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]  # no temporary folder left


def test_template_error_fails_the_build_without_partial_output(basic_root, tmp_path):
    out = tmp_path / "site"
    assert build(basic_root, out, "--no-search").code == 0
    before = snapshot(out)
    override = basic_root / "themes/default/templates"
    override.mkdir(parents=True)
    (override / "facets.html").write_text('{% extends "base.html" %}{% block content %}{{ no_such_variable }}{% endblock %}',
                                          encoding="utf-8")
    run = build(basic_root, out, "--no-search")
    assert run.code != 0
    assert "no_such_variable" in run.err
    assert snapshot(out) == before
    fresh = tmp_path / "fresh"
    assert build(basic_root, fresh, "--no-search").code != 0
    assert not fresh.exists()


def test_output_folder_that_holds_the_sources_is_refused(basic_root):
    run = build(basic_root, basic_root, "--no-search")
    assert run.code == 2
    assert (basic_root / "content").is_dir()


def test_english_interface(basic_root, tmp_path):
    config = basic_root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    assert build(basic_root, tmp_path / "site", "--no-search").code == 0
    html = (tmp_path / "site/catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Skip to content" in html and ">Home<" in html
    assert '<th scope="row">Index number</th>' in html and "<td>28 June 2018</td>" in html
    assert "跳到正文" not in html and "发布机构" not in html


@pytest.mark.parametrize("tag, interface_text", [("zh-Hans-CN", "跳到正文"), ("en-US", "Skip to content")])
def test_language_as_a_bcp47_tag(basic_root, tmp_path, tag, interface_text):
    """The office's own tag reaches the page's and the feed's lang; the interface follows its language."""
    config = basic_root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"language: {tag}\n", encoding="utf-8")
    run = build(basic_root, tmp_path / "site", "--no-search")
    assert run.code == 0, run.err
    html = (tmp_path / "site/catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{tag}">' in html and interface_text in html
    assert f'xml:lang="{tag}"' in (tmp_path / "site/feeds/all.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("written, language, tag", [
    ("zh", "zh", None), ("en", "en", None), ("zh-CN", "zh", "zh-CN"), ("zh-Hans", "zh", "zh-Hans"),
    ("zh-hans-cn", "zh", "zh-Hans-CN"), ("zh_CN", "zh", "zh-CN"), ("EN-us", "en", "en-US"), ("en-GB", "en", "en-GB"),
])
def test_language_tags_are_normalised(written, language, tag):
    from generator.model.config import SiteConfig

    config = SiteConfig(title="x", base_url="https://example.gov.cn/", language=written)
    assert (config.language, config.language_tag) == (language, tag)


@pytest.mark.parametrize("written", ["fr", "fr-FR", "zh-", "zhCN", "english"])
def test_a_language_neither_chinese_nor_english_is_a_finding(basic_root, written):
    config = basic_root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"language: {written}\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    run = gongkai("check", "--root", basic_root)
    message = run.out + run.err
    assert run.code == 2 and "Traceback" not in message
    assert f"site_config.yml:{line}:" in message and "[language]" in message and f"“{written}”" in message
    assert "zh-CN" in message  # the message shows what a tag looks like


def test_json_ld_cannot_close_its_script_tag():
    import json

    from generator.plan.documents import safe_json

    text = str(safe_json({"name": "标题</script><script>alert(1)</script><!--", "x": "a&b"}))
    assert "</script" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text)["name"] == "标题</script><script>alert(1)</script><!--"
