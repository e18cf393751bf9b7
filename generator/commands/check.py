"""`gongkai check`: validate only. Exit 0 clean, 1 content errors (or warnings with --strict),
2 usage or configuration problems."""

from __future__ import annotations

import sys

from ..checks import check_site
from ..load.document import ChangedSinceChecked
from ..model.config import ConfigError
from ..model.findings import EXIT_ERRORS, EXIT_OK, config_failed, print_findings, summary_line
from ..output.incremental import try_fast_check
from ..plan.outputs import generated_outputs


def check_command(args) -> int:
    code = try_fast_check(args)  # nothing or only bodies changed since the last build: its findings
    if code is not None:
        return code
    try:
        site, findings = check_site(args.root, as_of=args.as_of, cache=True, generated=generated_outputs)
    except ConfigError as exc:
        return config_failed(exc, args)
    except ChangedSinceChecked as exc:  # a report's body read again while its file was being saved
        print(exc.text(), file=sys.stderr)
        return EXIT_ERRORS
    print_findings(findings, args.format)
    if args.format == "text":
        print(summary_line(findings, site.withheld_count()), file=sys.stderr)
    return EXIT_ERRORS if findings.failed(args.strict) else EXIT_OK
