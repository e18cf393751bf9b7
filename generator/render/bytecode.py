"""Jinja's bytecode cache: each template compiled once, kept between runs and worker processes.

Compiling the theme's templates (parse, the `{% shared %}` key check, generate Python, compile
it) costs every render worker and every fast rebuild tens of milliseconds before its first
page. Jinja can keep the compiled code, but it tells one version from another by the
template's name and source only; the code also depends on Jinja's and Python's versions, the
environment's options and extensions (generator/render/pages.py `make_environment`,
generator/render/shared_parts.py) and so on the generator's own code. All of that names the
folder the code is kept in, `.gongkai-cache/jinja/<key>/`, one file per template, so a
changed generator or library never meets code compiled by another.

The cache can only cost time, never change a page or stop a build: a file that is missing,
damaged, written by another format or for another source is ignored and the template
compiled as usual; a cache folder that cannot be written is not written. Workers that compile
the same template at once each write a file of their own and rename it into place, so a
reader sees a whole file or none. See docs/design.md, "Pipeline".
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..load.keys import CACHE_DIR, generator_key

JINJA_DIR = "jinja"
FORMAT = b"gongkai jinja bytecode 1"
SUFFIX = ".code"

# The environment's settings that shape a template's compiled code.
COMPILE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async",
)


@functools.cache
def code_key() -> str:
    """The generator's code and the libraries' versions (generator/load/keys.py), with Python's
    and Jinja's own versions: once a process."""
    return f"{generator_key()}\0{sys.version}\0{sys.implementation.cache_tag}\0jinja2={jinja2.__version__}"


def environment_key(env: jinja2.Environment) -> str:
    """What decides a template's compiled code besides its source: code_key(), the options,
    the extensions, the undefined type and whether autoescape and finalize are set (their
    functions are the generator's code)."""
    parts = [code_key()]
    parts += [f"{name}={getattr(env, name)!r}" for name in COMPILE_OPTIONS]
    parts += sorted(f"extension={type(ext).__module__}.{type(ext).__qualname__}" for ext in env.extensions.values())
    parts += [f"undefined={env.undefined.__module__}.{env.undefined.__qualname__}",
              f"autoescape={type(env.autoescape).__name__}", f"finalize={env.finalize is not None}"]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def template_cache(env: jinja2.Environment, root: Path) -> TemplateCodeCache:
    """The bytecode cache of env's templates for the site at root."""
    return TemplateCodeCache(Path(root) / CACHE_DIR / JINJA_DIR, environment_key(env))


class TemplateCodeCache(BytecodeCache):
    """Compiled templates in `<parent>/<key>/`, one file a template:

        FORMAT \\n source checksum (Jinja's) \\n sha256 of the code \\n marshalled code

    The code is unmarshalled only when its digest matches: a truncated or altered file is a
    miss. Nothing is unpickled (Jinja's own FileSystemBytecodeCache unpickles the checksum)."""

    def __init__(self, parent: Path, key: str):
        self.parent = parent
        self.folder = parent / key

    def file_of(self, bucket: Bucket) -> Path:
        return self.folder / (bucket.key + SUFFIX)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self.file_of(bucket).read_bytes()
        except OSError:
            return
        bucket.code = decode(data, bucket.checksum)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        try:
            self.write(self.file_of(bucket), encode(bucket.code, bucket.checksum))
        except (OSError, ValueError):
            pass  # a read-only or full disk costs the next run time, never its result

    def write(self, path: Path, data: bytes) -> None:
        """Replace path atomically: a file of this process's own, renamed into place."""
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            self.drop_other_keys()
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def drop_other_keys(self) -> None:
        """A new key (another generator or library version) leaves the old code unused: remove it."""
        for folder in self.parent.iterdir():
            if folder != self.folder and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def encode(code: types.CodeType, checksum: str) -> bytes:
    body = marshal.dumps(code)
    return b"\n".join([FORMAT, checksum.encode("ascii"), hashlib.sha256(body).hexdigest().encode("ascii"), body])


def decode(data: bytes, checksum: str) -> types.CodeType | None:
    """The code kept in data, or None when data is not whole, not ours or for another source."""
    fields = data.split(b"\n", 3)
    if len(fields) != 4 or fields[0] != FORMAT or fields[1] != checksum.encode("ascii", "replace"):
        return None
    if hashlib.sha256(fields[3]).hexdigest().encode("ascii") != fields[2]:
        return None
    try:
        code = marshal.loads(fields[3])
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None
