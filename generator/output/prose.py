"""Team-written Markdown (findings prose, evidence, pages, reference prose) as safe HTML.

The Markdown is rendered here, then cleaned by nh3 (the Rust `ammonia` sanitiser) with an
allow-list: no script, style, event handler, iframe, object, form, image or `javascript:`
URL can reach a page, and HTML comments are dropped. The result goes to the engine as a raw
HTML block (`markdown="0"`), so the engine does not parse it again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache, lru_cache

import markdown
import nh3
from markupsafe import Markup

# What an author's Markdown may produce; anything else is removed (its text is kept).
TAGS = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup",
        "mark", "small", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
        "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a",
        "div", "span", "abbr"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"},
              "th": {"align"}, "td": {"align"}}
# Admonitions (`!!! note "Title"`) keep their classes, and only those.
CLASSES = {"div": {"admonition", "note", "info", "tip", "warning", "danger"},
           "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _renderer(extra: tuple[str, ...] = ()) -> markdown.Markdown:
    """The renderer, with the extensions a portal's mkdocs.yml adds (an allow-list:
    schema.MARKDOWN_EXTENSIONS, whose output the sanitiser keeps)."""
    return markdown.Markdown(extensions=["tables", "sane_lists", "admonition", *extra],
                             output_format="html")


# A text with none of these is one plain paragraph: no Markdown, no HTML, no entity.
_MARKUP = re.compile(r"[\\`*_\[\]<>#|!~&:=\n\t\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029"
                     r"\u202f\u205f\u3000\ufeff]|^\s*(?:[-+]|\d+[.)])\s|^ {4}|^\s*-{3,}\s*$")


@lru_cache(maxsize=8192)
def to_html(text: str, extensions: tuple[str, ...] = ()) -> str:
    """Render and sanitise one Markdown text (cached: a finding's text appears on its
    direction page and in the reference)."""
    if not extensions and not _MARKUP.search(text):
        plain = text.strip(" ")
        return f"<p>{html.escape(plain, quote=False)}</p>" if plain else ""
    md = _renderer(extensions)
    rendered = md.reset().convert(text)
    return nh3.clean(rendered, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
                     strip_comments=True).strip()


_HREF = re.compile(r'href="([^"]*)"')
# A link as the sanitiser writes it: attributes in double quotes (a quote inside is &quot;).
_LINK = re.compile(r'<a((?:\s+[a-z-]+="[^"]*")*)\s*>(.*?)</a>', re.S)


def _resolved(body: str, resolve: Callable[[str], str | None]) -> str:
    """Each link's target through `resolve`; where it gives None, the link's text only."""
    def one(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(1))
        if href is None:
            return match.group(0)
        url = resolve(href.group(1))
        if url is None:
            return match.group(2)
        attributes = match.group(1).replace(href.group(0), f'href="{url}"', 1)
        return f"<a{attributes}>{match.group(2)}</a>"

    return _LINK.sub(one, body)


def prose_block(text: object, label: str | None = None, after: str | None = None,
                resolve: Callable[[str], str | None] | None = None,
                extensions: tuple[str, ...] = ()) -> Markup:
    """A raw HTML block for a page: `label` (plain text, bold) opens the first paragraph, or
    stands as its own when the text starts with a list or a table; `after` (plain text)
    closes the last paragraph; `resolve` turns each link's target into the URL to use, or
    None to keep the link's text only."""
    body = to_html(str(text), extensions)
    if resolve is not None and "href=" in body:
        body = _resolved(body, resolve)
    if label:
        strong = f"<strong>{html.escape(label)}</strong>"
        body = (body.replace("<p>", f"<p>{strong} ", 1) if body.startswith("<p>")
                else f"<p>{strong}</p>\n{body}")
    if after:
        tail = html.escape(after)
        body = (body[:-4] + f" {tail}</p>" if body.endswith("</p>")
                else f"{body}\n<p>{tail}</p>")
    return Markup(f'\n<div class="adal-prose" markdown="0">\n{body}\n</div>\n')
