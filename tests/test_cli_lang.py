"""The command line speaks the user's language (issue 21, item 2): help, usage errors, the
status table's headers and every message follow --lang, then ADAL_LANG, then the plan's first
language; --version; an empty plan of measures and a wrong --project folder are said plainly;
a closed pipe ends the run quietly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.messages import LANGUAGES, catalogue
from tests.conftest import DEMO, REPO, copy_portal, run_adal

HELP = {  # a phrase of the top-level help, the help of `status --measures`, the usage word
    "kk": ("Сыбайлас жемқорлық тәуекелдерін талдау порталы", "тармақтарының орнына",
           "қолданылуы:"),
    "ru": ("Портал анализа коррупционных рисков", "вместо пунктов плана", "использование:"),
    "en": ("Corruption-risk analysis portal", "instead of the plan's items", "usage:"),
}


def _flat(text: str) -> str:
    """Help as one line: argparse wraps it to the terminal's width."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_is_in_the_language_asked_for(lang: str) -> None:
    top = run_adal("--help", "--lang", lang)
    assert top.returncode == 0, top.stderr
    description, measures, usage = HELP[lang]
    assert description in _flat(top.stdout) and top.stdout.startswith(usage), top.stdout
    status = run_adal("status", "--help", env={"ADAL_LANG": lang})
    assert measures in _flat(status.stdout), status.stdout
    others = [w for other, words in HELP.items() if other != lang for w in words]
    assert not [w for w in others if w in _flat(top.stdout + status.stdout)]


def test_help_follows_the_plans_first_language(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("languages: [kk, ru]", "languages: [ru, kk]"),
                    "utf-8")
    result = run_adal("status", "--help", "--project", str(root), env={"ADAL_LANG": ""})
    assert HELP["ru"][1] in _flat(result.stdout), result.stdout
    inside = run_adal("--help", cwd=root, env={"ADAL_LANG": ""})
    assert HELP["ru"][0] in _flat(inside.stdout), inside.stdout


@pytest.mark.parametrize(("lang", "words"), [
    ("kk", ("қате", "міндетті")), ("ru", ("ошибка", "обязательн")),
    ("en", ("error", "required")),
])
def test_usage_errors_are_in_the_language_asked_for(lang: str, words: tuple[str, str]) -> None:
    result = run_adal("--lang", lang)  # no command
    assert result.returncode == 2
    assert all(w in result.stderr for w in words), result.stderr
    wrong = run_adal("stauts", "--lang", lang)
    assert wrong.returncode == 2 and "stauts" in wrong.stderr
    assert "invalid choice" not in wrong.stderr or lang == "en", wrong.stderr


def test_argparse_words_keep_their_placeholders() -> None:
    for key, texts in catalogue().items():
        if key.startswith("cli_ap_"):
            marks = {lang: sorted(re.findall(r"%\(?\w*\)?[sr]", texts[lang])) for lang in texts}
            assert len({tuple(m) for m in marks.values()}) == 1, (key, marks)


def test_version() -> None:
    result = run_adal("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"adal \d+\.\d+\.\d+\S*\n", result.stdout), result.stdout


@pytest.mark.parametrize(("lang", "header", "as_of", "text"), [
    ("en", "No.   Work", "Statuses as of 15 January 2025", "Персоналды басқару"),
    ("ru", "№     Вид работы", "Статусы по состоянию на 15 января 2025 г.", "Управление персоналом"),
    ("kk", "№     Жұмыс түрі", "Мәртебелер 2025 жылғы 15 қаңтардағы жағдай бойынша", "Персоналды басқару"),
])
def test_status_headers_follow_the_language(lang: str, header: str, as_of: str,
                                            text: str) -> None:
    """The headers and statuses in the language asked for; the plan's own text in it when the
    plan has it, else in the plan's first language (the demo has no English)."""
    result = run_adal("status", "--project", str(DEMO), "--today", "2025-01-15", "--lang", lang)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == as_of and lines[1].startswith(header), lines[:2]
    assert text in result.stdout
    done = {"en": "Done", "ru": "Выполнено", "kk": "Орындалды"}[lang]
    assert re.search(rf"^1 .*\s{done}$", result.stdout, re.M), result.stdout
    by_env = run_adal("status", "--project", str(DEMO), "--today", "2025-01-15",
                      env={"ADAL_LANG": lang})
    assert by_env.stdout == result.stdout


@pytest.mark.parametrize(("lang", "said"), [
    ("kk", "іс-шаралар жоспары жоқ"), ("ru", "нет плана мероприятий"),
    ("en", "has no plan of measures"),
])
def test_status_of_measures_says_there_are_none(lang: str, said: str) -> None:
    result = run_adal("status", "--measures", "--project", str(REPO), "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout and "measures.yaml" in result.stdout, result.stdout
    assert "----" not in result.stdout  # no empty table


@pytest.mark.parametrize("command", ["status", "check", "build"])
def test_a_folder_without_a_plan_is_named(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes").mkdir()
    result = run_adal(command, "--project", "notes", "--lang", "ru", cwd=tmp_path)
    assert result.returncode == 2
    assert str(tmp_path / "notes") in result.stderr and "plan.yaml" in result.stderr, \
        result.stderr
    assert not (tmp_path / "notes" / "site").exists()
    missing = run_adal(command, "--project", "nowhere", "--lang", "kk", cwd=tmp_path)
    assert missing.returncode == 2 and str(tmp_path / "nowhere") in missing.stderr, \
        missing.stderr


def test_a_closed_pipe_ends_the_run_quietly() -> None:
    """`adal status | head`: the reader goes away before Adal writes; no internal error."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "status", "--project",
                             str(DEMO), "--today", "2025-01-15"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=REPO)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=120)
    assert err.decode() == ""
    assert proc.returncode == 141  # as a Unix tool killed by SIGPIPE: 128 + 13


# ---- advice that works: a colon in text written in «…» (issue 21, item 4) --------------------

@pytest.mark.parametrize(("lang", "said"), [
    ("ru", "«ёлочки» для YAML не кавычки"), ("kk", "YAML үшін тырнақша емес"),
    ("en", "are not quotes to YAML"),
])
def test_a_colon_in_guillemets_gets_advice_that_works(tmp_path: Path, lang: str,
                                                      said: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    lines = plan.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  ru: "))
    lines[at] = "  ru: «Ромашка»: детский сад"
    plan.write_text("\n".join(lines), "utf-8")
    result = run_adal("check", "--project", str(root), "--lang", lang)
    assert result.returncode == 1
    message = next(line for line in result.stderr.splitlines()
                   if line.startswith(f"plan.yaml:{at + 1}:"))
    assert said in message and "put text that contains ':' in quotes" not in message, message
    fixed = '  ru: "«Ромашка»: детский сад"'
    assert message.endswith(": " + fixed.strip()), message  # the line, as it should read
    # The advice works: the line it shows is read as the text it was meant to be.
    lines[at] = fixed
    plan.write_text("\n".join(lines), "utf-8")
    again = run_adal("check", "--project", str(root), "--lang", lang)
    assert f"plan.yaml:{at + 1}:" not in again.stderr, again.stderr


def test_a_colon_in_plain_text_keeps_the_quotes_advice(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    lines = plan.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  ru: "))
    lines[at] = "  ru: Ромашка: детский сад"
    plan.write_text("\n".join(lines), "utf-8")
    result = run_adal("check", "--project", str(root))
    assert f"plan.yaml:{at + 1}: a ':' where none is expected: put text that contains ':' in " \
           "quotes" in result.stderr, result.stderr
