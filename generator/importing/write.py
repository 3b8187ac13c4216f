"""Write an imported plan as a portal: plan.yaml, indicators/ for the plan's directions, the
rest as `adal init` writes it, and the import report (import-report.md)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.domain.text import normalize_name
from generator.importing.parse import (
    INDICATOR_MATCH,
    CatalogDirection,
    CatalogIndicator,
    Lang,
    ParsedItem,
    ParsedPlan,
    similarity,
    within_reach,
)
from generator.messages import t
from generator.resources import catalog_dir
from generator.scaffold import new_portal

REPORT = "import-report.md"
_TITLE = {"kk": "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау жүргізу жөніндегі жұмыс жоспары",
          "ru": "План работы по проведению внутреннего анализа коррупционных рисков"}
_COMMISSION = {"kk": "Комиссия мүшелері", "ru": "Члены комиссии"}
_ORGANIZATION = {"kk": "Ұйымның атауы", "ru": "Наименование организации"}  # init's placeholders
_POSITION = {"kk": "Басшы", "ru": "Руководитель"}
_LATIN = dict(zip("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә",
                  ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "k", "l",
                   "m", "n", "n", "o", "o", "p", "r", "s", "t", "u", "u", "u", "f", "h", "h",
                   "ts", "ch", "sh", "sch", "", "y", "i", "", "e", "yu", "ya", "a"], strict=True))


def load_catalog() -> list[CatalogDirection]:
    """The standard nine directions (Adal's own files): titles, and each indicator's wording
    as the approved plan gives it (kk) and its Russian text."""
    directions = []
    for path in sorted(catalog_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        directions.append(CatalogDirection(
            path.stem, data["number"], dict(data["title"]), data.get("kind", "indicators"),
            tuple(CatalogIndicator(i["number"], {"kk": i.get("approved") or i["text"]["kk"],
                                                 "ru": i["text"]["ru"]},
                                   i.get("numbered_in_plan", True))
                  for i in data["indicators"])))
    return directions


def _other(lang: Lang) -> Lang:
    return "ru" if lang == "kk" else "kk"


def person_id(name: str, taken: dict[str, int]) -> str:
    """An id from the surname in Latin letters: «sergeev», then «sergeev-2», … (`taken`: every
    id given, each with the next number to try after it, so many namesakes cost linear time)."""
    surname = name.split()[-1].lower()
    base = re.sub(r"[^a-z0-9]+", "-", "".join(_LATIN.get(c, c) for c in surname)).strip("-")
    base = base or "person"
    candidate, n = base, taken.get(base, 2)
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken[base] = max(n, taken.get(base, 2))
    taken.setdefault(candidate, 2)
    return candidate


def write_portal(plan: ParsedPlan, target: Path, catalog: list[CatalogDirection],
                 source_name: str) -> list[str]:
    """Write the portal; return the report's lines (also saved as import-report.md)."""
    new_portal(target, catalog=False)
    # The skeleton's legal basis (the Law and the Typical Rules), which `adal init` writes too.
    basis = yaml.safe_load((target / "plan.yaml").read_text("utf-8")).get("legal_basis", [])
    lang, other = plan.lang, _other(plan.lang)
    ids: dict[str, str] = {}
    taken: dict[str, int] = {"commission": 2}
    people, groups = [], []
    for key, person in plan.people.items():
        if person.group:
            ids[key] = "commission"
            groups.append({"id": "commission", "name": dict(_COMMISSION), "members": []})
            continue
        ids[key] = person_id(person.name, taken)
        entry: dict[str, Any] = {"id": ids[key], "name": {"kk": person.name, "ru": person.name}}
        # Spellings that differ by more than spaces and look-alike letters (which adal check
        # matches anyway), such as «Н.Рсалды» for «Н.С. Рсалды».
        aliases = sorted(s for s in person.spellings
                         if normalize_name(s) != normalize_name(person.name))
        if aliases:
            entry["aliases"] = aliases
        if key == plan.approver and plan.position:
            entry["position"] = {lang: plan.position, other: plan.position}
        people.append(entry)
    if not groups:
        groups.append({"id": "commission", "name": dict(_COMMISSION), "members": []})
    by_id = {d.id: d for d in catalog}
    notes = [f"- {t('import_kind_' + n.kind)}: {n.text}" for n in plan.notes]
    directions = _directions(plan, by_id, notes)
    items = [_item(item, ids) for item in plan.items if item.kind != "collect" or item.direction]
    # What the document does not say is the placeholder `adal init` writes: check warns.
    data = {
        "organization": ({lang: plan.organization, other: plan.organization}
                         if plan.organization else dict(_ORGANIZATION)),
        "title": {lang: plan.title or _TITLE[lang], other: _TITLE[other]},
        "approval": {"person": ids.get(plan.approver or "", people[0]["id"] if people else
                                       "head"),
                     "position": ({lang: plan.position, other: plan.position}
                                  if plan.position else dict(_POSITION))},
        "legal_basis": basis,
        "commission": "commission",
        "settings": {"languages": [lang, other]},
        "people": people,
        "groups": groups,
        "items": items,
    }
    header = (f"# Imported by `adal import` from {source_name}. Check the report beside this "
              f"file ({REPORT}).\n# Texts in {other} copied from {lang} where no translation "
              f"was found: see the report.\n")
    (target / "plan.yaml").write_text(header + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    for direction_id, content in directions.items():
        (target / "indicators" / f"{direction_id}.yaml").write_text(yaml.safe_dump(
            content, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    if plan.organization:
        notes.append(f"- {t('import_kind_translation')}: "
                     + t("import_note_copies_plan", other=other, lang=lang))
    lines = [t("import_report_title", name=source_name), "",
             t("import_report_summary", lang=lang, items=len(items), people=len(people),
               directions=len(directions)), "", *notes]
    (target / REPORT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _item(item: ParsedItem, ids: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"number": item.number, "kind": item.kind}
    if item.kind == "collect":
        entry["direction"] = item.direction
    if item.deadline:
        entry["deadline"] = item.deadline.isoformat()
    entry["responsible"] = list(dict.fromkeys(ids[k] for k in item.responsible)) or ["commission"]
    return entry


def _directions(plan: ParsedPlan, catalog: dict[str, CatalogDirection],
                notes: list[str]) -> dict[str, dict[str, Any]]:
    lang, other = plan.lang, _other(plan.lang)
    out: dict[str, dict[str, Any]] = {}
    used = {catalog[i.direction].number for i in plan.items if i.direction in catalog}
    highest = max(used | {9})
    for item in (i for i in plan.items if i.kind == "collect" and i.direction):
        known = catalog.get(item.direction or "")
        missing = known is None
        indicators = []
        for indicator in item.indicators or []:
            match = _match(indicator.text, known, lang) if known else None
            missing = missing or match is None
            entry: dict[str, Any] = {"number": indicator.number, "text": {
                lang: indicator.text, other: match.wording[other] if match else indicator.text}}
            if not indicator.numbered:
                entry["numbered_in_plan"] = False
            indicators.append(entry)
        if not indicators:
            notes.append(f"- {t('import_kind_unplaced')}: "
                         + t("import_note_no_indicators", number=item.number))
            indicators.append({"number": 1, "text": {lang: item.lead or "?",
                                                     other: item.lead or "?"}})
            missing = True
        title = dict(known.title) if known else {lang: _title_of(item.lead),
                                                 other: _title_of(item.lead)}
        number = known.number if known else (
            item.number if item.number not in used else highest + 1)
        used.add(number)
        highest = max(highest, number)
        content: dict[str, Any] = {"number": number, "title": title}
        if known and known.kind != "indicators":
            content["kind"] = known.kind
        content["translation"] = {lang: "official", other: "missing" if missing else "working"}
        content["indicators"] = indicators
        if missing:
            notes.append(f"- {t('import_kind_translation')}: " + t(
                "import_note_copies", direction=item.direction, other=other, lang=lang))
        out[item.direction or ""] = content
    return out


def _match(text: str, direction: CatalogDirection, lang: Lang) -> CatalogIndicator | None:
    scored = [(similarity(text, i.wording[lang]), i) for i in direction.indicators
              if within_reach(len(text), len(i.wording[lang]), INDICATOR_MATCH)]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best if score >= INDICATOR_MATCH else None


def _title_of(lead: str) -> str:
    """A new direction's title from its lead: the name in «…», or X of «Ақпарат жинау: X
    бағыты бойынша …» / «… по направлению X, …»."""
    if quoted := re.search(r"«([^«»]{3,})»", lead):  # [^«»]: linear however many «
        return quoted.group(1).strip()
    if ru := re.search(r"по направлению\s+([^,:;]+)", lead):
        return ru.group(1).strip()
    text = re.sub(r"^[^:]{0,40}:\s*", "", lead)
    text = re.split(r"\s+\S+\s+бойынша\b|\s+бағыты\b|:", text)[0]
    return text.strip() or lead[:80] or "?"
