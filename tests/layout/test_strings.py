"""Every line a command shows a person is worded in generator/text/, in Chinese and English.

The rule, checked on the syntax tree of each module of generator/ outside generator/text/:

- A *console call* is a call to print(), input(), sys.exit(), sys.stdout.write() or
  sys.stderr.write(). A *raise* is the expression after `raise`, whatever the exception
  (UsageError, ReadError, ValueError …): commands print the message of what they catch.
- Neither may contain a string literal with a CJK character (ideographs, CJK punctuation such as
  、 and ；, full-width forms such as （ and ：), anywhere inside it: an argument, an f-string's
  text, an operand of `+`, the separator of a `.join`, an argument of a nested call.
  Those lines live in generator/text/console.py (`console(lang, key, …)`) or, for findings,
  generator/text/messages.py, and the module passes a key and arguments.
- Other CJK literals are data, not interface lines, and stay where they are: vocabulary
  (主动公开, 政府), model labels and descriptions, the annual-report layout, text written into
  generated files (CODEOWNERS comments, the CI summary's Markdown), template defaults.
- One exception: argparse's own texts in generator/cli.py (help=, ArgumentTypeError). The command
  line is parsed before any site is read, and the layering (test_layers.py) keeps cli.py from
  importing generator/text/.

The self-tests run the same scan on a made-up module, so the rule is seen to catch what it names.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from generator.text.console import CONSOLE, ConsoleError, console, joined
from generator.text.messages import SCHEMA_PROBLEMS

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CONSOLE_CALLS = {"print", "input", "sys.exit", "sys.stdout.write", "sys.stderr.write"}
ARGPARSE_ERRORS = {"argparse.ArgumentTypeError", "ArgumentTypeError"}


def dotted(node: ast.AST) -> str:
    """`sys.stderr.write` for the callee of sys.stderr.write(…); '' for anything but names."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def cjk_literals(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)]


def console_lines(source: str, cli: bool = False) -> list[tuple[int, str]]:
    """(line, literal) for each CJK literal inside a console call or a raise; `cli`: the module is
    generator/cli.py, whose argparse errors are the parser's own text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and dotted(node.func) in CONSOLE_CALLS:
            inside = node
        elif isinstance(node, ast.Raise) and node.exc is not None:
            inside = node.exc
            if cli and isinstance(inside, ast.Call) and dotted(inside.func) in ARGPARSE_ERRORS:
                continue
        else:
            continue
        found += [(literal.lineno, literal.value) for literal in cjk_literals(inside)]
    return sorted(set(found))


def outside_text() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "text")


def test_no_module_outside_text_words_a_console_line():
    modules = outside_text()
    # The scan sees the modules that used to hold such lines: it cannot pass by reading nothing.
    names = {p.relative_to(PACKAGE).as_posix() for p in modules}
    assert {"authoring/new.py", "authoring/importer.py", "commands/serve.py", "cli.py"} <= names
    stray = [f"{p.relative_to(PACKAGE.parent)}:{line}: {text!r}"
             for p in modules
             for line, text in console_lines(p.read_text("utf-8"), cli=p == PACKAGE / "cli.py")]
    assert not stray, "console lines outside generator/text/ (move them to text/console.py):\n" + "\n".join(stray)


MADE_UP = '''
import sys
from ..text.console import console

PUBLIC = "主动公开"                                      # vocabulary: data
LABELS = {"title": "标题"}                               # a label: data

def f(path, lang, items):
    print("错误：" + str(path), file=sys.stderr)         # 9: concatenation
    print(f"{path} 已存在")                              # 10: f-string text
    print(console(lang, "x", ids="、".join(items)))      # 11: a separator in a nested call
    sys.stderr.write("完成\\n")                           # 12
    answer = input("标题：")                             # 13
    raise ValueError(f"无法读取 {path}")                  # 14
    raise UsageError("缺少 --agency")                     # 15
    raise ReadError("import.not_text", path=path)        # a key: fine
    print(console(lang, "new.exists", path=path))        # a key: fine
    print(path, LABELS["title"])                         # data passed by name: fine
    sys.exit("已停止")                                    # 19
    raise argparse.ArgumentTypeError("不是有效日期")      # 20: only generator/cli.py may
'''


def test_the_rule_catches_each_form_on_a_made_up_module():
    flagged = console_lines(MADE_UP)
    assert [line for line, _ in flagged] == [9, 10, 11, 12, 13, 14, 15, 19, 20]
    assert (11, "、") in flagged and (10, " 已存在") in flagged


def test_only_the_command_line_parser_keeps_argparse_texts():
    assert 20 not in [line for line, _ in console_lines(MADE_UP, cli=True)]
    assert 14 in [line for line, _ in console_lines(MADE_UP, cli=True)]  # other raises still count


# --- the tables themselves -------------------------------------------------------------------

def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_console_line_has_chinese_and_english_with_the_same_placeholders():
    assert CONSOLE["zh"].keys() == CONSOLE["en"].keys()
    for key, zh in CONSOLE["zh"].items():
        assert placeholders(zh) == placeholders(CONSOLE["en"][key]), key
        assert CJK.search(zh) or key.startswith("list.") or zh == "{problem}", f"{key}: no Chinese in the zh line"
        if key != "codeowners.no_default":  # names the kind 政府, a value of agencies.yml
            assert not CJK.search(CONSOLE["en"][key]), f"{key}: Chinese in the en line"


def test_every_schema_problem_has_both_languages():
    for kind, (zh, en) in SCHEMA_PROBLEMS.items():
        assert CJK.search(zh) and en and not CJK.search(en), kind


def keys_used() -> list[tuple[str, str]]:
    """(module, key) for console(lang, "key", …) and SomeError("key", …) of a ConsoleError."""
    errors = {"UsageError", "ReadError", "ConsoleError"}
    used = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func).rpartition(".")[2]
            position = 1 if name == "console" else 0 if name in errors else None
            if position is not None and len(node.args) > position:
                key = node.args[position]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    used.append((path.name, key.value))
    return used


def test_every_key_a_module_names_is_in_the_table():
    used = keys_used()
    assert len(used) > 40  # the scan finds the calls
    missing = [f"{module}: {key}" for module, key in used if key not in CONSOLE["zh"]]
    assert not missing, missing


def test_lines_come_in_the_asked_language():
    error = ConsoleError("new.exists", path="a.md")
    assert str(error) == "文件 a.md 已存在，未覆盖"
    assert error.text("en") == "a.md exists already: not overwritten"
    assert console("en", "serve.keeps_last") == "The preview keeps the last good build."
    assert joined("zh", ["甲", "乙"]) == "甲、乙" and joined("en", ["a", "b"], "clauses") == "a; b"
