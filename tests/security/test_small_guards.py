"""The small ones of issue 12, each at the level an editor or a reader meets it, on a copy of the
demo: catalog.csv cells that a spreadsheet would run as formulas, a base_url that is not http(s),
an invisible character in a title/索引号/文号, a NUL byte's line, and a draft annual report among
the withheld items."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
ENTRY = "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"


def run(*args, module: str = "generator.cli") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


def check(root: Path) -> tuple[int, list[dict], str]:
    done = run("check", "--root", root, "--as-of", AS_OF, "--format", "json")
    return done.returncode, [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")], done.stderr


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- catalog.csv: OWASP's CSV-injection rule ----------------------------------------------------

def test_catalog_csv_cells_cannot_start_a_formula(demo, tmp_path):
    title = '=HYPERLINK("https://evil.example/","点此查看")'
    edit(demo, ENTRY, "title: 湛江市2024年市级一般公共预算和政府性基金预算", f"title: '{title}'")
    edit(demo, ENTRY, "keywords: [预算,", "keywords: ['@SUM(1+1)', '+cmd', '-2+3',")
    out = tmp_path / "out"
    done = run("build", "--root", demo, "-o", out, "--as-of", AS_OF, "--no-search")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO((out / "catalog.csv").read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if "HYPERLINK" in "".join(r)]
    assert "'" + title in row
    assert any(cell.startswith("'@SUM(1+1)、+cmd、-2+3") for cell in row)
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for r in rows for cell in r)
    # The machine-readable JSON keeps the title as written: only the spreadsheet format needs the quote.
    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert any(e["title"] == title for e in data["entries"])


# --- base_url: http(s) only ---------------------------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(document.domain)//", "data:text/html,<script>alert(1)</script>",
                                 "//evil.example/", "https://example.gov.cn/\"><script>", "ftp://example.gov.cn/"])
def test_base_url_must_be_http_or_https(demo, url):
    config = demo / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("base_url:"))
    lines[number - 1] = "base_url: " + json.dumps(url)
    config.write_text("\n".join(lines), encoding="utf-8")
    code, findings, _ = check(demo)
    assert code == 2
    assert [(f["file"], f["line"], f["field"], f["code"]) for f in findings] == \
        [("site_config.yml", number, "base_url", "SCH002")]
    assert "https://" in findings[0]["hint"]


def test_base_url_may_be_http(demo):
    edit(demo, "site_config.yml", "base_url: https://", "base_url: http://")
    assert check(demo)[0] == 0


# --- invisible characters in identifiers ----------------------------------------------------------

def test_invisible_characters_are_named_with_their_position(demo):
    edit(demo, ENTRY, "index_no: 114408000071831536/2024-00008", "index_no: 114408000071831536/2024-0\u200b0008")
    edit(demo, ENTRY, "doc_no: 湛财预〔2024〕8号", "doc_no: 湛财预\u2060〔2024〕8号")
    edit(demo, ENTRY, "title: 湛江市", "title: 湛江\ufeff市")
    code, findings, _ = check(demo)
    assert code == 1
    got = [(f["line"], f["field"], f["code"]) for f in findings if f["file"] == ENTRY]
    assert got == [(2, "title", "CAT007"), (3, "index_no", "CAT007"), (5, "doc_no", "CAT007")]  # not CAT003 too
    messages = {f["field"]: f["message"] for f in findings}
    assert "U+200B" in messages["index_no"] and "零宽空格" in messages["index_no"] and "第 26 个字符" in messages["index_no"]
    assert "U+2060" in messages["doc_no"] and "第 4 个字符" in messages["doc_no"]
    assert "U+FEFF" in messages["title"] and "第 3 个字符" in messages["title"]


def test_an_invisible_character_does_not_hide_a_duplicate_index_number(demo):
    """Two 索引号 that differ only by a zero-width space are the same to a reader: both reported."""
    other = "content/catalog/zj-czj/2024/copy.md"
    text = (demo / ENTRY).read_text(encoding="utf-8").replace("2024-00008", "2024-000\u200b08")
    (demo / other).write_text(text, encoding="utf-8")
    _, findings, _ = check(demo)
    assert {(f["file"], f["code"]) for f in findings if f["code"] == "CAT004"} == {(ENTRY, "CAT004"), (other, "CAT004")}


# --- a NUL byte on its own line -------------------------------------------------------------------

@pytest.mark.parametrize("line", [3, 5])
def test_a_nul_byte_is_reported_on_its_line(demo, line):
    path = demo / "content/pages/about.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] += "\x00"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, findings, _ = check(demo)
    assert code == 1
    [finding] = [f for f in findings if f["level"] == "error"]  # the demo's one warning (report.missing) aside
    assert (finding["file"], finding["line"], finding["code"]) == ("content/pages/about.md", line, "FILE003")
    assert "U+0000" in finding["message"]


# --- withheld counts --------------------------------------------------------------------------------

def test_a_draft_annual_report_is_counted_among_the_withheld(demo, tmp_path):
    def withheld(root: Path) -> tuple[str, str, str]:
        checked = run("check", "--root", root, "--as-of", AS_OF).stderr.strip().splitlines()[-1]
        built = run("build", "--root", root, "-o", tmp_path / "out", "--as-of", AS_OF, "--no-search").stderr
        ci = run("--root", root, "--as-of", AS_OF, module="generator.commands.ci_summary").stdout
        return checked, next(x for x in built.splitlines() if "不发布" in x), \
            next(x for x in ci.splitlines() if "不发布" in x)

    before = withheld(demo)
    report = (demo / "content/reports/zj-czj/2024.md").read_text(encoding="utf-8")
    report = report.replace("year: 2024", "year: 2025").replace("2024年", "2025年").replace("---\n", "---\ndraft: true\n", 1)
    (demo / "content/reports/zj-czj/2025.md").write_text(report, encoding="utf-8")
    after = withheld(demo)
    for old, new in zip(before, after):
        assert "4 项不发布" in old or "**4**" in old
        assert "5 项不发布" in new or "**5**" in new
