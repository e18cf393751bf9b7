"""The `gongkai` command line (docs/design.md#command-line: a contract that scripts and CI depend on).

Exit codes: 0 clean, 1 content errors, 2 usage or configuration problems.
Each subcommand lives in its own module of generator/commands/; this file only parses the
arguments and dispatches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from pathlib import Path

from . import __version__


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是有效日期（应为 YYYY-MM-DD）: {text}") from None


def _root(text: str) -> Path:
    return Path(text).resolve()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gongkai", description="Gongkai 政府信息公开网站生成器")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp, formats=False):
        sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml）")
        sp.add_argument("--as-of", type=_date, default=None, help="按此日期判断定时发布（默认今天），YYYY-MM-DD")
        sp.add_argument("--strict", action="store_true", help="把警告也当作错误")
        if formats:
            sp.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")

    sp = sub.add_parser("check", help="只检查内容：0 无错误，1 有错误，2 用法或配置错误")
    common(sp, formats=True)

    sp = sub.add_parser("build", help="检查并生成站点和搜索索引")
    common(sp, formats=True)
    sp.add_argument("-o", "--output", type=Path, default=None, help="输出目录（默认 site/）")
    part = sp.add_mutually_exclusive_group()
    part.add_argument("--shard", nargs="+", metavar="AGENCY", default=None, help="只生成这些机构（分片构建）")
    part.add_argument("--portal", action="store_true",
                      help="只生成门户部分（首页、跨机构的列表、检索、导出等），与各分片一起交给 gongkai assemble")
    sp.add_argument("--no-search", action="store_true", help="不生成搜索索引（更快的预览）")
    sp.add_argument("--jobs", type=int, default=None, help="并行进程数（默认 CPU 核数）")

    sp = sub.add_parser("serve", help="本地预览，保存后自动重新生成")
    common(sp)
    sp.add_argument("--port", type=int, default=8000, help="预览端口（默认 8000）")
    sp.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只在本机可见）")

    sp = sub.add_parser("new", help="从模板新建条目、解读、意见征集或年报，自动分配索引号")
    sp.add_argument("kind", choices=("entry", "interpretation", "consultation", "report"),
                    help="entry 目录条目、interpretation 政策解读、consultation 意见征集、report 年度报告")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml；默认当前目录）")
    sp.add_argument("--agency", help="发布机构 id 或名称（不给则在终端中选择）")
    sp.add_argument("--title", help="标题（不给则在终端中询问）")
    sp.add_argument("--year", type=int, help="年份：条目的索引号年份（默认今年），年报的报告年度（默认去年）")
    sp.add_argument("--interprets", nargs="*", default=None, help="解读所针对的索引号")
    sp.add_argument("--date", type=_date, default=None, help="成文/发布日期（默认今天）")

    sp = sub.add_parser("import", help="把旧文件（文本、HTML、docx）导入为草稿条目")
    sp.add_argument("files", nargs="+", type=Path, help="要导入的文件（.txt、.html、.docx），可以多个")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml；默认当前目录）")
    sp.add_argument("--agency", help="发布机构 id（不给则从文中识别）")

    sp = sub.add_parser("schema", help="为编辑器生成各内容类型的 JSON Schema")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml；默认当前目录）")
    sp.add_argument("-o", "--output", type=Path, default=Path("schemas"), help="输出目录（默认站点根目录下的 schemas/）")

    sp = sub.add_parser("codeowners", help="根据 agencies.yml 的审核人生成 .github/CODEOWNERS")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml；默认当前目录）")
    sp.add_argument("--check", action="store_true", help="只检查 CODEOWNERS 是否最新")

    sp = sub.add_parser("assemble", help="把分片构建的输出合并为一个站点")
    sp.add_argument("shards", nargs="+", type=Path,
                    help="各分片 gongkai build --shard 的输出目录（可另加一个 gongkai build --portal 的输出）")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="站点根目录（含 site_config.yml；默认当前目录）")
    sp.add_argument("-o", "--output", type=Path, default=None, help="输出目录（默认 site/）")
    sp.add_argument("--as-of", type=_date, default=None, help="须与各分片构建时的日期相同（默认即用它），YYYY-MM-DD")
    sp.add_argument("--move", action="store_true",
                    help="把各分片的文件移入站点，而不是链接（更快；之后分片目录不再完整，只用于用完即弃的目录，如 CI 下载的构件）")

    sp = sub.add_parser("docs", help="从内容模型重新生成 docs/ 中的字段和检查项说明")
    sp.add_argument("--root", type=_root, default=Path.cwd().resolve(), help="仓库根目录（docs/ 所在处；默认当前目录）")
    return p


COMMANDS = {  # subcommand → module of generator/commands/ and its function
    "check": ("check", "check_command"), "build": ("build", "build_command"), "serve": ("serve", "serve_command"),
    "new": ("new", "new_command"), "import": ("import_files", "import_command"),
    "schema": ("schema", "schema_command"), "codeowners": ("codeowners", "codeowners_command"),
    "assemble": ("assemble", "assemble_command"), "docs": ("docs", "docs_command"),
}


def handler(command: str):
    """The command's function, imported only when it runs (`gongkai check` need not load Jinja)."""
    module, function = COMMANDS[command]
    return getattr(importlib.import_module(f"generator.commands.{module}"), function)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return handler(args.command)(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
