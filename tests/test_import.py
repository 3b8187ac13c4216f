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
    assert "item 2 is placed in the standard catalog's direction" in report
    assert "plan.yaml writes this direction as «conflict-of-interest»" in report
    assert "the titles match" in report and "confidence" not in report
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
        ("collect", "personnel", {"date": "2025-01-10", "as_written": {"ru": "до 10.01.2025"}}),
        ("collect", "direction-2", {"date": "2025-01-15",
                                    "as_written": {"ru": "15 января 2025 г."}}),
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
        (1, "reference", "2025-02-01", ["sergeev"]),
        (2, "agreement", "2025-02-10", [{"ru": "Члены комиссии", "missing": "kk",
                                         "kind": "group"}])]  # as written, never renamed


def test_header_words_as_plans_write_them() -> None:
    from generator.importing.dates import parse_deadline as deadline_of
    from generator.importing.parse import columns

    def parse_deadline(text: str):  # noqa: ANN202
        found = deadline_of([text], None)
        return found.get("date") if found else None

    assert columns([["№ п/п"], ["Наименование мероприятия"], ["Срок исполнения"],
                     ["Ответственные исполнители"]]) == {
        "number": [0], "work": [1], "deadline": [2], "responsible": [3]}
    assert columns([["Аты"], ["Телефон"], ["Email"]]) is None
    assert [str(parse_deadline(text)) for text in (
        "06.01.2025", "06.01.2025.", "до 10.01.2025", "6 қаңтар 2025 ж.", "10 января 2025 г.",
        "3 мая 2025 г.")] == ["2025-01-06", "2025-01-06", "2025-01-10", "2025-01-06",
                              "2025-01-10", "2025-05-03"]
    assert parse_deadline("") is None and parse_deadline("31.02.2025") is None


# ---- issue 17: every layout, nothing invented -------------------------------------------------
def test_deadlines_in_every_form_plans_write() -> None:
    from datetime import date

    from generator.importing.dates import parse_deadline

    def read(text: str | list[str]) -> dict | None:
        return parse_deadline(text if isinstance(text, list) else [text], 2025)

    assert read("с 06.01.2025 по 17.01.2025") == {"start": date(2025, 1, 6),
                                                  "end": date(2025, 1, 17)}
    assert read("13.01.2025 ж. – 24.01.2025 ж.") == {"start": date(2025, 1, 13),
                                                     "end": date(2025, 1, 24)}
    assert read(["15.01.2025", "16.01.2025"]) == {"start": date(2025, 1, 15),
                                                  "end": date(2025, 1, 16)}
    assert read("2025 жылғы «08» қаңтар") == {"date": date(2025, 1, 8)}
    assert read("24 қаңтарға дейін") == {"date": date(2025, 1, 24)}  # the plan's year
    assert read("до 24 января 2025 года") == {"date": date(2025, 1, 24)}
    assert read("IV квартал 2025 года") == {"quarter": 4, "year": 2025}
    assert read("3 тоқсан") == {"quarter": 3, "year": 2025}
    assert read("2025 жылдың бірінші жартыжылдығы") == {"half": 1, "year": 2025}
    assert read("II полугодие") == {"half": 2, "year": 2025}
    assert read("ақпан 2025 ж.") == {"month": 2, "year": 2025}
    assert read("Тоқсан сайын") == {"every": "quarter", "year": 2025}
    assert read("ежегодно") == {"every": "year", "year": 2025}
    assert read("жыл бойы") == {"throughout": 2025}
    assert read("еженедельно") == {"every": "week", "year": 2025}
    # No date to count from: nothing is guessed (the deadline is kept only in words).
    assert read("по мере необходимости") is None


def test_a_person_is_never_assembled_from_two_names() -> None:
    from generator.importing.parse import names_in, split_entries

    def names(text: str) -> list[str]:
        return [n.text for n in names_in(text)]

    assert names("Нуртаева Г.С. Касымова Д.Е.") == ["Нуртаева Г.С.", "Касымова Д.Е."]
    assert names("Нуртаева Г.С. Касымова") == []  # whose initials? neither is taken
    assert names("A.A.Баялиева К.Н.Тайшабарова") == ["A.A.Баялиева", "К.Н.Тайшабарова"]
    assert names("Комплаенс-офицер А.Б. Ахметова") == ["А.Б. Ахметова"]
    assert names("Оспанов Ерлан Маратұлы") == ["Оспанов Ерлан Маратұлы"]
    assert names("Гульнар Ерлановна Абдрахманова") == ["Гульнар Ерлановна Абдрахманова"]
    assert split_entries(["Бас есепші\nС.К. Ахметова"]) == ["Бас есепші С.К. Ахметова"]
    assert split_entries(["Мектеп директоры,\nжұмыс тобы"]) == ["Мектеп директоры",
                                                               "жұмыс тобы"]


def test_responsible_without_a_name_is_kept_as_written_with_its_kind() -> None:
    from generator.importing.parse import entry_kind

    assert [entry_kind(x) for x in (
        "Члены рабочей группы", "Жұмыс тобы", "Комиссия мүшелері", "Басқарма қызметкерлері",
        "Юридический отдел", "Заң бөлімі", "Служба комплаенс", "Главный бухгалтер",
        "Бас есепші", "Жұмыс тобының жетекшісі", "Начальник отдела государственных закупок",
    )] == ["group", "group", "group", "group", "unit", "unit", "unit", "position",
           "position", "position", "position"]


def test_kinds_of_plain_tasks() -> None:
    from generator.importing.parse import kind_of

    assert [kind_of(x) for x in (
        "Издание приказа о создании рабочей группы",
        "Ішкі талдау жүргізу кестесін және жұмыс тобының құрамын бекіту",
        "Подготовка аналитической справки и её подписание рабочей группой",
        "Подписание аналитической справки членами рабочей группы",
        "Талдамалық анықтаманы келісу",
        "Размещение аналитической справки на интернет-ресурсе",
        "Анализ нормативных правовых актов",
    )] == ["order", "order", "reference", "signing", "agreement", "task", "task"]


def _plan_document(path: Path, header: list[str], rows: list[list[str]],
                   before: tuple[str, ...] = ("УТВЕРЖДАЮ", "Директор ТОО «Пример»",
                                              "С.С. Сергеев", "«10» января 2025 г.",
                                              "План работы на 2025 год")) -> Path:
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(header))
    for cells in [header, *rows]:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            lines = value.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.save(str(path))
    return path


def test_columns_in_any_order_with_extra_columns_kept(tmp_path: Path) -> None:
    path = _plan_document(tmp_path / "p.docx",
                          ["Ответственные", "Срок", "Мероприятие", "№ п/п", "Примечание"],
                          [["Юридический отдел", "II квартал", "Анализ нормативных правовых "
                            "актов", "1)", "по итогам года"],
                           ["Иванова А.Б.", "до 1 марта", "Подготовка аналитической справки",
                            "2)", ""]])
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    assert plan["columns"] == [{"id": "primechanie", "title": {"kk": "Примечание",
                                                                "ru": "Примечание"}}]
    first, second = plan["items"]
    assert first["kind"] == "task" and first["deadline"]["quarter"] == 2
    assert first["responsible"] == [{"ru": "Юридический отдел", "missing": "kk",
                                     "kind": "unit"}]
    assert first["columns"] == {"primechanie": {"ru": "по итогам года", "missing": "kk"}}
    assert second["kind"] == "reference" and second["deadline"]["date"] == "2025-03-01"
    record = yaml.safe_load((tmp_path / "p" / "import-record.yaml").read_text("utf-8"))
    assert [i["number"] for i in record["parts"][0]["items"]] == ["1)", "2)"]


def test_a_table_that_is_no_plan_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = _plan_document(tmp_path / "staff.docx",
                          ["№ п/п", "Наименование должности", "Количество штатных единиц",
                           "Должностной оклад"], [["1.", "Директор", "1", "285 000"]])
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 1 and not (tmp_path / "p").exists()
    assert "Наименование должности" in result.stderr and "Traceback" not in result.stderr


def test_a_russian_plans_kazakh_texts_come_from_the_catalog_never_the_approved_wording(
        tmp_path: Path) -> None:
    contracts = yaml.safe_load((REPO / "indicators" / "contracts.yaml").read_text("utf-8"))
    standard = contracts["indicators"][0]
    assert standard["approved"] != standard["text"]["kk"]  # the seed's typo «сыйбайлас»
    path = _plan_document(tmp_path / "p.docx", ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1.", "Сбор информации по направлению «Заключение договоров с физическими и "
               "юридическими лицами»:\n1) " + standard["text"]["ru"] + ";\n2) выдача справок "
               "без регистрации.", "до 10.02.2025", "Рабочая группа"]])
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    mine = yaml.safe_load((tmp_path / "p" / "indicators" / "contracts.yaml").read_text("utf-8"))
    assert mine["indicators"][0]["text"]["kk"] == standard["text"]["kk"]
    assert mine["indicators"][1]["text"]["kk"] == "выдача справок без регистрации"  # a copy
    assert mine["translation"] == {"ru": "official", "kk": "missing"}
    written = "\n".join(p.read_text("utf-8") for p in (tmp_path / "p").rglob("*.yaml"))
    assert "approved" not in written and "changes:" not in written


def test_the_report_speaks_the_documents_language_and_item_numbers(tmp_path: Path) -> None:
    path = _plan_document(
        tmp_path / "kk.docx", ["Р/с", "Іс-шаралар", "Мерзімі", "Жауаптылар"],
        [["1.1", "Жұмыс тобын құру туралы бұйрық", "по мере необходимости", "Меңгеруші"]],
        before=("БЕКІТЕМІН", "«Мысал» МКҚК меңгерушісі", "Г.Т. Әлиева", "2025 жылғы 6 қаңтар",
                "Жұмыс жоспары"))
    env_free = run_adal("import", str(path), "--into", str(tmp_path / "p"), "--lang", "kk")
    assert env_free.returncode == 0, env_free.stderr
    report = (tmp_path / "p" / "import-report.md").read_text("utf-8")
    assert "1.1-тармақ: «по мере необходимости» мерзімі күнсіз, сөзбен жазылған" in report


def test_blocks_down_a_layout_tables_rows_an_indicator_column_and_roman_sections(
        tmp_path: Path) -> None:
    """«СОГЛАСОВАНО» | «УТВЕРЖДАЮ» whose position, name and date lines are rows of the layout
    table; an «Индикаторы» column of its own; «I. …» section rows typed in the work column;
    «Нуртаева Г.С. Касымова» (whose initials?) kept as written, no person made up."""
    from tests.import_corpus.make_corpus import _Doc, fill, header, row

    d = _Doc("x")
    top = d.layout(2)
    top.add_row()
    top.add_row()
    fill(top.cell(0, 0), "СОГЛАСОВАНО")
    fill(top.cell(0, 1), "УТВЕРЖДАЮ")
    fill(top.cell(1, 0), "Председатель профкома")
    fill(top.cell(1, 1), "Директор КГУ «Школа-гимназия №5»")
    fill(top.cell(2, 0), "______ С. Нурланова")
    fill(top.cell(2, 1), ["______ А.Б. Иванова", "«___» ________ 2025 г."])
    d.p("План мероприятий по внутреннему анализу коррупционных рисков на 2025 год")
    t = d.grid(5)
    header(t, "№", "Наименование мероприятия", "Индикаторы коррупционных рисков", "Срок",
           "Ответственные за исполнение")
    fill(t.add_row().cells[1], "I. Подготовительный этап")
    row(t, "1", "Приказ о создании рабочей группы", "", "1-квартал", "Директор")
    fill(t.add_row().cells[1], "II. Анализ")
    row(t, "2", "Сбор информации по направлению «Управление персоналом»",
        ["назначение на должность без проведения конкурсного отбора",
         "создание неравных условий для кандидатов"], "январь-февраль 2025 г.",
        "Нуртаева Г.С. Касымова")
    path = tmp_path / "v.docx"
    path.write_bytes(d.bytes())
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    record = yaml.safe_load((tmp_path / "p" / "import-record.yaml").read_text("utf-8"))
    assert [(b["heading"], b["position"], b["name"], b["date"]) for b in
            record["approvals"] + record["agreements"]] == [
        ("УТВЕРЖДАЮ", "Директор КГУ «Школа-гимназия №5»", "А.Б. Иванова", None),
        ("СОГЛАСОВАНО", "Председатель профкома", "С. Нурланова", None)]
    assert [i["section"] for i in record["parts"][0]["items"]] == ["I. Подготовительный этап",
                                                                  "II. Анализ"]
    assert [i["kind"] for i in plan["items"]] == ["order", "collect"]
    assert plan["items"][1]["deadline"]["start"] == "2025-01-01"
    assert plan["items"][1]["responsible"] == [{"ru": "Нуртаева Г.С. Касымова", "missing": "kk"}]
    assert sorted(p["name"]["ru"] for p in plan["people"]) == ["А.Б. Иванова", "С. Нурланова"]
    personnel = yaml.safe_load((tmp_path / "p" / "indicators" / "personnel.yaml").read_text(
        "utf-8"))
    assert [(i["number"], i["text"]["ru"], i.get("numbered_in_plan")) for i in
            personnel["indicators"]] == [
        (1, "назначение на должность без проведения конкурсного отбора", False),
        (2, "создание неравных условий для кандидатов", False)]
    assert "чьи инициалы" in result.stdout or "whose initials" in result.stdout


def test_word_multilevel_numbering_in_the_number_cells(tmp_path: Path) -> None:
    """№ cells numbered by a Word list of two levels («%1.» and «%1.%2.»): «1.», «1.1.»,
    «1.2.», «2.», «2.1.» as Word shows them; the level-1 rows are section rows."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from tests.import_corpus.make_corpus import _Doc, fill, header

    d = _Doc("x")
    d.p("УТВЕРЖДАЮ")
    d.p("Директор ТОО «Пример»")
    d.p("С.С. Сергеев")
    d.p("План работы на 2025 год")
    numbering = d.d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77">'
                               '<w:abstractNumId w:val="77"/></w:num>'))
    t = d.grid(4)
    header(t, "№", "Мероприятие", "Срок", "Ответственные")
    for level, work, deadline in ((0, "Подготовка", ""), (1, "Приказ о рабочей группе",
                                                           "до 10.01.2025"),
                                  (1, "Подготовка аналитической справки", "до 01.02.2025"),
                                  (0, "Публикация", ""),
                                  (1, "Размещение справки на сайте", "до 10.02.2025")):
        cells = t.add_row().cells
        num = cells[0].paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
        num.get_or_add_ilvl().val = level
        num.get_or_add_numId().val = 77
        if level == 0:
            merged = cells[1].merge(cells[3])
            fill(merged, work)
        else:
            fill(cells[1], work)
            fill(cells[2], deadline)
            fill(cells[3], "Рабочая группа")
    assert qn("w:num")
    path = tmp_path / "m.docx"
    path.write_bytes(d.bytes())
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    record = yaml.safe_load((tmp_path / "p" / "import-record.yaml").read_text("utf-8"))
    assert [(i["number"], i["path"], i["section"]) for i in record["parts"][0]["items"]] == [
        ("1.1.", "1.1", "1. Подготовка"), ("1.2.", "1.2", "1. Подготовка"),
        ("2.1.", "2.1", "2. Публикация")]


def test_init_writes_the_catalog_without_the_bundled_plans_records(tmp_path: Path) -> None:
    assert run_adal("init", str(tmp_path / "p")).returncode == 0
    for path in (tmp_path / "p" / "indicators").glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert not any(k in i for i in data["indicators"]
                       for k in ("approved", "changes", "proposed_ru")), path.name


def test_a_list_inside_a_plain_task_makes_no_direction(tmp_path: Path) -> None:
    path = _plan_document(tmp_path / "p.docx", ["№", "Вид работы", "Срок", "Ответственные"], [
        ["1.", "Подготовить документы:\n1) приказ;\n2) график проведения.", "до 10.01.2025",
         "Рабочая группа"]])
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    assert [(i["kind"], i["title"]["ru"]) for i in plan["items"]] == [
        ("task", "Подготовить документы: 1) приказ; 2) график проведения.")]
    assert not list((tmp_path / "p" / "indicators").glob("*.yaml"))


def test_a_refusal_speaks_the_documents_language_when_none_is_asked_for(
        tmp_path: Path) -> None:
    """No --lang, no ADAL_LANG, no plan.yaml where it runs (whose language would be Kazakh):
    a Russian document that is not a plan is refused in Russian, as its report would be."""
    path = _plan_document(tmp_path / "staff.docx",
                          ["№ п/п", "Наименование должности", "Количество штатных единиц",
                           "Должностной оклад"], [["1.", "Директор", "1", "285 000"]])
    result = run_adal("import", str(path), "--into", str(tmp_path / "p"), cwd=tmp_path,
                      env={"ADAL_LANG": ""})
    assert result.returncode == 1 and not (tmp_path / "p").exists()
    assert result.stderr.startswith("adal: ошибка: "), result.stderr
    assert "Наименование должности" in result.stderr
    asked = run_adal("import", str(path), "--into", str(tmp_path / "p"), "--lang", "kk",
                     cwd=tmp_path, env={"ADAL_LANG": ""})
    assert asked.returncode == 1 and asked.stderr.startswith("adal: қате: "), asked.stderr


def test_the_report_speaks_the_documents_language_unless_one_is_asked_for(
        tmp_path: Path) -> None:
    """The run's own language (Kazakh, by default, where no plan.yaml says otherwise) is not
    a request: a Russian plan's report is in Russian unless --lang or ADAL_LANG asks."""
    document = REPO / "tests" / "import_corpus" / "docx" / "akimat-ru.docx"
    plain = run_adal("import", str(document), "--into", str(tmp_path / "a"), cwd=tmp_path,
                     env={"ADAL_LANG": ""})
    assert plain.returncode == 0, plain.stderr
    assert "adal: в " in plain.stdout and "импортировано" in plain.stdout, plain.stdout
    asked = run_adal("import", str(document), "--into", str(tmp_path / "b"), cwd=tmp_path,
                     env={"ADAL_LANG": "kk"})
    assert asked.returncode == 0 and "импортталды" in asked.stdout, asked.stdout
