"""Every internal link of the built site resolves to a file, and every internal link is
relative (the site works under any sub-path and from file://)."""

from __future__ import annotations

from sitebuild import html_files, parse_links, resolve


def test_every_internal_link_resolves(basic_site):
    broken = []
    for page in html_files(basic_site):
        if page.name == "404.html":
            continue  # links from the base path (served at any depth): checked below
        parsed = parse_links(page.read_text(encoding="utf-8"))
        for tag, attr, link in parsed.links:
            if tag == "link" and attr == "href" and link.startswith("https://example.gov.cn/"):
                continue  # canonical: absolute by design
            target = resolve(page, basic_site, link)
            if target is not None and not target.is_file():
                broken.append((page.relative_to(basic_site).as_posix(), link))
    assert broken == []


def test_internal_links_are_relative(basic_site):
    absolute = []
    for page in html_files(basic_site):
        if page.name == "404.html":
            continue
        for tag, _attr, link in parse_links(page.read_text(encoding="utf-8")).links:
            if tag in ("a", "script", "img") and (link.startswith("/") or link.startswith("https://example.gov.cn")):
                absolute.append((page.relative_to(basic_site).as_posix(), link))
    assert absolute == []


def test_404_page_links_from_the_base_path(basic_site):
    html = (basic_site / "404.html").read_text(encoding="utf-8")
    links = [link for tag, attr, link in parse_links(html).links if tag in ("a", "link", "script")]
    internal = [link for link in links if not link.startswith(("https://", "#"))]
    assert internal and all(link.startswith("/xxgk/") for link in internal)
    for link in internal:
        path = link.removeprefix("/xxgk/")
        target = basic_site / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert target.is_file(), link


def test_feeds_sitemap_and_canonical_use_the_base_url(basic_site):
    sitemap = (basic_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.gov.cn/xxgk/catalog/office/2018/yaodian/</loc>" in sitemap
    assert "404.html" not in sitemap
    robots = (basic_site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.gov.cn/xxgk/sitemap.xml" in robots
    feed = (basic_site / "feeds/all.xml").read_text(encoding="utf-8")
    assert 'href="https://example.gov.cn/xxgk/interpretations/yaodian-jiedu/"' in feed
    assert (basic_site / "feeds/fgj.xml").is_file() and (basic_site / "feeds/office.xml").is_file()
    entry = (basic_site / "catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.gov.cn/xxgk/catalog/office/2018/yaodian/">' in entry
