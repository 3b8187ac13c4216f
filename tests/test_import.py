"""`adal import` (issue 12): a Word plan becomes a portal. Built with python-docx from the seed
(Word's automatic numbering in item 2, a Latin letter in a name, rows continued across pages,
the header repeated), the imported portal's status equals the bundled portal's item for item
and its Kazakh indicator texts are the approved wording."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import yaml

from tests.conftest import REPO, run_adal
from tests.plan_docx import russian_docx, seed_docx

FIELDS = ("number", "kind", "direction", "deadline", "completed", "responsible", "indicators",
          "status")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("import")
    result = run_adal("import", str(seed_docx(tmp)), "--into", str(tmp / "portal"))
    assert result.returncode == 0, result.stderr
    return tmp / "portal"


def _status(root: Path) -> list[dict]:
    result = run_adal("status", "--project", str(root), "--today", "2025-01-15", "--format",
                      "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_seed_imports_into_the_bundled_portals_plan(imported: Path) -> None:
    mine, bundled = _status(imported), _status(REPO)
    assert [{k: i[k] for k in FIELDS} for i in mine] == \
        [{k: i[k] for k in FIELDS} for i in bundled]
    assert [i["indicators"] for i in mine][:9] == [15, 7, 8, 5, 17, 16, 10, 9, 4]
    check = run_adal("check", "--project", str(imported))
    assert check.returncode == 0, check.stderr


def test_kazakh_indicator_texts_are_the_approved_wording(imported: Path) -> None:
    for path in sorted((REPO / "indicators").glob("*.yaml")):
        bundled = yaml.safe_load(path.read_text("utf-8"))
        mine = yaml.safe_load((imported / "indicators" / path.name).read_text("utf-8"))
        assert [(i["number"], i.get("approved") or i["text"]["kk"],
                 i.get("numbered_in_plan", True)) for i in bundled["indicators"]] == \
            [(i["number"], i["text"]["kk"], i.get("numbered_in_plan", True))
             for i in mine["indicators"]], path.name
        assert mine["title"] == bundled["title"]


def test_the_report_names_every_merge_match_and_split(imported: Path) -> None:
    report = (imported / "import-report.md").read_text("utf-8")
    assert "«A.A.Баялиева» = «А.А. Баялиева» (taken as one person)" in report
    assert "«Н.С.Рсалды» = «Н. Рсалды» (taken as one person)" in report
    assert "item 2 → conflict-of-interest" in report and "confidence" in report
    assert "item 7, indicator 9: two indicators of the standard catalog" in report
    assert "item 9: no deadline" in report
    plan = yaml.safe_load((imported / "plan.yaml").read_text("utf-8"))
    rsaldy = next(p for p in plan["people"] if p["name"]["kk"] == "Н.С. Рсалды")
    assert rsaldy["aliases"] == ["Н.Рсалды"]


def test_a_russian_plan_of_another_organization_imports_and_builds(tmp_path: Path) -> None:
    result = run_adal("import", str(russian_docx(tmp_path)), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    root = tmp_path / "p"
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    assert plan["settings"]["languages"] == ["ru", "kk"]
    assert [(i["kind"], i.get("direction"), i.get("deadline")) for i in plan["items"]] == [
        ("collect", "personnel", "2025-01-10"), ("collect", "direction-2", "2025-01-15"),
        ("reference", None, "2025-02-01"), ("agreement", None, "2025-02-10")]
    new = yaml.safe_load((root / "indicators" / "direction-2.yaml").read_text("utf-8"))
    assert new["title"]["ru"] == "Работа с обращениями граждан"
    assert [i["text"]["ru"] for i in new["indicators"]] == [
        "нарушение сроков рассмотрения обращений", "отсутствие журнала регистрации обращений"]
    assert new["translation"] == {"ru": "official", "kk": "missing"}
    personnel = yaml.safe_load((root / "indicators" / "personnel.yaml").read_text("utf-8"))
    assert personnel["indicators"][0]["text"]["kk"] == "конкурстық іріктеуді өткізбей " \
                                                       "лауазымға тағайындау"  # from the catalog
    check = run_adal("check", "--project", str(root))
    assert check.returncode == 0 and "translation: missing" in check.stderr, check.stderr
    built = run_adal("build", "--project", str(root), "--no-pdf", "--today", "2025-01-20")
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "kk" / "directions" / "direction-2" / "index.html").read_text("utf-8")
    assert "қазақша мәтіні әлі жазылмаған" in page


def _no_table(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Бекітемін: жоспар мәтіні кестесіз")
    document.save(str(path))
    return path


def _other_columns(path: Path) -> Path:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Аты", "Телефон", "Email"), strict=True):
        cell.text = text
    document.save(str(path))
    return path


@pytest.mark.parametrize(("make", "expected"), [
    (_no_table, "has no table"),
    (_other_columns, "has other columns (Аты | Телефон | Email)"),
    (lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), p)[1],
     "is password-protected or an old .doc file"),
    (lambda p: (p.write_text("not a document", "utf-8"), p)[1], "is not a Word .docx document"),
])
def test_a_document_that_is_not_a_plan_gets_one_clear_message(tmp_path: Path, make,
                                                               expected: str) -> None:
    document = make(tmp_path / "plan.docx")
    result = run_adal("import", str(document), "--into", str(tmp_path / "portal"))
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "portal").exists()  # nothing half-written


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    """A deadline merged with the responsible cell, and a № cell merged over two rows."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for cell, text in zip(table.rows[0].cells, ("№", "Вид работы", "Срок", "Ответственные"),
                          strict=True):
        cell.text = text
    table.cell(1, 0).text = "1."
    table.cell(1, 1).text = "Подготовка аналитической справки"
    table.cell(1, 2).merge(table.cell(1, 3)).text = "01.02.2025 С.С. Сергеев"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "2."
    table.cell(2, 1).text = "Согласование аналитической справки"
    table.cell(3, 1).text = "с комиссией"
    table.cell(2, 2).text = "10.02.2025"
    table.cell(2, 3).text = "Члены комиссии"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    assert [(i["number"], i["kind"], i["deadline"], i["responsible"]) for i in plan["items"]] == [
        (1, "reference", "2025-02-01", ["sergeev"]), (2, "agreement", "2025-02-10",
                                                      ["commission"])]


def test_header_words_as_plans_write_them() -> None:
    from generator.importing.parse import columns, parse_deadline

    assert columns([["№ п/п"], ["Наименование мероприятия"], ["Срок исполнения"],
                     ["Ответственные исполнители"]]) == {
        "number": 0, "work": 1, "deadline": 2, "responsible": 3}
    assert columns([["Аты"], ["Телефон"], ["Email"]]) is None
    assert [str(parse_deadline(text)) for text in (
        "06.01.2025", "06.01.2025.", "до 10.01.2025", "6 қаңтар 2025 ж.", "10 января 2025 г.",
        "3 мая 2025 г.")] == ["2025-01-06", "2025-01-06", "2025-01-10", "2025-01-06",
                              "2025-01-10", "2025-05-03"]
    assert parse_deadline("") is None and parse_deadline("31.02.2025") is None
