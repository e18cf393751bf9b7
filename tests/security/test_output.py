"""`-o` never destroys what a build did not make, and a killed build's folders do not pile up."""

from __future__ import annotations

import pytest

from .demo import build


def test_folder_holding_other_files_is_refused_untouched(demo, tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "guide.md").write_text("编辑指南", encoding="utf-8")
    (docs / "sub" / "notes.txt").write_text("notes", encoding="utf-8")
    run = build(demo, docs)
    assert run.code == 2
    assert "输出目录" in run.err and ".gongkai-site" in run.err
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["guide.md", "sub", "sub/notes.txt"]
    assert (docs / "guide.md").read_text(encoding="utf-8") == "编辑指南"


def test_empty_new_and_own_folders_are_built(demo, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(demo, empty).code == 0
    assert (empty / ".gongkai-site").is_file() and (empty / "index.html").is_file()
    (empty / "stale.txt").write_text("left from an older site", encoding="utf-8")
    page = demo / "content/pages/about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("order: 30", "order: 31", 1), encoding="utf-8")
    assert build(demo, empty).code == 0  # front matter changed: a full build replaces the marked folder whole
    assert not (empty / "stale.txt").exists()
    assert build(demo, tmp_path / "new" / "site").code == 0


def test_leftover_building_folders_are_cleaned(demo, tmp_path):
    out = tmp_path / "site"
    dead = 2 ** 22 + 12345  # above the default pid_max: no process has this id
    leftovers = [tmp_path / f".site.building-{dead}", tmp_path / f".site.stage-{dead + 1}",
                 tmp_path / f".site.building-{dead}.render-k2x_9q"]  # the render workers' results
    for folder in leftovers:
        (folder / "catalog").mkdir(parents=True)
    other = tmp_path / ".other.building-1"
    other.mkdir()
    assert build(demo, out).code == 0
    assert not any(folder.exists() for folder in leftovers)
    assert other.exists()  # another output's folder is not ours to clean


@pytest.mark.parametrize("target", ["new", "marked"])
def test_output_through_a_symlink_in_the_repository_is_refused(demo, tmp_path, target):
    """A `site` symlink committed into the repository would send `gongkai build` (site/ by
    default) anywhere: a new folder outside the checkout, or another site's folder, replaced."""
    elsewhere = tmp_path / "elsewhere"
    if target == "marked":
        elsewhere.mkdir()
        (elsewhere / ".gongkai-site").write_text("another site", encoding="utf-8")
        (elsewhere / "index.html").write_text("another site's page", encoding="utf-8")
    (demo / "site").symlink_to(elsewhere)
    run = build(demo, demo / "site")
    assert run.code == 2 and "符号链接" in run.err, run.out + run.err
    if target == "new":
        assert not elsewhere.exists()
    else:
        assert (elsewhere / "index.html").read_text(encoding="utf-8") == "another site's page"
    assert (demo / "site").is_symlink()


def test_output_through_the_operators_own_symlink_is_built(demo, tmp_path):
    """A link outside the site root is the operator's: followed, the folder it names is built."""
    (tmp_path / "www").mkdir()
    (tmp_path / "public").symlink_to(tmp_path / "www")
    assert build(demo, tmp_path / "public").code == 0
    assert (tmp_path / "www" / "index.html").is_file()
