"""The leak corpus over several years (issue 18): the marked example as the current analysis
and as two earlier ones (markers tagged with their year); the public build applies each
year's own allow-list, so no internal marker of any year reaches any public file (pages,
search index, every year's data, PDFs, DOCX, XLSX, the all-years dataset), and every public
marker of every year does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.output.build import build
from tests.conftest import TODAY, output_texts, project_of
from tests.leak_fixture import INTERNAL_MARKERS, PUBLIC_MARKERS, marked_demo

YEARS = (2022, 2023)


def _tagged(text: str, year: int) -> str:
    return text.replace("INTERNAL-", f"INTERNAL-{year}-").replace("PUBLIC-", f"PUBLIC-{year}-")


@pytest.fixture(scope="module")
def years_leak(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = marked_demo(tmp_path_factory.mktemp("years-leak") / "portal")
    for year in YEARS:
        folder = root / "analyses" / str(year)
        folder.mkdir(parents=True)
        sources = [root / "plan.yaml", root / "measures.yaml",
                   *[p for name in ("indicators", "content") for p in (root / name).rglob("*")
                     if p.is_file()]]
        for source in sources:
            target = folder / source.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _tagged(source.read_text("utf-8"), year)
            if source.name == "plan.yaml":
                text = text.replace("01.01.2024", f"01.01.{year}").replace(
                    "31.12.2024", f"31.12.{year}")
            target.write_text(text, "utf-8")
    out = tmp_path_factory.mktemp("years-leak-site") / "site"
    shutil.rmtree(out, ignore_errors=True)
    return build(project_of(root), TODAY, out=out, public=True)


def test_no_internal_marker_of_any_year_reaches_any_public_file(years_leak: Path) -> None:
    texts = output_texts(years_leak)
    assert any("/2022/data/" in name for name in texts)  # earlier years' files read
    leaked = sorted({(name, marker) for name, text in texts.items()
                     for marker in INTERNAL_MARKERS if marker in text.replace("2022-", "")
                     .replace("2023-", "")})
    assert leaked == []


def test_every_public_marker_of_every_year_is_published(years_leak: Path) -> None:
    joined = "\n".join(output_texts(years_leak).values())
    missing = [f"{year}:{marker}" for year in YEARS for marker in PUBLIC_MARKERS
               if _tagged(marker, year) not in joined]
    missing += [marker for marker in PUBLIC_MARKERS if marker not in joined]
    assert missing == []
