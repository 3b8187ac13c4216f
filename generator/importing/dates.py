"""Deadlines and dates as Word plans write them (issue 17): pure rules, no I/O.

A deadline cell (or the two cells of «начало | окончание» columns) becomes one of the plan
model's forms (docs/formats.md › Deadlines): a date, a period (due at its end), a quarter, a
half-year, a month, the whole year («в течение года», «жыл бойы») or a recurring deadline
(«ежемесячно», «тоқсан сайын»). A date or period without a year takes the plan's year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

MONTHS = {
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "ru": ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр"),
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
          "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4,
          "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "четвёртый": 4,
          "первое": 1, "второе": 2}
_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_WORD_MONTH = re.compile(r"[^\W\d_]+")


def month_of(word: str) -> int | None:
    """1–12 for a month's name in any case («қаңтар», «қаңтарға», «января», «январь»)."""
    word = word.lower()
    for names in MONTHS.values():
        for i, name in enumerate(names):
            if name == "ма":
                if word in ("май", "мая", "мае"):
                    return 5
            elif word.startswith(name):
                return i + 1
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str, year: int | None) -> list[date]:
    """Every date written in the text, in order: «06.01.2025», «20 қаңтар 2025 ж.»,
    «2025 жылғы 20 қаңтар», «2025 жылғы «08» қаңтар», «до 24 января 2025 года», «24
    қаңтарға дейін» (no year: `year`, the plan's)."""
    found: list[tuple[int, date]] = []
    for m in _DOTTED.finditer(text):
        year_text = m.group(3)
        the_year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
        if day := _valid(the_year, int(m.group(2)), int(m.group(1))):
            found.append((m.start(), day))
    cleaned = re.sub(r"[«»\"“”„']", " ", text)
    tokens = [(m.start(), m.group(0)) for m in re.finditer(r"\d+|[^\W\d_]+", cleaned)]
    for k, (_at, token) in enumerate(tokens):
        month = month_of(token) if not token.isdigit() else None
        if month is None or k == 0 or not tokens[k - 1][1].isdigit():
            continue
        day_text = tokens[k - 1][1]
        if len(day_text) > 2:
            continue
        the_year = None
        if k + 1 < len(tokens) and len(tokens[k + 1][1]) == 4 and tokens[k + 1][1].isdigit():
            the_year = int(tokens[k + 1][1])
        elif k >= 2 and len(tokens[k - 2][1]) == 4 and tokens[k - 2][1].isdigit():
            the_year = int(tokens[k - 2][1])  # «2025 жылғы 20 қаңтар»
        elif k >= 3 and (tokens[k - 2][1].startswith(("жыл", "год")) or
                         tokens[k - 2][1] in ("ж", "г")) \
                and len(tokens[k - 3][1]) == 4 and tokens[k - 3][1].isdigit():
            the_year = int(tokens[k - 3][1])
        the_year = the_year or year
        if the_year and (day := _valid(the_year, month, int(day_text))):
            found.append((tokens[k - 1][0], day))
    return [day for _, day in sorted(found, key=lambda pair: pair[0])]


def plan_year(texts: Iterable[str]) -> int | None:
    """The plan's year: the year most of its texts name (its title, approval, dates)."""
    counts = Counter(int(y) for text in texts for y in _YEAR.findall(text))
    return counts.most_common(1)[0][0] if counts else None


_EVERY = (
    ("week", ("еженедельно", "апта сайын", "каждую неделю", "әр апта", "еженедельн",
              "раз в неделю", "аптасына")),
    ("month", ("ежемесячно", "ай сайын", "каждый месяц", "ежемесячн", "әр ай",
               "каждого месяца", "каждом месяце", "айдың сайын")),
    ("quarter", ("ежеквартально", "тоқсан сайын", "ежекварталь", "каждый квартал",
                 "әр тоқсан", "тоқсанына", "каждого квартала", "каждом квартале")),
    ("half-year", ("раз в полугодие", "жарты жыл сайын", "полугодовой", "жартыжылдық сайын",
                   "каждое полугодие", "раз в пол")),
    ("year", ("ежегодно", "жыл сайын", "каждый год")),
)
_THROUGHOUT = ("в течение года", "жыл бойы", "в течении года", "жыл ішінде", "постоянно",
               "тұрақты", "в течение всего года", "течение года")
_QUARTER = re.compile(r"(?<![\w])(iv|iii|ii|i|[1-4])\s*-?\s*(?:й|ші|шы|ый|ой)?\s*"
                      r"(тоқсан|квартал)", re.I)
_QUARTER_WORD = re.compile(r"(бірінші|екінші|үшінші|төртінші|первый|второй|третий|"
                           r"четв[её]ртый)\s+(тоқсан|квартал)", re.I)
# A ten-day part of a month («1 декада февраля», «во второй декаде марта», «ақпанның
# 1-онкүндігі», «наурыздың екінші онкүндігі»): the 1st–10th, 11th–20th, 21st–last.
_DECADE_ORDINAL = re.compile(r"(?<![\w])(iii|ii|i|[123]|перв\w*|втор\w*|трет\w*|бірінші|"
                             r"екінші|үшінші)\s*-?\s*(?:я|й|ей|ой|ші|шы|ая|ья)?\s*"
                             r"(декад|онкүнд|он\s+күнд)", re.I)
_DECADE_NUMBER = {"i": 1, "1": 1, "ii": 2, "2": 2, "iii": 3, "3": 3, "перв": 1, "втор": 2,
                  "трет": 3, "бірінші": 1, "екінші": 2, "үшінші": 3}
_HALF = re.compile(r"(?<![\w])(ii|i|[12]|бірінші|екінші|первое|второе)\s*-?\s*(?:е|ші|шы|ое)?"
                   r"\s*(полугоди|жартыжылд|жарты\s+жыл)", re.I)


def _decade(lowered: str, year: int | None) -> dict[str, Any] | None:
    """A ten-day part of one named month as a period; None when the text is not one (no
    decade word, no single month, or no year to place it in)."""
    m = _DECADE_ORDINAL.search(lowered)
    if m is None or year is None:
        return None
    months = {month_of(w) for w in _WORD_MONTH.findall(lowered)} - {None}
    if len(months) != 1:
        return None
    month = months.pop()
    assert month is not None
    word = m.group(1).lower()
    n = next(v for k, v in _DECADE_NUMBER.items() if word == k or (len(k) > 3 and
                                                                   word.startswith(k)))
    first = date(year, month, 10 * (n - 1) + 1)
    last = date(year, month, 10 * n) if n < 3 else (
        date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return {"start": first, "end": last}


# Roman numerals typed with the Kazakh keyboard's Cyrillic «І» («І тоқсан», «ІІ квартал»).
_CYRILLIC_ROMAN = re.compile(r"(?<![\w])[ІI]{1,3}(?:V)?(?![\w])|(?<![\w])IV(?![\w])")
# A range of days in one month: «15-25 января», «с 15 по 25 января 2025 г.», «20-31 қаңтар».
_DAY_RANGE = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:[-–—]|по)\s*(\d{1,2})\s*[«»\"]?\s*"
                        r"([^\W\d_]+)")
# A day and month without the year: «до 10.02.», «10.02» (the plan's year).
_DAY_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})\.?(?![\d])")
# Quarters one after another: «1-2 кварталы», «I–II тоқсан» (a period).
_QUARTERS = re.compile(r"(?<![\w])(iv|iii|ii|i|[1-4])\s*[-–—]\s*(iv|iii|ii|i|[1-4])\s*-?\s*"
                       r"(?:й|ші|шы|ый|ой)?\s*(тоқсан|квартал)", re.I)


# A period whose first day omits the year the last one gives: «28.01–03.02.2025», «с 28.01 по
# 03.02.2025», «28.12–10.01.2025» (the first day in the year before: a period across New Year).
_SHORT_RANGE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})\.?\s*(?:[-–—]|по)\s*(\d{1,2})\.(\d{2})\."
                          r"(\d{4})(?![\d])")


def _short_range(text: str) -> dict[str, Any] | None:
    m = _SHORT_RANGE.search(text)
    if m is None:
        return None
    d1, m1, d2, m2, y2 = (int(g) for g in m.groups())
    end = _valid(y2, m2, d2)
    start = _valid(y2 - 1 if m1 > m2 else y2, m1, d1)
    if start is None or end is None or not start < end or (
            m1 > m2 and (end - start).days > 92):  # reversed by mistake, not across New Year
        return None
    return {"start": start, "end": end}


def _day_range(text: str, year: int | None) -> dict[str, Any] | None:
    m = _DAY_RANGE.search(text)
    if m is None or (month := month_of(m.group(3))) is None:
        return None
    after = _YEAR.search(text[m.end():])
    the_year = int(after.group(1)) if after else year
    if the_year is None:
        return None
    start, end = _valid(the_year, month, int(m.group(1))), _valid(the_year, month,
                                                                  int(m.group(2)))
    if start is None or end is None or end < start or len(dates_in(text, year)) > 1:
        return None
    return {"start": start, "end": end}


# The end of the (plan's) year: «до конца года», «до конца 2025 года», «к концу года», «жыл
# соңына дейін», «жылдың соңына дейін», «2025 жылдың аяғына дейін».
_YEAR_END = (r"(?:до|к)\s+конц[ау]\s+(?:(?:19|20)\d\d\s+)?(?:календарного\s+)?года"
             r"|жыл(?:дың)?\s+(?:соңына|аяғына)\s+дейін")


def parse_deadline(cells: list[str], year: int | None) -> dict[str, Any] | None:
    """The deadline in the model's keys (`date`; `start`, `end`; `quarter|half|month`,
    `year`; `throughout`; `every`, `year`), or None when the text is none of these."""
    cells = [_CYRILLIC_ROMAN.sub(lambda m: m.group(0).replace("І", "I"), c.strip())
             for c in cells]
    text = " ".join(c for c in cells if c)
    if not text:
        return None
    lowered = re.sub(r"\s+", " ", text.lower())
    own_year = plan_year([text])
    the_year = own_year or year
    for every, words in _EVERY:
        if any(w in lowered for w in words):
            return {"every": every, "year": the_year} if the_year else None
    if any(w in lowered for w in _THROUGHOUT):
        return {"throughout": the_year} if the_year else None
    if re.search(_YEAR_END, lowered):  # «до конца года», «жыл соңына дейін»: its last day
        return {"date": date(the_year, 12, 31)} if the_year else None
    if decade := _decade(lowered, the_year):
        return decade
    if days := _day_range(lowered, year):
        return days
    if days := _short_range(lowered):
        return days
    found = dates_in(text, year)
    if not found and the_year and len(cells) == 1:
        bare = [d for m in _DAY_MONTH.finditer(text)
                if (d := _valid(the_year, int(m.group(2)), int(m.group(1))))]
        if len(bare) == 1:
            return {"date": bare[0]}
    if len(cells) == 2 and all(cells):  # «начало | окончание» columns
        start, end = dates_in(cells[0], year), dates_in(cells[1], year)
        if len(start) == 1 and len(end) == 1 and start[0] <= end[0]:
            return {"start": start[0], "end": end[0]}
    if len(found) == 2 and found[0] <= found[1]:
        return {"start": found[0], "end": found[1]}
    if len(found) == 1:
        return {"date": found[0]}
    if found:
        return None
    if (m := _QUARTERS.search(lowered)) and the_year:
        first, last = _ROMAN[m.group(1).lower()], _ROMAN[m.group(2).lower()]
        if first < last:
            end = date(the_year + (3 * last) // 12, (3 * last) % 12 + 1, 1) - timedelta(days=1)
            return {"start": date(the_year, 3 * first - 2, 1), "end": end}
    if (m := _QUARTER.search(lowered)) or (m := _QUARTER_WORD.search(lowered)):
        return {"quarter": _ROMAN[m.group(1).lower()], "year": the_year} if the_year else None
    if m := _HALF.search(lowered):
        return {"half": _ROMAN[m.group(1).lower()], "year": the_year} if the_year else None
    words = _WORD_MONTH.findall(lowered)
    months = [month_of(w) for w in words if month_of(w)]
    if len(months) == 2 and the_year and months[0] < months[1]:  # «январь–февраль 2025 г.»
        last = date(the_year + months[1] // 12, months[1] % 12 + 1, 1) - timedelta(days=1)
        return {"start": date(the_year, months[0], 1), "end": last}
    if len(months) == 1 and the_year and not re.search(r"\d{1,2}\s*[«»\"]?\s*[^\W\d_]", lowered
                                                       .replace(str(the_year), "")):
        return {"month": months[0], "year": the_year}
    return None
