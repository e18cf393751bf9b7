"""The project as a Python package and a repository others work in: `python -m generator`, one
version, the licence and PyPI metadata, help on every option, lint and pinned installs."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from generator import __version__
from generator.cli import parser
from sitekit import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_python_dash_m_generator_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "generator", "--version"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"gongkai {__version__}"
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--help"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0 and "--root" in result.stdout


def test_the_version_has_one_source():
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "generator.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_licence_and_pypi_metadata():
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted, free of charge" in licence
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert PROJECT["authors"] and all(a.get("name") for a in PROJECT["authors"])
    assert "Natural Language :: Chinese (Simplified)" in PROJECT["classifiers"]
    assert {"static site generator", "政府信息公开"} <= set(PROJECT["keywords"])


def _actions(p: argparse.ArgumentParser, name: str):
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {choice.dest for choice in action._choices_actions}
            for command, sub in action.choices.items():
                assert command in helped, f"gongkai {command} has no help"
                yield from _actions(sub, f"{name} {command}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield name, action


def test_every_command_and_option_has_help():
    missing = [f"{name} {'/'.join(a.option_strings) or a.dest}" for name, a in _actions(parser(), "gongkai")
               if not a.help]
    assert missing == []


def test_the_test_command_runs_ruff_before_pytest():
    ruff = PYPROJECT["tool"]["ruff"]
    assert ruff["line-length"] >= 100 and {"E", "F", "W", "I", "B", "UP"} <= set(ruff["lint"]["select"])
    assert any(req.startswith("ruff") for req in PROJECT["optional-dependencies"]["test"])
    script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert "-m ruff check" in script and script.index("-m ruff check") < script.index("-m pytest")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_constraints_pin_every_declared_dependency():
    pins = _pins()
    declared = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    for requirement in declared:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)).lower()
        assert name in pins, f"{name} is not pinned in constraints.txt"
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in pins.values())


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml", "shards.yml"])
def test_workflows_install_with_the_constraints(name):
    text = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
    installs = re.findall(r"run: [^\n]*pip install[^\n]*", text)
    assert installs and all("-c constraints.txt" in line for line in installs)
    script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert "-c constraints.txt" in script


def test_dependabot_watches_pip_and_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(u["directory"] == "/" and u["schedule"]["interval"] for u in ecosystems.values())
