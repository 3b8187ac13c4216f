"""Open data: plan.json (+ its JSON Schema), CSV per language, iCalendar deadlines.

Written from the same filtered Project as the pages, so a public build exports public
content only. No wall-clock time is written: builds stay byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import icalendar
from pydantic import BaseModel, ConfigDict, Field

from generator.domain.model import Project
from generator.domain.status import Status
from generator.domain.wording import proposed_text
from generator.output.context import BuildContext
from generator.output.render import SiteData

SCHEMA_VERSION = 3  # 3: measures added; 2: directions' `translation` per language


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LText(_Out):
    kk: str
    ru: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class ItemOut(_Out):
    number: int
    kind: str
    work: LText
    direction: str | None
    deadline: date | None
    completed: date | None
    responsible: dict[str, list[str]] = Field(description="display names per language")
    indicators: int | None = Field(description="indicator count of the item's direction")
    status: Status


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


class PlanOut(_Out):
    schema_version: int
    organization: LText
    title: LText
    approved_by: LText
    period_start: date | None
    period_end: date | None
    legal_basis: list[LText]
    as_of: date
    source_commit: str | None
    public_build: bool
    reference_state: str = Field(description="draft | prepared | agreed")
    directions: list[DirectionOut]
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
        approved_by=_lt(project.approver.name),
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
        items=[ItemOut(
            number=r.number, kind=r.kind, work=LText(**r.work), direction=r.direction,
            deadline=r.deadline, completed=r.completed, responsible=r.responsible,
            indicators=r.indicators, status=r.status) for r in rows],
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


def cell(value: Any) -> Any:
    """A spreadsheet opens a text cell that starts with = + - @ (or a tab) as a formula: such
    a text gets a leading apostrophe, which spreadsheets show as plain text. A lone '-' (no
    value) and numbers stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value != "-":
        return "'" + value
    return value


def csv_text(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def _write(path: Path, text: str, bom: bool = False) -> None:
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_all(project: Project, info: BuildContext, site: SiteData, folder: Path) -> None:
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
        _write(folder / f"plan-{lang}.csv", csv_text(
            [[c["number"], c["work"], c["direction"], c["deadline"], c["completed"],
              c["responsible"], c["indicators"], c["status"], "status"]] +
            [[i.number, i.work[lang], i.direction or "",
              i.deadline.isoformat() if i.deadline else "",
              i.completed.isoformat() if i.completed else "",
              "; ".join(i.responsible[lang]), "" if i.indicators is None else i.indicators,
              s["status"][i.status], i.status] for i in data.items]), bom=True)
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
        _write(folder / f"deadlines-{lang}.ics", calendar_text(data, lang, s, info.today))


def _count(value: int | None) -> Any:
    return "—" if value is None else value


def calendar_text(data: PlanOut, lang: str, s: dict[str, Any], today: date) -> str:
    """One all-day event per dated item; UIDs depend only on organization, item and language."""
    org = data.organization[lang]
    org_key = hashlib.sha1(data.organization.kk.encode("utf-8")).hexdigest()[:12]
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Adal//corruption-risk analysis portal//KK-RU")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{org}: {data.title[lang]}")
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)  # deterministic DTSTAMP
    dated = [("item", i.number, f"№{i.number}: {i.work[lang]}", i) for i in data.items]
    dated += [("measure", m.number, f"{s['col_measure']} №{m.number}: {m.text[lang]}", m)
              for m in data.measures]
    for kind, number, summary, entry in dated:
        if entry.deadline is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{org_key}-{kind}-{number}-{lang}@adal")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.deadline)
        event.add("dtend", entry.deadline + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"{s['col']['responsible']}: "
                                 f"{', '.join(entry.responsible[lang])}\n"
                                 f"{s['col']['status']}: {s['status'][entry.status]}")
        event.add("categories", [s["status"][entry.status]])
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
