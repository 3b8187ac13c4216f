"""A named person's position written in the plan's responsible cell («Главный бухгалтер
Сагинтаева Л.К.»): `adal import` keeps it as the person's `position` (it was dropped: only
the name reached plan.yaml), and the pages show it before the name, as the plan writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.importing.parse import names_in, position_beside
from tests.conftest import run_adal

QUASI = Path(__file__).resolve().parent / "import_corpus" / "docx" / "too-quasi-ru.docx"


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
    root = tmp_path_factory.mktemp("positions") / "portal"
    done = run_adal("import", str(QUASI), "--into", str(root))
    assert done.returncode == 0, done.stderr
    built = run_adal("build", "--project", str(root), "--today", "2025-01-15")
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def test_the_import_keeps_it_and_the_pages_show_it(portal: Path) -> None:
    people = yaml.safe_load((portal / "plan.yaml").read_text("utf-8"))["people"]
    person = next(p for p in people if p["name"]["ru"] == "Сагинтаева Л.К.")
    assert person["position"]["ru"] == "Главный бухгалтер"
    home = (portal / "site" / "ru" / "index.html").read_text("utf-8")
    assert '<span class="adal-position">Главный бухгалтер</span> Сагинтаева&nbsp;Л.К.' in home
