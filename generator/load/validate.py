"""Front matter → typed record, with every schema problem turned into a finding.

Pydantic's validation errors carry the key path; the loader knows the line of
each key path; together they make a finding that names file, line and field.
Near misses (an unknown key, a value outside an enumeration) get a
"did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import reprlib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..model.content import field_label
from ..model.findings import Findings
from ..model.source import SourceFile
from ..text.messages import SCHEMA_PROBLEMS

M = TypeVar("M", bound=BaseModel)

# Enumerated fields whose errors have their own code (docs/disclosure.md#disclosure-attribute, #validity).
ENUM_CODES = {"disclosure": "CAT010", "validity": "CAT060"}
DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}


def suggest(value: Any, choices, lang: str = "zh") -> str:
    """'，是否应为 主动公开？' for a near miss, else ''. Prefix matches count: 主动 → 主动公开."""
    text = str(value)
    choices = [str(c) for c in choices]
    best = [c for c in choices if text and (c.startswith(text) or text in c)]
    if len(best) != 1:
        best = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    if not best:
        return ""
    return f"，是否应为 {best[0]}？" if lang == "zh" else f" (did you mean {best[0]}?)"


def loc_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The nested model class that owns the last key of `loc` (for unknown-key suggestions)."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            break
        ann = info.annotation
        for candidate in (ann, *getattr(ann, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    return current


# Bounded repr: a value may be deeply nested or a YAML alias bomb; repr() of it would never end.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 2, 4, 4, 60, 60, 40


def short(value: Any, limit: int = 40) -> str:
    text = _REPR.repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build(model: type[M], doc: SourceFile, findings: Findings, data: dict | None = None) -> M | None:
    """Validate `data` (default: the document's front matter) against `model`."""
    data = doc.meta if data is None else data
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        report_errors(model, exc, doc, findings)
        return None
    if hasattr(record, "_source"):
        record._source = doc
    return record


def report_errors(model: type[BaseModel], exc: ValidationError, doc: SourceFile, findings: Findings,
                  prefix: str = "") -> None:
    lang = findings.lang
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        path = (prefix + "." if prefix and loc else prefix) + loc_path(loc)
        line = doc.line_of(path)
        key = str(loc[-1]) if loc else path
        owner = _model_at(model, loc)
        etype = err["type"]
        value = err.get("input")
        if etype == "extra_forbidden":
            known = list(owner.model_fields)
            findings.error("SCH001", doc.rel, line, path, key=key,
                           suggestion=suggest(key, known, lang), known="、".join(known))
        elif etype == "missing" or (value is None and key in owner.model_fields
                                    and owner.model_fields[key].is_required()):
            # `written:` left empty is the same mistake as leaving the key out.
            findings.error("CAT001", doc.rel, line, path, key=key, label=field_label(owner, key))
        elif etype == "literal_error":
            allowed = err.get("ctx", {}).get("expected", "")
            choices = [c.strip(" '\"") for c in allowed.replace(" or ", ",").split(",") if c.strip(" '\"")]
            code = ENUM_CODES.get(key, "SCH003")
            findings.error(code, doc.rel, line, path, key=key, value=short(value),
                           suggestion=suggest(value, choices, lang), allowed="、".join(choices))
        elif etype in DATE_ERRORS:
            findings.error("CAT020", doc.rel, line, path, label=field_label(owner, key), value=short(value))
        else:
            # the description already starts with the official label (model.F)
            expected = (owner.model_fields[key].description or "") if key in owner.model_fields else ""
            findings.error("SCH002", doc.rel, line, path, key=key, problem=_problem(err, lang),
                           value=short(value), expected=expected)


def _problem(err: dict, lang: str) -> str:
    if err["type"] in SCHEMA_PROBLEMS:
        zh, en = SCHEMA_PROBLEMS[err["type"]]
        return en if lang == "en" else zh
    return err.get("msg", err["type"])
