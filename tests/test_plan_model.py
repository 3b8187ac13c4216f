"""The plan model of real organizations' plans (issue 17, section 1): items of every kind,
deadlines as plans write them, responsible as written, extra columns, the directions a plan
covers. Pure rules are tested directly; the rest through real files, real checks and real
builds of the example organization and portals made from it."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import icalendar
import openpyxl
import pytest
from pydantic import ValidationError

from generator.domain.dates import recurring_dues, span_of
from generator.domain.reference import reference_data
from generator.domain.schema import Deadline, Item
from generator.domain.status import deadline_span, due_dates, item_state
from tests.conftest import DEMO, copy_portal, project_of, run_adal

D = date


def dl(value: object) -> Deadline:
    return Deadline.model_validate(value)


# ---- due dates of each form ------------------------------------------------------------------

@pytest.mark.parametrize(("written", "start", "due"), [
    ("06.01.2025", None, D(2025, 1, 6)),
    (D(2025, 1, 6), None, D(2025, 1, 6)),
    ({"date": "2025-01-20", "as_written": {"ru": "до 20 января 2025 года"}}, None, D(2025, 1, 20)),
    ({"start": "06.01.2025", "end": "17.01.2025"}, D(2025, 1, 6), D(2025, 1, 17)),
    ({"quarter": 1, "year": 2025}, D(2025, 1, 1), D(2025, 3, 31)),
    ({"quarter": 4, "year": 2024}, D(2024, 10, 1), D(2024, 12, 31)),
    ({"half": 1, "year": 2025}, D(2025, 1, 1), D(2025, 6, 30)),
    ({"half": 2, "year": 2025}, D(2025, 7, 1), D(2025, 12, 31)),
    ({"month": 2, "year": 2024}, D(2024, 2, 1), D(2024, 2, 29)),  # a leap year
    ({"month": 2, "year": 2025}, D(2025, 2, 1), D(2025, 2, 28)),
    ({"month": 12, "year": 2025}, D(2025, 12, 1), D(2025, 12, 31)),
    ({"throughout": 2025}, D(2025, 1, 1), D(2025, 12, 31)),
])
def test_each_one_time_form_is_due_at_its_end_and_starts_at_its_start(
        written: object, start: date | None, due: date) -> None:
    deadline = dl(written)
    assert deadline_span(deadline) == (start, due)
    assert due_dates(deadline) == [due]


def test_recurring_deadlines_have_one_due_date_per_occurrence() -> None:
    monthly = due_dates(dl({"every": "month", "year": 2024}))
    assert len(monthly) == 12 and monthly[1] == D(2024, 2, 29) and monthly[-1] == D(2024, 12, 31)
    assert due_dates(dl({"every": "quarter", "year": 2025})) == [
        D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]
    assert due_dates(dl({"every": "half-year", "year": 2025})) == [D(2025, 6, 30),
                                                                     D(2025, 12, 31)]
    assert due_dates(dl({"every": "year", "start": "01.01.2024", "end": "31.12.2025"})) == [
        D(2024, 12, 31), D(2025, 12, 31)]
    # Across a year boundary; the last occurrence is cut at the period's end.
    assert recurring_dues("month", D(2024, 11, 1), D(2025, 3, 31)) == [
        D(2024, 11, 30), D(2024, 12, 31), D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)]
    assert recurring_dues("quarter", D(2025, 2, 10), D(2025, 11, 15)) == [
        D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 11, 15)]
    given = dl({"every": "quarter", "dates": ["05.04.2025", "05.07.2025"]})
    assert due_dates(given) == [D(2025, 4, 5), D(2025, 7, 5)]
    assert span_of(2024, "half-year", 1) == (D(2024, 1, 1), D(2024, 6, 30))


# ---- status of each form ----------------------------------------------------------------------

def test_a_period_is_due_at_its_end_not_its_start() -> None:
    period = dl({"start": "06.01.2025", "end": "17.01.2025"})
    assert item_state(period, None, [], D(2025, 1, 1), 3).status == "upcoming"
    assert item_state(period, None, [], D(2025, 1, 8), 3).status == "upcoming"  # started
    assert item_state(period, None, [], D(2025, 1, 17), 3).status == "due-soon"
    assert item_state(period, None, [], D(2025, 1, 18), 3).status == "overdue"
    assert item_state(period, D(2025, 1, 17), [], D(2025, 2, 1), 3).status == "done"
    assert item_state(period, D(2025, 1, 20), [], D(2025, 2, 1), 3).status == "done-late"


def test_throughout_the_year_is_overdue_only_after_the_year() -> None:
    year = dl({"throughout": 2024})
    assert item_state(year, None, [], D(2024, 6, 1)).status == "upcoming"
    assert item_state(year, None, [], D(2024, 12, 31)).status == "due-soon"
    assert item_state(year, None, [], D(2025, 1, 1)).status == "overdue"


def test_a_recurring_item_has_the_status_of_its_first_occurrence_not_done() -> None:
    quarterly = dl({"every": "quarter", "year": 2025})
    # Nothing done: Q1 is upcoming, then overdue once 31.03 has passed.
    state = item_state(quarterly, None, [], D(2025, 1, 15))
    assert (state.status, state.due) == ("upcoming", D(2025, 3, 31))
    state = item_state(quarterly, None, [], D(2025, 4, 2))
    assert (state.status, state.due, state.badge_due) == ("overdue", D(2025, 3, 31),
                                                          D(2025, 3, 31))
    # Q1 done: the next one is due 30.06.
    state = item_state(quarterly, None, [D(2025, 3, 28)], D(2025, 4, 2))
    assert (state.status, state.due, state.done) == ("upcoming", D(2025, 6, 30), 1)
    assert item_state(quarterly, None, [D(2025, 3, 28)], D(2025, 6, 25)).status == "due-soon"
    # Every occurrence done: done, or done late when one was late (the badge names that one).
    on_time = [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 30)]
    state = item_state(quarterly, None, on_time, D(2026, 1, 10))
    assert (state.status, state.completed) == ("done", D(2025, 12, 30))
    late = [D(2025, 3, 31), D(2025, 7, 3), D(2025, 9, 30), D(2025, 12, 30)]
    state = item_state(quarterly, None, late, D(2026, 1, 10))
    assert (state.status, state.badge_due, state.badge_completed) == (
        "done-late", D(2025, 6, 30), D(2025, 7, 3))
    # `completed` closes the whole item.
    assert item_state(quarterly, D(2025, 12, 20), [], D(2026, 1, 10)).status == "done"


def test_monthly_across_the_new_year_and_a_leap_february() -> None:
    monthly = dl({"every": "month", "start": "01.12.2023", "end": "31.03.2024"})
    state = item_state(monthly, None, [D(2023, 12, 29)], D(2024, 1, 1))
    assert (state.status, state.due) == ("upcoming", D(2024, 1, 31))
    state = item_state(monthly, None, [D(2023, 12, 29), D(2024, 1, 31)], D(2024, 2, 28))
    assert (state.status, state.due) == ("due-soon", D(2024, 2, 29))
    assert item_state(monthly, None, [D(2023, 12, 29), D(2024, 1, 31)],
                      D(2024, 3, 1)).status == "overdue"


def test_no_deadline_only_when_the_plan_sets_none() -> None:
    assert item_state(None, None, [], D(2025, 1, 1)).status == "no-deadline"
    for written in ({"throughout": 2025}, {"every": "month", "year": 2025},
                    {"quarter": 2, "year": 2025}):
        assert item_state(dl(written), None, [], D(2025, 1, 1)).status != "no-deadline"


# ---- the format -------------------------------------------------------------------------------

def test_an_item_of_every_kind_and_responsible_as_written() -> None:
    item = Item.model_validate({
        "number": 3, "kind": "task", "title": {"kk": "Жариялау", "ru": "Публикация"},
        "deadline": {"every": "month", "year": 2025, "as_written": {"ru": "ежемесячно"}},
        "responsible": ["head", {"ru": "Главный бухгалтер", "missing": "kk"},
                        {"kk": "Жұмыс тобы", "ru": "Рабочая группа", "kind": "group"}],
        "columns": {"form": {"kk": "Ақпарат", "ru": "Информация"}}})
    written = item.responsible[1]
    assert not isinstance(written, str)
    assert (written["kk"], written["ru"]) == ("Главный бухгалтер", "Главный бухгалтер")
    for bad in ({"ru": "Главный бухгалтер"},  # one language, the other not marked missing
                {"kk": "Бас есепші", "ru": "Главный бухгалтер", "missing": "kk"}):
        with pytest.raises(ValidationError):
            Item.model_validate({"number": 1, "kind": "task", "responsible": [bad]})
    for bad_deadline in ({"year": 2025}, {"quarter": 5, "year": 2025},
                         {"start": "17.01.2025", "end": "06.01.2025"},
                         {"every": "day", "year": 2025}, {"date": "06.01.2025", "month": 1},
                         {"every": "month", "dates": ["05.02.2025", "05.01.2025"]}):
        with pytest.raises(ValidationError):
            dl(bad_deadline)


def _portal(tmp_path: Path, items: str, extra: str = "") -> Path:
    """The example organization with its items replaced (and `extra` top-level keys)."""
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = (root / "plan.yaml").read_text("utf-8")
    head = plan[:plan.index("columns:")]
    (root / "plan.yaml").write_text(head + extra + "items:\n" + items, "utf-8")
    return root


def _check(root: Path) -> tuple[str, list[str]]:
    result = run_adal("check", "--project", str(root))
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out, out
    return out, (root / "plan.yaml").read_text("utf-8").split("\n")


def _at(out: str, lines: list[str], text: str, message: str) -> None:
    line = next(i for i, line in enumerate(lines, start=1) if text in line)
    assert re.search(rf"plan\.yaml:{line}: .*{re.escape(message)}", out), (line, message, out)


def test_a_wrong_deadline_or_written_text_is_reported_at_its_line(tmp_path: Path) -> None:
    root = _portal(tmp_path, """\
  - number: 1
    kind: task
    title: {kk: Жариялау, ru: Публикация}
    deadline: {start: 17.01.2025, end: 06.01.2025}
    responsible: [head]
  - number: 2
    kind: signing
    title: {kk: Қол қою, ru: Подписание}
    deadline: {year: 2025}
    responsible: [{ru: Рабочая группа}]
""")
    out, lines = _check(root)
    _at(out, lines, "deadline: {start: 17.01.2025", "ends before it starts")
    _at(out, lines, "deadline: {year: 2025}", "write the deadline in one of these forms")
    _at(out, lines, "responsible: [{ru: Рабочая", "or in one language only")


def test_each_wrong_new_field_is_reported_at_its_line(tmp_path: Path) -> None:
    root = _portal(tmp_path, """\
  - {number: 1, kind: collect, direction: personnel, deadline: 06.01.2025, responsible: [head]}
  - {number: 2, kind: task, deadline: 06.01.2025, responsible: [head]}
  - number: 4
    kind: order
    title: {kk: Бұйрық, ru: Приказ}
    deadline: 03.01.2025
    completed_occurrences: [03.01.2025]
    responsible: [head]
    columns: {forma: {kk: Бұйрық, ru: Приказ}}
  - number: 5
    kind: task
    title: {kk: Мониторинг, ru: Мониторинг}
    deadline: {every: half-year, year: 2024}
    completed_occurrences: [30.06.2024, 31.12.2024, 01.01.2025]
    responsible: [{ru: Главный бухгалтер, missing: kk}]
""", extra="columns:\n  - {id: form, title: {kk: Аяқтау нысаны, ru: Форма завершения}}\n")
    out, lines = _check(root)
    _at(out, lines, "number: 2", "item 2 (kind 'task'): add its title")
    _at(out, lines, "completed_occurrences: [03.01.2025]", "for a recurring deadline only")
    _at(out, lines, "forma:", "column 'forma' is not in the plan's 'columns' (did you mean")
    _at(out, lines, "completed_occurrences: [30.06.2024", "more occurrences done (3)")
    _at(out, lines, "responsible: [{ru: Главный", "the Kazakh (kk) text is not in the plan")


# ---- what the example organization's pages, exports and status show -----------------------

def test_the_new_kinds_on_the_pages(demo_intranet: Path) -> None:
    home = (demo_intranet / "kk" / "index.html").read_text("utf-8")
    # The plan's own wording, with the due date or the next occurrence under it.
    assert "2025 жылғы 13 ақпанға дейін" in home and "мерзімі: 13.02.2025" in home
    assert "Тоқсан сайын" in home and "келесі мерзімі: 31.03.2025" in home
    assert "2025 жылғы наурыз" in home and "Жыл бойы" in home
    assert re.search(r"17(&#46;|\.)02\.2025 – 28\.02\.2025", home)  # a period, with its start
    # Responsible as the plan writes them; the extra columns, the internal one tagged.
    assert "Жұмыс тобының мүшелері" in home and "Іс жүргізуші" in home
    assert "<th>Аяқтау нысаны</th>" in home and "<th>Ескерту</th>" in home
    assert re.search(r'<span class="adal-internal-tag">[^<]+</span> Хабарландыру', home)
    # A task has no page of its own: its row is its place, linked from the overview.
    assert '<tr id="item-14">' in home
    ru = (demo_intranet / "ru" / "index.html").read_text("utf-8")
    assert "до 13 февраля 2025 года" in ru and "Ежеквартально" in ru
    assert "март 2025 г." in ru and "Главный бухгалтер" in ru
    badges = dict(re.findall(r'data-item="(\d+)" data-status="([a-z-]+)"', home))
    assert badges["12"] == "done" and badges["16"] == "upcoming" and badges["14"] == "upcoming"
    reference = (demo_intranet / "ru" / "reference" / "index.html").read_text("utf-8")
    assert "Подписание аналитической справки членами рабочей группы" in reference
    assert "Члены рабочей группы" in reference


def test_the_public_build_keeps_public_columns_only(demo_public: Path) -> None:
    home = (demo_public / "kk" / "index.html").read_text("utf-8")
    assert "<th>Аяқтау нысаны</th>" in home and "Интернет-ресурста жариялау" in home
    assert "Ескерту" not in home and "әдіскермен келісу" not in home
    data = json.loads((demo_public / "data" / "plan.json").read_text("utf-8"))
    assert [c["id"] for c in data["columns"]] == ["form"]
    assert all(set(i["columns"]) <= {"form"} for i in data["items"])


def test_the_new_kinds_in_the_exports(demo_intranet: Path) -> None:
    data = json.loads((demo_intranet / "data" / "plan.json").read_text("utf-8"))
    assert data["schema_version"] == 5
    items = {i["number"]: i for i in data["items"]}
    assert items[1]["deadline_form"] == "date" and items[1]["deadline_text"]["kk"] == "06.01.2025"
    assert items[9]["deadline_form"] is None and items[9]["status"] == "no-deadline"
    assert (items[14]["deadline_form"], items[14]["deadline_start"], items[14]["deadline"]) == (
        "period", "2025-02-17", "2025-02-28")
    assert items[15]["deadline"] == "2025-03-31" and items[17]["deadline"] == "2025-12-31"
    assert [o["due"] for o in items[16]["occurrences"]] == [
        "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
    assert items[13]["kind"] == "signing" and items[12]["kind"] == "order"
    assert items[13]["responsible"]["ru"] == ["Члены рабочей группы"]
    assert items[14]["columns"]["form"]["ru"] == "Публикация на интернет-ресурсе"

    calendar = icalendar.Calendar.from_ical(
        (demo_intranet / "data" / "deadlines-ru.ics").read_text("utf-8"))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    quarterly = sorted(uid for uid in events if "-item-16-" in uid)
    assert len(quarterly) == 4 and quarterly[0].endswith("-item-16-1-ru@adal")
    period = next(e for uid, e in events.items() if uid.endswith("-item-14-ru@adal"))
    assert (period["dtstart"].dt, period["dtend"].dt) == (D(2025, 2, 17), D(2025, 3, 1))
    month = next(e for uid, e in events.items() if uid.endswith("-item-15-ru@adal"))
    assert month["dtstart"].dt == D(2025, 3, 31) and "март 2025 г." in str(month["description"])

    text = (demo_intranet / "data" / "plan-ru.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    assert head[-2:] == ["Статус", "status"]
    assert {"Начало", "Срок по плану", "Форма завершения", "Примечание"} <= set(head)
    row14 = dict(zip(head, next(r for r in rows if r[0] == "14"), strict=True))
    assert (row14["Начало"], row14["Срок"], row14["Форма завершения"]) == (
        "2025-02-17", "2025-02-28", "Публикация на интернет-ресурсе")

    sheet = openpyxl.load_workbook(demo_intranet / "data" / "plan-kk.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    assert "Жоспардағы мерзімі" in header and "Аяқтау нысаны" in header
    row16 = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 16)
    assert row16[header.index("Жоспардағы мерзімі")] == "Тоқсан сайын"


def test_status_shows_each_deadline_as_written(tmp_path: Path) -> None:
    result = run_adal("status", "--project", str(DEMO), "--today", "2025-04-02",
                      "--format", "json", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    items = {i["number"]: i for i in json.loads(result.stdout)}
    assert items[16]["status"] == "overdue" and items[16]["deadline"] == "2025-03-31"
    assert items[16]["deadline_text"] == "Ежеквартально"
    assert [o["status"] for o in items[16]["occurrences"]] == ["overdue", "upcoming",
                                                               "upcoming", "upcoming"]
    assert items[14]["deadline_start"] == "2025-02-17"
    table = run_adal("status", "--project", str(DEMO), "--today", "2025-04-02", "--lang", "ru")
    assert table.returncode == 0, table.stderr
    row16 = table.stdout[table.stdout.index("\n16 "):table.stdout.index("\n17 ")]
    assert "Ежеквартально" in row16 and "ближайший срок:" in row16 and "31.03.2025" in row16
    assert "В течение года" in table.stdout and "Главный бухгалтер" in table.stdout


# ---- the directions a plan covers ---------------------------------------------------------------

def test_counts_come_from_the_directions_the_plan_covers(tmp_path: Path) -> None:
    """A plan that covers 2 of the 9 standard directions says 2, not 9; a direction with
    findings counts too."""
    root = _portal(tmp_path, """\
  - number: 1
    kind: order
    title: {kk: Жұмыс тобын құру туралы бұйрық, ru: Приказ о создании рабочей группы}
    deadline: 03.01.2025
    completed: 2025-01-03
    responsible: [head]
  - number: 2
    kind: collect
    direction: personnel
    deadline: {start: 06.01.2025, end: 10.01.2025}
    responsible: [head, {kk: Кадр бөлімі, ru: Отдел кадров, kind: unit}]
    columns: {form: {kk: Ақпарат, ru: Информация}}
  - {number: 3, kind: collect, direction: permits, deadline: 20.01.2025, responsible: [head]}
  - {number: 4, kind: reference, deadline: 12.02.2025, completed: 2025-01-10, responsible: [secretary]}
  - number: 5
    kind: signing
    title: {kk: Анықтамаға қол қою, ru: Подписание справки}
    deadline: 13.02.2025
    responsible: [{kk: Жұмыс тобы, ru: Рабочая группа, kind: group}]
""", extra="columns:\n  - {id: form, title: {kk: Аяқтау нысаны, ru: Форма завершения}, "
           "visibility: public}\n")
    for name in ("content/findings/budget.md", "content/findings/contracts.md", "measures.yaml"):
        (root / name).unlink()
    plan = (root / "plan.yaml").read_text("utf-8")
    (root / "plan.yaml").write_text(re.sub(r"(?m)^working_group:.*\n", "", plan), "utf-8")
    project = project_of(root)
    assert [d.id for d in project.covered_directions] == ["personnel", "permits"]
    # Written, not yet signed: the reference is still a draft.
    assert reference_data(project).state == "draft"
    out = tmp_path / "site"
    result = run_adal("build", "--project", str(root), "--today", "2025-01-15", "--out",
                      str(out), "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Бағаланған бағыттар: 1 / 2" in (out / "kk" / "index.html").read_text("utf-8")
    data = json.loads((out / "data" / "plan.json").read_text("utf-8"))
    assert [d["id"] for d in data["directions"]] == ["personnel", "permits"]
    reference = (out / "ru" / "reference" / "index.html").read_text("utf-8")
    assert 'id="direction-personnel"' in reference and 'id="direction-budget"' not in reference
    # A direction's page: the item's period, responsible as written and extra columns.
    page = (out / "ru" / "directions" / "personnel" / "index.html").read_text("utf-8")
    assert re.search(r"06(&#46;|\.)01\.2025 – 10\.01\.2025", page)
    assert "Отдел кадров" in page and "<strong>Форма завершения:</strong> Информация" in page
    # No working group declared: nobody is made a member for being responsible for an item.
    assert project.working_group == [] and project.group_leader is None
    assert "Состав рабочей группы в плане не указан." in reference
