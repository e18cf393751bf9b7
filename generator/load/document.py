"""Reading files: bytes → text → front matter + body, with the line of every key.

We split the front matter ourselves instead of through python-frontmatter
because an editor needs line numbers (of each key, of a YAML error, of the
body) and a precise finding for front matter that never closes; the library
hides both. YAML is parsed once with LibYAML when available.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from ..model.findings import Findings
from ..model.source import SourceFile
from ..text.console import ConsoleError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_BaseLoader):
    """Safe loader that leaves dates as strings, so that 2018-02-30 becomes a finding
    on its own field (from the model) instead of an exception for the whole file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}



def read_text(path: Path, rel: str, findings: Findings) -> str | None:
    """Decode a file as UTF-8 (BOM and CRLF accepted silently); a GBK file gets a finding."""
    read = read_text_and_digest(path, rel, findings)
    return None if read is None else read[0]


def read_text_and_digest(path: Path, rel: str, findings: Findings) -> tuple[str, bytes] | None:
    """read_text, and the sha256 of the bytes read (SourceFile.digest)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        findings.error("FILE006", rel, 0, "", problem=exc.strerror or str(exc))
        return None
    text = decode(raw, rel, findings)
    return None if text is None else (text, hashlib.sha256(raw).digest())


def decode(raw: bytes, rel: str, findings: Findings) -> str | None:
    """read_text for bytes already read (the parallel loader hashes them for its cache first)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.error("FILE001", rel, line, "", encoding=_guess_encoding(raw))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(raw: bytes) -> str:
    for name, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5"), ("utf-16", "UTF-16")):
        try:
            raw.decode(name)
            return label
        except UnicodeDecodeError:
            continue
    return "未知编码"


# LibYAML's composer recurses in C and crashes the interpreter (segfault) on a few ten thousand
# nested brackets; no front matter nests like that, so such text is refused before parsing.
_MAX_NESTING = 1000
_DEEP_BLOCK = re.compile(rf"(?:[-?][ \t]+){{{_MAX_NESTING}}}")


def _nesting_too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= _MAX_NESTING:  # the usual case, decided by two C loops
        return bool(_DEEP_BLOCK.search(text))
    depth = 0
    for ch in text:
        depth += 1 if ch in "[{" else -1 if ch in "]}" else 0
        if depth > _MAX_NESTING:
            return True
    return bool(_DEEP_BLOCK.search(text))


def parse_yaml(text: str, rel: str, first_line: int, findings: Findings):
    """Parse YAML; return (ok, data, key_lines). On a syntax error, ok is False and a finding
    was recorded. `first_line` is the file line of the text's first line."""
    if _nesting_too_deep(text):
        findings.error("FILE003", rel, first_line, "", problem=f"nesting deeper than {_MAX_NESTING} levels")
        return False, None, {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        findings.error("FILE003", rel, line, "", problem=problem)
        return False, None, {}
    except yaml.reader.ReaderError as exc:
        # A control character (NUL …): LibYAML counts its position in bytes, PyYAML in characters,
        # so the line is found from the character itself.
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = first_line + (text.count("\n", 0, at) if at >= 0 else 0)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        problem = f"含不允许的控制字符 {code}，请删除" if findings.lang == "zh" else f"control character {code} is not allowed"
        findings.error("FILE003", rel, line, "", problem=problem)
        return False, None, {}
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        findings.error("FILE003", rel, first_line, "", problem=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return False, None, {}
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if node is not None:
        _collect_lines(node, "", first_line, key_lines, rel, findings)
    return True, data, key_lines


# No content type nests deeper than a few levels; past this depth keys take their parent's line.
_MAX_DEPTH = 16


def _collect_lines(node, path: str, offset: int, out: dict, rel: str, findings: Findings,
                   depth: int = 0, visited: set | None = None) -> None:
    # Deep nesting must not exhaust the stack, and YAML aliases (&a/*a) must not be walked once per
    # use: a "billion laughs" front matter would otherwise take exponential time. Each node is walked once.
    visited = set() if visited is None else visited
    if depth > _MAX_DEPTH or id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = f"{path}.{key}" if path else str(key)
            line = offset + key_node.start_mark.line
            if key in seen:
                findings.error("SCH004", rel, line, child, key=child)
            seen.add(key)
            out.setdefault(child, line)
            _collect_lines(value_node, child, offset, out, rel, findings, depth + 1, visited)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = f"{path}[{i}]"
            out.setdefault(child, offset + item.start_mark.line)
            _collect_lines(item, child, offset, out, rel, findings, depth + 1, visited)


def read_document(path: Path, root: Path, findings: Findings, *, require_front_matter: bool = True) -> SourceFile | None:
    """Read a Markdown file with YAML front matter. Returns None when the file cannot be used."""
    rel = path.relative_to(root).as_posix()
    read = read_text_and_digest(path, rel, findings)
    if read is None:
        return None
    doc = parse_document(read[0], path, rel, findings, require_front_matter=require_front_matter)
    if doc is not None:
        doc.digest = read[1]
    return doc


def parse_document(text: str, path: Path, rel: str, findings: Findings, *,
                   require_front_matter: bool = True) -> SourceFile | None:
    """read_document for text already decoded."""
    doc = SourceFile(path=path, rel=rel, text=text)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        if require_front_matter:
            findings.error("FILE004", rel, 1, "")
            return None
        doc.body = text
        return doc
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        findings.error("FILE002", rel, 1, "")
        return None
    ok, data, key_lines = parse_yaml("\n".join(lines[1:end]), rel, 2, findings)
    if not ok:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        findings.error("FILE005", rel, 2, "", found=type(data).__name__)
        return None
    doc.meta = {str(k): v for k, v in data.items()}
    doc.key_lines = key_lines
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    return doc


def read_yaml_file(path: Path, root: Path, findings: Findings) -> tuple[object, dict[str, int]] | None:
    """Read a plain YAML file (site_config.yml, agencies.yml)."""
    rel = path.relative_to(root).as_posix()
    text = read_text(path, rel, findings)
    if text is None:
        return None
    ok, data, key_lines = parse_yaml(text, rel, 1, findings)
    return (data, key_lines) if ok else None


def read_body(path: Path | str, body_line: int, digest: bytes | None = None, rel: str = "") -> str:
    """The body of a content file that loaded cleanly, from its first line on (SourceFile.body_line):
    what `read_document` gave as `body`, read again where it is rendered instead of being kept.
    `digest`: the sha256 of the bytes that were loaded and checked (SourceFile.digest); other
    bytes — the file saved again since — raise ChangedSinceChecked (`rel` names the file)."""
    data = Path(path).read_bytes()
    if digest is not None and hashlib.sha256(data).digest() != digest:
        raise ChangedSinceChecked("build.changed", file=rel or str(path))
    return body_of(data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), body_line)


class ChangedSinceChecked(ConsoleError):
    """A content file changed between its check and a later read of its body: the build stops,
    the previous site stays, and the next build checks the new text."""


def body_of(text: str, body_line: int) -> str:
    """The body of a file's text (decoded, line ends made \\n), from its line `body_line` on."""
    if body_line <= 1:
        return text
    lines = text.split("\n", body_line - 1)
    return lines[body_line - 1] if len(lines) >= body_line else ""
