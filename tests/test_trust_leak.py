"""Never leak: anything that looks like a marker but is not one is an error, comments and
files outside the portal never reach a build, and the public text tells the truth about
what it withholds (issue 7, part 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, copy_portal

HEAD = "---\ndirection: contracts\nvisibility: public\n---\n\n"


def problems(root: Path) -> list[str]:
    report = Report(root)
    load_project(root, report)
    return [p.format() for p in report.errors]


def with_findings_body(tmp_path: Path, body: str) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    (root / "content" / "findings" / "contracts.md").write_text(HEAD + body, "utf-8")
    (root / "measures.yaml").unlink()  # its measures address the risks this file replaced
    return root


NEAR_MISSES = {
    "indented in a list": "::: kk\nТекст.\n\n- пункт\n  ::: internal\n  SECRET\n  :::\n:::\n",
    "four colons": "::: kk\n:::: internal\nSECRET\n::::\n:::\n",
    "no space": "::: kk\n:::internal\nSECRET\n:::\n:::\n",
    "in a code span": "::: kk\nТекст `::: internal` SECRET\n:::\n",
    "two words": "::: kk\n::: internal only\nSECRET\n:::\n:::\n",
    "quoted": "::: kk\n> ::: internal\n> SECRET\n:::\n",
    "capitalised": "::: kk\n::: Internal\nSECRET\n:::\n:::\n",
}


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_a_near_miss_marker_is_an_error_at_its_line(tmp_path: Path, name: str) -> None:
    body = NEAR_MISSES[name]
    root = with_findings_body(tmp_path, body)
    found = problems(root)
    lines = (HEAD + body).split("\n")
    bad = next(i for i, line in enumerate(lines, 1) if "internal" in line.lower()
               or line.startswith("::::"))
    assert any(p.startswith(f"content/findings/contracts.md:{bad}: ") for p in found), found


def test_a_marker_inside_a_code_block_still_counts(tmp_path: Path) -> None:
    """A fence cannot hide a marker: the passage is internal, and the unclosed block is
    reported."""
    body = "::: kk\n```\nкод\n::: internal\nSECRET\n:::\n```\n:::\n"
    found = problems(with_findings_body(tmp_path, body))
    assert any("code block" in p for p in found), found


def test_an_unclosed_html_comment_is_an_error(tmp_path: Path) -> None:
    found = problems(with_findings_body(tmp_path, "::: kk\nТекст <!-- SECRET\n:::\n"))
    assert any(p.startswith("content/findings/contracts.md:7: ") and "<!--" in p
               for p in found), found


def test_comments_are_removed_when_files_are_read(tmp_path: Path) -> None:
    root = with_findings_body(tmp_path, "::: kk\nА <!-- SECRET-A --> Б\n<!--\nSECRET-B\n-->\n"
                                        ":::\n\n::: ru\nВ\n:::\n")
    report = Report(root)
    project = load_project(root, report)
    assert project is not None, report.problems
    text = repr(project.direction("contracts").findings.body)
    assert "SECRET" not in text and "А  Б" in text


@pytest.mark.parametrize("name", ["content/pages/..notes.md", "content/pages/.draft.md",
                                  "content/.findings/budget.md", "indicators/.extra.yaml"])
def test_a_hidden_file_that_looks_like_content_is_reported(tmp_path: Path, name: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: {kk: А, ru: Б}\n---\n", "utf-8")
    found = problems(root)
    assert any(p.startswith(name + ":1: ") for p in found), found


@pytest.mark.parametrize("where", ["content/pages/leak.md", "indicators/leak.yaml",
                                   "site_templates/assets/leak.css", "plan.yaml",
                                   "content/linked"])
def test_a_link_out_of_the_portal_is_an_error(tmp_path: Path, where: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text((root / "content" / "pages" / "announcement.md").read_text("utf-8"),
                      "utf-8")
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        link.unlink()
    os.symlink(outside if where == "content/linked" else secret, link)
    found = problems(root)
    assert any(p.startswith(where + ":1: ") and "outside the portal" in p for p in found), found


# ---- the public text tells the truth about what it withholds -------------------------------
# In the example, budget's findings file is internal (one risk, indicator 10) and contracts
# keeps one of its two risks internal (indicator 2).

def _json(site: Path) -> dict:
    import json

    return json.loads((site / "data" / "plan.json").read_text("utf-8"))


def test_public_reference_says_results_are_withheld_not_absent(demo_public: Path) -> None:
    for lang, withheld, not_assessed, no_risks in (
            ("kk", "Жарияланбайтын анықталған тәуекелдер саны: 1", "Әлі бағаланбаған",
             "тәуекелдері анықталған жоқ"),
            ("ru", "Не публикуются сведения о выявленных рисках: 1", "Ещё не оценено",
             "риски не выявлены")):
        page = (demo_public / lang / "reference" / "index.html").read_text("utf-8")
        budget = page[page.index('id="direction-budget"'):]
        budget = budget[:budget.index("</section>")]
        assert withheld in budget and not_assessed not in budget and no_risks not in budget
        contracts = page[page.index('id="direction-contracts"'):]
        assert withheld in contracts[:contracts.index("</section>")]
        from pypdf import PdfReader

        pdf = PdfReader(demo_public / "data" / f"analytical-reference-{lang}.pdf")
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert text.count(withheld) == 2


def test_public_direction_page_marks_withheld_results(demo_public: Path) -> None:
    page = (demo_public / "ru" / "directions" / "budget" / "index.html").read_text("utf-8")
    block = page[page.index('id="indicator-10"'):]
    block = block[:block.index("<h3")] if "<h3" in block else block
    assert "Результат не публикуется" in block and "Ещё не оценено" not in block


def test_open_data_counts_withheld_risks(demo_public: Path, demo_intranet: Path) -> None:
    public = {d["id"]: d for d in _json(demo_public)["directions"]}
    assert public["budget"]["outcome"] == "risks"
    assert public["budget"]["risks_identified"] == 1 and public["budget"]["risks_withheld"] == 1
    assert public["contracts"]["risks_identified"] == 2
    assert public["contracts"]["risks_withheld"] == 1
    intranet = {d["id"]: d for d in _json(demo_intranet)["directions"]}
    assert intranet["budget"]["risks_withheld"] == 0 and intranet["budget"]["risks_identified"] == 1
    import csv

    with open(demo_public / "data" / "directions-ru.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    budget = next(r for r in rows if "Освоение и распределение" in r[1])
    assert budget[-3:-1] == ["1", "1"]


def test_a_portal_may_withhold_the_counts_too(tmp_path: Path) -> None:
    from generator.output.build import build
    from tests.conftest import TODAY, project_of

    root = copy_portal(DEMO, tmp_path / "portal")
    plan = (root / "plan.yaml").read_text("utf-8")
    (root / "plan.yaml").write_text(plan.replace(
        "  due_soon_days: 7", "  due_soon_days: 7\n  publish_withheld_counts: false"), "utf-8")
    site = build(project_of(root), TODAY, out=tmp_path / "site", public=True, pdf=False)
    page = (site / "ru" / "reference" / "index.html").read_text("utf-8")
    budget = page[page.index('id="direction-budget"'):]
    budget = budget[:budget.index("</section>")]
    assert "Результаты анализа по этому направлению не публикуются" in budget
    assert "Ещё не оценено" not in budget
    data = {d["id"]: d for d in _json(site)["directions"]}
    assert data["budget"]["outcome"] == "withheld" and data["budget"]["risks_identified"] is None
