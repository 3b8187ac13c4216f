"""Issue 20: the spelling notes worked out in a process forked beside the check
(check/apart.py), and Python's cycle collector kept off the checked portal (collector.py).
What they give is what the in-process run gives; nothing is lost when the forked process
fails; the collector is as it was afterwards."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

from generator import collector
from generator.check.apart import Apart, forks
from generator.check.dictionaries import DICTIONARY_DIRS
from generator.check.problems import Report
from generator.check.project import load_project
from generator.check.spelling import _check_spelling
from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, with_earlier_analysis

two_cores = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                               reason="the check forks only with a second core")


def _with_typos(tmp_path: Path) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "personnel.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "кандидаттар үшін тең емес", "кандидаттар үшін улкен тең емес", 1), "utf-8")
    findings = root / "content" / "findings" / "budget.md"
    findings.write_text(findings.read_text("utf-8").replace(
        "ru: Не проводилось изучение рынка.", "ru: Не проводилось изучение рынкка.", 1),
        "utf-8")
    return root


@two_cores
def test_the_notes_worked_out_beside_are_those_worked_out_in_process(tmp_path: Path) -> None:
    root = _with_typos(tmp_path)
    here = Report(root)
    _check_spelling(root, here, DICTIONARY_DIRS)
    words = sorted(p.message.split("'")[1] for p in here.problems)
    assert words == ["рынкка", "улкен"], here.problems

    pids: list[int] = []

    def job(report: Report) -> None:
        report.note(None, 0, str(os.getpid()))
        _check_spelling(root, report, DICTIONARY_DIRS)

    beside = Report(root)
    Apart(job, root).into(beside)
    assert beside.problems[1:] == here.problems  # the same notes, in the same order
    pids.append(int(beside.problems[0].message))
    assert pids[0] != os.getpid()  # worked out in another process


@two_cores
def test_a_forked_process_that_fails_loses_nothing(tmp_path: Path) -> None:
    me = os.getpid()

    def job(report: Report) -> None:
        if os.getpid() != me:
            os._exit(3)  # the forked process dies without a word
        report.note(None, 0, "in-process")

    report = Report(tmp_path)
    apart = Apart(job, tmp_path)
    assert apart._pid  # it did fork
    apart.into(report)
    assert [p.message for p in report.problems] == ["in-process"]


@two_cores
def test_a_check_with_the_notes_beside_reports_what_the_check_in_process_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole `adal check` of a portal of two analyses, two typos in each (the earlier one
    a copy): the same problems,
    in the same order, with the same analysis named, forked or not (one core: in-process)."""
    root = with_earlier_analysis(_with_typos(tmp_path))
    monkeypatch.setenv("ADAL_CACHE", "0")  # worked out each time, never replayed

    def problems() -> list[tuple[str, int, str, str, str]]:
        report = Report(root)
        load_project(root, report, spelling=True, today=TODAY)
        return [(p.path, p.line, p.message, p.severity, p.analysis) for p in report.problems]

    forked = problems()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not forks()
    assert problems() == forked
    notes = [p for p in forked if p[3] == "note"]
    assert len(notes) == 4 and {p[4] for p in notes} == {"2023", "2024"}, forked


@two_cores
def test_a_cancelled_part_is_stopped_and_reaped(tmp_path: Path) -> None:
    apart = Apart(lambda report: time.sleep(60), tmp_path)
    pid = apart._pid
    assert pid
    started = time.perf_counter()
    apart.cancel()
    assert time.perf_counter() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


def test_the_check_runs_without_a_collection_and_leaves_the_collector_on() -> None:
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert load_project(DEMO, Report(DEMO), spelling=True, today=TODAY) is not None
        during = list(collections)
        gc.collect()
    finally:
        gc.callbacks.remove(count)
    # Tens of thousands of objects made, and one walk for cycles: once it is over.
    assert len(during) <= 1, during
    assert gc.isenabled() and len(collections) == len(during) + 1


def test_rendering_sets_the_checked_portal_aside_and_takes_it_back(tmp_path: Path) -> None:
    frozen: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            frozen.append(gc.get_freeze_count())

    project = project_of(DEMO)
    gc.callbacks.append(count)
    try:
        build(project, TODAY, out=tmp_path / "site", pdf=False)
    finally:
        gc.callbacks.remove(count)
    assert frozen and max(frozen) > 10_000  # collections during the rendering skipped it
    assert gc.get_freeze_count() == 0


def test_the_collector_helpers_restore_what_they_found() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()  # an inner use does not switch it back on
        raise RuntimeError
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.set_aside():
        assert gc.get_freeze_count() > 0
        raise RuntimeError
    assert gc.get_freeze_count() == 0
    gc.freeze()  # another's freeze: kept as it was
    try:
        with collector.set_aside():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
