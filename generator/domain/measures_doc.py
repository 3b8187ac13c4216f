"""The plan of measures as a document (issue 23): what its PDF and DOCX print, in order.

A title block with the approval («Бекітемін» / «Утверждаю»: position, name, date, as
measures.yaml records them; a line to fill in for what it does not), the organization and the
title, then one row per measure: the risk it answers (direction, indicator), the measure, who
is responsible, the deadline and whether it was done (on which day, by which document). It is
a draft until the date of its approval is recorded.

Pure: built from the Project as the build shows it (the public build's filtered one) and the
rows every page shares (`views.measure_rows`), so the document lists exactly the measures
the measures page lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.model import MeasuresApproved, Project
from generator.domain.schema import Text
from generator.domain.views import MeasureRow


@dataclass(frozen=True)
class RiskLabel:
    """A risk as the document names it: its direction (number, title) and its indicator."""

    direction_number: int
    direction: Text
    indicator: int
    text: Text | None  # the indicator's wording (None: not found, e.g. an indicator removed)


@dataclass(frozen=True)
class MeasuresDocument:
    approval: MeasuresApproved | None
    rows: tuple[MeasureRow, ...]
    risks: dict[tuple[str, int, str | None], RiskLabel]  # (direction, indicator, origin)
    withheld: int  # measures this build leaves out (the public build)

    @property
    def final(self) -> bool:
        """Approved: the date of its approval is recorded. Until then it is a draft."""
        return self.approval is not None and self.approval.date is not None

    def risk(self, row: MeasureRow, direction: str, indicator: int) -> RiskLabel | None:
        return self.risks.get((direction, indicator, row.origin))


def measures_document(project: Project, rows: list[MeasureRow]) -> MeasuresDocument | None:
    """The document of the measures `rows` (those this build shows); None without any: no
    document is made for a plan of measures that shows none."""
    if not rows:
        return None
    analyses = {a.id: a.project for a in project.earlier}
    labels: dict[tuple[str, int, str | None], RiskLabel] = {}
    for row in rows:
        source = analyses.get(row.origin, project) if row.origin else project
        for direction_id, number in row.risks:
            direction = source.direction(direction_id) or project.direction(direction_id)
            if direction is None:
                continue
            indicator = next((i for i in direction.spec.indicators if i.number == number), None)
            labels[(direction_id, number, row.origin)] = RiskLabel(
                direction.spec.number, direction.spec.title, number,
                indicator.text if indicator else None)
    return MeasuresDocument(project.measures_approval, tuple(rows), labels,
                            project.measures_withheld)
