"""A portal's earlier analyses on disk (analyses/<id>/, docs/formats.md "Several analyses"):
which folders are analyses, and whether a closed one was edited after it was closed."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from generator.check.files import read_checked
from generator.check.problems import Report
from generator.messages import t
from generator.source.files import list_files
from generator.source.layout import DATA_PATHS
from generator.source.yamlload import YamlError, load_yaml

ANALYSES = "analyses"
CLOSED = "closed.yaml"
# A year, and a second analysis of the same year as 2025-2: the address of its pages.
ANALYSIS_ID = re.compile(r"^(19|20)\d\d(-[1-9])?$")


def analysis_folders(root: Path, report: Report) -> list[Path]:
    """The earlier analyses, oldest first: each folder under analyses/ with a plan.yaml and
    a name like 2024 (a folder of another name is reported)."""
    top = root / ANALYSES
    if not top.is_dir() or top.is_symlink():
        return []
    found = []
    for folder in sorted(top.iterdir()):
        if not folder.is_dir() or folder.is_symlink():
            continue
        if not ANALYSIS_ID.match(folder.name):
            report.error(folder, 1, t("analysis_id_bad", name=folder.name))
            continue
        if not (folder / "plan.yaml").is_file():
            report.error(folder / "plan.yaml", 1, t("analysis_no_plan", name=folder.name))
            continue
        found.append(folder)
    return found


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every data file of the analysis in `folder`, by its path there."""
    out = {}
    for entry in DATA_PATHS:
        path = folder / entry
        if path.is_dir():
            files, _ = list_files(folder, entry)
        else:
            files = [path] if path.is_file() else []
        for file in files:
            if file.is_file() and not file.is_symlink():
                out[file.relative_to(folder).as_posix()] = hashlib.sha256(
                    file.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def changed_since_closed(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """The files added, changed or removed since the analysis was closed."""
    return sorted(name for name in recorded.keys() | now.keys()
                  if recorded.get(name) != now.get(name))


def check_closed(folder: Path, report: Report) -> tuple[date | None, tuple[str, ...]]:
    """The day the analysis was closed (its closed.yaml; None while it is open) and its files
    edited since, each a warning: a change to a published record."""
    path = folder / CLOSED
    if not path.is_file():
        return None, ()
    source = read_checked(path, report)
    if source is None:
        return None, ()
    try:
        data = load_yaml(source.text).data
    except YamlError as exc:
        report.error(path, exc.line, exc.message)
        return None, ()
    closed = _day(data.get("closed")) if isinstance(data, dict) else None
    files = data.get("files") if isinstance(data, dict) else None
    if closed is None or not isinstance(files, dict):
        report.error(path, 1, t("analysis_closed_bad"))
        return None, ()
    edited = changed_since_closed({str(k): str(v) for k, v in files.items()}, digests(folder))
    for name in edited:
        report.warning(folder / name, 1, t("analysis_closed_changed", id=folder.name,
                                           date=closed.strftime("%d.%m.%Y")))
    return closed, tuple(edited)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
