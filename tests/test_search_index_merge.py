"""A site built page by page (engine.build_pages): the whole site's search index from the
previous one and the pages built again (engine.merge_search_index), the pages' URLs, and
what of a page belongs to the site's frame (reuse.site_inputs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.output.engine import merge_search_index, page_urls
from generator.output.reuse import site_inputs

CONFIG = {"lang": ["ru"], "separator": "[\\s]+", "pipeline": [], "fields": {"title": {}}}


def _index(*entries: tuple[str, str]) -> str:
    docs = [{"location": location, "title": title, "text": f"«{title}»"}
            for location, title in entries]
    return json.dumps({"config": CONFIG, "docs": docs}, separators=(",", ":"), default=str)


BEFORE = _index(("", "Home"), ("#plan", "Plan"), ("a/", "A"), ("a/#x", "A x"), ("b/", "B"))


def test_each_rebuilt_page_takes_its_place_with_its_new_sections() -> None:
    built = _index(("a/", "A2"), ("a/#y", "A y"), ("a/#z", "A z"))
    assert merge_search_index(BEFORE, built, {"a/"}) == _index(
        ("", "Home"), ("#plan", "Plan"), ("a/", "A2"), ("a/#y", "A y"), ("a/#z", "A z"),
        ("b/", "B"))


def test_a_rebuilt_page_without_entries_leaves_none() -> None:
    assert merge_search_index(BEFORE, _index(), {"a/"}) == _index(
        ("", "Home"), ("#plan", "Plan"), ("b/", "B"))


def test_nothing_rebuilt_gives_the_previous_index_as_the_theme_writes_it() -> None:
    assert merge_search_index(BEFORE, _index(), set()) == BEFORE


@pytest.mark.parametrize("built, rebuilt", [
    (_index(("b/", "B2")), {"a/"}),          # an entry of a page that was not rebuilt
    (_index(("c/", "C")), {"c/"}),           # a page the previous index does not place
])
def test_what_cannot_be_merged_exactly_is_refused(built: str, rebuilt: set[str]) -> None:
    with pytest.raises(ValueError):
        merge_search_index(BEFORE, built, rebuilt)


def test_another_configuration_is_refused() -> None:
    other = json.dumps({"config": {**CONFIG, "lang": ["en"]}, "docs": []})
    with pytest.raises(ValueError):
        merge_search_index(BEFORE, other, set())


def test_a_rebuilt_page_without_entries_before_or_after_is_accepted() -> None:
    assert merge_search_index(BEFORE, _index(), {"c/"}) == BEFORE


def test_the_home_page_is_named_as_the_search_index_names_it() -> None:
    """The engine's Page.url: '' for the home page (File.url says './'); offline, files."""
    assert page_urls(["index.md", "directions/budget.md", "2023/index.md"], True) == \
        {"", "directions/budget/", "2023/"}
    assert page_urls(["index.md", "directions/budget.md"], False) == \
        {"index.html", "directions/budget.html"}


def _frame(tmp: Path, name: str, pages: dict[str, str]) -> tuple[str, dict[str, str]]:
    work = tmp / name
    for rel, text in pages.items():
        (work / "docs" / "kk" / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / "docs" / "kk" / rel).write_text(text, "utf-8")
    config = work / "mkdocs.kk.yml"
    config.write_text("site_name: x\n", "utf-8")
    _, frame, digests = site_inputs(work, "kk", config, work / "site", 0, "env")
    return frame, digests


def test_what_other_pages_may_show_of_a_page_is_in_the_frame(tmp_path: Path) -> None:
    """A page's text is its own; its metadata (Material draws a navigation entry's icon,
    subtitle and status from it on every page) belongs to the frame: the whole site."""
    base = {"index.md": "---\ndescription: d\n---\n\n# A\n\nText.\n", "b.md": "b: c\n\n# B\n"}
    frame, digests = _frame(tmp_path, "base", base)
    text, text_digests = _frame(tmp_path, "text", {**base, "index.md": base["index.md"] + "More.\n"})
    assert text == frame and text_digests["index.md"] != digests["index.md"]
    icon = {**base, "index.md": "---\ndescription: d\nicon: material/star\n---\n\n# A\n\nText.\n"}
    assert _frame(tmp_path, "icon", icon)[0] != frame
    status = {**base, "b.md": "b: c\nstatus: new\n\n# B\n"}
    assert _frame(tmp_path, "status", status)[0] != frame
