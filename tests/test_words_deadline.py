"""A deadline the plan gives only in words («в течение 10 рабочих дней после получения
запроса», «по мере необходимости», «күн сайын»): a deadline, shown as written, with its own
status `as-written` — never "the plan sets no deadline" (pages, counts, the browser's
recomputation, plan.json, CSV, XLSX, ICS, `adal status`). Built with the real MkDocs from
the example organization with three such items added."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import openpyxl
import pytest

from generator.domain.schema import Deadline
from generator.domain.status import due_dates, item_state
from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal

WORDS_RU = "в течение 10 рабочих дней после получения запроса"
WORDS_KK = "Сұрау түскеннен кейін 10 жұмыс күні ішінде"
HOSTILE = "<b>по мере</b> необходимости"
ITEMS = f"""\
  - number: 18
    kind: task
    title: {{kk: Ақпарат беру, ru: Представление информации}}
    deadline: {{as_written: {{kk: {WORDS_KK}, ru: {WORDS_RU}}}}}
    responsible: [secretary]
  - number: 19
    kind: task
    title: {{kk: Түсіндіру жұмысы, ru: Разъяснительная работа}}
    deadline: {{as_written: {{ru: "{HOSTILE}"}}}}
    responsible: [head]
  - number: 20
    kind: task
    title: {{kk: Есеп беру, ru: Отчёт}}
    deadline: {{as_written: {{kk: Күн сайын, ru: Ежедневно}}}}
    completed: 2025-01-10
    responsible: [head]
"""


def dl(value: object) -> Deadline:
    return Deadline.model_validate(value)


def test_words_alone_are_a_deadline_of_their_own_form() -> None:
    words = dl({"as_written": {"ru": "по мере необходимости"}})
    assert words.form == "words" and due_dates(words) == []
    open_state = item_state(words, None, [], date(2030, 1, 1))
    assert open_state.status == "as-written" and open_state.due is None  # never overdue
    assert item_state(words, date(2025, 3, 1), [], date(2030, 1, 1)).status == "done"
    assert item_state(None, None, [], date(2025, 1, 1)).status == "no-deadline"
    with pytest.raises(ValueError, match="one of these forms"):
        dl({})


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(DEMO, tmp_path_factory.mktemp("words") / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").rstrip("\n") + "\n" + ITEMS, "utf-8")
    return root


@pytest.fixture(scope="module")
def site(portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project_of(portal), TODAY, out=tmp_path_factory.mktemp("words-site") / "site")


def _badges(html: str) -> dict[int, str]:
    return {int(n): s for n, s in re.findall(r'data-item="(\d+)" data-status="([a-z-]+)"', html)}


def test_the_pages_show_the_wording_and_its_status_in_both_languages(site: Path) -> None:
    for lang, label, own in (("kk", "Мерзімі сөзбен жазылған", WORDS_KK),
                             ("ru", "Срок указан словами", WORDS_RU)):
        home = (site / lang / "index.html").read_text("utf-8")
        badges = _badges(home)
        assert (badges[18], badges[19], badges[20], badges[9]) == (
            "as-written", "as-written", "done", "no-deadline")
        assert own in home and label in home
        row = home[home.index('<tr id="item-18">'):]
        row = row[:row.index("</tr>")]
        assert own in row and "adal-badge--as-written" in row and 'data-words="1"' in row
        assert "Мерзімі белгіленбеген" not in row and "Срок не установлен" not in row
        # The overview counts: two set in words; only item 9 sets no deadline.
        assert re.search(r'data-adal-count="as-written">2<', home)
        assert re.search(r'data-adal-count="no-deadline">1<', home)
        # A wording in one language is shown (escaped) on the other language's pages too.
        assert "&lt;b&gt;по мере&lt;/b&gt; необходимости" in home and "<b>по мере" not in home
    kk = (site / "kk" / "index.html").read_text("utf-8")
    assert "жоспарда мерзім күнмен емес, сөзбен жазылған" in kk  # the legend's help text


def test_plan_json_csv_xlsx_and_calendar(site: Path) -> None:
    data = json.loads((site / "data" / "plan.json").read_text("utf-8"))
    assert data["schema_version"] == 5
    items = {i["number"]: i for i in data["items"]}
    assert (items[18]["status"], items[18]["deadline_form"], items[18]["deadline"]) == (
        "as-written", "words", None)
    assert items[18]["deadline_text"] == {"kk": WORDS_KK, "ru": WORDS_RU}
    assert items[19]["deadline_text"] == {"kk": HOSTILE, "ru": HOSTILE}
    assert [i["number"] for i in data["items"] if i["status"] == "no-deadline"] == [9]
    schema = json.loads((site / "data" / "plan.schema.json").read_text("utf-8"))
    assert "as-written" in json.dumps(schema)

    rows = list(csv.reader(io.StringIO((site / "data" / "plan-ru.csv").read_text("utf-8-sig"))))
    row18 = dict(zip(rows[0], next(r for r in rows if r[0] == "18"), strict=True))
    assert (row18["Срок по плану"], row18["status"], row18["Статус"]) == (
        WORDS_RU, "as-written", "Срок указан словами")

    sheet = openpyxl.load_workbook(site / "data" / "plan-kk.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 18)
    assert row[header.index("Жоспардағы мерзімі")] == WORDS_KK

    calendar = icalendar.Calendar.from_ical(
        (site / "data" / "deadlines-ru.ics").read_text("utf-8"))
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert uids and not [u for u in uids if re.search(r"-item-(18|19|20)-", u)]


def test_adal_status_names_it_in_the_runs_language(portal: Path) -> None:
    result = run_adal("status", "--project", str(portal), "--today", "2025-01-15",
                      "--format", "json", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    items = {i["number"]: i for i in json.loads(result.stdout)}
    assert (items[18]["status"], items[18]["deadline_form"], items[18]["deadline_text"]) == (
        "as-written", "words", WORDS_RU)
    for lang, label in (("ru", "Срок указан словами"), ("kk", "Мерзімі сөзбен жазылған")):
        table = run_adal("status", "--project", str(portal), "--today", "2025-01-15",
                         "--lang", lang)
        assert table.returncode == 0, table.stderr
        row = table.stdout[table.stdout.index("\n18 "):table.stdout.index("\n19 ")]
        assert label in row and "10" in row
        assert "белгіленбеген" not in row and "не установлен" not in row


def test_check_accepts_it(portal: Path) -> None:
    result = run_adal("check", "--project", str(portal))
    assert result.returncode == 0, result.stdout + result.stderr


# ---- the reader's browser recomputes statuses: a wording stays a wording -------------------

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    from tests.test_browser import _serve

    yield from _serve(site)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_the_browser_keeps_it_on_a_later_day(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.clock.install(time=datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
        page.goto(f"{url}/ru/")
        status = page.eval_on_selector_all(
            ".adal-badge[data-item]", "els => Object.fromEntries(els.map(e => "
            "[e.dataset.item, e.dataset.status + '|' + e.textContent.trim()]))")
        assert page.locator(".adal-asof").first.inner_text().startswith("Статусы пересчитаны")
        browser.close()
    assert status["18"] == "as-written|Срок указан словами"
    assert status["19"].startswith("as-written") and status["20"].startswith("done")
    assert status["9"].startswith("no-deadline")
    assert status["16"].startswith("overdue")  # the clock did move the dated ones
