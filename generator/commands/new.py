"""`gongkai new entry|interpretation|report`: a new file from a template (generator/authoring/new.py)."""

from __future__ import annotations

import sys

from ..authoring.new import UsageError, _create
from ..model.findings import EXIT_OK, EXIT_USAGE
from ..text.console import console


def new_command(args) -> int:
    try:
        path = _create(args)
    except UsageError as exc:
        print(console(exc.lang, "new.failed", error=exc), file=sys.stderr)
        return EXIT_USAGE
    print(path.relative_to(args.root).as_posix())
    return EXIT_OK
