"""Parse the body of a content file: `::: kk` / `::: ru` blocks holding Markdown, with
`::: internal` (or `::: public`) passages inside them.

A marker is a line of its own, at the start of the line: `:::` or `::: word`. Any other line
that looks like a marker (indented, in a list or quote, `::::`, `:::internal`, inside a code
span or code block) is an error, so that an internal passage can never be published by a
near miss. HTML comments are removed here; nothing after this stage sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.domain.model import Body, Passage
from generator.domain.schema import LANGS
from generator.domain.text import strip_comments
from generator.messages import t

_MARKER = re.compile(r"^:::(?: ([a-z]+))?[ \t]*$")
_LOOKS_LIKE = re.compile(r"^[\s>*+\-\d.)`~]*:::|:::[\s`]*(?:internal|public|kk|ru)\b", re.I)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
PASSAGES = ("internal", "public")



@dataclass
class _State:
    body: Body = field(default_factory=Body)
    problems: list[tuple[int, str]] = field(default_factory=list)
    lang: str | None = None
    passage_public: bool | None = None  # None: not inside a passage block
    buf: list[str] = field(default_factory=list)
    buf_line: int = 0


def parse_body(text: str, first_line: int, file_public: bool) -> tuple[Body, list[tuple[int, str]]]:
    """Return the body and a list of (line, message) problems."""
    state = _State()
    for offset, line in enumerate(text.split("\n")):
        n = first_line + offset
        marker = _MARKER.match(line)
        if marker is None:
            if _LOOKS_LIKE.search(line):
                state.problems.append((n, t("body_near_miss")))
            elif state.lang is None:
                if line.strip():
                    state.problems.append((n, t("body_text_outside")))
            else:
                if not state.buf:
                    state.buf_line = n
                state.buf.append(line)
            continue
        _marker(state, marker.group(1) or "", n, file_public)
    if state.lang is not None:
        state.problems.append((first_line + text.count("\n"),
                               t("body_unclosed_lang", lang=state.lang,
                                 line=state.body.lang_lines.get(state.lang, "?"))))
        _flush(state, file_public)
    return state.body, state.problems


def _marker(state: _State, word: str, n: int, file_public: bool) -> None:
    if word in LANGS:
        if state.lang is not None:
            state.problems.append((n, t("body_lang_in_lang", word=word, lang=state.lang)))
            return
        if word in state.body.lang_lines:
            state.problems.append((n, t("body_second_lang", word=word,
                                        line=state.body.lang_lines[word])))
        _flush(state, file_public)
        state.lang = word
        state.body.lang_lines.setdefault(word, n)
    elif word in PASSAGES:
        if state.lang is None:
            state.problems.append((n, t("body_passage_outside", word=word)))
        elif state.passage_public is not None:
            state.problems.append((n, t("body_passage_nested", word=word)))
        else:
            _flush(state, file_public)
            state.passage_public = word == "public"
    elif word == "":
        if state.lang is None:
            state.problems.append((n, t("body_closes_nothing")))
            return
        _flush(state, file_public)
        if state.passage_public is not None:
            state.passage_public = None
        else:
            state.lang = None
    else:
        state.problems.append((n, t("body_unknown_block", word=word)))


def _flush(state: _State, file_public: bool) -> None:
    """Close the passage gathered so far: comments removed, code blocks closed."""
    if state.lang is not None and state.buf:
        text, unclosed = strip_comments("\n".join(state.buf).strip("\n"))
        start = state.buf_line + next(i for i, line in enumerate(state.buf) if line.strip()) \
            if any(line.strip() for line in state.buf) else state.buf_line
        if unclosed is not None:
            state.problems.append((start + unclosed, t("comment_unclosed_block")))
        fences = [i for i, line in enumerate(text.split("\n")) if _FENCE.match(line)]
        if len(fences) % 2:
            state.problems.append((start + fences[-1], t("code_block_unclosed")))
        public = file_public if state.passage_public is None else (
            file_public and state.passage_public)
        state.body.passages.setdefault(state.lang, []).append(Passage(text, public))
    state.buf.clear()
