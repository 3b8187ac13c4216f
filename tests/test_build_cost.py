"""Issue 20: what a build and a check cost. The document libraries stay out of the main
process (the documents are written beside the engine), and a portal's YAML is parsed once per
content: a warm `adal check` replays the cache byte for byte, an edit invalidates its own
entry only, and a broken, foreign or linked cache is never trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.source import cache
from generator.source.yamlload import load_yaml, restored, stored
from tests.conftest import DEMO, REPO, copy_portal, run_adal

HEAVY = ("docx", "openpyxl", "weasyprint", "icalendar")
LATIN = "тіkelей"  # a Cyrillic word with Latin look-alikes: a warning, which is cached


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
    # The file's own entry, and the spelling notes' (which read every text of the portal).
    spelling = cache.entry_name("spelling", ".", "en")
    assert spelling in changed and len(changed - {spelling}) == 1
    assert after_run == _check(portal, ADAL_CACHE="0")


def test_a_tampered_cache_is_not_trusted(tmp_path: Path) -> None:
    portal = _portal_with_warning(tmp_path)
    truth = _check(portal, ADAL_CACHE="0")
    _check(portal)
    folder = portal / cache.FOLDER
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
