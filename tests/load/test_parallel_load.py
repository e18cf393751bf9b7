"""The fast loader must give exactly what the reference loader gives (load.read_document +
validate.build): same SourceFile, same record, same findings in the same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import parallel_load
from generator.findings import Findings
from generator.load import parse_yaml, read_document
from generator.model import Entry
from generator.parallel_load import fast_front_matter, load_documents, read_document_fast
from generator.validate import build

REPO = Path(__file__).resolve().parents[2]

KEYS = ["title", "index_no", "agency", "draft", "keywords", "yes", "null", "Title", "x_1", "12", "a b", "-k"]
VALUES = ["", "~", "null", "true", "Yes", "off", "12", "-3", "012", "0x1F", "1_000", "1.5", ".inf", "2018-02-30",
          "2018-06-28", '"quoted"', "'q'", "中文：冒号", "a: b", "a #b", "a#b", "[a, b]", "[]", "[ ]", "[a,]",
          "[1, true, ~]", "[政务公开, 通知]", "[a, [b]]", "{a: 1}", "- x", "|", ">", "&a x", "*a", "!tag x",
          "%x", "@x", "`x", "=", "<<", "\u3000全角", "全角\u3000", "a\tb", "#x", "http://x.cn/a", "湛府办〔2018〕22号",
          "综合政务\\政务公开", "x:", "a, b", "?x", ":x", "-1", "- ", "a\u2028b", "a\x85b", "\x07"]
ANY_LINE = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":", ":  ", " : "]), st.sampled_from(VALUES))
    .map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
    st.sampled_from(["", "   ", "# a comment", "  # indented comment", "  - item", "  nested: 1", "- x", "plain"]),
)
# Lines the fast path should take, so that most examples exercise it rather than the fallback.
PLAIN_LINE = st.tuples(st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True), st.sampled_from(VALUES[:12] + VALUES[13:15] + VALUES[17:28])
                       ).map(lambda t: f"{t[0]}: {t[1]}")
LINES = st.one_of(PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, ANY_LINE)


@settings(max_examples=600, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=8))
def test_fast_front_matter_agrees_with_yaml_or_declines(lines):
    text = "\n".join(lines)
    fast = fast_front_matter(text, 2)
    if fast is None:
        return
    findings = Findings()
    ok, data, key_lines = parse_yaml(text, "x.md", 2, findings)
    assert ok and not findings.items
    assert (data, key_lines) == fast
    assert [type(v) for v in data.values()] == [type(v) for v in fast[0].values()]  # True is not 1


def _demo_files():
    return sorted((REPO / "content").rglob("*.md"))


@pytest.mark.parametrize("path", _demo_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_demo_content_reads_the_same(path):
    reference, fast = Findings(), Findings()
    assert read_document_fast(path, REPO, fast) == read_document(path, REPO, reference)
    assert fast.items == reference.items


def _entry(i: int, extra: str = "") -> str:
    return (f"---\ntitle: 关于第{i}项工作的通知\nindex_no: 11440899710000005Y/2020-{i:05d}\nagency: gov-office\n"
            f"written: 2020-03-0{1 + i % 9}\npublished: 2020-03-1{i % 9}\ngenre: 通知\ndisclosure: 主动公开\n"
            f"keywords: [政务公开, 通知]\n{extra}---\n正文第{i}段。\n")


@pytest.fixture
def tree(tmp_path):
    folder = tmp_path / "content/catalog/gov-office/2020"
    folder.mkdir(parents=True)
    for i in range(40):
        extra = {5: "publshed: 2020-01-01\n", 7: "attachments:\n  - title: 附件\n    file: a.pdf\n",
                 9: "draft: yes\n", 11: "written: 2020-02-30\n", 13: "title: dup\n"}.get(i, "")
        (folder / f"{i:03d}.md").write_text(_entry(i, extra), encoding="utf-8")
    (folder / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    (folder / "no-front-matter.md").write_text("just text\n", encoding="utf-8")
    (folder / "gbk.md").write_bytes("---\ntitle: 标题\n---\n".encode("gbk"))
    return tmp_path


def _reference(paths, root):
    findings, loaded = Findings(), []
    for path in paths:
        doc = read_document(path, root, findings)
        if doc is not None:
            loaded.append((doc, build(Entry, doc, findings)))
    return loaded, findings


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_load_equals_sequential(tree, monkeypatch, jobs):
    monkeypatch.setattr(parallel_load, "SERIAL_BELOW", 0)
    monkeypatch.setattr(parallel_load, "CHUNK", 7)  # several chunks, so order across workers matters
    paths = sorted((tree / "content").rglob("*.md"))
    expected, expected_findings = _reference(paths, tree)
    findings = Findings()
    loaded = load_documents([(p, Entry) for p in paths], tree, findings, jobs=jobs)
    assert [doc for doc, _ in loaded] == [doc for doc, _ in expected]
    assert [rec for _, rec in loaded] == [rec for _, rec in expected]
    assert all(rec is None or rec.source is doc for doc, rec in loaded)
    assert findings.items == expected_findings.items
    assert {f.code for f in findings} >= {"SCH001", "SCH004", "CAT020", "FILE003", "FILE004", "FILE001"}
    assert loaded[0][1].written == dt.date(2020, 3, 1)
