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

_MARKER = re.compile(r"^:::(?: ([a-z]+))?[ \t]*$")
_LOOKS_LIKE = re.compile(r"^[\s>*+\-\d.)`~]*:::|:::[\s`]*(?:internal|public|kk|ru)\b", re.I)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
PASSAGES = ("internal", "public")
NEAR_MISS = ("looks like a block marker but is not one; a marker stands alone on its line, "
             "from its first character: ':::' to close, or '::: kk', '::: ru', "
             "'::: internal', '::: public' (lowercase, one space)")


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
                state.problems.append((n, NEAR_MISS))
            elif state.lang is None:
                if line.strip():
                    state.problems.append((n, "text outside a language block; expected it "
                                              "inside '::: kk' … ':::' or '::: ru' … ':::'"))
            else:
                if not state.buf:
                    state.buf_line = n
                state.buf.append(line)
            continue
        _marker(state, marker.group(1) or "", n, file_public)
    if state.lang is not None:
        state.problems.append((first_line + text.count("\n"),
                               f"'::: {state.lang}' block opened at line "
                               f"{state.body.lang_lines.get(state.lang, '?')} is never closed; "
                               f"expected ':::'"))
        _flush(state, file_public)
    return state.body, state.problems


def _marker(state: _State, word: str, n: int, file_public: bool) -> None:
    if word in LANGS:
        if state.lang is not None:
            state.problems.append((n, f"'::: {word}' inside the '::: {state.lang}' block; "
                                      f"close it with ':::' first"))
            return
        if word in state.body.lang_lines:
            state.problems.append((n, f"second '::: {word}' block (the first is at line "
                                      f"{state.body.lang_lines[word]}); expected one per "
                                      f"language"))
        _flush(state, file_public)
        state.lang = word
        state.body.lang_lines.setdefault(word, n)
    elif word in PASSAGES:
        if state.lang is None:
            state.problems.append((n, f"'::: {word}' outside a language block; expected it "
                                      f"inside '::: kk' or '::: ru'"))
        elif state.passage_public is not None:
            state.problems.append((n, f"'::: {word}' inside another passage; close it with "
                                      f"':::' first"))
        else:
            _flush(state, file_public)
            state.passage_public = word == "public"
    elif word == "":
        if state.lang is None:
            state.problems.append((n, "':::' closes nothing; expected '::: kk', '::: ru', "
                                      "'::: internal' or '::: public' before it"))
            return
        _flush(state, file_public)
        if state.passage_public is not None:
            state.passage_public = None
        else:
            state.lang = None
    else:
        state.problems.append((n, f"unknown block '::: {word}'; expected one of: kk, ru, "
                                  f"internal, public"))


def _flush(state: _State, file_public: bool) -> None:
    """Close the passage gathered so far: comments removed, code blocks closed."""
    if state.lang is not None and state.buf:
        text, unclosed = strip_comments("\n".join(state.buf).strip("\n"))
        start = state.buf_line + next(i for i, line in enumerate(state.buf) if line.strip()) \
            if any(line.strip() for line in state.buf) else state.buf_line
        if unclosed is not None:
            state.problems.append((start + unclosed, "an HTML comment opened with '<!--' is "
                                                     "never closed; close it with '-->' in "
                                                     "the same block"))
        fences = [i for i, line in enumerate(text.split("\n")) if _FENCE.match(line)]
        if len(fences) % 2:
            state.problems.append((start + fences[-1], "a code block opened here is not "
                                                       "closed before the next ':::' marker; "
                                                       "close it with ``` first"))
        public = file_public if state.passage_public is None else (
            file_public and state.passage_public)
        state.body.passages.setdefault(state.lang, []).append(Passage(text, public))
    state.buf.clear()
