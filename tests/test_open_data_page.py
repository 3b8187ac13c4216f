"""The open-data section for spreadsheet users (issue 21, item 7): the XLSX comes first, and the
page says how to open a CSV in LibreOffice Calc (whose default import garbles Cyrillic: it
ignores the byte-order mark) and in Excel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _open_data(site: Path, lang: str) -> str:
    html = (site / lang / "index.html").read_text("utf-8")
    start = html.index('id="open-data"')
    return html[start:html.index("adal-provenance", start)]


@pytest.mark.parametrize(("lang", "words"), [
    ("kk", ("LibreOffice Calc", "Юникод (UTF-8)", "«Үтір»", "Excel")),
    ("ru", ("LibreOffice Calc", "«Кодировка»", "Юникод (UTF-8)", "«Запятая»", "Excel")),
])
def test_the_xlsx_comes_first_and_the_csv_import_is_explained(demo_intranet: Path, lang: str,
                                                               words: tuple[str, ...]) -> None:
    section = _open_data(demo_intranet, lang)
    files = re.findall(r'href="[^"]*data/([^"]+)"', section)
    assert files[0] == f"plan-{lang}.xlsx", files
    assert f"plan-{lang}.csv" in files
    text = re.sub(r"<[^>]+>", "", section)
    assert all(w in text for w in words), text
    assert "Excel үшін" not in text and "для Excel" not in text  # a CSV is not the Excel file
