"""Read a portal's text files from disk: size, encoding, line endings; nothing more.

Problems are raised as `SourceError(path, line, message)`; the check stage reports them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.domain.grammar import Num
from generator.messages import t

MAX_BYTES = 1024 * 1024  # a plan or a findings file is a few KB; 1 MiB means a mistake


class SourceError(Exception):
    """A file that cannot be read as portal text."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Source:
    path: Path
    text: str


def read_text(path: Path) -> Source:
    """Read a UTF-8 text file with `\\n` line ends, or raise SourceError saying why not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 1, t("file_unreadable", reason=exc.strerror)) from None
    if len(raw) > MAX_BYTES:
        raise SourceError(path, 1, t("file_too_big", size=Num(len(raw)), limit=Num(MAX_BYTES)))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, t("file_not_utf8", byte=f"{raw[exc.start]:02x}")) from None
    if "\x00" in text:
        raise SourceError(path, text[: text.index("\x00")].count("\n") + 1,
                          t("file_nul"))
    if not text.strip():
        raise SourceError(path, 1, t("file_empty"))
    return Source(path, text.replace("\r\n", "\n").replace("\r", "\n"))


CONTENT_SUFFIXES = (".md", ".yaml", ".yml")


def outside(path: Path, root: Path) -> bool:
    """True when `path` (a link, or a link among its folders) leads out of `root`."""
    return not path.resolve().is_relative_to(root.resolve())


def list_files(root: Path, folder: str) -> tuple[list[Path], list[SourceError]]:
    """The files under `root/folder` that a portal may use, sorted, and the problems of the
    rest: a link leading out of the portal, a linked folder (not followed), and a hidden
    file (name or folder starting with '.') that looks like content and so would be
    silently left out."""
    base = root / folder
    found: list[Path] = []
    problems: list[SourceError] = []
    if base.is_symlink():
        problems.append(_link_problem(base, root))
        return found, problems
    for current, dirs, names in os.walk(base):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                problems.append(_link_problem(here / name, root))
        for name in sorted(names):
            path = here / name
            hidden = any(part.startswith(".") for part in path.relative_to(base).parts)
            if path.is_symlink() and outside(path, root):
                problems.append(_link_problem(path, root))
            elif hidden:
                if path.suffix in CONTENT_SUFFIXES:
                    problems.append(SourceError(path, 1, t("file_hidden")))
            else:
                found.append(path)
    return sorted(found), problems


def _link_problem(path: Path, root: Path) -> SourceError:
    if outside(path, root):
        return SourceError(path, 1, t("link_outside"))
    return SourceError(path, 1, t("linked_folder"))
