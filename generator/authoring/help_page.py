"""The demo site's help page is the editors' guide: one source, docs/editors-guide.md.

    python -m generator.authoring.help_page [--root DIR] [--check]

writes content/pages/help.md = front matter (title 编辑指南, section help) + the guide
without its first-level title (the page shows the title itself). `--check` exits 1 when
help.md is not what the guide gives, so a test keeps the two from drifting apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

GUIDE = Path("docs") / "editors-guide.md"
PAGE = Path("content") / "pages" / "help.md"

FRONT_MATTER = """\
---
# 由 docs/editors-guide.md 生成（python -m generator.authoring.help_page），请改那个文件，不要改这里。
title: 编辑指南
section: help
order: 10
summary: 各部门编辑和审核人的操作指南：新增公开信息、本机检查、提交和审核拉取请求、改正常见问题、政策解读、年度报告、定时发布和文件废止。
---
"""


def help_page_text(guide: str) -> str:
    lines = guide.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return FRONT_MATTER + "\n".join(lines).strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.authoring.help_page")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录（默认当前目录）")
    parser.add_argument("--check", action="store_true", help="只检查 help.md 是否与指南一致")
    args = parser.parse_args(argv)
    text = help_page_text((args.root / GUIDE).read_text(encoding="utf-8"))
    page = args.root / PAGE
    if args.check:
        if page.is_file() and page.read_text(encoding="utf-8") == text:
            return 0
        print(f"{PAGE} 与 {GUIDE} 不一致：运行 python -m generator.authoring.help_page", file=sys.stderr)
        return 1
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    print(PAGE.as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
