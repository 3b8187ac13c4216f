"""The check stage's entry: read and check everything under a portal folder, and build the
validated `Project` when there are no errors. Every problem is reported, not just the first."""

from __future__ import annotations

from pathlib import Path

from generator.check.files import (
    check_templates,
    load_content,
    load_directions,
    load_measures,
    load_plan,
    load_site_config,
)
from generator.check.problems import Report
from generator.check.references import (
    check_commission,
    check_finding_people,
    check_findings,
    check_groups,
    check_items,
    check_measures,
    check_parties,
    check_plausibility,
    check_working_group,
    error_at,
    warning_at,
)
from generator.domain.model import DirectionData, Project
from generator.domain.status import today_in
from generator.messages import t


def load_project(root: Path, report: Report) -> Project | None:
    plan = load_plan(root, report)
    broken: set[str] = set()  # directions whose own file has errors
    directions = load_directions(root, report, broken)
    content = load_content(root, report)
    check_templates(root, report)
    site = load_site_config(root, report)
    measures_file = load_measures(root, report)
    if directions is None:
        return None
    by_direction = check_findings(directions, content.findings, report, broken)
    if plan is None:
        return None
    err = error_at(plan, report)
    parties = check_parties(plan, err)
    approver = parties.resolve(plan.plan.approval.person, ("approval", "person"), err,
                               groups=False)
    check_groups(plan, parties, err)
    commission, members = check_commission(plan, parties, err)
    working_group = check_working_group(plan, parties, err)
    finding_people = check_finding_people(content.findings, parties, report)
    if plan.plan.period and plan.plan.period.end < plan.plan.period.start:
        err(("period", "end"), t("period_reversed"))
    responsible = check_items(plan, [d.id for d in directions], parties, err, broken)
    check_plausibility(plan, today_in(plan.plan.settings.timezone), warning_at(plan, report))
    measures = check_measures(measures_file, directions, by_direction, parties, report,
                              broken | content.broken_findings)
    if report.errors or approver is None:
        return None
    return Project(
        root=root,
        plan=plan.plan,
        directions=[DirectionData(d.id, d.spec, by_direction.get(d.id))
                    for d in sorted(directions, key=lambda d: d.spec.number)],
        responsible=responsible,
        approver=approver,
        commission=commission,
        commission_members=members,
        pages=sorted(content.pages, key=lambda p: (p.meta.order, p.slug)),
        prose=content.prose,
        declared_working_group=working_group,
        finding_responsible=finding_people,
        site=site,
        measures=measures,
    )
