"""Render the portal's pages as plain Markdown (Jinja2 templates from site_templates/).

Nothing here knows about MkDocs: the output is a list of Markdown pages per language,
identical in paths across languages, that any Markdown site engine can build.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.domain.dates import in_words, month_names, numeric
from generator.domain.grammar import date_in_words
from generator.domain.model import Project
from generator.domain.reference import ReferenceData, reference_data, risk_level
from generator.domain.schema import LANGS
from generator.domain.status import STATUSES, done_count, summary
from generator.domain.views import (
    ItemRow,
    MeasureRow,
    RegisterRow,
    item_rows,
    measure_rows,
    register_rows,
    risk_map,
)
from generator.domain.wording import proposed_in, proposed_text
from generator.messages import t
from generator.output.changes import change_rows, page_sources
from generator.output.context import BuildContext
from generator.output.escape import md_text, names_text
from generator.output.outputs import downloads
from generator.output.pages import (
    CHANGES,
    HOME,
    KINDS,
    MEASURES,
    REFERENCE,
    REGISTER,
    Page,
    PageRef,
    direction_page,
    page_list,
    resolve_link,
    url_between,
)
from generator.output.prose import prose_block
from generator.output.templates import (
    ConfinedLoader,
    PortalSandbox,
    portal_page_templates,
    template_dirs,
)
from generator.output.uitext import UiText, ui_strings
from generator.resources import shipped_dir


@dataclass(frozen=True)
class SiteData:
    """What every page and export shares, computed once per build."""

    rows: list[ItemRow]
    reference: ReferenceData
    measures: list[MeasureRow]
    register: list[RegisterRow]  # the risks shown, with their levels and measures


def site_data(project: Project, ctx: BuildContext) -> SiteData:
    # Rows in every language the texts are written in: open data carries them all, whatever
    # languages the site shows.
    reference = reference_data(project)
    measures = measure_rows(project, ctx.today, LANGS)
    register = register_rows(reference, measures, project.plan.settings.risk_levels,
                             project.measures_withheld_for)
    return SiteData(item_rows(project, ctx.today, ctx.strings, LANGS), reference, measures,
                    register)


def _bytecode_cache(sandboxed: bool = False) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each against its source), in the
    user's cache folder; none when that folder cannot be written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    # Compiled code depends on the filters this module defines (whether one takes the
    # context is decided at compile time), not only on the template's source: key by both.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    # The sandbox compiles calls differently (`environment.call`): its code is kept apart.
    kind = "-sandbox" if sandboxed else ""
    folder = base / "adal" / f"jinja-{jinja2.__version__}-{code}{kind}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def environment(root: Path) -> jinja2.Environment:
    """One environment per set of template folders and process (`adal serve` compiles a
    template once, and again only when its file changes). Adal's own templates are Adal's
    code; when a portal brings page templates of its own, all render in the sandbox."""
    folders = template_dirs(root)
    own = portal_page_templates(root)
    return _environment(tuple(str(d) for d in (folders if own else [shipped_dir()])),
                        sandboxed=bool(own))


@cache
def _environment(folders: tuple[str, ...], sandboxed: bool) -> jinja2.Environment:
    kind = PortalSandbox if sandboxed else jinja2.Environment
    env = kind(
        loader=ConfinedLoader(list(folders)),
        bytecode_cache=_bytecode_cache(sandboxed),
        autoescape=True,  # anything not passed through md_text/md_prose is HTML-escaped
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown headings carry ids like `{#plan}`: only `{#- … #}` is a template comment.
        comment_start_string="{#-",
        comment_end_string="#}",
    )
    env.filters["tx"] = md_text
    env.filters["nb"] = names_text
    env.filters["prose"] = _prose
    return env


@jinja2.pass_context
def _prose(context: Any, text: object, label: str | None = None,
           after: str | None = None) -> Any:
    """Team-written Markdown as sanitised HTML, its links to other pages resolved (a link to
    a page this build does not publish keeps its text only). `label` and `after` are plain
    text; an interface string joined into them (`s.evidence ~ "."`) arrives escaped."""
    label, after = (v.unescape() if isinstance(v, Markup) else v for v in (label, after))
    return prose_block(text, label, after, resolve=context["resolve_prose_link"],
                       extensions=context["markdown_extensions"])


_TEMPLATES = {kind: spec.template for kind, spec in KINDS.items()}


def render_pages(project: Project, ctx: BuildContext, data: SiteData, lang: str,
                 env: jinja2.Environment, warnings: list[str] | None = None,
                 withheld: frozenset[str] = frozenset(), below: str = "",
                 more: dict[str, Any] | None = None,
                 only: frozenset[str] | None = None) -> list[Page]:
    """Every page of one language (`only`: those with these source paths, the rest left
    out: `adal serve` renders the page the author looks at first, output/focus.py);
    problems found while rendering (a link to no page, or to a page of `withheld`: the
    source paths of the pages this build leaves out) are appended to `warnings`, each
    naming the source file. `below`: an earlier analysis's folder
    ('2024/'): its pages go there under the language, and `root` leads to its own data
    (<site>/2024/data/). `more`: what a portal of several analyses adds to every page's
    context (output/years.py: the trend)."""
    common = _common(project, ctx, data, lang)
    # The downloads the pages list, from the table of outputs (output/outputs.py); the
    # all-years dataset with the trend of a portal of several analyses.
    common["downloads"] = downloads(lang, measures=bool(data.measures), pdf=ctx.pdf,
                                    years=bool((more or {}).get("trend")))
    titles = _titles(project, ctx.strings[lang], lang)
    pages = []
    refs = page_list(project, changes=ctx.history is not None)
    by_src = {ref.src: ref for ref in refs}
    for ref in refs:
        if only is not None and ref.src not in only:
            continue
        extra: dict[str, Any] = {}
        if ref.kind == "direction":
            extra = {"direction": project.direction(ref.key),
                     "item": project.item_for_direction(ref.key)}
        elif ref.kind == "page":
            extra = {"page": next(p for p in project.pages if p.slug == ref.key)}

        def link(target: PageRef, anchor: str = "", _ref: PageRef = ref) -> str:
            return _ref.link_to(target, anchor)

        def resolve_prose(href: str, _ref: PageRef = ref) -> str | None:
            """The URL of a link in an author's text; None: link nothing (its target is a
            page this build does not publish, whose name must not reach the page either)."""
            url = resolve_link(href, _ref, by_src, files=ctx.offline)
            if url is not None:
                return url
            internal = href.partition("#")[0].lstrip("./") in withheld
            if warnings is not None:
                warnings.append(f"{source_of(project, _ref)}: "
                                + t("link_internal" if internal else "broken_link", href=href))
            return None if internal else href

        def resolve(href: str, _ref: PageRef = ref) -> str:
            """The same for a template's link (an attribute's value: always a text)."""
            url = resolve_prose(href, _ref)
            return "" if url is None else url

        def risk_in(origin: str, direction_id: str, number: int, _ref: PageRef = ref) -> str:
            """A risk of an earlier analysis (a carried-over measure's `origin`): its
            direction's page in that analysis (<lang>/<origin>/directions/…)."""
            return url_between(_ref, below, direction_page(direction_id), f"{origin}/",
                               ctx.offline) + f"#indicator-{number}"

        root = "../" * below.count("/") + ref.root_in(ctx.offline) + below
        context = {**common, "page_ref": ref, "root": root, "link": link,
                   "resolve_link": resolve, "resolve_prose_link": resolve_prose,
                   "risk_in": risk_in, **extra,
                   **(more or {})}
        markdown = env.get_template(_TEMPLATES[ref.kind]).render(context)
        description = page_description(project, ref, ctx.strings[lang], data, lang,
                                       titles[ref])
        pages.append(Page(ref, titles[ref], with_description(markdown, description),
                          description))
    return pages


DESCRIPTION_MAX = 160  # what search engines show of a description


def page_description(project: Project, ref: PageRef, strings: dict[str, Any], data: SiteData,
                     lang: str, title: str) -> str:
    """What a page is, in plain text from its own content, for search engines: the home page
    names the organization and its plan, a direction page what was found (or when it is
    planned), every other page its title and the organization."""
    org = project.plan.organization[lang]
    if ref.kind == "home":
        return describe(org, project.plan.title[lang])
    if ref.kind == "direction":
        direction = project.direction(ref.key)
        findings = direction.findings.meta.findings if direction and direction.findings else []
        examined = [f for f in findings if f.assessment != "not-assessed"]
        if examined:
            risks = [f for f in examined if f.assessment == "risk"]
            found = UiText(strings["results_text"]).format(
                examined=len(examined), risks=len(risks),
                recommendations=sum(1 for f in risks if f.recommendation))
            return describe(title, str(found))
        row = next((r for r in data.rows if r.direction == ref.key), None)
        if row is not None and row.deadline is not None:
            when = row.deadline_text.get(lang) or numeric(row.deadline)
            planned = f"{strings['col']['deadline']}: {when}"
            return describe(title, planned, org)
        return describe(title, org)
    return describe(title, org)


def describe(*parts: str) -> str:
    """Sentences on one line, at most DESCRIPTION_MAX characters (cut after a word, with '…')."""
    text = ". ".join(" ".join(part.split()).rstrip(".") for part in parts if part.strip())
    if len(text) <= DESCRIPTION_MAX:
        return text
    cut = text[:DESCRIPTION_MAX]
    cut = cut[:cut.rindex(" ")] if " " in cut else cut[:DESCRIPTION_MAX - 1]
    return cut.rstrip(" ,;:.—–-") + "…"


def with_description(markdown: str, description: str) -> str:
    """The page's Markdown with `description` in its front matter (a page template may have
    one already: the key goes first, so a portal's own template can set another)."""
    line = f"description: {json.dumps(description, ensure_ascii=False)}\n"  # YAML, quoted
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown.removeprefix("---\n")
    return "---\n" + line + "---\n" + markdown


def source_of(project: Project, ref: PageRef) -> str:
    """The portal file a page is mostly written from, for messages."""
    if ref.kind == "page":
        return f"content/pages/{ref.key}.md"
    if ref.kind == "direction":
        direction = project.direction(ref.key)
        return (f"content/findings/{ref.key}.md" if direction and direction.findings
                else f"indicators/{ref.key}.yaml")
    if ref.kind == "reference":
        return "content/reference/"
    if ref.kind == "register":
        return "content/findings/"
    if ref.kind == "measures":
        return "measures.yaml"
    if ref.kind == "changes":
        return "plan.yaml"
    return "plan.yaml"


def _titles(project: Project, s: dict[str, Any], lang: str) -> dict[PageRef, str]:
    titles = {HOME: s["home"], REFERENCE: s["reference"], REGISTER: s["register"],
              MEASURES: s["measures_title"], CHANGES: s["changes"]}
    for d in project.directions:
        titles[direction_page(d.id)] = f"{d.number}. {d.spec.title[lang]}"
    for p in project.pages:
        titles[PageRef("page", p.slug)] = p.meta.title[lang]
    return titles


def _common(project: Project, ctx: BuildContext, data: SiteData, lang: str) -> dict[str, Any]:
    rows = data.rows

    def fmt_date(value: date | None, empty: str = "—") -> str:
        """Dates in tables, deadlines and signature blocks: 13.02.2025."""
        return numeric(value) if value else empty

    refs = page_list(project, changes=ctx.history is not None)
    cells, unscored = risk_map(data.register)

    def short_work(row: ItemRow) -> str:
        """A table's work title: the direction's name (the full wording is on its page); a
        task's own title."""
        direction = project.direction(row.direction)
        return direction.spec.title[lang] if direction and row.kind == "collect" \
            else row.work[lang]

    def page_changed(ref: PageRef) -> tuple[date | None, bool]:
        """When the page's sources last changed, and (intranet) if some are uncommitted."""
        if ctx.history is None:
            return None, False
        day, dirty = ctx.history.changed(page_sources(project, ref, ctx.public))
        return day, dirty and not ctx.public

    def item_target(row: ItemRow) -> tuple[PageRef, str]:
        """Where an item is described: its direction's page, the reference (its preparation,
        signing, agreement), or (a task, an order) its own row of the plan on the home page."""
        if row.direction and project.direction(row.direction):
            return direction_page(row.direction), ""
        if row.kind in ("reference", "signing", "agreement"):
            return REFERENCE, "" if row.kind == "reference" else "agreement"
        return HOME, f"item-{row.number}"

    return {
        "project": project,
        "plan": project.plan,
        "lang": lang,
        "s": ui_strings(ctx.strings[lang]),  # texts that escape themselves (uitext.py)
        "rows": rows,
        "row_by_number": {r.number: r for r in rows},
        "statuses": STATUSES,
        "counts": summary([r.status for r in rows]),
        "done_of": done_count,  # done on time or late (domain/status.py)
        "measures": data.measures,
        "measure_counts": summary([m.status for m in data.measures]),
        "register": data.register,
        "register_of": {row.key: row for row in data.register},
        "risk_cells": cells,
        "unscored": unscored,
        "pages_present": {"register": REGISTER in refs},
        "page_changed": page_changed,
        "change_rows": lambda: change_rows(project, ctx, lang),
        # Internal notes of measures (the public build has none: its filter drops them).
        "internal_notes": {md.measure.number: md.measure.note for md in project.measures
                           if md.measure.note},
        "info": ctx,
        "markdown_extensions": tuple(project.site.markdown_extensions),
        # "As of" is running text: kk «2025 жылғы 15 қаңтардағы», ru «15 января 2025 г.».
        "today_text": in_words(ctx.today, lang, locative=True),
        "date": fmt_date,
        "item_target": item_target,
        "short_work": short_work,
        "reference": data.reference,
        "REFERENCE": REFERENCE,
        "direction_page": direction_page,
        "due_soon_days": project.plan.settings.due_soon_days,
        "proposed_text": proposed_text,
        "proposed_in": proposed_in,
        # A date inside a sentence: kk «2026 жылғы 27 қарашада» (case "loc"), ru «27 ноября
        # 2026 г.»; tables keep `date` (27.11.2026).
        # (`in_lang`: inside a sentence of the other language, Project.approval_language.)
        "date_words": lambda value, case="nom", in_lang=None: date_in_words(
            value, in_lang or lang, case),
        "level_of": lambda score: risk_level(score, project.plan.settings.risk_levels),
        "levels": data.reference.level_counts(project.plan.settings.risk_levels),
        # For the browser script, which writes the reader's date as `in_words` does.
        "months": month_names(lang, locative=True),
    }
