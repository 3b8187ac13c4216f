"""`adal region`: a generated region of a few hundred organizations (tests/region_fixture.py)
built with the real engine; every count on the overview checked against a count made here,
independently, from the input files."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.check.problems import Report
from generator.region.build import build_region
from generator.region.published import LATEST, READERS
from tests.conftest import run_adal
from tests.region_fixture import TODAY, make_region, published_sources


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("region")
    seed, demo = published_sources(tmp / "sources")
    path = make_region(tmp / "region", seed, demo, count=240)
    report = Report(path.parent)
    outcome = build_region(path, TODAY, tmp / "site", report)
    assert outcome is not None, [p.format() for p in report.problems]
    return path, outcome.out


def _done(deadline: str | None, completed: str | None) -> bool:
    return completed is not None


def _overdue(deadline: str | None, completed: str | None, today: date) -> bool:
    return completed is None and deadline is not None and date.fromisoformat(deadline) < today


def _item_overdue(item: dict[str, Any], today: date) -> bool:
    if item.get("occurrences") and item["completed"] is None:
        return any(_overdue(o["due"], o["completed"], today) for o in item["occurrences"])
    return _overdue(item["deadline"], item["completed"], today)


def _item_done(item: dict[str, Any]) -> bool:
    if item.get("occurrences") and item["completed"] is None:
        return all(o["completed"] for o in item["occurrences"])
    return item["completed"] is not None


def expected(path: Path, schema_latest: dict[str, Any]) -> Counter[str]:
    """The overview's counts, computed from region.yaml and the organizations' files."""
    spec = yaml.safe_load(path.read_text("utf-8"))
    year, stale = spec["year"], spec["stale_after_days"]
    need = {1: {"items", "risks", "directions"}, 2: {"items", "risks", "directions"},
            3: {"items", "risks", "directions", "measures"},
            4: {"items", "risks", "directions", "measures", "columns"}}
    c: Counter[str] = Counter()
    for org in spec["organizations"]:
        c["total"] += 1
        file = path.parent / org["data"] / "plan.json"
        if not file.is_file():
            c["state-no-data"] += 1
            c["reason-missing"] += 1
            continue
        try:
            doc = json.loads(file.read_text("utf-8"))
        except (ValueError, RecursionError):
            doc = None
        if not isinstance(doc, dict):
            c["state-no-data"] += 1
            c["reason-invalid"] += 1
            continue
        version = doc.get("schema_version")
        if version not in (1, 2, 3, 4, 5):
            c["state-no-data"] += 1
            c["reason-unknown-version"] += 1
            continue
        valid = (jsonschema.Draft202012Validator(schema_latest).is_valid(doc) if version == 5
                 else need[version] <= doc.keys() and all(isinstance(i["number"], int)
                                                          for i in doc["items"]))
        if not valid:
            c["state-no-data"] += 1
            c["reason-invalid"] += 1
            continue
        if not doc["public_build"]:
            c["state-no-data"] += 1
            c["reason-not-public"] += 1
            continue
        if (TODAY - date.fromisoformat(doc["as_of"])).days > stale:
            c["state-no-data"] += 1
            c["reason-stale"] += 1
            continue
        if int((doc["period_end"] or doc["as_of"])[:4]) != year:
            c["state-not-yet"] += 1
            c["reason-no-current-year"] += 1
            continue
        items, measures = doc["items"], doc.get("measures", [])
        c["items"] += len(items)
        c["items-done"] += sum(_item_done(i) for i in items)
        c["items-overdue"] += sum(_item_overdue(i, TODAY) for i in items)
        c["measures-overdue"] += sum(_overdue(m["deadline"], m["completed"], TODAY)
                                     for m in measures)
        by_dir = Counter(r["direction"] for r in doc["risks"])
        risks = sum(d["risks_identified"] if d["risks_identified"] is not None
                    else by_dir[d["id"]] for d in doc["directions"])
        c["risks"] += risks
        c["with-risks"] += risks > 0
        for r in doc["risks"]:
            s = r["score"]
            c["level-" + ("unscored" if s is None else "high" if s >= 12 else
                          "medium" if s >= 5 else "low")] += 1
        if doc["reference_state"] in ("prepared", "agreed"):
            c["state-published"] += 1
        elif any(i["kind"] in ("reference", "signing") and _item_overdue(i, TODAY)
                 for i in items):
            c["state-late"] += 1
        else:
            c["state-not-yet"] += 1
    return c


def _shown(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="([a-z-]+)">(\d+)<', page)}


def test_every_count_on_the_overview_equals_the_files(region: tuple[Path, Path]) -> None:
    path, site = region
    schema = json.loads((path.parent.parent / "sources" / "demo" / "data" /
                         "plan.schema.json").read_text("utf-8"))
    want = expected(path, schema)
    assert want["state-no-data"] and want["state-late"] and want["state-published"] \
        and want["reason-stale"] and want["reason-no-current-year"]  # the fixture varies
    for lang in ("kk", "ru"):
        shown = _shown((site / lang / "index.html").read_text("utf-8"))
        assert shown["total"] == want["total"] == 240
        for key, value in shown.items():
            assert value == want[key], (lang, key)
        assert {k for k, v in want.items() if v and k not in ("items", "items-done")} \
            <= set(shown)
    totals = json.loads((site / "data" / "region.json").read_text("utf-8"))["totals"]
    assert totals["items"] == want["items"] and totals["items_done"] == want["items-done"]


def test_nothing_from_an_organization_runs_or_links_out_unchecked(
        region: tuple[Path, Path]) -> None:
    _, site = region
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
        assert not re.search(r"""href=["']?\s*javascript""", text, re.I), page
        assert 'onclick="alert' not in text, page
    hostile = (site / "kk" / "org" / "org-0007" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "alert(6)" not in hostile and "Сайт көрсетілмеген" in hostile  # no link at all
    risks = (site / "ru" / "risks" / "index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(4)&gt;" in risks  # the hostile direction, as text


def test_the_table_is_sorted_and_filtered_without_javascript(region: tuple[Path, Path]) -> None:
    _, site = region
    def rows(rel: str) -> list[list[str]]:
        text = (site / "ru" / rel / "index.html").read_text("utf-8")
        body = text.split("<tbody>")[1].split("</tbody>")[0]
        return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in body.split("<tr>")[1:]]
    everyone = rows("organizations")
    assert len(everyone) == 240
    risks = [int(r[6]) if r[6] != "—" else -1 for r in rows("organizations/by-risks")]
    assert risks == sorted(risks, reverse=True) and risks[0] > 0
    medeu = rows("organizations/district-medeu")
    assert medeu and all(r[1] == "Медеуский район" for r in medeu)
    assert len(medeu) == sum(r[1] == "Медеуский район" for r in everyone)
    late = rows("organizations/state-late")
    assert late and all(r[3].startswith("Срок пропущен") for r in late)


def test_the_navigation_stays_small(region: tuple[Path, Path]) -> None:
    _, site = region
    page = (site / "kk" / "org" / "org-0001" / "index.html").read_text("utf-8")
    assert page.count('class="md-nav__link') < 12
    assert "org-0002" not in page


def test_every_schema_version_is_read_and_the_latest_is_what_exports_writes(
        region: tuple[Path, Path]) -> None:
    from generator.output.exports import SCHEMA_VERSION, PlanOut

    assert set(READERS) == set(range(1, SCHEMA_VERSION + 1))

    def shape(schema: dict[str, Any]) -> dict[str, list[str]]:
        """Every object's field names, by model name without its suffix (ItemOut, ItemV4)."""
        return {re.sub(r"(Out|V\d)$", "", name): sorted(d.get("properties", {}))
                for name, d in schema.get("$defs", {}).items()} | {"": sorted(schema["properties"])}
    assert shape(LATEST.model_json_schema()) == shape(PlanOut.model_json_schema())
    path, site = region
    demo = path.parent.parent / "sources" / "demo" / "data" / "plan.json"
    assert READERS[SCHEMA_VERSION](demo.read_bytes())  # what the current exports.py writes
    data = json.loads((site / "data" / "region.json").read_text("utf-8"))
    versions = Counter()
    for org in data["organizations"]:
        doc = path.parent / "orgs" / org["id"] / "plan.json"
        if org["state"] != "no-data" and doc.is_file():
            versions[json.loads(doc.read_text("utf-8"))["schema_version"]] += 1
    assert set(versions) == set(range(1, SCHEMA_VERSION + 1))


def test_region_yaml_problems_are_named_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "region.yaml").write_text(
        "name: {kk: Аудан, ru: Район}\nkinds: {school: {kk: Мектеп, ru: Школа}}\n"
        "districts: {a: {kk: А, ru: А}}\norganizations:\n"
        "  - {id: x, name: {kk: X, ru: X}, kind: school, district: a, data: x}\n"
        "  - {id: x, name: {kk: Y, ru: Y}, kind: shcool, district: a, data: y}\n", "utf-8")
    result = run_adal("region", "--project", str(tmp_path), "--lang", "ru")
    assert result.returncode == 1
    assert "region.yaml:6: идентификатор «x» уже указан в строке 5" in result.stderr
    assert "region.yaml:6: вид организации «shcool» не описан в «kinds»" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_region_starts_one_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "region"
    assert run_adal("init", "--region", str(target)).returncode == 0
    assert (target / ".github" / "workflows" / "region.yml").is_file()
    result = run_adal("region", "--project", str(target), "--today", "2026-03-01")
    assert result.returncode == 0, result.stderr
    assert "1 organizations" in result.stdout and "1 without usable data" in result.stdout
    assert "region.yaml:14: warning: the data of 'school-1' is not used: plan.json not found" \
        in result.stderr
    assert (target / "site" / "ru" / "org" / "school-1" / "index.html").is_file()


def test_an_organizations_folder_cannot_hang_or_flood_the_build(tmp_path: Path) -> None:
    import os

    from generator.region.published import MAX_PLAN_BYTES, Refused, read_published

    big = tmp_path / "big"
    big.mkdir()
    with (big / "plan.json").open("wb") as handle:
        handle.truncate(MAX_PLAN_BYTES + 1)
    assert read_published(big) == Refused("too-big", str(MAX_PLAN_BYTES + 1))
    fifo = tmp_path / "fifo"
    fifo.mkdir()
    os.mkfifo(fifo / "plan.json")  # reading it would wait for a writer forever
    assert read_published(fifo) == Refused("missing")
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "plan.json").write_text('{"schema_version": 4, "items": ' + "[" * 5000 + "]" * 5000
                                    + "}", "utf-8")
    assert isinstance(read_published(deep), Refused)
