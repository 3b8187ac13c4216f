"""Compare an importer's reading of a corpus document with its hand-written ground truth.

Both sides use the neutral format of README.md (plain dicts as `yaml.safe_load` gives them),
so this module knows nothing of Adal's plan model: the importer's tests adapt their result
to this format and call `compare(truth, observed)`.

    result = compare(load_truth("akimat-ru"), observed)
    result.mismatches   # [Mismatch(where="ru item 3", field="deadline.due", ...), ...]
    result.ratio        # share of the truth's items read exactly (EXACT_FIELDS all equal)
    result.invented     # responsible entries the document does not have
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

# The fields an item must have right to count as read exactly (issue 17, "Acceptance").
EXACT_FIELDS = ("number", "kind", "direction", "deadline", "responsible", "indicators", "extra")
# Also compared and reported, but not part of the exact-item ratio.
OTHER_FIELDS = ("title", "section", "responsible_kind")
DEADLINE_KEYS = ("as_written", "kind", "start", "due", "every")
APPROVAL_KEYS = ("heading", "position", "name", "date", "date_as_written")


@dataclass(frozen=True)
class Mismatch:
    where: str  # "document", "kk item 2.3", "ru part"
    field: str  # "deadline.due", "indicators[2].text", "approvals[0].name", ...
    expected: Any
    observed: Any

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: expected {self.expected!r}, got {self.observed!r}"


@dataclass
class Result:
    mismatches: list[Mismatch] = field(default_factory=list)
    exact: int = 0
    total: int = 0
    invented: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.exact / self.total if self.total else 1.0

    def by_field(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for mismatch in self.mismatches:
            key = mismatch.field.split(".")[0].split("[")[0]
            counts[key] = counts.get(key, 0) + 1
        return counts


def combine(results: list[Result]) -> Result:
    """The corpus as a whole: mismatches, exact items and invented entries added up."""
    total = Result()
    for result in results:
        total.mismatches += result.mismatches
        total.exact += result.exact
        total.total += result.total
        total.invented += result.invented
    return total


def load_truth(name: str, folder: Path = HERE) -> dict[str, Any]:
    """A truth file; an entry with a key YAML made of an unquoted comma (`{text: a, b}` reads
    as the text «a» and a key «b») is an error in the file, not something to repair here."""
    truth = yaml.safe_load((folder / f"{name}.truth.yaml").read_text("utf-8"))
    for part in truth.get("parts") or []:
        for item in part.get("items") or []:
            for key in ("indicators", "responsible"):
                for entry in item.get(key) or []:
                    stray = sorted(k for k in entry if k not in _ENTRY_KEYS)
                    if stray:
                        raise ValueError(f"{name}.truth.yaml: item {item.get('number')}: "
                                         f"unquoted comma in a text? stray keys {stray}")
            stray = sorted(k for k in item.get("deadline") or {} if k not in _DEADLINE_KEYS)
            if stray:
                raise ValueError(f"{name}.truth.yaml: item {item.get('number')}: "
                                 f"unquoted comma in a deadline? stray keys {stray}")
    return truth


_ENTRY_KEYS = {"marker", "number", "text", "kind"}
_DEADLINE_KEYS = {"as_written", "kind", "start", "due", "every"}


# normalisation -----------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def text(value: Any) -> Any:
    """Text as compared: whitespace runs (line breaks too) are one space; leading/trailing
    space and a trailing separator («;», «:», «,», «.») do not count. Quotes, dashes, case
    and letters count as written."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [text(v) for v in value]
    return _SPACE.sub(" ", str(value)).strip().rstrip(";:,.").rstrip()


def exact_text(value: Any) -> Any:
    """Numbers and list markers: only whitespace is normalised («1.» ≠ «1» ≠ «1)»)."""
    if value is None:
        return None
    return _SPACE.sub(" ", str(value)).strip()


def iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value).strip()


# comparison -----------------------------------------------------------------------------------

def compare(truth: dict[str, Any], observed: dict[str, Any]) -> Result:
    result = Result()
    out = result.mismatches
    refuse = bool(truth.get("refuse"))
    if bool(observed.get("refuse")) != refuse:
        out.append(Mismatch("document", "refuse", refuse, bool(observed.get("refuse"))))
    if refuse:
        return result
    truth_items = [(part["language"], item) for part in truth.get("parts", [])
                   for item in part.get("items", [])]
    result.total = len(truth_items)
    if observed.get("refuse"):
        return result
    _document(truth, observed, out)
    observed_parts = {part.get("language"): part for part in observed.get("parts", [])}
    for part in truth.get("parts", []):
        language = part["language"]
        seen = observed_parts.get(language)
        if seen is None:
            out.append(Mismatch(f"{language} part", "part", "present", None))
            continue
        if text(part.get("title")) != text(seen.get("title")):
            out.append(Mismatch(f"{language} part", "title", part.get("title"), seen.get("title")))
        by_path: dict[str, dict[str, Any]] = {}
        for item in seen.get("items", []):
            path = str(item.get("path"))
            if path in by_path:
                out.append(Mismatch(f"{language} item {path}", "path", "once", "twice"))
            by_path[path] = item
        wanted = {str(item["path"]) for item in part.get("items", [])}
        for path in by_path.keys() - wanted:
            out.append(Mismatch(f"{language} item {path}", "item", None, "not in the document"))
        for item in part.get("items", []):
            where = f"{language} item {item['path']}"
            got = by_path.get(str(item["path"]))
            if got is None:
                out.append(Mismatch(where, "item", "present", None))
                continue
            wrong = _item(where, item, got, out, result.invented)
            if not wrong & set(EXACT_FIELDS):
                result.exact += 1
    return result


def _document(truth: dict[str, Any], observed: dict[str, Any], out: list[Mismatch]) -> None:
    if sorted(truth.get("languages", [])) != sorted(observed.get("languages", [])):
        out.append(Mismatch("document", "languages", truth.get("languages"),
                            observed.get("languages")))
    want, got = text(truth.get("organization")), text(observed.get("organization"))
    # The organization is named in several places (approval, title), in different cases of
    # the word; the observed name must contain the truth's or be contained in it.
    if not want or not got or (want not in got and got not in want):
        out.append(Mismatch("document", "organization", truth.get("organization"),
                            observed.get("organization")))
    for key in ("approvals", "agreements"):
        want_blocks = truth.get(key) or []
        got_blocks = observed.get(key) or []
        if len(want_blocks) != len(got_blocks):
            out.append(Mismatch("document", f"{key}.count", len(want_blocks), len(got_blocks)))
        for k, (a, b) in enumerate(zip(want_blocks, got_blocks, strict=False)):
            for attr in APPROVAL_KEYS:
                norm = iso if attr == "date" else text
                if norm(a.get(attr)) != norm(b.get(attr)):
                    out.append(Mismatch("document", f"{key}[{k}].{attr}", a.get(attr),
                                        b.get(attr)))


def _item(where: str, want: dict[str, Any], got: dict[str, Any], out: list[Mismatch],
          invented: list[str]) -> set[str]:
    wrong: set[str] = set()

    def miss(name: str, expected: Any, observed: Any) -> None:
        wrong.add(name.split(".")[0].split("[")[0])
        out.append(Mismatch(where, name, expected, observed))

    if exact_text(want.get("number")) != exact_text(got.get("number")):
        miss("number", want.get("number"), got.get("number"))
    for name in ("kind", "direction", "title", "section"):
        if text(want.get(name)) != text(got.get(name)):
            miss(name, want.get(name), got.get(name))
    deadline_want = want.get("deadline") or {}
    deadline_got = got.get("deadline") or {}
    for key in DEADLINE_KEYS:
        norm = iso if key in ("start", "due") else text
        a, b = norm(deadline_want.get(key)), norm(deadline_got.get(key))
        if key == "as_written":
            a, b = a or None, b or None  # "" and a missing value both mean: nothing written
        if a != b:
            miss(f"deadline.{key}", deadline_want.get(key), deadline_got.get(key))
    people_want = [text(p.get("text")) for p in want.get("responsible") or []]
    people_got = [text(p.get("text")) for p in got.get("responsible") or []]
    if people_want != people_got:
        miss("responsible", people_want, people_got)
    invented.extend(f"{where}: {p}" for p in people_got if p not in people_want)
    kinds_want = [p.get("kind") for p in want.get("responsible") or []]
    kinds_got = [p.get("kind") for p in got.get("responsible") or []]
    if people_want == people_got and kinds_want != kinds_got:
        miss("responsible_kind", kinds_want, kinds_got)
    list_want = want.get("indicators") or []
    list_got = got.get("indicators") or []
    if len(list_want) != len(list_got):
        miss("indicators.count", len(list_want), len(list_got))
    for k, (a, b) in enumerate(zip(list_want, list_got, strict=False)):
        if exact_text(a.get("marker")) != exact_text(b.get("marker")):
            miss(f"indicators[{k}].marker", a.get("marker"), b.get("marker"))
        if a.get("number") != b.get("number"):
            miss(f"indicators[{k}].number", a.get("number"), b.get("number"))
        if text(a.get("text")) != text(b.get("text")):
            miss(f"indicators[{k}].text", a.get("text"), b.get("text"))
    extra_want = {text(k): text(v) or "" for k, v in (want.get("extra") or {}).items()}
    extra_got = {text(k): text(v) or "" for k, v in (got.get("extra") or {}).items()}
    for key in sorted(extra_want.keys() | extra_got.keys()):
        if extra_want.get(key, "") != extra_got.get(key, ""):
            miss(f"extra.{key}", extra_want.get(key), extra_got.get(key))
    return wrong
