"""Interface strings as page templates get them: text that escapes itself wherever it is
printed, like any data text.

A portal may reword the interface (site_templates/strings.yaml): its words are data, not
markup. In a template, `{{ s.home }}`, `{{ s.as_of.format(date=…) }}` and `{{ s.x | lower }}`
print the text through `escape.md_text` (HTML and Markdown shown as text); `{{ s.x | tx }}`
escapes it once, as before. `format` and the other text methods keep the result a `UiText`,
so the values filled in are escaped with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.domain.grammar import inflectable
from generator.output.escape import md_text


class UiText(str):
    __slots__ = ()

    def __html__(self) -> str:
        return str(md_text(str(self)))

    def __add__(self, other: str) -> UiText:
        return UiText(str.__add__(self, other))

    def __radd__(self, other: str) -> UiText:
        return UiText(str.__add__(other, self))

    def __mod__(self, values: Any) -> UiText:
        return UiText(str.__mod__(self, values))

    def __getitem__(self, key: Any) -> UiText:  # type: ignore[override]
        return UiText(str.__getitem__(self, key))


def _keeps_kind(name: str) -> Callable[..., UiText]:
    method = getattr(str, name)

    def wrapped(self: UiText, *args: Any, **kwargs: Any) -> UiText:
        return UiText(method(self, *args, **kwargs))

    wrapped.__name__ = name  # Jinja's sandbox recognises `format` by its name
    return wrapped


def _format(self: UiText, *args: Any, **kwargs: Any) -> UiText:
    """str.format with numbers as `Num`, so a text may inflect them ({n:dat} «16-ға»). In the
    sandbox (a portal's templates) Jinja formats instead: templates.PortalSandbox does the
    same there."""
    return UiText(str.format(self, *map(inflectable, args),
                             **{k: inflectable(v) for k, v in kwargs.items()}))


_format.__name__ = "format"  # so the sandbox still recognises (and takes over) `format`

for _name in ("format_map", "lower", "upper", "capitalize", "title", "casefold",
              "swapcase", "strip", "lstrip", "rstrip", "replace", "center", "ljust", "rjust",
              "zfill", "expandtabs", "removeprefix", "removesuffix"):
    setattr(UiText, _name, _keeps_kind(_name))
UiText.format = _format  # type: ignore[method-assign, assignment]


def ui_strings(tree: Mapping[str, Any]) -> dict[str, Any]:
    """One language's strings with every text a UiText (groups stay dictionaries)."""
    return {key: ui_strings(value) if isinstance(value, Mapping)
            else UiText(value) if isinstance(value, str) else value
            for key, value in tree.items()}
