"""A copy of the demo site with one hostile change, checked and built as an editor or CI would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
ENTRY = "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"  # a public entry with two attachments
FILES = "content/catalog/zj-czj/2024/files"  # its attachments' folder
WITHHELD = "content/catalog/zj-jyj/2026/xuewei-shenqing-tiaozheng-2026-draft.md"  # a draft: never published


@dataclass
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.startswith("{")]

    def codes(self) -> set[str]:
        """Codes of the findings, from `--format json` or from the text a build prints."""
        return {f["code"] for f in self.findings()} | set(re.findall(r": (?:错误|警告) ([A-Z]+[0-9]+)\b", self.out))


def gongkai(*args, timeout: int = 120) -> Run:
    proc = subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def copy_demo(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    return root


def check(root: Path, timeout: int = 120) -> Run:
    return gongkai("check", "--root", root, "--as-of", AS_OF, "--format", "json", timeout=timeout)


def build(root: Path, out: Path, *args: str, timeout: int = 180) -> Run:
    return gongkai("build", "--root", root, "--as-of", AS_OF, "-o", out, "--no-search", *args, timeout=timeout)


def append_body(root: Path, text: str, rel: str = ENTRY) -> int:
    """Add a paragraph at the end of a content file; the line it starts on."""
    path = root / rel
    old = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(old + "\n\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 3


def add_attachment(root: Path, file: str, rel: str = ENTRY) -> None:
    """A third attachment in the entry's front matter (its field path is attachments[2].file)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nsample: true\n", f"\n  - title: 附件3\n    file: {json.dumps(file, ensure_ascii=False)}\nsample: true\n", 1)
    path.write_text(text, encoding="utf-8")


def one(run: Run, code: str) -> dict:
    """The one finding with this code (its file, line and field are then asserted)."""
    found = [f for f in run.findings() if f["code"] == code]
    assert len(found) == 1, (code, run.out, run.err)
    assert "Traceback" not in run.err, run.err
    return found[0]


def refused_by_build(root: Path, out: Path, code: str) -> None:
    """The build stops on the same finding as the check, and writes no site."""
    run = build(root, out)
    assert run.code == 1, run.out + run.err
    assert code in run.codes(), run.out
    assert not out.exists()
