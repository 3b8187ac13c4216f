"""The build's worker processes (one per core, two at most: one per language).

Started as early as possible, they import the engine (`engine.warm`: ProperDocs and Material;
and WeasyPrint when PDFs are wanted) while the main process checks and renders, so that the
import — most of the engine's fixed cost on a small portal — overlaps the generator's own work.
`adal serve` keeps them across rebuilds. A language whose engine input is unchanged since the
previous site is copied from it by its worker instead of built (`reuse.site_job`).

The documents (open data, DOCX, XLSX) of `adal build` are written by `Beside`: a process
forked from the main one before the pages are rendered (the documents read none of them), which
runs while the main process renders and the engine builds, so the main process does none of
that work and imports none of their libraries (issue 20). It freezes what it inherits
(`gc.freeze`) and frees each document once written.
`adal serve` writes them itself, keeping the libraries imported between rebuilds.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from generator.errors import BuildError
from generator.messages import t

_pool: ProcessPoolExecutor | None = None


def _warm(pdf: bool) -> None:
    from generator.output import engine

    engine.warm()
    from generator.output import reuse

    reuse.adal_code()  # the digests of Adal and the installed packages (reuse.site_job)
    reuse.installed()
    if pdf:
        import weasyprint  # noqa: F401


def start(pdf: bool = False) -> ProcessPoolExecutor | None:
    """The pool, started now if it is not running (None on a single core: work in-process)."""
    global _pool
    if _pool is None and (os.cpu_count() or 1) > 1:
        _pool = ProcessPoolExecutor(max_workers=2, initializer=_warm, initargs=(pdf,))
        for _ in range(2):
            _pool.submit(os.getpid)  # spawn both workers now, not at the first real task
        atexit.register(stop)
    return _pool


def stop() -> None:
    global _pool
    if _pool is not None:
        with contextlib.suppress(Exception):
            _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


class Beside:
    """Work running beside the main process while the engine builds: a process forked from it
    (so the work's arguments — the whole checked portal — are shared, not pickled), or, where
    there is no fork or no second core, the work done right away in-process."""

    def __init__(self, job: Callable[[], None], fork: bool = True) -> None:
        self._process: Any = None
        self._conn: Any = None
        context = _fork_context() if fork else None
        if context is None:
            job()
            return
        receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_beside, args=(job, send), daemon=True)
        self._process.start()
        send.close()
        self._conn = receive

    def result(self) -> None:
        """Wait for the work; its failure is raised here (a BuildError as it was raised,
        anything else as a BuildError naming it)."""
        if self._process is None:
            return
        try:
            outcome = self._conn.recv()
        except EOFError:
            outcome = (False, t("worker_died", code=self._process.exitcode))
        finally:
            self._conn.close()
            self._process.join()
            self._process = None
        if outcome is not None:
            raise BuildError(outcome[1])

    def cancel(self) -> None:
        """Stop the work (the build failed elsewhere): its files are discarded with the
        staging folder."""
        if self._process is None:
            return
        with contextlib.suppress(Exception):
            self._process.terminate()
            self._process.join(timeout=10)
            self._conn.close()
        self._process = None


def _fork_context() -> Any:
    if (os.cpu_count() or 1) < 2:
        return None
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this system
        return None


def _run_beside(job: Callable[[], None], send: Any) -> None:
    # What the process inherited (the checked portal) stays: the collector then passes over
    # only what the documents make, and does not write to the shared pages while it looks.
    gc.freeze()
    try:
        job()
        send.send(None)
    except BaseException as exc:  # reported to the main process, which fails the build
        send.send((isinstance(exc, BuildError),
                   str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
