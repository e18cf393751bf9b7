"""Random and mangled input never crashes the loader or the checker: it becomes findings.

Hypothesis writes one generated file into an otherwise valid site and runs the whole
check (load_site + run_checks + every output format). Any exception is a generator
bug; every finding must carry a known code and a place.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import load_checked, run_checks
from generator.model.config import ConfigError
from generator.model.content import Entry, Interpretation
from generator.model.findings import format_github, format_json, format_text
from generator.text import messages as i18n

from .sitetree import ENTRY_PATH, check, entry, interpretation, make_site

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AS_OF = dt.date(2026, 11, 23)


def run_on(files: dict[str, str | bytes], **site_args):
    """Check a site made of the valid base plus `files`; return the findings (None when config failed)."""
    root = Path(tempfile.mkdtemp(prefix="gongkai-prop-"))
    try:
        make_site(root, files, **site_args)
        try:
            site, findings = load_checked(root, as_of=AS_OF)
        except ConfigError as exc:
            findings = exc.findings
        else:
            run_checks(site, findings)
            site.withheld_count()
        items = findings.sorted()
        format_json(items), format_github(items), format_text(items, findings.lang)
        for f in items:
            assert f.code in i18n.MESSAGES and f.level in ("error", "warning")
            assert f.file and f.line >= 0 and f.message
        return items
    finally:
        shutil.rmtree(root, ignore_errors=True)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.dates().map(str), st.sampled_from(["主动公开", "依申请公开", "有效", "已修订", "通知", "2018-02-30",
                                          "11440800007187656Q/2018-00001", "湛府办„2018‟1号", "../../etc/passwd"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=4), max_leaves=30)
entry_keys = st.sampled_from(sorted(Entry.model_fields) + sorted(Interpretation.model_fields) + ["publshed", ""])
front_matters = st.dictionaries(entry_keys | st.text(max_size=10), values, max_size=12)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(data):
    run_on({ENTRY_PATH: data})


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_as_front_matter(text):
    run_on({ENTRY_PATH: f"---\n{text}\n---\n正文\n"})


@SETTINGS
@given(meta=front_matters, body=st.text(max_size=200))
def test_random_typed_front_matter(meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    findings = run_on({ENTRY_PATH: text, "content/interpretations/j.md": text})
    assert findings  # random front matter never passes as a valid entry and interpretation


@SETTINGS
@given(overrides=st.dictionaries(st.sampled_from(sorted(Entry.model_fields)), values, min_size=1, max_size=4))
def test_valid_entry_with_wrong_values(overrides):
    text = "---\n" + yaml.safe_dump({**yaml.safe_load(entry().split("---")[1]), **overrides}, allow_unicode=True) \
        + "---\n正文\n"
    run_on({ENTRY_PATH: text})


@st.composite
def mangled(draw, text: str) -> str:
    """A valid file with random edits: characters inserted or deleted, lines duplicated or dropped."""
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["insert", "delete", "dup", "drop"]))
        lines = text.split("\n")
        if op == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
        elif op == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 10)):]
        elif lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i:i + 1] = [lines[i], lines[i]] if op == "dup" else []
            text = "\n".join(lines)
    return text


@SETTINGS
@given(text=mangled(entry(attachments=[{"title": "附件", "file": "a.pdf"}], body="正文第一段。\n\n第二段。\n")))
def test_mangled_entry(text):
    run_on({ENTRY_PATH: text})


@SETTINGS
@given(text=mangled(interpretation()))
def test_mangled_interpretation(text):
    run_on({"content/interpretations/j.md": text})


@SETTINGS
@given(agencies=st.one_of(st.text(max_size=200), values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_random_agencies_file(agencies):
    run_on({}, agencies=agencies)


@SETTINGS
@given(config=st.one_of(st.text(max_size=200), front_matters.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_random_site_config_exits_2_or_checks(config):
    run_on({}, config=config)


def test_deep_nesting_and_alias_bomb(tmp_path):
    """Nesting that crashes LibYAML and a 'billion laughs' of aliases both end as findings, quickly."""
    bomb = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n" for i in range(9))
    for text in ("title: " + "[" * 50000 + "]" * 50000, "title: " + "{a: " * 30000 + "1" + "}" * 30000,
                 "- " * 50000 + "x", "a: &a [x,x,x,x,x,x,x,x,x]\n" + bomb + "title: *j\nkeywords: *j\n"):
        run = check(make_site(tmp_path, {ENTRY_PATH: f"---\n{text}\n---\n"}))
        assert run.code == 1 and run.findings()
