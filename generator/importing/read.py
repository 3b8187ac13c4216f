"""Read a Word plan (.docx) into plain text: the paragraphs before the first table, and each
table row as cells of lines. Word's automatic list numbering, which is not in the text, is
written out as "1) " so the parser sees numbers however they were typed."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import AdalError
from generator.messages import t

OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an old .doc, or a password-protected .docx


@dataclass(frozen=True)
class Document:
    before: list[str]  # paragraphs above the table (approval block, title)
    rows: list[list[list[str]]]  # the table: rows of cells of lines


class DocumentError(AdalError):
    """The document cannot be imported (exit code 1)."""


def read_docx(path: Path) -> list[Document]:
    """Every table of the document, each with the paragraphs before it."""
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise DocumentError(t("import_unreadable", path=path, reason=exc.strerror)) from None
    if head.startswith(OLE):
        raise DocumentError(t("import_protected", path=path))
    if not zipfile.is_zipfile(path):
        raise DocumentError(t("import_not_docx", path=path))
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise DocumentError(t("import_not_docx", path=path)) from None
    found: list[Document] = []
    before: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            before += _lines(docx.text.paragraph.Paragraph(child, document))
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            found.append(Document(before, _rows(table)))
            before = []
    return found


def _rows(table: object) -> list[list[list[str]]]:
    """One entry per grid column. A merged cell is read once, where it starts: python-docx
    repeats it in every column it spans and in every row below it spans, and those repeats
    are read as empty (so a № merged over two rows does not start the item twice)."""
    rows = []
    above: list[object] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[list[str]] = []
        seen: list[object] = []
        for column, cell in enumerate(row.cells):
            repeated = any(cell._tc is other for other in seen) or (
                column < len(above) and cell._tc is above[column])
            seen.append(cell._tc)
            if repeated:
                cells.append([])
                continue
            lines, counters = [], {}
            for paragraph in cell.paragraphs:
                number = _list_number(paragraph, counters)
                for i, line in enumerate(_lines(paragraph)):
                    lines.append(f"{number}) {line}" if number and i == 0 else line)
            cells.append(lines)
        rows.append(cells)
        above = seen
    return rows


def _lines(paragraph: object) -> list[str]:
    """A paragraph's text, split at its line breaks; blank lines dropped."""
    text = paragraph.text  # type: ignore[attr-defined]
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n") if line.strip()]


def _list_number(paragraph: object, counters: dict[tuple[str, str], int]) -> int | None:
    """The number Word shows before an automatically numbered paragraph (its own numbering or
    its style's), counted per list and level within the cell."""
    p = paragraph._p  # type: ignore[attr-defined]
    num = p.pPr.numPr if p.pPr is not None else None
    if num is None:
        style = paragraph.style  # type: ignore[attr-defined]
        while style is not None and num is None:
            ppr = style.element.pPr
            num = ppr.numPr if ppr is not None else None
            style = style.base_style
    if num is None or num.numId is None:
        return None
    key = (str(num.numId.val), str(num.ilvl.val if num.ilvl is not None else 0))
    if key[0] == "0" or _is_bullet(paragraph, *key):  # 0: numbering switched off
        return None
    counters[key] = counters.get(key, 0) + 1
    return counters[key]


def _is_bullet(paragraph: object, num_id: str, level: str) -> bool:
    """Is this list level drawn with bullets rather than numbers?"""
    try:
        numbering = paragraph.part.numbering_part.element  # type: ignore[attr-defined]
    except (AttributeError, KeyError, NotImplementedError):
        return False
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for num in numbering.iterchildren(f"{w}num"):
        if num.get(f"{w}numId") != num_id:
            continue
        abstract = num.find(f"{w}abstractNumId")
        wanted = abstract.get(f"{w}val") if abstract is not None else None
        for definition in numbering.iterchildren(f"{w}abstractNum"):
            if definition.get(f"{w}abstractNumId") != wanted:
                continue
            for lvl in definition.iterchildren(f"{w}lvl"):
                if lvl.get(f"{w}ilvl") == level:
                    fmt = lvl.find(f"{w}numFmt")
                    return fmt is not None and fmt.get(f"{w}val") == "bullet"
    return False
