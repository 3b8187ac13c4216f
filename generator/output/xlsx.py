"""A spreadsheet for people, one per language (openpyxl): the plan, the risks and the measures,
each a sheet with real dates, a frozen header row, filters and sized columns. (The CSV files
are for machines: Excel set to Russian or Kazakh opens them in one column.)"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from generator.domain.model import Project
from generator.output.context import BuildContext
from generator.output.render import SiteData
from generator.output.zipfixed import fixed_times

_WIDEST = 60  # characters; longer texts wrap


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                      for v in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text that starts with '=' is text, never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
                cell.alignment = Alignment(vertical="top")
    for i, column in enumerate(sheet.iter_cols(), start=1):
        longest = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest, 6) + 2, _WIDEST)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def workbook(project: Project, ctx: BuildContext, data: SiteData, lang: str) -> Workbook:
    s, c = ctx.strings[lang], ctx.strings[lang]["col"]
    book = Workbook()
    book.remove(book.active)
    _sheet(book, s["plan_table"],
           [c["number"], c["work"], c["direction"], c["deadline"], c["completed"],
            c["responsible"], c["status"]],
           [[r.number, r.work[lang], r.direction or "", r.deadline, r.completed,
             ", ".join(r.responsible[lang]), s["status"][r.status]] for r in data.rows])
    _sheet(book, s["register"],
           [c["direction"], c["indicator"], s["col_level"], s["likelihood"], s["impact"],
            s["score"], s["recommendation"], c["responsible"], c["deadline"], s["col_measures"],
            s["col_state"]],
           [[f"{r.risk.direction.number}. {r.risk.direction.spec.title[lang]}",
             f"{r.risk.indicator.number}. {r.risk.indicator.text[lang]}",
             s["level"][r.level] if r.level else "", r.risk.finding.likelihood,
             r.risk.finding.impact, r.risk.finding.score,
             r.risk.finding.recommendation[lang] if r.risk.finding.recommendation else "",
             ", ".join(p.name[lang] for p in project.finding_responsible.get(r.key, [])),
             r.risk.finding.deadline, ", ".join(f"№{m.number}" for m in r.measures),
             s["addressed"] if r.addressed else s["not_addressed"]] for r in data.register])
    if data.measures:
        _sheet(book, s["col_measures"],
               [c["number"], s["col_measure"], s["col_risk"], c["responsible"], c["deadline"],
                c["completed"], s["measure_evidence"], c["status"]],
               [[m.number, m.text[lang], ", ".join(f"{d}/{n}" for d, n in m.risks),
                 ", ".join(m.responsible[lang]), m.deadline, m.completed,
                 m.evidence[lang] if m.evidence else "", s["status"][m.status]]
                for m in data.measures])
    return book


def write_xlsx(project: Project, ctx: BuildContext, data: SiteData, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime(ctx.today.year, ctx.today.month, ctx.today.day)
    for lang in ctx.languages:
        book = workbook(project, ctx, data, lang)
        book.properties.creator = book.properties.lastModifiedBy = "Adal"
        book.properties.created = book.properties.modified = moment
        buffer = io.BytesIO()
        # Workbook.save stamps `modified` with the clock; its writer, called directly, does not.
        ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
        (folder / f"plan-{lang}.xlsx").write_bytes(fixed_times(buffer.getvalue()))
