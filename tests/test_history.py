"""History from git (issue 10, item 6), in a real temporary repository: each page's date of
last change, uncommitted changes on the intranet only, and the changes page, newest first,
with commit messages in the intranet build only."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEMO, copy_portal, run_adal


def _git(root: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+05:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env,
                   timeout=60)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The portal sits in a sub-folder of its repository, as examples/demo does in Adal's.
    top = tmp_path_factory.mktemp("history")
    root = copy_portal(DEMO, top / "portal")
    _git(top, "init", "-q")
    _git(top, "add", "-A")
    _git(top, "commit", "-qm", "Start", day="2025-01-10")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "{number: 3, kind: collect, direction: public-services, deadline: 2025-01-14,",
        "{number: 3, kind: collect, direction: public-services, deadline: 2025-01-14, "
        "completed: 2025-01-16,"), "utf-8")
    _git(top, "commit", "-qam", "COMMIT-MESSAGE-ITEM: item 3 is done", day="2025-01-16")
    budget = root / "content" / "findings" / "budget.md"
    budget.write_text(budget.read_text("utf-8") + "\n", "utf-8")
    _git(top, "commit", "-qam", "COMMIT-MESSAGE-BUDGET: internal findings", day="2025-01-17")
    personnel = root / "content" / "findings" / "personnel.md"
    personnel.write_text(personnel.read_text("utf-8") + "\n", "utf-8")  # not committed
    return root


def _page(root: Path, out: str, path: str) -> str:
    return (root.parent / out / path).read_text("utf-8")


@pytest.fixture(scope="module")
def built(repo: Path) -> Path:
    for out, extra in (("intranet", []), ("public", ["--public"])):
        result = run_adal("build", "--project", str(repo), "--out", str(repo.parent / out),
                          "--no-pdf", "--today", "2025-01-20", *extra)
        assert result.returncode == 0, result.stderr
    return repo


def test_each_page_says_when_its_sources_last_changed(built: Path) -> None:
    budget = _page(built, "intranet", "kk/directions/budget/index.html")
    assert "Бет деректері соңғы рет 2025 жылғы 17 қаңтарда өзгертілді" in budget
    control = _page(built, "intranet", "kk/directions/control/index.html")
    assert "соңғы рет 2025 жылғы 16 қаңтарда өзгертілді" in control  # plan.yaml is one of its sources
    page = _page(built, "intranet", "kk/pages/announcement/index.html")
    assert "соңғы рет 2025 жылғы 10 қаңтарда өзгертілді" in page
    personnel = _page(built, "intranet", "ru/directions/personnel/index.html")
    assert "(есть изменения, не внесённые в git)" in personnel
    assert "не внесённые в git" not in _page(built, "public", "ru/directions/personnel/index.html")


def test_the_changes_page_lists_newest_first_and_keeps_messages_internal(built: Path) -> None:
    intranet = _page(built, "intranet", "ru/changes/index.html")
    dates = [intranet.index(d) for d in ("17.01.2025", "16.01.2025", "10.01.2025")]
    assert dates == sorted(dates)
    assert "Выполнены пункты плана: 3" in intranet
    assert "COMMIT-MESSAGE-ITEM" in intranet and "COMMIT-MESSAGE-BUDGET" in intranet
    assert "Обновлены результаты по направлению «Освоение и распределение" in intranet
    public = _page(built, "public", "ru/changes/index.html")
    assert "Выполнены пункты плана: 3" in public
    assert "COMMIT-MESSAGE" not in public
    assert "17.01.2025" not in public  # that commit changed only internal findings
    for path in (built.parent / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ics", ".gz"):
            assert b"COMMIT-MESSAGE" not in path.read_bytes(), path


def test_no_repository_no_history(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    assert run_adal("build", "--project", str(root), "--no-pdf").returncode == 0
    assert not (root / "site" / "kk" / "changes").exists()
    assert "соңғы рет" not in (root / "site" / "kk" / "index.html").read_text("utf-8")
