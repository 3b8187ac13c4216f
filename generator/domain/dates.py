"""Dates as people write them in Kazakhstan: ISO or dd.mm.yyyy, with or without a final dot."""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")

EXPECTED = "a date like 2025-01-06 or 06.01.2025"


def parse_date(value: object) -> date:
    """Parse a date; raise ValueError with a message a non-programmer understands."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected {EXPECTED}, got {value!r}")
    text = value.strip()
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DOTTED.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(f"expected {EXPECTED}, got {value!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"impossible date {value!r}: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"impossible date {value!r}: month {month} of {year} has {last} days")
    return date(year, month, day)
