"""The region's figures: pure rules over what each organization published (no I/O).

Every count on the regional pages comes from `roll_up`; docs/region.md says what each
means. Statuses are computed again for the region's day (the same rule as a portal's,
domain/status.py), so an organization's older build does not hide a deadline passed since.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.domain.reference import risk_level
from generator.domain.schema import RiskLevels
from generator.domain.status import Status, deadline_status
from generator.region.config import Member, Name, Region, RegionFile, RegionRef
from generator.region.counts import LEVELS, Figures, Tally
from generator.region.published import Entry, OrgYear, Published, Refused
from generator.region.summary import RegionSummary

# An organization's state; a region member whose summary is used is "region" (its
# organizations' states are in its summary), one whose summary is not is "no-data".
State = Literal["published", "late", "not-yet", "no-data", "region"]
STATES: tuple[State, ...] = ("published", "late", "not-yet", "no-data")
# Why an organization's figures are not used (no-data), or why it has none this year;
# "other-year": a region's summary is about another year than the roll-up's.
Reason = Literal["missing", "stale", "invalid", "unknown-version", "not-public", "too-big",
                 "no-current-year", "other-year"]
REASONS: tuple[Reason, ...] = ("missing", "stale", "invalid", "unknown-version", "not-public",
                               "too-big", "no-current-year")
PREPARED = ("prepared", "agreed")  # the reference is written and signed (domain/reference.py)
DEADLINE_KINDS = ("reference", "signing")  # items whose lateness makes the analysis late


def entry_status(entry: Entry, today: date) -> Status:
    """An item's or a measure's status on `today`; a recurring item is overdue when one of
    its occurrences is, done when every one is; a deadline only in words, `as-written` until
    done (never "no deadline")."""
    if entry.words and entry.completed is None:
        return "as-written"
    if not entry.occurrences:
        return deadline_status(entry.deadline, entry.completed, today)
    if entry.completed is not None:
        return deadline_status(entry.deadline, entry.completed, today)
    each = [deadline_status(due, done, today) for due, done in entry.occurrences]
    if "overdue" in each:
        return "overdue"
    if all(s in ("done", "done-late") for s in each):
        return "done"
    return "upcoming"


def _done(status: Status) -> bool:
    return status in ("done", "done-late")


def figures_of(analysis: OrgYear, today: date, levels: RiskLevels) -> Figures:
    items = [entry_status(e, today) for e in analysis.items]
    measures = [entry_status(e, today) for e in analysis.measures]
    level_count = Counter(risk_level(r.score, levels) or "unscored" for r in analysis.risks)
    return Figures(
        items=len(items), items_done=sum(map(_done, items)),
        items_overdue=items.count("overdue"), measures=len(measures),
        measures_done=sum(map(_done, measures)), measures_overdue=measures.count("overdue"),
        risks_identified=risks_identified(analysis), risks_published=len(analysis.risks),
        levels={level: level_count.get(level, 0) for level in LEVELS})


def risks_identified(analysis: OrgYear) -> int:
    """Identified risks: each direction's count, or its published risks when the count is
    withheld (null)."""
    published = Counter(r.direction for r in analysis.risks)
    total = sum(d.risks_identified if d.risks_identified is not None else published[d.id]
                for d in analysis.directions)
    listed = {d.id for d in analysis.directions}
    return total + sum(n for d, n in published.items() if d not in listed)


def risky_directions(analysis: OrgYear) -> set[str]:
    found = {d.id for d in analysis.directions if d.risks_identified}
    return found | {r.direction for r in analysis.risks}


@dataclass(frozen=True)
class OrgRow:
    member: Member
    state: State
    reason: Reason | None
    detail: str
    current: OrgYear | None
    figures: Figures | None
    years: tuple[OrgYear, ...]
    documents: frozenset[str]
    as_of: date | None
    summary: RegionSummary | None = None  # a region member's, when it is used

    @property
    def id(self) -> str:
        return self.member.org.id

    @property
    def tally(self) -> Tally | None:
        """A region's totals (its organizations'), when its summary is used."""
        return None if self.summary is None else self.summary.total


def org_row(member: Member, read: Published | Refused, year: int, today: date,
            stale_after: int, levels: RiskLevels) -> OrgRow:
    if isinstance(read, Refused):
        return OrgRow(member, "no-data", read.reason, read.detail, None, None, (), frozenset(),
                      None)
    as_of = max(y.as_of for y in read.years)
    if (today - as_of).days > stale_after:
        return OrgRow(member, "no-data", "stale", as_of.isoformat(), None, None, (),
                      frozenset(), as_of)
    current = next((y for y in sorted(read.years, key=lambda y: y.as_of, reverse=True)
                    if y.year == year), None)
    if current is None:
        return OrgRow(member, "not-yet", "no-current-year", "", None, None, read.years,
                      read.documents, as_of)
    figures = figures_of(current, today, levels)
    if current.reference_state in PREPARED:
        state: State = "published"
    elif any(entry_status(e, today) == "overdue" for e in current.items
             if e.kind in DEADLINE_KINDS):
        state = "late"
    else:
        state = "not-yet"
    return OrgRow(member, state, None, "", current, figures, read.years, read.documents,
                  as_of)


def region_row(member: Member, read: RegionSummary | Refused, year: int, today: date,
               stale_after: int) -> OrgRow:
    """A region member: its published summary, used when it is recent and of `year`."""
    if isinstance(read, Refused):
        return OrgRow(member, "no-data", read.reason, read.detail, None, None, (), frozenset(),
                      None)
    if (today - read.as_of).days > stale_after:
        return OrgRow(member, "no-data", "stale", read.as_of.isoformat(), None, None, (),
                      frozenset(), read.as_of)
    if read.year != year:
        return OrgRow(member, "no-data", "other-year", str(read.year), None, None, (),
                      frozenset(), read.as_of)
    return OrgRow(member, "region", None, "", None, None, (), frozenset(), read.as_of, read)


def _common(counts: Counter[tuple[str, str]]) -> tuple[str, str]:
    """The text most organizations give (ties: the first in order): one hostile file
    cannot rename a direction for the region."""
    return max(sorted(counts), key=lambda v: counts[v])


def add_row(tally: Tally, row: OrgRow) -> None:
    """An organization, or a region's organizations (a region without usable data
    has none to count: it is counted among the regions)."""
    if row.summary is not None:
        tally.merge(row.summary.total)
    elif not row.member.is_region:
        tally.count(row.state, row.figures)


@dataclass(frozen=True)
class DirectionLine:
    id: str
    title: tuple[str, str]
    orgs: int  # organizations with an identified risk in it
    risks: int
    by_district: dict[str, int]
    by_kind: dict[str, int]


@dataclass(frozen=True)
class IndicatorLine:
    direction: str
    number: int
    text: tuple[str, str]
    orgs: int


@dataclass(frozen=True)
class YearLine:
    year: int
    orgs: int
    with_risks: int
    risks: int


@dataclass(frozen=True)
class RollUp:
    year: int
    today: date
    rows: tuple[OrgRow, ...]
    total: Tally
    by_district: dict[str, Tally]
    by_kind: dict[str, Tally]
    reasons: dict[str, int]
    directions: tuple[DirectionLine, ...]
    indicators: tuple[IndicatorLine, ...]
    trend: tuple[YearLine, ...]
    kinds: dict[str, Name]  # region.yaml's, then those only the regions' summaries name
    regions: dict[str, int]  # region members: total, used, no-data


def _row(member: Member, read: Published | Refused | RegionSummary, year: int, today: date,
         spec: RegionFile) -> OrgRow:
    """A member's row: a region's from its summary, an organization's from its plan."""
    if member.is_region:
        assert not isinstance(read, Published)
        return region_row(member, read, year, today, spec.stale_after_days)
    assert not isinstance(read, RegionSummary)
    return org_row(member, read, year, today, spec.stale_after_days, spec.risk_levels)


def roll_up(region: Region, reads: dict[str, Published | Refused | RegionSummary],
            today: date) -> RollUp:
    spec = region.spec
    year = spec.year or today.year
    rows = tuple(_row(m, reads[m.org.id], year, today, spec) for m in region.members)
    total = Tally()
    by_district = {key: Tally() for key in spec.districts}
    by_kind = {key: Tally() for key in spec.kinds}
    kind_names: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    titles: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    texts: dict[tuple[str, int], Counter[tuple[str, str]]] = defaultdict(Counter)
    dir_orgs: Counter[str] = Counter()
    dir_risks: Counter[str] = Counter()
    dir_district: dict[str, Counter[str]] = defaultdict(Counter)
    dir_kind: dict[str, Counter[str]] = defaultdict(Counter)
    ind_orgs: Counter[tuple[str, int]] = Counter()
    trend: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        org = row.member.org
        if row.member.is_region:
            regions["total"] += 1
            regions["used" if row.summary else "no-data"] += 1
            if row.summary is None:
                continue
            got = row.summary
            add_row(total, row)
            add_row(by_district[org.district], row)
            for key, tally in got.by_kind.items():
                by_kind.setdefault(key, Tally()).merge(tally)
                if key not in spec.kinds and key in got.kinds:
                    kind_names[key][got.kinds[key]] += tally.orgs or 1
            reasons.update(got.reasons)
            for y, orgs, with_risks, found in got.trend:
                line = trend[y]
                line[0] += orgs
                line[1] += with_risks
                line[2] += found
            for d in got.directions:
                titles[d.id][d.title] += d.orgs or 1
                dir_orgs[d.id] += d.orgs
                dir_risks[d.id] += d.risks
                if d.orgs:
                    dir_district[d.id][org.district] += d.orgs
                for key, n in d.by_kind.items():
                    dir_kind[d.id][key] += n
            for i in got.indicators:
                ind_orgs[(i.direction, i.number)] += i.orgs
                texts[(i.direction, i.number)][i.text] += i.orgs or 1
            continue
        assert not isinstance(org, RegionRef)
        add_row(total, row)
        add_row(by_district[org.district], row)
        add_row(by_kind[org.kind], row)
        if row.reason is not None:
            reasons[row.reason] += 1
        for analysis in {y.year: y for y in sorted(row.years, key=lambda y: y.as_of)}.values():
            found = risks_identified(analysis)
            line = trend[analysis.year]
            line[0] += 1
            line[1] += found > 0
            line[2] += found
        if row.current is None:
            continue
        analysis = row.current
        published = Counter(r.direction for r in analysis.risks)
        for d in analysis.directions:
            titles[d.id][d.title] += 1
        for direction in sorted(risky_directions(analysis)):
            dir_orgs[direction] += 1
            dir_district[direction][org.district] += 1
            dir_kind[direction][org.kind] += 1
        for d in analysis.directions:
            dir_risks[d.id] += d.risks_identified if d.risks_identified is not None \
                else published[d.id]
        for key in sorted({(r.direction, r.indicator) for r in analysis.risks}):
            ind_orgs[key] += 1
        for r in analysis.risks:
            texts[(r.direction, r.indicator)][r.text] += 1
    directions = tuple(sorted(
        (DirectionLine(d, _common(titles[d]) if titles[d] else (d, d), dir_orgs[d],
                       dir_risks[d], dict(dir_district[d]), dict(dir_kind[d]))
         for d in set(titles) | set(dir_orgs)),
        key=lambda line: (-line.orgs, -line.risks, line.id)))
    indicators = tuple(sorted(
        (IndicatorLine(d, n, _common(texts[(d, n)]), count)
         for (d, n), count in ind_orgs.items()),
        key=lambda line: (-line.orgs, line.direction, line.number)))
    kinds = dict(spec.kinds)
    for key in sorted(set(by_kind) - set(kinds)):
        kk, ru = _common(kind_names[key]) if kind_names[key] else (key, key)
        kinds[key] = Name(kk=kk, ru=ru)
    by_kind = {key: by_kind.get(key, Tally()) for key in kinds}
    for key in ("total", "used", "no-data"):
        regions.setdefault(key, 0)
    return RollUp(year, today, rows, total, by_district, by_kind, dict(reasons), directions,
                  indicators, tuple(YearLine(y, *trend[y]) for y in sorted(trend)), kinds,
                  dict(regions))
