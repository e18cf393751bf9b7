"""`gongkai serve`: a live preview for editors.

Builds the site, serves it under the base path of base_url (http://127.0.0.1:8000/xxgk/ for
base_url https://example.gov.cn/xxgk/, so that the preview behaves like the real host), and
rebuilds when content/, site_config.yml or themes/ change. A content error does not stop the
server: the findings are printed in the terminal and the last good site stays online.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from ..model.findings import EXIT_ERRORS, EXIT_OK
from ..output.build import default_output
from ..render.pages import base_path
from ..text.console import console
from .build import build_into

DEBOUNCE_SECONDS = 0.4  # editors' tools save several files at once: wait for the burst to end


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of out_dir under prefix (e.g. /xxgk/); anything else is redirected or 404."""

    def __init__(self, *args, out_dir: Path, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, directory=str(out_dir), **kwargs)

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith(self.prefix):
            path = "/" + clean[len(self.prefix):]
        else:
            path = "/__outside_the_site__"
        return super().translate_path(path)

    def do_GET(self):
        if self.path in ("/", "") and self.prefix != "/":
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        super().do_GET()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a preview must show the latest build
        super().end_headers()

    def log_message(self, format, *args):  # keep the terminal for findings
        pass


class Rebuilder:
    """Runs builds one at a time; a burst of saves leads to one rebuild."""

    def __init__(self, args, out_dir: Path, lang: str):
        self.args = args
        self.out_dir = out_dir
        self.lang = lang  # the site's language when the preview started: its own lines are in it
        self.pending = threading.Event()
        self.lock = threading.Lock()
        self.last_good = False

    def build(self) -> bool:
        """One build: only the edited pages when only bodies changed (generator/output/incremental.py)."""
        with self.lock:
            build_args = SimpleNamespace(root=self.args.root, as_of=self.args.as_of, strict=self.args.strict,
                                         format="text", jobs=None, no_search=False)
            try:
                code = build_into(build_args, self.out_dir, started=time.perf_counter())
            except Exception as exc:  # the preview keeps serving the last good site
                code = EXIT_ERRORS
                print(console(self.lang, "serve.failed", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
            if code != EXIT_OK:
                print(console(self.lang, "serve.keeps_last"), file=sys.stderr)
                return False
            self.last_good = True
            return True

    def watch_loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if self.pending.wait(0.2):
                time.sleep(DEBOUNCE_SECONDS)
                self.pending.clear()
                self.build()


def start_watcher(root: Path, out_dir: Path, rebuilder: Rebuilder):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    watched = [root / "content", root / "themes"]
    config = root / "site_config.yml"

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event):
            paths = [Path(p) for p in (getattr(event, "src_path", ""), getattr(event, "dest_path", "")) if p]
            for path in paths:
                if out_dir in path.parents or path.name.startswith(".") or path.name.endswith("~"):
                    continue
                if path == config or any(w in path.parents for w in watched):
                    rebuilder.pending.set()
                    return

    observer = Observer()
    handler = Changed()
    for folder in watched:
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # site_config.yml
    observer.daemon = True
    observer.start()
    return observer


def serve_command(args) -> int:
    root = Path(args.root).resolve()
    out_dir = default_output(root)

    from ..load.site import load_config
    from ..model.config import ConfigError
    from ..model.findings import Findings

    try:
        config = load_config(root, Findings())
        prefix, lang = base_path(config.base_url), config.language
    except ConfigError:
        prefix, lang = "/", "zh"
    rebuilder = Rebuilder(args, out_dir, lang)
    rebuilder.build()
    if not out_dir.is_dir():
        print(console(lang, "serve.nothing_yet"), file=sys.stderr)
        out_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(PreviewHandler, out_dir=out_dir, prefix=prefix)
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    stop = threading.Event()
    observer = start_watcher(root, out_dir, rebuilder)
    threading.Thread(target=rebuilder.watch_loop, args=(stop,), daemon=True).start()
    host = args.host if ":" not in args.host else f"[{args.host}]"
    print(console(lang, "serve.address", url=f"http://{host}:{server.server_address[1]}{prefix}"), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        observer.stop()
        server.server_close()
    return 0
