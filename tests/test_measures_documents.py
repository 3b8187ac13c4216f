"""The plan of measures as a document (issue 23): who approved it and when, its own PDF and
DOCX in the reference's style; and the printed reference's page breaks (a totals row never
alone, no nearly empty page but the last), for the demo and a freshly `adal init`ed portal."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from pypdf import PdfReader

from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal
from tests.test_reference_documents import (
    A4,
    DRAFT,
    RESTRICTED,
    docx_fonts,
    font_families,
    pdf_pages,
    words,
)

APPROVED = {"kk": "БЕКІТЕМІН", "ru": "УТВЕРЖДАЮ"}
TITLE = {"kk": "Сыбайлас жемқорлық тәуекелдерін жою жөніндегі іс-шаралар жоспары",
         "ru": "План мероприятий по устранению коррупционных рисков"}
TOTAL = {"kk": "Барлығы", "ru": "Итого"}
CONCLUSION = {"kk": "Қорытынды", "ru": "Заключение"}
MM = 72 / 25.4


@pytest.fixture(scope="module")
def demo(demo_offline: Path) -> Path:
    """The demo's intranet build, opened from disk (conftest): its plan of measures is approved."""
    return demo_offline


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the date of its measures' approval not recorded: a draft."""
    tmp = tmp_path_factory.mktemp("measures-draft")
    root = copy_portal(DEMO, tmp / "portal")
    path = root / "measures.yaml"
    text = path.read_text("utf-8")
    assert "  date: 08.01.2025\n" in text
    path.write_text(text.replace("  date: 08.01.2025\n", ""), "utf-8")
    return build(project_of(root), TODAY, out=tmp / "site")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("measures-init")
    done = run_adal("init", str(tmp / "portal"))
    assert done.returncode == 0, done.stderr
    return build(project_of(tmp / "portal"), TODAY, out=tmp / "site")


FINDING = """---
direction: personnel
visibility: public
findings:
  - indicator: 2
    assessment: risk
    evidence: {kk: Бір тағайындау конкурссыз болды., ru: Одно назначение без конкурса.}
    causes: {kk: Іріктеу тәртібі бекітілмеген., ru: Порядок отбора не утверждён.}
    recommendation: {kk: Іріктеу қағидаларын бекіту., ru: Утвердить правила отбора.}
---
"""
MEASURES = """approval:
  position: {kk: Басшы, ru: Руководитель}
  person: head
measures:
  - number: 1
    risks: [personnel/2]
    text: {kk: Іріктеу қағидаларын бекіту, ru: Утвердить правила отбора кадров}
    responsible: [head]
    deadline: 2025-03-01
    visibility: public
"""


@pytest.fixture(scope="module")
def fresh_measures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly `init`ed portal with one identified risk and a plan of measures whose
    approval has no date yet."""
    tmp = tmp_path_factory.mktemp("measures-init-plan")
    root = tmp / "portal"
    done = run_adal("init", str(root))
    assert done.returncode == 0, done.stderr
    (root / "content" / "findings").mkdir(parents=True, exist_ok=True)
    (root / "content" / "findings" / "personnel.md").write_text(FINDING, "utf-8")
    (root / "measures.yaml").write_text(MEASURES, "utf-8")
    return build(project_of(root), TODAY, out=tmp / "site")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_new_portals_plan_of_measures_is_a_draft_document(fresh_measures: Path,
                                                            lang: str) -> None:
    pages = check_pdf(fresh_measures / "data" / f"measures-plan-{lang}.pdf", lang, draft=True,
                      intranet=True)
    text = " ".join(" ".join(pages).split())
    assert text.index(APPROVED[lang]) < text.index(TITLE[lang])
    assert {"kk": "Басшының аты-жөні", "ru": "ФИО руководителя"}[lang] in text
    assert "01.03.2025" in text
    document = docx.Document(str(fresh_measures / "data" / f"measures-plan-{lang}.docx"))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert DRAFT[lang] in header and RESTRICTED[lang] in header
    assert len(docx_fonts(document)) == 1
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [TITLE[lang]]
    assert document.paragraphs[0].text == APPROVED[lang]


def fill(pdf: Path) -> list[float]:
    """Per page: the share of the text area (A4 less 20 mm at the top and the bottom) from its
    top down to the lowest word on it; the marks above it and the page number below are not
    counted."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    shares = []
    for page in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        top, bottom = 20 * MM, height - 20 * MM
        lows = [float(m.group(2)) for m in re.finditer(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
            if float(m.group(1)) > top - 1 and float(m.group(2)) < bottom + 1]
        shares.append((max(lows) - top) / (bottom - top) if lows else 0.0)
    return shares


def measure_texts(site: Path, lang: str) -> list[str]:
    """The measures the page lists (the text of each table row's measure cell)."""
    folder = site / lang
    page = folder / "measures.html" if (folder / "measures.html").exists() \
        else folder / "measures" / "index.html"
    html = page.read_text("utf-8")
    body = html[html.index('<table class="adal-table adal-cards">'):]
    cells = re.findall(r'<td data-label="[^"]*">(?:<span class="adal-internal-tag">[^<]*</span> )?'
                       r"([^<]+)", body[:body.index("</table>")])
    return [" ".join(c.split()) for c in cells[0::3]]  # measure, risk, responsible per row


def check_pdf(pdf: Path, lang: str, draft: bool, intranet: bool) -> list[str]:
    pages = pdf_pages(pdf)
    for page in PdfReader(pdf).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (round(A4[0]), round(A4[1]))
    first_lines = [next(line.strip() for line in page.splitlines() if line.strip())
                   for page in pages]
    assert all((DRAFT[lang] in line) == draft for line in first_lines), first_lines
    assert all((RESTRICTED[lang] in page) == intranet for page in pages)
    assert len(font_families(pdf)) == 1, font_families(pdf)
    shares = fill(pdf)
    assert all(share >= 0.2 for share in shares[:-1]), shares
    return pages


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_approved_plan_of_measures_prints_as_a_document(demo: Path, lang: str) -> None:
    pdf = demo / "data" / f"measures-plan-{lang}.pdf"
    pages = check_pdf(pdf, lang, draft=False, intranet=True)
    text = " ".join(" ".join(pages).split())
    # The approval block above the title: who approved and when, as measures.yaml says.
    assert text.index(APPROVED[lang]) < text.index(TITLE[lang])
    head = text[:text.index(TITLE[lang])]
    assert "Ә.Ә. Әлиева" in head and "08.01.2025" in head
    assert {"kk": "Меңгеруші", "ru": "Заведующий"}[lang] in head
    # Every measure the page lists, each row on one page.
    listed = measure_texts(demo, lang)
    assert len(listed) == 6
    page_words = [words(page) for page in pages]
    for measure in listed:
        assert any(words(measure) <= on_page for on_page in page_words), measure
    # Each row: the risk it answers, who, the deadline, whether it was done.
    assert {"kk": "Тәуекел: 1. Персоналды басқару, 2)",
            "ru": "Риск: 1. Управление персоналом, 2)"}[lang] in text
    assert "20.01.2025" in text and "Б.Б. Бекова" in text
    assert "10.01.2025" in text and {"kk": "орындалды", "ru": "Выполнено"}[lang] in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_plan_of_measures_docx_is_the_same_document(demo: Path, lang: str) -> None:
    document = docx.Document(str(demo / "data" / f"measures-plan-{lang}.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert abs(section.left_margin - Mm(30)) < Mm(1)
    assert Mm(10) - Mm(1) < section.right_margin < Mm(15) + Mm(1)
    assert abs(section.top_margin - Mm(20)) < Mm(1)
    assert abs(section.bottom_margin - Mm(20)) < Mm(1)
    header = " ".join(p.text for p in section.header.paragraphs)
    assert DRAFT[lang] not in header and RESTRICTED[lang] in header
    assert len(docx_fonts(document)) == 1, docx_fonts(document)
    assert document.styles["Normal"].font.size.pt == 14
    body = [p.text for p in document.paragraphs]
    assert body[0] == APPROVED[lang] and "08.01.2025" in body[3] and "Ә.Ә. Әлиева" in body[2]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [TITLE[lang]]
    (table,) = document.tables
    assert all("cantSplit" in row._tr.xml for row in table.rows)
    assert "tblHeader" in table.rows[0]._tr.xml
    cells = [" ".join(c.text.split()) for row in table.rows for c in row.cells]
    for measure in measure_texts(demo, lang):  # an internal one tagged so after its text
        assert any(cell.startswith(measure) for cell in cells), measure


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_until_its_approval_is_dated_the_plan_is_a_draft(draft: Path, lang: str) -> None:
    pages = check_pdf(draft / "data" / f"measures-plan-{lang}.pdf", lang, draft=True,
                      intranet=True)
    head = pages[0][:pages[0].index(TITLE[lang][:20])]
    assert "«____» ______________ 20____" in head and "Ә.Ә. Әлиева" in head
    document = docx.Document(str(draft / "data" / f"measures-plan-{lang}.docx"))
    assert DRAFT[lang] in " ".join(p.text for p in document.sections[0].header.paragraphs)
    page = (draft / lang / "measures" / "index.html").read_text("utf-8")
    assert {"kk": "Жоба:", "ru": "Проект:"}[lang] in page
    assert f"data/measures-plan-{lang}.pdf" in page and f"data/measures-plan-{lang}.docx" in page


def test_check_asks_for_the_approval_and_invents_none(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "measures.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  date: 08.01.2025\n", ""), "utf-8")
    done = run_adal("check", "--project", str(root), "--lang", "en")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert re.search(r"measures\.yaml:\d+: warning: The approval of the plan of measures "
                     r"lacks: date", out), out
    without = re.sub(r"approval:.*?\nmeasures:", "measures:", text, flags=re.S)
    path.write_text(without, "utf-8")
    out = run_adal("check", "--project", str(root), "--lang", "en").stderr
    assert "does not say who approved it" in out, out
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    document = docx.Document(str(site / "data" / "measures-plan-ru.docx"))
    body = [p.text for p in document.paragraphs]
    assert body[:4] == [APPROVED["ru"], "_" * 28, "____________ " + "_" * 14,
                        "«____» ______________ 20____"]


def test_the_public_plan_of_measures_shows_only_public_measures(tmp_path: Path) -> None:
    site = build(project_of(DEMO), TODAY, out=tmp_path / "site", public=True)
    for lang in ("kk", "ru"):
        text = " ".join(" ".join(pdf_pages(site / "data" / f"measures-plan-{lang}.pdf")).split())
        assert RESTRICTED[lang] not in text
        listed = measure_texts(site, lang)
        assert len(listed) == 4  # measures 5 and 6 answer internal risks
        for measure in listed:
            assert words(measure) <= words(text), measure
        assert {"kk": "Жарияланбайтын іс-шаралар саны: 2",
                "ru": "Мероприятий не опубликовано: 2"}[lang] in text
        assert {"kk": "(ішкі)", "ru": "(внутреннее)"}[lang] not in text
        document = docx.Document(str(site / "data" / f"measures-plan-{lang}.docx"))
        rows = document.tables[0].rows
        assert sum(1 for row in rows[1:] if row.cells[0].text.strip().isdigit()) == 4


def test_a_new_portal_has_no_plan_of_measures_to_print(fresh: Path) -> None:
    assert not list((fresh / "data").glob("measures-plan-*"))
    done = run_adal("check", "--project", str(fresh.parent / "portal"), "--lang", "en")
    assert "plan of measures" not in done.stdout + done.stderr


SITES = ["demo", "fresh"]


@pytest.mark.parametrize("site_name", SITES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_reference_breaks_pages_as_officials_expect(site_name: str, lang: str,
                                                        request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_name)
    pdf = site / "data" / f"analytical-reference-{lang}.pdf"
    shares = fill(pdf)
    assert all(share >= 0.2 for share in shares[:-1]), shares
    # The totals row never starts a page alone: the row above it is on its page.
    pages = pdf_pages(pdf)
    total = next(i for i, page in enumerate(pages)
                 if re.search(rf"^\s*{TOTAL[lang]}\s+\d", page, re.M))
    before = pages[total].split(TOTAL[lang])[0]
    assert re.search(r"^\s*9\s+\S", before, re.M), before[-400:]


def test_the_conclusion_heading_is_centred(demo: Path) -> None:
    css = (demo / "kk" / "assets" / "adal-print.css").read_text("utf-8")
    assert re.search(r"h3#conclusion\s*\{\s*text-align:\s*center", css)
    for lang in ("kk", "ru"):
        document = docx.Document(str(demo / "data" / f"analytical-reference-{lang}.docx"))
        heading = next(p for p in document.paragraphs if p.text == CONCLUSION[lang])
        assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
        table = next(t for t in document.tables if t.rows[-1].cells[1].text == TOTAL[lang])
        assert all(p.paragraph_format.keep_with_next
                   for cell in table.rows[-2].cells for p in cell.paragraphs)


def test_documents_are_the_same_for_the_same_day(tmp_path: Path) -> None:
    first = build(project_of(DEMO), date(2025, 1, 15), out=tmp_path / "a", pdf=False)
    second = build(project_of(DEMO), date(2025, 1, 15), out=tmp_path / "b", pdf=False)
    for lang in ("kk", "ru"):
        name = f"measures-plan-{lang}.docx"
        assert (first / "data" / name).read_bytes() == (second / "data" / name).read_bytes()


def test_data_text_is_printed_as_text(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "measures.yaml"
    text = path.read_text("utf-8")
    hostile = "<b>Bold</b> & {n} <script>x</script>"
    path.write_text(text.replace("ru: Утвердить правила отбора кадров",
                                 f"ru: '{hostile}'"), "utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site")
    printed = " ".join(" ".join(pdf_pages(site / "data" / "measures-plan-ru.pdf")).split())
    assert "<b>Bold</b> &" in printed and "{n}" in printed
    document = docx.Document(str(site / "data" / "measures-plan-ru.docx"))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert hostile in cells
