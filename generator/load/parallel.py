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
import hashlib
import itertools
import multiprocessing
import os
import pickle
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model.content import EntryRecord, attach_source, held
from ..model.findings import Findings
from ..model.source import NO_META, KeyLines, SourceFile
from . import parse_cache
from .document import _Loader, decode, parse_document, read_text_and_digest
from .file_guard import Problem, max_file_bytes, name_problem, regular_file_problem
from .validate import build

SERIAL_BELOW = 2000  # below this many files, forking costs more than it saves
CHUNK = 500  # files per task

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# Left to the full parser: characters PyYAML's reader rejects (it must report them), and YAML's
# other line breaks (\x85, U+2028, U+2029) and tabs (subtle). One search: every character not in
# the printable ranges PyYAML accepts (\x09 and \x85 left out of them, U+2028–2029 cut out).
_LEFT_TO_PARSER = re.compile("[^\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")
_SCALAR_START_UNSAFE = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_ITEM_UNSAFE = re.compile(r"[\[\]{},:#'\"&*!|>%@`]")
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
def _plain_key(key: str) -> str | None:
    """The key as one shared string object when YAML reads it as the same string (not `yes`, `null`,
    `12` …), else None. Shared, a key name is pickled once per folder's rows (pickle refers back to
    an object it has written) and held once by the parent's 10⁵ key_lines, not once a file."""
    return sys.intern(key) if _KEY.match(key) and _resolve(key) == key else None


@functools.lru_cache(maxsize=2048)
def _item_key(key: str, index: int) -> str:
    """`keywords[0]`, shared as _plain_key's keys are."""
    return sys.intern(f"{key}[{index}]")


def fast_front_matter(text: str, first_line: int) -> tuple[dict, dict[str, int]] | None:
    """(data, key_lines) for flat front matter, exactly as load.parse_yaml would return them;
    None when the text needs the full YAML parser."""
    if _LEFT_TO_PARSER.search(text):
        return None
    data: dict = {}
    key_lines: dict[str, int] = {}
    for offset, line in enumerate(text.split("\n")):
        if not line or line[0] == "#":
            continue  # an empty line, or a comment line
        if line[0] == " ":
            if line.strip(" "):
                return None  # indentation: nesting or a continued scalar
            continue  # a line of spaces is blank
        key, sep, rest = line.partition(":")
        if not sep or key in data:
            return None
        key = _plain_key(key)
        if key is None:
            return None
        value = rest.strip(" ")
        if rest and rest[0] != " " or value != value.strip():
            return None
        # What a plain scalar may be, tested here rather than in a function: two calls a line fewer.
        if not value:
            parsed = None
        elif value[0] == "[" and value[-1] == "]":
            parsed = _flow_list(value)
        elif value[0] in _SCALAR_START_UNSAFE or ": " in value or " #" in value or value[-1] == ":":
            return None
        elif value[0] not in _RESOLVABLE:
            parsed = value  # most values start with a Chinese character: no implicit type starts so
        else:
            parsed = _resolve(value)
        if parsed is _MISSING:
            return None
        line_no = first_line + offset
        data[key] = parsed
        key_lines[key] = line_no
        if isinstance(parsed, list):
            for i in range(len(parsed)):
                key_lines[_item_key(key, i)] = line_no
    if not data:
        return None  # an empty or comment-only front matter: let the full loader decide
    return data, key_lines


def read_document_fast(path: Path, root: Path, findings: Findings) -> SourceFile | None:
    """load.read_document with the fast path: the same SourceFile and findings, sooner."""
    rel = path.relative_to(root).as_posix()
    read = read_text_and_digest(path, rel, findings)
    if read is None:
        return None
    doc = parse_document_fast(read[0], path, rel, findings)
    if doc is not None:
        doc.digest = read[1]
    return doc


def parse_document_fast(text: str, path: Path, rel: str, findings: Findings) -> SourceFile | None:
    """load.parse_document with the fast path."""
    end = text.find("\n---\n", 3) if text.startswith("---\n") else -1
    if end < 4:
        return parse_document(text, path, rel, findings)
    # An earlier closing line (`--- `, `...`) has no colon: fast_front_matter gives up on it.
    parsed = fast_front_matter(text[4:end], 2)
    if parsed is None:
        return parse_document(text, path, rel, findings)
    data, key_lines = parsed
    return SourceFile(path=path, rel=rel, meta=data, body=text[end + 5:], body_line=text.count("\n", 4, end) + 4,
                      key_lines=key_lines, text=text)


# --- many files in parallel --------------------------------------------------------------------

@dataclass
class Loaded:
    """What load_documents gives the parent: no file text anywhere in it."""

    documents: list = field(default_factory=list)  # (SourceFile without text, record or None), input order
    checked: list = field(default_factory=list)  # what checks.FileChecks.check gave, for the files it gave something


def _load_bytes(raw: bytes, path: str, rel: str, model, checker, lang: str, digest: bytes | None = None) -> tuple:
    """One file → (parts of its SourceFile or None, record or None, findings, per-file checks' result or None).
    `model` None: read the document only (annual reports are built by their own loader). `digest`:
    the bytes' sha256 when the caller has it already."""
    findings = Findings(lang=lang)
    text = decode(raw, rel, findings)
    if text is None:
        return None, None, findings.items, None
    path = Path(path)
    doc = parse_document_fast(text, path, rel, findings)
    record = build(model, doc, findings) if doc is not None and model is not None else None
    # A file that did not load is still scanned, its whole text as body: its text can still leak.
    checked_doc = doc if doc is not None else SourceFile(path=path, rel=rel, text=text, body_line=1)
    checked = checker.check(checked_doc, record, doc is not None) if checker is not None else None
    if doc is None:
        return None, None, findings.items, checked
    if record is not None:
        record = held(record)  # an entry as an EntryRecord: no pydantic model crosses to the parent
        attach_source(record, None)  # re-attached in the parent: the document is sent once
    # Neither text nor body goes back: a page reads its body from the file when it renders (load.read_body).
    # The front matter goes back only for documents the caller builds itself (model None: annual reports);
    # a record holds its values, and the checks that read raw front matter ran above.
    parts = (doc.rel, doc.meta if model is None else {}, doc.body_line, doc.key_lines,
             digest or hashlib.sha256(raw).digest())
    return parts, record, findings.items, checked


def _load_folder(files: list, task) -> tuple[list | None, bytes | None]:
    """Load one content folder's files, through its parse-cache bucket when there is a cache.
    Returns (rows, None), or (rows or None, the rows pickled) when they were pickled anyway: for
    the cache, or because the bucket held them all unchanged (then they are never unpickled here)."""
    root, lang, checker, cache = task
    content_real = os.path.realpath(os.path.join(str(root), "content"))
    max_bytes = getattr(checker, "max_bytes", 0) or max_file_bytes(None)
    real_dirs: dict[str, str] = {}  # the folder's real path, looked up once
    read = []  # (path, rel, model, bytes or the refusal)
    for path, rel, model in files:
        # A FIFO would hang the read, a link to /dev/zero fill memory, a link out of content/ publish
        # another file's text: each is refused from its directory entry, before anything is opened.
        refused = name_problem(rel) or regular_file_problem(path, content_real, max_bytes, real_dirs)[0]
        raw = b""
        try:
            if refused is None:
                with open(path, "rb") as handle:
                    raw = handle.read()
        except OSError as exc:
            refused = Problem("FILE006", {"problem": exc.strerror or str(exc)})
        read.append((path, rel, model, raw if refused is None else refused))
    if cache is None:
        return [_load_bytes(raw, path, rel, model, checker, lang) if isinstance(raw, bytes)
                else _refused(raw, rel, lang) for path, rel, model, raw in read], None
    bucket_path = Path(cache[0]) / parse_cache.bucket_name(files[0][1])
    stored_shas, stored_rows = parse_cache.read_bucket(bucket_path, cache[1])
    shas = {rel: hashlib.sha256(raw).digest() for _, rel, _, raw in read if isinstance(raw, bytes)}
    if len(shas) == len(read) and list(shas.items()) == list(stored_shas.items()):
        return None, stored_rows  # nothing changed in the folder
    stored = dict(zip(stored_shas, pickle.loads(stored_rows))) if stored_shas else {}
    out = []
    for path, rel, model, raw in read:
        if not isinstance(raw, bytes):
            out.append(_refused(raw, rel, lang))
        elif stored_shas.get(rel) == shas[rel]:
            out.append(stored[rel])
        else:
            out.append(_load_bytes(raw, path, rel, model, checker, lang, shas[rel]))
    rows = out if len(shas) == len(read) else [row for row, (*_, raw) in zip(out, read) if isinstance(raw, bytes)]
    pickled = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
    parse_cache.write_bucket(bucket_path, cache[1], shas, pickled)
    return out, pickled if rows is out else None


def _refused(refused: Problem, rel: str, lang: str) -> tuple:
    """The row of a file that was not read: its finding only (it is not cached)."""
    findings = Findings(lang=lang)
    args = {"value": rel.rsplit("/", 1)[-1], "problem": "", **refused.args}
    findings.error(refused.code if refused.code != "missing" else "FILE006", rel, 1, "", **args)
    return None, None, findings.items, None


def _load_task(args) -> list[bytes]:
    """Worker: load whole folders (so that each cache bucket has one reader and writer); each
    folder's rows go back pickled once, as one piece (the cache's own bytes when it has them)."""
    folders, task = args
    out = []
    for files in folders:
        rows, pickled = _load_folder(files, task)
        out.append(pickled if pickled is not None else pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def _folder_rows(files: list, task) -> list:
    rows, pickled = _load_folder(files, task)
    return rows if rows is not None else pickle.loads(pickled)


def _by_folder(items: Iterable, root: Path, listed: list, folders: list):
    """Consecutive files of one folder together: [(path as text, rel, model), …] per folder, input order
    kept, each folder given as soon as the next one starts (the listing is read as it comes). Every
    (path, model) read is appended to `listed`, every folder given to `folders`. Paths go to the workers as text: a pathlib.Path costs
    3 µs to unpickle, 0.3 s of the workers' CPU at 100,000 files."""
    root_text = str(root)
    files: list = []
    last = None
    for path, model in items:
        listed.append((path, model))
        full = str(path)
        rel = full[len(root_text) + 1:].replace(os.sep, "/") if full.startswith(root_text + os.sep) \
            else path.relative_to(root).as_posix()
        folder = rel.rsplit("/", 1)[0]
        if folder != last and files:
            folders.append(files)
            yield files
            files = []
        last = folder
        files.append((full, rel, model))
    if files:
        folders.append(files)
        yield files


def _tasks(folders: Iterable[list], task) -> Iterator[tuple]:
    """Whole folders packed into tasks of about CHUNK files, each given as soon as it is full."""
    batch: list = []
    size = 0
    for files in folders:
        batch.append(files)
        size += len(files)
        if size >= CHUNK:
            yield batch, task
            batch, size = [], 0
    if batch:
        yield batch, task


def load_documents(items: Iterable[tuple[Path, type | None]], root: Path, findings: Findings,
                   jobs: int | None = None, checker=None, cache: tuple[Path, str] | None = None) -> Loaded:
    """Read, parse and validate (path, model) pairs; run the per-file checks (`checker`:
    checks.FileChecks) on each file while its text is in hand. Returns every readable file's
    SourceFile (without its text or, when it has a model, its front matter) and record, in input
    order; findings are added in input order.
    `items` may be a lazy listing: the pool starts once SERIAL_BELOW files are listed and the pool's
    task thread reads the rest while the workers load the first folders.
    `cache`: (folder, key) of the parse cache (generator/load/parse_cache.py)."""
    root = Path(root)
    listed: list = []  # every (path, model) of `items`, in order, as the listing is read
    folders: list[list] = []  # every folder's files, in order, as they are handed out
    stream = _by_folder(items, root, listed, folders)
    task = (root, findings.lang, checker, cache)
    jobs = jobs or os.cpu_count() or 1
    head = []
    for files in stream:  # enough files to be worth the pool, or all of them
        head.append(files)
        if len(listed) >= SERIAL_BELOW:
            break
    gathered = _Gathered(listed, findings)
    if jobs <= 1 or len(listed) < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        for files in itertools.chain(head, stream):
            gathered.take(_folder_rows(files, task))
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for results in pool.imap(_load_task, _tasks(itertools.chain(head, stream), task)):
                for pickled in results:
                    gathered.take(pickle.loads(pickled))
    if cache is not None:
        parse_cache.drop_stale(cache[0], {parse_cache.bucket_name(files[0][1]) for files in folders})
    return gathered.loaded


class _Gathered:
    """The Loaded that the rows make, built as each folder's rows arrive (in input order, as the
    pool gives them). Taken at once, a row's parts that the site does not keep (its key lines as a
    dict, its tuples, its empty lists) are freed while the next rows are read, and their memory
    is reused for those: gathered only after the last folder, 10⁵ rows were alive together and
    left holes between the records the build keeps (docs/design.md#scale)."""

    def __init__(self, listed: list, findings: Findings):
        self.listed = listed  # (path, model) of every file, in order: the rows' files
        self.findings = findings
        self.loaded = Loaded()
        self.shared: dict = {}  # one copy of each keyword, agency, genre and date (_hold_compactly)
        self.taken = 0  # rows taken so far: the next row is the file listed[taken]

    def take(self, rows: list) -> None:
        loaded, shared = self.loaded, self.shared
        for parts, record, found, checked in rows:
            path = self.listed[self.taken][0]
            self.taken += 1
            self.findings.extend(found)
            if checked is not None:
                loaded.checked.append(checked)
            if parts is None:
                continue
            rel, meta, body_line, key_lines, digest = parts
            doc = SourceFile(path=path, rel=rel, meta=meta or NO_META, body_line=body_line, key_lines=KeyLines(key_lines),
                             digest=digest)
            if record is not None:
                attach_source(record, doc)
                _hold_compactly(record, shared)
            loaded.documents.append((doc, record))


_SHARED_VALUES = ("agency", "genre", "topic", "disclosure", "validity", "written", "published")  # few distinct values


def _hold_compactly(record, shared: dict) -> None:
    """Make a catalog entry share what thousands of entries hold alike: its keywords, agency,
    genre, topic, disclosure and validity, and its dates. The build holds every entry while the
    pages render, so this is memory of the whole build at 10⁵ entries (docs/design.md#scale).
    The other records (interpretations, pages, consultations) are a few hundred: held as loaded."""
    if type(record) is not EntryRecord:
        return
    for name in _SHARED_VALUES:
        value = getattr(record, name)
        if value is not None:
            setattr(record, name, shared.setdefault(value, value))
    if record.keywords:
        words = tuple(shared.setdefault(word, word) for word in record.keywords)
        record.keywords = shared.setdefault(words, words)  # entries tagged alike share one tuple
