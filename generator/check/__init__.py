"""Stage 2 — check: turn what `source` read into a validated `domain.model.Project`, reporting
every problem as `path:line: message`. Imports `source` and `domain`."""
