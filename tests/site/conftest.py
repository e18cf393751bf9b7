"""Fixtures for the site-build tests.

The basic tree (fixtures/basic) is built once per test session and shared by the read-only
tests; tests that change content work on their own copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import build, copy_fixture


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory) -> Path:
    """The basic fixture built with the search index (when the indexer is installed)."""
    base = tmp_path_factory.mktemp("basic")
    root = copy_fixture("basic", base / "src")
    out = base / "site"
    run = build(root, out)
    assert run.code == 0, run.out + run.err
    return out


@pytest.fixture
def basic_root(tmp_path) -> Path:
    return copy_fixture("basic", tmp_path / "src")
