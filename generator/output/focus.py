"""`adal serve`'s first step after an edit: the pages the author is looking at, built alone.

Building the whole site again takes seconds on a large portal (the 100× portal: every page of
both languages rendered, written and compared). The open page asks the preview for
`live.json` with its own address four times a second, so the preview knows which pages are
open. After an edit, before the whole build, each of them is rendered again from the edited
portal, written over its Markdown in the previous build's engine input (which the preview
keeps: `build(keep_work=…)`) and built alone by the engine into a folder of its own
(`engine.build_focus`), with the previous build's navigation and every other page as it was.
The preview serves that file at the page's address until the whole build is switched in
(serve.py); the page reloads once more only if the whole build made it differently — when the
edit also changed what the page shows of other pages (a title in the navigation).

Pure of the preview's state: given the edited portal, the kept folder and the addresses, it
returns the built files. A page that is new since the previous build, or whose Markdown the
edit did not change, is not built here: the whole build shows it.
"""

from __future__ import annotations

import calendar
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from generator import collector
from generator.domain.model import Project
from generator.domain.publicity import for_build
from generator.output import engine
from generator.output.build import context_for, current_pages, withheld_pages
from generator.output.pages import PageRef, page_list
from generator.output.render import environment, site_data
from generator.output.years import years_of


def page_at(path: str, languages: tuple[str, ...], refs: list[PageRef]
            ) -> tuple[str, PageRef] | None:
    """The language and page of a site address ('/kk/directions/budget/', '/ru/',
    '/kk/reference/index.html'); None for any other (an earlier analysis's page, a file)."""
    address = unquote(path.split("?", 1)[0].split("#", 1)[0])
    parts = address.removeprefix("/").split("/", 1)
    if not address.startswith("/") or len(parts) != 2 or parts[0] not in languages:
        return None
    lang, rest = parts
    rest = rest.removesuffix("index.html")
    return next(((lang, ref) for ref in refs if ref.url == rest), None)


def html_of(ref: PageRef) -> str:
    """Where the engine writes a page's HTML under its language (directory URLs)."""
    return ref.url + "index.html"


def build_focus(project: Project, today: date, public: bool, work: Path, paths: list[str],
                folder: Path, pool: Executor | None) -> dict[str, Path]:
    """Build the pages at `paths` (site addresses) alone into `folder` from the edited
    `project`, with the engine input the previous build left in `work`. Returns each address
    whose page was built, with its HTML file."""
    ctx = context_for(project, today, public=public, pdf=False, live=True)
    view = for_build(project, ctx.public)
    refs = page_list(view, changes=ctx.history is not None)
    wanted: dict[str, dict[str, list[str]]] = {}  # language -> source -> addresses
    for path in paths:
        found = page_at(path, ctx.languages, refs)
        if found is not None:
            lang, ref = found
            wanted.setdefault(lang, {}).setdefault(ref.src, []).append(path)
    if not wanted:
        return {}
    with collector.set_aside():  # the checked portal is not walked again and again
        data = site_data(view, ctx)
        years = years_of(project, view, ctx)
    withheld = withheld_pages(project, view, ctx)
    env = environment(project.root)
    epoch = calendar.timegm(today.timetuple())
    jobs = []
    for lang, sources in wanted.items():
        config = work / f"mkdocs.{lang}.yml"
        docs = work / "docs" / lang
        changed = []
        for page in current_pages(view, ctx, data, lang, env, None, withheld, years,
                                  only=frozenset(sources)):
            source = docs / page.ref.src
            if not config.is_file() or not source.is_file() or \
                    source.read_text("utf-8") == page.markdown:
                continue  # a new page, or one the edit left as it was
            source.write_text(page.markdown, "utf-8")
            changed.append(page.ref)
        if not changed:
            continue
        site = folder / lang
        args = (str(config), epoch, [ref.src for ref in changed], str(site))
        if pool is None:
            engine.build_focus(*args)
            jobs.append((None, lang, changed, site))
        else:  # both languages at once, in the two workers
            jobs.append((pool.submit(engine.build_focus, *args), lang, changed, site))
    built: dict[str, Path] = {}
    for job, lang, changed, site in jobs:
        if job is not None:
            job.result()
        for ref in changed:
            html = site / html_of(ref)
            if html.is_file():
                built.update({path: html for path in wanted[lang][ref.src]})
    return built
