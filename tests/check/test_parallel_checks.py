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
    shutil.copy(entry, entry.with_name("copy-" + entry.name))  # the same 索引号 and 文号 twice
    as_of = dt.date(2026, 11, 23)

    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 10**9)
    _, one_core = checks.check_site(root, as_of=as_of)
    monkeypatch.setattr(checks, "PARALLEL_CHECKS_FROM", 0)
    monkeypatch.setattr(checks, "_forked_site", Spy())
    _, two_cores = checks.check_site(root, as_of=as_of)

    assert Spy.updates == 1, "the checks did not run on two cores"
    # from a forked check (identity: the duplicate) and from one in this process (reports)
    assert {f.code for f in one_core.items} == {"CAT004", "CAT035", "report.catalog", "report.missing"}
    assert [vars(f) for f in two_cores.items] == [vars(f) for f in one_core.items]
