"""Render the portal's pages as plain Markdown (Jinja2 templates from site_templates/).

Nothing here knows about MkDocs: the output is a list of Markdown pages per language,
identical in paths across languages, that any Markdown site engine can build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, get_month_names
from markupsafe import Markup

from generator.model import Project
from generator.reference import ReferenceData, reference_data
from generator.resources import template_dirs
from generator.status import STATUSES, summary
from generator.views import ItemRow, item_rows

# HTML's special characters and those Markdown would interpret, replaced in one pass (two
# passes would escape the '#' of the first pass's entities); as entities they render literally.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
            **{c: f"&#{ord(c)};" for c in "\\`*_[]|#~!"}}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_ANY_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def md_text(value: object) -> Markup:
    """Escape a plain data text for Markdown and HTML: `<script>` shows as text."""
    text = str(value)
    return Markup(text.translate(_ESCAPE_TABLE) if _ANY_SPECIAL.search(text) else text)


def md_prose(value: object) -> Markup:
    """Team-written Markdown from content/: rendered as Markdown, on purpose."""
    return Markup(str(value))


def page_url(path: str) -> str:
    """Directory-style URL of a page, relative to its language root."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def root_prefix(path: str) -> str:
    """Relative path from a page to the site root (above the language folders)."""
    return "../" * (page_url(path).count("/") + 1)


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "directions/personnel.md", the same in every language
    title: str
    markdown: str


@dataclass(frozen=True)
class SiteData:
    """What every page and export shares, computed once per build."""

    rows: list[ItemRow]
    reference: ReferenceData


def site_data(project: Project, strings: dict[str, Any], today: date) -> SiteData:
    return SiteData(item_rows(project, today, strings), reference_data(project))


@dataclass(frozen=True)
class BuildInfo:
    today: date
    public: bool
    commit: str | None
    pdf: bool


def environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(root)]),
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
    env.filters["prose"] = md_prose
    return env


def render_pages(project: Project, strings: dict[str, Any], info: BuildInfo, data: SiteData,
                 lang: str, env: jinja2.Environment) -> list[Page]:
    s = strings[lang]
    rows = data.rows

    def fmt_date(value: date | None, empty: str = "—") -> str:
        return format_date(value, "long", locale=lang) if value else empty

    def item_link(row: ItemRow) -> str:
        if row.direction:
            return f"directions/{row.direction}.md"
        return "reference.md#agreement" if row.kind == "agreement" else "reference.md"

    common = {
        "project": project,
        "plan": project.plan,
        "lang": lang,
        "s": s,
        "rows": rows,
        "row_by_number": {r.number: r for r in rows},
        "statuses": STATUSES,
        "counts": summary([r.status for r in rows]),
        "info": info,
        "today_text": fmt_date(info.today),
        "date": fmt_date,
        "item_link": item_link,
        "reference": data.reference,
        "due_soon_days": project.plan.settings.due_soon_days,
        # For the browser script, which writes today's date the way Babel does.
        "months": [get_month_names("wide", "format", lang)[m] for m in range(1, 13)],
    }

    def render(template: str, path: str, title: str, **extra: Any) -> Page:
        context = {**common, "path": path, "root": root_prefix(path), **extra}
        return Page(path, title, env.get_template(template).render(context))

    pages = [render("pages/home.md.j2", "index.md", s["home"])]
    for direction in project.directions:
        pages.append(render(
            "pages/direction.md.j2", f"directions/{direction.id}.md",
            f"{direction.number}. {direction.spec.title[lang]}", direction=direction,
            item=project.item_for_direction(direction.id)))
    pages.append(render("pages/reference.md.j2", "reference.md", s["reference"]))
    for page in project.pages:
        pages.append(render("pages/page.md.j2", f"pages/{page.slug}.md",
                            page.meta.title[lang], page=page))
    return pages
