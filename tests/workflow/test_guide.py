"""The editors' guide (docs/editors-guide.md, read in the repository, not on the public site)
speaks about the codes, fields and commands that exist."""

from __future__ import annotations

import re

from generator import reports
from generator.model.content import Entry
from generator.text import messages as i18n
from sitekit import REPO

GUIDE = REPO / "docs" / "editors-guide.md"
TEN = ("CAT001", "SCH001", "CAT010", "CAT020", "CAT030", "CAT004", "CAT090", "PII002", "PII003", "FILE001")


assert reports  # importing it defines the report.* finding codes


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


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
