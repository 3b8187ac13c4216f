"""The trend across a portal's analyses (issue 18): per direction and analysis, how many risks
were identified and how many of them are closed by measures (pure rules on the projects a
build shows: each already through its own public filter)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.domain.model import MeasureData, Project
from generator.domain.schema import Text


@dataclass(frozen=True)
class TrendCell:
    found: int  # risks identified in that analysis
    closed: int  # of them, every measure answering it done (at the latest state)


@dataclass(frozen=True)
class TrendRow:
    direction: str
    number: int
    title: Text
    cells: tuple[TrendCell, ...]  # one per analysis, oldest first

    @property
    def peak(self) -> int:
        return max((c.found for c in self.cells), default=0)


def latest_measures(analyses: list[tuple[str, Project]]) -> dict[tuple[str, int], MeasureData]:
    """Every measure by (the analysis whose risks it answers, its number), at its latest
    state: a copy carried over into a later analysis supersedes the earlier one."""
    latest: dict[tuple[str, int], MeasureData] = {}
    for label, project in analyses:
        for measure in project.measures:
            latest[(measure.measure.origin or label, measure.measure.number)] = measure
    return latest


def trend_rows(analyses: list[tuple[str, Project]]) -> list[TrendRow]:
    """Per direction (catalog order, the newest analysis's titles), per analysis (oldest
    first): the risks identified and, of them, those closed: answered by at least one
    measure, every such measure done. Directions with no risk in any analysis are left out."""
    latest = latest_measures(analyses)
    by_risk: dict[tuple[str, str, int], list[MeasureData]] = {}
    for (origin, _), measure in latest.items():
        for direction, indicator in measure.risks:
            by_risk.setdefault((origin, direction, indicator), []).append(measure)
    titles: dict[str, tuple[int, Text]] = {}
    counts: dict[str, list[TrendCell]] = {}
    for index, (label, project) in enumerate(analyses):
        for d in project.directions:
            titles[d.id] = (d.number, d.spec.title)
            risks = [f.indicator for f in (d.findings.meta.findings if d.findings else [])
                     if f.assessment == "risk"]
            measures = [by_risk.get((label, d.id, i), []) for i in risks]
            closed = sum(1 for ms in measures if ms and all(m.measure.completed for m in ms))
            cells = counts.setdefault(d.id, [TrendCell(0, 0)] * len(analyses))
            cells[index] = TrendCell(len(risks), closed)
    rows = [TrendRow(d, titles[d][0], titles[d][1], tuple(cells))
            for d, cells in counts.items() if any(c.found for c in cells)]
    return sorted(rows, key=lambda r: r.number)


def with_latest_measures(analyses: list[tuple[str, Project]], label: str) -> Project:
    """The analysis `label` with each of its measures at its latest state: a measure carried
    over and done in a later analysis shows done there too (the pages of an earlier
    analysis, `adal status --analysis 2024`). Each keeps its origin as `label` sees it."""
    latest = latest_measures(analyses)
    project = dict(analyses)[label]

    def newest(m: MeasureData) -> MeasureData:
        later = latest.get((m.measure.origin or label, m.measure.number), m)
        if later is m or later.measure.origin == m.measure.origin:
            return later
        return replace(later, measure=later.measure.model_copy(
            update={"origin": m.measure.origin}))

    return replace(project, measures=[newest(m) for m in project.measures])
