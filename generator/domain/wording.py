"""The approved plan's wording and its recorded corrections: pure rules.

The approved plan is an official document: its wording is kept. A typo fix or the completion
of a cut-off clause is applied to the text shown, with the approved wording beside it; a change
of meaning is only proposed, beside the approved wording, never substituted.
"""

from __future__ import annotations

from generator.domain.schema import Change, Indicator
from generator.messages import t

APPLIED = ("typo", "completion")


def apply_changes(text: str, changes: list[Change]) -> str | None:
    """Apply each change in order, each after the previous one's place; None when a change's
    `was` is not found there."""
    cursor = 0
    for change in changes:
        at = text.find(change.was, cursor)
        if at < 0:
            return None
        text = text[:at] + change.now + text[at + len(change.was):]
        cursor = at + len(change.now)
    return text


def applied(indicator: Indicator) -> list[Change]:
    return [c for c in indicator.changes if c.kind in APPLIED]


def proposed(indicator: Indicator) -> list[Change]:
    return [c for c in indicator.changes if c.kind == "wording"]


def approved_text(indicator: Indicator) -> str:
    """The wording of the approved plan (Kazakh)."""
    return indicator.approved or indicator.text.kk


def proposed_text(indicator: Indicator) -> str | None:
    """The Kazakh text with the proposed changes of meaning applied, if any."""
    changes = proposed(indicator)
    return apply_changes(indicator.text.kk, changes) if changes else None


def proposed_in(indicator: Indicator, lang: str) -> str | None:
    """The proposed correction as a page in `lang` shows it: the Kazakh text with the
    proposed changes, or its Russian (`proposed_ru`), beside `text.ru`, which translates the
    approved wording."""
    if lang == "kk":
        return proposed_text(indicator)
    return indicator.proposed_ru if proposed(indicator) else None


def wording_problems(indicator: Indicator) -> list[tuple[tuple[object, ...], str]]:
    """(location within the indicator, message) for each inconsistency of the record."""
    problems: list[tuple[tuple[object, ...], str]] = []
    if indicator.changes and indicator.approved is None:
        problems.append((("changes",), t("wording_needs_approved")))
        return problems
    for i, change in enumerate(indicator.changes):
        if change.kind != "typo" and change.reason is None:
            problems.append((("changes", i), t("wording_needs_reason", kind=change.kind)))
    if indicator.approved is not None:
        shown = apply_changes(indicator.approved, applied(indicator))
        if shown is None:
            problems.append((("changes",), t("wording_was_not_approved")))
        elif shown != indicator.text.kk:
            problems.append((("text", "kk"), t("wording_text_differs")))
    if proposed(indicator) and proposed_text(indicator) is None:
        problems.append((("changes",), t("wording_proposed_missing")))
    if proposed(indicator) and indicator.proposed_ru is None:
        problems.append((("text", "ru"), t("wording_proposed_ru_missing")))
    elif indicator.proposed_ru is not None and not proposed(indicator):
        problems.append((("proposed_ru",), t("wording_proposed_ru_alone")))
    elif indicator.proposed_ru is not None and indicator.proposed_ru == indicator.text.ru:
        problems.append((("text", "ru"), t("wording_ru_shows_proposal")))
    return problems
