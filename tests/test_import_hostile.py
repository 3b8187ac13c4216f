"""Hostile Word files for `adal import` (issue 16, item 9). Each document is built here and is
small on disk: a text part that unpacks to 95 MiB of empty paragraphs, a 600 MiB media part of
zeros, cells merged down 1,200 rows, an indicator of 200 parts joined by «; », an entity bomb,
an external entity, malformed XML, a part whose declared size lies, a ZIP listing 60,000
files, a row wider than Word allows, 5,000 rows, a style based on itself, and `--into` paths
that cannot be written. Each import ends
in a portal or in one plain message (exit 1; 2 for a usage error), inside a fixed memory limit,
never with a traceback. No test measures time: the quadratic case counts its work instead."""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
import yaml

from generator.importing import parse, write
from generator.importing.run import import_plan
from tests.conftest import REPO
from tests.plan_docx import russian_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>')
TAIL = "<w:sectPr/></w:body></w:document>"
MEMORY = 200 * 2**20  # the address space a hostile import gets (a normal one needs < 150 MiB)
MiB = 2**20


def _p(text: str = "", style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{run}</w:p>"


def _tc(lines: Iterable[str] = (), merge: str | None = None, span: int | None = None,
        style: str | None = None) -> str:
    props = ""
    if span:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        props += '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
    paragraphs = "".join(_p(line, style) for line in lines) or _p()
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{paragraphs}</w:tc>"


def _tr(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


APPROVAL = "".join(_p(line) for line in (
    "Утверждаю:", "Директор ТОО «Пример»", "С.С. Сергеев",
    "План работы по проведению внутреннего анализа коррупционных рисков"))
HEADER = _tr(*(_tc([text]) for text in ("№", "Вид работы", "Срок", "Ответственные")))
LEAD = "Сбор информации по направлению «Управление персоналом», индикаторы:"


def _table(*rows: str) -> str:
    return f"<w:tbl>{HEADER}{''.join(rows)}</w:tbl>"


def _plan_rows() -> str:
    return (_tr(_tc(["1."]), _tc([LEAD, "1. назначение на должность без проведения конкурса;"]),
                _tc(["10.01.2025"]), _tc(["С.С. Сергеев"]))
            + _tr(_tc(["2."]), _tc(["Подготовка аналитической справки"]), _tc(["01.02.2025"]),
                  _tc(["А.Б. Ахметова"])))


def _docx(path: Path, body: Iterable[str | bytes], *, styles: str = "",
          extra: dict[str, Iterable[bytes]] | None = None, rels: str = "") -> Path:
    """A .docx from python-docx's own template (its styles and numbering), its
    word/document.xml written from `body` piece by piece (a large part never sits in memory),
    with `styles` added to styles.xml, `extra` parts and `rels` relationships of the document."""
    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                with out.open(info.filename, "w") as stream:
                    for piece in body:
                        stream.write(piece.encode() if isinstance(piece, str) else piece)
                continue
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" '
                                    b'ContentType="image/png"/><Default ', 1)
            out.writestr(info.filename, data)
        for name, chunks in (extra or {}).items():
            with out.open(name, "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return path


# ---- the documents (bench/import_hostile.py measures the same ones) ---------------------------
def empty_paragraphs(path: Path, mib: int) -> Path:
    """`mib` MiB of empty paragraphs between the title and a plan table."""
    empty = b"<w:p/>" * (MiB // 6)
    return _docx(path, [HEAD, APPROVAL, *[empty] * mib, _table(_plan_rows()), TAIL])


def large_media(folder: Path, mib: int = 600) -> Path:
    """A real plan with an image of `mib` MiB of zeros beside it."""
    plan = russian_docx(folder)
    with zipfile.ZipFile(plan) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    document = folder / "media.docx"
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdBig" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/image" Target="media/big.png"/>'
                    b"</Relationships>"))
            if name == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" '
                                    b'ContentType="image/png"/><Default ', 1)
            out.writestr(name, data)
        with out.open("word/media/big.png", "w") as stream:
            for _ in range(mib):
                stream.write(bytes(MiB))
    return document


def merged_down(path: Path, rows: int = 1200) -> Path:
    """№, deadline and responsible merged down `rows` rows; each row one more indicator."""
    table = [_tr(_tc(["1."], "restart"), _tc([LEAD, "1) индикатор номер 1;"]),
                 _tc(["10.01.2025"], "restart"), _tc(["С.С. Сергеев"], "restart"))]
    table += [_tr(_tc(merge="continue"), _tc([f"{n}) индикатор номер {n};"]),
                  _tc(merge="continue"), _tc(merge="continue")) for n in range(2, rows + 1)]
    return _docx(path, [HEAD, APPROVAL, _table(*table), TAIL])


def joined_indicator(path: Path, parts: int = 200) -> tuple[Path, str]:
    """One indicator of `parts` catalog indicators joined by «; »; the document and the text."""
    catalog = yaml.safe_load((REPO / "indicators" / "personnel.yaml").read_text("utf-8"))
    wordings = [i["text"]["ru"] for i in catalog["indicators"]]
    text = "; ".join(wordings[n % len(wordings)] for n in range(parts))
    row = _tr(_tc(["1."]), _tc([LEAD, f"1) {text};"]), _tc(["10.01.2025"]),
              _tc(["С.С. Сергеев"]))
    return _docx(path, [HEAD, APPROVAL, _table(row), TAIL]), text


def _import(document: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`adal import` in a process that may use at most MEMORY bytes of address space."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    env = {**os.environ, "ADAL_LANG": "en", "PYTHONPATH": str(REPO)}
    return subprocess.run(  # the timeout only turns a hang into a failure; nothing is timed
        [sys.executable, "-m", "generator", "import", str(document), "--into", str(target),
         *args], capture_output=True, text=True, cwd=REPO, env=env, preexec_fn=limit,
        timeout=300, check=False)


def _refused(result: subprocess.CompletedProcess[str], target: Path, expected: str,
             code: int = 1) -> None:
    assert result.returncode == code, result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one message
    assert not target.exists()  # nothing written


def _plan(target: Path) -> dict:
    return yaml.safe_load((target / "plan.yaml").read_text("utf-8"))


# ---- size -------------------------------------------------------------------------------------
def test_a_text_part_that_unpacks_to_95_mib_is_refused_before_it_is_unpacked(
        tmp_path: Path) -> None:
    """A 95 KB document of empty paragraphs (it took 86 s and 963 MB)."""
    document = empty_paragraphs(tmp_path / "empty.docx", 95)
    assert document.stat().st_size < 200_000
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "word/document.xml unpacks to 95.0 MiB")


def test_empty_paragraphs_within_the_limit_import_in_bounded_memory(tmp_path: Path) -> None:
    """1.6 million empty paragraphs (9 MiB of XML) between the title and the table: the
    document is read as a stream, so memory follows the text, not the markup."""
    document = empty_paragraphs(tmp_path / "empty.docx", 9)
    result = _import(document, tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    assert [i["number"] for i in _plan(tmp_path / "portal")["items"]] == [1, 2]


def test_a_600_mib_media_part_is_never_unpacked(tmp_path: Path) -> None:
    """A real plan with a 600 MiB image of zeros beside it (it needed 1.27 GB): only the text
    parts are read."""
    document = large_media(tmp_path)
    assert document.stat().st_size < 5 * MiB
    result = _import(document, tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    assert [i["number"] for i in _plan(tmp_path / "portal")["items"]] == [1, 2, 3, 4]


def test_a_part_whose_declared_size_lies_is_refused(tmp_path: Path) -> None:
    """The ZIP says word/document.xml holds 2,000 bytes; it unpacks to 20 MiB."""
    document = _docx(tmp_path / "lie.docx", [HEAD, APPROVAL, _table(_plan_rows()),
                                             *[b"<w:p/>" * (MiB // 6)] * 20, TAIL])
    data = bytearray(document.read_bytes())
    name = b"word/document.xml"
    at = data.find(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(name)] != name:  # the central directory's entry
        at = data.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, 2000)  # its uncompressed size
    document.write_bytes(bytes(data))
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "is damaged")


def test_a_zip_listing_too_many_files_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A real plan and 60,000 empty files: zipfile would hold the whole list in memory (300,000
    took 218 MB), so its size is read from the ZIP's end record first."""
    plan = russian_docx(tmp_path)
    document = tmp_path / "many.docx"
    with zipfile.ZipFile(plan) as source, zipfile.ZipFile(document, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
        for n in range(60_000):
            out.writestr(f"x/{n}", b"")
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "the ZIP archive's list of files takes 3.")


# ---- tables --------------------------------------------------------------------------------
def test_cells_merged_down_1200_rows_are_read_in_one_pass(tmp_path: Path) -> None:
    """№, deadline and responsible merged down 1,200 rows (it ran 169 s and ended in
    RecursionError): one item whose work cell continues over every row."""
    document = merged_down(tmp_path / "merged.docx", 1200)
    result = _import(document, tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    items = _plan(tmp_path / "portal")["items"]
    assert [(i["number"], i["deadline"], i["responsible"]) for i in items] == [
        (1, "2025-01-10", ["sergeev"])]
    indicators = yaml.safe_load((tmp_path / "portal" / "indicators" / f"{items[0]['direction']}"
                                 ".yaml").read_text("utf-8"))["indicators"]
    assert [i["number"] for i in indicators] == list(range(1, 1201))


def test_a_row_wider_than_word_allows_is_refused(tmp_path: Path) -> None:
    """A cell spanning a billion grid columns."""
    row = _tr(_tc(["1."]), _tc(["Подготовка аналитической справки"], span=10**9),
              _tc(["01.02.2025"]), _tc(["А.Б. Ахметова"]))
    document = _docx(tmp_path / "wide.docx", [HEAD, APPROVAL, _table(row), TAIL])
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "more than 63 columns")


def test_tables_of_more_than_5000_rows_are_refused(tmp_path: Path) -> None:
    """5,000 one-line items (a plan has about a hundred). Within the size limits such a table
    could reach 32,000 items: 37 s, 400 MB and 32,000 files written into the portal."""
    row = _tr(_tc(["1."]), _tc(["Подготовка аналитической справки"]), _tc(["01.02.2025"]),
              _tc(["А.Б. Ахметова"]))
    document = _docx(tmp_path / "rows.docx", [HEAD, APPROVAL, _table(row * 5000), TAIL])
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "the document's tables have more than 5000 rows")


def test_a_style_based_on_itself_ends(tmp_path: Path) -> None:
    """Two styles based on each other (a loop) on the paragraphs of a work cell."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{a}"><w:name w:val="{a}"/>'
        f'<w:basedOn w:val="{b}"/></w:style>' for a, b in (("LoopA", "LoopB"), ("LoopB", "LoopA")))
    row = _tr(_tc(["1."]), _tc([LEAD, "1) назначение без конкурса;"], style="LoopA"),
              _tc(["10.01.2025"]), _tc(["С.С. Сергеев"]))
    document = _docx(tmp_path / "loop.docx", [HEAD, APPROVAL, _table(row), TAIL], styles=styles)
    result = _import(document, tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    assert [i["number"] for i in _plan(tmp_path / "portal")["items"]] == [1]


# ---- work ----------------------------------------------------------------------------------
def test_an_indicator_of_200_parts_costs_work_linear_in_its_length(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One indicator of 200 catalog indicators joined by «; » (66 s, quadratic: every cut
    compared whole). The characters handed to the fuzzy matcher are counted: a bounded
    multiple of the text, not of its square."""
    document, text = joined_indicator(tmp_path / "joined.docx", 200)
    compared = [0]
    real = parse.similarity

    def counting(a: str, b: str, *args: object, **kwargs: object) -> float:
        compared[0] += len(a) + len(b)
        return real(a, b, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "similarity", counting)
    monkeypatch.setattr(write, "similarity", counting)
    plan, _ = import_plan(document, tmp_path / "portal", None)
    assert [len(item.indicators) for item in plan.items] == [1]
    assert plan.items[0].indicators[0].text == text  # kept whole, as the plan words it
    assert compared[0] <= 10 * len(text) + 50_000, compared[0]


# ---- XML ---------------------------------------------------------------------------------------
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
          + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">'
                    for k in range(9))
          + f']><w:document xmlns:w="{W}"><w:body>{APPROVAL}<w:tbl>{HEADER}'
          + _tr(_tc(["1."]), _tc(["Подготовка аналитической справки &j;"]),
                _tc(["01.02.2025"]), _tc(["А.Б. Ахметова"])).replace("&amp;j;", "&j;")
          + f"</w:tbl>{TAIL.removeprefix('<w:sectPr/>')}")


def _external(secret: Path) -> str:
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
            f'"{secret.as_uri()}">]><w:document xmlns:w="{W}"><w:body>{APPROVAL}<w:tbl>'
            f'{HEADER}' + _tr(_tc(["1."]), _tc(["Подготовка справки &x;"]),
                              _tc(["01.02.2025"]), _tc(["А.Б. Ахметова"])).replace(
                "&amp;x;", "&x;") + "</w:tbl></w:body></w:document>")


@pytest.mark.parametrize(("name", "make", "expected"), [
    ("laughs", lambda secret: LAUGHS, "word/document.xml declares a DTD"),
    ("external", _external, "word/document.xml declares a DTD"),
    ("truncated", lambda secret: (HEAD + APPROVAL + _table(_plan_rows()))[:-40],
     "word/document.xml is not well-formed XML"),
    ("unclosed", lambda secret: HEAD + APPROVAL + "<w:p><w:r><w:t>x</w:r></w:p>" + TAIL,
     "word/document.xml is not well-formed XML"),
    ("deep", lambda secret: HEAD + "<w:p>" * 100_000 + TAIL,
     "word/document.xml is not well-formed XML"),
])
def test_xml_that_is_malformed_or_declares_entities_is_refused(tmp_path: Path, name: str, make,
                                                               expected: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a9c", "utf-8")
    document = _docx(tmp_path / f"{name}.docx", [make(secret)])
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", expected)
    assert "SECRET-7f3a9c" not in result.stdout + result.stderr


def test_a_document_that_is_not_a_word_document_inside_is_refused(tmp_path: Path) -> None:
    """A ZIP with the relationships of a Word file whose main part is not a Word document."""
    document = _docx(tmp_path / "sheet.docx", [
        '<?xml version="1.0"?><worksheet xmlns="urn:example"><row/></worksheet>'])
    result = _import(document, tmp_path / "portal")
    _refused(result, tmp_path / "portal", "is not a Word .docx document")


# ---- where the portal goes ---------------------------------------------------------------------
def test_into_a_dangling_link_is_a_usage_error(tmp_path: Path) -> None:
    document = russian_docx(tmp_path)
    link = tmp_path / "portal"
    link.symlink_to(tmp_path / "elsewhere")
    result = _import(document, link)
    assert result.returncode == 2, result.stderr
    assert "is a symbolic link" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_into_a_folder_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    document = russian_docx(tmp_path)
    target = Path("/proc") / f"adal-import-{os.getpid()}" / "portal"
    result = _import(document, target)
    assert result.returncode == 1, result.stderr
    assert f"cannot write the portal into {target}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
