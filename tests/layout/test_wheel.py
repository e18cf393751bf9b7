"""A plain `pip install` of the wheel builds any site root (issue: the wheel once had no templates).

The wheel is built from a copy of the repository's tracked files, installed into a fresh virtual
environment (its libraries come from the test machine's site-packages, the wheel itself with
--no-deps), and run on a site root that holds only content/ and site_config.yml: no themes/, no
generator/ beside it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"


def run(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    tracked = run(["git", "ls-files", "-z"], cwd=REPO).stdout.split("\0")
    for rel in filter(None, tracked):
        if (REPO / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, source / rel)
    out = tmp_path_factory.mktemp("wheel")
    built = run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source])
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("gongkai-*.whl")
    return found


def test_the_wheel_carries_every_module_and_the_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*.py")}
    assert modules - names == set(), "modules missing from the wheel (pyproject.toml [tool.setuptools] packages)"
    theme = {"generator/" + p.relative_to(REPO).as_posix() for p in (REPO / "themes").rglob("*") if p.is_file()}
    assert theme - names == set(), "theme files missing from the wheel"


def test_an_installed_wheel_builds_a_bare_site_root(wheel, tmp_path):
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", "--system-site-packages", venv]).returncode == 0
    python = venv / "bin" / "python"
    installed = run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel])
    assert installed.returncode == 0, installed.stderr
    where = run([python, "-c", "import generator; print(generator.__file__)"], cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr  # the wheel, not the checkout

    site = tmp_path / "office"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy2(REPO / "site_config.yml", site / "site_config.yml")
    built = run([venv / "bin" / "gongkai", "build", "--as-of", AS_OF, "-o", tmp_path / "out"], cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "md-header" in home and "gongkai." in home  # Material's frame and our hashed stylesheet
    assert list((tmp_path / "out" / "assets").glob("gongkai.*.css"))
    assert run([python, "-m", "generator", "--version"], cwd=site).stdout.startswith("gongkai ")
