"""A corpus of broken portals, one per error class: each must give exit 1 and a message
`path:line: …` pointing at the offending line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import DEMO, copy_portal


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str | None  # text to replace; None: write `new` as the whole file
    new: str | bytes
    at: str | None  # the expected line is the first line containing this text
    message: str
    line: int | None = None  # or an explicit line


CASES = [
    Case("yaml-syntax", "plan.yaml", "title:\n", "title: [unclosed\n", "title: [unclosed",
         "a quote or bracket is never closed: close it"),
    Case("unknown-key", "plan.yaml", "commission: commission", "comission: commission",
         "comission:", "unknown key 'comission' (did you mean 'commission'?)"),
    Case("unknown-nested-key", "plan.yaml", "due_soon_days: 7", "due_son_days: 7",
         "due_son_days", "settings: unknown key 'due_son_days' (did you mean 'due_soon_days'?)"),
    Case("wrong-type", "plan.yaml", "due_soon_days: 7", "due_soon_days: seven", "due_soon_days",
         "settings › due_soon_days: expected a whole number, got 'seven'"),
    Case("impossible-date", "plan.yaml", "deadline: 2025-01-20", "deadline: 31.02.2025",
         "31.02.2025", "item 4 › deadline: impossible date '31.02.2025': the month's last day is 28 February 2025"),
    Case("bad-date-format", "plan.yaml", "deadline: 2025-01-24", "deadline: 24/01/2025",
         "24/01/2025", "item 5 › deadline: expected a date like 2025-01-06 or 06.01.2025"),
    Case("unknown-direction", "plan.yaml", "direction: contracts", "direction: contract",
         "direction: contract,", "unknown direction 'contract' (did you mean 'contracts'?)"),
    Case("unknown-person", "plan.yaml", "responsible: [head, accountant]",
         "responsible: [head, acountant]", "acountant",
         "unknown person or group 'acountant' (did you mean 'accountant'?)"),
    Case("unknown-group", "plan.yaml", "commission: commission", "commission: comision",
         "commission: comision", "unknown group 'comision' (did you mean 'commission'?)"),
    Case("duplicate-item", "plan.yaml", "{number: 3,", "{number: 2,", "{number: 2, kind: collect, direction: public",
         "duplicate item number 2"),
    Case("duplicate-key", "plan.yaml", "title:\n", "period: {start: 2024-01-01, end: 2024-02-01}\ntitle:\n",
         None, "duplicate key 'period' (it already appears at line 6)", line=14),
    Case("missing-translation", "plan.yaml",
         "  ru: Условная дошкольная организация «Үлгі» (вымышленный пример)\n", "",
         "organization:", "organization: missing Russian (ru) text"),
    Case("wrong-literal", "content/findings/personnel.md", "assessment: risk",
         "assessment: risky", "assessment: risky",
         "finding 1 › assessment: expected one of: risk, no-risk, not-applicable, "
         "not-assessed, got 'risky' "
         "(did you mean 'risk'?)"),
    Case("score-out-of-range", "content/findings/personnel.md", "likelihood: 3",
         "likelihood: 7", "likelihood: 7", "finding 1 › likelihood: expected a value less than or equal to 5"),
    Case("unknown-indicator", "content/findings/personnel.md", "indicator: 2",
         "indicator: 99", "indicator: 99", "direction 'personnel' has no indicator 99; expected a "
         "number from 1 to 15"),
    Case("findings-unknown-direction", "content/findings/personnel.md",
         "direction: personnel", "direction: personel", "direction: personel",
         "findings for unknown direction 'personel' (did you mean 'personnel'?)"),
    Case("duplicate-indicator", "indicators/permits.yaml", "- number: 5", "- number: 4",
         None, "duplicate indicator number 4 (also at line 19)", line=23),
    # Files are read in name order: the second of the two (public-services) is reported.
    Case("duplicate-direction-number", "indicators/permits.yaml", "number: 4\ntitle",
         "number: 3\ntitle", None, "duplicate direction number 3", line=1),
    Case("front-matter-unclosed", "content/pages/announcement.md", "order: 1\n---\n",
         "order: 1\n", None, "the front matter opened with '---' on line 1 is never closed",
         line=1),
    Case("front-matter-missing", "content/pages/announcement.md", None,
         "::: kk\nсәлем\n:::\n", None, "expected YAML front matter", line=1),
    Case("front-matter-yaml", "content/pages/announcement.md", "order: 1", "order: [1",
         "order: [1", "a quote or bracket is never closed"),
    Case("text-outside-language", "content/pages/announcement.md", "::: kk\n",
         "Бос мәтін\n\n::: kk\n", "Бос мәтін", "text outside a language block"),
    Case("unclosed-block", "content/reference/introduction.md", "«Үлгі».\n:::\n",
         "«Үлгі».\n", None, "the '::: ru' block opened at line 9 is never closed",
         line=11),
    Case("missing-language-block", "content/reference/introduction.md",
         "::: ru\nАнализ проведён в вымышленной организации «Үлгі».\n:::\n",
         "", None, "missing Russian (ru) text; expected a '::: ru' block", line=4),
    Case("non-utf8", "indicators/other.yaml", None, "number: 9\ntitle: \xff".encode("latin-1"),
         None, "not UTF-8 text (byte 0xff)", line=2),
    Case("empty", "indicators/other.yaml", None, "  \n", None, "the file is empty", line=1),
    Case("oversized", "content/findings/personnel.md", None, "---\n" + "x" * (1024 * 1024 + 1),
         None, "the file is 1048581 bytes; at most 1048576 are allowed", line=1),
    Case("top-level-list", "plan.yaml", None, "- a\n- b\n", None,
         "expected the file to be a mapping of 'key: value' lines, got a list", line=1),
    Case("risk-without-recommendation", "content/findings/personnel.md",
         "    recommendation:\n      kk: Кадрларды іріктеу қағидаларын бекіту және сайтта жариялау.\n"
         "      ru: Утвердить правила отбора кадров и опубликовать их на сайте.\n", "",
         "  - indicator: 2", "an identified risk needs 'recommendation' (kk and ru)"),
]


def _apply(root: Path, case: Case) -> int | None:
    path = root / case.file
    if case.old is None:
        data = case.new if isinstance(case.new, bytes) else case.new.encode("utf-8")
        path.write_bytes(data)
        text = data.decode("utf-8", "replace")
    else:
        text = path.read_text("utf-8")
        assert case.old in text, f"corpus case {case.name}: '{case.old}' not in {case.file}"
        text = text.replace(case.old, str(case.new), 1)
        path.write_text(text, encoding="utf-8")
    if case.at is None:
        return case.line
    return next(n for n, line in enumerate(text.split("\n"), 1) if case.at in line)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_file_is_reported_precisely(case: Case, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    line = _apply(root, case)
    code = main(["check", "--project", str(root)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    shown = "indicators/public-services.yaml" if case.name == "duplicate-direction-number" \
        else case.file
    expected = f"{shown}:{line}: {case.message}"
    assert expected in err, f"expected {expected!r} in:\n{err}"


def test_latin_letters_in_cyrillic_warn_and_fail_in_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    path = root / "indicators" / "public-services.yaml"
    text = path.read_text("utf-8").replace("тікелей", "тіkelей", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if "тіkelей" in s)
    assert main(["check", "--project", str(root)]) == 0
    out = capsys.readouterr().err
    assert (f"indicators/public-services.yaml:{line}: warning: Latin letters inside the "
            f"Cyrillic word 'тіkelей' (did you mean 'тікелей'?)") in out
    assert main(["check", "--project", str(root), "--strict"]) == 1


def test_all_problems_are_reported_at_once(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    by_name = {c.name: c for c in CASES}
    # A broken plan.yaml does not hide cross-file problems of the findings.
    for name in ("unknown-key", "unknown-indicator", "front-matter-yaml", "empty"):
        _apply(root, by_name[name])
    assert main(["check", "--project", str(root)]) == 1
    err = capsys.readouterr().err
    assert "comission" in err and "no indicator 99" in err and "announcement.md" in err
    # ...nor those of measures.yaml: its measures name personnel/2, now indicator 99.
    assert "file is empty" in err and "'personnel/2' is not an identified risk" in err
    assert "6 errors" in err


def test_a_build_with_errors_refuses_and_keeps_the_old_site(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker.html").write_text("previous", encoding="utf-8")
    _apply(root, CASES[1])
    assert main(["build", "--project", str(root), "--out", str(out), "--no-pdf"]) == 1
    assert "comission" in capsys.readouterr().err
    assert (out / "marker.html").read_text("utf-8") == "previous"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["status", "--today", "31.02.2025"]) == 2
    assert main(["check", "--project", str(tmp_path / "missing")]) == 2
