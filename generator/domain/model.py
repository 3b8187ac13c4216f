"""The validated portal: schema objects with every reference resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.domain.schema import (
    Direction,
    Finding,
    FindingsMeta,
    Item,
    Measure,
    PageMeta,
    Plan,
    SiteConfig,
    Text,
)


@dataclass(frozen=True)
class Passage:
    text: str
    public: bool


@dataclass
class Body:
    """A content file's prose: per language, the passages in order; `public` already combines
    the file's visibility and the passage's."""

    passages: dict[str, list[Passage]] = field(default_factory=dict)
    lang_lines: dict[str, int] = field(default_factory=dict)

    def segments(self, lang: str, public_only: bool) -> list[Passage]:
        return [p for p in self.passages.get(lang, [])
                if p.text.strip() and (p.public or not public_only)]


@dataclass(frozen=True)
class Party:
    """Someone responsible: a person or a group (such as the commission)."""

    id: str
    name: Text
    is_group: bool = False
    position: Text | None = None


@dataclass(frozen=True)
class Withheld:
    """What the public filter took out of a direction's findings: counts, never content."""

    findings: int
    examined: int  # of them, assessed (not "not-assessed")
    risks: int
    indicators: frozenset[int]


@dataclass(frozen=True)
class DirectionData:
    id: str
    spec: Direction
    findings: FindingsDoc | None
    withheld: Withheld | None = None  # set by the public filter only

    @property
    def number(self) -> int:
        return self.spec.number

    def finding(self, indicator: int) -> Finding | None:
        if self.findings is None:
            return None
        return next((f for f in self.findings.meta.findings if f.indicator == indicator), None)

    def assessment_of(self, indicator: int, counts_published: bool = True) -> str:
        """The assessment a page shows: 'withheld' where the result exists but is not
        published (for every unpublished indicator when even the counts are withheld)."""
        found = self.finding(indicator)
        if found is not None:
            return found.assessment
        if self.withheld and (indicator in self.withheld.indicators or not counts_published):
            return "withheld"
        return "not-assessed"


@dataclass(frozen=True)
class MeasureData:
    measure: Measure
    responsible: list[Party]

    @property
    def risks(self) -> list[tuple[str, int]]:
        """(direction id, indicator) of each risk it addresses."""
        return [(ref.split("/")[0], int(ref.split("/")[1])) for ref in self.measure.risks]


@dataclass(frozen=True)
class FindingsDoc:
    path: Path
    meta: FindingsMeta
    body: Body

    def is_public(self, finding: Finding) -> bool:
        # Allow-list: an internal file hides all its findings; a finding may hide itself.
        return self.meta.visibility == "public" and finding.visibility != "internal"


@dataclass(frozen=True)
class PageDoc:
    slug: str
    path: Path
    meta: PageMeta
    body: Body


@dataclass(frozen=True)
class ProseDoc:
    """Team-written prose for the analytical reference (introduction, conclusion)."""

    name: str
    path: Path
    public: bool
    body: Body


@dataclass
class Project:
    root: Path
    plan: Plan
    directions: list[DirectionData]
    responsible: dict[int, list[Party]]  # item number -> parties
    approver: Party
    commission: Party | None
    commission_members: list[Party]
    pages: list[PageDoc] = field(default_factory=list)
    prose: dict[str, ProseDoc] = field(default_factory=dict)
    # The working group as the plan declares it, leader first (None: derived from the items).
    declared_working_group: list[Party] | None = None
    # (direction id, indicator) -> who carries out that finding's recommendation.
    finding_responsible: dict[tuple[str, int], list[Party]] = field(default_factory=dict)
    # The portal's mkdocs.yml: colours, logo, stylesheets, copyright, public address.
    site: SiteConfig = field(default_factory=SiteConfig)
    # The plan of measures (measures.yaml), each with its responsible parties.
    measures: list[MeasureData] = field(default_factory=list)
    measures_withheld: int = 0  # set by the public filter only
    # (direction id, indicator) of the risks some of whose measures the build does not show.
    measures_withheld_for: frozenset[tuple[str, int]] = frozenset()

    @property
    def languages(self) -> list[str]:
        return list(self.plan.settings.languages)

    @cached_property
    def _directions_by_id(self) -> dict[str, DirectionData]:
        return {d.id: d for d in self.directions}

    @cached_property
    def _items_by_direction(self) -> dict[str, Item]:
        return {i.direction: i for i in reversed(self.plan.items) if i.direction}

    def direction(self, direction_id: str | None) -> DirectionData | None:
        return self._directions_by_id.get(direction_id or "")

    def item_for_direction(self, direction_id: str) -> Item | None:
        return self._items_by_direction.get(direction_id)

    @property
    def group_leader(self) -> Party | None:
        return self.declared_working_group[0] if self.declared_working_group else None

    @cached_property
    def working_group(self) -> list[Party]:
        """The working group, leader first, as the plan declares it; otherwise the people
        responsible for any item, once each, in plan order (groups left out)."""
        if self.declared_working_group:
            return self.declared_working_group
        seen: dict[str, Party] = {}
        for parties in self.responsible.values():
            for party in parties:
                if not party.is_group:
                    seen.setdefault(party.id, party)
        return list(seen.values())

    @property
    def reference_item(self) -> Item | None:
        return next((i for i in self.plan.items if i.kind == "reference"), None)

    @property
    def agreement_item(self) -> Item | None:
        return next((i for i in self.plan.items if i.kind == "agreement"), None)
