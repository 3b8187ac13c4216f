"""`adal serve`: build into a private folder, serve it on 127.0.0.1, rebuild when a source
changes. Above the pipeline: it uses the check stage and the build.

The preview shows the intranet build, so it answers only requests addressed to itself: a web
page elsewhere can make a browser send requests to 127.0.0.1 under its own name (DNS
rebinding), and those name another host. What it watches is every file of the portal's
layout (`source/layout.py`), from a fingerprint taken before the portal was first read.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from generator.check.problems import Report
from generator.check.project import load_project
from generator.domain.clock import today_in
from generator.domain.model import Project
from generator.errors import BuildError, UsageError
from generator.messages import language, set_language, t
from generator.output import workers
from generator.output.build import build
from generator.output.focus import build_focus
from generator.output.publish import work_folder
from generator.source.layout import Fingerprint, fingerprint

__all__ = ["fingerprint", "host_allowed", "serve"]

POLL_SECONDS = 0.1  # how often sources are scanned for a change (a few ms on a large portal)
ADDRESS = "127.0.0.1"
# A page is open when it asked for live.json (adal-live.js: four times a second) this recently.
WATCHED_SECONDS = 2.0
WATCHED_MAX = 16  # open pages remembered (the most recent ones)
_ADDRESS = re.compile(r"/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*")  # a URL's path, percent-encoded


def host_allowed(host: str, address: str, port: int) -> bool:
    """Whether a request's Host header names this preview: `localhost` or the bound address,
    with the port (without it only on port 80, as browsers send it)."""
    names = {"localhost", f"[{address}]" if ":" in address else address}
    allowed = {f"{name}:{port}" for name in names} | (names if port == 80 else set())
    return host.lower() in allowed


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    live = b"{}"  # /live.json: the last build and the problems of the last edit

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.watched: dict[str, float] = {}  # an open page's address -> when it last asked
        # Pages built alone after an edit (output/focus.py), served at their addresses until
        # the whole site is switched in.
        self.overlay: dict[str, Path] = {}

    def watch(self, page: str) -> None:
        """An open page asked for live.json: remember its address (a path of the site as
        the browser sends it: no query, no fragment, no control character)."""
        if len(page) > 1000 or not _ADDRESS.fullmatch(page):
            return
        self.watched[page] = time.monotonic()
        if len(self.watched) > WATCHED_MAX:
            for old in sorted(self.watched, key=self.watched.__getitem__)[:-WATCHED_MAX]:
                self.watched.pop(old, None)

    def open_pages(self) -> list[str]:
        now = time.monotonic()
        return sorted(page for page, seen in list(self.watched.items())
                      if now - seen <= WATCHED_SECONDS)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that fails costs its own connection and one line, never a traceback;
        a browser that goes away mid-answer is not worth a line."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(t("serve_request_failed", error=f"{type(error).__name__}: {error}"),
                  file=sys.stderr, flush=True)


def _bind(port: int) -> _Server:
    try:
        return _Server((ADDRESS, port), _Handler)
    except OSError as exc:
        raise UsageError(t("port_busy", port=port, reason=exc.strerror)) from None


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


Recheck = Callable[[Path], tuple[Project | None, list[str]]]


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """Messages in `lang` for a while (the page's language), then the terminal's again."""
    before = language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def page_problems(root: Path, languages: list[str], problems: list[str]) -> dict[str, list[str]]:
    """The problems of a broken edit for the page of each language of the site: the check
    again in each language but the terminal's, whose `problems` are given."""
    result = {}
    for lang in languages:
        if lang == language():
            result[lang] = problems
            continue
        with _speaking(lang):
            report = Report(root)
            load_project(root, report)
            result[lang] = [p.format() for p in report.sorted()]
    return result


def _each_language(languages: list[str], key: str, **fields: Any) -> dict[str, list[str]]:
    """One message for the page of each language."""
    result = {}
    for lang in languages:
        with _speaking(lang):
            result[lang] = [t(key, **fields)]
    return result


def serve(project: Project, today: date | None, public: bool, port: int,
          recheck: Recheck, sources: Fingerprint | None = None) -> int:
    """Serve until interrupted, the site at `/`. `recheck` loads and checks the portal again
    after an edit: the project (None when the edit broke something) and its problems, which
    the open page shows (live.json, read by adal-live.js) while the last good site stays.
    `sources` is the portal's fingerprint from before `project` was read: an edit saved
    while the first build runs is then seen as one (without it, it is taken now)."""
    root = project.root
    seen = fingerprint(root) if sources is None else sources
    server = _bind(port)
    _stop_on_sigterm()
    folder = work_folder("serve")
    out = folder / "site"
    titles: dict[str, str] = {}
    languages = project.languages  # the site's, as the last good build has them

    def status(build: str, problems: dict[str, list[str]]) -> None:
        """`problems` by the language of the page that shows them."""
        # Answered from memory: the site folder holds only what the build wrote.
        server.live = json.dumps({"build": build, "problems": problems, "title": titles},
                                 ensure_ascii=False).encode("utf-8")

    build_id = ""
    kept: list[Path] = []  # the builds' engine input, the last one's used by `focused`
    edits = 0

    def rebuild(current: Project, first: bool = False) -> None:
        """After an edit, the open pages first (`focused`), then the pages of the whole
        site: a build without the open data and documents is switched in and the open page
        reloads (again only if it changed since its focused build); then a second build adds
        the documents, the sites of the first reused (output/reuse.py), so the edit shows
        without waiting for them (issue 20). Their download links answer 404 meanwhile."""
        day = today or today_in(current.plan.settings.timezone)
        if not first:
            pages = server.open_pages()
            shown = focused(current, day, pages)
            try:
                build(current, day, out=out, public=public, pdf=False, live=True,
                      documents=False, keep_work=kept.append)
            finally:
                server.overlay = {}
            # Every open page reloads unless each was built alone and is the same now.
            show(current, again=not shown or shown.keys() != set(pages) or any(
                not _same(file, out, page) for page, file in shown.items()))
        build(current, day, out=out, public=public, pdf=False, live=True, keep_work=kept.append)
        for old in kept[:-1]:
            shutil.rmtree(old, ignore_errors=True)
        del kept[:-1]
        for old in folder.glob("focus-*"):
            shutil.rmtree(old, ignore_errors=True)
        if first:
            show(current)

    def focused(current: Project, day: date, pages: list[str]) -> dict[str, Path]:
        """The open `pages` built alone from the edited portal and served at once
        (output/focus.py); {} when none could be. Whatever fails here, the whole build that
        follows builds and reports it."""
        nonlocal edits
        if not pages or not kept:
            return {}
        edits += 1
        try:
            built = build_focus(current, day, public, kept[-1], pages,
                                folder / f"focus-{edits}", workers.start())
        except BrokenExecutor:
            workers.stop()  # a worker died: the whole build starts them again
            return {}
        except Exception:
            return {}
        if built:
            server.overlay = built
            show(current)
        return built

    def show(current: Project, again: bool = True) -> None:
        """The site switched in: the open pages reload (unless not `again`: what they
        show is what the focused build showed) and their problems are gone."""
        nonlocal build_id, languages
        titles.update({lang: text["live_problems"] for lang, text in current.strings.items()})
        languages = current.languages
        if again:
            build_id = str(time.time_ns())
        status(build_id, {})

    try:
        rebuild(project, first=True)
    except BaseException:
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
        for old in kept:
            shutil.rmtree(old, ignore_errors=True)
        raise
    # The site folder is a link switched on each rebuild: paths are resolved per request.
    server.RequestHandlerClass = partial(_Handler, directory=str(out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:  # from here on, every way out (Ctrl+C, SIGTERM, an error) removes the folder
        print(t("serve_listening", url=f"http://{ADDRESS}:{port}/"), flush=True)
        while True:
            now = fingerprint(root)
            if now == seen:
                time.sleep(POLL_SECONDS)
                continue
            seen = now
            fresh, problems = recheck(root)
            if fresh is None:
                print(t("serve_not_rebuilt"), file=sys.stderr, flush=True)
                status(build_id, page_problems(root, languages, problems))
                continue
            try:
                rebuild(fresh)
                print(t("serve_rebuilt"), flush=True)
            except BuildError as exc:
                print(t("cli_build_failed", error=exc), file=sys.stderr, flush=True)
                status(build_id, _each_language(languages, "serve_build_failed", error=exc))
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
        for old in kept:
            shutil.rmtree(old, ignore_errors=True)


def _same(file: Path, site: Path, page: str) -> bool:
    """Whether the page at address `page` of the built `site` is the focused build's `file`."""
    rel = urllib.parse.unquote(page).lstrip("/")
    built = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
    try:
        return built.read_bytes() == file.read_bytes()
    except (OSError, ValueError):  # ValueError: a NUL byte in the address
        return False


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def parse_request(self) -> bool:
        """The request line and headers as the standard library reads them, then the Host
        check: exactly one Host header, naming this preview (400 without one, 421 for
        another name)."""
        if not super().parse_request():
            return False
        address, port = self.server.server_address[:2]
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            self._refuse(400, t("serve_no_host", url=f"http://{address}:{port}/"))
            return False
        if not host_allowed(hosts[0].strip(), str(address), int(port)):
            self._refuse(421, t("serve_wrong_host", url=f"http://{address}:{port}/"))
            return False
        return True

    def _refuse(self, code: int, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def send_head(self) -> Any:
        """/live.json from memory; a path no file can have (a NUL byte, a character the
        file system cannot encode) is not found, like any other missing file."""
        address, _, query = self.path.split("#", 1)[0].partition("?")
        if address == "/live.json":
            # Only the preview's own pages name themselves (a page of another site can send
            # this request too, but its browser marks it cross-site).
            if self.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin":
                for page in urllib.parse.parse_qs(query).get("page", [])[:1]:
                    self.server.watch(page)
            body = self.server.live
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        focused = self.server.overlay.get(address)  # as the page named itself
        if focused is not None and self.command in ("GET", "HEAD"):
            return self._focused(focused)
        try:
            return super().send_head()
        except ValueError:
            self.send_error(404)
            return None

    def _focused(self, file: Path) -> Any:
        """A page built alone after an edit (output/focus.py), until the site is switched."""
        try:
            handle = file.open("rb")
        except OSError:
            self.send_error(404)
            return None
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.end_headers()
        return handle
