"""Turn YAML text into a pydantic model, and pydantic's errors into plain located messages."""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.check.problems import Report
from generator.domain import schema
from generator.source.yamlload import Located, YamlError, load_yaml

LANG_NAMES = {"kk": "Kazakh (kk)", "ru": "Russian (ru)"}
M = typing.TypeVar("M", bound=BaseModel)
# The schema's model names, which pydantic uses as labels of union branches.
_MODEL_NAMES = {name for name, value in vars(schema).items()
                if isinstance(value, type) and issubclass(value, BaseModel)}


def parse_model(model: type[M], text: str, path: Path, report: Report, first_line: int = 1,
                what: str = "file") -> tuple[M, Located] | None:
    try:
        located = load_yaml(text, line_offset=first_line - 1)
    except YamlError as exc:
        report.error(path, exc.line, exc.message)
        return None
    if located.data is None and what == "front matter":
        located.data = {}  # `---` / `---`: every key takes its default, or is reported missing
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
    loc = _file_location(err["loc"], located.data)
    kind = err["type"]
    where = _loc_text(loc)
    prefix = f"{where}: " if where else ""
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        msg = f"unknown key '{loc[-1]}'" + suggest(str(loc[-1]), allowed) + \
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


_BRANCH = re.compile(r"^[a-z-]+\[.*\]$")


def _file_location(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """pydantic's error location without the labels it gives union branches ('Text',
    'function-after[…]'). A key present in the file is always kept, whatever its spelling."""
    kept: list[Any] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
        elif part in _MODEL_NAMES or _BRANCH.match(str(part)):
            continue
        else:
            data = None  # a key the file does not have (a missing one)
        kept.append(part)
    return tuple(kept)


def _message(kind: str, err: Any, value: Any) -> str:
    ctx = err.get("ctx") or {}
    got = f", got {_show(value)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"expected one of: {', '.join(options)}{got}" + suggest(str(value), options)
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


def suggest(word: str, options: list[str]) -> str:
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
