"""The `adal` plugin that a portal's mkdocs.yml names (part of the engine step).

A portal's folder holds data, not engine pages: Adal generates the pages and gives the engine a
configuration of its own for each language. A plain `properdocs build` or `mkdocs build` (or
`serve`) in the folder would build an empty or broken site; with this plugin it stops at once
and says what to run instead, in Kazakh, Russian and English.

ProperDocs finds `AdalPlugin` through its `properdocs.plugins` entry point. MkDocs 1.6, still
installed because Material depends on it, finds `MkDocsAdalPlugin` through `mkdocs.plugins`;
that class is made only when MkDocs asks for it, so ProperDocs never imports MkDocs.
"""

from __future__ import annotations

from typing import Any

from properdocs.exceptions import PluginError
from properdocs.plugins import BasePlugin

from generator.messages import LANGUAGES, catalogue


def _stop() -> str:
    text = catalogue()["plain_mkdocs"]
    return "\n".join(text[lang] for lang in LANGUAGES)


class AdalPlugin(BasePlugin):  # type: ignore[type-arg]
    def on_config(self, config: Any) -> Any:
        raise PluginError(_stop())


def __getattr__(name: str) -> Any:
    if name != "MkDocsAdalPlugin":
        raise AttributeError(name)
    from mkdocs.exceptions import PluginError as MkDocsPluginError
    from mkdocs.plugins import BasePlugin as MkDocsBasePlugin

    class MkDocsAdalPlugin(MkDocsBasePlugin):  # type: ignore[type-arg]
        def on_config(self, config: Any) -> Any:
            raise MkDocsPluginError(_stop())

    globals()[name] = MkDocsAdalPlugin
    return MkDocsAdalPlugin
