from datetime import UTC, date, datetime, timedelta

import pytest

from generator.domain.clock import today_in
from generator.domain.dates import parse_date
from generator.domain.status import deadline_status

D = date(2025, 1, 20)


@pytest.mark.parametrize(("today", "expected"), [
    (D + timedelta(days=1), "overdue"),     # the day after the deadline
    (D, "due-soon"),                        # the deadline day itself is not overdue
    (D - timedelta(days=7), "due-soon"),    # exactly the window
    (D - timedelta(days=8), "upcoming"),    # one day outside the window
])
def test_open_item_boundaries(today: date, expected: str) -> None:
    assert deadline_status(D, None, today, 7) == expected


def test_window_setting_is_used() -> None:
    assert deadline_status(D, None, D - timedelta(days=3), 2) == "upcoming"
    assert deadline_status(D, None, D - timedelta(days=2), 2) == "due-soon"
    assert deadline_status(D, None, D, 0) == "due-soon"


def test_done_items_are_never_overdue() -> None:
    late_today = D + timedelta(days=100)
    assert deadline_status(D, D, late_today) == "done"
    assert deadline_status(D, D - timedelta(days=3), late_today) == "done"
    assert deadline_status(D, D + timedelta(days=1), late_today) == "done-late"
    assert deadline_status(None, D, late_today) == "done"


def test_no_deadline() -> None:
    assert deadline_status(None, None, D) == "no-deadline"


def test_today_follows_the_plans_time_zone() -> None:
    # 20:00 UTC on 14 January is already 15 January in Almaty (UTC+5).
    moment = datetime(2025, 1, 14, 20, 0, tzinfo=UTC)
    assert today_in("Asia/Almaty", moment) == date(2025, 1, 15)
    assert today_in("UTC", moment) == date(2025, 1, 14)


@pytest.mark.parametrize("text", ["06.01.2025", "06.01.2025.", "6.1.2025", "2025-01-06"])
def test_dates_accepted_and_normalised(text: str) -> None:
    assert parse_date(text) == date(2025, 1, 6)


@pytest.mark.parametrize(("text", "fragment"), [
    ("31.02.2025", "last day is 28 February 2025"), ("2025-13-01", "no month 13"), ("next week", "expected"),
    ("06/01/2025", "expected"),
])
def test_bad_dates_explained(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_date(text)
