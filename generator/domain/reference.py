"""The analytical reference as data: per direction, what was examined and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.domain.model import DirectionData, Project
from generator.domain.schema import Finding, Indicator, RiskLevels, Text

Level = Literal["low", "medium", "high"]


def risk_level(score: int | None, levels: RiskLevels) -> Level | None:
    """Likelihood × impact against the plan's thresholds (settings.risk_levels)."""
    if score is None:
        return None
    return "high" if score >= levels.high else "medium" if score >= levels.medium else "low"


DirectionOutcome = Literal["risks", "no-risks", "not-assessed", "withheld"]
State = Literal["draft", "prepared", "agreed"]


@dataclass(frozen=True)
class Risk:
    direction: DirectionData
    indicator: Indicator
    finding: Finding
    public: bool


@dataclass(frozen=True)
class DirectionResult:
    direction: DirectionData
    indicators: int
    examined: int  # published findings that were assessed
    risks: list[Risk]  # the risks this build shows
    counts_published: bool = True

    @property
    def risks_withheld(self) -> int | None:
        """Identified risks this build does not show; None when even that is withheld."""
        withheld = self.direction.withheld
        if withheld is None:
            return 0
        return withheld.risks if self.counts_published else None

    @property
    def risks_identified(self) -> int | None:
        hidden = self.risks_withheld
        return None if hidden is None else len(self.risks) + hidden

    @property
    def examined_total(self) -> int | None:
        withheld = self.direction.withheld
        if withheld is None:
            return self.examined
        return self.examined + withheld.examined if self.counts_published else None

    @property
    def outcome(self) -> DirectionOutcome:
        """Never "no risks" or "not assessed" when results exist but are not published."""
        if self.risks or self.risks_withheld:
            return "risks"
        if self.direction.withheld and not self.counts_published:
            return "withheld"
        return "no-risks" if self.examined_total else "not-assessed"


@dataclass(frozen=True)
class Recommendation:
    number: int
    risk: Risk
    text: Text


@dataclass(frozen=True)
class ReferenceData:
    state: State
    results: list[DirectionResult]
    recommendations: list[Recommendation]

    @property
    def total_indicators(self) -> int:
        """Indicators of every direction that has indicators (areas are counted apart)."""
        return sum(r.indicators for r in self.results if r.direction.spec.kind == "indicators")

    @property
    def total_areas(self) -> int:
        """Areas of activity, of the directions that list areas instead of indicators."""
        return sum(r.indicators for r in self.results if r.direction.spec.kind == "areas")

    @property
    def withholds(self) -> bool:
        """Does this build leave out some finding (a public build of internal results)?"""
        return any(r.direction.withheld for r in self.results)

    def level_counts(self, levels: RiskLevels) -> dict[str, int] | None:
        """Shown risks per level (high, medium, low); None when no risk is scored."""
        scored = [risk_level(risk.finding.score, levels) for result in self.results
                  for risk in result.risks if risk.finding.score]
        return {level: scored.count(level) for level in ("high", "medium", "low")} if scored \
            else None

    @property
    def total_examined(self) -> int | None:
        counts = [r.examined_total for r in self.results]
        return None if None in counts else sum(c for c in counts if c is not None)

    @property
    def total_risks(self) -> int | None:
        """All identified risks; None when some direction withholds even the count."""
        counts = [r.risks_identified for r in self.results]
        return None if None in counts else sum(c for c in counts if c is not None)


def reference_data(project: Project) -> ReferenceData:
    results = []
    for direction in project.directions:
        findings = direction.findings.meta.findings if direction.findings else []
        by_number = {i.number: i for i in direction.spec.indicators}
        risks = [Risk(direction, by_number[f.indicator], f, direction.findings.is_public(f))
                 for f in findings
                 if f.assessment == "risk" and direction.findings is not None]
        examined = sum(1 for f in findings if f.assessment != "not-assessed")
        results.append(DirectionResult(direction, len(direction.spec.indicators), examined,
                                       risks, project.plan.settings.publish_withheld_counts))
    recommendations = []
    for result in results:
        for risk in result.risks:
            if risk.finding.recommendation is not None:
                recommendations.append(Recommendation(len(recommendations) + 1, risk,
                                                      risk.finding.recommendation))
    reference, agreement = project.reference_item, project.agreement_item
    state: State = "draft"
    if reference is not None and reference.completed is not None:
        state = "prepared"
        if agreement is not None and agreement.completed is not None:
            state = "agreed"
    return ReferenceData(state, results, recommendations)
