"""engine.merge_search_index: the whole site's search index from the previous one and the
pages built again (a page-by-page build, engine.build_pages)."""

from __future__ import annotations

import json

import pytest

from generator.output.engine import merge_search_index

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
