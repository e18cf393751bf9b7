"""`gongkai import FILE…`: legacy documents → draft catalog entries (generator/authoring/importer.py).

Exit codes: 0 all files imported, 1 some file could not be imported (the others are), 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path

from ..authoring.import_read import ReadError
from ..authoring.importer import import_file, report_personal_data
from ..authoring.new import UsageError
from ..load.site import load_site
from ..model.config import ConfigError
from ..model.findings import EXIT_ERRORS as EXIT_FAILED
from ..model.findings import EXIT_OK, EXIT_USAGE
from ..text.console import ConsoleError, console, joined


def import_command(args) -> int:
    try:
        site, _ = load_site(args.root)
    except ConfigError as exc:
        problem = joined(exc.findings.lang, (f.message for f in exc.findings.sorted()), "clauses")
        print(console(exc.findings.lang, "import.config_failed", problem=problem), file=sys.stderr)
        return EXIT_USAGE
    if args.agency and args.agency not in site.agencies:
        print(console(site.lang, "import.unknown_agency", agency=args.agency, agencies=joined(site.lang, site.agencies)),
              file=sys.stderr)
        return EXIT_USAGE
    taken: dict[tuple[str, int], set[int]] = {}
    failed = 0
    for path in args.files:
        try:
            written = import_file(Path(path), site, args.agency, taken)
        except (ReadError, UsageError, OSError) as exc:
            error = exc.text(site.lang) if isinstance(exc, ConsoleError) else exc
            print(console(site.lang, "import.failed", path=path, error=error), file=sys.stderr)
            failed += 1
            continue
        print(written.relative_to(site.root).as_posix())
        report_personal_data(written, site)
    return EXIT_FAILED if failed else EXIT_OK
