"""The editors' guide: one source for the repository and the demo site's help page, and it
speaks about the codes, fields and commands that exist."""

from __future__ import annotations

import re
import subprocess
import sys

from generator.text import messages as i18n
from generator import reports

from generator.authoring.help_page import help_page_text
from generator.model.content import Entry
from sitekit import REPO, front

GUIDE = REPO / "docs" / "editors-guide.md"
TEN = ("CAT001", "SCH001", "CAT010", "CAT020", "CAT030", "CAT004", "CAT090", "PII002", "PII003", "FILE001")


assert reports  # importing it defines the report.* finding codes


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_help_page_is_generated_from_the_guide():
    page = REPO / "content" / "pages" / "help.md"
    assert page.read_text(encoding="utf-8") == help_page_text(guide()), \
        "content/pages/help.md is stale: run python -m generator.authoring.help_page"
    meta = front(page)
    assert meta["title"] == "编辑指南" and meta["section"] == "help" and isinstance(meta["order"], int)
    check = subprocess.run([sys.executable, "-m", "generator.authoring.help_page", "--root", str(REPO), "--check"],
                           capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, check.stderr


def test_the_ten_common_findings_have_a_section_each():
    text = guide()
    for code in TEN:
        assert re.search(rf"^### {code} ", text, re.M), code
        assert code in i18n.MESSAGES


def test_every_code_the_guide_names_exists():
    for code in set(re.findall(r"\b(?:CAT|SCH|PII|FILE|CFG|AGY)\d{3}\b|(?<![\w-])report\.[a-z_.]+[a-z]", guide())):
        assert code in i18n.MESSAGES, code


def test_every_entry_field_is_explained():
    text = guide()
    for name in Entry.model_fields:
        assert f"| `{name}` |" in text, name


def test_the_commands_it_teaches():
    text = guide()
    for command in ("gongkai new entry", "gongkai new interpretation", "gongkai new report", "gongkai check",
                    "gongkai serve", "gongkai import", "python3 -m pip install -e ."):
        assert command in text, command
