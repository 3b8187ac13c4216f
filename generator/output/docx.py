"""The analytical reference as a Word document (python-docx), per language.

Built from the same data and in the same order as the reference page and its PDF: the parts
of `ReferenceData.sections` (domain/reference.py), each under the heading the page gives it,
so an official can finish and sign it in Word. Laid out as an official document: A4, margins
30 / 15 / 20 / 20 mm, one serif family (the plan's `document_font`, Times New Roman 14 by
default) in every style, headings included, the document's language set (kk-KZ / ru-RU), real
headings, tables whose header row repeats and whose rows never split, the signature block kept
together, page numbers in the footer. The intranet document carries the restricted-use mark in
its header; a draft carries «ЖОБА» / «ПРОЕКТ» above everything on every page. Byte-identical
for the same inputs: fixed document dates and ZIP entry times.

Written with python-docx from the shared structure rather than from a Word template
(docxtpl): a template a portal could replace would be a second layout to keep in step with the
page, and a Word file from a portal is one more untrusted input to validate.
"""

from __future__ import annotations

import gc
import io
import re
import subprocess
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from fontTools.ttLib import TTFont, TTLibError
from lxml.etree import SubElement

from generator.domain.dates import numeric
from generator.domain.grammar import date_in_words, inflectable
from generator.domain.measures_doc import MeasuresDocument, measures_document
from generator.domain.model import Body, Party, Project
from generator.domain.reference import DirectionResult, risk_level
from generator.domain.schema import Indicator
from generator.domain.views import MeasureRow, risk_map
from generator.domain.wording import applied, proposed, proposed_in, proposed_text
from generator.output.context import BuildContext
from generator.output.pdf import BLANK_DATE, measure_groups, measures_head
from generator.output.prose import to_html
from generator.output.render import SiteData
from generator.output.zipfixed import fixed_times

_LEVEL_FILL = {"low": "C8E6C9", "medium": "FFE0B2", "high": "FFCDD2"}  # as on the site
LANGUAGE = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
TEXT_WIDTH_MM = 165  # A4 less the margins (30 mm left, 15 mm right)
TABLE_PT = 12  # tables in 12 pt, the text in the plan's size (14 pt)
_CELL_PADDING_MM = 4.5  # Word's cell margins (1.9 mm a side) and a little
_PT_MM = 25.4 / 72
# A line may break at a space (not at a no-break space) or after a hyphen.
_WORDS = re.compile(r"[ \t\n\r\f\v]+|(?<=-)")


@cache
def _advances(family: str, bold: bool) -> tuple[dict[int, int], int] | None:
    """The advance widths of the installed font Word's `family` stands for (fontconfig's
    choice: Liberation Serif for Times New Roman, which has its metrics); None without one."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}",
                                f"{family}:{'bold' if bold else 'regular'}"],
                               capture_output=True, text=True, timeout=60, check=False)
        font = TTFont(found.stdout.strip(), fontNumber=0, lazy=True)
        widths = {code: font["hmtx"][name][0] for code, name in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm
    except (OSError, subprocess.SubprocessError, KeyError, TTLibError):
        return None


@lru_cache(maxsize=1 << 16)  # a table's words repeat: each measured once
def text_width_mm(text: str, family: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets in the font (an estimate of a wide letter without one)."""
    metrics = _advances(family, bold)
    if metrics is None:
        return len(text) * 0.65 * size_pt * _PT_MM
    widths, em = metrics
    return sum(widths.get(ord(c), em // 2) for c in text) / em * size_pt * _PT_MM


def fit_widths(rows: list[list[str]], total_mm: float, family: str,
               size_pt: int = TABLE_PT, header: bool = True) -> list[float]:
    """Column widths fitted to their content: each column at least as wide as its longest
    word (no word broken inside), the rest of `total_mm` shared by how much more each
    column's longest line would take."""
    def width(text: str, bold: bool) -> float:
        return text_width_mm(text, family, size_pt, bold) + _CELL_PADDING_MM

    low = [0.0] * len(rows[0])
    want = [0.0] * len(rows[0])
    for r, row in enumerate(rows):
        bold = header and r == 0
        for i, text in enumerate(row):
            low[i] = max([low[i], *(width(w, bold) for w in _WORDS.split(text) if w)])
            want[i] = max([want[i], *(width(line, bold) for line in text.split("\n"))])
    spare = total_mm - sum(low)
    if spare <= 0:  # even the longest words do not fit: shrink all alike
        return [w * total_mm / sum(low) for w in low]
    extra = [w - lo for w, lo in zip(want, low, strict=True)]
    if sum(extra) <= spare:  # everything fits on one line: share what is left alike
        rest = (spare - sum(extra)) / len(low)
        return [w + rest for w in want]
    return [lo + e * spare / sum(extra) for lo, e in zip(low, extra, strict=True)]


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


_PPR, _JC, _KEEP_NEXT, _SPACING = qn("w:pPr"), qn("w:jc"), qn("w:keepNext"), qn("w:spacing")
_VAL = qn("w:val")
_R, _RPR, _T, _B, _I, _SZ = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:b"), qn("w:i"), qn("w:sz")
_TAB, _BR, _PRESERVE = qn("w:tab"), qn("w:br"), qn("xml:space")
_CONTROLS = re.compile(r"([\t\r\n])")


def _run(p: Any, text: str, bold: bool | None = None, italic: bool | None = None,
         size: str | None = None, line_break: bool = False) -> None:
    """A run of `text` at the end of paragraph element `p`, made as python-docx's
    `add_run(text)` with `bold`, `italic` and the font size (`size`, half-points) set and
    `add_break()` after would make it, element for element: properties in the schema's
    order, a tab as `w:tab`, a line end as `w:br`, `xml:space="preserve"` on a text with
    spaces at an end."""
    r = SubElement(p, _R)
    if bold is not None or italic is not None or size is not None:
        props = SubElement(r, _RPR)
        for tag, value in ((_B, bold), (_I, italic)):
            if value is not None:
                flag = SubElement(props, tag)
                if not value:
                    flag.set(_VAL, "0")
        if size is not None:
            SubElement(props, _SZ).set(_VAL, size)
    for part in _CONTROLS.split(text):
        if part == "\t":
            SubElement(r, _TAB)
        elif part in ("\r", "\n"):
            SubElement(r, _BR)
        elif part:
            t = SubElement(r, _T)
            t.text = part
            if len(part.strip()) < len(part):
                t.set(_PRESERVE, "preserve")
    if line_break:
        SubElement(r, _BR)


def _one_font(element: Any, font: str) -> None:
    """Every script of a run properties element in `font`, and no theme font over it (Word
    prefers a theme font to a named one)."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _set_language(element: Any, tag: str) -> None:
    lang = element.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        element.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)


def official_document(font: str, size: int, lang: str) -> Any:
    """An empty A4 document laid out as an official one, every style in `font`."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _one_font(r_pr, font)
    _set_language(r_pr, LANGUAGE.get(lang, lang))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    _one_font(normal.element.get_or_add_rPr(), font)
    _set_language(normal.element.get_or_add_rPr(), LANGUAGE.get(lang, lang))
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.0
    for style in doc.styles:
        r_pr = getattr(style.element, "rPr", None)
        if r_pr is not None and r_pr.find(qn("w:rFonts")) is not None:
            _one_font(r_pr, font)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _one_font(style.element.get_or_add_rPr(), font)
        p_pr = style.element.get_or_add_pPr()
        border = p_pr.find(qn("w:pBdr"))
        if border is not None:
            p_pr.remove(border)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


class DocWriter:
    """Paragraphs, headings and tables of an official document."""

    def __init__(self, project: Project, ctx: BuildContext, lang: str) -> None:
        self.project, self.ctx, self.lang = project, ctx, lang
        self.s = ctx.strings[lang]
        settings = project.plan.settings
        self.doc = official_document(settings.document_font, settings.document_font_size, lang)
        # python-docx finds the place of each new paragraph, and each style by name, by
        # searching the document: on a large portal that is quadratic. Paragraphs go before
        # the section properties directly, with style ids looked up once.
        self._end = self.doc.element.body.sectPr
        self._style_ids: dict[str, str] = {}

    def fmt(self, key: str, **fields: Any) -> str:
        """An interface string with its numbers inflectable (domain/grammar.py)."""
        return str(self.s[key]).format(**{k: inflectable(v) for k, v in fields.items()})

    def _paragraph(self, style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self.doc._body)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def para(self, text: str = "", bold_label: str | None = None, italic: bool = False,
             center: bool = False, bold: bool = False, keep: bool = False) -> Paragraph:
        """A paragraph of `text` (after `bold_label` in bold), left or centred. Its elements
        are made directly (`_run`): python-docx's `add_run` and run properties search each
        element's children for the place of every new one, which took most of a large
        portal's document (the XML is the same)."""
        paragraph = self._paragraph()
        p = paragraph._p
        props = SubElement(p, _PPR)
        if keep:
            SubElement(props, _KEEP_NEXT)
        SubElement(props, _JC).set(_VAL, "center" if center else "left")
        if bold_label:
            _run(p, bold_label + " ", bold=True)
        _run(p, text, italic=italic, bold=bold or None)
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        _run(self._paragraph("Title" if level == 0 else f"Heading {level}")._p, text)

    def _last_paragraph(self) -> Paragraph:
        """The paragraph written last (just before the section properties)."""
        return Paragraph(self._end.getprevious(), self.doc._body)

    def prose(self, markdown: str, label: str | None = None, after: str = "") -> None:
        blocks = prose_blocks(markdown)
        for i, (tag, text) in enumerate(blocks):
            prefix = "• " if tag == "li" else ""
            tail = f" {after}" if after and i == len(blocks) - 1 else ""
            self.para(prefix + text + tail, bold_label=label if i == 0 else None)

    def passages(self, body: Body) -> None:
        for passage in body.segments(self.lang, public_only=False):
            if not passage.public:
                self.para(self.s["internal"], italic=True)
            self.prose(passage.text)

    def table(self, rows: list[list[str]], widths_mm: list[float] | None = None,
              header: bool = True, borders: bool = True, size_pt: int = TABLE_PT) -> Table:
        """A table with its columns fitted to their content (`fit_widths`, or the widths
        given): the header row repeats on each page, no row splits across pages."""
        widths_mm = widths_mm or fit_widths(rows, TEXT_WIDTH_MM,
                                            self.project.plan.settings.document_font,
                                            size_pt, header)
        # All rows at once: python-docx's add_row searches the table each time (quadratic).
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        if borders:
            table.style = "Table Grid"
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = str(size_pt * 2)  # Word's half-points
        for r, (line, row) in enumerate(zip(table.rows, rows, strict=True)):
            props = line._tr.get_or_add_trPr()
            props.append(OxmlElement("w:cantSplit"))
            if header and r == 0:  # repeat the header row on each page
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                props.append(repeat)
            bold = True if header and r == 0 else None
            for tc, text, width in zip(line._tr.tc_lst, row, widths_mm, strict=True):
                tc.tcPr.tcW.width = Mm(width)  # the table's own (python-docx's add_table)
                lines = text.split("\n")
                p = tc.p_lst[0]
                for i, part in enumerate(lines):  # made directly, as in `para`
                    _run(p, part, bold=bold, size=size, line_break=i < len(lines) - 1)
                props = SubElement(p, _PPR)
                p.insert(0, props)
                SubElement(props, _SPACING).set(qn("w:after"), "0")
                if text.isdigit():  # counts line up on the right
                    SubElement(props, _JC).set(_VAL, "right")
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        return table

    def names(self, parties: Iterable[Party]) -> str:
        return ", ".join(p.name[self.lang] for p in parties)

    def marks(self, draft: bool) -> None:
        """The header on every page: the draft mark above all, the restricted-use mark."""
        header = self.doc.sections[0].header
        first = header.paragraphs[0]
        lines = ([(self.s["draft_mark"], True)] if draft else []) + \
            ([(self.s["restricted"], False)] if not self.ctx.public else [])
        for i, (text, bold) in enumerate(lines):
            paragraph = first if i == 0 else header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(" ".join(text.split())).bold = bold

    def page_numbers(self) -> None:
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

    def signature_block(self, title: str, parties: list[Party], when_label: str,
                        when: date | None, leader: Party | None = None, blanks: int = 0) -> None:
        """«Жұмыс тобы:» / «Келісілді:», then per person: position and name, a line to sign,
        a line for the date; the date recorded, or a line for it. Kept on one page."""
        s = self.s
        self.para(title, bold=True, keep=True).paragraph_format.space_before = Pt(12)
        rows = []
        for party in parties:
            position = f"{party.position[self.lang]}\n" if party.position else ""
            mark = f" ({s['leader']})" if leader is not None and party == leader else ""
            rows.append([f"{position}{party.name[self.lang]}{mark}",
                         f"____________\n{s['signature']}", f"____________\n{s['date_line']}"])
        rows += [["______________________", f"____________\n{s['signature']}",
                  f"____________\n{s['date_line']}"]] * blanks
        if rows:
            table = self.table(rows, [85, 40, 40], header=False, borders=False,
                               size_pt=self.project.plan.settings.document_font_size)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
                        paragraph.paragraph_format.space_before = Pt(8)
                for cell in row.cells[1:]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para(numeric(when) if when else BLANK_DATE, bold_label=f"{when_label}:")

    def finish(self, title: str) -> bytes:
        props = self.doc.core_properties
        moment = datetime(self.ctx.today.year, self.ctx.today.month, self.ctx.today.day)
        props.created = props.modified = moment
        props.last_printed = moment
        props.author = props.last_modified_by = "Adal"
        props.title = re.sub(r"\s+", " ", title)
        props.language = LANGUAGE.get(self.lang, self.lang)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return fixed_times(buffer.getvalue())


class _Reference(DocWriter):
    def __init__(self, project: Project, ctx: BuildContext, data: SiteData, lang: str) -> None:
        super().__init__(project, ctx, lang)
        self.data = data

    def build(self) -> DocWriter:
        s, lang, plan, ref = self.s, self.lang, self.project.plan, self.data.reference
        self.marks(draft=not ref.final)
        self.page_numbers()
        self.para(plan.organization[lang], center=True, bold=True)
        self.heading(s["reference"], level=0)
        self.para(s["reference_subject"], center=True)
        doc_ref = plan.reference
        if doc_ref and (doc_ref.number or doc_ref.date):
            self.para(", ".join(x for x in (f"№ {doc_ref.number}" if doc_ref.number else "",
                                            numeric(doc_ref.date) if doc_ref.date else "") if x),
                      center=True)
        for section in ref.sections:
            if section.heading:
                self.heading(s[section.heading])
            getattr(self, "_" + section.id.replace("-", "_"))()
        return self

    # -- the parts, as the page's `sec_*` macros write them -------------------------------
    def _introduction(self) -> None:
        self.passages(self.project.prose["introduction"].body)

    def _legal_acts(self) -> None:
        self.passages(self.project.prose["legal-acts"].body)

    def _basis(self) -> None:
        plan, lang, project = self.project.plan, self.lang, self.project
        for i, basis in enumerate(plan.legal_basis, 1):
            self.para(f"{i}) {basis[lang]};")
        approval = plan.approval
        if approval.by is not None:  # approved by an order: whose, its date and №
            order = approval.order
            # whose order in one wording copied into both languages: that language's sentence
            al = project.approval_language(lang)
            sa = self.ctx.strings[al]
            fields = {"title": inflectable(plan.title[al]), "by": inflectable(approval.by[al])}
            text = (str(sa["basis_plan_order"]).format(
                        date=inflectable(date_in_words(order.date, al, "attr")),
                        number=inflectable(order.number), **fields)
                    if order else str(sa["basis_plan_order_pending"]).format(**fields))
        else:
            fields = {"title": plan.title[lang],
                      "position": approval.position[lang] if approval.position else "",
                      "approver": project.approver.name[lang] if project.approver else ""}
            text = (self.fmt("basis_plan_dated", date=date_in_words(approval.date, lang),
                             **fields) if approval.date else self.fmt("basis_plan", **fields))
        self.para(f"{len(plan.legal_basis) + 1}) {text}.")

    def _working_group(self) -> None:
        s, lang, plan, project = self.s, self.lang, self.project.plan, self.project
        order = plan.analysis.order if plan.analysis else None
        self.para(self.fmt("group_order", date=date_in_words(order.date, lang, "attr"),
                           number=order.number) if order else s["group_order_missing"])
        for i, party in enumerate(project.working_group, 1):
            position = f", {party.position[lang]}" if party.position else ""
            leader = f" ({s['leader']})" if party == project.group_leader else ""
            self.para(f"{i}. {party.name[lang]}{position}{leader}")
        if not project.working_group:  # the plan names none: no name is made up
            self.para(s["group_not_stated"])

    def _period(self) -> None:
        s, plan = self.s, self.project.plan
        self.para(plan.organization[self.lang], bold_label=s["object"] + ":")
        period = (f"{numeric(plan.period.start)} — {numeric(plan.period.end)}" if plan.period
                  else s["period_unknown"])
        self.para(period, bold_label=s["period"] + ":")
        if plan.analysis and plan.analysis.start:
            end = f" — {numeric(plan.analysis.end)}" if plan.analysis.end else ""
            self.para(numeric(plan.analysis.start) + end, bold_label=s["analysis_dates"] + ":")

    def _planned(self) -> str:
        ref = self.data.reference
        return self.fmt("directions_planned", planned=ref.planned,
                        assessed="—" if ref.assessed is None else ref.assessed)

    def _findings(self) -> None:
        s, lang = self.s, self.lang
        self.para(self._planned())
        for r in self.data.reference.results:  # the catalog numbers, as the headings below
            counted = s["areas_of"] if r.direction.spec.kind == "areas" else s["col"]["indicators"]
            self.para(f"{r.direction.spec.number}. {r.direction.spec.title[lang]} — "
                      f"{counted.lower()}: {r.indicators}")
        for r in self.data.reference.results:
            self._direction(r)

    def _direction(self, r: DirectionResult) -> None:
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
            unnumbered = "" if risk.indicator.numbered_in_plan else f" ({s['unnumbered']})"
            self.para(f"{risk.indicator.number}) {risk.indicator.text[lang]}{unnumbered}")
            self._wording(risk.indicator)
            finding = risk.finding
            for key in ("evidence", "causes"):
                text = getattr(finding, key)
                if text is not None:
                    self.prose(text[lang], label=s[key] + ".")
            if finding.score:
                level = risk_level(finding.score, self.project.plan.settings.risk_levels)
                self.para(f"{finding.likelihood} × {finding.impact} = {finding.score} "
                          f"({s['level'][level]})", bold_label=s["score"] + ":")
        if r.risks_withheld:
            self.para(self.fmt("withheld_risks", n=r.risks_withheld), italic=True)

    def _wording(self, indicator: Indicator) -> None:
        """The approved wording beside a corrected text, and a proposed correction of its
        meaning beside the approved text, as on the page (the `wording` macro)."""
        s = self.s
        fixes = applied(indicator)
        if indicator.approved and fixes:
            reasons = "".join(f" — {c.reason[self.lang]}" for c in fixes if c.reason)
            self.para(f"«{indicator.approved}»{reasons}", bold_label=s["approved_wording"] + ":",
                      italic=True)
        changes = proposed(indicator)
        if changes:
            text = proposed_in(indicator, self.lang) or proposed_text(indicator)
            reasons = " ".join(c.reason[self.lang] for c in changes if c.reason)
            self.para(f"«{text}». {s['reason']}: {reasons}",
                      bold_label=s["proposed_correction"] + ":", italic=True)

    def _risks(self) -> None:
        s, lang, ref = self.s, self.lang, self.data.reference
        levels = self.project.plan.settings.risk_levels
        if ref.risks:
            rows = [["№", s["direction"], s["col"]["indicator"], s["score"]]]
            for i, risk in enumerate(ref.risks, 1):
                finding = risk.finding
                score = (f"{finding.likelihood} × {finding.impact} = {finding.score} "
                         f"({s['level'][risk_level(finding.score, levels)]})"
                         if finding.score else "—")
                internal = f" ({s['internal_tag']})" if not risk.public else ""
                rows.append([str(i), risk.direction.spec.title[lang],
                             f"{risk.indicator.number}) {risk.indicator.text[lang]}{internal}",
                             score])
            self.table(rows)
        pending = ", ".join(map(str, ref.pending_numbers))
        said = {"not-done": s["analysis_not_done"], "none-found": s["no_risks"],
                "none-found-so-far": self.fmt(
                    "no_risks_so_far", assessed=", ".join(map(str, ref.assessed_numbers)),
                    pending=pending),
                "pending": self.fmt("directions_pending", pending=pending),
                "": ""}[ref.risks_conclusion]
        if said:
            self.para(said)
        self._risk_map()

    def _risk_map(self) -> None:
        """Likelihood (rows, 5 to 1) × impact (columns): risks per cell, shaded by level."""
        s = self.s
        levels = self.project.plan.settings.risk_levels
        if not self.data.register:
            return
        cells, unscored = risk_map(self.data.register)
        self.heading(s["risk_map"], level=2)
        self.para(s["risk_map_caption"], italic=True, keep=True)
        rows = [[f"{s['likelihood']} \\ {s['impact']}", *map(str, range(1, 6))]]
        rows += [[str(lk), *(str(len(cells.get((lk, im), [])) or "") for im in range(1, 6))]
                 for lk in range(5, 0, -1)]
        table = self.table(rows, [50, 14, 14, 14, 14, 14])
        for row in table.rows:  # the map stays on one page
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
                if cell is not row.cells[0]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r, lk in enumerate(range(5, 0, -1), start=1):
            for im in range(1, 6):
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), _LEVEL_FILL[risk_level(lk * im, levels) or "low"])
                table.rows[r].cells[im]._tc.get_or_add_tcPr().append(shade)
        text = self.fmt("risk_map_levels", medium=levels.medium, high=levels.high,
                        high_below=levels.high - 1)
        self.para(text + (" " + self.fmt("unscored", n=unscored) if unscored else ""),
                  italic=True)

    def _recommendations(self) -> None:
        s, lang, ref = self.s, self.lang, self.data.reference
        for rec in ref.recommendations:
            where = (f"({rec.risk.direction.spec.title[lang]}, "
                     f"{self.fmt_col('indicator_n', n=rec.risk.indicator.number).lower()})")
            internal = f" — {s['internal']}" if not rec.risk.public else ""
            self.prose(rec.text[lang], label=f"{rec.number}.", after=where + internal)
            owner = self.names(rec.responsible) if rec.responsible else s["period_unknown"]
            deadline = numeric(rec.deadline) if rec.deadline else s["no_deadline"]
            p = self._paragraph()._p
            _run(p, f"{s['rec_responsible']}: ", bold=True)
            _run(p, f"{owner}; ")
            _run(p, f"{s['rec_deadline']}: ", bold=True)
            _run(p, f"{deadline}.")
        if ref.recommendations_conclusion:
            pending = ", ".join(map(str, ref.pending_numbers))
            self.para({"not-done": s["no_recommendations_yet"],
                       "none-so-far": self.fmt("no_recommendations_so_far", pending=pending),
                       "none": s["no_recommendations"]}[ref.recommendations_conclusion])

    def fmt_col(self, key: str, **fields: Any) -> str:
        return str(self.s["col"][key]).format(**{k: inflectable(v) for k, v in fields.items()})

    def _summary(self) -> None:
        s, lang, ref = self.s, self.lang, self.data.reference

        def count(value: int | None) -> str:
            return "—" if value is None else str(value)

        text = self.fmt("results_text", examined=count(ref.total_examined),
                        risks=count(ref.total_risks), recommendations=len(ref.recommendations))
        counts = ref.level_counts(self.project.plan.settings.risk_levels)
        if counts:
            key = "results_levels_published" if ref.withholds else "results_levels"
            text += " " + self.fmt(key, **counts)
        self.para(f"{self._planned()} {text}")
        rows = [["№", s["direction"], s["col"]["indicators"], s["col"]["examined"],
                 s["col"]["risks"]]]
        for r in ref.results:
            areas = f" ({s['areas_of'].lower()})" if r.direction.spec.kind == "areas" else ""
            rows.append([str(r.direction.spec.number), r.direction.spec.title[lang],
                         f"{r.indicators}{areas}", count(r.examined_total),
                         count(r.risks_identified)])
        areas = f" {self.fmt('areas_total', n=ref.total_areas)}" if ref.total_areas else ""
        rows.append(["", s["total"], f"{ref.total_indicators}{areas}",
                     count(ref.total_examined), count(ref.total_risks)])
        table = self.table(rows)
        for cell in table.rows[-2].cells:  # the totals row never starts a page alone
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        if "conclusion" in self.project.prose:
            self.heading(s["conclusion"], level=2)
            # centred like every section heading, as the PDF prints it
            self._last_paragraph().alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.passages(self.project.prose["conclusion"].body)

    def _agreement(self) -> None:
        s, project, ref = self.s, self.project, self.data.reference
        self.signature_block(s["working_group"] + ":", project.working_group, s["signed_on"],
                             ref.signing.signed, leader=project.group_leader,
                             blanks=0 if project.working_group else 3)
        members = project.commission_members
        self.signature_block(s["agreed_heading"], members, s["agreed_on"], ref.signing.agreed,
                             blanks=0 if members else 2)


class _Measures(DocWriter):
    """The plan of measures in the reference's style: the approval block, the organization,
    the title, the table of measures (the rows the PDF prints: `pdf.measure_groups`)."""

    def __init__(self, project: Project, ctx: BuildContext, document: MeasuresDocument,
                 lang: str) -> None:
        super().__init__(project, ctx, lang)
        self.document = document

    def build(self) -> DocWriter:
        s, lang, plan, doc = self.s, self.lang, self.project.plan, self.document
        self.marks(draft=not doc.final)
        self.page_numbers()
        approval = doc.approval
        position = approval.position[lang] if approval and approval.position else ""
        name = approval.person.name[lang] if approval and approval.person else "_" * 14
        when = numeric(approval.date) if approval and approval.date else BLANK_DATE
        block = [(str(s["approved"]).upper(), True), (position or "_" * 28, False),
                 (f"____________ {name}", False), (when, False)]
        for i, (text, bold) in enumerate(block):
            paragraph = self.para(text, bold=bold, keep=i < len(block) - 1)
            paragraph.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM / 2)
            paragraph.paragraph_format.space_after = Pt(2)
            if i == 2:
                paragraph.paragraph_format.space_before = Pt(10)
        self.para("").paragraph_format.space_after = Pt(6)
        self.para(plan.organization[lang], center=True, bold=True)
        self.heading(s["measures_title"], level=0)
        if plan.period:
            self.para(f"{s['period']}: {numeric(plan.period.start)} — "
                      f"{numeric(plan.period.end)}", center=True)
        groups = measure_groups(doc, s, lang)
        rows = [measures_head(s)]
        spans = []  # the rows naming a risk: one cell across the table
        for risk, cells in groups:
            spans.append(len(rows))
            rows.append([risk, *[""] * (len(rows[0]) - 1)])
            rows += [["\n".join(cell) for cell in row] for row in cells]
        measured = [row for i, row in enumerate(rows) if i not in spans]
        widths = fit_widths(measured, TEXT_WIDTH_MM, self.project.plan.settings.document_font)
        table = self.table(rows, widths)
        for i in spans:
            line = table.rows[i]
            merged = line.cells[0].merge(line.cells[-1])
            for paragraph in merged.paragraphs[1:]:  # the empty cells' paragraphs
                paragraph._p.getparent().remove(paragraph._p)
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # with its measure
            merged.paragraphs[0].runs[0].italic = True
        self.para(str(s["as_of"]).format(date=numeric(self.ctx.today)),
                  italic=True).paragraph_format.space_before = Pt(6)
        if doc.withheld:
            self.para(str(s["measures_withheld"]).format(n=doc.withheld), italic=True)
        return self


def write_measures_docx(project: Project, ctx: BuildContext, rows: list[MeasureRow],
                        folder: Path) -> None:
    """The plan of measures as this build shows it (`rows`: the measures page's rows) as a
    Word document per language (`measures-plan-<lang>.docx`); nothing without a measure."""
    document = measures_document(project, rows)
    if document is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ctx.languages:
        blob = _Measures(project, ctx, document, lang).build().finish(
            ctx.strings[lang]["measures_title"])
        gc.collect()  # see write_reference_docx
        (folder / f"measures-plan-{lang}.docx").write_bytes(blob)


def write_reference_docx(project: Project, ctx: BuildContext, data: SiteData,
                         folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ctx.languages:
        blob = _Reference(project, ctx, data, lang).build().finish(ctx.strings[lang]["reference"])
        # python-docx's document and its package refer to each other: without a collection
        # each language's document stayed in memory until the collector's next full pass
        # (37 MB a language on the 100x portal: the build's peak, issue 20).
        gc.collect()
        (folder / f"analytical-reference-{lang}.docx").write_bytes(blob)
