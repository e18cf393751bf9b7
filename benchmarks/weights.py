"""What a reader downloads: a first search, and an entry page, as a static server sends them.

A headless Chromium (Debian's, driven by Playwright) loads pages from a local HTTP server
over the built site and records every file it fetches. Each file is then weighed the way a
gzip-enabled static server (nginx `gzip on` with the usual gzip_types) sends it: text
(HTML, CSS, JS, JSON, SVG, XML) gzip-compressed at level 6; Pagefind's index files
(.pf_meta, .pf_index, .pf_fragment, .pf_filter, .pagefind WASM) as they are on disk,
since Pagefind writes them already gzip-compressed and servers do not compress them again.

- Hugo + Pagefind: a small page in Hugo's output runs a query through Pagefind's JS API and
  loads the first 5 results (the default result page of Pagefind's UI).
- Gongkai: the site's own search page, `search/?q=…`, as a reader opens it: everything it
  fetches, and the part that is search (pagefind/ and the search script).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
import urllib.parse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}
QUERY = "政务公开"
HUGO_SEARCH_PAGE = "bench-search.html"
HUGO_SEARCH_HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>loading</title></head>
<body><script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(q);
const first = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
document.title = "done " + search.results.length + " " + first.length;
</script></body></html>
"""


def wire_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        handler.extensions_map = {**_Quiet.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript",
                                  ".wasm": "application/wasm"}
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.folder = folder
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _local_file(folder: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    path = folder / rel
    if path.is_dir() or rel.endswith("/") or rel == "":
        path = path / "index.html"
    return path if path.is_file() else None


def fetched_files(folder: Path, url_path: str, done_title: str | None = None, wait_ms: int = 15000) -> list[Path]:
    """Open url_path in Chromium and return the local files it fetched (in order, without repeats)."""
    from playwright.sync_api import sync_playwright

    with Server(folder) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        urls: list[str] = []
        page.on("requestfinished", lambda req: urls.append(req.url))
        page.goto(server.base + url_path, wait_until="networkidle", timeout=wait_ms * 4)
        if done_title:
            page.wait_for_function(f"document.title.startsWith({done_title!r})", timeout=wait_ms * 4)
        page.wait_for_load_state("networkidle")
        browser.close()
    seen, files = set(), []
    for url in urls:
        path = _local_file(folder, server.base, url)
        if path and path not in seen:
            seen.add(path)
            files.append(path)
    return files


def weigh(files: list[Path], folder: Path) -> dict:
    sizes = {p.relative_to(folder).as_posix(): wire_size(p) for p in files}
    search = {k: v for k, v in sizes.items() if k.startswith("pagefind/") or "search" in k.rsplit("/", 1)[-1]}
    return {"total_kb": round(sum(sizes.values()) / 1024, 1), "search_kb": round(sum(search.values()) / 1024, 1),
            "files": len(sizes), "sizes": sizes}


def hugo_first_search(hugo_out: Path, query: str = QUERY) -> dict:
    (hugo_out / HUGO_SEARCH_PAGE).write_text(HUGO_SEARCH_HTML, encoding="utf-8")
    files = fetched_files(hugo_out, f"{HUGO_SEARCH_PAGE}?q={urllib.parse.quote(query)}", done_title="done")
    files = [f for f in files if f.name != HUGO_SEARCH_PAGE]  # the harness page is not part of the site
    return weigh(files, hugo_out)


def gongkai_first_search(site_out: Path, query: str = QUERY) -> dict:
    files = fetched_files(site_out, f"search/?q={urllib.parse.quote(query)}")
    return weigh(files, site_out)


def page_weight(site_out: Path, url_path: str) -> dict:
    """HTML + CSS + JS (+ fonts, images) of one page, compressed as served."""
    return weigh(fetched_files(site_out, url_path), site_out)


_ENTRY_PAGE = re.compile(r"catalog/(?!by-)[^/]+/\d{4}/(?!page-)[^/]+/index\.html\Z")  # not a listing page


def first_entry_page(site_out: Path) -> str | None:
    """A catalog entry page (catalog/<agency>/<year>/<entry>/), the same layout in both sites."""
    catalog = site_out / "catalog"
    for path in sorted(catalog.rglob("index.html")) if catalog.is_dir() else []:
        rel = path.relative_to(site_out).as_posix()
        if _ENTRY_PAGE.match(rel):
            return rel[: -len("index.html")]
    return None


def reweigh_entry_pages(results_json: Path, run_dir: Path) -> None:
    """Weigh the entry pages again in the kept outputs of a run (`run.py --keep`) and update
    results.json: for a run whose runner picked a listing page instead of an entry page."""
    results = json.loads(results_json.read_text(encoding="utf-8"))
    for size, steps in results["sizes"].items():
        outputs = run_dir / size / "outputs"
        for name, pattern in (("gongkai entry page", "*-site"), ("hugo entry page", "*-hugo")):
            found = sorted(outputs.glob(pattern))
            if found and (page := first_entry_page(found[0])):
                steps[name] = page_weight(found[0], page) | {"page": page}
    results_json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def weigh_queries(results_json: Path, run_dir: Path, queries: list[str]) -> None:
    """First-search bytes for more queries, in the kept outputs of a run: a query made of words
    that every page holds (政务公开) loads the largest index chunks; a narrower one shows the
    other end."""
    results = json.loads(results_json.read_text(encoding="utf-8"))
    for size, steps in results["sizes"].items():
        outputs = run_dir / size / "outputs"
        sites, hugos = sorted(outputs.glob("*-site")), sorted(outputs.glob("*-hugo"))
        for query in queries:
            if hugos and (hugos[0] / "pagefind").is_dir():
                steps[f"hugo+pagefind first search ({query})"] = hugo_first_search(hugos[0], query)
            if sites and (sites[0] / "pagefind").is_dir():
                steps[f"gongkai first search ({query})"] = gongkai_first_search(sites[0], query)
    results_json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    import sys

    if sys.argv[1] == "--queries":
        weigh_queries(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:])
    else:
        reweigh_entry_pages(Path(sys.argv[1]), Path(sys.argv[2]))
