"""The portal's history from git (I/O at the edge of the build): when each data file last
changed, which have uncommitted changes, and what the recent commits changed.

Only the portal's data is looked at (plan.yaml, measures.yaml, indicators/, content/), with
paths relative to the portal's folder, which may be a sub-folder of its repository. No git, no
repository or no commit: no history, and the pages simply do not show one.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.source.yamlload import YamlError, load_yaml

DATA_PATHS = ("plan.yaml", "measures.yaml", "indicators", "content")
DESCRIBED = 30  # the newest commits whose changes are described item by item
_TIMEOUT = 60


@dataclass(frozen=True)
class Commit:
    hash: str
    day: date
    subject: str
    files: tuple[str, ...]
    completed_items: tuple[int, ...] = ()
    completed_measures: tuple[int, ...] = ()


@dataclass(frozen=True)
class History:
    last_changed: dict[str, date] = field(default_factory=dict)  # path -> its last commit
    dirty: frozenset[str] = frozenset()  # paths with uncommitted changes
    commits: tuple[Commit, ...] = ()  # newest first

    def changed(self, paths: Iterable[str]) -> tuple[date | None, bool]:
        """The last commit date of any of `paths` (one ending in '/' is a folder) and
        whether any of them has uncommitted changes."""
        wanted = tuple(paths)
        files = [p for p in wanted if not p.endswith("/")]
        folders = tuple(p for p in wanted if p.endswith("/"))
        days = [self.last_changed[f] for f in files if f in self.last_changed]
        if folders:
            days += [day for path, day in self.last_changed.items() if path.startswith(folders)]
        dirty = any(f in self.dirty for f in files) or (
            bool(folders) and any(path.startswith(folders) for path in self.dirty))
        return (max(days) if days else None), dirty


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              text=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path) -> History | None:
    log = _git(root, "log", "--relative", "--no-renames", "--format=%x1e%H%x1f%cs%x1f%s",
               "--name-only", "--", *DATA_PATHS)
    if not log:
        return None
    commits, last = [], {}
    for record in log.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        sha, day_text, subject = (head.split("\x1f") + ["", ""])[:3]
        files = tuple(n for n in names.split("\n") if n)
        day = date.fromisoformat(day_text)
        for name in files:
            last.setdefault(name, day)
        commits.append(Commit(sha, day, subject, files))
    described = _described(root, commits[:DESCRIBED]) + commits[DESCRIBED:]
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *DATA_PATHS)
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    dirty = frozenset(_status_path(line, prefix) for line in (status or "").splitlines()
                      if line)
    return History(last, dirty, tuple(described))


def _status_path(line: str, prefix: str) -> str:
    """`git status --porcelain` names paths from the repository's top; the portal's folder
    is `prefix` below it."""
    path = line[3:].split(" -> ")[-1].strip('"')
    return path.removeprefix(prefix)


_KEYS = {"plan.yaml": "items", "measures.yaml": "measures"}


def _described(root: Path, commits: list[Commit]) -> list[Commit]:
    """Which plan items and measures each commit marked completed (a `completed:` date that
    its parent did not have). Every version needed is read by one `git cat-file` process."""
    wanted = [f"{c.hash}{parent}:./{name}" for c in commits for name in _KEYS
              if name in c.files for parent in ("", "^")]
    blobs = _cat_files(root, wanted)
    result = []
    for c in commits:
        done: dict[str, tuple[int, ...]] = {}
        for name, key in _KEYS.items():
            if name in c.files:
                now = _completed(_load(blobs.get(f"{c.hash}:./{name}")), key)
                before = _completed(_load(blobs.get(f"{c.hash}^:./{name}")), key)
                done[name] = tuple(sorted(now - before))
        result.append(Commit(c.hash, c.day, c.subject, c.files, done.get("plan.yaml", ()),
                             done.get("measures.yaml", ())))
    return result


def _cat_files(root: Path, specs: list[str]) -> dict[str, str]:
    """The text of each `<revision>:<path>` (missing ones left out)."""
    if not specs:
        return {}
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                              input="\n".join(specs).encode("utf-8") + b"\n",
                              capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    out, at, found = done.stdout, 0, {}
    for spec in specs:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[spec] = out[at:at + size].decode("utf-8", "replace")
            at += size + 1
    return found


def _load(text: str | None) -> Any:
    if not text:
        return None
    try:
        return load_yaml(text).data  # no aliases, no tags: history is portal input too
    except YamlError:
        return None


def _completed(data: Any, key: str) -> set[int]:
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return set()
    return {e["number"] for e in entries if isinstance(e, dict) and isinstance(
        e.get("number"), int) and e.get("completed")}
