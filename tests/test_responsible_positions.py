"""A named person's position written in the plan's responsible cell («Главный бухгалтер
Сагинтаева Л.К.»): `adal import` keeps it as the person's `position` (it was dropped: only
the name reached plan.yaml); the reference's lists show it. An item row shows the name only:
plan.yaml does not say which rows wrote the position (the edu plan's item 10 writes only
«Касенова Д.Т.», its item 2 «Главный специалист Касенова Д.Т.»), so no row shows a position
its plan row may not have written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.importing.parse import names_in, position_beside
from tests.conftest import imported_and_built, run_adal

QUASI = Path(__file__).resolve().parent / "import_corpus" / "docx" / "too-quasi-ru.docx"
EDU = Path(__file__).resolve().parent / "import_unseen2" / "docx" / "edu-dept-ru.docx"


@pytest.mark.parametrize(("text", "lang", "position"), [
    ("Главный бухгалтер Сагинтаева Л.К.", "ru", "Главный бухгалтер"),
    ("Бас есепші С.К. Ахметова", "kk", "Бас есепші"),
    ("Сагинтаева Л.К., главный бухгалтер", "ru", "главный бухгалтер"),
    ("Заместитель директора по учебной работе Оспанов Ерлан Маратұлы", "ru",
     "Заместитель директора по учебной работе"),
    ("Сагинтаева Л.К.", "ru", None),
    ("Сагинтаева Л.К. (по согласованию)", "ru", None),
    ("Главный бухгалтер Сагинтаева Л.К. и др.", "ru", None),
    ("Отдел кадров Сагинтаева Л.К.", "ru", None),  # a unit, not the person's position
])
def test_the_position_beside_a_name(text: str, lang: str, position: str | None) -> None:
    names = names_in(text)
    assert len(names) == 1
    assert position_beside(text, names[0], lang) == position  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported_and_built(tmp_path_factory.mktemp("positions"), QUASI)


def test_the_import_keeps_it_and_item_rows_show_the_name(portal: Path) -> None:
    people = yaml.safe_load((portal / "plan.yaml").read_text("utf-8"))["people"]
    person = next(p for p in people if p["name"]["ru"] == "Сагинтаева Л.К.")
    assert person["position"]["ru"] == "Главный бухгалтер"
    home = (portal / "site" / "ru" / "index.html").read_text("utf-8")
    assert "Сагинтаева&nbsp;Л.К." in home and 'class="adal-position"' not in home


def test_no_row_shows_a_position_its_plan_row_did_not_write(tmp_path: Path) -> None:
    root = tmp_path / "edu"
    done = run_adal("import", str(EDU), "--into", str(root))
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    kasenova = next(p for p in plan["people"] if p["id"] == "kasenova")
    assert kasenova["position"]["ru"] == "Главный специалист"  # kept for the reference's lists
    assert next(i for i in plan["items"] if i["number"] == 10)["responsible"] == ["kasenova"]
    built = run_adal("build", "--project", str(root), "--today", "2026-01-15", "--no-pdf")
    assert built.returncode == 0, built.stdout + built.stderr
    for page in (root / "site" / "ru").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "Главный специалист</span> Касенова" not in text, page
        assert 'class="adal-position"' not in text, page
