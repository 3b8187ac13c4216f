"""Word documents for the importer's tests, built with python-docx as Word would hold them.

`seed_docx` turns the approved plan of kindergarten №37 (tests/fixtures/approved-plan-37.txt,
exported from Word) back into a Word table: one row per item, the rows that continued an item
on the next page as rows with an empty № cell, the header repeated on the "second page", and
item 2's indicators numbered by Word's automatic list numbering instead of typed numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx

SEED = Path(__file__).resolve().parent / "fixtures" / "approved-plan-37.txt"
AUTO_NUMBERED_ITEM = 2


def _paragraphs(cell_text: str) -> list[str]:
    parts = re.findall(r"<p>(.*?)</p>", cell_text, re.S) or [cell_text]
    return [re.sub(r"</?i>", "", part).strip() for part in parts if part.strip()]


def seed_docx(target: Path) -> Path:
    lines = SEED.read_text("utf-8").split("\n")
    document = docx.Document()
    for line in lines[2:9]:
        if line.strip():
            document.add_paragraph(line.strip())
    header = lines[10].split("\t")
    rows = [line.split("\t") for line in lines[11:] if line.strip()]
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"

    def add(cells: list[str], number: str | None = None) -> None:
        row = table.add_row().cells
        for i, text in enumerate(cells[:4] + [""] * (4 - len(cells[:4]))):
            cell = row[i]
            paragraphs = _paragraphs(text) if text.strip() else []
            cell.paragraphs[0].text = ""
            for k, paragraph in enumerate(paragraphs):
                target_paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                typed = re.match(r"^(\d+)\)\s*(.*)$", paragraph)
                if i == 1 and number == str(AUTO_NUMBERED_ITEM) and typed:
                    target_paragraph.text = typed.group(2)
                    target_paragraph.style = document.styles["List Number"]
                else:
                    target_paragraph.text = paragraph

    add(header)
    for cells in rows:
        number = cells[0].strip().rstrip(".")
        if number == "5":
            add(header)  # Word repeats the header on each page
        add(cells, number or None)
    path = target / "plan-37.docx"
    document.save(str(path))
    return path


def russian_docx(target: Path) -> Path:
    """A Russian plan of a fictional organization: typed «1.» numbers, dates written in words
    and «до …», a direction the standard catalog does not have, line breaks in a cell."""
    document = docx.Document()
    for line in ("Утверждаю:", "Директор ТОО «Пример» (вымышленная организация)", "С.С. Сергеев",
                 "План работы по проведению внутреннего анализа коррупционных рисков"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=4)
    rows = [
        ["№", "Вид работы", "Срок", "Ответственные"],
        ["1.", ["Сбор информации по направлению «Управление персоналом», индикаторы:",
                "1. назначение на должность без проведения конкурсного отбора;",
                "2. закрытость информации о заработной плате работников."],
         "до 10.01.2025", "С.С. Сергеев"],
        ["2.", ["Сбор информации по направлению «Работа с обращениями граждан», индикаторы:",
                "1. нарушение сроков рассмотрения обращений;\n2. отсутствие журнала "
                "регистрации обращений."],
         "15 января 2025 г.", "А.Б. Ахметова, С.С.Сергеев"],
        ["3.", "Подготовка аналитической справки", "01.02.2025", "А.Б. Ахметова"],
        ["4.", "Согласование аналитической справки с комиссией", "10.02.2025",
         "Члены комиссии"],
    ]
    for cells in rows:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            lines = value if isinstance(value, list) else [value]
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    path = target / "plan-ru.docx"
    document.save(str(path))
    return path
