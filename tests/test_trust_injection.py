"""Nothing runs: data text is text everywhere, Markdown bodies are sanitised, the PDF reads
only the build's own files, and spreadsheet cells cannot carry formulas (issue 7, part 3)."""

from __future__ import annotations

import csv
import io
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.output.build import build
from tests import hostile
from tests.conftest import DEMO, TODAY, project_of

FORBIDDEN_TAGS = {"iframe", "object", "embed", "form", "input", "base", "meta-refresh"}


class Audit(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.texts).append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def audit(path: Path) -> Audit:
    parser = Audit()
    parser.feed(path.read_text("utf-8"))
    return parser


def article_tags(path: Path) -> set[str]:
    """Elements inside the page's content (Material's own chrome has a search form)."""
    html = path.read_text("utf-8")
    start = html.find('<article class="md-content__inner')
    parser = Audit()
    parser.feed(html[start:html.index("</article>", start)] if start >= 0 else "")
    return {tag for tag, _attrs in parser.tags}


@pytest.fixture(scope="module", params=["intranet", "public"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp(f"hostile-{request.param}")
    root = hostile.hostile_portal(tmp / "portal")
    return build(project_of(root), TODAY, out=tmp / "site", public=request.param == "public")


def test_no_payload_becomes_markup_anywhere(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        found = audit(page)
        assert not article_tags(page) & FORBIDDEN_TAGS, page
        for tag, attrs in found.tags:
            for name, value in attrs.items():
                assert not name.startswith("on"), f"{name}= on <{tag}> in {page}"
                assert name != "style" or (tag in ("th", "td") and value.startswith(
                    "text-align:")), f"style= on <{tag}> in {page}"  # tables' own alignment
                assert "alert(" not in value or name in ("title", "aria-label", "content"), \
                    f"{name}={value!r} on <{tag}> in {page}"
                assert not value.strip().lower().startswith("javascript:"), page
            assert not (tag == "img" and attrs.get("src") == "x"), page
        assert not any("alert(" in s for s in found.scripts), f"payload in a script: {page}"
        assert not any("COMMENT-MARKER" in c for c in found.comments), page


def test_material_printed_titles_are_text(hostile_site: Path) -> None:
    page = hostile_site / "kk" / "directions" / "budget" / "index.html"
    found = audit(page)
    text = " ".join(found.texts)
    assert "ORG<img src=x onerror=alert(1)>" in text  # shown, as text, in header and title
    assert "DIR<img src=x onerror=alert(2)>" in text
    html = page.read_text("utf-8")
    title = html[html.index("<title>"):html.index("</title>") + 8]
    assert "<script>" not in title and title.count("</title>") == 1
    assert "&amp;lt;" not in html and "&amp;amp;" not in html  # no text escaped twice
    root = (hostile_site / "index.html").read_text("utf-8")
    assert "<img" not in root and "<script>alert" not in root
    assert 'id="indicator-1"' in html  # the anchor survives any indicator text


def test_braces_backticks_and_list_markers_stay_literal(hostile_site: Path) -> None:
    html = (hostile_site / "kk" / "directions" / "budget" / "index.html").read_text("utf-8")
    found = audit(hostile_site / "kk" / "directions" / "budget" / "index.html")
    text = " ".join(found.texts)
    assert "{: onclick=alert(3)}" in text and "{2025}" in text and "`code`" in text
    assert "1. starts like a list" in text and "# not a heading" in text
    assert "<code>code</code>" not in html
    h1 = html[html.index("<h1"):html.index("</h1>")]
    assert "{: onclick=alert(3)}" in unescape(h1) and "onclick=" not in h1.split(">")[0]


def test_a_title_with_a_newline_or_pipe_keeps_the_plan_table(hostile_site: Path) -> None:
    home = audit(hostile_site / "kk" / "index.html")
    page = (hostile_site / "kk" / "index.html").read_text("utf-8")
    table = page[page.index('<table class="adal-table adal-cards adal-plan">'):]
    table = table[:table.index("</table>")]
    items = yaml.safe_load((DEMO / "plan.yaml").read_text("utf-8"))["items"]
    assert table.count("<tr") == 1 + len(items)  # a header row and a row per item, no stray row
    assert home.tags  # the table shows the direction's name; the title, on its page, whole:
    control = audit(hostile_site / "kk" / "directions" / "control" / "index.html")
    assert "first line | second cell second line" in " ".join(" ".join(control.texts).split())


def test_evidence_that_starts_with_a_list_renders_as_a_list(hostile_site: Path) -> None:
    html = (hostile_site / "kk" / "directions" / "budget" / "index.html").read_text("utf-8")
    assert "<li>EVIDENCE-FIRST</li>" in html and "<li>EVIDENCE-SECOND</li>" in html


def test_sanitizer_keeps_authors_formatting(hostile_site: Path) -> None:
    html = (hostile_site / "kk" / "pages" / "announcement" / "index.html").read_text("utf-8")
    assert "<strong>bold stays</strong>" in html and "STYLED" in html and "JSLINK" in html


def test_pdf_reads_nothing_outside_the_build(hostile_site: Path) -> None:
    for lang in ("kk", "ru"):
        reader = PdfReader(hostile_site / "data" / f"analytical-reference-{lang}.pdf")
        assert reader.attachments == {}
        assert "ENVFILE" in "".join(p.extract_text() for p in reader.pages)
        raw = (hostile_site / "data" / f"analytical-reference-{lang}.pdf").read_bytes()
        assert b"/EmbeddedFile" not in raw and b"file://" not in raw


def test_notes_of_every_item_kind_in_the_intranet_build_only(hostile_site: Path) -> None:
    ref = (hostile_site / "kk" / "reference" / "index.html").read_text("utf-8")
    public = "public" in hostile_site.parent.name
    for marker in ("REFERENCE-ITEM-NOTE-kk", "AGREEMENT-ITEM-NOTE-kk"):
        assert (marker in ref) is not public


def test_spreadsheet_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    from generator.output.exports import csv_text

    text = csv_text([["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\t=1", "ok", 5, "-"]])
    cells = next(csv.reader(io.StringIO(text)))
    assert cells[:5] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\t'=1"]
    assert cells[5:] == ["ok", "5", "-"]  # numbers and a lone dash for "none" stay as they are


def test_every_page_carries_the_content_security_policy(hostile_site: Path) -> None:
    for page in sorted(hostile_site.rglob("*.html")):
        if page.parent == hostile_site:
            continue  # the root redirect has no script at all
        html = page.read_text("utf-8")
        head = html[html.index("<head>"):html.index("<head>") + 600]
        assert 'http-equiv="Content-Security-Policy"' in head, page
        assert "script-src 'self' 'sha256-" in head and "'unsafe-inline'" not in \
            head.split("style-src")[0], page


# ---- site_templates/ is portal input too ---------------------------------------------------

def _portal_with(tmp_path: Path, name: str, text: str) -> Path:
    from tests.conftest import DEMO, copy_portal

    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "site_templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return root


def test_a_page_template_cannot_reach_the_file_system(tmp_path: Path) -> None:
    from generator.errors import BuildError

    (tmp_path / "secret.txt").write_text("MACHINE-SECRET", "utf-8")
    root = _portal_with(tmp_path, "pages/page.md.j2",
                        "{{ project.root.parent.joinpath('secret.txt').read_text() }}\n"
                        "{{ project.root.parent.joinpath('planted').write_text('x') }}")
    with pytest.raises(BuildError):
        build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    assert not (tmp_path / "planted").exists()
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["overrides/main.html", "mkdocs.yml.j2", "assets/adal.js",
                                  "assets/extra.html", "assets/logo.svg"])
def test_code_in_a_portals_templates_is_refused_by_check(tmp_path: Path, name: str) -> None:
    from generator.check.problems import Report
    from generator.check.project import load_project

    root = _portal_with(tmp_path, name, "{{ ''.__class__.__mro__ }} <script>alert(1)</script>")
    report = Report(root)
    load_project(root, report)
    assert any(p.path == f"site_templates/{name}" for p in report.errors), report.problems


def test_a_portal_may_still_restyle_and_reword(tmp_path: Path) -> None:
    root = _portal_with(tmp_path, "assets/extra.css", ".adal-badge { font-weight: 900 }")
    (root / "site_templates" / "strings.yaml").write_text("kk:\n  home: БАСТЫ-БЕТ-ӨЗГЕРДІ\n",
                                                          "utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    assert (site / "kk" / "assets" / "extra.css").is_file()
    assert "БАСТЫ-БЕТ-ӨЗГЕРДІ" in (site / "kk" / "index.html").read_text("utf-8")
