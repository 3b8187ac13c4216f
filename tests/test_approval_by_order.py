"""A plan approved by an order, not by a head's signature: «УТВЕРЖДЕН приказом руководителя
ГУ «…» от 12 января 2026 года № 4» / ««…» ММ басшысының 2026 жылғы 12 қаңтардағы № 4
бұйрығымен бекітілген». plan.yaml records it as `approval: {by, order}` (no one signs, no name
is asked for); the home page, the reference page, its DOCX and PDF, and plan.json say so; `adal
import` writes it. Built with the real MkDocs from the example organization."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from pydantic import ValidationError

from generator.domain.schema import Approval
from generator.nextyear import next_plan
from generator.output.build import build
from tests.conftest import DEMO, REPO, TODAY, copy_portal, project_of, run_adal

BY_KK = "«Үлгі» ұйымы меңгерушісінің"
BY_RU = "заведующего организацией «Үлгі»"
SIGNED = """approval:
  person: head
  position: {kk: Меңгеруші, ru: Заведующий}
  date: 03.01.2025.
"""
ORDERED = f"""approval:
  by: {{kk: {BY_KK}, ru: {BY_RU}}}
  order: {{number: 4-ө, date: 03.01.2025}}
"""
SHOWN = {"kk": f"{BY_KK} 2025 жылғы 3 қаңтардағы № 4-ө бұйрығымен бекітілген",
         "ru": f"Утверждён приказом {BY_RU} от 3 января 2025 г. № 4-ө"}
BASIS = {"kk": f"{BY_KK} 2025 жылғы 3 қаңтардағы № 4-ө бұйрығымен бекітілген",
         "ru": f"утверждён приказом {BY_RU} от 3 января 2025 г. № 4-ө"}
TEXT = {"kk": "а", "ru": "б"}


def test_each_form_is_valid_and_a_mix_is_one_error() -> None:
    signed = Approval.model_validate({"person": "head", "position": TEXT, "date": "03.01.2025"})
    assert not signed.by_order and signed.day is not None
    ordered = Approval.model_validate({"by": TEXT, "order": {"number": "4", "date": "12.01.2026"}})
    assert ordered.by_order and ordered.day is not None and ordered.day.isoformat() == "2026-01-12"
    assert Approval.model_validate({"by": TEXT}).order is None  # the order is not issued yet
    for mixed in ({"person": "head", "by": TEXT, "order": {"number": "4", "date": "12.01.2026"}},
                  {"by": TEXT, "date": "12.01.2026"}, {"position": TEXT}, {}):
        with pytest.raises(ValidationError) as caught:
            Approval.model_validate(mixed)
        assert len(caught.value.errors()) == 1
        assert "one of these forms" in str(caught.value)


def test_adal_check_says_so_once_in_the_runs_language(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        SIGNED, ORDERED.replace("approval:\n", "approval:\n  person: head\n")), "utf-8")
    out = run_adal("check", "--project", str(root), "--lang", "ru")
    assert out.returncode != 0
    lines = [line for line in out.stdout.splitlines() + out.stderr.splitlines()
             if "запишите утверждение в одной из форм" in line]
    assert len(lines) == 1 and "указаны ключи: by, order, person" in lines[0]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(DEMO, tmp_path_factory.mktemp("ordered") / "portal")
    plan = root / "plan.yaml"
    text = plan.read_text("utf-8")
    assert SIGNED in text
    plan.write_text(text.replace(SIGNED, ORDERED), "utf-8")
    return root


@pytest.fixture(scope="module")
def site(portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project_of(portal), TODAY, out=tmp_path_factory.mktemp("ordered-site") / "site")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_home_and_reference_pages_say_it_was_approved_by_the_order(site: Path,
                                                                      lang: str) -> None:
    home = _text((site / lang / "index.html").read_text("utf-8"))
    assert SHOWN[lang] in home
    assert "Ә.Ә. Әлиева" not in home.split(SHOWN[lang])[0]  # no one signs it
    reference = _text((site / lang / "reference" / "index.html").read_text("utf-8"))
    assert BASIS[lang] in reference


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_reference_documents_say_it_too(site: Path, lang: str) -> None:
    document = docx.Document(str(site / "data" / f"analytical-reference-{lang}.docx"))
    assert any(BASIS[lang] in p.text for p in document.paragraphs)
    pdf = site / "data" / f"analytical-reference-{lang}.pdf"
    if pdf.exists() and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "4-ө" in text and ("бұйрығымен" if lang == "kk" else "приказом") in text


def test_plan_json_names_whose_order_and_the_order(site: Path) -> None:
    data = json.loads((site / "data" / "plan.json").read_text("utf-8"))
    assert data["approved_by"] == {"kk": BY_KK, "ru": BY_RU}
    assert data["approval_order"] == {"number": "4-ө", "date": "2025-01-03"}
    from generator.region.published import PlanV5  # the region reads it
    read = PlanV5.model_validate_json((site / "data" / "plan.json").read_bytes())
    assert read.approval_order is not None and read.approval_order.number == "4-ө"


def test_the_next_analysis_keeps_whose_order_and_drops_the_order() -> None:
    plan = yaml.safe_load(ORDERED)
    assert next_plan(plan)["approval"] == {"by": {"kk": BY_KK, "ru": BY_RU}}


def test_import_writes_the_order_and_no_placeholder_head(tmp_path: Path) -> None:
    source = REPO / "tests" / "import_unseen2" / "docx" / "edu-dept-ru.docx"
    out = run_adal("import", str(source), "--into", str(tmp_path / "p"), "--lang", "ru")
    assert out.returncode == 0, out.stderr
    plan = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    by = "руководителя ГУ «Отдел образования Жолсайского района»"
    assert plan["approval"] == {"by": {"kk": by, "ru": by},
                                "order": {"number": "4", "date": "2026-01-12"}}
    assert all(p["id"] != "head" for p in plan["people"])
    report = (tmp_path / "p" / "import-report.md").read_text("utf-8")
    assert "ФИО" not in (tmp_path / "p" / "plan.yaml").read_text("utf-8")
    assert "approval." not in report and "сам приказ (№ 4 от 12.01.2026)" in report


@pytest.mark.parametrize("lines", [
    ["Бекітілді:", "«Жолсай ауданының білім бөлімі» ММ басшысының",
     "2026 жылғы 12 қаңтардағы № 4 бұйрығымен"],
    ["БЕКІТІЛДІ", "«Жолсай ауданының білім бөлімі» ММ басшысының", "бұйрығымен",
     "2026 жылғы 12 қаңтардағы № 4"]])
def test_import_reads_a_kazakh_order(tmp_path: Path, lines: list[str]) -> None:
    from generator.importing.parse import parse_document
    from generator.importing.read import Document
    from generator.importing.write import load_catalog, write_portal
    table = Document([*lines, "Жоспар"], [[["№"], ["Жұмыс түрі"], ["Мерзімі"], ["Жауаптылар"]],
                                         [["1"], ["Бұйрық шығару"], ["10.01.2026"],
                                          ["Заң бөлімі"]]])
    plan = parse_document([table], None, load_catalog())
    report = "\n".join(write_portal(plan, tmp_path / "p", load_catalog(), "kk.docx"))
    written = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    by = "«Жолсай ауданының білім бөлімі» ММ басшысының"
    assert written["approval"] == {"by": {"kk": by, "ru": by},
                                   "order": {"number": "4", "date": "2026-01-12"}}
    assert all(p["id"] != "head" for p in written["people"]) and "whose order it is" in report
    assert "approval." not in report
