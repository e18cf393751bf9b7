"""Pathological Markdown is a finding naming the file and line, found in linear time, never a
hang or a RecursionError (generator/load/markdown_budget.py). Before the budget, the line of 20,000
`[` below took minutes to render and the 600-deep list raised RecursionError."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.load.markdown_budget import body_problem

from .demo import ENTRY, append_body, check, one, refused_by_build


def test_a_line_of_brackets(demo, tmp_path):
    line = append_body(demo, "[" * 20000)
    started = time.perf_counter()
    finding = one(check(demo, timeout=60), "MD001")
    assert time.perf_counter() - started < 30
    assert (finding["file"], finding["line"], finding["field"]) == (ENTRY, line, "body")
    refused_by_build(demo, tmp_path / "site", "MD001")


def test_brackets_spread_over_a_paragraph(demo, tmp_path):
    append_body(demo, ("文字" * 50 + "[") * 1000)
    one(check(demo, timeout=60), "MD001")


@pytest.mark.parametrize("nested", [
    "\n".join("  " * i + "- 项" for i in range(600)),
    "- " * 600 + "项",
    "1. " * 600 + "项",
], ids=["indented", "inline", "ordered"])
def test_deep_lists(demo, tmp_path, nested):
    append_body(demo, nested)
    finding = one(check(demo, timeout=60), "MD001")
    assert finding["file"] == ENTRY
    refused_by_build(demo, tmp_path / "site", "MD001")


def test_budget_is_linear_and_passes_the_demo():
    """The budget itself reads each character once: a megabyte of brackets is judged at once,
    and no body of the demo comes near it."""
    started = time.perf_counter()
    assert body_problem("[" * 1_000_000) is not None
    assert time.perf_counter() - started < 2
    bodies = list(Path(__file__).resolve().parents[2].joinpath("content").rglob("*.md"))
    assert bodies and all(body_problem(p.read_text(encoding="utf-8")) is None for p in bodies)
