"""`adal serve`: build into a private folder, serve it on 127.0.0.1, rebuild when a source
changes. Above the pipeline: it uses the check stage and the build."""

from __future__ import annotations

import contextlib
import http.server
import json
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
from generator.messages import t
from generator.output.build import build
from generator.output.publish import work_folder
from generator.output.templates import strings as load_strings

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
        raise UsageError(t("port_busy", port=port, reason=exc.strerror)) from None


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


Recheck = Callable[[Path], tuple[Project | None, list[str]]]


def serve(project: Project, today: date | None, public: bool, port: int,
          recheck: Recheck) -> int:
    """Serve until interrupted, the site at `/`. `recheck` loads and checks the portal again
    after an edit: the project (None when the edit broke something) and its problems, which
    the open page shows (live.json, read by adal-live.js) while the last good site stays."""
    root = project.root
    server = _bind(port)
    _stop_on_sigterm()
    folder = work_folder("serve")
    out = folder / "site"
    titles = {lang: text["live_problems"] for lang, text in load_strings(root).items()}

    def status(build: str, problems: list[str]) -> None:
        (out / "live.json").write_text(json.dumps(
            {"build": build, "problems": problems, "title": titles}, ensure_ascii=False),
            encoding="utf-8")

    build_id = ""

    def rebuild(current: Project) -> None:
        nonlocal build_id
        day = today or today_in(current.plan.settings.timezone)
        build(current, day, out=out, public=public, pdf=False, live=True)
        build_id = str(time.time_ns())
        status(build_id, [])

    try:
        rebuild(project)
    except BaseException:
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # The site folder is a link switched on each rebuild: paths are resolved per request.
    server.RequestHandlerClass = partial(_QuietHandler, directory=str(out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:  # from here on, every way out (Ctrl+C, SIGTERM, an error) removes the folder
        print(t("serve_listening", url=f"http://127.0.0.1:{port}/"), flush=True)
        seen = fingerprint(root)
        while True:
            time.sleep(POLL_SECONDS)
            now = fingerprint(root)
            if now == seen:
                continue
            seen = now
            fresh, problems = recheck(root)
            if fresh is None:
                print(t("serve_not_rebuilt"), file=sys.stderr, flush=True)
                status(build_id, problems)
                continue
            try:
                rebuild(fresh)
                print(t("serve_rebuilt"), flush=True)
            except BuildError as exc:
                print(t("cli_build_failed", error=exc), file=sys.stderr, flush=True)
                status(build_id, [t("serve_build_failed", error=exc)])
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
