"""A portal written by a hostile or careless author: every data field carries a payload.

Used by the injection tests; built once per session (intranet and public)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import DEMO, copy_portal

ORG = "ORG<img src=x onerror=alert(1)>\"'</title><script>alert(11)</script>"
DIRECTION = "DIR<img src=x onerror=alert(2)> {: onclick=alert(3)}"
PAGE = "PAGE<img src=x onerror=alert(4)>"
PERSON = "<script>alert(5)</script>Бекова"
ITEM_TITLE = "first line | second cell\nsecond line"
INDICATOR = "1. starts like a list `code` # not a heading {2025} {: onclick=alert(9)}"
PROSE = """<script>alert(6)</script>
<a href="javascript:alert(7)">JSLINK</a> <iframe src="x"></iframe>
<img src="x" onerror="alert(8)"> <object data="x"></object> <form action="x"><input></form>
<p style="color:red" onclick="alert(10)">STYLED</p> <!-- COMMENT-MARKER -->
**bold stays**"""
EVIDENCE_LIST = "- EVIDENCE-FIRST\n- EVIDENCE-SECOND"
ATTACHMENT = "<a rel=\"attachment\" href='file:///proc/self/environ'>ENVFILE</a>"


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _front(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                    + "---\n\n" + body, "utf-8")


def hostile_portal(target: Path) -> Path:
    root = copy_portal(DEMO, target)
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    plan["organization"]["kk"] = ORG
    plan["legal_basis"][0]["kk"] = "<b>LAW</b> [link](javascript:alert(12))"
    plan["people"][1]["name"]["kk"] = PERSON
    plan["people"][0]["position"] = {"kk": "<i>POSITION</i>", "ru": "Заведующий"}
    plan["items"][4]["title"] = {"kk": ITEM_TITLE, "ru": "Пункт"}
    plan["items"][9]["note"] = {"kk": "REFERENCE-ITEM-NOTE-kk", "ru": "REFERENCE-ITEM-NOTE-ru"}
    plan["items"][10]["note"] = {"kk": "AGREEMENT-ITEM-NOTE-kk", "ru": "AGREEMENT-ITEM-NOTE-ru"}
    _dump(root / "plan.yaml", plan)
    budget = yaml.safe_load((root / "indicators" / "budget.yaml").read_text("utf-8"))
    budget["title"]["kk"] = DIRECTION
    budget["indicators"][0]["text"]["kk"] = INDICATOR
    _dump(root / "indicators" / "budget.yaml", budget)
    _front(root / "content" / "pages" / "announcement.md",
           {"title": {"kk": PAGE, "ru": "Страница"}, "visibility": "public", "order": 1},
           f"::: kk\n{PROSE}\n:::\n\n::: ru\nТекст.\n:::\n")
    _front(root / "content" / "findings" / "budget.md",
           {"direction": "budget", "visibility": "public", "findings": [
               {"indicator": 1, "assessment": "risk",
                "evidence": {"kk": EVIDENCE_LIST, "ru": "Факты."},
                "causes": {"kk": PROSE, "ru": "Причины."},
                "recommendation": {"kk": "Ұсыныс.", "ru": "Рекомендация."}}]},
           "::: kk\nҚорытынды.\n:::\n\n::: ru\nИтог.\n:::\n")
    # Measures: one of the new risk, with payloads in every text it shows.
    _dump(root / "measures.yaml", {"measures": [
        {"number": 1, "risks": ["budget/1"], "text": {"kk": ITEM_TITLE, "ru": "Мера."},
         "responsible": ["head"], "deadline": "2025-02-01", "visibility": "public",
         "evidence": {"kk": PROSE, "ru": "Подтверждение."}}]})
    _front(root / "content" / "reference" / "conclusion.md", {"visibility": "public"},
           f"::: kk\n{ATTACHMENT}\n:::\n\n::: ru\n{ATTACHMENT}\n:::\n")
    return root
