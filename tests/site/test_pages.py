"""What the reader sees: home, listings with facets and pagination, entry pages with their
metadata, notices, attachments, interpretations (both ways), JSON-LD, 现行有效, free pages."""

from __future__ import annotations

import json
import re

from sitebuild import parse_links


def read(site, url: str) -> str:
    return (site / (url + "index.html" if url == "" or url.endswith("/") else url)).read_text(encoding="utf-8")


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_every_page_has_the_frame(basic_site):
    html = read(basic_site, "catalog/by-year/")
    assert '<html lang="zh-CN">' in html
    assert 'class="md-skip"' in html and 'href="#gk-content"' in html
    assert re.search(r'<form class="gk-search-form" role="search" aria-label="搜索本站信息" method="get" action="../../search/">', html)
    assert '<label for="gk-header-q"' in html and 'name="q"' in html
    tabs = re.findall(r'class="md-tabs__link"[^>]*>([^<]+)<', html)
    # config order; 政府信息公开年报 has no pages in this fixture and so no tab
    assert tabs == ["首页", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政策解读", "搜索"]
    assert "粤ICP备00000000号" in html and "无障碍声明" in html
    assert "fonts.googleapis" not in html and "bundle." not in html  # no request leaves the site


def test_entry_page(basic_site):
    html = read(basic_site, "catalog/office/2018/yaodian/")
    labels = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert labels == ["索引号", "发布机构", "成文日期", "文号", "发布日期", "主题分类", "体裁", "公开属性", "有效性", "主题词"]
    assert "<td>2018年6月28日</td>" in html and "<td>测府办〔2018〕22号</td>" in html
    assert "示例内容" in html  # sample: true
    assert 'href="../../../../interpretations/yaodian-jiedu/"' in html  # its interpretation
    assert "附件 任务分工表</a>" in html and "（PDF，" in html
    assert "更正附件中的一处笔误" in html  # 修订记录
    assert html.count("data-pagefind-body") == 1
    data = json_ld(html)
    assert data["@type"] == "Article" and data["identifier"] == "11440800007182505N/2018-00022"


def test_interpretation_links_back_to_its_policy(basic_site):
    html = read(basic_site, "interpretations/yaodian-jiedu/")
    assert 'href="../../catalog/office/2018/yaodian/"' in html
    assert "data-pagefind-body" in html
    index = read(basic_site, "interpretations/")
    assert "《测试市2018年政务公开工作要点》解读" in index and "data-pagefind-body" not in index


def test_revised_entry_links_to_its_replacement(basic_site):
    html = read(basic_site, "catalog/office/2019/guiding/")
    assert "本文件已修订" in html
    assert 'href="../../2024/guiding-2024/">测试市政务公开规定（2024年修订）</a>' in html
    data = json_ld(html)
    assert data["@type"] == "Legislation" and data["legislationLegalForce"] == "NotInForce"
    assert data["legislationIdentifier"] == "测府办〔2019〕3号"


def test_in_force_collection(basic_site):
    html = read(basic_site, "catalog/in-force/")
    assert "测试市政务公开规定（2024年修订）" in html
    assert "测试市政务公开规定</a>" not in html  # the revised 2019 version is not in force


def test_listing_pagination_and_views(basic_site):
    first = read(basic_site, "catalog/")
    assert "共 11 条" in first and "第 1 页，共 3 页" in first
    assert first.count('class="gk-entry"') == 5
    assert '<th scope="col">索引号</th>' in first  # the table view of the same entries
    last = read(basic_site, "catalog/page-3/")
    assert last.count('class="gk-entry"') == 1
    newest_first = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', first)[:5]
    assert newest_first == sorted(newest_first, reverse=True)


def test_facets_with_counts(basic_site):
    years = read(basic_site, "catalog/by-year/")
    assert re.search(r'>2023年</a> <span class="gk-count-badge">7 条</span>', years)
    topics = read(basic_site, "catalog/by-topic/")
    assert re.search(r'>综合政务</a> <span class="gk-count-badge">4 条</span>', topics)
    assert re.search(r'>综合政务 › 政务公开</a> <span class="gk-count-badge">3 条</span>', topics)
    agencies = read(basic_site, "catalog/by-agency/")
    assert re.search(r'>测试市发展和改革局</a> <span class="gk-count-badge">7 条</span>', agencies)
    genres = read(basic_site, "catalog/by-genre/")
    assert re.search(r'>规范性文件</a> <span class="gk-count-badge">2 条</span>', genres)
    for url in [link for tag, attr, link in parse_links(genres).links if tag == "a" and "by-genre/" in link]:
        assert url


def test_home_page(basic_site):
    html = read(basic_site, "")
    assert html.count('class="gk-entry"') == 3  # latest_count
    assert re.search(r'>政务公开</a>\s*<span class="gk-count-badge">3 条</span>', html)  # key area by topic
    assert re.search(r'>重大建设项目</a>\s*<span class="gk-count-badge">1 条</span>', html)  # by keyword
    assert "data-pagefind-body" not in html


def test_free_pages_and_body_links(basic_site):
    html = read(basic_site, "pages/guide/")
    assert 'href="../../catalog/office/2018/yaodian/"' in html  # a link to the .md file became its page
    assert "data-pagefind-body" in html


def test_csv_opens_in_excel(basic_site):
    raw = (basic_site / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert header.startswith("索引号,标题,文号,发布机构,成文日期,发布日期")


def test_search_reads_the_article_not_its_print_button_or_labels(basic_site):
    """What Pagefind indexes of an entry or interpretation page is its text: not the 打印 button
    under every title (a search for 打印 found every page) nor the 内容概述 label before every
    summary."""
    import pytest

    from sitebuild import output_text

    pytest.importorskip("pagefind_bin_extended")  # the search indexer (tests/site/test_leakage.py)
    indexed = [json.loads(output_text(f).removeprefix("pagefind_dcd"))
               for f in (basic_site / "pagefind").rglob("*.pf_fragment")]
    text = {page["url"]: page["content"].replace("\u200b", "") for page in indexed  # words are cut by U+200B
            if page["url"].startswith(("/catalog/", "/interpretations/"))}
    assert len(text) >= 10 and any("政务公开" in words for words in text.values())
    assert [url for url, words in text.items() if "打印" in words or "内容概述" in words] == []
