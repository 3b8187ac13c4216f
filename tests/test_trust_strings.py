"""A portal's interface strings (site_templates/strings.yaml) are data, not markup (issue 16,
item 5): the check stage reads them with the same guards as every portal file and reports
each problem at its line; every output they reach shows them as text; spreadsheets never take
them for formulas; the root page carries the pages' Content-Security-Policy."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.check.problems import Report
from generator.check.project import load_project
from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal

REL = "site_templates/strings.yaml"
EVIL = "https://evil.example/"
REFRESH = f'<meta http-equiv="refresh" content="0; url={EVIL}">'
HOSTILE = f"""\
kk:
  lang_name: '{REFRESH}'
  home: '<script>window.__adal_pwned = "home"</script>'
  reference: '<img src=x onerror="window.__adal_pwned = 1">REF'
  approved: '[CLICK](javascript:alert(1)) **BOLD** _EM_ `CODE` #HASH'
  directions: '<a href="{EVIL}">DIRS</a>'
  as_of: '{{date}} <b onmouseover=alert(3)>ASOF</b>'
  plan_table: 'Жоспар/кесте: [1]*?'
  col:
    number: '=HYPERLINK("{EVIL}","x")'
    work: "+cmd|' /C calc'!A0"
    responsible: '-2+3'
    status: '@SUM(A1)'
ru:
  lang_name: '<script>window.__adal_pwned = "ru"</script>'
  home: "</title><script>alert(4)</script>"
"""


def _portal(tmp_path: Path, text: str | bytes) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return root


def _problems(root: Path) -> list[tuple[str, int, str]]:
    report = Report(root)
    load_project(root, report)
    return [(p.path, p.line, p.message) for p in report.errors]


# ---- the check stage -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "words"), [
    ("kk:\n  lang_name: 5\n", 2, "text"),
    ("kk:\n  home: yes\n", 2, "text"),
    ("kk:\n  home:\n", 2, "text"),
    ("kk:\n  home: [Басты, бет]\n", 2, "text"),
    ("kk:\n  col:\n    number: {a: b}\n", 3, "text"),
    ("kk:\n  status: Орындалды\n", 2, "group"),
    ("kk:\n  hoem: Басты бет\n", 2, "home"),
    ("kk:\n  col:\n    numbr: №\n", 3, "number"),
    ("en:\n  home: Home\n", 1, "kk"),
    ("- kk\n- ru\n", 1, "kk"),
    ("kk: &a\n  home: Басты бет\nru: *a\n", 3, "alias"),
    ("kk:\n  lang_name: [1\n", 2, "bracket"),
    ("kk:\n\thome: Басты бет\n", 2, "tab"),
    ("kk:\n  home: !!python/object/apply:os.system [id]\n", 2, "!!python"),
    ('kk:\n  as_of: "{date.__class__.__mro__}"\n', 2, "{date}"),
    ('kk:\n  as_of: "{when}"\n', 2, "{date}"),
    ('kk:\n  as_of: "{date!r:>99}"\n', 2, "{date}"),
    ('kk:\n  home: "a } b"\n', 2, "brace"),
    ('kk:\n  home: "{0}"\n', 2, "brace"),
    ("kk:\n  home: " + "ә" * 5000 + "\n", 2, "5000"),
    ("kk:\n  home: Басты\n  home: бет\n", 3, "home"),
    ("kk:\n  home: ''\n", 2, "empty"),
    ('ru:\n  areas_total: "и {n:>999999999} сфер"\n', 2, "{n:направление|направления|направлений}"),
    ('ru:\n  areas_total: "и {n:kk_loc} сфер"\n', 2, "{n}"),
    ('kk:\n  col:\n    indicator_n: "{n:dat} индикатор"\n', 3, "{n}"),
    ('kk:\n  home: "a\\eb"\n', 2, "#x001b"),
], ids=["int", "bool", "empty", "list", "mapping-for-text", "text-for-group", "unknown-key", "unknown-nested-key", "unknown-language", "not-a-mapping", "alias", "unclosed", "tab", "python-tag", "attribute-access", "unknown-placeholder", "conversion-and-spec", "stray-brace", "positional", "too-long", "duplicate", "blank", "python-format-spec", "date-spec-for-a-number", "case-where-adal-has-none", "control-character"])
def test_check_reports_each_problem_of_the_strings_at_its_line(tmp_path: Path, text: str,
                                                              line: int, words: str) -> None:
    found = [p for p in _problems(_portal(tmp_path, text)) if p[0] == REL]
    assert len(found) == 1, found
    assert found[0][1] == line, found
    assert words in found[0][2], found


def test_check_reports_bad_bytes_and_size_at_their_line(tmp_path: Path) -> None:
    root = _portal(tmp_path, "kk:\n  home: Басты\n".encode() + b"  approved: \xff\n")
    assert [(p[0], p[1]) for p in _problems(root)] == [(REL, 3)]
    (root / REL).write_text("kk:\n  home: " + "а" * (1024 * 1024) + "\n", "utf-8")
    assert [(p[0], p[1]) for p in _problems(root)] == [(REL, 1)]


def test_adal_check_and_build_name_the_line_of_unparsable_strings(tmp_path: Path) -> None:
    root = _portal(tmp_path, "kk:\n  home: Басты бет\n  lang_name: [Қазақша\n")
    for args in (["check"], ["build", "--no-pdf", "--out", str(tmp_path / "site")]):
        done = run_adal(*args, "--project", str(root))
        assert done.returncode == 1, done.stderr
        assert f"{REL}:3: " in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "in \"<unicode string>\"" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_a_good_rewording_passes_and_reaches_the_pages(tmp_path: Path) -> None:
    root = _portal(tmp_path, 'kk:\n  home: "Басты бет — жаңа"\n  as_of: "Күйі: {date}"\n'
                   'ru:\n  col:\n    number: "№ п/п"\n'
                   '  areas_total: "и {n:сфера|сферы|сфер} деятельности"\n')
    assert _problems(root) == []
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    page = (site / "kk" / "index.html").read_text("utf-8")
    assert "Басты бет — жаңа" in page and "Күйі: 2025 жылғы 15 қаңтардағы" in page


# ---- every output of a build with hostile strings -------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("hostile-strings")
    root = _portal(tmp, HOSTILE)
    yield build(project_of(root), TODAY, out=tmp / "site", public=True)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _parse(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_no_interface_string_becomes_markup_on_any_page(hostile: Path) -> None:
    pages = sorted(hostile.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        found = _parse(page)
        for tag, attrs in found.elements:
            assert not (tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"
                        and page.parent != hostile), (page, attrs)
            assert not any(k.startswith("on") for k in attrs), (page, tag, attrs)
            assert not attrs.get("href", "").startswith(("javascript:", EVIL)), (page, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), page
        html = page.read_text("utf-8")
        assert "__adal_pwned" not in "".join(re.findall(r"<script[^>]*>(.*?)</script>", html,
                                                        re.S)), page
        assert "alert(4)</script>" not in html, page


def test_the_strings_show_as_text(hostile: Path) -> None:
    home = _parse(hostile / "kk" / "index.html")
    text = " ".join(" ".join(home.texts).split())
    assert REFRESH in text  # the language switch names the language as written
    assert "[CLICK](javascript:alert(1)) **BOLD** _EM_ `CODE` #HASH" in text
    assert "<b onmouseover=alert(3)>ASOF</b>" in text
    reference = " ".join(" ".join(_parse(hostile / "kk" / "reference" / "index.html").texts)
                         .split())
    assert '<img src=x onerror="window.__adal_pwned = 1">REF' in reference
    ru = " ".join(" ".join(_parse(hostile / "ru" / "index.html").texts).split())
    assert '<script>window.__adal_pwned = "ru"</script>' in ru


def test_the_root_page_escapes_the_strings_and_carries_the_policy(hostile: Path) -> None:
    root = hostile / "index.html"
    found = _parse(root)
    refresh = [a for tag, a in found.elements if tag == "meta"
               and a.get("http-equiv", "").lower() == "refresh"]
    assert refresh == [{"http-equiv": "refresh", "content": "0; url=kk/"}]
    assert REFRESH in " ".join(found.texts)
    policies = [a["content"] for tag, a in found.elements if tag == "meta"
                and a.get("http-equiv") == "Content-Security-Policy"]
    page = _parse(hostile / "kk" / "index.html")
    page_policy = next(a["content"] for tag, a in page.elements if tag == "meta"
                       and a.get("http-equiv") == "Content-Security-Policy")
    assert len(policies) == 1

    def directives(policy: str) -> list[str]:  # the page's inline-script hashes aside
        return [" ".join(w for w in d.split() if not w.startswith("'sha256-"))
                for d in policy.split(";")]

    assert directives(policies[0]) == directives(page_policy)


def test_spreadsheets_take_no_string_for_a_formula(hostile: Path) -> None:
    import openpyxl

    with zipfile.ZipFile(hostile / "data" / "plan-kk.xlsx") as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert "<f>" not in book.read(name).decode("utf-8"), name
    book = openpyxl.load_workbook(hostile / "data" / "plan-kk.xlsx")
    header = [c for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert [c.data_type for c in header] == ["s"] * len(header)
    assert header[0].value == f'=HYPERLINK("{EVIL}","x")'
    assert "/" not in book.sheetnames[0] and "Жоспар" in book.sheetnames[0]
    text = (hostile / "data" / "plan-kk.csv").read_text("utf-8-sig")
    for delimiter in ",;\t":
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for value in row:
                assert not value.lstrip(" \t\"").startswith(("=", "+", "-", "@")) \
                    or value == "-", (delimiter, value)


def test_documents_show_the_strings_as_written(hostile: Path) -> None:
    import docx
    from pypdf import PdfReader

    document = docx.Document(str(hostile / "data" / "analytical-reference-kk.docx"))
    assert '<img src=x onerror="window.__adal_pwned = 1">REF' in [
        p.text for p in document.paragraphs]
    reader = PdfReader(hostile / "data" / "analytical-reference-kk.pdf")
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    assert '<img src=x onerror="window.__adal_pwned = 1">REF' in text


def test_the_calendar_and_open_data_stay_valid(hostile: Path) -> None:
    import json

    import icalendar

    for lang in ("kk", "ru"):
        icalendar.Calendar.from_ical((hostile / "data" / f"deadlines-{lang}.ics").read_text(
            "utf-8"))
    json.loads((hostile / "data" / "plan.json").read_text("utf-8"))


# ---- in a browser ----------------------------------------------------------------------------

def test_a_hostile_language_name_neither_redirects_nor_runs(hostile: Path) -> None:
    from tests.test_browser import CHROMIUM, FLAGS, _serve

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (see .ci/run)")
    from playwright.sync_api import sync_playwright

    served = _serve(hostile)
    url = next(served)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(locale="kk-KZ")
            outside: list[str] = []

            def refuse(route) -> None:  # noqa: ANN001 - Playwright's Route
                outside.append(route.request.url)
                route.abort()

            context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), refuse)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{url}/")  # the root sends the reader to the first language
            page.wait_for_url(f"{url}/kk/")
            page.wait_for_load_state("load")
            for path in ("kk/", "kk/reference/", "ru/"):
                page.goto(f"{url}/{path}")
                assert page.url == f"{url}/{path}"
                assert page.evaluate(
                    "document.querySelectorAll('meta[http-equiv=refresh i]').length") == 0
                assert page.evaluate("window.__adal_pwned === undefined")
                names = page.eval_on_selector_all("a.md-select__link",
                                                  "els => els.map(e => e.textContent.trim())")
                assert names == [REFRESH, '<script>window.__adal_pwned = "ru"</script>']
            page.goto(f"{url}/index.html")
            page.wait_for_url(f"{url}/kk/")
            assert page.evaluate("window.__adal_pwned === undefined")
            assert outside == [] and dialogs == []
            browser.close()
    finally:
        next(served, None)


def test_the_intranet_pdf_mark_stays_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    mark = 'МАРК\\" ; color: white ; content: "X'
    root = _portal(tmp_path, "kk:\n  restricted: '" + mark.replace("'", "''") + "'\n")
    site = build(project_of(root), TODAY, out=tmp_path / "site")
    reader = PdfReader(site / "data" / "analytical-reference-kk.pdf")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) > 1 and all(mark in page for page in pages), pages[:1]
