"""The analytical reference as data: per direction, what was examined and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.domain.model import DirectionData, Project
from generator.domain.schema import Finding, Indicator, Text

DirectionOutcome = Literal["risks", "no-risks", "not-assessed"]
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
    examined: int
    risks: list[Risk]

    @property
    def outcome(self) -> DirectionOutcome:
        if self.risks:
            return "risks"
        return "no-risks" if self.examined else "not-assessed"


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
        return sum(r.indicators for r in self.results)

    @property
    def total_examined(self) -> int:
        return sum(r.examined for r in self.results)

    @property
    def total_risks(self) -> int:
        return sum(len(r.risks) for r in self.results)


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
                                       risks))
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
