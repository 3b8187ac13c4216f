"""What a build may show: the public build keeps only what is marked public (allow-list).

Pure functions over the Project; every output (pages, search, exports, PDF) is rendered
from the filtered Project, so an internal item cannot reach the public build by a side door.
"""

from __future__ import annotations

import dataclasses

from generator.domain.model import Body, DirectionData, FindingsDoc, Project, Withheld


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


def for_build(project: Project, public: bool) -> Project:
    """The project as a build may show it. The intranet build keeps everything."""
    if not public:
        return project
    plan = project.plan.model_copy(update={
        "items": [i.model_copy(update={"note": None}) for i in project.plan.items]})
    return dataclasses.replace(
        project,
        plan=plan,
        directions=[DirectionData(d.id, d.spec, _public_findings(d.findings),
                                  _withheld(d.findings))
                    for d in project.directions],
        pages=[dataclasses.replace(p, body=_public_body(p.body)) for p in project.pages
               if p.meta.visibility == "public"],
        prose={name: dataclasses.replace(doc, body=_public_body(doc.body))
               for name, doc in project.prose.items() if doc.public},
    )
