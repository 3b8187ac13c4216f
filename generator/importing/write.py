"""Write an imported plan as a portal: plan.yaml in the plan model of docs/formats.md,
indicators/ for the plan's directions, the rest as `adal init` writes it, the import report
(import-report.md) and the import record (import-record.yaml: the document as written — its
numbers, sections, approval blocks and responsible cells — for the report and for checking the
import against the document).

Texts come from the document; the other language's text of a one-language plan comes only
from the standard catalog where an indicator matches it, else it is the document's text marked
`missing` (never another organization's wording)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.domain.dates import numeric
from generator.domain.schema import LABEL_PATTERN
from generator.domain.text import normalize_name
from generator.importing.dates import dates_in
from generator.importing.parse import (
    INDICATOR_MATCH,
    CatalogDirection,
    CatalogIndicator,
    Entry,
    Lang,
    ParsedItem,
    ParsedPlan,
    Side,
    half,
    name_key,
    named_organization,
    order_by,
    shown_number,
    similarity,
    within_reach,
)
from generator.messages import t
from generator.resources import catalog_dir
from generator.scaffold import new_portal

# What a label may be (schema.Label); a number written otherwise stays in the record only.
_LABEL = re.compile(LABEL_PATTERN)
REPORT = "import-report.md"
RECORD = "import-record.yaml"
_TITLE = {"kk": "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау жүргізу жөніндегі жұмыс жоспары",
          "ru": "План работы по проведению внутреннего анализа коррупционных рисков"}
_ORGANIZATION = {"kk": "Ұйымның атауы", "ru": "Наименование организации"}  # init's placeholders
_POSITION = {"kk": "Басшы", "ru": "Руководитель"}
_LATIN = dict(zip("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә",
                  ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "k", "l",
                   "m", "n", "n", "o", "o", "p", "r", "s", "t", "u", "u", "u", "f", "h", "h",
                   "ts", "ch", "sh", "sch", "", "y", "i", "", "e", "yu", "ya", "a"], strict=True))


def load_catalog() -> list[CatalogDirection]:
    """The standard nine directions: titles, and each indicator's standard text in kk and ru.
    A Kazakh plan's indicator is also recognised by the approved wording the catalog records,
    but only the standard texts are ever written into a portal."""
    directions = []
    for path in sorted(catalog_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        directions.append(CatalogDirection(
            path.stem, data["number"], dict(data["title"]), data.get("kind", "indicators"),
            tuple(CatalogIndicator(
                i["number"], {"kk": i["text"]["kk"], "ru": i["text"]["ru"]},
                {"kk": tuple(dict.fromkeys(x for x in (i["text"]["kk"], i.get("approved"))
                                           if x)),
                 "ru": (i["text"]["ru"],)},
                i.get("numbered_in_plan", True))
                for i in data["indicators"])))
    return directions


def _other(lang: Lang) -> Lang:
    return "ru" if lang == "kk" else "kk"


def _latin(text: str) -> str:
    base = "".join(_LATIN.get(c, c) for c in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", base).strip("-")


_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна|ична|ұлы|улы|қызы|кызы|оглы)$", re.I)


def person_id(name: str, taken: dict[str, int]) -> str:
    """An id from the surname in Latin letters: «sergeev», then «sergeev-2», … The surname of
    a full name is its first word («Садыкова Гульмира Маратовна»), or its last when the
    patronymic comes second («Гульмира Маратовна Садыкова»); of a name with initials, the
    word that is no initial."""
    words = [w for w in re.split(r"[\s.]+", name) if len(w) > 1]
    full = name.split()
    if len(full) == 3 and "." not in name:
        surname = full[2] if _PATRONYMIC.search(full[1]) and not _PATRONYMIC.search(
            full[2]) else full[0]
    else:
        surname = max(words, key=len) if words else name
    base = _latin(surname)[:40] or "person"
    candidate, n = base, taken.get(base, 2)
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken[base] = max(n, taken.get(base, 2))
    taken.setdefault(candidate, 2)
    return candidate


def _both(texts: dict[str, str], lang: Lang, fallback: dict[str, str] | None = None
          ) -> dict[str, str]:
    """A Text for both languages: each language's own text, else (copied) the plan's."""
    main = texts.get(lang) or next((v for v in texts.values() if v), None) or \
        (fallback or {}).get(lang) or "?"
    return {"kk": texts.get("kk") or main, "ru": texts.get("ru") or main}


def _written(texts: dict[str, str], lang: Lang, kind: str | None = None) -> dict[str, Any]:
    """A Written: the languages the document gives; a missing one marked so."""
    out: dict[str, Any] = {}
    for code in ("kk", "ru"):
        if texts.get(code):
            out[code] = texts[code]
    if len(out) == 1:
        out["missing"] = "ru" if "kk" in out else "kk"
    if kind:
        out["kind"] = kind
    return out


def write_portal(plan: ParsedPlan, target: Path, catalog: list[CatalogDirection],
                 source_name: str) -> list[str]:
    """Write the portal; return the report's lines (also saved as import-report.md)."""
    new_portal(target, catalog=False)
    basis = yaml.safe_load((target / "plan.yaml").read_text("utf-8")).get("legal_basis", [])
    lang, other = plan.lang, _other(plan.lang)
    bilingual = len(plan.languages) > 1
    notes: list[str] = []
    confirm: list[str] = []

    def note(kind: str, text: str) -> None:
        notes.append(f"- {t('import_kind_' + kind)}: {text}")

    for n in plan.notes:
        (confirm if n.kind in ("direction", "merge", "confirm") else notes).append(
            f"- {t('import_kind_' + n.kind)}: {n.text}")
    ids: dict[str, str] = {}
    taken: dict[str, int] = {}
    people = []
    for key, person in plan.people.items():
        ids[key] = person_id(person.name, taken)
        # Each language's own spelling where it differs only by the Kazakh letters
        # («Ғ.Т. Ысқақов» / «Г.Т. Ыскаков»), else the name as first written.
        names = {code: spelled if name_key(spelled := person.names.get(code, person.name))
                 == name_key(person.name) else person.name for code in ("kk", "ru")}
        entry: dict[str, Any] = {"id": ids[key], "name": names}
        aliases = sorted(s for s in person.spellings
                         if normalize_name(s) not in {normalize_name(n) for n in names.values()})
        if aliases:
            entry["aliases"] = aliases
        if person.positions:  # from a «Должность» column beside the names
            entry["position"] = _both(person.positions, lang)
        people.append(entry)
    approval = plan.approvals[0] if plan.approvals else None
    positions: dict[str, str] = {}
    for b in plan.approvals:  # a block in both languages («Мектеп директоры / Директор школы»)
        for code in ([b.lang] if half(b.position, b.lang) == b.position else ["kk", "ru"]):
            if b.position:
                positions.setdefault(code, half(b.position, code))
    if approval is not None and approval.key in ids:
        person = next(p for p in people if p["id"] == ids[approval.key])
        if positions:
            person["position"] = _both(positions, approval.lang)
    # Approved by a head's order («приказом руководителя …», «… басшысының бұйрығымен»):
    # whose order, as each language writes it, with its № and date; no one to sign it.
    by = {b.lang: whose for b in reversed(plan.approvals)
          if b.key is None and b.order and (whose := order_by(b))}
    ordered = approval is not None and approval.key is None and bool(approval.order) and (
        approval.lang in by)
    order: dict[str, str] | None = {"number": approval.order or "",
                                    "date": approval.date.isoformat()} if (
        ordered and approval is not None and approval.date) else None
    annex = plan.annex if not plan.approvals else None
    if annex is not None:  # «Приложение 1 к приказу …»: approved by that order, no one signs
        by, ordered = {annex.lang: annex.by}, True
        order = {"number": annex.number, "date": annex.date.isoformat()}
        confirm.append(f"- {t('import_kind_plan')}: " + t(
            "import_note_annex_order", text=annex.text, by=annex.by, number=annex.number,
            day=numeric(annex.date)))
    elif not plan.approvals:
        note("plan", t("import_note_no_approval"))
    elif approval is not None and ordered and approval.date:
        confirm.append(f"- {t('import_kind_plan')}: " + t(
            "import_note_approved_by_order", position=approval.position,
            date=approval.date_as_written or "", by=by[approval.lang],
            number=approval.order, day=numeric(approval.date)))
    elif approval is not None and ordered:
        note("plan", t("import_note_order_incomplete", position=approval.position,
                       date=approval.date_as_written or ""))
    elif approval is not None and approval.key is None:
        note("plan", t("import_note_no_approver"))
    columns = _columns(plan)
    # Section rows are kept with their items (`section`), shown on the pages.
    kept = [item for item in plan.items if item.kind != "collect" or item.direction]
    items = [_item(plan, item, ids, columns, note) for item in kept]
    done_marks = _done_marks(plan, kept, items, columns)
    for number, mark in done_marks:
        confirm.append(f"- {t('import_kind_confirm')}: " + t(
            "import_note_marked_done", number=number, mark=mark))
    working_order = _working_group_order(plan, kept, items, columns)
    if working_order is not None:
        confirm.append(f"- {t('import_kind_plan')}: " + t(
            "import_note_working_group_order", number=working_order[0],
            order=working_order[1]["number"], day=numeric(working_order[2])))
    directions = _directions(plan, catalog, note)
    organization = {b.lang: named_organization(b) for b in reversed(plan.approvals)
                    if named_organization(b)}
    if plan.organization:
        organization.setdefault(lang, plan.organization)
        for code, title in plan.title.items():  # each language's title names it its way
            if code not in organization and (m := re.search(r"«.+»", title or "")):
                organization[code] = m.group(0)
        confirm.append(f"- {t('import_kind_plan')}: " + t(
            _ORGANIZATION_READ[_organization_source(plan)],
            name=quoted(organization.get(lang, plan.organization))))
    data: dict[str, Any] = {
        "organization": _both(organization, lang) if organization else dict(_ORGANIZATION),
        "title": _both({k: v for k, v in plan.title.items() if v}, lang, _TITLE)
        if any(plan.title.values()) else dict(_TITLE),
        "approval": {"by": _both(by, lang)} if ordered else {
            "person": ids.get(approval.key or "", "head") if approval else "head",
            "position": _both(positions, lang) if positions else dict(_POSITION)},
        "legal_basis": basis,
        "settings": {"languages": [lang, other]},
        "people": people + ([] if ordered or approval is not None and approval.key in ids else [
            {"id": "head", "name": {"kk": "Басшының аты-жөні", "ru": "ФИО руководителя"}}]),
    }
    if order is not None:
        data["approval"]["order"] = order
    elif approval is not None and approval.date:
        data["approval"]["date"] = approval.date.isoformat()
    if columns:
        data["columns"] = [{"id": cid, "title": _both(titles, lang)}
                           for cid, titles in columns]
    data["items"] = items
    if working_order is not None:
        data["analysis"] = {"order": working_order[1]}
    if not bilingual and (plan.organization or any(plan.title.values()) or positions):
        note("translation", t("import_note_copies_plan_order" if ordered
                              else "import_note_copies_plan", other=other, lang=lang))
    header = (f"# Imported by `adal import` from {source_name}. Check the report beside this "
              f"file ({REPORT}).\n")
    (target / "plan.yaml").write_text(header + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    for direction_id, content in directions.items():
        (target / "indicators" / f"{direction_id}.yaml").write_text(yaml.safe_dump(
            content, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    (target / RECORD).write_text(
        "# What the Word document says, as written (adal import). Not read by adal build.\n"
        + yaml.safe_dump(record(plan), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8")
    lines = [t("import_report_title", name=source_name), "",
             t("import_report_summary", lang=" + ".join(plan.languages), items=len(items),
               people=len(people), directions=len(directions)), ""]
    if confirm:
        lines += [t("import_report_confirm"), "", *confirm, ""]
    if notes:
        lines += [t("import_report_notes"), "", *notes]
    (target / REPORT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


# A column marking each item done («Отметка об исполнении», «Орындалуы туралы белгі»).
_DONE_COLUMN = re.compile(r"отметк\w*\s+(?:об?\s+)?(?:исполнени|выполнени)|орындал\w*\s+туралы"
                          r"|^(?:исполнение|выполнение|орындалуы)$", re.IGNORECASE)


def _done_texts(item: dict[str, Any], columns: list[tuple[str, dict[str, str]]],
                lang: str) -> list[str]:
    out = []
    for cid, titles in columns:
        if any(_DONE_COLUMN.search(" ".join(x.split())) for x in titles.values() if x):
            value = item.get("columns", {}).get(cid)
            if isinstance(value, dict):
                text = value.get(lang) or next((v for k, v in value.items()
                                                if k in ("kk", "ru") and v), "")
                if text and text.strip(" -–—_."):
                    out.append(" ".join(text.split()))
    return out


def _done_marks(plan: ParsedPlan, kept: list[ParsedItem], items: list[dict[str, Any]],
                columns: list[tuple[str, dict[str, str]]]) -> list[tuple[str, str]]:
    """(the item's number as written, its mark) for each item a completion column marks: the
    plan says it is done, but Adal makes up no completion date; the report asks for one."""
    return [(shown_number(item.main, item.number), "; ".join(texts))
            for item, entry in zip(kept, items, strict=True)
            if (texts := _done_texts(entry, columns, plan.lang))]


_WORKING_GROUP = re.compile(r"рабоч\w*\s+групп|жұмыс\s+тоб", re.IGNORECASE)
_ORDER_MARK = re.compile(r"^(?:приказ|бұйрық)\w*\s*№\s*([\w./-]+)\s+от\s+(.+)$"
                         r"|^(.+?)\s*№\s*([\w./-]+)\s+бұйрық\w*$", re.IGNORECASE)


def _working_group_order(plan: ParsedPlan, kept: list[ParsedItem], items: list[dict[str, Any]],
                         columns: list[tuple[str, dict[str, str]]]
                         ) -> tuple[str, dict[str, str], date] | None:
    """The order forming the working group, when the completion column of the item issuing it
    names one order («Приказ № 5-п от 17.01.2025»): (the item's number, the order, its date)."""
    for item, entry in zip(kept, items, strict=True):
        title = " ".join(str(v) for v in entry.get("title", {}).values())
        texts = _done_texts(entry, columns, plan.lang)
        if entry.get("kind") != "order" or not _WORKING_GROUP.search(title) or len(texts) != 1:
            continue
        m = _ORDER_MARK.match(texts[0].strip(" ."))
        if m is None:
            return None
        number = (m.group(1) or m.group(4)).rstrip(".")
        found = dates_in(m.group(2) or m.group(3), None)
        if len(found) != 1:
            return None
        return (shown_number(item.main, item.number),
                {"number": number, "date": found[0].isoformat()}, found[0])
    return None


def quoted(name: str) -> str:
    """A name in «» for a report line; as it is when it already has its «» («№12 … мектеп»,
    ГУ «…»), not quoted again."""
    name = name.strip()
    return name if "«" in name or "»" in name else f"«{name}»"


_ORGANIZATION_READ = {"approval": "import_note_organization_approval",
                      "agreement": "import_note_organization_agreement",
                      "title": "import_note_organization_title"}


def _organization_source(plan: ParsedPlan) -> str:
    """Where the organization's name was read: an approval block, an agreement block, the
    plan's title (as `_organization` looks for it)."""
    if any(named_organization(b) for b in plan.approvals):
        return "approval"
    if any(named_organization(b) for b in plan.agreements):
        return "agreement"
    if any(re.search(r"«.+»", p.title) for p in plan.parts[:1]):
        return "title"
    return "approval" if plan.approvals else "agreement"


def _columns(plan: ParsedPlan) -> list[tuple[str, dict[str, str]]]:
    out: list[tuple[str, dict[str, str]]] = []
    used: set[str] = set()
    for k, titles in enumerate(plan.extra):
        base = _latin(titles.get("ru") or titles.get(plan.lang) or "")[:40] or f"column-{k + 1}"
        cid, n = base, 2
        while cid in used:
            cid, n = f"{base}-{n}", n + 1
        used.add(cid)
        out.append((cid, titles))
    return out


def _deadline(plan: ParsedPlan, item: ParsedItem) -> Any:
    found = item.deadline
    written = {lang: side.deadline_text for lang, side in item.sides.items()
               if side.deadline_text.strip()}
    if item.deadline_in_words and written:  # only in words: kept as the plan writes it
        return {"as_written": written}
    if not found:
        return None
    out: dict[str, Any] = {k: (v.isoformat() if isinstance(v, date) else v)
                           for k, v in found.items()}
    plain = "date" in found and all(
        re.sub(r"\s+", " ", text).strip() == found["date"].strftime("%d.%m.%Y")
        for text in written.values())
    if plain:
        return out["date"]
    if written:
        out["as_written"] = written
    return out


def _item(plan: ParsedPlan, item: ParsedItem, ids: dict[str, str],
          columns: list[tuple[str, dict[str, str]]], note: Any) -> dict[str, Any]:
    main = item.main
    entry: dict[str, Any] = {"number": item.number}
    # The number as the plan writes it («2.3»), and the section row above the item.
    label = shown_number(main, item.number)
    if label != str(item.number) and len(label) <= 20 and _LABEL.match(label):
        entry["label"] = label
    sections = {lang: " ".join(side.section.split()) for lang, side in item.sides.items()
                if side.section and side.section.strip()}
    if sections:
        entry["section"] = _written(sections, main.lang)
    entry["kind"] = item.kind
    if item.kind == "collect":
        entry["direction"] = item.direction
    titles = {lang: side.title or " ".join(side.lines) for lang, side in item.sides.items()}
    if item.kind != "collect" and any(titles.values()):
        entry["title"] = _written({k: v for k, v in titles.items() if v}, main.lang)
    if (deadline := _deadline(plan, item)) is not None:
        entry["deadline"] = deadline
    responsible: list[Any] = []
    others = [s for s in item.sides.values() if s is not main]
    for k, person in enumerate(main.entries):
        if person.key:
            responsible.append(ids[person.key])
            continue
        texts = {main.lang: person.text}
        for side in others:
            if len(side.entries) == len(main.entries) and not side.entries[k].key:
                texts[side.lang] = side.entries[k].text
        responsible.append(_written(texts, main.lang, person.kind if person.kind != "person"
                                    else None))
    if not responsible:
        note("unplaced", t("import_note_no_responsible", number=shown_number(main, item.number)))
        responsible.append(_written({main.lang: t("import_no_one_named")}, main.lang,
                                    "position"))
    entry["responsible"] = list({repr(r): r for r in responsible}.values())
    values: dict[str, Any] = {}
    for k, (cid, _titles) in enumerate(columns):
        texts = {}
        for side in item.sides.values():
            part = next(p for p in plan.parts if p.lang == side.lang)
            extra = part.cols.get("extra", [])
            if k < len(extra):
                text = "\n".join(side.extra.get(extra[k], [])).strip()
                if text:
                    texts[side.lang] = text
        if texts:
            values[cid] = _written(texts, main.lang)
    if values:
        entry["columns"] = values
    return entry


def _match(text: str, direction: CatalogDirection, lang: Lang) -> CatalogIndicator | None:
    best, score = None, 0.0
    for indicator in direction.indicators:
        for wording in indicator.matches.get(lang, ()):
            if within_reach(len(text), len(wording), INDICATOR_MATCH):
                value = similarity(text, wording)
                if value > score:
                    best, score = indicator, value
    return best if score >= INDICATOR_MATCH else None


def _directions(plan: ParsedPlan, catalog: list[CatalogDirection], note: Any
                ) -> dict[str, dict[str, Any]]:
    by_id = {d.id: d for d in catalog}
    out: dict[str, dict[str, Any]] = {}
    used = {by_id[i.direction].number for i in plan.items if i.direction in by_id}
    highest = max(used | {len(catalog)})
    for item in (i for i in plan.items if i.kind == "collect" and i.direction):
        main = item.main
        lang, other = main.lang, _other(main.lang)
        known = by_id.get(item.direction or "")
        counterpart = next((s for s in item.sides.values() if s.lang == other), None)
        paired = counterpart is not None and len(counterpart.indicators) == len(main.indicators)
        missing = False
        indicators = []
        for k, indicator in enumerate(main.indicators):
            texts = {lang: indicator.text}
            if paired and counterpart is not None:
                texts[other] = counterpart.indicators[k].text
            elif known and (match := _match(indicator.text, known, lang)):
                texts[other] = match.wording[other]
            else:
                texts[other] = indicator.text
                missing = True
            entry: dict[str, Any] = {"number": indicator.number, "text": texts}
            if not indicator.numbered:
                entry["numbered_in_plan"] = False
            indicators.append(entry)
        shown = shown_number(main, item.number)
        if known:
            title = dict(known.title)
            number = known.number
        else:
            own = dict(item.own_title)
            title = {lang: own.get(lang, "?"), other: own.get(other) or own.get(lang, "?")}
            highest += 1
            number = highest
            if other not in own:
                missing = True
        content: dict[str, Any] = {"number": number, "title": title}
        if known and known.kind != "indicators":
            content["kind"] = known.kind
        translation = "official" if paired else ("missing" if missing else "working")
        content["translation"] = {lang: "official", other: translation}
        content["indicators"] = indicators
        if missing:
            note("translation", t("import_note_copies_item", number=shown, other=other,
                                  lang=lang))
        out[item.direction or ""] = content
    return out


def _entry(entry: Entry) -> dict[str, str]:
    return {"text": entry.text, "kind": entry.kind}


def record(plan: ParsedPlan) -> dict[str, Any]:
    """The document as written, per language part: what the portal's model does not keep
    (numbers as shown, sections, list markers, responsible cells as written)."""
    def block(b: Any) -> dict[str, Any]:
        written = {"language": b.lang, "heading": b.heading, "position": b.position,
                   "name": b.name or None, "date": b.date.isoformat() if b.date else None,
                   "date_as_written": b.date_as_written}
        if b.order:  # approved by an order: its № (and the date above)
            written["order"] = b.order
        return written

    by_side: dict[int, int] = {id(s): item.number for item in plan.items
                               for s in item.sides.values()}
    parts = []
    for part in plan.parts:
        items = []
        for side in part.sides:
            if id(side) not in by_side:
                continue
            items.append(_side(side, by_side[id(side)]))
        parts.append({"language": part.lang, "title": part.title,
                      "columns": part.header, "items": items})
    return {"languages": plan.languages, "organization": plan.organization,
            "approvals": [block(b) for b in plan.approvals],
            "agreements": [block(b) for b in plan.agreements], "parts": parts}


def _side(side: Side, number: int) -> dict[str, Any]:
    return {"item": number, "number": side.number, "path": side.path, "section": side.section,
            "title": side.title, "deadline": side.deadline_cells if len(
                side.deadline_cells) > 1 else side.deadline_text,
            "responsible": [_entry(e) for e in side.entries],
            "markers": [i.marker for i in side.indicators]}
