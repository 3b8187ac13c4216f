"""The thin engine step: Markdown pages on disk -> ProperDocs + Material, one build per language.

Every import of the engine is in this module (with its hooks `csp_hook.py` and
`template_hook.py`, and its plugin `engine_plugin.py`; the theme's overrides are in
site_templates/overrides/). Switching engines means replacing this file, its config template
`mkdocs.yml.j2` and those overrides, not the generator. Adal builds with ProperDocs (the
maintained continuation of MkDocs 1.x); MkDocs 1.6, which Material still pulls in, can build
the same configurations for comparison: `python -m generator.output.engine mkdocs EPOCH
CONFIG...` (bench/engines.py does).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator.errors import BuildError
from generator.messages import t
from generator.resources import shipped_dir

if TYPE_CHECKING:  # the workers import this module: not the schema's models (0.25 s each)
    from generator.domain.schema import SiteConfig
    from generator.output.pages import Page


class EngineError(BuildError):
    pass


def write_docs(docs: Path, pages: Iterable[Page]) -> None:
    for page in pages:
        path = docs / page.ref.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")


def nav_of(pages: list[Page], strings: dict[str, Any]) -> list[Any]:
    """Home, the directions as one section, the reference, then extra pages."""
    from generator.output.pages import KINDS

    by_kind: dict[str, list[dict[str, str]]] = {}
    for page in pages:
        by_kind.setdefault(page.ref.kind, []).append({page.title: page.ref.src})
    nav: list[Any] = []
    for kind, spec in KINDS.items():  # in the table's order (output/pages.py)
        entries = by_kind.get(kind, [])
        if spec.nav == "home":
            nav.extend({strings["home"]: entry[next(iter(entry))]} for entry in entries)
        elif spec.nav == "section" and entries:
            nav.append({strings[spec.section]: _chunked(entries)})
        elif spec.nav == "single":
            nav.extend(entries)
    return nav


def not_in_nav(config: Path, folders: list[str]) -> None:
    """Pages under `folders` (`/2024/`) are reached by links, not the navigation: the engine
    is told so in its configuration (`not_in_nav`), so it does not warn about each one."""
    if folders:
        with config.open("a", encoding="utf-8") as out:
            out.write("\nnot_in_nav: |\n" + "".join(f"  {f}\n" for f in folders))


NAV_CHUNK = 100


def _chunked(entries: list[dict[str, str]]) -> list[Any]:
    """Material renders the whole navigation into every page: past ~100 entries, nest them in
    groups of 100 so that `navigation.prune` keeps each page's navigation small."""
    if len(entries) <= NAV_CHUNK:
        return entries
    return [{f"{i + 1}–{min(i + NAV_CHUNK, len(entries))}": entries[i:i + NAV_CHUNK]}
            for i in range(0, len(entries), NAV_CHUNK)]


@functools.lru_cache(maxsize=2)
def _config_template(folder: str) -> jinja2.Template:
    """`mkdocs.yml.j2`, compiled once per process (adal serve writes two configs per build).
    The engine's configuration is Adal's own: a portal's could add hooks or Python tags."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder),
                             undefined=jinja2.StrictUndefined, autoescape=False)
    return env.get_template("mkdocs.yml.j2")


def write_config(work: Path, lang: str, site_dir: Path, site_name: str,
                 alternate: list[dict[str, str]], nav: list[Any], live: bool = False,
                 offline: bool = False, site: SiteConfig | None = None) -> Path:
    """One language's MkDocs configuration: Adal's own, with the look the portal's
    mkdocs.yml chose (`site`: only the keys schema.SiteConfig allows) merged in."""
    if site is None:
        from generator.domain.schema import SiteConfig

        site = SiteConfig()
    site_url = site.site_url.rstrip("/") + f"/{lang}/" if site.site_url else None
    text = _config_template(str(shipped_dir())).render(
        site_name=site_name, docs_dir=str(work / "docs" / lang), site_dir=str(site_dir),
        overrides=str(work / "overrides"), lang=lang, alternate=alternate, nav=nav,
        offline=offline, site_url=site_url, palette=site.theme.palette.model_dump(),
        logo=site.theme.logo, favicon=site.theme.favicon,
        extra_css=["assets/adal.css", *site.extra_css],
        extensions=site.markdown_extensions,
        # Material prints the copyright line as HTML: the portal's text is escaped.
        copyright=html.escape(site.copyright) if site.copyright else None,
        scripts=["assets/adal.js"] + (["assets/adal-live.js"] if live else []),
        hooks=[str(Path(__file__).with_name(name)) for name in HOOKS])
    path = work / f"mkdocs.{lang}.yml"
    path.write_text(text, encoding="utf-8")
    return path


HOOKS = ("csp_hook.py", "template_hook.py")


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as this process compiled them for its earlier builds, in memory.

    Compiling Material's templates (base.html and its partials) is a third of a small site's
    build; `adal serve`'s workers build again after each edit, in the same process. The engine
    makes a new Jinja environment per build; `template_hook.py` gives it this cache. Jinja
    reuses a compiled template only when its source is the same (it compares the source's
    checksum, and its own version's magic); the key adds the template's name and file and
    every setting of the environment that changes the code it compiles, so an edited
    template, another theme or an engine that sets its environment up otherwise compiles
    afresh. Nothing is written to disk: compiled code read from a portal's folder could run
    whatever was put there."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self.compiled: list[str] = []  # the file of each template compiled, in order

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        key = self.get_cache_key(json.dumps([name, filename, _compiled_by(environment, name)]))
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is None:
            self.compiled.append(filename or name)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._kept.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)  # reset by Jinja when the checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


def _compiled_by(env: jinja2.Environment, name: str) -> list[Any]:
    """What of an environment its compiled code depends on."""
    escape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return [sorted(env.extensions), sorted(env.filters), sorted(env.tests), bool(escape),
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            env.optimized, env.finalize is not None, env.is_async,
            getattr(env, "newstyle_gettext", None), env.code_generator_class.__qualname__]


COMPILED = CompiledTemplates()  # this process's; the hook hands it to each build

ENGINE = "properdocs"
ENGINES = ("properdocs", "mkdocs")  # what one process can build with (one of them per process)
NAMES = {"properdocs": "ProperDocs", "mkdocs": "MkDocs"}


def _engine(name: str = ENGINE) -> tuple[Any, Any, type[Exception]]:
    """The engine's `build`, `load_config` and error class, imported in this process.

    Material imports `mkdocs.*`: under ProperDocs its `replacement` module serves those imports
    from ProperDocs, as `properdocs build` does, so a process builds with one engine only."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice
    if name == "properdocs":
        import properdocs.replacement  # noqa: F401
        from properdocs.commands.build import build
        from properdocs.config import load_config
        from properdocs.exceptions import ProperDocsException as Failure
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException as Failure
    return build, load_config, Failure


# The theme's templates (under Material's `templates/`) that a build of a language's site
# compiles: the page, its partials and the icons it includes (`test_build_cost.py` builds a
# site and checks that this list is the whole of it). The overrides, written into each
# build's own folder, are not among them.
THEME_TEMPLATES = (
    "base.html", "partials/actions.html", "partials/comments.html", "partials/content.html",
    "partials/copyright.html", "partials/feedback.html", "partials/footer.html",
    "partials/header.html", "partials/icons.html", "partials/integrations/analytics.html",
    "partials/javascripts/base.html", "partials/javascripts/content.html",
    "partials/language.html", "partials/languages/en.html", "partials/languages/ru.html",
    "partials/logo.html", "partials/nav.html", "partials/nav-item.html",
    "partials/source-file.html", "partials/tags.html", "partials/toc.html",
    "partials/toc-item.html", "partials/top.html", ".icons/material/arrow-left.svg",
    ".icons/material/arrow-up.svg", ".icons/material/close.svg",
    ".icons/material/library.svg", ".icons/material/magnify.svg", ".icons/material/menu.svg",
    ".icons/material/translate.svg")


def warm(name: str = ENGINE) -> None:
    """Import the engine and the theme's search plugin, and compile the theme's templates
    (`THEME_TEMPLATES`, into `COMPILED`), now: a worker does it while the main process
    checks the portal and writes the pages (issue 20: compiling them was a third of the
    engine's time for a small site, on the build's critical path)."""
    _engine(name)
    import material.plugins.search.plugin  # noqa: F401

    if name == "properdocs":
        from properdocs.theme import Theme
    else:
        from mkdocs.theme import Theme
    try:
        env = Theme(name="material").get_env()
    except Exception:  # another theme version or engine: compiled by the build instead
        return
    env.bytecode_cache = COMPILED
    for template in THEME_TEMPLATES:
        with contextlib.suppress(Exception):  # the build compiles what is missing here
            env.get_template(template)


class NotPageByPage(Exception):
    """A site that cannot be built page by page (`build_pages`): it is built whole. Its text
    is for developers: it never reaches a user."""


class Unmergeable(ValueError):
    """A search index `merge_search_index` cannot form exactly (its text never reaches a
    user: the site is built whole)."""


_DIRTY_NOTICE = "A 'dirty' build is being performed"
_FAR = 4_102_444_800  # 2100-01-01: a changed page's time, later than any built file's
SOURCES_DATED = 946_684_800  # 2000-01-01: every other source's (reuse.site_job links only
# HTML dated after it: the engine skips those pages)


def build_pages(config_path: str, epoch: int, docs: Path, changed: list[str],
                name: str = ENGINE) -> list[str]:
    """Build only the `changed` Markdown pages (paths under `docs`) into a site folder that
    holds the previous build of the same configuration: the engine's `dirty` build, which
    builds a page only when its source is newer than its HTML (so every other source is
    dated long ago, and the changed ones after any built file). The engine writes the
    theme's templates (sitemap, 404) again, and a search index of the built pages only:
    `merge_search_index` puts the other pages' entries back from the previous one. The
    caller (reuse.site_job) makes sure nothing but these pages' text changed."""
    marked = set(changed)
    before: dict[str, Any] = {}

    def prepare(config: Any) -> None:
        """Once the engine has read the configuration: the sources dated, the previous
        index kept, the changed pages' URLs (offline, the theme's `offline` plugin turns
        directory URLs off)."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        try:
            for rel in _walk(docs):
                stamp = _FAR if rel in marked else SOURCES_DATED
                os.utime(docs / rel, (stamp, stamp), follow_symlinks=False)
            before["text"] = index.read_text("utf-8")
        except OSError as exc:
            raise NotPageByPage(str(exc)) from None
        directories = config.use_directory_urls and not config.extra.get("adal_offline")
        before.update(index=index, urls=page_urls(changed, directories, name))

    warnings = _build_one(config_path, epoch, name, dirty=True, prepare=prepare)
    index: Path = before["index"]
    try:
        merged = merge_search_index(before["text"], index.read_text("utf-8"), before["urls"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotPageByPage(str(exc)) from None
    index.write_text(merged, "utf-8")
    inline = index.with_name("search_index.js")
    if inline.is_file():  # offline: the index inlined as the `offline` plugin writes it
        inline.write_text(f"var __index = {merged}", "utf-8")
    return warnings


def build_focus(config_path: str, epoch: int, pages: list[str], site_dir: str,
                name: str = ENGINE) -> None:
    """Build only `pages` (paths under the configuration's docs folder) into `site_dir`, an
    empty folder: `adal serve` shows the page the author looks at before the whole site is
    built again (output/focus.py). Every other page of the docs folder is in the navigation
    as the configuration has it, and is neither read nor written (the engine's `dirty` build,
    told which files changed); nothing else of the site is copied. The engine's warnings are
    left to the whole build that follows."""
    marked = set(pages)

    def only_these(files: Any, config: Any) -> Any:
        for file in files:
            file.is_modified = (lambda: True) if file.src_uri in marked else (lambda: False)
        return files

    def prepare(config: Any) -> None:
        config["site_dir"] = site_dir
        register = getattr(config.plugins, "_register_event", None)
        if register is None:  # another engine version: no page alone
            raise NotPageByPage("no way to mark the changed files")
        register("files", only_these, "adal-focus")

    _build_one(config_path, epoch, name, dirty=True, prepare=prepare)


def page_urls(pages: list[str], directories: bool, name: str = ENGINE) -> set[str]:
    """The URLs the engine gives these Markdown pages (paths under the docs folder) and
    the theme's search index names them by: the engine's `Page.url` (the home page's is '')."""
    if name == "properdocs":
        from properdocs.structure.files import File
    else:
        from mkdocs.structure.files import File
    urls = {File(rel, "docs", "site", directories).url for rel in pages}
    return {"" if url in (".", "./") else url for url in urls}


def _walk(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_index(before: str, built: str, rebuilt: set[str]) -> str:
    """The theme's search index of the whole site, from the previous build's (`before`) and
    one that indexed only the pages at `rebuilt` (their URLs): each page's entries where
    that page stands in the previous index, the rebuilt ones' replaced. Written as the
    theme writes it (Material's `generate_search_index`). Unmergeable when it cannot be
    formed exactly: a rebuilt page with entries that the previous index does not place, or an
    entry of a page that was not rebuilt."""
    old, new = json.loads(before), json.loads(built)
    if not isinstance(old, dict) or not isinstance(new, dict) or \
            set(old) != {"config", "docs"} or set(new) != {"config", "docs"} or \
            old["config"] != new["config"]:
        raise Unmergeable("search index")
    fresh: dict[str, list[Any]] = {}
    for entry in new["docs"]:
        page = _page_of(entry["location"])
        if page not in rebuilt:
            raise Unmergeable(f"search entry of a page not rebuilt: {page}")
        fresh.setdefault(page, []).append(entry)
    order: list[str] = []
    kept: dict[str, list[Any]] = {}
    for entry in old["docs"]:
        page = _page_of(entry["location"])
        if page not in kept:
            order.append(page)
            kept[page] = []
        kept[page].append(entry)
    if not fresh.keys() <= kept.keys():  # a page without entries before may stay without
        raise Unmergeable("a rebuilt page the previous index does not place")
    docs = [entry for page in order
            for entry in (fresh.get(page, []) if page in rebuilt else kept[page])]
    return json.dumps({"config": new["config"], "docs": docs}, separators=(",", ":"),
                      default=str)


def _build_one(config_path: str, epoch: int, name: str = ENGINE, dirty: bool = False,
               prepare: Callable[[Any], None] | None = None) -> list[str]:
    """Run the engine for one config; return its warnings. Runs in a worker process.
    `dirty`: the engine's build of the pages whose source is newer than their HTML
    (`build_pages`), whose notice about it is not a warning of the site; `prepare`: called
    with the configuration once the engine has read it, before the build."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates: from --today, not the clock
    build, load_config, Failure = _engine(name)
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING and not (
                    dirty and record.getMessage().startswith(_DIRTY_NOTICE)):
                warnings.append(t("engine_warning", engine=NAMES[name],
                                  text=record.getMessage()))

    # The engine logs as itself; Material and other plugins log as `mkdocs.*` under both.
    loggers = [logging.getLogger(n) for n in dict.fromkeys((name, "mkdocs"))]
    handler = Collect()
    for logger in loggers:
        logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
    try:
        with _libyaml(name):
            config = load_config(config_path)
        _titles_as_text(config)
        if prepare is not None:
            prepare(config)
        build(config, dirty=dirty)
    except Failure as exc:
        raise EngineError(t("engine_failed", engine=NAMES[name], error=exc)) from None
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return warnings


@contextlib.contextmanager
def _libyaml(name: str) -> Iterator[None]:
    """The engine reads its configuration with PyYAML's loader written in Python: the 100×
    portal's (a navigation of 1,800 pages) took 0.25 s of every build of a language, 0.4 s
    of a page built alone (`build_focus`). Within, it reads it with the same loader's C
    parser (libyaml: the same constructor and resolver, the same data from Adal's
    configurations — tests/test_engine_config.py compares them), where PyYAML has it."""
    import yaml

    module = importlib.import_module(f"{name}.utils.yaml")
    loader = module.get_yaml_loader
    defaults = loader.__defaults__
    if not yaml.__with_libyaml__ or not defaults or defaults[0] is not yaml.Loader:
        yield
        return
    loader.__defaults__ = (yaml.CLoader, *defaults[1:])
    try:
        yield
    finally:
        loader.__defaults__ = defaults


def _titles_as_text(config: Any) -> None:
    """Material prints the site name and navigation titles as HTML, unescaped, and escapes
    them only in a few attributes. Hand it escaped text marked safe (Markup): printed raw it
    shows as text, and `| e` leaves it as it is, so nothing is escaped twice."""
    from markupsafe import Markup, escape

    def walk(entries: Any) -> Any:
        if isinstance(entries, list):
            return [walk(e) for e in entries]
        if isinstance(entries, dict):
            return {Markup(escape(k)): walk(v) for k, v in entries.items()}
        return entries

    config["site_name"] = Markup(escape(config["site_name"]))
    config["nav"] = walk(config["nav"])


def build_sites(configs: list[Path], epoch: int, pool: Executor | None = None) -> list[str]:
    """Build every language, in the worker pool when there is one; return the warnings."""
    return finish_sites(start_sites(configs, epoch, pool))


Pending = list[Future[list[str]] | list[str]]


def start_sites(configs: list[Path], epoch: int, pool: Executor | None = None) -> Pending:
    """Start building every language; in the pool they run while the caller goes on."""
    if pool is None:
        return [_build_one(str(c), epoch) for c in configs]
    return [pool.submit(_build_one, str(c), epoch) for c in configs]


def finish_sites(pending: Pending) -> list[str]:
    results = [p.result() if isinstance(p, Future) else p for p in pending]
    return [w for warnings in results for w in warnings]


def main(argv: list[str]) -> int:
    """`python -m generator.output.engine ENGINE EPOCH CONFIG...`: build the configurations
    Adal wrote with one engine in this fresh process; print the engine, seconds and warnings
    as JSON (bench/engines.py and tests/test_engine_swap.py compare engines with it)."""
    parser = argparse.ArgumentParser(prog="python -m generator.output.engine")
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("epoch", type=int)
    parser.add_argument("configs", nargs="+")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        warnings = [w for c in args.configs for w in _build_one(c, args.epoch, args.engine)]
    except EngineError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps({"engine": args.engine, "seconds": time.perf_counter() - started,
                      "warnings": warnings}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
