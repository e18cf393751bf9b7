"""The demo site (the repository's own content/ and site_config.yml), built as the README does:
nothing withheld leaks, every internal link resolves, an entry page stays light."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest

from generator.load.site import load_site
from sitebuild import AS_OF, REPO, gongkai, html_files, output_text, parse_links, resolve


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "site"
    run = gongkai("build", "--root", REPO, "--as-of", AS_OF, "-o", out)
    assert run.code == 0, run.out + run.err
    site, _ = load_site(REPO, as_of=dt.date.fromisoformat(AS_OF))
    return out, site


def test_demo_withholds_what_is_not_public(demo):
    out, site = demo
    public = {e.index_no for e in site.public_entries()}
    withheld = [e for e in site.entries if e.index_no not in public]
    assert withheld, "the demo should show that non-public entries stay out"
    markers = [m for e in withheld for m in (e.title, e.index_no)]
    markers += [i.title for i in site.interpretations if i not in site.public_interpretations()]
    leaks = []
    for path in (p for p in out.rglob("*") if p.is_file() and p.suffix != ".pagefind"):
        text = output_text(path)
        leaks += [(path.relative_to(out).as_posix(), m) for m in markers if m in text]
    assert leaks == []


def test_demo_links_resolve(demo):
    out, _ = demo
    broken = []
    for page in html_files(out):
        if page.name == "404.html":
            continue
        for _tag, _attr, link in parse_links(page.read_text(encoding="utf-8")).links:
            if link.startswith("https://example.gov.cn/"):
                continue
            target = resolve(page, out, link)
            if target is not None and not target.is_file():
                broken.append((page.relative_to(out).as_posix(), link))
    assert broken == []


def test_entry_page_weight_is_within_budget(demo):
    """Issue 7: an entry page's own HTML + CSS + JS at most 60 KB compressed."""
    out, _ = demo
    page = out / "catalog/zj-gov-office/2018/zhanfuban-2018-22/index.html"
    html = page.read_text(encoding="utf-8")
    linked = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
    files = [page] + [resolve(page, out, href) for href in linked]
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert total <= 60 * 1024, total
