"""Check each file on its own: read it (source stage), then its shape against the schema.

One function per kind of file; cross-file references are checked in `references`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.check.messages import M, Salvage, parse_model, place
from generator.check.problems import Problem, Report
from generator.domain.model import Body, FindingsDoc, PageDoc, ProseDoc
from generator.domain.schema import (
    ADAL_SITE_KEYS,
    LANGS,
    PORTAL_ASSET_SUFFIXES,
    Direction,
    FindingsMeta,
    MeasuresPlan,
    PageMeta,
    Plan,
    ReferenceMeta,
    SiteConfig,
    portal_template_allowed,
)
from generator.domain.text import latin_in_cyrillic, mixed_lines, strip_comments
from generator.domain.wording import apply_changes, wording_problems
from generator.messages import language, t
from generator.resources import shipped_dir
from generator.source import cache
from generator.source.body import parse_body
from generator.source.files import Source, SourceError, list_files, outside, read_text
from generator.source.frontmatter import FrontMatterDoc, split_front_matter
from generator.source.yamlload import Located, remember, restored, stored

PROSE_NAMES = ("legal-acts", "introduction", "conclusion")
R = TypeVar("R", bound=BaseModel)
_RECORD_OF_APPROVED = re.compile(r"^\s*(?:approved:|-?\s*\{?\s*was:)")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class PlanFile:
    plan: Plan
    path: Path
    lines: Located
    salvage: Salvage = field(default_factory=Salvage)  # what its errors left out


@dataclass(frozen=True)
class DirectionFile:
    id: str
    spec: Direction
    lines: Located
    path: Path


@dataclass(frozen=True)
class FindingsFile:
    doc: FindingsDoc
    lines: Located
    salvage: Salvage = field(default_factory=Salvage)  # what its errors left out


@dataclass
class ContentFiles:
    findings: list[FindingsFile]
    pages: list[PageDoc]
    prose: dict[str, ProseDoc]
    # Findings files with errors, by name (content/findings/<direction>.md): what refers to
    # their risks is not reported as a second, consequent problem.
    broken_findings: set[str] = field(default_factory=set)


def read_checked(path: Path, report: Report) -> Source | None:
    """Read a file and scan its text; a problem is reported and gives None."""
    try:
        source = read_text(path)
    except SourceError as exc:
        report.error(exc.path, exc.line, exc.message)
        return None
    _scan(source, report)
    return source


def _scan(source: Source, report: Report) -> None:
    """Latin look-alikes in Cyrillic words, each a warning."""
    for number, line in mixed_lines(source.text):
        if _RECORD_OF_APPROVED.match(line):
            continue  # the approved wording is recorded as it is, look-alikes included
        for word, fixed in latin_in_cyrillic(line):
            # In an indicator file the text may be the approved plan's, Latin letters and all:
            # say how to keep that wording and correct the text.
            key = ("latin_in_indicator" if source.path.parent.name == "indicators"
                   else "latin_in_cyrillic")
            report.warning(source.path, number, t(key, word=word, fixed=fixed))


def _read_parsed(path: Path, model: type[M], report: Report, front: bool = False,
                 what: str = "what_file", reserved: tuple[str, ...] = (),
                 salvage: Salvage | None = None
                 ) -> tuple[Source, FrontMatterDoc | None, tuple[M, Located] | None] | None:
    """A file read (its text scanned), its YAML (the whole file, or its front matter when
    `front`) parsed and checked against `model`: from the portal's cache when the same text
    was checked the same way before (source/cache.py), its warnings replayed as they were
    reported; None when the file cannot be read."""
    start = len(report.problems)
    try:
        source = read_text(path)
    except SourceError as exc:
        report.error(exc.path, exc.line, exc.message)
        return None
    store = cache.store_for(report.root)
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(report.root))
    name = key = ""
    where = ("", "")
    if store is not None:
        name = cache.entry_name(rel, model.__name__, language())
        key = cache.key_of(rel, model.__name__, front, what, list(reserved),
                           salvage is not None, language(), text=source.text)
        where = (report.root.as_posix(), name)
        in_memory = _VALIDATED.get(where)
        if in_memory is not None and in_memory[0] == key:
            _, result, located, problems = in_memory
            return _given(path, source, front, report, result, located, problems)
        entry = store.get(name, key)
        replayed = None if entry is None else _replayed(entry, path, model, source, front,
                                                        report)
        if replayed is not None:
            _keep(where, key, *replayed[2], report.problems[start:])
            return replayed
    _scan(source, report)
    doc = None
    text, first = source.text, 1
    if front:
        try:
            doc = split_front_matter(source)
        except SourceError as exc:
            report.error(exc.path, exc.line, exc.message)
            return source, None, None
        text, first = doc.meta_text, doc.meta_line
    parsed = parse_model(model, text, path, report, first_line=first, what=what,
                         reserved=reserved, salvage=salvage)
    problems = report.problems[start:]
    if store is not None and parsed is not None and not (salvage and salvage.failed) \
            and all(p.severity == "warning" for p in problems) \
            and all(p.path == report.rel(path) for p in problems[:1]) \
            and len({p.path for p in problems}) <= 1:
        kept = stored(parsed[1])
        if kept is not None:
            store.put(name, key, {"problems": [[p.line, p.message] for p in problems],
                                  **kept})
            located = restored(kept)  # what the next run reads back from the entry
            if located is not None:
                _keep(where, key, parsed[0], located, problems)
    return source, doc, parsed


# What this process's earlier checks made of each file, by its cache entry's name (the file,
# the model, the language) with the entry's key (which holds the file's text): one per file,
# replaced when it is edited. `adal serve` checks the portal again after each edit, and
# reading and validating the 1,800 entries of the 100× portal again took 0.3–0.6 s of each.
# The models are frozen and the parse is only read, so the next check shares them; the
# warnings are reported again. Kept only where asked for (`keep_validated`): a build or a
# check runs once, and the line trees (13 MB on the 100× portal) would count against its peak.
_VALIDATED: dict[tuple[str, str], tuple[str, BaseModel, Located, list[tuple[int, str]]]] = {}
_VALIDATED_MAX = 50_000
_keeping = False


def keep_validated() -> None:
    """From now on, this process keeps what each check made of every file (`adal serve`)."""
    global _keeping
    _keeping = True


def _keep(where: tuple[str, str], key: str, result: BaseModel, located: Located,
          problems: list[Problem]) -> None:
    if not _keeping:
        return
    if where not in _VALIDATED and len(_VALIDATED) >= _VALIDATED_MAX:
        _VALIDATED.clear()
    _VALIDATED[where] = (key, result, located, [(p.line, p.message) for p in problems])


def _replayed(entry: dict[str, object], path: Path, model: type[M], source: Source,
              front: bool, report: Report
              ) -> tuple[Source, FrontMatterDoc | None, tuple[M, Located]] | None:
    """A cache entry as the file's result, or None when it is not a whole one (then the file
    is parsed as if there were none). Its data is checked by the schema again."""
    located = restored(entry)
    problems = entry.get("problems")
    if located is None or not isinstance(problems, list) or not all(
            isinstance(p, list) and len(p) == 2 and type(p[0]) is int and isinstance(p[1], str)
            for p in problems):
        return None
    try:
        result = model.model_validate(located.data)
        return _given(path, source, front, report, result, located, problems)
    except (SourceError, ValidationError):
        return None


def _given(path: Path, source: Source, front: bool, report: Report, result: R,
           located: Located, problems: list[Any]
           ) -> tuple[Source, FrontMatterDoc | None, tuple[R, Located]]:
    """A file's result kept by an earlier run (the cache, or this process's memory): its
    warnings (line, message) reported again."""
    doc = split_front_matter(source) if front else None
    for line, message in problems:
        report.warning(path, line, message)
    # The spelling notes read the same text: they get this parse (yamlload.parsing_once).
    remember(doc.meta_text if doc else source.text, doc.meta_line - 1 if doc else 0, located)
    return source, doc, (result, located)


def listed(root: Path, folder: str, report: Report) -> list[Path]:
    """The usable files of a folder; links out of the portal and hidden files reported."""
    files, problems = list_files(root, folder)
    for problem in problems:
        report.error(problem.path, problem.line, problem.message)
    return files


def check_templates(root: Path, report: Report) -> None:
    """A portal's own site_templates/: no link out of the portal, and nothing that runs."""
    folder = root / "site_templates"
    if not folder.exists():
        return
    shipped = shipped_dir()
    for path in listed(root, "site_templates", report):
        parts = path.relative_to(folder).parts
        if portal_template_allowed(parts) or _same_as_shipped(path, shipped.joinpath(*parts)):
            continue
        if parts[0] == "overrides" or parts == ("mkdocs.yml.j2",):
            why = t("template_is_code")
        elif parts[0] == "assets":
            why = t("template_asset_refused", suffixes=PORTAL_ASSET_SUFFIXES)
        else:
            why = t("template_unexpected")
        report.error(path, 1, why)


_IMAGES = tuple(s for s in PORTAL_ASSET_SUFFIXES if s not in (".css", ".woff", ".woff2", ".ttf"))


def load_site_config(root: Path, report: Report) -> SiteConfig:
    """The portal's mkdocs.yml (optional): the keys a portal may set, each asset it names
    present in site_templates/ (the portal's or Adal's)."""
    path = root / "mkdocs.yml"
    parsed = _root_file(root, "mkdocs.yml", SiteConfig, report, reserved=ADAL_SITE_KEYS)
    if parsed is None:
        return SiteConfig()
    site, located = parsed
    wanted = [(("theme", "logo"), site.theme.logo, _IMAGES),
              (("theme", "favicon"), site.theme.favicon, _IMAGES)]
    wanted += [(("extra_css", i), css, (".css",)) for i, css in enumerate(site.extra_css)]
    for loc, asset, suffixes in wanted:
        if asset is None:
            continue
        if Path(asset).suffix.lower() not in suffixes:
            report.error(path, located.line_of(loc), t("site_asset_kind", path=asset,
                                                       suffixes=suffixes))
        elif not any((folder / asset).is_file() for folder in (root / "site_templates",
                                                               shipped_dir())):
            report.error(path, located.line_of(loc), t("site_asset_missing", path=asset))
    return site


@dataclass(frozen=True)
class MeasuresFile:
    plan: MeasuresPlan
    path: Path
    lines: Located
    salvage: Salvage = field(default_factory=Salvage)  # what its errors left out


def load_measures(root: Path, report: Report) -> MeasuresFile | None:
    """measures.yaml, the plan of measures (optional)."""
    salvage = Salvage()
    parsed = _root_file(root, "measures.yaml", MeasuresPlan, report, salvage=salvage)
    return None if parsed is None else MeasuresFile(parsed[0], root / "measures.yaml",
                                                    parsed[1], salvage)


def load_plan(root: Path, report: Report) -> PlanFile | None:
    salvage = Salvage()  # a plan with errors still gives its other parts to the checks
    parsed = _root_file(root, "plan.yaml", Plan, report, required=True, salvage=salvage)
    return None if parsed is None else PlanFile(parsed[0], root / "plan.yaml", parsed[1],
                                                salvage)


def _root_file(root: Path, name: str, model: type[M], report: Report, required: bool = False,
               reserved: tuple[str, ...] = (),
               salvage: Salvage | None = None) -> tuple[M, Located] | None:
    """A YAML file at the portal's top: read and checked against `model`; a link out of the
    portal is refused; a missing file is an error only when `required`."""
    path = root / name
    if path.is_symlink() and outside(path, root):
        report.error(path, 1, t("plan_link_outside" if name == "plan.yaml" else "link_outside"))
        return None
    if not path.is_file():
        if required or path.exists():
            report.error(path, 1, t("plan_missing") if required else
                         t("file_unreadable", reason=name))
        return None
    return _parsed(path, model, report, reserved, salvage)


def _parsed(path: Path, model: type[M], report: Report, reserved: tuple[str, ...] = (),
            salvage: Salvage | None = None) -> tuple[M, Located] | None:
    """A YAML file read (its text scanned) and checked against `model`."""
    read = _read_parsed(path, model, report, reserved=reserved, salvage=salvage)
    return None if read is None else read[2]


def load_directions(root: Path, report: Report,
                    broken: set[str] | None = None) -> list[DirectionFile] | None:
    """The directions that load; the ids of those whose file has errors go into `broken`, so
    that what refers to them is not reported as a second, consequent problem."""
    folder = root / "indicators"
    if not folder.is_dir():
        report.error(folder, 1, t("indicators_missing"))
        return None
    result = []
    for path in listed(root, "indicators", report):
        if path.parent != folder or path.suffix not in (".yaml", ".yml"):
            report.error(path, 1, t("indicators_unexpected_file"))
            continue
        if not _ID.fullmatch(path.stem):
            report.error(path, 1, t("indicators_bad_name", name=path.name))
            continue
        loaded = _load_direction(path, report)
        if loaded is not None:
            result.append(loaded)
        elif broken is not None:
            broken.add(path.stem)
    by_number: dict[int, Path] = {}
    for d in result:
        if d.spec.number in by_number:
            report.error(d.path, d.lines.line_of(("number",)),
                         t("direction_number_duplicate", number=d.spec.number,
                           other=report.rel(by_number[d.spec.number])))
        by_number.setdefault(d.spec.number, d.path)
    return result


def _load_direction(path: Path, report: Report) -> DirectionFile | None:
    parsed = _parsed(path, Direction, report)
    if parsed is None:
        return None
    direction, located = parsed
    for lang, state in direction.translation.items():
        if state == "missing":
            report.warning(path, located.line_of(("translation",)),
                           t("translation_missing", language=t(f"lang_{lang}")))
    if direction.description_approved is not None and (
            direction.description is None or apply_changes(
                direction.description_approved, direction.description_changes)
            != direction.description.kk):
        report.error(path, located.line_of(("description",)), t("wording_text_differs"))
    seen: dict[int, int] = {}
    for i, indicator in enumerate(direction.indicators):
        for where, message in wording_problems(indicator):
            report.error(path, located.line_of(("indicators", i, *where)),
                         f"{place(('indicators', i))}: {message}")
        line = located.line_of(("indicators", i, "number"))
        if indicator.number in seen:
            report.error(path, line, t("indicator_duplicate", number=indicator.number,
                                       line=seen[indicator.number]))
        seen.setdefault(indicator.number, line)
    return DirectionFile(path.stem, direction, located, path)


_META: dict[str, type[BaseModel]] = {"findings": FindingsMeta, "pages": PageMeta,
                                     "reference": ReferenceMeta}


def load_content(root: Path, report: Report) -> ContentFiles:
    content = ContentFiles([], [], {})
    folder = root / "content"
    if not folder.is_dir():
        return content
    for path in listed(root, "content", report):
        rel = path.relative_to(folder).parts
        if path.suffix != ".md":
            report.error(path, 1, t("content_unexpected_file"))
            continue
        if len(rel) != 2 or rel[0] not in _META:
            report.error(path, 1, t("content_unexpected_place"))
            continue
        errors = len(report.errors)
        _load_content_file(path, rel[0], content, report)
        if rel[0] == "findings" and len(report.errors) > errors:
            content.broken_findings.add(path.stem)
    return content


def _load_content_file(path: Path, kind: str, content: ContentFiles, report: Report) -> None:
    # A findings file with errors still gives its other findings to the cross-file checks.
    salvage = Salvage() if kind == "findings" else None
    read = _read_parsed(path, _META[kind], report, front=True, what="what_front_matter",
                        salvage=salvage)
    if read is None or read[1] is None or read[2] is None:
        return
    _, doc, parsed = read
    meta, located = parsed
    if kind == "findings":
        meta = _without_comments(meta, located, path, report)  # type: ignore[arg-type]
    public = meta.visibility == "public"  # type: ignore[attr-defined]
    body, body_problems = parse_body(doc.body, doc.body_line, public)
    for line, message in body_problems:
        report.error(path, line, message)
    if kind == "findings":
        content.findings.append(FindingsFile(FindingsDoc(path, meta, body), located,  # type: ignore[arg-type]
                                             salvage or Salvage()))
        if body.lang_lines:
            _require_langs(body, path, doc.body_line, report)
    elif kind == "pages":
        if not _ID.fullmatch(path.stem):
            report.error(path, 1, t("page_bad_name", name=path.name))
            return
        _require_langs(body, path, doc.body_line, report)
        content.pages.append(PageDoc(path.stem, path, meta, body))  # type: ignore[arg-type]
    elif path.stem not in PROSE_NAMES:
        report.error(path, 1, t("reference_unknown_part", name=path.name,
                                expected=t("or_word").join(n + ".md" for n in PROSE_NAMES)))
    else:
        _require_langs(body, path, doc.body_line, report)
        content.prose[path.stem] = ProseDoc(path.stem, path, public, body)


def _same_as_shipped(path: Path, shipped: Path) -> bool:
    """A copy of Adal's own file (the bundled portal is Adal's repository) overrides nothing."""
    try:
        return shipped.is_file() and path.read_bytes() == shipped.read_bytes()
    except OSError:
        return False


_PROSE_FIELDS = ("evidence", "causes", "recommendation", "note")


def _without_comments(meta: FindingsMeta, located: Located, path: Path,
                      report: Report) -> FindingsMeta:
    """HTML comments in a finding's texts are removed like those of a body; an unclosed one
    is reported where it starts."""
    findings = []
    for i, finding in enumerate(meta.findings):
        update = {}
        for key in _PROSE_FIELDS:
            text = getattr(finding, key)
            if text is None:
                continue
            cleaned = {}
            for lang in LANGS:
                cleaned[lang], unclosed = strip_comments(text[lang])
                if unclosed is not None:
                    report.error(path, located.line_of(("findings", i, key, lang)),
                                 t("comment_unclosed"))
            if cleaned != {lang: text[lang] for lang in LANGS}:
                update[key] = text.model_copy(update=cleaned)
        findings.append(finding.model_copy(update=update) if update else finding)
    return meta.model_copy(update={"findings": findings})


def _require_langs(body: Body, path: Path, line: int, report: Report) -> None:
    for lang in LANGS:
        if lang not in body.lang_lines:
            report.error(path, line, t("missing_language_block", language=t(f"lang_{lang}"),
                                       lang=lang))
