"""The portal's pages as a typed list, and the one place that maps a page to its paths.

Navigation, links between pages, the PDF step and the browser scripts all ask a `PageRef`
for its source path or URL; nothing else spells a page's path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from generator.domain.model import Project

PageKind = Literal["home", "direction", "reference", "register", "measures", "changes", "page"]


@dataclass(frozen=True)
class KindSpec:
    """What a kind of page is, in one place: its Markdown file (`{key}`: the direction id or
    the page slug), its template under site_templates/, and its place in the navigation
    ("home", "section": one titled group of its pages, "single": after the directions, in
    this table's order)."""

    src: str
    template: str
    nav: Literal["home", "section", "single"]
    section: str = ""  # the interface string naming its navigation group


KINDS: dict[PageKind, KindSpec] = {
    "home": KindSpec("index.md", "pages/home.md.j2", "home"),
    "direction": KindSpec("directions/{key}.md", "pages/direction.md.j2", "section",
                          "directions"),
    "reference": KindSpec("reference.md", "pages/reference.md.j2", "single"),
    "register": KindSpec("risks.md", "pages/risks.md.j2", "single"),
    "measures": KindSpec("measures.md", "pages/measures.md.j2", "single"),
    "changes": KindSpec("changes.md", "pages/changes.md.j2", "single"),
    "page": KindSpec("pages/{key}.md", "pages/page.md.j2", "section", "pages"),
}


@dataclass(frozen=True)
class PageRef:
    kind: PageKind
    key: str = ""  # the direction id or the page slug

    @property
    def src(self) -> str:
        """The Markdown file, relative to a language's docs folder (same in every language)."""
        return KINDS[self.kind].src.format(key=self.key)

    @property
    def url(self) -> str:
        """Directory-style URL relative to the language root: '' for home, 'reference/'."""
        stem = self.src.removesuffix(".md")
        return "" if stem == "index" else stem + "/"

    @property
    def root(self) -> str:
        """Relative path from the built page to the site root (above the language folders)."""
        return "../" * (self.url.count("/") + 1)

    def url_in(self, files: bool) -> str:
        """The URL for a web server (`url`), or for browsing from disk (`files`): there every
        link names its file, 'index.html', 'reference.html', 'directions/budget.html'."""
        return self.src.removesuffix(".md") + ".html" if files else self.url

    def root_in(self, files: bool) -> str:
        return "../" * (self.url_in(files).count("/") + 1)

    def link_to(self, target: PageRef, anchor: str = "") -> str:
        """A Markdown link from this page's source to another's (the engine resolves it)."""
        rel = posixpath.relpath(target.src, posixpath.dirname(self.src) or ".")
        return rel + (f"#{anchor}" if anchor else "")


HOME = PageRef("home")
REFERENCE = PageRef("reference")
REGISTER = PageRef("register")
MEASURES = PageRef("measures")
CHANGES = PageRef("changes")


def direction_page(direction_id: str) -> PageRef:
    return PageRef("direction", direction_id)


def page_list(project: Project, changes: bool = False) -> list[PageRef]:
    """Every page of a language, in navigation order. The risk register is there once a risk
    is identified (shown or withheld), the plan of measures once there is one, the changes
    page when the portal has a git history (`changes`)."""
    risks = any(f.assessment == "risk" for d in project.directions if d.findings
                for f in d.findings.meta.findings) or \
        any(d.withheld and d.withheld.risks for d in project.directions)
    measures = bool(project.measures or project.measures_withheld)
    return ([HOME] + [direction_page(d.id) for d in project.directions] + [REFERENCE]
            + ([REGISTER] if risks else []) + ([MEASURES] if measures else [])
            + ([CHANGES] if changes else [])
            + [PageRef("page", p.slug) for p in project.pages])


@dataclass(frozen=True)
class Page:
    """A rendered page of one language."""

    ref: PageRef
    title: str
    markdown: str  # with the description in its front matter
    description: str = ""  # plain text: what the page is, for search engines


def resolve_link(href: str, current: PageRef, pages: Mapping[str, PageRef],
                 files: bool = False) -> str | None:
    """An author's link to another page of the portal, written as that page's path
    (`pages/protocol.md`, `directions/budget.md#indicator-3`, `reference.md`), as a URL
    relative to the page it appears on. None when a `.md` link names no page; other links
    (web addresses, anchors) are returned as they are."""
    path, _, anchor = href.partition("#")
    if not path.endswith(".md") or "://" in path or path.startswith("mailto:"):
        return href
    target = pages.get(path.lstrip("./"))  # pages by their source path
    if target is None:
        return None
    if files:
        url = posixpath.relpath(target.url_in(True), posixpath.dirname(current.url_in(True)) or ".")
        return url + (f"#{anchor}" if anchor else "")
    url = posixpath.relpath(target.url or ".", current.url or ".")
    url = "" if url == "." else url + "/"
    return (url or "./") + (f"#{anchor}" if anchor else "")


def url_between(here: PageRef, here_folder: str, there: PageRef, there_folder: str,
                files: bool = False) -> str:
    """The URL from a page in one analysis's folder under a language ('' for the current
    analysis, '2024/' for an earlier one) to a page in another's: the year switch."""
    source = here_folder + here.url_in(files)
    target = there_folder + there.url_in(files)
    if files:
        return posixpath.relpath(target, posixpath.dirname(source) or ".")
    url = posixpath.relpath(target or ".", source or ".")
    return "./" if url == "." else url + "/"
