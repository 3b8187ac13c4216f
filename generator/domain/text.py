"""Text rules: Latin look-alikes inside Cyrillic words, and name normalisation."""

from __future__ import annotations

import re

_CYR = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
# A word (letters, digits, dots: «A.A.Баялиева») holding both a Cyrillic and a Latin letter.
# The look-behind makes each match start at a word's start (no quadratic backtracking).
_MIXED = re.compile(
    rf"(?<![\w.])[\w.]*?(?:[A-Za-z][\w.]*?[{_CYR}]|[{_CYR}][\w.]*?[A-Za-z])[\w.]*")
_LATIN = re.compile(r"[A-Za-z]")
_KEY = re.compile(r"^\s*(?:-\s*)?[\w-]+:")  # a leading YAML key such as `  kk:`
# Latin letters that look like (or are typed for) Cyrillic ones.
_LOOKALIKE = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "i": "і", "l": "л", "n": "п", "u": "и", "m": "т",
})


def latin_in_cyrillic(line: str) -> list[tuple[str, str]]:
    """Words mixing Cyrillic with Latin letters, with a suggested all-Cyrillic spelling."""
    if not _LATIN.search(_KEY.sub("", line, count=1)):  # fast path: most lines
        return []
    return [(word, word.translate(_LOOKALIKE))
            for word in (m.group(0).strip(".") for m in _MIXED.finditer(line))]


def normalize_name(name: str) -> str:
    """A key under which 'A.A.Баялиева' (Latin A) and 'А. А. Баялиева' are the same person."""
    return re.sub(r"[\s.]+", "", name.translate(_LOOKALIKE)).casefold()
