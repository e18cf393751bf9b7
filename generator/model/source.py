"""One content file after reading: its path, front matter, body position and key lines.

The loader (generator/load/) fills it; the model, the checks and the planner read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SourceFile:
    """One content file after reading: what the model and the checks work on."""

    path: Path  # absolute
    rel: str  # relative to the site root, forward slashes: what findings name
    meta: dict = field(default_factory=dict)
    body: str = ""  # empty in Site.sources: pages read it from the file when they render (read_body)
    body_line: int = 1  # line number of the body's first line
    key_lines: dict[str, int] = field(default_factory=dict)  # "attachments[0].file" -> line
    text: str = ""  # the whole decoded file, while a loader worker scans it; never kept in Site.sources

    def line_of(self, key_path: str) -> int:
        """Line of a key path, falling back to its nearest parent, then the front matter's first line."""
        path = key_path
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return 1
