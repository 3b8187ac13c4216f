"""Issue 20 §4: after an edit `adal serve` builds the pages the author has open first, alone
(output/focus.py), before the whole site. What it builds alone must be what the whole build
makes of the same page, byte for byte; a page the edit did not change, or that the previous
build did not have, is left to the whole build."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from generator.output import engine, workers
from generator.output.build import build
from generator.output.focus import build_focus, page_at
from generator.output.pages import HOME, REFERENCE, PageRef, direction_page
from tests.conftest import DEMO, TODAY, copy_portal, project_of, with_earlier_analysis

PERSONNEL = "content/findings/personnel.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


def _serve_build(root: Path, out: Path, kept: list[Path], public: bool = False) -> None:
    """A build as `adal serve` makes it after an edit: the pages, live, the work kept."""
    build(project_of(root), TODAY, out=out, public=public, pdf=False, live=True,
          documents=False, keep_work=kept.append)


@pytest.mark.parametrize("public", [False, True])
def test_a_page_built_alone_is_the_page_the_whole_build_makes(tmp_path: Path,
                                                              public: bool) -> None:
    # A portal of two analyses: its pages carry the year switch.
    root = with_earlier_analysis(copy_portal(DEMO, tmp_path / "portal"))
    out, kept = tmp_path / "site", []
    _serve_build(root, out, kept, public)
    _edit(root / PERSONNEL, "Тәрбиешінің бос орнына", "FOCUS-KK Тәрбиешінің бос орнына")
    _edit(root / PERSONNEL, "Один случай назначения", "FOCUS-RU Один случай назначения")
    addresses = ["/kk/directions/personnel/", "/ru/directions/personnel/index.html",
                 "/kk/reference/",  # the reference quotes the evidence of every risk
                 "/ru/measures/",  # the edit left it as it was: the whole build shows it
                 "/kk/2023/directions/personnel/",  # an earlier analysis's: the same
                 "/kk/assets/adal.css", "/en/", "/"]  # no page's
    built = build_focus(project_of(root), TODAY, public, kept[-1], addresses,
                        tmp_path / "focus", workers.start())
    assert sorted(built) == ["/kk/directions/personnel/", "/kk/reference/",
                             "/ru/directions/personnel/index.html"]
    alone = {address: file.read_bytes() for address, file in built.items()}
    assert b"FOCUS-KK" in alone["/kk/directions/personnel/"]
    assert b"FOCUS-KK" in alone["/kk/reference/"]
    assert b"FOCUS-RU" in alone["/ru/directions/personnel/index.html"]
    _serve_build(root, out, kept, public)
    for address, html in alone.items():
        rel = address.lstrip("/")
        page = out / (rel if rel.endswith(".html") else rel + "index.html")
        assert page.read_bytes() == html, address


def test_pages_the_edit_did_not_change_or_new_ones_are_left_to_the_whole_build(
        tmp_path: Path) -> None:
    root = copy_portal(DEMO, tmp_path / "portal")
    out, kept = tmp_path / "site", []
    _serve_build(root, out, kept)
    focus = tmp_path / "focus"
    # Nothing edited: no page differs from the previous build's.
    assert build_focus(project_of(root), TODAY, False, kept[-1], ["/kk/directions/personnel/"],
                       focus, workers.start()) == {}
    # A page the previous build did not have (a new page of the portal).
    page = root / "content" / "pages" / "focus-new.md"
    page.write_text("---\ntitle:\n  kk: Жаңа бет\n  ru: Новая страница\n---\n\n"
                    "::: kk\nМәтін.\n:::\n\n::: ru\nТекст.\n:::\n", "utf-8")
    assert build_focus(project_of(root), TODAY, False, kept[-1], ["/kk/pages/focus-new/"],
                       focus, workers.start()) == {}
    assert not focus.exists() or not any(focus.rglob("*.html"))


def test_an_address_names_its_language_and_page() -> None:
    refs = [HOME, REFERENCE, direction_page("budget"), PageRef("page", "about")]
    languages = ("kk", "ru")
    assert page_at("/kk/", languages, refs) == ("kk", HOME)
    assert page_at("/ru/index.html", languages, refs) == ("ru", HOME)
    assert page_at("/kk/reference/", languages, refs) == ("kk", REFERENCE)
    assert page_at("/ru/directions/budget/index.html?x=1#top", languages, refs) == \
        ("ru", direction_page("budget"))
    assert page_at("/kk/pages/about/", languages, refs) == ("kk", PageRef("page", "about"))
    assert page_at("/kk/pages/%61bout/", languages, refs) == ("kk", PageRef("page", "about"))
    for other in ("/", "/en/", "/kk", "/kk/directions/budget", "/kk/2023/", "/live.json",
                  "/kk/assets/adal.css", "kk/reference/", "/kk/../ru/"):
        assert page_at(other, languages, refs) is None, other


def test_the_engine_reads_adal_configurations_alike_with_libyaml(tmp_path: Path) -> None:
    """The engine's configurations are read with libyaml's parser (engine._libyaml): the
    data must be what PyYAML's own parser makes of them."""
    from properdocs.utils.yaml import get_yaml_loader

    root = with_earlier_analysis(copy_portal(DEMO, tmp_path / "portal"))
    kept: list[Path] = []
    _serve_build(root, tmp_path / "site", kept)
    configs = sorted(kept[-1].glob("mkdocs.*.yml"))
    assert [c.name for c in configs] == ["mkdocs.kk.yml", "mkdocs.ru.yml"]
    for config in configs:
        text = config.read_text("utf-8")
        python = yaml.load(text, Loader=get_yaml_loader())  # noqa: S506 - Adal's own file
        with engine._libyaml("properdocs"):
            assert get_yaml_loader.__defaults__[0] is yaml.CLoader
            c = yaml.load(text, Loader=get_yaml_loader())  # noqa: S506
        assert get_yaml_loader.__defaults__[0] is yaml.Loader  # as it was
        assert _plain(c) == _plain(python) and c["nav"]


def _plain(value: object) -> object:
    """The data, each function the configuration names (`!!python/name:`, a `partial`
    applied) by what it is: two parses make two equal partials that do not compare equal."""
    if isinstance(value, functools.partial):
        return ("partial", value.func, value.args, _plain(value.keywords))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_the_preview_serves_a_page_built_alone_at_its_address(tmp_path: Path) -> None:
    """The preview's server, on a real socket: a page built alone is answered at the address
    the open page named (with a query, as a reload sends it), every other path from the
    site; an address is remembered only as a path of the site, asked for by the preview's
    own pages (never one with a NUL, a query, or sent cross-site)."""
    import functools
    import threading
    import urllib.request

    from generator import serve

    site, alone = tmp_path / "site", tmp_path / "alone.html"
    (site / "kk" / "x").mkdir(parents=True)
    (site / "kk" / "x" / "index.html").write_text("SITE-X", "utf-8")
    (site / "kk" / "y").mkdir(parents=True)
    (site / "kk" / "y" / "index.html").write_text("SITE-Y", "utf-8")
    alone.write_text("ALONE-X", "utf-8")
    server = serve._Server((serve.ADDRESS, 0), serve._Handler)
    server.RequestHandlerClass = functools.partial(serve._Handler, directory=str(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{serve.ADDRESS}:{server.server_address[1]}"

    def get(path: str, **headers: str) -> bytes:
        request = urllib.request.Request(base + path, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.read()

    try:
        server.overlay = {"/kk/%78/": alone}
        assert get("/kk/%78/") == b"ALONE-X"
        assert get("/kk/%78/?v=2") == b"ALONE-X"
        assert get("/kk/y/") == b"SITE-Y"
        server.overlay = {}
        assert get("/kk/%78/") == b"SITE-X"
        get("/live.json?page=%2Fkk%2Fx%2F", **{"Sec-Fetch-Site": "same-origin"})
        get("/live.json?page=/kk/y/")  # no such header: not a browser, as the bench
        for refused in ("%2Fkk%2F%3F%00", "%2Fkk%2F%00", "kk%2Fz%2F", "%2Fkk%2Fz%2F%23a"):
            get(f"/live.json?page={refused}")
        get("/live.json?page=%2Fkk%2Fw%2F", **{"Sec-Fetch-Site": "cross-site"})
        assert server.open_pages() == ["/kk/x/", "/kk/y/"]
    finally:
        server.shutdown()
        server.server_close()
