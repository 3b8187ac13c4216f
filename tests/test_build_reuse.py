"""Issue 20 §1: a build reuses the previous site's outputs whose inputs have not changed, and
only those. Each kind of input is changed in turn; the test checks exactly which outputs were
made again, and that the site equals a cold build of the same inputs byte for byte."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.output import reuse, workers
from generator.output.build import build
from generator.output.outputs import OUTPUTS, of_phase
from tests.conftest import DEMO, TODAY, copy_portal, project_of, with_earlier_analysis

DOCS = {f"data/{o.name}" for o in of_phase("documents")}
EARLIER = {f"2023/data/{o.name}" for o in of_phase("documents")}
SITES = {"site/kk", "site/ru"}


def _portal(tmp: Path) -> Path:
    """The demo with one earlier analysis (2023), as `adal next-analysis` would leave it."""
    return with_earlier_analysis(copy_portal(DEMO, tmp / "portal"))


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, out: Path, today: date = TODAY, pdf: bool = False,
           fresh: bool = False, offline: bool = False,
           rebuilt: dict[str, list[str]] | None = None) -> tuple[set[str], set[str]]:
    reused: dict[str, bool] = {}
    build(project_of(root), today, out=out, pdf=pdf, fresh=fresh, reused=reused,
          offline=offline, rebuilt=rebuilt)
    return {k for k, v in reused.items() if not v}, {k for k, v in reused.items() if v}


def _same_as_cold(root: Path, out: Path, tmp: Path, today: date = TODAY,
                  pdf: bool = False, offline: bool = False) -> None:
    cold = tmp / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    made, kept = _build(root, cold, today, pdf=pdf, fresh=True, offline=offline)
    assert not kept
    warm, fresh = _files(out), _files(cold)
    assert warm.keys() == fresh.keys()
    assert [name for name in warm if warm[name] != fresh[name]] == []


def _adal(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    monkeypatch.setattr(reuse, "adal_code", lambda: code)
    workers.stop()  # restarted by the next build, forked from this process


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_each_input_rebuilds_exactly_what_reads_it(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Adal's own code as it is now: other work on this tree must not count as an input change
    # here (the worker processes digest it too: they are started again after each change).
    _adal(monkeypatch, "this Adal")
    root = _portal(tmp_path)
    out = tmp_path / "site"
    made, kept = _build(root, out)
    assert kept == set() and made == SITES | DOCS | EARLIER | {"data/all-years"}

    made, kept = _build(root, out)  # nothing changed: everything reused
    assert made == set()
    _same_as_cold(root, out, tmp_path)

    # A finding's text in one language: that language's site and the documents of the
    # current analysis (and the all-years dataset, which carries it); the other language's
    # site and the earlier analysis's documents are reused.
    # The engine builds the pages that show that text — the direction's and the reference —
    # and no other page of the site (its search index merged: engine.py).
    _edit(root / "content" / "findings" / "contracts.md", "kk: ", "kk: Өзгерген. ")
    rebuilt: dict[str, list[str]] = {}
    made, kept = _build(root, out, rebuilt=rebuilt)
    assert made == {"site/kk"} | DOCS | {"data/all-years"}
    assert kept == {"site/ru"} | EARLIER
    assert rebuilt == {"site/kk": ["directions/contracts.md", "reference.md"], "site/ru": []}
    _same_as_cold(root, out, tmp_path)

    # plan.yaml of the current analysis: both sites and its documents, not the earlier ones.
    _edit(root / "plan.yaml", "01.01.2024", "02.01.2024")
    made, kept = _build(root, out)
    assert made == SITES | DOCS | {"data/all-years"} and kept == EARLIER
    _same_as_cold(root, out, tmp_path)

    # An interface string of one language: the pages that show it (the Russian site) and
    # every document (each carries the strings of every language).
    strings = root / "site_templates" / "strings.yaml"
    strings.parent.mkdir(exist_ok=True)
    strings.write_text("ru:\n  data_xlsx: \"План и риски (XLSX)\"\n", "utf-8")
    made, kept = _build(root, out)
    assert made == {"site/ru"} | DOCS | EARLIER | {"data/all-years"} and kept == {"site/kk"}
    _same_as_cold(root, out, tmp_path)

    # The look (mkdocs.yml): both sites; and the documents, conservatively: they read each
    # analysis whole, which carries the portal's look.
    _edit(root / "mkdocs.yml", "primary: indigo", "primary: teal")
    made, kept = _build(root, out)
    assert made == SITES | DOCS | EARLIER | {"data/all-years"}
    _same_as_cold(root, out, tmp_path)

    # An asset of the portal: both sites, no document.
    assets = root / "site_templates" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "extra.css").write_text(".adal-extra { color: teal; }\n", "utf-8")
    made, kept = _build(root, out)
    assert made == SITES and kept == DOCS | EARLIER | {"data/all-years"}
    _same_as_cold(root, out, tmp_path)

    # Adal itself (its code or version): everything.
    _adal(monkeypatch, "another Adal")
    made, kept = _build(root, out)
    assert kept == set()
    _same_as_cold(root, out, tmp_path)


def test_today_moved_a_day_rebuilds_what_shows_statuses(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`--today` a day later: every output that shows a status or an "as of" date is made
    again. In the demo that is every output: each page carries "statuses as of", each
    document its date (the measures' PDF prints it, the DOCX and XLSX carry it in their
    properties). The reference's PDF comes out the same (its page's "as of" line is hidden in
    print), but it is made again: its digest takes the whole built page, not what the print
    stylesheet leaves of it (conservative: docs/architecture.md)."""
    _adal(monkeypatch, "this Adal")
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out, pdf=True)
    before = _files(out)
    later = TODAY + timedelta(days=1)
    made, kept = _build(root, out, today=later, pdf=True)
    after = _files(out)
    units = {"site/kk": "kk/", "site/ru": "ru/", "data/open-data": "data/plan.json",
             "data/measures-pdf/ru": "data/measures-plan-ru.pdf",
             "data/plan-xlsx": "data/plan-kk.xlsx",
             "data/reference-docx": "data/analytical-reference-kk.docx"}
    for unit, prefix in units.items():
        assert unit in made and [f for f in after
                                 if f.startswith(prefix) and before.get(f) != after[f]], unit
    assert kept == set()
    assert before["data/analytical-reference-kk.pdf"] == after["data/analytical-reference-kk.pdf"]
    _same_as_cold(root, out, tmp_path, today=later, pdf=True)


def test_nothing_is_reused_from_a_changed_file_or_with_fresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _adal(monkeypatch, "this Adal")
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out)
    (out / "data" / "plan.json").write_text("{}\n", "utf-8")  # changed since Adal wrote it
    made, kept = _build(root, out)
    assert made == {"data/open-data"} and kept == SITES | DOCS - {"data/open-data"}
    _same_as_cold(root, out, tmp_path)
    made, kept = _build(root, out, fresh=True)
    assert kept == set()


def test_every_written_document_is_in_the_table(tmp_path: Path) -> None:
    """Every file of a data folder belongs to one output of outputs.OUTPUTS."""
    root = _portal(tmp_path)
    out = tmp_path / "site"
    _build(root, out)
    declared = {name for o in OUTPUTS for name in o.files_for(("kk", "ru"))}
    written = {p.name for p in out.rglob("data/*") if p.is_file()}
    assert written - declared == set()


@pytest.fixture(autouse=True)
def _fresh_workers() -> Iterator[None]:
    """The worker processes forked while a test pinned Adal's digest are not kept for others."""
    yield
    workers.stop()


def test_a_page_edited_offline_is_built_alone(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline (files without a server) the pages' URLs end in .html and the search index is
    inlined into a script as well: both stay exactly what a whole build writes."""
    _adal(monkeypatch, "this Adal")
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out, offline=True)
    # The Russian text of a finding; the page's search entries change with it.
    _edit(root / "content" / "findings" / "contracts.md", "ru: ", "ru: Изменено. ")
    rebuilt: dict[str, list[str]] = {}
    made, _ = _build(root, out, offline=True, rebuilt=rebuilt)
    assert rebuilt == {"site/kk": [], "site/ru": ["directions/contracts.md", "reference.md"]}
    inline = (out / "ru" / "search" / "search_index.js").read_text("utf-8")
    assert json.dumps("Изменено")[1:-1] in inline  # the theme writes it ASCII-escaped
    _same_as_cold(root, out, tmp_path, offline=True)


def test_a_site_with_engine_warnings_is_built_whole(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A page-by-page build reports the warnings of the pages it builds only, so a site whose
    previous build had warnings is built whole (its warnings reported again in full)."""
    _adal(monkeypatch, "this Adal")
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out)
    record = tmp_path / ".site.builds" / f".outputs-{os.lstat(out).st_ino}.json"
    data = json.loads(record.read_text("utf-8"))
    data["outputs"]["site/kk"]["warnings"] = ["ProperDocs: a warning of an earlier build"]
    record.write_text(json.dumps(data), "utf-8")
    _edit(root / "content" / "findings" / "contracts.md", "kk: ", "kk: Өзгерген. ")
    rebuilt: dict[str, list[str]] = {}
    _build(root, out, rebuilt=rebuilt)
    assert "site/kk" not in rebuilt
    _same_as_cold(root, out, tmp_path)


def _by_inode(site: Path) -> dict[tuple[int, int], tuple[str, bytes, int]]:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            found[(st.st_dev, st.st_ino)] = (path.relative_to(site).as_posix(),
                                              path.read_bytes(), st.st_mtime_ns)
    return found


def test_reused_pages_are_shared_with_the_previous_site_and_never_written_again(
        tmp_path: Path) -> None:
    """The previous site's files are linked, not written again (reuse.copy_unit): a site
    reused whole, and the pages a page-by-page build does not build. Nothing of this build
    writes into a shared file: each keeps the bytes and time it had in the previous site."""
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out)
    before = _by_inode(out.resolve())
    _edit(root / "content" / "findings" / "contracts.md", "::: kk\n",
          "::: kk\nЖаңа сөйлем.\n\n")
    rebuilt: dict[str, list[str]] = {}
    _build(root, out, rebuilt=rebuilt)
    assert rebuilt == {"site/kk": ["directions/contracts.md"], "site/ru": []}
    after = _by_inode(out.resolve())
    shared = {inode: after[inode][0] for inode in after.keys() & before.keys()}
    for inode, rel in shared.items():
        assert after[inode] == before[inode], rel  # the same path, bytes and time
    names = set(shared.values())
    ru = {rel for rel, _, _ in after.values() if rel.startswith("ru/")}
    assert ru <= names  # the Russian site reused whole: every file linked
    kk_pages = {rel for rel in names if rel.startswith("kk/") and rel.endswith(".html")}
    assert "kk/directions/budget/index.html" in kk_pages
    # What the engine wrote is this site's own: the edited page, the index, the templates.
    for own in ("kk/directions/contracts/index.html",
                "kk/search/search_index.json", "kk/sitemap.xml", "kk/404.html"):
        assert own not in names, own
    _same_as_cold(root, out, tmp_path)


def test_a_page_dated_long_ago_in_the_previous_site_is_copied_not_shared(
        tmp_path: Path) -> None:
    """The engine's page-by-page build writes a page again, in place, when its HTML is older
    than its source (dated 2000-01-01): such a page of the previous site (unpacked from an
    archive of 1980, say) is never linked, and the previous site keeps its bytes."""
    root = copy_portal(DEMO, tmp_path / "portal")
    out = tmp_path / "site"
    _build(root, out)
    page = out / "kk" / "directions" / "budget" / "index.html"
    os.utime(page, (315_532_800, 315_532_800))  # 1980-01-01
    witness = tmp_path / "witness.html"  # the previous site's file, whatever becomes of it
    os.link(page, witness)
    content = witness.read_bytes()
    _edit(root / "content" / "findings" / "contracts.md", "::: kk\n",
          "::: kk\nЖаңа сөйлем.\n\n")
    _build(root, out)
    assert witness.read_bytes() == content  # never written in place
    assert witness.stat().st_mtime == 315_532_800
    assert page.stat().st_ino != witness.stat().st_ino  # the new site's own copy
    _same_as_cold(root, out, tmp_path)
