"""The `adal` MkDocs plugin that a portal's mkdocs.yml names (part of the engine step).

A portal's folder holds data, not MkDocs pages: Adal generates the pages and gives MkDocs a
configuration of its own for each language. A plain `mkdocs build` or `mkdocs serve` in the
folder would build an empty or broken site; with this plugin it stops at once and says what
to run instead, in Kazakh, Russian and English.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.messages import LANGUAGES, catalogue


class AdalPlugin(BasePlugin):  # type: ignore[type-arg]
    def on_config(self, config: Any) -> Any:
        text = catalogue()["plain_mkdocs"]
        raise PluginError("\n".join(text[lang] for lang in LANGUAGES))
