"""Open data: plan.json (+ its JSON Schema), CSV per language, iCalendar deadlines.

Written from the same filtered Project as the pages, so a public build exports public
content only. No wall-clock time is written: builds stay byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.domain.dates import numeric
from generator.domain.model import Project
from generator.domain.status import Status
from generator.domain.wording import proposed_text
from generator.output.context import BuildContext
from generator.output.render import SiteData

SCHEMA_VERSION = 5  # 5: deadlines only in words (form `words`, item status `as-written`),
# items' `label` (their number as written) and `section`;
# 4: deadlines as plans write them, extra columns, directions the plan covers; 3: measures
# added; 2: directions' `translation` per language


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LText(_Out):
    kk: str
    ru: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class OccurrenceOut(_Out):
    due: date
    completed: date | None
    status: Status


class ItemOut(_Out):
    number: int
    kind: str = Field(description="collect | reference | signing | agreement | order | task")
    work: LText
    direction: str | None
    deadline: date | None = Field(description="the due date the status is about: a period's "
                                              "end, a recurring item's next or overdue "
                                              "occurrence")
    completed: date | None
    responsible: dict[str, list[str]] = Field(description="display names per language (texts "
                                                          "as the plan writes them)")
    indicators: int | None = Field(description="indicator count of the item's direction")
    status: Status
    deadline_form: str | None = Field(description="date | period | quarter | half | month | "
                                                  "year (throughout the year) | recurring | "
                                                  "words (only in words, no date: status "
                                                  "as-written, deadline null); null: the plan "
                                                  "sets no deadline")
    deadline_start: date | None = Field(description="when the deadline's period starts")
    deadline_text: dict[str, str] = Field(description="the deadline as the pages write it (the "
                                                      "plan's own wording when given), per "
                                                      "language")
    occurrences: list[OccurrenceOut] = Field(description="a recurring item's occurrences")
    columns: dict[str, LText] = Field(description="values of the plan's extra columns this "
                                                  "build publishes, by column id")
    label: str | None = Field(description="the item's number as the plan writes it ('2.3'), "
                                          "when it is not `number`")
    section: LText | None = Field(description="the section row of the plan's table the item "
                                              "stands under, as the plan writes it")


class RiskOut(_Out):
    direction: str
    indicator: int
    indicator_text: LText
    indicator_approved: str | None = Field(
        description="the approved plan's wording (kk) when the text shown corrects it")
    indicator_proposed: str | None = Field(
        description="a proposed change of meaning (kk), not applied to the text shown")
    evidence: LText | None
    causes: LText | None
    recommendation: LText | None
    likelihood: int | None
    impact: int | None
    score: int | None


class DirectionOut(_Out):
    id: str
    number: int
    title: LText
    kind: str
    indicators: int
    examined: int | None = Field(description="indicators assessed, published or not; null "
                                             "when the portal withholds even the counts")
    outcome: str = Field(description="risks | no-risks | not-assessed | withheld (results "
                                     "exist but are not published)")
    risks_identified: int | None = Field(description="identified risks, published or not; "
                                                     "null when the count is withheld")
    risks_withheld: int | None = Field(description="of them, not published in this build")
    translation: dict[str, str] = Field(description="per language: official (the approved "
                                                    "text, typo fixes recorded), working (a "
                                                    "working translation, to be replaced) or "
                                                    "missing (not written yet)")


class MeasureOut(_Out):
    number: int
    risks: list[str] = Field(description="the risks it addresses: '<direction>/<indicator>'")
    text: LText
    responsible: dict[str, list[str]] = Field(description="display names per language")
    deadline: date | None
    completed: date | None
    evidence: LText | None = Field(description="what shows it was done")
    status: Status


class ColumnOut(_Out):
    id: str
    title: LText


class OrderOut(_Out):
    number: str
    date: date


class PlanOut(_Out):
    schema_version: int
    organization: LText
    title: LText
    approved_by: LText = Field(
        description="who approved the plan: the head's name, or, approved by an order, whose "
                    "order it is as the plan writes it («руководителя ГУ «…»»)")
    approval_order: OrderOut | None = Field(
        None, description="the order approving the plan (its № and date); null: approved by "
                          "the head's signature, or the order is not issued yet")
    period_start: date | None
    period_end: date | None
    legal_basis: list[LText]
    as_of: date
    source_commit: str | None = Field(
        description="the sources' git commit (short hash): intranet build only, null in "
                    "the public build")
    public_build: bool
    reference_state: str = Field(description="draft | prepared | agreed")
    directions: list[DirectionOut] = Field(description="the directions the plan covers")
    columns: list[ColumnOut] = Field(description="the plan's extra columns this build shows")
    items: list[ItemOut]
    risks: list[RiskOut]
    measures: list[MeasureOut] = Field(description="the plan of measures (measures.yaml)")
    measures_withheld: int = Field(description="measures this build does not publish")


def _lt(text: Any) -> LText | None:
    return None if text is None else LText(kk=text.kk, ru=text.ru)


def plan_out(project: Project, info: BuildContext, site: SiteData) -> PlanOut:
    plan = project.plan
    ref, rows = site.reference, site.rows
    return PlanOut(
        schema_version=SCHEMA_VERSION,
        organization=_lt(plan.organization),
        title=_lt(plan.title),
        approved_by=_lt(project.approver.name if project.approver else plan.approval.by),
        approval_order=OrderOut(number=plan.approval.order.number,
                                date=plan.approval.order.date) if plan.approval.order else None,
        period_start=plan.period.start if plan.period else None,
        period_end=plan.period.end if plan.period else None,
        legal_basis=[_lt(b) for b in plan.legal_basis],
        as_of=info.today,
        source_commit=info.commit,
        public_build=info.public,
        reference_state=ref.state,
        directions=[DirectionOut(
            id=r.direction.id, number=r.direction.number, title=_lt(r.direction.spec.title),
            kind=r.direction.spec.kind, indicators=r.indicators, examined=r.examined_total,
            outcome=r.outcome, risks_identified=r.risks_identified,
            risks_withheld=r.risks_withheld,
            translation={lang: r.direction.spec.translation.get(lang, "official")
                         for lang in info.languages},
        ) for r in ref.results],
        columns=[ColumnOut(id=c.id, title=_lt(c.title)) for c in plan.columns],
        items=[ItemOut(
            number=r.number, kind=r.kind, work=LText(**r.work), direction=r.direction,
            deadline=r.deadline, completed=r.completed, responsible=r.responsible,
            indicators=r.indicators, status=r.status, deadline_form=r.deadline_form,
            deadline_start=r.start, deadline_text=r.deadline_text,
            occurrences=[OccurrenceOut(due=due, completed=done, status=status)
                         for due, done, status in r.occurrences],
            columns={cid: LText(**value) for cid, value in r.columns.items()},
            label=r.label, section=LText(**r.section) if r.section else None)
            for r in rows],
        risks=[RiskOut(
            direction=risk.direction.id, indicator=risk.indicator.number,
            indicator_text=_lt(risk.indicator.text),
            indicator_approved=risk.indicator.approved, indicator_proposed=proposed_text(
                risk.indicator), evidence=_lt(risk.finding.evidence),
            causes=_lt(risk.finding.causes), recommendation=_lt(risk.finding.recommendation),
            likelihood=risk.finding.likelihood, impact=risk.finding.impact,
            score=risk.finding.score,
        ) for result in ref.results for risk in result.risks],
        measures=[MeasureOut(
            number=m.number, risks=[f"{d}/{n}" for d, n in m.risks], text=LText(**m.text),
            responsible=m.responsible, deadline=m.deadline, completed=m.completed,
            evidence=LText(**m.evidence) if m.evidence else None, status=m.status)
            for m in site.measures],
        measures_withheld=project.measures_withheld,
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula character after a separator (`,`, `;`, a tab, a line break; spaces or quotes
# between): where a spreadsheet that splits lines on another separator than the file's own
# starts a cell. Excel set to Russian or Kazakh splits on `;`, quotes or not, so the text
# "a;=HYPERLINK(…)" would put a formula in a cell of its own.
_FORMULA_INSIDE = re.compile(r"([,;\t\r\n][\s\"]*)(?=[=+\-@])")


def cell(value: Any) -> Any:
    """A spreadsheet opens a text cell that starts with = + - @ (or a tab) as a formula: such
    a text gets a leading apostrophe, which spreadsheets show as plain text, and so does such
    a character after a separator inside the text. A lone '-' (no value) and numbers stay as
    they are."""
    if not isinstance(value, str) or value == "-":
        return value
    value = _FORMULA_INSIDE.sub(r"\1'", value)
    if value.startswith(_FORMULA_START) or value.lstrip(' "').startswith(_FORMULA_START[:4]):
        return "'" + value
    return value


def csv_text(rows: list[list[Any]]) -> str:
    """CSV (RFC 4180) with every text in quotes, each cell neutralised by `cell`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC).writerows(
        [[cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def _write(path: Path, text: str, bom: bool = False) -> None:
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_all(project: Project, info: BuildContext, site: SiteData, folder: Path,
              scope: str = "") -> None:
    """Every open-data file of one analysis into `folder`; `scope`: an earlier analysis's id,
    which keeps its calendar's UIDs apart from every other year's."""
    folder.mkdir(parents=True, exist_ok=True)
    data = plan_out(project, info, site)
    titles = {d.id: d.title for d in data.directions}
    _write(folder / "plan.json",
           json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    _write(folder / "plan.schema.json",
           json.dumps(PlanOut.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
    for lang in info.languages:
        s = info.strings[lang]
        c = s["col"]
        extra_head, extra = plan_extra_columns(data.items, data.columns, lang, s)
        _write(folder / f"plan-{lang}.csv", csv_text(
            [[c["number"], c["work"], c["direction"], c["deadline"], c["completed"],
              c["responsible"], c["indicators"], *extra_head, c["status"], "status"]] +
            [[i.number, i.work[lang], i.direction or "",
              i.deadline.isoformat() if i.deadline else "",
              i.completed.isoformat() if i.completed else "",
              "; ".join(i.responsible[lang]), "" if i.indicators is None else i.indicators,
              *[f(i) for f in extra], s["status"][i.status], i.status]
             for i in data.items]), bom=True)
        _write(folder / f"risks-{lang}.csv", csv_text(
            [[c["direction"], c["indicator"], s["evidence"], s["causes"], s["recommendation"],
              s["likelihood"], s["impact"], s["score"]]] +
            [[titles[r.direction][lang],
              f"{r.indicator}. {r.indicator_text[lang]}",
              r.evidence[lang] if r.evidence else "",
              r.causes[lang] if r.causes else "",
              r.recommendation[lang] if r.recommendation else "",
              r.likelihood or "", r.impact or "", r.score or ""] for r in data.risks]), bom=True)
        _write(folder / f"directions-{lang}.csv", csv_text(
            [["№", c["direction"], c["indicators"], c["examined"], c["risks"], c["withheld"],
              s["col"]["outcome"]]] +
            [[d.number, d.title[lang], d.indicators, _count(d.examined),
              _count(d.risks_identified), _count(d.risks_withheld), s["outcome"][d.outcome]]
             for d in data.directions]), bom=True)
        if data.measures:
            _write(folder / f"measures-{lang}.csv", csv_text(
                [[c["number"], s["col_measure"], s["col_risk"], c["responsible"],
                  c["deadline"], c["completed"], s["measure_evidence"], c["status"],
                  "status"]] +
                [[m.number, m.text[lang], "; ".join(m.risks), "; ".join(m.responsible[lang]),
                  m.deadline.isoformat() if m.deadline else "",
                  m.completed.isoformat() if m.completed else "",
                  m.evidence[lang] if m.evidence else "", s["status"][m.status], m.status]
                 for m in data.measures]), bom=True)
        _write(folder / f"deadlines-{lang}.ics",
               calendar_text(data, lang, s, info.today, scope))


def plan_extra_columns(items: Sequence[Any], columns: Sequence[Any], lang: str,
                       s: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """Columns a plan's table adds to the plain ones, in the CSV and the spreadsheet: when
    some deadline is not a plain date, its start and its wording as the plan gives it; the
    plan's extra columns this build shows. A plan of plain dates keeps the plain table."""
    head: list[str] = []
    cells: list[Any] = []
    if any(i.deadline_form not in (None, "date") or
           (i.deadline_text.get(lang) and i.deadline and
            i.deadline_text[lang] != numeric(i.deadline)) for i in items):
        head += [s["col_start"], s["col_deadline_written"]]
        cells += [lambda i: i.deadline_start, lambda i: i.deadline_text.get(lang, "")]
    for column in columns:
        head.append(column.title[lang])
        cells.append(lambda i, cid=column.id: i.columns[cid][lang] if cid in i.columns else "")
    return head, cells


def _count(value: int | None) -> Any:
    return "—" if value is None else value


def calendar_text(data: PlanOut, lang: str, s: dict[str, Any], today: date,
                  scope: str = "") -> str:
    """One all-day event per dated item; UIDs depend only on organization, item, language
    and (an earlier analysis) the analysis's id."""
    import icalendar  # here only: the build's main process does not write calendars

    org = data.organization[lang]
    org_key = hashlib.sha1(data.organization.kk.encode("utf-8")).hexdigest()[:12] + (
        f"-{scope}" if scope else "")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Adal//corruption-risk analysis portal//KK-RU")
    cal.add("version", "2.0")
    # Not a text property to icalendar (it would not escape a line break): one line, as on
    # the pages (the check stage reports a line break in these titles).
    cal.add("x-wr-calname", " ".join(f"{org}: {data.title[lang]}".split()))
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)  # deterministic DTSTAMP
    dated = [("item", i.number, f"№{i.number}: {i.work[lang]}", i) for i in data.items]
    dated += [("measure", m.number, f"{s['col_measure']} №{m.number}: {m.text[lang]}", m)
              for m in data.measures]
    for kind, number, summary, entry in dated:
        for part, start, end, title, status in _events(entry, summary):
            event = icalendar.Event()
            event.add("uid", f"{org_key}-{kind}-{number}{part}-{lang}@adal")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", end + timedelta(days=1))
            event.add("summary", title)
            written = entry.deadline_text.get(lang) if isinstance(entry, ItemOut) else None
            event.add("description", f"{s['col']['responsible']}: "
                                     f"{', '.join(entry.responsible[lang])}\n"
                                     f"{s['col']['status']}: {s['status'][status]}"
                                     + (f"\n{s['col']['deadline']}: {written}" if written and
                                        entry.deadline and written != numeric(entry.deadline)
                                        else ""))
            event.add("categories", [s["status"][status]])
            cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _events(entry: ItemOut | MeasureOut, summary: str) -> list[
        tuple[str, date, date, str, Status]]:
    """The calendar events of an item or measure: (UID part, first day, last day, title,
    status). One all-day event on the due date; a period («с 06.01 по 17.01») one event over
    its days; a recurring item one event per occurrence (UID part «-1», «-2»…, stable while
    the plan's occurrences stay)."""
    if isinstance(entry, ItemOut) and entry.occurrences:
        total = len(entry.occurrences)
        return [(f"-{k}", o.due, o.due, f"{summary} ({k}/{total})", o.status)
                for k, o in enumerate(entry.occurrences, start=1)]
    if entry.deadline is None:
        return []
    if isinstance(entry, ItemOut) and entry.deadline_form == "period" and entry.deadline_start:
        return [("", entry.deadline_start, entry.deadline, summary, entry.status)]
    return [("", entry.deadline, entry.deadline, summary, entry.status)]
