"""`adal region` and `adal init --region`, as the command line runs them: messages printed,
an exit code returned (0 built, 1 problems in region.yaml or a failed build, 2 usage)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from generator.check.problems import Report
from generator.domain.clock import today_in
from generator.domain.grammar import Num
from generator.errors import BuildError, UsageError
from generator.messages import t
from generator.region.config import FILE
from generator.region.rollup import RollUp

# Reasons' messages (one per reason, with the detail the reader found).
_REASONS = {"missing": "region_reason_missing", "stale": "region_reason_stale",
            "invalid": "region_reason_invalid", "unknown-version": "region_reason_unknown_version",
            "not-public": "region_reason_not_public", "too-big": "region_reason_too_big",
            "other-year": "region_reason_other_year"}
# A region member's: the file is its region.json.
_REGION_REASONS = {**_REASONS, "missing": "region_reason_region_missing",
                   "invalid": "region_reason_region_invalid",
                   "too-big": "region_reason_region_too_big"}


def init_region(target: Path) -> int:
    from generator.region.init import new_region

    if target.exists() and any(target.iterdir()):
        raise UsageError(t("init_not_empty", dir=target))
    new_region(target)
    print(t("region_init_done", dir=target))
    return 0


def _report_unused(roll: RollUp, report: Report) -> None:
    for row in roll.rows:
        if row.reason in _REASONS:
            region = row.member.is_region
            reasons = _REGION_REASONS if region else _REASONS
            report.warning(report.root / FILE, row.member.line, t(
                "region_region_not_used" if region else "region_org_not_used", id=row.id,
                folder=row.member.org.data, reason=t(reasons[row.reason], detail=row.detail)))


def region_command(root: Path, today: date | None, out: Path | None) -> int:
    from generator.region.build import build_region

    path = root / FILE
    if not path.is_file():
        raise UsageError(t("region_no_file", dir=root.absolute()))
    report = Report(root)
    try:
        outcome = build_region(path, today or today_in("Asia/Almaty"), out, report,
                               on_read=lambda roll: _report_unused(roll, report))
    except BuildError as exc:
        print(t("cli_build_failed", error=exc), file=sys.stderr)
        print(t("cli_previous_kept"), file=sys.stderr)
        return 1
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if outcome is None:
        return 1
    for warning in outcome.warnings:
        print(t("cli_warning", message=warning), file=sys.stderr)
    states = outcome.roll.total.states
    print(t("region_built", out=outcome.out, total=Num(outcome.roll.total.orgs),
            published=Num(states["published"]), late=Num(states["late"]),
            not_yet=Num(states["not-yet"]), no_data=Num(states["no-data"])))
    return 0
