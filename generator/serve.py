"""`adal serve`: build into a private folder, serve it on 127.0.0.1, rebuild when a source
changes. Above the pipeline: it uses the check stage and the build."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from generator.domain.model import Project
from generator.domain.status import today_in
from generator.errors import BuildError, UsageError
from generator.output.build import build
from generator.output.publish import work_folder

POLL_SECONDS = 0.1  # how often sources are scanned for a change (a few ms on a large portal)


def fingerprint(project_root: Path) -> tuple[tuple[str, float], ...]:
    """Names and modification times of the sources; a file that vanishes meanwhile is
    simply not listed (an editor saving by rename does that)."""
    watched = [project_root / "plan.yaml"]
    for folder in ("indicators", "content", "site_templates"):
        with contextlib.suppress(OSError):
            watched.extend(p for p in (project_root / folder).rglob("*"))
    seen = []
    for path in watched:
        with contextlib.suppress(OSError):
            seen.append((str(path), path.stat().st_mtime))
    return tuple(sorted(seen))


def _bind(port: int) -> http.server.ThreadingHTTPServer:
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), _QuietHandler)
    except OSError as exc:
        raise UsageError(f"--port {port}: cannot listen on 127.0.0.1:{port} "
                         f"({exc.strerror}); is another preview running? Try another "
                         f"--port") from None


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def serve(project: Project, today: date | None, public: bool, port: int,
          recheck: Callable[[Path], Project | None]) -> int:
    """Serve until interrupted. `recheck` loads and checks the portal again after an edit,
    printing its problems; it returns None when the edit broke something."""
    root = project.root
    server = _bind(port)
    _stop_on_sigterm()
    folder = work_folder("serve")
    out = folder / "site"

    def rebuild(current: Project) -> None:
        day = today or today_in(current.plan.settings.timezone)
        build(current, day, out=out, public=public, pdf=False, live=True)
        # adal-live.js polls this file, at the site's root beside kk/ and ru/.
        (out / "build-id.txt").write_text(str(time.time_ns()), encoding="utf-8")

    try:
        rebuild(project)
    except BaseException:
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    server.RequestHandlerClass = partial(_QuietHandler, directory=str(folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"adal: serving http://127.0.0.1:{port}/site/kk/ — rebuilds on save; Ctrl+C stops",
          flush=True)
    seen = fingerprint(root)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = fingerprint(root)
            if now == seen:
                continue
            seen = now
            fresh = recheck(root)
            if fresh is None:
                print("adal: not rebuilt; fix the problems above", file=sys.stderr, flush=True)
                continue
            try:
                rebuild(fresh)
                print("adal: rebuilt", flush=True)
            except BuildError as exc:
                print(f"adal: build failed: {exc}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()
