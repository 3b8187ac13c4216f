"""`adal build` and `adal serve`: render, build with the engine, export, swap in atomically."""

from __future__ import annotations

import calendar
import contextlib
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path

from generator import site
from generator.model import Project
from generator.publicity import for_build
from generator.render import BuildInfo, environment, render_pages, site_data
from generator.resources import strings as load_strings


class BuildError(Exception):
    pass


def git_commit(root: Path) -> str | None:
    """Short hash of HEAD when the portal is in a git repository (provenance on pages)."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


REDIRECT = """<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url=kk/"><link rel="canonical" href="kk/"></head>
<body><p><a href="kk/">Қазақша</a> · <a href="ru/">Русский</a></p></body></html>
"""


def build(project: Project, today: date, out: Path | None = None, public: bool = False,
          pdf: bool = True, parallel: bool = True, live: bool = False) -> Path:
    """Build the whole site into `out` (default: <project>/site); on failure `out` is untouched."""
    root = project.root
    out = (out or root / "site").absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    work = Path(tempfile.mkdtemp(prefix="adal-work-"))
    try:
        render_into(project, today, staging, work, public=public, pdf=pdf, parallel=parallel,
                    live=live)
        _swap(staging, out)
    except BuildError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def render_into(project: Project, today: date, target: Path, work: Path, public: bool,
                pdf: bool, parallel: bool = True, live: bool = False) -> dict[str, float]:
    """Generate Markdown, run the engine, write exports. Returns seconds per phase."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    root = project.root
    strings = load_strings(root)
    view = for_build(project, public)
    info = BuildInfo(today=today, public=public, commit=git_commit(root), pdf=pdf)
    env = environment(root)
    data = site_data(view, strings, today)
    site.overlay_copy(root, "overrides", work / "overrides")
    languages = project.languages
    alternate = [{"name": strings[lang]["lang_name"], "link": f"/{lang}/", "lang": lang}
                 for lang in languages]
    configs = []
    for lang in languages:
        pages = render_pages(view, strings, info, data, lang, env)
        docs = work / "docs" / lang
        site.write_docs(docs, pages)
        site.overlay_copy(root, "assets", docs / "assets")
        configs.append(site.write_config(
            root, work, lang, target / lang, view.plan.organization[lang], alternate,
            site.nav_of(pages, strings[lang]), live=live))
    timings["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    epoch = calendar.timegm(today.timetuple())
    try:
        site.build_sites(configs, epoch, parallel=parallel)
    except site.EngineError as exc:
        raise BuildError(str(exc)) from None
    timings["engine"] = time.perf_counter() - started
    started = time.perf_counter()
    (target / "index.html").write_text(
        REDIRECT.format(title=view.plan.organization["kk"]), encoding="utf-8")
    from generator import exports  # noqa: PLC0415 - keeps `adal check` start-up light

    exports.write_all(view, strings, info, data, target / "data")
    if pdf:
        from generator import pdf as pdf_out

        pdf_out.write_reference_pdfs(target, languages)
    timings["exports"] = time.perf_counter() - started
    return timings


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old site is removed only after."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{int(time.time() * 1000)}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---- live preview -----------------------------------------------------------------------

def _fingerprint(project_root: Path) -> tuple[tuple[str, float], ...]:
    watched = [project_root / "plan.yaml"]
    for folder in ("indicators", "content", "site_templates"):
        if (project_root / folder).is_dir():
            watched.extend(p for p in (project_root / folder).rglob("*") if p.is_file())
    return tuple(sorted((str(p), p.stat().st_mtime) for p in watched if p.exists()))


def serve(project: Project, today: date | None, public: bool, port: int) -> int:
    """Build into a private folder, serve it on 127.0.0.1, rebuild when a source changes."""
    from generator.cli import check_or_report
    from generator.status import today_in

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
    seen = _fingerprint(root)
    try:
        while True:
            time.sleep(0.5)
            now = _fingerprint(root)
            if now == seen:
                continue
            seen = now
            fresh = check_or_report(root)
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
