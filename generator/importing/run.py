"""`adal import`: read the document, parse its plan, write the portal and the report."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.errors import UsageError
from generator.importing.parse import Lang, NotAPlan, ParsedPlan, language_of, parse_document
from generator.importing.read import DocumentError, read_docx
from generator.importing.write import REPORT, load_catalog, write_portal
from generator.messages import language, set_language, t

_COLUMN_NAMES = {"number": "import_column_number", "work": "import_column_work",
                 "deadline_or_responsible": "import_column_deadline_or_responsible"}


def import_plan(document: Path, target: Path, lang: Lang | None,
                report_lang: str | None = None) -> tuple[ParsedPlan, list[str]]:
    """Import `document` into the new portal `target`; raise DocumentError (one plain message)
    when the document is not a plan Adal can read or the portal cannot be written (then
    nothing is left behind), UsageError when `target` is a link. The report speaks
    `report_lang`, else the document's language."""
    if target.is_symlink():  # also a dangling one: never write through a link
        raise UsageError(t("import_into_link", dir=target))
    tables = read_docx(document)
    if not any(table.rows for table in tables):
        raise DocumentError(t("import_no_table", path=document))
    catalog = load_catalog()
    before = language()
    sample = " ".join(line for table in tables[:4] for line in table.before[:20]) + " ".join(
        line for table in tables[:4] for row in table.rows[:6] for cell in row for line in cell)
    spoken = report_lang or lang or language_of(sample[:20000])
    set_language(spoken)
    try:
        plan = parse_document(tables, lang, catalog)
    except NotAPlan as refused:  # said in the document's language, like the report
        key = {"measures": "import_not_analysis_plan_measures",
               "people": "import_not_plan_people"}.get(refused.what or "",
                                                       "import_other_columns")
        missing = [t(_COLUMN_NAMES[name]) for name in refused.missing]
        message = t(key, path=document, found=str(refused) or t("import_columns_none"),
                    missing=missing)
        set_language(before)
        raise DocumentError(message, lang=spoken) from None
    if not plan.items:
        message = t("import_no_items", path=document)
        set_language(before)
        raise DocumentError(message, lang=spoken)
    made = _first_missing(target)
    set_language(report_lang or plan.lang)
    try:
        lines = write_portal(plan, target, catalog, document.name)
    except OSError as exc:
        _remove_written(target, made)
        raise DocumentError(t("import_cannot_write", dir=target,
                              reason=exc.strerror or type(exc).__name__)) from None
    finally:
        if report_lang is None:
            set_language(before)
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
