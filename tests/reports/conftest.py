"""Annual-report fixtures: a small site with one agency of each kind, and report files written
from Python dicts in the same one-row-a-line shape an editor writes (generator/authoring/report.py).

The numbers of `spec_tables()` make a complete 2021 report (sample numbers, every cell of the form)
in which every identity of docs/annual-report.md#identities holds."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import cli
from generator.authoring.report import dump_front_matter, empty_tables

AS_OF = "2026-11-23"
SITE_CONFIG = "title: 年报测试站点\nbase_url: https://example.gov.cn/xxgk/\n"
AGENCIES = """\
agencies:
  - id: demo-fgw
    name: 示例市发展和改革委员会
    kind: 部门
  - id: demo-gov
    name: 示例市人民政府
    kind: 政府
  - id: demo-town
    name: 示例镇人民政府
    kind: 其他
"""
BODY = """
本报告由示例市发展和改革委员会根据《中华人民共和国政府信息公开条例》编制。（样例数据）

## 一、总体情况

（样例）总体情况。

## 五、存在的主要问题及改进情况

（样例）存在的问题。

## 六、其他需要报告的事项

本年度未收取信息处理费。（样例）
"""

_SPEC_CELLS = {
    "二.行政规范性文件": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 15},
    "二.行政许可": {"本年处理决定数量": 120}, "二.行政处罚": {"本年处理决定数量": 35},
    "二.行政强制": {"本年处理决定数量": 3}, "二.行政事业性收费": {"本年收费金额": 12.5},
    "三.本年新收": {"自然人": 13, "商业企业": 2, "法律服务机构": 1, "总计": 16},
    "三.上年结转": {"自然人": 1, "总计": 1},
    "三.办理结果.予以公开": {"自然人": 5, "商业企业": 1, "总计": 6},
    "三.办理结果.部分公开": {"自然人": 1, "总计": 1},
    "三.办理结果.不予公开.第三方合法权益": {"自然人": 1, "总计": 1},
    "三.办理结果.不予公开.四类过程性信息": {"自然人": 1, "总计": 1},
    "三.办理结果.无法提供.本机关不掌握": {"自然人": 3, "商业企业": 1, "总计": 4},
    "三.办理结果.不予处理.信访举报投诉": {"自然人": 1, "总计": 1},
    "三.办理结果.其他处理.逾期不补正": {"自然人": 1, "总计": 1},
    "三.办理结果.其他处理.其他": {"法律服务机构": 1, "总计": 1},
    "三.办理结果.总计": {"自然人": 13, "商业企业": 2, "法律服务机构": 1, "总计": 16},
    "三.结转下年度": {"自然人": 1, "总计": 1},
    "四.行政复议": {"结果维持": 1, "尚未审结": 1, "总计": 2},
    "四.行政诉讼.未经复议直接起诉": {"尚未审结": 1, "总计": 1},
    "四.行政诉讼.复议后起诉": {"结果维持": 1, "总计": 1},
}


def node(tables: dict, path: str) -> dict:
    for key in path.split("."):
        tables = tables[key]
    return tables


def spec_tables() -> dict:
    """A complete set of tables (format 2021) in which every identity holds."""
    tables = empty_tables("2021")
    for path, cells in _SPEC_CELLS.items():
        node(tables, path).update(cells)
    return tables


def set_cell(tables: dict, path: str, value) -> dict:
    """set_cell(t, "三.办理结果.不予公开.国家秘密.自然人", 1); value=DELETE removes the key."""
    *row, column = path.split(".")
    target = node(tables, ".".join(row))
    if value is DELETE:
        del target[column]
    else:
        target[column] = value
    return tables


DELETE = object()


@dataclass
class ReportSite:
    root: Path

    def write(self, agency: str = "demo-fgw", year: int = 2024, tables: dict | None = None, *,
              fmt: str | None = None, published: str | None = None, name: str | None = None,
              body: str = BODY, **meta) -> Path:
        fmt = fmt or ("2019" if year <= 2020 else "2021")
        head = {"agency": agency, "year": year, "published": published or f"{year + 1}-01-20", "format": fmt}
        head.update(meta)
        text = dump_front_matter(head, copy.deepcopy(tables) if tables is not None else spec_tables()) + body
        path = self.root / "content" / "reports" / agency / (name or f"{year}.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def check(self, *extra: str) -> tuple[int, list[dict]]:
        """`gongkai check --format json` on this site: (exit code, findings)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["check", "--root", str(self.root), "--as-of", AS_OF, "--format", "json", *extra])
        return code, [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]

    def report_findings(self, *extra: str) -> tuple[int, list[dict]]:
        code, findings = self.check(*extra)
        return code, [f for f in findings if f["code"].startswith("report.")]


def new_site(root: Path) -> ReportSite:
    (root / "site_config.yml").write_text(SITE_CONFIG, encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "agencies.yml").write_text(AGENCIES, encoding="utf-8")
    return ReportSite(root)


@pytest.fixture
def report_site(tmp_path) -> ReportSite:
    return new_site(tmp_path)


def line_of(path: Path, *keys: str) -> int:
    """The line of a nested YAML key, found by reading the file as text: each key is searched
    at the start of a line after the line of the key before it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = 0
    for key in keys:
        at = next(i for i in range(at, len(lines)) if lines[i].strip().startswith(f"{key}:"))
    return at + 1


def only(findings: list[dict], code: str) -> list[dict]:
    return [f for f in findings if f["code"] == code]
