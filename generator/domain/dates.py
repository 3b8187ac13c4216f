"""Dates as people write them in Kazakhstan: ISO or dd.mm.yyyy, with or without a final dot."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from generator.domain.grammar import Words
from generator.messages import t

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")



def parse_date(value: object) -> date:
    """Parse a date; raise ValueError with a message a non-programmer understands."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(t("date_expected", got=t("got", value=repr(value))))
    text = value.strip()
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DOTTED.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(t("date_expected", got=t("got", value=repr(value))))
    if not 1 <= month <= 12:
        raise ValueError(t("date_no_month", value=repr(value), month=month))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(t("date_no_day", value=repr(value),
                           last=Words(date(year, month, last))))
    return date(year, month, day)


# ---- dates as official texts write them (language-review.md) -------------------------------
# Month names come from CLDR (Babel); the Kazakh locative («ақпандағы», "in February"),
# which CLDR does not have, is written out.
KK_MONTHS_LOCATIVE = ("қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы",
                      "маусымдағы", "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы",
                      "қарашадағы", "желтоқсандағы")


def numeric(day: date) -> str:
    """Tables, deadlines and signature blocks: 13.02.2025, as in the approved plan."""
    return day.strftime("%d.%m.%Y")


def month_names(lang: str, locative: bool = False) -> list[str]:
    """January..December as a date writes them: kk «ақпан» (or «ақпандағы»), ru «февраля»."""
    if lang == "kk" and locative:
        return list(KK_MONTHS_LOCATIVE)
    from babel.dates import get_month_names

    names = get_month_names("wide", "format", lang)
    return [names[m] for m in range(1, 13)]


def in_words(day: date, lang: str, locative: bool = False) -> str:
    """Running text: kk «2025 жылғы 13 ақпан» («…13 ақпандағы» with `locative`, for «…жағдай
    бойынша»); ru «13 февраля 2025 г.»."""
    month = month_names(lang, locative)[day.month - 1]
    if lang == "kk":
        return f"{day.year} жылғы {day.day} {month}"
    return f"{day.day} {month} {day.year} г."


# ---- spans of the calendar: what plans mean by a month, a quarter, a half-year ---------------
SPAN_MONTHS = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}


def month_end(year: int, month: int) -> date:
    """The last day of a month (29.02 in a leap year)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def span_of(year: int, every: str, index: int) -> tuple[date, date]:
    """The `index`-th (1-based) month, quarter, half-year or year of a year: first and last day.
    span_of(2025, "quarter", 1) is 01.01.2025–31.03.2025."""
    months = SPAN_MONTHS[every]
    first = (index - 1) * months + 1
    return date(year, first, 1), month_end(year, first + months - 1)


def span_containing(day: date, every: str) -> tuple[date, date]:
    """The calendar week (Monday to Sunday), month, quarter, half-year or year that contains
    a day."""
    if every == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    months = SPAN_MONTHS[every]
    return span_of(day.year, every, (day.month - 1) // months + 1)


def recurring_dues(every: str, start: date, end: date) -> list[date]:
    """The due date of each occurrence of a recurring item over start–end: the last day of each
    calendar week (Sunday), month, quarter, half-year or year that meets the period, the last
    one cut at `end`.
    Monthly over 01.11.2024–31.03.2025: 30.11, 31.12.2024, 31.01, 28.02, 31.03.2025."""
    dues = []
    day = start
    while day <= end:
        _, last = span_containing(day, every)
        dues.append(min(last, end))
        day = last + timedelta(days=1)
    return dues


ROMAN = ("I", "II", "III", "IV")


def standalone_month(month: int, lang: str) -> str:
    """A month named on its own (not in a date): kk «қаңтар», ru «январь»."""
    from babel.dates import get_month_names

    context = "format" if lang == "kk" else "stand-alone"
    return get_month_names("wide", context, lang)[month]
