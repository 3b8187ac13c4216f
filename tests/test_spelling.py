"""`adal check` warns about likely misspellings in the kk and ru texts (Debian's Hunspell
dictionaries through chunspell): real dictionaries, real portals, the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.problems import Report
from generator.check.spelling import (
    Speller,
    body_lines,
    check_spelling,
    read_word_list,
    spelling_words,
    word_lists,
    yaml_texts,
)
from generator.cli import main
from tests.conftest import DEMO, REPO, copy_portal

# The seed's typos (../shared/seed/NOTES.md) and the word Hunspell must put first.
FIRST = {"сыйбайлас": "сыбайлас", "мұдделер": "мүдделер", "жүүктелген": "жүктелген",
         "улкен": "үлкен", "Ақпарттық": "Ақпараттық"}
# Every other seed typo that is not itself a Kazakh word. Not here, because the dictionary
# has them as words: «Сыбайлар» (сыбай + plural), «езге», «Заңың», «тауарларлардың»,
# «баулау», «ғалымы», «күнінің», «тен» (Russian-looking stem «тен» is in the list of roots).
FLAGGED = ("сыйайлас", "тауекелдерінің", "менгеруші", "жалакысы", "тәтіптік", "занды",
           "мониторнгі", "көрсетеу", "ұзак", "уәкілдті", "белгіленбекен", "сактау", "тұрларі",
           "болі", "багыты", "тетікттерінің", "орындастын", "Акпарат", "орынданмаган",
           "айыппул", "негұрлым", "Өлеуетті", "Ақапарт", "ұйымдастыруышылық", "туындаитын",
           "іскімшіл", "қызметінін", "қараджатын", "иеру", "жариялышы", "сыңайлы", "оргалық")


@pytest.fixture(scope="module")
def speller() -> Speller:
    loaded = Speller.load(word_lists(None))
    assert isinstance(loaded, Speller), loaded  # .ci/run installs hunspell-kk, hunspell-ru
    return loaded


def test_the_seed_typos_are_flagged_with_the_right_word_first(speller: Speller) -> None:
    for typo, right in FIRST.items():
        assert not speller.correct(typo, "kk"), typo
        assert speller.suggest(typo, "kk")[0] == right, (typo, speller.suggest(typo, "kk"))
        assert speller.correct(right, "kk"), right
    assert [w for w in FLAGGED if speller.correct(w, "kk")] == []


def test_the_field_terms_are_accepted_through_the_shipped_word_list(speller: Speller) -> None:
    for word in ("тәуекелдерінің", "индикаторлары", "Индикаторлардың", "бөбекжай",
                 "бөбекжай-бақшасы", "сыбайлас", "жемқорлыққа"):
        assert speller.correct(word, "kk"), word
    for word in ("неурегулированность", "антикоррупционной", "квазигосударственного"):
        assert speller.correct(word, "ru"), word
    # Kazakh words in a Russian text (a name, an untranslated text) are right; Russian
    # typos are not.
    assert speller.correct("туралы", "ru") and speller.correct("Бәйтерек", "ru")
    assert not speller.correct("условей", "ru")
    # A case after a possessive the dictionary knows, a verbal noun's forms.
    for word in ("тәуекелдеріне", "реттелуі", "қолданбау", "бұзуға"):
        assert speller.correct(word, "kk"), word
    bare = Speller.load(())
    assert isinstance(bare, Speller)
    assert not bare.correct("индикаторлары", "kk") and not bare.correct("бөбекжай", "kk")
    assert not bare.correct("неурегулированность", "ru")


def test_words_left_out_names_numbers_abbreviations_urls_recorded_typos() -> None:
    text = ("А.А. Баялиева, Тайшабаровамен ҚР ЖШС 5-тен 18%-ға №37 https://улкен.kz/жоқ "
            "`улкенн` т.б. тіkelей [сілтеме](http://x.kz/аааа) мұдделер әлеуетті")
    found = [w for w, _ in spelling_words(text, names=frozenset({"Тайшабарова"}),
                                          recorded=frozenset({"мұдделер"}))]
    assert found == ["сілтеме", "әлеуетті"]
    assert [w for w, _ in spelling_words("бақылау-тексеру «Бәйтерек»")] == [
        "бақылау-тексеру", "Бәйтерек"]


def test_texts_are_taken_with_their_language_and_line() -> None:
    data = {"title": {"kk": "атауы", "ru": "название"}, "translation": {"kk": "official"},
            "people": [{"id": "a", "name": {"kk": "Баялиева", "ru": "Баялиева"}}],
            "indicators": [{"approved": "улкен", "proposed_ru": "большой",
                            "changes": [{"was": "улкен", "now": "үлкен"}]}]}
    assert sorted((lang, path) for lang, path, _ in yaml_texts(data)) == [
        ("kk", ("indicators", 0, "approved")), ("kk", ("indicators", 0, "changes", 0, "now")),
        ("kk", ("title", "kk")), ("ru", ("indicators", 0, "proposed_ru")),
        ("ru", ("title", "ru"))]
    body = "::: kk\nБірінші\n```\nкод\n```\n::: internal\nішкі\n:::\n:::\n::: ru\nВторой\n:::\n"
    assert body_lines(body, 10) == [("kk", 11, "Бірінші"), ("kk", 16, "ішкі"),
                                    ("ru", 20, "Второй")]


def test_a_word_list_line_is_a_word_or_a_word_and_its_model() -> None:
    entries, bad = read_word_list("# comment\nиндикатор директор\nбөбекжай\n\nтри слова тут\n")
    assert entries == (("индикатор", "директор"), ("бөбекжай", None))
    assert bad == [5]


def _spelling_notes(root: Path, capsys: pytest.CaptureFixture[str],
                    *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--project", str(root), *args])
    captured = capsys.readouterr()
    return code, [line for line in (captured.out + captured.err).splitlines()
                  if "spelling:" in line]


def test_the_bundled_portal_and_the_demo_have_no_false_warnings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _spelling_notes(REPO, capsys) == (0, [])
    assert _spelling_notes(DEMO, capsys) == (0, [])


def test_a_typo_is_reported_with_its_place_and_suggestions_and_strict_still_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "personnel.yaml"
    text = path.read_text("utf-8")
    assert "кандидаттар үшін тең емес" in text
    text = text.replace("кандидаттар үшін тең емес", "кандидаттар үшін улкен тең емес", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if "улкен" in s)
    code, notes = _spelling_notes(root, capsys)
    assert code == 0
    assert notes == [f"indicators/personnel.yaml:{line}: note: spelling: 'улкен' is not in "
                     "the Kazakh dictionary; did you mean: үлкен? (if the word is right, "
                     "add it to site_templates/spelling/kk.txt)"]
    assert _spelling_notes(root, capsys, "--strict") == (0, notes)


def test_a_recorded_typo_of_the_approved_wording_is_not_reported_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "personnel.yaml"
    text = path.read_text("utf-8")
    old = "      ru: создание неравных условий для кандидатов\n"
    assert old in text
    # The approved plan's typos, kept as approved and recorded as corrected; a reason
    # quotes one of them again.
    text = text.replace(old, old + "    approved: кандидаттар үшін тен емес жағдайлар жасауу\n"
                        "    changes:\n      - {was: тен, now: тең}\n"
                        "      - {was: жасауу, now: жасау}\n", 1)
    path.write_text(text, encoding="utf-8")
    assert _spelling_notes(root, capsys) == (0, [])
    text = text.replace("      - {was: жасауу, now: жасау}\n", "", 1).replace(
        "жағдайлар жасау\n", "жағдайлар жасауу\n", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if "kk: кандидаттар үшін" in s)
    code, notes = _spelling_notes(root, capsys)
    assert code == 0 and [n.split(": note:")[0] for n in notes] == [
        f"indicators/personnel.yaml:{line}", f"indicators/personnel.yaml:{line + 2}"], notes
    assert all("'жасауу'" in n for n in notes), notes


def test_a_portal_adds_its_own_words(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    page = root / "content" / "pages" / "announcement.md"
    text = page.read_text("utf-8")
    text = text.replace("::: kk\n", "::: kk\nАдалнұр\n", 1).replace(
        "::: ru\n", "::: ru\nАдалнуров\n", 1)
    page.write_text(text, encoding="utf-8")
    code, notes = _spelling_notes(root, capsys)
    assert code == 0 and len(notes) == 2, notes
    assert "'Адалнұр'" in notes[0] and "announcement.md" in notes[0]
    assert "'Адалнуров'" in notes[1] and "the Russian dictionary" in notes[1]
    own = root / "site_templates" / "spelling"
    own.mkdir(parents=True)
    (own / "kk.txt").write_text("# our words\nАдалнұр\n", encoding="utf-8")
    (own / "ru.txt").write_text("Адалнуров\n", encoding="utf-8")
    assert _spelling_notes(root, capsys, "--strict") == (0, [])
    (own / "ru.txt").write_text("Адалнуров\nдва слова три\n", encoding="utf-8")
    assert main(["check", "--project", str(root)]) == 0
    err = capsys.readouterr().err
    assert "spelling:" not in err
    assert "site_templates/spelling/ru.txt:2: warning: a line of a spelling word list" in err, err


def test_without_dictionaries_check_says_once_that_spelling_was_not_checked(
        tmp_path: Path) -> None:
    report = Report(DEMO)
    check_spelling(DEMO, report, dictionary_dirs=(tmp_path,))
    assert [p.format() for p in report.problems] == [
        "note: spelling was not checked: Debian's Hunspell dictionaries kk_KZ, ru_RU are not "
        "installed (apt-get install hunspell-kk hunspell-ru)"]
    assert not report.failed(strict=True)


def test_the_line_is_the_words_own_in_a_block_text_and_a_body(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "content" / "findings" / "personnel.md"
    text = path.read_text("utf-8")
    old = "      kk: Конкурс өткізу тәртібі ішкі актіде бекітілмеген.\n"
    assert old in text
    text = text.replace(old, "      kk: |\n        Конкурс өткізу тәртібі\n"
                        "        ішкі актіде бекітілмеген, улкен кемшілік.\n", 1)
    text += "\n::: kk\nБірінші жол.\n\nЕкінші жолда мұдделер.\n:::\n::: ru\nТекст.\n:::\n"
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    code, notes = _spelling_notes(root, capsys)
    assert code == 0
    assert [n.split(": note:")[0] for n in notes] == [
        f"content/findings/personnel.md:{lines.index(w) + 1}" for w in (
            "        ішкі актіде бекітілмеген, улкен кемшілік.", "Екінші жолда мұдделер.")], notes


def test_texts_that_repeat_a_missing_translation_are_left_out() -> None:
    data = {"translation": {"ru": "official", "kk": "missing"},
            "title": {"kk": "Анализ актов", "ru": "Анализ актов"}}
    assert [(lang, path) for lang, path, _ in yaml_texts(data)] == [("ru", ("title", "ru"))]


def test_a_text_written_the_same_in_both_languages_is_checked_in_its_own_only() -> None:
    """An imported Russian plan repeats its Russian texts under `kk` (plan.yaml has no
    `translation` state): each is checked once, as Russian, not word by word against the
    Kazakh dictionary; a Kazakh text repeated under `ru` is checked as Kazakh."""
    data = {"organization": {"kk": "ГУ «Отдел образования района»",
                             "ru": "ГУ «Отдел образования района»"},
            "position": {"kk": "Бас есепші", "ru": "Бас есепші"},
            "title": {"kk": "Жоспар", "ru": "План"}}
    assert [(lang, path) for lang, path, _ in yaml_texts(data)] == [
        ("ru", ("organization", "ru")), ("kk", ("position", "kk")),
        ("kk", ("title", "kk")), ("ru", ("title", "ru"))]
