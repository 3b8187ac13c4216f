"""The stages above the engine, without MkDocs or WeasyPrint: the page list and its URLs,
the rendered Markdown, the navigation (chunked on a large portal) and the build context."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.domain.model import DirectionData
from generator.errors import BuildError
from generator.output.build import context_for
from generator.output.context import check_strings
from generator.output.engine import NAV_CHUNK, nav_of
from generator.output.pages import HOME, REFERENCE, PageRef, direction_page, page_list
from generator.output.render import environment, render_pages, site_data
from tests.conftest import DEMO, REPO, TODAY, project_of


def test_page_paths_and_urls_come_from_one_place() -> None:
    assert (HOME.src, HOME.url, HOME.root) == ("index.md", "", "../")
    assert (REFERENCE.src, REFERENCE.url, REFERENCE.root) == ("reference.md", "reference/", "../../")
    budget = direction_page("budget")
    assert (budget.src, budget.url, budget.root) == ("directions/budget.md", "directions/budget/",
                                                     "../../../")
    assert HOME.link_to(budget) == "directions/budget.md"
    assert budget.link_to(REFERENCE, "agreement") == "../reference.md#agreement"
    assert PageRef("page", "protocol").link_to(budget) == "../directions/budget.md"


def test_rendered_markdown_without_the_engine() -> None:
    project = project_of(DEMO)
    ctx = context_for(project, TODAY, pdf=False)
    data = site_data(project, ctx)
    env = environment(project.root)
    kk = render_pages(project, ctx, data, "kk", env)
    ru = render_pages(project, ctx, data, "ru", env)
    assert [p.ref for p in kk] == [p.ref for p in ru] == page_list(project, changes=True)
    home = kk[0].markdown
    assert 'href="directions/personnel/"' in home  # plan rows link to their direction page
    assert "MkDocs" not in home and "mkdocs" not in sys.modules
    reference = next(p for p in kk if p.ref == REFERENCE).markdown
    assert "(directions/budget.md)" in reference


def test_navigation_groups_a_large_portal_in_chunks() -> None:
    project = project_of(REPO)
    many = [replace(project.directions[0], id=f"d{i:04d}") for i in range(250)]
    big = replace(project, directions=[DirectionData(d.id, d.spec, None) for d in many])
    ctx = context_for(big, TODAY, pdf=False)
    pages = render_pages(big, ctx, site_data(big, ctx), "kk", environment(big.root))
    nav = nav_of(pages, ctx.strings["kk"])
    section = next(v for entry in nav for k, v in entry.items() if k == ctx.strings["kk"]["directions"])
    assert [len(next(iter(chunk.values()))) for chunk in section] == [NAV_CHUNK, NAV_CHUNK, 50]
    assert list(section[0])[0] == "1–100" and list(section[2])[0] == "201–250"
    flat = [p for chunk in section for e in next(iter(chunk.values())) for p in e.values()]
    assert flat == [f"directions/d{i:04d}.md" for i in range(250)]


def test_strings_missing_a_key_in_one_language_fail_the_build() -> None:
    strings = {"kk": {"home": "Басты бет", "col": {"number": "№"}}, "ru": {"home": "Главная"}}
    with pytest.raises(BuildError, match=r"ru\.col\.number"):
        check_strings(strings, ("kk", "ru"))
    assert check_strings({"kk": {"a": 1}, "ru": {"a": 2}}, ("kk", "ru"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
               max_size=60))
def test_plain_prose_fast_path_equals_the_full_pipeline(text: str) -> None:
    """Texts with no Markdown or HTML skip the parser and the sanitiser: same result."""
    import nh3

    from generator.output import prose

    prose.to_html.cache_clear()
    fast = prose.to_html(text)
    full = nh3.clean(prose._renderer().reset().convert(text), tags=prose.TAGS,
                     attributes=prose.ATTRIBUTES, allowed_classes=prose.CLASSES,
                     url_schemes=prose.URL_SCHEMES, link_rel="noopener noreferrer",
                     strip_comments=True).strip()
    def norm(html: str) -> str:
        return " ".join(html.split()).replace("<p> ", "<p>").replace(" </p>", "</p>")

    assert norm(fast) == norm(full)


def test_a_dead_worker_fails_one_build_and_the_next_starts_afresh(tmp_path) -> None:  # noqa: ANN001
    import os
    import signal

    from generator.output import workers
    from generator.output.build import build

    project = project_of(DEMO)
    pool = workers.start()
    if pool is None:
        pytest.skip("one core: no worker processes")
    for pid in list(pool._processes):  # the engine's workers, killed as an OOM killer would
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(BuildError):
        build(project, TODAY, out=tmp_path / "site", pdf=False)
    assert (build(project, TODAY, out=tmp_path / "site", pdf=False) / "kk" / "index.html").exists()
