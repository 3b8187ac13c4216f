"""The leak corpus (issue 7): generated bodies with near-miss markers and odd placements.

1. Parser property: for any body, either the checker reports a problem, or the public
   passages are exactly what the documented grammar makes public. A near-miss marker line is
   always a problem. So no spelling an author can type publishes a passage by accident.
2. End to end: a portal with a unique internal marker in every place an author can hide
   text is built public; no marker reaches any file (HTML, search index, sitemap, JSON,
   CSV, ICS, PDF text and attachments), and every public counterpart does.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.output.build import build
from generator.source.body import parse_body
from tests.conftest import DEMO, TODAY, copy_portal, output_texts, project_of

EXAMPLES = int(os.environ.get("ADAL_FUZZ_EXAMPLES", "300"))
EXACT = [":::", "::: kk", "::: ru", "::: internal", "::: public"]
NEAR = [":::internal", "::::", "::: internal x", " ::: internal", "- ::: internal",
        "> ::: internal", "`::: internal`", "text `::: public` text", ":::  internal",
        "::: INTERNAL", "\t:::", "1. ::: ru", "```::: internal", "~~~ ::: kk", ":::\u00a0kk"]
_counter = itertools.count()


def _text_line() -> st.SearchStrategy[str]:
    return st.sampled_from(["TOKEN", "- TOKEN", "```", "    TOKEN", "", "<!-- TOKEN -->",
                            "| a | TOKEN |", "> TOKEN"])


line = st.one_of(st.sampled_from(EXACT), st.sampled_from(NEAR), _text_line())


def reference_model(lines: list[str], file_public: bool) -> set[str]:
    """The documented grammar, written plainly: the tokens a build may publish."""
    public: set[str] = set()
    lang, passage = None, None
    for text in lines:
        if text in ("::: kk", "::: ru") and lang is None:
            lang = text
        elif text in ("::: internal", "::: public") and lang and passage is None:
            passage = text.endswith("public")
        elif text == ":::":
            if passage is not None:
                passage = None
            else:
                lang = None
        elif lang and "TOK" in text and "<!--" not in text and file_public \
                and passage is not False:
            public.add(text.split("TOK")[1])
    return public


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=30), st.booleans())
def test_a_body_is_an_error_or_exactly_the_documented_passages(lines: list[str],
                                                               file_public: bool) -> None:
    numbered = [t.replace("TOKEN", f"TOK{next(_counter)}") for t in lines]
    body, problems = parse_body("\n".join(numbered), 1, file_public)
    near = [i + 1 for i, t in enumerate(numbered) if t in NEAR or any(
        t.startswith(p) and t != p for p in ("```::", "~~~ ::"))]
    for number in near:
        assert any(n == number for n, _m in problems), (numbered, problems)
    if problems:
        return
    shown = {seg.split("TOK")[1].split()[0].strip("|").strip()
             for lang in ("kk", "ru") for p in body.segments(lang, public_only=True)
             for seg in p.text.split("\n") if "TOK" in seg}
    assert shown == {t.split()[0].strip("|").strip()
                     for t in reference_model(numbered, file_public)}


# ---- end to end ----------------------------------------------------------------------------

def _front(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                    + "---\n\n" + body, "utf-8")


def _both(make) -> str:  # noqa: ANN001
    return "\n\n".join(f"::: {lang}\n{make(lang)}\n:::" for lang in ("kk", "ru")) + "\n"


def leak_portal(target: Path) -> tuple[Path, list[str], list[str]]:
    """The example with a unique marker wherever internal text can stand."""
    root = copy_portal(DEMO, target)
    secret, shown = [], []

    def s(name: str, lang: str) -> str:
        secret.append(f"LEAK-{name}-{lang}")
        return f"LEAK-{name}-{lang}"

    def p(name: str, lang: str) -> str:
        shown.append(f"SHOWN-{name}-{lang}")
        return f"SHOWN-{name}-{lang}"

    pages = root / "content" / "pages"
    _front(pages / "odd.md", {"title": {"kk": "Тақ", "ru": "Странный"}, "visibility": "public"},
           _both(lambda lang: (
               f"- {p('list', lang)}\n\n::: internal\n- {s('after-list', lang)}\n:::\n\n"
               f"```\n{p('code', lang)}\n```\n\n::: internal\n| a |\n|---|\n"
               f"| {s('table', lang)} |\n:::\n\n"
               f"{p('between', lang)} <!-- {s('comment', lang)} -->\n\n"
               f"<!--\n{s('comment-block', lang)}\n-->\n\n"
               f"::: internal\n> {s('quote', lang)}\n:::\n\n"
               f"::: public\n{p('public-passage', lang)}\n:::\n\n"
               f"::: internal\n{s('last', lang)}\n:::")))
    _front(pages / "hidden.md", {"title": {"kk": s("page-title", "kk"),
                                           "ru": s("page-title", "ru")}},
           _both(lambda lang: f"::: public\n{s('public-in-internal-page', lang)}\n:::"))
    _front(root / "content" / "findings" / "permits.md",
           {"direction": "permits", "visibility": "public", "findings": [
               {"indicator": 1, "assessment": "risk",
                "evidence": {lang: f"{p('evidence', lang)} <!-- {s('evidence-comment', lang)} -->"
                             for lang in ("kk", "ru")},
                "causes": {lang: p("causes", lang) for lang in ("kk", "ru")},
                "recommendation": {lang: p("rec", lang) for lang in ("kk", "ru")},
                "note": {lang: s("note", lang) for lang in ("kk", "ru")}},
               {"indicator": 2, "assessment": "risk", "visibility": "internal",
                "evidence": {lang: s("risk-evidence", lang) for lang in ("kk", "ru")},
                "causes": {lang: s("risk-causes", lang) for lang in ("kk", "ru")},
                "recommendation": {lang: s("risk-rec", lang) for lang in ("kk", "ru")}}]},
           _both(lambda lang: f"{p('permits', lang)}\n::: internal\n{s('permits', lang)}\n:::"))
    plan = yaml.safe_load((root / "plan.yaml").read_text("utf-8"))
    for item in plan["items"]:
        item["note"] = {lang: s(f"item-{item['number']}", lang) for lang in ("kk", "ru")}
    (root / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), "utf-8")
    _front(root / "content" / "reference" / "introduction.md", {"visibility": "public"},
           _both(lambda lang: f"{p('intro', lang)}\n::: internal\n{s('intro', lang)}\n:::"))
    return root, secret, shown


@pytest.fixture(scope="module")
def leak_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    tmp = tmp_path_factory.mktemp("leak")
    root, secret, shown = leak_portal(tmp / "portal")
    return build(project_of(root), TODAY, out=tmp / "site", public=True), secret, shown


def test_no_internal_marker_reaches_any_public_file(leak_build) -> None:  # noqa: ANN001
    site, secret, shown = leak_build
    texts = output_texts(site)
    kinds = {Path(p).suffix for p in texts}
    assert {".html", ".json", ".csv", ".ics", ".pdf", ".xml", ".gz", ".docx"} <= kinds
    leaks = [(marker, str(path)) for path, text in texts.items() for marker in secret
             if marker in text]
    assert leaks == []
    joined = "\n".join(texts.values())
    assert [m for m in shown if m not in joined] == []
    assert len(secret) == 64 and len(shown) == 18  # a note for each of the example's 17 items


def test_the_intranet_build_shows_every_marker(tmp_path: Path) -> None:
    """The corpus is not empty by accident: the intranet build carries every marker that
    is not an author's comment."""
    root, secret, shown = leak_portal(tmp_path / "portal")
    site = build(project_of(root), TODAY, out=tmp_path / "site", pdf=False)
    joined = "\n".join(output_texts(site).values())
    missing = [m for m in secret + shown if m not in joined and "comment" not in m]
    assert missing == []
