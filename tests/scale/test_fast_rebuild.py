"""Rebuilds that do not load the site (generator/output/incremental.py), on a copy of the demo:
each gives the site a full build of the same content gives, and falls back to a full build
whenever more than bodies changed. Built without search here (the search shards' part is
in test_incremental.py), so each build takes a second or two.
"""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from .compare import CACHE, REPO, build, build_kind, copy_source, differences, files_of, gongkai

AS_OF = "2026-11-23"
ENTRY = "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"  # a public entry of the demo
WITHHELD = "content/catalog/zj-jyj/2026/xuewei-shenqing-tiaozheng-2026-draft.md"


@pytest.fixture
def demo(tmp_path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    build(root, tmp_path / "site", AS_OF, "--no-search")
    return root


def rebuild(root: Path, out: Path) -> tuple[str, tuple[int, int]]:
    return build_kind(root, out, AS_OF, "--no-search")


def same_as_cold(root: Path, out: Path, tmp: Path) -> list[str]:
    cold = tmp / "cold"
    tmp.mkdir(exist_ok=True)
    build(copy_source(root, tmp / "cold-source"), cold, AS_OF, "--no-search")
    return differences(out, cold)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def test_nothing_changed_is_nothing_to_do(demo, tmp_path):
    site = tmp_path / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    assert rebuild(demo, site) == ("same", (0, 0))
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before


def test_a_fresh_folder_gets_the_last_site(demo, tmp_path):
    """A CI runner restores .gongkai-cache into a fresh checkout: new file times, no output yet."""
    moved = tmp_path / "checkout"
    shutil.copytree(demo, moved)  # copies get new modification times
    assert rebuild(moved, tmp_path / "fresh") == ("same", (0, 0))
    assert differences(tmp_path / "fresh", tmp_path / "site") == []
    assert rebuild(moved, tmp_path / "fresh") == ("same", (0, 0))  # the times were recorded


def test_a_body_edit_redoes_its_page(demo, tmp_path):
    append(demo / ENTRY, "本段为快速重建测试所加。")
    assert rebuild(demo, tmp_path / "site") == ("bodies", (1, 0))
    page = tmp_path / "site" / "catalog/zj-czj/2024/shiji-yusuan-2024/index.html"
    assert "本段为快速重建测试所加" in page.read_text(encoding="utf-8")
    assert same_as_cold(demo, tmp_path / "site", tmp_path) == []
    # The snapshot a fresh folder is made from follows the edit too.
    assert rebuild(demo, tmp_path / "fresh") == ("same", (0, 0))
    assert differences(tmp_path / "fresh", tmp_path / "site") == []
    # A second edit of the same body starts from the page the first one left.
    append(demo / ENTRY, "第二次修改。")
    assert rebuild(demo, tmp_path / "fresh") == ("bodies", (1, 0))
    assert same_as_cold(demo, tmp_path / "fresh", tmp_path / "again") == []


def test_a_body_edit_into_another_folder(demo, tmp_path):
    append(demo / ENTRY, "另一个输出目录。")
    assert rebuild(demo, tmp_path / "other") == ("bodies", (1, 0))
    assert same_as_cold(demo, tmp_path / "other", tmp_path) == []


def test_personal_data_in_a_body_stops_the_rebuild(demo, tmp_path):
    site = tmp_path / "site"
    before = files_of(site)
    append(demo / ENTRY, "联系人手机 13812345678。")
    done = gongkai("build", "--root", demo, "--as-of", AS_OF, "-o", site, "--no-search")
    assert done.returncode == 1
    line = (demo / ENTRY).read_text(encoding="utf-8").count("\n")
    assert f"{ENTRY}:{line}: 错误 PII002" in done.stdout
    assert "138****5678" in done.stdout and "13812345678" not in done.stdout + done.stderr
    assert files_of(site) == before
    # Mended: the page is updated and the finding is gone.
    (demo / ENTRY).write_text((demo / ENTRY).read_text(encoding="utf-8").replace("13812345678", "见附件"),
                              encoding="utf-8")
    assert rebuild(demo, site) == ("bodies", (1, 0))
    assert same_as_cold(demo, site, tmp_path) == []


def test_front_matter_edits_and_new_files_build_the_whole_site(demo, tmp_path):
    path = demo / ENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    shutil.copy(path, path.with_name("copy-of-an-entry.md"))
    (path.with_name("copy-of-an-entry.md")).unlink()
    assert rebuild(demo, tmp_path / "site")[0] == "same"  # back as it was: nothing to do
    (demo / "content/catalog/zj-czj/2024/files/extra.txt").write_text("附件", encoding="utf-8")
    assert rebuild(demo, tmp_path / "site")[0] == "full"


def packs(root: Path) -> set[str]:
    return {p.name for p in (root / CACHE / "pages/packs").iterdir()}


def cached_pages(root: Path) -> dict:
    """The pages the build cache's manifest holds (render/cache.py), read as a build reads them."""
    from generator.render.cache import PageCache

    with open(root / CACHE / "pages/manifest.pickle", "rb") as manifest:
        key = pickle.load(manifest)["key"]
    return PageCache.open(root / CACHE, key).pages


def referenced_packs(root: Path) -> set[str]:
    return {page.plan[0] for page in cached_pages(root).values() if page.plan}


def test_a_full_build_keeps_only_the_pages_its_manifest_names(demo, tmp_path):
    """A full build writes its manifest as the render's results are read (render/cache.py
    ManifestWriter), holding none of it, then deletes every kept page that no page of the
    manifest names (LiveObjects): a stale one, and a file that is no page's hash at all."""
    objects = demo / CACHE / "pages/objects"
    stale = objects / "ab" / ("ab" + "1" * 62)
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"old")
    (objects / "ab" / "not-a-hash").write_bytes(b"?")
    path = demo / ENTRY  # a front-matter edit: a full build, most pages taken from the cache
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    pages = cached_pages(demo)
    assert {page.sha.hex() for page in pages.values()} == {p.name for p in objects.glob("*/*")}
    assert len(pages) > 200 and all(len(page.fingerprint) == len(page.sha) == 32 for page in pages.values())
    assert not list((demo / CACHE / "pages").glob(".manifest.pickle.*"))  # nor its chunks, once in place
    assert rebuild(demo, tmp_path / "site")[0] == "same"


def test_the_manifest_is_written_and_read_a_chunk_at_a_time(demo, tmp_path, monkeypatch):
    """The manifest is pickled a chunk of pages at a time (render/cache.py ManifestWriter): read
    back, it holds every page; cut short (at a chunk's end too), with more in it than its header
    says, or in the format before (one pickle), it is no cache (a full build), never a cache that
    lacks pages."""
    from generator.render import cache

    pages = cached_pages(demo)
    assert len(pages) > 100
    path = demo / CACHE / "pages/manifest.pickle"
    with open(path, "rb") as manifest:
        key = pickle.load(manifest)["key"]
    monkeypatch.setattr(cache, "MANIFEST_CHUNK", 7)  # the demo's pages in more than a dozen pickles
    cache.PageCache(path.parent, key, dict(pages)).save(set(pages), collect=False)
    assert cache.PageCache.open(demo / CACHE, key).pages == pages
    assert cache.PageCache.open(demo / CACHE, "another key").pages == {}

    whole = path.read_bytes()
    with open(path, "rb") as manifest:  # where each pickle ends: the header's, then each chunk's
        ends = [manifest.tell() for _ in iter(lambda: pickle.load(manifest) if manifest.peek(1) else None, None)]
    assert len(ends) == 1 + -(-len(pages) // 7) and ends[-1] == len(whole)
    old_format = pickle.dumps({"format": 3, "key": key, "pages": {url: [c.fingerprint, c.sha, list(c.linked),
                                                                         c.lookups, c.plan] for url, c in pages.items()}})
    for damaged in (whole[: len(whole) // 2], whole[: ends[2]], whole + whole[-40:], old_format):
        path.write_bytes(damaged)
        assert cache.PageCache.open(demo / CACHE, key).pages == {}

    path.write_bytes(whole)
    retitle(demo / ENTRY, "（第二版）")  # not a body edit: a full build, which reads the manifest
    built, reused = rebuild(demo, tmp_path / "site")[1]
    assert reused > built // 2  # the pages the title does not show came from the chunked manifest's cache
    path.write_bytes(whole[: ends[2]])
    retitle(demo / ENTRY, "（第三版）")
    assert rebuild(demo, tmp_path / "site") == ("full", (built, 0))
    assert same_as_cold(demo, tmp_path / "site", tmp_path) == []


def retitle(path: Path, suffix: str) -> None:
    """Add to the entry's title: a change of front matter, which a full build handles."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title: "))
    lines[at] += suffix
    path.write_text("\n".join(lines), encoding="utf-8")



def test_a_damaged_pack_of_planned_pages_builds_the_whole_site(demo, tmp_path):
    """The planned pages a body edit is redone from are kept in packs (render/cache.py): cut
    short, the edit is built in full, never from a half-read plan."""
    for name in packs(demo):
        pack = demo / CACHE / "pages/packs" / name
        pack.write_bytes(pack.read_bytes()[:10])
    append(demo / ENTRY, "计划包损坏后的修改。")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    assert same_as_cold(demo, tmp_path / "site", tmp_path) == []
    append(demo / ENTRY, "之后的修改又走快速路径。")  # the full build kept whole packs again
    assert rebuild(demo, tmp_path / "site") == ("bodies", (1, 0))


def test_a_full_build_keeps_only_the_packs_its_pages_refer_to(demo, tmp_path):
    first = packs(demo)
    assert first and first == referenced_packs(demo)
    # Not where builds before the packs kept their planned pages: such a build, restored from
    # this cache (a pull request's CI restores main's), would find files where it expects folders.
    assert not (demo / CACHE / "pages/plans").exists()
    append(demo / ENTRY, "正文修改。")
    assert rebuild(demo, tmp_path / "site") == ("bodies", (1, 0))
    with_edit = packs(demo)
    assert len(with_edit - first) == 1  # the edited page's planned page, in a pack of its own
    old_layout = demo / CACHE / "pages/plans/ab"  # a planned page a file, as builds before the packs kept them
    old_layout.mkdir(parents=True)
    (old_layout / ("ab" + "0" * 62)).write_bytes(b"old")
    path = demo / ENTRY  # a front-matter edit: the page is planned and rendered again, in a full build
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    assert packs(demo) == referenced_packs(demo)
    assert first <= packs(demo)  # the pages taken unchanged from the cache still refer to theirs
    assert not (with_edit - first) & packs(demo)  # the edit's pack, referred to by no page now, is gone
    assert not old_layout.exists()


def test_a_withheld_file_changes_no_page(demo, tmp_path):
    site = tmp_path / "site"
    before = files_of(site)
    append(demo / WITHHELD, "草稿的新段落不会出现在站点上。")
    assert rebuild(demo, site) == ("bodies", (0, 0))
    assert files_of(site) == before


def test_a_body_that_links_another_file_builds_the_whole_site(demo, tmp_path):
    """The full build copies the files bodies link to: a new link is more than a body edit."""
    attachment = next((demo / "content/catalog/zj-czj/2024/files").iterdir()).name
    append(demo / ENTRY, f"详见[附件](files/{attachment})。")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    assert same_as_cold(demo, tmp_path / "site", tmp_path) == []


def test_another_day_builds_the_whole_site(demo, tmp_path):
    """Scheduled entries and deadline checks depend on the day."""
    done = build_kind(demo, tmp_path / "site", "2026-11-24", "--no-search")
    assert done[0] == "full"


@pytest.mark.skipif(os.name != "posix", reason="hard links")
def test_the_output_shares_its_bytes_with_the_snapshot(demo, tmp_path):
    page = tmp_path / "site" / "index.html"
    snap = demo / CACHE / "site" / "index.html"
    assert os.path.samefile(page, snap)


def test_check_after_a_build_reports_what_a_whole_check_does(demo, tmp_path):
    """`gongkai check` takes the last build's findings when only bodies changed, and rescans those."""
    append(demo / ENTRY, "联系人手机 13812345678，邮箱 zhangsan@qq.com。")
    (demo / "content/catalog/zj-czj/2024/shiji-yusuan-2024.md").touch()
    fast = gongkai("check", "--root", demo, "--as-of", AS_OF, "--format", "json")
    whole = gongkai("check", "--root", copy_source(demo, tmp_path / "copy"), "--as-of", AS_OF, "--format", "json")
    assert (fast.returncode, fast.stdout) == (whole.returncode, whole.stdout) == (1, whole.stdout)
    assert "PII002" in fast.stdout and "PII003" in fast.stdout
    assert not (tmp_path / "copy" / CACHE / "state.pickle").exists()  # the whole check had no build to use


def test_a_file_edited_after_a_cold_builds_scan_counts_as_changed(tmp_path):
    """A cold build lists content/ before it loads and hashes the files while its index runs
    (load/inputs.py scan_content(defer=True)): a file edited in between, or replaced by a FIFO,
    is recorded with a hash no file has, so the next build takes it as changed."""
    from generator.load import inputs

    content = tmp_path / "content" / "pages"
    content.mkdir(parents=True)
    for name in ("a.md", "b.md", "c.md"):
        (content / name).write_text(f"---\ntitle: {name}\n---\n\n正文。\n", encoding="utf-8")
    listed = inputs.scan_content(tmp_path, defer=True)
    assert listed.files == {} and listed.added == []  # held pickled until the build's end (Scan.listed)
    assert {rel: found.sha for rel, found in listed.table().items()} == dict.fromkeys(
        ("content/pages/a.md", "content/pages/b.md", "content/pages/c.md"), inputs.PENDING)
    append(content / "b.md", "构建期间加的一段。")
    if hasattr(os, "mkfifo"):
        (content / "c.md").unlink()
        os.mkfifo(content / "c.md")
    listed.hash_pending()  # does not wait on the FIFO
    hashed = listed.table()
    assert hashed["content/pages/a.md"] == inputs.scan_content(tmp_path).files["content/pages/a.md"]
    later = inputs.scan_content(tmp_path, hashed)
    assert "content/pages/a.md" not in later.changed
    assert "content/pages/b.md" in later.changed
    assert later.files["content/pages/c.md"] != hashed["content/pages/c.md"]


def test_the_state_is_read_back_whole_from_its_parts(demo, monkeypatch):
    """The build state's large tables are saved in parts (generator/output/incremental.py
    save_state): read back, the state is the one saved; a state file of the earlier layout, one
    pickle, is not taken for one (the next build is then a full build)."""
    import pickle

    from generator.load import inputs
    from generator.output import incremental

    state = incremental.load_state(demo)
    assert state is not None and len(state.inputs) > 100 and state.body_pages
    # The cold build saved its scan's pickled parts as they were: the table a full scan gives
    assert state.inputs == inputs.scan_content(demo).files
    from generator.model import pickled_rows

    monkeypatch.setattr(pickled_rows, "PART", 7)  # many parts
    incremental.save_state(demo, state)
    again = incremental.load_state(demo)
    assert (again.inputs, again.body_pages, again.key, again.findings) == \
           (state.inputs, state.body_pages, state.key, state.findings)
    assert not list(incremental.state_path(demo).parent.glob(".state.pickle.*"))  # no temporary file left
    incremental.state_path(demo).write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    assert incremental.load_state(demo) is None


def test_a_body_shown_by_several_pages_is_read_back_with_all_of_them(demo, monkeypatch):
    """A full build holds which pages show each body a row a page (output/build.py Kept.bodies,
    pickled a part at a time), so the rows of one body may lie apart, in two parts: read back
    from the state, the body has every page, in the order the build met them."""
    from generator.model import pickled_rows
    from generator.output import incremental

    monkeypatch.setattr(pickled_rows, "PART", 2)
    state = incremental.load_state(demo)
    rows = pickled_rows.PickledRows()
    for rel, page in (("content/a.md", ("a/", (), None)), ("content/b.md", ("b/", (), None)),
                      ("content/a.md", ("a/print/", ("content/f.pdf",), ("x.pack", 0, 9))),
                      ("content/a.md", ("a/feed/", (), None))):
        rows.add(rel, [page])
    incremental.save_state(demo, replace(state, body_pages=rows))
    assert incremental.load_state(demo).body_pages == {
        "content/a.md": [("a/", (), None), ("a/print/", ("content/f.pdf",), ("x.pack", 0, 9)), ("a/feed/", (), None)],
        "content/b.md": [("b/", (), None)]}


def test_a_body_edit_under_a_page_the_cache_could_not_keep_builds_the_whole_site(tmp_path, monkeypatch):
    """A page whose context the build cache cannot fingerprint (something in it it cannot
    encode) is rendered but not kept: an edit of the body it shows must not leave it as it was."""
    from generator.cli import main
    from generator.render import cache

    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    real = cache.page_fingerprint
    monkeypatch.setattr(cache, "page_fingerprint", lambda page, root=None: None if page.deps == (ENTRY,)
                        else real(page, root))
    assert main(["build", "--root", str(root), "--as-of", AS_OF, "-o", str(tmp_path / "site"), "--no-search"]) == 0
    monkeypatch.undo()
    append(root / ENTRY, "缓存没有保存这一页。")
    assert rebuild(root, tmp_path / "site")[0] == "full"
    assert "缓存没有保存这一页" in (tmp_path / "site/catalog/zj-czj/2024/shiji-yusuan-2024/index.html").read_text(encoding="utf-8")
    assert same_as_cold(root, tmp_path / "site", tmp_path / "cold") == []


# --- what the fast paths must not trust -----------------------------------------------------------

PHONE = "13812345678"


def test_an_output_folder_emptied_or_made_anew_gets_the_whole_site(demo, tmp_path):
    """A file system gives a new folder the inode of the one just deleted: the site must still
    be put back, not declared unchanged."""
    site = tmp_path / "site"
    whole = files_of(site)
    for emptied in range(4):
        if emptied % 2:
            for child in site.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        else:
            shutil.rmtree(site)
            site.mkdir()
        assert rebuild(demo, site) == ("same", (0, 0))
        assert files_of(site) == whole


def test_a_fast_build_killed_after_placing_its_pages_leaves_no_state(demo, tmp_path, monkeypatch):
    """Killed between putting the new pages in place and saving what it did, a rebuild must not
    leave the old state: the edit reverted would then be "nothing changed", the text published."""
    from generator.cli import main
    from generator.output import incremental

    original = (demo / ENTRY).read_text(encoding="utf-8")
    append(demo / ENTRY, "这一段随后撤回。")
    monkeypatch.setattr(incremental.FastBuild, "finish", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    assert main(["build", "--root", str(demo), "--as-of", AS_OF, "-o", str(tmp_path / "site"), "--no-search"]) == 130
    monkeypatch.undo()
    (demo / ENTRY).write_text(original, encoding="utf-8")
    assert rebuild(demo, tmp_path / "site")[0] == "full"
    assert same_as_cold(demo, tmp_path / "site", tmp_path / "cold") == []


def test_a_body_saved_again_while_a_fast_build_runs_is_not_published_unscanned(demo, tmp_path, monkeypatch):
    """The page is rendered from the text that was scanned, not read from the file again."""
    from generator.cli import main
    from generator.output import incremental

    append(demo / ENTRY, "第一次保存。")
    real = incremental.FastBuild.render

    def saved_again(self, stage):
        append(demo / ENTRY, f"联系电话 {PHONE}。")
        return real(self, stage)

    monkeypatch.setattr(incremental.FastBuild, "render", saved_again)
    assert main(["build", "--root", str(demo), "--as-of", AS_OF, "-o", str(tmp_path / "site"), "--no-search"]) == 0
    monkeypatch.undo()
    page = tmp_path / "site/catalog/zj-czj/2024/shiji-yusuan-2024/index.html"
    assert "第一次保存" in page.read_text(encoding="utf-8") and PHONE not in page.read_text(encoding="utf-8")
    again = gongkai("build", "--root", demo, "--as-of", AS_OF, "-o", tmp_path / "site", "--no-search")
    assert again.returncode == 1 and "PII002" in again.stdout  # the second save is scanned now
    assert PHONE not in page.read_text(encoding="utf-8")


def test_a_missing_snapshot_means_a_full_build(demo, tmp_path):
    shutil.rmtree(demo / CACHE / "site")
    assert rebuild(demo, tmp_path / "fresh")[0] == "full"
    assert differences(tmp_path / "fresh", tmp_path / "site") == []


def test_a_body_grown_past_the_size_limit_is_refused_as_a_full_build_refuses_it(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(config.rstrip("\n") + "\nmax_file_mb: 1\n", encoding="utf-8")
    build(root, tmp_path / "site", AS_OF, "--no-search")
    append(root / ENTRY, "正文。" * 200_000)  # about 1.8 MB
    done = gongkai("build", "--root", root, "--as-of", AS_OF, "-o", tmp_path / "site", "--no-search")
    assert done.returncode == 1 and "PUB004" in done.stdout


def test_a_dot_file_is_ignored_as_the_loader_ignores_it(demo, tmp_path):
    notes = demo / "content/pages/.notes.md"
    notes.write_text("---\ntitle: 笔记\n---\n\n草稿。\n", encoding="utf-8")
    rebuild(demo, tmp_path / "site")
    append(notes, f"电话 {PHONE}")
    assert rebuild(demo, tmp_path / "site") == ("same", (0, 0))


def test_a_body_saved_again_during_a_full_build_stops_it(demo, tmp_path, monkeypatch, capsys):
    """A page reads its body again when it renders: bytes other than those the check read (a file
    saved meanwhile, with personal data, say) stop the build, and the previous site stays."""
    from generator.cli import main
    from generator.output import build

    site = tmp_path / "site"
    before = files_of(site)
    path = demo / ENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
    real = build.render_with_cache

    def saved_meanwhile(*args, **kwargs):
        append(path, f"联系电话 {PHONE}。")
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "render_with_cache", saved_meanwhile)
    assert main(["build", "--root", str(demo), "--as-of", AS_OF, "-o", str(site), "--no-search"]) == 1
    said = capsys.readouterr().err
    assert ENTRY in said and "被修改" in said and "Changed" not in said  # worded, not a Python class name
    assert files_of(site) == before
    monkeypatch.undo()
    again = gongkai("build", "--root", demo, "--as-of", AS_OF, "-o", site, "--no-search")
    assert again.returncode == 1 and "PII002" in again.stdout and files_of(site) == before


def test_an_annual_report_saved_again_during_a_build_stops_it(demo, tmp_path, monkeypatch, capsys):
    """An annual report's narrative is read again after the check, to be cut around its tables:
    it too must be the bytes that were checked."""
    from generator.cli import main
    from generator.load import reports

    site = tmp_path / "site"
    before = files_of(site)
    path = demo / ENTRY  # a front matter edit: a full build, which loads the reports
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: （修订）", 1), encoding="utf-8")
    real = reports.read_report

    def saved_meanwhile(doc, *args):
        if not getattr(saved_meanwhile, "done", False):
            saved_meanwhile.done = doc.rel
            append(demo / doc.rel, f"联系电话 {PHONE}。")
        return real(doc, *args)

    monkeypatch.setattr(reports, "read_report", saved_meanwhile)
    assert main(["build", "--root", str(demo), "--as-of", AS_OF, "-o", str(site), "--no-search"]) == 1
    assert saved_meanwhile.done in capsys.readouterr().err
    assert files_of(site) == before


def test_a_file_saved_again_after_the_scan_is_not_taken_for_a_body_edit(demo, tmp_path, monkeypatch):
    """The scan says "only a body changed" from the bytes it read; bytes read afterwards that
    differ (a draft flag added meanwhile) are not that edit: the whole site is built."""
    from generator.cli import main
    from generator.load import inputs

    append(demo / ENTRY, "正文修改。")
    real = inputs.scan_content

    def then_saved(root, *args, **kwargs):
        scan = real(root, *args, **kwargs)
        path = demo / ENTRY
        if "draft: true" not in path.read_text(encoding="utf-8"):  # once: the full build scans again
            path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
        return scan

    monkeypatch.setattr(inputs, "scan_content", then_saved)
    assert main(["build", "--root", str(demo), "--as-of", AS_OF, "-o", str(tmp_path / "site"), "--no-search"]) == 0
    monkeypatch.undo()
    assert not (tmp_path / "site/catalog/zj-czj/2024/shiji-yusuan-2024/index.html").exists()  # a draft now
    assert same_as_cold(demo, tmp_path / "site", tmp_path / "cold") == []
