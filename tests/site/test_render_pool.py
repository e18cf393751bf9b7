"""The render workers hand back what each page left behind through files of their own, read
once they have exited (generator/render/pages.py render_pages_recorded): the results are those
of rendering in this process, in the order of the pages, and no file of theirs is left."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from generator.checks import check_site
from generator.plan import theme
from generator.plan.site import plan_site
from generator.render.pages import RenderSetup, render_pages_recorded

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)


def test_pool_results_are_the_serial_results_in_page_order(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where the workers' files go
    (tmp_path / "tmp").mkdir()
    site, _ = check_site(REPO, as_of=AS_OF)
    assets, _files = theme.plan_assets(site.root)
    plan = plan_site(site, assets)
    setup = RenderSetup(root=site.root, lang=site.config.language, base_url=site.config.base_url.rstrip("/") + "/",
                        globals=plan.globals, page_for_source=plan.page_for_source)
    pages = plan.pages
    assert len(pages) > 2 * 64  # several chunks, shared between two workers

    serial = render_pages_recorded(pages, setup, tmp_path / "serial", jobs=1)
    pooled = render_pages_recorded(pages, setup, tmp_path / "pooled", jobs=2)

    assert [r.url for r in pooled] == [p.url for p in pages]
    assert [(r.url, r.sha, sorted(r.linked), r.lookups) for r in pooled] == \
           [(r.url, r.sha, sorted(r.linked), r.lookups) for r in serial]
    assert list((tmp_path / "tmp").iterdir()) == []
