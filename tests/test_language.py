"""Correct Kazakh and Russian (issue 23, section 3): case endings after numerals, forms that
agree with numbers, dates in running text, and the strings and messages the review flagged."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.domain.grammar import Num, counted, date_in_words, kk_number, kk_spelled
from generator.messages import catalogue, set_language, t

REPO = Path(__file__).resolve().parent.parent
STRINGS = yaml.safe_load((REPO / "site_templates" / "strings.yaml").read_text("utf-8"))

# The last word of a number read in Kazakh, and the endings it takes (dative, ablative,
# locative, accusative), written out by hand as a grammar gives them.
UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
TENS = {1: "он", 2: "жиырма", 3: "отыз", 4: "қырық", 5: "елу", 6: "алпыс", 7: "жетпіс",
        8: "сексен", 9: "тоқсан"}
ENDINGS = {  # word: (dat, abl, loc, acc)
    "нөл": ("ге", "ден", "де", "ді"), "бір": ("ге", "ден", "де", "ді"),
    "екі": ("ге", "ден", "де", "ні"), "үш": ("ке", "тен", "те", "ті"),
    "төрт": ("ке", "тен", "те", "ті"), "бес": ("ке", "тен", "те", "ті"),
    "алты": ("ға", "дан", "да", "ны"), "жеті": ("ге", "ден", "де", "ні"),
    "сегіз": ("ге", "ден", "де", "ді"), "тоғыз": ("ға", "дан", "да", "ды"),
    "он": ("ға", "нан", "да", "ды"), "жиырма": ("ға", "дан", "да", "ны"),
    "отыз": ("ға", "дан", "да", "ды"), "қырық": ("қа", "тан", "та", "ты"),
    "елу": ("ге", "ден", "де", "ді"), "алпыс": ("қа", "тан", "та", "ты"),
    "жетпіс": ("ке", "тен", "те", "ті"), "сексен": ("ге", "нен", "де", "ді"),
    "тоқсан": ("ға", "нан", "да", "ды"), "жүз": ("ге", "ден", "де", "ді"),
    "мың": ("ға", "нан", "да", "ды"),
}


def last_word(n: int) -> str:
    if n == 0:
        return "нөл"
    if n % 10:
        return UNITS[n % 10]
    if n % 100:
        return TENS[n % 100 // 10]
    return "жүз" if n % 1000 else "мың"


@pytest.mark.parametrize("n", range(0, 1001))
def test_kazakh_case_endings_after_every_number_to_1000(n: int) -> None:
    assert kk_spelled(n).split()[-1] == last_word(n)  # what num2words reads, checked
    dat, abl, loc, acc = ENDINGS[last_word(n)]
    assert [kk_number(n, c) for c in ("dat", "abl", "loc", "acc")] == \
        [f"{n}-{dat}", f"{n}-{abl}", f"{n}-{loc}", f"{n}-{acc}"]


def test_the_issues_examples_and_percentages() -> None:
    assert [kk_number(5, "abl"), kk_number(16, "dat"), kk_number(3, "dat"), kk_number(6, "abl"),
            kk_number(40, "dat"), kk_number(18, "dat", percent=True)] == \
        ["5-тен", "16-ға", "3-ке", "6-дан", "40-қа", "18%-ға"]
    for n in range(0, 101):  # «пайыз» is read last, whatever the number
        assert kk_number(n, "dat", percent=True) == f"{n}%-ға"
        assert kk_number(n, "abl", percent=True) == f"{n}%-дан"
        assert f"{Num(n):%dat}" == f"{n}%-ға"


def russian_form(n: int) -> int:
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


@pytest.mark.parametrize("n", range(0, 1001, 1))
def test_russian_forms_agree_with_every_number_to_1000(n: int) -> None:
    forms = ("пункт", "пункта", "пунктов")
    assert counted(n, "|".join(forms)) == f"{n} {forms[russian_form(n)]}"


def test_russian_examples() -> None:
    assert [f"{Num(n):пункт|пункта|пунктов}" for n in (1, 2, 5, 21)] == \
        ["1 пункт", "2 пункта", "5 пунктов", "21 пункт"]
    assert f"{Num(31):день|дня|дней}" == "31 день"
    assert f"{Num(1):item|items}, {Num(2):item|items}" == "1 item, 2 items"


def test_dates_in_running_text() -> None:
    day = date(2026, 11, 27)
    assert date_in_words(day, "kk", "loc") == "2026 жылғы 27 қарашада"
    assert date_in_words(day, "ru") == "27 ноября 2026 г."
    from generator.domain.dates import KK_MONTHS_LOCATIVE
    assert [date_in_words(date(2025, m, 1), "kk", "attr").split()[-1] for m in range(1, 13)] \
        == list(KK_MONTHS_LOCATIVE)  # the review's table, now derived by the same rule


# ---- the texts ------------------------------------------------------------------------------

_CASE_AFTER_NUMBER = re.compile(
    r"\}%?-(?:ға|ге|қа|ке|дан|ден|тан|тен|нан|нен|да|де|та|те|ны|ні|ды|ді|ты|ті|мен|бен|пен)"
    r"(?![а-яәғқңөұүһі])")
_DIGIT_CASE = re.compile(r"(\d+%?)-(ға|ге|қа|ке|дан|ден|тан|тен|нан|нен)(?![а-яәғқңөұүһі])")


def _kk_texts() -> list[tuple[str, str]]:
    found = [(f"messages.yaml {key}", texts["kk"]) for key, texts in catalogue().items()]

    def walk(tree: dict, where: str) -> None:
        for key, value in tree.items():
            if isinstance(value, dict):
                walk(value, f"{where}.{key}")
            else:
                found.append((f"strings.yaml {where}.{key}", str(value)))
    walk(STRINGS["kk"], "kk")
    return found


def test_no_case_ending_is_written_by_hand_after_a_number() -> None:
    """A case ending after a filled-in number comes from the format spec ({n:dat}), and one
    written after digits is the one the number takes."""
    wrong = []
    for where, text in _kk_texts():
        if _CASE_AFTER_NUMBER.search(text) or re.search(r"\{\w+\}%(?!-\{)", text):
            wrong.append(f"{where}: {text}")
        for digits, ending in _DIGIT_CASE.findall(text):
            number = int(digits.rstrip("%"))
            case = {"ға": "dat", "ге": "dat", "қа": "dat", "ке": "dat"}.get(ending, "abl")
            if kk_number(number, case, percent=digits.endswith("%")) != f"{digits}-{ending}":
                wrong.append(f"{where}: {digits}-{ending}")
    assert wrong == []


def _spec_fields(text: str) -> set[str]:
    return {name for _, name, spec, _ in string.Formatter().parse(text) if name and spec}


def test_every_message_with_an_inflected_number_gets_a_num() -> None:
    """t("key", n=Num(…)): a plain int would not take the `{n:dat}` spec."""
    specs = {key: set().union(*(_spec_fields(texts[lang]) for lang in texts))
             for key, texts in catalogue().items()}
    wrong = []
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and \
                    node.args and isinstance(node.args[0], ast.Constant):
                needed = specs.get(node.args[0].value, set())
                for kw in node.keywords:
                    if kw.arg in needed and not (isinstance(kw.value, ast.Call) and getattr(
                            kw.value.func, "id", None) in ("Num", "Words")):
                        wrong.append(f"{path.name}:{node.lineno} {node.args[0].value}.{kw.arg}")
    assert wrong == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_messages_with_numbers_read_correctly(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADAL_LANG", lang)
    set_language(lang)
    from generator.domain.grammar import Words
    got = [t("check_ok", errors=Num(1), warnings=Num(5)),
           t("findings_no_indicator", direction="budget", number=Num(17), max=Num(16)),
           t("date_no_day", value="'30.02.2025'", last=Words(date(2025, 2, 28)))]
    expected = {
        "kk": ["adal check: дұрыс: 1 қате, 5 ескерту",
               "«budget» бағытында 17-индикатор жоқ; 1-ден 16-ға дейінгі нөмір болуы керек",
               "'30.02.2025' күні мүмкін емес: айдың соңғы күні — 2025 жылғы 28 ақпан"],
        "ru": ["adal check: в порядке: 1 ошибка, 5 предупреждений",
               "в направлении «budget» нет индикатора 17; ожидается номер от 1 до 16",
               "невозможная дата '30.02.2025': последний день месяца — 28 февраля 2025 г."],
        "en": ["adal check: ok: 1 error, 5 warnings",
               "direction 'budget' has no indicator 17; expected a number from 1 to 16",
               "impossible date '30.02.2025': the month's last day is 28 February 2025"],
    }
    assert got == expected[lang]


REVIEWED = {  # key path: (kk, ru) as the review asks
    ("status", "no-deadline"): ("Мерзімі белгіленбеген", "Срок не установлен"),
    ("no_deadline",): ("белгіленбеген", "не установлен"),
    ("legend",): ("Шартты белгілер", "Условные обозначения"),
    ("addressed",): ("Жойылды", "Устранён"),
    ("not_addressed",): ("Жойылмады", "Не устранён"),
    ("measure_evidence",): ("Орындалуын растайтын құжат", "Документ, подтверждающий выполнение"),
    ("done_share",): ("Жоспар {percent:%dat} орындалды: {done} / {total} тармақ",
                      "План выполнен на {percent}%: {done} из {total:пункта|пунктов|пунктов}"),
    ("areas_total",): ("және {n} қызмет бағыты",
                       "и {n:направление|направления|направлений} деятельности"),
}


def _get(tree: dict, path: tuple[str, ...]) -> str:
    for part in path:
        tree = tree[part]
    return str(tree)


def test_the_reviewed_interface_strings() -> None:
    got = {path: (_get(STRINGS["kk"], path), _get(STRINGS["ru"], path)) for path in REVIEWED}
    assert got == REVIEWED
    assert "{percent:%dat}" in STRINGS["kk"]["done_share"]
    assert STRINGS["kk"]["done_share"].format(percent=Num(18), done=Num(2), total=Num(11)) == \
        "Жоспар 18%-ға орындалды: 2 / 11 тармақ"
    assert STRINGS["ru"]["done_share"].format(percent=Num(18), done=Num(2), total=Num(21)) == \
        "План выполнен на 18%: 2 из 21 пункта"


def test_the_reviewed_messages() -> None:
    cat = catalogue()
    for key in ("yaml_alias", "yaml_char", "yaml_tag"):
        assert re.search(r"(у|ю)ға болмайды|уге болмайды", cat[key]["kk"]), key  # a verb
    for key in ("cli_built", "cli_built_offline", "serve_rebuilt"):
        assert "жиналды" not in cat[key]["kk"] and "құрастырылды" in cat[key]["kk"], key
    assert cat["cli_status_no_deadline"]["kk"] == "Мерзімі белгіленбеген"
    assert cat["cli_status_no_deadline"]["ru"] == "Срок не установлен"
    assert "typo" not in cat["wording_text_differs"]["kk"]
    assert "typo" not in cat["wording_text_differs"]["ru"]


def test_the_404_page_speaks_the_pages_language(seed_site: Path) -> None:
    kk = (seed_site / "kk" / "404.html").read_text("utf-8")
    ru = (seed_site / "ru" / "404.html").read_text("utf-8")
    assert "Бет табылмады" in kk and "Not found" not in kk
    assert "Страница не найдена" in ru and "Not found" not in ru


def test_the_reference_counts_areas_as_areas(seed_site: Path) -> None:
    kk, ru = (re.sub(r"<[^>]+>", "", (seed_site / lang / "reference" / "index.html").read_text(
        "utf-8")) for lang in ("kk", "ru"))
    assert "қызмет бағыттары: 4" in kk and "индикаторлар: 4" not in kk
    assert "направления деятельности: 4" in ru and "индикаторы: 4" not in ru
    assert "87 и 4 направления деятельности" in ru
    assert "направлений деятельности: 4" not in ru
