"""The plan of measures (measures.yaml) and the risk map in the documents (issue 10): checked
at its lines, filtered for the public build, and carried into every output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import icalendar

from tests.conftest import DEMO, copy_portal, run_adal


def test_each_wrong_measure_is_reported_at_its_line(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "measures.yaml"
    text = path.read_text("utf-8")
    text = text.replace("risks: [personnel/2]", "risks: [personnel/3]", 1)  # assessed no-risk
    text = text.replace("risks: [contracts/1]", "risks: [contract/1]", 1)
    text = text.replace("responsible: [secretary]", "responsible: [secretery]", 1)
    text = text.replace("  - number: 4", "  - number: 3", 1)
    path.write_text(text, "utf-8")
    lines = text.split("\n")

    def line_of(fragment: str, start: int = 0) -> int:
        return next(i for i, line in enumerate(lines) if fragment in line and i >= start) + 1

    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1
    err = result.stderr
    assert (f"measures.yaml:{line_of('personnel/3')}: 'personnel/3' is not an identified "
            f"risk") in err, err
    assert f"measures.yaml:{line_of('contract/1')}: " in err and \
        "unknown direction 'contract' (did you mean 'contracts'?)" in err
    assert f"measures.yaml:{line_of('secretery')}: " in err and \
        "unknown person or group 'secretery' (did you mean 'secretary'?)" in err
    first = line_of("- number: 3")
    second = line_of("- number: 3", first)
    assert f"measures.yaml:{second}: duplicate measure number 3 (also at line {first})" in err


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_public_build_keeps_only_public_measures_of_published_risks(
        demo_public: Path, demo_intranet: Path) -> None:
    public = json.loads((demo_public / "data" / "plan.json").read_text("utf-8"))
    intranet = json.loads((demo_intranet / "data" / "plan.json").read_text("utf-8"))
    assert [m["number"] for m in intranet["measures"]] == [1, 2, 3, 4, 5, 6]
    assert [m["number"] for m in public["measures"]] == [1, 2, 3, 4]
    assert public["measures_withheld"] == 2 and intranet["measures_withheld"] == 0
    assert [m["status"] for m in intranet["measures"]] == [
        "done", "due-soon", "done-late", "overdue", "done", "upcoming"]
    rows = _csv(demo_public / "data" / "measures-ru.csv")
    assert rows[0][0] == "№" and [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
    assert rows[1][6] == "Приказ заведующей от 10 января 2025 года № 3"  # evidence
    page = (demo_public / "kk" / "measures" / "index.html").read_text("utf-8")
    assert "Жарияланбайтын іс-шаралар саны: 2" in page
    # Measure 3's own note stays internal.
    assert "13 қаңтарда ғана" not in page
    assert "13 қаңтарда ғана" in (demo_intranet / "kk" / "measures" / "index.html").read_text(
        "utf-8")


def test_measures_are_calendar_events_with_stable_uids(demo_intranet: Path) -> None:
    cal = icalendar.Calendar.from_ical((demo_intranet / "data" / "deadlines-ru.ics").read_bytes())
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    measures = [u for u in uids if "-measure-" in u]
    assert len(measures) == 6 and all(u.endswith("-ru@adal") for u in measures)
    assert any(u.endswith("-measure-4-ru@adal") for u in measures)


def test_the_risk_map_is_in_both_documents(demo_intranet: Path) -> None:
    document = docx.Document(str(demo_intranet / "data" / "analytical-reference-kk.docx"))
    grid = next(t for t in document.tables if "Әсері" in t.rows[0].cells[0].text)
    counts = {(int(row.cells[0].text), i): int(cell.text)
              for row in grid.rows[1:] for i, cell in enumerate(row.cells[1:], start=1)
              if cell.text}
    assert counts == {(4, 3): 1, (3, 4): 1, (2, 4): 1}
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Тәуекелдер картасы" in headings
    import subprocess

    text = subprocess.run(["pdftotext", "-layout",
                           str(demo_intranet / "data" / "analytical-reference-ru.pdf"), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    assert "Карта рисков" in text
    assert "Рисков без оценки вероятности и влияния: 1" in " ".join(text.split())


def test_status_lists_the_measures(tmp_path: Path) -> None:
    result = run_adal("status", "--project", str(DEMO), "--measures", "--format", "json",
                      "--today", "2025-01-25")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(m["number"], m["status"]) for m in data] == [
        (1, "done"), (2, "overdue"), (3, "done-late"), (4, "overdue"), (5, "done"),
        (6, "upcoming")]


def test_the_spreadsheet_has_dates_filters_and_a_frozen_header(demo_intranet: Path) -> None:
    import datetime

    import openpyxl

    book = openpyxl.load_workbook(demo_intranet / "data" / "plan-ru.xlsx")
    assert book.sheetnames == ["План работы", "Реестр рисков", "Мероприятия"]
    plan, risks, measures = (book[name] for name in book.sheetnames)
    for sheet in (plan, risks, measures):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        assert all(c.font.bold for c in sheet[1])
    assert plan["A2"].value == 1 and plan["D2"].value == datetime.datetime(2025, 1, 6)
    assert plan["D2"].number_format == "DD.MM.YYYY"
    assert plan.max_row == 18 and risks.max_row == 5 and measures.max_row == 7  # 17 items
    assert 20 < plan.column_dimensions["B"].width <= 62  # the work column: wide, wrapped
    assert measures["H3"].value == "Срок истекает"


def test_a_formula_in_a_text_stays_text_in_the_spreadsheet(tmp_path: Path) -> None:
    import openpyxl

    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "measures.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "ru: Утвердить правила отбора кадров", "ru: '=HYPERLINK(\"http://x\",\"y\")'"), "utf-8")
    result = run_adal("build", "--project", str(root), "--no-pdf", "--today", "2025-01-15")
    assert result.returncode == 0, result.stderr
    cell = openpyxl.load_workbook(root / "site" / "data" / "plan-ru.xlsx")["Мероприятия"]["B2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def test_a_broken_findings_file_gives_its_own_problem_only(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "content" / "findings" / "personnel.md"
    path.write_text(path.read_text("utf-8").replace("likelihood: 3", "likelihood: 9"), "utf-8")
    result = run_adal("check", "--project", str(root))
    problems = [line for line in result.stderr.splitlines() if not line.startswith("adal")]
    assert len(problems) == 1 and problems[0].startswith("content/findings/personnel.md:"), \
        result.stderr


def test_a_direction_page_lists_each_risks_measures_and_whether_it_is_addressed(
        demo_public: Path, demo_intranet: Path) -> None:
    import re

    def states(site: Path) -> list[str]:
        page = (site / "kk" / "directions" / "contracts" / "index.html").read_text("utf-8")
        return re.findall(r'adal-state adal-state--(\w+)"', page)

    assert states(demo_intranet) == ["open", "addressed"]  # indicator 1: №3, №4; 2: №5 done
    assert states(demo_public) == ["open"]  # indicator 2 and its measure are internal
