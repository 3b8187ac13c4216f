"""What a region published, read back by a national roll-up: its `data/region.json`, one
reader per schema version `adal region` has written (opendata.py).

The file is untrusted, like an organization's plan.json (published.py): read within a size
limit, parsed by pydantic's JSON parser into a strict model of its version (`extra="forbid"`,
identifiers that become page addresses checked as region.yaml's are), and reduced at once to a
`RegionSummary`: its totals, its totals by kind of organization, its directions, indicators
and trend. The totals are counted again from its organizations' rows (and, from version 2, its
own regions' totals); a file whose totals are not the sum of its rows is invalid, so a national
figure is always the sum of the regions' published figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.region.counts import LEVELS, Figures, Tally
from generator.region.published import Refused, first_error, read_bounded, version_of

REGION = "region.json"
MAX_REGION_BYTES = 48 * 1024 * 1024  # 3,000 organizations take about 1.6 MB

SlugId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Line = Annotated[str, Field(min_length=1, max_length=500)]
Short = Annotated[str, Field(max_length=4000)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
State = Literal["published", "late", "not-yet", "no-data"]
Reason = Literal["missing", "stale", "invalid", "unknown-version", "not-public", "too-big",
                 "no-current-year", "other-year"]
Level = Literal["high", "medium", "low", "unscored"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NamesIn(_In):
    kk: Line
    ru: Line


class TextIn(_In):
    kk: Short
    ru: Short


class TotalsIn(_In):
    organizations: Count
    states: dict[State, Count]
    reasons: dict[Reason, Count]
    items: Count
    items_done: Count
    items_overdue: Count
    measures: Count
    measures_done: Count
    measures_overdue: Count
    with_risks: Count
    risks: Count
    levels: dict[Level, Count]


class OrgIn(_In):
    id: SlugId
    bin: Annotated[str, Field(pattern=r"^\d{12}$")] | None
    name: NamesIn
    kind: SlugId
    district: SlugId
    site: Annotated[str, Field(max_length=500)] | None
    state: State
    reason: Reason | None
    data_as_of: date | None
    reference_state: Short | None
    items: Count | None
    items_done: Count | None
    items_overdue: Count | None
    measures: Count | None
    measures_done: Count | None
    measures_overdue: Count | None
    risks_identified: Count | None
    levels: dict[Level, Count] | None
    years: Annotated[list[int], Field(max_length=200)]

    @model_validator(mode="after")
    def _figures_all_or_none(self) -> OrgIn:
        given = [getattr(self, k) is None for k in _FIGURES]
        if any(given) and not all(given):
            raise ValueError(", ".join(_FIGURES))  # all of them, or none
        return self


_FIGURES = ("items", "items_done", "items_overdue", "measures", "measures_done",
            "measures_overdue", "risks_identified", "levels")


class DirectionIn(_In):
    id: Short
    title: TextIn
    organizations: Count
    risks: Count
    by_district: Annotated[dict[SlugId, Count], Field(max_length=1000)]
    by_kind: Annotated[dict[SlugId, Count], Field(max_length=200)]


class IndicatorIn(_In):
    direction: Short
    indicator: int
    text: TextIn
    organizations: Count


class YearIn(_In):
    year: Annotated[int, Field(ge=1900, le=2200)]
    organizations: Count
    with_risks: Count
    risks: Count


class RegionV1(_In):
    schema_version: Literal[1]
    name: NamesIn
    year: Annotated[int, Field(ge=1900, le=2200)]
    as_of: date
    totals: TotalsIn
    districts: Annotated[dict[SlugId, NamesIn], Field(max_length=1000)]
    kinds: Annotated[dict[SlugId, NamesIn], Field(max_length=200)]
    organizations: Annotated[list[OrgIn], Field(max_length=200_000)]
    directions: Annotated[list[DirectionIn], Field(max_length=1000)]
    indicators: Annotated[list[IndicatorIn], Field(max_length=20_000)]
    trend: Annotated[list[YearIn], Field(max_length=300)]


class MemberRegionIn(_In):
    id: SlugId
    name: NamesIn
    district: SlugId
    site: Annotated[str, Field(max_length=500)] | None
    state: Literal["region", "no-data"]
    reason: Reason | None
    data_as_of: date | None
    totals: TotalsIn | None
    by_kind: Annotated[dict[SlugId, TotalsIn], Field(max_length=200)] | None


class RegionV2(RegionV1):
    schema_version: Literal[2]  # type: ignore[assignment]
    regions: Annotated[list[MemberRegionIn], Field(max_length=1000)]


# ---- the summary a national roll-up keeps of one region ------------------------------------

@dataclass(frozen=True)
class DirectionSum:
    id: str
    title: tuple[str, str]
    orgs: int
    risks: int
    by_kind: dict[str, int]


@dataclass(frozen=True)
class IndicatorSum:
    direction: str
    number: int
    text: tuple[str, str]
    orgs: int


@dataclass(frozen=True)
class RegionSummary:
    version: int
    name: tuple[str, str]
    year: int
    as_of: date
    total: Tally
    by_kind: dict[str, Tally]
    reasons: Counter[str]
    kinds: dict[str, tuple[str, str]]
    directions: tuple[DirectionSum, ...]
    indicators: tuple[IndicatorSum, ...]
    trend: tuple[tuple[int, int, int, int], ...]  # year, organizations, with risks, risks


class _Mismatch(Exception):
    pass


def _tally(t: TotalsIn) -> Tally:
    return Tally(orgs=t.organizations, states=Counter(t.states), with_risks=t.with_risks,
                 risks=t.risks, items=t.items, items_done=t.items_done,
                 items_overdue=t.items_overdue, measures=t.measures,
                 measures_done=t.measures_done, measures_overdue=t.measures_overdue,
                 levels=Counter(t.levels))


def _figures(o: OrgIn) -> Figures | None:
    if o.items is None or o.levels is None:
        return None
    levels = {level: o.levels.get(level, 0) for level in LEVELS}
    return Figures(items=o.items, items_done=o.items_done or 0,
                   items_overdue=o.items_overdue or 0, measures=o.measures or 0,
                   measures_done=o.measures_done or 0,
                   measures_overdue=o.measures_overdue or 0,
                   risks_identified=o.risks_identified or 0,
                   risks_published=sum(levels.values()), levels=levels)


def _same(a: Tally, b: Tally) -> bool:
    """Equal counts (a state or level counted zero times is the same as one not named)."""
    return (+a.states == +b.states and +a.levels == +b.levels
            and (a.orgs, a.with_risks, a.risks, a.items, a.items_done, a.items_overdue,
                 a.measures, a.measures_done, a.measures_overdue)
            == (b.orgs, b.with_risks, b.risks, b.items, b.items_done, b.items_overdue,
                b.measures, b.measures_done, b.measures_overdue))


def _summary(doc: RegionV1, version: int) -> RegionSummary:
    total = Tally()
    by_kind: dict[str, Tally] = {}
    reasons: Counter[str] = Counter()
    for o in doc.organizations:
        figures = _figures(o)
        total.count(o.state, figures)
        by_kind.setdefault(o.kind, Tally()).count(o.state, figures)
        if o.reason is not None:
            reasons[o.reason] += 1
    for r in getattr(doc, "regions", ()):
        if r.state != "region":
            continue
        if r.totals is None or r.by_kind is None:
            raise _Mismatch(f"regions.{r.id}")
        own = _tally(r.totals)
        kinds = Tally()
        for key, t in r.by_kind.items():
            kinds.merge(_tally(t))
            by_kind.setdefault(key, Tally()).merge(_tally(t))
        if not _same(kinds, own):
            raise _Mismatch(f"regions.{r.id}.by_kind")
        total.merge(own)
        reasons.update(r.totals.reasons)
    if not _same(total, _tally(doc.totals)):
        raise _Mismatch("totals")
    if +reasons != +Counter(doc.totals.reasons):
        raise _Mismatch("totals.reasons")
    return RegionSummary(
        version=version, name=(doc.name.kk, doc.name.ru), year=doc.year, as_of=doc.as_of,
        total=total, by_kind=by_kind, reasons=reasons,
        kinds={k: (v.kk, v.ru) for k, v in doc.kinds.items()},
        directions=tuple(DirectionSum(d.id, (d.title.kk, d.title.ru), d.organizations,
                                      d.risks, dict(d.by_kind)) for d in doc.directions),
        indicators=tuple(IndicatorSum(i.direction, i.indicator, (i.text.kk, i.text.ru),
                                      i.organizations) for i in doc.indicators),
        trend=tuple((y.year, y.organizations, y.with_risks, y.risks) for y in doc.trend))


def _reader(model: type[RegionV1], version: int) -> Callable[[bytes], RegionSummary]:
    def read(raw: bytes) -> RegionSummary:
        return _summary(model.model_validate_json(raw), version)
    return read


# schema_version → reader: every version opendata.py has written.
READERS: dict[int, Callable[[bytes], RegionSummary]] = {
    1: _reader(RegionV1, 1), 2: _reader(RegionV2, 2)}
LATEST = RegionV2


def read_region(folder: Path) -> RegionSummary | Refused:
    """Read one region's downloaded `data/` folder; never raises for its content."""
    raw = read_bounded(folder / REGION, MAX_REGION_BYTES)
    if isinstance(raw, Refused):
        return raw
    version = version_of(raw)
    if isinstance(version, Refused):
        return version
    reader = READERS.get(version)
    if reader is None:
        return Refused("unknown-version", str(version))
    try:
        return reader(raw)
    except ValidationError as exc:
        return Refused("invalid", first_error(exc))
    except _Mismatch as exc:
        return Refused("invalid", str(exc))

