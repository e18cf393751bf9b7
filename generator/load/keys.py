"""What cached results depend on: the cache folder, and the generator's own code and libraries.

Both caches (the parse cache of generator/load/, the page cache of generator/render/) start from
these keys, so that an upgrade of the generator or of a library never serves a stale result.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

CACHE_DIR = ".gongkai-cache"
# Libraries whose version can change the bytes of a page.
OUTPUT_LIBRARIES = ("jinja2", "markupsafe", "markdown", "pymdown-extensions", "nh3", "mkdocs-material", "pydantic")
GENERATOR_DIR = Path(__file__).resolve().parents[1]  # the package root: every module counts


@functools.cache
def generator_key() -> str:
    """Every Python file of the generator (an edit to a template filter or to the planner must
    invalidate pages) and the versions of the libraries that render them. Once a process (about
    45 ms): the code a process runs is the code it loaded, and forked workers inherit the key."""
    digest = hashlib.sha256()
    for path in sorted(GENERATOR_DIR.rglob("*.py")):
        digest.update(path.relative_to(GENERATOR_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for name in OUTPUT_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()
