"""Every message Adal shows its user, in Kazakh, Russian and English.

The texts live in one catalogue, `messages.yaml` beside this module, so a translator reviews
them in one place; code names a message by its key and fills in its `{fields}`. The language
of a run is chosen once by the command line (`--lang`, `ADAL_LANG`, or the plan's first
language) and kept in `ADAL_LANG`, so the build's worker processes speak it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("kk", "ru", "en")
DEFAULT = "en"  # the library's language when no command chose one (tests, scripts)
_ENV = "ADAL_LANG"


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    os.environ[_ENV] = lang


def language() -> str:
    lang = os.environ.get(_ENV, "")
    return lang if lang in LANGUAGES else DEFAULT


def env_language() -> str | None:
    """The language asked for by ADAL_LANG, if it is one Adal speaks."""
    lang = os.environ.get(_ENV, "")
    return lang if lang in LANGUAGES else None


@cache
def catalogue() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("messages.yaml")
    # libyaml's loader when PyYAML has it: the same data, read 10× faster (0.013 s against
    # 0.15 s for the 150 KB catalogue, which every run reads: issue 20).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, dict[str, str]] = yaml.load(path.read_text(encoding="utf-8"),  # noqa: S506
                                                Loader=loader)
    return data


def t(key: str, /, **fields: Any) -> str:
    """The message `key` in the run's language, its fields filled in; a list field is
    written as a comma-separated list."""
    template = catalogue()[key][language()]
    return template.format(**{name: _field(value) for name, value in fields.items()})


def _field(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def listing(values: Iterable[str], limit: int = 12) -> str:
    """A list for a message: at most `limit` entries, then '…'."""
    values = list(values)
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")
