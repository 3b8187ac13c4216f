"""A part of the check that reports its own problems, run in a process forked beside the
rest (issue 20: the spelling notes of a cold `adal check` of the 100× portal took 0.5 s of
1.6 s, on one core of two). The forked process gets its own `Report`, and its problems come
back through a pipe as JSON; they are added to the run's report where the part would have
added them in-process, so the output is the same, in the same order.

Where there is no fork or no second core, or the forked process fails (it is killed, or
its result does not read back), the part runs in-process when its result is asked for:
no problem is ever lost to the process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Callable
from pathlib import Path

from generator.check.problems import Problem, Report

Job = Callable[[Report], None]
_SEVERITIES = ("error", "warning", "note")


class Apart:
    """`job` started now beside the caller; `into(report)` waits for it and adds its
    problems. `cancel()` (the caller gave up) stops it."""

    def __init__(self, job: Job, root: Path) -> None:
        self._job = job
        self._pid = 0
        self._read = -1
        if not forks():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the forked process: the job, its problems written, gone
            status = 1
            try:
                os.close(read)
                report = Report(root)
                job(report)
                payload = json.dumps([[p.path, p.line, p.message, p.severity, p.analysis]
                                      for p in report.problems])  # ASCII: any path
                with os.fdopen(write, "w", encoding="utf-8") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)  # nothing of the caller's (buffers, atexit) runs twice
        os.close(write)
        self._pid, self._read = pid, read

    def into(self, report: Report) -> None:
        """Add the job's problems to `report` (the job's own run, in-process, if the forked
        process gave none)."""
        problems = self._collected()
        if problems is None:
            self._job(report)
        else:
            report.problems.extend(problems)

    def _collected(self) -> list[Problem] | None:
        if not self._pid:
            return None
        read, self._read = self._read, -1  # closed with the pipe below, whatever happens
        with os.fdopen(read, "r", encoding="utf-8", errors="strict") as pipe:
            try:
                text = pipe.read()
            except (OSError, UnicodeDecodeError):
                text = ""
        pid, self._pid = self._pid, 0
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else: its result is not known
            return None
        if status != 0:
            return None
        try:
            rows = json.loads(text)
            problems = [Problem(path, line, message, severity, analysis)
                        for path, line, message, severity, analysis in rows]
        except (ValueError, TypeError):
            return None
        if all(isinstance(p.path, str) and type(p.line) is int and isinstance(p.message, str)
               and p.severity in _SEVERITIES and isinstance(p.analysis, str)
               for p in problems):
            return problems
        return None

    def cancel(self) -> None:
        """Stop the forked process and let it go (nothing is added)."""
        pid, self._pid = self._pid, 0
        read, self._read = self._read, -1
        if read >= 0:
            with contextlib.suppress(OSError):
                os.close(read)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def forks() -> bool:
    """Whether `Apart` runs its job in a forked process here (fork, and a second core)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1
