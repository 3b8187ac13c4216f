"""Where Adal's shipped files are: its site templates and the standard indicator catalog.

A bottom-level module (like errors.py): every stage may ask it.
"""

from __future__ import annotations

from pathlib import Path


def _package_dir(subfolder: str, checkout_folder: str) -> Path:
    """A data folder installed beside the code (generator/<subfolder>); from a source checkout
    (editable install, or tests importing ./generator) the checkout's folder of that name.

    Looked up by path, not by importlib.resources: `generator/catalog` holds only YAML files,
    a namespace package whose `files()` is not a plain folder (and `adal init` used to copy
    nothing from it)."""
    installed = Path(__file__).resolve().parent / subfolder
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / checkout_folder


def shipped_dir() -> Path:
    return _package_dir("site_templates", "site_templates")


def catalog_dir() -> Path:
    """The standard nine directions' indicator catalog that `adal init` copies."""
    return _package_dir("catalog", "indicators")
