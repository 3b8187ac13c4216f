"""What every output of one build shares: the date, public or intranet, provenance, the
languages and their validated interface strings. Made once per build, never changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain.schema import LANGS
from generator.errors import BuildError
from generator.messages import listing, t
from generator.source.history import History

Strings = Mapping[str, dict[str, Any]]  # lang -> nested interface strings


@dataclass(frozen=True)
class BuildContext:
    today: date
    public: bool
    commit: str | None  # HEAD's short hash: the intranet build's provenance, never public
    languages: tuple[str, ...]
    strings: Strings
    pdf: bool = True
    live: bool = False  # the preview of `adal serve`: pages reload when the site is rebuilt
    offline: bool = False  # for browsing from disk (file://): links name their .html files
    history: History | None = None  # the portal's git history, when it is in a repository

    def __post_init__(self) -> None:
        # The public build names no commit, whoever made the context: a hash is not reviewed
        # content, and a new one after each internal-only commit would tell readers that
        # internal files changed (docs/security.md, "History").
        if self.public and self.commit is not None:
            object.__setattr__(self, "commit", None)


def check_strings(strings: Strings, languages: tuple[str, ...]) -> Strings:
    """Every language has every key the first language has (a portal's strings.yaml may
    override keys, not drop them); raise BuildError naming the missing keys."""
    missing = []
    reference = _keys(strings.get(languages[0], {}))
    for lang in dict.fromkeys([*languages, *LANGS]):  # open data carries every language
        if lang not in strings:
            missing.append(f"{lang}: (all)")
            continue
        gaps = sorted(reference - _keys(strings[lang]))
        missing.extend(f"{lang}.{key}" for key in gaps)
    if missing:
        raise BuildError(t("strings_missing", keys=listing(missing, 10)))
    return strings


def _keys(tree: Mapping[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        keys |= _keys(value, path + ".") if isinstance(value, Mapping) else {path}
    return keys
