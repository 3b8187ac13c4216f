"""`adal import`: read the document, parse its plan, write the portal and the report."""

from __future__ import annotations

from pathlib import Path

from generator.importing.parse import Lang, ParsedPlan, columns, parse_plan
from generator.importing.read import DocumentError, read_docx
from generator.importing.write import REPORT, load_catalog, write_portal
from generator.messages import t


def import_plan(document: Path, target: Path, lang: Lang | None) -> tuple[ParsedPlan, list[str]]:
    """Import `document` into the new portal `target`; raise DocumentError (one plain message)
    when the document is not a plan Adal can read."""
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
    lines = write_portal(plan, target, catalog, document.name)
    return plan, lines


__all__ = ["REPORT", "DocumentError", "import_plan"]
