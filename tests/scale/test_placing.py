"""Putting new output in place (generator/render/placing.py): what a build leaves in a site when
it returns is exactly the site, since a deploy may start at once."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_a_copy_cut_short_never_takes_the_targets_name(tmp_path: Path, monkeypatch):
    """Where a hard link is refused (the build cache and the output on different file systems)
    the file is copied. The build cache finds a page by the hash in its object's name, so a copy
    cut short (a full disk, a killed build) must leave nothing under that name: the next build
    would link a truncated page into the site."""
    import errno
    import os
    import shutil

    from generator.render import placing

    source = tmp_path / "page.html"
    source.write_bytes(b"<p>" + "公开".encode() * 5000 + b"</p>")
    target = tmp_path / "objects" / "ab" / "ab12"
    target.parent.mkdir(parents=True)

    def refused(src, dst, **kw):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def cut_short(src, dst, **kw):
        Path(dst).write_bytes(Path(src).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    real_link = os.link
    monkeypatch.setattr(os, "link", lambda src, dst, **kw: refused(src, dst) if str(src) == str(source)
                        else real_link(src, dst, **kw))
    monkeypatch.setattr(shutil, "copyfile", cut_short)
    with pytest.raises(OSError):
        placing.link_or_copy(source, target)
    assert list(target.parent.iterdir()) == []  # neither the name nor a partial file

    monkeypatch.undo()
    monkeypatch.setattr(os, "link", lambda src, dst, **kw: refused(src, dst) if str(src) == str(source)
                        else real_link(src, dst, **kw))
    placing.link_or_copy(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["ab12"]
    with pytest.raises(FileExistsError):  # an object stored already is never written over
        placing.link_or_copy(source, target)


def test_a_file_system_without_hard_links_gets_copies(tmp_path: Path, monkeypatch):
    """FAT, exFAT and some network shares refuse every hard link: files are copied whole."""
    import errno
    import os

    from generator.render import placing

    def refused(src, dst, **kw):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    folder = tmp_path / "site"
    folder.mkdir()
    source = folder / "page.html"
    source.write_bytes("政府信息公开".encode() * 1000)
    target = folder / "copy.html"
    placing.link_or_copy(source, target)
    assert target.read_bytes() == source.read_bytes() and sorted(p.name for p in folder.iterdir()) == ["copy.html", "page.html"]
    with pytest.raises(FileExistsError):
        placing.link_or_copy(source, target)
    placing.link_tree(folder, tmp_path / "tree")
    assert (tmp_path / "tree" / "copy.html").read_bytes() == source.read_bytes()


def test_a_site_built_onto_another_file_system_from_the_cache(tmp_path: Path):
    """The output on another file system than the site (tmpfs here): every page is copied into
    the build cache and back, and a build that takes its pages from the cache gives the site
    a cold build gives."""
    import os
    import shutil
    import tempfile

    from .compare import REPO, build, copy_source, differences

    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system to build onto")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    with tempfile.TemporaryDirectory(dir=shm) as elsewhere:
        first = Path(elsewhere) / "first"
        build(root, first, "2026-11-23", "--no-search")
        entry = root / "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"  # a front matter edit: a full build
        entry.write_text(entry.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
        again = Path(elsewhere) / "again"
        pages, reused = build(root, again, "2026-11-23", "--no-search")
        assert reused > pages // 2  # taken from the cache, copied across
        cold = tmp_path / "cold"
        build(copy_source(root, tmp_path / "cold-source"), cold, "2026-11-23", "--no-search")
        assert differences(again, cold) == []
