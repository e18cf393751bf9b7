"""Annual reports (政府信息公开工作年度报告): model, checks, tables, charts, archive.

The annual-report form and what is derived from it alone: layout.py declares the official form;
model.py the front matter and the loaded record; regulations.py what the catalog says for 表二;
tables.py, charts.py and exports.py what the site shows and offers for download. The stages that
need the rest of the site live with their stage: generator/load/reports.py reads the files,
generator/checks/reports.py checks the identities (docs/annual-report.md#identities), generator/plan/reports.py plans the pages,
generator/authoring/report.py starts a new report.
"""

from __future__ import annotations

from ..text import report_messages as messages  # noqa: F401  (defines the report.* finding codes for checks and `gongkai docs`)

