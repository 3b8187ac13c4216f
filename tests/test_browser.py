"""Browser behaviour in headless Debian Chromium driven by Playwright, on sites built here."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Error, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium is not installed (see .ci/run)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def seed_url(seed_site: Path) -> Iterator[str]:
    yield from _serve(seed_site)


@pytest.fixture(scope="module")
def demo_url(demo_public: Path) -> Iterator[str]:
    yield from _serve(demo_public)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watched:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def watched(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    # The accessibility test injects axe-core as an inline script: only it may pass the
    # pages' Content-Security-Policy; every other test runs under the policy.
    context = browser.new_context(locale="kk-KZ", timezone_id="Asia/Almaty",
                                  bypass_csp="accessibility" in request.node.name)
    page = context.new_page()
    w = Watched(page)
    yield w
    external = [u for u in w.requests
                if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:", "file:"))]
    assert external == [], external
    assert w.errors == []
    context.close()


def _switch(page: Page, lang: str) -> None:
    page.hover(".md-header__option .md-select")
    page.click(f'a.md-select__link[hreflang="{lang}"]')
    page.wait_for_load_state("load")


@pytest.mark.parametrize("path", ["kk/", "kk/directions/budget/", "kk/reference/",
                                  "kk/pages/announcement/"])
def test_language_switch_keeps_the_page(watched: Watched, demo_url: str, path: str) -> None:
    page = watched.page
    page.goto(f"{demo_url}/{path}")
    kk_title = page.locator("h1").first.inner_text()
    _switch(page, "ru")
    assert page.url == f"{demo_url}/{path.replace('kk/', 'ru/', 1)}"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").first.inner_text() != kk_title
    _switch(page, "kk")
    assert page.url == f"{demo_url}/{path}"
    assert page.locator("h1").first.inner_text() == kk_title


def _type(page: Page, text: str) -> None:
    """Real key events: Material's search listens to keyup, which insertText never sends."""
    cdp = page.context.new_cdp_session(page)
    for char in text:
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, "key": char})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})


def _search(page: Page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.click("label.md-search__icon, .md-search__input", timeout=5000)
    page.focus(".md-search__input")
    _type(page, query)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta') && "
        "!/Іздеу іске қосылуда|Инициализация|Initializing/.test("
        "document.querySelector('.md-search-result__meta').textContent)", timeout=15000)
    page.wait_for_timeout(400)
    return page.eval_on_selector_all("a.md-search-result__link",
                                     "els => els.map(e => new URL(e.href).pathname)")


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("kk", "тәртіптік", "directions/personnel/"),   # ә, і
    ("kk", "ҚАҚТЫҒЫСЫН", "directions/conflict-of-interest/"),  # upper case қ, ғ, ы
    ("kk", "Ақпаратқа", "directions/budget/"),       # inside «…»
    ("kk", "өңірлер", "directions/control/"),        # ө, ң
    ("ru", "аффилированных", "directions/contracts/"),
    ("ru", "Закупок", "directions/budget/"),
])
def test_search_finds_the_page_in_its_language_only(watched: Watched, seed_url: str, lang: str,
                                                    query: str, expected: str) -> None:
    links = _search(watched.page, f"{seed_url}/{lang}/", query)
    assert any(link.endswith(expected) for link in links), links
    other = "ru" if lang == "kk" else "kk"
    assert not any(f"/{other}/" in link for link in links), links
    assert all(link.startswith(f"/{lang}/") for link in links)


def test_search_in_one_language_does_not_find_the_other(watched: Watched, seed_url: str) -> None:
    page = watched.page
    _search(page, f"{seed_url}/ru/", "тәртіптік")
    assert page.locator("a.md-search-result__link").count() == 0


def _badges(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        ".adal-badge[data-item]", "els => Object.fromEntries(els.map(e => "
        "[e.dataset.item, e.dataset.status + '|' + e.textContent.trim()]))")


def test_badges_match_rules_and_recompute_with_the_clock(watched: Watched, seed_url: str) -> None:
    page = watched.page
    page.clock.install(time=datetime(2025, 1, 15, 10, 0, tzinfo=UTC))
    page.goto(f"{seed_url}/kk/")
    badges = _badges(page)
    status = {int(k): v.split("|")[0] for k, v in badges.items()}
    assert status == {1: "overdue", 2: "overdue", 3: "overdue", 4: "due-soon", 5: "upcoming",
                      6: "upcoming", 7: "upcoming", 8: "upcoming", 9: "no-deadline",
                      10: "upcoming", 11: "upcoming"}
    assert badges["4"].endswith("Мерзімі жақындады")
    page.clock.set_fixed_time(datetime(2025, 2, 15, 10, 0, tzinfo=UTC))
    page.reload()
    moved = {int(k): v.split("|")[0] for k, v in _badges(page).items()}
    assert moved == {n: ("no-deadline" if n == 9 else "overdue") for n in range(1, 12)}
    assert page.locator('[data-adal-count="overdue"]').inner_text() == "10"
    assert page.locator(".adal-asof").first.inner_text() == \
        "Мәртебелер браузерде 2025 жылғы 15 ақпандағы жағдай бойынша қайта есептелді"


@pytest.mark.parametrize("path", ["kk/", "ru/directions/contracts/", "kk/risks/",
                                  "ru/measures/"])
def test_no_serious_accessibility_violations(watched: Watched, demo_url: str, path: str) -> None:
    page = watched.page
    page.goto(f"{demo_url}/{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_the_pages_policy_refuses_an_injected_script(watched: Watched, demo_url: str) -> None:
    """If a script ever got past escaping and the sanitiser, the browser would not run it."""
    page = watched.page
    page.goto(f"{demo_url}/kk/")
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")
    assert page.evaluate("window.injected === undefined")
    watched.errors.clear()  # the refusal itself is logged as a console error


def test_serve_reloads_the_page_after_an_edit(browser: Browser, tmp_path: Path) -> None:
    """`adal serve`: an edit of a findings file shows in the open page without a click."""
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import DEMO, REPO, copy_portal

    root = copy_portal(DEMO, tmp_path / "portal")
    findings = root / "content" / "findings" / "personnel.md"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project", str(root),
                             "--port", str(port), "--today", "2025-01-15"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert "serving" in proc.stdout.readline()
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")  # the root goes to the default language
        page.wait_for_url("**/kk/", timeout=30_000)
        page.goto(f"http://127.0.0.1:{port}/kk/directions/personnel/")
        assert "LIVE-EDIT-42" not in page.content()
        text = findings.read_text("utf-8")
        findings.write_text(text.replace("Тәрбиешінің бос орнына", "LIVE-EDIT-42 Тәрбиешінің"),
                            "utf-8")
        page.get_by_text("LIVE-EDIT-42").first.wait_for(timeout=30_000)
        # A broken edit: the problems show over the page (the last good site stays below) …
        plan = root / "plan.yaml"
        good = plan.read_text("utf-8")
        plan.write_text(good.replace("due_soon_days: 7", "due_soon_days: seven"), "utf-8")
        overlay = page.locator("#adal-problems")
        overlay.wait_for(timeout=30_000)
        assert "plan.yaml:" in overlay.inner_text() and "seven" in overlay.inner_text()
        assert "LIVE-EDIT-42" in page.content()
        # … until they are fixed: then the page reloads, without them.
        plan.write_text(good, "utf-8")
        overlay.wait_for(state="detached", timeout=30_000)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# ---- a site opened from a folder (file://): adal build --offline ----------------------------

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.output.build import build
    from tests.conftest import DEMO, TODAY, project_of

    out = tmp_path_factory.mktemp("demo-offline") / "site"
    return build(project_of(DEMO), TODAY, out=out, offline=True).resolve()


def _local_target(href: str, site: Path) -> Path | None:
    """The file a link of the site opens (None for a link out of the site)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.is_relative_to(site) else None


def test_every_link_from_disk_lands_on_a_file_in_both_languages(
        watched: Watched, offline_site: Path) -> None:
    page = watched.page
    failed: list[str] = []
    # A load cut short by the next page.goto is aborted, not missing.
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
            else failed.append(f"{r.url} {r.failure}"))
    page.goto((offline_site / "index.html").as_uri())
    page.wait_for_url("**/kk/index.html")
    queue, seen, broken = [page.url], set(), []
    while queue:
        url = queue.pop().split("#")[0].split("?")[0]
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = _local_target(href.split("#")[0].split("?")[0], offline_site)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{url} -> {href}")
            elif target.suffix == ".html":
                queue.append(target.as_uri())
    pages = {Path(u).relative_to(offline_site.as_uri().removeprefix("file://")).parts[0]
             for u in (s.removeprefix("file://") for s in seen) if u.endswith(".html")}
    assert broken == []
    assert failed == []
    assert {"kk", "ru"} <= pages
    assert len(seen) >= 2 * 12  # home, 9 directions, reference, a page: in each language


@pytest.mark.parametrize("path", ["kk/index.html", "kk/directions/budget.html",
                                  "kk/reference.html"])
def test_language_switch_from_disk_keeps_the_page(watched: Watched, offline_site: Path,
                                                  path: str) -> None:
    page = watched.page
    page.goto((offline_site / path).as_uri())
    _switch(page, "ru")
    assert page.url == (offline_site / path.replace("kk/", "ru/", 1)).as_uri()
    assert page.locator("html").get_attribute("lang") == "ru"


def test_search_works_from_disk_under_the_pages_policy(watched: Watched,
                                                       offline_site: Path) -> None:
    links = _search(watched.page, (offline_site / "kk" / "index.html").as_uri(), "тәртіптік")
    assert any(link.endswith("/kk/directions/personnel.html") for link in links), links


# ---- overview, risk register, plan of measures (issue 10) ---------------------------------

@pytest.fixture(scope="module")
def intranet_url(demo_intranet: Path) -> Iterator[str]:
    yield from _serve(demo_intranet)


def test_overview_counts_and_overdue_days_follow_the_clock(watched: Watched,
                                                          intranet_url: str) -> None:
    page = watched.page
    page.clock.install(time=datetime(2025, 1, 15, 10, 0, tzinfo=UTC))
    page.goto(f"{intranet_url}/kk/")
    shown = page.locator("[data-overdue-item]:not([hidden])")
    assert shown.all_inner_texts() == ["3. Мемлекеттік қызметтер көрсету — 1 күн кешікті"]
    assert page.locator(".adal-overdue__none").is_hidden()
    page.clock.set_fixed_time(datetime(2025, 1, 25, 10, 0, tzinfo=UTC))
    page.reload()
    days = [t.rsplit("— ", 1)[1] for t in shown.all_inner_texts()]
    assert days == ["11 күн кешікті", "5 күн кешікті", "1 күн кешікті"]  # items 3, 4, 5
    assert page.locator('[data-adal-count="overdue"]').inner_text() == "3"
    assert "adal-quiet" not in (page.locator('[data-adal-row="due-soon"]')
                                .get_attribute("class") or "")
    page.goto(f"{intranet_url}/kk/measures/")
    # Measure 2 (due 20.01) joins measure 4 among the overdue; 1, 3 and 5 stay done.
    assert page.locator('[data-adal-measure-count="overdue"]').inner_text() == "2"
    assert page.locator('[data-measure="2"]').first.get_attribute("data-status") == "overdue"
    assert "adal-quiet" in (page.locator('[data-adal-measure-row="due-soon"]')
                            .get_attribute("class") or "")


def test_the_risk_map_counts_the_registers_rows_per_level(watched: Watched,
                                                         intranet_url: str) -> None:
    page = watched.page
    page.goto(f"{intranet_url}/kk/risks/")
    cells = page.eval_on_selector_all(
        ".adal-riskmap__grid td", "els => els.map(e => [e.className, +e.dataset.count])")
    per_level: dict[str, int] = {}
    for classes, count in cells:
        level = classes.split()[0].removeprefix("adal-level-")
        per_level[level] = per_level.get(level, 0) + count
    rows = page.eval_on_selector_all("#adal-register tbody tr", "els => els.map(e => "
                                     "(e.querySelector('.adal-level') || {}).className || '')")
    in_register = {level: sum(f"adal-level-{level}" in r for r in rows)
                   for level in ("low", "medium", "high")}
    assert per_level == in_register and sum(per_level.values()) == 3
    unscored = sum(1 for r in rows if not r)
    assert unscored == 1 and "бағаланбаған тәуекелдер: 1" in page.locator(
        ".adal-riskmap figcaption").inner_text()


def test_the_register_sorts_and_filters_and_is_whole_without_javascript(
        browser: Browser, watched: Watched, intranet_url: str) -> None:
    page = watched.page
    page.goto(f"{intranet_url}/kk/risks/")
    first = "#adal-register tbody tr:not([hidden])"
    built = page.eval_on_selector_all(first, "els => els.map(e => e.id)")
    assert len(built) == 4
    page.click("th:nth-child(1) .adal-sort")  # the risk column: direction, then indicator
    assert page.eval_on_selector_all(first, "els => els.map(e => e.id)") == [
        "risk-personnel-2", "risk-budget-10", "risk-contracts-1", "risk-contracts-2"]
    page.click("th:nth-child(1) .adal-sort")
    assert page.eval_on_selector_all(first, "els => els.map(e => e.id)")[0] == "risk-contracts-2"
    page.fill(".adal-register__filter", "Бекова")
    assert page.eval_on_selector_all(first, "els => els.map(e => e.id)") == ["risk-contracts-1"]
    assert page.locator(".adal-register__shown").inner_text() == "Көрсетілгені: 1 / 4"
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(f"{intranet_url}/kk/risks/")
        assert plain.eval_on_selector_all("#adal-register tbody tr", "els => els.length") == 4
        assert plain.locator(".adal-register__tools").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["kk/", "kk/risks/", "kk/measures/"])
def test_on_a_phone_every_rows_status_is_on_screen(browser: Browser, intranet_url: str,
                                                   path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="kk-KZ")
    try:
        page = context.new_page()
        page.goto(f"{intranet_url}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        boxes = page.eval_on_selector_all(
            ".adal-cards .adal-cards__status", "els => els.map(e => { const r = "
            "e.getBoundingClientRect(); return [r.left, r.right, r.width]; })")
        assert boxes and all(left >= 0 and right <= 390 and width > 0
                             for left, right, width in boxes), boxes
    finally:
        context.close()


# ---- the overview readable without a script, on a phone, beside the menu (issue 21) ---------

def _titles(lang: str) -> list[str]:
    import yaml

    from tests.conftest import DEMO

    files = sorted((DEMO / "indicators").glob("*.yaml"))
    specs = [yaml.safe_load(f.read_text("utf-8")) for f in files]
    return [spec["title"][lang] for spec in specs]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_overview_chart_names_its_directions_without_javascript(
        browser: Browser, intranet_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        for lang in ("kk", "ru"):
            page.goto(f"{intranet_url}/{lang}/")
            chart = page.locator(".adal-chart")
            shown = " ".join(chart.inner_text().split())  # only what is on screen
            missing = [title for title in _titles(lang) if " ".join(title.split()) not in shown]
            assert missing == [], shown
            box = chart.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
            assert chart.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing sticks out
    finally:
        context.close()


def _contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_note_that_a_measure_is_done_is_readable(watched: Watched,
                                                     intranet_url: str) -> None:
    page = watched.page
    page.goto(f"{intranet_url}/kk/measures/")
    notes = page.eval_on_selector_all("td strong", """els => els
        .filter(e => e.textContent.startsWith('Орындалуын растайтын құжат'))
        .map(e => { const note = e.parentElement, cell = e.closest('td');
          let opacity = 1;
          for (let n = note; n && n !== cell.parentElement; n = n.parentElement)
            opacity *= +getComputedStyle(n).opacity;
          return [getComputedStyle(note).fontSize, getComputedStyle(cell).fontSize,
                  getComputedStyle(note).color, opacity]; })""")
    assert len(notes) == 3, notes  # measures 1, 3 and 5 are done, each with its evidence
    for size, cell_size, color, opacity in notes:
        assert size == cell_size and opacity == 1, notes
        assert _contrast(color, "rgb(255, 255, 255)") >= 4.5, notes


def test_the_organizations_name_does_not_cover_the_menu(browser: Browser,
                                                        intranet_url: str) -> None:
    """At 1280 px the left menu scrolls on its own: no entry may slide under the name."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        for lang in ("kk", "ru"):
            page.goto(f"{intranet_url}/{lang}/")
            for offset in (0, 40, 120, 400):
                page.evaluate("y => document.querySelector('.md-sidebar--primary "
                              ".md-sidebar__scrollwrap').scrollTop = y", offset)
                covered = page.evaluate("""() => {
                  const title = document.querySelector(
                    '.md-sidebar--primary .md-nav--primary > .md-nav__title');
                  const t = title.getBoundingClientRect();
                  const wrap = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap')
                    .getBoundingClientRect();
                  return [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')]
                    .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
                    .filter(([, r]) => r.height > 0 && r.bottom > wrap.top && r.top < wrap.bottom)
                    .filter(([, r]) => t.height > 0 && r.top < t.bottom - 1 && r.bottom > t.top + 1
                                       && r.left < t.right && r.right > t.left)
                    .map(([text]) => text); }""")
                assert covered == [], (lang, offset, covered)
    finally:
        context.close()
