"""What a reviewer found importing real-looking Word plans (tests/import_unseen2):

- a plan that is an annex to an order («Приложение 1 к приказу руководителя ГУ «…» от 10
  января 2025 года № 3-п», ««…» ММ басшысының … № 3 бұйрығына 1-қосымша») is approved by that
  order: `approval: {by, order}`, no placeholder head «ФИО руководителя»;
- the report says where the organization's name was read (here: the plan's title);
- a completion column («Отметка об исполнении» / «Орындалуы туралы белгі») marking an item
  done: no completion date is made up, the report asks for one in plain words; the mark of the
  item issuing the working group's order gives `analysis.order`;
- a name already in «» is not quoted again in the report;
- the report and `adal check` speak plain words, not YAML keys and scores."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.importing.parse import parse_document
from generator.importing.read import Document
from generator.importing.write import load_catalog, write_portal
from tests.conftest import REPO, run_adal

DOCX = REPO / "tests" / "import_unseen2" / "docx"
FINANCE_BY = "руководителя ГУ «Управление финансов Туранской области»"


@pytest.fixture(scope="module")
def finance(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("annex") / "p"
    done = run_adal("import", str(DOCX / "finance-dept-ru.docx"), "--into", str(root),
                    env={"ADAL_LANG": "ru"})
    assert done.returncode == 0, done.stderr
    return root, done.stdout + done.stderr


def test_an_annex_to_an_order_is_approved_by_that_order(finance: tuple[Path, str]) -> None:
    root, _out = finance
    text = (root / "plan.yaml").read_text("utf-8")
    plan = yaml.safe_load(text)
    assert plan["approval"] == {"by": {"kk": FINANCE_BY, "ru": FINANCE_BY},
                                "order": {"number": "3-п", "date": "2025-01-10"}}
    assert all(p["id"] != "head" for p in plan["people"]) and "ФИО" not in text
    report = (root / "import-report.md").read_text("utf-8")
    assert "не найден" not in report
    assert "план — приложение к приказу («Приложение 1 к приказу руководителя" in report
    assert "(№ 3-п от 10.01.2025)" in report
    # the name came from the title, not from an approval block the plan does not have
    assert "название организации прочитано из заголовка плана" in report
    assert "из грифа утверждения" not in report


def test_a_kazakh_annex_header() -> None:
    from generator.importing.parse import annex_order
    found = annex_order(["«Туран облысының қаржы басқармасы» ММ басшысының",
                         "2025 жылғы 10 қаңтардағы № 3 бұйрығына", "1-қосымша", "Жоспар"])
    assert found is not None and (found.lang, found.by, found.number, found.date.isoformat()) == (
        "kk", "«Туран облысының қаржы басқармасы» ММ басшысының", "3", "2025-01-10")
    # another act (a decision, an instruction), or no № : nothing is made up
    assert annex_order(["Приложение 1 к распоряжению акима от 10 января 2025 года № 3"]) is None
    assert annex_order(["Приложение 1", "к приказу руководителя", "от 10 января 2025 года"]) \
        is None


def test_a_completion_mark_asks_for_the_date_and_gives_the_groups_order(
        finance: tuple[Path, str]) -> None:
    root, _out = finance
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    assert "completed" not in plan["items"][0]  # no date made up
    assert plan["analysis"] == {"order": {"number": "5-п", "date": "2025-01-17"}}
    report = (root / "import-report.md").read_text("utf-8")
    assert ("пункт 1: в плане отмечено исполнение («Приказ № 5-п от 17.01.2025»), но Adal не "
            "придумывает дату исполнения") in report
    assert "«completed: ДД.ММ.ГГГГ»" in report
    assert "приказ о создании рабочей группы (№ 5-п от 17.01.2025) взят из отметки" in report
    assert sum("отмечено исполнение" in line for line in report.splitlines()) == 1


def test_a_kazakh_completion_mark_on_a_task(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADAL_LANG", "kk")
    table = Document(["Бекітемін", "Басшы ____ А.Б. Сейтқали", "10.01.2025", "Жоспар"], [
        [["№"], ["Іс-шара"], ["Мерзімі"], ["Жауаптылар"], ["Орындалуы туралы белгі"]],
        [["1"], ["Жұмыс жоспарын дайындау"], ["20.01.2025"], ["Заң бөлімі"],
         ["Орындалды, 18.01.2025"]],
        [["2"], ["Анықтама дайындау"], ["20.12.2025"], ["Заң бөлімі"], [""]]])
    plan = parse_document([table], None, load_catalog())
    report = "\n".join(write_portal(plan, tmp_path / "p", load_catalog(), "kk.docx"))
    assert ("1-тармақ: жоспарда орындалғаны белгіленген («Орындалды, 18.01.2025»)" in report)
    assert "«completed: КК.АА.ЖЖЖЖ»" in report and "2-тармақ: жоспарда" not in report
    written = yaml.safe_load((tmp_path / "p" / "plan.yaml").read_text("utf-8"))
    assert "analysis" not in written  # not the order-forming item: only the note


def test_a_quoted_name_is_not_quoted_again(tmp_path: Path) -> None:
    done = run_adal("import", str(DOCX / "school-kk-ru-columns.docx"), "--into",
                    str(tmp_path / "p"), env={"ADAL_LANG": "kk"})
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "p" / "import-report.md").read_text("utf-8")
    assert "«№12 жалпы білім беретін мектеп» деп оқылды" in report and "««" not in report


def test_the_report_and_check_speak_plain_words(finance: tuple[Path, str]) -> None:
    root, out = finance
    report = (root / "import-report.md").read_text("utf-8")
    check = run_adal("check", "--project", str(root), env={"ADAL_LANG": "ru"})
    said = report + out + check.stdout + check.stderr
    for jargon in ("совпадение 1.00", "approval.by", "(translation: missing)", "(missing)",
                   "`period:", "`not_stated:", "`analysis:"):
        assert jargon not in said, jargon
    assert "названия совпадают на 100 %" in report
    assert "впишите в plan.yaml начало и конец периода" in check.stdout + check.stderr
