"""A spreadsheet for people, one per language (openpyxl): the plan, the risks and the measures,
each a sheet with real dates, a frozen header row, filters and sized columns. (The CSV files
are for machines: Excel set to Russian or Kazakh opens them in one column.)"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.domain.model import Project
from generator.output.context import BuildContext
from generator.output.exports import plan_extra_columns
from generator.output.render import SiteData
from generator.output.workbook import (
    ILLEGAL_CHARACTERS_RE,
    Alignment,
    ExcelWriter,
    Font,
    Workbook,
    get_column_letter,
)
from generator.output.zipfixed import fixed_times

_WIDEST = 60  # characters; longer texts wrap
# What Excel refuses in a sheet's name; an apostrophe may not start or end one.
_NOT_IN_TITLE = re.compile(r"[\\/?*\[\]:]")


def sheet_title(text: str) -> str:
    """A sheet's name from an interface string (a portal may reword it): what Excel refuses
    in a name becomes a space, at most 31 characters."""
    title = " ".join(_NOT_IN_TITLE.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", text)).split())
    return title[:31].strip(" '") or "-"


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(sheet_title(title))
    for row in [header, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                      for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                # A text that starts with '=' is text, never a formula: the data's, and the
                # headers' (interface strings, which a portal may reword).
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
                cell.alignment = Alignment(vertical="top")
    for i, column in enumerate(sheet.iter_cols(), start=1):
        longest = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest, 6) + 2, _WIDEST)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Printed: A4 landscape, as wide as the page, the header row on every page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


def workbook(project: Project, ctx: BuildContext, data: SiteData, lang: str) -> Workbook:
    s, c = ctx.strings[lang], ctx.strings[lang]["col"]
    book = Workbook()
    book.remove(book.active)
    extra_head, extra = plan_extra_columns(data.rows, project.plan.columns, lang, s)

    def direction_name(direction_id: str | None) -> str:
        """A direction by its name, as the reader knows it, not by its id."""
        direction = project.direction(direction_id)
        return direction.spec.title[lang] if direction else (direction_id or "")

    def risk_name(direction_id: str, number: int) -> str:
        return f"{direction_name(direction_id)}, {c['indicator_n'].format(n=number).lower()}"
    _sheet(book, s["plan_table"],
           [c["number"], c["work"], c["direction"], c["deadline"], c["completed"],
            c["responsible"], *extra_head, c["status"]],
           [[r.number, r.work[lang], direction_name(r.direction), r.deadline, r.completed,
             ", ".join(r.responsible[lang]), *[f(r) for f in extra], s["status"][r.status]]
            for r in data.rows])
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
               [[m.number, m.text[lang], "; ".join(risk_name(d, n) for d, n in m.risks),
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
        del book
        gc.collect()  # the workbook and its sheets refer to each other: freed now (see docx.py)
        (folder / f"plan-{lang}.xlsx").write_bytes(fixed_times(buffer.getvalue()))
