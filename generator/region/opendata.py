"""The roll-up's open data: region.json (+ its JSON Schema), one CSV and one XLSX per
language. Texts go into CSV and XLSX cells neutralised like a portal's (exports.cell), so no
organization's name becomes a spreadsheet formula."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.output.exports import cell, csv_text
from generator.output.workbook import ILLEGAL_CHARACTERS_RE, ExcelWriter, Workbook
from generator.output.zipfixed import fixed_times
from generator.region.config import RegionRef
from generator.region.counts import LEVELS, Tally
from generator.region.rollup import OrgRow, RollUp

# 1: organizations only; 2: + `regions`, the region members of a national roll-up
# (summary.py reads both).
SCHEMA_VERSION = 2


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Names(_Out):
    kk: str
    ru: str


class TotalsOut(_Out):
    organizations: int
    states: dict[str, int] = Field(description="published | late | not-yet | no-data")
    reasons: dict[str, int] = Field(description="why figures are missing, per reason")
    items: int
    items_done: int
    items_overdue: int
    measures: int
    measures_done: int
    measures_overdue: int
    with_risks: int
    risks: int
    levels: dict[str, int] = Field(description="published risks: high | medium | low | "
                                               "unscored")


class OrgOut(_Out):
    id: str
    bin: str | None
    name: Names
    kind: str
    district: str
    site: str | None
    state: str
    reason: str | None
    data_as_of: date | None
    reference_state: str | None
    items: int | None
    items_done: int | None
    items_overdue: int | None
    measures: int | None
    measures_done: int | None
    measures_overdue: int | None
    risks_identified: int | None
    levels: dict[str, int] | None
    years: list[int] = Field(description="the years of the analyses it published")


class DirectionOut(_Out):
    id: str
    title: Names
    organizations: int = Field(description="organizations with an identified risk in it")
    risks: int
    by_district: dict[str, int]
    by_kind: dict[str, int]


class IndicatorOut(_Out):
    direction: str
    indicator: int
    text: Names
    organizations: int


class YearOut(_Out):
    year: int
    organizations: int
    with_risks: int
    risks: int


class MemberRegionOut(_Out):
    id: str
    name: Names
    district: str
    site: str | None
    state: str = Field(description="region (its summary is used) | no-data")
    reason: str | None
    data_as_of: date | None = Field(description="the day its summary was built")
    totals: TotalsOut | None = Field(description="its organizations' figures, as it "
                                                 "published them; in the roll-up's totals")
    by_kind: dict[str, TotalsOut] | None = Field(
        description="the same by kind of organization (reasons are not split by kind)")


class RegionOut(_Out):
    schema_version: int
    name: Names
    year: int
    as_of: date
    totals: TotalsOut
    districts: dict[str, Names]
    kinds: dict[str, Names]
    organizations: list[OrgOut]
    directions: list[DirectionOut]
    indicators: list[IndicatorOut]
    trend: list[YearOut]
    regions: list[MemberRegionOut] = Field(
        description="region members (a national roll-up over regions' region.json)")


def _totals(t: Tally, reasons: dict[str, int]) -> TotalsOut:
    return TotalsOut(organizations=t.orgs, states=dict(sorted(t.states.items())),
                     reasons=dict(sorted(reasons.items())), items=t.items,
                     items_done=t.items_done, items_overdue=t.items_overdue,
                     measures=t.measures, measures_done=t.measures_done,
                     measures_overdue=t.measures_overdue, with_risks=t.with_risks,
                     risks=t.risks, levels={k: t.levels.get(k, 0) for k in LEVELS})


def _member_region(row: OrgRow) -> MemberRegionOut:
    got = row.summary
    return MemberRegionOut(
        id=row.id, name=Names(kk=row.member.org.name.kk, ru=row.member.org.name.ru),
        district=row.member.org.district, site=row.member.site, state=row.state,
        reason=row.reason, data_as_of=row.as_of,
        totals=_totals(got.total, dict(got.reasons)) if got else None,
        by_kind={k: _totals(t, {}) for k, t in got.by_kind.items()} if got else None)


def _org(row: OrgRow) -> OrgOut:
    org, f = row.member.org, row.figures
    assert not isinstance(org, RegionRef)
    return OrgOut(
        id=org.id, bin=org.bin, name=Names(kk=org.name.kk, ru=org.name.ru), kind=org.kind,
        district=org.district, site=row.member.site, state=row.state, reason=row.reason,
        data_as_of=row.as_of,
        reference_state=row.current.reference_state if row.current else None,
        items=f.items if f else None, items_done=f.items_done if f else None,
        items_overdue=f.items_overdue if f else None, measures=f.measures if f else None,
        measures_done=f.measures_done if f else None,
        measures_overdue=f.measures_overdue if f else None,
        risks_identified=f.risks_identified if f else None,
        levels=dict(f.levels) if f else None, years=sorted({y.year for y in row.years}))


def region_out(roll: RollUp, spec: Any) -> RegionOut:
    return RegionOut(
        schema_version=SCHEMA_VERSION, name=Names(kk=spec.name.kk, ru=spec.name.ru),
        year=roll.year, as_of=roll.today, totals=_totals(roll.total, roll.reasons),
        districts={k: Names(kk=v.kk, ru=v.ru) for k, v in spec.districts.items()},
        kinds={k: Names(kk=v.kk, ru=v.ru) for k, v in roll.kinds.items()},
        organizations=[_org(r) for r in roll.rows if not r.member.is_region],
        directions=[DirectionOut(id=d.id, title=Names(kk=d.title[0], ru=d.title[1]),
                                 organizations=d.orgs, risks=d.risks,
                                 by_district=d.by_district, by_kind=d.by_kind)
                    for d in roll.directions],
        indicators=[IndicatorOut(direction=i.direction, indicator=i.number,
                                 text=Names(kk=i.text[0], ru=i.text[1]), organizations=i.orgs)
                    for i in roll.indicators],
        trend=[YearOut(year=y.year, organizations=y.orgs, with_risks=y.with_risks,
                       risks=y.risks) for y in roll.trend],
        regions=[_member_region(r) for r in roll.rows if r.member.is_region])


def _table(data: RegionOut, lang: str, s: dict[str, Any]) -> list[list[Any]]:
    head = ["id", s["bin"], s["organization"], s["district"], s["kind"], s["status"],
            "state", "reason", s["items"], s["done"], s["overdue_items"], s["measures"],
            s["overdue_measures"], s["risks_total"]]
    rows: list[list[Any]] = [head]
    for o in data.organizations:
        rows.append([o.id, o.bin or "", getattr(o.name, lang),
                     getattr(data.districts[o.district], lang),
                     getattr(data.kinds[o.kind], lang), s["state"][o.state], o.state,
                     o.reason or "", *["" if v is None else v for v in (
                         o.items, o.items_done, o.items_overdue, o.measures,
                         o.measures_overdue, o.risks_identified)]])
    for r in data.regions:
        t = r.totals
        rows.append([r.id, "", getattr(r.name, lang), getattr(data.districts[r.district], lang),
                     s["region_kind"], s["state"][r.state] if t is None
                     else s["region_orgs"].format(count=t.organizations), r.state,
                     r.reason or "",
                     *(["" for _ in range(6)] if t is None else [
                         t.items, t.items_done, t.items_overdue, t.measures,
                         t.measures_overdue, t.risks])])
    return rows


def write_open_data(roll: RollUp, spec: Any, strings: dict[str, dict[str, Any]],
                    folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = region_out(roll, spec)
    (folder / "region.json").write_text(
        json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    (folder / "region.schema.json").write_text(
        json.dumps(RegionOut.model_json_schema(), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    for lang, s in strings.items():
        rows = _table(data, lang, s)
        (folder / f"organizations-{lang}.csv").write_text(csv_text(rows), encoding="utf-8-sig",
                                                          newline="")
        (folder / f"organizations-{lang}.xlsx").write_bytes(_xlsx(rows, roll.today))


def _xlsx(rows: list[list[Any]], today: date) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("region")
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell(v)) if isinstance(v, str) else v
                      for v in row])
    moment = datetime(today.year, today.month, today.day)
    book.properties.creator = book.properties.lastModifiedBy = "Adal"
    book.properties.created = book.properties.modified = moment
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_times(buffer.getvalue())
