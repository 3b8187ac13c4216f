"""openpyxl, imported for Adal's spreadsheets without numpy.

openpyxl imports numpy whenever it is installed (0.2 s of a seed build's documents process,
measured), only to accept numpy's number types as cell values; Adal writes Python's own. The
import is refused while openpyxl loads, unless numpy is already loaded."""

from __future__ import annotations

import sys

_loaded = "numpy" in sys.modules
if not _loaded:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails at once
try:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter
finally:
    if not _loaded:
        del sys.modules["numpy"]

__all__ = ["ILLEGAL_CHARACTERS_RE", "Alignment", "ExcelWriter", "Font", "Workbook",
           "get_column_letter"]
