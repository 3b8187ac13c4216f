"""The analytical reference as A4 PDF, printed by WeasyPrint from the built page.

Only local files are read (the built site); fonts come from the system (Debian's DejaVu
and Noto cover Kazakh letters), so nothing is downloaded at build time.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

# Links would be written as absolute file:// URLs of the build folder: a machine path in the
# output and a build-to-build difference. A printed document needs no links.
_HREF = re.compile(r'(<a\b[^>]*?)\shref="[^"]*"')
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
.adal-provenance { margin-top: 2em; font-size: 8pt; }
.adal-badge { display: inline-block; }
.adal-badge__icon { vertical-align: middle; }
"""


def write_reference_pdfs(site: Path, languages: tuple[str, ...], reference_url: str) -> None:
    """One PDF per language from the built reference page (`reference_url` under each
    language folder) into site/data/."""
    from weasyprint import CSS, HTML, URLFetcher

    local_only = URLFetcher(allowed_protocols={"file", "data"})  # the PDF is built offline

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    for lang in languages:
        page = site / lang / reference_url / "index.html"
        target = site / "data" / f"analytical-reference-{lang}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        built = page.read_text("utf-8")
        article = _ARTICLE.search(built)
        title = re.search(r"<title>(.*?)</title>", built, re.S)
        html = _TEMPLATE.format(lang=lang, title=title.group(1) if title else "",
                                body=_HREF.sub(r"\1", article.group(1) if article else built))
        HTML(string=html, base_url=page.as_uri(), url_fetcher=local_only,
             media_type="print").write_pdf(
            str(target), stylesheets=[CSS(string=PDF_CSS)], uncompressed_pdf=False)
