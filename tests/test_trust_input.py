"""Never hang or crash on input: YAML aliases, odd key spellings, long words, vanishing
files and empty front matter each get a located message or just work (issue 7, part 4)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.check.problems import Report
from generator.check.project import load_project
from generator.domain.text import latin_in_cyrillic, mixed_lines
from generator.serve import fingerprint
from tests.conftest import DEMO, REPO, copy_portal

LAUGHS = """organization: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def problems(root: Path) -> list[str]:
    report = Report(root)
    load_project(root, report)
    return [p.format() for p in report.problems]


def test_yaml_aliases_are_refused_at_their_line(tmp_path: Path) -> None:
    """Before, this file took `adal check` 10 s and 1.2 GB per level; now it is refused at
    once (run as a subprocess with a timeout, so a hang fails the test instead of CI)."""
    root = copy_portal(DEMO, tmp_path / "portal")
    (root / "plan.yaml").write_text(LAUGHS, "utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--project",
                             str(root)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert result.returncode == 1
    assert "plan.yaml:2: " in result.stderr and "alias" in result.stderr, result.stderr


def test_a_harmless_alias_is_refused_too(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = (root / "plan.yaml").read_text("utf-8")
    plan = plan.replace("position: {kk: Меңгеруші, ru: Заведующий}",
                        "position: &pos {kk: Меңгеруші, ru: Заведующий}", 1)
    plan = plan.replace("    position: {kk: Меңгеруші, ru: Заведующий}", "    position: *pos", 1)
    (root / "plan.yaml").write_text(plan, "utf-8")
    found = problems(root)
    line = plan.splitlines().index("    position: *pos") + 1
    assert any(p.startswith(f"plan.yaml:{line}: ") and "alias" in p for p in found), found


@pytest.mark.parametrize("spelling", ["Groups:", "Id:", "People:", "Kk:"])
def test_any_key_spelling_gives_a_located_message(tmp_path: Path, spelling: str) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    plan = (root / "plan.yaml").read_text("utf-8")
    original = {"Groups:": "groups:", "Id:": "  - id: head", "People:": "people:",
                "Kk:": "  kk: «Үлгі»"}[spelling]
    changed = original.replace(spelling.lower(), spelling, 1)
    assert original in plan
    plan = plan.replace(original, changed, 1)
    (root / "plan.yaml").write_text(plan, "utf-8")
    found = problems(root)
    assert found and all(":" in p for p in found)
    line = plan.splitlines().index(next(x for x in plan.splitlines() if x.startswith(changed))) + 1
    assert any(p.startswith(f"plan.yaml:{line}: ") and spelling[:-1] in p for p in found), found


def _seconds(text: str, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        latin_in_cyrillic(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_the_latin_lookalike_check_is_linear() -> None:
    """Ten times the text takes about ten times as long (a quadratic check: about a hundred);
    measured as a ratio in one run, not against the clock."""
    for unit in ("Баялиева", "аa.", "а" * 7 + "a"):
        short, long = unit * (4000 // len(unit)), unit * (40000 // len(unit))
        ratio = _seconds(long + " x") / max(_seconds(short + " x"), 1e-6)
        assert ratio < 50, (unit, ratio)  # linear: about 10; the old check: 94
    assert latin_in_cyrillic("A.A.Баялиева және Н.Рсалды") == [("A.A.Баялиева", "А.А.Баялиева")]



def _lines_with_lookalikes(text: str) -> list[tuple[int, str]]:
    """What the check looked at before issue 20's sixth pass: every line, one by one."""
    return [(n, line) for n, line in enumerate(text.split("\n"), start=1)
            if latin_in_cyrillic(line)]


def test_the_whole_text_search_finds_every_line_the_line_by_line_look_finds() -> None:
    """`mixed_lines` (two searches of a file's text) gives the check exactly the lines where
    the line-by-line look found a look-alike: each word mixing the alphabets in either order,
    across digits, dots, `_` and letters of neither alphabet, at a line's start or end, on
    the last line without a newline, twice on one line; and random texts of those characters."""
    cases = ["тіkelей", "kтіелей", "тек5x", "x_5.т", "«тіkelей»\nkk: мәтін\nжолkы",
             "бір\nekі\n\nүш", "ωтx", "аé.k", "ru: Текст\n  kk: Kітап және Mәтін\nсоңы x",
             "", "\n\n", "A.A.Баялиева және Н.Рсалды", "тіkelей тіkelей\r\nжоқ"]
    generator = random.Random(20)
    letters = "aAzZkKеЕтТқҚіІ0._-: \n\t«»éωЖ"
    cases += ["".join(generator.choice(letters) for _ in range(generator.randint(0, 80)))
              for _ in range(5000)]
    for text in cases:
        found = [(n, line) for n, line in mixed_lines(text) if latin_in_cyrillic(line)]
        assert found == _lines_with_lookalikes(text), text
    assert mixed_lines("бір\nekі\n\nүш тіkelей") == [(2, "ekі"), (4, "үш тіkelей")]


def test_the_whole_text_search_is_linear() -> None:
    """A long run of either alphabet, or of digits after a letter, is searched in linear
    time (a ratio in one run, as above)."""
    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            mixed_lines(text)
            best = min(best, time.perf_counter() - started)
        return best

    for unit in ("аa", "а", "a", "а5", "a5", "Баялиева x."):
        short, long = unit * (4000 // len(unit)), unit * (40000 // len(unit))
        ratio = seconds(long + "x") / max(seconds(short + "x"), 1e-6)
        assert ratio < 50, (unit, ratio)

CHURN = """
import os, sys, time
folder, end = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    for i in range(200):
        path = os.path.join(folder, f"tmp-{i}.md")
        open(path, "w").close()
    for i in range(200):
        os.unlink(os.path.join(folder, f"tmp-{i}.md"))
"""


def test_fingerprint_survives_files_vanishing(tmp_path: Path) -> None:
    """An editor saving by rename, or a checkout, removes files while serve scans them."""
    root = copy_portal(DEMO, tmp_path / "portal")
    churn = subprocess.Popen([sys.executable, "-c", CHURN, str(root / "content" / "pages"),
                              "4"])
    try:
        for _ in range(400):
            fingerprint(root)
    finally:
        churn.wait(timeout=30)


def test_front_matter_with_no_keys_takes_the_defaults(tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    (root / "content" / "reference" / "introduction.md").write_text(
        "---\n---\n\n::: kk\nКіріспе.\n:::\n\n::: ru\nВведение.\n:::\n", "utf-8")
    assert problems(root) == []
    (root / "content" / "pages" / "empty.md").write_text(
        "---\n---\n\n::: kk\nМәтін.\n:::\n\n::: ru\nТекст.\n:::\n", "utf-8")
    assert problems(root) == ["content/pages/empty.md:1: missing required key 'title'; add it"]
