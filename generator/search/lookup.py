"""The lookup index: titles, 文号 and 索引号 of every searchable page, answered in the browser
from small files fetched per query (docs/search.md, "The lookup index").

Pagefind (generator/search/index.py) searches bodies, in shards fetched a batch at a time. A
reader who types a 文号 or a few characters of a title expects the document first whatever its
year, so lookups do not go through those batches: this index covers the whole catalog and a
first query fetches a few KB of it at any size of site.

Layout, under `lookup/` beside `pagefind/` (all text, compressed by the web server):

- `meta.json`: counts, the cut (number of posting and key buckets, rows per file) and the
  values of each filter (the page lists them before any count is known);
- documents are numbered newest first (date, then URL; undated pages last), so a list of
  numbers in ascending order is a list in date order, and browsing is reading rows in order;
- `p/<bucket>.txt`: title postings. For every character (one-character queries) and every
  pair of adjacent characters of a title's runs of letters, digits and ideographs, the numbers
  of the documents holding it: one line `gram<TAB>numbers`, the numbers as base-36 gaps
  separated by commas. A gram's line sits in bucket fnv1a(gram) mod `buckets`, so a query
  fetches one small file per pair of its characters;
- `k/<bucket>.txt`: exact keys (`identifiers.doc_no_key` of a 文号 or 索引号): the documents
  that bear it, and the pages whose body cites it (ranked below the bearer);
- `r/<n>.json`: document rows, ROWS_PER_FILE per file, fetched per page of results: URL, title,
  date, 文号, agency, and an excerpt from the body (not the metadata table);
- `f/<facet>.json`: one column per filter (type, agency, topic, genre, validity, year): the
  values and one character per document; `dates.json`: the dates, run-length coded. These load
  only when a filter, a date range or date order needs them;
- `t2s.json`: traditional → simplified for the characters the titles hold, emitted with OpenCC
  at build time; the page loads it only when a query finds nothing as typed.

The rows of every page are also kept in the build cache (`.gongkai-cache/search/lookup.json`),
so that the fast rebuild of an edited body (generator/output/incremental.py) re-reads only the edited
pages and writes the same files a cold build would.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..model.identifiers import doc_no_key

LOOKUP_DIR = "lookup"
FORMAT = 1
# Rows per file: a page of ten results spread over the years fetches up to ten files, so small
# ones (about 1.3 KB compressed at 8 rows with their excerpts); browsing reads consecutive rows.
ROWS_PER_FILE = 8
# Postings per bucket file, about: a bucket of rare grams is then 2-4 KB compressed, and a gram
# that most titles hold (通知) is most of its bucket anyway. Measured in benchmarks/README.md.
POSTINGS_PER_BUCKET = 3000
KEYS_PER_BUCKET = 200
EXCERPT_CHARS = 60
FACETS = ("type", "agency", "topic", "genre", "validity", "year")
# One character per value in a facet column; a facet with more values uses two.
_COLUMN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
CACHE_FILE = "lookup.json"

_META_DIV = re.compile(r"<div [^>]*data-gongkai-shard=[^>]*>(.*?)</div>", re.S)
_ATTR = re.compile(r'data-pagefind-(filter|meta)="([a-z_]+):([^"]*)"')
_BODY_START = re.compile(r'<div class="gk-body">')
_REGION_END = re.compile(r"</article>")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# A 文号 as bodies cite it: the ideographs before a bracketed (or 年-marked) year, number, 号;
# or before 令第N号. Where the issuer starts is not marked in running text (根据湛府办〔2018〕22号),
# so every tail of those ideographs of two or more characters becomes a key (cited_keys).
_CITED = re.compile(r"([\u4e00-\u9fff]{2,16})\s*((?:[〔\[［(（【„﹝]\s*(?:19|20)\d\d\s*[〕\]］)）】‟﹞]|(?:19|20)\d\d年)"
                    r"\s*第?\s*\d{1,5}\s*号)|([\u4e00-\u9fff]{1,20})(令第\d{1,5}号)")


@dataclass(slots=True)  # 10⁵ of them are held by a large build and by a rebuild's lookup index
class Row:
    """One searchable page, as the lookup index holds it."""
    url: str  # site-relative, ends with / (or .html)
    title: str
    date: str = ""  # YYYY-MM-DD, "" when undated
    doc_no: str = ""
    index_no: str = ""
    excerpt: str = ""
    cited: list[str] = field(default_factory=list)  # keys of 文号 the body cites (not its own)
    facets: dict[str, str] = field(default_factory=dict)


ROW_FIELDS = tuple(Row.__dataclass_fields__)


# --- reading rows from the rendered pages ----------------------------------------------------

def page_url(rel: str) -> str:
    return rel[:-len("index.html")] if rel.endswith("index.html") else rel


def row_of_page(rel: str, data: bytes) -> Row | None:
    """The row of one rendered page: its search_meta.html attributes, the start of its body and
    the 文号 its body cites. None for a page without the search partial."""
    text = data.decode("utf-8", "replace")
    meta = _META_DIV.search(text)
    if not meta:
        return None
    values: dict[str, str] = {}
    for kind, key, value in _ATTR.findall(meta.group(1)):
        values.setdefault(f"{kind}:{key}", html.unescape(value))
    body = ""
    start = _BODY_START.search(text, meta.end())
    if start:
        end = _REGION_END.search(text, start.end())
        body = html.unescape(_TAG.sub(" ", text[start.end():end.start() if end else len(text)]))
    body = _SPACE.sub(" ", body).strip()
    own = {doc_no_key(values.get("meta:doc_no", "")), doc_no_key(values.get("meta:index_no", ""))}
    cited = sorted(cited_keys(body) - own)
    # The date and the facet values are a few hundred texts across 10⁵ pages: interned, a render
    # worker sends each once per chunk of pages and the build holds it once per chunk, not once
    # per page (pickle keeps one copy of an object it meets twice; docs/design.md#scale).
    return Row(url=page_url(rel), title=values.get("meta:title", ""), date=sys.intern(values.get("meta:date", "")),
               doc_no=values.get("meta:doc_no", ""), index_no=values.get("meta:index_no", ""),
               excerpt=body[:EXCERPT_CHARS], cited=cited,
               facets={f: sys.intern(values[f"filter:{f}"]) for f in FACETS if f"filter:{f}" in values})


def cited_keys(text: str) -> set[str]:
    """The keys of the 文号 cited in a text, one for each tail of the words before the number."""
    keys: set[str] = set()
    if "号" not in text:  # both forms end in 号: most bodies are then done without the scan
        return keys
    for issuer, number, order_issuer, order_number in _CITED.findall(text):
        words, tail = (issuer, number) if issuer else (order_issuer + "令", order_number[1:])
        keys.update(doc_no_key(words[start:] + tail) for start in range(len(words) - 1))
    return keys


def rows_of_pages(out_dir: Path, rels) -> dict[str, Row]:
    found = {}
    for rel in rels:
        try:
            row = row_of_page(rel, (Path(out_dir) / rel).read_bytes())
        except FileNotFoundError:
            row = None
        if row is not None:
            found[rel] = row
    return found


# --- the words of a title ----------------------------------------------------------------------

def word_runs(text: str) -> list[str]:
    """Runs of letters, digits and ideographs of NFKC-folded, lower-cased text."""
    runs, current = [], []
    for char in unicodedata.normalize("NFKC", text or "").lower():
        if char.isalnum():
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def title_grams(title: str) -> set[str]:
    """Every character and every pair of adjacent characters of the title's runs."""
    grams = set()
    for run in word_runs(title):
        grams.update(run)
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points (search.js computes the same)."""
    value = 0x811C9DC5
    for char in text:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


def bucket_count(items: int, per_bucket: int) -> int:
    count = 1
    while count * per_bucket < items and count < 65536:
        count *= 2
    return count


def gaps(numbers) -> str:
    """Ascending numbers → base-36 gaps, comma-separated (the first gap is from -1)."""
    out, last = [], -1
    small = _SMALL_BASE36
    for n in numbers:
        gap = n - last
        out.append(small[gap] if gap < len(small) else _base36(gap))
        last = n
    return ",".join(out)


def _base36(n: int) -> str:
    digits = ""
    while True:
        n, rest = divmod(n, 36)
        digits = _BASE36[rest] + digits
        if not n:
            return digits


# --- writing the index ---------------------------------------------------------------------------

_SMALL_BASE36 = [_base36(n) for n in range(36 * 36)]  # most gaps are small: looked up, not computed


def ordered(rows: list[Row]) -> list[Row]:
    """Newest first (dated pages by date descending, then URL), undated pages last."""
    dated = sorted((r for r in rows if r.date), key=lambda r: r.url)
    dated.sort(key=lambda r: r.date, reverse=True)
    return dated + sorted((r for r in rows if not r.date), key=lambda r: r.url)


def index_files(rows: list[Row]) -> dict[str, str]:
    """Every file of the lookup index (path under lookup/ → text), for these rows."""
    docs = ordered(rows)
    postings: dict[str, list[int]] = {}
    for number, row in enumerate(docs):
        for gram in title_grams(row.title):
            postings.setdefault(gram, []).append(number)
    files: dict[str, str] = {}
    buckets = bucket_count(sum(len(p) for p in postings.values()), POSTINGS_PER_BUCKET)
    for name, lines in _bucketed(postings, buckets, lambda gram, ids: f"{gram}\t{gaps(ids)}").items():
        files[f"p/{name}.txt"] = lines
    keys = key_table(docs)
    key_buckets = bucket_count(len(keys), KEYS_PER_BUCKET)
    files.update(key_files(keys, key_buckets))
    for n in range(-(-len(docs) // ROWS_PER_FILE)):
        files[f"r/{n}.json"] = row_file(docs, n)
    values = {}
    for facet in FACETS:
        column = facet_column([r.facets.get(facet, "") for r in docs])
        files[f"f/{facet}.json"] = _json(column)
        values[facet] = column["values"]
    files["dates.json"] = _json(run_lengths([r.date for r in docs]))
    files["t2s.json"] = _json(traditional_map({c for r in docs for c in r.title}))
    files["meta.json"] = _json({"format": FORMAT, "docs": len(docs), "buckets": buckets, "key_buckets": key_buckets,
                                "rows_per_file": ROWS_PER_FILE, "facets": values})
    return files


def key_table(docs: list[Row]) -> dict[str, tuple[list[int], list[int]]]:
    """Key → (numbers of the documents bearing it, numbers of the pages citing it)."""
    keys: dict[str, tuple[list[int], list[int]]] = {}
    for number, row in enumerate(docs):
        for key in {doc_no_key(row.doc_no), doc_no_key(row.index_no)} - {""}:
            keys.setdefault(key, ([], []))[0].append(number)
        for key in row.cited:
            keys.setdefault(key, ([], []))[1].append(number)
    return keys


def key_files(keys: dict, key_buckets: int, only: set[int] | None = None) -> dict[str, str]:
    """The k/ files (of the buckets `only`, if given)."""
    if only is not None:
        keys = {k: v for k, v in keys.items() if fnv1a(k) % key_buckets in only}
    return {f"k/{name}.txt": lines for name, lines in
            _bucketed(keys, key_buckets, lambda key, ids: f"{key}\t{gaps(ids[0])}\t{gaps(ids[1])}").items()}


def row_file(docs: list[Row], n: int) -> str:
    return _json([[r.url, r.title, r.date, r.doc_no, r.facets.get("agency", ""), r.excerpt]
                  for r in docs[n * ROWS_PER_FILE:(n + 1) * ROWS_PER_FILE]])


def _bucketed(table: dict, buckets: int, line) -> dict[str, str]:
    by_bucket: dict[int, list[str]] = {}
    for key in sorted(table):
        by_bucket.setdefault(fnv1a(key) % buckets, []).append(line(key, table[key]))
    return {str(b): "\n".join(lines) + "\n" for b, lines in sorted(by_bucket.items())}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def facet_column(values: list[str]) -> dict:
    """{"values": [...], "width": 1|2, "column": one code per document} (code 0 = no value)."""
    names = sorted({v for v in values if v})
    width = 1 if len(names) < len(_COLUMN_ALPHABET) else 2
    code = {name: _code(i + 1, width) for i, name in enumerate(names)}
    return {"values": names, "width": width, "column": "".join(code.get(v, _code(0, width)) for v in values)}


def _code(n: int, width: int) -> str:
    base = len(_COLUMN_ALPHABET)
    return _COLUMN_ALPHABET[n] if width == 1 else _COLUMN_ALPHABET[n // base] + _COLUMN_ALPHABET[n % base]


def run_lengths(values: list[str]) -> list[list]:
    runs: list[list] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return runs


def traditional_map(simplified: set[str]) -> dict[str, str]:
    """Traditional (and Taiwan, Hong Kong) forms of these characters → the character, where
    OpenCC converts them back to it. A query in traditional characters is converted with this
    map before it is looked up."""
    import opencc

    back = opencc.OpenCC("t2s")
    found: dict[str, str] = {}
    converters = [opencc.OpenCC(name) for name in ("s2t", "s2tw", "s2hk")]
    for char in sorted(c for c in simplified if ord(c) > 0x2E80):
        for converter in converters:
            other = converter.convert(char)
            if len(other) == 1 and other != char and back.convert(other) == char:
                found.setdefault(other, char)
    return dict(sorted(found.items()))


def write_index(rows: list[Row], out_dir: Path, folder: str = LOOKUP_DIR) -> dict[str, int]:
    """Write out_dir/lookup/ (out_dir/folder) afresh. Returns its files' sizes (path → bytes)."""
    target = Path(out_dir) / folder
    shutil.rmtree(target, ignore_errors=True)
    sizes = {}
    for rel, text in index_files(rows).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        sizes[rel] = len(data)
    return sizes


# --- the build and the fast rebuild ------------------------------------------------------------

def index_site(out_dir: Path, pages, cache_root: Path | None) -> list[Row]:
    """The lookup index of these searchable pages (site-relative HTML files) of the rendered
    site in out_dir; their rows are saved in the cache for update_pages."""
    rows = rows_of_pages(out_dir, pages)
    index_rows(out_dir, rows, cache_root)
    return list(rows.values())


def index_rows(out_dir: Path, rows: dict[str, Row], cache_root: Path | None) -> None:
    """out_dir/lookup/ for these rows (site-relative page → row), saved in the cache if given."""
    write_index(list(rows.values()), out_dir)
    if cache_root is not None:
        save_rows(cache_root, rows)


def update_pages(out_dir: Path, pages, cache_root: Path, target: Path) -> bool:
    """After a body edit: the rows of these pages (those of them that are searchable) read again
    from out_dir, the others from the cache, and the whole index put into target/ (the same
    bytes a cold build writes into lookup/). A body changes a row's excerpt and the 文号 it
    cites only: then just those rows' files and the key buckets of those 文号 are written
    afresh, the rest linked from out_dir/lookup/. False when the cache cannot say (then index
    the whole site)."""
    saved = load_rows(cache_root)
    if saved is None:
        return False
    pages = [rel for rel in pages if rel in saved]
    fresh = rows_of_pages(out_dir, pages)
    if set(fresh) != set(pages):
        return False  # a page lost its search partial: not a body edit the fast path can follow
    before = {rel: saved[rel] for rel in fresh}
    saved.update(fresh)
    shutil.rmtree(target, ignore_errors=True)
    if not _update_bodies(list(saved.values()), before, fresh, Path(out_dir) / LOOKUP_DIR, target):
        write_index(list(saved.values()), target, folder="")
    save_rows(cache_root, saved)
    return True


def _update_bodies(rows: list[Row], before: dict[str, Row], after: dict[str, Row], current: Path, target: Path) -> bool:
    """target/ = current/ with the files that these body changes touch written afresh; False
    when more than bodies changed (or current/ is not a lookup index of the same cut)."""
    from ..render.placing import link_tree

    same = ("url", "title", "date", "doc_no", "index_no", "facets")
    if any(getattr(before[rel], f) != getattr(after[rel], f) for rel in after for f in same):
        return False
    try:
        meta = json.loads((current / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    docs = ordered(rows)
    keys = key_table(docs)
    if meta.get("format") != FORMAT or meta.get("docs") != len(docs) or \
            meta.get("key_buckets") != bucket_count(len(keys), KEYS_PER_BUCKET):
        return False
    number = {r.url: n for n, r in enumerate(docs)}
    files = {f"r/{number[r.url] // ROWS_PER_FILE}.json": "" for r in after.values()}
    for name in files:
        files[name] = row_file(docs, int(name[2:-5]))
    touched = {fnv1a(k) % meta["key_buckets"] for rel in after for k in set(before[rel].cited) ^ set(after[rel].cited)}
    written = key_files(keys, meta["key_buckets"], touched)
    files.update({f"k/{b}.txt": written.get(f"k/{b}.txt") for b in touched})  # None: the bucket is empty now
    link_tree(current, target)
    for rel, text in files.items():
        path = target / rel
        path.unlink(missing_ok=True)  # a link to the output's file: never write through it
        if text is not None:
            path.write_bytes(text.encode("utf-8"))
    return True


def save_rows(cache_root: Path, rows: dict[str, Row]) -> None:
    cache_root.mkdir(parents=True, exist_ok=True)
    temporary = cache_root / f".{CACHE_FILE}.{os.getpid()}"
    # a row's fields in order, not dataclasses.asdict: that deep-copies every list and dict of 10⁵
    # rows first, 6 s of a one-body rebuild at 100,000 entries
    rows_saved = {rel: {name: getattr(row, name) for name in ROW_FIELDS} for rel, row in sorted(rows.items())}
    temporary.write_text(json.dumps({"format": FORMAT, "rows": rows_saved}, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache_root / CACHE_FILE)


def load_rows(cache_root: Path) -> dict[str, Row] | None:
    try:
        saved = json.loads((Path(cache_root) / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("format") != FORMAT:
        return None
    return {rel: Row(**row) for rel, row in saved["rows"].items()}

