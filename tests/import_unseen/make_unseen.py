"""Word plans the importer was not written against (issue 17: "match patterns, not fixtures").

Fictional organizations, laid out in shapes the acceptance corpus (tests/import_corpus/) does
not have; sources of each pattern in SOURCES.md, the ground truths written by hand in
`<case>.truth.yaml` (the corpus's neutral format, tests/import_corpus/README.md).

    python tests/import_unseen/make_unseen.py [OUT_DIR]     # default: tests/import_unseen/docx/

As a library: `cases()`, `build(name) -> bytes` (deterministic: fixed core properties, fixed
ZIP timestamps).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell

HERE = Path(__file__).resolve().parent

Row = list[str | list[str] | None]  # a cell: text (\n = new paragraph), paragraphs, or None


def _new() -> docx.document.Document:
    document = docx.Document()
    core = document.core_properties
    core.author = core.last_modified_by = "unseen"
    core.created = core.modified = datetime(2025, 1, 1)
    core.revision = 1
    return document


def _para(document, text: str, *, right: bool = False, center: bool = False,
          bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold


def _broken_para(document, lines: list[str], *, right: bool = True) -> None:
    """One paragraph whose lines are Word line breaks (Shift+Enter)."""
    paragraph = document.add_paragraph()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for k, line in enumerate(lines):
        run = paragraph.add_run(line)
        if k < len(lines) - 1:
            run.add_break()


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _fill(cell: _Cell, value: str | list[str] | None, *, style: str | None = None) -> None:
    paragraphs = value if isinstance(value, list) else (value or "").split("\n")
    first = cell.paragraphs[0]
    for k, text in enumerate(paragraphs):
        paragraph = first if k == 0 else cell.add_paragraph()
        if text:
            paragraph.add_run(text)
        if style:
            paragraph.style = style


def _table(document, header: list[str], rows: list[Row], *, title_row: str | None = None,
           numbers_row: bool = False, list_number_column: int | None = None,
           spans: set[int] = frozenset()) -> Table:
    """A bordered table. `title_row`: a first row merged across all columns holding the text;
    `numbers_row`: a «1 | 2 | 3 …» row under the header; `list_number_column`: that column's
    empty cells get Word's «List Number» style (the number is Word's, not typed); `spans`:
    indexes of rows that are one text merged across the table (section rows)."""
    width = len(header)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if title_row is not None:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[width - 1])
        _fill(merged, title_row)
    cells = table.add_row().cells
    for cell, text in zip(cells, header, strict=True):
        _fill(cell, text)
    if numbers_row:
        for k, cell in enumerate(table.add_row().cells):
            _fill(cell, str(k + 1))
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        if index in spans:
            merged = cells[0].merge(cells[width - 1])
            _fill(merged, row[0])
            continue
        for k, (cell, value) in enumerate(zip(cells, row, strict=True)):
            if k == list_number_column and not value:
                _fill(cell, "", style="List Number")
            else:
                _fill(cell, value)
    return table


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


# -- the documents ---------------------------------------------------------------------------

def hospital_ru() -> docx.document.Document:
    """A city hospital: the title as a first table row merged over all columns; «Отметка об
    исполнении» filled for some items; deadlines «в течение N рабочих дней …», «1 декада
    февраля», «до 25 числа каждого месяца»."""
    d = _new()
    for line in ("«УТВЕРЖДАЮ»", "Главный врач", "КГП на ПХВ «Городская больница № 2»",
                 "____________ Омарова Н.Ж.", "«10» января 2025 г."):
        _para(d, line, right=True)
    _para(d, "")
    header = ["№ п/п", "Наименование мероприятия", "Срок исполнения",
              "Ответственный исполнитель", "Отметка об исполнении"]
    rows: list[Row] = [
        ["1.", "Издание приказа о проведении внутреннего анализа коррупционных рисков и "
         "создании рабочей группы", "до 13 января 2025 года", "Юрисконсульт",
         "Исполнено: приказ № 12-од от 13.01.2025"],
        ["2.", ["Сбор и анализ информации по направлению «Управление персоналом»:",
                "1. соблюдение порядка приёма на работу и перевода работников;",
                "2. наличие близких родственников в прямом подчинении;",
                "3. соблюдение сроков прохождения аттестации медицинскими работниками."],
         "в течение 10 рабочих дней после издания приказа",
         "Руководитель отдела кадров Ахметова Г.С.", "Исполнено"],
        ["3.", ["Сбор и анализ информации по направлению «Государственные закупки»:",
                "– обоснованность закупок лекарственных средств способом из одного источника;",
                "– своевременность приёмки поставленных товаров."],
         "1 декада февраля", "Отдел государственных закупок", ""],
        ["4.", "Анализ нормативных правовых актов и внутренних документов больницы на "
         "предмет коррупционных рисков", "до 25 февраля", "Юрисконсульт, рабочая группа", ""],
        ["5.", "Представление информации о ходе внутреннего анализа главному врачу",
         "до 25 числа каждого месяца", "Председатель рабочей группы", ""],
        ["6.", "Подготовка аналитической справки по результатам внутреннего анализа "
         "коррупционных рисков", "в течение 5 рабочих дней после завершения сбора "
         "информации", "Рабочая группа", ""],
        ["7.", "Размещение аналитической справки на интернет-ресурсе больницы",
         "в течение 3 рабочих дней после подписания", "Специалист по связям с "
         "общественностью", ""],
    ]
    _table(d, header, rows, title_row="План работы по проведению внутреннего анализа "
           "коррупционных рисков в КГП на ПХВ «Городская больница № 2» на 2025 год")
    return d


def akimat_kk() -> docx.document.Document:
    """A district akimat's office, Kazakh: the approval is ONE paragraph of line breaks; the
    responsible column comes first; Kazakh «онкүндік» (ten days), «жұмыс күні ішінде»,
    «әр айдың 25-іне дейін»."""
    d = _new()
    _broken_para(d, ["БЕКІТЕМІН", "Көктөбе ауданы әкімі аппаратының басшысы",
                     "__________ Д.С. Әбенов", "2025 жылғы «09» қаңтар"])
    _para(d, "")
    _para(d, "Көктөбе ауданы әкімі аппаратында сыбайлас жемқорлық тәуекелдеріне ішкі талдау "
          "жүргізу жөніндегі 2025 жылға арналған жұмыс жоспары", center=True, bold=True)
    header = ["Жауапты орындаушы", "№", "Іс-шараның атауы", "Орындау мерзімі", "Ескерту"]
    rows: list[Row] = [
        ["Аппарат басшысы", "1", "Ішкі талдау жүргізу және жұмыс тобын құру туралы өкім "
         "шығару", "2025 жылғы 10 қаңтар", "Өкім"],
        ["Ұйымдастыру-бақылау бөлімі", "2",
         ["Ақпарат жинау: «Мемлекеттік қызметтер көрсету» бағыты бойынша сыбайлас жемқорлық "
          "тәуекелдерінің индикаторлары:",
          "1) қызмет көрсету мерзімдерінің бұзылуы;",
          "2) көрсетілетін қызметті алушыдан заңда көзделмеген құжаттарды талап ету;",
          "3) қызмет алушылардың шағымдарын тіркемеу."],
         "ақпанның 1-онкүндігі", ""],
        [["Қаржы және есеп бөлімі,", "бас маман Н.Б. Қалиева"], "3",
         ["Ақпарат жинау: «Бюджет және қаржы қаражатын игеру және бөлу» бағыты бойынша "
          "сыбайлас жемқорлық тәуекелдерінің индикаторлары:",
          "– қаражатты мақсатсыз пайдалану;",
          "– сыйақы мен үстемеақыларды негізсіз төлеу."],
         "10 жұмыс күні ішінде", "Ақпарат"],
        ["Заң бөлімі", "4", "Нормативтік құқықтық актілерге сыбайлас жемқорлық тәуекелдері "
         "тұрғысынан талдау жүргізу", "2025 жылғы 14 ақпанға дейін", ""],
        ["Жұмыс тобы", "5", "Талдамалық анықтама дайындау және оған жұмыс тобы мүшелерінің "
         "қол қоюы", "2025 жылғы наурыз", "Талдамалық анықтама"],
        ["Ұйымдастыру-бақылау бөлімі", "6", "Ішкі талдау нәтижелері бойынша ұсынымдардың "
         "орындалуына мониторинг жүргізу", "әр айдың 25-іне дейін", ""],
        ["Баспасөз хатшысы", "7", "Талдамалық анықтаманы аппараттың интернет-ресурсында "
         "орналастыру", "қол қойылғаннан кейін 5 жұмыс күні ішінде", ""],
    ]
    _table(d, header, rows)
    return d


def college_ru() -> docx.document.Document:
    """A college: the № column is blank (Word's «List Number» style numbers it, across two
    tables); «Ф.И.О. ответственного» and «Должность» are two columns; the table breaks over
    a page with the header repeated."""
    d = _new()
    for line in ("Утверждаю", "Директор КГКП «Шалкарский колледж транспорта и логистики»",
                 "____________ Байжанов Е.Т.", "«___» ____________ 2025 г."):
        _para(d, line, right=True)
    _para(d, "План работы по проведению внутреннего анализа коррупционных рисков на 2025 год",
          center=True, bold=True)
    header = ["№", "Мероприятие", "Срок", "Ф.И.О. ответственного", "Должность"]
    first: list[Row] = [
        [None, "Издание приказа о создании рабочей группы по проведению внутреннего анализа "
         "коррупционных рисков", "январь", "Байжанов Е.Т.", "Директор"],
        [None, ["Сбор информации по направлению «Управление персоналом»:",
                "• прием на работу без конкурса;",
                "• несоблюдение квалификационных требований при назначении."],
         "до 31.01.2025", "Нурланова А.К.", "Специалист по кадрам"],
        [None, ["Сбор информации по направлению «Урегулирование конфликта интересов»:",
                "• работа родственников в прямом подчинении;",
                "• участие заинтересованных работников в приёмных комиссиях."],
         "до 31.01.2025", ["Нурланова А.К.", "Сапаров Б.Т."],
         ["Специалист по кадрам", "Заместитель директора по учебной работе"]],
        [None, "Анализ нормативных правовых актов колледжа на наличие коррупционных рисков",
         "II квартал", "Жумабекова С.Р.", "Юрисконсульт"],
    ]
    second: list[Row] = [
        [None, "Подготовка аналитической справки по итогам внутреннего анализа", "II квартал",
         "", "Члены рабочей группы"],
        [None, "Подписание аналитической справки членами рабочей группы", "до 30.06.2025", "",
         "Члены рабочей группы"],
        [None, "Размещение аналитической справки на сайте колледжа", "в течение года",
         "Омаров Д.Е.", "Инженер-программист"],
        [None, "Разработка плана мероприятий по устранению выявленных коррупционных рисков",
         "по мере необходимости", "Сапаров Б.Т.", "Заместитель директора по учебной работе"],
    ]
    _table(d, header, first, list_number_column=0)
    _page_break(d)
    _table(d, header, second, list_number_column=0)
    return d


def sport_school_kk() -> docx.document.Document:
    """A sports school, Kazakh: «№ р/с | Жұмыс түрі | Жауаптылар | Мерзімі | Орындалуы туралы
    белгі»; a column-number row; section rows; two tables over a page break, the header and
    number row repeated; indicators marked with an ASCII hyphen; «онкүндік», «ақпан айы»,
    «20.01.2025 ж. - 31.01.2025 ж.»."""
    d = _new()
    layout = d.add_table(rows=1, cols=2)
    _no_borders(layout)
    _fill(layout.cell(0, 0), "")
    _fill(layout.cell(0, 1), ["Бекітемін", "«№3 балалар-жасөспірімдер спорт мектебі» КММ",
                              "директоры", "М.Т. Серікбаев ________", "13.01.2025 ж."])
    _para(d, "")
    _para(d, "«№3 балалар-жасөспірімдер спорт мектебі» КММ-де сыбайлас жемқорлық "
          "тәуекелдеріне ішкі талдау жүргізу жөніндегі жұмыс жоспары", center=True, bold=True)
    header = ["№ р/с", "Жұмыс түрі", "Жауаптылар", "Мерзімі", "Орындалуы туралы белгі"]
    first: list[Row] = [
        ["I. Дайындық кезеңі"],
        ["1.", "Ішкі талдау жүргізу туралы бұйрық шығару және жұмыс тобын құру",
         "Директордың оқу-тәрбие ісі жөніндегі орынбасары Ә.Б. Жақсылықова",
         "14.01.2025 ж.", "Орындалды"],
        ["II. Ақпарат жинау және талдау"],
        ["2.", ["Ақпарат жинау: «Персоналды басқару» бағыты бойынша сыбайлас жемқорлық "
                "тәуекелдерінің индикаторлары:",
                "- жаттықтырушыларды конкурссыз қабылдау;",
                "- біліктілік талаптарына сәйкес келмейтін адамдарды тағайындау;"],
         "Кадр маманы", "20.01.2025 ж. - 31.01.2025 ж.", "Орындалды"],
        ["3.", ["Ақпарат жинау: «Спорттық іс-шараларды ұйымдастыру» бағыты бойынша сыбайлас "
                "жемқорлық тәуекелдерінің индикаторлары:",
                "- жарыстарға қатысушыларды іріктеу өлшемдерінің болмауы;",
                "- спорттық киім мен құрал-жабдықты бөлуді есепке алмау."],
         "Әдіскер", "ақпан айы", ""],
    ]
    second: list[Row] = [
        ["4.", "Мектептің ішкі құжаттарына сыбайлас жемқорлық тәуекелдері тұрғысынан талдау "
         "жүргізу", "Заңгер", "наурыздың 2-онкүндігі", ""],
        ["III. Қорытынды кезең"],
        ["5.", "Талдамалық анықтама әзірлеу", "Жұмыс тобының мүшелері",
         "2025 жылдың 1 жартыжылдығы", ""],
        ["6.", "Талдамалық анықтаманы мектептің интернет-ресурсында орналастыру",
         "Бухгалтерия", "жыл бойы", ""],
    ]
    _table(d, header, first, numbers_row=True, spans={0, 2})
    _page_break(d)
    _table(d, header, second, numbers_row=True, spans={1})
    return d


def rural_akimat_ru() -> docx.document.Document:
    """A rural district akim's office, Russian: «УТВЕРЖДАЮ:», a one-initial name; «Ответственные»
    before «Срок исполнения»; a column-number row; indicators bulleted by Word's «List Bullet»
    style (no typed marker); «ежемесячно, до 5 числа», «не позднее …», «февраль – март 2025 г.»;
    «(по согласованию)» after a group."""
    d = _new()
    for line in ("УТВЕРЖДАЮ:", "Аким Сарыбулакского сельского округа", "_________ Б. Тастанов",
                 "09 января 2025 года"):
        _para(d, line, right=True)
    _para(d, "ПЛАН", center=True, bold=True)
    _para(d, "работы по проведению внутреннего анализа коррупционных рисков в ГУ «Аппарат акима "
          "Сарыбулакского сельского округа» на 2025 год", center=True, bold=True)
    header = ["№", "Наименование мероприятий", "Ответственные", "Срок исполнения",
              "Форма завершения"]
    rows: list[Row] = [
        ["1", "Издание распоряжения акима о проведении внутреннего анализа коррупционных рисков",
         "Аким округа", "не позднее 13 января 2025 г.", "Распоряжение"],
        ["2", ["Сбор информации по направлению «Реализация разрешительных функций»",
               "@@выдача справок с нарушением установленных сроков",
               "@@отсутствие журнала регистрации заявлений"],
         "Главный специалист Абдуллаева М.", "февраль – март 2025 г.", "Информация"],
        ["3", "Анализ нормативных правовых актов, принятых акимом округа",
         "Члены рабочей группы (по согласованию)", "до 1 марта", "Информация"],
        ["4", "Информирование акима района о ходе проведения анализа",
         "Главный специалист Абдуллаева М.", "ежемесячно, до 5 числа", "Письмо"],
        ["5", "Подготовка и подписание аналитической справки", "Рабочая группа",
         "до 31 марта 2025 г.", "Аналитическая справка"],
    ]
    table = _table(d, header, rows, numbers_row=True)
    for row in table.rows:  # the «@@» lines: Word's bullets by style, the marker not typed
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                if paragraph.text.startswith("@@"):
                    text = paragraph.text[2:]
                    for run in paragraph.runs:
                        run.text = ""
                    paragraph.runs[0].text = text
                    paragraph.style = "List Bullet"
    return d


def polyclinic_kk() -> docx.document.Document:
    """A district polyclinic, Kazakh: the surname in capitals («Б. ТАСТАНОВ»); «Аты-жөні» and
    «Лауазымы» as the responsible columns (no «жауапты» in the header); «І тоқсан» typed with
    the Cyrillic «І»; «15-25 қаңтар», «І-ІІ тоқсан», «наурыз айының 3-онкүндігі»; indicators
    lettered «а)», «б)»."""
    d = _new()
    for line in ("БЕКІТЕМІН", "«Жаңаөзен аудандық емханасы» ШЖҚ МКК бас дәрігері",
                 "_____________ Б. ТАСТАНОВ", "2025 жылғы «___» ____________"):
        _para(d, line, right=True)
    _para(d, "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау жүргізу жөніндегі 2025 жылға "
          "арналған жұмыс жоспары", center=True, bold=True)
    header = ["№", "Іс-шаралар", "Аты-жөні", "Лауазымы", "Орындау мерзімі",
              "Орындалуы туралы мәлімет"]
    rows: list[Row] = [
        ["1.", "Жұмыс тобын құру туралы бұйрық жобасын дайындау", "Ермекова С.Т.",
         "Комплаенс-офицер", "15-25 қаңтар", "Орындалды"],
        ["2.", ["«Персоналды басқару» бағыты бойынша ақпарат жинау:",
                "а) бос лауазымдарға конкурссыз қабылдау;",
                "б) біліктілік талаптарын сақтамау."],
         ["Сейітов Н.Ж.", "Ахметова Г.Б."], ["Заңгер", "Кадр инспекторы"], "І тоқсан", ""],
        ["3.", ["«Дәрілік заттарды сатып алу» бағыты бойынша ақпарат жинау:",
                "а) бір көзден сатып алуды негізсіз қолдану;",
                "б) жеткізілген дәрілерді қабылдау актілерінің болмауы."],
         "ТӨЛЕУБАЕВА А.Қ.", "Бас мейіргер", "наурыз айының 3-онкүндігі", ""],
        ["4.", "Емхананың ішкі нормативтік құжаттарына талдау жүргізу", "Сейітов Н.Ж.",
         "Заңгер", "І-ІІ тоқсан", ""],
        ["5.", "Талдамалық анықтаманы дайындау және бас дәрігерге ұсыну", "", "Жұмыс тобы",
         "2025 жылғы 30 маусымға дейін", ""],
        ["6.", "Ұсынымдардың орындалуын бақылау", "Ермекова С.Т.", "Комплаенс-офицер",
         "әр тоқсанның соңғы айының 25-іне дейін", ""],
    ]
    _table(d, header, rows)
    return d


def measures_ru() -> docx.document.Document:
    """NOT a plan of the analysis: the plan of measures to remove the risks it found."""
    d = _new()
    for line in ("УТВЕРЖДАЮ", "Директор ТОО «Акбулак Су Арнасы»", "____________ Ким В.П.",
                 "«15» апреля 2025 г."):
        _para(d, line, right=True)
    _para(d, "План мероприятий по устранению коррупционных рисков, выявленных по результатам "
          "внутреннего анализа коррупционных рисков", center=True, bold=True)
    header = ["№ п/п", "Выявленный коррупционный риск", "Мероприятие по устранению",
              "Срок исполнения", "Ответственный"]
    rows: list[Row] = [
        ["1.", "Отсутствие порядка очерёдности подключения абонентов",
         "Утвердить порядок очерёдности и размещать очередь на сайте", "до 30.05.2025",
         "Технический директор"],
        ["2.", "Прием на работу без конкурса", "Проводить конкурс на все вакантные должности",
         "постоянно", "Отдел кадров"],
        ["3.", "Закупки у одного поставщика", "Обосновывать закупки из одного источника "
         "служебной запиской", "II квартал 2025 г.", "Отдел закупок"],
    ]
    _table(d, header, rows)
    return d


def order_ru() -> docx.document.Document:
    """NOT a plan: the order on the analysis with the working group's members in a table."""
    d = _new()
    _para(d, "ГУ «Отдел образования Көктөбе района»", center=True, bold=True)
    _para(d, "ПРИКАЗ", center=True, bold=True)
    _para(d, "от 09 января 2025 года № 4-о")
    _para(d, "О проведении внутреннего анализа коррупционных рисков", bold=True)
    _para(d, "В соответствии с Типовыми правилами проведения внутреннего анализа коррупционных "
          "рисков ПРИКАЗЫВАЮ:")
    _para(d, "1. Провести внутренний анализ коррупционных рисков в период с 13.01.2025 по "
          "28.02.2025.")
    _para(d, "2. Утвердить состав рабочей группы:")
    header = ["№", "Ф.И.О.", "Должность", "Роль в рабочей группе"]
    rows: list[Row] = [
        ["1", "Сагиндыкова Г.Т.", "Заместитель руководителя", "Председатель"],
        ["2", "Есенов К.М.", "Главный специалист", "Член рабочей группы"],
        ["3", "Рахимова Л.А.", "Юрист", "Секретарь"],
    ]
    _table(d, header, rows)
    _para(d, "3. Контроль за исполнением настоящего приказа оставляю за собой.")
    _para(d, "Руководитель отдела ____________ Б.Н. Тулегенов")
    return d


_CASES: dict[str, Callable[[], docx.document.Document]] = {
    "hospital-ru": hospital_ru,
    "akimat-kk": akimat_kk,
    "college-ru": college_ru,
    "sport-school-kk": sport_school_kk,
    "rural-akimat-ru": rural_akimat_ru,
    "polyclinic-kk": polyclinic_kk,
    "measures-ru": measures_ru,
    "order-ru": order_ru,
}


def cases() -> list[str]:
    return list(_CASES)


def build(name: str) -> bytes:
    """The document's bytes, the same on every run (ZIP entries with a fixed timestamp)."""
    raw = io.BytesIO()
    _CASES[name]().save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w",
                                                         zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE / "docx"
    out.mkdir(parents=True, exist_ok=True)
    for name in cases():
        (out / f"{name}.docx").write_bytes(build(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
