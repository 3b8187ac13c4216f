"""The corpus itself: every case has a hand-written truth in the documented format, the
generator is deterministic, the committed .docx files are what it builds, and each truth
agrees with its document -- every text the truth names is in the document, and every
number Word's list numbering shows is the one the truth says (counted here from the XML,
independently of the generator)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from tests.import_corpus import make_corpus
from tests.import_corpus.compare import load_truth, text

HERE = Path(__file__).resolve().parent
CATALOG = {p.stem for p in (HERE.parent.parent / "indicators").glob("*.yaml")}
KINDS = {"collect", "order", "npa", "announcement", "reference", "agreement", "publication",
         "measures", "monitoring", "discussion", "task"}
DEADLINE_KINDS = {"date", "period", "quarter", "half", "month", "year", "recurring", "words",
                  "none"}
EVERY = {None, "week", "month", "quarter", "half", "year"}
RESPONSIBLE_KINDS = {"person", "position", "unit", "group"}
PLANS = [n for n in make_corpus.cases() if not load_truth(n)["refuse"]]


def test_every_case_has_a_truth_and_the_corpus_is_large_enough():
    names = make_corpus.cases()
    assert sorted(names) == sorted(p.name[:-len(".truth.yaml")]
                                   for p in HERE.glob("*.truth.yaml"))
    assert len(PLANS) >= 10 and len(names) - len(PLANS) >= 3
    languages = [tuple(load_truth(n)["languages"]) for n in PLANS]
    assert {("kk",), ("ru",), ("kk", "ru")} <= set(languages)


@pytest.mark.parametrize("name", make_corpus.cases())
def test_truth_follows_the_documented_format(name):
    truth = load_truth(name)
    assert truth["case"] == name
    if truth["refuse"]:
        assert truth["reason"] and truth["reason_kind"] in {"staff-list", "liable-persons",
                                                           "schedule"}
        return
    assert [p["language"] for p in truth["parts"]] == truth["languages"]
    for block in truth["approvals"] + truth["agreements"]:
        assert block["language"] in truth["languages"] and block["heading"] and block["name"]
        assert block["date"] is None or isinstance(block["date"], date)
    for part in truth["parts"]:
        paths = [item["path"] for item in part["items"]]
        assert len(paths) == len(set(paths))
        for item in part["items"]:
            assert re.fullmatch(r"\d+(\.\d+)*", item["path"]), item
            assert item["path"].split(".")[-1] in item["number"], item
            assert item["kind"] in KINDS, item
            direction = item["direction"]
            assert direction is None or direction in CATALOG or direction.startswith("own:")
            assert (direction is not None) == (item["kind"] == "collect"), item
            deadline = item["deadline"]
            assert set(deadline) == {"as_written", "kind", "start", "due", "every"}, item
            assert deadline["kind"] in DEADLINE_KINDS and deadline["every"] in EVERY
            assert (deadline["every"] is None) == (deadline["kind"] != "recurring"), item
            if deadline["kind"] == "date":
                assert deadline["start"] is None and isinstance(deadline["due"], date)
            elif deadline["kind"] in ("none", "words"):
                assert deadline["start"] is None and deadline["due"] is None, item
                assert (deadline["kind"] == "words") == bool(deadline["as_written"]), item
            else:
                assert deadline["start"] <= deadline["due"], item
            assert all(p["kind"] in RESPONSIBLE_KINDS for p in item["responsible"])
            for k, indicator in enumerate(item["indicators"], 1):
                assert indicator["number"] in (k, None), item
            assert isinstance(item["extra"], dict)


def test_the_generator_is_deterministic():
    for name in ("too-quasi-ru", "hospital-kk"):
        assert make_corpus.build(name) == make_corpus.build(name)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


@pytest.mark.parametrize("name", make_corpus.cases())
def test_the_committed_document_is_what_the_generator_builds(name):
    committed = (HERE / "docx" / f"{name}.docx").read_bytes()
    assert _parts(committed) == _parts(make_corpus.build(name))


# ---- the truth against the document ------------------------------------------------------

def _paragraphs(document) -> list:
    """Every paragraph in document order, those inside table cells included."""
    body = document.element.body
    return [p for p in body.iter(qn("w:p"))]


def _text(p) -> str:
    parts = []
    for node in p.iter(qn("w:t"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else "\n")
    return "".join(parts)


def _displayed_numbers(document) -> dict[str, list[str]]:
    """What Word shows for list-numbered paragraphs: a counter per list (numId) going on in
    document order; marker from the list's lvlText. Keyed by the paragraph's text."""
    numbering = document.part.numbering_part.element
    abstract_of = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                   for n in numbering.iter(qn("w:num"))}
    level_text = {a.get(qn("w:abstractNumId")):
                  a.find(f'{qn("w:lvl")}/{qn("w:lvlText")}').get(qn("w:val"))
                  for a in numbering.iter(qn("w:abstractNum"))}
    counters: dict[str, int] = {}
    shown: dict[str, list[str]] = {}
    for p in _paragraphs(document):
        num_id = p.find(f'{qn("w:pPr")}/{qn("w:numPr")}/{qn("w:numId")}')
        if num_id is None:
            continue
        ident = num_id.get(qn("w:val"))
        counters[ident] = counters.get(ident, 0) + 1
        marker = level_text[abstract_of[ident]].replace("%1", str(counters[ident]))
        shown.setdefault(text(_text(p)) or "", []).append(marker)
    return shown


def _strings(truth: dict) -> list[str]:
    found = [truth["organization"]] if truth.get("organization") else []
    for block in truth.get("approvals", []) + truth.get("agreements", []):
        found += [block[k] for k in ("heading", "position", "name", "date_as_written")
                  if block.get(k)]
    for part in truth.get("parts", []):
        found.append(part["title"])
        for item in part["items"]:
            found += [item["title"], *[p["text"] for p in item["responsible"]],
                      *[i["text"] for i in item["indicators"]],
                      *[v for v in item["extra"].values() if v], *item["extra"]]
            if item.get("section"):
                found.append(item["section"])
            written = item["deadline"]["as_written"]
            found += written if isinstance(written, list) else [written] if written else []
            if not item.get("auto_number"):
                found.append(item["number"])
    return found


@pytest.mark.parametrize("name", PLANS)
def test_every_text_of_the_truth_is_in_the_document(name):
    document = docx.Document(io.BytesIO(make_corpus.build(name)))
    whole = text(" ".join(_text(p) for p in _paragraphs(document)))
    missing = [s for s in _strings(load_truth(name)) if text(s) not in whole]
    assert missing == []


@pytest.mark.parametrize("name", PLANS)
def test_typed_markers_and_item_order_are_the_documents(name):
    document = docx.Document(io.BytesIO(make_corpus.build(name)))
    whole = text(" ".join(_text(p) for p in _paragraphs(document)))
    shown = _displayed_numbers(document)
    for part in load_truth(name)["parts"]:
        position = 0
        for item in part["items"]:
            found = whole.find(text(item["title"]), position)
            assert found >= position, ("order", item["path"])
            position = found
            for indicator in item["indicators"]:
                if text(indicator["text"]) not in shown:  # typed, not Word's numbering
                    typed = text(f'{indicator["marker"]} {indicator["text"]}')
                    assert typed in whole, (item["path"], indicator)


@pytest.mark.parametrize("name", PLANS)
def test_word_numbering_shows_what_the_truth_says(name):
    document = docx.Document(io.BytesIO(make_corpus.build(name)))
    shown = _displayed_numbers(document)
    truth = load_truth(name)
    auto_items = [i for p in truth["parts"] for i in p["items"] if i.get("auto_number")]
    assert shown.get("", []) == [i["number"] for i in auto_items]
    for part in truth["parts"]:
        for item in part["items"]:
            for indicator in item["indicators"]:
                markers = shown.get(text(indicator["text"]))
                if markers is not None:  # numbered by Word, not typed
                    assert markers == [indicator["marker"]], (item["path"], indicator)


def test_the_asymmetries_the_importer_must_see():
    """Hand-checked facts of the documents that a naive reading gets wrong."""
    school = docx.Document(io.BytesIO(make_corpus.build("school-kk")))
    assert len(school.tables) == 3  # layout table + the plan split over two tables
    assert [c.text for c in school.tables[2].rows[1].cells] == ["1", "2", "3", "4"]
    assert school.tables[2].rows[2].cells[0].text == ""  # continuation of item 3
    quasi = docx.Document(io.BytesIO(make_corpus.build("too-quasi-ru")))
    plan = quasi.tables[1]
    assert [c.text for c in plan.rows[0].cells][2:4] == ["Срок исполнения"] * 2  # merged
    assert all(r.cells[0].text == "" for r in plan.rows[3:])  # numbers are Word's only
    energy = docx.Document(io.BytesIO(make_corpus.build("energy-jsc-ru")))
    assert energy.tables[1].rows[0].cells[0].text == "4."  # second table: no header
    kindergarten = docx.Document(io.BytesIO(make_corpus.build("kindergarten-kk")))
    assert kindergarten.tables[1].rows[2].cells[3].text == "Бас есепші\nС.К. Ахметова"
    truth = yaml.safe_load((HERE / "kindergarten-kk.truth.yaml").read_text("utf-8"))
    assert truth["parts"][0]["items"][1]["responsible"] == [
        {"text": "Бас есепші С.К. Ахметова", "kind": "person"}]
