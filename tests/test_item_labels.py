"""Item numbers as the plan writes them («1.1», «2.3») and the section rows of its table
(«1. Подготовительный этап»): kept by `adal import` in plan.yaml (`label`, `section`) and
shown on the pages and in plan.json — not only in import-record.yaml. Imported from the
acceptance corpus's bilingual polyclinic plan and built with the real MkDocs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import DEMO, copy_portal, imported_and_built, run_adal

POLYCLINIC = Path(__file__).resolve().parent / "import_corpus" / "docx" / "polyclinic-kk-ru.docx"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported_and_built(tmp_path_factory.mktemp("labels"), POLYCLINIC)


def test_the_import_keeps_labels_and_sections_in_the_plan(portal: Path) -> None:
    items = yaml.safe_load((portal / "plan.yaml").read_text("utf-8"))["items"]
    assert [i.get("label") for i in items[:5]] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert items[0]["section"] == {"kk": "1. Дайындық кезеңі", "ru": "1. Подготовительный этап"}
    assert items[2]["section"]["ru"] == "2. Сбор и анализ информации"


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&#46;", ".")


def test_the_plan_page_shows_them(portal: Path) -> None:
    for lang, section, item in (("ru", "1. Подготовительный этап", "Пункт 2.1 плана"),
                                ("kk", "1. Дайындық кезеңі", "Жоспардың 2.1-тармағы")):
        home = (portal / "site" / lang / "index.html").read_text("utf-8")
        rows = re.findall(r'<tr class="adal-plan__section"><th[^>]*>(.*?)</th></tr>', home)
        assert _plain(rows[0]) == section and len(rows) == len(set(rows)) >= 2  # each once
        numbers = [_plain(n) for n in re.findall(r'class="adal-cards__lead" data-label="№">(.*?)'
                                                  r"</td>", home)]
        assert numbers[:5] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
        # The section row comes right before its first item.
        first = home.index('<tr class="adal-plan__section">')
        assert home.index('data-label="№">1&#46;1<') > first
        pages = [p.read_text("utf-8") for p in (portal / "site" / lang / "directions").glob(
            "*/index.html")]
        assert any(item in _plain(p) for p in pages)


def test_plan_json_has_them(portal: Path) -> None:
    data = json.loads((portal / "site" / "data" / "plan.json").read_text("utf-8"))
    first = data["items"][0]
    assert (first["number"], first["label"]) == (1, "1.1")
    assert first["section"] == {"kk": "1. Дайындық кезеңі", "ru": "1. Подготовительный этап"}


def test_a_label_that_is_no_number_is_reported_at_its_line(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    text = plan.read_text("utf-8").replace(
        "  - {number: 9, kind: collect,", '  - {number: 9, label: "<b>9</b>", kind: collect,')
    plan.write_text(text, "utf-8")
    result = run_adal("check", "--project", str(root))
    line = next(i for i, s in enumerate(text.split("\n"), 1) if "label:" in s)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and f"plan.yaml:{line}:" in out
    assert "expected the item's number as the plan writes it" in out
