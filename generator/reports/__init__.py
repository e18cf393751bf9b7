"""Annual reports (政府信息公开工作年度报告): model, checks, tables, charts, archive.

layout.py declares the official form; model.py the front matter and the loaded record;
loader.py reads content/reports/<agency>/<year>.md; checks.py the identities of spec §6;
tables.py, charts.py and pages.py what the site shows; new.py starts a new report.
"""

from __future__ import annotations

from . import messages  # noqa: F401  (defines the report.* finding codes for checks and `gongkai docs`)


def load_reports(site, findings) -> list:
    """Read content/reports/<agency>/<year>.md into AnnualReport records (see reports/model.py)."""
    from .loader import load_reports as _load

    return _load(site, findings)
