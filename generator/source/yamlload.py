"""Load YAML while remembering the line of every key and value, for precise messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.domain.grammar import Num
from generator.messages import t

Path_ = tuple[Any, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAX_DEPTH = 64
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "seq", "map", "timestamp"))


# libyaml's parser is ~10× faster than the pure-Python one and gives the same marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text: the schema parses them and reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Plain Python data plus 1-based lines: of each key, and of each value or list item."""

    data: Any
    key_lines: dict[Path_, int] = field(default_factory=dict)
    value_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_, prefer_key: bool = False) -> int:
        """The line of the deepest known prefix of `path` (pydantic error locations)."""
        path = tuple(path)
        while True:
            tables = (self.key_lines, self.value_lines) if prefer_key else (
                self.value_lines, self.key_lines)
            for table in tables:
                if path in table:
                    return table[path]
            if not path:
                return 1
            path = path[:-1]


def _refuse_aliases(text: str, line_offset: int) -> None:
    """An alias (`*name`) repeats an anchored value: nine nested ones expand a few hundred
    bytes into gigabytes ("billion laughs"). Portal files never need them."""
    if "*" not in text:
        return
    loader = _Loader(text)
    try:
        while (token := loader.get_token()) is not None:
            if isinstance(token, yaml.AliasToken):
                raise YamlError(token.start_mark.line + 1 + line_offset,
                                t("yaml_alias", name=token.value))
    except yaml.YAMLError:
        return  # a syntax error: reported, with its line, by the parser below
    finally:
        loader.dispose()


# The parses of a run kept by their text (`parsing_once`); None outside one.
_KEPT: ContextVar[dict[tuple[str, int], Located] | None] = ContextVar("_KEPT", default=None)


@contextmanager
def parsing_once() -> Iterator[None]:
    """Within it, a text parsed twice is parsed once: the check stage reads each YAML file,
    and then the spelling notes read the same texts (issue 20: half of a cold `adal check`
    was the second parse). What `load_yaml` gives is not changed by its users, so the same
    `Located` serves both; the parses are let go at the end."""
    token = _KEPT.set({} if _KEPT.get() is None else _KEPT.get())
    try:
        yield
    finally:
        _KEPT.reset(token)


def remember(text: str, line_offset: int, located: Located) -> None:
    """A parse of `text` got another way (the check's cache), for `load_yaml` to give."""
    kept = _KEPT.get()
    if kept is not None:
        kept[(text, line_offset)] = located


def load_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document. Raises YamlError with a line and a plain message."""
    kept = _KEPT.get()
    if kept is not None:
        found = kept.get((text, line_offset))
        if found is None:
            found = kept[(text, line_offset)] = _load_yaml(text, line_offset)
        return found
    return _load_yaml(text, line_offset)


def _load_yaml(text: str, line_offset: int) -> Located:
    try:
        _refuse_aliases(text, line_offset)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, line_offset) from None
    try:
        loader = _Loader(text)  # the reader rejects control characters right away
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, line_offset) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, text, line_offset) from None
        except yaml.reader.ReaderError as exc:  # control characters found while reading on
            raise _reader_error(exc, text, line_offset) from None
        except yaml.YAMLError as exc:
            raise YamlError(1 + line_offset, t("yaml_error", error=exc)) from None
        located = Located(None)
        if node is None:
            return located
        located.data = _build(loader, node, (), located, line_offset, 0)
        return located
    finally:
        loader.dispose()


def peek_yaml(text: str) -> Any:
    """A YAML document's data without lines or checks, for a quick look at one value before
    the check (the language of the messages, in the plan's settings): 10× faster than
    `load_yaml` on a plan of 900 items. An alias is not expanded (its value is shared), so
    only a look at a few values is safe; raises YamlError on anything wrong."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise YamlError(1, t("yaml_error", error=exc)) from None


def _reader_error(exc: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlError:
    line = text[: exc.position].count("\n") + 1 + line_offset
    return YamlError(line, t("yaml_char", code=f"{exc.character:04x}"))


# PyYAML's own words for the commonest mistakes, and what to tell the author instead.
# Indentation is reported where the parser stopped; an unclosed quote or bracket where it opens.
_PLAIN = (("mapping values are not allowed", "yaml_colon", False),
          ("expected <block end>", "yaml_indent", True),
          ("did not find expected key", "yaml_indent", True),
          ("could not find expected ':'", "yaml_no_colon", False),
          ("did not find expected ','", "yaml_unclosed", False),
          ("found unexpected end of stream", "yaml_unclosed", False))


# Quotes a text may be written in that YAML does not take for quotes.
_TYPOGRAPHIC_QUOTES = re.compile("[«»“”„]")
# A line's lead (indentation, list dashes, a key) and the value after it.
_LEAD = re.compile(r"^(?P<lead>\s*(?:- +)*(?:[^\s\-\"'«“„{\[#][^:]*?: +)?)(?P<value>\S.*?)\s*$")


def _quoted_line(line: str, column: int) -> str | None:
    """The line with its value in double quotes, when the ':' at `column` is in that value
    (else None: the line itself is not where the value starts)."""
    found = _LEAD.match(line)
    if not found or column < len(found["lead"]) or found["value"].startswith('"'):
        return None
    value = found["value"].replace("\\", "\\\\").replace('"', '\\"')
    return f'{found["lead"]}"{value}"'


def _guillemets_advice(line: str, column: int) -> str:
    """«Put it in quotes» fails for a text already in «…»: say which quotes, and show the line
    with them."""
    fixed = _quoted_line(line, column)
    return (t("yaml_colon_guillemets", fixed=fixed.strip()) if fixed
            else t("yaml_colon_guillemets_here"))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlError:
    """One plain message at the line where the broken construct starts (an unclosed bracket or
    quote starts before the line where the parser gave up). A tab indenting the line where the
    parser stopped, or the line before it, is named as the cause, as it nearly always is."""
    problem = exc.problem or str(exc)
    mark = exc.context_mark or exc.problem_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    lines = text.split("\n")
    stop = exc.problem_mark.line if exc.problem_mark else 0
    tabbed = [i for i in (stop - 1, stop) if 0 <= i < len(lines)
              and "\t" in lines[i][:len(lines[i]) - len(lines[i].lstrip())]]
    if tabbed or "\\t" in problem:
        return YamlError((tabbed[-1] if tabbed else stop) + 1 + line_offset, t("yaml_tab"))
    for words, key, at_stop in _PLAIN:
        if words in problem:
            if key == "yaml_colon" and exc.problem_mark and stop < len(lines) and \
                    _TYPOGRAPHIC_QUOTES.search(lines[stop]):
                return YamlError(line, _guillemets_advice(lines[stop], exc.problem_mark.column))
            return YamlError(stop + 1 + line_offset if at_stop else line, t(key))
    detail = ""
    if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
        detail = t("yaml_stopped_at", line=exc.problem_mark.line + 1 + line_offset)
    return YamlError(line, t("yaml_syntax", problem=problem, detail=detail))


_ScalarNode = yaml.ScalarNode


def _build(loader: _Loader, node: yaml.Node, path: Path_, out: Located, off: int,
           depth: int) -> Any:
    line = node.start_mark.line + 1 + off
    out.value_lines.setdefault(path, line)
    if node.tag not in _PLAIN_TAGS:  # `!!python/…` and its kind: portal files are plain data
        raise YamlError(line, t("yaml_tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
    if depth > _MAX_DEPTH:
        raise YamlError(line, t("yaml_too_deep", depth=Num(_MAX_DEPTH)))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        keys, values = out.key_lines, out.value_lines
        shallow = depth < _MAX_DEPTH
        for key_node, value_node in node.value:
            # A plain text (most keys and values) is taken as it is, without a call: the same
            # result as `_scalar` and `_build` give it (a third of a cold check's parse).
            if key_node.__class__ is _ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = _scalar(loader, key_node, off)
            here = (*path, key)
            key_line = key_node.start_mark.line + 1 + off
            if key in result:
                raise YamlError(key_line, t("yaml_duplicate_key", key=key, line=keys[here]))
            keys[here] = key_line
            if shallow and value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                values.setdefault(here, value_node.start_mark.line + 1 + off)
                result[key] = value_node.value
            else:
                result[key] = _build(loader, value_node, here, out, off, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out, off, depth + 1)
                for i, item in enumerate(node.value)]
    return _scalar(loader, node, off)


def _scalar(loader: _Loader, node: yaml.Node, off: int) -> Any:
    line = node.start_mark.line + 1 + off
    if not isinstance(node, yaml.ScalarNode):  # only keys reach here as non-scalars
        raise YamlError(line, t("yaml_key_not_word"))
    if node.tag == _STR:  # most values: no constructor needed
        return node.value
    try:
        value = loader.construct_object(node, deep=True)
    except Exception as exc:  # any constructor failure is a data problem, not a crash
        raise YamlError(line, t("yaml_bad_value", error=str(exc).splitlines()[0])) from None
    if not isinstance(value, str | int | float | bool | type(None)):
        return str(value)
    return value


class CachedLocated(Located):
    """A parse read back from the check's cache (source/cache.py). Its lines are kept as a
    tree shaped like the data (no path is stored twice): `line_of` walks down it, and the
    flat tables are built only when asked for (a file with errors, never a cached one)."""

    def __init__(self, data: Any, lines: Any) -> None:  # noqa: D107
        self.data = data
        self._lines = lines
        self._tables: tuple[dict[Path_, int], dict[Path_, int]] | None = None

    def line_of(self, path: Path_, prefer_key: bool = False) -> int:
        path = tuple(path)
        while True:
            key, value = _lookup(self._lines, path)
            for line in ((key, value) if prefer_key else (value, key)):
                if line:
                    return line
            if not path:
                return 1
            path = path[:-1]

    def _built(self) -> tuple[dict[Path_, int], dict[Path_, int]]:
        if self._tables is None:
            keys: dict[Path_, int] = {}
            values: dict[Path_, int] = {}
            _flatten(self._lines, (), keys, values, 0)
            self._tables = (keys, values)
        return self._tables

    @property  # type: ignore[override]
    def key_lines(self) -> dict[Path_, int]:
        return self._built()[0]

    @property  # type: ignore[override]
    def value_lines(self) -> dict[Path_, int]:
        return self._built()[1]


def stored(located: Located) -> dict[str, Any] | None:
    """A parse as JSON can keep it, or None when JSON cannot (a key that is not text: YAML's
    `1:` or `true:`), which is then parsed again each run. The lines are a tree shaped like
    the data: a scalar's line, or [line, {key: [key's line, subtree]}] for a mapping, or
    [line, [subtree, …]] for a list (0: no line known)."""
    if not _plain(located.data, 0):
        return None
    return {"data": located.data,
            "lines": _tree(located.data, (), located.key_lines, located.value_lines)}


def restored(entry: dict[str, Any]) -> CachedLocated | None:
    """The parse `stored` kept, or None when the entry is not one. JSON gives plain data
    only, which the schema checks again; a tampered line tree gives at worst a wrong line."""
    if "data" not in entry or "lines" not in entry:
        return None
    return CachedLocated(entry["data"], entry["lines"])


def _tree(value: Any, path: Path_, keys: dict[Path_, int], values: dict[Path_, int]) -> Any:
    line = values.get(path, 0)
    if isinstance(value, dict):
        return [line, {k: [keys.get((*path, k), 0), _tree(v, (*path, k), keys, values)]
                       for k, v in value.items()}]
    if isinstance(value, list):
        return [line, [_tree(v, (*path, i), keys, values) for i, v in enumerate(value)]]
    return line


def _lookup(node: Any, path: Path_) -> tuple[int, int]:
    """The key's and the value's line of `path` in a line tree (0 when not known)."""
    key = 0
    for step in path:
        if not (isinstance(node, list) and len(node) == 2):
            return 0, 0
        children = node[1]
        if isinstance(children, dict) and isinstance(step, str) and step in children:
            pair = children[step]
            if not (isinstance(pair, list) and len(pair) == 2):
                return 0, 0
            key, node = pair
        elif isinstance(children, list) and type(step) is int and 0 <= step < len(children):
            key, node = 0, children[step]
        else:
            return 0, 0
    value = node[0] if isinstance(node, list) and node else node
    return (key if type(key) is int else 0), (value if type(value) is int else 0)


def _flatten(node: Any, path: Path_, keys: dict[Path_, int], values: dict[Path_, int],
             depth: int) -> None:
    if depth > _MAX_DEPTH + 2:
        return
    line = node[0] if isinstance(node, list) and node else node
    if type(line) is int and line:
        values[path] = line
    children = node[1] if isinstance(node, list) and len(node) == 2 else None
    if isinstance(children, dict):
        for k, pair in children.items():
            if isinstance(pair, list) and len(pair) == 2:
                if type(pair[0]) is int and pair[0]:
                    keys[(*path, k)] = pair[0]
                _flatten(pair[1], (*path, k), keys, values, depth + 1)
    elif isinstance(children, list):
        for i, child in enumerate(children):
            _flatten(child, (*path, i), keys, values, depth + 1)


def _plain(value: Any, depth: int) -> bool:
    if depth > _MAX_DEPTH + 2:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    return value is None or isinstance(value, str | int | float | bool)
