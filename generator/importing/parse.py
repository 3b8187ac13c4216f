"""From a Word plan's tables to a plan: pure rules, every guess written to the report.

A document holds approval blocks («БЕКІТЕМІН» / «УТВЕРЖДАЮ», «КЕЛІСІЛДІ» / «СОГЛАСОВАНО»: as
paragraphs or in a borderless layout table), a title, and one or more plan tables. A plan
table is found by its header (№ | work | deadline | responsible, in any order, with extra
columns kept as they are; a header may be merged over two rows, and a row «1 | 2 | 3 …» may
follow it). A table after a page break that repeats the header, or has none and as many
columns, continues the plan; a table in the other language is the plan's other language
(«part»). Rows are items («1», «1.», «1)», «1.1», or Word's list numbering in the № cell),
section rows («I. Организационные мероприятия», one cell across the table), or rows that
continue the item above (an empty № cell).

A work cell holds the item's title and, for an item that collects information on a
direction, its indicators («1)», «1.», «–», «•» or Word's numbering, continued across page
breaks). Responsible cells are split into entries as written («Главный бухгалтер Сагинтаева
Л.К.», «Юридический отдел», «жұмыс тобы»); a name is only ever taken whole from one entry.

Every rule is linear in the document's size; fuzzy matching uses rapidfuzz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from rapidfuzz import fuzz

from generator.domain.text import latin_in_cyrillic, normalize_name
from generator.importing.dates import dates_in, parse_deadline, plan_year
from generator.messages import t

Lang = Literal["kk", "ru"]


@dataclass
class Note:
    """One line of the import report."""

    kind: Literal["unplaced", "merge", "direction", "split", "deadline", "translation", "plan",
                  "confirm"]
    text: str


@dataclass
class ParsedIndicator:
    number: int
    text: str
    numbered: bool = True
    marker: str = ""


@dataclass
class Entry:
    """One responsible entry as the plan writes it."""

    text: str
    kind: Literal["person", "position", "unit", "group"]
    key: str | None = None  # the person's key (plan.people) for a person


@dataclass
class Side:
    """One language's reading of an item (a bilingual plan has two)."""

    lang: Lang
    number: str  # as shown: «1.», «2.3», «1)»
    path: str  # «1», «2.3»
    row: int
    section: str | None = None
    lines: list[str] = field(default_factory=list)
    deadline_cells: list[str] = field(default_factory=list)
    responsible_cells: list[str] = field(default_factory=list)
    # A «Должность» / «Лауазымы» column beside a «Ф.И.О.» responsible column: its lines.
    position_cells: list[str] = field(default_factory=list)
    extra: dict[int, list[str]] = field(default_factory=dict)  # column -> its lines
    title: str = ""
    indicators: list[ParsedIndicator] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @property
    def deadline_text(self) -> str:
        return " – ".join(c for c in self.deadline_cells if c) if len(
            self.deadline_cells) > 1 else "".join(self.deadline_cells)


@dataclass
class ParsedItem:
    number: int  # the portal's item number (1, 2, 3 … in the plan's order)
    row: int
    sides: dict[str, Side] = field(default_factory=dict)
    kind: str = "task"
    deadline: dict[str, Any] | None = None
    # The plan gives the deadline only in words (no date to count from): kept as written.
    deadline_in_words: bool = False
    direction: str | None = None
    own_title: dict[str, str] = field(default_factory=dict)  # a direction of its own

    @property
    def main(self) -> Side:
        return next(iter(self.sides.values()))

    @property
    def indicators(self) -> list[ParsedIndicator]:
        return self.main.indicators

    @property
    def lead(self) -> str:
        return self.main.title

    @property
    def responsible(self) -> list[str]:
        return [e.key for e in self.main.entries if e.key]


@dataclass
class Person:
    key: str
    name: str  # as first written: «Касымова Д.Е.», «А.А. Баялиева»
    spellings: set[str] = field(default_factory=set)
    letters: str = ""  # the fullest initials seen, normalized
    group: bool = False
    positions: dict[str, str] = field(default_factory=dict)  # lang -> from a position column
    names: dict[str, str] = field(default_factory=dict)  # lang -> as that language spells it


@dataclass
class Block:
    """An approval («Бекітемін») or agreement («Келісілді») block as written."""

    lang: Lang
    heading: str
    position: str = ""
    name: str = ""
    date: date | None = None
    date_as_written: str | None = None
    key: str | None = None  # the person's key
    order: str | None = None  # the order's № when the plan is approved by an order


@dataclass
class Annex:
    """The plan as an annex to a head's order («Приложение 1 к приказу руководителя ГУ «…» от
    10 января 2025 года № 3-п», ««…» ММ басшысының 2025 жылғы 10 қаңтардағы № 3 бұйрығына
    1-қосымша»): that order approves it. `by`: whose order, as an approval by order writes it
    («руководителя ГУ «…»», ««…» ММ басшысының»)."""

    lang: Lang
    text: str  # the header as written, on one line
    by: str
    number: str
    date: date


@dataclass
class Part:
    lang: Lang
    title: str
    header: list[str]
    cols: dict[str, list[int]]
    sides: list[Side] = field(default_factory=list)
    above: str = ""  # rows above the header inside the table (a title merged over it)
    # The other language's part read from the same table (a Kazakh and a Russian work column
    # side by side); `halves`: shared cells written «kk / ru» give each part its language's.
    twin: Part | None = None
    halves: bool = False


@dataclass
class ParsedPlan:
    lang: Lang
    languages: list[Lang] = field(default_factory=list)
    organization: str = ""
    title: dict[str, str] = field(default_factory=dict)
    approvals: list[Block] = field(default_factory=list)
    agreements: list[Block] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    surnames: dict[str, list[str]] = field(default_factory=dict)
    year: int | None = None
    extra: list[dict[str, str]] = field(default_factory=list)  # extra columns: lang -> title
    annex: Annex | None = None  # the plan is an annex to the order approving it

    @property
    def position(self) -> str:
        return self.approvals[0].position if self.approvals else ""

    @property
    def approver(self) -> str | None:
        return self.approvals[0].key if self.approvals else None


class NotAPlan(Exception):
    """No table of the document is a plan: the message says what was found instead;
    `what` names the kind of document when it is recognised («measures»: a plan of measures
    against the risks, not a plan of the analysis)."""

    def __init__(self, found: str, what: str | None = None,
                 missing: tuple[str, ...] = ()) -> None:
        super().__init__(found)
        self.what = what
        self.missing = missing  # the plan's columns the table lacks: number, work, …


# ---- language ----------------------------------------------------------------------------------
_KK_LETTERS = re.compile(r"[әғқңөұүһі]")
_KK_WORDS = ("бекітемін", "келісілді", "жоспар", "мерзім", "жауапты", "тармақ", "бойынша",
             "іс-шара", "жұмыс")


def language_of(text: str) -> Lang:
    lowered = text.lower()
    kazakh = len(_KK_LETTERS.findall(lowered))
    letters = sum(c.isalpha() for c in lowered) or 1
    if kazakh * 40 > letters or any(w in lowered for w in _KK_WORDS[:2]):
        return "kk"
    return "ru"


# ---- the table's columns -----------------------------------------------------------------------
_COLUMNS = {
    "number": ("№", "р/с", "р/н", "п/п", "n", "nº", "#"),
    "work": ("жұмыс", "вид работ", "мероприят", "іс-шара", "іс шара", "содержание",
             "наименование мероприят", "наименование работ", "атауы", "мазмұны",
             "направлени", "бағыт", "задач", "міндет", "шара", "этап", "іс-әрекет",
             "действи"),
    "indicators": ("индикатор",),
    "deadline": ("мерзім", "срок", "дата исполн", "орындау уақыт", "период"),
    "responsible": ("жауапты", "ответствен", "исполнител", "орындаушы", "жауаптылар"),
}
_NOT_WORK = ("должност", "лауазым", "ф.и.о", "фио", "тегі", "аты-жөні", "оклад", "количество")
_NAME_COLUMN = ("ф.и.о", "фио", "ф. и. о", "аты-жөні", "аты жөні", "т.а.ә", "тегі, аты")
_POSITION_COLUMN = ("должность", "должности", "лауазым")
# A plan of measures against the risks found (measures.yaml), not a plan of the analysis: a
# column of the risks themselves beside the measures.
_RISK_COLUMN = ("риск", "тәуекел")


def _column_of(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip().lower()
    if not text:
        return None
    if text in _COLUMNS["number"] or text.startswith(("№", "р/с", "р/н")):
        return "number"
    if text in ("наименование", "атауы", "содержание", "мазмұны"):
        return "work"
    for name in ("responsible", "deadline", "indicators", "work"):
        if any(w in text for w in _COLUMNS[name]):
            if name == "work" and any(w in text for w in _NOT_WORK):
                return None
            return name
    return None


def columns(header: list[list[str]], sub: list[list[str]] | None = None
            ) -> dict[str, list[int]] | None:
    """The columns of each field from a header row (and the row under it when the header is
    merged over two rows); None when it is not a plan's header. `deadline` may be two columns
    («начало | окончание»); `extra` lists every other column with a title."""
    texts = [" ".join(cell).strip() for cell in header]
    below = [" ".join(cell).strip() for cell in sub] if sub else []
    found: dict[str, list[int]] = {}
    owner: str | None = None
    for i, text in enumerate(texts):
        name = _column_of(text) if text else owner  # an empty cell: spanned by the left one
        if text:
            owner = name if name in ("deadline",) else None
        if name is None:
            if text or (i < len(below) and below[i]):
                found.setdefault("extra", []).append(i)
            continue
        if name in found and name != "deadline":
            found.setdefault("extra", []).append(i)
            continue
        found.setdefault(name, []).append(i)
    if "responsible" not in found:  # «Ф.И.О.» alone names the responsible
        for i in found.get("extra", []):
            if any(w in texts[i].lower() for w in _NAME_COLUMN):
                found["extra"].remove(i)
                found["responsible"] = [i]
                break
    if "responsible" in found and any(w in texts[found["responsible"][0]].lower()
                                      for w in _NAME_COLUMN):
        for i in found.get("extra", []):
            if texts[i].lower().startswith(_POSITION_COLUMN):
                found["extra"].remove(i)
                found["position"] = [i]
                break
    if "extra" in found and not found["extra"]:
        del found["extra"]
    if "deadline" in found and len(found["deadline"]) > 2:
        found["extra"] = found.get("extra", []) + found["deadline"][2:]
        found["deadline"] = found["deadline"][:2]
    if not {"number", "work"} <= found.keys() or not ({"deadline", "responsible"} & found.keys()):
        return None
    for name in ("number", "work", "responsible", "indicators"):
        if name in found and len(found[name]) > 1:
            return None
    return found


def missing_columns(header: list[list[str]]) -> tuple[str, ...]:
    """The plan's columns a header row lacks: "number", "work", "deadline_or_responsible"."""
    kinds = {_column_of(" ".join(cell)) for cell in header}
    if any(w in " ".join(cell).lower() for cell in header for w in _NAME_COLUMN):
        kinds.add("responsible")
    missing = tuple(k for k in ("number", "work") if k not in kinds)
    return missing + (() if {"deadline", "responsible"} & kinds else ("deadline_or_responsible",))


def header_title(header: list[list[str]], sub: list[list[str]] | None, i: int) -> str:
    top = " ".join(header[i]).strip() if i < len(header) else ""
    low = " ".join(sub[i]).strip() if sub and i < len(sub) else ""
    return " ".join(x for x in (top, low) if x)


# ---- numbers -----------------------------------------------------------------------------------
_ITEM_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*([.)]?)$")
_ROMAN_SECTION = re.compile(r"^(?:[IVX]{1,5}\.\s+\S|(?:раздел|бөлім)\s+[IVX\d])", re.I)
_SECTION = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}|[А-ЯA-Z])[.)]\s+\S|^(?:раздел|бөлім)\s", re.I)


def item_number(text: str) -> tuple[str, str] | None:
    """(as shown, path) for «1», «1.», «1)», «1.1», «2.3.»; None for anything else."""
    m = _ITEM_NUMBER.match(text.strip())
    if not m:
        return None
    return text.strip(), m.group(1)


def _is_number_row(cells: list[str]) -> bool:
    """«1 | 2 | 3 | 4»: the column numbers under a header."""
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(c.isdigit() for c in filled) and \
        [int(c) for c in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))


# ---- approval blocks -----------------------------------------------------------------------
_APPROVE = ("бекітемін", "утверждаю", "бекітілді", "утверждено", "утвержден")
_AGREE = ("келісілді", "согласовано", "келісемін", "согласован")
_QUOTES = "«»\"“”„'`: "
_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
_SURNAME = rf"[{_CAP}][{_LOW}]+(?:-[{_CAP}]?[{_LOW}]+)?"
_INITIALS = rf"[{_CAP}]\.\s?(?:[{_CAP}](?:\.|(?![{_CAP}{_LOW}])))?"
# A surname typed in capitals («Б. ТАСТАНОВ», «ТӨЛЕУБАЕВА А.Қ.»), not an organization's
# abbreviation («ТОО», «КГП», «ЖШС»).
_CAPS_SURNAME = (rf"(?!(?:ТОО|КГП|РГП|ГКП|КГУ|КГКП|КММ|МКК|НАО|ЖШС|МКҚК|КМҚК|ПХВ|ШЖҚ|РМК|"
                 rf"ГККП|МКМ|АҚ)(?![{_CAP}]))[{_CAP}]{{3,}}(?:-[{_CAP}]{{3,}})?")
_NAME_FIRST = re.compile(rf"(?<![\w.])({_INITIALS})\s?({_SURNAME}|{_CAPS_SURNAME})(?![\w])")
_NAME_LAST = re.compile(rf"(?<![\w.])({_SURNAME}|{_CAPS_SURNAME})\s({_INITIALS})(?![\w])")
_PATRONYMIC = r"(?:ович|евич|вич|овна|евна|вна|ична|ұлы|улы|қызы|кызы|оглы)"
_FULL_LAST = re.compile(rf"(?<![\w])({_SURNAME})\s({_SURNAME})\s([{_CAP}][{_LOW}]+{_PATRONYMIC})"
                        r"(?![\w])")
_FULL_FIRST = re.compile(rf"(?<![\w])({_SURNAME})\s([{_CAP}][{_LOW}]+{_PATRONYMIC})\s"
                         rf"({_SURNAME})(?![\w])")
_SURNAME_ENDS = ("ов", "ев", "ова", "ева", "ин", "ина", "ий", "ая", "енко", "бек", "ұлы",
                 "қызы", "ов", "уly")


@dataclass(frozen=True)
class Name:
    text: str  # as written
    initials: str  # «А.Б.», or the first letters of the given names
    surname: str
    start: int
    end: int


def names_in(text: str) -> list[Name]:
    """Every person's name in `text`, each taken whole from one place: «А.Б. Сериков»,
    «Сериков А.Б.», «Сериков Арман Болатович», «Арман Болатович Сериков». Where two readings
    overlap («Нуртаева Г.С. Касымова»: whose are the initials?) neither is taken."""
    found: list[Name] = []
    for pattern, order in ((_FULL_LAST, "last"), (_FULL_FIRST, "first")):
        for m in pattern.finditer(text):
            if order == "last":
                surname, given = m.group(1), m.group(2)[0] + "." + m.group(3)[0] + "."
            else:
                given, surname = m.group(1)[0] + "." + m.group(2)[0] + ".", m.group(3)
            found.append(Name(m.group(0), given, surname, m.start(), m.end()))
    taken = [(n.start, n.end) for n in found]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    first = [Name(m.group(0), m.group(1), m.group(2), m.start(), m.end())
             for m in _NAME_FIRST.finditer(text) if free(m.start(), m.end())]
    last = [Name(m.group(0), m.group(2), m.group(1), m.start(), m.end())
            for m in _NAME_LAST.finditer(text) if free(m.start(), m.end())]
    overlap = any(not (a.end <= b.start or b.end <= a.start) for a in first for b in last)
    if not overlap:
        found += first + last
    elif len(first) != len(last):  # the reading that takes more whole names
        found += first if len(first) > len(last) else last
    else:  # as many: the reading that leaves no surname-like word outside its names
        whole = [reading for reading in (first, last) if not _dangling(text, reading)]
        if len(whole) == 1:
            found += whole[0]
    return sorted(found, key=lambda n: n.start)


def _dangling(text: str, names: list[Name]) -> bool:
    """Does a capitalized word that is no position («Главный», «Комплаенс-офицер») stand
    outside `names` («Нуртаева» in «Нуртаева Г.С. Касымова» read as «Г.С. Касымова»)?"""
    rest, at = [], 0
    for name in names:
        rest.append(text[at:name.start])
        at = name.end
    rest.append(text[at:])
    for word in re.findall(rf"[{_CAP}][{_LOW}-]+", " ".join(rest)):
        lowered = word.lower()
        if not (lowered.startswith(_POSITION_HEADS) or lowered.endswith(_KK_POSITION_ENDS)
                or any(lowered.startswith(w) for w in _UNIT_WORDS + _GROUP_WORDS)):
            return True
    return False


def _heading(line: str) -> tuple[str, str] | None:
    """("approval" | "agreement", the heading as written) for a block's first line."""
    word = line.strip(_QUOTES).lower()
    head = word.split()[0].strip(_QUOTES) if word.split() else ""
    if head in _APPROVE or word in _APPROVE:
        return "approval", line.strip().rstrip(":").strip()
    if head in _AGREE or word in _AGREE:
        return "agreement", line.strip().rstrip(":").strip()
    return None


_BLANK_DATE = re.compile(r"^[«\"]?\s*_*\s*[»\"]?\s*_{2,}.*(?:20\d\d|ж\.|г\.)|^[«\"]_+[»\"]")


_QUOTED_DAY = re.compile(r"[«\"]\s*(\d{1,2})\s*[»\"]\s*(\d{1,2})\.?\s*(\d{4})")


def _date_line(line: str, year: int | None) -> tuple[date | None, bool]:
    """(the date, is it a date line) for the last line of a block."""
    if _BLANK_DATE.search(line):
        return None, True
    found = dates_in(line, None)
    if found and len(line) < 40:
        return found[0], True
    if m := _QUOTED_DAY.search(line):  # «15» 01. 2025 ж.
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), True
        except ValueError:
            return None, True
    if len(line) < 40 and re.search(r"(?:19|20)\d\d", line) and re.search(r"[«\"_]", line):
        return None, True  # a date line Adal cannot read: kept as written, no date
    return None, False


def _clean_heading(text: str) -> str:
    return text.strip().strip(":").strip()


def read_block(lines: list[str], lang: Lang | None) -> tuple[Block, int] | None:
    """A block from its lines (heading first): the position (every line up to the name), the
    name (without the signature line), the date line; and how many lines it used."""
    head = _heading(lines[0]) if lines else None
    if head is None:
        return None
    kind, heading = head
    block = Block(lang or language_of(" ".join(lines[:6])), _clean_heading(heading))
    position: list[str] = []
    k = 1
    while k < len(lines) and k < 12:
        line = lines[k]
        if _heading(line) or item_number(line):
            break
        bare = re.sub(r"_{2,}", " ", line).strip(" /")
        names = names_in(bare)
        whole = names and len(names) == 1 and len(bare) - len(names[0].text) <= 3
        # «Директор: Серікова Ә.Б.», or a position and a name on the line before the date
        ends = bool(names) and len(names) == 1 and bare.endswith(names[0].text) and (
            bare[:-len(names[0].text)].rstrip().endswith((":", "–", "—")) or (
                k + 1 < len(lines) and _date_line(lines[k + 1], None)[1]))
        if whole or ("_" in line and names) or ends:
            block.name = names[0].text
            ahead = bare[:bare.find(block.name)].strip(" _,:–—")
            if ahead and not whole:  # «Директор ____ А.Б. Иванова»: the position first
                position.append(ahead)
            k += 1
            if k < len(lines) and not re.sub(r"[_\s/.]", "", lines[k]):
                k += 1  # the signature line under the name
            if k < len(lines):
                day, is_date = _date_line(lines[k], None)
                if is_date:
                    block.date, block.date_as_written = day, lines[k].strip()
                    k += 1
            break
        day, is_date = _date_line(line, None)
        if is_date and position:
            block.date, block.date_as_written = day, line.strip()
            k += 1
            break
        position.append(line.strip())
        k += 1
    block.position = " ".join(position).strip()
    # «УТВЕРЖДЕН приказом руководителя … от 12 января 2026 года № 4», «Бекітілді: «…» ММ
    # басшысының 2026 жылғы 12 қаңтардағы № 4 бұйрығымен»: approved by an order, whose № and
    # date are kept (no one signs it here: no name is made up).
    if (_ACT.search(block.position) or _ACT.search(block.date_as_written or "")) and (
            m := re.search(r"№\s*([\w./-]+)", block.date_as_written or "")):
        block.order = m.group(1)
    return block, k


# The act approving a plan in place of a signature: Russian writes it first («приказом
# руководителя …»), Kazakh last («… басшысының бұйрығымен»), the date and № before or after.
_ACT = re.compile(r"^(?:приказом|распоряжением|решением)(?!\w)|(?<!\w)(?:бұйрығымен|шешімімен)"
                  r"(?:\s+бекітілген)?\s*$", re.IGNORECASE)
_KK_ACT_LAST = re.compile(r"(?<!\w)бұйрығымен(?:\s+бекітілген)?\s*$", re.IGNORECASE)
_BY_ORDER = re.compile(r"^приказом\s+(.+)$|^(.+?)\s+бұйрығымен(?:\s+бекітілген)?\s*$",
                    re.IGNORECASE | re.DOTALL)


def order_by(block: Block) -> str | None:
    """Whose order approved the plan, as written («руководителя ГУ «…»», ««…» ММ
    басшысының»), when a head's order (приказ / бұйрық) approves it; None otherwise (a
    signature, or another act: a decision, an instruction)."""
    text = block.position.strip()
    if _KK_ACT_LAST.search(block.date_as_written or ""):  # «… № 4 бұйрығымен» on the date line
        text += " " + _KK_ACT_LAST.search(block.date_as_written or "").group(0).strip()
    m = _BY_ORDER.match(text)
    if m is None:
        return None
    by = (m.group(1) or m.group(2)).strip(" ,")
    return by or None


# ---- people --------------------------------------------------------------------------------
_GROUP_WORDS = ("группа", "группы", "тобы", "тобының мүшелері", "комиссия", "комиссии",
                "комиссиясы", "мүшелері", "члены", "қызметкерлері", "сотрудники",
                "работники", "ұжым", "коллектив", "персонал")
_UNIT_WORDS = ("отдел", "департамент", "служба", "управлени", "сектор", "бөлім", "бөлімі",
               "басқармасы", "департаменті", "қызметі", "секторы", "бухгалтерия", "центр",
               "орталығы", "лаборатори", "филиал")
_POSITION_HEADS = ("начальник", "заместитель", "руководитель", "главный", "главная",
                   "директор", "заведующ", "специалист", "бухгалтер", "проректор", "ректор",
                   "председатель", "юрист", "инспектор", "менеджер", "эксперт", "советник",
                   "секретарь", "аким", "старший", "ведущий", "комплаенс", "уполномоченн",
                   "методист", "врач", "учитель", "педагог", "экономист", "кадровик")
_KK_POSITION_ENDS = ("басшысы", "бастығы", "жетекшісі", "директоры", "орынбасары",
                     "меңгерушісі", "маманы", "есепші", "төрағасы", "офицер", "заңгер", "әкім",
                     "әкімі", "хатшысы", "инспекторы", "дәрігер", "дәрігері", "меңгеруші",
                     "директор", "кеңесшісі", "экономисі")


def entry_kind(text: str, lang: Lang | None = None) -> Literal["position", "unit", "group"]:
    """What an entry without a name names: a group («рабочая группа», «жұмыс тобы», «члены
    комиссии»), a unit («Юридический отдел», «Заң бөлімі») or a position («Главный
    бухгалтер», «Бас есепші»). Kazakh puts the head word last, Russian first."""
    words = re.findall(r"[\w-]+", text.lower())
    if not words:
        return "position"
    kazakh = bool(_KK_LETTERS.search(text.lower())) or (
        lang != "ru" and words[-1].endswith(("ы", "і")))  # Russian «группы» is no Kazakh «-ы»
    head = words[-1] if kazakh else words[0]
    if kazakh:
        if head.endswith(_KK_POSITION_ENDS) or head in _KK_POSITION_ENDS:
            return "position"
        if any(w in " ".join(words[-2:]) for w in _GROUP_WORDS):
            return "group"
        if any(head.startswith(w) for w in _UNIT_WORDS):
            return "unit"
    if any(head.startswith(u) for u in _UNIT_WORDS) and head not in _POSITION_HEADS:
        return "unit"  # «Бухгалтерия» (a unit), «Бухгалтер» (a position)
    if head.startswith(_POSITION_HEADS):
        return "position"
    if any(w.startswith(g) for w in words[:2] for g in _GROUP_WORDS) or head in _GROUP_WORDS:
        return "group"
    if any(w.startswith(u) for w in words for u in _UNIT_WORDS):
        return "unit"
    return "position"


def split_entries(cells: list[str]) -> list[str]:
    """A responsible cell's entries: separated by «,», «;» or line breaks; a line that is only
    a name joins the position on the line above it («Бас есепші» / «С.К. Ахметова»)."""
    out: list[str] = []
    for cell in cells:
        parts = re.split(r"([,;])\s*(?=\S)|[,;]\s*$", cell)
        for p, piece in enumerate(parts[::2]):
            comma = p > 0 and parts[2 * p - 1] == ","
            lines = [line.strip(" ,;") for line in (piece or "").split("\n")
                     if line.strip(" ,;")]
            for k, line in enumerate(lines):
                names = names_in(line)
                only_name = len(names) == 1 and len(line) - len(names[0].text) <= 2
                if only_name and k and out and not names_in(out[-1]):
                    out[-1] = f"{out[-1]} {line}"
                elif comma and not k and out and name_then_position(f"{out[-1]}, {line}"):
                    out[-1] = f"{out[-1]}, {line}"  # «Фамилия Имя Отчество, должность»
                else:
                    out.append(line)
    return out


def name_then_position(text: str) -> tuple[Name, str] | None:
    """A full name, then «, » and the person's position in small letters («Жаксылыкова Айгерим
    Сериковна, главный специалист по кадровой работе»): the name and the position."""
    head, _, position = text.partition(", ")
    names = names_in(head)
    if len(names) != 1 or len(head.strip()) - len(names[0].text) > 1 or not position or \
            not position[0].islower() or names_in(position) or "," in position or \
            entry_kind(position) != "position":
        return None
    return names[0], position.strip()


def _fix(word: str) -> str:
    found = latin_in_cyrillic(word)
    return found[0][1] if found else word


def _shown(name: Name, initials: str, surname: str) -> str:
    """A name as the plan writes it, its spacing made regular: «А.А. Баялиева», «Касымова
    Д.Е.», a full name as written."""
    if " " in name.text.strip() and not re.search(r"\.\S", name.text) and \
            name.text.count(" ") >= 2:
        return name.text.strip()
    compact = initials.replace(" ", "")
    if name.text.strip().startswith(name.surname):
        return f"{surname} {compact}"
    return f"{compact} {surname}"


# The Kazakh letters a Russian text writes with its look-alikes («Ғ.Т. Ысқақов» in the Kazakh
# part is «Г.Т. Ыскаков» in the Russian one).
_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноуухи")


def name_key(text: str) -> str:
    """A name (or its initials) as a key: the same for both languages' spellings."""
    return normalize_name(text).translate(_KK_TO_RU)


def person_key(plan: ParsedPlan, name: Name, lang: str | None = None) -> str:
    """One person per surname whose initials agree («Н.» and «Н.С.»), the Kazakh letters of
    one language's spelling read as the other's look-alikes («Ғ.Т. Ысқақов», «Г.Т. Ыскаков»):
    every other spelling reported. Only the people of the same surname are compared. `lang`:
    the language of the text the name is written in (each language's own spelling is kept)."""
    spelling = name.text.strip()
    initials, surname = _fix(name.initials), _fix(name.surname)
    letters, family = name_key(initials), name_key(surname)
    for key in plan.surnames.get(family, ()):
        person = plan.people[key]
        if person.letters.startswith(letters) or letters.startswith(person.letters):
            if spelling not in person.spellings:
                plan.notes.append(Note("merge", t("import_note_merge", spelling=spelling,
                                                  name=person.name)))
                person.spellings.add(spelling)
            if len(letters) > len(person.letters):  # the fuller initials win
                person.letters = letters
                person.name = _shown(name, initials, surname)
                if lang:
                    person.names[lang] = person.name
            if lang and lang not in person.names:
                person.names[lang] = _shown(name, initials, surname)
            return key
    key = f"{letters}|{family}"
    if latin_in_cyrillic(spelling):
        plan.notes.append(Note("merge", t("import_note_latin", spelling=spelling,
                                          fixed=_fix(spelling))))
    plan.people[key] = Person(key, _shown(name, initials, surname), {spelling}, letters)
    if lang:
        plan.people[key].names[lang] = plan.people[key].name
    plan.surnames.setdefault(family, []).append(key)
    return key


def _without(text: str, names: list[Name]) -> str:
    rest, at = [], 0
    for name in names:
        rest.append(text[at:name.start])
        at = name.end
    return "".join(rest) + text[at:]


def shown_number(side: Side, fallback: int) -> str:
    """An item's number for the report: as the plan shows it, without a final «.» or «)»."""
    return side.number.rstrip(".)") or str(fallback)


def read_entries(plan: ParsedPlan, side: Side, number: str) -> None:
    positions = [line.strip(" ,;") for cell in side.position_cells for line in cell.split("\n")
                 if line.strip(" ,;")]
    if positions and not side.responsible_cells:  # no name written: the position is the entry
        side.responsible_cells, positions = list(side.position_cells), []
    _read_entries(plan, side, number)
    if not positions:
        return
    people = [e for e in side.entries if e.kind == "person" and e.key]
    if len(people) == len(side.entries) == len(positions):
        for entry, position in zip(people, positions, strict=True):
            person = plan.people[entry.key or ""]
            if entry.key != plan.approver and side.lang not in person.positions:
                person.positions[side.lang] = position
                plan.notes.append(Note("confirm", t("import_note_position_read", number=number,
                                                    name=person.name, position=position)))
    else:  # names and positions that do not pair line by line: kept for a person to place
        plan.notes.append(Note("unplaced", t("import_note_position_unpaired", number=number,
                                             text="; ".join(positions))))


def position_beside(text: str, name: Name, lang: Lang | None = None) -> str | None:
    """The position a responsible entry writes with a name: before it («Главный бухгалтер
    Сагинтаева Л.К.», «Бас есепші С.К. Ахметова») or after a comma or dash («Сагинтаева Л.К.,
    главный бухгалтер»); None when the rest is no position («(по согласованию)»)."""
    before = text[:name.start].strip(" ,;:–—-")
    tail = text[name.end:]
    after = tail.strip(" ,;:–—-.")
    if (before and after) or not (before or after) or (
            after and tail.lstrip()[:1] not in (",", "–", "—", "-")):
        return None  # words on both sides, nothing beside the name, or words not set apart
    rest = " ".join((before or after).split())
    words = re.findall(r"[\w-]+", rest.lower())
    if not words or re.search(r"[\d()«»\"]", rest) or len(words) > 8:
        return None
    kazakh = bool(_KK_LETTERS.search(rest.lower())) or lang == "kk"
    if kazakh and (words[-1].endswith(_KK_POSITION_ENDS) or words[-1] in _KK_POSITION_ENDS):
        return rest
    if not kazakh and words[0].startswith(_POSITION_HEADS):
        return rest
    return None


def _read_entries(plan: ParsedPlan, side: Side, number: str) -> None:
    for text in split_entries(side.responsible_cells):
        names = names_in(text)
        if len(names) == 1:
            key = person_key(plan, names[0], side.lang)
            side.entries.append(Entry(text, "person", key))
            if (position := position_beside(text, names[0], side.lang)) and key in plan.people:
                plan.people[key].positions.setdefault(side.lang, position)
        elif len(names) > 1 and not _without(text, names).strip(" ,;-–"):
            for name in names:  # whole names one after another, no separator
                side.entries.append(Entry(name.text, "person",
                                          person_key(plan, name, side.lang)))
        elif len(names) > 1:
            side.entries.append(Entry(text, entry_kind(text, side.lang)))
            plan.notes.append(Note("confirm", t("import_note_two_names", number=number,
                                                text=text)))
        elif re.search(rf"(?<![\w.]){_INITIALS}", text):  # initials, but no whole name
            side.entries.append(Entry(text, "person"))
            plan.notes.append(Note("confirm", t("import_note_unclear_name", number=number,
                                                text=text)))
        else:
            side.entries.append(Entry(text, entry_kind(text, side.lang)))


# ---- work cells ------------------------------------------------------------------------------
# «1)», «1.», and a number of the item's own numbering «2.1.», «2.1» (one marker: the
# indicator is the item's first, whatever the item's number).
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,2})(\.?)\s+(.+)$|^(\d{1,3})\s*([).])\s*(.+)$")
_OWN_COLUMN = "\u2060"  # an indicator in a column of its own, without a marker
_BULLET = re.compile(r"^([–—•·▪●◦➢❖✓\-*])\s*(.+)$")
# A lettered list «а)», «б)» … (or «a)», «b)»): an ordered list without numerals.
_LETTERED = re.compile(r"^([а-яёәғқңөұүһіa-z])\)\s*(.+)$")
_ABBREVIATIONS = ("т.б.", "т.с.с.", "т.д.", "т.п.", "т.е.", "др.", "пр.")


def clean_text(text: str) -> str:
    """An indicator as the plan words it, without its list punctuation (a final «;» or «,»,
    and a final «.» that ends no abbreviation such as «т.б.»; a colon is the plan's own)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[;,]$", "", text).rstrip()
    if text.endswith(".") and not text.lower().endswith(_ABBREVIATIONS):
        text = text[:-1].rstrip()
    return text


def split_work(side: Side, continuing: bool = False) -> None:
    """The title (lines before the first indicator) and the indicators. A line without a
    marker after the indicators continues the one before, or, when that one is finished
    («;», «.», «:»), is an indicator the plan did not number."""
    lead: list[str] = []
    lines: list[list[str]] = []
    letter = ""  # the last lettered marker's letter
    for line in side.lines:
        numbered = _NUMBERED.match(line)
        bullet = _BULLET.match(line) if not numbered else None
        lettered = _LETTERED.match(line) if not (numbered or bullet) else None
        if lettered and (any(i.numbered for i in side.indicators) or (
                not (letter and lettered.group(1) > letter) and lettered.group(1) not in "аa")):
            lettered = None  # «в) …» out of its sequence, or under «1)»: a line's own text
        if line.startswith(_OWN_COLUMN):
            side.indicators.append(ParsedIndicator(0, "", False, ""))
            lines.append([line[len(_OWN_COLUMN):].strip()])
        elif numbered and (side.indicators or lead or continuing):
            number, dot, text = (numbered.group(1, 2, 3) if numbered.group(1)
                                 else numbered.group(4, 5, 6))
            side.indicators.append(ParsedIndicator(int(number.split(".")[-1]), "", True,
                                                   number + dot))
            lines.append([text])
        elif bullet and (side.indicators or lead):
            side.indicators.append(ParsedIndicator(0, "", False, bullet.group(1)))
            lines.append([bullet.group(2)])
        elif lettered and (side.indicators or lead):
            letter = lettered.group(1)
            side.indicators.append(ParsedIndicator(0, "", False, letter + ")"))
            lines.append([lettered.group(2)])
        elif not side.indicators:
            lead.append(line)
        elif lines[-1][-1].rstrip().endswith((";", ".", ":")):
            side.indicators.append(ParsedIndicator(0, "", False, ""))
            lines.append([line])
        else:
            lines[-1].append(line)
    side.title = " ".join(lead).strip()
    for indicator, text in zip(side.indicators, lines, strict=True):
        indicator.text = clean_text(" ".join(text))
    last = 0
    for indicator in side.indicators:
        if not indicator.numbered or indicator.number <= last:
            indicator.number = last + 1
        last = indicator.number


_REFERENCE = ("анықтама", "справк")
_PREPARE = ("әзірле", "дайында", "жаса", "подготов", "разработ", "составл", "қалыптастыр")
_SIGN = ("қол қою", "қол қой", "подписан", "подпис")
_AGREE_WORDS = ("келісу", "келісім", "согласов", "келістір")
_ORDER = ("бұйрық", "приказ", "өкім", "распоряжен")
_GROUP_FORM = (("жұмыс тоб", "рабоч"), ("құр", "бекіт", "создан", "утвержд", "состав",
                                       "құрам"))


def kind_of(title: str) -> str:
    """The kind of a plain task from its title: the analytical reference prepared, signed or
    agreed; the order on the analysis (forming the working group); or any other task."""
    text = title.lower()
    reference = any(w in text for w in _REFERENCE)
    if reference:
        prepare = min((text.find(w) for w in _PREPARE if w in text), default=-1)
        sign = min((text.find(w) for w in _SIGN if w in text), default=-1)
        agree = min((text.find(w) for w in _AGREE_WORDS if w in text), default=-1)
        if prepare >= 0 and (prepare < max(sign, agree) or (sign < 0 and agree < 0)):
            return "reference"
        if sign >= 0 and (agree < 0 or sign < agree):
            return "signing"
        if agree >= 0:
            return "agreement"
    if any(w in text for w in _ORDER) and ("анализ" in text or "талдау" in text
                                           or "групп" in text or "тоб" in text):
        return "order"
    if any(w in text for w in _GROUP_FORM[0]) and any(w in text for w in _GROUP_FORM[1]):
        return "order"
    return "task"


def similarity(a: str, b: str) -> float:
    """How alike two texts are (0 to 1, case ignored): rapidfuzz's normalized Indel
    similarity, 2 × (longest common subsequence) / (both lengths)."""
    return fuzz.ratio(a.lower(), b.lower()) / 100


def within_reach(a: int, b: int, threshold: float) -> bool:
    """Can texts of lengths `a` and `b` be `threshold` alike? Their similarity is at most
    2 × min / (a + b) (a few characters' slack for case folding that changes a length)."""
    return 2 * min(a, b) + 4 >= threshold * (a + b)


LEAD_WORDS = 200


def best_window(title: str, lead: str) -> float:
    """How well `title` appears in `lead`: the best match among spans of as many words."""
    words = lead.replace("«", " ").replace("»", " ").split()[:LEAD_WORDS]
    size = len(title.split())
    spans = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
    return max((similarity(title, span) for span in spans), default=0.0)


# ---- the catalog -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogIndicator:
    number: int
    wording: dict[str, str]  # lang -> the standard text (what a page shows)
    matches: dict[str, tuple[str, ...]]  # lang -> texts it is recognised by
    numbered: bool


@dataclass(frozen=True)
class CatalogDirection:
    id: str
    number: int
    title: dict[str, str]
    kind: str
    indicators: tuple[CatalogIndicator, ...]


DIRECTION_MATCH = 0.75
INDICATOR_MATCH = 0.9


def own_title(lead: str) -> str:
    """A direction's name as the plan writes it: the name in «…», or X of «Ақпарат жинау: X
    бағыты бойынша …», «… по направлению X, …»."""
    if quoted := re.search(r"«([^«»]{3,}(?:«[^«»]*»[^«»]*)?)»", lead):
        return quoted.group(1).strip()
    if ru := re.search(r"по направлению\s+([^,:;.]+)", lead):
        return ru.group(1).strip()
    text = re.sub(r"^[^:]{0,40}:\s*", "", lead)
    text = re.split(r"\s+бағыты\b|\s+бойынша\b|:", text)[0]
    return clean_text(text) or clean_text(lead[:80]) or "?"


def match_direction(lead: str, lang: Lang, catalog: list[CatalogDirection]
                    ) -> tuple[CatalogDirection | None, float]:
    name = own_title(lead)
    scored = []
    for d in catalog:
        score = max(best_window(d.title[lang], lead), similarity(d.title[lang], name))
        scored.append((score, d))
    if not scored:
        return None, 0.0
    score, best = max(scored, key=lambda pair: pair[0])
    return (best if score >= DIRECTION_MATCH else None), score


# ---- the whole document ------------------------------------------------------------------------
@dataclass
class _Table:
    before: list[str]
    rows: list[list[list[str]]]


def _cell_text(cell: list[str]) -> str:
    return "\n".join(cell).strip()


def parse_document(tables: list[Any], lang: Lang | None,
                   catalog: list[CatalogDirection]) -> ParsedPlan:
    """Every plan table of the document (with its approval blocks and title) as one plan;
    NotAPlan when no table is a plan's."""
    blocks: list[Block] = []
    loose: list[str] = []  # paragraphs not yet placed (title candidates)
    parts: list[Part] = []
    current: Part | None = None
    first_other: list[list[str]] | None = None
    measures: list[list[str]] | None = None  # a plan of measures' header, when one was seen
    annex: Annex | None = None
    for table in unnest(tables):
        paragraphs = list(table.before)
        rest = _take_blocks(paragraphs, blocks, lang)
        loose += rest
        rows = table.rows
        if not rows:
            continue
        if _is_layout(rows):
            width = max(len(row) for row in rows)
            for col in range(width):  # a block may go on down its column's rows
                for cell in [[line for row in rows if col < len(row) for line in row[col]]]:
                    lines = list(cell)
                    while lines:
                        k = next((i for i, ln in enumerate(lines) if _heading(ln)), None)
                        if k is None:
                            loose += lines
                            break
                        loose += lines[:k]
                        got = read_block(lines[k:], lang)
                        if got is None:
                            break
                        blocks.append(got[0])
                        lines = lines[k + got[1]:]
            continue
        header_at, cols, sub = _find_header(rows)
        if cols is None:
            if current is not None and _continues(current, rows):
                _read_both(current, rows, 0, None)
                loose = []
                continue
            if first_other is None:
                first_other = rows[0]
            loose = []
            continue
        header = rows[header_at]
        if _is_measures(header, cols):
            measures = measures or header
            loose = []
            continue
        above = " ".join(dict.fromkeys(
            text for row in rows[:header_at] for c in row if (text := " ".join(c).strip())))
        sample = " ".join(" ".join(c) for c in header) + " " + " ".join(
            line for row in rows[header_at + 1:header_at + 4] for c in row for line in c)
        table_lang = language_of(sample)
        if lang and not parts:
            table_lang = lang
        same = current is not None and current.lang == table_lang and \
            [" ".join(c) for c in header] == current.header_text  # type: ignore[attr-defined]
        if current is not None and (same or current.lang == table_lang):
            _read_both(current, rows, header_at + 1 + (1 if sub else 0), header)
            loose = []
            continue
        title = " ".join(without_attachment(loose)).strip()
        annex = annex or (annex_order(loose) if not parts else None)
        if above and not title:  # the title as the table's first row, merged over it
            title, above = above, ""
        titles = [header_title(header, sub, i) for i in range(len(header))]
        if (twin := _twin_work(header, cols)) is not None:
            # One table in both languages: a part per work column, the shared cells in both.
            mine = {**cols, "extra": [i for i in cols.get("extra", []) if i != twin]}
            if not mine["extra"]:
                del mine["extra"]
            theirs = {**mine, "work": [twin]}
            first, second = (language_of(" ".join(header[c[0]])) for c in (cols["work"], [twin]))
            heads = {lang_: [line for line in without_attachment(loose)
                             if language_of(line) == lang_] for lang_ in (first, second)}
            current = Part(first, " ".join(heads[first]).strip(), titles, mine, above=above,
                           halves=True)
            current.twin = Part(second, " ".join(heads[second]).strip(), titles, theirs,
                                halves=True)
            parts += [current, current.twin]
        else:
            current = Part(table_lang, title, titles, cols, above=above)
            parts.append(current)
        current.header_text = [" ".join(c) for c in header]  # type: ignore[attr-defined]
        if current.twin is not None:
            current.twin.header_text = current.header_text  # type: ignore[attr-defined]
        loose = []
        _read_both(current, rows, header_at + 1 + (1 if sub else 0), header)
    if not parts:
        found = " | ".join(text for cell in (measures or first_other or [])
                           if (text := " ".join(cell).strip()))
        people = first_other is not None and any(
            w in " ".join(cell).lower() for cell in first_other for w in _NAME_COLUMN)
        raise NotAPlan(found, "measures" if measures else "people" if people else None,
                       missing_columns(first_other or []))
    plan = _assemble(parts, blocks, lang, catalog)
    plan.annex = annex
    return plan


_ORDER_LINE = re.compile(r"(?:^|\s)от\s+.*(?:19|20)\d\d|^№\s*[\w-]+$", re.I)


def without_attachment(lines: list[str]) -> list[str]:
    """The paragraphs above a plan table without the header of an attachment to an order
    («Приложение 1» / «к приказу руководителя …» / «от 10 января 2025 года № 3-п»; «… 2025
    жылғы 10 қаңтардағы № 3 бұйрығына» / «1-қосымша»): it names the order, not the plan."""
    for k, line in enumerate(lines[:6]):
        low = line.lower()
        if re.match(r"приложение(?:\s|$)", low):
            ends = [j for j in range(k, min(k + 6, len(lines))) if _ORDER_LINE.search(lines[j])]
            return lines[:k] + lines[(ends[-1] if ends else k) + 1:]
        if re.search(r"(?:^|\d\s?-?\s?)қосымша(?:сы)?$", low):
            return lines[k + 1:]
    return lines


_ANNEX_RU = re.compile(r"^приложение\s*(?:№\s*)?[\w.-]*\s+к\s+приказу\s+(.+?)\s+"
                       r"(?:от\s+(.+?)\s*№\s*([\w./-]+)|№\s*([\w./-]+)\s+от\s+(.+?))\s*$",
                       re.IGNORECASE)
_ANNEX_KK = re.compile(r"^(.+?)\s+((?:19|20)\d\d\s+жылғы\s+.+?|\d{1,2}\.\d{1,2}\.\d{4}.*?)\s*"
                       r"№\s*([\w./-]+)\s+бұйрығына\s+(?:№\s*)?\d*\s?-?\s?қосымша(?:сы)?\s*$",
                       re.IGNORECASE)


def annex_order(lines: list[str]) -> Annex | None:
    """The head's order whose annex the plan is, from the header above its title (the lines
    `without_attachment` drops); None when there is none, or its order's №, date or author
    cannot be read (then nothing is made up)."""
    for k, line in enumerate(lines[:6]):
        low = line.lower()
        if re.match(r"приложение(?:\s|$)", low):
            ends = [j for j in range(k, min(k + 6, len(lines))) if _ORDER_LINE.search(lines[j])]
            text = " ".join(x.strip() for x in lines[k:(ends[-1] if ends else k) + 1])
            m = _ANNEX_RU.match(text)
            if m is None:
                return None
            by, when, number = m.group(1), m.group(2) or m.group(5), m.group(3) or m.group(4)
            lang: Lang = "ru"
        elif re.search(r"(?:^|\d\s?-?\s?)қосымша(?:сы)?$", low):
            text = " ".join(x.strip() for x in lines[:k + 1])
            m = _ANNEX_KK.match(text)
            if m is None:
                return None
            by, when, number, lang = m.group(1), m.group(2), m.group(3), "kk"
        else:
            continue
        found = dates_in(when, None)
        if not found or not by.strip(" ,"):
            return None
        return Annex(lang, text, by.strip(" ,"), number.rstrip("."), found[0])
    return None


def unnest(tables: list[Any]) -> list[Any]:
    """The tables in reading order, a table nested in a cell of a table that is no plan (a
    borderless layout table around the plan) read in its place: the rows above it, then it
    (with the text of its row before it), then the rows below it. A table nested in a plan
    table's cell is not read, as before."""
    out: list[Any] = []
    for table in tables:
        inner = getattr(table, "inner", ())
        if not inner or _find_header(table.rows)[1] is not None:
            out.append(table)
            continue
        at, before = 0, list(table.before)
        for row, nested in inner:
            if table.rows[at:row] or before:
                out.append(_Table(before, table.rows[at:row]))
            before = []
            out += unnest([nested])
            at = max(at, row + 1)
        if table.rows[at:]:
            out.append(_Table([], table.rows[at:]))
    return out


def _take_blocks(paragraphs: list[str], blocks: list[Block], lang: Lang | None) -> list[str]:
    rest: list[str] = []
    k = 0
    while k < len(paragraphs):
        if _heading(paragraphs[k]):
            got = read_block(paragraphs[k:], lang)
            if got is not None:
                blocks.append(got[0])
                k += max(1, got[1])
                continue
        rest.append(paragraphs[k])
        k += 1
    return rest


def _is_measures(header: list[list[str]], cols: dict[str, list[int]]) -> bool:
    """The header of a plan of measures against the risks the analysis found («Риск | Мера |
    Срок | Ответственный»): a column of the risks themselves beside the work column."""
    texts = [" ".join(c).lower() for c in header]
    skip = set(cols.get("indicators", []))
    risks = [i for i, text in enumerate(texts) if i not in skip and "индикатор" not in text
             and any(w in text for w in _RISK_COLUMN)]
    measures = [i for i, text in enumerate(texts)
                if re.search(r"(?<!\w)(?:мер[аыу]?(?!\w)|мероприят|шара|іс-шара)", text)]
    return any(i != j for i in risks for j in measures)


def _is_layout(rows: list[list[list[str]]]) -> bool:
    """A table placing approval blocks side by side: a cell starts with a block's heading."""
    return len(rows) <= 8 and any(cell and _heading(cell[0]) for row in rows for cell in row) \
        and _find_header(rows)[1] is None


def _find_header(rows: list[list[list[str]]]
                 ) -> tuple[int, dict[str, list[int]] | None, list[list[str]] | None]:
    for at in range(min(3, len(rows))):
        sub = rows[at + 1] if at + 1 < len(rows) else None
        if sub is not None and not _is_subheader(rows[at], sub):
            sub = None
        cols = columns(rows[at], sub)
        if cols is not None:
            return at, cols, sub
    return 0, None, None


def _is_subheader(header: list[list[str]], sub: list[list[str]]) -> bool:
    """The second row of a header merged over two rows: its texts sit under spanned or merged
    header cells, it is no item (no number) and no column-number row."""
    texts = [" ".join(c).strip() for c in sub]
    if not any(texts) or _is_number_row(texts) or (texts and item_number(texts[0])):
        return False
    top = [" ".join(c).strip() for c in header]
    return all(not t or (i < len(top) and (not top[i] or _column_of(top[i]) == "deadline"))
               for i, t in enumerate(texts)) and sum(bool(t) for t in texts) >= 2


def _continues(part: Part, rows: list[list[list[str]]]) -> bool:
    """A table without a header after a plan table: the plan continues when its rows have as
    many columns and its first row is an item or a continuation."""
    width = len(part.header)
    first = [" ".join(c).strip() for c in rows[0]]
    return abs(len(rows[0]) - width) == 0 and (not first[0] or item_number(first[0]) is not None
                                                or _is_number_row(first))


def _twin_work(header: list[list[str]], cols: dict[str, list[int]]) -> int | None:
    """The other language's work column beside the work column («Іс-шаралар | Мероприятия»):
    a column of work in the other language, among those otherwise kept as extra."""
    work = " ".join(header[cols["work"][0]])
    for i in cols.get("extra", []):
        text = " ".join(header[i])
        if _column_of(text) == "work" and language_of(text) != language_of(work):
            return i
    return None


def half(text: str, lang: Lang) -> str:
    """A shared cell written in both languages («Жұмыс тобы / Рабочая группа»): `lang`'s
    half; any other text as it is."""
    halves = re.split(r"\s+/\s+", text)
    if len(halves) != 2 or not all(halves):
        return text
    langs = [_half_language(h) for h in halves]
    return halves[langs.index(lang)] if langs[0] != langs[1] else text


def _half_language(text: str) -> Lang:
    """A short text's language, a Kazakh position without Kazakh letters («Мектеп
    директоры») told by its ending."""
    words = re.findall(r"\w+", text.lower())
    kazakh = words and words[-1].endswith(_KK_POSITION_ENDS) and len(words) > 1
    return "kk" if kazakh or language_of(text) == "kk" else "ru"


def _read_both(part: Part, rows: list[list[list[str]]], start: int,
               header: list[list[str]] | None) -> None:
    _read_rows(part, rows, start, header)
    if part.twin is not None:
        _read_rows(part.twin, rows, start, header)


def _read_rows(part: Part, rows: list[list[list[str]]], start: int,
               header: list[list[str]] | None) -> None:
    cols = part.cols
    header_text = [" ".join(c) for c in header] if header else None
    section: str | None = part.sides[-1].section if part.sides else None
    for r in range(start, len(rows)):
        row = rows[r]
        texts = [_cell_text(c) for c in row]
        if header_text is not None and [" ".join(c) for c in row] == header_text:
            continue
        if _is_number_row(texts) or not any(texts):
            continue
        if [" ".join(c) for c in row] == getattr(part, "header_text", None):
            continue

        def cell(i: int, texts: list[str] = texts) -> str:
            value = texts[i] if i < len(texts) else ""
            return half(value, part.lang) if part.halves and value else value

        number_text = cell(cols["number"][0]).replace("\n", " ").strip()
        others = [x for i, x in enumerate(texts) if i != cols["number"][0] and x]
        numbered = item_number(number_text)
        work_lines = list(row[cols["work"][0]]) if cols["work"][0] < len(row) else []
        if "indicators" in cols and cols["indicators"][0] < len(row):
            # Indicators in a column of their own: each paragraph is one (marked or not).
            work_lines += [line if _NUMBERED.match(line) or _BULLET.match(line)
                           else f"{_OWN_COLUMN} {line}" for line in row[cols["indicators"][0]]]
        if numbered is None and number_text and not others:
            section = number_text.replace("\n", " ")  # a section row across the table
            continue
        work_text = texts[cols["work"][0]] if cols["work"][0] < len(texts) else ""
        if numbered is None and not number_text and len([x for x in texts if x]) == 1 and \
                not work_lines[1:] and (_ROMAN_SECTION.match(work_text) or (
                    _SECTION.match(work_text) and not part.sides)):
            section = work_text  # a section row typed in the work column
            continue
        if numbered is None and number_text:
            if _SECTION.match(number_text) and not others:
                section = number_text
                continue
            work_lines = [number_text, *work_lines]  # a number cell holding text: keep it
            numbered = None
        if numbered is not None and not others and len(numbered[1].split(".")) == 1 and \
                part.sides and "." in part.sides[-1].path:
            section = number_text  # «2.» alone over items 2.1, 2.2
            continue
        if numbered is None:
            if not part.sides:
                part.sides.append(Side(part.lang, "", "", r + 1, section))
            side = part.sides[-1]
            side.lines += work_lines
        else:
            side = Side(part.lang, numbered[0], numbered[1], r + 1, section)
            side.lines = work_lines
            part.sides.append(side)
        for k, col in enumerate(cols.get("deadline", [])):
            value = cell(col)
            if len(side.deadline_cells) <= k:
                side.deadline_cells.append(value)
            elif value and not side.deadline_cells[k]:
                side.deadline_cells[k] = value
            elif value:
                side.deadline_cells[k] += "\n" + value
        if "responsible" in cols and (value := cell(cols["responsible"][0])):
            side.responsible_cells.append(value)
        if "position" in cols and (value := cell(cols["position"][0])):
            side.position_cells.append(value)
        for col in cols.get("extra", []):
            if value := cell(col):
                side.extra.setdefault(col, []).append(value)
            else:
                side.extra.setdefault(col, [])


def _assemble(parts: list[Part], blocks: list[Block], lang: Lang | None,
              catalog: list[CatalogDirection]) -> ParsedPlan:
    main = parts[0]
    plan = ParsedPlan(main.lang)
    plan.parts = parts
    plan.languages = list(dict.fromkeys(p.lang for p in parts))
    # The other language's table is the same plan: later tables of a language already read
    # are kept as more items of it (and said so).
    texts = [b.date_as_written or "" for b in blocks] + [p.title for p in parts] + [
        c for p in parts for s in p.sides for c in s.deadline_cells]
    plan.year = plan_year(texts)
    for block in blocks:
        if block.name:
            names = names_in(block.name)
            if names:
                block.key = person_key(plan, names[0], block.lang)
        target = plan.approvals if block.heading.strip(_QUOTES).lower().startswith(
            _APPROVE) else plan.agreements
        target.append(block)
    plan.organization = _organization(plan, parts)
    for part in parts:
        plan.title.setdefault(part.lang, part.title)
        if part.above:
            plan.notes.append(Note("unplaced", t("import_note_above_header", text=part.above)))
    for part in parts:
        _numbered_sections(part)
    by_path: dict[str, ParsedItem] = {}
    for part in parts:
        for side in part.sides:
            if not side.path:
                plan.notes.append(Note("unplaced", t("import_note_before_first", text=" ".join(
                    side.lines)[:80])))
                continue
            item = by_path.get(side.path) if part is not main else None
            if item is None or part.lang in item.sides:
                item = ParsedItem(len(plan.items) + 1, side.row)
                plan.items.append(item)
                if part is main or side.path not in by_path:
                    by_path.setdefault(side.path, item)
            item.sides[part.lang] = side
    for item in plan.items:
        # Every language's cell is read before the item is classified: the direction's title
        # and the split of joined indicators are taken from each language's own text.
        for side in item.sides.values():
            _merged_deadline(side)
            split_work(side, continuing=False)
            read_entries(plan, side, shown_number(side, item.number))
        _classify(plan, item, catalog)
        _deadline(plan, item)
    _extra_columns(plan, parts)
    return plan


def _numbered_sections(part: Part) -> None:
    """«1. Подготовка» over items «1.1», «1.2» (the title across the other columns, no
    deadline, no one responsible) is a section row, not an item."""
    kept: list[Side] = []
    sides = part.sides
    for k, side in enumerate(sides):
        following = sides[k + 1] if k + 1 < len(sides) else None
        if following is not None and side.path and "." not in side.path and \
                following.path.startswith(side.path + ".") and not any(
                    side.deadline_cells) and not side.responsible_cells:
            title = " ".join(side.lines).strip()
            label = f"{side.number} {title}".strip()
            for later in sides[k + 1:]:
                if not later.path.startswith(side.path + "."):
                    break
                later.section = label
            continue
        kept.append(side)
    part.sides = kept


def _merged_deadline(side: Side) -> None:
    """A deadline cell merged with the responsible one («01.02.2025 С.С. Сергеев»): the
    names are the responsible entries, the rest the deadline."""
    if side.responsible_cells or len(side.deadline_cells) != 1:
        return
    text = side.deadline_cells[0]
    names = names_in(text)
    if not names:
        return
    side.responsible_cells = [", ".join(n.text for n in names)]
    rest = text
    for name in names:
        rest = rest.replace(name.text, " ")
    side.deadline_cells = [re.sub(r"\s+", " ", rest).strip(" ,;")]


_ABBREVIATION = re.compile(r"(?<!\w)(?:[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]{2,5})(?!\w)|«")
_KK_MODIFIERS = ("бас", "аға", "жетекші", "бірінші")


def organization_of(block: Block) -> str:
    """The organization an approval block names: Kazakh writes it before the position
    («Ақжар аудандық мәслихаты аппаратының басшысы»), Russian after it («Главный врач ГКП на
    ПХВ «…»», «Руководитель государственного учреждения «…»»)."""
    text = block.position
    lowered = text.lower()
    if block.lang == "kk":
        heads = [m.start() for w in _KK_POSITION_ENDS
                 for m in re.finditer(rf"(?<![\w]){re.escape(w)}", lowered)]
        if not heads:
            return text
        words = text[:min(heads)].split()
        while words and words[-1].lower() in _KK_MODIFIERS:
            words.pop()
        return " ".join(words).strip(" ,–-")
    m = _ABBREVIATION.search(text)
    return text[m.start():].strip() if m else ""


def named_organization(block: Block) -> str:
    """organization_of, when it is a name: not a single common word («Мектеп», «Басқарма»)."""
    found = organization_of(block)
    return found if len(found.split()) > 1 or re.search(r"[«\"№]", found) else ""


def _organization(plan: ParsedPlan, parts: list[Part]) -> str:
    """The organization as the approval names it, else from the title («… в ГУ «…»»). A
    single common word before the position («Мектеп директоры», «Басқарма басшысының м.а.»)
    names no organization: the title's name is taken first."""
    bare = ""
    for block in plan.approvals + plan.agreements:
        if found := named_organization(block):
            return found
        bare = bare or organization_of(block)
    title = parts[0].title if parts else ""
    if m := re.search(r"«.+»", title):
        return m.group(0)
    return bare


_COLLECT_WORDS = ("направлени", "бағыт", "индикатор", "сбор информации", "ақпарат жинау",
                  "коррупционных рисков по", "тәуекелдерін", "тәуекел")


def _classify(plan: ParsedPlan, item: ParsedItem, catalog: list[CatalogDirection]) -> None:
    side = item.main
    best, score = match_direction(side.title, side.lang, catalog) if side.indicators else (
        None, 0.0)
    if side.indicators and best is None and not any(
            w in side.title.lower() for w in _COLLECT_WORDS):
        # A list in a plain task («Подготовить: 1) приказ; 2) график»): no direction is made
        # up; the whole cell is the task's title.
        for s in item.sides.values():
            s.title = " ".join(s.lines)
            s.indicators = []
        item.kind = kind_of(side.title)
        return
    if side.indicators:
        item.kind = "collect"
        shown = shown_number(side, item.number)
        if best is not None and best.id not in {i.direction for i in plan.items}:
            item.direction = best.id
            plan.notes.append(Note("direction", t(
                "import_note_direction", number=shown, id=best.id, title=best.title[side.lang],
                score=round(score * 100))))
            for s in item.sides.values():
                _split_joined(plan, s, best, shown)
        else:
            item.own_title = {lang: own_title(s.title) for lang, s in item.sides.items()
                              if s.title or s.lines}
            item.direction = f"direction-{item.number}"
            plan.notes.append(Note("direction", t(
                "import_note_own_direction", number=shown, title=item.own_title[side.lang],
                score=f"{score:.2f}")))
        return
    item.kind = kind_of(side.title or " ".join(side.lines))


def _deadline(plan: ParsedPlan, item: ParsedItem) -> None:
    side = item.main
    shown = shown_number(side, item.number)
    cells = [c for c in side.deadline_cells]
    if not any(cells):
        plan.notes.append(Note("deadline", t("import_note_no_deadline", number=shown)))
        return
    found = parse_deadline(cells, plan.year)
    if found is None:  # «в течение 10 рабочих дней после…», «по мере необходимости»
        item.deadline_in_words = True
        plan.notes.append(Note("confirm", t("import_note_words_deadline", number=shown,
                                            text=side.deadline_text)))
        return
    item.deadline = found


def _extra_columns(plan: ParsedPlan, parts: list[Part]) -> None:
    main = parts[0]
    for k, col in enumerate(main.cols.get("extra", [])):
        titles = {main.lang: main.header[col]}
        for part in parts[1:]:
            extra = part.cols.get("extra", [])
            if k < len(extra) and part.lang not in titles:
                titles[part.lang] = part.header[extra[k]]
        plan.extra.append(titles)


def _split_joined(plan: ParsedPlan, side: Side, direction: CatalogDirection, shown: str) -> None:
    """An indicator that holds two of the catalog's, joined by «; » (the plan ran one into the
    next), is split in two as the catalog has them."""
    wordings = [w for i in direction.indicators for w in i.matches.get(side.lang, ())]
    result: list[ParsedIndicator] = []
    for indicator in side.indicators:
        halves = joined_halves(indicator.text, wordings)
        if halves is None:
            result.append(indicator)
            continue
        result += [ParsedIndicator(indicator.number, halves[0], indicator.numbered,
                                   indicator.marker),
                   ParsedIndicator(indicator.number + 1, halves[1], False, "")]
        plan.notes.append(Note("split", t("import_note_split", number=shown,
                                          indicator=indicator.number)))
    for i, indicator in enumerate(result):  # the unnumbered ones follow their predecessors
        if not indicator.numbered and i:
            indicator.number = result[i - 1].number + 1
    side.indicators = result


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
