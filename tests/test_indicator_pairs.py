"""The two languages say the same thing (issue 23, section 1): where the approved Kazakh
wording is kept and a correction of its meaning only proposed, the Russian text translates the
approved wording, and the same correction stands beside it in Russian."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml

from generator.domain.schema import Direction
from generator.domain.wording import proposed, proposed_in, proposed_text, wording_problems
from generator.output.build import build
from tests.conftest import DEMO, REPO, TODAY, copy_portal, project_of

CATALOGS = [REPO / "indicators", DEMO / "indicators"]


def directions(folder: Path) -> dict[str, Direction]:
    return {p.stem: Direction.model_validate(yaml.safe_load(p.read_text("utf-8")))
            for p in sorted(folder.glob("*.yaml"))}


def indicator(folder: Path, direction: str, number: int):  # type: ignore[no-untyped-def]
    return next(i for i in directions(folder)[direction].indicators if i.number == number)


@pytest.mark.parametrize("folder", CATALOGS, ids=lambda p: p.parent.name)
def test_every_proposed_correction_has_its_russian_beside_the_approved_translation(
        folder: Path) -> None:
    wrong = []
    for name, direction in directions(folder).items():
        for ind in direction.indicators:
            where = f"{name} {ind.number}"
            wrong += [f"{where}: {message}" for _, message in wording_problems(ind)]
            if proposed(ind):
                if not ind.proposed_ru or ind.proposed_ru == ind.text.ru:
                    wrong.append(f"{where}: no Russian proposal beside the approved translation")
                for change in proposed(ind):
                    assert change.reason is not None
                    # Never a claim about the Typical Rules' wording without the clause cited.
                    for text in (change.reason.kk, change.reason.ru):
                        if re.search(r"(?i)типов\w* правил|үлгілік қағида", text) and \
                                not re.search(r"\b(п\.|пункт|тармағ)", text):
                            wrong.append(f"{where}: reason cites the rules without a clause")
    assert wrong == []


@pytest.mark.parametrize("folder", CATALOGS, ids=lambda p: p.parent.name)
def test_kazakh_and_russian_texts_agree_in_meaning(folder: Path) -> None:
    """Each text against its translation, where the review found opposite meanings (the demo
    writes its own, corrected texts; the bundled portal keeps the approved ones)."""
    p12 = indicator(folder, "personnel", 12)
    assert ("алынбаған" in p12.text.kk) == bool(re.search("не снят", p12.text.ru))
    is8 = indicator(folder, "information-systems", 8)
    assert ("ашық еместігі" in is8.text.kk) == bool(re.search("непрозрачн|закрыт", is8.text.ru))
    for ind in (p12, is8):
        if ind.proposed_ru:
            assert ("алынбаған" in proposed_text(ind)) == ("не снят" in ind.proposed_ru)


def test_the_pairs_the_review_found_opposite() -> None:
    folder = REPO / "indicators"
    p12 = indicator(folder, "personnel", 12)
    assert "мерзімінен бұрын алынбаған" in p12.text.kk  # approved: not lifted early
    assert re.search(r"не снят\w* досрочно|досрочно не снят", p12.text.ru), p12.text.ru
    assert "алынған" in proposed_text(p12) and "досрочно снят" in p12.proposed_ru
    assert " не " not in f" {p12.proposed_ru} "

    is8 = indicator(folder, "information-systems", 8)
    assert is8.text.kk.endswith("ашықтығы")  # approved: openness
    assert "открытость" in is8.text.ru and not re.search("непрозрачн|закрыт", is8.text.ru)
    assert "ашық еместігі" in proposed_text(is8)
    assert re.search("непрозрачн|закрыт|отсутствие открытости", is8.proposed_ru)

    b16 = indicator(folder, "budget", 16)  # names a desired state: a correction is proposed
    assert "сапалы орындауы" in b16.text.kk and "толықтай қабылдауы" in b16.text.kk
    assert "своевременность" in b16.text.ru
    assert "орындамауы" in proposed_text(b16) and "қабылдамауы" in proposed_text(b16)
    assert re.search("несвоевременн", b16.proposed_ru)

    p15 = indicator(folder, "personnel", 15)
    assert p15.text.kk.endswith("және т.б."), p15.text.kk


def test_proposed_in_each_language() -> None:
    p12 = indicator(REPO / "indicators", "personnel", 12)
    assert proposed_in(p12, "kk") == proposed_text(p12)
    assert proposed_in(p12, "ru") == p12.proposed_ru
    assert proposed_in(indicator(REPO / "indicators", "personnel", 1), "ru") is None


def test_item_9_introduction_shows_its_approved_wording(seed_site: Path) -> None:
    other = directions(REPO / "indicators")["other"]
    assert other.description_approved and "ұйымдастыруышылық" in other.description_approved
    page = (seed_site / "kk" / "directions" / "other" / "index.html").read_text("utf-8")
    assert "ұйымдастыруышылық" in page  # the approved wording, beside the corrected one


FINDING = """---
direction: personnel
visibility: public
assessed: 2025-01-05
findings:
  - indicator: 12
    assessment: risk
    evidence:
      kk: Жазалардың жартысы мерзімінен бұрын алынған.
      ru: Половина взысканий снята досрочно.
    causes:
      kk: Жазаларды алу тәртібі бекітілмеген.
      ru: Порядок снятия взысканий не утверждён.
    recommendation:
      kk: Жазаларды алу тәртібін бекіту.
      ru: Утвердить порядок снятия взысканий.
---
"""


def test_pages_and_documents_show_the_proposal_in_their_language(seed_site: Path,
                                                                 tmp_path: Path) -> None:
    p12 = indicator(REPO / "indicators", "personnel", 12)
    kk = (seed_site / "kk" / "directions" / "personnel" / "index.html").read_text("utf-8")
    ru = (seed_site / "ru" / "directions" / "personnel" / "index.html").read_text("utf-8")
    assert proposed_text(p12) in kk and p12.text.ru in ru and p12.proposed_ru in ru

    portal = copy_portal(REPO, tmp_path / "portal")
    (portal / "content" / "findings").mkdir(parents=True, exist_ok=True)
    (portal / "content" / "findings" / "personnel.md").write_text(FINDING, "utf-8")
    site = build(project_of(portal), TODAY, out=tmp_path / "site", pdf=False)
    ref_ru = (site / "ru" / "reference" / "index.html").read_text("utf-8")
    assert p12.text.ru in ref_ru and p12.proposed_ru in ref_ru
    for lang, proposal in (("kk", proposed_text(p12)), ("ru", p12.proposed_ru)):
        document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert p12.approved in text and proposal in text, lang
