"""Any value in any cell, row or table of a report gives findings, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import load_checked, run_checks

from .conftest import new_site, node, spec_tables


# Every mapping path of the spec example, and every cell path: places to put a bad value.
def _paths(tables: dict, prefix: str = "") -> list[str]:
    found = []
    for key, value in tables.items():
        path = f"{prefix}.{key}" if prefix else key
        found.append(path)
        if isinstance(value, dict):
            found.extend(_paths(value, path))
    return found


PATHS = _paths(spec_tables())
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=8), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.one_of(st.text(max_size=6), st.integers()),
                                                                       inner, max_size=3)), max_leaves=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_any_value_anywhere_gives_findings_not_a_crash(tmp_path_factory, changes):
    site = new_site(Path(tmp_path_factory.mktemp("robust")))
    tables = spec_tables()
    for path, value in changes:
        *parent, key = path.split(".")
        try:
            target = node(tables, ".".join(parent)) if parent else tables
        except (KeyError, TypeError):
            continue  # an earlier change replaced the parent
        if isinstance(target, dict):
            target[key] = value
    meta = {"agency": "demo-fgw", "year": 2024, "published": "2025-01-20", "format": "2021", "tables": tables}
    path = site.root / "content" / "reports" / "demo-fgw" / "2024.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n正文\n", encoding="utf-8")
    loaded, findings = load_checked(site.root, dt.date(2026, 11, 23))
    run_checks(loaded, findings)
    assert all(f.code and f.message for f in findings)
