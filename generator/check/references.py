"""Cross-file checks: findings against the indicator catalog, the plan's people, groups, items
and directions against each other. Each problem is reported once, at its own line."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.check.files import DirectionFile, FindingsFile, MeasuresFile, PlanFile
from generator.check.messages import suggest
from generator.check.problems import Report
from generator.domain.dates import numeric
from generator.domain.model import FindingsDoc, MeasureData, Party
from generator.domain.schema import PLACEHOLDERS
from generator.domain.text import normalize_name
from generator.messages import listing, t

Loc = tuple[Any, ...]
ErrorAt = Callable[[Loc, str], None]


def check_findings(directions: list[DirectionFile], findings: list[FindingsFile],
                   report: Report, broken: Collection[str] = ()) -> dict[str, FindingsDoc]:
    """Findings: each for a known direction and indicator, once. Needs only the catalog, so
    it runs even when plan.yaml is broken (all problems are reported at once)."""
    catalog = {d.id: d.spec for d in directions}
    by_direction: dict[str, FindingsDoc] = {}
    for found in findings:
        doc, fm = found.doc, found.lines
        direction = doc.meta.direction
        if direction in broken:
            continue  # its indicators file has errors of its own; checked once it is fixed
        if direction not in catalog:
            report.error(doc.path, fm.line_of(("direction",)),
                         t("findings_unknown_direction", direction=direction,
                           suggestion=suggest(direction, list(catalog)), options=list(catalog)))
            continue
        if direction in by_direction:
            report.error(doc.path, fm.line_of(("direction",)),
                         t("findings_second_file", direction=direction,
                           first=report.rel(by_direction[direction].path)))
            continue
        by_direction[direction] = doc
        numbers = [ind.number for ind in catalog[direction].indicators]
        seen: set[int] = set()
        for i, finding in enumerate(doc.meta.findings):
            line = fm.line_of(("findings", i, "indicator"))
            if finding.indicator not in numbers:
                report.error(doc.path, line,
                             t("findings_no_indicator", direction=direction,
                               number=finding.indicator, max=max(numbers)))
            if finding.indicator in seen:
                report.error(doc.path, line, t("findings_twice", number=finding.indicator))
            seen.add(finding.indicator)
            if finding.assessment == "risk":
                for key in ("causes", "recommendation"):
                    if getattr(finding, key) is None:
                        report.error(doc.path, fm.line_of(("findings", i)),
                                     t("risk_needs", key=key))
    return by_direction


@dataclass
class Parties:
    """People and groups by id, and every spelling of a name by its normalised key."""

    by_id: dict[str, Party] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)  # normalised key -> as written
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
        parties = [p for p in self.by_id.values() if groups or not p.is_group]
        names = [s for key, s in self.spellings.items()
                 if groups or not self.by_id[self.by_name[key]].is_group]
        suggestion = suggest(ref, [p.id for p in parties] + names, fold=normalize_name)
        err(loc, t("unknown_person_or_group" if groups else "unknown_person", ref=ref,
                   suggestion=suggestion, options=listing(f"{p.id} ({p.name.kk})"
                                                          for p in parties)))
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
                err((kind, i, "id"), t("duplicate_id", id=entry.id))
                continue
            parties.by_id[entry.id] = Party(entry.id, entry.name, is_group=kind == "groups",
                                            position=getattr(entry, "position", None))
            for spelling in {entry.name.kk, entry.name.ru, *getattr(entry, "aliases", [])}:
                key = normalize_name(spelling)
                if key in parties.by_name and parties.by_name[key] != entry.id:
                    other = parties.by_id[parties.by_name[key]]
                    err((kind, i, "name"), t("name_already_used", spelling=spelling,
                                             other=f"{other.id} ({other.name.kk})"))
                parties.by_name.setdefault(key, entry.id)
                parties.spellings.setdefault(key, spelling)
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
            err(("commission",), t("unknown_group", ref=plan.plan.commission,
                                   suggestion=suggest(plan.plan.commission, groups),
                                   options=listing(groups) or t("no_groups")))
            commission = None
    return commission, members


def check_items(plan: PlanFile, direction_ids: list[str], parties: Parties,
                err: ErrorAt, broken: Collection[str] = ()) -> dict[int, list[Party]]:
    """Unique numbers, known directions collected once, known people; the responsible parties
    of each item."""
    items = plan.plan.items
    seen_numbers: dict[int, int] = {}
    used_directions: dict[str, int] = {}
    responsible: dict[int, list[Party]] = {}
    for i, item in enumerate(items):
        if item.number in seen_numbers:
            err(("items", i, "number"), t("item_duplicate_number", number=item.number,
                                          line=seen_numbers[item.number]))
        seen_numbers.setdefault(item.number, plan.lines.line_of(("items", i, "number")))
        if item.kind == "collect" and item.direction is None:
            err(("items", i), t("item_collect_no_direction", number=item.number))
        if item.direction is not None:
            if item.direction in broken:
                pass  # its indicators file has errors of its own
            elif item.direction not in direction_ids:
                err(("items", i, "direction"),
                    t("item_unknown_direction", direction=item.direction,
                      suggestion=suggest(item.direction, direction_ids), options=direction_ids))
            elif item.direction in used_directions:
                first = used_directions[item.direction]
                err(("items", i, "direction"),
                    t("item_direction_twice", direction=item.direction, first=first))
            used_directions.setdefault(item.direction, item.number)
        parts = [parties.resolve(ref, ("items", i, "responsible", j), err)
                 for j, ref in enumerate(item.responsible)]
        responsible[item.number] = [p for p in parts if p is not None]
    for kind in ("reference", "agreement"):
        if sum(1 for item in items if item.kind == kind) > 1:
            err(("items",), t("item_kind_twice", kind=kind))
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


def check_measures(measures: MeasuresFile | None, directions: list[DirectionFile],
                   findings: dict[str, FindingsDoc], parties: Parties, report: Report,
                   broken: Collection[str] = ()) -> list[MeasureData]:
    """Each measure: a unique number, identified risks that exist, known people."""
    if measures is None:
        return []

    def err(loc: Loc, message: str) -> None:
        report.error(measures.path, measures.lines.line_of(loc), message)

    known = {d.id for d in directions}
    seen: dict[int, int] = {}
    result = []
    for i, measure in enumerate(measures.plan.measures):
        line = measures.lines.line_of(("measures", i, "number"))
        if measure.number in seen:
            err(("measures", i, "number"), t("measure_duplicate", number=measure.number,
                                               line=seen[measure.number]))
        seen.setdefault(measure.number, line)
        for j, ref in enumerate(measure.risks):
            direction, indicator = ref.split("/")
            if direction in broken:
                continue  # its indicators file has errors of its own
            doc = findings.get(direction)
            finding = next((f for f in doc.meta.findings if f.indicator == int(indicator)),
                           None) if doc else None
            if direction not in known:
                err(("measures", i, "risks", j), t("item_unknown_direction", direction=direction,
                                                   suggestion=suggest(direction, sorted(known)),
                                                   options=sorted(known)))
            elif finding is None or finding.assessment != "risk":
                err(("measures", i, "risks", j), t("measure_not_a_risk", ref=ref))
        people = [p for j, ref in enumerate(measure.responsible)
                  for p in parties.people(ref, ("measures", i, "responsible", j), err)]
        result.append(MeasureData(measure, people))
    return result


def check_plausibility(plan: PlanFile, today: date, warn: ErrorAt) -> None:
    """Warnings for what is possible but probably a mistake, or still to be filled in."""
    for where, text in (("organization", plan.plan.organization),):
        for lang in ("kk", "ru"):
            if text[lang] in PLACEHOLDERS:
                warn((where, lang), t("placeholder_organization", text=text[lang]))
    for i, person in enumerate(plan.plan.people):
        for lang in ("kk", "ru"):
            if person.name[lang] in PLACEHOLDERS:
                warn(("people", i, "name", lang), t("placeholder_person", text=person.name[lang]))
    items = plan.plan.items
    if not any(item.deadline for item in items):
        warn(("items",), t("no_deadlines"))
    analysis = plan.plan.analysis
    for i, item in enumerate(items):
        if item.completed and item.completed > today:
            warn(("items", i, "completed"), t("completed_in_future", date=numeric(item.completed),
                                              today=numeric(today)))
        if item.completed and item.deadline and \
                abs((item.completed - item.deadline).days) > 366:
            warn(("items", i, "completed"), t("completed_far", deadline=numeric(item.deadline)))
        if item.deadline and analysis and analysis.start and analysis.end and \
                not analysis.start <= item.deadline <= analysis.end:
            warn(("items", i, "deadline"), t("deadline_outside_analysis",
                                             deadline=numeric(item.deadline),
                                             start=numeric(analysis.start),
                                             end=numeric(analysis.end)))
