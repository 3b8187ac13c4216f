"""What a build may show: the public build keeps only what is marked public (allow-list).

Pure functions over the Project; every output (pages, search, exports, PDF) is rendered
from the filtered Project, so an internal item cannot reach the public build by a side door.
"""

from __future__ import annotations

import dataclasses

from generator.domain.model import (
    Body,
    DirectionData,
    FindingsDoc,
    MeasureData,
    Project,
    Withheld,
)


def _public_body(body: Body) -> Body:
    return Body(
        passages={lang: [p for p in parts if p.public] for lang, parts in body.passages.items()},
        lang_lines=dict(body.lang_lines),
    )


def _public_findings(doc: FindingsDoc | None) -> FindingsDoc | None:
    if doc is None or doc.meta.visibility != "public":
        return None
    kept = [f.model_copy(update={"note": None, "visibility": "public"})
            for f in doc.meta.findings if doc.is_public(f)]
    return dataclasses.replace(doc, meta=doc.meta.model_copy(update={"findings": kept}),
                               body=_public_body(doc.body))


def _withheld(doc: FindingsDoc | None) -> Withheld | None:
    """Counts of the findings the public build leaves out, so it can say so truthfully."""
    if doc is None:
        return None
    hidden = [f for f in doc.meta.findings if not doc.is_public(f)]
    if not hidden:
        return None
    return Withheld(findings=len(hidden),
                    examined=sum(f.assessment != "not-assessed" for f in hidden),
                    risks=sum(f.assessment == "risk" for f in hidden),
                    indicators=frozenset(f.indicator for f in hidden))


def _public_measures(project: Project, directions: list[DirectionData]) -> list[MeasureData]:
    """A measure marked public, all of whose risks this build publishes; without its note.
    (A public measure of an unpublished risk would tell of the risk.)"""
    published = {(d.id, f.indicator) for d in directions if d.findings
                 for f in d.findings.meta.findings if f.assessment == "risk"}
    # A measure carried over from an earlier analysis: that analysis's published risks.
    earlier = {a.id: {(d.id, f.indicator) for d in a.project.directions if d.findings
                      for f in d.findings.meta.findings
                      if f.assessment == "risk" and d.findings.is_public(f)}
               for a in project.earlier}
    return [dataclasses.replace(m, measure=m.measure.model_copy(update={"note": None}))
            for m in project.measures
            if m.measure.visibility == "public"
            and set(m.risks) <= (earlier.get(m.measure.origin, set()) if m.measure.origin
                                 else published)]


def for_build(project: Project, public: bool) -> Project:
    """The project as a build may show it. The intranet build keeps everything."""
    if not public:
        return project
    # Extra columns are internal unless the plan marks one public: the others go, with their
    # values; an item's note never goes out.
    columns = [c for c in project.plan.columns if c.visibility == "public"]
    shown = {c.id for c in columns}
    plan = project.plan.model_copy(update={
        "columns": columns,
        "items": [i.model_copy(update={"note": None, "columns": {
            cid: value for cid, value in i.columns.items() if cid in shown}})
            for i in project.plan.items]})
    directions = [DirectionData(d.id, d.spec, _public_findings(d.findings), _withheld(d.findings))
                  for d in project.directions]
    measures = _public_measures(project, directions)
    return dataclasses.replace(
        project,
        plan=plan,
        directions=directions,
        measures=measures,
        measures_withheld=len(project.measures) - len(measures),
        measures_withheld_for=frozenset(
            risk for m in project.measures
            if m.measure.number not in {kept.measure.number for kept in measures}
            for risk in m.risks),
        pages=[dataclasses.replace(p, body=_public_body(p.body)) for p in project.pages
               if p.meta.visibility == "public"],
        prose={name: dataclasses.replace(doc, body=_public_body(doc.body))
               for name, doc in project.prose.items() if doc.public},
    )
