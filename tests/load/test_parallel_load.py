"""The fast loader must give exactly what the reference loader gives (load.read_document +
validate.build): same SourceFile, same record, same findings in the same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import parallel as parallel_load
from generator.load.document import parse_yaml, read_body, read_document
from generator.load.parallel import fast_front_matter, load_documents, read_document_fast
from generator.load.validate import build
from generator.model.content import Entry, held
from generator.model.findings import Findings

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
    """Three folders (the loader packs whole folders into its tasks), one of them with broken files."""
    for year in (2019, 2020, 2021):
        folder = tmp_path / f"content/catalog/gov-office/{year}"
        folder.mkdir(parents=True)
        for i in range(40 if year == 2020 else 9):
            extra = {5: "publshed: 2020-01-01\n", 7: "attachments:\n  - title: 附件\n    file: a.pdf\n",
                     9: "draft: yes\n", 11: "written: 2020-02-30\n", 13: "title: dup\n"}.get(i, "")
            (folder / f"{i:03d}.md").write_text(_entry(i, extra), encoding="utf-8")
    folder = tmp_path / "content/catalog/gov-office/2020"
    (folder / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    (folder / "no-front-matter.md").write_text("just text\n", encoding="utf-8")
    (folder / "gbk.md").write_bytes("---\ntitle: 标题\n---\n".encode("gbk"))
    return tmp_path


def _reference(paths, root):
    """The reference loader, with what the parent keeps of each document: no text, no body, and no
    front matter (the record holds its values; the checks that read it ran in the worker), the
    sha256 of the bytes read (a page's render must find the same), and the entry as an EntryRecord."""
    import hashlib

    findings, loaded = Findings(), []
    for path in paths:
        doc = read_document(path, root, findings)
        if doc is not None:
            record = held(build(Entry, doc, findings))
            doc.text = doc.body = ""
            doc.meta = {}
            doc.digest = hashlib.sha256(path.read_bytes()).digest()
            loaded.append((doc, record))
    return loaded, findings


@pytest.fixture
def small_tasks(monkeypatch):
    monkeypatch.setattr(parallel_load, "SERIAL_BELOW", 0)
    monkeypatch.setattr(parallel_load, "CHUNK", 7)  # several tasks, so order across workers matters


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_load_equals_sequential(tree, small_tasks, jobs):
    paths = sorted((tree / "content").rglob("*.md"))
    expected, expected_findings = _reference(paths, tree)
    findings = Findings()
    loaded = load_documents([(p, Entry) for p in paths], tree, findings, jobs=jobs).documents
    assert [doc for doc, _ in loaded] == [doc for doc, _ in expected]
    assert [rec for _, rec in loaded] == [rec for _, rec in expected]
    assert all(rec is None or rec.source is doc for doc, rec in loaded)
    assert findings.items == expected_findings.items
    assert {f.code for f in findings} >= {"SCH001", "SCH004", "CAT020", "FILE003", "FILE004", "FILE001"}
    assert loaded[0][1].written == dt.date(2020, 3, 1)


def test_the_parent_keeps_no_file_text(tree, small_tasks):
    loaded = load_documents([(p, Entry) for p in sorted((tree / "content").rglob("*.md"))], tree, Findings(), jobs=2)
    assert loaded.documents and all(doc.text == doc.body == "" and doc.meta == {} for doc, _ in loaded.documents)
    assert all(read_body(doc.path, doc.body_line) == read_document(Path(doc.path), tree, Findings()).body
               for doc, _ in loaded.documents)


def _load_with_cache(root, cache, jobs=2):
    findings = Findings()
    loaded = load_documents([(p, Entry) for p in sorted((root / "content").rglob("*.md"))], root, findings,
                            jobs=jobs, cache=cache)
    return loaded.documents, findings.items


@pytest.mark.parametrize("jobs", [1, 2])
def test_parse_cache_gives_what_parsing_gives(tree, small_tasks, jobs):
    cache = (tree / ".gongkai-cache/parsed", "key")
    cold = _load_with_cache(tree, cache, jobs)
    buckets = sorted(p.name for p in cache[0].glob("*.pickle"))
    assert len(buckets) == 3  # one per content folder
    assert _load_with_cache(tree, cache, jobs) == cold
    edited = tree / "content/catalog/gov-office/2019/003.md"
    edited.write_text(_entry(3, "summary: 改过的概述\n"), encoding="utf-8")
    warm = _load_with_cache(tree, cache, jobs)
    assert warm == _load_with_cache(tree, None, jobs)
    assert next(r for d, r in warm[0] if d.path == str(edited)).summary == "改过的概述"
    for path in (tree / "content/catalog/gov-office/2021").iterdir():
        path.unlink()
    assert _load_with_cache(tree, cache, jobs) == _load_with_cache(tree, None, jobs)
    assert len(list(cache[0].glob("*.pickle"))) == 2  # the emptied folder's bucket is gone


def test_parse_cache_of_another_key_is_not_used(tree, small_tasks):
    _load_with_cache(tree, (tree / "parsed", "old"))
    (tree / "content/catalog/gov-office/2019/001.md").write_text(_entry(1, "draft: true\n"), encoding="utf-8")
    bucket = next((tree / "parsed").glob("*.pickle"))
    bucket.write_bytes(b"damaged")
    assert _load_with_cache(tree, (tree / "parsed", "new")) == _load_with_cache(tree, None)
