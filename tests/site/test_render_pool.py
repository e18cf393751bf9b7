"""What the render workers are sent and what they hand back (generator/render/): the map of
content files to pages as a compact PageUrls that answers as the plan's dict, and the results
through files of their own, read a chunk at a time once they have exited (render_pages_recorded):
the results of rendering in this process, in the order of the pages, and no file of theirs left
once they are read. The build's process renders its share beside jobs - 1 workers."""

from __future__ import annotations

import datetime as dt
import gc
import os
import pickle
from pathlib import Path

import pytest

from generator.checks import check_site
from generator.plan import theme
from generator.plan.site import plan_site
from generator.render import pages as render_pages
from generator.render.page_urls import PageUrls
from generator.render.pages import RenderSetup, render_pages_recorded

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)


def demo_plan():
    site, _ = check_site(REPO, as_of=AS_OF)
    assets, _files = theme.plan_assets(site.root)
    return site, plan_site(site, assets)


def test_page_urls_answer_as_the_plans_map():
    _site, plan = demo_plan()
    urls = PageUrls(plan.page_for_source)
    for held in (urls, pickle.loads(pickle.dumps(urls))):
        assert dict(held) == plan.page_for_source and len(held) == len(plan.page_for_source)
        assert all(held.get(rel) == url for rel, url in plan.page_for_source.items())
        for absent in ("content/catalog/none.md", "content/catalog/", "", "content/pages/none.md",
                       min(plan.page_for_source) + "x", max(plan.page_for_source) + "x", "a"):
            assert held.get(absent) is None and absent not in held
    assert urls._others and len(urls._others) < len(plan.page_for_source) / 10  # most URLs mirror their file


def render_setup(site, plan) -> RenderSetup:
    return RenderSetup(root=site.root, lang=site.config.language, base_url=site.config.base_url.rstrip("/") + "/",
                       globals=plan.globals, page_for_source=PageUrls(plan.page_for_source))


def results_folders(tmp_path) -> list:
    return sorted(tmp_path.glob("pooled.render-*"))


def test_pool_results_are_the_serial_results_in_page_order(tmp_path, monkeypatch):
    site, plan = demo_plan()
    setup, pages = render_setup(site, plan), plan.pages
    assert len(pages) > 4 * 64  # several chunks, shared between this process and the workers
    monkeypatch.setattr(render_pages, "QUEUED", 1)  # so that this process renders chunks beside two workers too

    serial = render_pages_recorded(pages, setup, tmp_path / "serial", jobs=1)
    for jobs, collecting in ((2, True), (3, False)):  # the build calls it with the collector paused
        (gc.enable if collecting else gc.disable)()
        try:
            results = render_pages_recorded(pages, setup, tmp_path / "pooled", jobs=jobs)
            assert gc.isenabled() == collecting and gc.get_freeze_count() == 0  # as the caller had it
        finally:
            gc.enable()
        # The workers have exited: their results wait on disk, beside the pages, with those of
        # this process, which rendered its share beside jobs - 1 workers.
        [held] = results_folders(tmp_path)
        sizes = {file.stem: file.stat().st_size for file in held.iterdir()}
        assert len(sizes) == jobs and sizes[str(os.getpid())] > 0  # (a worker may get none of 5 chunks)
        pooled = list(results)

        assert [r.url for r in pooled] == [p.url for p in pages]
        assert [(r.url, r.sha, sorted(r.linked), r.lookups) for r in pooled] == \
               [(r.url, r.sha, sorted(r.linked), r.lookups) for r in serial]
        assert results_folders(tmp_path) == []


def test_results_not_read_to_the_end_are_deleted_and_a_missing_chunk_fails(tmp_path):
    site, plan = demo_plan()
    setup, pages = render_setup(site, plan), plan.pages
    results = render_pages_recorded(pages, setup, tmp_path / "pooled", jobs=2)
    next(results)
    del results
    gc.collect()
    assert results_folders(tmp_path) == []

    results = render_pages_recorded(pages, setup, tmp_path / "pooled", jobs=2)
    [held] = results_folders(tmp_path)
    last = max(held.iterdir(), key=lambda file: file.stat().st_size)
    last.write_bytes(b"")  # one worker's chunks lost
    with pytest.raises(RuntimeError, match="chunk"):
        list(results)
    assert results_folders(tmp_path) == []
