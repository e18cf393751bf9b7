"""依申请公开: the channels of site_config.yml `apply_channels` (generator/plan/apply_forms.py shows them)."""

from __future__ import annotations

from ..load.site import CONFIG_FILE
from ..model.findings import Findings


def check(site, findings: Findings) -> None:
    """CFG010 when the site has a 依申请公开 section (in `sections` or a page with section: apply) but
    no channel: its page and forms would not say where to apply. A site without that section (a test
    tree, a catalog-only site) is not asked for channels."""
    has_section = any(s.id == "apply" for s in site.config.sections) or any(p.section == "apply" for p in site.pages)
    if has_section and not site.config.apply_channels.configured():
        findings.warning("CFG010", CONFIG_FILE, 0, "apply_channels")
