"""Turn YAML text into a pydantic model, and pydantic's errors into plain located messages."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.check.problems import Report
from generator.domain import schema
from generator.messages import t
from generator.source.yamlload import Located, YamlError, load_yaml

M = typing.TypeVar("M", bound=BaseModel)
# The schema's model names, which pydantic uses as labels of union branches.
_MODEL_NAMES = {name for name, value in vars(schema).items()
                if isinstance(value, type) and issubclass(value, BaseModel)}


def parse_model(model: type[M], text: str, path: Path, report: Report, first_line: int = 1,
                what: str = "what_file",
                reserved: tuple[str, ...] = ()) -> tuple[M, Located] | None:
    """`reserved`: dotted keys the file may not set because Adal sets them itself."""
    try:
        located = load_yaml(text, line_offset=first_line - 1)
    except YamlError as exc:
        report.error(path, exc.line, exc.message)
        return None
    if located.data is None and what == "what_front_matter":
        located.data = {}  # `---` / `---`: every key takes its default, or is reported missing
    if located.data is None:
        report.error(path, first_line, t("yaml_empty", what=t(what),
                                         keys=list(model.model_fields)[:3]))
        return None
    if not isinstance(located.data, dict):
        report.error(path, first_line, t("yaml_not_mapping", what=t(what),
                                         got=t("got", value=_kind(located.data))))
        return None
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        for err in exc.errors():
            _report_pydantic(model, err, located, path, report, reserved)
        return None


def _report_pydantic(model: type[BaseModel], err: Any, located: Located, path: Path,
                     report: Report, reserved: tuple[str, ...] = ()) -> None:
    loc = _file_location(err["loc"], located.data)
    kind = err["type"]
    where = place(loc)
    prefix = f"{where}: " if where else ""
    value = err.get("input")
    if kind == "extra_forbidden" and ".".join(map(str, loc)) in reserved:
        report.error(path, located.line_of(loc, prefer_key=True),
                     t("site_key_adal_sets", key=".".join(map(str, loc))))
        return
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        msg = t("unknown_key", key=loc[-1], suggestion=suggest(str(loc[-1]), allowed),
                allowed=allowed)
        report.error(path, located.line_of(loc, prefer_key=True),
                     f"{place(loc[:-1]) + ': ' if loc[:-1] else ''}{msg}")
        return
    if kind == "missing":
        key = loc[-1]
        msg = (t("missing_language_text", language=t(f"lang_{key}")) if key in schema.LANGS
               else t("missing_key", key=key))
        parent = loc[:-1]
        report.error(path, located.line_of(parent, prefer_key=True),
                     f"{place(parent) + ': ' if parent else ''}{msg}")
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


# pydantic's error kinds, by the message that explains them.
_KINDS = {"int_type": "expected_whole_number", "int_parsing": "expected_whole_number",
          "int_from_float": "expected_whole_number", "string_type": "expected_text",
          "bool_type": "expected_bool", "bool_parsing": "expected_bool",
          "list_type": "expected_list", "model_type": "expected_mapping",
          "model_attributes_type": "expected_mapping", "dict_type": "expected_mapping",
          "string_pattern_mismatch": "expected_id"}


def _message(kind: str, err: Any, value: Any) -> str:
    ctx = err.get("ctx") or {}
    got = t("got", value=_show(value))
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return t("expected_one_of", options=options, got=got,
                 suggestion=suggest(str(value), options))
    if kind == "string_pattern_mismatch" and "assets/" in str(ctx.get("pattern")):
        return t("expected_asset_path", got=got)
    if kind == "string_pattern_mismatch" and "https?" in str(ctx.get("pattern")):
        return t("expected_url", got=got)
    if kind in _KINDS:
        return t(_KINDS[kind], got=got)
    if kind == "greater_than_equal":
        return t("expected_at_least", limit=ctx.get("ge"), got=got)
    if kind == "less_than_equal":
        return t("expected_at_most", limit=ctx.get("le"), got=got)
    if kind in ("string_too_short", "too_short"):
        return t("must_not_be_empty")
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return t("invalid_value", detail=err["msg"], got=got)


def _show(value: Any) -> str:
    if value is None:
        return t("value_nothing")
    if isinstance(value, dict):
        return t("value_mapping")
    if isinstance(value, list):
        return t("value_list")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…'"


def _kind(value: Any) -> str:
    key = {list: "value_list", str: "value_text", int: "value_number", float: "value_number",
           bool: "value_bool"}.get(type(value))
    return t(key) if key else type(value).__name__


_PLACES = ("items", "people", "groups", "indicators", "findings", "changes", "measures")


def place(loc: tuple[Any, ...]) -> str:
    """A place in a file as its author reads it: ('items', 2, 'deadline') → 'item 3 › deadline'."""
    out: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            key = loc[i - 1] if i else ""
            if out and key == out[-1]:
                out.pop()
            out.append(t(f"place_{key}", n=part + 1) if key in _PLACES
                       else t("place_entry", key=key, n=part + 1))
        else:
            out.append(str(part))
    return " › ".join(out)


def suggest(word: str, options: list[str], fold: Callable[[str], str] = str) -> str:
    """' (did you mean …?)' naming the closest option as written, compared after `fold`."""
    folded = {fold(option): option for option in reversed(options)}
    close = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)
    return t("did_you_mean", word=folded[close[0]]) if close else ""


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
