"""Split a Markdown file's `---` YAML front matter from its body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from generator.messages import t
from generator.source.files import Source, SourceError


@dataclass(frozen=True)
class FrontMatterDoc:
    source: Source
    meta_text: str  # YAML between the --- lines
    meta_line: int  # line of the first YAML line in the file
    body: str
    body_line: int  # line of the first body line in the file


def split_front_matter(source: Source) -> FrontMatterDoc:
    lines = source.text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(source.path, 1, t("front_matter_missing"))
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return FrontMatterDoc(
                source=source,
                meta_text="\n".join(lines[1:i]),
                meta_line=2,
                body="\n".join(lines[i + 1:]),
                body_line=i + 2,
            )
    raise SourceError(source.path, 1, t("front_matter_unclosed"))
