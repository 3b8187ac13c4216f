"""`adal serve`: build into a private folder, serve it on 127.0.0.1, rebuild when a source
changes. Above the pipeline: it uses the check stage and the build."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from generator.domain.model import Project
from generator.domain.status import today_in
from generator.errors import BuildError
from generator.output.build import build


def fingerprint(project_root: Path) -> tuple[tuple[str, float], ...]:
    watched = [project_root / "plan.yaml"]
    for folder in ("indicators", "content", "site_templates"):
        if (project_root / folder).is_dir():
            watched.extend(p for p in (project_root / folder).rglob("*") if p.is_file())
    return tuple(sorted((str(p), p.stat().st_mtime) for p in watched if p.exists()))


def serve(project: Project, today: date | None, public: bool, port: int,
          recheck: Callable[[Path], Project | None]) -> int:
    """Serve until interrupted. `recheck` loads and checks the portal again after an edit,
    printing its problems; it returns None when the edit broke something."""
    root = project.root
    out = Path(tempfile.mkdtemp(prefix="adal-serve-")) / "site"

    def rebuild(current: Project) -> None:
        day = today or today_in(current.plan.settings.timezone)
        build(current, day, out=out, public=public, pdf=False, live=True)
        (out / "build-id.txt").write_text(str(time.time_ns()), encoding="utf-8")

    rebuild(project)
    handler = partial(_QuietHandler, directory=str(out.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"adal: serving http://127.0.0.1:{port}/site/kk/ — rebuilds on save; Ctrl+C stops",
          flush=True)
    seen = fingerprint(root)
    try:
        while True:
            time.sleep(0.5)
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
    finally:
        server.shutdown()
        with contextlib.suppress(OSError):
            shutil.rmtree(out.parent)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()
