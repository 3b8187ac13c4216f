"""Cross-file checks: findings against the indicator catalog, the plan's people, groups, items
and directions against each other. Each problem is reported once, at its own line."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.check.files import DirectionFile, FindingsFile, MeasuresFile, PlanFile
from generator.check.messages import suggest
from generator.check.problems import Report
from generator.domain.dates import numeric
from generator.domain.grammar import Num
from generator.domain.model import FindingsDoc, MeasureData, MeasuresApproved, Party
from generator.domain.schema import LANGS, PLACEHOLDERS, TITLED_BY_DEFAULT, Plan, Text, Written
from generator.domain.status import due_dates
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
                               number=finding.indicator, max=Num(max(numbers))))
            if finding.indicator in seen:
                report.error(doc.path, line, t("findings_twice", number=finding.indicator))
            seen.add(finding.indicator)
            if finding.assessment == "risk":
                for key in ("causes", "recommendation"):
                    if getattr(finding, key) is None and \
                            not found.salvage.lacks("findings", i, key):
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
    # Ids and names of entries with errors of their own (left out): naming them elsewhere
    # is not a second problem.
    broken: set[str] = field(default_factory=set)

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
        if normalize_name(ref) in self.broken:
            return None
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
    parties = Parties(broken={normalize_name(text) for text in
                              plan.salvage.texts_dropped(("people",), ("groups",))})
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
        if commission is None and normalize_name(plan.plan.commission) in parties.broken:
            pass  # the group's own entry has errors
        elif commission is None or not commission.is_group:
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
    check_columns(plan, err)
    seen_numbers: dict[int, int] = {}
    used_directions: dict[str, int] = {}
    responsible: dict[int, list[Party]] = {}
    for i, item in enumerate(items):
        if item.number in seen_numbers:
            err(("items", i, "number"), t("item_duplicate_number", number=item.number,
                                          line=seen_numbers[item.number]))
        seen_numbers.setdefault(item.number, plan.lines.line_of(("items", i, "number")))
        if item.kind == "collect" and item.direction is None and \
                not plan.salvage.lacks("items", i, "direction"):
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
        if item.title is None and item.kind not in TITLED_BY_DEFAULT and \
                not plan.salvage.lacks("items", i, "title"):
            err(("items", i, "kind"), t("item_title_needed", number=item.number, kind=item.kind))
        parts = [written_party(ref) if isinstance(ref, Written)
                 else parties.resolve(ref, ("items", i, "responsible", j), err)
                 for j, ref in enumerate(item.responsible)]
        responsible[item.number] = [p for p in parts if p is not None]
        _check_item_extras(plan, i, err)
    for kind in ("reference", "signing", "agreement"):
        if sum(1 for item in items if item.kind == kind) > 1:
            err(("items",), t("item_kind_twice", kind=kind))
    return responsible


def written_party(text: Written) -> Party:
    """A responsible entry as the plan writes it (a position, a unit, a group's own name): shown
    as written, in the language the plan lacks too (then as written in the other)."""
    return Party("", Text(kk=text["kk"], ru=text["ru"]), written=True, missing=text.missing)


def _check_item_extras(plan: PlanFile, i: int, err: ErrorAt) -> None:
    """The item's extra-column values name the plan's columns; occurrences done belong to a
    recurring deadline and are no more than it has."""
    item = plan.plan.items[i]
    columns = [c.id for c in plan.plan.columns]
    # columns with errors of their own
    broken = {text.casefold() for text in plan.salvage.texts_dropped(("columns",))}
    for cid in item.columns:
        if cid not in columns and cid.casefold() not in broken:
            err(("items", i, "columns", cid), t("item_column_unknown", column=cid,
                                                suggestion=suggest(cid, columns),
                                                options=listing(columns) or "—"))
    done = item.completed_occurrences
    if plan.salvage.lacks("items", i, "deadline"):
        return  # its deadline has errors of its own
    if done and (item.deadline is None or item.deadline.form != "recurring"):
        err(("items", i, "completed_occurrences"), t("occurrences_not_recurring"))
    elif done and len(done) > len(due_dates(item.deadline)):
        err(("items", i, "completed_occurrences"),
            t("occurrences_too_many", done=len(done), total=len(due_dates(item.deadline))))


def check_columns(plan: PlanFile, err: ErrorAt) -> None:
    """Each extra column once."""
    seen: set[str] = set()
    for i, column in enumerate(plan.plan.columns):
        if column.id in seen:
            err(("columns", i, "id"), t("column_duplicate", id=column.id))
        seen.add(column.id)


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
            if direction in broken or measure.origin:
                # broken: its indicators file has errors of its own; origin: a risk of an
                # earlier analysis, checked against it (check/project.py)
                continue
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


# The Typical Rules as the basis names them: «…үлгілік қағидалары» / «Типовые правила…».
_RULES = {"kk": re.compile(r"қағида", re.I), "ru": re.compile(r"правил", re.I)}


def names_rules(basis: list[Text]) -> bool:
    """Does the legal basis cite rules (the Typical Rules of internal analysis)?"""
    return any(_RULES[lang].search(text[lang]) for text in basis for lang in _RULES)


def check_document_facts(plan: Plan, warn: ErrorAt) -> None:
    """What the reference cites and the plan should give: its legal basis naming the Typical
    Rules, the analysed period, the order forming the working group and who is in it (unless
    `not_stated`)."""
    if not plan.legal_basis:
        warn(("legal_basis",) if "legal_basis" in plan.model_fields_set else ("organization",),
             t("basis_empty"))
    elif not names_rules(plan.legal_basis):
        warn(("legal_basis",), t("basis_without_rules"))
    if plan.period is None and "period" not in plan.not_stated:
        warn(("organization",), t("analysis_period_missing"))
    if (plan.analysis is None or plan.analysis.order is None) and "order" not in plan.not_stated:
        warn(("analysis",) if plan.analysis else ("organization",), t("group_order_missing"))
    if plan.working_group is None and "working_group" not in plan.not_stated:
        warn(("organization",), t("working_group_missing"))


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
    check_document_facts(plan.plan, warn)
    items = plan.plan.items
    if not any(item.deadline for item in items) and not plan.salvage.failed:
        warn(("items",), t("no_deadlines"))
    analysis = plan.plan.analysis
    for i, item in enumerate(items):
        # A one-time deadline's due date (a period's end); a recurring one is checked by its
        # occurrences' own dates, not against the analysis.
        dues = due_dates(item.deadline)
        due = dues[-1] if dues and item.deadline and item.deadline.form != "recurring" else None
        if item.completed and item.completed > today:
            warn(("items", i, "completed"), t("completed_in_future", date=numeric(item.completed),
                                              today=numeric(today)))
        for j, day in enumerate(item.completed_occurrences):
            if day > today:
                warn(("items", i, "completed_occurrences", j),
                     t("completed_in_future", date=numeric(day), today=numeric(today)))
        if item.completed and due and abs((item.completed - due).days) > 366:
            warn(("items", i, "completed"), t("completed_far", deadline=numeric(due)))
        # The analysis itself (collecting, the reference, its signing and agreement) falls in
        # its dates; an order comes before it, publication and measures after it.
        if due and analysis and analysis.start and analysis.end and \
                item.kind in ("collect", "reference", "signing", "agreement") and \
                not analysis.start <= due <= analysis.end:
            warn(("items", i, "deadline"), t("deadline_outside_analysis",
                                             deadline=numeric(due),
                                             start=numeric(analysis.start),
                                             end=numeric(analysis.end)))
        for j, ref in enumerate(item.responsible):
            if isinstance(ref, Written) and ref.missing:
                warn(("items", i, "responsible", j), _missing(ref.missing))
        for cid, value in item.columns.items():
            if value.missing:
                warn(("items", i, "columns", cid), _missing(value.missing))


def _missing(lang: str) -> str:
    assert lang in LANGS
    return t("written_missing_language", language=t(f"lang_{lang}"))


_ID_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_measures_approval(measures: MeasuresFile | None, parties: Parties, report: Report,
                            current: bool = True) -> MeasuresApproved | None:
    """Who approved the plan of measures and when: a person of plan.yaml or a name as written
    (an id that names no one is an error). A plan of measures without its approval, or with a
    part of it missing, is warned about in the current analysis (a closed one is a record as it
    was); nothing is filled in for what is missing."""
    if measures is None or not measures.plan.measures and measures.plan.approval is None:
        return None
    approval = measures.plan.approval

    def warn(loc: Loc, message: str) -> None:
        if current:
            report.warning(measures.path, measures.lines.line_of(loc), message)

    if approval is None:
        warn(("measures",), t("measures_approval_missing"))
        return None

    def err(loc: Loc, message: str) -> None:
        report.error(measures.path, measures.lines.line_of(loc), message)

    person = None
    if approval.person is not None:
        known = parties.by_id.get(approval.person) or parties.by_id.get(
            parties.by_name.get(normalize_name(approval.person), ""))
        if known is not None and not known.is_group:
            person = known
        elif _ID_LIKE.match(approval.person):
            person = parties.resolve(approval.person, ("approval", "person"), err, groups=False)
        else:
            name = approval.person.strip()
            person = Party("", Text(kk=name, ru=name), written=True)
    missing = [part for part, value in (("position", approval.position),
                                        ("person", approval.person), ("date", approval.date))
               if value is None]
    if missing:
        warn(("approval",), t("measures_approval_incomplete", parts=", ".join(missing)))
    return MeasuresApproved(approval.position, person, approval.date)
