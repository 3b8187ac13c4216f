"""Cross-file checks: findings against the indicator catalog, the plan's people, groups, items
and directions against each other. Each problem is reported once, at its own line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.check.files import DirectionFile, FindingsFile, PlanFile
from generator.check.messages import suggest
from generator.check.problems import Report
from generator.domain.dates import numeric
from generator.domain.model import FindingsDoc, Party
from generator.domain.schema import PLACEHOLDERS
from generator.domain.text import normalize_name

Loc = tuple[Any, ...]
ErrorAt = Callable[[Loc, str], None]


def check_findings(directions: list[DirectionFile], findings: list[FindingsFile],
                   report: Report) -> dict[str, FindingsDoc]:
    """Findings: each for a known direction and indicator, once. Needs only the catalog, so
    it runs even when plan.yaml is broken (all problems are reported at once)."""
    catalog = {d.id: d.spec for d in directions}
    by_direction: dict[str, FindingsDoc] = {}
    for found in findings:
        doc, fm = found.doc, found.lines
        direction = doc.meta.direction
        if direction not in catalog:
            report.error(doc.path, fm.line_of(("direction",)),
                         f"findings for unknown direction '{direction}'"
                         f"{suggest(direction, list(catalog))}; expected one of: "
                         f"{', '.join(catalog)}")
            continue
        if direction in by_direction:
            report.error(doc.path, fm.line_of(("direction",)),
                         f"a second findings file for direction '{direction}' (the "
                         f"first is {report.rel(by_direction[direction].path)})")
            continue
        by_direction[direction] = doc
        numbers = [ind.number for ind in catalog[direction].indicators]
        seen: set[int] = set()
        for i, finding in enumerate(doc.meta.findings):
            line = fm.line_of(("findings", i, "indicator"))
            if finding.indicator not in numbers:
                report.error(doc.path, line,
                             f"direction '{direction}' has no indicator "
                             f"{finding.indicator}; expected a number from 1 to {max(numbers)}")
            if finding.indicator in seen:
                report.error(doc.path, line, f"indicator {finding.indicator} is assessed twice")
            seen.add(finding.indicator)
            if finding.assessment == "risk":
                for key in ("causes", "recommendation"):
                    if getattr(finding, key) is None:
                        report.error(doc.path, fm.line_of(("findings", i)),
                                     f"an identified risk needs '{key}' (kk and ru)")
    return by_direction


@dataclass
class Parties:
    """People and groups by id, and every spelling of a name by its normalised key."""

    by_id: dict[str, Party] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[Party]] = field(default_factory=dict)  # group id -> its people

    def people(self, ref: str, loc: Loc, err: ErrorAt) -> list[Party]:
        """A person, or the people of a group."""
        party = self.resolve(ref, loc, err)
        if party is None:
            return []
        return self.members.get(party.id, []) if party.is_group else [party]

    def resolve(self, ref: str, loc: Loc, err: ErrorAt, groups: bool = True) -> Party | None:
        party = self.by_id.get(ref) or self.by_id.get(self.by_name.get(normalize_name(ref), ""))
        if party is not None and (groups or not party.is_group):
            return party
        options = [pid for pid, p in self.by_id.items() if groups or not p.is_group]
        err(loc, f"unknown person{' or group' if groups else ''} '{ref}'"
                 f"{suggest(ref, options + list(self.by_name))}; expected one of: "
                 f"{', '.join(options)}")
        return None


def error_at(plan: PlanFile, report: Report) -> ErrorAt:
    def err(loc: Loc, message: str) -> None:
        report.error(plan.path, plan.lines.line_of(loc), message)
    return err


def warning_at(plan: PlanFile, report: Report) -> ErrorAt:
    def warn(loc: Loc, message: str) -> None:
        report.warning(plan.path, plan.lines.line_of(loc), message)
    return warn


def check_parties(plan: PlanFile, err: ErrorAt) -> Parties:
    """Unique ids, and no person listed twice under two spellings."""
    parties = Parties()
    for kind, entries in (("people", plan.plan.people), ("groups", plan.plan.groups)):
        for i, entry in enumerate(entries):
            if entry.id in parties.by_id:
                err((kind, i, "id"), f"duplicate id '{entry.id}'")
                continue
            parties.by_id[entry.id] = Party(entry.id, entry.name, is_group=kind == "groups",
                                            position=getattr(entry, "position", None))
            for spelling in {entry.name.kk, entry.name.ru, *getattr(entry, "aliases", [])}:
                key = normalize_name(spelling)
                if key in parties.by_name and parties.by_name[key] != entry.id:
                    err((kind, i, "name"), f"'{spelling}' is already the name of "
                                           f"'{parties.by_name[key]}'; list each person once "
                                           f"and put other spellings in 'aliases'")
                parties.by_name.setdefault(key, entry.id)
    return parties


def check_groups(plan: PlanFile, parties: Parties, err: ErrorAt) -> None:
    """Every group member is a known person; each group knows its members."""
    for gi, group in enumerate(plan.plan.groups):
        resolved = [parties.resolve(member, ("groups", gi, "members", mi), err, groups=False)
                    for mi, member in enumerate(group.members)]
        parties.members[group.id] = [p for p in resolved if p is not None]


def check_commission(plan: PlanFile, parties: Parties, err: ErrorAt) -> tuple[
        Party | None, list[Party]]:
    """The commission is a known group; its members."""
    members = parties.members.get(plan.plan.commission or "", [])
    commission = None
    if plan.plan.commission is not None:
        commission = parties.by_id.get(plan.plan.commission)
        if commission is None or not commission.is_group:
            groups = [g.id for g in plan.plan.groups]
            err(("commission",), f"unknown group '{plan.plan.commission}'"
                                 f"{suggest(plan.plan.commission, groups)}; expected one of: "
                                 f"{', '.join(groups) or '(no groups defined)'}")
            commission = None
    return commission, members


def check_items(plan: PlanFile, direction_ids: list[str], parties: Parties,
                err: ErrorAt) -> dict[int, list[Party]]:
    """Unique numbers, known directions collected once, known people; the responsible parties
    of each item."""
    items = plan.plan.items
    seen_numbers: dict[int, int] = {}
    used_directions: dict[str, int] = {}
    responsible: dict[int, list[Party]] = {}
    for i, item in enumerate(items):
        if item.number in seen_numbers:
            err(("items", i, "number"), f"duplicate item number {item.number} (also at line "
                                        f"{seen_numbers[item.number]})")
        seen_numbers.setdefault(item.number, plan.lines.line_of(("items", i, "number")))
        if item.kind == "collect" and item.direction is None:
            err(("items", i), f"item {item.number} collects information but names no "
                              f"direction; expected 'direction: <id>'")
        if item.direction is not None:
            if item.direction not in direction_ids:
                err(("items", i, "direction"),
                    f"unknown direction '{item.direction}'"
                    f"{suggest(item.direction, direction_ids)}; expected one of: "
                    f"{', '.join(direction_ids)}")
            elif item.direction in used_directions:
                first = used_directions[item.direction]
                err(("items", i, "direction"),
                    f"direction '{item.direction}' is already collected by item {first}")
            used_directions.setdefault(item.direction, item.number)
        parts = [parties.resolve(ref, ("items", i, "responsible", j), err)
                 for j, ref in enumerate(item.responsible)]
        responsible[item.number] = [p for p in parts if p is not None]
    for kind in ("reference", "agreement"):
        if sum(1 for item in items if item.kind == kind) > 1:
            err(("items",), f"more than one item of kind '{kind}'; expected at most one")
    return responsible


def check_working_group(plan: PlanFile, parties: Parties, err: ErrorAt) -> list[Party] | None:
    """The declared working group, leader first, groups expanded to their people, once each."""
    group = plan.plan.working_group
    if group is None:
        return None
    leader = parties.resolve(group.leader, ("working_group", "leader"), err, groups=False)
    people = [leader] if leader else []
    for i, ref in enumerate(group.members):
        people += parties.people(ref, ("working_group", "members", i), err)
    return list({p.id: p for p in people}.values())


def check_finding_people(findings: list[FindingsFile], parties: Parties,
                         report: Report) -> dict[tuple[str, int], list[Party]]:
    """Who carries out each recommendation: known people or groups, in the findings file."""
    result = {}
    for found in findings:
        def err(loc: Loc, message: str, found: FindingsFile = found) -> None:
            report.error(found.doc.path, found.lines.line_of(loc), message)

        for i, finding in enumerate(found.doc.meta.findings):
            people = [p for j, ref in enumerate(finding.responsible)
                      for p in parties.people(ref, ("findings", i, "responsible", j), err)]
            if people:
                result[(found.doc.meta.direction, finding.indicator)] = people
    return result


def check_plausibility(plan: PlanFile, today: date, warn: ErrorAt) -> None:
    """Warnings for what is possible but probably a mistake, or still to be filled in."""
    for where, text in (("organization", plan.plan.organization),):
        for lang in ("kk", "ru"):
            if text[lang] in PLACEHOLDERS:
                warn((where, lang), f"'{text[lang]}' is the placeholder adal init wrote: "
                                    f"write the organization's name")
    for i, person in enumerate(plan.plan.people):
        for lang in ("kk", "ru"):
            if person.name[lang] in PLACEHOLDERS:
                warn(("people", i, "name", lang), f"'{person.name[lang]}' is the placeholder "
                                                  f"adal init wrote: write the person's name")
    items = plan.plan.items
    if not any(item.deadline for item in items):
        warn(("items",), "no item has a deadline yet: add 'deadline: DD.MM.YYYY' to each item "
                         "as the approved plan gives it")
    analysis = plan.plan.analysis
    for i, item in enumerate(items):
        if item.completed and item.completed > today:
            warn(("items", i, "completed"), f"completed on {numeric(item.completed)}, after "
                                            f"today ({numeric(today)}): check the date")
        if item.completed and item.deadline and \
                abs((item.completed - item.deadline).days) > 366:
            warn(("items", i, "completed"), f"completed more than a year from its deadline "
                                            f"{numeric(item.deadline)}: check the year")
        if item.deadline and analysis and analysis.start and analysis.end and \
                not analysis.start <= item.deadline <= analysis.end:
            warn(("items", i, "deadline"), f"the deadline {numeric(item.deadline)} is outside "
                                           f"the analysis dates {numeric(analysis.start)} — "
                                           f"{numeric(analysis.end)}")
