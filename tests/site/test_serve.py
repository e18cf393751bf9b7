"""`gongkai serve`: serves the site under the base path and rebuilds on save; a content error
keeps the last good site online."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from sitebuild import AS_OF, REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_save_and_survives_errors(basic_root):
    config = basic_root / "site_config.yml"  # no search index: keeps each rebuild quick
    config.write_text(config.read_text(encoding="utf-8") + "features:\n  search: false\n", encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/xxgk/"
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--root", str(basic_root),
                             "--as-of", AS_OF, "--port", str(port)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        assert fetch(f"http://127.0.0.1:{port}/nothing-here")[0] == 404
        assert fetch(base + "no/such/page/")[0] == 404
        entry = basic_root / "content/catalog/fgj/2023/xiangmu.md"
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace("全年安排重大建设项目一百个。", "全年安排重大建设项目二百个。"), encoding="utf-8")
        page = base + "catalog/fgj/2023/xiangmu/"
        wait_for(lambda: "二百个" in fetch(page)[1])
        entry.write_text(text.replace("written: 2023-02-01", "written: 2023-02-31"), encoding="utf-8")  # an error
        time.sleep(2.5)
        status, html = fetch(page)
        assert status == 200 and "二百个" in html  # the last good build stays online
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/xxgk/" in out
    assert "2023-02-31" in out + err or "written" in out + err  # the finding was shown in the terminal
