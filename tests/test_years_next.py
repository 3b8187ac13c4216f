"""Issue 18: `adal next-analysis` closes the current analysis into analyses/<id>/ and starts
the next one at the root; a later edit of the closed one is flagged by `adal check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.nextyear import moved, next_deadline, next_measures, next_plan
from tests.conftest import DEMO, copy_portal, run_adal


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(DEMO, tmp_path_factory.mktemp("next") / "portal")
    result = run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01")
    assert result.returncode == 0, result.stderr
    assert "analyses/2024/" in result.stdout
    return root


def test_previous_analysis_is_kept_whole_and_closed(started: Path) -> None:
    closed = started / "analyses" / "2024"
    for name in ("plan.yaml", "measures.yaml", "indicators/budget.yaml",
                 "content/findings/personnel.md"):
        assert (closed / name).read_bytes() == (DEMO / name).read_bytes(), name
    record = yaml.safe_load((closed / "closed.yaml").read_text("utf-8"))
    assert record["closed"] == "2025-03-01" and "plan.yaml" in record["files"]


def test_next_plan_moves_dates_and_clears_statuses(started: Path) -> None:
    plan = yaml.safe_load((started / "plan.yaml").read_text("utf-8"))
    assert str(plan["period"]["start"]) == "2025-01-01"
    assert "reference" not in plan and "date" not in plan["approval"]
    assert "order" not in plan["analysis"]
    assert all("completed" not in item for item in plan["items"])
    first = next(i for i in plan["items"] if i["number"] == 1)
    assert str(first["deadline"]) == "2026-01-06"
    assert [p["id"] for p in plan["people"]] == ["head", "accountant", "secretary", "member"]
    assert not any((started / "content" / "findings").iterdir())  # no assessments yet
    assert (started / "indicators" / "budget.yaml").is_file()  # directions carried over


def test_open_measures_carried_over_with_origin(started: Path) -> None:
    before = yaml.safe_load((DEMO / "measures.yaml").read_text("utf-8"))["measures"]
    after = yaml.safe_load((started / "measures.yaml").read_text("utf-8"))["measures"]
    assert [m["number"] for m in after] == [m["number"] for m in before if not m.get("completed")]
    assert all(m["origin"] == "2024" for m in after)
    assert after[0]["risks"] == next(m for m in before if m["number"] == after[0]["number"])["risks"]


def test_started_portal_checks_and_builds(started: Path, tmp_path: Path) -> None:
    check = run_adal("check", "--project", str(started))
    assert check.returncode == 0, check.stderr
    built = run_adal("build", "--project", str(started), "--today", "2025-03-01", "--no-pdf",
                     "--strict", "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    measures = (tmp_path / "site" / "ru" / "measures" / "index.html").read_text("utf-8")
    assert "перенесена из анализа 2024 года" in measures
    assert (tmp_path / "site" / "kk" / "2024" / "reference" / "index.html").is_file()


def test_edit_of_a_closed_analysis_is_flagged(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    assert run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01"
                    ).returncode == 0
    plan = root / "analyses" / "2024" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("Әдіскер", "Әдіскер-ұйымдастырушы"),
                    "utf-8")
    result = run_adal("check", "--project", str(root), "--strict")
    assert result.returncode == 1
    assert "analyses/2024/plan.yaml:1: warning: The analysis 2024 was closed on 01.03.2025" \
        in result.stderr


def test_second_start_gets_the_next_year(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    for _ in range(2):
        result = run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01")
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "analyses").iterdir()) == ["2024", "2025"]
    assert run_adal("check", "--project", str(root)).returncode == 0


def test_measure_with_unknown_origin_is_reported(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    assert run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01"
                    ).returncode == 0
    measures = root / "measures.yaml"
    measures.write_text(measures.read_text("utf-8").replace("origin: '2024'",
                                                            "origin: '2019'", 1), "utf-8")
    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1
    assert "measures.yaml:" in result.stderr and "2019" in result.stderr


def test_rules_are_pure() -> None:
    assert str(moved("10.01.2025.")) == "2026-01-10"
    assert str(moved("29.02.2024")) == "2025-02-28"
    assert moved(2025) == 2026 and moved("text") == "text"
    assert next_deadline({"throughout": 2025, "as_written": {"kk": "Жыл бойы",
                                                            "ru": "В течение года"}}) == {
        "throughout": 2026, "as_written": {"kk": "Жыл бойы", "ru": "В течение года"}}
    assert "as_written" not in next_deadline({"date": "13.02.2025", "as_written": {
        "kk": "2025 жылғы 13 ақпанға дейін", "ru": "до 13 февраля 2025 года"}})
    assert next_plan({"items": [{"number": 1, "completed": "2025-01-01"}]}) == {
        "items": [{"number": 1}]}
    assert next_measures({"measures": [{"number": 1, "completed": "x"},
                                       {"number": 2, "origin": "2023"}, {"number": 3}]},
                         "2024")["measures"] == [{"number": 2, "origin": "2023"},
                                                 {"number": 3, "origin": "2024"}]


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's analysis of 2024, then 2025 (measure 2 of 2024 done there) and 2026
    (measure 4 of 2024 still open): issue 18's acceptance portal, made the way a user would."""
    root = copy_portal(DEMO, tmp_path_factory.mktemp("three") / "portal")
    assert run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01"
                    ).returncode == 0
    measures = root / "measures.yaml"
    text = measures.read_text("utf-8")
    start = text.index("- number: 2\n")
    text = text[:start] + text[start:].replace("  origin: '2024'\n",
                                               "  origin: '2024'\n  completed: 2025-06-01\n", 1)
    measures.write_text(text, "utf-8")
    result = run_adal("next-analysis", "--project", str(root), "--today", "2026-03-01")
    assert result.returncode == 0, result.stderr
    out = tmp_path_factory.mktemp("three-site") / "site"
    built = run_adal("build", "--project", str(root), "--today", "2026-03-01", "--no-pdf",
                     "--out", str(out))
    assert built.returncode == 0, built.stderr
    return out


def test_three_years_trend_counts(three_years: Path) -> None:
    data = json.loads((three_years / "data" / "all-years.json").read_text("utf-8"))
    assert [a["id"] for a in data["analyses"]] == ["2024", "2025", "2026"]
    cells = {(t["analysis"], t["direction"]): (t["risks_found"], t["risks_closed"])
             for t in data["trend"]}
    # 2024: personnel/2 closed by measures 1 and 2 (2 done in 2025); contracts: 2 risks,
    # one closed, the other's measure 4 still open in 2026; budget/10's measure 6 open.
    assert cells[("2024", "personnel")] == (1, 1)
    assert cells[("2024", "contracts")] == (2, 1)
    assert cells[("2024", "budget")] == (1, 0)
    assert cells[("2025", "personnel")] == (0, 0)
    schema = json.loads((three_years / "data" / "all-years.schema.json").read_text("utf-8"))
    assert "analyses" in schema["properties"]
    for lang in ("kk", "ru"):
        assert (three_years / "data" / f"all-years-{lang}.xlsx").stat().st_size > 0
        csv = (three_years / "data" / f"all-years-{lang}.csv").read_text("utf-8-sig")
        assert csv.count("\n") == 1 + len(data["trend"])
    home = (three_years / "ru" / "index.html").read_text("utf-8")
    table = home.split('adal-trend-table', 1)[1].split("</table>", 1)[0]
    assert "выявлено 1, закрыто 1" in table and "<svg" in home.split('adal-trend-table')[0]


def test_three_years_carried_measure_shows_origin_and_age(three_years: Path) -> None:
    page = (three_years / "ru" / "measures" / "index.html").read_text("utf-8")
    assert "Мера № 4 перенесена из анализа 2024 года, не выполнена 2 года" in page
    assert "Мера № 2 перенесена" not in page  # done in 2025: not carried into 2026
    for year in ("2024", "2025"):
        for lang in ("kk", "ru"):
            assert (three_years / lang / year / "measures" / "index.html").is_file()
            assert (three_years / year / "data" / f"analytical-reference-{lang}.docx").is_file()


def test_changes_page_lists_edits_of_a_closed_analysis(tmp_path: Path) -> None:
    import subprocess

    root = copy_portal(DEMO, tmp_path / "portal")
    assert run_adal("next-analysis", "--project", str(root), "--today", "2025-03-01"
                    ).returncode == 0
    plan = root / "analyses" / "2024" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("Әдіскер", "Әдіскер-ұйымдастырушы"),
                    "utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    for public, out in ((False, "int"), (True, "pub")):
        built = run_adal("build", "--project", str(root), "--today", "2025-03-01", "--no-pdf",
                         "--out", str(tmp_path / out), *(["--public"] if public else []))
        assert built.returncode == 0, built.stderr
        page = (tmp_path / out / "ru" / "changes" / "index.html").read_text("utf-8")
        assert "Анализ 2024 закрыт 01.03.2025, изменено после закрытия файлов: 1" in page
        assert ("analyses/2024/plan.yaml" in page) is not public


def test_new_files_write_dates_as_people_do(started: Path) -> None:
    """Dates carried over unchanged are written unquoted (`deadline: 2025-01-20`), as the
    plan's moved ones are, not as quoted text."""
    for name in ("measures.yaml", "plan.yaml"):
        text = (started / name).read_text("utf-8")
        assert not re.search(r"'\d{4}-\d{2}-\d{2}'", text), name
    assert "deadline: 2025-01-20\n" in (started / "measures.yaml").read_text("utf-8")
