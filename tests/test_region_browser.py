"""The regional portal in headless Chromium (flags and axe as in tests/test_browser.py): both
languages at 1280 and 390 px, the table sorted and filtered without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from generator.check.problems import Report
from generator.region.build import build_region
from tests.region_fixture import TODAY, make_region, published_sources
from tests.test_browser import AXE, CHROMIUM, FLAGS, _serve

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (see .ci/run)")
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def region_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("region-browser")
    seed, demo = published_sources(tmp / "sources")
    path = make_region(tmp / "region", seed, demo, count=120)
    report = Report(path.parent)
    outcome = build_region(path, TODAY, tmp / "site", report)
    assert outcome is not None
    yield from _serve(outcome.out)


@pytest.fixture(scope="module")
def national_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A national roll-up over two regions' published summaries (test_region_national)."""
    from tests.test_region_national import make_national

    built = make_national(tmp_path_factory.mktemp("national-browser"),
                          {"north": 30, "south": 40})
    yield from _serve(built["site"])


@pytest.fixture(scope="module")
def browser(region_url: str, national_url: str) -> Iterator[Browser]:
    """After the build: the build's worker processes are forked before Playwright's threads
    start (a fork after them can hang)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["kk/", "ru/", "kk/risks/", "ru/organizations/",
                                  "kk/organizations/by-risks/", "ru/org/org-0007/",
                                  "kk/problems/"])
def test_no_serious_accessibility_violations(browser: Browser, region_url: str, path: str,
                                             width: int) -> None:
    _axe(browser, region_url, path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["kk/", "ru/", "ru/risks/", "kk/organizations/",
                                  "ru/organizations/state-late/", "kk/org/north/",
                                  "ru/org/gone/", "ru/problems/"])
def test_the_national_roll_up_has_no_serious_accessibility_violations(
        browser: Browser, national_url: str, path: str, width: int) -> None:
    _axe(browser, national_url, path, width)


def _axe(browser: Browser, region_url: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{region_url}/{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    # On a phone the page itself never scrolls sideways: wide tables scroll in their box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_sorting_and_filtering_work_without_javascript(browser: Browser, region_url: str,
                                                       lang: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{region_url}/{lang}/organizations/")
    table = page.locator("table.adal-region-orgs")
    assert table.get_attribute("data-sorted") == "name"
    table.locator("thead th").nth(6).locator("a").click()
    page.wait_for_url(f"{region_url}/{lang}/organizations/by-risks/")
    cells = page.locator("table.adal-region-orgs tbody tr td:nth-child(7)").all_inner_texts()
    numbers = [int(c) if c.isdigit() else -1 for c in cells]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] > 0
    page.locator("nav.adal-region-links a[href$='district-medeu/']").click()
    page.wait_for_url(f"{region_url}/{lang}/organizations/district-medeu/")
    districts = set(page.locator("table.adal-region-orgs tbody tr td:nth-child(2)")
                    .all_inner_texts())
    assert len(districts) == 1
    page.locator("table.adal-region-orgs tbody tr th a").first.click()
    assert "/org/org-" in page.url
    context.close()
