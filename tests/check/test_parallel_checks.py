"""The cross-file checks split over two processes (large sites) give the findings, in the same
order, that one process gives (generator/checks/__init__.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import generator.checks as checks

REPO = Path(__file__).resolve().parents[2]


class Spy(dict):
    updates = 0

    def update(self, *args, **kwargs):
        Spy.updates += 1
        super().update(*args, **kwargs)


def test_checks_on_two_cores_find_what_one_core_finds(tmp_path, monkeypatch):
    root = tmp_path / "demo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    entry = next((root / "content" / "catalog").rglob("*.md"))
    # the same 索引号 and 文号 twice, and a superseded_by that names no entry
    text = entry.read_text(encoding="utf-8")
    entry.with_name("copy-" + entry.name).write_text(text.replace("---\n", "---\nsuperseded_by: X/2018-1\n", 1),
                                                     encoding="utf-8")
    as_of = dt.date(2026, 11, 23)

    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 10**9)
    _, one_core = checks.check_site(root, as_of=as_of)
    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 0)
    monkeypatch.setattr(checks, "_forked_site", Spy())
    _, two_cores = checks.check_site(root, as_of=as_of)

    assert Spy.updates == 1, "the checks did not run on two cores"
    # from forked checks (identity: the duplicate; reports) and from one in this process (references)
    assert {f.code for f in one_core.items} == {"CAT004", "CAT035", "CAT061", "report.catalog", "report.missing"}
    assert [vars(f) for f in two_cores.items] == [vars(f) for f in one_core.items]


def test_a_year_without_schedule_is_reported_once_on_two_cores(tmp_path, monkeypatch):
    """CAT024 is said once per year by whichever check counts in it first (workdays.for_site): the date
    check and the interpretation check share one calendar, so they run in the same process."""
    from .sitetree import GOV_CODE, entry, interpretation, make_site

    policy = f"{GOV_CODE}/2099-00001"
    root = make_site(tmp_path, {
        "content/catalog/zj-gov-office/2099/e1.md": entry(index_no=policy, doc_no="湛府办〔2099〕1号", written="2099-03-02",
                                                          published="2099-03-26", scheduled=True),
        "content/interpretations/e1.md": interpretation(interprets=[policy], published="2099-03-30", scheduled=True),
    }, default_entry=False)
    as_of = dt.date(2026, 11, 23)

    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 10**9)
    _, one_core = checks.check_site(root, as_of=as_of)
    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 0)
    _, two_cores = checks.check_site(root, as_of=as_of)

    assert [f.code for f in one_core.items].count("CAT024") == 1
    assert [vars(f) for f in two_cores.items] == [vars(f) for f in one_core.items]


def test_a_build_checks_in_one_process_even_on_a_large_site(tmp_path, monkeypatch):
    """`gongkai build` passes fork=False (commands/build.py): the forked process was the build's
    largest moment of memory. The findings are the same; no process is forked for them."""
    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 0)
    monkeypatch.setattr(checks, "_forked_site", Spy())
    Spy.updates = 0
    _, in_one = checks.check_site(REPO, as_of=dt.date(2026, 11, 23), fork=False)
    assert Spy.updates == 0
    _, forked = checks.check_site(REPO, as_of=dt.date(2026, 11, 23))
    assert Spy.updates == 1
    assert [vars(f) for f in in_one.items] == [vars(f) for f in forked.items]
