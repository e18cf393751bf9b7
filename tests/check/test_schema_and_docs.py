"""`gongkai schema` (JSON Schema for editors, from the same models as the checker) and
`gongkai docs` (the committed findings and fields references are up to date)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.authoring.docs import FIELDS_FILE, FINDINGS_FILE, generated_docs
from generator.load.document import read_document, read_yaml_file
from generator.model.findings import Findings
from generator.text import messages as i18n

from .sitetree import ENTRY_PATH, check, entry, make_site

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> int:
    from generator.cli import main

    return main(list(args))


def schemas_of(root: Path, capsys) -> dict[str, dict]:
    assert run_cli("schema", "--root", str(root), "-o", "schemas") == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(
        f"{n}.schema.json" for n in ("entry", "interpretation", "consultation", "page", "report", "agencies",
                                      "site_config"))
    return {Path(p).name.split(".")[0]: json.loads(Path(p).read_text(encoding="utf-8")) for p in printed}


def front_matter_of(path: Path, root: Path) -> dict:
    """Front matter as the loader sees it (dates stay text, as in the editor's YAML)."""
    return read_document(path, root, Findings()).meta


def test_every_schema_is_valid_json_schema(tmp_path, capsys):
    for name, schema in schemas_of(make_site(tmp_path), capsys).items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"].endswith("2020-12/schema"), name


def test_schema_accepts_what_check_accepts_and_rejects_what_it_rejects(tmp_path, capsys):
    root = make_site(tmp_path)
    schemas = schemas_of(root, capsys)
    validator = jsonschema.Draft202012Validator(schemas["entry"])
    assert list(validator.iter_errors(front_matter_of(root / ENTRY_PATH, root))) == []
    for broken in (entry(publshed="2018-06-04"), entry(disclosure="主动"), entry(genre="通只"),
                   entry(topic="综合政务\\政务公示"), entry(draft="也许")):
        (root / ENTRY_PATH).write_text(broken, encoding="utf-8")
        assert list(validator.iter_errors(front_matter_of(root / ENTRY_PATH, root))), broken
        assert check(root).code == 1


def test_site_topics_and_genres_become_enumerations(tmp_path, capsys):
    config = ("title: t\nbase_url: https://example.gov.cn/\ntopics:\n  政务公开: [目录, 年报]\n"
              "genres: [通知, 工作动态]\n")
    entry_schema = schemas_of(make_site(tmp_path, config=config), capsys)["entry"]
    enums = {name: entry_schema["properties"][name]["anyOf"][0]["enum"] for name in ("topic", "genre")}
    assert enums == {"topic": ["政务公开", "政务公开\\年报", "政务公开\\目录"], "genre": ["通知", "工作动态"]}
    assert entry_schema["properties"]["published"]["title"] == "发布日期"


def test_agencies_schema_validates_the_demo_list(capsys):
    schemas = schemas_of_repo(capsys)
    data, _ = read_yaml_file(REPO / "content/agencies.yml", REPO, Findings())
    assert list(jsonschema.Draft202012Validator(schemas["agencies"]).iter_errors(data)) == []


def schemas_of_repo(capsys) -> dict[str, dict]:
    import tempfile

    out = Path(tempfile.mkdtemp())
    assert run_cli("schema", "--root", str(REPO), "-o", str(out)) == 0
    capsys.readouterr()
    return {p.name.split(".")[0]: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}


def test_demo_entries_validate_against_their_schema(capsys):
    schemas = schemas_of_repo(capsys)
    validator = jsonschema.Draft202012Validator(schemas["entry"])
    files = sorted((REPO / "content/catalog").rglob("*.md"))
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(front_matter_of(path, REPO))]
        assert errors == [], path


def test_schema_with_invalid_site_config_exits_2(tmp_path, capsys):
    root = make_site(tmp_path, config="title: t\n")
    assert run_cli("schema", "--root", str(root)) == 2


@pytest.mark.parametrize("rel", [FINDINGS_FILE, FIELDS_FILE])
def test_committed_docs_are_up_to_date(rel):
    """Run `gongkai docs` and commit docs/ after adding a finding code or a field."""
    assert (REPO / rel).read_text(encoding="utf-8") == generated_docs()[rel], f"{rel} is stale: run gongkai docs"


def test_findings_reference_lists_every_code_with_level():
    text = generated_docs()[FINDINGS_FILE]
    for code in i18n.MESSAGES:
        assert f"`{code}`" in text
    assert "| <a id=\"PII003\"></a>`PII003` | 错误 |" in text
    assert "| <a id=\"CAT021\"></a>`CAT021` | 警告 |" in text


def test_fields_reference_has_labels():
    text = generated_docs()[FIELDS_FILE]
    assert "| `published` | 发布日期 | 日期 YYYY-MM-DD | 可选 |" in text
    assert "### Attachment" in text and "### SiteConfig" in text


def test_no_message_placeholder_shadows_a_finding_argument():
    """Findings.error(code, file, line, field, **args): a placeholder named like a parameter
    would make the call fail at run time, only when that finding occurs."""
    import string

    reserved = {"code", "file", "line", "field", "level", "hint_args"}
    for code, texts in i18n.MESSAGES.items():
        for message, hint in texts.values():
            names = {name for text in (message, hint) for _, name, _, _ in string.Formatter().parse(text) if name}
            assert not names & reserved, (code, names & reserved)


def test_every_site_check_code_has_a_test():
    """Each CAT/PII code (and AGY003) is exercised by a test in this folder or in tests/security/."""
    folders = (Path(__file__).parent, Path(__file__).parent.parent / "security")
    sources = "".join(p.read_text(encoding="utf-8") for folder in folders for p in folder.glob("test_*.py"))
    untested = [code for code in i18n.MESSAGES
                if (code.startswith(("CAT", "PII")) or code == "AGY003") and f'"{code}"' not in sources]
    assert untested == []
