"""The regional portal's Markdown pages, per language, from the roll-up.

Every text from region.yaml or from an organization's data reaches a page through
`escape.md_text` (the `tx` filter, or `_tx` in the prebuilt table rows); the templates render
in the sandbox with autoescaping, like a portal's. A link out goes only to an http(s) site that
config.http_site accepted. The big table's rows are built once per language here and reused by
every sorted and filtered variant (docs/region.md, "Scale")."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator.output.escape import md_text
from generator.output.templates import ConfinedLoader, PortalSandbox
from generator.region.counts import LEVELS
from generator.region.rollup import REASONS, STATES, OrgRow, RollUp
from generator.resources import shipped_dir

LANGS = ("kk", "ru")
SORTS = ("name", "district", "kind", "state", "completion", "overdue", "risks")
HOME, RISKS, TABLE, PROBLEMS = "index.md", "risks.md", "organizations/index.md", "problems.md"
NAV = (HOME, RISKS, TABLE, PROBLEMS)
# Pages reached from the table, kept out of the navigation Material prints into every page.
NOT_IN_NAV = ("/org/", "/organizations/")
DATA_FILES = ("region.json", "region.schema.json", "organizations-{lang}.csv",
              "organizations-{lang}.xlsx")


ROWS_MARK = "<!--adal-rows-->"  # data text is escaped, so only the template writes this


@dataclass(frozen=True)
class RegionPage:
    src: str
    title: str
    markdown: str
    # The table's rows, put in place of ROWS_MARK in the built page: thousands of rows of
    # raw HTML would cost the Markdown parser most of the build (docs/region.md, "Scale").
    rows: str | None = None


def strings() -> dict[str, dict[str, Any]]:
    return _strings()


@cache
def _strings() -> dict[str, dict[str, Any]]:
    path = shipped_dir() / "region" / "strings.yaml"
    data: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@cache
def environment() -> jinja2.Environment:
    env = PortalSandbox(loader=ConfinedLoader([str(shipped_dir() / "region")]),
                        autoescape=True, undefined=jinja2.StrictUndefined,
                        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                        comment_start_string="{#-", comment_end_string="#}")
    env.filters["tx"] = md_text
    return env


def url_of(src: str) -> str:
    """The page's directory URL under its language: 'org/x.md' → 'org/x/'."""
    stem = src.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def link(from_src: str, to_src: str) -> str:
    """A relative link between two pages' directory URLs (written into raw HTML)."""
    depth = url_of(from_src).count("/")
    return "../" * depth + url_of(to_src) or "./"


def org_src(org_id: str) -> str:
    return f"org/{org_id}.md"


def sort_src(key: str) -> str:
    return TABLE if key == "name" else f"organizations/by-{key}.md"


def filter_src(what: str, key: str) -> str:
    return f"organizations/{what}-{key}.md"


def _tx(value: object) -> str:
    return str(md_text(value))


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _overdue(row: OrgRow) -> int | None:
    if (t := row.tally) is not None:
        return t.items_overdue + t.measures_overdue
    f = row.figures
    return None if f is None else f.items_overdue + f.measures_overdue


def _completion(row: OrgRow) -> int | None:
    if (t := row.tally) is not None:
        return t.completion
    return row.figures.completion if row.figures else None


def _risks(row: OrgRow) -> int | None:
    if (t := row.tally) is not None:
        return t.risks
    return row.figures.risks_identified if row.figures else None


def _kind(row: OrgRow) -> str:
    """An organization's kind; a region has none of its own (it sorts first)."""
    return getattr(row.member.org, "kind", "")


def matches(row: OrgRow, what: str, key: str) -> bool:
    """Is the row in the table filtered by `what` = `key`? A region is, in a state's or a
    kind's table, when it has organizations of that state or kind."""
    org = row.member.org
    if what == "district":
        return org.district == key
    if row.summary is not None:
        if what == "state":
            return row.summary.total.states.get(key, 0) > 0
        kind = row.summary.by_kind.get(key)
        return kind is not None and kind.orgs > 0
    return (row.state if what == "state" else _kind(row)) == key


def _name(row: OrgRow, lang: str) -> str:
    return getattr(row.member.org.name, lang)


def sort_key(key: str, lang: str) -> Callable[[OrgRow], Any]:
    """Text columns ascending, figures descending; the name breaks ties."""
    order = {s: i for i, s in enumerate(STATES)}

    def name(row: OrgRow) -> tuple[str, str]:
        return _name(row, lang).casefold(), row.id

    def by(row: OrgRow) -> Any:
        org = row.member.org
        if key == "district":
            return org.district, name(row)
        if key == "kind":
            return _kind(row), name(row)
        if key == "state":
            return order.get(row.state, len(order)), name(row)
        if key == "completion":
            return -(c if (c := _completion(row)) is not None else -1), name(row)
        if key == "overdue":
            return -(n if (n := _overdue(row)) is not None else -1), name(row)
        if key == "risks":
            return -(n if (n := _risks(row)) is not None else -1), name(row)
        return name(row)
    return by


class Rows:
    """The organizations table's rows in one language, as HTML, built once."""

    def __init__(self, roll: RollUp, spec: Any, lang: str) -> None:
        s = strings()[lang]
        self.lang = lang
        self._html: dict[tuple[str, int], str] = {}
        self._cells: dict[str, str] = {}
        for row in roll.rows:
            org = row.member.org
            if row.summary is not None:
                states = row.summary.total.states
                state = "<br>".join(_tx(f"{s['state'][st]}: {states[st]}") for st in STATES
                                    if states.get(st))
                kind = s["region_orgs"].format(count=row.summary.total.orgs)
            else:
                state = s["state"][row.state]
                if row.reason is not None:
                    state += f" ({s['reason'][row.reason]})"
                kind = s["region_kind"] if row.member.is_region \
                    else getattr(roll.kinds[_kind(row)], lang)
                state = _tx(state)
            self._cells[row.id] = (
                f'<td>{_tx(getattr(spec.districts[org.district], lang))}</td>'
                f'<td>{_tx(kind)}</td>'
                f'<td class="adal-state adal-state--{row.state}">{state}</td>'
                f'<td class="adal-num">{_pct(_completion(row))}</td>'
                f'<td class="adal-num">{_num(_overdue(row))}</td>'
                f'<td class="adal-num">{_num(_risks(row))}</td>')
            self._html[(row.id, 0)] = _tx(_name(row, lang))

    def html(self, row: OrgRow, from_src: str) -> str:
        href = html.escape(link(from_src, org_src(row.id)))
        return (f'<tr><th scope="row"><a href="{href}">{self._html[(row.id, 0)]}</a></th>'
                f'{self._cells[row.id]}</tr>')


def _num(value: int | None) -> str:
    return "—" if value is None else str(value)


def render_site(roll: RollUp, spec: Any, lang: str) -> list[RegionPage]:
    """Every page of one language."""
    s = strings()[lang]
    env = environment()
    rows = Rows(roll, spec, lang)
    common = {"s": s, "lang": lang, "spec": spec, "roll": roll, "region_name":
              getattr(spec.name, lang), "states": STATES, "levels": LEVELS,
              "reasons": REASONS, "sorts": SORTS}
    pages: list[RegionPage] = []

    def page(src: str, template: str, title: str, rows: str | None = None,
             **fields: Any) -> None:
        here = {**common, "src": src, "to": lambda target: link(src, target),
                "org_link": lambda org_id: link(src, org_src(org_id)),
                "sort_link": lambda key: link(src, sort_src(key)),
                "filter_link": lambda what, key: link(src, filter_src(what, key)),
                "rows_mark": Markup(ROWS_MARK), **fields}
        pages.append(RegionPage(src, title, env.get_template(template).render(here), rows))

    page(HOME, "overview.md.j2", s["overview"], total=roll.total,
         data_files=[f.format(lang=lang) for f in DATA_FILES])
    page(RISKS, "risks.md.j2", s["risks"])
    ordered = {key: sorted(roll.rows, key=sort_key(key, lang)) for key in SORTS}
    for key in SORTS:
        src = sort_src(key)
        page(src, "table.md.j2", s["organizations"], key=key, filtered=None,
             rows="\n".join(rows.html(r, src) for r in ordered[key]),
             count=len(roll.rows), exclude=key != "name")
    groups = [("district", spec.districts), ("kind", roll.kinds),
              ("state", {st: None for st in STATES})]
    for what, table in groups:
        for key, label in table.items():
            src = filter_src(what, key)
            chosen = [r for r in ordered["name"] if matches(r, what, key)]
            name = s["state"][key] if what == "state" else getattr(label, lang)
            page(src, "table.md.j2", f"{s['organizations']}: {name}", key="name",
                 filtered=name, rows="\n".join(rows.html(r, src) for r in chosen),
                 count=len(chosen), exclude=True)
    page(PROBLEMS, "problems.md.j2", s["problems"],
         failed=[r for r in ordered["name"] if r.state == "no-data"])
    org = env.get_template("org.html.j2")
    member_region = env.get_template("region.html.j2")
    for row in roll.rows:
        src = org_src(row.id)
        if row.member.is_region:
            body = member_region.render(
                {**common, "src": src, "row": row, "org": row.member.org,
                 "home": link(src, HOME), "table": link(src, TABLE),
                 "site": row.member.site, "portal": _portal(row, lang)})
            pages.append(RegionPage(src, _name(row, lang),
                                    f"# {_tx(_name(row, lang))}\n\n{ROWS_MARK}\n", body))
            continue
        body = org.render(
            {**common, "src": src, "row": row, "org": row.member.org,
             "home": link(src, HOME), "table": link(src, TABLE),
             "site": row.member.site, "levels_of": _levels_of(row, spec),
             "documents": _documents(row, lang)})
        pages.append(RegionPage(src, _name(row, lang),
                                f"# {_tx(_name(row, lang))}\n\n{ROWS_MARK}\n", body))
    return pages


def _levels_of(row: OrgRow, spec: Any) -> list[tuple[Any, str]]:
    from generator.domain.reference import risk_level

    if row.current is None:
        return []
    return [(r, risk_level(r.score, spec.risk_levels) or "unscored") for r in row.current.risks]


def _portal(row: OrgRow, lang: str) -> dict[str, str]:
    """A region's own portal (an `adal region` site): its pages in this language."""
    site = row.member.site
    if site is None:
        return {}
    base = f"{site.rstrip('/')}/{lang}/"
    return {"overview": base, "organizations": base + "organizations/",
            "problems": base + "problems/",
            **{f"state-{st}": f"{base}organizations/state-{st}/" for st in STATES}}


def _documents(row: OrgRow, lang: str) -> list[tuple[str, str]]:
    """Links to the reference documents the organization published, on its own site."""
    site = row.member.site
    if site is None:
        return []
    found = []
    for kind in ("pdf", "docx"):
        name = f"analytical-reference-{lang}.{kind}"
        if name in row.documents:
            found.append((kind, site.rstrip("/") + "/data/" + name))
    return found
