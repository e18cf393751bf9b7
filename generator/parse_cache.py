"""Parse once: each content file's validated record and its findings, kept between builds.

Reading a content file means decoding it, parsing its YAML front matter with line numbers,
and validating it against its pydantic model. For a catalog of 10,000 entries that is about
5 s of a build in which one file changed (measured on the benchmark corpus; unpickling the
same records takes about 1.5 s). So `load_site` asks this cache first: a file whose bytes
(and path) are unchanged gets back the SourceFile, the record and the findings it had.

The key covers what else decides those results: the generator's code (models, validators,
messages), the libraries behind them, site_config.yml, agencies.yml and the findings
language. Records are kept with pickle in one file per content folder
(`.gongkai-cache/parsed/`), so a one-file edit rewrites one small file. The cache is the
build's own folder (like CI's actions/cache, which scopes a pull request's cache away from
main's): it is trusted as the generator's code is; a damaged file is ignored.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CACHE_DIR, generator_key
from .findings import Findings
from .load import read_document
from .validate import build

PARSED_DIR = "parsed"


def parse_key(root: Path, config, lang: str) -> str:
    digest = hashlib.sha256(generator_key().encode())
    for path in (root / "site_config.yml", root / config.agencies_file):
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update(lang.encode())
    return digest.hexdigest()


@dataclass
class ParseCache:
    folder: Path  # .gongkai-cache/parsed
    key: str
    buckets: dict[str, dict] = field(default_factory=dict)  # bucket file → {rel: (sha, doc, record, findings)}
    changed: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path, key: str) -> "ParseCache":
        return cls(Path(root) / CACHE_DIR / PARSED_DIR, key)

    def bucket(self, rel: str) -> dict:
        """The records of the file's folder, loaded on first use."""
        name = self.bucket_name(rel)
        self.used.add(name)
        if name not in self.buckets:
            self.buckets[name] = self._read(self.folder / name)
        return self.buckets[name]

    def _read(self, path: Path) -> dict:
        try:
            with path.open("rb") as handle:
                key, records = pickle.load(handle)
        except Exception:  # missing, damaged or from another version: parse afresh
            return {}
        return records if key == self.key else {}

    def load(self, path: Path, root: Path, model, findings: Findings):
        """(SourceFile or None, record or None) for one content file; its findings are added."""
        rel = path.relative_to(root).as_posix()
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = None  # read_document reports it
        bucket = self.bucket(rel)
        hit = bucket.get(rel)
        if sha is not None and hit is not None and hit[0] == sha:
            findings.extend(hit[3])
            hit[1].path = path  # the checkout may have moved (a CI runner restores the cache elsewhere)
            return hit[1], hit[2]
        own = Findings(lang=findings.lang)
        doc = read_document(path, root, own)
        record = build(model, doc, own) if doc is not None else None
        findings.extend(own.items)
        if sha is not None:
            bucket[rel] = (sha, doc, record, own.items)
            self.changed.add(self.bucket_name(rel))
        return doc, record

    @staticmethod
    def bucket_name(rel: str) -> str:
        return hashlib.sha256(rel.rsplit("/", 1)[0].encode()).hexdigest()[:16] + ".pickle"

    def save(self, seen: set[str]) -> None:
        """Write the folders that changed (forgetting files that are gone) and drop the rest."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, records in self.buckets.items():
                kept = {rel: row for rel, row in records.items() if rel in seen}
                if name in self.changed or len(kept) != len(records):
                    temporary = self.folder / f".{name}.tmp"
                    with temporary.open("wb") as handle:
                        pickle.dump((self.key, kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
                    temporary.replace(self.folder / name)
            for stale in self.folder.glob("*.pickle"):
                if stale.name not in self.used:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only or full disk costs the next build time, never its result
