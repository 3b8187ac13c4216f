"""The counts the region keeps: one organization's figures and a group's tally. Shared by
the roll-up (rollup.py) and the reader of a region's published summary (summary.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

LEVELS = ("high", "medium", "low", "unscored")


@dataclass(frozen=True)
class Figures:
    """One organization's figures for the region's year."""

    items: int
    items_done: int
    items_overdue: int
    measures: int
    measures_done: int
    measures_overdue: int
    risks_identified: int  # the directions' counts (withheld ones included when published)
    risks_published: int
    levels: dict[str, int]

    @property
    def completion(self) -> int | None:
        """Per cent of the plan's items done; None for a plan without items."""
        return None if not self.items else round(100 * self.items_done / self.items)


@dataclass
class Tally:
    """Counts for a group of organizations (a district, a kind, the region)."""

    orgs: int = 0
    states: Counter[str] = field(default_factory=Counter)
    with_risks: int = 0
    risks: int = 0
    items: int = 0
    items_done: int = 0
    items_overdue: int = 0
    measures: int = 0
    measures_done: int = 0
    measures_overdue: int = 0
    levels: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        self.orgs += other.orgs
        self.states.update(other.states)
        self.with_risks += other.with_risks
        self.risks += other.risks
        self.items += other.items
        self.items_done += other.items_done
        self.items_overdue += other.items_overdue
        self.measures += other.measures
        self.measures_done += other.measures_done
        self.measures_overdue += other.measures_overdue
        self.levels.update(other.levels)

    def count(self, state: str, f: Figures | None) -> None:
        self.orgs += 1
        self.states[state] += 1
        if f is None:
            return
        self.with_risks += f.risks_identified > 0
        self.risks += f.risks_identified
        self.items += f.items
        self.items_done += f.items_done
        self.items_overdue += f.items_overdue
        self.measures += f.measures
        self.measures_done += f.measures_done
        self.measures_overdue += f.measures_overdue
        self.levels.update(f.levels)

    @property
    def completion(self) -> int | None:
        return None if not self.items else round(100 * self.items_done / self.items)
