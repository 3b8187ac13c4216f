"""The analytical reference says only what the plan and the findings say (review of imported
Word plans): no working group made up from the people responsible for items, no conclusion
(«риски не выявлены», «рекомендаций нет») before the directions are assessed, one numbering
of the directions (their catalog numbers) in all its parts, and the approval by an order
written whole in one language when the plan gives it in one. Real `adal import` of a Russian
plan, real MkDocs builds; the page, its DOCX (python-docx) and its PDF (pdftotext) read back."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import docx
import pytest

from tests.conftest import REPO, run_adal

EDU = REPO / "tests" / "import_unseen2" / "docx" / "edu-dept-ru.docx"
TODAY = "2026-03-01"
# Everyone the plan makes responsible for an item: none of them is named a working group.
PEOPLE = ("Ермеков", "Касенова", "Жаксылыкова", "Темирбекова", "Нурпеисов")
NOT_STATED = {"kk": "Жұмыс тобының құрамы жоспарда көрсетілмеген.",
              "ru": "Состав рабочей группы в плане не указан."}
NOT_DONE = {"kk": "Талдау аяқталмаған: бірде-бір бағыт әлі бағаланбаған.",
            "ru": "Анализ не завершён: ни одно направление ещё не оценено."}
NO_RECS_YET = {"kk": "Ұсынымдар әзірге жоқ: талдау аяқталмаған.",
               "ru": "Рекомендаций пока нет: анализ не завершён."}
# What may be said only once every direction is assessed.
CONCLUDED = {"kk": ("Сыбайлас жемқорлық тәуекелдері анықталған жоқ", "Ұсынымдар жоқ"),
             "ru": ("Коррупционные риски не выявлены", "Рекомендаций нет")}
SO_FAR = {"kk": "Бағаланған бағыттар (№ 1) бойынша сыбайлас жемқорлық тәуекелдері анықталған "
                "жоқ; әлі бағаланбаған бағыттар: № 3, 6.",
          "ru": "По оценённым направлениям (№ 1) коррупционные риски не выявлены; ещё не "
                "оценены направления: № 3, 6."}
PENDING = {"kk": "Әлі бағаланбаған бағыттар: № 3, 6.",
           "ru": "Ещё не оценены направления: № 3, 6."}
# The plan is Russian only: whose order it is, in Russian, is not put inside Kazakh grammar.
APPROVED_RU = ("утверждён приказом руководителя ГУ «Отдел образования Жолсайского района» "
               "от 12 января 2026 г. № 4")
RISKS_HEADING = {"kk": "Анықталған сыбайлас жемқорлық тәуекелдері",
                 "ru": "Выявленные коррупционные риски"}
SUMMARY_HEADING = {"kk": "Талдау нәтижелерінің жиынтығы", "ru": "Итоги анализа"}
NUMBERS = ["1", "3", "6"]  # the directions' catalog numbers (Typical Rules), ascending


def _import(root: Path) -> Path:
    result = run_adal("import", str(EDU), "--into", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _build(root: Path) -> Path:
    result = run_adal("build", "--project", str(root), "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _import(tmp_path_factory.mktemp("edu") / "edu")
    _build(root)
    return root


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _page(site: Path, lang: str) -> str:
    return (site / lang / "reference" / "index.html").read_text("utf-8")


def _part(page: str, anchor: str) -> str:
    """The reference's part from its heading to the next one (its text)."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start + 1)
    return _text(page[start:end if end > 0 else None])


def _signatures(page: str) -> str:
    start = page.index('class="adal-signatures"')
    return page[start:page.index("</div>", start)]


def _docx(site: Path, lang: str) -> list[str]:
    document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


def _pdf(site: Path, lang: str, lines: bool = False) -> str:
    pdf = site / "data" / f"analytical-reference-{lang}.pdf"
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out if lines else re.sub(r"\s+", " ", out)


def _docx_part(texts: list[str], lang: str) -> str:
    """The DOCX from «identified risks» to the summary: what it concludes."""
    start = texts.index(RISKS_HEADING[lang])
    return " ".join(texts[start:texts.index(SUMMARY_HEADING[lang], start)])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_working_group_is_made_up(imported: Path, lang: str) -> None:
    site = imported / "site"
    page = _page(site, lang)
    group = _part(page, "working-group")
    assert NOT_STATED[lang] in group
    signatures = _signatures(page)
    assert not any(name in group or name in signatures for name in PEOPLE)
    # Blank lines to sign by hand: three for the working group, two for the agreement.
    assert signatures.count("adal-sign__name--blank") == 5
    texts = _docx(site, lang)
    assert NOT_STATED[lang] in texts
    start = texts.index(NOT_STATED[lang])
    assert not any(name in text for text in texts[start - 3:] for name in PEOPLE)
    assert NOT_STATED[lang] in _pdf(site, lang)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_nothing_is_concluded_before_any_direction_is_assessed(imported: Path,
                                                               lang: str) -> None:
    site = imported / "site"
    page = _text(_page(site, lang))
    texts = _docx(site, lang)
    pdf = _pdf(site, lang)
    for said in (NOT_DONE[lang], NO_RECS_YET[lang]):
        assert said in page and said in texts and said in pdf
    for claim in CONCLUDED[lang]:
        assert claim not in page and claim not in " ".join(texts) and claim not in pdf


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_one_numbering_of_directions(imported: Path, lang: str) -> None:
    site = imported / "site"
    page = _page(site, lang)
    findings = page[page.index('id="findings"'):page.index('id="risks"')]
    listed = re.findall(r'<p class="adal-doc-basis">(\d+)\. ', findings)
    headed = re.findall(r'<h3 id="direction-[^"]+">(\d+)\. ', findings)
    summary = page[page.index('id="summary"'):]
    table = summary[summary.index("<tbody>"):summary.index("</tbody>")]
    rows = re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", table)
    assert listed == headed == rows == NUMBERS
    texts = _docx(site, lang)
    in_docx = [t.split(".")[0] for t in texts if re.match(r"\d+\. \S", t)]
    assert in_docx == NUMBERS * 2  # the list, then the headings
    pdf = _pdf(site, lang, lines=True)
    assert re.findall(r"(?m)^\s*(\d+)\. \S", pdf) == NUMBERS * 2


def test_kazakh_pages_write_a_russian_only_approval_whole(imported: Path) -> None:
    site = imported / "site"
    kk = _text(_page(site, "kk"))
    assert APPROVED_RU in kk and "Жолсайского района» 2026 жылғы" not in kk
    home = (site / "kk" / "index.html").read_text("utf-8")
    approval = _text(home[home.index('class="adal-approval"'):])
    approval = approval[:approval.index("Талдау объектісі")]
    assert "Утверждён приказом руководителя ГУ «Отдел образования Жолсайского района» от 12 " \
           "января 2026 г. № 4" in approval and "бұйрығымен" not in approval
    assert '<span lang="ru">' in home
    texts = " ".join(_docx(site, "kk"))
    assert APPROVED_RU in texts and "2026 жылғы 12 қаңтардағы № 4 бұйрығымен" not in texts
    assert APPROVED_RU in _pdf(site, "kk")
    # The Russian pages are as before.
    assert APPROVED_RU in _text(_page(site, "ru"))


@pytest.mark.parametrize("risk", [False, True], ids=["no-risk", "one-risk"])
def test_some_directions_assessed_conclude_for_those_only(tmp_path: Path, risk: bool) -> None:
    root = _import(tmp_path / "edu")
    finding = ("  - indicator: 1\n    assessment: risk\n    likelihood: 3\n    impact: 4\n"
               "    causes: {kk: Ереже жоқ., ru: Нет положения.}\n"
               "    recommendation: {kk: Конкурс өткізу., ru: Проводить конкурс.}\n"
               if risk else "  - {indicator: 1, assessment: no-risk}\n")
    (root / "content" / "findings" / "personnel.md").write_text(
        "---\ndirection: personnel\nvisibility: public\nassessed: 2026-02-10\nfindings:\n"
        f"{finding}  - {{indicator: 2, assessment: no-risk}}\n"
        "  - {indicator: 3, assessment: no-risk}\n---\n", "utf-8")
    site = _build(root)
    for lang in ("kk", "ru"):
        page = _page(site, lang)
        risks, recommendations = _part(page, "risks"), _part(page, "recommendations")
        texts = _docx_part(_docx(site, lang), lang)
        expected = PENDING[lang] if risk else SO_FAR[lang]
        assert expected in risks and expected in texts
        for claim in CONCLUDED[lang]:  # direction 1's own «не выявлены» stays with it
            assert f"{claim}<" not in page[page.index('id="risks"'):] and claim not in \
                texts.replace(SO_FAR[lang], "")
        assert ("Проводить конкурс" if lang == "ru" else "Конкурс өткізу") in recommendations \
            if risk else "№ 3, 6" in recommendations
        assert NOT_DONE[lang] not in _text(page)


@pytest.mark.parametrize(("lang", "said"), [
    ("kk", "Жұмыс тобының құрамы көрсетілмеген"), ("ru", "Не указан состав рабочей группы"),
    ("en", "The working group is not given")])
def test_check_asks_once_for_the_working_group(tmp_path: Path, lang: str, said: str) -> None:
    root = _import(tmp_path / "edu")
    shutil.rmtree(root / "site", ignore_errors=True)
    result = run_adal("check", "--project", str(root), env={"ADAL_LANG": lang})
    assert (result.stdout + result.stderr).count(said) == 1, result.stdout + result.stderr
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "legal_basis:", "not_stated: [working_group]\nlegal_basis:", 1), "utf-8")
    quiet = run_adal("check", "--project", str(root), env={"ADAL_LANG": lang})
    assert said not in quiet.stdout + quiet.stderr, quiet.stdout + quiet.stderr
