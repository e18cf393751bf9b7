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


def import_command(args) -> int:
    try:
        site, _ = load_site(args.root)
    except ConfigError as exc:
        print("错误：站点配置无法读取：" + "；".join(f.message for f in exc.findings.sorted()), file=sys.stderr)
        return EXIT_USAGE
    if args.agency and args.agency not in site.agencies:
        print(f"错误：机构 {args.agency} 不在 agencies.yml 中；可用的机构：{'、'.join(site.agencies)}", file=sys.stderr)
        return EXIT_USAGE
    taken: dict[tuple[str, int], set[int]] = {}
    failed = 0
    for path in args.files:
        try:
            written = import_file(Path(path), site, args.agency, taken)
        except (ReadError, UsageError, OSError) as exc:
            print(f"{path}: 未导入：{exc}", file=sys.stderr)
            failed += 1
            continue
        print(written.relative_to(site.root).as_posix())
        report_personal_data(written, site)
    return EXIT_FAILED if failed else EXIT_OK
