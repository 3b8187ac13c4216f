"""The build's worker processes (one per core, two at most: one per language).

Started as early as possible, they import the engine (`engine.warm`: ProperDocs and Material;
and WeasyPrint when PDFs are wanted) while the main process checks and renders, so that the
import — most of the engine's fixed cost on a small portal — overlaps the generator's own work.
`adal serve` keeps them across rebuilds.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from concurrent.futures import ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None


def _warm(pdf: bool) -> None:
    from generator.output import engine

    engine.warm()
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
