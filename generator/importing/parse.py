"""From a Word plan's text to a plan: pure rules, every guess written to the report.

The table has the columns №, work («Жұмыс түрі» / «Вид работы»), deadline and responsible
persons. A work cell holds a lead paragraph («Ақпарат жинау: … бағыты бойынша …
индикаторлары:») and then the indicators, numbered «1)» or «1.» (or by Word, see read.py); a
paragraph without a number continues the indicator before it, or, when that one is finished
(«;», «.» or «:»), is an indicator the plan did not number. A row with an empty № cell
continues the row above (a table broken across pages); a repeated header row is skipped.

Every rule is linear in the document's size: texts grow by lists joined once, people are found
by surname, and fuzzy matching compares only texts whose lengths can still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Literal

from rapidfuzz import fuzz

from generator.domain.text import latin_in_cyrillic, normalize_name
from generator.messages import t

Lang = Literal["kk", "ru"]


@dataclass
class Note:
    """One line of the import report."""

    kind: Literal["unplaced", "merge", "direction", "split", "deadline", "translation", "plan"]
    text: str


@dataclass
class ParsedIndicator:
    number: int
    text: str
    numbered: bool = True


@dataclass
class ParsedItem:
    number: int
    row: int
    lines: list[str] = field(default_factory=list)
    deadline_text: str = ""
    responsible_text: str = ""
    kind: str = "collect"
    lead: str = ""
    indicators: list[ParsedIndicator] = field(default_factory=list)
    deadline: date | None = None
    responsible: list[str] = field(default_factory=list)  # person keys
    direction: str | None = None


@dataclass
class Person:
    key: str  # stable: the initials and surname first seen
    name: str  # as shown: «А.А. Баялиева»
    spellings: set[str] = field(default_factory=set)
    group: bool = False
    letters: str = ""  # the fullest initials seen, normalized


@dataclass
class ParsedPlan:
    lang: Lang
    organization: str = ""
    position: str = ""
    approver: str | None = None
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # surname -> person keys


# ---- the table's columns -------------------------------------------------------------------
_COLUMNS = {
    "number": ("№", "n", "nº"),
    "work": ("жұмыс", "вид работ", "мероприят", "наименован", "іс-шара"),
    "deadline": ("мерзім", "срок"),
    "responsible": ("жауапты", "ответствен", "исполнител", "орындаушы"),
}


def columns(header: list[list[str]]) -> dict[str, int] | None:
    """The column of each field, from a header row; None when it is not the plan's header."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = " ".join(cell).strip().lower()
        for name, words in _COLUMNS.items():
            if name not in found and (text in words or text.startswith("№")
                                      if name == "number" else any(w in text for w in words)):
                found[name] = i
                break
    return found if len(found) == 4 else None


def language_of(text: str) -> Lang:
    kazakh = len(re.findall(r"[әғқңөұүһі]", text.lower()))
    return "kk" if kazakh * 50 > len(text) or "бекітемін" in text.lower() else "ru"


# ---- dates -------------------------------------------------------------------------------
_MONTHS = {
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "ru": ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр"),
}
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_WORDS = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})")


def parse_deadline(text: str) -> date | None:
    """«06.01.2025», «06.01.2025.», «до 10.01.2025», «6 қаңтар 2025 ж.», «10 января 2025 г.»."""
    if m := _DOTTED.search(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _WORDS.search(text.lower()):
        day, year = int(m.group(1)), int(m.group(3))
        word = m.group(2)
        month = next((i + 1 for names in _MONTHS.values() for i, name in enumerate(names)
                      if word.startswith(name) and (name != "ма" or word[:3] in ("мая", "май"))),
                     0)
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---- people -------------------------------------------------------------------------------
_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_NAME = re.compile(rf"([{_CAP}]\.\s*(?:[{_CAP}]\.\s*)?)([{_CAP}][\w-]+)")
_GROUPS = ("комиссия", "комиссии", "жұмыс тобы", "рабочая группа")


def names_in(text: str) -> list[tuple[str, str]]:
    """(initials, surname) of each «А.А.Баялиева» in a cell; «Комиссия мүшелері» as a group."""
    return [(m.group(1), m.group(2)) for m in _NAME.finditer(text)]


def _fix(word: str) -> str:
    """Latin look-alikes inside a Cyrillic word made Cyrillic («A.A.Баялиева»)."""
    found = latin_in_cyrillic(word)
    return found[0][1] if found else word


def add_people(plan: ParsedPlan, item: ParsedItem) -> None:
    text = item.responsible_text
    lowered = text.lower()
    if any(g in lowered for g in _GROUPS) and not names_in(text):
        key = "commission"
        person = plan.people.setdefault(key, Person(key, text.strip(), group=True))
        person.spellings.add(text.strip())
        item.responsible.append(key)
        return
    found = names_in(text)
    if not found:
        plan.notes.append(Note("unplaced", t("import_note_no_person", row=item.row, text=text)))
    for initials, surname in found:
        key = _person(plan, initials, surname)
        item.responsible.append(key)


def _person(plan: ParsedPlan, initials: str, surname: str) -> str:
    """One person per surname whose initials agree («Н.» and «Н.С.»): the fullest spelling is
    kept, every merge reported. Only the people of the same surname are compared."""
    fixed = _fix(initials.replace(" ", "") + surname)
    initials_fixed, surname_fixed = fixed[: len(fixed) - len(surname)], fixed[-len(surname):]
    spelling = f"{initials.strip()}{surname}"
    letters, family = normalize_name(initials_fixed), normalize_name(surname_fixed)
    for key in plan.surnames.get(family, ()):
        person = plan.people[key]
        if person.letters.startswith(letters) or letters.startswith(person.letters):
            if spelling not in person.spellings:
                plan.notes.append(Note("merge", t("import_note_merge", spelling=spelling,
                                                  name=person.name)))
                person.spellings.add(spelling)
            if len(letters) > len(person.letters):  # the fuller initials win
                person.letters = letters
                person.name = f"{initials_fixed.replace(' ', '')} {surname_fixed}"
                del plan.people[key]  # listed where its fullest spelling was first seen
                plan.people[key] = person
            return key
    # A new key cannot be taken: a person's first initials begin its fullest ones, so a person
    # with the same first initials and surname would have agreed above.
    key = f"{letters}|{family}"
    plan.people[key] = Person(key, f"{initials_fixed.replace(' ', '')} {surname_fixed}",
                              {spelling}, letters=letters)
    plan.surnames.setdefault(family, []).append(key)
    if fixed != initials.replace(" ", "") + surname:
        plan.notes.append(Note("merge", t("import_note_latin", spelling=spelling, fixed=fixed)))
    return key


# ---- work cells ------------------------------------------------------------------------------
_NUMBERED = re.compile(r"^(\d{1,3})\s*[).]\s*(.+)$")
_ABBREVIATIONS = ("т.б.", "т.с.с.", "т.д.", "т.п.", "т.е.", "др.", "пр.")


def clean_text(text: str) -> str:
    """An indicator as the plan words it, without its list punctuation (a final «;» or «,»,
    and a final «.» that ends no abbreviation such as «т.б.»; a colon is the plan's own)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[;,]$", "", text).rstrip()
    if text.endswith(".") and not text.lower().endswith(_ABBREVIATIONS):
        text = text[:-1].rstrip()
    return text


def split_work(item: ParsedItem) -> None:
    lead: list[str] = []
    lines: list[list[str]] = []  # each indicator's lines, joined once at the end
    for line in item.lines:
        m = _NUMBERED.match(line)
        if m:
            item.indicators.append(ParsedIndicator(int(m.group(1)), ""))
            lines.append([m.group(2)])
        elif not item.indicators:
            lead.append(line)
        elif lines[-1][-1].rstrip().endswith((";", ".", ":")):
            last = item.indicators[-1].number
            item.indicators.append(ParsedIndicator(last + 1, "", numbered=False))
            lines.append([line])
        else:
            lines[-1].append(line)
    item.lead = " ".join(lead)
    for indicator, text in zip(item.indicators, lines, strict=True):
        indicator.text = clean_text(" ".join(text))


def kind_of(lead: str) -> str:
    text = lead.lower()
    if ("анықтама" in text or "справк" in text) and ("келіс" in text or "соглас" in text):
        return "agreement"
    if ("анықтама" in text and any(w in text for w in ("әзірле", "дайында", "жаса"))) or \
            ("справк" in text and any(w in text for w in ("подготов", "разработ", "составл"))):
        return "reference"
    return "collect"


def similarity(a: str, b: str) -> float:
    """How alike two texts are (0 to 1, case ignored): rapidfuzz's normalized Indel
    similarity, 2 × (longest common subsequence) / (both lengths)."""
    return fuzz.ratio(a.lower(), b.lower()) / 100


def within_reach(a: int, b: int, threshold: float) -> bool:
    """Can texts of lengths `a` and `b` be `threshold` alike? Their similarity is at most
    2 × min / (a + b) (a few characters' slack for case folding that changes a length)."""
    return 2 * min(a, b) + 4 >= threshold * (a + b)


LEAD_WORDS = 200  # a direction's title is looked for in the lead's first words


def best_window(title: str, lead: str) -> float:
    """How well `title` appears in `lead`: the best match among spans of as many words."""
    words = lead.replace("«", " ").replace("»", " ").split()[:LEAD_WORDS]
    size = len(title.split())
    spans = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
    return max((similarity(title, span) for span in spans), default=0.0)


# ---- the whole plan ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogIndicator:
    number: int
    wording: dict[str, str]  # lang -> the plan's wording (kk: as approved)
    numbered: bool


@dataclass(frozen=True)
class CatalogDirection:
    id: str
    number: int
    title: dict[str, str]
    kind: str
    indicators: tuple[CatalogIndicator, ...]


_APPROVE = ("бекітемін", "утверждаю")
_POSITIONS = ("меңгеруші", "менгеруші", "басшы", "директор", "заведующ", "руководител", "и.о.",
              "м.у.а", "бастығы", "начальник")
DIRECTION_MATCH = 0.75  # below: a new direction
INDICATOR_MATCH = 0.9


def parse_plan(before: list[str], rows: list[list[list[str]]], lang: Lang | None,
               catalog: list[CatalogDirection]) -> ParsedPlan:
    cols = columns(rows[0])
    assert cols is not None  # the caller chose this table by its header
    sample = " ".join(before) + " ".join(line for row in rows[:3] for cell in row
                                         for line in cell)
    plan = ParsedPlan(lang or language_of(sample))
    _header(plan, before)
    header = [" ".join(cell) for cell in rows[0]]
    people_of: list[list[str]] = []  # each item's responsible cells, joined once at the end
    for r, row in enumerate(rows[1:], start=2):
        cells = [row[i] if i < len(row) else [] for i in range(max(cols.values()) + 1)]
        if [" ".join(cell) for cell in row] == header:
            continue  # the header repeated on a new page
        number_text = " ".join(cells[cols["number"]]).strip()
        work = cells[cols["work"]]
        deadline = " ".join(cells[cols["deadline"]]).strip()
        people = " ".join(cells[cols["responsible"]]).strip()
        if m := re.fullmatch(r"(\d{1,3})\.?", number_text):
            plan.items.append(ParsedItem(int(m.group(1)), r, list(work), deadline))
            people_of.append([people])
        elif not number_text and plan.items:
            last = plan.items[-1]  # the row above, broken across pages
            last.lines += work
            last.deadline_text = last.deadline_text or deadline
            people_of[-1].append(people)
        elif any(cells):
            plan.notes.append(Note("unplaced", t("import_note_unplaced_row", row=r, text=" ".join(
                chain.from_iterable(cells))[:80])))
    for item, people in zip(plan.items, people_of, strict=True):
        item.responsible_text = " ".join(filter(None, people))
    for item in plan.items:
        if not item.responsible_text and names_in(item.deadline_text):
            item.responsible_text = item.deadline_text  # deadline and people in one merged cell
        split_work(item)
        item.kind = kind_of(item.lead) if not item.indicators else "collect"
        item.deadline = parse_deadline(item.deadline_text)
        if item.deadline is None:
            plan.notes.append(Note("deadline", t(
                "import_note_bad_deadline", number=item.number, text=item.deadline_text)
                if item.deadline_text else t("import_note_no_deadline", number=item.number)))
        add_people(plan, item)
        if item.kind == "collect":
            _match_direction(plan, item, catalog)
    return plan


def _header(plan: ParsedPlan, before: list[str]) -> None:
    """The approval block («Бекітемін:», position and organization, the name) and the title."""
    start = next((i for i, line in enumerate(before)
                  if line.lower().startswith(_APPROVE)), None)
    if start is None:
        plan.title = " ".join(before)
        plan.notes.append(Note("plan", t("import_note_no_approval")))
        return
    for end in range(start + 1, len(before)):
        found = names_in(before[end])
        if found and len(before[end]) < 60:
            block = " ".join(before[start + 1:end])
            cut = min((block.lower().find(w) for w in _POSITIONS if w in block.lower()),
                      default=len(block))
            if cut == 0:  # «Директор ТОО «Пример»»: the position first, then the organization
                words = block.split()
                size = 2 if len(words) > 2 and words[1].lower().strip(".") in (
                    "м.у.а", "и.о", "міндетін") else 1
                plan.position = " ".join(words[:size])
                plan.organization = " ".join(words[size:]).strip(" –-,")
            else:
                plan.organization = block[:cut].strip(" –-,")
                plan.position = block[cut:].strip()
            initials, surname = found[0]
            plan.approver = _person(plan, initials, surname)
            plan.title = " ".join(before[end + 1:]).strip()
            return
    plan.notes.append(Note("plan", t("import_note_no_approver")))


def _match_direction(plan: ParsedPlan, item: ParsedItem, catalog: list[CatalogDirection]) -> None:
    scored = sorted(((best_window(d.title[plan.lang], item.lead), d) for d in catalog),
                    key=lambda pair: -pair[0])
    score, best = scored[0] if scored else (0.0, None)
    if best is None or score < DIRECTION_MATCH:
        item.direction = f"direction-{item.number}"
        plan.notes.append(Note("direction", t("import_note_new_direction", number=item.number,
                                              lead=item.lead[:90], score=f"{score:.2f}",
                                              id=item.direction)))
        return
    item.direction = best.id
    plan.notes.append(Note("direction", t("import_note_direction", number=item.number,
                                          id=best.id, title=best.title[plan.lang],
                                          score=f"{score:.2f}")))
    _split_joined(plan, item, best)


def _split_joined(plan: ParsedPlan, item: ParsedItem, direction: CatalogDirection) -> None:
    """An indicator that holds two of the catalog's, joined by «; » (the plan ran one into the
    next), is split in two as the catalog has them."""
    wordings = [i.wording[plan.lang] for i in direction.indicators]
    result: list[ParsedIndicator] = []
    for indicator in item.indicators:
        halves = joined_halves(indicator.text, wordings)
        if halves is None:
            result.append(indicator)
            continue
        result += [ParsedIndicator(indicator.number, halves[0], indicator.numbered),
                   ParsedIndicator(indicator.number + 1, halves[1], numbered=False)]
        plan.notes.append(Note("split", t("import_note_split", number=item.number,
                                          indicator=indicator.number)))
    for i, indicator in enumerate(result):  # the unnumbered ones follow their predecessors
        if not indicator.numbered and i:
            indicator.number = result[i - 1].number + 1
    item.indicators = result


def joined_halves(text: str, wordings: list[str]) -> tuple[str, str] | None:
    """The first cut of `text` at a «; » whose two sides each match one of `wordings`. A side
    longer than the longest wording can match is never compared (nor built), so the work is
    linear in the text however many parts it has."""
    parts = text.split("; ")
    longest = max(map(len, wordings), default=0)
    reach = longest * (2 - INDICATOR_MATCH) / INDICATOR_MATCH + 8  # + what clean_text strips
    if len(parts) < 2 or len(text) > 2 * reach + 2:
        return None
    first_length = -2
    for cut in range(1, len(parts)):
        first_length += len(parts[cut - 1]) + 2  # len("; ".join(parts[:cut]))
        if first_length > reach:
            break
        if len(text) - first_length - 2 > reach:
            continue
        first, second = clean_text("; ".join(parts[:cut])), clean_text("; ".join(parts[cut:]))
        if all(any(within_reach(len(side), len(w), INDICATOR_MATCH)
                   and similarity(side, w) >= INDICATOR_MATCH for w in wordings)
               for side in (first, second)):
            return first, second
    return None
