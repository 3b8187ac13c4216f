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
FLOOR = 1.0  # the exact-item ratio reached so far (76/76; the issue asks for 0.95)

_KIND_WORDS = (  # the corpus's finer kinds of a plain task, from its title
    ("npa", ("нормативн", "нпа", "құқықтық акт", "нормативтік")),
    ("announcement", ("объявлен", "хабарландыру", "уведомлен", "хабарлама")),
    ("publication", ("размещ", "опубликов", "орналастыр", "жариял")),
    ("monitoring", ("мониторинг", "контроль", "бақылау")),
    ("measures", ("план мероприят", "плана мероприят", "іс-шаралар жоспар", "план мер",
                  "шаралар жоспар")),
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


_FIRST = {1: "01-01", 2: "04-01", 3: "07-01", 4: "10-01"}
_LAST = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}
_EVERY = {"half-year": "half"}


def _deadline(value: Any, written: Any) -> dict[str, Any]:
    """The portal's deadline in the corpus's terms (kind, start, due, every); `as_written` is
    the cell as the import record keeps it (the model keeps it unless it is a plain date)."""
    out: dict[str, Any] = {"as_written": written or None, "kind": "none", "start": None,
                           "due": None, "every": None}
    if value is None:
        return out
    if not isinstance(value, dict):
        return {**out, "kind": "date", "due": _iso(value)}
    if set(value) == {"as_written"}:  # only in words: no date to count from
        out.update(kind="words")
    elif "date" in value:
        out.update(kind="date", due=_iso(value["date"]))
    elif "start" in value and "end" in value and "every" not in value:
        out.update(kind="period", start=_iso(value["start"]), due=_iso(value["end"]))
    elif "quarter" in value:
        q, year = int(value["quarter"]), value["year"]
        out.update(kind="quarter", start=f"{year}-{_FIRST[q]}", due=f"{year}-{_LAST[q]}")
    elif "half" in value:
        h, year = int(value["half"]), value["year"]
        out.update(kind="half", start=f"{year}-{_FIRST[2 * h - 1]}",
                   due=f"{year}-{_LAST[2 * h]}")
    elif "month" in value:
        year, month = int(value["year"]), int(value["month"])
        last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).isoformat()
        out.update(kind="month", start=f"{year}-{month:02d}-01", due=last)
    elif "throughout" in value:
        year = value["throughout"]
        out.update(kind="year", start=f"{year}-01-01", due=f"{year}-12-31")
    elif "every" in value:
        year = value.get("year")
        out.update(kind="recurring", every=_EVERY.get(value["every"], value["every"]),
                   start=_iso(value.get("start")) or (f"{year}-01-01" if year else None),
                   due=_iso(value.get("end")) or (f"{year}-12-31" if year else None))
    return out


CATALOG = {p.stem for p in (Path(__file__).resolve().parent.parent / "indicators").glob(
    "*.yaml")}


def observe(portal: Path) -> dict[str, Any]:
    """What the imported portal holds, in the corpus's neutral format: the plan model
    (plan.yaml, indicators/) for kinds, directions, deadlines, indicators and extra columns;
    item labels (numbers as written) and sections; the import record (import-record.yaml)
    for what the model does not keep as written (the numbers as shown with their «.» or «)»,
    list markers, each responsible cell's entries)."""
    plan = yaml.safe_load((portal / "plan.yaml").read_text("utf-8"))
    record = yaml.safe_load((portal / "import-record.yaml").read_text("utf-8"))
    columns = {c["id"]: c for c in plan.get("columns", []) or []}
    items = {i["number"]: i for i in plan["items"]}
    observed: dict[str, Any] = {
        "refuse": False, "languages": record["languages"],
        "organization": _text(plan.get("organization"), record["languages"][0]),
        "approvals": record["approvals"], "agreements": record["agreements"], "parts": []}
    for part in record["parts"]:
        lang = part["language"]
        out = []
        for shown in part["items"]:
            item = items.get(shown["item"])
            if item is None:
                continue
            kind = item["kind"]
            title = shown.get("title") or _text(item.get("title"), lang)
            if kind == "task":
                kind = _task_kind(title)
            elif kind == "signing":
                kind = "agreement"
            indicators = []
            direction = item.get("direction")
            if item["kind"] == "collect" and direction:
                data = yaml.safe_load((portal / "indicators" / f"{direction}.yaml").read_text(
                    "utf-8"))
                markers = shown.get("markers") or []
                for k, indicator in enumerate(data.get("indicators", [])):
                    marker = markers[k] if k < len(markers) else ""
                    indicators.append({"marker": marker or None,
                                       "number": indicator["number"]
                                       if marker[:1].isdigit() else None,
                                       "text": _text(indicator.get("text"), lang)})
                if direction not in CATALOG:
                    direction = f"own:{_text(data['title'], lang)}"
            extra = {}
            for cid, column in columns.items():
                value = (item.get("columns") or {}).get(cid)
                written = value.get(lang) if isinstance(value, dict) else None
                extra[_text(column["title"], lang)] = written or ""
            out.append({
                # The number and section as the plan writes them: the portal's own (label,
                # section), which pages show; the record's number as shown, «2.3.» or «1)».
                "number": shown["number"], "path": str(item.get("label") or item["number"]),
                "section": _text(item.get("section"), lang) or None, "kind": kind,
                "title": title,
                "direction": direction if item["kind"] == "collect" else None,
                "deadline": _deadline(item.get("deadline"), shown.get("deadline")),
                "responsible": shown["responsible"], "indicators": indicators,
                "extra": extra})
        observed["parts"].append({"language": lang, "title": part["title"], "items": out})
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


PLANS = [c for c in CASES if not load_truth(c).get("refuse")]


@pytest.mark.parametrize("name", PLANS)
def test_each_imported_portal_passes_check_and_builds(results, name: str) -> None:
    """Every imported plan: exit 0, `adal check` without errors (warnings allowed), and a
    build (without PDFs, for time; the polyclinic's, bilingual, with them)."""
    code, _observed, portal, _result = results[name]
    assert code == 0
    check = run_adal("check", "--project", str(portal))
    assert check.returncode == 0, check.stderr
    extra = [] if name == "polyclinic-kk-ru" else ["--no-pdf"]
    built = run_adal("build", "--project", str(portal), "--today", "2025-01-20", *extra)
    assert built.returncode == 0, built.stderr
    assert (portal / "site" / "kk" / "index.html").exists()
