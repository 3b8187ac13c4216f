"""Issue 18: a portal of several analyses (analyses/<id>/ beside the current one at the root):
checked with each problem naming its analysis, built with every earlier year at its own
addresses, its own open data and reference documents, each year's own allow-list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of, run_adal, with_earlier_analysis

INTERNAL_2023 = "ZZ-INTERNAL-2023-MARKER"


def with_earlier(root: Path, year: int = 2023) -> Path:
    """The demo with an earlier analysis of `year` (conftest.with_earlier_analysis) that has
    an internal page of its own."""
    folder = with_earlier_analysis(root, year) / "analyses" / str(year)
    page = folder / "content" / "pages" / "internal-note-2023.md"
    page.write_text("---\ntitle: {kk: Ішкі, ru: Внутреннее}\n---\n\n::: kk\n"
                    f"{INTERNAL_2023}\n:::\n\n::: ru\n{INTERNAL_2023}\n:::\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def years_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_earlier(copy_portal(DEMO, tmp_path_factory.mktemp("years") / "portal"))


@pytest.fixture(scope="module")
def years_site(years_portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project_of(years_portal), TODAY,
                 out=tmp_path_factory.mktemp("years-site") / "site")


@pytest.fixture(scope="module")
def years_public(years_portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project_of(years_portal), TODAY, public=True, pdf=False,
                 out=tmp_path_factory.mktemp("years-public") / "site")


def test_check_names_the_analysis_of_every_problem(tmp_path: Path) -> None:
    root = with_earlier(copy_portal(DEMO, tmp_path / "portal"))
    for plan in (root / "plan.yaml", root / "analyses" / "2023" / "plan.yaml"):
        plan.write_text(plan.read_text("utf-8").replace("responsible: [head]}",
                                                        "responsible: [nobody]}", 1), "utf-8")
    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() + result.stderr.splitlines()
             if "nobody" in line]
    assert any(line.startswith("analyses/2023/plan.yaml:") and "[analysis 2023]" in line
               for line in lines), lines
    assert any(line.startswith("plan.yaml:") and "[analysis 2024]" in line
               for line in lines), lines


def test_one_analysis_problems_are_as_before(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("responsible: [head]}",
                                                    "responsible: [nobody]}", 1), "utf-8")
    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1
    assert "[analysis" not in result.stdout + result.stderr


def test_a_bad_analysis_folder_is_named(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    (root / "analyses" / "old").mkdir(parents=True)
    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1
    assert "analyses/old:1:" in result.stdout + result.stderr


def test_earlier_analysis_has_its_pages_and_documents(years_site: Path) -> None:
    for lang in ("kk", "ru"):
        year = years_site / lang / "2023"
        for page in ("index.html", "reference/index.html", "measures/index.html",
                     "directions/personnel/index.html"):
            assert (year / page).is_file(), page
        assert (years_site / lang / "reference" / "index.html").is_file()  # today's address
        for name in (f"analytical-reference-{lang}.pdf", f"analytical-reference-{lang}.docx",
                     f"plan-{lang}.csv", f"deadlines-{lang}.ics"):
            assert (years_site / "2023" / "data" / name).stat().st_size > 0, name
        # The reference page of 2023 links its own year's documents.
        built = (year / "reference" / "index.html").read_text("utf-8")
        assert "../../../2023/data/analytical-reference-" in built
    plan = json.loads((years_site / "2023" / "data" / "plan.json").read_text("utf-8"))
    assert plan["items"]
    reference = (years_site / "ru" / "2023" / "reference" / "index.html").read_text("utf-8")
    assert "за 2023 год" in reference or "2023" in reference.split("<article", 1)[1]


def test_year_switch_on_every_page_keeps_the_page(years_site: Path) -> None:
    current = (years_site / "kk" / "directions" / "personnel" / "index.html").read_text("utf-8")
    assert 'class="adal-years' in current
    assert 'href="../../2023/directions/personnel/"' in current
    earlier = (years_site / "kk" / "2023" / "directions" / "personnel" / "index.html"
               ).read_text("utf-8")
    assert 'href="../../../directions/personnel/"' in earlier
    assert 'aria-current="page">2023<' in earlier
    assert "01.01.2023–31.12.2023" in earlier  # marked with its period


def test_search_covers_every_year(years_site: Path) -> None:
    index = json.loads((years_site / "kk" / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("2023/reference/") for loc in locations)
    assert any(loc.startswith("reference/") for loc in locations)


def test_calendar_uids_unique_across_years(years_site: Path) -> None:
    def uids(path: Path) -> set[str]:
        return {line.split(":", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
                if line.startswith("UID:")}

    now = uids(years_site / "data" / "deadlines-kk.ics")
    then = uids(years_site / "2023" / "data" / "deadlines-kk.ics")
    assert now and then and not now & then


def test_public_build_applies_each_years_allow_list(years_public: Path) -> None:
    assert (years_public / "kk" / "2023" / "index.html").is_file()
    for path in years_public.rglob("*"):
        if path.is_file():
            assert INTERNAL_2023.encode() not in path.read_bytes(), path


def test_intranet_shows_the_internal_page_of_2023(years_site: Path) -> None:
    page = years_site / "kk" / "2023" / "pages" / "internal-note-2023" / "index.html"
    assert INTERNAL_2023 in page.read_text("utf-8")


def test_a_portal_of_one_analysis_gets_nothing_of_this(demo_intranet: Path) -> None:
    """No year switch, trend, per-year folder or all-years file: its site is as before."""
    assert not (demo_intranet / "data" / "all-years.json").exists()
    assert not [p for p in demo_intranet.iterdir() if p.name[:2] in ("19", "20")]
    for path in demo_intranet.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "adal-years" not in text and "adal-trend" not in text, path
