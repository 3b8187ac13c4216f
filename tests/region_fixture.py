"""A generated region for `adal region`: a few hundred organizations made from the published
open data of the seed and the demo, with varied districts, kinds, years, completion and
reference states, every schema version Adal has written, and some organizations missing,
stale, invalid, of an unknown version, an intranet export, or hostile."""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

TODAY = date(2026, 3, 1)
DISTRICTS = {"almaly": ("Алмалы ауданы", "Алмалинский район"),
             "bostandyk": ("Бостандық ауданы", "Бостандыкский район"),
             "medeu": ("Медеу ауданы", "Медеуский район"),
             "auezov": ("Әуезов ауданы", "Ауэзовский район"),
             "turksib": ("Түрксіб ауданы", "Турксибский район")}
KINDS = {"school": ("Мектеп", "Школа"), "kindergarten": ("Балабақша", "Детский сад"),
         "college": ("Колледж", "Колледж"), "polyclinic": ("Емхана", "Поликлиника")}
HOSTILE_NAME = '<script>alert(1)</script> [x](javascript:alert(2)) {: onclick="alert(3)" }'
HOSTILE_TEXT = '<img src=x onerror=alert(4)> **bold** <a href="javascript:alert(5)">x</a>'
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _shift(value: Any, years: int) -> Any:
    """Every ISO date in the document moved by `years` (29 February becomes the 28th)."""
    if isinstance(value, dict):
        return {k: _shift(v, years) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, years) for v in value]
    if isinstance(value, str) and (m := _DAY.match(value)):
        y, mo, d = map(int, m.groups())
        return date(y + years, mo, min(d, 28) if mo == 2 else d).isoformat()
    return value


def _older(doc: dict[str, Any], version: int) -> dict[str, Any]:
    """The same analysis as an older Adal published it (exports.py's history)."""
    doc = copy.deepcopy(doc)
    doc["schema_version"] = version
    if version <= 4:  # no deadline only in words (such an item said no deadline), no labels
        doc.pop("approval_order", None)  # nor the order approving the plan
        for item in doc["items"]:
            item.pop("label", None)
            item.pop("section", None)
            if item.get("deadline_form") == "words":
                item.update(deadline_form=None, deadline_text={})
                if item["status"] == "as-written":
                    item["status"] = "no-deadline"
    if version <= 3:
        doc.pop("columns")
        for item in doc["items"]:
            for key in ("deadline_form", "deadline_start", "deadline_text", "occurrences",
                        "columns"):
                item.pop(key)
    if version <= 2:
        doc.pop("measures")
        doc.pop("measures_withheld")
    if version == 1:
        for d in doc["directions"]:
            d["russian_text"] = d.pop("translation").get("ru", "official")
        for r in doc["risks"]:
            r.pop("indicator_approved")
            r.pop("indicator_proposed")
    return doc


def _vary(base: dict[str, Any], i: int, year: int) -> dict[str, Any]:
    start = int((base["period_end"] or base["as_of"])[:4])
    doc = _shift(copy.deepcopy(base), year - start)
    doc["period_start"], doc["period_end"] = f"{year}-01-01", f"{year}-12-31"
    doc["as_of"] = (TODAY - timedelta(days=i % 20)).isoformat()
    done = i % (len(doc["items"]) + 1)
    for k, item in enumerate(doc["items"]):
        if k < done and item["deadline"]:
            item["completed"] = item["deadline"]
        elif k >= done:
            item["completed"] = None
    for k, measure in enumerate(doc.get("measures", [])):
        measure["completed"] = measure["deadline"] if (i + k) % 3 == 0 else None
    doc["reference_state"] = ("agreed", "prepared", "draft", "draft", "draft")[i % 5]
    for k, risk in enumerate(doc["risks"]):
        risk["likelihood"] = 1 + (i + k) % 5
        risk["impact"] = 1 + (i * 3 + k) % 5
        risk["score"] = risk["likelihood"] * risk["impact"] if (i + k) % 7 else None
    if i % 6 == 0:  # no risk identified at all
        doc["risks"] = []
        for d in doc["directions"]:
            d["risks_identified"] = 0 if d["risks_identified"] is not None else None
            d["outcome"] = "no-risks" if d["outcome"] == "risks" else d["outcome"]
        for m in doc.get("measures", []):
            m["risks"] = m["risks"]
    return doc


def make_region(folder: Path, seed: dict[str, Any], demo: dict[str, Any],
                count: int = 240) -> Path:
    """Write region.yaml and the organizations' data folders; returns region.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    orgs = []
    for i in range(count):
        org_id = f"org-{i:04d}"
        kind = list(KINDS)[i % len(KINDS)]
        district = list(DISTRICTS)[(i // 3) % len(DISTRICTS)]
        entry: dict[str, Any] = {
            "id": org_id, "name": {"kk": f"№{i} ұйым", "ru": f"Организация №{i}"},
            "kind": kind, "district": district, "data": f"orgs/{org_id}",
            "site": f"https://org{i}.example.kz/"}
        if i % 4:
            entry["bin"] = f"{100000000000 + i}"
        data = folder / "orgs" / org_id
        base = demo if i % 2 else seed
        year = 2025 if i % 11 == 5 else 2026
        doc = _vary(base, i, year)
        text: str | None = None
        if i % 10 == 3:
            doc = _older(doc, 1 + (i // 10) % 3)
        elif i % 10 == 6:
            doc = _older(doc, 4)
        if i == 7:
            entry["name"]["kk"] = entry["name"]["ru"] = HOSTILE_NAME
            entry["site"] = "javascript:alert(6)"
            doc["risks"] and doc["risks"][0]["indicator_text"].update(kk=HOSTILE_TEXT,
                                                                      ru=HOSTILE_TEXT)
            doc["directions"].append({**doc["directions"][0], "id": "evil", "number": 99,
                                      "title": {"kk": HOSTILE_TEXT, "ru": HOSTILE_TEXT},
                                      "risks_identified": 1})
            doc["risks"].append({**doc["risks"][0], "direction": "evil"} if doc["risks"]
                                else {})
        if i % 37 == 12:
            entry["site"] = "http://org-without-data.example.kz/"
            orgs.append(entry)
            continue  # missing: nothing downloaded
        if i % 41 == 13:
            doc["as_of"] = (TODAY - timedelta(days=200)).isoformat()  # stale
        if i % 43 == 14:
            text = '{"schema_version": 4, "organization": '  # broken JSON
        if i % 47 == 15:
            doc["items"][0]["number"] = "first"  # not the schema's type
        if i % 53 == 16:
            doc["schema_version"] = 99
        if i % 59 == 17:
            doc["public_build"] = False  # an intranet export
        if i == 19:
            text = "[" * 100_000 + "]" * 100_000  # hostile nesting
        data.mkdir(parents=True)
        (data / "plan.json").write_text(
            text if text is not None else json.dumps(doc, ensure_ascii=False), "utf-8")
        if i % 3 == 0:
            for lang in ("kk", "ru"):
                (data / f"analytical-reference-{lang}.pdf").write_bytes(b"")
        orgs.append(entry)
    region = {
        "name": {"kk": "Алматы қаласының білім басқармасы",
                 "ru": "Управление образования города Алматы"},
        "year": 2026, "stale_after_days": 60,
        "districts": {k: {"kk": kk, "ru": ru} for k, (kk, ru) in DISTRICTS.items()},
        "kinds": {k: {"kk": kk, "ru": ru} for k, (kk, ru) in KINDS.items()},
        "organizations": orgs}
    path = folder / "region.yaml"
    path.write_text(yaml.safe_dump(region, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def published_sources(tmp: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """plan.json of the seed and the demo, built public (no PDF) with this checkout."""
    import os

    from generator.output.build import build
    from tests.conftest import DEMO, REPO, project_of  # noqa: PLC0415

    found = []
    for name, root in (("seed", REPO), ("demo", DEMO)):
        # REGION_SOURCES: a folder with seed/ and demo/ public builds made beforehand
        # (while the tree is mid-change and one of them does not build).
        given = os.environ.get("REGION_SOURCES")
        if given:
            import shutil

            shutil.copytree(Path(given) / name, tmp / name)
            site = tmp / name
        else:
            site = build(project_of(root), TODAY, out=tmp / name, public=True, pdf=False)
        found.append(json.loads((site / "data" / "plan.json").read_text("utf-8")))
    return found[0], found[1]
