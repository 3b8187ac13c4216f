"""The analytical reference as A4 PDF, printed by WeasyPrint from the built page.

WeasyPrint reads through `_SiteOnlyFetcher`: `data:` URLs and files inside the site being
built, nothing else (no network, no file elsewhere on the machine). Links and `rel`
attributes are removed before printing, so the PDF has no links and no attachments.

The PDF's stylesheet is the built site's `<lang>/assets/adal-print.css` (shipped in
site_templates/assets/, a portal may replace it), read from the site folder whether the build
is for a server or `--offline`; its font is one serif family with every Kazakh letter
(`document_family`): the plan's `document_font` when installed, else a metric-compatible free
one. A missing stylesheet or font fails the build: a PDF without them loses its signature lines.
"""

from __future__ import annotations

import logging
import re
import subprocess
from concurrent.futures import Executor
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import BuildError
from generator.messages import t

# Links would be written as absolute file:// URLs of the build folder (a machine path in the
# output); `rel="attachment"` would embed the linked file. A printed document needs neither.
_LINK_ATTR = re.compile(r"""\s(?:href|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_TEMPLATE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head>
<body><main class="md-typeset">{body}</main></body></html>"""
STYLESHEET = "adal-print.css"
# Serif families metric-compatible with Times New Roman, tried after the plan's own font.
SERIF_FALLBACKS = ("Times New Roman", "Liberation Serif", "PT Astra Serif")
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

# The font, and the marks every page carries in its top margin: a draft «ЖОБА» / «ПРОЕКТ»
# above everything, the intranet's restricted-use mark (texts from strings.yaml).
DOCUMENT_CSS = """* {{ font-family: "{font}" !important; }}
@page {{ @top-center {{ content: "{draft}"; font-family: "{font}"; font-size: 14pt;
  font-weight: bold; vertical-align: bottom; }}
  @top-right {{ content: "{mark}"; font-family: "{font}"; font-size: 10pt;
  vertical-align: bottom; }} }}"""


@cache
def document_family(preferred: str) -> str:
    """The first installed family of `preferred` and the serif fallbacks that has every
    Kazakh letter (fontconfig's `fc-list`); BuildError when none has."""
    charset = " ".join(f"{ord(c):x}" for c in KAZAKH_LETTERS)
    tried = list(dict.fromkeys((preferred, *SERIF_FALLBACKS)))
    for family in tried:
        try:
            found = subprocess.run(["fc-list", f":family={family}:charset={charset}", "family"],
                                   capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise BuildError(t("pdf_font_missing", fonts=", ".join(tried))) from exc
        if found.stdout.strip():
            return family
    raise BuildError(t("pdf_font_missing", fonts=", ".join(tried)))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# «8-бабының», «5-тармағы», «3-ө»: a number and its suffix are one word; a line may not
# break at their hyphen (the font has no non-breaking hyphen, so the word is kept whole).
_NUMBERED_WORD = re.compile(r"\d+-\w+")
_TEXT = re.compile(r">([^<]+)<")


def keep_numbered_words(html: str) -> str:
    """Wrap each «5-тармағы» of the text (not of tags) in a span that does not wrap."""
    def in_text(match: re.Match[str]) -> str:
        return ">" + _NUMBERED_WORD.sub(
            lambda m: f'<span class="adal-nowrap">{m.group(0)}</span>', match.group(1)) + "<"

    return _TEXT.sub(in_text, html)


def without_links(html: str) -> str:
    return _A_TAG.sub(lambda m: _LINK_ATTR.sub("", m.group(0)), html)


def site_only_fetcher(site: Path):  # noqa: ANN201 - WeasyPrint's URLFetcher subclass
    from weasyprint.urls import URLFetcher

    root = site.resolve()

    class _SiteOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None):  # noqa: ANN202
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(root):
                    return super().fetch(url, headers)
            raise ValueError(f"not a file of this site: {url}")

    return _SiteOnlyFetcher(allowed_protocols={"file", "data"})


def write_reference_pdfs(site: Path, languages: tuple[str, ...], reference_url: str,
                         font: str, marks: dict[str, str] | None = None,
                         drafts: dict[str, str] | None = None,
                         pool: Executor | None = None, data: str = "data") -> None:
    """One PDF per language from the built reference page (`reference_url` under each
    language folder) into site/data/; in parallel in the worker pool when there is one.
    `font`: the family (`document_family`); `marks`: per language, the restricted-use mark
    every page carries (intranet); `drafts`: per language, the draft mark (not final yet)."""
    (site / data).mkdir(parents=True, exist_ok=True)  # an earlier analysis: '2024/data'
    jobs = [(site, lang, reference_url, font, (marks or {}).get(lang),
             (drafts or {}).get(lang), data) for lang in languages]
    if pool is None:
        for job in jobs:
            write_reference_pdf(*job)
        return
    for future in [pool.submit(write_reference_pdf, *job) for job in jobs]:
        future.result()


def write_reference_pdf(site: Path, lang: str, reference_url: str, font: str,
                        mark: str | None = None, draft: str | None = None,
                        data: str = "data") -> None:
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = site / lang / (reference_url if reference_url.endswith(".html")
                          else reference_url + "index.html")
    stylesheet = site / lang / "assets" / STYLESHEET
    if not stylesheet.is_file():
        raise BuildError(t("pdf_stylesheet_missing", path=f"{lang}/assets/{STYLESHEET}"))
    target = site / data / f"analytical-reference-{lang}.pdf"
    built = page.read_text("utf-8")
    article = _ARTICLE.search(built)
    title = re.search(r"<title>(.*?)</title>", built, re.S)
    html = _TEMPLATE.format(lang=lang, title=title.group(1) if title else "",
                            body=keep_numbered_words(
                                without_links(article.group(1) if article else built)))
    own = DOCUMENT_CSS.format(font=_css_string(font), draft=_css_string(draft or ""),
                              mark=_css_string(mark or ""))
    fetcher = site_only_fetcher(site)
    HTML(string=html, base_url=page.as_uri(), url_fetcher=fetcher,
         media_type="print").write_pdf(
        str(target), stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher),
                                  CSS(string=own)], uncompressed_pdf=False)
