"""A portal's interface strings (site_templates/strings.yaml): read with the guards of every
portal file (size, encoding, no aliases or tags, `path:line`), checked against Adal's own
strings, and merged over them. The build gets the result with the `Project`; nothing after
the check stage reads the portal's file.

What a portal may write: for a language Adal has, a key Adal has, a text where Adal has a
text and a group where Adal has a group; at most MAX_CHARS characters; no control character;
braces only around the placeholders Adal's texts of that key have (`{date}`), with a format
spec only of the kind Adal's text gives that name (a case, noun forms, a date in words): the
text is filled in with `str.format`, whose `{date.__class__}` would reach into Python objects
and whose `{n:>999999999}` would fill the memory.
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.check.files import read_checked
from generator.check.problems import Report
from generator.domain.grammar import CASES, Num
from generator.messages import listing, t
from generator.resources import shipped_dir
from generator.source.files import outside
from generator.source.yamlload import Located, YamlError, load_yaml

Strings = dict[str, dict[str, Any]]
MAX_CHARS = 1000  # Adal's longest interface string has about 400
_TOKEN = re.compile(r"\{[^{}]*\}|[{}]")
_FORMS = re.compile(r"[^{}:!|]+(?:\|[^{}:!|]+){1,2}")  # noun forms: one|other, one|few|many


def shipped_strings() -> Strings:
    """Adal's own interface strings (its code, complete in every language)."""
    path = shipped_dir() / "strings.yaml"
    return copy.deepcopy(_read_shipped(path, path.stat().st_mtime_ns))


@cache
def _read_shipped(path: Path, mtime: int) -> Strings:
    data: Strings = load_yaml(path.read_text("utf-8")).data
    return data


def load_strings(root: Path, report: Report) -> Strings:
    """Adal's strings with the portal's own merged over them; each problem of the portal's
    file reported at its line (what is wrong there is left out of the result)."""
    shipped = shipped_strings()
    folder = root / "site_templates"
    path = folder / "strings.yaml"
    if not folder.is_dir() or folder.resolve() == shipped_dir().resolve() \
            or not path.is_file() or outside(path, root):
        return shipped  # no file, Adal's own folder (the bundled portal), or a link out (reported)
    source = read_checked(path, report)
    if source is None:
        return shipped
    try:
        located = load_yaml(source.text)
    except YamlError as exc:
        report.error(path, exc.line, exc.message)
        return shipped
    return _merge(shipped, _checked(located, shipped, path, report))


def _checked(located: Located, shipped: Strings, path: Path, report: Report) -> dict[Any, Any]:
    """The portal's strings that fit Adal's; the rest reported."""
    data = located.data
    if data is None:
        return {}  # comments only
    languages = listing(sorted(shipped))
    if not isinstance(data, dict):
        report.error(path, 1, t("strings_not_languages", languages=languages))
        return {}
    kept: dict[Any, Any] = {}
    allowed = _allowed(shipped)
    for lang, tree in data.items():
        if lang not in shipped:
            report.error(path, located.line_of((lang,), prefer_key=True),
                         t("strings_unknown_language", key=lang, languages=languages))
            continue
        value = _fits(tree, shipped[lang], (lang,), allowed, located, path, report)
        if value is not None:
            kept[lang] = value
    return kept


def _fits(value: Any, adal: Any, where: tuple[Any, ...],
          allowed: dict[tuple[Any, ...], Placeholders],
          located: Located, path: Path, report: Report) -> Any:
    """`value` where Adal has `adal` (a group or a text), or None when it does not fit."""
    line = located.line_of(where, prefer_key=True)
    key = ".".join(str(part) for part in where)
    if isinstance(adal, dict):
        if not isinstance(value, dict):
            report.error(path, line, t("strings_not_group", key=key,
                                       keys=listing([str(k) for k in adal], 4)))
            return None
        kept = {}
        for name, inner in value.items():
            if name not in adal:
                near = difflib.get_close_matches(str(name), [str(k) for k in adal], n=1)
                report.error(path, located.line_of((*where, name), prefer_key=True),
                             t("strings_unknown_key_near", key=f"{key}.{name}", near=near[0])
                             if near else t("strings_unknown_key", key=f"{key}.{name}"))
                continue
            fitting = _fits(inner, adal[name], (*where, name), allowed, located, path, report)
            if fitting is not None:
                kept[name] = fitting
        return kept
    if not isinstance(value, str):
        report.error(path, line, t("strings_not_text", key=key))
        return None
    problem = _text_problem(value, allowed.get(where[1:], Placeholders({}, set())))
    if problem is not None:
        report.error(path, line, f"{key}: {problem}")
        return None
    return value


@dataclass(frozen=True)
class Placeholders:
    """What Adal's texts of one key (in any language) fill in: each name, with the kinds of
    format spec they give it ("number": a Kazakh case or noun forms, `{n:dat}`,
    `{n:пункт|пункта|пунктов}`; "date": a date in words, `{date:kk_loc}`), and the fields as
    Adal writes them (for the message)."""

    kinds: dict[str, set[str]]
    written: set[str]


def _field(token: str) -> tuple[str, str | None, str | None]:
    """A `{…}` token's name, conversion (`!r`) and format spec (`:dat`); None when absent."""
    name, colon, spec = token[1:-1].partition(":")
    name, bang, conversion = name.partition("!")
    return name, conversion if bang else None, spec if colon else None


def _spec_kind(spec: str) -> str | None:
    """What a format spec asks of its value (grammar.Num, grammar.Words), or None: a spec
    of Python's own (`>99999`) is never a portal's to write."""
    if spec in CASES or (spec[:1] == "%" and spec[1:] in CASES) or _FORMS.fullmatch(spec):
        return "number"
    lang, underscore, case = spec.partition("_")
    if lang in ("kk", "ru", "en") and (not underscore or case == "attr" or case in CASES):
        return "date"
    return None


def _text_problem(text: str, placeholders: Placeholders) -> str | None:
    if not text.strip():
        return t("strings_blank")
    if len(text) > MAX_CHARS:
        return t("strings_too_long", size=Num(len(text)), limit=Num(MAX_CHARS))
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"),
                   None)
    if control is not None:  # from an escape in quotes ("\e", "\0"): YAML refuses them raw
        return t("strings_control", code=f"{ord(control):04x}")
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        name, conversion, spec = _field(token) if len(token) > 1 else ("", None, None)
        kinds = placeholders.kinds.get(name)
        if kinds is not None and conversion is None and (
                spec is None or _spec_kind(spec) in kinds):
            continue
        if placeholders.written:
            return t("strings_placeholder", found=token,
                     allowed=listing(sorted(placeholders.written)))
        return t("strings_no_placeholder", found=token)
    return None


def _allowed(shipped: Strings) -> dict[tuple[Any, ...], Placeholders]:
    """Per key (below the language), the placeholders of Adal's texts of it."""
    found: dict[tuple[Any, ...], Placeholders] = {}

    def walk(tree: dict[Any, Any], where: tuple[Any, ...]) -> None:
        for key, value in tree.items():
            if isinstance(value, dict):
                walk(value, (*where, key))
            elif isinstance(value, str):
                entry = found.setdefault((*where, key), Placeholders({}, set()))
                for match in _TOKEN.finditer(value):
                    if len(match.group(0)) == 1:
                        continue
                    name, _, spec = _field(match.group(0))
                    kinds = entry.kinds.setdefault(name, set())
                    if spec and (kind := _spec_kind(spec)):
                        kinds.add(kind)
                    entry.written.add(match.group(0))

    for tree in shipped.values():
        walk(tree, ())
    return found


def _merge(base: dict[Any, Any], override: dict[Any, Any]) -> dict[Any, Any]:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out
