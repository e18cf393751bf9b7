"""What a plan holds, for whom, and when it lets go: a shard plans its own part only, and a
released plan takes its planner with it (generator/plan/site.py, generator/output/build.py)."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path

import pytest

from generator.checks import check_site
from generator.output.shards import selector
from generator.plan import theme
from generator.plan.site import Planner, plan_site

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo():
    site, _ = check_site(REPO, as_of=AS_OF)
    assets, _files = theme.plan_assets(site.root)
    return site, assets


def test_a_shards_plan_is_what_the_shard_takes_from_the_whole_plan(demo):
    """The pages and files a shard's selector takes from the whole site's plan, no fewer, with
    the same titles and build date, and no page of another agency's record or of the portal."""
    site, assets = demo
    whole = plan_site(site, assets)
    for agency in site.agencies:
        takes = selector(site, {agency})
        part = plan_site(site, assets, {agency})
        assert {p.url: p.title for p in part.pages if takes(p)} == {p.url: p.title for p in whole.pages if takes(p)}
        assert {f.path for f in part.files if takes(f)} == {f.path for f in whole.files if takes(f)}
        assert {"", "catalog/", "search/"}.isdisjoint(p.url for p in part.pages)  # the portal's
        assert all(p.context["entry"].agency == agency for p in part.pages if p.template == "entry.html")
        assert part.globals["build_date"] == whole.globals["build_date"]


def test_a_released_plan_frees_its_planner_without_the_cyclic_collector(demo):
    """build_site lets the plan go once its files are written (Plan.release): the planner behind
    it, with every listing row, goes with it by reference counting alone."""
    site, assets = demo
    planner = Planner(site, assets)
    plan = planner.plan()
    assert planner.rows  # listing rows were made
    gone = weakref.ref(planner)
    del planner
    gc.disable()
    try:
        plan.release()
        assert gone() is None
    finally:
        gc.enable()
