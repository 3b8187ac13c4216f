"""Where templates come from: Adal's shipped set, overlaid by the portal's own
`site_templates/` when it has one (file by file, like Hugo's layouts). The interface strings
(strings.yaml) are data: the check stage reads and checks them (`check/strings.py`) and the
build gets them with the `Project`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.domain.grammar import inflectable
from generator.domain.schema import portal_template_allowed
from generator.errors import BuildError
from generator.messages import t
from generator.resources import shipped_dir


def template_dirs(project_root: Path) -> list[Path]:
    """Search path, most specific first."""
    own = project_root / "site_templates"
    return [own, shipped_dir()] if own.is_dir() and own.resolve() != shipped_dir().resolve() \
        else [shipped_dir()]


def portal_page_templates(root: Path) -> list[Path]:
    """The portal's page templates that differ from Adal's own (a copy overrides nothing)."""
    own = root / "site_templates" / "pages"
    shipped = shipped_dir() / "pages"
    if not own.is_dir() or own.resolve() == shipped.resolve():
        return []
    return [p for p in sorted(own.glob("*.md.j2"))
            if not (shipped / p.name).is_file()
            or p.read_bytes() != (shipped / p.name).read_bytes()]


def overlay_copy(root: Path, relative: str, target: Path, portal: bool = True) -> None:
    """Copy a template folder, the portal's own files (when `portal`) overriding Adal's
    shipped ones. From a portal only what it may hold is copied (stylesheets, images, fonts:
    `portal_template_allowed`); a link out of its folder fails the build (the check stage
    reports both first, with their paths)."""
    shipped = shipped_dir()
    for folder in reversed(template_dirs(root) if portal else [shipped]):
        source = folder / relative
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if "__pycache__" in path.parts or path.suffix == ".pyc" or path.is_dir():
                continue
            if not path.resolve().is_relative_to(folder.resolve()):
                raise BuildError(t("template_link_out", path=path))
            if folder != shipped and not portal_template_allowed(path.relative_to(folder).parts):
                continue
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


class PortalSandbox(ImmutableSandboxedEnvironment):
    """Page templates may come from a portal: Jinja's sandbox (no private attributes, no
    changing data), and no file-system path either — a template gets text and data, it
    cannot read or write files through `project.root` and its like."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) or isinstance(getattr(value, "__self__", None), PurePath):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """The sandbox's `str.format`, with numbers as `Num`: an interface string may inflect
        them (`{n:dat}` «16-ға», `{n:пункт|пункта|пунктов}`; domain/grammar.py)."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        inner = wrapper

        def inflecting(*args: Any, **kwargs: Any) -> str:
            return inner(*map(inflectable, args), **{k: inflectable(v) for k, v in kwargs.items()})

        return inflecting


class ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template whose real place (links followed) is outside
    its template folder."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate
