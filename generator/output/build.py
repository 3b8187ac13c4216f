"""`adal build`: render the pages, build them with the engine, write exports and PDFs into a
staging folder, then swap it in; on failure the previous site is left as it was."""

from __future__ import annotations

import calendar
import html
import shutil
import subprocess
import time
import traceback
from collections.abc import Callable
from concurrent.futures import BrokenExecutor
from datetime import date
from pathlib import Path

import jinja2

from generator.domain.model import Project
from generator.domain.publicity import for_build
from generator.errors import BuildError
from generator.messages import t
from generator.output import engine, publish, workers
from generator.output.context import BuildContext, check_strings
from generator.output.pages import HOME, REFERENCE, page_list
from generator.output.render import environment, render_pages, site_data, source_of
from generator.output.templates import overlay_copy
from generator.output.templates import strings as load_strings
from generator.source.history import read_history


def _explain(warning: str, sources: dict[str, str]) -> str:
    """An engine warning names a generated page ('pages/x.md'): name its source file too."""
    for src, source in sources.items():
        if f"'{src}'" in warning:
            return f"{source}: {warning}"
    return warning


def _failure(exc: Exception, root: Path) -> str:
    """What failed, in one line; an error in a page template names the template file (the
    portal's own when it has one, else Adal's) and its line."""
    what = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.name:
        name, line = exc.name, exc.lineno
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.endswith(".j2")]
        if not frames:
            return what
        name = Path(frames[-1].filename).name
        line = frames[-1].lineno or 1
        name = f"pages/{name}"
    own = root / "site_templates" / name
    path = f"site_templates/{name}" if own.is_file() else f"Adal: site_templates/{name}"
    return t("template_error", path=path, line=line, error=what)


def git_commit(root: Path) -> str | None:
    """Short hash of HEAD when the portal is in a git repository (provenance on pages)."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


REDIRECT = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}"></head>
<body><p>{links}</p></body></html>
"""


def redirect_page(view: Project, ctx: BuildContext) -> str:
    """The site root: sends a visitor to the plan's first language, links to every one."""
    first = ctx.languages[0]
    home = HOME.url_in(ctx.offline)
    links = " · ".join(f'<a href="{lang}/{home}">{html.escape(ctx.strings[lang]["lang_name"])}'
                       f'</a>' for lang in ctx.languages)
    return REDIRECT.format(target=f"{first}/{home}", lang=first,
                           title=html.escape(view.plan.organization[first]), links=links)


def context_for(project: Project, today: date, public: bool = False, pdf: bool = True,
                live: bool = False, offline: bool = False) -> BuildContext:
    languages = tuple(project.languages)
    return BuildContext(today=today, public=public, commit=git_commit(project.root),
                        languages=languages,
                        strings=check_strings(load_strings(project.root), languages),
                        pdf=pdf, live=live, offline=offline, history=read_history(project.root))


def build(project: Project, today: date, out: Path | None = None, public: bool = False,
          pdf: bool = True, parallel: bool = True, live: bool = False, strict: bool = False,
          on_warning: Callable[[str], None] | None = None, offline: bool = False) -> Path:
    """Build the whole site and switch `out` (default: <project>/site) to it atomically; on
    failure `out` is untouched. Raises UsageError when `out` is not a folder Adal may
    replace."""
    root = project.root
    target = publish.target_for(out or root / "site", root)
    ctx = context_for(project, today, public=public, pdf=pdf, live=live, offline=offline)
    staging = publish.staging_for(target)
    work = publish.work_folder()
    try:
        warnings: list[str] = []
        render_into(project, ctx, staging, work, parallel=parallel, warnings=warnings)
        for warning in warnings:
            if on_warning is not None:
                on_warning(warning)
        if strict and warnings:
            raise BuildError(t("strict_warnings", count=len(warnings)))
        publish.finish(staging)
        publish.switch(target, staging)
    except BuildError:
        publish.discard(staging)
        raise
    except Exception as exc:
        publish.discard(staging)
        if isinstance(exc, BrokenExecutor):
            workers.stop()  # a worker died: the next build (serve's next save) starts afresh
        raise BuildError(_failure(exc, root)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target.out


def render_into(project: Project, ctx: BuildContext, target: Path, work: Path,
                parallel: bool = True, warnings: list[str] | None = None) -> dict[str, float]:
    """Generate Markdown, run the engine (in the worker pool, while the exports are written),
    then the PDFs. Returns seconds per phase: `generate` and `wait` are the generator's own
    wall time, `engine` the time the engine ran beyond it, `pdf` the PDFs."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    pool = workers.start(pdf=ctx.pdf) if parallel else None
    root = project.root
    view = for_build(project, ctx.public)
    env = environment(root)
    data = site_data(view, ctx)
    overlay_copy(root, "overrides", work / "overrides", portal=False)  # theme code: Adal's
    # The language switch lists the plan's languages; with one language there is none.
    alternate = [{"name": ctx.strings[lang]["lang_name"], "link": f"/{lang}/", "lang": lang}
                 for lang in ctx.languages] if len(ctx.languages) > 1 else []
    epoch = calendar.timegm(ctx.today.timetuple())
    found: list[str] = []
    pending: engine.Pending = []
    for lang in ctx.languages:  # each language goes to the engine as soon as it is rendered
        pages = render_pages(view, ctx, data, lang, env, found)
        docs = work / "docs" / lang
        engine.write_docs(docs, pages)
        overlay_copy(root, "assets", docs / "assets")
        config = engine.write_config(
            work, lang, target / lang, view.plan.organization[lang], alternate,
            engine.nav_of(pages, ctx.strings[lang]), live=ctx.live, offline=ctx.offline,
            site=view.site)
        pending += engine.start_sites([config], epoch, pool)
    timings["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    (target / "index.html").write_text(redirect_page(view, ctx), encoding="utf-8")
    from generator.output import exports  # keeps `adal check` start-up light

    exports.write_all(view, ctx, data, target / "data")
    from generator.output import docx

    docx.write_reference_docx(view, ctx, data, target / "data")
    from generator.output import xlsx

    xlsx.write_xlsx(view, ctx, data, target / "data")
    timings["exports"] = time.perf_counter() - started
    started = time.perf_counter()
    sources = {ref.src: source_of(view, ref)
               for ref in page_list(view, changes=ctx.history is not None)}
    found += [_explain(w, sources) for w in engine.finish_sites(pending)]
    if warnings is not None:
        warnings.extend(dict.fromkeys(found))  # once each, though every language reports it
    timings["engine"] = time.perf_counter() - started
    started = time.perf_counter()
    if ctx.pdf:
        from generator.output import pdf

        marks = None if ctx.public else {lang: ctx.strings[lang]["restricted"]
                                          for lang in ctx.languages}
        pdf.write_reference_pdfs(target, ctx.languages, REFERENCE.url_in(ctx.offline), marks,
                                 pool)
    timings["pdf"] = time.perf_counter() - started
    return timings
