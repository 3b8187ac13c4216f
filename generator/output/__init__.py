"""Stage 3 — output: pages as Markdown, the engine (ProperDocs), exports, PDF, and the site folder.
Imports `domain` only; never `source` or `check`."""
