"""The engine on maintained ground (issue 22): Adal builds with ProperDocs, and the bundled and
demo sites are what MkDocs 1.6 makes of the same generated Markdown, apart from the generator
tag. Real builds: Adal's own with ProperDocs, then MkDocs (still installed: Material depends on
it) in a fresh process on the same Markdown and configurations."""

from __future__ import annotations

import ast
import calendar
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from generator.output.build import context_for, render_into
from tests.conftest import DEMO, REPO, TODAY, copy_portal, project_of

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}


def _mkdocs_installed() -> bool:
    try:
        metadata.version("mkdocs")
    except metadata.PackageNotFoundError:
        return False
    return True


def _differences(ours: Path, theirs: Path) -> list[str]:
    """Every file that is not byte-identical, the generator tag of HTML pages aside."""
    mine = {p.relative_to(ours) for p in ours.rglob("*") if p.is_file()}
    other = {p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file()}
    found = [f"only with ProperDocs: {p}" for p in sorted(mine - other)]
    found += [f"only with MkDocs: {p}" for p in sorted(other - mine)]
    for rel in sorted(mine & other):
        a, b = (ours / rel).read_bytes(), (theirs / rel).read_bytes()
        if rel.suffix == ".html":
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            lines = [(x, y) for x, y in zip(a.splitlines(), b.splitlines(), strict=False)
                     if x != y]
            found.append(f"{rel}: {lines[:1] or 'length differs'}")
    return found


@pytest.mark.parametrize(("root", "public", "offline"), [
    (REPO, False, False), (DEMO, False, False), (DEMO, True, True)],
    ids=["seed", "demo", "demo-public-offline"])
def test_properdocs_builds_the_site_mkdocs_built(tmp_path: Path, root: Path, public: bool,
                                                 offline: bool) -> None:
    project = project_of(root)
    ctx = context_for(project, TODAY, public=public, pdf=False, offline=offline)
    site, work = tmp_path / "site", tmp_path / "work"
    site.mkdir()
    work.mkdir()
    render_into(project, ctx, site, work)
    configs = sorted(work.glob("mkdocs.*.yml"))
    assert [c.name for c in configs] == ["mkdocs.kk.yml", "mkdocs.ru.yml"]
    for lang in ("kk", "ru"):
        tags = {m.group(0) for page in (site / lang).rglob("*.html")
                for m in GENERATOR.finditer(page.read_bytes())}
        assert tags == {b'<meta name="generator" content="mkdocs-ProperDocs '
                        + metadata.version("properdocs").encode() + b', mkdocs-material-'
                        + metadata.version("mkdocs-material").encode() + b'">'}, tags
    if not _mkdocs_installed():
        pytest.skip("MkDocs is not installed: nothing to compare with")
    # The same Markdown and configurations, built by MkDocs into a folder of its own.
    other = tmp_path / "mkdocs"
    for config in configs:
        lang = config.stem.split(".")[1]
        text = config.read_text("utf-8").replace(str(site / lang), str(other / lang))
        config.with_name(f"other.{lang}.yml").write_text(text, "utf-8")
    epoch = calendar.timegm(TODAY.timetuple())
    run = subprocess.run([sys.executable, "-m", "generator.output.engine", "mkdocs", str(epoch),
                          *map(str, sorted(work.glob("other.*.yml")))],
                         env=ENV, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    assert '"engine": "mkdocs"' in run.stdout, run.stdout
    for lang in ("kk", "ru"):
        assert (other / lang / "index.html").is_file()
        assert _differences(site / lang, other / lang) == []
    shutil.rmtree(work)


def test_a_plain_engine_build_in_a_portal_says_to_run_adal_build(tmp_path: Path) -> None:
    """A portal's mkdocs.yml names the `adal` plugin: `properdocs build`, and `mkdocs build`
    while MkDocs is installed, stop at once and say what to run instead."""
    portal = copy_portal(REPO, tmp_path / "portal")
    engines = ["properdocs"] + (["mkdocs"] if _mkdocs_installed() else [])
    for name in engines:
        run = subprocess.run([sys.executable, "-m", name, "build"], cwd=portal, env=ENV,
                             capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 1, (name, run.stderr)
        assert "build the site with 'adal build'" in run.stderr, (name, run.stderr)
        assert "Traceback" not in run.stderr, (name, run.stderr)
        assert not (portal / "site").exists()


ENGINE_FILES = {"engine.py", "engine_plugin.py", "csp_hook.py"}


def test_only_the_engine_step_imports_the_engine() -> None:
    """The engine at arm's length (docs/architecture.md): MkDocs, ProperDocs and the theme are
    imported by output/engine.py, its plugin and its hook, nowhere else in the generator."""
    wrong = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.name in ENGINE_FILES and path.parent.name == "output":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            wrong += [f"{path.relative_to(REPO)}: {n}" for n in names
                      if n.split(".")[0] in {"mkdocs", "properdocs", "material"}]
    assert wrong == []
