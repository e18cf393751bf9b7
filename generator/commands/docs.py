"""`gongkai docs`: regenerate docs/findings.md and docs/fields.md (generator/authoring/docs.py)."""

from __future__ import annotations

from pathlib import Path

from ..authoring.docs import generated_docs
from ..model.findings import EXIT_OK


def docs_command(args) -> int:
    for rel, text in generated_docs().items():
        path = Path(args.root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path)
    return EXIT_OK
