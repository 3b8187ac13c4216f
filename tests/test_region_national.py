"""A national roll-up over regions' published summaries (docs/region.md, "A national
roll-up"): two regional portals built from generated organizations, their `data/` folders
published, and a national portal built over them with the same `adal region` command. Every
count on the national overview equals a count made here, independently, from the
organizations' input files; a missing, invalid, stale, other-year or unknown-version region is
listed with its reason; nothing in a region.json injects into the national site."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.problems import Report
from generator.region.build import build_region
from generator.region.published import Refused
from generator.region.summary import MAX_REGION_BYTES, READERS, RegionSummary, read_region
from tests.conftest import run_adal
from tests.region_fixture import HOSTILE_NAME, HOSTILE_TEXT, TODAY, make_region, published_sources
from tests.test_region import expected

REGIONS = {"north": 60, "south": 90}
# region id → (what its published folder is, the reason it is not used or None)
MEMBERS = {"north": None, "south": None, "north-v1": None, "hostile": None,
           "gone": "missing", "broken": "invalid", "sums": "invalid", "old": "stale",
           "future": "unknown-version", "last-year": "other-year"}


def _write(folder: Path, doc: dict[str, Any] | str) -> None:
    folder.mkdir(parents=True)
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    (folder / "region.json").write_text(text, "utf-8")


def _hostile(doc: dict[str, Any]) -> dict[str, Any]:
    """A region.json that is valid, with hostile text wherever the file has text."""
    doc = json.loads(json.dumps(doc))
    doc["name"] = {"kk": HOSTILE_NAME, "ru": HOSTILE_NAME}
    for d in doc["directions"]:
        d["title"] = {"kk": HOSTILE_TEXT, "ru": HOSTILE_TEXT}
        d["id"] = HOSTILE_NAME if d["id"] == "evil" else d["id"]
    for i in doc["indicators"]:
        i["text"] = {"kk": HOSTILE_TEXT, "ru": HOSTILE_TEXT}
    doc["kinds"]["polyclinic"] = {"kk": HOSTILE_NAME, "ru": HOSTILE_NAME}
    for o in doc["organizations"]:
        o["name"] = {"kk": HOSTILE_TEXT, "ru": HOSTILE_TEXT}
        o["site"] = "javascript:alert(7)"
    return doc


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return make_national(tmp_path_factory.mktemp("national"), REGIONS)


def make_national(tmp: Path, counts: dict[str, int]) -> dict[str, Any]:
    """Two regional portals built and published, and a national one built over them (with
    copies, old versions and broken variants of their summaries: MEMBERS)."""
    seed, demo = published_sources(tmp / "sources")
    paths, data, sites = {}, {}, {}
    for name, count in counts.items():
        path = make_region(tmp / name, seed, demo, count=count)
        report = Report(path.parent)
        outcome = build_region(path, TODAY, tmp / name / "site", report)
        assert outcome is not None, [p.format() for p in report.problems]
        paths[name] = path
        sites[name] = outcome.out
        data[name] = json.loads((outcome.out / "data" / "region.json").read_text("utf-8"))
    root = tmp / "kz"
    regions = root / "regions"
    shutil.copytree(tmp / "north" / "site" / "data", regions / "north")
    shutil.copytree(tmp / "south" / "site" / "data", regions / "south")
    v1 = {k: v for k, v in data["north"].items() if k != "regions"} | {"schema_version": 1}
    _write(regions / "north-v1", v1)  # what the first `adal region` published
    _write(regions / "hostile", _hostile(data["south"]))
    (regions / "gone").mkdir(parents=True)
    _write(regions / "broken", '{"schema_version": 2, "name": ' + "[" * 50_000)
    sums = json.loads(json.dumps(data["north"]))
    sums["totals"]["risks"] += 1  # totals that are not the sum of its organizations
    _write(regions / "sums", sums)
    _write(regions / "old", data["north"] | {"as_of": "2025-06-01"})
    _write(regions / "future", data["north"] | {"schema_version": 99})
    _write(regions / "last-year", data["north"] | {"year": 2025})
    # one organization the national body supervises itself, beside the regions
    shutil.copytree(tmp / "north" / "orgs" / "org-0001", root / "orgs" / "ministry-school")
    spec = {
        "name": {"kk": "Оқу-ағарту министрлігі", "ru": "Министерство просвещения"},
        "year": 2026, "stale_after_days": 60,
        "districts": {name: {"kk": f"{name} облысы", "ru": f"{name} область"}
                      for name in MEMBERS},
        "kinds": {"school": {"kk": "Мектеп", "ru": "Школа"}},  # the rest come from regions
        "organizations": [{"id": "ministry-school",
                           "name": {"kk": "Республикалық мектеп", "ru": "Республиканская школа"},
                           "kind": "school", "district": "north", "data": "orgs/ministry-school"}],
        "regions": [{"id": name, "name": {"kk": f"{name} өңірі", "ru": f"Регион {name}"},
                     "district": name, "data": f"regions/{name}",
                     "site": f"https://{name}.example.kz/"} for name in MEMBERS]}
    path = root / "region.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_adal("region", "--project", str(root), "--today", TODAY.isoformat(),
                      env={"ADAL_LANG": "en"})
    assert result.returncode == 0, result.stderr
    return {"tmp": tmp, "path": path, "site": root / "site", "result": result,
            "regional": paths, "data": data, "sites": sites}


def _shown(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="([a-z-]+)">(\d+)<', page)}


def test_every_national_count_is_the_sum_of_the_organizations_files(
        national: dict[str, Any]) -> None:
    schema = json.loads((national["tmp"] / "sources" / "demo" / "data" /
                         "plan.schema.json").read_text("utf-8"))
    north = expected(national["regional"]["north"], schema)
    south = expected(national["regional"]["south"], schema)
    direct = expected(national["path"], schema)
    # north twice (v2 and v1), south twice (as published, and with hostile texts)
    want = north + north + south + south + direct
    assert want["total"] == 2 * 60 + 2 * 90 + 1
    assert want["state-late"] and want["reason-stale"] and want["level-high"]
    want["regions-total"], want["regions-used"] = len(MEMBERS), 4
    want["regions-no-data"] = len(MEMBERS) - 4
    for lang in ("kk", "ru"):
        shown = _shown((national["site"] / lang / "index.html").read_text("utf-8"))
        for key, value in shown.items():
            assert value == want[key], (lang, key, value, want[key])
        assert {k for k, v in want.items() if v and k not in ("items", "items-done")} \
            <= set(shown)
    data = json.loads((national["site"] / "data" / "region.json").read_text("utf-8"))
    assert data["totals"]["items"] == want["items"]
    assert data["totals"]["items_done"] == want["items-done"]
    assert data["totals"]["organizations"] == want["total"]
    # the risk picture: each direction's organizations are the used regions' sums (and the
    # ministry's own school, at most one more)
    regional = Counter[str]()
    for name in ("north", "south", "north-v1", "hostile"):
        doc = json.loads((national["path"].parent / "regions" / name / "region.json")
                         .read_text("utf-8"))
        for d in doc["directions"]:
            regional[d["id"]] += d["organizations"]
    got = {d["id"]: d["organizations"] for d in data["directions"]}
    assert set(got) >= set(regional)
    assert all(got[k] - regional[k] in (0, 1) for k in got), (got, regional)
    # by kind: every organization of the regions is counted under its kind
    kinds = sum(t["organizations"] for r in data["regions"] if r["by_kind"]
                for t in r["by_kind"].values())
    assert kinds == want["total"] - direct["total"]
    assert set(data["kinds"]) == {"school", "kindergarten", "college", "polyclinic"}


def test_a_region_that_cannot_be_used_is_listed_with_its_reason(
        national: dict[str, Any]) -> None:
    for lang in ("kk", "ru"):
        page = (national["site"] / lang / "problems" / "index.html").read_text("utf-8")
        for name, reason in MEMBERS.items():
            found = re.search(rf'org/{name}/"[^<]*</a></th><td>[^<]*</td>'
                              rf'<td data-reason="([a-z-]+)"', page)
            assert (found.group(1) if found else None) == reason, (lang, name)
    stderr = national["result"].stderr
    assert "the summary of the region 'gone' is not used: region.json not found" in stderr
    assert "the summary of the region 'sums' is not used: region.json does not match its " \
        "schema (totals)" in stderr
    assert "'last-year' is not used: the region's summary is about 2025" in stderr
    assert "'future' is not used: unknown schema version (99)" in stderr
    assert "'old' is not used: the data is stale (as of 2025-06-01" in stderr
    assert "'north'" not in stderr and "'hostile'" not in stderr


def test_a_regions_page_links_to_its_own_portal(national: dict[str, Any]) -> None:
    site = national["site"]
    page = (site / "ru" / "org" / "north" / "index.html").read_text("utf-8")
    assert 'href="https://north.example.kz/ru/"' in page
    assert 'href="https://north.example.kz/ru/organizations/state-late/"' in page
    shown = _shown(page)
    assert shown["total"] == 60
    assert shown["state-late"] == national["data"]["north"]["totals"]["states"]["late"]
    table = (site / "ru" / "organizations" / "index.html").read_text("utf-8")
    rows = table.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == len(MEMBERS) + 1  # the regions and the ministry's own school
    assert "Регион, организаций: 90" in table
    # the state filter lists the regions that have organizations in that state
    late = (site / "ru" / "organizations" / "state-late" / "index.html").read_text("utf-8")
    assert 'href="../../org/north/"' in late and 'href="../../org/gone/"' not in late


def test_nothing_in_a_region_json_injects_into_the_national_site(
        national: dict[str, Any]) -> None:
    site = national["site"]
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
        assert not re.search(r"""href=["']?\s*javascript""", text, re.I), page
        assert 'onclick="alert' not in text and "alert(7)" not in text, page
        assert "built-in method" not in text, page
    for page in national["sites"]["north"].rglob("org/*/index.html"):
        assert "built-in method" not in page.read_text("utf-8"), page  # s['items']
    risks = (site / "kk" / "risks" / "index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(4)&gt;" in risks
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in risks  # a kind's name, as text
    csv = (site / "data" / "organizations-ru.csv").read_text("utf-8-sig")
    assert "\n=" not in csv and ",=" not in csv


def test_the_national_summary_reads_back_and_every_version_is_read(
        national: dict[str, Any], tmp_path: Path) -> None:
    from generator.region.opendata import SCHEMA_VERSION, RegionOut
    from generator.region.summary import LATEST

    assert set(READERS) == set(range(1, SCHEMA_VERSION + 1))
    assert sorted(LATEST.model_json_schema()["properties"]) == \
        sorted(RegionOut.model_json_schema()["properties"])
    # a national summary is itself a member a higher roll-up can read
    got = read_region(national["site"] / "data")
    assert isinstance(got, RegionSummary) and got.version == SCHEMA_VERSION
    data = json.loads((national["site"] / "data" / "region.json").read_text("utf-8"))
    assert got.total.orgs == data["totals"]["organizations"] == 2 * 60 + 2 * 90 + 1
    big = tmp_path / "big"
    big.mkdir()
    with (big / "region.json").open("wb") as handle:
        handle.truncate(MAX_REGION_BYTES + 1)
    assert read_region(big) == Refused("too-big", str(MAX_REGION_BYTES + 1))
    evil = tmp_path / "evil"
    doc = json.loads(json.dumps(national["data"]["north"]))
    doc["kinds"]["../../x"] = {"kk": "x", "ru": "x"}  # would become a page's address
    _write(evil, doc)
    assert read_region(evil) == Refused("invalid", "kinds.../../x.[key]")


def test_a_summary_whose_rows_do_not_add_up_is_refused(national: dict[str, Any],
                                                       tmp_path: Path) -> None:
    north = national["data"]["north"]
    partial = json.loads(json.dumps(north))
    row = next(o for o in partial["organizations"] if o["items"] is not None)
    row["items"] = None  # some figures without the others
    _write(tmp_path / "partial", partial)
    got = read_region(tmp_path / "partial")
    assert isinstance(got, Refused) and got.reason == "invalid"
    assert got.detail.startswith("organizations.")
    national_doc = json.loads((national["site"] / "data" / "region.json").read_text("utf-8"))
    kinds = json.loads(json.dumps(national_doc))
    member = next(r for r in kinds["regions"] if r["state"] == "region")
    next(iter(member["by_kind"].values()))["organizations"] += 1
    _write(tmp_path / "kinds", kinds)
    assert read_region(tmp_path / "kinds") == Refused("invalid", f"regions.{member['id']}.by_kind")
    state = json.loads(json.dumps(north))
    state["organizations"][0]["state"] = "region"  # a state an organization cannot have
    _write(tmp_path / "state", state)
    assert read_region(tmp_path / "state") == Refused("invalid", "organizations.0.state")
