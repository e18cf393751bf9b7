"""Annual-report checks (spec/annual-report.md §6–7). Filled in by the reports work."""


def check(site, findings) -> None:
    return None
