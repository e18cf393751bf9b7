"""The fixture every security test starts from: a fresh copy of the demo site (content/ and
site_config.yml) in the test's own folder, which the test then makes hostile."""

from __future__ import annotations

from pathlib import Path

import pytest

from .demo import copy_demo


@pytest.fixture
def demo(tmp_path) -> Path:
    return copy_demo(tmp_path / "root")
