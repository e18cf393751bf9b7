"""Feeds and sitemaps as machines read them: Atom times in Beijing time, and a sitemap index once
the site passes the protocol's 50,000 URLs per file."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from generator.plan import feeds

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def planner(base_url: str = "https://example.gov.cn/xxgk/"):
    return SimpleNamespace(config=SimpleNamespace(base_url=base_url))


def produce(planned) -> dict[str, bytes]:
    return {path: make() for path, make in planned}


def test_a_beijing_date_is_midnight_in_beijing():
    assert feeds.atom_time(dt.date(2018, 6, 28)) == "2018-06-28T00:00:00+08:00"


def test_built_feed_has_no_utc_midnights(basic_site):
    feed = (basic_site / "feeds/all.xml").read_text(encoding="utf-8")
    stamps = re.findall(r"<(?:updated|published)>([^<]+)<", feed)
    assert stamps and all(s.endswith("T00:00:00+08:00") for s in stamps)


def test_small_site_has_one_sitemap():
    files = produce(feeds.sitemap_files(planner(), ["b/", "a/"], limit=3))
    assert list(files) == ["sitemap.xml"]
    urlset = ET.fromstring(files["sitemap.xml"])
    assert urlset.tag == SITEMAP_NS + "urlset"
    assert [loc.text for loc in urlset.iter(SITEMAP_NS + "loc")] == [
        "https://example.gov.cn/xxgk/a/", "https://example.gov.cn/xxgk/b/"]


def test_past_the_limit_sitemap_xml_is_an_index():
    urls = [f"catalog/{n:02d}/" for n in range(7)]
    files = produce(feeds.sitemap_files(planner(), urls, limit=3))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == SITEMAP_NS + "sitemapindex"
    assert [loc.text for loc in index.iter(SITEMAP_NS + "loc")] == [
        f"https://example.gov.cn/xxgk/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = []
    for n in (1, 2, 3):
        part = ET.fromstring(files[f"sitemap-{n}.xml"])
        locs = [loc.text for loc in part.iter(SITEMAP_NS + "loc")]
        assert part.tag == SITEMAP_NS + "urlset" and 1 <= len(locs) <= 3
        listed += locs
    assert listed == [f"https://example.gov.cn/xxgk/{url}" for url in urls]  # each URL once, in order


def test_exactly_at_the_limit_stays_one_file():
    files = produce(feeds.sitemap_files(planner(), ["a/", "b/", "c/"], limit=3))
    assert list(files) == ["sitemap.xml"]


def test_robots_names_the_sitemap_index(basic_site):
    robots = (basic_site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[-1] == "Sitemap: https://example.gov.cn/xxgk/sitemap.xml"


ATOM = "{http://www.w3.org/2005/Atom}"


def test_each_feed_holds_the_newest_items_of_its_own(basic_root, monkeypatch):
    """The site's feed and each agency's show the newest FEED_LENGTH of their own entries and
    interpretations, newest first: none left out is newer than the oldest shown."""
    from generator.load.site import load_site
    from generator.plan import theme
    from generator.plan.site import plan_site

    monkeypatch.setattr(feeds, "FEED_LENGTH", 2)
    site, _ = load_site(basic_root)
    plan = plan_site(site, theme.plan_assets(site.root)[0])
    shown = {f.path: ET.fromstring(f.produce()).findall(f"{ATOM}entry") for f in plan.files if f.path.startswith("feeds/")}
    records = site.public_entries() + site.public_interpretations()
    owners = {"feeds/all.xml": records} | {f"feeds/{agency}.xml": [r for r in records if r.agency == agency]
                                             for agency in {r.agency for r in records}}
    assert set(shown) == set(owners)
    for path, own in owners.items():
        dates = [entry.findtext(f"{ATOM}published")[:10] for entry in shown[path]]
        assert len(dates) == min(2, len(own)), path
        assert dates == sorted(dates, reverse=True), path
        newer = sum(r.published.isoformat() > dates[-1] for r in own)  # than the oldest shown: all shown
        assert newer == sum(day > dates[-1] for day in dates), path
