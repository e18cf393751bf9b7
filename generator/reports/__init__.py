"""Annual reports (政府信息公开工作年度报告): model, checks, tables, charts, archive."""

from __future__ import annotations


def load_reports(site, findings) -> list:
    """Read content/reports/<agency>/<year>.md into AnnualReport records (see reports/model.py)."""
    return []
