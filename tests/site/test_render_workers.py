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


@pytest.fixture(scope="module")
def entry_pages():
    site, _ = check_site(REPO, as_of=dt.date(2026, 11, 23))
    assets, _files = theme.plan_assets(site.root)
    plan = plan_site(site, assets)
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
