"""Browser tests: the demo site built once per session, served by a real nginx under /xxgk/,
driven by Debian's chromium through Playwright (never `playwright install`: no browser download).

The tests skip, saying why, only when chromium or nginx is missing; CI (.ci/run) installs both.
axe-core comes from npm into tests/.node (scripts/test installs it; the fixture does it when
it is missing and npm is there).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
MOUNT = "/xxgk/"
AS_OF = "2026-11-23"
OUTPUT = REPO / "test-output"
AXE = REPO / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def require_browser_tools() -> None:
    missing = [name for name, ok in (("chromium (/usr/bin/chromium)", os.path.exists(CHROMIUM)),
                                      ("nginx", nginx_binary() is not None)) if not ok]
    if missing:
        pytest.skip("browser tests need " + " and ".join(missing) + " (apt-get install chromium nginx; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]' (scripts/test does)")


def build_demo(out: Path, env_extra: dict | None = None) -> Path:
    env = dict(os.environ, **(env_extra or {}))
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--as-of", AS_OF, "-o", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"gongkai build failed:\n{done.stdout}\n{done.stderr}"
    return out


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """`gongkai build --as-of 2026-11-23 -o DIR` of the repository's demo content, once."""
    require_browser_tools()
    return build_demo(tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory) -> Path:
    """The same demo, its search index forced into several shards (a few pages each)."""
    require_browser_tools()
    return build_demo(tmp_path_factory.mktemp("demo-sharded") / "site",
                      {"GONGKAI_SEARCH_SINGLE_MAX": "8", "GONGKAI_SEARCH_SHARD_MAX": "8"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_CONF = """\
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    types {{ application/wasm wasm; }}
    default_type application/octet-stream;
    log_format sizes '$request_uri $status $body_bytes_sent $bytes_sent';
    access_log {prefix}/access.log sizes;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    # As a real host would: compress text. Pagefind's own .pf_* and wasm files are gzipped already.
    gzip on;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml
               application/xml application/atom+xml text/csv text/plain;
    server {{
        listen 127.0.0.1:{port};
        # the host's own root, which is not the site's business (the browser asks it for /favicon.ico)
        location = /favicon.ico {{ return 204; }}
        location {mount} {{ alias {root}/; }}
    }}
}}
"""


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT/xxgk/
    root: Path
    log: Path

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def log_since(self, offset: int) -> list[tuple[str, int, int]]:
        """(uri, status, body bytes sent) of the requests logged after `offset`."""
        time.sleep(0.2)  # nginx writes the line when the response is done
        with self.log.open("rb") as f:
            f.seek(offset)
            lines = f.read().decode().splitlines()
        rows = []
        for line in lines:
            uri, status, body, _total = line.rsplit(" ", 3)
            rows.append((uri, int(status), int(body)))
        return rows


def start_nginx(root: Path, prefix: Path) -> tuple[subprocess.Popen, Server]:
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the tmp folder
    conf.write_text(NGINX_CONF.format(user=user, prefix=prefix, port=port, mount=MOUNT, root=root))
    process = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return process, Server(f"http://127.0.0.1:{port}{MOUNT}", root, prefix / "access.log")


def _serve(root: Path, prefix: Path):
    process, server = start_nginx(root, prefix)
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(demo_site, tmp_path_factory):
    yield from _serve(demo_site, tmp_path_factory.mktemp("nginx"))


@pytest.fixture(scope="session")
def sharded_server(sharded_site, tmp_path_factory):
    yield from _serve(sharded_site, tmp_path_factory.mktemp("nginx-sharded"))


@pytest.fixture(scope="session")
def browser():
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh context (empty cache) and page; console errors and failed requests collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.errors.append(f"request failed: {r.url}"))
    # no request may leave the site: anything not on our nginx fails loudly
    pg.outside = []
    pg.on("request", lambda r: pg.outside.append(r.url)
          if not (r.url.startswith(server.base.split("/xxgk/")[0]) or r.url.startswith(("data:", "blob:"))) else None)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund",
                        "--prefix", str(AXE.parents[2]), "axe-core@4"], check=False, capture_output=True)
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: npm install --prefix tests/.node axe-core@4 (scripts/test does) [{AXE}]")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def output_dir() -> Path:
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    return OUTPUT


def wait_for_search(pg, previous: int = 0, timeout: float = 15000) -> int:
    """Wait until the search page has finished search number > previous; returns its number."""
    pg.wait_for_function(f"Number(document.body.dataset.searchDone || 0) > {previous}", timeout=timeout)
    return int(pg.evaluate("document.body.dataset.searchDone"))
