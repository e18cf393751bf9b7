"""What a build holds, for whom, and when it lets go: entries as EntryRecords with the values
pydantic validated, a shard's plan of its own part only, and a released plan takes its planner
with it (generator/model/content.py, generator/plan/site.py, generator/output/build.py)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref
from pathlib import Path

import pytest

from generator.checks import check_site
from generator.load.document import read_document
from generator.load.validate import build
from generator.model.content import Entry, EntryRecord, held
from generator.model.findings import Findings
from generator.output.shards import record_row, restore, selector
from generator.plan import theme
from generator.plan.site import Planner, plan_site
from generator.plan.types import ListingPage, ListingRow
from generator.render.cache import fingerprint

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo():
    site, _ = check_site(REPO, as_of=AS_OF)
    assets, _files = theme.plan_assets(site.root)
    return site, assets


def shard_site(agency: str):
    """The site as `gongkai build --shard AGENCY` loads and checks it."""
    return check_site(REPO, as_of=AS_OF, shard={agency}, fork=False)[0]


def test_the_site_holds_every_entry_as_the_values_pydantic_validated(demo):
    """The loader workers hand entries over as EntryRecords (slots, not pydantic models): the same
    values, lists as tuples, and the same fingerprint in the build cache as the Entry."""
    site, _ = demo
    assert site.entries and {type(e) for e in site.entries} == {EntryRecord}
    for entry in site.entries:
        record = build(Entry, read_document(Path(entry.source.path), REPO, Findings()), Findings())
        assert entry.fields() == {name: tuple(value) if isinstance(value, list) else value
                                  for name, value in record.__dict__.items()}, entry.source.rel
        assert fingerprint(entry) == fingerprint(record) == fingerprint(held(record))
    whole = {e.source.rel: e.fields() for e in site.entries}
    agency = next(iter(site.agencies))
    assert {e.source.rel: e.fields() for e in shard_site(agency).entries} == whole  # a shard loads them alike



def test_entries_tagged_alike_hold_one_tuple_of_keywords(demo):
    """The loader gives entries with the same keywords in the same order one tuple of them, as it
    gives them one copy of each word (load/parallel.py _hold_compactly): held through a build."""
    site, _ = demo
    keywords = [e.keywords for e in site.entries if e.keywords]
    assert len(set(keywords)) < len(keywords)  # the demo has entries tagged alike
    assert len({id(k) for k in keywords}) == len(set(keywords))

def test_a_shard_manifest_row_gives_the_portal_the_same_record(demo):
    """record_row dumps an EntryRecord as pydantic dumps the Entry; the portal's restore gives back
    the same record, with the same fingerprint in the build cache."""
    site, _ = demo
    public_entries = site.public_entries()
    public = {e.index_no for e in public_entries}
    for entry in public_entries:
        row = json.loads(json.dumps(record_row(entry, public), ensure_ascii=False))  # as the manifest file holds it
        back = restore(Entry, row, REPO)
        expected = entry.fields() | ({"superseded_by": None} if entry.superseded_by not in public else {})
        assert type(back) is EntryRecord and back.fields() == expected and back.source.rel == entry.source.rel
        if entry.superseded_by is None or entry.superseded_by in public:
            assert fingerprint(back) == fingerprint(entry)


def test_a_shards_plan_is_what_the_shard_takes_from_the_whole_plan(demo):
    """The pages and files a shard's selector takes from the whole site's plan, no fewer, with
    the same titles and build date, and no page of another agency's record or of the portal,
    planned from the site as the shard loads it."""
    site, assets = demo
    whole = plan_site(site, assets)
    for agency in site.agencies:
        takes = selector(site, {agency})
        part = plan_site(shard_site(agency), assets, {agency})
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


def test_a_listing_row_reads_and_fingerprints_as_the_dict_it_replaces(demo):
    """Listing rows are ListingRow objects (slots): a template's row.title and Python's
    row["title"] both read them, and the build cache fingerprints one as the dict it was."""
    import pickle

    import jinja2

    site, assets = demo
    planner = Planner(site, assets)
    row = planner.rows[planner.entries[0].index_no]
    as_dict = dict(row)
    assert list(as_dict) == list(ListingRow.FIELDS) and as_dict["title"] == planner.entries[0].title
    assert fingerprint({"rows": [row]}) == fingerprint({"rows": [as_dict]})
    assert pickle.loads(pickle.dumps(row)) == row == as_dict
    template = jinja2.Environment().from_string("{{ row.title }}|{{ row['url'] }}|{{ row.get('doc_no') }}")
    assert template.render(row=row) == template.render(row=as_dict)
    with pytest.raises(KeyError):
        row["body"]


def test_a_listing_page_reads_pickles_and_fingerprints_as_the_dict_it_replaces(demo):
    """A listing page's context is a ListingPage: its rows are the listing's entries of that page,
    newest first, its pager (base, page, pages), the listing's shared values in the dict's order;
    a render worker receives it as that dict, and the build cache fingerprints it as one."""
    import pickle

    from generator.render.cache import page_fingerprint

    site, assets = demo
    planner = Planner(site, assets)
    plan = planner.plan()
    listings = [p for p in plan.pages if p.template == "listing.html"]
    assert listings and all(type(p.context) is ListingPage for p in listings)
    catalog = [p for p in listings if p.url == "catalog/" or p.url.startswith("catalog/page-")]
    assert len(catalog) > 1  # the demo's whole catalog takes more than one page
    per_page = site.config.per_page
    for page in listings:
        context = page.context
        listing, number = context.listing, context.number
        as_dict = dict(context)
        assert list(as_dict) == list(ListingPage.KEYS) and len(context) == len(as_dict)
        shown = listing.entries[(number - 1) * per_page: number * per_page]
        assert as_dict["rows"] == [planner.rows[e.index_no] for e in shown]
        assert as_dict["pager_of"] == (listing.base, number, listing.pages) and as_dict["total"] == len(listing.entries)
        assert page.url == (listing.base if number == 1 else f"{listing.base}page-{number}/")
        assert as_dict["breadcrumbs"][0]["url"] == "" and as_dict["nav_url"]
        sent = pickle.loads(pickle.dumps(page))
        assert type(sent.context) is dict and sent.context == as_dict
        assert page_fingerprint(page) == page_fingerprint(sent) is not None
        assert "rows" in context and "body" not in context
        with pytest.raises(KeyError):
            context["body"]
    # every page of the whole catalog, one after another, lists each public entry once
    listed = [row["url"] for page in sorted(catalog, key=lambda p: p.context.number) for row in page.context["rows"]]
    assert listed == [planner.rows[e.index_no]["url"] for e in planner.entries]
    # the pages of a listing share its breadcrumbs rather than holding a copy each
    assert len({id(p.context["breadcrumbs"]) for p in catalog}) == 1
