"""Loading many content files fast: a front-matter fast path and a pool of loader processes.

Measured on the benchmark corpus (benchmarks/corpus.py), the sequential loader spends about
three quarters of its time in PyYAML: LibYAML parses, but building the Python objects and
the resolver run in Python, and so does walking the node tree for line numbers. Catalog
front matter is nearly always flat `key: value` lines and `[a, b]` lists, so:

1. `fast_front_matter` reads that common shape directly, with PyYAML's own resolver rules
   for plain scalars (so `true`, `~`, `12` and dates come out exactly as the full parser
   would give them), and gives up — returning None — on anything else: nesting, quotes,
   block scalars, anchors, comments after a value, duplicate keys, odd whitespace. The
   caller then uses the full parser, which also reports syntax errors with their lines.
2. `load_documents` spreads files over processes in chunks; each worker reads, parses and
   validates its files and returns the SourceFile, the validated record and the findings.
   Results come back in input order, so findings and records are in the same order as a
   sequential load.

The result is the same as `load.read_document` + `validate.build` file for file; the tests in
tests/load/ compare the two on generated front matter and on the demo content.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
from pathlib import Path
from typing import Iterable

from .findings import Findings
from .load import _Loader, SourceFile, read_document, read_text
from .validate import build

SERIAL_BELOW = 2000  # below this many files, forking costs more than it saves
CHUNK = 500  # files per task

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# PyYAML's reader rejects these characters; the full parser must report them.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")
_SCALAR_START_UNSAFE = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_ITEM_UNSAFE = re.compile(r"[\[\]{},:#'\"&*!|>%@`]")
_LINE_BREAKS = ("\x85", "\u2028", "\u2029", "\t")  # YAML breaks lines at the first three; tabs are subtle
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_MISSING = object()


_RESOLVABLE = frozenset(first for first in _Loader.yaml_implicit_resolvers if first)


def _resolve(text: str):
    """A plain scalar's value, resolved as the project's YAML loader resolves it, or _MISSING when
    only the full parser can say (floats, hexadecimal, sexagesimal …)."""
    if text and text[0] not in _RESOLVABLE:
        return text  # most values start with a Chinese character: no implicit type starts so
    resolvers = _Loader.yaml_implicit_resolvers.get(text[:1] if text else "", [])
    tag = next((t for t, rx in resolvers if rx.match(text)), "tag:yaml.org,2002:str")
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _BOOLS[text.lower()]
    if tag == "tag:yaml.org,2002:int" and _INT.match(text):
        return int(text)
    return _MISSING


def _plain(value: str):
    if value[0] in _SCALAR_START_UNSAFE or ": " in value or " #" in value or value.endswith(":"):
        return _MISSING
    return _resolve(value)


def _flow_list(value: str):
    inner = value[1:-1].strip(" ")
    if not inner:
        return []
    items = []
    for raw in inner.split(","):
        item = raw.strip(" ")
        if not item or item[0] in "-?" or _FLOW_ITEM_UNSAFE.search(item):
            return _MISSING
        resolved = _resolve(item)
        if resolved is _MISSING:
            return _MISSING
        items.append(resolved)
    return items


@functools.lru_cache(maxsize=512)
def _is_plain_key(key: str) -> bool:
    """A key that YAML reads as the same string (not `yes`, `null`, `12` …)."""
    return bool(_KEY.match(key)) and _resolve(key) == key


def fast_front_matter(text: str, first_line: int) -> tuple[dict, dict[str, int]] | None:
    """(data, key_lines) for flat front matter, exactly as load.parse_yaml would return them;
    None when the text needs the full YAML parser."""
    if any(c in text for c in _LINE_BREAKS) or _NON_PRINTABLE.search(text):
        return None
    data: dict = {}
    key_lines: dict[str, int] = {}
    for offset, line in enumerate(text.split("\n")):
        if not line.strip(" ") or line[0] == "#":
            continue  # blank line, or a comment line
        if line[0] == " ":
            return None  # indentation: nesting or a continued scalar
        key, sep, rest = line.partition(":")
        if not sep or key in data or not _is_plain_key(key):
            return None
        value = rest.strip(" ")
        if rest and rest[0] != " " or value != value.strip():
            return None
        if not value:
            parsed = None
        elif value[0] == "[" and value[-1] == "]":
            parsed = _flow_list(value)
        else:
            parsed = _plain(value)
        if parsed is _MISSING:
            return None
        line_no = first_line + offset
        data[key] = parsed
        key_lines[key] = line_no
        if isinstance(parsed, list):
            for i in range(len(parsed)):
                key_lines[f"{key}[{i}]"] = line_no
    if not data:
        return None  # an empty or comment-only front matter: let the full loader decide
    return data, key_lines


def read_document_fast(path: Path, root: Path, findings: Findings) -> SourceFile | None:
    """load.read_document with the fast path: the same SourceFile and findings, sooner."""
    rel = path.relative_to(root).as_posix()
    local = Findings(lang=findings.lang)
    text = read_text(path, rel, local)
    if text is None or not text.startswith("---\n"):
        return read_document(path, root, findings)
    end = text.find("\n---\n", 3)
    if end < 4:
        return read_document(path, root, findings)
    front = text[4:end]
    if any(line.rstrip() in ("---", "...") for line in front.split("\n")):
        return read_document(path, root, findings)  # an earlier closing line: the full reader decides
    parsed = fast_front_matter(front, 2)
    if parsed is None:
        return read_document(path, root, findings)
    data, key_lines = parsed
    return SourceFile(path=path, rel=rel, meta=data, body=text[end + 5:], body_line=front.count("\n") + 4,
                      key_lines=key_lines, text=text)


# --- many files in parallel --------------------------------------------------------------------

def _load_one(path: Path, model, root: Path, findings: Findings):
    doc = read_document_fast(path, root, findings)
    if doc is None:
        return None, None
    return doc, build(model, doc, findings)


def _load_chunk(args) -> list:
    """Worker: load a chunk; return, per file, the parts of its SourceFile, its record and its findings.
    The body is sent as an offset into the text (it is always a suffix of it): half the bytes to pickle."""
    items, root, lang = args
    out = []
    for path, model in items:
        findings = Findings(lang=lang)
        doc, record = _load_one(path, model, root, findings)
        if doc is None:
            out.append((None, None, findings.items))
            continue
        if record is not None:
            record._source = None  # re-attached in the parent: the document is sent once
        body_at = len(doc.text) - len(doc.body) if doc.text.endswith(doc.body) else -1
        parts = (doc.rel, doc.meta, doc.body if body_at < 0 else body_at, doc.body_line, doc.key_lines, doc.text)
        out.append((parts, record, findings.items))
    return out


def _rebuild(path: Path, parts) -> SourceFile:
    rel, meta, body, body_line, key_lines, text = parts
    if isinstance(body, int):
        body = text[body:]
    return SourceFile(path=path, rel=rel, meta=meta, body=body, body_line=body_line, key_lines=key_lines,
                      text=text)


def load_documents(items: Iterable[tuple[Path, type]], root: Path, findings: Findings,
                   jobs: int | None = None) -> list[tuple[SourceFile, object | None]]:
    """Read, parse and validate (path, model) pairs; return (SourceFile, record or None) for every
    readable file, in input order. Findings are added to `findings` in input order too."""
    items = list(items)
    root = Path(root)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        loaded = []
        for path, model in items:
            doc, record = _load_one(path, model, root, findings)
            if doc is not None:
                loaded.append((doc, record))
        return loaded
    chunks = [(items[i:i + CHUNK], root, findings.lang) for i in range(0, len(items), CHUNK)]
    loaded = []
    paths = iter([path for path, _ in items])  # results come back in input order
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for results in pool.imap(_load_chunk, chunks):
            for parts, record, items_found in results:
                path = next(paths)
                findings.extend(items_found)
                if parts is None:
                    continue
                doc = _rebuild(path, parts)
                if record is not None:
                    record._source = doc
                loaded.append((doc, record))
    return loaded
