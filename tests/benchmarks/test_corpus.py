"""The benchmark corpus: deterministic, and a Gongkai tree that checks clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "benchmarks" / "corpus.py"


def _generate(n: int, out: Path, seed: int = 1) -> None:
    subprocess.run([sys.executable, str(CORPUS), str(n), str(out), "--seed", str(seed), "--jobs", "2"],
                   check=True, capture_output=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "corpus.json"}


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    _generate(120, tmp_path / "a")
    _generate(120, tmp_path / "b")
    _generate(120, tmp_path / "c", seed=2)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first != _files(tmp_path / "c")
    catalog = [k for k in first if k.startswith("gongkai/content/catalog/")]
    assert len(catalog) == 120
    assert len([k for k in first if k.startswith("hugo/content/catalog/") and not k.endswith("_index.md")]) == 120


def test_gongkai_tree_checks_clean(tmp_path):
    _generate(300, tmp_path)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(tmp_path / "gongkai"),
                          "--as-of", "2026-11-01", "--format", "json"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    codes = {line.split('"code": "')[1].split('"')[0] for line in run.stdout.splitlines() if '"code"' in line}
    assert codes <= {"CAT070"}, codes  # only 规范性文件 without an interpretation, by design (95 % of them)
