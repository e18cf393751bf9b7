"""`gongkai assemble DIR…`: join the outputs of `gongkai build --shard` into one site
(generator/output/shards.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model.config import ConfigError
from ..model.findings import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from ..output.build import output_folder
from ..output.shards import USED_MANIFEST, assemble
from ..text.console import console


def assemble_command(args) -> int:
    root = Path(args.root).resolve()
    out_dir = output_folder(args, root)
    if out_dir is None:
        return EXIT_USAGE
    try:
        result = assemble(root, [Path(f) for f in args.shards], out_dir, args.as_of, move=args.move)
    except ConfigError:
        print(console("zh", "assemble.failed", error="site_config.yml"), file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, OSError) as exc:
        print(console("zh", "assemble.failed", error=str(exc)), file=sys.stderr)
        if args.move and any((Path(f) / USED_MANIFEST).exists() for f in args.shards):
            print(console("zh", "assemble.moved_failed"), file=sys.stderr)
        return EXIT_ERRORS
    if result.portal_pages is None:  # a portal build's output joined with the shards'
        print(console("zh", "assemble.joined", shards=len(args.shards) - 1, out=out_dir, seconds=result.seconds),
              file=sys.stderr)
    else:
        print(console("zh", "assemble.done", pages=result.portal_pages, shards=len(args.shards), out=out_dir,
                      seconds=result.seconds), file=sys.stderr)
    return EXIT_OK
