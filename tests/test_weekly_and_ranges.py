"""«еженедельно» / «апта сайын» as a recurring deadline (one due date each Sunday), and a
period whose first day omits the year the last day gives («28.01–03.02.2025»): read by the
importer, held by the plan model, shown by `adal status`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.domain.schema import Deadline
from generator.domain.status import due_dates, item_state
from generator.importing.dates import parse_deadline
from tests.conftest import DEMO, copy_portal, run_adal

D = date


@pytest.mark.parametrize(("text", "expected"), [
    ("еженедельно", {"every": "week", "year": 2025}),
    ("Апта сайын", {"every": "week", "year": 2025}),
    ("раз в неделю", {"every": "week", "year": 2025}),
    ("28.01–03.02.2025", {"start": D(2025, 1, 28), "end": D(2025, 2, 3)}),
    ("с 28.01 по 03.02.2025 г.", {"start": D(2025, 1, 28), "end": D(2025, 2, 3)}),
    ("28.01.–03.02.2025", {"start": D(2025, 1, 28), "end": D(2025, 2, 3)}),
    ("28.12–10.01.2025", {"start": D(2024, 12, 28), "end": D(2025, 1, 10)}),  # across New Year
    ("03.02–28.01.2025", {"date": D(2025, 1, 28)}),  # reversed: no year-long period invented
    ("20.01.2025–31.01.2025", {"start": D(2025, 1, 20), "end": D(2025, 1, 31)}),
])
def test_the_importer_reads_them(text: str, expected: dict[str, Any]) -> None:
    assert parse_deadline([text], 2025) == expected


def test_weekly_is_due_each_sunday_the_last_cut_at_the_years_end() -> None:
    weekly = Deadline.model_validate({"every": "week", "year": 2025})
    dues = due_dates(weekly)
    assert dues[:2] == [D(2025, 1, 5), D(2025, 1, 12)] and dues[-1] == D(2025, 12, 31)
    assert len(dues) == 53 and all(d.weekday() == 6 for d in dues[:-1])
    state = item_state(weekly, None, [D(2025, 1, 3)], D(2025, 1, 14))
    assert (state.status, state.due) == ("overdue", D(2025, 1, 12))


def test_status_shows_weekly_in_the_runs_language(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").rstrip("\n") + """
  - number: 18
    kind: task
    title: {kk: Апталық есеп, ru: Еженедельный отчёт}
    deadline: {every: week, year: 2025}
    responsible: [head]
""", "utf-8")
    result = run_adal("status", "--project", str(root), "--today", "2025-01-08",
                      "--format", "json", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    item = next(i for i in json.loads(result.stdout) if i["number"] == 18)
    assert (item["status"], item["deadline"], item["deadline_text"]) == (
        "overdue", "2025-01-05", "еженедельно")
    assert len(item["occurrences"]) == 53
    table = run_adal("status", "--project", str(root), "--today", "2025-01-08", "--lang", "kk")
    assert table.returncode == 0 and "апта сайын" in table.stdout
