"""`adal build`: render the pages, build them with the engine, write exports and PDFs into a
staging folder, then swap it in; on failure the previous site is left as it was."""

from __future__ import annotations

import calendar
import html
import shutil
import time
import traceback
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor
from datetime import date
from pathlib import Path

import jinja2

from generator.domain.grammar import Num
from generator.domain.model import Project
from generator.domain.publicity import for_build
from generator.errors import BuildError, UsageError
from generator.messages import t
from generator.output import engine, publish, workers
from generator.output.context import BuildContext, check_strings
from generator.output.csp_hook import with_policy
from generator.output.pages import HOME, REFERENCE, page_list
from generator.output.render import SiteData, environment, render_pages, site_data, source_of
from generator.output.templates import overlay_copy
from generator.output.years import (
    Year,
    keep_out_of_nav,
    trend_context,
    with_year_switch,
    write_all_years,
    write_year_outputs,
    years_of,
)
from generator.source import cache
from generator.source.history import head_commit, read_history


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
    # The same Content-Security-Policy as every page: nothing on it may run.
    return with_policy(REDIRECT.format(target=f"{first}/{home}", lang=first,
                                       title=html.escape(view.plan.organization[first]),
                                       links=links))


def context_for(project: Project, today: date, public: bool = False, pdf: bool = True,
                live: bool = False, offline: bool = False) -> BuildContext:
    languages = tuple(project.languages)
    # The public build names no commit: docs/security.md, "History".
    return BuildContext(today=today, public=public,
                        commit=None if public else head_commit(project.root),
                        languages=languages,
                        strings=check_strings(project.strings, languages),
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
    if ctx.history is not None and on_warning is not None:
        for skipped in ctx.history.skipped:  # not counted by --strict: the commit stays
            on_warning(t("history_commit_skipped", commit=skipped))
    staging = publish.staging_for(target)
    cache.commit(root)  # the output folder is accepted: the check's parses may be kept
    work = publish.work_folder()
    try:
        warnings: list[str] = []
        render_into(project, ctx, staging, work, parallel=parallel, warnings=warnings)
        for warning in warnings:
            if on_warning is not None:
                on_warning(warning)
        if strict and warnings:
            raise BuildError(t("strict_warnings", count=Num(len(warnings))))
        publish.finish(staging)
        publish.switch(target, staging)
    except (BuildError, UsageError):  # UsageError: the switch found `out` changed meanwhile
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
    """Generate Markdown, run the engine (in the worker pool, while the documents are written
    beside it: workers.Beside), then the PDFs. Returns seconds per phase: `generate` and
    `exports` (starting the documents) are the generator's own wall time, `engine` the time
    the engine ran beyond it, `pdf` the PDFs, `documents` the wait for the documents after."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    pool = workers.start(pdf=ctx.pdf) if parallel else None
    root = project.root
    view = for_build(project, ctx.public)
    # The pages this build leaves out: a link to one links nothing (render.render_pages).
    shown = {ref.src for ref in page_list(view, changes=ctx.history is not None)}
    withheld = frozenset(ref.src for ref in page_list(project, changes=ctx.history is not None)
                         if ref.src not in shown)
    env = environment(root)
    data = site_data(view, ctx)
    overlay_copy(root, "overrides", work / "overrides", portal=False)  # theme code: Adal's
    # The language switch lists the plan's languages; with one language there is none.
    # Material prints each name raw into every page's header: it is escaped here.
    # `link`: the language's address for search engines (each page adds its own path), which
    # they take only as an absolute one: from the portal's site_url, and none without it or
    # offline (overrides/main.html).
    site_url = view.site.site_url
    alternate = [{"name": html.escape(ctx.strings[lang]["lang_name"]),
                  "link": f"{site_url.rstrip('/')}/{lang}/" if site_url and not ctx.offline
                  else "", "lang": lang}
                 for lang in ctx.languages] if len(ctx.languages) > 1 else []
    epoch = calendar.timegm(ctx.today.timetuple())
    found: list[str] = []
    pending: engine.Pending = []
    years = years_of(project, view, ctx)  # a portal of several analyses (output/years.py)
    for lang in ctx.languages:  # each language goes to the engine as soon as it is rendered
        pages = render_pages(view, ctx, data, lang, env, found, withheld,
                             more=trend_context(years, ctx.strings[lang]))
        docs = work / "docs" / lang
        if years:
            pages = with_year_switch(pages, years[-1], years, ctx.strings[lang], ctx.offline)
        engine.write_docs(docs, pages)
        for year in years[:-1]:  # each earlier analysis: its pages under <lang>/<id>/
            assert year.data is not None
            year_found: list[str] = []
            engine.write_docs(docs / year.folder, with_year_switch(
                render_pages(year.view, year.ctx, year.data, lang, env, year_found,
                             year.withheld, below=year.folder),
                year, years, ctx.strings[lang], ctx.offline))
            found += [f"analyses/{year.analysis.id}/{w}" for w in year_found]
        overlay_copy(root, "assets", docs / "assets")
        config = engine.write_config(
            work, lang, target / lang, view.plan.organization[lang], alternate,
            engine.nav_of(pages, ctx.strings[lang]), live=ctx.live, offline=ctx.offline,
            site=view.site)
        keep_out_of_nav(config, years)
        pending += engine.start_sites([config], epoch, pool)
    timings["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    (target / "index.html").write_text(redirect_page(view, ctx), encoding="utf-8")

    def documents() -> None:
        """Every document but the PDFs (which print the built pages): beside the engine, in
        a process of its own (workers.Beside), which alone imports python-docx, openpyxl
        and icalendar (issue 20)."""
        from generator.output import docx, exports, xlsx

        exports.write_all(view, ctx, data, target / "data")
        docx.write_reference_docx(view, ctx, data, target / "data")
        docx.write_measures_docx(view, ctx, data.measures, target / "data")
        xlsx.write_xlsx(view, ctx, data, target / "data")
        write_year_outputs(years, target)
        write_all_years(years, data, target)

    # `adal serve` (live) writes them in its own process, which keeps the libraries imported
    # between rebuilds: measured, a fork per rebuild cost it more than it saved.
    beside = workers.Beside(documents, fork=pool is not None and not ctx.live)
    timings["exports"] = time.perf_counter() - started
    try:
        _engine_and_pdfs(view, ctx, data, years, target, pool, pending, found, warnings,
                         timings)
        started = time.perf_counter()
        beside.result()
        timings["documents"] = time.perf_counter() - started
    except BaseException:
        beside.cancel()
        raise
    return timings


def _engine_and_pdfs(view: Project, ctx: BuildContext, data: SiteData, years: list[Year],
                     target: Path, pool: Executor | None, pending: engine.Pending,
                     found: list[str], warnings: list[str] | None,
                     timings: dict[str, float]) -> None:
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

        # An interface string in the PDF's stylesheet (pdf.py quotes it): on one line.
        marks = None if ctx.public else {lang: " ".join(ctx.strings[lang]["restricted"].split())
                                          for lang in ctx.languages}
        drafts = None if data.reference.final else {
            lang: " ".join(ctx.strings[lang]["draft_mark"].split()) for lang in ctx.languages}
        font = pdf.document_family(view.plan.settings.document_font)  # BuildError if none
        pdf.write_reference_pdfs(target, ctx.languages, REFERENCE.url_in(ctx.offline), font,
                                 marks, drafts, pool)
        pdf.measures_pdfs(target, view, ctx, data.measures, font, marks, pool)
        for year in years[:-1]:
            assert year.data is not None
            drafts = None if year.data.reference.final else {
                lang: " ".join(ctx.strings[lang]["draft_mark"].split())
                for lang in ctx.languages}
            pdf.write_reference_pdfs(
                target, ctx.languages, year.folder + REFERENCE.url_in(ctx.offline),
                pdf.document_family(year.view.plan.settings.document_font), marks, drafts,
                pool, data=f"{year.analysis.id}/data")
            pdf.measures_pdfs(target, year.view, year.ctx, year.data.measures,
                              pdf.document_family(year.view.plan.settings.document_font),
                              marks, pool, data=f"{year.analysis.id}/data")
    timings["pdf"] = time.perf_counter() - started
