"""Where Adal's shipped files are: its site templates and the standard indicator catalog.

A bottom-level module (like errors.py): every stage may ask it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str, checkout_folder: str) -> Path:
    """A data folder installed as a subpackage; from a source checkout (editable install, or
    tests importing ./generator) it is the checkout's own folder of that name."""
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / checkout_folder


def shipped_dir() -> Path:
    return _package_dir("generator.site_templates", "site_templates")


def catalog_dir() -> Path:
    """The standard nine directions' indicator catalog that `adal init` copies."""
    return _package_dir("generator.catalog", "indicators")
