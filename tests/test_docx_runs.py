"""The reference's Word runs made directly (output/docx.py `_run`) are element for element
what python-docx's own `add_run` makes: the documents stay byte-identical to the ones
python-docx's object model wrote (issue 20: that model took most of a large portal's DOCX)."""

from __future__ import annotations

import itertools

from docx import Document
from docx.shared import Pt
from lxml import etree

from generator.output.docx import _run

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
