"""`adal check` of an unchanged portal: its whole result kept under one key (issue 20).

The per-file entries of source/cache.py spare a run the parse of each file, but the schema
still checks every file's data again and the checks across files run each time: on a portal
of 900 directions that is more than a second. A portal whose every input is unchanged has the
same result, so `adal check` keeps that result, the list of its problems (warnings and notes),
as one more entry of the same `.site.cache/` (with its safety rules), and prints it again
without validating anything (nor importing the schema's code).

The key is a SHA-256 digest of: every file of the portal's layout (source/layout.py `PORTAL`:
plan.yaml, measures.yaml, indicators/, content/, mkdocs.yml, site_templates/, analyses/), each
by its path and the digest of its bytes, and each folder by its path; the paths of the
portal that git tracks under the name of a build's folder (check/outputs.py); Adal's shipped
site templates and word lists, the Hunspell dictionaries and the Hunspell module (by size and
modification time); Adal's checking code (`cache.code_signature`); the messages' language,
the `--today` given, the portal's absolute path and whether spelling is checked. A day read
from the clock (no `--today`) is kept in the entry by time zone, and the entry is used only
while the clock gives the same day in each. A portal with a link anywhere in its layout, or
a result with an error, is not kept (the per-file cache still serves it). The digest of the
inputs is taken before the check and again after it: a file saved during the run leaves no
entry.
"""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from importlib.util import find_spec
from pathlib import Path

from generator.check.dictionaries import DICTIONARIES, DICTIONARY_DIRS
from generator.check.problems import Problem, Report
from generator.messages import language
from generator.resources import shipped_dir
from generator.source import cache
from generator.source.layout import PORTAL

_SEVERITIES = ("error", "warning", "note")


def checked(root: Path, today: date | None = None, spelling: bool = True) -> Report:
    """The check's report of the portal at `root` (as `load_project` gives it), from the
    portal's cache when nothing it depends on has changed."""
    report = Report(root)
    store = cache.store_for(root)
    inputs = portal_inputs(root) if store is not None else None
    name = key = ""
    if store is not None and inputs is not None:
        # One entry for the clock's day and one for a day given (CI's, the benchmark's).
        name = cache.entry_name("portal-check", language(), str(spelling),
                                "clock" if today is None else "given")
        key = _key(root, inputs, today, spelling)
        entry = store.get(name, key)
        if entry is not None and _replay(entry, report, today):
            return report
    from generator.check.project import load_project  # the schema's code: only on a miss

    project = load_project(root, report, spelling=spelling, today=today)
    if store is None or inputs is None or project is None or report.errors \
            or portal_inputs(root) != inputs:
        return report
    store.put(name, key, {"problems": [[p.path, p.line, p.message, p.severity, p.analysis]
                                       for p in report.problems],
                          "days": dict(report.days)})
    return report


def _replay(entry: dict[str, object], report: Report, today: date | None) -> bool:
    """The kept problems into `report`; False when the entry is not a whole one or its day
    from the clock is not today's."""
    problems, days = entry.get("problems"), entry.get("days")
    if not isinstance(problems, list) or not isinstance(days, dict) or not all(
            isinstance(p, list) and len(p) == 5 and isinstance(p[0], str) and type(p[1]) is int
            and isinstance(p[2], str) and p[3] in _SEVERITIES and isinstance(p[4], str)
            for p in problems):
        return False
    if today is None and days:
        from generator.domain.clock import today_in  # the one reader of the clock

        try:
            if any((today or today_in(str(zone))).isoformat() != day
                   for zone, day in days.items()):
                return False
        except (ValueError, LookupError):  # not a time zone: not an entry Adal wrote
            return False
    elif today is None or days:
        return False  # made for a day given, or for the clock
    report.problems.extend(Problem(path, line, message, severity, analysis)
                           for path, line, message, severity, analysis in problems)
    report.days.update({str(k): str(v) for k, v in days.items()})
    return True


def _key(root: Path, inputs: str, today: date | None, spelling: bool) -> str:
    from generator.check.outputs import tracked  # git: the build folders committed

    return cache.key_of("portal-check", os.path.abspath(root), language(), spelling,
                        today.isoformat() if today else None, tracked(root),
                        _shipped_signature(), text=inputs)


def portal_inputs(root: Path) -> str | None:
    """Every file and folder of the portal's layout, a line each: its path, and a file's
    SHA-256; None when a link is among them (then no whole result is kept)."""
    lines: list[str] = []
    for entry in PORTAL:
        top = os.path.join(root, entry.path)
        try:
            st = os.lstat(top)
        except FileNotFoundError:
            lines.append(f"{entry.path}\t-")
            continue
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            return None
        if not stat.S_ISDIR(st.st_mode):
            if not _file_line(top, entry.path, st, lines):
                return None
            continue
        lines.append(f"{entry.path}\tdir")
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            rel_folder = os.path.relpath(folder, root)
            for name in sorted(dirs):
                if os.path.islink(os.path.join(folder, name)):
                    return None
                lines.append(f"{rel_folder}/{name}\tdir")
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.lstat(path)
                except OSError:
                    return None
                if not _file_line(path, f"{rel_folder}/{name}", st, lines):
                    return None
    return "\n".join(lines)


def _file_line(path: str, rel: str, st: os.stat_result, lines: list[str]) -> bool:
    if not stat.S_ISREG(st.st_mode):
        return False  # a link, a pipe, a device: no whole result
    try:
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return False
    lines.append(f"{rel}\t{digest}")
    return True


def _shipped_signature() -> list[str]:
    """Adal's site templates and word lists, the dictionaries and the Hunspell module as
    installed now, each by size and modification time."""
    paths = []
    for folder, dirs, files in os.walk(shipped_dir()):
        dirs.sort()
        paths += [os.path.join(folder, name) for name in sorted(files)]
    paths += [str(folder / f"{name}{suffix}") for folder in DICTIONARY_DIRS
              for name in DICTIONARIES.values() for suffix in (".dic", ".aff")]
    spec = find_spec("hunspell")
    if spec is not None and spec.origin:
        paths.append(spec.origin)
    out = []
    for path in paths:
        try:
            st = os.stat(path)
            out.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            out.append(f"{path}:-")
    return out
