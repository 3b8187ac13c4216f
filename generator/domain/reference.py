"""The analytical reference as data: per direction, what was examined and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.domain.model import DirectionData, Party, Project
from generator.domain.schema import Finding, Indicator, RiskLevels, Text

Level = Literal["low", "medium", "high"]


def risk_level(score: int | None, levels: RiskLevels) -> Level | None:
    """Likelihood × impact against the plan's thresholds (settings.risk_levels)."""
    if score is None:
        return None
    return "high" if score >= levels.high else "medium" if score >= levels.medium else "low"


DirectionOutcome = Literal["risks", "no-risks", "not-assessed", "withheld"]
State = Literal["draft", "prepared", "agreed"]
Progress = Literal["none", "partial", "all", "unknown"]
RisksConclusion = Literal["not-done", "none-found", "none-found-so-far", "pending", ""]
RecommendationsConclusion = Literal["not-done", "none-so-far", "none", ""]


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
    responsible: tuple[Party, ...] = ()  # who carries it out (the finding's `responsible`)
    deadline: date | None = None


@dataclass(frozen=True)
class Section:
    """One part of the reference, in the order officials write it: `id` is its anchor on the
    page, `heading` its key in the interface strings (None: no heading of its own)."""

    id: str
    heading: str | None


# The reference's parts in the order the page, the PDF and the DOCX all render them (issue 23):
# title, introduction, basis, working group, period and object, legal acts, findings by
# direction, identified risks, recommendations, summary, then the signatures («Келісілді:»).
SECTIONS: tuple[Section, ...] = (
    Section("introduction", "introduction"),
    Section("basis", "basis"),
    Section("working-group", "working_group"),
    Section("period", "period_object"),
    Section("legal-acts", "legal_acts"),
    Section("findings", "findings_by_direction"),
    Section("risks", "risks_identified"),
    Section("recommendations", "recommendations"),
    Section("summary", "results_summary"),
    Section("agreement", None),
)
# Parts written by the team (content/reference/<name>.md): present only when written.
PROSE_SECTIONS = {"introduction": "introduction", "legal-acts": "legal-acts"}


@dataclass(frozen=True)
class Signing:
    """Who signs the reference and when, as the plan records it (`reference.signed`, `.agreed`):
    the working group signs it, the commission (or the plan's agreement item) agrees it."""

    signed: date | None
    agreed: date | None
    needs_agreement: bool  # the plan has an agreement step (a commission or an item)


@dataclass(frozen=True)
class ReferenceData:
    state: State
    results: list[DirectionResult]
    recommendations: list[Recommendation]
    sections: tuple[Section, ...] = SECTIONS
    signing: Signing = Signing(None, None, False)

    @property
    def final(self) -> bool:
        """Signed, and agreed where the plan has an agreement: no longer a draft."""
        return self.state == "agreed" or (self.state == "prepared"
                                          and not self.signing.needs_agreement)

    @property
    def planned(self) -> int:
        """Directions the plan puts to the analysis."""
        return len(self.results)

    @property
    def assessed(self) -> int | None:
        """Directions with at least one assessment; None when some direction withholds it."""
        if any(r.outcome == "withheld" for r in self.results):
            return None
        return sum(1 for r in self.results if r.outcome != "not-assessed")

    @property
    def progress(self) -> Progress:
        """How far the analysis has got, which decides what the reference may conclude:
        "none" (no direction assessed: nothing can be concluded yet), "partial" (conclusions
        hold for the assessed directions only), "all", or "unknown" (some direction's results
        are not published, so whether it was assessed is not shown)."""
        if self.assessed is None:
            return "unknown"
        if self.assessed == 0 and self.results:
            return "none"
        return "partial" if self.assessed < self.planned else "all"

    @property
    def assessed_numbers(self) -> list[int]:
        """The catalog numbers of the directions assessed so far (the reference's numbers)."""
        return [r.direction.spec.number for r in self.results if r.outcome != "not-assessed"]

    @property
    def pending_numbers(self) -> list[int]:
        """The catalog numbers of the directions not assessed yet."""
        return [r.direction.spec.number for r in self.results if r.outcome == "not-assessed"]

    @property
    def risks_conclusion(self) -> RisksConclusion:
        """What the reference says under «identified risks» besides the risks it lists:
        "not-done" (nothing assessed: no conclusion), "none-found" (every direction assessed,
        no risk), "none-found-so-far" (no risk in the assessed directions; the others
        pending), "pending" (risks listed; some directions still pending), "" (nothing)."""
        progress = self.progress
        if progress == "none":
            return "not-done"
        found = bool(self.risks) or self.total_risks is None or self.total_risks > 0
        if progress == "partial":
            return "pending" if found else "none-found-so-far"
        return "" if found else "none-found"

    @property
    def recommendations_conclusion(self) -> RecommendationsConclusion:
        """What the reference says when it gives no recommendation: "not-done" (nothing
        assessed yet), "none-so-far" (none for the assessed directions; others pending),
        "none"; "" when it gives recommendations."""
        if self.recommendations:
            return ""
        return {"none": "not-done", "partial": "none-so-far"}.get(self.progress, "none")

    @property
    def risks(self) -> list[Risk]:
        return [risk for result in self.results for risk in result.risks]

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
    """Per direction the plan covers (`Project.covered_directions`: those its items name or
    that have findings, not the whole catalog), what was examined and found."""
    results = []
    # One numbering and one order everywhere in the reference: the directions' catalog
    # numbers (those of the Typical Rules, as the direction pages are titled), ascending.
    for direction in sorted(project.covered_directions, key=lambda d: d.spec.number):
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
                people = project.finding_responsible.get((risk.direction.id,
                                                          risk.indicator.number), [])
                recommendations.append(Recommendation(
                    len(recommendations) + 1, risk, risk.finding.recommendation,
                    tuple(people), risk.finding.deadline))
    # Prepared: written (the reference item) and signed by the working group (the signing item),
    # as far as the plan has these items; agreed: then agreed by the commission.
    steps = [i for i in (project.reference_item, project.signing_item) if i is not None]
    agreement = project.agreement_item
    doc = project.plan.reference
    signing = Signing(doc.signed if doc else None, doc.agreed if doc else None,
                      agreement is not None or bool(project.commission_members))
    state: State = "draft"
    if signing.signed is not None or (steps and all(i.completed is not None for i in steps)):
        state = "prepared"
        if signing.agreed is not None or (agreement is not None
                                          and agreement.completed is not None):
            state = "agreed"
    sections = tuple(section for section in SECTIONS
                     if section.id not in PROSE_SECTIONS
                     or PROSE_SECTIONS[section.id] in project.prose)
    return ReferenceData(state, results, recommendations, sections, signing)
