"""The validated portal: schema objects with every reference resolved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

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
    """Someone responsible: a person or a group (such as the commission), or a text as the plan
    writes it (`written`: a position, a unit, a group under the document's own name; no id)."""

    id: str
    name: Text
    is_group: bool = False
    position: Text | None = None
    written: bool = False
    missing: str | None = None  # the language the plan does not give (pages show the other)


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
class MeasuresApproved:
    """Who approved the plan of measures and when (measures.yaml `approval`), as recorded:
    what is not recorded stays None."""

    position: Text | None = None
    person: Party | None = None  # a person of plan.yaml, or a name as written (no id)
    date: datetime.date | None = None


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


@dataclass(frozen=True)
class Analysis:
    """One analysis of a portal: its folder's name (`id`: the address of its pages, `2024`,
    `2025-2`), the analysis itself as a `Project` (rendered by the same pipeline as the
    current one) and, once the next one has started, the day it was closed."""

    id: str
    project: Project
    closed: date | None
    current: bool = False
    # Its files changed since it was closed (check/years.py): a change to a published record.
    edited: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """Its pages' folder under a language ('' for the current analysis)."""
        return "" if self.current else f"{self.id}/"


@dataclass
class Project:
    root: Path
    plan: Plan
    directions: list[DirectionData]
    responsible: dict[int, list[Party]]  # item number -> parties
    approver: Party | None  # None: the plan is approved by an order (plan.approval.by)
    commission: Party | None
    commission_members: list[Party]
    pages: list[PageDoc] = field(default_factory=list)
    prose: dict[str, ProseDoc] = field(default_factory=dict)
    # The working group as the plan declares it, leader first (None: the plan names none).
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
    # Who approved the plan of measures and when (measures.yaml `approval`; None: not given).
    measures_approval: MeasuresApproved | None = None
    # The interface strings, per language: Adal's, with the portal's strings.yaml (checked)
    # merged over them.
    strings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The portal's earlier analyses (analyses/<id>/), oldest first: only the portal's own
    # analysis, the current one at its root, has them (docs/formats.md, "Several analyses").
    earlier: list[Analysis] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The analysis's name on the pages: its period's first year (none without a
        period)."""
        return str(self.plan.period.start.year) if self.plan.period else ""

    @property
    def analyses(self) -> list[Analysis]:
        """Every analysis of the portal, oldest first, the current one last."""
        return [*self.earlier, Analysis(self.label, self, None, current=True)]

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

    @property
    def working_group(self) -> list[Party]:
        """The working group, leader first, as the plan declares it; nobody when it declares
        none: the people responsible for items are not made into a working group (the
        reference then says the plan does not name it and leaves blank signature lines)."""
        return list(self.declared_working_group or [])

    def approval_language(self, lang: str) -> str:
        """The language in which `lang` pages write the approval by an order: `lang`, unless
        the plan gives whose order it is (`approval.by`) in one wording copied into both
        languages (an imported one-language plan); then the sentence of the plan's first
        language, whole, rather than one language's words inside the other's grammar."""
        by = self.plan.approval.by
        first = self.languages[0] if self.languages else lang
        if by is None or by.kk != by.ru or first == lang:
            return lang
        return first

    @cached_property
    def covered_directions(self) -> list[DirectionData]:
        """The directions the analysis covers, in catalog order: those the plan's items name
        and those with findings (results, even unpublished). A plan that names none and has no
        findings yet (its items are stages, not directions) covers the whole catalog."""
        named = {i.direction for i in self.plan.items if i.direction}
        covered = [d for d in self.directions
                   if d.id in named or d.findings is not None or d.withheld is not None]
        return covered or list(self.directions)

    @property
    def reference_item(self) -> Item | None:
        return next((i for i in self.plan.items if i.kind == "reference"), None)

    @property
    def agreement_item(self) -> Item | None:
        return next((i for i in self.plan.items if i.kind == "agreement"), None)

    @property
    def signing_item(self) -> Item | None:
        """The working group signing the reference, when the plan has it as an item."""
        return next((i for i in self.plan.items if i.kind == "signing"), None)
