"""The engine's hook (ProperDocs loads it by path from each language's mkdocs.yml, as MkDocs
1.6 would): a Content-Security-Policy on every page. Part of the engine step, like engine.py.
Its functions are pure (HTML in, HTML out) and import nothing of the engine, so that an engine
without hooks (Zensical) could have them applied to the written pages instead.

Material puts two small inline scripts in every page; the policy allows exactly those, by
their SHA-256 hashes, plus scripts and styles from the site itself. An injected inline script
or event handler, a script from another host, a plugin, frame or form target elsewhere is
refused by the browser even if it got past escaping and sanitising.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

_INLINE = re.compile(r"<script>(.*?)</script>", re.S)
_HEAD = re.compile(r"<head>\s*")
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
          "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def with_policy(html: str) -> str:
    """Insert the policy right after <head>, before any script can run."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(
        body.encode("utf-8")).digest()).decode("ascii") + "'" for body in _INLINE.findall(html)})
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            + POLICY.format(hashes=" ".join(hashes)).replace("  ", " ") + '">\n')
    return _HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def without_alternates(html: str) -> str:
    """From disk (file://) Material would read each language's sitemap.xml through the
    <link rel="alternate"> tags, which browsers refuse there: the tags go (the language
    switch in the header does not need them)."""
    return _ALTERNATE.sub("", html)


def on_post_page(output: str, page: Any, config: Any) -> str:
    if config.extra.get("adal_offline"):
        output = without_alternates(output)
    return with_policy(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if not template_name.endswith(".html"):
        return output_content
    if config.extra.get("adal_offline"):
        output_content = without_alternates(output_content)
    return with_policy(output_content)
