"""The reference as officials print and sign it (issue 23, section 2): one layout for the page,
the PDF and the DOCX, for the demo and for a freshly `adal init`ed portal, in kk and ru."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from docx.shared import Mm
from openpyxl import load_workbook
from pypdf import PdfReader

from generator.errors import BuildError
from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal

DRAFT = {"kk": "ЖОБА", "ru": "ПРОЕКТ"}
AGREED = {"kk": "Келісілді:", "ru": "Согласовано:"}
RESTRICTED = {"kk": "Қызмет бабында пайдалану үшін", "ru": "Для служебного пользования"}
A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portal as `adal init` writes it, built for a web server."""
    tmp = tmp_path_factory.mktemp("ref-init")
    done = run_adal("init", str(tmp / "portal"))
    assert done.returncode == 0, done.stderr
    return build(project_of(tmp / "portal"), TODAY, out=tmp / "site")


class _Page(HTMLParser):
    """The printed headings (h2 outside `adal-noprint`) and the rows of printed tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.headings: list[str] = []
        self.rows: list[str] = []
        self._text: list[str] | None = None

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, "adal-noprint" in classes or "adal-provenance" in classes
                           or "headerlink" in classes))
        if tag in {"h2", "tr"} and not self._hidden():
            self._text = []
        elif tag in {"td", "th"} and self._text is not None:
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top, _hidden = self.stack.pop()
            if top == tag:
                break
        if tag in {"h2", "tr"} and self._text is not None and not self._hidden():
            text = " ".join("".join(self._text).split())
            (self.headings if tag == "h2" else self.rows).append(text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None and not self._hidden():
            self._text.append(data)


def page_of(site: Path, lang: str) -> _Page:
    folder = site / lang
    path = folder / "reference.html" if (folder / "reference.html").exists() \
        else folder / "reference" / "index.html"
    html = path.read_text("utf-8")
    article = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    parser = _Page()
    parser.feed(article.group(1) if article else html)
    return parser


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text as poppler lays it out."""
    count = len(PdfReader(pdf).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, count + 1)]


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


def font_families(pdf: Path) -> set[str]:
    """The families of every font the PDF uses: «ABCDEF+LiberationSerif-Bold» → LiberationSerif."""
    found = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            name = str(ref.get_object()["/BaseFont"]).lstrip("/")
            found.add(re.split(r"[-,]", name.split("+", 1)[-1])[0])
    return found


def docx_fonts(document: docx.Document) -> set[str]:
    """The font of every style a paragraph or table of the document uses, and every run's own."""
    def font_of(style: object) -> str | None:
        while style is not None:
            if style.font.name:
                return style.font.name
            style = style.base_style
        return None

    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        paragraphs += section.header.paragraphs + section.footer.paragraphs
    fonts = {font_of(p.style) for p in paragraphs if p.text.strip()}
    fonts |= {r.font.name for p in paragraphs for r in p.runs if r.font.name}
    return fonts


SITES = ["demo_offline", "fresh"]


@pytest.mark.parametrize("site_name", SITES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_pdf_is_the_page_on_a4(site_name: str, lang: str,
                                   request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_name)
    pdf = site / "data" / f"analytical-reference-{lang}.pdf"
    pages = pdf_pages(pdf)
    for page in PdfReader(pdf).pages:
        box = page.mediabox
        assert (abs(float(box.width) - A4[0]) < 1, abs(float(box.height) - A4[1]) < 1) == \
            (True, True), (box.width, box.height)
    first_lines = [next(line.strip() for line in page.splitlines() if line.strip())
                   for page in pages]
    # A draft: the mark above everything else on every page, with the restricted-use mark.
    assert all(DRAFT[lang] in line for line in first_lines), first_lines
    assert all(RESTRICTED[lang] in page for page in pages)
    assert AGREED[lang] in pages[-1]
    assert len(font_families(pdf)) == 1, font_families(pdf)
    # No nearly empty page: each page uses at least a fifth of the fullest page's lines.
    lines = [sum(1 for line in page.splitlines() if line.strip()) for page in pages]
    assert all(n >= max(lines) / 5 for n in lines), lines
    printed = page_of(site, lang)
    # Every printed table row sits on one page (its words all on one page).
    page_words = [words(page) for page in pages]
    for row in printed.rows:
        wanted = words(row)
        assert any(wanted <= on_page for on_page in page_words), row
    # The printed headings, in the page's order.
    text = " ".join(" ".join(pages).split())
    at = 0
    for heading in printed.headings:
        at = text.index(heading, at) + len(heading)
    # The signature lines are drawn: the stylesheet reached the PDF (--offline too).
    assert "adal-sign" in (site / lang / "assets" / "adal-print.css").read_text("utf-8")


@pytest.mark.parametrize("site_name", SITES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_docx_has_the_pages_layout(site_name: str, lang: str,
                                       request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_name)
    document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == page_of(site, lang).headings
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert abs(section.left_margin - Mm(30)) < Mm(1)
    assert Mm(10) - Mm(1) < section.right_margin < Mm(15) + Mm(1)
    assert abs(section.top_margin - Mm(20)) < Mm(1)
    assert abs(section.bottom_margin - Mm(20)) < Mm(1)
    header = " ".join(p.text for p in section.header.paragraphs)
    assert DRAFT[lang] in header and RESTRICTED[lang] in header
    assert len(docx_fonts(document)) == 1, docx_fonts(document)
    assert document.styles["Normal"].font.size.pt == 14
    language = document.styles["Normal"].element.xpath(".//w:lang/@w:val")
    assert language == [{"kk": "kk-KZ", "ru": "ru-RU"}[lang]]
    body = "\n".join(p.text for p in document.paragraphs)
    assert AGREED[lang] in body
    for table in document.tables:
        assert all("cantSplit" in row._tr.xml for row in table.rows)
    kept = [p for p in document.paragraphs if p.text.strip() == AGREED[lang]]
    assert kept and kept[0].paragraph_format.keep_with_next


def test_the_page_and_documents_count_what_happened(demo_offline: Path, fresh: Path) -> None:
    """«Planned for analysis: 9, assessed: 3», never «9 examined» when none was."""
    demo = " ".join(pdf_pages(demo_offline / "data" / "analytical-reference-ru.pdf"))
    assert "запланировано к анализу — 9, оценено — " in " ".join(demo.split())
    new = " ".join(" ".join(pdf_pages(fresh / "data" / "analytical-reference-ru.pdf")).split())
    assert "запланировано к анализу — 9, оценено — 0" in new
    assert "Рассмотрено направлений — 9" not in new


def test_recorded_signing_removes_the_draft_mark(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan_path = root / "plan.yaml"
    plan = plan_path.read_text("utf-8")
    plan = plan.replace('reference: {number: "1", date: 12.02.2025}',
                        'reference: {number: "1", date: 12.02.2025, signed: 13.02.2025, '
                        "agreed: 14.02.2025}")
    plan_path.write_text(plan, "utf-8")
    site = build(project_of(root), date(2025, 2, 20), out=tmp_path / "site")
    for lang in ("kk", "ru"):
        pages = pdf_pages(site / "data" / f"analytical-reference-{lang}.pdf")
        assert not any(DRAFT[lang] in page.split("\n", 3)[0] for page in pages)
        assert "13.02.2025" in pages[-1] and "14.02.2025" in pages[-1]
        document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert DRAFT[lang] not in header
        body = "\n".join(p.text for p in document.paragraphs)
        assert "13.02.2025" in body and "14.02.2025" in body


def test_a_missing_document_stylesheet_is_a_build_error(demo_offline: Path,
                                                        tmp_path: Path) -> None:
    from generator.output.pdf import write_reference_pdf

    site = tmp_path / "site"
    (site / "kk").mkdir(parents=True)
    (site / "kk" / "reference.html").write_bytes(
        (demo_offline / "kk" / "reference.html").read_bytes())
    with pytest.raises(BuildError, match="adal-print.css"):
        write_reference_pdf(site, "kk", "reference.html", "Times New Roman")


def test_new_portals_cite_the_typical_rules() -> None:
    for path in (Path("generator/skeleton/plan.yaml"), DEMO / "plan.yaml"):
        basis = yaml.safe_load(path.read_text("utf-8"))["legal_basis"]
        ru = " ".join(b["ru"] for b in basis)
        kk = " ".join(b["kk"] for b in basis)
        assert "19 октября 2016 года № 12" in ru and "16 января 2023 года № 21" in ru, path
        assert "2016 жылғы 19 қазандағы № 12" in kk and "2023 жылғы 16 қаңтардағы № 21" in kk


def test_check_warns_about_a_basis_without_rules_and_a_missing_order(tmp_path: Path) -> None:
    root = tmp_path / "portal"
    assert run_adal("init", str(root)).returncode == 0
    done = run_adal("check", "--project", str(root))
    out = done.stdout + done.stderr
    assert "analysis period" in out and "working group" in out, out
    assert "Typical Rules" not in out
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    text = (root / "plan.yaml").read_text("utf-8")
    for basis in plan["legal_basis"][1:]:
        text = text.replace(basis["kk"], "x").replace(basis["ru"], "x")
    (root / "plan.yaml").write_text(re.sub(r"\n  - kk: x\n    ru: x", "", text), "utf-8")
    done = run_adal("check", "--project", str(root))
    out = done.stdout + done.stderr
    assert "Typical Rules" in out, out


def test_the_workbook_prints_on_a4_landscape(demo_offline: Path) -> None:
    book = load_workbook(demo_offline / "data" / "plan-ru.xlsx")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows in ("1:1", "$1:$1")
    plan = book.worksheets[0]
    directions = {row[2] for row in plan.iter_rows(min_row=2, values_only=True) if row[2]}
    assert "Управление персоналом" in directions and "personnel" not in directions


def test_the_reference_page_fits_a_phone(demo_offline: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian chromium is not installed (see .ci/run)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium),
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for lang in ("kk", "ru"):
            page.goto((demo_offline / lang / "reference.html").as_uri())
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (lang, width)
        browser.close()
