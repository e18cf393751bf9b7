"""The search page on a benchmark catalog, measured as a reader meets it (issue 11).

    python benchmarks/search_page.py 10000 [--work DIR] [--per-year 3]
    python benchmarks/search_page.py 100000 --lookup-only
    python benchmarks/search_page.py 100000 --page-with-lookup-of benchmarks/out/search-corpus/10000/site

Full run: generate the corpus (corpus.py), build it (`gongkai build`, with search), serve the
site with nginx (gzip on, as tests/browser/conftest.py configures it) and drive Debian's
chromium through the search page: documents sampled uniformly over all years (the same
number from every year), each 文号 typed as printed, and one fragment of 2, 3, 4, 5 and 6
characters of each title. A 文号 counts when its document is shown first; a fragment when its
document is among the first ten shown, or when all ten shown hold the fragment in their
title (tests/browser/recall.py, `score`). Also: what a first query downloads in a fresh
browser (nginx's log: compressed bytes sent), split into the lookup step and the whole
search with full text and filter counts, and the time from Enter to the results on screen on
a warm page.

--lookup-only: the lookup index (generator/search/lookup.py) written straight from the
corpus plan, without rendering the site (the rows a build would read from the pages: title,
文号, 索引号, date, agency, genre, an excerpt of the body and the 文号 it cites), timed, and
for the same sample of queries the compressed bytes of the lookup files each would fetch
(meta, posting buckets, key bucket, the row files of the first page).

--page-with-lookup-of SITE: the lookup index written by --lookup-only, put into a copy of a built
site (hard links), and the same sample typed into that site's search page: the lookups of a
100,000-entry catalog measured through the page's DOM without rendering 100,000 pages (the
full text, which only follows the lookups, is the smaller site's).

Writes benchmarks/out/search-<size>.json and prints a summary.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402
from generator.model.identifiers import doc_no_key  # noqa: E402
from generator.search import lookup as search_lookup  # noqa: E402
from tests.browser.recall import Query, fragments, score, type_query  # noqa: E402

OUT = Path(os.environ.get("GONGKAI_BENCH_OUT", HERE / "out"))
LENGTHS = (2, 3, 4, 5, 6)
FIRST_QUERY = "政务公开"


# --- the sample ------------------------------------------------------------------------------

def sample(docs: list[dict], per_year: int, seed: int = 11) -> list[Query]:
    """docs: {title, doc_no, url, year}. From every year `per_year` documents for the title
    fragments and `per_year` numbered ones for their 文号."""
    r = random.Random(seed)
    by_year: dict[str, list[dict]] = {}
    for d in sorted(docs, key=lambda d: d["url"]):
        by_year.setdefault(d["year"], []).append(d)
    queries = []
    for year in sorted(by_year):
        for d in r.sample(by_year[year], min(per_year, len(by_year[year]))):
            for length in LENGTHS:
                pool = fragments(d["title"], length)
                if pool:
                    queries.append(Query(r.choice(pool), str(length), d["url"], d["title"]))
        numbered = [d for d in by_year[year] if d["doc_no"]]
        for d in r.sample(numbered, min(per_year, len(numbered))):
            queries.append(Query(d["doc_no"], "doc_no", d["url"], d["title"]))
    return queries


# --- the lookup index alone, from the corpus plan ----------------------------------------------

def corpus_rows(n: int, seed: int = 1) -> list[search_lookup.Row]:
    agencies = corpus.make_agencies(50)
    rows = []
    for p in corpus.plan(n, agencies, seed):
        if p.status != "public":
            continue
        agency = agencies[p.agency]
        t = corpus.entry_texts(p, agency, seed)
        body = " ".join(t["body"].split())
        index_no = f"{agency.code}/{p.year}-{p.serial:05d}"
        own = {doc_no_key(p.doc_no or ""), doc_no_key(index_no)}
        rows.append(search_lookup.Row(
            url=f"catalog/{agency.id}/{p.year}/{p.year}-{p.serial:05d}/", title=t["title"], date=p.published.isoformat(),
            doc_no=p.doc_no or "", index_no=index_no, excerpt=body[:search_lookup.EXCERPT_CHARS],
            cited=sorted(search_lookup.cited_keys(body) - own),
            facets={"type": "法定主动公开内容", "agency": agency.name, "topic": agency.topic.split("\\")[0],
                    "genre": p.genre, "validity": "现行有效", "year": str(p.year)}))
    return rows


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)) if path.is_file() else 0


def lookup_bytes(folder: Path, meta: dict, q: Query, ids_of) -> dict:
    """The lookup files a query fetches (as search.js does) and their compressed bytes."""
    files = {"meta.json"}
    text = q.text
    runs = search_lookup.word_runs(text)
    if any(c.isdigit() for c in text):
        files.add(f"k/{search_lookup.fnv1a(doc_no_key(text)) % meta['key_buckets']}.txt")
        if q.kind == "doc_no":
            runs = []  # a 文号 its document bears: the page does not look up its grams
    for run in runs:
        grams = [run] if len(run) == 1 else [run[i:i + 2] for i in range(0, len(run) - 1, 2 if len(run) > 6 else 1)]
        if len(run) > 1:
            grams.append(run[-2:])
        files.update(f"p/{search_lookup.fnv1a(g) % meta['buckets']}.txt" for g in grams)
    for doc in ids_of(q)[:11]:
        files.add(f"r/{doc // meta['rows_per_file']}.json")
    return {"files": len(files), "bytes": sum(gz(folder / f) for f in files)}


def lookup_only(n: int, per_year: int) -> dict:
    started = time.perf_counter()
    rows = corpus_rows(n)
    rows_s = time.perf_counter() - started
    target = OUT / f"lookup-{n}"
    started = time.perf_counter()
    sizes = search_lookup.write_index(rows, target, folder="lookup")
    write_s = time.perf_counter() - started
    folder = target / "lookup"
    meta = json.loads((folder / "meta.json").read_text())
    order = {r.url: i for i, r in enumerate(search_lookup.ordered(rows))}
    titles = [r.title for r in search_lookup.ordered(rows)]

    def ids_of(q: Query) -> list[int]:  # the documents shown first: the bearer, or titles newest first
        if q.kind == "doc_no":
            return [order[q.target]]
        return [i for i, t in enumerate(titles) if q.text in t][:11]

    docs = [{"title": r.title, "doc_no": r.doc_no, "url": r.url, "year": r.date[:4]} for r in rows]
    queries = sample(docs, per_year)
    weights = [lookup_bytes(folder, meta, q, ids_of) for q in queries]
    per_kind = {}
    for q, w in zip(queries, weights):
        per_kind.setdefault(q.kind, []).append(w["bytes"])
    all_files = [p for p in folder.rglob("*") if p.is_file()]
    result = {
        "size": n, "documents": len(rows), "rows_seconds": round(rows_s, 1), "index_write_seconds": round(write_s, 2),
        "files": len(all_files), "bytes_raw": sum(sizes.values()), "bytes_gzip": sum(gz(p) for p in all_files),
        "buckets": meta["buckets"], "key_buckets": meta["key_buckets"],
        "posting_file_gzip_median": statistics.median(gz(p) for p in (folder / "p").iterdir()),
        "posting_file_gzip_max": max(gz(p) for p in (folder / "p").iterdir()),
        "columns_gzip": {p.stem: gz(p) for p in (folder / "f").iterdir()}, "dates_gzip": gz(folder / "dates.json"),
        "t2s_gzip": gz(folder / "t2s.json"),
        "query_lookup_bytes": {k: {"median": statistics.median(v), "max": max(v), "queries": len(v)}
                               for k, v in sorted(per_kind.items())},
        "search_js_gzip": gz(REPO / "themes/default/assets/search.js"),
    }
    return result


# --- the whole site, through the page ----------------------------------------------------------

def build(n: int, work: Path) -> dict:
    tree = work / str(n)
    if not (tree / "corpus.json").is_file():
        print(f"generating {n} entries …", flush=True)
        corpus.generate(n, tree)
    site = tree / "site"
    started = time.perf_counter()
    if not (site / "lookup" / "meta.json").is_file():
        print("building …", flush=True)
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--root", str(tree / "gongkai"),
                               "--as-of", corpus.AS_OF, "-o", str(site)], cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
    build_s = time.perf_counter() - started
    from generator.search.index import searchable_pages

    started = time.perf_counter()
    pages = list(searchable_pages(site))
    scan_s = time.perf_counter() - started
    started = time.perf_counter()
    search_lookup.write_index(list(search_lookup.rows_of_pages(site, pages).values()), OUT / f"relookup-{n}")
    lookup_s = time.perf_counter() - started
    return {"site": site, "build_seconds": round(build_s, 1), "lookup_index_seconds": round(lookup_s, 2),
            "page_scan_seconds": round(scan_s, 2)}


def site_docs(site: Path) -> list[dict]:
    entries = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["entries"]
    from urllib.parse import urlsplit

    return [{"title": e["title"], "doc_no": e.get("doc_no") or "", "year": e["published"][:4],
             "url": urlsplit(e["url"]).path} for e in entries]


def lookup_docs(folder: Path) -> list[dict]:
    """The documents of a lookup index, read from its row files (url, title, date, 文号)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    docs = []
    for n in range(-(-meta["docs"] // meta["rows_per_file"])):
        for url, title, date, doc_no, *_ in json.loads((folder / "r" / f"{n}.json").read_text(encoding="utf-8")):
            if url.startswith("catalog/"):
                docs.append({"title": title, "doc_no": doc_no, "year": date[:4], "url": "/" + url})
    return docs


def with_lookup(site: Path, lookup: Path, target: Path) -> Path:
    """A copy of a built site (hard links) whose lookup/ is another's: the lookups of a larger
    catalog through the same page, without rendering it (its full text stays the site's)."""
    from generator.placing import link_tree

    shutil.rmtree(target, ignore_errors=True)
    link_tree(site, target)
    shutil.rmtree(target / "lookup")
    link_tree(lookup, target / "lookup")
    return target


def through_the_page(site: Path, per_year: int, docs: list[dict] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_nginx

    docs = docs or site_docs(site)
    process, server = start_nginx(site, OUT / "nginx-search")
    mount = server.base.split("127.0.0.1:")[1].split("/", 1)[1].rstrip("/")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            queries = sample([dict(d, url="/" + mount + d["url"]) for d in docs], per_year)
            rare = next(q.text for q in queries if q.kind == "6")  # one title or a few
            first = {name: first_query(browser, server, text)
                     for name, text in (("common_words", FIRST_QUERY), ("doc_no", next(d["doc_no"] for d in docs if d["doc_no"])),
                                        ("title_fragment_6", rare), ("body_words", body_only_words(site, docs)))}
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            pg = context.new_page()
            pg.goto(server.url("search/"))
            pg.wait_for_function("Number(document.body.dataset.searchDone || 0) > 0", timeout=60000)
            paths, titles, seconds = {}, {}, []
            for q in queries:
                started = time.perf_counter()
                rows = type_query(pg, q.text, timeout=60000)
                seconds.append(time.perf_counter() - started)
                paths[q.text] = [r[0] for r in rows]
                titles[q.text] = [r[1] for r in rows]
            context.close()
            browser.close()
    finally:
        process.terminate()
    table = score(queries, paths, titles)
    return {"recall": {k: {x: v[x] for x in ("queries", "recall", "strict_recall", "missed")} for k, v in table.items()},
            "first_query": first,
            "enter_to_results_s": {"median": round(statistics.median(seconds), 3), "p95": round(sorted(seconds)[int(len(seconds) * .95)], 3),
                                   "max": round(max(seconds), 3), "queries": len(seconds)}}


def body_only_words(site: Path, docs: list[dict]) -> str:
    """Four characters of a body (a row's excerpt) that no title holds: the lookups find
    nothing, so the full text runs on the first query."""
    titles = [d["title"] for d in docs]
    for rows in sorted((site / "lookup" / "r").glob("*.json"), key=lambda p: int(p.stem)):
        for row in json.loads(rows.read_text(encoding="utf-8")):
            for run in search_lookup.word_runs(row[5]):
                for i in range(0, len(run) - 3):
                    words = run[i:i + 4]
                    if all("\u4e00" <= c <= "\u9fff" for c in words) and not any(words in t for t in titles):
                        return words
    return "xqzvbnmk"


def first_query(browser, server, text: str) -> dict:
    """A fresh browser opens search/?q=… (as the header's search box sends a reader there):
    bytes nginx sent, until the lookup's results are on screen and until the page has settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    offset = server.log_size()
    pg.goto(server.url("search/?q=" + quote(text)))
    pg.wait_for_function("Number(document.body.dataset.searchDone || 0) > 0", timeout=60000)
    pg.wait_for_load_state("networkidle")
    shown = set(pg.evaluate("""() => {
        const end = performance.getEntriesByName('gk-results-shown')[0].startTime;
        return performance.getEntriesByType('resource').filter(r => r.responseEnd <= end)
            .map(r => new URL(r.name).pathname + new URL(r.name).search); }"""))
    settled = server.log_since(offset)
    context.close()

    def part(rows, search_only):
        rows = [r for r in rows if not search_only or any(k in r[0] for k in ("/lookup/", "/pagefind/", "/assets/search."))]
        return {"requests": len(rows), "bytes": sum(r[2] for r in rows), "kb": round(sum(r[2] for r in rows) / 1024, 1)}

    return {"query": text, "results_shown": part([r for r in settled if r[0] in shown], True),
            "settled": part(settled, True), "settled_with_page": part(settled, False)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--work", type=Path, default=OUT / "search-corpus")
    parser.add_argument("--per-year", type=int, default=3)
    parser.add_argument("--lookup-only", action="store_true")
    parser.add_argument("--page-with-lookup-of", type=Path, metavar="SITE",
                        help="serve SITE (a built site) with the lookup index of --lookup-only SIZE "
                             "and type the sampled queries into its search page")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.page_with_lookup_of:
        lookup = OUT / f"lookup-{args.size}" / "lookup"
        site = with_lookup(args.page_with_lookup_of.resolve(), lookup, OUT / f"site-with-lookup-{args.size}")
        result = {"site": str(site), "lookup_of": args.size, **through_the_page(site, args.per_year, lookup_docs(lookup))}
        args.lookup_only = "page"
    elif args.lookup_only:
        result = lookup_only(args.size, args.per_year)
    else:
        built = build(args.size, args.work)
        result = dict(built, site=str(built["site"]), **through_the_page(built["site"], args.per_year))
    suffix = {True: "-lookup", "page": "-lookup-page"}.get(args.lookup_only, "")
    path = OUT / f"search-{args.size}{suffix}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1)[:6000])
    print(f"→ {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
