"""Check a portal's files against the schema and each other; build the Project.

Every problem is reported (not just the first) as `path:line: message`.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.body import Body, parse_body
from generator.load import Source, read_text, split_front_matter
from generator.model import (
    DirectionData,
    FindingsDoc,
    PageDoc,
    Party,
    Project,
    ProseDoc,
)
from generator.problems import Report
from generator.schema import Direction, FindingsMeta, PageMeta, Plan, ReferenceMeta
from generator.text import latin_in_cyrillic, normalize_name
from generator.yamlload import Located, YamlError, load_yaml

LANG_NAMES = {"kk": "Kazakh (kk)", "ru": "Russian (ru)"}
PROSE_NAMES = ("introduction", "conclusion")
M = typing.TypeVar("M", bound=BaseModel)


# ---- generic: YAML + pydantic -> model with located messages ---------------------------

def parse_model(model: type[M], text: str, path: Path, report: Report, first_line: int = 1,
                what: str = "file") -> tuple[M, Located] | None:
    try:
        located = load_yaml(text, line_offset=first_line - 1)
    except YamlError as exc:
        report.error(path, exc.line, exc.message)
        return None
    if located.data is None:
        report.error(path, first_line, f"{what} is empty; expected keys such as "
                                       f"{', '.join(list(model.model_fields)[:3])}")
        return None
    if not isinstance(located.data, dict):
        report.error(path, first_line, f"expected the {what} to be a mapping of 'key: value' "
                                       f"lines, got {_kind(located.data)}")
        return None
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        for err in exc.errors():
            _report_pydantic(model, err, located, path, report)
        return None


def _report_pydantic(model: type[BaseModel], err: Any, located: Located, path: Path,
                     report: Report) -> None:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
    kind = err["type"]
    where = _loc_text(loc)
    prefix = f"{where}: " if where else ""
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        msg = f"unknown key '{loc[-1]}'" + _suggest(str(loc[-1]), allowed) + \
            f"; expected one of: {', '.join(allowed)}"
        report.error(path, located.line_of(loc, prefer_key=True),
                     f"{_loc_text(loc[:-1]) + ': ' if loc[:-1] else ''}{msg}")
        return
    if kind == "missing":
        key = loc[-1]
        msg = (f"missing {LANG_NAMES[key]} text" if key in LANG_NAMES
               else f"missing required key '{key}'")
        parent = loc[:-1]
        report.error(path, located.line_of(parent, prefer_key=True),
                     f"{_loc_text(parent) + ': ' if parent else ''}{msg}")
        return
    line = located.line_of(loc)
    report.error(path, line, prefix + _message(kind, err, value))


def _message(kind: str, err: Any, value: Any) -> str:
    ctx = err.get("ctx") or {}
    got = f", got {_show(value)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"expected one of: {', '.join(options)}{got}" + _suggest(str(value), options)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number{got}"
    if kind in ("string_type",):
        return f"expected text{got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false{got}"
    if kind in ("list_type",):
        return f"expected a list (lines starting with '- '){got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of 'key: value' lines{got}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{err['msg'].replace('Input should be', 'expected a value')}{got}"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"expected an id of lowercase Latin letters, digits and '-'{got}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{err['msg']}{got}"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…'"


def _kind(value: Any) -> str:
    return {list: "a list", str: "a single text", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed at a location, for 'did you mean' and 'expected one of'."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


# ---- the project ------------------------------------------------------------------------

def load_project(root: Path, report: Report) -> Project | None:
    """Read and check everything under `root`; return the Project when there are no errors."""
    plan = _load_plan(root, report)
    directions = _load_directions(root, report)
    findings, pages, prose = _load_content(root, report)
    if directions is None:
        return None
    by_direction = _check_findings(directions, findings, report)
    if plan is None:
        return None
    project = _cross_check(root, plan, directions, by_direction, pages, prose, report)
    return None if report.errors else project


def _scan_text(source: Source, report: Report) -> None:
    for number, line in enumerate(source.text.split("\n"), start=1):
        for word, fixed in latin_in_cyrillic(line):
            report.warning(source.path, number,
                           f"Latin letters inside the Cyrillic word '{word}' "
                           f"(did you mean '{fixed}'?)")


def _load_plan(root: Path, report: Report) -> tuple[Plan, Path, Located] | None:
    path = root / "plan.yaml"
    if not path.is_file():
        report.error(path, 1, "plan.yaml not found; expected the work plan here "
                              "(start a new portal with 'adal init DIR')")
        return None
    source = read_text(path, report)
    if source is None:
        return None
    _scan_text(source, report)
    parsed = parse_model(Plan, source.text, path, report)
    return None if parsed is None else (parsed[0], path, parsed[1])


DirectionFile = tuple[str, Direction, Located, Path]


def _load_directions(root: Path, report: Report) -> list[DirectionFile] | None:
    folder = root / "indicators"
    if not folder.is_dir():
        report.error(folder, 1, "indicators/ folder not found; expected one YAML file per "
                                "direction")
        return None
    result = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix not in (".yaml", ".yml"):
            report.error(path, 1, "unexpected file in indicators/; expected <direction>.yaml")
            continue
        stem = path.stem
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", stem):
            report.error(path, 1, f"file name '{path.name}' is not a valid direction id; "
                                  f"expected lowercase Latin letters, digits and '-'")
            continue
        source = read_text(path, report)
        if source is None:
            continue
        _scan_text(source, report)
        parsed = parse_model(Direction, source.text, path, report)
        if parsed is None:
            continue
        direction, located = parsed
        seen: dict[int, int] = {}
        for i, indicator in enumerate(direction.indicators):
            line = located.line_of(("indicators", i, "number"))
            if indicator.number in seen:
                report.error(path, line, f"duplicate indicator number {indicator.number} "
                                         f"(also at line {seen[indicator.number]})")
            seen.setdefault(indicator.number, line)
        result.append((stem, direction, located, path))
    by_number: dict[int, Path] = {}
    for _stem, direction, located, path in result:
        if direction.number in by_number:
            other = report.rel(by_number[direction.number])
            report.error(path, located.line_of(("number",)),
                         f"duplicate direction number {direction.number} (also in {other})")
        by_number.setdefault(direction.number, path)
    return result


def _load_content(root: Path, report: Report) -> tuple[
        list[FindingsDoc], list[PageDoc], dict[str, ProseDoc]]:
    findings: list[FindingsDoc] = []
    pages: list[PageDoc] = []
    prose: dict[str, ProseDoc] = {}
    folder = root / "content"
    if not folder.is_dir():
        return findings, pages, prose
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.suffix != ".md":
            report.error(path, 1, "unexpected file in content/; expected Markdown (.md) files "
                                  "in content/findings/, content/pages/ or content/reference/")
            continue
        if len(rel) != 2 or rel[0] not in ("findings", "pages", "reference"):
            report.error(path, 1, "unexpected place for a content file; expected "
                                  "content/findings/<direction>.md, content/pages/<page>.md or "
                                  "content/reference/introduction.md|conclusion.md")
            continue
        source = read_text(path, report)
        if source is None:
            continue
        _scan_text(source, report)
        doc = split_front_matter(source, report)
        if doc is None:
            continue
        kind = rel[0]
        model: type[BaseModel] = {"findings": FindingsMeta, "pages": PageMeta,
                                  "reference": ReferenceMeta}[kind]
        parsed = parse_model(model, doc.meta_text, path, report, first_line=doc.meta_line,
                             what="front matter")
        if parsed is None:
            continue
        meta, located = parsed
        public = meta.visibility == "public"  # type: ignore[attr-defined]
        body, body_problems = parse_body(doc.body, doc.body_line, public)
        for line, message in body_problems:
            report.error(path, line, message)
        if kind == "findings":
            findings.append(FindingsDoc(path, meta, body, located))  # type: ignore[arg-type]
            _require_both_or_none(body, path, doc.body_line, report)
        elif kind == "pages":
            slug = path.stem
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
                report.error(path, 1, f"page file name '{path.name}' must be lowercase Latin "
                                      f"letters, digits and '-' (it becomes the page address)")
                continue
            _require_langs(body, path, doc.body_line, report)
            pages.append(PageDoc(slug, path, meta, body))  # type: ignore[arg-type]
        else:
            if path.stem not in PROSE_NAMES:
                report.error(path, 1, f"unknown reference part '{path.name}'; expected "
                                      f"{' or '.join(n + '.md' for n in PROSE_NAMES)}")
                continue
            _require_langs(body, path, doc.body_line, report)
            prose[path.stem] = ProseDoc(path.stem, path, public, body)
    return findings, pages, prose


def _require_langs(body: Body, path: Path, line: int, report: Report) -> None:
    for lang, name in LANG_NAMES.items():
        if lang not in body.lang_lines:
            report.error(path, line, f"missing {name} text; expected a '::: {lang}' block")


def _require_both_or_none(body: Body, path: Path, line: int, report: Report) -> None:
    if body.lang_lines:
        _require_langs(body, path, line, report)


def _check_findings(directions: list[DirectionFile], findings: list[FindingsDoc],
                    report: Report) -> dict[str, FindingsDoc]:
    """Findings: each for a known direction and indicator, once. Needs only the catalog, so
    it runs even when plan.yaml is broken (all problems are reported at once)."""
    direction_ids = [stem for stem, *_rest in directions]
    by_direction: dict[str, FindingsDoc] = {}
    catalog = {stem: d for stem, d, *_rest in directions}
    for doc in findings:
        fm = doc.lines
        if doc.meta.direction not in catalog:
            report.error(doc.path, fm.line_of(("direction",)),
                         f"findings for unknown direction '{doc.meta.direction}'"
                         f"{_suggest(doc.meta.direction, direction_ids)}; expected one of: "
                         f"{', '.join(direction_ids)}")
            continue
        if doc.meta.direction in by_direction:
            report.error(doc.path, fm.line_of(("direction",)),
                         f"a second findings file for direction '{doc.meta.direction}' (the "
                         f"first is {report.rel(by_direction[doc.meta.direction].path)})")
            continue
        by_direction[doc.meta.direction] = doc
        numbers = [ind.number for ind in catalog[doc.meta.direction].indicators]
        seen: set[int] = set()
        for i, finding in enumerate(doc.meta.findings):
            line = fm.line_of(("findings", i, "indicator"))
            if finding.indicator not in numbers:
                report.error(doc.path, line,
                             f"direction '{doc.meta.direction}' has no indicator "
                             f"{finding.indicator}; expected a number from 1 to {max(numbers)}")
            if finding.indicator in seen:
                report.error(doc.path, line, f"indicator {finding.indicator} is assessed twice")
            seen.add(finding.indicator)
            if finding.assessment == "risk":
                for key in ("causes", "recommendation"):
                    if getattr(finding, key) is None:
                        report.error(doc.path, fm.line_of(("findings", i)),
                                     f"an identified risk needs '{key}' (kk and ru)")
    return by_direction


def _cross_check(root: Path, plan_at: tuple[Plan, Path, Located],
                 directions: list[DirectionFile],
                 by_direction: dict[str, FindingsDoc],
                 pages: list[PageDoc], prose: dict[str, ProseDoc],
                 report: Report) -> Project | None:
    plan, plan_path, located = plan_at

    def err(loc: tuple[Any, ...], message: str) -> None:
        report.error(plan_path, located.line_of(loc), message)

    # People and groups: unique ids, and no person listed twice under two spellings.
    parties: dict[str, Party] = {}
    names: dict[str, str] = {}
    for kind, entries in (("people", plan.people), ("groups", plan.groups)):
        for i, entry in enumerate(entries):
            if entry.id in parties:
                err((kind, i, "id"), f"duplicate id '{entry.id}'")
                continue
            party = Party(entry.id, entry.name, is_group=kind == "groups")
            parties[entry.id] = party
            spellings = {entry.name.kk, entry.name.ru, *getattr(entry, "aliases", [])}
            for spelling in spellings:
                key = normalize_name(spelling)
                if key in names and names[key] != entry.id:
                    err((kind, i, "name"), f"'{spelling}' is already the name of "
                                           f"'{names[key]}'; list each person once and put "
                                           f"other spellings in 'aliases'")
                names.setdefault(key, entry.id)

    def resolve(ref: str, loc: tuple[Any, ...], groups: bool = True) -> Party | None:
        party = parties.get(ref) or parties.get(names.get(normalize_name(ref), ""))
        if party is not None and (groups or not party.is_group):
            return party
        options = [pid for pid, p in parties.items() if groups or not p.is_group]
        err(loc, f"unknown person{' or group' if groups else ''} '{ref}'"
                 f"{_suggest(ref, options + list(names))}; expected one of: {', '.join(options)}")
        return None

    approver = resolve(plan.approval.person, ("approval", "person"), groups=False)
    members: list[Party] = []
    commission: Party | None = None
    for gi, group in enumerate(plan.groups):
        for mi, member in enumerate(group.members):
            person = resolve(member, ("groups", gi, "members", mi), groups=False)
            if person and group.id == plan.commission:
                members.append(person)
    if plan.commission is not None:
        commission = parties.get(plan.commission)
        if commission is None or not commission.is_group:
            groups = [g.id for g in plan.groups]
            err(("commission",), f"unknown group '{plan.commission}'"
                                 f"{_suggest(plan.commission, groups)}; expected one of: "
                                 f"{', '.join(groups) or '(no groups defined)'}")
    if plan.period and plan.period.end < plan.period.start:
        err(("period", "end"), "the period ends before it starts")

    # Items: unique numbers, known directions, known people.
    direction_ids = [stem for stem, *_rest in directions]
    seen_numbers: dict[int, int] = {}
    responsible: dict[int, list[Party]] = {}
    used_directions: dict[str, int] = {}
    for i, item in enumerate(plan.items):
        if item.number in seen_numbers:
            err(("items", i, "number"), f"duplicate item number {item.number} (also at line "
                                        f"{seen_numbers[item.number]})")
        seen_numbers.setdefault(item.number, located.line_of(("items", i, "number")))
        if item.kind == "collect" and item.direction is None:
            err(("items", i), f"item {item.number} collects information but names no "
                              f"direction; expected 'direction: <id>'")
        if item.direction is not None:
            if item.direction not in direction_ids:
                err(("items", i, "direction"),
                    f"unknown direction '{item.direction}'"
                    f"{_suggest(item.direction, direction_ids)}; expected one of: "
                    f"{', '.join(direction_ids)}")
            elif item.direction in used_directions:
                first = used_directions[item.direction]
                err(("items", i, "direction"),
                    f"direction '{item.direction}' is already collected by item {first}")
            used_directions.setdefault(item.direction, item.number)
        parts = [resolve(ref, ("items", i, "responsible", j))
                 for j, ref in enumerate(item.responsible)]
        responsible[item.number] = [p for p in parts if p is not None]
    for kind in ("reference", "agreement"):
        if sum(1 for item in plan.items if item.kind == kind) > 1:
            err(("items",), f"more than one item of kind '{kind}'; expected at most one")

    if report.errors or approver is None:
        return None
    data = [DirectionData(stem, d, by_direction.get(stem))
            for stem, d, *_rest in sorted(directions, key=lambda t: t[1].number)]
    return Project(
        root=root,
        plan=plan,
        directions=data,
        responsible=responsible,
        approver=approver,
        commission=commission,
        commission_members=members,
        pages=sorted(pages, key=lambda p: (p.meta.order, p.slug)),
        prose=prose,
    )
