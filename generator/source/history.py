"""The portal's history from git (I/O at the edge of the build): when each data file last
changed, which have uncommitted changes, and what the recent commits changed.

Only the portal's data is looked at (the layout's data entries: plan.yaml, measures.yaml,
indicators/, content/), with paths relative to the portal's folder, which may be a sub-folder
of its repository. No git, no repository or no commit: no history, and the pages simply do
not show one.

Commit messages and commit objects are portal input like any file: a message may hold any
byte (record separators, NUL, bytes in no encoding) and a hand-written commit any date. So
git is asked only for what it writes itself (hashes, file names; NUL-separated), and each
commit object is read whole, by its length (`git cat-file --batch`), and parsed here. A
commit whose date cannot be read is left out (its hash in `History.skipped`); nothing in a
message can fail a build or add a row.
"""

from __future__ import annotations

import codecs
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from generator.source.layout import DATA_PATHS
from generator.source.yamlload import YamlError, load_yaml

DESCRIBED = 30  # the newest commits whose changes are described item by item
_TIMEOUT = 60
_HASH = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256


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
    skipped: tuple[str, ...] = ()  # short hashes of commits whose date could not be read

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


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """`git -C root args…`: its output, or None without git, outside a repository or on an
    error (the one place Adal runs git: the history here, the check's tracked files)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin,
                              capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def head_commit(root: Path) -> str | None:
    """Short hash of HEAD when the portal is in a git repository (the intranet build's
    provenance line)."""
    out = git(root, "rev-parse", "--short", "HEAD")
    sha = _text(out).strip() if out else ""
    return sha if re.fullmatch(r"[0-9a-f]{4,64}", sha) else None


def read_history(root: Path) -> History | None:
    log = git(root, "log", "-z", "--relative", "--no-renames", "--no-color",
               "--no-show-signature", "--format=%H", "--name-only", "--", *DATA_PATHS)
    if not log:
        return None
    listed = _commit_files(log)
    objects = _cat_files(root, [sha for sha, _ in listed])
    commits, skipped, last = [], [], {}
    for sha, files in listed:
        parsed = _parse_commit(objects.get(sha))
        if parsed is None:
            skipped.append(sha[:10])
            continue
        day, subject = parsed
        for name in files:
            last.setdefault(name, day)
        commits.append(Commit(sha, day, subject, files))
    described = _described(root, commits[:DESCRIBED]) + commits[DESCRIBED:]
    status = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--",
                  *DATA_PATHS)
    prefix = _text(git(root, "rev-parse", "--show-prefix") or b"").strip()
    return History(last, frozenset(_status_paths(status or b"", prefix)), tuple(described),
                   tuple(skipped))


def _commit_files(log: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """`git log -z --format=%H --name-only`: each hash, then the names it changed, every
    field ended by NUL (a newline before the first name). Every name starts with one of the
    data paths, so it is never taken for a hash."""
    commits: list[tuple[str, list[str]]] = []
    for field_ in log.split(b"\0"):
        token = field_.removeprefix(b"\n")
        if _HASH.fullmatch(token):
            commits.append((token.decode("ascii"), []))
        elif commits and _in_data(name := _text(token)):
            commits[-1][1].append(name)
    return [(sha, tuple(names)) for sha, names in commits]


def _in_data(name: str) -> bool:
    return any(name == path or name.startswith(path + "/") for path in DATA_PATHS)


def _parse_commit(raw: bytes | None) -> tuple[date, str] | None:
    """The committer's day (in the committer's time zone, as `git log` shows it) and the
    subject of a raw commit object; None when its date cannot be read."""
    if raw is None:
        return None
    head, _, message = raw.partition(b"\n\n")
    committer, encoding = None, "utf-8"
    for line in head.split(b"\n"):
        if line.startswith(b"committer "):
            committer = line
        elif line.startswith(b"encoding "):
            encoding = _text(line[9:]).strip()
    day = _day(committer)
    return None if day is None else (day, _subject(message, encoding))


def _day(committer: bytes | None) -> date | None:
    """`committer Name <email> 1736503200 +0500`: the two fields after the last '>'."""
    fields = (committer or b"").rpartition(b">")[2].split()
    if len(fields) != 2 or not re.fullmatch(rb"-?[0-9]{1,20}", fields[0]) or \
            not re.fullmatch(rb"[+-][0-9]{4}", fields[1]):
        return None
    zone = fields[1].decode("ascii")
    minutes = int(zone[1:3]) * 60 + int(zone[3:5])
    try:
        offset = timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))
        return datetime.fromtimestamp(int(fields[0]), offset).date()
    except (ValueError, OverflowError, OSError):  # past 9999, before 1, an impossible zone
        return None


def _subject(message: bytes, encoding: str) -> str:
    """The first paragraph on one line, as `git log --format=%s` shows it (git ends a message
    at a NUL), decoded in the commit's declared encoding with replacement; control
    characters become spaces."""
    message = message.partition(b"\0")[0]
    try:
        codec = codecs.lookup(encoding).name
    except (LookupError, ValueError):
        codec = "utf-8"
    text = message.decode(codec, "replace")
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    paragraph = []
    for line in lines:
        if not line.strip():
            break
        paragraph.append(line.strip())
    return "".join(" " if unicodedata.category(c) == "Cc" else c
                   for c in " ".join(paragraph)).strip()


def _status_paths(status: bytes, prefix: str) -> list[str]:
    """`git status --porcelain -z`: `XY path` per entry, a rename followed by its old path
    as one more field; paths from the repository's top (the portal's folder is `prefix`
    below it)."""
    paths, fields, at = [], status.split(b"\0"), 0
    while at < len(fields):
        entry = fields[at]
        at += 1
        if len(entry) < 4:
            continue
        paths.append(_text(entry[3:]).removeprefix(prefix))
        if entry[:1] in (b"R", b"C") or entry[1:2] in (b"R", b"C"):
            at += 1  # the old path of a rename or copy
    return paths


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


def _cat_files(root: Path, specs: list[str]) -> dict[str, bytes]:
    """The bytes of each object `spec` names (a hash, or `<revision>:<path>`), each read by
    the length git gives (missing ones left out). One `git cat-file` process for all."""
    if not specs:
        return {}
    out = git(root, "cat-file", "--batch", stdin="\n".join(specs).encode("utf-8") + b"\n")
    at, found = 0, {}
    for spec in specs:
        end = (out or b"").find(b"\n", at)
        if out is None or end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            found[spec] = out[at:at + size]
            at += size + 1
    return found


def _load(raw: bytes | None) -> Any:
    if not raw:
        return None
    try:
        return load_yaml(_text(raw)).data  # no aliases, no tags: history is portal input too
    except YamlError:
        return None


def _completed(data: Any, key: str) -> set[int]:
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return set()
    return {e["number"] for e in entries if isinstance(e, dict) and isinstance(
        e.get("number"), int) and e.get("completed")}
