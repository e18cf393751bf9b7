"""Putting new output in place (generator/render/placing.py): what a build leaves in a site when
it returns is exactly the site, since a deploy may start at once."""

from __future__ import annotations

from pathlib import Path

from generator.render.placing import replace_folder


def test_a_folder_replaced_inside_a_site_leaves_no_old_copy_behind(tmp_path: Path):
    """An incremental build swaps a site's lookup index and search shards one folder at a time
    (output/incremental.py): the old folder must be gone when the swap returns, not deleted later
    by another process, or an upload right after the build publishes it beside the new one."""
    site = tmp_path / "site"
    (site / "lookup" / "r").mkdir(parents=True)
    (site / "lookup" / "meta.json").write_text("old", encoding="utf-8")
    (site / "lookup" / "r" / "0.json").write_text("old", encoding="utf-8")
    (site / "index.html").write_text("home", encoding="utf-8")
    fresh = tmp_path / "fresh-lookup"
    fresh.mkdir()
    (fresh / "meta.json").write_text("new", encoding="utf-8")

    replace_folder(fresh, site / "lookup")

    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html", "lookup", "lookup/meta.json"]
    assert (site / "lookup" / "meta.json").read_text(encoding="utf-8") == "new"
    assert (fresh / "meta.json").is_file()  # linked from, not moved
