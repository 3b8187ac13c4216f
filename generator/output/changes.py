"""What the git history means on the pages: each page's sources and the date they last
changed, and the changes page's rows in plain words (pure functions over the history).

The public build tells only of what it publishes: no commit messages or hashes (they are not
reviewed content), no internal files, no measures or pages it leaves out; and never
"uncommitted changes".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain.model import Project
from generator.output.context import BuildContext
from generator.output.pages import PageRef
from generator.source.history import Commit


def page_sources(project: Project, ref: PageRef, public: bool) -> list[str]:
    """The data files a page is built from, as paths in the portal (a folder ends in '/')."""
    def findings(direction_id: str) -> list[str]:
        direction = project.direction(direction_id)
        shown = direction is not None and (direction.findings is not None or not public)
        return [f"content/findings/{direction_id}.md"] if shown else []

    every_finding = [f for d in project.directions for f in findings(d.id)]
    if ref.kind == "direction":
        return ["plan.yaml", f"indicators/{ref.key}.yaml", *findings(ref.key), "measures.yaml"]
    if ref.kind == "page":
        return [f"content/pages/{ref.key}.md"]
    if ref.kind == "reference":
        prose = [f"content/reference/{name}.md" for name in project.prose]
        return ["plan.yaml", "indicators/", *every_finding, *prose]
    if ref.kind == "register":
        return ["indicators/", *every_finding, "measures.yaml"]
    if ref.kind == "measures":
        return ["measures.yaml"]
    return ["plan.yaml", "measures.yaml", "indicators/", *every_finding]  # home, changes


@dataclass(frozen=True)
class ChangeRow:
    day: date
    lines: list[str]
    subject: str | None  # the commit message: intranet only
    commit: str | None


def change_rows(project: Project, ctx: BuildContext, lang: str) -> list[ChangeRow]:
    if ctx.history is None:
        return []
    s = ctx.strings[lang]
    rows = []
    for commit in ctx.history.commits:
        lines = _lines(project, commit, s, lang, ctx.public)
        if ctx.public and not lines:
            continue  # it changed only what this build does not publish
        rows.append(ChangeRow(commit.day, lines or [s["changed_other"]],
                              None if ctx.public else commit.subject,
                              None if ctx.public else commit.hash[:10]))
    return rows


def _lines(project: Project, commit: Commit, s: dict[str, Any], lang: str,
           public: bool) -> list[str]:
    lines = []
    if commit.completed_items:
        lines.append(s["changed_items_done"].format(numbers=_numbers(commit.completed_items)))
    shown_measures = {m.measure.number for m in project.measures}
    done = [n for n in commit.completed_measures if n in shown_measures or not public]
    if done:
        lines.append(s["changed_measures_done"].format(numbers=_numbers(done)))
    files = set(commit.files)
    if "plan.yaml" in files and not commit.completed_items:
        lines.append(s["changed_plan"])
    if "measures.yaml" in files and not done and (project.measures or not public):
        lines.append(s["changed_measures"])
    if any(f.startswith("indicators/") for f in files):
        lines.append(s["changed_indicators"])
    for direction in project.directions:
        if f"content/findings/{direction.id}.md" in files and (
                direction.findings is not None or not public):
            lines.append(s["changed_findings"].format(direction=direction.spec.title[lang]))
    for page in project.pages:
        if f"content/pages/{page.slug}.md" in files:
            lines.append(s["changed_page"].format(page=page.meta.title[lang]))
    if any(f"content/reference/{name}.md" in files for name in project.prose):
        lines.append(s["changed_reference"])
    return lines


def _numbers(numbers: Any) -> str:
    return ", ".join(str(n) for n in numbers)
