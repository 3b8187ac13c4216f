"""Deadline status of a plan item: a pure function of three dates and one setting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

Status = Literal["done", "done-late", "overdue", "due-soon", "upcoming", "no-deadline"]
STATUSES: tuple[Status, ...] = ("done", "done-late", "overdue", "due-soon", "upcoming",
                                "no-deadline")


def deadline_status(deadline: date | None, completed: date | None, today: date,
                    due_soon_days: int = 7) -> Status:
    """Done items are never overdue; the deadline day itself is not overdue."""
    if completed is not None:
        return "done-late" if deadline is not None and completed > deadline else "done"
    if deadline is None:
        return "no-deadline"
    if today > deadline:
        return "overdue"
    if (deadline - today).days <= due_soon_days:
        return "due-soon"
    return "upcoming"


def today_in(timezone: str, now: datetime | None = None) -> date:
    """Today's date where the organization is (the plan's time zone decides)."""
    moment = now or datetime.now(tz=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(timezone)).date()


def summary(statuses: list[Status]) -> dict[Status, int]:
    return {s: statuses.count(s) for s in STATUSES}
