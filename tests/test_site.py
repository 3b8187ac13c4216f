"""Real builds with the real MkDocs, checked in their HTML and files."""

from __future__ import annotations

import csv
import filecmp
import json
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from generator.errors import BuildError
from generator.output.build import build
from tests.conftest import (
    DEMO,
    REPO,
    TODAY,
    copy_portal,
    output_texts,
    project_of,
    run_adal,
)
from tests.leak_fixture import INTERNAL_MARKERS, PUBLIC_MARKERS, marked_demo

DIRECTIONS = ["personnel", "conflict-of-interest", "public-services", "permits", "control",
              "budget", "contracts", "information-systems", "other"]
EXPECTED = {1: "overdue", 2: "overdue", 3: "overdue", 4: "due-soon", 5: "upcoming",
            6: "upcoming", 7: "upcoming", 8: "upcoming", 9: "no-deadline", 10: "upcoming",
            11: "upcoming"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(path.read_text("utf-8"))
    return parser.tags


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_nine_direction_pages_per_language_and_same_paths(seed_site: Path) -> None:
    for lang in ("kk", "ru"):
        pages = sorted(p.parent.name for p in (seed_site / lang / "directions").glob("*/index.html"))
        assert pages == sorted(DIRECTIONS)
    kk = {p.relative_to(seed_site / "kk") for p in html_pages(seed_site / "kk")}
    ru = {p.relative_to(seed_site / "ru") for p in html_pages(seed_site / "ru")}
    assert kk == ru
    assert 'url=kk/' in (seed_site / "index.html").read_text("utf-8")


def test_badges_follow_the_rules_everywhere(seed_site: Path) -> None:
    seen: dict[int, set[str]] = {}
    for page in html_pages(seed_site):
        for _tag, attrs in tags(page):
            if "adal-badge" in attrs.get("class", "").split() and "data-item" in attrs:
                seen.setdefault(int(attrs["data-item"]), set()).add(attrs["data-status"])
                assert {"data-deadline", "data-completed"} <= attrs.keys()
    assert seen == {n: {s} for n, s in EXPECTED.items()}


def test_kazakh_interface_and_cyrillic_anchors(seed_site: Path) -> None:
    home = (seed_site / "kk" / "index.html").read_text("utf-8")
    assert '<html lang="kk"' in home and 'placeholder="Іздеу"' in home
    assert "Мазмұнға өту" in home
    assert "Мәртебелер 2025 жылғы 15 қаңтардағы жағдай бойынша" in home  # official Kazakh form
    ru = (seed_site / "ru" / "index.html").read_text("utf-8")
    assert '<html lang="ru"' in ru and "по состоянию на 15 января 2025 г." in ru
    direction = (seed_site / "kk" / "directions" / "personnel" / "index.html").read_text("utf-8")
    assert '<h1 id="1-персоналды-басқару">' in direction  # Cyrillic slugs, not "_1"
    assert 'id="indicator-1"' in direction  # stable, language-independent anchors


def test_language_switch_links_point_to_the_counterpart(seed_site: Path) -> None:
    page = seed_site / "kk" / "directions" / "budget" / "index.html"
    links = [a for t, a in tags(page) if t == "a" and a.get("hreflang") == "ru"]
    assert links and links[0]["href"] == "../../../ru/directions/budget/"


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_resource_from_another_host(seed_site: Path, demo_public: Path) -> None:
    for site in (seed_site, demo_public):
        for page in html_pages(site):
            for tag, attrs in tags(page):
                if tag in ("script", "img", "iframe", "source", "audio", "video"):
                    assert not EXTERNAL.match(attrs.get("src", "")), (page, attrs)
                if tag == "link" and set(attrs.get("rel", "").split()) & {
                        "stylesheet", "preload", "preconnect", "icon", "modulepreload",
                        "dns-prefetch"}:
                    assert not EXTERNAL.match(attrs.get("href", "")), (page, attrs)
        for css in site.rglob("*.css"):
            for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", css.read_text("utf-8")):
                assert not EXTERNAL.match(url), (css, url)


def test_two_builds_are_byte_identical(seed_site: Path, tmp_path: Path) -> None:
    again = build(project_of(REPO), TODAY, out=tmp_path / "again")
    cmp = filecmp.dircmp(seed_site, again)

    def differences(c: filecmp.dircmp) -> list[str]:
        found = c.diff_files + c.left_only + c.right_only
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        found += mismatch + errors
        for sub in c.subdirs.values():
            found += differences(sub)
        return found

    assert differences(cmp) == []


def test_yaml_text_is_escaped(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "name: {kk: Б.Б. Бекова, ru: Б.Б. Бекова}",
        "name: {kk: '<script>alert(1)</script> *Бекова*', ru: \"<b>Бекова</b> | Д'Арк\"}"),
        encoding="utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    for lang, raw in (("kk", "<script>alert(1)</script>"), ("ru", "<b>Бекова</b>")):
        text = (site / lang / "index.html").read_text("utf-8")
        assert raw not in text
        assert "&lt;" in text and ("alert(1)" in text or "Бекова" in text)
    assert "<em>Бекова</em>" not in (site / "kk" / "index.html").read_text("utf-8")
    ru = (site / "ru" / "index.html").read_text("utf-8")
    assert "Д&#39;Арк" in ru or "Д'Арк" in ru  # an apostrophe survives as one character
    assert "&amp;#" not in ru and "&&#" not in ru  # no entity escaped twice


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    build(project_of(root), TODAY, out=out, pdf=False)
    before = (out / "kk" / "index.html").read_bytes()
    (root / "site_templates" / "pages").mkdir(parents=True)
    (root / "site_templates" / "pages" / "home.md.j2").write_text("{{ broken(", "utf-8")
    with pytest.raises(BuildError):
        build(project_of(root), date(2025, 2, 1), out=out, pdf=False)
    assert (out / "kk" / "index.html").read_bytes() == before
    # No staging folder is left: beside the site only Adal's working folder, holding nothing
    # but its marker and lock (the one site built is in `out`, a real folder).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [".site.builds"]
    assert [p.name for p in (tmp_path / ".site.builds").iterdir()
            if not p.name.startswith(".")] == []
    assert out.is_dir() and not out.is_symlink()


def test_reference_for_the_bundled_plan(seed_site: Path) -> None:
    for lang, title, not_assessed in (("kk", "Талдамалық анықтама", "Әлі бағаланбаған"),
                                      ("ru", "Аналитическая справка", "Ещё не оценено")):
        page = (seed_site / lang / "reference" / "index.html").read_text("utf-8")
        assert title in page
        assert page.count(f'adal-outcome--not-assessed">{not_assessed}') == 9
        assert 'id="agreement"' in page
        pdf = seed_site / "data" / f"analytical-reference-{lang}.pdf"
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert title in text
    kk_pdf = "".join(p.extract_text() for p in PdfReader(
        seed_site / "data" / "analytical-reference-kk.pdf").pages)
    assert "Персоналды басқару" in kk_pdf and "Мүдделер қақтығысын реттеу" in kk_pdf
    ru_pdf = "".join(p.extract_text() for p in PdfReader(
        seed_site / "data" / "analytical-reference-ru.pdf").pages)
    assert "Управление персоналом" in ru_pdf


def test_calendar_has_one_event_per_dated_item(seed_site: Path, tmp_path: Path) -> None:
    uids: dict[str, set[str]] = {}
    for lang in ("kk", "ru"):
        raw = (seed_site / "data" / f"deadlines-{lang}.ics").read_bytes()
        events = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))
        assert len(events) == 10
        uids[lang] = {str(e["uid"]) for e in events}
        assert len(uids[lang]) == 10
        first = next(e for e in events if str(e["summary"]).startswith("№1:"))
        assert first.decoded("dtstart") == date(2025, 1, 6)
    later = build(project_of(REPO), date(2025, 2, 1), out=tmp_path / "later", pdf=False)
    cal = icalendar.Calendar.from_ical((later / "data" / "deadlines-kk.ics").read_bytes())
    assert {str(e["uid"]) for e in cal.walk("VEVENT")} == uids["kk"]  # stable across rebuilds


def test_open_data_files(seed_site: Path) -> None:
    data = json.loads((seed_site / "data" / "plan.json").read_text("utf-8"))
    assert [i["status"] for i in data["items"]] == list(EXPECTED.values())
    assert [d["indicators"] for d in data["directions"]] == [15, 7, 8, 5, 17, 16, 10, 9, 4]
    assert json.loads((seed_site / "data" / "plan.schema.json").read_text("utf-8"))["title"]
    raw = (seed_site / "data" / "plan-ru.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "№" and len(rows) == 12 and rows[4][-1] == "due-soon"


def test_provenance_names_the_git_commit(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    assert commit in (site / "kk" / "index.html").read_text("utf-8")
    assert json.loads((site / "data" / "plan.json").read_text("utf-8"))["source_commit"] == commit


# ---- the public build never leaks -------------------------------------------------------

def test_markers_are_planted_in_the_fixture_not_the_example(tmp_path: Path) -> None:
    """The example is a showcase: no test marker in what a visitor sees. The leak test's
    fixture plants each marker, in both languages."""
    def text_of(root: Path) -> str:
        return "\n".join(p.read_text("utf-8") for p in root.rglob("*") if p.is_file()
                         and p.suffix in (".md", ".yaml"))

    assert "INTERNAL-" not in text_of(DEMO) and "PUBLIC-" not in text_of(DEMO)
    planted = text_of(marked_demo(tmp_path / "marked"))
    for marker in INTERNAL_MARKERS + PUBLIC_MARKERS:
        for lang in ("kk", "ru"):
            assert f"{marker}-{lang}" in planted


def test_public_build_has_no_internal_marker_in_any_file(marked_public: Path) -> None:
    demo_public = marked_public
    texts = output_texts(demo_public)
    kinds = {Path(p).suffix for p in texts}
    assert {".html", ".json", ".csv", ".ics", ".pdf", ".xml", ".docx"} <= kinds
    for path, text in texts.items():
        for marker in INTERNAL_MARKERS:
            assert marker not in text, f"{marker} leaked into {path}"
    joined = "\n".join(texts.values())
    for marker in PUBLIC_MARKERS:
        for lang in ("kk", "ru"):
            assert f"{marker}-{lang}" in joined, marker
    pdf = texts[str(demo_public / "data" / "analytical-reference-kk.pdf")]
    assert "PUBLIC-RECOMMENDATION-kk" in pdf
    search = texts[str(demo_public / "kk" / "search" / "search_index.json")]
    assert "PUBLIC-PAGE-kk" in search


def test_intranet_build_shows_internal_parts_marked(marked_intranet: Path) -> None:
    demo_intranet = marked_intranet
    page = (demo_intranet / "kk" / "directions" / "contracts" / "index.html").read_text("utf-8")
    for marker in ("INTERNAL-PASSAGE-kk", "INTERNAL-FINDING-NOTE-kk", "INTERNAL-RISK-EVIDENCE-kk"):
        assert marker in page
    assert page.count('class="adal-internal"') >= 3
    assert (demo_intranet / "kk" / "pages" / "working-notes" / "index.html").exists()


def test_public_build_keeps_public_extra_pages_in_navigation(demo_public: Path) -> None:
    home = (demo_public / "ru" / "index.html").read_text("utf-8")
    assert "Объявление о внутреннем анализе" in home and "Протокол общественного" in home
    assert not (demo_public / "ru" / "pages" / "working-notes").exists()


def test_reference_lists_each_public_risk(demo_public: Path) -> None:
    page = (demo_public / "ru" / "reference" / "index.html").read_text("utf-8")
    assert "Включить антикоррупционную оговорку в типовую форму договора" in page
    assert "Утвердить правила отбора кадров" in page
    data = json.loads((demo_public / "data" / "plan.json").read_text("utf-8"))
    assert {(r["direction"], r["indicator"]) for r in data["risks"]} == {
        ("contracts", 1), ("personnel", 2)}


def test_pages_show_the_approved_wording_beside_corrections(seed_site: Path) -> None:
    kk = (seed_site / "kk" / "directions" / "personnel" / "index.html").read_text("utf-8")
    twelve = kk[kk.index('id="indicator-12"'):kk.index('id="indicator-13"')]
    assert "мерзімінен бұрын алынбаған" in twelve.split("</h3>")[0]  # approved, as shown
    assert "Ұсынылатын түзету" in twelve and "мерзімінен бұрын алынған" in twelve
    four = kk[kk.index('id="indicator-4"'):kk.index('id="indicator-5"')]
    assert "Бекітілген жоспардағы мәтіні" in four and "уақытыны" in four  # typo kept beside
    ru = (seed_site / "ru" / "directions" / "personnel" / "index.html").read_text("utf-8")
    assert "Текст в утверждённом плане" in ru and "Предлагаемое исправление" in ru
    control = (seed_site / "ru" / "directions" / "control" / "index.html").read_text("utf-8")
    seventeen = control[control.index('<h3 id="indicator-17">'):]
    assert seventeen.startswith('<h3 id="indicator-17">17) ')
    assert "(в плане без номера)" in seventeen.split("</h3>")[0]
    schema = json.loads((seed_site / "data" / "plan.schema.json").read_text("utf-8"))
    assert {"indicator_approved", "indicator_proposed"} <= schema["$defs"]["RiskOut"][
        "properties"].keys()


def test_item_9_lists_areas_and_totals_count_them_apart(seed_site: Path) -> None:
    for lang, total, title in (
            ("kk", "<strong>87</strong> және 4 қызмет бағыты",
             "талдау объектісінің ұйымдастырушылық-басқарушылық қызметінен туындайтын"),
            ("ru", "<strong>87</strong> и 4 направления деятельности",
             "иные вопросы, вытекающие из организационно-управленческой деятельности")):
        reference = (seed_site / lang / "reference" / "index.html").read_text("utf-8")
        assert total in reference
        home = (seed_site / lang / "index.html").read_text("utf-8")
        row = home[home.index(title) - 300:home.index(title)]
        assert "индикатор" not in home[home.index(title):home.index(title) + 200].lower()
        assert ">9<" in row
    basis = (seed_site / "ru" / "index.html").read_text("utf-8")
    assert "от 19 октября 2016 года № 12 (в редакции приказа" in basis


def test_dates_are_written_as_official_texts_write_them(seed_site: Path) -> None:
    import re

    for page in (seed_site / "kk").rglob("*.html"):
        text = page.read_text("utf-8").replace("\xa0", " ")
        assert not re.search(r"\d{4} ж\. \d", text), page  # Babel's compact «2025 ж. 13 ақпан»
    home = (seed_site / "kk" / "index.html").read_text("utf-8")
    assert '">06.01.2025</td>' in home  # deadlines in tables: DD.MM.YYYY
    ru = (seed_site / "ru" / "directions" / "budget" / "index.html").read_text("utf-8")
    assert "29.01.2025" in ru and "по состоянию на 15 января 2025 г." in ru


def test_translation_state_is_told_for_each_language(tmp_path: Path) -> None:
    root = copy_portal(REPO, tmp_path / "portal")
    other = root / "indicators" / "other.yaml"
    other.write_text(other.read_text("utf-8").replace(
        "translation: {kk: official, ru: working}", "translation: {kk: working, ru: official}"),
        "utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    kk = (site / "kk" / "directions" / "other" / "index.html").read_text("utf-8")
    assert "Қазақ тіліндегі мәтін — жұмыс аудармасы" in kk
    assert "Текст на русском языке" not in (site / "ru" / "directions" / "other" / "index.html"
                                            ).read_text("utf-8")
    data = json.loads((site / "data" / "plan.json").read_text("utf-8"))
    states = {d["id"]: d["translation"] for d in data["directions"]}
    assert states["other"] == {"kk": "working", "ru": "official"}
    assert states["budget"] == {"kk": "official", "ru": "working"}


# ---- the reference on paper (issue 9) -------------------------------------------------------

def _pdf_pages(site: Path, lang: str) -> list[str]:
    reader = PdfReader(site / "data" / f"analytical-reference-{lang}.pdf")
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _pdftotext_lines(pdf: Path, count: int) -> list[int]:
    """Lines of text on each page, as pdftotext (poppler) lays them out."""
    lines = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                               str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        lines.append(sum(1 for line in text.splitlines() if line.strip()))
    return lines


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_reference_prints_as_a_document(demo_intranet: Path, demo_public: Path,
                                            lang: str) -> None:
    mark = {"kk": "Қызмет бабында пайдалану үшін", "ru": "Для служебного пользования"}[lang]
    web_only = {"kk": ["Жоспардың 10-тармағы", "Мерзімі алда", "Жоба: талдамалық", "Нұсқа (git"],
                "ru": ["Пункт 10 плана", "Предстоит", "Проект: аналитическая", "(git"]}
    for site, restricted in ((demo_intranet, True), (demo_public, False)):
        pages = _pdf_pages(site, lang)
        assert 1 <= len(pages) <= 7, len(pages)  # 14 pt, as official documents
        assert all((mark in page) is restricted for page in pages)
        for text in web_only[lang]:
            assert not any(text in page for page in pages), text
        lines = _pdftotext_lines(site / "data" / f"analytical-reference-{lang}.pdf",
                                 len(pages))
        assert all(n >= max(lines) / 3 for n in lines[:-1]), lines  # no nearly blank page


def test_the_reference_is_made_from_data(demo_public: Path, demo_intranet: Path,
                                         seed_site: Path) -> None:
    ru = (demo_public / "ru" / "reference" / "index.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", ru).split())
    for expected in ("№ 1, 12.02.2025", "Рабочая группа создана приказом от 3 января 2025 г. № 3-ө.",
                     "Сроки проведения анализа: 06.01.2025 — 14.02.2025",
                     "Ғ.Ғ. Ғалымов, Методист (руководитель) Ә.Ә. Әлиева, Заведующий",
                     "Ответственные за исполнение: Б.Б. Бекова",
                     "Срок исполнения: 31.03.2025", "4 × 3 = 12 (высокий)",
                     "Анализ нормативных правовых актов", "Итоги анализа",
                     "Опубликованные риски по уровню: высокий — 2, средний — 0, низкий — 0",
                     "Согласовано:", "Методист Ғ.Ғ. Ғалымов (руководитель)",
                     "Председатель родительского комитета Д.Д. Дәулетов"):
        assert expected in text, expected
    intranet = (demo_intranet / "ru" / "reference" / "index.html").read_text("utf-8")
    assert "По уровню риска: высокий — 2, средний — 1, низкий — 0" in intranet
    assert intranet.index('id="summary"') < intranet.index('id="conclusion"')
    seed = (seed_site / "kk" / "reference" / "index.html").read_text("utf-8")
    assert "аталмаған" not in seed
    # The plan names no commission members: «Келісілді:» with lines to fill in (issue 23);
    # nor the working group: no one is made a member, three lines to fill in by hand.
    assert "Келісілді:" in seed and seed.count("adal-sign__name--blank") == 2 + 3
    assert "Жұмыс тобының құрамы жоспарда көрсетілмеген." in seed



@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_reference_as_a_word_document(demo_intranet: Path, demo_public: Path,
                                          lang: str) -> None:
    import docx

    mark = {"kk": "Қызмет бабында пайдалану үшін", "ru": "Для служебного пользования"}[lang]
    for site, restricted in ((demo_intranet, True), (demo_public, False)):
        document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert len(headings) >= 8
        pdf = " ".join(_pdf_pages(site, lang))
        at = 0
        for heading in headings:  # each is in the PDF, in the same order
            at = pdf.index(heading, at) + len(heading)
        normal = document.styles["Normal"].font
        assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert (mark in header) is restricted
        assert "PAGE" in document.sections[0].footer._element.xml  # page numbers
        assert document.tables[1].rows[0]._tr.xml.count("tblHeader") == 1  # repeats on pages
    page = (demo_public / lang / "reference" / "index.html").read_text("utf-8")
    assert f"data/analytical-reference-{lang}.docx" in page


# ---- languages as the plan says (issue 11, item 8) ------------------------------------------

@pytest.mark.parametrize("languages", [["ru", "kk"], ["kk"], ["ru"]])
def test_the_plans_languages_decide_the_site(tmp_path: Path, languages: list[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "languages: [kk, ru]", f"languages: [{', '.join(languages)}]"), "utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    first = languages[0]
    assert f"url={first}/" in (site / "index.html").read_text("utf-8")
    assert sorted(p.name for p in site.iterdir() if p.is_dir() and p.name in ("kk", "ru")) == \
        sorted(languages)
    for page in (site / first).rglob("*.html"):
        html = page.read_text("utf-8")
        for other in {"kk", "ru"} - set(languages):
            assert f'hreflang="{other}"' not in html, page  # no link to a missing language
        if len(languages) == 1:
            assert "md-select__link" not in html  # no language switch
    assert sorted(p.name for p in (site / "data").glob("plan-*.csv")) == sorted(
        f"plan-{lang}.csv" for lang in languages)


# ---- problems of the build reach the user (issue 11, item 7) --------------------------------

def test_links_between_pages_work_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    page = root / "content" / "pages" / "announcement.md"
    page.write_text(page.read_text("utf-8").replace(
        "::: ru\n", "::: ru\nСм. [протокол](pages/protocol.md) и [план](missing.md).\n", 1),
        "utf-8")
    out = tmp_path / "site"
    result = run_adal("build", "--project", str(root), "--out", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    html = (out / "ru" / "pages" / "announcement" / "index.html").read_text("utf-8")
    assert 'href="../protocol/"' in html
    assert "content/pages/announcement.md" in result.stderr and "missing.md" in result.stderr
    before = (out / "ru" / "index.html").read_bytes()
    strict = run_adal("build", "--project", str(root), "--out", str(out), "--no-pdf",
                      "--strict")
    assert strict.returncode == 1
    assert "content/pages/announcement.md" in strict.stderr
    assert (out / "ru" / "index.html").read_bytes() == before  # the site in use is kept
