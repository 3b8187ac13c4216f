"""Turn YAML text into a pydantic model, and pydantic's errors into plain located messages."""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
                what: str = "what_file", reserved: tuple[str, ...] = (),
                salvage: Salvage | None = None) -> tuple[M, Located] | None:
    """`reserved`: dotted keys the file may not set because Adal sets them itself.
    `salvage`: when the file has errors, still give the model without what failed (see
    `Salvage`) instead of None, so that the cross-file checks run on the rest."""
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
        if salvage is None:
            return None
        salvage.failed = True
        return _salvaged(model, located, salvage)


@dataclass
class Salvage:
    """What a file with errors still gives the cross-file checks. Each value that failed is
    taken out: an optional field is left out of its entry, an entry that cannot be without it
    (a required field failed) is left out of its list. So a problem elsewhere in the same item
    is still found (an unknown person on an item whose date is impossible), and a check that
    would only repeat a reported problem asks here first and says nothing."""

    failed: bool = False
    # Fields left out, by their place in the salvaged model: ('items', 3, 'deadline').
    removed: set[tuple[Any, ...]] = field(default_factory=set)
    # Entries left out, as the file writes them, by the place of their list: ('people',).
    dropped: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)

    def lacks(self, *loc: Any) -> bool:
        """The field at `loc` had a problem of its own and was left out."""
        return loc in self.removed

    def texts_dropped(self, *lists: tuple[Any, ...]) -> set[str]:
        """Every text in the entries left out of these lists (their ids, names, aliases)."""
        return {text for where in lists for entry in self.dropped.get(where, [])
                for text in _texts(entry)}


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)


_GONE = object()  # an entry taken out of its list; the entries after it keep their lines
_ROUNDS = 16  # taking out a required field takes out its entry in the next round


def _salvaged(model: type[M], located: Located, salvage: Salvage) -> tuple[M, Located] | None:
    """The model without the values that failed, and the lines of what is left (by the
    salvaged model's places); None when what failed is the file's own required part."""
    data = copy.deepcopy(located.data)
    taken: list[tuple[Any, ...]] = []  # places in the file of what was taken out
    for _ in range(_ROUNDS):
        compact = _compact(data)
        try:
            result = model.model_validate(compact)
        except ValidationError as exc:
            targets = set()
            for err in exc.errors():
                part = _failed_part(err, compact)
                if part:
                    targets.add(_in_file(part, data))
                elif not _stand_in(model, _file_location(err["loc"], compact), data):
                    return None
            for where in sorted(targets, key=len, reverse=True):
                if _take(data, where):
                    taken.append(where)
            continue
        salvage.removed |= {(key,) for key, value in data.items() if isinstance(value, BaseModel)}
        for where in taken:
            parent = _in_model(where[:-1], data)
            if parent is None:
                continue  # inside an entry taken out later
            if isinstance(_at(data, where[:-1]), list):  # the entry as the file writes it
                salvage.dropped.setdefault(parent, []).append(_at(located.data, where))
            else:
                salvage.removed.add((*parent, where[-1]))
        lines = Located(compact)
        for table, out in ((located.key_lines, lines.key_lines),
                           (located.value_lines, lines.value_lines)):
            for where, line in table.items():
                place_now = _in_model(where, data)
                if place_now is not None:
                    out[place_now] = line
        return result, lines
    return None


def _stand_in(model: type[BaseModel], loc: tuple[Any, ...], data: dict[str, Any]) -> bool:
    """A part of the file's own that it cannot be without (the organization's name, the
    approval) and that failed: an empty one stands in, unvalidated, so that the rest is still
    checked (`Salvage.lacks` tells the checks that need it). Not for a list (the plan's
    people, items): without them every reference to them would be reported."""
    info = model.model_fields.get(loc[0]) if len(loc) == 1 else None
    if info is None or not (isinstance(info.annotation, type)
                            and issubclass(info.annotation, BaseModel)):
        return False
    data[loc[0]] = _empty(info.annotation)
    return True


def _empty(model: type[BaseModel]) -> BaseModel:
    return model.model_construct(**{
        name: _empty(info.annotation) if isinstance(info.annotation, type)
        and issubclass(info.annotation, BaseModel) else ""
        for name, info in model.model_fields.items() if info.is_required()})


def _failed_part(err: Any, data: Any) -> tuple[Any, ...]:
    """What to take out for an error: the failed value, or the entry lacking a required key."""
    loc = _file_location(err["loc"], data)
    return loc[:-1] if err["type"] == "missing" else loc


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not _GONE]
    return value


def _in_file(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """A place in the salvaged data as a place in the file (its deepest part that exists)."""
    out: list[Any] = []
    for part in loc:
        if isinstance(data, list) and isinstance(part, int):
            kept = [i for i, v in enumerate(data) if v is not _GONE]
            if not 0 <= part < len(kept):
                break
            out.append(kept[part])
            data = data[kept[part]]
        elif isinstance(data, dict) and part in data:
            out.append(part)
            data = data[part]
        else:
            break
    return tuple(out)


def _in_model(where: tuple[Any, ...], data: Any) -> tuple[Any, ...] | None:
    """A place in the file as a place in the salvaged data; None if it was taken out."""
    out: list[Any] = []
    for part in where:
        if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            if data[part] is _GONE:
                return None
            out.append(sum(1 for v in data[:part] if v is not _GONE))
            data = data[part]
        elif isinstance(data, dict) and part in data:
            out.append(part)
            data = data[part]
        else:
            return None
    return tuple(out)


def _at(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def _take(data: Any, where: tuple[Any, ...]) -> bool:
    """Take out the value at `where`; False if it was already."""
    parent = _at(data, where[:-1])
    key = where[-1]
    if isinstance(parent, list):
        taken, parent[key] = parent[key] is not _GONE, _GONE
        return taken
    return parent.pop(key, _GONE) is not _GONE


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
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == schema.LABEL_PATTERN:
        return t("expected_label", got=got)
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
