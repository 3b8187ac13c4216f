"""The documents a build writes, declared once (issue 18): for each its name, what it reads,
the files it writes (`{lang}`: one per language the site shows) and its write function.

`build.py` and `years.py` run the table for each analysis (into `<site>/data/`, an earlier
one's into `<site>/<id>/data/`), `reuse.py` forms each one's digest from what it `reads` and
knows its files from `files`, and the page templates list the downloads from it
(`downloads`, in every page's context: render.py), so no file name is spelled twice.

This module imports nothing that writes: `write` names a function of
`generator/output/documents.py`, which the process writing the documents imports (so the
main process and the page renderer never import python-docx, openpyxl or WeasyPrint). The
PDFs are in the table too, with `write=None`: they print the built pages, after the engine,
in the workers (`pdf.py`, called from `build._engine_and_pdfs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Phase = Literal["documents", "pdf", "all-years"]
# What a document is made from; reuse.py digests each of these (docs/architecture.md).
Reads = Literal[
    "analysis",  # the analysis as this build shows it: plan, findings, measures, pages,
                 # reference texts, the portal's look and strings (domain/model.Project)
    "rows",      # what render.site_data computed from it: rows, statuses, the reference
    "context",   # the run: today, public or intranet, commit, languages, interface strings
    "fonts",     # the installed fonts (fc-list) and the document libraries' versions
    "page",      # the built page it prints (the engine's HTML) and the print stylesheet
    "years",     # every analysis of the portal as this build shows it
]
# When a download is listed: always, only when the analysis shows measures, only with the
# PDFs (not `--no-pdf`), only for the current analysis of a portal of several.
When = Literal["always", "measures", "pdf", "years"]
Place = Literal["open-data", "reference", "measures"]


@dataclass(frozen=True)
class Download:
    """One entry of a page's list of downloads: its files and the interface string that
    describes it (a key of strings.yaml)."""

    files: tuple[str, ...]
    label: str
    place: Place
    when: When = "always"


@dataclass(frozen=True)
class Output:
    name: str
    reads: tuple[Reads, ...]
    files: tuple[str, ...]  # every file it may write, relative to the data folder
    # A function of output/documents.py: (view, ctx, data, folder, scope); None for what
    # its phase's own step writes: the PDFs (build._engine_and_pdfs, pdf.py) and the
    # all-years dataset (years.write_all_years, which reads every analysis).
    write: str | None
    phase: Phase = "documents"
    listed: tuple[Download, ...] = ()

    def files_for(self, languages: Sequence[str]) -> list[str]:
        """Its files for these languages, in the table's order."""
        names: list[str] = []
        for pattern in self.files:
            names += [pattern.format(lang=lang) for lang in languages] if "{lang}" in pattern \
                else [pattern]
        return list(dict.fromkeys(names))


DOCUMENT_READS: tuple[Reads, ...] = ("analysis", "rows", "context", "fonts")

# In the order the documents are written and the pages list them.
OUTPUTS: tuple[Output, ...] = (
    Output("plan-xlsx", DOCUMENT_READS, ("plan-{lang}.xlsx",), "plan_xlsx",
           listed=(Download(("plan-{lang}.xlsx",), "data_xlsx", "open-data"),)),
    Output("open-data", ("analysis", "rows", "context"),
           ("plan.json", "plan.schema.json", "plan-{lang}.csv", "risks-{lang}.csv",
            "directions-{lang}.csv", "measures-{lang}.csv", "deadlines-{lang}.ics"),
           "open_data",
           listed=(Download(("plan.json", "plan.schema.json"), "data_plan_json", "open-data"),
                   Download(("plan-{lang}.csv",), "data_plan_csv", "open-data"),
                   Download(("risks-{lang}.csv",), "data_risks_csv", "open-data"),
                   Download(("directions-{lang}.csv",), "data_directions_csv", "open-data"),
                   Download(("measures-{lang}.csv",), "data_measures_csv", "open-data",
                            "measures"),
                   Download(("deadlines-{lang}.ics",), "data_ics", "open-data"))),
    Output("reference-pdf", ("page", "rows", "context", "fonts"),
           ("analytical-reference-{lang}.pdf",),
           None, "pdf",
           listed=(Download(("analytical-reference-{lang}.pdf",), "pdf", "reference",
                            "pdf"),)),
    Output("reference-docx", DOCUMENT_READS, ("analytical-reference-{lang}.docx",),
           "reference_docx",
           listed=(Download(("analytical-reference-{lang}.docx",), "docx", "reference"),)),
    Output("measures-pdf", ("analysis", "rows", "context", "fonts", "page"),
           ("measures-plan-{lang}.pdf",), None, "pdf",
           listed=(Download(("measures-plan-{lang}.pdf",), "pdf", "measures", "pdf"),)),
    Output("measures-docx", DOCUMENT_READS, ("measures-plan-{lang}.docx",), "measures_docx",
           listed=(Download(("measures-plan-{lang}.docx",), "docx", "measures"),)),
    Output("all-years", ("years", "rows", "context", "fonts"),
           ("all-years.json", "all-years.schema.json", "all-years-{lang}.csv",
            "all-years-{lang}.xlsx"), None, "all-years",
           listed=(Download(("all-years.json", "all-years.schema.json", "all-years-{lang}.csv",
                             "all-years-{lang}.xlsx"), "data_all_years", "open-data",
                            "years"),)),
)

BY_NAME = {output.name: output for output in OUTPUTS}


def of_phase(phase: Phase) -> list[Output]:
    return [output for output in OUTPUTS if output.phase == phase]


@dataclass(frozen=True)
class Listed:
    """A download as a page shows it: its files in one language, its label's key."""

    files: tuple[str, ...]
    label: str


def downloads(lang: str, measures: bool, pdf: bool, years: bool
              ) -> dict[str, list[Listed]]:
    """Per place (`open-data`: the home page's list, `reference`, `measures`: the buttons of
    those pages), what a page in `lang` lists: `measures` when the analysis shows some,
    `pdf` when the build prints PDFs, `years` for the current analysis of several."""
    shown = {"always": True, "measures": measures, "pdf": pdf, "years": years}
    places: dict[str, list[Listed]] = {"open-data": [], "reference": [], "measures": []}
    for output in OUTPUTS:
        for download in output.listed:
            if shown[download.when]:
                places[download.place].append(Listed(
                    tuple(name.format(lang=lang) for name in download.files), download.label))
    return places
