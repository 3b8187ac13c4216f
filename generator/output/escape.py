"""Plain data text (names, titles, indicator texts) into Markdown that shows it as text.

Every character that HTML or Markdown (with attr_list, tables, lists) could interpret becomes
an entity; line breaks become spaces, so a text never leaves its table cell or heading.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# HTML's special characters and those Markdown would interpret, replaced in one pass (two
# passes would escape the '#' of the first pass's entities); as entities they render literally.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
            **{c: f"&#{ord(c)};" for c in "\\`*_[]|#~!{}"}}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_ANY_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_SPACE = re.compile(r"\s+")
# At the start of a line these would open a list, a quote or a heading.
_LEADING = re.compile(r"^(?:[-+=]|\d+(?=[.)]))")


def names_text(value: object) -> Markup:
    """A person's name as `md_text`, its spaces made non-breaking: «Ә.Ә. Әлиева» never breaks
    between the initials and the surname."""
    return Markup(str(md_text(value)).replace(" ", "&nbsp;"))


def md_text(value: object) -> Markup:
    """Escape a plain data text for Markdown and HTML: `<script>` and `{: onclick=…}` show
    as text, `1.` or `-` at its start opens no list, a line break joins the lines."""
    text = _SPACE.sub(" ", str(value)).strip()
    if _ANY_SPECIAL.search(text):
        text = text.translate(_ESCAPE_TABLE)
    lead = _LEADING.match(text)
    if lead:
        end = lead.end()
        if lead.group(0)[0].isdigit():  # "1." → "1&#46;"
            text = text[:end] + f"&#{ord(text[end])};" + text[end + 1:]
        else:
            text = f"&#{ord(text[0])};" + text[1:]
    return Markup(text)
