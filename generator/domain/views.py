"""Plain, language-resolved rows of the plan: shared by the CLI, the pages and the exports."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain.model import Project
from generator.domain.reference import Level, ReferenceData, Risk, risk_level
from generator.domain.schema import Item, RiskLevels
from generator.domain.status import Status, deadline_status


@dataclass(frozen=True)
class ItemRow:
    number: int
    kind: str
    direction: str | None
    work: dict[str, str]  # lang -> text
    deadline: date | None
    completed: date | None
    responsible: dict[str, list[str]]  # lang -> display names
    indicators: int | None
    status: Status


def item_work(project: Project, item: Item, lang: str, strings: dict[str, Any]) -> str:
    if item.title is not None:
        return item.title[lang]
    direction = project.direction(item.direction)
    if item.kind == "collect" and direction is not None:
        # A direction of areas of activity has no indicators: its title must not say so.
        key = "collect_areas" if direction.spec.kind == "areas" else "collect"
        return strings[lang]["kind"][key].format(direction=direction.spec.title[lang])
    return strings[lang]["kind"][item.kind]


def item_rows(project: Project, today: date, strings: Mapping[str, dict[str, Any]],
              languages: Iterable[str]) -> list[ItemRow]:
    languages = tuple(languages)
    rows = []
    for item in sorted(project.plan.items, key=lambda i: i.number):
        direction = project.direction(item.direction)
        rows.append(ItemRow(
            number=item.number,
            kind=item.kind,
            direction=item.direction,
            work={lang: item_work(project, item, lang, strings) for lang in languages},
            deadline=item.deadline,
            completed=item.completed,
            responsible={lang: [p.name[lang] for p in project.responsible[item.number]]
                         for lang in languages},
            indicators=len(direction.spec.indicators) if direction else None,
            status=deadline_status(item.deadline, item.completed, today,
                                   project.plan.settings.due_soon_days),
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
        ))
    return rows


def measures_by_risk(rows: list[MeasureRow]) -> dict[tuple[str, int], list[MeasureRow]]:
    found: dict[tuple[str, int], list[MeasureRow]] = {}
    for row in rows:
        for risk in row.risks:
            found.setdefault(risk, []).append(row)
    return found


def addressed(measures: list[MeasureRow]) -> bool:
    """A risk is addressed when it has measures and every one of them is done."""
    return bool(measures) and all(m.status in ("done", "done-late") for m in measures)


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
