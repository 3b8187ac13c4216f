"""The house rules of docs/architecture.md, checked on the source: stages import only the
stages below them, and no module imports itself back through others (no import loops)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# What each part may import (besides itself); cli.py and serve.py sit above everything.
ALLOWED = {
    "errors": set(),
    "resources": set(),
    "messages": set(),
    "domain": {"messages"},
    "source": {"domain", "messages"},
    "check": {"source", "domain", "resources", "messages"},
    "output": {"domain", "errors", "resources", "messages", "source"},  # source: git history
    "scaffold": {"resources"},
    "importing": {"domain", "errors", "messages", "resources", "scaffold"},
    "region": {"check", "source", "domain", "output", "errors", "resources", "messages"},
    # adal next-analysis: closes the current analysis (check/years.py: what a closed one is)
    "nextyear": {"check", "domain", "errors", "messages", "source"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every generator module imported anywhere in the file (top level or inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("generator"))
    return names


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_each_stage_imports_only_the_stages_below_it() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        part = _part(name)
        if part not in ALLOWED:
            continue
        for imported in _imports(path) & modules.keys():
            other = _part(imported)
            if other and other != part and other not in ALLOWED[part]:
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_no_import_loops() -> None:
    modules = _modules()
    graph = {name: {m for m in _imports(path) & modules.keys() if m != name
                    and not name.startswith(m + ".")}  # a package's own __init__ is no edge
             for name, path in modules.items()}
    loops = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loops.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert loops == []


def test_the_layering_test_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The checker itself: an output module importing the check stage is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from generator.check.project import load_project\n")
    assert "generator.check.project" in _imports(bad)
