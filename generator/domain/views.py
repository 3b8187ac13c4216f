"""Plain, language-resolved rows of the plan: shared by the CLI, the pages and the exports."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.domain.dates import ROMAN, numeric, standalone_month
from generator.domain.model import Project
from generator.domain.reference import Level, ReferenceData, Risk, risk_level
from generator.domain.schema import Deadline, Item, RiskLevels
from generator.domain.status import (
    DONE,
    Status,
    deadline_span,
    deadline_status,
    item_state,
)


@dataclass(frozen=True)
class ItemRow:
    number: int
    kind: str
    direction: str | None
    work: dict[str, str]  # lang -> text
    deadline: date | None  # the due date the status is about (the next occurrence, a period's end)
    completed: date | None  # when the item as a whole was done
    responsible: dict[str, list[str]]  # lang -> display names (texts as the plan writes them)
    indicators: int | None
    status: Status
    # The deadline as the plan gives it: its form (None: the plan sets none), its start, how
    # pages write it (the plan's own wording when given), a line under it (the due date, the
    # next occurrence), and every due date (one per occurrence).
    deadline_form: str | None = None
    start: date | None = None
    deadline_text: dict[str, str] = field(default_factory=dict)
    deadline_detail: dict[str, str] = field(default_factory=dict)
    dues: tuple[date, ...] = ()
    done: int = 0  # occurrences done
    badge_deadline: date | None = None  # what the reader's browser recomputes the status from
    badge_completed: date | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # column id -> lang -> text
    written: tuple[bool, ...] = ()  # per responsible entry: a text as the plan writes it
    # A recurring item's occurrences: (due date, done on, status), in order.
    occurrences: tuple[tuple[date, date | None, Status], ...] = ()
    # Days from its due date to today (the overview's overdue list; negative: not yet due).
    days_late: int | None = None
    label: str | None = None  # the number as the plan writes it («2.3»), when not `number`
    section: dict[str, str] = field(default_factory=dict)  # lang -> its section row's text

    @property
    def deadline_start(self) -> date | None:
        return self.start

    @property
    def shown(self) -> str:
        """The item's number as pages show it: as the plan writes it, else its number."""
        return self.label or str(self.number)


def item_work(project: Project, item: Item, lang: str, strings: dict[str, Any]) -> str:
    if item.title is not None:
        return item.title[lang]
    direction = project.direction(item.direction)
    if item.kind == "collect" and direction is not None:
        # A direction of areas of activity has no indicators: its title must not say so.
        key = "collect_areas" if direction.spec.kind == "areas" else "collect"
        return strings[lang]["kind"][key].format(direction=direction.spec.title[lang])
    return strings[lang]["kind"].get(item.kind, item.kind)


def deadline_words(deadline: Deadline, lang: str, s: Mapping[str, Any]) -> str:
    """A deadline as pages write it: the plan's own wording when it gives one in `lang`; else
    06.01.2025, «06.01.2025 – 17.01.2025», «2025 жылғы I тоқсан» / «I квартал 2025 г.»,
    «2025 жыл бойы» / «в течение 2025 года», «тоқсан сайын» / «ежеквартально». A deadline only
    in words has no other wording: in a language the plan does not give it in, the one given."""
    if deadline.as_written is not None and (own := deadline.as_written.get(lang)):
        return own
    if deadline.as_written is not None and deadline.form == "words":
        return deadline.as_written.get("ru" if lang == "kk" else "kk") or ""
    words = s["deadline_form"]
    form = deadline.form
    if form == "date":
        return numeric(deadline_span(deadline)[1])
    if form == "period":
        start, end = deadline_span(deadline)
        return words["period"].format(start=numeric(start) if start else "", end=numeric(end))
    if form == "quarter":
        return words["quarter"].format(n=ROMAN[(deadline.quarter or 1) - 1], year=deadline.year)
    if form == "half":
        return words["half"].format(n=ROMAN[(deadline.half or 1) - 1], year=deadline.year)
    if form == "month":
        return words["month"].format(month=standalone_month(deadline.month or 1, lang),
                                     year=deadline.year)
    if form == "year":
        return words["year"].format(year=deadline.throughout)
    return words["every"][deadline.every]


def deadline_detail(deadline: Deadline, text: str, due: date | None, dues: tuple[date, ...],
                    done: int, s: Mapping[str, Any]) -> str:
    """The line under a deadline: for a recurring one, the next due date and how many
    occurrences are done; otherwise the due date, unless the text already shows it (or there
    is none: a deadline only in words)."""
    if deadline.form == "recurring":
        parts = [s["next_due"].format(date=numeric(dues[done]))] if done < len(dues) else []
        return " · ".join([*parts, s["occurrences_done"].format(done=done, total=len(dues))])
    return "" if due is None or numeric(due) in text else s["due_on"].format(date=numeric(due))


def occurrence_states(dues: tuple[date, ...], done: list[date], today: date,
                      due_soon_days: int) -> tuple[tuple[date, date | None, Status], ...]:
    """Each occurrence of a recurring item with when it was done and its own status."""
    return tuple((due, done[i] if i < len(done) else None,
                  deadline_status(due, done[i] if i < len(done) else None, today, due_soon_days))
                 for i, due in enumerate(dues))


def item_rows(project: Project, today: date, strings: Mapping[str, dict[str, Any]],
              languages: Iterable[str]) -> list[ItemRow]:
    languages = tuple(languages)
    rows = []
    for item in sorted(project.plan.items, key=lambda i: i.number):
        direction = project.direction(item.direction)
        state = item_state(item.deadline, item.completed, item.completed_occurrences, today,
                           project.plan.settings.due_soon_days)
        dl = item.deadline
        text = {lang: deadline_words(dl, lang, strings[lang]) for lang in languages} if dl \
            else {}
        rows.append(ItemRow(
            number=item.number,
            kind=item.kind,
            direction=item.direction,
            work={lang: item_work(project, item, lang, strings) for lang in languages},
            deadline=state.due,
            completed=state.completed,
            responsible={lang: [p.name[lang] for p in project.responsible[item.number]]
                         for lang in languages},
            indicators=len(direction.spec.indicators) if direction else None,
            status=state.status,
            deadline_form=dl.form if dl else None,
            start=deadline_span(dl)[0] if dl and dl.form != "words" else None,
            deadline_text=text,
            deadline_detail={lang: deadline_detail(dl, text[lang], state.due, state.dues,
                                                   state.done, strings[lang])
                             for lang in languages} if dl else {},
            dues=state.dues,
            done=state.done,
            badge_deadline=state.badge_due,
            badge_completed=state.badge_completed,
            columns={cid: {lang: value[lang] for lang in languages}
                     for cid, value in item.columns.items()},
            written=tuple(p.written for p in project.responsible[item.number]),
            occurrences=occurrence_states(state.dues, item.completed_occurrences, today,
                                          project.plan.settings.due_soon_days)
            if dl is not None and dl.form == "recurring" else (),
            days_late=(today - state.due).days if state.due else None,
            label=item.label,
            section={lang: item.section[lang] for lang in languages} if item.section else {},
        ))
    return rows


@dataclass(frozen=True)
class MeasureRow:
    number: int
    text: dict[str, str]
    risks: list[tuple[str, int]]  # (direction id, indicator)
    responsible: dict[str, list[str]]
    deadline: date | None
    completed: date | None
    evidence: dict[str, str] | None
    status: Status
    public: bool = True  # would the public build show it (marked public, its risks published)
    origin: str | None = None  # carried over from this earlier analysis (its risks are there)
    # Carried over: the years from its origin to this analysis (its period's first year).
    carried_years: int | None = None


def _published(project: Project, direction_id: str, indicator: int) -> bool:
    direction = project.direction(direction_id)
    finding = direction.finding(indicator) if direction else None
    return bool(direction and direction.findings and finding
                and direction.findings.is_public(finding))


def measure_rows(project: Project, today: date, languages: Iterable[str]) -> list[MeasureRow]:
    """The plan of measures with each measure's deadline status (the same rules as items)."""
    languages = tuple(languages)
    rows = []
    for data in sorted(project.measures, key=lambda m: m.measure.number):
        m = data.measure
        rows.append(MeasureRow(
            number=m.number,
            text={lang: m.text[lang] for lang in languages},
            risks=data.risks,
            responsible={lang: [p.name[lang] for p in data.responsible] for lang in languages},
            deadline=m.deadline,
            completed=m.completed,
            evidence={lang: m.evidence[lang] for lang in languages} if m.evidence else None,
            status=deadline_status(m.deadline, m.completed, today,
                                   project.plan.settings.due_soon_days),
            public=m.visibility == "public" and all(_published(project, d, n)
                                                    for d, n in data.risks),
            origin=m.origin,
            carried_years=_years_between(m.origin, project.label),
        ))
    return rows


def _years_between(origin: str | None, label: str) -> int | None:
    """From an analysis named `2024` (or `2024-2`) to one of `label`'s year."""
    if not origin or not origin[:4].isdigit() or not label.isdigit():
        return None
    return int(label) - int(origin[:4])


def measures_by_risk(rows: list[MeasureRow]) -> dict[tuple[str, int], list[MeasureRow]]:
    """This analysis's risks and the measures answering them. A measure carried over from an
    earlier analysis (`origin`) answers a risk found there, not the one of the same direction
    and indicator found again now: it counts for that analysis (domain/trend.py)."""
    found: dict[tuple[str, int], list[MeasureRow]] = {}
    for row in rows:
        if row.origin:
            continue
        for risk in row.risks:
            found.setdefault(risk, []).append(row)
    return found


def addressed(measures: list[MeasureRow]) -> bool:
    """A risk is addressed when it has measures and every one of them is done."""
    return bool(measures) and all(m.status in DONE for m in measures)


@dataclass(frozen=True)
class RegisterRow:
    """One identified risk of the register, with its level and the measures against it."""

    risk: Risk
    level: Level | None
    measures: list[MeasureRow]
    measures_withheld: bool = False  # some of its measures are not shown by this build

    @property
    def key(self) -> tuple[str, int]:
        return self.risk.direction.id, self.risk.indicator.number

    @property
    def addressed(self) -> bool:
        """Only when every measure is shown and done: withheld ones may be open."""
        return not self.measures_withheld and addressed(self.measures)


def register_rows(reference: ReferenceData, measures: list[MeasureRow], levels: RiskLevels,
                  withheld_for: Collection[tuple[str, int]] = ()) -> list[RegisterRow]:
    """Every risk this build shows, highest score first (unscored last), then in plan order;
    risks of one likelihood × impact cell are next to each other."""
    by_risk = measures_by_risk(measures)
    rows = [RegisterRow(risk, risk_level(risk.finding.score, levels),
                        by_risk.get((risk.direction.id, risk.indicator.number), []),
                        (risk.direction.id, risk.indicator.number) in withheld_for)
            for result in reference.results for risk in result.risks]
    return sorted(rows, key=lambda r: (-(r.risk.finding.score or 0),
                                       -(r.risk.finding.likelihood or 0),
                                       r.risk.direction.number, r.risk.indicator.number))


def risk_map(rows: list[RegisterRow]) -> tuple[dict[tuple[int, int], list[RegisterRow]], int]:
    """Risks per (likelihood, impact) cell, and how many have no score (counted apart)."""
    cells: dict[tuple[int, int], list[RegisterRow]] = {}
    unscored = 0
    for row in rows:
        f = row.risk.finding
        if f.likelihood and f.impact:
            cells.setdefault((f.likelihood, f.impact), []).append(row)
        else:
            unscored += 1
    return cells, unscored
