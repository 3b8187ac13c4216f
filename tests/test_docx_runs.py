"""The reference's Word runs made directly (output/docx.py `_run`) are element for element
what python-docx's own `add_run` makes: the documents stay byte-identical to the ones
python-docx's object model wrote (issue 20: that model took most of a large portal's DOCX)."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.parts.document import DocumentPart
from docx.shared import Pt
from lxml import etree
from openpyxl import Workbook

from generator.output.build import context_for
from generator.output.docx import _run, write_measures_docx, write_reference_docx
from generator.output.render import site_data
from generator.output.xlsx import write_xlsx
from tests.conftest import DEMO, TODAY, project_of

TEXTS = ["Мәтін", " leading", "trailing ", "\xa0nbsp\xa0", "a\tb", "line\nnext\r\nend",
         "\t", "\n", "", "«Ағымдағы» — 2025"]


def test_a_run_is_python_docx_s_own() -> None:
    theirs, ours = Document().add_paragraph(), Document().add_paragraph()
    cases = list(itertools.product(TEXTS, [None, True, False], [None, True, False],
                                   [None, 12], [False, True]))
    for text, bold, italic, size, line_break in cases:
        run = theirs.add_run(text)
        if italic is not None:
            run.italic = italic
        if bold is not None:
            run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        if line_break:
            run.add_break()
        _run(ours._p, text, bold=bold, italic=italic,
             size=None if size is None else str(size * 2), line_break=line_break)
    mine, python_docx = ours._p.findall("*"), theirs._p.findall("*")
    assert len(mine) == len(python_docx) == len(cases)
    for case, a, b in zip(cases, mine, python_docx, strict=True):
        assert etree.tostring(a) == etree.tostring(b), case


def test_each_document_is_freed_once_written(tmp_path: Path) -> None:
    """python-docx's document and openpyxl's workbook refer to themselves in cycles, which
    only the collector frees: the writers collect them after each language, so that the
    process writing the documents holds one at a time (issue 20: on the 100x portal each
    Word reference kept 37 MB until then, the build's peak)."""
    project = project_of(DEMO)
    ctx = context_for(project, TODAY, pdf=False)
    data = site_data(project, ctx)
    gc.collect()
    gc.disable()  # no collection but the writers' own
    try:
        write_reference_docx(project, ctx, data, tmp_path)
        write_measures_docx(project, ctx, data.measures, tmp_path)
        write_xlsx(project, ctx, data, tmp_path)
        left = [o for o in gc.get_objects()
                if isinstance(o, (DocxDocument, DocumentPart, Workbook))]
    finally:
        gc.enable()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}-{lang}.{ext}" for name, ext in (("analytical-reference", "docx"),
                                                 ("measures-plan", "docx"), ("plan", "xlsx"))
        for lang in ctx.languages)
    assert left == []
