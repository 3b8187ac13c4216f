"""`adal next-analysis`: start the next analysis from the current one.

The current analysis's files are copied to analyses/<id>/ (its period's year; 2025-2 for a
second one of that year) and closed there (closed.yaml: the day, each file's checksum). The
portal's root then holds the next analysis: people, groups, directions and indicators
carried over; the plan's items with their dates moved a year and their statuses cleared;
the dates of documents not written yet (the approval, the order, the reference) left out for
`adal check` to ask for; no findings and no reference prose yet; every measure not done yet
carried over with its origin (`origin: <id>`) and the risk it answers. Nothing is lost: the
root's files are replaced only after their copy is checked to be the same, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.check.years import ANALYSES, CLOSED, digests
from generator.domain.model import Project
from generator.errors import BuildError, UsageError
from generator.messages import t
from generator.source.files import read_text
from generator.source.layout import DATA_PATHS
from generator.source.yamlload import load_yaml

_DAY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\.?\s*$|^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_YEAR_IN_TEXT = re.compile(r"\b(19|20)\d\d\b")
# Folders of the current analysis whose files belong to its year only: the next one
# starts without them (they stay in the closed copy).
YEAR_CONTENT = ("content/findings", "content/reference")


@dataclass(frozen=True)
class Started:
    closed_id: str  # where the previous analysis now is: analyses/<id>/
    carried: int  # measures carried over
    items: int


def next_id(root: Path, label: str) -> str:
    """The folder name for the analysis being closed: its year, or year-2, -3… if taken."""
    candidate, n = label, 2
    while (root / ANALYSES / candidate).exists():
        candidate, n = f"{label}-{n}", n + 1
    return candidate


def moved(value: Any) -> Any:
    """A date as plans write it (DD.MM.YYYY, with or without the final dot, or ISO) one year
    later, as a date; a year (a number) one later; anything else as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and 1900 < value < 2100:
        return value + 1
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and (m := _DAY.match(value)):
        d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (
            m.group(6), m.group(5), m.group(4))
        try:
            day = date(int(y), int(mo), int(d))
        except ValueError:
            return value
    else:
        return value
    return day.replace(year=day.year + 1, day=min(day.day, 28 if day.month == 2 else 31))


def next_deadline(deadline: Any) -> Any:
    if not isinstance(deadline, dict):
        return moved(deadline)
    out = {}
    for key, value in deadline.items():
        if key == "as_written":  # a written deadline naming a year is last year's wording
            if isinstance(value, dict) and any(_YEAR_IN_TEXT.search(str(v))
                                               for v in value.values()):
                continue
            out[key] = value
        elif key == "dates" and isinstance(value, list):
            out[key] = [moved(v) for v in value]
        elif key in ("date", "start", "end", "year", "throughout"):
            out[key] = moved(value)
        else:
            out[key] = value
    if not out and deadline.get("as_written"):  # only in words: nothing else to show
        return deadline
    return out


def next_plan(plan: dict[str, Any]) -> dict[str, Any]:
    """The next analysis's plan from the current one (pure)."""
    out = dict(plan)
    if isinstance(out.get("approval"), dict):  # the date, or the approving order, is new
        out["approval"] = {k: v for k, v in out["approval"].items()
                           if k not in ("date", "order")}
    if isinstance(out.get("period"), dict):
        out["period"] = {k: moved(v) for k, v in out["period"].items()}
    if isinstance(out.get("analysis"), dict):
        out["analysis"] = {k: moved(v) for k, v in out["analysis"].items() if k != "order"}
    out.pop("reference", None)  # the next reference's № and date are not known yet
    items = []
    for item in out.get("items") or []:
        if not isinstance(item, dict):
            items.append(item)
            continue
        item = {k: v for k, v in item.items()
                if k not in ("completed", "completed_occurrences")}
        if "deadline" in item:
            item["deadline"] = next_deadline(item["deadline"])
        items.append(item)
    if "items" in out:
        out["items"] = items
    return out


def next_measures(measures: dict[str, Any], closed_id: str) -> dict[str, Any]:
    """The measures not done yet, carried over: each keeps its origin (the analysis whose
    risk it answers) when it was carried before, else gets the one being closed (pure)."""
    out = {k: v for k, v in measures.items() if k != "measures"}
    if isinstance(out.get("approval"), dict):
        out["approval"] = {k: v for k, v in out["approval"].items() if k != "date"}
    out["measures"] = [{**m, "origin": m.get("origin") or closed_id}
                       for m in measures.get("measures") or []
                       if isinstance(m, dict) and not m.get("completed")]
    return out


def start_next(project: Project, today: date) -> Started:
    """Close the current analysis into analyses/<id>/ and start the next one at the root."""
    root = project.root
    if not project.label:
        raise UsageError(t("next_no_period"))
    closed_id = next_id(root, project.label)
    target = root / ANALYSES / closed_id
    before = digests(root)
    target.mkdir(parents=True)
    for entry in DATA_PATHS:
        source = root / entry
        if source.is_dir():
            shutil.copytree(source, target / entry, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, target / entry)
    if digests(target) != before:
        raise BuildError(t("next_copy_differs", folder=f"{ANALYSES}/{closed_id}"))
    _write(target / CLOSED, yaml.safe_dump({"closed": today.isoformat(), "files": before},
                                           allow_unicode=True, sort_keys=False))
    plan = load_yaml(read_text(root / "plan.yaml").text).data
    new_plan = next_plan(plan)
    _write(root / "plan.yaml", _dump(new_plan, t("next_plan_header", id=closed_id)))
    carried = 0
    if (root / "measures.yaml").is_file():
        measures = next_measures(load_yaml(read_text(root / "measures.yaml").text).data or {},
                                 closed_id)
        carried = len(measures["measures"])
        _write(root / "measures.yaml", _dump(measures, t("next_measures_header", id=closed_id)))
    for folder in YEAR_CONTENT:  # kept in analyses/<id>/, checked above
        if (root / folder).is_dir():
            shutil.rmtree(root / folder)
            (root / folder).mkdir()
    return Started(closed_id, carried, len(new_plan.get("items") or []))


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def unquoted_days(value: Any) -> Any:
    """ISO dates kept as text by the reader (`'2025-01-20'`) as dates again, so that the new
    files write them as people do (`2025-01-20`, not quoted); Adal reads both the same."""
    if isinstance(value, dict):
        return {k: unquoted_days(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unquoted_days(v) for v in value]
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _dump(data: dict[str, Any], header: str) -> str:
    body = yaml.safe_dump(unquoted_days(data), allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"# {line}\n" for line in header.splitlines()) + body


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a temporary file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.adal-new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
