"""Deadline status of a plan item: pure functions of its deadline, its completion, today and
one setting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.domain.dates import recurring_dues, span_of
from generator.domain.schema import Deadline

# as-written: not done, the plan sets its deadline only in words («в течение 10 рабочих дней
# после получения», «постоянно»): a deadline, but no date to count from.
Status = Literal["done", "done-late", "overdue", "due-soon", "upcoming", "as-written",
                 "no-deadline"]
STATUSES: tuple[Status, ...] = ("done", "done-late", "overdue", "due-soon", "upcoming",
                                "as-written", "no-deadline")


def deadline_status(deadline: date | None, completed: date | None, today: date,
                    due_soon_days: int = 7) -> Status:
    """Done items are never overdue; the deadline day itself is not overdue."""
    if completed is not None:
        return "done-late" if deadline is not None and completed > deadline else "done"
    if deadline is None:
        return "no-deadline"
    if today > deadline:
        return "overdue"
    if (deadline - today).days <= due_soon_days:
        return "due-soon"
    return "upcoming"


def summary(statuses: list[Status]) -> dict[Status, int]:
    return {s: statuses.count(s) for s in STATUSES}


DONE: tuple[Status, ...] = ("done", "done-late")  # done, on time or late


def done_count(counts: dict[Status, int]) -> int:
    """How many are done (on time or late), from `summary`: the progress bars' count."""
    return sum(counts[s] for s in DONE)


# ---- deadlines as plans write them (schema.Deadline) -----------------------------------------

def deadline_span(deadline: Deadline) -> tuple[date | None, date]:
    """When the work may start (None for a plain date) and when it is due at the latest: a
    period is due at its end and starts at its start; a quarter, half-year, month or "throughout
    the year" spans that part of the calendar; a recurring deadline spans its occurrences. (A
    deadline only in words has no span: see `due_dates`.)"""
    form = deadline.form
    assert form != "words"  # callers ask only of a deadline with dates
    if form == "date":
        assert deadline.date is not None
        return None, deadline.date
    if form == "period" or (form == "recurring" and deadline.start and deadline.end):
        assert deadline.start is not None and deadline.end is not None
        return deadline.start, deadline.end
    if form == "recurring":
        dues = due_dates(deadline)
        if deadline.dates:
            return None, dues[-1]
        assert deadline.year is not None
        return date(deadline.year, 1, 1), date(deadline.year, 12, 31)
    if form == "year":
        assert deadline.throughout is not None
        return date(deadline.throughout, 1, 1), date(deadline.throughout, 12, 31)
    every, index = {"quarter": ("quarter", deadline.quarter), "half": ("half-year", deadline.half),
                    "month": ("month", deadline.month)}[form]
    assert deadline.year is not None and index is not None
    return span_of(deadline.year, every, index)


def due_dates(deadline: Deadline | None) -> list[date]:
    """Every due date of a deadline, in order: one for a one-time deadline, one per occurrence
    for a recurring one; none when the plan sets no deadline or sets it only in words."""
    if deadline is None or deadline.form == "words":
        return []
    if deadline.form != "recurring":
        return [deadline_span(deadline)[1]]
    assert deadline.every is not None
    if deadline.dates:
        return list(deadline.dates)
    if deadline.year is not None:
        return recurring_dues(deadline.every, date(deadline.year, 1, 1),
                              date(deadline.year, 12, 31))
    assert deadline.start is not None and deadline.end is not None
    return recurring_dues(deadline.every, deadline.start, deadline.end)


@dataclass(frozen=True)
class DeadlineState:
    """An item's deadline status, and the dates it is about."""

    status: Status
    due: date | None  # the due date the status is about: the next or overdue occurrence
    completed: date | None  # when the item as a whole was done
    # The pair the reader's browser recomputes the status from (the same rules): for a
    # recurring item done late, the late occurrence's due date and completion.
    badge_due: date | None
    badge_completed: date | None
    dues: tuple[date, ...] = ()
    done: int = 0  # occurrences done


def item_state(deadline: Deadline | None, completed: date | None,
               occurrences_done: list[date], today: date,
               due_soon_days: int = 7) -> DeadlineState:
    """A one-time deadline: the rules of `deadline_status` on its due date. A recurring one:
    the status of its first occurrence not done (overdue when its day has passed); done when
    every occurrence is done, late when any was done after its own due date. `completed`
    closes the whole item. A deadline only in words: done when completed (never late: there
    is no date to be late against), else `as-written`."""
    dues = due_dates(deadline)
    last = dues[-1] if dues else None
    if completed is not None:
        return DeadlineState(deadline_status(last, completed, today, due_soon_days), last,
                             completed, last, completed, tuple(dues), len(dues))
    recurring = deadline is not None and deadline.form == "recurring"
    done = len(occurrences_done) if recurring else 0
    if recurring and done >= len(dues):
        late = next((i for i, (due, day) in enumerate(zip(dues, occurrences_done, strict=False))
                     if day > due), None)
        finished = occurrences_done[-1]
        if late is None:
            return DeadlineState("done", last, finished, last, finished, tuple(dues), done)
        return DeadlineState("done-late", last, finished, dues[late], occurrences_done[late],
                             tuple(dues), done)
    if deadline is not None and deadline.form == "words":
        return DeadlineState("as-written", None, None, None, None)
    due = dues[done] if dues else None
    return DeadlineState(deadline_status(due, None, today, due_soon_days), due, None, due,
                         None, tuple(dues), done)
