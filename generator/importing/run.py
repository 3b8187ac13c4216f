"""`adal import`: read the document, parse its plan, write the portal and the report."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import UsageError
from generator.importing.parse import Lang, ParsedPlan, columns, parse_plan
from generator.importing.read import DocumentError, read_docx
from generator.importing.write import REPORT, load_catalog, write_portal
from generator.messages import t


def import_plan(document: Path, target: Path, lang: Lang | None) -> tuple[ParsedPlan, list[str]]:
    """Import `document` into the new portal `target`; raise DocumentError (one plain message)
    when the document is not a plan Adal can read or the portal cannot be written (then
    nothing is left behind), UsageError when `target` is a link."""
    if target.is_symlink():  # also a dangling one: never write through a link
        raise UsageError(t("import_into_link", dir=target))
    tables = read_docx(document)
    if not tables:
        raise DocumentError(t("import_no_table", path=document))
    chosen = next((table for table in tables if table.rows and columns(table.rows[0])), None)
    if chosen is None:
        first = tables[0].rows[0] if tables[0].rows else []
        raise DocumentError(t("import_other_columns", path=document,
                              found=" | ".join(" ".join(cell) for cell in first) or "—"))
    catalog = load_catalog()
    before = [line for table in tables[:tables.index(chosen) + 1] for line in table.before]
    plan = parse_plan(before, chosen.rows, lang, catalog)
    if not plan.items:
        raise DocumentError(t("import_no_items", path=document))
    made = _first_missing(target)
    try:
        lines = write_portal(plan, target, catalog, document.name)
    except OSError as exc:
        _remove_written(target, made)
        raise DocumentError(t("import_cannot_write", dir=target,
                              reason=exc.strerror or type(exc).__name__)) from None
    return plan, lines


def _first_missing(target: Path) -> Path | None:
    """The outermost folder of `target` that does not exist yet (the import makes it), or
    None when `target` exists (an empty folder)."""
    missing = None
    for folder in (target, *target.parents):
        try:
            present = folder.exists() or folder.is_symlink()
        except OSError:  # cannot even look: certainly not made by this import
            present = True
        if present:
            return missing
        missing = folder
    return missing


def _remove_written(target: Path, made: Path | None) -> None:
    """Undo a failed write: the folders the import made, or what it wrote into the empty
    folder it was given. Nothing else was there, so nothing else is removed."""
    try:
        if made is not None:
            shutil.rmtree(made)
        elif target.is_dir() and not target.is_symlink():
            for child in target.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
    except OSError:
        pass  # the message names the folder; what could not be removed stays visible there


__all__ = ["REPORT", "DocumentError", "import_plan"]
