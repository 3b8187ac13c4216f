"""Issue 18 in a browser: the three-analysis portal (2024, 2025, 2026) in Kazakh and Russian at
1280 and 390 px: the year switch keeps the page, the trend reads without overflow, no serious
accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.test_browser import AXE, CHROMIUM, _serve, browser  # noqa: F401 (fixture)
from tests.test_years_next import three_years  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (see .ci/run)")

SIZES = [(1280, 800), (390, 844)]


@pytest.fixture(scope="module")
def years_url(three_years: Path) -> Iterator[str]:  # noqa: F811
    yield from _serve(three_years)


def _page(browser: Browser, width: int, height: int):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="kk-KZ", timezone_id="Asia/Almaty")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_year_switch_keeps_the_page(browser: Browser, years_url: str, lang: str,  # noqa: F811
                                    size: tuple[int, int]) -> None:
    context, page, errors = _page(browser, *size)
    page.goto(f"{years_url}/{lang}/directions/personnel/")
    title = page.locator("h1").first.inner_text()
    switch = page.locator("nav.adal-years")
    assert switch.is_visible()
    switch.get_by_role("link", name="2024", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url == f"{years_url}/{lang}/2024/directions/personnel/"
    assert page.locator("h1").first.inner_text() == title
    assert page.locator('nav.adal-years a[aria-current="page"]').inner_text() == "2024"
    assert "01.01.2024–31.12.2024" in page.locator("nav.adal-years").inner_text()
    page.locator("nav.adal-years").get_by_role("link", name="2026", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url == f"{years_url}/{lang}/directions/personnel/"
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_trend_reads_without_overflow(browser: Browser, years_url: str, lang: str,  # noqa: F811
                                      size: tuple[int, int]) -> None:
    context, page, errors = _page(browser, *size)
    page.goto(f"{years_url}/{lang}/")
    chart = page.locator("figure.adal-trend svg")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= size[0]
    assert page.locator("table.adal-trend-table tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    context.close()


@pytest.mark.parametrize("path", ["kk/", "ru/2024/measures/", "kk/measures/"])
def test_no_serious_accessibility_violations(browser: Browser, years_url: str,  # noqa: F811
                                             path: str) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{years_url}/{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
