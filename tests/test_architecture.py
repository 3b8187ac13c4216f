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
    "collector": set(),  # Python's cycle collector kept off the checked portal (issue 20)
    "domain": {"messages"},
    "source": {"domain", "messages"},
    "check": {"source", "domain", "resources", "messages", "collector"},
    "output": {"domain", "errors", "resources", "messages", "source", "collector"},  # source: git history
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


DOCS = PACKAGE.parent / "docs" / "architecture.md"


def test_the_map_names_every_module() -> None:
    """docs/architecture.md stays true: every module of generator/ is named there (as
    `name.py` or `name.Something`), so a new module comes with its line in the map."""
    import re

    text = DOCS.read_text("utf-8")
    missing = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
               if path.stem not in ("__init__", "__main__")
               and not re.search(rf"\b{path.stem}(\.py\b|\.[A-Za-z_])", text)]
    assert missing == []


def test_page_kinds_are_one_table() -> None:
    """Each kind of page has its entry in output/pages.KINDS (file, template, navigation),
    its template exists, and no other module spells a page template's name."""
    from typing import get_args

    from generator.output.pages import KINDS, PageKind
    from generator.resources import shipped_dir

    assert set(KINDS) == set(get_args(PageKind))
    for spec in KINDS.values():
        assert (shipped_dir() / spec.template).is_file(), spec.template
    spelled = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
               if path.name != "pages.py"
               and any(spec.template in path.read_text("utf-8") for spec in KINDS.values())]
    assert spelled == []
