"""Data text into Markdown: plain text is escaped so that it stays text everywhere."""

from __future__ import annotations

import re

from markupsafe import Markup

# HTML's special characters and those Markdown would interpret, replaced in one pass (two
# passes would escape the '#' of the first pass's entities); as entities they render literally.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
            **{c: f"&#{ord(c)};" for c in "\\`*_[]|#~!"}}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_ANY_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def md_text(value: object) -> Markup:
    """Escape a plain data text for Markdown and HTML: `<script>` shows as text."""
    text = str(value)
    return Markup(text.translate(_ESCAPE_TABLE) if _ANY_SPECIAL.search(text) else text)


def md_prose(value: object) -> Markup:
    """Team-written Markdown from content/: rendered as Markdown, on purpose."""
    return Markup(str(value))
