"""What a portal is on disk: one declared list of its files and folders, whether each is
required, and which stage reads it. `adal serve` watches every entry and the git history
follows the analysis's data; the other places that name a portal's files (check, publish,
scaffold) are to read this list too (issue 18).

Also the portal's fingerprint, the cheap stat of every file in the list that tells `serve`
that something was saved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Stage = Literal["check", "output"]


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the portal's folder
    folder: bool
    required: bool
    data: bool  # part of the analysis: the pages say when it last changed (git history)
    read_by: tuple[Stage, ...]


PORTAL: tuple[Entry, ...] = (
    Entry("plan.yaml", folder=False, required=True, data=True, read_by=("check",)),
    Entry("measures.yaml", folder=False, required=False, data=True, read_by=("check",)),
    Entry("indicators", folder=True, required=False, data=True, read_by=("check",)),
    Entry("content", folder=True, required=False, data=True, read_by=("check",)),
    # The look: an allow-list of MkDocs keys (check), templates, interface strings and
    # assets (check, then the build reads them again).
    Entry("mkdocs.yml", folder=False, required=False, data=False, read_by=("check",)),
    Entry("site_templates", folder=True, required=False, data=False,
          read_by=("check", "output")),
    # The earlier analyses, one folder each (analyses/2024/: the four data entries above
    # and closed.yaml); `serve` rebuilds on an edit of any of them.
    Entry("analyses", folder=True, required=False, data=False, read_by=("check",)),
)

DATA_PATHS: tuple[str, ...] = tuple(e.path for e in PORTAL if e.data)

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Path, modification time and size of every file of the portal's layout, sorted. A
    file that vanishes meanwhile (an editor saving by rename does that) is simply not
    listed; links are not followed into folders (the check stage reports them)."""
    seen = []
    for entry in PORTAL:
        top = root / entry.path
        paths = _walk(top) if entry.folder else [str(top)]
        for path in paths:
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                continue
            seen.append((path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(seen))


def _walk(top: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(top):  # errors (a folder gone meanwhile) are skipped
        found.extend(os.path.join(folder, name) for name in (*dirs, *files))
    return found
