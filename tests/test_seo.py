"""Found by the public: every page says what it is in a `<meta name="description">` of its own,
in its language, from its own content; the language versions of a page are linked for search
engines by absolute addresses when the portal's mkdocs.yml gives its `site_url`, and not at all
without one or in an --offline build (relative ones are ignored by search engines). They are
in each language's sitemap.xml, not in the page's head: Material's script fetches a sitemap
next to every `<link rel="alternate">` of a page, which would be another host's or none."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.output.build import build
from tests.conftest import DEMO, TODAY, copy_portal, project_of

LANGS = ("kk", "ru")
SITE_URL = "https://example.org/ulgi/"  # the demo's mkdocs.yml


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.descriptions: list[str] = []
        self.alternates: list[tuple[str, str]] = []  # (hreflang, href) of <link rel=alternate>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "meta" and a.get("name") == "description":
            self.descriptions.append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates.append((a["hreflang"], a.get("href", "")))


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text("utf-8"))
    return parser


def _pages(site: Path, lang: str) -> dict[str, Path]:
    """The language's pages by their address under the language folder ('' is home)."""
    folder = site / lang
    return {p.parent.relative_to(folder).as_posix().removeprefix(".") + "/"
            if p.parent != folder else "": p
            for p in folder.rglob("index.html") if "search" not in p.parts}


def test_every_page_has_a_description_of_its_own_in_its_language(demo_public: Path) -> None:
    project = project_of(DEMO)
    org = project.plan.organization
    for lang in LANGS:
        pages = _pages(demo_public, lang)
        assert len(pages) > 10 and "" in pages and "reference/" in pages
        described = {}
        for url, path in pages.items():
            head = _head(path)
            assert head.lang == lang, url
            assert len(head.descriptions) == 1, (lang, url, head.descriptions)
            text = head.descriptions[0]
            assert 40 <= len(text) <= 160 and text == text.strip(), (lang, url, text)
            assert "<" not in text and "&" not in text and "**" not in text, (lang, url, text)
            described[url] = text
        # distinct: no two pages of a language say the same
        assert len(set(described.values())) == len(described), described
        # what each says comes from the page's own content, in the page's language
        assert described[""].startswith(org[lang]), described[""]
        assert org[lang] in described["reference/"], described["reference/"]
        for d in project.directions:
            text = described[f"directions/{d.id}/"]
            assert text.startswith(f"{d.number}. {d.spec.title[lang][:40]}"), text
    for url in _pages(demo_public, "kk"):
        kk = _head(demo_public / "kk" / url / "index.html").descriptions
        ru = _head(demo_public / "ru" / url / "index.html").descriptions
        assert kk != ru, url


_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap(site: Path, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Each page's address in the language's sitemap.xml, with its (hreflang, href) links."""
    tree = ET.parse(site / lang / "sitemap.xml")
    return {entry.findtext("s:loc", namespaces=_NS) or "":
            sorted((link.get("hreflang", ""), link.get("href", ""))
                   for link in entry.findall("x:link[@rel='alternate']", _NS))
            for entry in tree.getroot().findall("s:url", _NS)}


def test_language_links_are_absolute_with_a_site_url(demo_public: Path) -> None:
    for lang in LANGS:
        pages = _pages(demo_public, lang)
        listed = _sitemap(demo_public, lang)
        assert sorted(listed) == sorted(f"{SITE_URL}{lang}/{url}" for url in pages)
        for url, path in pages.items():
            assert listed[f"{SITE_URL}{lang}/{url}"] == [
                (other, f"{SITE_URL}{other}/{url}") for other in LANGS], (lang, url)
            assert _head(path).alternates == [], (lang, url)  # see the module's note


@pytest.fixture(scope="module")
def no_site_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo without a site_url, its organization's name written with HTML's own
    characters."""
    tmp = tmp_path_factory.mktemp("seo")
    root = copy_portal(DEMO, tmp / "portal")
    config = root / "mkdocs.yml"
    config.write_text("".join(line for line in config.read_text("utf-8").splitlines(True)
                              if not line.startswith("site_url:")), "utf-8")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "kk: «Үлгі» шартты мектепке", 'kk: «Үлгі» "<b>&amp;" шартты мектепке', 1), "utf-8")
    return build(project_of(root), TODAY, out=tmp / "site", pdf=False)


def test_no_language_links_without_a_site_url(no_site_url: Path) -> None:
    for lang in LANGS:
        assert not any(_sitemap(no_site_url, lang).values())
        for url, path in _pages(no_site_url, lang).items():
            head = _head(path)
            assert head.alternates == [], (lang, url)
            assert len(head.descriptions) == 1 and head.descriptions[0], (lang, url)
    # the description is text: the name's quotes and brackets stay what they are
    home = _head(no_site_url / "kk" / "index.html").descriptions[0]
    assert home.startswith('«Үлгі» "<b>&amp;" шартты мектепке'), home


def test_no_language_links_offline(tmp_path: Path) -> None:
    site = build(project_of(DEMO), TODAY, out=tmp_path / "site", pdf=False, offline=True)
    pages = [p for lang in LANGS for p in (site / lang).rglob("*.html")
             if "search" not in p.parts]
    assert len(pages) > 20
    for lang in LANGS:
        assert not any(_sitemap(site, lang).values())
    for path in pages:
        head = _head(path)
        assert head.alternates == [], path
        if path.name != "404.html":
            assert len(head.descriptions) == 1 and head.descriptions[0], path


def test_a_long_description_is_cut_after_a_word() -> None:
    from generator.output.render import DESCRIPTION_MAX, describe

    title = "Сыбайлас жемқорлыққа қарсы іс-қимыл " * 8
    text = describe(title, "«Үлгі» ұйымы")
    assert len(text) <= DESCRIPTION_MAX and text.endswith("…")
    assert title.startswith(text.removesuffix("…")) and text[-2] != " "
    assert describe("  Бір\nекі. ", "үш.") == "Бір екі. үш"
