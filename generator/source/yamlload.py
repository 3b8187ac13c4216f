"""Load YAML while remembering the line of every key and value, for precise messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Any, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAX_DEPTH = 64


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
                                f"'*{token.value}' repeats a value by a YAML alias, which "
                                f"portal files do not allow; write the value out in full")
    except yaml.YAMLError:
        return  # a syntax error: reported, with its line, by the parser below
    finally:
        loader.dispose()


def load_yaml(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document. Raises YamlError with a line and a plain message."""
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
            # The context mark is where the broken construct starts (an unclosed bracket or
            # quote); the problem mark is where the parser gave up, often a line later.
            problem = exc.problem or str(exc)
            mark = exc.context_mark or exc.problem_mark
            line = (mark.line + 1 if mark else 1) + line_offset
            detail = f" ({exc.context} here)" if exc.context and exc.context_mark else ""
            if exc.context_mark and exc.problem_mark and \
                    exc.problem_mark.line != exc.context_mark.line:
                detail += f"; the parser stopped at line {exc.problem_mark.line + 1 + line_offset}"
            raise YamlError(line, f"YAML syntax error: {problem}{detail}") from None
        except yaml.reader.ReaderError as exc:  # control characters found while reading on
            raise _reader_error(exc, text, line_offset) from None
        except yaml.YAMLError as exc:
            raise YamlError(1 + line_offset, f"YAML error: {exc}") from None
        located = Located(None)
        if node is None:
            return located
        located.data = _build(loader, node, (), located, line_offset, 0)
        return located
    finally:
        loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlError:
    line = text[: exc.position].count("\n") + 1 + line_offset
    return YamlError(line, f"character #x{exc.character:04x} is not allowed in YAML; "
                           f"expected plain text")


def _build(loader: _Loader, node: yaml.Node, path: Path_, out: Located, off: int,
           depth: int) -> Any:
    line = node.start_mark.line + 1 + off
    out.value_lines.setdefault(path, line)
    if depth > _MAX_DEPTH:
        raise YamlError(line, f"nesting deeper than {_MAX_DEPTH} levels")
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node, off)
            key_line = key_node.start_mark.line + 1 + off
            if key in result:
                raise YamlError(key_line, f"duplicate key '{key}' (it already appears at line "
                                          f"{out.key_lines[(*path, key)]})")
            out.key_lines[(*path, key)] = key_line
            result[key] = _build(loader, value_node, (*path, key), out, off, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out, off, depth + 1)
                for i, item in enumerate(node.value)]
    return _scalar(loader, node, off)


def _scalar(loader: _Loader, node: yaml.Node, off: int) -> Any:
    line = node.start_mark.line + 1 + off
    if not isinstance(node, yaml.ScalarNode):  # only keys reach here as non-scalars
        raise YamlError(line, "a key must be a plain word, not a list or mapping")
    if node.tag == _STR:  # most values: no constructor needed
        return node.value
    try:
        value = loader.construct_object(node, deep=True)
    except Exception as exc:  # any constructor failure is a data problem, not a crash
        raise YamlError(line, f"cannot read value: {exc}".splitlines()[0]) from None
    if not isinstance(value, str | int | float | bool | type(None)):
        return str(value)
    return value
