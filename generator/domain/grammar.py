"""Numbers in running text: Kazakh case endings after a numeral, Russian and English noun
forms that agree with a number. Pure rules.

Kazakh writes a case ending after a numeral with a hyphen, and the ending follows the number as
it is read: «5-тен» (бес), «16-ға» (он алты), «3-ке» (үш), «40-қа» (қырық), «18%-ға» (он сегіз
пайыз). The last word of the number spelled out (num2words, `lang="kz"`) decides: its vowel
harmony (back «а о ұ ы», front «ә е і ө ү») and its final sound (vowel, sonorant, voiced,
voiceless, nasal). Russian and English forms come from CLDR's plural rules (Babel).

In a text filled in with `str.format`, a `Num` understands a format spec:
`{n:dat}` → «16-ға» (Kazakh cases: nom, gen, dat, acc, loc, abl, ins), `{n:%dat}` → «18%-ға»,
`{n:пункт|пункта|пунктов}` → «5 пунктов» (Russian: one|few|many), `{n:item|items}` →
«5 items» (English: one|other).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

BACK = frozenset("аоұыя")
FRONT = frozenset("әөүіеэ")
VOWELS = BACK | FRONT | frozenset("иуюё")
VOICELESS = frozenset("кқпстфхцчшщ")
NASAL = frozenset("мнң")
SONORANT = frozenset("рлйуи")

# case: (after a vowel, a sonorant, a voiced consonant, a nasal, a voiceless one); each a
# (back, front) pair.
_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "gen": (("ның", "нің"), ("дың", "дің"), ("дың", "дің"), ("ның", "нің"), ("тың", "тің")),
    "dat": (("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("қа", "ке")),
    "acc": (("ны", "ні"), ("ды", "ді"), ("ды", "ді"), ("ды", "ді"), ("ты", "ті")),
    "loc": (("да", "де"), ("да", "де"), ("да", "де"), ("да", "де"), ("та", "те")),
    "abl": (("дан", "ден"), ("дан", "ден"), ("дан", "ден"), ("нан", "нен"), ("тан", "тен")),
    "ins": (("мен", "мен"), ("мен", "мен"), ("бен", "бен"), ("мен", "мен"), ("пен", "пен")),
}
CASES = frozenset(_ENDINGS) | {"nom"}
PERCENT_WORD = "пайыз"  # «18%» is read «он сегіз пайыз»


def kk_ending(word: str, case: str) -> str:
    """The ending of a Kazakh case for a word, by its vowel harmony and final sound:
    kk_ending("алты", "dat") == "ға", kk_ending("қыркүйек", "loc") == "те"."""
    if case == "nom":
        return ""
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters:
        raise ValueError(word)
    harmony = next((1 if c in FRONT else 0 for c in reversed(letters) if c in BACK | FRONT), 0)
    last = letters[-1]
    if last in VOWELS - SONORANT:
        kind = 0
    elif last in SONORANT:
        kind = 1
    elif last in NASAL:
        kind = 3
    elif last in VOICELESS:
        kind = 4
    else:
        kind = 2
    return _ENDINGS[case][kind][harmony]


def with_case(word: str, case: str) -> str:
    """A Kazakh word with a case ending: «ақпан» → «ақпанда» (loc)."""
    return word + kk_ending(word, case)


@cache
def kk_spelled(number: int) -> str:
    """The number in Kazakh words (num2words): 16 → «он алты»."""
    from num2words import num2words  # imported when first needed: 0.05 s of every start-up

    return str(num2words(number, lang="kz"))


def kk_number(number: int, case: str, percent: bool = False) -> str:
    """A numeral with its case ending as Kazakh writes it: (16, "dat") → «16-ға»;
    (18, "dat", percent=True) → «18%-ға»; "nom" adds nothing."""
    if case not in CASES:
        raise ValueError(case)
    shown = f"{number}%" if percent else str(number)
    if case == "nom":
        return shown
    word = PERCENT_WORD if percent else kk_spelled(abs(number)).split()[-1]
    return f"{shown}-{kk_ending(word, case)}"


@cache
def _plural_rule(lang: str) -> Callable[[float], str]:
    """CLDR's plural category of a number in a language ("one", "few", "many", "other")."""
    from babel import Locale  # imported when first needed (start-up, issue 20)

    rule: Callable[[float], str] = Locale.parse(lang).plural_form
    return rule


def ru_form(number: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for a number (CLDR): 1, 21 пункт; 2, 22 пункта; 5, 11 пунктов."""
    form = _integer_form_ru(abs(number)) if type(number) is int or isinstance(number, Num) \
        else _plural_rule("ru")(abs(number))
    return one if form == "one" else few if form == "few" else many


def en_form(number: int, one: str, other: str) -> str:
    form = ("one" if abs(number) == 1 else "other") if type(number) is int or isinstance(
        number, Num) else _plural_rule("en")(abs(number))
    return one if form == "one" else other


def _integer_form_ru(n: int) -> str:
    """CLDR's Russian rule for a whole number, written out: loading Babel's locale data costs
    0.04 s of a run that prints one count (tests/test_build_cost.py compares it with Babel)."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def counted(number: int, forms: str) -> str:
    """«5 пунктов» from forms "пункт|пункта|пунктов" (Russian) or "item|items" (English)."""
    parts = forms.split("|")
    if len(parts) == 3:
        return f"{number} {ru_form(number, *parts)}"
    if len(parts) == 2:
        return f"{number} {en_form(number, *parts)}"
    raise ValueError(forms)


class Num(int):
    """An integer that a format spec can inflect (see the module's docstring)."""

    def __format__(self, spec: str) -> str:
        if spec in CASES:
            return kk_number(int(self), spec)
        if spec.startswith("%") and spec[1:] in CASES:
            return kk_number(int(self), spec[1:], percent=True)
        if "|" in spec:
            return counted(int(self), spec)
        return int.__format__(int(self), spec)


def inflectable(value: object) -> object:
    """An int (not a bool) as a `Num`, anything else as it is: for `str.format` fields."""
    if isinstance(value, int) and not isinstance(value, bool) and not isinstance(value, Num):
        return Num(value)
    return value


# ---- dates in running text -------------------------------------------------------------------

def kk_month(month: int) -> str:
    from babel.dates import get_month_names

    return str(get_month_names("wide", "format", "kk")[month])


def date_in_words(day: date, lang: str, case: str = "nom") -> str:
    """A date inside a sentence: kk «2026 жылғы 27 қараша» («…қарашада» with case "loc",
    «…қарашадағы» with "attr"); ru «27 ноября 2026 г.»; en «27 November 2026»."""
    if lang == "kk":
        month = kk_month(day.month)
        if case == "attr":
            month = with_case(month, "loc") + ("гі" if kk_ending(month, "loc")[-1] == "е"
                                               else "ғы")
        elif case != "nom":
            month = with_case(month, case)
        return f"{day.year} жылғы {day.day} {month}"
    from babel.dates import get_month_names

    month = get_month_names("wide", "format", lang)[day.month]
    return f"{day.day} {month} {day.year}" + (" г." if lang == "ru" else "")


class Words(date):
    """A date that a format spec writes in words: `{d:kk}` «2025 жылғы 28 ақпан»,
    `{d:kk_loc}` «…ақпанда», `{d:kk_attr}` «…ақпандағы», `{d:ru}` «28 февраля 2025 г.»,
    `{d:en}` «28 February 2025»; no spec: 28.02.2025."""

    def __new__(cls, day: date) -> Words:
        return super().__new__(cls, day.year, day.month, day.day)

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.strftime("%d.%m.%Y")
        lang, _, case = spec.partition("_")
        if lang in ("kk", "ru", "en"):
            return date_in_words(self, lang, case or "nom")
        return date.__format__(self, spec)
