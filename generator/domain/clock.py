"""The one reader of the clock: today's date where the organization is. Every command passes
its --today first (`today or today_in(...)`); a module of its own so that a run that needs
only the day (an unchanged `adal check`) imports nothing else to learn it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in(timezone: str, now: datetime | None = None) -> date:
    """Today's date where the organization is (the plan's time zone decides)."""
    moment = now or datetime.now(tz=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(timezone)).date()
