"""The message catalogue (generator/messages.yaml): every message in Kazakh, Russian and
English, the same fields in each; the code uses only catalogued messages; and a run speaks
the language asked for, with one message per problem."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from generator.messages import LANGUAGES, catalogue
from tests.conftest import DEMO, REPO, copy_portal, run_adal

PACKAGE = REPO / "generator"
# Calls whose text reaches the user: each must be built from the catalogue, never a literal.
# Exceptions that never reach the user, each with the reason.
_INTERNAL = {
    "generator/output/pdf.py": "WeasyPrint's fetcher refuses a URL; WeasyPrint logs it and "
                               "leaves the resource out (the PDF test finds no such request)",
}
_USER_CALLS = {"error", "warning", "print", "UsageError", "BuildError", "EngineError",
               "SourceError", "YamlError", "ValueError", "AdalError", "append", "err", "warn"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_all_three_languages_with_the_same_fields() -> None:
    wrong = []
    for key, texts in catalogue().items():
        if set(texts) != set(LANGUAGES) or not all(str(texts[lang]).strip() or key.startswith(
                "build_") for lang in LANGUAGES):
            wrong.append(f"{key}: languages {sorted(texts)}")
            continue
        fields = {lang: _fields(texts[lang]) for lang in LANGUAGES}
        if len({frozenset(f) for f in fields.values()}) != 1:
            wrong.append(f"{key}: fields differ {fields}")
    assert wrong == []


def _keys_in_code() -> tuple[set[str], set[str]]:
    """Keys named literally in calls to t(), and every other string constant in the code (keys
    chosen at run time are written as constants in tables such as _KINDS)."""
    called, constants = set(), set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and \
                    node.args and isinstance(node.args[0], ast.Constant):
                called.add(node.args[0].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    return called, constants


def test_the_code_names_only_catalogued_messages_and_the_catalogue_nothing_unused() -> None:
    called, constants = _keys_in_code()
    keys = set(catalogue())
    assert called - keys == set()
    dynamic = {k for k in keys if re.match(r"(lang|place|import_kind)_", k)}  # t(f"lang_{x}")
    assert keys - called - constants - dynamic == set()


def _literal_words(node: ast.AST) -> str | None:
    """English words written into a message by the code itself (not from the catalogue)."""
    parts = [node] if isinstance(node, ast.Constant) else (
        [v for v in node.values if isinstance(v, ast.Constant)]
        if isinstance(node, ast.JoinedStr) else [])
    words = " ".join(str(p.value) for p in parts if isinstance(p.value, str))
    return words if re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", words) else None


def test_no_message_is_written_in_english_outside_the_catalogue() -> None:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _USER_CALLS:
                continue
            for arg in node.args:
                words = _literal_words(arg)
                if words and str(path.relative_to(REPO)) not in _INTERNAL:
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {words[:50]}")
    assert found == []


def _broken(tmp_path: Path, languages: str | None = None) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    text = plan.read_text("utf-8").replace("commission: commission", "commission: comision")
    if languages:
        text = text.replace("languages: [kk, ru]", f"languages: {languages}", 1)
    plan.write_text(text, "utf-8")
    return root


@pytest.mark.parametrize(("how", "expected"), [
    (("--lang", "kk"), "белгісіз топ"),
    (("--lang", "ru"), "неизвестная группа"),
    (("--lang", "en"), "unknown group"),
])
def test_lang_flag_chooses_the_language(tmp_path: Path, how: tuple[str, str],
                                        expected: str) -> None:
    root = _broken(tmp_path)
    result = run_adal("check", "--project", str(root), *how)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr


def test_adal_lang_then_the_plans_first_language(tmp_path: Path) -> None:
    root = _broken(tmp_path, "[ru, kk]")
    by_env = run_adal("check", "--project", str(root), env={"ADAL_LANG": "kk"})
    assert "белгісіз топ" in by_env.stderr and "өтпеді" in by_env.stderr, by_env.stderr
    by_plan = run_adal("check", "--project", str(root), env={"ADAL_LANG": ""})
    assert "неизвестная группа «comision»" in by_plan.stderr, by_plan.stderr
    assert "не пройдена: 1 ошибка, 0 предупреждений" in by_plan.stderr


def test_a_tab_is_named_with_its_line_and_the_fix(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    lines = plan.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  due_soon_days"))
    lines[at] = "\t" + lines[at].lstrip()
    plan.write_text("\n".join(lines), "utf-8")
    result = run_adal("check", "--project", str(root), "--lang", "ru")
    assert f"plan.yaml:{at + 1}: в строке есть символ табуляции: делайте отступы пробелами" \
        in result.stderr, result.stderr
    assert "cannot start any token" not in result.stderr


def test_suggestions_are_names_as_written_and_yo_matches_ye(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    text = plan.read_text("utf-8")
    people = re.findall(r"name: \{kk: ([^,}]+)", text)
    assert people, "the example names its people as {kk: …, ru: …}"
    misspelt = people[0][:-1] + "x"  # a name with its last letter wrong
    text = text.replace("responsible: [head, accountant]",
                        f"responsible: ['{misspelt}', accountant]", 1)
    plan.write_text(text, "utf-8")
    result = run_adal("check", "--project", str(root))
    message = next(line for line in result.stderr.splitlines() if misspelt in line)
    assert f"(did you mean '{people[0]}'?)" in message, message
    assert "head (" in message  # the list shows each id with the name it stands for
    # «ё» written for «е» (or the other way round) names the same person.
    text = text.replace("Б.Б. Бекова", "Б.Б. Бёкова").replace(f"'{misspelt}'", "'Б.Б.Бекова'")
    plan.write_text(text, "utf-8")
    assert run_adal("check", "--project", str(root)).returncode == 0


def test_a_broken_indicators_file_gives_no_consequent_problems(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "personnel.yaml"
    lines = path.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  ru:"))
    del lines[at]  # the direction's Russian title
    path.write_text("\n".join(lines), "utf-8")
    result = run_adal("check", "--project", str(root))
    problems = [line for line in result.stderr.splitlines() if ": " in line
                and not line.startswith("adal")]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith("indicators/personnel.yaml:") and \
        "missing Russian (ru) text" in problems[0]


@pytest.mark.parametrize(("inserted", "error"), [
    ("{{ page_ref.no_such_field.more }}", "UndefinedError"),
    ("{% if %}", "TemplateSyntaxError"),
])
def test_an_error_in_a_portal_template_names_its_file_and_line(
        tmp_path: Path, inserted: str, error: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    own = root / "site_templates" / "pages" / "page.md.j2"
    own.parent.mkdir(parents=True)
    lines = (REPO / "site_templates" / "pages" / "page.md.j2").read_text("utf-8").split("\n")
    lines.insert(3, inserted)
    own.write_text("\n".join(lines), "utf-8")
    result = run_adal("build", "--project", str(root), "--no-pdf", "--today", "2025-01-15")
    assert result.returncode == 1
    assert f"site_templates/pages/page.md.j2:4: error in the template: {error}" in \
        result.stderr, result.stderr
    assert not (root / "site").exists()


def test_latin_letters_in_an_indicator_say_how_to_keep_the_approved_wording(
        tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "permits.yaml"
    text = path.read_text("utf-8")
    first = next(line for line in text.split("\n") if line.strip().startswith("kk:")
                 and "а" in line)
    path.write_text(text.replace(first, first.replace("а", "a", 1), 1), "utf-8")
    result = run_adal("check", "--project", str(root))
    assert "keep that in 'approved:', correct the text and record the change in 'changes'" \
        in result.stderr, result.stderr
