"""`gongkai codeowners`: each department's folders owned by its reviewers, the office owns the rest."""

from __future__ import annotations

from sitekit import AGENCIES, REPO, git, make_site, run


def owners_of(text: str) -> dict[str, list[str]]:
    rules = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            path, *owners = line.split()
            rules[path] = owners
    return rules


def test_each_agency_folder_needs_its_own_reviewers(tmp_path):
    root = make_site(tmp_path)
    result = run("codeowners", "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ".github/CODEOWNERS"
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = owners_of(text)
    assert rules["*"] == ["@hz/disclosure-office"]  # the 政府 agency's reviewers: the disclosure office
    for folder in ("catalog", "reports", "interpretations"):
        assert rules[f"/content/{folder}/hz-office/"] == ["@hz/office-reviewers", "@hz-lead"]
        assert rules[f"/content/{folder}/hz-gov/"] == ["@hz/disclosure-office"]
        assert f"/content/{folder}/no-code/" not in rules  # no reviewers: falls back to the default
    assert "示例无代码机构（no-code）：未填写审核人" in text
    assert list(rules)[0] == "*"  # the default comes first: in CODEOWNERS the last match wins


def test_check_reports_a_stale_file(tmp_path):
    root = make_site(tmp_path)
    assert run("codeowners", "--root", root, "--check").returncode == 1  # not generated yet
    assert run("codeowners", "--root", root).returncode == 0
    assert run("codeowners", "--root", root, "--check").returncode == 0
    agencies = root / "content" / "agencies.yml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("@hz-lead", "@hz-new-lead"), encoding="utf-8")
    stale = run("codeowners", "--root", root, "--check")
    assert stale.returncode == 1 and "gongkai codeowners" in stale.stderr
    assert "@hz-lead" in (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")  # --check writes nothing


def test_reviewer_spellings(tmp_path):
    agencies = AGENCIES.replace('reviewers: ["@hz/office-reviewers", "@hz-lead"]',
                                'reviewers: ["hz-lead", "office@hz.example.gov.cn", "不是账号"]')
    root = make_site(tmp_path, agencies)
    result = run("codeowners", "--root", root)
    assert result.returncode == 0
    rules = owners_of((root / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert rules["/content/catalog/hz-office/"] == ["@hz-lead", "office@hz.example.gov.cn"]
    assert "不是账号" in result.stderr and "已跳过" in result.stderr


def test_site_in_a_subfolder_of_the_repository(tmp_path):
    git(tmp_path, "init", "-q")
    root = make_site(tmp_path / "xxgk")
    assert run("codeowners", "--root", root).returncode == 0
    rules = owners_of((tmp_path / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert rules["/xxgk/content/catalog/hz-office/"] == ["@hz/office-reviewers", "@hz-lead"]


def test_unknown_site_exits_2(tmp_path):
    assert run("codeowners", "--root", tmp_path).returncode == 2


def test_the_demo_codeowners_is_up_to_date():
    result = run("codeowners", "--root", REPO, "--check")
    assert result.returncode == 0, result.stderr
