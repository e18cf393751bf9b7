"""`gongkai schema [-o DIR]`: one JSON Schema per content type (generator/authoring/schema.py)."""

from __future__ import annotations

import sys

from ..authoring.schema import write_schemas
from ..model.config import ConfigError
from ..model.findings import EXIT_OK, EXIT_USAGE, config_failed


def schema_command(args) -> int:
    """Write the schemas (a relative -o is taken from --root) and print their paths."""
    try:
        paths = write_schemas(args.root, args.output)
    except ConfigError as exc:
        return config_failed(exc, args)
    except OSError as exc:
        print(f"无法写入 {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in paths:
        print(path)
    return EXIT_OK
