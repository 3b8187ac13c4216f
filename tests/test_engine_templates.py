"""Issue 20 §4: a worker's next build (adal serve, after an edit) does not compile the
theme's templates again (engine.CompiledTemplates), and never uses a compiled template whose
source or environment has changed.

The builds run in a process of their own (as a worker's do): building in this one would
import the engine into the test session, which other tests check rendering never does."""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2

from generator.output import engine
from tests.conftest import DEMO, TODAY, copy_portal, project_of

MATERIAL = Path(jinja2.__file__).parent.parent / "material"


def _in_a_worker(function: Any, *args: Any) -> Any:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result(timeout=600)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _render(root: Path, tmp: Path, name: str) -> tuple[Path, Path, list[str]]:
    """Both languages built in this process, one after the other (as a worker builds after
    each edit); returns the site, the work folder and the files compiled meanwhile."""
    from generator.output.build import context_for, render_into

    project = project_of(root)
    site, work = tmp / f"site-{name}", tmp / f"work-{name}"
    site.mkdir()
    work.mkdir()
    before = len(engine.COMPILED.compiled)
    render_into(project, context_for(project, TODAY, pdf=False), site, work, parallel=False,
                documents=False)
    return site, work, engine.COMPILED.compiled[before:]


def _build_twice(root: Path, tmp: Path) -> tuple[list[str], str, bool]:
    first, _, _ = _render(root, tmp, "first")
    second, work, compiled = _render(root, tmp, "second")
    return compiled, str(work), _files(first) == _files(second)


def _build_edited(root: Path, tmp: Path) -> tuple[bool, bool]:
    site, work, _ = _render(root, tmp, "one")
    main = work / "overrides" / "main.html"
    text = main.read_text("utf-8").replace("{% block site_meta %}",
                                            "{% block site_meta %}<!-- edited-template -->", 1)
    main.write_text(text, "utf-8")
    shutil.rmtree(site / "kk")
    engine._build_one(str(work / "mkdocs.kk.yml"), 0)
    return (str(main) in engine.COMPILED.compiled,
            "<!-- edited-template -->" in (site / "kk" / "index.html").read_text("utf-8"))


def test_the_next_build_compiles_only_its_own_overrides(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    compiled, work, same = _in_a_worker(_build_twice, root, tmp_path)
    # The overrides are copied into each build's own work folder, so they are new files; the
    # theme's templates (base.html and its partials) were compiled by the first build.
    assert compiled, "the overrides of a new work folder are compiled"
    assert all(Path(f).is_relative_to(work) for f in compiled), compiled
    assert not any(Path(f).is_relative_to(MATERIAL) for f in compiled)
    assert same, "the second build's site differs from the first's"



def _build_warmed(root: Path, tmp: Path) -> tuple[list[str], str, list[str]]:
    engine.warm()  # as each worker does when it starts (workers._warm)
    warmed = list(engine.COMPILED.compiled)
    _, work, compiled = _render(root, tmp, "warmed")
    return compiled, str(work), warmed


def test_a_worker_compiles_the_theme_before_its_first_build(tmp_path: Path) -> None:
    """A worker compiles the theme's templates while it waits for its first site
    (engine.THEME_TEMPLATES, issue 20's sixth pass): its first build of both languages then
    compiles only the overrides of its own work folder. When the theme changes what a build
    includes (another Material version, another feature), this test names the templates to
    add to or remove from the list."""
    root = copy_portal(DEMO, tmp_path / "portal")
    compiled, work, warmed = _in_a_worker(_build_warmed, root, tmp_path)
    theme = MATERIAL / "templates"
    assert sorted(Path(f).relative_to(theme).as_posix() for f in warmed) == \
        sorted(engine.THEME_TEMPLATES), "a template of the list is not in the theme"
    left = [Path(f).relative_to(theme).as_posix() for f in compiled
            if not Path(f).is_relative_to(work)]
    assert not left, f"compiled by the build, not in engine.THEME_TEMPLATES: {left}"
    assert compiled, "the overrides of a new work folder are compiled"

def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    compiled_again, shown = _in_a_worker(_build_edited, root, tmp_path)
    assert compiled_again and shown


def test_another_environment_compiles_afresh() -> None:
    """Code compiled without autoescaping is not reused by an environment with it."""
    cache = engine.CompiledTemplates()
    loader = jinja2.DictLoader({"t.html": "{{ text }}"})
    plain = jinja2.Environment(loader=loader, bytecode_cache=cache)
    escaping = jinja2.Environment(loader=loader, bytecode_cache=cache, autoescape=True)
    assert plain.get_template("t.html").render(text="<b>") == "<b>"
    assert escaping.get_template("t.html").render(text="<b>") == "&lt;b&gt;"
    assert cache.compiled == ["t.html", "t.html"]
    again = jinja2.Environment(loader=loader, bytecode_cache=cache)
    assert again.get_template("t.html").render(text="<b>") == "<b>"
    assert cache.compiled == ["t.html", "t.html"]  # the same settings: reused
