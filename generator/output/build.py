"""`adal build`: render the pages, build them with the engine, write exports and PDFs into a
staging folder, then swap it in; on failure the previous site is left as it was."""

from __future__ import annotations

import calendar
import html
import json
import shutil
import time
import traceback
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from generator import collector
from generator.domain.dates import numeric
from generator.domain.grammar import Num
from generator.domain.model import Project
from generator.domain.publicity import for_build
from generator.errors import BuildError, UsageError
from generator.messages import language, t
from generator.output import engine, publish, reuse, workers
from generator.output.context import BuildContext, check_strings
from generator.output.csp_hook import with_policy
from generator.output.pages import HOME, REFERENCE, Page, page_list
from generator.output.render import SiteData, environment, render_pages, site_data, source_of
from generator.output.templates import overlay_copy
from generator.output.years import (
    Year,
    keep_out_of_nav,
    trend_context,
    with_year_switch,
    write_all_years,
    write_documents,
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
          on_warning: Callable[[str], None] | None = None, offline: bool = False,
          fresh: bool = False, reused: dict[str, bool] | None = None,
          documents: bool = True, rebuilt: dict[str, list[str]] | None = None,
          keep_work: Callable[[Path], None] | None = None) -> Path:
    """Build the whole site and switch `out` (default: <project>/site) to it atomically; on
    failure `out` is untouched. Raises UsageError when `out` is not a folder Adal may
    replace. Outputs whose inputs are unchanged are copied from the site `out` holds
    (output/reuse.py) unless `fresh` or ADAL_CACHE=0; `reused`: filled with each output's
    name and whether it was reused; `rebuilt`: each engine site the engine built page by
    page (reuse.site_job), with the pages it built, [] for a site reused whole.
    `documents=False` (adal serve, to show an edit first): the pages only, no open data or
    documents; a second build then adds them, its sites reused. `keep_work`: given the
    build's temporary folder (the engine's Markdown and configurations) once the site is
    switched in, instead of its removal: the caller removes it (adal serve builds the page
    the author looks at from it after the next edit, output/focus.py)."""
    root = project.root
    target = publish.target_for(out or root / "site", root)
    ctx = context_for(project, today, public=public, pdf=pdf, live=live, offline=offline)
    if ctx.history is not None and on_warning is not None:
        for skipped in ctx.history.skipped:  # not counted by --strict: the commit stays
            on_warning(t("history_commit_skipped", commit=skipped))
    staging = publish.staging_for(target)
    cache.commit(root)  # the output folder is accepted: the check's parses may be kept
    work = publish.work_folder()
    handed_over = False  # to `keep_work`
    try:
        warnings: list[str] = []
        ledger = reuse.Ledger(_previous(target) if reuse.enabled(fresh) else None)
        render_into(project, ctx, staging, work, parallel=parallel, warnings=warnings,
                    ledger=ledger, documents=documents)
        if reused is not None:
            reused.update(ledger.reused)
        if rebuilt is not None:
            rebuilt.update(ledger.rebuilt)
        for warning in warnings:
            if on_warning is not None:
                on_warning(warning)
        if strict and warnings:
            raise BuildError(t("strict_warnings", count=Num(len(warnings))))
        publish.finish(staging)
        publish.write_outputs(target, staging, ledger.record())
        publish.switch(target, staging)
        if keep_work is not None:
            keep_work(work)
            handed_over = True
    except (BuildError, UsageError):  # UsageError: the switch found `out` changed meanwhile
        publish.discard(staging)
        raise
    except Exception as exc:
        publish.discard(staging)
        if isinstance(exc, BrokenExecutor):
            workers.stop()  # a worker died: the next build (serve's next save) starts afresh
        raise BuildError(_failure(exc, root)) from exc
    finally:
        if not handed_over:
            _remove_work(work)
    return target.out


def _remove_work(work: Path) -> None:
    """The build's temporary folder removed; an interruption (Ctrl+C, or SIGTERM in `adal
    serve`) that lands while it is being removed finishes the removal, then goes on."""
    try:
        shutil.rmtree(work, ignore_errors=True)
    except KeyboardInterrupt:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _previous(target: publish.Target) -> reuse.Previous | None:
    """The live site's outputs, which this build may reuse (output/reuse.py)."""
    found = publish.read_outputs(target)
    if found is None:
        return None
    folder, outputs, listed = found
    return reuse.Previous(folder, reuse.units_of(outputs, listed))


def render_into(project: Project, ctx: BuildContext, target: Path, work: Path,
                parallel: bool = True, warnings: list[str] | None = None,
                ledger: reuse.Ledger | None = None, documents: bool = True
                ) -> dict[str, float]:
    """Generate Markdown, run the engine (in the worker pool, while the documents are written
    beside it: workers.Beside), then the PDFs. Returns seconds per phase: `generate` and
    `exports` (starting the documents) are the generator's own wall time, `engine` the time
    the engine ran beyond it, `pdf` the PDFs, `documents` the wait for the documents after.
    `ledger`: records what each output was made from, and gives the previous site's outputs
    to reuse (output/reuse.py); without one every output is made. `documents=False`: the
    sites only (adal serve's first step after an edit)."""
    ledger = ledger or reuse.Ledger(None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    pool = workers.start(pdf=ctx.pdf) if parallel else None
    root = project.root
    view = for_build(project, ctx.public)
    withheld = withheld_pages(project, view, ctx)
    env = environment(root)
    with collector.set_aside():  # the checked portal is not walked again and again
        data = site_data(view, ctx)
        years = years_of(project, view, ctx)  # a portal of several analyses (years.py)
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
    pending: list[tuple[str, Any]] = []  # language, its site's job
    messages = language()
    made = work / "documents.json"

    def write() -> None:
        """Every document of the table (outputs.OUTPUTS) but the PDFs (which print the built
        pages): in a process of its own (workers.Beside), which alone imports python-docx,
        openpyxl and icalendar (issue 20); what each wrote, and from what, is handed back in
        `made`."""
        written: dict[str, dict[str, Any]] = {}
        write_documents(view, ctx, data, target, "data", "", ledger.previous, written)
        write_year_outputs(years, target, ledger.previous, written)
        write_all_years(years, data, target, ledger.previous, written)
        made.write_text(json.dumps(written), "utf-8")

    # Started before the pages are rendered: the documents read none of them, so the process
    # works on the core the rendering leaves idle, and it is forked without the rendered
    # pages in its memory (issue 20: the 100x build's peak was this process's). `adal serve`
    # (live) writes them in its own process, which keeps the libraries imported between
    # rebuilds: measured, a fork per rebuild cost it more than it saved.
    beside = workers.Beside(write if documents else _nothing,
                            fork=documents and pool is not None and not ctx.live)
    try:
        with collector.set_aside():  # the checked portal is not walked again and again
            for lang in ctx.languages:  # each language goes to the engine once rendered
                pending.append((lang, _render_language(
                    view, ctx, data, lang, env, found, withheld, years, work, target,
                    alternate, epoch, ledger, messages, pool)))
        timings["generate"] = time.perf_counter() - started
        started = time.perf_counter()
        (target / "index.html").write_text(redirect_page(view, ctx), encoding="utf-8")
        timings["exports"] = time.perf_counter() - started
        _engine_and_pdfs(view, ctx, data, years, target, pool, pending, found, warnings,
                         timings, ledger)
        started = time.perf_counter()
        beside.result()
        if documents:
            ledger.add_made(json.loads(made.read_text("utf-8")))
        timings["documents"] = time.perf_counter() - started
    except BaseException:
        beside.cancel()
        raise
    return timings


def _render_language(view: Project, ctx: BuildContext, data: SiteData, lang: str, env: Any,
                     found: list[str], withheld: frozenset[str], years: list[Year],
                     work: Path, target: Path, alternate: list[dict[str, str]], epoch: int,
                     ledger: reuse.Ledger, messages: str, pool: Any) -> Any:
    """One language's pages (and its earlier analyses') written for the engine, and its
    site's job started (`_site`)."""
    root = view.root
    pages = current_pages(view, ctx, data, lang, env, found, withheld, years)
    docs = work / "docs" / lang
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
    return _site(config, epoch, ledger.candidate(f"site/{lang}"), target, lang, work,
                 messages, pool)


def current_pages(view: Project, ctx: BuildContext, data: SiteData, lang: str, env: Any,
                  found: list[str] | None, withheld: frozenset[str], years: list[Year],
                  only: frozenset[str] | None = None) -> list[Page]:
    """The current analysis's pages of one language (`only`: those of these source paths),
    with the year switch of a portal of several analyses."""
    pages = render_pages(view, ctx, data, lang, env, found, withheld,
                         more=trend_context(years, ctx.strings[lang]), only=only)
    if years:
        pages = with_year_switch(pages, years[-1], years, ctx.strings[lang], ctx.offline)
    return pages


def withheld_pages(project: Project, view: Project, ctx: BuildContext) -> frozenset[str]:
    """The source paths of the pages this build leaves out (a link to one links nothing:
    render.render_pages)."""
    shown = {ref.src for ref in page_list(view, changes=ctx.history is not None)}
    return frozenset(ref.src for ref in page_list(project, changes=ctx.history is not None)
                     if ref.src not in shown)


def _nothing() -> None:
    pass


def _site(config: Path, epoch: int, hit: reuse.Hit | None, target: Path, lang: str,
          work: Path, messages: str, pool: Executor | None) -> Any:
    """A language's site: the previous one's copied when its digest matches (the worker
    forms it: reuse.site_job), else the engine's build; in the worker pool when there is
    one."""
    args = (str(config), epoch, str(hit.folder) if hit is not None else None,
            hit.unit if hit is not None else None, str(target), lang, str(work), messages)
    return pool.submit(reuse.site_job, *args) if pool is not None else reuse.site_job(*args)


def _engine_and_pdfs(view: Project, ctx: BuildContext, data: SiteData, years: list[Year],
                     target: Path, pool: Executor | None,
                     pending: list[tuple[str, Any]], found: list[str],
                     warnings: list[str] | None, timings: dict[str, float],
                     ledger: reuse.Ledger) -> None:
    started = time.perf_counter()
    sources = {ref.src: source_of(view, ref)
               for ref in page_list(view, changes=ctx.history is not None)}
    for lang, job in pending:
        site: reuse.SiteResult = job.result() if isinstance(job, Future) else job
        ledger.add(f"site/{lang}", site.digest, site.files, site.reused, site.warnings,
                   site.frame, site.pages)
        if site.rebuilt is not None:
            ledger.rebuilt[f"site/{lang}"] = site.rebuilt
        found += [_explain(w, sources) for w in site.warnings]
    if warnings is not None:
        warnings.extend(dict.fromkeys(found))  # once each, though every language reports it
    timings["engine"] = time.perf_counter() - started
    started = time.perf_counter()
    if ctx.pdf:
        # An interface string in the PDF's stylesheet (pdf.py quotes it): on one line.
        marks = None if ctx.public else {lang: " ".join(ctx.strings[lang]["restricted"].split())
                                          for lang in ctx.languages}
        _pdfs(view, ctx, data, "", "data", target, marks, pool, ledger)
        for year in years[:-1]:
            assert year.data is not None
            _pdfs(year.view, year.ctx, year.data, year.folder, f"{year.analysis.id}/data",
                  target, marks, pool, ledger)
    timings["pdf"] = time.perf_counter() - started


def _pdfs(view: Project, ctx: BuildContext, data: SiteData, below: str, folder: str,
          target: Path, marks: dict[str, str] | None, pool: Executor | None,
          ledger: reuse.Ledger) -> None:
    """One analysis's PDFs (outputs.OUTPUTS' phase `pdf`) from the built site, each language's
    copied from the previous site when what it prints is unchanged."""
    from generator.domain.measures_doc import measures_document
    from generator.output import pdf

    font = pdf.document_family(view.plan.settings.document_font)  # BuildError if none
    url = below + REFERENCE.url_in(ctx.offline)
    drafts = None if data.reference.final else {
        lang: " ".join(ctx.strings[lang]["draft_mark"].split()) for lang in ctx.languages}
    common = (reuse.environment_digest(), reuse.fonts(), font)
    todo = []
    for lang in ctx.languages:
        page = target / lang / (url if url.endswith(".html") else url + "index.html")
        unit = f"{folder}/reference-pdf/{lang}"
        digest = reuse.digest(*common, unit, (marks or {}).get(lang), (drafts or {}).get(lang),
                              reuse.printed_digest(target, lang, page))
        if not ledger.reuse(unit, digest, target):
            todo.append((lang, unit, digest))
    pdf.write_reference_pdfs(target, tuple(lang for lang, _, _ in todo), url, font, marks,
                             drafts, pool, data=folder)
    for lang, unit, digest in todo:
        ledger.made(unit, digest, target, [f"{folder}/analytical-reference-{lang}.pdf"])
    document = measures_document(view, data.measures)
    if document is None:
        return
    plan = view.plan
    period = f"{numeric(plan.period.start)} — {numeric(plan.period.end)}" if plan.period \
        else None
    drafts = None if document.final else {
        lang: " ".join(str(ctx.strings[lang]["draft_mark"]).split()) for lang in ctx.languages}
    bodies = {}
    for lang in ctx.languages:
        title = str(ctx.strings[lang]["measures_title"])
        body = pdf.measures_html(document, ctx.strings[lang], lang, plan.organization[lang],
                                 period, ctx.today)
        unit = f"{folder}/measures-pdf/{lang}"
        digest = reuse.digest(*common, unit, (marks or {}).get(lang), (drafts or {}).get(lang),
                              title, body, reuse.printed_digest(target, lang, None))
        if not ledger.reuse(unit, digest, target):
            bodies[lang] = (title, body, unit, digest)
    pdf.write_measures_pdfs(target, {lang: (title, body)
                                     for lang, (title, body, _, _) in bodies.items()},
                            font, marks, drafts, pool, folder)
    for lang, (_, _, unit, digest) in bodies.items():
        ledger.made(unit, digest, target, [f"{folder}/measures-plan-{lang}.pdf"])
