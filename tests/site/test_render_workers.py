"""The render workers are new processes sent their pages pickled (generator/render/pages.py): an
entry page carries its record and row, and the tables its context reads (EntryPages, a
SharedTables) travel as their key, given to each worker once."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks import check_site
from generator.plan import theme
from generator.plan.site import plan_site
from generator.plan.types import SharedTables, worker_copies

REPO = Path(__file__).resolve().parents[2]

# In a fresh interpreter, as a render worker: given the tables (or not), make an entry page's context.
WORKER = """
import pickle, sys
from generator.plan.types import install
copies, page = pickle.loads(sys.stdin.buffer.read())  # the tables first (initargs), then pages
if copies is not None:
    install(pickle.loads(copies))
try:
    sys.stdout.buffer.write(pickle.dumps(pickle.loads(page).materialized().context))
except RuntimeError as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""


# In a fresh interpreter, as a render worker: make the whole context of every page sent, then
# name the modules that it took (a worker imports what its pages' pickles refer to).
IMPORTS = """
import pickle, sys
from generator.plan.types import install
copies, pages = pickle.loads(sys.stdin.buffer.read())
install(pickle.loads(copies))
for page in pickle.loads(pages):
    page.materialized()
print(" ".join(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def plan():
    site, _ = check_site(REPO, as_of=dt.date(2026, 11, 23))
    assets, _files = theme.plan_assets(site.root)
    return plan_site(site, assets)


@pytest.fixture(scope="module")
def entry_pages(plan):
    pages = [p for p in plan.pages if p.template == "entry.html"]
    assert pages
    return pages


def in_fresh_process(payload) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WORKER], input=pickle.dumps(payload), capture_output=True,
                          cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_a_pickled_entry_page_carries_the_tables_as_their_key(entry_pages):
    tables = entry_pages[0].more.__self__
    assert isinstance(tables, SharedTables)
    assert len(pickle.dumps(tables)) < 200  # the key, not the site's interpretations and replacements
    one = len(pickle.dumps(entry_pages[0]))
    assert len(pickle.dumps(entry_pages[:10])) < 10 * one  # ten pages do not carry ten copies of anything shared


def test_a_worker_given_the_tables_makes_the_same_context(entry_pages):
    page = next((p for p in entry_pages if p.materialized().context["interpretations"]), entry_pages[0])
    done = in_fresh_process((pickle.dumps(worker_copies()), pickle.dumps(page)))
    assert done.returncode == 0, done.stderr.decode()
    assert pickle.loads(done.stdout) == page.materialized().context


def test_a_worker_not_given_the_tables_says_so(entry_pages):
    done = in_fresh_process((None, pickle.dumps(entry_pages[0])))
    assert done.returncode == 3
    assert "was not given" in done.stderr.decode()


def test_a_worker_given_pages_of_every_kind_does_not_import_the_planners_slug_dictionaries(plan):
    # pypinyin (readable facet slugs, generator/plan/slugs.py) holds about 50 MB of dictionaries:
    # a page whose `more` lived in a module importing it made every render worker that big
    by_kind = {}
    for page in plan.pages:
        by_kind.setdefault(page.template, page)
    assert {"entry.html", "listing.html"} <= by_kind.keys()
    payload = (pickle.dumps(worker_copies()), pickle.dumps(list(by_kind.values())))
    done = subprocess.run([sys.executable, "-c", IMPORTS], input=pickle.dumps(payload), capture_output=True,
                          cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr.decode()
    imported = done.stdout.decode().split()
    assert "generator.plan.urls" in imported  # the listing's pager was made
    assert not [name for name in imported if name == "pypinyin" or name.startswith("pypinyin.")]
