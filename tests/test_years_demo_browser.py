"""Issue 18's acceptance portal, the demo of three analyses (examples/demo-years: 2024 and 2025
closed, 2026 current), in a browser, in Kazakh and Russian at 1280 and 390 px: each year is
shown with its period, the year switch keeps the page where the other year has it, the trend
chart and table give the counts computed here from the portal's own files, and every earlier
year's reference page links its PDF and DOCX, which are there.

Set ADAL_SHOTS=<folder> to keep a screenshot of every page visited."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.conftest import REPO, copy_portal, run_adal
from tests.test_browser import CHROMIUM, _serve, browser  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (see .ci/run)")

DEMO_YEARS = REPO / "examples" / "demo-years"
TODAY = date(2027, 2, 10)  # the demo's own day: its analysis of 2026 is under way
SIZES = [(1280, 800), (390, 844)]
LANGS = ["kk", "ru"]
ONLY_NOW = "only-this-year"  # a page the current analysis has and the earlier ones do not


# ---- what the portal's files say, read here without Adal's code -----------------------------

def _front(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def analyses(root: Path) -> list[tuple[str, Path]]:
    """(id, folder), oldest first; the current one (at the root) is named by its year."""
    earlier = sorted((p.name, p) for p in (root / "analyses").iterdir() if p.is_dir())
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    return [*earlier, (str(plan["period"]["start"])[:4], root)]


def expected_trend(root: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(analysis, direction) -> (risks identified, of them closed: every measure answering
    the risk done, each measure at its latest state, a carried-over copy superseding)."""
    years = analyses(root)
    latest: dict[tuple[str, int], dict] = {}
    for name, folder in years:
        measures = yaml.safe_load((folder / "measures.yaml").read_text("utf-8"))["measures"]
        for m in measures:
            latest[(str(m.get("origin") or name), m["number"])] = m
    out = {}
    for name, folder in years:
        for path in sorted((folder / "content" / "findings").glob("*.md")):
            meta = _front(path)
            risks = [f["indicator"] for f in meta["findings"] if f["assessment"] == "risk"]
            closed = 0
            for indicator in risks:
                answering = [m for (origin, _), m in latest.items() if origin == name
                             and f"{meta['direction']}/{indicator}" in m["risks"]]
                closed += bool(answering) and all(m.get("completed") for m in answering)
            out[(name, meta["direction"])] = (len(risks), closed)
    return out


def direction_numbers(root: Path) -> dict[str, int]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8"))["number"]
            for p in (root / "indicators").glob("*.yaml")}


def _day(value: object) -> date:
    """A date as the portal's files write it: YAML's, DD.MM.YYYY or ISO."""
    if isinstance(value, date):
        return value
    text = str(value).rstrip(".")
    return date.fromisoformat(text) if "-" in text else date(*map(int, text.split(".")[::-1]))


def closed_on(folder: Path) -> str:
    day = yaml.safe_load((folder / "closed.yaml").read_text("utf-8"))["closed"]
    return _day(day).strftime("%d.%m.%Y")


def period_of(folder: Path) -> str:
    period = yaml.safe_load((folder / "plan.yaml").read_text("utf-8"))["period"]
    return "–".join(_day(period[k]).strftime("%d.%m.%Y")
                    for k in ("start", "end"))


# ---- the site --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(DEMO_YEARS, tmp_path_factory.mktemp("demo-years") / "portal")
    (root / "content" / "pages" / f"{ONLY_NOW}.md").write_text(
        "---\ntitle: {kk: Биылғы бет, ru: Страница этого года}\nvisibility: public\n---\n\n"
        "::: kk\nТек ағымдағы талдауда.\n:::\n\n::: ru\nТолько в текущем анализе.\n:::\n",
        "utf-8")
    return root


@pytest.fixture(scope="module")
def site(portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built as a user builds it (a fresh process: the browser's threads are not forked),
    checked first with the demo's own day: no warning, so `--today` reaches the check."""
    check = run_adal("check", "--project", str(portal), "--today", TODAY.isoformat())
    assert check.returncode == 0 and "0 errors, 0 warnings" in check.stdout, check.stderr
    out = tmp_path_factory.mktemp("demo-years-site") / "site"
    built = run_adal("build", "--project", str(portal), "--today", TODAY.isoformat(),
                     "--strict", "--out", str(out))
    assert built.returncode == 0, built.stderr
    return out


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    yield from _serve(site)


def _open(browser: Browser, size: tuple[int, int]):  # noqa: F811
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  locale="kk-KZ", timezone_id="Asia/Almaty")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _fits(page: Page, what: str) -> None:
    """No horizontal scrolling of the page; keep a screenshot when asked."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width, what
    if shots := os.environ.get("ADAL_SHOTS"):
        name = re.sub(r"[^a-z0-9]+", "_", what.lower()).strip("_")
        page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)


def _year_prefix(name: str, current: str) -> str:
    return "" if name == current else f"{name}/"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_each_year_is_shown_with_its_period(browser: Browser, url: str,  # noqa: F811
                                            portal: Path, lang: str,
                                            size: tuple[int, int]) -> None:
    years = analyses(portal)
    current = years[-1][0]
    context, page, errors = _open(browser, size)
    for name, folder in years:
        for where in ("", "measures/", "reference/", "risks/"):
            page.goto(f"{url}/{lang}/{_year_prefix(name, current)}{where}")
            assert page.locator("h1").first.is_visible()
            switch = page.locator("nav.adal-years")
            assert switch.is_visible()
            assert switch.locator('a[aria-current="page"]').inner_text() == name
            assert [a.inner_text() for a in switch.locator("a").all()] == [y for y, _ in years]
            if folder != portal:  # an earlier one: its period and the day it was closed
                assert period_of(folder) in switch.inner_text()
                assert closed_on(folder) in switch.inner_text()
            _fits(page, f"{lang} {name} {where or 'home'}")
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_year_switch_keeps_the_page_where_it_can(browser: Browser, url: str,  # noqa: F811
                                                 portal: Path, lang: str,
                                                 size: tuple[int, int]) -> None:
    years = [name for name, _ in analyses(portal)]
    current = years[-1]
    context, page, errors = _open(browser, size)
    page.goto(f"{url}/{lang}/2024/reference/")
    title = page.locator("h1").first.inner_text()
    for name in (*years[1:], years[0]):  # 2025, 2026, back to 2024: the reference each time
        page.locator("nav.adal-years").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("load")
        assert page.url == f"{url}/{lang}/{_year_prefix(name, current)}reference/"
        assert page.locator("h1").first.inner_text() == title
    page.goto(f"{url}/{lang}/pages/{ONLY_NOW}/")  # a page 2024 does not have: its home
    page.locator("nav.adal-years").get_by_role("link", name=years[0], exact=True).click()
    page.wait_for_load_state("load")
    assert page.url == f"{url}/{lang}/{years[0]}/"
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_trend_chart_and_table_give_the_counts(browser: Browser, url: str,  # noqa: F811
                                               portal: Path, lang: str,
                                               size: tuple[int, int]) -> None:
    years = [name for name, _ in analyses(portal)]
    expected = expected_trend(portal)
    numbers = direction_numbers(portal)
    shown = sorted({d for (_, d), (found, _) in expected.items() if found}, key=numbers.get)
    assert len(shown) >= 4 and len({y for (y, _), (f, _) in expected.items() if f}) == 3
    context, page, errors = _open(browser, size)
    page.goto(f"{url}/{lang}/")
    table = page.locator("table.adal-trend-table")
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    head = [c.inner_text().strip() for c in table.locator("thead th").all()]
    assert head[1:] == years
    rows = table.locator("tbody tr").all()
    assert len(rows) == len(shown)
    # Readable at every width: no cell squeezed to a letter a line (390 px: cards).
    widths = [box["width"] for c in table.locator("td").all() if (box := c.bounding_box())]
    assert widths and min(widths) >= min(120, size[0] / 8), widths
    for row, direction in zip(rows, shown, strict=True):
        cells = [c.inner_text() for c in row.locator("td").all()]
        assert cells[0].startswith(f"{numbers[direction]}. ")
        for year, cell in zip(years, cells[1:], strict=True):
            found, closed = expected.get((year, direction), (0, 0))
            assert [int(n) for n in re.findall(r"\d+", cell)] == [found, closed], cell
    chart = page.locator("figure.adal-trend svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= size[0]
    labels = chart.locator("text").all_text_contents()
    groups = [i for i, text in enumerate(labels) if re.match(r"\d+\. ", text)]
    assert [int(labels[i].split(".")[0]) for i in groups] == [numbers[d] for d in shown]
    for start, direction in zip(groups, shown, strict=True):
        # Per year: its label, then «closed/found».
        for k, year in enumerate(years):
            found, closed = expected.get((year, direction), (0, 0))
            assert labels[start + 1 + 2 * k] == year
            assert labels[start + 2 + 2 * k] == f"{closed}/{found}"
    _fits(page, f"{lang} trend")
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_earlier_reference_links_its_pdf_and_docx(browser: Browser, url: str,  # noqa: F811
                                                         portal: Path, lang: str) -> None:
    context, page, errors = _open(browser, SIZES[1])
    for name, _ in analyses(portal)[:-1]:
        page.goto(f"{url}/{lang}/{name}/reference/")
        for suffix, magic in (("pdf", b"%PDF-"), ("docx", b"PK")):
            file = f"analytical-reference-{lang}.{suffix}"
            links = [a.get_attribute("href") or "" for a in page.locator("a").all()]
            href = next(h for h in links if h.endswith(file))
            target = urljoin(page.url, href)
            assert target == f"{url}/{name}/data/{file}"  # its own year's document
            response = page.request.get(target)
            assert response.ok and response.body().startswith(magic), target
    assert errors == []
    context.close()


def test_carried_measures_show_origin_and_age_or_when_done(site: Path, portal: Path) -> None:
    """The current analysis lists each carried-over measure with its origin: done ones with
    their day, open ones with their age; an earlier year shows its measures at their latest
    state (measure 2 of 2024, carried over and done in 2025, is done on 2024's page too)."""
    current = int(analyses(portal)[-1][0])
    page = (site / "ru" / "measures" / "index.html").read_text("utf-8")
    measures = yaml.safe_load((portal / "measures.yaml").read_text("utf-8"))["measures"]
    carried = [m for m in measures if m.get("origin")]
    assert {bool(m.get("completed")) for m in carried} == {True, False}
    for m in carried:
        head = f"Мера № {m['number']} перенесена из анализа {m['origin']} года, "
        years = current - int(m["origin"])
        word = "год" if years % 10 == 1 and years % 100 != 11 else (
            "года" if years % 10 in (2, 3, 4) and years % 100 not in (12, 13, 14) else "лет")
        assert head + (f"выполнена {_day(m['completed']):%d.%m.%Y}" if m.get("completed")
                       else f"не выполнена {years} {word}") in page, m["number"]
    earlier = (site / "ru" / "2024" / "measures" / "index.html").read_text("utf-8")
    assert 'data-measure="2" data-status="done-late"' in earlier
    assert "Мера № 2 перенесена" not in earlier  # its own measure, not a carried one


def test_a_risk_found_again_is_answered_by_its_own_measures(site: Path, portal: Path) -> None:
    """Contracts/1 is a risk in 2024 and again in 2025. On 2025's register it is answered by
    2025's own measures (done), not by measure 4 of 2024 carried over (still open)."""
    measures = yaml.safe_load((portal / "analyses" / "2025" / "measures.yaml")
                              .read_text("utf-8"))["measures"]
    own = sorted(m["number"] for m in measures
                 if "contracts/1" in m["risks"] and not m.get("origin"))
    carried = sorted(m["number"] for m in measures
                     if "contracts/1" in m["risks"] and m.get("origin"))
    assert own and carried
    page = (site / "ru" / "2025" / "risks" / "index.html").read_text("utf-8")
    rows = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S)
            if "adal-cards__status" in row and "Заключение договоров" in row]
    assert len(rows) == 1
    assert sorted(int(n) for n in re.findall(r"#measure-(\d+)", rows[0])) == own
    assert 'data-value="addressed"' in rows[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_carried_measure_links_the_risk_of_its_origin(browser: Browser, url: str,  # noqa: F811
                                                          portal: Path, lang: str) -> None:
    """On the current plan of measures, a measure carried over from 2024 links the risk it
    answers on 2024's direction page (where it is a risk), not this year's."""
    measures = yaml.safe_load((portal / "measures.yaml").read_text("utf-8"))["measures"]
    m = next(m for m in measures if m.get("origin"))
    direction, indicator = m["risks"][0].split("/")
    context, page, errors = _open(browser, SIZES[0])
    page.goto(f"{url}/{lang}/measures/")
    row = page.locator("table.adal-cards tbody tr").filter(
        has=page.locator("td", has_text=m["text"][lang]))
    row.locator(f'a[href*="#indicator-{indicator}"]').first.click()
    page.wait_for_load_state("load")
    assert page.url == (f"{url}/{lang}/{m['origin']}/directions/{direction}/"
                        f"#indicator-{indicator}")
    assert page.locator(f"#indicator-{indicator}").count() == 1
    assert errors == []
    context.close()
