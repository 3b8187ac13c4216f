"""Office files (DOCX, XLSX) are ZIP archives whose writers stamp each entry with the clock:
rewrite them with one fixed time, so the same inputs give byte-identical files."""

from __future__ import annotations

import io
import zipfile

FIXED = (2000, 1, 1, 0, 0, 0)


def fixed_times(blob: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
