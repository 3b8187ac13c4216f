"""The one error hierarchy of Adal. The CLI maps each kind to an exit code:
UsageError → 2 (the command was asked wrongly), every other AdalError → 1."""

from __future__ import annotations


class AdalError(Exception):
    """A problem Adal can explain to its user in one message (no traceback)."""


class UsageError(AdalError):
    """The command line asks for something Adal must refuse (exit code 2)."""


class BuildError(AdalError):
    """The build failed; the previous site is left as it was (exit code 1)."""
