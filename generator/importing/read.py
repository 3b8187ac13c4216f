"""Read a Word plan (.docx) into plain text: the paragraphs before each table, and each table
row as cells of lines. Word's automatic list numbering, which is not in the text, is written
out as "1) " so the parser sees numbers however they were typed.

A document is untrusted, and this is where it is read, so the limits are here:
- the ZIP's list of files is measured before zipfile reads it (at most MAX_DIRECTORY);
- only the parts the text needs are unpacked (the document, its styles and numbering, and the
  relationship lists that name them), never images or other media;
- each part's declared size is checked before it is unpacked and its actual size while it is:
  at most MAX_PART each, MAX_TOTAL together;
- XML is read as a stream of events (lxml's parser target, no tree): memory follows the text,
  not the markup, and every step is linear in the part's size;
- a DTD is refused (Word never writes one: it is the door to entity expansion and external
  entities), so is malformed or too deeply nested XML (libxml2's limits stay on);
- a table row may not span more columns than Word allows (63), and the tables together may
  not have more than MAX_ROWS rows (which also bounds the portal written).
Each refusal is one DocumentError with a plain message.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.errors import AdalError
from generator.messages import t

OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an old .doc, or a password-protected .docx
MAX_PART = 16 * 2**20  # unpacked bytes of one part read (a long plan's document.xml: ~2 MiB)
MAX_TOTAL = 32 * 2**20  # unpacked bytes of all parts read
MAX_DIRECTORY = 2**20  # bytes of the ZIP's list of files (a Word document's: a few KiB)
MAX_COLUMNS = 63  # Word's own limit for a table's columns
MAX_ROWS = 5000  # table rows in the whole document, a table counting one more (a plan: ~100)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@dataclass(frozen=True)
class Document:
    before: list[str]  # paragraphs above the table (approval block, title)
    rows: list[list[list[str]]]  # the table: rows of cells of lines
    # Tables nested in its cells (a plan table inside a borderless layout table): each with
    # the index of the row holding it; its `before` is that row's text up to it.
    inner: tuple[tuple[int, Document], ...] = ()


class DocumentError(AdalError):
    """The document cannot be imported (exit code 1). `lang`: the language the message was
    written in when it is the document's own (a refusal of what the document holds)."""

    def __init__(self, message: str, lang: str | None = None) -> None:
        super().__init__(message)
        self.lang = lang


class _Refused(Exception):
    """Raised from inside the XML parser: what the part is (a message key and its fields)."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def read_docx(path: Path) -> list[Document]:
    """Every table of the document, each with the paragraphs before it; the paragraphs after
    the last table as a table without rows."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(OLE))
    except OSError as exc:
        raise DocumentError(t("import_unreadable", path=path, reason=exc.strerror)) from None
    if head.startswith(OLE):
        raise DocumentError(t("import_protected", path=path))
    try:
        directory = _directory_size(path)
        if directory > MAX_DIRECTORY:
            raise DocumentError(t("import_zip_directory", path=path, size=_mib(directory),
                                  limit=_mib(MAX_DIRECTORY)))
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        raise DocumentError(t("import_not_docx", path=path)) from None
    with archive:
        package = _Package(archive, path)
        main = package.related("", "/officeDocument")
        if main is None:
            raise DocumentError(t("import_not_docx", path=path))
        styles, numbering = _Styles(), _Numbering()
        for kind, target in (("/styles", styles), ("/numbering", numbering)):
            if (name := package.related(main, kind)) is not None:
                package.parse(name, target)
        body = _Body(styles, numbering)
        if not package.parse(main, body) or not body.word:
            raise DocumentError(t("import_not_docx", path=path))
        return body.found


# ---- the package: parts within the limits -----------------------------------------------------
def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}"


def _directory_size(path: Path) -> int:
    """The size of the ZIP's central directory (its list of files), as its end record (or the
    ZIP64 one) declares it: what zipfile reads and keeps in memory, in objects several times
    larger. 0 when there is no end record (zipfile then says it is no ZIP)."""
    with path.open("rb") as stream:
        end = stream.seek(0, 2)
        stream.seek(max(0, end - 22 - 65535))  # the end record and the longest comment
        tail = stream.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return 0
        (size,) = struct.unpack_from("<I", tail, at + 12)
        if size == 0xFFFFFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":
            (offset,) = struct.unpack_from("<Q", tail, at - 12)  # where the ZIP64 record is
            stream.seek(min(offset, end))
            record = stream.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                (size,) = struct.unpack_from("<Q", record, 40)
        return size


class _Package:
    def __init__(self, archive: zipfile.ZipFile, path: Path) -> None:
        self.archive, self.path, self.total = archive, path, 0

    def read(self, name: str) -> bytes | None:
        """A part's bytes (None when the package has no such part), within the limits."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            return None
        if info.file_size > MAX_PART:
            raise DocumentError(t("import_part_too_large", path=self.path, part=name,
                                  size=_mib(info.file_size), limit=_mib(MAX_PART)))
        if self.total + info.file_size > MAX_TOTAL:
            raise DocumentError(t("import_parts_too_large", path=self.path,
                                  size=_mib(self.total + info.file_size), limit=_mib(MAX_TOTAL)))
        try:
            with self.archive.open(info) as stream:
                data = stream.read(info.file_size + 1)  # more than declared: a lie
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError, ValueError):  # damaged, unknown compression, encrypted
            raise DocumentError(t("import_damaged", path=self.path, part=name)) from None
        if len(data) != info.file_size:
            raise DocumentError(t("import_damaged", path=self.path, part=name))
        self.total += len(data)
        return data

    def parse(self, name: str, target: object) -> bool:
        """Feed a part's XML to a parser target; False when the package has no such part."""
        data = self.read(name)
        if data is None:
            return False
        parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
        try:
            etree.fromstring(data, parser)
        except _Refused as refused:
            raise DocumentError(t(refused.key, path=self.path, part=name,
                                  **refused.fields)) from None
        except etree.LxmlError as exc:
            line = getattr(exc, "lineno", None) or 1
            raise DocumentError(t("import_bad_xml", path=self.path, part=name,
                                  line=line)) from None
        return True

    def related(self, source: str, kind: str) -> str | None:
        """The part a relationship of `source` ("" for the package) of type `…kind` names."""
        folder, name = posixpath.split(source)
        rels = _Relationships()
        if not self.parse(posixpath.join(folder, "_rels", f"{name}.rels"), rels):
            return None
        for rel_type, target, mode in rels.found:
            if rel_type.endswith(kind) and mode != "External" and target:
                joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                part = posixpath.normpath(joined)
                return None if part.startswith("..") else part
        return None


class _Target:
    """A parser target that refuses a DTD; subclasses read the elements they need."""

    def doctype(self, *args: object) -> None:
        raise _Refused("import_dtd")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class _Relationships(_Target):
    def __init__(self) -> None:
        self.found: list[tuple[str, str, str]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == RELATIONSHIP:
            self.found.append((attrib.get("Type", ""), attrib.get("Target", ""),
                               attrib.get("TargetMode", "")))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# ---- styles and numbering: which paragraphs Word numbers ---------------------------------------
@dataclass
class _NumPr:
    """A paragraph's (or a style's) w:numPr: the list and its level, as written."""

    num_id: str | None = None
    level: str | None = None


@dataclass
class _Style:
    id: str | None
    type: str
    default: bool
    numpr: _NumPr | None = None
    based_on: str | None = None


class _Styles(_Target):
    """styles.xml: each style's numbering and the style it is based on."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.by_id: dict[str, _Style] = {}
        self.default: _Style | None = None
        self.style: _Style | None = None
        self.cache: dict[str | None, _NumPr | None] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        role = _STYLE_ROLES.get((self.stack[-1] if self.stack else "", tag), "other")
        self.stack.append(role)
        if role == "style":
            self.style = _Style(attrib.get(f"{W}styleId"), attrib.get(f"{W}type", "paragraph"),
                                attrib.get(f"{W}default", "") in ("1", "true", "on"))
            if self.style.id is not None:
                self.by_id.setdefault(self.style.id, self.style)
            if self.style.default and self.style.type == "paragraph":
                self.default = self.style  # the last default wins (as python-docx reads it)
        elif self.style is None:
            pass
        elif role == "numpr" and self.style.numpr is None:
            self.style.numpr = _NumPr()
        elif role in ("numid", "ilvl") and self.style.numpr is not None:
            _set_numpr(self.style.numpr, role, attrib.get(f"{W}val"))
        elif role == "basedon" and self.style.based_on is None:
            self.style.based_on = attrib.get(f"{W}val")

    def end(self, tag: str) -> None:
        if self.stack.pop() == "style":
            self.style = None

    def numbering_of(self, style_id: str | None) -> _NumPr | None:
        """The numbering a paragraph of this style gets: the first w:numPr up the chain of
        styles it is based on (a loop in the chain ends it)."""
        if style_id in self.cache:
            return self.cache[style_id]
        style = self.by_id.get(style_id) if style_id is not None else None
        if style is None or style.type != "paragraph":
            style = self.default
        seen: set[int] = set()
        found = None
        while style is not None and id(style) not in seen and found is None:
            seen.add(id(style))
            found = style.numpr
            style = self.by_id.get(style.based_on) if style.based_on is not None else None
        self.cache[style_id] = found
        return found


_STYLE_ROLES = {("", f"{W}styles"): "styles", ("styles", f"{W}style"): "style",
                ("style", f"{W}pPr"): "ppr", ("ppr", f"{W}numPr"): "numpr",
                ("numpr", f"{W}numId"): "numid", ("numpr", f"{W}ilvl"): "ilvl",
                ("style", f"{W}basedOn"): "basedon"}


def _set_numpr(numpr: _NumPr, role: str, value: str | None) -> None:
    if role == "numid" and numpr.num_id is None:
        numpr.num_id = value or ""
    elif role == "ilvl" and numpr.level is None:
        numpr.level = value or ""



# Word's own bullets are drawn from symbol fonts: the level text is a private-use character
# (U+F0B7 in Symbol is «•», U+F0A7 in Wingdings «▪») or «o» in Courier New («◦»). What the
# reader sees is the glyph, so that is the marker.
_SYMBOL_GLYPHS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
                  "o": "◦"}


def _bullet_glyph(text: str) -> str:
    if text in _SYMBOL_GLYPHS:
        return _SYMBOL_GLYPHS[text]
    if all("\ue000" <= ch <= "\uf8ff" for ch in text):  # another symbol-font character
        return "•"
    return text

class _Numbering(_Target):
    """numbering.xml: which list levels are drawn with bullets rather than numbers."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.abstract_of: dict[str, str | None] = {}  # numId -> abstractNumId
        self.formats: dict[tuple[str | None, str | None], str | None] = {}  # (abstract, ilvl)
        self.texts: dict[tuple[str | None, str | None], str] = {}  # (abstract, ilvl): lvlText
        self.starts: dict[tuple[str | None, str | None], int] = {}  # (abstract, ilvl): start
        self.num: str | None = None
        self.abstract: str | None = None
        self.level: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        role = _NUMBERING_ROLES.get((self.stack[-1] if self.stack else "", tag), "other")
        self.stack.append(role)
        if role == "num":
            num = attrib.get(f"{W}numId", "")
            self.num = None if num in self.abstract_of else num  # the first definition counts
            self.abstract_of.setdefault(num, None)
        elif role == "abstractid" and self.num is not None \
                and self.abstract_of[self.num] is None:
            self.abstract_of[self.num] = attrib.get(f"{W}val")
        elif role == "abstract":
            self.abstract = attrib.get(f"{W}abstractNumId")
        elif role == "lvl":
            self.level = attrib.get(f"{W}ilvl")
            self.formats.setdefault((self.abstract, self.level), None)
        elif role == "format" and self.formats.get((self.abstract, self.level)) is None:
            self.formats[(self.abstract, self.level)] = attrib.get(f"{W}val")
        elif role == "lvltext":
            self.texts.setdefault((self.abstract, self.level), attrib.get(f"{W}val", ""))
        elif role == "start":
            self.starts.setdefault((self.abstract, self.level),
                                   _int(attrib.get(f"{W}val")) or 1)

    def end(self, tag: str) -> None:
        role = self.stack.pop()
        if role == "num":
            self.num = None

    def is_bullet(self, num_id: str, level: str) -> bool:
        abstract = self.abstract_of.get(num_id)
        return num_id in self.abstract_of and self.formats.get((abstract, level)) == "bullet"

    def marker(self, num_id: str, level: str, counts: list[int]) -> str:
        """What Word shows before a paragraph of this list level, `counts` being how many
        paragraphs of each level up to this one were numbered: the level text with the
        numbers put in («%1)» → «3)», «%1.%2.» → «2.1.»), a bullet's own character, or «N)»
        when the document does not say."""
        abstract = self.abstract_of.get(num_id)
        key = (abstract, level)
        text = self.texts.get(key)
        if self.is_bullet(num_id, level):
            return _bullet_glyph((text or "•").strip()[:3] or "•")

        def number(k: int) -> int:
            count = counts[k] if k < len(counts) else 1
            return self.starts.get((abstract, str(k)), 1) + max(count, 1) - 1

        if not text or "%" not in text:
            return f"{number(len(counts) - 1)})"
        return re.sub(r"%(\d)", lambda m: str(number(int(m.group(1)) - 1)), text)[:12].strip()


_NUMBERING_ROLES = {("", f"{W}numbering"): "numbering", ("numbering", f"{W}num"): "num",
                    ("num", f"{W}abstractNumId"): "abstractid",
                    ("numbering", f"{W}abstractNum"): "abstract", ("abstract", f"{W}lvl"): "lvl",
                    ("lvl", f"{W}numFmt"): "format", ("lvl", f"{W}lvlText"): "lvltext",
                    ("lvl", f"{W}start"): "start"}


# ---- the body: paragraphs and tables ---------------------------------------------------------
_BODY_ROLES = {
    ("", f"{W}document"): "document", ("document", f"{W}body"): "body",
    ("body", f"{W}p"): "para", ("body", f"{W}tbl"): "table", ("table", f"{W}tr"): "row",
    ("row", f"{W}tc"): "cell", ("cell", f"{W}tbl"): "table", ("cell", f"{W}tcPr"): "tcpr",
    ("tcpr", f"{W}gridSpan"): "span",
    ("tcpr", f"{W}vMerge"): "vmerge", ("cell", f"{W}p"): "para",
    ("para", f"{W}pPr"): "ppr", ("ppr", f"{W}pStyle"): "pstyle", ("ppr", f"{W}numPr"): "numpr",
    ("numpr", f"{W}numId"): "numid", ("numpr", f"{W}ilvl"): "ilvl",
    ("para", f"{W}r"): "run", ("para", f"{W}hyperlink"): "link", ("link", f"{W}r"): "run",
    ("run", f"{W}t"): "text", ("run", f"{W}tab"): "\t", ("run", f"{W}ptab"): "\t",
    ("run", f"{W}cr"): "\n", ("run", f"{W}noBreakHyphen"): "-", ("run", f"{W}br"): "br",
}  # anything else (and everything inside it) is not read: as python-docx reads a document


@dataclass(slots=True)
class _Paragraph:
    text: list[str] = field(default_factory=list)
    style: str | None = None
    numpr: _NumPr | None = None
    props: bool = False  # its w:pPr seen (only the first counts)


@dataclass(slots=True)
class _Cell:
    lines: list[str] = field(default_factory=list)
    span: int = 1
    continued: bool = False  # vMerge continue: the cell above, merged down


class _Body(_Target):
    """document.xml: the paragraphs before each table, and each table's rows. A merged cell
    is read once, where it starts: the grid columns it spans after its first, and the cells
    below it merged into it (vMerge continue), are read as empty (so a № merged over two rows
    does not start the item twice)."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles, self.numbering = styles, numbering
        self.stack: list[str] = [""]  # the role of each open element, under the document's ""
        self.word = False  # the root is a Word document
        self.found: list[Document] = []
        self.before: list[str] = []
        self.rows: list[list[list[str]]] = []
        self.cells: list[list[str]] = []
        self.cell = _Cell()
        self.paragraph = _Paragraph()
        self.counted = 0  # rows and tables read
        self.counters: dict[tuple[str, str], int] = {}  # (numId, ilvl): paragraphs numbered
        self.inner: list[tuple[int, Document]] = []  # the tables nested in this table
        # The tables a nested table is inside: rows, row cells, cell, nested tables, and the
        # row's text up to the nested table.
        self.outer: list[tuple[list[list[list[str]]], list[list[str]], _Cell,
                               list[tuple[int, Document]], list[str]]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        parent = self.stack[-1]
        role = _BODY_ROLES.get((parent, tag), "other")
        self.stack.append(role)
        if role == "para":
            self.paragraph = _Paragraph()
        elif role == "document":
            self.word = True
        elif not parent:
            raise _Refused("import_not_docx")
        elif role == "table":
            if parent == "cell":  # a table inside a cell: read on its own, then go on
                text = [line for cell in self.cells for line in cell] + self.cell.lines
                self.outer.append((self.rows, self.cells, self.cell, self.inner, text))
            self.rows, self.inner = [], []
        elif role == "row":
            self.cells = []
        elif role == "cell":
            self.cell = _Cell()
        elif role == "span":
            self.cell.span = max(1, _int(attrib.get(f"{W}val")) or 1)
        elif role == "vmerge":
            self.cell.continued = attrib.get(f"{W}val", "continue") == "continue"
        elif role == "ppr":
            self.paragraph.props, first = True, not self.paragraph.props
            if not first:
                self.stack[-1] = "other"
        elif role == "pstyle" and self.paragraph.style is None:
            self.paragraph.style = attrib.get(f"{W}val")
        elif role == "numpr" and self.paragraph.numpr is None:
            self.paragraph.numpr = _NumPr()
        elif role in ("numid", "ilvl") and self.paragraph.numpr is not None:
            _set_numpr(self.paragraph.numpr, role, attrib.get(f"{W}val"))
        elif role in ("\t", "\n", "-"):
            self.paragraph.text.append(role)
        elif role == "br" and attrib.get(f"{W}type", "textWrapping") == "textWrapping":
            self.paragraph.text.append("\n")  # a page or column break is no text

    def data(self, text: str) -> None:
        if self.stack[-1] == "text":
            self.paragraph.text.append(text)

    def end(self, tag: str) -> None:
        role = self.stack.pop()
        if role == "para":
            if self.stack[-1] == "body":
                if self.paragraph.text:
                    self.before += _lines("".join(self.paragraph.text))
            else:
                lines = _lines("".join(self.paragraph.text))
                marker = self._list_marker(self.paragraph)
                if marker and not lines:  # a № cell numbered by Word: the number alone
                    self.cell.lines.append(marker)
                for i, line in enumerate(lines):
                    self.cell.lines.append(f"{marker} {line}" if marker and i == 0 else line)
        elif role == "cell":
            if len(self.cells) + self.cell.span > MAX_COLUMNS:
                raise _Refused("import_too_many_columns", limit=MAX_COLUMNS)
            first = [] if self.cell.continued else self.cell.lines
            self.cells += [first] + [[] for _ in range(self.cell.span - 1)]
        elif role == "row":
            self.rows.append(self.cells)
            self._count()
        elif role == "body" and self.before:  # the paragraphs after the last table
            self.found.append(Document(self.before, []))  # («Согласовано:» under the plan)
            self.before = []
        elif role == "table":
            table = Document(self.before, self.rows, tuple(self.inner))
            if self.outer:
                rows, self.cells, self.cell, inner, text = self.outer.pop()
                inner.append((len(rows), Document(text, table.rows, table.inner)))
                self.rows, self.inner = rows, inner
            else:
                self.found.append(table)
                self.before = []
            self._count()

    def _count(self) -> None:
        self.counted += 1
        if self.counted > MAX_ROWS:
            raise _Refused("import_too_many_rows", limit=MAX_ROWS)

    def _list_marker(self, paragraph: _Paragraph) -> str | None:
        """What Word shows before an automatically numbered paragraph (its own numbering or
        its style's): the number, counted per list and level through the whole document as
        Word counts it (a list continued in the next row or table goes on), or the bullet."""
        numpr = paragraph.numpr or self.styles.numbering_of(paragraph.style)
        num, level = (_int(numpr.num_id), _int(numpr.level or "0")) if numpr else (None, None)
        if num is None or level is None or num == 0:  # 0: numbering switched off
            return None
        key = (str(num), str(level))
        if not self.numbering.is_bullet(*key):
            self.counters[key] = self.counters.get(key, 0) + 1
            for deeper in range(level + 1, 9):  # a new «2.» restarts its «2.1», «2.2» …
                self.counters.pop((str(num), str(deeper)), None)
        counts = [self.counters.get((str(num), str(k)), 0) for k in range(level + 1)]
        return self.numbering.marker(*key, counts)


def _lines(text: str) -> list[str]:
    """A paragraph's text, split at its line breaks; blank lines dropped."""
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n") if line.strip()]
