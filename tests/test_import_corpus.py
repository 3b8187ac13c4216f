"""`adal import` measured on the acceptance corpus (issue 17, tests/import_corpus/README.md).

Each corpus document is imported with the real `adal import` into a tmp folder; what the
portal holds (plan.yaml, indicators/) is adapted to the corpus's neutral format and compared
with the hand-written truth. The figures are printed (`pytest -s`) and the exact-item ratio is
held by a floor that only goes up (a ratchet): raise FLOOR when the importer reads more.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_adal
from tests.import_corpus.compare import Result, combine, compare, load_truth

CORPUS = Path(__file__).resolve().parent / "import_corpus"
CASES = sorted(p.name.removesuffix(".truth.yaml") for p in CORPUS.glob("*.truth.yaml"))
FLOOR = 0.0  # the exact-item ratio reached so far (target: 0.95)

_KIND_WORDS = (  # the corpus's finer kinds of a plain task, from its title
    ("npa", ("нормативн", "нпа", "құқықтық акт", "нормативтік")),
    ("announcement", ("объявлен", "хабарландыру", "уведомлен", "хабарлама")),
    ("publication", ("размещ", "опубликов", "орналастыр", "жариял")),
    ("measures", ("план мероприят", "іс-шаралар жоспар", "план мер", "шаралар жоспар")),
    ("monitoring", ("мониторинг",)),
    ("discussion", ("обсужд", "талқыла")),
)


def _task_kind(title: str) -> str:
    lowered = title.lower()
    return next((kind for kind, words in _KIND_WORDS if any(w in lowered for w in words)),
                "task")


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(v for k, v in value.items()
                                                 if k in ("kk", "ru") and v), ""))
    return "" if value is None else str(value)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip().rstrip(".")
    if m := re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text):
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    return text


_LAST = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}
_EVERY = {"half-year": "half"}


def _deadline(value: Any, lang: str) -> dict[str, Any]:
    """The portal's deadline in the corpus's terms (kind, start, due, every, as_written)."""
    out: dict[str, Any] = {"as_written": None, "kind": "none", "start": None, "due": None,
                           "every": None}
    if value is None:
        return out
    if not isinstance(value, dict):
        return {**out, "kind": "date", "due": _iso(value)}
    written = value.get("as_written")
    out["as_written"] = written.get(lang) if isinstance(written, dict) else written
    if "date" in value:
        out.update(kind="date", due=_iso(value["date"]))
    elif "start" in value and "end" in value and "every" not in value:
        out.update(kind="period", start=_iso(value["start"]), due=_iso(value["end"]))
    elif "quarter" in value:
        out.update(kind="quarter", due=f"{value['year']}-{_LAST[int(value['quarter'])]}")
    elif "half" in value:
        out.update(kind="half", due=f"{value['year']}-{_LAST[2 * int(value['half'])]}")
    elif "month" in value:
        year, month = int(value["year"]), int(value["month"])
        last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).isoformat()
        out.update(kind="month", due=last)
    elif "throughout" in value:
        out.update(kind="year", due=f"{value['throughout']}-12-31")
    elif "every" in value:
        year = value.get("year")
        out.update(kind="recurring", every=_EVERY.get(value["every"], value["every"]),
                   start=_iso(value.get("start")) or (f"{year}-01-01" if year else None),
                   due=_iso(value.get("end")) or (f"{year}-12-31" if year else None))
    return out


def observe(portal: Path) -> dict[str, Any]:
    """What the imported portal holds, in the corpus's neutral format."""
    plan = yaml.safe_load((portal / "plan.yaml").read_text("utf-8"))
    languages = plan.get("settings", {}).get("languages", ["kk", "ru"])
    source = plan.get("imported", {}) or {}
    lang = languages[0]
    people = {p["id"]: p for p in plan.get("people", [])}
    groups = {g["id"]: g for g in plan.get("groups", [])}
    columns = {c["id"]: c for c in plan.get("columns", []) or []}
    approver = people.get(plan.get("approval", {}).get("person"), {})
    approval = plan.get("approval", {})
    observed: dict[str, Any] = {
        "refuse": False,
        "languages": source.get("languages") or [lang],
        "organization": _text(plan.get("organization"), lang),
        "approvals": source.get("approvals") or [{
            "language": lang, "heading": None,
            "position": _text(approval.get("position"), lang),
            "name": _text(approver.get("name"), lang),
            "date": _iso(approval.get("date")), "date_as_written": None}],
        "agreements": source.get("agreements") or [],
    }
    parts: dict[str, list[dict[str, Any]]] = {}
    for item in plan.get("items", []):
        shown = item.get("shown", {}) or {}
        part_lang = shown.get("language", lang)
        kind = item.get("kind")
        title = _text(item.get("title"), part_lang)
        if kind == "task":
            kind = _task_kind(title)
        elif kind == "signing":
            kind = "agreement"
        indicators = []
        direction = item.get("direction")
        if kind == "collect" and direction:
            path = portal / "indicators" / f"{direction}.yaml"
            data = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
            markers = shown.get("markers") or []
            for k, indicator in enumerate(data.get("indicators", [])):
                marker = markers[k] if k < len(markers) else (
                    f"{indicator['number']})" if indicator.get("numbered_in_plan", True)
                    else "–")
                indicators.append({"marker": marker,
                                   "number": indicator["number"] if marker[:1].isdigit()
                                   else None,
                                   "text": _text(indicator.get("text"), part_lang)})
            own = data.get("imported_as") or None
            direction = own or direction
        responsible = []
        for entry in item.get("responsible", []):
            if isinstance(entry, dict):
                responsible.append({"text": _text(entry, part_lang),
                                    "kind": entry.get("kind", "group")})
            elif entry in people:
                responsible.append({"text": shown.get("people", {}).get(entry)
                                    or _text(people[entry]["name"], part_lang),
                                    "kind": "person"})
            elif entry in groups:
                responsible.append({"text": _text(groups[entry]["name"], part_lang),
                                    "kind": "group"})
            else:
                responsible.append({"text": str(entry), "kind": "person"})
        number = str(shown.get("number", item.get("number")))
        parts.setdefault(part_lang, []).append({
            "number": number, "path": shown.get("path", str(item.get("number"))),
            "section": shown.get("section"), "kind": kind,
            "title": title, "direction": direction if kind == "collect" else None,
            "deadline": _deadline(item.get("deadline"), part_lang),
            "responsible": responsible, "indicators": indicators,
            "extra": {_text(columns[c]["title"], part_lang) if c in columns else c:
                      _text(v, part_lang) for c, v in (item.get("columns") or {}).items()},
        })
    observed["parts"] = [{"language": k, "title": _text(plan.get("title"), k), "items": v}
                         for k, v in parts.items()]
    return observed


def import_case(name: str, tmp: Path) -> tuple[int, dict[str, Any], Path]:
    portal = tmp / name
    result = run_adal("import", str(CORPUS / "docx" / f"{name}.docx"), "--into", str(portal))
    if not (portal / "plan.yaml").exists():
        return result.returncode, {"refuse": True, "stderr": result.stderr}, portal
    return result.returncode, observe(portal), portal


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, dict, Path,
                                                                          Result]]:
    tmp = tmp_path_factory.mktemp("corpus")
    out = {}
    for name in CASES:
        code, observed, portal = import_case(name, tmp)
        out[name] = (code, observed, portal, compare(load_truth(name), observed))
    return out


def test_the_corpus_is_read_at_least_as_well_as_before(results) -> None:
    lines = []
    for name, (_code, _observed, _portal, result) in results.items():
        lines.append(f"{name:20} {result.exact:3}/{result.total:3} {result.ratio:6.1%} "
                     f"invented={len(result.invented)} {result.by_field()}")
    total = combine([r for *_, r in results.values()])
    lines.append(f"{'TOTAL':20} {total.exact:3}/{total.total:3} {total.ratio:6.1%} "
                 f"invented={len(total.invented)}")
    print("\n" + "\n".join(lines))
    assert total.ratio >= FLOOR, "\n".join(lines)


def test_no_person_is_invented(results) -> None:
    invented = [f"{name}: {entry}" for name, (*_, result) in results.items()
                for entry in result.invented]
    assert invented == []


@pytest.mark.parametrize("name", [c for c in CASES if load_truth(c).get("refuse")])
def test_a_non_plan_is_refused_and_nothing_is_written(results, name: str) -> None:
    code, observed, portal, _result = results[name]
    assert code == 1 and observed["refuse"]
    assert not portal.exists()
    assert observed["stderr"].strip() and "Traceback" not in observed["stderr"]
