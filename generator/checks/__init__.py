"""Site-wide checks: each module looks at the loaded `Site` and adds findings.

Every check is a function `check(site, findings)`; they run in this order and
all of them run, so an editor sees every problem in one run.
"""

from __future__ import annotations

from ..findings import Findings


def run_checks(site, findings: Findings) -> Findings:
    from . import (dates, disclosure, identity, interpretations, personal_data, references)
    from ..reports import checks as report_checks

    for module in (identity, dates, disclosure, references, interpretations, personal_data, report_checks):
        module.check(site, findings)
    return findings
