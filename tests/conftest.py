"""Shared test helpers: run the command line the way an editor or CI does."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> list[dict]:
        """Findings of a `--format json` run."""
        return [json.loads(line) for line in self.out.splitlines() if line.startswith("{")]


def gongkai(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 600) -> Run:
    """Run `python -m generator.cli ARGS` in a subprocess: exit code, stdout, stderr."""
    proc = subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, env=env, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def run_gongkai():
    return gongkai


@pytest.fixture
def repo() -> Path:
    return REPO
