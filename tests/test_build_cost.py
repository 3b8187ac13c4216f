"""Issue 20: what a build and a check cost. The document libraries stay out of the main
process (the documents are written beside the engine), and a portal's YAML is parsed once per
content: a warm `adal check` replays the cache byte for byte, an edit invalidates its own
entry only, and a broken, foreign or linked cache is never trusted."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.source import cache
from generator.source.yamlload import load_yaml, restored, stored
from tests.conftest import DEMO, REPO, copy_portal, run_adal

HEAVY = ("docx", "openpyxl", "weasyprint", "icalendar")
LATIN = "тіkelей"  # a Cyrillic word with Latin look-alikes: a warning, which is cached
WHOLE = cache.entry_name("portal-check", "en", "True", "given")  # check/result.py's entry


def _modules_after(code: str) -> list[str]:
    script = code + f"\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    env = {**os.environ, "PYTHONPATH": str(REPO), "ADAL_LANG": "en"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, timeout=600, check=True).stdout
    return json.loads(out.strip().splitlines()[-1].replace("'", '"'))


def test_check_imports_no_document_library(tmp_path: Path) -> None:
    portal = copy_portal(DEMO, tmp_path / "demo")
    assert _modules_after(
        "import sys\nfrom generator import cli\n"
        f"try:\n    cli.main(['check', '--project', {str(portal)!r}])\n"
        "except SystemExit:\n    pass") == []


def test_build_writes_documents_beside_the_main_process(tmp_path: Path) -> None:
    """The main process of a build imports neither python-docx nor openpyxl nor WeasyPrint
    (nor icalendar), and every document is still written."""
    portal = copy_portal(DEMO, tmp_path / "demo")
    out = tmp_path / "site"
    assert _modules_after(
        "import sys\nfrom datetime import date\nfrom pathlib import Path\n"
        "from generator.check.problems import Report\n"
        "from generator.check.project import load_project\n"
        "from generator.output.build import build\n"
        f"root = Path({str(portal)!r})\n"
        "project = load_project(root, Report(root))\n"
        f"build(project, date(2025, 1, 15), out=Path({str(out)!r}))") == []
    names = {p.name for p in (out / "data").iterdir()}
    for lang in ("kk", "ru"):
        assert {f"analytical-reference-{lang}.docx", f"analytical-reference-{lang}.pdf",
                f"measures-plan-{lang}.docx", f"measures-plan-{lang}.pdf",
                f"plan-{lang}.xlsx", f"deadlines-{lang}.ics", f"plan-{lang}.csv"} <= names


def test_a_failing_document_fails_the_build(tmp_path: Path) -> None:
    """An error in the process writing the documents fails the build like one in the main
    process: the message names it, and the previous site stays."""
    portal = copy_portal(DEMO, tmp_path / "demo")
    out = tmp_path / "site"
    script = (
        "import sys\nfrom datetime import date\nfrom pathlib import Path\n"
        "from generator.check.problems import Report\n"
        "from generator.check.project import load_project\n"
        "from generator.errors import BuildError\n"
        "from generator.output import build, xlsx\n"
        f"root = Path({str(portal)!r})\n"
        "project = load_project(root, Report(root))\n"
        f"build.build(project, date(2025, 1, 15), out=Path({str(out)!r}), pdf=False)\n"
        "def broken(*args):\n    raise RuntimeError('no documents today')\n"
        "xlsx.write_xlsx = broken\n"
        "try:\n"
        f"    build.build(project, date(2025, 1, 16), out=Path({str(out)!r}), pdf=False)\n"
        "except BuildError as exc:\n    print('FAILED', exc)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "ADAL_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=600, check=True)
    assert "FAILED RuntimeError: no documents today" in result.stdout
    assert (out / "data" / "plan-kk.xlsx").is_file()  # the first build's site, untouched
    assert 'data-date="2025-01-15"' in (out / "kk" / "index.html").read_text("utf-8")


def _portal_with_warning(tmp_path: Path) -> Path:
    portal = copy_portal(DEMO, tmp_path / "demo")
    shutil.rmtree(portal / cache.FOLDER, ignore_errors=True)  # made by a check of the demo
    first = sorted((portal / "indicators").glob("*.yaml"))[0]
    first.write_text(first.read_text("utf-8") + f"# {LATIN}\n", "utf-8")
    return portal


def _check(portal: Path, **env: str) -> tuple[int, str, str]:
    result = run_adal("check", "--project", str(portal), "--today", "2025-01-15", env=env)
    return result.returncode, result.stdout, result.stderr


def _entries(portal: Path) -> dict[str, tuple[int, bytes]]:
    folder = portal / cache.FOLDER
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()
            if p.name.endswith(".json")}


def test_warm_check_is_byte_identical_to_cold(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    uncached = _check(portal, ADAL_CACHE="0")
    assert not (portal / cache.FOLDER).exists()
    cold = _check(portal)
    entries = _entries(portal)
    assert len(entries) >= len(list((portal / "indicators").glob("*.yaml")))
    warm = _check(portal)
    assert LATIN in cold[2]
    assert uncached == cold == warm
    assert _entries(portal) == entries  # every file came from the cache: nothing rewritten
    for lang in ("kk", "ru"):  # messages in another language: entries of their own
        assert _check(portal, ADAL_LANG=lang) == _check(portal, ADAL_LANG=lang,
                                                         ADAL_CACHE="0")


def test_an_edit_invalidates_its_own_entry_only(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    _check(portal)
    before = _entries(portal)
    findings = sorted((portal / "content" / "findings").glob("*.md"))[0]
    findings.write_text(findings.read_text("utf-8") + "\n", "utf-8")
    after_run = _check(portal)
    after = _entries(portal)
    assert set(after) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    # The file's own entry, the spelling notes' (which read every text of the portal) and the
    # whole check's (check/result.py).
    spelling = cache.entry_name("spelling", ".", "en")
    whole = cache.entry_name("portal-check", "en", "True", "given")
    assert {spelling, whole} <= changed and len(changed - {spelling, whole}) == 1
    assert after_run == _check(portal, ADAL_CACHE="0")


def test_a_tampered_cache_is_not_trusted(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    truth = _check(portal, ADAL_CACHE="0")
    _check(portal)
    folder = portal / cache.FOLDER
    (folder / WHOLE).unlink()  # else the whole result is replayed and no file's entry read
    names = sorted(_entries(portal))
    # Broken JSON, a wrong key, a foreign shape, data the schema refuses, a line tree of
    # nonsense: each is a miss (the file is parsed again) or gives no more than the file.
    (folder / names[0]).write_text("{not json", "utf-8")
    entry = json.loads((folder / names[1]).read_text("utf-8"))
    (folder / names[1]).write_text(json.dumps({**entry, "key": "0" * 64}), "utf-8")
    (folder / names[2]).write_text(json.dumps([1, 2, 3]), "utf-8")
    entry = json.loads((folder / names[3]).read_text("utf-8"))
    (folder / names[3]).write_text(json.dumps({**entry, "data": 17}), "utf-8")
    entry = json.loads((folder / names[4]).read_text("utf-8"))
    (folder / names[4]).write_text(json.dumps({**entry, "lines": [[{"x": 1}], 7, "a"]}),
                                   "utf-8")
    assert _check(portal) == truth
    (folder / WHOLE).unlink()
    assert _check(portal) == _check(portal)


def test_a_copied_or_linked_cache_is_not_used(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    truth = _check(portal, ADAL_CACHE="0")
    _check(portal)
    # A copy of the portal (its cache folder too): not marked with its own inode, so it is
    # emptied and taken over, never read.
    copy = copy_portal(portal, tmp_path / "copy")
    folder = copy / cache.FOLDER
    for name in _entries(copy):
        (folder / name).write_text("{}", "utf-8")
    (folder / "unrelated.txt").write_text("mine", "utf-8")
    assert _check(copy) == truth  # a folder holding something else: left alone, not used
    assert (folder / "unrelated.txt").read_text("utf-8") == "mine"
    (folder / "unrelated.txt").unlink()
    assert _check(copy) == truth
    assert all(entry[1] != b"{}" for entry in _entries(copy).values())
    # A link in its place is never followed.
    linked = copy_portal(portal, tmp_path / "linked")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(linked / cache.FOLDER)
    (linked / cache.FOLDER).symlink_to(elsewhere)
    assert _check(linked) == truth
    assert list(elsewhere.iterdir()) == []


def test_cached_lines_are_the_parsed_ones() -> None:
    """A parse read back from its JSON entry answers `line_of` exactly as the parse did."""
    files = sorted((DEMO / "indicators").glob("*.yaml")) + [DEMO / "plan.yaml",
                                                           DEMO / "measures.yaml"]
    for path in files:
        located = load_yaml(path.read_text("utf-8"))
        kept = stored(located)
        assert kept is not None
        back = restored(json.loads(json.dumps(kept)))
        assert back is not None and back.data == located.data
        assert back.key_lines == located.key_lines
        assert back.value_lines == located.value_lines
        paths = set(located.key_lines) | set(located.value_lines)
        for where in paths | {(*p, "missing") for p in paths} | {("nowhere", 3)}:
            for prefer_key in (False, True):
                assert back.line_of(where, prefer_key) == located.line_of(where, prefer_key)


# ---- the whole check's result (check/result.py) -------------------------------------------

def test_unchanged_portal_check_skips_the_schema(tmp_path: Path) -> None:
    """A second `adal check` of an unchanged portal replays the whole result: byte-identical
    output, and neither the schema's code (pydantic) nor the checks are imported."""
    portal = _portal_with_warning(tmp_path)
    truth = _check(portal, ADAL_CACHE="0")
    assert _check(portal) == truth
    assert (portal / cache.FOLDER / WHOLE).is_file()
    script = ("import sys\nfrom generator import cli\n"
              f"code = cli.main(['check', '--project', {str(portal)!r}, '--today', "
              "'2025-01-15'])\n"
              "print(code, sorted(m for m in ('pydantic', 'generator.check.project', "
              "'generator.domain.schema', 'num2words', 'babel', 'hunspell') "
              "if m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "ADAL_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=600, check=True)
    assert result.stdout.splitlines()[-1] == "0 []", result.stdout
    assert result.stderr == truth[2]


def _add_hidden(portal: Path) -> None:
    (portal / "content" / "findings" / ".draft.md").write_text("---\n", "utf-8")


def _add_portal_code(portal: Path) -> None:
    (portal / "site_templates" / "overrides").mkdir(parents=True, exist_ok=True)
    (portal / "site_templates" / "overrides" / "main.html").write_text("{{ x }}", "utf-8")


def _edit_plan(portal: Path) -> None:
    plan = portal / "plan.yaml"
    plan.write_text(plan.read_text("utf-8") + f"# {LATIN}\n", "utf-8")


def _add_earlier_analysis(portal: Path) -> None:
    (portal / "analyses" / "nonsense").mkdir(parents=True)


def _commit_a_site(portal: Path) -> None:
    (portal / "site").mkdir()
    (portal / "site" / "index.html").write_text("old", "utf-8")
    for args in (["init", "-q"], ["add", "-f", "site/index.html"]):
        subprocess.run(["git", "-C", str(portal), *args], check=True, capture_output=True)


@pytest.mark.parametrize("change", [_add_hidden, _add_portal_code, _edit_plan,
                                    _add_earlier_analysis, _commit_a_site])
def test_every_kind_of_input_changes_the_whole_result(tmp_path: Path, change: Any) -> None:
    """Each kind of input the check reads (a data file, a file added, the portal's
    templates, an analysis folder, what git tracks) is in the key: the output after the
    change is the uncached one, and differs from before."""
    portal = _portal_with_warning(tmp_path)
    before = _check(portal)
    assert _check(portal) == before  # from the whole entry
    change(portal)
    after = _check(portal)
    assert after != before
    assert after == _check(portal, ADAL_CACHE="0") == _check(portal)


def test_the_day_and_the_language_are_in_the_key(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    kept = _check(portal)
    earlier = run_adal("check", "--project", str(portal), "--today", "2024-03-01")
    assert "after today (01.03.2024)" in earlier.stderr
    assert earlier.stderr == run_adal("check", "--project", str(portal), "--today",
                                      "2024-03-01", env={"ADAL_CACHE": "0"}).stderr
    assert _check(portal) == kept
    assert _check(portal, ADAL_LANG="ru") == _check(portal, ADAL_LANG="ru", ADAL_CACHE="0")
    assert _check(portal, ADAL_LANG="ru") != kept


def test_a_day_from_the_clock_is_kept_and_compared(tmp_path: Path) -> None:
    """Without --today the check's day is the clock's in the plan's time zone: the entry
    keeps it, and an entry of another day is not used."""
    portal = _portal_with_warning(tmp_path)
    truth = run_adal("check", "--project", str(portal), env={"ADAL_CACHE": "0"})
    assert run_adal("check", "--project", str(portal)).stderr == truth.stderr
    path = portal / cache.FOLDER / cache.entry_name("portal-check", "en", "True", "clock")
    entry = json.loads(path.read_text("utf-8"))
    assert list(entry["days"]) == ["Asia/Almaty"]
    # A result kept yesterday, saying something else: not replayed.
    entry["days"] = {"Asia/Almaty": "2000-01-01"}
    entry["problems"] = [["plan.yaml", 1, "stale", "warning", ""]]
    path.write_text(json.dumps(entry), "utf-8")
    again = run_adal("check", "--project", str(portal))
    assert "stale" not in again.stderr and again.stderr == truth.stderr
    assert json.loads(path.read_text("utf-8"))["days"] != {"Asia/Almaty": "2000-01-01"}


def test_a_tampered_or_partial_whole_result_is_not_trusted(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    truth = _check(portal, ADAL_CACHE="0")
    _check(portal)
    path = portal / cache.FOLDER / WHOLE
    entry = json.loads(path.read_text("utf-8"))
    for bad in ({**entry, "problems": [["x", "1", "m", "warning", ""]]},
                {**entry, "problems": [["x", 1, "m", "fatal", ""]]},
                {**entry, "problems": {}}, {**entry, "days": {"Nowhere/City": "2025-01-15"}},
                {**entry, "days": []}, {**entry, "key": "0" * 64}):
        path.write_text(json.dumps(bad), "utf-8")
        assert _check(portal) == truth


def test_no_whole_result_with_errors_or_links(tmp_path: Path) -> None:
    """A check with an error, or a portal with a link in its layout, keeps no whole result
    (the per-file entries still serve it)."""
    portal = _portal_with_warning(tmp_path)
    _add_portal_code(portal)
    failed = _check(portal)
    assert failed[0] == 1 and not (portal / cache.FOLDER / WHOLE).exists()
    assert _check(portal) == failed
    linked = _portal_with_warning(tmp_path / "linked")
    target = sorted((linked / "content" / "findings").glob("*.md"))[0]
    (linked / "content" / "notes.md").symlink_to(target)
    truth = _check(linked, ADAL_CACHE="0")
    assert _check(linked) == truth == _check(linked)
    assert not (linked / cache.FOLDER / WHOLE).exists()


def test_plural_forms_without_babel_are_cldrs() -> None:
    """The counts a check prints take their Russian and English forms from rules written out
    (grammar.py), not Babel's locale data (0.04 s of a start-up): the same forms."""
    from babel import Locale

    from generator.domain.grammar import en_form, ru_form

    ru, en = Locale.parse("ru").plural_form, Locale.parse("en").plural_form
    for n in range(0, 2500):
        assert ru_form(n, "one", "few", "many") == ru(n)
        assert en_form(n, "one", "other") == en(n)
        assert ru_form(-n, "one", "few", "many") == ru(n)


def test_the_spelling_notes_reuse_the_checks_parses(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold `adal check` parses each YAML text once: the spelling notes get the check's
    parse of it (yamlload.parsing_once), and their notes are the same as from their own."""
    from generator.check.problems import Report
    from generator.check.project import load_project
    from generator.source import yamlload

    portal = _portal_with_warning(tmp_path)
    monkeypatch.setenv("ADAL_CACHE", "0")
    parsed: list[str] = []
    real = yamlload._load_yaml

    def counting(text: str, line_offset: int) -> yamlload.Located:
        parsed.append(text)
        return real(text, line_offset)

    monkeypatch.setattr(yamlload, "_load_yaml", counting)
    report = Report(portal)
    assert load_project(portal, report, spelling=True) is not None
    assert parsed and len(parsed) == len(set(parsed))  # no text parsed twice
    with_reuse = sorted(report.problems)
    monkeypatch.setattr(yamlload, "parsing_once", contextlib.nullcontext)
    import generator.check.project as project_module
    monkeypatch.setattr(project_module, "parsing_once", contextlib.nullcontext)
    again = Report(portal)
    load_project(portal, again, spelling=True)
    assert sorted(again.problems) == with_reuse
    assert any(LATIN in p.message for p in with_reuse)


def test_a_preview_checks_unchanged_files_from_memory(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`adal serve` checks the portal again after each edit: the files an earlier check of
    the process validated come from its memory (check/files.keep_validated), neither read
    from the cache nor validated again, and the problems and the portal are the same as a
    check without it makes."""
    from generator.check import files
    from generator.check.problems import Report
    from generator.check.project import load_project

    portal = _portal_with_warning(tmp_path)
    findings = sorted((portal / "content" / "findings").glob("*.md"))[0]

    def check() -> tuple[list[str], Any, int]:
        report = Report(portal)
        store = cache.store_for(portal)
        before = store.hits + store.misses if store is not None else 0
        project = load_project(portal, report)
        cache.commit(portal)
        read = store.hits + store.misses - before if store is not None else 0
        return [p.format() for p in report.sorted()], project, read

    monkeypatch.setattr(files, "_VALIDATED", {})
    monkeypatch.setattr(files, "_keeping", True)
    first = check()
    remembered = len(files._VALIDATED)
    findings.write_text(findings.read_text("utf-8").replace("\n---\n", "\n---\n\nEDIT-1\n", 1)
                        + "\n", "utf-8")
    kept = check()
    assert kept[2] == 1  # the edited file alone was looked up in the cache
    assert len(files._VALIDATED) == remembered > 10  # one per file: the edit replaced its own
    monkeypatch.setattr(files, "_keeping", False)
    monkeypatch.setattr(files, "_VALIDATED", {})
    fresh = check()
    assert fresh[2] > 10 and LATIN in "\n".join(first[0])
    assert kept[0] == fresh[0]
    assert kept[1].model_dump() == fresh[1].model_dump() if hasattr(kept[1], "model_dump") \
        else repr(kept[1]) == repr(fresh[1])
