"""`adal region`: read region.yaml, read what each organization published, roll it up,
render the pages and build them with the portal's engine step, write the open data, and
switch the site folder in one step (output/publish.py), as `adal build` does."""

from __future__ import annotations

import calendar
import html
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.check.problems import Report
from generator.domain.schema import SiteConfig
from generator.errors import BuildError
from generator.messages import t
from generator.output import engine, publish, workers
from generator.output.csp_hook import with_policy
from generator.output.templates import overlay_copy
from generator.region.config import Region, load_region
from generator.region.opendata import write_open_data
from generator.region.pages import (
    LANGS,
    NAV,
    NOT_IN_NAV,
    ROWS_MARK,
    RegionPage,
    render_site,
    strings,
    url_of,
)
from generator.region.published import Published, Refused, read_published
from generator.region.rollup import RollUp, roll_up
from generator.region.summary import RegionSummary, read_region
from generator.resources import shipped_dir

CSS = "assets/adal-region.css"
REDIRECT = """<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="refresh" content="0; url=kk/"><link rel="canonical" href="kk/"></head>
<body><p>{links}</p></body></html>
"""


@dataclass(frozen=True)
class Outcome:
    out: Path
    roll: RollUp
    warnings: list[str]


def read_all(region: Region) -> dict[str, Published | Refused | RegionSummary]:
    """Each member's published data: an organization's plan.json, a region's region.json."""
    return {m.org.id: read_region(m.folder) if m.is_region else read_published(m.folder)
            for m in region.members}


def _nav(pages: list[RegionPage]) -> list[dict[str, str]]:
    titles = {p.src: p.title for p in pages}
    return [{titles[src]: src} for src in NAV]


def _write_docs(docs: Path, pages: list[RegionPage]) -> None:
    for page in pages:
        path = docs / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")


def _config(work: Path, lang: str, site: Path, name: str, pages: list[RegionPage]) -> Path:
    alternate = [{"name": html.escape(strings()[code]["lang_name"]), "link": f"/{code}/",
                  "lang": code} for code in LANGS]
    path = engine.write_config(work, lang, site, name, alternate, _nav(pages),
                               site=SiteConfig(extra_css=[CSS]))
    # The organizations' own pages and the table's variants are reached from the table:
    # out of the navigation (MkDocs' `not_in_nav`), so every page's navigation stays small.
    with path.open("a", encoding="utf-8") as config:
        config.write("\nnot_in_nav: |\n" + "".join(f"  {p}\n" for p in NOT_IN_NAV))
    return path


def _redirect(region: Region) -> str:
    s = strings()
    links = " · ".join(f'<a href="{lang}/">{html.escape(s[lang]["lang_name"])}</a>'
                       for lang in LANGS)
    return with_policy(REDIRECT.format(title=html.escape(region.spec.name.kk), links=links))


def _put_rows(page: Path, rows: str) -> None:
    """The table's rows into its built page, in place of the one mark the template wrote."""
    text = page.read_text(encoding="utf-8")
    if text.count(ROWS_MARK) != 1:
        raise BuildError(t("region_build_failed", error=page))
    page.write_text(text.replace(ROWS_MARK, rows), encoding="utf-8")


def build_region(path: Path, today: date, out: Path | None, report: Report,
                 parallel: bool = True,
                 on_read: Callable[[RollUp], None] | None = None) -> Outcome | None:
    """Build the regional site into `out` (default: `site/` beside region.yaml); None with
    the problems in `report` when region.yaml has errors. An organization's bad data is no
    error: it is listed on the site with its reason."""
    region = load_region(path, report)
    if region is None:
        return None
    root = path.parent
    target = publish.target_for(out or root / "site", root)
    pool = workers.start(pdf=False) if parallel else None
    roll = roll_up(region, read_all(region), today)
    if on_read is not None:
        on_read(roll)
    staging = publish.staging_for(target)
    work = publish.work_folder()
    try:
        overlay_copy(root, "overrides", work / "overrides", portal=False)
        epoch = calendar.timegm(today.timetuple())
        pending: engine.Pending = []
        rows: list[tuple[Path, str]] = []
        for lang in LANGS:
            pages = render_site(roll, region.spec, lang)
            docs = work / "docs" / lang
            _write_docs(docs, pages)
            overlay_copy(root, "assets", docs / "assets", portal=False)
            shutil.copyfile(shipped_dir() / "region" / "region.css", docs / CSS)
            config = _config(work, lang, staging / lang, getattr(region.spec.name, lang), pages)
            pending += engine.start_sites([config], epoch, pool)
            rows += [(staging / lang / url_of(p.src) / "index.html", p.rows)
                     for p in pages if p.rows is not None]
            del pages
        (staging / "index.html").write_text(_redirect(region), encoding="utf-8")
        write_open_data(roll, region.spec, strings(), staging / "data")
        warnings = list(dict.fromkeys(engine.finish_sites(pending)))
        for page, html_rows in rows:
            _put_rows(page, html_rows)
        publish.finish(staging)
        publish.switch(target, staging)
    except BuildError:
        publish.discard(staging)
        raise
    except Exception as exc:
        publish.discard(staging)
        raise BuildError(t("region_build_failed", error=f"{type(exc).__name__}: {exc}")) \
            from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Outcome(target.out, roll, warnings)
