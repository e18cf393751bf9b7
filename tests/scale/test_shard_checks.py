"""What a shard build checks: every file of its own agencies fully, the other agencies' catalog
files only for what is compared across files (docs/design.md, "Sharded builds").

A duplicate 索引号 between its agency and another is still its finding; a personal-data hit in
another agency's body is that agency's shard's to report, not this one's, while the single build
reports both. Over a split of the agencies, the shards' findings together are the single check's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .compare import gongkai
from .test_shards import AS_OF, demo_agencies, demo_copy

ID_NUMBER = "110105198001010016"  # valid date and check character: PII001


def findings(done) -> set[tuple]:
    return {(f["level"], f["code"], f["file"], f["line"], f["field"], f["message"])
            for f in map(json.loads, (line for line in done.stdout.splitlines() if line.startswith("{")))}


def catalog_file(root: Path, agency: str, n: int = 0) -> Path:
    return sorted((root / "content" / "catalog" / agency).rglob("*.md"))[n]


def index_no(path: Path) -> str:
    return re.search(r"^index_no: *(.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip().strip("'\"")


def site_with_problems(root: Path, ours: str, theirs: str) -> tuple[str, str]:
    """Another agency's entry takes one of ours' 索引号, another's body names an ID number.
    Returns (our file, their file with the ID number), site-relative."""
    mine = catalog_file(root, ours)
    twin = catalog_file(root, theirs, 0)
    text = twin.read_text(encoding="utf-8")
    twin.write_text(re.sub(r"^index_no: *.+$", f"index_no: {index_no(mine)}", text, count=1, flags=re.M),
                    encoding="utf-8")
    leaky = catalog_file(root, theirs, 1)
    leaky.write_text(leaky.read_text(encoding="utf-8") + f"\n申请人身份证号码：{ID_NUMBER}。\n", encoding="utf-8")
    return mine.relative_to(root).as_posix(), leaky.relative_to(root).as_posix()


def shard_check(root: Path, out: Path, agencies: list[str]):
    return gongkai("build", "--root", root, "--as-of", AS_OF, "-o", out, "--format", "json", "--no-search",
                   "--shard", *agencies)


def test_a_shard_reports_a_duplicate_with_another_agency_but_not_its_body(tmp_path):
    root = demo_copy(tmp_path / "demo")
    ours, theirs = demo_agencies()[:2]
    mine, leaky = site_with_problems(root, ours, theirs)

    shard = shard_check(root, tmp_path / "out", [ours])  # first: it fills the parse cache
    assert shard.returncode == 1  # refused: the duplicate is in its own file too
    assert not (tmp_path / "out").exists()
    own = findings(shard)
    assert ("CAT004", mine) in {(f[1], f[2]) for f in own}
    assert not any(f[2].startswith(f"content/catalog/{theirs}/") for f in own)  # not its files to report

    # the single check reports both, though the shard's rows in the parse cache lack the other's scan
    single = gongkai("check", "--root", root, "--as-of", AS_OF, "--format", "json")
    assert single.returncode == 1
    assert {(f[1], f[2]) for f in findings(single)} >= {("CAT004", mine), ("PII001", leaky)}

    other = shard_check(root, tmp_path / "out", [theirs])
    assert other.returncode == 1
    assert ("PII001", leaky) in {(f[1], f[2]) for f in findings(other)}


def test_the_shards_findings_together_are_the_single_checks(tmp_path):
    root = demo_copy(tmp_path / "demo")
    agencies = demo_agencies()
    site_with_problems(root, agencies[0], agencies[-1])
    single = findings(gongkai("check", "--root", root, "--as-of", AS_OF, "--format", "json"))
    half = len(agencies) // 2
    together = set()
    for group in (agencies[:half], agencies[half:]):
        together |= findings(shard_check(root, tmp_path / "out", group))
    assert together == single


def test_a_file_in_another_agencys_folder_that_a_body_links_is_the_linking_shards_to_check(tmp_path):
    """A body may link a file that lies in another agency's folder. Only the shard that renders
    the body sees the link and publishes the file, so the personal data in it is that shard's
    finding, though the file is not in its agencies' folders."""
    root = demo_copy(tmp_path / "demo")
    holder, linker = demo_agencies()[:2]
    listed = catalog_file(root, holder).parent / "files" / "renyuan.csv"
    listed.parent.mkdir(exist_ok=True)
    listed.write_text(f"姓名,身份证号\n张三,{ID_NUMBER}\n", encoding="utf-8")
    body = catalog_file(root, linker)
    link = Path("..") / Path(*[".."] * (len(body.relative_to(root / "content" / "catalog").parts) - 2))
    target = (link / listed.relative_to(root / "content" / "catalog")).as_posix()
    body.write_text(body.read_text(encoding="utf-8") + f"\n\n[人员名单]({target})\n", encoding="utf-8")
    rel = listed.relative_to(root).as_posix()

    single = gongkai("check", "--root", root, "--as-of", AS_OF, "--format", "json")
    assert ("PII001", rel) in {(f[1], f[2]) for f in findings(single)}
    linking = shard_check(root, tmp_path / "linking", [linker])
    assert linking.returncode == 1 and not (tmp_path / "linking").exists()
    assert ("PII001", rel) in {(f[1], f[2]) for f in findings(linking)}
    holding = shard_check(root, tmp_path / "holding", [holder])
    assert ("PII001", rel) not in {(f[1], f[2]) for f in findings(holding)}  # it never sees the link
