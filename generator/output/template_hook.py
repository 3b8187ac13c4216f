"""The engine's hook (loaded by path from each language's mkdocs.yml, like `csp_hook.py`):
each build's Jinja environment keeps its compiled templates in the process's
`engine.COMPILED`, so that a worker's next build (`adal serve`, after an edit) does not
compile Material's templates again. Loaded afresh by every build, it keeps nothing itself."""

from __future__ import annotations

from typing import Any


def on_env(env: Any, config: Any, files: Any) -> Any:
    from generator.output.engine import COMPILED

    env.bytecode_cache = COMPILED
    return env
