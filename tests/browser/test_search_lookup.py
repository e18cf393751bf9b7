"""The lookup index (generator/search/lookup.py) without a browser: keys, rows, files, updates.
What the page does with it is tested in test_search_page.py."""

from __future__ import annotations

from generator.model.identifiers import doc_no_key
from generator.search import lookup as search_lookup
from generator.search.lookup import Row, cited_keys, index_files, row_of_page, update_pages


def test_every_typed_form_of_a_doc_number_has_one_key():
    forms = ["湛府办〔2023〕22号", "湛府办[2023]22号", "湛府办〔2023〕第22号", "湛府办2023年22号",
             "湛府办（２０２３）２２号", " 湛府办 [2023] 22 号", "湛府办〔2023〕022号", "湛府办„2023‟22号"]
    assert {doc_no_key(f) for f in forms} == {"湛府办202322号"}
    assert doc_no_key("湛江市人民政府令第3号") == doc_no_key("湛江市人民政府令3号")
    assert doc_no_key("11440800007182505N/2015-00031") == doc_no_key("11440800007182505n／2015－00031")
    assert doc_no_key("湛府办〔2023〕22号") != doc_no_key("湛府办〔2023〕23号")


def test_a_cited_doc_number_is_found_whatever_words_precede_it():
    keys = cited_keys("根据湛府办〔2018〕22号文件和《中华人民共和国国务院令第492号》的规定")
    assert doc_no_key("湛府办〔2018〕22号") in keys and doc_no_key("国务院令第492号") in keys
    assert doc_no_key("中华人民共和国国务院令第492号") in keys
    assert not cited_keys("2018年全市共办理22件申请")


def page(title: str, date: str, doc_no: str = "", body: str = "正文。") -> bytes:
    no = f'<span data-pagefind-meta="doc_no:{doc_no}"></span>' if doc_no else ""
    return f"""<article data-pagefind-body><div class="gk-search-meta" hidden data-pagefind-ignore data-gongkai-shard="a">
<span data-pagefind-meta="title:{title}"></span><span data-pagefind-sort="date:{date}"></span>
<span data-pagefind-meta="date:{date}"></span><span data-pagefind-filter="agency:湛江市人民政府办公室"></span>
<span data-pagefind-filter="validity:现行有效"></span>{no}</div>
<h1>{title}</h1><table class="gk-meta" data-pagefind-ignore><tr><th>索引号</th><td>x</td></tr></table>
<div class="gk-body"><p>{body}</p></div></article>""".encode()


def decode(files: dict[str, str], meta: dict, gram: str) -> list[int]:
    bucket = files[f"p/{search_lookup.fnv1a(gram) % meta['buckets']}.txt"]
    line = next((ln for ln in bucket.splitlines() if ln.split("\t")[0] == gram), None)
    if line is None:
        return []
    numbers, last = [], -1
    for g in line.split("\t")[1].split(","):
        last += int(g, 36)
        numbers.append(last)
    return numbers


def test_rows_come_from_the_page_and_the_files_answer_lookups():
    import json

    row = row_of_page("catalog/a/1/index.html", page("关于调整政务公开工作领导小组的通知", "2018-03-02", "湛府办〔2018〕22号",
                                                     "为做好工作，根据国办发〔2016〕80号，现通知如下。"))
    assert row.url == "catalog/a/1/" and row.doc_no == "湛府办〔2018〕22号" and row.date == "2018-03-02"
    assert row.excerpt.startswith("为做好工作") and "索引号" not in row.excerpt, "from the body, not the metadata table"
    assert row.facets == {"agency": "湛江市人民政府办公室", "validity": "现行有效"}
    assert doc_no_key("国办发〔2016〕80号") in row.cited and all(k.endswith("201680号") for k in row.cited)
    rows = [row, Row("catalog/a/2/", "湛江市2019年政务公开工作要点", "2019-02-11"),
            Row("pages/guide/", "政府信息公开指南"), Row("catalog/b/3/", "关于废止部分文件的决定", "2019-02-20",
                                                    cited=[doc_no_key("湛府办〔2018〕22号")])]
    files = index_files(rows)
    meta = json.loads(files["meta.json"])
    assert meta["docs"] == 4
    order = [r[0] for n in range(2) for r in json.loads(files.get(f"r/{n}.json", "[]"))]
    assert order == ["catalog/b/3/", "catalog/a/2/", "catalog/a/1/", "pages/guide/"], "newest first, undated last"
    assert decode(files, meta, "政务") == [1, 2] and decode(files, meta, "指") == [3] and decode(files, meta, "务政") == []
    key = doc_no_key("湛府办2018年22号")
    bucket = files[f"k/{search_lookup.fnv1a(key) % meta['key_buckets']}.txt"]
    line = next(ln for ln in bucket.splitlines() if ln.startswith(key + "\t"))
    assert line.split("\t")[1:] == ["3", "1"], "borne by number 2, cited by number 0"
    assert json.loads(files["t2s.json"])["關"] == "关"


def test_an_edited_body_updates_the_index_as_a_cold_build_would(tmp_path, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    pages = {"catalog/a/1/index.html": page("关于调整政务公开工作领导小组的通知", "2018-03-02", "湛府办〔2018〕22号"),
             "catalog/a/2/index.html": page("湛江市2019年政务公开工作要点", "2019-02-11")}
    for rel, data in pages.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    search_lookup.index_site(out, list(pages), cache)
    edited = page("湛江市2019年政务公开工作要点", "2019-02-11", body="落实湛府办〔2018〕22号的要求。")
    (out / "catalog/a/2/index.html").write_bytes(edited)
    whole_index = search_lookup.write_index
    monkeypatch.setattr(search_lookup, "write_index", None)  # a body edit rewrites only what it touches
    assert update_pages(out, ["catalog/a/2/index.html", "catalog/index.html"], cache, tmp_path / "new")
    monkeypatch.setattr(search_lookup, "write_index", whole_index)
    search_lookup.index_site(out, list(pages), None)  # the cold build, over the same pages
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}  # noqa: E731
    assert files(tmp_path / "new") == files(out / "lookup")
    lines = (tmp_path / "new" / "k" / "0.txt").read_text().splitlines()
    assert "湛府办201822号\t2\t1" in lines, "borne by number 1 (2018), now cited by number 0 (2019)"
    (out / "catalog/a/2/index.html").write_bytes(pages["catalog/a/2/index.html"])  # the citation taken out again
    assert update_pages(out, ["catalog/a/2/index.html"], cache, tmp_path / "again")
    search_lookup.index_site(out, list(pages), None)
    assert files(tmp_path / "again") == files(out / "lookup")
    retitled = page("湛江市2019年政务公开工作要点（修订）", "2019-02-11")  # more than a body: the whole index
    (out / "catalog/a/2/index.html").write_bytes(retitled)
    assert update_pages(out, ["catalog/a/2/index.html"], cache, tmp_path / "retitled")
    search_lookup.index_site(out, list(pages), None)
    assert files(tmp_path / "retitled") == files(out / "lookup")
    assert not update_pages(out, ["catalog/a/2/index.html"], tmp_path / "no-cache", tmp_path / "x")
