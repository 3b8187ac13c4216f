"""Parse the body of a content file: `::: kk` / `::: ru` blocks holding Markdown, with
`::: internal` (or `::: public`) passages inside them."""

from __future__ import annotations

import re

from generator.domain.model import Body, Passage
from generator.domain.schema import LANGS

_FENCE = re.compile(r"^:::\s*([\w-]*)\s*$")
_CODE = re.compile(r"^\s*(```|~~~)")


def parse_body(text: str, first_line: int, file_public: bool) -> tuple[Body, list[tuple[int, str]]]:
    """Return the body and a list of (line, message) problems."""
    body = Body()
    problems: list[tuple[int, str]] = []
    lang: str | None = None
    passage_public: bool | None = None  # None: not inside a passage block
    buf: list[str] = []
    in_code = False

    def flush() -> None:
        if lang is not None and buf:
            public = file_public if passage_public is None else (file_public and passage_public)
            body.passages.setdefault(lang, []).append(Passage("\n".join(buf).strip("\n"), public))
        buf.clear()

    for offset, line in enumerate(text.split("\n")):
        n = first_line + offset
        if _CODE.match(line):
            in_code = not in_code
        m = None if in_code else _FENCE.match(line)
        if m is None:
            if lang is None:
                if line.strip():
                    problems.append((n, "text outside a language block; expected it inside "
                                        "'::: kk' … ':::' or '::: ru' … ':::'"))
            else:
                buf.append(line)
            continue
        word = m.group(1)
        if word in LANGS:
            if lang is not None:
                problems.append((n, f"'::: {word}' inside the '::: {lang}' block; close it "
                                    f"with ':::' first"))
                continue
            if word in body.lang_lines:
                problems.append((n, f"second '::: {word}' block (the first is at line "
                                    f"{body.lang_lines[word]}); expected one per language"))
            flush()
            lang = word
            body.lang_lines.setdefault(word, n)
        elif word in ("internal", "public"):
            if lang is None:
                problems.append((n, f"'::: {word}' outside a language block; expected it "
                                    f"inside '::: kk' or '::: ru'"))
            elif passage_public is not None:
                problems.append((n, f"'::: {word}' inside another passage; close it with "
                                    f"':::' first"))
            else:
                flush()
                passage_public = word == "public"
        elif word == "":
            if lang is None:
                problems.append((n, "':::' closes nothing; expected '::: kk', '::: ru', "
                                    "'::: internal' or '::: public' before it"))
                continue
            flush()
            if passage_public is not None:
                passage_public = None
            else:
                lang = None
        else:
            problems.append((n, f"unknown block '::: {word}'; expected one of: kk, ru, "
                                f"internal, public"))
    if lang is not None:
        problems.append((first_line + text.count("\n"),
                         f"'::: {lang}' block opened at line {body.lang_lines.get(lang, '?')} "
                         f"is never closed; expected ':::'"))
        flush()
    return body, problems
