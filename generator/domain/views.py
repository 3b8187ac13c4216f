"""Plain, language-resolved rows of the plan: shared by the CLI, the pages and the exports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain.model import Project
from generator.domain.schema import Item
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
