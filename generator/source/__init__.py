"""Stage 1 — source: find and read a portal's files (text, YAML with lines, front matter,
language blocks). Imports only `domain`; knows nothing of checks or outputs."""
