"""Where templates and interface strings come from: Adal's shipped set, overlaid by the
portal's own `site_templates/` when it has one (file by file, like Hugo's layouts)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.errors import BuildError


def _package_dir(package: str, checkout_folder: str) -> Path:
    """A data folder installed as a subpackage; from a source checkout (editable install, or
    tests importing ./generator) it is the checkout's own folder of that name."""
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / checkout_folder


def shipped_dir() -> Path:
    return _package_dir("generator.site_templates", "site_templates")


def catalog_dir() -> Path:
    """The standard nine directions' indicator catalog that `adal init` copies."""
    return _package_dir("generator.catalog", "indicators")


def template_dirs(project_root: Path) -> list[Path]:
    """Search path, most specific first."""
    own = project_root / "site_templates"
    return [own, shipped_dir()] if own.is_dir() and own.resolve() != shipped_dir().resolve() \
        else [shipped_dir()]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


@cache
def _read_yaml(path: Path, mtime: float) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text("utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader


def strings(project_root: Path) -> dict[str, dict[str, Any]]:
    merged: dict[str, Any] = {}
    for folder in reversed(template_dirs(project_root)):
        path = folder / "strings.yaml"
        if path.is_file():
            merged = _merge(merged, _read_yaml(path, path.stat().st_mtime))
    return merged


def overlay_copy(root: Path, relative: str, target: Path) -> None:
    """Copy a template folder, the portal's own files overriding Adal's shipped ones. Only
    regular files whose real place is inside their template folder are copied: a link out
    of the portal fails the build (the check stage reports it first, with its path)."""
    for folder in reversed(template_dirs(root)):
        source = folder / relative
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if "__pycache__" in path.parts or path.suffix == ".pyc" or path.is_dir():
                continue
            if not path.resolve().is_relative_to(folder.resolve()):
                raise BuildError(f"{path}: a link out of the portal's templates")
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


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
