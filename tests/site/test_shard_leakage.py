"""Nothing withheld reaches a shard's output or the assembled site either.

A shard renders only its own agencies' entries and plans only its own part
(generator/plan/site.py Planner.plan_shard): whether a record, a link or a declared
file is published must still be decided from every record, withheld ones included. The basic
fixture has two agencies whose public entries link to, and are replaced by, withheld ones.
"""

from __future__ import annotations

import json

from sitebuild import WITHHELD_MARKERS, build, copy_fixture, gongkai, output_text


def leaks_in(folder) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = output_text(path).upper() if path.suffix != ".wasm" else ""
        found += [(path.relative_to(folder).as_posix(), m) for m in WITHHELD_MARKERS if m.upper() in text]
    return found


def test_shards_and_their_assembly_publish_nothing_withheld(tmp_path):
    root = copy_fixture("basic", tmp_path / "src")
    shards = {agency: tmp_path / f"shard-{agency}" for agency in ("office", "fgj")}
    for agency, out in shards.items():
        run = build(root, out, "--shard", agency)
        assert run.code == 0, run.out + run.err
        assert leaks_in(out) == []
        assert not list(out.rglob("withheld-attachment.pdf"))
    office = shards["office"]
    assert (office / "catalog/office/2018/files/renwu.pdf").is_file()
    # the office's pages name the other agency's withheld policies without linking them
    assert "<a>一份不公开的文件</a>" in (office / "catalog/office/2018/yaodian/index.html").read_text(encoding="utf-8")
    assert "请阅读" not in (office / "catalog/office/2019/feizhi/index.html").read_text(encoding="utf-8")
    manifest = json.loads((office / "gongkai-shard.json").read_text(encoding="utf-8"))
    assert {row["record"]["agency"] for row in manifest["entries"]} == {"office"}

    assembled = tmp_path / "assembled"
    run = gongkai("assemble", *shards.values(), "--root", root, "-o", assembled)
    assert run.code == 0, run.out + run.err
    assert leaks_in(assembled) == []
    data = json.loads((assembled / "catalog.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == 11  # as the single build's (tests/site/test_leakage.py)
