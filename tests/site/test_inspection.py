"""Issue 13, what an inspector reads in the HTML: the site's identity in the footer, the page
metadata of 《政府网站发展指引》 on every page, the human pages for the machine files (网站地图,
订阅, 使用帮助), readable facet URLs with the old hashed ones redirected, and the statistics
charts said to be averages when the number of reports changes between years."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from urllib.parse import quote

import pytest
import yaml

from generator.load.site import load_site
from generator.plan.slugs import pinyin_slug, readable_slugs
from generator.reports import charts
from sitebuild import AS_OF, REPO, build, copy_fixture, gongkai, html_files, parse_links, resolve

CONFIG = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
ENTRY = "catalog/zj-gov-office/2015/zj-2015-xxgk-yaodian/"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "site"
    run = gongkai("build", "--root", REPO, "--as-of", AS_OF, "-o", out)
    assert run.code == 0, run.out + run.err
    return out


def read(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8") if url.endswith("/") or not url else \
        (site / url).read_text(encoding="utf-8")


def metas(page: str) -> dict[str, str]:
    return {name: html.unescape(content) for name, content in
            re.findall(r'<meta name="([^"]+)" content="([^"]*)">', page)}


def is_redirect(page: str) -> bool:
    return 'http-equiv="refresh"' in page


# --- identity and metadata ------------------------------------------------------------------

def test_every_page_has_the_guideline_metadata_and_its_own_description(demo):
    pages = [p for p in html_files(demo) if not is_redirect(p.read_text(encoding="utf-8"))]
    descriptions = {}
    for path in pages:
        found = metas(path.read_text(encoding="utf-8"))
        rel = path.relative_to(demo).as_posix()
        assert found["SiteName"] == CONFIG["title"], rel
        assert found["SiteDomain"] == "example.gov.cn", rel
        assert found["SiteIDCode"] == CONFIG["site_code"], rel
        assert found["ColumnName"], rel
        assert found["description"], rel
        descriptions.setdefault(found["description"], []).append(rel)
    shared = {d: urls for d, urls in descriptions.items() if len(urls) > 1}
    # pages of one paginated listing may share their intro; no two other pages do
    assert all(all("/page-" in u for u in urls[1:]) for urls in shared.values()), shared


def test_articles_carry_title_date_and_source(demo):
    site, _ = load_site(REPO, as_of=dt.date.fromisoformat(AS_OF))
    entry = next(e for e in site.public_entries() if e.source.rel.endswith("zj-2015-xxgk-yaodian.md"))
    found = metas(read(demo, ENTRY))
    assert found["ArticleTitle"] == entry.title
    assert found["PubDate"] == entry.published.isoformat()
    assert found["ContentSource"] == site.agencies[entry.agency].name
    assert found["Keywords"] == ",".join(entry.keywords)
    assert found["description"] == entry.summary
    assert found["ColumnName"] == "法定主动公开内容"
    interpretation = next(p for p in (demo / "interpretations").rglob("index.html") if p.parent.parent != demo)
    assert {"ArticleTitle", "PubDate", "ContentSource"} <= metas(interpretation.read_text(encoding="utf-8")).keys()
    report = metas(read(demo, "reports/zj-fgj/2024/"))
    assert report["ContentSource"] == site.agencies["zj-fgj"].name and report["PubDate"].startswith("2025-")
    assert "ArticleTitle" not in metas(read(demo, "catalog/")), "a listing is not an article"


def test_footer_shows_the_identity_with_its_links(demo):
    page = read(demo, ENTRY)
    footer = page[page.index('<footer'):]
    assert f"网站标识码：<span class=\"gk-nowrap\">{CONFIG['site_code']}</span>" in footer
    assert f'<a href="https://beian.miit.gov.cn/" rel="external" class="gk-nowrap">{CONFIG["icp"]}</a>' in footer
    digits = re.search(r"\d{8,}", CONFIG["police_record"]).group()
    assert f"https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}" in footer
    assert html.escape(CONFIG["conac_url"]) in footer and 'class="gk-conac__seal"' in footer
    assert "<img" not in footer, "the 党政机关 mark is drawn, not a copied image"
    page_url = "https://example.gov.cn/xxgk/" + ENTRY
    report_link = ("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=" + CONFIG["site_code"]
                   + "&amp;url=" + quote(page_url, safe="/"))
    assert report_link in footer, "the 找错 link names the site and the page"
    for text in (CONFIG["owner"], CONFIG["operator"], CONFIG["contact"]["phone"], CONFIG["contact"]["email"],
                 "联系我们", "我为政府网站找错"):
        assert text in footer, text


def test_a_site_without_identity_shows_none_of_it(tmp_path):
    root = copy_fixture("basic", tmp_path / "src")
    run = build(root, tmp_path / "site")
    assert run.code == 0, run.out + run.err
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "SiteIDCode" not in page and "jiucuo" not in page and "gk-conac" not in page and "联系我们" not in page
    assert "测试市人民政府办公室" in page and "粤ICP备00000000号" in page
    assert metas(page)["SiteName"] == "测试市政府信息公开"


def test_a_wrong_identity_value_is_a_finding_on_its_line(tmp_path):
    root = copy_fixture("basic", tmp_path / "src")
    config = root / "site_config.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(lines + ['site_code: "12345"', "conac_url: bszs.conac.cn/x"]) + "\n", encoding="utf-8")
    run = gongkai("check", "--root", root, "--as-of", AS_OF)
    assert run.code == 2
    assert f"site_config.yml:{len(lines) + 1}: 错误 SCH002 [site_code]" in run.out
    assert f"site_config.yml:{len(lines) + 2}: 错误 SCH002 [conac_url]" in run.out
    assert "10 位标识码" in run.out and "Traceback" not in run.out + run.err


# --- human pages for machine files ------------------------------------------------------------

def test_sitemap_page_lists_every_section_agency_and_year(demo):
    page = read(demo, "sitemap/")
    site, _ = load_site(REPO, as_of=dt.date.fromisoformat(AS_OF))
    targets = [resolve(demo / "sitemap/index.html", demo, link) for tag, _, link in parse_links(page).links
               if tag == "a" and not link.startswith("mailto:")]
    links = {t.parent.relative_to(demo).as_posix() + "/" for t in targets if t is not None}
    for section in ("catalog/", "interpretations/", "reports/", "help/", "search/", "catalog/by-topic/"):
        assert section in links, section
    agencies_with_entries = {e.agency for e in site.public_entries()}
    for agency in agencies_with_entries:
        assert f"catalog/by-agency/{agency}/" in links, agency
    for year in {e.year for e in site.public_entries()}:
        assert f"catalog/by-year/{year}/" in links, year
    assert "reports/zj-fgj/2019/" in links, "an agency's reports by year"
    # every page links it from the footer; sitemap.xml lists it and no redirect
    assert 'href="../../../../sitemap/">网站地图</a>' in read(demo, ENTRY)
    xml = (demo / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.gov.cn/xxgk/sitemap/</loc>" in xml
    redirects = [p for p in html_files(demo) if is_redirect(p.read_text(encoding="utf-8"))]
    assert redirects and not any(p.parent.relative_to(demo).as_posix() + "/</loc>" in xml for p in redirects)


def test_feed_links_lead_people_to_the_subscribe_page(demo):
    page = read(demo, "feeds/")
    ids = parse_links(page).ids
    for xml in sorted((demo / "feeds").glob("*.xml")):
        assert f"feed-{xml.stem}" in ids, xml.name
        assert f'value="https://example.gov.cn/xxgk/feeds/{xml.name}"' in page
    listing = read(demo, "catalog/by-agency/zj-fgj/")
    assert 'href="../../../feeds/#feed-zj-fgj" class="gk-feed-link"' in listing
    assert 'href="../feeds/#feed-all" class="gk-feed-link"' in read(demo, "catalog/")
    # machines still find the feed itself
    assert 'rel="alternate" type="application/atom+xml"' in read(demo, "")


def test_public_help_replaces_the_editors_guide(demo):
    page = read(demo, "help/")
    for target in ("../search/", "../feeds/", "../sitemap/", "../catalog/by-topic/", "../pages/apply/"):
        assert f'href="{target}"' in page, target
    assert "长者模式" in page and "打印" in page
    everything = "".join(p.read_text(encoding="utf-8") for p in html_files(demo))
    assert "编辑指南" not in everything and "拉取请求" not in everything, "the editors' guide is not on the public site"
    assert not (REPO / "content" / "pages" / "help.md").exists()
    home = read(demo, "")
    assert re.search(r'<a href="help/" class="md-tabs__link">帮助</a>', home), "帮助 opens the 使用帮助"


# --- readable facet URLs -------------------------------------------------------------------------

def test_facets_have_pinyin_urls_and_the_old_hashes_redirect(demo):
    assert (demo / "catalog/by-genre/tongzhi/index.html").is_file()
    assert (demo / "catalog/by-topic/zonghezhengwu/zhengwugongkai/index.html").is_file()
    old = hashlib.sha1("通知".encode()).hexdigest()[:8]
    page = read(demo, f"catalog/by-genre/{old}/")
    assert '<meta http-equiv="refresh" content="0; url=../tongzhi/">' in page
    assert '<link rel="canonical" href="https://example.gov.cn/xxgk/catalog/by-genre/tongzhi/">' in page
    assert "data-pagefind-body" not in page and 'name="robots" content="noindex"' in page
    area = hashlib.sha1("财政预决算".encode()).hexdigest()[:8]
    assert "url=../caizhengyujuesuan/" in read(demo, f"catalog/areas/{area}/")
    genres = read(demo, "catalog/by-genre/")
    assert not re.search(r'href="[0-9a-f]{8}/"', genres), "no listing links a hashed URL any more"


def test_readable_slugs_are_unique_and_stable():
    assert pinyin_slug("通知") == "tongzhi"
    assert pinyin_slug("财政、金融、审计") == "caizheng-jinrong-shenji"
    found = readable_slugs(["公示", "公式", "通知"])
    assert found["通知"] == "tongzhi"
    assert found["公示"] != found["公式"] and all(found[n].startswith("gongshi-") for n in ("公示", "公式"))
    assert readable_slugs(["公式", "通知", "公示"]) == found, "order does not matter"
    assert readable_slugs(["〔〕"])["〔〕"] == hashlib.sha1("〔〕".encode()).hexdigest()[:8]


# --- statistics charts --------------------------------------------------------------------------

def test_site_charts_are_averages_when_the_number_of_reports_changes(demo):
    site, _ = load_site(REPO, as_of=dt.date.fromisoformat(AS_OF))
    by_year: dict[int, list] = {}
    for report in site.reports:
        by_year.setdefault(report.year, []).append(report)
    assert len({len(v) for v in by_year.values()}) > 1, "the demo has years with different numbers of reports"
    received = charts.charts_for(by_year, "t")[0]
    assert received.average and "每个机构平均" in received.title and "机构数不同" in received.note
    year = max(by_year)
    natural = [r.numbers["三"]["本年新收"]["自然人"] for r in by_year[year]]
    assert received.series[0].values[-1] == round(sum(natural) / len(natural), 1)
    one_agency = {y: [r for r in rs if r.agency == "zj-fgj"] for y, rs in by_year.items()}
    own = charts.charts_for({y: rs for y, rs in one_agency.items() if rs}, "o")[0]
    assert not own.average and "平均" not in own.title
    page = read(demo, "reports/statistics/")
    assert page.count('<p class="gk-chart-note">各年度发布年报的机构数不同') == 4
    assert "（单位：件/机构）" in page
