"""The thin engine step: Markdown pages on disk -> MkDocs + Material, one build per language.

This is the only module that imports MkDocs. Switching engines means replacing this file
(and the theme overrides in site_templates/overrides/), not the generator.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2

from generator.render import Page
from generator.resources import template_dirs


class EngineError(Exception):
    pass


def overlay_copy(root: Path, relative: str, target: Path) -> None:
    """Copy a template folder, the portal's own files overriding Adal's shipped ones."""
    for folder in reversed(template_dirs(root)):
        source = folder / relative
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def write_docs(docs: Path, pages: Iterable[Page]) -> None:
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")


def nav_of(pages: list[Page], strings: dict[str, Any]) -> list[Any]:
    """Home, the directions as one section, the reference, then extra pages."""
    nav: list[Any] = []
    directions = [{p.title: p.path} for p in pages if p.path.startswith("directions/")]
    extra = [{p.title: p.path} for p in pages if p.path.startswith("pages/")]
    for page in pages:
        if page.path == "index.md":
            nav.append({strings["home"]: page.path})
        elif page.path == "reference.md":
            nav.append({strings["directions"]: _chunked(directions)})
            nav.append({page.title: page.path})
    if extra:
        nav.append({strings["pages"]: extra})
    return nav


NAV_CHUNK = 100


def _chunked(entries: list[dict[str, str]]) -> list[Any]:
    """Material renders the whole navigation into every page: past ~100 entries, nest them in
    groups of 100 so that `navigation.prune` keeps each page's navigation small."""
    if len(entries) <= NAV_CHUNK:
        return entries
    return [{f"{i + 1}–{min(i + NAV_CHUNK, len(entries))}": entries[i:i + NAV_CHUNK]}
            for i in range(0, len(entries), NAV_CHUNK)]


def write_config(root: Path, work: Path, lang: str, site_dir: Path, site_name: str,
                 alternate: list[dict[str, str]], nav: list[Any], live: bool = False) -> Path:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(root)]),
                             undefined=jinja2.StrictUndefined, autoescape=False)
    text = env.get_template("mkdocs.yml.j2").render(
        site_name=site_name, docs_dir=str(work / "docs" / lang), site_dir=str(site_dir),
        overrides=str(work / "overrides"), lang=lang, alternate=alternate, nav=nav,
        scripts=["assets/adal.js"] + (["assets/adal-live.js"] if live else []))
    path = work / f"mkdocs.{lang}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _build_one(config_path: str, epoch: int) -> list[str]:
    """Run MkDocs for one config; return its warnings. Runs in a worker process."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates: from --today, not the clock
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    handler = Collect()
    logger.addHandler(handler)
    try:
        config = load_config(config_path)
        build(config)
    except MkDocsException as exc:
        raise EngineError(f"MkDocs: {exc}") from None
    finally:
        logger.removeHandler(handler)
    return warnings


def build_sites(configs: list[Path], epoch: int, parallel: bool = True) -> list[str]:
    """Build every language; in parallel on separate processes when there are cores."""
    if parallel and len(configs) > 1 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=min(len(configs), os.cpu_count() or 1)) as pool:
            results = list(pool.map(_build_one, [str(c) for c in configs],
                                    [epoch] * len(configs)))
    else:
        results = [_build_one(str(c), epoch) for c in configs]
    return [w for warnings in results for w in warnings]
