"""The check stage's entry: read and check everything under a portal folder, and build the
validated `Project` when there are no errors. Every problem is reported, not just the first."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator import collector
from generator.check.files import (
    check_templates,
    load_content,
    load_directions,
    load_measures,
    load_plan,
    load_site_config,
)
from generator.check.outputs import check_outputs
from generator.check.problems import Report
from generator.check.references import (
    check_commission,
    check_finding_people,
    check_findings,
    check_groups,
    check_items,
    check_measures,
    check_measures_approval,
    check_parties,
    check_plausibility,
    check_working_group,
    error_at,
    warning_at,
)
from generator.check.spelling import start_spelling
from generator.check.strings import load_strings
from generator.check.titles import check_titles
from generator.check.years import analysis_folders, check_closed
from generator.domain.clock import today_in
from generator.domain.model import Analysis, DirectionData, Project
from generator.domain.schema import SiteConfig
from generator.messages import t
from generator.source.layout import DATA_PATHS
from generator.source.yamlload import parsing_once


def load_project(root: Path, report: Report, spelling: bool = False,
                 today: date | None = None) -> Project | None:
    """The portal at `root`: its current analysis (at the root) with its earlier ones
    (analyses/<id>/, each checked as an analysis of its own). In a portal of several
    analyses every problem in an analysis's files names that analysis.
    `spelling`: also note likely misspellings (`adal check` only; check/spelling.py).
    `today`: the run's day (--today); the clock in the plan's time zone only without it."""
    with collector.paused():
        return _load_project(root, report, spelling, today)


def _load_project(root: Path, report: Report, spelling: bool,
                  today: date | None) -> Project | None:
    start = len(report.problems)
    labels: list[str] = []
    current = _load_analysis(root, report, spelling=spelling, portal=True, labels=labels,
                             today=today)
    folders = analysis_folders(root, report)
    if not folders:
        return current
    label = labels[0] if labels else ""
    data = tuple(f"{p}/" if (root / p).is_dir() else p for p in DATA_PATHS)
    report.problems[start:] = [
        replace(p, analysis=label or t("analysis_current")) if p.path.startswith(data) else p
        for p in report.problems[start:]]
    earlier = []
    for folder in folders:
        start = len(report.problems)
        analysis = _load_analysis(folder, report, spelling=spelling, portal=False,
                                  today=today)
        closed, edited = check_closed(folder, report)
        report.problems[start:] = [replace(p, analysis=folder.name)
                                   for p in report.problems[start:]]
        if analysis is not None and current is not None:
            # The look and the interface strings are the portal's, once for every analysis.
            earlier.append(Analysis(folder.name, replace(analysis, site=current.site,
                                                         strings=current.strings), closed,
                                    edited=edited))
    if current is None or len(earlier) < len(folders):
        return None
    check_origins(current, {a.id: a.project for a in earlier}, report)
    if report.errors:
        return None
    current.earlier = earlier
    return current


def check_origins(current: Project, earlier: dict[str, Project], report: Report) -> None:
    """A measure carried over from an earlier analysis names that analysis and risks
    identified there."""
    path = current.root / "measures.yaml"
    for m in current.measures:
        origin = m.measure.origin
        if origin is None:
            continue
        line = measure_line(path, m.measure.number)
        source = earlier.get(origin)
        if source is None:
            report.error(path, line, t("measure_origin_unknown", number=m.measure.number,
                                       origin=origin, options=", ".join(sorted(earlier))))
            continue
        for direction_id, indicator in m.risks:
            direction = source.direction(direction_id)
            finding = direction.finding(indicator) if direction else None
            if finding is None or finding.assessment != "risk":
                report.error(path, line, t("measure_origin_not_a_risk", origin=origin,
                                           ref=f"{direction_id}/{indicator}"))


def measure_line(path: Path, number: int) -> int:
    """The line of a measure's `number:` in measures.yaml (1 when not found)."""
    try:
        lines = path.read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^\s*-?\s*{{?\s*number:\s*{number}\b")
    return next((n for n, text in enumerate(lines, start=1) if pattern.match(text)), 1)


def _load_analysis(root: Path, report: Report, spelling: bool, portal: bool,
                   labels: list[str] | None = None, today: date | None = None
                   ) -> Project | None:
    """One analysis's files; `portal`: also the portal's own (the look, templates, strings,
    outputs), which only its root has. The analysis's name (`Project.label`) goes into
    `labels` as soon as its plan is read, errors or not. Each YAML text is parsed once: a
    text the check reads twice, and the spelling notes where they run in-process (no second
    core: check/apart.py), get its first parse (kept only for `adal check`: a build's check
    lets each parse go as soon as it can)."""
    with parsing_once() if spelling else nullcontext():
        # The spelling notes read the files themselves, beside the rest (check/apart.py).
        spelling_notes = start_spelling(root, report) if spelling else None
        try:
            return _load_analysis_files(root, report, portal, labels, today, spelling_notes)
        finally:
            if spelling_notes is not None:
                spelling_notes(False)  # the check gave up before them: let them go


def _load_analysis_files(root: Path, report: Report, portal: bool, labels: list[str] | None,
                         today: date | None, spelling_notes: Callable[[bool], None] | None
                         ) -> Project | None:
    plan = load_plan(root, report)
    if plan is not None and labels is not None and plan.plan.period:
        labels.append(str(plan.plan.period.start.year))
    broken: set[str] = set()  # directions whose own file has errors
    directions = load_directions(root, report, broken)
    content = load_content(root, report)
    if portal:
        check_templates(root, report)
        check_outputs(root, report)
    site = load_site_config(root, report) if portal else SiteConfig()
    strings = load_strings(root, report) if portal else {}
    measures_file = load_measures(root, report)
    if spelling_notes is not None:
        spelling_notes(True)
    if directions is None:
        return None
    by_direction = check_findings(directions, content.findings, report, broken)
    if plan is None:
        return None
    check_titles(plan, report)
    err = error_at(plan, report)
    parties = check_parties(plan, err)
    # Who signed the approval; a plan approved by an order names no one (`by`, `order`).
    approval = None if plan.salvage.lacks("approval") else plan.plan.approval
    approver = None if approval is None or approval.person is None else parties.resolve(
        approval.person, ("approval", "person"), err, groups=False)
    check_groups(plan, parties, err)
    commission, members = check_commission(plan, parties, err)
    working_group = check_working_group(plan, parties, err)
    finding_people = check_finding_people(content.findings, parties, report)
    if plan.plan.period and plan.plan.period.end < plan.plan.period.start:
        err(("period", "end"), t("period_reversed"))
    responsible = check_items(plan, [d.id for d in directions], parties, err, broken)
    day = today or today_in(plan.plan.settings.timezone)
    if today is None:  # the clock's day, kept with the result (check/result.py)
        report.days[plan.plan.settings.timezone] = day.isoformat()
    check_plausibility(plan, day, warning_at(plan, report))
    measures = check_measures(measures_file, directions, by_direction, parties, report,
                              broken | content.broken_findings)
    measures_approval = check_measures_approval(measures_file, parties, report, current=portal)
    if report.errors or approval is None or approver is None and not approval.by_order:
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
        measures_approval=measures_approval,
        strings=strings,
    )
