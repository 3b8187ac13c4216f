"""Issue 16, items 6, 8 and 11: CSV that a semicolon-locale Excel cannot split into formula
cells; a line break in a single-line title reported by `check` at its line (and never a crash
of the calendar); a public page's link to an internal page links nothing and says why."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import icalendar
import pytest
import yaml

from generator.output.build import build
from generator.output.exports import csv_text
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal

FORMULA = ("=", "+", "-", "@")


def _cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def _formula_cells(text: str) -> list[tuple[str, str]]:
    """Cells that a spreadsheet reading the file with `,`, `;` or tab as its separator would
    start with a formula character (spaces and quotes before it ignored)."""
    return [(d, c) for d in ",;\t" for c in _cells(text, d)
            if c.lstrip(" \t\"").startswith(FORMULA) and c.strip() != "-"]


# ---- item 6: CSV and a semicolon-locale spreadsheet -----------------------------------------

HOSTILE_FIELDS = ['Сатып алу; =HYPERLINK("https://evil.example/","x")',
                  "a;=1+1;b", "x; +cmd|' /C calc'!A0", "y;\t@SUM(A1)", "n,-2+3",
                  'q;"=1+1"', 'q; " =1+1', "line\n=1+1", "tab\t=1+1", "r;;=1", "s; ; -1+1"]


def test_no_cell_starts_a_formula_whatever_the_separator() -> None:
    text = csv_text([["№", *HOSTILE_FIELDS], [1, *HOSTILE_FIELDS]])
    assert _formula_cells(text) == []


def test_the_comma_reader_still_gets_every_text_back() -> None:
    text = csv_text([HOSTILE_FIELDS + ["plain", "-", 5]])
    cells = next(csv.reader(io.StringIO(text)))
    assert len(cells) == len(HOSTILE_FIELDS) + 3
    assert cells[-3:] == ["plain", "-", "5"]
    for written, read in zip(HOSTILE_FIELDS, cells, strict=False):
        # The text is kept; at most an apostrophe stands before a formula character.
        assert read.replace("'", "") == written.replace("'", ""), (written, read)


def test_the_leading_neutralisation_is_kept() -> None:
    cells = next(csv.reader(io.StringIO(csv_text([["=A1", "+1", "-2", "@x", "\t=1", "-"]]))))
    # After the tab, too: a reader splitting on tabs starts a cell there.
    assert cells == ["'=A1", "'+1", "'-2", "'@x", "'\t'=1", "-"]


def _plan(root: Path) -> dict:
    return yaml.safe_load((root / "plan.yaml").read_text("utf-8"))


def _write_plan(root: Path, plan: dict) -> None:
    (root / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False,
                                                   width=10_000), "utf-8")


def test_a_built_sites_csv_files_carry_no_formula_for_a_semicolon_spreadsheet(
        tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = _plan(root)
    plan["items"][0]["title"] = {"kk": 'Жинау; =HYPERLINK("https://evil.example/","x")',
                                 "ru": "Сбор;+cmd|' /C calc'!A0;конец"}
    plan["people"][0]["name"] = {"kk": "Ә.Ә. Әлиева; @SUM(A1)", "ru": "Ә.Ә. Әлиева,-1+1"}
    _write_plan(root, plan)
    site = build(project_of(root), TODAY, out=tmp_path / "site", public=True, pdf=False)
    files = sorted((site / "data").glob("*.csv"))
    assert len(files) >= 6
    for path in files:
        assert _formula_cells(path.read_text("utf-8-sig")) == [], path
    assert "Сбор;'+cmd" in (site / "data" / "plan-ru.csv").read_text("utf-8-sig")


# ---- item 8: a line break in the organization's name or the plan's title --------------------

def _with_block(root: Path, field: str, lang: str, block: str) -> int:
    """Rewrite plan.yaml's `field.lang` as the YAML block `block`; return its line."""
    lines = (root / "plan.yaml").read_text("utf-8").split("\n")
    start = lines.index(f"{field}:")
    number = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(f"  {lang}:"))
    lines[number:number + 1] = [f"  {lang}: " + block.split("\n")[0],
                                *("    " + line if line else "" for line in block.split("\n")[1:])]
    (root / "plan.yaml").write_text("\n".join(lines), "utf-8")
    return number + 1


@pytest.mark.parametrize(("field", "lang", "block"), [
    ("organization", "kk", "|\n«Үлгі» шартты\nмектепке дейінгі ұйымы"),
    ("title", "ru", ">\nПлан работы\n\nпо проведению анализа"),
    ("organization", "ru", '"Условная организация\\nвторая строка"'),
])
def test_check_and_build_report_a_line_break_in_a_title_at_its_line(
        tmp_path: Path, field: str, lang: str, block: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    line = _with_block(root, field, lang, block)
    for args in (["check"], ["build", "--no-pdf", "--out", str(tmp_path / "site")]):
        done = run_adal(*args, "--project", str(root))
        assert done.returncode == 1, done.stderr
        assert re.search(rf"^plan\.yaml:{line}: .*{field}.*line break", done.stderr,
                         re.M), done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_a_folded_title_on_one_line_builds_and_other_texts_may_break(tmp_path: Path) -> None:
    """A folded block that makes one line is one line; a line break in an item's or a
    direction's title is shown as a space on the pages and escaped in the calendar."""
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = _plan(root)
    plan["items"][0]["title"] = {"kk": "Бірінші жол\nекінші жол", "ru": "Строка\nвторая"}
    _write_plan(root, plan)
    _with_block(root, "organization", "kk", ">\n«Үлгі» шартты\nмектепке дейінгі ұйымы")
    site = build(project_of(root), TODAY, out=tmp_path / "site", public=True, pdf=False)
    for lang in ("kk", "ru"):
        calendar = icalendar.Calendar.from_ical(
            (site / "data" / f"deadlines-{lang}.ics").read_text("utf-8"))
        assert "\n" not in str(calendar["X-WR-CALNAME"])
    calendar = icalendar.Calendar.from_ical(
        (site / "data" / "deadlines-kk.ics").read_text("utf-8"))
    assert str(calendar["X-WR-CALNAME"]).startswith("«Үлгі» шартты мектепке дейінгі ұйымы: ")
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "№1: Бірінші жол\nекінші жол" in summaries


# ---- item 11: a public page's link to an internal page --------------------------------------

def _linking_portal(tmp_path: Path) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    page = root / "content" / "pages" / "announcement.md"
    text = page.read_text("utf-8")
    text = text.replace("жіберуге болады.\n", "жіберуге болады. Қараңыз: "
                        "[ЖҰМЫС-ЖАЗБАЛАРЫ](pages/working-notes.md), "
                        "[ЖОҚ-БЕТ](pages/nowhere.md) және [ХАТТАМА](pages/protocol.md).\n", 1)
    text = text.replace("**секретарю**.\n", "**секретарю**. См. [ЗАМЕТКИ-ГРУППЫ]"
                        "(./pages/working-notes.md#top).\n", 1)
    page.write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("offline", [False, True])
def test_a_public_link_to_an_internal_page_links_nothing_and_says_why(
        tmp_path: Path, offline: bool) -> None:
    root = _linking_portal(tmp_path)
    warnings: list[str] = []
    site = build(project_of(root), TODAY, out=tmp_path / "site", public=True, pdf=False,
                 on_warning=warnings.append, offline=offline)
    name = "announcement.html" if offline else "announcement/index.html"
    for lang, text in (("kk", "ЖҰМЫС-ЖАЗБАЛАРЫ"), ("ru", "ЗАМЕТКИ-ГРУППЫ")):
        html = (site / lang / "pages" / name).read_text("utf-8")
        assert "working-notes" not in html
        assert text in html
        assert re.search(rf"<a [^>]*>{text}</a>", html) is None
    kk = (site / "kk" / "pages" / name).read_text("utf-8")
    assert re.search(r'<a href="[^"]*protocol[^"]*"[^>]*>ХАТТАМА</a>', kk)  # public: linked
    internal = [w for w in warnings if "working-notes" in w]
    assert len(internal) == 2 and all("content/pages/announcement.md" in w for w in internal)
    assert all("internal" in w and "leads to no page" not in w for w in internal), internal
    assert any("pages/nowhere.md" in w and "leads to no page" in w for w in warnings)
    assert not any("working-notes" in text for path, text in _texts(site))


def _texts(site: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text("utf-8", "replace")) for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".ics")]


def test_the_intranet_build_keeps_the_link(tmp_path: Path) -> None:
    root = _linking_portal(tmp_path)
    warnings: list[str] = []
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False,
                 on_warning=warnings.append)
    html = (site / "kk" / "pages" / "announcement" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./working-notes/"[^>]*>ЖҰМЫС-ЖАЗБАЛАРЫ</a>', html), html
    assert not any("working-notes" in w for w in warnings)
