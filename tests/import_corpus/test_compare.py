"""The corpus checker: a truth compared with itself is exact; each kind of misreading is
named with its item and field, and lowers the exact-item ratio."""

from __future__ import annotations

import copy

import pytest

from tests.import_corpus.compare import EXACT_FIELDS, combine, compare, load_truth


@pytest.fixture
def truth() -> dict:
    return load_truth("akimat-ru")


def fields(result) -> set[tuple[str, str]]:
    return {(m.where, m.field) for m in result.mismatches}


def test_the_truth_matches_itself(truth):
    result = compare(truth, copy.deepcopy(truth))
    assert result.mismatches == []
    assert (result.exact, result.total, result.ratio) == (7, 7, 1.0)
    assert result.invented == []


def test_layout_noise_is_not_a_mismatch(truth):
    observed = copy.deepcopy(truth)
    item = observed["parts"][0]["items"][2]
    item["title"] = item["title"].replace(" ", "\n  ", 2) + ":"
    item["indicators"][0]["text"] += ";"
    item["responsible"][0]["text"] += ","
    item["extra"] = {"Форма  завершения": "Информация рабочей группе"}
    observed["parts"][0]["items"][0]["extra"]["Лишняя пустая колонка"] = ""
    observed["organization"] = "ГУ " + truth["organization"]
    assert compare(truth, observed).mismatches == []


def test_each_misreading_is_named_and_counted(truth):
    observed = copy.deepcopy(truth)
    items = observed["parts"][0]["items"]
    items[0]["number"] = "1"                                   # «1.» read as «1»
    items[1]["deadline"]["due"] = "2025-01-06"                 # the start of the period
    items[2]["responsible"] = [{"text": "Нуртаева Г.С., Касымова Д.Е.", "kind": "person"}]
    items[3]["indicators"][1]["number"] = 1                    # numbering restarted
    items[4]["extra"]["Форма завершения"] = ""                 # extra column lost
    items[5]["kind"] = "task"
    items[6]["direction"] = "own:Размещение"
    result = compare(truth, observed)
    assert {
        ("ru item 1", "number"), ("ru item 2", "deadline.due"), ("ru item 3", "responsible"),
        ("ru item 4", "indicators[1].number"), ("ru item 5", "extra.Форма завершения"),
        ("ru item 6", "kind"), ("ru item 7", "direction"),
    } == fields(result)
    assert (result.exact, result.ratio) == (0, 0.0)
    assert result.invented == ["ru item 3: Нуртаева Г.С., Касымова Д.Е"]
    assert set(result.by_field()) <= set(EXACT_FIELDS)


def test_title_section_and_kinds_are_reported_but_do_not_spoil_exactness(truth):
    observed = copy.deepcopy(truth)
    item = observed["parts"][0]["items"][0]
    item["title"] = "Приказ"
    item["section"] = None
    item["responsible"][0]["kind"] = "position"
    result = compare(truth, observed)
    assert fields(result) == {("ru item 1", "title"), ("ru item 1", "section"),
                              ("ru item 1", "responsible_kind")}
    assert result.exact == 7


def test_missing_and_unexpected_items(truth):
    observed = copy.deepcopy(truth)
    items = observed["parts"][0]["items"]
    lost = items.pop()                     # the plan's second half dropped
    items.append({**lost, "path": "8", "number": "8."})
    result = compare(truth, observed)
    assert ("ru item 7", "item") in fields(result)
    assert ("ru item 8", "item") in fields(result)
    assert (result.exact, result.total) == (6, 7)


def test_document_fields(truth):
    observed = copy.deepcopy(truth)
    observed["approvals"][0]["name"] = "Сериков"              # approver replaced/cut
    observed["approvals"][0]["date"] = None                   # approval date lost
    observed["organization"] = "ГУ «Отдел образования»"
    observed["languages"] = ["ru", "kk"]
    result = compare(truth, observed)
    assert {("document", "approvals[0].name"), ("document", "approvals[0].date"),
            ("document", "organization"), ("document", "languages")} == fields(result)
    assert result.exact == 7  # document fields are not items


def test_a_missing_language_part():
    truth = load_truth("maslikhat-kk-ru")
    observed = copy.deepcopy(truth)
    observed["parts"] = observed["parts"][:1]
    observed["languages"] = ["kk"]
    result = compare(truth, observed)
    assert ("ru part", "part") in fields(result)
    assert (result.exact, result.total) == (5, 10)


def test_deadline_as_written_in_two_columns():
    truth = load_truth("too-quasi-ru")
    observed = copy.deepcopy(truth)
    observed["parts"][0]["items"][0]["deadline"]["as_written"] = "15.01.2025"
    result = compare(truth, observed)
    assert fields(result) == {("ru item 1", "deadline.as_written")}


def test_refusals():
    staff = load_truth("staff-list-ru")
    assert compare(staff, {"refuse": True, "reason": "any words"}).mismatches == []
    read_as_plan = compare(staff, {"refuse": False, "parts": []})
    assert fields(read_as_plan) == {("document", "refuse")}
    plan = load_truth("akimat-ru")
    refused = compare(plan, {"refuse": True})
    assert fields(refused) == {("document", "refuse")}
    assert (refused.exact, refused.total) == (0, 7)


def test_the_corpus_ratio_adds_up_items_not_documents():
    small, large = load_truth("rural-district-kk"), load_truth("maslikhat-kk-ru")
    wrong = copy.deepcopy(small)
    wrong["parts"][0]["items"][0]["kind"] = "task"
    total = combine([compare(small, wrong), compare(large, copy.deepcopy(large))])
    assert (total.exact, total.total) == (13, 14)
    assert len(total.mismatches) == 1
