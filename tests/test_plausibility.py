"""Warnings for data that is possible but probably a mistake (issue 11, item 3)."""

from __future__ import annotations

from pathlib import Path

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, copy_portal


def warnings_of(root: Path) -> list[str]:
    report = Report(root)
    load_project(root, report)
    assert not report.errors, report.errors
    return [p.format() for p in report.warnings]


def test_implausible_dates_are_warned_at_their_line(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = (root / "plan.yaml").read_text("utf-8")
    plan = plan.replace("deadline: 06.01.2025, completed: 2025-01-05",
                        "deadline: 06.01.2025, completed: 2999-01-05")  # after today
    plan = plan.replace("deadline: 10.01.2025., completed: 2025-01-13",
                        "deadline: 10.01.2025., completed: 2027-01-13")  # years late
    plan = plan.replace("deadline: 2025-01-14, responsible: [head]}",
                        "deadline: 2025-03-14, responsible: [head]}")  # after the analysis
    (root / "plan.yaml").write_text(plan, "utf-8")
    lines = plan.splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    found = warnings_of(root)
    assert any(w.startswith(f"plan.yaml:{line_of('2999-01-05')}: ") and "after today" in w
               for w in found), found
    assert any(w.startswith(f"plan.yaml:{line_of('2027-01-13')}: ") and "more than a year" in w
               for w in found), found
    assert any(w.startswith(f"plan.yaml:{line_of('2025-03-14')}: ") and "analysis dates" in w
               for w in found), found


def test_the_example_and_the_bundled_plan_have_no_warning(tmp_path: Path) -> None:
    assert warnings_of(copy_portal(DEMO, tmp_path / "portal")) == []
