"""`adal check` reports every problem of every item in one run: a field that fails its own
check does not hide a problem elsewhere in the same item (a bad date and an unknown person on
one line are two messages), and what only follows from a reported problem is not reported a
second time (a person whose entry failed is not also 'unknown' where it is named)."""

from __future__ import annotations

from pathlib import Path

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, copy_portal


def _edit(root: Path, name: str, *pairs: tuple[str, str]) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _line(root: Path, name: str, needle: str) -> int:
    """The line where `needle` (found once in the file; it may span lines) starts."""
    text = (root / name).read_text(encoding="utf-8")
    assert text.count(needle) == 1, (name, needle)
    return text[:text.index(needle)].count("\n") + 1


def _broken_demo(tmp_path: Path) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    _edit(root, "plan.yaml",
          # item 4: an impossible date and an unknown person on one line
          ("{number: 4, kind: collect, direction: permits, deadline: 2025-01-20, "
           "responsible: [secretary]}",
           "{number: 4, kind: collect, direction: permits, deadline: 31.02.2025, "
           "responsible: [secretery]}"),
          # item 7: an unknown direction, an impossible completion date, an unknown person
          ("{number: 7, kind: collect, direction: contracts, deadline: 2025-02-04, "
           "responsible: [head, accountant]}",
           "{number: 7, kind: collect, direction: contract, deadline: 2025-02-04, "
           "completed: 30.02.2025, responsible: [head, acountant]}"),
          # item 12: its title lacks Russian (its title is not also 'needed'), an unknown person
          ("      ru: Издание приказа о создании рабочей группы по проведению внутреннего "
           "анализа\n", ""),
          ("    completed: 2025-01-03\n    responsible: [head]\n",
           "    completed: 2025-01-03\n    responsible: [hed]\n"),
          # a person whose entry fails: the group naming it does not also call it unknown
          ("name: {kk: Д.Д. Дәулетов, ru: Д.Д. Дәулетов}", "name: {kk: Д.Д. Дәулетов}"),
          # a column whose entry fails: item 14's value for it is not also 'unknown column'
          ("title: {kk: Ескерту, ru: Примечание}", "title: {kk: Ескерту}"))
    _edit(root, "measures.yaml",
          # measure 2: an impossible deadline and an unknown person
          ("    responsible: [secretary]\n    deadline: 2025-01-20\n",
           "    responsible: [secretery]\n    deadline: 2025-13-20\n"),
          # measure 4: a wrong visibility and a risk that is not one
          ("    risks: [contracts/1]\n    text:\n      kk: 2024",
           "    risks: [personnel/3]\n    text:\n      kk: 2024"),
          ("    deadline: 2025-01-12\n    visibility: public\n",
           "    deadline: 2025-01-12\n    visibility: publc\n"))
    _edit(root, "content/findings/contracts.md",
          # finding 1: a score out of range, its causes lacking Russian (a risk's causes are
          # not also 'needed'), an unknown person
          ("    likelihood: 4\n", "    likelihood: 7\n"),
          ("      ru: Не утверждена типовая форма договора.\n", ""),
          ("    responsible: [accountant]\n", "    responsible: [acountant]\n"),
          # finding 3: an indicator the direction does not have
          ("  - indicator: 4\n", "  - indicator: 99\n"))
    return root


def test_every_problem_of_every_item_at_once(tmp_path: Path) -> None:
    root = _broken_demo(tmp_path)
    report = Report(root)
    assert load_project(root, report) is None
    got = [p.format() for p in report.sorted()]

    plan, measures, findings = "plan.yaml", "measures.yaml", "content/findings/contracts.md"
    expected = [
        (findings, "likelihood: 7",
         "finding 1 › likelihood: expected a value less than or equal to 5"),
        (findings, "causes:\n      kk: Шарттардың үлгі нысаны", "finding 1 › causes: missing Russian (ru) text"),
        (findings, "responsible: [acountant]",
         "unknown person or group 'acountant' (did you mean 'accountant'?)"),
        (findings, "indicator: 99",
         "direction 'contracts' has no indicator 99; expected a number from 1 to"),
        (measures, "responsible: [secretery]",
         "unknown person or group 'secretery' (did you mean 'secretary'?)"),
        (measures, "deadline: 2025-13-20", "measure 2 › deadline: impossible date"),
        (measures, "risks: [personnel/3]", "'personnel/3' is not an identified risk"),
        (measures, "visibility: publc", "measure 4 › visibility: expected one of"),
        (plan, "name: {kk: Д.Д. Дәулетов}", "person 4 › name: missing Russian (ru) text"),
        (plan, "title: {kk: Ескерту}", "columns, entry 2 › title: missing Russian (ru) text"),
        (plan, "{number: 4,", "item 4 › deadline: impossible date '31.02.2025'"),
        (plan, "{number: 4,", "unknown person or group 'secretery' (did you mean 'secretary'?)"),
        (plan, "{number: 7,", "item 7 › completed: impossible date '30.02.2025'"),
        (plan, "{number: 7,", "unknown direction 'contract' (did you mean 'contracts'?)"),
        (plan, "{number: 7,", "unknown person or group 'acountant' (did you mean 'accountant'?)"),
        (plan, "title:\n      kk: Ішкі талдау жүргізу үшін", "item 12 › title: missing Russian (ru) text"),
        (plan, "responsible: [hed]", "unknown person or group 'hed' (did you mean 'head'?)"),
    ]
    wanted = sorted(f"{name}:{_line(root, name, needle)}: {start}"
                    for name, needle, start in expected)
    assert len(got) == len(wanted), "\n".join(got)
    pairs = zip(sorted(got), wanted, strict=True)
    for line, (want) in pairs:
        assert line.startswith(want), (line, want, "\n".join(got))


def test_a_portal_with_each_problem_fixed_still_checks_clean(tmp_path: Path) -> None:
    """The salvage changes nothing for a portal without problems."""
    root = copy_portal(DEMO, tmp_path / "portal")
    report = Report(root)
    assert load_project(root, report) is not None
    assert report.errors == []


def test_a_required_part_of_the_plan_with_a_problem_hides_no_item(tmp_path: Path) -> None:
    """The organization's name and the approval are the plan's own required parts: with a
    problem there, the items, people and groups are still checked, and nothing that needs
    them is reported again (the approver is not also 'unknown')."""
    root = copy_portal(DEMO, tmp_path / "portal")
    _edit(root, "plan.yaml",
          ("  ru: Условная дошкольная организация «Үлгі» (вымышленный пример)\n", ""),
          ("approval:\n  person: head\n  position: {kk: Меңгеруші, ru: Заведующий}\n",
           "approval:\n  person: head\n  position: {kk: Меңгеруші}\n"),
          ("{number: 3, kind: collect, direction: public-services, deadline: 2025-01-14, "
           "responsible: [head]}",
           "{number: 3, kind: collect, direction: public-services, deadline: 2025-01-14, "
           "responsible: [hed]}"))
    report = Report(root)
    assert load_project(root, report) is None
    got = [p.format() for p in report.sorted()]
    position = _line(root, "plan.yaml", "  position: {kk: Меңгеруші}\n")
    wanted = sorted([
        f"plan.yaml:{_line(root, 'plan.yaml', 'organization:')}: "
        "organization: missing Russian (ru) text",
        f"plan.yaml:{position}: "
        "approval › position: missing Russian (ru) text",
        f"plan.yaml:{_line(root, 'plan.yaml', '{number: 3,')}: "
        "unknown person or group 'hed' (did you mean 'head'?)"])
    assert len(got) == len(wanted), "\n".join(got)
    for line, want in zip(sorted(got), wanted, strict=True):
        assert line.startswith(want), (line, want, "\n".join(got))
