"""Markdown the renderer cannot take in bounded time or stack, recognised by its shape first.

Python-Markdown is fast on documents people write, but two shapes make it blow up
(measured in docs/security.md):

- brackets: every `[` (or `(` after `](`) that is not closed makes the inline link pattern
  scan the rest of its paragraph again, and so does every level of nested brackets: a line of
  20,000 `[` takes minutes. The cost grows with (open brackets × paragraph length), so that
  product, summed over the paragraphs, is what the budget limits.
- nesting: each level of list or quotation is a level of recursion; about 450 nested list
  items exhaust Python's stack (RecursionError). No document nests past a handful of levels.

`body_problem` looks at the text only (one pass, no parsing), so `gongkai check` can run it
on every body and refuse a body before the renderer ever sees it. The limits are far above
what any document needs and far below where the renderer slows down.
"""

from __future__ import annotations

import re

# (unclosed brackets + bracket depth) × paragraph length, summed over a body: 2·10⁶ renders
# in about half a second; a real document scores a few thousand.
BRACKET_BUDGET = 2_000_000
# Levels of list items and quotations in front of one line (two spaces of indentation count as one).
MAX_NESTING = 100

_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_CONTAINER = re.compile(r"(?:[ \t]*(?:[-+*]|\d{1,9}[.)]|>)(?=[ \t]|$))")
_CONTAINER_START = frozenset(" \t-+*>")  # what a line that _CONTAINER matches starts with, or a digit (\d)


def bracket_pressure(block: str) -> int:
    """(unclosed `[` and `(` + deepest `[` nesting) × length of one paragraph."""
    if "[" not in block and "](" not in block:
        return 0
    depth = deepest = unclosed_paren = 0
    for ch in block:
        if ch == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "(":
            unclosed_paren += 1
        elif ch == ")":
            unclosed_paren = max(0, unclosed_paren - 1)
    return (depth + deepest + unclosed_paren) * len(block)


def nesting_of(line: str) -> int:
    """How many containers (list items, quotations, indentation steps) open in front of a line."""
    indent = len(line) - len(line.lstrip(" \t"))
    width = line[:indent].count(" ") + 4 * line[:indent].count("\t")
    markers = 0
    position = 0
    while True:
        match = _CONTAINER.match(line, position)
        if match is None or match.end() == position:
            break
        markers += 1
        position = match.end()
    return width // 2 + markers


def body_problem(body: str, lang: str = "zh") -> tuple[int, str] | None:
    """(line within the body, counted from 0; what is wrong) for a body past the budget, else None."""
    for number, line in enumerate(body.split("\n")):
        # A line that starts with no indentation and no marker opens no container (nesting_of 0).
        if len(line) > MAX_NESTING and (line[0] in _CONTAINER_START or line[0].isdecimal()) \
                and nesting_of(line) > MAX_NESTING:
            return number, (f"列表或引用嵌套超过 {MAX_NESTING} 层" if lang == "zh"
                            else f"lists or quotations nested more than {MAX_NESTING} levels deep")
    if "[" not in body:
        return None  # no block has a `[` (nor a `](`): every bracket_pressure is 0
    total = 0
    for block, start in _blocks(body):
        total += bracket_pressure(block)
        if total > BRACKET_BUDGET:
            line = body.count("\n", 0, start)
            return line, ("方括号或圆括号大量未闭合或层层嵌套，渲染耗时会成倍增长" if lang == "zh"
                          else "many unclosed or deeply nested brackets: rendering time would explode")
    return None


def _blocks(body: str):
    """(paragraph text, its offset in body) for each blank-line separated block."""
    start = 0
    for match in _BLOCK_BREAK.finditer(body):
        yield body[start:match.start()], start
        start = match.end()
    yield body[start:], start
