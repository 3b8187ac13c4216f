"""Problems found in a portal's data: one readable line each, `path:line: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.messages import t

# A note (spelling) is advice: it neither fails a check nor counts for --strict.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = "error"
    analysis: str = ""  # in a portal of several analyses: the one the problem is in

    def format(self) -> str:
        tag = {"error": "", "warning": t("warning_tag") + ": ",
               "note": t("note_tag") + ": "}[self.severity]
        where = f"{self.path}:{self.line}: " if self.path else ""  # a note on the whole portal
        named = f" [{t('analysis_tag', id=self.analysis)}]" if self.analysis else ""
        return f"{where}{tag}{self.message}{named}"


@dataclass
class Report:
    """Collects problems for one run; paths are shown relative to the project root."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    # The day each analysis's dates were checked against when no --today was given (the
    # clock in the plan's time zone), by time zone: an unchanged portal's kept result is
    # reused only on the same day (check/result.py).
    days: dict[str, str] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        """The path as the author sees it in the portal (a link's own name, not its target)."""
        for here, root in ((os.path.abspath(path), os.path.abspath(self.root)),
                           (path.resolve(), self.root.resolve())):
            try:
                return Path(here).relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), max(line, 1), message, "error"))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), max(line, 1), message, "warning"))

    def note(self, path: Path | None, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path) if path else "", max(line, 1), message,
                                     "note"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))
