"""The write functions `outputs.OUTPUTS` names, one signature for all:
(view, ctx, data, folder, scope) — the analysis as the build shows it, the build's context,
what `render.site_data` computed, the data folder, and an earlier analysis's id (or "").

Imported only by the process that writes the documents (build.documents, workers.Beside):
it alone loads python-docx, openpyxl and icalendar."""

from __future__ import annotations

from pathlib import Path

from generator.domain.model import Project
from generator.output import docx, exports, xlsx
from generator.output.context import BuildContext
from generator.output.render import SiteData


def plan_xlsx(view: Project, ctx: BuildContext, data: SiteData, folder: Path,
              scope: str) -> None:
    xlsx.write_xlsx(view, ctx, data, folder)


def open_data(view: Project, ctx: BuildContext, data: SiteData, folder: Path,
              scope: str) -> None:
    exports.write_all(view, ctx, data, folder, scope=scope)


def reference_docx(view: Project, ctx: BuildContext, data: SiteData, folder: Path,
                   scope: str) -> None:
    docx.write_reference_docx(view, ctx, data, folder)


def measures_docx(view: Project, ctx: BuildContext, data: SiteData, folder: Path,
                  scope: str) -> None:
    docx.write_measures_docx(view, ctx, data.measures, folder)
