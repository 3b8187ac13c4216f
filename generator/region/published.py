"""What an organization published, read back: its `data/plan.json`, one reader per schema
version Adal has produced (docs/formats.md, "Open data").

The file is untrusted. It is read within a size limit, parsed by pydantic's JSON parser
(depth-limited) into a strict model of that version (`extra="forbid"`: the published schema,
nothing more), and reduced at once to an `OrgYear` summary of the figures the region shows.
An unknown version, a broken file or an intranet export is a `Refused` with the reason.

A new schema version is one more model and one more entry in `READERS`; a version that holds
several analyses (years) returns several `OrgYear`s from its reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_PLAN_BYTES = 4 * 1024 * 1024  # an organization's plan.json is 20–60 KB
PLAN = "plan.json"
DOCUMENTS = ("analytical-reference-{lang}.pdf", "analytical-reference-{lang}.docx")

Status = Literal["done", "done-late", "overdue", "due-soon", "upcoming", "no-deadline"]
# Version 5: an item's deadline only in words (deadline_form `words`) is `as-written`.
StatusV5 = Literal["done", "done-late", "overdue", "due-soon", "upcoming", "as-written",
                   "no-deadline"]
Short = Annotated[str, Field(max_length=4000)]
Long = Annotated[str, Field(max_length=100_000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class LText(_In):
    kk: Long
    ru: Long


# ---- version 1 (its later files add the optional fields), 2, 3, 4, 5 ---------------------------

class ItemV1(_In):
    number: int
    kind: Short
    work: LText
    direction: Short | None
    deadline: date | None
    completed: date | None
    responsible: dict[Short, list[Short]]
    indicators: int | None
    status: Status


class RiskV1(_In):
    direction: Short
    indicator: int
    indicator_text: LText
    indicator_approved: Long | None = None
    indicator_proposed: Long | None = None
    evidence: LText | None
    causes: LText | None
    recommendation: LText | None
    likelihood: int | None
    impact: int | None
    score: int | None


class DirectionV1(_In):
    id: Short
    number: int
    title: LText
    kind: Short
    indicators: int
    examined: int | None
    outcome: Short
    risks_identified: int | None = None
    risks_withheld: int | None = None
    russian_text: Short


class PlanV1(_In):
    schema_version: Literal[1]
    organization: LText
    title: LText
    approved_by: LText
    period_start: date | None
    period_end: date | None
    legal_basis: list[LText]
    as_of: date
    source_commit: Short | None
    public_build: bool
    reference_state: Short
    directions: list[DirectionV1]
    items: list[ItemV1]
    risks: list[RiskV1]


class RiskV2(RiskV1):
    indicator_approved: Long | None
    indicator_proposed: Long | None


class DirectionV2(_In):
    id: Short
    number: int
    title: LText
    kind: Short
    indicators: int
    examined: int | None
    outcome: Short
    risks_identified: int | None
    risks_withheld: int | None
    translation: dict[Short, Short]


class PlanV2(PlanV1):
    schema_version: Literal[2]  # type: ignore[assignment]
    directions: list[DirectionV2]  # type: ignore[assignment]
    risks: list[RiskV2]  # type: ignore[assignment]


class MeasureV3(_In):
    number: int
    risks: list[Short]
    text: LText
    responsible: dict[Short, list[Short]]
    deadline: date | None
    completed: date | None
    evidence: LText | None
    status: Status


class PlanV3(PlanV2):
    schema_version: Literal[3]  # type: ignore[assignment]
    measures: list[MeasureV3]
    measures_withheld: int


class OccurrenceV4(_In):
    due: date
    completed: date | None
    status: Status


class ItemV4(ItemV1):
    deadline_form: Short | None
    deadline_start: date | None
    deadline_text: dict[Short, Short]
    occurrences: list[OccurrenceV4]
    columns: dict[Short, LText]


class ColumnV4(_In):
    id: Short
    title: LText


class PlanV4(PlanV3):
    schema_version: Literal[4]  # type: ignore[assignment]
    directions: list[DirectionV2]  # type: ignore[assignment]
    columns: list[ColumnV4]
    items: list[ItemV4]  # type: ignore[assignment]


class ItemV5(ItemV4):
    status: StatusV5  # type: ignore[assignment]
    label: Short | None
    section: LText | None


class OrderV5(_In):
    number: Short
    date: date


class PlanV5(PlanV4):
    schema_version: Literal[5]  # type: ignore[assignment]
    items: list[ItemV5]  # type: ignore[assignment]
    # A plan approved by an order: its № and date (`approved_by` then says whose order).
    approval_order: OrderV5 | None = None


class _Version(BaseModel):
    model_config = ConfigDict(extra="ignore")
    schema_version: int


# ---- the summary the region keeps of one analysis ------------------------------------------

@dataclass(frozen=True)
class Entry:
    """An item or a measure: its due dates (with completion) as the file gives them."""

    kind: str  # the item's kind; "measure" for a measure
    deadline: date | None
    completed: date | None
    occurrences: tuple[tuple[date, date | None], ...] = ()
    words: bool = False  # the deadline is given only in words (version 5): no date


@dataclass(frozen=True)
class RiskFound:
    direction: str
    indicator: int
    text: tuple[str, str]  # kk, ru
    score: int | None


@dataclass(frozen=True)
class DirectionFound:
    id: str
    title: tuple[str, str]
    risks_identified: int | None


@dataclass(frozen=True)
class OrgYear:
    """One analysis of one organization, as far as the region uses it."""

    year: int
    version: int
    name: tuple[str, str]
    as_of: date
    reference_state: str
    items: tuple[Entry, ...]
    measures: tuple[Entry, ...]
    risks: tuple[RiskFound, ...]
    directions: tuple[DirectionFound, ...]


@dataclass(frozen=True)
class Published:
    years: tuple[OrgYear, ...]
    documents: frozenset[str]  # the reference documents found beside plan.json


@dataclass(frozen=True)
class Refused:
    reason: Literal["missing", "invalid", "unknown-version", "not-public", "too-big"]
    detail: str = ""


def _lt(text: LText) -> tuple[str, str]:
    return text.kk, text.ru


def _year_of(plan: PlanV1) -> int:
    """The analysis's year: its plan's period (the end, else the start), else the build's."""
    day = plan.period_end or plan.period_start or plan.as_of
    return day.year


def _summary(plan: PlanV1, version: int) -> OrgYear:
    items = tuple(Entry(i.kind, i.deadline, i.completed,
                        tuple((o.due, o.completed) for o in getattr(i, "occurrences", ())),
                        getattr(i, "deadline_form", None) == "words")
                  for i in plan.items)
    measures = tuple(Entry("measure", m.deadline, m.completed)
                     for m in getattr(plan, "measures", ()))
    return OrgYear(
        year=_year_of(plan), version=version, name=_lt(plan.organization), as_of=plan.as_of,
        reference_state=plan.reference_state, items=items, measures=measures,
        risks=tuple(RiskFound(r.direction, r.indicator, _lt(r.indicator_text), r.score)
                    for r in plan.risks),
        directions=tuple(DirectionFound(d.id, _lt(d.title), d.risks_identified)
                         for d in plan.directions))


def _single(model: type[PlanV1], version: int) -> Callable[[bytes], tuple[OrgYear, ...]]:
    def read(raw: bytes) -> tuple[OrgYear, ...]:
        plan = model.model_validate_json(raw)
        if not plan.public_build:
            raise _NotPublic
        return (_summary(plan, version),)
    return read


class _NotPublic(Exception):
    pass


# schema_version → reader. Every version Adal has written (output/exports.py's history).
READERS: dict[int, Callable[[bytes], tuple[OrgYear, ...]]] = {
    1: _single(PlanV1, 1), 2: _single(PlanV2, 2), 3: _single(PlanV3, 3),
    4: _single(PlanV4, 4), 5: _single(PlanV5, 5),
}
LATEST = PlanV5


def first_error(exc: ValidationError) -> str:
    """Where the first problem is (`items.3.deadline`): the page names the place only."""
    err = exc.errors(include_url=False, include_input=False)[0]
    return ".".join(str(p) for p in err["loc"])[:200] or "JSON"


def read_bounded(path: Path, limit: int) -> bytes | Refused:
    """A downloaded file's bytes, read no further than `limit` (its size may lie)."""
    try:
        if not path.is_file():
            return Refused("missing")
        size = path.stat().st_size
        if size > limit:
            return Refused("too-big", str(size))
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        return Refused("missing", exc.strerror or "")
    return Refused("too-big", str(len(raw))) if len(raw) > limit else raw


def version_of(raw: bytes) -> int | Refused:
    """The `schema_version` a published file declares, before any reader looks at it."""
    try:
        return _Version.model_validate_json(raw).schema_version
    except ValidationError as exc:
        return Refused("invalid", first_error(exc))


def read_published(folder: Path) -> Published | Refused:
    """Read one organization's downloaded `data/` folder; never raises for its content."""
    raw = read_bounded(folder / PLAN, MAX_PLAN_BYTES)
    if isinstance(raw, Refused):
        return raw
    try:
        documents = frozenset(p.name for p in folder.iterdir()
                              if p.name.startswith("analytical-reference-") and p.is_file())
    except OSError as exc:
        return Refused("missing", exc.strerror or "")
    version = version_of(raw)
    if isinstance(version, Refused):
        return version
    reader = READERS.get(version)
    if reader is None:
        return Refused("unknown-version", str(version))
    try:
        return Published(reader(raw), documents)
    except ValidationError as exc:
        return Refused("invalid", first_error(exc))
    except _NotPublic:
        return Refused("not-public")
