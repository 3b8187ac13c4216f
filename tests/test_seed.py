"""plan.yaml and indicators/ against figures transcribed from the approved plan (the seed,
kept outside this repository; the figures below are its deadlines, counts and people)."""

import json

from tests.conftest import REPO, project_of, run_adal

SEED_DEADLINES = {1: "2025-01-06", 2: "2025-01-10", 3: "2025-01-14", 4: "2025-01-20",
                  5: "2025-01-24", 6: "2025-01-29", 7: "2025-02-04", 8: "2025-02-07",
                  9: None, 10: "2025-02-12", 11: "2025-02-14"}
SEED_COUNTS = {"personnel": 15, "conflict-of-interest": 7, "public-services": 8, "permits": 5,
               "control": 17, "budget": 16, "contracts": 10, "information-systems": 9,
               "other": 4}
SEED_RESPONSIBLE = {1: ["А.А. Баялиева"], 2: ["А.А. Баялиева", "К.Н. Тайшабарова"],
                    3: ["А.А. Баялиева"], 4: ["А.А. Баялиева", "К.Н. Тайшабарова"],
                    5: ["А.А. Баялиева"], 6: ["Н.С. Рсалды"],
                    7: ["А.А. Баялиева", "Н.С. Рсалды"], 8: ["А.А. Баялиева", "Н.С. Рсалды"],
                    9: ["Н.С. Рсалды"], 10: ["К.Н. Тайшабарова"], 11: ["Комиссия мүшелері"]}


def test_items_deadlines_people_and_counts_match_the_seed() -> None:
    result = run_adal("status", "--today", "2025-01-15", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["number"] for i in items] == list(range(1, 12))
    assert {i["number"]: i["deadline"] for i in items} == SEED_DEADLINES
    assert {i["number"]: i["responsible"] for i in items} == SEED_RESPONSIBLE
    assert {i["direction"]: i["indicators"] for i in items if i["direction"]} == SEED_COUNTS
    assert [i["kind"] for i in items] == ["collect"] * 9 + ["reference", "agreement"]


def test_acceptance_statuses_on_2025_01_15() -> None:
    items = json.loads(run_adal("status", "--today", "2025-01-15", "--format", "json").stdout)
    status = {i["number"]: i["status"] for i in items}
    assert status == {1: "overdue", 2: "overdue", 3: "overdue", 4: "due-soon", 5: "upcoming",
                      6: "upcoming", 7: "upcoming", 8: "upcoming", 9: "no-deadline",
                      10: "upcoming", 11: "upcoming"}


def test_people_listed_once_despite_seed_spellings() -> None:
    project = project_of(REPO)
    assert [p.id for p in project.plan.people] == ["bayalieva", "taishabarova", "rsaldy"]


def test_seed_typos_are_corrected_in_published_text() -> None:
    """The texts pages show are corrected; the approved wording, typos and all, is kept only
    in `approved:` / `was:` (and shown as such, beside the corrected text)."""
    project = project_of(REPO)
    shown = [project.plan.title.kk, project.plan.organization.kk]
    for direction in project.directions:
        shown += [direction.spec.title.kk] + [i.text.kk for i in direction.spec.indicators]
    text = "\n".join(shown) + (REPO / "plan.yaml").read_text("utf-8")
    for typo in ["Сыбайлар", "сыйайлас", "сыйбайлас", "тауекелдерінің", "Мұдделер", "менгеруші",
                 "тен емес", "жалакысы", "улкен", "тәтіптік", "занды", "жүүктелген",
                 "мониторнгі", "көрсетеу", "ұзак", "уәкілдті", "белгіленбекен", "сактау",
                 "тұрларі", "езге", "багыты", "тетікттерінің", "орындастын", "Акпарат",
                 "Заңың", "тауарларлардың", "баулау", "орынданмаган", "ғалымы", "айыппул",
                 "негұрлым", "Өлеуетті", "Ақпарттық", "Ақапарт", "ұйымдастыруышылық",
                 "туындаитын", "іскімшіл", "қызметінін", "қараджатын", "жариялышы", "сыңайлы",
                 "оргалық", "тіkelей", "A.A."]:
        assert typo not in text, typo


def test_check_is_clean_and_strict_for_repo_and_example() -> None:
    for args in (["check"], ["check", "--strict"],
                 ["check", "--strict", "--project", "examples/demo"]):
        result = run_adal(*args)
        assert result.returncode == 0, result.stderr
        assert "0 errors, 0 warnings" in result.stdout


# ---- the approved wording is kept (issue 9) ------------------------------------------------

APPROVED_PLAN = REPO / "tests" / "fixtures" / "approved-plan-37.txt"  # the seed, as exported


def approved_indicators() -> dict[int, list[str]]:
    """Item number -> its indicator paragraphs as written in the approved plan (Word export:
    a row per item, continuation rows start with a tab, `<p>` per paragraph)."""
    import re

    rows: dict[int, list[str]] = {}
    current = 0
    for line in APPROVED_PLAN.read_text("utf-8").split("\n"):
        if m := re.match(r"^(\d+)\.\t(.*)$", line):
            current = int(m.group(1))
            rows[current] = [m.group(2).split("\t")[0]]
        elif line.startswith("\t") and current:
            cells = [c for c in line.split("\t") if c.strip()]
            rows[current] += cells[:1]
    result = {}
    for number, cells in rows.items():
        text = re.sub(r"</?i>", "", " ".join(cells))
        paragraphs = [p.strip() for p in re.split(r"</?p>", text) if p.strip()]
        items: list[str] = []
        for paragraph in paragraphs[1:]:
            if m := re.match(r"^\d+\)\s*(.*)$", paragraph):
                items.append(m.group(1))
            elif items:
                items[-1] += " " + paragraph  # a paragraph broken across rows
        result[number] = [" ".join(i.split()).rstrip(" ;.") for i in items]
    return result


def test_every_kazakh_indicator_is_the_approved_wording_plus_recorded_changes() -> None:
    from generator.domain.wording import applied, apply_changes, approved_text

    plan = approved_indicators()
    project = project_of(REPO)
    checked = 0
    for direction in project.directions:
        indicators = direction.spec.indicators
        expected = list(plan[direction.number])
        # An unnumbered tail was written on, after "; ", in the numbered paragraph above it.
        ours = []
        for indicator in indicators:
            if indicator.numbered_in_plan:
                ours.append(approved_text(indicator))
            else:
                ours[-1] += "; " + approved_text(indicator)
        assert ours == expected, direction.id
        for indicator in indicators:
            shown = apply_changes(approved_text(indicator), applied(indicator))
            assert shown == indicator.text.kk, (direction.id, indicator.number)
            checked += 1
    assert checked == 87 + 4  # 87 indicators and the 4 areas of direction 9


def test_meaning_changes_are_proposed_not_substituted() -> None:
    from generator.domain.wording import proposed_text

    personnel = {i.number: i for i in project_of(REPO).direction("personnel").spec.indicators}
    twelve = personnel[12]
    assert "алынбаған" in twelve.text.kk  # the approved wording is what the page shows
    assert "мерзімінен бұрын алынған" in proposed_text(twelve)
    assert "оған жол берген" in personnel[15].text.kk
