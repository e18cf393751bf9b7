"""Every output path a build generates, known from the plan alone (nothing is rendered): what a
content file copied into the site may not replace (generator/load/file_guard.py, Reserved).
The commands hand `generated_outputs` down to the check (checks.check_site), which sits
before the planner in the pipeline.
"""

from __future__ import annotations


def generated_outputs(site) -> list[str]:
    """Pages (as their index.html), feeds, data, theme assets. A plan that fails on content the
    check reports anyway still yields what it had planned by then."""
    from ..load.site import cyclic_gc_paused
    from . import theme
    from .site import Planner

    assets, asset_files = theme.plan_assets(site.root)
    with cyclic_gc_paused():  # as plan_site
        planner = Planner(site, assets)
        try:
            site.planned = (assets, asset_files, planner.plan())  # the build takes it instead of planning again
        except Exception:  # noqa: BLE001 — the check reports the content's problems itself
            pass
    copies = {id(f) for f in planner.content_copies}
    paths = [p.url + "index.html" if p.url == "" or p.url.endswith("/") else p.url for p in planner.pages]
    paths += [f.path for f in asset_files + planner.files if id(f) not in copies]
    return paths
