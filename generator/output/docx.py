"""The analytical reference as a Word document (python-docx), per language.

Same content and order as the reference page and its PDF, made from the same filtered
project, so an official can finish and sign it in Word: real headings (Word's Heading 1/2),
real tables (the header row repeats on each page), page numbers in the footer, and the font
the plan's settings name (Times New Roman 14 by default). The intranet document carries the
restricted-use mark in its header and marks internal parts. Byte-identical for the same
inputs: fixed document dates and ZIP entry times.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from generator.domain.dates import numeric
from generator.domain.model import Body, Party, Project
from generator.domain.reference import risk_level
from generator.domain.views import risk_map
from generator.output.context import BuildContext
from generator.output.prose import to_html
from generator.output.render import SiteData
from generator.output.zipfixed import fixed_times

_LEVEL_FILL = {"low": "C8E6C9", "medium": "FFE0B2", "high": "FFCDD2"}  # as on the site


class _Blocks(HTMLParser):
    """Sanitised prose HTML as plain-text blocks: paragraphs, list items, headings, cells."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._tag: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((self._tag or "p", text))
        self._text, self._tag = [], None


def prose_blocks(markdown: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(to_html(markdown))
    parser.close()
    parser._flush()
    return parser.blocks


class _Writer:
    def __init__(self, project: Project, ctx: BuildContext, data: SiteData, lang: str) -> None:
        self.project, self.ctx, self.data, self.lang = project, ctx, data, lang
        self.s = ctx.strings[lang]
        self.doc = Document()
        settings = project.plan.settings
        style = self.doc.styles["Normal"]
        style.font.name = settings.document_font
        style.font.size = Pt(settings.document_font_size)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), settings.document_font)
        for name in ("Heading 1", "Heading 2", "Title"):
            self.doc.styles[name].font.name = settings.document_font
        # python-docx finds the place of each new paragraph, and each style by name, by
        # searching the document: on a large portal that is quadratic. Paragraphs go before
        # the section properties directly, with style ids looked up once.
        self._end = self.doc.element.body.sectPr
        self._style_ids: dict[str, str] = {}

    def _paragraph(self, style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self.doc._body)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    # -- pieces ---------------------------------------------------------------------------
    def para(self, text: str = "", bold_label: str | None = None, italic: bool = False,
             center: bool = False) -> None:
        paragraph = self._paragraph()
        if bold_label:
            paragraph.add_run(bold_label + " ").bold = True
        run = paragraph.add_run(text)
        run.italic = italic
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def heading(self, text: str, level: int = 1) -> None:
        self._paragraph("Title" if level == 0 else f"Heading {level}").add_run(text)

    def prose(self, markdown: str, label: str | None = None) -> None:
        for i, (tag, text) in enumerate(prose_blocks(markdown)):
            prefix = "• " if tag == "li" else ""
            self.para(prefix + text, bold_label=label if i == 0 else None)

    def passages(self, body: Body) -> None:
        for passage in body.segments(self.lang, public_only=False):
            if not passage.public:
                self.para(self.s["internal"], italic=True)
            self.prose(passage.text)

    def table(self, rows: list[list[str]], header: bool = True) -> Any:
        # All rows at once: python-docx's add_row searches the table each time (quadratic).
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, (line, row) in enumerate(zip(table.rows, rows, strict=True)):
            for cell, text in zip(line.cells, row, strict=True):
                cell.text = text
                if header and r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
            if header and r == 0:  # repeat the header row on each page
                props = table.rows[0]._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                props.append(repeat)
        return table

    def names(self, parties: Iterable[Party]) -> str:
        return ", ".join(p.name[self.lang] for p in parties)

    def date(self, value: Any, empty: str = "—") -> str:
        return numeric(value) if value else empty

    # -- the document, in the order of the reference page --------------------------------
    def build(self) -> Document:
        s, lang, project, ref = self.s, self.lang, self.project, self.data.reference
        plan = project.plan
        if not self.ctx.public:
            header = self.doc.sections[0].header.paragraphs[0]
            header.text = s["restricted"]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._page_numbers()
        self.para(plan.organization[lang], center=True)
        self.heading(s["reference"], level=0)
        self.para(s["reference_doc"])
        doc_ref = plan.reference
        if doc_ref and (doc_ref.number or doc_ref.date):
            self.para(", ".join(x for x in (f"№ {doc_ref.number}" if doc_ref.number else "",
                                            self.date(doc_ref.date, "")) if x))
        self.table(self._facts(), header=False)
        for name, title in (("legal-acts", s["legal_acts"]), ("introduction", s["introduction"])):
            if name in project.prose:
                self.heading(title)
                self.passages(project.prose[name].body)
        self.heading(s["examined"])
        for i, r in enumerate(ref.results, 1):
            self.para(f"{i}. {r.direction.spec.title[lang]} — {s['col']['indicators'].lower()}: "
                      f"{r.indicators}")
        self.heading(s["findings_by_direction"])
        for r in ref.results:
            self._direction(r)
        self._summary_table()
        self._risk_map()
        self.heading(s["recommendations"])
        for rec in ref.recommendations:
            where = (f"({rec.risk.direction.spec.title[lang]}, "
                     f"{s['col']['indicator_n'].format(n=rec.risk.indicator.number).lower()})")
            internal = f" — {s['internal']}" if not rec.risk.public else ""
            self.para(f"{' '.join(t for _tag, t in prose_blocks(rec.text[lang]))} {where}"
                      f"{internal}", bold_label=f"{rec.number}.")
        if not ref.recommendations:
            self.para(s["no_recommendations"])
        self.heading(s["results_summary"])
        self.para(self._results_text())
        if "conclusion" in project.prose:
            self.heading(s["conclusion"])
            self.passages(project.prose["conclusion"].body)
        self._agreement()
        return self.doc

    def _facts(self) -> list[list[str]]:
        s, lang, plan, project = self.s, self.lang, self.project.plan, self.project
        period = (f"{numeric(plan.period.start)} — {numeric(plan.period.end)}" if plan.period
                  else s["period_unknown"])
        basis = "; ".join([b[lang] for b in plan.legal_basis] + [s["basis_plan"].format(
            title=plan.title[lang], approver=project.approver.name[lang])])
        rows = [[s["object"], plan.organization[lang]], [s["period"], period], [s["basis"], basis]]
        if plan.analysis and plan.analysis.order:
            rows.append([s["order"], f"№ {plan.analysis.order.number}, "
                                     f"{numeric(plan.analysis.order.date)}"])
        if plan.analysis and plan.analysis.start:
            end = f" — {numeric(plan.analysis.end)}" if plan.analysis.end else ""
            rows.append([s["analysis_dates"], numeric(plan.analysis.start) + end])
        group = ", ".join(p.name[lang] + (f" ({s['leader']})" if p == project.group_leader else "")
                          for p in project.working_group)
        rows.append([s["working_group"], group])
        if project.commission_members:
            rows.append([s["commission"], self.names(project.commission_members)])
        return rows

    def _direction(self, r: Any) -> None:
        s, lang = self.s, self.lang
        self.heading(f"{r.direction.spec.number}. {r.direction.spec.title[lang]}", level=2)
        if r.outcome == "withheld":
            self.para(s["withheld_results"], italic=True)
        elif r.outcome == "no-risks":
            self.para(s["no_risks"])
        elif r.outcome == "not-assessed":
            self.para(s["no_findings_yet"])
        for risk in r.risks:
            if not risk.public:
                self.para(s["internal"], italic=True)
            number = risk.indicator.number if risk.indicator.numbered_in_plan else \
                f"{risk.indicator.number} ({s['unnumbered']})"
            self.para(risk.indicator.text[lang],
                      bold_label=s["col"]["indicator_n"].format(n=number) + ".")
            finding = risk.finding
            for key in ("evidence", "causes", "recommendation"):
                text = getattr(finding, key)
                if text is not None:
                    self.prose(text[lang], label=s[key] + ".")
            people = self.project.finding_responsible.get((risk.direction.id,
                                                           risk.indicator.number), [])
            if people:
                self.para(self.names(people), bold_label=s["rec_responsible"] + ":")
            if finding.deadline:
                self.para(numeric(finding.deadline), bold_label=s["rec_deadline"] + ":")
            if finding.score:
                level = risk_level(finding.score, self.project.plan.settings.risk_levels)
                self.para(f"{finding.likelihood} × {finding.impact} = {finding.score} "
                          f"({s['level'][level]})", bold_label=s["score"] + ":")
        if r.risks_withheld:
            self.para(s["withheld_risks"].format(n=r.risks_withheld), italic=True)

    def _summary_table(self) -> None:
        s, lang, ref = self.s, self.lang, self.data.reference
        self.heading(s["summary_table"])

        def count(value: int | None) -> str:
            return "—" if value is None else str(value)

        rows = [["№", s["direction"], s["col"]["indicators"], s["col"]["examined"],
                 s["col"]["risks"]]]
        for r in ref.results:
            areas = f" ({s['areas_of'].lower()})" if r.direction.spec.kind == "areas" else ""
            rows.append([str(r.direction.spec.number), r.direction.spec.title[lang],
                         f"{r.indicators}{areas}", count(r.examined_total),
                         count(r.risks_identified)])
        areas = f" {s['areas_total'].format(n=ref.total_areas)}" if ref.total_areas else ""
        rows.append(["", s["total"], f"{ref.total_indicators}{areas}",
                     count(ref.total_examined), count(ref.total_risks)])
        self.table(rows)

    def _risk_map(self) -> None:
        """Likelihood (rows, 5 to 1) × impact (columns): risks per cell, shaded by level."""
        s = self.s
        levels = self.project.plan.settings.risk_levels
        if not self.data.register:
            return
        cells, unscored = risk_map(self.data.register)
        self.heading(s["risk_map"])
        self.para(s["risk_map_caption"], italic=True)
        rows = [[f"{s['likelihood']} \\ {s['impact']}", *map(str, range(1, 6))]]
        rows += [[str(lk), *(str(len(cells.get((lk, im), [])) or "") for im in range(1, 6))]
                 for lk in range(5, 0, -1)]
        table = self.table(rows)
        for r, lk in enumerate(range(5, 0, -1), start=1):
            for im in range(1, 6):
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), _LEVEL_FILL[risk_level(lk * im, levels) or "low"])
                table.rows[r].cells[im]._tc.get_or_add_tcPr().append(shade)
        text = s["risk_map_levels"].format(medium=levels.medium, high=levels.high,
                                           high_below=levels.high - 1)
        self.para(text + (" " + s["unscored"].format(n=unscored) if unscored else ""),
                  italic=True)

    def _results_text(self) -> str:
        s, ref = self.s, self.data.reference
        text = s["results_text"].format(
            directions=len(ref.results),
            examined="—" if ref.total_examined is None else ref.total_examined,
            risks="—" if ref.total_risks is None else ref.total_risks,
            recommendations=len(ref.recommendations))
        counts = ref.level_counts(self.project.plan.settings.risk_levels)
        if counts:
            key = "results_levels_published" if ref.withholds else "results_levels"
            text += " " + s[key].format(**counts)
        return text

    def _agreement(self) -> None:
        s, project = self.s, self.project
        self.heading(s["agreement"])
        agreed = project.plan.reference.agreed if project.plan.reference else None
        if agreed or project.commission_members:
            self.para(self.date(agreed, "____________"), bold_label=s["agreed_on"] + ":")
        self.para(s["working_group"] + ":", bold_label=None)
        for party in project.working_group:
            self._signature(party)
        if project.commission_members:
            self.para(s["agreed_heading"])
            for party in project.commission_members:
                self._signature(party)

    def _signature(self, party: Party) -> None:
        lang, s = self.lang, self.s
        position = f"{party.position[lang]} " if party.position else ""
        leader = f" ({s['leader']})" if party == self.project.group_leader else ""
        self.para(f"{position}{party.name[lang]}{leader}    ____________ {s['signature']}"
                  f"    ____________ {s['date_line']}")

    def _page_numbers(self) -> None:
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            run = footer.add_run()
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)


def write_reference_docx(project: Project, ctx: BuildContext, data: SiteData,
                         folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime(ctx.today.year, ctx.today.month, ctx.today.day)
    for lang in ctx.languages:
        document = _Writer(project, ctx, data, lang).build()
        props = document.core_properties
        props.created = props.modified = moment
        props.last_printed = moment
        props.author = props.last_modified_by = "Adal"
        props.title = re.sub(r"\s+", " ", ctx.strings[lang]["reference"])
        buffer = io.BytesIO()
        document.save(buffer)
        (folder / f"analytical-reference-{lang}.docx").write_bytes(
            fixed_times(buffer.getvalue()))
