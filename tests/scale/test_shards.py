"""The demo built in two shards and assembled is the demo built at once.

Every file outside pagefind/ must be the same bytes. The search index cannot be: a single
build of the demo has one Pagefind index, the assembled site has one per shard (plus the
portal's own) merged in the browser, so the index files split the same words differently.
What a search finds is decided by the pages indexed and their words, filters and sort keys,
all of which Pagefind keeps in its fragment files (one per page, with the page's segmented
text): those must be the same set, and every filter value must count the same pages. That
the browser merges shards into the same results as one index is tested in tests/browser.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .compare import (
    REPO,
    build,
    build_kind,
    bundles,
    copy_source,
    differences,
    files_of,
    filter_counts,
    fragments,
    gongkai,
)

AS_OF = "2026-11-23"


def demo_agencies() -> list[str]:
    text = (REPO / "content" / "agencies.yml").read_text(encoding="utf-8")
    return re.findall(r"^  - id: (\S+)$", text, re.M)


def demo_copy(target: Path) -> Path:
    target.mkdir()
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "site_config.yml", target / "site_config.yml")
    return target


def test_two_shards_assemble_into_the_single_build(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agencies = demo_agencies()
    half = len(agencies) // 2
    assert half >= 1
    build(root, tmp_path / "shard-b", AS_OF, "--shard", *agencies[half:])
    build(root, tmp_path / "shard-a", AS_OF, "--shard", *agencies[:half])
    assembled = tmp_path / "assembled"
    done = gongkai("assemble", tmp_path / "shard-b", tmp_path / "shard-a", "--root", root, "-o", assembled)
    assert done.returncode == 0, done.stderr

    single_root = demo_copy(tmp_path / "single-src")  # its own (empty) cache: a cold build
    build(single_root, tmp_path / "single", AS_OF)

    assert differences(tmp_path / "single", assembled, skip=("pagefind/",)) == []
    assert fragments(assembled) == fragments(tmp_path / "single")
    assert filter_counts(assembled) == filter_counts(tmp_path / "single")
    first = bundles(assembled)[0]
    assert (first / "pagefind.js").is_file()  # the search script imports Pagefind from the first bundle
    assert all(list(b.glob("*.pf_meta")) for b in bundles(assembled))

    # Moved in (--move, the workflow's way with its artifacts) rather than linked: the same site,
    # the search bundles too, byte for byte; the shard folders give up their pages.
    moved = tmp_path / "moved"
    for name in ("shard-a", "shard-b"):
        shutil.copytree(tmp_path / name, tmp_path / f"{name}-once")
    done = gongkai("assemble", "--move", tmp_path / "shard-b-once", tmp_path / "shard-a-once", "--root", root, "-o", moved)
    assert done.returncode == 0, done.stderr
    assert files_of(moved) == files_of(assembled)
    assert not [p for p in (tmp_path / "shard-a-once" / "catalog").rglob("*") if p.is_file()]
    again = gongkai("assemble", "--move", tmp_path / "shard-b-once", tmp_path / "shard-a-once", "--root", root,
                    "-o", tmp_path / "again")
    assert again.returncode == 1 and "用过" in again.stderr and not (tmp_path / "again").exists()


def test_a_shard_holds_only_its_agencies(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agency = demo_agencies()[0]
    out = tmp_path / "shard"
    build(root, out, AS_OF, "--shard", agency)
    manifest = json.loads((out / "gongkai-shard.json").read_text(encoding="utf-8"))
    assert manifest["agencies"] == [agency]
    assert manifest["entries"] and {row["record"]["agency"] for row in manifest["entries"]} == {agency}
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")}
    assert not (out / "index.html").exists() and not (out / "assets").exists()  # the portal's
    assert all(p.startswith(("catalog/", "interpretations/", "reports/")) for p in pages)
    other = [p for p in pages if p.startswith("catalog/") and agency not in p]
    assert other == []


def test_assemble_refuses_overlapping_shards(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agency = demo_agencies()[0]
    build(root, tmp_path / "one", AS_OF, "--shard", agency)
    build(root, tmp_path / "two", AS_OF, "--shard", agency, "--no-search")
    done = gongkai("assemble", tmp_path / "one", tmp_path / "two", "--root", root, "-o", tmp_path / "out")
    assert done.returncode == 1 and agency in done.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_shard_agency_is_a_usage_error(tmp_path):
    root = demo_copy(tmp_path / "demo")
    done = gongkai("build", "--root", root, "--as-of", AS_OF, "-o", tmp_path / "out", "--shard", "no-such-agency")
    assert done.returncode == 2 and "no-such-agency" in done.stderr


def test_shard_pages_are_linked_in_and_a_clash_is_refused(tmp_path):
    from generator.output.shards import copy_shard_pages, shard_lookup_rows

    shard = tmp_path / "shard"
    for rel, data in {"catalog/a/1/index.html": b"page", "content/f.pdf": b"same", "gongkai-shard.json": b"{}",
                      "gongkai-shard-lookup.json": b"{}", "pagefind/x.pf_meta": b"", "lookup/meta.json": b"{}"}.items():
        (shard / rel).parent.mkdir(parents=True, exist_ok=True)
        (shard / rel).write_bytes(data)
    work = tmp_path / "work"
    (work / "content").mkdir(parents=True)
    (work / "content" / "f.pdf").write_bytes(b"same")  # the portal links the same file
    copy_shard_pages(shard, work)
    placed = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    assert placed == {"catalog/a/1/index.html", "content/f.pdf"}
    assert (work / "catalog/a/1/index.html").samefile(shard / "catalog/a/1/index.html")  # linked, not copied

    other = tmp_path / "other"
    (other / "content").mkdir(parents=True)
    (other / "content" / "f.pdf").write_bytes(b"different")
    with pytest.raises(ValueError, match="content/f.pdf"):
        copy_shard_pages(shard, other)
    assert (other / "content" / "f.pdf").read_bytes() == b"different"
    with pytest.raises(ValueError, match="gongkai-shard-lookup.json"):
        shard_lookup_rows(shard)  # not the rows a shard's indexer kept


def test_shard_pages_are_moved_in_whole_folders_and_a_clash_is_refused(tmp_path, monkeypatch):
    import errno
    import os

    from generator.output.shards import ShardError, copy_shard_pages

    def shard_at(folder: Path) -> Path:
        for rel, data in {"catalog/a/1/index.html": b"page", "catalog/a/2/index.html": b"two",
                          "content/f.pdf": b"same", "content/g.pdf": b"own", "gongkai-shard.json": b"{}",
                          "pagefind/x.pf_meta": b"", "lookup/meta.json": b"{}"}.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        return folder

    shard, work = shard_at(tmp_path / "shard"), tmp_path / "work"
    (work / "content").mkdir(parents=True)
    (work / "content" / "f.pdf").write_bytes(b"same")  # the portal links the same file
    (work / "catalog").mkdir()  # the portal's listings are in catalog/ too
    folder_a = (shard / "catalog" / "a").stat().st_ino
    (shard / "catalog" / "a").chmod(0o777)  # an artifact's mode is not the published folder's
    (shard / "catalog" / "a" / "2").chmod(0o700)
    copy_shard_pages(shard, work, move=True)
    placed = {p.relative_to(work).as_posix(): p.read_bytes() for p in work.rglob("*") if p.is_file()}
    assert placed == {"catalog/a/1/index.html": b"page", "catalog/a/2/index.html": b"two",
                      "content/f.pdf": b"same", "content/g.pdf": b"own"}
    assert (work / "catalog" / "a").stat().st_ino == folder_a  # the agency's folder renamed whole
    made = (work / "content").stat().st_mode & 0o777  # as a folder made here
    assert {(work / "catalog" / "a" / name).stat().st_mode & 0o777 for name in ("", "1", "2")} == {made}
    assert not (shard / "catalog" / "a").exists() and (shard / "gongkai-shard.json").is_file()

    clash = shard_at(tmp_path / "clash")
    other = tmp_path / "other"
    (other / "content").mkdir(parents=True)
    (other / "content" / "f.pdf").write_bytes(b"different")
    with pytest.raises(ValueError, match="content/f.pdf"):
        copy_shard_pages(clash, other, move=True)
    assert (other / "content" / "f.pdf").read_bytes() == b"different"

    # A folder is looked through before it moves: a link anywhere in it stops the assemble first.
    linked = shard_at(tmp_path / "linked")
    secret = tmp_path / "secret.txt"
    secret.write_text("不应发布", encoding="utf-8")
    (linked / "catalog" / "a" / "2" / "leak.txt").symlink_to(secret)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ShardError) as refused_link:
        copy_shard_pages(linked, empty, move=True)
    assert "catalog/a/2/leak.txt" in str(refused_link.value)
    assert not (empty / "catalog" / "a").exists() and (linked / "catalog" / "a" / "1" / "index.html").is_file()

    # Where nothing can be renamed (another file system, a bind mount of the same one): linked or copied.
    def cross_device(*_):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    far, near = shard_at(tmp_path / "far"), tmp_path / "near"
    near.mkdir()
    monkeypatch.setattr(os, "rename", cross_device)
    copy_shard_pages(far, near, move=True)
    assert {p.relative_to(near).as_posix() for p in near.rglob("*") if p.is_file()} == set(placed)


# --- what assemble refuses: a shard's output is an artifact, read as untrusted ----------------

@pytest.fixture(scope="module")
def two_shards(tmp_path_factory):
    """The demo in two shards, built once for the refusals below (each test copies what it spoils)."""
    tmp = tmp_path_factory.mktemp("shards")
    root = demo_copy(tmp / "demo")
    agencies = demo_agencies()
    half = len(agencies) // 2
    build(root, tmp / "a", AS_OF, "--shard", *agencies[:half])
    build(root, tmp / "b", AS_OF, "--shard", *agencies[half:])
    return root, tmp / "a", tmp / "b", agencies[half:]


def refused(root: Path, out: Path, *shards, extra=()) -> str:
    """Run assemble, which must fail with a message and leave no output."""
    done = gongkai("assemble", *shards, "--root", root, "-o", out, *extra)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert not out.exists()
    return done.stderr


def spoiled(shard: Path, target: Path) -> Path:
    shutil.copytree(shard, target, symlinks=True)
    return target


def test_the_portal_built_beside_the_shards_joins_them_into_the_single_build(two_shards, tmp_path):
    """`gongkai build --portal` on a runner of its own: the assemble then renders nothing, it
    puts the outputs together (moved, as the workflow does) and writes the search listing and
    the lookup index over them."""
    root, a, b, _ = two_shards
    portal = tmp_path / "portal"
    build(root, portal, AS_OF, "--portal")
    manifest = json.loads((portal / "gongkai-shard.json").read_text(encoding="utf-8"))
    assert manifest["portal"] is True and manifest["agencies"] == []
    assert (portal / "index.html").is_file()
    assert not any((portal / "catalog" / agency).exists() for agency in demo_agencies())  # the shards' pages
    single = tmp_path / "single"
    build(demo_copy(tmp_path / "single-src"), single, AS_OF)

    joined = tmp_path / "joined"
    done = gongkai("assemble", "--move", spoiled(b, tmp_path / "b"), spoiled(portal, tmp_path / "portal-once"),
                   spoiled(a, tmp_path / "a"), "--root", root, "-o", joined)
    assert done.returncode == 0, done.stderr
    assert "已合并门户和 2 个分片" in done.stderr
    assert differences(single, joined, skip=("pagefind/",)) == []
    assert fragments(joined) == fragments(single)
    assert filter_counts(joined) == filter_counts(single)
    assert (bundles(joined)[0] / "pagefind.js").is_file()
    listing = json.loads((joined / "pagefind" / "gongkai-search.json").read_text(encoding="utf-8"))
    assert listing["pages"] == json.loads((single / "pagefind" / "gongkai-search.json").read_text(encoding="utf-8"))["pages"]

    # Linked rather than moved: the same site, and the portal's own files are not written through.
    linked = tmp_path / "linked"
    before = files_of(portal)
    done = gongkai("assemble", a, b, portal, "--root", root, "-o", linked)
    assert done.returncode == 0, done.stderr
    assert files_of(linked) == files_of(joined)
    assert files_of(portal) == before

    said = refused(root, tmp_path / "out", a, b, portal, spoiled(portal, tmp_path / "portal-twice"))
    assert "两个门户" in said


@pytest.mark.parametrize("part", [("--portal",), ("--shard", "zj-fgj")])
def test_a_part_built_from_the_checkout_makes_its_next_whole_build_a_full_one(tmp_path, part):
    """A shard or the portal leaves its own search index in the build cache: the next whole
    build must not take the body-only path from the last whole build's state over it (it did,
    and published a search index of the part's pages only)."""
    root = demo_copy(tmp_path / "demo")
    build(root, tmp_path / "site", AS_OF)
    build(root, tmp_path / "part", AS_OF, *part)
    about = root / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    catalog = next((root / "content" / "catalog" / "zj-fgj").rglob("*.md"))
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    kind, _ = build_kind(root, tmp_path / "site", AS_OF)
    assert kind == "full"
    fresh = tmp_path / "fresh"
    build(copy_source(root, tmp_path / "fresh-src"), fresh, AS_OF)
    assert differences(fresh, tmp_path / "site") == []


def test_assemble_refuses_mixed_search_damaged_rows_and_an_output_inside_an_input(two_shards, tmp_path):
    root, a, b, _ = two_shards
    unsearched = tmp_path / "portal-unsearched"
    build(root, unsearched, AS_OF, "--portal", "--no-search")
    assert "没有检索索引" in refused(root, tmp_path / "out", a, b, unsearched)
    bad = spoiled(a, tmp_path / "a-rows")
    for damaged in ('{"format": 1}', "[]"):
        (bad / "gongkai-shard-lookup.json").write_text(damaged, encoding="utf-8")
        said = refused(root, tmp_path / "out", bad, b)
        assert "gongkai-shard-lookup.json" in said
    assert "相互包含" in refused(root, a / "site", a, b)


def test_assemble_refuses_a_missing_shard(two_shards, tmp_path):
    root, a, _, b_agencies = two_shards
    said = refused(root, tmp_path / "out", a)
    assert "缺少这些机构的分片" in said and all(agency in said for agency in b_agencies)


def test_assemble_refuses_another_date_than_the_shards(two_shards, tmp_path):
    root, a, b, _ = two_shards
    said = refused(root, tmp_path / "out", a, b, extra=("--as-of", "2026-10-01"))
    assert AS_OF in said and "2026-10-01" in said


def test_assemble_refuses_a_symbolic_link_in_a_shard(two_shards, tmp_path):
    root, a, b, _ = two_shards
    secret = tmp_path / "secret.txt"
    secret.write_text("不应发布", encoding="utf-8")
    bad = spoiled(a, tmp_path / "a")
    (bad / "catalog" / "leak.txt").symlink_to(secret)
    assert "catalog/leak.txt" in refused(root, tmp_path / "out", bad, b)

    # Moving (--move) looks through a folder before it moves: a link deep in an agency's folder too.
    deep = spoiled(a, tmp_path / "a-deep")
    agency_folder = min(p for p in (deep / "catalog").iterdir() if p.is_dir() and not p.name.startswith("by-"))
    (agency_folder / "leak.txt").symlink_to(secret)
    said = refused(root, tmp_path / "out", deep, spoiled(b, tmp_path / "b-once"), extra=("--move",))
    assert f"catalog/{agency_folder.name}/leak.txt" in said
    # Files may have moved before the refusal: the shards are marked used, and not assembled again.
    assert "已标记为用过" in said
    (agency_folder / "leak.txt").unlink()
    again = refused(root, tmp_path / "out", deep, tmp_path / "b-once", extra=("--move",))
    assert "已被一次 gongkai assemble --move 用过" in again and str(deep) in again


def test_assemble_refuses_a_search_listing_that_points_elsewhere(two_shards, tmp_path):
    root, a, b, _ = two_shards
    for number, change in enumerate(({"path": "../../demo/content/"}, {"name": "x/../../../escaped", "path": ""})):
        bad = spoiled(a, tmp_path / f"a{number}")
        listing = bad / "pagefind" / "gongkai-search.json"
        data = json.loads(listing.read_text(encoding="utf-8"))
        data["shards"].append(dict(data["shards"][0], **change))
        listing.write_text(json.dumps(data), encoding="utf-8")
        assert "不是 gongkai 写的" in refused(root, tmp_path / f"out{number}", bad, b)
    assert not (tmp_path.parent / "escaped").exists()
    # the listing as written, its folder a link out of the shard
    outside = tmp_path / "outside" / "all2"
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text("不应发布", encoding="utf-8")
    bad = spoiled(a, tmp_path / "linked")
    listing = bad / "pagefind" / "gongkai-search.json"
    data = json.loads(listing.read_text(encoding="utf-8"))
    data["shards"].append(dict(data["shards"][0], name="all2", path="s/all2/"))
    listing.write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(bad / "pagefind" / "s", ignore_errors=True)
    (bad / "pagefind" / "s").symlink_to(outside.parent)
    assert "不是目录" in refused(root, tmp_path / "out-linked", bad, b)
    # a listing without its list of bundles, or naming the whole folder twice
    for number, data in enumerate(({}, {"shards": [{"name": "all", "path": ""}, {"name": "all2", "path": ""}]})):
        bad = spoiled(a, tmp_path / f"listed{number}")
        (bad / "pagefind" / "gongkai-search.json").write_text(json.dumps(data), encoding="utf-8")
        assert "不是 gongkai 写的" in refused(root, tmp_path / f"out-listed{number}", bad, spoiled(b, tmp_path / f"b{number}"),
                                            extra=("--move",))


def test_assemble_names_the_file_of_a_damaged_manifest(two_shards, tmp_path):
    root, a, b, _ = two_shards
    bad = spoiled(a, tmp_path / "a")
    manifest = bad / "gongkai-shard.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    agencies = data.pop("agencies")
    manifest.write_text(json.dumps(data), encoding="utf-8")
    said = refused(root, tmp_path / "out", bad, b)
    assert "gongkai-shard.json" in said and "agencies" in said
    manifest.write_text(json.dumps(dict(data, agencies=[agencies])), encoding="utf-8")
    assert "agencies" in refused(root, tmp_path / "out", bad, b)
    manifest.write_text("{", encoding="utf-8")
    assert "gongkai-shard.json" in refused(root, tmp_path / "out", bad, b)
    data["agencies"] = json.loads((a / "gongkai-shard.json").read_text(encoding="utf-8"))["agencies"]
    data["entries"][0]["record"]["published"] = "不是日期"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    said = refused(root, tmp_path / "out", bad, b)
    assert data["entries"][0]["source"] in said and "published" in said


def test_assemble_refuses_shards_and_a_checkout_of_other_content(two_shards, tmp_path):
    """Shards of two commits, or a checkout edited since, would give a site no single build gives
    (an interpretation showing a policy's old title beside its new one)."""
    root, a, b, b_agencies = two_shards
    edited = tmp_path / "edited"
    shutil.copytree(root, edited, ignore=shutil.ignore_patterns(".gongkai-cache"))
    entry = sorted((edited / "content" / "catalog" / b_agencies[0]).rglob("*.md"))[0]
    entry.write_text(entry.read_text(encoding="utf-8").replace("title: ", "title: 新标题", 1), encoding="utf-8")
    said = refused(edited, tmp_path / "out", a, b)
    assert "与生成分片时不同" in said
    build(edited, tmp_path / "b-edited", AS_OF, "--shard", *b_agencies, "--no-search")
    assert "不是由同样的内容生成的" in refused(root, tmp_path / "out", a, tmp_path / "b-edited")


def test_assemble_refuses_a_portal_page_saved_after_the_content_key(two_shards, tmp_path, monkeypatch):
    """The portal's own pages are read after the content key is compared: a page saved in between
    would be rendered unchecked."""
    from generator.output import shards
    from generator.output.shards import ShardError, assemble

    root, a, b, _ = two_shards
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".gongkai-cache"))
    real = shards.read_document

    def saved_meanwhile(path, *args, **kwargs):
        if path.name.endswith(".md") and "pages" in path.parts:
            path.write_text(path.read_text(encoding="utf-8") + "\n联系电话 13812345678。\n", encoding="utf-8")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shards, "read_document", saved_meanwhile)
    with pytest.raises(ShardError) as refusal:
        assemble(copy, [a, b], tmp_path / "out")
    assert "与生成分片时不同" in str(refusal.value) and not (tmp_path / "out").exists()
