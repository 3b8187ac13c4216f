"""The analytical reference as A4 PDF, printed by WeasyPrint from the built page.

WeasyPrint reads through `_SiteOnlyFetcher`: `data:` URLs and files inside the site being
built, nothing else (no network, no file elsewhere on the machine). Links and `rel`
attributes are removed before printing, so the PDF has no links and no attachments; fonts
come from the system (Debian's DejaVu and Noto cover Kazakh letters).
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Executor
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Links would be written as absolute file:// URLs of the build folder (a machine path in the
# output); `rel="attachment"` would embed the linked file. A printed document needs neither.
_LINK_ATTR = re.compile(r"""\s(?:href|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_TEMPLATE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title><link rel="stylesheet" href="../assets/adal.css"></head>
<body><main class="md-typeset">{body}</main></body></html>"""

PDF_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 25mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
html, body, .md-typeset { font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: 10pt;
  line-height: 1.4; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3pt 5pt; vertical-align: top; text-align: left; }
a { color: inherit; text-decoration: none; }
/* A document, not a web page: no status, badges, plan-item lines, links or build details. */
.adal-noprint, .adal-state, .adal-badge, .adal-provenance, .adal-data { display: none !important; }
.md-typeset a { color: inherit; text-decoration: none !important; }
h2, h3 { break-after: avoid; }
.adal-risk, .adal-signatures, tr { break-inside: avoid; }
/* The risk map: a small square grid with its counts readable, kept on one page. */
.adal-riskmap { break-inside: avoid; }
table.adal-riskmap__grid { width: auto; border-collapse: separate; border-spacing: 2pt; }
.adal-riskmap__grid th, .adal-riskmap__grid td { border: 0; text-align: center; padding: 2pt; }
.adal-riskmap__grid td { width: 22pt; height: 18pt; font-size: 11pt; font-weight: bold;
  border: 1px solid #999; }
.adal-riskmap__grid caption, .adal-riskmap figcaption { font-size: 9pt; text-align: left; }
"""

# The intranet PDF carries internal parts: every page says so (kk, ru from strings.yaml).
RESTRICTED_CSS = """@page {{ @top-center {{ content: "{mark}"; font-size: 9pt; font-weight: bold; }}
}}
.adal-internal {{ border: 1px solid #6a1b9a; padding: 2pt 6pt; }}"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


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
                         marks: dict[str, str] | None = None,
                         pool: Executor | None = None) -> None:
    """One PDF per language from the built reference page (`reference_url` under each
    language folder) into site/data/; in parallel in the worker pool when there is one.
    `marks`: per language, the text every page carries (the intranet's restricted-use mark)."""
    (site / "data").mkdir(parents=True, exist_ok=True)
    jobs = [(site, lang, reference_url, (marks or {}).get(lang)) for lang in languages]
    if pool is None:
        for job in jobs:
            write_reference_pdf(*job)
        return
    for future in [pool.submit(write_reference_pdf, *job) for job in jobs]:
        future.result()


def write_reference_pdf(site: Path, lang: str, reference_url: str,
                        mark: str | None = None) -> None:
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = site / lang / (reference_url if reference_url.endswith(".html")
                          else reference_url + "index.html")
    target = site / "data" / f"analytical-reference-{lang}.pdf"
    built = page.read_text("utf-8")
    article = _ARTICLE.search(built)
    title = re.search(r"<title>(.*?)</title>", built, re.S)
    html = _TEMPLATE.format(lang=lang, title=title.group(1) if title else "",
                            body=without_links(article.group(1) if article else built))
    HTML(string=html, base_url=page.as_uri(), url_fetcher=site_only_fetcher(site),
         media_type="print").write_pdf(
        str(target), stylesheets=[CSS(string=PDF_CSS + (RESTRICTED_CSS.format(
            mark=_css_string(mark)) if mark else ""))], uncompressed_pdf=False)
