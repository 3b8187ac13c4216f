"""Issue 18, the command line: `adal check --today` checks against that day (no clock read
when it is given), `adal status --analysis` gives an earlier analysis (the current one by
default), each on the three-analysis demo (examples/demo-years)."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO, run_adal

DEMO_YEARS = REPO / "examples" / "demo-years"
PACKAGE = REPO / "generator"


def test_check_honours_today() -> None:
    ok = run_adal("check", "--project", str(DEMO_YEARS), "--today", "2027-02-10")
    assert ok.returncode == 0 and "0 errors, 0 warnings" in ok.stdout, ok.stderr
    # A day before the items of 2026 were done: each is named against that day, not the clock.
    early = run_adal("check", "--project", str(DEMO_YEARS), "--today", "2026-12-01")
    warned = [line for line in early.stderr.splitlines() if "after today (01.12.2026)" in line]
    assert len(warned) >= 5 and all(line.endswith("[analysis 2026]") for line in warned)
    bad = run_adal("check", "--project", str(DEMO_YEARS), "--today", "10.02.2027x")
    assert bad.returncode == 2 and "--today" in bad.stderr


def test_the_clock_is_read_in_one_place_only() -> None:
    """`domain.clock.today_in` reads the clock; every caller passes the run's --today first."""
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if re.search(r"\b(date|datetime)\.(today|now|utcnow)\(|\btime\.time\(", line):
                readers.append(f"{path.relative_to(REPO)}:{n}")
            if "today_in(" in line and "def today_in" not in line:
                assert re.search(r"\btoday or today_in\(|given_today or today_in\(", line), (
                    f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert readers == ["generator/domain/clock.py:13"]


def _status(*args: str) -> list[dict]:
    result = run_adal("status", "--project", str(DEMO_YEARS), "--today", "2027-02-10",
                      "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_of_an_earlier_analysis() -> None:
    now = {r["number"]: r for r in _status("--measures")}
    assert now == {r["number"]: r for r in _status("--measures", "--analysis", "2026")}
    then = {r["number"]: r for r in _status("--measures", "--analysis", "2024")}
    assert sorted(then) == [1, 2, 3, 4, 5, 6] and sorted(now) == [4, 7, 8]
    # Measure 2 of 2024, carried over and done in 2025: done as of its latest state.
    assert then[2]["completed"] == "2025-04-10" and then[2]["status"] == "done-late"
    assert then[4]["status"] == now[4]["status"] == "overdue"  # still open in 2026
    items = _status("--analysis", "2025")
    assert items[0]["deadline"].startswith("2026-")  # the plan of the analysis of 2025
    table = run_adal("status", "--project", str(DEMO_YEARS), "--today", "2027-02-10",
                     "--analysis", "2025", env={"ADAL_LANG": "ru"})
    assert table.stdout.startswith("Анализ: 2025\n"), table.stdout[:80]


def test_status_names_the_analyses_it_has() -> None:
    result = run_adal("status", "--project", str(DEMO_YEARS), "--analysis", "2019")
    assert result.returncode == 2
    assert "--analysis 2019" in result.stderr and "2024, 2025, 2026" in result.stderr
