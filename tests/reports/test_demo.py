"""The demo reports in content/reports: sample numbers that hold every identity, at least three
consecutive years per agency, carried over year to year, published on time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from generator.checks import load_checked, run_checks

REPO = Path(__file__).resolve().parents[2]


def test_demo_reports_hold_every_identity():
    site, findings = load_checked(REPO, dt.date(2026, 11, 23))
    run_checks(site, findings)
    # 湛江市生态环境局's 2025 report is missing on purpose: the demo shows 未发布 and the calendar's warning.
    missing = [(f.file, f.level) for f in findings if f.code == "report.missing"]
    assert missing == [("content/reports/zj-sthjj/2025.md", "warning")]
    report_findings = [f for f in findings if f.code.startswith("report.") and f.code != "report.missing"]
    # 湛江市发展和改革局 revised a 规范性文件 in 2023: 现行有效 does not follow 上年 + 制发 − 废止, but the
    # catalog shows the revision (已修订, replaced that year), so the I12 heuristic accounts for it.
    assert [(f.file, f.code) for f in report_findings] == [], \
        "demo reports disagree with the demo catalog: run python scripts/demo_reports.py"

    years = defaultdict(list)
    for report in site.reports:
        assert report.sample and not report.draft
        years[report.agency].append(report.year)
    assert len(years) >= 5
    for agency, got in years.items():
        got.sort()
        assert len(got) >= 3 and got == list(range(got[0], got[-1] + 1)), agency
    assert {r.format for r in site.reports if r.agency == "zj-fgj"} == {"2019", "2021"}
