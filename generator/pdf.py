"""The analytical reference as A4 PDF, printed by WeasyPrint from the built page.

Only local files are read (the built site); fonts come from the system (Debian's DejaVu
and Noto cover Kazakh letters), so nothing is downloaded at build time.
"""

from __future__ import annotations

import logging
from pathlib import Path

PDF_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 25mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
html, body, .md-typeset { font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: 10pt; }
"""


def write_reference_pdfs(site: Path, languages: list[str]) -> None:
    from weasyprint import CSS, HTML, URLFetcher

    local_only = URLFetcher(allowed_protocols={"file", "data"})  # the PDF is built offline

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    for lang in languages:
        page = site / lang / "reference" / "index.html"
        target = site / "data" / f"analytical-reference-{lang}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        HTML(filename=str(page), url_fetcher=local_only, media_type="print").write_pdf(
            str(target), stylesheets=[CSS(string=PDF_CSS)], uncompressed_pdf=False)
