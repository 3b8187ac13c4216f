"""Texts shown on one line: the organization's name (the site's name, every page's title, the
calendar's name, the documents' headers) and the plan's title. A line break in them, as a
YAML block (`|`, or `>` with an empty line) writes it, is reported at its line: the author
decides how the approved wording goes on one line, Adal does not rewrite it."""

from __future__ import annotations

from generator.check.files import PlanFile
from generator.check.problems import Report
from generator.domain.schema import LANGS
from generator.messages import t

SINGLE_LINE = ("organization", "title")


def check_titles(plan: PlanFile, report: Report) -> None:
    for field in SINGLE_LINE:
        text = getattr(plan.plan, field)
        for lang in LANGS:
            if len(text[lang].splitlines()) > 1:
                report.error(plan.path, plan.lines.line_of((field, lang)),
                             t("text_line_break", field=f"{field}.{lang}"))
