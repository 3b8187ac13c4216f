"""Read a portal's text files from disk: size, encoding, line endings; nothing more.

Problems are raised as `SourceError(path, line, message)`; the check stage reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        raise SourceError(path, 1, f"cannot read file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(path, 1, f"file is {len(raw)} bytes; expected at most {MAX_BYTES} "
                                   f"(is this the right file?)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save "
                                      f"the file as UTF-8") from None
    if "\x00" in text:
        raise SourceError(path, text[: text.index("\x00")].count("\n") + 1,
                          "file contains NUL characters; expected plain text")
    if not text.strip():
        raise SourceError(path, 1, "file is empty")
    return Source(path, text.replace("\r\n", "\n").replace("\r", "\n"))
