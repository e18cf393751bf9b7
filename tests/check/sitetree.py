"""Small content trees for `gongkai check`, built in tmp_path: one valid site plus the one
broken file a test is about, so each test reads as "this file, this finding"."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

AS_OF = "2026-11-23"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> list[dict]:
        """Findings of a `--format json` run."""
        return [json.loads(line) for line in self.out.splitlines() if line.startswith("{")]

SITE_CONFIG = """\
title: 测试站点
base_url: https://example.gov.cn/xxgk/
"""

# Codes with valid check characters (computed with generator.model.identifiers).
GOV_CODE = "11440800007187656Q"
FGJ_CODE = "11440800007187664K"
AGENCIES = f"""\
agencies:
  - id: zj-gov-office
    name: 湛江市人民政府办公室
    code: "{GOV_CODE}"
    doc_prefixes: [湛府办]
    phones: ["0759-3100201", "13800138000"]
    emails: [office@zhanjiang.example.cn]
  - id: zj-fgj
    name: 湛江市发展和改革局
    short_name: 市发改局
    code: "{FGJ_CODE}"
"""

ENTRY_DEFAULTS = {
    "title": "湛江市人民政府办公室关于做好政务公开工作的通知",
    "index_no": f"{GOV_CODE}/2018-00001",
    "agency": "zj-gov-office",
    "doc_no": "湛府办〔2018〕1号",
    "written": "2018-06-01",
    "published": "2018-06-04",
    "topic": "综合政务\\政务公开",
    "genre": "通知",
    "disclosure": "主动公开",
    "summary": "部署全市政务公开工作。",
}


def _yaml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)  # JSON is YAML flow style: one line per key
    return str(value)


def front_matter(fields: dict, body: str = "正文。\n") -> str:
    lines = ["---"] + [f"{k}: {_yaml_value(v)}" for k, v in fields.items() if v is not None] + ["---", "", body]
    return "\n".join(lines)


def entry(body: str = "正文。\n", **overrides) -> str:
    """A catalog entry: the valid defaults with `overrides` (None removes a key)."""
    return front_matter({**ENTRY_DEFAULTS, **overrides}, body)


def interpretation(body: str = "解读正文。\n", **overrides) -> str:
    fields = {"title": "《关于做好政务公开工作的通知》解读", "agency": "zj-gov-office", "published": "2018-06-04",
              "interprets": [ENTRY_DEFAULTS["index_no"]], "form": "文字"}
    return front_matter({**fields, **overrides}, body)


ENTRY_PATH = "content/catalog/zj-gov-office/2018/notice.md"


def line_of(text: str, key: str) -> int:
    """Line number (1-based) of `key:` in a file's text."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    raise AssertionError(f"{key} not in text")


def make_site(root: Path, files: dict[str, str | bytes] | None = None, *, config: str | None = SITE_CONFIG,
              agencies: str = AGENCIES, default_entry: bool = True) -> Path:
    """Write a site: site_config.yml, agencies.yml, a valid entry at ENTRY_PATH (unless replaced) and `files`."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "site_config.yml").write_text(config, encoding="utf-8")
    all_files: dict[str, str | bytes] = {"content/agencies.yml": agencies}
    if default_entry:
        all_files[ENTRY_PATH] = entry()
    all_files.update(files or {})
    for rel, text in all_files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def check(root: Path, *args: str, fmt: str = "json", as_of: str = AS_OF) -> Run:
    """`gongkai check` in this process (the same entry point as the command; fast enough for many trees)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["check", "--root", str(root), "--as-of", as_of, "--format", fmt, *args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue())


def codes(run: Run) -> list[str]:
    return [f["code"] for f in run.findings()]


def only(run: Run, code: str) -> dict:
    """The single finding with `code` (fails with the whole list otherwise)."""
    found = [f for f in run.findings() if f["code"] == code]
    assert len(found) == 1, run.out
    return found[0]
