"""Read a portal's files from disk: sizes, encodings and front matter, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.problems import Report

MAX_BYTES = 1024 * 1024  # a plan or a findings file is a few KB; 1 MiB means a mistake


@dataclass(frozen=True)
class Source:
    path: Path
    text: str


@dataclass(frozen=True)
class FrontMatterDoc:
    source: Source
    meta_text: str  # YAML between the --- lines
    meta_line: int  # line of the first YAML line in the file
    body: str
    body_line: int  # line of the first body line in the file


def read_text(path: Path, report: Report) -> Source | None:
    """Read a UTF-8 text file, or record why it cannot be read and return None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(path, 1, f"cannot read file: {exc.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        report.error(path, 1, f"file is {len(raw)} bytes; expected at most {MAX_BYTES} "
                              f"(is this the right file?)")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the "
                                 f"file as UTF-8")
        return None
    if "\x00" in text:
        report.error(path, text[: text.index("\x00")].count("\n") + 1,
                     "file contains NUL characters; expected plain text")
        return None
    if not text.strip():
        report.error(path, 1, "file is empty")
        return None
    return Source(path, text.replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(source: Source, report: Report) -> FrontMatterDoc | None:
    """Split `---` YAML front matter from a Markdown body."""
    lines = source.text.split("\n")
    if lines[0].strip() != "---":
        report.error(source.path, 1, "expected YAML front matter: the file must start with a "
                                     "line '---'")
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return FrontMatterDoc(
                source=source,
                meta_text="\n".join(lines[1:i]),
                meta_line=2,
                body="\n".join(lines[i + 1:]),
                body_line=i + 2,
            )
    report.error(source.path, 1, "front matter opened with '---' on line 1 is never closed; "
                                 "expected a second line '---'")
    return None
