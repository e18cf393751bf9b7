"""`gongkai build`: check, then build the whole site, only what changed, or one shard.

The stages are in generator/output/ (build.py the whole build, incremental.py the rebuilds that
need not load the site, shards.py the shard builds); this module decides which runs and prints
what happened. The previous output is never touched when anything fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..checks import check_site
from ..load.document import ChangedSinceChecked
from ..model.config import ConfigError
from ..model.findings import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, announce_findings, config_failed
from ..output import incremental
from ..output.build import build_site, output_folder
from ..plan.outputs import generated_outputs
from ..text.console import ConsoleError, console, joined


def build_command(args) -> int:
    if getattr(args, "shard", None) or getattr(args, "portal", False):
        # The portal's part checks what every shard checks (the files outside the catalog); the
        # catalog's files are their agencies' shards' (checks.check_site).
        site, code = load_and_check(args, shard=set(args.shard or ()))
        if code is not None:
            not_built(site.config.language if site else "zh")
            return code
        return shard_build(args, site)
    out_dir = output_folder(args, args.root)
    if out_dir is None:
        return EXIT_USAGE
    return build_into(args, out_dir)


def load_and_check(args, stream=None, keep: list | None = None, shard: set | None = None):
    """Load and check the site; print the findings as `gongkai check` does.
    Returns (site, exit code or None when the build may go on). `keep`, a list, receives the findings.
    `shard`: a shard build's agencies, whose files alone are checked fully (checks.check_site)."""
    try:
        # The cross-file checks in this process: a forked one would count the loaded site twice in
        # the build's peak memory (docs/design.md#scale); `gongkai check` forks, for its time.
        site, findings = check_site(args.root, as_of=args.as_of, cache=True,  # parse unchanged files once
                                    generated=generated_outputs, shard=shard, fork=False)
    except ConfigError as exc:
        return None, config_failed(exc, args)
    except ChangedSinceChecked as exc:  # a report's body read again while its file was being saved
        print(console("zh", "build.failed", error=exc.text()), file=sys.stderr)
        return None, EXIT_ERRORS
    if keep is not None:
        keep.append(findings)
    if announce_findings(findings, site.withheld_count(), args, stream):
        return site, EXIT_ERRORS
    site.forget_per_file_results()
    return site, None


def failure(exc: Exception, lang: str) -> str:
    """Why a build failed, for the console: our own refusals worded in the site's language, any
    other error by its type and message (a template's, a theme's)."""
    return exc.text(lang) if isinstance(exc, ConsoleError) else f"{type(exc).__name__}: {exc}"


def build_into(args, out_dir: Path, started: float | None = None) -> int:
    """Build the site into out_dir: without loading it when only bodies (or nothing) changed
    (generator/output/incremental.py), else check, plan and render it whole. `started`: when the
    work began (default: when the command started)."""
    code, before = incremental.try_fast_build(args, out_dir, started)
    if code is not None:
        return code
    kept: list = []
    site, code = load_and_check(args, keep=kept)
    if code is not None:
        not_built(site.config.language if site else "zh")
        return code
    recorder = incremental.Recorder(site.root, before)
    try:
        result = build_site(site, out_dir, jobs=getattr(args, "jobs", None), search=not getattr(args, "no_search", False),
                            keep=recorder.early)
    except Exception as exc:  # a template or theme error: report it, keep the previous site
        incremental.forget_state(site.root)
        print(console(site.config.language, "build.failed", error=failure(exc, site.config.language)), file=sys.stderr)
        return EXIT_ERRORS
    recorder.record(site, kept[0], result)
    print(console(site.config.language, "build.done", pages=result.pages, out=shown(result.out_dir),
                  seconds=result.seconds, reused=result.reused), file=sys.stderr)
    return EXIT_OK


def shard_build(args, site) -> int:
    """`gongkai build --shard A B` (or `--portal`), once the site is loaded and checked."""
    from ..output.shards import build_shard

    shard = set(args.shard or ())
    unknown = sorted(shard - set(site.agencies))
    if unknown:
        print(console(site.lang, "shard.unknown_agency", ids=joined(site.lang, unknown)), file=sys.stderr)
        return EXIT_USAGE
    out_dir = output_folder(args, site.root)
    if out_dir is None:
        return EXIT_USAGE
    # A part of the site leaves its part in the build cache (its pages, its search index and lookup
    # rows): the next build of the whole site must not take the fast path from the last whole build's
    # state over that, so that state is forgotten, and the next build is a full one.
    incremental.forget_state(site.root)
    try:
        result = build_shard(site, out_dir, None if args.portal else shard, jobs=args.jobs, search=not args.no_search)
    except Exception as exc:  # a template or indexer error: report it, keep the previous output
        print(console(site.lang, "shard.failed", error=failure(exc, site.lang)), file=sys.stderr)
        return EXIT_ERRORS
    print(console(site.lang, "portal.done" if args.portal else "shard.done", pages=result.pages, out=out_dir,
                  seconds=result.seconds, reused=result.reused), file=sys.stderr)
    return EXIT_OK


def not_built(lang: str) -> None:
    print(console(lang, "build.not_built"), file=sys.stderr)


def shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
