"""Helpers for the site-build tests: fixture trees, builds, and reading the output."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = "2026-11-23"

# What the basic fixture withholds (依申请公开, 不予公开, draft, scheduled, draft interpretation):
# none of these strings may appear in any output file.
WITHHELD_MARKERS = ["WITHHELD1", "WITHHELD2", "WITHHELD3", "WITHHELD4", "WITHHELD5",
                    "11440800007182505N/2019-00007", "11440800007182505N/2019-00008",
                    "11440800007183073J/2023-00009", "11440800007183073J/2030-00010",
                    "测发改〔2023〕9号", "测发改〔2030〕10号"]


def copy_fixture(name: str, target: Path) -> Path:
    shutil.copytree(FIXTURES / name, target)
    return target


class Run:
    def __init__(self, proc):
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr


def gongkai(*args) -> Run:
    proc = subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    return Run(proc)


def build(root: Path, out: Path, *args: str) -> Run:
    return gongkai("build", "--root", root, "--as-of", AS_OF, "-o", out, *args)


def output_text(path: Path) -> str:
    """A built file as text; Pagefind's gzip-compressed index and fragments are unpacked."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def parse_links(html: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(html)
    return parser


def resolve(page: Path, site: Path, link: str) -> Path | None:
    """The file a relative link from page points at, or None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#"):
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if link.split("#")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def tag_pattern(tag: str) -> re.Pattern:
    return re.compile(rf"<{tag}\b[^>]*>", re.I)
