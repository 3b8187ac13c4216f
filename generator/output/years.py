"""A portal of several analyses in one site (docs/formats.md, "Several analyses"): each
earlier analysis rendered by the same pipeline as the current one, its pages under
<lang>/<id>/, its open data and reference documents under <site>/<id>/data/, and the year
switch on every page. A portal of one analysis gets none of this: its site is as before."""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.domain.dates import numeric
from generator.domain.model import Analysis, Project
from generator.domain.publicity import for_build
from generator.domain.trend import trend_rows, with_latest_measures
from generator.output import reuse
from generator.output.context import BuildContext
from generator.output.exports import PlanOut
from generator.output.outputs import BY_NAME, of_phase
from generator.output.pages import HOME, Page, PageRef, page_list, url_between
from generator.output.render import SiteData, site_data
from generator.output.reuse import Previous
from generator.output.zipfixed import fixed_times


@dataclass(frozen=True)
class Year:
    """One analysis as this build shows it: filtered by its own allow-list."""

    analysis: Analysis
    view: Project
    ctx: BuildContext
    data: SiteData | None  # None for the current analysis (the build has its own)
    withheld: frozenset[str]  # its pages this build leaves out (render.render_pages)
    shown: frozenset[str]  # its pages' source paths

    @property
    def folder(self) -> str:
        return self.analysis.prefix


def years_of(project: Project, view: Project, ctx: BuildContext) -> list[Year]:
    """Every analysis of the portal, oldest first (the current one last, as `view` and `ctx`
    give it); an empty list for a portal of one analysis."""
    if not project.earlier:
        return []
    changes = ctx.history is not None
    # Each through its own allow-list; an earlier one's measures at their latest state (a
    # measure carried over and done later shows done on that year's pages too).
    views = [(a.id, for_build(a.project, ctx.public)) for a in project.earlier]
    views.append((project.label, view))
    years = []
    for analysis in project.earlier:
        # An earlier analysis has no history of its own on the pages: the portal's git
        # history dates the current analysis's files.
        year_ctx = replace(ctx, history=None)
        year_view = with_latest_measures(views, analysis.id)
        shown = frozenset(ref.src for ref in page_list(year_view))
        withheld = frozenset(ref.src for ref in page_list(analysis.project)) - shown
        years.append(Year(analysis, year_view, year_ctx, site_data(year_view, year_ctx),
                          withheld, shown))
    current = project.analyses[-1]
    shown = frozenset(ref.src for ref in page_list(view, changes=changes))
    years.append(Year(current, view, ctx, None, frozenset(), shown))
    return years


def with_year_switch(pages: list[Page], here: Year, years: list[Year],
                     strings: dict[str, Any], offline: bool) -> list[Page]:
    """Each page with the year switch at its top: every analysis, the same page in it where
    it has one (else its home page); an earlier analysis's pages are marked with its period."""
    if not years:
        return pages
    return [replace(page, markdown=_insert(page.markdown,
                                           year_switch(page.ref, here, years, strings,
                                                       offline)))
            for page in pages]


def year_switch(ref: PageRef, here: Year, years: list[Year], strings: dict[str, Any],
                offline: bool) -> str:
    links = []
    for year in years:
        target = ref if ref.src in year.shown else HOME
        url = url_between(ref, here.folder, target, year.folder, offline)
        label = html.escape(label_of(year.analysis, strings))
        current = ' aria-current="page"' if year is here else ""
        links.append(f'<a href="{html.escape(url)}"{current}>{label}</a>')
    parts = [f'{html.escape(strings["years_label"])}: ' + " · ".join(links)]
    period = here.view.plan.period
    if not here.analysis.current and period is not None:
        parts.append(html.escape(strings["year_period"].replace(
            "{period}", f"{numeric(period.start)}–{numeric(period.end)}")))
    if here.analysis.closed is not None:
        parts.append(html.escape(strings["year_closed"].replace(
            "{date}", numeric(here.analysis.closed))))
    return (f'<nav class="adal-years adal-noprint" aria-label="'
            f'{html.escape(strings["years_label"])}"><p>' + ". ".join(parts) + "</p></nav>")


def trend_context(years: list[Year], strings: dict[str, Any]) -> dict[str, Any] | None:
    """The home page's trend (domain/trend.py) over the analyses as this build shows them."""
    if not years:
        return None
    labels = [label_of(year.analysis, strings) for year in years]
    # Closed analyses edited since (the changes page): the intranet names the files, the
    # public build only counts them (a file's name may tell of internal content).
    edits = [{"id": y.analysis.id, "closed": y.analysis.closed, "count": len(y.analysis.edited),
              "files": () if y.ctx.public else y.analysis.edited}
             for y in years if y.analysis.edited and y.analysis.closed]
    return {"trend": trend_rows([(y.analysis.id if not y.analysis.current
                                  else y.analysis.project.label, y.view) for y in years]),
            "trend_years": labels, "closed_edits": edits}


def label_of(analysis: Analysis, strings: dict[str, Any]) -> str:
    if not analysis.current:
        return analysis.id
    return analysis.project.label or str(strings["year_current"])


def _insert(markdown: str, block: str) -> str:
    """`block` right after the page's front matter."""
    if markdown.startswith("---\n") and "\n---\n" in markdown[3:]:
        end = markdown.index("\n---\n", 3) + len("\n---\n")
        return markdown[:end] + block + "\n\n" + markdown[end:]
    return block + "\n\n" + markdown


Made = dict[str, dict[str, Any]]  # unit name -> its digest, files and whether it was reused


def write_documents(view: Project, ctx: BuildContext, data: SiteData, target: Path,
                    folder: str, scope: str, previous: Previous | None, made: Made) -> None:
    """Every document of the table (outputs.OUTPUTS, phase `documents`) of one analysis into
    `target/folder` (`data`, or an earlier analysis's `<id>/data`); each one copied from the
    previous site instead when what it reads is unchanged (output/reuse.py). `made`: what
    each wrote, for the next build's reuse."""
    from generator.output import documents

    parts: dict[str, str | None] = {}
    canonical = reuse.Canonical()  # the rows share the analysis's objects: digested once

    def part(name: str) -> str | None:
        if name not in parts:
            value = {"analysis": lambda: view, "rows": lambda: data,
                     "context": lambda: replace(ctx, history=None),  # documents show none
                     "fonts": reuse.fonts}[name]()
            try:
                parts[name] = canonical.digest((name, value))
            except reuse.Unhashable:
                parts[name] = None
        return parts[name]

    environment = reuse.environment_digest()
    for output in of_phase("documents"):
        unit = f"{folder}/{output.name}"
        reads = [part(name) for name in output.reads]
        digest = None if None in reads else reuse.digest(environment, unit, scope, reads)
        _made_or_reused(unit, digest, previous, target, made, lambda output=output: (
            getattr(documents, str(output.write))(view, ctx, data, target / folder, scope),
            [f"{folder}/{f}" for f in output.files_for(ctx.languages)])[1])


def _made_or_reused(unit: str, digest: str | None, previous: Previous | None, target: Path,
                    made: Made, write: Callable[[], list[str]]) -> None:
    hit = previous.hit(unit, digest) if previous is not None else None
    if hit is not None and previous is not None and reuse.copy_unit(previous.folder, target,
                                                                    hit) is not None:
        made[unit] = {"digest": digest, "files": hit.files, "reused": True}
        return
    files = write()
    made[unit] = {"digest": digest, "files": reuse.hashes(target, files), "reused": False}


def write_year_outputs(years: list[Year], target: Path, previous: Previous | None = None,
                       made: Made | None = None) -> None:
    """Every earlier analysis's documents into <site>/<id>/data/ (write_documents)."""
    for year in years:
        if year.data is None:
            continue
        write_documents(year.view, year.ctx, year.data, target, f"{year.analysis.id}/data",
                        year.analysis.id, previous, {} if made is None else made)


def keep_out_of_nav(config: Path, years: list[Year]) -> None:
    """An earlier analysis's pages are reached by the year switch, not the navigation: the
    engine is told so (engine.not_in_nav), so that it does not warn about each of them."""
    from generator.output.engine import not_in_nav

    not_in_nav(config, [f"/{year.folder}" for year in years if year.folder])


class AnalysisOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="the analysis's name: its folder under analyses/ (the "
                    "current one: its period's first year)")
    current: bool
    closed: date | None = Field(description="when the next analysis started (adal "
                                "next-analysis); null while it is the current one")
    data_folder: str = Field(description="its own open data, relative to the site root")
    plan: PlanOut


class TrendOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    analysis: str
    direction: str
    risks_found: int
    risks_closed: int = Field(description="of them, answered by measures all done")


class AllYearsOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    analyses: list[AnalysisOut] = Field(description="oldest first")
    trend: list[TrendOut]


def write_all_years(years: list[Year], current: SiteData, target: Path,
                    previous: Previous | None = None, made: Made | None = None) -> None:
    """One dataset of every analysis into <site>/data/ (outputs.OUTPUTS' `all-years`), or
    the previous site's when every analysis, as this build shows it, is unchanged."""
    if not years:
        return
    output = BY_NAME["all-years"]
    ctx = years[-1].ctx
    try:
        digest: str | None = reuse.digest(
            reuse.environment_digest(), "data/all-years", reuse.fonts(),
            replace(ctx, history=None), current,
            [(y.analysis.id, y.analysis.current, y.analysis.closed, y.view, y.data)
             for y in years])
    except reuse.Unhashable:
        digest = None
    _made_or_reused("data/all-years", digest, previous, target, {} if made is None else made,
                    lambda: (_write_all_years(years, current, target),
                             [f"data/{f}" for f in output.files_for(ctx.languages)])[1])


def _write_all_years(years: list[Year], current: SiteData, target: Path) -> None:
    """all-years.json with its schema, and per language the trend as CSV and a spreadsheet
    (the trend and every year's risks)."""
    from openpyxl import Workbook  # here only: `adal build`'s main process never imports it
    from openpyxl.writer.excel import ExcelWriter

    from generator.output import exports, xlsx

    folder = target / "data"
    folder.mkdir(parents=True, exist_ok=True)
    ctx = years[-1].ctx
    outs = []
    for year in years:
        data = year.data or current
        outs.append(AnalysisOut(
            id=year.analysis.id or year.analysis.project.label, current=year.analysis.current,
            closed=year.analysis.closed,
            data_folder="data/" if year.analysis.current else f"{year.analysis.id}/data/",
            plan=exports.plan_out(year.view, year.ctx, data)))
    labels = [a.id for a in outs]
    rows = trend_rows([(a.id, y.view) for a, y in zip(outs, years, strict=True)])
    trend = [TrendOut(analysis=labels[i], direction=row.direction, risks_found=cell.found,
                      risks_closed=cell.closed)
             for row in rows for i, cell in enumerate(row.cells)]
    dataset = AllYearsOut(schema_version=exports.SCHEMA_VERSION, analyses=outs, trend=trend)
    (folder / "all-years.json").write_text(
        json.dumps(dataset.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    (folder / "all-years.schema.json").write_text(
        json.dumps(AllYearsOut.model_json_schema(), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    for lang in ctx.languages:
        s = ctx.strings[lang]
        head = [s["years_label"], "№", s["col"]["direction"], s["trend_found"],
                s["trend_closed"]]
        table = [[labels[i], row.number, row.title[lang], cell.found, cell.closed]
                 for row in rows for i, cell in enumerate(row.cells)]
        (folder / f"all-years-{lang}.csv").write_bytes(
            "\ufeff".encode() + exports.csv_text([head, *table]).encode("utf-8"))
        risks = [[a.id, r.direction, r.indicator, r.indicator_text[lang], r.score or ""]
                 for a in outs for r in a.plan.risks]
        book = Workbook()
        book.remove(book.active)
        xlsx._sheet(book, s["trend_title"], head, table)
        xlsx._sheet(book, s["register"], [s["years_label"], s["col"]["direction"],
                                          s["col"]["indicator"], s["evidence"], s["score"]],
                    risks)
        book.properties.creator = book.properties.lastModifiedBy = "Adal"
        moment = datetime(ctx.today.year, ctx.today.month, ctx.today.day)
        book.properties.created = book.properties.modified = moment
        buffer = io.BytesIO()
        ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
        (folder / f"all-years-{lang}.xlsx").write_bytes(fixed_times(buffer.getvalue()))
