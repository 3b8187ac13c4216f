"""`adal serve`: the problems of a broken edit, shown over the open page, speak the page's
language (its box title and every problem), whatever language the terminal speaks. A real
`adal serve` process on a free port of 127.0.0.1: its live.json read in raw HTTP, and the box
drawn by adal-live.js read in headless Chromium."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, REPO, copy_portal
from tests.test_trust_serve import WAIT, Preview

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
STRINGS = yaml.safe_load((REPO / "site_templates" / "strings.yaml").read_text("utf-8"))


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return copy_portal(DEMO, tmp_path / "portal")


@pytest.fixture
def preview(portal: Path, tmp_path: Path) -> Iterator[Preview]:
    running = Preview(portal, tmp_path)  # the terminal speaks English (ADAL_LANG=en)
    try:
        running.wait_for("adal: serving")
        yield running
    finally:
        running.stop()


def _break(root: Path) -> None:
    plan = root / "plan.yaml"
    text = plan.read_text("utf-8")
    text = text.replace("due_soon_days: 7", "due_soon_days: seven")
    text = text.replace("responsible: [secretary]}", "responsible: [secretery]}", 1)
    plan.write_text(text, "utf-8")


def _expected(root: Path, lang: str) -> list[str]:
    """The check's own problems, in `lang`."""
    before = os.environ["ADAL_LANG"]
    os.environ["ADAL_LANG"] = lang
    try:
        report = Report(root)
        assert load_project(root, report) is None
        return [p.format() for p in report.sorted()]
    finally:
        os.environ["ADAL_LANG"] = before


def _live(preview: Preview) -> dict:
    """live.json once it shows problems."""
    deadline = time.monotonic() + WAIT
    while True:
        status, _, body = preview.get("/live.json")
        assert status == 200
        state = json.loads(body)
        if state.get("problems"):
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


def test_live_json_gives_the_problems_in_each_language_of_the_site(
        preview: Preview, portal: Path) -> None:
    _break(portal)
    state = _live(preview)
    kk, ru = _expected(portal, "kk"), _expected(portal, "ru")
    assert len(kk) == len(ru) == 2
    assert state["problems"] == {"kk": kk, "ru": ru}
    assert "бүтін сан болуы керек" in kk[0] and "ожидается целое число" in ru[0]
    assert state["title"] == {"kk": STRINGS["kk"]["live_problems"],
                              "ru": STRINGS["ru"]["live_problems"]}
    # The terminal keeps its own language.
    preview.wait_for("adal:", 1)
    assert "expected a whole number" in preview.stderr()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_the_box_over_the_page_speaks_the_pages_language(preview: Preview,
                                                         portal: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            pages = {lang: browser.new_page() for lang in ("kk", "ru")}
            for lang, page in pages.items():
                page.goto(f"http://127.0.0.1:{preview.port}/{lang}/")
                assert page.evaluate("document.documentElement.lang") == lang
            _break(portal)
            for lang, page in pages.items():
                box = page.locator("#adal-problems")
                box.wait_for(timeout=WAIT * 1000)
                assert box.locator("strong").inner_text() == STRINGS[lang]["live_problems"]
                assert box.locator("pre").all_inner_texts() == _expected(portal, lang), lang
        finally:
            browser.close()
