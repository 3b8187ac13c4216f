"""Shared fixtures: real builds with the real MkDocs, made once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.check.problems import Report
from generator.check.project import load_project
from generator.output.build import build

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo"
TODAY = date(2025, 1, 15)
# Tests read Adal's messages in English unless a test asks for another language; commands
# run from tests inherit it (the plan's first language would otherwise choose Kazakh).
os.environ["ADAL_LANG"] = "en"


def run_adal(*args: str, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator …` with this checkout's code, from any working folder."""
    env = {**os.environ, **(env or {})}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=cwd or REPO, env=env, timeout=600, check=False)


def copy_portal(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", ".git"))
    return target


def with_earlier_analysis(root: Path, year: int = 2023) -> Path:
    """The demo portal at `root` (its analysis is of 2024) with an earlier analysis of `year`
    beside it, as `adal next-analysis` would leave it: the same files, period moved."""
    folder = root / "analyses" / str(year)
    folder.mkdir(parents=True)
    for name in ("plan.yaml", "measures.yaml"):
        shutil.copy(root / name, folder / name)
    for name in ("indicators", "content"):
        shutil.copytree(root / name, folder / name)
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("01.01.2024", f"01.01.{year}")
                    .replace("31.12.2024", f"31.12.{year}"), "utf-8")
    return root


def imported_and_built(folder: Path, document: Path) -> Path:
    """`adal import DOCUMENT` into `folder`/portal, then `adal build` of it; the portal."""
    root = folder / "portal"
    done = run_adal("import", str(document), "--into", str(root))
    assert done.returncode == 0, done.stderr
    built = run_adal("build", "--project", str(root), "--today", "2025-01-15")
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def project_of(root: Path):
    report = Report(root)
    project = load_project(root, report)
    assert project is not None, [p.format() for p in report.problems]
    return project


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "site"
    return build(project_of(REPO), TODAY, out=out)


@pytest.fixture(scope="session")
def demo_intranet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-int") / "site"
    return build(project_of(DEMO), TODAY, out=out)


@pytest.fixture(scope="session")
def demo_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as an intranet build for opening from disk (its PDFs must keep their styles)."""
    out = tmp_path_factory.mktemp("demo-offline") / "site"
    return build(project_of(DEMO), TODAY, out=out, offline=True)


@pytest.fixture(scope="session")
def demo_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-pub") / "site"
    return build(project_of(DEMO), TODAY, out=out, public=True)


@pytest.fixture(scope="session")
def marked_intranet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.leak_fixture import marked_demo

    tmp = tmp_path_factory.mktemp("marked-int")
    return build(project_of(marked_demo(tmp / "portal")), TODAY, out=tmp / "site")


@pytest.fixture(scope="session")
def marked_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.leak_fixture import marked_demo

    tmp = tmp_path_factory.mktemp("marked-pub")
    return build(project_of(marked_demo(tmp / "portal")), TODAY, out=tmp / "site", public=True)


def output_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text, for the leak tests: pages, data, the PDF's text,
    attachments and raw bytes, the DOCX's paragraphs, tables and header, the XLSX's cells,
    gzip contents."""
    import gzip

    import docx
    from pypdf import PdfReader

    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            attached = "".join(f"{name}{data!r}" for name, items in reader.attachments.items()
                               for data in items)
            texts[str(path)] = "".join(page.extract_text() for page in reader.pages) + attached
            texts[f"{path}.raw"] = path.read_bytes().decode("latin-1")
        elif path.suffix == ".gz":
            texts[str(path)] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        elif path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path)
            texts[str(path)] = "\n".join(str(c.value) for sheet in book for row in sheet.rows
                                         for c in row if c.value is not None)
        elif path.suffix == ".docx":
            document = docx.Document(str(path))
            parts = [p.text for p in document.paragraphs]
            parts += [c.text for table in document.tables for row in table.rows
                      for c in row.cells]
            parts += [p.text for s in document.sections for p in s.header.paragraphs]
            texts[str(path)] = "\n".join(parts)
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return texts
