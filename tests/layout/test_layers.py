"""The package reads as its pipeline: each folder of generator/ imports only itself and the
folders before it, and no module imports another that imports it back (docs/design.md, "Layout").

Imports inside functions count too: a deferred import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
# The pipeline, in order. A folder may import the ones before it, never one after.
LAYERS = ["text", "model", "reports", "load", "checks", "plan", "render", "search", "output",
          "authoring", "commands"]
TOP_LEVEL = {"generator", "generator.cli", "generator.__main__"}  # outside the layers: they dispatch


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The generator modules `name` imports (a package's __init__ counts for `from pkg import x`
    only when x is not a module of its own)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_belongs_to_a_layer():
    strays = sorted(n for n in modules() if layer(n) is None and n not in TOP_LEVEL)
    assert not strays, f"modules outside the pipeline folders {LAYERS}: {strays}"


def test_no_folder_imports_a_later_one():
    upward = []
    for name, targets in graph().items():
        mine = layer(name)
        for target in targets:
            theirs = layer(target)
            if name in TOP_LEVEL:
                if target != "generator" and theirs != LAYERS.index("commands") and target not in TOP_LEVEL:
                    upward.append(f"{name} -> {target} (the command line only dispatches to generator/commands/)")
            elif theirs is None and target not in ("generator",):
                upward.append(f"{name} -> {target} (a layer imports the command line)")
            elif theirs is not None and mine is not None and theirs > mine:
                upward.append(f"{name} ({LAYERS[mine]}) -> {target} ({LAYERS[theirs]})")
    assert not upward, "imports against the pipeline order:\n" + "\n".join(sorted(upward))


def test_no_import_cycles():
    edges = graph()
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_checker_sees_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The rules above can fail: a made-up package with both faults is caught."""
    global PACKAGE
    fake = tmp_path / "generator"
    for rel, text in {"__init__.py": "", "model/__init__.py": "", "model/a.py": "from ..render import b\n",
                      "render/__init__.py": "", "render/b.py": "from ..model import a\n"}.items():
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / rel).write_text(text)
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "PACKAGE", fake)
    edges = graph()
    assert edges["generator.model.a"] == {"generator.render.b"}
    assert edges["generator.render.b"] == {"generator.model.a"}
    try:
        test_no_folder_imports_a_later_one()
    except AssertionError as exc:
        assert "generator.model.a (model) -> generator.render.b (render)" in str(exc)
    else:
        raise AssertionError("the upward import went unseen")
    try:
        test_no_import_cycles()
    except AssertionError as exc:
        assert "generator.model.a -> generator.render.b -> generator.model.a" in str(exc)
    else:
        raise AssertionError("the cycle went unseen")
