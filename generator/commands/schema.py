"""`gongkai schema [-o DIR]`: one JSON Schema per content type (generator/authoring/schema.py)."""

from __future__ import annotations

import sys

from ..authoring.schema import site_config_or_none, write_schemas
from ..model.config import ConfigError
from ..model.findings import EXIT_OK, EXIT_USAGE, config_failed
from ..text.console import console


def schema_command(args) -> int:
    """Write the schemas (a relative -o is taken from --root) and print their paths."""
    try:
        paths = write_schemas(args.root, args.output)
    except ConfigError as exc:
        return config_failed(exc, args)
    except OSError as exc:
        config = site_config_or_none(args.root)  # read without fault a moment ago, or absent
        lang = config.language if config else "zh"
        print(console(lang, "schema.cannot_write", path=args.output, error=exc.strerror or exc), file=sys.stderr)
        return EXIT_USAGE
    for path in paths:
        print(path)
    return EXIT_OK
