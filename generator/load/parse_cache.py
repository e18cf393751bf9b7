"""Parse once: each content file's loaded parts, record, findings and personal-data scan, kept
between runs.

Reading a content file means decoding it, parsing its YAML front matter with line numbers,
validating it against its pydantic model and scanning its text for personal data. For a catalog
of 10,000 entries that is about 5 s of a build in which one file changed (measured on the
benchmark corpus; unpickling the same results takes a fraction of that). So the loader's
workers (generator/load/parallel.py) ask this cache first: a file whose bytes (and path) are
unchanged gets back what it gave last time.

The key covers what else decides those results: the generator's code (models, validators,
messages, the scanner), the libraries behind them, site_config.yml, agencies.yml (the
scanner's allow-lists come from both) and the findings language. The date of the run is not in
the key: the scan leaves every line whose verdict depends on it to the parent
(checks/personal_data.py). Results are kept with pickle in one file per content folder
(`.gongkai-cache/parsed/`), read and written by the worker that loads that folder, so a
one-file edit rewrites one small file. A folder's results are pickled once, as one piece: the
same bytes go into the cache and back to the parent. The cache is the build's own folder (like CI's
actions/cache, which scopes a pull request's cache away from main's): it is trusted as the
generator's code is; a damaged file is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from .keys import CACHE_DIR, generator_key

PARSED_DIR = "parsed"


def parse_key(root: Path, config, lang: str) -> str:
    digest = hashlib.sha256(generator_key().encode())
    for path in (root / "site_config.yml", root / config.agencies_file):
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update(lang.encode())
    return digest.hexdigest()


def folder_of(root: Path) -> Path:
    return Path(root) / CACHE_DIR / PARSED_DIR


def bucket_name(rel: str) -> str:
    """One bucket per content folder (the folder of `rel`, a site-relative path)."""
    return hashlib.sha256(rel.rsplit("/", 1)[0].encode()).hexdigest()[:16] + ".pickle"


def read_bucket(path: Path, key: str) -> tuple[dict, bytes]:
    """({rel: sha256 of the file's bytes}, the pickled list of their results in that order); empty
    when missing, damaged or of another key. The results stay pickled: a worker whose folder is
    unchanged sends them to the parent as they are (generator/load/parallel.py)."""
    try:
        with path.open("rb") as handle:
            stored_key, shas, rows = pickle.load(handle)
    except Exception:  # missing, damaged or from another version: parse afresh
        return {}, b""
    ok = stored_key == key and isinstance(shas, dict) and isinstance(rows, bytes)
    return (shas, rows) if ok else ({}, b"")


def write_bucket(path: Path, key: str, shas: dict, rows: bytes) -> None:
    """Replace a bucket atomically (a concurrent reader sees the old file or the new one).
    `rows`: the pickled list of the results of `shas`' files, in its order."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            pickle.dump((key, shas, rows), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        pass  # a read-only or full disk costs the next run time, never its result


def drop_stale(folder: Path, used: set[str]) -> None:
    """Remove the buckets of folders that no longer hold content files."""
    try:
        for stale in folder.glob("*.pickle"):
            if stale.name not in used:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
