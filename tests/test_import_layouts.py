"""`adal import` on layouts of real plans first met in tests/import_unseen2/ (each test fails
without its fix): the importer's parts are called directly, on small tables as the reader
gives them, or on a document made with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from generator.importing.parse import half, parse_document
from generator.importing.read import Document, read_docx
from generator.importing.write import load_catalog
from tests.conftest import run_adal


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _table(before: list[str], header: list[str], rows: list[list[str]]) -> Document:
    return Document(before, [[[h] for h in header]] + [
        [c.split("\n") if c else [] for c in row] for row in rows])


def test_an_own_direction_is_titled_in_each_language_of_a_two_table_plan(catalog) -> None:
    kk = _table(["Жоспар"], ["№", "Жұмыс түрі", "Мерзімі", "Жауаптылар"], [
        ["1", "«Оқуға қабылдау» бағыты бойынша ақпарат жинау:\n1) бірінші;\n2) екінші.",
         "ақпан 2025 ж.", "Директор"]])
    ru = _table(["План"], ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1", "Сбор информации по направлению «Приём на обучение»:\n1) первый;\n2) второй.",
         "февраль 2025 г.", "Директор"]])
    plan = parse_document([kk, ru], None, catalog)
    assert plan.items[0].own_title == {"kk": "Оқуға қабылдау", "ru": "Приём на обучение"}


def _nested_plan(path: Path) -> Path:
    document = docx.Document()
    layout = document.add_table(rows=2, cols=2)
    layout.cell(0, 1).text = "Бекітемін\nМузей директоры\nА.Б. Сейтқали"
    body = layout.cell(1, 0).merge(layout.cell(1, 1))
    body.text = "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау жүргізу жоспары"
    plan = body.add_table(rows=3, cols=4)
    for r, texts in enumerate([("№", "Жұмыс түрі", "Мерзімі", "Жауапты тұлғалар"),
                               ("1", "Бұйрық дайындау", "2025 жылғы қаңтар", "Директор"),
                               ("2", "Талдамалық анықтама дайындау", "наурыз 2025 ж.",
                                "Жұмыс тобы")]):
        for c, text in enumerate(texts):
            plan.cell(r, c).text = text
    document.save(str(path))
    return path


def test_a_plan_table_nested_in_a_layout_table_is_read(tmp_path: Path, catalog) -> None:
    tables = read_docx(_nested_plan(tmp_path / "plan.docx"))
    assert len(tables) == 1 and tables[0].inner[0][0] == 1
    plan = parse_document(tables, None, catalog)
    assert [i.main.title for i in plan.items] == ["Бұйрық дайындау",
                                                   "Талдамалық анықтама дайындау"]
    assert plan.title["kk"] == "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау жүргізу жоспары"
    assert plan.approvals[0].name == "А.Б. Сейтқали"


def test_a_refusal_says_which_columns_it_found_and_which_it_needs(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("№", "Тема занятия", "Срок"), strict=True):
        cell.text = text
    document.save(str(tmp_path / "a.docx"))
    result = run_adal("import", str(tmp_path / "a.docx"), "--into", str(tmp_path / "p"),
                      "--lang", "ru")
    assert result.returncode == 1
    assert "Столбцы таблицы: № | Тема занятия | Срок; не хватает: работа («Вид работы»)" in \
        result.stderr, result.stderr
    layout = docx.Document()
    layout.add_table(rows=1, cols=2).cell(0, 1).text = "Бекітемін\nДиректор\nА.Б. Сейтқали"
    layout.save(str(tmp_path / "b.docx"))
    result = run_adal("import", str(tmp_path / "b.docx"), "--into", str(tmp_path / "p"),
                      "--lang", "kk")
    assert result.returncode == 1 and "(—)" not in result.stderr
    assert "тақырып жолы жоқ" in result.stderr, result.stderr


def test_a_full_name_then_its_position_is_one_person_with_that_position(catalog) -> None:
    table = _table(["План"], ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1", "Подготовка аналитической справки", "до 10.02.2025",
         "Жаксылыкова Айгерим Сериковна, главный специалист по кадровой работе; юрист"]])
    plan = parse_document([table], None, catalog)
    entries = plan.items[0].main.entries
    assert [(e.text, e.kind) for e in entries] == [
        ("Жаксылыкова Айгерим Сериковна, главный специалист по кадровой работе", "person"),
        ("юрист", "position")]
    person = plan.people[entries[0].key or ""]
    assert person.positions == {"ru": "главный специалист по кадровой работе"}


def test_hierarchical_indicator_numbers_are_one_marker_counted_in_the_item(catalog) -> None:
    table = _table(["План"], ["№", "Вид работы", "Срок", "Ответственные"], [
        ["2.", "Сбор информации по направлению «Освоение бюджетных средств»:\n"
               "2.1. отсутствие коллегиального органа;\n2.2. отсутствие методики.",
         "до 10.02.2025", "Юрист"],
        ["3.", "Сбор информации по направлению «Контрольные функции»:\n"
               "3.1 нарушение сроков;\n3.2 истребование документов.",
         "до 10.03.2025", "Юрист"]])
    plan = parse_document([table], None, catalog)
    assert [[(i.marker, i.number, i.text) for i in item.indicators] for item in plan.items] == [
        [("2.1.", 1, "отсутствие коллегиального органа"), ("2.2.", 2, "отсутствие методики")],
        [("3.1", 1, "нарушение сроков"), ("3.2", 2, "истребование документов")]]


def test_an_agreement_block_after_the_table_and_a_signature_line_under_the_name(
        tmp_path: Path, catalog) -> None:
    document = docx.Document()
    for line in ("Утверждаю", "Директор ТОО «Алма»", "Иванов А.Б.", "____________",
                 "«__» ________ 2025 г.", "План работы"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=4)
    for r, texts in enumerate([("№", "Вид работы", "Срок", "Ответственные"),
                               ("1", "Подготовка справки", "до 10.02.2025", "Юрист")]):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    document.add_paragraph("Согласовано:")
    document.add_paragraph("Комплаенс-офицер ____________ Д. Ахметжанова")
    document.save(str(tmp_path / "p.docx"))
    plan = parse_document(read_docx(tmp_path / "p.docx"), None, catalog)
    assert plan.approvals[0].date_as_written == "«__» ________ 2025 г."
    assert plan.title["ru"] == "План работы"
    assert [(b.position, b.name) for b in plan.agreements] == [
        ("Комплаенс-офицер", "Д. Ахметжанова")]


def test_one_table_with_a_work_column_in_each_language_is_the_plan_in_both(catalog) -> None:
    table = _table(["Бекітемін / Утверждаю", "Мектеп директоры / Директор школы",
                    "___________ Ж.Қ. Сұлтанова", "10.01.2025",
                    "«№12 мектеп» КММ-де ішкі талдау жүргізу жоспары",
                    "План проведения внутреннего анализа в КГУ «Школа №12»"],
                   ["№", "Іс-шаралар", "Мероприятия", "Мерзімі / Срок",
                    "Жауапты / Ответственный"], [
        ["1", "Талдамалық анықтама дайындау", "Подготовка аналитической справки",
         "14.02.2025", "Жұмыс тобы / Рабочая группа"],
        ["2", "Анықтаманы сайтта орналастыру", "Размещение справки на сайте", "21.02.2025",
         "Р.М. Оспанов"]])
    plan = parse_document([table], None, catalog)
    assert plan.languages == ["kk", "ru"]
    assert plan.title == {"kk": "«№12 мектеп» КММ-де ішкі талдау жүргізу жоспары",
                          "ru": "План проведения внутреннего анализа в КГУ «Школа №12»"}
    first = plan.items[0]
    assert {lang: (s.title, [e.text for e in s.entries]) for lang, s in first.sides.items()} == {
        "kk": ("Талдамалық анықтама дайындау", ["Жұмыс тобы"]),
        "ru": ("Подготовка аналитической справки", ["Рабочая группа"])}
    assert len(plan.items) == 2 and not plan.parts[0].cols.get("extra")
    assert plan.organization == "«№12 мектеп»"  # not «Мектеп» of «Мектеп директоры»
    assert [half(plan.approvals[0].position, lang) for lang in ("kk", "ru")] == [
        "Мектеп директоры", "Директор школы"]


def test_kazakh_and_russian_spellings_of_one_name_are_one_person(catalog) -> None:
    kk = _table([], ["№", "Жұмыс түрі", "Мерзімі", "Жауаптылар"], [
        ["1", "Бұйрық шығару", "10.01.2025", "Ғ.Т. Ысқақов"]])
    ru = _table([], ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1", "Издание приказа", "10.01.2025", "Г.Т. Ыскаков"]])
    plan = parse_document([kk, ru], None, catalog)
    assert len(plan.people) == 1
    person = next(iter(plan.people.values()))
    assert person.names == {"kk": "Ғ.Т. Ысқақов", "ru": "Г.Т. Ыскаков"}


@pytest.mark.parametrize(("name", "expected"), [
    ("Садыкова Гульмира Маратовна", "sadykova"), ("Гульмира Маратовна Садыкова", "sadykova"),
    ("Оспанов Ерлан Маратұлы", "ospanov"), ("А.А. Баялиева", "bayalieva")])
def test_a_persons_id_is_made_from_the_surname(name: str, expected: str) -> None:
    from generator.importing.write import person_id
    assert person_id(name, {}) == expected


def test_the_end_of_the_year_and_an_attachment_header_above_the_title(catalog) -> None:
    from generator.importing.dates import parse_deadline
    assert parse_deadline(["до конца года"], 2025) == {"date": date(2025, 12, 31)}
    assert parse_deadline(["жыл соңына дейін"], 2025) == {"date": date(2025, 12, 31)}
    table = _table(["Приложение 1", "к приказу руководителя", "ГУ «Управление финансов»",
                    "от 10 января 2025 года № 3-п", "План проведения анализа на 2025 год"],
                   ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1", "Подготовка справки", "до конца года", "Юрист"]])
    plan = parse_document([table], None, catalog)
    assert plan.title["ru"] == "План проведения анализа на 2025 год"
    assert plan.items[0].deadline == {"date": date(2025, 12, 31)}


def test_an_acting_heads_approval_names_no_organization_the_title_does(catalog) -> None:
    table = _table(["БЕКІТЕМІН", "Басқарма басшысының м.а.", "__________ Т. Ержан",
                    "«Тұран облысының білім басқармасы» ММ-нің ішкі талдау жоспары"],
                   ["№", "Жұмыс түрі", "Мерзімі", "Жауапты тұлғалар"], [
        ["1", "Бұйрық шығару", "10.01.2025", "Заң бөлімі"]])
    plan = parse_document([table], None, catalog)
    assert plan.organization == "«Тұран облысының білім басқармасы»"


def test_a_plan_approved_by_an_order_keeps_the_order_and_names_no_one(catalog) -> None:
    from generator.importing.write import record
    table = _table(["УТВЕРЖДЕН", "приказом руководителя", "ГУ «Отдел образования»",
                    "от 12 января 2026 года № 4", "ПЛАН", "проведения анализа на 2026 год"],
                   ["№ п/п", "Мероприятия", "Ответственные исполнители", "Срок исполнения"], [
        ["1.", "Подготовка справки", "Юрист", "до 10.02.2026"]])
    plan = parse_document([table], None, catalog)
    approval = record(plan)["approvals"][0]
    assert (approval["name"], approval["date"], approval["order"]) == (None, "2026-01-12", "4")
    assert plan.approver is None and plan.organization == "ГУ «Отдел образования»"
