"""The domain pages in docs/ say what the code does: the annual-report form as layout.py
declares it, the identities I1–I13 as the code numbers them, and the finding codes each
check module reports. A change to the form or a new code fails here until the page follows."""

from __future__ import annotations

import re
from pathlib import Path

from generator import reports
from generator.model import vocab
from generator.reports import layout
from generator.text import messages as i18n

assert reports  # importing it defines the report.* finding codes

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
ANNUAL = (DOCS / "annual-report.md").read_text(encoding="utf-8")
CODE = re.compile(r"\b(?:CAT|PII|AGY)\d{3}\b|(?<![\w-])report\.[a-z_.]*[a-z]")


def section(text: str, heading: str) -> str:
    """The text under a `## heading` up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section ## {heading}"
    return match.group(1)


def test_table2_rows_columns_and_printed_headers_are_on_the_page():
    for fmt in layout.FORMATS:
        part = section(ANNUAL, "Table 2").split(f"### Format {fmt}", 1)[1].split("###", 1)[0]
        for block in layout.TABLE2[fmt]:
            assert block.title in part, (fmt, block.title)
            for row in block.rows:
                assert f"`{row}`" in part, (fmt, row)
            for column in block.columns:
                assert f"`{column.key}`" in part and column.header in part, (fmt, column.key)


def test_table3_every_row_with_its_key_path_and_label():
    part = section(ANNUAL, "Table 3")
    for key in layout.ROW_KEYS:
        assert f"| `{key}` |" in part, key
    for fmt in layout.FORMATS:
        for keys, _name in layout.table3_rows(layout.GROUPS[fmt]):
            assert f"`{'.'.join(keys)}`" in part, keys
    for group in layout.GROUPS["2021"]:
        assert group.label in part, group.label
        for _, label in group.reasons:
            assert f"| {label} |" in part, label
    for _, label in layout.TOP_ROWS.values():
        assert label in part, label
    assert layout.RESULTS[1] in part and layout.RESULTS_TOTAL[1] in part and layout.NOTE_3 in part


def test_table4_groups_and_columns():
    part = section(ANNUAL, "Table 4")
    for keys in layout.TABLE4_GROUPS:
        assert f"`{'.'.join(keys)}`" in part, keys
    for key in layout.OUTCOME_KEYS:
        assert f"`{key}`" in part, key


def test_formats_sections_and_cell_kinds():
    formats = section(ANNUAL, "Formats")
    for fmt, notice in layout.NOTICES.items():
        assert f'`"{fmt}"`' in formats and notice in formats, fmt
    titles = section(ANNUAL, "Sections")
    for heading in (*layout.TABLE_TITLES.values(), *layout.NARRATIVE.values()):
        assert heading in titles, heading
    kinds = section(ANNUAL, "Table 2")
    for kind in (layout.INT, layout.SIGNED, layout.AMOUNT, layout.ANY):
        assert f"| `{kind}` |" in kinds, kind


def test_identities_are_numbered_as_the_code_numbers_them():
    table = section(ANNUAL, "Identities")
    numbers = [int(n) for n in re.findall(r"^\| I(\d+) \|", table, re.M)]
    assert numbers == list(range(1, 14))
    used = set()
    for folder in ("generator", "tests"):
        for path in (REPO / folder).rglob("*.py"):
            used.update(int(n) for n in re.findall(r"\bI(\d{1,2})\b", path.read_text(encoding="utf-8")))
    assert used and used <= set(numbers), sorted(used - set(numbers))
    for code in ("report.row_total", "report.results_total", "report.balance", "report.review_total",
                 "report.litigation_total", "report.carryover", "report.stock"):
        assert code in table, code


def test_deadlines_by_agency_kind():
    deadlines = section(ANNUAL, "Deadlines")
    for kind in vocab.AGENCY_KINDS:
        assert f"`{kind}`" in deadlines, kind
    assert "31 January" in deadlines and "31 March" in deadlines and "report_deadlines.其他" in deadlines


def codes_reported_by(*modules: str) -> set[str]:
    found = set()
    for module in modules:
        text = (REPO / "generator" / module).read_text(encoding="utf-8")
        found.update(re.findall(r'"((?:CAT|PII|AGY)\d{3}|report\.[a-z_.]*[a-z])"', text))
    return found


def test_each_page_lists_the_codes_its_checks_report():
    pages = {
        "annual-report.md": codes_reported_by("checks/reports.py", "load/reports.py"),
        "identifiers.md": codes_reported_by("checks/identity.py") | {"AGY003"},
        "disclosure.md": codes_reported_by("checks/disclosure.py", "checks/dates.py", "checks/interpretations.py",
                                           "checks/personal_data.py") | {"CAT010", "CAT060", "CAT061", "CAT063",
                                                                          "CAT080", "CAT081"},
    }
    for page, codes in pages.items():
        text = (DOCS / page).read_text(encoding="utf-8")
        assert len(codes) > 5, page
        missing = sorted(c for c in codes if not re.search(rf"(?<![\w.]){re.escape(c)}(?!\w|\.\w)", text))
        assert not missing, (page, missing)
    every_report_code = {c for c in i18n.MESSAGES if c.startswith("report.")}
    assert every_report_code <= set(CODE.findall(section(ANNUAL, "Findings")))


def test_every_code_the_pages_name_exists():
    for page in ("annual-report.md", "identifiers.md", "disclosure.md", "design.md"):
        for code in set(CODE.findall((DOCS / page).read_text(encoding="utf-8"))):
            assert code in i18n.MESSAGES, (page, code)
